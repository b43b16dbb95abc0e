/* psems-demo.h — a believable demo port authority, generated deterministically from a seed and a day. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "psems-actor.h"
#include "psems-store.h"

G_BEGIN_DECLS

#define PSEMS_DEMO_DEFAULT_PERSONS 2000
#define PSEMS_DEMO_DEFAULT_SEED    1
#define PSEMS_DEMO_MAX_PERSONS     10000000

/**
 * PsemsDemoOptions:
 * @persons: how many persons (with their vettings, areas and trainings)
 * @seed: the seed; the same (seed, as_of) gives the same data
 * @as_of: the day the data is "today" for: some vettings expire within 30
 *   days of it, some schedule items are overdue on it
 * @with_users: also create one user per role (single-user mode otherwise)
 */
typedef struct
{
  guint persons;
  guint32 seed;
  GDate as_of;
  gboolean with_users;
} PsemsDemoOptions;

void     psems_demo_options_init (PsemsDemoOptions        *options);
gboolean psems_demo_generate     (PsemsStore              *store,
                                  PsemsActor              *actor,
                                  const PsemsDemoOptions  *options,
                                  GError                 **error);

G_END_DECLS
