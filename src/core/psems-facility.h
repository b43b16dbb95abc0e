/* psems-facility.h — port facilities, their restricted areas and their security level with its history. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "psems-actor.h"
#include "psems-store.h"

G_BEGIN_DECLS

/* Plain value structs: the core hands them up, the layers above never write them back except as input. */
typedef struct
{
  gint64 id;             /* 0 for a new facility */
  char *ref;             /* FAC-2026-0001, assigned on creation */
  char *code;            /* short unique code, e.g. NHV-CT */
  char *name;
  char *kind;            /* container-terminal, cruise-terminal, … (psems_facility_kinds) */
  char *un_locode;       /* nullable; 2 letters + 3 of A–Z or 2–9 */
  char *imo_number;      /* nullable; LOCODE-NNNN, its LOCODE the facility's */
  int security_level;    /* 1–3; read-only here: changed with psems_facility_set_level() */
  gint64 pfso_person_id; /* 0 for none */
  char *pfso_name;       /* read-only: the PFSO's display name */
  char *contact_24h;
  char *address;
  char *time_zone;
  char *archived_at;     /* nullable; read-only: set by psems_facility_archive() */
} PsemsFacility;

typedef struct
{
  gint64 id;
  int from_level;        /* 0 for the first level recorded */
  int level;
  char *reason;
  char *changed_at;      /* UTC, YYYY-MM-DDTHH:MM:SSZ */
  char *changed_by;
  char *notified_at;     /* nullable */
  char *compliant_at;    /* nullable */
} PsemsLevelChange;

typedef struct
{
  gint64 id;
  char *ref;
  gint64 facility_id;
  char *code;
  char *name;
  char *description;
  char *archived_at;
} PsemsArea;

PsemsFacility     *psems_facility_new          (void);
void               psems_facility_free         (PsemsFacility *facility);
void               psems_level_change_free     (PsemsLevelChange *change);
void               psems_area_free             (PsemsArea *area);

const char * const *psems_facility_kinds       (void);
const char        *psems_facility_kind_label   (const char *kind);

gboolean           psems_validate_un_locode    (const char *text);
gboolean           psems_validate_imo_number   (const char *text,
                                                const char *un_locode);
GPtrArray         *psems_facility_validate     (PsemsStore          *store,
                                                const PsemsFacility *facility);

gint64             psems_facility_create       (PsemsStore          *store,
                                                PsemsActor          *actor,
                                                const PsemsFacility *facility,
                                                int                  initial_level,
                                                char               **ref,
                                                GError             **error);
gboolean           psems_facility_update       (PsemsStore          *store,
                                                PsemsActor          *actor,
                                                const PsemsFacility *facility,
                                                GError             **error);
gboolean           psems_facility_archive      (PsemsStore          *store,
                                                PsemsActor          *actor,
                                                gint64               id,
                                                GError             **error);
gboolean           psems_facility_restore      (PsemsStore          *store,
                                                PsemsActor          *actor,
                                                gint64               id,
                                                GError             **error);
PsemsFacility     *psems_facility_get          (PsemsStore          *store,
                                                gint64               id,
                                                GError             **error);
GPtrArray         *psems_facility_list         (PsemsStore          *store,
                                                gboolean             include_archived,
                                                GError             **error);
gint64             psems_facility_resolve      (PsemsStore          *store,
                                                const char          *text,
                                                GError             **error);

gboolean           psems_facility_set_level    (PsemsStore          *store,
                                                PsemsActor          *actor,
                                                gint64               id,
                                                int                  level,
                                                const char          *reason,
                                                GDateTime           *changed_at,
                                                GDateTime           *notified_at,
                                                GDateTime           *compliant_at,
                                                GError             **error);
gboolean           psems_facility_record_level_times (PsemsStore    *store,
                                                      PsemsActor    *actor,
                                                      gint64         change_id,
                                                      GDateTime     *notified_at,
                                                      GDateTime     *compliant_at,
                                                      GError       **error);
GPtrArray         *psems_facility_list_level_changes (PsemsStore    *store,
                                                      gint64         id,
                                                      GError       **error);

gint64             psems_area_create           (PsemsStore          *store,
                                                PsemsActor          *actor,
                                                gint64               facility_id,
                                                const char          *code,
                                                const char          *name,
                                                const char          *description,
                                                char               **ref,
                                                GError             **error);
gboolean           psems_area_update           (PsemsStore          *store,
                                                PsemsActor          *actor,
                                                const PsemsArea     *area,
                                                GError             **error);
gboolean           psems_area_archive          (PsemsStore          *store,
                                                PsemsActor          *actor,
                                                gint64               id,
                                                GError             **error);
gboolean           psems_area_restore          (PsemsStore          *store,
                                                PsemsActor          *actor,
                                                gint64               id,
                                                GError             **error);
GPtrArray         *psems_area_list             (PsemsStore          *store,
                                                gint64               facility_id,
                                                gboolean             include_archived,
                                                GError             **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PsemsFacility, psems_facility_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PsemsLevelChange, psems_level_change_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PsemsArea, psems_area_free)

G_END_DECLS
