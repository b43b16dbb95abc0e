/* psems-person-model.h — a lazy GListModel of persons backed by SQLite (GIO only, no GTK). */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "psems-person.h"
#include "psems-store.h"

G_BEGIN_DECLS

/* One row of the list; all properties read-only strings except clearance (PsemsClearance as int):
 * "id" (gint64), "ref", "display-name", "sort-name", "employer", "badge-no", "level",
 * "status" (vetting status string), "clearance" (int), "clearance-label", "expires-on". */
#define PSEMS_TYPE_PERSON_ROW (psems_person_row_get_type ())
G_DECLARE_FINAL_TYPE (PsemsPersonRow, psems_person_row, PSEMS, PERSON_ROW, GObject)

gint64          psems_person_row_get_id           (PsemsPersonRow *self);
const char     *psems_person_row_get_ref          (PsemsPersonRow *self);
const char     *psems_person_row_get_display_name (PsemsPersonRow *self);
const char     *psems_person_row_get_sort_name    (PsemsPersonRow *self);
const char     *psems_person_row_get_employer     (PsemsPersonRow *self);
const char     *psems_person_row_get_badge_no     (PsemsPersonRow *self);
const char     *psems_person_row_get_level        (PsemsPersonRow *self);
const char     *psems_person_row_get_status       (PsemsPersonRow *self);
PsemsClearance  psems_person_row_get_clearance    (PsemsPersonRow *self);
const char     *psems_person_row_get_expires_on   (PsemsPersonRow *self);

/* The model: item type PSEMS_TYPE_PERSON_ROW. The first page is read at once
 * (n_items is its size, "loading" TRUE); the full id list is read by a worker
 * thread on its own connection, then items-changed grows the model and
 * "loading" turns FALSE. Rows are materialised lazily in pages, a few pages
 * cached. A "changed" signal of the store for "person" or "vetting" re-runs
 * the query. Properties: "store" (construct-only), "loading" (read-only),
 * "active" (default TRUE; see psems_person_model_set_active()). */
#define PSEMS_TYPE_PERSON_MODEL (psems_person_model_get_type ())
G_DECLARE_FINAL_TYPE (PsemsPersonModel, psems_person_model, PSEMS, PERSON_MODEL, GObject)

PsemsPersonModel *psems_person_model_new       (PsemsStore             *store);
void              psems_person_model_set_query (PsemsPersonModel       *self,
                                                const PsemsPersonQuery *query);
const PsemsPersonQuery *psems_person_model_get_query (PsemsPersonModel *self);
gboolean          psems_person_model_get_loading (PsemsPersonModel     *self);
/* Re-runs the query now (also done on the store's "changed"). */
void              psems_person_model_refresh   (PsemsPersonModel       *self);
/* Inactive: reads nothing until active again, then once (see the .c). */
void              psems_person_model_set_active (PsemsPersonModel      *self,
                                                 gboolean               active);
gboolean          psems_person_model_get_active (PsemsPersonModel      *self);

G_END_DECLS
