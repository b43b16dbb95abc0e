/* psems-personnel-page.c — vetted personnel: a searchable, filtered table beside the chosen person. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <locale.h>
#include <glib/gi18n.h>

#include "psems-adaptive-bin.h"
#include "psems-facility.h"
#include "psems-person-model.h"
#include "psems-personnel-page.h"
#include "psems-problem-row.h"
#include "psems-ui-util.h"
#include "psems-page-habits.h"
#include "psems-undo.h"

typedef enum
{
  COLUMN_NAME,
  COLUMN_EMPLOYER,
  COLUMN_BADGE,
  COLUMN_LEVEL,
  COLUMN_STATUS,
  COLUMN_EXPIRES,
  N_COLUMNS
} Column;

struct _PsemsPersonnelPage
{
  GtkWidget parent_instance;

  AdwToastOverlay *toast_overlay;
  GtkStack *state_stack;
  GtkRevealer *privacy_revealer;
  GtkLabel *privacy_label;
  AdwLeaflet *leaflet;
  PsemsAdaptiveBin *wide_bin;    /* the list's width: all columns, or fewer (columns_folded_cb) */
  PsemsAdaptiveBin *list_bin;
  GtkWidget *list_pane;
  GtkWidget *detail_pane;
  GtkSearchEntry *search_entry;
  GtkDropDown *status_filter;
  GtkDropDown *level_filter;
  GtkDropDown *area_filter;
  GtkDropDown *expiry_filter;
  GtkEntry *employer_filter;
  GtkToggleButton *lapsed_toggle;
  GtkDropDown *sort_dropdown;
  GtkToggleButton *descending_toggle;
  GtkStack *list_stack;
  GtkColumnView *column_view;
  GtkLabel *count_label;
  GtkRevealer *progress_revealer;
  GtkLabel *progress_label;
  GtkProgressBar *progress_bar;
  GtkWidget *progress_cancel;
  GtkWidget *archive_group;
  GtkStack *detail_stack;
  GtkScrolledWindow *detail_scroller;
  GtkWidget *back_button;
  GtkButton *import_button;
  GtkButton *new_button;
  GtkWidget *import_content;    /* the buttons' icon and label, kept while folded shows icons */
  GtkWidget *new_content;
  GtkColumnViewColumn *all_columns[N_COLUMNS]; /* the list's columns, in the view or not */
  AdwAvatar *avatar;
  GtkLabel *title_label;
  GtkLabel *subtitle_label;
  GtkLabel *clearance_pill;
  AdwEntryRow *given_row;
  AdwEntryRow *family_row;
  AdwEntryRow *employer_row;
  AdwEntryRow *job_row;
  AdwEntryRow *badge_row;
  AdwEntryRow *nationality_row;
  AdwEntryRow *birth_row;
  AdwEntryRow *email_row;
  AdwEntryRow *phone_row;
  GtkWidget *given_problem;
  GtkWidget *family_problem;
  GtkWidget *employer_problem;
  GtkWidget *job_problem;
  GtkWidget *badge_problem;
  GtkWidget *nationality_problem;
  GtkWidget *birth_problem;
  GtkWidget *email_problem;
  GtkWidget *phone_problem;
  GtkWidget *vetting_group;
  GtkWidget *areas_group;
  GtkWidget *training_group;
  GtkListBox *vetting_list;
  GtkListBox *area_list;
  GtkListBox *training_list;
  GtkRevealer *save_revealer;
  GtkLabel *save_label;

  PsemsStore *store;
  PsemsActor *actor;
  gulong changed_handler;
  PsemsPersonModel *model;
  GtkSingleSelection *selection;
  PsemsPersonQuery query;
  guint employer_source;

  GPtrArray *levels;            /* PsemsVettingLevel, as the level filter lists them after "All" */
  GPtrArray *courses;           /* PsemsTrainingCourse, for Add Training */
  GPtrArray *vettings;          /* PsemsVetting of the loaded person, newest first */
  GArray *area_ids;             /* gint64, as the area filter lists them after "All" */
  GPtrArray *area_checks;       /* GtkCheckButton in the areas group, each with "psems-area-id" */

  PsemsPerson *loaded;          /* what the form was filled from; NULL while creating */
  GArray *loaded_areas;         /* gint64: the areas the loaded person has */
  GPtrArray *problems;          /* PsemsFieldProblem, as of the last edit */
  GHashTable *touched;          /* fields the user has typed in */
  char *error_field;
  char *error_message;
  gint64 selected_id;
  gboolean creating;
  gboolean filling;
  gboolean save_attempted;
  gboolean views_unrecorded;    /* a view of vetting details could not be recorded */

  GCancellable *import_cancellable;
  GCancellable *export_cancellable;   /* while exports run: Cancel stops them all */
  guint progress_source;
  int progress_permille;        /* written by the import thread, read by progress_source; -1 unknown */
  char *import_report;          /* the last import's problems, one "file:line: field: reason" a line */
  char *import_mode;            /* "insert" or "upsert", as psems-cli person import --mode */
  gboolean import_dry_run;
  guint n_exports;              /* exports still writing */
};

G_DEFINE_FINAL_TYPE (PsemsPersonnelPage, psems_personnel_page, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_SELECTED_ID,
  PROP_LOADING,
  PROP_IMPORTING,
  PROP_DIRTY,
  PROP_IMPORT_MODE,
  PROP_IMPORT_DRY_RUN,
  PROP_EXPORTING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

typedef struct
{
  const char *field;
  gsize row_offset;
  gsize problem_offset;
} Field;

#define FIELD(name, row, problem) \
  { name, G_STRUCT_OFFSET (PsemsPersonnelPage, row), G_STRUCT_OFFSET (PsemsPersonnelPage, problem) }

static const Field form_fields[] = {
  FIELD ("given_name", given_row, given_problem),
  FIELD ("family_name", family_row, family_problem),
  FIELD ("employer", employer_row, employer_problem),
  FIELD ("job_title", job_row, job_problem),
  FIELD ("badge_no", badge_row, badge_problem),
  FIELD ("nationality", nationality_row, nationality_problem),
  FIELD ("date_of_birth", birth_row, birth_problem),
  FIELD ("email", email_row, email_problem),
  FIELD ("phone", phone_row, phone_problem),
};

static const char * const field_names[] = {
  "given_name", "family_name", "employer", "job_title", "badge_no", "nationality",
  "date_of_birth", "email", "phone", NULL
};

#define FIELD_ROW(self, f) (*(GtkWidget **) G_STRUCT_MEMBER_P (self, (f)->row_offset))
#define FIELD_PROBLEM(self, f) (*(GtkWidget **) G_STRUCT_MEMBER_P (self, (f)->problem_offset))

/* The status filter's entries after "All statuses", as clearance strings. */
static const PsemsClearance status_choices[] = {
  PSEMS_CLEARANCE_CLEARED, PSEMS_CLEARANCE_PENDING, PSEMS_CLEARANCE_EXPIRED,
  PSEMS_CLEARANCE_SUSPENDED, PSEMS_CLEARANCE_REVOKED, PSEMS_CLEARANCE_REFUSED,
  PSEMS_CLEARANCE_NONE,
};

static const int expiry_choices[] = { 0, 30, 60, 90 };

static const PsemsPersonSort sort_choices[] = {
  PSEMS_PERSON_SORT_NAME, PSEMS_PERSON_SORT_EMPLOYER, PSEMS_PERSON_SORT_BADGE,
  PSEMS_PERSON_SORT_EXPIRY,
};

static void load_person (PsemsPersonnelPage *self, gint64 id);
static void update_form_state (PsemsPersonnelPage *self);

/* ───────────────────────────── helpers ───────────────────────────── */

static void
show_toast (PsemsPersonnelPage *self,
            const char         *title)
{
  /* Toast titles are markup in libadwaita 1.2; file and person names are not. */
  g_autofree char *escaped = g_markup_escape_text (title, -1);

  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (escaped));
}

static GtkWindow *
get_window (PsemsPersonnelPage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  return GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
}

static void
show_error_dialog (PsemsPersonnelPage *self,
                   const char         *heading,
                   const char         *body)
{
  GtkWidget *dialog = adw_message_dialog_new (get_window (self), heading, body);

  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_widget_set_name (dialog, "personnel-error");
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Groups thousands the locale's way; "12,345" where the locale has no grouping (C). */
static char *
format_count (guint64 n)
{
  const char *sep = localeconv ()->thousands_sep;
  g_autofree char *digits = g_strdup_printf ("%" G_GUINT64_FORMAT, n);
  GString *out = g_string_new (NULL);
  gsize len = strlen (digits);

  if (sep == NULL || *sep == '\0')
    sep = ",";
  for (gsize i = 0; i < len; i++)
    {
      if (i > 0 && (len - i) % 3 == 0)
        g_string_append (out, sep);
      g_string_append_c (out, digits[i]);
    }
  return g_string_free (out, FALSE);
}

static char *
dup_text (const char *text)
{
  g_autofree char *copy = g_strstrip (g_strdup (text != NULL ? text : ""));

  return *copy != '\0' ? g_steal_pointer (&copy) : NULL;
}

static char *
dup_entry (AdwEntryRow *row)
{
  return dup_text (gtk_editable_get_text (GTK_EDITABLE (row)));
}

static void
set_entry (AdwEntryRow *row,
           const char  *text)
{
  gtk_editable_set_text (GTK_EDITABLE (row), text != NULL ? text : "");
}

/* Short enough for a table column: "19 Dec 2031". */
static char *
format_day (const char *iso_date)
{
  GDate date;
  char buffer[64];

  if (iso_date == NULL)
    return NULL;
  g_date_clear (&date, 1);
  g_date_set_parse (&date, iso_date);
  if (!g_date_valid (&date) || g_date_strftime (buffer, sizeof buffer, "%e %b %Y", &date) == 0)
    return g_strdup (iso_date);
  return g_strdup (g_strchug (buffer));
}

static void
set_pill (GtkWidget      *label,
          PsemsClearance  clearance)
{
  const char *old = g_object_get_data (G_OBJECT (label), "psems-pill-class");
  g_autofree char *css = g_strconcat ("clearance-", psems_clearance_to_string (clearance), NULL);

  if (old != NULL)
    gtk_widget_remove_css_class (label, old);
  gtk_widget_add_css_class (label, css);
  g_object_set_data_full (G_OBJECT (label), "psems-pill-class", g_steal_pointer (&css), g_free);
  gtk_label_set_text (GTK_LABEL (label), psems_clearance_label (clearance));
}

static void
update_privacy_notice (PsemsPersonnelPage *self)
{
  gboolean read_only = self->store != NULL && psems_store_get_read_only (self->store);

  gtk_revealer_set_reveal_child (self->privacy_revealer, read_only || self->views_unrecorded);
}

/* ───────────────────────────── the list ───────────────────────────── */

static void
update_count (PsemsPersonnelPage *self)
{
  guint n = self->model != NULL ? g_list_model_get_n_items (G_LIST_MODEL (self->model)) : 0;
  gboolean loading = self->model != NULL && psems_person_model_get_loading (self->model);
  g_autofree char *number = format_count (n);
  g_autofree char *text = NULL;
  gboolean filtered;

  if (loading)
    /* Translators: shown while the list is being counted; %s is the rows read so far */
    text = g_strdup_printf (_("%s+ persons, counting…"), number);
  else
    /* Translators: %s is a number with thousands grouped, "12,345" */
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s person", "%s persons", n), number);
  gtk_label_set_text (self->count_label, text);

  filtered = (self->query.text != NULL && *self->query.text != '\0') || self->query.status != NULL
             || self->query.level_id != 0 || self->query.employer != NULL
             || self->query.area_id != 0 || self->query.expiring_within_days != 0
             || self->query.training_lapsed;
  /* Before the first count (the model reads only while the page is shown) the list is not
   * known to be empty: no "No Persons Yet" flashing up on a full database. */
  if (n > 0 || loading || self->model == NULL || !psems_person_model_get_active (self->model))
    gtk_stack_set_visible_child_name (self->list_stack, "list");
  else
    gtk_stack_set_visible_child_name (self->list_stack, filtered ? "no-match" : "empty");
}

static void
model_changed_cb (PsemsPersonnelPage *self)
{
  update_count (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

/* Reads the search and filter controls into the query and hands it to the model. */
static void
apply_query (PsemsPersonnelPage *self)
{
  guint status = gtk_drop_down_get_selected (self->status_filter);
  guint level = gtk_drop_down_get_selected (self->level_filter);
  guint area = gtk_drop_down_get_selected (self->area_filter);
  guint expiry = gtk_drop_down_get_selected (self->expiry_filter);
  guint sort = gtk_drop_down_get_selected (self->sort_dropdown);

  g_clear_pointer (&self->query.text, g_free);
  g_clear_pointer (&self->query.status, g_free);
  g_clear_pointer (&self->query.employer, g_free);
  self->query.text = dup_text (gtk_editable_get_text (GTK_EDITABLE (self->search_entry)));
  if (status > 0 && status <= G_N_ELEMENTS (status_choices))
    self->query.status = g_strdup (psems_clearance_to_string (status_choices[status - 1]));
  self->query.level_id = 0;
  if (level > 0 && self->levels != NULL && level <= self->levels->len)
    self->query.level_id = ((PsemsVettingLevel *) g_ptr_array_index (self->levels, level - 1))->id;
  self->query.area_id = 0;
  if (area > 0 && self->area_ids != NULL && area <= self->area_ids->len)
    self->query.area_id = g_array_index (self->area_ids, gint64, area - 1);
  self->query.expiring_within_days = expiry < G_N_ELEMENTS (expiry_choices)
                                     ? expiry_choices[expiry] : 0;
  self->query.employer = dup_text (gtk_editable_get_text (GTK_EDITABLE (self->employer_filter)));
  self->query.training_lapsed = gtk_toggle_button_get_active (self->lapsed_toggle);
  self->query.sort = sort < G_N_ELEMENTS (sort_choices) ? sort_choices[sort]
                                                        : PSEMS_PERSON_SORT_NAME;
  self->query.descending = gtk_toggle_button_get_active (self->descending_toggle);
  gtk_button_set_icon_name (GTK_BUTTON (self->descending_toggle),
                            self->query.descending ? "view-sort-descending-symbolic"
                                                   : "view-sort-ascending-symbolic");

  if (self->model != NULL)
    psems_person_model_set_query (self->model, &self->query);
  update_count (self);
}

static gboolean
employer_timeout_cb (gpointer user_data)
{
  PsemsPersonnelPage *self = user_data;

  self->employer_source = 0;
  apply_query (self);
  return G_SOURCE_REMOVE;
}

static void
employer_changed_cb (PsemsPersonnelPage *self)
{
  /* The employer is an exact match: wait for a pause in typing, like the search. */
  g_clear_handle_id (&self->employer_source, g_source_remove);
  self->employer_source = g_timeout_add (300, employer_timeout_cb, self);
}

static void
setup_cell_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               gpointer                  user_data)
{
  Column column = GPOINTER_TO_INT (user_data);
  GtkWidget *label = gtk_label_new (NULL);

  if (column == COLUMN_STATUS)
    {
      gtk_widget_set_halign (label, GTK_ALIGN_START);
      gtk_widget_add_css_class (label, "status-pill");
    }
  else
    {
      gtk_label_set_xalign (GTK_LABEL (label), 0.0);
      gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
    }
  if (column == COLUMN_BADGE || column == COLUMN_EXPIRES)
    gtk_widget_add_css_class (label, "numeric");
  if (column == COLUMN_NAME)
    gtk_widget_add_css_class (label, "person-name");
  gtk_list_item_set_child (item, label);
}

static void
bind_cell_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              gpointer                  user_data)
{
  Column column = GPOINTER_TO_INT (user_data);
  PsemsPersonRow *row = gtk_list_item_get_item (item);
  GtkWidget *label = gtk_list_item_get_child (item);
  g_autofree char *date = NULL;
  const char *text = NULL;

  if (row == NULL)
    return;
  switch (column)
    {
    case COLUMN_NAME:
      text = psems_person_row_get_display_name (row);
      break;
    case COLUMN_EMPLOYER:
      text = psems_person_row_get_employer (row);
      break;
    case COLUMN_BADGE:
      text = psems_person_row_get_badge_no (row);
      break;
    case COLUMN_LEVEL:
      text = psems_person_row_get_level (row);
      break;
    case COLUMN_STATUS:
      set_pill (label, psems_person_row_get_clearance (row));
      return;
    case COLUMN_EXPIRES:
      date = format_day (psems_person_row_get_expires_on (row));
      text = date;
      break;
    default:
      g_assert_not_reached ();
    }
  gtk_label_set_text (GTK_LABEL (label), text != NULL ? text : "—");
  if (text == NULL)
    gtk_widget_add_css_class (label, "dim-label");
  else
    gtk_widget_remove_css_class (label, "dim-label");
}

static void
add_column (PsemsPersonnelPage *self,
            const char         *title,
            Column              column,
            gboolean            expand,
            int                 fixed_width)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  GtkColumnViewColumn *view_column;

  g_signal_connect (factory, "setup", G_CALLBACK (setup_cell_cb), GINT_TO_POINTER (column));
  g_signal_connect (factory, "bind", G_CALLBACK (bind_cell_cb), GINT_TO_POINTER (column));
  view_column = gtk_column_view_column_new (title, factory);
  gtk_column_view_column_set_expand (view_column, expand);
  gtk_column_view_column_set_resizable (view_column, TRUE);
  if (fixed_width > 0)
    gtk_column_view_column_set_fixed_width (view_column, fixed_width);
  gtk_column_view_append_column (self->column_view, view_column);
  /* Kept: a folded page takes some out of the view (folded_cb). */
  self->all_columns[column] = view_column;
}

