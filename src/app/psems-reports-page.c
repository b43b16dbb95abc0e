/* psems-reports-page.c — reports: the facility's compliance pack (sections, as-of date, marking, personnel names, logo; progress, Cancel, Open) and the registers as XLSX or CSV, written in a worker thread. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "psems-facility.h"
#include "psems-pack.h"
#include "psems-problem-row.h"
#include "psems-register.h"
#include "psems-reports-page.h"
#include "psems-ui-util.h"

#define PULSE_INTERVAL_MS 120

typedef enum
{
  JOB_PACK,
  JOB_REGISTER,
} JobKind;

/* One export in a worker thread; shared (reference-counted) by the task and the progress idles. */
typedef struct
{
  JobKind kind;
  PsemsStore *store;               /* the page's; the worker opens its own connection */
  PsemsActor *actor;
  char *path;
  GCancellable *cancellable;
  /* JOB_PACK */
  PsemsPackOptions *options;
  PsemsPackResult result;
  /* JOB_REGISTER */
  PsemsRegisterKind register_kind;
  gint64 facility_id;
  char *as_of;
  guint n_rows;
  /* Progress, written by the worker and read by the main thread. */
  GMutex lock;
  double fraction;
  char *what;
  gboolean progress_queued;
} Job;

struct _PsemsReportsPage
{
  GtkWidget parent_instance;

  AdwToastOverlay *toast_overlay;
  GtkStack *state_stack;
  GtkLabel *facility_title;
  GtkLabel *facility_label;
  AdwExpanderRow *sections_row;
  GtkButton *all_sections_button;
  AdwEntryRow *as_of_row;
  GtkPopover *calendar_popover;
  GtkCalendar *calendar;
  PsemsProblemRow *as_of_problem;
  AdwEntryRow *marking_row;
  GtkMenuButton *marking_button;
  AdwActionRow *personnel_row;
  GtkSwitch *personnel_switch;
  AdwActionRow *logo_row;
  GtkImage *logo_image;
  GtkButton *logo_clear_button;
  GtkBox *pack_progress_box;
  GtkProgressBar *pack_progress;
  GtkButton *pack_button;
  GtkListBox *pack_result_list;
  GtkListBox *register_list;
  GtkBox *register_progress_box;
  GtkProgressBar *register_progress;
  GtkListBox *register_result_list;

  GtkWidget *section_checks[PSEMS_PACK_N_SECTIONS];

  PsemsStore *store;
  gulong changed_handler;
  PsemsActor *actor;
  gint64 facility_id;
  char *facility_ref;
  gboolean reload_due;
  guint reload_source;

  guint sections;
  gboolean as_of_valid;
  char *logo_path;
  GtkFileChooserNative *chooser;
  char *chooser_register;          /* "findings:xlsx" while a register's chooser is open */

  Job *job;
  guint pulse_source;
};

G_DEFINE_FINAL_TYPE (PsemsReportsPage, psems_reports_page, GTK_TYPE_WIDGET)

enum
{
  PROP_0,
  PROP_FACILITY_ID,
  PROP_SECTIONS,
  PROP_BUSY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char * const register_formats[] = { "xlsx", "csv" };

static void update_actions (PsemsReportsPage *self);

/* ───────────────────────────── jobs ───────────────────────────── */

static void
job_clear (Job *job)
{
  g_clear_object (&job->store);
  g_clear_pointer (&job->actor, psems_actor_unref);
  g_clear_pointer (&job->path, g_free);
  g_clear_object (&job->cancellable);
  g_clear_pointer (&job->options, psems_pack_options_free);
  psems_pack_result_clear (&job->result);
  g_clear_pointer (&job->as_of, g_free);
  g_clear_pointer (&job->what, g_free);
  g_mutex_clear (&job->lock);
}

static Job *
job_new (PsemsReportsPage *self,
         JobKind           kind,
         const char       *path)
{
  Job *job = g_rc_box_new0 (Job);

  g_mutex_init (&job->lock);
  job->kind = kind;
  job->store = g_object_ref (self->store);
  job->actor = self->actor != NULL ? psems_actor_ref (self->actor) : NULL;
  job->path = g_strdup (path);
  job->cancellable = g_cancellable_new ();
  return job;
}

static Job *
job_ref (Job *job)
{
  return g_rc_box_acquire (job);
}

static void
job_unref (Job *job)
{
  g_rc_box_release_full (job, (GDestroyNotify) job_clear);
}

typedef struct
{
  PsemsReportsPage *page;
  Job *job;
} ProgressIdle;

static gboolean
progress_idle_cb (gpointer data)
{
  ProgressIdle *idle = data;
  PsemsReportsPage *self = idle->page;
  g_autofree char *what = NULL;
  double fraction;

  g_mutex_lock (&idle->job->lock);
  idle->job->progress_queued = FALSE;
  fraction = idle->job->fraction;
  what = g_strdup (idle->job->what);
  g_mutex_unlock (&idle->job->lock);

  if (self->job == idle->job && idle->job->kind == JOB_PACK)
    {
      gtk_progress_bar_set_fraction (self->pack_progress, CLAMP (fraction, 0.0, 1.0));
      gtk_progress_bar_set_text (self->pack_progress, what);
    }
  return G_SOURCE_REMOVE;
}

static void
progress_idle_free (gpointer data)
{
  ProgressIdle *idle = data;

  g_object_unref (idle->page);
  job_unref (idle->job);
  g_free (idle);
}

/* In the worker: keeps the latest step and wakes the main thread once for a burst of them. */
static void
pack_progress_cb (double      fraction,
                  const char *what,
                  gpointer    user_data)
{
  ProgressIdle *idle = user_data;
  gboolean queue;

  g_mutex_lock (&idle->job->lock);
  idle->job->fraction = fraction;
  g_free (idle->job->what);
  idle->job->what = g_strdup (what);
  queue = !idle->job->progress_queued;
  idle->job->progress_queued = TRUE;
  g_mutex_unlock (&idle->job->lock);

  if (queue)
    {
      ProgressIdle *copy = g_new0 (ProgressIdle, 1);

      copy->page = g_object_ref (idle->page);
      copy->job = job_ref (idle->job);
      g_idle_add_full (G_PRIORITY_DEFAULT, progress_idle_cb, copy, progress_idle_free);
    }
}

static void
export_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  Job *job = task_data;
  g_autoptr(PsemsStore) worker = NULL;
  GError *error = NULL;
  gboolean done;

