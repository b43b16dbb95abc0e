/* psems-pack.c — a facility's compliance pack: options, the cover and contents, the sections in
 * order, the write, FILE.pdf.sha256 beside it and the one audit entry that records the export. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>
#include <unistd.h>

#include "psems-pack-private.h"

/* Building the document takes this share of the progress; writing it the rest but a sliver,
 * which the checksum file and the audit entry take. */
#define BUILD_SHARE 0.3
#define WRITE_SHARE 0.68

/* A marking is a short label printed on every page. */
#define MARKING_MAX_CHARS 64

typedef struct
{
  PsemsPackSection bit;
  const char *key;
  const char *title;
  PsemsPackSectionFunc add;
} SectionInfo;

static const SectionInfo section_infos[PSEMS_PACK_N_SECTIONS] = {
  { PSEMS_PACK_SUMMARY, "summary",
    N_("Facility summary"), psems_pack_add_summary },
  { PSEMS_PACK_PLAN, "plan",
    N_("Port facility security plan"), psems_pack_add_plan },
  { PSEMS_PACK_PFSA, "pfsa",
    N_("Port facility security assessment"), psems_pack_add_pfsa },
  { PSEMS_PACK_CONTROLS, "controls",
    N_("Controls by layer and domain"), psems_pack_add_controls },
  { PSEMS_PACK_DIAGRAM, "diagram",
    N_("Defence-in-depth diagram"), psems_pack_add_diagram },
  { PSEMS_PACK_THREATS, "threats",
    N_("Threat scenarios and residual risk"), psems_pack_add_threats },
  { PSEMS_PACK_SCHEDULE, "schedule",
    N_("Schedule compliance"), psems_pack_add_schedule },
  { PSEMS_PACK_DECLARATIONS, "declarations",
    N_("Declarations of security"), psems_pack_add_declarations },
  { PSEMS_PACK_FINDINGS, "findings",
    N_("Findings and corrective actions"), psems_pack_add_findings },
  { PSEMS_PACK_GAP, "gap",
    N_("GAP self-assessment scores"), psems_pack_add_gap },
  { PSEMS_PACK_INCIDENTS, "incidents",
    N_("Incidents and lessons learned"), psems_pack_add_incidents },
  { PSEMS_PACK_EVIDENCE, "evidence",
    N_("Evidence register"), psems_pack_add_evidence },
  { PSEMS_PACK_PERSONNEL, "personnel",
    N_("Personnel and vetting"), psems_pack_add_personnel },
  { PSEMS_PACK_SIGNOFF, "signoff",
    N_("Sign-off"), psems_pack_add_signoff },
};

static const SectionInfo *
find_section (PsemsPackSection section)
{
  for (guint i = 0; i < G_N_ELEMENTS (section_infos); i++)
    if (section_infos[i].bit == section)
      return &section_infos[i];
  return NULL;
}

const char *
psems_pack_section_to_string (PsemsPackSection section)
{
  const SectionInfo *info = find_section (section);

  g_return_val_if_fail (info != NULL, NULL);
  return info->key;
}

const char *
psems_pack_section_get_title (PsemsPackSection section)
{
  const SectionInfo *info = find_section (section);

  g_return_val_if_fail (info != NULL, NULL);
  return _(info->title);
}

gboolean
psems_pack_sections_parse (const char  *list,
                           guint       *sections,
                           GError     **error)
{
  g_auto(GStrv) keys = NULL;
  guint bits = 0;

  g_return_val_if_fail (sections != NULL, FALSE);

  if (list == NULL)
    list = "";
  keys = g_strsplit (list, ",", -1);
  for (guint i = 0; keys[i] != NULL; i++)
    {
      const char *key = g_strstrip (keys[i]);
      gboolean known = FALSE;

      if (*key == '\0')
        continue;
      if (g_ascii_strcasecmp (key, "all") == 0)
        {
          bits |= PSEMS_PACK_ALL_SECTIONS;
          continue;
        }
      for (guint k = 0; k < G_N_ELEMENTS (section_infos) && !known; k++)
        if (g_ascii_strcasecmp (key, section_infos[k].key) == 0)
          {
            bits |= section_infos[k].bit;
            known = TRUE;
          }
      if (!known)
        {
          g_autoptr(GString) valid = g_string_new ("all");

          for (guint k = 0; k < G_N_ELEMENTS (section_infos); k++)
            g_string_append_printf (valid, ", %s", section_infos[k].key);
          g_set_error (error, PSEMS_ERROR, PSEMS_ERROR_INVALID,
                       _("sections: “%s” is not a section of a pack (one of %s)"), key, valid->str);
          return FALSE;
        }
    }
  if (bits == 0)
    {
      g_set_error (error, PSEMS_ERROR, PSEMS_ERROR_INVALID,
                   _("sections: no section given; name at least one, or “all”"));
      return FALSE;
    }
  *sections = bits;
  return TRUE;
}

