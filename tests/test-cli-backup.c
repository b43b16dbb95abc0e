/* test-cli-backup.c — psems-cli db backup and db restore end to end; bad database files at the command line. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <pty.h>
#include <sqlite3.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

#include "psems-test-util.h"

#define PASSPHRASE "north quay gate 7 at dawn"

typedef struct
{
  char *dir;
  char *db;
  char *passphrase_file;
} Fixture;

#define RUN(out, err, ...) psems_test_run_cli (out, err, "--db", f->db, __VA_ARGS__, NULL)

static void
add_facility (Fixture    *f,
              const char *code)
{
  g_autofree char *err = NULL;
  int status = RUN (NULL, &err, "facility", "add", "--code", code, "--name", "Eastern Container Terminal",
                    "--kind", "container-terminal", "--time-zone", "Europe/Amsterdam");

  g_test_message ("%s", err);
  g_assert_cmpint (status, ==, 0);
}

static char *
list_facilities (Fixture *f)
{
  char *out = NULL;

  g_assert_cmpint (RUN (&out, NULL, "facility", "list", "--format", "csv"), ==, 0);
  return out;
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->dir = psems_test_make_dir ();
  f->db = g_build_filename (f->dir, "port.db", NULL);
  f->passphrase_file = psems_test_write_file (f->dir, "passphrase", PASSPHRASE "\n");
  g_chmod (f->passphrase_file, 0600);
  g_unsetenv ("PSEMS_BACKUP_PASSPHRASE_FILE");
  g_assert_cmpint (RUN (NULL, NULL, "db", "init"), ==, 0);
  add_facility (f, "ECT");
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_unsetenv ("PSEMS_BACKUP_PASSPHRASE_FILE");
  psems_test_remove_dir (f->dir);
  g_free (f->dir);
  g_free (f->db);
  g_free (f->passphrase_file);
}

static guint
file_mode (const char *path)
{
  GStatBuf st;

  g_assert_cmpint (g_stat (path, &st), ==, 0);
  return st.st_mode & 07777;
}

static void
assert_unchanged (const char *path,
                  GBytes     *before)
{
  g_autoptr(GBytes) now = psems_test_read_file (path);

  g_assert_true (g_bytes_equal (before, now));
}

static void
test_round_trip (Fixture       *f,
                 gconstpointer  data)
{
  gboolean encrypt = GPOINTER_TO_INT (data);
  g_autofree char *backup = g_build_filename (f->dir, "port.psems-backup", NULL);
  g_autofree char *at_backup = list_facilities (f);
  g_autofree char *modified = NULL;
  g_autofree char *restored = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *restore_out = NULL;
  const char *kept_at;
  g_autofree char *kept = NULL;
  int status;

  if (encrypt)
    {
      g_setenv ("PSEMS_BACKUP_PASSPHRASE_FILE", f->passphrase_file, TRUE);
      status = RUN (&out, &err, "db", "backup", backup, "--encrypt");
    }
  else
    status = RUN (&out, &err, "db", "backup", backup);
  g_test_message ("%s%s", out, err);
  g_assert_cmpint (status, ==, 0);
  g_assert_nonnull (strstr (out, encrypt ? "(encrypted)" : "(not encrypted)"));
  g_assert_cmpuint (file_mode (backup), ==, 0600);

  add_facility (f, "WCT");
  modified = list_facilities (f);
  g_assert_cmpstr (modified, !=, at_backup);

  status = RUN (&restore_out, NULL, "db", "restore", backup);
  g_assert_cmpint (status, ==, 0);
  restored = list_facilities (f);
  g_assert_cmpstr (restored, ==, at_backup);

  /* It says where the previous database went, and it is there, whole. */
  kept_at = strstr (restore_out, "kept as “");
  g_assert_nonnull (kept_at);
  kept = g_strndup (kept_at + strlen ("kept as “"), strcspn (kept_at + strlen ("kept as “"), "”"));
  g_assert_true (g_file_test (kept, G_FILE_TEST_IS_REGULAR));
  g_assert_cmpuint (file_mode (kept), ==, 0600);
  g_assert_cmpint (psems_test_count_path (kept, "SELECT count(*) FROM facility"), ==, 2);
  g_assert_cmpint (psems_test_count_path (f->db, "SELECT count(*) FROM facility"), ==, 1);
}

