/* psems-plan-diff-view.c — an element of two plan versions side by side, changed lines marked. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "psems-diff.h"
#include "psems-level-indicator.h"
#include "psems-plan-diff-view.h"

struct _PsemsPlanDiffView
{
  GtkWidget parent_instance;

  GtkDropDown *old_dropdown;
  GtkDropDown *new_dropdown;
  GtkDropDown *element_dropdown;
  GtkStringList *old_model;
  GtkStringList *new_model;
  GtkStringList *element_model;
  GtkStack *content_stack;
  GtkBox *diff_box;

  PsemsStore *store;
  GArray *plan_ids;             /* gint64, as the version drop-downs list them */
  GPtrArray *plan_labels;       /* "Version 3 (draft)" */
  GPtrArray *element_keys;      /* char *, as the element drop-down lists them */
  char *element_key;
  gboolean updating;
};

G_DEFINE_FINAL_TYPE (PsemsPlanDiffView, psems_plan_diff_view, GTK_TYPE_WIDGET)

static void
clear_box (GtkBox *box)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (box))) != NULL)
    gtk_box_remove (box, child);
}

static gint64
selected_plan (GtkDropDown       *dropdown,
               PsemsPlanDiffView *self)
{
  guint position = gtk_drop_down_get_selected (dropdown);

  if (self->plan_ids == NULL || position >= self->plan_ids->len)
    return 0;
  return g_array_index (self->plan_ids, gint64, position);
}

static guint
plan_position (PsemsPlanDiffView *self,
               gint64             id)
{
  for (guint i = 0; self->plan_ids != NULL && i < self->plan_ids->len; i++)
    if (g_array_index (self->plan_ids, gint64, i) == id)
      return i;
  return GTK_INVALID_LIST_POSITION;
}

static const char *
plan_label (PsemsPlanDiffView *self,
            gint64             id)
{
  guint position = plan_position (self, id);

  return position != GTK_INVALID_LIST_POSITION ? g_ptr_array_index (self->plan_labels,
                                                                    position) : "";
}

/* One side of a row: the line number and the text, tinted by what happened to the line. */
static GtkWidget *
create_cell (const PsemsDiffLine *line,
             gboolean             old_side)
{
  GtkWidget *cell = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 10);
  GtkWidget *number = gtk_label_new (NULL);
  GtkWidget *text = gtk_label_new (NULL);
  const char *css_class = "diff-empty";

  gtk_widget_add_css_class (cell, "diff-cell");
  gtk_label_set_xalign (GTK_LABEL (number), 1.0);
  gtk_label_set_yalign (GTK_LABEL (number), 0.0);
  gtk_label_set_width_chars (GTK_LABEL (number), 3);
  gtk_widget_add_css_class (number, "diff-line-number");
  gtk_widget_add_css_class (number, "numeric");
  gtk_label_set_xalign (GTK_LABEL (text), 0.0);
  gtk_label_set_yalign (GTK_LABEL (text), 0.0);
  gtk_label_set_wrap (GTK_LABEL (text), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (text), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_width_chars (GTK_LABEL (text), 10);
  gtk_widget_set_hexpand (text, TRUE);
  gtk_widget_add_css_class (text, "diff-text");

  if (line != NULL)
    {
      int n = old_side ? line->old_line : line->new_line;
      g_autofree char *number_text = g_strdup_printf ("%d", n);

      gtk_label_set_text (GTK_LABEL (number), number_text);
      gtk_label_set_text (GTK_LABEL (text), line->text);
      if (line->kind == PSEMS_DIFF_REMOVED)
        css_class = "diff-removed";
      else if (line->kind == PSEMS_DIFF_ADDED)
        css_class = "diff-added";
      else
        css_class = "diff-same";
    }
  gtk_widget_add_css_class (cell, css_class);
  gtk_box_append (GTK_BOX (cell), number);
  gtk_box_append (GTK_BOX (cell), text);
  return cell;
}

static GtkWidget *
create_heading_cell (const char *text)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0.0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (label, "diff-heading");
  gtk_widget_add_css_class (label, "caption-heading");
  return label;
}

