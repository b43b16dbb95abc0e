/* psems-bank.c — GAP question banks as data: versioned JSON files, checked, imported into the database. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "psems-bank.h"
#include "psems-data.h"
#include "psems-error.h"
#include "psems-ref.h"
#include "psems-store-private.h"

/*
 * A bank file is one JSON object, shipped in data/banks/ or the user's
 * $XDG_DATA_HOME/psems/banks/:
 *
 *   { "code": "isps-pfsp", "framework": "ISPS Code", "version": "2026.1",
 *     "title": "…", "note": "…",
 *     "questions": [
 *       { "code": "A16.3.1", "area": "Port facility security plan (A/16)",
 *         "reference": "ISPS A/16.3.1", "text": "Does the approved plan …?",
 *         "guidance": "Compliant when …" }, … ] }
 *
 * code (an identifier: lowercase letters, digits, "-" and "."), framework,
 * version, title and questions are required, note is optional. A question
 * needs code (letters, digits and . - _ / ( ), unique in the bank in any
 * letter case), area and text; reference and guidance are optional. A
 * member not listed here is an error, so a typo never silently drops a
 * field.
 *
 * Answers point at questions, so a bank is all or nothing: any problem skips
 * the whole file. Each problem is reported as "<file>:<line>:<column>: …"
 * for a syntax error, "<file>:<line>: question “<code>”: <field>: <what>"
 * for a question and "<file>:<line>: <member>: <what>" for the bank.
 *
 * Versions: the same code with another version is another bank; the newest
 * (numbers compare as numbers: 2026.2 < 2026.10) is the default. A user file with the
 * code and version of a shipped bank replaces it.
 */

#define BANK_SUBDIR "banks"
#define MAX_CODE 40

/* ---- values ------------------------------------------------------------------ */

void
psems_question_free (PsemsQuestion *question)
{
  if (question == NULL)
    return;
  g_free (question->code);
  g_free (question->area);
  g_free (question->reference);
  g_free (question->text);
  g_free (question->guidance);
  g_free (question);
}

void
psems_bank_free (PsemsBank *bank)
{
  if (bank == NULL)
    return;
  g_free (bank->ref);
  g_free (bank->code);
  g_free (bank->framework);
  g_free (bank->version);
  g_free (bank->title);
  g_free (bank->note);
  g_free (bank->path);
  g_clear_pointer (&bank->questions, g_ptr_array_unref);
  g_free (bank);
}

static PsemsBank *
bank_new (void)
{
  PsemsBank *bank = g_new0 (PsemsBank, 1);

  bank->questions = g_ptr_array_new_with_free_func ((GDestroyNotify) psems_question_free);
  return bank;
}

/* A question code is typed on command lines: no spaces, no quotes. */
static gboolean
is_question_code (const char *text)
{
  gsize n = strlen (text);

  if (n == 0 || n > MAX_CODE || !g_ascii_isalnum (text[0]))
    return FALSE;
  for (const char *p = text; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && strchr (".-_/()", *p) == NULL)
      return FALSE;
  return TRUE;
}

/**
 * psems_bank_compare_versions:
 *
 * Orders versions as people number them: "2026.2" before "2026.10".
 *
 * Returns: < 0, 0 or > 0 as @a is older than, the same as or newer than @b.
 */
int
psems_bank_compare_versions (const char *a,
                             const char *b)
{
  g_return_val_if_fail (a != NULL && b != NULL, 0);

  while (*a != '\0' && *b != '\0')
    {
      if (g_ascii_isdigit (*a) && g_ascii_isdigit (*b))
        {
          const char *x = a, *y = b;
          gsize nx, ny;
          int c;

          while (*x == '0')
            x++;
          while (*y == '0')
            y++;
          for (nx = 0; g_ascii_isdigit (x[nx]); nx++)
            ;
          for (ny = 0; g_ascii_isdigit (y[ny]); ny++)
            ;
          if (nx != ny)
            return nx < ny ? -1 : 1;
          if ((c = strncmp (x, y, nx)) != 0)
            return c < 0 ? -1 : 1;
          a = x + nx;
          b = y + ny;
          continue;
        }
      if (*a != *b)
        return (guchar) *a < (guchar) *b ? -1 : 1;
      a++;
      b++;
    }
  return *a == *b ? 0 : (*a == '\0' ? -1 : 1);
}