static void
test_passphrase_refusals (Fixture       *f,
                          gconstpointer  data)
{
  g_autofree char *backup = g_build_filename (f->dir, "port.psems-backup", NULL);
  g_autofree char *wrong = psems_test_write_file (f->dir, "wrong", "not the passphrase at all\n");
  g_autofree char *empty = psems_test_write_file (f->dir, "empty", "\n");
  g_autofree char *missing = g_build_filename (f->dir, "nowhere", NULL);
  g_autofree char *short_one = psems_test_write_file (f->dir, "short", "abc\n");
  g_autoptr(GBytes) before = NULL;
  g_autofree char *err = NULL;

  /* Without a terminal or a passphrase file there is no passphrase to take. */
  g_assert_cmpint (RUN (NULL, &err, "db", "backup", backup, "--encrypt"), ==, 1);
  g_assert_nonnull (strstr (err, "PSEMS_BACKUP_PASSPHRASE_FILE"));
  g_assert_false (g_file_test (backup, G_FILE_TEST_EXISTS));
  g_clear_pointer (&err, g_free);

  g_setenv ("PSEMS_BACKUP_PASSPHRASE_FILE", empty, TRUE);
  g_assert_cmpint (RUN (NULL, &err, "db", "backup", backup, "--encrypt"), ==, 1);
  g_assert_nonnull (strstr (err, "empty"));
  g_clear_pointer (&err, g_free);
  g_setenv ("PSEMS_BACKUP_PASSPHRASE_FILE", missing, TRUE);
  g_assert_cmpint (RUN (NULL, &err, "db", "backup", backup, "--encrypt"), ==, 1);
  g_assert_nonnull (strstr (err, "passphrase file"));
  g_clear_pointer (&err, g_free);
  g_setenv ("PSEMS_BACKUP_PASSPHRASE_FILE", short_one, TRUE);
  g_assert_cmpint (RUN (NULL, &err, "db", "backup", backup, "--encrypt"), ==, 1);
  g_assert_nonnull (strstr (err, "at least 8 characters"));
  g_assert_false (g_file_test (backup, G_FILE_TEST_EXISTS));
  g_clear_pointer (&err, g_free);

  g_setenv ("PSEMS_BACKUP_PASSPHRASE_FILE", f->passphrase_file, TRUE);
  g_assert_cmpint (RUN (NULL, NULL, "db", "backup", backup, "--encrypt"), ==, 0);
  add_facility (f, "WCT");
  before = psems_test_read_file (f->db);

  g_setenv ("PSEMS_BACKUP_PASSPHRASE_FILE", wrong, TRUE);
  g_assert_cmpint (RUN (NULL, &err, "db", "restore", backup), ==, 1);
  g_assert_nonnull (strstr (err, "Wrong passphrase"));
  assert_unchanged (f->db, before);
  g_clear_pointer (&err, g_free);

  g_unsetenv ("PSEMS_BACKUP_PASSPHRASE_FILE");
  g_assert_cmpint (RUN (NULL, &err, "db", "restore", backup), ==, 1);
  g_assert_nonnull (strstr (err, "PSEMS_BACKUP_PASSPHRASE_FILE"));
  assert_unchanged (f->db, before);
}