/* Runs of removed and added lines are paired row by row, as side-by-side views do. */
static GtkWidget *
create_diff_grid (PsemsPlanDiffView *self,
                  const PsemsDiff   *diff,
                  gint64             old_id,
                  gint64             new_id)
{
  GtkWidget *grid = gtk_grid_new ();
  guint n = psems_diff_get_n_rows (diff);
  int row = 1;

  gtk_grid_set_column_homogeneous (GTK_GRID (grid), TRUE);
  gtk_widget_add_css_class (grid, "diff-grid");
  gtk_grid_attach (GTK_GRID (grid), create_heading_cell (plan_label (self, old_id)), 0, 0, 1, 1);
  gtk_grid_attach (GTK_GRID (grid), create_heading_cell (plan_label (self, new_id)), 1, 0, 1, 1);

  for (guint i = 0; i < n;)
    {
      const PsemsDiffLine *line = psems_diff_get_row (diff, i);
      g_autoptr(GPtrArray) removed = NULL;
      g_autoptr(GPtrArray) added = NULL;

      if (line->kind == PSEMS_DIFF_SAME)
        {
          gtk_grid_attach (GTK_GRID (grid), create_cell (line, TRUE), 0, row, 1, 1);
          gtk_grid_attach (GTK_GRID (grid), create_cell (line, FALSE), 1, row, 1, 1);
          row++;
          i++;
          continue;
        }

      removed = g_ptr_array_new ();
      added = g_ptr_array_new ();
      for (; i < n && (line = psems_diff_get_row (diff, i))->kind != PSEMS_DIFF_SAME; i++)
        g_ptr_array_add (line->kind == PSEMS_DIFF_REMOVED ? removed : added, (gpointer) line);
      for (guint k = 0; k < MAX (removed->len, added->len); k++, row++)
        {
          gtk_grid_attach (GTK_GRID (grid),
                           create_cell (k < removed->len ? g_ptr_array_index (removed, k) : NULL,
                                        TRUE),
                           0, row, 1, 1);
          gtk_grid_attach (GTK_GRID (grid),
                           create_cell (k < added->len ? g_ptr_array_index (added, k) : NULL,
                                        FALSE),
                           1, row, 1, 1);
        }
    }
  return grid;
}

static char *
describe_counts (const PsemsDiff *diff)
{
  guint removed = psems_diff_count (diff, PSEMS_DIFF_REMOVED);
  guint added = psems_diff_count (diff, PSEMS_DIFF_ADDED);
  g_autofree char *removed_text = NULL;
  g_autofree char *added_text = NULL;

  if (removed == 0 && added == 0)
    return g_strdup (_("No changes"));
  removed_text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u line removed",
                                               "%u lines removed",
                                               removed), removed);
  added_text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u added", "%u added", added),
                                added);
  /* Translators: "2 lines removed, 3 added" */
  return g_strdup_printf (_("%s, %s"), removed_text, added_text);
}

static GtkWidget *
create_level_section (PsemsPlanDiffView      *self,
                      int                     level,
                      const PsemsPlanElement *old_element,
                      const PsemsPlanElement *new_element,
                      gint64                  old_id,
                      gint64                  new_id)
{
  const char *old_text = old_element != NULL ? old_element->text[level - 1] : NULL;
  const char *new_text = new_element != NULL ? new_element->text[level - 1] : NULL;
  g_autoptr(PsemsDiff) diff = psems_diff_lines (old_text != NULL ? old_text : "",
                                                new_text != NULL ? new_text : "");
  GtkWidget *section = gtk_box_new (GTK_ORIENTATION_VERTICAL, 8);
  GtkWidget *heading = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 10);
  GtkWidget *label = gtk_label_new (NULL);
  GtkWidget *counts;
  g_autofree char *title = NULL;
  g_autofree char *counts_text = describe_counts (diff);

  static const char * const meanings[] = {
    N_("Normal operations"),
    N_("Heightened risk of a security incident"),
    N_("A security incident probable or imminent"),
  };

  /* Translators: %d is a security level, 1–3 */
  title = g_strdup_printf (_("Measures at security level %d"), level);
  gtk_label_set_text (GTK_LABEL (label), _(meanings[level - 1]));
  gtk_accessible_update_property (GTK_ACCESSIBLE (label), GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);
  gtk_label_set_xalign (GTK_LABEL (label), 0.0);
  gtk_widget_add_css_class (label, "heading");
  counts = gtk_label_new (counts_text);
  gtk_label_set_xalign (GTK_LABEL (counts), 1.0);
  gtk_widget_set_hexpand (counts, TRUE);
  gtk_widget_add_css_class (counts, "dim-label");
  gtk_box_append (GTK_BOX (heading), psems_level_indicator_new (level));
  gtk_box_append (GTK_BOX (heading), label);
  gtk_box_append (GTK_BOX (heading), counts);
  gtk_box_append (GTK_BOX (section), heading);

  if ((old_text == NULL || *old_text == '\0') && (new_text == NULL || *new_text == '\0'))
    {
      GtkWidget *empty = gtk_label_new (_("Nothing written at this level in either version"));

      gtk_label_set_xalign (GTK_LABEL (empty), 0.0);
      gtk_widget_add_css_class (empty, "dim-label");
      gtk_box_append (GTK_BOX (section), empty);
    }
  else
    {
      GtkWidget *frame = gtk_frame_new (NULL);

      gtk_widget_add_css_class (frame, "diff-frame");
      gtk_frame_set_child (GTK_FRAME (frame), create_diff_grid (self, diff, old_id, new_id));
      gtk_box_append (GTK_BOX (section), frame);
    }
  return section;
}