/* ---- one file ------------------------------------------------------------------ */

typedef struct
{
  const char *path;
  const PsemsJsonLines *pos;
  GPtrArray *problems;
} Reader;

static void
add_problem (const Reader *r,
             JsonObject   *object,
             const char   *member,
             const char   *code,
             const char   *message)
{
  guint line = psems_json_lines_get (r->pos, object, member);
  char *text;

  if (code != NULL && member != NULL)
    text = g_strdup_printf (_("%s:%u: question “%s”: %s: %s"), r->path, line, code, member, message);
  else if (code != NULL)
    text = g_strdup_printf (_("%s:%u: question “%s”: %s"), r->path, line, code, message);
  else if (member != NULL)
    text = g_strdup_printf ("%s:%u: %s: %s", r->path, line, member, message);
  else
    text = g_strdup_printf ("%s:%u: %s", r->path, line, message);
  g_ptr_array_add (r->problems, text);
}

/* A text member: missing is fine unless @required; present must be a
 * non-empty string. On a problem returns FALSE with @message set. */
static gboolean
get_text (JsonObject  *object,
          const char  *name,
          gboolean     required,
          char       **value,
          char       **message)
{
  JsonNode *node = json_object_get_member (object, name);
  const char *text;

  *value = NULL;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      if (required)
        *message = g_strdup (_("the member is missing"));
      return !required;
    }
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    {
      *message = g_strdup (_("expected a text"));
      return FALSE;
    }
  text = json_node_get_string (node);
  *value = g_strstrip (g_strdup (text != NULL ? text : ""));
  if (**value == '\0')
    {
      g_clear_pointer (value, g_free);
      *message = g_strdup (_("the text is empty"));
      return FALSE;
    }
  return TRUE;
}

/* Every member of @object not in @allowed, reported with @code (may be NULL). */
static gboolean
check_members (const Reader       *r,
               JsonObject         *object,
               const char * const *allowed,
               const char         *code,
               const char         *message)
{
  g_autoptr(GList) members = json_object_get_members (object);
  gboolean ok = TRUE;

  for (GList *l = members; l != NULL; l = l->next)
    if (!g_strv_contains (allowed, l->data))
      {
        add_problem (r, object, l->data, code, message);
        ok = FALSE;
      }
  return ok;
}

/* One question; NULL when it has a problem (each one added). */
static PsemsQuestion *
read_question (const Reader *r,
               JsonNode     *node,
               guint         index)
{
  static const char * const allowed[] = { "code", "area", "reference", "text", "guidance", NULL };
  static const char * const required[] = { "area", "text" };
  g_autoptr(PsemsQuestion) q = NULL;
  g_autofree char *message = NULL;
  gboolean ok = TRUE;
  JsonObject *object;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_ptr_array_add (r->problems, g_strdup_printf (_("%s: questions[%u]: expected an object"),
                                                     r->path, index));
      return NULL;
    }
  object = json_node_get_object (node);
  q = g_new0 (PsemsQuestion, 1);
  q->position = index + 1;
  q->line = psems_json_lines_get (r->pos, object, "code");

  if (!get_text (object, "code", TRUE, &q->code, &message))
    {
      g_ptr_array_add (r->problems, g_strdup_printf (_("%s:%u: questions[%u]: code: %s"), r->path,
                                                     q->line, index, message));
      return NULL;
    }
  if (!is_question_code (q->code))
    {
      g_autofree char *what =
        g_strdup_printf (_("not a question code (up to %d letters, digits and . - _ / ( ), no spaces)"),
                         MAX_CODE);

      add_problem (r, object, "code", q->code, what);
      ok = FALSE;
    }
  if (!check_members (r, object, allowed, q->code, _("not a member of a question (a typo?)")))
    ok = FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (required); i++)
    {
      char *value = NULL;

      if (!get_text (object, required[i], TRUE, &value, &message))
        {
          add_problem (r, object, required[i], q->code, message);
          g_clear_pointer (&message, g_free);
          ok = FALSE;
        }
      if (g_str_equal (required[i], "area"))
        q->area = value;
      else
        q->text = value;
    }
  if (!get_text (object, "reference", FALSE, &q->reference, &message))
    {
      add_problem (r, object, "reference", q->code, message);
      g_clear_pointer (&message, g_free);
      ok = FALSE;
    }
  if (!get_text (object, "guidance", FALSE, &q->guidance, &message))
    {
      add_problem (r, object, "guidance", q->code, message);
      ok = FALSE;
    }
  return ok ? g_steal_pointer (&q) : NULL;
}