/* ───────────────────────────── the detail pane ───────────────────────────── */

static gboolean
areas_differ (PsemsPersonnelPage *self)
{
  for (guint i = 0; self->area_checks != NULL && i < self->area_checks->len; i++)
    {
      GtkCheckButton *check = g_ptr_array_index (self->area_checks, i);
      gint64 id = *(gint64 *) g_object_get_data (G_OBJECT (check), "psems-area-id");
      gboolean had = FALSE;

      for (guint j = 0; self->loaded_areas != NULL && j < self->loaded_areas->len; j++)
        if (g_array_index (self->loaded_areas, gint64, j) == id)
          had = TRUE;
      if (had != gtk_check_button_get_active (check))
        return TRUE;
    }
  return FALSE;
}

static GArray *
dup_checked_areas (PsemsPersonnelPage *self)
{
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (gint64));

  for (guint i = 0; self->area_checks != NULL && i < self->area_checks->len; i++)
    {
      GtkCheckButton *check = g_ptr_array_index (self->area_checks, i);

      if (gtk_check_button_get_active (check))
        g_array_append_val (ids, *(gint64 *) g_object_get_data (G_OBJECT (check),
                                                                "psems-area-id"));
    }
  return ids;
}

static PsemsPerson *
read_form (PsemsPersonnelPage *self)
{
  PsemsPerson *person = psems_person_new ();

  if (self->loaded != NULL && !self->creating)
    {
      person->id = self->loaded->id;
      person->ref = g_strdup (self->loaded->ref);
      person->notes = g_strdup (self->loaded->notes);
    }
  person->given_name = dup_entry (self->given_row);
  person->family_name = dup_entry (self->family_row);
  person->employer = dup_entry (self->employer_row);
  person->job_title = dup_entry (self->job_row);
  person->badge_no = dup_entry (self->badge_row);
  person->nationality = dup_entry (self->nationality_row);
  if (person->nationality != NULL)
    {
      /* Country codes are capitals; spare the user the shift key. */
      char *upper = g_ascii_strup (person->nationality, -1);

      g_free (person->nationality);
      person->nationality = upper;
    }
  person->date_of_birth = dup_entry (self->birth_row);
  person->email = dup_entry (self->email_row);
  person->phone = dup_entry (self->phone_row);
  return person;
}

static gboolean
person_differs (const PsemsPerson *a,
                const PsemsPerson *b)
{
  return g_strcmp0 (a->given_name, b->given_name) != 0
         || g_strcmp0 (a->family_name, b->family_name) != 0
         || g_strcmp0 (a->employer, b->employer) != 0
         || g_strcmp0 (a->job_title, b->job_title) != 0
         || g_strcmp0 (a->badge_no, b->badge_no) != 0
         || g_ascii_strcasecmp (a->nationality != NULL ? a->nationality : "",
                                b->nationality != NULL ? b->nationality : "") != 0
         || g_strcmp0 (a->date_of_birth, b->date_of_birth) != 0
         || g_strcmp0 (a->email, b->email) != 0
         || g_strcmp0 (a->phone, b->phone) != 0;
}

/**
 * psems_personnel_page_get_dirty:
 *
 * Returns: whether the person form holds changes not yet saved (or a new person being written)
 */
gboolean
psems_personnel_page_get_dirty (PsemsPersonnelPage *self)
{
  g_autoptr(PsemsPerson) draft = NULL;

  g_return_val_if_fail (PSEMS_IS_PERSONNEL_PAGE (self), FALSE);

  if (self->creating)
    {
      for (guint i = 0; i < G_N_ELEMENTS (form_fields); i++)
        if (*gtk_editable_get_text (GTK_EDITABLE (FIELD_ROW (self, &form_fields[i]))) != '\0')
          return TRUE;
      return FALSE;
    }
  if (self->loaded == NULL)
    return FALSE;
  draft = read_form (self);
  return person_differs (draft, self->loaded) || areas_differ (self);
}

static void
update_form_state (PsemsPersonnelPage *self)
{
  g_autoptr(PsemsPerson) draft = NULL;
  gboolean editing = self->creating || self->loaded != NULL;
  gboolean read_only = self->store == NULL || psems_store_get_read_only (self->store);
  gboolean dirty = psems_personnel_page_get_dirty (self);
  guint n_shown = 0;
  g_autofree char *text = NULL;

  g_clear_pointer (&self->problems, g_ptr_array_unref);
  if (self->store != NULL && editing)
    {
      draft = read_form (self);
      self->problems = psems_person_validate (self->store, draft);
    }

  for (guint i = 0; i < G_N_ELEMENTS (form_fields); i++)
    {
      const Field *f = &form_fields[i];
      const char *message = psems_ui_find_problem (self->problems, f->field);

      if (message == NULL && g_strcmp0 (self->error_field, f->field) == 0)
        message = self->error_message;
      if (self->creating && !self->save_attempted
          && !g_hash_table_contains (self->touched, f->field))
        message = NULL;
      if (message != NULL)
        n_shown++;
      psems_ui_set_field_problem (FIELD_ROW (self, f), FIELD_PROBLEM (self, f), message);
      gtk_editable_set_editable (GTK_EDITABLE (FIELD_ROW (self, f)), !read_only);
    }

  if (n_shown > 0)
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u field needs attention",
                                         "%u fields need attention", n_shown), n_shown);
  else if (self->creating)
    text = g_strdup (_("New person, not saved yet"));
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

  gtk_revealer_set_reveal_child (self->save_revealer, self->creating || dirty);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "personnel.save",
                                 !read_only && (self->creating || dirty));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "personnel.cancel", self->creating || dirty);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "personnel.new",
                                 psems_page_may_create (self->store, self->actor, "person"));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "page.new",
                                 psems_page_may_create (self->store, self->actor, "person"));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "personnel.archive",
                                 !read_only && !self->creating && self->loaded != NULL);
  gtk_widget_set_visible (self->archive_group, !read_only && !self->creating && self->loaded != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "personnel.import",
                                 self->store != NULL && !read_only
                                 && self->import_cancellable == NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "personnel.import-file",
                                 self->store != NULL && !read_only
                                 && self->import_cancellable == NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "personnel.cancel-import",
                                 self->import_cancellable != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "personnel.export", self->store != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "personnel.record-vetting",
                                 !read_only && !self->creating && self->loaded != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "personnel.edit-vetting",
                                 !read_only && !self->creating && self->loaded != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "personnel.add-training",
                                 !read_only && !self->creating && self->loaded != NULL
                                 && self->courses != NULL && self->courses->len > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "personnel.remove-training",
                                 !read_only && !self->creating && self->loaded != NULL);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DIRTY]);
}

static void
field_changed_cb (GtkWidget          *row,
                  GParamSpec         *pspec,
                  PsemsPersonnelPage *self)
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

static void
area_toggled_cb (PsemsPersonnelPage *self)
{
  if (!self->filling)
    update_form_state (self);
}

static void
fill_areas (PsemsPersonnelPage *self)
{
  g_autoptr(GPtrArray) facilities = NULL;

  psems_ui_clear_list_box (self->area_list);
  g_clear_pointer (&self->area_checks, g_ptr_array_unref);
  self->area_checks = g_ptr_array_new ();
  if (self->store == NULL)
    return;

  facilities = psems_facility_list (self->store, FALSE, NULL);
  for (guint i = 0; facilities != NULL && i < facilities->len; i++)
    {
      PsemsFacility *facility = g_ptr_array_index (facilities, i);
      g_autoptr(GPtrArray) areas = psems_area_list (self->store, facility->id, FALSE, NULL);

      for (guint j = 0; areas != NULL && j < areas->len; j++)
        {
          PsemsArea *area = g_ptr_array_index (areas, j);
          GtkWidget *row = adw_action_row_new ();
          GtkWidget *check = gtk_check_button_new ();
          g_autofree char *subtitle = g_strdup_printf ("%s · %s", facility->code, area->code);
          gint64 *id = g_new (gint64, 1);
          gboolean active = FALSE;

          *id = area->id;
          for (guint k = 0; self->loaded_areas != NULL && k < self->loaded_areas->len; k++)
            if (g_array_index (self->loaded_areas, gint64, k) == area->id)
              active = TRUE;
          gtk_check_button_set_active (GTK_CHECK_BUTTON (check), active);
          gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
          g_object_set_data_full (G_OBJECT (check), "psems-area-id", id, g_free);
          g_signal_connect_swapped (check, "toggled", G_CALLBACK (area_toggled_cb), self);
          adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), area->name);
          adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
          adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
          adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);
          gtk_widget_set_sensitive (check, !psems_store_get_read_only (self->store));
          gtk_list_box_append (self->area_list, row);
          g_ptr_array_add (self->area_checks, check);
        }
    }
}

static GtkWidget *
new_pill (PsemsClearance clearance)
{
  GtkWidget *pill = gtk_label_new (NULL);

  gtk_widget_add_css_class (pill, "status-pill");
  gtk_widget_set_valign (pill, GTK_ALIGN_CENTER);
  set_pill (pill, clearance);
  return pill;
}

/* A vetting's own state: its status, and for a clearance whether it has run out. */
static PsemsClearance
vetting_pill (const PsemsVetting *vetting,
              const GDate        *today)
{
  switch (vetting->status)
    {
    case PSEMS_VETTING_PENDING:
      return PSEMS_CLEARANCE_PENDING;
    case PSEMS_VETTING_REFUSED:
      return PSEMS_CLEARANCE_REFUSED;
    case PSEMS_VETTING_SUSPENDED:
      return PSEMS_CLEARANCE_SUSPENDED;
    case PSEMS_VETTING_REVOKED:
      return PSEMS_CLEARANCE_REVOKED;
    case PSEMS_VETTING_CLEARED:
    default:
      return psems_vetting_clearance (vetting, today);
    }
}

