/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ds-json.h: a strict RFC 8259 JSON reader that builds a compact, read-only
 * document in one arena, freed at once; values remember their line and column. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define DS_JSON_ERROR (ds_json_error_quark ())
GQuark ds_json_error_quark (void);

typedef enum {
  DS_JSON_ERROR_SYNTAX,   /* message: "LINE:COLUMN: what; expected what" */
  DS_JSON_ERROR_UTF8,     /* the text is not valid UTF-8 at LINE:COLUMN */
  DS_JSON_ERROR_DEPTH,    /* nested deeper than DS_JSON_MAX_DEPTH */
} DsJsonError;

/* Deeper documents are refused rather than risking the stack. */
#define DS_JSON_MAX_DEPTH 512

typedef enum {
  DS_JSON_NULL,
  DS_JSON_BOOL,
  DS_JSON_NUMBER,
  DS_JSON_STRING,
  DS_JSON_ARRAY,
  DS_JSON_OBJECT,
} DsJsonType;

typedef struct _DsJsonDocument DsJsonDocument;
typedef struct _DsJsonValue    DsJsonValue;

/* `data` need not be NUL-terminated. Returns NULL and an error whose message
 * starts with the 1-based "LINE:COLUMN: " (columns count characters).
 * Duplicate object keys keep the member's first position and last value. */
DsJsonDocument    *ds_json_parse                (const char      *data,
                                                 gsize            length,
                                                 GError         **error);
void               ds_json_document_free        (DsJsonDocument  *doc);
const DsJsonValue *ds_json_document_root        (DsJsonDocument  *doc);

/* Every accessor accepts NULL (a missing member) and then answers as for
 * a JSON null: type DS_JSON_NULL, length 0, string NULL. */
DsJsonType         ds_json_type                 (const DsJsonValue *value);
const char        *ds_json_type_name            (DsJsonType         type);
guint              ds_json_line                 (const DsJsonValue *value);
guint              ds_json_column               (const DsJsonValue *value);

gboolean           ds_json_get_bool             (const DsJsonValue *value);
/* Numbers too large for a double are +-inf, never an error here: the
 * caller knows what range makes sense. */
double             ds_json_get_number           (const DsJsonValue *value);
/* NUL-terminated UTF-8; a "\u0000" escape is kept, so use the length
 * when embedded NULs matter. NULL unless the value is a string. */
const char        *ds_json_get_string           (const DsJsonValue *value);
gsize              ds_json_get_string_length    (const DsJsonValue *value);

guint              ds_json_array_length         (const DsJsonValue *array);
const DsJsonValue *ds_json_array_get            (const DsJsonValue *array,
                                                 guint              index);

/* Members in document order. */
guint              ds_json_object_n_members     (const DsJsonValue *object);
const char        *ds_json_object_member_name   (const DsJsonValue *object,
                                                 guint              index);
const DsJsonValue *ds_json_object_member_value  (const DsJsonValue *object,
                                                 guint              index);
/* NULL when absent (a present null member is a DS_JSON_NULL value). */
const DsJsonValue *ds_json_object_get           (const DsJsonValue *object,
                                                 const char        *name);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DsJsonDocument, ds_json_document_free)

G_END_DECLS
