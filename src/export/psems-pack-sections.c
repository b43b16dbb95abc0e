/* psems-pack-sections.c — the sections of a compliance pack, one function each, filling the
 * document from the core modules' public functions as of the pack's day. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "psems-diagram-pdf.h"
#include "psems-diagram.h"
#include "psems-pack-private.h"

/* Persons are read and added to the list this many at a time, so memory stays flat and
 * cancellation is noticed. */
#define PERSON_CHUNK 2048
#define PERSON_SLICE 8192    /* ids per worker and round */
#define PERSON_THREADS 4
#define PERSON_PARALLEL_MIN 1024   /* fewer are read on the pack's own connection */
#define EXPIRY_WINDOW_DAYS 90
#define HISTORY_MONTHS 24
#define UPCOMING_DAYS 90

/* ───────────────────────────── helpers ───────────────────────────── */

static const char *
text_or_dash (const char *text)
{
  return text != NULL && *text != '\0' ? text : "—";
}

static const char *
yes_no (gboolean value)
{
  return value ? _("Yes") : _("No");
}

/* "2026-11-26T10:04:00Z" → "2026-11-26 10:04 UTC". */
static char *
format_stamp (const char *stamp)
{
  if (stamp == NULL || strlen (stamp) < 16)
    return g_strdup (stamp);
  /* Translators: a UTC time in a table: the day, then hours and minutes */
  return g_strdup_printf (_("%.10s %.5s UTC"), stamp, stamp + 11);
}

static char *
format_percent (double value)
{
  return g_strdup_printf ("%.0f %%", value);
}

static char *
format_count (guint value)
{
  return g_strdup_printf ("%u", value);
}

static gboolean
day_on_or_before (const char *day,
                  const char *limit)
{
  return day != NULL && strncmp (day, limit, 10) <= 0;
}

static PsemsDay
months_before (PsemsDay day,
               guint    months)
{
  GDate date;

  psems_day_to_date (day, &date);
  g_date_subtract_months (&date, months);
  return psems_day_from_date (&date);
}

static gboolean
check_cancelled (PsemsPackContext  *ctx,
                 GError           **error)
{
  return g_cancellable_set_error_if_cancelled (ctx->cancellable, error);
}

static void
note_current_state (PsemsPackContext *ctx,
                    const char       *what)
{
  g_autofree char *text = NULL;
  g_autofree char *today = psems_day_format (psems_day_today ());

  /* Translators: first %s says what ("The plan's status, approval and elements"), then the pack
   * day, then the as-of day */
  text = g_strdup_printf (_("%s are shown as they stand on the pack date, %s, not as of %s: the "
                            "database keeps their current state, not their history."),
                          what, today, ctx->as_of_text);
  psems_pdf_doc_add_note (ctx->doc, text);
}

static void
note_as_of (PsemsPackContext *ctx,
            const char       *what)
{
  g_autofree char *text = NULL;

  /* Translators: %s says what ("Deadlines met and missed"), then the as-of day */
  text = g_strdup_printf (_("%s are computed as of %s: what happened after that day is left out."),
                          what, ctx->as_of_text);
  psems_pdf_doc_add_note (ctx->doc, text);
}

/* #rrggbb → 0xRRGGBB, lightened towards white by @mix (0 … 1) so black text stays legible. */
static PsemsPdfColour
parse_colour (const char *text,
              double      mix)
{
  guint value = 0xCCCCCC;
  guint r, g, b;

  if (text != NULL && text[0] == '#' && strlen (text) == 7)
    value = (guint) g_ascii_strtoull (text + 1, NULL, 16);
  r = (value >> 16) & 0xFF;
  g = (value >> 8) & 0xFF;
  b = value & 0xFF;
  r = (guint) (r + (255 - r) * mix);
  g = (guint) (g + (255 - g) * mix);
  b = (guint) (b + (255 - b) * mix);
  return (r << 16) | (g << 8) | b;
}

static void
colour_components (const char *text,
                   double     *r,
                   double     *g,
                   double     *b)
{
  PsemsPdfColour c = parse_colour (text, 0.0);

  *r = ((c >> 16) & 0xFF) / 255.0;
  *g = ((c >> 8) & 0xFF) / 255.0;
  *b = (c & 0xFF) / 255.0;
}

/* ───────────────────────────── summary ───────────────────────────── */

gboolean
psems_pack_add_summary (PsemsPackContext  *ctx,
                        GError           **error)
{
  const PsemsFacility *f = ctx->facility;
  g_autoptr(GPtrArray) areas = NULL;
  g_autoptr(GPtrArray) changes = NULL;
  g_autofree char *level_text = NULL;
  g_autofree char *current_text = NULL;
  g_autofree char *n_areas = NULL;
  g_autofree char *end = g_strdup_printf ("%sT23:59:59Z", ctx->as_of);
  PsemsPdfTable *table;
  int level = psems_pack_level_on (ctx, error);

  if (level < 0)
    return FALSE;
  areas = psems_area_list (ctx->store, f->id, FALSE, error);
  if (areas == NULL)
    return FALSE;
  g_ptr_array_set_free_func (areas, (GDestroyNotify) psems_area_free);
  changes = psems_facility_list_level_changes (ctx->store, f->id, error);
  if (changes == NULL)
    return FALSE;
  g_ptr_array_set_free_func (changes, (GDestroyNotify) psems_level_change_free);

  level_text = level > 0 ? g_strdup_printf (_("Level %d"), level) : g_strdup (_("Not recorded"));
  current_text = g_strdup_printf (_("Level %d"), f->security_level);
  n_areas = format_count (areas->len);
  {
    const char *rows[] = {
      _("Name"), f->name,
      _("Reference"), f->ref,
      _("Code"), f->code,
      _("Kind"), psems_facility_kind_label (f->kind),
      _("UN/LOCODE"), f->un_locode,
      _("Port facility number"), f->imo_number,
      _("Security level on the as-of day"), level_text,
      _("Security level on the pack date"), current_text,
      _("Port facility security officer"), f->pfso_name,
      _("24-hour contact"), f->contact_24h,
      _("Address"), f->address,
      _("Time zone"), f->time_zone,
      _("Restricted areas"), n_areas,
      _("Archived"), f->archived_at != NULL ? f->archived_at : _("No"),
      NULL
    };

    psems_pdf_doc_add_key_values (ctx->doc, rows);
  }
  {
    g_autofree char *text = NULL;

    /* Translators: %s is the as-of day */
    text = g_strdup_printf (_("This pack states the facility's compliance as of %s. Schedule "
                              "compliance, declarations, vetting expiry, open findings and "
                              "incidents are computed as of that day. The plan's status and "
                              "elements and the controls' status are their current state on the "
                              "pack date: the database keeps their present state, not their "
                              "history; each section says which applies."), ctx->as_of_text);
    psems_pdf_doc_add_paragraph (ctx->doc, text);
  }

  psems_pdf_doc_add_heading (ctx->doc, 2, _("Restricted areas"));
  if (areas->len == 0)
    psems_pdf_doc_add_paragraph (ctx->doc, _("No restricted areas are recorded."));
  else
    {
      const char *headings[] = { _("Reference"), _("Code"), _("Area"), _("Description"), NULL };

      table = psems_pdf_doc_add_table (ctx->doc, headings);
      for (guint i = 0; i < areas->len; i++)
        {
          const PsemsArea *area = g_ptr_array_index (areas, i);

          psems_pdf_table_add_row (table, area->ref, area->code, area->name, area->description,
                                   NULL);
        }
    }

  psems_pdf_doc_add_heading (ctx->doc, 2, _("Security level history"));
  {
    const char *headings[] = { _("Changed"), _("From"), _("To"), _("Reason"), _("By"),
                               _("Notified"), _("Compliant"), NULL };
    guint n = 0;

    table = psems_pdf_doc_add_table (ctx->doc, headings);
    for (guint i = 0; i < changes->len; i++)
      {
        const PsemsLevelChange *c = g_ptr_array_index (changes, i);
        g_autofree char *at = NULL;
        g_autofree char *from = NULL;
        g_autofree char *to = NULL;
        g_autofree char *notified = NULL;
        g_autofree char *compliant = NULL;

        if (c->changed_at == NULL || strcmp (c->changed_at, end) > 0)
          continue;
        at = format_stamp (c->changed_at);
        from = c->from_level > 0 ? g_strdup_printf ("%d", c->from_level) : g_strdup ("—");
        to = g_strdup_printf ("%d", c->level);
        notified = format_stamp (c->notified_at);
        compliant = format_stamp (c->compliant_at);
        psems_pdf_table_add_row (table, at, from, to, c->reason, c->changed_by, notified,
                                 compliant, NULL);
        if (c->level >= 3)
          psems_pdf_table_set_cell_fill (table, 2, PSEMS_PACK_FILL_BAD);
        else if (c->level == 2)
          psems_pdf_table_set_cell_fill (table, 2, PSEMS_PACK_FILL_WARN);
        n++;
      }
    if (n == 0)
      psems_pdf_table_add_row (table, _("No change recorded by then"), NULL, NULL, NULL, NULL,
                               NULL, NULL, NULL);
  }
  return TRUE;
}

/* ───────────────────────────── plan ───────────────────────────── */

static PsemsPdfColour
element_fill (const PsemsPlanElement *element)
{
  switch (element->status)
    {
    case PSEMS_ELEMENT_COMPLETE: return PSEMS_PACK_FILL_GOOD;
    case PSEMS_ELEMENT_DRAFT:    return PSEMS_PACK_FILL_WARN;
    case PSEMS_ELEMENT_MISSING:
    default:
      return element->required ? PSEMS_PACK_FILL_BAD : PSEMS_PACK_FILL_MUTED;
    }
}

gboolean
psems_pack_add_plan (PsemsPackContext  *ctx,
                     GError           **error)
{
  g_autoptr(GPtrArray) plans = psems_plan_list (ctx->store, ctx->facility->id, error);
  g_autoptr(GPtrArray) elements = NULL;
  const PsemsPlan *plan = NULL;
  PsemsPdfTable *table;
  g_autofree char *version = NULL;
  g_autofree char *coverage = NULL;
  g_autofree char *gaps = NULL;
  g_autofree char *review = NULL;
  guint n_gaps = 0;

  if (plans == NULL)
    return FALSE;
  g_ptr_array_set_free_func (plans, (GDestroyNotify) psems_plan_free);
  note_current_state (ctx, _("The plan's status, approval and elements"));
  if (plans->len == 0)
    {
      psems_pdf_doc_add_paragraph (ctx->doc, _("No port facility security plan is recorded for "
                                               "this facility."));
      return TRUE;
    }
  /* The approved version is the plan in force; without one, the latest version. */
  for (guint i = 0; i < plans->len && plan == NULL; i++)
    if (((PsemsPlan *) g_ptr_array_index (plans, i))->status == PSEMS_PLAN_APPROVED)
      plan = g_ptr_array_index (plans, i);
  if (plan == NULL)
    for (guint i = 0; i < plans->len; i++)
      {
        const PsemsPlan *p = g_ptr_array_index (plans, i);

        if (plan == NULL || p->version > plan->version)
          plan = p;
      }

  version = g_strdup_printf ("%d", plan->version);
  /* Translators: a plan's element coverage */
  coverage = g_strdup_printf (_("%u of %u elements complete; %u required"), plan->n_complete,
                              plan->n_elements, plan->n_required);
  if (plan->next_review_due != NULL && strcmp (plan->next_review_due, ctx->as_of) < 0)
    /* Translators: the plan's next review day, overdue on the as-of day */
    review = g_strdup_printf (_("%s (overdue)"), plan->next_review_due);
  else
    review = g_strdup (plan->next_review_due);

  elements = psems_plan_list_elements (ctx->store, plan->id, error);
  if (elements == NULL)
    return FALSE;
  g_ptr_array_set_free_func (elements, (GDestroyNotify) psems_plan_element_free);
  for (guint i = 0; i < elements->len; i++)
    {
      const PsemsPlanElement *e = g_ptr_array_index (elements, i);

      if (e->required && e->status != PSEMS_ELEMENT_COMPLETE)
        n_gaps++;
    }
  gaps = n_gaps == 0 ? g_strdup (_("None: every required element is complete"))
                     : g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                     "%u required element is not complete",
                                                     "%u required elements are not complete",
                                                     n_gaps), n_gaps);
  {
    const char *rows[] = {
      _("Plan in force"), plan->ref,
      _("Title"), plan->title,
      _("Version"), version,
      _("Status"), psems_plan_status_label (plan->status),
      _("Submitted on"), plan->submitted_on,
      _("Approved on"), plan->approved_on,
      _("Approving authority"), plan->approved_by,
      _("Approval reference"), plan->approval_ref,
      _("Next review due"), review,
      _("Element coverage"), coverage,
      _("Gaps"), gaps,
      NULL
    };

    psems_pdf_doc_add_key_values (ctx->doc, rows);
  }

  psems_pdf_doc_add_heading (ctx->doc, 2, _("Plan versions"));
  {
    const char *headings[] = { _("Reference"), _("Version"), _("Title"), _("Status"),
                               _("Submitted"), _("Approved"), _("Superseded"), NULL };

    table = psems_pdf_doc_add_table (ctx->doc, headings);
    psems_pdf_table_set_align (table, 1, PSEMS_PDF_ALIGN_END);
    for (guint i = 0; i < plans->len; i++)
      {
        const PsemsPlan *p = g_ptr_array_index (plans, i);
        g_autofree char *v = g_strdup_printf ("%d", p->version);

        psems_pdf_table_add_row (table, p->ref, v, p->title, psems_plan_status_label (p->status),
                                 p->submitted_on, p->approved_on, p->superseded_on, NULL);
        if (p->status == PSEMS_PLAN_APPROVED)
          psems_pdf_table_set_cell_fill (table, 3, PSEMS_PACK_FILL_GOOD);
      }
  }

  psems_pdf_doc_add_heading (ctx->doc, 2, _("Plan elements"));
  {
    const char *headings[] = { _("Reference"), _("Element"), _("Required"), _("Status"),
                               _("Linked controls"), NULL };

    table = psems_pdf_doc_add_table (ctx->doc, headings);
    psems_pdf_table_set_align (table, 4, PSEMS_PDF_ALIGN_END);
    for (guint i = 0; i < elements->len; i++)
      {
        const PsemsPlanElement *e = g_ptr_array_index (elements, i);
        g_autofree char *n = format_count (e->control_ids != NULL ? e->control_ids->len : 0);

        psems_pdf_table_add_row (table, e->reference, e->title, yes_no (e->required),
                                 psems_element_status_label (e->status), n, NULL);
        psems_pdf_table_set_cell_fill (table, 3, element_fill (e));
      }
  }

  psems_pdf_doc_add_heading (ctx->doc, 2, _("Gaps"));
  if (n_gaps == 0)
    psems_pdf_doc_add_paragraph (ctx->doc, _("Every required element of the plan is complete."));
  else
    {
      const char *headings[] = { _("Reference"), _("Required element"), _("Status"), NULL };

      table = psems_pdf_doc_add_table (ctx->doc, headings);
      for (guint i = 0; i < elements->len; i++)
        {
          const PsemsPlanElement *e = g_ptr_array_index (elements, i);

          if (!e->required || e->status == PSEMS_ELEMENT_COMPLETE)
            continue;
          psems_pdf_table_add_row (table, e->reference, e->title,
                                   psems_element_status_label (e->status), NULL);
          psems_pdf_table_set_cell_fill (table, 2, element_fill (e));
        }
    }
  return TRUE;
}

