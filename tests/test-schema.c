/* test-schema.c — the domain schema accepts the demo data and refuses what its constraints forbid, naming the field. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "psems-store-private.h"
#include "psems-test-util.h"

#define TS "'2026-01-01T00:00:00Z'"
#define FAC_CT "(SELECT id FROM facility WHERE code = 'NHV-CT')"
#define FAC_CRU "(SELECT id FROM facility WHERE code = 'NHV-CRU')"

/* A fresh store with demo data (and users) as of 2026-03-15, for each test. */
static PsemsStore *
new_demo_store (const char *dir)
{
  g_autoptr(PsemsStore) store = psems_test_new_store (dir, "schema.db");
  g_autoptr(PsemsActor) actor = psems_actor_new (0, "tester", PSEMS_ROLE_ADMINISTRATOR);
  g_autoptr(GError) error = NULL;
  PsemsDemoOptions options;

  psems_demo_options_init (&options);
  options.persons = 300;
  options.with_users = TRUE;
  g_date_set_dmy (&options.as_of, 15, G_DATE_MARCH, 2026);
  psems_demo_generate (store, actor, &options, &error);
  g_assert_no_error (error);
  return g_steal_pointer (&store);
}

/* Every table exists, is STRICT, and holds demo rows. */
static void
test_accepts_demo (void)
{
  static const char * const empty[] = { NULL };
  g_autofree char *dir = psems_test_make_dir ();
  g_autoptr(PsemsStore) store = new_demo_store (dir);
  g_autoptr(GError) error = NULL;
  const PsemsEntityInfo *all;
  sqlite3_stmt *stmt = NULL;
  guint n, n_tables = 0;

  psems_store_check_integrity (store, &error);
  g_assert_no_error (error);
  g_assert_cmpint (psems_store_get_schema_version (store), ==, psems_store_get_latest_schema_version ());

  all = psems_entity_get_all (&n);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = '%s'",
                                              all[i].table);
      g_autofree char *ref_sql = NULL;
      g_autofree char *deleted_sql = NULL;

      g_test_message ("entity %s → table %s", all[i].name, all[i].table);
      g_assert_cmpint (psems_test_count (store, "%s", sql), ==, 1);

      /* The registry and the tables agree on references and soft deletion. */
      ref_sql = g_strdup_printf ("SELECT count(*) FROM pragma_table_info('%s') WHERE name = 'ref' AND \"notnull\"",
                                 all[i].table);
      g_assert_cmpint (psems_test_count (store, "%s", ref_sql), ==, all[i].ref_prefix != NULL ? 1 : 0);
      deleted_sql = g_strdup_printf ("SELECT count(*) FROM pragma_table_info('%s') WHERE name = 'deleted_at'",
                                     all[i].table);
      g_assert_cmpint (psems_test_count (store, "%s", deleted_sql), ==, all[i].soft_delete ? 1 : 0);

      for (guint k = 0; all[i].personal != NULL && all[i].personal[k] != NULL; k++)
        {
          g_autofree char *col_sql = g_strdup_printf ("SELECT count(*) FROM pragma_table_info('%s') WHERE name = '%s'",
                                                      all[i].table, all[i].personal[k]);
          g_test_message ("personal column %s.%s", all[i].table, all[i].personal[k]);
          g_assert_cmpint (psems_test_count (store, "%s", col_sql), ==, 1);
        }
    }

  g_assert_cmpint (sqlite3_prepare_v2 (psems_store_get_db (store),
                                       "SELECT name, strict FROM pragma_table_list WHERE schema = 'main'"
                                       " AND type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      const char *table = (const char *) sqlite3_column_text (stmt, 0);
      g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM \"%s\"", table);
      gint64 rows = psems_test_count (store, "%s", sql);

      g_test_message ("table %s: %" G_GINT64_FORMAT " rows", table, rows);
      g_assert_cmpint (sqlite3_column_int (stmt, 1), ==, 1);
      if (g_strv_contains (empty, table))
        g_assert_cmpint (rows, ==, 0);
      else
        g_assert_cmpint (rows, >, 0);
      n_tables++;
    }
  sqlite3_finalize (stmt);
  g_assert_cmpuint (n_tables, ==, 45);

  /* A second assessment with an answer and its evidence is accepted too. */
  psems_store_exec (store,
                    "INSERT INTO assessment (ref, facility_id, bank_id, title, status, started_on, created_at, updated_at)"
                    " VALUES ('GAP-2099-0001', " FAC_CT ", 1, 'GAP 2026', 'in-progress', '2026-03-01', " TS ", " TS ");"
                    "INSERT INTO answer (assessment_id, question_id, value, answered_at)"
                    " VALUES (last_insert_rowid (), 1, 'partial', " TS ");"
                    "INSERT INTO answer_evidence (answer_id, evidence_id) VALUES (last_insert_rowid (), 1);",
                    &error);
  g_assert_no_error (error);
  psems_store_check_integrity (store, &error);
  g_assert_no_error (error);

  g_clear_object (&store);
  psems_test_remove_dir (dir);
}

