/* test-plan.c — plans: every workflow transition, supersession, approval gaps, read-only versions, copies, coverage, templates. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "psems-store-private.h"
#include "psems-test-util.h"

#define N_ISPS 15

typedef struct
{
  char *dir;
  PsemsStore *store;
  PsemsActor *actor;
  gint64 facility;
  gint64 control[3];   /* two of the facility's, one of another facility's */
} Fixture;

static gint64
add_facility (Fixture    *f,
              const char *code)
{
  g_autoptr(PsemsFacility) facility = psems_facility_new ();
  g_autoptr(GError) error = NULL;
  gint64 id;

  facility->code = g_strdup (code);
  facility->name = g_strdup ("Eastern Container Terminal");
  facility->kind = g_strdup ("container-terminal");
  id = psems_facility_create (f->store, f->actor, facility, 1, NULL, &error);
  g_assert_no_error (error);
  return id;
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *sql = NULL;
  gint64 other;

  f->dir = psems_test_make_dir ();
  f->store = psems_test_new_store (f->dir, "plan.db");
  f->actor = psems_actor_new (0, "Ana Ruiz", PSEMS_ROLE_SECURITY_OFFICER);
  f->facility = add_facility (f, "NHV-ECT");
  other = add_facility (f, "NHV-WCT");

  sql = g_strdup_printf ("INSERT INTO layer (id, facility_id, position, name) VALUES"
                         " (101, %" G_GINT64_FORMAT ", 1, 'Test ring'), (102, %" G_GINT64_FORMAT ", 1, 'Test ring');"
                         "INSERT INTO control (id, ref, facility_id, layer_id, name, domain, function, status,"
                         " created_at, updated_at) VALUES"
                         " (11, 'CTL-2026-0001', %" G_GINT64_FORMAT ", 101, 'Fence', 'physical', 'delay', 'implemented',"
                         "  '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z'),"
                         " (12, 'CTL-2026-0002', %" G_GINT64_FORMAT ", 101, 'Badges', 'personnel', 'deter', 'implemented',"
                         "  '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z'),"
                         " (13, 'CTL-2026-0003', %" G_GINT64_FORMAT ", 102, 'CCTV', 'physical', 'detect', 'implemented',"
                         "  '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')",
                         f->facility, other, f->facility, f->facility, other);
  psems_test_exec (f->store, sql);
  f->control[0] = 11;
  f->control[1] = 12;
  f->control[2] = 13;
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->store);
  g_clear_pointer (&f->actor, psems_actor_unref);
  psems_test_remove_dir (f->dir);
  g_free (f->dir);
}

static void
assert_mentions (const GError *error,
                 const char   *text)
{
  g_assert_nonnull (error);
  if (strstr (error->message, text) == NULL)
    g_error ("“%s” does not mention “%s”", error->message, text);
}

static GDate *
day (int y,
     int m,
     int d)
{
  return g_date_new_dmy ((GDateDay) d, (GDateMonth) m, (GDateYear) y);
}

static gint64
new_version_ok (Fixture *f,
                gint64   facility)
{
  g_autoptr(GError) error = NULL;
  gint64 id = psems_plan_new_version (f->store, f->actor, facility, NULL, NULL, NULL, &error);

  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  return id;
}

static void
edit_ok (Fixture                  *f,
         gint64                    plan,
         const char               *key,
         const char               *l1,
         const char               *l2,
         const char               *l3,
         const PsemsElementStatus *status)
{
  const char *texts[3] = { l1, l2, l3 };
  g_autoptr(GError) error = NULL;

  g_assert_true (psems_plan_edit_element (f->store, f->actor, plan, key, texts, status, NULL, &error));
  g_assert_no_error (error);
}

/* Writes every element complete, except those whose keys are in @skip. */
static void
complete_elements (Fixture            *f,
                   gint64              plan,
                   const char * const *skip)
{
  g_autoptr(GPtrArray) elements = psems_plan_list_elements (f->store, plan, NULL);
  PsemsElementStatus complete = PSEMS_ELEMENT_COMPLETE;

  for (guint i = 0; i < elements->len; i++)
    {
      const PsemsPlanElement *e = g_ptr_array_index (elements, i);
      g_autofree char *l1 = g_strdup_printf ("%s at level 1", e->key);

      if (skip != NULL && g_strv_contains (skip, e->key))
        continue;
      edit_ok (f, plan, e->key, l1, "As level 1, doubled.", "As level 2, and on the authority's orders.",
               &complete);
    }
}

static void
submit_ok (Fixture     *f,
           gint64       plan,
           const GDate *on)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (psems_plan_submit (f->store, f->actor, plan, on, &error));
  g_assert_no_error (error);
}

static void
approve_ok (Fixture     *f,
            gint64       plan,
            const GDate *on)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDate) today = g_date_new ();

  /* NULL: today, like a submission without a day. */
  g_date_set_time_t (today, time (NULL));
  if (!psems_plan_approve (f->store, f->actor, plan, "Designated Authority", "DA/2026/001", on ? on : today, NULL,
                           &error))
    g_error ("approving plan %" G_GINT64_FORMAT ": %s", plan, error->message);
}

static PsemsPlan *
get_ok (Fixture *f,
        gint64   plan)
{
  g_autoptr(GError) error = NULL;
  PsemsPlan *got = psems_plan_get (f->store, plan, &error);

  g_assert_no_error (error);
  g_assert_nonnull (got);
  return got;
}

/* A plan in @status at @facility, by the workflow itself. */
static gint64
plan_in_status (Fixture         *f,
                gint64           facility,
                PsemsPlanStatus  status)
{
  gint64 plan = new_version_ok (f, facility);
  gint64 next;

  if (status == PSEMS_PLAN_DRAFT)
    return plan;
  complete_elements (f, plan, NULL);
  submit_ok (f, plan, NULL);
  if (status == PSEMS_PLAN_SUBMITTED)
    return plan;
  approve_ok (f, plan, NULL);
  if (status == PSEMS_PLAN_APPROVED)
    return plan;
  next = new_version_ok (f, facility);
  submit_ok (f, next, NULL);
  approve_ok (f, next, NULL);
  return plan;
}

/* ───────────────────────────── names ───────────────────────────── */

static void
test_status_strings (void)
{
  for (int s = PSEMS_PLAN_DRAFT; s <= PSEMS_PLAN_SUPERSEDED; s++)
    {
      PsemsPlanStatus back;
      g_autofree char *upper = g_ascii_strup (psems_plan_status_to_string (s), -1);

      g_assert_true (psems_plan_status_from_string (upper, &back));
      g_assert_cmpint (back, ==, s);
      g_assert_nonnull (psems_plan_status_label (s));
    }
  for (int s = PSEMS_ELEMENT_MISSING; s <= PSEMS_ELEMENT_COMPLETE; s++)
    {
      PsemsElementStatus back;

      g_assert_true (psems_element_status_from_string (psems_element_status_to_string (s), &back));
      g_assert_cmpint (back, ==, s);
      g_assert_nonnull (psems_element_status_label (s));
    }
  {
    PsemsPlanStatus p;
    PsemsElementStatus e;

    g_assert_false (psems_plan_status_from_string ("rejected", &p));
    g_assert_false (psems_plan_status_from_string (NULL, &p));
    g_assert_false (psems_element_status_from_string ("done", &e));
  }
  g_assert_cmpstr (psems_plan_status_to_string (PSEMS_PLAN_SUPERSEDED), ==, "superseded");
  g_assert_cmpstr (psems_element_status_to_string (PSEMS_ELEMENT_MISSING), ==, "missing");
}

