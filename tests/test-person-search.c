/* test-person-search.c — search-as-you-type (FTS5 prefixes in any script), every filter, sort, id paging, the lazy list model. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "psems-person-fixture.h"
#include "psems-person-import.h"
#include "psems-person-private.h"
#include "psems-store-private.h"

typedef struct
{
  const char *given, *family, *employer, *badge;
} Who;

static const Who people[] = {
  { "Zoë", "Müller", "Harbour Ops", "NHV-0001" },
  { "Łukasz", "Wójcik", "Stevedores Ltd", "NHV-0002" },
  { "Иван", "Петров", "Морской порт", "NHV-0003" },
  { "小明", "王", "港口物流", "NHV-0004" },
  { "José", "García", "Harbour Ops", "NHV-0005" },
  { "Anna", "Mueller", "Pilots", "NHV-0006" },
  { "Ann", "Lee", "Stevedores Ltd", "X-77" },
};

static void
populate (PersonFixture *f,
          gint64         ids[])
{
  for (guint i = 0; i < G_N_ELEMENTS (people); i++)
    ids[i] = add_person_full (f, people[i].given, people[i].family, people[i].employer, people[i].badge);
}

/* Ids matching @text, sorted by name. */
static GArray *
search (PersonFixture *f,
        const char    *text)
{
  g_autoptr(GError) error = NULL;
  PsemsPersonQuery q;
  GArray *ids;

  psems_person_query_init (&q);
  q.text = g_strdup (text);
  ids = psems_person_list_ids (f->store, &q, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (psems_person_count (f->store, &q, NULL), ==, ids->len);
  psems_person_query_clear (&q);
  return ids;
}

static void
assert_hits (PersonFixture *f,
             const char    *text,
             guint          n)
{
  g_autoptr(GArray) ids = search (f, text);

  g_test_message ("search “%s”", text);
  g_assert_cmpuint (ids->len, ==, n);
}

static void
test_prefix_scripts (PersonFixture *f,
                     gconstpointer  data)
{
  gint64 ids[G_N_ELEMENTS (people)];

  populate (f, ids);
  assert_hits (f, "mu", 2);          /* Müller (diacritics removed) and Mueller */
  assert_hits (f, "MÜL", 1);
  assert_hits (f, "wojc", 1);        /* Wójcik */
  assert_hits (f, "łuk", 1);
  assert_hits (f, "пет", 1);         /* Cyrillic, case-folded */
  assert_hits (f, "ПЕТР", 1);
  assert_hits (f, "小", 1);          /* CJK run as one token: a prefix of it */
  assert_hits (f, "港口", 1);
  assert_hits (f, "harb", 2);
  assert_hits (f, "harbour ga", 1);  /* every word must match */
  assert_hits (f, "nhv-000", 6);     /* badge, split at the hyphen */
  assert_hits (f, "0004", 1);
  assert_hits (f, "x-77", 1);
  assert_hits (f, "", 7);
  assert_hits (f, "  - ", 7);        /* no word: no text filter */
  /* FTS5 syntax in user text is only text. */
  assert_hits (f, "\"mu", 2);
  assert_hits (f, "mu* OR 1", 0);
  assert_hits (f, "NEAR(a b)", 0);
  assert_hits (f, "employer:harb", 0);
  assert_hits (f, "AND", 0);
  assert_hits (f, "zz", 0);

  /* The index follows updates and survives archiving (archived rows are filtered). */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(PsemsPerson) p = psems_person_get (f->store, ids[6], NULL, &error);

    g_free (p->family_name);
    p->family_name = g_strdup ("Okafor");
    g_clear_pointer (&p->display_name, g_free);
    g_clear_pointer (&p->sort_name, g_free);
    g_assert_true (psems_person_update (f->store, f->actor, p, &error));
    g_assert_no_error (error);
    assert_hits (f, "lee", 0);
    assert_hits (f, "oka", 1);
    g_assert_true (psems_person_archive (f->store, f->actor, ids[6], &error));
    assert_hits (f, "oka", 0);
    psems_test_exec (f->store, "INSERT INTO person_fts (person_fts) VALUES ('integrity-check')");
  }
}

