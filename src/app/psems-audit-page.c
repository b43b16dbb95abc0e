/* psems-audit-page.c — the audit trail: its chain head, verification, the entries filtered by user, entity and date, one entry's images, CSV export. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "psems-adaptive-bin.h"
#include "psems-audit-page.h"
#include "psems-entity.h"
#include "psems-ui-util.h"
#include "psems-verify.h"

/* Entries are read a page at a time, newest first, as the list scrolls:
 * a trail of millions is never read whole. */
#define PAGE_SIZE 200

/* ───────────────────────────── one entry as a list item ───────────────────────────── */

#define PSEMS_TYPE_AUDIT_ITEM (psems_audit_item_get_type ())
G_DECLARE_FINAL_TYPE (PsemsAuditItem, psems_audit_item, PSEMS, AUDIT_ITEM, GObject)

struct _PsemsAuditItem
{
  GObject parent_instance;
  PsemsTrailEntry *entry;
  char *time_text;              /* local time, for reading */
};

G_DEFINE_FINAL_TYPE (PsemsAuditItem, psems_audit_item, G_TYPE_OBJECT)

static void
psems_audit_item_finalize (GObject *object)
{
  PsemsAuditItem *self = PSEMS_AUDIT_ITEM (object);

  g_clear_pointer (&self->entry, psems_trail_entry_free);
  g_free (self->time_text);
  G_OBJECT_CLASS (psems_audit_item_parent_class)->finalize (object);
}

static void
psems_audit_item_class_init (PsemsAuditItemClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = psems_audit_item_finalize;
}

static void
psems_audit_item_init (PsemsAuditItem *self)
{
}

/* An entry's time in local time, to the second: entries come in bursts. */
static char *
format_time (const char *at)
{
  g_autoptr(GDateTime) utc = at != NULL ? g_date_time_new_from_iso8601 (at, NULL) : NULL;
  g_autoptr(GDateTime) local = NULL;

  if (utc == NULL)
    return g_strdup (at);
  local = g_date_time_to_local (utc);
  /* Translators: an audit entry's local time, to the second; see the GDateTime format codes */
  return g_date_time_format (local, _("%-d %b %Y, %H:%M:%S"));
}

static PsemsAuditItem *
psems_audit_item_new (PsemsTrailEntry *entry)     /* (transfer full) */
{
  PsemsAuditItem *self = g_object_new (PSEMS_TYPE_AUDIT_ITEM, NULL);

  self->entry = entry;
  self->time_text = format_time (entry->at);
  return self;
}

/* ───────────────────────────── the page ───────────────────────────── */

struct _PsemsAuditPage
{
  GtkWidget parent_instance;

  AdwToastOverlay *toast_overlay;
  GtkStack *state_stack;
  GtkLabel *head_label;
  GtkLabel *head_caption;
  GtkEntry *expect_entry;
  GtkButton *verify_button;
  GtkStack *result_icon_stack;
  GtkSpinner *spinner;
  GtkLabel *result_label;
  GtkScrolledWindow *problem_scroller;
  GtkListBox *problem_list;
  GtkSearchEntry *user_entry;
  GtkDropDown *entity_filter;
  GtkEntry *from_entry;
  GtkEntry *until_entry;
  GtkLabel *summary_label;
  GtkStack *list_stack;
  GtkPaned *paned;
  PsemsAdaptiveBin *adaptive;
  GtkScrolledWindow *list_scroller;
  GtkColumnView *column_view;
  GtkStack *detail_stack;
  GtkLabel *detail_title;
  GtkLabel *detail_subtitle;
  GtkLabel *detail_changed;
  GtkTextView *before_view;
  GtkTextView *after_view;
  GtkLabel *detail_hash;

  PsemsStore *store;
  PsemsActor *actor;
  gulong changed_handler;
  guint reload_source;
  gboolean reload_due;          /* data changed while the page was not shown */

  GListStore *entries;          /* PsemsAuditItem, newest first, the pages read so far */
  GtkSingleSelection *selection;
  gboolean has_more;            /* older entries the filters let through remain unread */
  gboolean loading;             /* a page is being read */
  guint generation;             /* of the filters: answers to older ones are dropped */
  GStrv entity_ids;             /* the entity filter's choices after "all" */
  char *head;
  char *from_at;                /* the date filters as UTC stamps; NULL: open */
  char *until_at;
  gboolean dates_valid;
  gint64 selected_id;

  GCancellable *cancellable;    /* verification and export in their threads */
  gboolean verifying;
  gboolean exporting;
  GtkFileChooserNative *chooser;
};

G_DEFINE_FINAL_TYPE (PsemsAuditPage, psems_audit_page, GTK_TYPE_WIDGET)

static void reload (PsemsAuditPage *self);
static void filter_changed_cb (PsemsAuditPage *self);

static void
show_toast (PsemsAuditPage *self,
            const char     *title)
{
  adw_toast_overlay_add_toast (self->toast_overlay, psems_ui_new_toast (title));
}

static const char *
entity_label (const char *entity)
{
  const PsemsEntityInfo *info = entity != NULL ? psems_entity_lookup (entity) : NULL;

  return info != NULL ? _(info->label) : entity;
}

/* The filters as the core reads them; strings belong to the page. */
static PsemsTrailFilter
current_filter (PsemsAuditPage *self)
{
  PsemsTrailFilter filter = { NULL };
  const char *user = gtk_editable_get_text (GTK_EDITABLE (self->user_entry));
  guint entity = gtk_drop_down_get_selected (self->entity_filter);

  if (user != NULL && *user != '\0')
    filter.user = user;
  if (self->entity_ids != NULL && entity != GTK_INVALID_LIST_POSITION && entity > 0 &&
      entity <= g_strv_length (self->entity_ids))
    filter.entity = self->entity_ids[entity - 1];
  filter.from_at = self->from_at;
  filter.until_at = self->until_at;
  return filter;
}

static gboolean
filters_active (const PsemsTrailFilter *filter)
{
  return filter->user != NULL || filter->entity != NULL || filter->from_at != NULL ||
         filter->until_at != NULL;
}

/* A typed local day as the trail's UTC stamp of its first instant; @next_day for
 * the day after (an inclusive "until"). FALSE when the text is not a day. */
