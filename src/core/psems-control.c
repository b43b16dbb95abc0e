/* psems-control.c — defence in depth: a facility's layers (rings, outside in) and the controls on them. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "psems-control.h"
#include "psems-error.h"
#include "psems-ref.h"
#include "psems-store-private.h"
#include "psems-transaction.h"

/*
 * Field names in problems and refusals, as the schema spells them:
 * facility_id, layer_id, name, domain, function, owner, status,
 * effectiveness, test_interval_days, last_tested_on, regulations,
 * plan_elements; for layers "layers" (the list as a whole) and name.
 *
 * "Degraded" is derived, never stored: a control in service (implemented,
 * partially effective or ineffective) whose scheduled test is overdue on
 * the day asked for (or which was never tested although an interval is
 * set), or against which a finding is open or in progress. Planned and
 * retired controls are never degraded. A control is effective when it is
 * implemented or partially effective and not degraded.
 */

static const char * const domain_ids[] = { "physical", "personnel", "cyber", "information", NULL };
static const char * const domain_labels[] = { N_("Physical"), N_("Personnel"), N_("Cyber"), N_("Information") };
static const char * const function_ids[] = { "deter", "detect", "delay", "respond", "recover", NULL };
static const char * const function_labels[] = { N_("Deter"), N_("Detect"), N_("Delay"), N_("Respond"), N_("Recover") };
static const char * const status_ids[] = {
  "planned", "implemented", "partially-effective", "ineffective", "retired", NULL
};
static const char * const status_labels[] = {
  N_("Planned"), N_("Implemented"), N_("Partially effective"), N_("Ineffective"), N_("Retired")
};
static const char * const default_layer_names[] = {
  N_("Perimeter"), N_("Access control"), N_("Restricted area"), N_("Critical asset"), NULL
};
static const char * const default_layer_descriptions[] = {
  N_("Fences, gates, waterside boundary and the approaches to them"),
  N_("Access points where people, vehicles and goods are checked"),
  N_("Areas open only to vetted persons with a need to be there"),
  N_("Control rooms, systems and equipment whose loss stops operations"),
};

G_STATIC_ASSERT (G_N_ELEMENTS (domain_ids) == G_N_ELEMENTS (domain_labels) + 1);
G_STATIC_ASSERT (G_N_ELEMENTS (function_ids) == G_N_ELEMENTS (function_labels) + 1);
G_STATIC_ASSERT (G_N_ELEMENTS (status_ids) == G_N_ELEMENTS (status_labels) + 1);
G_STATIC_ASSERT (G_N_ELEMENTS (default_layer_names) == G_N_ELEMENTS (default_layer_descriptions) + 1);

#define CONTROL_COLUMNS \
  "SELECT c.id, c.ref, c.facility_id, c.layer_id, c.name, c.description, c.domain, c.function, c.owner," \
  " c.status, c.effectiveness, c.test_interval_days, c.last_tested_on, l.position, l.name," \
  " coalesce(f.n, 0)" \
  " FROM control c JOIN layer l ON l.id = c.layer_id" \
  " LEFT JOIN (SELECT control_id, count(*) AS n FROM finding" \
  "            WHERE control_id IS NOT NULL AND deleted_at IS NULL AND status IN ('open', 'in-progress')" \
  "            GROUP BY control_id) f ON f.control_id = c.id"

/* Which controls a query is about: ?1 a facility (0: all), ?2 one control (0: all live ones). */
#define CONTROL_SCOPE \
  " (?1 = 0 OR c.facility_id = ?1) AND (?2 = 0 OR c.id = ?2) AND (?2 <> 0 OR c.deleted_at IS NULL)"

#define LAYER_COLUMNS \
  "SELECT l.id, l.facility_id, l.position, l.name, l.description," \
  " (SELECT count(*) FROM control c WHERE c.layer_id = l.id AND c.deleted_at IS NULL)" \
  " FROM layer l"

/* ───────────────────────────── enumerations ───────────────────────────── */

static const char *
label_of (const char * const *ids,
          const char * const *labels,
          const char         *id)
{
  if (id == NULL)
    return NULL;
  for (guint i = 0; ids[i] != NULL; i++)
    if (g_str_equal (ids[i], id))
      return _(labels[i]);
  return NULL;
}

/**
 * psems_control_domains:
 *
 * Returns: (transfer none): the domains the schema knows, %NULL-terminated.
 */
const char * const *
psems_control_domains (void)
{
  return domain_ids;
}

/* The translated label of a domain, or %NULL for one the schema does not know. */
const char *
psems_control_domain_label (const char *domain)
{
  return label_of (domain_ids, domain_labels, domain);
}

const char * const *
psems_control_functions (void)
{
  return function_ids;
}

const char *
psems_control_function_label (const char *function)
{
  return label_of (function_ids, function_labels, function);
}

const char * const *
psems_control_statuses (void)
{
  return status_ids;
}

const char *
psems_control_status_label (const char *status)
{
  return label_of (status_ids, status_labels, status);
}

/**
 * psems_layer_default_names:
 *
 * Returns: (transfer none): the translated names of the rings a new facility
 * gets, outside in, %NULL-terminated.
 */
const char * const *
psems_layer_default_names (void)
{
  static const char *names[G_N_ELEMENTS (default_layer_names)];
  static gsize initialized = 0;

  if (g_once_init_enter (&initialized))
    {
      for (guint i = 0; default_layer_names[i] != NULL; i++)
        names[i] = _(default_layer_names[i]);
      names[G_N_ELEMENTS (default_layer_names) - 1] = NULL;
      g_once_init_leave (&initialized, 1);
    }
  return names;
}

/* ───────────────────────────── values ───────────────────────────── */

PsemsLayer *
psems_layer_new (void)
{
  return g_new0 (PsemsLayer, 1);
}

void
psems_layer_free (PsemsLayer *layer)
{
  if (layer == NULL)
    return;
  g_free (layer->name);
  g_free (layer->description);
  g_free (layer);
}

PsemsControl *
psems_control_new (void)
{
  PsemsControl *control = g_new0 (PsemsControl, 1);

  control->status = g_strdup ("planned");
  return control;
}

void
psems_control_free (PsemsControl *control)
{
  if (control == NULL)
    return;
  g_free (control->ref);
  g_free (control->name);
  g_free (control->description);
  g_free (control->domain);
  g_free (control->function);
  g_free (control->owner);
  g_free (control->status);
  g_free (control->last_tested_on);
  g_strfreev (control->regulations);
  g_strfreev (control->plan_elements);
  g_free (control->layer_name);
  g_free (control->test_due_on);
  g_free (control);
}

PsemsControl *
psems_control_copy (const PsemsControl *control)
{
  PsemsControl *copy;

  g_return_val_if_fail (control != NULL, NULL);

  copy = g_new0 (PsemsControl, 1);
  *copy = *control;
  copy->ref = g_strdup (control->ref);
  copy->name = g_strdup (control->name);
  copy->description = g_strdup (control->description);
  copy->domain = g_strdup (control->domain);
  copy->function = g_strdup (control->function);
  copy->owner = g_strdup (control->owner);
  copy->status = g_strdup (control->status);
  copy->last_tested_on = g_strdup (control->last_tested_on);
  copy->regulations = g_strdupv (control->regulations);
  copy->plan_elements = g_strdupv (control->plan_elements);
  copy->layer_name = g_strdup (control->layer_name);
  copy->test_due_on = g_strdup (control->test_due_on);
  return copy;
}

/* ───────────────────────────── dates ───────────────────────────── */

static char *
format_date (const GDate *date)
{
  return g_strdup_printf ("%04d-%02d-%02d", g_date_get_year (date), g_date_get_month (date),
                          g_date_get_day (date));
}

