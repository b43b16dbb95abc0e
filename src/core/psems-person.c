/* psems-person.c — personnel: persons, their vettings, restricted areas and trainings; search and lists. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "psems-audit.h"
#include "psems-error.h"
#include "psems-person.h"
#include "psems-person-private.h"
#include "psems-ref.h"
#include "psems-store-private.h"
#include "psems-transaction.h"

/*
 * Field names in problems and refusals, as the schema spells them: given_name,
 * family_name, display_name, employer, badge_no, date_of_birth, nationality,
 * email; for a vetting person_id, level_id, status, requested_on, issued_on,
 * expires_on; for a training course_id, completed_on, expires_on.
 *
 * Clearance as of a day D (the dashboard's definition): cleared when a live
 * vetting has status 'cleared' and issued_on ≤ D ≤ expires_on; otherwise the
 * latest vetting (by requested_on, then id) decides: its status, or for a
 * cleared one "expired" once expires_on < D (and "pending" before issued_on);
 * "none" without vettings. Never stored.
 */

#define PERSON_COLUMNS \
  "SELECT id, ref, given_name, family_name, display_name, sort_name, date_of_birth, nationality," \
  " email, phone, employer, job_title, badge_no, notes, deleted_at FROM person"

#define VETTING_COLUMNS \
  "SELECT v.id, v.ref, v.person_id, v.level_id, l.code, l.name, v.status, v.requested_on," \
  " v.issued_on, v.expires_on, v.authority, v.authority_ref, v.notes" \
  " FROM vetting v JOIN vetting_level l ON l.id = v.level_id"

#define TRAINING_COLUMNS \
  "SELECT t.id, t.person_id, t.course_id, c.code, c.name, t.completed_on, t.expires_on, t.provider" \
  " FROM training_record t JOIN training_course c ON c.id = t.course_id"

static const char * const status_ids[] = { "pending", "cleared", "refused", "suspended", "revoked", NULL };
static const char * const status_labels[] = { N_("Pending"), N_("Cleared"), N_("Refused"), N_("Suspended"),
                                              N_("Revoked") };
static const char * const clearance_ids[] = { "none", "pending", "cleared", "expired", "refused", "suspended",
                                              "revoked", NULL };
static const char * const clearance_labels[] = { N_("Not vetted"), N_("Pending"), N_("Cleared"), N_("Expired"),
                                                 N_("Refused"), N_("Suspended"), N_("Revoked") };

G_STATIC_ASSERT (G_N_ELEMENTS (status_ids) == G_N_ELEMENTS (status_labels) + 1);
G_STATIC_ASSERT (G_N_ELEMENTS (clearance_ids) == G_N_ELEMENTS (clearance_labels) + 1);

/* ───────────────────────────── enums ───────────────────────────── */

const char *
psems_vetting_status_to_string (PsemsVettingStatus status)
{
  g_return_val_if_fail (status <= PSEMS_VETTING_REVOKED, NULL);
  return status_ids[status];
}

gboolean
psems_vetting_status_from_string (const char         *text,
                                  PsemsVettingStatus *status)
{
  int i = psems_sql_find_name (status_ids, g_strv_length ((char **) status_ids), text);

  if (i < 0)
    return FALSE;
  if (status != NULL)
    *status = (PsemsVettingStatus) i;
  return TRUE;
}

const char *
psems_vetting_status_label (PsemsVettingStatus status)
{
  g_return_val_if_fail (status <= PSEMS_VETTING_REVOKED, NULL);
  return _(status_labels[status]);
}

const char *
psems_clearance_to_string (PsemsClearance clearance)
{
  g_return_val_if_fail (clearance <= PSEMS_CLEARANCE_REVOKED, NULL);
  return clearance_ids[clearance];
}

gboolean
psems_clearance_from_string (const char     *text,
                             PsemsClearance *clearance)
{
  int i = psems_sql_find_name (clearance_ids, g_strv_length ((char **) clearance_ids), text);

  if (i < 0)
    return FALSE;
  if (clearance != NULL)
    *clearance = (PsemsClearance) i;
  return TRUE;
}

const char *
psems_clearance_label (PsemsClearance clearance)
{
  g_return_val_if_fail (clearance <= PSEMS_CLEARANCE_REVOKED, NULL);
  return _(clearance_labels[clearance]);
}

static PsemsClearance
clearance_from_column (sqlite3_stmt *stmt,
                       int           column)
{
  PsemsClearance c = PSEMS_CLEARANCE_NONE;

  psems_clearance_from_string ((const char *) sqlite3_column_text (stmt, column), &c);
  return c;
}

/* ───────────────────────────── dates and names ───────────────────────────── */

/* Strict ISO 8601 calendar date, YYYY-MM-DD, that exists (no 2025-02-30):
 * the one day syntax of every module (psems_day_text_parse()). */
gboolean
psems_person_parse_date (const char *text,
                         GDate      *date)
{
  return psems_day_text_parse (text, date);
}

void
psems_person_format_date (const GDate *date,
                          char         out[16])
{
  g_snprintf (out, 16, "%04u-%02u-%02u", g_date_get_year (date), g_date_get_month (date),
              g_date_get_day (date));
}

static void
today_or (const GDate *as_of,
          GDate       *out)
{
  if (as_of != NULL && g_date_valid (as_of))
    *out = *as_of;
  else
    {
      g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

      g_date_clear (out, 1);
      g_date_set_dmy (out, g_date_time_get_day_of_month (now), g_date_time_get_month (now),
                      g_date_time_get_year (now));
    }
}

char *
psems_person_default_display_name (const char *given,
                                   const char *family)
{
  return g_strdup_printf ("%s %s", given, family);
}

char *
psems_person_default_sort_name (const char *given,
                                const char *family)
{
  return g_strdup_printf ("%s, %s", family, given);
}

/* Letters the unicode61 tokenizer leaves alone because Unicode gives them no
 * decomposition (remove_diacritics folds é to e, but not ø to o). The index
 * side is the view person_search (migration 0004), which replaces the same
 * letters in SQL; test-person-search checks the two agree letter by letter.
 * Change both together. */
static const struct
{
  gunichar letter;
  const char *ascii;
} search_folds[] = {
  { 0x00D8, "o" },  { 0x00F8, "o" },    /* Ø ø */
  { 0x00C6, "ae" }, { 0x00E6, "ae" },   /* Æ æ */
  { 0x0152, "oe" }, { 0x0153, "oe" },   /* Œ œ */
  { 0x00DF, "ss" }, { 0x1E9E, "ss" },   /* ß ẞ */
  { 0x0141, "l" },  { 0x0142, "l" },    /* Ł ł */
  { 0x0110, "d" },  { 0x0111, "d" },    /* Đ đ */
  { 0x00D0, "d" },  { 0x00F0, "d" },    /* Ð ð */
  { 0x0126, "h" },  { 0x0127, "h" },    /* Ħ ħ */
  { 0x00DE, "th" }, { 0x00FE, "th" },   /* Þ þ */
  { 0x0131, "i" },                      /* ı */
  { 0x013F, "l" },  { 0x0140, "l" },    /* Ŀ ŀ */
  { 0x0166, "t" },  { 0x0167, "t" },    /* Ŧ ŧ */
  { 0x014A, "ng" }, { 0x014B, "ng" },   /* Ŋ ŋ */
};

/**
 * psems_person_fold_search_text:
 * @text: (nullable): UTF-8 text
 *
 * Folds the letters without a decomposition (Ø→o, Æ→ae, ß→ss, Ł→l, Đ→d,
 * Þ→th, Œ→oe, ı→i …) the way the search index holds them; the tokenizer does
 * the rest (case, accents). Invalid UTF-8 is returned unchanged.
 *
 * Returns: (transfer full) (nullable): the folded text, %NULL for %NULL
 */
char *
psems_person_fold_search_text (const char *text)
{
  GString *out;

  if (text == NULL)
    return NULL;
  if (!g_utf8_validate (text, -1, NULL))
    return g_strdup (text);
  out = g_string_sized_new (strlen (text));
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      const char *ascii = NULL;

      if (c >= 0x80)
        for (guint i = 0; i < G_N_ELEMENTS (search_folds) && ascii == NULL; i++)
          if (search_folds[i].letter == c)
            ascii = search_folds[i].ascii;
      if (ascii != NULL)
        g_string_append (out, ascii);
      else
        g_string_append_len (out, p, g_utf8_next_char (p) - p);
    }
  return g_string_free (out, FALSE);
}

/* Every letter psems_person_fold_search_text() folds, one after the other (for tests). */
char *
psems_person_dup_search_folds (void)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (search_folds); i++)
    g_string_append_unichar (out, search_folds[i].letter);
  return g_string_free (out, FALSE);
}

/* Every typed word becomes a quoted prefix term, so no user text is ever read
 * as FTS5 syntax; words without a letter or digit are dropped. NULL: no words.
 * The words are folded as the index is (psems_person_fold_search_text()). */
char *
psems_person_match_expr (const char *text)
{
  g_autoptr(GString) out = g_string_new (NULL);
  g_autofree char *folded = NULL;
  g_auto(GStrv) words = NULL;

  if (text == NULL || !g_utf8_validate (text, -1, NULL))
    return NULL;
  folded = psems_person_fold_search_text (text);
  words = g_strsplit_set (folded, " \t\r\n\f\v", -1);
  for (guint i = 0; words[i] != NULL; i++)
    {
      gboolean has_alnum = FALSE;

      for (const char *p = words[i]; *p != '\0'; p = g_utf8_next_char (p))
        if (g_unichar_isalnum (g_utf8_get_char (p)))
          has_alnum = TRUE;
      if (!has_alnum)
        continue;
      if (out->len > 0)
        g_string_append_c (out, ' ');
      g_string_append_c (out, '"');
      for (const char *p = words[i]; *p != '\0'; p++)
        {
          if (*p == '"')
            g_string_append_c (out, '"');
          g_string_append_c (out, *p);
        }
      g_string_append (out, "\"*");
    }
  return out->len > 0 ? g_string_free (g_steal_pointer (&out), FALSE) : NULL;
}

/* ───────────────────────────── values ───────────────────────────── */

PsemsPerson *
psems_person_new (void)
{
  return g_new0 (PsemsPerson, 1);
}

void
psems_person_free (PsemsPerson *person)
{
  if (person == NULL)
    return;
  g_free (person->ref);
  g_free (person->given_name);
  g_free (person->family_name);
  g_free (person->display_name);
  g_free (person->sort_name);
  g_free (person->date_of_birth);
  g_free (person->nationality);
  g_free (person->email);
  g_free (person->phone);
  g_free (person->employer);
  g_free (person->job_title);
  g_free (person->badge_no);
  g_free (person->notes);
  g_free (person->archived_at);
  g_clear_pointer (&person->area_ids, g_array_unref);
  g_free (person->level_name);
  g_free (person->expires_on);
  g_free (person);
}

