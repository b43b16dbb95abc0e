/* psems-regime.c — regulatory regimes read from JSON files: shipped in data/regimes/, and the user's. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "psems-data.h"
#include "psems-error.h"
#include "psems-regime.h"

/*
 * A regime file is one JSON object; the rules are data, so a new regime or
 * rule needs no code:
 *
 *   { "id": "isps", "title": "ISPS Code", "note": "…",
 *     "rules": [
 *       { "id": "isps-b18.5", "title": "Security drills", "citation": "ISPS Code B/18.5",
 *         "activity": "drill", "kind": "from-last", "interval": "3 months",
 *         "count": 1, "max_gap": "18 months", "warning": "14 days",
 *         "anchor": "start", "note": "…" }, … ] }
 *
 * Regime: id, title and rules are required, note is optional. Rule: id,
 * title, citation, kind and interval are required. kind is from-last,
 * rolling, fixed, calendar or retention (see psems-clock.h); interval,
 * max_gap and warning are lengths written "<n> day(s)|week(s)|month(s)|
 * year(s)" (the warning in days or weeks); count is a whole number >= 1;
 * anchor is start (the default), plan-approval, record or record-end;
 * activity is an identifier naming what the rule schedules (drill,
 * exercise, audit, …). A member not listed here is an error, so a typo never
 * silently drops a constraint.
 *
 * Rule ids are unique over every regime. Loading never fails as a whole: a
 * file that does not parse or has a bad regime member is skipped, a rule
 * with a bad member is skipped alone; each is reported as
 * "<file>:<line>: <what>".
 */

#define REGIME_SUBDIR "regimes"

/* ---- values ------------------------------------------------------------------ */

void
psems_regime_rule_free (PsemsRegimeRule *rule)
{
  if (rule == NULL)
    return;
  g_free (rule->id);
  g_free (rule->regime_id);
  g_free (rule->title);
  g_free (rule->citation);
  g_free (rule->activity);
  g_free (rule->note);
  g_free (rule->path);
  g_free (rule);
}

PsemsRegimeRule *
psems_regime_rule_copy (const PsemsRegimeRule *rule)
{
  PsemsRegimeRule *copy;

  g_return_val_if_fail (rule != NULL, NULL);

  copy = g_new0 (PsemsRegimeRule, 1);
  *copy = *rule;
  copy->id = g_strdup (rule->id);
  copy->regime_id = g_strdup (rule->regime_id);
  copy->title = g_strdup (rule->title);
  copy->citation = g_strdup (rule->citation);
  copy->activity = g_strdup (rule->activity);
  copy->note = g_strdup (rule->note);
  copy->path = g_strdup (rule->path);
  return copy;
}

void
psems_regime_free (PsemsRegime *regime)
{
  if (regime == NULL)
    return;
  g_free (regime->id);
  g_free (regime->title);
  g_free (regime->path);
  g_clear_pointer (&regime->rules, g_ptr_array_unref);
  g_free (regime);
}

static const char * const anchor_names[] = {
  [PSEMS_REGIME_ANCHOR_START] = "start",
  [PSEMS_REGIME_ANCHOR_PLAN_APPROVAL] = "plan-approval",
  [PSEMS_REGIME_ANCHOR_RECORD] = "record",
  [PSEMS_REGIME_ANCHOR_RECORD_END] = "record-end",
};

/* The anchor as rule files spell it. */
const char *
psems_regime_anchor_to_string (PsemsRegimeAnchor anchor)
{
  g_return_val_if_fail ((guint) anchor < G_N_ELEMENTS (anchor_names), NULL);
  return anchor_names[anchor];
}

