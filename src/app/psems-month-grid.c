/* psems-month-grid.c — a month of days, six weeks by seven, each day showing the schedule's items due on it. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#ifdef __GLIBC__
#include <langinfo.h>
#endif

#include "psems-month-grid.h"

#define N_DAYS 42
#define MAX_CHIPS 3
#define CELL_WIDTH 44
#define COMPACT_CELL_WIDTH 38

struct _PsemsMonthGrid
{
  GtkWidget parent_instance;

  GtkWidget *grid;
  GtkWidget *headers[7];
  GtkWidget *cells[N_DAYS];

  GPtrArray *entries;        /* PsemsMonthGridEntry, by day */
  PsemsDay day;              /* the focused day: its month is the one shown */
  PsemsDay first_shown;      /* the day in the top-left cell */
  PsemsDay today;
  int first_weekday;         /* 0 Sunday … 6 Saturday */
  gboolean compact;          /* a phone's width: short cells, an item is a dot */
  gboolean keyboard_activation;
};

G_DEFINE_FINAL_TYPE (PsemsMonthGrid, psems_month_grid, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_DAY,
  N_PROPS
};

enum {
  SIGNAL_DAY_ACTIVATED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* The chips' colours say the same as the agenda's pills: late, soon, fine. */
static const char grid_css[] =
  ".month-grid .month-day { padding: 4px; border-radius: 6px; min-height: 92px;"
  "  box-shadow: inset 0 0 0 1px alpha(currentColor, 0.08); }"
  ".month-grid .month-day.other-month .day-number { opacity: 0.45; }"
  ".month-grid .month-day .day-number { font-feature-settings: \"tnum\"; padding: 1px 6px;"
  "  border-radius: 9999px; min-width: 14px; }"
  ".month-grid .month-day.today .day-number { background-color: @accent_bg_color;"
  "  color: @accent_fg_color; font-weight: bold; }"
  ".month-grid .month-day.selected { background-color: alpha(@accent_bg_color, 0.12); }"
  ".month-grid .weekday { font-size: smaller; font-weight: bold; opacity: 0.6; }"
  ".month-chip { font-size: smaller; border-radius: 4px; padding: 1px 6px;"
  "  background-color: alpha(@success_color, 0.18); }"
  ".month-chip.due-soon { background-color: alpha(@warning_color, 0.22); }"
  ".month-chip.overdue { background-color: alpha(@error_color, 0.22); }"
  ".month-more { font-size: smaller; opacity: 0.7; padding: 0 6px; }"
  /* Compact, a cell is as tall as wide and an item is a dot of its colour. */
  ".month-grid.compact .month-day { padding: 2px; min-height: 40px; }"
  ".month-grid.compact .month-day .day-number { padding: 1px 4px; }"
  ".month-grid.compact .month-more { padding: 0 2px; }"
  ".month-dot { min-width: 8px; min-height: 8px; border-radius: 9999px;"
  "  background-color: @success_color; }"
  ".month-dot.due-soon { background-color: @warning_color; }"
  ".month-dot.overdue { background-color: @error_color; }";

static void
ensure_css (void)
{
  static gboolean loaded;
  g_autoptr(GtkCssProvider) provider = NULL;
  GdkDisplay *display = gdk_display_get_default ();

  if (loaded || display == NULL)
    return;
  loaded = TRUE;
  provider = gtk_css_provider_new ();
  gtk_css_provider_load_from_data (provider, grid_css, -1);
  gtk_style_context_add_provider_for_display (display, GTK_STYLE_PROVIDER (provider),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
}

PsemsMonthGridEntry *
psems_month_grid_entry_new (gint64          id,
                            PsemsDay        day,
                            const char     *title,
                            PsemsClockState state)
{
  PsemsMonthGridEntry *entry = g_new0 (PsemsMonthGridEntry, 1);

  entry->id = id;
  entry->day = day;
  entry->title = g_strdup (title);
  entry->state = state;
  return entry;
}

void
psems_month_grid_entry_free (PsemsMonthGridEntry *entry)
{
  if (entry == NULL)
    return;
  g_free (entry->title);
  g_free (entry);
}

/* The locale's first day of the week, as GtkCalendar reads it; Monday elsewhere. */
static int
locale_first_weekday (void)
{
#if defined(__GLIBC__) && defined(_NL_TIME_FIRST_WEEKDAY)
  union { unsigned int word; char *string; } origin;
  int week_start;
  int first;

  origin.string = nl_langinfo (_NL_TIME_WEEK_1STDAY);
  if (origin.word == 19971130)
    week_start = 0;
  else if (origin.word == 19971201)
    week_start = 1;
  else
    return 1;
  first = *nl_langinfo (_NL_TIME_FIRST_WEEKDAY);
  return (week_start + first - 1 + 7) % 7;
#else
  return 1;
#endif
}

static int
weekday_of (PsemsDay day)
{
  GDate date;

  psems_day_to_date (day, &date);
  /* GDateWeekday: Monday 1 … Sunday 7. */
  return g_date_get_weekday (&date) % 7;
}

static PsemsDay
first_of_month (PsemsDay day)
{
  GDate date;

  psems_day_to_date (day, &date);
  return psems_day_from_ymd (g_date_get_year (&date), g_date_get_month (&date), 1);
}

static gboolean
same_month (PsemsDay a,
            PsemsDay b)
{
  return first_of_month (a) == first_of_month (b);
}

static const char *
state_class (PsemsClockState state)
{
  switch (state)
    {
    case PSEMS_CLOCK_OVERDUE:
      return "overdue";
    case PSEMS_CLOCK_DUE_SOON:
      return "due-soon";
    case PSEMS_CLOCK_OK:
    default:
      return "ok";
    }
}

static void
clear_children (GtkWidget *box)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (box)) != NULL)
    gtk_box_remove (GTK_BOX (box), child);
}

