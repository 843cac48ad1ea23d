/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ds-export.c: cairo image, PDF and SVG surfaces written through a
 * temporary file renamed into place; report pages and table pages. */
#define G_LOG_DOMAIN "ds-export"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <glib/gstdio.h>
#include <pango/pangocairo.h>

#include "ds-export.h"
#include "ds-text.h"

G_DEFINE_QUARK (ds-export-error-quark, ds_export_error)

gboolean
ds_export_format_from_string (const char *name, DsExportFormat *out)
{
  if (g_ascii_strcasecmp (name, "png") == 0)
    *out = DS_EXPORT_PNG;
  else if (g_ascii_strcasecmp (name, "pdf") == 0)
    *out = DS_EXPORT_PDF;
  else if (g_ascii_strcasecmp (name, "svg") == 0)
    *out = DS_EXPORT_SVG;
  else
    return FALSE;
  return TRUE;
}

gboolean
ds_export_format_from_path (const char *path, DsExportFormat *out)
{
  const char *dot = strrchr (path, '.');
  return dot && !strchr (dot, '/') && ds_export_format_from_string (dot + 1, out);
}

const char *
ds_export_format_to_string (DsExportFormat format)
{
  switch (format)
    {
    case DS_EXPORT_PNG: return "png";
    case DS_EXPORT_PDF: return "pdf";
    case DS_EXPORT_SVG: return "svg";
    default: return "?";
    }
}

/* --- replace-whole file writing ---------------------------------------- */

typedef struct {
  char  *final_path;
  char  *tmp_path;
  FILE  *fp;
  int    write_errno;
} Writer;

static cairo_status_t
writer_write (void *closure, const unsigned char *data, unsigned int length)
{
  Writer *w = closure;

  if (w->write_errno)
    return CAIRO_STATUS_WRITE_ERROR;
  if (fwrite (data, 1, length, w->fp) != length)
    {
      w->write_errno = errno ? errno : EIO;
      return CAIRO_STATUS_WRITE_ERROR;
    }
  return CAIRO_STATUS_SUCCESS;
}

static void
set_write_error (GError **error, const char *path, int errsv, const char *doing)
{
  g_autofree char *dir = g_path_get_dirname (path);

  g_set_error (error, DS_EXPORT_ERROR, DS_EXPORT_ERROR_WRITE,
               "Cannot export to “%s”: %s while %s. Check that the folder “%s” exists and "
               "that you may write to it, or choose another output path.",
               path, g_strerror (errsv), doing, dir);
}

static gboolean
writer_open (Writer *w, const char *path, GError **error)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *base = g_path_get_basename (path);
  g_autofree char *tmpl_name = g_strdup_printf (".%s.XXXXXX", base);
  int fd;

  memset (w, 0, sizeof *w);
  if (g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      set_write_error (error, path, EISDIR, "checking the target");
      return FALSE;
    }
  w->final_path = g_strdup (path);
  w->tmp_path = g_build_filename (dir, tmpl_name, NULL);
  fd = g_mkstemp_full (w->tmp_path, O_WRONLY | O_CREAT | O_EXCL, 0644);
  if (fd < 0)
    {
      set_write_error (error, path, errno, "creating a temporary file next to it");
      g_clear_pointer (&w->final_path, g_free);
      g_clear_pointer (&w->tmp_path, g_free);
      return FALSE;
    }
  w->fp = fdopen (fd, "wb");
  return TRUE;
}

static void
writer_abandon (Writer *w)
{
  if (w->fp)
    fclose (w->fp);
  if (w->tmp_path)
    g_unlink (w->tmp_path);
  g_free (w->tmp_path);
  g_free (w->final_path);
  memset (w, 0, sizeof *w);
}

/* Flushes, syncs and renames into place; on any failure the temporary file
 * goes and the target stays as it was. */
static gboolean
writer_commit (Writer *w, cairo_status_t status, GError **error)
{
  int errsv;

  if (status != CAIRO_STATUS_SUCCESS || w->write_errno)
    {
      if (w->write_errno)
        set_write_error (error, w->final_path, w->write_errno, "writing");
      else
        g_set_error (error, DS_EXPORT_ERROR, DS_EXPORT_ERROR_DRAW,
                     "Cannot export to “%s”: drawing failed (%s). Try a smaller size.",
                     w->final_path, cairo_status_to_string (status));
      writer_abandon (w);
      return FALSE;
    }
  if (fflush (w->fp) != 0 || fsync (fileno (w->fp)) != 0)
    {
      errsv = errno;
      set_write_error (error, w->final_path, errsv, "writing");
      writer_abandon (w);
      return FALSE;
    }
  if (fclose (w->fp) != 0)
    {
      w->fp = NULL;
      set_write_error (error, w->final_path, errno, "closing");
      writer_abandon (w);
      return FALSE;
    }
  w->fp = NULL;
  if (g_rename (w->tmp_path, w->final_path) != 0)
    {
      set_write_error (error, w->final_path, errno, "replacing the file");
      writer_abandon (w);
      return FALSE;
    }
  g_free (w->tmp_path);
  g_free (w->final_path);
  memset (w, 0, sizeof *w);
  return TRUE;
}