typedef struct
{
  const char *sql;     /* one %s: the value tried */
  const char *good;    /* accepted (then rolled back) */
  const char *bad;     /* refused */
  const char *names;   /* what the message must contain */
} Case;

/* Each row is refused for one reason only: the same statement with the good value is accepted. */
static const Case cases[] = {
  /* facility */
  { "INSERT INTO facility (ref, code, name, kind, security_level, created_at, updated_at)"
    " VALUES ('FAC-2099-0001', 'T1', 'Test', 'other', %s, " TS ", " TS ")", "3", "4", "security_level" },
  { "INSERT INTO facility (ref, code, name, kind, created_at, updated_at)"
    " VALUES ('FAC-2099-0001', %s, 'Test', 'other', " TS ", " TS ")", "'T1'", "'NHV-CT'", "facility.code" },
  { "INSERT INTO facility (ref, code, name, kind, created_at, updated_at)"
    " VALUES ('FAC-2099-0001', 'T1', %s, 'other', " TS ", " TS ")", "'Test'", "NULL", "facility.name" },
  { "INSERT INTO facility (ref, code, name, kind, created_at, updated_at)"
    " VALUES ('FAC-2099-0001', 'T1', 'Test', %s, " TS ", " TS ")", "'ferry-terminal'", "'spaceport'", "kind" },
  { "INSERT INTO facility (ref, code, name, kind, un_locode, created_at, updated_at)"
    " VALUES ('FAC-2099-0001', 'T1', 'Test', 'other', %s, " TS ", " TS ")", "'NLRT9'", "'NL1TM'", "un_locode" },
  { "INSERT INTO facility (ref, code, name, kind, un_locode, created_at, updated_at)"
    " VALUES ('FAC-2099-0001', 'T1', 'Test', 'other', %s, " TS ", " TS ")", "'XZABC'", "'xzabc'", "un_locode" },
  { "INSERT INTO facility (ref, code, name, kind, un_locode, imo_number, created_at, updated_at)"
    " VALUES ('FAC-2099-0001', 'T1', 'Test', 'other', 'XZABC', %s, " TS ", " TS ")",
    "'XZABC-0042'", "'XZABC-42'", "imo_number" },
  { "INSERT INTO facility (ref, code, name, kind, un_locode, imo_number, created_at, updated_at)"
    " VALUES ('FAC-2099-0001', 'T1', 'Test', 'other', 'XZABC', %s, " TS ", " TS ")",
    "'XZABC-0042'", "'XZDEF-0042'", "imo_number" },
  { "INSERT INTO facility (ref, code, name, kind, created_at, updated_at)"
    " VALUES (%s, 'T1', 'Test', 'other', " TS ", " TS ")", "'FAC-2099-0001'", "NULL", "facility.ref" },
  { "INSERT INTO facility (ref, code, name, kind, created_at, updated_at)"
    " VALUES ('FAC-2099-0001', 'T1', 'Test', 'other', %s, " TS ")",
    "'2026-03-15T10:00:00Z'", "'2026-03-15 10:00:00'", "created_at" },
  { "INSERT INTO facility (ref, code, name, kind, created_at, updated_at)"
    " VALUES ('FAC-2099-0001', 'T1', 'Test', 'other', " TS ", %s)",
    "'2024-02-29T23:59:59Z'", "'2025-02-29T10:00:00Z'", "updated_at" },
  { "INSERT INTO facility (ref, code, name, kind, pfso_person_id, created_at, updated_at)"
    " VALUES ('FAC-2099-0001', 'T1', 'Test', 'other', %s, " TS ", " TS ")", "1", "999999", "FOREIGN KEY" },
  /* security-level history (33 CFR 105.230 times) */
  { "INSERT INTO facility_level_change (facility_id, level, reason, changed_at, changed_by)"
    " VALUES (" FAC_CT ", %s, 'test', " TS ", 'PFSO')", "2", "0", "level" },
  { "INSERT INTO facility_level_change (facility_id, level, reason, changed_at, changed_by, compliant_at)"
    " VALUES (" FAC_CT ", 2, 'test', " TS ", 'PFSO', %s)", "'2026-01-01T02:00:00Z'", "'2025-12-31T23:00:00Z'",
    "compliant_at" },
  { "INSERT INTO facility_level_change (facility_id, level, reason, changed_at, changed_by)"
    " VALUES (" FAC_CT ", 2, %s, " TS ", 'PFSO')", "'Threat'", "NULL", "facility_level_change.reason" },
  /* restricted areas */
  { "INSERT INTO restricted_area (ref, facility_id, code, name, created_at, updated_at)"
    " VALUES ('RA-2099-0001', " FAC_CT ", %s, 'Test', " TS ", " TS ")", "'NEW'", "'QUAY'",
    "restricted_area.facility_id, restricted_area.code" },
  /* persons and vetting */
  { "INSERT INTO person (ref, given_name, family_name, display_name, sort_name, employer, badge_no, created_at,"
    " updated_at) VALUES ('PER-2099-0001', 'A', 'B', 'A B', 'B, A', 'E', %s, " TS ", " TS ")",
    "'NEW-1'", "(SELECT badge_no FROM person WHERE badge_no IS NOT NULL LIMIT 1)", "person.badge_no" },
  { "INSERT INTO person (ref, given_name, family_name, display_name, sort_name, employer, created_at, updated_at)"
    " VALUES ('PER-2099-0001', 'A', %s, 'A B', 'B, A', 'E', " TS ", " TS ")", "'Ødegård'", "NULL",
    "person.family_name" },
  { "INSERT INTO person (ref, given_name, family_name, display_name, sort_name, employer, date_of_birth,"
    " created_at, updated_at) VALUES ('PER-2099-0001', 'A', 'B', 'A B', 'B, A', 'E', %s, " TS ", " TS ")",
    "'1990-02-28'", "'1990-02-30'", "date_of_birth" },
  { "INSERT INTO person (ref, given_name, family_name, display_name, sort_name, employer, nationality,"
    " created_at, updated_at) VALUES ('PER-2099-0001', 'A', 'B', 'A B', 'B, A', 'E', %s, " TS ", " TS ")",
    "'NL'", "'Dutch'", "nationality" },
  { "INSERT INTO person (ref, given_name, family_name, display_name, sort_name, employer, created_at, updated_at)"
    " VALUES (%s, 'A', 'B', 'A B', 'B, A', 'E', " TS ", " TS ")", "'PER-2099-0001'",
    "(SELECT ref FROM person LIMIT 1)", "person.ref" },
  { "INSERT INTO vetting (ref, person_id, level_id, status, requested_on, issued_on, expires_on, created_at,"
    " updated_at) VALUES ('VET-2099-0001', 1, 1, %s, '2026-01-01', '2026-02-01', '2031-02-01', " TS ", " TS ")",
    "'revoked'", "'expired'", "status" },
  { "INSERT INTO vetting (ref, person_id, level_id, status, requested_on, issued_on, expires_on, created_at,"
    " updated_at) VALUES ('VET-2099-0001', 1, 1, 'cleared', '2026-01-01', '2026-02-01', %s, " TS ", " TS ")",
    "'2031-02-01'", "NULL", "expires_on" },
  { "INSERT INTO vetting (ref, person_id, level_id, status, requested_on, issued_on, expires_on, created_at,"
    " updated_at) VALUES ('VET-2099-0001', 1, 1, 'cleared', '2026-01-01', '2026-02-01', %s, " TS ", " TS ")",
    "'2026-02-02'", "'2026-01-31'", "expires_on > issued_on" },
  { "INSERT INTO vetting (ref, person_id, level_id, status, requested_on, created_at, updated_at)"
    " VALUES ('VET-2099-0001', %s, 1, 'pending', '2026-01-01', " TS ", " TS ")", "1", "999999", "FOREIGN KEY" },
  { "INSERT INTO vetting (ref, person_id, level_id, status, requested_on, created_at, updated_at)"
    " VALUES ('VET-2099-0001', 1, %s, 'pending', '2026-01-01', " TS ", " TS ")", "2", "999", "FOREIGN KEY" },
  { "INSERT INTO vetting_level (code, name, rank, validity_months) VALUES ('NEW', 'New', 4, %s)", "12", "0",
    "validity_months" },
  { "INSERT INTO person_area (person_id, area_id, granted_on) SELECT %s, area_id, '2026-01-01'"
    " FROM person_area WHERE id = 1",
    "(SELECT min(id) FROM person WHERE id NOT IN (SELECT person_id FROM person_area))", "person_id",
    "person_area.person_id, person_area.area_id" },
  { "INSERT INTO training_record (person_id, course_id, completed_on) VALUES (1, %s, '2026-01-01')",
    "1", "'AWARE'", "training_record.course_id" },
  { "INSERT INTO training_record (person_id, course_id, completed_on, expires_on) VALUES (1, 1, '2026-01-01', %s)",
    "'2027-01-01'", "'2025-01-01'", "expires_on" },
  /* plans */
  { "INSERT INTO plan (ref, facility_id, version, title, status, submitted_on, approved_on, approved_by,"
    " created_at, updated_at) VALUES ('PLN-2099-0001', " FAC_CT ", 9, 'P', %s, '2026-01-01', '2026-02-01', 'DA', "
    TS ", " TS ")", "'submitted'", "'approved'", "plan.facility_id" },
  { "INSERT INTO plan (ref, facility_id, version, title, status, submitted_on, approved_by,"
    " approved_on, created_at, updated_at) VALUES ('PLN-2099-0001', " FAC_CT ", 9, 'P', 'submitted',"
    " '2026-01-01', 'DA', %s, " TS ", " TS ")", "NULL", "'2026-02-30'", "approved_on" },
  { "INSERT INTO plan (ref, facility_id, version, title, status, submitted_on, created_at, updated_at)"
    " VALUES ('PLN-2099-0001', " FAC_CT ", %s, 'P', 'draft', NULL, " TS ", " TS ")", "9", "2",
    "plan.facility_id, plan.version" },
  { "INSERT INTO plan (ref, facility_id, version, title, status, submitted_on, created_at, updated_at)"
    " VALUES ('PLN-2099-0001', " FAC_CT ", 9, 'P', %s, NULL, " TS ", " TS ")", "'draft'", "'in-review'", "status" },
  { "INSERT INTO plan_element (plan_id, template, element_key, position, title, status, updated_at)"
    " VALUES (1, 'isps-a16.3', %s, 16, 'T', 'draft', " TS ")", "'extra'", "'evacuation'",
    "plan_element.plan_id, plan_element.element_key" },
  { "INSERT INTO plan_element (plan_id, template, element_key, position, title, status, updated_at)"
    " VALUES (1, 'isps-a16.3', 'extra', 16, 'T', %s, " TS ")", "'missing'", "'done'", "status" },
  { "INSERT INTO facility_assessment (ref, facility_id, title, assessed_on, assessor, approved_on, approved_by,"
    " created_at, updated_at) VALUES ('PFSA-2099-0001', " FAC_CT ", 'T', '2026-01-10', 'A', %s, 'DA', "
    TS ", " TS ")", "'2026-01-10'", "'2026-01-09'", "approved_on >= assessed_on" },
  /* defence in depth */
  { "INSERT INTO layer (facility_id, position, name) VALUES (" FAC_CT ", %s, 'Extra')", "5", "9", "position" },
  { "INSERT INTO control (ref, facility_id, layer_id, name, domain, function, status, created_at, updated_at)"
    " VALUES ('CTL-2099-0001', " FAC_CT ", 1, 'C', %s, 'detect', 'planned', " TS ", " TS ")",
    "'information'", "'social'", "domain" },
  { "INSERT INTO control (ref, facility_id, layer_id, name, domain, function, status, created_at, updated_at)"
    " VALUES ('CTL-2099-0001', " FAC_CT ", 1, 'C', 'cyber', %s, 'planned', " TS ", " TS ")",
    "'recover'", "'prevent'", "function" },
  { "INSERT INTO control (ref, facility_id, layer_id, name, domain, function, status, created_at, updated_at)"
    " VALUES ('CTL-2099-0001', " FAC_CT ", 1, 'C', 'cyber', 'detect', %s, " TS ", " TS ")",
    "'partially-effective'", "'partially effective'", "status" },
  { "INSERT INTO control (ref, facility_id, layer_id, name, domain, function, status, effectiveness, created_at,"
    " updated_at) VALUES ('CTL-2099-0001', " FAC_CT ", 1, 'C', 'cyber', 'detect', 'implemented', %s, "
    TS ", " TS ")", "100", "101", "effectiveness" },
  { "INSERT INTO control (ref, facility_id, layer_id, name, domain, function, status, created_at, updated_at)"
    " VALUES ('CTL-2099-0001', " FAC_CT ", %s, 'C', 'cyber', 'detect', 'planned', " TS ", " TS ")",
    "(SELECT min(id) FROM layer WHERE facility_id = " FAC_CT ")",
    "(SELECT min(id) FROM layer WHERE facility_id = " FAC_CRU ")", "FOREIGN KEY" },
  { "INSERT INTO threat_scenario (ref, facility_id, name, likelihood, consequence, created_at, updated_at)"
    " VALUES ('THR-2099-0001', " FAC_CT ", 'T', %s, 3, " TS ", " TS ")", "5", "6", "likelihood" },
  { "INSERT INTO threat_mitigation (threat_id, control_id) VALUES (1, %s)", "20", "1",
    "threat_mitigation.threat_id, threat_mitigation.control_id" },
  { "INSERT INTO risk_level (name, colour, position) VALUES ('Extreme', %s, 9)", "'#7f0000'", "'red'", "colour" },
  { "INSERT INTO regulation_ref (code, regime) VALUES (%s, 'isps')", "'ISPS B/16.3'", "'ISPS A/5'",
    "regulation_ref.code" },
  /* schedules, records */
  { "INSERT INTO schedule_item (ref, facility_id, kind, title, created_at, updated_at)"
    " VALUES ('SCH-2099-0001', " FAC_CT ", %s, 'T', " TS ", " TS ")", "'gap-self-assessment'", "'party'", "kind" },
  { "INSERT INTO schedule_item (ref, facility_id, kind, title, next_due, created_at, updated_at)"
    " VALUES ('SCH-2099-0001', " FAC_CT ", 'drill', 'T', %s, " TS ", " TS ")", "'2026-12-31'", "'2026-13-01'",
    "next_due" },
  { "INSERT INTO completion (ref, schedule_item_id, done_on, created_at) VALUES ('CMP-2099-0001', %s, '2026-01-01', "
    TS ")", "1", "999999", "FOREIGN KEY" },
  { "INSERT INTO declaration_of_security (ref, facility_id, ship_name, ship_imo, security_level, valid_from,"
    " valid_until, created_at, updated_at) VALUES ('DOS-2099-0001', " FAC_CT ", 'S', %s, 1, '2026-01-01',"
    " '2026-01-02', " TS ", " TS ")", "'9812344'", "'IMO 9812344'", "ship_imo" },
  { "INSERT INTO declaration_of_security (ref, facility_id, ship_name, ship_imo, security_level, valid_from,"
    " valid_until, created_at, updated_at) VALUES ('DOS-2099-0001', " FAC_CT ", 'S', '9812344', 1, '2026-01-05',"
    " %s, " TS ", " TS ")", "'2026-01-05'", "'2026-01-04'", "valid_until >= valid_from" },
  { "INSERT INTO evidence (ref, file_name, media_type, size, sha256, content, added_on)"
    " VALUES ('EVD-2099-0001', 'a.txt', 'text/plain', 1, %s, x'41', '2026-01-01')",
    "'559aead08264d5795d3909718cdd05abd49572e84fe55590eef31a88a08fdffd'",
    "'559AEAD08264D5795D3909718CDD05ABD49572E84FE55590EEF31A88A08FDFFD'", "sha256" },
  { "INSERT INTO evidence (ref, file_name, media_type, size, sha256, content, added_on)"
    " VALUES ('EVD-2099-0001', 'a.txt', 'text/plain', %s, "
    "'559aead08264d5795d3909718cdd05abd49572e84fe55590eef31a88a08fdffd', x'41', '2026-01-01')",
    "1", "2", "size" },
  { "INSERT INTO evidence (ref, file_name, media_type, size, sha256, content, added_on)"
    " VALUES ('EVD-2099-0001', 'a.txt', %s, 1, "
    "'559aead08264d5795d3909718cdd05abd49572e84fe55590eef31a88a08fdffd', x'41', '2026-01-01')",
    "'text/plain'", "'text'", "media_type" },
  /* findings */
  { "INSERT INTO finding (ref, facility_id, source, severity, title, raised_on, status, created_at, updated_at)"
    " VALUES ('FND-2099-0001', " FAC_CT ", 'audit', %s, 'T', '2026-01-01', 'open', " TS ", " TS ")",
    "'observation'", "'critical'", "severity" },
  { "INSERT INTO finding (ref, facility_id, source, severity, title, raised_on, status, created_at, updated_at)"
    " VALUES ('FND-2099-0001', " FAC_CT ", %s, 'minor', 'T', '2026-01-01', 'open', " TS ", " TS ")",
    "'gap'", "'rumour'", "source" },
  { "INSERT INTO finding (ref, facility_id, source, severity, title, raised_on, status, created_at, updated_at)"
    " VALUES ('FND-2099-0001', " FAC_CT ", 'audit', 'minor', 'T', '2026-01-01', %s, " TS ", " TS ")",
    "'in-progress'", "'done'", "status" },
  { "INSERT INTO finding (ref, facility_id, source, severity, title, raised_on, status, closed_on, created_at,"
    " updated_at) VALUES ('FND-2099-0001', " FAC_CT ", 'audit', 'minor', 'T', '2026-01-01', 'closed', %s, "
    TS ", " TS ")", "'2026-01-05'", "NULL", "closed_on" },
  { "INSERT INTO finding (ref, facility_id, source, severity, title, raised_on, status, closed_on, verified_on,"
    " verified_by, created_at, updated_at) VALUES ('FND-2099-0001', " FAC_CT ", 'audit', 'minor', 'T',"
    " '2026-01-01', 'verified', '2026-01-05', '2026-01-06', %s, " TS ", " TS ")", "'Auditor'", "NULL",
    "verified_by" },
  { "INSERT INTO finding (ref, facility_id, source, severity, title, raised_on, status, self_verified, created_at,"
    " updated_at) VALUES ('FND-2099-0001', " FAC_CT ", 'audit', 'minor', 'T', '2026-01-01', 'open', %s, "
    TS ", " TS ")", "0", "1", "self_verified" },
  { "INSERT INTO finding (ref, facility_id, source, severity, title, raised_on, due_on, status, created_at,"
    " updated_at) VALUES ('FND-2099-0001', " FAC_CT ", 'audit', 'minor', 'T', '2026-01-10', %s, 'open', "
    TS ", " TS ")", "'2026-01-10'", "'2026-01-09'", "due_on >= raised_on" },
  /* GAP self-assessment */
  { "INSERT INTO question_bank (ref, code, framework, version, title) VALUES ('QB-2099-0001', 'isps-pfsp', 'ISPS',"
    " %s, 'T')", "'2099.1'", "'2026.1'", "question_bank.code, question_bank.version" },
  { "INSERT INTO question (bank_id, code, position, area, text) VALUES (1, %s, 99, 'A', 'Q?')", "'X1'",
    "'A16.3.1'", "question.bank_id, question.code" },
  /* incidents and lessons */
  { "INSERT INTO incident (ref, facility_id, occurred_at, aware_at, time_zone, kind, title, security_level, status,"
    " created_at, updated_at) VALUES ('INC-2099-0001', " FAC_CT ", " TS ", " TS ", 'UTC', %s, 'T', 1, 'open', "
    TS ", " TS ")", "'see-say-act'", "'alien'", "kind" },
  { "INSERT INTO incident (ref, facility_id, occurred_at, aware_at, time_zone, kind, title, security_level, status,"
    " created_at, updated_at) VALUES ('INC-2099-0001', " FAC_CT ", '2026-01-01T10:00:00Z', %s, 'UTC', 'theft', 'T',"
    " 1, 'open', " TS ", " TS ")", "'2026-01-01T10:00:00Z'", "'2026-01-01T09:59:59Z'", "aware_at >= occurred_at" },
  { "INSERT INTO incident (ref, facility_id, occurred_at, aware_at, time_zone, kind, title, security_level, status,"
    " created_at, updated_at) VALUES ('INC-2099-0001', " FAC_CT ", " TS ", " TS ", 'UTC', 'theft', 'T', %s, 'open', "
    TS ", " TS ")", "3", "'high'", "incident.security_level" },
  { "INSERT INTO incident_control (incident_id, control_id, outcome) VALUES (1, 5, %s)", "'worked'", "'partly'",
    "outcome" },
  { "INSERT INTO lesson (ref, facility_id, incident_id, text, status, created_at, updated_at)"
    " VALUES ('LSN-2099-0001', " FAC_CT ", %s, 'T', 'open', " TS ", " TS ")", "1", "NULL",
    "incident_id IS NOT NULL OR completion_id IS NOT NULL" },
  { "INSERT INTO lesson (ref, facility_id, incident_id, text, status, implemented_on, created_at, updated_at)"
    " VALUES ('LSN-2099-0001', " FAC_CT ", 1, 'T', 'implemented', %s, " TS ", " TS ")", "'2026-01-01'", "NULL",
    "implemented_on" },
  /* users */
  { "INSERT INTO app_user (ref, user_name, role, created_at, updated_at) VALUES ('USR-2099-0001', 'new', %s, "
    TS ", " TS ")", "'auditor'", "'root'", "role" },
  { "INSERT INTO app_user (ref, user_name, role, created_at, updated_at) VALUES ('USR-2099-0001', %s, 'auditor', "
    TS ", " TS ")", "'new'", "'admin'", "app_user.user_name" },
  { "INSERT INTO user_facility (user_id, facility_id) VALUES (1, %s)", FAC_CRU, "999", "FOREIGN KEY" },
};

