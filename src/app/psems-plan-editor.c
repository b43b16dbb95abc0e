/* psems-plan-editor.c — a plan version's elements beside the one being edited, level by level. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "psems-level-indicator.h"
#include "psems-page-habits.h"
#include "psems-plan-editor.h"
#include "psems-ui-util.h"
#include "psems-plan-template.h"

#define N_LEVELS 3

struct _PsemsPlanEditor
{
  GtkWidget parent_instance;

  AdwLeaflet *leaflet;
  GtkWidget *element_pane;
  GtkListBox *element_list;
  GtkSearchBar *search_bar;
  GtkSearchEntry *search_entry;
  GtkWidget *editor_pane;
  GtkScrolledWindow *editor_scroller;
  GtkWidget *back_button;
  GtkLabel *reference_label;
  GtkLabel *title_label;
  GtkWidget *guidance_box;
  GtkLabel *guidance_label;
  AdwComboRow *status_row;
  GtkImage *status_icon;
  GtkBox *level_box;
  GtkListBox *controls_list;
  GtkWidget *save_bar;
  GtkLabel *save_label;
  GtkTextView *views[N_LEVELS];

  PsemsStore *store;
  PsemsActor *actor;
  gint64 plan_id;
  gboolean editable;
  GPtrArray *elements;          /* PsemsPlanElement of the plan, in order */
  PsemsPlanElement *loaded;     /* the element shown, as last read from core */
  GHashTable *templates;        /* template id → PsemsPlanTemplate, or NULL when not found */
  gboolean loading;             /* the editor is being filled from core, not edited */
  gboolean selecting;           /* the list is being rebuilt */
  gboolean was_dirty;
};

