/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ds-json.c: strict RFC 8259 parsing into an arena-backed document; it exists
 * because json-glib's GObject nodes made large dataset imports slow. */
#define G_LOG_DOMAIN "ds-json"

#include "config.h"

#include <errno.h>
#include <math.h>
#include <string.h>

#include "ds-json.h"

G_DEFINE_QUARK (ds-json-error-quark, ds_json_error)

/* ---- the document ---- */

typedef struct _DsJsonMember DsJsonMember;

struct _DsJsonValue {
  guint8  type;
  guint32 line;
  guint32 column;
  guint32 n;            /* string bytes, array items or object members */
  union {
    gboolean      boolean;
    double        number;
    const char   *string;
    DsJsonValue  *items;
    DsJsonMember *members;
  } u;
};

struct _DsJsonMember {
  const char  *name;
  DsJsonValue  value;
};

typedef struct _Block Block;
struct _Block {
  Block  *next;
  gsize   size;
  gsize   used;
  /* Keeps `data` aligned for doubles and pointers. */
  union { double d; void *p; gint64 i; } data[];
};

struct _DsJsonDocument {
  Block       *blocks;
  gsize        next_block_size;
  DsJsonValue  root;
};

#define FIRST_BLOCK_SIZE (16 * 1024)
#define MAX_BLOCK_SIZE   (4 * 1024 * 1024)

static gpointer
arena_alloc (DsJsonDocument *doc,
             gsize           size)
{
  Block *b = doc->blocks;
  gpointer mem;

  size = (size + 7) & ~(gsize) 7;
  if (b == NULL || b->size - b->used < size)
    {
      gsize block_size = MAX (doc->next_block_size, size);

      b = g_malloc (sizeof (Block) + block_size);
      b->size = block_size;
      b->used = 0;
      b->next = doc->blocks;
      doc->blocks = b;
      if (doc->next_block_size < MAX_BLOCK_SIZE)
        doc->next_block_size *= 2;
    }
  mem = (char *) b->data + b->used;
  b->used += size;
  return mem;
}

void
ds_json_document_free (DsJsonDocument *doc)
{
  Block *b, *next;

  if (doc == NULL)
    return;
  for (b = doc->blocks; b != NULL; b = next)
    {
      next = b->next;
      g_free (b);
    }
  g_free (doc);
}

const DsJsonValue *
ds_json_document_root (DsJsonDocument *doc)
{
  g_return_val_if_fail (doc != NULL, NULL);
  return &doc->root;
}

/* ---- the parser ---- */

/* Values waiting for their container to close; names are NULL in arrays. */
typedef struct {
  const char  *name;
  guint32      hash;
  DsJsonValue  value;
} Slot;

typedef struct {
  const guchar   *start;
  const guchar   *p;
  const guchar   *end;
  const guchar   *line_start;
  guint           line;
  /* UTF-8 continuation bytes seen on this line before p, so that columns
   * count characters as editors do. */
  gsize           line_extra;
  DsJsonDocument *doc;
  Slot           *stack;
  gsize           stack_len;
  gsize           stack_size;
  GError        **error;
} Parser;

static guint
column_at (Parser       *ps,
           const guchar *at)
{
  const guchar *from = ps->line_start;
  guint column = 1;

  /* Errors inside a string may sit past line_extra's bookkeeping. */
  for (const guchar *q = from; q < at; q++)
    if ((*q & 0xC0) != 0x80)
      column++;
  return column;
}

static gboolean fail (Parser *ps, const guchar *at, DsJsonError code, const char *format, ...) G_GNUC_PRINTF (4, 5);

static gboolean
fail (Parser       *ps,
      const guchar *at,
      DsJsonError   code,
      const char   *format,
      ...)
{
  g_autofree char *what = NULL;
  va_list args;

  va_start (args, format);
  what = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error (ps->error, DS_JSON_ERROR, code, "%u:%u: %s", ps->line, column_at (ps, at), what);
  return FALSE;
}

