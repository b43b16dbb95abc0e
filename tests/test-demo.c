/* test-demo.c — demo data: deterministic for (seed, as-of), stable references, believable content, db demo and db stats. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "psems-store-private.h"
#include "psems-test-util.h"

static PsemsStore *
new_demo_store (const char *dir,
                const char *name,
                guint       persons,
                guint32     seed,
                int         year,
                int         month,
                int         day)
{
  g_autoptr(PsemsStore) store = psems_test_new_store (dir, name);
  g_autoptr(PsemsActor) actor = psems_actor_new (0, "tester", PSEMS_ROLE_ADMINISTRATOR);
  g_autoptr(GError) error = NULL;
  PsemsDemoOptions options;

  psems_demo_options_init (&options);
  options.persons = persons;
  options.seed = seed;
  g_date_set_dmy (&options.as_of, (GDateDay) day, (GDateMonth) month, (GDateYear) year);
  g_assert_true (psems_demo_generate (store, actor, &options, &error));
  g_assert_no_error (error);
  return g_steal_pointer (&store);
}

static void
dump_query (GString    *out,
            sqlite3    *db,
            const char *sql)
{
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      for (int i = 0; i < sqlite3_column_count (stmt); i++)
        {
          switch (sqlite3_column_type (stmt, i))
            {
            case SQLITE_NULL:
              g_string_append (out, "∅");
              break;
            case SQLITE_BLOB:
              {
                g_autofree char *sum = g_compute_checksum_for_data (G_CHECKSUM_SHA256, sqlite3_column_blob (stmt, i),
                                                                    sqlite3_column_bytes (stmt, i));
                g_string_append_printf (out, "blob:%s", sum);
              }
              break;
            default:
              g_string_append_printf (out, "%d:%s", sqlite3_column_type (stmt, i), sqlite3_column_text (stmt, i));
            }
          g_string_append_c (out, '|');
        }
      g_string_append_c (out, '\n');
    }
  sqlite3_finalize (stmt);
}

/* Every row of every table, in key order, but the audit trail's times and
 * hashes and the random audit key; @skip names tables to leave out. */
static char *
dump_database (PsemsStore         *store,
               const char * const *skip)
{
  sqlite3 *db = psems_store_get_db (store);
  g_autoptr(GPtrArray) tables = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GArray) without_rowid = g_array_new (FALSE, FALSE, sizeof (gboolean));
  GString *out = g_string_new (NULL);
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT name, wr FROM pragma_table_list WHERE schema = 'main'"
                                       " AND type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      gboolean wr = sqlite3_column_int (stmt, 1);

      g_ptr_array_add (tables, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
      g_array_append_val (without_rowid, wr);
    }
  sqlite3_finalize (stmt);
  g_assert_cmpuint (tables->len, >, 40);

  for (guint i = 0; i < tables->len; i++)
    {
      const char *table = g_ptr_array_index (tables, i);
      g_autofree char *sql = NULL;

      if (skip != NULL && g_strv_contains (skip, table))
        continue;
      if (g_str_equal (table, "audit_trail"))
        sql = g_strdup ("SELECT id, user_id, user_name, role, action, entity, entity_id, ref, before, after"
                        " FROM audit_trail ORDER BY id");
      else if (g_str_equal (table, "setting"))
        sql = g_strdup ("SELECT * FROM setting WHERE key <> 'audit.personal_key' ORDER BY key");
      else if (g_array_index (without_rowid, gboolean, i))
        sql = g_strdup_printf ("SELECT * FROM \"%s\" ORDER BY 1, 2", table);
      else
        sql = g_strdup_printf ("SELECT * FROM \"%s\" ORDER BY rowid", table);

      g_string_append_printf (out, "== %s\n", table);
      dump_query (out, db, sql);
    }
  return g_string_free (out, FALSE);
}