G_DEFINE_FINAL_TYPE (PsemsPlanEditor, psems_plan_editor, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_ELEMENT_KEY,
  PROP_EDITABLE,
  PROP_DIRTY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  SAVE_FAILED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
describe_status (PsemsElementStatus   status,
                 const char         **icon_name,
                 const char         **css_class)
{
  switch (status)
    {
    case PSEMS_ELEMENT_COMPLETE:
      *icon_name = "emblem-ok-symbolic";
      *css_class = "status-complete";
      break;
    case PSEMS_ELEMENT_DRAFT:
      *icon_name = "document-edit-symbolic";
      *css_class = "status-draft";
      break;
    case PSEMS_ELEMENT_MISSING:
    default:
      *icon_name = "radio-symbolic";
      *css_class = "status-missing";
      break;
    }
}

static void
set_status_image (GtkImage           *image,
                  PsemsElementStatus  status)
{
  static const char * const classes[] = { "status-missing", "status-draft", "status-complete" };
  const char *icon_name, *css_class;

  describe_status (status, &icon_name, &css_class);
  gtk_image_set_from_icon_name (image, icon_name);
  for (guint i = 0; i < G_N_ELEMENTS (classes); i++)
    gtk_widget_remove_css_class (GTK_WIDGET (image), classes[i]);
  gtk_widget_add_css_class (GTK_WIDGET (image), css_class);
  gtk_widget_set_tooltip_text (GTK_WIDGET (image), psems_element_status_label (status));
  gtk_accessible_update_property (GTK_ACCESSIBLE (image), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  psems_element_status_label (status), -1);
}

static PsemsPlanElement *
find_element (PsemsPlanEditor *self,
              const char      *key)
{
  for (guint i = 0; self->elements != NULL && i < self->elements->len; i++)
    {
      PsemsPlanElement *element = g_ptr_array_index (self->elements, i);

      if (g_strcmp0 (element->key, key) == 0)
        return element;
    }
  return NULL;
}

static const PsemsTemplateElement *
find_template_element (PsemsPlanEditor        *self,
                       const PsemsPlanElement *element)
{
  PsemsPlanTemplate *template;

  if (element->template_id == NULL)
    return NULL;
  if (!g_hash_table_lookup_extended (self->templates, element->template_id, NULL,
                                     (gpointer *) &template))
    {
      g_autoptr(GError) error = NULL;

      template = psems_plan_template_find (element->template_id, &error);
      if (template == NULL)
        g_debug ("No guidance for template %s: %s", element->template_id, error->message);
      g_hash_table_insert (self->templates, g_strdup (element->template_id), template);
    }
  return template != NULL ? psems_plan_template_get_element (template, element->key) : NULL;
}

static char *
dup_buffer_text (GtkTextBuffer *buffer)
{
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

static PsemsElementStatus
get_form_status (PsemsPlanEditor *self)
{
  guint selected = adw_combo_row_get_selected (self->status_row);

  return selected <= PSEMS_ELEMENT_COMPLETE ? (PsemsElementStatus) selected : PSEMS_ELEMENT_MISSING;
}

static gboolean
form_matches (PsemsPlanEditor        *self,
              const PsemsPlanElement *element)
{
  if (get_form_status (self) != element->status)
    return FALSE;
  for (int i = 0; i < N_LEVELS; i++)
    {
      g_autofree char *text = dup_buffer_text (gtk_text_view_get_buffer (self->views[i]));

      if (g_strcmp0 (text, element->text[i] != NULL ? element->text[i] : "") != 0)
        return FALSE;
    }
  return TRUE;
}

gboolean
psems_plan_editor_get_dirty (PsemsPlanEditor *self)
{
  g_return_val_if_fail (PSEMS_IS_PLAN_EDITOR (self), FALSE);

  return self->editable && self->loaded != NULL && !form_matches (self, self->loaded);
}

/* ───────────────────────────── the list ───────────────────────────── */

static GtkWidget *
create_element_row (void)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 10);
  GtkWidget *labels = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *icon = gtk_image_new ();
  GtkWidget *title = gtk_label_new (NULL);
  GtkWidget *reference = gtk_label_new (NULL);
  GtkWidget *gap = gtk_label_new (_("Gap"));
  GtkWidget *unsaved = gtk_label_new ("•");

  gtk_widget_set_valign (icon, GTK_ALIGN_CENTER);
  gtk_label_set_xalign (GTK_LABEL (title), 0.0);
  gtk_label_set_wrap (GTK_LABEL (title), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (title), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_lines (GTK_LABEL (title), 2);
  gtk_label_set_ellipsize (GTK_LABEL (title), PANGO_ELLIPSIZE_END);
  gtk_label_set_xalign (GTK_LABEL (reference), 0.0);
  gtk_widget_add_css_class (reference, "caption");
  gtk_widget_add_css_class (reference, "dim-label");
  gtk_widget_set_hexpand (labels, TRUE);
  gtk_widget_set_valign (labels, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (labels), title);
  gtk_box_append (GTK_BOX (labels), reference);
  gtk_widget_set_valign (gap, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (gap, "gap-badge");
  gtk_widget_set_tooltip_text (gap,
                               _("A required element with nothing written: the plan cannot be "
                                 "approved"));
  gtk_widget_set_valign (unsaved, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (unsaved, "unsaved-marker");
  gtk_widget_set_tooltip_text (unsaved, _("Unsaved changes"));
  gtk_widget_set_visible (unsaved, FALSE);
  gtk_box_append (GTK_BOX (box), icon);
  gtk_box_append (GTK_BOX (box), labels);
  gtk_box_append (GTK_BOX (box), unsaved);
  gtk_box_append (GTK_BOX (box), gap);
  gtk_widget_set_margin_top (box, 4);
  gtk_widget_set_margin_bottom (box, 4);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);

  g_object_set_data (G_OBJECT (row), "psems-icon", icon);
  g_object_set_data (G_OBJECT (row), "psems-title", title);
  g_object_set_data (G_OBJECT (row), "psems-reference", reference);
  g_object_set_data (G_OBJECT (row), "psems-gap", gap);
  g_object_set_data (G_OBJECT (row), "psems-unsaved", unsaved);
  return row;
}

static void
update_element_row (GtkWidget              *row,
                    const PsemsPlanElement *element,
                    PsemsElementStatus      status)
{
  g_autofree char *accessible = NULL;
  gboolean gap = element->required && status == PSEMS_ELEMENT_MISSING;

  g_object_set_data_full (G_OBJECT (row), "psems-key", g_strdup (element->key), g_free);
  set_status_image (g_object_get_data (G_OBJECT (row), "psems-icon"), status);
  gtk_label_set_text (g_object_get_data (G_OBJECT (row), "psems-title"), element->title);
  gtk_label_set_text (g_object_get_data (G_OBJECT (row), "psems-reference"),
                      element->reference != NULL ? element->reference : "");
  gtk_widget_set_visible (g_object_get_data (G_OBJECT (row), "psems-gap"), gap);
  gtk_widget_set_tooltip_text (row, element->title);
  /* Translators: an element's title, then its status ("Missing", "Draft", "Complete") */
  accessible = g_strdup_printf (gap ? _("%s, %s, a gap") : _("%s, %s"), element->title,
                                psems_element_status_label (status));
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible,
                                  -1);
}

static GtkListBoxRow *
find_row (PsemsPlanEditor *self,
          const char      *key)
{
  GtkListBoxRow *row;

  for (int i = 0; (row = gtk_list_box_get_row_at_index (self->element_list, i)) != NULL; i++)
    if (g_strcmp0 (g_object_get_data (G_OBJECT (row), "psems-key"), key) == 0)
      return row;
  return NULL;
}

static void
select_row (PsemsPlanEditor *self,
            const char      *key)
{
  GtkListBoxRow *row = key != NULL ? find_row (self, key) : NULL;

  self->selecting = TRUE;
  if (row != NULL)
    gtk_list_box_select_row (self->element_list, row);
  else
    gtk_list_box_unselect_all (self->element_list);
  self->selecting = FALSE;
}

/* Rows are updated in place while the elements are the same ones, so focus and scroll stay. */
static void
fill_list (PsemsPlanEditor *self)
{
  guint n_rows = 0;
  gboolean same = TRUE;
  GtkListBoxRow *row;

  while (gtk_list_box_get_row_at_index (self->element_list, n_rows) != NULL)
    n_rows++;
  if (self->elements == NULL || n_rows != self->elements->len)
    same = FALSE;
  for (guint i = 0; same && i < self->elements->len; i++)
    {
      PsemsPlanElement *element = g_ptr_array_index (self->elements, i);

      row = gtk_list_box_get_row_at_index (self->element_list, i);
      same = g_strcmp0 (g_object_get_data (G_OBJECT (row), "psems-key"), element->key) == 0;
    }

  self->selecting = TRUE;
  if (!same)
    {
      while ((row = gtk_list_box_get_row_at_index (self->element_list, 0)) != NULL)
        gtk_list_box_remove (self->element_list, GTK_WIDGET (row));
      for (guint i = 0; self->elements != NULL && i < self->elements->len; i++)
        gtk_list_box_append (self->element_list, create_element_row ());
    }
  for (guint i = 0; self->elements != NULL && i < self->elements->len; i++)
    {
      PsemsPlanElement *element = g_ptr_array_index (self->elements, i);

      row = gtk_list_box_get_row_at_index (self->element_list, i);
      update_element_row (GTK_WIDGET (row), element, element->status);
    }
  self->selecting = FALSE;
}

/* ───────────────────────────── the editor ───────────────────────────── */

static void
update_state (PsemsPlanEditor *self)
{
  gboolean dirty = psems_plan_editor_get_dirty (self);
  GtkListBoxRow *row = self->loaded != NULL ? find_row (self, self->loaded->key) : NULL;

  if (self->loaded != NULL)
    set_status_image (self->status_icon, get_form_status (self));
  if (row != NULL && self->loaded != NULL)
    {
      update_element_row (GTK_WIDGET (row), self->loaded, self->editable ? get_form_status (self)
                                                                         : self->loaded->status);
      gtk_widget_set_visible (g_object_get_data (G_OBJECT (row), "psems-unsaved"), dirty);
    }
  gtk_widget_set_visible (self->save_bar, self->editable && self->loaded != NULL);
  gtk_label_set_text (self->save_label, dirty ? _("Unsaved changes") : _("All changes saved"));
  if (dirty != self->was_dirty)
    {
      self->was_dirty = dirty;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DIRTY]);
    }
}

