/* test-reminder.c — the reminders on opening a database: every kind, the horizon's edges, and what a manager may see. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "psems-reminder.h"
#include "psems-test-util.h"

#define TS "'2026-01-01T00:00:00Z'"

/* As of 2026-03-15 with a 7-day horizon (to 2026-03-22, both included). Facilities A, B and D
 * live, C archived. Each row says what it should count for. */
static void
build_case (PsemsStore *store)
{
  psems_test_exec (store,
                   "INSERT INTO facility (id, ref, code, name, kind, security_level, created_at, updated_at, deleted_at) VALUES"
                   " (1, 'FAC-2026-0001', 'A', 'Alpha', 'container-terminal', 1, " TS ", " TS ", NULL),"
                   " (2, 'FAC-2026-0002', 'B', 'Bravo', 'cruise-terminal', 1, " TS ", " TS ", NULL),"
                   " (3, 'FAC-2026-0003', 'C', 'Charlie', 'airport', 1, " TS ", " TS ", " TS "),"
                   " (4, 'FAC-2026-0004', 'D', 'Delta', 'other', 1, " TS ", " TS ", NULL);"
                   "INSERT INTO vetting_level (id, code, name, rank) VALUES (1, 'L', 'Level', 1);");

  /* Schedule items due once, on next_due. */
  psems_test_exec (store,
                   "INSERT INTO schedule_item (id, ref, facility_id, kind, title, next_due, created_at, updated_at,"
                   " deleted_at) VALUES"
                   " (1, 'SCH-2026-0001', 1, 'drill', 'Gate drill', '2026-03-14', " TS ", " TS ", NULL),"        /* overdue */
                   " (2, 'SCH-2026-0002', 2, 'exercise', 'Harbour exercise', '2026-01-01', " TS ", " TS ", NULL)," /* overdue longest */
                   " (3, 'SCH-2026-0003', 1, 'audit', 'Internal audit', '2026-03-15', " TS ", " TS ", NULL),"    /* due on the day */
                   " (4, 'SCH-2026-0004', 1, 'drill', 'Fence drill', '2026-03-22', " TS ", " TS ", NULL),"       /* last day of 7 */
                   " (5, 'SCH-2026-0005', 1, 'drill', 'Quay drill', '2026-03-23', " TS ", " TS ", NULL),"        /* day 8 */
                   " (6, 'SCH-2026-0006', 2, 'drill', 'Gone drill', '2025-01-01', " TS ", " TS ", " TS ");");    /* deleted */
  psems_test_exec (store,
                   "INSERT INTO completion (id, ref, schedule_item_id, due_on, done_on, created_at) VALUES"
                   " (1, 'CMP-2026-0001', 6, '2025-01-01', '2025-01-01', " TS ");");

  psems_test_exec (store,
                   "INSERT INTO finding (id, ref, facility_id, source, severity, title, raised_on, due_on, status,"
                   " closed_on, verified_on, verified_by, created_at, updated_at, deleted_at) VALUES"
                   " (1, 'FND-2026-0001', 1, 'audit', 'major', 'Broken gate', '2026-01-01', '2026-03-01', 'open',"
                   " NULL, NULL, NULL, " TS ", " TS ", NULL),"                                  /* overdue */
                   " (2, 'FND-2026-0002', 1, 'audit', 'minor', 'Due today', '2026-02-01', '2026-03-15',"
                   " 'in-progress', NULL, NULL, NULL, " TS ", " TS ", NULL),"                   /* not yet */
                   " (3, 'FND-2026-0003', 1, 'drill', 'minor', 'Closed later', '2025-10-01', '2026-02-01', 'closed',"
                   " '2026-03-20', NULL, NULL, " TS ", " TS ", NULL),"                          /* open on the day: overdue */
                   " (4, 'FND-2026-0004', 1, 'manual', 'observation', 'Done', '2025-01-01', '2025-02-01', 'verified',"
                   " '2025-02-01', '2025-02-10', 'X', " TS ", " TS ", NULL),"
                   " (5, 'FND-2026-0005', 2, 'manual', 'minor', 'Deleted', '2026-03-01', '2026-03-02', 'open',"
                   " NULL, NULL, NULL, " TS ", " TS ", " TS "),"
                   " (6, 'FND-2026-0006', 3, 'manual', 'minor', 'Archived', '2026-03-01', '2026-03-02', 'open',"
                   " NULL, NULL, NULL, " TS ", " TS ", NULL),"
                   " (7, 'FND-2026-0007', 2, 'manual', 'minor', 'Radio check', '2026-03-01', '2026-03-14', 'open',"
                   " NULL, NULL, NULL, " TS ", " TS ", NULL);");                                /* overdue */

  /* Lessons of the exercise's completion, tracked by findings 1 and 2. */
  psems_test_exec (store,
                   "INSERT INTO lesson (id, ref, facility_id, completion_id, text, finding_id, status,"
                   " implemented_on, created_at, updated_at, deleted_at) VALUES"
                   " (1, 'LSN-2026-0001', 1, 1, 'Brief the gate staff', 1, 'open', NULL, " TS ", " TS ", NULL),"
                   " (2, 'LSN-2026-0002', 1, 1, 'Not due yet', 2, 'in-progress', NULL, " TS ", " TS ", NULL),"
                   " (3, 'LSN-2026-0003', 1, 1, 'Implemented', 1, 'implemented', '2026-03-10', " TS ", " TS ", NULL),"
                   " (4, 'LSN-2026-0004', 1, 1, 'Deleted', 1, 'open', NULL, " TS ", " TS ", " TS ");");

  psems_test_exec (store,
                   "INSERT INTO plan (ref, facility_id, version, title, status, submitted_on, approved_on, approved_by,"
                   " superseded_on, next_review_due, created_at, updated_at) VALUES"
                   " ('PLN-2026-0001', 1, 2, 'Alpha plan', 'approved', '2025-01-01', '2025-02-01', 'DA', NULL,"
                   " '2026-03-14', " TS ", " TS "),"                                            /* review overdue */
                   " ('PLN-2026-0002', 1, 1, 'Old', 'superseded', '2019-01-01', '2019-02-01', 'DA', '2025-02-01',"
                   " '2020-02-01', " TS ", " TS "),"
                   " ('PLN-2026-0003', 2, 1, 'Bravo plan', 'approved', '2025-01-01', '2025-02-01', 'DA', NULL,"
                   " '2026-03-22', " TS ", " TS "),"                                            /* due: last day */
                   " ('PLN-2026-0004', 4, 1, 'Delta plan', 'approved', '2025-01-01', '2025-02-01', 'DA', NULL,"
                   " '2026-03-23', " TS ", " TS "),"                                            /* day 8 */
                   " ('PLN-2026-0005', 3, 1, 'Charlie plan', 'approved', '2019-01-01', '2019-02-01', 'DA', NULL,"
                   " '2020-01-01', " TS ", " TS ");");                                          /* archived */

  for (int p = 1; p <= 7; p++)
    {
      g_autofree char *sql = g_strdup_printf ("INSERT INTO person (id, ref, given_name, family_name, display_name,"
                                              " sort_name, employer, created_at, updated_at, deleted_at)"
                                              " VALUES (%d, 'PER-2026-%04d', 'G', 'F%d', 'Person %d', 'F%d, G',"
                                              " 'E', " TS ", " TS ", %s)", p, p, p, p, p,
                                              p == 6 ? TS : "NULL");
      psems_test_exec (store, sql);
    }
#define VET(id, person, status, issued, expires) \
  "(" #id ", 'VET-2026-" #id "', " #person ", 1, '" status "', '2020-01-01', " issued ", " expires ", " TS ", " TS ")"
  psems_test_exec (store,
                   "INSERT INTO vetting (id, ref, person_id, level_id, status, requested_on, issued_on, expires_on,"
                   " created_at, updated_at) VALUES "
                   VET (1, 1, "cleared", "'2021-03-15'", "'2026-03-15'") ","   /* valid through the day */
                   VET (2, 2, "cleared", "'2021-03-22'", "'2026-03-22'") ","   /* last day of 7 */
                   VET (3, 3, "cleared", "'2021-03-23'", "'2026-03-23'") ","   /* day 8 */
                   VET (4, 4, "cleared", "'2021-03-14'", "'2026-03-14'") ","   /* expired the day before */
                   VET (5, 5, "cleared", "'2021-03-20'", "'2026-03-20'") ","   /* would expire … */
                   VET (6, 5, "cleared", "'2026-03-01'", "'2031-03-01'") ","   /* … but was renewed */
                   VET (7, 6, "cleared", "'2021-03-18'", "'2026-03-18'") ","   /* person deleted */
                   VET (8, 7, "suspended", "'2021-03-18'", "'2026-03-18'"));   /* suspended */
#undef VET

  psems_test_exec (store,
                   "INSERT INTO training_course (id, ref, code, name, validity_months) VALUES"
                   " (1, 'TRC-2026-0001', 'AW', 'Security awareness', 12),"
                   " (2, 'TRC-2026-0002', 'FS', 'Facility security officer', 60);"
                   "INSERT INTO training_record (person_id, course_id, completed_on, expires_on, deleted_at) VALUES"
                   " (1, 1, '2025-03-16', '2026-03-16', NULL),"   /* expiring */
                   " (2, 1, '2025-03-18', '2026-03-18', NULL),"   /* would lapse … */
                   " (2, 1, '2026-03-10', '2027-03-10', NULL),"   /* … but was renewed */
                   " (3, 1, '2025-03-23', '2026-03-23', NULL),"   /* day 8 */
                   " (3, 2, '2021-03-22', '2026-03-22', NULL),"   /* last day of 7 */
                   " (4, 1, '2025-03-10', '2026-03-10', NULL),"   /* already lapsed */
                   " (4, 2, '2021-03-17', '2026-03-17', NULL),"   /* would lapse … */
                   " (4, 2, '2021-03-17', NULL, NULL),"           /* … but one record never does */
                   " (5, 1, '2025-03-17', '2026-03-17', '2026-02-01T00:00:00Z'),"  /* record deleted */
                   " (6, 1, '2025-03-17', '2026-03-17', NULL);"); /* person deleted */
}