static void
test_filters_sort (PersonFixture *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 ids[G_N_ELEMENTS (people)];
  PsemsPersonQuery q;
  g_autoptr(GArray) got = NULL;
  PsemsTraining t = { 0, };
  struct { const char *status; guint n; } statuses[] = {
    { "cleared", 2 }, { "expired", 1 }, { "pending", 1 }, { "revoked", 1 }, { "none", 2 },
  };

  populate (f, ids);
  add_vetting_full (f, ids[0], f->level_sv, PSEMS_VETTING_CLEARED, "2026-01-01", "2026-01-01", "2026-07-15");
  add_vetting_full (f, ids[1], f->level_basic, PSEMS_VETTING_CLEARED, "2026-01-01", "2026-01-01", "2027-12-31");
  add_vetting_full (f, ids[2], f->level_sv, PSEMS_VETTING_CLEARED, "2020-01-01", "2020-01-01", "2021-01-01");
  add_vetting_full (f, ids[3], f->level_sv, PSEMS_VETTING_PENDING, "2026-05-01", NULL, NULL);
  add_vetting_full (f, ids[4], f->level_sv, PSEMS_VETTING_REVOKED, "2026-05-01", NULL, NULL);
  psems_person_set_areas (f->store, f->actor, ids[1], &f->area_quay, 1, &error);
  psems_person_set_areas (f->store, f->actor, ids[5], &f->area_quay, 1, &error);
  g_assert_no_error (error);
  t.person_id = ids[5];
  t.course_id = f->course_aware;
  t.completed_on = (char *) "2020-01-01";
  psems_training_add (f->store, f->actor, &t, &error);
  t.person_id = ids[6];
  psems_training_add (f->store, f->actor, &t, &error);
  t.completed_on = (char *) "2026-01-01";   /* renewed: not lapsed */
  psems_training_add (f->store, f->actor, &t, &error);
  g_assert_no_error (error);

  psems_person_query_init (&q);
  q.as_of = day_of ("2026-06-01");
  for (guint i = 0; i < G_N_ELEMENTS (statuses); i++)
    {
      g_free (q.status);
      q.status = g_strdup (statuses[i].status);
      g_test_message ("status %s", statuses[i].status);
      g_assert_cmpint (psems_person_count (f->store, &q, &error), ==, statuses[i].n);
    }
  g_free (q.status);
  q.status = g_strdup ("bogus");
  g_assert_cmpint (psems_person_count (f->store, &q, &error), ==, -1);
  g_assert_error (error, PSEMS_ERROR, PSEMS_ERROR_INVALID);
  g_clear_error (&error);
  g_clear_pointer (&q.status, g_free);

  q.level_id = f->level_basic;
  g_assert_cmpint (psems_person_count (f->store, &q, NULL), ==, 1);
  q.level_id = 0;
  q.employer = g_strdup ("Harbour Ops");
  g_assert_cmpint (psems_person_count (f->store, &q, NULL), ==, 2);
  g_clear_pointer (&q.employer, g_free);
  q.area_id = f->area_quay;
  g_assert_cmpint (psems_person_count (f->store, &q, NULL), ==, 2);
  q.area_id = 0;
  q.expiring_within_days = 60;
  g_assert_cmpint (psems_person_count (f->store, &q, NULL), ==, 1);   /* Müller, 2026-07-15 */
  q.expiring_within_days = 30;
  g_assert_cmpint (psems_person_count (f->store, &q, NULL), ==, 0);
  q.expiring_within_days = 0;
  q.training_lapsed = TRUE;
  g_assert_cmpint (psems_person_count (f->store, &q, NULL), ==, 1);
  q.training_lapsed = FALSE;

  /* Sorts. */
  q.sort = PSEMS_PERSON_SORT_NAME;
  got = psems_person_list_ids (f->store, &q, NULL, &error);
  g_assert_cmpuint (got->len, ==, 7);
  {
    g_autoptr(GPtrArray) rows = psems_person_list_rows (f->store, (gint64 *) got->data, got->len, &q.as_of, &error);

    for (guint i = 1; i < rows->len; i++)
      g_assert_cmpint (strcmp (((PsemsPersonListRow *) rows->pdata[i - 1])->sort_name,
                               ((PsemsPersonListRow *) rows->pdata[i])->sort_name), <=, 0);
  }
  g_clear_pointer (&got, g_array_unref);
  q.sort = PSEMS_PERSON_SORT_BADGE;
  q.descending = TRUE;
  got = psems_person_list_ids (f->store, &q, NULL, &error);
  g_assert_cmpint (g_array_index (got, gint64, 0), ==, ids[6]);   /* X-77 first descending */
  g_clear_pointer (&got, g_array_unref);
  q.sort = PSEMS_PERSON_SORT_EXPIRY;
  q.descending = FALSE;
  got = psems_person_list_ids (f->store, &q, NULL, &error);
  g_assert_cmpint (g_array_index (got, gint64, 0), ==, ids[2]);   /* 2021-01-01 */
  g_assert_cmpint (g_array_index (got, gint64, 1), ==, ids[0]);
  g_assert_cmpint (g_array_index (got, gint64, 2), ==, ids[1]);
  g_clear_pointer (&got, g_array_unref);
  q.sort = PSEMS_PERSON_SORT_EMPLOYER;
  got = psems_person_list_ids (f->store, &q, NULL, &error);
  {
    g_autoptr(PsemsPerson) first = psems_person_get (f->store, g_array_index (got, gint64, 0), NULL, &error);
    g_assert_cmpstr (first->employer, ==, "Harbour Ops");
  }
  psems_person_query_clear (&q);
}