static char *
describe_day (PsemsDay day,
              guint    n_items,
              guint    n_overdue,
              guint    n_soon)
{
  g_autofree char *date = psems_day_format (day);
  g_autoptr(GString) text = g_string_new (NULL);

  if (n_items == 0)
    /* Translators: %s is a date */
    g_string_append_printf (text, _("%s: no items"), date);
  else
    /* Translators: a day's accessible name: a date, then how many items are due on it */
    g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, "%s: %u item", "%s: %u items",
                                               n_items), date, n_items);
  if (n_overdue > 0)
    g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, ", %u overdue", ", %u overdue",
                                               n_overdue), n_overdue);
  if (n_soon > 0)
    g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, ", %u due soon", ", %u due soon",
                                               n_soon), n_soon);
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
fill_cell (PsemsMonthGrid *self,
           guint           index)
{
  GtkWidget *cell = self->cells[index];
  GtkWidget *box = gtk_button_get_child (GTK_BUTTON (cell));
  PsemsDay day = self->first_shown + index;
  GDate date;
  g_autofree char *number = NULL;
  g_autofree char *label = NULL;
  GtkWidget *number_label;
  GtkWidget *dots = NULL;
  guint n_items = 0;
  guint n_overdue = 0;
  guint n_soon = 0;

  psems_day_to_date (day, &date);
  number = g_strdup_printf ("%d", g_date_get_day (&date));
  clear_children (box);
  number_label = gtk_label_new (number);
  gtk_widget_set_halign (number_label, GTK_ALIGN_START);
  gtk_widget_add_css_class (number_label, "day-number");
  gtk_box_append (GTK_BOX (box), number_label);
  if (self->compact)
    {
      dots = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 2);
      gtk_widget_set_halign (dots, GTK_ALIGN_START);
      gtk_widget_set_margin_start (dots, 4);
      gtk_box_append (GTK_BOX (box), dots);
    }

  for (guint i = 0; self->entries != NULL && i < self->entries->len; i++)
    {
      PsemsMonthGridEntry *entry = g_ptr_array_index (self->entries, i);

      if (entry->day != day)
        continue;
      n_items++;
      if (entry->state == PSEMS_CLOCK_OVERDUE)
        n_overdue++;
      else if (entry->state == PSEMS_CLOCK_DUE_SOON)
        n_soon++;
      if (n_items <= MAX_CHIPS && self->compact)
        {
          GtkWidget *dot = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
          g_autofree char *name = g_strdup_printf ("chip-%" G_GINT64_FORMAT, entry->id);

          gtk_widget_set_name (dot, name);
          gtk_widget_set_valign (dot, GTK_ALIGN_CENTER);
          gtk_widget_add_css_class (dot, "month-dot");
          gtk_widget_add_css_class (dot, state_class (entry->state));
          gtk_widget_set_tooltip_text (dot, entry->title);
          gtk_box_append (GTK_BOX (dots), dot);
        }
      else if (n_items <= MAX_CHIPS)
        {
          GtkWidget *chip = gtk_label_new (entry->title);
          g_autofree char *name = g_strdup_printf ("chip-%" G_GINT64_FORMAT, entry->id);

          gtk_widget_set_name (chip, name);
          gtk_label_set_xalign (GTK_LABEL (chip), 0.0);
          gtk_label_set_ellipsize (GTK_LABEL (chip), PANGO_ELLIPSIZE_END);
          gtk_label_set_width_chars (GTK_LABEL (chip), 2);
          gtk_widget_add_css_class (chip, "month-chip");
          gtk_widget_add_css_class (chip, state_class (entry->state));
          gtk_widget_set_tooltip_text (chip, entry->title);
          gtk_box_append (GTK_BOX (box), chip);
        }
    }
  if (n_items > MAX_CHIPS)
    {
      /* Translators: compact, the items a day has beyond the dots shown; %u is a number */
      g_autofree char *more = self->compact ? g_strdup_printf (_("+%u"), n_items - MAX_CHIPS)
                                            : g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                                            "+%u more", "+%u more",
                                                                            n_items - MAX_CHIPS),
                                                               n_items - MAX_CHIPS);
      GtkWidget *more_label = gtk_label_new (more);

      gtk_label_set_xalign (GTK_LABEL (more_label), 0.0);
      gtk_widget_add_css_class (more_label, "month-more");
      gtk_box_append (GTK_BOX (box), more_label);
    }

  if (same_month (day, self->day))
    gtk_widget_remove_css_class (cell, "other-month");
  else
    gtk_widget_add_css_class (cell, "other-month");
  if (day == self->today)
    gtk_widget_add_css_class (cell, "today");
  else
    gtk_widget_remove_css_class (cell, "today");
  if (day == self->day)
    gtk_widget_add_css_class (cell, "selected");
  else
    gtk_widget_remove_css_class (cell, "selected");
  /* One tab stop for the whole month, on the focused day; the arrows do the rest. */
  gtk_widget_set_focusable (cell, day == self->day);

  label = describe_day (day, n_items, n_overdue, n_soon);
  gtk_accessible_update_property (GTK_ACCESSIBLE (cell), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  gtk_widget_set_tooltip_text (cell, n_items > 0 ? label : NULL);
}