/* ───────────────────────────── versions ───────────────────────────── */

static void
test_first_version (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(PsemsPlanTemplate) template = NULL;
  g_autoptr(GPtrArray) elements = NULL;
  g_autoptr(PsemsPlan) plan = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *ref = NULL;
  gint64 audit = psems_test_count (f->store, "SELECT count(*) FROM audit_trail");
  gint64 id;

  id = psems_plan_new_version (f->store, f->actor, f->facility, NULL, NULL, &ref, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (ref, "PLN-"));
  plan = get_ok (f, id);
  g_assert_cmpstr (plan->ref, ==, ref);
  g_assert_cmpint (plan->version, ==, 1);
  g_assert_cmpint (plan->status, ==, PSEMS_PLAN_DRAFT);
  g_assert_cmpint (plan->facility_id, ==, f->facility);
  g_assert_cmpstr (plan->facility_code, ==, "NHV-ECT");
  g_assert_true (g_str_has_prefix (plan->facility_ref, "FAC-"));
  g_assert_nonnull (strstr (plan->title, "Eastern Container Terminal"));
  g_assert_null (plan->submitted_on);
  g_assert_null (plan->approved_on);
  g_assert_null (plan->next_review_due);
  g_assert_cmpuint (plan->n_elements, ==, N_ISPS);
  g_assert_cmpuint (plan->n_required, ==, N_ISPS);
  g_assert_cmpuint (plan->n_complete, ==, 0);
  g_assert_cmpuint (plan->n_missing_required, ==, N_ISPS);
  /* The plan and each element are in the audit trail. */
  g_assert_cmpint (psems_test_count (f->store, "SELECT count(*) FROM audit_trail"), ==, audit + 1 + N_ISPS);

  /* One element per template element, in its order, all missing. */
  template = psems_plan_template_find ("isps-a16.3", &error);
  g_assert_no_error (error);
  elements = psems_plan_list_elements (f->store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (elements->len, ==, template->elements->len);
  for (guint i = 0; i < elements->len; i++)
    {
      const PsemsPlanElement *e = g_ptr_array_index (elements, i);
      const PsemsTemplateElement *t = g_ptr_array_index (template->elements, i);

      g_assert_cmpstr (e->key, ==, t->key);
      g_assert_cmpstr (e->reference, ==, t->reference);
      g_assert_cmpstr (e->title, ==, t->title);
      g_assert_cmpstr (e->template_id, ==, "isps-a16.3");
      g_assert_cmpint (e->position, ==, (int) i + 1);
      g_assert_true (e->required);
      g_assert_cmpint (e->status, ==, PSEMS_ELEMENT_MISSING);
      g_assert_null (e->text[0]);
      g_assert_cmpuint (e->control_ids->len, ==, 0);
      g_assert_cmpint (e->plan_id, ==, id);
    }

  /* A title of one's own; a template that does not exist. */
  {
    gint64 other = add_facility (f, "NHV-CRU");
    gint64 titled;
    g_autoptr(PsemsPlan) got = NULL;
    g_autofree char *dump = psems_test_dump_database (f->store);
    g_autofree char *dump_after = NULL;

    g_assert_cmpint (psems_plan_new_version (f->store, f->actor, other, NULL, "no-such-template", NULL, &error),
                     ==, 0);
    g_assert_error (error, PSEMS_ERROR, PSEMS_ERROR_NOT_FOUND);
    assert_mentions (error, "no-such-template");
    g_clear_error (&error);
    dump_after = psems_test_dump_database (f->store);
    g_assert_cmpstr (dump, ==, dump_after);

    titled = psems_plan_new_version (f->store, f->actor, other, "Cruise terminal plan", NULL, NULL, &error);
    g_assert_no_error (error);
    got = get_ok (f, titled);
    g_assert_cmpstr (got->title, ==, "Cruise terminal plan");
  }
}

static void
test_new_version_refused (Fixture       *f,
                          gconstpointer  data)
{
  gint64 v1 = new_version_ok (f, f->facility);
  g_autoptr(PsemsPlan) plan = get_ok (f, v1);
  g_autoptr(GError) error = NULL;
  g_autofree char *dump = psems_test_dump_database (f->store);
  g_autofree char *dump_after = NULL;

  g_assert_cmpint (psems_plan_new_version (f->store, f->actor, f->facility, NULL, NULL, NULL, &error), ==, 0);
  g_assert_error (error, PSEMS_ERROR, PSEMS_ERROR_INVALID);
  assert_mentions (error, plan->ref);
  assert_mentions (error, "draft");
  g_clear_error (&error);
  dump_after = psems_test_dump_database (f->store);
  g_assert_cmpstr (dump, ==, dump_after);

  complete_elements (f, v1, NULL);
  submit_ok (f, v1, NULL);
  g_assert_cmpint (psems_plan_new_version (f->store, f->actor, f->facility, NULL, NULL, NULL, &error), ==, 0);
  g_assert_error (error, PSEMS_ERROR, PSEMS_ERROR_INVALID);
  assert_mentions (error, plan->ref);
  assert_mentions (error, "submitted");
  g_clear_error (&error);

  /* Approved, the next version may start: version 2. */
  approve_ok (f, v1, NULL);
  {
    gint64 v2 = new_version_ok (f, f->facility);
    g_autoptr(PsemsPlan) next = get_ok (f, v2);

    g_assert_cmpint (next->version, ==, 2);
    g_assert_cmpstr (next->title, ==, plan->title);
  }

  /* No plans for an archived facility, nor for one that does not exist. */
  {
    gint64 other = add_facility (f, "NHV-OLD");

    g_assert_true (psems_facility_archive (f->store, f->actor, other, &error));
    g_assert_cmpint (psems_plan_new_version (f->store, f->actor, other, NULL, NULL, NULL, &error), ==, 0);
    g_assert_error (error, PSEMS_ERROR, PSEMS_ERROR_INVALID);
    assert_mentions (error, "archived");
    g_clear_error (&error);
    g_assert_cmpint (psems_plan_new_version (f->store, f->actor, 999, NULL, NULL, NULL, &error), ==, 0);
    g_assert_error (error, PSEMS_ERROR, PSEMS_ERROR_NOT_FOUND);
  }
}

/* A new version copies the latest version's texts, statuses and control links. */
static void
test_new_version_copies (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GPtrArray) old_elements = NULL;
  g_autoptr(GPtrArray) new_elements = NULL;
  g_autoptr(GArray) links = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GError) error = NULL;
  static const char * const skip[] = { "plan-audit", NULL };
  PsemsElementStatus draft = PSEMS_ELEMENT_DRAFT;
  gint64 v1 = new_version_ok (f, f->facility);
  gint64 v2;

  complete_elements (f, v1, skip);
  edit_ok (f, v1, "plan-audit", "Audit yearly.", NULL, NULL, &draft);
  g_array_append_vals (links, f->control, 2);
  g_assert_true (psems_plan_edit_element (f->store, f->actor, v1, "unauthorized-access", NULL, NULL, links, &error));
  g_assert_no_error (error);
  g_array_set_size (links, 1);
  g_assert_true (psems_plan_edit_element (f->store, f->actor, v1, "cargo-security", NULL, NULL, links, &error));
  g_assert_no_error (error);
  submit_ok (f, v1, NULL);
  approve_ok (f, v1, NULL);

  /* A deleted control's link stays with the old version. */
  psems_test_exec (f->store, "UPDATE control SET deleted_at = '2026-02-01T00:00:00Z' WHERE id = 12");
  v2 = new_version_ok (f, f->facility);

  old_elements = psems_plan_list_elements (f->store, v1, &error);
  new_elements = psems_plan_list_elements (f->store, v2, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (new_elements->len, ==, old_elements->len);
  for (guint i = 0; i < old_elements->len; i++)
    {
      const PsemsPlanElement *o = g_ptr_array_index (old_elements, i);
      const PsemsPlanElement *n = g_ptr_array_index (new_elements, i);

      g_assert_cmpint (n->plan_id, ==, v2);
      g_assert_cmpint (n->id, !=, o->id);
      g_assert_cmpstr (n->key, ==, o->key);
      g_assert_cmpstr (n->title, ==, o->title);
      g_assert_cmpstr (n->reference, ==, o->reference);
      g_assert_cmpint (n->position, ==, o->position);
      g_assert_cmpint (n->status, ==, o->status);
      for (int l = 0; l < 3; l++)
        g_assert_cmpstr (n->text[l], ==, o->text[l]);
      if (g_str_equal (n->key, "unauthorized-access"))
        {
          g_assert_cmpuint (o->control_ids->len, ==, 2);
          g_assert_cmpuint (n->control_ids->len, ==, 1);
          g_assert_cmpint (g_array_index (n->control_ids, gint64, 0), ==, 11);
        }
      else if (g_str_equal (n->key, "cargo-security"))
        {
          g_assert_cmpuint (n->control_ids->len, ==, 1);
          g_assert_cmpint (g_array_index (n->control_ids, gint64, 0), ==, 11);
        }
      else
        g_assert_cmpuint (n->control_ids->len, ==, 0);
    }
  {
    g_autoptr(PsemsPlanElement) e = psems_plan_get_element (f->store, v2, "plan-audit", &error);

    g_assert_no_error (error);
    g_assert_cmpint (e->status, ==, PSEMS_ELEMENT_DRAFT);
    g_assert_cmpstr (e->text[0], ==, "Audit yearly.");
  }
  /* Editing the copy leaves the approved version as it was. */
  edit_ok (f, v2, "evacuation", "Changed.", NULL, NULL, NULL);
  {
    g_autoptr(PsemsPlanElement) e = psems_plan_get_element (f->store, v1, "evacuation", &error);

    g_assert_cmpstr (e->text[0], ==, "evacuation at level 1");
  }
}