/* ───────────────────────────── PFSA ───────────────────────────── */

gboolean
psems_pack_add_pfsa (PsemsPackContext  *ctx,
                     GError           **error)
{
  g_autoptr(GPtrArray) list = psems_pfsa_list (ctx->store, ctx->facility->id, ctx->as_of, error);
  const PsemsPfsa *pfsa = NULL;
  g_autofree char *review = NULL;
  g_autofree char *n_threats = NULL;

  if (list == NULL)
    return FALSE;
  g_ptr_array_set_free_func (list, (GDestroyNotify) psems_pfsa_free);
  /* The latest assessment made by the as-of day (the list is latest first). */
  for (guint i = 0; i < list->len && pfsa == NULL; i++)
    {
      const PsemsPfsa *p = g_ptr_array_index (list, i);

      if (day_on_or_before (p->assessed_on, ctx->as_of))
        pfsa = p;
    }
  if (pfsa == NULL)
    {
      psems_pdf_doc_add_paragraph (ctx->doc, _("No port facility security assessment had been "
                                               "recorded for this facility by the as-of day."));
      return TRUE;
    }
  if (pfsa->review_due != NULL && strcmp (pfsa->review_due, ctx->as_of) < 0)
    review = g_strdup_printf (_("%s (overdue)"), pfsa->review_due);
  else
    review = g_strdup (pfsa->review_due);
  n_threats = format_count (pfsa->n_threats);
  {
    const char *rows[] = {
      _("Assessment"), pfsa->ref,
      _("Title"), pfsa->title,
      _("Assessed on"), pfsa->assessed_on,
      _("Assessor"), pfsa->assessor,
      _("Organisation"), pfsa->organization,
      _("Approved on"), pfsa->approved_on,
      _("Approved by"), pfsa->approved_by,
      _("Review due"), review,
      _("Threat scenarios"), n_threats,
      NULL
    };

    psems_pdf_doc_add_key_values (ctx->doc, rows);
  }
  if (pfsa->summary != NULL && *pfsa->summary != '\0')
    {
      psems_pdf_doc_add_heading (ctx->doc, 3, _("Summary"));
      psems_pdf_doc_add_paragraph (ctx->doc, pfsa->summary);
    }
  if (list->len > 1)
    {
      const char *headings[] = { _("Reference"), _("Title"), _("Assessed"), _("Approved"),
                                 _("Review due"), NULL };
      PsemsPdfTable *table;

      psems_pdf_doc_add_heading (ctx->doc, 2, _("Assessments on record"));
      table = psems_pdf_doc_add_table (ctx->doc, headings);
      for (guint i = 0; i < list->len; i++)
        {
          const PsemsPfsa *p = g_ptr_array_index (list, i);

          if (!day_on_or_before (p->assessed_on, ctx->as_of))
            continue;
          psems_pdf_table_add_row (table, p->ref, p->title, p->assessed_on, p->approved_on,
                                   p->review_due, NULL);
        }
    }
  return TRUE;
}

/* ───────────────────────────── controls ───────────────────────────── */

static const char *
control_state (const PsemsControl *c,
               PsemsPdfColour     *fill)
{
  if (g_strcmp0 (c->status, "retired") == 0 || g_strcmp0 (c->status, "planned") == 0)
    {
      *fill = PSEMS_PACK_FILL_MUTED;
      return _("Not in service");
    }
  if (c->effective)
    {
      *fill = PSEMS_PACK_FILL_GOOD;
      return _("Effective");
    }
  if (c->degraded)
    {
      *fill = PSEMS_PACK_FILL_WARN;
      if (c->test_overdue && c->open_findings > 0)
        return _("Degraded: test overdue, open finding");
      if (c->test_overdue)
        return _("Degraded: test overdue");
      return _("Degraded: open finding");
    }
  *fill = PSEMS_PACK_FILL_BAD;
  return _("Ineffective");
}

gboolean
psems_pack_add_controls (PsemsPackContext  *ctx,
                         GError           **error)
{
  g_autoptr(GPtrArray) layers = psems_layer_list (ctx->store, ctx->facility->id, error);
  g_autoptr(GPtrArray) controls = NULL;
  const char * const *domains = psems_control_domains ();
  guint n_domains = g_strv_length ((char **) domains);
  PsemsPdfTable *table;

  if (layers == NULL)
    return FALSE;
  g_ptr_array_set_free_func (layers, (GDestroyNotify) psems_layer_free);
  controls = psems_control_list (ctx->store, ctx->facility->id, ctx->as_of, error);
  if (controls == NULL)
    return FALSE;
  g_ptr_array_set_free_func (controls, (GDestroyNotify) psems_control_free);

  note_current_state (ctx, _("The controls' status, effectiveness and last test"));
  note_as_of (ctx, _("Overdue tests and open findings that degrade a control"));

  /* Counts by layer (rows) and domain (columns), then how many of the layer's controls work. */
  {
    g_autoptr(GPtrArray) headings = g_ptr_array_new ();
    guint totals[16] = { 0 };
    guint all_effective = 0, all_degraded = 0;

    g_ptr_array_add (headings, (gpointer) _("Layer"));
    for (guint d = 0; d < n_domains; d++)
      g_ptr_array_add (headings, (gpointer) psems_control_domain_label (domains[d]));
    g_ptr_array_add (headings, (gpointer) _("Total"));
    g_ptr_array_add (headings, (gpointer) _("Effective"));
    g_ptr_array_add (headings, (gpointer) _("Degraded"));
    g_ptr_array_add (headings, NULL);
    psems_pdf_doc_add_heading (ctx->doc, 2, _("Counts by layer and domain"));
    table = psems_pdf_doc_add_table (ctx->doc, (const char * const *) headings->pdata);
    for (guint c = 1; c < headings->len - 1; c++)
      psems_pdf_table_set_align (table, c, PSEMS_PDF_ALIGN_END);
    for (guint l = 0; l < layers->len; l++)
      {
        const PsemsLayer *layer = g_ptr_array_index (layers, l);
        g_autoptr(GPtrArray) cells = g_ptr_array_new_with_free_func (g_free);
        guint counts[16] = { 0 };
        guint total = 0, effective = 0, degraded = 0;

        for (guint i = 0; i < controls->len; i++)
          {
            const PsemsControl *c = g_ptr_array_index (controls, i);

            if (c->layer_id != layer->id || g_strcmp0 (c->status, "retired") == 0)
              continue;
            for (guint d = 0; d < n_domains && d < 16; d++)
              if (g_strcmp0 (c->domain, domains[d]) == 0)
                counts[d]++;
            total++;
            effective += c->effective ? 1 : 0;
            degraded += c->degraded ? 1 : 0;
          }
        g_ptr_array_add (cells, g_strdup_printf ("%d. %s", layer->position, layer->name));
        for (guint d = 0; d < n_domains && d < 16; d++)
          {
            g_ptr_array_add (cells, format_count (counts[d]));
            totals[d] += counts[d];
          }
        g_ptr_array_add (cells, format_count (total));
        g_ptr_array_add (cells, format_count (effective));
        g_ptr_array_add (cells, format_count (degraded));
        g_ptr_array_add (cells, NULL);
        psems_pdf_table_add_rowv (table, (const char * const *) cells->pdata);
        if (degraded > 0)
          psems_pdf_table_set_cell_fill (table, n_domains + 3, PSEMS_PACK_FILL_WARN);
        all_effective += effective;
        all_degraded += degraded;
      }
    {
      g_autoptr(GPtrArray) cells = g_ptr_array_new_with_free_func (g_free);
      guint total = 0;

      g_ptr_array_add (cells, g_strdup (_("All layers")));
      for (guint d = 0; d < n_domains && d < 16; d++)
        {
          g_ptr_array_add (cells, format_count (totals[d]));
          total += totals[d];
        }
      g_ptr_array_add (cells, format_count (total));
      g_ptr_array_add (cells, format_count (all_effective));
      g_ptr_array_add (cells, format_count (all_degraded));
      g_ptr_array_add (cells, NULL);
      psems_pdf_table_add_rowv (table, (const char * const *) cells->pdata);
    }
    psems_pdf_doc_add_note (ctx->doc, _("Retired controls are not counted. Effective: implemented "
                                        "or partially effective, tested on time and without an "
                                        "open finding."));
  }

  for (guint l = 0; l < layers->len; l++)
    {
      const PsemsLayer *layer = g_ptr_array_index (layers, l);
      const char *headings[] = { _("Reference"), _("Control"), _("Domain"), _("Status"),
                                 _("Eff."), _("Last test"), _("Test due"), _("State"), NULL };
      g_autofree char *heading = NULL;
      guint n = 0;

      /* Translators: a layer's heading: its position (1 is the outermost), then its name */
      heading = g_strdup_printf (_("Layer %d: %s"), layer->position, layer->name);
      psems_pdf_doc_add_heading (ctx->doc, 2, heading);
      if (layer->description != NULL && *layer->description != '\0')
        psems_pdf_doc_add_note (ctx->doc, layer->description);
      table = psems_pdf_doc_add_table (ctx->doc, headings);
      psems_pdf_table_set_align (table, 4, PSEMS_PDF_ALIGN_END);
      for (guint i = 0; i < controls->len; i++)
        {
          const PsemsControl *c = g_ptr_array_index (controls, i);
          g_autofree char *eff = NULL;
          PsemsPdfColour fill = PSEMS_PACK_FILL_MUTED;
          const char *state;

          if (c->layer_id != layer->id)
            continue;
          eff = g_strdup_printf ("%d %%", c->effectiveness);
          state = control_state (c, &fill);
          psems_pdf_table_add_row (table, c->ref, c->name, psems_control_domain_label (c->domain),
                                   psems_control_status_label (c->status), eff,
                                   text_or_dash (c->last_tested_on), text_or_dash (c->test_due_on),
                                   state, NULL);
          psems_pdf_table_set_cell_fill (table, 7, fill);
          if (c->test_overdue && fill != PSEMS_PACK_FILL_MUTED)
            psems_pdf_table_set_cell_fill (table, 6, PSEMS_PACK_FILL_WARN);
          n++;
        }
      if (n == 0)
        psems_pdf_table_add_row (table, _("No controls on this layer"), NULL, NULL, NULL, NULL,
                                 NULL, NULL, NULL, NULL);
    }
  return TRUE;
}