static void
fill (PsemsMonthGrid *self)
{
  PsemsDay first = first_of_month (self->day);

  self->first_shown = first - (PsemsDay) ((weekday_of (first) - self->first_weekday + 7) % 7);
  for (guint i = 0; i < N_DAYS; i++)
    fill_cell (self, i);
}

/* Enter or Space on a day: the click that follows opens it. */
static void
cell_activate_cb (GtkButton      *cell,
                  PsemsMonthGrid *self)
{
  self->keyboard_activation = TRUE;
}

static void
cell_clicked_cb (GtkButton      *cell,
                 PsemsMonthGrid *self)
{
  PsemsDay day = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (cell), "psems-index"))
                 + self->first_shown;
  gboolean opened = self->keyboard_activation;
  GtkWidget *focus;

  self->keyboard_activation = FALSE;
  psems_month_grid_set_day (self, day);
  /* A click chooses the day and leaves the keyboard there; Enter opens it. */
  focus = psems_month_grid_get_cell (self, day);
  if (focus != NULL)
    gtk_widget_grab_focus (focus);
  if (opened)
    g_signal_emit (self, signals[SIGNAL_DAY_ACTIVATED], 0, (guint) day);
}

static void
move_focus (PsemsMonthGrid *self,
            PsemsDay        day)
{
  GtkWidget *cell;

  psems_month_grid_set_day (self, day);
  cell = psems_month_grid_get_cell (self, day);
  if (cell != NULL)
    gtk_widget_grab_focus (cell);
}

