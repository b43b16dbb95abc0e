/* psems-evidence.c — evidence files kept in the database with their SHA-256, attached to records. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "psems-error.h"
#include "psems-evidence.h"
#include "psems-ref.h"
#include "psems-store-private.h"
#include "psems-transaction.h"

/*
 * A piece of evidence is one file, kept whole in the database (at most
 * PSEMS_EVIDENCE_MAX_SIZE bytes) with its SHA-256, media type and size, and
 * linked to any number of records through one link table per kind of record.
 *
 * The same content is kept once: adding a file whose SHA-256 (and size)
 * equals that of live evidence adds nothing and answers that evidence, whose
 * file name and description stay as first given; attaching it to another
 * record adds a second link to the one blob. Attaching twice to the same
 * record is not an error and writes nothing.
 *
 * Every read of the content checks it against the stored SHA-256, so a blob
 * changed behind PSeMS's back is reported (PSEMS_ERROR_CORRUPT naming the
 * reference) rather than handed out.
 */

typedef struct
{
  const char *kind;          /* the entity name of the record: the CLI's KIND */
  const char *link_table;
  const char *link_column;
  const char *record_sql;    /* facility_id, ref (NULL when the record has none), deleted_at */
} EvidenceKind;

static const EvidenceKind kinds[] = {
  { "completion", "completion_evidence", "completion_id",
    "SELECT s.facility_id, r.ref, r.deleted_at FROM completion r"
    " JOIN schedule_item s ON s.id = r.schedule_item_id WHERE r.id = ?1" },
  { "plan", "plan_evidence", "plan_id",
    "SELECT facility_id, ref, deleted_at FROM plan WHERE id = ?1" },
  { "dos", "dos_evidence", "dos_id",
    "SELECT facility_id, ref, deleted_at FROM declaration_of_security WHERE id = ?1" },
  { "finding", "finding_evidence", "finding_id",
    "SELECT facility_id, ref, deleted_at FROM finding WHERE id = ?1" },
  { "incident", "incident_evidence", "incident_id",
    "SELECT facility_id, ref, deleted_at FROM incident WHERE id = ?1" },
  { "answer", "answer_evidence", "answer_id",
    "SELECT a.facility_id, NULL, NULL FROM answer r"
    " JOIN assessment a ON a.id = r.assessment_id WHERE r.id = ?1" },
};

static const char * const kind_names[] = {
  "completion", "plan", "dos", "finding", "incident", "answer", NULL
};

G_STATIC_ASSERT (G_N_ELEMENTS (kinds) + 1 == G_N_ELEMENTS (kind_names));

/* What each piece of evidence is attached to, in the order of kinds[]. */
#define ATTACHED_SQL \
  "SELECT 'completion', r.ref, r.id FROM completion_evidence l" \
  " JOIN completion r ON r.id = l.completion_id WHERE l.evidence_id = ?1" \
  " UNION ALL SELECT 'plan', r.ref, r.id FROM plan_evidence l" \
  " JOIN plan r ON r.id = l.plan_id WHERE l.evidence_id = ?1" \
  " UNION ALL SELECT 'dos', r.ref, r.id FROM dos_evidence l" \
  " JOIN declaration_of_security r ON r.id = l.dos_id WHERE l.evidence_id = ?1" \
  " UNION ALL SELECT 'finding', r.ref, r.id FROM finding_evidence l" \
  " JOIN finding r ON r.id = l.finding_id WHERE l.evidence_id = ?1" \
  " UNION ALL SELECT 'incident', r.ref, r.id FROM incident_evidence l" \
  " JOIN incident r ON r.id = l.incident_id WHERE l.evidence_id = ?1" \
  " UNION ALL SELECT 'answer', NULL, l.answer_id FROM answer_evidence l WHERE l.evidence_id = ?1"

#define EVIDENCE_COLUMNS \
  "e.id, e.ref, e.file_name, e.media_type, e.size, e.sha256, e.description, e.added_on, e.added_by"

/* ───────────────────────────── values ───────────────────────────── */

void
psems_evidence_free (PsemsEvidence *evidence)
{
  if (evidence == NULL)
    return;
  g_free (evidence->ref);
  g_free (evidence->file_name);
  g_free (evidence->media_type);
  g_free (evidence->sha256);
  g_free (evidence->description);
  g_free (evidence->added_on);
  g_free (evidence->added_by);
  g_strfreev (evidence->attached_to);
  g_free (evidence);
}

