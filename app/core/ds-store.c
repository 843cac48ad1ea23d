/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ds-store.c: the SQLite document: refusing files that are not ours before
 * writing a byte, schema migrations, loading, and transactional writes. */
#define G_LOG_DOMAIN "ds-store"

#include "config.h"

#include <errno.h>
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <sqlite3.h>
#include <string.h>

#include "ds-core-resources.h"
#include "ds-graph-preview.h"
#include "ds-memory.h"
#include "ds-store.h"

G_DEFINE_QUARK (ds-store-error-quark, ds_store_error)

/* Migrations from version i to i + 1 are schema-(i+1).sql in the resource. */
static const char *const migrations[] = {
  RESOURCE_BASE "/data/schema-1.sql",
  RESOURCE_BASE "/data/schema-2.sql",
  RESOURCE_BASE "/data/schema-3.sql",
  RESOURCE_BASE "/data/schema-4.sql",
  RESOURCE_BASE "/data/schema-5.sql",
  RESOURCE_BASE "/data/schema-6.sql",
};
G_STATIC_ASSERT (G_N_ELEMENTS (migrations) == DS_STORE_SCHEMA_VERSION);

/* Node positions by entity index, as read for one landscape. */
typedef struct {
  DsLandscape *landscape;   /* not a reference: compared, never used; NULL: none */
  guint        n;
  double      *x, *y;
  guint8      *known, *pinned;
} ReadPositions;

static void
read_positions_clear (ReadPositions *p)
{
  g_free (p->x);
  g_free (p->y);
  g_free (p->known);
  g_free (p->pinned);
  memset (p, 0, sizeof *p);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (ReadPositions, read_positions_clear)

struct _DsStore {
  GObject  parent_instance;
  char    *path;
  sqlite3 *db;
  guint    txn_depth; /* ds_store_begin calls not yet committed */
  gboolean migrate_pending; /* an older document, migrated once it loads or is written */
  int      busy_ms;
  guint    parallel_read_deals; /* deals from which two threads read them; 0: never */
  gint64   wal_shrink_bytes;    /* a commit that leaves a WAL this big truncates it */
  guint    preview_deals;       /* deals from which a full read writes the graph preview; 0: never */
  gboolean preview_on_save;     /* ds_store_save_positions writes it too */
  /* Positions the second reader of a big document read with its landscape
   * (same snapshot), for the ds_store_load_positions that follows; dropped
   * by the next load or write. */
  ReadPositions read_positions;
  /* The landscape the last full read returned (its serial; 0: none) and
   * the document then: while neither this connection nor another has
   * written since, ds_store_save_positions can write the graph preview of
   * that landscape with its new positions. */
  guint         read_serial;
  int           read_data_version;
  sqlite3_int64 read_changes;
};

G_DEFINE_FINAL_TYPE (DsStore, ds_store, G_TYPE_OBJECT)

G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3_stmt, sqlite3_finalize)

static void
ds_store_finalize (GObject *object)
{
  DsStore *self = DS_STORE (object);

  read_positions_clear (&self->read_positions);
  if (self->db != NULL)
    sqlite3_close_v2 (self->db);
  g_free (self->path);
  G_OBJECT_CLASS (ds_store_parent_class)->finalize (object);
}

static void
ds_store_class_init (DsStoreClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = ds_store_finalize;
}

static void
ds_store_init (DsStore *self)
{
}

/* Maps an SQLite result to our error codes with the file name and a hint. */
static void
set_sqlite_error (GError    **error,
                  sqlite3    *db,
                  int         rc,
                  const char *path,
                  const char *doing)
{
  const char *detail = db ? sqlite3_errmsg (db) : sqlite3_errstr (rc);

  switch (rc & 0xff)
    {
    case SQLITE_NOTADB:
      g_set_error (error, DS_STORE_ERROR, DS_STORE_ERROR_NOT_DEALSCAPE,
                   "%s is not a Dealscape document (it is not an SQLite database); "
                   "open a .dealscape/.db document, or import JSON with “dealscape-cli import”",
                   path);
      break;
    case SQLITE_CORRUPT:
      g_set_error (error, DS_STORE_ERROR, DS_STORE_ERROR_CORRUPT,
                   "%s is damaged (%s while %s); it was left as it is. "
                   "Restore it from a backup, or recover what sqlite3’s “.recover” can",
                   path, detail, doing);
      break;
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      g_set_error (error, DS_STORE_ERROR, DS_STORE_ERROR_BUSY,
                   "%s is busy: another program (the Dealscape window or dealscape-cli) "
                   "is writing to it; try again when it has finished", path);
      break;
    case SQLITE_CANTOPEN:
      g_set_error (error, DS_STORE_ERROR, DS_STORE_ERROR_IO,
                   "cannot open %s: %s (check that the folder exists and is writable)", path, detail);
      break;
    case SQLITE_CONSTRAINT:
      g_set_error (error, DS_STORE_ERROR, DS_STORE_ERROR_INVALID,
                   "%s: the document refused the change (%s)", path, detail);
      break;
    default:
      g_set_error (error, DS_STORE_ERROR, DS_STORE_ERROR_IO,
                   "%s: %s while %s", path, detail, doing);
    }
}

static gboolean
exec (DsStore    *self,
      const char *sql,
      GError    **error)
{
  int rc = sqlite3_exec (self->db, sql, NULL, NULL, NULL);

  if (rc != SQLITE_OK)
    {
      set_sqlite_error (error, self->db, rc, self->path, "writing");
      return FALSE;
    }
  return TRUE;
}

static sqlite3_stmt *
prepare (DsStore    *self,
         const char *sql,
         GError    **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc = sqlite3_prepare_v3 (self->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL);

  if (rc != SQLITE_OK)
    {
      set_sqlite_error (error, self->db, rc, self->path, "reading");
      return NULL;
    }
  return stmt;
}

static gboolean
query_int (sqlite3    *db,
           const char *sql,
           int        *out,
           int        *out_rc)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc = sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL);

  if (rc == SQLITE_OK)
    rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      *out = sqlite3_column_int (stmt, 0);
      return TRUE;
    }
  *out_rc = rc == SQLITE_DONE ? SQLITE_CORRUPT : rc;
  return FALSE;
}

/* Reads the header fields through a read-only connection, so that nothing
 * of a foreign, newer or damaged file is touched. */
static gboolean
check_existing (const char *path,
                GError    **error)
{
  sqlite3 *db = NULL;
  int rc, app_id = 0, version = 0, n_tables = 0;
  gboolean ok = FALSE;

  rc = sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL);
  if (rc != SQLITE_OK)
    {
      set_sqlite_error (error, NULL, rc, path, "opening");
      sqlite3_close_v2 (db);
      return FALSE;
    }

  if (!query_int (db, "PRAGMA application_id", &app_id, &rc) ||
      !query_int (db, "PRAGMA user_version", &version, &rc) ||
      !query_int (db, "SELECT count(*) FROM sqlite_schema", &n_tables, &rc))
    set_sqlite_error (error, db, rc, path, "reading its header");
  else if (app_id != DS_STORE_APPLICATION_ID)
    g_set_error (error, DS_STORE_ERROR, DS_STORE_ERROR_NOT_DEALSCAPE,
                 "%s is an SQLite database of another program, not a Dealscape document; "
                 "it was left as it is", path);
  else if (version > DS_STORE_SCHEMA_VERSION)
    g_set_error (error, DS_STORE_ERROR, DS_STORE_ERROR_TOO_NEW,
                 "%s was written by a newer Dealscape (document version %d; this one reads up "
                 "to %d); update Dealscape to open it", path, version, DS_STORE_SCHEMA_VERSION);
  else
    ok = TRUE;

  sqlite3_close_v2 (db);
  return ok;
}

/* The tables that refer to edit_log rows: after a migration, none may point
 * at a row that is not there. */
static const char *const log_child_tables[] = {
  "edit_log_scenario_settings", "edit_log_scenario_deals", "edit_log_scenarios",
};

static gboolean
migrate_in_transaction (DsStore  *self,
                        int       version,
                        GError  **error)
{
  int broken = 0, rc = SQLITE_OK;

  if (!ds_store_begin (self, error))
    return FALSE;
  for (int v = version; v < DS_STORE_SCHEMA_VERSION; v++)
    {
      g_autoptr(GBytes) sql = g_resource_lookup_data (ds_core_get_resource (), migrations[v], 0, error);
      if (sql == NULL || !exec (self, g_bytes_get_data (sql, NULL), error))
        {
          g_prefix_error (error, "Could not update the document to version %d: ", v + 1);
          ds_store_rollback (self);
          return FALSE;
        }
    }
  for (guint i = 0; i < G_N_ELEMENTS (log_child_tables); i++)
    {
      g_autofree char *check = g_strdup_printf ("SELECT count(*) FROM pragma_foreign_key_check('%s')",
                                                log_child_tables[i]);
      if (!query_int (self->db, check, &broken, &rc) || broken > 0)
        {
          g_set_error (error, DS_STORE_ERROR, DS_STORE_ERROR_CORRUPT,
                       "%s: after the update to document version %d, %d rows of %s name no edit; "
                       "nothing was changed (the file is as it was)",
                       self->path, DS_STORE_SCHEMA_VERSION, broken, log_child_tables[i]);
          ds_store_rollback (self);
          return FALSE;
        }
    }
  {
    g_autofree char *pragmas = g_strdup_printf ("PRAGMA application_id = %d; PRAGMA user_version = %d;",
                                                DS_STORE_APPLICATION_ID, DS_STORE_SCHEMA_VERSION);
    if (!exec (self, pragmas, error))
      {
        ds_store_rollback (self);
        return FALSE;
      }
  }
  return ds_store_commit (self, error);
}

static gboolean
migrate (DsStore  *self,
         GError  **error)
{
  int version = 0, rc = SQLITE_OK, keys_were_on = 0;
  gboolean ok;

  if (!query_int (self->db, "PRAGMA user_version", &version, &rc))
    {
      set_sqlite_error (error, self->db, rc, self->path, "reading its version");
      return FALSE;
    }
  if (version == DS_STORE_SCHEMA_VERSION)
    return TRUE;

  /* Tables are rebuilt with foreign keys off, as SQLite's procedure for
   * schema changes asks: with them on, dropping the old edit_log
   * (schema-5.sql) would cascade into the scenario rows the log keeps. The
   * pragma is a no-op inside a transaction, and a caller that turned them off
   * itself (ds_store_replace_all) keeps them off. */
  if (!query_int (self->db, "PRAGMA foreign_keys", &keys_were_on, &rc))
    keys_were_on = 0;
  if (keys_were_on && !exec (self, "PRAGMA foreign_keys = OFF", error))
    return FALSE;
  ok = migrate_in_transaction (self, version, error);
  if (keys_were_on)
    sqlite3_exec (self->db, "PRAGMA foreign_keys = ON", NULL, NULL, NULL);
  return ok;
}

/* A new document gets its schema now. An older one is migrated only after it
 * loaded cleanly (or before a write): a damaged file is refused unchanged. */
static gboolean
check_version (DsStore  *self,
               gboolean  existed,
               GError  **error)
{
  if (!existed)
    return migrate (self, error);
  self->migrate_pending = TRUE;
  return TRUE;
}

static gboolean
ensure_migrated (DsStore  *self,
                 GError  **error)
{
  if (!self->migrate_pending)
    return TRUE;
  /* Cleared first: migrate() writes through ds_store_begin. */
  self->migrate_pending = FALSE;
  if (!migrate (self, error))
    {
      self->migrate_pending = TRUE;
      return FALSE;
    }
  return TRUE;
}