PsemsVetting *
psems_vetting_new (void)
{
  return g_new0 (PsemsVetting, 1);
}

void
psems_vetting_free (PsemsVetting *vetting)
{
  if (vetting == NULL)
    return;
  g_free (vetting->ref);
  g_free (vetting->level_code);
  g_free (vetting->level_name);
  g_free (vetting->requested_on);
  g_free (vetting->issued_on);
  g_free (vetting->expires_on);
  g_free (vetting->authority);
  g_free (vetting->authority_ref);
  g_free (vetting->notes);
  g_free (vetting);
}

void
psems_training_free (PsemsTraining *training)
{
  if (training == NULL)
    return;
  g_free (training->course_code);
  g_free (training->course_name);
  g_free (training->completed_on);
  g_free (training->expires_on);
  g_free (training->provider);
  g_free (training);
}

void
psems_vetting_level_free (PsemsVettingLevel *level)
{
  if (level == NULL)
    return;
  g_free (level->code);
  g_free (level->name);
  g_free (level);
}

void
psems_person_list_row_free (PsemsPersonListRow *row)
{
  if (row == NULL)
    return;
  g_free (row->ref);
  g_free (row->display_name);
  g_free (row->sort_name);
  g_free (row->employer);
  g_free (row->badge_no);
  g_free (row->level_name);
  g_free (row->status);
  g_free (row->expires_on);
  g_free (row);
}

static PsemsPerson *
person_normalize (const PsemsPerson *in)
{
  PsemsPerson *p = psems_person_new ();
  g_autofree char *nationality = psems_sql_dup_field (in->nationality);

  p->id = in->id;
  p->given_name = psems_sql_dup_field (in->given_name);
  p->family_name = psems_sql_dup_field (in->family_name);
  p->display_name = psems_sql_dup_field (in->display_name);
  p->sort_name = psems_sql_dup_field (in->sort_name);
  if (p->display_name == NULL && p->given_name != NULL && p->family_name != NULL)
    p->display_name = psems_person_default_display_name (p->given_name, p->family_name);
  if (p->sort_name == NULL && p->given_name != NULL && p->family_name != NULL)
    p->sort_name = psems_person_default_sort_name (p->given_name, p->family_name);
  p->date_of_birth = psems_sql_dup_field (in->date_of_birth);
  p->nationality = nationality != NULL ? g_ascii_strup (nationality, -1) : NULL;
  p->email = psems_sql_dup_field (in->email);
  p->phone = psems_sql_dup_field (in->phone);
  p->employer = psems_sql_dup_field (in->employer);
  p->job_title = psems_sql_dup_field (in->job_title);
  p->badge_no = psems_sql_dup_field (in->badge_no);
  p->notes = psems_sql_dup_field (in->notes);
  return p;
}

static PsemsPerson *
person_from_row (sqlite3_stmt *stmt)
{
  PsemsPerson *p = psems_person_new ();

  p->id = sqlite3_column_int64 (stmt, 0);
  p->ref = psems_sql_dup_column (stmt, 1);
  p->given_name = psems_sql_dup_column (stmt, 2);
  p->family_name = psems_sql_dup_column (stmt, 3);
  p->display_name = psems_sql_dup_column (stmt, 4);
  p->sort_name = psems_sql_dup_column (stmt, 5);
  p->date_of_birth = psems_sql_dup_column (stmt, 6);
  p->nationality = psems_sql_dup_column (stmt, 7);
  p->email = psems_sql_dup_column (stmt, 8);
  p->phone = psems_sql_dup_column (stmt, 9);
  p->employer = psems_sql_dup_column (stmt, 10);
  p->job_title = psems_sql_dup_column (stmt, 11);
  p->badge_no = psems_sql_dup_column (stmt, 12);
  p->notes = psems_sql_dup_column (stmt, 13);
  p->archived_at = psems_sql_dup_column (stmt, 14);
  return p;
}

static PsemsVetting *
vetting_from_row (sqlite3_stmt *stmt)
{
  PsemsVetting *v = psems_vetting_new ();

  v->id = sqlite3_column_int64 (stmt, 0);
  v->ref = psems_sql_dup_column (stmt, 1);
  v->person_id = sqlite3_column_int64 (stmt, 2);
  v->level_id = sqlite3_column_int64 (stmt, 3);
  v->level_code = psems_sql_dup_column (stmt, 4);
  v->level_name = psems_sql_dup_column (stmt, 5);
  psems_vetting_status_from_string ((const char *) sqlite3_column_text (stmt, 6), &v->status);
  v->requested_on = psems_sql_dup_column (stmt, 7);
  v->issued_on = psems_sql_dup_column (stmt, 8);
  v->expires_on = psems_sql_dup_column (stmt, 9);
  v->authority = psems_sql_dup_column (stmt, 10);
  v->authority_ref = psems_sql_dup_column (stmt, 11);
  v->notes = psems_sql_dup_column (stmt, 12);
  return v;
}

static PsemsTraining *
training_from_row (sqlite3_stmt *stmt)
{
  PsemsTraining *t = g_new0 (PsemsTraining, 1);

  t->id = sqlite3_column_int64 (stmt, 0);
  t->person_id = sqlite3_column_int64 (stmt, 1);
  t->course_id = sqlite3_column_int64 (stmt, 2);
  t->course_code = psems_sql_dup_column (stmt, 3);
  t->course_name = psems_sql_dup_column (stmt, 4);
  t->completed_on = psems_sql_dup_column (stmt, 5);
  t->expires_on = psems_sql_dup_column (stmt, 6);
  t->provider = psems_sql_dup_column (stmt, 7);
  return t;
}

static PsemsVettingLevel *
level_from_row (sqlite3_stmt *stmt)
{
  PsemsVettingLevel *l = g_new0 (PsemsVettingLevel, 1);

  l->id = sqlite3_column_int64 (stmt, 0);
  l->code = psems_sql_dup_column (stmt, 1);
  l->name = psems_sql_dup_column (stmt, 2);
  l->rank = sqlite3_column_int (stmt, 3);
  l->validity_months = sqlite3_column_int (stmt, 4);
  return l;
}

/**
 * psems_vetting_clearance:
 * @vetting: (nullable): one vetting
 * @day: the day
 *
 * The clearance one vetting gives on @day (see the top of this file).
 */
PsemsClearance
psems_vetting_clearance (const PsemsVetting *vetting,
                         const GDate        *day)
{
  GDate issued, expires;

  g_return_val_if_fail (day != NULL && g_date_valid (day), PSEMS_CLEARANCE_NONE);

  if (vetting == NULL)
    return PSEMS_CLEARANCE_NONE;
  switch (vetting->status)
    {
    case PSEMS_VETTING_PENDING:   return PSEMS_CLEARANCE_PENDING;
    case PSEMS_VETTING_REFUSED:   return PSEMS_CLEARANCE_REFUSED;
    case PSEMS_VETTING_SUSPENDED: return PSEMS_CLEARANCE_SUSPENDED;
    case PSEMS_VETTING_REVOKED:   return PSEMS_CLEARANCE_REVOKED;
    case PSEMS_VETTING_CLEARED:
    default:
      break;
    }
  if (!psems_person_parse_date (vetting->expires_on, &expires) || g_date_compare (&expires, day) < 0)
    return PSEMS_CLEARANCE_EXPIRED;
  if (!psems_person_parse_date (vetting->issued_on, &issued) || g_date_compare (&issued, day) > 0)
    return PSEMS_CLEARANCE_PENDING;
  return PSEMS_CLEARANCE_CLEARED;
}

/* ───────────────────────────── validation ───────────────────────────── */

static void
check_date (GPtrArray  *problems,
            const char *field,
            const char *text)
{
  if (text != NULL && !psems_person_parse_date (text, NULL))
    psems_field_problems_add (problems, field, _("“%s” is not a date (YYYY-MM-DD)"), text);
}

static void
validate_person (PsemsStore        *store,
                 const PsemsPerson *p,
                 GPtrArray         *problems)
{
  if (p->given_name == NULL)
    psems_field_problems_add (problems, "given_name", _("A given name is required"));
  if (p->family_name == NULL)
    psems_field_problems_add (problems, "family_name", _("A family name is required"));
  if (p->employer == NULL)
    psems_field_problems_add (problems, "employer", _("An employer is required"));
  check_date (problems, "date_of_birth", p->date_of_birth);
  if (p->nationality != NULL &&
      (strlen (p->nationality) != 2 || !g_ascii_isalpha (p->nationality[0]) ||
       !g_ascii_isalpha (p->nationality[1])))
    psems_field_problems_add (problems, "nationality",
                              _("“%s” is not a country code: two letters (ISO 3166-1), e.g. GB"),
                              p->nationality);
  if (p->email != NULL)
    {
      const char *at = strchr (p->email, '@');

      if (at == NULL || at == p->email || at[1] == '\0')
        psems_field_problems_add (problems, "email", _("“%s” is not an e-mail address"), p->email);
    }
  if (p->badge_no != NULL)
    {
      g_autoptr(PsemsCachedStmt) stmt =
        psems_store_prepare (store, "SELECT ref FROM person WHERE badge_no = ?1 AND id <> ?2", NULL);

      if (stmt != NULL)
        {
          sqlite3_bind_text (stmt, 1, p->badge_no, -1, SQLITE_STATIC);
          sqlite3_bind_int64 (stmt, 2, p->id);
          if (sqlite3_step (stmt) == SQLITE_ROW)
            psems_field_problems_add (problems, "badge_no", _("Badge “%s” is already held by %s"),
                                      p->badge_no, (const char *) sqlite3_column_text (stmt, 0));
        }
    }
}

GPtrArray *
psems_person_validate (PsemsStore        *store,
                       const PsemsPerson *person)
{
  g_autoptr(PsemsPerson) p = NULL;
  GPtrArray *problems;

  g_return_val_if_fail (PSEMS_IS_STORE (store), NULL);
  g_return_val_if_fail (person != NULL, NULL);

  p = person_normalize (person);
  problems = psems_field_problems_new ();
  validate_person (store, p, problems);
  return problems;
}

/* The level's validity in months, 0 for none, -1 when there is no such live level. */
static int
level_validity (PsemsStore *store,
                gint64      level_id)
{
  g_autoptr(PsemsCachedStmt) stmt =
    psems_store_prepare (store, "SELECT coalesce(validity_months, 0) FROM vetting_level"
                                " WHERE id = ?1 AND deleted_at IS NULL", NULL);

  if (stmt == NULL)
    return -1;
  sqlite3_bind_int64 (stmt, 1, level_id);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return -1;
  return sqlite3_column_int (stmt, 0);
}