static gboolean
day_to_stamp (const char  *text,
              gboolean     next_day,
              char       **stamp)
{
  g_autoptr(GDateTime) local = NULL;
  g_autoptr(GDateTime) utc = NULL;
  GDate date;

  *stamp = NULL;
  if (!psems_ui_parse_date (text, &date, NULL))
    return FALSE;
  if (!g_date_valid (&date))
    return TRUE;                /* empty: no bound */
  if (next_day)
    g_date_add_days (&date, 1);
  local = g_date_time_new_local (g_date_get_year (&date), g_date_get_month (&date), g_date_get_day (&date),
                                 0, 0, 0);
  if (local == NULL)
    return FALSE;
  utc = g_date_time_to_utc (local);
  *stamp = g_date_time_format (utc, "%Y-%m-%dT%H:%M:%S.000000Z");
  return TRUE;
}

static gboolean
read_date_entry (GtkEntry  *entry,
                 gboolean   next_day,
                 char     **stamp)
{
  gboolean ok = day_to_stamp (gtk_editable_get_text (GTK_EDITABLE (entry)), next_day, stamp);

  if (ok)
    gtk_widget_remove_css_class (GTK_WIDGET (entry), "error");
  else
    gtk_widget_add_css_class (GTK_WIDGET (entry), "error");
  return ok;
}

/* ───────────────────────────── the head ───────────────────────────── */

static void
fill_head (PsemsAuditPage *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *caption = NULL;
  gint64 n_entries = 0;

  g_clear_pointer (&self->head, g_free);
  self->head = psems_verify_dup_head (self->store, &n_entries, &error);
  if (self->head == NULL)
    {
      gtk_label_set_text (self->head_label, "");
      gtk_label_set_text (self->head_caption, error->message);
      return;
    }
  gtk_label_set_text (self->head_label, self->head);
  if (n_entries == 0)
    caption = g_strdup (_("The trail is empty: this is the hash every trail starts from."));
  else
    caption = g_strdup_printf (ngettext ("The hash of entry %lld, the newest: %lld entry in all",
                                         "The hash of entry %lld, the newest: %lld entries in all",
                                         (gulong) n_entries),
                               (long long) n_entries, (long long) n_entries);
  gtk_label_set_text (self->head_caption, caption);
}

/* ───────────────────────────── the list ───────────────────────────── */

/* Reading a page (and, for the first, the counts) runs in a thread: a filter
 * that few entries match scans a trail of millions. Answers to a question
 * since replaced (a filter typed on) are dropped by their generation. */
typedef struct
{
  PsemsStore *store;
  char *user;
  char *entity;
  char *from_at;
  char *until_at;
  gint64 before_id;             /* 0: the first page, with the counts */
  guint generation;
  GPtrArray *page;              /* PsemsTrailEntry */
  gint64 total;
  gint64 shown;
} ListJob;

static void
list_job_free (ListJob *job)
{
  g_clear_object (&job->store);
  g_free (job->user);
  g_free (job->entity);
  g_free (job->from_at);
  g_free (job->until_at);
  g_clear_pointer (&job->page, g_ptr_array_unref);
  g_free (job);
}

static void
run_list (GTask        *task,
          gpointer      source_object,
          gpointer      task_data,
          GCancellable *cancellable)
{
  ListJob *job = task_data;
  GError *error = NULL;
  g_autoptr(PsemsStore) worker = psems_store_open_worker (job->store, &error);
  PsemsTrailFilter filter = { job->user, job->entity, job->from_at, job->until_at };
  gboolean ok = worker != NULL;

  if (ok && job->before_id == 0)
    {
      job->total = psems_trail_count (worker, NULL, &error);
      ok = job->total >= 0;
      if (ok)
        job->shown = filters_active (&filter) ? psems_trail_count (worker, &filter, &error) : job->total;
      ok = ok && job->shown >= 0;
    }
  if (ok)
    {
      job->page = psems_trail_list (worker, &filter, job->before_id, PAGE_SIZE, &error);
      ok = job->page != NULL;
    }
  if (ok)
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
fill_summary (PsemsAuditPage *self,
              const ListJob  *job)
{
  g_autofree char *text = NULL;

  if (job->shown != job->total)
    text = g_strdup_printf (ngettext ("%lld of %lld entry", "%lld of %lld entries", (gulong) job->total),
                            (long long) job->shown, (long long) job->total);
  else
    text = g_strdup_printf (ngettext ("%lld entry", "%lld entries", (gulong) job->total), (long long) job->total);
  gtk_label_set_text (self->summary_label, text);
}

static void
list_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  PsemsAuditPage *self = PSEMS_AUDIT_PAGE (source);
  ListJob *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) items = NULL;
  gint64 keep = self->selected_id;
  guint n;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || job->generation != self->generation)
        return;
      self->loading = FALSE;
      psems_ui_show_error_dialog (GTK_WIDGET (self), "audit-error", _("Audit Trail Unavailable"), error);
      return;
    }
  if (job->generation != self->generation)
    return;                     /* the filters changed meanwhile; a newer answer is coming */
  self->loading = FALSE;

  items = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < job->page->len; i++)
    g_ptr_array_add (items, psems_audit_item_new (g_ptr_array_index (job->page, i)));
  g_ptr_array_set_free_func (job->page, NULL);
  self->has_more = job->page->len == PAGE_SIZE;

  if (job->before_id != 0)
    {
      n = g_list_model_get_n_items (G_LIST_MODEL (self->entries));
      g_list_store_splice (self->entries, n, 0, items->pdata, items->len);
      return;
    }
  n = g_list_model_get_n_items (G_LIST_MODEL (self->entries));
  g_list_store_splice (self->entries, 0, n, items->pdata, items->len);
  fill_summary (self, job);
  gtk_stack_set_visible_child_name (self->list_stack, items->len > 0 ? "list" : "empty");
  /* The entry shown stays selected when it is still listed. */
  for (guint i = 0; keep != 0 && i < items->len; i++)
    if (((PsemsAuditItem *) g_ptr_array_index (items, i))->entry->id == keep)
      {
        gtk_single_selection_set_selected (self->selection, i);
        return;
      }
  gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
}

