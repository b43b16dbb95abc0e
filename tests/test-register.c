/* test-register.c — the registers as XLSX (typed cells, frozen filtered header, About sheet) and CSV (RFC 4180, parsed back), as of a day, and failed writes leaving nothing. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "psems-register.h"
#include "psems-test-util.h"

typedef struct
{
  char *dir;
  PsemsStore *store;
  PsemsActor *actor;
  gint64 facility;
  gint64 other;
  char *control_ref;
  char *finding_ref;       /* raised 2025-03-01, due 2025-04-01, closed 2025-06-01 */
  char *other_finding_ref; /* the other facility's */
  char *late_ref;          /* the drill's completion done late, with one evidence file */
} Fixture;

/* The tricky title: a comma, quotes, letters beyond ASCII. */
#define FINDING_TITLE "Gate 3, \"north\" turnstiles at Ærøskøbing accept expired badges"
/* Text a spreadsheet would run as a formula when it opens a CSV file. */
#define FORMULA_OWNER "=HYPERLINK(\"http://example.org\")"

static gint64
create_control (Fixture *f)
{
  g_autoptr(PsemsControl) c = psems_control_new ();
  g_autoptr(GError) error = NULL;
  gint64 id;

  c->facility_id = f->facility;
  c->layer_id = psems_layer_resolve (f->store, f->facility, "1", &error);
  g_assert_no_error (error);
  c->name = g_strdup ("Perimeter fence");
  c->domain = g_strdup ("physical");
  c->function = g_strdup ("deter");
  g_free (c->status);
  c->status = g_strdup ("implemented");
  c->effectiveness = 80;
  c->regulations = g_strsplit ("ISPS A/16.3.2", ",", -1);
  id = psems_control_create (f->store, f->actor, c, &f->control_ref, &error);
  g_assert_no_error (error);
  return id;
}

static char *
create_finding (Fixture    *f,
                gint64      facility,
                const char *title,
                const char *raised_on)
{
  g_autoptr(PsemsFinding) finding = psems_finding_new ();
  g_autoptr(GError) error = NULL;
  char *ref = NULL;

  finding->facility_id = facility;
  finding->source = g_strdup ("manual");
  finding->severity = g_strdup ("major");
  finding->title = g_strdup (title);
  finding->owner = g_strdup (FORMULA_OWNER);
  finding->raised_on = g_strdup (raised_on);
  finding->due_on = g_strdup ("2025-04-01");
  g_assert_cmpint (psems_finding_create (f->store, f->actor, finding, NULL, &ref, &error), >, 0);
  g_assert_no_error (error);
  return ref;
}

static gint64
record (Fixture     *f,
        gint64       item,
        const char  *done_on,
        const char  *evidence_path,
        char       **ref)
{
  g_autoptr(PsemsCompletion) c = psems_completion_new ();
  g_autoptr(GError) error = NULL;
  const char *evidence[] = { evidence_path, NULL };
  gint64 id;

  c->schedule_item_id = item;
  c->done_on = g_strdup (done_on);
  c->description = g_strdup ("Intruder at the gate");
  id = psems_schedule_record_completion (f->store, f->actor, c,
                                         evidence_path != NULL ? evidence : NULL, ref, &error);
  g_assert_no_error (error);
  return id;
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(PsemsScheduleItem) item = psems_schedule_item_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *scan = NULL;
  gint64 drill;

  f->dir = psems_test_make_dir ();
  f->store = psems_test_new_store (f->dir, "register.db");
  f->actor = psems_actor_new (0, "Ana Ruiz", PSEMS_ROLE_SECURITY_OFFICER);
  f->facility = psems_test_create_facility (f->store, f->actor, "ECT", NULL);
  f->other = psems_test_create_facility (f->store, f->actor, "WCT", NULL);
  create_control (f);

  f->finding_ref = create_finding (f, f->facility, FINDING_TITLE, "2025-03-01");
  g_assert_true (psems_finding_close (f->store, f->actor,
                                      psems_finding_resolve (f->store, f->finding_ref, NULL),
                                      "2025-06-01", "Badge revocation synchronised hourly", NULL,
                                      &error));
  g_assert_no_error (error);
  f->other_finding_ref = create_finding (f, f->other, "West gate unmanned", "2025-03-05");

  /* A drill every three months from the last (ISPS B/18.5) from 2 January 2025: on time on
   * 20 January (due 2 April), late on 29 April (due 20 April), then nothing: 29 July missed. */
  item->facility_id = f->facility;
  item->kind = g_strdup ("drill");
  item->title = g_strdup ("Quarterly drill");
  item->rule = g_strdup ("isps-b18.5");
  item->anchor = g_strdup ("2025-01-02");
  drill = psems_schedule_create (f->store, f->actor, item, NULL, &error);
  g_assert_no_error (error);
  record (f, drill, "2025-01-20", NULL, NULL);
  scan = psems_test_write_file (f->dir, "drill-report.txt", "Drill report, 29 April 2025\n");
  record (f, drill, "2025-04-29", scan, &f->late_ref);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->store);
  g_clear_pointer (&f->actor, psems_actor_unref);
  psems_test_remove_dir (f->dir);
  g_free (f->dir);
  g_free (f->control_ref);
  g_free (f->finding_ref);
  g_free (f->other_finding_ref);
  g_free (f->late_ref);
}

