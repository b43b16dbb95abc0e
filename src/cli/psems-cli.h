/* psems-cli.h — what every psems-cli noun shares: the context, option parsing, exit codes, output. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "psems-core.h"
#include "psems-records.h"

G_BEGIN_DECLS

typedef enum
{
  PSEMS_EXIT_OK = 0,
  PSEMS_EXIT_DATA = 1,    /* the data was wrong; the message says what and where */
  PSEMS_EXIT_USAGE = 2,   /* the command line was wrong */
} PsemsExit;

typedef struct
{
  char *db_path;
  char *user;
  char *format_name;
  PsemsFormat format;
  PsemsActor *actor;
  char *command;          /* "psems-cli db init", for messages */
} PsemsCli;

/* Turns the text a user gave for a record into its id (psems_facility_resolve()). */
typedef gint64 (*PsemsCliResolveFunc) (PsemsStore  *store,
                                       const char  *text,
                                       GError     **error);

typedef int (*PsemsCliVerbFunc) (PsemsCli *cli,
                                 int       argc,
                                 char    **argv);

typedef struct
{
  const char *name;
  const char *summary;
  PsemsCliVerbFunc run;
} PsemsCliVerb;

typedef struct
{
  const char *name;
  const char *summary;
  const PsemsCliVerb *verbs;   /* ends with an all-NULL entry */
} PsemsCliNoun;

extern const PsemsCliNoun psems_cli_noun_db;
/* Passwords and passphrases (psems-cli.c): the first line of a file (warning when others may
 * read it), or typed on the terminal with echo off; never the command line. Free them with
 * psems_cli_free_password(), which wipes them. */
char     *psems_cli_read_password      (const char  *prompt,
                                        const char  *file_variable,
                                        GError     **error);
char     *psems_cli_read_password_file (const char  *path,
                                        GError     **error);
void      psems_cli_free_password      (char        *password);
/* Whether this command's sign-in took its password from PSEMS_PASSWORD_FILE. */
gboolean  psems_cli_password_file_used (void);

/* `db backup` and `db restore` (psems-cli-backup.c). */
int psems_cli_db_backup  (PsemsCli *cli, int argc, char **argv);
int psems_cli_db_restore (PsemsCli *cli, int argc, char **argv);
extern const PsemsCliNoun psems_cli_noun_facility;
extern const PsemsCliNoun psems_cli_noun_person;
extern const PsemsCliNoun psems_cli_noun_plan;
extern const PsemsCliNoun psems_cli_noun_layer;
extern const PsemsCliNoun psems_cli_noun_control;
extern const PsemsCliNoun psems_cli_noun_threat;
extern const PsemsCliNoun psems_cli_noun_risk_matrix;
extern const PsemsCliNoun psems_cli_noun_pfsa;
extern const PsemsCliNoun psems_cli_noun_diagram;
extern const PsemsCliNoun psems_cli_noun_assessment;
extern const PsemsCliNoun psems_cli_noun_bank;
extern const PsemsCliNoun psems_cli_noun_incident;
extern const PsemsCliNoun psems_cli_noun_records;

gboolean    psems_cli_parse       (PsemsCli            *cli,
                                   int                 *argc,
                                   char              ***argv,
                                   const GOptionEntry  *entries,
                                   const char          *parameters,
                                   const char          *summary,
                                   gboolean             prints_records,
                                   int                 *exit_code);
int         psems_cli_check_arguments (PsemsCli    *cli,
                                       int          argc,
                                       char       **argv,
                                       int          n_arguments,
                                       const char  *missing);
int         psems_cli_usage_error (PsemsCli            *cli,
                                   const char          *format,
                                   ...) G_GNUC_PRINTF (2, 3);
int         psems_cli_data_error  (PsemsCli            *cli,
                                   const GError        *error);
PsemsStore *psems_cli_open_store  (PsemsCli            *cli,
                                   PsemsStoreOpenFlags  flags,
                                   GError             **error);
PsemsStore *psems_cli_open_resolved (PsemsCli            *cli,
                                     PsemsStoreOpenFlags  flags,
                                     PsemsCliResolveFunc  resolve,
                                     const char          *text,
                                     gint64              *id,
                                     int                 *status);
void        psems_cli_print       (PsemsCli            *cli,
                                   PsemsRecords        *records);
gboolean    psems_cli_parse_day_text (PsemsCli         *cli,
                                      const char       *option,
                                      const char       *text,
                                      gboolean          empty_clears,
                                      char            **day,
                                      int              *status);
char       *psems_cli_today       (void);
GHashTable *psems_cli_facility_codes (PsemsStore       *store,
                                      GError          **error);
const char *psems_cli_risk_level_name (const PsemsRiskMatrix *matrix,
                                       int                    index);

G_END_DECLS