/* "3 months", "1 year", "90 days", "2 weeks". */
static gboolean
parse_span (const char     *text,
            PsemsClockSpan *span,
            char          **message)
{
  static const struct { const char *word; PsemsClockUnit unit; guint factor; } units[] = {
    { "day", PSEMS_CLOCK_DAYS, 1 }, { "days", PSEMS_CLOCK_DAYS, 1 },
    { "week", PSEMS_CLOCK_DAYS, 7 }, { "weeks", PSEMS_CLOCK_DAYS, 7 },
    { "month", PSEMS_CLOCK_MONTHS, 1 }, { "months", PSEMS_CLOCK_MONTHS, 1 },
    { "year", PSEMS_CLOCK_MONTHS, 12 }, { "years", PSEMS_CLOCK_MONTHS, 12 },
  };
  const char *p = text;
  guint64 amount = 0;
  gboolean digits = FALSE;

  while (*p == ' ')
    p++;
  if (*p == '-')
    {
      *message = g_strdup_printf (_("“%s” is negative; a length is positive (“3 months”)"), text);
      return FALSE;
    }
  for (; g_ascii_isdigit (*p); p++)
    {
      digits = TRUE;
      amount = MIN (amount * 10 + (guint64) (*p - '0'), G_MAXUINT32);
    }
  while (*p == ' ')
    p++;
  if (!digits)
    goto bad;
  for (guint i = 0; i < G_N_ELEMENTS (units); i++)
    if (g_str_equal (p, units[i].word))
      {
        if (amount == 0)
          {
            *message = g_strdup_printf (_("“%s” is zero; a length is at least one day"), text);
            return FALSE;
          }
        span->amount = (guint) MIN (amount * units[i].factor, G_MAXUINT32);
        span->unit = units[i].unit;
        return TRUE;
      }
bad:
  *message = g_strdup_printf (_("“%s” is not a length (write “3 months”, “90 days”, “2 weeks” or “1 year”)"),
                              text);
  return FALSE;
}

/* ---- one file ------------------------------------------------------------------ */

typedef struct
{
  const char *path;
  const PsemsJsonLines *pos;
  GPtrArray *problems;
} Reader;

static char *
format_problem (const Reader *r,
                JsonObject   *object,
                const char   *member,
                const char   *rule_id,
                const char   *message)
{
  guint line = psems_json_lines_get (r->pos, object, member);

  if (rule_id != NULL && member != NULL)
    return g_strdup_printf (_("%s:%u: rule “%s”: %s: %s"), r->path, line, rule_id, member, message);
  if (rule_id != NULL)
    return g_strdup_printf (_("%s:%u: rule “%s”: %s"), r->path, line, rule_id, message);
  if (member != NULL)
    return g_strdup_printf ("%s:%u: %s: %s", r->path, line, member, message);
  return g_strdup_printf ("%s:%u: %s", r->path, line, message);
}

/* A text member: missing is fine unless @required; present must be a
 * non-empty string. On a problem returns FALSE with @message set. */
static gboolean
get_text (JsonObject  *object,
          const char  *name,
          gboolean     required,
          char       **value,
          char       **message)
{
  JsonNode *node = json_object_get_member (object, name);
  const char *text;

  *value = NULL;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      if (required)
        *message = g_strdup (_("the member is missing"));
      return !required;
    }
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    {
      *message = g_strdup (_("expected a text"));
      return FALSE;
    }
  text = json_node_get_string (node);
  if (text == NULL || *text == '\0')
    {
      *message = g_strdup (_("the text is empty"));
      return FALSE;
    }
  *value = g_strdup (text);
  return TRUE;
}

static gboolean
check_members (JsonObject         *object,
               const char * const *allowed,
               const char        **bad)
{
  g_autoptr(GList) members = json_object_get_members (object);

  for (GList *l = members; l != NULL; l = l->next)
    if (!g_strv_contains (allowed, l->data))
      {
        *bad = l->data;
        return FALSE;
      }
  return TRUE;
}

/* One rule; NULL when it is skipped (the problem is added). */
static PsemsRegimeRule *
read_rule (const Reader *r,
           JsonNode     *node,
           guint         index,
           const char   *regime_id)
{
  static const char * const allowed[] = { "id", "title", "citation", "activity", "note", "kind",
                                          "interval", "count", "max_gap", "warning", "anchor", NULL };
  g_autoptr(PsemsRegimeRule) rule = NULL;
  g_autofree char *message = NULL;
  g_autofree char *kind = NULL;
  g_autofree char *interval = NULL;
  g_autofree char *max_gap = NULL;
  g_autofree char *warning = NULL;
  g_autofree char *anchor = NULL;
  const char *field = NULL;
  const char *bad_member = NULL;
  JsonObject *object;
  JsonNode *count;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_ptr_array_add (r->problems, g_strdup_printf (_("%s: rules[%u]: expected an object"), r->path, index));
      return NULL;
    }
  object = json_node_get_object (node);
  rule = g_new0 (PsemsRegimeRule, 1);
  rule->path = g_strdup (r->path);
  rule->regime_id = g_strdup (regime_id);
  rule->line = psems_json_lines_get (r->pos, object, "id");

  if (!get_text (object, "id", TRUE, &rule->id, &message))
    {
      g_ptr_array_add (r->problems,
                       g_strdup_printf ("%s:%u: rules[%u].id: %s", r->path,
                                        psems_json_lines_get (r->pos, object, "id"), index, message));
      return NULL;
    }
  if (!psems_data_is_identifier (rule->id))
    {
      g_ptr_array_add (r->problems,
                       format_problem (r, object, "id", rule->id,
                                       _("not an identifier (lowercase letters, digits, hyphens and dots)")));
      return NULL;
    }