/* ───────────────────────────── CSV, parsed back ───────────────────────────── */

/* RFC 4180: fields separated by commas, records by CRLF, quoted fields double their quotes. */
static GPtrArray *
parse_csv (const char *text)
{
  GPtrArray *rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  GPtrArray *row = g_ptr_array_new_with_free_func (g_free);
  GString *field = g_string_new (NULL);
  const char *p = text;

  while (*p != '\0')
    {
      if (*p == '"' && field->len == 0)
        {
          for (p++; !(*p == '"' && p[1] != '"'); p++)
            {
              g_assert_true (*p != '\0');
              if (*p == '"')
                p++;
              g_string_append_c (field, *p);
            }
          p++;
          g_assert_true (*p == ',' || *p == '\r');
          continue;
        }
      if (*p == ',')
        {
          g_ptr_array_add (row, g_string_free (g_steal_pointer (&field), FALSE));
          field = g_string_new (NULL);
          p++;
          continue;
        }
      if (*p == '\r')
        {
          g_assert_cmpint (p[1], ==, '\n');
          g_ptr_array_add (row, g_string_free (g_steal_pointer (&field), FALSE));
          field = g_string_new (NULL);
          g_ptr_array_add (rows, g_steal_pointer (&row));
          row = g_ptr_array_new_with_free_func (g_free);
          p += 2;
          continue;
        }
      g_assert_true (*p != '\n');
      g_string_append_c (field, *p++);
    }
  g_assert_cmpuint (field->len, ==, 0);
  g_assert_cmpuint (row->len, ==, 0);
  g_string_free (field, TRUE);
  g_ptr_array_unref (row);
  return rows;
}