  /* SQLite connections stay with one thread: the worker gets its own. */
  worker = psems_store_open_worker (job->store, &error);
  if (worker == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  if (job->kind == JOB_PACK)
    {
      ProgressIdle progress = { source_object, job };

      done = psems_pack_export (worker, job->actor, job->options, job->path, pack_progress_cb,
                                &progress, cancellable, &job->result, &error);
    }
  else
    done = psems_register_export (worker, job->actor, job->register_kind, job->facility_id,
                                  job->as_of, job->path, &job->n_rows, &error);
  if (!done)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

/* ───────────────────────────── results ───────────────────────────── */

static void
show_toast (PsemsReportsPage *self,
            const char       *title)
{
  adw_toast_overlay_add_toast (self->toast_overlay, psems_ui_new_toast (title));
}

static GtkWidget *
new_open_buttons (const char *path)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *open = gtk_button_new_with_mnemonic (_("_Open"));
  GtkWidget *folder = gtk_button_new_from_icon_name ("folder-open-symbolic");

  gtk_widget_set_valign (box, GTK_ALIGN_CENTER);
  gtk_widget_set_name (open, "reports-open");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (open), "s", path);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (open), "reports.open");
  gtk_widget_set_name (folder, "reports-show-in-folder");
  gtk_widget_set_tooltip_text (folder, _("Show in Folder"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (folder), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Show in Folder"), -1);
  gtk_actionable_set_action_target (GTK_ACTIONABLE (folder), "s", path);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (folder), "reports.show-in-folder");
  gtk_box_append (GTK_BOX (box), folder);
  gtk_box_append (GTK_BOX (box), open);
  return box;
}

static GtkWidget *
new_status_row (const char *name,
                const char *icon,
                const char *style,
                const char *title,
                const char *subtitle)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *image = gtk_image_new_from_icon_name (icon);

  gtk_widget_set_name (row, name);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  if (subtitle != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
  if (style != NULL)
    gtk_widget_add_css_class (image, style);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), image);
  return row;
}

static void
show_failure (GtkListBox   *list,
              const char   *name,
              const GError *error)
{
  GtkWidget *row;

  psems_ui_clear_list_box (list);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    row = new_status_row ("reports-cancelled", "process-stop-symbolic", NULL,
                          _("Export Cancelled"), _("Nothing was written."));
  else
    {
      row = new_status_row (name, "dialog-error-symbolic", "error", _("Export Failed"),
                            error->message);
      gtk_widget_add_css_class (row, "error");
    }
  gtk_list_box_append (list, row);
  gtk_widget_set_visible (GTK_WIDGET (list), TRUE);
}

static void
show_pack_result (PsemsReportsPage *self,
                  const Job        *job)
{
  g_autofree char *name = g_path_get_basename (job->path);
  g_autofree char *size = g_format_size (job->result.n_bytes);
  g_autofree char *subtitle = NULL;
  g_autofree char *sums = job->result.sha256_path != NULL
                          ? g_path_get_basename (job->result.sha256_path) : NULL;
  g_autofree char *sums_text = NULL;
  GtkWidget *row, *digest;

  psems_ui_clear_list_box (self->pack_result_list);
  /* Translators: a pack's page count, its size, then its reference */
  subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u page · %s · %s",
                                           "%u pages · %s · %s", job->result.n_pages),
                              job->result.n_pages, size, job->result.reference);
  row = new_status_row ("reports-pack-done", "emblem-ok-symbolic", "success", name, subtitle);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), new_open_buttons (job->path));
  gtk_list_box_append (self->pack_result_list, row);

  if (sums != NULL)
    /* Translators: %s is the checksum file written beside the pack */
    sums_text = g_strdup_printf (_("Also in %s"), sums);
  row = new_status_row ("reports-pack-sha256-row", "channel-secure-symbolic", NULL,
                        _("SHA-256"), sums_text);
  digest = gtk_label_new (job->result.sha256);
  gtk_widget_set_name (digest, "reports-pack-sha256");
  gtk_label_set_selectable (GTK_LABEL (digest), TRUE);
  gtk_label_set_wrap (GTK_LABEL (digest), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (digest), PANGO_WRAP_CHAR);
  gtk_label_set_max_width_chars (GTK_LABEL (digest), 32);
  gtk_label_set_xalign (GTK_LABEL (digest), 1.0);
  gtk_widget_add_css_class (digest, "monospace");
  gtk_widget_set_margin_top (digest, 6);
  gtk_widget_set_margin_bottom (digest, 6);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), digest);
  gtk_list_box_append (self->pack_result_list, row);
  gtk_widget_set_visible (GTK_WIDGET (self->pack_result_list), TRUE);
}

static void
show_register_result (PsemsReportsPage *self,
                      const Job        *job)
{
  g_autofree char *name = g_path_get_basename (job->path);
  g_autofree char *subtitle = NULL;
  g_autofree char *rows = NULL;
  PsemsRegisterFormat format = PSEMS_REGISTER_CSV;
  GtkWidget *row;

  psems_register_format_from_path (job->path, &format);
  psems_ui_clear_list_box (self->register_result_list);
  rows = psems_ui_format_count (job->n_rows);
  /* Translators: a register's title, its format (XLSX or CSV), then its row count with the
   * thousands grouped ("1 250") */
  subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s · %s · %s row",
                                           "%s · %s · %s rows", job->n_rows),
                              psems_register_kind_get_title (job->register_kind),
                              format == PSEMS_REGISTER_XLSX ? "XLSX" : "CSV", rows);
  row = new_status_row ("reports-register-done", "emblem-ok-symbolic", "success", name, subtitle);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), new_open_buttons (job->path));
  gtk_list_box_append (self->register_result_list, row);
  gtk_widget_set_visible (GTK_WIDGET (self->register_result_list), TRUE);
}