static void
start_list (PsemsAuditPage *self,
            gint64          before_id)
{
  PsemsTrailFilter filter = current_filter (self);
  ListJob *job = g_new0 (ListJob, 1);
  g_autoptr(GTask) task = NULL;

  job->store = g_object_ref (self->store);
  job->user = g_strdup (filter.user);
  job->entity = g_strdup (filter.entity);
  job->from_at = g_strdup (filter.from_at);
  job->until_at = g_strdup (filter.until_at);
  job->before_id = before_id;
  job->generation = self->generation;
  self->loading = TRUE;

  task = g_task_new (self, self->cancellable, list_done_cb, NULL);
  g_task_set_name (task, "[psems] audit list");
  g_task_set_task_data (task, job, (GDestroyNotify) list_job_free);
  g_task_run_in_thread (task, run_list);
}

static void
reload_list (PsemsAuditPage *self)
{
  self->generation++;
  self->has_more = FALSE;
  if (!self->dates_valid)
    {
      self->loading = FALSE;
      g_list_store_remove_all (self->entries);
      gtk_label_set_text (self->summary_label, _("Write the days as YYYY-MM-DD"));
      gtk_stack_set_visible_child_name (self->list_stack, "empty");
      return;
    }
  start_list (self, 0);
}

static void
edge_reached_cb (GtkScrolledWindow *scroller,
                 GtkPositionType    position,
                 PsemsAuditPage    *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->entries));
  g_autoptr(PsemsAuditItem) last = NULL;

  if (position != GTK_POS_BOTTOM || !self->has_more || self->loading || self->store == NULL || n == 0)
    return;
  last = g_list_model_get_item (G_LIST_MODEL (self->entries), n - 1);
  start_list (self, last->entry->id);
}

enum { COL_TIME, COL_USER, COL_ROLE, COL_ACTION, COL_ENTITY, COL_REF, N_COLUMNS };

static void
setup_cell_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *list_item,
               gpointer                  user_data)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0.0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  if (GPOINTER_TO_INT (user_data) == COL_REF)
    gtk_widget_add_css_class (label, "monospace");
  if (GPOINTER_TO_INT (user_data) == COL_ROLE)
    gtk_widget_add_css_class (label, "dim-label");
  gtk_list_item_set_child (list_item, label);
}

static void
bind_cell_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *list_item,
              gpointer                  user_data)
{
  PsemsAuditItem *item = gtk_list_item_get_item (list_item);
  GtkLabel *label = GTK_LABEL (gtk_list_item_get_child (list_item));
  const PsemsTrailEntry *e = item->entry;
  g_autofree char *text = NULL;

  switch (GPOINTER_TO_INT (user_data))
    {
    case COL_TIME:   text = g_strdup (item->time_text); break;
    case COL_USER:   text = g_strdup (e->user_name); break;
    case COL_ROLE:   text = g_strdup (e->role); break;
    case COL_ACTION: text = g_strdup (e->action); break;
    case COL_ENTITY: text = g_strdup (entity_label (e->entity)); break;
    case COL_REF:
      text = e->ref != NULL ? g_strdup (e->ref)
             : e->entity_id != 0 ? g_strdup_printf ("#%" G_GINT64_FORMAT, e->entity_id) : g_strdup ("");
      break;
    default: g_assert_not_reached ();
    }
  gtk_label_set_text (label, text != NULL ? text : "");
  gtk_widget_set_tooltip_text (GTK_WIDGET (label), text);
}

static void
add_column (PsemsAuditPage *self,
            int             column,
            const char     *title,
            gboolean        expand,
            int             fixed_width)
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
  g_object_unref (view_column);
}

/* ───────────────────────────── the selected entry ───────────────────────────── */

/* An image as indented JSON, one member a line, the members in @changed marked. */
static void
show_image (GtkTextView *view,
            const char  *image,
            GPtrArray   *changed)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (view);
  g_autoptr(JsonParser) parser = json_parser_new ();
  GtkTextIter end;

  gtk_text_buffer_set_text (buffer, "", 0);
  gtk_text_buffer_get_end_iter (buffer, &end);
  if (image == NULL)
    {
      gtk_text_buffer_insert_with_tags_by_name (buffer, &end, _("None"), -1, "none", NULL);
      return;
    }
  if (!json_parser_load_from_data (parser, image, -1, NULL))
    {
      gtk_text_buffer_insert (buffer, &end, image, -1);
      return;
    }
  if (!JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      g_autofree char *pretty = json_to_string (json_parser_get_root (parser), TRUE);

      gtk_text_buffer_insert (buffer, &end, pretty, -1);
      return;
    }

  {
    JsonObject *object = json_node_get_object (json_parser_get_root (parser));
    g_autoptr(GList) members = json_object_get_members (object);
    int first_changed = -1, line_no = 1;

    gtk_text_buffer_insert (buffer, &end, "{\n", -1);
    for (GList *l = members; l != NULL; l = l->next)
      {
        g_autofree char *value = json_to_string (json_object_get_member (object, l->data), FALSE);
        g_autoptr(GString) line = g_string_new ("  ");
        gboolean is_changed = FALSE;

        for (guint i = 0; changed != NULL && i < changed->len && !is_changed; i++)
          is_changed = g_str_equal (g_ptr_array_index (changed, i), l->data);
        g_string_append_printf (line, "\"%s\": %s%s\n", (const char *) l->data, value, l->next != NULL ? "," : "");
        if (is_changed)
          {
            gtk_text_buffer_insert_with_tags_by_name (buffer, &end, line->str, -1, "changed", NULL);
            if (first_changed < 0)
              first_changed = line_no;
          }
        else
          gtk_text_buffer_insert (buffer, &end, line->str, -1);
        line_no++;
      }
    gtk_text_buffer_insert (buffer, &end, "}", -1);

    /* The first change in sight: images of wide tables run long. */
    {
      GtkTextIter at;
      GtkTextMark *mark;

      gtk_text_buffer_get_iter_at_line (buffer, &at, MAX (first_changed, 0));
      mark = gtk_text_buffer_get_mark (buffer, "first-change");
      if (mark == NULL)
        mark = gtk_text_buffer_create_mark (buffer, "first-change", &at, TRUE);
      else
        gtk_text_buffer_move_mark (buffer, mark, &at);
      gtk_text_view_scroll_to_mark (view, mark, 0.0, TRUE, 0.0, first_changed > 0 ? 0.2 : 0.0);
    }
  }
}

