/* psems-cli-person.c — psems-cli person: list, show, add, edit, import, export, search, expiring. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <gio/gunixoutputstream.h>
#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <stdio.h>
#include <string.h>

#include "psems-cli.h"
#include "psems-cli-output.h"
#include "psems-facility.h"
#include "psems-person.h"
#include "psems-person-import.h"

static const char which_person[] = N_("which person? Give their reference (PER-…) or badge number");

static const char *
nonempty (const char *text)
{
  return text != NULL && *text != '\0' ? text : NULL;
}

static char *
format_day (const GDate *day)
{
  char text[16];

  g_date_strftime (text, sizeof text, "%Y-%m-%d", day);
  return g_strdup (text);
}

static void
set_today (GDate *day)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  g_date_clear (day, 1);
  g_date_set_dmy (day, (GDateDay) g_date_time_get_day_of_month (now),
                  (GDateMonth) g_date_time_get_month (now),
                  (GDateYear) g_date_time_get_year (now));
}

/* ─────────────────────── levels and areas by code ─────────────────────── */

/* A vetting level by its code or name, in any case. */
static gint64
resolve_level (PsemsStore  *store,
               const char  *text,
               GError     **error)
{
  g_autoptr(GPtrArray) levels = psems_vetting_level_list (store, error);
  g_autoptr(GString) known = g_string_new (NULL);

  if (levels == NULL)
    return 0;
  for (guint i = 0; i < levels->len; i++)
    {
      const PsemsVettingLevel *level = g_ptr_array_index (levels, i);

      if (g_ascii_strcasecmp (level->code, text) == 0 || g_utf8_collate (level->name, text) == 0)
        return level->id;
      g_string_append_printf (known, "%s%s", known->len ? ", " : "", level->code);
    }
  g_set_error (error, PSEMS_ERROR, PSEMS_ERROR_NOT_FOUND,
               _("level: no vetting level “%s” (known: %s)"), text, known->str);
  return 0;
}

static const char *
level_code (GPtrArray *levels,
            gint64     id)
{
  for (guint i = 0; levels != NULL && i < levels->len; i++)
    {
      const PsemsVettingLevel *level = g_ptr_array_index (levels, i);

      if (level->id == id)
        return level->code;
    }
  return NULL;
}

/* Every restricted area with the code of its facility, archived ones included. */
typedef struct
{
  PsemsArea *area;
  char *facility_code;
} AreaEntry;

static void
area_entry_free (AreaEntry *entry)
{
  psems_area_free (entry->area);
  g_free (entry->facility_code);
  g_free (entry);
}

static GPtrArray *
list_all_areas (PsemsStore  *store,
                GError     **error)
{
  g_autoptr(GPtrArray) facilities = psems_facility_list (store, TRUE, error);
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func ((GDestroyNotify) area_entry_free);

  if (facilities == NULL)
    return NULL;
  for (guint i = 0; i < facilities->len; i++)
    {
      const PsemsFacility *facility = g_ptr_array_index (facilities, i);
      g_autoptr(GPtrArray) areas = psems_area_list (store, facility->id, TRUE, error);

      if (areas == NULL)
        return NULL;
      for (guint j = 0; j < areas->len; j++)
        {
          AreaEntry *entry = g_new0 (AreaEntry, 1);

          entry->area = g_ptr_array_steal_index (areas, j--);
          entry->facility_code = g_strdup (facility->code);
          g_ptr_array_add (entries, entry);
        }
    }
  return g_steal_pointer (&entries);
}

static const AreaEntry *
find_area (GPtrArray *areas,
           gint64     id)
{
  for (guint i = 0; i < areas->len; i++)
    {
      const AreaEntry *entry = g_ptr_array_index (areas, i);

      if (entry->area->id == id)
        return entry;
    }
  return NULL;
}

/* An area's reference, FACILITY:AREA, or an area code only one live facility uses. */
static gint64
resolve_area (PsemsStore  *store,
              GPtrArray   *areas,
              const char  *text,
              GError     **error)
{
  const char *colon = strchr (text, ':');
  const char *code = colon != NULL ? colon + 1 : text;
  gint64 facility_id = 0;
  gint64 found = 0;
  guint n_found = 0;

  if (colon != NULL)
    {
      g_autofree char *facility = g_strndup (text, (gsize) (colon - text));

      facility_id = psems_facility_resolve (store, facility, error);
      if (facility_id <= 0)
        {
          g_prefix_error (error, _("areas: “%s”: "), text);
          return 0;
        }
    }
  for (guint i = 0; i < areas->len; i++)
    {
      const AreaEntry *entry = g_ptr_array_index (areas, i);
      const PsemsArea *area = entry->area;

      if (area->archived_at != NULL)
        continue;
      if (colon == NULL && area->ref != NULL && g_ascii_strcasecmp (area->ref, text) == 0)
        return area->id;
      if ((facility_id == 0 || area->facility_id == facility_id) &&
          g_ascii_strcasecmp (area->code, code) == 0)
        {
          found = area->id;
          n_found++;
        }
    }
  if (n_found == 1)
    return found;
  if (n_found > 1)
    g_set_error (error, PSEMS_ERROR, PSEMS_ERROR_INVALID,
                 _("areas: “%s” is a restricted area of several facilities; write FACILITY:AREA"),
                 text);
  else
    g_set_error (error, PSEMS_ERROR, PSEMS_ERROR_NOT_FOUND,
                 _("areas: no restricted area “%s”"), text);
  return 0;
}

/* “A;B;FAC:C” → area ids; "" → none. */
static GArray *
resolve_area_list (PsemsStore  *store,
                   const char  *text,
                   GError     **error)
{
  g_autoptr(GPtrArray) areas = list_all_areas (store, error);
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_auto(GStrv) parts = NULL;

  if (areas == NULL)
    return NULL;
  parts = g_strsplit_set (text, ";,", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      char *part = g_strstrip (parts[i]);
      gint64 id;
      gboolean seen = FALSE;

      if (*part == '\0')
        continue;
      id = resolve_area (store, areas, part, error);
      if (id <= 0)
        return NULL;
      for (guint j = 0; j < ids->len; j++)
        seen = seen || g_array_index (ids, gint64, j) == id;
      if (!seen)
        g_array_append_val (ids, id);
    }
  return g_steal_pointer (&ids);
}

/* ─────────────────────────── records ─────────────────────────── */

