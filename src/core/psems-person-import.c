/* psems-person-import.c — CSV import and export of persons and trainings (libcsv, RFC 4180). */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <csv.h>
#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>

#include "psems-error.h"
#include "psems-person-import.h"
#include "psems-person-private.h"
#include "psems-ref.h"
#include "psems-store-private.h"
#include "psems-transaction.h"

/*
 * The file is read twice, streaming: the first pass validates every record
 * against the file and the database (nothing is written), the second writes
 * the valid records in one transaction with one audit entry. Only the badge
 * numbers are held in memory between them. The second pass checks the file's
 * SHA-256 again, so a file changed in between writes nothing.
 *
 * libcsv does not report positions, so the file is fed to it one physical
 * line at a time; a record starts on the line being fed when the parser is
 * between records (libcsv's ROW_NOT_BEGUN state, 0) and no field of it has
 * been seen. Blank lines are skipped by libcsv and counted here.
 */

#define CSV_ROW_NOT_BEGUN 0
#define READ_BLOCK (256 * 1024)
#define CHECK_EVERY 1024

typedef enum
{
  COL_BADGE_NO, COL_GIVEN_NAME, COL_FAMILY_NAME, COL_DISPLAY_NAME, COL_EMPLOYER, COL_JOB_TITLE,
  COL_NATIONALITY, COL_DATE_OF_BIRTH, COL_EMAIL, COL_PHONE, COL_VETTING_LEVEL, COL_VETTING_STATUS,
  COL_VETTING_ISSUED, COL_VETTING_EXPIRES, COL_VETTING_AUTHORITY, COL_VETTING_REF, COL_AREAS,
  N_PERSON_COLS
} PersonCol;

static const char * const person_cols[] = {
  "badge_no", "given_name", "family_name", "display_name", "employer", "job_title", "nationality",
  "date_of_birth", "email", "phone", "vetting_level", "vetting_status", "vetting_issued",
  "vetting_expires", "vetting_authority", "vetting_ref", "areas", NULL
};
static const gboolean person_required[] = { TRUE, TRUE, TRUE, FALSE, TRUE };

typedef enum
{
  TCOL_BADGE_NO, TCOL_COURSE, TCOL_COMPLETED_ON, TCOL_EXPIRES_ON, TCOL_PROVIDER, N_TRAINING_COLS
} TrainingCol;

static const char * const training_cols[] = { "badge_no", "course", "completed_on", "expires_on", "provider", NULL };
static const gboolean training_required[] = { TRUE, TRUE, TRUE };

G_STATIC_ASSERT (G_N_ELEMENTS (person_cols) == N_PERSON_COLS + 1);
G_STATIC_ASSERT (G_N_ELEMENTS (training_cols) == N_TRAINING_COLS + 1);

typedef struct _Import Import;
typedef void     (*ValidateFunc) (Import *im, char **v);
typedef gboolean (*WriteFunc)    (Import *im, char **v, GError **error);

typedef struct
{
  gint64 id;
  int validity_months;
} Known;

struct _Import
{
  PsemsStore *store;
  PsemsTransaction *txn;
  const char *path;
  char *file;                 /* basename for problems */
  PsemsImportMode mode;
  PsemsImportFlags flags;
  GCancellable *cancellable;
  PsemsImportProgressFunc progress;
  gpointer progress_data;
  gboolean trainings;

  const char * const *cols;
  const gboolean *required;
  guint n_required;
  guint n_cols;
  ValidateFunc validate;
  WriteFunc write;

  /* parsing */
  struct csv_parser parser;
  GPtrArray *fields;          /* of the record being read */
  guint line;                 /* the physical line being fed */
  guint record_line;          /* where the record being read started */
  gboolean in_record;
  gboolean header_done;
  int *col_of;                /* column index → our column, -1 unknown */
  guint n_header;
  int pos_of[N_PERSON_COLS];  /* our column → index in the record, -1 absent */
  guint record_no;            /* data records seen in this pass */
  gboolean fatal;
  gboolean pass_write;
  GError *error;              /* a write or I/O failure stops the pass */
  guint64 bytes_done;
  guint64 bytes_total;

  /* validation */
  GHashTable *badges;         /* badge → first line (pass 1) */
  GHashTable *levels;         /* code → Known */
  GHashTable *areas;          /* code and FACILITY:CODE → Known (id 0: ambiguous) */
  GHashTable *courses;        /* code → Known */
  GHashTable *rejected;       /* record numbers rejected */
  guint row_problems;         /* problems of the current record */
  GString *row_reasons;
  FILE *rejects;

  /* writing */
  int year;
  char *now;
  char today[16];
  gint64 next_person_ref;
  gint64 next_vetting_ref;

  PsemsImportReport *report;
};

/* ───────────────────────────── report ───────────────────────────── */

void
psems_import_problem_free (PsemsImportProblem *problem)
{
  if (problem == NULL)
    return;
  g_free (problem->file);
  g_free (problem->field);
  g_free (problem->reason);
  g_free (problem);
}

/* "file:line: field: reason" (no line for a problem of the whole file). */
char *
psems_import_problem_format (const PsemsImportProblem *problem)
{
  g_return_val_if_fail (problem != NULL, NULL);
  if (problem->line == 0)
    return g_strdup_printf ("%s: %s: %s", problem->file, problem->field, problem->reason);
  return g_strdup_printf ("%s:%u: %s: %s", problem->file, problem->line, problem->field, problem->reason);
}

void
psems_import_report_free (PsemsImportReport *report)
{
  if (report == NULL)
    return;
  g_free (report->sha256);
  g_clear_pointer (&report->problems, g_ptr_array_unref);
  g_free (report);
}

static void add_problem (Import *im, guint line, const char *field, const char *format, ...) G_GNUC_PRINTF (4, 5);

static void
add_problem (Import     *im,
             guint       line,
             const char *field,
             const char *format,
             ...)
{
  PsemsImportProblem *problem = g_new0 (PsemsImportProblem, 1);
  va_list args;

  problem->file = g_strdup (im->file);
  problem->line = line;
  problem->field = g_strdup (field);
  va_start (args, format);
  problem->reason = g_strdup_vprintf (format, args);
  va_end (args);
  if (im->row_reasons != NULL)
    {
      if (im->row_reasons->len > 0)
        g_string_append (im->row_reasons, "; ");
      g_string_append_printf (im->row_reasons, "%s: %s", field, problem->reason);
    }
  im->row_problems++;
  g_ptr_array_add (im->report->problems, problem);
}

