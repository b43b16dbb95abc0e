/* psems-ui-util.h — helpers the pages share: dates as people type and read them, field problems,
 * dialogs and toasts, following a store. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "psems-error.h"
#include "psems-store.h"

G_BEGIN_DECLS

char       *psems_ui_format_timestamp     (const char  *iso_utc);
char       *psems_ui_format_date          (const char  *iso_date);
char       *psems_ui_format_date_value    (const GDate *date);
char       *psems_ui_format_date_short    (const char  *iso_date);
char       *psems_ui_format_count         (guint64      n);
char       *psems_ui_dup_now_text         (void);
char       *psems_ui_dup_today_text       (void);
gboolean    psems_ui_parse_local_time     (const char  *text,
                                           GDateTime  **time,
                                           GError     **error);
gboolean    psems_ui_parse_date           (const char  *text,
                                           GDate       *date,
                                           GError     **error);
const char *psems_ui_find_problem         (GPtrArray   *problems,
                                           const char  *field);
char       *psems_ui_split_field_error    (const GError *error,
                                           const char * const *fields,
                                           const char **message);
void        psems_ui_set_field_problem    (GtkWidget   *field,
                                           GtkWidget   *problem_row,
                                           const char  *message);

GtkWindow  *psems_ui_get_window           (GtkWidget    *widget);
AdwToast   *psems_ui_new_toast            (const char   *title);
void        psems_ui_show_error_dialog    (GtkWidget    *widget,
                                           const char   *name,
                                           const char   *heading,
                                           const GError *error);

typedef void (*PsemsUiReloadFunc) (gpointer user_data);

void        psems_ui_follow_store         (PsemsStore **store_slot,
                                           gulong      *changed_handler,
                                           PsemsStore  *store,
                                           GCallback    changed_cb,
                                           gpointer     user_data);
void        psems_ui_queue_reload         (guint            *source_id,
                                           const char       *name,
                                           PsemsUiReloadFunc reload,
                                           gpointer          user_data);

void        psems_ui_set_empty_text (GtkListBox *list,
                                     const char *text);

void        psems_ui_clear_list_box (GtkListBox *list);
GtkWidget  *psems_ui_new_open_evidence_button (gint64 evidence_id);

/* Dropdowns over a NULL-terminated list of ids (statuses, kinds …) shown by their labels. */
GListModel *psems_ui_new_label_model (const char * const *ids,
                                      const char       *(*label) (const char *id));
guint       psems_ui_id_position     (const char * const *ids,
                                      const char         *id,
                                      guint               not_found);
const char *psems_ui_id_at           (const char * const *ids,
                                      guint               position);

/* The application's settings; %NULL when the schema is not installed. */
GSettings  *psems_ui_dup_settings    (void);

/* The protective markings a compliance pack usually carries, as a menu whose items activate
 * @action_name ("s") with the marking; the first item is "No Marking" (""). */
GMenuModel *psems_ui_new_marking_menu (const char *action_name);

/* Status pages not shown get their icons when first shown (see psems-ui-util.c). */
void        psems_ui_defer_status_icons (GtkWidget *root);

G_END_DECLS
