/* bench-cases.h — the harness's cases: each runs once in a child process and prints "metric" lines. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "psems-bench.h"

G_BEGIN_DECLS

/* bench-person.c */
int bench_case_bare_inserts (const PsemsBenchOptions *options);
int bench_case_import       (const PsemsBenchOptions *options);
int bench_case_bare_fts     (const PsemsBenchOptions *options);
int bench_case_search       (const PsemsBenchOptions *options);
int bench_case_scroll       (const PsemsBenchOptions *options);
/* bench-store.c */
int bench_case_verify       (const PsemsBenchOptions *options);
int bench_case_clock        (const PsemsBenchOptions *options);
int bench_case_dashboard    (const PsemsBenchOptions *options);
/* bench-diagram.c */
int bench_case_bare_cairo   (const PsemsBenchOptions *options);
int bench_case_diagram      (const PsemsBenchOptions *options);
/* bench-pack.c */
int bench_case_bare_libharu (const PsemsBenchOptions *options);
int bench_case_pack         (const PsemsBenchOptions *options);
/* bench-memory.c */
int bench_case_startup      (const PsemsBenchOptions *options);
int bench_case_personnel    (const PsemsBenchOptions *options);

G_END_DECLS