static PsemsVetting *
vetting_normalize (PsemsStore         *store,
                   const PsemsVetting *in)
{
  PsemsVetting *v = psems_vetting_new ();
  GDate issued;
  int months;

  v->id = in->id;
  v->person_id = in->person_id;
  v->level_id = in->level_id;
  v->status = in->status;
  v->requested_on = psems_sql_dup_field (in->requested_on);
  v->issued_on = psems_sql_dup_field (in->issued_on);
  v->expires_on = psems_sql_dup_field (in->expires_on);
  v->authority = psems_sql_dup_field (in->authority);
  v->authority_ref = psems_sql_dup_field (in->authority_ref);
  v->notes = psems_sql_dup_field (in->notes);
  if (v->requested_on == NULL && v->issued_on != NULL)
    v->requested_on = g_strdup (v->issued_on);
  if (v->expires_on == NULL && v->issued_on != NULL && psems_person_parse_date (v->issued_on, &issued) &&
      (months = level_validity (store, v->level_id)) > 0)
    {
      char text[16];

      g_date_add_months (&issued, (guint) months);
      psems_person_format_date (&issued, text);
      v->expires_on = g_strdup (text);
    }
  return v;
}

static void
validate_vetting (PsemsStore         *store,
                  const PsemsVetting *v,
                  GPtrArray          *problems)
{
  GDate requested, issued, expires;
  gboolean have_requested, have_issued, have_expires;

  if (v->level_id <= 0 || level_validity (store, v->level_id) < 0)
    psems_field_problems_add (problems, "level_id", _("There is no vetting level with id %lld"),
                              (long long) v->level_id);
  if (v->status > PSEMS_VETTING_REVOKED)
    psems_field_problems_add (problems, "status", _("%d is not a vetting status"), (int) v->status);
  if (v->requested_on == NULL)
    psems_field_problems_add (problems, "requested_on", _("The day the vetting was requested is required"));
  check_date (problems, "requested_on", v->requested_on);
  check_date (problems, "issued_on", v->issued_on);
  check_date (problems, "expires_on", v->expires_on);
  have_requested = psems_person_parse_date (v->requested_on, &requested);
  have_issued = psems_person_parse_date (v->issued_on, &issued);
  have_expires = psems_person_parse_date (v->expires_on, &expires);
  if (v->status == PSEMS_VETTING_CLEARED && v->issued_on == NULL)
    psems_field_problems_add (problems, "issued_on", _("A cleared vetting needs the day it was issued"));
  if (v->status == PSEMS_VETTING_CLEARED && v->expires_on == NULL)
    psems_field_problems_add (problems, "expires_on", _("A cleared vetting needs the day it expires"));
  if (have_requested && have_issued && g_date_compare (&issued, &requested) < 0)
    psems_field_problems_add (problems, "issued_on", _("Issued before it was requested"));
  if (have_issued && have_expires && g_date_compare (&expires, &issued) <= 0)
    psems_field_problems_add (problems, "expires_on", _("Expires on or before the day it was issued"));
}

GPtrArray *
psems_vetting_validate (PsemsStore         *store,
                        const PsemsVetting *vetting)
{
  g_autoptr(PsemsVetting) v = NULL;
  GPtrArray *problems;

  g_return_val_if_fail (PSEMS_IS_STORE (store), NULL);
  g_return_val_if_fail (vetting != NULL, NULL);

  v = vetting_normalize (store, vetting);
  problems = psems_field_problems_new ();
  validate_vetting (store, v, problems);
  return problems;
}

/* ───────────────────────────── reading ───────────────────────────── */

static PsemsPerson *
person_lookup (PsemsStore  *store,
               gint64       id,
               GError     **error)
{
  return psems_sql_get_row (store, PERSON_COLUMNS " WHERE id = ?1", id,
                            (PsemsRowFunc) person_from_row, "person", error,
                            _("There is no person with id %lld"), (long long) id);
}

/**
 * psems_person_get:
 * @as_of: (nullable): the day the clearance is derived for; %NULL for today
 *
 * Returns: (transfer full): the person, archived or not, with area ids and
 * clearance; %NULL with %PSEMS_ERROR_NOT_FOUND.
 */
