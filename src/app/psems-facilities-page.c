/* psems-facilities-page.c — the facilities: a list beside the chosen one, edited in place. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "psems-facilities-page.h"
#include "psems-facility.h"
#include "psems-level-dialog.h"
#include "psems-level-indicator.h"
#include "psems-problem-row.h"
#include "psems-page-habits.h"
#include "psems-ui-util.h"
#include "psems-undo.h"

struct _PsemsFacilitiesPage
{
  GtkWidget parent_instance;

  AdwToastOverlay *toast_overlay;
  GtkStack *state_stack;
  AdwLeaflet *leaflet;
  GtkSearchBar *search_bar;
  GtkSearchEntry *search_entry;
  GtkListBox *facility_list;
  GtkStack *detail_stack;
  GtkScrolledWindow *detail_scroller;
  GtkWidget *back_button;
  GtkLabel *title_label;
  GtkLabel *subtitle_label;
  PsemsLevelIndicator *detail_level;
  GtkWidget *archived_notice;
  GtkLabel *archived_label;
  GtkButton *restore_button;
  GtkWidget *identity_group;
  GtkWidget *contact_group;
  GtkWidget *initial_group;
  GtkWidget *level_group;
  GtkWidget *areas_group;
  GtkWidget *archive_group;
  AdwEntryRow *name_row;
  AdwEntryRow *code_row;
  AdwComboRow *kind_row;
  AdwEntryRow *locode_row;
  AdwEntryRow *imo_row;
  AdwActionRow *pfso_row;
  AdwEntryRow *contact_row;
  AdwEntryRow *address_row;
  AdwEntryRow *tz_row;
  GtkWidget *name_problem;
  GtkWidget *code_problem;
  GtkWidget *kind_problem;
  GtkWidget *locode_problem;
  GtkWidget *imo_problem;
  GtkWidget *contact_problem;
  GtkWidget *address_problem;
  GtkWidget *tz_problem;
  AdwComboRow *initial_level_row;
  GtkListBox *level_list;
  GtkListBox *area_list;
  GtkRevealer *save_revealer;
  GtkLabel *save_label;
  GtkButton *save_button;

  PsemsStore *store;
  PsemsActor *actor;
  gulong changed_handler;
  guint reload_source;

  GPtrArray *facilities;        /* PsemsFacility, as listed */
  GPtrArray *level_changes;     /* PsemsLevelChange of the facility shown, newest first */
  GPtrArray *areas;             /* PsemsArea of the facility shown */
  PsemsFacility *loaded;        /* what the form was filled from; NULL while creating */
  GPtrArray *problems;          /* what core finds wrong with the form, as of the last edit */
  GHashTable *touched;          /* fields the user has typed in */
  char *error_field;            /* a field core refused on the last save … */
  char *error_message;          /* … and why, shown until the field is edited */
  gint64 selected_id;
  gint64 header_facility_id;
  gboolean creating;
  gboolean show_archived;
  gboolean filling;             /* the form is being filled from core, not edited */
  gboolean selecting;           /* the list is being rebuilt */
  gboolean save_attempted;
};

