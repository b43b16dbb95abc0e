/* psems-audit-page.h — the audit trail: its chain head, verification, the entries filtered by user, entity and date, one entry's images, CSV export. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "psems-actor.h"
#include "psems-store.h"

G_BEGIN_DECLS

#define PSEMS_TYPE_AUDIT_PAGE (psems_audit_page_get_type ())

G_DECLARE_FINAL_TYPE (PsemsAuditPage, psems_audit_page, PSEMS, AUDIT_PAGE, GtkWidget)

GtkWidget *psems_audit_page_new       (void);
void       psems_audit_page_set_store (PsemsAuditPage *self,
                                       PsemsStore     *store,
                                       PsemsActor     *actor);

G_END_DECLS