static GPtrArray *
export_csv (Fixture           *f,
            PsemsRegisterKind  kind,
            gint64             facility,
            const char        *as_of,
            guint             *n_rows)
{
  g_autofree char *path = g_build_filename (f->dir, "register.csv", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  GPtrArray *rows;

  g_assert_true (psems_register_export (f->store, f->actor, kind, facility, as_of, path, n_rows,
                                        &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  g_assert_true (g_utf8_validate (text, -1, NULL));
  g_assert_false (g_str_has_prefix (text, "\xEF\xBB\xBF"));
  rows = parse_csv (text);
  for (guint i = 1; i < rows->len; i++)
    g_assert_cmpuint (((GPtrArray *) g_ptr_array_index (rows, i))->len, ==,
                      ((GPtrArray *) g_ptr_array_index (rows, 0))->len);
  return rows;
}

static int
column_of (GPtrArray  *rows,
           const char *title)
{
  GPtrArray *header = g_ptr_array_index (rows, 0);

  for (guint c = 0; c < header->len; c++)
    if (g_str_equal (g_ptr_array_index (header, c), title))
      return (int) c;
  g_error ("no column “%s”", title);
  return -1;
}

static const char *
cell (GPtrArray  *rows,
      guint       row,
      const char *title)
{
  return g_ptr_array_index ((GPtrArray *) g_ptr_array_index (rows, row), column_of (rows, title));
}

/* The data row whose first cell is @first (0: none). */
static guint
row_of (GPtrArray  *rows,
        const char *first)
{
  for (guint r = 1; r < rows->len; r++)
    if (g_str_equal (g_ptr_array_index ((GPtrArray *) g_ptr_array_index (rows, r), 0), first))
      return r;
  return 0;
}

static void
test_findings_csv (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GPtrArray) before = NULL;
  g_autoptr(GPtrArray) after = NULL;
  g_autoptr(GPtrArray) all = NULL;
  guint n_rows = 0;
  guint r;

  /* As of 1 May 2025 the finding was open and overdue; its closure had not happened yet. */
  before = export_csv (f, PSEMS_REGISTER_FINDINGS, f->facility, "2025-05-01", &n_rows);
  g_assert_cmpuint (n_rows, ==, 1);
  g_assert_cmpuint (before->len, ==, 2);
  r = row_of (before, f->finding_ref);
  g_assert_cmpuint (r, ==, 1);
  g_assert_cmpstr (cell (before, r, "Title"), ==, FINDING_TITLE);
  g_assert_cmpstr (cell (before, r, "Facility"), ==, "ECT");
  g_assert_cmpstr (cell (before, r, "Severity"), ==, psems_finding_severity_label ("major"));
  g_assert_cmpstr (cell (before, r, "Status"), ==, "Unresolved");
  g_assert_cmpstr (cell (before, r, "Raised on"), ==, "2025-03-01");
  g_assert_cmpstr (cell (before, r, "Due on"), ==, "2025-04-01");
  g_assert_cmpstr (cell (before, r, "Overdue"), ==, "Yes");
  g_assert_cmpstr (cell (before, r, "Days open"), ==, "61");
  g_assert_cmpstr (cell (before, r, "Closed on"), ==, "");
  /* A formula stays text. */
  g_assert_cmpstr (cell (before, r, "Owner"), ==, "'" FORMULA_OWNER);

  after = export_csv (f, PSEMS_REGISTER_FINDINGS, f->facility, "2025-09-01", &n_rows);
  r = row_of (after, f->finding_ref);
  g_assert_cmpuint (r, >, 0);
  g_assert_cmpstr (cell (after, r, "Status"), ==, psems_finding_status_label ("closed"));
  g_assert_cmpstr (cell (after, r, "Closed on"), ==, "2025-06-01");
  g_assert_cmpstr (cell (after, r, "Closed by"), ==, "Ana Ruiz");
  g_assert_cmpstr (cell (after, r, "Corrective action"), ==,
                   "Badge revocation synchronised hourly");
  g_assert_cmpstr (cell (after, r, "Overdue"), ==, "No");
  g_assert_cmpstr (cell (after, r, "Days open"), ==, "92");

  /* Every facility, and a day before anything was raised. */
  all = export_csv (f, PSEMS_REGISTER_FINDINGS, 0, "2025-09-01", &n_rows);
  g_assert_cmpuint (n_rows, ==, 2);
  g_assert_cmpstr (cell (all, row_of (all, f->other_finding_ref), "Facility"), ==, "WCT");
  g_clear_pointer (&all, g_ptr_array_unref);
  all = export_csv (f, PSEMS_REGISTER_FINDINGS, 0, "2025-02-01", &n_rows);
  g_assert_cmpuint (n_rows, ==, 0);
  g_assert_cmpuint (all->len, ==, 1);
}

static void
test_controls_csv (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GPtrArray) rows = NULL;
  guint n_rows = 0;
  guint r;

  rows = export_csv (f, PSEMS_REGISTER_CONTROLS, f->facility, NULL, &n_rows);
  g_assert_cmpuint (n_rows, ==, 1);
  r = row_of (rows, f->control_ref);
  g_assert_cmpuint (r, ==, 1);
  g_assert_cmpstr (cell (rows, r, "Name"), ==, "Perimeter fence");
  g_assert_cmpstr (cell (rows, r, "Layer"), ==, "1");
  g_assert_cmpstr (cell (rows, r, "Domain"), ==, psems_control_domain_label ("physical"));
  g_assert_cmpstr (cell (rows, r, "Function"), ==, psems_control_function_label ("deter"));
  g_assert_cmpstr (cell (rows, r, "Status"), ==, psems_control_status_label ("implemented"));
  g_assert_cmpstr (cell (rows, r, "Effectiveness (%)"), ==, "80");
  g_assert_cmpstr (cell (rows, r, "Regulations"), ==, "ISPS A/16.3.2");
  g_assert_cmpstr (cell (rows, r, "Degraded"), ==, "No");
}

static void
test_schedule_csv (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GPtrArray) rows = NULL;
  guint n_rows = 0;

  rows = export_csv (f, PSEMS_REGISTER_SCHEDULE, f->facility, "2025-09-01", &n_rows);
  g_assert_cmpuint (n_rows, ==, 3);
  /* Oldest deadline first: on time, late (with its evidence), missed. */
  g_assert_cmpstr (cell (rows, 1, "Due"), ==, "2025-04-02");
  g_assert_cmpstr (cell (rows, 1, "Done"), ==, "2025-01-20");
  g_assert_cmpstr (cell (rows, 1, "Outcome"), ==, "On time");
  g_assert_cmpstr (cell (rows, 1, "Days late"), ==, "0");
  g_assert_cmpstr (cell (rows, 1, "Evidence files"), ==, "0");
  g_assert_nonnull (strstr (cell (rows, 1, "Regime / rule"), "B/18.5"));
  g_assert_cmpstr (cell (rows, 2, "Due"), ==, "2025-04-20");
  g_assert_cmpstr (cell (rows, 2, "Done"), ==, "2025-04-29");
  g_assert_cmpstr (cell (rows, 2, "Outcome"), ==, "Late");
  g_assert_cmpstr (cell (rows, 2, "Days late"), ==, "9");
  g_assert_cmpstr (cell (rows, 2, "Completion"), ==, f->late_ref);
  g_assert_cmpstr (cell (rows, 2, "Evidence files"), ==, "1");
  g_assert_cmpstr (cell (rows, 3, "Due"), ==, "2025-07-29");
  g_assert_cmpstr (cell (rows, 3, "Done"), ==, "");
  g_assert_cmpstr (cell (rows, 3, "Outcome"), ==, "Missed");
  g_assert_cmpstr (cell (rows, 3, "Days late"), ==, "34");
  g_assert_cmpstr (cell (rows, 3, "Item"), ==, cell (rows, 1, "Item"));

  /* As of the day of the late drill, it had just been done late; nothing was missed yet. */
  g_clear_pointer (&rows, g_ptr_array_unref);
  rows = export_csv (f, PSEMS_REGISTER_SCHEDULE, f->facility, "2025-04-29", &n_rows);
  g_assert_cmpuint (n_rows, ==, 2);
  g_assert_cmpstr (cell (rows, 2, "Outcome"), ==, "Late");
  /* Other facilities have none. */
  g_clear_pointer (&rows, g_ptr_array_unref);
  rows = export_csv (f, PSEMS_REGISTER_SCHEDULE, f->other, "2025-09-01", &n_rows);
  g_assert_cmpuint (n_rows, ==, 0);
}