PsemsPerson *
psems_person_get (PsemsStore   *store,
                  gint64        id,
                  const GDate  *as_of,
                  GError      **error)
{
  g_autoptr(PsemsPerson) p = NULL;
  g_autoptr(PsemsCachedStmt) stmt = NULL;
  g_autoptr(PsemsCachedStmt) areas = NULL;
  GDate day;
  char day_text[16];

  g_return_val_if_fail (PSEMS_IS_STORE (store), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  p = person_lookup (store, id, error);
  if (p == NULL)
    return NULL;

  today_or (as_of, &day);
  psems_person_format_date (&day, day_text);
  stmt = psems_store_prepare (store,
                              "SELECT " CLEARANCE_EXPR ("v") ", v.level_id, l.name, v.expires_on"
                              " FROM person p LEFT JOIN vetting v ON v.id = " CURRENT_VETTING ("p")
                              " LEFT JOIN vetting_level l ON l.id = v.level_id WHERE p.id = :id", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, sqlite3_bind_parameter_index (stmt, ":day"), day_text, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, sqlite3_bind_parameter_index (stmt, ":id"), id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      p->clearance = clearance_from_column (stmt, 0);
      p->level_id = sqlite3_column_int64 (stmt, 1);
      p->level_name = psems_sql_dup_column (stmt, 2);
      p->expires_on = psems_sql_dup_column (stmt, 3);
    }

  areas = psems_store_prepare (store, "SELECT area_id FROM person_area WHERE person_id = ?1"
                                      " AND deleted_at IS NULL ORDER BY area_id", error);
  if (areas == NULL)
    return NULL;
  sqlite3_bind_int64 (areas, 1, id);
  p->area_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  while (sqlite3_step (areas) == SQLITE_ROW)
    {
      gint64 area = sqlite3_column_int64 (areas, 0);
      g_array_append_val (p->area_ids, area);
    }
  return g_steal_pointer (&p);
}

/**
 * psems_person_resolve:
 * @text: a person reference (PER-2026-000012) or a badge number
 *
 * Returns: the person's id, or 0 with %PSEMS_ERROR_NOT_FOUND naming @text.
 */
gint64
psems_person_resolve (PsemsStore  *store,
                      const char  *text,
                      GError     **error)
{
  g_autofree char *trimmed = NULL;
  g_autofree char *prefix = NULL;
  g_autoptr(PsemsCachedStmt) stmt = NULL;

  g_return_val_if_fail (PSEMS_IS_STORE (store), 0);
  g_return_val_if_fail (error == NULL || *error == NULL, 0);

  trimmed = psems_sql_dup_field (text);
  if (trimmed == NULL)
    {
      g_set_error (error, PSEMS_ERROR, PSEMS_ERROR_INVALID,
                   _("No person given: name one by reference or badge number"));
      return 0;
    }
  stmt = psems_store_prepare (store, "SELECT id FROM person WHERE badge_no = ?1", error);
  if (stmt == NULL)
    return 0;
  sqlite3_bind_text (stmt, 1, trimmed, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    return sqlite3_column_int64 (stmt, 0);
  if (psems_ref_parse (trimmed, &prefix, NULL, NULL) && g_str_equal (prefix, "PER"))
    return psems_ref_resolve (store, "person", trimmed, error);
  g_set_error (error, PSEMS_ERROR, PSEMS_ERROR_NOT_FOUND,
               _("There is no person with the reference or badge number “%s”"), trimmed);
  return 0;
}

/**
 * psems_person_get_vettings:
 * @view_recorded: (out) (optional): whether the view went into the audit trail
 *
 * The person's vettings, newest first. Seeing them is recorded as a "view"
 * of the person in the audit trail; a read-only store cannot record it, so
 * the data comes back with *@view_recorded FALSE. A view emits no `changed`.
 *
 * Returns: (transfer full) (element-type PsemsVetting): the vettings, or %NULL.
 */
GPtrArray *
psems_person_get_vettings (PsemsStore  *store,
                           PsemsActor  *actor,
                           gint64       person_id,
                           gboolean    *view_recorded,
                           GError     **error)
{
  g_autoptr(PsemsPerson) person = NULL;
  g_autoptr(PsemsCachedStmt) stmt = NULL;
  g_autoptr(GPtrArray) list = NULL;

  g_return_val_if_fail (PSEMS_IS_STORE (store), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (view_recorded != NULL)
    *view_recorded = FALSE;
  if (!psems_actor_check (actor, PSEMS_OP_READ, "vetting", 0, error))
    return NULL;
  person = person_lookup (store, person_id, error);
  if (person == NULL)
    return NULL;

  stmt = psems_store_prepare (store, VETTING_COLUMNS " WHERE v.person_id = ?1 AND v.deleted_at IS NULL"
                                     " ORDER BY v.requested_on DESC, v.id DESC", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, person_id);
  list = psems_sql_collect_rows (store, stmt, (PsemsRowFunc) vetting_from_row,
                                 (GDestroyNotify) psems_vetting_free, "vetting", error);
  if (list == NULL)
    return NULL;

  if (!psems_store_get_read_only (store))
    {
      g_autoptr(PsemsTransaction) txn =
        psems_transaction_begin (store, actor, PSEMS_OP_READ, "person", 0, error);
      PsemsAuditRecord record = {
        .user_id = psems_actor_get_user_id (actor),
        .user_name = psems_actor_get_name (actor),
        .role = psems_role_to_string (psems_actor_get_role (actor)),
        .action = "view",
        .entity = "person",
        .entity_id = person_id,
        .ref = person->ref,
      };

      /* Appended directly, not through psems_transaction_record(): a view
       * changes no row, so no list should refresh for it. */
      if (txn == NULL || !psems_audit_append (store, &record, error) ||
          !psems_transaction_commit (g_steal_pointer (&txn), error))
        return NULL;
      if (view_recorded != NULL)
        *view_recorded = TRUE;
    }
  return g_steal_pointer (&list);
}

GPtrArray *
psems_person_list_trainings (PsemsStore  *store,
                             gint64       person_id,
                             GError     **error)
{
  g_autoptr(PsemsCachedStmt) stmt = NULL;

  g_return_val_if_fail (PSEMS_IS_STORE (store), NULL);

  stmt = psems_store_prepare (store, TRAINING_COLUMNS " WHERE t.person_id = ?1 AND t.deleted_at IS NULL"
                                     " ORDER BY c.code, t.completed_on DESC", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, person_id);
  return psems_sql_collect_rows (store, stmt, (PsemsRowFunc) training_from_row,
                                 (GDestroyNotify) psems_training_free, "training_record", error);
}

GPtrArray *
psems_vetting_level_list (PsemsStore  *store,
                          GError     **error)
{
  g_autoptr(PsemsCachedStmt) stmt = NULL;

  g_return_val_if_fail (PSEMS_IS_STORE (store), NULL);

  stmt = psems_store_prepare (store, "SELECT id, code, name, rank, coalesce(validity_months, 0)"
                                     " FROM vetting_level WHERE deleted_at IS NULL ORDER BY rank, code", error);
  if (stmt == NULL)
    return NULL;
  return psems_sql_collect_rows (store, stmt, (PsemsRowFunc) level_from_row,
                                 (GDestroyNotify) psems_vetting_level_free, "vetting_level", error);
}

/* ───────────────────────────── writing ───────────────────────────── */

static gboolean
fts_exec (PsemsStore  *store,
          const char  *sql,
          gint64       id,
          GError     **error)
{
  g_autoptr(PsemsCachedStmt) stmt = psems_store_prepare (store, sql, error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  return psems_sql_step_done (store, stmt, "person_fts", error);
}

gboolean
psems_person_fts_remove (PsemsStore  *store,
                         gint64       id,
                         GError     **error)
{
  return fts_exec (store, "INSERT INTO person_fts (person_fts, rowid, given_name, family_name, display_name,"
                          " employer, badge_no) SELECT 'delete', id, given_name, family_name, display_name,"
                          " employer, badge_no FROM person_search WHERE id = ?1", id, error);
}

gboolean
psems_person_fts_add (PsemsStore  *store,
                      gint64       id,
                      GError     **error)
{
  return fts_exec (store, "INSERT INTO person_fts (rowid, given_name, family_name, display_name, employer,"
                          " badge_no) SELECT id, given_name, family_name, display_name, employer, badge_no"
                          " FROM person_search WHERE id = ?1", id, error);
}

static const char *
person_what (const PsemsPerson *p)
{
  return p->display_name != NULL ? p->display_name : _("New person");
}

/* Inserts a validated, normalized person inside @txn and indexes it. */
static gint64
insert_person (PsemsTransaction   *txn,
               const PsemsPerson  *p,
               char              **ref,
               GError            **error)
{
  PsemsStore *store = psems_transaction_get_store (txn);
  g_autoptr(PsemsCachedStmt) stmt = NULL;
  g_autofree char *new_ref = NULL;
  g_autofree char *now = NULL;
  int year;
  gint64 id;

  now = psems_sql_now_stamp (&year);
  new_ref = psems_ref_allocate (txn, "PER", year, error);
  if (new_ref == NULL)
    return 0;
  stmt = psems_store_prepare (store,
                              "INSERT INTO person (ref, given_name, family_name, display_name, sort_name,"
                              " date_of_birth, nationality, email, phone, employer, job_title, badge_no, notes,"
                              " created_at, updated_at)"
                              " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?14)", error);
  if (stmt == NULL)
    return 0;
  psems_sql_bind_text (stmt, 1, new_ref);
  psems_sql_bind_text (stmt, 2, p->given_name);
  psems_sql_bind_text (stmt, 3, p->family_name);
  psems_sql_bind_text (stmt, 4, p->display_name);
  psems_sql_bind_text (stmt, 5, p->sort_name);
  psems_sql_bind_text (stmt, 6, p->date_of_birth);
  psems_sql_bind_text (stmt, 7, p->nationality);
  psems_sql_bind_text (stmt, 8, p->email);
  psems_sql_bind_text (stmt, 9, p->phone);
  psems_sql_bind_text (stmt, 10, p->employer);
  psems_sql_bind_text (stmt, 11, p->job_title);
  psems_sql_bind_text (stmt, 12, p->badge_no);
  psems_sql_bind_text (stmt, 13, p->notes);
  psems_sql_bind_text (stmt, 14, now);
  if (!psems_sql_step_done (store, stmt, new_ref, error))
    return 0;
  id = sqlite3_last_insert_rowid (psems_store_get_db (store));
  if (!psems_person_fts_add (store, id, error) ||
      !psems_transaction_record_row (txn, "create", "person", id, NULL, error))
    return 0;
  if (ref != NULL)
    *ref = g_steal_pointer (&new_ref);
  return id;
}

static gboolean write_areas    (PsemsTransaction  *txn,
                                const PsemsPerson *person,
                                const gint64      *area_ids,
                                guint              n_area_ids,
                                GError           **error);
static gint64   insert_vetting (PsemsTransaction   *txn,
                                const PsemsPerson  *person,
                                const PsemsVetting *vetting,
                                char              **ref,
                                GError            **error);

/**
 * psems_person_create:
 * @ref: (out) (optional): the new person's reference
 *
 * Creates a person after psems_person_validate(); any problem refuses the
 * write ("<name>: <field>: <message>") and nothing is written.
 *
 * Returns: the new id, or 0 with @error set.
 */
gint64
psems_person_create (PsemsStore         *store,
                     PsemsActor         *actor,
                     const PsemsPerson  *person,
                     char              **ref,
                     GError            **error)
{
  return psems_person_create_full (store, actor, person, NULL, 0, NULL, ref, error);
}

/**
 * psems_person_create_full:
 * @area_ids: (array length=n_area_ids) (nullable): restricted areas to grant today
 * @vetting: (nullable): the person's first vetting; its person_id is ignored
 * @ref: (out) (optional): the new person's reference
 *
 * Creates a person with their restricted areas and first vetting in one
 * transaction: the person, the areas and the vetting are all checked, and a
 * problem with any of them ("<name>: <field>: <message>", the vetting's
 * fields as psems_vetting_validate() names them) writes nothing at all.
 * Needs the right to create persons, and with a vetting to create vettings.
 *
 * Returns: the new id, or 0 with @error set.
 */
gint64
psems_person_create_full (PsemsStore          *store,
                          PsemsActor          *actor,
                          const PsemsPerson   *person,
                          const gint64        *area_ids,
                          guint                n_area_ids,
                          const PsemsVetting  *vetting,
                          char               **ref,
                          GError             **error)
{
  g_autoptr(PsemsTransaction) txn = NULL;
  g_autoptr(PsemsPerson) p = NULL;
  g_autoptr(PsemsPerson) written = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  g_autofree char *new_ref = NULL;
  gint64 id;

  g_return_val_if_fail (PSEMS_IS_STORE (store), 0);
  g_return_val_if_fail (person != NULL, 0);
  g_return_val_if_fail (area_ids != NULL || n_area_ids == 0, 0);
  g_return_val_if_fail (error == NULL || *error == NULL, 0);

  p = person_normalize (person);
  p->id = 0;
  txn = psems_transaction_begin (store, actor, PSEMS_OP_CREATE, "person", 0, error);
  if (txn == NULL)
    return 0;
  if ((vetting != NULL && !psems_actor_check (actor, PSEMS_OP_CREATE, "vetting", 0, error)) ||
      (n_area_ids > 0 && !psems_actor_check (actor, PSEMS_OP_UPDATE, "area-access", 0, error)))
    return 0;
  problems = psems_field_problems_new ();
  validate_person (store, p, problems);
  if (vetting != NULL)
    {
      g_autoptr(PsemsVetting) v = vetting_normalize (store, vetting);

      validate_vetting (store, v, problems);
    }
  if (!psems_field_problems_to_error (problems, person_what (p), error))
    return 0;

  id = insert_person (txn, p, &new_ref, error);
  if (id <= 0)
    return 0;
  written = person_lookup (store, id, error);
  if (written == NULL)
    return 0;
  if (n_area_ids > 0 && !write_areas (txn, written, area_ids, n_area_ids, error))
    return 0;
  if (vetting != NULL && insert_vetting (txn, written, vetting, NULL, error) <= 0)
    return 0;
  if (!psems_transaction_commit (g_steal_pointer (&txn), error))
    return 0;
  if (ref != NULL)
    *ref = g_steal_pointer (&new_ref);
  return id;
}

/**
 * psems_person_update:
 * @person: the new values; @id names the person; display and sort names
 *   left NULL are derived again from the names
 *
 * Writes a live person's values after psems_person_validate(); nothing is
 * written on any problem or when nothing changed.
 */
gboolean
psems_person_update (PsemsStore         *store,
                     PsemsActor         *actor,
                     const PsemsPerson  *person,
                     GError            **error)
{
  g_autoptr(PsemsTransaction) txn = NULL;
  g_autoptr(PsemsPerson) p = NULL;
  g_autoptr(PsemsPerson) current = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(PsemsCachedStmt) stmt = NULL;
  g_autofree char *before = NULL;
  g_autofree char *now = NULL;

  g_return_val_if_fail (PSEMS_IS_STORE (store), FALSE);
  g_return_val_if_fail (person != NULL && person->id > 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  p = person_normalize (person);
  txn = psems_transaction_begin (store, actor, PSEMS_OP_UPDATE, "person", 0, error);
  if (txn == NULL)
    return FALSE;
  current = person_lookup (store, p->id, error);
  if (current == NULL)
    return FALSE;
  if (current->archived_at != NULL)
    {
      g_set_error (error, PSEMS_ERROR, PSEMS_ERROR_INVALID, _("%s is archived; restore it first"), current->ref);
      return FALSE;
    }
  problems = psems_field_problems_new ();
  validate_person (store, p, problems);
  if (!psems_field_problems_to_error (problems, current->ref, error))
    return FALSE;

  before = psems_transaction_image (txn, "person", p->id, error);
  if (before == NULL)
    return FALSE;
  now = psems_sql_now_stamp (NULL);
  if (!psems_person_fts_remove (store, p->id, error))
    return FALSE;
  stmt = psems_store_prepare (store,
                              "UPDATE person SET given_name = ?2, family_name = ?3, display_name = ?4,"
                              " sort_name = ?5, date_of_birth = ?6, nationality = ?7, email = ?8, phone = ?9,"
                              " employer = ?10, job_title = ?11, badge_no = ?12, notes = ?13, updated_at = ?14"
                              " WHERE id = ?1 AND (given_name, family_name, display_name, sort_name,"
                              " date_of_birth, nationality, email, phone, employer, job_title, badge_no, notes)"
                              " IS NOT (?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, p->id);
  psems_sql_bind_text (stmt, 2, p->given_name);
  psems_sql_bind_text (stmt, 3, p->family_name);
  psems_sql_bind_text (stmt, 4, p->display_name);
  psems_sql_bind_text (stmt, 5, p->sort_name);
  psems_sql_bind_text (stmt, 6, p->date_of_birth);
  psems_sql_bind_text (stmt, 7, p->nationality);
  psems_sql_bind_text (stmt, 8, p->email);
  psems_sql_bind_text (stmt, 9, p->phone);
  psems_sql_bind_text (stmt, 10, p->employer);
  psems_sql_bind_text (stmt, 11, p->job_title);
  psems_sql_bind_text (stmt, 12, p->badge_no);
  psems_sql_bind_text (stmt, 13, p->notes);
  psems_sql_bind_text (stmt, 14, now);
  if (!psems_sql_step_done (store, stmt, current->ref, error))
    return FALSE;
  if (sqlite3_changes (psems_store_get_db (store)) == 0)
    return TRUE;   /* nothing changed: the scope's rollback restores the index too */
  if (!psems_person_fts_add (store, p->id, error))
    return FALSE;
  if (!psems_transaction_record_row (txn, "update", "person", p->id, before, error))
    return FALSE;
  return psems_transaction_commit (g_steal_pointer (&txn), error);
}

static gboolean
set_archived (PsemsStore  *store,
              PsemsActor  *actor,
              gint64       id,
              gboolean     archive,
              GError     **error)
{
  g_autoptr(PsemsTransaction) txn = NULL;
  g_autoptr(PsemsPerson) current = NULL;
  g_autoptr(PsemsCachedStmt) stmt = NULL;
  g_autofree char *before = NULL;
  g_autofree char *now = NULL;

  txn = psems_transaction_begin (store, actor, archive ? PSEMS_OP_DELETE : PSEMS_OP_RESTORE, "person", 0, error);
  if (txn == NULL)
    return FALSE;
  current = person_lookup (store, id, error);
  if (current == NULL)
    return FALSE;
  if (archive == (current->archived_at != NULL))
    {
      g_set_error (error, PSEMS_ERROR, PSEMS_ERROR_INVALID,
                   archive ? _("%s is already archived") : _("%s is not archived"), current->ref);
      return FALSE;
    }
  before = psems_transaction_image (txn, "person", id, error);
  if (before == NULL)
    return FALSE;
  now = psems_sql_now_stamp (NULL);
  stmt = psems_store_prepare (store, "UPDATE person SET deleted_at = ?2, updated_at = ?3 WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  psems_sql_bind_text (stmt, 2, archive ? now : NULL);
  psems_sql_bind_text (stmt, 3, now);
  if (!psems_sql_step_done (store, stmt, current->ref, error) ||
      !psems_transaction_record_row (txn, archive ? "archive" : "restore", "person", id, before, error))
    return FALSE;
  return psems_transaction_commit (g_steal_pointer (&txn), error);
}

gboolean
psems_person_archive (PsemsStore  *store,
                      PsemsActor  *actor,
                      gint64       id,
                      GError     **error)
{
  g_return_val_if_fail (PSEMS_IS_STORE (store), FALSE);
  return set_archived (store, actor, id, TRUE, error);
}

gboolean
psems_person_restore (PsemsStore  *store,
                      PsemsActor  *actor,
                      gint64       id,
                      GError     **error)
{
  g_return_val_if_fail (PSEMS_IS_STORE (store), FALSE);
  return set_archived (store, actor, id, FALSE, error);
}

static gboolean
bind_vetting (PsemsStore          *store,
              sqlite3_stmt        *stmt,
              const PsemsVetting  *v,
              const char          *now)
{
  sqlite3_bind_int64 (stmt, 2, v->person_id);
  sqlite3_bind_int64 (stmt, 3, v->level_id);
  psems_sql_bind_text (stmt, 4, psems_vetting_status_to_string (v->status));
  psems_sql_bind_text (stmt, 5, v->requested_on);
  psems_sql_bind_text (stmt, 6, v->issued_on);
  psems_sql_bind_text (stmt, 7, v->expires_on);
  psems_sql_bind_text (stmt, 8, v->authority);
  psems_sql_bind_text (stmt, 9, v->authority_ref);
  psems_sql_bind_text (stmt, 10, v->notes);
  psems_sql_bind_text (stmt, 11, now);
  return TRUE;
}

/* Inserts a vetting of @person inside @txn after checking it; @vetting's person_id is ignored. */
static gint64
insert_vetting (PsemsTransaction   *txn,
                const PsemsPerson  *person,
                const PsemsVetting *vetting,
                char              **ref,
                GError            **error)
{
  PsemsStore *store = psems_transaction_get_store (txn);
  g_autoptr(PsemsVetting) v = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(PsemsCachedStmt) stmt = NULL;
  g_autofree char *new_ref = NULL;
  g_autofree char *now = NULL;
  int year;
  gint64 id;

  v = vetting_normalize (store, vetting);
  v->person_id = person->id;
  problems = psems_field_problems_new ();
  validate_vetting (store, v, problems);
  if (!psems_field_problems_to_error (problems, person->ref, error))
    return 0;
  now = psems_sql_now_stamp (&year);
  new_ref = psems_ref_allocate (txn, "VET", year, error);
  if (new_ref == NULL)
    return 0;
  stmt = psems_store_prepare (store,
                              "INSERT INTO vetting (ref, person_id, level_id, status, requested_on, issued_on,"
                              " expires_on, authority, authority_ref, notes, created_at, updated_at)"
                              " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?11)", error);
  if (stmt == NULL)
    return 0;
  psems_sql_bind_text (stmt, 1, new_ref);
  bind_vetting (store, stmt, v, now);
  if (!psems_sql_step_done (store, stmt, new_ref, error))
    return 0;
  id = sqlite3_last_insert_rowid (psems_store_get_db (store));
  if (!psems_transaction_record_row (txn, "create", "vetting", id, NULL, error))
    return 0;
  if (ref != NULL)
    *ref = g_steal_pointer (&new_ref);
  return id;
}

/**
 * psems_vetting_add:
 * @vetting: the new vetting; expires_on NULL is derived from issued_on and
 *   the level's validity
 *
 * Returns: the new vetting's id, or 0 with @error set.
 */
gint64
psems_vetting_add (PsemsStore          *store,
                   PsemsActor          *actor,
                   const PsemsVetting  *vetting,
                   char               **ref,
                   GError             **error)
{
  g_autoptr(PsemsTransaction) txn = NULL;
  g_autoptr(PsemsPerson) person = NULL;
  gint64 id;

  g_return_val_if_fail (PSEMS_IS_STORE (store), 0);
  g_return_val_if_fail (vetting != NULL, 0);
  g_return_val_if_fail (error == NULL || *error == NULL, 0);

  txn = psems_transaction_begin (store, actor, PSEMS_OP_CREATE, "vetting", 0, error);
  if (txn == NULL)
    return 0;
  person = person_lookup (store, vetting->person_id, error);
  if (person == NULL)
    return 0;
  id = insert_vetting (txn, person, vetting, ref, error);
  if (id <= 0 || !psems_transaction_commit (g_steal_pointer (&txn), error))
    return 0;
  return id;
}

gboolean
psems_vetting_update (PsemsStore          *store,
                      PsemsActor          *actor,
                      const PsemsVetting  *vetting,
                      GError             **error)
{
  g_autoptr(PsemsTransaction) txn = NULL;
  g_autoptr(PsemsVetting) v = NULL;
  g_autoptr(PsemsVetting) current = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(PsemsCachedStmt) stmt = NULL;
  g_autofree char *before = NULL;
  g_autofree char *now = NULL;

  g_return_val_if_fail (PSEMS_IS_STORE (store), FALSE);
  g_return_val_if_fail (vetting != NULL && vetting->id > 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  txn = psems_transaction_begin (store, actor, PSEMS_OP_UPDATE, "vetting", 0, error);
  if (txn == NULL)
    return FALSE;
  current = psems_sql_get_row (store, VETTING_COLUMNS " WHERE v.id = ?1", vetting->id,
                               (PsemsRowFunc) vetting_from_row, "vetting", error,
                               _("There is no vetting with id %lld"), (long long) vetting->id);
  if (current == NULL)
    return FALSE;
  v = vetting_normalize (store, vetting);
  v->person_id = current->person_id;
  problems = psems_field_problems_new ();
  validate_vetting (store, v, problems);
  if (!psems_field_problems_to_error (problems, current->ref, error))
    return FALSE;
  before = psems_transaction_image (txn, "vetting", v->id, error);
  if (before == NULL)
    return FALSE;
  now = psems_sql_now_stamp (NULL);
  stmt = psems_store_prepare (store,
                              "UPDATE vetting SET person_id = ?2, level_id = ?3, status = ?4, requested_on = ?5,"
                              " issued_on = ?6, expires_on = ?7, authority = ?8, authority_ref = ?9, notes = ?10,"
                              " updated_at = ?11 WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, v->id);
  bind_vetting (store, stmt, v, now);
  if (!psems_sql_step_done (store, stmt, current->ref, error) ||
      !psems_transaction_record_row (txn, "update", "vetting", v->id, before, error))
    return FALSE;
  return psems_transaction_commit (g_steal_pointer (&txn), error);
}

/* Makes @area_ids the person's live restricted-area accesses inside @txn. */
static gboolean
write_areas (PsemsTransaction  *txn,
             const PsemsPerson *person,
             const gint64      *area_ids,
             guint              n_area_ids,
             GError           **error)
{
  PsemsStore *store = psems_transaction_get_store (txn);
  gint64 person_id = person->id;
  g_autoptr(GArray) current = g_array_new (FALSE, FALSE, sizeof (gint64) * 2);
  g_autofree char *now = psems_sql_now_stamp (NULL);
  char today[16];
  GDate day;

  today_or (NULL, &day);
  psems_person_format_date (&day, today);

  for (guint i = 0; i < n_area_ids; i++)
    {
      g_autoptr(PsemsCachedStmt) check =
        psems_store_prepare (store, "SELECT 1 FROM restricted_area WHERE id = ?1 AND deleted_at IS NULL", error);

      if (check == NULL)
        return FALSE;
      sqlite3_bind_int64 (check, 1, area_ids[i]);
      if (sqlite3_step (check) != SQLITE_ROW)
        {
          g_set_error (error, PSEMS_ERROR, PSEMS_ERROR_INVALID, _("%s: areas: there is no restricted area with id %lld"),
                       person->ref, (long long) area_ids[i]);
          return FALSE;
        }
    }

  /* Withdraw what is no longer granted. */
  {
    g_autoptr(PsemsCachedStmt) stmt =
      psems_store_prepare (store, "SELECT id, area_id FROM person_area WHERE person_id = ?1 AND deleted_at IS NULL",
                           error);
    if (stmt == NULL)
      return FALSE;
    sqlite3_bind_int64 (stmt, 1, person_id);
    while (sqlite3_step (stmt) == SQLITE_ROW)
      {
        gint64 pair[2] = { sqlite3_column_int64 (stmt, 0), sqlite3_column_int64 (stmt, 1) };
        g_array_append_val (current, pair);
      }
  }
  for (guint i = 0; i < current->len; i++)
    {
      gint64 *pair = &g_array_index (current, gint64, i * 2);
      gboolean keep = FALSE;

      for (guint j = 0; j < n_area_ids; j++)
        keep = keep || area_ids[j] == pair[1];
      if (!keep)
        {
          g_autofree char *before = psems_transaction_image (txn, "area-access", pair[0], error);
          g_autoptr(PsemsCachedStmt) stmt =
            psems_store_prepare (store, "UPDATE person_area SET deleted_at = ?2 WHERE id = ?1", error);

          if (before == NULL || stmt == NULL)
            return FALSE;
          sqlite3_bind_int64 (stmt, 1, pair[0]);
          psems_sql_bind_text (stmt, 2, now);
          if (!psems_sql_step_done (store, stmt, person->ref, error) ||
              !psems_transaction_record_row (txn, "archive", "area-access", pair[0], before, error))
            return FALSE;
        }
    }
  for (guint j = 0; j < n_area_ids; j++)
    {
      gboolean have = FALSE;
      gint64 row_id = 0;
      g_autofree char *before = NULL;

      for (guint i = 0; i < current->len; i++)
        have = have || g_array_index (current, gint64, i * 2 + 1) == area_ids[j];
      if (have)
        continue;
      {
        g_autoptr(PsemsCachedStmt) find =
          psems_store_prepare (store, "SELECT id FROM person_area WHERE person_id = ?1 AND area_id = ?2", error);
        if (find == NULL)
          return FALSE;
        sqlite3_bind_int64 (find, 1, person_id);
        sqlite3_bind_int64 (find, 2, area_ids[j]);
        if (sqlite3_step (find) == SQLITE_ROW)
          row_id = sqlite3_column_int64 (find, 0);
      }
      if (row_id != 0)
        {
          g_autoptr(PsemsCachedStmt) stmt =
            psems_store_prepare (store, "UPDATE person_area SET deleted_at = NULL, granted_on = ?2,"
                                        " expires_on = NULL WHERE id = ?1", error);
          before = psems_transaction_image (txn, "area-access", row_id, error);
          if (before == NULL || stmt == NULL)
            return FALSE;
          sqlite3_bind_int64 (stmt, 1, row_id);
          psems_sql_bind_text (stmt, 2, today);
          if (!psems_sql_step_done (store, stmt, person->ref, error))
            return FALSE;
        }
      else
        {
          g_autoptr(PsemsCachedStmt) stmt =
            psems_store_prepare (store, "INSERT INTO person_area (person_id, area_id, granted_on)"
                                        " VALUES (?1, ?2, ?3)", error);
          if (stmt == NULL)
            return FALSE;
          sqlite3_bind_int64 (stmt, 1, person_id);
          sqlite3_bind_int64 (stmt, 2, area_ids[j]);
          psems_sql_bind_text (stmt, 3, today);
          if (!psems_sql_step_done (store, stmt, person->ref, error))
            return FALSE;
          row_id = sqlite3_last_insert_rowid (psems_store_get_db (store));
        }
      if (!psems_transaction_record_row (txn, before != NULL ? "restore" : "create", "area-access", row_id,
                                         before, error))
        return FALSE;
    }
  return TRUE;
}

/**
 * psems_person_set_areas:
 *
 * Makes @area_ids the person's live restricted-area accesses: others are
 * withdrawn (soft-deleted), new ones granted today.
 */
gboolean
psems_person_set_areas (PsemsStore    *store,
                        PsemsActor    *actor,
                        gint64         person_id,
                        const gint64  *area_ids,
                        guint          n_area_ids,
                        GError       **error)
{
  g_autoptr(PsemsTransaction) txn = NULL;
  g_autoptr(PsemsPerson) person = NULL;

  g_return_val_if_fail (PSEMS_IS_STORE (store), FALSE);
  g_return_val_if_fail (area_ids != NULL || n_area_ids == 0, FALSE);

  txn = psems_transaction_begin (store, actor, PSEMS_OP_UPDATE, "area-access", 0, error);
  if (txn == NULL)
    return FALSE;
  person = person_lookup (store, person_id, error);
  if (person == NULL || !write_areas (txn, person, area_ids, n_area_ids, error))
    return FALSE;
  return psems_transaction_commit (g_steal_pointer (&txn), error);
}

/* The course's validity in months (0: never lapses), -1 when there is no such live course. */
static int
course_validity (PsemsStore *store,
                 gint64      course_id)
{
  g_autoptr(PsemsCachedStmt) stmt =
    psems_store_prepare (store, "SELECT coalesce(validity_months, 0) FROM training_course"
                                " WHERE id = ?1 AND deleted_at IS NULL", NULL);

  if (stmt == NULL)
    return -1;
  sqlite3_bind_int64 (stmt, 1, course_id);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return -1;
  return sqlite3_column_int (stmt, 0);
}

/* @completed_on plus @months, or NULL when either is missing. */
static char *
add_months (const char *completed_on,
            int         months)
{
  GDate day;
  char text[16];

  if (months <= 0 || !psems_person_parse_date (completed_on, &day))
    return NULL;
  g_date_add_months (&day, (guint) months);
  psems_person_format_date (&day, text);
  return g_strdup (text);
}

/**
 * psems_training_course_expiry:
 * @course: a course
 * @completed_on: (nullable): the day the training was completed, YYYY-MM-DD
 *
 * What a training's expires_on defaults to: @completed_on plus the course's
 * validity.
 *
 * Returns: (transfer full) (nullable): the day, or %NULL when the course
 * never lapses or @completed_on is not a date
 */
char *
psems_training_course_expiry (const PsemsTrainingCourse *course,
                              const char                *completed_on)
{
  g_return_val_if_fail (course != NULL, NULL);
  return add_months (completed_on, course->validity_months);
}

static PsemsTraining *
training_normalize (PsemsStore          *store,
                    const PsemsTraining *in,
                    int                 *months)
{
  PsemsTraining *t = g_new0 (PsemsTraining, 1);

  t->person_id = in->person_id;
  t->course_id = in->course_id;
  t->completed_on = psems_sql_dup_field (in->completed_on);
  t->expires_on = psems_sql_dup_field (in->expires_on);
  t->provider = psems_sql_dup_field (in->provider);
  *months = course_validity (store, t->course_id);
  if (t->expires_on == NULL)
    t->expires_on = add_months (t->completed_on, *months);
  return t;
}

static void
validate_training (const PsemsTraining *t,
                   int                  months,
                   GPtrArray           *problems)
{
  GDate done, until;

  if (months < 0)
    psems_field_problems_add (problems, "course_id", _("There is no training course with id %lld"),
                              (long long) t->course_id);
  if (t->completed_on == NULL)
    psems_field_problems_add (problems, "completed_on", _("The day the training was completed is required"));
  check_date (problems, "completed_on", t->completed_on);
  check_date (problems, "expires_on", t->expires_on);
  if (psems_person_parse_date (t->completed_on, &done) && psems_person_parse_date (t->expires_on, &until) &&
      g_date_compare (&until, &done) <= 0)
    psems_field_problems_add (problems, "expires_on", _("Expires on or before the day it was completed"));
}

/**
 * psems_training_validate:
 * @training: course_id, completed_on, expires_on (NULL: from the course), provider
 *
 * Returns: (transfer full) (element-type PsemsFieldProblem): every problem
 * (course_id, completed_on, expires_on), empty when the training can be added
 */
GPtrArray *
psems_training_validate (PsemsStore          *store,
                         const PsemsTraining *training)
{
  g_autoptr(PsemsTraining) t = NULL;
  GPtrArray *problems;
  int months;

  g_return_val_if_fail (PSEMS_IS_STORE (store), NULL);
  g_return_val_if_fail (training != NULL, NULL);

  t = training_normalize (store, training, &months);
  problems = psems_field_problems_new ();
  validate_training (t, months, problems);
  return problems;
}

/**
 * psems_training_add:
 * @training: person_id, course_id, completed_on (required), expires_on
 *   (NULL: completed_on + the course's validity, or never), provider
 *
 * Returns: the new training record's id, or 0 with @error set.
 */
gint64
psems_training_add (PsemsStore           *store,
                    PsemsActor           *actor,
                    const PsemsTraining  *training,
                    GError              **error)
{
  g_autoptr(PsemsTransaction) txn = NULL;
  g_autoptr(PsemsPerson) person = NULL;
  g_autoptr(PsemsTraining) t = NULL;
  g_autoptr(PsemsCachedStmt) stmt = NULL;
  g_autoptr(GPtrArray) problems = psems_field_problems_new ();
  int months;
  gint64 id;

  g_return_val_if_fail (PSEMS_IS_STORE (store), 0);
  g_return_val_if_fail (training != NULL, 0);

  txn = psems_transaction_begin (store, actor, PSEMS_OP_CREATE, "training", 0, error);
  if (txn == NULL)
    return 0;
  person = person_lookup (store, training->person_id, error);
  if (person == NULL)
    return 0;
  t = training_normalize (store, training, &months);
  validate_training (t, months, problems);
  if (!psems_field_problems_to_error (problems, person->ref, error))
    return 0;

  stmt = psems_store_prepare (store, "INSERT INTO training_record (person_id, course_id, completed_on, expires_on,"
                                     " provider) VALUES (?1, ?2, ?3, ?4, ?5)", error);
  if (stmt == NULL)
    return 0;
  sqlite3_bind_int64 (stmt, 1, t->person_id);
  sqlite3_bind_int64 (stmt, 2, t->course_id);
  psems_sql_bind_text (stmt, 3, t->completed_on);
  psems_sql_bind_text (stmt, 4, t->expires_on);
  psems_sql_bind_text (stmt, 5, t->provider);
  if (!psems_sql_step_done (store, stmt, person->ref, error))
    return 0;
  id = sqlite3_last_insert_rowid (psems_store_get_db (store));
  if (!psems_transaction_record_row (txn, "create", "training", id, NULL, error) ||
      !psems_transaction_commit (g_steal_pointer (&txn), error))
    return 0;
  return id;
}

/**
 * psems_training_remove:
 * @id: a training record
 *
 * Removes a training record entered by mistake (soft deletion: the row stays,
 * marked deleted, and the audit trail has its image). A training that simply
 * lapsed stays: its expiry already says so.
 */
gboolean
psems_training_remove (PsemsStore  *store,
                       PsemsActor  *actor,
                       gint64       id,
                       GError     **error)
{
  g_autoptr(PsemsTransaction) txn = NULL;
  g_autoptr(PsemsTraining) current = NULL;
  g_autoptr(PsemsPerson) person = NULL;
  g_autoptr(PsemsCachedStmt) stmt = NULL;
  g_autofree char *before = NULL;
  g_autofree char *now = NULL;

  g_return_val_if_fail (PSEMS_IS_STORE (store), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  txn = psems_transaction_begin (store, actor, PSEMS_OP_DELETE, "training", 0, error);
  if (txn == NULL)
    return FALSE;
  current = psems_sql_get_row (store, TRAINING_COLUMNS " WHERE t.id = ?1 AND t.deleted_at IS NULL", id,
                               (PsemsRowFunc) training_from_row, "training_record", error,
                               _("There is no training record with id %lld"), (long long) id);
  if (current == NULL)
    return FALSE;
  person = person_lookup (store, current->person_id, error);
  if (person == NULL)
    return FALSE;
  before = psems_transaction_image (txn, "training", id, error);
  if (before == NULL)
    return FALSE;
  now = psems_sql_now_stamp (NULL);
  stmt = psems_store_prepare (store, "UPDATE training_record SET deleted_at = ?2 WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  psems_sql_bind_text (stmt, 2, now);
  if (!psems_sql_step_done (store, stmt, person->ref, error) ||
      !psems_transaction_record_row (txn, "archive", "training", id, before, error))
    return FALSE;
  return psems_transaction_commit (g_steal_pointer (&txn), error);
}

/**
 * psems_training_restore:
 *
 * Brings back a training record removed by psems_training_remove() (the undo
 * of a removal), with the same permission as removing it.
 */
gboolean
psems_training_restore (PsemsStore  *store,
                        PsemsActor  *actor,
                        gint64       id,
                        GError     **error)
{
  g_autoptr(PsemsTransaction) txn = NULL;
  g_autoptr(PsemsTraining) current = NULL;
  g_autoptr(PsemsPerson) person = NULL;
  g_autoptr(PsemsCachedStmt) stmt = NULL;
  g_autofree char *before = NULL;

  g_return_val_if_fail (PSEMS_IS_STORE (store), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  txn = psems_transaction_begin (store, actor, PSEMS_OP_RESTORE, "training", 0, error);
  if (txn == NULL)
    return FALSE;
  current = psems_sql_get_row (store, TRAINING_COLUMNS " WHERE t.id = ?1 AND t.deleted_at IS NOT NULL", id,
                               (PsemsRowFunc) training_from_row, "training_record", error,
                               _("There is no removed training record with id %lld"), (long long) id);
  if (current == NULL)
    return FALSE;
  person = person_lookup (store, current->person_id, error);
  if (person == NULL)
    return FALSE;
  before = psems_transaction_image (txn, "training", id, error);
  if (before == NULL)
    return FALSE;
  stmt = psems_store_prepare (store, "UPDATE training_record SET deleted_at = NULL WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  if (!psems_sql_step_done (store, stmt, person->ref, error) ||
      !psems_transaction_record_row (txn, "restore", "training", id, before, error))
    return FALSE;
  return psems_transaction_commit (g_steal_pointer (&txn), error);
}

void
psems_training_course_free (PsemsTrainingCourse *course)
{
  if (course == NULL)
    return;
  g_free (course->ref);
  g_free (course->code);
  g_free (course->name);
  g_free (course->regulation);
  g_free (course);
}

static PsemsTrainingCourse *
course_from_row (sqlite3_stmt *stmt)
{
  PsemsTrainingCourse *c = g_new0 (PsemsTrainingCourse, 1);

  c->id = sqlite3_column_int64 (stmt, 0);
  c->ref = psems_sql_dup_column (stmt, 1);
  c->code = psems_sql_dup_column (stmt, 2);
  c->name = psems_sql_dup_column (stmt, 3);
  c->regulation = psems_sql_dup_column (stmt, 4);
  c->validity_months = sqlite3_column_int (stmt, 5);
  return c;
}

/**
 * psems_training_course_list:
 *
 * Returns: (transfer full) (element-type PsemsTrainingCourse): the live
 * training courses by name, or %NULL with @error set
 */
GPtrArray *
psems_training_course_list (PsemsStore  *store,
                            GError     **error)
{
  g_autoptr(PsemsCachedStmt) stmt = NULL;

  g_return_val_if_fail (PSEMS_IS_STORE (store), NULL);

  stmt = psems_store_prepare (store, "SELECT id, ref, code, name, regulation, coalesce(validity_months, 0)"
                                     " FROM training_course WHERE deleted_at IS NULL ORDER BY name, code", error);
  if (stmt == NULL)
    return NULL;
  return psems_sql_collect_rows (store, stmt, (PsemsRowFunc) course_from_row,
                                 (GDestroyNotify) psems_training_course_free, "training_course", error);
}

/* ───────────────────────────── search and lists ───────────────────────────── */

void
psems_person_query_init (PsemsPersonQuery *query)
{
  g_return_if_fail (query != NULL);
  memset (query, 0, sizeof *query);
  g_date_clear (&query->as_of, 1);
}

void
psems_person_query_clear (PsemsPersonQuery *query)
{
  g_return_if_fail (query != NULL);
  g_clear_pointer (&query->text, g_free);
  g_clear_pointer (&query->status, g_free);
  g_clear_pointer (&query->employer, g_free);
}

void
psems_person_query_copy (PsemsPersonQuery       *dest,
                         const PsemsPersonQuery *src)
{
  g_return_if_fail (dest != NULL && src != NULL);
  *dest = *src;
  dest->text = g_strdup (src->text);
  dest->status = g_strdup (src->status);
  dest->employer = g_strdup (src->employer);
}

static gboolean
query_needs_current (const PsemsPersonQuery *q)
{
  return q->status != NULL || q->level_id != 0 || q->expiring_within_days > 0 ||
         q->sort == PSEMS_PERSON_SORT_EXPIRY;
}

static void
append_order (GString                *sql,
              const PsemsPersonQuery *q)
{
  const char *dir = q->descending ? " DESC" : "";

  switch (q->sort)
    {
    case PSEMS_PERSON_SORT_EMPLOYER:
      g_string_append_printf (sql, " ORDER BY p.employer%s, p.sort_name%s, p.id%s", dir, dir, dir);
      break;
    case PSEMS_PERSON_SORT_BADGE:
      g_string_append_printf (sql, " ORDER BY p.badge_no IS NULL, p.badge_no%s, p.id%s", dir, dir);
      break;
    case PSEMS_PERSON_SORT_EXPIRY:
      g_string_append_printf (sql, " ORDER BY v.expires_on IS NULL, v.expires_on%s, p.sort_name%s, p.id%s",
                              dir, dir, dir);
      break;
    case PSEMS_PERSON_SORT_NAME:
    default:
      g_string_append_printf (sql, " ORDER BY p.sort_name%s, p.id%s", dir, dir);
      break;
    }
}

/* The list query. Parameters: :day, :match, :status, :level, :employer,
 * :area, :until. The FTS5 match is unranked: it yields rowids, the order is
 * the list's own. Unordered, the search index drives (rowid order), so a
 * LIMIT stops after the first hits. */
char *
psems_person_query_sql (const PsemsPersonQuery *q,
                        const char             *columns,
                        gboolean                need_current,
                        gboolean                ordered)
{
  g_autoptr(GString) sql = g_string_new ("SELECT ");
  g_autofree char *match = psems_person_match_expr (q->text);

  need_current = need_current || query_needs_current (q);
  if (match != NULL && !ordered)
    g_string_append_printf (sql, "%s FROM person_fts JOIN person p ON p.id = person_fts.rowid", columns);
  else
    g_string_append_printf (sql, "%s FROM person p", columns);
  if (need_current)
    g_string_append (sql, " LEFT JOIN vetting v ON v.id = " CURRENT_VETTING ("p")
                          " LEFT JOIN vetting_level l ON l.id = v.level_id");
  g_string_append (sql, q->include_archived ? " WHERE 1" : " WHERE p.deleted_at IS NULL");
  if (match != NULL && !ordered)
    g_string_append (sql, " AND person_fts MATCH :match");
  else if (match != NULL)
    g_string_append (sql, " AND p.id IN (SELECT rowid FROM person_fts WHERE person_fts MATCH :match)");
  if (q->status != NULL)
    g_string_append (sql, " AND " CLEARANCE_EXPR ("v") " = :status");
  if (q->level_id != 0)
    g_string_append (sql, " AND v.level_id = :level");
  if (q->employer != NULL)
    g_string_append (sql, " AND p.employer = :employer");
  if (q->area_id != 0)
    g_string_append (sql, " AND p.id IN (SELECT person_id FROM person_area WHERE area_id = :area"
                          " AND deleted_at IS NULL)");
  if (q->expiring_within_days > 0)
    g_string_append (sql, " AND " CLEARANCE_EXPR ("v") " = 'cleared' AND v.expires_on <= :until");
  if (q->training_lapsed)
    g_string_append (sql, " AND " TRAINING_LAPSED ("p"));
  if (ordered)
    append_order (sql, q);
  return g_string_free (g_steal_pointer (&sql), FALSE);
}

static void
bind_named_text (sqlite3_stmt *stmt,
                 const char   *name,
                 const char   *text)
{
  int i = sqlite3_bind_parameter_index (stmt, name);

  if (i > 0)
    sqlite3_bind_text (stmt, i, text, -1, SQLITE_TRANSIENT);
}

static void
bind_named_int64 (sqlite3_stmt *stmt,
                  const char   *name,
                  gint64        value)
{
  int i = sqlite3_bind_parameter_index (stmt, name);

  if (i > 0)
    sqlite3_bind_int64 (stmt, i, value);
}

void
psems_person_bind_query (sqlite3_stmt           *stmt,
                         const PsemsPersonQuery *q)
{
  g_autofree char *match = psems_person_match_expr (q->text);
  GDate day, until;
  char day_text[16], until_text[16];

  today_or (&q->as_of, &day);
  psems_person_format_date (&day, day_text);
  until = day;
  g_date_add_days (&until, (guint) MAX (q->expiring_within_days, 0));
  psems_person_format_date (&until, until_text);
  bind_named_text (stmt, ":day", day_text);
  bind_named_text (stmt, ":until", until_text);
  bind_named_text (stmt, ":match", match);
  bind_named_text (stmt, ":status", q->status);
  bind_named_text (stmt, ":employer", q->employer);
  bind_named_int64 (stmt, ":level", q->level_id);
  bind_named_int64 (stmt, ":area", q->area_id);
}

/* Prepared outside the statement cache: each filter combination is its own SQL. */
static sqlite3_stmt *
prepare_query (PsemsStore              *store,
               const PsemsPersonQuery  *q,
               const char              *columns,
               gboolean                 need_current,
               gboolean                 ordered,
               const char              *tail,
               GError                 **error)
{
  g_autofree char *base = psems_person_query_sql (q, columns, need_current, ordered);
  g_autofree char *sql = g_strconcat (base, tail, NULL);
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_prepare_v2 (psems_store_get_db (store), sql, -1, &stmt, NULL) != SQLITE_OK)
    {
      psems_store_set_sqlite_error (store, error, "person");
      sqlite3_finalize (stmt);
      return NULL;
    }
  psems_person_bind_query (stmt, q);
  return stmt;
}

static gboolean
query_valid (const PsemsPersonQuery  *q,
             GError                 **error)
{
  if (q->status != NULL && !psems_clearance_from_string (q->status, NULL))
    {
      g_set_error (error, PSEMS_ERROR, PSEMS_ERROR_INVALID,
                   _("status: “%s” is not a status (none, pending, cleared, expired, refused, suspended, revoked)"),
                   q->status);
      return FALSE;
    }
  return TRUE;
}

/**
 * psems_person_count:
 *
 * Returns: how many persons match @query, or -1 with @error set.
 */
gint64
psems_person_count (PsemsStore              *store,
                    const PsemsPersonQuery  *query,
                    GError                 **error)
{
  sqlite3_stmt *stmt;
  gint64 n = -1;

  g_return_val_if_fail (PSEMS_IS_STORE (store), -1);
  g_return_val_if_fail (query != NULL, -1);

  if (!query_valid (query, error))
    return -1;
  stmt = prepare_query (store, query, "count(*)", FALSE, FALSE, "", error);
  if (stmt == NULL)
    return -1;
  if (sqlite3_step (stmt) == SQLITE_ROW)
    n = sqlite3_column_int64 (stmt, 0);
  else
    psems_store_set_sqlite_error (store, error, "person");
  sqlite3_finalize (stmt);
  return n;
}

/**
 * psems_person_list_ids:
 *
 * Every matching person's id in the query's order: positions of a lazy list
 * map to ids. Safe on a worker's store; checks @cancellable every few
 * thousand rows.
 *
 * Returns: (transfer full) (element-type gint64): the ids, or %NULL.
 */
/* Ids as 32-bit values while they fit (half the memory of a million-row list), widened to
 * 64 bits in place the moment one does not. */
static void
append_id (GArray **ids,
           gint64   id)
{
  if (g_array_get_element_size (*ids) == sizeof (guint32))
    {
      if (id >= 0 && id <= G_MAXUINT32)
        {
          guint32 small = (guint32) id;

          g_array_append_val (*ids, small);
          return;
        }
      else
        {
          GArray *wide = g_array_sized_new (FALSE, FALSE, sizeof (gint64), (*ids)->len + 1);

          for (guint i = 0; i < (*ids)->len; i++)
            {
              gint64 value = g_array_index (*ids, guint32, i);

              g_array_append_val (wide, value);
            }
          g_array_unref (*ids);
          *ids = wide;
        }
    }
  g_array_append_val (*ids, id);
}

static GArray *
list_ids (PsemsStore              *store,
          const PsemsPersonQuery  *query,
          gboolean                 compact,
          GCancellable            *cancellable,
          GError                 **error)
{
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, compact ? sizeof (guint32) : sizeof (gint64));
  sqlite3_stmt *stmt;
  guint n = 0;
  int rc;

  g_return_val_if_fail (PSEMS_IS_STORE (store), NULL);
  g_return_val_if_fail (query != NULL, NULL);

  if (!query_valid (query, error))
    return NULL;
  stmt = prepare_query (store, query, "p.id", FALSE, TRUE, "", error);
  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      append_id (&ids, sqlite3_column_int64 (stmt, 0));
      if (++n % 4096 == 0 && g_cancellable_set_error_if_cancelled (cancellable, error))
        {
          sqlite3_finalize (stmt);
          return NULL;
        }
    }
  if (rc != SQLITE_DONE)
    {
      psems_store_set_sqlite_error (store, error, "person");
      sqlite3_finalize (stmt);
      return NULL;
    }
  sqlite3_finalize (stmt);
  return g_steal_pointer (&ids);
}

GArray *
psems_person_list_ids (PsemsStore              *store,
                       const PsemsPersonQuery  *query,
                       GCancellable            *cancellable,
                       GError                 **error)
{
  return list_ids (store, query, FALSE, cancellable, error);
}

/**
 * psems_person_list_ids_compact:
 *
 * As psems_person_list_ids(), but the array's elements are guint32 while every id fits in
 * 32 bits (g_array_get_element_size() tells): what a lazy list of a million persons keeps.
 */
GArray *
psems_person_list_ids_compact (PsemsStore              *store,
                               const PsemsPersonQuery  *query,
                               GCancellable            *cancellable,
                               GError                 **error)
{
  return list_ids (store, query, TRUE, cancellable, error);
}

#define ROW_COLUMNS \
  "p.id, p.ref, p.display_name, p.sort_name, p.employer, p.badge_no, l.name, v.status, " \
  CLEARANCE_EXPR ("v") ", v.expires_on"

static PsemsPersonListRow *
list_row_from_stmt (sqlite3_stmt *stmt)
{
  PsemsPersonListRow *row = g_new0 (PsemsPersonListRow, 1);

  row->id = sqlite3_column_int64 (stmt, 0);
  row->ref = psems_sql_dup_column (stmt, 1);
  row->display_name = psems_sql_dup_column (stmt, 2);
  row->sort_name = psems_sql_dup_column (stmt, 3);
  row->employer = psems_sql_dup_column (stmt, 4);
  row->badge_no = psems_sql_dup_column (stmt, 5);
  row->level_name = psems_sql_dup_column (stmt, 6);
  row->status = psems_sql_dup_column (stmt, 7);
  row->clearance = clearance_from_column (stmt, 8);
  row->expires_on = psems_sql_dup_column (stmt, 9);
  return row;
}

/**
 * psems_person_list_first:
 * @limit: at most this many rows
 *
 * The first rows to show at once while the full id list is read elsewhere:
 * without search text, the list's first @limit rows; with it, the first
 * @limit hits of the unranked FTS5 prefix match (with the filters), in the
 * list's order among themselves — the full list may start differently.
 *
 * Returns: (transfer full) (element-type PsemsPersonListRow): the rows, or %NULL.
 */
GPtrArray *
psems_person_list_first (PsemsStore              *store,
                         const PsemsPersonQuery  *query,
                         guint                    limit,
                         GError                 **error)
{
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autofree char *tail = g_strdup_printf (" LIMIT %u", limit);
  g_autofree char *match = NULL;
  sqlite3_stmt *stmt = NULL;
  int rc;

  g_return_val_if_fail (PSEMS_IS_STORE (store), NULL);
  g_return_val_if_fail (query != NULL, NULL);

  if (!query_valid (query, error))
    return NULL;
  /* Ids first, then the rows: a sort with LIMIT would otherwise compute
   * every matching row's clearance before keeping fifty. */
  match = psems_person_match_expr (query->text);
  if (match == NULL)
    stmt = prepare_query (store, query, "p.id", FALSE, TRUE, tail, error);
  else
    {
      /* Search-as-you-type: the first hits of the unranked index, in the
       * list's order among themselves; the worker's full list refines it. */
      g_autofree char *inner = psems_person_query_sql (query, "p.id", FALSE, FALSE);
      g_autoptr(GString) sql = g_string_new (NULL);

      g_string_append_printf (sql, "SELECT p.id FROM person p%s WHERE p.id IN (%s%s)",
                              query->sort == PSEMS_PERSON_SORT_EXPIRY
                                ? " LEFT JOIN vetting v ON v.id = " CURRENT_VETTING ("p") : "",
                              inner, tail);
      append_order (sql, query);
      if (sqlite3_prepare_v2 (psems_store_get_db (store), sql->str, -1, &stmt, NULL) != SQLITE_OK)
        {
          psems_store_set_sqlite_error (store, error, "person");
          sqlite3_finalize (stmt);
          stmt = NULL;
        }
      else
        psems_person_bind_query (stmt, query);
    }
  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      g_array_append_val (ids, id);
    }
  if (rc != SQLITE_DONE)
    psems_store_set_sqlite_error (store, error, "person");
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    return NULL;
  return psems_person_list_rows (store, (const gint64 *) ids->data, ids->len, &query->as_of, error);
}

/**
 * psems_person_list_rows:
 * @ids: (array length=n_ids): person ids
 * @as_of: (nullable): the day for the clearance; %NULL today
 *
 * Returns: (transfer full) (element-type PsemsPersonListRow): the rows in the
 * order of @ids (unknown ids skipped), or %NULL.
 */
GPtrArray *
psems_person_list_rows (PsemsStore    *store,
                        const gint64  *ids,
                        guint          n_ids,
                        const GDate   *as_of,
                        GError       **error)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) psems_person_list_row_free);
  g_autoptr(PsemsCachedStmt) stmt = NULL;
  GDate day;
  char day_text[16];

  g_return_val_if_fail (PSEMS_IS_STORE (store), NULL);
  g_return_val_if_fail (ids != NULL || n_ids == 0, NULL);

  stmt = psems_store_prepare (store,
                              "SELECT " ROW_COLUMNS " FROM person p"
                              " LEFT JOIN vetting v ON v.id = " CURRENT_VETTING ("p")
                              " LEFT JOIN vetting_level l ON l.id = v.level_id WHERE p.id = :id", error);
  if (stmt == NULL)
    return NULL;
  today_or (as_of, &day);
  psems_person_format_date (&day, day_text);
  sqlite3_bind_text (stmt, sqlite3_bind_parameter_index (stmt, ":day"), day_text, -1, SQLITE_TRANSIENT);
  for (guint i = 0; i < n_ids; i++)
    {
      int rc;

      sqlite3_bind_int64 (stmt, sqlite3_bind_parameter_index (stmt, ":id"), ids[i]);
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW)
        g_ptr_array_add (rows, list_row_from_stmt (stmt));
      else if (rc != SQLITE_DONE)
        {
          psems_store_set_sqlite_error (store, error, "person");
          return NULL;
        }
      sqlite3_reset (stmt);
    }
  return g_steal_pointer (&rows);
}