static PsemsEvidence *
evidence_from_row (sqlite3_stmt *stmt)
{
  PsemsEvidence *e = g_new0 (PsemsEvidence, 1);

  e->id = sqlite3_column_int64 (stmt, 0);
  e->ref = psems_sql_dup_column (stmt, 1);
  e->file_name = psems_sql_dup_column (stmt, 2);
  e->media_type = psems_sql_dup_column (stmt, 3);
  e->size = sqlite3_column_int64 (stmt, 4);
  e->sha256 = psems_sql_dup_column (stmt, 5);
  e->description = psems_sql_dup_column (stmt, 6);
  e->added_on = psems_sql_dup_column (stmt, 7);
  e->added_by = psems_sql_dup_column (stmt, 8);
  return e;
}

/* Fills @e->attached_to. */
static gboolean
read_attachments (PsemsStore     *store,
                  PsemsEvidence  *e,
                  GError        **error)
{
  g_autoptr(PsemsCachedStmt) stmt = psems_store_prepare (store, ATTACHED_SQL, error);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, e->id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autofree char *link = NULL;

      if (sqlite3_column_type (stmt, 1) != SQLITE_NULL)
        link = g_strdup_printf ("%s:%s", sqlite3_column_text (stmt, 0),
                                sqlite3_column_text (stmt, 1));
      else
        link = g_strdup_printf ("%s:%lld", sqlite3_column_text (stmt, 0),
                                (long long) sqlite3_column_int64 (stmt, 2));
      g_strv_builder_add (builder, link);
    }
  if (rc != SQLITE_DONE)
    {
      psems_store_set_sqlite_error (store, error, "evidence");
      return FALSE;
    }
  g_strfreev (e->attached_to);
  e->attached_to = g_strv_builder_end (builder);
  return TRUE;
}

/* ───────────────────────────── kinds of record ───────────────────────────── */

/**
 * psems_evidence_kinds:
 *
 * Returns: (transfer none): the kinds of record evidence is attached to,
 * %NULL-terminated: completion, plan, dos, finding, incident, answer.
 */
const char * const *
psems_evidence_kinds (void)
{
  return kind_names;
}

static const EvidenceKind *
find_kind (const char  *kind,
           GError     **error)
{
  for (guint i = 0; kind != NULL && i < G_N_ELEMENTS (kinds); i++)
    if (g_ascii_strcasecmp (kinds[i].kind, kind) == 0)
      return &kinds[i];

  {
    g_autofree char *known = g_strjoinv (", ", (char **) kind_names);

    g_set_error (error, PSEMS_ERROR, PSEMS_ERROR_INVALID,
                 _("“%s” is not a kind of record evidence is attached to (one of %s)"),
                 kind != NULL ? kind : "", known);
  }
  return NULL;
}

/* The live record @record_id of @k: its facility and how messages name it
 * ("DOS-2026-0001", "answer 12"). */
static gboolean
lookup_record (PsemsStore          *store,
               const EvidenceKind  *k,
               gint64               record_id,
               gint64              *facility_id,
               char               **label,
               GError             **error)
{
  g_autoptr(PsemsCachedStmt) stmt = psems_store_prepare (store, k->record_sql, error);
  g_autofree char *name = NULL;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, record_id);
  switch (sqlite3_step (stmt))
    {
    case SQLITE_ROW:
      break;
    case SQLITE_DONE:
      g_set_error (error, PSEMS_ERROR, PSEMS_ERROR_NOT_FOUND,
                   _("There is no %s with id %lld to attach evidence to"), k->kind,
                   (long long) record_id);
      return FALSE;
    default:
      psems_store_set_sqlite_error (store, error, k->kind);
      return FALSE;
    }

  name = sqlite3_column_type (stmt, 1) != SQLITE_NULL
       ? psems_sql_dup_column (stmt, 1)
       : g_strdup_printf ("%s %lld", k->kind, (long long) record_id);
  if (sqlite3_column_type (stmt, 2) != SQLITE_NULL)
    {
      g_set_error (error, PSEMS_ERROR, PSEMS_ERROR_INVALID,
                   _("%s is deleted; evidence is attached to live records only"), name);
      return FALSE;
    }
  if (facility_id != NULL)
    *facility_id = sqlite3_column_int64 (stmt, 0);
  if (label != NULL)
    *label = g_steal_pointer (&name);
  return TRUE;
}