DsStore *
ds_store_open (const char       *path,
               DsStoreOpenFlags  flags,
               GError          **error)
{
  g_autoptr(DsStore) self = NULL;
  GStatBuf st;
  gboolean exists;
  int rc, open_flags;

  g_return_val_if_fail (path != NULL, NULL);

  exists = g_stat (path, &st) == 0;
  if (exists && S_ISDIR (st.st_mode))
    {
      g_set_error (error, DS_STORE_ERROR, DS_STORE_ERROR_NOT_DEALSCAPE,
                   "%s is a folder, not a Dealscape document", path);
      return NULL;
    }
  /* An empty file is what a file chooser or mktemp leaves: a new document. */
  if (exists && st.st_size == 0 && (flags & DS_STORE_OPEN_CREATE))
    exists = FALSE;
  if (!exists && !(flags & DS_STORE_OPEN_CREATE))
    {
      g_set_error (error, DS_STORE_ERROR, DS_STORE_ERROR_NOT_FOUND,
                   "%s does not exist; create it with “dealscape-cli --db %s init”", path, path);
      return NULL;
    }
  if (exists && st.st_size == 0)
    {
      /* SQLite reads an empty file as an empty database: without this, the
       * message would blame "another program". */
      g_set_error (error, DS_STORE_ERROR, DS_STORE_ERROR_NOT_DEALSCAPE,
                   "%s is empty, not a Dealscape document; create a document in it with "
                   "“dealscape-cli --db %s init”", path, path);
      return NULL;
    }
  if (exists && !check_existing (path, error))
    return NULL;

  self = g_object_new (DS_TYPE_STORE, NULL);
  self->path = g_strdup (path);
  open_flags = (flags & DS_STORE_OPEN_READ_ONLY) ? SQLITE_OPEN_READONLY
                                                 : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
  rc = sqlite3_open_v2 (path, &self->db, open_flags | SQLITE_OPEN_NOMUTEX, NULL);
  if (rc != SQLITE_OK)
    {
      set_sqlite_error (error, self->db, rc, path, "opening");
      return NULL;
    }
  sqlite3_extended_result_codes (self->db, 1);
  /* Another process (the app beside the CLI) may hold the write lock briefly.
   * DS_BUSY_TIMEOUT_MS shortens the wait, for tests of a busy document. */
  {
    const char *env = g_getenv ("DS_BUSY_TIMEOUT_MS");
    guint64 ms = 5000;

    if (env != NULL && !g_ascii_string_to_unsigned (env, 10, 0, 600000, &ms, NULL))
      ms = 5000;
    self->busy_ms = (int) ms;
    sqlite3_busy_timeout (self->db, self->busy_ms);
  }
  self->parallel_read_deals = DS_STORE_PARALLEL_READ_DEALS;
  self->wal_shrink_bytes = DS_STORE_WAL_SHRINK_BYTES;
  self->preview_deals = DS_STORE_PREVIEW_DEALS;

  if (!exec (self, "PRAGMA foreign_keys = ON", error))
    return NULL;
  if (flags & DS_STORE_OPEN_READ_ONLY)
    return g_steal_pointer (&self);

  /* WAL is persistent in the file: documents we made are already in WAL mode,
   * so this writes nothing to them. */
  if (!exec (self, "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; "
                   /* 64 MiB of page cache: a bulk import of 100k rows otherwise spills. */
                   "PRAGMA cache_size = -65536; "
                   /* A WAL that is reset after a checkpoint is cut back to this. */
                   "PRAGMA journal_size_limit = 67108864", error) ||
      !check_version (self, exists, error))
    return NULL;

  return g_steal_pointer (&self);
}

const char *
ds_store_get_path (DsStore *self)
{
  g_return_val_if_fail (DS_IS_STORE (self), NULL);
  return self->path;
}

struct sqlite3 *
ds_store_get_db (DsStore *self)
{
  g_return_val_if_fail (DS_IS_STORE (self), NULL);
  return self->db;
}

gboolean
ds_store_begin (DsStore  *self,
                GError  **error)
{
  /* A write inside an open transaction joins it: the edit log writes its
   * row and the edit it records (ds_store_update_deal, save_scenario) as one. */
  if (self->txn_depth > 0)
    {
      self->txn_depth++;
      return TRUE;
    }
  read_positions_clear (&self->read_positions);
  if (!ensure_migrated (self, error))
    return FALSE;
  /* IMMEDIATE takes the write lock now, so a busy document fails (after the
   * timeout) before any work rather than at commit. */
  if (!exec (self, "BEGIN IMMEDIATE", error))
    return FALSE;
  self->txn_depth = 1;
  return TRUE;
}

/* A big write (an import of a million deals) leaves a WAL of its size
 * beside the document, over a gigabyte, while other connections (the
 * window's) keep the document open: SQLite's automatic checkpoint after the
 * commit copies the pages into the document but cuts the WAL only when the
 * next write starts, and the next open after a crash reads all of it
 * again. Once the checkpoint has copied everything, truncating costs a
 * sync; a reader still on an older snapshot, or a writer, leaves it for a
 * later commit (the busy timeout bounds the wait, on this connection's
 * thread). */
static void
shrink_wal (DsStore *self)
{
  int wal_frames = 0, copied = 0, page_size = 0, rc;

  if (sqlite3_wal_checkpoint_v2 (self->db, NULL, SQLITE_CHECKPOINT_PASSIVE, &wal_frames, &copied) != SQLITE_OK ||
      wal_frames <= 0 || copied < wal_frames)
    return;
  if (!query_int (self->db, "PRAGMA page_size", &page_size, &rc) ||
      (gint64) wal_frames * page_size < self->wal_shrink_bytes)
    return;
  if (sqlite3_wal_checkpoint_v2 (self->db, NULL, SQLITE_CHECKPOINT_TRUNCATE, NULL, NULL) != SQLITE_OK)
    g_debug ("%s: WAL of %" G_GINT64_FORMAT " bytes left for a later commit: %s",
             self->path, (gint64) wal_frames * page_size, sqlite3_errmsg (self->db));
}

gboolean
ds_store_commit (DsStore  *self,
                 GError  **error)
{
  if (self->txn_depth > 1)
    {
      self->txn_depth--;
      return TRUE;
    }
  self->txn_depth = 0;
  if (!exec (self, "COMMIT", error))
    {
      ds_store_rollback (self);
      return FALSE;
    }
  shrink_wal (self);
  return TRUE;
}

void
ds_store_set_wal_shrink (DsStore *self,
                         gint64   bytes)
{
  g_return_if_fail (DS_IS_STORE (self));
  self->wal_shrink_bytes = bytes;
}

void
ds_store_rollback (DsStore *self)
{
  /* An inner failure undoes the whole transaction: the outer writer sees
   * the error and rolls back too (a no-op by then). */
  self->txn_depth = 0;
  if (!sqlite3_get_autocommit (self->db))
    sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
}

gboolean
ds_store_is_empty (DsStore *self)
{
  int n = 0, rc;

  if (!query_int (self->db, "SELECT (SELECT count(*) FROM entities) + (SELECT count(*) FROM sources)",
                  &n, &rc))
    return TRUE;
  return n == 0;
}

char *
ds_store_default_path (void)
{
  return g_build_filename (g_get_user_data_dir (), "dealscape", "landscape.db", NULL);
}

/* ---- loading ---- */

static const char *
column_text (sqlite3_stmt *stmt,
             int           column)
{
  return (const char *) sqlite3_column_text (stmt, column);
}

static double
column_optional_double (sqlite3_stmt *stmt,
                        int           column)
{
  if (sqlite3_column_type (stmt, column) == SQLITE_NULL)
    return DS_UNSET;
  return sqlite3_column_double (stmt, column);
}

/* Row ids to model indices: dense arrays, since row ids are positions + 1
 * unless rows were deleted. */
typedef struct {
  GArray *map; /* DsIndex by rowid */
} RowMap;

static void
row_map_set (RowMap  *m,
             gint64   rowid,
             DsIndex  index)
{
  if ((guint) rowid >= m->map->len)
    {
      guint old = m->map->len;
      g_array_set_size (m->map, (guint) rowid + 1);
      for (guint i = old; i < m->map->len; i++)
        g_array_index (m->map, DsIndex, i) = DS_NONE;
    }
  g_array_index (m->map, DsIndex, rowid) = index;
}

static DsIndex
row_map_get (RowMap       *m,
             sqlite3_stmt *stmt,
             int           column)
{
  gint64 rowid;

  if (sqlite3_column_type (stmt, column) == SQLITE_NULL)
    return DS_NONE;
  rowid = sqlite3_column_int64 (stmt, column);
  if (rowid < 0 || (guint64) rowid >= m->map->len)
    return DS_NONE;
  return g_array_index (m->map, DsIndex, rowid);
}

/* The schema's NOT NULL, CHECK and foreign keys hold only for what SQLite
 * wrote itself: a damaged document, or one edited by another program with
 * checks off, can hold anything. What the rest of the app relies on (ids,
 * known enum values, references that resolve, no cycles) is checked as the
 * rows are read; the first violation is kept and the load fails with it. */
static void G_GNUC_PRINTF (2, 3)
note_damage (char       **damage,
             const char  *format,
             ...)
{
  va_list args;

  if (*damage != NULL)
    return;
  va_start (args, format);
  *damage = g_strdup_vprintf (format, args);
  va_end (args);
}

/* An enum column's value, noting a value this version does not know. */
static int
checked_enum (int          value,
              const char  *text,
              const char  *what,
              const char  *row_id,
              char       **damage)
{
  if (value < 0)
    note_damage (damage, "“%s” has an unknown %s “%s”",
                 row_id ? row_id : "?", what, text ? text : "(none)");
  return value < 0 ? 0 : value;
}

/* The deal's chip, by entity id; a name that is not a chip entity of the
 * document is damage. */
static void
resolve_chip (DsLandscape *ls,
              DsDeal      *deal,
              const char  *chip,
              char       **damage)
{
  deal->chip = chip ? ds_landscape_find_entity (ls, chip) : DS_NONE;
  if (chip != NULL && (deal->chip == DS_NONE ||
                       ds_landscape_entity (ls, deal->chip)->kind != DS_ENTITY_CHIP))
    {
      note_damage (damage, "deal “%s” names chip “%s”, which is not a chip entity of the document",
                   deal->id ? deal->id : "", chip);
      deal->chip = DS_NONE;
    }
}

/* The value columns from `first` on. chip_text: NULL resolves the chip now; else the column's text is left
 * there (valid until the next step) for the caller to resolve later. */
static void
read_deal_columns (DsLandscape  *ls,
                   sqlite3_stmt *stmt,
                   int           first,
                   DsDeal       *deal,
                   const char  **chip_text,
                   char        **damage)
{
  int c = first;

  deal->date = sqlite3_column_int (stmt, c++);
  deal->close_date = sqlite3_column_int (stmt, c++);
  deal->amount_usd = column_optional_double (stmt, c++);
  deal->instrument = checked_enum (ds_instrument_from_string (column_text (stmt, c)), column_text (stmt, c),
                                   "instrument", deal->id, damage);
  c++;
  deal->status = checked_enum (ds_deal_status_from_string (column_text (stmt, c)), column_text (stmt, c),
                               "status", deal->id, damage);
  c++;
  deal->pre_money_usd = column_optional_double (stmt, c++);
  deal->post_money_usd = column_optional_double (stmt, c++);
  deal->cap_usd = column_optional_double (stmt, c++);
  deal->discount = column_optional_double (stmt, c++);
  deal->interest_rate = column_optional_double (stmt, c++);
  deal->term_years = column_optional_double (stmt, c++);
  deal->power_gw = column_optional_double (stmt, c++);
  deal->chip_count = column_optional_double (stmt, c++);
  if (chip_text != NULL)
    {
      *chip_text = column_text (stmt, c);
      deal->chip = DS_NONE;
    }
  else
    resolve_chip (ls, deal, column_text (stmt, c), damage);
}

#define DEAL_VALUE_COLUMNS_V3 \
  "date, close_date, amount_usd, instrument, status, pre_money_usd, post_money_usd, " \
  "cap_usd, discount, interest_rate"
#define DEAL_VALUE_COLUMNS DEAL_VALUE_COLUMNS_V3 ", term_years, power_gw, chip_count, chip"
/* A document older than schema 4 is read before it is migrated (a damaged
 * one is refused unchanged): its deals have no commitment terms yet. */
#define DEAL_VALUE_COLUMNS_BEFORE_V4 DEAL_VALUE_COLUMNS_V3 ", NULL, NULL, NULL, NULL"

static gboolean
step_error (DsStore  *self,
            int       rc,
            GError  **error)
{
  if (rc == SQLITE_DONE)
    return TRUE;
  set_sqlite_error (error, self->db, rc, self->path, "reading the landscape");
  return FALSE;
}

/* A whole document is read from the mapped file (see ds_store_load). */
#define READ_MMAP_PRAGMA "PRAGMA mmap_size = 1073741824"

#define POSITIONS_SELECT "SELECT entity, x, y, pinned FROM positions"

/* The row of POSITIONS_SELECT, for entity i. */
static void
put_position (sqlite3_stmt *stmt,
              DsIndex       i,
              double       *x,
              double       *y,
              guint8       *known,
              guint8       *pinned)
{
  x[i] = sqlite3_column_double (stmt, 1);
  y[i] = sqlite3_column_double (stmt, 2);
  known[i] = 1;
  if (pinned != NULL)
    pinned[i] = sqlite3_column_int (stmt, 3) != 0;
}

/* The rows of POSITIONS_SELECT into the arrays, by entity index (entities
 * the landscape does not have are skipped); the last sqlite3_step code. */
static int
step_positions (sqlite3_stmt *stmt,
                DsLandscape  *landscape,
                double       *x,
                double       *y,
                guint8       *known,
                guint8       *pinned)
{
  int rc;

  memset (known, 0, landscape->entities->len);
  if (pinned != NULL)
    memset (pinned, 0, landscape->entities->len);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      DsIndex i = ds_landscape_find_entity (landscape, column_text (stmt, 0));
      if (i != DS_NONE)
        put_position (stmt, i, x, y, known, pinned);
    }
  return rc;
}

/* The positions by a merge of two scans in id order, the positions' key
 * and the entities' id index, instead of a hash lookup per row (400,000
 * entities: about 100 ms less). Both are in SQLite's BINARY order, which
 * is strcmp's for text without NUL. The entity map takes a row id to its
 * index. The last sqlite3_step code of either scan. */