static void
set_busy (PsemsReportsPage *self,
          Job              *job)
{
  gboolean was_busy = self->job != NULL;

  g_clear_handle_id (&self->pulse_source, g_source_remove);
  if (self->job != NULL)
    job_unref (self->job);
  self->job = job != NULL ? job_ref (job) : NULL;
  gtk_widget_set_visible (GTK_WIDGET (self->pack_progress_box),
                          job != NULL && job->kind == JOB_PACK);
  /* The progress takes the row while a pack is written; the button keeps to the end. */
  gtk_widget_set_hexpand (GTK_WIDGET (self->pack_button), job == NULL || job->kind != JOB_PACK);
  gtk_widget_set_visible (GTK_WIDGET (self->register_progress_box),
                          job != NULL && job->kind == JOB_REGISTER);
  update_actions (self);
  if (was_busy != (job != NULL))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

static void
export_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  PsemsReportsPage *self = PSEMS_REPORTS_PAGE (source);
  Job *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  g_autofree char *message = NULL;

  /* A page disposed (or a job replaced) meanwhile shows nothing. */
  if (self->job != job)
    return;
  name = g_path_get_basename (job->path);
  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (job->kind == JOB_PACK)
        show_failure (self->pack_result_list, "reports-pack-error", error);
      else
        show_failure (self->register_result_list, "reports-register-error", error);
    }
  else if (job->kind == JOB_PACK)
    {
      show_pack_result (self, job);
      /* Translators: %s is the file written */
      message = g_strdup_printf (_("%s written"), name);
      show_toast (self, message);
    }
  else
    {
      show_register_result (self, job);
      message = g_strdup_printf (_("%s written"), name);
      show_toast (self, message);
    }
  set_busy (self, NULL);
}

static gboolean
pulse_cb (gpointer user_data)
{
  PsemsReportsPage *self = user_data;

  gtk_progress_bar_pulse (self->register_progress);
  return G_SOURCE_CONTINUE;
}

static void
start_job (PsemsReportsPage *self,
           Job              *job)
{
  g_autoptr(GTask) task = g_task_new (self, job->cancellable, export_done_cb, NULL);

  g_task_set_name (task, "[psems] reports export");
  g_task_set_task_data (task, job_ref (job), (GDestroyNotify) job_unref);
  set_busy (self, job);
  if (job->kind == JOB_PACK)
    {
      gtk_progress_bar_set_fraction (self->pack_progress, 0.0);
      gtk_progress_bar_set_text (self->pack_progress, _("Starting…"));
      gtk_widget_set_visible (GTK_WIDGET (self->pack_result_list), FALSE);
    }
  else
    {
      g_autofree char *what = g_strdup_printf (_("Writing %s…"),
                                               psems_register_kind_get_title (job->register_kind));

      gtk_progress_bar_set_text (self->register_progress, what);
      gtk_progress_bar_pulse (self->register_progress);
      self->pulse_source = g_timeout_add (PULSE_INTERVAL_MS, pulse_cb, self);
      gtk_widget_set_visible (GTK_WIDGET (self->register_result_list), FALSE);
    }
  g_task_run_in_thread (task, export_thread);
}

/* ───────────────────────────── options ───────────────────────────── */

/* The as-of day typed, as YYYY-MM-DD; NULL when the text is not a day. */
static char *
dup_as_of (PsemsReportsPage *self)
{
  GDate date;
  char buffer[16];

  if (!psems_ui_parse_date (gtk_editable_get_text (GTK_EDITABLE (self->as_of_row)), &date, NULL)
      || !g_date_valid (&date))
    return NULL;
  g_date_strftime (buffer, sizeof buffer, "%Y-%m-%d", &date);
  return g_strdup (buffer);
}

static PsemsPackOptions *
build_pack_options (PsemsReportsPage *self)
{
  PsemsPackOptions *options = psems_pack_options_new ();
  g_autofree char *marking = psems_text_dup_field (gtk_editable_get_text (GTK_EDITABLE (self->marking_row)));

  options->facility_id = self->facility_id;
  options->as_of = dup_as_of (self);
  options->marking = g_steal_pointer (&marking);
  options->sections = self->sections;
  options->include_personnel = gtk_widget_get_sensitive (GTK_WIDGET (self->personnel_switch))
                               && gtk_switch_get_active (self->personnel_switch);
  options->logo_path = g_strdup (self->logo_path);
  return options;
}

static gboolean
may_name_persons (PsemsReportsPage *self)
{
  return self->actor != NULL
         && psems_actor_check (self->actor, PSEMS_OP_READ, "vetting", 0, NULL);
}

static void
update_actions (PsemsReportsPage *self)
{
  gboolean ready = self->store != NULL && self->facility_id != 0 && self->facility_ref != NULL
                   && self->as_of_valid && self->job == NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "reports.export-pack",
                                 ready && self->sections != 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "reports.export-pack-to",
                                 ready && self->sections != 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "reports.export-register", ready);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "reports.export-register-to", ready);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "reports.cancel",
                                 self->job != NULL && self->job->kind == JOB_PACK);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "reports.clear-logo", self->logo_path != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "reports.select-all-sections",
                                 self->sections != PSEMS_PACK_ALL_SECTIONS);
  gtk_widget_set_visible (GTK_WIDGET (self->all_sections_button),
                          self->sections != PSEMS_PACK_ALL_SECTIONS);
}

static void
update_sections_subtitle (PsemsReportsPage *self)
{
  guint n = 0;
  g_autofree char *subtitle = NULL;

  for (guint i = 0; i < PSEMS_PACK_N_SECTIONS; i++)
    if (self->sections & (1u << i))
      n++;
  if (n == PSEMS_PACK_N_SECTIONS)
    subtitle = g_strdup (_("Every section, after the cover and the contents"));
  else if (n == 0)
    subtitle = g_strdup (_("Choose at least one section"));
  else
    /* Translators: how many of the pack's sections are chosen */
    subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u of %u section",
                                             "%u of %u sections", PSEMS_PACK_N_SECTIONS),
                                n, PSEMS_PACK_N_SECTIONS);
  adw_expander_row_set_subtitle (self->sections_row, subtitle);
}