G_DEFINE_FINAL_TYPE (PsemsFacilitiesPage, psems_facilities_page, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_FACILITY_ID,
  PROP_SELECTED_ID,
  PROP_SHOW_ARCHIVED,
  PROP_DIRTY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The form's fields, by the name core's field problems use. */
typedef struct
{
  const char *field;
  gsize row_offset;
  gsize problem_offset;
} Field;

#define FIELD(name, row, problem) \
  { name, G_STRUCT_OFFSET (PsemsFacilitiesPage, row), \
    G_STRUCT_OFFSET (PsemsFacilitiesPage, problem) }

static const Field form_fields[] = {
  FIELD ("name", name_row, name_problem),
  FIELD ("code", code_row, code_problem),
  FIELD ("kind", kind_row, kind_problem),
  FIELD ("un_locode", locode_row, locode_problem),
  FIELD ("imo_number", imo_row, imo_problem),
  FIELD ("contact_24h", contact_row, contact_problem),
  FIELD ("address", address_row, address_problem),
  FIELD ("time_zone", tz_row, tz_problem),
};

static const char * const field_names[] = {
  "name", "code", "kind", "un_locode", "imo_number", "contact_24h", "address", "time_zone", NULL
};

#define FIELD_ROW(self, f) (*(GtkWidget **) G_STRUCT_MEMBER_P (self, (f)->row_offset))
#define FIELD_PROBLEM(self, f) (*(GtkWidget **) G_STRUCT_MEMBER_P (self, (f)->problem_offset))

static void reload (PsemsFacilitiesPage *self);
static gboolean save (PsemsFacilitiesPage *self);

static void
show_toast (PsemsFacilitiesPage *self,
            const char          *title)
{
  adw_toast_overlay_add_toast (self->toast_overlay, psems_ui_new_toast (title));
}

static void
show_error_dialog (PsemsFacilitiesPage *self,
                   const char          *heading,
                   const GError        *error)
{
  psems_ui_show_error_dialog (GTK_WIDGET (self), "facility-error", heading, error);
}

static const char *
facility_title (const PsemsFacility *facility)
{
  return facility->name != NULL && *facility->name != '\0' ? facility->name : facility->code;
}

static PsemsFacility *
find_listed (PsemsFacilitiesPage *self,
             gint64               id)
{
  for (guint i = 0; self->facilities != NULL && i < self->facilities->len; i++)
    {
      PsemsFacility *facility = g_ptr_array_index (self->facilities, i);

      if (facility->id == id)
        return facility;
    }
  return NULL;
}

/* ───────────────────────────── the form ───────────────────────────── */

static const char *
kind_at (guint position)
{
  const char * const *kinds = psems_facility_kinds ();

  for (guint i = 0; kinds[i] != NULL; i++)
    if (i == position)
      return kinds[i];
  return NULL;
}

static guint
kind_position (const char *kind)
{
  const char * const *kinds = psems_facility_kinds ();

  for (guint i = 0; kinds[i] != NULL; i++)
    if (g_strcmp0 (kinds[i], kind) == 0)
      return i;
  return 0;
}

static char *
dup_entry (AdwEntryRow *row)
{
  return psems_text_dup_field (gtk_editable_get_text (GTK_EDITABLE (row)));
}

static char *
dup_entry_upper (AdwEntryRow *row)
{
  g_autofree char *text = dup_entry (row);

  /* UN/LOCODEs and IMO numbers are written in capitals; spare the user the shift key. */
  return text != NULL ? g_ascii_strup (text, -1) : NULL;
}

/* Returns: (transfer full): the facility as the form has it, on top of what was loaded */
static PsemsFacility *
read_form (PsemsFacilitiesPage *self)
{
  PsemsFacility *facility = psems_facility_new ();

  if (self->loaded != NULL && !self->creating)
    {
      facility->id = self->loaded->id;
      facility->ref = g_strdup (self->loaded->ref);
      facility->security_level = self->loaded->security_level;
      facility->pfso_person_id = self->loaded->pfso_person_id;
      facility->pfso_name = g_strdup (self->loaded->pfso_name);
      facility->archived_at = g_strdup (self->loaded->archived_at);
    }
  else
    {
      facility->security_level = (int) adw_combo_row_get_selected (self->initial_level_row) + 1;
    }
  facility->name = dup_entry (self->name_row);
  facility->code = dup_entry (self->code_row);
  facility->kind = g_strdup (kind_at (adw_combo_row_get_selected (self->kind_row)));
  facility->un_locode = dup_entry_upper (self->locode_row);
  facility->imo_number = dup_entry_upper (self->imo_row);
  facility->contact_24h = dup_entry (self->contact_row);
  facility->address = dup_entry (self->address_row);
  facility->time_zone = dup_entry (self->tz_row);
  return facility;
}

static gboolean
facility_differs (const PsemsFacility *a,
                  const PsemsFacility *b)
{
  return g_strcmp0 (a->name, b->name) != 0
         || g_strcmp0 (a->code, b->code) != 0
         || g_strcmp0 (a->kind, b->kind) != 0
         || g_strcmp0 (a->un_locode, b->un_locode) != 0
         || g_strcmp0 (a->imo_number, b->imo_number) != 0
         || g_strcmp0 (a->contact_24h, b->contact_24h) != 0
         || g_strcmp0 (a->address, b->address) != 0
         || g_strcmp0 (a->time_zone, b->time_zone) != 0;
}

static gboolean
form_is_blank (PsemsFacilitiesPage *self)
{
  for (guint i = 0; i < G_N_ELEMENTS (form_fields); i++)
    {
      GtkWidget *row = FIELD_ROW (self, &form_fields[i]);

      if (ADW_IS_ENTRY_ROW (row) && *gtk_editable_get_text (GTK_EDITABLE (row)) != '\0')
        return FALSE;
    }
  return TRUE;
}

/**
 * psems_facilities_page_get_dirty:
 *
 * Returns: whether the form holds changes not yet saved (or a new facility being written)
 */
gboolean
psems_facilities_page_get_dirty (PsemsFacilitiesPage *self)
{
  g_autoptr(PsemsFacility) draft = NULL;

  g_return_val_if_fail (PSEMS_IS_FACILITIES_PAGE (self), FALSE);

  if (self->creating)
    return !form_is_blank (self);
  if (self->loaded == NULL)
    return FALSE;
  draft = read_form (self);
  return facility_differs (draft, self->loaded);
}

static const char *
problem_for (PsemsFacilitiesPage *self,
             const char          *field)
{
  const char *message = psems_ui_find_problem (self->problems, field);

  if (message == NULL && g_strcmp0 (self->error_field, field) == 0)
    message = self->error_message;
  return message;
}

/* Problems core found in fields this form does not show; they would otherwise go unseen. */
static guint
count_other_problems (PsemsFacilitiesPage *self,
                      const char        **first)
{
  guint n = 0;

  *first = NULL;
  for (guint i = 0; self->problems != NULL && i < self->problems->len; i++)
    {
      PsemsFieldProblem *problem = g_ptr_array_index (self->problems, i);

      if (!g_strv_contains (field_names, problem->field))
        {
          if (*first == NULL)
            *first = problem->message;
          n++;
        }
    }
  return n;
}

/* Checks the form with core and shows each problem next to its field; enables what may be done. */
static void
update_form_state (PsemsFacilitiesPage *self)
{
  g_autoptr(PsemsFacility) draft = NULL;
  gboolean archived = !self->creating && self->loaded != NULL && self->loaded->archived_at != NULL;
  gboolean dirty = psems_facilities_page_get_dirty (self);
  guint n_shown = 0;
  const char *other = NULL;

  g_clear_pointer (&self->problems, g_ptr_array_unref);
  if (self->store != NULL && (self->creating || self->loaded != NULL))
    {
      draft = read_form (self);
      self->problems = psems_facility_validate (self->store, draft);
    }

  for (guint i = 0; i < G_N_ELEMENTS (form_fields); i++)
    {
      const Field *f = &form_fields[i];
      const char *message = problem_for (self, f->field);

      /* A new, empty form is not wrong yet: only fields the user has been in, or all after Save. */
      if (self->creating && !self->save_attempted && !g_hash_table_contains (self->touched,
                                                                             f->field))
        message = NULL;
      if (message != NULL)
        n_shown++;
      psems_ui_set_field_problem (FIELD_ROW (self, f), FIELD_PROBLEM (self, f), message);
    }

  if (self->save_attempted && count_other_problems (self, &other) > 0)
    {
      gtk_label_set_text (self->save_label, other);
      gtk_widget_add_css_class (GTK_WIDGET (self->save_label), "error");
      gtk_widget_remove_css_class (GTK_WIDGET (self->save_label), "dim-label");
    }
  else
    {
      g_autofree char *text = NULL;

      if (n_shown > 0)
        text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u field needs attention",
                                             "%u fields need attention", n_shown), n_shown);
      else if (self->creating)
        text = g_strdup (_("New facility, not saved yet"));
      else
        text = g_strdup (_("Unsaved changes"));
      gtk_label_set_text (self->save_label, text);
      if (n_shown > 0)
        {
          gtk_widget_add_css_class (GTK_WIDGET (self->save_label), "error");
          gtk_widget_remove_css_class (GTK_WIDGET (self->save_label), "dim-label");
        }
      else
        {
          gtk_widget_remove_css_class (GTK_WIDGET (self->save_label), "error");
          gtk_widget_add_css_class (GTK_WIDGET (self->save_label), "dim-label");
        }
    }

  gtk_revealer_set_reveal_child (self->save_revealer, self->creating || dirty);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "facility.save",
                                 !archived && (self->creating || dirty));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "facility.cancel", self->creating || dirty);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "facility.new",
                                 psems_page_may_create (self->store, self->actor, "facility"));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "page.new",
                                 psems_page_may_create (self->store, self->actor, "facility"));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "facility.archive",
                                 !self->creating && self->loaded != NULL && !archived);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "facility.change-level",
                                 !self->creating && self->loaded != NULL && !archived);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "facility.add-area",
                                 !self->creating && self->loaded != NULL && !archived);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DIRTY]);
}

static void
set_entry (AdwEntryRow *row,
           const char  *text)
{
  gtk_editable_set_text (GTK_EDITABLE (row), text != NULL ? text : "");
}

static char *
describe_change (const PsemsLevelChange *change)
{
  g_autofree char *changed = psems_ui_format_timestamp (change->changed_at);
  g_autofree char *notified = psems_ui_format_timestamp (change->notified_at);
  g_autofree char *compliant = psems_ui_format_timestamp (change->compliant_at);
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;

  if (change->from_level > 0)
    /* Translators: "From level 1 · 26 Nov 2026, 14:05 by alice" */
    first = g_strdup_printf (_("From level %d · %s by %s"), change->from_level, changed,
                             change->changed_by);
  else
    /* Translators: the first level recorded for a facility: "Set 26 Nov 2026, 14:05 by alice" */
    first = g_strdup_printf (_("Set %s by %s"), changed, change->changed_by);

  second = g_strdup_printf ("%s · %s",
                            notified != NULL ? notified : _("ships not yet notified"),
                            compliant != NULL ? compliant : _("compliance not yet reported"));
  if (notified != NULL || compliant != NULL)
    {
      g_free (second);
      /* Translators: both are times, or "not recorded" */
      second = g_strdup_printf (_("Notified %s · compliant %s"),
                                notified != NULL ? notified : _("not recorded"),
                                compliant != NULL ? compliant : _("not recorded"));
    }
  return g_strdup_printf ("%s\n%s", first, second);
}

static void
fill_level_history (PsemsFacilitiesPage *self)
{
  gboolean archived = self->loaded != NULL && self->loaded->archived_at != NULL;

  psems_ui_clear_list_box (self->level_list);
  for (guint i = 0; self->level_changes != NULL && i < self->level_changes->len; i++)
    {
      PsemsLevelChange *change = g_ptr_array_index (self->level_changes, i);
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *indicator = psems_level_indicator_new (change->level);
      g_autofree char *subtitle = describe_change (change);

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), change->reason);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      gtk_widget_set_valign (indicator, GTK_ALIGN_CENTER);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), indicator);
      if ((change->notified_at == NULL || change->compliant_at == NULL) && !archived)
        {
          GtkWidget *button = gtk_button_new_with_mnemonic (_("Record _Times…"));

          gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
          gtk_widget_add_css_class (button, "flat");
          gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "facility.record-level-times");
          gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "x", change->id);
          gtk_widget_set_tooltip_text (button, _("Record when ships were notified and when the "
                                                 "facility reported compliance"));
          adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
        }
      gtk_list_box_append (self->level_list, row);
    }
}