/* ───────────────────────────── elements ───────────────────────────── */

static void
test_edit_element (Fixture       *f,
                   gconstpointer  data)
{
  gint64 plan = new_version_ok (f, f->facility);
  g_autoptr(PsemsPlan) info = get_ok (f, plan);
  g_autoptr(PsemsPlanElement) e = NULL;
  g_autoptr(GArray) links = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GError) error = NULL;
  PsemsElementStatus complete = PSEMS_ELEMENT_COMPLETE;
  PsemsElementStatus missing = PSEMS_ELEMENT_MISSING;
  gint64 audit;

  /* A measure makes a missing element a draft; NULL leaves a level, "" clears it. */
  edit_ok (f, plan, "unauthorized-access", "Badge check at every gate.", NULL, NULL, NULL);
  e = psems_plan_get_element (f->store, plan, "unauthorized-access", &error);
  g_assert_no_error (error);
  g_assert_cmpint (e->status, ==, PSEMS_ELEMENT_DRAFT);
  g_assert_cmpstr (e->text[0], ==, "Badge check at every gate.");
  g_assert_null (e->text[1]);
  g_clear_pointer (&e, psems_plan_element_free);

  edit_ok (f, plan, "unauthorized-access", NULL, "Main gates only.", "", &complete);
  e = psems_plan_get_element (f->store, plan, "unauthorized-access", &error);
  g_assert_cmpint (e->status, ==, PSEMS_ELEMENT_COMPLETE);
  g_assert_cmpstr (e->text[0], ==, "Badge check at every gate.");
  g_assert_cmpstr (e->text[1], ==, "Main gates only.");
  g_assert_null (e->text[2]);
  g_clear_pointer (&e, psems_plan_element_free);

  /* Statuses may go back. */
  edit_ok (f, plan, "unauthorized-access", NULL, NULL, NULL, &missing);
  e = psems_plan_get_element (f->store, plan, "unauthorized-access", &error);
  g_assert_cmpint (e->status, ==, PSEMS_ELEMENT_MISSING);
  g_clear_pointer (&e, psems_plan_element_free);

  /* Refusals, each writing nothing. */
  {
    g_autofree char *dump = psems_test_dump_database (f->store);
    g_autofree char *dump_after = NULL;
    const char *texts[3] = { "x", NULL, NULL };

    g_assert_false (psems_plan_edit_element (f->store, f->actor, plan, "no-such-key", texts, NULL, NULL, &error));
    g_assert_error (error, PSEMS_ERROR, PSEMS_ERROR_NOT_FOUND);
    assert_mentions (error, "no-such-key");
    assert_mentions (error, info->ref);
    g_clear_error (&error);

    g_assert_false (psems_plan_edit_element (f->store, f->actor, plan, "evacuation", NULL, &complete, NULL,
                                             &error));
    psems_test_assert_refused (error, "status");
    g_clear_error (&error);

    g_array_append_val (links, f->control[2]);   /* another facility's control */
    g_assert_false (psems_plan_edit_element (f->store, f->actor, plan, "evacuation", texts, NULL, links, &error));
    psems_test_assert_refused (error, "controls");
    assert_mentions (error, "CTL-2026-0003");
    g_clear_error (&error);
    g_array_index (links, gint64, 0) = 999;
    g_assert_false (psems_plan_edit_element (f->store, f->actor, plan, "evacuation", texts, NULL, links, &error));
    psems_test_assert_refused (error, "controls");
    g_clear_error (&error);

    dump_after = psems_test_dump_database (f->store);
    g_assert_cmpstr (dump, ==, dump_after);
  }

  /* Links: repeated ids count once; NULL leaves them; an empty list clears them. */
  g_array_set_size (links, 0);
  g_array_append_val (links, f->control[1]);
  g_array_append_val (links, f->control[0]);
  g_array_append_val (links, f->control[1]);
  audit = psems_test_count (f->store, "SELECT count(*) FROM audit_trail WHERE action = 'link-controls'");
  g_assert_true (psems_plan_edit_element (f->store, f->actor, plan, "evacuation", NULL, NULL, links, &error));
  g_assert_no_error (error);
  g_assert_cmpint (psems_test_count (f->store, "SELECT count(*) FROM audit_trail WHERE action = 'link-controls'"),
                   ==, audit + 1);
  e = psems_plan_get_element (f->store, plan, "evacuation", &error);
  g_assert_cmpuint (e->control_ids->len, ==, 2);
  g_assert_cmpint (g_array_index (e->control_ids, gint64, 0), ==, 11);
  g_assert_cmpint (g_array_index (e->control_ids, gint64, 1), ==, 12);
  g_assert_cmpint (e->status, ==, PSEMS_ELEMENT_MISSING);   /* links alone are no measure */
  g_clear_pointer (&e, psems_plan_element_free);

  edit_ok (f, plan, "evacuation", "Routes signed.", NULL, NULL, NULL);
  e = psems_plan_get_element (f->store, plan, "evacuation", &error);
  g_assert_cmpuint (e->control_ids->len, ==, 2);
  g_clear_pointer (&e, psems_plan_element_free);

  g_array_set_size (links, 0);
  g_assert_true (psems_plan_edit_element (f->store, f->actor, plan, "evacuation", NULL, NULL, links, &error));
  e = psems_plan_get_element (f->store, plan, "evacuation", &error);
  g_assert_cmpuint (e->control_ids->len, ==, 0);
  g_clear_pointer (&e, psems_plan_element_free);

  g_assert_null (psems_plan_get_element (f->store, plan, "nothing", &error));
  g_assert_error (error, PSEMS_ERROR, PSEMS_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* The title of a draft. */
  g_assert_true (psems_plan_set_title (f->store, f->actor, plan, "  PFSP Eastern Container Terminal ", &error));
  g_assert_no_error (error);
  g_clear_pointer (&info, psems_plan_free);
  info = get_ok (f, plan);
  g_assert_cmpstr (info->title, ==, "PFSP Eastern Container Terminal");
  g_assert_false (psems_plan_set_title (f->store, f->actor, plan, " ", &error));
  psems_test_assert_refused (error, "title");
}