/**
 * psems_plan_diff_view_refresh:
 *
 * Reads the chosen element of both chosen versions again and shows their differences.
 */
void
psems_plan_diff_view_refresh (PsemsPlanDiffView *self)
{
  g_autoptr(PsemsPlanElement) old_element = NULL;
  g_autoptr(PsemsPlanElement) new_element = NULL;
  gint64 old_id, new_id;
  GtkWidget *header;
  GtkWidget *title;
  GtkWidget *subtitle;
  g_autofree char *status_text = NULL;

  g_return_if_fail (PSEMS_IS_PLAN_DIFF_VIEW (self));

  clear_box (self->diff_box);
  if (self->store == NULL || self->plan_ids == NULL || self->plan_ids->len < 2)
    {
      gtk_stack_set_visible_child_name (self->content_stack, "single");
      return;
    }
  gtk_stack_set_visible_child_name (self->content_stack, "diff");

  old_id = selected_plan (self->old_dropdown, self);
  new_id = selected_plan (self->new_dropdown, self);
  if (self->element_key == NULL || old_id == 0 || new_id == 0)
    return;

  /* An element one version lacks compares as empty. */
  old_element = psems_plan_get_element (self->store, old_id, self->element_key, NULL);
  new_element = psems_plan_get_element (self->store, new_id, self->element_key, NULL);

  header = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  title = gtk_label_new (new_element != NULL ? new_element->title
                         : old_element != NULL ? old_element->title : self->element_key);
  gtk_label_set_xalign (GTK_LABEL (title), 0.0);
  gtk_label_set_wrap (GTK_LABEL (title), TRUE);
  gtk_widget_add_css_class (title, "title-3");
  if (old_element != NULL && new_element != NULL && old_element->status != new_element->status)
    /* Translators: an element's status in the earlier and the later version */
    status_text = g_strdup_printf (_("Status: %s → %s"),
                                   psems_element_status_label (old_element->status),
                                   psems_element_status_label (new_element->status));
  else if (new_element != NULL)
    status_text = g_strdup_printf (_("Status: %s in both versions"),
                                   psems_element_status_label (new_element->status));
  else
    status_text = g_strdup (_("Not in the later version"));
  subtitle = gtk_label_new (status_text);
  gtk_label_set_xalign (GTK_LABEL (subtitle), 0.0);
  gtk_widget_add_css_class (subtitle, "dim-label");
  gtk_box_append (GTK_BOX (header), title);
  gtk_box_append (GTK_BOX (header), subtitle);
  gtk_box_append (self->diff_box, header);

  for (int level = 1; level <= 3; level++)
    gtk_box_append (self->diff_box,
                    create_level_section (self, level, old_element, new_element, old_id, new_id));
}

static void
fill_elements (PsemsPlanDiffView *self)
{
  g_autoptr(GPtrArray) elements = NULL;
  gint64 new_id = selected_plan (self->new_dropdown, self);
  guint selected = 0;
  guint n_old = g_list_model_get_n_items (G_LIST_MODEL (self->element_model));

  g_ptr_array_set_size (self->element_keys, 0);
  if (self->store != NULL && new_id != 0)
    elements = psems_plan_list_elements (self->store, new_id, NULL);

  self->updating = TRUE;
  {
    g_autoptr(GStrvBuilder) titles = g_strv_builder_new ();
    g_auto(GStrv) strv = NULL;

    for (guint i = 0; elements != NULL && i < elements->len; i++)
      {
        PsemsPlanElement *element = g_ptr_array_index (elements, i);
        g_autofree char *text = NULL;

        text = element->reference != NULL ? g_strdup_printf ("%s — %s", element->reference,
                                                             element->title)
                                           : g_strdup (element->title);
        g_strv_builder_add (titles, text);
        g_ptr_array_add (self->element_keys, g_strdup (element->key));
        if (g_strcmp0 (element->key, self->element_key) == 0)
          selected = i;
      }
    strv = g_strv_builder_end (titles);
    gtk_string_list_splice (self->element_model, 0, n_old, (const char * const *) strv);
  }
  if (self->element_keys->len > 0)
    {
      gtk_drop_down_set_selected (self->element_dropdown, selected);
      if (self->element_key == NULL || selected == 0)
        {
          g_free (self->element_key);
          self->element_key = g_strdup (g_ptr_array_index (self->element_keys, selected));
        }
    }
  self->updating = FALSE;
}