static void
fill_vettings (PsemsPersonnelPage *self,
               GPtrArray          *vettings)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  gboolean read_only = self->store == NULL || psems_store_get_read_only (self->store);
  GDate today;

  if (vettings != NULL)
    g_ptr_array_ref (vettings);
  g_clear_pointer (&self->vettings, g_ptr_array_unref);
  self->vettings = vettings;
  g_date_clear (&today, 1);
  g_date_set_dmy (&today, g_date_time_get_day_of_month (now), g_date_time_get_month (now),
                  g_date_time_get_year (now));
  psems_ui_clear_list_box (self->vetting_list);
  for (guint i = 0; vettings != NULL && i < vettings->len; i++)
    {
      PsemsVetting *vetting = g_ptr_array_index (vettings, i);
      GtkWidget *row = adw_action_row_new ();
      g_autofree char *issued = format_day (vetting->issued_on);
      g_autofree char *expires = format_day (vetting->expires_on);
      g_autofree char *requested = format_day (vetting->requested_on);
      g_autofree char *subtitle = NULL;
      g_autofree char *title = NULL;

      if (vetting->issued_on != NULL)
        /* Translators: "Issued 1 March 2025 · expires 1 March 2030 · UK NSV" */
        subtitle = g_strdup_printf (_("Issued %s · expires %s · %s"), issued,
                                    expires != NULL ? expires : _("never"),
                                    vetting->authority != NULL ? vetting->authority : "—");
      else
        subtitle = g_strdup_printf (_("Requested %s · %s"), requested != NULL ? requested : "—",
                                    vetting->authority != NULL ? vetting->authority : "—");
      title = g_strdup_printf ("%s · %s", vetting->level_name != NULL ? vetting->level_name : "—",
                               vetting->ref != NULL ? vetting->ref : "");
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                                 new_pill (vetting_pill (vetting, &today)));
      if (!read_only)
        {
          /* The whole row opens the vetting for editing, as the arrow says. */
          GtkWidget *arrow = gtk_image_new_from_icon_name ("go-next-symbolic");

          gtk_widget_set_tooltip_text (row, _("Edit this vetting"));
          adw_action_row_add_suffix (ADW_ACTION_ROW (row), arrow);
          gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
          gtk_actionable_set_action_name (GTK_ACTIONABLE (row), "personnel.edit-vetting");
          gtk_actionable_set_action_target (GTK_ACTIONABLE (row), "x", (gint64) vetting->id);
        }
      gtk_list_box_append (self->vetting_list, row);
    }
}

static void
fill_trainings (PsemsPersonnelPage *self,
                GPtrArray          *trainings)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *today = g_date_time_format (now, "%Y-%m-%d");
  gboolean read_only = self->store == NULL || psems_store_get_read_only (self->store);

  psems_ui_clear_list_box (self->training_list);
  for (guint i = 0; trainings != NULL && i < trainings->len; i++)
    {
      PsemsTraining *training = g_ptr_array_index (trainings, i);
      GtkWidget *row = adw_action_row_new ();
      g_autofree char *completed = format_day (training->completed_on);
      g_autofree char *expires = format_day (training->expires_on);
      g_autofree char *subtitle = NULL;
      gboolean lapsed = training->expires_on != NULL && g_strcmp0 (training->expires_on, today) <= 0;

      subtitle = g_strdup_printf (lapsed ? _("Completed %s · lapsed %s")
                                         : _("Completed %s · valid until %s"),
                                  completed != NULL ? completed : "—",
                                  expires != NULL ? expires : _("no expiry"));
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                     training->course_name != NULL ? training->course_name
                                                                   : training->course_code);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      if (lapsed)
        adw_action_row_add_suffix (ADW_ACTION_ROW (row), new_pill (PSEMS_CLEARANCE_EXPIRED));
      if (!read_only)
        {
          GtkWidget *remove = gtk_button_new_from_icon_name ("user-trash-symbolic");

          gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
          gtk_widget_add_css_class (remove, "flat");
          gtk_widget_set_tooltip_text (remove, _("Remove this training record"));
          gtk_actionable_set_action_name (GTK_ACTIONABLE (remove), "personnel.remove-training");
          gtk_actionable_set_action_target (GTK_ACTIONABLE (remove), "x", (gint64) training->id);
          adw_action_row_add_suffix (ADW_ACTION_ROW (row), remove);
        }
      gtk_list_box_append (self->training_list, row);
    }
}

static void
fill_header (PsemsPersonnelPage *self)
{
  g_autofree char *subtitle = NULL;

  if (self->creating || self->loaded == NULL)
    {
      gtk_label_set_text (self->title_label, _("New Person"));
      gtk_label_set_text (self->subtitle_label, _("Vetting and training are added once saved"));
      adw_avatar_set_text (self->avatar, NULL);
      gtk_widget_set_visible (GTK_WIDGET (self->clearance_pill), FALSE);
      return;
    }
  gtk_label_set_text (self->title_label, self->loaded->display_name);
  adw_avatar_set_text (self->avatar, self->loaded->display_name);
  subtitle = g_strdup_printf ("%s · %s", self->loaded->ref,
                              self->loaded->employer != NULL ? self->loaded->employer : "");
  gtk_label_set_text (self->subtitle_label, subtitle);
  gtk_widget_set_visible (GTK_WIDGET (self->clearance_pill), TRUE);
  set_pill (GTK_WIDGET (self->clearance_pill), self->loaded->clearance);
}

static void
fill_form (PsemsPersonnelPage *self)
{
  const PsemsPerson *p = self->creating ? NULL : self->loaded;

  self->filling = TRUE;
  set_entry (self->given_row, p != NULL ? p->given_name : NULL);
  set_entry (self->family_row, p != NULL ? p->family_name : NULL);
  set_entry (self->employer_row, p != NULL ? p->employer : NULL);
  set_entry (self->job_row, p != NULL ? p->job_title : NULL);
  set_entry (self->badge_row, p != NULL ? p->badge_no : NULL);
  set_entry (self->nationality_row, p != NULL ? p->nationality : NULL);
  set_entry (self->birth_row, p != NULL ? p->date_of_birth : NULL);
  set_entry (self->email_row, p != NULL ? p->email : NULL);
  set_entry (self->phone_row, p != NULL ? p->phone : NULL);
  fill_areas (self);
  self->filling = FALSE;

  g_hash_table_remove_all (self->touched);
  g_clear_pointer (&self->error_field, g_free);
  g_clear_pointer (&self->error_message, g_free);
  self->save_attempted = FALSE;
  fill_header (self);
  gtk_widget_set_visible (self->vetting_group, !self->creating);
  gtk_widget_set_visible (self->training_group, !self->creating);
  gtk_stack_set_visible_child_name (self->detail_stack, "person");
  update_form_state (self);
}

static void
load_person (PsemsPersonnelPage *self,
             gint64              id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PsemsPerson) person = NULL;
  g_autoptr(GPtrArray) vettings = NULL;
  g_autoptr(GPtrArray) trainings = NULL;
  gboolean recorded = TRUE;

  person = psems_person_get (self->store, id, NULL, &error);
  if (person == NULL)
    {
      show_toast (self, error->message);
      return;
    }
  /* Reading the vetting details is what the audit trail records as a view. */
  vettings = psems_person_get_vettings (self->store, self->actor, id, &recorded, &error);
  if (vettings == NULL)
    {
      g_warning ("Cannot read vettings of person %lld: %s", (long long) id, error->message);
      g_clear_error (&error);
    }
  if (!recorded)
    self->views_unrecorded = TRUE;
  update_privacy_notice (self);
  trainings = psems_person_list_trainings (self->store, id, NULL);

  g_clear_pointer (&self->loaded, psems_person_free);
  g_clear_pointer (&self->loaded_areas, g_array_unref);
  self->loaded_areas = g_array_new (FALSE, FALSE, sizeof (gint64));
  if (person->area_ids != NULL)
    g_array_append_vals (self->loaded_areas, person->area_ids->data, person->area_ids->len);
  self->loaded = g_steal_pointer (&person);
  self->creating = FALSE;
  self->selected_id = id;
  fill_vettings (self, vettings);
  fill_trainings (self, trainings);
  fill_form (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED_ID]);
}

static void
show_nothing (PsemsPersonnelPage *self)
{
  g_clear_pointer (&self->loaded, psems_person_free);
  g_clear_pointer (&self->loaded_areas, g_array_unref);
  self->creating = FALSE;
  self->selected_id = 0;
  gtk_stack_set_visible_child_name (self->detail_stack, "empty");
  update_form_state (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED_ID]);
}

static gboolean
save (PsemsPersonnelPage *self)
{
  g_autoptr(PsemsPerson) draft = read_form (self);
  g_autoptr(GArray) areas = dup_checked_areas (self);
  g_autoptr(GError) error = NULL;
  gboolean set_areas = self->creating ? areas->len > 0 : areas_differ (self);
  gint64 id = draft->id;

  self->save_attempted = TRUE;
  g_clear_pointer (&self->error_field, g_free);
  g_clear_pointer (&self->error_message, g_free);
  update_form_state (self);
  if (self->problems != NULL && self->problems->len > 0)
    return FALSE;

  if (self->creating)
    {
      /* The person and their areas in one write: a refused area leaves no person behind. */
      id = psems_person_create_full (self->store, self->actor, draft, (const gint64 *) areas->data,
                                     areas->len, NULL, NULL, &error);
      set_areas = FALSE;
    }
  else if (person_differs (draft, self->loaded) && !psems_person_update (self->store, self->actor,
                                                                         draft, &error))
    id = 0;
  if (id > 0 && set_areas
      && !psems_person_set_areas (self->store, self->actor, id, (const gint64 *) areas->data,
                                  areas->len, &error))
    id = -id;  /* the person was written; the areas were not */

  if (error != NULL)
    {
      const char *message = NULL;
      g_autofree char *field = psems_ui_split_field_error (error, field_names, &message);

      if (field != NULL)
        {
          self->error_field = g_steal_pointer (&field);
          self->error_message = g_strdup (message);
          update_form_state (self);
        }
      else
        {
          show_error_dialog (self, _("Cannot Save Person"), error->message);
        }
      if (id < 0)
        load_person (self, -id);
      return FALSE;
    }

  show_toast (self, _("Person saved"));
  load_person (self, id);
  return TRUE;
}

/* Whether the user may move away from the form: unchanged, or saved now. */
static gboolean
leave_current (PsemsPersonnelPage *self)
{
  if (!psems_personnel_page_get_dirty (self))
    return TRUE;
  if (save (self))
    return TRUE;
  show_toast (self, _("Save or cancel the changes to this person first"));
  return FALSE;
}

static void
selection_changed_cb (PsemsPersonnelPage *self)
{
  PsemsPersonRow *row = gtk_single_selection_get_selected_item (self->selection);
  gint64 id;

  if (row == NULL)
    return;
  id = psems_person_row_get_id (row);
  if (id == self->selected_id && !self->creating)
    return;
  if (!leave_current (self))
    return;
  load_person (self, id);
  if (adw_leaflet_get_folded (self->leaflet))
    adw_leaflet_set_visible_child (self->leaflet, self->detail_pane);
}

static void
row_activated_cb (PsemsPersonnelPage *self,
                  guint               position)
{
  adw_leaflet_set_visible_child (self->leaflet, self->detail_pane);
}

/* ───────────────────────────── vetting and training dialogs ───────────────────────────── */

static const PsemsVettingStatus vetting_statuses[] = {
  PSEMS_VETTING_PENDING, PSEMS_VETTING_CLEARED, PSEMS_VETTING_REFUSED, PSEMS_VETTING_SUSPENDED,
  PSEMS_VETTING_REVOKED,
};

static const char * const vetting_fields[] = {
  "level_id", "status", "requested_on", "issued_on", "expires_on", NULL
};

static const char * const training_fields[] = {
  "course_id", "completed_on", "expires_on", NULL
};

/* A form inside a message dialog: its rows by field, checked by core as the user types. */
typedef struct
{
  PsemsStore *store;
  GtkWidget *dialog;            /* unowned: the form lives as the dialog's data */
  const char *response;         /* the response that writes, enabled while nothing is wrong */
  gint64 record_id;             /* the vetting being edited; 0 for a new vetting or training */
  gint64 person_id;
  GPtrArray *choices;           /* PsemsVettingLevel or PsemsTrainingCourse, as the combo lists them */
  GHashTable *rows;             /* field → the row the user edits */
  GHashTable *problems;         /* field → its PsemsProblemRow */
  GHashTable *touched;          /* fields typed in (for a new record, problems show once touched) */
  char *error_field;            /* a refused write's field and message, until that field changes */
  char *error_message;
  gboolean filling;
  gboolean expires_typed;       /* a training's expiry stops following the course once typed in */
} RecordForm;

static void
record_form_free (RecordForm *form)
{
  g_clear_object (&form->store);
  g_clear_pointer (&form->choices, g_ptr_array_unref);
  g_clear_pointer (&form->rows, g_hash_table_unref);
  g_clear_pointer (&form->problems, g_hash_table_unref);
  g_clear_pointer (&form->touched, g_hash_table_unref);
  g_free (form->error_field);
  g_free (form->error_message);
  g_free (form);
}

static RecordForm *
record_form_new (PsemsPersonnelPage *self,
                 GPtrArray          *choices,
                 const char         *response)
{
  RecordForm *form = g_new0 (RecordForm, 1);

  form->store = g_object_ref (self->store);
  form->choices = choices != NULL ? g_ptr_array_ref (choices) : NULL;
  form->response = response;
  form->person_id = self->loaded->id;
  form->rows = g_hash_table_new (g_str_hash, g_str_equal);
  form->problems = g_hash_table_new (g_str_hash, g_str_equal);
  form->touched = g_hash_table_new (g_str_hash, g_str_equal);
  return form;
}

