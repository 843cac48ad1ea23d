/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ds-test-util.h: what many test programs need: a private temporary folder
 * that is removed whole afterwards, a real document of the bundled data,
 * and the rounds of hand-made landscapes. */
#pragma once

#include "ds-store.h"

G_BEGIN_DECLS

/* A new folder under the temporary directory; aborts the test on failure. */
char    *ds_test_make_tmp_dir       (const char *prefix);
/* Removes the folder and every file in it (SQLite's -wal/-shm included). */
void     ds_test_remove_tree        (const char *dir);
/* A new document at `path` holding the bundled dataset. */
DsStore *ds_test_create_bundled_doc (const char *path);
/* Compiles the glibc locale `name` (e.g. "de_DE.UTF-8") from the sources
 * of the locales package into `dir`, for LOCPATH=dir: the build machines
 * have no locale but C installed. Fails the test, saying what to install,
 * when localedef or the sources are missing. */
void     ds_test_build_locale       (const char *dir,
                                     const char *name);
/* Appends a closed equity round of `amount` at `post` post-money, sourced
 * to source 0; returns its index. */
DsIndex  ds_test_add_round          (DsLandscape *ls,
                                     const char  *id,
                                     DsIndex      investor,
                                     DsIndex      target,
                                     DsDate       date,
                                     double       amount,
                                     double       post);
/* Entities CO_A, CO_B, CO_C (companies) and FUND (investor): FUND puts $1M
 * into A at $10M post (2024-01-15) and $2M into B at $20M post
 * (2024-06-15), 10 % of each; then one stake metric of FUND. */
enum { DS_TEST_CO_A, DS_TEST_CO_B, DS_TEST_CO_C, DS_TEST_FUND };
DsLandscape *ds_test_two_stakes     (const char *metric_name,
                                     DsDate      metric_date,
                                     double      value);

G_END_DECLS
