/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-json.c: the strict JSON reader against RFC 8259: values, escapes,
 * number grammar, refusals with their line and column, limits. */
#define G_LOG_DOMAIN "test-json"

#include "config.h"

#include <math.h>
#include <string.h>

#include "ds-json.h"

static DsJsonDocument *
parse_ok (const char *text)
{
  g_autoptr(GError) error = NULL;
  DsJsonDocument *doc = ds_json_parse (text, strlen (text), &error);

  g_assert_no_error (error);
  g_assert_nonnull (doc);
  return doc;
}

/* Parses `len` bytes expecting a refusal; returns the message. */
static char *
parse_bad_len (const char *text,
               gsize       len,
               DsJsonError code)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DsJsonDocument) doc = ds_json_parse (text, len, &error);

  if (doc != NULL)
    g_error ("accepted: %.*s", (int) len, text);
  g_assert_error (error, DS_JSON_ERROR, (int) code);
  return g_strdup (error->message);
}

static char *
parse_bad (const char *text)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DsJsonDocument) doc = ds_json_parse (text, strlen (text), &error);

  if (doc != NULL)
    g_error ("accepted: %s", text);
  g_assert_nonnull (error);
  g_assert_true (error->domain == DS_JSON_ERROR);
  return g_strdup (error->message);
}

static double
parse_number (const char *text)
{
  g_autoptr(DsJsonDocument) doc = parse_ok (text);
  const DsJsonValue *root = ds_json_document_root (doc);

  g_assert_cmpint (ds_json_type (root), ==, DS_JSON_NUMBER);
  return ds_json_get_number (root);
}

static void
test_nested (void)
{
  g_autoptr(DsJsonDocument) doc =
    parse_ok (" {\"a\": [1, true, false, null, \"x\", {\"b\": []}, {}],\n \"c\": {\"d\": -2.5}} ");
  const DsJsonValue *root = ds_json_document_root (doc), *a, *c, *inner;

  g_assert_cmpint (ds_json_type (root), ==, DS_JSON_OBJECT);
  g_assert_cmpuint (ds_json_object_n_members (root), ==, 2);
  g_assert_cmpstr (ds_json_object_member_name (root, 0), ==, "a");
  g_assert_cmpstr (ds_json_object_member_name (root, 1), ==, "c");
  g_assert_null (ds_json_object_member_name (root, 2));

  a = ds_json_object_get (root, "a");
  g_assert_true (a == ds_json_object_member_value (root, 0));
  g_assert_cmpint (ds_json_type (a), ==, DS_JSON_ARRAY);
  g_assert_cmpuint (ds_json_array_length (a), ==, 7);
  g_assert_cmpfloat (ds_json_get_number (ds_json_array_get (a, 0)), ==, 1.0);
  g_assert_cmpint (ds_json_type (ds_json_array_get (a, 1)), ==, DS_JSON_BOOL);
  g_assert_true (ds_json_get_bool (ds_json_array_get (a, 1)));
  g_assert_false (ds_json_get_bool (ds_json_array_get (a, 2)));
  g_assert_cmpint (ds_json_type (ds_json_array_get (a, 3)), ==, DS_JSON_NULL);
  g_assert_nonnull (ds_json_array_get (a, 3));
  g_assert_cmpstr (ds_json_get_string (ds_json_array_get (a, 4)), ==, "x");
  inner = ds_json_array_get (a, 5);
  g_assert_cmpuint (ds_json_array_length (ds_json_object_get (inner, "b")), ==, 0);
  g_assert_cmpint (ds_json_type (ds_json_object_get (inner, "b")), ==, DS_JSON_ARRAY);
  g_assert_cmpuint (ds_json_object_n_members (ds_json_array_get (a, 6)), ==, 0);
  g_assert_null (ds_json_array_get (a, 7));

  c = ds_json_object_get (root, "c");
  g_assert_cmpfloat (ds_json_get_number (ds_json_object_get (c, "d")), ==, -2.5);
  g_assert_null (ds_json_object_get (c, "e"));
  g_assert_null (ds_json_object_get (root, "d"));

  /* Wrong-type access answers as for null rather than crashing. */
  g_assert_null (ds_json_get_string (a));
  g_assert_cmpuint (ds_json_array_length (c), ==, 0);
  g_assert_null (ds_json_object_get (a, "x"));
  g_assert_cmpint (ds_json_type (NULL), ==, DS_JSON_NULL);

  /* Positions: "a"'s array opens on line 1 column 8 (after the leading
   * space), "c"'s object on line 2 column 7. */
  g_assert_cmpuint (ds_json_line (root), ==, 1);
  g_assert_cmpuint (ds_json_column (root), ==, 2);
  g_assert_cmpuint (ds_json_line (a), ==, 1);
  g_assert_cmpuint (ds_json_column (a), ==, 8);
  g_assert_cmpuint (ds_json_line (c), ==, 2);
  g_assert_cmpuint (ds_json_column (c), ==, 7);
}

