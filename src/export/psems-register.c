/* psems-register.c — findings, the controls matrix and schedule compliance as XLSX (libxlsxwriter) or CSV. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include "psems-control.h"
#include "psems-error.h"
#include "psems-evidence.h"
#include "psems-facility.h"
#include "psems-finding.h"
#include "psems-records.h"
#include "psems-register.h"
#include "psems-schedule.h"
#include "psems-threat.h"

/* Excel's limits: characters in a cell, columns wide a column is shown, rows in a sheet. */
#define XLSX_CELL_MAX     32767
#define XLSX_WIDTH_MIN    6.0
#define XLSX_WIDTH_MAX    60.0
#define XLSX_WIDTH_DATE   12.0
#define SCHEDULE_MONTHS   24

typedef enum
{
  COLUMN_TEXT,
  COLUMN_DATE,     /* "YYYY-MM-DD" or empty */
  COLUMN_NUMBER,   /* a whole number or empty */
} ColumnType;

typedef struct
{
  const char *title;   /* N_() */
  ColumnType type;
} Column;

/* One register as rows of text (CSV writes them as they are; XLSX types them by column). */
typedef struct
{
  PsemsRegisterKind kind;
  const Column *columns;
  guint n_columns;
  GPtrArray *rows;          /* char ** of n_columns, NULL for empty */
  char *facility;           /* "NHV-CT — Nordhaven Container Terminal" or "All facilities" */
  char *as_of;              /* YYYY-MM-DD */
  char *period_from;        /* schedule: the first day of the window */
  const char *note;         /* what "as of" means for this register (translated) */
} Register;

static const struct
{
  const char *key;
  const char *title;
} kinds[PSEMS_REGISTER_N_KINDS] = {
  { "findings", N_("Findings and corrective actions") },
  { "controls", N_("Controls matrix") },
  { "schedule", N_("Schedule compliance") },
};

static const Column finding_columns[] = {
  { N_("Reference"), COLUMN_TEXT },
  { N_("Facility"), COLUMN_TEXT },
  { N_("Severity"), COLUMN_TEXT },
  { N_("Status"), COLUMN_TEXT },
  { N_("Source"), COLUMN_TEXT },
  { N_("Raised in"), COLUMN_TEXT },
  { N_("Title"), COLUMN_TEXT },
  { N_("Description"), COLUMN_TEXT },
  { N_("Requirement"), COLUMN_TEXT },
  { N_("Control"), COLUMN_TEXT },
  { N_("Raised on"), COLUMN_DATE },
  { N_("Raised by"), COLUMN_TEXT },
  { N_("Due on"), COLUMN_DATE },
  { N_("Overdue"), COLUMN_TEXT },
  { N_("Days open"), COLUMN_NUMBER },
  { N_("Owner"), COLUMN_TEXT },
  { N_("Root cause"), COLUMN_TEXT },
  { N_("Corrective action"), COLUMN_TEXT },
  { N_("Closed on"), COLUMN_DATE },
  { N_("Closed by"), COLUMN_TEXT },
  { N_("Verified on"), COLUMN_DATE },
  { N_("Verified by"), COLUMN_TEXT },
  { N_("Evidence files"), COLUMN_NUMBER },
};

static const Column control_columns[] = {
  { N_("Control"), COLUMN_TEXT },
  { N_("Name"), COLUMN_TEXT },
  { N_("Facility"), COLUMN_TEXT },
  { N_("Layer"), COLUMN_NUMBER },
  { N_("Layer name"), COLUMN_TEXT },
  { N_("Domain"), COLUMN_TEXT },
  { N_("Function"), COLUMN_TEXT },
  { N_("Status"), COLUMN_TEXT },
  { N_("Effectiveness (%)"), COLUMN_NUMBER },
  { N_("Owner"), COLUMN_TEXT },
  { N_("Last test"), COLUMN_DATE },
  { N_("Test due"), COLUMN_DATE },
  { N_("Test overdue"), COLUMN_TEXT },
  { N_("Open findings"), COLUMN_NUMBER },
  { N_("Degraded"), COLUMN_TEXT },
  { N_("Regulations"), COLUMN_TEXT },
  { N_("Mitigated threats"), COLUMN_TEXT },
};

static const Column schedule_columns[] = {
  { N_("Item"), COLUMN_TEXT },
  { N_("Title"), COLUMN_TEXT },
  { N_("Facility"), COLUMN_TEXT },
  { N_("Kind"), COLUMN_TEXT },
  { N_("Regime / rule"), COLUMN_TEXT },
  { N_("Due"), COLUMN_DATE },
  { N_("Done"), COLUMN_DATE },
  { N_("Outcome"), COLUMN_TEXT },
  { N_("Days late"), COLUMN_NUMBER },
  { N_("Completion"), COLUMN_TEXT },
  { N_("Evidence files"), COLUMN_NUMBER },
};

const char *
psems_register_kind_to_string (PsemsRegisterKind kind)
{
  g_return_val_if_fail ((guint) kind < PSEMS_REGISTER_N_KINDS, NULL);
  return kinds[kind].key;
}

const char *
psems_register_kind_get_title (PsemsRegisterKind kind)
{
  g_return_val_if_fail ((guint) kind < PSEMS_REGISTER_N_KINDS, NULL);
  return _(kinds[kind].title);
}