/* Length of the valid UTF-8 sequence at p (RFC 3629: no overlongs, no
 * surrogates, nothing above U+10FFFF), or 0. */
static gsize
utf8_sequence (const guchar *p,
               const guchar *end,
               gunichar     *out)
{
  guchar c = p[0];
  gsize n;
  gunichar u, min;

  if (c < 0x80)
    {
      *out = c;
      return 1;
    }
  else if ((c & 0xE0) == 0xC0)
    n = 2, u = c & 0x1F, min = 0x80;
  else if ((c & 0xF0) == 0xE0)
    n = 3, u = c & 0x0F, min = 0x800;
  else if ((c & 0xF8) == 0xF0)
    n = 4, u = c & 0x07, min = 0x10000;
  else
    return 0;
  if ((gsize) (end - p) < n)
    return 0;
  for (gsize i = 1; i < n; i++)
    {
      if ((p[i] & 0xC0) != 0x80)
        return 0;
      u = (u << 6) | (p[i] & 0x3F);
    }
  if (u < min || u > 0x10FFFF || (u >= 0xD800 && u <= 0xDFFF))
    return 0;
  *out = u;
  return n;
}

/* "unexpected 'x'" for messages. */
static char *
describe (Parser       *ps,
          const guchar *at)
{
  gunichar u;

  if (at >= ps->end)
    return g_strdup ("unexpected end of input");
  if (*at >= 0x20 && *at < 0x7F)
    return g_strdup_printf ("unexpected '%c'", *at);
  if (*at < 0x80)
    return g_strdup_printf ("unexpected control character U+%04X", *at);
  if (utf8_sequence (at, ps->end, &u) > 0)
    return g_strdup_printf ("unexpected character U+%04X", u);
  return g_strdup_printf ("invalid UTF-8 byte 0x%02X", *at);
}

static gboolean
fail_unexpected (Parser       *ps,
                 const guchar *at,
                 const char   *expected)
{
  g_autofree char *what = describe (ps, at);
  gunichar u;
  DsJsonError code = DS_JSON_ERROR_SYNTAX;

  if (at < ps->end && *at >= 0x80 && utf8_sequence (at, ps->end, &u) == 0)
    code = DS_JSON_ERROR_UTF8;
  return fail (ps, at, code, "%s; expected %s", what, expected);
}

static inline void
skip_space (Parser *ps)
{
  const guchar *p = ps->p, *end = ps->end;

  while (p < end)
    {
      guchar c = *p;
      if (c == ' ' || c == '\t' || c == '\r')
        p++;
      else if (c == '\n')
        {
          p++;
          ps->line++;
          ps->line_start = p;
          ps->line_extra = 0;
        }
      else
        break;
    }
  ps->p = p;
}

static inline void
set_position (Parser      *ps,
              DsJsonValue *v)
{
  v->line = ps->line;
  v->column = (guint32) ((gsize) (ps->p - ps->line_start) - ps->line_extra + 1);
}

/* Bytes that end the quick scan of a string: quote, backslash, control
 * characters and non-ASCII, which need checking. */
static const guint8 string_special[256] = {
  [0x00 ... 0x1F] = 1, ['"'] = 1, ['\\'] = 1, [0x80 ... 0xFF] = 1,
};