static PsemsReminders *
compute (PsemsStore *store,
         PsemsActor *actor,
         int         year,
         int         month,
         int         day,
         guint       horizon)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDate) as_of = g_date_new_dmy ((GDateDay) day, (GDateMonth) month, (GDateYear) year);
  PsemsReminders *reminders = psems_reminders_compute (store, actor, as_of, horizon, &error);

  g_assert_no_error (error);
  g_assert_nonnull (reminders);
  g_assert_cmpint (g_date_compare (&reminders->as_of, as_of), ==, 0);
  g_assert_cmpuint (reminders->horizon_days, ==, horizon);
  return reminders;
}

static gint64
count_of (const PsemsReminders *reminders,
          PsemsReminderKind     kind)
{
  const PsemsReminder *reminder = psems_reminders_find (reminders, kind);

  return reminder != NULL ? reminder->count : 0;
}

/* The items a reminder names, as "REF@day" joined by spaces. */
static char *
items_of (const PsemsReminders *reminders,
          PsemsReminderKind     kind)
{
  const PsemsReminder *reminder = psems_reminders_find (reminders, kind);
  g_autoptr(GString) out = g_string_new (NULL);

  g_assert_nonnull (reminder);
  for (guint i = 0; i < reminder->items->len; i++)
    {
      const PsemsReminderItem *item = g_ptr_array_index (reminder->items, i);

      g_string_append_printf (out, "%s%s@%s", i > 0 ? " " : "", item->ref, item->day);
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

#define ASSERT_ITEMS(reminders, kind, expected) \
  G_STMT_START { \
    g_autofree char *items_ = items_of ((reminders), (kind)); \
    g_assert_cmpstr (items_, ==, (expected)); \
  } G_STMT_END

static void
test_every_kind (void)
{
  g_autofree char *dir = psems_test_make_dir ();
  g_autoptr(PsemsStore) store = psems_test_new_store (dir, "reminders.db");
  g_autoptr(PsemsActor) admin = psems_actor_new (1, "admin", PSEMS_ROLE_ADMINISTRATOR);
  g_autoptr(PsemsReminders) reminders = NULL;
  const PsemsReminder *reminder;
  const PsemsReminderItem *item;

  build_case (store);
  reminders = compute (store, admin, 2026, 3, 15, 7);

  g_assert_cmpuint (reminders->reminders->len, ==, PSEMS_N_REMINDER_KINDS);
  for (guint i = 0; i < reminders->reminders->len; i++)
    {
      reminder = g_ptr_array_index (reminders->reminders, i);
      /* In kind order: the overdue first. */
      g_assert_cmpint (reminder->kind, ==, i);
      g_assert_cmpint (reminder->overdue, ==, i <= PSEMS_REMINDER_PLAN_REVIEW_OVERDUE);
      g_assert_false (reminder->counts_only);
      g_assert_cmpuint (reminder->items->len, <=, PSEMS_REMINDER_MAX_ITEMS);
    }

  ASSERT_ITEMS (reminders, PSEMS_REMINDER_SCHEDULE_OVERDUE,
                "SCH-2026-0002@2026-01-01 SCH-2026-0001@2026-03-14");
  ASSERT_ITEMS (reminders, PSEMS_REMINDER_ACTION_OVERDUE,
                "FND-2026-0003@2026-02-01 FND-2026-0001@2026-03-01 FND-2026-0007@2026-03-14");
  ASSERT_ITEMS (reminders, PSEMS_REMINDER_LESSON_OVERDUE, "LSN-2026-0001@2026-03-01");
  ASSERT_ITEMS (reminders, PSEMS_REMINDER_PLAN_REVIEW_OVERDUE, "PLN-2026-0001@2026-03-14");
  ASSERT_ITEMS (reminders, PSEMS_REMINDER_SCHEDULE_DUE,
                "SCH-2026-0003@2026-03-15 SCH-2026-0004@2026-03-22");
  ASSERT_ITEMS (reminders, PSEMS_REMINDER_VETTING_EXPIRING,
                "PER-2026-0001@2026-03-15 PER-2026-0002@2026-03-22");
  ASSERT_ITEMS (reminders, PSEMS_REMINDER_TRAINING_EXPIRING,
                "PER-2026-0001@2026-03-16 PER-2026-0003@2026-03-22");
  ASSERT_ITEMS (reminders, PSEMS_REMINDER_PLAN_REVIEW_DUE, "PLN-2026-0003@2026-03-22");
  g_assert_cmpint (psems_reminders_count_overdue (reminders), ==, 2 + 3 + 1 + 1);

  /* What each item names, and where the window shows it. */
  reminder = psems_reminders_find (reminders, PSEMS_REMINDER_SCHEDULE_OVERDUE);
  g_assert_cmpstr (reminder->section, ==, "schedule");
  g_assert_cmpstr (reminder->entity, ==, "schedule");
  item = g_ptr_array_index (reminder->items, 0);
  g_assert_cmpstr (item->title, ==, "Harbour exercise");
  g_assert_cmpstr (item->facility_code, ==, "B");
  g_assert_cmpint (item->id, ==, 2);
  reminder = psems_reminders_find (reminders, PSEMS_REMINDER_ACTION_OVERDUE);
  g_assert_cmpstr (reminder->section, ==, "findings");
  item = g_ptr_array_index (reminder->items, 1);
  g_assert_cmpstr (item->title, ==, "Broken gate");
  g_assert_cmpstr (item->facility_code, ==, "A");
  /* A drill's lesson is shown with the drill. */
  reminder = psems_reminders_find (reminders, PSEMS_REMINDER_LESSON_OVERDUE);
  item = g_ptr_array_index (reminder->items, 0);
  g_assert_cmpstr (item->title, ==, "Brief the gate staff");
  g_assert_cmpstr (item->section, ==, "schedule");
  g_assert_cmpstr (reminder->section, ==, "schedule");
  reminder = psems_reminders_find (reminders, PSEMS_REMINDER_TRAINING_EXPIRING);
  g_assert_cmpstr (reminder->section, ==, "personnel");
  item = g_ptr_array_index (reminder->items, 1);
  g_assert_cmpstr (item->title, ==, "Person 3");
  g_assert_cmpstr (item->detail, ==, "Facility security officer");
  g_assert_null (item->facility_code);
  reminder = psems_reminders_find (reminders, PSEMS_REMINDER_PLAN_REVIEW_DUE);
  g_assert_cmpstr (reminder->section, ==, "plans");
  item = g_ptr_array_index (reminder->items, 0);
  g_assert_cmpstr (item->title, ==, "Bravo plan");

  /* The lines the window shows. */
  {
    g_autofree char *vetting = psems_reminder_describe (
      psems_reminders_find (reminders, PSEMS_REMINDER_VETTING_EXPIRING), 7);
    g_autofree char *actions = psems_reminder_describe (
      psems_reminders_find (reminders, PSEMS_REMINDER_ACTION_OVERDUE), 7);
    g_autofree char *plans = psems_reminder_describe (
      psems_reminders_find (reminders, PSEMS_REMINDER_PLAN_REVIEW_DUE), 1);

    g_assert_cmpstr (vetting, ==, "2 security clearances expire within 7 days");
    g_assert_cmpstr (actions, ==, "3 corrective actions are overdue");
    g_assert_cmpstr (plans, ==, "1 security plan review falls due within 1 day");
  }
  g_assert_cmpstr (psems_reminder_kind_to_string (PSEMS_REMINDER_TRAINING_EXPIRING), ==,
                   "training-expiring");

  g_clear_object (&store);
  psems_test_remove_dir (dir);
}

/* The horizon's last day is in, the day after it is out; a day later, what was due today is
 * overdue. */
static void
test_horizon (void)
{
  g_autofree char *dir = psems_test_make_dir ();
  g_autoptr(PsemsStore) store = psems_test_new_store (dir, "horizon.db");
  g_autoptr(PsemsActor) admin = psems_actor_new (1, "admin", PSEMS_ROLE_ADMINISTRATOR);
  g_autoptr(PsemsReminders) six = NULL;
  g_autoptr(PsemsReminders) eight = NULL;
  g_autoptr(PsemsReminders) today = NULL;
  g_autoptr(PsemsReminders) next_day = NULL;

  build_case (store);

  six = compute (store, admin, 2026, 3, 15, 6);
  ASSERT_ITEMS (six, PSEMS_REMINDER_SCHEDULE_DUE, "SCH-2026-0003@2026-03-15");
  ASSERT_ITEMS (six, PSEMS_REMINDER_VETTING_EXPIRING, "PER-2026-0001@2026-03-15");
  ASSERT_ITEMS (six, PSEMS_REMINDER_TRAINING_EXPIRING, "PER-2026-0001@2026-03-16");
  g_assert_null (psems_reminders_find (six, PSEMS_REMINDER_PLAN_REVIEW_DUE));
  /* The overdue do not depend on the horizon. */
  g_assert_cmpint (psems_reminders_count_overdue (six), ==, 7);

  eight = compute (store, admin, 2026, 3, 15, 8);
  g_assert_cmpint (count_of (eight, PSEMS_REMINDER_SCHEDULE_DUE), ==, 3);
  g_assert_cmpint (count_of (eight, PSEMS_REMINDER_VETTING_EXPIRING), ==, 3);
  g_assert_cmpint (count_of (eight, PSEMS_REMINDER_TRAINING_EXPIRING), ==, 3);
  g_assert_cmpint (count_of (eight, PSEMS_REMINDER_PLAN_REVIEW_DUE), ==, 2);

  /* Horizon 0: only what falls on the day itself. */
  today = compute (store, admin, 2026, 3, 15, 0);
  ASSERT_ITEMS (today, PSEMS_REMINDER_SCHEDULE_DUE, "SCH-2026-0003@2026-03-15");
  ASSERT_ITEMS (today, PSEMS_REMINDER_VETTING_EXPIRING, "PER-2026-0001@2026-03-15");
  g_assert_null (psems_reminders_find (today, PSEMS_REMINDER_TRAINING_EXPIRING));

  next_day = compute (store, admin, 2026, 3, 16, 7);
  ASSERT_ITEMS (next_day, PSEMS_REMINDER_SCHEDULE_OVERDUE,
                "SCH-2026-0002@2026-01-01 SCH-2026-0001@2026-03-14 SCH-2026-0003@2026-03-15");
  g_assert_cmpint (count_of (next_day, PSEMS_REMINDER_ACTION_OVERDUE), ==, 4);  /* FND-2 now */
  g_assert_cmpint (count_of (next_day, PSEMS_REMINDER_LESSON_OVERDUE), ==, 2);  /* LSN-2 now */
  g_assert_cmpint (count_of (next_day, PSEMS_REMINDER_VETTING_EXPIRING), ==, 2); /* 2 and 3 */
  ASSERT_ITEMS (next_day, PSEMS_REMINDER_VETTING_EXPIRING,
                "PER-2026-0002@2026-03-22 PER-2026-0003@2026-03-23");

  g_clear_object (&store);
  psems_test_remove_dir (dir);
}

/* More records than a reminder names: all counted, the most urgent named. */
static void
test_many (void)
{
  g_autofree char *dir = psems_test_make_dir ();
  g_autoptr(PsemsStore) store = psems_test_new_store (dir, "many.db");
  g_autoptr(PsemsActor) admin = psems_actor_new (1, "admin", PSEMS_ROLE_ADMINISTRATOR);
  g_autoptr(PsemsReminders) reminders = NULL;
  g_autoptr(PsemsReminders) quiet = NULL;

  build_case (store);
  psems_test_exec (store,
                   "INSERT INTO finding (ref, facility_id, source, severity, title, raised_on, due_on, status,"
                   " created_at, updated_at) VALUES"
                   " ('FND-2026-0010', 2, 'manual', 'minor', 'x', '2025-01-01', '2025-01-10', 'open', " TS ", " TS "),"
                   " ('FND-2026-0011', 2, 'manual', 'minor', 'y', '2025-01-01', '2025-01-11', 'open', " TS ", " TS ");");
  reminders = compute (store, admin, 2026, 3, 15, 7);
  g_assert_cmpint (count_of (reminders, PSEMS_REMINDER_ACTION_OVERDUE), ==, 5);
  ASSERT_ITEMS (reminders, PSEMS_REMINDER_ACTION_OVERDUE,
                "FND-2026-0010@2025-01-10 FND-2026-0011@2025-01-11 FND-2026-0003@2026-02-01");

  /* Long before anything fell due, there is nothing to say. */
  quiet = compute (store, admin, 2020, 1, 1, 7);
  g_assert_cmpuint (quiet->reminders->len, ==, 0);
  g_assert_cmpint (psems_reminders_count_overdue (quiet), ==, 0);

  g_clear_object (&store);
  psems_test_remove_dir (dir);
}

/* A manager may not see individual vetting details: clearances are counted, nobody named.
 * Every other kind, and every other role, names its records. */
static void
test_rights (void)
{
  g_autofree char *dir = psems_test_make_dir ();
  g_autoptr(PsemsStore) store = psems_test_new_store (dir, "rights.db");
  g_autoptr(PsemsActor) manager = psems_actor_new (2, "manager", PSEMS_ROLE_MANAGER);
  g_autoptr(PsemsActor) auditor = psems_actor_new (3, "auditor", PSEMS_ROLE_AUDITOR);
  g_autoptr(PsemsActor) officer = psems_actor_new (4, "pfso", PSEMS_ROLE_SECURITY_OFFICER);
  g_autoptr(PsemsActor) login = psems_actor_new_for_login ();
  PsemsActor *others[] = { auditor, officer, login };
  g_autoptr(PsemsReminders) reminders = NULL;
  const PsemsReminder *vetting;

  build_case (store);
  reminders = compute (store, manager, 2026, 3, 15, 7);
  vetting = psems_reminders_find (reminders, PSEMS_REMINDER_VETTING_EXPIRING);
  g_assert_nonnull (vetting);
  g_assert_true (vetting->counts_only);
  g_assert_cmpint (vetting->count, ==, 2);
  g_assert_cmpuint (vetting->items->len, ==, 0);
  g_assert_false (psems_actor_check (manager, PSEMS_OP_READ, vetting->entity, 0, NULL));
  for (guint i = 0; i < reminders->reminders->len; i++)
    {
      const PsemsReminder *reminder = g_ptr_array_index (reminders->reminders, i);

      if (reminder != vetting)
        {
          g_assert_false (reminder->counts_only);
          g_assert_cmpuint (reminder->items->len, >, 0);
        }
    }
  /* Trainings are not vetting details: the manager sees who. */
  ASSERT_ITEMS (reminders, PSEMS_REMINDER_TRAINING_EXPIRING,
                "PER-2026-0001@2026-03-16 PER-2026-0003@2026-03-22");
  g_clear_pointer (&reminders, psems_reminders_free);

  for (guint i = 0; i < G_N_ELEMENTS (others); i++)
    {
      reminders = compute (store, others[i], 2026, 3, 15, 7);
      vetting = psems_reminders_find (reminders, PSEMS_REMINDER_VETTING_EXPIRING);
      g_assert_false (vetting->counts_only);
      ASSERT_ITEMS (reminders, PSEMS_REMINDER_VETTING_EXPIRING,
                    "PER-2026-0001@2026-03-15 PER-2026-0002@2026-03-22");
      g_clear_pointer (&reminders, psems_reminders_free);
    }

  g_clear_object (&store);
  psems_test_remove_dir (dir);
}

/* On the demo: the reminders agree with the dashboard and with the schedule's own list. */
static void
test_demo (void)
{
  g_autofree char *dir = psems_test_make_dir ();
  g_autoptr(PsemsStore) store = psems_test_new_store (dir, "demo.db");
  g_autoptr(PsemsActor) admin = psems_actor_new (0, "tester", PSEMS_ROLE_ADMINISTRATOR);
  g_autoptr(PsemsReminders) reminders = NULL;
  g_autoptr(PsemsDashboard) dashboard = NULL;
  g_autoptr(GPtrArray) overdue = NULL;
  g_autoptr(GError) error = NULL;
  PsemsScheduleFilter filter = { 0 };
  PsemsDemoOptions options;
  char day[16];

  psems_demo_options_init (&options);
  options.persons = 300;
  g_date_set_dmy (&options.as_of, 15, 3, 2026);
  g_assert_true (psems_demo_generate (store, admin, &options, &error));
  g_assert_no_error (error);

  reminders = compute (store, admin, 2026, 3, 15, 30);
  dashboard = psems_dashboard_compute (store, 0, &options.as_of, &error);
  g_assert_no_error (error);
  g_assert_cmpint (count_of (reminders, PSEMS_REMINDER_ACTION_OVERDUE), ==, dashboard->actions_overdue);
  g_assert_cmpint (count_of (reminders, PSEMS_REMINDER_VETTING_EXPIRING), ==,
                   dashboard->vetting_expiring_30d);
  g_assert_cmpint (count_of (reminders, PSEMS_REMINDER_PLAN_REVIEW_OVERDUE), ==,
                   dashboard->plans_review_overdue);
  /* The demo is meant to have something overdue and something expiring. */
  g_assert_cmpint (count_of (reminders, PSEMS_REMINDER_SCHEDULE_OVERDUE), >, 0);
  g_assert_cmpint (count_of (reminders, PSEMS_REMINDER_VETTING_EXPIRING), >, 0);

  g_date_strftime (day, sizeof day, "%Y-%m-%d", &options.as_of);
  filter.as_of = day;
  filter.overdue = TRUE;
  overdue = psems_schedule_list (store, &filter, &error);
  g_assert_no_error (error);
  g_assert_cmpint (count_of (reminders, PSEMS_REMINDER_SCHEDULE_OVERDUE), ==, overdue->len);

  g_clear_object (&store);
  psems_test_remove_dir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/reminder/every-kind", test_every_kind);
  g_test_add_func ("/reminder/horizon", test_horizon);
  g_test_add_func ("/reminder/many", test_many);
  g_test_add_func ("/reminder/rights", test_rights);
  g_test_add_func ("/reminder/demo", test_demo);
  return g_test_run ();
}