/**
 * psems_bank_load_file:
 * @path: a bank file (JSON, see the top of this file)
 * @problems: (element-type utf8) (nullable): receives every problem found,
 *   one message each
 *
 * Reads one bank. Any problem refuses the whole file (answers point at
 * questions, so a bank is never taken in part): %PSEMS_ERROR_INVALID with
 * the first problem ("<path>:<line>:<column>: …" for a syntax error,
 * "<path>:<line>: question “<code>”: <field>: <what>" for a question,
 * "<path>:<line>: <member>: <what>" for the bank); a missing file is
 * %PSEMS_ERROR_NOT_FOUND.
 *
 * Returns: (transfer full): the bank, or %NULL with @error set.
 */
PsemsBank *
psems_bank_load_file (const char  *path,
                      GPtrArray   *problems,
                      GError     **error)
{
  static const char * const allowed[] = { "code", "framework", "version", "title", "note", "questions",
                                          NULL };
  static const char * const required[] = { "code", "framework", "version", "title" };
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(PsemsBank) bank = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GPtrArray) found = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GHashTable) seen = NULL;
  g_autofree char *message = NULL;
  PsemsJsonLines pos;
  Reader reader;
  JsonNode *root;
  JsonObject *object;
  JsonNode *questions;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  parser = json_parser_new_immutable ();
  psems_json_lines_init (&pos, parser);
  reader = (Reader) { path, &pos, found };

  if (!psems_data_parse_json (parser, path, &local_error))
    {
      if (g_error_matches (local_error, PSEMS_ERROR, PSEMS_ERROR_NOT_FOUND))
        g_propagate_error (error, g_steal_pointer (&local_error));
      else
        g_ptr_array_add (found, g_strdup (local_error->message));
      goto out;
    }

  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_ptr_array_add (found, g_strdup_printf (_("%s:1: expected a JSON object with code, framework, "
                                                 "version, title and questions"), path));
      goto out;
    }
  object = json_node_get_object (root);
  bank = bank_new ();
  bank->path = g_strdup (path);

  check_members (&reader, object, allowed, NULL, _("not a member of a question bank (a typo?)"));
  for (guint i = 0; i < G_N_ELEMENTS (required); i++)
    {
      char *value = NULL;

      if (!get_text (object, required[i], TRUE, &value, &message))
        {
          add_problem (&reader, object, required[i], NULL, message);
          g_clear_pointer (&message, g_free);
        }
      switch (i)
        {
        case 0: bank->code = value; break;
        case 1: bank->framework = value; break;
        case 2: bank->version = value; break;
        default: bank->title = value; break;
        }
    }
  if (bank->code != NULL && !psems_data_is_identifier (bank->code))
    add_problem (&reader, object, "code", NULL,
                 _("not an identifier (lowercase letters, digits, hyphens and dots)"));
  if (!get_text (object, "note", FALSE, &bank->note, &message))
    {
      add_problem (&reader, object, "note", NULL, message);
      g_clear_pointer (&message, g_free);
    }

  questions = json_object_get_member (object, "questions");
  if (questions == NULL || !JSON_NODE_HOLDS_ARRAY (questions) ||
      json_array_get_length (json_node_get_array (questions)) == 0)
    {
      add_problem (&reader, object, "questions", NULL, _("expected a list of at least one question"));
      goto out;
    }

  seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  for (guint i = 0; i < json_array_get_length (json_node_get_array (questions)); i++)
    {
      JsonNode *node = json_array_get_element (json_node_get_array (questions), i);
      PsemsQuestion *q = read_question (&reader, node, i);
      g_autofree char *folded = NULL;
      gpointer first;

      if (q == NULL)
        continue;
      folded = g_ascii_strdown (q->code, -1);
      if (g_hash_table_lookup_extended (seen, folded, NULL, &first))
        {
          g_autofree char *what =
            g_strdup_printf (_("the code is used twice in this bank (first on line %u)"),
                             GPOINTER_TO_UINT (first));

          add_problem (&reader, json_node_get_object (node), "code", q->code, what);
          psems_question_free (q);
          continue;
        }
      g_hash_table_insert (seen, g_steal_pointer (&folded), GUINT_TO_POINTER (q->line));
      g_ptr_array_add (bank->questions, q);
    }

