/* psems-cli-facility.c — psems-cli facility: list, show, add, edit, archive, set-level. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <stdio.h>

#include "psems-cli.h"
#include "psems-cli-output.h"
#include "psems-facility.h"

static const char which_facility[] = N_("which facility? Give its reference or code");

/* ─────────────────────────── records ─────────────────────────── */

static const char * const area_columns[] = { "ref", "code", "name", "description", NULL };
static const char * const level_columns[] = {
  "changed_at", "from_level", "level", "reason", "changed_by", "notified_at", "compliant_at", NULL
};
static const PsemsCliSection facility_sections[] = {
  { "restricted_areas", N_("Restricted areas"), area_columns },
  { "level_history", N_("Security level history"), level_columns },
  { NULL }
};

static void
describe_facility (JsonBuilder         *builder,
                   const PsemsFacility *facility)
{
  psems_json_add_string (builder, "ref", facility->ref);
  psems_json_add_string (builder, "code", facility->code);
  psems_json_add_string (builder, "name", facility->name);
  psems_json_add_string (builder, "kind", facility->kind);
  psems_json_add_int (builder, "security_level", facility->security_level);
  psems_json_add_string (builder, "un_locode", facility->un_locode);
  psems_json_add_string (builder, "imo_number", facility->imo_number);
  psems_json_add_string (builder, "pfso", facility->pfso_name);
  psems_json_add_string (builder, "contact_24h", facility->contact_24h);
  psems_json_add_string (builder, "address", facility->address);
  psems_json_add_string (builder, "time_zone", facility->time_zone);
  psems_json_add_string (builder, "archived_at", facility->archived_at);
}