/* ───────────────────────────── diagram ───────────────────────────── */

gboolean
psems_pack_add_diagram (PsemsPackContext  *ctx,
                        GError           **error)
{
  PsemsDiagramInput *input = psems_diagram_input_load (ctx->store, ctx->facility->id, ctx->as_of,
                                                       error);
  double width;

  if (input == NULL)
    return FALSE;
  psems_pdf_doc_add_note (ctx->doc, _("The layers as concentric rings, outside in; each control a "
                                      "marker on its ring, coloured by status, degraded ones "
                                      "marked; each threat scenario an arrow that stops at the "
                                      "first layer with an effective control, or passes "
                                      "through."));
  width = psems_pdf_doc_get_text_width (ctx->doc);
  /* The writer scales a drawing taller than the page down to fit it. */
  /* On the heading's page, below the note: the height a landscape A4 page has left. */
  psems_diagram_add_to_pdf (ctx->doc, input, width, MIN (width * 0.6, 375.0));
  return TRUE;
}

/* ───────────────────────────── threats ───────────────────────────── */

typedef struct
{
  PsemsRiskMatrix *matrix;
  int inherent[PSEMS_RISK_SCALE][PSEMS_RISK_SCALE];
  int residual[PSEMS_RISK_SCALE][PSEMS_RISK_SCALE];
} MatrixDrawing;

static void
matrix_drawing_free (gpointer data)
{
  MatrixDrawing *m = data;

  psems_risk_matrix_free (m->matrix);
  g_free (m);
}

static void
draw_one_matrix (PsemsPdfCanvas      *canvas,
                 const MatrixDrawing *m,
                 const int            counts[PSEMS_RISK_SCALE][PSEMS_RISK_SCALE],
                 double               x0,
                 double               y0,
                 double               cell,
                 const char          *title)
{
  double gx = x0 + 28, gy = y0 + 22;

  psems_pdf_canvas_set_fill (canvas, 0.1, 0.1, 0.1, 1.0);
  psems_pdf_canvas_show_text (canvas, gx + cell * PSEMS_RISK_SCALE / 2, y0, title, 10,
                              PSEMS_PDF_WEIGHT_BOLD, PSEMS_PDF_ALIGN_CENTRE, 0, 0);
  for (int l = PSEMS_RISK_SCALE; l >= 1; l--)
    for (int c = 1; c <= PSEMS_RISK_SCALE; c++)
      {
        const PsemsRiskLevel *level = psems_risk_matrix_lookup (m->matrix, l, c);
        double x = gx + (c - 1) * cell, y = gy + (PSEMS_RISK_SCALE - l) * cell;
        double r = 0.8, g = 0.8, b = 0.8;
        int n = counts[l - 1][c - 1];

        if (level != NULL)
          colour_components (level->colour, &r, &g, &b);
        psems_pdf_canvas_set_fill (canvas, r, g, b, n > 0 ? 1.0 : 0.45);
        psems_pdf_canvas_set_stroke (canvas, 1, 1, 1, 1);
        psems_pdf_canvas_set_line_width (canvas, 1.5);
        psems_pdf_canvas_rectangle (canvas, x, y, cell, cell);
        psems_pdf_canvas_fill_stroke (canvas);
        if (n > 0)
          {
            g_autofree char *text = g_strdup_printf ("%d", n);

            psems_pdf_canvas_set_fill (canvas, 0.05, 0.05, 0.05, 1.0);
            psems_pdf_canvas_show_text (canvas, x + cell / 2, y + cell / 2 - 6, text, 11,
                                        PSEMS_PDF_WEIGHT_BOLD, PSEMS_PDF_ALIGN_CENTRE, 0, 0);
          }
      }
  psems_pdf_canvas_set_fill (canvas, 0.3, 0.3, 0.3, 1.0);
  for (int i = 1; i <= PSEMS_RISK_SCALE; i++)
    {
      g_autofree char *n = g_strdup_printf ("%d", i);

      psems_pdf_canvas_show_text (canvas, gx - 8, gy + (PSEMS_RISK_SCALE - i) * cell + cell / 2 - 4,
                                  n, 8, PSEMS_PDF_WEIGHT_REGULAR, PSEMS_PDF_ALIGN_END, 0, 0);
      psems_pdf_canvas_show_text (canvas, gx + (i - 1) * cell + cell / 2,
                                  gy + PSEMS_RISK_SCALE * cell + 3, n, 8,
                                  PSEMS_PDF_WEIGHT_REGULAR, PSEMS_PDF_ALIGN_CENTRE, 0, 0);
    }
  psems_pdf_canvas_show_text (canvas, gx + cell * PSEMS_RISK_SCALE / 2,
                              gy + PSEMS_RISK_SCALE * cell + 15, _("Consequence"), 8,
                              PSEMS_PDF_WEIGHT_REGULAR, PSEMS_PDF_ALIGN_CENTRE, 0, 0);
  psems_pdf_canvas_show_text (canvas, x0, gy - 12, _("Likelihood"), 8, PSEMS_PDF_WEIGHT_REGULAR,
                              PSEMS_PDF_ALIGN_START, 0, 0);
}

static void
draw_matrices_cb (PsemsPdfCanvas *canvas,
                  double          width,
                  double          height,
                  gpointer        user_data)
{
  const MatrixDrawing *m = user_data;
  double cell = MIN ((width / 2 - 50) / PSEMS_RISK_SCALE, (height - 70) / PSEMS_RISK_SCALE);
  double block = cell * PSEMS_RISK_SCALE + 40;
  double gap = (width - 2 * block) / 3;
  double x = 8, y = height - 14;

  draw_one_matrix (canvas, m, m->inherent, gap, 0, cell, _("Inherent risk"));
  draw_one_matrix (canvas, m, m->residual, 2 * gap + block, 0, cell, _("Residual risk"));
  /* The levels' key along the foot. */
  for (guint i = 0; i < m->matrix->levels->len; i++)
    {
      const PsemsRiskLevel *level = g_ptr_array_index (m->matrix->levels, i);
      double r, g, b;

      colour_components (level->colour, &r, &g, &b);
      psems_pdf_canvas_set_fill (canvas, r, g, b, 1.0);
      psems_pdf_canvas_rectangle (canvas, x, y, 10, 10);
      psems_pdf_canvas_fill (canvas, FALSE);
      psems_pdf_canvas_set_fill (canvas, 0.15, 0.15, 0.15, 1.0);
      x += 14 + psems_pdf_canvas_show_text (canvas, x + 14, y, level->name, 8,
                                            PSEMS_PDF_WEIGHT_REGULAR, PSEMS_PDF_ALIGN_START, 0, 0);
      x += 14;
    }
}

static const char *
level_name (const PsemsRiskMatrix *matrix,
            int                    index)
{
  if (index < 0 || (guint) index >= matrix->levels->len)
    return "—";
  return ((const PsemsRiskLevel *) g_ptr_array_index (matrix->levels, index))->name;
}

static PsemsPdfColour
level_fill (const PsemsRiskMatrix *matrix,
            int                    index)
{
  if (index < 0 || (guint) index >= matrix->levels->len)
    return 0xFFFFFF;
  return parse_colour (((const PsemsRiskLevel *) g_ptr_array_index (matrix->levels,
                                                                    index))->colour, 0.55);
}

gboolean
psems_pack_add_threats (PsemsPackContext  *ctx,
                        GError           **error)
{
  g_autoptr(PsemsRiskMatrix) matrix = psems_risk_matrix_load (ctx->store, error);
  g_autoptr(GPtrArray) threats = NULL;
  g_autoptr(GPtrArray) layers = NULL;
  MatrixDrawing *drawing;
  PsemsPdfTable *table;
  double width;
  const char *headings[] = { _("Reference"), _("Scenario"), _("Target"), _("L × C"),
                             _("Inherent"), _("Residual"), _("Stopped at"), NULL };

  if (matrix == NULL)
    return FALSE;
  threats = psems_threat_list (ctx->store, ctx->facility->id, ctx->as_of, error);
  if (threats == NULL)
    return FALSE;
  g_ptr_array_set_free_func (threats, (GDestroyNotify) psems_threat_free);
  layers = psems_layer_list (ctx->store, ctx->facility->id, error);
  if (layers == NULL)
    return FALSE;
  g_ptr_array_set_free_func (layers, (GDestroyNotify) psems_layer_free);

  note_as_of (ctx, _("Residual risks, from the controls effective on the day,"));
  psems_pdf_doc_add_paragraph (ctx->doc,
                               _("Residual likelihood = likelihood × the product over the "
                                 "layers of (1 − the best effective mitigation on the layer); its "
                                 "class is rounded up to 1 … 5 and read against the consequence "
                                 "in the risk matrix. Planned, ineffective, retired and degraded "
                                 "controls never count."));

  drawing = g_new0 (MatrixDrawing, 1);
  drawing->matrix = g_steal_pointer (&matrix);
  for (guint i = 0; i < threats->len; i++)
    {
      const PsemsThreat *t = g_ptr_array_index (threats, i);
      int rc = CLAMP (t->assessment.residual_likelihood_class, 1, PSEMS_RISK_SCALE);

      if (t->likelihood >= 1 && t->likelihood <= PSEMS_RISK_SCALE &&
          t->consequence >= 1 && t->consequence <= PSEMS_RISK_SCALE)
        {
          drawing->inherent[t->likelihood - 1][t->consequence - 1]++;
          drawing->residual[rc - 1][t->consequence - 1]++;
        }
    }
  width = psems_pdf_doc_get_text_width (ctx->doc);
  psems_pdf_doc_add_heading (ctx->doc, 2, _("Risk matrix"));
  psems_pdf_doc_add_drawing (ctx->doc, width, MIN (width * 0.5, 270), draw_matrices_cb, drawing,
                             matrix_drawing_free);
  psems_pdf_doc_add_note (ctx->doc, _("Each cell counts the threat scenarios at that likelihood "
                                      "(rows) and consequence (columns): inherent on the left, "
                                      "residual after the layers on the right."));

  psems_pdf_doc_add_heading (ctx->doc, 2, _("Threat scenarios"));
  if (threats->len == 0)
    {
      psems_pdf_doc_add_paragraph (ctx->doc, _("No threat scenarios are recorded."));
      return TRUE;
    }
  psems_pdf_doc_add_note (ctx->doc, _("Inherent: the level and likelihood × consequence. Residual: "
                                      "the level and the residual likelihood."));
  table = psems_pdf_doc_add_table (ctx->doc, headings);
  for (guint i = 0; i < threats->len; i++)
    {
      const PsemsThreat *t = g_ptr_array_index (threats, i);
      const PsemsThreatAssessment *a = &t->assessment;
      PsemsRiskMatrix *m = drawing->matrix;
      g_autofree char *lc = g_strdup_printf ("%d × %d", t->likelihood, t->consequence);
      g_autofree char *inherent = g_strdup_printf ("%s (%d)", level_name (m, a->inherent_level),
                                                   a->inherent_score);
      g_autofree char *residual = g_strdup_printf ("%s (%.2f)", level_name (m, a->residual_level),
                                                   a->residual_likelihood);
      g_autofree char *stop = NULL;

      if (a->stop_position > 0)
        {
          const char *name = "";

          for (guint l = 0; l < layers->len; l++)
            if (((PsemsLayer *) g_ptr_array_index (layers, l))->id == a->stop_layer_id)
              name = ((PsemsLayer *) g_ptr_array_index (layers, l))->name;
          stop = g_strdup_printf ("%d. %s", a->stop_position, name);
        }
      else
        stop = g_strdup (_("Passes every layer"));
      psems_pdf_table_add_row (table, t->ref, t->name, t->target, lc, inherent, residual, stop,
                               NULL);
      psems_pdf_table_set_cell_fill (table, 4, level_fill (m, a->inherent_level));
      psems_pdf_table_set_cell_fill (table, 5, level_fill (m, a->residual_level));
      if (a->stop_position == 0)
        psems_pdf_table_set_cell_fill (table, 6, PSEMS_PACK_FILL_BAD);
    }
  return TRUE;
}

/* ───────────────────────────── schedule ───────────────────────────── */

typedef struct
{
  PsemsDay sort;
  char *item;
  char *kind;
  char *due;
  char *done;
  char *result;
  PsemsPdfColour fill;
} DeadlineRow;

static void
deadline_row_free (gpointer data)
{
  DeadlineRow *row = data;

  g_free (row->item);
  g_free (row->kind);
  g_free (row->due);
  g_free (row->done);
  g_free (row->result);
  g_free (row);
}

static int
compare_deadline_rows (gconstpointer a,
                       gconstpointer b)
{
  const DeadlineRow *ra = *(const DeadlineRow * const *) a;
  const DeadlineRow *rb = *(const DeadlineRow * const *) b;

  if (ra->sort != rb->sort)
    return ra->sort < rb->sort ? -1 : 1;
  return g_strcmp0 (ra->item, rb->item);
}

