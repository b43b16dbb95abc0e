/* psems-plans-page.c — a facility's security plan: versions, workflow, editor, history. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "psems-approve-dialog.h"
#include "psems-facility.h"
#include "psems-plan-template.h"
#include "psems-plans-page.h"
#include "psems-page-habits.h"
#include "psems-ui-util.h"

struct _PsemsPlansPage
{
  GtkWidget parent_instance;

  AdwToastOverlay *toast_overlay;
  GtkStack *state_stack;
  AdwStatusPage *choose_page;
  GtkListBox *overview_list;
  AdwStatusPage *no_plan_page;
  GtkDropDown *version_dropdown;
  GtkStringList *version_model;
  GtkLabel *status_label;
  GtkLabel *title_label;
  GtkWidget *return_button;
  GtkWidget *submit_button;
  GtkWidget *approve_button;
  GtkWidget *new_version_button;
  GtkLevelBar *coverage_bar;
  GtkLabel *coverage_label;
  GtkLabel *review_label;
  GtkWidget *notice_box;
  GtkLabel *notice_label;
  GtkStack *view_stack;
  PsemsPlanEditor *editor;
  GtkWidget *add_facility_button;
  PsemsPlanDiffView *diff_view;

  PsemsStore *store;
  PsemsActor *actor;
  gulong changed_handler;
  guint reload_source;

  gint64 facility_id;
  char *facility_name;
  GPtrArray *plans;             /* PsemsPlan of the facility, newest first */
  gint64 plan_id;               /* the version shown */
  char *view;                   /* "editor" or "history" */
  gboolean updating;
};

G_DEFINE_FINAL_TYPE (PsemsPlansPage, psems_plans_page, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_FACILITY_ID,
  PROP_PLAN_ID,
  PROP_VIEW,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void reload (PsemsPlansPage *self);

static void
show_toast (PsemsPlansPage *self,
            const char     *title)
{
  adw_toast_overlay_add_toast (self->toast_overlay, psems_ui_new_toast (title));
}

static void
show_error_dialog (PsemsPlansPage *self,
                   const char     *heading,
                   const GError   *error)
{
  psems_ui_show_error_dialog (GTK_WIDGET (self), "plan-error", heading, error);
}

static PsemsPlan *
get_plan (PsemsPlansPage *self)
{
  for (guint i = 0; self->plans != NULL && i < self->plans->len; i++)
    {
      PsemsPlan *plan = g_ptr_array_index (self->plans, i);

      if (plan->id == self->plan_id)
        return plan;
    }
  return NULL;
}

static gboolean
has_open_version (PsemsPlansPage *self)
{
  for (guint i = 0; self->plans != NULL && i < self->plans->len; i++)
    {
      PsemsPlan *plan = g_ptr_array_index (self->plans, i);

      if (plan->status == PSEMS_PLAN_DRAFT || plan->status == PSEMS_PLAN_SUBMITTED)
        return TRUE;
    }
  return FALSE;
}

/* Saves the element being edited before anything moves the editor; says so when it cannot. */
static gboolean
save_pending (PsemsPlansPage *self)
{
  g_autoptr(GError) error = NULL;

  if (psems_plan_editor_save (self->editor, &error))
    return TRUE;
  show_error_dialog (self, _("Element Not Saved"), error);
  return FALSE;
}

static void
update_actions (PsemsPlansPage *self)
{
  PsemsPlan *plan = get_plan (self);
  gboolean have_store = self->store != NULL;
  gboolean draft = plan != NULL && plan->status == PSEMS_PLAN_DRAFT;
  gboolean submitted = plan != NULL && plan->status == PSEMS_PLAN_SUBMITTED;
  gboolean can_start = have_store && self->facility_id != 0 && !has_open_version (self);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "plan.submit", draft);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "plan.return-to-draft", submitted);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "plan.approve", submitted);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "plan.new-version", can_start);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "page.new",
                                 can_start && psems_page_may_create (self->store, self->actor, "plan"));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "plan.save-element",
                                 draft && psems_plan_editor_get_dirty (self->editor));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "plan.revert-element",
                                 draft && psems_plan_editor_get_dirty (self->editor));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "plan.set-element-status", draft);

  /* Only the steps that apply now are offered; the menu of a narrow window lists them all. */
  gtk_widget_set_visible (self->submit_button, draft);
  gtk_widget_set_visible (self->return_button, submitted);
  gtk_widget_set_visible (self->approve_button, submitted);
  gtk_widget_set_visible (self->new_version_button, can_start);
}

