/* psems-core.h — everything the layers above may use of the core. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "psems-actor.h"
#include "psems-audit.h"
#include "psems-dashboard.h"
#include "psems-demo.h"
#include "psems-diff.h"
#include "psems-entity.h"
#include "psems-error.h"
#include "psems-facility.h"
#include "psems-person.h"
#include "psems-person-import.h"
#include "psems-person-model.h"
#include "psems-plan.h"
#include "psems-plan-template.h"
#include "psems-ref.h"
#include "psems-stats.h"
#include "psems-store.h"
#include "psems-transaction.h"