#define FAIL(member) \
  G_STMT_START { \
    g_ptr_array_add (r->problems, format_problem (r, object, (member), rule->id, message)); \
    return NULL; \
  } G_STMT_END

  if (!check_members (object, allowed, &bad_member))
    {
      message = g_strdup (_("not a member of a rule (a typo?)"));
      FAIL (bad_member);
    }
  if (!get_text (object, "title", TRUE, &rule->title, &message))
    FAIL ("title");
  if (!get_text (object, "citation", TRUE, &rule->citation, &message))
    FAIL ("citation");
  if (!get_text (object, "note", FALSE, &rule->note, &message))
    FAIL ("note");
  if (!get_text (object, "activity", FALSE, &rule->activity, &message))
    FAIL ("activity");
  if (rule->activity != NULL && !psems_data_is_identifier (rule->activity))
    {
      message = g_strdup_printf (_("“%s” is not an identifier (drill, exercise, audit, …)"), rule->activity);
      FAIL ("activity");
    }

  if (!get_text (object, "kind", TRUE, &kind, &message))
    FAIL ("kind");
  if (!psems_clock_kind_from_string (kind, &rule->clock.kind))
    {
      message = g_strdup_printf (_("“%s” is not a kind of rule (from-last, rolling, fixed, calendar, retention)"),
                                 kind);
      FAIL ("kind");
    }

  if (!get_text (object, "interval", TRUE, &interval, &message))
    FAIL ("interval");
  if (!parse_span (interval, &rule->clock.interval, &message))
    FAIL ("interval");
  if (!get_text (object, "max_gap", FALSE, &max_gap, &message))
    FAIL ("max_gap");
  if (max_gap != NULL && !parse_span (max_gap, &rule->clock.max_gap, &message))
    FAIL ("max_gap");
  if (!get_text (object, "warning", FALSE, &warning, &message))
    FAIL ("warning");
  if (warning != NULL)
    {
      PsemsClockSpan span;

      if (!parse_span (warning, &span, &message))
        FAIL ("warning");
      if (span.unit != PSEMS_CLOCK_DAYS)
        {
          message = g_strdup (_("give the warning in days or weeks"));
          FAIL ("warning");
        }
      rule->clock.warn_days = span.amount;
    }

  count = json_object_get_member (object, "count");
  rule->clock.count = 1;
  if (count != NULL)
    {
      gint64 n;

      if (!JSON_NODE_HOLDS_VALUE (count) || json_node_get_value_type (count) != G_TYPE_INT64)
        {
          message = g_strdup (_("expected a whole number"));
          FAIL ("count");
        }
      n = json_node_get_int (count);
      if (n < 1)
        {
          message = g_strdup_printf (_("%lld is not a count (at least 1)"), (long long) n);
          FAIL ("count");
        }
      rule->clock.count = (guint) MIN (n, G_MAXUINT);
    }

  if (!get_text (object, "anchor", FALSE, &anchor, &message))
    FAIL ("anchor");
  rule->anchor = PSEMS_REGIME_ANCHOR_START;
  if (anchor != NULL)
    {
      gboolean known = FALSE;

      for (guint i = 0; i < G_N_ELEMENTS (anchor_names) && !known; i++)
        if (g_str_equal (anchor, anchor_names[i]))
          {
            rule->anchor = (PsemsRegimeAnchor) i;
            known = TRUE;
          }
      if (!known)
        {
          message = g_strdup_printf (_("“%s” is not an anchor (start, plan-approval, record, record-end)"),
                                     anchor);
          FAIL ("anchor");
        }
    }

  if (!psems_clock_rule_check (&rule->clock, &field, &message))
    FAIL (field);