static void
test_scalars_at_top (void)
{
  g_autoptr(DsJsonDocument) s = parse_ok ("\"just a string\"");
  g_autoptr(DsJsonDocument) t = parse_ok ("true");
  g_autoptr(DsJsonDocument) n = parse_ok (" null\n");

  g_assert_cmpstr (ds_json_get_string (ds_json_document_root (s)), ==, "just a string");
  g_assert_true (ds_json_get_bool (ds_json_document_root (t)));
  g_assert_cmpint (ds_json_type (ds_json_document_root (n)), ==, DS_JSON_NULL);
}

static void
test_escapes (void)
{
  g_autoptr(DsJsonDocument) doc =
    parse_ok ("[\"a\\\"b\\\\c\\/d\\be\\ff\\ng\\rh\\ti\", \"\\u00e9\\u20AC\", \"\\uD83D\\uDE00\", "
              "\"caf\xC3\xA9 \xF0\x9F\x98\x80\", \"nul\\u0000byte\", \"\"]");
  const DsJsonValue *root = ds_json_document_root (doc);

  g_assert_cmpstr (ds_json_get_string (ds_json_array_get (root, 0)), ==, "a\"b\\c/d\be\ff\ng\rh\ti");
  /* U+00E9 is C3 A9, U+20AC is E2 82 AC. */
  g_assert_cmpstr (ds_json_get_string (ds_json_array_get (root, 1)), ==, "\xC3\xA9\xE2\x82\xAC");
  /* The pair D83D DE00 is U+1F600: F0 9F 98 80. */
  g_assert_cmpstr (ds_json_get_string (ds_json_array_get (root, 2)), ==, "\xF0\x9F\x98\x80");
  g_assert_cmpstr (ds_json_get_string (ds_json_array_get (root, 3)), ==, "caf\xC3\xA9 \xF0\x9F\x98\x80");
  g_assert_cmpuint (ds_json_get_string_length (ds_json_array_get (root, 4)), ==, 8);
  g_assert_cmpmem (ds_json_get_string (ds_json_array_get (root, 4)), 8, "nul\0byte", 8);
  g_assert_cmpstr (ds_json_get_string (ds_json_array_get (root, 5)), ==, "");
  g_assert_cmpuint (ds_json_get_string_length (ds_json_array_get (root, 5)), ==, 0);
}

static void
test_bad_escapes (void)
{
  g_autofree char *lone_high = parse_bad ("[\"\\uD83D\"]");
  g_autofree char *lone_high_then_text = parse_bad ("[\"\\uD83Dx\"]");
  g_autofree char *high_high = parse_bad ("[\"\\uD83D\\uD83D\"]");
  g_autofree char *lone_low = parse_bad ("[\"\\uDE00\"]");
  g_autofree char *short_hex = parse_bad ("[\"\\u12\"]");
  g_autofree char *bad_hex = parse_bad ("[\"\\u12G4\"]");
  g_autofree char *unknown = parse_bad ("[\"\\x41\"]");
  g_autofree char *nul_name = parse_bad ("{\"id\\u0000x\": 1}");

  g_assert_cmpstr (lone_high, ==, "1:3: \\uD83D is a lone high surrogate; a \\uDC00-\\uDFFF escape must follow");
  g_assert_nonnull (strstr (lone_high_then_text, "lone high surrogate"));
  g_assert_nonnull (strstr (high_high, "lone high surrogate"));
  g_assert_cmpstr (lone_low, ==, "1:3: \\uDE00 is a lone low surrogate; it must follow a high surrogate");
  g_assert_nonnull (strstr (short_hex, "four hex digits"));
  /* Reported where the name starts. */
  g_assert_cmpstr (nul_name, ==, "1:2: a member name contains \\u0000; names cannot hold a NUL character");
  /* The G is the third hex digit: column 3 (backslash) + 2 ('u' '1') + 2. */
  g_assert_cmpstr (bad_hex, ==, "1:7: \\u needs four hex digits");
  g_assert_cmpstr (unknown, ==, "1:3: invalid escape; use one of \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX");
}