static void
set_status_pill (GtkLabel        *label,
                 PsemsPlanStatus  status)
{
  static const char * const classes[] = {
    "plan-draft", "plan-submitted", "plan-approved", "plan-superseded"
  };

  for (guint i = 0; i < G_N_ELEMENTS (classes); i++)
    gtk_widget_remove_css_class (GTK_WIDGET (label), classes[i]);
  if ((guint) status < G_N_ELEMENTS (classes))
    gtk_widget_add_css_class (GTK_WIDGET (label), classes[status]);
  gtk_label_set_text (label, psems_plan_status_label (status));
}

static void
update_coverage (PsemsPlansPage  *self,
                 const PsemsPlan *plan)
{
  GPtrArray *elements = psems_plan_editor_get_elements (self->editor);
  guint n_required = 0, n_complete = 0, n_gaps = 0;
  g_autofree char *complete = NULL;
  g_autofree char *text = NULL;
  g_autofree char *gaps = NULL;

  if (elements != NULL)
    {
      for (guint i = 0; i < elements->len; i++)
        {
          PsemsPlanElement *element = g_ptr_array_index (elements, i);

          if (!element->required)
            continue;
          n_required++;
          if (element->status == PSEMS_ELEMENT_COMPLETE)
            n_complete++;
          else if (element->status == PSEMS_ELEMENT_MISSING)
            n_gaps++;
        }
    }
  else
    {
      n_required = plan->n_required;
      n_complete = plan->n_complete;
      n_gaps = plan->n_missing_required;
    }

  /* Translators: "12 of 15 required elements complete" */
  complete = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u of %u required element complete",
                                           "%u of %u required elements complete", n_required),
                              n_complete, n_required);
  if (n_gaps > 0)
    {
      gaps = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u gap", "%u gaps", n_gaps), n_gaps);
      /* Translators: the coverage, then the gaps: "12 of 15 required elements complete — 3 gaps" */
      text = g_strdup_printf (_("%s — %s"), complete, gaps);
    }
  else
    {
      text = g_steal_pointer (&complete);
    }
  gtk_label_set_text (self->coverage_label, text);
  if (n_gaps > 0)
    gtk_widget_add_css_class (GTK_WIDGET (self->coverage_label), "warning");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->coverage_label), "warning");
  gtk_level_bar_set_value (self->coverage_bar,
                           n_required > 0 ? (double) n_complete / n_required : 1.0);
}

static void
update_header (PsemsPlansPage *self)
{
  PsemsPlan *plan = get_plan (self);
  g_autofree char *notice = NULL;
  g_autofree char *review = NULL;

  if (plan == NULL)
    return;

  set_status_pill (self->status_label, plan->status);
  gtk_label_set_text (self->title_label, plan->title);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->title_label), plan->title);
  update_coverage (self, plan);

  gtk_widget_remove_css_class (GTK_WIDGET (self->review_label), "error");
  if (plan->next_review_due != NULL && plan->status == PSEMS_PLAN_APPROVED)
    {
      g_autofree char *due = psems_ui_format_date (plan->next_review_due);
      g_autofree char *today = psems_ui_dup_today_text ();

      if (g_strcmp0 (plan->next_review_due, today) < 0)
        {
          /* Translators: %s is a date */
          review = g_strdup_printf (_("Review overdue since %s"), due);
          gtk_widget_add_css_class (GTK_WIDGET (self->review_label), "error");
        }
      else
        {
          /* Translators: %s is a date */
          review = g_strdup_printf (_("Next review due %s"), due);
        }
    }
  else if (plan->submitted_on != NULL && plan->status == PSEMS_PLAN_SUBMITTED)
    {
      g_autofree char *on = psems_ui_format_date (plan->submitted_on);

      /* Translators: %s is a date */
      review = g_strdup_printf (_("Submitted %s"), on);
    }
  gtk_label_set_text (self->review_label, review != NULL ? review : "");

  switch (plan->status)
    {
    case PSEMS_PLAN_SUBMITTED:
      {
        g_autofree char *on = psems_ui_format_date (plan->submitted_on);

        /* Translators: %s is a date */
        notice = g_strdup_printf (_("Submitted on %s and awaiting approval — read-only. Return it "
                                    "to "
                                    "draft to make changes."), on != NULL ? on : "");
      }
      break;
    case PSEMS_PLAN_APPROVED:
      {
        g_autofree char *on = psems_ui_format_date (plan->approved_on);

        if (plan->approval_ref != NULL && *plan->approval_ref != '\0')
          /* Translators: a date, the approving authority and its reference */
          notice = g_strdup_printf (_("Approved on %s by %s (%s) — read-only. Start a new version "
                                      "to "
                                      "make changes."), on, plan->approved_by, plan->approval_ref);
        else
          /* Translators: a date and the approving authority */
          notice = g_strdup_printf (_("Approved on %s by %s — read-only. Start a new version to "
                                      "make "
                                      "changes."), on, plan->approved_by);
      }
      break;
    case PSEMS_PLAN_SUPERSEDED:
      {
        g_autofree char *on = psems_ui_format_date (plan->superseded_on);
        g_autofree char *approved = psems_ui_format_date (plan->approved_on);

        /* Translators: two dates and the approving authority */
        notice = g_strdup_printf (_("Superseded on %s — read-only. Approved on %s by %s."), on,
                                  approved != NULL ? approved : "", plan->approved_by);
      }
      break;
    case PSEMS_PLAN_DRAFT:
    default:
      break;
    }
  gtk_label_set_text (self->notice_label, notice != NULL ? notice : "");
  gtk_widget_set_visible (self->notice_box, notice != NULL);
}