/* ───────────────────────────── CSV writing ───────────────────────────── */

static void
append_csv_field (GString    *out,
                  const char *text)
{
  if (text == NULL)
    return;
  if (strpbrk (text, ",\"\r\n") == NULL)
    {
      g_string_append (out, text);
      return;
    }
  g_string_append_c (out, '"');
  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
}

/* ───────────────────────────── parsing ───────────────────────────── */

static const char *
value (Import  *im,
       char   **v,
       int      col)
{
  int pos = im->pos_of[col];

  return pos >= 0 ? v[pos] : NULL;
}

static void
handle_header (Import *im)
{
  gboolean seen[N_PERSON_COLS] = { FALSE, };

  im->n_header = im->fields->len;
  for (guint c = 0; c < N_PERSON_COLS; c++)
    im->pos_of[c] = -1;
  for (guint i = 0; i < im->fields->len; i++)
    {
      const char *name = im->fields->pdata[i];
      int found = -1;

      for (guint c = 0; name != NULL && c < im->n_cols; c++)
        if (g_ascii_strcasecmp (im->cols[c], name) == 0)
          found = (int) c;
      if (found < 0)
        {
          if (!im->pass_write)
            add_problem (im, im->record_line, "header", _("unknown column “%s” (known: see the documentation)"),
                         name != NULL ? name : "");
          im->fatal = TRUE;
        }
      else if (seen[found])
        {
          if (!im->pass_write)
            add_problem (im, im->record_line, "header", _("column “%s” appears twice"), name);
          im->fatal = TRUE;
        }
      else
        {
          seen[found] = TRUE;
          im->pos_of[found] = (int) i;
        }
    }
  for (guint c = 0; c < im->n_required; c++)
    if (im->required[c] && !seen[c])
      {
        if (!im->pass_write)
          add_problem (im, im->record_line, "header", _("the required column “%s” is missing"), im->cols[c]);
        im->fatal = TRUE;
      }
}

static void
write_reject (Import *im,
              char  **v,
              guint   n)
{
  g_autoptr(GString) out = g_string_new (NULL);

  for (guint i = 0; i < n; i++)
    {
      append_csv_field (out, v[i]);
      g_string_append_c (out, ',');
    }
  append_csv_field (out, im->row_reasons->str);
  g_string_append (out, "\r\n");
  fwrite (out->str, 1, out->len, im->rejects);
}

static void
handle_record (Import *im)
{
  char **v = (char **) im->fields->pdata;
  guint n = im->fields->len;

  if (!im->header_done)
    {
      im->header_done = TRUE;
      handle_header (im);
      if (im->rejects != NULL && !im->fatal)
        {
          g_autoptr(GString) out = g_string_new (NULL);

          for (guint i = 0; i < n; i++)
            {
              append_csv_field (out, v[i]);
              g_string_append_c (out, ',');
            }
          g_string_append (out, "reason\r\n");
          fwrite (out->str, 1, out->len, im->rejects);
        }
      return;
    }
  im->record_no++;
  if (!im->pass_write)
    {
      gboolean utf8_ok = TRUE;

      im->report->rows_read++;
      im->row_problems = 0;
      g_string_truncate (im->row_reasons, 0);
      if (n != im->n_header)
        add_problem (im, im->record_line, "record", _("has %u fields, the header has %u"), n, im->n_header);
      for (guint i = 0; i < MIN (n, im->n_header); i++)
        if (v[i] != NULL && !g_utf8_validate (v[i], -1, NULL))
          {
            add_problem (im, im->record_line, im->cols[im->col_of[i]], _("not valid UTF-8"));
            utf8_ok = FALSE;
          }
      if (n == im->n_header && utf8_ok)
        im->validate (im, v);
      if (im->row_problems > 0)
        {
          im->report->rejected++;
          g_hash_table_add (im->rejected, GUINT_TO_POINTER (im->record_no));
          if (im->rejects != NULL)
            write_reject (im, v, n);
        }
    }
  else if (!g_hash_table_contains (im->rejected, GUINT_TO_POINTER (im->record_no)))
    {
      if (!im->write (im, v, &im->error))
        im->fatal = TRUE;
    }
}

static void
field_cb (void   *s,
          size_t  len,
          void   *data)
{
  Import *im = data;
  char *text = NULL;

  if (s != NULL)
    {
      text = g_strstrip (g_strndup (s, len));
      if (*text == '\0')
        g_clear_pointer (&text, g_free);
    }
  im->in_record = TRUE;
  g_ptr_array_add (im->fields, text);
}

static void
record_cb (int   c,
           void *data)
{
  Import *im = data;

  if (im->fatal)
    return;
  /* The columns by record position, for naming fields in problems. */
  if (im->header_done && im->col_of == NULL)
    {
      im->col_of = g_new0 (int, MAX (im->n_header, 1));
      for (guint i = 0; i < im->n_header; i++)
        im->col_of[i] = 0;
      for (guint c2 = 0; c2 < im->n_cols; c2++)
        if (im->pos_of[c2] >= 0)
          im->col_of[im->pos_of[c2]] = (int) c2;
    }
  handle_record (im);
  g_ptr_array_set_size (im->fields, 0);
  im->in_record = FALSE;
}

static void
feed_line (Import     *im,
           const char *s,
           gsize       len)
{
  if (!im->in_record && im->parser.pstate == CSV_ROW_NOT_BEGUN)
    im->record_line = im->line;
  if (csv_parse (&im->parser, s, len, field_cb, record_cb, im) != len)
    {
      if (!im->pass_write)
        add_problem (im, im->record_line, "record", _("malformed quoting near line %u: %s"), im->line,
                     csv_strerror (csv_error (&im->parser)));
      im->fatal = TRUE;
    }
}

static gboolean
report_progress (Import *im)
{
  if (im->progress != NULL)
    im->progress (im->bytes_done, im->bytes_total, im->progress_data);
  return !g_cancellable_set_error_if_cancelled (im->cancellable, &im->error);
}