/**
 * psems_evidence_resolve_record:
 * @kind: a kind of record (psems_evidence_kinds())
 * @text: the record's reference (DOS-2026-0001, PLN-…, CMP-…, FND-…,
 *   INC-…) or, for an answer, which has none, its id
 *
 * Returns: the record's id, or 0 with @error set naming @kind and @text.
 */
gint64
psems_evidence_resolve_record (PsemsStore  *store,
                               const char  *kind,
                               const char  *text,
                               GError     **error)
{
  const EvidenceKind *k;
  g_autofree char *trimmed = NULL;
  guint64 id;

  g_return_val_if_fail (PSEMS_IS_STORE (store), 0);
  g_return_val_if_fail (error == NULL || *error == NULL, 0);

  k = find_kind (kind, error);
  if (k == NULL)
    return 0;
  trimmed = psems_sql_dup_field (text);
  if (trimmed == NULL)
    {
      g_set_error (error, PSEMS_ERROR, PSEMS_ERROR_INVALID, _("No %s given"), k->kind);
      return 0;
    }
  if (!g_str_equal (k->kind, "answer"))
    return psems_ref_resolve (store, k->kind, trimmed, error);

  if (!g_ascii_string_to_unsigned (trimmed, 10, 1, G_MAXINT64, &id, NULL))
    {
      g_set_error (error, PSEMS_ERROR, PSEMS_ERROR_INVALID,
                   _("“%s” is not an answer: answers are named by their id, a whole number"),
                   trimmed);
      return 0;
    }
  if (!lookup_record (store, k, (gint64) id, NULL, NULL, error))
    return 0;
  return (gint64) id;
}

/* ───────────────────────────── reading files ───────────────────────────── */

/* The whole file at @path, refused (naming it) when it is not a readable,
 * non-empty regular file of at most PSEMS_EVIDENCE_MAX_SIZE bytes. */
static GBytes *
read_evidence_file (const char  *path,
                    char       **file_name,
                    GError     **error)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *shown = NULL;
  g_autofree char *limit = NULL;
  g_autofree char *contents = NULL;
  gsize length = 0;

  if (path == NULL || *path == '\0')
    {
      g_set_error (error, PSEMS_ERROR, PSEMS_ERROR_INVALID, _("No evidence file given"));
      return NULL;
    }
  shown = g_filename_display_name (path);
  limit = g_format_size_full (PSEMS_EVIDENCE_MAX_SIZE, G_FORMAT_SIZE_IEC_UNITS);
  file = g_file_new_for_path (path);
  info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_TYPE "," G_FILE_ATTRIBUTE_STANDARD_SIZE,
                            G_FILE_QUERY_INFO_NONE, NULL, &local_error);
  if (info == NULL)
    {
      gboolean missing = g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);

      g_set_error (error, PSEMS_ERROR, missing ? PSEMS_ERROR_NOT_FOUND : PSEMS_ERROR_FAILED,
                   missing ? _("“%s” does not exist") : _("Cannot read “%s”: %s"),
                   shown, local_error->message);
      return NULL;
    }
  switch (g_file_info_get_file_type (info))
    {
    case G_FILE_TYPE_REGULAR:
      break;
    case G_FILE_TYPE_DIRECTORY:
      g_set_error (error, PSEMS_ERROR, PSEMS_ERROR_INVALID,
                   _("“%s” is a folder: give a file to keep as evidence"), shown);
      return NULL;
    default:
      g_set_error (error, PSEMS_ERROR, PSEMS_ERROR_INVALID,
                   _("“%s” is not a regular file: give a file to keep as evidence"), shown);
      return NULL;
    }
  if (g_file_info_get_size (info) > PSEMS_EVIDENCE_MAX_SIZE)
    {
      g_autofree char *size = g_format_size_full ((guint64) g_file_info_get_size (info),
                                                  G_FORMAT_SIZE_IEC_UNITS);

      g_set_error (error, PSEMS_ERROR, PSEMS_ERROR_INVALID,
                   _("“%s” is %s; evidence files may be at most %s"), shown, size, limit);
      return NULL;
    }

  if (!g_file_load_contents (file, NULL, &contents, &length, NULL, &local_error))
    {
      g_set_error (error, PSEMS_ERROR, PSEMS_ERROR_FAILED, _("Cannot read “%s”: %s"), shown,
                   local_error->message);
      return NULL;
    }
  /* Checked again: the file may have grown since it was looked at. */
  if (length > PSEMS_EVIDENCE_MAX_SIZE)
    {
      g_autofree char *size = g_format_size_full (length, G_FORMAT_SIZE_IEC_UNITS);

      g_set_error (error, PSEMS_ERROR, PSEMS_ERROR_INVALID,
                   _("“%s” is %s; evidence files may be at most %s"), shown, size, limit);
      return NULL;
    }
  if (length == 0)
    {
      g_set_error (error, PSEMS_ERROR, PSEMS_ERROR_INVALID,
                   _("“%s” is empty: there is nothing to keep as evidence"), shown);
      return NULL;
    }
  *file_name = g_filename_display_basename (path);
  return g_bytes_new_take (g_steal_pointer (&contents), length);
}

