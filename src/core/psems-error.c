/* psems-error.c — the PSeMS error domain. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "psems-error.h"

G_DEFINE_QUARK (psems-error-quark, psems_error)