/* One pass over the file; returns its SHA-256 or NULL (im->error set, or fatal). */
static char *
run_pass (Import *im)
{
  g_autoptr(GChecksum) sha = g_checksum_new (G_CHECKSUM_SHA256);
  g_autofree char *block = g_malloc (READ_BLOCK);
  g_autoptr(GString) pending = g_string_new (NULL);   /* a line split over blocks */
  FILE *fp;
  gboolean first = TRUE;
  gsize n;
  guint since_check = 0;

  fp = g_fopen (im->path, "rb");
  if (fp == NULL)
    {
      int saved = errno;
      g_set_error (&im->error, G_IO_ERROR, g_io_error_from_errno (saved), _("Cannot read “%s”: %s"),
                   im->path, g_strerror (saved));
      return NULL;
    }
  csv_init (&im->parser, CSV_STRICT | CSV_STRICT_FINI);
  im->fields = g_ptr_array_new_with_free_func (g_free);
  im->line = 1;
  im->record_line = 1;
  im->in_record = FALSE;
  im->header_done = FALSE;
  im->record_no = 0;
  g_clear_pointer (&im->col_of, g_free);

  while (!im->fatal && im->error == NULL && (n = fread (block, 1, READ_BLOCK, fp)) > 0)
    {
      const char *p = block;
      const char *end = block + n;

      g_checksum_update (sha, (const guchar *) block, n);
      im->bytes_done += n;
      if (first)
        {
          first = FALSE;
          if (n >= 3 && memcmp (p, "\xEF\xBB\xBF", 3) == 0)
            p += 3;
        }
      while (p < end && !im->fatal)
        {
          const char *nl = memchr (p, '\n', (gsize) (end - p));

          if (nl == NULL)
            {
              g_string_append_len (pending, p, end - p);
              break;
            }
          if (pending->len > 0)
            {
              g_string_append_len (pending, p, nl + 1 - p);
              feed_line (im, pending->str, pending->len);
              g_string_truncate (pending, 0);
            }
          else
            feed_line (im, p, (gsize) (nl + 1 - p));
          im->line++;
          p = nl + 1;
          if (++since_check >= CHECK_EVERY * 8)
            {
              since_check = 0;
              if (!report_progress (im))
                break;
            }
        }
    }
  if (ferror (fp) && im->error == NULL)
    g_set_error (&im->error, G_IO_ERROR, G_IO_ERROR_FAILED, _("Cannot read “%s”"), im->path);
  fclose (fp);
  if (!im->fatal && im->error == NULL)
    {
      if (pending->len > 0)
        feed_line (im, pending->str, pending->len);
      if (!im->fatal && csv_fini (&im->parser, field_cb, record_cb, im) != 0)
        {
          if (!im->pass_write)
            add_problem (im, im->record_line, "record", _("a quoted field is not closed before the end of the file"));
          im->fatal = TRUE;
        }
    }
  csv_free (&im->parser);
  g_clear_pointer (&im->fields, g_ptr_array_unref);
  if (!im->fatal && im->error == NULL && !im->header_done)
    {
      if (!im->pass_write)
        add_problem (im, 0, "file", _("the file is empty: a header row is required"));
      im->fatal = TRUE;
    }
  if (im->fatal || im->error != NULL)
    return NULL;
  return g_strdup (g_checksum_get_string (sha));
}

/* ───────────────────────────── validation ───────────────────────────── */

static void
check_date (Import     *im,
            const char *field,
            const char *text)
{
  if (text != NULL && !psems_person_parse_date (text, NULL))
    add_problem (im, im->record_line, field, _("“%s” is not a date (YYYY-MM-DD)"), text);
}

static gboolean
badge_in_database (Import     *im,
                   const char *badge)
{
  g_autoptr(PsemsCachedStmt) stmt = psems_store_prepare (im->store, "SELECT 1 FROM person WHERE badge_no = ?1",
                                                         NULL);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, badge, -1, SQLITE_STATIC);
  return sqlite3_step (stmt) == SQLITE_ROW;
}

static void
validate_person_row (Import  *im,
                     char   **v)
{
  const char *badge = value (im, v, COL_BADGE_NO);
  const char *nationality = value (im, v, COL_NATIONALITY);
  const char *email = value (im, v, COL_EMAIL);
  const char *level = value (im, v, COL_VETTING_LEVEL);
  const char *status = value (im, v, COL_VETTING_STATUS);
  const char *issued = value (im, v, COL_VETTING_ISSUED);
  const char *expires = value (im, v, COL_VETTING_EXPIRES);
  const char *areas = value (im, v, COL_AREAS);
  const Known *known_level = NULL;
  PsemsVettingStatus st = PSEMS_VETTING_PENDING;

  for (guint c = 0; c < G_N_ELEMENTS (person_required); c++)
    if (person_required[c] && value (im, v, c) == NULL)
      add_problem (im, im->record_line, person_cols[c], _("required"));

  if (badge != NULL)
    {
      gpointer first_line;

      if (g_hash_table_lookup_extended (im->badges, badge, NULL, &first_line))
        add_problem (im, im->record_line, "badge_no", _("“%s” appears also on line %u"), badge,
                     GPOINTER_TO_UINT (first_line));
      else
        {
          gboolean exists = badge_in_database (im, badge);

          g_hash_table_insert (im->badges, g_strdup (badge), GUINT_TO_POINTER (im->record_line));
          if (exists && im->mode == PSEMS_IMPORT_INSERT)
            add_problem (im, im->record_line, "badge_no", _("“%s” is already in the database"), badge);
        }
    }
  check_date (im, "date_of_birth", value (im, v, COL_DATE_OF_BIRTH));
  if (nationality != NULL && (strlen (nationality) != 2 || !g_ascii_isalpha (nationality[0]) ||
                              !g_ascii_isalpha (nationality[1])))
    add_problem (im, im->record_line, "nationality", _("“%s” is not a two-letter country code"), nationality);
  if (email != NULL)
    {
      const char *at = strchr (email, '@');

      if (at == NULL || at == email || at[1] == '\0')
        add_problem (im, im->record_line, "email", _("“%s” is not an e-mail address"), email);
    }

  if (level != NULL)
    {
      g_autofree char *upper = g_ascii_strup (level, -1);

      known_level = g_hash_table_lookup (im->levels, upper);
      if (known_level == NULL)
        add_problem (im, im->record_line, "vetting_level", _("“%s” is not a vetting level"), level);
    }
  if (status != NULL && !psems_vetting_status_from_string (status, &st))
    add_problem (im, im->record_line, "vetting_status",
                 _("“%s” is not a vetting status (pending, cleared, refused, suspended, revoked)"), status);
  else if (status != NULL && level == NULL)
    add_problem (im, im->record_line, "vetting_level", _("required with a vetting status"));
  check_date (im, "vetting_issued", issued);
  check_date (im, "vetting_expires", expires);
  if ((issued != NULL || expires != NULL) && level == NULL)
    add_problem (im, im->record_line, "vetting_level", _("required with vetting dates"));
  if (st == PSEMS_VETTING_CLEARED && level != NULL)
    {
      if (issued == NULL)
        add_problem (im, im->record_line, "vetting_issued", _("required for a cleared vetting"));
      if (expires == NULL && (known_level == NULL || known_level->validity_months <= 0))
        add_problem (im, im->record_line, "vetting_expires", _("required for a cleared vetting"));
    }
  if (issued != NULL && expires != NULL && psems_person_parse_date (issued, NULL) &&
      psems_person_parse_date (expires, NULL) && strcmp (expires, issued) <= 0)
    add_problem (im, im->record_line, "vetting_expires", _("not after vetting_issued"));

  if (areas != NULL)
    {
      g_auto(GStrv) codes = g_strsplit (areas, ";", -1);

      for (guint i = 0; codes[i] != NULL; i++)
        {
          g_autofree char *code = g_ascii_strup (g_strstrip (codes[i]), -1);
          const Known *area;

          if (*code == '\0')
            continue;
          area = g_hash_table_lookup (im->areas, code);
          if (area == NULL)
            add_problem (im, im->record_line, "areas", _("“%s” is not a restricted area"), code);
          else if (area->id == 0)
            add_problem (im, im->record_line, "areas",
                         _("“%s” names areas of several facilities: write FACILITY:AREA"), code);
        }
    }
}