static cairo_status_t
string_write (void *closure, const unsigned char *data, unsigned int length)
{
  g_string_append_len (closure, (const char *) data, length);
  return CAIRO_STATUS_SUCCESS;
}

/* cairo's SVG with the text the sink collected as <text> elements, on top
 * of the drawing (where the renderer draws its labels anyway). */
static void
svg_write_with_text (Writer *w, GString *svg, const DsTextSink *text)
{
  const char *end = g_strrstr (svg->str, "</svg>");
  gsize at = end != NULL ? (gsize) (end - svg->str) : svg->len;
  g_autoptr(GString) elements = g_string_new (NULL);

  ds_text_sink_write_svg (text, elements);
  g_string_insert_len (svg, at, elements->str, elements->len);
  writer_write (w, (const unsigned char *) svg->str, svg->len);
}

static gboolean
check_size (const char *path, double width, double height, double scale, GError **error)
{
  if (!(width >= 1 && height >= 1 && width <= 32767 && height <= 32767 && scale > 0
        && width * scale <= 32767 && height * scale <= 32767))
    {
      g_set_error (error, DS_EXPORT_ERROR, DS_EXPORT_ERROR_INVALID,
                   "Cannot export to “%s”: size %gx%g at scale %g is out of range "
                   "(1 to 32767 pixels a side).", path, width, height, scale);
      return FALSE;
    }
  return TRUE;
}

gboolean
ds_export_draw (const char       *path,
                DsExportFormat    format,
                double            width,
                double            height,
                double            scale,
                DsExportDrawFunc  draw,
                gpointer          user_data,
                GError          **error)
{
  cairo_surface_t *surface = NULL;
  g_autoptr(GString) svg = NULL;
  g_autoptr(DsTextSink) text = NULL;
  cairo_status_t status;
  cairo_t *cr;
  Writer w;

  g_return_val_if_fail (path != NULL && draw != NULL, FALSE);
  if (!check_size (path, width, height, format == DS_EXPORT_PNG ? scale : 1, error))
    return FALSE;
  if (!writer_open (&w, path, error))
    return FALSE;

  switch (format)
    {
    case DS_EXPORT_PNG:
      surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, (int) ceil (width * scale),
                                            (int) ceil (height * scale));
      break;
    case DS_EXPORT_PDF:
      surface = cairo_pdf_surface_create_for_stream (writer_write, &w, width, height);
      break;
    case DS_EXPORT_SVG:
    default:
      /* Into memory first: the text goes in before the closing tag. */
      svg = g_string_new (NULL);
      surface = cairo_svg_surface_create_for_stream (string_write, svg, width, height);
      break;
    }
  if (format == DS_EXPORT_SVG)
    {
      text = ds_text_sink_new ();
      ds_text_sink_attach (text, surface);
    }
  cr = cairo_create (surface);
  if (format == DS_EXPORT_PNG)
    cairo_scale (cr, scale, scale);
  draw (cr, width, height, user_data);
  status = cairo_status (cr);
  cairo_destroy (cr);
  if (status == CAIRO_STATUS_SUCCESS && format == DS_EXPORT_PNG)
    status = cairo_surface_write_to_png_stream (surface, writer_write, &w);
  cairo_surface_finish (surface);
  if (status == CAIRO_STATUS_SUCCESS)
    status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);
  if (status == CAIRO_STATUS_SUCCESS && format == DS_EXPORT_SVG)
    svg_write_with_text (&w, svg, text);
  return writer_commit (&w, status, error);
}

gboolean
ds_export_report_pdf (const char         *path,
                      const char         *title,
                      const DsExportPage *pages,
                      guint               n_pages,
                      double              width,
                      double              height,
                      GError            **error)
{
  cairo_surface_t *surface;
  cairo_status_t status;
  cairo_t *cr;
  Writer w;

  g_return_val_if_fail (path != NULL, FALSE);
  if (n_pages == 0)
    {
      g_set_error (error, DS_EXPORT_ERROR, DS_EXPORT_ERROR_INVALID,
                   "Cannot export the report to “%s”: it has no pages.", path);
      return FALSE;
    }
  if (!check_size (path, width, height, 1, error) || !writer_open (&w, path, error))
    return FALSE;

  surface = cairo_pdf_surface_create_for_stream (writer_write, &w, width, height);
  if (title)
    cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, title);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, "Dealscape " PACKAGE_VERSION);
  cr = cairo_create (surface);
  for (guint i = 0; i < n_pages; i++)
    {
      if (pages[i].title)
        {
          g_autofree char *link = g_strdup_printf ("page=%u", i + 1);
          cairo_pdf_surface_add_outline (surface, CAIRO_PDF_OUTLINE_ROOT, pages[i].title, link, 0);
        }
      cairo_save (cr);
      pages[i].draw (cr, width, height, pages[i].user_data);
      cairo_restore (cr);
      cairo_show_page (cr);
    }
  status = cairo_status (cr);
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  if (status == CAIRO_STATUS_SUCCESS)
    status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);
  return writer_commit (&w, status, error);
}