static void
fill_versions (PsemsPlansPage *self)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) labels = NULL;
  guint selected = 0;

  for (guint i = 0; self->plans != NULL && i < self->plans->len; i++)
    {
      PsemsPlan *plan = g_ptr_array_index (self->plans, i);
      /* Translators: a plan version: "Version 3" */
      g_autofree char *label = g_strdup_printf (_("Version %d"), plan->version);

      g_strv_builder_add (builder, label);
      if (plan->id == self->plan_id)
        selected = i;
    }
  labels = g_strv_builder_end (builder);

  self->updating = TRUE;
  gtk_string_list_splice (self->version_model, 0,
                          g_list_model_get_n_items (G_LIST_MODEL (self->version_model)),
                          (const char * const *) labels);
  gtk_drop_down_set_selected (self->version_dropdown, selected);
  self->updating = FALSE;
}

static GtkWidget *
create_overview_row (const PsemsFacility *facility,
                     const PsemsPlan     *latest)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *arrow = gtk_image_new_from_icon_name ("go-next-symbolic");
  g_autofree char *subtitle = NULL;

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), facility->name);
  if (latest == NULL)
    subtitle = g_strdup (_("No plan yet"));
  else if (latest->n_missing_required > 0)
    /* Translators: a plan version, its status and its gaps: "Version 2, draft — 3 gaps" */
    subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Version %d, %s — %u gap",
                                             "Version %d, %s — %u gaps",
                                             latest->n_missing_required),
                                latest->version, psems_plan_status_label (latest->status),
                                latest->n_missing_required);
  else
    /* Translators: a plan version and its status: "Version 2, approved" */
    subtitle = g_strdup_printf (_("Version %d, %s"), latest->version,
                                psems_plan_status_label (latest->status));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), arrow);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (row), "plan.show-facility");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (row), "x", facility->id);
  return row;
}

static void
fill_overview (PsemsPlansPage *self)
{
  g_autoptr(GPtrArray) facilities = NULL;
  g_autoptr(GPtrArray) plans = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->overview_list))) != NULL
         && GTK_IS_LIST_BOX_ROW (child))
    gtk_list_box_remove (self->overview_list, child);

  facilities = psems_facility_list (self->store, FALSE, &error);
  if (facilities != NULL)
    plans = psems_plan_list (self->store, 0, &error);
  if (facilities == NULL || plans == NULL)
    {
      adw_status_page_set_description (self->choose_page, error->message);
      return;
    }
  for (guint i = 0; i < facilities->len; i++)
    {
      const PsemsFacility *facility = g_ptr_array_index (facilities, i);
      const PsemsPlan *latest = NULL;

      /* Newest first within each facility: the first one met is the latest. */
      for (guint j = 0; j < plans->len && latest == NULL; j++)
        if (((PsemsPlan *) g_ptr_array_index (plans, j))->facility_id == facility->id)
          latest = g_ptr_array_index (plans, j);
      gtk_list_box_append (self->overview_list, create_overview_row (facility, latest));
    }
  gtk_widget_set_visible (GTK_WIDGET (self->overview_list), facilities->len > 0);
  gtk_widget_set_visible (self->add_facility_button, facilities->len == 0);
  adw_status_page_set_description (self->choose_page,
                                   facilities->len > 0
                                   ? _("Each port facility has its own security plan. Choose one "
                                       "here or in the header bar.")
                                   : _("Add a facility first; its security plan follows."));
}