static void
test_deterministic (void)
{
  g_autofree char *dir = psems_test_make_dir ();
  g_autoptr(PsemsStore) a = new_demo_store (dir, "a.db", 400, 7, 2026, 3, 15);
  g_autoptr(PsemsStore) b = new_demo_store (dir, "b.db", 400, 7, 2026, 3, 15);
  g_autoptr(PsemsStore) c = new_demo_store (dir, "c.db", 400, 8, 2026, 3, 15);
  g_autoptr(PsemsStore) d = new_demo_store (dir, "d.db", 400, 7, 2026, 3, 16);
  g_autofree char *dump_a = dump_database (a, NULL);
  g_autofree char *dump_b = dump_database (b, NULL);
  g_autofree char *dump_c = dump_database (c, NULL);
  g_autofree char *dump_d = dump_database (d, NULL);

  g_assert_cmpuint (strlen (dump_a), >, 100000);
  g_assert_cmpstr (dump_a, ==, dump_b);
  g_assert_cmpstr (dump_a, !=, dump_c);
  g_assert_cmpstr (dump_a, !=, dump_d);

  /* A different seed gives different people, not only different audit entries. */
  g_assert_cmpint (psems_test_count (a, "SELECT count(*) FROM person"), ==, 400);
  {
    g_autofree char *pa = g_strdup (strstr (dump_a, "== person\n"));
    g_autofree char *pc = g_strdup (strstr (dump_c, "== person\n"));

    *strstr (pa + 1, "\n==") = '\0';
    *strstr (pc + 1, "\n==") = '\0';
    g_assert_cmpstr (pa, !=, pc);
  }

  g_clear_object (&a);
  g_clear_object (&b);
  g_clear_object (&c);
  g_clear_object (&d);
  psems_test_remove_dir (dir);
}

/* References: unique, well formed, numbered without gaps, resolvable, and the
 * port's references do not move when the number of persons changes. */
static void
test_refs (void)
{
  static const char * const personnel[] = {
    "person", "vetting", "person_area", "training_record", "ref_counter", "audit_trail", NULL
  };
  g_autofree char *dir = psems_test_make_dir ();
  g_autoptr(PsemsStore) small = new_demo_store (dir, "small.db", 100, 3, 2026, 3, 15);
  g_autoptr(PsemsStore) large = new_demo_store (dir, "large.db", 700, 3, 2026, 3, 15);
  g_autofree char *dump_small = dump_database (small, personnel);
  g_autofree char *dump_large = dump_database (large, personnel);
  g_autoptr(GError) error = NULL;
  const PsemsEntityInfo *all;
  guint n;

  g_assert_cmpstr (dump_small, ==, dump_large);

  all = psems_entity_get_all (&n);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *sql = NULL;
      sqlite3_stmt *stmt = NULL;
      GHashTable *seen;

      if (all[i].ref_prefix == NULL)
        continue;
      g_assert_cmpint (psems_test_count (large, "SELECT count(*) FROM %s", all[i].table), ==,
                       psems_test_count (large, "SELECT count(DISTINCT ref) FROM %s", all[i].table));

      sql = g_strdup_printf ("SELECT id, ref FROM %s", all[i].table);
      g_assert_cmpint (sqlite3_prepare_v2 (psems_store_get_db (large), sql, -1, &stmt, NULL), ==, SQLITE_OK);
      seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        {
          const char *ref = (const char *) sqlite3_column_text (stmt, 1);
          g_autofree char *prefix = NULL;
          g_autofree char *lower = g_ascii_strdown (ref, -1);
          int year;
          gint64 number;

          g_assert_true (psems_ref_parse (ref, &prefix, &year, &number));
          g_assert_cmpstr (prefix, ==, all[i].ref_prefix);
          g_assert_true (g_hash_table_add (seen, g_strdup (ref)));
          /* Numbered per prefix and year from 1 with no gaps: the counter holds the last one. */
          g_assert_cmpint (number, <=, psems_test_count (large, "SELECT last FROM ref_counter WHERE prefix = '%s' AND year = %d",
                                              prefix, year));
          if (g_hash_table_size (seen) <= 20)
            {
              g_assert_cmpint (psems_ref_resolve (large, all[i].name, lower, &error), ==,
                               sqlite3_column_int64 (stmt, 0));
              g_assert_no_error (error);
            }
        }
      sqlite3_finalize (stmt);
      g_hash_table_unref (seen);
    }

  /* Counters match what was handed out: their sum is the number of referenced rows. */
  {
    gint64 handed = 0;

    for (guint i = 0; i < n; i++)
      if (all[i].ref_prefix != NULL)
        handed += psems_test_count (large, "SELECT count(*) FROM %s", all[i].table);
    g_assert_cmpint (psems_test_count (large, "SELECT sum(last) FROM ref_counter"), ==, handed);
  }

  g_assert_cmpint (psems_ref_resolve (large, "facility", "FAC-2023-0001", &error), ==, 1);
  g_assert_no_error (error);
  g_assert_cmpint (psems_test_count (large, "SELECT count(*) FROM facility WHERE ref = 'FAC-2023-0001' AND code = 'NHV-CT'"),
                   ==, 1);

  g_clear_object (&small);
  g_clear_object (&large);
  psems_test_remove_dir (dir);
}