/* Submitted, approved and superseded versions are read-only. */
static void
test_read_only (Fixture       *f,
                gconstpointer  data)
{
  static const PsemsPlanStatus statuses[] = { PSEMS_PLAN_SUBMITTED, PSEMS_PLAN_APPROVED, PSEMS_PLAN_SUPERSEDED };

  for (guint i = 0; i < G_N_ELEMENTS (statuses); i++)
    {
      g_autofree char *code = g_strdup_printf ("RO-%u", i);
      gint64 plan = plan_in_status (f, add_facility (f, code), statuses[i]);
      g_autoptr(PsemsPlan) info = get_ok (f, plan);
      g_autofree char *dump = psems_test_dump_database (f->store);
      g_autofree char *dump_after = NULL;
      g_autoptr(GArray) links = g_array_new (FALSE, FALSE, sizeof (gint64));
      g_autoptr(GError) error = NULL;
      const char *texts[3] = { "Changed.", NULL, NULL };

      g_assert_cmpint (info->status, ==, statuses[i]);
      g_assert_false (psems_plan_edit_element (f->store, f->actor, plan, "evacuation", texts, NULL, NULL, &error));
      g_assert_error (error, PSEMS_ERROR, PSEMS_ERROR_INVALID);
      assert_mentions (error, info->ref);
      assert_mentions (error, psems_plan_status_to_string (statuses[i]));
      g_clear_error (&error);
      g_assert_false (psems_plan_edit_element (f->store, f->actor, plan, "evacuation", NULL, NULL, links, &error));
      g_assert_error (error, PSEMS_ERROR, PSEMS_ERROR_INVALID);
      g_clear_error (&error);
      g_assert_false (psems_plan_set_title (f->store, f->actor, plan, "Another title", &error));
      g_assert_error (error, PSEMS_ERROR, PSEMS_ERROR_INVALID);
      assert_mentions (error, psems_plan_status_to_string (statuses[i]));
      dump_after = psems_test_dump_database (f->store);
      g_assert_cmpstr (dump, ==, dump_after);
    }
}

/* ───────────────────────────── workflow ───────────────────────────── */

typedef enum { OP_SUBMIT, OP_RETURN, OP_APPROVE } Op;

/* Every (status, operation) pair: the three the workflow allows succeed, the others are refused naming both statuses. */
static void
test_transitions (Fixture       *f,
                  gconstpointer  data)
{
  static const char * const ops[] = { "submit", "return-to-draft", "approve" };
  static const PsemsPlanStatus targets[] = { PSEMS_PLAN_SUBMITTED, PSEMS_PLAN_DRAFT, PSEMS_PLAN_APPROVED };
  guint n = 0;

  for (int s = PSEMS_PLAN_DRAFT; s <= PSEMS_PLAN_SUPERSEDED; s++)
    for (int op = OP_SUBMIT; op <= OP_APPROVE; op++)
      {
        gboolean allowed = (s == PSEMS_PLAN_DRAFT && op == OP_SUBMIT) ||
                           (s == PSEMS_PLAN_SUBMITTED && op == OP_RETURN) ||
                           (s == PSEMS_PLAN_SUBMITTED && op == OP_APPROVE);
        g_autofree char *code = g_strdup_printf ("T-%u", n++);
        gint64 plan = plan_in_status (f, add_facility (f, code), s);
        g_autoptr(GError) error = NULL;
        g_autofree char *dump = psems_test_dump_database (f->store);
        g_autofree char *dump_after = NULL;
        gboolean ok = FALSE;

        g_test_message ("%s from %s", ops[op], psems_plan_status_to_string (s));
        switch (op)
          {
          case OP_SUBMIT:
            ok = psems_plan_submit (f->store, f->actor, plan, NULL, &error);
            break;
          case OP_RETURN:
            ok = psems_plan_return_to_draft (f->store, f->actor, plan, "Section 3 is unclear", &error);
            break;
          case OP_APPROVE:
            {
              g_autoptr(GDate) today = g_date_new ();

              g_date_set_time_t (today, time (NULL));
              ok = psems_plan_approve (f->store, f->actor, plan, "Designated Authority", NULL, today, NULL, &error);
            }
            break;
          default:
            g_assert_not_reached ();
          }

        if (allowed)
          {
            g_autoptr(PsemsPlan) after = get_ok (f, plan);

            g_assert_no_error (error);
            g_assert_true (ok);
            g_assert_cmpint (after->status, ==, targets[op]);
            continue;
          }
        g_assert_false (ok);
        g_assert_error (error, PSEMS_ERROR, PSEMS_ERROR_INVALID);
        assert_mentions (error, psems_plan_status_to_string (s));
        if (s != (int) targets[op])
          {
            g_autofree char *both = g_strdup_printf ("from %s to %s", psems_plan_status_to_string (s),
                                                     psems_plan_status_to_string (targets[op]));
            assert_mentions (error, both);
          }
        dump_after = psems_test_dump_database (f->store);
        g_assert_cmpstr (dump, ==, dump_after);
      }
}