gboolean
psems_register_kind_from_string (const char        *text,
                                 PsemsRegisterKind *kind)
{
  g_return_val_if_fail (kind != NULL, FALSE);

  for (guint i = 0; text != NULL && i < PSEMS_REGISTER_N_KINDS; i++)
    if (g_ascii_strcasecmp (text, kinds[i].key) == 0)
      {
        *kind = (PsemsRegisterKind) i;
        return TRUE;
      }
  return FALSE;
}

gboolean
psems_register_format_from_path (const char          *path,
                                 PsemsRegisterFormat *format)
{
  g_autofree char *base = NULL;
  const char *dot;

  g_return_val_if_fail (format != NULL, FALSE);

  if (path == NULL)
    return FALSE;
  base = g_path_get_basename (path);
  dot = strrchr (base, '.');
  if (dot == NULL || dot == base)
    return FALSE;
  if (g_ascii_strcasecmp (dot, ".xlsx") == 0)
    *format = PSEMS_REGISTER_XLSX;
  else if (g_ascii_strcasecmp (dot, ".csv") == 0)
    *format = PSEMS_REGISTER_CSV;
  else
    return FALSE;
  return TRUE;
}

/* ───────────────────────────── the rows ───────────────────────────── */

static void
register_clear (Register *reg)
{
  /* Rows hold NULL for empty cells: each is freed by its width, not up to the first NULL. */
  for (guint r = 0; reg->rows != NULL && r < reg->rows->len; r++)
    {
      char **row = g_ptr_array_index (reg->rows, r);

      for (guint c = 0; c < reg->n_columns; c++)
        g_free (row[c]);
      g_free (row);
    }
  g_clear_pointer (&reg->rows, g_ptr_array_unref);
  g_clear_pointer (&reg->facility, g_free);
  g_clear_pointer (&reg->as_of, g_free);
  g_clear_pointer (&reg->period_from, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Register, register_clear)

/* A new row: @reg takes the values (may be NULL for empty), n_columns of them. */
static char **
register_add_row (Register *reg)
{
  char **row = g_new0 (char *, reg->n_columns + 1);

  g_ptr_array_add (reg->rows, row);
  return row;
}

static char *
dup_yes_no (gboolean value)
{
  return g_strdup (value ? _("Yes") : _("No"));
}

static char *
dup_number (gint64 value)
{
  return g_strdup_printf ("%" G_GINT64_FORMAT, value);
}

static char *
dup_nonempty (const char *text)
{
  return text != NULL && *text != '\0' ? g_strdup (text) : NULL;
}

static GHashTable *
facility_codes (PsemsStore  *store,
                GError     **error)
{
  g_autoptr(GPtrArray) facilities = psems_facility_list (store, TRUE, error);
  GHashTable *codes;

  if (facilities == NULL)
    return NULL;
  codes = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  for (guint i = 0; i < facilities->len; i++)
    {
      const PsemsFacility *facility = g_ptr_array_index (facilities, i);

      g_hash_table_insert (codes, g_memdup2 (&facility->id, sizeof facility->id),
                           g_strdup (facility->code));
    }
  return codes;
}

static char *
dup_code (GHashTable *codes,
          gint64      facility_id)
{
  return g_strdup (g_hash_table_lookup (codes, &facility_id));
}

/* Findings raised on or before the day, each as it stood that day: closed or verified
 * later reads as unresolved, and overdue and days open are judged on the day. */
static gboolean
collect_findings (PsemsStore  *store,
                  gint64       facility_id,
                  Register    *reg,
                  GError     **error)
{
  PsemsFindingFilter filter = { .facility_id = facility_id, .as_of = reg->as_of };
  g_autoptr(GPtrArray) findings = NULL;
  g_autoptr(GHashTable) codes = facility_codes (store, error);
  PsemsDay as_of = psems_day_parse (reg->as_of);

  if (codes == NULL)
    return FALSE;
  findings = psems_finding_list (store, &filter, error);
  if (findings == NULL)
    return FALSE;
  g_ptr_array_set_free_func (findings, (GDestroyNotify) psems_finding_free);
  for (guint i = 0; i < findings->len; i++)
    {
      const PsemsFinding *finding = g_ptr_array_index (findings, i);
      PsemsDay raised = psems_day_parse (finding->raised_on);
      PsemsDay due = psems_day_parse (finding->due_on);
      PsemsDay closed = psems_day_parse (finding->closed_on);
      PsemsDay verified = psems_day_parse (finding->verified_on);
      gboolean closed_then = closed != PSEMS_DAY_NONE && closed <= as_of;
      gboolean verified_then = closed_then && verified != PSEMS_DAY_NONE && verified <= as_of;
      const char *raised_in;
      char *status;
      char **row;
      guint c = 0;

      if (raised != PSEMS_DAY_NONE && raised > as_of)
        continue;
      if (verified_then)
        status = g_strdup (psems_finding_status_label ("verified"));
      else if (closed_then)
        status = g_strdup (psems_finding_status_label ("closed"));
      else if (closed != PSEMS_DAY_NONE)
        /* Closed after the day: open or in progress then; the record does not say which. */
        status = g_strdup (_("Unresolved"));
      else
        status = g_strdup (psems_finding_status_label (finding->status));
      raised_in = finding->completion_ref != NULL ? finding->completion_ref
                  : finding->incident_ref != NULL ? finding->incident_ref
                  : finding->answer_ref;

      row = register_add_row (reg);
      row[c++] = g_strdup (finding->ref);
      row[c++] = dup_code (codes, finding->facility_id);
      row[c++] = g_strdup (psems_finding_severity_label (finding->severity));
      row[c++] = status;
      row[c++] = g_strdup (psems_finding_source_label (finding->source));
      row[c++] = dup_nonempty (raised_in);
      row[c++] = g_strdup (finding->title);
      row[c++] = dup_nonempty (finding->description);
      row[c++] = dup_nonempty (finding->requirement_ref);
      row[c++] = dup_nonempty (finding->control_ref);
      row[c++] = dup_nonempty (finding->raised_on);
      row[c++] = dup_nonempty (finding->raised_by);
      row[c++] = dup_nonempty (finding->due_on);
      row[c++] = dup_yes_no (!closed_then && due != PSEMS_DAY_NONE && due < as_of);
      row[c++] = dup_number (raised == PSEMS_DAY_NONE ? 0
                             : (gint64) MAX ((closed_then ? closed : as_of), raised) - raised);
      row[c++] = dup_nonempty (finding->owner);
      row[c++] = dup_nonempty (finding->root_cause);
      row[c++] = dup_nonempty (finding->corrective_action);
      row[c++] = closed_then ? dup_nonempty (finding->closed_on) : NULL;
      row[c++] = closed_then ? dup_nonempty (finding->closed_by) : NULL;
      row[c++] = verified_then ? dup_nonempty (finding->verified_on) : NULL;
      row[c++] = verified_then ? dup_nonempty (finding->verified_by) : NULL;
      row[c++] = dup_number (finding->n_evidence);
      g_assert (c == reg->n_columns);
    }
  return TRUE;
}

/* Controls in their current state; degraded, test due and open findings judged on the day. */
static gboolean
collect_controls (PsemsStore  *store,
                  gint64       facility_id,
                  Register    *reg,
                  GError     **error)
{
  g_autoptr(GPtrArray) controls = NULL;
  g_autoptr(GPtrArray) threats = NULL;
  g_autoptr(GHashTable) codes = facility_codes (store, error);
  /* control id → the references of the threats it mitigates, "THR-…; THR-…" */
  g_autoptr(GHashTable) mitigates = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free,
                                                           (GDestroyNotify) g_ptr_array_unref);

  if (codes == NULL)
    return FALSE;
  controls = psems_control_list (store, facility_id, reg->as_of, error);
  if (controls == NULL)
    return FALSE;
  g_ptr_array_set_free_func (controls, (GDestroyNotify) psems_control_free);
  threats = psems_threat_list (store, facility_id, reg->as_of, error);
  if (threats == NULL)
    return FALSE;
  g_ptr_array_set_free_func (threats, (GDestroyNotify) psems_threat_free);
  for (guint t = 0; t < threats->len; t++)
    {
      const PsemsThreat *threat = g_ptr_array_index (threats, t);

      for (guint k = 0; threat->control_ids != NULL && k < threat->control_ids->len; k++)
        {
          gint64 id = g_array_index (threat->control_ids, gint64, k);
          GPtrArray *refs = g_hash_table_lookup (mitigates, &id);

          if (refs == NULL)
            {
              refs = g_ptr_array_new ();
              g_hash_table_insert (mitigates, g_memdup2 (&id, sizeof id), refs);
            }
          g_ptr_array_add (refs, threat->ref);
        }
    }

  for (guint i = 0; i < controls->len; i++)
    {
      const PsemsControl *control = g_ptr_array_index (controls, i);
      GPtrArray *refs = g_hash_table_lookup (mitigates, &control->id);
      char **row = register_add_row (reg);
      guint c = 0;

      row[c++] = g_strdup (control->ref);
      row[c++] = g_strdup (control->name);
      row[c++] = dup_code (codes, control->facility_id);
      row[c++] = dup_number (control->layer_position);
      row[c++] = dup_nonempty (control->layer_name);
      row[c++] = g_strdup (psems_control_domain_label (control->domain));
      row[c++] = g_strdup (psems_control_function_label (control->function));
      row[c++] = g_strdup (psems_control_status_label (control->status));
      row[c++] = dup_number (control->effectiveness);
      row[c++] = dup_nonempty (control->owner);
      row[c++] = dup_nonempty (control->last_tested_on);
      row[c++] = dup_nonempty (control->test_due_on);
      row[c++] = dup_yes_no (control->test_overdue);
      row[c++] = dup_number (control->open_findings);
      row[c++] = dup_yes_no (control->degraded);
      row[c++] = control->regulations != NULL && control->regulations[0] != NULL
                 ? g_strjoinv ("; ", control->regulations) : NULL;
      if (refs != NULL && refs->len > 0)
        {
          g_ptr_array_add (refs, NULL);
          row[c++] = g_strjoinv ("; ", (char **) refs->pdata);
          g_ptr_array_remove_index (refs, refs->len - 1);
        }
      else
        row[c++] = NULL;
      g_assert (c == reg->n_columns);
    }
  return TRUE;
}

