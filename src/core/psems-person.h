/* psems-person.h — personnel: persons, their vettings, restricted areas and trainings; search and lists. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "psems-actor.h"
#include "psems-store.h"

G_BEGIN_DECLS

typedef enum
{
  PSEMS_VETTING_PENDING,
  PSEMS_VETTING_CLEARED,
  PSEMS_VETTING_REFUSED,
  PSEMS_VETTING_SUSPENDED,
  PSEMS_VETTING_REVOKED,
} PsemsVettingStatus;

/* A person's clearance as of a day, never stored: cleared when a cleared
 * vetting covers the day; otherwise the latest vetting (by requested_on, then
 * id) decides (a cleared one not yet issued reads as pending). */
typedef enum
{
  PSEMS_CLEARANCE_NONE,       /* no vetting at all */
  PSEMS_CLEARANCE_PENDING,
  PSEMS_CLEARANCE_CLEARED,    /* a cleared vetting with issued_on <= day <= expires_on */
  PSEMS_CLEARANCE_EXPIRED,    /* latest vetting cleared but expires_on < day */
  PSEMS_CLEARANCE_REFUSED,
  PSEMS_CLEARANCE_SUSPENDED,
  PSEMS_CLEARANCE_REVOKED,
} PsemsClearance;

const char *psems_vetting_status_to_string   (PsemsVettingStatus status);  /* "cleared" */
gboolean    psems_vetting_status_from_string (const char         *text,
                                              PsemsVettingStatus *status);
const char *psems_vetting_status_label       (PsemsVettingStatus status);  /* translated */
const char *psems_clearance_to_string        (PsemsClearance     clearance); /* "expired" */
gboolean    psems_clearance_from_string      (const char         *text,
                                              PsemsClearance     *clearance);
const char *psems_clearance_label            (PsemsClearance     clearance); /* translated */

/* Plain value structs. Dates are ISO 8601 "YYYY-MM-DD" strings (NULL: none). */
typedef struct
{
  gint64 id;              /* 0 for a new person */
  char *ref;              /* PER-2026-000001, assigned on creation */
  char *given_name;
  char *family_name;
  char *display_name;     /* NULL on input: "given family" */
  char *sort_name;        /* NULL on input: "family, given" */
  char *date_of_birth;    /* nullable */
  char *nationality;      /* nullable; ISO 3166-1 alpha-2 */
  char *email;            /* nullable */
  char *phone;            /* nullable */
  char *employer;
  char *job_title;        /* nullable */
  char *badge_no;         /* nullable; unique */
  char *notes;            /* nullable */
  char *archived_at;      /* read-only (deleted_at) */
  GArray *area_ids;       /* gint64; read-only here: set with psems_person_set_areas(); NULL unread */
  /* read-only, from the latest vetting, as of the day passed to get (today if NULL): */
  PsemsClearance clearance;
  gint64 level_id;        /* 0: none */
  char *level_name;
  char *expires_on;
} PsemsPerson;

typedef struct
{
  gint64 id;              /* 0 for a new vetting */
  char *ref;              /* VET-2026-000001 */
  gint64 person_id;
  gint64 level_id;
  char *level_code;       /* read-only */
  char *level_name;       /* read-only */
  PsemsVettingStatus status;
  char *requested_on;     /* required */
  char *issued_on;        /* required when cleared */
  char *expires_on;       /* required when cleared; NULL on input with a level validity: derived */
  char *authority;
  char *authority_ref;
  char *notes;
} PsemsVetting;

typedef struct
{
  gint64 id;
  gint64 person_id;
  gint64 course_id;
  char *course_code;      /* read-only */
  char *course_name;      /* read-only */
  char *completed_on;
  char *expires_on;       /* NULL on input: completed_on + the course's validity, or never */
  char *provider;
} PsemsTraining;

PsemsPerson   *psems_person_new       (void);
void           psems_person_free      (PsemsPerson   *person);
PsemsVetting  *psems_vetting_new      (void);
void           psems_vetting_free     (PsemsVetting  *vetting);
void           psems_training_free    (PsemsTraining *training);