static void
fill_detail (PsemsAuditPage *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PsemsTrailEntry) entry = NULL;
  g_autoptr(GPtrArray) changed = NULL;
  g_autofree char *title = NULL;
  g_autofree char *subtitle = NULL;
  g_autofree char *when = NULL;
  g_autofree char *hash = NULL;
  const char *ref;

  if (self->selected_id == 0 || self->store == NULL)
    {
      gtk_stack_set_visible_child_name (self->detail_stack, "none");
      return;
    }
  entry = psems_trail_get (self->store, self->selected_id, &error);
  if (entry == NULL)
    {
      gtk_stack_set_visible_child_name (self->detail_stack, "none");
      return;
    }

  ref = entry->ref;
  {
    g_autofree char *id_text = entry->entity_id != 0 ? g_strdup_printf ("#%" G_GINT64_FORMAT, entry->entity_id)
                                                     : NULL;

    /* Translators: an audit entry: action, kind of record, its reference ("update · person PER-2026-0001") */
    title = g_strdup_printf (_("%s · %s %s"), entry->action, entry->entity,
                             ref != NULL ? ref : id_text != NULL ? id_text : "");
  }
  when = format_time (entry->at);
  /* Translators: entry number, local time, the user, their role */
  subtitle = g_strdup_printf (_("Entry %lld · %s · %s (%s)"), (long long) entry->id, when,
                              entry->user_name, entry->role);
  gtk_label_set_text (self->detail_title, g_strstrip (title));
  gtk_label_set_text (self->detail_subtitle, subtitle);

  changed = psems_trail_diff_fields (entry->before, entry->after);
  if (changed != NULL && changed->len > 0 && (entry->before != NULL && entry->after != NULL))
    {
      g_autofree char *list = NULL;
      g_autofree char *text = NULL;

      g_ptr_array_add (changed, NULL);
      list = g_strjoinv (", ", (char **) changed->pdata);
      g_ptr_array_remove_index (changed, changed->len - 1);
      text = g_strdup_printf (_("Changed: %s"), list);
      gtk_label_set_text (self->detail_changed, text);
      gtk_widget_set_visible (GTK_WIDGET (self->detail_changed), TRUE);
    }
  else
    {
      gtk_label_set_text (self->detail_changed, "");
      gtk_widget_set_visible (GTK_WIDGET (self->detail_changed), FALSE);
    }
  show_image (self->before_view, entry->before, entry->after != NULL ? changed : NULL);
  show_image (self->after_view, entry->after, entry->before != NULL ? changed : NULL);
  hash = g_strdup_printf (_("Hash %s"), entry->hash);
  gtk_label_set_text (self->detail_hash, hash);
  gtk_stack_set_visible_child_name (self->detail_stack, "entry");
}

static void
selection_changed_cb (PsemsAuditPage *self)
{
  PsemsAuditItem *item = gtk_single_selection_get_selected_item (self->selection);

  self->selected_id = item != NULL ? item->entry->id : 0;
  fill_detail (self);
}

/* ───────────────────────────── loading ───────────────────────────── */

static void
fill_entity_filter (PsemsAuditPage *self)
{
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) entities = psems_trail_dup_entities (self->store, &error);
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);
  const char *selected = NULL;
  guint position = 0;

  {
    guint current = gtk_drop_down_get_selected (self->entity_filter);

    if (self->entity_ids != NULL && current != GTK_INVALID_LIST_POSITION && current > 0 &&
        current <= g_strv_length (self->entity_ids))
      selected = self->entity_ids[current - 1];
  }
  gtk_string_list_append (labels, _("All records"));
  for (guint i = 0; entities != NULL && entities[i] != NULL; i++)
    {
      gtk_string_list_append (labels, entity_label (entities[i]));
      if (g_strcmp0 (entities[i], selected) == 0)
        position = i + 1;
    }
  /* The model goes in before the ids: the dropdown notifies its choice as it changes. */
  g_strfreev (self->entity_ids);
  self->entity_ids = g_steal_pointer (&entities);
  gtk_drop_down_set_model (self->entity_filter, G_LIST_MODEL (labels));
  gtk_drop_down_set_selected (self->entity_filter, position);
}

static void
reload (PsemsAuditPage *self)
{
  g_clear_handle_id (&self->reload_source, g_source_remove);
  if (self->store == NULL)
    {
      self->reload_due = FALSE;
      gtk_stack_set_visible_child_name (self->state_stack, "no-database");
      return;
    }
  /* The page reads the database only while it is shown. */
  if (!gtk_widget_get_mapped (GTK_WIDGET (self)))
    {
      self->reload_due = TRUE;
      return;
    }
  self->reload_due = FALSE;
  gtk_stack_set_visible_child_name (self->state_stack, "content");
  fill_head (self);
  g_signal_handlers_block_by_func (self->entity_filter, filter_changed_cb, self);
  fill_entity_filter (self);
  g_signal_handlers_unblock_by_func (self->entity_filter, filter_changed_cb, self);
  reload_list (self);
}

static void
store_changed_cb (PsemsStore     *store,
                  const char     *entity,
                  gint64          id,
                  PsemsAuditPage *self)
{
  psems_ui_queue_reload (&self->reload_source, "[psems] audit reload", (PsemsUiReloadFunc) reload, self);
}

static void
dates_changed_cb (PsemsAuditPage *self)
{
  g_autofree char *from = NULL;
  g_autofree char *until = NULL;
  gboolean ok_from = read_date_entry (self->from_entry, FALSE, &from);
  gboolean ok_until = read_date_entry (self->until_entry, TRUE, &until);

  self->dates_valid = ok_from && ok_until;
  g_free (self->from_at);
  self->from_at = g_steal_pointer (&from);
  g_free (self->until_at);
  self->until_at = g_steal_pointer (&until);
  if (self->store != NULL && gtk_widget_get_mapped (GTK_WIDGET (self)))
    reload_list (self);
}

static void
filter_changed_cb (PsemsAuditPage *self)
{
  if (self->store != NULL && gtk_widget_get_mapped (GTK_WIDGET (self)))
    reload_list (self);
}