static void
set_sections (PsemsReportsPage *self,
              guint             sections)
{
  sections &= PSEMS_PACK_ALL_SECTIONS;
  if (self->sections == sections)
    return;
  self->sections = sections;
  /* The check buttons follow; their "toggled" handler finds nothing to change. */
  for (guint i = 0; i < PSEMS_PACK_N_SECTIONS; i++)
    gtk_check_button_set_active (GTK_CHECK_BUTTON (self->section_checks[i]),
                                 (sections & (1u << i)) != 0);
  update_sections_subtitle (self);
  update_actions (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SECTIONS]);
}

static void
section_toggled_cb (GtkCheckButton   *check,
                    PsemsReportsPage *self)
{
  guint bit = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (check), "psems-section"));
  guint sections = gtk_check_button_get_active (check) ? self->sections | bit
                                                        : self->sections & ~bit;

  set_sections (self, sections);
}

static void
as_of_changed_cb (GtkEditable      *editable,
                  PsemsReportsPage *self)
{
  g_autoptr(GError) error = NULL;
  GDate date;
  gboolean valid = psems_ui_parse_date (gtk_editable_get_text (editable), &date, &error);

  if (valid && !g_date_valid (&date))
    {
      valid = FALSE;
      g_set_error (&error, PSEMS_ERROR, PSEMS_ERROR_INVALID,
                   _("Give the day the pack and the registers are judged on"));
    }
  self->as_of_valid = valid;
  psems_ui_set_field_problem (GTK_WIDGET (self->as_of_row), GTK_WIDGET (self->as_of_problem),
                              valid ? NULL : error->message);
  update_actions (self);
}

static void
calendar_day_selected_cb (GtkCalendar      *calendar,
                          PsemsReportsPage *self)
{
  g_autoptr(GDateTime) day = gtk_calendar_get_date (calendar);
  g_autofree char *text = g_date_time_format (day, "%Y-%m-%d");

  gtk_editable_set_text (GTK_EDITABLE (self->as_of_row), text);
  gtk_popover_popdown (self->calendar_popover);
}

static void
calendar_show_cb (GtkPopover       *popover,
                  PsemsReportsPage *self)
{
  GDate date;
  g_autoptr(GDateTime) day = NULL;

  if (!psems_ui_parse_date (gtk_editable_get_text (GTK_EDITABLE (self->as_of_row)), &date, NULL)
      || !g_date_valid (&date))
    return;
  day = g_date_time_new_local (g_date_get_year (&date), g_date_get_month (&date),
                               g_date_get_day (&date), 12, 0, 0);
  g_signal_handlers_block_by_func (self->calendar, calendar_day_selected_cb, self);
  gtk_calendar_select_day (self->calendar, day);
  g_signal_handlers_unblock_by_func (self->calendar, calendar_day_selected_cb, self);
}

static void
update_logo (PsemsReportsPage *self)
{
  if (self->logo_path != NULL)
    {
      g_autofree char *name = g_path_get_basename (self->logo_path);

      adw_action_row_set_subtitle (self->logo_row, name);
      gtk_image_set_from_file (self->logo_image, self->logo_path);
    }
  else
    {
      adw_action_row_set_subtitle (self->logo_row, _("None; PNG or JPEG"));
      gtk_image_set_from_icon_name (self->logo_image, "image-x-generic-symbolic");
    }
  gtk_widget_set_visible (GTK_WIDGET (self->logo_clear_button), self->logo_path != NULL);
  update_actions (self);
}

static void
update_personnel (PsemsReportsPage *self)
{
  gboolean allowed = may_name_persons (self);

  gtk_widget_set_sensitive (GTK_WIDGET (self->personnel_switch), allowed);
  if (!allowed)
    gtk_switch_set_active (self->personnel_switch, FALSE);
  adw_action_row_set_subtitle (self->personnel_row,
                               allowed
                               ? _("Off: the pack gives counts by status and level only")
                               : _("Your role may not read vetting records, so the pack gives "
                                   "counts only"));
}

/* ───────────────────────────── loading ───────────────────────────── */

static void
reload (PsemsReportsPage *self)
{
  g_autoptr(PsemsFacility) facility = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  g_clear_handle_id (&self->reload_source, g_source_remove);
  g_clear_pointer (&self->facility_ref, g_free);
  if (self->store == NULL)
    {
      self->reload_due = FALSE;
      gtk_stack_set_visible_child_name (self->state_stack, "no-database");
      update_actions (self);
      return;
    }
  if (self->facility_id == 0)
    {
      self->reload_due = FALSE;
      gtk_stack_set_visible_child_name (self->state_stack, "no-facility");
      update_actions (self);
      return;
    }
  /* The page reads the database only while it is shown. */
  if (!gtk_widget_get_mapped (GTK_WIDGET (self)))
    {
      self->reload_due = TRUE;
      update_actions (self);
      return;
    }
  self->reload_due = FALSE;

  facility = psems_facility_get (self->store, self->facility_id, &error);
  if (facility == NULL)
    {
      gtk_stack_set_visible_child_name (self->state_stack, "no-facility");
      update_actions (self);
      psems_ui_show_error_dialog (GTK_WIDGET (self), "reports-error", _("Facility Unavailable"),
                                  error);
      return;
    }
  self->facility_ref = g_strdup (facility->ref);
  gtk_label_set_text (self->facility_title, facility->name);
  /* Translators: a facility's reference and code, under its name */
  text = g_strdup_printf (_("%s · %s"), facility->ref, facility->code);
  gtk_label_set_text (self->facility_label, text);
  update_personnel (self);
  gtk_stack_set_visible_child_name (self->state_stack, "content");
  update_actions (self);
}

static void
store_changed_cb (PsemsStore       *store,
                  const char       *entity,
                  gint64            id,
                  PsemsReportsPage *self)
{
  if (g_strcmp0 (entity, "facility") != 0)
    return;
  psems_ui_queue_reload (&self->reload_source, "[psems] reports reload",
                         (PsemsUiReloadFunc) reload, self);
}

/* ───────────────────────────── actions ───────────────────────────── */

static char *
default_name (PsemsReportsPage *self,
              const char       *what,
              const char       *extension)
{
  g_autofree char *as_of = dup_as_of (self);

  if (as_of == NULL)
    as_of = psems_ui_dup_today_text ();
  return g_strdup_printf ("%s-%s-%s.%s", self->facility_ref, what, as_of, extension);
}