static void
validate_training_row (Import  *im,
                       char   **v)
{
  const char *badge = value (im, v, TCOL_BADGE_NO);
  const char *course = value (im, v, TCOL_COURSE);
  const char *completed = value (im, v, TCOL_COMPLETED_ON);
  const char *expires = value (im, v, TCOL_EXPIRES_ON);

  for (guint c = 0; c < G_N_ELEMENTS (training_required); c++)
    if (training_required[c] && value (im, v, c) == NULL)
      add_problem (im, im->record_line, training_cols[c], _("required"));
  if (badge != NULL && !badge_in_database (im, badge))
    add_problem (im, im->record_line, "badge_no", _("no person has the badge “%s”"), badge);
  if (course != NULL)
    {
      g_autofree char *upper = g_ascii_strup (course, -1);

      if (!g_hash_table_contains (im->courses, upper))
        add_problem (im, im->record_line, "course", _("“%s” is not a training course"), course);
    }
  check_date (im, "completed_on", completed);
  check_date (im, "expires_on", expires);
  if (completed != NULL && expires != NULL && psems_person_parse_date (completed, NULL) &&
      psems_person_parse_date (expires, NULL) && strcmp (expires, completed) <= 0)
    add_problem (im, im->record_line, "expires_on", _("not after completed_on"));
}

static gboolean
load_known (Import      *im,
            GHashTable  *table,
            const char  *sql,
            GError     **error)
{
  g_autoptr(PsemsCachedStmt) stmt = psems_store_prepare (im->store, sql, error);

  if (stmt == NULL)
    return FALSE;
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      g_autofree char *code = g_ascii_strup ((const char *) sqlite3_column_text (stmt, 0), -1);
      Known *k = g_new0 (Known, 1);
      Known *old = g_hash_table_lookup (table, code);

      k->id = sqlite3_column_int64 (stmt, 1);
      k->validity_months = sqlite3_column_int (stmt, 2);
      if (old != NULL && old->id != k->id)
        k->id = 0;   /* the same code in two facilities */
      g_hash_table_replace (table, g_steal_pointer (&code), k);
    }
  return TRUE;
}

/* ───────────────────────────── writing ───────────────────────────── */

/* Reserves the next number of a reference counter in bulk: one counter
 * write per import, not one per row. */
static gboolean
reserve_refs (Import      *im,
              const char  *prefix,
              guint        count,
              gint64      *first,
              GError     **error)
{
  g_autoptr(PsemsCachedStmt) bump =
    psems_store_prepare (im->store, "INSERT INTO ref_counter (prefix, year, last) VALUES (?1, ?2, ?3)"
                                    " ON CONFLICT (prefix, year) DO UPDATE SET last = last + ?3", error);
  g_autoptr(PsemsCachedStmt) read = NULL;

  if (bump == NULL)
    return FALSE;
  sqlite3_bind_text (bump, 1, prefix, -1, SQLITE_STATIC);
  sqlite3_bind_int (bump, 2, im->year);
  sqlite3_bind_int64 (bump, 3, count);
  if (!psems_sql_step_done (im->store, bump, "reference counter", error))
    return FALSE;
  read = psems_store_prepare (im->store, "SELECT last FROM ref_counter WHERE prefix = ?1 AND year = ?2", error);
  if (read == NULL)
    return FALSE;
  sqlite3_bind_text (read, 1, prefix, -1, SQLITE_STATIC);
  sqlite3_bind_int (read, 2, im->year);
  if (sqlite3_step (read) != SQLITE_ROW)
    {
      psems_store_set_sqlite_error (im->store, error, "reference counter");
      return FALSE;
    }
  *first = sqlite3_column_int64 (read, 0) - count + 1;
  return TRUE;
}