static int
hex_value (guchar c)
{
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

static gboolean
read_hex4 (Parser       *ps,
           const guchar *p,
           gunichar     *out)
{
  gunichar u = 0;

  if (ps->end - p < 4)
    return fail (ps, p, DS_JSON_ERROR_SYNTAX, "\\u needs four hex digits");
  for (int i = 0; i < 4; i++)
    {
      int h = hex_value (p[i]);
      if (h < 0)
        return fail (ps, p + i, DS_JSON_ERROR_SYNTAX, "\\u needs four hex digits");
      u = (u << 4) | (gunichar) h;
    }
  *out = u;
  return TRUE;
}

/* Decodes the string whose body is [p, close) into out; returns the length
 * written. Never longer than the body: each escape shrinks or stays. */
static gboolean
decode_string (Parser       *ps,
               const guchar *p,
               const guchar *close,
               char         *out,
               gsize        *out_len)
{
  char *o = out;

  while (p < close)
    {
      guchar c = *p;

      if (c == '\\')
        {
          const guchar *escape = p;
          gunichar u;

          p++;
          switch (*p)
            {
            case '"': *o++ = '"'; p++; break;
            case '\\': *o++ = '\\'; p++; break;
            case '/': *o++ = '/'; p++; break;
            case 'b': *o++ = '\b'; p++; break;
            case 'f': *o++ = '\f'; p++; break;
            case 'n': *o++ = '\n'; p++; break;
            case 'r': *o++ = '\r'; p++; break;
            case 't': *o++ = '\t'; p++; break;
            case 'u':
              if (!read_hex4 (ps, p + 1, &u))
                return FALSE;
              p += 5;
              if (u >= 0xDC00 && u <= 0xDFFF)
                return fail (ps, escape, DS_JSON_ERROR_SYNTAX,
                             "\\u%04X is a lone low surrogate; it must follow a high surrogate", u);
              if (u >= 0xD800 && u <= 0xDBFF)
                {
                  gunichar low;
                  if (close - p < 6 || p[0] != '\\' || p[1] != 'u')
                    return fail (ps, escape, DS_JSON_ERROR_SYNTAX,
                                 "\\u%04X is a lone high surrogate; a \\uDC00-\\uDFFF escape must follow", u);
                  if (!read_hex4 (ps, p + 2, &low))
                    return FALSE;
                  if (low < 0xDC00 || low > 0xDFFF)
                    return fail (ps, escape, DS_JSON_ERROR_SYNTAX,
                                 "\\u%04X is a lone high surrogate; a \\uDC00-\\uDFFF escape must follow", u);
                  p += 6;
                  u = 0x10000 + ((u - 0xD800) << 10) + (low - 0xDC00);
                }
              o += g_unichar_to_utf8 (u, o);
              break;
            default:
              if (p >= close)
                return fail (ps, escape, DS_JSON_ERROR_SYNTAX, "unfinished escape at the end of a string");
              return fail (ps, escape, DS_JSON_ERROR_SYNTAX,
                           "invalid escape; use one of \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX");
            }
        }
      else if (c < 0x80)
        *o++ = (char) *p++;
      else
        {
          gunichar u;
          gsize n = utf8_sequence (p, close, &u);
          if (n == 0)
            return fail (ps, p, DS_JSON_ERROR_UTF8, "invalid UTF-8 in a string");
          memcpy (o, p, n);
          o += n;
          p += n;
          ps->line_extra += n - 1;
        }
    }
  *out_len = (gsize) (o - out);
  return TRUE;
}

/* At the opening quote. The string goes into the arena, NUL-terminated. */
static gboolean
parse_string (Parser      *ps,
              const char **out,
              guint32     *out_len)
{
  const guchar *body = ps->p + 1, *p = body, *end = ps->end;
  char *copy;
  gsize len = 0;

  while (p < end && !string_special[*p])
    p++;
  if (p < end && *p == '"')
    {
      len = (gsize) (p - body);
      copy = arena_alloc (ps->doc, len + 1);
      memcpy (copy, body, len);
    }
  else
    {
      /* Find the closing quote, then decode with every check. */
      while (p < end && *p != '"')
        {
          if (*p < 0x20)
            return fail (ps, p, DS_JSON_ERROR_SYNTAX,
                         "control character U+%04X in a string; write it as an escape such as \\n or \\u%04X",
                         *p, *p);
          if (*p == '\\' && p + 1 < end)
            p++;
          p++;
        }
      if (p >= end)
        return fail (ps, ps->p, DS_JSON_ERROR_SYNTAX, "unterminated string; a closing '\"' is missing");
      copy = arena_alloc (ps->doc, (gsize) (p - body) + 1);
      if (!decode_string (ps, body, p, copy, &len))
        return FALSE;
    }
  if (len > G_MAXUINT32)
    return fail (ps, ps->p, DS_JSON_ERROR_SYNTAX, "string too long");
  copy[len] = '\0';
  *out = copy;
  *out_len = (guint32) len;
  ps->p = p + 1;
  return TRUE;
}

static const double powers_of_ten[] = {
  1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
  1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
};

static inline gboolean
is_digit (const guchar *p,
          const guchar *end)
{
  return p < end && *p >= '0' && *p <= '9';
}

/* Checks the RFC grammar, then converts. A mantissa of at most 15 digits
 * scaled by at most 1e22 is exact in a double, so one multiplication or
 * division rounds correctly (the same result as strtod); anything else
 * goes to g_ascii_strtod, which is locale-independent. */
static gboolean
parse_number (Parser *ps,
              double *out)
{
  const guchar *start = ps->p, *p = start, *end = ps->end;
  gboolean negative = FALSE;
  guint64 mantissa = 0;
  int digits = 0, scale = 0, exponent = 0, exponent_sign = 1;

  if (*p == '-')
    {
      negative = TRUE;
      p++;
    }
  if (!is_digit (p, end))
    {
      g_autofree char *what = describe (ps, p);
      return fail (ps, p, DS_JSON_ERROR_SYNTAX, "%s; expected a digit after '-'", what);
    }
  if (*p == '0')
    {
      p++;
      if (is_digit (p, end))
        return fail (ps, start, DS_JSON_ERROR_SYNTAX, "a number cannot start with 0 followed by more digits");
    }
  else
    while (is_digit (p, end))
      {
        if (digits < 19)
          mantissa = mantissa * 10 + (guint64) (*p - '0');
        else
          scale++;
        digits++;
        p++;
      }
  if (p < end && *p == '.')
    {
      p++;
      if (!is_digit (p, end))
        {
          g_autofree char *what = describe (ps, p);
          return fail (ps, p, DS_JSON_ERROR_SYNTAX, "%s; expected a digit after '.'", what);
        }
      while (is_digit (p, end))
        {
          /* Leading zeros of "0.000123" do not count as digits. */
          if (mantissa != 0 || *p != '0')
            {
              if (digits < 19)
                {
                  mantissa = mantissa * 10 + (guint64) (*p - '0');
                  scale--;
                }
              digits++;
            }
          else
            scale--;
          p++;
        }
    }
  if (p < end && (*p == 'e' || *p == 'E'))
    {
      p++;
      if (p < end && (*p == '+' || *p == '-'))
        {
          exponent_sign = *p == '-' ? -1 : 1;
          p++;
        }
      if (!is_digit (p, end))
        {
          g_autofree char *what = describe (ps, p);
          return fail (ps, p, DS_JSON_ERROR_SYNTAX, "%s; expected a digit in the exponent", what);
        }
      while (is_digit (p, end))
        {
          if (exponent < 100000)
            exponent = exponent * 10 + (*p - '0');
          p++;
        }
    }
  ps->p = p;

  scale += exponent_sign * exponent;
  if (digits <= 15 && scale >= -22 && scale <= 22)
    {
      double v = (double) mantissa;
      v = scale < 0 ? v / powers_of_ten[-scale] : v * powers_of_ten[scale];
      *out = negative ? -v : v;
      return TRUE;
    }
  else
    {
      /* The input need not be NUL-terminated: convert a copy. */
      gsize len = (gsize) (p - start);
      char small[64];
      g_autofree char *large = NULL;
      char *text = small;

      if (len >= sizeof small)
        text = large = g_malloc (len + 1);
      memcpy (text, start, len);
      text[len] = '\0';
      /* Overflow gives +-inf (ERANGE), which is kept on purpose. */
      *out = g_ascii_strtod (text, NULL);
      return TRUE;
    }
}

static gboolean
push (Parser     *ps,
      const char *name,
      guint32     hash)
{
  if (ps->stack_len == ps->stack_size)
    {
      ps->stack_size = MAX (64, ps->stack_size * 2);
      ps->stack = g_renew (Slot, ps->stack, ps->stack_size);
    }
  ps->stack[ps->stack_len].name = name;
  ps->stack[ps->stack_len].hash = hash;
  ps->stack_len++;
  return TRUE;
}

static guint32
hash_name (const char *s,
           gsize       len)
{
  guint32 h = 2166136261u;

  for (gsize i = 0; i < len; i++)
    h = (h ^ (guchar) s[i]) * 16777619u;
  return h;
}

/* JSON allows repeated names; like json-glib we keep the first position
 * and the last value. Returns the new member count. */
static gsize
merge_duplicates (Slot  *slots,
                  gsize  n)
{
  gsize kept = 0;

  if (n <= 64)
    {
      for (gsize i = 0; i < n; i++)
        {
          gsize j;
          for (j = 0; j < kept; j++)
            if (slots[j].hash == slots[i].hash && strcmp (slots[j].name, slots[i].name) == 0)
              break;
          if (j < kept)
            slots[j].value = slots[i].value;
          else
            slots[kept++] = slots[i];
        }
    }
  else
    {
      /* Large objects (scenario settings, say) would be quadratic. */
      g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
      for (gsize i = 0; i < n; i++)
        {
          gpointer at;
          if (g_hash_table_lookup_extended (seen, slots[i].name, NULL, &at))
            slots[GPOINTER_TO_SIZE (at)].value = slots[i].value;
          else
            {
              g_hash_table_insert (seen, (gpointer) slots[i].name, GSIZE_TO_POINTER (kept));
              slots[kept++] = slots[i];
            }
        }
    }
  return kept;
}

static gboolean parse_value (Parser *ps, DsJsonValue *v, guint depth);

static gboolean
parse_array (Parser      *ps,
             DsJsonValue *v,
             guint        depth)
{
  gsize base = ps->stack_len, n;

  ps->p++;
  skip_space (ps);
  if (ps->p < ps->end && *ps->p == ']')
    ps->p++;
  else
    for (;;)
      {
        DsJsonValue item;

        if (!parse_value (ps, &item, depth + 1))
          return FALSE;
        push (ps, NULL, 0);
        ps->stack[ps->stack_len - 1].value = item;
        skip_space (ps);
        if (ps->p < ps->end && *ps->p == ',')
          {
            ps->p++;
            skip_space (ps);
            continue;
          }
        if (ps->p < ps->end && *ps->p == ']')
          {
            ps->p++;
            break;
          }
        return fail_unexpected (ps, ps->p, "',' or ']'");
      }

  n = ps->stack_len - base;
  if (n > G_MAXUINT32)
    return fail (ps, ps->p, DS_JSON_ERROR_SYNTAX, "array too long");
  v->type = DS_JSON_ARRAY;
  v->n = (guint32) n;
  v->u.items = NULL;
  if (n > 0)
    {
      v->u.items = arena_alloc (ps->doc, n * sizeof (DsJsonValue));
      for (gsize i = 0; i < n; i++)
        v->u.items[i] = ps->stack[base + i].value;
    }
  ps->stack_len = base;
  return TRUE;
}

static gboolean
parse_object (Parser      *ps,
              DsJsonValue *v,
              guint        depth)
{
  gsize base = ps->stack_len, n;

  ps->p++;
  skip_space (ps);
  if (ps->p < ps->end && *ps->p == '}')
    ps->p++;
  else
    for (;;)
      {
        const char *name;
        const guchar *name_at;
        guint32 name_len;
        DsJsonValue value;

        if (ps->p >= ps->end || *ps->p != '"')
          return fail_unexpected (ps, ps->p, ps->stack_len == base ? "a string key or '}'" : "a string key");
        name_at = ps->p;
        if (!parse_string (ps, &name, &name_len))
          return FALSE;
        /* Member names are C strings (lookups, duplicates): "id\u0000x"
         * would pass for "id". String values keep their length instead. */
        if (strlen (name) != name_len)
          return fail (ps, name_at, DS_JSON_ERROR_SYNTAX,
                       "a member name contains \\u0000; names cannot hold a NUL character");
        skip_space (ps);
        if (ps->p >= ps->end || *ps->p != ':')
          return fail_unexpected (ps, ps->p, "':'");
        ps->p++;
        skip_space (ps);
        if (!parse_value (ps, &value, depth + 1))
          return FALSE;
        push (ps, name, hash_name (name, name_len));
        ps->stack[ps->stack_len - 1].value = value;
        skip_space (ps);
        if (ps->p < ps->end && *ps->p == ',')
          {
            ps->p++;
            skip_space (ps);
            continue;
          }
        if (ps->p < ps->end && *ps->p == '}')
          {
            ps->p++;
            break;
          }
        return fail_unexpected (ps, ps->p, "',' or '}'");
      }

  /* The stack is still NULL after an empty first object: no pointer arithmetic on it. */
  n = ps->stack_len > base ? merge_duplicates (ps->stack + base, ps->stack_len - base) : 0;
  if (n > G_MAXUINT32)
    return fail (ps, ps->p, DS_JSON_ERROR_SYNTAX, "object too large");
  v->type = DS_JSON_OBJECT;
  v->n = (guint32) n;
  v->u.members = NULL;
  if (n > 0)
    {
      v->u.members = arena_alloc (ps->doc, n * sizeof (DsJsonMember));
      for (gsize i = 0; i < n; i++)
        {
          v->u.members[i].name = ps->stack[base + i].name;
          v->u.members[i].value = ps->stack[base + i].value;
        }
    }
  ps->stack_len = base;
  return TRUE;
}

static gboolean
parse_literal (Parser      *ps,
               const char  *word,
               gsize        len)
{
  if ((gsize) (ps->end - ps->p) >= len && memcmp (ps->p, word, len) == 0)
    {
      ps->p += len;
      return TRUE;
    }
  return fail (ps, ps->p, DS_JSON_ERROR_SYNTAX, "invalid literal; expected true, false or null");
}

/* At the first byte of a value (after white space). */
static gboolean
parse_value (Parser      *ps,
             DsJsonValue *v,
             guint        depth)
{
  if (ps->p >= ps->end)
    return fail_unexpected (ps, ps->p, "a value");
  set_position (ps, v);
  v->n = 0;
  switch (*ps->p)
    {
    case '{':
    case '[':
      if (depth >= DS_JSON_MAX_DEPTH)
        return fail (ps, ps->p, DS_JSON_ERROR_DEPTH,
                     "nested more than %d levels deep", DS_JSON_MAX_DEPTH);
      return *ps->p == '{' ? parse_object (ps, v, depth) : parse_array (ps, v, depth);
    case '"':
      v->type = DS_JSON_STRING;
      return parse_string (ps, &v->u.string, &v->n);
    case '-': case '0': case '1': case '2': case '3': case '4':
    case '5': case '6': case '7': case '8': case '9':
      v->type = DS_JSON_NUMBER;
      return parse_number (ps, &v->u.number);
    case 't':
      v->type = DS_JSON_BOOL;
      v->u.boolean = TRUE;
      return parse_literal (ps, "true", 4);
    case 'f':
      v->type = DS_JSON_BOOL;
      v->u.boolean = FALSE;
      return parse_literal (ps, "false", 5);
    case 'n':
      v->type = DS_JSON_NULL;
      return parse_literal (ps, "null", 4);
    default:
      return fail_unexpected (ps, ps->p, "a value");
    }
}

DsJsonDocument *
ds_json_parse (const char  *data,
               gsize        length,
               GError     **error)
{
  g_autoptr(DsJsonDocument) doc = g_new0 (DsJsonDocument, 1);
  Parser ps = { 0 };
  gboolean ok;

  g_return_val_if_fail (data != NULL || length == 0, NULL);

  doc->next_block_size = FIRST_BLOCK_SIZE;
  ps.start = ps.p = ps.line_start = (const guchar *) (data ? data : "");
  ps.end = ps.start + length;
  ps.line = 1;
  ps.doc = doc;
  ps.error = error;

  /* A byte-order mark is not JSON (RFC 8259 §8.1 lets parsers ignore it);
   * editors on some systems add one, so skip it. */
  if (length >= 3 && memcmp (ps.p, "\xEF\xBB\xBF", 3) == 0)
    {
      ps.p += 3;
      ps.line_start = ps.p;
    }
  skip_space (&ps);
  ok = parse_value (&ps, &doc->root, 0);
  if (ok)
    {
      skip_space (&ps);
      if (ps.p < ps.end)
        ok = fail_unexpected (&ps, ps.p, "the end of the input after the top-level value");
    }
  g_free (ps.stack);
  if (!ok)
    return NULL;
  return g_steal_pointer (&doc);
}

/* ---- reading ---- */

DsJsonType
ds_json_type (const DsJsonValue *value)
{
  return value ? (DsJsonType) value->type : DS_JSON_NULL;
}

const char *
ds_json_type_name (DsJsonType type)
{
  switch (type)
    {
    case DS_JSON_NULL: return "null";
    case DS_JSON_BOOL: return "a boolean";
    case DS_JSON_NUMBER: return "a number";
    case DS_JSON_STRING: return "a string";
    case DS_JSON_ARRAY: return "an array";
    case DS_JSON_OBJECT: return "an object";
    default: return "an unknown type";
    }
}

guint
ds_json_line (const DsJsonValue *value)
{
  return value ? value->line : 0;
}

guint
ds_json_column (const DsJsonValue *value)
{
  return value ? value->column : 0;
}

gboolean
ds_json_get_bool (const DsJsonValue *value)
{
  return value && value->type == DS_JSON_BOOL && value->u.boolean;
}

double
ds_json_get_number (const DsJsonValue *value)
{
  return value && value->type == DS_JSON_NUMBER ? value->u.number : 0.0;
}

const char *
ds_json_get_string (const DsJsonValue *value)
{
  return value && value->type == DS_JSON_STRING ? value->u.string : NULL;
}

gsize
ds_json_get_string_length (const DsJsonValue *value)
{
  return value && value->type == DS_JSON_STRING ? value->n : 0;
}

guint
ds_json_array_length (const DsJsonValue *array)
{
  return array && array->type == DS_JSON_ARRAY ? array->n : 0;
}

const DsJsonValue *
ds_json_array_get (const DsJsonValue *array,
                   guint              index)
{
  if (array == NULL || array->type != DS_JSON_ARRAY || index >= array->n)
    return NULL;
  return &array->u.items[index];
}

guint
ds_json_object_n_members (const DsJsonValue *object)
{
  return object && object->type == DS_JSON_OBJECT ? object->n : 0;
}

const char *
ds_json_object_member_name (const DsJsonValue *object,
                            guint              index)
{
  if (object == NULL || object->type != DS_JSON_OBJECT || index >= object->n)
    return NULL;
  return object->u.members[index].name;
}

const DsJsonValue *
ds_json_object_member_value (const DsJsonValue *object,
                             guint              index)
{
  if (object == NULL || object->type != DS_JSON_OBJECT || index >= object->n)
    return NULL;
  return &object->u.members[index].value;
}

const DsJsonValue *
ds_json_object_get (const DsJsonValue *object,
                    const char        *name)
{
  if (object == NULL || object->type != DS_JSON_OBJECT)
    return NULL;
  for (guint i = 0; i < object->n; i++)
    {
      const char *m = object->u.members[i].name;
      /* The first byte rules out most members without a call. */
      if (m[0] == name[0] && strcmp (m, name) == 0)
        return &object->u.members[i].value;
    }
  return NULL;
}