static void
reload (PsemsPlansPage *self)
{
  g_autoptr(GError) error = NULL;
  PsemsPlan *plan;

  g_clear_handle_id (&self->reload_source, g_source_remove);
  if (self->store == NULL)
    {
      gtk_stack_set_visible_child_name (self->state_stack, "no-database");
      update_actions (self);
      return;
    }
  if (self->facility_id == 0)
    {
      g_clear_pointer (&self->plans, g_ptr_array_unref);
      fill_overview (self);
      gtk_stack_set_visible_child_name (self->state_stack, "choose");
      update_actions (self);
      return;
    }

  g_clear_pointer (&self->facility_name, g_free);
  {
    g_autoptr(PsemsFacility) facility = psems_facility_get (self->store, self->facility_id, NULL);

    self->facility_name = facility != NULL ? g_strdup (facility->name) : NULL;
  }

  g_clear_pointer (&self->plans, g_ptr_array_unref);
  self->plans = psems_plan_list (self->store, self->facility_id, &error);
  if (self->plans == NULL)
    {
      show_error_dialog (self, _("Plans Unavailable"), error);
      return;
    }

  if (self->plans->len == 0)
    {
      g_autofree char *title = NULL;

      self->plan_id = 0;
      psems_plan_editor_set_plan (self->editor, NULL);
      /* Translators: %s is a facility's name */
      title = g_strdup_printf (_("No Security Plan for %s Yet"),
                               self->facility_name != NULL ? self->facility_name : "");
      adw_status_page_set_title (self->no_plan_page, title);
      adw_status_page_set_description (self->no_plan_page,
                                       _("The first version starts with every element the ISPS "
                                        "Code asks a plan to address (A/16.3), each with room "
                                        "for the measures at security levels 1, 2 and 3."));
      gtk_stack_set_visible_child_name (self->state_stack, "no-plan");
      update_actions (self);
      return;
    }

  if (get_plan (self) == NULL)
    {
      /* Start on the version being worked on, or else the latest. */
      self->plan_id = ((PsemsPlan *) g_ptr_array_index (self->plans, 0))->id;
      for (guint i = 0; i < self->plans->len; i++)
        {
          PsemsPlan *candidate = g_ptr_array_index (self->plans, i);

          if (candidate->status == PSEMS_PLAN_DRAFT || candidate->status == PSEMS_PLAN_SUBMITTED)
            {
              self->plan_id = candidate->id;
              break;
            }
        }
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PLAN_ID]);
    }
  plan = get_plan (self);

  fill_versions (self);
  psems_plan_editor_set_plan (self->editor, plan);
  update_header (self);
  if (g_strcmp0 (self->view, "history") == 0)
    psems_plan_diff_view_set_plans (self->diff_view, self->plans, self->plan_id);
  gtk_stack_set_visible_child_name (self->state_stack, "plan");
  update_actions (self);
}

static void
store_changed_cb (PsemsStore     *store,
                  const char     *entity,
                  gint64          id,
                  PsemsPlansPage *self)
{
  psems_ui_queue_reload (&self->reload_source, "[psems] plans reload", (PsemsUiReloadFunc) reload,
                         self);
}

static void
select_plan (PsemsPlansPage *self,
             gint64          plan_id)
{
  if (plan_id == self->plan_id)
    return;
  save_pending (self);
  self->plan_id = plan_id;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PLAN_ID]);
  reload (self);
}

static void
version_selected_cb (PsemsPlansPage *self)
{
  guint position = gtk_drop_down_get_selected (self->version_dropdown);

  if (self->updating || self->plans == NULL || position >= self->plans->len)
    return;
  select_plan (self, ((PsemsPlan *) g_ptr_array_index (self->plans, position))->id);
}

static void
editor_dirty_cb (PsemsPlansPage *self)
{
  update_actions (self);
}

static void
editor_element_cb (PsemsPlansPage *self)
{
  const char *key = psems_plan_editor_get_element_key (self->editor);

  if (key != NULL)
    psems_plan_diff_view_set_element_key (self->diff_view, key);
}

static void
editor_save_failed_cb (PsemsPlansPage *self,
                       const GError   *error)
{
  show_error_dialog (self, _("Element Not Saved"), error);
}

/* ───────────────────────────── actions ───────────────────────────── */

static void
create_version (PsemsPlansPage *self,
                const char     *template_id)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *ref = NULL;
  g_autofree char *text = NULL;
  gint64 id;

  id = psems_plan_new_version (self->store, self->actor, self->facility_id, NULL, template_id, &ref,
                               &error);
  if (id <= 0)
    {
      show_error_dialog (self, _("Version Not Started"), error);
      return;
    }
  self->plan_id = id;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PLAN_ID]);
  reload (self);
  {
    PsemsPlan *plan = get_plan (self);

    /* Translators: a plan version's number and its reference */
    text = g_strdup_printf (_("Version %d started as %s"), plan != NULL ? plan->version : 0, ref);
  }
  show_toast (self, text);
}