#undef FAIL

  return g_steal_pointer (&rule);
}

/**
 * psems_regime_load_file:
 * @path: a regime file (JSON, see the top of this file)
 * @problems: (element-type utf8) (nullable): receives one message per rule
 *   that was skipped ("<path>:<line>: rule “<id>”: <member>: <what>")
 *
 * Reads one regime. A file that does not parse, or whose regime members are
 * wrong, is refused with %PSEMS_ERROR_INVALID ("<path>:<line>:<column>:
 * <what>" for a syntax error, "<path>:<line>: <member>: <what>" otherwise);
 * a missing file with %PSEMS_ERROR_NOT_FOUND. A bad rule only drops itself.
 *
 * Returns: (transfer full): the regime, or %NULL with @error set.
 */
PsemsRegime *
psems_regime_load_file (const char  *path,
                        GPtrArray   *problems,
                        GError     **error)
{
  static const char * const allowed[] = { "id", "title", "note", "rules", NULL };
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(PsemsRegime) regime = NULL;
  g_autoptr(GHashTable) seen = NULL;
  g_autoptr(GPtrArray) local_problems = NULL;
  g_autofree char *message = NULL;
  g_autofree char *note = NULL;
  PsemsJsonLines pos;
  Reader reader;
  const char *bad_member = NULL;
  JsonNode *root;
  JsonObject *object;
  JsonNode *rules;
  JsonArray *array;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  parser = json_parser_new_immutable ();
  psems_json_lines_init (&pos, parser);
  reader = (Reader) { path, &pos, problems };
  if (problems == NULL)
    reader.problems = local_problems = g_ptr_array_new_with_free_func (g_free);

  if (!psems_data_parse_json (parser, path, error))
    goto out;

  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, PSEMS_ERROR, PSEMS_ERROR_INVALID,
                   _("%s:1: expected a JSON object with id, title and rules"), path);
      goto out;
    }
  object = json_node_get_object (root);

  regime = g_new0 (PsemsRegime, 1);
  regime->path = g_strdup (path);
  regime->rules = g_ptr_array_new_with_free_func ((GDestroyNotify) psems_regime_rule_free);

#define FAIL_FILE(member) \
  G_STMT_START { \
    g_autofree char *what = format_problem (&reader, object, (member), NULL, message); \
    g_set_error_literal (error, PSEMS_ERROR, PSEMS_ERROR_INVALID, what); \
    g_clear_pointer (&regime, psems_regime_free); \
    goto out; \
  } G_STMT_END

  if (!check_members (object, allowed, &bad_member))
    {
      message = g_strdup (_("not a member of a regime (a typo?)"));
      FAIL_FILE (bad_member);
    }
  if (!get_text (object, "id", TRUE, &regime->id, &message))
    FAIL_FILE ("id");
  if (!psems_data_is_identifier (regime->id))
    {
      message = g_strdup_printf (_("“%s” is not an identifier (lowercase letters, digits, hyphens and dots)"),
                                 regime->id);
      FAIL_FILE ("id");
    }
  if (!get_text (object, "title", TRUE, &regime->title, &message))
    FAIL_FILE ("title");
  if (!get_text (object, "note", FALSE, &note, &message))
    FAIL_FILE ("note");
  rules = json_object_get_member (object, "rules");
  if (rules == NULL || !JSON_NODE_HOLDS_ARRAY (rules))
    {
      message = g_strdup (_("expected a list of rules"));
      FAIL_FILE ("rules");
    }
#undef FAIL_FILE

  array = json_node_get_array (rules);
  seen = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      PsemsRegimeRule *rule = read_rule (&reader, node, i, regime->id);

      if (rule == NULL)
        continue;
      if (g_hash_table_contains (seen, rule->id))
        {
          g_ptr_array_add (reader.problems,
                           format_problem (&reader, json_node_get_object (node), "id", rule->id,
                                           _("the id is used twice in this file; the second was skipped")));
          psems_regime_rule_free (rule);
          continue;
        }
      g_ptr_array_add (regime->rules, rule);
      g_hash_table_add (seen, rule->id);
    }

out:
  psems_json_lines_clear (&pos);
  if (local_problems != NULL)
    for (guint i = 0; i < local_problems->len; i++)
      g_warning ("Regime rule skipped: %s", (const char *) g_ptr_array_index (local_problems, i));
  return g_steal_pointer (&regime);
}