static void
test_workflow (Fixture       *f,
               gconstpointer  data)
{
  gint64 plan = new_version_ok (f, f->facility);
  g_autoptr(GDate) submitted = day (2026, 1, 5);
  g_autoptr(GDate) resubmitted = day (2026, 1, 20);
  g_autoptr(GDate) approved = day (2026, 2, 1);
  g_autoptr(PsemsPlan) info = NULL;
  g_autoptr(GError) error = NULL;

  complete_elements (f, plan, NULL);
  submit_ok (f, plan, submitted);
  info = get_ok (f, plan);
  g_assert_cmpint (info->status, ==, PSEMS_PLAN_SUBMITTED);
  g_assert_cmpstr (info->submitted_on, ==, "2026-01-05");

  /* Sent back: a reason is required and kept in the audit trail. */
  g_assert_false (psems_plan_return_to_draft (f->store, f->actor, plan, "  ", &error));
  psems_test_assert_refused (error, "reason");
  g_clear_error (&error);
  g_assert_true (psems_plan_return_to_draft (f->store, f->actor, plan, "Level 3 measures of “cargo” missing\n",
                                             &error));
  g_assert_no_error (error);
  g_clear_pointer (&info, psems_plan_free);
  info = get_ok (f, plan);
  g_assert_cmpint (info->status, ==, PSEMS_PLAN_DRAFT);
  g_assert_null (info->submitted_on);
  {
    sqlite3_stmt *stmt = NULL;
    g_autoptr(JsonParser) parser = json_parser_new ();
    JsonObject *after;

    g_assert_cmpint (sqlite3_prepare_v2 (psems_store_get_db (f->store),
                                         "SELECT after, ref FROM audit_trail WHERE action = 'return-to-draft'",
                                         -1, &stmt, NULL), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
    g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 1), ==, info->ref);
    json_parser_load_from_data (parser, (const char *) sqlite3_column_text (stmt, 0), -1, &error);
    g_assert_no_error (error);
    after = json_node_get_object (json_parser_get_root (parser));
    g_assert_cmpstr (json_object_get_string_member (after, "reason"), ==, "Level 3 measures of “cargo” missing");
    g_assert_cmpstr (json_object_get_string_member (after, "status"), ==, "draft");
    sqlite3_finalize (stmt);
  }

  /* Edited again, submitted again, approved with the review a year on. */
  edit_ok (f, plan, "cargo-security", NULL, NULL, "Cargo operations only as the authority allows.", NULL);
  submit_ok (f, plan, resubmitted);
  g_assert_true (psems_plan_approve (f->store, f->actor, plan, " Designated Authority ", "DA/2026/017", approved,
                                     NULL, &error));
  g_assert_no_error (error);
  g_clear_pointer (&info, psems_plan_free);
  info = get_ok (f, plan);
  g_assert_cmpint (info->status, ==, PSEMS_PLAN_APPROVED);
  g_assert_cmpstr (info->submitted_on, ==, "2026-01-20");
  g_assert_cmpstr (info->approved_on, ==, "2026-02-01");
  g_assert_cmpstr (info->approved_by, ==, "Designated Authority");
  g_assert_cmpstr (info->approval_ref, ==, "DA/2026/017");
  g_assert_cmpstr (info->next_review_due, ==, "2027-02-01");
  g_assert_null (info->superseded_on);
  g_assert_cmpint (psems_test_count (f->store, "SELECT count(*) FROM audit_trail WHERE action = 'approve'"), ==, 1);

  /* A review date given; no approval reference. */
  {
    gint64 other = new_version_ok (f, add_facility (f, "NHV-CRU"));
    g_autoptr(GDate) review = day (2026, 8, 1);
    g_autoptr(PsemsPlan) got = NULL;

    complete_elements (f, other, NULL);
    submit_ok (f, other, submitted);
    g_assert_true (psems_plan_approve (f->store, f->actor, other, "DA", " ", approved, review, &error));
    g_assert_no_error (error);
    got = get_ok (f, other);
    g_assert_cmpstr (got->next_review_due, ==, "2026-08-01");
    g_assert_null (got->approval_ref);
  }
}

static void
test_approve_refused (Fixture       *f,
                      gconstpointer  data)
{
  static const char * const skip[] = { "ssas-response", "shore-leave-visitors", NULL };
  gint64 plan = new_version_ok (f, f->facility);
  g_autoptr(GDate) submitted = day (2026, 3, 1);
  g_autoptr(GDate) before = day (2026, 2, 28);
  g_autoptr(GDate) on = day (2026, 3, 10);
  g_autoptr(PsemsPlan) info = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dump = NULL;
  g_autofree char *dump_after = NULL;
  PsemsElementStatus draft = PSEMS_ELEMENT_DRAFT;

  complete_elements (f, plan, skip);
  /* A draft element is no gap; only missing ones are. */
  edit_ok (f, plan, "evacuation", NULL, NULL, NULL, &draft);
  submit_ok (f, plan, submitted);
  info = get_ok (f, plan);
  g_assert_cmpuint (info->n_missing_required, ==, 2);
  dump = psems_test_dump_database (f->store);

  g_assert_false (psems_plan_approve (f->store, f->actor, plan, "DA", "X", on, NULL, &error));
  g_assert_error (error, PSEMS_ERROR, PSEMS_ERROR_INVALID);
  assert_mentions (error, info->ref);
  assert_mentions (error, "ISPS A/16.3.14 Response to a ship security alert activated at the facility");
  assert_mentions (error, "ISPS A/16.3.15 Shore leave, crew changes and visitor access");
  g_assert_null (strstr (error->message, "Evacuation"));
  g_clear_error (&error);

  g_assert_false (psems_plan_approve (f->store, f->actor, plan, NULL, "X", on, NULL, &error));
  psems_test_assert_refused (error, "approved_by");
  g_clear_error (&error);
  g_assert_false (psems_plan_approve (f->store, f->actor, plan, " ", "X", on, NULL, &error));
  psems_test_assert_refused (error, "approved_by");
  g_clear_error (&error);
  g_assert_false (psems_plan_approve (f->store, f->actor, plan, "DA", "X", NULL, NULL, &error));
  psems_test_assert_refused (error, "approved_on");
  g_clear_error (&error);
  g_assert_false (psems_plan_approve (f->store, f->actor, plan, "DA", "X", before, NULL, &error));
  psems_test_assert_refused (error, "approved_on");
  assert_mentions (error, "2026-03-01");
  g_clear_error (&error);
  g_assert_false (psems_plan_approve (f->store, f->actor, plan, "DA", "X", on, on, &error));
  psems_test_assert_refused (error, "next_review_due");
  g_clear_error (&error);
  g_assert_false (psems_plan_approve (f->store, f->actor, plan, "DA", "X", on, before, &error));
  psems_test_assert_refused (error, "next_review_due");
  g_clear_error (&error);

  dump_after = psems_test_dump_database (f->store);
  g_assert_cmpstr (dump, ==, dump_after);

  /* With the gaps closed (the plan sent back, written, resubmitted) it is approved. */
  g_assert_true (psems_plan_return_to_draft (f->store, f->actor, plan, "Two elements missing", &error));
  complete_elements (f, plan, NULL);
  submit_ok (f, plan, submitted);
  approve_ok (f, plan, on);
}