typedef enum
{
  OUTCOME_ON_TIME,
  OUTCOME_LATE,
  OUTCOME_MISSED,
  OUTCOME_DONE,       /* no deadline (an item done once without a due date) */
} Outcome;

static const char * const outcome_labels[] = {
  N_("On time"), N_("Late"), N_("Missed"), N_("Done"),
};

typedef struct
{
  const PsemsScheduleItem *item;
  const PsemsCompletion *completion;   /* NULL for a missed deadline */
  PsemsDay due;
  PsemsDay done;
  Outcome outcome;
  guint n_evidence;
} Occurrence;

static int
compare_occurrences (gconstpointer a,
                     gconstpointer b)
{
  const Occurrence *x = a;
  const Occurrence *y = b;
  PsemsDay dx = x->due != PSEMS_DAY_NONE ? x->due : x->done;
  PsemsDay dy = y->due != PSEMS_DAY_NONE ? y->due : y->done;
  int by_ref;

  if (dx != dy)
    return dx < dy ? -1 : 1;
  by_ref = g_strcmp0 (x->item->ref, y->item->ref);
  if (by_ref != 0)
    return by_ref;
  return x->done < y->done ? -1 : x->done > y->done ? 1 : 0;
}

static gboolean
is_period_rule (const PsemsRegimeRule *rule)
{
  return rule != NULL && (rule->clock.kind == PSEMS_CLOCK_FIXED ||
                          rule->clock.kind == PSEMS_CLOCK_CALENDAR);
}