static gboolean
has_script (PsemsStore     *store,
            GUnicodeScript  script)
{
  sqlite3_stmt *stmt = NULL;
  gboolean found = FALSE;

  g_assert_cmpint (sqlite3_prepare_v2 (psems_store_get_db (store), "SELECT display_name FROM person", -1, &stmt,
                                       NULL), ==, SQLITE_OK);
  while (!found && sqlite3_step (stmt) == SQLITE_ROW)
    {
      const char *name = (const char *) sqlite3_column_text (stmt, 0);

      g_assert_true (g_utf8_validate (name, -1, NULL));
      for (const char *p = name; *p != '\0' && !found; p = g_utf8_next_char (p))
        {
          gunichar c = g_utf8_get_char (p);

          if (script == G_UNICODE_SCRIPT_LATIN)
            found = c > 0x7f && g_unichar_get_script (c) == script;   /* a Latin letter with a diacritic */
          else
            found = g_unichar_get_script (c) == script;
        }
    }
  sqlite3_finalize (stmt);
  return found;
}

/* What issue 3 asks the demo to hold. */
static void
test_content (void)
{
  static const GUnicodeScript scripts[] = {
    G_UNICODE_SCRIPT_LATIN, G_UNICODE_SCRIPT_CYRILLIC, G_UNICODE_SCRIPT_GREEK, G_UNICODE_SCRIPT_ARABIC,
    G_UNICODE_SCRIPT_HAN, G_UNICODE_SCRIPT_HANGUL,
  };
  static const char * const finding_states[] = { "open", "in-progress", "closed", "verified" };
  g_autofree char *dir = psems_test_make_dir ();
  g_autoptr(PsemsStore) store = new_demo_store (dir, "content.db", 1500, 1, 2026, 3, 15);
  g_autoptr(GError) error = NULL;
  gint64 audit_entries;

  /* Three facilities: two under the ISPS Code with an IMO number, the airport without. */
  g_assert_cmpint (psems_test_count (store, "SELECT count(*) FROM facility"), ==, 3);
  g_assert_cmpint (psems_test_count (store, "SELECT count(*) FROM facility WHERE imo_number GLOB un_locode || '-[0-9][0-9][0-9][0-9]'"
                          " AND kind IN ('container-terminal', 'cruise-terminal')"), ==, 2);
  g_assert_cmpint (psems_test_count (store, "SELECT count(*) FROM facility WHERE kind = 'airport' AND imo_number IS NULL"), ==, 1);
  /* The current level is the last change's. */
  g_assert_cmpint (psems_test_count (store, "SELECT count(*) FROM facility f WHERE security_level = (SELECT level FROM"
                          " facility_level_change c WHERE c.facility_id = f.id ORDER BY changed_at DESC LIMIT 1)"), ==, 3);
  g_assert_cmpint (psems_test_count (store, "SELECT count(DISTINCT security_level) FROM facility"), >, 1);
  g_assert_cmpint (psems_test_count (store, "SELECT count(*) FROM facility WHERE pfso_person_id IS NULL"), ==, 0);

  /* One approved plan each, with the 15 elements of ISPS A/16.3. */
  g_assert_cmpint (psems_test_count (store, "SELECT count(*) FROM plan WHERE status = 'approved'"), ==, 3);
  g_assert_cmpint (psems_test_count (store, "SELECT count(DISTINCT status) FROM plan"), ==, 4);
  g_assert_cmpint (psems_test_count (store, "SELECT count(*) FROM plan_element e JOIN plan p ON p.id = e.plan_id"
                          " WHERE p.status = 'approved' AND e.status = 'complete'"), ==, 45);
  g_assert_cmpint (psems_test_count (store, "SELECT count(*) FROM plan_element WHERE status = 'missing'"), >, 0);

  /* Four layers outside in, ~60 controls over every domain and function, ~12 threats. */
  g_assert_cmpint (psems_test_count (store, "SELECT count(*) FROM layer WHERE position = 1 AND name = 'Perimeter'"), ==, 3);
  g_assert_cmpint (psems_test_count (store, "SELECT count(*) FROM layer WHERE position = 4 AND name = 'Critical asset'"), ==, 3);
  g_assert_cmpint (psems_test_count (store, "SELECT count(*) FROM control"), ==, 60);
  g_assert_cmpint (psems_test_count (store, "SELECT count(*) FROM (SELECT DISTINCT facility_id, domain, function FROM control)"),
                   ==, 60);
  g_assert_cmpint (psems_test_count (store, "SELECT count(*) FROM control c WHERE NOT EXISTS"
                          " (SELECT 1 FROM control_regulation r WHERE r.control_id = c.id)"), ==, 0);
  g_assert_cmpint (psems_test_count (store, "SELECT count(DISTINCT status) FROM control"), >=, 4);
  g_assert_cmpint (psems_test_count (store, "SELECT count(*) FROM threat_scenario"), ==, 12);
  g_assert_cmpint (psems_test_count (store, "SELECT count(*) FROM threat_scenario t WHERE NOT EXISTS"
                          " (SELECT 1 FROM threat_mitigation m WHERE m.threat_id = t.id)"), ==, 0);
  g_assert_cmpint (psems_test_count (store, "SELECT count(*) FROM threat_mitigation m JOIN threat_scenario t ON t.id = m.threat_id"
                          " JOIN control c ON c.id = m.control_id WHERE c.facility_id <> t.facility_id"), ==, 0);

  /* Schedules with history: some late, some overdue on the day, none before 2000. */
  g_assert_cmpint (psems_test_count (store, "SELECT count(*) FROM completion WHERE done_on > due_on"), >, 0);
  g_assert_cmpint (psems_test_count (store, "SELECT count(*) FROM completion WHERE done_on >= '2026-03-15'"), ==, 0);
  g_assert_cmpint (psems_test_count (store, "SELECT count(*) FROM schedule_item WHERE next_due < '2026-03-15'"), >=, 3);
  g_assert_cmpint (psems_test_count (store, "SELECT count(*) FROM schedule_item WHERE next_due < '2000-01-01'"), ==, 0);
  g_assert_cmpint (psems_test_count (store, "SELECT count(DISTINCT kind) FROM schedule_item"), ==, 8);
  g_assert_cmpint (psems_test_count (store, "SELECT count(*) FROM declaration_of_security WHERE valid_until >= '2026-03-15'"), >, 0);

  /* Findings in every state, incidents with lessons, evidence that hashes right. */
  for (guint i = 0; i < G_N_ELEMENTS (finding_states); i++)
    g_assert_cmpint (psems_test_count (store, "SELECT count(*) FROM finding WHERE status = '%s'", finding_states[i]), >, 0);
  g_assert_cmpint (psems_test_count (store, "SELECT count(*) FROM finding WHERE self_verified = 1"), >, 0);
  g_assert_cmpint (psems_test_count (store, "SELECT count(*) FROM finding WHERE status IN ('open', 'in-progress')"
                          " AND due_on < '2026-03-15'"), >, 0);
  g_assert_cmpint (psems_test_count (store, "SELECT count(*) FROM incident i WHERE NOT EXISTS"
                          " (SELECT 1 FROM lesson l WHERE l.incident_id = i.id)"), ==, 0);
  g_assert_cmpint (psems_test_count (store, "SELECT count(*) FROM lesson WHERE completion_id IS NOT NULL"), >, 0);
  g_assert_cmpint (psems_test_count (store, "SELECT count(*) FROM incident WHERE kind = 'see-say-act'"), >, 0);
  g_assert_cmpint (psems_test_count (store, "SELECT count(*) FROM evidence WHERE length(content) <> size"), ==, 0);
  {
    sqlite3_stmt *stmt = NULL;

    g_assert_cmpint (sqlite3_prepare_v2 (psems_store_get_db (store), "SELECT content, sha256 FROM evidence", -1,
                                         &stmt, NULL), ==, SQLITE_OK);
    while (sqlite3_step (stmt) == SQLITE_ROW)
      {
        g_autofree char *sum = g_compute_checksum_for_data (G_CHECKSUM_SHA256, sqlite3_column_blob (stmt, 0),
                                                            sqlite3_column_bytes (stmt, 0));
        g_assert_cmpstr (sum, ==, (const char *) sqlite3_column_text (stmt, 1));
      }
    sqlite3_finalize (stmt);
  }

  /* Persons: every script, unique badges, vettings in every state, some expiring, some expired. */
  g_assert_cmpint (psems_test_count (store, "SELECT count(*) FROM person"), ==, 1500);
  for (guint i = 0; i < G_N_ELEMENTS (scripts); i++)
    {
      g_test_message ("script %d", scripts[i]);
      g_assert_true (has_script (store, scripts[i]));
    }
  g_assert_cmpint (psems_test_count (store, "SELECT count(DISTINCT employer) FROM person"), >, 15);
  g_assert_cmpint (psems_test_count (store, "SELECT count(DISTINCT status) FROM vetting"), ==, 5);
  g_assert_cmpint (psems_test_count (store, "SELECT count(*) FROM vetting WHERE status = 'cleared'"
                          " AND expires_on BETWEEN '2026-03-15' AND '2026-04-14'"), >, 0);
  g_assert_cmpint (psems_test_count (store, "SELECT count(*) FROM vetting WHERE status = 'cleared' AND expires_on < '2026-03-15'"),
                   >, 0);
  g_assert_cmpint (psems_test_count (store, "SELECT count(*) FROM training_record WHERE expires_on < '2026-03-15'"), >, 0);
  g_assert_cmpint (psems_test_count (store, "SELECT count(*) FROM person_area"), >, 1000);

  /* Single-user mode; one audit entry for each entity filled, with its count. */
  g_assert_cmpint (psems_test_count (store, "SELECT count(*) FROM app_user"), ==, 0);
  audit_entries = psems_test_count (store, "SELECT count(*) FROM audit_trail WHERE action = 'demo'");
  g_assert_cmpint (audit_entries, >=, 25);
  g_assert_cmpint (psems_test_count (store, "SELECT count(*) FROM audit_trail WHERE action = 'demo' AND entity = 'person'"
                          " AND after = '{\"count\":1500,\"seed\":1,\"as_of\":\"2026-03-15\"}'"), ==, 1);
  g_assert_cmpint (psems_test_count (store, "SELECT count(*) FROM audit_trail WHERE action = 'demo' AND entity = 'user'"), ==, 0);
  g_assert_true (psems_audit_verify (store, NULL, &error));
  g_assert_no_error (error);
  psems_store_check_integrity (store, &error);
  g_assert_no_error (error);

  g_clear_object (&store);
  psems_test_remove_dir (dir);
}