static int
merge_positions (sqlite3      *db,
                 RowMap       *entities,
                 double       *x,
                 double       *y,
                 guint8       *known,
                 guint8       *pinned)
{
  g_autoptr(sqlite3_stmt) ids = NULL;
  g_autoptr(sqlite3_stmt) positions = NULL;
  int rc_ids, rc_pos;

  if ((rc_ids = sqlite3_prepare_v2 (db, "SELECT id, rowid FROM entities ORDER BY id", -1, &ids, NULL)) != SQLITE_OK)
    return rc_ids;
  if ((rc_pos = sqlite3_prepare_v2 (db, POSITIONS_SELECT " ORDER BY entity", -1, &positions, NULL)) != SQLITE_OK)
    return rc_pos;
  rc_ids = sqlite3_step (ids);
  rc_pos = sqlite3_step (positions);
  while (rc_ids == SQLITE_ROW && rc_pos == SQLITE_ROW)
    {
      const char *id = column_text (ids, 0), *entity = column_text (positions, 0);
      int c = id == NULL ? -1 : entity == NULL ? 1 : strcmp (id, entity);

      if (c == 0)
        {
          DsIndex i = row_map_get (entities, ids, 1);
          if (i != DS_NONE)
            put_position (positions, i, x, y, known, pinned);
        }
      if (c <= 0)
        rc_ids = sqlite3_step (ids);
      if (c >= 0)
        rc_pos = sqlite3_step (positions);
    }
  if (rc_ids != SQLITE_ROW && rc_ids != SQLITE_DONE)
    return rc_ids;
  return rc_pos == SQLITE_ROW ? SQLITE_DONE : rc_pos;
}

/* Where a deal range copies its ids and notes: blocks of 32 MiB in huge
 * pages, which the landscape adopts, rather than a string chunk's 64 KiB
 * ones (a million deals' 85 MB of text was 20,000 page faults). */
typedef struct {
  char      *block;
  gsize      used, size;
  GPtrArray *blocks;
} TextArena;

#define TEXT_BLOCK ((gsize) 32 << 20)

static const char *
text_copy (TextArena  *a,
           const char *text)
{
  gsize len;
  char *copy;

  if (text == NULL)
    return NULL;
  len = strlen (text) + 1;
  if (a->block == NULL || a->used + len > a->size)
    {
      a->size = MAX (TEXT_BLOCK, len);
      a->block = ds_memory_alloc0 (a->size, 1);
      a->used = 0;
      if (a->blocks == NULL)
        a->blocks = g_ptr_array_new ();
      g_ptr_array_add (a->blocks, a->block);
    }
  copy = memcpy (a->block + a->used, text, len);
  a->used += len;
  return copy;
}

/* The arena's blocks become the landscape's. */
static void
text_arena_give (TextArena   *a,
                 DsLandscape *ls)
{
  for (guint i = 0; a->blocks != NULL && i < a->blocks->len; i++)
    ds_landscape_adopt_block (ls, g_ptr_array_index (a->blocks, i));
  g_clear_pointer (&a->blocks, g_ptr_array_unref);
  a->block = NULL;
}

/* One range of row ids of the deals table, read into consecutive slots of
 * the landscape's deal array. A big document is read as two ranges at once,
 * the second by a worker thread on a connection of its own. What a range
 * writes is its own: its slots, its row ids of the deal map, its tranches
 * and its strings; entities and sources are read-only by then. */
typedef struct {
  DsLandscape  *ls;
  const char   *sql;          /* SELECT ... FROM deals WHERE rowid BETWEEN ?1 AND ?2 */
  gint64        first, last;  /* row ids */
  DsDeal       *slots;        /* the landscape's deal 0, with room for every row id */
  guint         first_slot;   /* index of the range's first deal */
  RowMap       *entities, *sources;
  GArray       *deal_map;     /* sized for every row id: ranges write their own */
  gint64       *tranches;     /* by deal index: the tranche's row id, 0 for none */
  TextArena     text;         /* where ids and notes are copied */
  /* Read while the entities are: the ends are kept as entity row ids and
   * the chips as names (with their slot in `chips`), resolved after. */
  gboolean      raw_ends;
  GPtrArray    *chips;        /* slot (as a pointer), chip name, ... */
  guint         n_read;
  char         *damage;
} DealRange;

/* An entity row id as it stands, for resolving once the entities are in;
 * DS_NONE for none, or one no entity of this version can have. */
static DsIndex
raw_entity_row (sqlite3_stmt *stmt,
                int           column)
{
  gint64 rowid;

  if (sqlite3_column_type (stmt, column) == SQLITE_NULL)
    return DS_NONE;
  rowid = sqlite3_column_int64 (stmt, column);
  return rowid > 0 && rowid <= G_MAXINT32 ? (DsIndex) rowid : DS_NONE;
}

static int
read_deal_range (DealRange *r,
                 sqlite3   *db)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  DsDeal *slots = r->slots + r->first_slot;
  int rc = sqlite3_prepare_v2 (db, r->sql, -1, &stmt, NULL);

  if (rc != SQLITE_OK)
    return rc;
  sqlite3_bind_int64 (stmt, 1, r->first);
  sqlite3_bind_int64 (stmt, 2, r->last);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      DsDeal *d = &slots[r->n_read];
      gint64 rowid = sqlite3_column_int64 (stmt, 0);
      const char *chip = NULL;

      ds_deal_init (d);
      d->id = column_text (stmt, 1);
      if (r->raw_ends)
        {
          d->investor = raw_entity_row (stmt, 2);
          d->target = raw_entity_row (stmt, 3);
        }
      else
        {
          d->investor = row_map_get (r->entities, stmt, 2);
          d->target = row_map_get (r->entities, stmt, 3);
        }
      d->source = row_map_get (r->sources, stmt, 6);
      d->confidence = checked_enum (ds_confidence_from_string (column_text (stmt, 7)), column_text (stmt, 7),
                                    "confidence", d->id, &r->damage);
      read_deal_columns (r->ls, stmt, 8, d, r->raw_ends ? &chip : NULL, &r->damage);
      if (d->id == NULL || d->investor == DS_NONE || d->target == DS_NONE || d->source == DS_NONE ||
          rowid < 0 || (guint64) rowid >= r->deal_map->len)
        {
          note_damage (&r->damage, "deal “%s” has no id, or refers to an entity or "
                       "source that is not there", d->id ? d->id : "");
          continue;
        }
      /* deals.id is UNIQUE, which SQLite enforces whatever the pragmas (unlike
       * CHECK and foreign keys): no lookup per row, and the landscape makes
       * its id index on the first ds_landscape_find_deal (0.5 s of a
       * million-deal read). */
      d->id = text_copy (&r->text, d->id);
      d->note = text_copy (&r->text, column_text (stmt, 5));
      if (chip != NULL)
        {
          g_ptr_array_add (r->chips, GUINT_TO_POINTER (r->first_slot + r->n_read));
          g_ptr_array_add (r->chips, (gpointer) text_copy (&r->text, chip));
        }
      g_array_index (r->deal_map, DsIndex, rowid) = (DsIndex) (r->first_slot + r->n_read);
      r->tranches[r->first_slot + r->n_read] =
        sqlite3_column_type (stmt, 4) == SQLITE_NULL ? 0 : sqlite3_column_int64 (stmt, 4);
      r->n_read++;
    }
  return rc;
}

typedef struct {
  DealRange   range;
  const char *path;
  GError     *error;
  /* The first reader says when the entities are in (or that it gave up):
   * the positions are looked up by entity id. */
  GMutex      lock;
  GCond       cond;
  gboolean    entities_ready, abandoned;
  /* Then the positions of the entities: the app asks for them next, and
   * this thread has the time while the first reads its share and the rest. */
  ReadPositions positions;
  int         busy_ms;
} DealWorker;

/* The second range, on a read-only connection of its own. The first
 * connection holds the write lock (BEGIN IMMEDIATE) until both are done, so
 * no commit comes between the two snapshots. */
static gpointer
read_deals_worker (gpointer data)
{
  DealWorker *w = data;
  sqlite3 *db = NULL;
  int rc = sqlite3_open_v2 (w->path, &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, NULL);
  const char *what = "opening a second connection";

  if (rc == SQLITE_OK)
    {
      sqlite3_busy_timeout (db, w->busy_ms);
      sqlite3_exec (db, READ_MMAP_PRAGMA, NULL, NULL, NULL);
      what = "reading the landscape";
      rc = sqlite3_exec (db, "BEGIN", NULL, NULL, NULL);
    }
  if (rc == SQLITE_OK)
    {
      /* The first range ends where this one begins: its deals come first. */
      g_autoptr(sqlite3_stmt) count = NULL;
      rc = sqlite3_prepare_v2 (db, "SELECT count(*) FROM deals WHERE rowid < ?1", -1, &count, NULL);
      if (rc == SQLITE_OK)
        {
          sqlite3_bind_int64 (count, 1, w->range.first);
          if ((rc = sqlite3_step (count)) == SQLITE_ROW)
            {
              w->range.first_slot = (guint) sqlite3_column_int64 (count, 0);
              rc = read_deal_range (&w->range, db);
            }
        }
    }
  g_mutex_lock (&w->lock);
  while (!w->entities_ready)
    g_cond_wait (&w->cond, &w->lock);
  g_mutex_unlock (&w->lock);
  if (rc == SQLITE_DONE && !w->abandoned)
    {
      ReadPositions *p = &w->positions;
      guint n = w->range.ls->entities->len;

      p->x = ds_memory_alloc0 (MAX (n, 1), sizeof (double));
      p->y = ds_memory_alloc0 (MAX (n, 1), sizeof (double));
      p->known = g_malloc0 (MAX (n, 1));
      p->pinned = g_malloc0 (MAX (n, 1));
      /* A document without positions is read all the same: the app's own
       * ds_store_load_positions then says what is wrong. */
      if (merge_positions (db, w->range.entities, p->x, p->y, p->known, p->pinned) == SQLITE_DONE)
        {
          p->landscape = w->range.ls;
          p->n = n;
        }
      else
        read_positions_clear (p);
    }
  if (rc != SQLITE_DONE)
    set_sqlite_error (&w->error, db, rc, w->path, what);
  if (db != NULL)
    {
      sqlite3_exec (db, "COMMIT", NULL, NULL, NULL);
      sqlite3_close (db);
    }
  return NULL;
}

static void
entities_ready (DealWorker *w,
                gboolean    abandoned)
{
  g_mutex_lock (&w->lock);
  w->entities_ready = TRUE;
  w->abandoned = abandoned;
  g_cond_signal (&w->cond);
  g_mutex_unlock (&w->lock);
}

/* Waits for the second reader (telling it to stop short when the first gave
 * up) and takes what it read: its strings, and its positions if wanted. */
static void
finish_worker (DsLandscape *ls,
               DealWorker  *w,
               GThread     *thread,
               gboolean     abandoned)
{
  if (!w->entities_ready)
    entities_ready (w, abandoned);
  g_thread_join (thread);
  text_arena_give (&w->range.text, ls);
  g_mutex_clear (&w->lock);
  g_cond_clear (&w->cond);
}

/* The second reader's deals name entities by row id: now they are in. */
static void
resolve_raw_ends (DsLandscape *ls,
                  DealRange   *r,
                  GArray      *entity_map,
                  char       **damage)
{
  for (guint i = r->first_slot; i < r->first_slot + r->n_read; i++)
    {
      DsDeal *d = r->slots + i;
      DsIndex ends[2] = { d->investor, d->target };

      for (guint k = 0; k < 2; k++)
        ends[k] = ends[k] > 0 && (guint) ends[k] < entity_map->len ? g_array_index (entity_map, DsIndex, ends[k]) : DS_NONE;
      d->investor = ends[0];
      d->target = ends[1];
      if (d->investor == DS_NONE || d->target == DS_NONE)
        note_damage (damage, "deal “%s” has no id, or refers to an entity or source that is not there", d->id);
    }
  for (guint k = 0; k + 1 < r->chips->len; k += 2)
    resolve_chip (ls, r->slots + GPOINTER_TO_UINT (g_ptr_array_index (r->chips, k)),
                  g_ptr_array_index (r->chips, k + 1), damage);
}

void
ds_store_set_parallel_read (DsStore *self,
                            guint    min_deals)
{
  g_return_if_fail (DS_IS_STORE (self));
  self->parallel_read_deals = min_deals;
}

/* A read transaction, and whether the deals can be read by two connections:
 * that needs the write lock, so that the second one's snapshot is the same.
 * A read-only or busy document is read by one. */
static gboolean
begin_read (DsStore  *self,
            gboolean *parallel,
            GError  **error)
{
  int n_deals = 0, rc;

  *parallel = FALSE;
  if (self->parallel_read_deals > 0 &&
      query_int (self->db, "SELECT coalesce(max(rowid), 0) FROM deals", &n_deals, &rc) &&
      (guint) MAX (n_deals, 0) >= self->parallel_read_deals)
    {
      /* Not waiting for another writer: one reader is as good. */
      sqlite3_busy_timeout (self->db, 0);
      *parallel = sqlite3_exec (self->db, "BEGIN IMMEDIATE", NULL, NULL, NULL) == SQLITE_OK;
      sqlite3_busy_timeout (self->db, self->busy_ms);
      if (*parallel)
        return TRUE;
    }
  return exec (self, "BEGIN", error);
}