PsemsPackOptions *
psems_pack_options_new (void)
{
  return g_new0 (PsemsPackOptions, 1);
}

void
psems_pack_options_free (PsemsPackOptions *options)
{
  if (options == NULL)
    return;
  g_free (options->as_of);
  g_free (options->marking);
  g_free (options->logo_path);
  g_free (options->prepared_by);
  g_free (options);
}

void
psems_pack_result_clear (PsemsPackResult *result)
{
  g_return_if_fail (result != NULL);
  g_clear_pointer (&result->sha256_path, g_free);
  g_clear_pointer (&result->audit_head, g_free);
  memset (result, 0, sizeof *result);
}

/* ───────────────────────────── progress ───────────────────────────── */

typedef struct
{
  PsemsPackProgressFunc func;
  gpointer data;
  guint index;               /* the section being built, 0 … n - 1 */
  guint n;                   /* sections to build */
  const char *title;         /* the section being built */
} Progress;

static void
report (Progress   *progress,
        double      fraction,
        const char *what)
{
  if (progress->func != NULL)
    progress->func (CLAMP (fraction, 0.0, 1.0), what, progress->data);
}

static void
step_cb (gpointer    data,
         double      within,
         const char *what)
{
  Progress *progress = data;
  double share = BUILD_SHARE / MAX (progress->n, 1);

  report (progress, share * (progress->index + CLAMP (within, 0.0, 1.0)),
          what != NULL ? what : progress->title);
}

static void
write_progress_cb (guint    done,
                   guint    total,
                   gpointer user_data)
{
  Progress *progress = user_data;
  g_autofree char *what = NULL;

  if (progress->func == NULL || total == 0)
    return;
  /* Translators: progress while the pack's PDF is written */
  what = g_strdup_printf (_("Writing page %u of %u"), done, total);
  report (progress, BUILD_SHARE + WRITE_SHARE * done / total, what);
}

/* ───────────────────────────── checks ───────────────────────────── */

static gboolean
check_as_of (const char  *text,
             char       **as_of,
             GError     **error)
{
  PsemsDay day;
  g_autofree char *iso = NULL;

  if (text == NULL || *text == '\0')
    {
      *as_of = psems_day_format_iso (psems_day_today ());
      return TRUE;
    }
  day = psems_day_parse (text);
  iso = day != PSEMS_DAY_NONE ? psems_day_format_iso (day) : NULL;
  if (iso == NULL || strcmp (iso, text) != 0)
    {
      g_set_error (error, PSEMS_ERROR, PSEMS_ERROR_INVALID,
                   _("as_of: “%s” is not a day; write YYYY-MM-DD"), text);
      return FALSE;
    }
  if (day > psems_day_today ())
    {
      g_set_error (error, PSEMS_ERROR, PSEMS_ERROR_INVALID,
                   _("as_of: %s is in the future; a pack states what was, as of today or a day "
                     "before"), text);
      return FALSE;
    }
  *as_of = g_steal_pointer (&iso);
  return TRUE;
}

static gboolean
check_marking (const char  *marking,
               GError     **error)
{
  if (marking == NULL)
    return TRUE;
  if (!g_utf8_validate (marking, -1, NULL))
    {
      g_set_error (error, PSEMS_ERROR, PSEMS_ERROR_INVALID,
                   _("marking: the text is not valid UTF-8"));
      return FALSE;
    }
  if (g_utf8_strlen (marking, -1) > MARKING_MAX_CHARS || strpbrk (marking, "\r\n\t") != NULL)
    {
      g_set_error (error, PSEMS_ERROR, PSEMS_ERROR_INVALID,
                   _("marking: “%s” is not a short one-line label (at most %d characters, e.g. "
                     "OFFICIAL-SENSITIVE or SSI)"), marking, MARKING_MAX_CHARS);
      return FALSE;
    }
  return TRUE;
}