static void
fill_areas (PsemsFacilitiesPage *self)
{
  gboolean archived = self->loaded != NULL && self->loaded->archived_at != NULL;

  psems_ui_clear_list_box (self->area_list);
  for (guint i = 0; self->areas != NULL && i < self->areas->len; i++)
    {
      PsemsArea *area = g_ptr_array_index (self->areas, i);
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *edit = gtk_button_new_from_icon_name ("document-edit-symbolic");
      GtkWidget *archive = gtk_button_new_from_icon_name ("user-trash-symbolic");
      g_autofree char *subtitle = NULL;

      if (area->description != NULL && *area->description != '\0')
        subtitle = g_strdup_printf ("%s · %s", area->code, area->description);
      else
        subtitle = g_strdup (area->code);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), area->name);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);

      gtk_widget_set_valign (edit, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (edit, "flat");
      gtk_widget_set_tooltip_text (edit, _("Edit the area"));
      gtk_actionable_set_action_name (GTK_ACTIONABLE (edit), "facility.edit-area");
      gtk_actionable_set_action_target (GTK_ACTIONABLE (edit), "x", area->id);
      gtk_widget_set_valign (archive, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (archive, "flat");
      gtk_widget_set_tooltip_text (archive, _("Archive the area"));
      gtk_actionable_set_action_name (GTK_ACTIONABLE (archive), "facility.archive-area");
      gtk_actionable_set_action_target (GTK_ACTIONABLE (archive), "x", area->id);
      gtk_widget_set_sensitive (edit, !archived);
      gtk_widget_set_sensitive (archive, !archived);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), edit);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), archive);
      gtk_list_box_append (self->area_list, row);
    }
}

static void
fill_header (PsemsFacilitiesPage *self)
{
  if (self->creating || self->loaded == NULL)
    {
      gtk_label_set_text (self->title_label, _("New Facility"));
      gtk_label_set_text (self->subtitle_label,
                          _("A name and a short, unique code are all it needs to start; "
                            "the rest can follow."));
      gtk_widget_set_visible (GTK_WIDGET (self->detail_level), FALSE);
      gtk_widget_set_visible (self->archived_notice, FALSE);
      return;
    }

  {
    g_autofree char *subtitle = NULL;
    const char *kind = psems_facility_kind_label (self->loaded->kind);

    /* Translators: a facility's reference, code and kind:
     * "FAC-2026-0001 · NHV-CT · Container terminal" */
    subtitle = g_strdup_printf (_("%s · %s · %s"), self->loaded->ref, self->loaded->code,
                                kind != NULL ? kind : self->loaded->kind);
    gtk_label_set_text (self->title_label, facility_title (self->loaded));
    gtk_label_set_text (self->subtitle_label, subtitle);
    psems_level_indicator_set_level (self->detail_level, self->loaded->security_level);
    gtk_widget_set_visible (GTK_WIDGET (self->detail_level), TRUE);
  }

  if (self->loaded->archived_at != NULL)
    {
      g_autofree char *when = psems_ui_format_timestamp (self->loaded->archived_at);
      g_autofree char *text = NULL;

      /* Translators: %s is a date and time */
      text = g_strdup_printf (_("Archived on %s. Its records are kept; restore it to change it."),
                              when);
      gtk_label_set_text (self->archived_label, text);
      gtk_actionable_set_action_target (GTK_ACTIONABLE (self->restore_button), "x",
                                        self->loaded->id);
    }
  gtk_widget_set_visible (self->archived_notice, self->loaded->archived_at != NULL);
}

/* Puts @self->loaded (or nothing, for a new facility) into the form, forgetting edits. */
static void
fill_form (PsemsFacilitiesPage *self)
{
  const PsemsFacility *facility = self->creating ? NULL : self->loaded;
  gboolean archived = facility != NULL && facility->archived_at != NULL;

  self->filling = TRUE;
  set_entry (self->name_row, facility != NULL ? facility->name : NULL);
  set_entry (self->code_row, facility != NULL ? facility->code : NULL);
  adw_combo_row_set_selected (self->kind_row,
                              kind_position (facility != NULL ? facility->kind : NULL));
  set_entry (self->locode_row, facility != NULL ? facility->un_locode : NULL);
  set_entry (self->imo_row, facility != NULL ? facility->imo_number : NULL);
  set_entry (self->contact_row, facility != NULL ? facility->contact_24h : NULL);
  set_entry (self->address_row, facility != NULL ? facility->address : NULL);
  set_entry (self->tz_row, facility != NULL ? facility->time_zone : NULL);
  adw_combo_row_set_selected (self->initial_level_row, 0);
  if (facility != NULL && facility->pfso_name != NULL)
    adw_action_row_set_subtitle (self->pfso_row, facility->pfso_name);
  else
    adw_action_row_set_subtitle (self->pfso_row,
                                 _("Not assigned yet — the officer is chosen from the people "
                                   "in Personnel"));
  self->filling = FALSE;

  g_hash_table_remove_all (self->touched);
  self->save_attempted = FALSE;
  g_clear_pointer (&self->error_field, g_free);
  g_clear_pointer (&self->error_message, g_free);

  fill_header (self);
  gtk_widget_set_visible (self->initial_group, self->creating);
  gtk_widget_set_visible (GTK_WIDGET (self->pfso_row), !self->creating);
  gtk_widget_set_visible (self->level_group, !self->creating);
  gtk_widget_set_visible (self->areas_group, !self->creating);
  gtk_widget_set_visible (self->archive_group, !self->creating && !archived);
  gtk_widget_set_sensitive (self->identity_group, !archived);
  gtk_widget_set_sensitive (self->contact_group, !archived);
  gtk_button_set_label (self->save_button, self->creating ? _("C_reate Facility") : _("_Save"));
  fill_level_history (self);
  fill_areas (self);
  update_form_state (self);
}

static void
field_changed_cb (GtkWidget           *row,
                  GParamSpec          *pspec,
                  PsemsFacilitiesPage *self)
{
  const char *field = g_object_get_data (G_OBJECT (row), "psems-field");

  if (self->filling)
    return;
  g_hash_table_add (self->touched, (gpointer) field);
  if (g_strcmp0 (self->error_field, field) == 0)
    {
      g_clear_pointer (&self->error_field, g_free);
      g_clear_pointer (&self->error_message, g_free);
    }
  update_form_state (self);
}

/* Core refused a save: next to the field it names, or in a dialog when it names none. */
static void
show_save_error (PsemsFacilitiesPage *self,
                 const GError        *error)
{
  g_autofree char *field = NULL;
  const char *message;

  field = psems_ui_split_field_error (error, field_names, &message);
  if (field == NULL)
    {
      show_error_dialog (self, self->creating ? _("Facility Not Created") : _("Changes Not Saved"),
                         error);
      return;
    }
  g_free (self->error_field);
  g_free (self->error_message);
  self->error_field = g_steal_pointer (&field);
  self->error_message = g_strdup (message);
  self->save_attempted = TRUE;
  update_form_state (self);
  for (guint i = 0; i < G_N_ELEMENTS (form_fields); i++)
    if (g_str_equal (form_fields[i].field, self->error_field))
      gtk_widget_grab_focus (FIELD_ROW (self, &form_fields[i]));
}

/* ───────────────────────────── the list ───────────────────────────── */