static const char *
clock_state_label (PsemsClockState state,
                   PsemsPdfColour *fill)
{
  switch (state)
    {
    case PSEMS_CLOCK_OVERDUE:
      *fill = PSEMS_PACK_FILL_BAD;
      return _("Overdue");
    case PSEMS_CLOCK_DUE_SOON:
      *fill = PSEMS_PACK_FILL_WARN;
      return _("Due soon");
    case PSEMS_CLOCK_OK:
    default:
      *fill = PSEMS_PACK_FILL_GOOD;
      return _("On track");
    }
}

gboolean
psems_pack_add_schedule (PsemsPackContext  *ctx,
                         GError           **error)
{
  PsemsScheduleFilter filter = { .facility_id = ctx->facility->id, .as_of = ctx->as_of };
  g_autoptr(GPtrArray) items = psems_schedule_list (ctx->store, &filter, error);
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (deadline_row_free);
  g_autofree char *from_iso = NULL;
  g_autofree char *from_text = NULL;
  PsemsDay from = months_before (ctx->as_of_day, HISTORY_MONTHS);
  PsemsDay until = ctx->as_of_day + UPCOMING_DAYS;
  PsemsPdfTable *table;
  guint n_on_time = 0, n_late = 0, n_missed = 0, n_upcoming = 0;

  if (items == NULL)
    return FALSE;
  g_ptr_array_set_free_func (items, (GDestroyNotify) psems_schedule_item_free);
  from_iso = psems_day_format_iso (from);
  from_text = psems_day_format (from);
  note_as_of (ctx, _("Deadlines, completions and the state of each item"));

  for (guint i = 0; i < items->len; i++)
    {
      const PsemsScheduleItem *item = g_ptr_array_index (items, i);
      g_autoptr(GPtrArray) completions = NULL;
      g_autoptr(GPtrArray) violations = NULL;
      PsemsDay start = from;
      PsemsDay anchor = item->anchor != NULL ? psems_day_parse (item->anchor) : PSEMS_DAY_NONE;

      if (check_cancelled (ctx, error))
        return FALSE;
      completions = psems_schedule_list_completions (ctx->store, item->id, error);
      if (completions == NULL)
        return FALSE;
      g_ptr_array_set_free_func (completions, (GDestroyNotify) psems_completion_free);
      for (guint k = 0; k < completions->len; k++)
        {
          const PsemsCompletion *c = g_ptr_array_index (completions, k);
          PsemsDay done = psems_day_parse (c->done_on);
          PsemsDay due = c->due_on != NULL ? psems_day_parse (c->due_on) : PSEMS_DAY_NONE;
          DeadlineRow *row;

          if (done == PSEMS_DAY_NONE || done < from || done > ctx->as_of_day)
            continue;
          row = g_new0 (DeadlineRow, 1);
          row->sort = due != PSEMS_DAY_NONE ? due : done;
          row->item = g_strdup_printf ("%s %s", item->ref, item->title);
          row->kind = g_strdup (psems_schedule_kind_label (item->kind));
          row->due = due != PSEMS_DAY_NONE ? psems_day_format_iso (due) : g_strdup ("—");
          row->done = g_strdup (c->done_on);
          if (due == PSEMS_DAY_NONE)
            {
              row->result = g_strdup (_("Done (no deadline)"));
              row->fill = PSEMS_PACK_FILL_MUTED;
              n_on_time++;
            }
          else if (done > due)
            {
              row->result = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Late by %u day",
                                                          "Late by %u days", done - due),
                                             done - due);
              row->fill = PSEMS_PACK_FILL_WARN;
              n_late++;
            }
          else
            {
              row->result = g_strdup (_("On time"));
              row->fill = PSEMS_PACK_FILL_GOOD;
              n_on_time++;
            }
          g_ptr_array_add (rows, row);
        }

      /* Deadlines missed and still open on the as-of day: no completion answers them. */
      if (anchor != PSEMS_DAY_NONE && anchor > start)
        start = anchor;
      if (start > ctx->as_of_day)
        continue;
      violations = psems_schedule_check (ctx->store, item, start, ctx->as_of_day, error);
      if (violations == NULL)
        return FALSE;
      g_ptr_array_set_free_func (violations, (GDestroyNotify) psems_schedule_violation_free);
      for (guint k = 0; k < violations->len; k++)
        {
          const PsemsScheduleViolation *v = g_ptr_array_index (violations, k);
          DeadlineRow *row;
          g_autofree char *since = NULL;

          if (v->violation.done_on != PSEMS_DAY_NONE)
            continue;
          row = g_new0 (DeadlineRow, 1);
          row->sort = v->violation.due;
          row->item = g_strdup_printf ("%s %s", item->ref, item->title);
          row->kind = g_strdup (psems_schedule_kind_label (item->kind));
          row->due = psems_day_format_iso (v->violation.due);
          row->done = g_strdup ("—");
          since = psems_day_format_iso (v->violation.due + 1);
          /* Translators: a missed deadline still open on the as-of day */
          row->result = g_strdup_printf (_("Missed: overdue since %s"), since);
          row->fill = PSEMS_PACK_FILL_BAD;
          n_missed++;
          g_ptr_array_add (rows, row);
        }
    }

  {
    g_autofree char *period = NULL;
    g_autofree char *met = NULL;
    g_autofree char *late = format_count (n_late);
    g_autofree char *missed = format_count (n_missed);
    g_autofree char *n_items = format_count (items->len);
    guint total = n_on_time + n_late + n_missed;

    /* Translators: the period a schedule history covers: from one day to another */
    period = g_strdup_printf (_("%s to %s"), from_text, ctx->as_of_text);
    met = total > 0 ? g_strdup_printf (_("%u of %u (%.0f %%)"), n_on_time, total,
                                       100.0 * n_on_time / total)
                    : g_strdup (_("No deadline fell in the period"));
    {
      const char *kv[] = {
        _("Period"), period,
        _("Scheduled items"), n_items,
        _("Deadlines met on time"), met,
        _("Done late"), late,
        _("Missed and still open"), missed,
        NULL
      };

      psems_pdf_doc_add_key_values (ctx->doc, kv);
    }
  }

  psems_pdf_doc_add_heading (ctx->doc, 2, _("Scheduled items"));
  {
    const char *headings[] = { _("Reference"), _("Item"), _("Kind"), _("Rule"), _("Last done"),
                               _("Next due"), _("State"), NULL };

    table = psems_pdf_doc_add_table (ctx->doc, headings);
    for (guint i = 0; i < items->len; i++)
      {
        const PsemsScheduleItem *item = g_ptr_array_index (items, i);
        const PsemsScheduleStatus *s = item->status;
        g_autofree char *last = NULL;
        g_autofree char *due = NULL;
        PsemsPdfColour fill = PSEMS_PACK_FILL_MUTED;
        const char *state = "—";

        if (s != NULL)
          {
            last = s->last_done != PSEMS_DAY_NONE ? psems_day_format_iso (s->last_done) : NULL;
            due = s->due != PSEMS_DAY_NONE ? psems_day_format_iso (s->due) : NULL;
            state = clock_state_label (s->state, &fill);
            if (s->state != PSEMS_CLOCK_OVERDUE && s->due != PSEMS_DAY_NONE &&
                s->due >= ctx->as_of_day && s->due <= until)
              n_upcoming++;
          }
        psems_pdf_table_add_row (table, item->ref, item->title,
                                 psems_schedule_kind_label (item->kind),
                                 s != NULL && s->citation != NULL ? s->citation
                                                                  : text_or_dash (item->rule),
                                 text_or_dash (last), text_or_dash (due), state, NULL);
        psems_pdf_table_set_cell_fill (table, 6, fill);
      }
    if (items->len == 0)
      psems_pdf_table_add_row (table, _("Nothing is scheduled"), NULL, NULL, NULL, NULL, NULL,
                               NULL, NULL);
  }

  psems_pdf_doc_add_heading (ctx->doc, 2, _("Deadlines in the last 24 months"));
  {
    const char *headings[] = { _("Item"), _("Kind"), _("Due"), _("Done"), _("Result"), NULL };

    g_ptr_array_sort (rows, compare_deadline_rows);
    table = psems_pdf_doc_add_table (ctx->doc, headings);
    for (guint i = 0; i < rows->len; i++)
      {
        const DeadlineRow *row = g_ptr_array_index (rows, i);

        psems_pdf_table_add_row (table, row->item, row->kind, row->due, row->done, row->result,
                                 NULL);
        psems_pdf_table_set_cell_fill (table, 4, row->fill);
      }
    if (rows->len == 0)
      psems_pdf_table_add_row (table, _("Nothing was due or done in the period"), NULL, NULL,
                               NULL, NULL, NULL);
  }

  psems_pdf_doc_add_heading (ctx->doc, 2, _("Upcoming in the next 90 days"));
  if (n_upcoming == 0)
    psems_pdf_doc_add_paragraph (ctx->doc, _("Nothing falls due in the 90 days after the as-of "
                                             "day."));
  else
    {
      const char *headings[] = { _("Reference"), _("Item"), _("Kind"), _("Due"), _("Assignee"),
                                 NULL };

      table = psems_pdf_doc_add_table (ctx->doc, headings);
      for (guint i = 0; i < items->len; i++)
        {
          const PsemsScheduleItem *item = g_ptr_array_index (items, i);
          const PsemsScheduleStatus *s = item->status;
          g_autofree char *due = NULL;

          if (s == NULL || s->state == PSEMS_CLOCK_OVERDUE || s->due == PSEMS_DAY_NONE ||
              s->due < ctx->as_of_day || s->due > until)
            continue;
          due = psems_day_format_iso (s->due);
          psems_pdf_table_add_row (table, item->ref, item->title,
                                   psems_schedule_kind_label (item->kind), due, item->assignee,
                                   NULL);
          if (s->state == PSEMS_CLOCK_DUE_SOON)
            psems_pdf_table_set_cell_fill (table, 3, PSEMS_PACK_FILL_WARN);
        }
    }
  return TRUE;
}

/* ───────────────────────────── declarations ───────────────────────────── */

gboolean
psems_pack_add_declarations (PsemsPackContext  *ctx,
                             GError           **error)
{
  g_autofree char *from = psems_day_format_iso (months_before (ctx->as_of_day, HISTORY_MONTHS));
  PsemsDosFilter filter = { .facility_id = ctx->facility->id, .from = from, .until = ctx->as_of };
  g_autoptr(GPtrArray) list = psems_dos_list (ctx->store, &filter, error);
  const char *headings[] = { _("Reference"), _("Ship"), _("IMO number"), _("Level"),
                             _("Valid from"), _("Valid until"), _("Signed on"), NULL };
  PsemsPdfTable *table;
  guint n_active = 0, n_unsigned = 0;

  if (list == NULL)
    return FALSE;
  g_ptr_array_set_free_func (list, (GDestroyNotify) psems_dos_free);
  note_as_of (ctx, _("Declarations made in the last 24 months and their signatures"));
  for (guint i = 0; i < list->len; i++)
    {
      const PsemsDos *d = g_ptr_array_index (list, i);

      if (g_strcmp0 (d->valid_from, ctx->as_of) <= 0 && g_strcmp0 (d->valid_until, ctx->as_of) >= 0)
        n_active++;
      if (!day_on_or_before (d->signed_on, ctx->as_of))
        n_unsigned++;
    }
  {
    g_autofree char *total = format_count (list->len);
    g_autofree char *active = format_count (n_active);
    g_autofree char *unsigned_text = format_count (n_unsigned);
    const char *kv[] = {
      _("Declarations in the period"), total,
      _("In effect on the as-of day"), active,
      _("Not signed by the as-of day"), unsigned_text,
      NULL
    };

    psems_pdf_doc_add_key_values (ctx->doc, kv);
  }
  if (list->len == 0)
    {
      psems_pdf_doc_add_paragraph (ctx->doc, _("No declaration of security was made in the "
                                               "period."));
      return TRUE;
    }
  table = psems_pdf_doc_add_table (ctx->doc, headings);
  psems_pdf_table_set_align (table, 3, PSEMS_PDF_ALIGN_END);
  for (guint i = 0; i < list->len; i++)
    {
      const PsemsDos *d = g_ptr_array_index (list, i);
      g_autofree char *level = g_strdup_printf ("%d", d->security_level);
      gboolean is_signed = day_on_or_before (d->signed_on, ctx->as_of);

      psems_pdf_table_add_row (table, d->ref, d->ship_name, d->ship_imo, level, d->valid_from,
                               d->valid_until, is_signed ? d->signed_on : _("Not signed"), NULL);
      psems_pdf_table_set_cell_fill (table, 6, is_signed ? PSEMS_PACK_FILL_GOOD
                                                         : PSEMS_PACK_FILL_WARN);
    }
  psems_pdf_doc_add_note (ctx->doc, _("The signatories' names are personal data and are kept in "
                                      "the declarations themselves."));
  return TRUE;
}