/* The occurrences of one item in [from, as_of]: its completions (on time or late against the
 * deadline each answered) and the deadlines missed (psems_schedule_check()). A missed deadline
 * that a later completion answered late is that completion, marked late; a missed period stays
 * its own row even when a later period was met. */
static gboolean
collect_item_occurrences (PsemsStore              *store,
                          const PsemsScheduleItem *item,
                          const PsemsRegimeRule   *rule,
                          PsemsDay                 from,
                          PsemsDay                 as_of,
                          GArray                  *occurrences,
                          GPtrArray               *keep,
                          GError                 **error)
{
  g_autoptr(GPtrArray) completions = NULL;
  g_autoptr(GPtrArray) violations = NULL;
  guint first = occurrences->len;

  completions = psems_schedule_list_completions (store, item->id, error);
  if (completions == NULL)
    return FALSE;
  g_ptr_array_set_free_func (completions, (GDestroyNotify) psems_completion_free);
  violations = psems_schedule_check (store, item, from, as_of, error);
  if (violations == NULL)
    {
      g_prefix_error (error, "%s: ", item->ref);
      return FALSE;
    }
  g_ptr_array_set_free_func (violations, (GDestroyNotify) psems_schedule_violation_free);

  for (guint i = 0; i < completions->len; i++)
    {
      PsemsCompletion *completion = g_ptr_array_index (completions, i);
      Occurrence occurrence = { item, completion, PSEMS_DAY_NONE, PSEMS_DAY_NONE, OUTCOME_DONE, 0 };
      g_autoptr(GPtrArray) evidence = NULL;

      occurrence.done = psems_day_parse (completion->done_on);
      if (occurrence.done == PSEMS_DAY_NONE || occurrence.done < from || occurrence.done > as_of)
        continue;
      occurrence.due = psems_day_parse (completion->due_on);
      if (occurrence.due != PSEMS_DAY_NONE)
        occurrence.outcome = occurrence.done > occurrence.due ? OUTCOME_LATE : OUTCOME_ON_TIME;
      evidence = psems_evidence_list (store, "completion", completion->id, error);
      if (evidence == NULL)
        return FALSE;
      g_ptr_array_set_free_func (evidence, (GDestroyNotify) psems_evidence_free);
      occurrence.n_evidence = evidence->len;
      g_array_append_val (occurrences, occurrence);
    }
  /* The occurrences point at the completions: they live as long as the register is built. */
  g_ptr_array_add (keep, g_steal_pointer (&completions));

  for (guint v = 0; v < violations->len; v++)
    {
      const PsemsScheduleViolation *violation = g_ptr_array_index (violations, v);
      const PsemsClockViolation *missed = &violation->violation;
      Occurrence occurrence = { item, NULL, missed->due, PSEMS_DAY_NONE, OUTCOME_MISSED, 0 };
      gboolean answered = FALSE;

      if (missed->done_on != PSEMS_DAY_NONE &&
          !(is_period_rule (rule) && missed->constraint == PSEMS_CLOCK_BY_INTERVAL))
        for (guint i = first; i < occurrences->len; i++)
          {
            Occurrence *done = &g_array_index (occurrences, Occurrence, i);

            if (done->completion != NULL && done->done == missed->done_on)
              {
                /* The late completion that ended the spell: late against the first missed day. */
                if (done->due == PSEMS_DAY_NONE || done->due > missed->due ||
                    done->outcome != OUTCOME_LATE)
                  done->due = missed->due;
                done->outcome = OUTCOME_LATE;
                answered = TRUE;
                break;
              }
          }
      if (!answered && missed->due <= as_of)
        g_array_append_val (occurrences, occurrence);
    }
  return TRUE;
}