static DsLandscape *read_landscape (DsStore *self, GError **error);

void
ds_store_set_preview_deals (DsStore *self,
                            guint    min_deals)
{
  g_return_if_fail (DS_IS_STORE (self));
  self->preview_deals = min_deals;
}

void
ds_store_set_preview_on_save (DsStore  *self,
                              gboolean  on)
{
  g_return_if_fail (DS_IS_STORE (self));
  self->preview_on_save = on;
}

/* Inside a write transaction, with `ls` exactly what the document holds
 * (and x, y, pinned its positions, known which are; NULL: all): a big, laid-out document without a
 * current preview gets one. A failure only costs the preview (the next
 * full read tries again). */
static void
write_preview (DsStore      *self,
               DsLandscape  *ls,
               const double *x,
               const double *y,
               const guint8 *known,
               const guint8 *pinned)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GBytes) blob = NULL;
  DsGraphPreviewStamp stamp = { 0 };
  int format = 0, rc, max_entity = 0, max_deal = 0;

  if (self->preview_deals == 0 || (guint) ds_landscape_n_deals (ls) < self->preview_deals)
    return;
  if (query_int (self->db, "SELECT coalesce((SELECT format FROM graph_preview), 0)", &format, &rc) &&
      format == DS_GRAPH_PREVIEW_FORMAT)
    return;
  if (!query_int (self->db, "SELECT coalesce(max(rowid), 0) FROM entities", &max_entity, &rc) ||
      !query_int (self->db, "SELECT coalesce(max(rowid), 0) FROM deals", &max_deal, &rc))
    return;
  stamp.max_entity_rowid = max_entity;
  stamp.max_deal_rowid = max_deal;
  blob = ds_graph_preview_encode (ls, x, y, known, pinned, &stamp);
  if (blob == NULL)
    return;
  if (sqlite3_prepare_v2 (self->db, "INSERT OR REPLACE INTO graph_preview (id, format, data) VALUES (1, ?1, ?2)",
                          -1, &stmt, NULL) != SQLITE_OK)
    return;
  sqlite3_bind_int (stmt, 1, DS_GRAPH_PREVIEW_FORMAT);
  sqlite3_bind_blob64 (stmt, 2, g_bytes_get_data (blob, NULL), g_bytes_get_size (blob), SQLITE_STATIC);
  if ((rc = sqlite3_step (stmt)) != SQLITE_DONE)
    g_debug ("%s: graph preview not written: %s", self->path, sqlite3_errmsg (self->db));
}

DsLandscape *
ds_store_read_preview (const char  *path,
                       double     **x,
                       double     **y,
                       guint8     **pinned,
                       GError     **error)
{
  sqlite3 *db = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  DsLandscape *ls = NULL;
  DsGraphPreviewStamp stamp;
  int rc, max_entity = 0, max_deal = 0, has_table = 0;

  g_return_val_if_fail (path != NULL && x != NULL && y != NULL && pinned != NULL, NULL);

  if (!check_existing (path, error))
    return NULL;
  if ((rc = sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, NULL)) != SQLITE_OK)
    {
      set_sqlite_error (error, db, rc, path, "opening");
      sqlite3_close_v2 (db);
      return NULL;
    }
  sqlite3_busy_timeout (db, 5000);
  /* One snapshot for the preview and the rows it is checked against. */
  if ((rc = sqlite3_exec (db, "BEGIN", NULL, NULL, NULL)) != SQLITE_OK ||
      !query_int (db, "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = 'graph_preview'",
                  &has_table, &rc))
    {
      set_sqlite_error (error, db, rc, path, "reading its graph preview");
      goto out;
    }
  /* Documents before schema 6 have none. */
  if (!has_table)
    goto out;
  if ((rc = sqlite3_prepare_v2 (db, "SELECT data FROM graph_preview WHERE id = 1 AND format = ?1", -1, &stmt,
                                NULL)) != SQLITE_OK)
    {
      set_sqlite_error (error, db, rc, path, "reading its graph preview");
      goto out;
    }
  sqlite3_bind_int (stmt, 1, DS_GRAPH_PREVIEW_FORMAT);
  if ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autoptr(GError) local = NULL;

      ls = ds_graph_preview_decode (sqlite3_column_blob (stmt, 0), (gsize) sqlite3_column_bytes (stmt, 0), &stamp,
                                    x, y, pinned, &local);
      if (ls == NULL)
        g_set_error (error, DS_STORE_ERROR, DS_STORE_ERROR_CORRUPT, "%s: %s", path, local->message);
    }
  else if (rc != SQLITE_DONE)
    set_sqlite_error (error, db, rc, path, "reading its graph preview");
  /* The triggers drop a preview on any change; the row ids are a second
   * check, for a document written with its triggers dropped. */
  if (ls != NULL &&
      (!query_int (db, "SELECT coalesce(max(rowid), 0) FROM entities", &max_entity, &rc) ||
       !query_int (db, "SELECT coalesce(max(rowid), 0) FROM deals", &max_deal, &rc) ||
       max_entity != stamp.max_entity_rowid || max_deal != stamp.max_deal_rowid))
    {
      g_clear_pointer (&ls, ds_landscape_unref);
      g_clear_pointer (x, g_free);
      g_clear_pointer (y, g_free);
      g_clear_pointer (pinned, g_free);
    }
out:
  g_clear_pointer (&stmt, sqlite3_finalize);
  sqlite3_exec (db, "COMMIT", NULL, NULL, NULL);
  sqlite3_close_v2 (db);
  return ls;
}

DsLandscape *
ds_store_load (DsStore  *self,
               GError  **error)
{
  DsLandscape *ls;

  g_return_val_if_fail (DS_IS_STORE (self), NULL);

  /* The whole document is read once: straight from the mapped file rather
   * than a pread and a copy per page (a million-deal document reads in
   * 2.4 s instead of 2.8). Only for this read: an I/O error on a mapped
   * page is a signal, not an error code, so writes and later reads go
   * through read() again. */
  sqlite3_exec (self->db, READ_MMAP_PRAGMA, NULL, NULL, NULL);
  ls = read_landscape (self, error);
  sqlite3_exec (self->db, "PRAGMA mmap_size = 0", NULL, NULL, NULL);
  return ls;
}