static gboolean
write_vetting (Import      *im,
               gint64       person_id,
               char       **v,
               GError     **error)
{
  const char *level = value (im, v, COL_VETTING_LEVEL);
  const char *status = value (im, v, COL_VETTING_STATUS);
  const char *issued = value (im, v, COL_VETTING_ISSUED);
  const char *expires = value (im, v, COL_VETTING_EXPIRES);
  g_autofree char *upper = NULL;
  g_autofree char *derived = NULL;
  g_autofree char *ref = NULL;
  g_autofree char *status_lower = NULL;
  const Known *k;
  g_autoptr(PsemsCachedStmt) stmt = NULL;

  if (level == NULL)
    return TRUE;
  upper = g_ascii_strup (level, -1);
  k = g_hash_table_lookup (im->levels, upper);
  status_lower = g_ascii_strdown (status != NULL ? status : "pending", -1);
  if (expires == NULL && issued != NULL && k->validity_months > 0)
    {
      GDate d;
      char text[16];

      psems_person_parse_date (issued, &d);
      g_date_add_months (&d, (guint) k->validity_months);
      psems_person_format_date (&d, text);
      expires = derived = g_strdup (text);
    }

  if (im->mode == PSEMS_IMPORT_UPSERT)
    {
      /* The monthly refresh repeats unchanged vettings: only a new decision adds a row. */
      g_autoptr(PsemsCachedStmt) same =
        psems_store_prepare (im->store, "SELECT 1 FROM vetting WHERE person_id = ?1 AND deleted_at IS NULL"
                                        " AND level_id = ?2 AND status = ?3 AND issued_on IS ?4 AND expires_on IS ?5",
                             error);
      if (same == NULL)
        return FALSE;
      sqlite3_bind_int64 (same, 1, person_id);
      sqlite3_bind_int64 (same, 2, k->id);
      sqlite3_bind_text (same, 3, status_lower, -1, SQLITE_STATIC);
      psems_sql_bind_text (same, 4, issued);
      psems_sql_bind_text (same, 5, expires);
      if (sqlite3_step (same) == SQLITE_ROW)
        return TRUE;
      {
        gint64 first = 1;

        if (!reserve_refs (im, "VET", 1, &first, error))
          return FALSE;
        ref = psems_ref_format ("VET", im->year, first);
      }
    }
  else
    ref = psems_ref_format ("VET", im->year, im->next_vetting_ref++);

  stmt = psems_store_prepare (im->store,
                              "INSERT INTO vetting (ref, person_id, level_id, status, requested_on, issued_on,"
                              " expires_on, authority, authority_ref, created_at, updated_at)"
                              " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?10)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, ref, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, person_id);
  sqlite3_bind_int64 (stmt, 3, k->id);
  sqlite3_bind_text (stmt, 4, status_lower, -1, SQLITE_STATIC);
  psems_sql_bind_text (stmt, 5, issued != NULL ? issued : im->today);
  psems_sql_bind_text (stmt, 6, issued);
  psems_sql_bind_text (stmt, 7, expires);
  psems_sql_bind_text (stmt, 8, value (im, v, COL_VETTING_AUTHORITY));
  psems_sql_bind_text (stmt, 9, value (im, v, COL_VETTING_REF));
  psems_sql_bind_text (stmt, 10, im->now);
  return psems_sql_step_done (im->store, stmt, "vetting", error);
}

static gboolean
write_areas (Import      *im,
             gint64       person_id,
             char       **v,
             GError     **error)
{
  const char *areas = value (im, v, COL_AREAS);
  g_auto(GStrv) codes = NULL;

  if (areas == NULL)
    return TRUE;
  codes = g_strsplit (areas, ";", -1);
  for (guint i = 0; codes[i] != NULL; i++)
    {
      g_autofree char *code = g_ascii_strup (g_strstrip (codes[i]), -1);
      g_autoptr(PsemsCachedStmt) stmt = NULL;
      const Known *area;

      if (*code == '\0')
        continue;
      area = g_hash_table_lookup (im->areas, code);
      stmt = psems_store_prepare (im->store,
                                  "INSERT INTO person_area (person_id, area_id, granted_on) VALUES (?1, ?2, ?3)"
                                  " ON CONFLICT (person_id, area_id) DO UPDATE SET deleted_at = NULL"
                                  " WHERE deleted_at IS NOT NULL", error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, person_id);
      sqlite3_bind_int64 (stmt, 2, area->id);
      sqlite3_bind_text (stmt, 3, im->today, -1, SQLITE_STATIC);
      if (!psems_sql_step_done (im->store, stmt, "person_area", error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
write_person_row (Import  *im,
                  char   **v,
                  GError **error)
{
  const char *given = value (im, v, COL_GIVEN_NAME);
  const char *family = value (im, v, COL_FAMILY_NAME);
  const char *display = value (im, v, COL_DISPLAY_NAME);
  g_autofree char *display_default = NULL;
  g_autofree char *sort_name = psems_person_default_sort_name (given, family);
  g_autofree char *nationality = NULL;
  g_autoptr(PsemsCachedStmt) stmt = NULL;
  gint64 person_id = 0;
  int p;

  if (display == NULL)
    display = display_default = psems_person_default_display_name (given, family);
  if (value (im, v, COL_NATIONALITY) != NULL)
    nationality = g_ascii_strup (value (im, v, COL_NATIONALITY), -1);

  if (im->mode == PSEMS_IMPORT_UPSERT)
    {
      g_autoptr(PsemsCachedStmt) find =
        psems_store_prepare (im->store, "SELECT id FROM person WHERE badge_no = ?1", error);
      if (find == NULL)
        return FALSE;
      sqlite3_bind_text (find, 1, value (im, v, COL_BADGE_NO), -1, SQLITE_STATIC);
      if (sqlite3_step (find) == SQLITE_ROW)
        person_id = sqlite3_column_int64 (find, 0);
    }

  if (person_id != 0 && !psems_person_fts_remove (im->store, person_id, error))
    return FALSE;
  if (person_id != 0)
    stmt = psems_store_prepare (im->store,
                                "UPDATE person SET given_name = ?2, family_name = ?3, display_name = ?4,"
                                " sort_name = ?5, date_of_birth = ?6, nationality = ?7, email = ?8, phone = ?9,"
                                " employer = ?10, job_title = ?11, updated_at = ?13, deleted_at = NULL"
                                " WHERE badge_no = ?12", error);
  else
    stmt = psems_store_prepare (im->store,
                                "INSERT INTO person (ref, given_name, family_name, display_name, sort_name,"
                                " date_of_birth, nationality, email, phone, employer, job_title, badge_no,"
                                " created_at, updated_at)"
                                " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?13)", error);
  if (stmt == NULL)
    return FALSE;
  if (person_id == 0)
    {
      g_autofree char *ref = psems_ref_format ("PER", im->year, im->next_person_ref++);
      sqlite3_bind_text (stmt, 1, ref, -1, SQLITE_TRANSIENT);
    }
  p = 2;
  psems_sql_bind_text (stmt, p++, given);
  psems_sql_bind_text (stmt, p++, family);
  psems_sql_bind_text (stmt, p++, display);
  psems_sql_bind_text (stmt, p++, sort_name);
  psems_sql_bind_text (stmt, p++, value (im, v, COL_DATE_OF_BIRTH));
  psems_sql_bind_text (stmt, p++, nationality);
  psems_sql_bind_text (stmt, p++, value (im, v, COL_EMAIL));
  psems_sql_bind_text (stmt, p++, value (im, v, COL_PHONE));
  psems_sql_bind_text (stmt, p++, value (im, v, COL_EMPLOYER));
  psems_sql_bind_text (stmt, p++, value (im, v, COL_JOB_TITLE));
  psems_sql_bind_text (stmt, p++, value (im, v, COL_BADGE_NO));
  psems_sql_bind_text (stmt, p++, im->now);
  if (!psems_sql_step_done (im->store, stmt, "person", error))
    return FALSE;
  if (person_id == 0)
    {
      person_id = sqlite3_last_insert_rowid (psems_store_get_db (im->store));
      im->report->inserted++;
    }
  else
    im->report->updated++;
  if (!psems_person_fts_add (im->store, person_id, error))
    return FALSE;
  return write_vetting (im, person_id, v, error) && write_areas (im, person_id, v, error);
}

static gboolean
write_training_row (Import  *im,
                    char   **v,
                    GError **error)
{
  g_autofree char *upper = g_ascii_strup (value (im, v, TCOL_COURSE), -1);
  const Known *course = g_hash_table_lookup (im->courses, upper);
  const char *completed = value (im, v, TCOL_COMPLETED_ON);
  const char *expires = value (im, v, TCOL_EXPIRES_ON);
  g_autofree char *derived = NULL;
  g_autoptr(PsemsCachedStmt) stmt = NULL;

  if (expires == NULL && course->validity_months > 0)
    {
      GDate d;
      char text[16];

      psems_person_parse_date (completed, &d);
      g_date_add_months (&d, (guint) course->validity_months);
      psems_person_format_date (&d, text);
      expires = derived = g_strdup (text);
    }
  stmt = psems_store_prepare (im->store,
                              "INSERT INTO training_record (person_id, course_id, completed_on, expires_on, provider)"
                              " SELECT id, ?2, ?3, ?4, ?5 FROM person WHERE badge_no = ?1", error);
  if (stmt == NULL)
    return FALSE;
  psems_sql_bind_text (stmt, 1, value (im, v, TCOL_BADGE_NO));
  sqlite3_bind_int64 (stmt, 2, course->id);
  psems_sql_bind_text (stmt, 3, completed);
  psems_sql_bind_text (stmt, 4, expires);
  psems_sql_bind_text (stmt, 5, value (im, v, TCOL_PROVIDER));
  if (!psems_sql_step_done (im->store, stmt, "training_record", error))
    return FALSE;
  im->report->inserted++;
  return TRUE;
}

static char *
import_image (Import *im)
{
  GString *out = g_string_new ("{\"file\":");

  psems_sql_append_json_string (out, im->file);
  g_string_append_printf (out, ",\"inserted\":%u,\"rejected\":%u,\"rows\":%u,\"sha256\":",
                          im->report->inserted, im->report->rejected, im->report->rows_read);
  psems_sql_append_json_string (out, im->report->sha256);
  g_string_append_printf (out, ",\"updated\":%u}", im->report->updated);
  return g_string_free (out, FALSE);
}

/* ───────────────────────────── the import ───────────────────────────── */

static void
import_clear (Import *im)
{
  g_free (im->file);
  g_free (im->col_of);
  g_free (im->now);
  g_clear_pointer (&im->badges, g_hash_table_unref);
  g_clear_pointer (&im->levels, g_hash_table_unref);
  g_clear_pointer (&im->areas, g_hash_table_unref);
  g_clear_pointer (&im->courses, g_hash_table_unref);
  g_clear_pointer (&im->rejected, g_hash_table_unref);
  if (im->row_reasons != NULL)
    g_string_free (im->row_reasons, TRUE);
  if (im->rejects != NULL)
    fclose (im->rejects);
  g_clear_pointer (&im->error, g_error_free);
  g_clear_pointer (&im->report, psems_import_report_free);
}

static PsemsImportReport *
run_import (Import                   *im,
            PsemsActor               *actor,
            const char               *rejects_path,
            GError                  **error)
{
  const char *entity = im->trainings ? "training" : "person";
  g_autoptr(PsemsTransaction) txn = NULL;
  g_autofree char *sha = NULL;
  g_autofree char *sha2 = NULL;
  g_autofree char *image = NULL;
  guint valid;
  gint64 first = 1;
  gint64 cache_size;

  im->file = g_path_get_basename (im->path);
  im->report = g_new0 (PsemsImportReport, 1);
  im->report->problems = g_ptr_array_new_with_free_func ((GDestroyNotify) psems_import_problem_free);
  im->badges = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  im->levels = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  im->areas = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  im->courses = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  im->rejected = g_hash_table_new (NULL, NULL);
  im->row_reasons = g_string_new (NULL);
  im->now = psems_sql_now_stamp (&im->year);
  {
    g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
    g_autofree char *day = g_date_time_format (now, "%Y-%m-%d");
    g_strlcpy (im->today, day, sizeof im->today);
  }
  {
    struct stat st;
    if (g_stat (im->path, &st) == 0)
      im->bytes_total = (guint64) st.st_size * 2;
  }

  /* Permission first: a user who may not import learns it before the file is read. */
  if (!(im->flags & PSEMS_IMPORT_DRY_RUN) &&
      !psems_actor_check (actor, im->mode == PSEMS_IMPORT_UPSERT ? PSEMS_OP_UPDATE : PSEMS_OP_CREATE, entity, 0,
                          error))
    return NULL;

  if (!load_known (im, im->levels, "SELECT code, id, coalesce(validity_months, 0) FROM vetting_level"
                                   " WHERE deleted_at IS NULL", error) ||
      !load_known (im, im->courses, "SELECT code, id, coalesce(validity_months, 0) FROM training_course"
                                    " WHERE deleted_at IS NULL", error) ||
      !load_known (im, im->areas, "SELECT a.code, a.id, 0 FROM restricted_area a"
                                  " WHERE a.deleted_at IS NULL", error) ||
      !load_known (im, im->areas, "SELECT f.code || ':' || a.code, a.id, 0 FROM restricted_area a"
                                  " JOIN facility f ON f.id = a.facility_id WHERE a.deleted_at IS NULL", error))
    return NULL;

  if (rejects_path != NULL && (im->flags & PSEMS_IMPORT_SKIP_INVALID))
    {
      im->rejects = g_fopen (rejects_path, "wb");
      if (im->rejects == NULL)
        {
          int saved = errno;
          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), _("Cannot write “%s”: %s"),
                       rejects_path, g_strerror (saved));
          return NULL;
        }
    }

  /* Pass 1: validate everything, write nothing. */
  sha = run_pass (im);
  if (im->error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&im->error));
      return NULL;
    }
  im->report->sha256 = g_strdup (sha);
  valid = im->report->rows_read - im->report->rejected;
  if (im->fatal || (im->report->rejected > 0 && !(im->flags & PSEMS_IMPORT_SKIP_INVALID)))
    {
      g_set_error (error, PSEMS_ERROR, PSEMS_ERROR_INVALID,
                   g_dngettext (GETTEXT_PACKAGE, "%s: %u problem; nothing was imported",
                                "%s: %u problems; nothing was imported", im->report->problems->len),
                   im->file, im->report->problems->len);
      return g_steal_pointer (&im->report);
    }
  if (im->flags & PSEMS_IMPORT_DRY_RUN)
    {
      /* What the write would do, by the badges pass 1 found. */
      if (!im->trainings && im->mode == PSEMS_IMPORT_UPSERT)
        {
          GHashTableIter iter;
          gpointer badge;

          g_hash_table_iter_init (&iter, im->badges);
          while (g_hash_table_iter_next (&iter, &badge, NULL))
            if (badge_in_database (im, badge))
              im->report->updated++;
          im->report->updated = MIN (im->report->updated, valid);
          im->report->inserted = valid - im->report->updated;
        }
      else
        im->report->inserted = valid;
      return g_steal_pointer (&im->report);
    }

  /* Pass 2: one transaction, one audit entry. */
  txn = psems_transaction_begin (im->store, actor,
                                 im->mode == PSEMS_IMPORT_UPSERT ? PSEMS_OP_UPDATE : PSEMS_OP_CREATE,
                                 entity, 0, error);
  if (txn == NULL)
    return NULL;
  if (!im->trainings &&
      (!reserve_refs (im, "PER", MAX (valid, 1), &first, error)))
    return NULL;
  im->next_person_ref = first;
  if (!im->trainings && im->mode == PSEMS_IMPORT_INSERT)
    {
      if (!reserve_refs (im, "VET", MAX (valid, 1), &first, error))
        return NULL;
      im->next_vetting_ref = first;
    }
  im->pass_write = TRUE;
  im->txn = txn;
  /* As the demo generator does: index inserts in random order (names,
   * badges) would otherwise spill pages to the log long before the commit. */
  cache_size = psems_store_count (im->store, "PRAGMA cache_size", NULL);
  sqlite3_exec (psems_store_get_db (im->store), "PRAGMA cache_size = -262144", NULL, NULL, NULL);
  sha2 = run_pass (im);
  {
    g_autofree char *restore = g_strdup_printf ("PRAGMA cache_size = %lld", (long long) cache_size);
    sqlite3_exec (psems_store_get_db (im->store), restore, NULL, NULL, NULL);
  }
  if (im->error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&im->error));
      return NULL;
    }
  if (sha2 == NULL || !g_str_equal (sha, sha2))
    {
      g_set_error (error, PSEMS_ERROR, PSEMS_ERROR_FAILED,
                   _("“%s” changed while it was being imported; nothing was imported"), im->file);
      return NULL;
    }
  image = import_image (im);
  if (!psems_transaction_record (txn, "import", entity, 0, NULL, NULL, image, error) ||
      !psems_transaction_commit (g_steal_pointer (&txn), error))
    return NULL;
  im->report->written = TRUE;
  return g_steal_pointer (&im->report);
}

