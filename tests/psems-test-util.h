/* psems-test-util.h — what the tests share: a fresh temporary folder and database per test,
 * running psems-cli, reading a database back. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

#include "psems-core.h"

G_BEGIN_DECLS

/* A psems-cli command line that must fail as a usage error, and what its message must name. */
typedef struct
{
  const char *args[10];
  const char *says;
} PsemsTestCliCase;

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
void        psems_test_exec       (PsemsStore *store,
                                   const char *sql);
gint64      psems_test_count_path (const char *db_path,
                                   const char *sql);
char       *psems_test_dump_database (PsemsStore *store);
void        psems_test_assert_refused (const GError *error,
                                       const char   *field);
JsonNode   *psems_test_parse_json (const char *text);
char       *psems_test_first_word (const char *line);
void        psems_test_check_cli_help (const char         *db_path,
                                       const char         *noun,
                                       const char * const *verbs);
gint64      psems_test_create_facility (PsemsStore *store,
                                        PsemsActor *actor,
                                        const char *code,
                                        const char *time_zone);
gboolean    psems_test_has_problem (GPtrArray  *problems,
                                    const char *field);
const char *psems_test_find_problem (GPtrArray  *problems,
                                     const char *prefix);
char       *psems_test_write_file (const char *dir,
                                   const char *name,
                                   const char *contents);
void        psems_test_check_cli_usage_errors (const char             *db_path,
                                               const PsemsTestCliCase *cases,
                                               guint                   n_cases);

G_END_DECLS