/* ───────────────────────────── reading ───────────────────────────── */

static PsemsLayer *
layer_from_row (sqlite3_stmt *stmt)
{
  PsemsLayer *layer = psems_layer_new ();

  layer->id = sqlite3_column_int64 (stmt, 0);
  layer->facility_id = sqlite3_column_int64 (stmt, 1);
  layer->position = sqlite3_column_int (stmt, 2);
  layer->name = psems_sql_dup_column (stmt, 3);
  layer->description = psems_sql_dup_column (stmt, 4);
  layer->n_controls = sqlite3_column_int (stmt, 5);
  return layer;
}

static PsemsControl *
control_from_row (sqlite3_stmt *stmt)
{
  PsemsControl *c = g_new0 (PsemsControl, 1);

  c->id = sqlite3_column_int64 (stmt, 0);
  c->ref = psems_sql_dup_column (stmt, 1);
  c->facility_id = sqlite3_column_int64 (stmt, 2);
  c->layer_id = sqlite3_column_int64 (stmt, 3);
  c->name = psems_sql_dup_column (stmt, 4);
  c->description = psems_sql_dup_column (stmt, 5);
  c->domain = psems_sql_dup_column (stmt, 6);
  c->function = psems_sql_dup_column (stmt, 7);
  c->owner = psems_sql_dup_column (stmt, 8);
  c->status = psems_sql_dup_column (stmt, 9);
  c->effectiveness = sqlite3_column_int (stmt, 10);
  c->test_interval_days = sqlite3_column_int (stmt, 11);   /* NULL reads as 0: no schedule */
  c->last_tested_on = psems_sql_dup_column (stmt, 12);
  c->layer_position = sqlite3_column_int (stmt, 13);
  c->layer_name = psems_sql_dup_column (stmt, 14);
  c->open_findings = sqlite3_column_int (stmt, 15);
  return c;
}

static gboolean
status_in_service (const char *status)
{
  return g_strcmp0 (status, "implemented") == 0 || g_strcmp0 (status, "partially-effective") == 0 ||
         g_strcmp0 (status, "ineffective") == 0;
}

/* Fills the fields derived from the stored ones and @as_of (see the top of this file). */
static void
control_derive (PsemsControl *c,
                const GDate  *as_of)
{
  GDate tested;

  g_clear_pointer (&c->test_due_on, g_free);
  c->test_overdue = FALSE;
  if (c->test_interval_days > 0)
    {
      if (c->last_tested_on != NULL && psems_day_text_parse (c->last_tested_on, &tested))
        {
          g_date_add_days (&tested, (guint) c->test_interval_days);
          c->test_due_on = format_date (&tested);
          c->test_overdue = g_date_compare (&tested, as_of) < 0;
        }
      else
        c->test_overdue = TRUE;
    }

  c->degraded = status_in_service (c->status) && (c->test_overdue || c->open_findings > 0);
  c->effective = (g_strcmp0 (c->status, "implemented") == 0 ||
                  g_strcmp0 (c->status, "partially-effective") == 0) && !c->degraded;
}

/* Runs a two-column query (control id, text) in the scope ?1/?2 and hands each
 * control of @by_id its texts, in the query's order, as a GStrv. */
static gboolean
collect_texts (PsemsStore  *store,
               const char  *sql,
               gint64       facility_id,
               gint64       control_id,
               GHashTable  *by_id,
               gboolean     regulations,
               GError     **error)
{
  g_autoptr(PsemsCachedStmt) stmt = psems_store_prepare (store, sql, error);
  g_autoptr(GHashTable) texts = NULL;
  GHashTableIter iter;
  gpointer key, value;
  int rc;

  if (stmt == NULL)
    return FALSE;
  texts = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL, (GDestroyNotify) g_ptr_array_unref);
  sqlite3_bind_int64 (stmt, 1, facility_id);
  sqlite3_bind_int64 (stmt, 2, control_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      PsemsControl *c = g_hash_table_lookup (by_id, &id);
      GPtrArray *list;

      if (c == NULL)
        continue;
      list = g_hash_table_lookup (texts, &c->id);
      if (list == NULL)
        {
          list = g_ptr_array_new ();
          g_hash_table_insert (texts, &c->id, list);
        }
      g_ptr_array_add (list, psems_sql_dup_column (stmt, 1));
    }
  if (rc != SQLITE_DONE)
    {
      psems_store_set_sqlite_error (store, error, regulations ? "control_regulation" : "control_plan_element");
      return FALSE;
    }

  g_hash_table_iter_init (&iter, texts);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      PsemsControl *c = g_hash_table_lookup (by_id, key);
      GPtrArray *list = value;
      char ***field = regulations ? &c->regulations : &c->plan_elements;

      g_ptr_array_add (list, NULL);
      g_strfreev (*field);
      *field = (char **) g_ptr_array_steal (list, NULL);
    }
  return TRUE;
}

/* The controls in the scope (@facility_id 0: all; @control_id 0: all live ones),
 * with regulations, plan elements and derived fields, in three queries whatever
 * their number. */
static GPtrArray *
control_query (PsemsStore  *store,
               gint64       facility_id,
               gint64       control_id,
               const char  *as_of,
               GError     **error)
{
  g_autoptr(PsemsCachedStmt) stmt = NULL;
  g_autoptr(GPtrArray) controls = NULL;
  g_autoptr(GHashTable) by_id = NULL;
  GDate day;

  if (!psems_day_text_resolve (as_of, &day, error))
    return NULL;

  stmt = psems_store_prepare (store,
                              CONTROL_COLUMNS " WHERE" CONTROL_SCOPE
                              " ORDER BY l.position, c.name COLLATE NOCASE, c.id", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, facility_id);
  sqlite3_bind_int64 (stmt, 2, control_id);
  controls = psems_sql_collect_rows (store, stmt, (PsemsRowFunc) control_from_row,
                                     (GDestroyNotify) psems_control_free, "control", error);
  if (controls == NULL)
    return NULL;
  if (controls->len == 0)
    return g_steal_pointer (&controls);

  by_id = g_hash_table_new (g_int64_hash, g_int64_equal);
  for (guint i = 0; i < controls->len; i++)
    {
      PsemsControl *c = g_ptr_array_index (controls, i);
      g_hash_table_insert (by_id, &c->id, c);
    }

  if (!collect_texts (store,
                      "SELECT cr.control_id, r.code FROM control_regulation cr"
                      " JOIN regulation_ref r ON r.id = cr.regulation_id"
                      " JOIN control c ON c.id = cr.control_id"
                      " WHERE" CONTROL_SCOPE
                      " ORDER BY cr.control_id, r.code", facility_id, control_id, by_id, TRUE, error))
    return NULL;
  /* A control may be linked to the same element in several plan versions. */
  if (!collect_texts (store,
                      "SELECT cpe.control_id, e.element_key FROM control_plan_element cpe"
                      " JOIN plan_element e ON e.id = cpe.plan_element_id"
                      " JOIN control c ON c.id = cpe.control_id"
                      " WHERE" CONTROL_SCOPE
                      " GROUP BY cpe.control_id, e.element_key"
                      " ORDER BY cpe.control_id, min(e.position), e.element_key",
                      facility_id, control_id, by_id, FALSE, error))
    return NULL;

  for (guint i = 0; i < controls->len; i++)
    control_derive (g_ptr_array_index (controls, i), &day);
  return g_steal_pointer (&controls);
}

/**
 * psems_control_get:
 * @as_of: (nullable): the day "degraded" is judged on; %NULL: today
 *
 * Returns: (transfer full): the control (deleted or not), or %NULL with
 * %PSEMS_ERROR_NOT_FOUND.
 */