static void
set_editable (PsemsPlanEditor *self,
              gboolean         editable)
{
  for (int i = 0; i < N_LEVELS; i++)
    {
      gtk_text_view_set_editable (self->views[i], editable);
      gtk_text_view_set_cursor_visible (self->views[i], editable);
      if (editable)
        gtk_widget_remove_css_class (GTK_WIDGET (self->views[i]), "read-only");
      else
        gtk_widget_add_css_class (GTK_WIDGET (self->views[i]), "read-only");
    }
  gtk_widget_set_sensitive (GTK_WIDGET (self->status_row), editable);
  if (self->editable != editable)
    {
      self->editable = editable;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EDITABLE]);
    }
}

static void
fill_controls (PsemsPlanEditor *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->controls_list))) != NULL
         && GTK_IS_LIST_BOX_ROW (child))
    gtk_list_box_remove (self->controls_list, child);

  for (guint i = 0; self->loaded != NULL && self->loaded->control_ids != NULL
                    && i < self->loaded->control_ids->len; i++)
    {
      GtkWidget *row = adw_action_row_new ();
      g_autofree char *number = g_strdup_printf ("%" G_GINT64_FORMAT,
                                                 g_array_index (self->loaded->control_ids, gint64,
                                                                i));
      g_autofree char *title = NULL;

      /* Translators: %s is a security control's number */
      title = g_strdup_printf (_("Control %s"), number);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_action_row_set_icon_name (ADW_ACTION_ROW (row), "security-high-symbolic");
      gtk_list_box_append (self->controls_list, row);
    }
}