static void
versions_changed_cb (PsemsPlanDiffView *self)
{
  if (self->updating)
    return;
  fill_elements (self);
  psems_plan_diff_view_refresh (self);
}

static void
element_changed_cb (PsemsPlanDiffView *self)
{
  guint position = gtk_drop_down_get_selected (self->element_dropdown);

  if (self->updating || position >= self->element_keys->len)
    return;
  g_free (self->element_key);
  self->element_key = g_strdup (g_ptr_array_index (self->element_keys, position));
  psems_plan_diff_view_refresh (self);
}

static void
psems_plan_diff_view_dispose (GObject *object)
{
  PsemsPlanDiffView *self = PSEMS_PLAN_DIFF_VIEW (object);

  GtkWidget *child;

  g_clear_object (&self->store);
  gtk_widget_dispose_template (GTK_WIDGET (self), PSEMS_TYPE_PLAN_DIFF_VIEW);
  /* The template's outer box has no name to be disposed by. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (psems_plan_diff_view_parent_class)->dispose (object);
}

static void
psems_plan_diff_view_finalize (GObject *object)
{
  PsemsPlanDiffView *self = PSEMS_PLAN_DIFF_VIEW (object);

  g_clear_pointer (&self->plan_ids, g_array_unref);
  g_clear_pointer (&self->plan_labels, g_ptr_array_unref);
  g_clear_pointer (&self->element_keys, g_ptr_array_unref);
  g_clear_pointer (&self->element_key, g_free);

  G_OBJECT_CLASS (psems_plan_diff_view_parent_class)->finalize (object);
}

static void
psems_plan_diff_view_class_init (PsemsPlanDiffViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = psems_plan_diff_view_dispose;
  object_class->finalize = psems_plan_diff_view_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/ui/psems-plan-diff-view.ui");
  gtk_widget_class_bind_template_child (widget_class, PsemsPlanDiffView, old_dropdown);
  gtk_widget_class_bind_template_child (widget_class, PsemsPlanDiffView, new_dropdown);
  gtk_widget_class_bind_template_child (widget_class, PsemsPlanDiffView, element_dropdown);
  gtk_widget_class_bind_template_child (widget_class, PsemsPlanDiffView, old_model);
  gtk_widget_class_bind_template_child (widget_class, PsemsPlanDiffView, new_model);
  gtk_widget_class_bind_template_child (widget_class, PsemsPlanDiffView, element_model);
  gtk_widget_class_bind_template_child (widget_class, PsemsPlanDiffView, content_stack);
  gtk_widget_class_bind_template_child (widget_class, PsemsPlanDiffView, diff_box);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
psems_plan_diff_view_init (PsemsPlanDiffView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->plan_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->plan_labels = g_ptr_array_new_with_free_func (g_free);
  self->element_keys = g_ptr_array_new_with_free_func (g_free);
  g_signal_connect_swapped (self->old_dropdown, "notify::selected",
                            G_CALLBACK (versions_changed_cb), self);
  g_signal_connect_swapped (self->new_dropdown, "notify::selected",
                            G_CALLBACK (versions_changed_cb), self);
  g_signal_connect_swapped (self->element_dropdown, "notify::selected",
                            G_CALLBACK (element_changed_cb), self);
}

GtkWidget *
psems_plan_diff_view_new (void)
{
  return g_object_new (PSEMS_TYPE_PLAN_DIFF_VIEW, NULL);
}

void
psems_plan_diff_view_set_store (PsemsPlanDiffView *self,
                                PsemsStore        *store)
{
  g_return_if_fail (PSEMS_IS_PLAN_DIFF_VIEW (self));
  g_return_if_fail (store == NULL || PSEMS_IS_STORE (store));

  if (g_set_object (&self->store, store))
    psems_plan_diff_view_set_plans (self, NULL, 0);
}

/**
 * psems_plan_diff_view_set_plans:
 * @plans: (nullable) (element-type PsemsPlan): a facility's versions, newest first
 * @current_plan_id: the version being looked at; it is compared with the one before it
 */
void
psems_plan_diff_view_set_plans (PsemsPlanDiffView *self,
                                GPtrArray         *plans,
                                gint64             current_plan_id)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) labels = NULL;
  guint current = 0;

  g_return_if_fail (PSEMS_IS_PLAN_DIFF_VIEW (self));

  g_array_set_size (self->plan_ids, 0);
  g_ptr_array_set_size (self->plan_labels, 0);
  for (guint i = 0; plans != NULL && i < plans->len; i++)
    {
      PsemsPlan *plan = g_ptr_array_index (plans, i);
      /* Translators: a plan version and its status: "Version 3 (draft)" */
      char *label = g_strdup_printf (_("Version %d (%s)"), plan->version,
                                     psems_plan_status_label (plan->status));

      g_array_append_val (self->plan_ids, plan->id);
      g_ptr_array_add (self->plan_labels, label);
      g_strv_builder_add (builder, label);
      if (plan->id == current_plan_id)
        current = i;
    }
  labels = g_strv_builder_end (builder);

  self->updating = TRUE;
  gtk_string_list_splice (self->old_model, 0,
                          g_list_model_get_n_items (G_LIST_MODEL (self->old_model)),
                          (const char * const *) labels);
  gtk_string_list_splice (self->new_model, 0,
                          g_list_model_get_n_items (G_LIST_MODEL (self->new_model)),
                          (const char * const *) labels);
  if (self->plan_ids->len >= 2)
    {
      /* Newest first: the one before the current version is the next in the list. */
      guint older = current + 1 < self->plan_ids->len ? current + 1 : current;
      guint newer = older == current ? current - 1 : current;

      gtk_drop_down_set_selected (self->old_dropdown, older);
      gtk_drop_down_set_selected (self->new_dropdown, newer);
    }
  self->updating = FALSE;
  fill_elements (self);
  psems_plan_diff_view_refresh (self);
}