typedef struct
{
  Fixture *f;
  gint64 v1, v2;
  guint n_changes;
} SupersedeWatch;

static void
supersede_changed_cb (PsemsStore     *store,
                      const char     *entity,
                      gint64          id,
                      SupersedeWatch *watch)
{
  g_autoptr(PsemsPlan) p1 = get_ok (watch->f, watch->v1);
  g_autoptr(PsemsPlan) p2 = get_ok (watch->f, watch->v2);

  g_assert_true (id == watch->v1 || id == watch->v2);
  g_assert_cmpint (p1->status, ==, PSEMS_PLAN_SUPERSEDED);
  g_assert_cmpint (p2->status, ==, PSEMS_PLAN_APPROVED);
  watch->n_changes++;
}

/* Approving a version supersedes the approved one, in the same transaction. */
static void
test_supersede (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GDate) submit1 = day (2026, 1, 5);
  g_autoptr(GDate) approve1 = day (2026, 1, 10);
  g_autoptr(GDate) submit2 = day (2026, 6, 1);
  g_autoptr(GDate) early = day (2026, 1, 9);
  g_autoptr(GDate) approve2 = day (2026, 6, 10);
  g_autoptr(PsemsPlan) p1 = NULL;
  g_autoptr(PsemsPlan) p2 = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dump = NULL;
  g_autofree char *dump_after = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 v1, v2;
  gulong handler;

  v1 = new_version_ok (f, f->facility);
  complete_elements (f, v1, NULL);
  submit_ok (f, v1, submit1);
  approve_ok (f, v1, approve1);
  v2 = new_version_ok (f, f->facility);
  edit_ok (f, v2, "plan-review", "Reviewed every year and after every incident.", NULL, NULL, NULL);
  submit_ok (f, v2, early);   /* submitted before v1's approval … */

  /* … so approving it before v1's approval day is refused, and v1 stays approved. */
  dump = psems_test_dump_database (f->store);
  g_assert_false (psems_plan_approve (f->store, f->actor, v2, "DA", NULL, early, NULL, &error));
  psems_test_assert_refused (error, "approved_on");
  p1 = get_ok (f, v1);
  assert_mentions (error, p1->ref);
  g_clear_error (&error);
  dump_after = psems_test_dump_database (f->store);
  g_assert_cmpstr (dump, ==, dump_after);
  g_assert_cmpint (p1->status, ==, PSEMS_PLAN_APPROVED);
  g_clear_pointer (&p1, psems_plan_free);

  g_assert_true (psems_plan_return_to_draft (f->store, f->actor, v2, "Resubmit after the audit", &error));
  submit_ok (f, v2, submit2);

  /* Both rows change in one commit: when the first change is announced, both are already written. */
  {
    SupersedeWatch watch = { f, v1, v2, 0 };

    handler = g_signal_connect (f->store, "changed::plan", G_CALLBACK (supersede_changed_cb), &watch);
    approve_ok (f, v2, approve2);
    g_signal_handler_disconnect (f->store, handler);
    g_assert_cmpuint (watch.n_changes, ==, 2);
  }

  p1 = get_ok (f, v1);
  p2 = get_ok (f, v2);
  g_assert_cmpint (p1->status, ==, PSEMS_PLAN_SUPERSEDED);
  g_assert_cmpstr (p1->superseded_on, ==, "2026-06-10");
  g_assert_cmpstr (p1->approved_on, ==, "2026-01-10");   /* its approval stays on record */
  g_assert_cmpint (p2->status, ==, PSEMS_PLAN_APPROVED);
  g_assert_cmpstr (p2->approved_on, ==, "2026-06-10");
  g_assert_cmpstr (p2->next_review_due, ==, "2027-06-10");
  g_assert_cmpint (psems_test_count (f->store, "SELECT count(*) FROM plan WHERE status = 'approved'"), ==, 1);

  /* The last two audit entries: v1 superseded, then v2 approved, in one transaction. */
  g_assert_cmpint (sqlite3_prepare_v2 (psems_store_get_db (f->store),
                                       "SELECT action, entity_id FROM audit_trail ORDER BY id DESC LIMIT 2",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 0), ==, "approve");
  g_assert_cmpint (sqlite3_column_int64 (stmt, 1), ==, v2);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 0), ==, "supersede");
  g_assert_cmpint (sqlite3_column_int64 (stmt, 1), ==, v1);
  sqlite3_finalize (stmt);

  /* v3 supersedes v2; v1 stays superseded as it was. */
  {
    gint64 v3 = new_version_ok (f, f->facility);
    g_autoptr(GDate) approve3 = day (2026, 9, 1);
    g_autoptr(PsemsPlan) p3 = NULL;
    g_autoptr(GPtrArray) list = NULL;

    submit_ok (f, v3, approve3);
    approve_ok (f, v3, approve3);
    g_clear_pointer (&p1, psems_plan_free);
    g_clear_pointer (&p2, psems_plan_free);
    p1 = get_ok (f, v1);
    p2 = get_ok (f, v2);
    p3 = get_ok (f, v3);
    g_assert_cmpstr (p1->superseded_on, ==, "2026-06-10");
    g_assert_cmpint (p2->status, ==, PSEMS_PLAN_SUPERSEDED);
    g_assert_cmpstr (p2->superseded_on, ==, "2026-09-01");
    g_assert_cmpint (p3->status, ==, PSEMS_PLAN_APPROVED);
    g_assert_cmpint (p3->version, ==, 3);

    list = psems_plan_list (f->store, f->facility, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (list->len, ==, 3);
    g_assert_cmpint (((PsemsPlan *) g_ptr_array_index (list, 0))->version, ==, 3);   /* latest first */
    g_assert_cmpint (((PsemsPlan *) g_ptr_array_index (list, 2))->version, ==, 1);
  }
}

/* ───────────────────────────── coverage ───────────────────────────── */