/* ───────────────────────────── findings ───────────────────────────── */

/* A finding's status on the as-of day, from its dates (the workflow keeps only the present one). */
static const char *
finding_status_on (const PsemsFinding *f,
                   const char         *as_of,
                   gboolean           *open)
{
  *open = FALSE;
  if (day_on_or_before (f->verified_on, as_of))
    return psems_finding_status_label ("verified");
  if (day_on_or_before (f->closed_on, as_of))
    return psems_finding_status_label ("closed");
  *open = TRUE;
  if (g_strcmp0 (f->status, "in-progress") == 0)
    return psems_finding_status_label ("in-progress");
  return psems_finding_status_label ("open");
}

gboolean
psems_pack_add_findings (PsemsPackContext  *ctx,
                         GError           **error)
{
  PsemsFindingFilter filter = { .facility_id = ctx->facility->id, .as_of = ctx->as_of };
  g_autoptr(GPtrArray) list = psems_finding_list (ctx->store, &filter, error);
  const char * const *severities = psems_finding_severities ();
  guint open_by[8] = { 0 };
  guint n_open = 0, n_overdue = 0, n_closed = 0, n_shown = 0;
  PsemsPdfTable *table;

  if (list == NULL)
    return FALSE;
  g_ptr_array_set_free_func (list, (GDestroyNotify) psems_finding_free);
  note_as_of (ctx, _("Findings raised by the day and their status then"));

  for (guint i = 0; i < list->len; i++)
    {
      const PsemsFinding *f = g_ptr_array_index (list, i);
      gboolean open;

      if (!day_on_or_before (f->raised_on, ctx->as_of))
        continue;
      n_shown++;
      finding_status_on (f, ctx->as_of, &open);
      if (!open)
        {
          n_closed++;
          continue;
        }
      n_open++;
      if (f->due_on != NULL && strcmp (f->due_on, ctx->as_of) < 0)
        n_overdue++;
      for (guint s = 0; severities[s] != NULL && s < G_N_ELEMENTS (open_by); s++)
        if (g_strcmp0 (f->severity, severities[s]) == 0)
          open_by[s]++;
    }
  {
    g_autoptr(GString) by = g_string_new (NULL);
    g_autofree char *open_text = NULL;
    g_autofree char *overdue = format_count (n_overdue);
    g_autofree char *closed = format_count (n_closed);
    g_autofree char *total = format_count (n_shown);

    for (guint s = 0; severities[s] != NULL && s < G_N_ELEMENTS (open_by); s++)
      g_string_append_printf (by, "%s%s %u", by->len > 0 ? ", " : "",
                              psems_finding_severity_label (severities[s]), open_by[s]);
    open_text = g_strdup_printf ("%u (%s)", n_open, by->str);
    {
      const char *kv[] = {
        _("Findings raised by the as-of day"), total,
        _("Open on the as-of day"), open_text,
        _("Past their due day while open"), overdue,
        _("Closed or verified by then"), closed,
        NULL
      };

      psems_pdf_doc_add_key_values (ctx->doc, kv);
    }
  }
  if (n_shown == 0)
    {
      psems_pdf_doc_add_paragraph (ctx->doc, _("No finding had been raised by the as-of day."));
      return TRUE;
    }

  psems_pdf_doc_add_heading (ctx->doc, 2, _("Findings"));
  {
    const char *headings[] = { _("Reference"), _("Severity"), _("Finding"), _("Source"),
                               _("Raised"), _("Due"), _("Status"), NULL };

    table = psems_pdf_doc_add_table (ctx->doc, headings);
    for (guint i = 0; i < list->len; i++)
      {
        const PsemsFinding *f = g_ptr_array_index (list, i);
        gboolean open;
        const char *status;

        if (!day_on_or_before (f->raised_on, ctx->as_of))
          continue;
        status = finding_status_on (f, ctx->as_of, &open);
        psems_pdf_table_add_row (table, f->ref, psems_finding_severity_label (f->severity),
                                 f->title, psems_finding_source_label (f->source), f->raised_on,
                                 text_or_dash (f->due_on), status, NULL);
        if (g_strcmp0 (f->severity, "major") == 0)
          psems_pdf_table_set_cell_fill (table, 1, PSEMS_PACK_FILL_BAD);
        else if (g_strcmp0 (f->severity, "minor") == 0)
          psems_pdf_table_set_cell_fill (table, 1, PSEMS_PACK_FILL_WARN);
        if (open && f->due_on != NULL && strcmp (f->due_on, ctx->as_of) < 0)
          {
            psems_pdf_table_set_cell_fill (table, 5, PSEMS_PACK_FILL_BAD);
            psems_pdf_table_set_cell_fill (table, 6, PSEMS_PACK_FILL_BAD);
          }
        else
          psems_pdf_table_set_cell_fill (table, 6, open ? PSEMS_PACK_FILL_WARN
                                                        : PSEMS_PACK_FILL_GOOD);
      }
  }

  psems_pdf_doc_add_heading (ctx->doc, 2, _("Corrective actions"));
  {
    const char *headings[] = { _("Finding"), _("Corrective action"), _("Owner"), _("Due"),
                               _("Closed"), _("Verified"), NULL };
    guint n = 0;

    table = psems_pdf_doc_add_table (ctx->doc, headings);
    for (guint i = 0; i < list->len; i++)
      {
        const PsemsFinding *f = g_ptr_array_index (list, i);
        const char *action;
        gboolean closed, verified;

        if (!day_on_or_before (f->raised_on, ctx->as_of) ||
            (f->corrective_action == NULL && f->owner == NULL))
          continue;
        closed = day_on_or_before (f->closed_on, ctx->as_of);
        verified = day_on_or_before (f->verified_on, ctx->as_of);
        /* The action recorded when the finding was closed after the as-of day was not known
         * then; a finding still unresolved shows its planned action. */
        action = closed || f->closed_on == NULL ? f->corrective_action : NULL;
        psems_pdf_table_add_row (table, f->ref, text_or_dash (action), f->owner,
                                 text_or_dash (f->due_on), closed ? f->closed_on : "—",
                                 verified ? f->verified_on : "—", NULL);
        n++;
      }
    if (n == 0)
      psems_pdf_table_add_row (table, _("No corrective action recorded"), NULL, NULL, NULL, NULL,
                               NULL, NULL);
  }
  return TRUE;
}

/* ───────────────────────────── GAP ───────────────────────────── */

typedef struct
{
  GPtrArray *areas;       /* char* */
  GArray *latest;         /* double, < 0: no score */
  GArray *previous;
  char *latest_label;
  char *previous_label;
} GapChart;

static void
gap_chart_free (gpointer data)
{
  GapChart *chart = data;

  g_ptr_array_unref (chart->areas);
  g_array_unref (chart->latest);
  g_array_unref (chart->previous);
  g_free (chart->latest_label);
  g_free (chart->previous_label);
  g_free (chart);
}

#define GAP_ROW 26.0
#define GAP_TOP 24.0

static void
draw_gap_chart_cb (PsemsPdfCanvas *canvas,
                   double          width,
                   double          height,
                   gpointer        user_data)
{
  const GapChart *chart = user_data;
  double label_width = MIN (width * 0.42, 230);
  double x0 = label_width + 8;
  double bar_width = width - x0 - 40;
  gboolean with_previous = chart->previous_label != NULL;

  /* The key. */
  psems_pdf_canvas_set_fill (canvas, 0.16, 0.40, 0.70, 1.0);
  psems_pdf_canvas_rectangle (canvas, x0, 2, 10, 8);
  psems_pdf_canvas_fill (canvas, FALSE);
  psems_pdf_canvas_set_fill (canvas, 0.15, 0.15, 0.15, 1.0);
  {
    double w = psems_pdf_canvas_show_text (canvas, x0 + 14, 0, chart->latest_label, 8,
                                           PSEMS_PDF_WEIGHT_REGULAR, PSEMS_PDF_ALIGN_START, 0, 0);

    if (with_previous)
      {
        psems_pdf_canvas_set_fill (canvas, 0.68, 0.68, 0.68, 1.0);
        psems_pdf_canvas_rectangle (canvas, x0 + w + 30, 2, 10, 8);
        psems_pdf_canvas_fill (canvas, FALSE);
        psems_pdf_canvas_set_fill (canvas, 0.15, 0.15, 0.15, 1.0);
        psems_pdf_canvas_show_text (canvas, x0 + w + 44, 0, chart->previous_label, 8,
                                    PSEMS_PDF_WEIGHT_REGULAR, PSEMS_PDF_ALIGN_START,
                                    MAX (width - x0 - w - 44, 20), 0);
      }
  }
  /* Grid lines every 25 %. */
  psems_pdf_canvas_set_stroke (canvas, 0.82, 0.82, 0.82, 1.0);
  psems_pdf_canvas_set_line_width (canvas, 0.5);
  for (int p = 0; p <= 100; p += 25)
    {
      double x = x0 + bar_width * p / 100.0;
      g_autofree char *label = g_strdup_printf ("%d %%", p);

      psems_pdf_canvas_move_to (canvas, x, GAP_TOP - 2);
      psems_pdf_canvas_line_to (canvas, x, height - 12);
      psems_pdf_canvas_stroke (canvas);
      psems_pdf_canvas_set_fill (canvas, 0.4, 0.4, 0.4, 1.0);
      psems_pdf_canvas_show_text (canvas, x, height - 10, label, 7, PSEMS_PDF_WEIGHT_REGULAR,
                                  PSEMS_PDF_ALIGN_CENTRE, 0, 0);
    }
  for (guint i = 0; i < chart->areas->len; i++)
    {
      double y = GAP_TOP + i * GAP_ROW;
      double latest = g_array_index (chart->latest, double, i);
      double previous = g_array_index (chart->previous, double, i);
      double bar = with_previous ? 9 : 14;

      psems_pdf_canvas_set_fill (canvas, 0.1, 0.1, 0.1, 1.0);
      psems_pdf_canvas_show_text (canvas, label_width, y + 5, g_ptr_array_index (chart->areas, i),
                                  8.5, PSEMS_PDF_WEIGHT_REGULAR, PSEMS_PDF_ALIGN_END, label_width,
                                  0);
      if (latest >= 0)
        {
          g_autofree char *text = g_strdup_printf ("%.0f %%", latest);

          psems_pdf_canvas_set_fill (canvas, 0.16, 0.40, 0.70, 1.0);
          psems_pdf_canvas_rectangle (canvas, x0, y + 2, MAX (bar_width * latest / 100.0, 0.5),
                                      bar);
          psems_pdf_canvas_fill (canvas, FALSE);
          psems_pdf_canvas_set_fill (canvas, 0.1, 0.1, 0.1, 1.0);
          psems_pdf_canvas_show_text (canvas, x0 + bar_width * latest / 100.0 + 3, y + 2, text, 7,
                                      PSEMS_PDF_WEIGHT_BOLD, PSEMS_PDF_ALIGN_START, 0, 0);
        }
      if (with_previous && previous >= 0)
        {
          psems_pdf_canvas_set_fill (canvas, 0.68, 0.68, 0.68, 1.0);
          psems_pdf_canvas_rectangle (canvas, x0, y + 2 + bar + 1,
                                      MAX (bar_width * previous / 100.0, 0.5), bar);
          psems_pdf_canvas_fill (canvas, FALSE);
        }
    }
}

static const PsemsScore *
find_score (GPtrArray  *scores,
            const char *area)
{
  for (guint i = 0; scores != NULL && i < scores->len; i++)
    {
      const PsemsScore *s = g_ptr_array_index (scores, i);

      if (g_strcmp0 (s->area, area) == 0)
        return s;
    }
  return NULL;
}

static char *
score_text (const PsemsScore *score)
{
  if (score == NULL || !score->has_score)
    return g_strdup ("—");
  return format_percent (score->score);
}