/* Clearance of one vetting (NULL: none) as of @day. */
PsemsClearance psems_vetting_clearance (const PsemsVetting *vetting,
                                        const GDate        *day);

GPtrArray     *psems_person_validate  (PsemsStore        *store,
                                       const PsemsPerson *person);   /* PsemsFieldProblem */
GPtrArray     *psems_vetting_validate (PsemsStore         *store,
                                       const PsemsVetting *vetting);

gint64         psems_person_create    (PsemsStore        *store,
                                       PsemsActor        *actor,
                                       const PsemsPerson *person,
                                       char             **ref,
                                       GError           **error);
/* A person, their restricted areas and first vetting (each optional) in one
 * transaction: any problem writes nothing. */
gint64         psems_person_create_full (PsemsStore         *store,
                                         PsemsActor         *actor,
                                         const PsemsPerson  *person,
                                         const gint64       *area_ids,
                                         guint               n_area_ids,
                                         const PsemsVetting *vetting,
                                         char              **ref,
                                         GError            **error);
gboolean       psems_person_update    (PsemsStore        *store,
                                       PsemsActor        *actor,
                                       const PsemsPerson *person,
                                       GError           **error);
gboolean       psems_person_archive   (PsemsStore        *store,
                                       PsemsActor        *actor,
                                       gint64             id,
                                       GError           **error);
gboolean       psems_person_restore   (PsemsStore        *store,
                                       PsemsActor        *actor,
                                       gint64             id,
                                       GError           **error);
/* @as_of: the day clearance is derived for; NULL for today (UTC). */
PsemsPerson   *psems_person_get       (PsemsStore        *store,
                                       gint64             id,
                                       const GDate       *as_of,
                                       GError           **error);
/* A PER reference or a badge number → id; NOT_FOUND otherwise. */
gint64         psems_person_resolve   (PsemsStore        *store,
                                       const char        *text,
                                       GError           **error);

gint64         psems_vetting_add      (PsemsStore         *store,
                                       PsemsActor         *actor,
                                       const PsemsVetting *vetting,
                                       char              **ref,
                                       GError            **error);
gboolean       psems_vetting_update   (PsemsStore         *store,
                                       PsemsActor         *actor,
                                       const PsemsVetting *vetting,
                                       GError            **error);
/* The person's vettings, newest first. Records a "view" audit entry (entity
 * "person", the person's id); on a read-only store the data is returned and
 * *view_recorded is FALSE, so the UI can say views cannot be recorded. */
GPtrArray     *psems_person_get_vettings (PsemsStore   *store,
                                          PsemsActor   *actor,
                                          gint64        person_id,
                                          gboolean     *view_recorded,
                                          GError      **error);

/* Replaces the person's restricted areas (ids of restricted_area). */
gboolean       psems_person_set_areas (PsemsStore        *store,
                                       PsemsActor        *actor,
                                       gint64             person_id,
                                       const gint64      *area_ids,
                                       guint              n_area_ids,
                                       GError           **error);
GPtrArray     *psems_training_validate (PsemsStore          *store,
                                        const PsemsTraining *training);  /* PsemsFieldProblem */
gint64         psems_training_add     (PsemsStore          *store,
                                       PsemsActor          *actor,
                                       const PsemsTraining *training,
                                       GError             **error);
/* Soft-deletes a training record entered by mistake. */
gboolean       psems_training_remove  (PsemsStore          *store,
                                       PsemsActor          *actor,
                                       gint64               id,
                                       GError             **error);
/* Brings back a training record psems_training_remove() removed. */
gboolean       psems_training_restore (PsemsStore          *store,
                                       PsemsActor          *actor,
                                       gint64               id,
                                       GError             **error);
GPtrArray     *psems_person_list_trainings (PsemsStore   *store,
                                            gint64        person_id,
                                            GError      **error);

/* Vetting levels, for pickers: PsemsVettingLevel. */
typedef struct
{
  gint64 id;
  char *code;
  char *name;
  int rank;
  int validity_months;   /* 0: none */
} PsemsVettingLevel;
void           psems_vetting_level_free  (PsemsVettingLevel *level);
GPtrArray     *psems_vetting_level_list  (PsemsStore *store,
                                          GError    **error);