static DsLandscape *
read_landscape (DsStore  *self,
                GError  **error)
{
  g_autoptr(DsLandscape) ls = ds_landscape_new ();
  g_autoptr(GArray) source_map = g_array_new (FALSE, FALSE, sizeof (DsIndex));
  g_autoptr(GArray) entity_map = g_array_new (FALSE, FALSE, sizeof (DsIndex));
  g_autoptr(GArray) deal_map = g_array_new (FALSE, FALSE, sizeof (DsIndex));
  RowMap sources = { source_map }, entities = { entity_map }, deals = { deal_map };
  g_autoptr(GArray) parents = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autofree gint64 *tranches = NULL;
  g_auto(ReadPositions) positions = { 0 };
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *damage = NULL;
  int rc, version = DS_STORE_SCHEMA_VERSION, max_deal_rowid = 0;
  const char *deal_columns;
  gboolean parallel;
  g_autofree char *deal_sql = NULL;
  DealRange first = { 0 };
  DealWorker second = { 0 };
  GThread *worker = NULL;

  read_positions_clear (&self->read_positions);
  self->read_serial = 0;
  /* One read transaction: a consistent snapshot even while another
   * process writes. */
  if (!begin_read (self, &parallel, error))
    return NULL;
  if (!query_int (self->db, "PRAGMA user_version", &version, &rc))
    {
      set_sqlite_error (error, self->db, rc, self->path, "reading its version");
      exec (self, "ROLLBACK", NULL);
      return NULL;
    }
  deal_columns = version >= 4 ? DEAL_VALUE_COLUMNS : DEAL_VALUE_COLUMNS_BEFORE_V4;

#define PREPARE(sql) \
  G_STMT_START { g_clear_pointer (&stmt, sqlite3_finalize); \
    if ((stmt = prepare (self, sql, error)) == NULL) goto fail; } G_STMT_END

  PREPARE ("SELECT rowid, id, title, publisher, date, url FROM sources ORDER BY rowid");
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      DsSource s = {
        column_text (stmt, 1), column_text (stmt, 2), column_text (stmt, 3),
        sqlite3_column_int (stmt, 4), column_text (stmt, 5),
      };
      if (s.id == NULL || ds_landscape_find_source (ls, s.id) != DS_NONE)
        {
          note_damage (&damage, "a source has no id or a duplicate id “%s”", s.id ? s.id : "");
          continue;
        }
      row_map_set (&sources, sqlite3_column_int64 (stmt, 0), ds_landscape_add_source (ls, &s));
    }
  if (!step_error (self, rc, error))
    goto fail;

  {
    int n_entities = 0, n_deals = 0;

    /* max(rowid) reads one page where count(*) reads the table; rows are
     * written densely, so it is the count or a little above. */
    if (query_int (self->db, "SELECT coalesce(max(rowid), 0) FROM entities", &n_entities, &rc)
        && query_int (self->db, "SELECT coalesce(max(rowid), 0) FROM deals", &n_deals, &rc))
      ds_landscape_reserve (ls, (guint) MAX (n_entities, 0), 0);
    /* The deals get their slots below (ds_landscape_deal_slots). */
    max_deal_rowid = MAX (n_deals, 0);
  }

  /* Every deal row id gets a slot of the map and of the tranches up front:
   * the ranges write to their own without growing anything. */
  deal_sql = g_strconcat ("SELECT rowid, id, investor, target, tranche_of, note, source, "
                          "confidence, ", deal_columns,
                          " FROM deals WHERE rowid BETWEEN ?1 AND ?2 ORDER BY rowid", NULL);
  g_array_set_size (deal_map, (guint) max_deal_rowid + 1);
  for (guint i = 0; i < deal_map->len; i++)
    g_array_index (deal_map, DsIndex, i) = DS_NONE;
  tranches = g_new (gint64, MAX (max_deal_rowid, 1));
  first = (DealRange) {
    .ls = ls, .sql = deal_sql, .first = G_MININT64, .last = G_MAXINT64, .entities = &entities,
    .sources = &sources, .deal_map = deal_map, .tranches = tranches,
    .slots = ds_landscape_deal_slots (ls, (guint) max_deal_rowid),
  };
  if (parallel)
    {
      /* By row id, which rows are written densely, so by count too. The
       * second reader starts now, beside the entities: it keeps the ends as
       * row ids and the chips as names, and reads the positions once the
       * entities are in. It takes 58 % of the deals, so that both finish
       * together (measured at a million: the entities take the first
       * 0.33 s, the positions the second's last 0.17 s). */
      gint64 split = max_deal_rowid * 21 / 50 + 1;

      second.path = self->path;
      second.busy_ms = self->busy_ms;
      second.range = first;
      second.range.first = split;
      second.range.raw_ends = TRUE;
      second.range.chips = g_ptr_array_new ();
      g_mutex_init (&second.lock);
      g_cond_init (&second.cond);
      first.last = split - 1;
      worker = g_thread_new ("ds-read-deals", read_deals_worker, &second);
    }

  PREPARE ("SELECT rowid, id, name, kind, parent, description FROM entities ORDER BY rowid");
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      DsEntity e = {
        column_text (stmt, 1), column_text (stmt, 2),
        checked_enum (ds_entity_kind_from_string (column_text (stmt, 3)), column_text (stmt, 3),
                      "kind", column_text (stmt, 1), &damage), DS_NONE,
        column_text (stmt, 5),
      };
      gint64 parent = sqlite3_column_type (stmt, 4) == SQLITE_NULL ? 0 : sqlite3_column_int64 (stmt, 4);
      DsIndex index = e.id != NULL && e.name != NULL ? ds_landscape_add_entity (ls, &e) : DS_NONE;

      /* add_entity refuses a taken id. */
      if (index == DS_NONE)
        {
          note_damage (&damage, "an entity has no name, no id or a duplicate id “%s”", e.id ? e.id : "");
          continue;
        }
      row_map_set (&entities, sqlite3_column_int64 (stmt, 0), index);
      g_array_append_val (parents, parent);
    }
  if (!step_error (self, rc, error))
    goto fail;
  for (guint i = 0; i < parents->len; i++)
    {
      gint64 parent = g_array_index (parents, gint64, i);
      if (parent > 0 && (guint64) parent < entity_map->len)
        ds_landscape_entity (ls, i)->parent = g_array_index (entity_map, DsIndex, parent);
    }
  /* Walks up each chain at most n steps: longer means a cycle. */
  for (guint i = 0; i < ls->entities->len; i++)
    {
      DsIndex p = ds_landscape_entity (ls, i)->parent;
      for (guint steps = 0; p != DS_NONE; steps++, p = ds_landscape_entity (ls, p)->parent)
        if (steps > ls->entities->len)
          {
            note_damage (&damage, "the parents of entity “%s” form a cycle", ds_landscape_entity (ls, i)->id);
            ds_landscape_entity (ls, i)->parent = DS_NONE;
            break;
          }
    }
  if (worker != NULL)
    entities_ready (&second, FALSE);

  PREPARE ("SELECT id, kind, from_entity, to_entity, date, source, confidence, note "
           "FROM relations ORDER BY rowid");
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      DsRelation r = {
        column_text (stmt, 0),
        checked_enum (ds_relation_kind_from_string (column_text (stmt, 1)), column_text (stmt, 1),
                      "kind", column_text (stmt, 0), &damage),
        row_map_get (&entities, stmt, 2), row_map_get (&entities, stmt, 3),
        sqlite3_column_int (stmt, 4), row_map_get (&sources, stmt, 5),
        checked_enum (ds_confidence_from_string (column_text (stmt, 6)), column_text (stmt, 6),
                      "confidence", column_text (stmt, 0), &damage),
        column_text (stmt, 7),
      };
      if (r.id == NULL || r.from == DS_NONE || r.to == DS_NONE || r.source == DS_NONE ||
          ds_landscape_find_relation (ls, r.id) != DS_NONE)
        {
          note_damage (&damage, "relation “%s” has no id, a duplicate id, or refers to an entity or "
                       "source that is not there", r.id ? r.id : "");
          continue;
        }
      ds_landscape_add_relation (ls, &r);
    }
  if (!step_error (self, rc, error))
    goto fail;

  {
    guint n_deals;

    rc = read_deal_range (&first, self->db);
    text_arena_give (&first.text, ls);
    if (worker != NULL)
      {
        finish_worker (ls, &second, g_steal_pointer (&worker), FALSE);
        if (second.error == NULL)
          resolve_raw_ends (ls, &second.range, entity_map, &second.range.damage);
        g_clear_pointer (&second.range.chips, g_ptr_array_unref);
        /* Handed to the store only once the whole read succeeded. */
        positions = second.positions;
        second.positions = (ReadPositions) { 0 };
      }
    /* The first violation of the document is the one kept. */
    if (damage == NULL)
      {
        char **kept = first.damage != NULL ? &first.damage : &second.range.damage;
        damage = g_steal_pointer (kept);
      }
    g_free (first.damage);
    g_free (second.range.damage);
    if (rc != SQLITE_DONE)
      {
        g_clear_error (&second.error);
        step_error (self, rc, error);
        goto fail;
      }
    if (second.error != NULL)
      {
        g_propagate_error (error, second.error);
        goto fail;
      }
    n_deals = parallel ? second.range.first_slot + second.range.n_read : first.n_read;
    if (damage == NULL && parallel && first.n_read != second.range.first_slot)
      note_damage (&damage, "its deals changed while they were read");
    ds_landscape_fill_deal_slots (ls, damage == NULL ? n_deals : 0);
  }
  for (guint i = 0; i < ls->deals->len; i++)
    {
      gint64 t = tranches[i];
      if (t > 0 && (guint64) t < deal_map->len)
        ds_landscape_deal (ls, i)->tranche_of = g_array_index (deal_map, DsIndex, t);
    }
  for (guint i = 0; i < ls->deals->len; i++)
    {
      DsIndex t = ds_landscape_deal (ls, i)->tranche_of;
      for (guint steps = 0; t != DS_NONE; steps++, t = ds_landscape_deal (ls, t)->tranche_of)
        if (steps > ls->deals->len)
          {
            note_damage (&damage, "the tranches of deal “%s” form a cycle", ds_landscape_deal (ls, i)->id);
            ds_landscape_deal (ls, i)->tranche_of = DS_NONE;
            break;
          }
    }

  PREPARE ("SELECT entity, name, date, value, unit, source, confidence FROM metrics ORDER BY rowid");
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      DsMetric m = {
        row_map_get (&entities, stmt, 0), column_text (stmt, 1), sqlite3_column_int (stmt, 2),
        sqlite3_column_double (stmt, 3), column_text (stmt, 4), row_map_get (&sources, stmt, 5),
        checked_enum (ds_confidence_from_string (column_text (stmt, 6)), column_text (stmt, 6),
                      "confidence", column_text (stmt, 1), &damage),
      };
      if (m.entity == DS_NONE || m.source == DS_NONE || m.name == NULL || m.unit == NULL)
        {
          note_damage (&damage, "a metric “%s” has no name or unit, or refers to an entity or "
                       "source that is not there", m.name ? m.name : "");
          continue;
        }
      ds_landscape_add_metric (ls, &m);
    }
  if (!step_error (self, rc, error))
    goto fail;

  {
    g_autoptr(GPtrArray) bases = g_ptr_array_new_with_free_func (g_free);
    g_autoptr(sqlite3_stmt) settings = NULL;
    g_autoptr(sqlite3_stmt) sdeals = NULL;
    /* The tranche by the row id of its deal, through deals.id's index: a
     * lookup by id would make the landscape's id index of every deal. */
    g_autofree char *sdeals_sql = g_strconcat ("SELECT id, investor, target, "
                                               "(SELECT d.rowid FROM deals d WHERE d.id = scenario_deals.tranche_of), "
                                               "note, source, "
                                               "confidence, ", deal_columns, " FROM scenario_deals "
                                               "WHERE scenario = ?1 ORDER BY position", NULL);

    if ((settings = prepare (self, "SELECT key, text, number FROM scenario_settings "
                                   "WHERE scenario = ?1 ORDER BY key", error)) == NULL ||
        (sdeals = prepare (self, sdeals_sql, error)) == NULL)
      goto fail;

    PREPARE ("SELECT id, name, description, base FROM scenarios ORDER BY rowid");
    while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
      {
        DsScenario sc = {
          column_text (stmt, 0), column_text (stmt, 1), column_text (stmt, 2), DS_NONE,
          g_array_new (FALSE, TRUE, sizeof (DsSetting)), g_array_new (FALSE, TRUE, sizeof (DsDeal)),
        };

        if (sc.id == NULL || sc.name == NULL || ds_landscape_find_scenario (ls, sc.id) != DS_NONE)
          {
            note_damage (&damage, "a scenario has no name, no id or a duplicate id “%s”", sc.id ? sc.id : "");
            g_array_unref (sc.settings);
            g_array_unref (sc.deals);
            continue;
          }
        sqlite3_bind_text (settings, 1, sc.id, -1, SQLITE_STATIC);
        while ((rc = sqlite3_step (settings)) == SQLITE_ROW)
          {
            DsSetting s = { column_text (settings, 0), column_text (settings, 1),
                            column_optional_double (settings, 2) };
            if (s.key == NULL)
              {
                note_damage (&damage, "scenario “%s” has a setting without a key", sc.id);
                continue;
              }
            /* Strings are interned by ds_landscape_add_scenario, before the
             * statement moves on... so intern now: the row's memory goes away. */
            s.key = ds_landscape_intern (ls, s.key);
            s.text = ds_landscape_intern (ls, s.text);
            g_array_append_val (sc.settings, s);
          }
        sqlite3_reset (settings);

        sqlite3_bind_text (sdeals, 1, sc.id, -1, SQLITE_STATIC);
        while ((rc = sqlite3_step (sdeals)) == SQLITE_ROW)
          {
            DsDeal d;
            ds_deal_init (&d);
            d.id = ds_landscape_intern (ls, column_text (sdeals, 0));
            d.investor = ds_landscape_find_entity (ls, column_text (sdeals, 1));
            d.target = ds_landscape_find_entity (ls, column_text (sdeals, 2));
            d.tranche_of = row_map_get (&deals, sdeals, 3);
            d.note = ds_landscape_intern (ls, column_text (sdeals, 4));
            d.source = ds_landscape_find_source (ls, column_text (sdeals, 5));
            d.confidence = checked_enum (ds_confidence_from_string (column_text (sdeals, 6)),
                                         column_text (sdeals, 6), "confidence", d.id, &damage);
            read_deal_columns (ls, sdeals, 7, &d, NULL, &damage);
            if (d.id != NULL && d.investor != DS_NONE && d.target != DS_NONE && d.source != DS_NONE)
              g_array_append_val (sc.deals, d);
            else
              g_warning ("%s: scenario %s: deal %s refers to an entity or source that is gone; skipped",
                         self->path, sc.id, d.id);
          }
        sqlite3_reset (sdeals);

        g_ptr_array_add (bases, g_strdup (column_text (stmt, 3)));
        ds_landscape_add_scenario (ls, &sc);
      }
    if (!step_error (self, rc, error))
      goto fail;
    for (guint i = 0; i < bases->len; i++)
      ds_landscape_scenario (ls, i)->base = ds_landscape_find_scenario (ls, g_ptr_array_index (bases, i));
    for (guint i = 0; i < ls->scenarios->len; i++)
      {
        DsIndex b = ds_landscape_scenario (ls, i)->base;
        for (guint steps = 0; b != DS_NONE; steps++, b = ds_landscape_scenario (ls, b)->base)
          if (steps > ls->scenarios->len)
            {
              note_damage (&damage, "the bases of scenario “%s” form a cycle", ds_landscape_scenario (ls, i)->id);
              ds_landscape_scenario (ls, i)->base = DS_NONE;
              break;
            }
      }
  }
#undef PREPARE

  if (parallel && damage == NULL && version >= 6 &&
      positions.landscape == ls && positions.n == (guint) ds_landscape_n_entities (ls))
    write_preview (self, ls, positions.x, positions.y, positions.known, positions.pinned);
  exec (self, "COMMIT", NULL);
  if (damage != NULL)
    {
      g_set_error (error, DS_STORE_ERROR, DS_STORE_ERROR_CORRUPT,
                   "%s is damaged (%s); it was left as it is. Restore it from a backup",
                   self->path, damage);
      return NULL;
    }
  if (!ensure_migrated (self, error))
    return NULL;
  ds_landscape_finish (ls);
  self->read_positions = positions;
  positions = (ReadPositions) { 0 };
  if (query_int (self->db, "PRAGMA data_version", &self->read_data_version, &rc))
    {
      self->read_serial = ds_landscape_serial (ls);
      self->read_changes = sqlite3_total_changes64 (self->db);
    }
  return g_steal_pointer (&ls);

fail:
  if (worker != NULL)
    {
      /* Given up before the deals: the second reader stops short. */
      finish_worker (ls, &second, worker, TRUE);
      g_clear_pointer (&second.range.chips, g_ptr_array_unref);
      g_clear_error (&second.error);
      g_free (second.range.damage);
      read_positions_clear (&second.positions);
    }
  ds_store_rollback (self);
  return NULL;
}

/* ---- writing ---- */

static void
bind_optional_text (sqlite3_stmt *stmt,
                    int           column,
                    const char   *text)
{
  if (text == NULL)
    sqlite3_bind_null (stmt, column);
  else
    sqlite3_bind_text (stmt, column, text, -1, SQLITE_STATIC);
}

static void
bind_optional_double (sqlite3_stmt *stmt,
                      int           column,
                      double        value)
{
  if (ds_is_set (value))
    sqlite3_bind_double (stmt, column, value);
  else
    sqlite3_bind_null (stmt, column);
}

static void
bind_optional_index (sqlite3_stmt *stmt,
                     int           column,
                     DsIndex       index)
{
  if (index == DS_NONE)
    sqlite3_bind_null (stmt, column);
  else
    sqlite3_bind_int64 (stmt, column, (gint64) index + 1);
}

static void
bind_deal_values (sqlite3_stmt *stmt,
                  int           first,
                  DsLandscape  *ls,
                  const DsDeal *d)
{
  int c = first;

  sqlite3_bind_int (stmt, c++, d->date);
  if (d->close_date == DS_DATE_NONE)
    sqlite3_bind_null (stmt, c++);
  else
    sqlite3_bind_int (stmt, c++, d->close_date);
  bind_optional_double (stmt, c++, d->amount_usd);
  sqlite3_bind_text (stmt, c++, ds_instrument_to_string (d->instrument), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, c++, ds_deal_status_to_string (d->status), -1, SQLITE_STATIC);
  bind_optional_double (stmt, c++, d->pre_money_usd);
  bind_optional_double (stmt, c++, d->post_money_usd);
  bind_optional_double (stmt, c++, d->cap_usd);
  bind_optional_double (stmt, c++, d->discount);
  bind_optional_double (stmt, c++, d->interest_rate);
  bind_optional_double (stmt, c++, d->term_years);
  bind_optional_double (stmt, c++, d->power_gw);
  bind_optional_double (stmt, c++, d->chip_count);
  bind_optional_text (stmt, c++, d->chip == DS_NONE ? NULL : ds_landscape_entity (ls, d->chip)->id);
}

static gboolean
step_done (DsStore      *self,
           sqlite3_stmt *stmt,
           GError      **error)
{
  int rc = sqlite3_step (stmt);

  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      set_sqlite_error (error, self->db, rc, self->path, "writing");
      return FALSE;
    }
  return TRUE;
}