static void
test_coverage (Fixture       *f,
               gconstpointer  data)
{
  gint64 plan = new_version_ok (f, f->facility);
  PsemsElementStatus complete = PSEMS_ELEMENT_COMPLETE;
  g_autoptr(PsemsPlan) info = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *sql = NULL;

  edit_ok (f, plan, "weapons-dangerous-substances", "a", NULL, NULL, &complete);
  edit_ok (f, plan, "unauthorized-access", "a", NULL, NULL, &complete);
  edit_ok (f, plan, "threat-response", "a", NULL, NULL, &complete);
  edit_ok (f, plan, "evacuation", "a", NULL, NULL, NULL);            /* draft */
  edit_ok (f, plan, "personnel-duties", "a", NULL, NULL, NULL);      /* draft */
  /* An optional element (a template may mark one so) missing is no gap. */
  sql = g_strdup_printf ("UPDATE plan_element SET required = 0 WHERE plan_id = %" G_GINT64_FORMAT
                         " AND element_key IN ('plan-audit', 'evacuation')", plan);
  psems_test_exec (f->store, sql);

  info = get_ok (f, plan);
  g_assert_cmpuint (info->n_elements, ==, 15);
  g_assert_cmpuint (info->n_required, ==, 13);
  g_assert_cmpuint (info->n_complete, ==, 3);
  g_assert_cmpuint (info->n_missing_required, ==, 9);   /* 15 − 3 complete − 2 draft − plan-audit */

  /* The list computes the same; another facility's empty plan has its own. */
  new_version_ok (f, add_facility (f, "NHV-CRU"));
  list = psems_plan_list (f->store, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 2);
  for (guint i = 0; i < list->len; i++)
    {
      const PsemsPlan *p = g_ptr_array_index (list, i);

      if (p->id == plan)
        {
          g_assert_cmpuint (p->n_required, ==, 13);
          g_assert_cmpuint (p->n_complete, ==, 3);
          g_assert_cmpuint (p->n_missing_required, ==, 9);
        }
      else
        {
          g_assert_cmpstr (p->facility_code, ==, "NHV-CRU");
          g_assert_cmpuint (p->n_complete, ==, 0);
          g_assert_cmpuint (p->n_missing_required, ==, 15);
        }
    }
  g_assert_cmpstr (((PsemsPlan *) g_ptr_array_index (list, 0))->facility_code, ==, "NHV-CRU");   /* by code */

  /* An archived facility's plans leave the list of all. */
  g_assert_true (psems_facility_archive (f->store, f->actor, f->facility, &error));
  g_clear_pointer (&list, g_ptr_array_unref);
  list = psems_plan_list (f->store, 0, &error);
  g_assert_cmpuint (list->len, ==, 1);
  g_clear_pointer (&list, g_ptr_array_unref);
  list = psems_plan_list (f->store, f->facility, &error);
  g_assert_cmpuint (list->len, ==, 1);
}