/* Refuses at once what the write would refuse after all the work: a folder that is missing or
 * cannot be written, a path that is a folder, a logo that is not there. */
static gboolean
check_paths (const PsemsPackOptions  *options,
             const char              *path,
             GError                 **error)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *base = g_path_get_basename (path);

  if (*path == '\0' || g_str_has_suffix (path, G_DIR_SEPARATOR_S) || strcmp (base, ".") == 0)
    {
      g_set_error (error, PSEMS_ERROR, PSEMS_ERROR_INVALID,
                   _("“%s” is not a file name to write the pack to"), path);
      return FALSE;
    }
  if (!g_file_test (dir, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, PSEMS_ERROR, PSEMS_ERROR_FAILED,
                   _("Cannot write the pack to “%s”: the folder “%s” does not exist"), path, dir);
      return FALSE;
    }
  if (!g_file_test (dir, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, PSEMS_ERROR, PSEMS_ERROR_FAILED,
                   _("Cannot write the pack to “%s”: “%s” is not a folder"), path, dir);
      return FALSE;
    }
  if (access (dir, W_OK | X_OK) != 0)
    {
      int saved = errno;

      g_set_error (error, PSEMS_ERROR, PSEMS_ERROR_FAILED,
                   _("Cannot write the pack to “%s”: the folder “%s” cannot be written (%s)"),
                   path, dir, g_strerror (saved));
      return FALSE;
    }
  if (g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, PSEMS_ERROR, PSEMS_ERROR_FAILED,
                   _("Cannot write the pack to “%s”: it is a folder"), path);
      return FALSE;
    }
  if (options->logo_path != NULL && *options->logo_path != '\0' &&
      !g_file_test (options->logo_path, G_FILE_TEST_IS_REGULAR))
    {
      g_set_error (error, PSEMS_ERROR, PSEMS_ERROR_INVALID,
                   _("logo: “%s” is not a file (give a PNG or JPEG image)"), options->logo_path);
      return FALSE;
    }
  return TRUE;
}

/* ───────────────────────────── the cover ───────────────────────────── */

int
psems_pack_level_on (PsemsPackContext  *ctx,
                     GError           **error)
{
  g_autoptr(GPtrArray) changes = psems_facility_list_level_changes (ctx->store, ctx->facility->id,
                                                                    error);
  g_autofree char *end = g_strdup_printf ("%sT23:59:59Z", ctx->as_of);
  const char *latest = NULL;
  int level = 0;

  if (changes == NULL)
    return -1;
  g_ptr_array_set_free_func (changes, (GDestroyNotify) psems_level_change_free);
  for (guint i = 0; i < changes->len; i++)
    {
      const PsemsLevelChange *change = g_ptr_array_index (changes, i);

      if (change->changed_at != NULL && strcmp (change->changed_at, end) <= 0 &&
          (latest == NULL || strcmp (change->changed_at, latest) >= 0))
        {
          latest = change->changed_at;
          level = change->level;
        }
    }
  return level;
}

static gboolean
add_cover (PsemsPackContext *ctx,
           const char       *reference,
           const char       *audit_head,
           const char       *prepared_by,
           GError          **error)
{
  const PsemsFacility *facility = ctx->facility;
  g_autofree char *title = NULL;
  g_autofree char *subtitle = NULL;
  g_autofree char *facility_text = NULL;
  g_autofree char *level_text = NULL;
  g_autofree char *today = psems_day_format (psems_day_today ());
  const char *marking = ctx->options->marking != NULL && *ctx->options->marking != '\0'
                        ? ctx->options->marking : _("None");
  int level = psems_pack_level_on (ctx, error);
  /* In four groups of 16 hex digits, as the evidence register prints digests: it fits the
   * cover's column and the eye can compare it. */
  g_autofree char *head = g_strdup_printf ("%.16s %.16s %.16s %.16s", audit_head, audit_head + 16,
                                           audit_head + 32, audit_head + 48);

  if (level < 0)
    return FALSE;
  /* Translators: the cover's title; %s is the facility's name */
  title = g_strdup_printf (_("Compliance pack: %s"), facility->name);
  /* Translators: the cover's subtitle; %s is a day ("26 November 2026") */
  subtitle = g_strdup_printf (_("Port facility security under the ISPS Code, as of %s"),
                              ctx->as_of_text);
  /* Translators: the facility's name, then its reference and code */
  facility_text = g_strdup_printf (_("%s (%s, %s)"), facility->name, facility->ref, facility->code);
  if (level > 0)
    /* Translators: the security level on the as-of day; %d is 1, 2 or 3 */
    level_text = g_strdup_printf (_("Security level %d"), level);
  else
    level_text = g_strdup (_("Not recorded by then"));

  {
    const char *rows[] = {
      _("Facility"), facility_text,
      _("UN/LOCODE"), facility->un_locode,
      _("Security level"), level_text,
      _("Pack date"), today,
      _("As of"), ctx->as_of_text,
      _("Prepared by"), prepared_by,
      _("Marking"), marking,
      _("Pack reference"), reference,
      _("Audit trail head"), head,
      NULL
    };

    psems_pdf_doc_add_cover (ctx->doc, ctx->options->logo_path, title, subtitle, rows);
  }
  return TRUE;
}