/* ───────────────────────────── verifying, in a thread ───────────────────────────── */

typedef struct
{
  PsemsStore *store;
  char *expected_head;          /* normalized, or NULL */
} VerifyJob;

static void
verify_job_free (VerifyJob *job)
{
  g_clear_object (&job->store);
  g_free (job->expected_head);
  g_free (job);
}

static void
run_verify (GTask        *task,
            gpointer      source_object,
            gpointer      task_data,
            GCancellable *cancellable)
{
  VerifyJob *job = task_data;
  GError *error = NULL;
  g_autoptr(PsemsStore) worker = psems_store_open_worker (job->store, &error);
  PsemsVerifyReport *report = NULL;

  if (worker != NULL)
    report = psems_verify_run (worker, job->expected_head, cancellable, &error);
  if (report == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, report, (GDestroyNotify) psems_verify_report_free);
}

static GtkWidget *
new_problem_row (const PsemsVerifyProblem *problem)
{
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *title = g_markup_escape_text (psems_verify_kind_label (problem->kind), -1);
  g_autofree char *subtitle = g_markup_escape_text (problem->detail, -1);
  GtkWidget *icon = gtk_image_new_from_icon_name ("dialog-warning-symbolic");

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_widget_add_css_class (icon, "error");
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
  gtk_widget_set_name (row, psems_verify_kind_to_string (problem->kind));
  if (problem->entry_id != 0)
    {
      /* The entry it names opens in the detail pane. */
      GtkWidget *go = gtk_image_new_from_icon_name ("go-next-symbolic");

      adw_action_row_add_suffix (ADW_ACTION_ROW (row), go);
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      gtk_widget_set_tooltip_text (row, _("Show the audit entry"));
      g_object_set_data_full (G_OBJECT (row), "entry", g_memdup2 (&problem->entry_id, sizeof (gint64)), g_free);
    }
  return row;
}

static void
problem_activated_cb (GtkListBox     *list,
                      GtkListBoxRow  *row,
                      PsemsAuditPage *self)
{
  const gint64 *entry_id = g_object_get_data (G_OBJECT (row), "entry");

  if (entry_id == NULL)
    return;
  gtk_widget_activate_action (GTK_WIDGET (self), "audit.show-entry", "x", *entry_id);
}

static void
show_report (PsemsAuditPage          *self,
             const PsemsVerifyReport *report)
{
  g_autofree char *text = NULL;

  psems_ui_clear_list_box (self->problem_list);
  if (psems_verify_report_ok (report))
    {
      g_autofree char *checked = g_strdup_printf (
        ngettext ("Intact: %lld entry of the chain and %lld records checked in %.1f s.",
                  "Intact: %lld entries of the chain and %lld records checked in %.1f s.",
                  (gulong) report->n_entries),
        (long long) report->n_entries, (long long) report->n_rows, report->seconds);

      if (report->expected_head != NULL)
        {
          g_autofree char *joined = NULL;

          if (report->expected_entry == 0)
            joined = g_strdup_printf (_("%s It leads from the empty trail's head, as every trail does."), checked);
          else
            joined = g_strdup_printf (ngettext ("%s It leads to the recorded head: entry %lld, with %lld entry after it.",
                                                "%s It leads to the recorded head: entry %lld, with %lld entries after it.",
                                                (gulong) report->n_after_expected),
                                      checked, (long long) report->expected_entry,
                                      (long long) report->n_after_expected);
          g_free (checked);
          checked = g_steal_pointer (&joined);
        }
      if (report->n_bulk_rows > 0)
        text = g_strdup_printf (ngettext ("%s %lld record written in bulk (demo, import) or with its parent has no image of its own to compare.",
                                          "%s %lld records written in bulk (demo, import) or with their parent have no image of their own to compare.",
                                          (gulong) report->n_bulk_rows),
                                checked, (long long) report->n_bulk_rows);
      else
        text = g_steal_pointer (&checked);
      gtk_stack_set_visible_child_name (self->result_icon_stack, "intact");
      gtk_widget_set_visible (GTK_WIDGET (self->problem_scroller), FALSE);
    }
  else
    {
      text = g_strdup_printf (ngettext ("%u problem found in %lld entries and %lld records: the trail or the "
                                        "records were changed outside PSeMS.",
                                        "%u problems found in %lld entries and %lld records: the trail or the "
                                        "records were changed outside PSeMS.",
                                        report->n_problems),
                              report->n_problems, (long long) report->n_entries, (long long) report->n_rows);
      for (guint i = 0; i < report->problems->len; i++)
        gtk_list_box_append (self->problem_list, new_problem_row (g_ptr_array_index (report->problems, i)));
      gtk_stack_set_visible_child_name (self->result_icon_stack, "problems");
      gtk_widget_set_visible (GTK_WIDGET (self->problem_scroller), TRUE);
    }
  gtk_label_set_text (self->result_label, text);
}

static void
verify_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  PsemsAuditPage *self = PSEMS_AUDIT_PAGE (source);
  g_autoptr(GError) error = NULL;
  g_autoptr(PsemsVerifyReport) report = g_task_propagate_pointer (G_TASK (result), &error);

  /* Cancelled: the page was closed or shows another database now. */
  if (report == NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self->verifying = FALSE;
  gtk_spinner_stop (self->spinner);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "audit.verify", TRUE);
  if (report == NULL)
    {
      gtk_stack_set_visible_child_name (self->result_icon_stack, "problems");
      gtk_label_set_text (self->result_label, error->message);
      return;
    }
  show_report (self, report);
}