static void
test_with_users (void)
{
  g_autofree char *dir = psems_test_make_dir ();
  g_autoptr(PsemsStore) store = psems_test_new_store (dir, "users.db");
  g_autoptr(PsemsActor) actor = psems_actor_new (0, "tester", PSEMS_ROLE_ADMINISTRATOR);
  g_autoptr(GError) error = NULL;
  PsemsDemoOptions options;

  psems_demo_options_init (&options);
  options.persons = 10;
  options.with_users = TRUE;
  g_assert_true (psems_demo_generate (store, actor, &options, &error));
  g_assert_no_error (error);

  g_assert_cmpint (psems_test_count (store, "SELECT count(*) FROM app_user"), ==, PSEMS_N_ROLES);
  g_assert_cmpint (psems_test_count (store, "SELECT count(DISTINCT role) FROM app_user"), ==, PSEMS_N_ROLES);
  g_assert_cmpint (psems_test_count (store, "SELECT count(*) FROM app_user WHERE password_hash IS NOT NULL"), ==, 0);
  g_assert_cmpint (psems_test_count (store, "SELECT count(*) FROM user_facility"), >, 0);
  for (guint r = 0; r < PSEMS_N_ROLES; r++)
    g_assert_cmpint (psems_test_count (store, "SELECT count(*) FROM app_user WHERE role = '%s'",
                            psems_role_to_string ((PsemsRole) r)), ==, 1);

  g_clear_object (&store);
  psems_test_remove_dir (dir);
}

