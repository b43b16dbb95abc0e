/* psems-facility-item.h — one facility as the window lists it: id, reference, code, name, security level. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define PSEMS_TYPE_FACILITY_ITEM (psems_facility_item_get_type ())

G_DECLARE_FINAL_TYPE (PsemsFacilityItem, psems_facility_item, PSEMS, FACILITY_ITEM, GObject)

PsemsFacilityItem *psems_facility_item_new                (gint64             id,
                                                           const char        *ref,
                                                           const char        *code,
                                                           const char        *name,
                                                           int                security_level);
gint64             psems_facility_item_get_id             (PsemsFacilityItem *self);
const char        *psems_facility_item_get_ref            (PsemsFacilityItem *self);
const char        *psems_facility_item_get_code           (PsemsFacilityItem *self);
const char        *psems_facility_item_get_name           (PsemsFacilityItem *self);
void               psems_facility_item_set_name           (PsemsFacilityItem *self,
                                                           const char        *name);
int                psems_facility_item_get_security_level (PsemsFacilityItem *self);
void               psems_facility_item_set_security_level (PsemsFacilityItem *self,
                                                           int                level);

G_END_DECLS
