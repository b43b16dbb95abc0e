/* psems-cli-output.h — shared output and argument helpers of the psems-cli nouns. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

#include "psems-cli.h"

G_BEGIN_DECLS

/* A record is built once as JSON (typed, nested); text and CSV are views of it.
 * A section is an array of objects in the record, printed as its own table. */
typedef struct
{
  const char *member;             /* an array of objects in the record */
  const char *heading;            /* its heading in text output */
  const char * const *columns;    /* the members text shows, in order */
} PsemsCliSection;

/* Adds an item's members to the object being built. */
typedef void (*PsemsCliDescribeFunc) (JsonBuilder   *builder,
                                      gconstpointer  item);

/* Builds the record of @id (see psems_cli_show_record()). */
typedef JsonNode *(*PsemsCliRecordFunc) (PsemsStore  *store,
                                         gint64       id,
                                         GError     **error);

void     psems_cli_print_record (PsemsCli              *cli,
                                 JsonNode              *root,
                                 const PsemsCliSection *sections);
int      psems_cli_show_record  (PsemsCli              *cli,
                                 PsemsStore            *store,
                                 gint64                 id,
                                 PsemsCliRecordFunc     build,
                                 const PsemsCliSection *sections);
int      psems_cli_confirm      (PsemsCli              *cli,
                                 PsemsStore            *store,
                                 gint64                 id,
                                 PsemsCliRecordFunc     build,
                                 const PsemsCliSection *sections,
                                 const char            *line);
void     psems_cli_print_list   (PsemsCli              *cli,
                                 GPtrArray             *items,
                                 PsemsCliDescribeFunc   describe,
                                 const char * const    *columns);
void     psems_json_add_string  (JsonBuilder           *builder,
                                 const char            *name,
                                 const char            *value);
void     psems_json_add_int     (JsonBuilder           *builder,
                                 const char            *name,
                                 gint64                 value);
void     psems_json_add_boolean (JsonBuilder           *builder,
                                 const char            *name,
                                 gboolean               value);
char    *psems_cli_dup_optional (const char            *text);
void     psems_cli_note_changed (GString               *changed,
                                 const char            *field);
gboolean psems_cli_parse_int    (const char            *text,
                                 int                   *value);
gboolean psems_cli_parse_day    (PsemsCli              *cli,
                                 const char            *option,
                                 const char            *text,
                                 GDate                 *date,
                                 gboolean              *given,
                                 int                   *status);
gboolean psems_cli_parse_time   (const char            *option,
                                 const char            *text,
                                 GDateTime            **time,
                                 PsemsCli              *cli,
                                 int                   *status);

G_END_DECLS
