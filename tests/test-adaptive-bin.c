/* test-adaptive-bin.c — PsemsAdaptiveBin: two fixed-width panes side by side fold under fold-width and under their own least width, unfold when wide again, one notification per change. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <gtk/gtk.h>

#include "psems-adaptive-bin.h"
#include "psems-test-ui.h"

#define WINDOW_WIDTH 1000
#define PANE_WIDTH 250
#define SPACING 10
/* What the two panes need side by side. */
#define UNFOLDED_MINIMUM (2 * PANE_WIDTH + SPACING)

typedef struct
{
  GtkWindow *window;
  PsemsAdaptiveBin *bin;
  GtkWidget *panes;              /* the bin's child: a box, turned vertical when folded */
  GtkWidget *spacer;             /* beside the bin: the bin gets the window's width less this */
  guint n_notified;
  gboolean want_folded;          /* what iterate_until_folded waits for */
} Fixture;

/* What a page does with :folded: the panes go one under the other. */
static void
folded_cb (PsemsAdaptiveBin *bin,
           GParamSpec       *pspec,
           Fixture          *fixture)
{
  fixture->n_notified++;
  gtk_orientable_set_orientation (GTK_ORIENTABLE (fixture->panes),
                                  psems_adaptive_bin_get_folded (bin) ? GTK_ORIENTATION_VERTICAL
                                                                      : GTK_ORIENTATION_HORIZONTAL);
}

static GtkWidget *
new_pane (const char *text)
{
  GtkWidget *pane = gtk_label_new (text);

  gtk_widget_set_size_request (pane, PANE_WIDTH, 40);
  return pane;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);

  fixture->panes = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, SPACING);
  gtk_box_append (GTK_BOX (fixture->panes), new_pane ("list"));
  gtk_box_append (GTK_BOX (fixture->panes), new_pane ("detail"));

  fixture->bin = PSEMS_ADAPTIVE_BIN (psems_adaptive_bin_new ());
  psems_adaptive_bin_set_fold_width (fixture->bin, 600);
  psems_adaptive_bin_set_child (fixture->bin, fixture->panes);
  gtk_widget_set_hexpand (GTK_WIDGET (fixture->bin), TRUE);
  g_signal_connect (fixture->bin, "notify::folded", G_CALLBACK (folded_cb), fixture);

  fixture->spacer = gtk_label_new (NULL);
  gtk_box_append (GTK_BOX (row), GTK_WIDGET (fixture->bin));
  gtk_box_append (GTK_BOX (row), fixture->spacer);

  fixture->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (fixture->window, WINDOW_WIDTH, 300);
  gtk_window_set_child (fixture->window, row);
  gtk_window_present (fixture->window);
  psems_test_iterate_for (200);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  gtk_window_destroy (fixture->window);
  psems_test_iterate_for (20);
}

static gboolean
folded_as_wanted (gpointer data)
{
  Fixture *fixture = data;

  return psems_adaptive_bin_get_folded (fixture->bin) == fixture->want_folded;
}

/* Gives the bin @width (the window keeps its own), then lets the layout settle. */
static void
give_width (Fixture *fixture,
            int      width)
{
  gtk_widget_set_size_request (fixture->spacer, gtk_widget_get_width (GTK_WIDGET (fixture->window))
                                                - width, -1);
  psems_test_iterate_for (150);
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (fixture->bin)), ==, width);
}

static int
minimum_width (gpointer widget)
{
  int minimum = -1;

  gtk_widget_measure (widget, GTK_ORIENTATION_HORIZONTAL, -1, &minimum, NULL, NULL, NULL);
  return minimum;
}

/* Under fold-width the panes fold although they would fit; over it again they unfold. */
static void
test_fold_width (Fixture       *fixture,
                 gconstpointer  user_data)
{
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (fixture->window)), ==, WINDOW_WIDTH);
  g_assert_false (psems_adaptive_bin_get_folded (fixture->bin));
  g_assert_cmpuint (fixture->n_notified, ==, 0);
  /* Side by side, the bin asks for no width: the window may shrink under the panes. */
  g_assert_cmpint (minimum_width (fixture->panes), ==, UNFOLDED_MINIMUM);
  g_assert_cmpint (minimum_width (fixture->bin), ==, 0);

  give_width (fixture, 550);
  g_assert_true (psems_adaptive_bin_get_folded (fixture->bin));
  g_assert_cmpuint (fixture->n_notified, ==, 1);
  /* Folded, it asks for what its folded child needs. */
  g_assert_cmpint (minimum_width (fixture->bin), ==, PANE_WIDTH);
  g_assert_cmpint (gtk_widget_get_width (fixture->panes), ==, 550);

  /* Narrower still, or the same again: no news. */
  give_width (fixture, 400);
  give_width (fixture, 400);
  g_assert_true (psems_adaptive_bin_get_folded (fixture->bin));
  g_assert_cmpuint (fixture->n_notified, ==, 1);

  give_width (fixture, 600);
  g_assert_false (psems_adaptive_bin_get_folded (fixture->bin));
  g_assert_cmpuint (fixture->n_notified, ==, 2);
  g_assert_cmpint (minimum_width (fixture->bin), ==, 0);
  g_assert_cmpint (gtk_widget_get_width (fixture->panes), ==, 600);

  give_width (fixture, 900);
  g_assert_false (psems_adaptive_bin_get_folded (fixture->bin));
  g_assert_cmpuint (fixture->n_notified, ==, 2);

  /* A bigger fold-width folds the bin where it stands, a smaller one unfolds it. */
  psems_adaptive_bin_set_fold_width (fixture->bin, 950);
  fixture->want_folded = TRUE;
  psems_test_iterate_until (folded_as_wanted, fixture);
  g_assert_cmpuint (fixture->n_notified, ==, 3);
  psems_adaptive_bin_set_fold_width (fixture->bin, 600);
  fixture->want_folded = FALSE;
  psems_test_iterate_until (folded_as_wanted, fixture);
  g_assert_cmpuint (fixture->n_notified, ==, 4);
  g_assert_cmpint (psems_adaptive_bin_get_fold_width (fixture->bin), ==, 600);
}