static void
template_chosen_cb (AdwMessageDialog *dialog,
                    const char       *response,
                    gpointer          user_data)
{
  PsemsPlansPage *self = g_object_get_data (G_OBJECT (dialog), "psems-page");
  GPtrArray *templates = g_object_get_data (G_OBJECT (dialog), "psems-templates");
  AdwComboRow *row = g_object_get_data (G_OBJECT (dialog), "psems-row");
  guint position = adw_combo_row_get_selected (row);

  if (g_str_equal (response, "start") && position < templates->len)
    create_version (self, ((PsemsPlanTemplate *) g_ptr_array_index (templates, position))->id);
}

static void
new_version_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  PsemsPlansPage *self = PSEMS_PLANS_PAGE (widget);
  g_autoptr(GPtrArray) templates = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GtkStringList) titles = NULL;
  GtkWidget *dialog, *list, *row;

  if (self->store == NULL || self->facility_id == 0 || !save_pending (self))
    return;

  /* A later version copies the latest; only the first asks which template, if there is a choice. */
  if (self->plans != NULL && self->plans->len > 0)
    {
      create_version (self, NULL);
      return;
    }
  templates = psems_plan_template_load_all (&problems);
  if (templates == NULL || templates->len <= 1)
    {
      create_version (self, templates != NULL && templates->len == 1
                            ? ((PsemsPlanTemplate *) g_ptr_array_index (templates, 0))->id : NULL);
      return;
    }

  titles = gtk_string_list_new (NULL);
  for (guint i = 0; i < templates->len; i++)
    gtk_string_list_append (titles, ((PsemsPlanTemplate *) g_ptr_array_index (templates,
                                                                              i))->title);
  dialog = adw_message_dialog_new (psems_ui_get_window (GTK_WIDGET (self)),
                                   _("Start the First Version"),
                                   _("Choose the list of elements the plan must address."));
  list = gtk_list_box_new ();
  gtk_widget_add_css_class (list, "boxed-list");
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  row = adw_combo_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Template"));
  adw_combo_row_set_model (ADW_COMBO_ROW (row), G_LIST_MODEL (titles));
  gtk_list_box_append (GTK_LIST_BOX (list), row);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), list);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "start", _("_Start"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "start",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "psems-page", g_object_ref (self), g_object_unref);
  g_object_set_data_full (G_OBJECT (dialog), "psems-templates", g_steal_pointer (&templates),
                          (GDestroyNotify) g_ptr_array_unref);
  g_object_set_data (G_OBJECT (dialog), "psems-row", row);
  g_signal_connect (dialog, "response", G_CALLBACK (template_chosen_cb), NULL);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
submit_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  PsemsPlansPage *self = PSEMS_PLANS_PAGE (widget);
  PsemsPlan *plan = get_plan (self);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  GDate today;
  int version;

  if (plan == NULL || !save_pending (self))
    return;
  version = plan->version;
  g_date_clear (&today, 1);
  g_date_set_dmy (&today, g_date_time_get_day_of_month (now), g_date_time_get_month (now),
                  g_date_time_get_year (now));
  if (!psems_plan_submit (self->store, self->actor, plan->id, &today, &error))
    {
      show_error_dialog (self, _("Plan Not Submitted"), error);
      return;
    }
  reload (self);
  /* Translators: %d is a plan version's number */
  text = g_strdup_printf (_("Version %d submitted for approval"), version);
  show_toast (self, text);
}

static void
return_response_cb (AdwMessageDialog *dialog,
                    const char       *response,
                    gpointer          user_data)
{
  PsemsPlansPage *self = g_object_get_data (G_OBJECT (dialog), "psems-page");
  AdwEntryRow *row = g_object_get_data (G_OBJECT (dialog), "psems-reason");
  g_autofree char *reason = psems_text_dup_field (gtk_editable_get_text (GTK_EDITABLE (row)));
  g_autoptr(GError) error = NULL;

  if (!g_str_equal (response, "return") || self->store == NULL)
    return;
  if (!psems_plan_return_to_draft (self->store, self->actor, self->plan_id, reason, &error))
    show_error_dialog (self, _("Plan Not Returned to Draft"), error);
  else
    show_toast (self, _("Returned to draft; the plan can be edited again"));
}

static void
return_reason_changed_cb (AdwMessageDialog *dialog)
{
  AdwEntryRow *row = g_object_get_data (G_OBJECT (dialog), "psems-reason");
  g_autofree char *reason = psems_text_dup_field (gtk_editable_get_text (GTK_EDITABLE (row)));

  adw_message_dialog_set_response_enabled (dialog, "return", reason != NULL);
}