static void
verify_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  PsemsAuditPage *self = PSEMS_AUDIT_PAGE (widget);
  g_autoptr(GTask) task = NULL;
  const char *expect = gtk_editable_get_text (GTK_EDITABLE (self->expect_entry));
  g_autofree char *expected_head = NULL;
  VerifyJob *job;

  if (self->store == NULL || self->verifying)
    return;
  if (expect != NULL && *expect != '\0' && (expected_head = psems_verify_normalize_hash (expect)) == NULL)
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->expect_entry), "error");
      gtk_stack_set_visible_child_name (self->result_icon_stack, "problems");
      gtk_label_set_text (self->result_label, _("A recorded head is 64 hexadecimal digits, as a pack prints it."));
      return;
    }
  gtk_widget_remove_css_class (GTK_WIDGET (self->expect_entry), "error");
  self->verifying = TRUE;
  gtk_widget_action_set_enabled (widget, "audit.verify", FALSE);
  gtk_stack_set_visible_child_name (self->result_icon_stack, "running");
  gtk_spinner_start (self->spinner);
  gtk_label_set_text (self->result_label, _("Verifying every entry of the chain and every record…"));
  gtk_widget_set_visible (GTK_WIDGET (self->problem_scroller), FALSE);

  job = g_new0 (VerifyJob, 1);
  job->store = g_object_ref (self->store);
  job->expected_head = g_steal_pointer (&expected_head);
  task = g_task_new (self, self->cancellable, verify_done_cb, NULL);
  g_task_set_name (task, "[psems] verify");
  g_task_set_task_data (task, job, (GDestroyNotify) verify_job_free);
  g_task_run_in_thread (task, run_verify);
}

static void
verify_from_entry_cb (PsemsAuditPage *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "audit.verify", NULL);
}

/* ───────────────────────────── export, in a thread ───────────────────────────── */

typedef struct
{
  PsemsStore *store;
  char *path;
  char *user;
  char *entity;
  char *from_at;
  char *until_at;
  gint64 n_written;
} ExportJob;

static void
export_job_free (ExportJob *job)
{
  g_clear_object (&job->store);
  g_free (job->path);
  g_free (job->user);
  g_free (job->entity);
  g_free (job->from_at);
  g_free (job->until_at);
  g_free (job);
}

static void
run_export (GTask        *task,
            gpointer      source_object,
            gpointer      task_data,
            GCancellable *cancellable)
{
  ExportJob *job = task_data;
  GError *error = NULL;
  g_autoptr(PsemsStore) worker = psems_store_open_worker (job->store, &error);
  PsemsTrailFilter filter = { job->user, job->entity, job->from_at, job->until_at };

  if (worker == NULL || !psems_trail_export_csv (worker, &filter, job->path, &job->n_written, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
export_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  PsemsAuditPage *self = PSEMS_AUDIT_PAGE (source);
  ExportJob *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  g_autofree char *text = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      self->exporting = FALSE;
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "audit.export", TRUE);
      psems_ui_show_error_dialog (GTK_WIDGET (self), "audit-export-error", _("Export Failed"), error);
      return;
    }
  self->exporting = FALSE;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "audit.export", TRUE);
  name = g_path_get_basename (job->path);
  text = g_strdup_printf (ngettext ("Exported %lld entry to %s", "Exported %lld entries to %s",
                                    (gulong) job->n_written),
                          (long long) job->n_written, name);
  show_toast (self, text);
}

static void
export_to (PsemsAuditPage *self,
           const char     *path)
{
  PsemsTrailFilter filter = current_filter (self);
  ExportJob *job;
  g_autoptr(GTask) task = NULL;

  if (self->store == NULL || self->exporting)
    return;
  if (!self->dates_valid)
    {
      show_toast (self, _("Write the days as YYYY-MM-DD before exporting"));
      return;
    }
  job = g_new0 (ExportJob, 1);
  job->store = g_object_ref (self->store);
  job->path = g_strdup (path);
  job->user = g_strdup (filter.user);
  job->entity = g_strdup (filter.entity);
  job->from_at = g_strdup (filter.from_at);
  job->until_at = g_strdup (filter.until_at);
  self->exporting = TRUE;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "audit.export", FALSE);

  task = g_task_new (self, self->cancellable, export_done_cb, NULL);
  g_task_set_name (task, "[psems] audit export");
  g_task_set_task_data (task, job, (GDestroyNotify) export_job_free);
  g_task_run_in_thread (task, run_export);
}

static void
export_to_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  export_to (PSEMS_AUDIT_PAGE (widget), g_variant_get_string (parameter, NULL));
}

static void
export_response_cb (GtkNativeDialog *chooser,
                    int              response,
                    PsemsAuditPage  *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      g_autofree char *path = file != NULL ? g_file_get_path (file) : NULL;

      if (path != NULL)
        export_to (self, path);
    }
  gtk_native_dialog_destroy (chooser);
  g_clear_object (&self->chooser);
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  PsemsAuditPage *self = PSEMS_AUDIT_PAGE (widget);
  g_autoptr(GtkFileFilter) csv = gtk_file_filter_new ();
  g_autofree char *today = psems_ui_dup_today_text ();
  g_autofree char *name = NULL;

  if (self->store == NULL || self->chooser != NULL || self->exporting)
    return;
  self->chooser = gtk_file_chooser_native_new (_("Export the Audit Trail"), psems_ui_get_window (widget),
                                               GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  /* Translators: the suggested file name of an export; %s is today's date */
  name = g_strdup_printf (_("audit-trail-%s.csv"), today);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->chooser), name);
  gtk_file_filter_set_name (csv, _("CSV files"));
  gtk_file_filter_add_mime_type (csv, "text/csv");
  gtk_file_filter_add_suffix (csv, "csv");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), csv);
  g_signal_connect (self->chooser, "response", G_CALLBACK (export_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

/* ───────────────────────────── other actions ───────────────────────────── */

static void
copy_head_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  PsemsAuditPage *self = PSEMS_AUDIT_PAGE (widget);

  if (self->head == NULL)
    return;
  gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), self->head);
  show_toast (self, _("Chain head copied"));
}

static void
clear_filters_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  PsemsAuditPage *self = PSEMS_AUDIT_PAGE (widget);

  g_signal_handlers_block_by_func (self->user_entry, filter_changed_cb, self);
  g_signal_handlers_block_by_func (self->entity_filter, filter_changed_cb, self);
  g_signal_handlers_block_by_func (self->from_entry, dates_changed_cb, self);
  g_signal_handlers_block_by_func (self->until_entry, dates_changed_cb, self);
  gtk_editable_set_text (GTK_EDITABLE (self->user_entry), "");
  gtk_drop_down_set_selected (self->entity_filter, 0);
  gtk_editable_set_text (GTK_EDITABLE (self->from_entry), "");
  gtk_editable_set_text (GTK_EDITABLE (self->until_entry), "");
  g_signal_handlers_unblock_by_func (self->user_entry, filter_changed_cb, self);
  g_signal_handlers_unblock_by_func (self->entity_filter, filter_changed_cb, self);
  g_signal_handlers_unblock_by_func (self->from_entry, dates_changed_cb, self);
  g_signal_handlers_unblock_by_func (self->until_entry, dates_changed_cb, self);
  dates_changed_cb (self);
}