static void
test_paging_consistency (PersonFixture *f,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) all = NULL;
  g_autoptr(GPtrArray) first = NULL;
  PsemsPersonQuery q;

  for (guint i = 0; i < 300; i++)
    {
      g_autofree char *given = g_strdup_printf ("Given%03u", (i * 7) % 300);
      g_autofree char *family = g_strdup_printf ("Family%u", i % 13);
      g_autofree char *badge = g_strdup_printf ("P-%04u", i);
      add_person_full (f, given, family, i % 2 ? "Even Co" : "Odd Co", badge);
    }
  psems_person_query_init (&q);
  q.text = g_strdup ("fam");
  all = psems_person_list_ids (f->store, &q, NULL, &error);
  g_assert_cmpuint (all->len, ==, 300);
  /* With text the first page is the index's first hits, in name order among themselves. */
  first = psems_person_list_first (f->store, &q, 50, &error);
  g_assert_cmpuint (first->len, ==, 50);
  for (guint i = 1; i < 50; i++)
    g_assert_cmpint (strcmp (((PsemsPersonListRow *) first->pdata[i - 1])->sort_name,
                             ((PsemsPersonListRow *) first->pdata[i])->sort_name), <=, 0);
  g_clear_pointer (&first, g_ptr_array_unref);
  /* Without text it is exactly the list's start. */
  g_clear_pointer (&q.text, g_free);
  first = psems_person_list_first (f->store, &q, 50, &error);
  for (guint i = 0; i < 50; i++)
    g_assert_cmpint (((PsemsPersonListRow *) first->pdata[i])->id, ==, g_array_index (all, gint64, i));
  /* Pages read by id come back in order and complete. */
  for (guint start = 0; start < all->len; start += 64)
    {
      guint n = MIN (64, all->len - start);
      g_autoptr(GPtrArray) page = psems_person_list_rows (f->store, &g_array_index (all, gint64, start), n,
                                                          NULL, &error);
      g_assert_cmpuint (page->len, ==, n);
      for (guint i = 0; i < n; i++)
        g_assert_cmpint (((PsemsPersonListRow *) page->pdata[i])->id, ==, g_array_index (all, gint64, start + i));
    }
  psems_person_query_clear (&q);
}

static void
wait_loaded (PsemsPersonModel *model)
{
  while (psems_person_model_get_loading (model))
    g_main_context_iteration (NULL, TRUE);
}

static void
items_changed_cb (GListModel *list,
                  guint       position,
                  guint       removed,
                  guint       added,
                  guint      *count)
{
  (*count)++;
}