static void
test_numbers (void)
{
  double zero = parse_number ("-0");

  g_assert_cmpfloat (zero, ==, 0.0);
  g_assert_true (signbit (zero));
  g_assert_false (signbit (parse_number ("0")));
  g_assert_cmpfloat (parse_number ("1e-7"), ==, 0.0000001);
  g_assert_cmpfloat (parse_number ("1E+2"), ==, 100.0);
  g_assert_cmpfloat (parse_number ("12.5e3"), ==, 12500.0);
  g_assert_cmpfloat (parse_number ("-12.5E-1"), ==, -1.25);
  g_assert_cmpfloat (parse_number ("0.1"), ==, 0.1);
  g_assert_cmpfloat (parse_number ("0.000123"), ==, 0.000123);
  g_assert_cmpfloat (parse_number ("10.05"), ==, 10.05);
  g_assert_cmpfloat (parse_number ("123456789012345678901234567890"), ==, 1.2345678901234568e29);
  /* 17 significant digits: beyond the exact fast path, still round-trips. */
  g_assert_cmpfloat (parse_number ("2607993.4460361027"), ==, 2607993.4460361027);
  g_assert_cmpfloat (parse_number ("0.30000000000000004"), ==, 0.30000000000000004);
  g_assert_cmpfloat (parse_number ("1.7976931348623157e308"), ==, 1.7976931348623157e308);
  g_assert_cmpfloat (parse_number ("5e-324"), ==, 5e-324);
  /* Big exponents: overflow is kept as infinity for the caller to judge,
   * underflow goes to zero. */
  g_assert_true (isinf (parse_number ("1e999")));
  g_assert_true (parse_number ("-1e999") < 0 && isinf (parse_number ("-1e999")));
  g_assert_cmpfloat (parse_number ("1e-999"), ==, 0.0);
  g_assert_true (isinf (parse_number ("1e99999999999999999999")));
  g_assert_cmpfloat (parse_number ("0e99999999999"), ==, 0.0);
}

static void
test_bad_numbers (void)
{
  static const struct { const char *text; const char *message; } cases[] = {
    { "01", "1:1: a number cannot start with 0 followed by more digits" },
    { "-01", "1:1: a number cannot start with 0 followed by more digits" },
    { "1.", "1:3: unexpected end of input; expected a digit after '.'" },
    { "1.e5", "1:3: unexpected 'e'; expected a digit after '.'" },
    { ".5", "1:1: unexpected '.'; expected a value" },
    { "+1", "1:1: unexpected '+'; expected a value" },
    { "-", "1:2: unexpected end of input; expected a digit after '-'" },
    { "-x", "1:2: unexpected 'x'; expected a digit after '-'" },
    { "1e", "1:3: unexpected end of input; expected a digit in the exponent" },
    { "1e+", "1:4: unexpected end of input; expected a digit in the exponent" },
    { "NaN", "1:1: unexpected 'N'; expected a value" },
    { "Infinity", "1:1: unexpected 'I'; expected a value" },
    { "-Infinity", "1:2: unexpected 'I'; expected a digit after '-'" },
    { "[0x10]", "1:3: unexpected 'x'; expected ',' or ']'" },
    { "1 2", "1:3: unexpected '2'; expected the end of the input after the top-level value" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *message = parse_bad_len (cases[i].text, strlen (cases[i].text), DS_JSON_ERROR_SYNTAX);
      g_assert_cmpstr (message, ==, cases[i].message);
    }
}

/* The number at the very end of an unterminated buffer must not be read
 * past its length (valgrind or ASan would notice). */
static void
test_not_nul_terminated (void)
{
  char buf[] = { '1', '2', '.', '5', '1', '2', '3', '4', '5', '6', '7', '8', '9', '0', '1', '2', '3', '4', '5', '6' };
  g_autoptr(DsJsonDocument) doc = ds_json_parse (buf, sizeof buf, NULL);
  char *copy = g_memdup2 (buf, 4);
  g_autoptr(DsJsonDocument) short_doc = ds_json_parse (copy, 4, NULL);

  g_assert_nonnull (doc);
  g_assert_cmpfloat_with_epsilon (ds_json_get_number (ds_json_document_root (doc)), 12.51234567890123456, 1e-12);
  g_assert_cmpfloat (ds_json_get_number (ds_json_document_root (short_doc)), ==, 12.5);
  g_free (copy);
}

static void
test_control_characters (void)
{
  g_autofree char *newline = parse_bad ("{\"a\": \"line\nbreak\"}");
  g_autofree char *tab = parse_bad ("[\"a\tb\"]");
  g_autofree char *unterminated = parse_bad ("[\"abc");

  g_assert_cmpstr (newline, ==,
                   "1:12: control character U+000A in a string; write it as an escape such as \\n or \\u000A");
  g_assert_cmpstr (tab, ==, "1:4: control character U+0009 in a string; write it as an escape such as \\n or \\u0009");
  g_assert_cmpstr (unterminated, ==, "1:2: unterminated string; a closing '\"' is missing");
}

static void
test_invalid_utf8 (void)
{
  /* A stray continuation byte, a truncated sequence, an overlong '/', an
   * encoded surrogate, a code point above U+10FFFF. */
  static const char *const strings[] = {
    "[\"a\x80\"]", "[\"a\xC3\"]", "[\"\xC0\xAF\"]", "[\"\xED\xA0\x80\"]", "[\"\xF4\x90\x80\x80\"]",
  };
  g_autofree char *outside = NULL;
  g_autofree char *column = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (strings); i++)
    {
      g_autofree char *message = parse_bad_len (strings[i], strlen (strings[i]), DS_JSON_ERROR_UTF8);
      g_assert_nonnull (strstr (message, "invalid UTF-8"));
    }
  outside = parse_bad_len ("[1,\xFF]", 5, DS_JSON_ERROR_UTF8);
  g_assert_cmpstr (outside, ==, "1:4: invalid UTF-8 byte 0xFF; expected a value");
  /* Columns count characters: "é" is two bytes but one column, so the
   * bad byte after `["é",` is at column 6. */
  column = parse_bad_len ("[\"\xC3\xA9\",\x80]", 8, DS_JSON_ERROR_UTF8);
  g_assert_cmpstr (column, ==, "1:6: invalid UTF-8 byte 0x80; expected a value");
}