gboolean
psems_pack_add_gap (PsemsPackContext  *ctx,
                    GError           **error)
{
  g_autoptr(GPtrArray) list = psems_assessment_list (ctx->store, ctx->facility->id, error);
  g_autoptr(GPtrArray) latest_scores = NULL;
  g_autoptr(GPtrArray) previous_scores = NULL;
  const PsemsAssessment *latest = NULL;
  const PsemsAssessment *previous = NULL;
  PsemsPdfTable *table;
  GapChart *chart;

  if (list == NULL)
    return FALSE;
  g_ptr_array_set_free_func (list, (GDestroyNotify) psems_assessment_free);
  note_as_of (ctx, _("The assessments completed by the day"));
  /* The latest completed by the as-of day and the one before it (the list is newest first). */
  for (guint i = 0; i < list->len; i++)
    {
      const PsemsAssessment *a = g_ptr_array_index (list, i);

      if (!day_on_or_before (a->completed_on, ctx->as_of))
        continue;
      if (latest == NULL)
        latest = a;
      else if (previous == NULL)
        previous = a;
    }
  if (latest == NULL)
    {
      psems_pdf_doc_add_paragraph (ctx->doc, _("No GAP self-assessment had been completed by the "
                                               "as-of day."));
      return TRUE;
    }
  latest_scores = psems_assessment_scores (ctx->store, latest->id, error);
  if (latest_scores == NULL)
    return FALSE;
  g_ptr_array_set_free_func (latest_scores, (GDestroyNotify) psems_score_free);
  if (previous != NULL)
    {
      previous_scores = psems_assessment_scores (ctx->store, previous->id, error);
      if (previous_scores == NULL)
        return FALSE;
      g_ptr_array_set_free_func (previous_scores, (GDestroyNotify) psems_score_free);
    }

  {
    const PsemsScore *overall = find_score (latest_scores, NULL);
    const PsemsScore *before = previous != NULL ? find_score (previous_scores, NULL) : NULL;
    g_autofree char *latest_text = NULL;
    g_autofree char *previous_text = NULL;
    g_autofree char *bank = g_strdup_printf ("%s %s", latest->bank_code, latest->bank_version);
    g_autofree char *score = score_text (overall);
    g_autofree char *change = NULL;

    latest_text = g_strdup_printf (_("%s, %s, completed on %s"), latest->ref, latest->title,
                                   latest->completed_on);
    if (previous != NULL)
      {
        g_autofree char *before_score = score_text (before);

        previous_text = g_strdup_printf (_("%s, %s, completed on %s (overall %s)"), previous->ref,
                                         previous->title, previous->completed_on, before_score);
      }
    if (overall != NULL && overall->has_score && before != NULL && before->has_score)
      change = g_strdup_printf (_("%+.0f percentage points"), overall->score - before->score);
    {
      const char *kv[] = {
        _("Latest assessment"), latest_text,
        _("Question bank"), bank,
        _("Assessor"), latest->assessor,
        _("Overall score"), score,
        _("Previous assessment"), previous_text != NULL ? previous_text : _("None"),
        _("Change"), change,
        NULL
      };

      psems_pdf_doc_add_key_values (ctx->doc, kv);
    }
  }
  psems_pdf_doc_add_note (ctx->doc, _("Score = (compliant + ½ partial) ÷ (answered − not "
                                      "applicable) × 100; unanswered questions are counted apart "
                                      "and never lower it."));

  chart = g_new0 (GapChart, 1);
  chart->areas = g_ptr_array_new_with_free_func (g_free);
  chart->latest = g_array_new (FALSE, FALSE, sizeof (double));
  chart->previous = g_array_new (FALSE, FALSE, sizeof (double));
  chart->latest_label = g_strdup_printf ("%s (%s)", latest->ref, latest->completed_on);
  if (previous != NULL)
    chart->previous_label = g_strdup_printf ("%s (%s)", previous->ref, previous->completed_on);

  psems_pdf_doc_add_heading (ctx->doc, 2, _("Scores by area"));
  {
    const char *headings[] = { _("Area"), _("Score"), _("Previous"), _("Change"),
                               _("Compliant"), _("Partial"), _("Non-compliant"), _("N/A"),
                               _("Unanswered"), NULL };

    table = psems_pdf_doc_add_table (ctx->doc, headings);
    for (guint c = 1; c <= 8; c++)
      psems_pdf_table_set_align (table, c, PSEMS_PDF_ALIGN_END);
    for (guint i = 0; i < latest_scores->len; i++)
      {
        const PsemsScore *s = g_ptr_array_index (latest_scores, i);
        const PsemsScore *p = previous != NULL ? find_score (previous_scores, s->area) : NULL;
        g_autofree char *score = score_text (s);
        g_autofree char *before = previous != NULL ? score_text (p) : g_strdup ("—");
        g_autofree char *change = NULL;
        g_autofree char *compliant = format_count (s->compliant);
        g_autofree char *partial = format_count (s->partial);
        g_autofree char *non = format_count (s->non_compliant);
        g_autofree char *na = format_count (s->not_applicable);
        g_autofree char *unanswered = format_count (s->unanswered);
        double value = s->has_score ? s->score : -1;
        double previous_value = p != NULL && p->has_score ? p->score : -1;

        if (s->has_score && p != NULL && p->has_score)
          change = g_strdup_printf ("%+.0f", s->score - p->score);
        psems_pdf_table_add_row (table, s->area != NULL ? s->area : _("Overall"), score, before,
                                 text_or_dash (change), compliant, partial, non, na, unanswered,
                                 NULL);
        if (s->has_score)
          psems_pdf_table_set_cell_fill (table, 1, s->score >= 80 ? PSEMS_PACK_FILL_GOOD
                                                   : s->score >= 50 ? PSEMS_PACK_FILL_WARN
                                                   : PSEMS_PACK_FILL_BAD);
        if (s->area == NULL)
          continue;
        g_ptr_array_add (chart->areas, g_strdup (s->area));
        g_array_append_val (chart->latest, value);
        g_array_append_val (chart->previous, previous_value);
      }
  }
  psems_pdf_doc_add_heading (ctx->doc, 2, _("Scores by area, compared"));
  psems_pdf_doc_add_drawing (ctx->doc, psems_pdf_doc_get_text_width (ctx->doc),
                             GAP_TOP + chart->areas->len * GAP_ROW + 16, draw_gap_chart_cb, chart,
                             gap_chart_free);
  return TRUE;
}

/* ───────────────────────────── incidents ───────────────────────────── */

gboolean
psems_pack_add_incidents (PsemsPackContext  *ctx,
                          GError           **error)
{
  PsemsIncidentFilter filter = { .facility_id = ctx->facility->id, .to = ctx->as_of,
                                 .as_of = ctx->as_of_instant };
  g_autoptr(GPtrArray) list = psems_incident_list (ctx->store, &filter, error);
  g_autoptr(GPtrArray) lessons = NULL;
  PsemsPdfTable *table;
  guint n_open = 0, n_overdue_clocks = 0;

  if (list == NULL)
    return FALSE;
  g_ptr_array_set_free_func (list, (GDestroyNotify) psems_incident_free);
  lessons = g_ptr_array_new_with_free_func ((GDestroyNotify) psems_lesson_free);
  note_as_of (ctx, _("Incidents, their reporting clocks and lessons"));
  for (guint i = 0; i < list->len; i++)
    {
      const PsemsIncident *inc = g_ptr_array_index (list, i);
      g_autoptr(GPtrArray) some = NULL;

      if (!day_on_or_before (inc->closed_on, ctx->as_of))
        n_open++;
      n_overdue_clocks += inc->n_overdue_clocks;
      if (inc->n_lessons == 0)
        continue;
      some = psems_lesson_list (ctx->store, inc->id, 0, error);
      if (some == NULL)
        return FALSE;
      /* The lessons move to the list of all: @some must not free them. */
      g_ptr_array_set_free_func (some, NULL);
      for (guint k = 0; k < some->len; k++)
        g_ptr_array_add (lessons, g_ptr_array_index (some, k));
    }
  {
    g_autofree char *total = format_count (list->len);
    g_autofree char *open = format_count (n_open);
    g_autofree char *overdue = format_count (n_overdue_clocks);
    g_autofree char *n_lessons = format_count (lessons->len);
    const char *kv[] = {
      _("Incidents by the as-of day"), total,
      _("Open on the as-of day"), open,
      _("Reports overdue then"), overdue,
      _("Lessons learned"), n_lessons,
      NULL
    };

    psems_pdf_doc_add_key_values (ctx->doc, kv);
  }
  if (list->len == 0)
    {
      psems_pdf_doc_add_paragraph (ctx->doc, _("No incident had been recorded by the as-of day."));
      return TRUE;
    }
  psems_pdf_doc_add_heading (ctx->doc, 2, _("Incidents"));
  {
    const char *headings[] = { _("Reference"), _("Occurred"), _("Kind"), _("Incident"),
                               _("Level"), _("State"), _("Reports"), NULL };

    table = psems_pdf_doc_add_table (ctx->doc, headings);
    for (guint i = 0; i < list->len; i++)
      {
        const PsemsIncident *inc = g_ptr_array_index (list, i);
        g_autofree char *occurred = format_stamp (inc->occurred_at);
        g_autofree char *level = g_strdup_printf ("%d", inc->security_level);
        g_autofree char *state = NULL;
        g_autofree char *reports = NULL;
        gboolean closed = day_on_or_before (inc->closed_on, ctx->as_of);

        state = closed ? g_strdup_printf (_("Closed on %s"), inc->closed_on) : g_strdup (_("Open"));
        if (inc->clocks == NULL || inc->clocks->len == 0)
          reports = g_strdup (_("None required"));
        else if (inc->n_overdue_clocks > 0)
          reports = g_strdup_printf (_("%d overdue"), inc->n_overdue_clocks);
        else if (inc->n_open_clocks > 0)
          reports = g_strdup_printf (_("%d due"), inc->n_open_clocks);
        else
          reports = g_strdup (_("All sent"));
        psems_pdf_table_add_row (table, inc->ref, occurred, psems_incident_kind_label (inc->kind),
                                 inc->title, level, state, reports, NULL);
        psems_pdf_table_set_cell_fill (table, 5, closed ? PSEMS_PACK_FILL_GOOD
                                                        : PSEMS_PACK_FILL_WARN);
        if (inc->n_overdue_clocks > 0)
          psems_pdf_table_set_cell_fill (table, 6, PSEMS_PACK_FILL_BAD);
      }
  }
  psems_pdf_doc_add_heading (ctx->doc, 2, _("Lessons learned"));
  if (lessons->len == 0)
    psems_pdf_doc_add_paragraph (ctx->doc, _("No lesson has been recorded from these incidents."));
  else
    {
      const char *headings[] = { _("Lesson"), _("Incident"), _("What was learned"), _("Status"),
                                 _("Action"), NULL };

      table = psems_pdf_doc_add_table (ctx->doc, headings);
      for (guint i = 0; i < lessons->len; i++)
        {
          const PsemsLesson *l = g_ptr_array_index (lessons, i);
          gboolean implemented = day_on_or_before (l->implemented_on, ctx->as_of);
          const char *status = implemented ? psems_lesson_status_label ("implemented")
                               : g_strcmp0 (l->status, "implemented") == 0
                               ? psems_lesson_status_label ("in-progress")
                               : psems_lesson_status_label (l->status);
          g_autofree char *action = l->finding_ref != NULL
                                    ? g_strdup_printf ("%s (%s)", l->finding_ref,
                                                       text_or_dash (l->finding_owner))
                                    : NULL;

          psems_pdf_table_add_row (table, l->ref, l->incident_ref, l->text, status,
                                   text_or_dash (action), NULL);
          psems_pdf_table_set_cell_fill (table, 3, implemented ? PSEMS_PACK_FILL_GOOD
                                                               : PSEMS_PACK_FILL_WARN);
        }
    }
  return TRUE;
}

/* ───────────────────────────── evidence ───────────────────────────── */

typedef struct
{
  PsemsPackContext *ctx;
  GHashTable *seen;       /* evidence id → PsemsEvidence* */
} EvidenceSet;

static gboolean
collect_evidence (EvidenceSet  *set,
                  const char   *kind,
                  gint64        record_id,
                  GError      **error)
{
  g_autoptr(GPtrArray) list = psems_evidence_list (set->ctx->store, kind, record_id, error);

  if (list == NULL)
    return FALSE;
  /* What is kept moves to the set; the rest is freed here. */
  g_ptr_array_set_free_func (list, NULL);
  for (guint i = 0; i < list->len; i++)
    {
      PsemsEvidence *e = g_ptr_array_index (list, i);

      if (g_hash_table_contains (set->seen, &e->id) ||
          !day_on_or_before (e->added_on, set->ctx->as_of))
        {
          psems_evidence_free (e);
          continue;
        }
      g_hash_table_insert (set->seen, &e->id, e);
    }
  return TRUE;
}

static int
compare_evidence (gconstpointer a,
                  gconstpointer b)
{
  const PsemsEvidence *ea = *(const PsemsEvidence * const *) a;
  const PsemsEvidence *eb = *(const PsemsEvidence * const *) b;

  return ea->id < eb->id ? -1 : ea->id > eb->id;
}