/* @path with @extension added unless it ends in it already (any case). */
static char *
dup_with_extension (const char *path,
                    const char *extension)
{
  g_autofree char *dotted = g_strconcat (".", extension, NULL);
  gsize length = strlen (path);

  if (length > strlen (dotted) && g_ascii_strcasecmp (path + length - strlen (dotted), dotted) == 0)
    return g_strdup (path);
  return g_strconcat (path, dotted, NULL);
}

static void
start_pack (PsemsReportsPage *self,
            const char       *path)
{
  Job *job;

  if (self->job != NULL || self->store == NULL || self->facility_id == 0)
    return;
  job = job_new (self, JOB_PACK, path);
  job->options = build_pack_options (self);
  start_job (self, job);
  job_unref (job);
}

static void
start_register (PsemsReportsPage  *self,
                PsemsRegisterKind  kind,
                const char        *path)
{
  Job *job;

  if (self->job != NULL || self->store == NULL || self->facility_id == 0)
    return;
  job = job_new (self, JOB_REGISTER, path);
  job->register_kind = kind;
  job->facility_id = self->facility_id;
  job->as_of = dup_as_of (self);
  start_job (self, job);
  job_unref (job);
}

static void
close_chooser (PsemsReportsPage *self)
{
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  g_clear_pointer (&self->chooser_register, g_free);
}

static char *
dup_chosen_path (GtkNativeDialog *chooser,
                 int              response)
{
  g_autoptr(GFile) file = NULL;

  if (response != GTK_RESPONSE_ACCEPT)
    return NULL;
  file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  return file != NULL ? g_file_get_path (file) : NULL;
}

static void
pack_chosen_cb (GtkNativeDialog  *chooser,
                int               response,
                PsemsReportsPage *self)
{
  g_autofree char *chosen = dup_chosen_path (chooser, response);

  close_chooser (self);
  if (chosen != NULL)
    {
      g_autofree char *path = dup_with_extension (chosen, "pdf");

      start_pack (self, path);
    }
}

static GtkFileChooserNative *
new_save_chooser (PsemsReportsPage *self,
                  const char       *title,
                  const char       *name,
                  const char       *filter_name,
                  const char       *mime_type)
{
  GtkFileChooserNative *chooser;
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  chooser = gtk_file_chooser_native_new (title, psems_ui_get_window (GTK_WIDGET (self)),
                                         GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"),
                                         _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  gtk_file_filter_set_name (filter, filter_name);
  gtk_file_filter_add_mime_type (filter, mime_type);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  return chooser;
}

static void
export_pack_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  PsemsReportsPage *self = PSEMS_REPORTS_PAGE (widget);
  g_autofree char *name = NULL;

  if (self->facility_ref == NULL)
    return;
  close_chooser (self);
  name = default_name (self, "pack", "pdf");
  self->chooser = new_save_chooser (self, _("Export Compliance Pack"), name, _("PDF documents"),
                                    "application/pdf");
  g_signal_connect (self->chooser, "response", G_CALLBACK (pack_chosen_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

/* The pack to a path given (scripts, tests): no chooser. */
static void
export_pack_to_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  start_pack (PSEMS_REPORTS_PAGE (widget), g_variant_get_string (parameter, NULL));
}

/* "findings:xlsx" → the register and its format's extension. */
static gboolean
parse_register_target (const char         *target,
                       PsemsRegisterKind  *kind,
                       const char        **extension)
{
  g_auto(GStrv) parts = g_strsplit (target, ":", 2);

  if (g_strv_length (parts) != 2 || !psems_register_kind_from_string (parts[0], kind))
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (register_formats); i++)
    if (g_str_equal (parts[1], register_formats[i]))
      {
        *extension = register_formats[i];
        return TRUE;
      }
  return FALSE;
}

static void
register_chosen_cb (GtkNativeDialog  *chooser,
                    int               response,
                    PsemsReportsPage *self)
{
  g_autofree char *chosen = dup_chosen_path (chooser, response);
  g_autofree char *target = g_strdup (self->chooser_register);
  PsemsRegisterKind kind;
  const char *extension;

  close_chooser (self);
  if (chosen != NULL && target != NULL && parse_register_target (target, &kind, &extension))
    {
      g_autofree char *path = dup_with_extension (chosen, extension);

      start_register (self, kind, path);
    }
}

static void
export_register_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  PsemsReportsPage *self = PSEMS_REPORTS_PAGE (widget);
  const char *target = g_variant_get_string (parameter, NULL);
  g_autofree char *name = NULL;
  g_autofree char *title = NULL;
  PsemsRegisterKind kind;
  const char *extension;
  gboolean xlsx;

  if (self->facility_ref == NULL || !parse_register_target (target, &kind, &extension))
    return;
  close_chooser (self);
  xlsx = g_str_equal (extension, "xlsx");
  name = default_name (self, psems_register_kind_to_string (kind), extension);
  /* Translators: %s is a register's title, "Controls matrix" */
  title = g_strdup_printf (_("Export %s"), psems_register_kind_get_title (kind));
  self->chooser = new_save_chooser (self, title, name,
                                    xlsx ? _("Excel workbooks") : _("CSV files"),
                                    xlsx ? "application/vnd.openxmlformats-officedocument."
                                           "spreadsheetml.sheet"
                                         : "text/csv");
  self->chooser_register = g_strdup (target);
  g_signal_connect (self->chooser, "response", G_CALLBACK (register_chosen_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

/* A register to a path given: (kind, path); the format follows the path's extension. */
static void
export_register_to_action (GtkWidget  *widget,
                           const char *action_name,
                           GVariant   *parameter)
{
  PsemsReportsPage *self = PSEMS_REPORTS_PAGE (widget);
  const char *kind_text, *path;
  PsemsRegisterKind kind;

  g_variant_get (parameter, "(&s&s)", &kind_text, &path);
  if (psems_register_kind_from_string (kind_text, &kind))
    start_register (self, kind, path);
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  PsemsReportsPage *self = PSEMS_REPORTS_PAGE (widget);

  if (self->job == NULL)
    return;
  g_cancellable_cancel (self->job->cancellable);
  gtk_progress_bar_set_text (self->pack_progress, _("Cancelling…"));
  gtk_widget_action_set_enabled (widget, "reports.cancel", FALSE);
}

static void
open_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  g_autoptr(GFile) file = g_file_new_for_path (g_variant_get_string (parameter, NULL));
  g_autofree char *uri = g_file_get_uri (file);

  gtk_show_uri (psems_ui_get_window (widget), uri, GDK_CURRENT_TIME);
}

typedef struct
{
  GtkWindow *window;
  char *file_uri;
  char *folder_uri;
} ShowInFolder;

static void
show_in_folder_free (ShowInFolder *data)
{
  g_clear_object (&data->window);
  g_free (data->file_uri);
  g_free (data->folder_uri);
  g_free (data);
}

/* Without a file manager answering on the bus, the folder opens in the default application. */
static void
show_items_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  ShowInFolder *data = user_data;
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) error = NULL;

  reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (source), result, &error);
  if (reply == NULL)
    gtk_show_uri (data->window, data->folder_uri, GDK_CURRENT_TIME);
  show_in_folder_free (data);
}