static RecordForm *
get_form (gpointer dialog)
{
  return g_object_get_data (G_OBJECT (dialog), "psems-record-form");
}

static char *
dup_form_text (RecordForm *form,
               const char *field)
{
  GtkWidget *row = g_hash_table_lookup (form->rows, field);

  return row != NULL ? dup_text (gtk_editable_get_text (GTK_EDITABLE (row))) : NULL;
}

static guint
get_form_choice (RecordForm *form,
                 const char *field)
{
  return adw_combo_row_get_selected (ADW_COMBO_ROW (g_hash_table_lookup (form->rows, field)));
}

static void
set_form_text (RecordForm *form,
               const char *field,
               const char *text)
{
  form->filling = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (g_hash_table_lookup (form->rows, field)),
                         text != NULL ? text : "");
  form->filling = FALSE;
}

/* Marks every field core finds wrong (after the user touched it, for a new record), and lets
 * the dialog write only when nothing is. */
static void
show_form_problems (RecordForm *form,
                    GPtrArray  *problems)
{
  GHashTableIter iter;
  gpointer field, problem_row;
  gboolean ok = problems != NULL && problems->len == 0 && !psems_store_get_read_only (form->store);

  g_hash_table_iter_init (&iter, form->problems);
  while (g_hash_table_iter_next (&iter, &field, &problem_row))
    {
      const char *message = problems != NULL ? psems_ui_find_problem (problems, field) : NULL;

      if (message == NULL && g_strcmp0 (form->error_field, field) == 0)
        message = form->error_message;
      if (form->record_id == 0 && !g_hash_table_contains (form->touched, field)
          && g_strcmp0 (form->error_field, field) != 0)
        message = NULL;
      psems_ui_set_field_problem (g_hash_table_lookup (form->rows, field), problem_row, message);
    }
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (form->dialog), form->response, ok);
}

static PsemsVetting *
read_vetting_form (RecordForm *form)
{
  PsemsVetting *vetting = psems_vetting_new ();
  guint level = get_form_choice (form, "level_id");
  guint status = get_form_choice (form, "status");

  vetting->id = form->record_id;
  vetting->person_id = form->person_id;
  if (form->choices != NULL && level < form->choices->len)
    vetting->level_id = ((PsemsVettingLevel *) g_ptr_array_index (form->choices, level))->id;
  vetting->status = status < G_N_ELEMENTS (vetting_statuses) ? vetting_statuses[status]
                                                            : PSEMS_VETTING_PENDING;
  vetting->requested_on = dup_form_text (form, "requested_on");
  vetting->issued_on = dup_form_text (form, "issued_on");
  vetting->expires_on = dup_form_text (form, "expires_on");
  vetting->authority = dup_form_text (form, "authority");
  vetting->authority_ref = dup_form_text (form, "authority_ref");
  return vetting;
}

static PsemsTraining *
read_training_form (RecordForm *form)
{
  PsemsTraining *training = g_new0 (PsemsTraining, 1);
  guint course = get_form_choice (form, "course_id");

  training->person_id = form->person_id;
  if (form->choices != NULL && course < form->choices->len)
    training->course_id = ((PsemsTrainingCourse *) g_ptr_array_index (form->choices, course))->id;
  training->completed_on = dup_form_text (form, "completed_on");
  training->expires_on = dup_form_text (form, "expires_on");
  training->provider = dup_form_text (form, "provider");
  return training;
}

static void
check_vetting_form (RecordForm *form)
{
  g_autoptr(PsemsVetting) vetting = read_vetting_form (form);
  g_autoptr(GPtrArray) problems = psems_vetting_validate (form->store, vetting);

  show_form_problems (form, problems);
}

/* The expiry follows the course and the completion day until the user types one. */
static void
follow_course_expiry (RecordForm *form)
{
  guint course = get_form_choice (form, "course_id");
  g_autofree char *completed = dup_form_text (form, "completed_on");
  g_autofree char *expires = NULL;

  if (form->expires_typed || form->choices == NULL || course >= form->choices->len)
    return;
  expires = psems_training_course_expiry (g_ptr_array_index (form->choices, course), completed);
  set_form_text (form, "expires_on", expires);
}

static void
check_training_form (RecordForm *form)
{
  g_autoptr(PsemsTraining) training = NULL;
  g_autoptr(GPtrArray) problems = NULL;

  follow_course_expiry (form);
  training = read_training_form (form);
  problems = psems_training_validate (form->store, training);
  show_form_problems (form, problems);
}

static void
check_form (RecordForm *form)
{
  if (g_hash_table_contains (form->rows, "course_id"))
    check_training_form (form);
  else
    check_vetting_form (form);
}

static void
form_field_changed_cb (GtkWidget  *row,
                       GParamSpec *pspec,
                       RecordForm *form)
{
  const char *field = g_object_get_data (G_OBJECT (row), "psems-field");

  if (form->filling)
    return;
  g_hash_table_add (form->touched, (gpointer) field);
  if (g_str_equal (field, "expires_on"))
    form->expires_typed = TRUE;
  if (g_strcmp0 (form->error_field, field) == 0)
    {
      g_clear_pointer (&form->error_field, g_free);
      g_clear_pointer (&form->error_message, g_free);
    }
  check_form (form);
}

static GtkWidget *
add_form_row (RecordForm *form,
              GtkListBox *list,
              const char *field,
              const char *name,
              const char *title,
              const char *text,
              gboolean    with_problem)
{
  GtkWidget *row = adw_entry_row_new ();

  gtk_widget_set_name (row, name);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  gtk_editable_set_text (GTK_EDITABLE (row), text != NULL ? text : "");
  g_object_set_data (G_OBJECT (row), "psems-field", (gpointer) field);
  g_signal_connect (row, "notify::text", G_CALLBACK (form_field_changed_cb), form);
  gtk_list_box_append (list, row);
  g_hash_table_insert (form->rows, (gpointer) field, row);
  if (with_problem)
    {
      GtkWidget *problem = psems_problem_row_new ();
      g_autofree char *problem_name = g_strconcat (name, "-problem", NULL);

      gtk_widget_set_name (problem, problem_name);
      gtk_list_box_append (list, problem);
      g_hash_table_insert (form->problems, (gpointer) field, problem);
    }
  return row;
}

static GtkWidget *
add_form_choice (RecordForm *form,
                 GtkListBox *list,
                 const char *field,
                 const char *name,
                 const char *title,
                 GListModel *choices,
                 guint       selected)
{
  GtkWidget *row = adw_combo_row_new ();
  GtkWidget *problem = psems_problem_row_new ();
  g_autofree char *problem_name = g_strconcat (name, "-problem", NULL);

  gtk_widget_set_name (row, name);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_combo_row_set_model (ADW_COMBO_ROW (row), choices);
  if (selected < g_list_model_get_n_items (choices))
    adw_combo_row_set_selected (ADW_COMBO_ROW (row), selected);
  g_object_set_data (G_OBJECT (row), "psems-field", (gpointer) field);
  g_signal_connect (row, "notify::selected", G_CALLBACK (form_field_changed_cb), form);
  gtk_list_box_append (list, row);
  gtk_widget_set_name (problem, problem_name);
  gtk_list_box_append (list, problem);
  g_hash_table_insert (form->rows, (gpointer) field, row);
  g_hash_table_insert (form->problems, (gpointer) field, problem);
  return row;
}

static GtkWidget *
new_form_list (void)
{
  GtkWidget *list = gtk_list_box_new ();

  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");
  return list;
}

/* Shows a message dialog holding @form's rows in @list, writing on @form->response. */
static void
present_form_dialog (PsemsPersonnelPage *self,
                     RecordForm         *form,
                     GtkWidget          *dialog,
                     GtkWidget          *list,
                     const char         *write_label,
                     GCallback           response_cb)
{
  form->dialog = dialog;
  g_object_set_data_full (G_OBJECT (dialog), "psems-record-form", form,
                          (GDestroyNotify) record_form_free);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), list);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    form->response, write_label,
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), form->response,
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), form->response);
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", response_cb, self, 0);
  check_form (form);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void present_vetting_dialog (PsemsPersonnelPage *self,
                                    const PsemsVetting *values,
                                    const char         *error_field,
                                    const char         *error_message);

static void
vetting_response_cb (AdwMessageDialog   *dialog,
                     const char         *response,
                     PsemsPersonnelPage *self)
{
  RecordForm *form = get_form (dialog);
  g_autoptr(PsemsVetting) vetting = NULL;
  g_autoptr(GError) error = NULL;
  gboolean written;

  if (g_strcmp0 (response, form->response) != 0 || self->store == NULL)
    return;

  vetting = read_vetting_form (form);
  if (form->record_id > 0)
    written = psems_vetting_update (self->store, self->actor, vetting, &error);
  else
    written = psems_vetting_add (self->store, self->actor, vetting, NULL, &error) > 0;
  if (!written)
    {
      const char *message = NULL;
      g_autofree char *field = psems_ui_split_field_error (error, vetting_fields, &message);

      /* Back to the same values with the refused field marked, as the person form does. */
      if (field != NULL)
        present_vetting_dialog (self, vetting, field, message);
      else
        show_error_dialog (self, form->record_id > 0 ? _("Cannot Save Vetting")
                                                     : _("Cannot Record Vetting"),
                           error->message);
      return;
    }
  show_toast (self, form->record_id > 0 ? _("Vetting saved") : _("Vetting recorded"));
  if (self->loaded != NULL && self->loaded->id == form->person_id)
    load_person (self, form->person_id);
}

/* @values: (nullable): the vetting to edit (id > 0), a refused one to show again, or NULL for a
 * new vetting with today as the day it was requested. */
static void
present_vetting_dialog (PsemsPersonnelPage *self,
                        const PsemsVetting *values,
                        const char         *error_field,
                        const char         *error_message)
{
  g_autoptr(GtkStringList) levels = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) statuses = gtk_string_list_new (NULL);
  g_autofree char *today = psems_ui_dup_today_text ();
  gboolean editing = values != NULL && values->id > 0;
  RecordForm *form;
  GtkWidget *list;
  GtkWidget *dialog;
  guint level = 0, status = 0;

  if (self->loaded == NULL || self->creating || self->store == NULL)
    return;
  list = new_form_list ();

  form = record_form_new (self, self->levels, "save");
  form->record_id = editing ? values->id : 0;
  form->error_field = g_strdup (error_field);
  form->error_message = g_strdup (error_message);
  for (guint i = 0; self->levels != NULL && i < self->levels->len; i++)
    {
      PsemsVettingLevel *l = g_ptr_array_index (self->levels, i);

      gtk_string_list_append (levels, l->name);
      if (values != NULL && l->id == values->level_id)
        level = i;
    }
  for (guint i = 0; i < G_N_ELEMENTS (vetting_statuses); i++)
    {
      gtk_string_list_append (statuses, psems_vetting_status_label (vetting_statuses[i]));
      if (values != NULL && vetting_statuses[i] == values->status)
        status = i;
    }

  add_form_choice (form, GTK_LIST_BOX (list), "level_id", "vetting-level", _("Level"),
                   G_LIST_MODEL (levels), level);
  add_form_choice (form, GTK_LIST_BOX (list), "status", "vetting-status", _("Status"),
                   G_LIST_MODEL (statuses), status);
  add_form_row (form, GTK_LIST_BOX (list), "requested_on", "vetting-requested",
                _("Requested on (YYYY-MM-DD)"), values != NULL ? values->requested_on : today,
                TRUE);
  add_form_row (form, GTK_LIST_BOX (list), "issued_on", "vetting-issued",
                _("Issued on, when cleared"), values != NULL ? values->issued_on : NULL, TRUE);
  add_form_row (form, GTK_LIST_BOX (list), "expires_on", "vetting-expires",
                _("Expires on (from the level when empty)"),
                values != NULL ? values->expires_on : NULL, TRUE);
  add_form_row (form, GTK_LIST_BOX (list), "authority", "vetting-authority",
                _("Vetting authority"), values != NULL ? values->authority : NULL, FALSE);
  add_form_row (form, GTK_LIST_BOX (list), "authority_ref", "vetting-reference",
                _("Authority’s reference"), values != NULL ? values->authority_ref : NULL,
                FALSE);

  if (editing)
    {
      g_autofree char *body = g_strdup_printf ("%s · %s", self->loaded->display_name,
                                               values->ref != NULL ? values->ref : "");

      dialog = adw_message_dialog_new (get_window (self), _("Edit Vetting"), body);
      gtk_widget_set_name (dialog, "edit-vetting-dialog");
    }
  else
    {
      dialog = adw_message_dialog_new (get_window (self), _("Record Vetting"),
                                       self->loaded->display_name);
      gtk_widget_set_name (dialog, "record-vetting-dialog");
    }
  present_form_dialog (self, form, dialog, list, editing ? _("_Save") : _("_Record"),
                       G_CALLBACK (vetting_response_cb));
}

static void
record_vetting_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  present_vetting_dialog (PSEMS_PERSONNEL_PAGE (widget), NULL, NULL, NULL);
}

static void
edit_vetting_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  PsemsPersonnelPage *self = PSEMS_PERSONNEL_PAGE (widget);
  gint64 id = g_variant_get_int64 (parameter);

  for (guint i = 0; self->vettings != NULL && i < self->vettings->len; i++)
    {
      PsemsVetting *vetting = g_ptr_array_index (self->vettings, i);

      if (vetting->id == id)
        {
          present_vetting_dialog (self, vetting, NULL, NULL);
          return;
        }
    }
}

static void present_training_dialog (PsemsPersonnelPage  *self,
                                     const PsemsTraining *values,
                                     const char          *error_field,
                                     const char          *error_message);