/* ───────────────────────────── XLSX ───────────────────────────── */

static char *
unzip_member (const char *path,
              const char *member)
{
  g_autoptr(GError) error = NULL;
  const char *argv[] = { "unzip", "-p", path, member, NULL };
  char *out = NULL;
  int status = 0;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                NULL, NULL, &out, NULL, &status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  g_assert_nonnull (out);
  g_assert_cmpuint (strlen (out), >, 0);
  return out;
}

/* Text as libxlsxwriter writes it in an element: &, < and > escaped, quotes as they are. */
static char *
xml_escape (const char *text)
{
  GString *out = g_string_new (NULL);

  for (const char *p = text; *p != '\0'; p++)
    switch (*p)
      {
      case '&': g_string_append (out, "&amp;"); break;
      case '<': g_string_append (out, "&lt;"); break;
      case '>': g_string_append (out, "&gt;"); break;
      default: g_string_append_c (out, *p); break;
      }
  return g_string_free (out, FALSE);
}

/* The index of @text in the shared strings, -1 when absent. */
static int
shared_string_index (const char *strings,
                     const char *text)
{
  g_autofree char *escaped = xml_escape (text);
  g_autofree char *wanted = g_strdup_printf ("<t>%s</t>", escaped);
  g_autofree char *wanted_space = g_strdup_printf ("<t xml:space=\"preserve\">%s</t>", escaped);
  const char *p = strstr (strings, "<si>");
  int index = 0;

  for (; p != NULL; p = strstr (p + 1, "<si>"), index++)
    if (g_str_has_prefix (p + 4, wanted) || g_str_has_prefix (p + 4, wanted_space))
      return index;
  return -1;
}