static void
session_bus_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  ShowInFolder *data = user_data;
  g_autoptr(GDBusConnection) bus = g_bus_get_finish (result, NULL);
  const char *uris[] = { data->file_uri, NULL };

  if (bus == NULL)
    {
      gtk_show_uri (data->window, data->folder_uri, GDK_CURRENT_TIME);
      show_in_folder_free (data);
      return;
    }
  /* The freedesktop.org file manager interface selects the file in its folder. */
  g_dbus_connection_call (bus, "org.freedesktop.FileManager1", "/org/freedesktop/FileManager1",
                          "org.freedesktop.FileManager1", "ShowItems",
                          g_variant_new ("(^ass)", uris, ""), NULL,
                          G_DBUS_CALL_FLAGS_NONE, -1, NULL, show_items_cb, data);
}

static void
show_in_folder_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  g_autoptr(GFile) file = g_file_new_for_path (g_variant_get_string (parameter, NULL));
  g_autoptr(GFile) folder = g_file_get_parent (file);
  ShowInFolder *data = g_new0 (ShowInFolder, 1);
  GtkWindow *window = psems_ui_get_window (widget);

  data->window = window != NULL ? g_object_ref (window) : NULL;
  data->file_uri = g_file_get_uri (file);
  data->folder_uri = folder != NULL ? g_file_get_uri (folder) : g_strdup (data->file_uri);
  g_bus_get (G_BUS_TYPE_SESSION, NULL, session_bus_cb, data);
}

static void
logo_chosen_cb (GtkNativeDialog  *chooser,
                int               response,
                PsemsReportsPage *self)
{
  g_autofree char *path = dup_chosen_path (chooser, response);

  close_chooser (self);
  if (path != NULL)
    {
      g_free (self->logo_path);
      self->logo_path = g_steal_pointer (&path);
      update_logo (self);
    }
}

static void
choose_logo_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  PsemsReportsPage *self = PSEMS_REPORTS_PAGE (widget);
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  close_chooser (self);
  self->chooser = gtk_file_chooser_native_new (_("Choose a Logo"), psems_ui_get_window (widget),
                                               GTK_FILE_CHOOSER_ACTION_OPEN, _("_Choose"),
                                               _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  gtk_file_filter_set_name (filter, _("PNG or JPEG images"));
  gtk_file_filter_add_mime_type (filter, "image/png");
  gtk_file_filter_add_mime_type (filter, "image/jpeg");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), filter);
  g_signal_connect (self->chooser, "response", G_CALLBACK (logo_chosen_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

/* The logo from a path given (scripts, tests): no chooser. */
static void
set_logo_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  PsemsReportsPage *self = PSEMS_REPORTS_PAGE (widget);
  const char *path = g_variant_get_string (parameter, NULL);

  g_free (self->logo_path);
  self->logo_path = *path != '\0' ? g_strdup (path) : NULL;
  update_logo (self);
}

static void
clear_logo_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  PsemsReportsPage *self = PSEMS_REPORTS_PAGE (widget);

  g_clear_pointer (&self->logo_path, g_free);
  update_logo (self);
}

static void
set_marking_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  PsemsReportsPage *self = PSEMS_REPORTS_PAGE (widget);

  gtk_editable_set_text (GTK_EDITABLE (self->marking_row), g_variant_get_string (parameter, NULL));
}

static void
as_of_today_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  PsemsReportsPage *self = PSEMS_REPORTS_PAGE (widget);
  g_autofree char *today = psems_ui_dup_today_text ();

  gtk_editable_set_text (GTK_EDITABLE (self->as_of_row), today);
}

static void
select_all_sections_action (GtkWidget  *widget,
                            const char *action_name,
                            GVariant   *parameter)
{
  set_sections (PSEMS_REPORTS_PAGE (widget), PSEMS_PACK_ALL_SECTIONS);
}

/* ───────────────────────────── building ───────────────────────────── */

static void
add_section_rows (PsemsReportsPage *self)
{
  for (guint i = 0; i < PSEMS_PACK_N_SECTIONS; i++)
    {
      PsemsPackSection section = (PsemsPackSection) (1u << i);
      const char *key = psems_pack_section_to_string (section);
      const char *title = psems_pack_section_get_title (section);
      g_autofree char *name = g_strdup_printf ("reports-section-%s", key != NULL ? key : "");
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *check = gtk_check_button_new ();

      gtk_widget_set_name (row, name);
      gtk_widget_set_name (check, name);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title != NULL ? title : key);
      gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
      gtk_check_button_set_active (GTK_CHECK_BUTTON (check), TRUE);
      gtk_accessible_update_property (GTK_ACCESSIBLE (check), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      title != NULL ? title : key, -1);
      g_object_set_data (G_OBJECT (check), "psems-section", GUINT_TO_POINTER (section));
      g_signal_connect (check, "toggled", G_CALLBACK (section_toggled_cb), self);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);
      adw_expander_row_add_row (self->sections_row, row);
      self->section_checks[i] = check;
    }
}