static gboolean
collect_schedule (PsemsStore  *store,
                  gint64       facility_id,
                  Register    *reg,
                  GError     **error)
{
  PsemsScheduleFilter filter = { .facility_id = facility_id, .as_of = reg->as_of };
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GArray) occurrences = g_array_new (FALSE, TRUE, sizeof (Occurrence));
  g_autoptr(GPtrArray) keep = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  g_autoptr(GHashTable) rules = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                       (GDestroyNotify) psems_regime_rule_free);
  PsemsDay as_of = psems_day_parse (reg->as_of);
  PsemsDay from;
  GDate date;

  psems_day_to_date (as_of, &date);
  g_date_subtract_months (&date, SCHEDULE_MONTHS);
  from = psems_day_from_date (&date);
  reg->period_from = psems_day_format_iso (from);

  items = psems_schedule_list (store, &filter, error);
  if (items == NULL)
    return FALSE;
  g_ptr_array_set_free_func (items, (GDestroyNotify) psems_schedule_item_free);
  for (guint i = 0; i < items->len; i++)
    {
      const PsemsScheduleItem *item = g_ptr_array_index (items, i);
      PsemsDay anchor = psems_day_parse (item->anchor);
      PsemsDay item_from = from;
      PsemsRegimeRule *rule = NULL;

      /* Nothing was owed before the item started. */
      if (anchor != PSEMS_DAY_NONE && anchor > as_of)
        continue;
      if (anchor != PSEMS_DAY_NONE && anchor > item_from)
        item_from = anchor;
      if (item->rule != NULL)
        {
          rule = g_hash_table_lookup (rules, item->rule);
          if (rule == NULL)
            {
              rule = psems_regime_find_rule (item->rule, error);
              if (rule == NULL)
                {
                  g_prefix_error (error, "%s: ", item->ref);
                  return FALSE;
                }
              g_hash_table_insert (rules, g_strdup (item->rule), rule);
            }
        }
      if (!collect_item_occurrences (store, item, rule, item_from, as_of, occurrences, keep,
                                     error))
        return FALSE;
    }

  g_array_sort (occurrences, compare_occurrences);
  for (guint i = 0; i < occurrences->len; i++)
    {
      const Occurrence *occurrence = &g_array_index (occurrences, Occurrence, i);
      const PsemsScheduleItem *item = occurrence->item;
      const PsemsRegimeRule *rule = item->rule != NULL ? g_hash_table_lookup (rules, item->rule)
                                                       : NULL;
      PsemsDay until = occurrence->done != PSEMS_DAY_NONE ? occurrence->done : as_of;
      char **row = register_add_row (reg);
      guint c = 0;

      row[c++] = g_strdup (item->ref);
      row[c++] = g_strdup (item->title);
      row[c++] = g_strdup (item->facility_code);
      row[c++] = g_strdup (psems_schedule_kind_label (item->kind));
      if (rule != NULL)
        /* Translators: a regulation's citation, then the rule's identifier in the regime files */
        row[c++] = g_strdup_printf (_("%s (%s)"), rule->citation, rule->id);
      else
        row[c++] = psems_schedule_describe_clock (item, NULL);
      row[c++] = occurrence->due != PSEMS_DAY_NONE ? psems_day_format_iso (occurrence->due) : NULL;
      row[c++] = occurrence->done != PSEMS_DAY_NONE ? psems_day_format_iso (occurrence->done)
                                                    : NULL;
      row[c++] = g_strdup (_(outcome_labels[occurrence->outcome]));
      row[c++] = occurrence->due != PSEMS_DAY_NONE
                 ? dup_number (until > occurrence->due ? (gint64) (until - occurrence->due) : 0)
                 : NULL;
      row[c++] = occurrence->completion != NULL ? g_strdup (occurrence->completion->ref) : NULL;
      row[c++] = occurrence->completion != NULL ? dup_number (occurrence->n_evidence) : NULL;
      g_assert (c == reg->n_columns);
    }
  return TRUE;
}

/* ───────────────────────────── writing ───────────────────────────── */

/* Text that a spreadsheet would run as a formula when it opens a CSV file
 * (=, +, -, @ first) is kept as text by a leading apostrophe (OWASP's advice). */
static char *
dup_csv_text (const char *text)
{
  if (text != NULL && text[0] != '\0' && strchr ("=+-@\t\r", text[0]) != NULL)
    return g_strconcat ("'", text, NULL);
  return g_strdup (text);
}

static char *
format_csv (const Register *reg)
{
  g_autoptr(GPtrArray) titles = g_ptr_array_new ();
  g_autoptr(PsemsRecords) records = NULL;

  for (guint c = 0; c < reg->n_columns; c++)
    g_ptr_array_add (titles, (gpointer) _(reg->columns[c].title));
  g_ptr_array_add (titles, NULL);
  records = psems_records_new ((const char * const *) titles->pdata);
  for (guint r = 0; r < reg->rows->len; r++)
    {
      char **row = g_ptr_array_index (reg->rows, r);
      g_auto(GStrv) values = g_new0 (char *, reg->n_columns + 1);

      for (guint c = 0; c < reg->n_columns; c++)
        values[c] = reg->columns[c].type == COLUMN_TEXT ? dup_csv_text (row[c])
                                                        : g_strdup (row[c] != NULL ? row[c] : "");
      for (guint c = 0; c < reg->n_columns; c++)
        if (values[c] == NULL)
          values[c] = g_strdup ("");
      psems_records_add_rowv (records, (const char * const *) values);
    }
  return psems_records_to_string (records, PSEMS_FORMAT_CSV);
}

static gboolean
write_all (int          fd,
           const char  *data,
           gsize        length,
           int         *saved_errno)
{
  while (length > 0)
    {
      gssize n = write (fd, data, length);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        {
          *saved_errno = n < 0 ? errno : EIO;
          return FALSE;
        }
      data += n;
      length -= (gsize) n;
    }
  return TRUE;
}

static gboolean
set_write_error (GError     **error,
                 const char  *path,
                 int          saved_errno)
{
  g_set_error (error, PSEMS_ERROR, PSEMS_ERROR_FAILED, _("%s: cannot write: %s"), path,
               g_strerror (saved_errno));
  return FALSE;
}