static void
test_resolve (Fixture       *f,
              gconstpointer  data)
{
  gint64 plan = new_version_ok (f, f->facility);
  g_autoptr(PsemsPlan) info = get_ok (f, plan);
  g_autofree char *lower = g_ascii_strdown (info->ref, -1);
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (psems_plan_resolve (f->store, info->ref, &error), ==, plan);
  g_assert_cmpint (psems_plan_resolve (f->store, lower, &error), ==, plan);
  g_assert_no_error (error);
  g_assert_cmpint (psems_plan_resolve (f->store, "PLN-2001-0001", &error), ==, 0);
  g_assert_error (error, PSEMS_ERROR, PSEMS_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_cmpint (psems_plan_resolve (f->store, info->facility_ref, &error), ==, 0);
  g_assert_error (error, PSEMS_ERROR, PSEMS_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_null (psems_plan_get (f->store, 999, &error));
  g_assert_error (error, PSEMS_ERROR, PSEMS_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (psems_plan_submit (f->store, f->actor, 999, NULL, &error));
  g_assert_error (error, PSEMS_ERROR, PSEMS_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (psems_plan_submit (f->store, NULL, plan, NULL, &error));
  g_assert_error (error, PSEMS_ERROR, PSEMS_ERROR_PERMISSION);
}

/* ───────────────────────────── templates ───────────────────────────── */

static char *user_data_dir;

static void
remove_tree (const char *path)
{
  if (g_file_test (path, G_FILE_TEST_IS_DIR) && !g_file_test (path, G_FILE_TEST_IS_SYMLINK))
    {
      g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
      const char *name;

      while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);
          remove_tree (child);
        }
      g_rmdir (path);
    }
  else
    g_remove (path);
}

static void
test_shipped_template (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PsemsPlanTemplate) template = psems_plan_template_find ("isps-a16.3", &error);
  static const char * const keys[] = {
    "weapons-dangerous-substances", "unauthorized-access", "threat-response", "level3-instructions", "evacuation",
    "personnel-duties", "ship-interface", "plan-review", "incident-reporting", "pfso-contact", "plan-information",
    "cargo-security", "plan-audit", "ssas-response", "shore-leave-visitors",
  };

  g_assert_no_error (error);
  g_assert_cmpstr (template->id, ==, "isps-a16.3");
  g_assert_cmpstr (template->regime, ==, "ISPS Code");
  g_assert_nonnull (template->title);
  g_assert_cmpuint (template->elements->len, ==, G_N_ELEMENTS (keys));
  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    {
      const PsemsTemplateElement *e = g_ptr_array_index (template->elements, i);
      g_autofree char *reference = g_strdup_printf ("ISPS A/16.3.%u", i + 1);

      g_assert_cmpstr (e->key, ==, keys[i]);
      g_assert_cmpstr (e->reference, ==, reference);
      g_assert_true (e->required);
      g_assert_nonnull (e->title);
      g_assert_nonnull (e->guidance);
      g_assert_true (psems_plan_template_get_element (template, keys[i]) == e);
    }
  g_assert_null (psems_plan_template_get_element (template, "nothing"));

  g_assert_null (psems_plan_template_find ("uk-dft", &error));
  g_assert_error (error, PSEMS_ERROR, PSEMS_ERROR_NOT_FOUND);
  assert_mentions (error, "uk-dft");
  g_clear_error (&error);

  g_assert_null (psems_plan_template_load_file ("/nonexistent/template.json", &error));
  g_assert_error (error, PSEMS_ERROR, PSEMS_ERROR_NOT_FOUND);
  assert_mentions (error, "/nonexistent/template.json");
}

/* Templates from PSEMS_DATADIR and the user's folder: bad files are reported
 * (a syntax error with its line) and skipped, good ones are used. */
static void
test_template_files (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *datadir = g_build_filename (f->dir, "data", NULL);
  g_autofree char *shipped = g_build_filename (datadir, "plan-templates", NULL);
  g_autofree char *user = g_build_filename (user_data_dir, "psems", "plan-templates", NULL);
  g_autofree char *bad = psems_test_write_file (shipped, "a-bad.json",
                                     "{\n  \"id\": \"bad\",\n  \"title\": \"Bad\",\n  \"elements\": [ @ ]\n}\n");
  g_autofree char *missing = psems_test_write_file (shipped, "b-missing.json",
                                         "{ \"id\": \"missing\", \"title\": \"M\", \"elements\": [\n"
                                         "  { \"key\": \"one\", \"title\": \"One\" },\n"
                                         "  { \"key\": \"two\" } ] }");
  g_autofree char *dupkey = psems_test_write_file (shipped, "c-dupkey.json",
                                        "{ \"id\": \"dupkey\", \"title\": \"D\", \"elements\": [\n"
                                        "  { \"key\": \"one\", \"title\": \"One\" },\n"
                                        "  { \"key\": \"one\", \"title\": \"Again\" } ] }");
  g_autofree char *wrong = psems_test_write_file (shipped, "d-wrong.json",
                                       "{ \"id\": \"wrong\", \"title\": \"W\", \"elements\": [\n"
                                       "  { \"key\": \"one\", \"title\": \"One\", \"required\": \"yes\" } ] }");
  g_autofree char *array = psems_test_write_file (shipped, "e-array.json", "[1, 2]");
  g_autofree char *good = psems_test_write_file (shipped, "f-mini.json",
                                      "{ \"id\": \"test-mini\", \"title\": \"Mini\", \"regime\": \"Test\",\n"
                                      "  \"elements\": [\n"
                                      "  { \"key\": \"access\", \"reference\": \"T/1\", \"title\": \"Access\" },\n"
                                      "  { \"key\": \"extras\", \"title\": \"Extras\", \"guidance\": \"Optional\","
                                      " \"required\": false } ] }");
  g_autofree char *ignored = psems_test_write_file (shipped, "notes.txt", "not a template");
  g_autofree char *shadow = psems_test_write_file (user, "isps.json",
                                        "{ \"id\": \"isps-a16.3\", \"title\": \"Mine\", \"elements\": [\n"
                                        "  { \"key\": \"one\", \"title\": \"One\" } ] }");
  g_autofree char *extra = psems_test_write_file (user, "extra.json",
                                       "{ \"id\": \"user-extra\", \"title\": \"Extra\", \"elements\": [\n"
                                       "  { \"key\": \"one\", \"title\": \"One\" } ] }");
  g_autoptr(GPtrArray) templates = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GError) error = NULL;
  const char *problem;
  gboolean seen_isps = FALSE, seen_mini = FALSE, seen_extra = FALSE;

  g_setenv ("PSEMS_DATADIR", datadir, TRUE);
  templates = psems_plan_template_load_all (&problems);

  for (guint i = 0; i < problems->len; i++)
    g_test_message ("problem: %s", (const char *) g_ptr_array_index (problems, i));
  g_assert_cmpuint (problems->len, ==, 6);
  problem = psems_test_find_problem (problems, bad);
  g_assert_true (g_str_has_prefix (problem + strlen (bad), ":4:"));   /* the line of the stray character */
  problem = psems_test_find_problem (problems, missing);
  g_assert_nonnull (strstr (problem, "elements[1].title"));
  problem = psems_test_find_problem (problems, dupkey);
  g_assert_nonnull (strstr (problem, "elements[1].key"));
  g_assert_nonnull (strstr (problem, "elements[0]"));
  problem = psems_test_find_problem (problems, wrong);
  g_assert_nonnull (strstr (problem, "elements[0].required"));
  psems_test_find_problem (problems, array);
  problem = psems_test_find_problem (problems, shadow);
  g_assert_nonnull (strstr (problem, "isps-a16.3"));

  for (guint i = 0; i < templates->len; i++)
    {
      const PsemsPlanTemplate *t = g_ptr_array_index (templates, i);

      if (g_str_equal (t->id, "isps-a16.3"))
        {
          seen_isps = TRUE;
          g_assert_cmpuint (t->elements->len, ==, N_ISPS);   /* the shipped one, not the user's */
        }
      seen_mini = seen_mini || g_str_equal (t->id, "test-mini");
      seen_extra = seen_extra || g_str_equal (t->id, "user-extra");
    }
  g_assert_true (seen_isps && seen_mini && seen_extra);

  /* A first plan from another template: its optional element is no gap. */
  {
    gint64 facility = add_facility (f, "NHV-ACA");
    gint64 plan = psems_plan_new_version (f->store, f->actor, facility, NULL, "test-mini", NULL, &error);
    g_autoptr(PsemsPlan) info = NULL;
    g_autoptr(PsemsPlanElement) e = NULL;
    g_autoptr(GDate) on = day (2026, 4, 1);
    PsemsElementStatus complete = PSEMS_ELEMENT_COMPLETE;

    g_assert_no_error (error);
    info = get_ok (f, plan);
    g_assert_cmpuint (info->n_elements, ==, 2);
    g_assert_cmpuint (info->n_required, ==, 1);
    e = psems_plan_get_element (f->store, plan, "extras", &error);
    g_assert_false (e->required);
    g_assert_cmpstr (e->template_id, ==, "test-mini");
    g_assert_null (e->reference);
    edit_ok (f, plan, "access", "Gate.", NULL, NULL, &complete);
    submit_ok (f, plan, on);
    approve_ok (f, plan, on);
  }

  /* Loading one file names it and the line. */
  g_assert_null (psems_plan_template_load_file (bad, &error));
  g_assert_error (error, PSEMS_ERROR, PSEMS_ERROR_INVALID);
  g_assert_true (g_str_has_prefix (error->message, bad));
  g_clear_error (&error);

  g_unsetenv ("PSEMS_DATADIR");
  remove_tree (user);
  (void) ignored;
  (void) good;
  (void) extra;
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  int status;

  /* The user's templates come from here, never from the real home. */
  user_data_dir = g_dir_make_tmp ("psems-test-data-XXXXXX", &error);
  g_assert_no_error (error);
  g_setenv ("XDG_DATA_HOME", user_data_dir, TRUE);
  g_unsetenv ("PSEMS_DATADIR");

  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  g_test_add_func ("/plan/status-strings", test_status_strings);
  g_test_add_func ("/plan/shipped-template", test_shipped_template);
  ADD ("/plan/first-version", test_first_version);
  ADD ("/plan/new-version-refused", test_new_version_refused);
  ADD ("/plan/new-version-copies", test_new_version_copies);
  ADD ("/plan/edit-element", test_edit_element);
  ADD ("/plan/read-only", test_read_only);
  ADD ("/plan/transitions", test_transitions);
  ADD ("/plan/workflow", test_workflow);
  ADD ("/plan/approve-refused", test_approve_refused);
  ADD ("/plan/supersede", test_supersede);
  ADD ("/plan/coverage", test_coverage);
  ADD ("/plan/resolve", test_resolve);
  ADD ("/plan/template-files", test_template_files);
#undef ADD

  status = g_test_run ();
  remove_tree (user_data_dir);
  g_free (user_data_dir);
  return status;
}