/* Shows entry @id in the detail pane, selected in the list when it is listed. */
static void
show_entry_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  PsemsAuditPage *self = PSEMS_AUDIT_PAGE (widget);
  gint64 id = g_variant_get_int64 (parameter);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->entries));

  if (self->store == NULL)
    return;
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(PsemsAuditItem) item = g_list_model_get_item (G_LIST_MODEL (self->entries), i);

      if (item->entry->id == id)
        {
          gtk_single_selection_set_selected (self->selection, i);
          return;
        }
    }
  gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
  self->selected_id = id;
  fill_detail (self);
}

static void
search_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  gtk_widget_grab_focus (GTK_WIDGET (PSEMS_AUDIT_PAGE (widget)->user_entry));
}

/* ───────────────────────────── GObject ───────────────────────────── */

static void
psems_audit_page_map (GtkWidget *widget)
{
  PsemsAuditPage *self = PSEMS_AUDIT_PAGE (widget);

  GTK_WIDGET_CLASS (psems_audit_page_parent_class)->map (widget);
  if (self->reload_due)
    reload (self);
}

/* ───────────────────────────── narrow windows ───────────────────────────── */

/* Folded (narrower than the adaptive bin's fold-width, 840 px), the selected entry goes below
 * the list instead of beside it (the chain head's row shrinks by itself, the filters scroll
 * sideways). */
#define LIST_WIDTH 480
#define DETAIL_WIDTH 340
#define DETAIL_HEIGHT 280

static void
folded_cb (PsemsAdaptiveBin *adaptive,
           GParamSpec       *pspec,
           PsemsAuditPage   *self)
{
  gboolean narrow = psems_adaptive_bin_get_folded (adaptive);

  gtk_orientable_set_orientation (GTK_ORIENTABLE (self->paned),
                                  narrow ? GTK_ORIENTATION_VERTICAL : GTK_ORIENTATION_HORIZONTAL);
  gtk_widget_set_size_request (GTK_WIDGET (self->list_stack), narrow ? -1 : LIST_WIDTH, -1);
  gtk_widget_set_size_request (GTK_WIDGET (self->detail_stack), narrow ? -1 : DETAIL_WIDTH,
                               narrow ? DETAIL_HEIGHT : -1);
}

static void
psems_audit_page_dispose (GObject *object)
{
  PsemsAuditPage *self = PSEMS_AUDIT_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->reload_source, g_source_remove);
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  psems_ui_follow_store (&self->store, &self->changed_handler, NULL, NULL, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), PSEMS_TYPE_AUDIT_PAGE);
  g_clear_object (&self->selection);
  g_clear_object (&self->entries);

  G_OBJECT_CLASS (psems_audit_page_parent_class)->dispose (object);
}

static void
psems_audit_page_finalize (GObject *object)
{
  PsemsAuditPage *self = PSEMS_AUDIT_PAGE (object);

  g_clear_pointer (&self->actor, psems_actor_unref);
  g_clear_object (&self->cancellable);
  g_strfreev (self->entity_ids);
  g_free (self->head);
  g_free (self->from_at);
  g_free (self->until_at);

  G_OBJECT_CLASS (psems_audit_page_parent_class)->finalize (object);
}

