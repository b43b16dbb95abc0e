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
extern const PsemsCliNoun psems_cli_noun_facility;
extern const PsemsCliNoun psems_cli_noun_person;
extern const PsemsCliNoun psems_cli_noun_plan;

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

G_END_DECLS