/* Writes the settings and deals of one scenario; the caller holds the transaction. */
static gboolean
write_scenario (DsStore     *self,
                DsLandscape *ls,
                DsIndex      index,
                GError     **error)
{
  const DsScenario *sc = ds_landscape_scenario (ls, index);
  g_autoptr(sqlite3_stmt) find = NULL, del = NULL, ins = NULL, set = NULL, deal = NULL;
  gint64 rowid = 0;

  if ((find = prepare (self, "SELECT rowid FROM scenarios WHERE id = ?1", error)) == NULL ||
      (del = prepare (self, "DELETE FROM scenarios WHERE id = ?1", error)) == NULL ||
      (ins = prepare (self, "INSERT INTO scenarios (rowid, id, name, description, base) "
                            "VALUES (?5, ?1, ?2, ?3, ?4)", error)) == NULL ||
      (set = prepare (self, "INSERT INTO scenario_settings (scenario, key, text, number) "
                            "VALUES (?1, ?2, ?3, ?4)", error)) == NULL ||
      (deal = prepare (self, "INSERT INTO scenario_deals (scenario, position, id, investor, target, "
                             "tranche_of, note, source, confidence, " DEAL_VALUE_COLUMNS ") VALUES "
                             "(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, "
                             "?17, ?18, ?19, ?20, ?21, ?22, ?23)", error)) == NULL)
    return FALSE;

  /* A rewritten scenario keeps its rowid, which is its place in the list
   * when the document is loaded again (a rename must not move it last). */
  sqlite3_bind_text (find, 1, sc->id, -1, SQLITE_STATIC);
  if (sqlite3_step (find) == SQLITE_ROW)
    rowid = sqlite3_column_int64 (find, 0);
  sqlite3_reset (find);
  sqlite3_bind_text (del, 1, sc->id, -1, SQLITE_STATIC);
  if (!step_done (self, del, error))
    return FALSE;
  /* ON DELETE CASCADE is deferred; remove the children now so they can be re-inserted. */
  if (!exec (self, "DELETE FROM scenario_settings WHERE scenario NOT IN (SELECT id FROM scenarios);"
                   "DELETE FROM scenario_deals WHERE scenario NOT IN (SELECT id FROM scenarios);", error))
    return FALSE;

  sqlite3_bind_text (ins, 1, sc->id, -1, SQLITE_STATIC);
  sqlite3_bind_text (ins, 2, sc->name, -1, SQLITE_STATIC);
  bind_optional_text (ins, 3, sc->description);
  bind_optional_text (ins, 4, sc->base == DS_NONE ? NULL : ds_landscape_scenario (ls, sc->base)->id);
  if (rowid > 0)
    sqlite3_bind_int64 (ins, 5, rowid);
  else
    sqlite3_bind_null (ins, 5);
  if (!step_done (self, ins, error))
    return FALSE;

  for (guint i = 0; i < sc->settings->len; i++)
    {
      const DsSetting *s = &g_array_index (sc->settings, DsSetting, i);
      sqlite3_bind_text (set, 1, sc->id, -1, SQLITE_STATIC);
      sqlite3_bind_text (set, 2, s->key, -1, SQLITE_STATIC);
      bind_optional_text (set, 3, s->text);
      if (s->text == NULL)
        sqlite3_bind_double (set, 4, s->number);
      else
        sqlite3_bind_null (set, 4);
      if (!step_done (self, set, error))
        return FALSE;
    }

  for (guint i = 0; i < sc->deals->len; i++)
    {
      const DsDeal *d = &g_array_index (sc->deals, DsDeal, i);
      sqlite3_bind_text (deal, 1, sc->id, -1, SQLITE_STATIC);
      sqlite3_bind_int (deal, 2, (int) i);
      sqlite3_bind_text (deal, 3, d->id, -1, SQLITE_STATIC);
      sqlite3_bind_text (deal, 4, ds_landscape_entity (ls, d->investor)->id, -1, SQLITE_STATIC);
      sqlite3_bind_text (deal, 5, ds_landscape_entity (ls, d->target)->id, -1, SQLITE_STATIC);
      bind_optional_text (deal, 6, d->tranche_of == DS_NONE ? NULL : ds_landscape_deal (ls, d->tranche_of)->id);
      bind_optional_text (deal, 7, d->note);
      sqlite3_bind_text (deal, 8, ds_landscape_source (ls, d->source)->id, -1, SQLITE_STATIC);
      sqlite3_bind_text (deal, 9, ds_confidence_to_string (d->confidence), -1, SQLITE_STATIC);
      bind_deal_values (deal, 10, ls, d);
      if (!step_done (self, deal, error))
        return FALSE;
    }
  return TRUE;
}

static DsIndex entity_parent (DsLandscape *ls, guint i) { return ds_landscape_entity (ls, i)->parent; }
static DsIndex deal_tranche (DsLandscape *ls, guint i) { return ds_landscape_deal (ls, i)->tranche_of; }

/* Sets a self-reference (entity parent, deal tranche) once all rows of the
 * table are in: `update` takes ?1 = rowid, ?2 = the referenced rowid. */
static gboolean
link_rows (DsStore      *self,
           const char   *update,
           guint         n,
           DsIndex     (*target_of) (DsLandscape *, guint),
           DsLandscape  *ls,
           GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  for (guint i = 0; i < n; i++)
    {
      DsIndex target = target_of (ls, i);
      if (target == DS_NONE)
        continue;
      if (stmt == NULL && (stmt = prepare (self, update, error)) == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, (gint64) i + 1);
      sqlite3_bind_int64 (stmt, 2, (gint64) target + 1);
      if (!step_done (self, stmt, error))
        return FALSE;
    }
  return TRUE;
}

/* Every row of the landscape's tables, children first. */
#define DELETE_LANDSCAPE_SQL \
  "DELETE FROM scenario_settings; DELETE FROM scenario_deals; DELETE FROM scenarios;" \
  "DELETE FROM metrics; DELETE FROM deals; DELETE FROM relations;" \
  "DELETE FROM entities; DELETE FROM sources;"