static void
test_model (PersonFixture *f,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PsemsPersonModel) model = NULL;
  g_autoptr(PsemsPersonRow) row = NULL;
  g_autoptr(PsemsPersonRow) last = NULL;
  g_autofree char *name = NULL;
  PsemsPersonQuery q;
  guint changes = 0;

  for (guint i = 0; i < 180; i++)
    {
      g_autofree char *given = g_strdup_printf ("G%03u", i);
      g_autofree char *badge = g_strdup_printf ("M-%04u", i);
      add_person_full (f, given, i < 100 ? "Alpha" : "Beta", "Ops", badge);
    }

  model = psems_person_model_new (f->store);
  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (model)) == PSEMS_TYPE_PERSON_ROW);
  g_signal_connect (model, "items-changed", G_CALLBACK (items_changed_cb), &changes);
  /* The first page at once, the rest when the worker's list arrives. */
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 50);
  g_assert_true (psems_person_model_get_loading (model));
  wait_loaded (model);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 180);
  g_assert_cmpuint (changes, ==, 1);

  row = g_list_model_get_item (G_LIST_MODEL (model), 0);
  g_object_get (row, "display-name", &name, NULL);
  g_assert_cmpstr (name, ==, "G000 Alpha");
  last = g_list_model_get_item (G_LIST_MODEL (model), 179);
  g_assert_cmpstr (psems_person_row_get_display_name (last), ==, "G179 Beta");
  g_assert_cmpstr (psems_person_row_get_badge_no (last), ==, "M-0179");
  g_assert_cmpint (psems_person_row_get_clearance (last), ==, PSEMS_CLEARANCE_NONE);
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (model), 180));
  /* Lazy access: every position, forwards and back, through the small cache. */
  for (guint i = 0; i < 180; i++)
    {
      g_autoptr(PsemsPersonRow) r = g_list_model_get_item (G_LIST_MODEL (model), 179 - i);
      g_assert_nonnull (psems_person_row_get_ref (r));
    }

  /* A write refreshes the list. */
  changes = 0;
  add_person_full (f, "Aaron", "Aardvark", "Ops", "M-9999");
  wait_loaded (model);
  g_assert_cmpuint (changes, >=, 1);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 181);
  {
    g_autoptr(PsemsPersonRow) top = g_list_model_get_item (G_LIST_MODEL (model), 0);
    g_assert_cmpstr (psems_person_row_get_sort_name (top), ==, "Aardvark, Aaron");
  }

  /* A query. */
  psems_person_query_init (&q);
  q.text = g_strdup ("bet");
  psems_person_model_set_query (model, &q);
  wait_loaded (model);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 80);
  g_assert_cmpstr (psems_person_model_get_query (model)->text, ==, "bet");
  psems_person_query_clear (&q);
}

/* Letters without a Unicode decomposition (Ø, Æ, ß, Ł, Đ, Þ, Œ, ı …) are
 * folded on both sides: "odeg", "Ødeg" and "ødeg" all find Ødegård, whether
 * the person was created, updated, imported or indexed by a rebuild. */