static void
return_to_draft_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  PsemsPlansPage *self = PSEMS_PLANS_PAGE (widget);
  GtkWidget *dialog, *list, *row;

  if (get_plan (self) == NULL)
    return;
  dialog = adw_message_dialog_new (psems_ui_get_window (GTK_WIDGET (self)),
                                   _("Return to Draft?"),
                                   _("The version becomes editable again, for instance when the "
                                     "authority asked for changes. The reason is kept in the audit "
                                     "trail."));
  gtk_widget_set_name (dialog, "return-dialog");
  list = gtk_list_box_new ();
  gtk_widget_add_css_class (list, "boxed-list");
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  row = adw_entry_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Reason"));
  gtk_list_box_append (GTK_LIST_BOX (list), row);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), list);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "return", _("_Return to Draft"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "return",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "psems-page", g_object_ref (self), g_object_unref);
  g_object_set_data (G_OBJECT (dialog), "psems-reason", row);
  g_signal_connect_swapped (row, "changed", G_CALLBACK (return_reason_changed_cb), dialog);
  g_signal_connect (dialog, "response", G_CALLBACK (return_response_cb), NULL);
  return_reason_changed_cb (ADW_MESSAGE_DIALOG (dialog));
  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (row);
}

static void
approve_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  PsemsPlansPage *self = PSEMS_PLANS_PAGE (widget);
  PsemsPlan *plan = get_plan (self);
  PsemsApproveDialog *dialog;

  if (plan == NULL)
    return;
  dialog = psems_approve_dialog_new (psems_ui_get_window (GTK_WIDGET (self)), self->store,
                                     self->actor, plan);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
save_element_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  PsemsPlansPage *self = PSEMS_PLANS_PAGE (widget);

  if (save_pending (self))
    update_header (self);
}

static void
revert_element_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  psems_plan_editor_revert (PSEMS_PLANS_PAGE (widget)->editor);
}

static void
select_element_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  PsemsPlansPage *self = PSEMS_PLANS_PAGE (widget);

  psems_plan_editor_select_element (self->editor, g_variant_get_string (parameter, NULL));
}

static void
set_element_status_action (GtkWidget  *widget,
                           const char *action_name,
                           GVariant   *parameter)
{
  PsemsPlansPage *self = PSEMS_PLANS_PAGE (widget);
  PsemsElementStatus status;

  if (psems_element_status_from_string (g_variant_get_string (parameter, NULL), &status))
    psems_plan_editor_set_status (self->editor, status);
}

static void
select_version_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  select_plan (PSEMS_PLANS_PAGE (widget), g_variant_get_int64 (parameter));
}

static void
show_facility_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  /* The header bar's switcher holds the facility; choosing it there brings the window to the
   * dashboard, so come back here afterwards. */
  gtk_widget_activate_action_variant (widget, "win.select-facility", parameter);
  gtk_widget_activate_action (widget, "win.show-section", "s", "plans");
}

static void
show_elements_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  psems_plan_editor_show_elements (PSEMS_PLANS_PAGE (widget)->editor);
}

/* ───────────────────────────── the class ───────────────────────────── */

static void
set_facility_id (PsemsPlansPage *self,
                 gint64          facility_id)
{
  if (self->facility_id == facility_id)
    return;
  save_pending (self);
  self->facility_id = facility_id;
  self->plan_id = 0;
  reload (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FACILITY_ID]);
}

static void
set_view (PsemsPlansPage *self,
          const char     *view)
{
  if (view == NULL || g_strcmp0 (self->view, view) == 0)
    return;
  if (!g_str_equal (view, "editor") && !g_str_equal (view, "history"))
    return;
  if (g_str_equal (view, "history"))
    {
      save_pending (self);
      psems_plan_diff_view_set_plans (self->diff_view, self->plans, self->plan_id);
      editor_element_cb (self);
    }
  g_free (self->view);
  self->view = g_strdup (view);
  gtk_stack_set_visible_child_name (self->view_stack, view);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VIEW]);
}

static void
psems_plans_page_dispose (GObject *object)
{
  PsemsPlansPage *self = PSEMS_PLANS_PAGE (object);

  g_clear_handle_id (&self->reload_source, g_source_remove);
  psems_ui_follow_store (&self->store, &self->changed_handler, NULL, NULL, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), PSEMS_TYPE_PLANS_PAGE);

  G_OBJECT_CLASS (psems_plans_page_parent_class)->dispose (object);
}