/* The media type of @content named @file_name; application/octet-stream
 * when nothing better is known. */
static char *
guess_media_type (const char *file_name,
                  GBytes     *content)
{
  gsize length;
  gconstpointer data = g_bytes_get_data (content, &length);
  g_autofree char *type = g_content_type_guess (file_name, data, length, NULL);
  g_autofree char *mime = type != NULL ? g_content_type_get_mime_type (type) : NULL;

  if (mime == NULL || strchr (mime, '/') == NULL || mime[0] == '/' || g_str_has_suffix (mime, "/"))
    return g_strdup ("application/octet-stream");
  return g_steal_pointer (&mime);
}

/* ───────────────────────────── writing ───────────────────────────── */

/* Inside @txn: the live evidence with @content's SHA-256, or a new row. */
static gint64
insert_or_reuse (PsemsTransaction  *txn,
                 GBytes            *content,
                 const char        *file_name,
                 const char        *description,
                 char             **ref,
                 gboolean          *reused,
                 GError           **error)
{
  PsemsStore *store = psems_transaction_get_store (txn);
  g_autoptr(PsemsCachedStmt) find = NULL;
  g_autoptr(PsemsCachedStmt) stmt = NULL;
  g_autofree char *sha256 = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, content);
  g_autofree char *media_type = guess_media_type (file_name, content);
  g_autofree char *new_ref = NULL;
  g_autofree char *today = psems_day_text_today ();
  g_autofree char *text = psems_sql_dup_field (description);
  g_autofree char *now = NULL;
  gsize length;
  gconstpointer data = g_bytes_get_data (content, &length);
  int year;
  gint64 id;

  find = psems_store_prepare (store,
                              "SELECT id, ref FROM evidence WHERE sha256 = ?1 AND size = ?2"
                              " AND deleted_at IS NULL ORDER BY id LIMIT 1", error);
  if (find == NULL)
    return 0;
  psems_sql_bind_text (find, 1, sha256);
  sqlite3_bind_int64 (find, 2, (sqlite3_int64) length);
  switch (sqlite3_step (find))
    {
    case SQLITE_ROW:
      *reused = TRUE;
      *ref = psems_sql_dup_column (find, 1);
      return sqlite3_column_int64 (find, 0);
    case SQLITE_DONE:
      break;
    default:
      psems_store_set_sqlite_error (store, error, "evidence");
      return 0;
    }

  now = psems_sql_now_stamp (&year);
  new_ref = psems_ref_allocate (txn, "EVD", year, error);
  if (new_ref == NULL)
    return 0;
  stmt = psems_store_prepare (store,
                              "INSERT INTO evidence (ref, file_name, media_type, size, sha256,"
                              " content, description, added_on, added_by)"
                              " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)", error);
  if (stmt == NULL)
    return 0;
  psems_sql_bind_text (stmt, 1, new_ref);
  psems_sql_bind_text (stmt, 2, file_name);
  psems_sql_bind_text (stmt, 3, media_type);
  sqlite3_bind_int64 (stmt, 4, (sqlite3_int64) length);
  psems_sql_bind_text (stmt, 5, sha256);
  sqlite3_bind_blob64 (stmt, 6, data, length, SQLITE_STATIC);
  psems_sql_bind_text (stmt, 7, text);
  psems_sql_bind_text (stmt, 8, today);
  psems_sql_bind_text (stmt, 9, psems_actor_get_name (psems_transaction_get_actor (txn)));
  if (!psems_sql_step_done (store, stmt, file_name, error))
    return 0;
  id = sqlite3_last_insert_rowid (psems_store_get_db (store));
  /* The audit image holds the content's SHA-256, not the content. */
  if (!psems_transaction_record_row (txn, "create", "evidence", id, NULL, error))
    return 0;
  *reused = FALSE;
  *ref = g_steal_pointer (&new_ref);
  return id;
}