/* Chooses which two versions are compared, e.g. for a test or a "compare with" command. */
void
psems_plan_diff_view_set_versions (PsemsPlanDiffView *self,
                                   gint64             old_plan_id,
                                   gint64             new_plan_id)
{
  guint old_position, new_position;

  g_return_if_fail (PSEMS_IS_PLAN_DIFF_VIEW (self));

  old_position = plan_position (self, old_plan_id);
  new_position = plan_position (self, new_plan_id);
  if (old_position == GTK_INVALID_LIST_POSITION || new_position == GTK_INVALID_LIST_POSITION)
    return;
  self->updating = TRUE;
  gtk_drop_down_set_selected (self->old_dropdown, old_position);
  gtk_drop_down_set_selected (self->new_dropdown, new_position);
  self->updating = FALSE;
  fill_elements (self);
  psems_plan_diff_view_refresh (self);
}

void
psems_plan_diff_view_set_element_key (PsemsPlanDiffView *self,
                                      const char        *key)
{
  g_return_if_fail (PSEMS_IS_PLAN_DIFF_VIEW (self));

  if (g_strcmp0 (self->element_key, key) == 0 || key == NULL)
    return;
  g_free (self->element_key);
  self->element_key = g_strdup (key);
  for (guint i = 0; i < self->element_keys->len; i++)
    if (g_str_equal (g_ptr_array_index (self->element_keys, i), key))
      {
        self->updating = TRUE;
        gtk_drop_down_set_selected (self->element_dropdown, i);
        self->updating = FALSE;
      }
  psems_plan_diff_view_refresh (self);
}

static guint
count_cells (GtkWidget  *widget,
             const char *css_class)
{
  guint n = gtk_widget_has_css_class (widget, "diff-cell") && gtk_widget_has_css_class (widget,
                                                                                        css_class);

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    n += count_cells (child, css_class);
  return n;
}

/**
 * psems_plan_diff_view_count_lines:
 * @css_class: "diff-removed", "diff-added" or "diff-same"
 *
 * Returns: how many lines the view shows so marked, over the three levels
 */
guint
psems_plan_diff_view_count_lines (PsemsPlanDiffView *self,
                                  const char        *css_class)
{
  g_return_val_if_fail (PSEMS_IS_PLAN_DIFF_VIEW (self), 0);
  return count_cells (GTK_WIDGET (self->diff_box), css_class);
}
