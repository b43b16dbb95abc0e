/* psems-test-util.h — what the tests share: a fresh temporary folder and database per test. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "psems-core.h"

G_BEGIN_DECLS

char       *psems_test_make_dir   (void);
void        psems_test_remove_dir (const char *dir);
PsemsStore *psems_test_new_store  (const char *dir,
                                   const char *name);
GBytes     *psems_test_read_file  (const char *path);
gint64      psems_test_count      (PsemsStore *store,
                                   const char *format,
                                   ...) G_GNUC_PRINTF (2, 3);
int         psems_test_run_cli    (char      **out,
                                   char      **err,
                                   const char *first_arg,
                                   ...) G_GNUC_NULL_TERMINATED;

G_END_DECLS