static gboolean
key_pressed_cb (GtkEventControllerKey *controller,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                PsemsMonthGrid        *self)
{
  gboolean rtl = gtk_widget_get_direction (GTK_WIDGET (self)) == GTK_TEXT_DIR_RTL;
  int step = 0;

  if ((state & (GDK_CONTROL_MASK | GDK_ALT_MASK)) != 0)
    return FALSE;
  switch (keyval)
    {
    case GDK_KEY_Left:
    case GDK_KEY_KP_Left:
      step = rtl ? 1 : -1;
      break;
    case GDK_KEY_Right:
    case GDK_KEY_KP_Right:
      step = rtl ? -1 : 1;
      break;
    case GDK_KEY_Up:
    case GDK_KEY_KP_Up:
      step = -7;
      break;
    case GDK_KEY_Down:
    case GDK_KEY_KP_Down:
      step = 7;
      break;
    case GDK_KEY_Home:
      step = -((weekday_of (self->day) - self->first_weekday + 7) % 7);
      break;
    case GDK_KEY_End:
      step = 6 - ((weekday_of (self->day) - self->first_weekday + 7) % 7);
      break;
    case GDK_KEY_Page_Up:
      psems_month_grid_shift_months (self, -1);
      move_focus (self, self->day);
      return TRUE;
    case GDK_KEY_Page_Down:
      psems_month_grid_shift_months (self, 1);
      move_focus (self, self->day);
      return TRUE;
    default:
      return FALSE;
    }
  if (step < 0 && self->day <= (PsemsDay) -step)
    return TRUE;
  move_focus (self, (PsemsDay) ((gint64) self->day + step));
  return TRUE;
}

static void
cell_focus_cb (GtkWidget      *cell,
               GParamSpec     *pspec,
               PsemsMonthGrid *self)
{
  PsemsDay day;

  if (!gtk_widget_has_focus (cell))
    return;
  day = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (cell), "psems-index")) + self->first_shown;
  /* Focus that lands on another day (a click) makes it the day, turning the page if need be. */
  if (day != self->day)
    move_focus (self, day);
}

static void
psems_month_grid_dispose (GObject *object)
{
  PsemsMonthGrid *self = PSEMS_MONTH_GRID (object);

  g_clear_pointer (&self->grid, gtk_widget_unparent);
  G_OBJECT_CLASS (psems_month_grid_parent_class)->dispose (object);
}

static void
psems_month_grid_finalize (GObject *object)
{
  PsemsMonthGrid *self = PSEMS_MONTH_GRID (object);

  g_clear_pointer (&self->entries, g_ptr_array_unref);
  G_OBJECT_CLASS (psems_month_grid_parent_class)->finalize (object);
}