/* Excel's serial day number of @iso (1900 date system). */
static guint
excel_day (const char *iso)
{
  GDate date, epoch;

  g_date_clear (&date, 1);
  g_date_clear (&epoch, 1);
  g_date_set_parse (&date, iso);
  g_date_set_dmy (&epoch, 30, G_DATE_DECEMBER, 1899);
  return g_date_get_julian (&date) - g_date_get_julian (&epoch);
}

/* Whether cell style @index of styles.xml shows numbers with the format @code. */
static gboolean
style_has_format (const char *styles,
                  guint       index,
                  const char *code)
{
  g_autofree char *wanted = g_strdup_printf ("formatCode=\"%s\"", code);
  const char *format = strstr (styles, wanted);
  const char *xf = strstr (styles, "<cellXfs");
  g_autofree char *id = NULL;
  g_autofree char *uses = NULL;
  const char *end;

  if (format == NULL || xf == NULL)
    return FALSE;
  /* <numFmt numFmtId="164" formatCode="yyyy-mm-dd"/> */
  while (format > styles && !g_str_has_prefix (format, "numFmtId=\""))
    format--;
  end = strchr (format + 10, '"');
  id = g_strndup (format + 10, end - format - 10);
  for (guint i = 0; i <= index; i++)
    {
      xf = strstr (xf + 1, "<xf ");
      if (xf == NULL)
        return FALSE;
    }
  uses = g_strdup_printf ("numFmtId=\"%s\"", id);
  end = strchr (xf, '>');
  return g_strstr_len (xf, end - xf, uses) != NULL;
}

/* The style index of @cell, which must be a styled number. */
static guint
date_style_of (const char *sheet,
               const char *cell)
{
  g_autofree char *prefix = g_strdup_printf ("<c r=\"%s\" s=\"", cell);
  const char *at = strstr (sheet, prefix);

  g_assert_nonnull (at);
  return (guint) g_ascii_strtoull (at + strlen (prefix), NULL, 10);
}