/* The facility, its restricted areas and its level history. */
static JsonNode *
build_facility_record (PsemsStore  *store,
                       gint64       id,
                       GError     **error)
{
  g_autoptr(PsemsFacility) facility = NULL;
  g_autoptr(GPtrArray) areas = NULL;
  g_autoptr(GPtrArray) changes = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  facility = psems_facility_get (store, id, error);
  if (facility == NULL)
    return NULL;
  areas = psems_area_list (store, id, FALSE, error);
  if (areas == NULL)
    return NULL;
  changes = psems_facility_list_level_changes (store, id, error);
  if (changes == NULL)
    return NULL;

  json_builder_begin_object (builder);
  describe_facility (builder, facility);

  json_builder_set_member_name (builder, "restricted_areas");
  json_builder_begin_array (builder);
  for (guint i = 0; i < areas->len; i++)
    {
      const PsemsArea *area = g_ptr_array_index (areas, i);

      json_builder_begin_object (builder);
      psems_json_add_string (builder, "ref", area->ref);
      psems_json_add_string (builder, "code", area->code);
      psems_json_add_string (builder, "name", area->name);
      psems_json_add_string (builder, "description", area->description);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "level_history");
  json_builder_begin_array (builder);
  for (guint i = 0; i < changes->len; i++)
    {
      const PsemsLevelChange *change = g_ptr_array_index (changes, i);

      json_builder_begin_object (builder);
      psems_json_add_string (builder, "changed_at", change->changed_at);
      json_builder_set_member_name (builder, "from_level");
      if (change->from_level > 0)
        json_builder_add_int_value (builder, change->from_level);
      else
        json_builder_add_null_value (builder);
      psems_json_add_int (builder, "level", change->level);
      psems_json_add_string (builder, "reason", change->reason);
      psems_json_add_string (builder, "changed_by", change->changed_by);
      psems_json_add_string (builder, "notified_at", change->notified_at);
      psems_json_add_string (builder, "compliant_at", change->compliant_at);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

/* ─────────────────────────── verbs ─────────────────────────── */

static int
facility_list (PsemsCli *cli,
               int       argc,
               char    **argv)
{
  gboolean archived = FALSE;
  const GOptionEntry entries[] = {
    { "archived", 0, 0, G_OPTION_ARG_NONE, &archived, N_("Include archived facilities"), NULL },
    { NULL }
  };
  static const char * const columns[] = {
    "ref", "code", "name", "kind", "security_level", "un_locode", "imo_number", "pfso", NULL
  };
  static const char * const archived_columns[] = {
    "ref", "code", "name", "kind", "security_level", "un_locode", "imo_number", "pfso",
    "archived_at", NULL
  };
  g_autoptr(PsemsStore) store = NULL;
  g_autoptr(GPtrArray) facilities = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  if (!psems_cli_parse (cli, &argc, &argv, entries, NULL,
                        _("Lists the port facilities: reference, code, name, kind, current "
                          "security level, UN/LOCODE, IMO port facility number and PFSO. Archived "
                          "facilities are left out unless --archived is given."), TRUE, &status))
    return status;
  if (argc > 1)
    return psems_cli_usage_error (cli, _("unexpected argument “%s”"), argv[1]);

  store = psems_cli_open_store (cli, PSEMS_STORE_OPEN_READ_ONLY, &error);
  if (store == NULL)
    return psems_cli_data_error (cli, error);
  facilities = psems_facility_list (store, archived, &error);
  if (facilities == NULL)
    return psems_cli_data_error (cli, error);
  psems_cli_print_list (cli, facilities, (PsemsCliDescribeFunc) describe_facility,
                        archived ? archived_columns : columns);
  return PSEMS_EXIT_OK;
}

static int
facility_show (PsemsCli *cli,
               int       argc,
               char    **argv)
{
  g_autoptr(PsemsStore) store = NULL;
  gint64 id = 0;
  int status;

  if (!psems_cli_parse (cli, &argc, &argv, NULL, _("FACILITY"),
                        _("Prints a facility (FACILITY is its reference, FAC-YYYY-NNNN, or its "
                          "code) with its restricted areas and the history of its security level. "
                          "JSON nests the areas and the history in the facility's object; CSV "
                          "prints the facility's fields only."),
                        TRUE, &status))
    return status;
  if ((status = psems_cli_check_arguments (cli, argc, argv, 1, _(which_facility))) != PSEMS_EXIT_OK)
    return status;

  store = psems_cli_open_resolved (cli, PSEMS_STORE_OPEN_READ_ONLY, psems_facility_resolve, argv[1],
                                   &id, &status);
  if (store == NULL)
    return status;
  return psems_cli_show_record (cli, store, id, build_facility_record, facility_sections);
}

/* The fields add and edit share; NULL for an option not given. */
typedef struct
{
  char *code;
  char *name;
  char *kind;
  char *un_locode;
  char *imo_number;
  char *pfso;
  char *contact_24h;
  char *address;
  char *time_zone;
  char *level;
} FacilityOptions;

static void
facility_options_clear (FacilityOptions *o)
{
  g_free (o->code);
  g_free (o->name);
  g_free (o->kind);
  g_free (o->un_locode);
  g_free (o->imo_number);
  g_free (o->pfso);
  g_free (o->contact_24h);
  g_free (o->address);
  g_free (o->time_zone);
  g_free (o->level);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (FacilityOptions, facility_options_clear)

#define FACILITY_OPTION_ENTRIES(o) \
  { "code", 0, 0, G_OPTION_ARG_STRING, &(o).code, \
    N_("Short unique code, e.g. NHV-CT"), N_("CODE") }, \
  { "name", 0, 0, G_OPTION_ARG_STRING, &(o).name, N_("The facility's name"), N_("NAME") }, \
  { "kind", 0, 0, G_OPTION_ARG_STRING, &(o).kind, \
    N_("What kind of facility (see above)"), N_("KIND") }, \
  { "un-locode", 0, 0, G_OPTION_ARG_STRING, &(o).un_locode, \
    N_("UN/LOCODE: 2 letters + 3 of A–Z or 2–9, e.g. NLRTM"), N_("LOCODE") }, \
  { "imo-number", 0, 0, G_OPTION_ARG_STRING, &(o).imo_number, \
    N_("IMO port facility number LOCODE-NNNN; none outside the ISPS Code"), N_("NUMBER") }, \
  { "pfso", 0, 0, G_OPTION_ARG_STRING, &(o).pfso, \
    N_("The port facility security officer, a person reference"), N_("PER-YYYY-NNNN") }, \
  { "contact-24h", 0, 0, G_OPTION_ARG_STRING, &(o).contact_24h, \
    N_("The 24-hour contact"), N_("TEXT") }, \
  { "address", 0, 0, G_OPTION_ARG_STRING, &(o).address, N_("Postal address"), N_("TEXT") }, \
  { "time-zone", 0, 0, G_OPTION_ARG_STRING, &(o).time_zone, \
    N_("IANA time zone, e.g. Europe/Amsterdam"), N_("ZONE") }

/* Copies the options given onto @facility; an empty optional value clears it. */
static gboolean
apply_options (PsemsCli        *cli,
               PsemsStore      *store,
               FacilityOptions *o,
               PsemsFacility   *facility,
               GString         *changed,
               int             *status)
{
#define APPLY(field, required) \
  if (o->field != NULL) \
    { \
      g_free (facility->field); \
      facility->field = required ? g_strdup (o->field) : psems_cli_dup_optional (o->field); \
      g_string_append_printf (changed, "%s%s", changed->len ? ", " : "", #field); \
    }
  APPLY (code, TRUE);
  APPLY (name, TRUE);
  APPLY (kind, TRUE);
  APPLY (un_locode, FALSE);
  APPLY (imo_number, FALSE);
  APPLY (contact_24h, FALSE);
  APPLY (address, FALSE);
  APPLY (time_zone, FALSE);
#undef APPLY

  if (o->pfso != NULL)
    {
      g_autoptr(GError) error = NULL;

      facility->pfso_person_id = 0;
      if (*o->pfso != '\0')
        {
          facility->pfso_person_id = psems_ref_resolve (store, "person", o->pfso, &error);
          if (facility->pfso_person_id <= 0)
            {
              g_prefix_error (&error, "%s: pfso: ", facility->ref ? facility->ref : facility->code);
              *status = psems_cli_data_error (cli, error);
              return FALSE;
            }
        }
      g_string_append_printf (changed, "%s%s", changed->len ? ", " : "", "pfso");
    }
  return TRUE;
}

static char *
kinds_text (void)
{
  return g_strjoinv (", ", (char **) psems_facility_kinds ());
}

static int
facility_add (PsemsCli *cli,
              int       argc,
              char    **argv)
{
  g_auto(FacilityOptions) o = { NULL };
  const GOptionEntry entries[] = {
    FACILITY_OPTION_ENTRIES (o),
    { "level", 0, 0, G_OPTION_ARG_STRING, &o.level,
      N_("The initial security level, 1–3 (default 1)"), N_("N") },
    { NULL }
  };
  g_autofree char *kinds = kinds_text ();
  g_autofree char *summary = g_strdup_printf (
    _("Creates a port facility. --code, --name and --kind are required; KIND is one of %s. Its "
      "security level starts at --level (default 1), recorded as the first entry of its level "
      "history. Prints the new facility's reference."), kinds);
  g_autoptr(PsemsStore) store = NULL;
  g_autoptr(PsemsFacility) facility = psems_facility_new ();
  g_autoptr(GString) changed = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *ref = NULL;
  g_autofree char *line = NULL;
  int level = 1;
  gint64 id;
  int status;

  if (!psems_cli_parse (cli, &argc, &argv, entries, NULL, summary, TRUE, &status))
    return status;
  if (argc > 1)
    return psems_cli_usage_error (cli, _("unexpected argument “%s”"), argv[1]);
  if (o.code == NULL)
    return psems_cli_usage_error (cli, _("--code is required"));
  if (o.name == NULL)
    return psems_cli_usage_error (cli, _("--name is required"));
  if (o.kind == NULL)
    return psems_cli_usage_error (cli, _("--kind is required (one of %s)"), kinds);
  if (o.level != NULL && !psems_cli_parse_int (o.level, &level))
    return psems_cli_usage_error (cli, _("--level: “%s” is not a whole number"), o.level);

  store = psems_cli_open_store (cli, PSEMS_STORE_OPEN_DEFAULT, &error);
  if (store == NULL)
    return psems_cli_data_error (cli, error);
  if (!apply_options (cli, store, &o, facility, changed, &status))
    return status;

  id = psems_facility_create (store, cli->actor, facility, level, &ref, &error);
  if (id <= 0)
    return psems_cli_data_error (cli, error);
  line = g_strdup_printf (_("%s created"), ref);
  return psems_cli_confirm (cli, store, id, build_facility_record, facility_sections, line);
}

static int
facility_edit (PsemsCli *cli,
               int       argc,
               char    **argv)
{
  g_auto(FacilityOptions) o = { NULL };
  const GOptionEntry entries[] = {
    FACILITY_OPTION_ENTRIES (o),
    { NULL }
  };
  g_autofree char *kinds = kinds_text ();
  g_autofree char *summary = g_strdup_printf (
    _("Changes the fields of a facility that are given as options and leaves the others as they "
      "are; an empty value (--imo-number '') clears an optional field. KIND is one of %s. The "
      "security level changes with “set-level”, never here."), kinds);
  g_autoptr(PsemsStore) store = NULL;
  g_autoptr(PsemsFacility) facility = NULL;
  g_autoptr(GString) changed = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;
  gint64 id = 0;
  int status;

  if (!psems_cli_parse (cli, &argc, &argv, entries, _("FACILITY"), summary, TRUE, &status))
    return status;
  if ((status = psems_cli_check_arguments (cli, argc, argv, 1, _(which_facility))) != PSEMS_EXIT_OK)
    return status;
  if (o.code == NULL && o.name == NULL && o.kind == NULL && o.un_locode == NULL &&
      o.imo_number == NULL && o.pfso == NULL && o.contact_24h == NULL && o.address == NULL &&
      o.time_zone == NULL)
    return psems_cli_usage_error (cli,
                                  _("nothing to change: give at least one field as an option"));

  store = psems_cli_open_resolved (cli, PSEMS_STORE_OPEN_DEFAULT, psems_facility_resolve, argv[1],
                                   &id, &status);
  if (store == NULL)
    return status;
  facility = psems_facility_get (store, id, &error);
  if (facility == NULL)
    return psems_cli_data_error (cli, error);
  if (!apply_options (cli, store, &o, facility, changed, &status))
    return status;
  if (!psems_facility_update (store, cli->actor, facility, &error))
    return psems_cli_data_error (cli, error);

  line = g_strdup_printf (_("%s updated: %s"), facility->ref, changed->str);
  return psems_cli_confirm (cli, store, id, build_facility_record, facility_sections, line);
}

static int
facility_archive (PsemsCli *cli,
                  int       argc,
                  char    **argv)
{
  gboolean restore = FALSE;
  const GOptionEntry entries[] = {
    { "restore", 0, 0, G_OPTION_ARG_NONE, &restore,
      N_("Bring an archived facility back instead"), NULL },
    { NULL }
  };
  g_autoptr(PsemsStore) store = NULL;
  g_autoptr(PsemsFacility) facility = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;
  gint64 id = 0;
  gboolean ok;
  int status;

  if (!psems_cli_parse (cli, &argc, &argv, entries, _("FACILITY"),
                        _("Archives a facility: it leaves the lists and the facility switcher, but "
                          "it and everything recorded about it stay in the database (a facility is "
                          "never deleted). --restore brings it back."), TRUE, &status))
    return status;
  if ((status = psems_cli_check_arguments (cli, argc, argv, 1, _(which_facility))) != PSEMS_EXIT_OK)
    return status;

  store = psems_cli_open_resolved (cli, PSEMS_STORE_OPEN_DEFAULT, psems_facility_resolve, argv[1],
                                   &id, &status);
  if (store == NULL)
    return status;
  ok = restore ? psems_facility_restore (store, cli->actor, id, &error)
               : psems_facility_archive (store, cli->actor, id, &error);
  if (!ok)
    return psems_cli_data_error (cli, error);
  facility = psems_facility_get (store, id, &error);
  if (facility == NULL)
    return psems_cli_data_error (cli, error);

  line = g_strdup_printf (restore ? _("%s restored") : _("%s archived"), facility->ref);
  return psems_cli_confirm (cli, store, id, build_facility_record, facility_sections, line);
}

static int
facility_set_level (PsemsCli *cli,
                    int       argc,
                    char    **argv)
{
  g_autofree char *reason = NULL;
  g_autofree char *changed_at_text = NULL;
  g_autofree char *notified_at_text = NULL;
  g_autofree char *compliant_at_text = NULL;
  const GOptionEntry entries[] = {
    { "reason", 0, 0, G_OPTION_ARG_STRING, &reason,
      N_("Why the level changes (required)"), N_("TEXT") },
    { "changed-at", 0, 0, G_OPTION_ARG_STRING, &changed_at_text,
      N_("When the change took effect (default now)"), N_("ISO8601") },
    { "notified-at", 0, 0, G_OPTION_ARG_STRING, &notified_at_text,
      N_("When ships and parties were notified"), N_("ISO8601") },
    { "compliant-at", 0, 0, G_OPTION_ARG_STRING, &compliant_at_text,
      N_("When the facility reported compliance with the new level"), N_("ISO8601") },
    { NULL }
  };
  g_autoptr(GDateTime) changed_at = NULL;
  g_autoptr(GDateTime) notified_at = NULL;
  g_autoptr(GDateTime) compliant_at = NULL;
  g_autoptr(PsemsStore) store = NULL;
  g_autoptr(PsemsFacility) before = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;
  gint64 id = 0;
  int level;
  int status;

  if (!psems_cli_parse (cli, &argc, &argv, entries, _("FACILITY LEVEL"),
                        _("Sets a facility's security level (1, 2 or 3) and records the change in "
                          "its level history: who, when, why, and — as 33 CFR 105.230 asks — when "
                          "ships and parties were notified and when the facility reported being "
                          "compliant. Times are ISO 8601; without a zone they are local time."),
                        TRUE, &status))
    return status;
  if (argc < 3)
    return psems_cli_usage_error (cli, argc < 2 ? _(which_facility)
                                                : _("which level? Give 1, 2 or 3"));
  if (argc > 3)
    return psems_cli_usage_error (cli, _("unexpected argument “%s”"), argv[3]);
  if (!psems_cli_parse_int (argv[2], &level))
    return psems_cli_usage_error (cli, _("LEVEL: “%s” is not a whole number"), argv[2]);
  if (reason == NULL)
    return psems_cli_usage_error (cli, _("--reason is required"));
  if (!psems_cli_parse_time ("--changed-at", changed_at_text, &changed_at, cli, &status) ||
      !psems_cli_parse_time ("--notified-at", notified_at_text, &notified_at, cli, &status) ||
      !psems_cli_parse_time ("--compliant-at", compliant_at_text, &compliant_at, cli, &status))
    return status;

  store = psems_cli_open_resolved (cli, PSEMS_STORE_OPEN_DEFAULT, psems_facility_resolve, argv[1],
                                   &id, &status);
  if (store == NULL)
    return status;
  before = psems_facility_get (store, id, &error);
  if (before == NULL)
    return psems_cli_data_error (cli, error);
  if (!psems_facility_set_level (store, cli->actor, id, level, reason,
                                 changed_at, notified_at, compliant_at, &error))
    return psems_cli_data_error (cli, error);

  line = g_strdup_printf (_("%s now at security level %d (was %d)"),
                          before->ref, level, before->security_level);
  return psems_cli_confirm (cli, store, id, build_facility_record, facility_sections, line);
}

static const PsemsCliVerb facility_verbs[] = {
  { "list",      N_("List the facilities"), facility_list },
  { "show",      N_("Print a facility, its restricted areas and level history"), facility_show },
  { "add",       N_("Create a facility"), facility_add },
  { "edit",      N_("Change a facility's fields"), facility_edit },
  { "archive",   N_("Archive a facility, or restore it"), facility_archive },
  { "set-level", N_("Change a facility's security level"), facility_set_level },
  { NULL }
};

const PsemsCliNoun psems_cli_noun_facility = {
  "facility", N_("Port facilities and their security level"), facility_verbs,
};