/* ---- all files -------------------------------------------------------------------- */

/* Where a rule came from while loading: its regime, its folder. */
typedef struct
{
  PsemsRegime *regime;
  guint dir;
} Origin;

/**
 * psems_regime_load_all:
 * @problems: (out) (optional) (transfer full) (element-type utf8): what was
 *   skipped and why, one message each ("<file>:<line>: …")
 *
 * Reads every `*.json` regime, shipped then the user's
 * ($XDG_DATA_HOME/psems/regimes/), in file-name order within each folder.
 * Never fails: bad files and bad rules are reported and skipped.
 *
 * The user's files override and add: a user rule whose id is a shipped
 * rule's replaces it in place (same regime, same position); a user regime
 * whose id is a shipped regime's adds its new rules to it; other user
 * regimes are added. A rule id used twice otherwise is reported and the
 * later one skipped. Among the shipped folders the first holding a regime
 * wins silently (an installed copy hides the source tree's).
 *
 * Returns: (transfer full) (element-type PsemsRegime): the regimes, each
 * with at least one rule.
 */
GPtrArray *
psems_regime_load_all (GPtrArray **problems)
{
  g_autoptr(GPtrArray) regimes = g_ptr_array_new_with_free_func ((GDestroyNotify) psems_regime_free);
  g_autoptr(GPtrArray) found = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GHashTable) regime_dir = g_hash_table_new (g_str_hash, g_str_equal);   /* id → dir + 1 */
  g_autoptr(GHashTable) rules = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  g_autoptr(GPtrArray) dirs = NULL;
  guint n_shipped;

  dirs = psems_data_dirs (REGIME_SUBDIR, &n_shipped);
  for (guint d = 0; d < dirs->len; d++)
    {
      const char *dir_path = g_ptr_array_index (dirs, d);
      g_autoptr(GPtrArray) names = psems_data_list_json (dir_path);
      gboolean user = d >= n_shipped;

      if (names == NULL)
        continue;

      for (guint f = 0; f < names->len; f++)
        {
          g_autofree char *path = g_build_filename (dir_path, g_ptr_array_index (names, f), NULL);
          g_autoptr(GError) error = NULL;
          g_autoptr(PsemsRegime) regime = psems_regime_load_file (path, found, &error);
          PsemsRegime *target = NULL;
          gpointer first_dir;

          if (regime == NULL)
            {
              g_ptr_array_add (found, g_strdup (error->message));
              continue;
            }
          if (g_hash_table_lookup_extended (regime_dir, regime->id, NULL, &first_dir))
            {
              guint first = GPOINTER_TO_UINT (first_dir) - 1;

              if (!user && first != d)
                continue;   /* the same shipped regime, installed and in the source tree */
              for (guint i = 0; i < regimes->len && target == NULL; i++)
                if (g_str_equal (((PsemsRegime *) g_ptr_array_index (regimes, i))->id, regime->id))
                  target = g_ptr_array_index (regimes, i);
              if (!user)
                {
                  g_ptr_array_add (found, g_strdup_printf (_("%s:1: id: “%s” is already the id of %s; "
                                                             "this file was skipped"),
                                                           path, regime->id, target->path));
                  continue;
                }
            }

          for (guint i = 0; i < regime->rules->len; i++)
            {
              PsemsRegimeRule *rule = g_ptr_array_index (regime->rules, i);
              Origin *origin = g_hash_table_lookup (rules, rule->id);

              if (origin != NULL && user && origin->dir < n_shipped)
                {
                  /* The user's version of a shipped rule: same regime, same place. */
                  GPtrArray *list = origin->regime->rules;

                  for (guint k = 0; k < list->len; k++)
                    if (g_str_equal (((PsemsRegimeRule *) g_ptr_array_index (list, k))->id, rule->id))
                      {
                        PsemsRegimeRule *old = g_ptr_array_index (list, k);

                        g_free (rule->regime_id);
                        rule->regime_id = g_strdup (origin->regime->id);
                        g_ptr_array_index (list, k) = rule;
                        g_ptr_array_index (regime->rules, i) = NULL;
                        g_hash_table_insert (rules, rule->id, g_memdup2 (&(Origin) { origin->regime, d },
                                                                         sizeof (Origin)));
                        psems_regime_rule_free (old);
                        break;
                      }
                  continue;
                }
              if (origin != NULL)
                {
                  g_ptr_array_add (found,
                                   g_strdup_printf (_("%s:%u: rule “%s”: id: already the id of a rule in %s; "
                                                      "this rule was skipped"),
                                                    path, rule->line, rule->id, origin->regime->path));
                  continue;
                }
              if (target == NULL)
                {
                  target = g_new0 (PsemsRegime, 1);
                  target->id = g_strdup (regime->id);
                  target->title = g_strdup (regime->title);
                  target->path = g_strdup (regime->path);
                  target->rules = g_ptr_array_new_with_free_func ((GDestroyNotify) psems_regime_rule_free);
                  g_ptr_array_add (regimes, target);
                  g_hash_table_insert (regime_dir, target->id, GUINT_TO_POINTER (d + 1));
                }
              g_ptr_array_index (regime->rules, i) = NULL;
              g_ptr_array_add (target->rules, rule);
              g_hash_table_insert (rules, rule->id, g_memdup2 (&(Origin) { target, d }, sizeof (Origin)));
            }
        }
    }

  if (problems != NULL)
    *problems = g_steal_pointer (&found);
  else
    for (guint i = 0; i < found->len; i++)
      g_warning ("Regime file problem: %s", (const char *) g_ptr_array_index (found, i));
  return g_steal_pointer (&regimes);
}