/* --- table pages --------------------------------------------------------- */

#define TABLE_MARGIN 40

static double
row_height (const DsTheme *theme)
{
  return theme->font_size * 1.7;
}

guint
ds_export_table_rows_per_page (const DsTheme *theme, double height)
{
  double avail = height - 2 * TABLE_MARGIN - theme->title_size * 2.4 - row_height (theme) * 2.5;
  return (guint) MAX (1, floor (avail / row_height (theme)));
}

void
ds_export_table_page (cairo_t *cr, double width, double height, gpointer data)
{
  const DsExportTable *t = data;
  const DsTheme *theme = t->theme ? t->theme : ds_theme_get (NULL);
  g_autoptr(PangoLayout) layout = pango_cairo_create_layout (cr);
  PangoFontDescription *font = pango_font_description_from_string (theme->font_family);
  double rh = row_height (theme), x0 = TABLE_MARGIN, avail = width - 2 * TABLE_MARGIN, y;
  double total_weight = 0;
  g_autofree double *col_x = g_new (double, t->n_columns + 1);
  guint last;

  ds_theme_set_source (cr, &theme->background);
  cairo_paint (cr);

  for (guint c = 0; c < t->n_columns; c++)
    total_weight += t->column_weights ? t->column_weights[c] : 1;
  col_x[0] = x0;
  for (guint c = 0; c < t->n_columns; c++)
    col_x[c + 1] = col_x[c] + avail * (t->column_weights ? t->column_weights[c] : 1) / total_weight;

  pango_font_description_set_absolute_size (font, theme->title_size * PANGO_SCALE);
  pango_font_description_set_weight (font, PANGO_WEIGHT_BOLD);
  pango_layout_set_font_description (layout, font);
  pango_layout_set_text (layout, t->title ? t->title : "", -1);
  cairo_move_to (cr, x0, TABLE_MARGIN);
  ds_theme_set_source (cr, &theme->text);
  ds_text_show (cr, layout);
  y = TABLE_MARGIN + theme->title_size * 2.4;

  pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
  pango_font_description_set_absolute_size (font, theme->font_size * 0.9 * PANGO_SCALE);
  for (int pass = 0; pass < 2; pass++)
    {
      guint first = pass == 0 ? 0 : t->first_row;
      guint rows = pass == 0 ? 1 : ds_export_table_rows_per_page (theme, height);
      last = pass == 0 ? 1 : MIN (t->n_rows, first + rows);

      pango_font_description_set_weight (font, pass == 0 ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
      pango_layout_set_font_description (layout, font);
      for (guint r = first; r < last; r++)
        {
          if (pass == 1 && (r - first) % 2 == 1)
            {
              cairo_rectangle (cr, x0, y, avail, rh);
              ds_theme_set_source_alpha (cr, &theme->grid, 0.5);
              cairo_fill (cr);
            }
          for (guint c = 0; c < t->n_columns; c++)
            {
              const char *text = pass == 0 ? t->headers[c] : t->cells[r * t->n_columns + c];
              pango_layout_set_width (layout, (int) ((col_x[c + 1] - col_x[c] - 10) * PANGO_SCALE));
              pango_layout_set_text (layout, text ? text : "", -1);
              cairo_move_to (cr, col_x[c] + 4, y + (rh - theme->font_size * 1.15) / 2);
              ds_theme_set_source (cr, &theme->text);
              ds_text_show (cr, layout);
            }
          y += rh;
          if (pass == 0)
            {
              cairo_move_to (cr, x0, y - 0.5);
              cairo_line_to (cr, x0 + avail, y - 0.5);
              ds_theme_set_source (cr, &theme->axis);
              cairo_set_line_width (cr, 1);
              cairo_stroke (cr);
            }
        }
    }

  if (t->footnote)
    {
      pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_NONE);
      pango_layout_set_wrap (layout, PANGO_WRAP_WORD);
      pango_layout_set_width (layout, (int) (avail * PANGO_SCALE));
      pango_font_description_set_weight (font, PANGO_WEIGHT_NORMAL);
      pango_font_description_set_absolute_size (font, theme->font_size * 0.8 * PANGO_SCALE);
      pango_layout_set_font_description (layout, font);
      pango_layout_set_text (layout, t->footnote, -1);
      cairo_move_to (cr, x0, height - TABLE_MARGIN);
      ds_theme_set_source (cr, &theme->text_muted);
      ds_text_show (cr, layout);
    }
  pango_font_description_free (font);
}