static const char * const list_columns[] = {
  "ref", "sort_name", "employer", "badge_no", "level", "clearance", "expires_on", NULL
};
static const char * const area_columns[] = { "ref", "facility", "code", "name", NULL };
static const char * const vetting_columns[] = {
  "ref", "level", "status", "clearance", "requested_on", "issued_on", "expires_on", "authority",
  "authority_ref", NULL
};
static const char * const training_columns[] = {
  "course", "course_name", "completed_on", "expires_on", "lapsed", "provider", NULL
};
static const PsemsCliSection summary_sections[] = {
  { "restricted_areas", N_("Restricted areas"), area_columns },
  { NULL }
};
static const PsemsCliSection person_sections[] = {
  { "restricted_areas", N_("Restricted areas"), area_columns },
  { "vettings", N_("Vettings"), vetting_columns },
  { "trainings", N_("Trainings"), training_columns },
  { NULL }
};

static void
describe_row (JsonBuilder              *builder,
              const PsemsPersonListRow *row)
{
  psems_json_add_string (builder, "ref", row->ref);
  psems_json_add_string (builder, "display_name", row->display_name);
  psems_json_add_string (builder, "sort_name", row->sort_name);
  psems_json_add_string (builder, "employer", row->employer);
  psems_json_add_string (builder, "badge_no", row->badge_no);
  psems_json_add_string (builder, "level", row->level_name);
  psems_json_add_string (builder, "status", row->status);
  psems_json_add_string (builder, "clearance", psems_clearance_to_string (row->clearance));
  psems_json_add_string (builder, "expires_on", row->expires_on);
}

static void
describe_person (JsonBuilder       *builder,
                 const PsemsPerson *person)
{
  psems_json_add_string (builder, "ref", person->ref);
  psems_json_add_string (builder, "display_name", person->display_name);
  psems_json_add_string (builder, "given_name", person->given_name);
  psems_json_add_string (builder, "family_name", person->family_name);
  psems_json_add_string (builder, "sort_name", person->sort_name);
  psems_json_add_string (builder, "employer", person->employer);
  psems_json_add_string (builder, "job_title", person->job_title);
  psems_json_add_string (builder, "badge_no", person->badge_no);
  psems_json_add_string (builder, "nationality", person->nationality);
  psems_json_add_string (builder, "date_of_birth", person->date_of_birth);
  psems_json_add_string (builder, "email", person->email);
  psems_json_add_string (builder, "phone", person->phone);
  psems_json_add_string (builder, "notes", person->notes);
  psems_json_add_string (builder, "level", person->level_name);
  psems_json_add_string (builder, "clearance", psems_clearance_to_string (person->clearance));
  psems_json_add_string (builder, "expires_on", person->expires_on);
  psems_json_add_string (builder, "archived_at", person->archived_at);
}