/* Inside @txn: links the evidence to the record; an existing link writes nothing. */
static gboolean
attach_in_txn (PsemsTransaction    *txn,
               const EvidenceKind  *k,
               gint64               evidence_id,
               const char          *evidence_ref,
               gint64               record_id,
               const char          *record_label,
               GError             **error)
{
  PsemsStore *store = psems_transaction_get_store (txn);
  g_autofree char *sql = g_strdup_printf ("INSERT OR IGNORE INTO %s (%s, evidence_id)"
                                          " VALUES (?1, ?2)", k->link_table, k->link_column);
  g_autoptr(PsemsCachedStmt) stmt = psems_store_prepare (store, sql, error);
  g_autoptr(GString) after = NULL;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, record_id);
  sqlite3_bind_int64 (stmt, 2, evidence_id);
  if (!psems_sql_step_done (store, stmt, k->link_table, error))
    return FALSE;
  if (sqlite3_changes (psems_store_get_db (store)) == 0)
    return TRUE;

  /* A link row has no entity of its own: the entry is the evidence's, with
   * the link as its after-image (keys in the canonical, sorted order). */
  after = g_string_new ("{\"evidence_id\":");
  g_string_append_printf (after, "%lld,\"kind\":", (long long) evidence_id);
  psems_sql_append_json_string (after, k->kind);
  g_string_append_printf (after, ",\"record\":");
  psems_sql_append_json_string (after, record_label);
  g_string_append_printf (after, ",\"record_id\":%lld}", (long long) record_id);
  return psems_transaction_record (txn, "attach", "evidence", evidence_id, evidence_ref, NULL,
                                   after->str, error);
}

/* Inside @txn: keeps @content (or finds it kept) and links it to the record. */
static gint64
add_in_txn (PsemsTransaction    *txn,
            GBytes              *content,
            const char          *file_name,
            const char          *description,
            const EvidenceKind  *k,
            gint64               record_id,
            char               **ref,
            gboolean            *reused,
            GError             **error)
{
  PsemsStore *store = psems_transaction_get_store (txn);
  g_autofree char *label = NULL;
  g_autofree char *new_ref = NULL;
  gboolean was_reused = FALSE;
  gint64 id;

  if (k != NULL && !lookup_record (store, k, record_id, NULL, &label, error))
    return 0;
  id = insert_or_reuse (txn, content, file_name, description, &new_ref, &was_reused, error);
  if (id <= 0)
    return 0;
  if (k != NULL && !attach_in_txn (txn, k, id, new_ref, record_id, label, error))
    return 0;
  if (ref != NULL)
    *ref = g_steal_pointer (&new_ref);
  if (reused != NULL)
    *reused = was_reused;
  return id;
}

static gint64
add_file (PsemsStore          *store,
          PsemsActor          *actor,
          const char          *path,
          const char          *description,
          const EvidenceKind  *k,
          gint64               record_id,
          char               **ref,
          gboolean            *reused,
          GError             **error)
{
  g_autoptr(PsemsTransaction) txn = NULL;
  g_autoptr(GBytes) content = NULL;
  g_autofree char *file_name = NULL;
  g_autofree char *new_ref = NULL;
  gboolean was_reused = FALSE;
  gint64 facility_id = 0;
  gint64 id;

  /* The record first: a file is not read for a record that is not there;
   * and the file before the write lock is taken. */
  if (k != NULL && !lookup_record (store, k, record_id, &facility_id, NULL, error))
    return 0;
  content = read_evidence_file (path, &file_name, error);
  if (content == NULL)
    return 0;

  txn = psems_transaction_begin (store, actor, PSEMS_OP_CREATE, "evidence", facility_id, error);
  if (txn == NULL)
    return 0;
  id = add_in_txn (txn, content, file_name, description, k, record_id, &new_ref, &was_reused,
                   error);
  if (id <= 0)
    return 0;
  if (!psems_transaction_commit (g_steal_pointer (&txn), error))
    return 0;
  if (ref != NULL)
    *ref = g_steal_pointer (&new_ref);
  if (reused != NULL)
    *reused = was_reused;
  return id;
}