static void
test_structure_errors (void)
{
  static const struct { const char *text; const char *message; } cases[] = {
    { "", "1:1: unexpected end of input; expected a value" },
    { " \n\t\r\n ", "3:2: unexpected end of input; expected a value" },
    { "{\"a\": 1} x", "1:10: unexpected 'x'; expected the end of the input after the top-level value" },
    { "[1,]", "1:4: unexpected ']'; expected a value" },
    { "[1 2]", "1:4: unexpected '2'; expected ',' or ']'" },
    { "{\"a\" 1}", "1:6: unexpected '1'; expected ':'" },
    { "{\"a\": 1,}", "1:9: unexpected '}'; expected a string key" },
    { "{a: 1}", "1:2: unexpected 'a'; expected a string key or '}'" },
    { "{\"a\": 1", "1:8: unexpected end of input; expected ',' or '}'" },
    { "[tru]", "1:2: invalid literal; expected true, false or null" },
    { "nul", "1:1: invalid literal; expected true, false or null" },
    { "['x']", "1:2: unexpected '''; expected a value" },
    { "[\x01]", "1:2: unexpected control character U+0001; expected a value" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *message = parse_bad_len (cases[i].text, strlen (cases[i].text), DS_JSON_ERROR_SYNTAX);
      g_assert_cmpstr (message, ==, cases[i].message);
    }
}

static void
test_error_on_line_3 (void)
{
  g_autofree char *message = parse_bad ("{\n  \"a\": 1,\n  \"b\": [1, 2,, 3]\n}\n");

  /* Line 3 is `  "b": [1, 2,, 3]`: the second comma is the 14th character. */
  g_assert_cmpstr (message, ==, "3:14: unexpected ','; expected a value");
}

static void
test_crlf_lines (void)
{
  g_autofree char *message = parse_bad ("[\r\n1,\r\n?]");

  g_assert_cmpstr (message, ==, "3:1: unexpected '?'; expected a value");
}

static void
test_duplicate_keys (void)
{
  g_autoptr(DsJsonDocument) doc = parse_ok ("{\"a\": 1, \"b\": 2, \"a\": 3, \"c\": 4, \"b\": {\"x\": 5}}");
  const DsJsonValue *root = ds_json_document_root (doc);

  /* The first position, the last value. */
  g_assert_cmpuint (ds_json_object_n_members (root), ==, 3);
  g_assert_cmpstr (ds_json_object_member_name (root, 0), ==, "a");
  g_assert_cmpstr (ds_json_object_member_name (root, 1), ==, "b");
  g_assert_cmpstr (ds_json_object_member_name (root, 2), ==, "c");
  g_assert_cmpfloat (ds_json_get_number (ds_json_object_get (root, "a")), ==, 3);
  g_assert_cmpfloat (ds_json_get_number (ds_json_object_member_value (root, 0)), ==, 3);
  g_assert_cmpfloat (ds_json_get_number (ds_json_object_get (ds_json_object_get (root, "b"), "x")), ==, 5);
  g_assert_cmpfloat (ds_json_get_number (ds_json_object_get (root, "c")), ==, 4);
}

/* Objects too large for the pairwise check take the hash-table path. */
static void
test_large_object (void)
{
  GString *s = g_string_new ("{");
  g_autoptr(DsJsonDocument) doc = NULL;
  const DsJsonValue *root;

  for (guint i = 0; i < 1000; i++)
    g_string_append_printf (s, "%s\"key%u\": %u", i ? ", " : "", i, i);
  /* Repeat every 10th key with a negative value. */
  for (guint i = 0; i < 1000; i += 10)
    g_string_append_printf (s, ", \"key%u\": -%u", i, i + 1);
  g_string_append (s, "}");
  doc = parse_ok (s->str);
  g_string_free (s, TRUE);
  root = ds_json_document_root (doc);

  g_assert_cmpuint (ds_json_object_n_members (root), ==, 1000);
  for (guint i = 0; i < 1000; i++)
    {
      g_autofree char *name = g_strdup_printf ("key%u", i);
      double expected = i % 10 == 0 ? -(double) (i + 1) : (double) i;
      g_assert_cmpstr (ds_json_object_member_name (root, i), ==, name);
      g_assert_cmpfloat (ds_json_get_number (ds_json_object_get (root, name)), ==, expected);
    }
}

static char *
nested_arrays (guint depth)
{
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < depth; i++)
    g_string_append_c (s, '[');
  for (guint i = 0; i < depth; i++)
    g_string_append_c (s, ']');
  return g_string_free (s, FALSE);
}