static void
training_response_cb (AdwMessageDialog   *dialog,
                      const char         *response,
                      PsemsPersonnelPage *self)
{
  RecordForm *form = get_form (dialog);
  g_autoptr(PsemsTraining) training = NULL;
  g_autoptr(GError) error = NULL;

  if (g_strcmp0 (response, form->response) != 0 || self->store == NULL)
    return;

  training = read_training_form (form);
  if (psems_training_add (self->store, self->actor, training, &error) <= 0)
    {
      const char *message = NULL;
      g_autofree char *field = psems_ui_split_field_error (error, training_fields, &message);

      if (field != NULL)
        present_training_dialog (self, training, field, message);
      else
        show_error_dialog (self, _("Cannot Add Training"), error->message);
      return;
    }
  show_toast (self, _("Training added"));
  if (self->loaded != NULL && self->loaded->id == form->person_id)
    load_person (self, form->person_id);
}

/* @values: (nullable): a refused training to show again; NULL for a course completed today. */
static void
present_training_dialog (PsemsPersonnelPage  *self,
                         const PsemsTraining *values,
                         const char          *error_field,
                         const char          *error_message)
{
  g_autoptr(GtkStringList) courses = gtk_string_list_new (NULL);
  g_autofree char *today = psems_ui_dup_today_text ();
  RecordForm *form;
  GtkWidget *list;
  GtkWidget *dialog;
  guint course = 0;

  if (self->loaded == NULL || self->creating || self->store == NULL)
    return;
  list = new_form_list ();

  form = record_form_new (self, self->courses, "add");
  form->error_field = g_strdup (error_field);
  form->error_message = g_strdup (error_message);
  /* A refused training keeps the expiry it was written with; a new one follows the course. */
  form->expires_typed = values != NULL && values->expires_on != NULL;
  for (guint i = 0; self->courses != NULL && i < self->courses->len; i++)
    {
      PsemsTrainingCourse *c = g_ptr_array_index (self->courses, i);
      g_autofree char *label = NULL;

      if (c->validity_months > 0)
        /* Translators: a training course and how long it is valid: "Security awareness (24 months)" */
        label = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s (%d month)", "%s (%d months)",
                                              (gulong) c->validity_months),
                                 c->name, c->validity_months);
      else
        /* Translators: a training course that never lapses */
        label = g_strdup_printf (_("%s (no expiry)"), c->name);
      gtk_string_list_append (courses, label);
      if (values != NULL && c->id == values->course_id)
        course = i;
    }

  add_form_choice (form, GTK_LIST_BOX (list), "course_id", "training-course", _("Course"),
                   G_LIST_MODEL (courses), course);
  add_form_row (form, GTK_LIST_BOX (list), "completed_on", "training-completed",
                _("Completed on (YYYY-MM-DD)"), values != NULL ? values->completed_on : today,
                TRUE);
  add_form_row (form, GTK_LIST_BOX (list), "expires_on", "training-expires",
                _("Expires on (from the course when empty)"),
                values != NULL ? values->expires_on : NULL, TRUE);
  add_form_row (form, GTK_LIST_BOX (list), "provider", "training-provider", _("Provider"),
                values != NULL ? values->provider : NULL, FALSE);

  dialog = adw_message_dialog_new (get_window (self), _("Add Training"),
                                   self->loaded->display_name);
  gtk_widget_set_name (dialog, "add-training-dialog");
  present_form_dialog (self, form, dialog, list, _("_Add"), G_CALLBACK (training_response_cb));
}

static void
add_training_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  present_training_dialog (PSEMS_PERSONNEL_PAGE (widget), NULL, NULL, NULL);
}

/* The undo of a training removal: the page may be gone when the toast's button is pressed. */
typedef struct
{
  GWeakRef    page;
  PsemsStore *store;
  PsemsActor *actor;
  gint64      id;
  gint64      person_id;
} TrainingUndo;

static void
training_undo_free (gpointer user_data)
{
  TrainingUndo *undo = user_data;

  g_weak_ref_clear (&undo->page);
  g_clear_object (&undo->store);
  g_clear_pointer (&undo->actor, psems_actor_unref);
  g_free (undo);
}

static gboolean
restore_training_cb (gpointer   user_data,
                     GError   **error)
{
  TrainingUndo *undo = user_data;
  g_autoptr(PsemsPersonnelPage) self = NULL;

  if (!psems_training_restore (undo->store, undo->actor, undo->id, error))
    return FALSE;
  self = g_weak_ref_get (&undo->page);
  if (self != NULL && self->store == undo->store && self->loaded != NULL
      && self->loaded->id == undo->person_id)
    load_person (self, undo->person_id);
  return TRUE;
}

static void
remove_training_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  PsemsPersonnelPage *self = PSEMS_PERSONNEL_PAGE (widget);
  gint64 id = g_variant_get_int64 (parameter);
  g_autoptr(GPtrArray) trainings = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *title = NULL;
  const char *course = NULL;
  TrainingUndo *undo;

  if (self->store == NULL || self->loaded == NULL)
    return;
  trainings = psems_person_list_trainings (self->store, self->loaded->id, NULL);
  for (guint i = 0; trainings != NULL && i < trainings->len; i++)
    {
      PsemsTraining *training = g_ptr_array_index (trainings, i);

      if (training->id == id)
        course = training->course_name != NULL ? training->course_name : training->course_code;
    }
  /* Removing is undone from the toast, so it asks nothing. */
  if (!psems_training_remove (self->store, self->actor, id, &error))
    {
      show_error_dialog (self, _("Cannot Remove Training"), error->message);
      return;
    }
  /* Translators: %s is a training course's name */
  title = course != NULL ? g_strdup_printf (_("“%s” removed"), course)
                         : g_strdup (_("Training removed"));
  undo = g_new0 (TrainingUndo, 1);
  g_weak_ref_init (&undo->page, self);
  undo->store = g_object_ref (self->store);
  undo->actor = self->actor != NULL ? psems_actor_ref (self->actor) : NULL;
  undo->id = id;
  undo->person_id = self->loaded->id;
  load_person (self, self->loaded->id);
  psems_undo_show (self->toast_overlay, title, restore_training_cb, undo, training_undo_free);
}

/* ───────────────────────────── import and export ───────────────────────────── */

typedef struct
{
  PsemsStore *store;
  PsemsActor *actor;
  char *path;
  PsemsImportMode mode;
  PsemsImportFlags flags;
  PsemsPersonnelPage *page;     /* only for the progress fields, written atomically */
} ImportData;

typedef struct
{
  PsemsImportReport *report;
  GError *error;
  gboolean dry_run;
} ImportResult;

static void
import_data_free (ImportData *data)
{
  g_clear_object (&data->store);
  g_clear_pointer (&data->actor, psems_actor_unref);
  g_free (data->path);
  g_free (data);
}

static void
import_result_free (ImportResult *result)
{
  g_clear_pointer (&result->report, psems_import_report_free);
  g_clear_error (&result->error);
  g_free (result);
}

static void
import_progress_cb (guint64  done,
                    guint64  total,
                    gpointer user_data)
{
  ImportData *data = user_data;

  g_atomic_int_set (&data->page->progress_permille,
                    total > 0 ? (int) MIN (1000, done * 1000 / total) : -1);
}

static void
import_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  ImportData *data = task_data;
  ImportResult *result = g_new0 (ImportResult, 1);
  g_autoptr(PsemsStore) worker = psems_store_open_worker (data->store, &result->error);

  result->dry_run = (data->flags & PSEMS_IMPORT_DRY_RUN) != 0;
  if (worker != NULL)
    result->report = psems_person_import_csv (worker, data->actor, data->path, data->mode,
                                              data->flags, NULL, cancellable, import_progress_cb,
                                              data, &result->error);
  g_task_return_pointer (task, result, (GDestroyNotify) import_result_free);
}

static gboolean
progress_tick_cb (gpointer user_data)
{
  PsemsPersonnelPage *self = user_data;
  int permille = g_atomic_int_get (&self->progress_permille);

  if (permille >= 0)
    gtk_progress_bar_set_fraction (self->progress_bar, permille / 1000.0);
  else
    gtk_progress_bar_pulse (self->progress_bar);
  return G_SOURCE_CONTINUE;
}

static void
set_importing (PsemsPersonnelPage *self,
               const char         *name)
{
  g_clear_handle_id (&self->progress_source, g_source_remove);
  if (name != NULL)
    {
      /* Translators: %s is a file name */
      g_autofree char *text = g_strdup_printf (_("Importing %s…"), name);

      gtk_label_set_text (self->progress_label, text);
      gtk_progress_bar_set_fraction (self->progress_bar, 0.0);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (self->progress_cancel),
                                      "personnel.cancel-import");
      gtk_widget_set_tooltip_text (self->progress_cancel,
                                   _("Cancel the import; nothing is imported"));
      g_atomic_int_set (&self->progress_permille, 0);
      self->progress_source = g_timeout_add (100, progress_tick_cb, self);
    }
  gtk_revealer_set_reveal_child (self->progress_revealer, name != NULL);
  update_form_state (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_IMPORTING]);
}

/* The status line while an export runs: what is written, how far, and Cancel. */
static void
set_exporting (PsemsPersonnelPage *self,
               const char         *name)
{
  if (self->import_cancellable != NULL)
    return;   /* the import's progress stays in view; its Cancel stays its own */
  g_clear_handle_id (&self->progress_source, g_source_remove);
  if (name != NULL)
    {
      /* Translators: %s is a file name */
      g_autofree char *text = g_strdup_printf (_("Exporting %s…"), name);

      gtk_label_set_text (self->progress_label, text);
      gtk_progress_bar_set_fraction (self->progress_bar, 0.0);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (self->progress_cancel),
                                      "personnel.cancel-export");
      gtk_widget_set_tooltip_text (self->progress_cancel,
                                   _("Cancel the export; no file is written"));
      g_atomic_int_set (&self->progress_permille, 0);
      self->progress_source = g_timeout_add (100, progress_tick_cb, self);
    }
  gtk_revealer_set_reveal_child (self->progress_revealer, name != NULL);
}

static GtkWidget *
new_report_view (const char *text)
{
  GtkWidget *scroller = gtk_scrolled_window_new ();
  GtkWidget *label = gtk_label_new (text);

  gtk_widget_set_name (label, "import-report");
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0.0);
  gtk_label_set_yalign (GTK_LABEL (label), 0.0);
  gtk_widget_add_css_class (label, "import-report");
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), label);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scroller), 240);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scroller), TRUE);
  gtk_widget_add_css_class (scroller, "card");
  return scroller;
}

static void
import_done_cb (GObject      *source,
                GAsyncResult *res,
                gpointer      user_data)
{
  PsemsPersonnelPage *self = PSEMS_PERSONNEL_PAGE (source);
  ImportResult *result = g_task_propagate_pointer (G_TASK (res), NULL);
  PsemsImportReport *report = result != NULL ? result->report : NULL;
  GString *lines = g_string_new (NULL);

  g_clear_object (&self->import_cancellable);
  set_importing (self, NULL);

  for (guint i = 0; report != NULL && report->problems != NULL && i < report->problems->len; i++)
    {
      g_autofree char *line = psems_import_problem_format (g_ptr_array_index (report->problems, i));

      g_string_append_printf (lines, "%s%s", lines->len > 0 ? "\n" : "", line);
    }
  g_free (self->import_report);
  self->import_report = g_string_free (lines, FALSE);

  if (result == NULL)
    ;
  else if (g_error_matches (result->error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    show_toast (self, _("Import cancelled; nothing was imported"));
  else if (result->dry_run && result->error == NULL && report != NULL)
    {
      /* A dry run that passed: what the import would do, and that nothing was written. */
      GtkWidget *dialog;
      g_autofree char *body =
        g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                      "%u row checked: importing the file would add %u new "
                                      "and update %u known persons. Nothing was written.",
                                      "%u rows checked: importing the file would add %u new "
                                      "and update %u known persons. Nothing was written.",
                                      report->rows_read),
                         report->rows_read, report->inserted, report->updated);

      dialog = adw_message_dialog_new (get_window (self), _("Dry Run Passed"), body);
      gtk_widget_set_name (dialog, "import-report-dialog");
      adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
      gtk_window_present (GTK_WINDOW (dialog));
    }
  else if (result->error != NULL || report == NULL || !report->written)
    {
      GtkWidget *dialog;
      guint n = report != NULL && report->problems != NULL ? report->problems->len : 0;
      g_autofree char *body = NULL;

      if (n > 0)
        body = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                             "The file has %u problem. Correct it and import "
                                             "the file again.",
                                             "The file has %u problems. Correct them and import "
                                             "the file again.", n), n);
      else
        body = g_strdup (result->error != NULL ? result->error->message : "");
      dialog = adw_message_dialog_new (get_window (self),
                                       result->dry_run ? _("Dry Run: The File Has Problems")
                                                       : _("Nothing Imported"), body);
      gtk_widget_set_name (dialog, "import-report-dialog");
      if (n > 0)
        adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog),
                                            new_report_view (self->import_report));
      adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
      gtk_window_present (GTK_WINDOW (dialog));
    }
  else
    {
      /* Translators: after an import: "Imported 120 new and 3 updated persons" */
      g_autofree char *text = g_strdup_printf (_("Imported %u new and %u updated persons"),
                                               report->inserted, report->updated);

      show_toast (self, text);
      if (self->model != NULL)
        psems_person_model_refresh (self->model);
      if (self->selected_id > 0 && !psems_personnel_page_get_dirty (self))
        load_person (self, self->selected_id);
    }
  g_clear_pointer (&result, import_result_free);
}