static gint64
row_get_id (GtkListBoxRow *row)
{
  gint64 *id = row != NULL ? g_object_get_data (G_OBJECT (row), "psems-id") : NULL;

  return id != NULL ? *id : 0;
}

static GtkWidget *
create_facility_row (const PsemsFacility *facility)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *labels = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *name = gtk_label_new (facility_title (facility));
  GtkWidget *code = gtk_label_new (NULL);
  GtkWidget *indicator = psems_level_indicator_new (facility->security_level);
  gint64 *id = g_new (gint64, 1);

  if (facility->archived_at != NULL)
    {
      /* Translators: a facility's code, then that it is archived */
      g_autofree char *text = g_strdup_printf (_("%s · archived"), facility->code);

      gtk_label_set_text (GTK_LABEL (code), text);
      gtk_widget_add_css_class (name, "dim-label");
    }
  else
    {
      gtk_label_set_text (GTK_LABEL (code), facility->code);
    }
  gtk_label_set_xalign (GTK_LABEL (name), 0.0);
  /* The list keeps to a sidebar's width: long names take a second line. */
  gtk_label_set_wrap (GTK_LABEL (name), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (name), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_lines (GTK_LABEL (name), 2);
  gtk_label_set_ellipsize (GTK_LABEL (name), PANGO_ELLIPSIZE_END);
  gtk_label_set_max_width_chars (GTK_LABEL (name), 22);
  gtk_label_set_width_chars (GTK_LABEL (name), 22);
  gtk_label_set_xalign (GTK_LABEL (code), 0.0);
  gtk_label_set_ellipsize (GTK_LABEL (code), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (code, "caption");
  gtk_widget_add_css_class (code, "dim-label");
  gtk_widget_set_hexpand (labels, TRUE);
  gtk_widget_set_valign (labels, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (labels), name);
  gtk_box_append (GTK_BOX (labels), code);
  gtk_widget_set_valign (indicator, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (box), labels);
  gtk_box_append (GTK_BOX (box), indicator);
  gtk_widget_set_margin_top (box, 4);
  gtk_widget_set_margin_bottom (box, 4);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);

  *id = facility->id;
  g_object_set_data_full (G_OBJECT (row), "psems-id", id, g_free);
  gtk_widget_set_tooltip_text (row, facility->ref);
  return row;
}

static void
select_row_for (PsemsFacilitiesPage *self,
                gint64               id)
{
  GtkListBoxRow *row;

  self->selecting = TRUE;
  gtk_list_box_unselect_all (self->facility_list);
  for (int i = 0; (row = gtk_list_box_get_row_at_index (self->facility_list, i)) != NULL; i++)
    {
      if (row_get_id (row) == id)
        {
          gtk_list_box_select_row (self->facility_list, row);
          break;
        }
    }
  self->selecting = FALSE;
}

static void
fill_list (PsemsFacilitiesPage *self)
{
  self->selecting = TRUE;
  psems_ui_clear_list_box (self->facility_list);
  for (guint i = 0; self->facilities != NULL && i < self->facilities->len; i++)
    gtk_list_box_append (self->facility_list,
                         create_facility_row (g_ptr_array_index (self->facilities, i)));
  self->selecting = FALSE;
  if (!self->creating)
    select_row_for (self, self->selected_id);
}

static int
compare_changes_newest_first (gconstpointer a,
                              gconstpointer b)
{
  const PsemsLevelChange *x = *(const PsemsLevelChange * const *) a;
  const PsemsLevelChange *y = *(const PsemsLevelChange * const *) b;
  int order = g_strcmp0 (y->changed_at, x->changed_at);

  if (order != 0)
    return order;
  return y->id > x->id ? 1 : y->id < x->id ? -1 : 0;
}

/* Reads the facility shown, its level history and its areas from core. */
static void
load_detail (PsemsFacilitiesPage *self,
             gboolean             keep_edits)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PsemsFacility) facility = NULL;

  if (self->creating)
    return;

  if (self->selected_id != 0)
    facility = psems_facility_get (self->store, self->selected_id, &error);
  if (facility == NULL)
    {
      if (error != NULL)
        g_warning ("Cannot read facility %" G_GINT64_FORMAT ": %s", self->selected_id,
                   error->message);
      g_clear_pointer (&self->loaded, psems_facility_free);
      return;
    }

  g_clear_pointer (&self->level_changes, g_ptr_array_unref);
  self->level_changes = psems_facility_list_level_changes (self->store, facility->id, &error);
  if (self->level_changes == NULL)
    {
      g_warning ("Cannot read the level history: %s", error->message);
      g_clear_error (&error);
    }
  else
    {
      /* Newest first: the change in force leads. */
      g_ptr_array_set_free_func (self->level_changes, (GDestroyNotify) psems_level_change_free);
      g_ptr_array_sort (self->level_changes, compare_changes_newest_first);
    }

  g_clear_pointer (&self->areas, g_ptr_array_unref);
  self->areas = psems_area_list (self->store, facility->id, FALSE, &error);
  if (self->areas == NULL)
    g_warning ("Cannot read the restricted areas: %s", error->message);

  if (keep_edits && self->loaded != NULL && self->loaded->id == facility->id)
    {
      /* Keep the user's edits; show what changed around them. */
      self->loaded->security_level = facility->security_level;
      g_free (self->loaded->archived_at);
      self->loaded->archived_at = g_strdup (facility->archived_at);
      fill_header (self);
      fill_level_history (self);
      fill_areas (self);
      update_form_state (self);
      return;
    }

  g_clear_pointer (&self->loaded, psems_facility_free);
  self->loaded = g_steal_pointer (&facility);
  fill_form (self);
}

static void
update_detail_stack (PsemsFacilitiesPage *self)
{
  if (self->creating || self->loaded != NULL)
    gtk_stack_set_visible_child_name (self->detail_stack, "detail");
  else
    gtk_stack_set_visible_child_name (self->detail_stack, "empty");
}

static void
reload (PsemsFacilitiesPage *self)
{
  g_autoptr(GError) error = NULL;
  gboolean dirty;

  g_clear_handle_id (&self->reload_source, g_source_remove);
  if (self->store == NULL)
    {
      gtk_stack_set_visible_child_name (self->state_stack, "no-database");
      return;
    }
  gtk_stack_set_visible_child_name (self->state_stack, "content");

  dirty = psems_facilities_page_get_dirty (self);
  g_clear_pointer (&self->facilities, g_ptr_array_unref);
  self->facilities = psems_facility_list (self->store, self->show_archived, &error);
  if (self->facilities == NULL)
    {
      show_error_dialog (self, _("Facilities Unavailable"), error);
      return;
    }
  g_ptr_array_set_free_func (self->facilities, (GDestroyNotify) psems_facility_free);

  /* The facility shown may have left the list (archived while archived ones are hidden). */
  if (!self->creating && find_listed (self, self->selected_id) == NULL && !dirty)
    {
      self->selected_id = self->facilities->len > 0
                          ? ((PsemsFacility *) g_ptr_array_index (self->facilities, 0))->id : 0;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED_ID]);
    }

  fill_list (self);
  load_detail (self, dirty);
  if (!self->creating && self->selected_id == 0)
    g_clear_pointer (&self->loaded, psems_facility_free);
  update_detail_stack (self);
}

static void
store_changed_cb (PsemsStore          *store,
                  const char          *entity,
                  gint64               id,
                  PsemsFacilitiesPage *self)
{
  /* After the writer's call returns, and once for a burst of changes. */
  psems_ui_queue_reload (&self->reload_source, "[psems] facilities reload",
                         (PsemsUiReloadFunc) reload, self);
}