/* Training courses, for pickers: PsemsTrainingCourse. */
typedef struct
{
  gint64 id;
  char *ref;
  char *code;
  char *name;
  char *regulation;      /* nullable, e.g. ISPS A/18.1 */
  int validity_months;   /* 0: never lapses */
} PsemsTrainingCourse;
void           psems_training_course_free (PsemsTrainingCourse *course);
GPtrArray     *psems_training_course_list (PsemsStore *store,
                                           GError    **error);
/* A training's default expiry: @completed_on + the course's validity; NULL when none. */
char          *psems_training_course_expiry (const PsemsTrainingCourse *course,
                                             const char                *completed_on);

/* Folds the letters without a Unicode decomposition (Ø→o, Æ→ae, ß→ss, Ł→l,
 * Đ→d, Þ→th, Œ→oe, ı→i …) as the search index holds them. */
char          *psems_person_fold_search_text (const char *text);

/* ─────────────── search and lists ─────────────── */

typedef enum
{
  PSEMS_PERSON_SORT_NAME,      /* sort_name */
  PSEMS_PERSON_SORT_EMPLOYER,  /* employer, then sort_name */
  PSEMS_PERSON_SORT_BADGE,     /* badge_no (none last) */
  PSEMS_PERSON_SORT_EXPIRY,    /* expiry of the latest vetting (none last), then sort_name */
} PsemsPersonSort;

typedef struct
{
  char *text;              /* search-as-you-type: every word a prefix of a name, employer or badge; NULL/"" all */
  char *status;            /* NULL all; a clearance string: "none" "pending" "cleared" "expired" "refused" "suspended" "revoked" */
  gint64 level_id;         /* 0 all */
  char *employer;          /* NULL all; exact match */
  gint64 area_id;          /* 0 all */
  int expiring_within_days;/* 0 off; cleared as of as_of and expiring within N days */
  gboolean training_lapsed;/* only persons with a training expired as of as_of (latest per course) */
  gboolean include_archived;
  GDate as_of;             /* invalid (cleared) → today UTC */
  PsemsPersonSort sort;
  gboolean descending;
} PsemsPersonQuery;

void     psems_person_query_init  (PsemsPersonQuery       *query);
void     psems_person_query_clear (PsemsPersonQuery       *query);
void     psems_person_query_copy  (PsemsPersonQuery       *dest,
                                   const PsemsPersonQuery *src);

/* One list row, as the list shows it. */
typedef struct
{
  gint64 id;
  char *ref;
  char *display_name;
  char *sort_name;
  char *employer;
  char *badge_no;          /* nullable */
  char *level_name;        /* nullable */
  char *status;            /* vetting status string of the latest vetting, nullable */
  PsemsClearance clearance;
  char *expires_on;        /* nullable */
} PsemsPersonListRow;

void       psems_person_list_row_free (PsemsPersonListRow *row);

gint64     psems_person_count    (PsemsStore             *store,
                                  const PsemsPersonQuery *query,
                                  GError                **error);
/* All matching person ids in the query's order (for a lazy list: positions → ids). */
GArray    *psems_person_list_ids (PsemsStore             *store,
                                  const PsemsPersonQuery *query,
                                  GCancellable           *cancellable,
                                  GError                **error);
/* The first page before the id list arrives: without text the list's first
 * @limit rows; with text the first @limit hits of the unranked FTS5 prefix
 * match (and filters), sorted among themselves — the full list may differ. */
GPtrArray *psems_person_list_first (PsemsStore             *store,
                                    const PsemsPersonQuery *query,
                                    guint                   limit,
                                    GError                **error);
/* Rows for the given ids, in the same order (ids not found are skipped). */
GPtrArray *psems_person_list_rows (PsemsStore             *store,
                                   const gint64           *ids,
                                   guint                   n_ids,
                                   const GDate            *as_of,
                                   GError                **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PsemsPerson, psems_person_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PsemsVetting, psems_vetting_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PsemsTraining, psems_training_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PsemsVettingLevel, psems_vetting_level_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PsemsTrainingCourse, psems_training_course_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PsemsPersonListRow, psems_person_list_row_free)

G_END_DECLS