static void
test_refused (void)
{
  g_autofree char *dir = psems_test_make_dir ();
  g_autoptr(PsemsStore) store = new_demo_store (dir, "twice.db", 20, 1, 2026, 3, 15);
  g_autoptr(PsemsActor) actor = psems_actor_new (0, "tester", PSEMS_ROLE_ADMINISTRATOR);
  g_autoptr(GError) error = NULL;
  g_autofree char *before = dump_database (store, NULL);
  g_autofree char *after = NULL;
  PsemsDemoOptions options;

  psems_demo_options_init (&options);
  options.persons = 20;
  g_assert_false (psems_demo_generate (store, actor, &options, &error));
  g_assert_error (error, PSEMS_ERROR, PSEMS_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "twice.db"));
  g_assert_nonnull (strstr (error->message, "facilities"));
  g_clear_error (&error);

  after = dump_database (store, NULL);
  g_assert_cmpstr (before, ==, after);

  /* Also when the only facility is archived. */
  psems_store_exec (store, "UPDATE facility SET deleted_at = '2026-03-15T00:00:00Z'", &error);
  g_assert_no_error (error);
  g_assert_false (psems_demo_generate (store, actor, &options, &error));
  g_assert_error (error, PSEMS_ERROR, PSEMS_ERROR_INVALID);

  g_clear_object (&store);
  psems_test_remove_dir (dir);
}