static void
test_findings_xlsx (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->dir, "findings.XLSX", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *sheet = NULL;
  g_autofree char *about = NULL;
  g_autofree char *strings = NULL;
  g_autofree char *styles = NULL;
  g_autofree char *ref_cell = NULL;
  g_autofree char *header_cell = NULL;
  g_autofree char *date_cell = NULL;
  g_autoptr(GRegex) date_style = NULL;
  g_autoptr(GMatchInfo) match = NULL;
  g_autofree char *serial = NULL;
  guint n_rows = 0;
  int ref_index;

  g_assert_true (psems_register_export (f->store, f->actor, PSEMS_REGISTER_FINDINGS, f->facility,
                                        "2025-05-01", path, &n_rows, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_rows, ==, 1);

  sheet = unzip_member (path, "xl/worksheets/sheet1.xml");
  strings = unzip_member (path, "xl/sharedStrings.xml");
  styles = unzip_member (path, "xl/styles.xml");
  about = unzip_member (path, "xl/worksheets/sheet2.xml");

  /* The header: bold (a style with a bold font), frozen, filtered over every row. */
  g_assert_cmpint (shared_string_index (strings, "Reference"), >=, 0);
  g_assert_cmpint (shared_string_index (strings, "Corrective action"), >=, 0);
  header_cell = g_strdup ("<c r=\"A1\" s=\"");
  g_assert_nonnull (strstr (sheet, header_cell));
  g_assert_nonnull (strstr (styles, "<b/>"));
  g_assert_nonnull (strstr (sheet, "state=\"frozen\""));
  g_assert_nonnull (strstr (sheet, "ySplit=\"1\""));
  g_assert_nonnull (strstr (sheet, "<autoFilter ref=\"A1:W2\""));
  g_assert_nonnull (strstr (sheet, "customWidth=\"1\""));

  /* The finding's reference is a string cell of row 2; its title kept whole. */
  ref_index = shared_string_index (strings, f->finding_ref);
  g_assert_cmpint (ref_index, >=, 0);
  ref_cell = g_strdup_printf ("<c r=\"A2\" t=\"s\"><v>%d</v></c>", ref_index);
  g_assert_nonnull (strstr (sheet, ref_cell));
  g_assert_cmpint (shared_string_index (strings, FINDING_TITLE), >=, 0);

  /* Raised on (column K) is a number with a date style; days open (column O) a plain number. */
  date_style = g_regex_new ("<c r=\"K2\" s=\"([0-9]+)\"><v>([0-9]+)</v></c>", 0, 0, NULL);
  g_assert_true (g_regex_match (date_style, sheet, 0, &match));
  serial = g_match_info_fetch (match, 2);
  g_assert_cmpuint (g_ascii_strtoull (serial, NULL, 10), ==, excel_day ("2025-03-01"));
  g_assert_true (style_has_format (styles, date_style_of (sheet, "K2"), "yyyy-mm-dd"));
  g_assert_nonnull (strstr (sheet, "<c r=\"O2\" s="));
  g_assert_nonnull (strstr (sheet, "<v>61</v>"));

  /* The About sheet: facility, as of (a date), generator. */
  g_assert_cmpint (shared_string_index (strings, "ECT — Eastern Container Terminal"), >=, 0);
  g_assert_cmpint (shared_string_index (strings, "PSeMS " PACKAGE_VERSION), >=, 0);
  date_cell = g_strdup_printf ("<v>%u</v>", excel_day ("2025-05-01"));
  g_assert_nonnull (strstr (about, date_cell));
}

static void
test_schedule_xlsx (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->dir, "schedule.xlsx", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *sheet = NULL;
  g_autofree char *strings = NULL;
  g_autofree char *due = NULL;
  guint n_rows = 0;

  g_assert_true (psems_register_export (f->store, f->actor, PSEMS_REGISTER_SCHEDULE, f->facility,
                                        "2025-09-01", path, &n_rows, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_rows, ==, 3);
  sheet = unzip_member (path, "xl/worksheets/sheet1.xml");
  strings = unzip_member (path, "xl/sharedStrings.xml");
  g_assert_cmpint (shared_string_index (strings, "Missed"), >=, 0);
  g_assert_cmpint (shared_string_index (strings, f->late_ref), >=, 0);
  /* The missed deadline's due day (column F, row 4) is a date; its done cell is empty. */
  due = g_strdup_printf ("<c r=\"F4\" s=\"%u\"><v>%u</v></c>", date_style_of (sheet, "F2"),
                         excel_day ("2025-07-29"));
  g_assert_nonnull (strstr (sheet, due));
  g_assert_null (strstr (sheet, "<c r=\"G4\""));
  g_assert_nonnull (strstr (sheet, "<autoFilter ref=\"A1:K4\""));
}

/* ───────────────────────────── refusals ───────────────────────────── */

static guint
count_entries (const char *dir)
{
  g_autoptr(GDir) handle = g_dir_open (dir, 0, NULL);
  guint n = 0;

  g_assert_nonnull (handle);
  while (g_dir_read_name (handle) != NULL)
    n++;
  return n;
}

static void
test_failed_writes (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *missing = g_build_filename (f->dir, "missing", "findings.xlsx", NULL);
  g_autofree char *missing_csv = g_build_filename (f->dir, "missing", "findings.csv", NULL);
  g_autofree char *wrong = g_build_filename (f->dir, "findings.ods", NULL);
  g_autofree char *kept = NULL;
  g_autoptr(GBytes) before = NULL;
  g_autoptr(GBytes) after = NULL;
  guint n_entries = count_entries (f->dir);
  PsemsRegisterFormat format;
  GError *error = NULL;

  for (guint k = 0; k < PSEMS_REGISTER_N_KINDS; k++)
    {
      g_assert_false (psems_register_export (f->store, f->actor, k, f->facility, NULL, missing,
                                             NULL, &error));
      g_assert_error (error, PSEMS_ERROR, PSEMS_ERROR_FAILED);
      g_assert_nonnull (strstr (error->message, missing));
      g_clear_error (&error);
      g_assert_false (psems_register_export (f->store, f->actor, k, f->facility, NULL,
                                             missing_csv, NULL, &error));
      g_assert_error (error, PSEMS_ERROR, PSEMS_ERROR_FAILED);
      g_assert_nonnull (strstr (error->message, missing_csv));
      g_clear_error (&error);
    }
  g_assert_false (g_file_test (missing, G_FILE_TEST_EXISTS));

  g_assert_false (psems_register_export (f->store, f->actor, PSEMS_REGISTER_FINDINGS, 0, NULL,
                                         wrong, NULL, &error));
  g_assert_error (error, PSEMS_ERROR, PSEMS_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, wrong));
  g_clear_error (&error);

  /* A bad day or facility refuses before writing: an older file stays as it was. */
  kept = psems_test_write_file (f->dir, "kept.csv", "an older register\r\n");
  before = psems_test_read_file (kept);
  g_assert_false (psems_register_export (f->store, f->actor, PSEMS_REGISTER_FINDINGS, 0,
                                         "2025-02-30", kept, NULL, &error));
  g_assert_error (error, PSEMS_ERROR, PSEMS_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "2025-02-30"));
  g_clear_error (&error);
  g_assert_false (psems_register_export (f->store, f->actor, PSEMS_REGISTER_FINDINGS, 9999, NULL,
                                         kept, NULL, &error));
  g_assert_error (error, PSEMS_ERROR, PSEMS_ERROR_NOT_FOUND);
  g_clear_error (&error);
  after = psems_test_read_file (kept);
  g_assert_true (g_bytes_equal (before, after));
  /* Nothing else was left behind: no temporary files. */
  g_assert_cmpuint (count_entries (f->dir), ==, n_entries + 1);

  /* Formats by extension, in any case. */
  g_assert_true (psems_register_format_from_path ("a/b.CSV", &format));
  g_assert_cmpint (format, ==, PSEMS_REGISTER_CSV);
  g_assert_true (psems_register_format_from_path ("b.Xlsx", &format));
  g_assert_cmpint (format, ==, PSEMS_REGISTER_XLSX);
  g_assert_false (psems_register_format_from_path ("xlsx", &format));
  g_assert_false (psems_register_format_from_path ("a.xlsx/b", &format));
}