static void
add_register_rows (PsemsReportsPage *self)
{
  static const char * const descriptions[PSEMS_REGISTER_N_KINDS] = {
    N_("Each finding with its severity, status, due date and corrective action"),
    N_("Each control by layer, domain and function, with status, effectiveness, tests, "
       "regulations and the threats it mitigates"),
    N_("Each deadline of the 24 months up to the date: due, done, on time, late or missed, "
       "with evidence"),
  };

  for (guint k = 0; k < PSEMS_REGISTER_N_KINDS; k++)
    {
      const char *key = psems_register_kind_to_string (k);
      g_autofree char *name = g_strdup_printf ("reports-register-%s", key);
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);

      gtk_widget_set_name (row, name);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                     psems_register_kind_get_title (k));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), _(descriptions[k]));
      gtk_widget_set_valign (box, GTK_ALIGN_CENTER);
      for (guint f = 0; f < G_N_ELEMENTS (register_formats); f++)
        {
          g_autofree char *button_name = g_strdup_printf ("reports-register-%s-%s", key,
                                                          register_formats[f]);
          g_autofree char *target = g_strdup_printf ("%s:%s", key, register_formats[f]);
          GtkWidget *button = gtk_button_new_with_label (f == 0 ? _("XLSX…") : _("CSV…"));
          g_autofree char *tooltip = NULL;

          gtk_widget_set_name (button, button_name);
          /* Translators: %s is a register's title; the button writes it as a spreadsheet */
          tooltip = g_strdup_printf (f == 0 ? _("Export %s as an Excel workbook")
                                            : _("Export %s as CSV"),
                                     psems_register_kind_get_title (k));
          gtk_widget_set_tooltip_text (button, tooltip);
          gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", target);
          gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "reports.export-register");
          gtk_box_append (GTK_BOX (box), button);
        }
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), box);
      gtk_list_box_append (self->register_list, row);
    }
}

/* ───────────────────────────── public ───────────────────────────── */

GtkWidget *
psems_reports_page_new (void)
{
  return g_object_new (PSEMS_TYPE_REPORTS_PAGE, NULL);
}

void
psems_reports_page_set_store (PsemsReportsPage *self,
                              PsemsStore       *store,
                              PsemsActor       *actor)
{
  g_return_if_fail (PSEMS_IS_REPORTS_PAGE (self));
  g_return_if_fail (store == NULL || PSEMS_IS_STORE (store));

  psems_ui_follow_store (&self->store, &self->changed_handler, store,
                         G_CALLBACK (store_changed_cb), self);
  if (self->actor != actor)
    {
      g_clear_pointer (&self->actor, psems_actor_unref);
      self->actor = actor != NULL ? psems_actor_ref (actor) : NULL;
    }
  update_personnel (self);
  reload (self);
}

void
psems_reports_page_set_facility_id (PsemsReportsPage *self,
                                    gint64            facility_id)
{
  g_return_if_fail (PSEMS_IS_REPORTS_PAGE (self));
  g_return_if_fail (facility_id >= 0);

  if (self->facility_id == facility_id)
    return;
  self->facility_id = facility_id;
  /* The last results were of the other facility. */
  gtk_widget_set_visible (GTK_WIDGET (self->pack_result_list), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->register_result_list), FALSE);
  reload (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FACILITY_ID]);
}

static void
psems_reports_page_map (GtkWidget *widget)
{
  PsemsReportsPage *self = PSEMS_REPORTS_PAGE (widget);

  GTK_WIDGET_CLASS (psems_reports_page_parent_class)->map (widget);
  if (self->reload_due)
    reload (self);
}

static void
psems_reports_page_dispose (GObject *object)
{
  PsemsReportsPage *self = PSEMS_REPORTS_PAGE (object);

  /* A running export stops; its result finds no page to show it in. */
  if (self->job != NULL)
    {
      g_cancellable_cancel (self->job->cancellable);
      g_clear_pointer (&self->job, job_unref);
    }
  g_clear_handle_id (&self->pulse_source, g_source_remove);
  g_clear_handle_id (&self->reload_source, g_source_remove);
  close_chooser (self);
  psems_ui_follow_store (&self->store, &self->changed_handler, NULL, NULL, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), PSEMS_TYPE_REPORTS_PAGE);

  G_OBJECT_CLASS (psems_reports_page_parent_class)->dispose (object);
}

static void
psems_reports_page_finalize (GObject *object)
{
  PsemsReportsPage *self = PSEMS_REPORTS_PAGE (object);

  g_clear_pointer (&self->actor, psems_actor_unref);
  g_free (self->facility_ref);
  g_free (self->logo_path);

  G_OBJECT_CLASS (psems_reports_page_parent_class)->finalize (object);
}

