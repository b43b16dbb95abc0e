/* psems-data.h — where PSeMS finds its data files and how it reads them: shipped, then the user's. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

GPtrArray *psems_data_dirs (const char *subdir,
                            guint      *n_shipped);

gboolean   psems_data_is_identifier (const char *text);

GPtrArray *psems_data_list_json (const char *dir);

gboolean   psems_data_parse_json (JsonParser  *parser,
                                  const char  *path,
                                  GError     **error);

/* The line of every object and member of a parsed JSON file, for messages. */
typedef struct
{
  GHashTable *lines;     /* "<object>/<member>" or "<object>" → line */
  GArray *starts;        /* lines of the objects being parsed */
} PsemsJsonLines;

void       psems_json_lines_init  (PsemsJsonLines *lines,
                                   JsonParser     *parser);
void       psems_json_lines_clear (PsemsJsonLines *lines);
guint      psems_json_lines_get   (const PsemsJsonLines *lines,
                                   JsonObject           *object,
                                   const char           *member);

G_END_DECLS