/* Whether the user may move away from what the form shows: saved, unchanged, or saved now. */
static gboolean
leave_current (PsemsFacilitiesPage *self)
{
  const char *name;
  g_autofree char *text = NULL;

  if (!psems_facilities_page_get_dirty (self))
    return TRUE;
  if (self->problems == NULL || self->problems->len == 0)
    return save (self);

  self->save_attempted = TRUE;
  update_form_state (self);
  name = self->creating || self->loaded == NULL ? _("the new facility")
                                                 : facility_title (self->loaded);
  /* Translators: %s is a facility's name */
  text = g_strdup_printf (_("Correct or cancel the changes to %s first"), name);
  show_toast (self, text);
  return FALSE;
}

static void
show_facility (PsemsFacilitiesPage *self,
               gint64               id)
{
  if (!self->creating && id == self->selected_id && self->loaded != NULL)
    {
      select_row_for (self, id);
      return;
    }
  if (!leave_current (self))
    {
      select_row_for (self, self->creating ? 0 : self->selected_id);
      return;
    }
  self->creating = FALSE;
  self->selected_id = id;
  g_clear_pointer (&self->loaded, psems_facility_free);
  select_row_for (self, id);
  load_detail (self, FALSE);
  update_detail_stack (self);
  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->detail_scroller), 0);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED_ID]);
}

static void
row_selected_cb (GtkListBox          *list,
                 GtkListBoxRow       *row,
                 PsemsFacilitiesPage *self)
{
  if (self->selecting || row == NULL)
    return;
  show_facility (self, row_get_id (row));
}

static void
row_activated_cb (GtkListBox          *list,
                  GtkListBoxRow       *row,
                  PsemsFacilitiesPage *self)
{
  /* Only a folded page moves on to the detail; side by side, the focus stays in the list. */
  if (row_get_id (row) == self->selected_id && !self->creating
      && adw_leaflet_get_folded (self->leaflet))
    adw_leaflet_set_visible_child (self->leaflet, GTK_WIDGET (self->detail_stack));
}

/* ───────────────────────────── actions ───────────────────────────── */

static gboolean
save (PsemsFacilitiesPage *self)
{
  g_autoptr(PsemsFacility) draft = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  if (self->store == NULL || (!self->creating && self->loaded == NULL))
    return FALSE;

  draft = read_form (self);
  g_clear_pointer (&self->problems, g_ptr_array_unref);
  self->problems = psems_facility_validate (self->store, draft);
  if (self->problems != NULL && self->problems->len > 0)
    {
      self->save_attempted = TRUE;
      update_form_state (self);
      for (guint i = 0; i < G_N_ELEMENTS (form_fields); i++)
        if (problem_for (self, form_fields[i].field) != NULL)
          {
            gtk_widget_grab_focus (FIELD_ROW (self, &form_fields[i]));
            break;
          }
      return FALSE;
    }

  if (self->creating)
    {
      g_autofree char *ref = NULL;
      gint64 id;

      id = psems_facility_create (self->store, self->actor, draft,
                                  (int) adw_combo_row_get_selected (self->initial_level_row) + 1,
                                  &ref, &error);
      if (id <= 0)
        {
          show_save_error (self, error);
          return FALSE;
        }
      self->creating = FALSE;
      self->selected_id = id;
      g_clear_pointer (&self->loaded, psems_facility_free);
      /* Translators: the first %s is a facility's name, the second its new reference */
      text = g_strdup_printf (_("%s added as %s"), facility_title (draft), ref != NULL ? ref : "");
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED_ID]);
    }
  else
    {
      if (!psems_facility_update (self->store, self->actor, draft, &error))
        {
          show_save_error (self, error);
          return FALSE;
        }
      g_clear_pointer (&self->loaded, psems_facility_free);
      /* Translators: %s is a facility's name */
      text = g_strdup_printf (_("Changes to %s saved"), facility_title (draft));
    }
  show_toast (self, text);
  reload (self);
  return TRUE;
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  save (PSEMS_FACILITIES_PAGE (widget));
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  PsemsFacilitiesPage *self = PSEMS_FACILITIES_PAGE (widget);

  if (self->creating)
    {
      self->creating = FALSE;
      if (self->selected_id == 0 && self->facilities != NULL && self->facilities->len > 0)
        self->selected_id = ((PsemsFacility *) g_ptr_array_index (self->facilities, 0))->id;
      select_row_for (self, self->selected_id);
      load_detail (self, FALSE);
      if (self->selected_id == 0)
        adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
      update_detail_stack (self);
      return;
    }
  fill_form (self);
}

static void
new_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  PsemsFacilitiesPage *self = PSEMS_FACILITIES_PAGE (widget);

  if (self->store == NULL)
    return;
  if (self->creating)
    {
      gtk_widget_grab_focus (GTK_WIDGET (self->name_row));
      return;
    }
  if (!leave_current (self))
    return;

  self->creating = TRUE;
  select_row_for (self, 0);
  fill_form (self);
  update_detail_stack (self);
  adw_leaflet_set_visible_child (self->leaflet, GTK_WIDGET (self->detail_stack));
  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->detail_scroller), 0);
  gtk_widget_grab_focus (GTK_WIDGET (self->name_row));
}

static void
select_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  PsemsFacilitiesPage *self = PSEMS_FACILITIES_PAGE (widget);
  gint64 id = g_variant_get_int64 (parameter);

  if (find_listed (self, id) == NULL && id != 0)
    {
      /* An archived facility: show the archived ones, then it. */
      self->show_archived = TRUE;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SHOW_ARCHIVED]);
      reload (self);
    }
  show_facility (self, id);
  if (adw_leaflet_get_folded (self->leaflet))
    adw_leaflet_set_visible_child (self->leaflet, GTK_WIDGET (self->detail_stack));
}

/* The undo of an archive: the page may be gone by the time the toast's button is pressed. */
typedef struct
{
  GWeakRef page;
  gint64   id;
} FacilityUndo;

static gboolean restore_facility_cb (gpointer user_data, GError **error);
static void     facility_undo_free  (gpointer user_data);

static void
archive_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  PsemsFacilitiesPage *self = PSEMS_FACILITIES_PAGE (widget);
  g_autoptr(GError) error = NULL;
  g_autofree char *title = NULL;
  FacilityUndo *undo;
  gint64 id;
  guint position = 0;

  if (self->loaded == NULL || self->creating)
    return;
  id = self->loaded->id;
  if (!psems_facility_archive (self->store, self->actor, id, &error))
    {
      show_error_dialog (self, _("Facility Not Archived"), error);
      return;
    }

  /* Translators: %s is a facility's name */
  title = g_strdup_printf (_("“%s” archived"), facility_title (self->loaded));
  undo = g_new0 (FacilityUndo, 1);
  g_weak_ref_init (&undo->page, self);
  undo->id = id;
  psems_undo_show (self->toast_overlay, title, restore_facility_cb, undo, facility_undo_free);

  /* Move to its neighbour, as a list does when an item leaves it. */
  if (!self->show_archived && self->facilities != NULL)
    {
      for (guint i = 0; i < self->facilities->len; i++)
        if (((PsemsFacility *) g_ptr_array_index (self->facilities, i))->id == id)
          position = i;
      self->selected_id = 0;
      for (guint i = position + 1; i < self->facilities->len && self->selected_id == 0; i++)
        self->selected_id = ((PsemsFacility *) g_ptr_array_index (self->facilities, i))->id;
      for (guint i = position; i > 0 && self->selected_id == 0; i--)
        self->selected_id = ((PsemsFacility *) g_ptr_array_index (self->facilities, i - 1))->id;
      g_clear_pointer (&self->loaded, psems_facility_free);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED_ID]);
    }
  reload (self);
}