/**
 * psems_evidence_add_in_transaction:
 * @txn: a write in progress, e.g. the one creating the record
 * @kind: (nullable): the kind of record to attach the file to, or %NULL
 * @record_id: with @kind, the record (it may be new in @txn)
 *
 * psems_evidence_add_to() inside another write, for core functions that
 * create a record with its evidence in one go (psems_dos_create()): when
 * the file is refused, the caller's whole write is dropped with it.
 *
 * Returns: the evidence's id, or 0 with @error set.
 */
gint64
psems_evidence_add_in_transaction (PsemsTransaction  *txn,
                                   const char        *path,
                                   const char        *description,
                                   const char        *kind,
                                   gint64             record_id,
                                   char             **ref,
                                   gboolean          *reused,
                                   GError           **error)
{
  const EvidenceKind *k = NULL;
  g_autoptr(GBytes) content = NULL;
  g_autofree char *file_name = NULL;

  g_return_val_if_fail (txn != NULL, 0);
  g_return_val_if_fail (error == NULL || *error == NULL, 0);

  if (kind != NULL && (k = find_kind (kind, error)) == NULL)
    return 0;
  content = read_evidence_file (path, &file_name, error);
  if (content == NULL)
    return 0;
  return add_in_txn (txn, content, file_name, description, k, record_id, ref, reused, error);
}

/**
 * psems_evidence_add:
 * @path: the file, read whole (at most %PSEMS_EVIDENCE_MAX_SIZE bytes)
 * @description: (nullable): what it shows
 * @ref: (out) (optional): the evidence's reference
 * @reused: (out) (optional): %TRUE when the same content was already kept
 *   (nothing was written; the existing evidence is answered)
 *
 * Keeps a file as evidence attached to nothing yet: its name (without
 * folders), media type, size, SHA-256 and content. An empty path, a
 * folder, a missing, unreadable, empty or too large file is refused naming
 * the file, and nothing is written.
 *
 * Returns: the evidence's id, or 0 with @error set.
 */
gint64
psems_evidence_add (PsemsStore  *store,
                    PsemsActor  *actor,
                    const char  *path,
                    const char  *description,
                    char       **ref,
                    gboolean    *reused,
                    GError     **error)
{
  g_return_val_if_fail (PSEMS_IS_STORE (store), 0);
  g_return_val_if_fail (error == NULL || *error == NULL, 0);

  return add_file (store, actor, path, description, NULL, 0, ref, reused, error);
}

/**
 * psems_evidence_add_to:
 * @kind: the kind of record (psems_evidence_kinds())
 * @record_id: the record
 *
 * psems_evidence_add() and psems_evidence_attach() in one write: when the
 * record does not exist, is deleted or the file is refused, nothing is
 * written at all.
 *
 * Returns: the evidence's id, or 0 with @error set.
 */
gint64
psems_evidence_add_to (PsemsStore  *store,
                       PsemsActor  *actor,
                       const char  *path,
                       const char  *description,
                       const char  *kind,
                       gint64       record_id,
                       char       **ref,
                       gboolean    *reused,
                       GError     **error)
{
  const EvidenceKind *k;

  g_return_val_if_fail (PSEMS_IS_STORE (store), 0);
  g_return_val_if_fail (error == NULL || *error == NULL, 0);

  k = find_kind (kind, error);
  if (k == NULL)
    return 0;
  return add_file (store, actor, path, description, k, record_id, ref, reused, error);
}

/**
 * psems_evidence_attach:
 * @kind: the kind of record (psems_evidence_kinds())
 * @record_id: the record, which must exist and not be deleted
 *
 * Attaches kept evidence to a record; attaching it again to the same record
 * writes nothing. The audit trail records the link as an "attach" of the
 * evidence.
 */
