/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ds-dataset.h: the dataset JSON interchange format ("dealscape/1"): a
 * validating reader that reports every problem by JSON path, and a writer
 * whose output reads back to the same bytes. */
#pragma once

#include <gio/gio.h>

#include "ds-landscape.h"

G_BEGIN_DECLS

#define DS_IMPORT_ERROR (ds_import_error_quark ())
GQuark ds_import_error_quark (void);

typedef enum {
  DS_IMPORT_ERROR_SYNTAX,   /* not JSON: message has line and column */
  DS_IMPORT_ERROR_INVALID,  /* JSON, but not a valid dataset: message lists paths */
  DS_IMPORT_ERROR_IO,
} DsImportError;

#define DS_DATASET_FORMAT "dealscape/1"

/* Validates the whole document first; on any problem returns NULL and an
 * error whose message lists every problem as "deals[3].amount_usd: ...",
 * one per line (at most 50, then a count of the rest). `origin` names the
 * file in messages; may be NULL. */
DsLandscape *ds_dataset_read_bytes (GBytes      *json,
                                    const char  *origin,
                                    GError     **error);
DsLandscape *ds_dataset_read_file  (const char  *path,
                                    GError     **error);
/* The dataset bundled in the library's GResource. */
DsLandscape *ds_dataset_read_bundled (GError   **error);

/* Deterministic, pretty-printed JSON. */
char        *ds_dataset_write      (DsLandscape *landscape,
                                    gsize       *length);
/* Written to a temporary file in the same folder, then renamed into place. */
gboolean     ds_dataset_write_file (DsLandscape *landscape,
                                    const char  *path,
                                    GError     **error);

G_END_DECLS