/**
 * psems_personnel_page_import_file:
 * @file: a persons CSV file
 *
 * Imports @file in a worker thread, with progress and Cancel in the page's status line, in the
 * page's #PsemsPersonnelPage:import-mode (insert or upsert) and, with
 * #PsemsPersonnelPage:import-dry-run, only checking it. The whole file is checked first, and a
 * file with any problem imports nothing and is reported line by line. What the import dialog
 * runs once the user has chosen the mode (after the file chooser, a drop or personnel.import-file).
 */
void
psems_personnel_page_import_file (PsemsPersonnelPage *self,
                                  GFile              *file)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *name = NULL;
  ImportData *data;

  g_return_if_fail (PSEMS_IS_PERSONNEL_PAGE (self));
  g_return_if_fail (G_IS_FILE (file));

  if (self->store == NULL || self->import_cancellable != NULL)
    return;
  if (g_file_peek_path (file) == NULL)
    {
      show_toast (self, _("Only local files can be imported"));
      return;
    }

  data = g_new0 (ImportData, 1);
  data->store = g_object_ref (self->store);
  data->actor = psems_actor_ref (self->actor);
  data->path = g_file_get_path (file);
  data->mode = g_strcmp0 (self->import_mode, "upsert") == 0 ? PSEMS_IMPORT_UPSERT
                                                            : PSEMS_IMPORT_INSERT;
  data->flags = self->import_dry_run ? PSEMS_IMPORT_DRY_RUN : PSEMS_IMPORT_FLAGS_NONE;
  data->page = self;
  self->progress_permille = 0;
  self->import_cancellable = g_cancellable_new ();
  g_clear_pointer (&self->import_report, g_free);

  /* The task holds the page, so the progress fields outlive the thread. */
  task = g_task_new (self, self->import_cancellable, import_done_cb, NULL);
  g_task_set_source_tag (task, psems_personnel_page_import_file);
  g_task_set_task_data (task, data, (GDestroyNotify) import_data_free);
  g_task_run_in_thread (task, import_thread);

  name = g_file_get_basename (file);
  set_importing (self, name);
}

static void
import_options_response_cb (AdwMessageDialog   *dialog,
                            const char         *response,
                            PsemsPersonnelPage *self)
{
  GFile *file = g_object_get_data (G_OBJECT (dialog), "psems-import-file");
  GtkWidget *mode = g_object_get_data (G_OBJECT (dialog), "psems-import-mode");
  GtkWidget *dry_run = g_object_get_data (G_OBJECT (dialog), "psems-import-dry-run");

  if (g_strcmp0 (response, "import") != 0)
    return;
  g_object_set (self,
                "import-mode", gtk_check_button_get_active (GTK_CHECK_BUTTON (mode)) ? "upsert"
                                                                                     : "insert",
                "import-dry-run", gtk_switch_get_active (GTK_SWITCH (dry_run)),
                NULL);
  psems_personnel_page_import_file (self, file);
}

static GtkWidget *
new_choice_row (GtkWidget  *check,
                const char *title,
                const char *subtitle)
{
  GtkWidget *row = adw_action_row_new ();

  gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);
  return row;
}

/* Before anything is read: how to import @file, the choices `psems-cli person import` has. */
static void
present_import_options (PsemsPersonnelPage *self,
                        GFile              *file)
{
  g_autofree char *name = g_file_get_basename (file);
  g_autofree char *body = NULL;
  GtkWidget *list, *insert, *upsert, *dry_row, *dry_run, *dialog;

  if (self->store == NULL || psems_store_get_read_only (self->store)
      || self->import_cancellable != NULL)
    return;

  list = new_form_list ();
  insert = gtk_check_button_new ();
  upsert = gtk_check_button_new ();
  dry_row = adw_action_row_new ();
  dry_run = gtk_switch_new ();

  /* The modes of psems-cli person import --mode insert|upsert, as two choices to read. */
  gtk_widget_set_name (insert, "import-mode-insert");
  gtk_widget_set_name (upsert, "import-mode-upsert");
  gtk_check_button_set_group (GTK_CHECK_BUTTON (upsert), GTK_CHECK_BUTTON (insert));
  gtk_check_button_set_active (GTK_CHECK_BUTTON (g_strcmp0 (self->import_mode, "upsert") == 0
                                                 ? upsert : insert), TRUE);
  gtk_list_box_append (GTK_LIST_BOX (list),
                       new_choice_row (insert, _("Add new persons only"),
                                       _("A badge already recorded is reported as a problem")));
  gtk_list_box_append (GTK_LIST_BOX (list),
                       new_choice_row (upsert, _("Add new and update known badges"),
                                       _("Persons whose badge is recorded are updated, as in "
                                         "the monthly refresh from HR")));

  gtk_widget_set_name (dry_run, "import-dry-run");
  gtk_widget_set_valign (dry_run, GTK_ALIGN_CENTER);
  gtk_switch_set_active (GTK_SWITCH (dry_run), self->import_dry_run);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (dry_row), _("Dry run"));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (dry_row),
                               _("Check the file and report what would change; write nothing"));
  adw_action_row_add_suffix (ADW_ACTION_ROW (dry_row), dry_run);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (dry_row), dry_run);
  gtk_list_box_append (GTK_LIST_BOX (list), dry_row);

  /* Translators: %s is a file name */
  body = g_strdup_printf (_("Persons from “%s”. The whole file is checked first: if any row has a "
                            "problem, nothing is imported and every problem is listed."), name);
  dialog = adw_message_dialog_new (get_window (self), _("Import Persons"), body);
  gtk_widget_set_name (dialog, "import-options-dialog");
  g_object_set_data_full (G_OBJECT (dialog), "psems-import-file", g_object_ref (file),
                          g_object_unref);
  g_object_set_data (G_OBJECT (dialog), "psems-import-mode", upsert);
  g_object_set_data (G_OBJECT (dialog), "psems-import-dry-run", dry_run);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), list);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "import", _("_Import"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "import",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "import");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (import_options_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
import_chosen_cb (GtkNativeDialog    *chooser,
                  int                 response,
                  PsemsPersonnelPage *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

      if (g_file_peek_path (file) == NULL)
        show_toast (self, _("Only local files can be imported"));
      else
        present_import_options (self, file);
    }
  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);
}

static GtkFileFilter *
new_csv_filter (void)
{
  GtkFileFilter *filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, _("CSV files"));
  gtk_file_filter_add_mime_type (filter, "text/csv");
  gtk_file_filter_add_suffix (filter, "csv");
  return filter;
}

static void
import_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  PsemsPersonnelPage *self = PSEMS_PERSONNEL_PAGE (widget);
  GtkFileChooserNative *chooser;
  g_autoptr(GtkFileFilter) filter = new_csv_filter ();

  chooser = gtk_file_chooser_native_new (_("Import Persons"), get_window (self),
                                         GTK_FILE_CHOOSER_ACTION_OPEN, _("_Import"), NULL);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect (chooser, "response", G_CALLBACK (import_chosen_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
import_file_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  g_autoptr(GFile) file = g_file_new_for_path (g_variant_get_string (parameter, NULL));

  present_import_options (PSEMS_PERSONNEL_PAGE (widget), file);
}

static void
cancel_export_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  PsemsPersonnelPage *self = PSEMS_PERSONNEL_PAGE (widget);

  if (self->export_cancellable != NULL)
    g_cancellable_cancel (self->export_cancellable);
}

static void
cancel_import_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  PsemsPersonnelPage *self = PSEMS_PERSONNEL_PAGE (widget);

  if (self->import_cancellable != NULL)
    g_cancellable_cancel (self->import_cancellable);
}

typedef struct
{
  PsemsStore *store;
  PsemsPersonQuery query;
  char *path;
  PsemsPersonnelPage *page;     /* only for the progress field, written atomically */
} ExportData;

static void
export_data_free (ExportData *data)
{
  g_clear_object (&data->store);
  psems_person_query_clear (&data->query);
  g_free (data->path);
  g_free (data);
}

static void
export_progress_cb (guint64  done,
                    guint64  total,
                    gpointer user_data)
{
  ExportData *data = user_data;

  g_atomic_int_set (&data->page->progress_permille,
                    total > 0 ? (int) MIN (1000, done * 1000 / total) : -1);
}

static void
export_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  ExportData *data = task_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(PsemsStore) worker = psems_store_open_worker (data->store, &error);

  if (worker == NULL
      || !psems_person_export_csv_to_file (worker, &data->query, data->path, cancellable,
                                           export_progress_cb, data, &error))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

static void
export_done_cb (GObject      *source,
                GAsyncResult *res,
                gpointer      user_data)
{
  PsemsPersonnelPage *self = PSEMS_PERSONNEL_PAGE (source);
  ExportData *data = g_task_get_task_data (G_TASK (res));
  g_autoptr(GError) error = NULL;

  self->n_exports--;
  if (self->n_exports == 0)
    {
      g_clear_object (&self->export_cancellable);
      set_exporting (self, NULL);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EXPORTING]);
    }
  if (!g_task_propagate_boolean (G_TASK (res), &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_toast (self, _("Export cancelled; no file was written"));
      else
        show_error_dialog (self, _("Cannot Export Persons"), error->message);
    }
  else
    {
      g_autofree char *name = g_path_get_basename (data->path);
      /* Translators: %s is a file name */
      g_autofree char *text = g_strdup_printf (_("Exported to %s"), name);

      show_toast (self, text);
    }
}

static void
export_to_path (PsemsPersonnelPage *self,
                const char         *path)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *name = g_path_get_basename (path);
  ExportData *data = g_new0 (ExportData, 1);

  if (self->export_cancellable == NULL)
    self->export_cancellable = g_cancellable_new ();
  task = g_task_new (self, self->export_cancellable, export_done_cb, NULL);
  data->page = self;
  data->store = g_object_ref (self->store);
  psems_person_query_init (&data->query);
  psems_person_query_copy (&data->query, &self->query);
  data->path = g_strdup (path);
  g_task_set_task_data (task, data, (GDestroyNotify) export_data_free);
  g_task_run_in_thread (task, export_thread);
  set_exporting (self, name);
  if (self->n_exports++ == 0)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EXPORTING]);
}

static void
export_chosen_cb (GtkNativeDialog    *chooser,
                  int                 response,
                  PsemsPersonnelPage *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

      if (g_file_peek_path (file) != NULL)
        export_to_path (self, g_file_peek_path (file));
    }
  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  PsemsPersonnelPage *self = PSEMS_PERSONNEL_PAGE (widget);
  GtkFileChooserNative *chooser;

  chooser = gtk_file_chooser_native_new (_("Export Persons"), get_window (self),
                                         GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"), NULL);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), "persons.csv");
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect (chooser, "response", G_CALLBACK (export_chosen_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
export_file_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  export_to_path (PSEMS_PERSONNEL_PAGE (widget), g_variant_get_string (parameter, NULL));
}

/**
 * psems_personnel_page_drop_files:
 * @files: (element-type GFile): what was dropped on the page
 *
 * What a drop on the page does: one local CSV file goes through the same import as the Import
 * button (the mode dialog, then the check and its report); anything else is refused in a toast
 * that says why.
 *
 * Returns: whether the drop was taken
 */
gboolean
psems_personnel_page_drop_files (PsemsPersonnelPage *self,
                                 GSList             *files)
{
  GFile *file;
  g_autofree char *name = NULL;
  g_autofree char *type = NULL;

  g_return_val_if_fail (PSEMS_IS_PERSONNEL_PAGE (self), FALSE);

  if (self->store == NULL)
    return FALSE;
  if (psems_store_get_read_only (self->store)
      || !psems_page_may_create (self->store, self->actor, "person"))
    {
      show_toast (self, _("Persons cannot be imported: you may not add persons to this database"));
      return FALSE;
    }
  if (self->import_cancellable != NULL)
    {
      show_toast (self, _("An import is already running; drop the file again when it has finished"));
      return FALSE;
    }
  if (files == NULL)
    return FALSE;
  if (files->next != NULL)
    {
      show_toast (self, _("Drop one CSV file at a time: persons are imported from one file"));
      return FALSE;
    }
  file = files->data;
  name = g_file_get_basename (file);
  type = g_content_type_guess (name, NULL, 0, NULL);
  if (name == NULL
      || !(g_str_has_suffix (name, ".csv") || g_str_has_suffix (name, ".CSV")
           || g_content_type_is_a (type, "text/csv")))
    {
      /* Translators: %s is the name of a file dropped on the Personnel page */
      g_autofree char *text = g_strdup_printf (_("“%s” is not a CSV file: persons are imported "
                                                 "from CSV files"),
                                               name != NULL ? name : "?");
      show_toast (self, text);
      return FALSE;
    }
  if (g_file_peek_path (file) == NULL)
    {
      show_toast (self, _("Only local files can be imported"));
      return FALSE;
    }
  present_import_options (self, file);
  return TRUE;
}

static gboolean
drop_cb (GtkDropTarget      *target,
         const GValue       *value,
         double              x,
         double              y,
         PsemsPersonnelPage *self)
{
  if (G_VALUE_HOLDS (value, GDK_TYPE_FILE_LIST))
    return psems_personnel_page_drop_files (self, g_value_get_boxed (value));
  if (G_VALUE_HOLDS (value, G_TYPE_FILE))
    {
      GSList one = { g_value_get_object (value), NULL };

      return psems_personnel_page_drop_files (self, one.data != NULL ? &one : NULL);
    }
  return FALSE;
}

/* ───────────────────────────── actions ───────────────────────────── */

static void
new_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  PsemsPersonnelPage *self = PSEMS_PERSONNEL_PAGE (widget);

  if (!leave_current (self))
    return;
  g_clear_pointer (&self->loaded, psems_person_free);
  g_clear_pointer (&self->loaded_areas, g_array_unref);
  self->creating = TRUE;
  self->selected_id = 0;
  gtk_selection_model_unselect_all (GTK_SELECTION_MODEL (self->selection));
  fill_vettings (self, NULL);
  fill_trainings (self, NULL);
  fill_form (self);
  adw_leaflet_set_visible_child (self->leaflet, self->detail_pane);
  gtk_widget_grab_focus (GTK_WIDGET (self->given_row));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED_ID]);
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  save (PSEMS_PERSONNEL_PAGE (widget));
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  PsemsPersonnelPage *self = PSEMS_PERSONNEL_PAGE (widget);

  if (self->creating || self->loaded == NULL)
    show_nothing (self);
  else
    fill_form (self);
}