static void
psems_month_grid_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  PsemsMonthGrid *self = PSEMS_MONTH_GRID (object);

  switch (prop_id)
    {
    case PROP_DAY:
      g_value_set_uint (value, self->day);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
psems_month_grid_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  PsemsMonthGrid *self = PSEMS_MONTH_GRID (object);

  switch (prop_id)
    {
    case PROP_DAY:
      psems_month_grid_set_day (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
psems_month_grid_class_init (PsemsMonthGridClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = psems_month_grid_dispose;
  object_class->finalize = psems_month_grid_finalize;
  object_class->get_property = psems_month_grid_get_property;
  object_class->set_property = psems_month_grid_set_property;

  /**
   * PsemsMonthGrid:day:
   *
   * The focused day (a #PsemsDay); the grid shows its month.
   */
  properties[PROP_DAY] =
    g_param_spec_uint ("day", NULL, NULL, 1, G_MAXUINT32, 1,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * PsemsMonthGrid::day-activated:
   * @day: the day opened with Enter or Space (a #PsemsDay); a click only chooses the day
   */
  signals[SIGNAL_DAY_ACTIVATED] =
    g_signal_new ("day-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 1, G_TYPE_UINT);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "monthgrid");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GRID);
}

static void
psems_month_grid_init (PsemsMonthGrid *self)
{
  GtkEventController *key;

  ensure_css ();
  self->first_weekday = locale_first_weekday ();
  self->today = psems_day_today ();
  self->day = self->today;

  self->grid = gtk_grid_new ();
  gtk_grid_set_row_homogeneous (GTK_GRID (self->grid), FALSE);
  gtk_grid_set_column_homogeneous (GTK_GRID (self->grid), TRUE);
  gtk_grid_set_row_spacing (GTK_GRID (self->grid), 4);
  gtk_grid_set_column_spacing (GTK_GRID (self->grid), 4);
  gtk_widget_add_css_class (self->grid, "month-grid");
  gtk_widget_set_parent (self->grid, GTK_WIDGET (self));

  for (int i = 0; i < 7; i++)
    {
      /* 1 January 2023 was a Sunday. */
      GDate date;
      char name[64];

      g_date_set_dmy (&date, 1 + (self->first_weekday + i) % 7, G_DATE_JANUARY, 2023);
      if (g_date_strftime (name, sizeof name, "%a", &date) == 0)
        name[0] = '\0';
      self->headers[i] = gtk_label_new (name);
      gtk_widget_add_css_class (self->headers[i], "weekday");
      gtk_grid_attach (GTK_GRID (self->grid), self->headers[i], i, 0, 1, 1);
    }
  for (guint i = 0; i < N_DAYS; i++)
    {
      GtkWidget *cell = gtk_button_new ();
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);

      gtk_widget_set_valign (box, GTK_ALIGN_START);
      gtk_button_set_child (GTK_BUTTON (cell), box);
      gtk_button_set_has_frame (GTK_BUTTON (cell), FALSE);
      gtk_widget_add_css_class (cell, "month-day");
      gtk_widget_set_hexpand (cell, TRUE);
      gtk_widget_set_vexpand (cell, TRUE);
      /* Narrow enough for a phone-width window (7 × 44 px); chips ellipsize. */
      gtk_widget_set_size_request (cell, CELL_WIDTH, -1);
      g_object_set_data (G_OBJECT (cell), "psems-index", GUINT_TO_POINTER (i));
      g_signal_connect (cell, "activate", G_CALLBACK (cell_activate_cb), self);
      g_signal_connect (cell, "clicked", G_CALLBACK (cell_clicked_cb), self);
      g_signal_connect (cell, "notify::has-focus", G_CALLBACK (cell_focus_cb), self);
      gtk_grid_attach (GTK_GRID (self->grid), cell, i % 7, 1 + i / 7, 1, 1);
      self->cells[i] = cell;
    }

  key = gtk_event_controller_key_new ();
  g_signal_connect (key, "key-pressed", G_CALLBACK (key_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), key);
  fill (self);
}

GtkWidget *
psems_month_grid_new (void)
{
  return g_object_new (PSEMS_TYPE_MONTH_GRID, NULL);
}

/**
 * psems_month_grid_set_compact:
 * @compact: whether the grid has a phone's width to fill
 *
 * Compact, the cells are short and a day's items are dots of their state's colour (their titles
 * in tooltips; the day's accessible name counts them), so the month fits a narrow window.
 */
void
psems_month_grid_set_compact (PsemsMonthGrid *self,
                              gboolean        compact)
{
  g_return_if_fail (PSEMS_IS_MONTH_GRID (self));

  compact = !!compact;
  if (self->compact == compact)
    return;
  self->compact = compact;
  for (guint i = 0; i < N_DAYS; i++)
    gtk_widget_set_size_request (self->cells[i], compact ? COMPACT_CELL_WIDTH : CELL_WIDTH, -1);
  if (compact)
    gtk_widget_add_css_class (self->grid, "compact");
  else
    gtk_widget_remove_css_class (self->grid, "compact");
  fill (self);
}

void
psems_month_grid_set_entries (PsemsMonthGrid *self,
                              GPtrArray      *entries)
{
  g_return_if_fail (PSEMS_IS_MONTH_GRID (self));

  g_clear_pointer (&self->entries, g_ptr_array_unref);
  self->entries = g_ptr_array_new_with_free_func ((GDestroyNotify) psems_month_grid_entry_free);
  for (guint i = 0; entries != NULL && i < entries->len; i++)
    {
      PsemsMonthGridEntry *entry = g_ptr_array_index (entries, i);

      g_ptr_array_add (self->entries, psems_month_grid_entry_new (entry->id, entry->day,
                                                                  entry->title, entry->state));
    }
  fill (self);
}

void
psems_month_grid_set_day (PsemsMonthGrid *self,
                          PsemsDay        day)
{
  g_return_if_fail (PSEMS_IS_MONTH_GRID (self));
  g_return_if_fail (day != PSEMS_DAY_NONE);

  if (self->day == day)
    return;
  self->day = day;
  fill (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DAY]);
}

PsemsDay
psems_month_grid_get_day (PsemsMonthGrid *self)
{
  g_return_val_if_fail (PSEMS_IS_MONTH_GRID (self), PSEMS_DAY_NONE);
  return self->day;
}

/* Keeps the day of the month where it can (31 January + 1 month: 28 February). */
void
psems_month_grid_shift_months (PsemsMonthGrid *self,
                               int             months)
{
  PsemsClockSpan month = { 1, PSEMS_CLOCK_MONTHS };
  GDate date;

  g_return_if_fail (PSEMS_IS_MONTH_GRID (self));

  if (months >= 0)
    {
      psems_month_grid_set_day (self, psems_day_add (self->day, month, (guint) months));
      return;
    }
  psems_day_to_date (self->day, &date);
  g_date_subtract_months (&date, (guint) -months);
  psems_month_grid_set_day (self, psems_day_from_date (&date));
}

char *
psems_month_grid_dup_title (PsemsMonthGrid *self)
{
  GDate date;
  char text[128];

  g_return_val_if_fail (PSEMS_IS_MONTH_GRID (self), NULL);

  psems_day_to_date (self->day, &date);
  /* Translators: a month's title above the month grid, a strftime() format: "April 2026" */
  if (g_date_strftime (text, sizeof text, C_("month grid title", "%B %Y"), &date) == 0)
    return g_strdup_printf ("%d-%02d", g_date_get_year (&date), g_date_get_month (&date));
  return g_strdup (text);
}

GtkWidget *
psems_month_grid_get_cell (PsemsMonthGrid *self,
                           PsemsDay        day)
{
  g_return_val_if_fail (PSEMS_IS_MONTH_GRID (self), NULL);

  if (day < self->first_shown || day >= self->first_shown + N_DAYS)
    return NULL;
  return self->cells[day - self->first_shown];
}

void
psems_month_grid_set_today (PsemsMonthGrid *self,
                            PsemsDay        today)
{
  g_return_if_fail (PSEMS_IS_MONTH_GRID (self));

  if (self->today == today)
    return;
  self->today = today;
  fill (self);
}