static void
psems_reports_page_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  PsemsReportsPage *self = PSEMS_REPORTS_PAGE (object);

  switch (prop_id)
    {
    case PROP_FACILITY_ID:
      g_value_set_int64 (value, self->facility_id);
      break;
    case PROP_SECTIONS:
      g_value_set_uint (value, self->sections);
      break;
    case PROP_BUSY:
      g_value_set_boolean (value, self->job != NULL);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
psems_reports_page_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  PsemsReportsPage *self = PSEMS_REPORTS_PAGE (object);

  switch (prop_id)
    {
    case PROP_FACILITY_ID:
      psems_reports_page_set_facility_id (self, g_value_get_int64 (value));
      break;
    case PROP_SECTIONS:
      set_sections (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
psems_reports_page_class_init (PsemsReportsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = psems_reports_page_dispose;
  object_class->finalize = psems_reports_page_finalize;
  object_class->get_property = psems_reports_page_get_property;
  object_class->set_property = psems_reports_page_set_property;
  widget_class->map = psems_reports_page_map;

  /**
   * PsemsReportsPage:facility-id:
   *
   * The facility whose pack and registers are written; 0: none chosen.
   */
  properties[PROP_FACILITY_ID] =
    g_param_spec_int64 ("facility-id", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * PsemsReportsPage:sections:
   *
   * The pack's sections chosen (#PsemsPackSection bits), as the check rows show them.
   */
  properties[PROP_SECTIONS] =
    g_param_spec_uint ("sections", NULL, NULL, 0, PSEMS_PACK_ALL_SECTIONS,
                       PSEMS_PACK_ALL_SECTIONS,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * PsemsReportsPage:busy:
   *
   * Whether an export is running.
   */
  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (PSEMS_TYPE_PROBLEM_ROW);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/ui/psems-reports-page.ui");
  gtk_widget_class_bind_template_child (widget_class, PsemsReportsPage, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, PsemsReportsPage, state_stack);
  gtk_widget_class_bind_template_child (widget_class, PsemsReportsPage, facility_title);
  gtk_widget_class_bind_template_child (widget_class, PsemsReportsPage, facility_label);
  gtk_widget_class_bind_template_child (widget_class, PsemsReportsPage, sections_row);
  gtk_widget_class_bind_template_child (widget_class, PsemsReportsPage, all_sections_button);
  gtk_widget_class_bind_template_child (widget_class, PsemsReportsPage, as_of_row);
  gtk_widget_class_bind_template_child (widget_class, PsemsReportsPage, calendar_popover);
  gtk_widget_class_bind_template_child (widget_class, PsemsReportsPage, calendar);
  gtk_widget_class_bind_template_child (widget_class, PsemsReportsPage, as_of_problem);
  gtk_widget_class_bind_template_child (widget_class, PsemsReportsPage, marking_row);
  gtk_widget_class_bind_template_child (widget_class, PsemsReportsPage, marking_button);
  gtk_widget_class_bind_template_child (widget_class, PsemsReportsPage, personnel_row);
  gtk_widget_class_bind_template_child (widget_class, PsemsReportsPage, personnel_switch);
  gtk_widget_class_bind_template_child (widget_class, PsemsReportsPage, logo_row);
  gtk_widget_class_bind_template_child (widget_class, PsemsReportsPage, logo_image);
  gtk_widget_class_bind_template_child (widget_class, PsemsReportsPage, logo_clear_button);
  gtk_widget_class_bind_template_child (widget_class, PsemsReportsPage, pack_progress_box);
  gtk_widget_class_bind_template_child (widget_class, PsemsReportsPage, pack_progress);
  gtk_widget_class_bind_template_child (widget_class, PsemsReportsPage, pack_button);
  gtk_widget_class_bind_template_child (widget_class, PsemsReportsPage, pack_result_list);
  gtk_widget_class_bind_template_child (widget_class, PsemsReportsPage, register_list);
  gtk_widget_class_bind_template_child (widget_class, PsemsReportsPage, register_progress_box);
  gtk_widget_class_bind_template_child (widget_class, PsemsReportsPage, register_progress);
  gtk_widget_class_bind_template_child (widget_class, PsemsReportsPage, register_result_list);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_e, GDK_CONTROL_MASK,
                                       "reports.export-pack", NULL);

  gtk_widget_class_install_action (widget_class, "reports.export-pack", NULL, export_pack_action);
  gtk_widget_class_install_action (widget_class, "reports.export-pack-to", "s",
                                   export_pack_to_action);
  gtk_widget_class_install_action (widget_class, "reports.export-register", "s",
                                   export_register_action);
  gtk_widget_class_install_action (widget_class, "reports.export-register-to", "(ss)",
                                   export_register_to_action);
  gtk_widget_class_install_action (widget_class, "reports.cancel", NULL, cancel_action);
  gtk_widget_class_install_action (widget_class, "reports.open", "s", open_action);
  gtk_widget_class_install_action (widget_class, "reports.show-in-folder", "s",
                                   show_in_folder_action);
  gtk_widget_class_install_action (widget_class, "reports.choose-logo", NULL, choose_logo_action);
  gtk_widget_class_install_action (widget_class, "reports.set-logo", "s", set_logo_action);
  gtk_widget_class_install_action (widget_class, "reports.clear-logo", NULL, clear_logo_action);
  gtk_widget_class_install_action (widget_class, "reports.set-marking", "s", set_marking_action);
  gtk_widget_class_install_action (widget_class, "reports.as-of-today", NULL, as_of_today_action);
  gtk_widget_class_install_action (widget_class, "reports.select-all-sections", NULL,
                                   select_all_sections_action);
}

/* A new pack starts from the preferences' marking and sections (pack-marking, pack-sections:
 * the keys of psems_pack_section_to_string(), none for every section); a key this version does
 * not know is skipped. */
static void
apply_pack_settings (PsemsReportsPage *self)
{
  g_autoptr(GSettings) settings = psems_ui_dup_settings ();
  g_autofree char *marking = NULL;
  g_auto(GStrv) keys = NULL;
  guint sections = 0;

  if (settings == NULL)
    return;
  marking = g_settings_get_string (settings, "pack-marking");
  gtk_editable_set_text (GTK_EDITABLE (self->marking_row), marking);
  keys = g_settings_get_strv (settings, "pack-sections");
  for (guint k = 0; keys[k] != NULL; k++)
    for (guint i = 0; i < PSEMS_PACK_N_SECTIONS; i++)
      if (g_strcmp0 (keys[k], psems_pack_section_to_string ((PsemsPackSection) (1u << i))) == 0)
        sections |= 1u << i;
  set_sections (self, sections != 0 ? sections : PSEMS_PACK_ALL_SECTIONS);
}

static void
psems_reports_page_init (PsemsReportsPage *self)
{
  g_autofree char *today = psems_ui_dup_today_text ();
  g_autoptr(GMenuModel) marking_menu = psems_ui_new_marking_menu ("reports.set-marking");

  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_menu_button_set_menu_model (self->marking_button, marking_menu);
  self->sections = PSEMS_PACK_ALL_SECTIONS;
  add_section_rows (self);
  apply_pack_settings (self);
  add_register_rows (self);
  update_sections_subtitle (self);
  g_signal_connect (self->as_of_row, "changed", G_CALLBACK (as_of_changed_cb), self);
  g_signal_connect (self->calendar, "day-selected", G_CALLBACK (calendar_day_selected_cb), self);
  g_signal_connect (self->calendar_popover, "show", G_CALLBACK (calendar_show_cb), self);
  gtk_editable_set_text (GTK_EDITABLE (self->as_of_row), today);
  self->as_of_valid = TRUE;
  update_logo (self);
  update_personnel (self);
  gtk_stack_set_visible_child_name (self->state_stack, "no-database");
  update_actions (self);
}