static void
search_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  PsemsPersonnelPage *self = PSEMS_PERSONNEL_PAGE (widget);

  adw_leaflet_set_visible_child (self->leaflet, self->list_pane);
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

/* Archiving someone who left asks nothing: the toast's Undo restores them. */
static void
archive_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  PsemsPersonnelPage *self = PSEMS_PERSONNEL_PAGE (widget);
  g_autoptr(GError) error = NULL;
  g_autofree char *title = NULL;
  gint64 id;

  if (self->store == NULL || self->loaded == NULL || self->creating || !leave_current (self))
    return;
  id = self->loaded->id;
  if (!psems_person_archive (self->store, self->actor, id, &error))
    {
      show_error_dialog (self, _("Cannot Archive the Person"), error->message);
      return;
    }
  /* Translators: %s is a person's name */
  title = g_strdup_printf (_("“%s” archived"), self->loaded->display_name);
  show_nothing (self);
  psems_undo_show_record (self->toast_overlay, title, self->store, self->actor, id,
                          psems_person_restore);
}

/* The next step the "No Matching Persons" page offers: every person again. */
static void
clear_filters_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  PsemsPersonnelPage *self = PSEMS_PERSONNEL_PAGE (widget);

  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  gtk_editable_set_text (GTK_EDITABLE (self->employer_filter), "");
  gtk_drop_down_set_selected (self->status_filter, 0);
  gtk_drop_down_set_selected (self->level_filter, 0);
  gtk_drop_down_set_selected (self->area_filter, 0);
  gtk_drop_down_set_selected (self->expiry_filter, 0);
  gtk_toggle_button_set_active (self->lapsed_toggle, FALSE);
  apply_query (self);
}

static void
undo_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  PsemsPersonnelPage *self = PSEMS_PERSONNEL_PAGE (widget);

  if (!psems_undo_activate (self->toast_overlay))
    gtk_widget_error_bell (widget);
}

static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  PsemsPersonnelPage *self = PSEMS_PERSONNEL_PAGE (widget);

  adw_leaflet_set_visible_child (self->leaflet, self->list_pane);
}

/* ───────────────────────────── the store ───────────────────────────── */

static void
fill_filters (PsemsPersonnelPage *self)
{
  g_autoptr(GtkStringList) levels = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) areas = gtk_string_list_new (NULL);
  g_autoptr(GPtrArray) facilities = NULL;

  g_clear_pointer (&self->levels, g_ptr_array_unref);
  g_clear_pointer (&self->courses, g_ptr_array_unref);
  g_clear_pointer (&self->area_ids, g_array_unref);
  self->area_ids = g_array_new (FALSE, FALSE, sizeof (gint64));

  gtk_string_list_append (levels, _("Any level"));
  gtk_string_list_append (areas, _("Any area"));
  if (self->store != NULL)
    {
      self->levels = psems_vetting_level_list (self->store, NULL);
      self->courses = psems_training_course_list (self->store, NULL);
      for (guint i = 0; self->levels != NULL && i < self->levels->len; i++)
        gtk_string_list_append (levels,
                                ((PsemsVettingLevel *) g_ptr_array_index (self->levels, i))->name);

      facilities = psems_facility_list (self->store, FALSE, NULL);
      for (guint i = 0; facilities != NULL && i < facilities->len; i++)
        {
          PsemsFacility *facility = g_ptr_array_index (facilities, i);
          g_autoptr(GPtrArray) list = psems_area_list (self->store, facility->id, FALSE, NULL);

          for (guint j = 0; list != NULL && j < list->len; j++)
            {
              PsemsArea *area = g_ptr_array_index (list, j);

              gtk_string_list_append (areas, area->name);
              g_array_append_val (self->area_ids, area->id);
            }
        }
    }
  gtk_drop_down_set_model (self->level_filter, G_LIST_MODEL (levels));
  gtk_drop_down_set_model (self->area_filter, G_LIST_MODEL (areas));
}

static void
store_changed_cb (PsemsStore         *store,
                  const char         *entity,
                  gint64              id,
                  PsemsPersonnelPage *self)
{
  /* The model follows persons and vettings itself; the pickers follow areas and levels. */
  if (g_strcmp0 (entity, "restricted_area") == 0 || g_strcmp0 (entity, "area") == 0
      || g_strcmp0 (entity, "facility") == 0 || g_strcmp0 (entity, "vetting_level") == 0
      || g_strcmp0 (entity, "vetting-level") == 0 || g_strcmp0 (entity, "course") == 0)
    {
      fill_filters (self);
      update_form_state (self);
    }
}

/**
 * psems_personnel_page_set_store:
 * @store: (nullable): the database, or %NULL when none is open
 * @actor: (nullable): who writes and views; needed with a store
 */
void
psems_personnel_page_set_store (PsemsPersonnelPage *self,
                                PsemsStore         *store,
                                PsemsActor         *actor)
{
  g_return_if_fail (PSEMS_IS_PERSONNEL_PAGE (self));
  g_return_if_fail (store == NULL || PSEMS_IS_STORE (store));
  g_return_if_fail (store == NULL || actor != NULL);

  if (actor != NULL)
    psems_actor_ref (actor);
  g_clear_pointer (&self->actor, psems_actor_unref);
  self->actor = actor;

  if (self->store == store)
    return;
  if (self->store != NULL)
    g_clear_signal_handler (&self->changed_handler, self->store);
  if (self->import_cancellable != NULL)
    g_cancellable_cancel (self->import_cancellable);
  g_set_object (&self->store, store);

  gtk_column_view_set_model (self->column_view, NULL);
  if (self->model != NULL)
    g_signal_handlers_disconnect_by_data (self->model, self);
  g_clear_object (&self->selection);
  g_clear_object (&self->model);
  self->views_unrecorded = FALSE;
  show_nothing (self);
  fill_filters (self);

  if (store != NULL)
    {
      self->changed_handler = g_signal_connect (store, "changed", G_CALLBACK (store_changed_cb),
                                                self);
      self->model = g_object_new (PSEMS_TYPE_PERSON_MODEL, "store", store,
                                  "active", gtk_widget_get_mapped (GTK_WIDGET (self)), NULL);
      g_signal_connect_swapped (self->model, "items-changed", G_CALLBACK (model_changed_cb), self);
      g_signal_connect_swapped (self->model, "notify::loading", G_CALLBACK (model_changed_cb),
                                self);
      self->selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->model)));
      gtk_single_selection_set_autoselect (self->selection, FALSE);
      gtk_single_selection_set_can_unselect (self->selection, TRUE);
      gtk_selection_model_unselect_all (GTK_SELECTION_MODEL (self->selection));
      g_signal_connect_swapped (self->selection, "notify::selected",
                                G_CALLBACK (selection_changed_cb), self);
      gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (self->selection));
      apply_query (self);
    }
  gtk_stack_set_visible_child_name (self->state_stack, store != NULL ? "content" : "no-database");
  update_privacy_notice (self);
  update_count (self);
  update_form_state (self);
}

GListModel *
psems_personnel_page_get_model (PsemsPersonnelPage *self)
{
  g_return_val_if_fail (PSEMS_IS_PERSONNEL_PAGE (self), NULL);
  return self->model != NULL ? G_LIST_MODEL (self->model) : NULL;
}

gboolean
psems_personnel_page_get_loading (PsemsPersonnelPage *self)
{
  g_return_val_if_fail (PSEMS_IS_PERSONNEL_PAGE (self), FALSE);
  return self->model != NULL && psems_person_model_get_loading (self->model);
}

gint64
psems_personnel_page_get_selected_id (PsemsPersonnelPage *self)
{
  g_return_val_if_fail (PSEMS_IS_PERSONNEL_PAGE (self), 0);
  return self->creating ? 0 : self->selected_id;
}

gboolean
psems_personnel_page_get_importing (PsemsPersonnelPage *self)
{
  g_return_val_if_fail (PSEMS_IS_PERSONNEL_PAGE (self), FALSE);
  return self->import_cancellable != NULL;
}

/**
 * psems_personnel_page_get_import_report:
 *
 * Returns: (nullable): the last import's problems, one "file:line: field: reason" a line
 */
const char *
psems_personnel_page_get_import_report (PsemsPersonnelPage *self)
{
  g_return_val_if_fail (PSEMS_IS_PERSONNEL_PAGE (self), NULL);
  return self->import_report;
}

/* ───────────────────────────── the class ───────────────────────────── */

/* A narrower list drops the columns it can do without, the level first, then employer and
 * expiry, and keeps those that tell persons apart and their standing: name, badge, status.
 * The others are one tap away, in the person's page. They leave the view rather than hide:
 * GTK 4.8's column view still counts a hidden column's width when it shares out its own. */
static void
columns_folded_cb (PsemsPersonnelPage *self)
{
  gboolean narrow = psems_adaptive_bin_get_folded (self->list_bin);
  gboolean medium = narrow || psems_adaptive_bin_get_folded (self->wide_bin);

  for (guint i = 0, at = 0; i < G_N_ELEMENTS (self->all_columns); i++)
    {
      GtkColumnViewColumn *column = self->all_columns[i];
      gboolean wanted = i == COLUMN_NAME || i == COLUMN_BADGE || i == COLUMN_STATUS
                        || ((i == COLUMN_EMPLOYER || i == COLUMN_EXPIRES) && !narrow) || !medium;
      gboolean in = gtk_column_view_column_get_column_view (column) != NULL;

      if (wanted && !in)
        gtk_column_view_insert_column (self->column_view, at, column);
      else if (!wanted && in)
        gtk_column_view_remove_column (self->column_view, column);
      if (wanted)
        at++;
    }
}

/* A phone's width holds the search and three buttons when the buttons show their icons alone
 * (their names stay for screen readers and in their tooltips). */
static void
folded_cb (PsemsPersonnelPage *self)
{
  if (adw_leaflet_get_folded (self->leaflet))
    {
      gtk_button_set_icon_name (self->import_button, "document-open-symbolic");
      gtk_button_set_icon_name (self->new_button, "list-add-symbolic");
    }
  else
    {
      gtk_button_set_child (self->import_button, self->import_content);
      gtk_button_set_child (self->new_button, self->new_content);
    }
}

static void
psems_personnel_page_dispose (GObject *object)
{
  PsemsPersonnelPage *self = PSEMS_PERSONNEL_PAGE (object);

  if (self->import_cancellable != NULL)
    g_cancellable_cancel (self->import_cancellable);
  g_clear_handle_id (&self->employer_source, g_source_remove);
  g_clear_handle_id (&self->progress_source, g_source_remove);
  if (self->store != NULL)
    g_clear_signal_handler (&self->changed_handler, self->store);
  if (self->column_view != NULL)
    {
      GListModel *columns = gtk_column_view_get_columns (self->column_view);

      /* GTK 4.8 asserts when a column view is disposed with its rows still built. */
      gtk_column_view_set_model (self->column_view, NULL);
      while (g_list_model_get_n_items (columns) > 0)
        {
          g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (columns, 0);

          gtk_column_view_remove_column (self->column_view, column);
        }
    }
  /* The model's worker may still hold it and report after the page is gone. */
  if (self->model != NULL)
    g_signal_handlers_disconnect_by_data (self->model, self);
  if (self->selection != NULL)
    g_signal_handlers_disconnect_by_data (self->selection, self);
  /* Before the template forgets them: they may be out of their buttons. */
  g_clear_object (&self->import_content);
  g_clear_object (&self->new_content);
  for (guint i = 0; i < G_N_ELEMENTS (self->all_columns); i++)
    g_clear_object (&self->all_columns[i]);
  gtk_widget_dispose_template (GTK_WIDGET (self), PSEMS_TYPE_PERSONNEL_PAGE);
  g_clear_object (&self->selection);
  g_clear_object (&self->model);

  G_OBJECT_CLASS (psems_personnel_page_parent_class)->dispose (object);
}

static void
psems_personnel_page_finalize (GObject *object)
{
  PsemsPersonnelPage *self = PSEMS_PERSONNEL_PAGE (object);

  g_clear_object (&self->store);
  g_clear_pointer (&self->actor, psems_actor_unref);
  g_clear_object (&self->import_cancellable);
  g_clear_object (&self->export_cancellable);
  psems_person_query_clear (&self->query);
  g_clear_pointer (&self->levels, g_ptr_array_unref);
  g_clear_pointer (&self->courses, g_ptr_array_unref);
  g_clear_pointer (&self->vettings, g_ptr_array_unref);
  g_clear_pointer (&self->area_ids, g_array_unref);
  g_clear_pointer (&self->area_checks, g_ptr_array_unref);
  g_clear_pointer (&self->loaded, psems_person_free);
  g_clear_pointer (&self->loaded_areas, g_array_unref);
  g_clear_pointer (&self->problems, g_ptr_array_unref);
  g_clear_pointer (&self->touched, g_hash_table_unref);
  g_free (self->error_field);
  g_free (self->error_message);
  g_free (self->import_report);
  g_free (self->import_mode);

  G_OBJECT_CLASS (psems_personnel_page_parent_class)->finalize (object);
}