static void
test_fold (PersonFixture *f,
           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *csv = g_build_filename (f->dir, "fold.csv", NULL);
  g_autoptr(PsemsImportReport) report = NULL;
  g_autoptr(PsemsPerson) p = NULL;
  gint64 odegard;

  odegard = add_person_full (f, "Øystein", "Ødegård", "Ærø Shipping", "DK-Ø1");
  add_person_full (f, "Hannelore", "Weiß", "Straße & Söhne", NULL);
  add_person_full (f, "Þórður", "Đorđević", "Œuvre Marine", NULL);
  add_person_full (f, "Ayşe", "Yıldız", "Liman Łódź", NULL);
  add_person_full (f, "Odette", "Olsen", "Pilots", NULL);

  assert_hits (f, "odeg", 1);
  assert_hits (f, "Ødeg", 1);
  assert_hits (f, "ødeg", 1);
  assert_hits (f, "ODEGÅ", 1);
  assert_hits (f, "oyst odeg", 1);
  assert_hits (f, "od", 2);            /* Ødegård and Odette */
  assert_hits (f, "aero", 1);          /* Ærø → aero */
  assert_hits (f, "ærø", 1);
  assert_hits (f, "dk-o1", 1);         /* badges are folded too */
  assert_hits (f, "weiss", 1);
  assert_hits (f, "weiß", 1);
  assert_hits (f, "strasse", 1);
  assert_hits (f, "thord", 1);         /* Þórður */
  assert_hits (f, "dorde", 1);         /* Đorđević */
  assert_hits (f, "oeuv", 1);          /* Œuvre */
  assert_hits (f, "yildiz", 1);        /* Yıldız */
  assert_hits (f, "YILD", 1);
  assert_hits (f, "lodz", 1);          /* Łódź */
  assert_hits (f, "weis", 1);
  assert_hits (f, "wei", 1);

  /* An update re-indexes the folded text. */
  p = psems_person_get (f->store, odegard, NULL, &error);
  g_assert_no_error (error);
  g_free (p->family_name);
  p->family_name = g_strdup ("Dæhlie");
  g_clear_pointer (&p->display_name, g_free);
  g_clear_pointer (&p->sort_name, g_free);
  g_assert_true (psems_person_update (f->store, f->actor, p, &error));
  g_assert_no_error (error);
  assert_hits (f, "odeg", 0);
  assert_hits (f, "daeh", 1);

  /* The import writes the same index. */
  g_assert_true (g_file_set_contents (csv, "badge_no,given_name,family_name,employer\n"
                                            "IMP-1,Bjørn,Løkke,Færder Havn\n", -1, &error));
  report = psems_person_import_csv (f->store, f->actor, csv, PSEMS_IMPORT_INSERT, PSEMS_IMPORT_FLAGS_NONE,
                                    NULL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (report->inserted, ==, 1);
  assert_hits (f, "bjorn lokk", 1);
  assert_hits (f, "faerd", 1);

  /* A rebuild (the demo's path) reads the same folded text, and the index is whole. */
  psems_test_exec (f->store, "INSERT INTO person_fts (person_fts) VALUES ('rebuild')");
  assert_hits (f, "daeh", 1);
  assert_hits (f, "bjorn", 1);
  assert_hits (f, "thord", 1);
  psems_test_exec (f->store, "INSERT INTO person_fts (person_fts) VALUES ('integrity-check')");
}

/* The index's folding (the view person_search, in SQL) and the query's
 * (psems_person_fold_search_text(), in C) agree on every folded letter. */
static void
test_fold_agrees (PersonFixture *f,
                  gconstpointer  data)
{
  g_autofree char *letters = psems_person_dup_search_folds ();
  g_autoptr(GString) given = g_string_new (NULL);
  g_autofree char *expected = NULL;
  g_autofree char *indexed = NULL;
  g_autoptr(PsemsCachedStmt) stmt = NULL;
  gint64 id;

  g_assert_cmpuint (g_utf8_strlen (letters, -1), >=, 19);
  /* Each letter between ASCII ones, so a missing or different replacement shows. */
  for (const char *l = letters; *l != '\0'; l = g_utf8_next_char (l))
    {
      g_string_append (given, given->len > 0 ? " a" : "a");
      g_string_append_len (given, l, g_utf8_next_char (l) - l);
      g_string_append_c (given, 'b');
    }
  id = add_person_full (f, given->str, "Ødegård", "Þ", "ß-1");
  expected = psems_person_fold_search_text (given->str);
  g_assert_null (strpbrk (expected, "\xc3\xc4\xc5\xe1"));   /* nothing left outside ASCII */

  stmt = psems_store_prepare (f->store, "SELECT given_name, family_name, employer, badge_no"
                                        " FROM person_search WHERE id = ?1", NULL);
  g_assert_nonnull (stmt);
  sqlite3_bind_int64 (stmt, 1, id);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  indexed = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  g_assert_cmpstr (indexed, ==, expected);
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 1), ==, "odegård");
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 2), ==, "th");
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 3), ==, "ss-1");

  /* Text without such letters, and NULL, pass unchanged. */
  {
    g_autofree char *same = psems_person_fold_search_text ("Müller José 小明");

    g_assert_cmpstr (same, ==, "Müller José 小明");
    g_assert_null (psems_person_fold_search_text (NULL));
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, fn) g_test_add (path, PersonFixture, NULL, person_fixture_set_up, fn, person_fixture_tear_down)
  ADD ("/person-search/prefix-scripts", test_prefix_scripts);
  ADD ("/person-search/filters-sort", test_filters_sort);
  ADD ("/person-search/paging", test_paging_consistency);
  ADD ("/person-search/model", test_model);
  ADD ("/person-search/fold", test_fold);
  ADD ("/person-search/fold-agrees", test_fold_agrees);
#undef ADD
  return g_test_run ();
}