/* Restores an archived facility and shows it. */
static gboolean
restore_facility (PsemsFacilitiesPage  *self,
                  gint64                id,
                  GError              **error)
{
  if (self->store == NULL)
    return TRUE;
  if (!psems_facility_restore (self->store, self->actor, id, error))
    return FALSE;
  if (!leave_current (self))
    {
      reload (self);
      return TRUE;
    }
  self->creating = FALSE;
  self->selected_id = id;
  g_clear_pointer (&self->loaded, psems_facility_free);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED_ID]);
  reload (self);
  return TRUE;
}

static gboolean
restore_facility_cb (gpointer   user_data,
                     GError   **error)
{
  FacilityUndo *undo = user_data;
  g_autoptr(PsemsFacilitiesPage) self = g_weak_ref_get (&undo->page);

  if (self == NULL)
    {
      g_set_error (error, PSEMS_ERROR, PSEMS_ERROR_FAILED,
                   _("the facilities page was closed"));
      return FALSE;
    }
  return restore_facility (self, undo->id, error);
}

static void
facility_undo_free (gpointer user_data)
{
  FacilityUndo *undo = user_data;

  g_weak_ref_clear (&undo->page);
  g_free (undo);
}

static void
restore_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  PsemsFacilitiesPage *self = PSEMS_FACILITIES_PAGE (widget);
  g_autoptr(GError) error = NULL;

  if (!restore_facility (self, g_variant_get_int64 (parameter), &error))
    show_error_dialog (self, _("Facility Not Restored"), error);
}

static void
change_level_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  PsemsFacilitiesPage *self = PSEMS_FACILITIES_PAGE (widget);
  PsemsLevelDialog *dialog;

  if (self->loaded == NULL || self->creating)
    return;
  dialog = psems_level_dialog_new (psems_ui_get_window (widget), self->store, self->actor,
                                   self->loaded);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
record_level_times_action (GtkWidget  *widget,
                           const char *action_name,
                           GVariant   *parameter)
{
  PsemsFacilitiesPage *self = PSEMS_FACILITIES_PAGE (widget);
  gint64 id = g_variant_get_int64 (parameter);

  if (self->loaded == NULL || self->level_changes == NULL)
    return;
  for (guint i = 0; i < self->level_changes->len; i++)
    {
      PsemsLevelChange *change = g_ptr_array_index (self->level_changes, i);

      if (change->id == id)
        {
          GtkWindow *parent = psems_ui_get_window (widget);
          PsemsLevelDialog *dialog;

          dialog = psems_level_dialog_new_for_times (parent, self->store, self->actor, self->loaded,
                                                     change);
          gtk_window_present (GTK_WINDOW (dialog));
          return;
        }
    }
}

/* ─────────────────────────── restricted areas ─────────────────────────── */

typedef struct
{
  PsemsFacilitiesPage *page;
  gint64 area_id;               /* 0 for a new area */
  AdwEntryRow *code;
  AdwEntryRow *name;
  AdwEntryRow *description;
} AreaDialog;

static void
area_dialog_free (gpointer data)
{
  AreaDialog *area_dialog = data;

  g_object_unref (area_dialog->page);
  g_free (area_dialog);
}

static void
area_dialog_changed_cb (AdwMessageDialog *dialog)
{
  AreaDialog *data = g_object_get_data (G_OBJECT (dialog), "psems-area");
  g_autofree char *code = dup_entry (data->code);
  g_autofree char *name = dup_entry (data->name);

  adw_message_dialog_set_response_enabled (dialog, "save", code != NULL && name != NULL);
}

static void
area_dialog_response_cb (AdwMessageDialog *dialog,
                         const char       *response,
                         gpointer          user_data)
{
  AreaDialog *data = g_object_get_data (G_OBJECT (dialog), "psems-area");
  PsemsFacilitiesPage *self = data->page;
  g_autofree char *code = dup_entry (data->code);
  g_autofree char *name = dup_entry (data->name);
  g_autofree char *description = dup_entry (data->description);
  g_autoptr(GError) error = NULL;
  gboolean ok;

  if (!g_str_equal (response, "save") || self->store == NULL || self->loaded == NULL)
    return;

  if (data->area_id == 0)
    {
      g_autofree char *ref = NULL;

      ok = psems_area_create (self->store, self->actor, self->loaded->id, code, name, description,
                              &ref, &error) > 0;
    }
  else
    {
      PsemsArea area = { 0, };

      area.id = data->area_id;
      area.facility_id = self->loaded->id;
      area.code = code;
      area.name = name;
      area.description = description;
      ok = psems_area_update (self->store, self->actor, &area, &error);
    }
  if (!ok)
    show_error_dialog (self, data->area_id == 0 ? _("Area Not Added") : _("Area Not Saved"), error);
}

static AdwEntryRow *
add_entry_row (GtkListBox *list,
               const char *title,
               const char *text)
{
  GtkWidget *row = adw_entry_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  gtk_editable_set_text (GTK_EDITABLE (row), text != NULL ? text : "");
  gtk_list_box_append (list, row);
  return ADW_ENTRY_ROW (row);
}

static void
run_area_dialog (PsemsFacilitiesPage *self,
                 const PsemsArea     *area)
{
  GtkWidget *dialog;
  GtkWidget *list = gtk_list_box_new ();
  AreaDialog *data = g_new0 (AreaDialog, 1);
  g_autofree char *body = NULL;

  /* Translators: %s is a facility's name */
  body = g_strdup_printf (_("A controlled area of %s, such as a quay, a gate or a control room."),
                          facility_title (self->loaded));
  dialog = adw_message_dialog_new (psems_ui_get_window (GTK_WIDGET (self)),
                                   area == NULL ? _("New Restricted Area")
                                                : _("Edit Restricted Area"),
                                   body);
  gtk_widget_set_name (dialog, "area-dialog");
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");
  data->page = g_object_ref (self);
  data->area_id = area != NULL ? area->id : 0;
  data->code = add_entry_row (GTK_LIST_BOX (list), _("Code (Q1, GATE-4)"),
                              area != NULL ? area->code : NULL);
  data->name = add_entry_row (GTK_LIST_BOX (list), _("Name"), area != NULL ? area->name : NULL);
  data->description = add_entry_row (GTK_LIST_BOX (list), _("Description (optional)"),
                                     area != NULL ? area->description : NULL);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), list);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "save", area == NULL ? _("_Add") : _("_Save"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "save",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "save");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "psems-area", data, area_dialog_free);
  g_signal_connect_swapped (data->code, "changed", G_CALLBACK (area_dialog_changed_cb), dialog);
  g_signal_connect_swapped (data->name, "changed", G_CALLBACK (area_dialog_changed_cb), dialog);
  g_signal_connect (dialog, "response", G_CALLBACK (area_dialog_response_cb), NULL);
  area_dialog_changed_cb (ADW_MESSAGE_DIALOG (dialog));
  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (GTK_WIDGET (area != NULL ? data->name : data->code));
}

static const PsemsArea *
find_area (PsemsFacilitiesPage *self,
           gint64               id)
{
  for (guint i = 0; self->areas != NULL && i < self->areas->len; i++)
    {
      const PsemsArea *area = g_ptr_array_index (self->areas, i);

      if (area->id == id)
        return area;
    }
  return NULL;
}

static void
add_area_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  PsemsFacilitiesPage *self = PSEMS_FACILITIES_PAGE (widget);

  if (self->loaded != NULL && !self->creating)
    run_area_dialog (self, NULL);
}

static void
edit_area_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  PsemsFacilitiesPage *self = PSEMS_FACILITIES_PAGE (widget);
  const PsemsArea *area = find_area (self, g_variant_get_int64 (parameter));

  if (area != NULL)
    run_area_dialog (self, area);
}