/* Over fold-width but under what the panes need side by side, the bin folds all the same (the
 * panes keep their least width, clipped, until it does), and unfolds once they fit. */
static void
test_child_minimum (Fixture       *fixture,
                    gconstpointer  user_data)
{
  psems_adaptive_bin_set_fold_width (fixture->bin, 300);

  give_width (fixture, UNFOLDED_MINIMUM);
  g_assert_false (psems_adaptive_bin_get_folded (fixture->bin));
  g_assert_cmpuint (fixture->n_notified, ==, 0);

  give_width (fixture, UNFOLDED_MINIMUM - 1);
  g_assert_true (psems_adaptive_bin_get_folded (fixture->bin));
  g_assert_cmpuint (fixture->n_notified, ==, 1);

  /* Folded, the panes need one pane's width only; the bin stays folded until both fit again. */
  give_width (fixture, 350);
  give_width (fixture, UNFOLDED_MINIMUM - 1);
  g_assert_true (psems_adaptive_bin_get_folded (fixture->bin));
  g_assert_cmpuint (fixture->n_notified, ==, 1);

  give_width (fixture, UNFOLDED_MINIMUM);
  g_assert_false (psems_adaptive_bin_get_folded (fixture->bin));
  g_assert_cmpuint (fixture->n_notified, ==, 2);
  g_assert_cmpint (minimum_width (fixture->bin), ==, 0);
}

/* A width that is gone again before the main loop applies it changes nothing. */
static void
test_no_stale_fold (Fixture       *fixture,
                    gconstpointer  user_data)
{
  int height = gtk_widget_get_height (GTK_WIDGET (fixture->bin));

  gtk_widget_allocate (GTK_WIDGET (fixture->bin), 400, height, -1, NULL);
  gtk_widget_allocate (GTK_WIDGET (fixture->bin), 900, height, -1, NULL);
  psems_test_iterate_for (150);
  g_assert_false (psems_adaptive_bin_get_folded (fixture->bin));
  g_assert_cmpuint (fixture->n_notified, ==, 0);
}

/* The child is the bin's own: replaced, the old one goes; the bin's properties say so. */
static void
test_child (Fixture       *fixture,
            gconstpointer  user_data)
{
  GtkWidget *other = new_pane ("other");
  g_autoptr(GtkWidget) old = g_object_ref (fixture->panes);
  GtkWidget *child = NULL;
  int fold_width = 0;
  gboolean folded = TRUE;

  g_assert_true (psems_adaptive_bin_get_child (fixture->bin) == fixture->panes);
  g_assert_true (gtk_widget_get_parent (fixture->panes) == GTK_WIDGET (fixture->bin));
  g_object_set (fixture->bin, "child", other, NULL);
  g_object_get (fixture->bin, "child", &child, "fold-width", &fold_width, "folded", &folded, NULL);
  g_assert_true (child == other);
  g_object_unref (child);
  g_assert_null (gtk_widget_get_parent (old));
  g_assert_cmpint (fold_width, ==, 600);
  g_assert_false (folded);
  psems_adaptive_bin_set_child (fixture->bin, NULL);
  g_assert_null (psems_adaptive_bin_get_child (fixture->bin));
  g_assert_cmpint (minimum_width (fixture->bin), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  gtk_disable_setlocale ();
  if (!gtk_init_check ())
    return 77;

#define ADD(name, func) \
  g_test_add ("/adaptive-bin/" name, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("fold-width", test_fold_width);
  ADD ("child-minimum", test_child_minimum);
  ADD ("no-stale-fold", test_no_stale_fold);
  ADD ("child", test_child);
#undef ADD

  return g_test_run ();
}