static void
set_buffer_text (GtkTextBuffer *buffer,
                 const char    *text)
{
  /* What came from the database is not an edit the user can undo. */
  gtk_text_buffer_begin_irreversible_action (buffer);
  gtk_text_buffer_set_text (buffer, text != NULL ? text : "", -1);
  gtk_text_buffer_end_irreversible_action (buffer);
  gtk_text_buffer_set_modified (buffer, FALSE);
}

/* Shows @element (owned by the editor from now on) in the editor, forgetting edits. */
static void
show_loaded (PsemsPlanEditor  *self,
             PsemsPlanElement *element)
{
  const PsemsTemplateElement *guide;
  g_autofree char *reference = NULL;

  g_clear_pointer (&self->loaded, psems_plan_element_free);
  self->loaded = element;

  self->loading = TRUE;
  if (element == NULL)
    {
      gtk_label_set_text (self->reference_label, "");
      gtk_label_set_text (self->title_label, "");
      gtk_widget_set_visible (self->guidance_box, FALSE);
      for (int i = 0; i < N_LEVELS; i++)
        set_buffer_text (gtk_text_view_get_buffer (self->views[i]), NULL);
      self->loading = FALSE;
      fill_controls (self);
      update_state (self);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ELEMENT_KEY]);
      return;
    }

  if (element->reference != NULL && element->required)
    /* Translators: an element's reference in the regulation, and that the element is required */
    reference = g_strdup_printf (_("%s · Required"), element->reference);
  else if (element->reference != NULL)
    reference = g_strdup_printf (_("%s · Optional"), element->reference);
  else
    reference = g_strdup (element->required ? _("Required") : _("Optional"));
  gtk_label_set_text (self->reference_label, reference);
  gtk_label_set_text (self->title_label, element->title);

  guide = find_template_element (self, element);
  gtk_label_set_text (self->guidance_label,
                      guide != NULL && guide->guidance != NULL ? guide->guidance : "");
  gtk_widget_set_visible (self->guidance_box, guide != NULL && guide->guidance != NULL);

  adw_combo_row_set_selected (self->status_row, element->status);
  for (int i = 0; i < N_LEVELS; i++)
    set_buffer_text (gtk_text_view_get_buffer (self->views[i]), element->text[i]);
  self->loading = FALSE;

  fill_controls (self);
  update_state (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ELEMENT_KEY]);
}

static gboolean
show_element (PsemsPlanEditor *self,
              const char      *key_in)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *key = g_strdup (key_in);
  PsemsPlanElement *element = NULL;

  if (key != NULL && self->store != NULL)
    {
      element = psems_plan_get_element (self->store, self->plan_id, key, &error);
      if (element == NULL)
        {
          g_signal_emit (self, signals[SAVE_FAILED], 0, error);
          return FALSE;
        }
    }
  show_loaded (self, element);
  select_row (self, key);
  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->editor_scroller), 0);
  return TRUE;
}

static void
text_changed_cb (PsemsPlanEditor *self)
{
  if (self->loading)
    return;

  /* Writing into a missing element makes it a draft; the user decides when it is complete. */
  if (self->editable && get_form_status (self) == PSEMS_ELEMENT_MISSING)
    {
      for (int i = 0; i < N_LEVELS; i++)
        {
          GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->views[i]);

          if (gtk_text_buffer_get_char_count (buffer) > 0)
            {
              adw_combo_row_set_selected (self->status_row, PSEMS_ELEMENT_DRAFT);
              break;
            }
        }
    }
  update_state (self);
}

static void
status_changed_cb (PsemsPlanEditor *self)
{
  if (!self->loading)
    update_state (self);
}

static void
row_selected_cb (GtkListBox      *list,
                 GtkListBoxRow   *row,
                 PsemsPlanEditor *self)
{
  if (self->selecting || row == NULL)
    return;
  psems_plan_editor_select_element (self, g_object_get_data (G_OBJECT (row), "psems-key"));
}