static gboolean
write_all (DsStore     *self,
           DsLandscape *ls,
           GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

#define PREPARE(sql) \
  G_STMT_START { g_clear_pointer (&stmt, sqlite3_finalize); \
    if ((stmt = prepare (self, sql, error)) == NULL) return FALSE; } G_STMT_END

  if (!exec (self, DELETE_LANDSCAPE_SQL, error))
    return FALSE;

  PREPARE ("INSERT INTO sources (rowid, id, title, publisher, date, url) VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
  for (guint i = 0; i < ls->sources->len; i++)
    {
      const DsSource *s = ds_landscape_source (ls, i);
      sqlite3_bind_int64 (stmt, 1, i + 1);
      sqlite3_bind_text (stmt, 2, s->id, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 3, s->title, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 4, s->publisher, -1, SQLITE_STATIC);
      sqlite3_bind_int (stmt, 5, s->date);
      bind_optional_text (stmt, 6, s->url);
      if (!step_done (self, stmt, error))
        return FALSE;
    }

  PREPARE ("INSERT INTO entities (rowid, id, name, kind, parent, description) VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
  for (guint i = 0; i < ls->entities->len; i++)
    {
      const DsEntity *e = ds_landscape_entity (ls, i);
      sqlite3_bind_int64 (stmt, 1, i + 1);
      sqlite3_bind_text (stmt, 2, e->id, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 3, e->name, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 4, ds_entity_kind_to_string (e->kind), -1, SQLITE_STATIC);
      /* Parents are set after every entity exists (below): a forward
       * reference would leave a deferred violation open, and while one is
       * open SQLite scans the table on every insert. */
      sqlite3_bind_null (stmt, 5);
      bind_optional_text (stmt, 6, e->description);
      if (!step_done (self, stmt, error))
        return FALSE;
    }
  if (!link_rows (self, "UPDATE entities SET parent = ?2 WHERE rowid = ?1", ls->entities->len,
                  entity_parent, ls, error))
    return FALSE;

  PREPARE ("INSERT INTO relations (rowid, id, kind, from_entity, to_entity, date, source, confidence, note) "
           "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)");
  for (guint i = 0; i < ls->relations->len; i++)
    {
      const DsRelation *r = ds_landscape_relation (ls, i);
      sqlite3_bind_int64 (stmt, 1, i + 1);
      sqlite3_bind_text (stmt, 2, r->id, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 3, ds_relation_kind_to_string (r->kind), -1, SQLITE_STATIC);
      bind_optional_index (stmt, 4, r->from);
      bind_optional_index (stmt, 5, r->to);
      if (r->date == DS_DATE_NONE)
        sqlite3_bind_null (stmt, 6);
      else
        sqlite3_bind_int (stmt, 6, r->date);
      bind_optional_index (stmt, 7, r->source);
      sqlite3_bind_text (stmt, 8, ds_confidence_to_string (r->confidence), -1, SQLITE_STATIC);
      bind_optional_text (stmt, 9, r->note);
      if (!step_done (self, stmt, error))
        return FALSE;
    }

  PREPARE ("INSERT INTO deals (rowid, id, investor, target, tranche_of, note, source, confidence, "
           DEAL_VALUE_COLUMNS ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, "
           "?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22)");
  for (guint i = 0; i < ls->deals->len; i++)
    {
      const DsDeal *d = ds_landscape_deal (ls, i);
      sqlite3_bind_int64 (stmt, 1, i + 1);
      sqlite3_bind_text (stmt, 2, d->id, -1, SQLITE_STATIC);
      bind_optional_index (stmt, 3, d->investor);
      bind_optional_index (stmt, 4, d->target);
      sqlite3_bind_null (stmt, 5); /* tranche_of: linked below, as parents are */
      bind_optional_text (stmt, 6, d->note);
      bind_optional_index (stmt, 7, d->source);
      sqlite3_bind_text (stmt, 8, ds_confidence_to_string (d->confidence), -1, SQLITE_STATIC);
      bind_deal_values (stmt, 9, ls, d);
      if (!step_done (self, stmt, error))
        return FALSE;
    }

  if (!link_rows (self, "UPDATE deals SET tranche_of = ?2 WHERE rowid = ?1", ls->deals->len,
                  deal_tranche, ls, error))
    return FALSE;

  PREPARE ("INSERT INTO metrics (rowid, entity, name, date, value, unit, source, confidence) "
           "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
  for (guint i = 0; i < ls->metrics->len; i++)
    {
      const DsMetric *m = ds_landscape_metric (ls, i);
      sqlite3_bind_int64 (stmt, 1, i + 1);
      bind_optional_index (stmt, 2, m->entity);
      sqlite3_bind_text (stmt, 3, m->name, -1, SQLITE_STATIC);
      sqlite3_bind_int (stmt, 4, m->date);
      sqlite3_bind_double (stmt, 5, m->value);
      sqlite3_bind_text (stmt, 6, m->unit, -1, SQLITE_STATIC);
      bind_optional_index (stmt, 7, m->source);
      sqlite3_bind_text (stmt, 8, ds_confidence_to_string (m->confidence), -1, SQLITE_STATIC);
      if (!step_done (self, stmt, error))
        return FALSE;
    }
#undef PREPARE

  for (guint i = 0; i < ls->scenarios->len; i++)
    if (!write_scenario (self, ls, (DsIndex) i, error))
      return FALSE;
  return TRUE;
}

static gboolean G_GNUC_PRINTF (3, 4)
refuse_reference (DsStore    *self,
                  GError    **error,
                  const char *format,
                  ...)
{
  g_autofree char *what = NULL;
  va_list args;

  va_start (args, format);
  what = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error (error, DS_STORE_ERROR, DS_STORE_ERROR_INVALID,
               "%s: the document refused the change (%s); nothing was written", self->path, what);
  return FALSE;
}

static gboolean
index_ok (DsIndex  i,
          guint    n,
          gboolean optional)
{
  return i == DS_NONE ? optional : (i >= 0 && (guint) i < n);
}

/* Every reference between the landscape's rows, checked in one pass over
 * the arrays. The rows reference each other by rowid = index + 1 and are all
 * written in one transaction, so this is what the schema's foreign keys would
 * find at commit; it lets a bulk write run with them off (see below). */
static gboolean
check_references (DsStore     *self,
                  DsLandscape *ls,
                  GError     **error)
{
  guint ne = ls->entities->len, ns = ls->sources->len;

  for (guint i = 0; i < ne; i++)
    if (!index_ok (ds_landscape_entity (ls, i)->parent, ne, TRUE))
      return refuse_reference (self, error, "entity “%s” has a parent that is not in the landscape",
                               ds_landscape_entity (ls, i)->id);
  for (guint i = 0; i < ls->relations->len; i++)
    {
      const DsRelation *r = ds_landscape_relation (ls, i);
      if (!index_ok (r->from, ne, FALSE) || !index_ok (r->to, ne, FALSE) || !index_ok (r->source, ns, FALSE))
        return refuse_reference (self, error, "relation “%s” names an entity or source that is not in the landscape", r->id);
    }
  for (guint i = 0; i < ls->deals->len; i++)
    {
      const DsDeal *d = ds_landscape_deal (ls, i);
      if (!index_ok (d->investor, ne, FALSE) || !index_ok (d->target, ne, FALSE) ||
          !index_ok (d->source, ns, FALSE) || !index_ok (d->chip, ne, TRUE) ||
          !index_ok (d->tranche_of, ls->deals->len, TRUE))
        return refuse_reference (self, error, "deal “%s” names an entity, source or deal that is not in the landscape", d->id);
    }
  for (guint i = 0; i < ls->metrics->len; i++)
    {
      const DsMetric *m = ds_landscape_metric (ls, i);
      if (!index_ok (m->entity, ne, FALSE) || !index_ok (m->source, ns, FALSE))
        return refuse_reference (self, error, "metric “%s” names an entity or source that is not in the landscape", m->name);
    }
  for (guint i = 0; i < ls->scenarios->len; i++)
    if (!index_ok (ds_landscape_scenario (ls, i)->base, ls->scenarios->len, TRUE))
      return refuse_reference (self, error, "scenario “%s” builds on a scenario that is not in the landscape",
                               ds_landscape_scenario (ls, i)->id);
  return TRUE;
}

/* ---- imports in the edit log ---- */

/* The landscape's tables, as write_all fills them; a snapshot of the
 * landscape is their rows, in edit_log_snapshot_<table> (schema-5.sql). */
static const char *const landscape_tables[] = {
  "sources", "entities", "relations", "deals", "metrics",
  "scenarios", "scenario_settings", "scenario_deals",
};

/* Steps a write of the edit log's rows; failures say so, as DsEditLog's own. */
static gboolean
step_log_write (DsStore      *self,
                sqlite3_stmt *stmt,
                GError      **error)
{
  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      g_set_error (error, DS_STORE_ERROR, DS_STORE_ERROR_IO,
                   "Could not write the edit log of %s: %s; check that the document is writable and not damaged",
                   self->path, sqlite3_errmsg (self->db));
      return FALSE;
    }
  return TRUE;
}

gboolean
ds_store_write_log_cursor (DsStore  *self,
                           guint     cursor,
                           GError  **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (DS_IS_STORE (self), FALSE);
  g_return_val_if_fail (self->txn_depth > 0, FALSE);

  if ((stmt = prepare (self, "INSERT OR REPLACE INTO meta (key, value) VALUES ('edit_log_cursor', ?1)",
                       error)) == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, cursor);
  return step_log_write (self, stmt, error);
}

gboolean
ds_store_append_log_edit (DsStore    *self,
                          guint       cursor,
                          const char *scenario,
                          const char *target,
                          const char *target_id,
                          const char *field,
                          const char *old_value,
                          const char *new_value,
                          GError    **error)
{
  g_autoptr(sqlite3_stmt) insert = NULL;

  g_return_val_if_fail (DS_IS_STORE (self), FALSE);
  g_return_val_if_fail (self->txn_depth > 0, FALSE);

  if ((insert = prepare (self, "INSERT INTO edit_log (seq, scenario, target, target_id, field, old_value, "
                               "new_value, time) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)", error)) == NULL)
    return FALSE;
  sqlite3_bind_int64 (insert, 1, (gint64) cursor + 1);
  bind_optional_text (insert, 2, scenario);
  sqlite3_bind_text (insert, 3, target, -1, SQLITE_STATIC);
  sqlite3_bind_text (insert, 4, target_id, -1, SQLITE_STATIC);
  bind_optional_text (insert, 5, field);
  bind_optional_text (insert, 6, old_value);
  bind_optional_text (insert, 7, new_value);
  sqlite3_bind_int64 (insert, 8, g_get_real_time () / G_USEC_PER_SEC);
  return step_log_write (self, insert, error) && ds_store_write_log_cursor (self, cursor + 1, error);
}

static gboolean
exec_int (DsStore    *self,
          const char *sql,
          gint64      value,
          GError    **error)
{
  g_autoptr(sqlite3_stmt) stmt = prepare (self, sql, error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, value);
  return step_done (self, stmt, error);
}

/* Snapshots that no import row names any more, with their rows. */
static gboolean
drop_unused_snapshots (DsStore  *self,
                       GError  **error)
{
  g_autoptr(sqlite3_stmt) unused = NULL;
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  int rc;

  unused = prepare (self, "SELECT snapshot FROM edit_log_snapshots WHERE snapshot NOT IN "
                          "(SELECT CAST(old_value AS INTEGER) FROM edit_log WHERE target = 'import' "
                          "AND old_value IS NOT NULL UNION SELECT CAST(new_value AS INTEGER) FROM edit_log "
                          "WHERE target = 'import' AND new_value IS NOT NULL)", error);
  if (unused == NULL)
    return FALSE;
  while ((rc = sqlite3_step (unused)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (unused, 0);
      g_array_append_val (ids, id);
    }
  if (rc != SQLITE_DONE)
    {
      set_sqlite_error (error, self->db, rc, self->path, "reading the edit log");
      return FALSE;
    }
  for (guint i = 0; i < ids->len; i++)
    {
      gint64 id = g_array_index (ids, gint64, i);

      for (guint t = 0; t < G_N_ELEMENTS (landscape_tables); t++)
        {
          g_autofree char *sql = g_strdup_printf ("DELETE FROM edit_log_snapshot_%s WHERE snapshot = ?1",
                                                  landscape_tables[t]);
          if (!exec_int (self, sql, id, error))
            return FALSE;
        }
      if (!exec_int (self, "DELETE FROM edit_log_snapshots WHERE snapshot = ?1", id, error))
        return FALSE;
    }
  return TRUE;
}

gboolean
ds_store_drop_log_after (DsStore  *self,
                         guint     seq,
                         GError  **error)
{
  g_return_val_if_fail (DS_IS_STORE (self), FALSE);
  g_return_val_if_fail (self->txn_depth > 0, FALSE);

  /* Children first, by hand: with foreign keys off (an import) their
   * cascade does not run. */
  return exec_int (self, "DELETE FROM edit_log_scenario_settings WHERE seq > ?1", seq, error) &&
         exec_int (self, "DELETE FROM edit_log_scenario_deals WHERE seq > ?1", seq, error) &&
         exec_int (self, "DELETE FROM edit_log_scenarios WHERE seq > ?1", seq, error) &&
         exec_int (self, "DELETE FROM edit_log WHERE seq > ?1", seq, error) &&
         drop_unused_snapshots (self, error);
}

/* "rowid, id, name, ...": the columns of a landscape table in this
 * document, in their order, which its snapshot table repeats after
 * `snapshot`. Read from the schema so that a column added by a later
 * version is copied without a second list to keep in step. */
static char *
table_columns (DsStore     *self,
               const char  *table,
               GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = prepare (self, "SELECT name FROM pragma_table_info(?1) ORDER BY cid", error);
  g_autoptr(GString) columns = g_string_new (NULL);
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, table, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      if (columns->len > 0)
        g_string_append (columns, ", ");
      g_string_append (columns, (const char *) sqlite3_column_text (stmt, 0));
    }
  if (rc != SQLITE_DONE || columns->len == 0)
    {
      set_sqlite_error (error, self->db, rc == SQLITE_DONE ? SQLITE_CORRUPT : rc, self->path,
                        "reading its schema");
      return NULL;
    }
  return g_string_free (g_steal_pointer (&columns), FALSE);
}

/* Copies every landscape row into a new snapshot; returns its number. */
static gint64
take_snapshot (DsStore  *self,
               GError  **error)
{
  g_autoptr(sqlite3_stmt) add = prepare (self, "INSERT INTO edit_log_snapshots (snapshot, time) "
                                               "VALUES ((SELECT coalesce(max(snapshot), 0) + 1 FROM "
                                               "edit_log_snapshots), ?1) RETURNING snapshot", error);
  gint64 id;

  if (add == NULL)
    return 0;
  sqlite3_bind_int64 (add, 1, g_get_real_time () / G_USEC_PER_SEC);
  if (sqlite3_step (add) != SQLITE_ROW)
    {
      set_sqlite_error (error, self->db, sqlite3_errcode (self->db), self->path, "writing the edit log");
      return 0;
    }
  id = sqlite3_column_int64 (add, 0);
  if (!step_done (self, add, error))
    return 0;
  for (guint t = 0; t < G_N_ELEMENTS (landscape_tables); t++)
    {
      g_autofree char *columns = table_columns (self, landscape_tables[t], error);
      g_autofree char *sql = NULL;

      if (columns == NULL)
        return 0;
      sql = g_strdup_printf ("INSERT INTO edit_log_snapshot_%s (snapshot, %s) SELECT ?1, %s FROM %s",
                             landscape_tables[t], columns, columns, landscape_tables[t]);
      if (!exec_int (self, sql, id, error))
        return 0;
    }
  return id;
}

/* Replaces the landscape's rows by those of snapshot `id`, row ids and all. */
static gboolean
put_back_snapshot (DsStore  *self,
                   gint64    id,
                   GError  **error)
{
  int present = 0, rc;
  g_autofree char *exists = g_strdup_printf ("SELECT count(*) FROM edit_log_snapshots WHERE snapshot = %"
                                             G_GINT64_FORMAT, id);

  if (!query_int (self->db, exists, &present, &rc) || present != 1)
    {
      g_set_error (error, DS_STORE_ERROR, DS_STORE_ERROR_CORRUPT,
                   "%s: the edit log has lost the landscape of that import (snapshot %" G_GINT64_FORMAT
                   "); the document is unchanged", self->path, id);
      return FALSE;
    }
  if (!exec (self, DELETE_LANDSCAPE_SQL, error))
    return FALSE;
  for (guint t = 0; t < G_N_ELEMENTS (landscape_tables); t++)
    {
      g_autofree char *columns = table_columns (self, landscape_tables[t], error);
      g_autofree char *sql = NULL;

      if (columns == NULL)
        return FALSE;
      sql = g_strdup_printf ("INSERT INTO %s (%s) SELECT %s FROM edit_log_snapshot_%s WHERE snapshot = ?1",
                             landscape_tables[t], columns, columns, landscape_tables[t]);
      if (!exec_int (self, sql, id, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
read_log_cursor (DsStore  *self,
                 guint    *out_cursor,
                 GError  **error)
{
  g_autoptr(sqlite3_stmt) stmt = prepare (self, "SELECT (SELECT CAST(value AS INTEGER) FROM meta WHERE "
                                                "key = 'edit_log_cursor'), (SELECT count(*) FROM edit_log)",
                                          error);

  if (stmt == NULL)
    return FALSE;
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      set_sqlite_error (error, self->db, sqlite3_errcode (self->db), self->path, "reading the edit log");
      return FALSE;
    }
  *out_cursor = (guint) CLAMP (sqlite3_column_int64 (stmt, 0), 0, sqlite3_column_int64 (stmt, 1));
  return TRUE;
}

/* Beyond the last DS_STORE_UNDOABLE_IMPORTS imports, the landscapes before
 * and after an import are forgotten: its row stays, undo stops at it. */
static gboolean
forget_old_imports (DsStore  *self,
                    GError  **error)
{
  g_autofree char *sql = g_strdup_printf ("UPDATE edit_log SET old_value = NULL, new_value = NULL WHERE seq IN "
                                          "(SELECT seq FROM edit_log WHERE target = 'import' AND old_value IS NOT NULL "
                                          "ORDER BY seq DESC LIMIT -1 OFFSET %d)", DS_STORE_UNDOABLE_IMPORTS);

  return exec (self, sql, error) && drop_unused_snapshots (self, error);
}

/* The body of a whole-landscape write, inside its transaction. */
typedef gboolean (*RewriteFunc) (DsStore *self, gpointer data, GError **error);

/* Runs `write` in one transaction, committed when it returns TRUE and
 * rolled back otherwise, with foreign keys off: references are checked in
 * one pass over the arrays instead (check_references). With them on, each
 * DELETE of the old rows looks for children through columns without an
 * index (a scan of every deal per entity: an import into a 80k-deal
 * document took minutes), the truncate optimization is off, and every
 * insert looks its parents up. The pragma is a no-op inside a transaction,
 * so a caller's transaction keeps them.
 *
 * The rewrite stays in WAL. Under the rollback journal a new document's
 * pages would be written once instead of twice (WAL, then checkpoint),
 * about a tenth of the wall time of a million rows, but a rewrite killed
 * half-way then leaves a hot journal, and the read-only header check of
 * ds_store_open cannot roll it back: the document would be refused
 * ("attempt to write a readonly database") until sqlite3 opened it.
 * /crash-safety/sigkill-import kills an import mid-write. */
static gboolean
run_rewrite (DsStore     *self,
             RewriteFunc  write,
             gpointer     data,
             GError     **error)
{
  gboolean keys_off = self->txn_depth == 0, ok;

  if (keys_off && !exec (self, "PRAGMA foreign_keys = OFF", error))
    return FALSE;
  if (!ds_store_begin (self, error))
    ok = FALSE;
  else if (!write (self, data, error))
    {
      ds_store_rollback (self);
      ok = FALSE;
    }
  else
    ok = ds_store_commit (self, error);
  if (keys_off)
    sqlite3_exec (self->db, "PRAGMA foreign_keys = ON", NULL, NULL, NULL);
  return ok;
}

/* The edit log names deals and scenarios of the landscape it replaces, so
 * it goes with it, in the same transaction; ds_store_import is the write
 * that keeps it (docs/architecture.md, "The CLI's edits and imports"). */
static gboolean
replace_all_write (DsStore  *self,
                   gpointer  landscape,
                   GError  **error)
{
  return write_all (self, landscape, error) &&
         ds_store_drop_log_after (self, 0, error) &&
         ds_store_write_log_cursor (self, 0, error);
}

gboolean
ds_store_replace_all (DsStore     *self,
                      DsLandscape *landscape,
                      GError     **error)
{
  g_return_val_if_fail (DS_IS_STORE (self), FALSE);

  return check_references (self, landscape, error) && run_rewrite (self, replace_all_write, landscape, error);
}

typedef struct {
  DsLandscape *landscape;
  const char  *source;
} ImportWrite;

static gboolean
import_write (DsStore  *self,
              gpointer  data,
              GError  **error)
{
  ImportWrite *w = data;
  g_autofree char *before = NULL;
  guint cursor = 0;
  gint64 snapshot;

  /* The row goes after the applied edits, as any edit: the redo tail goes
   * first, before the snapshot, which no row names until the last step. */
  if (!read_log_cursor (self, &cursor, error) ||
      !ds_store_drop_log_after (self, cursor, error) ||
      (snapshot = take_snapshot (self, error)) == 0 ||
      !write_all (self, w->landscape, error))
    return FALSE;
  before = g_strdup_printf ("%" G_GINT64_FORMAT, snapshot);
  return ds_store_append_log_edit (self, cursor, NULL, "import", w->source, "import", before, NULL, error) &&
         forget_old_imports (self, error);
}

gboolean
ds_store_import (DsStore     *self,
                 DsLandscape *landscape,
                 const char  *source,
                 GError     **error)
{
  ImportWrite w = { landscape, source };

  g_return_val_if_fail (DS_IS_STORE (self), FALSE);
  g_return_val_if_fail (landscape != NULL, FALSE);
  g_return_val_if_fail (source != NULL, FALSE);

  return check_references (self, landscape, error) && run_rewrite (self, import_write, &w, error);
}

typedef struct {
  gint64   seq;
  gboolean undo;
  guint    cursor;
} ImportStep;

static gboolean
import_step_write (DsStore  *self,
                   gpointer  data,
                   GError  **error)
{
  ImportStep *st = data;
  g_autoptr(sqlite3_stmt) read = NULL;
  gint64 before, after;

  if ((read = prepare (self, "SELECT old_value IS NULL, CAST(old_value AS INTEGER), CAST(new_value AS INTEGER), "
                             "target_id FROM edit_log WHERE seq = ?1 AND target = 'import'", error)) == NULL)
    return FALSE;
  sqlite3_bind_int64 (read, 1, st->seq);
  if (sqlite3_step (read) != SQLITE_ROW)
    {
      g_set_error (error, DS_STORE_ERROR, DS_STORE_ERROR_CORRUPT,
                   "%s: the edit log has no import at edit %" G_GINT64_FORMAT "; the document is unchanged",
                   self->path, st->seq);
      return FALSE;
    }
  if (sqlite3_column_int (read, 0))
    {
      g_set_error (error, DS_STORE_ERROR, DS_STORE_ERROR_INVALID,
                   "The import of %s can no longer be undone: the edit log keeps the landscapes of the "
                   "last %d imports only", (const char *) sqlite3_column_text (read, 3),
                   DS_STORE_UNDOABLE_IMPORTS);
      return FALSE;
    }
  before = sqlite3_column_int64 (read, 1);
  after = sqlite3_column_int64 (read, 2);
  g_clear_pointer (&read, sqlite3_finalize);
  /* The landscape the import wrote is kept at its first undo, for redo:
   * nothing in the log above the import is applied now, so the document
   * holds just that landscape. */
  if (st->undo && after == 0)
    {
      g_autoptr(sqlite3_stmt) name = NULL;

      if ((after = take_snapshot (self, error)) == 0 ||
          (name = prepare (self, "UPDATE edit_log SET new_value = ?2 WHERE seq = ?1", error)) == NULL)
        return FALSE;
      sqlite3_bind_int64 (name, 1, st->seq);
      sqlite3_bind_int64 (name, 2, after);
      if (!step_done (self, name, error))
        return FALSE;
    }
  return put_back_snapshot (self, st->undo ? before : after, error) &&
         ds_store_write_log_cursor (self, st->cursor, error);
}

gboolean
ds_store_step_import (DsStore  *self,
                      gint64    seq,
                      gboolean  undo,
                      guint     cursor,
                      GError  **error)
{
  ImportStep st = { seq, undo, cursor };

  g_return_val_if_fail (DS_IS_STORE (self), FALSE);

  return run_rewrite (self, import_step_write, &st, error);
}

gboolean
ds_store_save_scenario (DsStore     *self,
                        DsLandscape *landscape,
                        DsIndex      scenario,
                        GError     **error)
{
  g_return_val_if_fail (DS_IS_STORE (self), FALSE);

  if (!ds_store_begin (self, error))
    return FALSE;
  if (!write_scenario (self, landscape, scenario, error))
    {
      ds_store_rollback (self);
      return FALSE;
    }
  return ds_store_commit (self, error);
}

gboolean
ds_store_update_deal (DsStore     *self,
                      DsLandscape *landscape,
                      DsIndex      deal_index,
                      GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  const DsDeal *d;

  g_return_val_if_fail (DS_IS_STORE (self), FALSE);
  g_return_val_if_fail (deal_index >= 0 && deal_index < ds_landscape_n_deals (landscape), FALSE);

  d = ds_landscape_deal (landscape, deal_index);
  if (!ds_store_begin (self, error))
    return FALSE;
  if ((stmt = prepare (self, "UPDATE deals SET (" DEAL_VALUE_COLUMNS ") = "
                             "(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14) WHERE id = ?15", error)) == NULL)
    goto fail;
  bind_deal_values (stmt, 1, landscape, d);
  sqlite3_bind_text (stmt, 15, d->id, -1, SQLITE_STATIC);
  if (!step_done (self, stmt, error))
    goto fail;
  if (sqlite3_changes (self->db) != 1)
    {
      g_set_error (error, DS_STORE_ERROR, DS_STORE_ERROR_INVALID,
                   "%s has no deal “%s” to update; reopen the document, it was changed by another program",
                   self->path, d->id);
      goto fail;
    }
  return ds_store_commit (self, error);

fail:
  ds_store_rollback (self);
  return FALSE;
}

gboolean
ds_store_delete_scenario (DsStore     *self,
                          const char  *scenario_id,
                          GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (!ds_store_begin (self, error))
    return FALSE;
  if ((stmt = prepare (self, "DELETE FROM scenarios WHERE id = ?1", error)) == NULL)
    {
      ds_store_rollback (self);
      return FALSE;
    }
  sqlite3_bind_text (stmt, 1, scenario_id, -1, SQLITE_STATIC);
  if (!step_done (self, stmt, error))
    {
      ds_store_rollback (self);
      return FALSE;
    }
  return ds_store_commit (self, error);
}

gboolean
ds_store_load_positions (DsStore     *self,
                         DsLandscape *landscape,
                         double      *x,
                         double      *y,
                         guint8      *known,
                         guint8      *pinned,
                         GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  guint n = landscape->entities->len;

  if (self->read_positions.landscape == landscape && self->read_positions.n == n)
    {
      /* Read beside the landscape it belongs to (see read_deals_worker). */
      memcpy (x, self->read_positions.x, n * sizeof (double));
      memcpy (y, self->read_positions.y, n * sizeof (double));
      memcpy (known, self->read_positions.known, n);
      if (pinned != NULL)
        memcpy (pinned, self->read_positions.pinned, n);
      read_positions_clear (&self->read_positions);
      return TRUE;
    }
  read_positions_clear (&self->read_positions);
  if ((stmt = prepare (self, POSITIONS_SELECT, error)) == NULL)
    return FALSE;
  return step_error (self, step_positions (stmt, landscape, x, y, known, pinned), error);
}

/* At the start of a write transaction (BEGIN IMMEDIATE: the newest
 * snapshot): whether `landscape` is still exactly what the document holds,
 * because it is what the last full read returned and nobody has written
 * since, neither this connection (its change count) nor another (the data
 * version). */
static gboolean
unchanged_since_read (DsStore           *self,
                      const DsLandscape *landscape)
{
  int data_version = 0, rc;

  return self->read_serial != 0 && self->read_serial == ds_landscape_serial (landscape) &&
         sqlite3_total_changes64 (self->db) == self->read_changes &&
         query_int (self->db, "PRAGMA data_version", &data_version, &rc) &&
         data_version == self->read_data_version;
}

gboolean
ds_store_save_positions (DsStore      *self,
                         DsLandscape  *landscape,
                         const double *x,
                         const double *y,
                         const guint8 *pinned,
                         GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gboolean current;

  if (!ds_store_begin (self, error))
    return FALSE;
  /* Positions are not part of the landscape: it stays what the document
   * holds, and the preview can be written again with the new ones. */
  current = unchanged_since_read (self, landscape);
  if ((stmt = prepare (self, "INSERT OR REPLACE INTO positions (entity, x, y, pinned) "
                             "VALUES (?1, ?2, ?3, ?4)", error)) == NULL)
    goto fail;
  for (guint i = 0; i < landscape->entities->len; i++)
    {
      sqlite3_bind_text (stmt, 1, ds_landscape_entity (landscape, i)->id, -1, SQLITE_STATIC);
      sqlite3_bind_double (stmt, 2, x[i]);
      sqlite3_bind_double (stmt, 3, y[i]);
      sqlite3_bind_int (stmt, 4, pinned != NULL && pinned[i]);
      if (!step_done (self, stmt, error))
        goto fail;
    }
  if (current && self->preview_on_save)
    write_preview (self, landscape, x, y, NULL, pinned);
  if (!ds_store_commit (self, error))
    return FALSE;
  if (current)
    self->read_changes = sqlite3_total_changes64 (self->db);
  return TRUE;

fail:
  ds_store_rollback (self);
  return FALSE;
}

gboolean
ds_store_save_positions_of (DsStore           *self,
                            guint              n,
                            const char *const *ids,
                            const double      *x,
                            const double      *y,
                            const guint8      *pinned,
                            GError           **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (n == 0 || (ids != NULL && x != NULL && y != NULL), FALSE);
  if (n == 0)
    return TRUE;
  if (!ds_store_begin (self, error))
    return FALSE;
  if ((stmt = prepare (self, "INSERT OR REPLACE INTO positions (entity, x, y, pinned) "
                             "VALUES (?1, ?2, ?3, ?4)", error)) == NULL)
    goto fail;
  for (guint i = 0; i < n; i++)
    {
      sqlite3_bind_text (stmt, 1, ids[i], -1, SQLITE_STATIC);
      sqlite3_bind_double (stmt, 2, x[i]);
      sqlite3_bind_double (stmt, 3, y[i]);
      sqlite3_bind_int (stmt, 4, pinned != NULL && pinned[i]);
      if (!step_done (self, stmt, error))
        goto fail;
    }
  return ds_store_commit (self, error);

fail:
  ds_store_rollback (self);
  return FALSE;
}

/* ---- open and read on a worker ---- */

typedef struct {
  char        *path;
  DsStore     *store;
  DsLandscape *landscape;
} OpenLoad;

static void
open_load_free (OpenLoad *job)
{
  g_free (job->path);
  g_clear_object (&job->store);
  g_clear_pointer (&job->landscape, ds_landscape_unref);
  g_free (job);
}

static void
open_load_thread (GTask        *task,
                  gpointer      source,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  OpenLoad *job = task_data;
  GError *error = NULL;

  job->store = ds_store_open (job->path, DS_STORE_OPEN_DEFAULT, &error);
  if (job->store != NULL)
    job->landscape = ds_store_load (job->store, &error);
  if (job->landscape == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

void
ds_store_open_and_load_async (const char          *path,
                              gpointer             source_object,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  OpenLoad *job;

  g_return_if_fail (path != NULL);
  task = g_task_new (source_object, cancellable, callback, user_data);
  job = g_new0 (OpenLoad, 1);
  job->path = g_strdup (path);
  g_task_set_source_tag (task, ds_store_open_and_load_async);
  g_task_set_task_data (task, job, (GDestroyNotify) open_load_free);
  g_task_set_return_on_cancel (task, TRUE);
  g_task_run_in_thread (task, open_load_thread);
}

gboolean
ds_store_open_and_load_finish (GAsyncResult  *result,
                               DsStore      **store,
                               DsLandscape  **landscape,
                               GError       **error)
{
  OpenLoad *job;

  g_return_val_if_fail (G_IS_TASK (result), FALSE);
  if (!g_task_propagate_boolean (G_TASK (result), error))
    return FALSE;
  job = g_task_get_task_data (G_TASK (result));
  *store = g_steal_pointer (&job->store);
  *landscape = g_steal_pointer (&job->landscape);
  return TRUE;
}