/**
 * psems_person_import_csv:
 * @mode: insert (every badge new) or upsert (a known badge updates that person)
 * @flags: dry run; skip invalid rows (they go to @rejects_path with a reason column)
 * @rejects_path: (nullable): where rejected rows are written with skip-invalid
 * @progress: (nullable): called from this thread with bytes done of the total (two passes)
 *
 * Imports persons from a CSV file (see the column list in the header). The
 * whole file is validated first; with any invalid row nothing is written
 * unless %PSEMS_IMPORT_SKIP_INVALID. The write is one transaction with one
 * audit entry (entity "person", action "import": file name, SHA-256, counts).
 *
 * Returns: (transfer full) (nullable): the report — also when invalid rows
 * refused the import, with @error set to %PSEMS_ERROR_INVALID.
 */
PsemsImportReport *
psems_person_import_csv (PsemsStore               *store,
                         PsemsActor               *actor,
                         const char               *path,
                         PsemsImportMode           mode,
                         PsemsImportFlags          flags,
                         const char               *rejects_path,
                         GCancellable             *cancellable,
                         PsemsImportProgressFunc   progress,
                         gpointer                  user_data,
                         GError                  **error)
{
  Import im = { 0, };
  PsemsImportReport *report;

  g_return_val_if_fail (PSEMS_IS_STORE (store), NULL);
  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  im.store = store;
  im.path = path;
  im.mode = mode;
  im.flags = flags;
  im.cancellable = cancellable;
  im.progress = progress;
  im.progress_data = user_data;
  im.cols = person_cols;
  im.n_cols = N_PERSON_COLS;
  im.required = person_required;
  im.n_required = G_N_ELEMENTS (person_required);
  im.validate = validate_person_row;
  im.write = write_person_row;
  report = run_import (&im, actor, rejects_path, error);
  import_clear (&im);
  return report;
}

