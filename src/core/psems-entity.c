/* psems-entity.c — the registry of entities: one row for each table a user's work lands in. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "psems-entity.h"

static const char * const person_personal[] = {
  "given_name", "family_name", "display_name", "sort_name", "date_of_birth", "nationality",
  "email", "phone", "badge_no", "notes", NULL
};
static const char * const vetting_personal[] = { "authority_ref", "notes", NULL };
static const char * const user_personal[] = { "full_name", "email", "password_hash", NULL };
static const char * const facility_personal[] = { "contact_24h", NULL };
static const char * const dos_personal[] = { "ship_signatory", "facility_signatory", NULL };
static const char * const incident_personal[] = { "reported_by", NULL };

/* Order is the order of `db stats`: the facility and its plan, people, defence in
 * depth, schedules, assessment and follow-up, then administration. */
static const PsemsEntityInfo entities[] = {
  { "facility",            "facility",                 "FAC",  N_("Facilities"),                 facility_personal, TRUE,  TRUE },
  { "level-change",        "facility_level_change",    NULL,   N_("Security level changes"),     NULL,              FALSE, TRUE },
  { "area",                "restricted_area",          "RA",   N_("Restricted areas"),           NULL,              TRUE,  TRUE },
  { "plan",                "plan",                     "PLN",  N_("Security plans"),             NULL,              TRUE,  TRUE },
  { "plan-element",        "plan_element",             NULL,   N_("Plan elements"),              NULL,              TRUE,  TRUE },
  { "pfsa",                "facility_assessment",      "PFSA", N_("Facility security assessments"), NULL,           TRUE,  TRUE },
  { "vetting-level",       "vetting_level",            NULL,   N_("Vetting levels"),             NULL,              TRUE,  TRUE },
  { "person",              "person",                   "PER",  N_("Persons"),                    person_personal,   TRUE,  TRUE },
  { "vetting",             "vetting",                  "VET",  N_("Vettings"),                   vetting_personal,  TRUE,  TRUE },
  { "area-access",         "person_area",              NULL,   N_("Restricted-area accesses"),   NULL,              TRUE,  TRUE },
  { "course",              "training_course",          "CRS",  N_("Training courses"),           NULL,              TRUE,  TRUE },
  { "training",            "training_record",          NULL,   N_("Training records"),           NULL,              TRUE,  TRUE },
  { "layer",               "layer",                    NULL,   N_("Layers"),                     NULL,              TRUE,  TRUE },
  { "regulation",          "regulation_ref",           NULL,   N_("Regulation references"),      NULL,              FALSE, TRUE },
  { "control",             "control",                  "CTL",  N_("Controls"),                   NULL,              TRUE,  TRUE },
  { "threat",              "threat_scenario",          "THR",  N_("Threat scenarios"),           NULL,              TRUE,  TRUE },
  { "mitigation",          "threat_mitigation",        NULL,   N_("Threat mitigations"),         NULL,              TRUE,  TRUE },
  { "risk-level",          "risk_level",               NULL,   N_("Risk matrix levels"),         NULL,              FALSE, TRUE },
  { "schedule",            "schedule_item",            "SCH",  N_("Schedule items"),             NULL,              TRUE,  TRUE },
  { "completion",          "completion",               "CMP",  N_("Completions"),                NULL,              TRUE,  TRUE },
  { "dos",                 "declaration_of_security",  "DOS",  N_("Declarations of security"),   dos_personal,      TRUE,  TRUE },
  { "evidence",            "evidence",                 "EVD",  N_("Evidence files"),             NULL,              TRUE,  TRUE },
  { "finding",             "finding",                  "FND",  N_("Findings"),                   NULL,              TRUE,  TRUE },
  { "question-bank",       "question_bank",            "QB",   N_("Question banks"),             NULL,              FALSE, TRUE },
  { "question",            "question",                 NULL,   N_("Questions"),                  NULL,              FALSE, TRUE },
  { "assessment",          "assessment",               "GAP",  N_("GAP assessments"),            NULL,              TRUE,  TRUE },
  { "answer",              "answer",                   NULL,   N_("Answers"),                    NULL,              FALSE, TRUE },
  { "incident",            "incident",                 "INC",  N_("Incidents"),                  incident_personal, TRUE,  TRUE },
  { "lesson",              "lesson",                   "LSN",  N_("Lessons learned"),            NULL,              TRUE,  TRUE },
  { "legal-hold",          "legal_hold",               NULL,   N_("Legal holds"),                NULL,              FALSE, TRUE },
  { "user",                "app_user",                 "USR",  N_("Users"),                      user_personal,     TRUE,  TRUE },
  { "user-facility",       "user_facility",            NULL,   N_("User facility assignments"),  NULL,              FALSE, TRUE },
  { "setting",             "setting",                  NULL,   N_("Settings"),                   NULL,              FALSE, FALSE },
  { "audit",               "audit_trail",              NULL,   N_("Audit trail entries"),        NULL,              FALSE, TRUE },
};

const PsemsEntityInfo *
psems_entity_get_all (guint *n_entities)
{
  g_return_val_if_fail (n_entities != NULL, NULL);
  *n_entities = G_N_ELEMENTS (entities);
  return entities;
}

const PsemsEntityInfo *
psems_entity_lookup (const char *name)
{
  g_return_val_if_fail (name != NULL, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (entities); i++)
    if (g_str_equal (entities[i].name, name))
      return &entities[i];
  return NULL;
}

const PsemsEntityInfo *
psems_entity_for_prefix (const char *ref_prefix)
{
  g_return_val_if_fail (ref_prefix != NULL, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (entities); i++)
    if (entities[i].ref_prefix != NULL && g_ascii_strcasecmp (entities[i].ref_prefix, ref_prefix) == 0)
      return &entities[i];
  return NULL;
}

gboolean
psems_entity_is_personal (const PsemsEntityInfo *info,
                          const char            *column)
{
  g_return_val_if_fail (info != NULL, FALSE);
  g_return_val_if_fail (column != NULL, FALSE);

  if (info->personal == NULL)
    return FALSE;
  return g_strv_contains ((const char * const *) info->personal, column);
}