gboolean
psems_evidence_attach (PsemsStore  *store,
                       PsemsActor  *actor,
                       gint64       evidence_id,
                       const char  *kind,
                       gint64       record_id,
                       GError     **error)
{
  g_autoptr(PsemsTransaction) txn = NULL;
  g_autoptr(PsemsEvidence) evidence = NULL;
  g_autofree char *label = NULL;
  const EvidenceKind *k;
  gint64 facility_id = 0;

  g_return_val_if_fail (PSEMS_IS_STORE (store), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  k = find_kind (kind, error);
  if (k == NULL)
    return FALSE;
  if (!lookup_record (store, k, record_id, &facility_id, NULL, error))
    return FALSE;

  txn = psems_transaction_begin (store, actor, PSEMS_OP_UPDATE, "evidence", facility_id, error);
  if (txn == NULL)
    return FALSE;
  evidence = psems_evidence_get (store, evidence_id, error);
  if (evidence == NULL)
    return FALSE;
  if (!lookup_record (store, k, record_id, NULL, &label, error))
    return FALSE;
  if (!attach_in_txn (txn, k, evidence_id, evidence->ref, record_id, label, error))
    return FALSE;
  return psems_transaction_commit (g_steal_pointer (&txn), error);
}

/* ───────────────────────────── reading ───────────────────────────── */

/**
 * psems_evidence_get:
 *
 * Returns: (transfer full): the evidence (without its content) and what it
 * is attached to, or %NULL with %PSEMS_ERROR_NOT_FOUND.
 */
PsemsEvidence *
psems_evidence_get (PsemsStore  *store,
                    gint64       id,
                    GError     **error)
{
  g_autoptr(PsemsEvidence) evidence = NULL;

  g_return_val_if_fail (PSEMS_IS_STORE (store), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  evidence = psems_sql_get_row (store,
                                "SELECT " EVIDENCE_COLUMNS " FROM evidence e"
                                " WHERE e.id = ?1 AND e.deleted_at IS NULL", id,
                                (PsemsRowFunc) evidence_from_row, "evidence", error,
                                _("There is no evidence with id %lld"), (long long) id);
  if (evidence == NULL || !read_attachments (store, evidence, error))
    return NULL;
  return g_steal_pointer (&evidence);
}

/**
 * psems_evidence_list:
 * @kind: (nullable): a kind of record, or %NULL for all evidence
 * @record_id: with @kind, the record whose evidence is listed
 *
 * Returns: (transfer full) (element-type PsemsEvidence): live evidence by
 * reference, each with what it is attached to, or %NULL with @error set.
 */
GPtrArray *
psems_evidence_list (PsemsStore  *store,
                     const char  *kind,
                     gint64       record_id,
                     GError     **error)
{
  g_autoptr(PsemsCachedStmt) stmt = NULL;
  g_autoptr(GPtrArray) list = NULL;

  g_return_val_if_fail (PSEMS_IS_STORE (store), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (kind == NULL)
    stmt = psems_store_prepare (store,
                                "SELECT " EVIDENCE_COLUMNS " FROM evidence e"
                                " WHERE e.deleted_at IS NULL ORDER BY e.id", error);
  else
    {
      const EvidenceKind *k = find_kind (kind, error);
      g_autofree char *sql = NULL;

      if (k == NULL)
        return NULL;
      sql = g_strdup_printf ("SELECT " EVIDENCE_COLUMNS " FROM evidence e JOIN %s l"
                             " ON l.evidence_id = e.id WHERE l.%s = ?1 AND e.deleted_at IS NULL"
                             " ORDER BY e.id", k->link_table, k->link_column);
      stmt = psems_store_prepare (store, sql, error);
      if (stmt != NULL)
        sqlite3_bind_int64 (stmt, 1, record_id);
    }
  if (stmt == NULL)
    return NULL;
  list = psems_sql_collect_rows (store, stmt, (PsemsRowFunc) evidence_from_row,
                                 (GDestroyNotify) psems_evidence_free, "evidence", error);
  if (list == NULL)
    return NULL;
  for (guint i = 0; i < list->len; i++)
    if (!read_attachments (store, g_ptr_array_index (list, i), error))
      return NULL;
  return g_steal_pointer (&list);
}

/**
 * psems_evidence_resolve:
 * @text: an evidence reference, EVD-2026-0001, in any letter case
 *
 * Returns: its id, or 0 with @error set naming @text.
 */
gint64
psems_evidence_resolve (PsemsStore  *store,
                        const char  *text,
                        GError     **error)
{
  g_autofree char *trimmed = NULL;

  g_return_val_if_fail (PSEMS_IS_STORE (store), 0);
  g_return_val_if_fail (error == NULL || *error == NULL, 0);

  trimmed = psems_sql_dup_field (text);
  if (trimmed == NULL)
    {
      g_set_error (error, PSEMS_ERROR, PSEMS_ERROR_INVALID,
                   _("No evidence given: name it by its reference, EVD-YYYY-NNNN"));
      return 0;
    }
  return psems_ref_resolve (store, "evidence", trimmed, error);
}

/**
 * psems_evidence_get_content:
 *
 * The file's bytes, checked against the stored size and SHA-256 first.
 *
 * Returns: (transfer full): the content, or %NULL with
 * %PSEMS_ERROR_NOT_FOUND or %PSEMS_ERROR_CORRUPT (naming the reference)
 * when the content no longer matches its SHA-256.
 */
GBytes *
psems_evidence_get_content (PsemsStore  *store,
                            gint64       id,
                            GError     **error)
{
  g_autoptr(PsemsCachedStmt) stmt = NULL;
  g_autoptr(GBytes) content = NULL;
  g_autofree char *actual = NULL;
  const char *ref;
  const char *expected;
  gint64 size;

  g_return_val_if_fail (PSEMS_IS_STORE (store), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  stmt = psems_store_prepare (store,
                              "SELECT ref, file_name, size, sha256, content FROM evidence"
                              " WHERE id = ?1 AND deleted_at IS NULL", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);
  switch (sqlite3_step (stmt))
    {
    case SQLITE_ROW:
      break;
    case SQLITE_DONE:
      g_set_error (error, PSEMS_ERROR, PSEMS_ERROR_NOT_FOUND,
                   _("There is no evidence with id %lld"), (long long) id);
      return NULL;
    default:
      psems_store_set_sqlite_error (store, error, "evidence");
      return NULL;
    }

  ref = (const char *) sqlite3_column_text (stmt, 0);
  size = sqlite3_column_int64 (stmt, 2);
  expected = (const char *) sqlite3_column_text (stmt, 3);
  content = g_bytes_new (sqlite3_column_blob (stmt, 4), (gsize) sqlite3_column_bytes (stmt, 4));
  actual = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, content);
  if ((gint64) g_bytes_get_size (content) != size || g_strcmp0 (actual, expected) != 0)
    {
      g_set_error (error, PSEMS_ERROR, PSEMS_ERROR_CORRUPT,
                   _("%s (%s): the stored content no longer matches its SHA-256 (recorded %s, "
                     "found %s): it was changed outside PSeMS; restore the database from a "
                     "backup"), ref, (const char *) sqlite3_column_text (stmt, 1), expected,
                   actual);
      return NULL;
    }
  return g_steal_pointer (&content);
}

/**
 * psems_evidence_save_to:
 * @path: where to write the file
 * @overwrite: replace an existing file at @path; otherwise one is refused
 *
 * Writes the evidence's content (checked as psems_evidence_get_content()
 * does) to @path atomically: a reader sees the old file or the whole new
 * one, never a part.
 */
gboolean
psems_evidence_save_to (PsemsStore  *store,
                        gint64       id,
                        const char  *path,
                        gboolean     overwrite,
                        GError     **error)
{
  g_autoptr(GBytes) content = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *shown = NULL;
  gsize length;
  gconstpointer data;

  g_return_val_if_fail (PSEMS_IS_STORE (store), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  shown = g_filename_display_name (path);
  if (*path == '\0')
    {
      g_set_error (error, PSEMS_ERROR, PSEMS_ERROR_INVALID, _("No file to write the evidence to"));
      return FALSE;
    }
  if (g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, PSEMS_ERROR, PSEMS_ERROR_INVALID,
                   _("“%s” is a folder: give the name of the file to write"), shown);
      return FALSE;
    }
  if (!overwrite && g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, PSEMS_ERROR, PSEMS_ERROR_INVALID,
                   _("“%s” already exists; it is not replaced unless asked to"), shown);
      return FALSE;
    }
  content = psems_evidence_get_content (store, id, error);
  if (content == NULL)
    return FALSE;
  data = g_bytes_get_data (content, &length);
  if (!g_file_set_contents_full (path, data, (gssize) length,
                                 G_FILE_SET_CONTENTS_CONSISTENT | G_FILE_SET_CONTENTS_ONLY_EXISTING,
                                 0666, &local_error))
    {
      g_set_error (error, PSEMS_ERROR, PSEMS_ERROR_FAILED, _("Cannot write “%s”: %s"), shown,
                   local_error->message);
      return FALSE;
    }
  return TRUE;
}