/**
 * psems_training_import_csv:
 *
 * Imports training records keyed by badge (see the header); like
 * psems_person_import_csv() in insert mode, audit entity "training".
 */
PsemsImportReport *
psems_training_import_csv (PsemsStore               *store,
                           PsemsActor               *actor,
                           const char               *path,
                           PsemsImportFlags          flags,
                           const char               *rejects_path,
                           GCancellable             *cancellable,
                           PsemsImportProgressFunc   progress,
                           gpointer                  user_data,
                           GError                  **error)
{
  Import im = { 0, };
  PsemsImportReport *report;

  g_return_val_if_fail (PSEMS_IS_STORE (store), NULL);
  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  im.store = store;
  im.path = path;
  im.mode = PSEMS_IMPORT_INSERT;
  im.flags = flags;
  im.cancellable = cancellable;
  im.progress = progress;
  im.progress_data = user_data;
  im.trainings = TRUE;
  im.cols = training_cols;
  im.n_cols = N_TRAINING_COLS;
  im.required = training_required;
  im.n_required = G_N_ELEMENTS (training_required);
  im.validate = validate_training_row;
  im.write = write_training_row;
  report = run_import (&im, actor, rejects_path, error);
  import_clear (&im);
  return report;
}

/* ───────────────────────────── export ───────────────────────────── */