static gboolean
add_areas (JsonBuilder  *builder,
           PsemsStore   *store,
           PsemsPerson  *person,
           GError      **error)
{
  g_autoptr(GPtrArray) areas = list_all_areas (store, error);

  if (areas == NULL)
    return FALSE;
  json_builder_set_member_name (builder, "restricted_areas");
  json_builder_begin_array (builder);
  for (guint i = 0; person->area_ids != NULL && i < person->area_ids->len; i++)
    {
      const AreaEntry *entry = find_area (areas, g_array_index (person->area_ids, gint64, i));

      if (entry == NULL)
        continue;
      json_builder_begin_object (builder);
      psems_json_add_string (builder, "ref", entry->area->ref);
      psems_json_add_string (builder, "facility", entry->facility_code);
      psems_json_add_string (builder, "code", entry->area->code);
      psems_json_add_string (builder, "name", entry->area->name);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  return TRUE;
}

/* The person and their restricted areas: what add and edit confirm with. No
 * vetting details, so printing it records no view. */
static JsonNode *
build_person_summary (PsemsStore  *store,
                      gint64       id,
                      GError     **error)
{
  g_autoptr(PsemsPerson) person = psems_person_get (store, id, NULL, error);
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  if (person == NULL)
    return NULL;
  json_builder_begin_object (builder);
  describe_person (builder, person);
  if (!add_areas (builder, store, person, error))
    return NULL;
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

/* Everything about a person as of @day, vetting details included: reading
 * them records a view, which a read-only database cannot (*view_recorded). */
static JsonNode *
build_person_record (PsemsCli     *cli,
                     PsemsStore   *store,
                     gint64        id,
                     const GDate  *day,
                     gboolean     *view_recorded,
                     GError      **error)
{
  g_autoptr(PsemsPerson) person = psems_person_get (store, id, day, error);
  g_autoptr(GPtrArray) vettings = NULL;
  g_autoptr(GPtrArray) trainings = NULL;
  g_autoptr(GPtrArray) levels = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char *as_of = format_day (day);

  if (person == NULL)
    return NULL;
  vettings = psems_person_get_vettings (store, cli->actor, id, view_recorded, error);
  if (vettings == NULL)
    return NULL;
  trainings = psems_person_list_trainings (store, id, error);
  if (trainings == NULL)
    return NULL;
  levels = psems_vetting_level_list (store, error);
  if (levels == NULL)
    return NULL;

  json_builder_begin_object (builder);
  describe_person (builder, person);
  psems_json_add_string (builder, "as_of", as_of);
  psems_json_add_boolean (builder, "view_recorded", *view_recorded);
  if (!add_areas (builder, store, person, error))
    return NULL;

  json_builder_set_member_name (builder, "vettings");
  json_builder_begin_array (builder);
  for (guint i = 0; i < vettings->len; i++)
    {
      const PsemsVetting *vetting = g_ptr_array_index (vettings, i);
      const char *code = vetting->level_code ? vetting->level_code
                                             : level_code (levels, vetting->level_id);

      json_builder_begin_object (builder);
      psems_json_add_string (builder, "ref", vetting->ref);
      psems_json_add_string (builder, "level", code);
      psems_json_add_string (builder, "level_name", vetting->level_name);
      psems_json_add_string (builder, "status", psems_vetting_status_to_string (vetting->status));
      psems_json_add_string (builder, "clearance",
                             psems_clearance_to_string (psems_vetting_clearance (vetting, day)));
      psems_json_add_string (builder, "requested_on", vetting->requested_on);
      psems_json_add_string (builder, "issued_on", vetting->issued_on);
      psems_json_add_string (builder, "expires_on", vetting->expires_on);
      psems_json_add_string (builder, "authority", vetting->authority);
      psems_json_add_string (builder, "authority_ref", vetting->authority_ref);
      psems_json_add_string (builder, "notes", vetting->notes);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "trainings");
  json_builder_begin_array (builder);
  for (guint i = 0; i < trainings->len; i++)
    {
      const PsemsTraining *training = g_ptr_array_index (trainings, i);

      json_builder_begin_object (builder);
      psems_json_add_string (builder, "course", training->course_code);
      psems_json_add_string (builder, "course_name", training->course_name);
      psems_json_add_string (builder, "completed_on", training->completed_on);
      psems_json_add_string (builder, "expires_on", training->expires_on);
      psems_json_add_boolean (builder, "lapsed",
                              training->expires_on != NULL &&
                              g_strcmp0 (training->expires_on, as_of) <= 0);
      psems_json_add_string (builder, "provider", training->provider);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

/* ─────────────────────────── filters ─────────────────────────── */

/* The options list and export share; NULL for an option not given. */
typedef struct
{
  char *search;
  char *status;
  char *level;
  char *employer;
  char *area;
  char *expiring;
  gboolean training_lapsed;
  gboolean archived;
  char *as_of;
  char *sort;
  gboolean descending;
  char *limit;
} FilterOptions;

static void
filter_options_clear (FilterOptions *o)
{
  g_free (o->search);
  g_free (o->status);
  g_free (o->level);
  g_free (o->employer);
  g_free (o->area);
  g_free (o->expiring);
  g_free (o->as_of);
  g_free (o->sort);
  g_free (o->limit);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (FilterOptions, filter_options_clear)
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (PsemsPersonQuery, psems_person_query_clear)

#define FILTER_OPTION_ENTRIES(o) \
  { "search", 0, 0, G_OPTION_ARG_STRING, &(o).search, \
    N_("Only persons whose names, employer or badge start with every word"), N_("TEXT") }, \
  { "status", 0, 0, G_OPTION_ARG_STRING, &(o).status, \
    N_("Only this clearance: none, pending, cleared, expired, refused, suspended, revoked"), \
    N_("STATUS") }, \
  { "level", 0, 0, G_OPTION_ARG_STRING, &(o).level, \
    N_("Only this vetting level (its code)"), N_("CODE") }, \
  { "employer", 0, 0, G_OPTION_ARG_STRING, &(o).employer, \
    N_("Only this employer (exact)"), N_("NAME") }, \
  { "area", 0, 0, G_OPTION_ARG_STRING, &(o).area, \
    N_("Only persons with access to this restricted area"), N_("[FACILITY:]AREA") }, \
  { "expiring-within", 0, 0, G_OPTION_ARG_STRING, &(o).expiring, \
    N_("Only cleared persons whose clearance expires within DAYS"), N_("DAYS") }, \
  { "training-lapsed", 0, 0, G_OPTION_ARG_NONE, &(o).training_lapsed, \
    N_("Only persons with a lapsed training"), NULL }, \
  { "archived", 0, 0, G_OPTION_ARG_NONE, &(o).archived, N_("Include archived persons"), NULL }, \
  { "as-of", 0, 0, G_OPTION_ARG_STRING, &(o).as_of, \
    N_("The day clearance and expiry are judged on (default today)"), N_("YYYY-MM-DD") }, \
  { "sort", 0, 0, G_OPTION_ARG_STRING, &(o).sort, \
    N_("Order by name (default), employer, badge or expiry"), N_("KEY") }, \
  { "descending", 0, 0, G_OPTION_ARG_NONE, &(o).descending, N_("Reverse the order"), NULL }

/* A whole number of at least @min; otherwise a usage error naming @option. */
static gboolean
parse_positive (PsemsCli   *cli,
                const char *option,
                const char *text,
                int         min,
                int        *value,
                int        *status)
{
  if (text == NULL)
    return TRUE;
  if (psems_cli_parse_int (text, value) && *value >= min)
    return TRUE;
  *status = psems_cli_usage_error (cli, _("%s: “%s” is not a whole number of at least %d"),
                                   option, text, min);
  return FALSE;
}

/* The options that need no database; a usage error otherwise. */
static gboolean
parse_filters (PsemsCli         *cli,
               FilterOptions    *o,
               PsemsPersonQuery *query,
               int              *status)
{
  static const char * const sorts[] = { "name", "employer", "badge", "expiry", NULL };
  gboolean given;
  PsemsClearance clearance;

  if (o->status != NULL && !psems_clearance_from_string (o->status, &clearance))
    {
      *status = psems_cli_usage_error (cli, _("--status: “%s” is not one of none, pending, "
                                              "cleared, expired, refused, suspended, revoked"),
                                       o->status);
      return FALSE;
    }
  query->status = g_strdup (o->status);
  if (!parse_positive (cli, "--expiring-within", o->expiring, 1, &query->expiring_within_days,
                       status))
    return FALSE;
  if (!psems_cli_parse_day (cli, "--as-of", o->as_of, &query->as_of, &given, status))
    return FALSE;
  if (o->sort != NULL)
    {
      guint i;

      for (i = 0; sorts[i] != NULL && !g_str_equal (sorts[i], o->sort); i++)
        ;
      if (sorts[i] == NULL)
        {
          *status = psems_cli_usage_error (cli, _("--sort: “%s” is not one of name, employer, "
                                                  "badge, expiry"), o->sort);
          return FALSE;
        }
      query->sort = (PsemsPersonSort) i;
    }
  query->text = g_strdup (o->search);
  query->employer = g_strdup (o->employer);
  query->training_lapsed = o->training_lapsed;
  query->include_archived = o->archived;
  query->descending = o->descending;
  return TRUE;
}

/* The options that name records in the database: a data error otherwise. */
static gboolean
resolve_filters (PsemsCli         *cli,
                 PsemsStore       *store,
                 FilterOptions    *o,
                 PsemsPersonQuery *query,
                 int              *status)
{
  g_autoptr(GError) error = NULL;

  if (o->level != NULL)
    {
      query->level_id = resolve_level (store, o->level, &error);
      if (query->level_id <= 0)
        {
          *status = psems_cli_data_error (cli, error);
          return FALSE;
        }
    }
  if (o->area != NULL)
    {
      g_autoptr(GPtrArray) areas = list_all_areas (store, &error);

      if (areas != NULL)
        query->area_id = resolve_area (store, areas, o->area, &error);
      if (areas == NULL || query->area_id <= 0)
        {
          *status = psems_cli_data_error (cli, error);
          return FALSE;
        }
    }
  return TRUE;
}

/* Prints the first @limit rows of @query (0: all). */
static int
print_query (PsemsCli               *cli,
             PsemsStore             *store,
             const PsemsPersonQuery *query,
             int                     limit)
{
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GError) error = NULL;

  rows = psems_person_list_first (store, query, limit > 0 ? (guint) limit : G_MAXINT, &error);
  if (rows == NULL)
    return psems_cli_data_error (cli, error);
  psems_cli_print_list (cli, rows, (PsemsCliDescribeFunc) describe_row, list_columns);
  return PSEMS_EXIT_OK;
}

/* ─────────────────────────── verbs ─────────────────────────── */

static int
person_list (PsemsCli *cli,
             int       argc,
             char    **argv)
{
  g_auto(FilterOptions) o = { NULL };
  const GOptionEntry entries[] = {
    FILTER_OPTION_ENTRIES (o),
    { "limit", 0, 0, G_OPTION_ARG_STRING, &o.limit,
      N_("At most N persons (default all)"), N_("N") },
    { NULL }
  };
  g_auto(PsemsPersonQuery) query;
  g_autoptr(PsemsStore) store = NULL;
  g_autoptr(GError) error = NULL;
  int limit = 0;
  int status;

  psems_person_query_init (&query);
  if (!psems_cli_parse (cli, &argc, &argv, entries, NULL,
                        _("Lists persons: reference, name, employer, badge, vetting level, "
                          "clearance as of the day (--as-of, default today) and when it expires. "
                          "The options narrow the list; archived persons are left out unless "
                          "--archived is given."), TRUE, &status))
    return status;
  if (argc > 1)
    return psems_cli_usage_error (cli, _("unexpected argument “%s”"), argv[1]);
  if (!parse_filters (cli, &o, &query, &status) ||
      !parse_positive (cli, "--limit", o.limit, 1, &limit, &status))
    return status;

  store = psems_cli_open_store (cli, PSEMS_STORE_OPEN_READ_ONLY, &error);
  if (store == NULL)
    return psems_cli_data_error (cli, error);
  if (!resolve_filters (cli, store, &o, &query, &status))
    return status;
  return print_query (cli, store, &query, limit);
}

static int
person_search (PsemsCli *cli,
               int       argc,
               char    **argv)
{
  g_autofree char *limit_text = NULL;
  gboolean archived = FALSE;
  const GOptionEntry entries[] = {
    { "limit", 0, 0, G_OPTION_ARG_STRING, &limit_text,
      N_("At most N persons (default 50)"), N_("N") },
    { "archived", 0, 0, G_OPTION_ARG_NONE, &archived, N_("Include archived persons"), NULL },
    { NULL }
  };
  g_auto(PsemsPersonQuery) query;
  g_autoptr(PsemsStore) store = NULL;
  g_autoptr(GError) error = NULL;
  int limit = 50;
  int status;

  psems_person_query_init (&query);
  if (!psems_cli_parse (cli, &argc, &argv, entries, _("WORD…"),
                        _("Finds persons as the search field does: every WORD is the start of a "
                          "word of their names, their employer or their badge number, in any case "
                          "and with or without accents."), TRUE, &status))
    return status;
  if (argc < 2)
    return psems_cli_usage_error (cli, _("what to search for? Give one or more words"));
  if (!parse_positive (cli, "--limit", limit_text, 1, &limit, &status))
    return status;
  query.text = g_strjoinv (" ", argv + 1);
  if (*g_strstrip (query.text) == '\0')
    return psems_cli_usage_error (cli, _("what to search for? Give one or more words"));
  query.include_archived = archived;

  store = psems_cli_open_store (cli, PSEMS_STORE_OPEN_READ_ONLY, &error);
  if (store == NULL)
    return psems_cli_data_error (cli, error);
  return print_query (cli, store, &query, limit);
}

typedef struct
{
  const PsemsPersonListRow *row;
  int days_left;
} ExpiringRow;

static void
describe_expiring (JsonBuilder       *builder,
                   const ExpiringRow *item)
{
  describe_row (builder, item->row);
  psems_json_add_int (builder, "days_left", item->days_left);
}

static int
person_expiring (PsemsCli *cli,
                 int       argc,
                 char    **argv)
{
  g_autofree char *within = NULL;
  g_autofree char *as_of = NULL;
  g_autofree char *level = NULL;
  g_autofree char *employer = NULL;
  const GOptionEntry entries[] = {
    { "within", 0, 0, G_OPTION_ARG_STRING, &within,
      N_("How many days ahead to look (required)"), N_("DAYS") },
    { "as-of", 0, 0, G_OPTION_ARG_STRING, &as_of,
      N_("The day to count from (default today)"), N_("YYYY-MM-DD") },
    { "level", 0, 0, G_OPTION_ARG_STRING, &level,
      N_("Only this vetting level (its code)"), N_("CODE") },
    { "employer", 0, 0, G_OPTION_ARG_STRING, &employer,
      N_("Only this employer (exact)"), N_("NAME") },
    { NULL }
  };
  static const char * const columns[] = {
    "ref", "sort_name", "employer", "badge_no", "level", "expires_on", "days_left", NULL
  };
  g_auto(PsemsPersonQuery) query;
  g_auto(FilterOptions) o = { NULL };
  g_autoptr(PsemsStore) store = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  gboolean given;
  int status;

  psems_person_query_init (&query);
  if (!psems_cli_parse (cli, &argc, &argv, entries, NULL,
                        _("Lists the persons cleared on the day (--as-of, default today) whose "
                          "clearance expires within DAYS of it, soonest first, with the days "
                          "left."), TRUE, &status))
    return status;
  if (argc > 1)
    return psems_cli_usage_error (cli, _("unexpected argument “%s”"), argv[1]);
  if (within == NULL)
    return psems_cli_usage_error (cli, _("--within is required"));
  if (!parse_positive (cli, "--within", within, 1, &query.expiring_within_days, &status) ||
      !psems_cli_parse_day (cli, "--as-of", as_of, &query.as_of, &given, &status))
    return status;
  if (!given)
    set_today (&query.as_of);
  query.sort = PSEMS_PERSON_SORT_EXPIRY;
  query.employer = g_strdup (employer);

  store = psems_cli_open_store (cli, PSEMS_STORE_OPEN_READ_ONLY, &error);
  if (store == NULL)
    return psems_cli_data_error (cli, error);
  o.level = g_steal_pointer (&level);
  if (!resolve_filters (cli, store, &o, &query, &status))
    return status;
  rows = psems_person_list_first (store, &query, G_MAXINT, &error);
  if (rows == NULL)
    return psems_cli_data_error (cli, error);
  for (guint i = 0; i < rows->len; i++)
    {
      ExpiringRow *item = g_new0 (ExpiringRow, 1);
      const PsemsPersonListRow *row = g_ptr_array_index (rows, i);
      GDate expires;

      item->row = row;
      g_date_clear (&expires, 1);
      if (row->expires_on != NULL)
        g_date_set_parse (&expires, row->expires_on);
      item->days_left = g_date_valid (&expires) ? g_date_days_between (&query.as_of, &expires) : 0;
      g_ptr_array_add (items, item);
    }
  psems_cli_print_list (cli, items, (PsemsCliDescribeFunc) describe_expiring, columns);
  return PSEMS_EXIT_OK;
}

static int
person_show (PsemsCli *cli,
             int       argc,
             char    **argv)
{
  g_autofree char *as_of = NULL;
  const GOptionEntry entries[] = {
    { "as-of", 0, 0, G_OPTION_ARG_STRING, &as_of,
      N_("The day clearance is judged on (default today)"), N_("YYYY-MM-DD") },
    { NULL }
  };
  g_autoptr(PsemsStore) store = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;
  gboolean view_recorded = FALSE;
  gboolean given;
  GDate day;
  gint64 id = 0;
  int status;

  if (!psems_cli_parse (cli, &argc, &argv, entries, _("PERSON"),
                        _("Prints a person (PERSON is their reference, PER-…, or badge number) "
                          "with their restricted areas, vettings and trainings. Vetting details "
                          "are personal data: each showing is recorded in the audit trail, and "
                          "on a database that cannot be written the output says it was not. "
                          "JSON nests the lists in the person's object; CSV prints the person's "
                          "fields only."), TRUE, &status))
    return status;
  if ((status = psems_cli_check_arguments (cli, argc, argv, 1, _(which_person))) != PSEMS_EXIT_OK)
    return status;
  if (!psems_cli_parse_day (cli, "--as-of", as_of, &day, &given, &status))
    return status;
  if (!given)
    set_today (&day);

  /* Not read-only: the view is recorded. A file that cannot be written opens read-only. */
  store = psems_cli_open_resolved (cli, PSEMS_STORE_OPEN_DEFAULT, psems_person_resolve, argv[1],
                                   &id, &status);
  if (store == NULL)
    return status;
  root = build_person_record (cli, store, id, &day, &view_recorded, &error);
  if (root == NULL)
    return psems_cli_data_error (cli, error);
  psems_cli_print_record (cli, root, person_sections);
  if (!view_recorded)
    g_printerr (_("%s: note: the database is read-only, so this view of vetting details could "
                  "not be recorded\n"), cli->command);
  return PSEMS_EXIT_OK;
}

/* The fields add and edit share; NULL for an option not given. */
typedef struct
{
  char *given_name;
  char *family_name;
  char *display_name;
  char *employer;
  char *job_title;
  char *badge;
  char *nationality;
  char *date_of_birth;
  char *email;
  char *phone;
  char *notes;
  char *areas;
  char *vetting_level;
  char *vetting_status;
  char *vetting_requested;
  char *vetting_issued;
  char *vetting_expires;
  char *vetting_authority;
  char *vetting_ref;
} PersonOptions;

static void
person_options_clear (PersonOptions *o)
{
  g_free (o->given_name);
  g_free (o->family_name);
  g_free (o->display_name);
  g_free (o->employer);
  g_free (o->job_title);
  g_free (o->badge);
  g_free (o->nationality);
  g_free (o->date_of_birth);
  g_free (o->email);
  g_free (o->phone);
  g_free (o->notes);
  g_free (o->areas);
  g_free (o->vetting_level);
  g_free (o->vetting_status);
  g_free (o->vetting_requested);
  g_free (o->vetting_issued);
  g_free (o->vetting_expires);
  g_free (o->vetting_authority);
  g_free (o->vetting_ref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (PersonOptions, person_options_clear)

#define PERSON_OPTION_ENTRIES(o) \
  { "given-name", 0, 0, G_OPTION_ARG_STRING, &(o).given_name, N_("Given name(s)"), N_("TEXT") }, \
  { "family-name", 0, 0, G_OPTION_ARG_STRING, &(o).family_name, N_("Family name"), N_("TEXT") }, \
  { "display-name", 0, 0, G_OPTION_ARG_STRING, &(o).display_name, \
    N_("The name as the person writes it (default: given and family name)"), N_("TEXT") }, \
  { "employer", 0, 0, G_OPTION_ARG_STRING, &(o).employer, N_("Employer"), N_("TEXT") }, \
  { "job-title", 0, 0, G_OPTION_ARG_STRING, &(o).job_title, N_("Role or job title"), N_("TEXT") }, \
  { "badge", 0, 0, G_OPTION_ARG_STRING, &(o).badge, \
    N_("Badge number, unique in the authority"), N_("TEXT") }, \
  { "nationality", 0, 0, G_OPTION_ARG_STRING, &(o).nationality, \
    N_("ISO 3166-1 alpha-2 country code, e.g. NL"), N_("CC") }, \
  { "date-of-birth", 0, 0, G_OPTION_ARG_STRING, &(o).date_of_birth, \
    N_("Date of birth"), N_("YYYY-MM-DD") }, \
  { "email", 0, 0, G_OPTION_ARG_STRING, &(o).email, N_("E-mail address"), N_("ADDRESS") }, \
  { "phone", 0, 0, G_OPTION_ARG_STRING, &(o).phone, N_("Telephone number"), N_("TEXT") }, \
  { "notes", 0, 0, G_OPTION_ARG_STRING, &(o).notes, N_("Notes"), N_("TEXT") }, \
  { "areas", 0, 0, G_OPTION_ARG_STRING, &(o).areas, \
    N_("Restricted areas, ';'-separated codes or FACILITY:AREA; replaces the list"), \
    N_("LIST") }, \
  { "vetting-level", 0, 0, G_OPTION_ARG_STRING, &(o).vetting_level, \
    N_("Record a vetting at this level (its code)"), N_("CODE") }, \
  { "vetting-status", 0, 0, G_OPTION_ARG_STRING, &(o).vetting_status, \
    N_("pending (default), cleared, refused, suspended or revoked"), N_("STATUS") }, \
  { "vetting-requested", 0, 0, G_OPTION_ARG_STRING, &(o).vetting_requested, \
    N_("When the vetting was requested (default today)"), N_("YYYY-MM-DD") }, \
  { "vetting-issued", 0, 0, G_OPTION_ARG_STRING, &(o).vetting_issued, \
    N_("When the clearance was issued"), N_("YYYY-MM-DD") }, \
  { "vetting-expires", 0, 0, G_OPTION_ARG_STRING, &(o).vetting_expires, \
    N_("When it expires (default from the level's validity)"), N_("YYYY-MM-DD") }, \
  { "vetting-authority", 0, 0, G_OPTION_ARG_STRING, &(o).vetting_authority, \
    N_("The vetting authority"), N_("TEXT") }, \
  { "vetting-ref", 0, 0, G_OPTION_ARG_STRING, &(o).vetting_ref, \
    N_("The authority's reference for the decision"), N_("TEXT") }

static gboolean
has_vetting_options (const PersonOptions *o)
{
  return o->vetting_status != NULL || o->vetting_requested != NULL ||
         o->vetting_issued != NULL || o->vetting_expires != NULL ||
         o->vetting_authority != NULL || o->vetting_ref != NULL;
}

static gboolean
has_person_options (const PersonOptions *o)
{
  return o->given_name != NULL || o->family_name != NULL || o->display_name != NULL ||
         o->employer != NULL || o->job_title != NULL || o->badge != NULL ||
         o->nationality != NULL || o->date_of_birth != NULL || o->email != NULL ||
         o->phone != NULL || o->notes != NULL;
}

/* Copies the options given onto @person; an empty optional value clears it. */
static void
apply_person_options (PersonOptions *o,
                      PsemsPerson   *person,
                      GString       *changed)
{
#define APPLY(option, field, required) \
  if (o->option != NULL) \
    { \
      g_free (person->field); \
      person->field = required ? g_strdup (o->option) : psems_cli_dup_optional (o->option); \
      g_string_append_printf (changed, "%s%s", changed->len ? ", " : "", #field); \
    }
  APPLY (given_name, given_name, TRUE);
  APPLY (family_name, family_name, TRUE);
  APPLY (display_name, display_name, FALSE);
  APPLY (employer, employer, TRUE);
  APPLY (job_title, job_title, FALSE);
  APPLY (badge, badge_no, FALSE);
  APPLY (nationality, nationality, FALSE);
  APPLY (date_of_birth, date_of_birth, FALSE);
  APPLY (email, email, FALSE);
  APPLY (phone, phone, FALSE);
  APPLY (notes, notes, FALSE);
#undef APPLY
}

/* The vetting the options describe, checked without writing; NULL and a usage or
 * data error (in *status) otherwise. */
static PsemsVetting *
vetting_from_options (PsemsCli      *cli,
                      PsemsStore    *store,
                      PersonOptions *o,
                      const char    *what,
                      int           *status)
{
  g_autoptr(PsemsVetting) vetting = psems_vetting_new ();
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GError) error = NULL;
  GDate today;

  vetting->level_id = resolve_level (store, o->vetting_level, &error);
  if (vetting->level_id <= 0)
    {
      g_prefix_error (&error, "%s: vetting_", what);
      *status = psems_cli_data_error (cli, error);
      return NULL;
    }
  if (o->vetting_status != NULL &&
      !psems_vetting_status_from_string (o->vetting_status, &vetting->status))
    {
      *status = psems_cli_usage_error (cli, _("--vetting-status: “%s” is not one of pending, "
                                              "cleared, refused, suspended, revoked"),
                                       o->vetting_status);
      return NULL;
    }
  set_today (&today);
  vetting->requested_on = o->vetting_requested != NULL ? g_strdup (o->vetting_requested)
                                                       : format_day (&today);
  vetting->issued_on = psems_cli_dup_optional (o->vetting_issued);
  vetting->expires_on = psems_cli_dup_optional (o->vetting_expires);
  vetting->authority = psems_cli_dup_optional (o->vetting_authority);
  vetting->authority_ref = psems_cli_dup_optional (o->vetting_ref);

  /* The person may not exist yet: a problem with the person is not the options' fault. */
  problems = psems_vetting_validate (store, vetting);
  for (guint i = 0; problems != NULL && i < problems->len; i++)
    {
      const PsemsFieldProblem *problem = g_ptr_array_index (problems, i);

      if (g_strcmp0 (problem->field, "person_id") == 0 || g_strcmp0 (problem->field, "person") == 0)
        continue;
      g_printerr ("%s: %s: vetting_%s: %s\n", cli->command, what, problem->field,
                  problem->message);
      *status = PSEMS_EXIT_DATA;
      return NULL;
    }
  return g_steal_pointer (&vetting);
}

/* Checks @person as the write will, so that nothing is written when a later step would fail. */
static gboolean
check_person (PsemsCli    *cli,
              PsemsStore  *store,
              PsemsPerson *person,
              const char  *what,
              int         *status)
{
  g_autoptr(GPtrArray) problems = psems_person_validate (store, person);

  if (problems == NULL || problems->len == 0)
    return TRUE;
  for (guint i = 0; i < problems->len; i++)
    {
      const PsemsFieldProblem *problem = g_ptr_array_index (problems, i);

      g_printerr ("%s: %s: %s: %s\n", cli->command, what, problem->field, problem->message);
    }
  *status = PSEMS_EXIT_DATA;
  return FALSE;
}

static gboolean
check_vetting_usage (PsemsCli      *cli,
                     PersonOptions *o,
                     int           *status)
{
  gboolean given;
  GDate day;

  if (o->vetting_level == NULL && has_vetting_options (o))
    {
      *status = psems_cli_usage_error (cli, _("the --vetting-… options need --vetting-level"));
      return FALSE;
    }
  return psems_cli_parse_day (cli, "--vetting-requested", o->vetting_requested, &day, &given,
                              status) &&
         psems_cli_parse_day (cli, "--vetting-issued", nonempty (o->vetting_issued), &day, &given,
                              status) &&
         psems_cli_parse_day (cli, "--vetting-expires", nonempty (o->vetting_expires), &day,
                              &given, status);
}

/* After an edit is written: areas, then the vetting. */
static gboolean
write_areas_and_vetting (PsemsCli     *cli,
                         PsemsStore   *store,
                         gint64        id,
                         GArray       *area_ids,
                         PsemsVetting *vetting,
                         int          *status)
{
  g_autoptr(GError) error = NULL;

  if (area_ids != NULL &&
      !psems_person_set_areas (store, cli->actor, id, (const gint64 *) area_ids->data,
                               area_ids->len, &error))
    {
      *status = psems_cli_data_error (cli, error);
      return FALSE;
    }
  if (vetting != NULL)
    {
      g_autofree char *ref = NULL;

      vetting->person_id = id;
      if (psems_vetting_add (store, cli->actor, vetting, &ref, &error) <= 0)
        {
          *status = psems_cli_data_error (cli, error);
          return FALSE;
        }
    }
  return TRUE;
}

static int
person_add (PsemsCli *cli,
            int       argc,
            char    **argv)
{
  g_auto(PersonOptions) o = { NULL };
  const GOptionEntry entries[] = {
    PERSON_OPTION_ENTRIES (o),
    { NULL }
  };
  g_autoptr(PsemsStore) store = NULL;
  g_autoptr(PsemsPerson) person = psems_person_new ();
  g_autoptr(PsemsVetting) vetting = NULL;
  g_autoptr(GArray) area_ids = NULL;
  g_autoptr(GString) changed = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *ref = NULL;
  g_autofree char *line = NULL;
  const char *what;
  gint64 id;
  int status;

  if (!psems_cli_parse (cli, &argc, &argv, entries, NULL,
                        _("Creates a person. --given-name, --family-name and --employer are "
                          "required. --areas grants restricted areas; --vetting-level records a "
                          "vetting with the other --vetting-… options. Everything is checked "
                          "before anything is written. Prints the new person's reference."),
                        TRUE, &status))
    return status;
  if (argc > 1)
    return psems_cli_usage_error (cli, _("unexpected argument “%s”"), argv[1]);
  if (o.given_name == NULL)
    return psems_cli_usage_error (cli, _("--given-name is required"));
  if (o.family_name == NULL)
    return psems_cli_usage_error (cli, _("--family-name is required"));
  if (o.employer == NULL)
    return psems_cli_usage_error (cli, _("--employer is required"));
  if (!check_vetting_usage (cli, &o, &status))
    return status;

  store = psems_cli_open_store (cli, PSEMS_STORE_OPEN_DEFAULT, &error);
  if (store == NULL)
    return psems_cli_data_error (cli, error);
  apply_person_options (&o, person, changed);
  what = person->badge_no != NULL ? person->badge_no : _("new person");
  if (!check_person (cli, store, person, what, &status))
    return status;
  if (o.areas != NULL && (area_ids = resolve_area_list (store, o.areas, &error)) == NULL)
    {
      g_prefix_error (&error, "%s: ", what);
      return psems_cli_data_error (cli, error);
    }
  if (o.vetting_level != NULL &&
      (vetting = vetting_from_options (cli, store, &o, what, &status)) == NULL)
    return status;

  /* One transaction: a vetting or an area that cannot be written leaves no person behind. */
  id = psems_person_create_full (store, cli->actor, person,
                                 area_ids != NULL ? (const gint64 *) area_ids->data : NULL,
                                 area_ids != NULL ? area_ids->len : 0, vetting, &ref, &error);
  if (id <= 0)
    return psems_cli_data_error (cli, error);
  line = g_strdup_printf (_("%s created"), ref);
  return psems_cli_confirm (cli, store, id, build_person_summary, summary_sections, line);
}

static int
person_edit (PsemsCli *cli,
             int       argc,
             char    **argv)
{
  g_auto(PersonOptions) o = { NULL };
  const GOptionEntry entries[] = {
    PERSON_OPTION_ENTRIES (o),
    { NULL }
  };
  g_autoptr(PsemsStore) store = NULL;
  g_autoptr(PsemsPerson) person = NULL;
  g_autoptr(PsemsVetting) vetting = NULL;
  g_autoptr(GArray) area_ids = NULL;
  g_autoptr(GString) changed = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;
  gint64 id = 0;
  int status;

  if (!psems_cli_parse (cli, &argc, &argv, entries, _("PERSON"),
                        _("Changes the fields of a person that are given as options and leaves the "
                          "others as they are; an empty value (--phone '') clears an optional "
                          "field. --areas replaces the restricted areas (--areas '' removes them "
                          "all). --vetting-level records a new vetting (a renewal adds one; the "
                          "history stays)."), TRUE, &status))
    return status;
  if ((status = psems_cli_check_arguments (cli, argc, argv, 1, _(which_person))) != PSEMS_EXIT_OK)
    return status;
  if (!has_person_options (&o) && o.areas == NULL && o.vetting_level == NULL &&
      !has_vetting_options (&o))
    return psems_cli_usage_error (cli,
                                  _("nothing to change: give at least one field as an option"));
  if (!check_vetting_usage (cli, &o, &status))
    return status;

  store = psems_cli_open_resolved (cli, PSEMS_STORE_OPEN_DEFAULT, psems_person_resolve, argv[1],
                                   &id, &status);
  if (store == NULL)
    return status;
  person = psems_person_get (store, id, NULL, &error);
  if (person == NULL)
    return psems_cli_data_error (cli, error);
  apply_person_options (&o, person, changed);
  if (!check_person (cli, store, person, person->ref, &status))
    return status;
  if (o.areas != NULL)
    {
      area_ids = resolve_area_list (store, o.areas, &error);
      if (area_ids == NULL)
        {
          g_prefix_error (&error, "%s: ", person->ref);
          return psems_cli_data_error (cli, error);
        }
      g_string_append_printf (changed, "%s%s", changed->len ? ", " : "", "areas");
    }
  if (o.vetting_level != NULL)
    {
      vetting = vetting_from_options (cli, store, &o, person->ref, &status);
      if (vetting == NULL)
        return status;
      g_string_append_printf (changed, "%s%s", changed->len ? ", " : "", "vetting");
    }

  if (has_person_options (&o) && !psems_person_update (store, cli->actor, person, &error))
    return psems_cli_data_error (cli, error);
  if (!write_areas_and_vetting (cli, store, id, area_ids, vetting, &status))
    return status;
  line = g_strdup_printf (_("%s updated: %s"), person->ref, changed->str);
  return psems_cli_confirm (cli, store, id, build_person_summary, summary_sections, line);
}

static void
print_report (PsemsCli          *cli,
              PsemsImportReport *report,
              const char        *path,
              gboolean           dry_run)
{
  if (cli->format == PSEMS_FORMAT_JSON)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonGenerator) generator = json_generator_new ();
      g_autoptr(JsonNode) root = NULL;
      g_autofree char *text = NULL;

      json_builder_begin_object (builder);
      psems_json_add_string (builder, "file", path);
      psems_json_add_string (builder, "sha256", report->sha256);
      psems_json_add_int (builder, "rows_read", report->rows_read);
      psems_json_add_int (builder, "inserted", report->inserted);
      psems_json_add_int (builder, "updated", report->updated);
      psems_json_add_int (builder, "rejected", report->rejected);
      psems_json_add_boolean (builder, "dry_run", dry_run);
      psems_json_add_boolean (builder, "written", report->written);
      json_builder_set_member_name (builder, "problems");
      json_builder_begin_array (builder);
      for (guint i = 0; report->problems != NULL && i < report->problems->len; i++)
        {
          const PsemsImportProblem *problem = g_ptr_array_index (report->problems, i);

          json_builder_begin_object (builder);
          psems_json_add_string (builder, "file", problem->file);
          psems_json_add_int (builder, "line", problem->line);
          psems_json_add_string (builder, "field", problem->field);
          psems_json_add_string (builder, "reason", problem->reason);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      json_builder_end_object (builder);
      root = json_builder_get_root (builder);
      json_generator_set_root (generator, root);
      json_generator_set_pretty (generator, TRUE);
      text = json_generator_to_data (generator, NULL);
      printf ("%s\n", text);
      return;
    }
  else
    {
      g_autofree char *rows_read = g_strdup_printf ("%u", report->rows_read);
      g_autofree char *inserted = g_strdup_printf ("%u", report->inserted);
      g_autofree char *updated = g_strdup_printf ("%u", report->updated);
      g_autofree char *rejected = g_strdup_printf ("%u", report->rejected);
      g_autoptr(PsemsRecords) records = psems_records_new ((const char *[]) {
        "file", "rows_read", "inserted", "updated", "rejected", "written", NULL });

      for (guint c = 1; c <= 4; c++)
        psems_records_set_kind (records, c, PSEMS_VALUE_INTEGER);
      psems_records_add_row (records, path, rows_read, inserted, updated, rejected,
                             report->written ? "yes" : dry_run ? "no (dry run)" : "no", NULL);
      psems_cli_print (cli, records);
    }
}

static int
person_import (PsemsCli *cli,
               int       argc,
               char    **argv)
{
  g_autofree char *mode_text = NULL;
  g_autofree char *rejects = NULL;
  gboolean dry_run = FALSE;
  gboolean skip_invalid = FALSE;
  gboolean trainings = FALSE;
  const GOptionEntry entries[] = {
    { "mode", 0, 0, G_OPTION_ARG_STRING, &mode_text,
      N_("insert (default): every badge must be new; upsert: a known badge updates the person"),
      N_("MODE") },
    { "dry-run", 0, 0, G_OPTION_ARG_NONE, &dry_run,
      N_("Check the file and report; write nothing"), NULL },
    { "skip-invalid", 0, 0, G_OPTION_ARG_NONE, &skip_invalid,
      N_("Import the valid rows and leave out the others"), NULL },
    { "rejects", 0, 0, G_OPTION_ARG_FILENAME, &rejects,
      N_("With --skip-invalid: write the rejected rows and why to FILE (CSV)"), N_("FILE") },
    { "trainings", 0, 0, G_OPTION_ARG_NONE, &trainings,
      N_("FILE holds trainings keyed by badge, not persons"), NULL },
    { NULL }
  };
  g_autoptr(PsemsStore) store = NULL;
  g_autoptr(PsemsImportReport) report = NULL;
  g_autoptr(GError) error = NULL;
  PsemsImportMode mode = PSEMS_IMPORT_INSERT;
  PsemsImportFlags flags = PSEMS_IMPORT_FLAGS_NONE;
  int status;

  if (!psems_cli_parse (cli, &argc, &argv, entries, _("FILE"),
                        _("Imports persons from a CSV file (RFC 4180, UTF-8; columns named by the "
                          "header: badge_no, given_name, family_name, employer are required; see "
                          "the README for the others), or with --trainings their trainings. The "
                          "whole file is checked first: if any row is invalid nothing is imported "
                          "and every problem is reported on standard error as "
                          "“file:line: field: reason”; exit status 1. --skip-invalid imports the "
                          "valid rows instead. The import is one entry in the audit trail."),
                        TRUE, &status))
    return status;
  if ((status = psems_cli_check_arguments (cli, argc, argv, 1,
                                           _("which file? Give the CSV file to import")))
      != PSEMS_EXIT_OK)
    return status;
  if (mode_text != NULL)
    {
      if (g_str_equal (mode_text, "upsert"))
        mode = PSEMS_IMPORT_UPSERT;
      else if (!g_str_equal (mode_text, "insert"))
        return psems_cli_usage_error (cli, _("--mode: “%s” is not insert or upsert"), mode_text);
    }
  if (trainings && mode == PSEMS_IMPORT_UPSERT)
    return psems_cli_usage_error (cli, _("--mode upsert does not apply to --trainings "
                                         "(a training record is always a new row)"));
  if (rejects != NULL && !skip_invalid)
    return psems_cli_usage_error (cli, _("--rejects needs --skip-invalid"));
  if (dry_run)
    flags |= PSEMS_IMPORT_DRY_RUN;
  if (skip_invalid)
    flags |= PSEMS_IMPORT_SKIP_INVALID;

  store = psems_cli_open_store (cli,
                                dry_run ? PSEMS_STORE_OPEN_READ_ONLY : PSEMS_STORE_OPEN_DEFAULT,
                                &error);
  if (store == NULL)
    return psems_cli_data_error (cli, error);
  report = trainings
         ? psems_training_import_csv (store, cli->actor, argv[1], flags, rejects, NULL, NULL, NULL,
                                      &error)
         : psems_person_import_csv (store, cli->actor, argv[1], mode, flags, rejects, NULL, NULL,
                                    NULL, &error);
  for (guint i = 0; report != NULL && report->problems != NULL && i < report->problems->len; i++)
    {
      g_autofree char *line = psems_import_problem_format (g_ptr_array_index (report->problems, i));

      g_printerr ("%s\n", line);
    }
  if (error != NULL)
    return psems_cli_data_error (cli, error);
  if (report == NULL)
    return PSEMS_EXIT_DATA;
  print_report (cli, report, argv[1], dry_run);
  if (report->rejected > 0 && !skip_invalid)
    return PSEMS_EXIT_DATA;
  return PSEMS_EXIT_OK;
}

static int
person_export (PsemsCli *cli,
               int       argc,
               char    **argv)
{
  g_auto(FilterOptions) o = { NULL };
  g_autofree char *output = NULL;
  const GOptionEntry entries[] = {
    FILTER_OPTION_ENTRIES (o),
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output,
      N_("Write to FILE instead of standard output"), N_("FILE") },
    { NULL }
  };
  g_auto(PsemsPersonQuery) query;
  g_autoptr(PsemsStore) store = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  psems_person_query_init (&query);
  if (!psems_cli_parse (cli, &argc, &argv, entries, NULL,
                        _("Writes the persons the options select (all by default) as CSV in the "
                          "columns “import” reads, so the file can be imported elsewhere."),
                        FALSE, &status))
    return status;
  if (argc > 1)
    return psems_cli_usage_error (cli, _("unexpected argument “%s”"), argv[1]);
  if (!parse_filters (cli, &o, &query, &status))
    return status;

  store = psems_cli_open_store (cli, PSEMS_STORE_OPEN_READ_ONLY, &error);
  if (store == NULL)
    return psems_cli_data_error (cli, error);
  if (!resolve_filters (cli, store, &o, &query, &status))
    return status;

  if (output != NULL && !g_str_equal (output, "-"))
    {
      if (!psems_person_export_csv_to_path (store, &query, output, &error))
        return psems_cli_data_error (cli, error);
    }
  else
    {
      g_autoptr(GOutputStream) out = g_unix_output_stream_new (fileno (stdout), FALSE);

      fflush (stdout);
      if (!psems_person_export_csv (store, &query, out, NULL, &error) ||
          !g_output_stream_flush (out, NULL, &error))
        return psems_cli_data_error (cli, error);
    }
  return PSEMS_EXIT_OK;
}

static const PsemsCliVerb person_verbs[] = {
  { "list",     N_("List persons, filtered and sorted"), person_list },
  { "show",     N_("Print a person with vettings, areas and trainings"), person_show },
  { "add",      N_("Create a person"), person_add },
  { "edit",     N_("Change a person's fields, areas, or record a vetting"), person_edit },
  { "import",   N_("Import persons or trainings from CSV"), person_import },
  { "export",   N_("Write persons as CSV"), person_export },
  { "search",   N_("Find persons by the start of names, employer or badge"), person_search },
  { "expiring", N_("List clearances expiring within some days"), person_expiring },
  { NULL }
};

const PsemsCliNoun psems_cli_noun_person = {
  "person", N_("Personnel: persons, their vetting, areas and trainings"), person_verbs,
};