static void
test_kinds (void)
{
  for (guint k = 0; k < PSEMS_REGISTER_N_KINDS; k++)
    {
      PsemsRegisterKind kind = PSEMS_REGISTER_N_KINDS;

      g_assert_true (psems_register_kind_from_string (psems_register_kind_to_string (k), &kind));
      g_assert_cmpint (kind, ==, k);
      g_assert_cmpuint (strlen (psems_register_kind_get_title (k)), >, 0);
    }
  {
    PsemsRegisterKind kind;

    g_assert_true (psems_register_kind_from_string ("Schedule", &kind));
    g_assert_cmpint (kind, ==, PSEMS_REGISTER_SCHEDULE);
    g_assert_false (psems_register_kind_from_string ("threats", &kind));
    g_assert_false (psems_register_kind_from_string (NULL, &kind));
  }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  g_test_add_func ("/register/kinds", test_kinds);
  ADD ("/register/findings-csv", test_findings_csv);
  ADD ("/register/controls-csv", test_controls_csv);
  ADD ("/register/schedule-csv", test_schedule_csv);
  ADD ("/register/findings-xlsx", test_findings_xlsx);
  ADD ("/register/schedule-xlsx", test_schedule_xlsx);
  ADD ("/register/failed-writes", test_failed_writes);
#undef ADD

  return g_test_run ();
}