/* ───────────────────────────── the audit entry ───────────────────────────── */

static char *
build_after_image (PsemsPackContext      *ctx,
                   const char            *path,
                   const PsemsPackResult *result)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *base = g_path_get_basename (path);

  /* Keys in ascending byte order, as every image in the trail. */
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "as_of");
  json_builder_add_string_value (builder, ctx->as_of);
  json_builder_set_member_name (builder, "audit_head");
  json_builder_add_string_value (builder, result->audit_head);
  json_builder_set_member_name (builder, "file");
  json_builder_add_string_value (builder, base);
  json_builder_set_member_name (builder, "marking");
  if (ctx->options->marking != NULL && *ctx->options->marking != '\0')
    json_builder_add_string_value (builder, ctx->options->marking);
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "pages");
  json_builder_add_int_value (builder, result->n_pages);
  json_builder_set_member_name (builder, "personnel_names");
  json_builder_add_boolean_value (builder, ctx->names_allowed);
  json_builder_set_member_name (builder, "reference");
  json_builder_add_string_value (builder, result->reference);
  json_builder_set_member_name (builder, "sections");
  json_builder_begin_array (builder);
  for (guint i = 0; i < G_N_ELEMENTS (section_infos); i++)
    if (ctx->sections & section_infos[i].bit)
      json_builder_add_string_value (builder, section_infos[i].key);
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "sha256");
  json_builder_add_string_value (builder, result->sha256);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  return json_to_string (root, FALSE);
}

static gboolean
record_export (PsemsPackContext      *ctx,
               const char            *path,
               const PsemsPackResult *result,
               GError               **error)
{
  g_autoptr(PsemsTransaction) txn = NULL;
  g_autofree char *after = build_after_image (ctx, path, result);

  txn = psems_transaction_begin (ctx->store, ctx->actor, PSEMS_OP_READ, "facility",
                                 ctx->facility->id, error);
  if (txn == NULL)
    return FALSE;
  if (!psems_transaction_record (txn, "export", "facility", ctx->facility->id, ctx->facility->ref,
                                 NULL, after, error))
    return FALSE;
  return psems_transaction_commit (g_steal_pointer (&txn), error);
}

/* ───────────────────────────── the export ───────────────────────────── */