static gboolean
collect_facility_evidence (EvidenceSet  *set,
                           GError      **error)
{
  PsemsPackContext *ctx = set->ctx;
  gint64 fid = ctx->facility->id;

  {
    g_autoptr(GPtrArray) plans = psems_plan_list (ctx->store, fid, error);

    if (plans == NULL)
      return FALSE;
    g_ptr_array_set_free_func (plans, (GDestroyNotify) psems_plan_free);
    for (guint i = 0; i < plans->len; i++)
      if (!collect_evidence (set, "plan", ((PsemsPlan *) g_ptr_array_index (plans, i))->id, error))
        return FALSE;
  }
  {
    PsemsDosFilter filter = { .facility_id = fid };
    g_autoptr(GPtrArray) list = psems_dos_list (ctx->store, &filter, error);

    if (list == NULL)
      return FALSE;
    g_ptr_array_set_free_func (list, (GDestroyNotify) psems_dos_free);
    for (guint i = 0; i < list->len; i++)
      if (!collect_evidence (set, "dos", ((PsemsDos *) g_ptr_array_index (list, i))->id, error))
        return FALSE;
  }
  {
    PsemsFindingFilter filter = { .facility_id = fid, .as_of = ctx->as_of };
    g_autoptr(GPtrArray) list = psems_finding_list (ctx->store, &filter, error);

    if (list == NULL)
      return FALSE;
    g_ptr_array_set_free_func (list, (GDestroyNotify) psems_finding_free);
    for (guint i = 0; i < list->len; i++)
      {
        const PsemsFinding *f = g_ptr_array_index (list, i);

        if (f->n_evidence > 0 && !collect_evidence (set, "finding", f->id, error))
          return FALSE;
      }
  }
  {
    PsemsIncidentFilter filter = { .facility_id = fid, .as_of = ctx->as_of_instant };
    g_autoptr(GPtrArray) list = psems_incident_list (ctx->store, &filter, error);

    if (list == NULL)
      return FALSE;
    g_ptr_array_set_free_func (list, (GDestroyNotify) psems_incident_free);
    for (guint i = 0; i < list->len; i++)
      {
        const PsemsIncident *inc = g_ptr_array_index (list, i);

        if (inc->n_evidence > 0 && !collect_evidence (set, "incident", inc->id, error))
          return FALSE;
      }
  }
  {
    PsemsScheduleFilter filter = { .facility_id = fid, .as_of = ctx->as_of };
    g_autoptr(GPtrArray) items = psems_schedule_list (ctx->store, &filter, error);

    if (items == NULL)
      return FALSE;
    g_ptr_array_set_free_func (items, (GDestroyNotify) psems_schedule_item_free);
    for (guint i = 0; i < items->len; i++)
      {
        g_autoptr(GPtrArray) completions = NULL;

        completions = psems_schedule_list_completions (ctx->store,
                                                       ((PsemsScheduleItem *)
                                                        g_ptr_array_index (items, i))->id, error);
        if (completions == NULL)
          return FALSE;
        g_ptr_array_set_free_func (completions, (GDestroyNotify) psems_completion_free);
        for (guint k = 0; k < completions->len; k++)
          if (!collect_evidence (set, "completion",
                                 ((PsemsCompletion *) g_ptr_array_index (completions, k))->id,
                                 error))
            return FALSE;
      }
  }
  {
    g_autoptr(GPtrArray) list = psems_assessment_list (ctx->store, fid, error);

    if (list == NULL)
      return FALSE;
    g_ptr_array_set_free_func (list, (GDestroyNotify) psems_assessment_free);
    for (guint i = 0; i < list->len; i++)
      {
        g_autoptr(GPtrArray) answers = NULL;

        answers = psems_assessment_list_answers (ctx->store,
                                                 ((PsemsAssessment *) g_ptr_array_index (list,
                                                                                         i))->id,
                                                 error);
        if (answers == NULL)
          return FALSE;
        g_ptr_array_set_free_func (answers, (GDestroyNotify) psems_answer_free);
        for (guint k = 0; k < answers->len; k++)
          {
            const PsemsAnswer *a = g_ptr_array_index (answers, k);

            if (a->answer_id != 0 && a->n_evidence > 0 &&
                !collect_evidence (set, "answer", a->answer_id, error))
              return FALSE;
          }
      }
  }
  return TRUE;
}

/* 64 hex digits in four groups, so the eye can compare them and the column can wrap. */
static char *
group_digest (const char *hex)
{
  if (hex == NULL || strlen (hex) != 64)
    return g_strdup (hex);
  return g_strdup_printf ("%.16s %.16s %.16s %.16s", hex, hex + 16, hex + 32, hex + 48);
}

static char *
format_size (gint64 size)
{
  return g_format_size ((guint64) MAX (size, 0));
}

gboolean
psems_pack_add_evidence (PsemsPackContext  *ctx,
                         GError           **error)
{
  EvidenceSet set = { ctx, g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL,
                                                  (GDestroyNotify) psems_evidence_free) };
  g_autoptr(GHashTable) seen = set.seen;
  g_autoptr(GPtrArray) sorted = NULL;
  PsemsPdfTable *table;
  const char *headings[] = { _("Reference"), _("File"), _("Size"), _("Added"), _("Attached to"),
                             _("SHA-256"), NULL };

  if (!collect_facility_evidence (&set, error))
    return FALSE;
  note_as_of (ctx, _("The files kept by the day"));
  psems_pdf_doc_add_paragraph (ctx->doc, _("Each file is kept in the database with the SHA-256 "
                                           "digest of its content, printed here in four groups of "
                                           "16 hexadecimal digits; a copy handed to an auditor "
                                           "can be checked against it (sha256sum)."));
  sorted = g_ptr_array_sized_new (g_hash_table_size (seen));
  {
    GHashTableIter iter;
    gpointer value;

    g_hash_table_iter_init (&iter, seen);
    while (g_hash_table_iter_next (&iter, NULL, &value))
      g_ptr_array_add (sorted, value);
  }
  if (sorted->len == 0)
    {
      psems_pdf_doc_add_paragraph (ctx->doc, _("No evidence file is kept for this facility's "
                                               "records."));
      return TRUE;
    }
  g_ptr_array_sort (sorted, compare_evidence);
  table = psems_pdf_doc_add_table (ctx->doc, headings);
  psems_pdf_table_set_align (table, 2, PSEMS_PDF_ALIGN_END);
  for (guint i = 0; i < sorted->len; i++)
    {
      const PsemsEvidence *e = g_ptr_array_index (sorted, i);
      g_autofree char *size = format_size (e->size);
      g_autofree char *digest = group_digest (e->sha256);
      g_autofree char *attached = e->attached_to != NULL ? g_strjoinv (", ", e->attached_to)
                                                         : NULL;

      psems_pdf_table_add_row (table, e->ref, e->file_name, size, e->added_on,
                               text_or_dash (attached), digest, NULL);
    }
  return TRUE;
}

/* ───────────────────────────── personnel ───────────────────────────── */

#define N_CLEARANCES (PSEMS_CLEARANCE_REVOKED + 1)

typedef struct
{
  char *name;             /* NULL: no level */
  guint counts[N_CLEARANCES];
} LevelCounts;

static void
level_counts_free (gpointer data)
{
  LevelCounts *counts = data;

  g_free (counts->name);
  g_free (counts);
}

static LevelCounts *
find_level (GPtrArray  *levels,
            const char *name)
{
  LevelCounts *counts;

  for (guint i = 0; i < levels->len; i++)
    {
      counts = g_ptr_array_index (levels, i);
      if (g_strcmp0 (counts->name, name) == 0)
        return counts;
    }
  counts = g_new0 (LevelCounts, 1);
  counts->name = g_strdup (name);
  g_ptr_array_add (levels, counts);
  return counts;
}

static void
free_codes (gpointer data)
{
  g_string_free (data, TRUE);
}

static PsemsPdfColour
clearance_fill (PsemsClearance clearance)
{
  switch (clearance)
    {
    case PSEMS_CLEARANCE_CLEARED:   return PSEMS_PACK_FILL_GOOD;
    case PSEMS_CLEARANCE_PENDING:   return PSEMS_PACK_FILL_MUTED;
    case PSEMS_CLEARANCE_NONE:      return 0xFFFFFF;
    case PSEMS_CLEARANCE_EXPIRED:   return PSEMS_PACK_FILL_WARN;
    case PSEMS_CLEARANCE_REFUSED:
    case PSEMS_CLEARANCE_SUSPENDED:
    case PSEMS_CLEARANCE_REVOKED:
    default:                        return PSEMS_PACK_FILL_BAD;
    }
}

/* Reading a person's row is a lookup of their current vetting; with many persons the lookups
 * are shared among worker connections on other cores (SQLite reads in parallel). */
typedef struct
{
  PsemsStore *store;
  const gint64 *ids;
  guint n;
  const GDate *as_of;
  GPtrArray *rows;
  GError *error;
} PersonSlice;

static gpointer
read_slice_thread (gpointer data)
{
  PersonSlice *slice = data;
  g_autoptr(PsemsStore) worker = psems_store_open_worker (slice->store, &slice->error);

  if (worker != NULL)
    slice->rows = psems_person_list_rows (worker, slice->ids, slice->n, slice->as_of,
                                          &slice->error);
  return NULL;
}

/* The rows of up to a round's worth of @ids, in their order; *@n_read says how many ids the
 * round took. */
static GPtrArray *
read_persons (PsemsPackContext  *ctx,
              const gint64      *ids,
              guint              n_ids,
              guint             *n_read,
              GError           **error)
{
  guint n_threads = CLAMP (g_get_num_processors (), 1, PERSON_THREADS);
  PersonSlice slices[PERSON_THREADS] = { { 0 } };
  GThread *threads[PERSON_THREADS] = { 0 };
  GPtrArray *rows;
  guint per;

  if (n_threads == 1 || n_ids < PERSON_PARALLEL_MIN)
    {
      *n_read = MIN (n_ids, PERSON_SLICE);
      rows = psems_person_list_rows (ctx->store, ids, *n_read, &ctx->as_of_date, error);
      if (rows != NULL)
        g_ptr_array_set_free_func (rows, (GDestroyNotify) psems_person_list_row_free);
      return rows;
    }
  *n_read = MIN (n_ids, n_threads * PERSON_SLICE);
  per = (*n_read + n_threads - 1) / n_threads;
  for (guint t = 0; t < n_threads; t++)
    {
      guint from = MIN (t * per, *n_read);

      slices[t].store = ctx->store;
      slices[t].ids = ids + from;
      slices[t].n = MIN (per, *n_read - from);
      slices[t].as_of = &ctx->as_of_date;
      threads[t] = g_thread_new ("pack-persons", read_slice_thread, &slices[t]);
    }
  rows = g_ptr_array_new_full (*n_read, (GDestroyNotify) psems_person_list_row_free);
  for (guint t = 0; t < n_threads; t++)
    {
      g_thread_join (threads[t]);
      if (slices[t].rows != NULL)
        {
          g_ptr_array_set_free_func (slices[t].rows, NULL);
          g_ptr_array_extend_and_steal (rows, slices[t].rows);
        }
    }
  for (guint t = 0; t < n_threads; t++)
    if (slices[t].error != NULL)
      {
        g_propagate_error (error, slices[t].error);
        for (guint u = t + 1; u < n_threads; u++)
          g_clear_error (&slices[u].error);
        g_ptr_array_unref (rows);
        return NULL;
      }
  return rows;
}