static gboolean
write_csv (const Register  *reg,
           int              fd,
           const char      *path,
           GError         **error)
{
  g_autofree char *text = format_csv (reg);
  int saved_errno = 0;

  /* UTF-8 without a byte-order mark: RFC 4180 and RFC 7111 want none; the header is plain. */
  if (!write_all (fd, text, strlen (text), &saved_errno) || fsync (fd) != 0)
    {
      if (saved_errno == 0)
        saved_errno = errno;
      return set_write_error (error, path, saved_errno);
    }
  return TRUE;
}

/* Excel's sheet names: at most 31 characters, none of []:*?/\ . */
static char *
dup_sheet_name (const char *title)
{
  GString *name = g_string_new (NULL);
  guint n = 0;

  for (const char *p = title; *p != '\0' && n < LXW_SHEETNAME_MAX; p = g_utf8_next_char (p), n++)
    {
      gunichar ch = g_utf8_get_char (p);

      if (ch < 128 && strchr ("[]:*?/\\", (int) ch) != NULL)
        g_string_append_c (name, ' ');
      else
        g_string_append_unichar (name, ch);
    }
  return g_string_free (name, FALSE);
}

/* Excel stops at 32,767 characters in a cell; a longer text ends with "…". */
static char *
dup_cell_text (const char *text)
{
  glong length = g_utf8_strlen (text, -1);
  const char *end;

  if (length <= XLSX_CELL_MAX)
    return g_strdup (text);
  end = g_utf8_offset_to_pointer (text, XLSX_CELL_MAX - 1);
  return g_strdup_printf ("%.*s…", (int) (end - text), text);
}

typedef struct
{
  lxw_format *header;
  lxw_format *date;
  lxw_format *stamp;
  lxw_format *number;
  lxw_format *label;
} Formats;

static double
clamp_width (double width)
{
  return CLAMP (width, XLSX_WIDTH_MIN, XLSX_WIDTH_MAX);
}

static lxw_error
write_text_cell (lxw_worksheet *sheet,
                 lxw_row_t      row,
                 lxw_col_t      col,
                 const char    *text,
                 lxw_format    *format)
{
  g_autofree char *cell = dup_cell_text (text);

  return worksheet_write_string (sheet, row, col, cell, format);
}

static lxw_error
write_date_cell (lxw_worksheet *sheet,
                 lxw_row_t      row,
                 lxw_col_t      col,
                 const char    *text,
                 lxw_format    *format)
{
  PsemsDay day = psems_day_parse (text);
  lxw_datetime datetime = { 0 };
  GDate date;

  /* A day that does not parse stays visible as the text it is. */
  if (day == PSEMS_DAY_NONE)
    return write_text_cell (sheet, row, col, text, NULL);
  psems_day_to_date (day, &date);
  datetime.year = g_date_get_year (&date);
  datetime.month = g_date_get_month (&date);
  datetime.day = g_date_get_day (&date);
  return worksheet_write_datetime (sheet, row, col, &datetime, format);
}

static lxw_error
write_number_cell (lxw_worksheet *sheet,
                   lxw_row_t      row,
                   lxw_col_t      col,
                   const char    *text,
                   lxw_format    *format)
{
  char *end = NULL;
  double value = g_ascii_strtod (text, &end);

  if (end == text || *end != '\0')
    return write_text_cell (sheet, row, col, text, NULL);
  return worksheet_write_number (sheet, row, col, value, format);
}

static lxw_error
write_register_sheet (lxw_workbook   *workbook,
                      const Register *reg,
                      const Formats  *formats)
{
  g_autofree char *name = dup_sheet_name (psems_register_kind_get_title (reg->kind));
  lxw_worksheet *sheet = workbook_add_worksheet (workbook, name);
  g_autofree double *widths = g_new0 (double, reg->n_columns);
  lxw_error status;

  if (sheet == NULL)
    sheet = workbook_add_worksheet (workbook, psems_register_kind_to_string (reg->kind));
  if (sheet == NULL)
    return LXW_ERROR_MEMORY_MALLOC_FAILED;

  for (guint c = 0; c < reg->n_columns; c++)
    {
      const char *title = _(reg->columns[c].title);

      /* The filter's drop-down button covers the header's last characters. */
      widths[c] = g_utf8_strlen (title, -1) + 4;
      status = worksheet_write_string (sheet, 0, (lxw_col_t) c, title, formats->header);
      if (status != LXW_NO_ERROR)
        return status;
    }
  for (guint r = 0; r < reg->rows->len; r++)
    {
      char **row = g_ptr_array_index (reg->rows, r);

      for (guint c = 0; c < reg->n_columns; c++)
        {
          lxw_row_t at = (lxw_row_t) r + 1;

          if (row[c] == NULL || row[c][0] == '\0')
            continue;
          switch (reg->columns[c].type)
            {
            case COLUMN_DATE:
              status = write_date_cell (sheet, at, (lxw_col_t) c, row[c], formats->date);
              widths[c] = MAX (widths[c], XLSX_WIDTH_DATE);
              break;
            case COLUMN_NUMBER:
              status = write_number_cell (sheet, at, (lxw_col_t) c, row[c], formats->number);
              widths[c] = MAX (widths[c], strlen (row[c]) + 2.0);
              break;
            case COLUMN_TEXT:
            default:
              status = write_text_cell (sheet, at, (lxw_col_t) c, row[c], NULL);
              widths[c] = MAX (widths[c], MIN (g_utf8_strlen (row[c], -1), 200) + 2.0);
              break;
            }
          if (status != LXW_NO_ERROR)
            return status;
        }
    }
  for (guint c = 0; c < reg->n_columns; c++)
    {
      status = worksheet_set_column (sheet, (lxw_col_t) c, (lxw_col_t) c, clamp_width (widths[c]),
                                     NULL);
      if (status != LXW_NO_ERROR)
        return status;
    }
  worksheet_freeze_panes (sheet, 1, 0);
  return worksheet_autofilter (sheet, 0, 0, (lxw_row_t) reg->rows->len,
                               (lxw_col_t) (reg->n_columns - 1));
}