out:
  psems_json_lines_clear (&pos);
  if (found->len > 0)
    {
      g_set_error_literal (error, PSEMS_ERROR, PSEMS_ERROR_INVALID, g_ptr_array_index (found, 0));
      if (problems != NULL)
        for (guint i = 0; i < found->len; i++)
          g_ptr_array_add (problems, g_strdup (g_ptr_array_index (found, i)));
      return NULL;
    }
  return g_steal_pointer (&bank);
}

/* ---- all files -------------------------------------------------------------------- */

static int
compare_banks (gconstpointer a,
               gconstpointer b)
{
  const PsemsBank *x = *(const PsemsBank * const *) a;
  const PsemsBank *y = *(const PsemsBank * const *) b;
  int c = strcmp (x->code, y->code);

  return c != 0 ? c : psems_bank_compare_versions (x->version, y->version);
}

/**
 * psems_bank_load_all:
 * @problems: (out) (optional) (transfer full) (element-type utf8): every
 *   problem of every file skipped, one message each ("<file>:<line>: …")
 *
 * Reads every `*.json` bank, shipped then the user's
 * ($XDG_DATA_HOME/psems/banks/), in file-name order within each folder.
 * Never fails: a bad file is reported and skipped, the rest still load.
 *
 * A bank is its code and version. Among the shipped folders the first
 * holding a bank wins silently (an installed copy hides the source tree's);
 * a user file with the code and version of a shipped bank replaces it; the
 * same code and version twice in one folder keeps the first and reports the
 * second.
 *
 * Returns: (transfer full) (element-type PsemsBank): the banks, by code,
 * then oldest version first.
 */
GPtrArray *
psems_bank_load_all (GPtrArray **problems)
{
  g_autoptr(GPtrArray) banks = g_ptr_array_new_with_free_func ((GDestroyNotify) psems_bank_free);
  g_autoptr(GPtrArray) found = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GHashTable) where = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL); /* key → dir + 1 */
  g_autoptr(GPtrArray) dirs = NULL;
  guint n_shipped;

  dirs = psems_data_dirs (BANK_SUBDIR, &n_shipped);
  for (guint d = 0; d < dirs->len; d++)
    {
      const char *dir_path = g_ptr_array_index (dirs, d);
      g_autoptr(GPtrArray) names = psems_data_list_json (dir_path);
      gboolean user = d >= n_shipped;

      if (names == NULL)
        continue;

      for (guint f = 0; f < names->len; f++)
        {
          g_autofree char *path = g_build_filename (dir_path, g_ptr_array_index (names, f), NULL);
          g_autoptr(GError) error = NULL;
          g_autoptr(PsemsBank) bank = psems_bank_load_file (path, found, &error);
          g_autofree char *key = NULL;
          gpointer first;

          if (bank == NULL)
            {
              if (!g_error_matches (error, PSEMS_ERROR, PSEMS_ERROR_INVALID))
                g_ptr_array_add (found, g_strdup (error->message));
              continue;
            }
          bank->user = user;
          key = g_strdup_printf ("%s\n%s", bank->code, bank->version);
          if (g_hash_table_lookup_extended (where, key, NULL, &first))
            {
              guint first_dir = GPOINTER_TO_UINT (first) - 1;
              guint k;

              for (k = 0; k < banks->len; k++)
                if (compare_banks (&g_ptr_array_index (banks, k), &bank) == 0)
                  break;
              g_assert (k < banks->len);
              if (first_dir == d)
                {
                  g_ptr_array_add (found,
                                   g_strdup_printf (_("%s:1: bank “%s” version %s is already read from %s; "
                                                      "this file was skipped"),
                                                    path, bank->code, bank->version,
                                                    ((PsemsBank *) g_ptr_array_index (banks, k))->path));
                  continue;
                }
              if (!user || first_dir >= n_shipped)
                continue;   /* the same shipped bank, installed and in the source tree */
              /* The user's version of a shipped bank replaces it. */
              psems_bank_free (g_ptr_array_index (banks, k));
              g_ptr_array_index (banks, k) = g_steal_pointer (&bank);
              g_hash_table_insert (where, g_steal_pointer (&key), GUINT_TO_POINTER (d + 1));
              continue;
            }
          g_hash_table_insert (where, g_steal_pointer (&key), GUINT_TO_POINTER (d + 1));
          g_ptr_array_add (banks, g_steal_pointer (&bank));
        }
    }
  g_ptr_array_sort (banks, compare_banks);

  if (problems != NULL)
    *problems = g_steal_pointer (&found);
  else
    for (guint i = 0; i < found->len; i++)
      g_warning ("Question bank skipped: %s", (const char *) g_ptr_array_index (found, i));
  return g_steal_pointer (&banks);
}