/* The stats lines "entity count" of `db stats` as entity → count. */
static GHashTable *
parse_stats (const char *text)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  GHashTable *counts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  g_assert_true (g_str_has_prefix (lines[0], "entity"));
  for (guint i = 1; lines[i] != NULL; i++)
    {
      g_auto(GStrv) fields = g_strsplit_set (g_strstrip (lines[i]), " ", -1);
      guint last;

      if (lines[i][0] == '\0')
        continue;
      last = g_strv_length (fields) - 1;
      g_hash_table_insert (counts, g_strdup (fields[0]), GINT_TO_POINTER ((int) g_ascii_strtoll (fields[last], NULL, 10)));
    }
  return counts;
}

/* Every "today" makes a consistent demo in bounded time: month ends, leap days, year ends, days
 * at the start of a year (found by a demo that looped for ever on 15 January). */
static void
test_any_day (void)
{
  static const int days[][3] = {
    { 2024, 2, 29 }, { 2025, 1, 1 }, { 2025, 12, 31 }, { 2026, 1, 2 }, { 2026, 1, 15 },
    { 2026, 3, 31 }, { 2026, 11, 26 }, { 2027, 6, 30 }, { 2028, 2, 29 }, { 2030, 1, 1 },
  };
  g_autofree char *dir = psems_test_make_dir ();

  for (guint i = 0; i < G_N_ELEMENTS (days); i++)
    {
      g_autofree char *name = g_strdup_printf ("day-%u.db", i);
      g_autoptr(PsemsStore) store = NULL;
      g_autoptr(GError) error = NULL;

      g_test_message ("demo as of %d-%02d-%02d", days[i][0], days[i][1], days[i][2]);
      store = new_demo_store (dir, name, 20, 1, days[i][0], days[i][1], days[i][2]);
      g_assert_true (psems_store_check_integrity (store, &error));
      g_assert_no_error (error);
      /* No completion after the demo's day, none twice on a day for an item. */
      g_assert_cmpint (psems_test_count (store, "SELECT count(*) FROM completion WHERE done_on >= '%04d-%02d-%02d'",
                                         days[i][0], days[i][1], days[i][2]), ==, 0);
      g_assert_cmpint (psems_test_count (store, "SELECT count(*) FROM (SELECT schedule_item_id, done_on FROM completion"
                                         " GROUP BY 1, 2 HAVING count(*) > 1)"), ==, 0);
    }
  psems_test_remove_dir (dir);
}