static void
archive_area_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  PsemsFacilitiesPage *self = PSEMS_FACILITIES_PAGE (widget);
  const PsemsArea *area = find_area (self, g_variant_get_int64 (parameter));
  g_autoptr(GError) error = NULL;
  g_autofree char *title = NULL;
  gint64 id;

  if (area == NULL || self->store == NULL)
    return;
  /* Archiving is undone from the toast, so it asks nothing. */
  id = area->id;
  /* Translators: %s is a restricted area's name */
  title = g_strdup_printf (_("“%s” archived"), area->name);
  if (!psems_area_archive (self->store, self->actor, id, &error))
    {
      show_error_dialog (self, _("Area Not Archived"), error);
      return;
    }
  psems_undo_show_record (self->toast_overlay, title, self->store, self->actor, id,
                          psems_area_restore);
}

static void
find_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  PsemsFacilitiesPage *self = PSEMS_FACILITIES_PAGE (widget);

  if (adw_leaflet_get_folded (self->leaflet))
    adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
  psems_page_start_search (self->search_bar, self->search_entry);
}

static void
undo_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  PsemsFacilitiesPage *self = PSEMS_FACILITIES_PAGE (widget);

  if (!psems_undo_activate (self->toast_overlay))
    gtk_widget_error_bell (widget);
}

static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  PsemsFacilitiesPage *self = PSEMS_FACILITIES_PAGE (widget);

  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
}

/* ───────────────────────────── the class ───────────────────────────── */

static void
set_show_archived (PsemsFacilitiesPage *self,
                   gboolean             show_archived)
{
  if (self->show_archived == !!show_archived)
    return;
  self->show_archived = !!show_archived;
  reload (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SHOW_ARCHIVED]);
}

static void
set_header_facility_id (PsemsFacilitiesPage *self,
                        gint64               id)
{
  if (self->header_facility_id == id)
    return;
  self->header_facility_id = id;
  /* Follow the facility chosen in the header bar, unless that would lose edits. */
  if (id != 0 && find_listed (self, id) != NULL && !psems_facilities_page_get_dirty (self))
    show_facility (self, id);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FACILITY_ID]);
}

static void
psems_facilities_page_dispose (GObject *object)
{
  PsemsFacilitiesPage *self = PSEMS_FACILITIES_PAGE (object);

  g_clear_handle_id (&self->reload_source, g_source_remove);
  psems_ui_follow_store (&self->store, &self->changed_handler, NULL, NULL, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), PSEMS_TYPE_FACILITIES_PAGE);

  G_OBJECT_CLASS (psems_facilities_page_parent_class)->dispose (object);
}

static void
psems_facilities_page_finalize (GObject *object)
{
  PsemsFacilitiesPage *self = PSEMS_FACILITIES_PAGE (object);

  g_clear_pointer (&self->actor, psems_actor_unref);
  g_clear_pointer (&self->facilities, g_ptr_array_unref);
  g_clear_pointer (&self->level_changes, g_ptr_array_unref);
  g_clear_pointer (&self->areas, g_ptr_array_unref);
  g_clear_pointer (&self->loaded, psems_facility_free);
  g_clear_pointer (&self->problems, g_ptr_array_unref);
  g_clear_pointer (&self->touched, g_hash_table_unref);
  g_clear_pointer (&self->error_field, g_free);
  g_clear_pointer (&self->error_message, g_free);

  G_OBJECT_CLASS (psems_facilities_page_parent_class)->finalize (object);
}

