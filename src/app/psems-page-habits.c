/* psems-page-habits.c — what every section page does the same way: Ctrl+F and Ctrl+N as page.find
 * and page.new, searching what a list shows, and whether the acting user may create a record. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "psems-page-habits.h"

/**
 * psems_page_install_habits:
 * @find: what Ctrl+F does on the page (focus its search)
 * @create: what Ctrl+N does (open the dialog that creates the page's kind of record)
 *
 * Installs page.find and page.new and binds Ctrl+F and Ctrl+N to them while the focus is in
 * the page. The window hands its own Ctrl+F and Ctrl+N to the visible page's actions, so the
 * keys mean the same wherever the focus is. A page disables page.new when the acting user may
 * not create (see psems_page_may_create()).
 */
void
psems_page_install_habits (GtkWidgetClass              *widget_class,
                           GtkWidgetActionActivateFunc  find,
                           GtkWidgetActionActivateFunc  create)
{
  g_return_if_fail (GTK_IS_WIDGET_CLASS (widget_class));
  g_return_if_fail (find != NULL && create != NULL);

  gtk_widget_class_install_action (widget_class, "page.find", NULL, find);
  gtk_widget_class_install_action (widget_class, "page.new", NULL, create);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "page.find", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK, "page.new", NULL);
}

/**
 * psems_page_may_create:
 * @entity: the entity as core's role matrix names it ("finding", "incident", …)
 *
 * Returns: whether @actor may create an @entity in @store for at least one facility: the
 * same rule core applies when it writes, asked before a dialog opens so that page.new and
 * its button are disabled rather than refused after the user has typed everything.
 */
gboolean
psems_page_may_create (PsemsStore *store,
                       PsemsActor *actor,
                       const char *entity)
{
  const gint64 *ids;
  guint n_ids = 0;

  g_return_val_if_fail (entity != NULL, FALSE);

  if (store == NULL || actor == NULL || psems_store_get_read_only (store))
    return FALSE;
  if (psems_actor_check (actor, PSEMS_OP_CREATE, entity, 0, NULL))
    return TRUE;
  /* A security officer writes for the facilities assigned to them. */
  ids = psems_actor_get_facilities (actor, &n_ids);
  for (guint i = 0; i < n_ids; i++)
    if (psems_actor_check (actor, PSEMS_OP_CREATE, entity, ids[i], NULL))
      return TRUE;
  return FALSE;
}

static void
collect_text (GtkWidget *widget,
              GString   *out)
{
  if (!gtk_widget_get_visible (widget))
    return;
  if (GTK_IS_LABEL (widget))
    {
      g_string_append (out, gtk_label_get_text (GTK_LABEL (widget)));
      g_string_append_c (out, '\n');
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_text (child, out);
}

/**
 * psems_page_row_matches:
 * @row: a list row
 * @text: what the user typed
 *
 * Returns: whether every word of @text is in what @row shows (its labels: title, subtitle,
 * badges), ignoring case; an empty @text matches every row.
 */
gboolean
psems_page_row_matches (GtkWidget  *row,
                        const char *text)
{
  g_autoptr(GString) shown = g_string_new (NULL);
  g_autofree char *folded_text = NULL;
  g_autofree char *folded_shown = NULL;
  g_auto(GStrv) words = NULL;

  g_return_val_if_fail (GTK_IS_WIDGET (row), FALSE);

  if (text == NULL || *text == '\0')
    return TRUE;
  collect_text (row, shown);
  folded_text = g_utf8_casefold (text, -1);
  folded_shown = g_utf8_casefold (shown->str, -1);
  words = g_strsplit_set (folded_text, " \t", -1);
  for (guint i = 0; words[i] != NULL; i++)
    if (*words[i] != '\0' && strstr (folded_shown, words[i]) == NULL)
      return FALSE;
  return TRUE;
}

static gboolean
filter_row_cb (GtkListBoxRow *row,
               gpointer       user_data)
{
  GtkEditable *entry = user_data;

  /* Header-like rows that cannot be activated (section titles) stay. */
  return psems_page_row_matches (GTK_WIDGET (row), gtk_editable_get_text (entry));
}

static void
search_changed_cb (GtkSearchEntry *entry,
                   GPtrArray      *lists)
{
  for (guint i = 0; i < lists->len; i++)
    gtk_list_box_invalidate_filter (g_ptr_array_index (lists, i));
}

/**
 * psems_page_bind_list_search:
 * @bar: the page's search bar (revealed by Ctrl+F, hidden with Escape)
 * @entry: the entry inside @bar
 * @first_list: a list the entry filters, then more, %NULL-terminated
 *
 * Filters the lists by what their rows show, for pages whose lists are short enough to be
 * searched on screen; hiding the bar clears the search.
 */
void
psems_page_bind_list_search (GtkSearchBar   *bar,
                             GtkSearchEntry *entry,
                             GtkListBox     *first_list,
                             ...)
{
  GPtrArray *lists = g_ptr_array_new ();
  va_list args;

  g_return_if_fail (GTK_IS_SEARCH_BAR (bar));
  g_return_if_fail (GTK_IS_SEARCH_ENTRY (entry));

  gtk_search_bar_connect_entry (bar, GTK_EDITABLE (entry));
  va_start (args, first_list);
  for (GtkListBox *list = first_list; list != NULL; list = va_arg (args, GtkListBox *))
    {
      gtk_list_box_set_filter_func (list, filter_row_cb, entry, NULL);
      g_ptr_array_add (lists, list);
    }
  va_end (args);
  /* The lists live as long as the page, and so does the entry. */
  g_signal_connect_data (entry, "search-changed", G_CALLBACK (search_changed_cb), lists,
                         (GClosureNotify) (void (*) (void)) g_ptr_array_unref, 0);
}

/**
 * psems_page_start_search:
 *
 * What page.find does on a page with a search bar: shows it and puts the cursor in it, the
 * text selected so that typing replaces the last search.
 */
void
psems_page_start_search (GtkSearchBar   *bar,
                         GtkSearchEntry *entry)
{
  g_return_if_fail (GTK_IS_SEARCH_BAR (bar));
  g_return_if_fail (GTK_IS_SEARCH_ENTRY (entry));

  gtk_search_bar_set_search_mode (bar, TRUE);
  gtk_widget_grab_focus (GTK_WIDGET (entry));
  gtk_editable_select_region (GTK_EDITABLE (entry), 0, -1);
}