PsemsControl *
psems_control_get (PsemsStore  *store,
                   gint64       id,
                   const char  *as_of,
                   GError     **error)
{
  g_autoptr(GPtrArray) controls = NULL;

  g_return_val_if_fail (PSEMS_IS_STORE (store), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (id <= 0)
    {
      g_set_error (error, PSEMS_ERROR, PSEMS_ERROR_NOT_FOUND, _("There is no control with id %lld"),
                   (long long) id);
      return NULL;
    }
  controls = control_query (store, 0, id, as_of, error);
  if (controls == NULL)
    return NULL;
  if (controls->len == 0)
    {
      g_set_error (error, PSEMS_ERROR, PSEMS_ERROR_NOT_FOUND, _("There is no control with id %lld"),
                   (long long) id);
      return NULL;
    }
  return g_ptr_array_steal_index (controls, 0);
}

/**
 * psems_control_list:
 * @facility_id: a facility, or 0 for every facility
 * @as_of: (nullable): the day "degraded" is judged on; %NULL: today
 *
 * Returns: (transfer full) (element-type PsemsControl): the live controls by
 * layer position, then name; derived fields filled with a fixed number of
 * queries.
 */
GPtrArray *
psems_control_list (PsemsStore  *store,
                    gint64       facility_id,
                    const char  *as_of,
                    GError     **error)
{
  g_return_val_if_fail (PSEMS_IS_STORE (store), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return control_query (store, facility_id, 0, as_of, error);
}

/**
 * psems_control_resolve:
 * @text: a control reference (CTL-2026-0001), in any letter case, or an id
 *
 * Returns: the control's id, or 0 with @error set naming @text.
 */
gint64
psems_control_resolve (PsemsStore  *store,
                       const char  *text,
                       GError     **error)
{
  g_autofree char *trimmed = NULL;
  g_autoptr(PsemsCachedStmt) stmt = NULL;
  gint64 id;

  g_return_val_if_fail (PSEMS_IS_STORE (store), 0);
  g_return_val_if_fail (error == NULL || *error == NULL, 0);

  trimmed = psems_sql_dup_field (text);
  if (trimmed == NULL)
    {
      g_set_error (error, PSEMS_ERROR, PSEMS_ERROR_INVALID,
                   _("No control given: name one by its reference (CTL-YYYY-NNNN)"));
      return 0;
    }
  if (!psems_sql_parse_id (trimmed, &id))
    return psems_ref_resolve (store, "control", trimmed, error);

  stmt = psems_store_prepare (store, "SELECT id FROM control WHERE id = ?1", error);
  if (stmt == NULL)
    return 0;
  sqlite3_bind_int64 (stmt, 1, id);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      g_set_error (error, PSEMS_ERROR, PSEMS_ERROR_NOT_FOUND, _("There is no control with id %lld"),
                   (long long) id);
      return 0;
    }
  return id;
}

/**
 * psems_layer_list:
 *
 * Returns: (transfer full) (element-type PsemsLayer): the facility's layers,
 * outside in, each with the number of its live controls.
 */
GPtrArray *
psems_layer_list (PsemsStore  *store,
                  gint64       facility_id,
                  GError     **error)
{
  g_autoptr(PsemsCachedStmt) stmt = NULL;

  g_return_val_if_fail (PSEMS_IS_STORE (store), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  stmt = psems_store_prepare (store,
                              LAYER_COLUMNS " WHERE l.facility_id = ?1 AND l.deleted_at IS NULL"
                              " ORDER BY l.position, l.id", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, facility_id);
  return psems_sql_collect_rows (store, stmt, (PsemsRowFunc) layer_from_row,
                                 (GDestroyNotify) psems_layer_free, "layer", error);
}

/**
 * psems_layer_resolve:
 * @text: a position ("1", the outermost), a layer id, or a name in any
 *   letter case; a number is read as a position first
 *
 * Returns: the id of the facility's live layer, or 0 with @error set.
 */
gint64
psems_layer_resolve (PsemsStore  *store,
                     gint64       facility_id,
                     const char  *text,
                     GError     **error)
{
  g_autofree char *trimmed = NULL;
  g_autoptr(PsemsCachedStmt) stmt = NULL;
  gint64 number = 0;
  int rc;

  g_return_val_if_fail (PSEMS_IS_STORE (store), 0);
  g_return_val_if_fail (error == NULL || *error == NULL, 0);

  trimmed = psems_sql_dup_field (text);
  if (trimmed == NULL)
    {
      g_set_error (error, PSEMS_ERROR, PSEMS_ERROR_INVALID,
                   _("No layer given: name one by its position, counted from the outside, or its name"));
      return 0;
    }

  stmt = psems_store_prepare (store,
                              "SELECT id FROM layer WHERE facility_id = ?1 AND deleted_at IS NULL"
                              " AND (position = ?2 OR id = ?2 OR name = ?3 COLLATE NOCASE)"
                              " ORDER BY position = ?2 DESC, id = ?2 DESC LIMIT 1", error);
  if (stmt == NULL)
    return 0;
  sqlite3_bind_int64 (stmt, 1, facility_id);
  if (psems_sql_parse_id (trimmed, &number))
    sqlite3_bind_int64 (stmt, 2, number);
  sqlite3_bind_text (stmt, 3, trimmed, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return sqlite3_column_int64 (stmt, 0);
  if (rc != SQLITE_DONE)
    {
      psems_store_set_sqlite_error (store, error, "layer");
      return 0;
    }
  g_set_error (error, PSEMS_ERROR, PSEMS_ERROR_NOT_FOUND,
               _("The facility has no layer “%s” (give its position, counted from the outside, or its name)"),
               trimmed);
  return 0;
}

/* ───────────────────────────── validation ───────────────────────────── */

#define TEST_INTERVAL_MAX 3660   /* ten years: anything longer is not a test schedule */

/* @texts trimmed, empty ones dropped, duplicates (in any letter case) dropped; NULL when none is left. */
static GStrv
normalize_texts (const char * const *texts)
{
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; texts != NULL && texts[i] != NULL; i++)
    {
      g_autofree char *text = psems_sql_dup_field (texts[i]);
      gboolean seen = FALSE;

      if (text == NULL)
        continue;
      for (guint k = 0; k < out->len && !seen; k++)
        seen = g_ascii_strcasecmp (g_ptr_array_index (out, k), text) == 0;
      if (!seen)
        g_ptr_array_add (out, g_steal_pointer (&text));
    }
  if (out->len == 0)
    return NULL;
  g_ptr_array_add (out, NULL);
  return (GStrv) g_ptr_array_free (g_steal_pointer (&out), FALSE);
}

/* The form's values as they are stored: trimmed, empty as NULL. */
static PsemsControl *
control_normalize (const PsemsControl *in)
{
  PsemsControl *c = g_new0 (PsemsControl, 1);

  c->id = in->id;
  c->ref = g_strdup (in->ref);
  c->facility_id = in->facility_id;
  c->layer_id = in->layer_id;
  c->name = psems_sql_dup_field (in->name);
  c->description = psems_sql_dup_field (in->description);
  c->domain = psems_sql_dup_field (in->domain);
  c->function = psems_sql_dup_field (in->function);
  c->owner = psems_sql_dup_field (in->owner);
  c->status = psems_sql_dup_field (in->status);
  c->effectiveness = in->effectiveness;
  c->test_interval_days = in->test_interval_days;
  c->last_tested_on = psems_sql_dup_field (in->last_tested_on);
  c->regulations = normalize_texts ((const char * const *) in->regulations);
  c->plan_elements = normalize_texts ((const char * const *) in->plan_elements);
  return c;
}

/* The facility's newest live plan version: its id (0: none) and a name for messages. */
static gint64
find_current_plan (PsemsStore  *store,
                   gint64       facility_id,
                   char       **name)
{
  g_autoptr(PsemsCachedStmt) stmt =
    psems_store_prepare (store,
                         "SELECT id, ref, version FROM plan WHERE facility_id = ?1 AND deleted_at IS NULL"
                         " ORDER BY version DESC LIMIT 1", NULL);

  if (stmt == NULL)
    return 0;
  sqlite3_bind_int64 (stmt, 1, facility_id);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return 0;
  if (name != NULL)
    *name = g_strdup_printf (_("%s (version %d)"), (const char *) sqlite3_column_text (stmt, 1),
                             sqlite3_column_int (stmt, 2));
  return sqlite3_column_int64 (stmt, 0);
}

/* The live element of @plan_id with @key, 0 for none. */
static gint64
find_plan_element (PsemsStore *store,
                   gint64      plan_id,
                   const char *key)
{
  g_autoptr(PsemsCachedStmt) stmt =
    psems_store_prepare (store,
                         "SELECT id FROM plan_element WHERE plan_id = ?1 AND element_key = ?2 AND deleted_at IS NULL",
                         NULL);

  if (stmt == NULL)
    return 0;
  sqlite3_bind_int64 (stmt, 1, plan_id);
  sqlite3_bind_text (stmt, 2, key, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return 0;
  return sqlite3_column_int64 (stmt, 0);
}

/* "a, b, c": the names an enumeration is stored under, for messages. */
static char *
join_ids (const char * const *ids)
{
  return g_strjoinv (", ", (char **) ids);
}

static void
validate_normalized (PsemsStore         *store,
                     const PsemsControl *c,
                     GPtrArray          *problems)
{
  gboolean facility_ok = psems_facility_check_owner (store, c->facility_id, NULL, problems);

  if (c->id != 0)
    {
      g_autoptr(PsemsCachedStmt) stmt =
        psems_store_prepare (store, "SELECT facility_id, deleted_at, ref FROM control WHERE id = ?1", NULL);

      if (stmt != NULL)
        {
          sqlite3_bind_int64 (stmt, 1, c->id);
          if (sqlite3_step (stmt) != SQLITE_ROW)
            psems_field_problems_add (problems, "id", _("There is no control with id %lld"), (long long) c->id);
          else if (sqlite3_column_type (stmt, 1) != SQLITE_NULL)
            psems_field_problems_add (problems, "id", _("%s was deleted"),
                                      (const char *) sqlite3_column_text (stmt, 2));
          else if (sqlite3_column_int64 (stmt, 0) != c->facility_id)
            psems_field_problems_add (problems, "facility_id",
                                      _("A control cannot move to another facility; create it there"));
        }
    }

  if (c->layer_id <= 0)
    psems_field_problems_add (problems, "layer_id", _("A layer is required"));
  else
    {
      g_autoptr(PsemsCachedStmt) stmt =
        psems_store_prepare (store, "SELECT facility_id, name, deleted_at FROM layer WHERE id = ?1", NULL);

      if (stmt != NULL)
        {
          sqlite3_bind_int64 (stmt, 1, c->layer_id);
          if (sqlite3_step (stmt) != SQLITE_ROW)
            psems_field_problems_add (problems, "layer_id", _("There is no layer with id %lld"),
                                      (long long) c->layer_id);
          else if (sqlite3_column_type (stmt, 2) != SQLITE_NULL)
            psems_field_problems_add (problems, "layer_id", _("The layer “%s” was deleted"),
                                      (const char *) sqlite3_column_text (stmt, 1));
          else if (facility_ok && sqlite3_column_int64 (stmt, 0) != c->facility_id)
            psems_field_problems_add (problems, "layer_id", _("The layer “%s” belongs to another facility"),
                                      (const char *) sqlite3_column_text (stmt, 1));
        }
    }

  if (c->name == NULL)
    psems_field_problems_add (problems, "name", _("A name is required"));

  if (c->domain == NULL)
    psems_field_problems_add (problems, "domain", _("A domain is required"));
  else if (!g_strv_contains (domain_ids, c->domain))
    {
      g_autofree char *list = join_ids (domain_ids);
      psems_field_problems_add (problems, "domain", _("“%s” is not a domain (one of %s)"), c->domain, list);
    }
  if (c->function == NULL)
    psems_field_problems_add (problems, "function", _("A function is required"));
  else if (!g_strv_contains (function_ids, c->function))
    {
      g_autofree char *list = join_ids (function_ids);
      psems_field_problems_add (problems, "function", _("“%s” is not a function (one of %s)"), c->function, list);
    }
  if (c->status == NULL)
    psems_field_problems_add (problems, "status", _("A status is required"));
  else if (!g_strv_contains (status_ids, c->status))
    {
      g_autofree char *list = join_ids (status_ids);
      psems_field_problems_add (problems, "status", _("“%s” is not a control status (one of %s)"), c->status,
                                list);
    }

  if (c->effectiveness < 0 || c->effectiveness > 100)
    psems_field_problems_add (problems, "effectiveness",
                              _("%d %% is not an effectiveness: give 0 to 100 %%"), c->effectiveness);

  if (c->test_interval_days < 0 || c->test_interval_days > TEST_INTERVAL_MAX)
    psems_field_problems_add (problems, "test_interval_days",
                              _("%d is not a test interval: give 1 to %d days, or 0 for none"),
                              c->test_interval_days, TEST_INTERVAL_MAX);

  if (c->last_tested_on != NULL)
    psems_day_text_check_past (problems, "last_tested_on", c->last_tested_on);

  if (c->plan_elements != NULL && facility_ok)
    {
      g_autofree char *plan_name = NULL;
      gint64 plan_id = find_current_plan (store, c->facility_id, &plan_name);

      if (plan_id == 0)
        psems_field_problems_add (problems, "plan_elements",
                                  _("The facility has no security plan whose elements the control could implement"));
      else
        for (guint i = 0; c->plan_elements[i] != NULL; i++)
          if (find_plan_element (store, plan_id, c->plan_elements[i]) == 0)
            psems_field_problems_add (problems, "plan_elements", _("“%s” is not an element of the plan %s"),
                                      c->plan_elements[i], plan_name);
    }
}

/**
 * psems_control_validate:
 * @control: the values of a form; @control->id 0 for a new control
 *
 * Every problem with @control's values, for showing each next to its field:
 * the facility, the layer (live, of the same facility), required fields,
 * the domain, function and status, effectiveness 0–100, the test interval,
 * a last test date that is a date and not in the future, and plan element
 * keys that the facility's newest plan version has. Regulation codes are
 * never a problem: unknown ones are added to the catalogue.
 *
 * Returns: (transfer full) (element-type PsemsFieldProblem): the problems.
 */
GPtrArray *
psems_control_validate (PsemsStore         *store,
                        const PsemsControl *control)
{
  g_autoptr(PsemsControl) c = NULL;
  GPtrArray *problems;

  g_return_val_if_fail (PSEMS_IS_STORE (store), NULL);
  g_return_val_if_fail (control != NULL, NULL);

  c = control_normalize (control);
  problems = psems_field_problems_new ();
  validate_normalized (store, c, problems);
  return problems;
}

/* ───────────────────────────── writing controls ───────────────────────────── */

/* The regime of a regulation code, guessed from how it starts. */
static const char *
guess_regime (const char *code)
{
  static const struct { const char *prefix; const char *regime; } regimes[] = {
    { "ISPS", "isps" }, { "33 CFR", "33cfr" }, { "MSC", "imo-cyber" }, { "IMO", "imo-cyber" }, { "NIS2", "nis2" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (regimes); i++)
    if (g_ascii_strncasecmp (code, regimes[i].prefix, strlen (regimes[i].prefix)) == 0)
      return regimes[i].regime;
  return "other";
}

/* The id of the regulation @code (in any letter case), added to the catalogue when new. */
static gint64
ensure_regulation (PsemsTransaction  *txn,
                   const char        *code,
                   GError           **error)
{
  PsemsStore *store = psems_transaction_get_store (txn);
  g_autoptr(PsemsCachedStmt) find = NULL;
  g_autoptr(PsemsCachedStmt) insert = NULL;
  gint64 id;

  find = psems_store_prepare (store, "SELECT id FROM regulation_ref WHERE code = ?1 COLLATE NOCASE"
                              " ORDER BY code = ?1 DESC LIMIT 1", error);
  if (find == NULL)
    return 0;
  sqlite3_bind_text (find, 1, code, -1, SQLITE_STATIC);
  if (sqlite3_step (find) == SQLITE_ROW)
    return sqlite3_column_int64 (find, 0);

  insert = psems_store_prepare (store, "INSERT INTO regulation_ref (code, regime) VALUES (?1, ?2)", error);
  if (insert == NULL)
    return 0;
  sqlite3_bind_text (insert, 1, code, -1, SQLITE_STATIC);
  sqlite3_bind_text (insert, 2, guess_regime (code), -1, SQLITE_STATIC);
  if (!psems_sql_step_done (store, insert, code, error))
    return 0;
  id = sqlite3_last_insert_rowid (psems_store_get_db (store));
  if (!psems_transaction_record_row (txn, "create", "regulation", id, NULL, error))
    return 0;
  return id;
}

/* Whether two lists hold the same texts, in any order. */
static gboolean
same_texts (const char * const *a,
            const char * const *b)
{
  guint n_a = a != NULL ? g_strv_length ((char **) a) : 0;
  guint n_b = b != NULL ? g_strv_length ((char **) b) : 0;

  if (n_a != n_b)
    return FALSE;
  for (guint i = 0; i < n_a; i++)
    if (!g_strv_contains (b, a[i]))
      return FALSE;
  return TRUE;
}

static gboolean
write_regulations (PsemsTransaction  *txn,
                   gint64             control_id,
                   const char * const *codes,
                   GError           **error)
{
  PsemsStore *store = psems_transaction_get_store (txn);
  g_autoptr(PsemsCachedStmt) clear = NULL;

  clear = psems_store_prepare (store, "DELETE FROM control_regulation WHERE control_id = ?1", error);
  if (clear == NULL)
    return FALSE;
  sqlite3_bind_int64 (clear, 1, control_id);
  if (!psems_sql_step_done (store, clear, "control_regulation", error))
    return FALSE;

  for (guint i = 0; codes != NULL && codes[i] != NULL; i++)
    {
      g_autoptr(PsemsCachedStmt) insert = NULL;
      gint64 regulation_id = ensure_regulation (txn, codes[i], error);

      if (regulation_id == 0)
        return FALSE;
      insert = psems_store_prepare (store,
                                    "INSERT OR IGNORE INTO control_regulation (control_id, regulation_id)"
                                    " VALUES (?1, ?2)", error);
      if (insert == NULL)
        return FALSE;
      sqlite3_bind_int64 (insert, 1, control_id);
      sqlite3_bind_int64 (insert, 2, regulation_id);
      if (!psems_sql_step_done (store, insert, "control_regulation", error))
        return FALSE;
    }
  return TRUE;
}

/* Links the control to the elements with @keys in the facility's newest plan version
 * (validation has made sure they exist). */
static gboolean
write_plan_elements (PsemsTransaction  *txn,
                     gint64             control_id,
                     gint64             facility_id,
                     const char * const *keys,
                     GError           **error)
{
  PsemsStore *store = psems_transaction_get_store (txn);
  g_autoptr(PsemsCachedStmt) clear = NULL;
  gint64 plan_id;

  clear = psems_store_prepare (store, "DELETE FROM control_plan_element WHERE control_id = ?1", error);
  if (clear == NULL)
    return FALSE;
  sqlite3_bind_int64 (clear, 1, control_id);
  if (!psems_sql_step_done (store, clear, "control_plan_element", error))
    return FALSE;
  if (keys == NULL)
    return TRUE;

  plan_id = find_current_plan (store, facility_id, NULL);
  for (guint i = 0; keys[i] != NULL; i++)
    {
      g_autoptr(PsemsCachedStmt) insert = NULL;
      gint64 element_id = find_plan_element (store, plan_id, keys[i]);

      if (element_id == 0)
        {
          g_set_error (error, PSEMS_ERROR, PSEMS_ERROR_INVALID, _("plan_elements: “%s” is not in the plan"),
                       keys[i]);
          return FALSE;
        }
      insert = psems_store_prepare (store,
                                    "INSERT INTO control_plan_element (control_id, plan_element_id) VALUES (?1, ?2)",
                                    error);
      if (insert == NULL)
        return FALSE;
      sqlite3_bind_int64 (insert, 1, control_id);
      sqlite3_bind_int64 (insert, 2, element_id);
      if (!psems_sql_step_done (store, insert, "control_plan_element", error))
        return FALSE;
    }
  return TRUE;
}

static void
append_json_list (GString    *out,
                  const char *key,
                  GStrv       texts)
{
  g_string_append_printf (out, ",\"%s\":[", key);
  for (guint i = 0; texts != NULL && texts[i] != NULL; i++)
    {
      if (i > 0)
        g_string_append_c (out, ',');
      psems_sql_append_json_string (out, texts[i]);
    }
  g_string_append_c (out, ']');
}

/* The audit image of a control: its row, and the regulation codes and plan
 * element keys it is linked to (rows of tables without ids of their own). */
static char *
control_image (PsemsTransaction  *txn,
               gint64             id,
               GError           **error)
{
  PsemsStore *store = psems_transaction_get_store (txn);
  GError *local_error = NULL;
  g_autofree char *row = psems_transaction_image (txn, "control", id, &local_error);
  g_autoptr(GPtrArray) controls = NULL;
  PsemsControl *c;
  GString *out;

  if (row == NULL)
    {
      if (local_error != NULL)
        g_propagate_error (error, local_error);
      return NULL;
    }
  controls = control_query (store, 0, id, NULL, error);
  if (controls == NULL)
    return NULL;
  if (controls->len == 0)
    {
      g_set_error (error, PSEMS_ERROR, PSEMS_ERROR_NOT_FOUND, _("There is no control with id %lld"),
                   (long long) id);
      return NULL;
    }
  c = g_ptr_array_index (controls, 0);

  out = g_string_new_len (row, (gssize) strlen (row) - 1);   /* without the closing brace */
  append_json_list (out, "plan_elements", c->plan_elements);
  append_json_list (out, "regulations", c->regulations);
  g_string_append_c (out, '}');
  return g_string_free (out, FALSE);
}

static gboolean
record_control (PsemsTransaction  *txn,
                const char        *action,
                gint64             id,
                const char        *before,
                GError           **error)
{
  g_autofree char *after = control_image (txn, id, error);
  g_autofree char *ref = NULL;
  g_autoptr(PsemsCachedStmt) stmt = NULL;

  if (after == NULL)
    return FALSE;
  stmt = psems_store_prepare (psems_transaction_get_store (txn), "SELECT ref FROM control WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    ref = psems_sql_dup_column (stmt, 0);
  return psems_transaction_record (txn, action, "control", id, ref, before, after, error);
}

static void
bind_control_values (sqlite3_stmt       *stmt,
                     const PsemsControl *c)
{
  sqlite3_bind_int64 (stmt, 1, c->layer_id);
  psems_sql_bind_text (stmt, 2, c->name);
  psems_sql_bind_text (stmt, 3, c->description);
  psems_sql_bind_text (stmt, 4, c->domain);
  psems_sql_bind_text (stmt, 5, c->function);
  psems_sql_bind_text (stmt, 6, c->owner);
  psems_sql_bind_text (stmt, 7, c->status);
  sqlite3_bind_int (stmt, 8, c->effectiveness);
  if (c->test_interval_days > 0)
    sqlite3_bind_int (stmt, 9, c->test_interval_days);
  else
    sqlite3_bind_null (stmt, 9);
  psems_sql_bind_text (stmt, 10, c->last_tested_on);
}

/**
 * psems_control_create:
 * @control: the new control's values (@id and @ref are ignored)
 * @ref: (out) (optional): its reference
 *
 * Creates a control after psems_control_validate(); any problem refuses the
 * whole write ("<name>: <field>: <message>", %PSEMS_ERROR_INVALID) and
 * nothing is written. Regulation codes not yet known are added to the
 * catalogue, their regime guessed from the code; plan element keys are
 * linked to those elements of the facility's newest plan version.
 *
 * Returns: the new control's id, or 0 with @error set.
 */
gint64
psems_control_create (PsemsStore         *store,
                      PsemsActor         *actor,
                      const PsemsControl *control,
                      char              **ref,
                      GError            **error)
{
  g_autoptr(PsemsTransaction) txn = NULL;
  g_autoptr(PsemsControl) c = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(PsemsCachedStmt) stmt = NULL;
  g_autofree char *new_ref = NULL;
  g_autofree char *now = NULL;
  int year;
  gint64 id;

  g_return_val_if_fail (PSEMS_IS_STORE (store), 0);
  g_return_val_if_fail (control != NULL, 0);
  g_return_val_if_fail (error == NULL || *error == NULL, 0);

  c = control_normalize (control);
  c->id = 0;

  txn = psems_transaction_begin (store, actor, PSEMS_OP_CREATE, "control", c->facility_id, error);
  if (txn == NULL)
    return 0;

  problems = psems_field_problems_new ();
  validate_normalized (store, c, problems);
  if (!psems_field_problems_to_error (problems, c->name != NULL ? c->name : _("New control"), error))
    return 0;

  now = psems_sql_now_stamp (&year);
  new_ref = psems_ref_allocate (txn, "CTL", year, error);
  if (new_ref == NULL)
    return 0;

  stmt = psems_store_prepare (store,
                              "INSERT INTO control (layer_id, name, description, domain, function, owner, status,"
                              " effectiveness, test_interval_days, last_tested_on, ref, facility_id,"
                              " created_at, updated_at)"
                              " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?13)", error);
  if (stmt == NULL)
    return 0;
  bind_control_values (stmt, c);
  psems_sql_bind_text (stmt, 11, new_ref);
  sqlite3_bind_int64 (stmt, 12, c->facility_id);
  psems_sql_bind_text (stmt, 13, now);
  if (!psems_sql_step_done (store, stmt, new_ref, error))
    return 0;
  id = sqlite3_last_insert_rowid (psems_store_get_db (store));

  if (!write_regulations (txn, id, (const char * const *) c->regulations, error) ||
      !write_plan_elements (txn, id, c->facility_id, (const char * const *) c->plan_elements, error) ||
      !record_control (txn, "create", id, NULL, error))
    return 0;

  if (!psems_transaction_commit (g_steal_pointer (&txn), error))
    return 0;
  if (ref != NULL)
    *ref = g_steal_pointer (&new_ref);
  return id;
}

/**
 * psems_control_update:
 * @control: the control's new values; @id names it
 *
 * Writes a live control's values after psems_control_validate(); any problem
 * refuses the write ("<ref>: <field>: <message>") and nothing is written.
 * Values equal to the stored ones write nothing; links are rewritten only
 * when their lists changed.
 */
gboolean
psems_control_update (PsemsStore         *store,
                      PsemsActor         *actor,
                      const PsemsControl *control,
                      GError            **error)
{
  g_autoptr(PsemsTransaction) txn = NULL;
  g_autoptr(PsemsControl) c = NULL;
  g_autoptr(PsemsControl) current = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(PsemsCachedStmt) stmt = NULL;
  g_autofree char *before = NULL;
  g_autofree char *now = NULL;
  gboolean same_row, same_regulations, same_elements;

  g_return_val_if_fail (PSEMS_IS_STORE (store), FALSE);
  g_return_val_if_fail (control != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  current = psems_control_get (store, control->id, NULL, error);
  if (current == NULL)
    return FALSE;
  c = control_normalize (control);

  txn = psems_transaction_begin (store, actor, PSEMS_OP_UPDATE, "control", current->facility_id, error);
  if (txn == NULL)
    return FALSE;

  problems = psems_field_problems_new ();
  validate_normalized (store, c, problems);
  if (!psems_field_problems_to_error (problems, current->ref, error))
    return FALSE;

  same_row = c->layer_id == current->layer_id &&
             g_strcmp0 (c->name, current->name) == 0 &&
             g_strcmp0 (c->description, current->description) == 0 &&
             g_strcmp0 (c->domain, current->domain) == 0 &&
             g_strcmp0 (c->function, current->function) == 0 &&
             g_strcmp0 (c->owner, current->owner) == 0 &&
             g_strcmp0 (c->status, current->status) == 0 &&
             c->effectiveness == current->effectiveness &&
             c->test_interval_days == current->test_interval_days &&
             g_strcmp0 (c->last_tested_on, current->last_tested_on) == 0;
  same_regulations = same_texts ((const char * const *) c->regulations,
                                 (const char * const *) current->regulations);
  same_elements = same_texts ((const char * const *) c->plan_elements,
                              (const char * const *) current->plan_elements);
  if (same_row && same_regulations && same_elements)
    return TRUE;

  before = control_image (txn, c->id, error);
  if (before == NULL)
    return FALSE;

  now = psems_sql_now_stamp (NULL);
  stmt = psems_store_prepare (store,
                              "UPDATE control SET layer_id = ?1, name = ?2, description = ?3, domain = ?4,"
                              " function = ?5, owner = ?6, status = ?7, effectiveness = ?8,"
                              " test_interval_days = ?9, last_tested_on = ?10, updated_at = ?11 WHERE id = ?12",
                              error);
  if (stmt == NULL)
    return FALSE;
  bind_control_values (stmt, c);
  psems_sql_bind_text (stmt, 11, now);
  sqlite3_bind_int64 (stmt, 12, c->id);
  if (!psems_sql_step_done (store, stmt, current->ref, error))
    return FALSE;

  if (!same_regulations && !write_regulations (txn, c->id, (const char * const *) c->regulations, error))
    return FALSE;
  if (!same_elements &&
      !write_plan_elements (txn, c->id, c->facility_id, (const char * const *) c->plan_elements, error))
    return FALSE;
  if (!record_control (txn, "update", c->id, before, error))
    return FALSE;
  return psems_transaction_commit (g_steal_pointer (&txn), error);
}

/**
 * psems_control_record_test:
 * @tested_on: (nullable): the day of the test, "YYYY-MM-DD"; %NULL: today
 *
 * Records that a live control was tested. A date that is not a date, is in
 * the future or is before the last recorded test is refused
 * ("<ref>: last_tested_on: <message>").
 */
gboolean
psems_control_record_test (PsemsStore  *store,
                           PsemsActor  *actor,
                           gint64       id,
                           const char  *tested_on,
                           GError     **error)
{
  g_autoptr(PsemsTransaction) txn = NULL;
  g_autoptr(PsemsControl) current = NULL;
  g_autoptr(PsemsCachedStmt) stmt = NULL;
  g_autofree char *day = NULL;
  g_autofree char *before = NULL;
  g_autofree char *now = NULL;
  GDate tested, today;

  g_return_val_if_fail (PSEMS_IS_STORE (store), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  current = psems_control_get (store, id, NULL, error);
  if (current == NULL)
    return FALSE;
  day = tested_on != NULL ? psems_sql_dup_field (tested_on) : psems_day_text_today ();

  txn = psems_transaction_begin (store, actor, PSEMS_OP_UPDATE, "control", current->facility_id, error);
  if (txn == NULL)
    return FALSE;

  if (day == NULL || !psems_day_text_parse (day, &tested))
    {
      g_set_error (error, PSEMS_ERROR, PSEMS_ERROR_INVALID, _("%s: last_tested_on: “%s” is not a date (YYYY-MM-DD)"),
                   current->ref, day != NULL ? day : "");
      return FALSE;
    }
  psems_day_text_resolve (NULL, &today, NULL);
  if (g_date_compare (&tested, &today) > 0)
    {
      g_set_error (error, PSEMS_ERROR, PSEMS_ERROR_INVALID, _("%s: last_tested_on: %s is in the future"),
                   current->ref, day);
      return FALSE;
    }
  if (current->last_tested_on != NULL && g_strcmp0 (day, current->last_tested_on) < 0)
    {
      g_set_error (error, PSEMS_ERROR, PSEMS_ERROR_INVALID,
                   _("%s: last_tested_on: %s is before the last recorded test on %s"),
                   current->ref, day, current->last_tested_on);
      return FALSE;
    }
  if (g_strcmp0 (day, current->last_tested_on) == 0)
    return TRUE;

  before = control_image (txn, id, error);
  if (before == NULL)
    return FALSE;
  now = psems_sql_now_stamp (NULL);
  stmt = psems_store_prepare (store, "UPDATE control SET last_tested_on = ?1, updated_at = ?2 WHERE id = ?3", error);
  if (stmt == NULL)
    return FALSE;
  psems_sql_bind_text (stmt, 1, day);
  psems_sql_bind_text (stmt, 2, now);
  sqlite3_bind_int64 (stmt, 3, id);
  if (!psems_sql_step_done (store, stmt, current->ref, error) ||
      !record_control (txn, "record-test", id, before, error))
    return FALSE;
  return psems_transaction_commit (g_steal_pointer (&txn), error);
}

/* ───────────────────────────── writing layers ───────────────────────────── */

static gboolean
insert_layer (PsemsTransaction  *txn,
              gint64             facility_id,
              int                position,
              const char        *name,
              const char        *description,
              GError           **error)
{
  PsemsStore *store = psems_transaction_get_store (txn);
  g_autoptr(PsemsCachedStmt) stmt = NULL;
  gint64 id;

  stmt = psems_store_prepare (store,
                              "INSERT INTO layer (facility_id, position, name, description) VALUES (?1, ?2, ?3, ?4)",
                              error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, facility_id);
  sqlite3_bind_int (stmt, 2, position);
  psems_sql_bind_text (stmt, 3, name);
  psems_sql_bind_text (stmt, 4, description);
  if (!psems_sql_step_done (store, stmt, name, error))
    return FALSE;
  id = sqlite3_last_insert_rowid (psems_store_get_db (store));
  return psems_transaction_record_row (txn, "create", "layer", id, NULL, error);
}

/**
 * psems_layers_add_default:
 * @txn: a write under way (a new facility's, typically)
 *
 * Gives @facility_id the default layers inside @txn, when it has no live
 * layer; does nothing otherwise.
 */
gboolean
psems_layers_add_default (PsemsTransaction  *txn,
                          gint64             facility_id,
                          GError           **error)
{
  PsemsStore *store;
  g_autoptr(PsemsCachedStmt) count = NULL;
  const char * const *names = psems_layer_default_names ();

  g_return_val_if_fail (txn != NULL, FALSE);

  store = psems_transaction_get_store (txn);
  count = psems_store_prepare (store, "SELECT count(*) FROM layer WHERE facility_id = ?1 AND deleted_at IS NULL",
                               error);
  if (count == NULL)
    return FALSE;
  sqlite3_bind_int64 (count, 1, facility_id);
  if (sqlite3_step (count) != SQLITE_ROW)
    {
      psems_store_set_sqlite_error (store, error, "layer");
      return FALSE;
    }
  if (sqlite3_column_int (count, 0) > 0)
    return TRUE;

  for (guint i = 0; names[i] != NULL; i++)
    if (!insert_layer (txn, facility_id, (int) i + 1, names[i], _(default_layer_descriptions[i]), error))
      return FALSE;
  return TRUE;
}

/**
 * psems_layers_ensure_default:
 *
 * Gives a facility without layers the default ones (Perimeter, Access
 * control, Restricted area, Critical asset); does nothing when it has some.
 */
gboolean
psems_layers_ensure_default (PsemsStore  *store,
                             PsemsActor  *actor,
                             gint64       facility_id,
                             GError     **error)
{
  g_autoptr(PsemsTransaction) txn = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GPtrArray) existing = NULL;

  g_return_val_if_fail (PSEMS_IS_STORE (store), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  existing = psems_layer_list (store, facility_id, error);
  if (existing == NULL)
    return FALSE;
  if (existing->len > 0)
    return TRUE;

  txn = psems_transaction_begin (store, actor, PSEMS_OP_CREATE, "layer", facility_id, error);
  if (txn == NULL)
    return FALSE;
  problems = psems_field_problems_new ();
  psems_facility_check_owner (store, facility_id, NULL, problems);
  if (!psems_field_problems_to_error (problems, _("Layers"), error))
    return FALSE;
  if (!psems_layers_add_default (txn, facility_id, error))
    return FALSE;
  return psems_transaction_commit (g_steal_pointer (&txn), error);
}

static PsemsLayer *
find_layer (GPtrArray *layers,
            gint64     id)
{
  for (guint i = 0; i < layers->len; i++)
    {
      PsemsLayer *layer = g_ptr_array_index (layers, i);

      if (layer->id == id)
        return layer;
    }
  return NULL;
}

static gboolean
same_name (const char *a,
           const char *b)
{
  g_autofree char *fa = g_utf8_casefold (a, -1);
  g_autofree char *fb = g_utf8_casefold (b, -1);

  return g_str_equal (fa, fb);
}

/* Problems with a new list of layers for a facility whose live layers are @current. */
static void
validate_layers (GPtrArray *layers,
                 GPtrArray *current,
                 GPtrArray *problems)
{
  if (layers->len < PSEMS_LAYERS_MIN || layers->len > PSEMS_LAYERS_MAX)
    psems_field_problems_add (problems, "layers",
                              g_dngettext (GETTEXT_PACKAGE, "%u layer given: a facility has %d to %d layers",
                                           "%u layers given: a facility has %d to %d layers", layers->len),
                              layers->len, PSEMS_LAYERS_MIN, PSEMS_LAYERS_MAX);

  for (guint i = 0; i < layers->len; i++)
    {
      const PsemsLayer *layer = g_ptr_array_index (layers, i);
      g_autofree char *name = psems_sql_dup_field (layer->name);

      if (name == NULL)
        psems_field_problems_add (problems, "name", _("Layer %u has no name"), i + 1);
      else
        for (guint k = 0; k < i; k++)
          {
            g_autofree char *other = psems_sql_dup_field (((PsemsLayer *) g_ptr_array_index (layers, k))->name);

            if (other != NULL && same_name (other, name))
              psems_field_problems_add (problems, "name", _("Layers %u and %u are both named “%s”"),
                                        k + 1, i + 1, name);
          }

      if (layer->id != 0)
        {
          if (find_layer (current, layer->id) == NULL)
            psems_field_problems_add (problems, "layers",
                                      _("There is no layer with id %lld at this facility"), (long long) layer->id);
          for (guint k = 0; k < i; k++)
            if (((PsemsLayer *) g_ptr_array_index (layers, k))->id == layer->id)
              psems_field_problems_add (problems, "layers", _("Layer “%s” is listed twice"),
                                        name != NULL ? name : "");
        }
    }

  for (guint i = 0; i < current->len; i++)
    {
      const PsemsLayer *old = g_ptr_array_index (current, i);

      if (find_layer (layers, old->id) == NULL && old->n_controls > 0)
        psems_field_problems_add (problems, "layers",
                                  g_dngettext (GETTEXT_PACKAGE,
                                               "Layer “%s” cannot be removed: %d control stands on it; "
                                               "move it to another layer first",
                                               "Layer “%s” cannot be removed: %d controls stand on it; "
                                               "move them to another layer first",
                                               (gulong) old->n_controls),
                                  old->name, old->n_controls);
    }
}

/* Runs "UPDATE layer SET <column> = ?2 WHERE id = ?1". */
static gboolean
set_layer_text (PsemsStore  *store,
                const char  *sql,
                gint64       id,
                const char  *text,
                GError     **error)
{
  g_autoptr(PsemsCachedStmt) stmt = psems_store_prepare (store, sql, error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  psems_sql_bind_text (stmt, 2, text);
  return psems_sql_step_done (store, stmt, "layer", error);
}

/* The id of the facility's deleted layer named @name, 0 for none. */
static gint64
find_deleted_layer (PsemsStore *store,
                    gint64      facility_id,
                    const char *name)
{
  g_autoptr(PsemsCachedStmt) stmt =
    psems_store_prepare (store,
                         "SELECT id FROM layer WHERE facility_id = ?1 AND name = ?2 AND deleted_at IS NOT NULL",
                         NULL);

  if (stmt == NULL)
    return 0;
  sqlite3_bind_int64 (stmt, 1, facility_id);
  sqlite3_bind_text (stmt, 2, name, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return 0;
  return sqlite3_column_int64 (stmt, 0);
}

/**
 * psems_layers_save:
 * @layers: (element-type PsemsLayer): the facility's layers, outside in
 *
 * Replaces a facility's layers in one transaction (see psems-control.h).
 * Removed layers are marked deleted; a new layer named like a deleted one
 * brings that one back, so names stay unique as the schema wants. Problems
 * refuse the whole write ("Layers: <field>: <message>"): fewer than 2 or
 * more than 8 layers, a layer without a name, two with the same name, an id
 * that is not one of the facility's layers, removing a layer controls stand on.
 */
gboolean
psems_layers_save (PsemsStore  *store,
                   PsemsActor  *actor,
                   gint64       facility_id,
                   GPtrArray   *layers,
                   GError     **error)
{
  g_autoptr(PsemsTransaction) txn = NULL;
  g_autoptr(GPtrArray) current = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GPtrArray) befores = NULL;
  g_autofree char *now = NULL;

  g_return_val_if_fail (PSEMS_IS_STORE (store), FALSE);
  g_return_val_if_fail (layers != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  txn = psems_transaction_begin (store, actor, PSEMS_OP_UPDATE, "layer", facility_id, error);
  if (txn == NULL)
    return FALSE;

  problems = psems_field_problems_new ();
  if (psems_facility_check_owner (store, facility_id, NULL, problems))
    {
      current = psems_layer_list (store, facility_id, error);
      if (current == NULL)
        return FALSE;
      validate_layers (layers, current, problems);
    }
  if (!psems_field_problems_to_error (problems, _("Layers"), error))
    return FALSE;

  now = psems_sql_now_stamp (NULL);

  /* Removed layers first: their names are then free for the others. */
  for (guint i = 0; i < current->len; i++)
    {
      const PsemsLayer *old = g_ptr_array_index (current, i);
      g_autofree char *before = NULL;

      if (find_layer (layers, old->id) != NULL)
        continue;
      before = psems_transaction_image (txn, "layer", old->id, error);
      if (before == NULL ||
          !set_layer_text (store, "UPDATE layer SET deleted_at = ?2 WHERE id = ?1", old->id, now, error) ||
          !psems_transaction_record_row (txn, "delete", "layer", old->id, before, error))
        return FALSE;
    }

  /* Which row each entry becomes: its own, a deleted one of the same name, or a new one (0). */
  ids = g_array_sized_new (FALSE, TRUE, sizeof (gint64), layers->len);
  befores = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < layers->len; i++)
    {
      const PsemsLayer *layer = g_ptr_array_index (layers, i);
      g_autofree char *name = psems_sql_dup_field (layer->name);
      gint64 id = layer->id != 0 ? layer->id : find_deleted_layer (store, facility_id, name);
      char *before = NULL;

      if (id != 0)
        {
          before = psems_transaction_image (txn, "layer", id, error);
          if (before == NULL)
            return FALSE;
        }
      g_array_append_val (ids, id);
      g_ptr_array_add (befores, before);
    }

  /* Names and positions move in two steps, through names no user types,
   * so that swapping two names does not trip the schema's uniqueness. */
  for (guint i = 0; i < layers->len; i++)
    {
      gint64 id = g_array_index (ids, gint64, i);
      g_autofree char *parking = g_strdup_printf ("\x01layer %lld", (long long) id);

      if (id != 0 &&
          !set_layer_text (store, "UPDATE layer SET name = ?2 WHERE id = ?1", id, parking, error))
        return FALSE;
    }
  for (guint i = 0; i < layers->len; i++)
    {
      const PsemsLayer *layer = g_ptr_array_index (layers, i);
      gint64 id = g_array_index (ids, gint64, i);
      g_autofree char *name = psems_sql_dup_field (layer->name);
      g_autofree char *description = psems_sql_dup_field (layer->description);
      g_autofree char *deleted = NULL;
      gint64 other;

      /* A deleted layer holding the name this one takes is renamed out of the way. */
      other = find_deleted_layer (store, facility_id, name);
      if (other != 0 && other != id)
        {
          g_autofree char *before = psems_transaction_image (txn, "layer", other, error);

          deleted = g_strdup_printf (_("%s (deleted, %lld)"), name, (long long) other);
          if (before == NULL ||
              !set_layer_text (store, "UPDATE layer SET name = ?2 WHERE id = ?1", other, deleted, error) ||
              !psems_transaction_record_row (txn, "update", "layer", other, before, error))
            return FALSE;
        }

      if (id == 0)
        {
          if (!insert_layer (txn, facility_id, (int) i + 1, name, description, error))
            return FALSE;
        }
      else
        {
          const char *before = g_ptr_array_index (befores, i);
          g_autofree char *after = NULL;

          g_autoptr(PsemsCachedStmt) stmt =
            psems_store_prepare (store,
                                 "UPDATE layer SET position = ?2, name = ?3, description = ?4, deleted_at = NULL"
                                 " WHERE id = ?1", error);

          if (stmt == NULL)
            return FALSE;
          sqlite3_bind_int64 (stmt, 1, id);
          sqlite3_bind_int (stmt, 2, (int) i + 1);
          psems_sql_bind_text (stmt, 3, name);
          psems_sql_bind_text (stmt, 4, description);
          if (!psems_sql_step_done (store, stmt, name, error))
            return FALSE;
          after = psems_transaction_image (txn, "layer", id, error);
          if (after == NULL)
            return FALSE;
          if (g_strcmp0 (before, after) != 0 &&
              !psems_transaction_record_row (txn, layer->id != 0 ? "update" : "restore", "layer", id, before,
                                             error))
            return FALSE;
        }
    }

  return psems_transaction_commit (g_steal_pointer (&txn), error);
}