/**
 * psems_bank_find:
 * @banks: (element-type PsemsBank): banks as psems_bank_load_all() returns them
 * @version: (nullable): the version; %NULL for the newest
 *
 * Returns: (transfer none) (nullable): the bank of @code (any letter case)
 * and @version.
 */
PsemsBank *
psems_bank_find (GPtrArray  *banks,
                 const char *code,
                 const char *version)
{
  PsemsBank *best = NULL;

  g_return_val_if_fail (banks != NULL && code != NULL, NULL);

  for (guint i = 0; i < banks->len; i++)
    {
      PsemsBank *bank = g_ptr_array_index (banks, i);

      if (g_ascii_strcasecmp (bank->code, code) != 0)
        continue;
      if (version != NULL ? g_str_equal (bank->version, version)
                          : best == NULL || psems_bank_compare_versions (bank->version, best->version) > 0)
        best = bank;
    }
  return best;
}

/**
 * psems_bank_same_questions:
 * @difference: (out) (optional): the first difference, for a message
 *
 * Whether two banks ask the same questions: same codes in the same order,
 * with the same area, reference, text and guidance. Titles and notes do not
 * count: answers point at questions, not at titles.
 */
gboolean
psems_bank_same_questions (const PsemsBank  *a,
                           const PsemsBank  *b,
                           char            **difference)
{
  g_return_val_if_fail (a != NULL && b != NULL, FALSE);

  for (guint i = 0; i < MAX (a->questions->len, b->questions->len); i++)
    {
      const PsemsQuestion *x = i < a->questions->len ? g_ptr_array_index (a->questions, i) : NULL;
      const PsemsQuestion *y = i < b->questions->len ? g_ptr_array_index (b->questions, i) : NULL;
      const char *field = NULL;

      if (x == NULL || y == NULL)
        {
          if (difference != NULL)
            *difference = g_strdup_printf (_("question “%s” is only in one of them"),
                                           x != NULL ? x->code : y->code);
          return FALSE;
        }
      if (g_strcmp0 (x->code, y->code) != 0)
        field = "code";
      else if (g_strcmp0 (x->area, y->area) != 0)
        field = "area";
      else if (g_strcmp0 (x->reference, y->reference) != 0)
        field = "reference";
      else if (g_strcmp0 (x->text, y->text) != 0)
        field = "text";
      else if (g_strcmp0 (x->guidance, y->guidance) != 0)
        field = "guidance";
      if (field != NULL)
        {
          if (difference != NULL)
            *difference = g_strdup_printf (_("question %u (“%s”): %s differs"), i + 1, y->code, field);
          return FALSE;
        }
    }
  return TRUE;
}

/* ---- the database --------------------------------------------------------------- */

static PsemsQuestion *
question_from_row (sqlite3_stmt *stmt)
{
  PsemsQuestion *q = g_new0 (PsemsQuestion, 1);

  q->code = psems_sql_dup_column (stmt, 0);
  q->position = (guint) sqlite3_column_int (stmt, 1);
  q->area = psems_sql_dup_column (stmt, 2);
  q->reference = psems_sql_dup_column (stmt, 3);
  q->text = psems_sql_dup_column (stmt, 4);
  q->guidance = psems_sql_dup_column (stmt, 5);
  return q;
}