/* The case's SQL with its one %s replaced by @value. */
static char *
fill (const char *sql,
      const char *value)
{
  g_auto(GStrv) parts = g_strsplit (sql, "%s", -1);

  g_assert_cmpuint (g_strv_length (parts), ==, 2);
  return g_strjoin (value, parts[0], parts[1], NULL);
}

static void
test_refuses (void)
{
  g_autofree char *dir = psems_test_make_dir ();
  g_autoptr(PsemsStore) store = new_demo_store (dir);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *good = fill (cases[i].sql, cases[i].good);
      g_autofree char *bad = fill (cases[i].sql, cases[i].bad);
      g_autoptr(GError) error = NULL;

      g_test_message ("case %u: %s", i, bad);

      psems_store_exec (store, "SAVEPOINT schema_case", &error);
      g_assert_no_error (error);
      psems_store_exec (store, good, &error);
      g_assert_no_error (error);
      psems_store_exec (store, "ROLLBACK TO schema_case", &error);
      g_assert_no_error (error);

      psems_store_exec (store, bad, &error);
      g_assert_error (error, PSEMS_ERROR, PSEMS_ERROR_CONSTRAINT);
      g_test_message ("refused: %s", error->message);
      g_assert_nonnull (strstr (error->message, cases[i].names));

      psems_store_exec (store, "ROLLBACK TO schema_case; RELEASE schema_case", NULL);
    }

  g_clear_object (&store);
  psems_test_remove_dir (dir);
}

/* The audit trail stays append-only with the new tables in place. */
static void
test_audit_trail_guarded (void)
{
  g_autofree char *dir = psems_test_make_dir ();
  g_autoptr(PsemsStore) store = new_demo_store (dir);
  g_autoptr(GError) error = NULL;

  psems_store_exec (store, "DELETE FROM audit_trail WHERE entity = 'person'", &error);
  g_assert_error (error, PSEMS_ERROR, PSEMS_ERROR_CONSTRAINT);
  g_assert_nonnull (strstr (error->message, "audit trail"));

  g_clear_object (&store);
  psems_test_remove_dir (dir);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/schema/accepts-demo", test_accepts_demo);
  g_test_add_func ("/schema/refuses", test_refuses);
  g_test_add_func ("/schema/audit-trail-guarded", test_audit_trail_guarded);

  return g_test_run ();
}