static void
psems_facilities_page_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  PsemsFacilitiesPage *self = PSEMS_FACILITIES_PAGE (object);

  switch (prop_id)
    {
    case PROP_FACILITY_ID:
      g_value_set_int64 (value, self->header_facility_id);
      break;
    case PROP_SELECTED_ID:
      g_value_set_int64 (value, self->creating ? 0 : self->selected_id);
      break;
    case PROP_SHOW_ARCHIVED:
      g_value_set_boolean (value, self->show_archived);
      break;
    case PROP_DIRTY:
      g_value_set_boolean (value, psems_facilities_page_get_dirty (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
psems_facilities_page_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  PsemsFacilitiesPage *self = PSEMS_FACILITIES_PAGE (object);

  switch (prop_id)
    {
    case PROP_FACILITY_ID:
      set_header_facility_id (self, g_value_get_int64 (value));
      break;
    case PROP_SHOW_ARCHIVED:
      set_show_archived (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
psems_facilities_page_class_init (PsemsFacilitiesPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = psems_facilities_page_dispose;
  object_class->finalize = psems_facilities_page_finalize;
  object_class->get_property = psems_facilities_page_get_property;
  object_class->set_property = psems_facilities_page_set_property;

  /**
   * PsemsFacilitiesPage:facility-id:
   *
   * The facility chosen in the header bar; the page shows it when it can.
   */
  properties[PROP_FACILITY_ID] =
    g_param_spec_int64 ("facility-id", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SELECTED_ID] =
    g_param_spec_int64 ("selected-id", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SHOW_ARCHIVED] =
    g_param_spec_boolean ("show-archived", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_DIRTY] =
    g_param_spec_boolean ("dirty", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (PSEMS_TYPE_LEVEL_INDICATOR);
  g_type_ensure (PSEMS_TYPE_PROBLEM_ROW);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/ui/psems-facilities-page.ui");
  gtk_widget_class_bind_template_child (widget_class, PsemsFacilitiesPage, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, PsemsFacilitiesPage, state_stack);
  gtk_widget_class_bind_template_child (widget_class, PsemsFacilitiesPage, leaflet);
  gtk_widget_class_bind_template_child (widget_class, PsemsFacilitiesPage, facility_list);
  gtk_widget_class_bind_template_child (widget_class, PsemsFacilitiesPage, search_bar);
  gtk_widget_class_bind_template_child (widget_class, PsemsFacilitiesPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, PsemsFacilitiesPage, detail_stack);
  gtk_widget_class_bind_template_child (widget_class, PsemsFacilitiesPage, detail_scroller);
  gtk_widget_class_bind_template_child (widget_class, PsemsFacilitiesPage, back_button);
  gtk_widget_class_bind_template_child (widget_class, PsemsFacilitiesPage, title_label);
  gtk_widget_class_bind_template_child (widget_class, PsemsFacilitiesPage, subtitle_label);
  gtk_widget_class_bind_template_child (widget_class, PsemsFacilitiesPage, detail_level);
  gtk_widget_class_bind_template_child (widget_class, PsemsFacilitiesPage, archived_notice);
  gtk_widget_class_bind_template_child (widget_class, PsemsFacilitiesPage, archived_label);
  gtk_widget_class_bind_template_child (widget_class, PsemsFacilitiesPage, restore_button);
  gtk_widget_class_bind_template_child (widget_class, PsemsFacilitiesPage, identity_group);
  gtk_widget_class_bind_template_child (widget_class, PsemsFacilitiesPage, contact_group);
  gtk_widget_class_bind_template_child (widget_class, PsemsFacilitiesPage, initial_group);
  gtk_widget_class_bind_template_child (widget_class, PsemsFacilitiesPage, level_group);
  gtk_widget_class_bind_template_child (widget_class, PsemsFacilitiesPage, areas_group);
  gtk_widget_class_bind_template_child (widget_class, PsemsFacilitiesPage, archive_group);
  gtk_widget_class_bind_template_child (widget_class, PsemsFacilitiesPage, name_row);
  gtk_widget_class_bind_template_child (widget_class, PsemsFacilitiesPage, code_row);
  gtk_widget_class_bind_template_child (widget_class, PsemsFacilitiesPage, kind_row);
  gtk_widget_class_bind_template_child (widget_class, PsemsFacilitiesPage, locode_row);
  gtk_widget_class_bind_template_child (widget_class, PsemsFacilitiesPage, imo_row);
  gtk_widget_class_bind_template_child (widget_class, PsemsFacilitiesPage, pfso_row);
  gtk_widget_class_bind_template_child (widget_class, PsemsFacilitiesPage, contact_row);
  gtk_widget_class_bind_template_child (widget_class, PsemsFacilitiesPage, address_row);
  gtk_widget_class_bind_template_child (widget_class, PsemsFacilitiesPage, tz_row);
  gtk_widget_class_bind_template_child (widget_class, PsemsFacilitiesPage, name_problem);
  gtk_widget_class_bind_template_child (widget_class, PsemsFacilitiesPage, code_problem);
  gtk_widget_class_bind_template_child (widget_class, PsemsFacilitiesPage, kind_problem);
  gtk_widget_class_bind_template_child (widget_class, PsemsFacilitiesPage, locode_problem);
  gtk_widget_class_bind_template_child (widget_class, PsemsFacilitiesPage, imo_problem);
  gtk_widget_class_bind_template_child (widget_class, PsemsFacilitiesPage, contact_problem);
  gtk_widget_class_bind_template_child (widget_class, PsemsFacilitiesPage, address_problem);
  gtk_widget_class_bind_template_child (widget_class, PsemsFacilitiesPage, tz_problem);
  gtk_widget_class_bind_template_child (widget_class, PsemsFacilitiesPage, initial_level_row);
  gtk_widget_class_bind_template_child (widget_class, PsemsFacilitiesPage, level_list);
  gtk_widget_class_bind_template_child (widget_class, PsemsFacilitiesPage, area_list);
  gtk_widget_class_bind_template_child (widget_class, PsemsFacilitiesPage, save_revealer);
  gtk_widget_class_bind_template_child (widget_class, PsemsFacilitiesPage, save_label);
  gtk_widget_class_bind_template_child (widget_class, PsemsFacilitiesPage, save_button);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);

  gtk_widget_class_install_action (widget_class, "facility.new", NULL, new_action);
  gtk_widget_class_install_action (widget_class, "facility.save", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "facility.cancel", NULL, cancel_action);
  gtk_widget_class_install_action (widget_class, "facility.select", "x", select_action);
  gtk_widget_class_install_action (widget_class, "facility.archive", NULL, archive_action);
  gtk_widget_class_install_action (widget_class, "facility.restore", "x", restore_action);
  psems_page_install_habits (widget_class, find_action, new_action);
  gtk_widget_class_install_action (widget_class, "page.undo", NULL, undo_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_z, GDK_CONTROL_MASK, "page.undo", NULL);
  gtk_widget_class_install_action (widget_class, "facility.change-level", NULL,
                                   change_level_action);
  gtk_widget_class_install_action (widget_class, "facility.record-level-times", "x",
                                   record_level_times_action);
  gtk_widget_class_install_action (widget_class, "facility.add-area", NULL, add_area_action);
  gtk_widget_class_install_action (widget_class, "facility.edit-area", "x", edit_area_action);
  gtk_widget_class_install_action (widget_class, "facility.archive-area", "x", archive_area_action);
  gtk_widget_class_install_action (widget_class, "facility.back", NULL, back_action);
  gtk_widget_class_install_property_action (widget_class, "facility.show-archived",
                                            "show-archived");
}

static void
add_managed_shortcut (GtkEventController *controller,
                      guint               key,
                      GdkModifierType     modifiers,
                      const char         *action)
{
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (controller),
                                        gtk_shortcut_new (gtk_keyval_trigger_new (key, modifiers),
                                                          gtk_named_action_new (action)));
}

static void
psems_facilities_page_init (PsemsFacilitiesPage *self)
{
  g_autoptr(GtkStringList) kinds = gtk_string_list_new (NULL);
  GtkEventController *shortcuts;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->touched = g_hash_table_new (g_str_hash, g_str_equal);

  for (const char * const *kind = psems_facility_kinds (); *kind != NULL; kind++)
    gtk_string_list_append (kinds, psems_facility_kind_label (*kind));
  adw_combo_row_set_model (self->kind_row, G_LIST_MODEL (kinds));

  for (guint i = 0; i < G_N_ELEMENTS (form_fields); i++)
    {
      GtkWidget *row = FIELD_ROW (self, &form_fields[i]);

      g_object_set_data (G_OBJECT (row), "psems-field", (gpointer) form_fields[i].field);
      if (ADW_IS_ENTRY_ROW (row))
        g_signal_connect (row, "notify::text", G_CALLBACK (field_changed_cb), self);
      else
        g_signal_connect (row, "notify::selected", G_CALLBACK (field_changed_cb), self);
    }

  psems_ui_set_empty_text (self->level_list, _("No level changes recorded"));
  psems_ui_set_empty_text (self->area_list, _("No restricted areas yet"));
  g_signal_connect (self->facility_list, "row-selected", G_CALLBACK (row_selected_cb), self);
  psems_page_bind_list_search (self->search_bar, self->search_entry, self->facility_list, NULL);
  g_signal_connect (self->facility_list, "row-activated", G_CALLBACK (row_activated_cb), self);
  g_object_bind_property (self->leaflet, "folded", self->back_button, "visible",
                          G_BINDING_SYNC_CREATE);

  /* While the page is shown, wherever the focus is: the window hands these to its mapped pages. */
  shortcuts = gtk_shortcut_controller_new ();
  gtk_shortcut_controller_set_scope (GTK_SHORTCUT_CONTROLLER (shortcuts),
                                     GTK_SHORTCUT_SCOPE_MANAGED);
  add_managed_shortcut (shortcuts, GDK_KEY_n, GDK_CONTROL_MASK, "page.new");
  add_managed_shortcut (shortcuts, GDK_KEY_f, GDK_CONTROL_MASK, "page.find");
  add_managed_shortcut (shortcuts, GDK_KEY_s, GDK_CONTROL_MASK, "facility.save");
  gtk_widget_add_controller (GTK_WIDGET (self), shortcuts);

  gtk_stack_set_visible_child_name (self->state_stack, "no-database");
  update_form_state (self);
}

GtkWidget *
psems_facilities_page_new (void)
{
  return g_object_new (PSEMS_TYPE_FACILITIES_PAGE, NULL);
}

/**
 * psems_facilities_page_set_store:
 * @store: (nullable): the database, or %NULL when none is open
 * @actor: (nullable): who writes; needed with a store
 */
void
psems_facilities_page_set_store (PsemsFacilitiesPage *self,
                                 PsemsStore          *store,
                                 PsemsActor          *actor)
{
  g_return_if_fail (PSEMS_IS_FACILITIES_PAGE (self));
  g_return_if_fail (store == NULL || PSEMS_IS_STORE (store));
  g_return_if_fail (store == NULL || actor != NULL);

  if (actor != NULL)
    psems_actor_ref (actor);
  g_clear_pointer (&self->actor, psems_actor_unref);
  self->actor = actor;

  if (self->store == store)
    {
      update_form_state (self);
      return;
    }
  psems_ui_follow_store (&self->store, &self->changed_handler, store,
                         G_CALLBACK (store_changed_cb), self);

  /* Ids belong to the database they came from. */
  self->creating = FALSE;
  self->selected_id = 0;
  g_clear_pointer (&self->loaded, psems_facility_free);
  reload (self);
  update_form_state (self);
}

/**
 * psems_facilities_page_get_selected_id:
 *
 * Returns: the facility shown, or 0 while none is (or a new one is being written)
 */
gint64
psems_facilities_page_get_selected_id (PsemsFacilitiesPage *self)
{
  g_return_val_if_fail (PSEMS_IS_FACILITIES_PAGE (self), 0);
  return self->creating ? 0 : self->selected_id;
}