static void
test_depth_limit (void)
{
  g_autofree char *ok = nested_arrays (DS_JSON_MAX_DEPTH);
  g_autofree char *deep = nested_arrays (DS_JSON_MAX_DEPTH + 1);
  g_autofree char *hostile = nested_arrays (1000000);
  g_autoptr(DsJsonDocument) doc = parse_ok (ok);
  g_autofree char *message = parse_bad_len (deep, strlen (deep), DS_JSON_ERROR_DEPTH);
  g_autofree char *hostile_message = parse_bad_len (hostile, strlen (hostile), DS_JSON_ERROR_DEPTH);
  const DsJsonValue *v = ds_json_document_root (doc);
  guint levels = 0;

  while (ds_json_type (v) == DS_JSON_ARRAY)
    {
      levels++;
      v = ds_json_array_get (v, 0);
    }
  g_assert_cmpuint (levels, ==, DS_JSON_MAX_DEPTH);
  /* The 513th '[' is refused. */
  g_assert_cmpstr (message, ==, "1:513: nested more than 512 levels deep");
  g_assert_cmpstr (hostile_message, ==, "1:513: nested more than 512 levels deep");
}

static void
test_byte_order_mark (void)
{
  g_autoptr(DsJsonDocument) doc = parse_ok ("\xEF\xBB\xBF{\"a\": 1}");
  g_autofree char *message = parse_bad ("\xEF\xBB\xBF{,}");

  g_assert_cmpuint (ds_json_column (ds_json_document_root (doc)), ==, 1);
  g_assert_cmpstr (message, ==, "1:2: unexpected ','; expected a string key or '}'");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/json/parse/nested", test_nested);
  g_test_add_func ("/json/parse/scalars-at-top", test_scalars_at_top);
  g_test_add_func ("/json/strings/escapes", test_escapes);
  g_test_add_func ("/json/strings/bad-escapes", test_bad_escapes);
  g_test_add_func ("/json/strings/control-characters", test_control_characters);
  g_test_add_func ("/json/strings/invalid-utf8", test_invalid_utf8);
  g_test_add_func ("/json/numbers/valid", test_numbers);
  g_test_add_func ("/json/numbers/invalid", test_bad_numbers);
  g_test_add_func ("/json/numbers/not-nul-terminated", test_not_nul_terminated);
  g_test_add_func ("/json/errors/structure", test_structure_errors);
  g_test_add_func ("/json/errors/line-3", test_error_on_line_3);
  g_test_add_func ("/json/errors/crlf", test_crlf_lines);
  g_test_add_func ("/json/objects/duplicate-keys", test_duplicate_keys);
  g_test_add_func ("/json/objects/large", test_large_object);
  g_test_add_func ("/json/limits/depth", test_depth_limit);
  g_test_add_func ("/json/parse/byte-order-mark", test_byte_order_mark);

  return g_test_run ();
}
