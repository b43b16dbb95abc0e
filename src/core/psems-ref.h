/* psems-ref.h — readable references (FND-2026-0012): allocation, parsing and lookup. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "psems-store.h"
#include "psems-transaction.h"

G_BEGIN_DECLS

char     *psems_ref_allocate (PsemsTransaction  *txn,
                              const char        *prefix,
                              int                year,
                              GError           **error);
char     *psems_ref_format   (const char        *prefix,
                              int                year,
                              gint64             number);
gboolean  psems_ref_parse    (const char        *text,
                              char             **prefix,
                              int               *year,
                              gint64            *number);
gint64    psems_ref_resolve  (PsemsStore        *store,
                              const char        *entity,
                              const char        *text,
                              GError           **error);

G_END_DECLS
