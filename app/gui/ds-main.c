/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ds-main.c: the entry point of the dealscape app: refuses politely
 * without a display, then hands over to DsApplication. */
#define G_LOG_DOMAIN "ds-main"

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <string.h>

#include "ds-application.h"

int
main (int    argc,
      char **argv)
{
  g_autoptr(DsApplication) app = NULL;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  /* --help and --version work without a display; anything else needs one. */
  if (!gtk_init_check ())
    {
      gboolean asks_help = FALSE;
      for (int i = 1; i < argc; i++)
        asks_help |= g_str_has_prefix (argv[i], "--help") || g_str_equal (argv[i], "-h") ||
                     g_str_equal (argv[i], "--version");
      if (!asks_help)
        {
          g_printerr (_("dealscape: cannot open a window: there is no display "
                        "(neither DISPLAY nor WAYLAND_DISPLAY works).\n"
                        "Use dealscape-cli, the headless way to the same data: "
                        "“dealscape-cli --help”.\n"));
          return 1;
        }
    }

  /* `--db FILE` becomes a plain FILE argument, so that GApplication sends it
   * to the running instance as an "open" like any other file. */
  for (int i = 1; i < argc; i++)
    {
      if (g_str_equal (argv[i], "--db") && i + 1 < argc)
        {
          memmove (&argv[i], &argv[i + 1], sizeof (char *) * (size_t) (argc - i));
          argc--;
        }
      else if (g_str_has_prefix (argv[i], "--db="))
        argv[i] += strlen ("--db=");
    }

  app = ds_application_new ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}