static void
psems_plans_page_finalize (GObject *object)
{
  PsemsPlansPage *self = PSEMS_PLANS_PAGE (object);

  g_clear_pointer (&self->actor, psems_actor_unref);
  g_clear_pointer (&self->plans, g_ptr_array_unref);
  g_clear_pointer (&self->facility_name, g_free);
  g_clear_pointer (&self->view, g_free);

  G_OBJECT_CLASS (psems_plans_page_parent_class)->finalize (object);
}

static void
psems_plans_page_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  PsemsPlansPage *self = PSEMS_PLANS_PAGE (object);

  switch (prop_id)
    {
    case PROP_FACILITY_ID:
      g_value_set_int64 (value, self->facility_id);
      break;
    case PROP_PLAN_ID:
      g_value_set_int64 (value, self->plan_id);
      break;
    case PROP_VIEW:
      g_value_set_string (value, self->view);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
psems_plans_page_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  PsemsPlansPage *self = PSEMS_PLANS_PAGE (object);

  switch (prop_id)
    {
    case PROP_FACILITY_ID:
      set_facility_id (self, g_value_get_int64 (value));
      break;
    case PROP_VIEW:
      set_view (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

/* Ctrl+F: search the plan's elements (the page lists no other records). */
static void
find_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  PsemsPlansPage *self = PSEMS_PLANS_PAGE (widget);

  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->state_stack), "plan") != 0)
    {
      gtk_widget_error_bell (widget);
      return;
    }
  gtk_stack_set_visible_child_name (self->view_stack, "editor");
  psems_plan_editor_start_search (self->editor);
}

static void
psems_plans_page_class_init (PsemsPlansPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = psems_plans_page_dispose;
  object_class->finalize = psems_plans_page_finalize;
  object_class->get_property = psems_plans_page_get_property;
  object_class->set_property = psems_plans_page_set_property;

  /**
   * PsemsPlansPage:facility-id:
   *
   * The facility whose plan is shown (the header bar's choice); 0 lists every facility.
   */
  properties[PROP_FACILITY_ID] =
    g_param_spec_int64 ("facility-id", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PLAN_ID] =
    g_param_spec_int64 ("plan-id", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * PsemsPlansPage:view:
   *
   * "editor" for the elements of a version, "history" to compare versions.
   */
  properties[PROP_VIEW] =
    g_param_spec_string ("view", NULL, NULL, "editor",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (PSEMS_TYPE_PLAN_EDITOR);
  g_type_ensure (PSEMS_TYPE_PLAN_DIFF_VIEW);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/ui/psems-plans-page.ui");
  gtk_widget_class_bind_template_child (widget_class, PsemsPlansPage, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, PsemsPlansPage, state_stack);
  gtk_widget_class_bind_template_child (widget_class, PsemsPlansPage, choose_page);
  gtk_widget_class_bind_template_child (widget_class, PsemsPlansPage, overview_list);
  gtk_widget_class_bind_template_child (widget_class, PsemsPlansPage, add_facility_button);
  gtk_widget_class_bind_template_child (widget_class, PsemsPlansPage, no_plan_page);
  gtk_widget_class_bind_template_child (widget_class, PsemsPlansPage, version_dropdown);
  gtk_widget_class_bind_template_child (widget_class, PsemsPlansPage, version_model);
  gtk_widget_class_bind_template_child (widget_class, PsemsPlansPage, status_label);
  gtk_widget_class_bind_template_child (widget_class, PsemsPlansPage, title_label);
  gtk_widget_class_bind_template_child (widget_class, PsemsPlansPage, return_button);
  gtk_widget_class_bind_template_child (widget_class, PsemsPlansPage, submit_button);
  gtk_widget_class_bind_template_child (widget_class, PsemsPlansPage, approve_button);
  gtk_widget_class_bind_template_child (widget_class, PsemsPlansPage, new_version_button);
  gtk_widget_class_bind_template_child (widget_class, PsemsPlansPage, coverage_bar);
  gtk_widget_class_bind_template_child (widget_class, PsemsPlansPage, coverage_label);
  gtk_widget_class_bind_template_child (widget_class, PsemsPlansPage, review_label);
  gtk_widget_class_bind_template_child (widget_class, PsemsPlansPage, notice_box);
  gtk_widget_class_bind_template_child (widget_class, PsemsPlansPage, notice_label);
  gtk_widget_class_bind_template_child (widget_class, PsemsPlansPage, view_stack);
  gtk_widget_class_bind_template_child (widget_class, PsemsPlansPage, editor);
  gtk_widget_class_bind_template_child (widget_class, PsemsPlansPage, diff_view);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);

  gtk_widget_class_install_action (widget_class, "plan.new-version", NULL, new_version_action);
  psems_page_install_habits (widget_class, find_action, new_version_action);
  gtk_widget_class_install_action (widget_class, "plan.submit", NULL, submit_action);
  gtk_widget_class_install_action (widget_class, "plan.return-to-draft", NULL,
                                   return_to_draft_action);
  gtk_widget_class_install_action (widget_class, "plan.approve", NULL, approve_action);
  gtk_widget_class_install_action (widget_class, "plan.save-element", NULL, save_element_action);
  gtk_widget_class_install_action (widget_class, "plan.revert-element", NULL,
                                   revert_element_action);
  gtk_widget_class_install_action (widget_class, "plan.select-element", "s", select_element_action);
  gtk_widget_class_install_action (widget_class, "plan.set-element-status", "s",
                                   set_element_status_action);
  gtk_widget_class_install_action (widget_class, "plan.select-version", "x", select_version_action);
  gtk_widget_class_install_action (widget_class, "plan.show-facility", "x", show_facility_action);
  gtk_widget_class_install_action (widget_class, "plan.show-elements", NULL, show_elements_action);
  gtk_widget_class_install_property_action (widget_class, "plan.view", "view");
}

static void
psems_plans_page_init (PsemsPlansPage *self)
{
  GtkEventController *shortcuts;
  GtkShortcut *save;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->view = g_strdup ("editor");
  g_signal_connect_swapped (self->version_dropdown, "notify::selected",
                            G_CALLBACK (version_selected_cb), self);
  g_signal_connect_swapped (self->editor, "notify::dirty", G_CALLBACK (editor_dirty_cb), self);
  g_signal_connect_swapped (self->editor, "notify::element-key", G_CALLBACK (editor_element_cb),
                            self);
  g_signal_connect_swapped (self->editor, "save-failed", G_CALLBACK (editor_save_failed_cb), self);

  /* Ctrl+S while the page is shown, wherever the focus is in it or around it. */
  shortcuts = gtk_shortcut_controller_new ();
  gtk_shortcut_controller_set_scope (GTK_SHORTCUT_CONTROLLER (shortcuts),
                                     GTK_SHORTCUT_SCOPE_MANAGED);
  save = gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_s, GDK_CONTROL_MASK),
                           gtk_named_action_new ("plan.save-element"));
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts), save);
  gtk_widget_add_controller (GTK_WIDGET (self), shortcuts);

  gtk_stack_set_visible_child_name (self->state_stack, "no-database");
  update_actions (self);
}