static PsemsBank *
bank_from_row (sqlite3_stmt *stmt)
{
  PsemsBank *bank = bank_new ();

  bank->id = sqlite3_column_int64 (stmt, 0);
  bank->ref = psems_sql_dup_column (stmt, 1);
  bank->code = psems_sql_dup_column (stmt, 2);
  bank->framework = psems_sql_dup_column (stmt, 3);
  bank->version = psems_sql_dup_column (stmt, 4);
  bank->title = psems_sql_dup_column (stmt, 5);
  return bank;
}

static gboolean
read_questions (PsemsStore  *store,
                PsemsBank   *bank,
                GError     **error)
{
  g_autoptr(PsemsCachedStmt) stmt =
    psems_store_prepare (store, "SELECT code, position, area, reference, text, guidance FROM question"
                                " WHERE bank_id = ?1 ORDER BY position, id", error);
  g_autoptr(GPtrArray) questions = NULL;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, bank->id);
  questions = psems_sql_collect_rows (store, stmt, (PsemsRowFunc) question_from_row,
                                      (GDestroyNotify) psems_question_free, "question", error);
  if (questions == NULL)
    return FALSE;
  g_ptr_array_unref (bank->questions);
  bank->questions = g_steal_pointer (&questions);
  return TRUE;
}

/**
 * psems_bank_get:
 *
 * Returns: (transfer full): the stored bank of @id with its questions, or
 * %NULL with %PSEMS_ERROR_NOT_FOUND.
 */
PsemsBank *
psems_bank_get (PsemsStore  *store,
                gint64       id,
                GError     **error)
{
  g_autoptr(PsemsBank) bank = NULL;

  g_return_val_if_fail (PSEMS_IS_STORE (store), NULL);

  bank = psems_sql_get_row (store, "SELECT id, ref, code, framework, version, title FROM question_bank"
                                   " WHERE id = ?1", id, (PsemsRowFunc) bank_from_row, "question_bank",
                            error, _("There is no question bank with id %lld"), (long long) id);
  if (bank == NULL || !read_questions (store, bank, error))
    return NULL;
  return g_steal_pointer (&bank);
}

/**
 * psems_bank_list_stored:
 *
 * Returns: (transfer full) (element-type PsemsBank): the banks the
 * database holds (assessments were started from them), with their
 * questions, by code then version.
 */
GPtrArray *
psems_bank_list_stored (PsemsStore  *store,
                        GError     **error)
{
  g_autoptr(PsemsCachedStmt) stmt = NULL;
  g_autoptr(GPtrArray) banks = NULL;

  g_return_val_if_fail (PSEMS_IS_STORE (store), NULL);

  stmt = psems_store_prepare (store, "SELECT id, ref, code, framework, version, title FROM question_bank",
                              error);
  if (stmt == NULL)
    return NULL;
  banks = psems_sql_collect_rows (store, stmt, (PsemsRowFunc) bank_from_row,
                                  (GDestroyNotify) psems_bank_free, "question_bank", error);
  if (banks == NULL)
    return NULL;
  for (guint i = 0; i < banks->len; i++)
    if (!read_questions (store, g_ptr_array_index (banks, i), error))
      return NULL;
  g_ptr_array_sort (banks, compare_banks);
  return g_steal_pointer (&banks);
}

/**
 * psems_bank_import:
 * @txn: the write under way (an assessment being started, the demo)
 * @bank: a bank read from a file
 * @year: the year a new bank's reference is numbered in; 0: this year
 * @created: (out) (optional): whether a new bank row was written
 *
 * The database row of @bank: the stored bank of the same code and version
 * when it asks the same questions (psems_bank_same_questions()), else a new
 * row (QB-YYYY-NNNN) with its questions, audited unless
 * %PSEMS_BANK_IMPORT_NO_AUDIT. A file edited without a new version while
 * its bank is stored is refused naming the file and the first difference:
 * answers point at the stored questions.
 *
 * Returns: the bank's id, or 0 with @error set.
 */
