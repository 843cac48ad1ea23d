/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fuzz-json.c: arbitrary bytes through the JSON reader, then every value of
 * the tree through every accessor. */
#define G_LOG_DOMAIN "ds-fuzz-json"

#include "config.h"

#include <string.h>

#include "ds-json.h"
#include "fuzz.h"

static gsize
walk (const DsJsonValue *value, guint depth)
{
  gsize sum = ds_json_line (value) + ds_json_column (value);

  /* The reader promises a depth limit; a tree deeper than that is a bug. */
  g_assert (depth <= DS_JSON_MAX_DEPTH + 1);
  switch (ds_json_type (value))
    {
    case DS_JSON_NULL:
      break;
    case DS_JSON_BOOL:
      sum += ds_json_get_bool (value);
      break;
    case DS_JSON_NUMBER:
      sum += ds_json_get_number (value) > 0;
      break;
    case DS_JSON_STRING:
      {
        const char *s = ds_json_get_string (value);
        gsize len = ds_json_get_string_length (value);

        g_assert (s != NULL && s[len] == '\0');
        /* "\u0000" is kept, and GLib refuses NUL in UTF-8: check each piece. */
        for (gsize at = 0; at <= len; at += strlen (s + at) + 1)
          g_assert (g_utf8_validate (s + at, -1, NULL));
        sum += len;
      }
      break;
    case DS_JSON_ARRAY:
      for (guint i = 0; i < ds_json_array_length (value); i++)
        sum += walk (ds_json_array_get (value, i), depth + 1);
      g_assert (ds_json_array_get (value, ds_json_array_length (value)) == NULL);
      break;
    case DS_JSON_OBJECT:
      for (guint i = 0; i < ds_json_object_n_members (value); i++)
        {
          const char *name = ds_json_object_member_name (value, i);
          const DsJsonValue *member = ds_json_object_member_value (value, i);

          g_assert (name != NULL);
          /* Duplicate keys keep one member; names with "\u0000" may share
           * their C string with another: a lookup finds one of them. */
          g_assert (ds_json_object_get (value, name) != NULL);
          sum += walk (member, depth + 1);
        }
      break;
    default:
      g_assert_not_reached ();
    }
  g_assert (ds_json_type_name (ds_json_type (value)) != NULL);
  return sum;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DsJsonDocument) doc = NULL;
  /* A copy of exactly `size` bytes, so ASan sees any read past the end. */
  g_autofree char *copy = g_memdup2 (data, size);

  doc = ds_json_parse (copy, size, &error);
  if (doc == NULL)
    {
      g_assert (error != NULL && error->domain == DS_JSON_ERROR);
      g_assert (error->message[0] != '\0');
      return 0;
    }
  g_assert (error == NULL);
  walk (ds_json_document_root (doc), 1);
  return 0;
}