static void
context_clear (PsemsPackContext *ctx)
{
  g_clear_pointer (&ctx->facility, psems_facility_free);
  g_clear_pointer (&ctx->doc, psems_pdf_doc_free);
  g_clear_pointer (&ctx->as_of, g_free);
  g_clear_pointer (&ctx->as_of_text, g_free);
  g_clear_pointer (&ctx->as_of_instant, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (PsemsPackContext, context_clear)
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (PsemsPackResult, psems_pack_result_clear)

static void
remove_written (const char *path,
                const char *sha256_path)
{
  if (path != NULL)
    g_unlink (path);
  if (sha256_path != NULL)
    g_unlink (sha256_path);
}

/**
 * psems_pack_export:
 *
 * See psems-pack.h. The export is a read of the facility's records; it is
 * recorded as one audit entry ("export", the facility, an after-image naming
 * the file, its SHA-256, pages, sections, as-of day and marking) written after
 * the file, so the trail never claims a pack that does not exist.
 */
gboolean
psems_pack_export (PsemsStore             *store,
                   PsemsActor             *actor,
                   const PsemsPackOptions *options,
                   const char             *path,
                   PsemsPackProgressFunc   progress,
                   gpointer                progress_data,
                   GCancellable           *cancellable,
                   PsemsPackResult        *result,
                   GError                **error)
{
  g_auto(PsemsPackContext) ctx = { 0 };
  g_auto(PsemsPackResult) out = { 0 };
  PsemsPdfResult written = { 0 };
  Progress prog = { progress, progress_data, 0, 0, NULL };
  g_autofree char *prepared_by = NULL;
  g_autofree char *title = NULL;
  g_autofree char *subject = NULL;
  g_autofree char *keywords = NULL;
  g_autofree char *today_iso = NULL;
  g_autofree char *compact = NULL;
  g_autofree char *sha_text = NULL;
  g_autofree char *base = NULL;
  g_autoptr(GError) local = NULL;
  guint number = 0;
  gboolean landscape = FALSE;

  g_return_val_if_fail (PSEMS_IS_STORE (store), FALSE);
  g_return_val_if_fail (options != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  /* Everything that can be refused is refused before any work. */
  if (!psems_actor_check (actor, PSEMS_OP_READ, "facility", options->facility_id, error))
    return FALSE;
  if (options->facility_id <= 0)
    {
      g_set_error (error, PSEMS_ERROR, PSEMS_ERROR_INVALID,
                   _("facility: no facility chosen for the pack"));
      return FALSE;
    }
  ctx.sections = options->sections != 0 ? options->sections : PSEMS_PACK_ALL_SECTIONS;
  if ((ctx.sections & ~PSEMS_PACK_ALL_SECTIONS) != 0)
    {
      g_set_error (error, PSEMS_ERROR, PSEMS_ERROR_INVALID,
                   _("sections: 0x%x holds bits that are not sections of a pack"),
                   options->sections);
      return FALSE;
    }
  if (!check_as_of (options->as_of, &ctx.as_of, error) ||
      !check_marking (options->marking, error) ||
      !check_paths (options, path, error))
    return FALSE;
  if (psems_store_get_read_only (store))
    {
      g_set_error (error, PSEMS_ERROR, PSEMS_ERROR_READ_ONLY,
                   _("“%s” is open read-only: a pack's export is recorded in the audit "
                     "trail, so the database must be writable"), psems_store_get_path (store));
      return FALSE;
    }
  ctx.facility = psems_facility_get (store, options->facility_id, error);
  if (ctx.facility == NULL)
    return FALSE;
  if (options->include_personnel && (ctx.sections & PSEMS_PACK_PERSONNEL))
    {
      if (!psems_actor_check (actor, PSEMS_OP_READ, "vetting", options->facility_id, &local))
        {
          g_set_error (error, PSEMS_ERROR, PSEMS_ERROR_PERMISSION,
                       _("The personnel list of %s names persons and their vetting, which %s may "
                         "not read: %s. Export the pack without the names."),
                       ctx.facility->ref, actor != NULL ? psems_actor_get_name (actor) : _("nobody"),
                       local->message);
          return FALSE;
        }
      ctx.names_allowed = TRUE;
    }

  ctx.store = store;
  ctx.actor = actor;
  ctx.options = options;
  ctx.cancellable = cancellable;
  ctx.as_of_day = psems_day_parse (ctx.as_of);
  psems_day_to_date (ctx.as_of_day, &ctx.as_of_date);
  ctx.as_of_text = psems_day_format (ctx.as_of_day);
  ctx.as_of_instant = g_strdup_printf ("%sT23:59:59Z", ctx.as_of);
  ctx.reference = out.reference;
  ctx.step = step_cb;
  ctx.step_data = &prog;

  out.audit_head = psems_audit_dup_head (store, error);
  if (out.audit_head == NULL)
    return FALSE;
  today_iso = psems_day_format_iso (psems_day_today ());
  compact = g_strdup (today_iso);
  {
    char *w = compact;

    for (const char *r = today_iso; *r != '\0'; r++)
      if (*r != '-')
        *w++ = *r;
    *w = '\0';
  }
  g_snprintf (out.reference, sizeof out.reference, "PACK-%s-%s", ctx.facility->ref, compact);
  prepared_by = g_strdup (options->prepared_by != NULL && *options->prepared_by != '\0'
                          ? options->prepared_by
                          : actor != NULL ? psems_actor_get_name (actor) : "");

  ctx.doc = psems_pdf_doc_new (PSEMS_PDF_A4_PORTRAIT);
  /* Translators: the PDF's document title; %s is the facility's name */
  title = g_strdup_printf (_("Compliance pack: %s"), ctx.facility->name);
  /* Translators: the PDF's subject; the pack's reference, then the as-of day */
  subject = g_strdup_printf (_("%s, as of %s"), out.reference, ctx.as_of);
  keywords = g_strdup_printf ("ISPS; PFSP; %s; %s; %s", ctx.facility->ref, ctx.facility->code,
                              ctx.facility->un_locode != NULL ? ctx.facility->un_locode : "");
  psems_pdf_doc_set_info (ctx.doc, title, prepared_by, subject, keywords);
  psems_pdf_doc_set_header (ctx.doc, ctx.facility->name,
                            options->marking != NULL && *options->marking != '\0'
                            ? options->marking : NULL);
  psems_pdf_doc_set_footer (ctx.doc, options->marking != NULL && *options->marking != '\0'
                                     ? options->marking : NULL);
  if (!add_cover (&ctx, out.reference, out.audit_head, prepared_by, error))
    return FALSE;
  psems_pdf_doc_add_contents (ctx.doc, _("Contents"));

  for (guint i = 0; i < G_N_ELEMENTS (section_infos); i++)
    if (ctx.sections & section_infos[i].bit)
      prog.n++;
  for (guint i = 0; i < G_N_ELEMENTS (section_infos); i++)
    {
      const SectionInfo *info = &section_infos[i];
      g_autofree char *heading = NULL;

      if (!(ctx.sections & info->bit))
        continue;
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
      prog.title = _(info->title);
      step_cb (&prog, 0.0, prog.title);
      /* Translators: a numbered section heading of the pack: "3. Controls by layer and domain" */
      heading = g_strdup_printf (_("%u. %s"), ++number, _(info->title));
      /* The diagram is wide: it gets landscape pages of its own. */
      if (info->bit == PSEMS_PACK_DIAGRAM)
        {
          psems_pdf_doc_set_page_size (ctx.doc, PSEMS_PDF_A4_LANDSCAPE);
          landscape = TRUE;
        }
      else if (landscape)
        {
          psems_pdf_doc_set_page_size (ctx.doc, PSEMS_PDF_A4_PORTRAIT);
          landscape = FALSE;
        }
      psems_pdf_doc_add_heading (ctx.doc, 1, heading);
      if (!info->add (&ctx, error))
        {
          g_prefix_error (error, _("%s: "), _(info->title));
          return FALSE;
        }
      prog.index++;
    }
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;

  report (&prog, BUILD_SHARE, _("Writing the pack"));
  if (!psems_pdf_doc_write (ctx.doc, path, write_progress_cb, &prog, cancellable, &written,
                            error))
    return FALSE;

  /* From here on a failure removes what was written: no pack without its checksum and its
   * audit entry. */
  out.n_pages = written.n_pages;
  out.n_bytes = written.n_bytes;
  memcpy (out.sha256, written.sha256, sizeof out.sha256);
  out.sha256_path = g_strconcat (path, ".sha256", NULL);
  base = g_path_get_basename (path);
  /* The sha256sum format, so `sha256sum -c FILE.pdf.sha256` checks it beside the pack. */
  sha_text = g_strdup_printf ("%s  %s\n", out.sha256, base);
  if (!g_file_set_contents (out.sha256_path, sha_text, -1, &local))
    {
      remove_written (path, NULL);
      g_set_error (error, PSEMS_ERROR, PSEMS_ERROR_FAILED,
                   _("Cannot write the checksum file “%s”: %s; the pack “%s” was removed"),
                   out.sha256_path, local->message, path);
      return FALSE;
    }
  report (&prog, BUILD_SHARE + WRITE_SHARE, _("Recording the export in the audit trail"));
  if (!record_export (&ctx, path, &out, &local))
    {
      remove_written (path, out.sha256_path);
      g_set_error (error, local->domain, local->code,
                   _("Cannot record the export of “%s” in the audit trail: %s; the pack was "
                     "removed"), path, local->message);
      return FALSE;
    }
  report (&prog, 1.0, _("Done"));

  if (result != NULL)
    {
      *result = out;
      memset (&out, 0, sizeof out);
    }
  return TRUE;
}