gint64
psems_bank_import (PsemsTransaction     *txn,
                   const PsemsBank      *bank,
                   PsemsBankImportFlags  flags,
                   int                   year,
                   gboolean             *created,
                   GError              **error)
{
  PsemsStore *store;
  g_autoptr(PsemsCachedStmt) find = NULL;
  g_autoptr(PsemsCachedStmt) insert = NULL;
  g_autofree char *ref = NULL;
  gint64 id;
  int rc;

  g_return_val_if_fail (txn != NULL && bank != NULL, 0);
  g_return_val_if_fail (error == NULL || *error == NULL, 0);

  if (created != NULL)
    *created = FALSE;
  store = psems_transaction_get_store (txn);
  find = psems_store_prepare (store, "SELECT id FROM question_bank WHERE code = ?1 AND version = ?2", error);
  if (find == NULL)
    return 0;
  psems_sql_bind_text (find, 1, bank->code);
  psems_sql_bind_text (find, 2, bank->version);
  rc = sqlite3_step (find);
  if (rc == SQLITE_ROW)
    {
      g_autoptr(PsemsBank) stored = NULL;
      g_autofree char *difference = NULL;

      id = sqlite3_column_int64 (find, 0);
      stored = psems_bank_get (store, id, error);
      if (stored == NULL)
        return 0;
      if (!psems_bank_same_questions (stored, bank, &difference))
        {
          g_set_error (error, PSEMS_ERROR, PSEMS_ERROR_INVALID,
                       _("%s: bank “%s” version %s is already in the database as %s with other "
                         "questions (%s): answers point at those, so give the edited file a new version"),
                       bank->path != NULL ? bank->path : bank->code, bank->code, bank->version,
                       stored->ref, difference);
          return 0;
        }
      return id;
    }
  if (rc != SQLITE_DONE)
    {
      psems_store_set_sqlite_error (store, error, "question_bank");
      return 0;
    }
  sqlite3_reset (find);

  if (year == 0)
    g_free (psems_sql_now_stamp (&year));
  ref = psems_ref_allocate (txn, "QB", year, error);
  if (ref == NULL)
    return 0;
  insert = psems_store_prepare (store, "INSERT INTO question_bank (ref, code, framework, version, title)"
                                       " VALUES (?1, ?2, ?3, ?4, ?5)", error);
  if (insert == NULL)
    return 0;
  psems_sql_bind_text (insert, 1, ref);
  psems_sql_bind_text (insert, 2, bank->code);
  psems_sql_bind_text (insert, 3, bank->framework);
  psems_sql_bind_text (insert, 4, bank->version);
  psems_sql_bind_text (insert, 5, bank->title);
  if (!psems_sql_step_done (store, insert, ref, error))
    return 0;
  id = sqlite3_last_insert_rowid (psems_store_get_db (store));
  if (!(flags & PSEMS_BANK_IMPORT_NO_AUDIT) &&
      !psems_transaction_record_row (txn, "create", "question-bank", id, NULL, error))
    return 0;

  for (guint i = 0; i < bank->questions->len; i++)
    {
      const PsemsQuestion *q = g_ptr_array_index (bank->questions, i);
      g_autoptr(PsemsCachedStmt) stmt =
        psems_store_prepare (store, "INSERT INTO question (bank_id, code, position, area, reference, text,"
                                    " guidance) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)", error);

      if (stmt == NULL)
        return 0;
      sqlite3_bind_int64 (stmt, 1, id);
      psems_sql_bind_text (stmt, 2, q->code);
      sqlite3_bind_int (stmt, 3, (int) i + 1);
      psems_sql_bind_text (stmt, 4, q->area);
      psems_sql_bind_text (stmt, 5, q->reference);
      psems_sql_bind_text (stmt, 6, q->text);
      psems_sql_bind_text (stmt, 7, q->guidance);
      if (!psems_sql_step_done (store, stmt, ref, error))
        return 0;
      if (!(flags & PSEMS_BANK_IMPORT_NO_AUDIT) &&
          !psems_transaction_record_row (txn, "create", "question",
                                         sqlite3_last_insert_rowid (psems_store_get_db (store)), NULL, error))
        return 0;
    }
  if (created != NULL)
    *created = TRUE;
  return id;
}