/* The second sheet: what the register is, of what, as of when, by what. */
static lxw_error
write_about_sheet (lxw_workbook   *workbook,
                   const Register *reg,
                   GDateTime      *now,
                   const Formats  *formats)
{
  g_autofree char *name = dup_sheet_name (C_("sheet name", "About"));
  lxw_worksheet *sheet = workbook_add_worksheet (workbook, name);
  lxw_datetime stamp = {
    g_date_time_get_year (now), g_date_time_get_month (now), g_date_time_get_day_of_month (now),
    g_date_time_get_hour (now), g_date_time_get_minute (now), g_date_time_get_second (now),
  };
  g_autofree char *rows = g_strdup_printf ("%u", reg->rows->len);
  g_autofree char *version = g_strdup_printf ("PSeMS %s", PACKAGE_VERSION);
  double widest = 10;
  lxw_row_t at = 0;
  lxw_error status;
  struct
  {
    const char *label;
    const char *value;
    ColumnType type;
  } lines[] = {
    { N_("Register"), psems_register_kind_get_title (reg->kind), COLUMN_TEXT },
    { N_("Facility"), reg->facility, COLUMN_TEXT },
    { N_("As of"), reg->as_of, COLUMN_DATE },
    { N_("Period from"), reg->period_from, COLUMN_DATE },
    { N_("Rows"), rows, COLUMN_NUMBER },
    { N_("Note"), reg->note, COLUMN_TEXT },
    { N_("Generated with"), version, COLUMN_TEXT },
  };

  if (sheet == NULL)
    sheet = workbook_add_worksheet (workbook, "About");
  if (sheet == NULL)
    return LXW_ERROR_MEMORY_MALLOC_FAILED;
  for (guint i = 0; i < G_N_ELEMENTS (lines); i++)
    {
      if (lines[i].value == NULL)
        continue;
      widest = MAX (widest, g_utf8_strlen (_(lines[i].label), -1) + 2.0);
      status = worksheet_write_string (sheet, at, 0, _(lines[i].label), formats->label);
      if (status == LXW_NO_ERROR)
        switch (lines[i].type)
          {
          case COLUMN_DATE:
            status = write_date_cell (sheet, at, 1, lines[i].value, formats->date);
            break;
          case COLUMN_NUMBER:
            status = write_number_cell (sheet, at, 1, lines[i].value, formats->number);
            break;
          case COLUMN_TEXT:
          default:
            status = write_text_cell (sheet, at, 1, lines[i].value, NULL);
            break;
          }
      if (status != LXW_NO_ERROR)
        return status;
      at++;
    }
  status = worksheet_write_string (sheet, at, 0, _("Generated at (UTC)"), formats->label);
  if (status == LXW_NO_ERROR)
    status = worksheet_write_datetime (sheet, at, 1, &stamp, formats->stamp);
  if (status != LXW_NO_ERROR)
    return status;
  worksheet_set_column (sheet, 0, 0, clamp_width (widest), NULL);
  return worksheet_set_column (sheet, 1, 1, XLSX_WIDTH_MAX, NULL);
}

static gboolean
write_xlsx (const Register  *reg,
            const char      *tmp,
            const char      *path,
            GError         **error)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *title = NULL;
  lxw_doc_properties properties = { 0 };
  lxw_workbook *workbook;
  Formats formats;
  lxw_error status;
  lxw_error closed;

  if (reg->rows->len >= LXW_ROW_MAX)
    {
      g_set_error (error, PSEMS_ERROR, PSEMS_ERROR_FAILED,
                   _("%s: %u rows are more than a spreadsheet holds; write CSV instead"), path,
                   reg->rows->len);
      return FALSE;
    }
  workbook = workbook_new (tmp);
  if (workbook == NULL)
    {
      g_set_error (error, PSEMS_ERROR, PSEMS_ERROR_FAILED, _("%s: cannot start the workbook"),
                   path);
      return FALSE;
    }
  /* Translators: a spreadsheet's title: the register, then the facility */
  title = g_strdup_printf (_("%s — %s"), psems_register_kind_get_title (reg->kind), reg->facility);
  properties.title = title;
  properties.author = (char *) "PSeMS";
  properties.comments = (char *) reg->note;
  properties.created = g_date_time_to_unix (now);
  workbook_set_properties (workbook, &properties);

  formats.header = workbook_add_format (workbook);
  format_set_bold (formats.header);
  format_set_bottom (formats.header, LXW_BORDER_THIN);
  format_set_bg_color (formats.header, 0xE8E8E8);
  formats.date = workbook_add_format (workbook);
  format_set_num_format (formats.date, "yyyy-mm-dd");
  format_set_align (formats.date, LXW_ALIGN_LEFT);
  formats.stamp = workbook_add_format (workbook);
  format_set_num_format (formats.stamp, "yyyy-mm-dd hh:mm:ss");
  format_set_align (formats.stamp, LXW_ALIGN_LEFT);
  formats.number = workbook_add_format (workbook);
  format_set_num_format (formats.number, "0");
  formats.label = workbook_add_format (workbook);
  format_set_bold (formats.label);

  status = write_register_sheet (workbook, reg, &formats);
  if (status == LXW_NO_ERROR)
    status = write_about_sheet (workbook, reg, now, &formats);
  /* Closing frees the workbook whatever happened; it writes the file only now. */
  closed = workbook_close (workbook);
  if (status == LXW_NO_ERROR)
    status = closed;
  if (status != LXW_NO_ERROR)
    {
      g_set_error (error, PSEMS_ERROR, PSEMS_ERROR_FAILED, _("%s: cannot write the workbook: %s"),
                   path, lxw_strerror (status));
      return FALSE;
    }
  return TRUE;
}