#define EXPORT_COLUMNS \
  "p.badge_no, p.given_name, p.family_name, p.display_name, p.employer, p.job_title, p.nationality," \
  " p.date_of_birth, p.email, p.phone, l.code, v.status, v.issued_on, v.expires_on, v.authority," \
  " v.authority_ref, (SELECT group_concat(f.code || ':' || ra.code, ';') FROM person_area pa" \
  "   JOIN restricted_area ra ON ra.id = pa.area_id JOIN facility f ON f.id = ra.facility_id" \
  "   WHERE pa.person_id = p.id AND pa.deleted_at IS NULL)"

/* Writes the header and the query's rows to @out; @progress (when set) hears rows written of
 * @total, and a cancelled @cancellable stops it within a few hundred rows. */
static gboolean
export_rows (PsemsStore              *store,
             const PsemsPersonQuery  *query,
             GOutputStream           *out,
             GCancellable            *cancellable,
             PsemsImportProgressFunc  progress,
             gpointer                 user_data,
             guint64                  total,
             GError                 **error)
{
  g_autoptr(GString) buf = g_string_new (NULL);
  g_autofree char *sql = NULL;
  sqlite3_stmt *stmt = NULL;
  gboolean ok = TRUE;
  guint64 done = 0;
  int rc;

  for (guint c = 0; c < N_PERSON_COLS; c++)
    {
      g_string_append (buf, person_cols[c]);
      g_string_append (buf, c + 1 < N_PERSON_COLS ? "," : "\r\n");
    }
  sql = psems_person_query_sql (query, EXPORT_COLUMNS, TRUE, TRUE);
  if (sqlite3_prepare_v2 (psems_store_get_db (store), sql, -1, &stmt, NULL) != SQLITE_OK)
    {
      psems_store_set_sqlite_error (store, error, "person");
      sqlite3_finalize (stmt);
      return FALSE;
    }
  psems_person_bind_query (stmt, query);
  while (ok && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      for (int c = 0; c < N_PERSON_COLS; c++)
        {
          append_csv_field (buf, (const char *) sqlite3_column_text (stmt, c));
          g_string_append (buf, c + 1 < N_PERSON_COLS ? "," : "\r\n");
        }
      if (++done % 256 == 0)
        {
          if (g_cancellable_set_error_if_cancelled (cancellable, error))
            ok = FALSE;
          else if (progress != NULL)
            progress (done, total, user_data);
        }
      if (ok && buf->len > 64 * 1024)
        {
          ok = g_output_stream_write_all (out, buf->str, buf->len, NULL, cancellable, error);
          g_string_truncate (buf, 0);
        }
    }
  if (ok && rc != SQLITE_DONE)
    {
      psems_store_set_sqlite_error (store, error, "person");
      ok = FALSE;
    }
  sqlite3_finalize (stmt);
  if (ok && buf->len > 0)
    ok = g_output_stream_write_all (out, buf->str, buf->len, NULL, cancellable, error);
  if (ok && progress != NULL)
    progress (done, MAX (done, total), user_data);
  return ok;
}

/**
 * psems_person_export_csv:
 *
 * Writes the query's persons as CSV (CRLF, the import's columns), so an
 * export imports again.
 */
gboolean
psems_person_export_csv (PsemsStore              *store,
                         const PsemsPersonQuery  *query,
                         GOutputStream           *out,
                         GCancellable            *cancellable,
                         GError                 **error)
{
  g_return_val_if_fail (PSEMS_IS_STORE (store), FALSE);
  g_return_val_if_fail (query != NULL, FALSE);
  g_return_val_if_fail (G_IS_OUTPUT_STREAM (out), FALSE);

  return export_rows (store, query, out, cancellable, NULL, NULL, 0, error);
}

gboolean
psems_person_export_csv_to_path (PsemsStore              *store,
                                 const PsemsPersonQuery  *query,
                                 const char              *path,
                                 GError                 **error)
{
  return psems_person_export_csv_to_file (store, query, path, NULL, NULL, NULL, error);
}

/**
 * psems_person_export_csv_to_file:
 * @cancellable: (nullable): stops the export; the file at @path is then left as it was
 * @progress: (nullable): rows written of the rows the query counts, now and then
 *
 * Exports the query's persons to @path, replacing it only once every row is written: a
 * failed or cancelled export leaves no partial file behind.
 */
gboolean
psems_person_export_csv_to_file (PsemsStore              *store,
                                 const PsemsPersonQuery  *query,
                                 const char              *path,
                                 GCancellable            *cancellable,
                                 PsemsImportProgressFunc  progress,
                                 gpointer                 user_data,
                                 GError                 **error)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFileOutputStream) out = NULL;
  gint64 total = 0;

  g_return_val_if_fail (PSEMS_IS_STORE (store), FALSE);
  g_return_val_if_fail (query != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  if (progress != NULL)
    {
      total = psems_person_count (store, query, error);
      if (total < 0)
        return FALSE;
    }
  file = g_file_new_for_path (path);
  out = g_file_replace (file, NULL, FALSE, G_FILE_CREATE_NONE, cancellable, error);
  if (out == NULL)
    return FALSE;
  if (!export_rows (store, query, G_OUTPUT_STREAM (out), cancellable, progress, user_data,
                    (guint64) total, error))
    {
      /* Closing through a cancelled cancellable drops the temporary file: @path is untouched. */
      g_autoptr(GCancellable) abandon = g_cancellable_new ();

      g_cancellable_cancel (abandon);
      g_output_stream_close (G_OUTPUT_STREAM (out), abandon, NULL);
      return FALSE;
    }
  return g_output_stream_close (G_OUTPUT_STREAM (out), cancellable, error);
}