/**
 * psems_regime_get_rule:
 *
 * Returns: (transfer none) (nullable): the rule of @regime with @id.
 */
const PsemsRegimeRule *
psems_regime_get_rule (const PsemsRegime *regime,
                       const char        *id)
{
  g_return_val_if_fail (regime != NULL, NULL);
  g_return_val_if_fail (id != NULL, NULL);

  for (guint i = 0; i < regime->rules->len; i++)
    {
      const PsemsRegimeRule *rule = g_ptr_array_index (regime->rules, i);

      if (g_str_equal (rule->id, id))
        return rule;
    }
  return NULL;
}

/**
 * psems_regime_find_rule:
 * @id: a rule id (isps-b18.5)
 *
 * Loads the regimes (psems_regime_load_all()) and looks the rule up; callers
 * that need many rules load once and use psems_regime_get_rule().
 *
 * Returns: (transfer full): the rule, or %NULL with %PSEMS_ERROR_NOT_FOUND
 * naming it, where regimes are read from and what was skipped.
 */
PsemsRegimeRule *
psems_regime_find_rule (const char  *id,
                        GError     **error)
{
  g_autoptr(GPtrArray) regimes = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GPtrArray) dirs = NULL;
  g_autoptr(GString) where = NULL;

  g_return_val_if_fail (id != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  regimes = psems_regime_load_all (&problems);
  for (guint i = 0; i < regimes->len; i++)
    {
      const PsemsRegimeRule *rule = psems_regime_get_rule (g_ptr_array_index (regimes, i), id);

      if (rule != NULL)
        return psems_regime_rule_copy (rule);
    }

  dirs = psems_data_dirs (REGIME_SUBDIR, NULL);
  where = g_string_new (NULL);
  for (guint i = 0; i < dirs->len; i++)
    g_string_append_printf (where, "%s%s", i > 0 ? ", " : "", (const char *) g_ptr_array_index (dirs, i));
  /* The rule asked for may be one that was skipped: say why. */
  for (guint i = 0; i < problems->len; i++)
    g_string_append_printf (where, "; %s", (const char *) g_ptr_array_index (problems, i));
  g_set_error (error, PSEMS_ERROR, PSEMS_ERROR_NOT_FOUND,
               _("There is no regime rule “%s” (rules are read from %s)"), id, where->str);
  return NULL;
}

/**
 * psems_regime_rule_explain:
 *
 * Returns: (transfer full): psems_clock_explain() with the rule's citation:
 * "Overdue since 3 April 2026 (within 3 months of the last one; ISPS Code B/18.5)".
 */
char *
psems_regime_rule_explain (const PsemsRegimeRule  *rule,
                           const PsemsClockStatus *status,
                           PsemsDay                as_of)
{
  g_return_val_if_fail (rule != NULL && status != NULL, NULL);

  return psems_clock_explain (&rule->clock, status, as_of, rule->citation);
}