static void
psems_personnel_page_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  PsemsPersonnelPage *self = PSEMS_PERSONNEL_PAGE (object);

  switch (prop_id)
    {
    case PROP_SELECTED_ID:
      g_value_set_int64 (value, psems_personnel_page_get_selected_id (self));
      break;
    case PROP_LOADING:
      g_value_set_boolean (value, psems_personnel_page_get_loading (self));
      break;
    case PROP_IMPORTING:
      g_value_set_boolean (value, psems_personnel_page_get_importing (self));
      break;
    case PROP_DIRTY:
      g_value_set_boolean (value, psems_personnel_page_get_dirty (self));
      break;
    case PROP_IMPORT_MODE:
      g_value_set_string (value, self->import_mode);
      break;
    case PROP_IMPORT_DRY_RUN:
      g_value_set_boolean (value, self->import_dry_run);
      break;
    case PROP_EXPORTING:
      g_value_set_boolean (value, self->n_exports > 0);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
psems_personnel_page_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  PsemsPersonnelPage *self = PSEMS_PERSONNEL_PAGE (object);

  switch (prop_id)
    {
    case PROP_IMPORT_MODE:
      {
        const char *mode = g_value_get_string (value);

        if (g_strcmp0 (mode, "insert") != 0 && g_strcmp0 (mode, "upsert") != 0)
          {
            g_warning ("import-mode: “%s” is not insert or upsert", mode != NULL ? mode : "");
            return;
          }
        if (g_strcmp0 (self->import_mode, mode) != 0)
          {
            g_free (self->import_mode);
            self->import_mode = g_strdup (mode);
            g_object_notify_by_pspec (object, pspec);
          }
      }
      break;
    case PROP_IMPORT_DRY_RUN:
      if (self->import_dry_run != g_value_get_boolean (value))
        {
          self->import_dry_run = g_value_get_boolean (value);
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

/* The list reads the database only while the page is shown (psems_person_model_set_active). */
static void
psems_personnel_page_map (GtkWidget *widget)
{
  PsemsPersonnelPage *self = PSEMS_PERSONNEL_PAGE (widget);

  GTK_WIDGET_CLASS (psems_personnel_page_parent_class)->map (widget);
  if (self->model != NULL)
    psems_person_model_set_active (self->model, TRUE);
}

static void
psems_personnel_page_unmap (GtkWidget *widget)
{
  PsemsPersonnelPage *self = PSEMS_PERSONNEL_PAGE (widget);

  if (self->model != NULL)
    psems_person_model_set_active (self->model, FALSE);
  GTK_WIDGET_CLASS (psems_personnel_page_parent_class)->unmap (widget);
}

static void
psems_personnel_page_class_init (PsemsPersonnelPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = psems_personnel_page_dispose;
  object_class->finalize = psems_personnel_page_finalize;
  g_type_ensure (PSEMS_TYPE_ADAPTIVE_BIN);
  object_class->get_property = psems_personnel_page_get_property;
  object_class->set_property = psems_personnel_page_set_property;
  widget_class->map = psems_personnel_page_map;
  widget_class->unmap = psems_personnel_page_unmap;

  properties[PROP_SELECTED_ID] =
    g_param_spec_int64 ("selected-id", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_IMPORTING] =
    g_param_spec_boolean ("importing", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_DIRTY] =
    g_param_spec_boolean ("dirty", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* How the next import runs: "insert" or "upsert" (psems-cli person import --mode). */
  properties[PROP_IMPORT_MODE] =
    g_param_spec_string ("import-mode", NULL, NULL, "insert",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* Whether the next import only checks the file and reports (--dry-run). */
  properties[PROP_IMPORT_DRY_RUN] =
    g_param_spec_boolean ("import-dry-run", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_EXPORTING] =
    g_param_spec_boolean ("exporting", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (PSEMS_TYPE_PROBLEM_ROW);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/ui/psems-personnel-page.ui");
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, PsemsPersonnelPage, name)
  BIND (toast_overlay);
  BIND (progress_cancel);
  BIND (archive_group);
  BIND (state_stack);
  BIND (privacy_revealer);
  BIND (privacy_label);
  BIND (leaflet);
  BIND (list_pane);
  BIND (detail_pane);
  BIND (search_entry);
  BIND (status_filter);
  BIND (level_filter);
  BIND (area_filter);
  BIND (expiry_filter);
  BIND (employer_filter);
  BIND (lapsed_toggle);
  BIND (sort_dropdown);
  BIND (descending_toggle);
  BIND (list_stack);
  BIND (column_view);
  BIND (count_label);
  BIND (progress_revealer);
  BIND (progress_label);
  BIND (progress_bar);
  BIND (detail_stack);
  BIND (detail_scroller);
  BIND (back_button);
  BIND (import_button);
  BIND (list_bin);
  BIND (wide_bin);
  BIND (new_button);
  BIND (import_content);
  BIND (new_content);
  BIND (avatar);
  BIND (title_label);
  BIND (subtitle_label);
  BIND (clearance_pill);
  BIND (given_row);
  BIND (family_row);
  BIND (employer_row);
  BIND (job_row);
  BIND (badge_row);
  BIND (nationality_row);
  BIND (birth_row);
  BIND (email_row);
  BIND (phone_row);
  BIND (given_problem);
  BIND (family_problem);
  BIND (employer_problem);
  BIND (job_problem);
  BIND (badge_problem);
  BIND (nationality_problem);
  BIND (birth_problem);
  BIND (email_problem);
  BIND (phone_problem);
  BIND (vetting_group);
  BIND (areas_group);
  BIND (training_group);
  BIND (vetting_list);
  BIND (area_list);
  BIND (training_list);
  BIND (save_revealer);
  BIND (save_label);
#undef BIND

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);

  gtk_widget_class_install_action (widget_class, "personnel.new", NULL, new_action);
  psems_page_install_habits (widget_class, search_action, new_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_z, GDK_CONTROL_MASK, "page.undo", NULL);
  gtk_widget_class_install_action (widget_class, "personnel.save", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "personnel.cancel", NULL, cancel_action);
  gtk_widget_class_install_action (widget_class, "personnel.import", NULL, import_action);
  gtk_widget_class_install_action (widget_class, "personnel.import-file", "s",
                                   import_file_action);
  gtk_widget_class_install_action (widget_class, "personnel.cancel-import", NULL,
                                   cancel_import_action);
  gtk_widget_class_install_action (widget_class, "personnel.export", NULL, export_action);
  gtk_widget_class_install_action (widget_class, "personnel.export-file", "s",
                                   export_file_action);
  gtk_widget_class_install_action (widget_class, "personnel.search", NULL, search_action);
  gtk_widget_class_install_action (widget_class, "page.undo", NULL, undo_action);
  gtk_widget_class_install_action (widget_class, "personnel.archive", NULL, archive_action);
  gtk_widget_class_install_action (widget_class, "personnel.cancel-export", NULL,
                                   cancel_export_action);
  gtk_widget_class_install_action (widget_class, "personnel.clear-filters", NULL,
                                   clear_filters_action);
  gtk_widget_class_install_action (widget_class, "personnel.record-vetting", NULL,
                                   record_vetting_action);
  gtk_widget_class_install_action (widget_class, "personnel.edit-vetting", "x",
                                   edit_vetting_action);
  gtk_widget_class_install_action (widget_class, "personnel.add-training", NULL,
                                   add_training_action);
  gtk_widget_class_install_action (widget_class, "personnel.remove-training", "x",
                                   remove_training_action);
  gtk_widget_class_install_property_action (widget_class, "personnel.import-mode", "import-mode");
  gtk_widget_class_install_property_action (widget_class, "personnel.import-dry-run",
                                            "import-dry-run");
  gtk_widget_class_install_action (widget_class, "personnel.back", NULL, back_action);
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

static GListModel *
new_string_model (const char *first,
                  ...)
{
  GtkStringList *list = gtk_string_list_new (NULL);
  va_list args;

  va_start (args, first);
  for (const char *s = first; s != NULL; s = va_arg (args, const char *))
    gtk_string_list_append (list, s);
  va_end (args);
  return G_LIST_MODEL (list);
}

static void
psems_personnel_page_init (PsemsPersonnelPage *self)
{
  g_autoptr(GtkStringList) statuses = gtk_string_list_new (NULL);
  GtkEventController *shortcuts;
  GtkDropTarget *drop;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->touched = g_hash_table_new (g_str_hash, g_str_equal);
  self->import_mode = g_strdup ("insert");
  psems_person_query_init (&self->query);

  gtk_string_list_append (statuses, _("Any status"));
  for (guint i = 0; i < G_N_ELEMENTS (status_choices); i++)
    gtk_string_list_append (statuses, psems_clearance_label (status_choices[i]));
  gtk_drop_down_set_model (self->status_filter, G_LIST_MODEL (statuses));
  gtk_drop_down_set_model (self->expiry_filter,
                           new_string_model (_("Any expiry"), _("Expires in 30 days"),
                                             _("Expires in 60 days"), _("Expires in 90 days"),
                                             NULL));
  g_object_unref (gtk_drop_down_get_model (self->expiry_filter));
  gtk_drop_down_set_model (self->sort_dropdown,
                           new_string_model (_("Name"), _("Employer"), _("Badge"),
                                             _("Expiry date"), NULL));
  g_object_unref (gtk_drop_down_get_model (self->sort_dropdown));
  fill_filters (self);

  add_column (self, _("Name"), COLUMN_NAME, TRUE, -1);
  add_column (self, _("Employer"), COLUMN_EMPLOYER, TRUE, -1);
  add_column (self, _("Badge"), COLUMN_BADGE, FALSE, 110);
  add_column (self, _("Level"), COLUMN_LEVEL, FALSE, 130);
  add_column (self, _("Status"), COLUMN_STATUS, FALSE, 96);
  add_column (self, _("Expires"), COLUMN_EXPIRES, FALSE, 110);
  g_signal_connect_swapped (self->column_view, "activate", G_CALLBACK (row_activated_cb), self);

  g_signal_connect_swapped (self->search_entry, "search-changed", G_CALLBACK (apply_query), self);
  g_signal_connect_swapped (self->status_filter, "notify::selected", G_CALLBACK (apply_query),
                            self);
  g_signal_connect_swapped (self->level_filter, "notify::selected", G_CALLBACK (apply_query),
                            self);
  g_signal_connect_swapped (self->area_filter, "notify::selected", G_CALLBACK (apply_query),
                            self);
  g_signal_connect_swapped (self->expiry_filter, "notify::selected", G_CALLBACK (apply_query),
                            self);
  g_signal_connect_swapped (self->sort_dropdown, "notify::selected", G_CALLBACK (apply_query),
                            self);
  g_signal_connect_swapped (self->lapsed_toggle, "toggled", G_CALLBACK (apply_query), self);
  g_signal_connect_swapped (self->descending_toggle, "toggled", G_CALLBACK (apply_query), self);
  g_signal_connect_swapped (self->employer_filter, "changed", G_CALLBACK (employer_changed_cb),
                            self);

  for (guint i = 0; i < G_N_ELEMENTS (form_fields); i++)
    {
      GtkWidget *row = FIELD_ROW (self, &form_fields[i]);

      g_object_set_data (G_OBJECT (row), "psems-field", (gpointer) form_fields[i].field);
      g_signal_connect (row, "notify::text", G_CALLBACK (field_changed_cb), self);
    }
  psems_ui_set_empty_text (self->vetting_list, _("No vetting recorded"));
  psems_ui_set_empty_text (self->area_list, _("No restricted areas defined"));
  psems_ui_set_empty_text (self->training_list, _("No training recorded"));
  g_object_bind_property (self->leaflet, "folded", self->back_button, "visible",
                          G_BINDING_SYNC_CREATE);
  g_object_ref (self->import_content);
  g_object_ref (self->new_content);
  g_signal_connect_object (self->leaflet, "notify::folded", G_CALLBACK (folded_cb), self,
                           G_CONNECT_SWAPPED);
  folded_cb (self);
  g_signal_connect_object (self->list_bin, "notify::folded", G_CALLBACK (columns_folded_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->wide_bin, "notify::folded", G_CALLBACK (columns_folded_cb), self,
                           G_CONNECT_SWAPPED);

  /* While the page is shown, wherever the focus is: the window hands these to its mapped pages. */
  shortcuts = gtk_shortcut_controller_new ();
  gtk_shortcut_controller_set_scope (GTK_SHORTCUT_CONTROLLER (shortcuts),
                                     GTK_SHORTCUT_SCOPE_MANAGED);
  add_managed_shortcut (shortcuts, GDK_KEY_n, GDK_CONTROL_MASK, "page.new");
  add_managed_shortcut (shortcuts, GDK_KEY_s, GDK_CONTROL_MASK, "personnel.save");
  add_managed_shortcut (shortcuts, GDK_KEY_i, GDK_CONTROL_MASK, "personnel.import");
  add_managed_shortcut (shortcuts, GDK_KEY_f, GDK_CONTROL_MASK, "page.find");
  add_managed_shortcut (shortcuts, GDK_KEY_e, GDK_CONTROL_MASK, "personnel.export");
  gtk_widget_add_controller (GTK_WIDGET (self), shortcuts);

  /* A CSV dropped anywhere on the page is imported like one chosen with Import. */
  drop = gtk_drop_target_new (G_TYPE_INVALID, GDK_ACTION_COPY);
  gtk_drop_target_set_gtypes (drop, (GType[2]) { GDK_TYPE_FILE_LIST, G_TYPE_FILE }, 2);
  g_signal_connect (drop, "drop", G_CALLBACK (drop_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drop));

  gtk_stack_set_visible_child_name (self->state_stack, "no-database");
  gtk_stack_set_visible_child_name (self->detail_stack, "empty");
  update_form_state (self);
}

GtkWidget *
psems_personnel_page_new (void)
{
  return g_object_new (PSEMS_TYPE_PERSONNEL_PAGE, NULL);
}
