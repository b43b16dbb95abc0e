/* psems-person-private.h — what the person modules share inside core: dates and the list query. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <sqlite3.h>

#include "psems-person.h"

G_BEGIN_DECLS

/* Clearance as of :day (see psems-person.c). */
/* The vetting that decides a person's clearance on :day (see above). */
#define CURRENT_VETTING(p) \
  "coalesce((SELECT cv.id FROM vetting cv INDEXED BY vetting_person WHERE cv.person_id = " p ".id AND cv.deleted_at IS NULL" \
  "            AND cv.status = 'cleared' AND cv.issued_on <= :day AND cv.expires_on >= :day" \
  "          ORDER BY cv.expires_on DESC LIMIT 1)," \
  "         (SELECT lv.id FROM vetting lv INDEXED BY vetting_person WHERE lv.person_id = " p ".id AND lv.deleted_at IS NULL" \
  "          ORDER BY lv.requested_on DESC, lv.id DESC LIMIT 1))"

#define CLEARANCE_EXPR(v) \
  "(CASE WHEN " v ".id IS NULL THEN 'none'" \
  " WHEN " v ".status <> 'cleared' THEN " v ".status" \
  " WHEN " v ".expires_on < :day THEN 'expired'" \
  " WHEN " v ".issued_on > :day THEN 'pending' ELSE 'cleared' END)"

/* Whether a person has a training whose latest record for its course lapsed before :day. */
#define TRAINING_LAPSED(p) \
  "EXISTS (SELECT 1 FROM training_record t WHERE t.person_id = " p ".id" \
  " AND t.deleted_at IS NULL AND t.expires_on < :day" \
  " AND NOT EXISTS (SELECT 1 FROM training_record t2 WHERE t2.person_id = " p ".id" \
  " AND t2.course_id = t.course_id AND t2.deleted_at IS NULL" \
  " AND t2.completed_on <= :day AND (t2.expires_on IS NULL OR t2.expires_on >= :day)))"


/* psems_person_list_ids() with guint32 elements while the ids fit (see psems-person.c). */
GArray   *psems_person_list_ids_compact (PsemsStore              *store,
                                         const PsemsPersonQuery  *query,
                                         GCancellable            *cancellable,
                                         GError                 **error);
gboolean  psems_person_parse_date   (const char *text,
                                     GDate      *date);
void      psems_person_format_date  (const GDate *date,
                                     char         out[16]);
char     *psems_person_match_expr   (const char *text);
/* Every letter psems_person_fold_search_text() folds, in one string (tests check the index agrees). */
char     *psems_person_dup_search_folds (void);
char     *psems_person_default_display_name (const char *given,
                                             const char *family);
char     *psems_person_default_sort_name    (const char *given,
                                             const char *family);
/* Builds the list query: "SELECT <columns> FROM … WHERE … [ORDER BY …]"; bind with bind_query. */
char     *psems_person_query_sql    (const PsemsPersonQuery *query,
                                     const char             *columns,
                                     gboolean                need_current,
                                     gboolean                ordered);
void      psems_person_bind_query   (sqlite3_stmt           *stmt,
                                     const PsemsPersonQuery *query);

/* The search index (person_fts) follows person by hand: remove before a
 * change of names, employer or badge, add after it. */
gboolean  psems_person_fts_remove   (PsemsStore  *store,
                                     gint64       id,
                                     GError     **error);
gboolean  psems_person_fts_add      (PsemsStore  *store,
                                     gint64       id,
                                     GError     **error);

G_END_DECLS