static void
row_activated_cb (GtkListBox      *list,
                  GtkListBoxRow   *row,
                  PsemsPlanEditor *self)
{
  /* Side by side, the focus stays in the list; folded, the editor comes forward. */
  if (adw_leaflet_get_folded (self->leaflet))
    adw_leaflet_set_visible_child (self->leaflet, self->editor_pane);
}

static GtkWidget *
create_level_section (PsemsPlanEditor *self,
                      int              level)
{
  GtkWidget *section = gtk_box_new (GTK_ORIENTATION_VERTICAL, 8);
  GtkWidget *heading = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 10);
  GtkWidget *label = gtk_label_new (NULL);
  GtkWidget *frame = gtk_frame_new (NULL);
  GtkWidget *view = gtk_text_view_new ();
  g_autofree char *text = NULL;
  g_autofree char *name = g_strdup_printf ("element-level-%d", level);
  static const char * const meanings[] = {
    N_("Normal operations"),
    N_("Heightened risk of a security incident"),
    N_("A security incident probable or imminent"),
  };

  /* The badge says the level; the heading what it means. */
  gtk_label_set_text (GTK_LABEL (label), _(meanings[level - 1]));
  /* Translators: %d is a security level, 1–3 */
  text = g_strdup_printf (_("Measures at security level %d"), level);
  gtk_label_set_xalign (GTK_LABEL (label), 0.0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_widget_add_css_class (label, "heading");
  gtk_widget_set_hexpand (label, TRUE);
  gtk_box_append (GTK_BOX (heading), psems_level_indicator_new (level));
  gtk_box_append (GTK_BOX (heading), label);

  gtk_widget_set_name (view, name);
  gtk_text_view_set_wrap_mode (GTK_TEXT_VIEW (view), GTK_WRAP_WORD_CHAR);
  gtk_text_view_set_top_margin (GTK_TEXT_VIEW (view), 10);
  gtk_text_view_set_bottom_margin (GTK_TEXT_VIEW (view), 10);
  gtk_text_view_set_left_margin (GTK_TEXT_VIEW (view), 12);
  gtk_text_view_set_right_margin (GTK_TEXT_VIEW (view), 12);
  gtk_text_view_set_accepts_tab (GTK_TEXT_VIEW (view), FALSE);
  gtk_text_buffer_set_enable_undo (gtk_text_view_get_buffer (GTK_TEXT_VIEW (view)), TRUE);
  gtk_widget_add_css_class (view, "plan-text");
  gtk_accessible_update_property (GTK_ACCESSIBLE (view), GTK_ACCESSIBLE_PROPERTY_LABEL, text, -1);
  gtk_frame_set_child (GTK_FRAME (frame), view);
  gtk_widget_add_css_class (frame, "plan-text-frame");
  g_signal_connect_swapped (gtk_text_view_get_buffer (GTK_TEXT_VIEW (view)), "changed",
                            G_CALLBACK (text_changed_cb), self);

  gtk_box_append (GTK_BOX (section), heading);
  gtk_box_append (GTK_BOX (section), frame);
  self->views[level - 1] = GTK_TEXT_VIEW (view);
  return section;
}

/* ───────────────────────────── the class ───────────────────────────── */

static void
psems_plan_editor_dispose (GObject *object)
{
  PsemsPlanEditor *self = PSEMS_PLAN_EDITOR (object);

  g_clear_object (&self->store);
  gtk_widget_dispose_template (GTK_WIDGET (self), PSEMS_TYPE_PLAN_EDITOR);

  G_OBJECT_CLASS (psems_plan_editor_parent_class)->dispose (object);
}

static void
psems_plan_editor_finalize (GObject *object)
{
  PsemsPlanEditor *self = PSEMS_PLAN_EDITOR (object);

  g_clear_pointer (&self->actor, psems_actor_unref);
  g_clear_pointer (&self->elements, g_ptr_array_unref);
  g_clear_pointer (&self->loaded, psems_plan_element_free);
  g_clear_pointer (&self->templates, g_hash_table_unref);

  G_OBJECT_CLASS (psems_plan_editor_parent_class)->finalize (object);
}

