/* psems-dos.h — declarations of security (ISPS A/5, 33 CFR 105.245): ship and facility agree who does what. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "psems-actor.h"
#include "psems-clock.h"
#include "psems-regime.h"
#include "psems-store.h"

G_BEGIN_DECLS

/* The regime rule that says how long a declaration is kept after its period
 * ends (33 CFR 105.225: at least 90 days); a RETENTION rule anchored at
 * record-end, read from data/regimes/ like every other clock. */
#define PSEMS_DOS_RETENTION_RULE "33cfr-105.225-dos"

typedef struct
{
  gint64 id;                 /* 0 for a new declaration */
  char *ref;                 /* DOS-2026-0001, assigned on creation */
  gint64 facility_id;        /* never changes after creation */
  char *facility_code;       /* read-only */
  char *ship_name;
  char *ship_imo;            /* IMO ship number, 7 digits with its check digit */
  int security_level;        /* 1–3: the level the declaration was made at */
  char *valid_from;          /* YYYY-MM-DD */
  char *valid_until;         /* YYYY-MM-DD, on or after valid_from */
  char *reason;              /* why a declaration was made (ISPS A/5.2), nullable */
  char *responsibilities;    /* who is responsible for each shared measure, nullable */
  char *ship_signatory;      /* master or SSO; personal data, nullable */
  char *facility_signatory;  /* the PFSO; personal data, nullable */
  char *signed_on;           /* YYYY-MM-DD, nullable; needs both signatories */
  char *created_at;          /* read-only */
  char *updated_at;          /* read-only */
} PsemsDos;

/* What psems_dos_list() returns; zero values select everything. */
typedef struct
{
  gint64 facility_id;        /* 0: every facility */
  const char *active_on;     /* YYYY-MM-DD: only declarations whose period holds that day */
  const char *from;          /* YYYY-MM-DD: only periods that end on or after it */
  const char *until;         /* YYYY-MM-DD: only periods that start on or before it */
} PsemsDosFilter;

PsemsDos  *psems_dos_new          (void);
void       psems_dos_free         (PsemsDos          *dos);

gboolean   psems_validate_ship_imo (const char       *text);
char      *psems_ship_imo_normalize (const char      *text);

GPtrArray *psems_dos_validate     (PsemsStore        *store,
                                   const PsemsDos    *dos);
gint64     psems_dos_create       (PsemsStore        *store,
                                   PsemsActor        *actor,
                                   const PsemsDos    *dos,
                                   char             **ref,
                                   GError           **error);
gint64     psems_dos_create_with_evidence (PsemsStore         *store,
                                           PsemsActor         *actor,
                                           const PsemsDos     *dos,
                                           const char * const *evidence,
                                           char              **ref,
                                           GError            **error);
gboolean   psems_dos_update       (PsemsStore        *store,
                                   PsemsActor        *actor,
                                   const PsemsDos    *dos,
                                   GError           **error);
PsemsDos  *psems_dos_get          (PsemsStore        *store,
                                   gint64             id,
                                   GError           **error);
GPtrArray *psems_dos_list         (PsemsStore        *store,
                                   const PsemsDosFilter *filter,
                                   GError           **error);
gint64     psems_dos_resolve      (PsemsStore        *store,
                                   const char        *text,
                                   GError           **error);

PsemsRegimeRule *psems_dos_retention_rule (GError          **error);
PsemsDay   psems_dos_retain_until (const PsemsDos         *dos,
                                   const PsemsRegimeRule  *rule);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PsemsDos, psems_dos_free)

G_END_DECLS