static gboolean
load_register (PsemsStore  *store,
               PsemsActor  *actor,
               Register    *reg,
               gint64       facility_id,
               const char  *as_of,
               GError     **error)
{
  static const char * const entities[] = { "finding", "control", "schedule" };

  if (!psems_actor_check (actor, PSEMS_OP_READ, entities[reg->kind], facility_id, error))
    return FALSE;
  if (as_of != NULL && psems_day_parse (as_of) == PSEMS_DAY_NONE)
    {
      g_set_error (error, PSEMS_ERROR, PSEMS_ERROR_INVALID,
                   _("as of: “%s” is not a date (YYYY-MM-DD)"), as_of);
      return FALSE;
    }
  reg->as_of = as_of != NULL ? g_strdup (as_of) : psems_day_format_iso (psems_day_today ());
  if (facility_id != 0)
    {
      g_autoptr(PsemsFacility) facility = psems_facility_get (store, facility_id, error);

      if (facility == NULL)
        return FALSE;
      /* Translators: a facility's code, then its name */
      reg->facility = g_strdup_printf (_("%s — %s"), facility->code, facility->name);
    }
  else
    reg->facility = g_strdup (_("All facilities"));
  reg->rows = g_ptr_array_new ();

  switch (reg->kind)
    {
    case PSEMS_REGISTER_FINDINGS:
      reg->columns = finding_columns;
      reg->n_columns = G_N_ELEMENTS (finding_columns);
      reg->note = _("Findings raised on or before the day, as they stood that day: one closed "
                    "later reads as unresolved.");
      return collect_findings (store, facility_id, reg, error);
    case PSEMS_REGISTER_CONTROLS:
      reg->columns = control_columns;
      reg->n_columns = G_N_ELEMENTS (control_columns);
      reg->note = _("Controls in their current state; test due, open findings and degradation "
                    "are judged as of the day.");
      return collect_controls (store, facility_id, reg, error);
    case PSEMS_REGISTER_SCHEDULE:
    default:
      reg->columns = schedule_columns;
      reg->n_columns = G_N_ELEMENTS (schedule_columns);
      reg->note = _("Each deadline of the 24 months up to the day: done on time, done late, or "
                    "missed (not done by the day, or its period passed without it).");
      return collect_schedule (store, facility_id, reg, error);
    }
}

gboolean
psems_register_export (PsemsStore        *store,
                       PsemsActor        *actor,
                       PsemsRegisterKind  kind,
                       gint64             facility_id,
                       const char        *as_of,
                       const char        *path,
                       guint             *n_rows,
                       GError           **error)
{
  g_auto(Register) reg = { .kind = kind };
  g_autofree char *dir = NULL;
  g_autofree char *base = NULL;
  g_autofree char *tmp = NULL;
  PsemsRegisterFormat format;
  gboolean written;
  int fd;

  g_return_val_if_fail (PSEMS_IS_STORE (store), FALSE);
  g_return_val_if_fail ((guint) kind < PSEMS_REGISTER_N_KINDS, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!psems_register_format_from_path (path, &format))
    {
      g_set_error (error, PSEMS_ERROR, PSEMS_ERROR_INVALID,
                   _("%s: give a name ending in .xlsx or .csv"), path);
      return FALSE;
    }
  if (!load_register (store, actor, &reg, facility_id, as_of, error))
    return FALSE;

  /* A temporary file beside the target, renamed over it when complete. */
  dir = g_path_get_dirname (path);
  base = g_path_get_basename (path);
  tmp = g_strdup_printf ("%s%c.%s.XXXXXX", dir, G_DIR_SEPARATOR, base);
  fd = g_mkstemp_full (tmp, O_RDWR | O_CLOEXEC, 0666);
  if (fd < 0)
    return set_write_error (error, path, errno);
  if (format == PSEMS_REGISTER_CSV)
    written = write_csv (&reg, fd, path, error);
  else
    written = TRUE;
  if (close (fd) != 0 && written)
    written = set_write_error (error, path, errno);
  if (written && format == PSEMS_REGISTER_XLSX)
    written = write_xlsx (&reg, tmp, path, error);
  if (written && g_rename (tmp, path) != 0)
    written = set_write_error (error, path, errno);
  if (!written)
    {
      g_unlink (tmp);
      return FALSE;
    }
  if (n_rows != NULL)
    *n_rows = reg.rows->len;
  return TRUE;
}