static void
test_restore_refusals (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *good = g_build_filename (f->dir, "good.psems-backup", NULL);
  g_autofree char *text = psems_test_write_file (f->dir, "notes.txt", "Quarterly drill on 12 March.\n");
  g_autofree char *cut = g_build_filename (f->dir, "cut.psems-backup", NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GBytes) before = NULL;
  g_autoptr(PsemsStore) holder = NULL;
  g_autofree char *err = NULL;
  gsize size;

  g_assert_cmpint (RUN (NULL, NULL, "db", "backup", good), ==, 0);
  before = psems_test_read_file (f->db);

  g_assert_cmpint (RUN (NULL, &err, "db", "restore", text), ==, 1);
  g_assert_nonnull (strstr (err, "not a PSeMS backup"));
  assert_unchanged (f->db, before);
  g_clear_pointer (&err, g_free);

  g_assert_true (g_file_get_contents (good, &contents, &size, NULL));
  g_assert_true (g_file_set_contents (cut, contents, (gssize) size / 2, NULL));
  g_assert_cmpint (RUN (NULL, &err, "db", "restore", cut), ==, 1);
  g_assert_nonnull (strstr (err, "truncated"));
  assert_unchanged (f->db, before);
  g_clear_pointer (&err, g_free);

  /* While the database is open elsewhere (here, in this test), nothing is replaced. */
  holder = psems_store_open (f->db, PSEMS_STORE_OPEN_DEFAULT, NULL);
  g_assert_nonnull (holder);
  g_assert_cmpint (RUN (NULL, &err, "db", "restore", good), ==, 1);
  g_assert_nonnull (strstr (err, "close it"));
  g_clear_object (&holder);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (RUN (NULL, &err, "db", "restore", good), ==, 0);
}

static void
test_usage (Fixture       *f,
            gconstpointer  data)
{
  static const PsemsTestCliCase cases[] = {
    { { "db", "backup" }, "name the backup FILE" },
    { { "db", "backup", "a.psems-backup", "b.psems-backup" }, "unexpected argument" },
    { { "db", "backup", "a.psems-backup", "--passphrase", "secret" }, "--passphrase" },
    { { "db", "restore" }, "name the backup FILE" },
    { { "db", "restore", "a", "b" }, "unexpected argument" },
  };
  const char *verbs[] = { "backup", "restore" };
  g_autofree char *out = NULL;

  psems_test_check_cli_usage_errors (f->db, cases, G_N_ELEMENTS (cases));
  g_assert_cmpint (RUN (&out, NULL, "db", "--help"), ==, 0);
  for (guint i = 0; i < G_N_ELEMENTS (verbs); i++)
    {
      g_autofree char *help = NULL;

      g_assert_nonnull (strstr (out, verbs[i]));
      g_assert_cmpint (RUN (&help, NULL, "db", verbs[i], "--help"), ==, 0);
      g_assert_nonnull (strstr (help, "Usage"));
      g_assert_nonnull (strstr (help, "FILE"));
    }
}

/* Bad database files at the command line: what is wrong, what to do, nothing written. */
static void
test_bad_files (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *noise = g_build_filename (f->dir, "noise.db", NULL);
  g_autofree char *cut = g_build_filename (f->dir, "cut.db", NULL);
  g_autofree char *contents = NULL;
  g_autofree char *random = g_malloc (16384);
  gsize size;
  struct { const char *path; const char *says; } cases[2];

  for (guint i = 0; i < 16384; i++)
    random[i] = (char) g_random_int_range (0, 256);
  g_assert_true (g_file_set_contents (noise, random, 16384, NULL));
  g_assert_true (g_file_get_contents (f->db, &contents, &size, NULL));
  g_assert_cmpuint (size, >, 8192);
  g_assert_true (g_file_set_contents (cut, contents, 8192, NULL));
  cases[0].path = noise;
  cases[0].says = "not a PSeMS database";
  cases[1].path = cut;
  cases[1].says = "cut short";

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GBytes) before = psems_test_read_file (cases[i].path);
      const char *verbs[][2] = { { "db", "stats" }, { "db", "init" }, { "facility", "list" } };

      for (guint j = 0; j < G_N_ELEMENTS (verbs); j++)
        {
          g_autofree char *err = NULL;
          int status = psems_test_run_cli (NULL, &err, "--db", cases[i].path, verbs[j][0], verbs[j][1],
                                           NULL);

          g_test_message ("%s", err);
          g_assert_cmpint (status, ==, 1);
          g_assert_nonnull (strstr (err, cases[i].says));
          g_assert_nonnull (strstr (err, "backup"));
          assert_unchanged (cases[i].path, before);
        }
    }
}