static void
psems_plan_editor_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  PsemsPlanEditor *self = PSEMS_PLAN_EDITOR (object);

  switch (prop_id)
    {
    case PROP_ELEMENT_KEY:
      g_value_set_string (value, psems_plan_editor_get_element_key (self));
      break;
    case PROP_EDITABLE:
      g_value_set_boolean (value, self->editable);
      break;
    case PROP_DIRTY:
      g_value_set_boolean (value, psems_plan_editor_get_dirty (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
psems_plan_editor_class_init (PsemsPlanEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = psems_plan_editor_dispose;
  object_class->finalize = psems_plan_editor_finalize;
  object_class->get_property = psems_plan_editor_get_property;

  properties[PROP_ELEMENT_KEY] =
    g_param_spec_string ("element-key", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_EDITABLE] =
    g_param_spec_boolean ("editable", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_DIRTY] =
    g_param_spec_boolean ("dirty", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * PsemsPlanEditor::save-failed:
   * @error: what core said
   *
   * An element could not be saved or read while moving between elements; the editor
   * stays where it was.
   */
  signals[SAVE_FAILED] =
    g_signal_new ("save-failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 1, G_TYPE_ERROR);

  g_type_ensure (PSEMS_TYPE_LEVEL_INDICATOR);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/ui/psems-plan-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, PsemsPlanEditor, leaflet);
  gtk_widget_class_bind_template_child (widget_class, PsemsPlanEditor, element_pane);
  gtk_widget_class_bind_template_child (widget_class, PsemsPlanEditor, element_list);
  gtk_widget_class_bind_template_child (widget_class, PsemsPlanEditor, search_bar);
  gtk_widget_class_bind_template_child (widget_class, PsemsPlanEditor, search_entry);
  gtk_widget_class_bind_template_child (widget_class, PsemsPlanEditor, editor_pane);
  gtk_widget_class_bind_template_child (widget_class, PsemsPlanEditor, editor_scroller);
  gtk_widget_class_bind_template_child (widget_class, PsemsPlanEditor, back_button);
  gtk_widget_class_bind_template_child (widget_class, PsemsPlanEditor, reference_label);
  gtk_widget_class_bind_template_child (widget_class, PsemsPlanEditor, title_label);
  gtk_widget_class_bind_template_child (widget_class, PsemsPlanEditor, guidance_box);
  gtk_widget_class_bind_template_child (widget_class, PsemsPlanEditor, guidance_label);
  gtk_widget_class_bind_template_child (widget_class, PsemsPlanEditor, status_row);
  gtk_widget_class_bind_template_child (widget_class, PsemsPlanEditor, status_icon);
  gtk_widget_class_bind_template_child (widget_class, PsemsPlanEditor, level_box);
  gtk_widget_class_bind_template_child (widget_class, PsemsPlanEditor, controls_list);
  gtk_widget_class_bind_template_child (widget_class, PsemsPlanEditor, save_bar);
  gtk_widget_class_bind_template_child (widget_class, PsemsPlanEditor, save_label);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
psems_plan_editor_init (PsemsPlanEditor *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  psems_page_bind_list_search (self->search_bar, self->search_entry, self->element_list, NULL);

  self->templates = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                           (GDestroyNotify) psems_plan_template_free);
  for (int level = 1; level <= N_LEVELS; level++)
    gtk_box_append (self->level_box, create_level_section (self, level));

  psems_ui_set_empty_text (self->controls_list, _("No controls linked yet"));

  g_signal_connect_swapped (self->status_row, "notify::selected", G_CALLBACK (status_changed_cb),
                            self);
  g_signal_connect (self->element_list, "row-selected", G_CALLBACK (row_selected_cb), self);
  g_signal_connect (self->element_list, "row-activated", G_CALLBACK (row_activated_cb), self);
  g_object_bind_property (self->leaflet, "folded", self->back_button, "visible",
                          G_BINDING_SYNC_CREATE);
  set_editable (self, FALSE);
  update_state (self);
}

GtkWidget *
psems_plan_editor_new (void)
{
  return g_object_new (PSEMS_TYPE_PLAN_EDITOR, NULL);
}

void
psems_plan_editor_set_store (PsemsPlanEditor *self,
                             PsemsStore      *store,
                             PsemsActor      *actor)
{
  g_return_if_fail (PSEMS_IS_PLAN_EDITOR (self));
  g_return_if_fail (store == NULL || PSEMS_IS_STORE (store));

  if (actor != NULL)
    psems_actor_ref (actor);
  g_clear_pointer (&self->actor, psems_actor_unref);
  self->actor = actor;
  if (g_set_object (&self->store, store))
    {
      self->plan_id = 0;
      g_clear_pointer (&self->elements, g_ptr_array_unref);
      fill_list (self);
      show_loaded (self, NULL);
    }
}

/**
 * psems_plan_editor_set_plan:
 * @plan: (nullable): the version to show; only a draft can be edited
 *
 * Shows @plan's elements. The caller saves pending edits first (psems_plan_editor_save()).
 * The element shown stays the same one when the new version has it.
 */
void
psems_plan_editor_set_plan (PsemsPlanEditor *self,
                            const PsemsPlan *plan)
{
  g_return_if_fail (PSEMS_IS_PLAN_EDITOR (self));

  if (plan == NULL)
    {
      self->plan_id = 0;
      set_editable (self, FALSE);
      g_clear_pointer (&self->elements, g_ptr_array_unref);
      fill_list (self);
      show_loaded (self, NULL);
      return;
    }

  if (plan->id != self->plan_id)
    {
      g_autofree char *key = self->loaded != NULL ? g_strdup (self->loaded->key) : NULL;

      self->plan_id = plan->id;
      g_clear_pointer (&self->loaded, psems_plan_element_free);
      set_editable (self, plan->status == PSEMS_PLAN_DRAFT);
      psems_plan_editor_reload (self);
      if (key == NULL || find_element (self, key) == NULL)
        {
          g_clear_pointer (&key, g_free);
          if (self->elements != NULL && self->elements->len > 0)
            key = g_strdup (((PsemsPlanElement *) g_ptr_array_index (self->elements, 0))->key);
        }
      show_element (self, key);
      return;
    }

  set_editable (self, plan->status == PSEMS_PLAN_DRAFT);
  psems_plan_editor_reload (self);
}

/**
 * psems_plan_editor_reload:
 *
 * Reads the elements again after a change in the store. Edits in progress are kept.
 */
void
psems_plan_editor_reload (PsemsPlanEditor *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PsemsPlanElement) fresh = NULL;

  g_return_if_fail (PSEMS_IS_PLAN_EDITOR (self));

  if (self->store == NULL || self->plan_id == 0)
    return;

  g_clear_pointer (&self->elements, g_ptr_array_unref);
  self->elements = psems_plan_list_elements (self->store, self->plan_id, &error);
  if (self->elements == NULL)
    {
      g_signal_emit (self, signals[SAVE_FAILED], 0, error);
      return;
    }
  fill_list (self);

  if (self->loaded == NULL)
    {
      update_state (self);
      return;
    }
  select_row (self, self->loaded->key);
  if (psems_plan_editor_get_dirty (self))
    {
      update_state (self);
      return;
    }

  fresh = psems_plan_get_element (self->store, self->plan_id, self->loaded->key, &error);
  if (fresh == NULL)
    {
      show_element (self, NULL);
      return;
    }
  if (form_matches (self, fresh))
    {
      /* The same text: keep the buffers, and with them the undo history. */
      g_clear_pointer (&self->loaded, psems_plan_element_free);
      self->loaded = g_steal_pointer (&fresh);
      fill_controls (self);
      update_state (self);
      return;
    }
  show_loaded (self, g_steal_pointer (&fresh));
}

/**
 * psems_plan_editor_get_elements:
 *
 * Returns: (transfer none) (nullable) (element-type PsemsPlanElement): the plan's elements
 */
GPtrArray *
psems_plan_editor_get_elements (PsemsPlanEditor *self)
{
  g_return_val_if_fail (PSEMS_IS_PLAN_EDITOR (self), NULL);
  return self->elements;
}

const char *
psems_plan_editor_get_element_key (PsemsPlanEditor *self)
{
  g_return_val_if_fail (PSEMS_IS_PLAN_EDITOR (self), NULL);
  return self->loaded != NULL ? self->loaded->key : NULL;
}

gboolean
psems_plan_editor_get_editable (PsemsPlanEditor *self)
{
  g_return_val_if_fail (PSEMS_IS_PLAN_EDITOR (self), FALSE);
  return self->editable;
}

/**
 * psems_plan_editor_select_element:
 * @key: the element's key
 *
 * Moves to the element @key, saving the one shown first when it was changed.
 *
 * Returns: %FALSE when the changes could not be saved (#PsemsPlanEditor::save-failed says why)
 *   and the editor stayed where it was
 */
gboolean
psems_plan_editor_select_element (PsemsPlanEditor *self,
                                  const char      *key_in)
{
  g_autoptr(GError) error = NULL;
  /* @key_in may be a row's own copy, which updating the row replaces. */
  g_autofree char *key = g_strdup (key_in);

  g_return_val_if_fail (PSEMS_IS_PLAN_EDITOR (self), FALSE);

  if (find_element (self, key) == NULL)
    return FALSE;
  if (self->loaded != NULL && g_strcmp0 (self->loaded->key, key) == 0)
    {
      select_row (self, key);
      return TRUE;
    }
  if (!psems_plan_editor_save (self, &error))
    {
      select_row (self, self->loaded != NULL ? self->loaded->key : NULL);
      g_signal_emit (self, signals[SAVE_FAILED], 0, error);
      return FALSE;
    }
  if (!show_element (self, key))
    return FALSE;
  if (adw_leaflet_get_folded (self->leaflet))
    adw_leaflet_set_visible_child (self->leaflet, self->editor_pane);
  return TRUE;
}

/**
 * psems_plan_editor_save:
 *
 * Writes the element shown through core when it was changed.
 *
 * Returns: %TRUE when saved or when there was nothing to save
 */
gboolean
psems_plan_editor_save (PsemsPlanEditor  *self,
                        GError          **error)
{
  char *texts[N_LEVELS] = { NULL, };
  PsemsElementStatus status;
  PsemsPlanElement *fresh;
  gboolean ok;

  g_return_val_if_fail (PSEMS_IS_PLAN_EDITOR (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!psems_plan_editor_get_dirty (self))
    return TRUE;

  for (int i = 0; i < N_LEVELS; i++)
    texts[i] = dup_buffer_text (gtk_text_view_get_buffer (self->views[i]));
  status = get_form_status (self);
  ok = psems_plan_edit_element (self->store, self->actor, self->plan_id, self->loaded->key,
                                (const char * const *) texts, &status, NULL, error);
  for (int i = 0; i < N_LEVELS; i++)
    g_free (texts[i]);
  if (!ok)
    return FALSE;

  /* What core now holds becomes what edits are measured against; the buffers, and their
   * undo history, stay as they are. */
  fresh = psems_plan_get_element (self->store, self->plan_id, self->loaded->key, NULL);
  if (fresh != NULL)
    {
      g_clear_pointer (&self->loaded, psems_plan_element_free);
      self->loaded = fresh;
    }
  else
    {
      self->loaded->status = status;
      for (int i = 0; i < N_LEVELS; i++)
        {
          g_free (self->loaded->text[i]);
          self->loaded->text[i] = dup_buffer_text (gtk_text_view_get_buffer (self->views[i]));
        }
    }
  update_state (self);
  return TRUE;
}

/**
 * psems_plan_editor_revert:
 *
 * Forgets the changes to the element shown.
 */
void
psems_plan_editor_revert (PsemsPlanEditor *self)
{
  g_return_if_fail (PSEMS_IS_PLAN_EDITOR (self));

  if (self->loaded != NULL)
    show_element (self, self->loaded->key);
}

void
psems_plan_editor_set_status (PsemsPlanEditor    *self,
                              PsemsElementStatus  status)
{
  g_return_if_fail (PSEMS_IS_PLAN_EDITOR (self));
  g_return_if_fail (status <= PSEMS_ELEMENT_COMPLETE);

  if (self->editable && self->loaded != NULL)
    adw_combo_row_set_selected (self->status_row, status);
}

/* On a narrow window: back from the editor to the list of elements. */
void
psems_plan_editor_show_elements (PsemsPlanEditor *self)
{
  g_return_if_fail (PSEMS_IS_PLAN_EDITOR (self));
  adw_leaflet_set_visible_child (self->leaflet, self->element_pane);
}

/* Ctrl+F on the plans page: search the elements by code and title. */
void
psems_plan_editor_start_search (PsemsPlanEditor *self)
{
  g_return_if_fail (PSEMS_IS_PLAN_EDITOR (self));
  adw_leaflet_set_visible_child (self->leaflet, self->element_pane);
  psems_page_start_search (self->search_bar, self->search_entry);
}

/**
 * psems_plan_editor_get_text_view:
 * @level: 1–3
 *
 * Returns: (transfer none): the text view holding the measures at @level
 */
GtkTextView *
psems_plan_editor_get_text_view (PsemsPlanEditor *self,
                                 int              level)
{
  g_return_val_if_fail (PSEMS_IS_PLAN_EDITOR (self), NULL);
  g_return_val_if_fail (level >= 1 && level <= N_LEVELS, NULL);
  return self->views[level - 1];
}