static void
psems_audit_page_class_init (PsemsAuditPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = psems_audit_page_dispose;
  object_class->finalize = psems_audit_page_finalize;
  widget_class->map = psems_audit_page_map;

  g_type_ensure (PSEMS_TYPE_ADAPTIVE_BIN);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/psems/Psems/ui/psems-audit-page.ui");
  gtk_widget_class_bind_template_child (widget_class, PsemsAuditPage, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, PsemsAuditPage, state_stack);
  gtk_widget_class_bind_template_child (widget_class, PsemsAuditPage, head_label);
  gtk_widget_class_bind_template_child (widget_class, PsemsAuditPage, head_caption);
  gtk_widget_class_bind_template_child (widget_class, PsemsAuditPage, expect_entry);
  gtk_widget_class_bind_template_child (widget_class, PsemsAuditPage, verify_button);
  gtk_widget_class_bind_template_child (widget_class, PsemsAuditPage, result_icon_stack);
  gtk_widget_class_bind_template_child (widget_class, PsemsAuditPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, PsemsAuditPage, result_label);
  gtk_widget_class_bind_template_child (widget_class, PsemsAuditPage, problem_scroller);
  gtk_widget_class_bind_template_child (widget_class, PsemsAuditPage, problem_list);
  gtk_widget_class_bind_template_child (widget_class, PsemsAuditPage, user_entry);
  gtk_widget_class_bind_template_child (widget_class, PsemsAuditPage, entity_filter);
  gtk_widget_class_bind_template_child (widget_class, PsemsAuditPage, from_entry);
  gtk_widget_class_bind_template_child (widget_class, PsemsAuditPage, until_entry);
  gtk_widget_class_bind_template_child (widget_class, PsemsAuditPage, summary_label);
  gtk_widget_class_bind_template_child (widget_class, PsemsAuditPage, list_stack);
  gtk_widget_class_bind_template_child (widget_class, PsemsAuditPage, list_scroller);
  gtk_widget_class_bind_template_child (widget_class, PsemsAuditPage, column_view);
  gtk_widget_class_bind_template_child (widget_class, PsemsAuditPage, detail_stack);
  gtk_widget_class_bind_template_child (widget_class, PsemsAuditPage, detail_title);
  gtk_widget_class_bind_template_child (widget_class, PsemsAuditPage, detail_subtitle);
  gtk_widget_class_bind_template_child (widget_class, PsemsAuditPage, detail_changed);
  gtk_widget_class_bind_template_child (widget_class, PsemsAuditPage, before_view);
  gtk_widget_class_bind_template_child (widget_class, PsemsAuditPage, after_view);
  gtk_widget_class_bind_template_child (widget_class, PsemsAuditPage, detail_hash);

  gtk_widget_class_install_action (widget_class, "audit.verify", NULL, verify_action);
  gtk_widget_class_install_action (widget_class, "audit.copy-head", NULL, copy_head_action);
  gtk_widget_class_install_action (widget_class, "audit.export", NULL, export_action);
  gtk_widget_class_install_action (widget_class, "audit.export-to", "s", export_to_action);
  gtk_widget_class_install_action (widget_class, "audit.clear-filters", NULL, clear_filters_action);
  gtk_widget_class_install_action (widget_class, "audit.search", NULL, search_action);
  gtk_widget_class_install_action (widget_class, "audit.show-entry", "x", show_entry_action);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "psems-audit-page");
  gtk_widget_class_bind_template_child (widget_class, PsemsAuditPage, paned);
  gtk_widget_class_bind_template_child (widget_class, PsemsAuditPage, adaptive);

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
psems_audit_page_init (PsemsAuditPage *self)
{
  GtkEventController *shortcuts;

  gtk_widget_init_template (GTK_WIDGET (self));
  g_signal_connect (self->adaptive, "notify::folded", G_CALLBACK (folded_cb), self);
  self->cancellable = g_cancellable_new ();
  self->dates_valid = TRUE;

  self->entries = g_list_store_new (PSEMS_TYPE_AUDIT_ITEM);
  self->selection = gtk_single_selection_new (G_LIST_MODEL (g_object_ref (self->entries)));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (self->selection));
  add_column (self, COL_TIME, _("Time"), FALSE, 170);
  add_column (self, COL_USER, _("User"), FALSE, 120);
  add_column (self, COL_ROLE, _("Role"), FALSE, 110);
  add_column (self, COL_ACTION, _("Action"), FALSE, 80);
  add_column (self, COL_ENTITY, _("Record"), TRUE, 180);
  add_column (self, COL_REF, _("Reference"), FALSE, 130);
  g_signal_connect_swapped (self->selection, "notify::selected", G_CALLBACK (selection_changed_cb), self);
  g_signal_connect (self->list_scroller, "edge-reached", G_CALLBACK (edge_reached_cb), self);
  g_signal_connect (self->problem_list, "row-activated", G_CALLBACK (problem_activated_cb), self);

  {
    GtkTextTagTable *table = gtk_text_buffer_get_tag_table (gtk_text_view_get_buffer (self->before_view));
    GtkTextTag *changed = gtk_text_tag_new ("changed");
    GtkTextTag *none = gtk_text_tag_new ("none");

    /* Translucent amber: readable on light and dark styles alike. */
    g_object_set (changed, "paragraph-background", "rgba(229,165,10,0.25)", "weight", PANGO_WEIGHT_BOLD, NULL);
    g_object_set (none, "style", PANGO_STYLE_ITALIC, "foreground", "gray", NULL);
    gtk_text_tag_table_add (table, changed);
    gtk_text_tag_table_add (table, none);
    gtk_text_view_set_buffer (self->after_view, gtk_text_buffer_new (table));
    g_object_unref (gtk_text_view_get_buffer (self->after_view));
    g_object_unref (changed);
    g_object_unref (none);
  }

  g_signal_connect_swapped (self->user_entry, "search-changed", G_CALLBACK (filter_changed_cb), self);
  g_signal_connect_swapped (self->expect_entry, "activate", G_CALLBACK (verify_from_entry_cb), self);
  g_signal_connect_swapped (self->entity_filter, "notify::selected", G_CALLBACK (filter_changed_cb), self);
  g_signal_connect_swapped (self->from_entry, "changed", G_CALLBACK (dates_changed_cb), self);
  g_signal_connect_swapped (self->until_entry, "changed", G_CALLBACK (dates_changed_cb), self);

  shortcuts = gtk_shortcut_controller_new ();
  gtk_shortcut_controller_set_scope (GTK_SHORTCUT_CONTROLLER (shortcuts), GTK_SHORTCUT_SCOPE_MANAGED);
  add_managed_shortcut (shortcuts, GDK_KEY_f, GDK_CONTROL_MASK, "audit.search");
  add_managed_shortcut (shortcuts, GDK_KEY_r, GDK_CONTROL_MASK, "audit.verify");
  gtk_widget_add_controller (GTK_WIDGET (self), shortcuts);

  gtk_stack_set_visible_child_name (self->state_stack, "no-database");
  gtk_stack_set_visible_child_name (self->detail_stack, "none");
  gtk_stack_set_visible_child_name (self->result_icon_stack, "idle");
}

GtkWidget *
psems_audit_page_new (void)
{
  return g_object_new (PSEMS_TYPE_AUDIT_PAGE, NULL);
}

/**
 * psems_audit_page_set_store:
 * @store: (nullable): the database, or %NULL when none is open
 * @actor: (nullable): who is signed in; needed with a store
 */
void
psems_audit_page_set_store (PsemsAuditPage *self,
                            PsemsStore     *store,
                            PsemsActor     *actor)
{
  g_return_if_fail (PSEMS_IS_AUDIT_PAGE (self));
  g_return_if_fail (store == NULL || PSEMS_IS_STORE (store));
  g_return_if_fail (store == NULL || actor != NULL);

  if (actor != NULL)
    psems_actor_ref (actor);
  g_clear_pointer (&self->actor, psems_actor_unref);
  self->actor = actor;
  if (self->store == store)
    return;

  /* A verification of the database shown so far says nothing of this one. */
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  self->verifying = FALSE;
  self->exporting = FALSE;
  self->loading = FALSE;
  gtk_spinner_stop (self->spinner);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "audit.verify", TRUE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "audit.export", TRUE);
  g_list_store_remove_all (self->entries);
  psems_ui_clear_list_box (self->problem_list);
  gtk_widget_set_visible (GTK_WIDGET (self->problem_scroller), FALSE);
  gtk_stack_set_visible_child_name (self->result_icon_stack, "idle");
  gtk_label_set_text (self->result_label, _("Not verified since the page was opened."));

  psems_ui_follow_store (&self->store, &self->changed_handler, store, G_CALLBACK (store_changed_cb), self);
  self->selected_id = 0;
  reload (self);
}