GtkWidget *
psems_plans_page_new (void)
{
  return g_object_new (PSEMS_TYPE_PLANS_PAGE, NULL);
}

/**
 * psems_plans_page_set_store:
 * @store: (nullable): the database, or %NULL when none is open
 * @actor: (nullable): who writes; needed with a store
 */
void
psems_plans_page_set_store (PsemsPlansPage *self,
                            PsemsStore     *store,
                            PsemsActor     *actor)
{
  g_return_if_fail (PSEMS_IS_PLANS_PAGE (self));
  g_return_if_fail (store == NULL || PSEMS_IS_STORE (store));
  g_return_if_fail (store == NULL || actor != NULL);

  if (actor != NULL)
    psems_actor_ref (actor);
  g_clear_pointer (&self->actor, psems_actor_unref);
  self->actor = actor;

  if (self->store == store)
    return;
  psems_ui_follow_store (&self->store, &self->changed_handler, store,
                         G_CALLBACK (store_changed_cb), self);

  psems_plan_editor_set_store (self->editor, store, actor);
  psems_plan_diff_view_set_store (self->diff_view, store);
  /* Ids belong to the database they came from. */
  self->facility_id = 0;
  self->plan_id = 0;
  reload (self);
}

gint64
psems_plans_page_get_plan_id (PsemsPlansPage *self)
{
  g_return_val_if_fail (PSEMS_IS_PLANS_PAGE (self), 0);
  return self->plan_id;
}

/**
 * psems_plans_page_get_editor:
 *
 * Returns: (transfer none): the element editor
 */
PsemsPlanEditor *
psems_plans_page_get_editor (PsemsPlansPage *self)
{
  g_return_val_if_fail (PSEMS_IS_PLANS_PAGE (self), NULL);
  return self->editor;
}

/**
 * psems_plans_page_get_diff_view:
 *
 * Returns: (transfer none): the version comparison
 */
PsemsPlanDiffView *
psems_plans_page_get_diff_view (PsemsPlansPage *self)
{
  g_return_val_if_fail (PSEMS_IS_PLANS_PAGE (self), NULL);
  return self->diff_view;
}