gboolean
psems_pack_add_personnel (PsemsPackContext  *ctx,
                          GError           **error)
{
  g_autoptr(GPtrArray) areas = psems_area_list (ctx->store, ctx->facility->id, FALSE, error);
  g_autoptr(GHashTable) person_areas = NULL;   /* person id → GString of area codes */
  g_autoptr(GArray) all_ids = NULL;
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GPtrArray) levels = NULL;
  g_autoptr(GPtrArray) level_list = NULL;
  g_autoptr(GPtrArray) expiring = NULL;
  g_autoptr(GPtrArray) named = NULL;
  PsemsPersonQuery query;
  PsemsPdfTable *list_table = NULL;
  char limit[16];
  GDate limit_date;
  guint by_status[N_CLEARANCES] = { 0 };
  guint n_expiring = 0;

  if (areas == NULL)
    return FALSE;
  g_ptr_array_set_free_func (areas, (GDestroyNotify) psems_area_free);
  note_as_of (ctx, _("Vetting status and expiry"));
  psems_pdf_doc_add_paragraph (ctx->doc, _("The persons counted are those with access to one of "
                                           "the facility's restricted areas."));

  /* Who has access to the facility's areas, and to which. */
  person_areas = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, free_codes);
  for (guint a = 0; a < areas->len; a++)
    {
      const PsemsArea *area = g_ptr_array_index (areas, a);
      g_autoptr(GArray) area_ids = NULL;

      psems_person_query_init (&query);
      query.area_id = area->id;
      query.as_of = ctx->as_of_date;
      area_ids = psems_person_list_ids (ctx->store, &query, ctx->cancellable, error);
      psems_person_query_clear (&query);
      if (area_ids == NULL)
        return FALSE;
      for (guint i = 0; i < area_ids->len; i++)
        {
          gint64 id = g_array_index (area_ids, gint64, i);
          GString *codes = g_hash_table_lookup (person_areas, &id);

          if (codes == NULL)
            {
              codes = g_string_new (area->code);
              g_hash_table_insert (person_areas, g_memdup2 (&id, sizeof id), codes);
            }
          else
            g_string_append_printf (codes, ", %s", area->code);
        }
      ctx->step (ctx->step_data, 0.1 * (a + 1) / areas->len, NULL);
    }

  /* Everyone in name order, kept when they have access here. */
  psems_person_query_init (&query);
  query.sort = PSEMS_PERSON_SORT_NAME;
  query.as_of = ctx->as_of_date;
  all_ids = psems_person_list_ids (ctx->store, &query, ctx->cancellable, error);
  psems_person_query_clear (&query);
  if (all_ids == NULL)
    return FALSE;
  ids = g_array_sized_new (FALSE, FALSE, sizeof (gint64), g_hash_table_size (person_areas));
  for (guint i = 0; i < all_ids->len; i++)
    if (g_hash_table_contains (person_areas, &g_array_index (all_ids, gint64, i)))
      g_array_append_val (ids, g_array_index (all_ids, gint64, i));
  g_clear_pointer (&all_ids, g_array_unref);

  limit_date = ctx->as_of_date;
  g_date_add_days (&limit_date, EXPIRY_WINDOW_DAYS);
  g_snprintf (limit, sizeof limit, "%04d-%02d-%02d", g_date_get_year (&limit_date),
              g_date_get_month (&limit_date), g_date_get_day (&limit_date));

  levels = g_ptr_array_new_with_free_func (level_counts_free);
  level_list = psems_vetting_level_list (ctx->store, error);
  if (level_list == NULL)
    return FALSE;
  g_ptr_array_set_free_func (level_list, (GDestroyNotify) psems_vetting_level_free);
  for (guint i = 0; i < level_list->len; i++)
    find_level (levels, ((PsemsVettingLevel *) g_ptr_array_index (level_list, i))->name);
  /* @named owns the rows; @expiring points into them. */
  named = g_ptr_array_new_with_free_func ((GDestroyNotify) psems_person_list_row_free);
  expiring = g_ptr_array_new ();

  /* The named list is built in the same pass as the counts; its heading goes first, so it is
   * added after the counts as a table the rows stream into. */
  for (guint start = 0; start < ids->len; )
    {
      g_autoptr(GPtrArray) rows = NULL;
      guint n;

      if (check_cancelled (ctx, error))
        return FALSE;
      rows = read_persons (ctx, &g_array_index (ids, gint64, start), ids->len - start, &n, error);
      if (rows == NULL)
        return FALSE;
      /* With the names, the rows are kept for the list (one read of each person); without,
       * they go with this chunk. */
      if (ctx->names_allowed)
        g_ptr_array_set_free_func (rows, NULL);
      for (guint i = 0; i < rows->len; i++)
        {
          PsemsPersonListRow *row = g_ptr_array_index (rows, i);
          LevelCounts *counts = find_level (levels, row->level_name);

          counts->counts[row->clearance]++;
          by_status[row->clearance]++;
          if (row->clearance == PSEMS_CLEARANCE_CLEARED && row->expires_on != NULL &&
              strcmp (row->expires_on, limit) <= 0)
            {
              n_expiring++;
              if (ctx->names_allowed)
                g_ptr_array_add (expiring, row);
            }
          if (ctx->names_allowed)
            g_ptr_array_add (named, row);
        }
      start += n;
      ctx->step (ctx->step_data, 0.1 + 0.4 * start / MAX (ids->len, 1), NULL);
    }

  {
    g_autofree char *total = format_count (ids->len);
    g_autofree char *cleared = format_count (by_status[PSEMS_CLEARANCE_CLEARED]);
    g_autofree char *n_exp = format_count (n_expiring);
    g_autofree char *n_areas = format_count (areas->len);
    g_autofree char *exp_key = g_strdup_printf (_("Clearance expiring within %d days (by %s)"),
                                                EXPIRY_WINDOW_DAYS, limit);
    const char *kv[] = {
      _("Persons with access"), total,
      _("Cleared on the as-of day"), cleared,
      exp_key, n_exp,
      _("Restricted areas"), n_areas,
      NULL
    };

    psems_pdf_doc_add_key_values (ctx->doc, kv);
  }

  psems_pdf_doc_add_heading (ctx->doc, 2, _("By vetting level and status"));
  {
    g_autoptr(GPtrArray) headings = g_ptr_array_new ();
    PsemsPdfTable *table;
    guint column_total[N_CLEARANCES] = { 0 };

    g_ptr_array_add (headings, (gpointer) _("Vetting level"));
    for (guint c = 0; c < N_CLEARANCES; c++)
      g_ptr_array_add (headings, (gpointer) psems_clearance_label ((PsemsClearance) c));
    g_ptr_array_add (headings, (gpointer) _("Total"));
    g_ptr_array_add (headings, NULL);
    table = psems_pdf_doc_add_table (ctx->doc, (const char * const *) headings->pdata);
    for (guint c = 1; c <= N_CLEARANCES + 1; c++)
      psems_pdf_table_set_align (table, c, PSEMS_PDF_ALIGN_END);
    for (guint i = 0; i < levels->len; i++)
      {
        const LevelCounts *counts = g_ptr_array_index (levels, i);
        g_autoptr(GPtrArray) cells = g_ptr_array_new_with_free_func (g_free);
        guint total = 0;

        g_ptr_array_add (cells, g_strdup (counts->name != NULL ? counts->name
                                                               : _("No vetting")));
        for (guint c = 0; c < N_CLEARANCES; c++)
          {
            g_ptr_array_add (cells, format_count (counts->counts[c]));
            total += counts->counts[c];
            column_total[c] += counts->counts[c];
          }
        g_ptr_array_add (cells, format_count (total));
        g_ptr_array_add (cells, NULL);
        psems_pdf_table_add_rowv (table, (const char * const *) cells->pdata);
      }
    {
      g_autoptr(GPtrArray) cells = g_ptr_array_new_with_free_func (g_free);
      guint total = 0;

      g_ptr_array_add (cells, g_strdup (_("All levels")));
      for (guint c = 0; c < N_CLEARANCES; c++)
        {
          g_ptr_array_add (cells, format_count (column_total[c]));
          total += column_total[c];
        }
      g_ptr_array_add (cells, format_count (total));
      g_ptr_array_add (cells, NULL);
      psems_pdf_table_add_rowv (table, (const char * const *) cells->pdata);
    }
  }

  if (!ctx->names_allowed)
    {
      psems_pdf_doc_add_note (ctx->doc, _("Personal data: the named list of persons is left out "
                                          "of this pack. It is included only when asked for, by "
                                          "a user allowed to read vetting records."));
      return TRUE;
    }

  psems_pdf_doc_add_heading (ctx->doc, 2, _("Clearances expiring within 90 days"));
  if (expiring->len == 0)
    psems_pdf_doc_add_paragraph (ctx->doc, _("No clearance expires within 90 days of the as-of "
                                             "day."));
  else
    {
      const char *headings[] = { _("Reference"), _("Name"), _("Employer"), _("Vetting level"),
                                 _("Expires"), NULL };
      PsemsPdfTable *table = psems_pdf_doc_add_table (ctx->doc, headings);

      for (guint i = 0; i < expiring->len; i++)
        {
          const PsemsPersonListRow *row = g_ptr_array_index (expiring, i);

          psems_pdf_table_add_row (table, row->ref, row->display_name, row->employer,
                                   row->level_name, row->expires_on, NULL);
          psems_pdf_table_set_cell_fill (table, 4, PSEMS_PACK_FILL_WARN);
        }
    }

  psems_pdf_doc_add_heading (ctx->doc, 2, _("Named list"));
  psems_pdf_doc_add_note (ctx->doc, _("Personal data, included at the exporter's request: handle "
                                      "this pack under its marking and destroy copies no longer "
                                      "needed."));
  {
    const char *headings[] = { _("Reference"), _("Name"), _("Employer"), _("Vetting level"),
                               _("Status"), _("Expires"), _("Areas"), NULL };

    list_table = psems_pdf_doc_add_table (ctx->doc, headings);
  }
  for (guint i = 0; i < named->len; i++)
    {
      const PsemsPersonListRow *row = g_ptr_array_index (named, i);
      GString *codes = g_hash_table_lookup (person_areas, &row->id);

      psems_pdf_table_add_row (list_table, row->ref, row->display_name, row->employer,
                               row->level_name, psems_clearance_label (row->clearance),
                               row->expires_on, codes != NULL ? codes->str : NULL, NULL);
      psems_pdf_table_set_cell_fill (list_table, 4, clearance_fill (row->clearance));
      if ((i + 1) % PERSON_CHUNK == 0)
        {
          if (check_cancelled (ctx, error))
            return FALSE;
          ctx->step (ctx->step_data, 0.5 + 0.5 * (i + 1) / named->len, NULL);
        }
    }
  if (ids->len == 0)
    psems_pdf_table_add_row (list_table, _("Nobody has access to the facility's areas"), NULL,
                             NULL, NULL, NULL, NULL, NULL, NULL);

  return TRUE;
}

/* ───────────────────────────── sign-off ───────────────────────────── */

static void
draw_signoff_cb (PsemsPdfCanvas *canvas,
                 double          width,
                 double          height,
                 gpointer        user_data)
{
  const char *columns[] = { _("Name"), _("Role"), _("Signature"), _("Date") };
  const double shares[] = { 0.28, 0.27, 0.30, 0.15 };
  const char *roles[] = { _("Port facility security officer"), _("Facility manager"),
                          _("Auditor"), _("Designated authority") };
  double row_height = (height - 20) / G_N_ELEMENTS (roles);
  double x = 0;

  psems_pdf_canvas_set_stroke (canvas, 0.35, 0.35, 0.35, 1.0);
  psems_pdf_canvas_set_line_width (canvas, 0.6);
  psems_pdf_canvas_set_fill (canvas, 0.92, 0.92, 0.92, 1.0);
  psems_pdf_canvas_rectangle (canvas, 0, 0, width, 20);
  psems_pdf_canvas_fill_stroke (canvas);
  for (guint c = 0; c < G_N_ELEMENTS (columns); c++)
    {
      psems_pdf_canvas_set_fill (canvas, 0.1, 0.1, 0.1, 1.0);
      psems_pdf_canvas_show_text (canvas, x + 6, 5, columns[c], 9, PSEMS_PDF_WEIGHT_BOLD,
                                  PSEMS_PDF_ALIGN_START, width * shares[c] - 12, 0);
      x += width * shares[c];
    }
  for (guint r = 0; r < G_N_ELEMENTS (roles); r++)
    {
      double y = 20 + r * row_height;

      psems_pdf_canvas_rectangle (canvas, 0, y, width, row_height);
      psems_pdf_canvas_stroke (canvas);
      x = 0;
      for (guint c = 0; c < G_N_ELEMENTS (columns); c++)
        {
          if (c > 0)
            {
              psems_pdf_canvas_move_to (canvas, x, y);
              psems_pdf_canvas_line_to (canvas, x, y + row_height);
              psems_pdf_canvas_stroke (canvas);
            }
          x += width * shares[c];
        }
      psems_pdf_canvas_set_fill (canvas, 0.45, 0.45, 0.45, 1.0);
      psems_pdf_canvas_show_text (canvas, width * shares[0] + 6, y + 6, roles[r], 8.5,
                                  PSEMS_PDF_WEIGHT_REGULAR, PSEMS_PDF_ALIGN_START,
                                  width * shares[1] - 12, 0);
    }
}

static void
draw_signoff_box_cb (PsemsPdfCanvas *canvas,
                     double          width,
                     double          height,
                     gpointer        user_data)
{
  psems_pdf_canvas_set_stroke (canvas, 0.35, 0.35, 0.35, 1.0);
  psems_pdf_canvas_set_line_width (canvas, 0.6);
  psems_pdf_canvas_rectangle (canvas, 0, 0, width, height);
  psems_pdf_canvas_stroke (canvas);
}

gboolean
psems_pack_add_signoff (PsemsPackContext  *ctx,
                        GError           **error)
{
  g_autofree char *text = NULL;

  /* Translators: the sign-off statement: the pack's reference, then the as-of day */
  text = g_strdup_printf (_("By signing below, each person confirms that they have reviewed this "
                            "compliance pack, reference %s, stating the facility's compliance as "
                            "of %s, and that its SHA-256 digest matches the checksum file issued "
                            "with it."), ctx->reference, ctx->as_of_text);
  psems_pdf_doc_add_paragraph (ctx->doc, text);
  psems_pdf_doc_add_drawing (ctx->doc, psems_pdf_doc_get_text_width (ctx->doc), 20 + 4 * 56,
                             draw_signoff_cb, NULL, NULL);
  psems_pdf_doc_add_note (ctx->doc, _("Comments and reservations of the reviewers:"));
  psems_pdf_doc_add_drawing (ctx->doc, psems_pdf_doc_get_text_width (ctx->doc), 120,
                             draw_signoff_box_cb, NULL, NULL);
  return TRUE;
}