static void
test_cli (void)
{
  static const char * const empty[] = { "user", "user-facility", NULL };
  g_autofree char *dir = psems_test_make_dir ();
  g_autofree char *path = g_build_filename (dir, "cli.db", NULL);
  g_autofree char *out = NULL, *err = NULL;
  g_autoptr(GHashTable) counts = NULL;
  const PsemsEntityInfo *all;
  guint n, listed = 0;

  /* Usage errors: exit 2, nothing created. */
  g_assert_cmpint (psems_test_run_cli (NULL, &err, "--db", path, "db", "demo", "--as-of", "2025-02-30", NULL), ==, 2);
  g_assert_nonnull (strstr (err, "--as-of"));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (psems_test_run_cli (NULL, NULL, "--db", path, "db", "demo", "--as-of", "15/03/2026", NULL), ==, 2);
  g_assert_cmpint (psems_test_run_cli (NULL, &err, "--db", path, "db", "demo", "--persons", "-5", NULL), ==, 2);
  g_assert_nonnull (strstr (err, "--persons"));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (psems_test_run_cli (NULL, NULL, "--db", path, "db", "demo", "--persons", "ten", NULL), ==, 2);
  g_assert_cmpint (psems_test_run_cli (NULL, NULL, "--db", path, "db", "demo", "--seed", "x", NULL), ==, 2);
  g_assert_cmpint (psems_test_run_cli (NULL, NULL, "--db", path, "db", "demo", "extra", NULL), ==, 2);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));

  /* A new database is created and filled. */
  g_assert_cmpint (psems_test_run_cli (&out, NULL, "--db", path, "db", "demo", "--persons", "60", "--seed", "5",
                                       "--as-of", "2026-03-15", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "person "));
  g_clear_pointer (&out, g_free);

  g_assert_cmpint (psems_test_run_cli (&out, NULL, "--db", path, "db", "stats", NULL), ==, 0);
  counts = parse_stats (out);
  all = psems_entity_get_all (&n);
  for (guint i = 0; i < n; i++)
    {
      gpointer value;

      if (!all[i].in_stats)
        continue;
      g_test_message ("db stats: %s", all[i].name);
      g_assert_true (g_hash_table_lookup_extended (counts, all[i].name, NULL, &value));
      if (g_strv_contains (empty, all[i].name))
        g_assert_cmpint (GPOINTER_TO_INT (value), ==, 0);
      else
        g_assert_cmpint (GPOINTER_TO_INT (value), >, 0);
      listed++;
    }
  g_assert_cmpuint (listed, ==, g_hash_table_size (counts));
  g_assert_cmpint (GPOINTER_TO_INT (g_hash_table_lookup (counts, "person")), ==, 60);
  g_clear_pointer (&out, g_free);

  /* A second demo is a data error: exit 1, nothing changed. */
  g_assert_cmpint (psems_test_run_cli (NULL, &err, "--db", path, "db", "demo", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "already holds"));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (psems_test_run_cli (&out, NULL, "--db", path, "db", "verify", NULL), ==, 0);
  g_clear_pointer (&out, g_free);

  /* --with-users fills the user tables too. */
  g_remove (path);
  {
    g_autofree char *wal = g_strconcat (path, "-wal", NULL);
    g_autofree char *shm = g_strconcat (path, "-shm", NULL);
    g_remove (wal);
    g_remove (shm);
  }
  g_assert_cmpint (psems_test_run_cli (&out, NULL, "--db", path, "--format", "csv", "db", "demo", "--persons", "5",
                                       "--with-users", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "user,4"));

  psems_test_remove_dir (dir);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/demo/deterministic", test_deterministic);
  g_test_add_func ("/demo/refs", test_refs);
  g_test_add_func ("/demo/content", test_content);
  g_test_add_func ("/demo/with-users", test_with_users);
  g_test_add_func ("/demo/refused", test_refused);
  g_test_add_func ("/demo/any-day", test_any_day);
  g_test_add_func ("/demo/cli", test_cli);

  return g_test_run ();
}