/* Reads the terminal until @expect shows (or the program ends); returns all read so far. */
static gboolean
read_until (int         fd,
            GString    *seen,
            const char *expect)
{
  char buffer[256];

  while (expect == NULL || strstr (seen->str, expect) == NULL)
    {
      ssize_t n = read (fd, buffer, sizeof buffer);

      if (n <= 0)
        return expect == NULL;
      g_string_append_len (seen, buffer, n);
    }
  return TRUE;
}

/* The prompt shows before echo goes off (and typed-ahead input is flushed
 * then): answer once the terminal no longer echoes, as a person would. */
static void
wait_for_no_echo (int fd)
{
  struct termios settings;

  for (guint i = 0; i < 2000; i++)
    {
      g_assert_cmpint (tcgetattr (fd, &settings), ==, 0);
      if (!(settings.c_lflag & ECHO))
        return;
      g_usleep (5000);
    }
  g_error ("the terminal still echoes after the passphrase prompt");
}

/* On a terminal the passphrase is asked twice, with echo off. */
static void
test_terminal_prompt (Fixture       *f,
                      gconstpointer  data)
{
  g_autofree char *backup = g_build_filename (f->dir, "tty.psems-backup", NULL);
  g_autoptr(GString) seen = g_string_new (NULL);
  const char *cli = g_getenv ("PSEMS_CLI");
  int status = 0;
  int fd;
  pid_t pid;

  pid = forkpty (&fd, NULL, NULL, NULL);
  g_assert_cmpint (pid, >=, 0);
  if (pid == 0)
    {
      execl (cli, cli, "--db", f->db, "db", "backup", backup, "--encrypt", (char *) NULL);
      _exit (127);
    }
  g_assert_true (read_until (fd, seen, "Backup passphrase: "));
  wait_for_no_echo (fd);
  g_assert_cmpint (write (fd, PASSPHRASE "\n", strlen (PASSPHRASE) + 1), >, 0);
  g_assert_true (read_until (fd, seen, "The same passphrase again: "));
  wait_for_no_echo (fd);
  g_assert_cmpint (write (fd, PASSPHRASE "\n", strlen (PASSPHRASE) + 1), >, 0);
  read_until (fd, seen, NULL);
  close (fd);
  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  g_test_message ("%s", seen->str);
  g_assert_true (WIFEXITED (status));
  g_assert_cmpint (WEXITSTATUS (status), ==, 0);
  g_assert_null (strstr (seen->str, "north quay"));
  g_assert_nonnull (strstr (seen->str, "(encrypted)"));

  /* The passphrase typed is the one the backup opens with. */
  g_setenv ("PSEMS_BACKUP_PASSPHRASE_FILE", f->passphrase_file, TRUE);
  g_assert_cmpint (RUN (NULL, NULL, "db", "restore", backup), ==, 0);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(name, func, data) g_test_add (name, Fixture, data, fixture_set_up, func, fixture_tear_down)
  ADD ("/cli-backup/round-trip", test_round_trip, GINT_TO_POINTER (FALSE));
  ADD ("/cli-backup/round-trip-encrypted", test_round_trip, GINT_TO_POINTER (TRUE));
  ADD ("/cli-backup/passphrase-refusals", test_passphrase_refusals, NULL);
  ADD ("/cli-backup/terminal-prompt", test_terminal_prompt, NULL);
  ADD ("/cli-backup/restore-refusals", test_restore_refusals, NULL);
  ADD ("/cli-backup/usage", test_usage, NULL);
  ADD ("/cli-backup/bad-files", test_bad_files, NULL);
#undef ADD

  return g_test_run ();
}
