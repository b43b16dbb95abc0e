/* psems-demo.c — demo data: the fictional port authority of Nordhaven, generated from a seed and a day. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "psems-bank.h"
#include "psems-demo.h"
#include "psems-entity.h"
#include "psems-error.h"
#include "psems-plan-template.h"
#include "psems-ref.h"
#include "psems-regime.h"
#include "psems-schedule-private.h"
#include "psems-store-private.h"
#include "psems-transaction.h"

/* Everything here is fiction: the port, its companies, ships and people. The
 * UN/LOCODE country part XZ is an ISO 3166 user-assigned code, so the codes
 * are valid in form and belong to no real place; telephone numbers use the
 * unassigned +999.
 *
 * Determinism: every random choice comes from a GRand seeded with (seed,
 * section), so the same (seed, as_of) gives the same rows, and the number of
 * persons does not change the rest of the port. Timestamps are derived from
 * as_of too; only the audit trail carries the real time. */

enum { FAC_CT, FAC_CRU, FAC_ACA, N_FACILITIES };
enum { N_LAYERS = 4, N_CONTROLS = 20, N_ELEMENTS = 15, N_LEVELS = 3 };
enum { LEVEL_BASIC, LEVEL_STANDARD, LEVEL_ENHANCED };
enum { COURSE_AWARE, COURSE_DUTIES, COURSE_PFSO, COURSE_CYBER, COURSE_DG, COURSE_GUARD, N_COURSES };
enum {
  R_PERSONS = 1, R_FACILITIES, R_CONTROLS, R_SCHEDULE, R_RECORDS,
};
#define MAX_AREAS 5

typedef struct
{
  gint64 id;
  int facility;
  const char *kind;
  guint32 done_on;
} CompletionInfo;

typedef struct
{
  PsemsStore *store;
  PsemsTransaction *txn;
  sqlite3 *db;
  GHashTable *stmts;         /* static SQL text (by address) → the store's cached statement */
  GError *error;             /* the first failure; every later step does nothing */
  guint32 seed;
  guint32 today;             /* as_of as a Julian day */
  guint persons;

  gint64 level[N_LEVELS];
  int level_months[N_LEVELS];
  gint64 course[N_COURSES];
  gint64 facility[N_FACILITIES];
  gint64 area[N_FACILITIES][MAX_AREAS];
  guint n_areas[N_FACILITIES];
  gint64 layer[N_FACILITIES][N_LAYERS];
  gint64 control[N_FACILITIES][N_CONTROLS];
  gint64 pfsa[N_FACILITIES];
  gint64 element[N_FACILITIES][N_ELEMENTS];   /* of the approved plan */
  gint64 plan_approved[N_FACILITIES];
  gint64 pfso[N_FACILITIES];                  /* person ids, 0 when there are too few persons */
  char *pfso_name[N_FACILITIES];
  PsemsPlanTemplate *template;                /* the plan elements, in order */
  int measures[N_ELEMENTS];                   /* template element → its row of plan_measures */
  GHashTable *regulations;                    /* code → id (as gint64 *) */
  GArray *completions;                        /* CompletionInfo */
} Demo;

/* ───────────────────────────── small helpers ───────────────────────────── */

typedef struct { char s[12]; } DayText;
typedef struct { char s[24]; } StampText;

/* Formatting by hand: a million rows need several million of these. */
static void
put_digits (char *out,
            int   value,
            int   n)
{
  for (int i = n - 1; i >= 0; i--, value /= 10)
    out[i] = (char) ('0' + value % 10);
}

static void
put_day (char    *out,
         guint32  julian)
{
  GDate d;

  g_date_clear (&d, 1);
  g_date_set_julian (&d, julian);
  put_digits (out, g_date_get_year (&d), 4);
  out[4] = '-';
  put_digits (out + 5, g_date_get_month (&d), 2);
  out[7] = '-';
  put_digits (out + 8, g_date_get_day (&d), 2);
  out[10] = '\0';
}

static DayText
day_text (guint32 julian)
{
  DayText t;

  put_day (t.s, julian);
  return t;
}

/* A UTC timestamp on @julian, @seconds after midnight (may run into the next days). */
static StampText
stamp_text (guint32 julian,
            int     seconds)
{
  StampText t;

  julian += seconds / 86400;
  seconds %= 86400;
  put_day (t.s, julian);
  t.s[10] = 'T';
  put_digits (t.s + 11, seconds / 3600, 2);
  t.s[13] = ':';
  put_digits (t.s + 14, seconds / 60 % 60, 2);
  t.s[16] = ':';
  put_digits (t.s + 17, seconds % 60, 2);
  t.s[19] = 'Z';
  t.s[20] = '\0';
  return t;
}

static guint32
add_months (guint32 julian,
            int     months)
{
  GDate d;

  g_date_clear (&d, 1);
  g_date_set_julian (&d, julian);
  if (months >= 0)
    g_date_add_months (&d, months);
  else
    g_date_subtract_months (&d, -months);
  return g_date_get_julian (&d);
}

static int
year_of (guint32 julian)
{
  GDate d;

  g_date_clear (&d, 1);
  g_date_set_julian (&d, julian);
  return g_date_get_year (&d);
}

static int
rand_range (GRand *rand,
            int    lo,
            int    hi)
{
  return g_rand_int_range (rand, lo, hi + 1);
}

static gboolean
chance (GRand  *rand,
        double  p)
{
  return g_rand_double (rand) < p;
}

static guint
pick_weighted (GRand       *rand,
               const guint *weights,
               guint        n)
{
  guint total = 0, r;

  for (guint i = 0; i < n; i++)
    total += weights[i];
  r = g_rand_int_range (rand, 0, total);
  for (guint i = 0; i < n; i++)
    {
      if (r < weights[i])
        return i;
      r -= weights[i];
    }
  return n - 1;
}

#define PICK(rand, array) ((array)[g_rand_int_range ((rand), 0, G_N_ELEMENTS (array))])

static GRand *
rand_for (Demo    *d,
          guint32  section)
{
  guint32 seeds[2] = { d->seed, section };

  return g_rand_new_with_seed_array (seeds, G_N_ELEMENTS (seeds));
}

static void
set_sql_error (Demo       *d,
               const char *sql)
{
  const char *into = strstr (sql, "INTO ");
  const char *name = into != NULL ? into + 5 : (g_str_has_prefix (sql, "UPDATE ") ? sql + 7 : sql);
  g_autofree char *table = g_strndup (name, strcspn (name, " ("));
  g_autofree char *what = g_strdup_printf (_("demo data: %s"), table);

  psems_store_set_sqlite_error (d->store, &d->error, what);
}

/**
 * demo_exec:
 * @types: one letter for each parameter: `s` text (%NULL binds NULL), `d`
 *   int, `z` int with 0 as NULL, `l` gint64, `L` gint64 with 0 as NULL,
 *   `b` blob (pointer, int length)
 *
 * Runs a cached INSERT or UPDATE. Returns the new row's id, 0 after a failure
 * (kept in d->error; every later call then does nothing).
 */
static gint64
demo_exec (Demo       *d,
           const char *sql,
           const char *types,
           ...)
{
  sqlite3_stmt *stmt;
  gint64 id = 0;
  va_list args;
  int i = 1;

  if (d->error != NULL)
    return 0;

  stmt = g_hash_table_lookup (d->stmts, sql);
  if (stmt == NULL)
    {
      stmt = psems_store_prepare (d->store, sql, &d->error);
      if (stmt == NULL)
        return 0;
      g_hash_table_insert (d->stmts, (gpointer) sql, stmt);
    }

  va_start (args, types);
  for (const char *t = types; *t != '\0'; t++, i++)
    {
      switch (*t)
        {
        case 's':
          {
            const char *v = va_arg (args, const char *);
            if (v != NULL)
              sqlite3_bind_text (stmt, i, v, -1, SQLITE_STATIC);
          }
          break;
        case 'd':
          sqlite3_bind_int (stmt, i, va_arg (args, int));
          break;
        case 'z':
          {
            int v = va_arg (args, int);
            if (v != 0)
              sqlite3_bind_int (stmt, i, v);
          }
          break;
        case 'l':
          sqlite3_bind_int64 (stmt, i, va_arg (args, gint64));
          break;
        case 'L':
          {
            gint64 v = va_arg (args, gint64);
            if (v != 0)
              sqlite3_bind_int64 (stmt, i, v);
          }
          break;
        case 'b':
          {
            const void *p = va_arg (args, const void *);
            int n = va_arg (args, int);
            sqlite3_bind_blob (stmt, i, p, n, SQLITE_STATIC);
          }
          break;
        default:
          g_assert_not_reached ();
        }
    }
  va_end (args);

  if (sqlite3_step (stmt) == SQLITE_DONE)
    id = sqlite3_last_insert_rowid (d->db);
  else
    set_sql_error (d, sql);
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
  return id;
}

/* The next readable reference, numbered in the year of @day. */
static char *
demo_ref (Demo       *d,
          const char *prefix,
          guint32     day)
{
  if (d->error != NULL)
    return NULL;
  return psems_ref_allocate (d->txn, prefix, year_of (day), &d->error);
}

static gint64
regulation_id (Demo       *d,
               const char *code)
{
  gint64 *id = g_hash_table_lookup (d->regulations, code);

  g_assert (id != NULL);   /* the tables below only cite codes listed in regulations[] */
  return *id;
}

static const PsemsTemplateElement *
template_element (Demo *d,
                  int   e)
{
  g_assert (e >= 0 && e < (int) d->template->elements->len);
  return g_ptr_array_index (d->template->elements, e);
}

/* IMO ship identification numbers end in a check digit: the first six
 * digits weighted 7 … 2, summed, modulo 10. */
static char *
ship_imo_number (guint six_digits)
{
  char digits[8];
  int sum = 0;

  g_snprintf (digits, sizeof digits, "%06u", six_digits % 1000000);
  for (int i = 0; i < 6; i++)
    sum += (digits[i] - '0') * (7 - i);
  digits[6] = (char) ('0' + sum % 10);
  digits[7] = '\0';
  return g_strdup (digits);
}

static gint64
add_evidence (Demo       *d,
              const char *file_name,
              const char *media_type,
              const char *content,
              const char *description,
              guint32     added_on)
{
  g_autofree char *sha = g_compute_checksum_for_string (G_CHECKSUM_SHA256, content, -1);
  g_autofree char *ref = demo_ref (d, "EVD", added_on);
  int size = (int) strlen (content);

  return demo_exec (d,
                    "INSERT INTO evidence (ref, file_name, media_type, size, sha256, content, description,"
                    " added_on, added_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                    "sssdsbsss", ref, file_name, media_type, size, sha, content, size, description,
                    day_text (added_on).s, "PFSO");
}

/* ───────────────────────────── reference data ───────────────────────────── */

static const struct
{
  const char *code, *name;
  int rank, validity_months;
  const char *description;
} vetting_levels[N_LEVELS] = {
  { "BASIC", "Basic identity check", 1, 60,
    "Identity, right to work and a criminal-record extract; for general port areas" },
  { "STANDARD", "Standard background check", 2, 60,
    "Basic check plus five years of employment history and references; for restricted areas" },
  { "ENHANCED", "Enhanced security vetting", 3, 36,
    "Standard check plus an interview and financial checks; for control rooms and security staff" },
};

static const struct
{
  const char *code, *name, *regulation;
  int validity_months;
} courses[N_COURSES] = {
  { "AWARE",  "Security awareness for all port facility personnel", "ISPS B/18.3", 36 },
  { "DUTIES", "Personnel with designated security duties", "ISPS B/18.2", 24 },
  { "PFSO",   "Port facility security officer (IMO model course 3.21)", "ISPS A/18.1", 60 },
  { "CYBER",  "Cyber hygiene and phishing awareness", "NIS2 Art. 21(2)(g)", 12 },
  { "DG",     "Dangerous goods awareness", "IMDG Code 1.3", 24 },
  { "GUARD",  "Security guard refresher", "33 CFR 105.210", 12 },
};

static const struct
{
  const char *code, *regime, *title;
} regulations[] = {
  { "ISPS A/5",        "isps", "Declaration of Security" },
  { "ISPS A/15",       "isps", "Port facility security assessment" },
  { "ISPS A/16.3.1",   "isps", "Weapons and dangerous substances" },
  { "ISPS A/16.3.2",   "isps", "Unauthorized access" },
  { "ISPS A/16.3.3",   "isps", "Responding to threats and breaches" },
  { "ISPS A/16.3.4",   "isps", "Security instructions at level 3" },
  { "ISPS A/16.3.5",   "isps", "Evacuation" },
  { "ISPS A/16.3.6",   "isps", "Duties of personnel" },
  { "ISPS A/16.3.7",   "isps", "Interfacing with ship security activities" },
  { "ISPS A/16.3.8",   "isps", "Periodic review of the plan" },
  { "ISPS A/16.3.9",   "isps", "Reporting security incidents" },
  { "ISPS A/16.3.10",  "isps", "PFSO and 24-hour contact" },
  { "ISPS A/16.3.11",  "isps", "Security of plan information" },
  { "ISPS A/16.3.12",  "isps", "Security of cargo and cargo-handling equipment" },
  { "ISPS A/16.3.13",  "isps", "Auditing the plan" },
  { "ISPS A/16.3.14",  "isps", "Ship security alert response" },
  { "ISPS A/16.3.15",  "isps", "Shore leave, crew changes and visitors" },
  { "ISPS A/18.1",     "isps", "Training of the PFSO and personnel" },
  { "ISPS B/18.5",     "isps", "Drills at least every three months" },
  { "ISPS B/18.6",     "isps", "Exercises at least once each calendar year" },
  { "33 CFR 105.225",  "33cfr", "Facility recordkeeping" },
  { "33 CFR 105.230",  "33cfr", "MARSEC level coordination" },
  { "33 CFR 105.255",  "33cfr", "Security measures for access control" },
  { "33 CFR 105.275",  "33cfr", "Security measures for monitoring" },
  { "33 CFR 101 subpart F", "33cfr", "Cybersecurity" },
  { "MSC-FAL.1/Circ.3 Identify", "imo-cyber", "Cyber risk management: identify" },
  { "MSC-FAL.1/Circ.3 Protect",  "imo-cyber", "Cyber risk management: protect" },
  { "MSC-FAL.1/Circ.3 Detect",   "imo-cyber", "Cyber risk management: detect" },
  { "MSC-FAL.1/Circ.3 Respond",  "imo-cyber", "Cyber risk management: respond" },
  { "MSC-FAL.1/Circ.3 Recover",  "imo-cyber", "Cyber risk management: recover" },
  { "NIS2 Art. 21(2)(a)", "nis2", "Risk analysis and information-system security policies" },
  { "NIS2 Art. 21(2)(b)", "nis2", "Incident handling" },
  { "NIS2 Art. 21(2)(c)", "nis2", "Business continuity and crisis management" },
  { "NIS2 Art. 21(2)(g)", "nis2", "Cyber hygiene and training" },
  { "NIS2 Art. 21(2)(h)", "nis2", "Cryptography and encryption" },
  { "NIS2 Art. 21(2)(i)", "nis2", "Human-resources security, access control and asset management" },
  { "NIS2 Art. 21(2)(j)", "nis2", "Multi-factor authentication and secured communications" },
};

/* The measures a plan of this kind sets at security levels 1, 2 and 3, for
 * each element of the plan template (data/plan-templates/isps-a16.3.json),
 * which holds the elements' references and titles. */
#define DEMO_TEMPLATE "isps-a16.3"

static const struct
{
  const char *key, *level1, *level2, *level3;
} plan_measures[N_ELEMENTS] = {
  { "weapons-dangerous-substances",
    "X-ray screening of 5 % of hand luggage and stores; random vehicle searches at the gates.",
    "Screening of 25 % of luggage and stores; every vehicle searched before the restricted areas.",
    "All luggage, stores and vehicles screened; deliveries only by prior arrangement with the PFSO." },
  { "unauthorized-access",
    "Badge check at every access point; visitors escorted; perimeter patrol every 4 hours.",
    "Access points reduced to the main gates; patrols every 2 hours; waterside patrol by boat.",
    "Access limited to responders and authorised staff; continuous patrol of perimeter and quay." },
  { "threat-response",
    "Control room raises the alarm, isolates the area and calls the response team within 5 minutes.",
    "Response team on standby at the facility; non-essential operations suspended on alarm.",
    "Operations limited to those the authorities require; response team deployed at the quay." },
  { "level3-instructions",
    "Contact list of the designated authority kept current and tested quarterly.",
    "Liaison officer named for each shift; instructions logged on receipt.",
    "PFSO or deputy on site around the clock; instructions carried out and confirmed in writing." },
  { "evacuation",
    "Evacuation routes signed in four languages; assembly points checked monthly.",
    "Evacuation marshals named for every shift; headcount lists printed daily.",
    "Evacuation of non-essential staff ordered; headcount within 15 minutes." },
  { "personnel-duties",
    "Duty roster lists security roles; all staff trained in security awareness.",
    "Additional guards at gates and quay; supervisors brief every shift.",
    "All security staff on duty; leave suspended for security roles." },
  { "ship-interface",
    "Ship security level confirmed before arrival; Declaration of Security on request.",
    "Declaration of Security completed with every ship at a different level or of concern.",
    "Declaration of Security with every ship; joint patrol of the ship/port interface." },
  { "plan-review",
    "Plan reviewed every year and after every incident or change of operations.",
    "Review of the measures in force after each change to level 2.",
    "Debrief and review within 30 days of a return to level 1." },
  { "incident-reporting",
    "Incidents reported to the control room at once and to the authority within 24 hours.",
    "Incidents reported to the authority at once by the PFSO.",
    "Continuous reporting line with the authority's operations centre." },
  { "pfso-contact",
    "PFSO and deputy named in the plan; 24-hour number staffed by the control room.",
    "PFSO or deputy reachable within 15 minutes.",
    "PFSO or deputy present at the facility." },
  { "plan-information",
    "Plan marked and kept on a need-to-know basis; copies numbered and registered.",
    "Access to plan copies logged.",
    "Copies held only by the PFSO and the authority." },
  { "cargo-security",
    "Seals checked at the gate; cranes and straddle carriers locked out of hours.",
    "Seal checks on every container; cargo documentation checked before release.",
    "Cargo operations only as the authorities allow; equipment guarded." },
  { "plan-audit",
    "Internal audit every year by auditors independent of the activity audited.",
    "Spot checks of the additional measures during the period.",
    "Audit of the response within 60 days of a return to level 1." },
  { "ssas-response",
    "Alert passed to the authority; ship approached only on the authority's instruction.",
    "As level 1; berth isolated and access to the ship suspended.",
    "As level 2; response team at the berth under the authority's command." },
  { "shore-leave-visitors",
    "Crew pass the terminal with their seafarer identity document; welfare visitors registered.",
    "Crew and visitors escorted between ship and gate.",
    "Shore leave and visits only with the authority's agreement." },
};

static const struct
{
  const char *code, *name, *kind, *un_locode, *imo_number, *contact, *address, *time_zone;
  int created_days_ago;
} facilities[N_FACILITIES] = {
  { "NHV-CT", "Nordhaven Container Terminal", "container-terminal", "XZNHV", "XZNHV-0001",
    "+999 10 555 0101 (security control room, 24 h)", "Containerweg 1, 9999 Nordhaven", "Europe/Amsterdam", 1100 },
  { "NHV-CRU", "Nordhaven Cruise Terminal Søndre Kai", "cruise-terminal", "XZNHV", "XZNHV-0002",
    "+999 10 555 0202 (terminal security desk, 24 h)", "Søndre Kai 4, 9999 Nordhaven", "Europe/Amsterdam", 1100 },
  { "NHV-ACA", "Nordhaven Airport Cargo Area", "airport", "XZNHV", NULL,
    "+999 10 555 0303 (cargo operations centre, 24 h)", "Vrachtweg 12, 9998 Nordhaven-Lufthaven",
    "Europe/Amsterdam", 1100 },
};

static const struct
{
  int facility, days_ago, seconds, from_level, level;
  const char *reason;
  int notified_minutes, compliant_minutes;   /* after the change; -1: not recorded */
} level_changes[] = {
  { FAC_CT, 1100, 8 * 3600, 0, 1, "Facility registered; security level 1 set by the designated authority", -1, -1 },
  { FAC_CT, 410, 14 * 3600 + 600, 1, 2,
    "National threat assessment raised for container terminals after a smuggling network was disrupted", 25, 150 },
  { FAC_CT, 396, 9 * 3600, 2, 1, "Designated authority lowered the level after its review", 15, 45 },
  { FAC_CRU, 1100, 8 * 3600, 0, 1, "Facility registered; security level 1 set by the designated authority", -1, -1 },
  { FAC_CRU, 720, 6 * 3600 + 1800, 1, 2, "State visit on board a cruise ship at the terminal", 20, 110 },
  { FAC_CRU, 717, 18 * 3600, 2, 1, "State visit ended", 10, 30 },
  { FAC_CRU, 4, 11 * 3600 + 1200, 1, 2, "Heightened threat during the Nordhaven Tall Ships festival", 30, 140 },
  { FAC_ACA, 1100, 8 * 3600, 0, 1, "Facility registered; security level 1 set by the national aviation security authority", -1, -1 },
  { FAC_ACA, 200, 3 * 3600 + 900, 1, 3, "Credible threat against air cargo reported by the national authority", 12, 95 },
  { FAC_ACA, 199, 15 * 3600, 3, 2, "Threat partly resolved; the authority lowered the level to 2", 10, 60 },
  { FAC_ACA, 190, 9 * 3600, 2, 1, "Return to normal operations", 10, 30 },
};

static const struct
{
  int facility;
  const char *code, *name, *description;
  int min_level;
} areas[] = {
  { FAC_CT, "QUAY", "Quay apron and crane rails", "Berths 1–6 and the apron under the ship-to-shore cranes", LEVEL_STANDARD },
  { FAC_CT, "REEF", "Reefer stack", "Refrigerated container stack with high-value cargo", LEVEL_BASIC },
  { FAC_CT, "GATE", "Gate complex and truck lanes", NULL, LEVEL_BASIC },
  { FAC_CT, "DGY",  "Dangerous goods yard", "Segregated stack for IMDG classes 1, 2 and 3", LEVEL_STANDARD },
  { FAC_CT, "CTRL", "Security control room", NULL, LEVEL_ENHANCED },
  { FAC_CRU, "EMB", "Passenger embarkation hall", NULL, LEVEL_BASIC },
  { FAC_CRU, "BAG", "Baggage screening hall", NULL, LEVEL_STANDARD },
  { FAC_CRU, "APR", "Ship-side apron", "Apron between the terminal and the cruise berths", LEVEL_STANDARD },
  { FAC_CRU, "CCTV", "CCTV control room", NULL, LEVEL_ENHANCED },
  { FAC_ACA, "APRON", "Airside cargo apron", NULL, LEVEL_STANDARD },
  { FAC_ACA, "SCR", "Known-consignor screening", "X-ray and explosive trace detection of cargo", LEVEL_STANDARD },
  { FAC_ACA, "BOND", "Bonded warehouse", NULL, LEVEL_BASIC },
  { FAC_ACA, "OPS", "Cargo operations centre", NULL, LEVEL_ENHANCED },
};

static const struct
{
  const char *name, *description;
} layers[N_LAYERS] = {
  { "Perimeter", "Fences, gates, waterside boundary and the approaches to them" },
  { "Access control", "Access points where people, vehicles and goods are checked" },
  { "Restricted area", "Areas open only to vetted persons with a need to be there" },
  { "Critical asset", "Control rooms, systems and equipment whose loss stops operations" },
};

/* Twenty controls, one for each domain and function, at each facility. */
enum {
  CTL_FENCE, CTL_PIDS, CTL_BARRIERS, CTL_PATROL, CTL_POWER,
  CTL_BADGE_DISPLAY, CTL_BADGE_CHECK, CTL_TWO_PERSON, CTL_REPORTING, CTL_DEBRIEF,
  CTL_SEGMENTATION, CTL_MONITORING, CTL_MFA, CTL_PLAYBOOK, CTL_BACKUPS,
  CTL_MARKING, CTL_DOC_LOGGING, CTL_ENCRYPTION, CTL_LEVEL_NOTICE, CTL_RETENTION,
};

static const struct
{
  const char *domain, *function;
  int layer;   /* 0 = perimeter … 3 = critical asset */
  const char *name, *description, *owner;
  int test_interval_days;
  const char *regulations[4];
  const char *elements[3];
} controls[N_CONTROLS] = {
  { "physical", "deter", 0, "Perimeter fence with anti-climb topping and signage",
    "2.4 m weld-mesh fence with anti-climb topping and warning signs every 50 m", "Facilities manager", 90,
    { "ISPS A/16.3.2", "33 CFR 105.255" }, { "unauthorized-access" } },
  { "physical", "detect", 0, "Perimeter intrusion detection and CCTV",
    "Fence-mounted sensors and thermal cameras monitored from the control room", "Security manager", 30,
    { "ISPS A/16.3.2", "33 CFR 105.275" }, { "unauthorized-access" } },
  { "physical", "delay", 1, "Vehicle barriers and bollards at the gates",
    "Rising-arm barriers and crash-rated bollards in front of the gate lanes", "Facilities manager", 180,
    { "ISPS A/16.3.1", "33 CFR 105.255" }, { "weapons-dangerous-substances", "unauthorized-access" } },
  { "physical", "respond", 2, "Security patrol response team",
    "Two-person mobile patrol on call for alarms, target response within 5 minutes", "Security manager", 90,
    { "ISPS A/16.3.3" }, { "threat-response" } },
  { "physical", "recover", 3, "Backup power for security systems",
    "UPS and generator for access control, CCTV and lighting, 8 hours autonomy", "Facilities manager", 180,
    { "ISPS A/16.3.3" }, { "threat-response" } },
  { "personnel", "deter", 1, "Visible badge display and challenge culture",
    "Badges worn visibly; staff trained to challenge anyone without one", "PFSO", 180,
    { "ISPS A/16.3.6", "ISPS A/18.1" }, { "personnel-duties" } },
  { "personnel", "detect", 1, "Badge and identity check at access points",
    "Badge read with PIN at turnstiles; visitors checked against the pre-registration list", "Security manager", 30,
    { "ISPS A/16.3.2", "33 CFR 105.255", "NIS2 Art. 21(2)(i)" }, { "unauthorized-access", "shore-leave-visitors" } },
  { "personnel", "delay", 3, "Two-person rule for control-room access",
    "Control room opened only by two vetted staff, both recorded", "PFSO", 90,
    { "ISPS A/16.3.2" }, { "unauthorized-access" } },
  { "personnel", "respond", 2, "See-Say-Act reporting line",
    "Staff and public report suspicious behaviour through a 24-hour line and app", "PFSO", 90,
    { "ISPS A/16.3.9" }, { "incident-reporting" } },
  { "personnel", "recover", 2, "Post-incident debrief and retraining",
    "Debrief within 7 days of an incident; lessons fed into training and the plan", "PFSO", 365,
    { "ISPS A/18.1", "ISPS A/16.3.8" }, { "plan-review" } },
  { "cyber", "deter", 3, "Network segmentation of security systems",
    "Access control and CCTV on their own network behind a firewall", "IT security officer", 180,
    { "NIS2 Art. 21(2)(a)", "MSC-FAL.1/Circ.3 Protect" }, { "plan-information" } },
  { "cyber", "detect", 3, "Security monitoring of access-control servers",
    "Logs of access-control and CCTV servers sent to a monitored event management system", "IT security officer", 30,
    { "MSC-FAL.1/Circ.3 Detect", "NIS2 Art. 21(2)(b)" }, { "incident-reporting" } },
  { "cyber", "delay", 1, "Multi-factor authentication for remote access",
    "Remote and partner portal access only with a second factor", "IT security officer", 90,
    { "NIS2 Art. 21(2)(j)", "MSC-FAL.1/Circ.3 Protect" }, { "plan-information" } },
  { "cyber", "respond", 3, "Cyber incident response playbook",
    "Playbook for ransomware and account compromise, with reporting clocks", "IT security officer", 180,
    { "NIS2 Art. 21(2)(b)", "33 CFR 101 subpart F", "MSC-FAL.1/Circ.3 Respond" }, { "threat-response", "incident-reporting" } },
  { "cyber", "recover", 3, "Offline backups of security system configuration",
    "Weekly offline backups of access-control and CCTV configuration, restore tested", "IT security officer", 90,
    { "NIS2 Art. 21(2)(c)", "MSC-FAL.1/Circ.3 Recover" }, { "threat-response" } },
  { "information", "deter", 2, "Marking and need-to-know for the security plan",
    "Plan marked, copies numbered and issued on a need-to-know basis", "PFSO", 365,
    { "ISPS A/16.3.11" }, { "plan-information" } },
  { "information", "detect", 2, "Access logging on plan documents",
    "Every opening of the plan and vetting records logged and reviewed monthly", "PFSO", 180,
    { "ISPS A/16.3.11", "33 CFR 105.225" }, { "plan-information" } },
  { "information", "delay", 3, "Encrypted storage of plan and vetting data",
    "Plan and vetting records stored encrypted; keys held by IT security", "IT security officer", 365,
    { "NIS2 Art. 21(2)(h)", "ISPS A/16.3.11" }, { "plan-information" } },
  { "information", "respond", 0, "Security-level change notification procedure",
    "On a level change, ships alongside and expected are informed and compliance is reported", "PFSO", 90,
    { "ISPS A/16.3.4", "33 CFR 105.230" }, { "level3-instructions", "ship-interface" } },
  { "information", "recover", 3, "Records retention and restore test",
    "Security records kept for the regime's period and restored from backup once a year", "PFSO", 365,
    { "33 CFR 105.225" }, { "plan-audit" } },
};

static const struct
{
  int facility;
  const char *name, *description, *target;
  int likelihood, consequence;
  int mitigations[6];   /* CTL_…, ended by -1 */
} threats[] = {
  { FAC_CT, "Stowaways hidden in containers", "Persons enter empty or open-top containers in the stack to board a ship",
    "Container stack and departing ships", 4, 3, { CTL_FENCE, CTL_PIDS, CTL_BADGE_CHECK, -1 } },
  { FAC_CT, "Theft of high-value cargo from the reefer stack", "Organised theft using forged release documents",
    "Reefer stack", 3, 3, { CTL_BADGE_CHECK, CTL_BARRIERS, -1 } },
  { FAC_CT, "Intrusion over the perimeter fence at night", "Intruders climb the landside fence in poorly lit sections",
    "Quay and container stack", 3, 4, { CTL_FENCE, CTL_PIDS, CTL_PATROL, CTL_TWO_PERSON, -1 } },
  { FAC_CT, "Ransomware on the terminal operating system", "Phishing gives an attacker access; gate and crane operations stop",
    "Terminal operating system and access control", 3, 5, { CTL_MFA, CTL_SEGMENTATION, CTL_MONITORING, CTL_BACKUPS, -1 } },
  { FAC_CT, "Insider smuggling of narcotics in containers", "A corrupted employee moves bags between containers (rip-on/rip-off)",
    "Container stack", 3, 4, { CTL_BADGE_DISPLAY, CTL_REPORTING, -1 } },
  { FAC_CRU, "Improvised explosive device in passenger baggage", "An explosive device is hidden in checked luggage",
    "Cruise ship and baggage hall", 2, 5, { CTL_BARRIERS, CTL_BADGE_CHECK, CTL_PATROL, -1 } },
  { FAC_CRU, "Unauthorized boarding through the ship-side apron", "A person follows provisioning vehicles onto the apron and boards",
    "Moored cruise ship", 3, 4, { CTL_PIDS, CTL_BADGE_CHECK, CTL_TWO_PERSON, -1 } },
  { FAC_CRU, "Hostile vehicle attack on the passenger queue", "A vehicle is driven into passengers queuing outside the terminal",
    "Passengers at the landside entrance", 2, 5, { CTL_BARRIERS, CTL_REPORTING, -1 } },
  { FAC_CRU, "Phishing compromise of passenger manifests", "A booking agent account is phished and manifests are copied",
    "Passenger data", 4, 3, { CTL_MFA, CTL_ENCRYPTION, -1 } },
  { FAC_ACA, "Unscreened cargo under a forged known-consignor declaration", "Cargo bypasses screening with forged paperwork",
    "Aircraft and cargo apron", 3, 5, { CTL_BADGE_CHECK, CTL_DOC_LOGGING, -1 } },
  { FAC_ACA, "Drone incursion over the airside apron", "A drone surveys or disrupts loading on the apron",
    "Airside cargo apron", 3, 3, { CTL_PIDS, CTL_PATROL, -1 } },
  { FAC_ACA, "Theft from the bonded warehouse", "Goods removed by an insider outside opening hours",
    "Bonded warehouse", 3, 2, { CTL_FENCE, CTL_BADGE_CHECK, CTL_TWO_PERSON, CTL_MONITORING, -1 } },
};

static const struct
{
  const char *name, *colour;
  int max_score;   /* likelihood × consequence up to this */
} risk_levels[] = {
  { "Low", "#4caf50", 4 },
  { "Medium", "#ffc107", 9 },
  { "High", "#ff9800", 16 },
  { "Very high", "#f44336", 25 },
};

/* ───────────────────────────── names ───────────────────────────── */

typedef struct
{
  const char * const *given_m;
  guint n_given_m;
  const char * const *given_f;
  guint n_given_f;
  const char * const *family_m;
  guint n_family_m;
  const char * const *family_f;
  guint n_family_f;
  gboolean family_first;        /* Chinese, Japanese, Korean: family name first, no space */
  const char * const *nationalities;
  guint n_nationalities;
  guint weight;
} NamePool;

#define LIST(a) a, G_N_ELEMENTS (a)

static const char * const nl_m[] = { "Jan", "Pieter", "Daan", "Joris", "Thijs", "Sven", "Bram", "Ruud", "Kees", "Wouter" };
static const char * const nl_f[] = { "Sanne", "Eva", "Femke", "Maaike", "Lotte", "Anouk", "Ilse", "Marieke", "Fenna", "Noor" };
static const char * const nl_fam[] = { "de Vries", "Jansen", "van den Berg", "Bakker", "Visser", "Smit", "Meijer",
                                       "de Boer", "Mulder", "van Dijk", "Hoekstra", "van 't Hof", "IJzerman" };
static const char * const nl_nat[] = { "NL", "NL", "NL", "BE" };

static const char * const de_m[] = { "Jürgen", "Björn", "Lukas", "Jörg", "Sören", "Günther", "Matthias", "Uwe" };
static const char * const de_f[] = { "Käthe", "Anna", "Mareike", "Jülide", "Sabine", "Birgit", "Lena", "Dörte" };
static const char * const de_fam[] = { "Müller", "Schröder", "Weiß", "Groß", "Köhler", "Böhm", "Krüger", "Hoffmann",
                                       "Schäfer", "Fuchs" };
static const char * const de_nat[] = { "DE", "DE", "AT", "CH" };

static const char * const en_m[] = { "James", "Oliver", "Declan", "Thomas", "Callum", "Rhys", "Kwame", "Ravi" };
static const char * const en_f[] = { "Olivia", "Siobhan", "Aoife", "Emily", "Grace", "Niamh", "Priya", "Chloe" };
static const char * const en_fam[] = { "Smith", "O'Brien", "Taylor", "McAllister", "Evans", "Wright", "Murphy",
                                       "Clarke", "Hughes", "Patel", "Mensah" };
static const char * const en_nat[] = { "GB", "IE", "GB", "GH" };

static const char * const fr_m[] = { "François", "Jérôme", "Loïc", "Noël", "Benoît", "Théo", "Rémi", "Anaël" };
static const char * const fr_f[] = { "Hélène", "Amélie", "Chloé", "Zoé", "Gaëlle", "Océane", "Inès", "Léa" };
static const char * const fr_fam[] = { "Lefèvre", "Dubois", "Moreau", "Girard", "Lemaître", "Bélanger", "Rousseau",
                                       "Fournier", "Mercier", "Pérez" };
static const char * const fr_nat[] = { "FR", "BE", "FR", "LU" };

static const char * const es_m[] = { "José", "Ángel", "João", "Sebastián", "Gonçalo", "Andrés", "Martín", "Tiago" };
static const char * const es_f[] = { "María", "Inés", "Conceição", "Lucía", "Begoña", "Sofía", "Mónica", "Leonor" };
static const char * const es_fam[] = { "García", "Núñez", "Peña", "Muñoz", "Gonçalves", "Araújo", "Fernández",
                                       "Sánchez", "Ibáñez", "Magalhães" };
static const char * const es_nat[] = { "ES", "PT", "ES", "CV" };

static const char * const pl_m[] = { "Łukasz", "Wojciech", "Paweł", "Tomasz", "Grzegorz", "Michał", "Jiří", "Tomáš" };
static const char * const pl_f[] = { "Małgorzata", "Zofia", "Agnieszka", "Dominika", "Joanna", "Katarzyna", "Šárka", "Jana" };
static const char * const pl_fam[] = { "Nowak", "Wójcik", "Kowalczyk", "Mazur", "Krawczyk", "Dudek", "Wróbel",
                                       "Sikora", "Kaczmarek", "Piątek" };
static const char * const pl_nat[] = { "PL", "PL", "PL", "CZ" };

static const char * const no_m[] = { "Søren", "Øystein", "Magnús", "Lars", "Håkon", "Bjørn", "Jens", "Åke" };
static const char * const no_f[] = { "Åsa", "Sigrún", "Ingrid", "Kristín", "Sølvi", "Malin", "Frida", "Astrid" };
static const char * const no_fam[] = { "Hansen", "Sørensen", "Ødegård", "Åberg", "Lindqvist", "Bergström", "Halvorsen",
                                       "Østergaard", "Sundqvist", "Fjeld" };
static const char * const no_nat[] = { "NO", "DK", "SE", "IS" };

static const char * const tr_m[] = { "Mehmet", "Çağrı", "Oğuz", "Emre", "Burak", "Mustafa", "Serkan", "İlker" };
static const char * const tr_f[] = { "Ayşe", "Gülşen", "Şule", "Özge", "İpek", "Elif", "Zeynep", "Büşra" };
static const char * const tr_fam[] = { "Yılmaz", "Çelik", "Şahin", "Öztürk", "Doğan", "Aydın", "Kılıç", "Arslan",
                                       "Koç", "Güneş" };
static const char * const tr_nat[] = { "TR", "TR", "NL", "DE" };

static const char * const ru_m[] = { "Алексей", "Дмитрий", "Сергей", "Иван", "Николай", "Павел" };
static const char * const ru_f[] = { "Ольга", "Наталья", "Екатерина", "Мария", "Анна", "Светлана" };
static const char * const ru_fam_m[] = { "Иванов", "Смирнов", "Кузнецов", "Попов", "Соколов", "Лебедев" };
static const char * const ru_fam_f[] = { "Иванова", "Смирнова", "Кузнецова", "Попова", "Соколова", "Лебедева" };
static const char * const ru_nat[] = { "LV", "EE", "LT", "RU" };

static const char * const uk_m[] = { "Олександр", "Андрій", "Юрій", "Богдан", "Тарас", "Василь" };
static const char * const uk_f[] = { "Оксана", "Тетяна", "Ірина", "Олена", "Наталія", "Галина" };
static const char * const uk_fam[] = { "Шевченко", "Коваленко", "Бондаренко", "Ткаченко", "Кравченко", "Мельник",
                                       "Олійник" };
static const char * const uk_nat[] = { "UA", "UA", "UA", "PL" };

static const char * const bg_m[] = { "Георги", "Стоян", "Петър", "Христо" };
static const char * const bg_f[] = { "Мария", "Десислава", "Радка", "Йорданка" };
static const char * const bg_fam_m[] = { "Петров", "Георгиев", "Димитров", "Стоянов" };
static const char * const bg_fam_f[] = { "Петрова", "Георгиева", "Димитрова", "Стоянова" };
static const char * const bg_nat[] = { "BG" };

static const char * const el_m[] = { "Γιώργος", "Νίκος", "Κώστας", "Δημήτρης", "Γιάννης", "Σπύρος" };
static const char * const el_f[] = { "Μαρία", "Ελένη", "Κατερίνα", "Σοφία", "Δέσποινα", "Αναστασία" };
static const char * const el_fam_m[] = { "Παπαδόπουλος", "Οικονόμου", "Γεωργίου", "Νικολάου", "Βλάχος", "Αντωνίου" };
static const char * const el_fam_f[] = { "Παπαδοπούλου", "Οικονόμου", "Γεωργίου", "Νικολάου", "Βλάχου", "Αντωνίου" };
static const char * const el_nat[] = { "GR", "GR", "CY" };

static const char * const ar_m[] = { "محمد", "أحمد", "يوسف", "عمر", "خالد", "حسن", "كريم" };
static const char * const ar_f[] = { "فاطمة", "ليلى", "مريم", "نور", "سارة", "هدى", "ياسمين" };
static const char * const ar_fam[] = { "الحسن", "العلي", "حداد", "منصور", "الخطيب", "ناصر", "السيد", "عبد الله",
                                       "بن علي" };
static const char * const ar_nat[] = { "MA", "EG", "TN", "LB", "SY", "NL" };

static const char * const zh_m[] = { "伟", "强", "磊", "洋", "军", "杰", "浩然" };
static const char * const zh_f[] = { "芳", "娜", "秀英", "敏", "静", "丽", "婷" };
static const char * const zh_fam[] = { "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周" };
static const char * const zh_nat[] = { "CN", "CN", "TW", "SG" };

static const char * const ja_m[] = { "翔太", "大輝", "健太", "拓海", "蓮" };
static const char * const ja_f[] = { "陽菜", "美咲", "結衣", "さくら", "葵" };
static const char * const ja_fam[] = { "佐藤", "鈴木", "高橋", "田中", "渡辺", "伊藤", "山本", "中村" };
static const char * const ja_nat[] = { "JP" };

static const char * const ko_m[] = { "민준", "지훈", "현우", "도윤", "서준" };
static const char * const ko_f[] = { "서연", "수빈", "지민", "예은", "하은" };
static const char * const ko_fam[] = { "김", "이", "박", "최", "정", "강", "조", "윤" };
static const char * const ko_nat[] = { "KR" };

static const NamePool name_pools[] = {
  { LIST (nl_m), LIST (nl_f), LIST (nl_fam), LIST (nl_fam), FALSE, LIST (nl_nat), 24 },
  { LIST (de_m), LIST (de_f), LIST (de_fam), LIST (de_fam), FALSE, LIST (de_nat), 9 },
  { LIST (en_m), LIST (en_f), LIST (en_fam), LIST (en_fam), FALSE, LIST (en_nat), 8 },
  { LIST (fr_m), LIST (fr_f), LIST (fr_fam), LIST (fr_fam), FALSE, LIST (fr_nat), 7 },
  { LIST (es_m), LIST (es_f), LIST (es_fam), LIST (es_fam), FALSE, LIST (es_nat), 7 },
  { LIST (pl_m), LIST (pl_f), LIST (pl_fam), LIST (pl_fam), FALSE, LIST (pl_nat), 8 },
  { LIST (no_m), LIST (no_f), LIST (no_fam), LIST (no_fam), FALSE, LIST (no_nat), 5 },
  { LIST (tr_m), LIST (tr_f), LIST (tr_fam), LIST (tr_fam), FALSE, LIST (tr_nat), 7 },
  { LIST (ru_m), LIST (ru_f), LIST (ru_fam_m), LIST (ru_fam_f), FALSE, LIST (ru_nat), 4 },
  { LIST (uk_m), LIST (uk_f), LIST (uk_fam), LIST (uk_fam), FALSE, LIST (uk_nat), 4 },
  { LIST (bg_m), LIST (bg_f), LIST (bg_fam_m), LIST (bg_fam_f), FALSE, LIST (bg_nat), 2 },
  { LIST (el_m), LIST (el_f), LIST (el_fam_m), LIST (el_fam_f), FALSE, LIST (el_nat), 4 },
  { LIST (ar_m), LIST (ar_f), LIST (ar_fam), LIST (ar_fam), FALSE, LIST (ar_nat), 6 },
  { LIST (zh_m), LIST (zh_f), LIST (zh_fam), LIST (zh_fam), TRUE, LIST (zh_nat), 5 },
  { LIST (ja_m), LIST (ja_f), LIST (ja_fam), LIST (ja_fam), TRUE, LIST (ja_nat), 2 },
  { LIST (ko_m), LIST (ko_f), LIST (ko_fam), LIST (ko_fam), TRUE, LIST (ko_nat), 2 },
};

/* Employers by the facility a person mostly works at, then authority-wide ones. */
static const char * const employers[N_FACILITIES + 1][8] = {
  { "NHV Container Terminal BV", "Baltic Stevedoring Ltd", "Kraan & Zonen Logistiek", "Øresund Haulage ApS",
    "Гавань-Логистик ООО", "东方航运代理有限公司", "Transports Lefèvre SARL", "Reefer Techniek Noord" },
  { "Søndre Kai Cruise Services", "Ελληνική Ναυτιλιακή Εξυπηρέτηση ΑΕ", "Fjordline Catering AS",
    "Nordhaven Baggage Handling", "Porto Seguro Agência Marítima Lda", "Tourist Coach Lines Nordhaven", NULL, NULL },
  { "Nordhaven Air Cargo Handling", "SkyFreight Ground Services", "شركة الخليج للشحن الجوي",
    "日本エアカーゴサービス株式会社", "한빛항공물류", "Aviación Carga Ibérica SL", NULL, NULL },
  { "Nordhaven Port Authority", "Seaways Security Services", "Harbour Pilots Cooperative", "Customs and Border Office Nordhaven",
    "Nordhaven Facility Management", "Kılıç Temizlik Hizmetleri", NULL, NULL },
};

static const char * const job_titles[N_FACILITIES][8] = {
  { "Crane operator", "Stevedore", "Haulier", "Terminal planner", "Reefer technician",
    "Gate clerk", "Straddle-carrier driver", "Lashing crew" },
  { "Passenger services agent", "Baggage handler", "Ship chandler", "Port agent",
    "Coach driver", "Terminal host", "Caterer", "Linesman" },
  { "Cargo handler", "Screener", "Forklift driver", "Freight forwarder", "Ramp agent",
    "Warehouse clerk", "Customs broker", "Loadmaster" },
};

static const char * const common_jobs[] = {
  "Security guard", "Electrician", "Cleaner", "Customs officer", "IT administrator",
  "Maintenance engineer",
};

static const NamePool *
pick_name_pool (GRand *rand)
{
  guint total = 0, r;

  for (guint i = 0; i < G_N_ELEMENTS (name_pools); i++)
    total += name_pools[i].weight;
  r = g_rand_int_range (rand, 0, total);
  for (guint i = 0; i < G_N_ELEMENTS (name_pools); i++)
    {
      if (r < name_pools[i].weight)
        return &name_pools[i];
      r -= name_pools[i].weight;
    }
  g_assert_not_reached ();
}

/* ───────────────────────────── sections ───────────────────────────── */

static void
add_reference_data (Demo *d)
{
  for (int i = 0; i < N_LEVELS; i++)
    {
      d->level[i] = demo_exec (d,
                               "INSERT INTO vetting_level (code, name, rank, validity_months, description)"
                               " VALUES (?1, ?2, ?3, ?4, ?5)",
                               "ssdds", vetting_levels[i].code, vetting_levels[i].name, vetting_levels[i].rank,
                               vetting_levels[i].validity_months, vetting_levels[i].description);
      d->level_months[i] = vetting_levels[i].validity_months;
    }

  for (int i = 0; i < N_COURSES; i++)
    {
      g_autofree char *ref = demo_ref (d, "CRS", d->today - 1100);

      d->course[i] = demo_exec (d,
                                "INSERT INTO training_course (ref, code, name, regulation, validity_months)"
                                " VALUES (?1, ?2, ?3, ?4, ?5)",
                                "ssssd", ref, courses[i].code, courses[i].name, courses[i].regulation,
                                courses[i].validity_months);
    }

  for (guint i = 0; i < G_N_ELEMENTS (regulations); i++)
    {
      gint64 id = demo_exec (d, "INSERT INTO regulation_ref (code, regime, title) VALUES (?1, ?2, ?3)",
                             "sss", regulations[i].code, regulations[i].regime, regulations[i].title);

      g_hash_table_insert (d->regulations, (gpointer) regulations[i].code,
                           g_memdup2 (&id, sizeof id));
    }

  for (guint i = 0; i < G_N_ELEMENTS (risk_levels); i++)
    demo_exec (d, "INSERT INTO risk_level (name, colour, position) VALUES (?1, ?2, ?3)",
               "ssd", risk_levels[i].name, risk_levels[i].colour, (int) i + 1);
  for (int l = 1; l <= 5; l++)
    for (int c = 1; c <= 5; c++)
      {
        guint level = 0;

        while (l * c > risk_levels[level].max_score)
          level++;
        demo_exec (d,
                   "INSERT INTO risk_matrix_cell (likelihood, consequence, level_id)"
                   " SELECT ?1, ?2, id FROM risk_level WHERE position = ?3",
                   "ddd", l, c, (int) level + 1);
      }
}

static void
add_facilities (Demo *d)
{
  g_autoptr(GRand) rand = rand_for (d, R_FACILITIES);
  int current[N_FACILITIES] = { 1, 1, 1 };

  for (guint i = 0; i < G_N_ELEMENTS (level_changes); i++)
    current[level_changes[i].facility] = level_changes[i].level;

  for (int f = 0; f < N_FACILITIES; f++)
    {
      guint32 created = d->today - facilities[f].created_days_ago;
      g_autofree char *ref = demo_ref (d, "FAC", created);

      d->facility[f] = demo_exec (d,
                                  "INSERT INTO facility (ref, code, name, kind, un_locode, imo_number, security_level,"
                                  " contact_24h, address, time_zone, created_at, updated_at)"
                                  " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
                                  "ssssssdsssss", ref, facilities[f].code, facilities[f].name, facilities[f].kind,
                                  facilities[f].un_locode, facilities[f].imo_number, current[f],
                                  facilities[f].contact, facilities[f].address, facilities[f].time_zone,
                                  stamp_text (created, 8 * 3600).s,
                                  stamp_text (d->today - 4, 11 * 3600 + 1200).s);
    }

  for (guint i = 0; i < G_N_ELEMENTS (level_changes); i++)
    {
      guint32 day = d->today - level_changes[i].days_ago;
      int at = level_changes[i].seconds;
      int notified = level_changes[i].notified_minutes, compliant = level_changes[i].compliant_minutes;
      const char *by = level_changes[i].from_level == 0 ? "Designated authority" : "PFSO";

      demo_exec (d,
                 "INSERT INTO facility_level_change (facility_id, from_level, level, reason, changed_at, changed_by,"
                 " notified_at, compliant_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                 "lzdsssss",
                 d->facility[level_changes[i].facility], level_changes[i].from_level, level_changes[i].level,
                 level_changes[i].reason, stamp_text (day, at).s, by,
                 notified < 0 ? NULL : stamp_text (day, at + notified * 60).s,
                 compliant < 0 ? NULL : stamp_text (day, at + compliant * 60).s);
    }

  for (guint i = 0; i < G_N_ELEMENTS (areas); i++)
    {
      int f = areas[i].facility;
      guint32 created = d->today - facilities[f].created_days_ago + rand_range (rand, 0, 30);
      g_autofree char *ref = demo_ref (d, "RA", created);
      StampText at = stamp_text (created, 9 * 3600);

      d->area[f][d->n_areas[f]++] =
        demo_exec (d,
                   "INSERT INTO restricted_area (ref, facility_id, code, name, description, min_vetting_level_id,"
                   " created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                   "slsssLss", ref, d->facility[f], areas[i].code, areas[i].name, areas[i].description,
                   d->level[areas[i].min_level], at.s, at.s);
    }

  for (int f = 0; f < N_FACILITIES; f++)
    for (int l = 0; l < N_LAYERS; l++)
      d->layer[f][l] = demo_exec (d,
                                  "INSERT INTO layer (facility_id, position, name, description) VALUES (?1, ?2, ?3, ?4)",
                                  "ldss", d->facility[f], l + 1, layers[l].name, layers[l].description);
}

/* A 7-digit badge number unique for each index below 10⁷ and not visibly
 * sequential: three rounds of an affine map and a reversal of the digits,
 * each a bijection of 0 … 10⁷ − 1. */
static guint
badge_number (guint   index,
              guint32 seed)
{
  static const guint64 rounds[][2] = { { 7919, 1234567 }, { 4001, 7654321 }, { 9973, 3141592 } };
  guint64 x = ((guint64) index + seed) % 10000000u;

  for (guint r = 0; r < G_N_ELEMENTS (rounds); r++)
    {
      guint64 y = 0;

      x = (x * rounds[r][0] + rounds[r][1]) % 10000000u;
      for (int i = 0; i < 7; i++, x /= 10)
        y = y * 10 + x % 10;
      x = y;
    }
  return (guint) x;
}

/* One person: names, one or two vettings, trainings. Returns the vetting's
 * status in @status and the day access could start in @granted (0 = none). */
static gint64
add_person (Demo        *d,
            GRand       *rand,
            guint        index,
            int          facility,
            const char **status_out,
            guint32     *granted,
            guint32     *access_until)
{
  static const guint level_weights[N_LEVELS] = { 50, 35, 15 };
  const NamePool *pool = pick_name_pool (rand);
  gboolean female = chance (rand, 0.42);
  const char *given = female ? pool->given_f[g_rand_int_range (rand, 0, pool->n_given_f)]
                             : pool->given_m[g_rand_int_range (rand, 0, pool->n_given_m)];
  const char *family = female ? pool->family_f[g_rand_int_range (rand, 0, pool->n_family_f)]
                              : pool->family_m[g_rand_int_range (rand, 0, pool->n_family_m)];
  g_autofree char *display = pool->family_first ? g_strconcat (family, given, NULL)
                                                : g_strconcat (given, " ", family, NULL);
  g_autofree char *sort = g_strconcat (family, ", ", given, NULL);
  const char *nationality = chance (rand, 0.7)
                            ? pool->nationalities[g_rand_int_range (rand, 0, pool->n_nationalities)]
                            : NULL;
  const char *employer;
  const char *job;
  g_autofree char *phone = NULL;
  char badge[16];
  guint32 birth = d->today - (guint32) rand_range (rand, 19 * 365, 66 * 365);
  gboolean pfso = index < N_FACILITIES;
  double r = g_rand_double (rand);
  const char *status;
  int level = pfso ? LEVEL_ENHANCED : (int) pick_weighted (rand, level_weights, N_LEVELS);
  int months = d->level_months[level];
  guint32 requested = d->today, issued = 0, expires = 0, first_requested, last_change;
  gboolean renewal = FALSE;
  g_autofree char *ref = NULL;
  g_autofree char *vref = NULL;
  char authority_ref[24];
  const char *authority = level == LEVEL_BASIC ? "Nordhaven Port Authority" : "National Security Vetting Agency";
  const char *notes = NULL;
  gint64 person_id;

  if (pfso)
    {
      employer = "Nordhaven Port Authority";
      job = "Port facility security officer";
    }
  else
    {
      const char * const *list = chance (rand, 0.7) ? employers[facility] : employers[N_FACILITIES];
      guint n = 0;

      while (n < 8 && list[n] != NULL)
        n++;
      employer = list[g_rand_int_range (rand, 0, n)];
      job = chance (rand, 0.8) ? job_titles[facility][g_rand_int_range (rand, 0, 8)]
                               : PICK (rand, common_jobs);
    }

  if (pfso || r >= 0.12)
    {
      double e = g_rand_double (rand);
      int offset;

      status = "cleared";
      if (pfso)
        offset = rand_range (rand, 200, 700);
      else if (e < 0.05)
        offset = rand_range (rand, 0, 30);         /* expiring within 30 days */
      else if (e < 0.13)
        offset = -rand_range (rand, 1, 540);       /* expired */
      else
        offset = rand_range (rand, 31, months * 30);
      expires = d->today + offset;
      issued = add_months (expires, -months);
      if (issued > d->today)
        issued = d->today;
      renewal = !pfso && offset > 0 && chance (rand, 0.2);
    }
  else if (r < 0.06)
    status = "pending";
  else if (r < 0.08)
    status = "refused";
  else if (r < 0.10)
    status = "suspended";
  else
    status = "revoked";

  if (g_str_equal (status, "pending"))
    requested = d->today - rand_range (rand, 0, 60);
  else if (g_str_equal (status, "refused"))
    {
      requested = d->today - rand_range (rand, 40, 900);
      issued = MIN (requested + rand_range (rand, 20, 90), d->today);
    }
  else if (!g_str_equal (status, "cleared"))
    {
      expires = d->today + rand_range (rand, 30, months * 30);
      issued = add_months (expires, -months);
      requested = issued - rand_range (rand, 14, 120);
      notes = g_str_equal (status, "suspended") ? "Suspended pending a police investigation"
                                                 : "Revoked after a breach of the badge rules";
    }
  if (issued != 0 && (g_str_equal (status, "cleared") || g_str_equal (status, "suspended") ||
                      g_str_equal (status, "revoked")))
    requested = issued - rand_range (rand, 14, 120);

  first_requested = requested;
  if (renewal)
    first_requested = add_months (issued, -months) - 60;
  last_change = issued != 0 ? MAX (issued, requested) : requested;

  if (!g_str_equal (status, "pending") || chance (rand, 0.3))
    g_snprintf (badge, sizeof badge, "NHV-%07u", badge_number (index, d->seed));
  else
    badge[0] = '\0';
  if (chance (rand, 0.6))
    phone = g_strdup_printf ("+999 6 %04d %04d", rand_range (rand, 0, 9999),
                             rand_range (rand, 0, 9999));

  ref = demo_ref (d, "PER", first_requested);
  person_id = demo_exec (d,
                         "INSERT INTO person (ref, given_name, family_name, display_name, sort_name, date_of_birth,"
                         " nationality, phone, employer, job_title, badge_no, created_at, updated_at)"
                         " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
                         "sssssssssssss", ref, given, family, display, sort, day_text (birth).s, nationality,
                         phone, employer, job, badge[0] != '\0' ? badge : NULL,
                         stamp_text (first_requested, 8 * 3600 + (int) (index % 3600)).s,
                         stamp_text (last_change, 9 * 3600 + (int) (index % 3600)).s);

  if (renewal)
    {
      guint32 old_expires = issued + rand_range (rand, 0, 25);
      guint32 old_issued = add_months (old_expires, -months);
      g_autofree char *oref = demo_ref (d, "VET", first_requested);

      g_snprintf (authority_ref, sizeof authority_ref, "V%08u",
                  g_rand_int_range (rand, 0, 100000000));
      demo_exec (d,
                 "INSERT INTO vetting (ref, person_id, level_id, status, requested_on, issued_on, expires_on,"
                 " authority, authority_ref, notes, created_at, updated_at)"
                 " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
                 "sllsssssssss", oref, person_id, d->level[level], "cleared", day_text (first_requested).s,
                 day_text (old_issued).s, day_text (old_expires).s, authority, authority_ref, NULL,
                 stamp_text (first_requested, 10 * 3600).s, stamp_text (old_issued, 10 * 3600).s);
    }

  vref = demo_ref (d, "VET", requested);
  g_snprintf (authority_ref, sizeof authority_ref, "V%08u", g_rand_int_range (rand, 0, 100000000));
  demo_exec (d,
             "INSERT INTO vetting (ref, person_id, level_id, status, requested_on, issued_on, expires_on,"
             " authority, authority_ref, notes, created_at, updated_at)"
             " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
             "sllsssssssss", vref, person_id, d->level[level], status, day_text (requested).s,
             issued != 0 ? day_text (issued).s : NULL, expires != 0 ? day_text (expires).s : NULL,
             authority, g_str_equal (status, "pending") ? NULL : authority_ref, notes,
             stamp_text (requested, 10 * 3600).s, stamp_text (last_change, 10 * 3600).s);

  /* Trainings: awareness for everyone who got through vetting, more by role. */
  if (issued != 0 && !g_str_equal (status, "refused"))
    {
      struct { int course; double p; } plan[] = {
        { COURSE_AWARE, 0.95 }, { COURSE_DUTIES, 0.25 }, { COURSE_CYBER, 0.3 },
        { COURSE_DG, facility == FAC_CT ? 0.2 : 0.03 },
        { COURSE_GUARD, g_str_equal (job, common_jobs[0]) ? 0.95 : 0.0 },
        { COURSE_PFSO, pfso ? 1.0 : 0.0 },
      };

      for (guint k = 0; k < G_N_ELEMENTS (plan); k++)
        {
          guint32 done;
          int validity = courses[plan[k].course].validity_months;

          if (!chance (rand, plan[k].p))
            continue;
          done = MAX (issued, d->today - (guint32) rand_range (rand, 1, validity * 38));
          if (done > d->today)
            continue;
          demo_exec (d,
                     "INSERT INTO training_record (person_id, course_id, completed_on, expires_on, provider)"
                     " VALUES (?1, ?2, ?3, ?4, ?5)",
                     "llsss", person_id, d->course[plan[k].course], day_text (done).s,
                     day_text (add_months (done, validity)).s,
                     plan[k].course == COURSE_PFSO ? "Maritime Security Academy" : "Nordhaven Port Authority");
        }
    }

  *status_out = status;
  *granted = issued;
  *access_until = expires;
  if (pfso)
    d->pfso_name[index] = g_strdup (display);
  return person_id;
}

static void
add_persons (Demo *d)
{
  static const guint facility_weights[N_FACILITIES] = { 50, 25, 25 };
  g_autoptr(GRand) rand = rand_for (d, R_PERSONS);

  for (guint i = 0; i < d->persons && d->error == NULL; i++)
    {
      int f = i < N_FACILITIES ? (int) i
                               : (int) pick_weighted (rand, facility_weights, N_FACILITIES);
      const char *status = NULL;
      guint32 granted = 0, until = 0;
      gint64 person = add_person (d, rand, i, f, &status, &granted, &until);
      guint n_access;

      if (i < N_FACILITIES)
        d->pfso[i] = person;
      /* Access follows a clearance (an expired one's access lapses by its dates): one to
       * three areas of the facility they work at, sometimes one elsewhere. */
      if (!g_str_equal (status, "cleared") || (i >= N_FACILITIES && !chance (rand, 0.9)))
        continue;

      n_access = i < N_FACILITIES ? d->n_areas[f] : (guint) rand_range (rand, 1, 3);
      {
        guint first = g_rand_int_range (rand, 0, d->n_areas[f]);

        for (guint k = 0; k < n_access; k++)
          {
            guint a = (first + k) % d->n_areas[f];

            demo_exec (d, "INSERT INTO person_area (person_id, area_id, granted_on, expires_on)"
                       " VALUES (?1, ?2, ?3, ?4)",
                       "llss", person, d->area[f][a], day_text (granted + rand_range (rand, 0, 10)).s,
                       day_text (until + 10).s);
          }
      }
      if (chance (rand, 0.08))
        {
          int other = (f + rand_range (rand, 1, N_FACILITIES - 1)) % N_FACILITIES;

          demo_exec (d, "INSERT INTO person_area (person_id, area_id, granted_on, expires_on)"
                     " VALUES (?1, ?2, ?3, ?4)",
                     "llss", person, d->area[other][g_rand_int_range (rand, 0, d->n_areas[other])],
                     day_text (granted + rand_range (rand, 0, 10)).s, day_text (until + 10).s);
        }
    }

  for (int f = 0; f < N_FACILITIES; f++)
    if (d->pfso[f] != 0)
      demo_exec (d, "UPDATE facility SET pfso_person_id = ?1 WHERE id = ?2", "ll", d->pfso[f],
                 d->facility[f]);
}

static const struct
{
  int superseded_days_ago, approved_days_ago, review_due_offset;
  const char *next_status;   /* the version after the approved one, or NULL */
  int next_days_ago;
  int pfsa_days_ago;
} plan_history[N_FACILITIES] = {
  { 1070, 700, 20, "draft", 40, 800 },
  { 1060, 300, 200, "submitted", 15, 420 },
  { 1050, 375, -10, NULL, 0, 480 },
};

static void
add_plan_elements (Demo     *d,
                   gint64    plan_id,
                   guint32   day,
                   gboolean  draft,
                   gint64   *ids)
{
  for (int e = 0; e < N_ELEMENTS; e++)
    {
      /* A draft has a few elements still being written and one missing. */
      const char *status = !draft ? "complete" : (e == 13 ? "missing" : (e % 5 == 2 ? "draft" : "complete"));
      gboolean empty = g_str_equal (status, "missing");
      const PsemsTemplateElement *element = template_element (d, e);
      gint64 id = demo_exec (d,
                             "INSERT INTO plan_element (plan_id, template, element_key, reference, position, title,"
                             " required, status, text_level1, text_level2, text_level3, updated_at)"
                             " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
                             "lsssdsdsssss", plan_id, d->template->id, element->key, element->reference, e + 1,
                             element->title, element->required ? 1 : 0, status,
                             empty ? NULL : plan_measures[d->measures[e]].level1,
                             empty ? NULL : plan_measures[d->measures[e]].level2,
                             empty ? NULL : plan_measures[d->measures[e]].level3,
                             stamp_text (day, 15 * 3600).s);
      if (ids != NULL)
        ids[e] = id;
    }
}

static void
add_plans (Demo *d)
{
  for (int f = 0; f < N_FACILITIES; f++)
    {
      guint32 pfsa_day = d->today - plan_history[f].pfsa_days_ago;
      guint32 pfsa_approved = pfsa_day + 40;
      guint32 v1_approved = d->today - plan_history[f].superseded_days_ago;
      guint32 v2_approved = d->today - plan_history[f].approved_days_ago;
      g_autofree char *pfsa_ref = demo_ref (d, "PFSA", pfsa_day);
      g_autofree char *title = g_strdup_printf ("Port facility security plan — %s",
                                                facilities[f].name);
      g_autofree char *pfsa_title = g_strdup_printf ("Port facility security assessment — %s",
                                                     facilities[f].name);
      g_autofree char *v1_ref = NULL, *v2_ref = NULL, *v3_ref = NULL;
      g_autofree char *approval1 = NULL, *approval2 = NULL, *letter = NULL, *letter_name = NULL;
      gint64 v1, v2, evidence;

      d->pfsa[f] = demo_exec (d,
                              "INSERT INTO facility_assessment (ref, facility_id, title, assessed_on, assessor,"
                              " organization, approved_on, approved_by, review_due, summary, created_at, updated_at)"
                              " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
                              "slssssssssss", pfsa_ref, d->facility[f], pfsa_title, day_text (pfsa_day).s,
                              "Marit Ødegård", "Nordic Maritime Security RSO",
                              day_text (pfsa_approved).s, "Designated Authority for Port Security",
                              day_text (add_months (pfsa_approved, 60)).s,
                              "Assets and infrastructure, threats and their likelihood, countermeasures and "
                                 "their effectiveness, and weaknesses including human factors (ISPS A/15.5).",
                              stamp_text (pfsa_day, 9 * 3600).s,
                              stamp_text (pfsa_approved, 9 * 3600).s);

      v1_ref = demo_ref (d, "PLN", v1_approved - 60);
      approval1 = g_strdup_printf ("DAPS/%d/%03d", year_of (v1_approved), 100 + f);
      v1 = demo_exec (d,
                      "INSERT INTO plan (ref, facility_id, version, title, status, submitted_on, approved_on,"
                      " approved_by, approval_ref, superseded_on, created_at, updated_at)"
                      " VALUES (?1, ?2, 1, ?3, 'superseded', ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
                      "slssssssss", v1_ref, d->facility[f], title, day_text (v1_approved - 30).s,
                      day_text (v1_approved).s, "Designated Authority for Port Security", approval1,
                      day_text (v2_approved).s, stamp_text (v1_approved - 60, 9 * 3600).s,
                      stamp_text (v2_approved, 9 * 3600).s);
      add_plan_elements (d, v1, v1_approved - 60, FALSE, NULL);

      v2_ref = demo_ref (d, "PLN", v2_approved - 50);
      approval2 = g_strdup_printf ("DAPS/%d/%03d", year_of (v2_approved), 200 + f);
      v2 = demo_exec (d,
                      "INSERT INTO plan (ref, facility_id, version, title, status, pfsa_id, submitted_on, approved_on,"
                      " approved_by, approval_ref, next_review_due, created_at, updated_at)"
                      " VALUES (?1, ?2, 2, ?3, 'approved', ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
                      "slslsssssss", v2_ref, d->facility[f], title, d->pfsa[f], day_text (v2_approved - 25).s,
                      day_text (v2_approved).s, "Designated Authority for Port Security", approval2,
                      day_text (d->today + plan_history[f].review_due_offset).s,
                      stamp_text (v2_approved - 50, 9 * 3600).s,
                      stamp_text (v2_approved, 9 * 3600).s);
      d->plan_approved[f] = v2;
      add_plan_elements (d, v2, v2_approved - 50, FALSE, d->element[f]);

      letter = g_strdup_printf ("Designated Authority for Port Security\n\nApproval %s\n\n"
                                "The port facility security plan of %s (%s), version 2, is approved "
                                "under ISPS Code A/16.1.\n",
                                approval2, facilities[f].name, facilities[f].code);
      letter_name = g_strdup_printf ("approval-%s.txt", approval2 + 5);
      g_strdelimit (letter_name, "/", '-');
      evidence = add_evidence (d, letter_name, "text/plain", letter, "Approval letter",
                               v2_approved);
      demo_exec (d, "INSERT INTO plan_evidence (plan_id, evidence_id) VALUES (?1, ?2)", "ll", v2,
                 evidence);

      if (plan_history[f].next_status != NULL)
        {
          guint32 created = d->today - plan_history[f].next_days_ago;
          gboolean draft = g_str_equal (plan_history[f].next_status, "draft");
          gint64 v3;

          v3_ref = demo_ref (d, "PLN", created);
          v3 = demo_exec (d,
                          "INSERT INTO plan (ref, facility_id, version, title, status, pfsa_id, submitted_on,"
                          " created_at, updated_at) VALUES (?1, ?2, 3, ?3, ?4, ?5, ?6, ?7, ?8)",
                          "slssLsss", v3_ref, d->facility[f], title, plan_history[f].next_status, d->pfsa[f],
                          draft ? NULL : day_text (created + 5).s, stamp_text (created, 9 * 3600).s,
                          stamp_text (created + (draft ? 10 : 5), 9 * 3600).s);
          add_plan_elements (d, v3, created, draft, NULL);
        }
    }
}

static void
add_controls_and_threats (Demo *d)
{
  static const guint status_weights[] = { 66, 14, 7, 8, 5 };
  static const char * const statuses[] = { "implemented", "partially-effective", "ineffective", "planned", "retired" };
  g_autoptr(GRand) rand = rand_for (d, R_CONTROLS);

  for (int f = 0; f < N_FACILITIES; f++)
    for (int c = 0; c < N_CONTROLS; c++)
      {
        guint32 created = d->today - facilities[f].created_days_ago + rand_range (rand, 10, 120);
        guint s = pick_weighted (rand, status_weights, G_N_ELEMENTS (status_weights));
        int effectiveness = s == 0 ? rand_range (rand, 70, 95) : s == 1 ? rand_range (rand, 40, 65)
                          : s == 2 ? rand_range (rand, 5, 30) : 0;
        int interval = controls[c].test_interval_days;
        guint32 tested = s >= 3 ? 0 : d->today - rand_range (rand, 0, interval * 14 / 10);
        g_autofree char *ref = demo_ref (d, "CTL", created);
        gint64 id;

        id = demo_exec (d,
                        "INSERT INTO control (ref, facility_id, layer_id, name, description, domain, function, owner,"
                        " status, effectiveness, test_interval_days, last_tested_on, created_at, updated_at)"
                        " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
                        "sllssssssddsss", ref, d->facility[f], d->layer[f][controls[c].layer],
                        controls[c].name, controls[c].description, controls[c].domain, controls[c].function,
                        controls[c].owner, statuses[s], effectiveness, interval,
                        tested != 0 ? day_text (tested).s : NULL, stamp_text (created, 10 * 3600).s,
                        stamp_text (MAX (created, tested), 10 * 3600).s);
        d->control[f][c] = id;

        for (int r = 0; r < 4 && controls[c].regulations[r] != NULL; r++)
          demo_exec (d, "INSERT INTO control_regulation (control_id, regulation_id) VALUES (?1, ?2)",
                     "ll", id, regulation_id (d, controls[c].regulations[r]));
        for (int k = 0; k < 3 && controls[c].elements[k] != NULL; k++)
          for (int e = 0; e < N_ELEMENTS; e++)
            if (g_str_equal (template_element (d, e)->key, controls[c].elements[k]))
              demo_exec (d, "INSERT INTO control_plan_element (control_id, plan_element_id) VALUES (?1, ?2)",
                         "ll", id, d->element[f][e]);
      }

  for (guint t = 0; t < G_N_ELEMENTS (threats); t++)
    {
      int f = threats[t].facility;
      guint32 created = d->today - plan_history[f].pfsa_days_ago;
      g_autofree char *ref = demo_ref (d, "THR", created);
      StampText at = stamp_text (created, 11 * 3600);
      gint64 id = demo_exec (d,
                             "INSERT INTO threat_scenario (ref, facility_id, pfsa_id, name, description, target,"
                             " likelihood, consequence, created_at, updated_at)"
                             " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
                             "sllsssddss", ref, d->facility[f], d->pfsa[f], threats[t].name,
                             threats[t].description, threats[t].target, threats[t].likelihood,
                             threats[t].consequence, at.s, at.s);

      for (int m = 0; threats[t].mitigations[m] >= 0; m++)
        demo_exec (d, "INSERT INTO threat_mitigation (threat_id, control_id) VALUES (?1, ?2)",
                   "ll", id, d->control[f][threats[t].mitigations[m]]);
    }
}

/* Rules are the regime files' ids (data/regimes/); an obligation no file has a
 * rule for recurs by hand every interval_months. */
static const struct
{
  const char *kind, *title, *rule;
  int interval_months;      /* by hand (rule NULL): months from the last one; 0 with a rule */
  int history_months;       /* the item started this long before as_of, with completions since;
                             * 0: started with the facility, nothing done yet */
  guint overdue_at;         /* bit per facility: leave the last deadline before as_of missed */
  int next_due_offset;      /* for items without history: days from as_of; 0: from the plan or PFSA */
} schedules[] = {
  { "drill", "Quarterly security drill", "isps-b18.5", 0, 27, 1u << FAC_CT, 0 },
  { "exercise", "Annual security exercise", "isps-b18.6", 0, 30, 0, 0 },
  /* Counted from the approval of the plan in force (33 CFR 105.415(b)). */
  { "audit", "Annual audit of the security plan", "33cfr-105.415-audit", 0, 30, 1u << FAC_ACA, 0 },
  { "cyber-drill", "Cyber incident drill", "33cfr-101.635-cyber-drills", 0, 24, 0, 0 },
  /* ISPS Code B/18.3, A/16.3.8 and A/15 set no fixed interval: set by hand. */
  { "training", "Security awareness training session", NULL, 6, 24, 0, 0 },
  { "plan-review", "Review of the security plan", NULL, 12, 0, 0, 0 },
  { "assessment-review", "Review of the port facility security assessment", NULL, 60, 0, 0, 0 },
  { "gap-self-assessment", "GAP self-assessment", NULL, 12, 0, 0, 45 },
};

static const char * const drill_scenarios[] = {
  "Unauthorized person at the gate without a badge",
  "Suspicious package left in a public area",
  "Bomb threat received by telephone",
  "Ship security alert activated at the berth",
  "Evacuation of the security control room",
  "Stowaway search of the container stack",
  "Loss of CCTV coverage on the perimeter",
  "Intruder detected on the quay at night",
};

static const char * const cyber_scenarios[] = {
  "Ransomware on the gate appointment server",
  "Compromised partner-portal account",
  "Access-control server unreachable",
};

/* The next deadline after @done (the anchor when @n is 0), by the clock engine. */
static guint32
next_deadline (const PsemsClockRule *clock,
               guint32               anchor,
               const PsemsDay       *done,
               guint                 n)
{
  PsemsClockStatus status;

  psems_clock_evaluate (clock, anchor, done, n, n > 0 ? done[n - 1] : anchor, &status);
  return status.due;
}

/* One legal hold, as a real authority has: the oldest drill record is evidence in a claim. */
static void
add_legal_hold (Demo *d)
{
  demo_exec (d,
             "INSERT INTO legal_hold (entity, record_id, reason, placed_at, placed_by)"
             " SELECT 'completion', id, ?1, ?2, 'PFSO' FROM completion ORDER BY done_on, id LIMIT 1",
             "ss", "Insurance claim for the damaged gate 3 barrier", stamp_text (d->today - 20, 10 * 3600).s);
}

static void
add_schedules (Demo *d)
{
  g_autoptr(GRand) rand = rand_for (d, R_SCHEDULE);
  g_autoptr(GArray) done_days = g_array_new (FALSE, FALSE, sizeof (PsemsDay));

  for (guint s = 0; s < G_N_ELEMENTS (schedules) && d->error == NULL; s++)
    {
      g_autoptr(PsemsRegimeRule) rule = NULL;
      PsemsClockRule clock = { PSEMS_CLOCK_FROM_LAST, { schedules[s].interval_months, PSEMS_CLOCK_MONTHS },
                               1, { 0, PSEMS_CLOCK_DAYS }, 0 };

      if (schedules[s].rule != NULL)
        {
          rule = psems_regime_find_rule (schedules[s].rule, &d->error);
          if (rule == NULL)
            {
              g_prefix_error (&d->error, _("Demo data: schedule: "));
              return;
            }
          clock = rule->clock;
        }

      for (int f = 0; f < N_FACILITIES && d->error == NULL; f++)
        {
          guint32 created = schedules[s].history_months > 0
                          ? add_months (d->today, -schedules[s].history_months)
                          : d->today - facilities[f].created_days_ago + 30;
          guint32 anchor = created;
          gboolean overdue = (schedules[s].overdue_at & (1u << f)) != 0;
          guint32 due = 0;
          g_autofree char *ref = demo_ref (d, "SCH", created);
          g_autofree char *title = g_strdup_printf ("%s — %s", schedules[s].title,
                                                    facilities[f].code);
          gint64 item;

          if (rule != NULL && rule->anchor == PSEMS_REGIME_ANCHOR_PLAN_APPROVAL)
            anchor = d->today - plan_history[f].approved_days_ago;
          if (schedules[s].history_months == 0)
            {
              if (schedules[s].next_due_offset != 0)
                due = d->today + schedules[s].next_due_offset;
              else if (g_str_equal (schedules[s].kind, "plan-review"))
                due = d->today + plan_history[f].review_due_offset;
              else
                due = add_months (d->today - plan_history[f].pfsa_days_ago + 40, 60);
            }

          item = demo_exec (d,
                            "INSERT INTO schedule_item (ref, facility_id, kind, title, rule, interval_months,"
                            " next_due, assignee, anchor_on, created_at, updated_at)"
                            " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
                            "slssszsssss", ref, d->facility[f], schedules[s].kind, title, schedules[s].rule,
                            schedules[s].interval_months, due != 0 ? day_text (due).s : NULL,
                            g_str_equal (schedules[s].kind, "cyber-drill")
                              ? "IT security officer" : "PFSO",
                            day_text (created).s,
                            stamp_text (created, 9 * 3600).s, stamp_text (created, 9 * 3600).s);

          g_array_set_size (done_days, 0);
          while (schedules[s].history_months > 0 && d->error == NULL)
            {
              gboolean late = chance (rand, 0.22);
              guint32 done;
              g_autofree char *cref = NULL;
              const char *scenario;
              const char *lessons = NULL;
              gint64 completion;
              CompletionInfo info;

              due = next_deadline (&clock, anchor, (const PsemsDay *) done_days->data, done_days->len);
              done = late ? due + rand_range (rand, 4, 40) : due - rand_range (rand, 0, 20);
              if (done_days->len > 0 && done <= g_array_index (done_days, PsemsDay, done_days->len - 1))
                done = g_array_index (done_days, PsemsDay, done_days->len - 1) + 7;
              if (done >= d->today && due < d->today)
                done = d->today - 1;
              /* Clamped back to yesterday, a completion already recorded there ends the history. */
              if (done >= d->today || done < anchor ||
                  (done_days->len > 0 && done <= g_array_index (done_days, PsemsDay, done_days->len - 1)))
                break;
              /* An item meant to be overdue skips the completion after which
               * the next deadline would not have passed by as_of. */
              if (overdue)
                {
                  PsemsDay candidate = done;
                  guint32 after;

                  g_array_append_val (done_days, candidate);
                  after = next_deadline (&clock, anchor, (const PsemsDay *) done_days->data, done_days->len);
                  g_array_set_size (done_days, done_days->len - 1);
                  if (after >= d->today)
                    break;
                }
              g_array_append_val (done_days, done);

              scenario = g_str_equal (schedules[s].kind, "cyber-drill") ? PICK (rand, cyber_scenarios)
                       : g_str_equal (schedules[s].kind, "audit")
                         ? "Internal audit of the plan's measures"
                       : g_str_equal (schedules[s].kind, "training")
                         ? "Security awareness for new staff and hauliers"
                       : PICK (rand, drill_scenarios);
              if (chance (rand, 0.4))
                lessons = "Radio coverage weak behind the stack; the call-out list needed two updates.";

              cref = demo_ref (d, "CMP", done);
              completion = demo_exec (d,
                                      "INSERT INTO completion (ref, schedule_item_id, due_on, done_on, duration_minutes,"
                                      " description, participants, lessons_learned, recorded_by, created_at)"
                                      " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
                                      "slssdsssss", cref, item, day_text (due).s, day_text (done).s,
                                      rand_range (rand, 4, 16) * 15, scenario,
                                      "PFSO, duty security supervisor, 6 guards, control room operator, police liaison",
                                      lessons, d->pfso_name[f] != NULL ? d->pfso_name[f] : "PFSO",
                                      stamp_text (done, 17 * 3600).s);
              info = (CompletionInfo) { completion, f, schedules[s].kind, done };
              g_array_append_val (d->completions, info);

              if (chance (rand, 0.3))
                {
                  g_autofree char *sheet = g_strdup_printf ("completion,date,participant,role\n"
                                                            "%s,%s,PFSO,lead\n%s,%s,Guard 1,participant\n"
                                                            "%s,%s,Guard 2,participant\n",
                                                            cref, day_text (done).s, cref, day_text (done).s,
                                                            cref, day_text (done).s);
                  g_autofree char *name = g_strdup_printf ("attendance-%s.csv", cref);
                  gint64 evidence = add_evidence (d, name, "text/csv", sheet, "Attendance sheet",
                                                  done);

                  demo_exec (d, "INSERT INTO completion_evidence (completion_id, evidence_id) VALUES (?1, ?2)",
                             "ll", completion, evidence);
                }
            }

          /* next_due and last_done as every schedule write keeps them. */
          if (d->error == NULL)
            psems_schedule_refresh_due_dates (d->store, item, d->today, &d->error);
        }
    }
}

static void
add_declarations (Demo *d)
{
  static const struct { int facility; const char *ship; guint imo; int days_ago, days, level; } ships[] = {
    { FAC_CT, "Nordic Star", 981234, 170, 2, 1 },
    { FAC_CT, "Baltic Meridian", 972265, 120, 1, 1 },
    { FAC_CT, "Aurora Trader", 965510, 64, 3, 1 },
    { FAC_CT, "Sea Lantern", 990871, 18, 2, 1 },
    { FAC_CT, "Hanna Jakobsen", 984402, 1, 3, 1 },
    { FAC_CRU, "Stella Borealis", 977001, 150, 1, 1 },
    { FAC_CRU, "Aegean Pearl", 968822, 97, 1, 1 },
    { FAC_CRU, "Queen Astrid", 979315, 45, 1, 1 },
    { FAC_CRU, "Maris Aurora", 986640, 21, 2, 1 },
    { FAC_CRU, "Silver Tern", 991127, 2, 2, 2 },
  };
  static const char * const captains[] = {
    "Jonas Lindqvist", "Αντώνης Καραγιάννης", "Ewa Zielińska", "Rui Magalhães", "Sigrún Jónsdóttir",
    "Marco Bellini", "Олег Морозов", "Chen Jianguo", "Fatima Benali", "Henrik Østergaard",
  };

  for (guint i = 0; i < G_N_ELEMENTS (ships); i++)
    {
      int f = ships[i].facility;
      guint32 from = d->today - ships[i].days_ago;
      guint32 until = from + ships[i].days;
      g_autofree char *imo = ship_imo_number (ships[i].imo);
      g_autofree char *ref = demo_ref (d, "DOS", from);
      g_autofree char *master = g_strdup_printf ("Capt. %s (master)",
                                                 captains[i % G_N_ELEMENTS (captains)]);
      gint64 id;

      id = demo_exec (d,
                      "INSERT INTO declaration_of_security (ref, facility_id, ship_name, ship_imo, security_level,"
                      " valid_from, valid_until, reason, responsibilities, ship_signatory, facility_signatory,"
                      " signed_on, created_at, updated_at)"
                      " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
                      "slssdsssssssss", ref, d->facility[f], ships[i].ship, imo, ships[i].level,
                      day_text (from).s, day_text (until).s,
                      ships[i].level > 1 ? "The facility operates at a higher security level than the ship"
                                         : "Requested by the ship: ship/port interface with passenger embarkation",
                      "Facility: access control at the gangway and screening of stores; ship: deck watch "
                         "and control of embarkation.",
                      master, d->pfso_name[f] != NULL ? d->pfso_name[f] : "PFSO", day_text (from).s,
                      stamp_text (from, 7 * 3600).s, stamp_text (from, 7 * 3600).s);
      if (i % 3 == 0)
        {
          g_autofree char *text = g_strdup_printf ("Declaration of Security %s\nShip: %s (IMO %s)\n"
                                                   "Facility: %s\nPeriod: %s to %s\n",
                                                   ref, ships[i].ship, imo, facilities[f].name,
                                                   day_text (from).s, day_text (until).s);
          g_autofree char *name = g_strdup_printf ("%s-signed.txt", ref);
          gint64 evidence = add_evidence (d, name, "text/plain", text, "Signed declaration", from);

          demo_exec (d, "INSERT INTO dos_evidence (dos_id, evidence_id) VALUES (?1, ?2)", "ll", id,
                     evidence);
        }
    }
}

static const struct
{
  int facility, days_ago, seconds, aware_minutes;
  const char *kind, *title, *description, *location;
  int level;
  const char *reported_by, *reported_to, *response;
  gboolean significant, cyber_reportable;
  int early_warning_hours, notification_hours, final_report_days;   /* after aware_at; -1: not sent */
  int closed_after_days;                                              /* -1: still open */
  int failed[3], worked[3];                                           /* CTL_…, ended by -1 */
  const char *lessons[2];
} incidents[] = {
  { FAC_CT, 400, 2 * 3600 + 1500, 6, "intrusion", "Intruder climbed the perimeter fence at section 12",
    "Thermal camera 14 detected a person on the fence; the patrol found the topping damaged.",
    "Landside fence, section 12", 1, "Patrol officer", "Police; designated authority",
    "Patrol dispatched, intruder detained by police 14 minutes later", FALSE, FALSE, -1, -1, -1, 30,
    { CTL_FENCE, -1 }, { CTL_PIDS, CTL_PATROL, -1 },
    { "Inspect the anti-climb topping monthly and after storms.", NULL } },
  { FAC_CT, 150, 6 * 3600, 20, "stowaway", "Two stowaways found in an empty container at the reefer stack",
    "A lashing crew heard knocking from a container due to be loaded.", "Reefer stack, row 31", 1,
    "Lashing crew", "Border police", "Container opened, persons handed to the border police",
    FALSE, FALSE, -1, -1, -1, 12, { -1 }, { CTL_REPORTING, -1 },
    { "Seal empty containers before they enter the stack.", NULL } },
  { FAC_CT, 52, 3 * 3600 + 600, 180, "cyber", "Ransomware blocked on the gate appointment server",
    "Endpoint protection stopped encryption; the server was isolated and rebuilt from backup.",
    "Gate appointment server", 1, "IT service desk", "National CSIRT; designated authority",
    "Server isolated, rebuilt from offline backup, passwords reset", TRUE, TRUE, 20, 70, 25, 40,
    { -1 }, { CTL_SEGMENTATION, CTL_MONITORING, CTL_PLAYBOOK },
    { "Restore-test the access-control backups every quarter.", "Enforce MFA for every administrator account." } },
  { FAC_CT, 8, 22 * 3600, 2, "ssas-alert", "Ship security alert received from MV Hanna Jakobsen at berth 4",
    "The alert was a test the crew had not announced; confirmed with the company security officer.",
    "Berth 4", 1, "Control room", "Designated authority", "Berth isolated for 40 minutes until the CSO confirmed",
    FALSE, FALSE, -1, -1, -1, 1, { -1 }, { CTL_LEVEL_NOTICE, -1 },
    { "Ask ship agents to announce SSAS tests to the control room.", NULL } },
  { FAC_CRU, 95, 10 * 3600 + 1800, 5, "unauthorized-access", "Ship-side apron gate left open during provisioning",
    "A delivery driver walked onto the apron unchallenged while the gate stood open for 25 minutes.",
    "Ship-side apron, gate S2", 1, "Terminal host", "Designated authority",
    "Driver escorted off; gate procedure briefed to all guards", FALSE, FALSE, -1, -1, -1, 20,
    { CTL_BARRIERS, CTL_BADGE_CHECK, -1 }, { CTL_PIDS, -1 },
    { "Provisioning only through the screened gate S1.", NULL } },
  { FAC_CRU, 12, 15 * 3600, 25, "see-say-act", "Passenger reported an unattended bag in the embarkation hall",
    "A passenger used the See-Say-Act app; the bag belonged to a crew member.", "Embarkation hall", 1,
    "Member of the public", "Terminal security desk", "Area cleared, bag checked, hall reopened after 35 minutes",
    FALSE, FALSE, -1, -1, -1, -1, { -1 }, { CTL_REPORTING, -1 },
    { "Relay See-Say-Act reports to the control room directly, not through the desk.", NULL } },
  { FAC_ACA, 60, 9 * 3600, 240, "cyber", "Phishing compromised a freight forwarder portal account",
    "A forwarder's account was used to change delivery addresses of three consignments.",
    "Partner portal", 1, "Freight forwarder", "National CSIRT", "Account locked, consignments held and checked",
    TRUE, FALSE, 22, 71, -1, -1, { CTL_MFA, -1 }, { CTL_MONITORING, -1 },
    { "Enforce MFA on the partner portal.", NULL } },
  { FAC_ACA, 200, 4 * 3600, 30, "suspicious-item", "Unmanifested package found in a known-consignor shipment",
    "Screening found a package not on the manifest; it held documents and no dangerous goods.",
    "Known-consignor screening", 3, "Screener", "Police; national aviation security authority",
    "Shipment held, consignor's status suspended pending review", FALSE, FALSE, -1, -1, -1, 45,
    { -1 }, { CTL_BADGE_CHECK, CTL_DOC_LOGGING, -1 },
    { "Cross-check known-consignor declarations against the manifest.", NULL } },
};

static const struct
{
  int facility;
  const char *source, *severity, *title, *description, *requirement, *root_cause, *action, *owner;
  int raised_days_ago, due_after, status_days[2];   /* closed, verified: days after raised; -1 not yet */
  const char *status;
  gboolean self_verified;
  int control;          /* CTL_… or -1 */
  int incident;         /* index in incidents[] or -1 */
} findings[] = {
  { FAC_CT, "audit", "major", "Gate 3 turnstiles accept expired badges",
    "Three expired badges opened the turnstiles during the audit.", "ISPS A/16.3.2",
    "Badge expiry not synchronised from the vetting register", "Nightly expiry synchronisation and alarm",
    "Security manager", 60, 30, { -1, -1 }, "open", FALSE, CTL_BADGE_CHECK, -1 },
  { FAC_CT, "drill", "minor", "Patrol response took 11 minutes against 5 required",
    "During the night drill the patrol was at the far end of the terminal.", "ISPS A/16.3.3",
    "One patrol vehicle for the whole terminal at night", "Second night patrol on the quay side",
    "Security manager", 100, 60, { -1, -1 }, "in-progress", FALSE, CTL_PATROL, -1 },
  { FAC_CT, "audit", "observation", "Visitor log entries incomplete",
    "12 of 80 visitor entries had no host name.", "ISPS A/16.3.15", NULL,
    "Host name made a required field", "PFSO", 200, 45, { 40, -1 }, "closed", FALSE, -1, -1 },
  { FAC_CT, "exercise", "major", "Communications with the harbour master failed during the exercise",
    "The shared radio channel was not programmed in the new handsets.", "ISPS B/18.6",
    "Handset configuration not checked after replacement", "Handsets reprogrammed; configuration checklist",
    "Terminal operations manager", 300, 30, { 25, 20 }, "verified", FALSE, -1, -1 },
  { FAC_CT, "incident", "minor", "Fence section 12 anti-climb topping damaged",
    "The intruder used a damaged section of the topping.", "ISPS A/16.3.2",
    "Storm damage not reported", "Topping repaired; monthly fence inspection", "Facilities manager",
    399, 14, { 10, 5 }, "verified", TRUE, CTL_FENCE, 0 },
  { FAC_CT, "manual", "observation", "Security awareness refresher lapsed for 12 % of hauliers",
    "The training register shows lapsed awareness training for hauliers.", "ISPS B/18.3", NULL,
    "Refresher sessions at the truck gate", "PFSO", 10, 50, { -1, -1 }, "open", FALSE, -1, -1 },
  { FAC_CT, "incident", "minor", "Backups of security system configuration never restore-tested",
    "The ransomware response found no record of a restore test.", "NIS2 Art. 21(2)(c)", NULL,
    "Quarterly restore test", "IT security officer", 45, 14, { -1, -1 }, "open", FALSE, CTL_BACKUPS, 2 },
  { FAC_CT, "audit", "minor", "Lighting below standard at the reefer stack",
    "Measured 8 lux against the 20 lux the plan sets.", "ISPS A/16.3.12", "Failed lamps not replaced",
    "Lamps replaced; lighting added to the monthly round", "Facilities manager", 500, 60, { 35, 30 },
    "verified", FALSE, -1, -1 },
  { FAC_CRU, "drill", "major", "Baggage screening can be bypassed through the crew entrance",
    "The drill's red team carried a test item through the crew entrance.", "ISPS A/16.3.1",
    "Crew entrance outside the screening plan", "Screening at the crew entrance", "PFSO",
    20, 40, { -1, -1 }, "in-progress", FALSE, CTL_BARRIERS, -1 },
  { FAC_CRU, "audit", "minor", "Two declarations of security not filed",
    "Two DoS from last season were not in the register.", "ISPS A/5", NULL,
    "DoS scanned and registered on signature", "PFSO", 150, 30, { 30, -1 }, "closed", FALSE, -1, -1 },
  { FAC_CRU, "incident", "major", "Ship-side apron gate left open during provisioning",
    "See incident; the gate procedure was not followed.", "ISPS A/16.3.2", "Procedure unclear to agency guards",
    "Provisioning moved to the screened gate; guards briefed", "Security manager", 94, 21, { 18, 12 },
    "verified", FALSE, CTL_BADGE_CHECK, 4 },
  { FAC_CRU, "exercise", "observation", "Evacuation signs lack Spanish and Portuguese",
    "Passengers on the exercise could not read the signs.", "ISPS A/16.3.5", NULL,
    "Signs in six languages", "Terminal operations manager", 90, 60, { -1, -1 }, "open", FALSE, -1, -1 },
  { FAC_CRU, "manual", "minor", "Two-person rule not recorded in the CCTV room log",
    "Log shows single entries on 5 nights.", "ISPS A/16.3.2", NULL, "Badge reader enforces two badges",
    "PFSO", 70, 90, { -1, -1 }, "in-progress", FALSE, CTL_TWO_PERSON, -1 },
  { FAC_CRU, "incident", "observation", "See-Say-Act report reached the control room after 25 minutes",
    "The report went through the terminal desk first.", "ISPS A/16.3.9", NULL,
    "App reports routed to the control room", "PFSO", 11, 30, { 9, -1 }, "closed", FALSE, CTL_REPORTING, 5 },
  { FAC_ACA, "audit", "major", "Known-consignor declarations not cross-checked",
    "Declarations are filed without comparing them to the manifest.", "ISPS A/16.3.1", NULL,
    "Cross-check at reception", "Cargo operations manager", 25, 30, { -1, -1 }, "open", FALSE,
    CTL_DOC_LOGGING, -1 },
  { FAC_ACA, "drill", "minor", "Drone detection alert not escalated",
    "The drill's drone alert stayed on the operator's screen for 9 minutes.", "ISPS A/16.3.3", NULL,
    "Escalation rule in the control-room procedure", "Security manager", 130, 45, { 45, -1 }, "closed", FALSE,
    CTL_PIDS, -1 },
  { FAC_ACA, "incident", "minor", "MFA not enforced on the partner portal",
    "The phished account had no second factor.", "NIS2 Art. 21(2)(j)", NULL, "MFA for all partner accounts",
    "IT security officer", 58, 21, { -1, -1 }, "in-progress", FALSE, CTL_MFA, 6 },
  { FAC_ACA, "audit", "observation", "Bonded warehouse key register kept by hand",
    "Keys are signed out in a paper book.", "ISPS A/16.3.12", NULL, "Electronic key cabinet",
    "Facilities manager", 400, 90, { 30, 10 }, "verified", TRUE, -1, -1 },
};

/* The latest completion of @kind at @facility done on or before @day, or 0. */
static gint64
find_completion (Demo       *d,
                 int         facility,
                 const char *kind,
                 guint32     day)
{
  gint64 best = 0;
  guint32 best_day = 0;

  for (guint i = 0; i < d->completions->len; i++)
    {
      const CompletionInfo *c = &g_array_index (d->completions, CompletionInfo, i);

      if (c->facility == facility && g_str_equal (c->kind, kind) && c->done_on <= day && c->done_on >= best_day)
        {
          best = c->id;
          best_day = c->done_on;
        }
    }
  return best;
}

static void
add_lesson (Demo       *d,
            int         facility,
            gint64      incident,
            gint64      completion,
            const char *text,
            gint64      finding,
            gint64      element,
            const char *status,
            guint32     created,
            guint32     implemented)
{
  g_autofree char *ref = demo_ref (d, "LSN", created);

  demo_exec (d,
             "INSERT INTO lesson (ref, facility_id, incident_id, completion_id, text, finding_id, plan_element_id,"
             " status, implemented_on, created_at, updated_at)"
             " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
             "slLLsLLssss", ref, d->facility[facility], incident, completion, text, finding, element, status,
             implemented != 0 ? day_text (implemented).s : NULL, stamp_text (created, 16 * 3600).s,
             stamp_text (implemented != 0 ? implemented : created, 16 * 3600).s);
}

static int
element_index (Demo       *d,
               const char *key)
{
  for (int e = 0; e < N_ELEMENTS; e++)
    if (g_str_equal (template_element (d, e)->key, key))
      return e;
  g_assert_not_reached ();
}

static void
add_incidents_and_findings (Demo *d)
{
  gint64 incident_ids[G_N_ELEMENTS (incidents)];
  guint32 incident_closed[G_N_ELEMENTS (incidents)];
  gint64 finding_ids[G_N_ELEMENTS (findings)];
  guint32 finding_done[G_N_ELEMENTS (findings)];   /* verified, else 0 */

  for (guint i = 0; i < G_N_ELEMENTS (incidents); i++)
    {
      int f = incidents[i].facility;
      guint32 day = d->today - incidents[i].days_ago;
      int at = incidents[i].seconds, aware = at + incidents[i].aware_minutes * 60;
      guint32 closed = incidents[i].closed_after_days >= 0 ? day + incidents[i].closed_after_days : 0;
      g_autofree char *ref = demo_ref (d, "INC", day);
      gint64 id;

      id = demo_exec (d,
                      "INSERT INTO incident (ref, facility_id, occurred_at, aware_at, time_zone, location, kind, title,"
                      " description, security_level, reported_by, reported_to, response, significant,"
                      " cyber_reportable, early_warning_sent_at, notification_sent_at, final_report_sent_at,"
                      " nrc_reported_at, status, closed_on, created_at, updated_at)"
                      " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18,"
                      " ?19, ?20, ?21, ?22, ?23)",
                      "slsssssssdsssddssssssss",
                      ref, d->facility[f], stamp_text (day, at).s, stamp_text (day, aware).s,
                      facilities[f].time_zone, incidents[i].location, incidents[i].kind, incidents[i].title,
                      incidents[i].description, incidents[i].level, incidents[i].reported_by,
                      incidents[i].reported_to, incidents[i].response, incidents[i].significant ? 1 : 0,
                      incidents[i].cyber_reportable ? 1 : 0,
                      incidents[i].early_warning_hours < 0 ? NULL
                        : stamp_text (day, aware + incidents[i].early_warning_hours * 3600).s,
                      incidents[i].notification_hours < 0 ? NULL
                        : stamp_text (day, aware + incidents[i].notification_hours * 3600).s,
                      incidents[i].final_report_days < 0 ? NULL
                        : stamp_text (day + incidents[i].final_report_days + 3, aware).s,
                      /* A reportable cyber incident: the NRC called within the hour (without delay). */
                      incidents[i].cyber_reportable ? stamp_text (day, aware + 45 * 60).s : NULL,
                      closed != 0 ? "closed" : "open", closed != 0 ? day_text (closed).s : NULL,
                      stamp_text (day, aware).s, stamp_text (closed != 0 ? closed : day, aware).s);
      incident_ids[i] = id;
      incident_closed[i] = closed;

      for (int k = 0; k < 3 && incidents[i].failed[k] >= 0; k++)
        demo_exec (d, "INSERT INTO incident_control (incident_id, control_id, outcome) VALUES (?1, ?2, 'failed')",
                   "ll", id, d->control[f][incidents[i].failed[k]]);
      for (int k = 0; k < 3 && incidents[i].worked[k] >= 0; k++)
        demo_exec (d, "INSERT INTO incident_control (incident_id, control_id, outcome) VALUES (?1, ?2, 'worked')",
                   "ll", id, d->control[f][incidents[i].worked[k]]);

      if (i % 2 == 0)
        {
          g_autofree char *text = g_strdup_printf ("Incident report %s\n%s\n\n%s\n\nResponse: %s\n", ref,
                                                   incidents[i].title, incidents[i].description,
                                                   incidents[i].response);
          g_autofree char *name = g_strdup_printf ("incident-report-%s.txt", ref);
          gint64 evidence = add_evidence (d, name, "text/plain", text, "Incident report", day);

          demo_exec (d, "INSERT INTO incident_evidence (incident_id, evidence_id) VALUES (?1, ?2)",
                     "ll", id, evidence);
        }
    }

  for (guint i = 0; i < G_N_ELEMENTS (findings); i++)
    {
      int f = findings[i].facility;
      guint32 raised = d->today - findings[i].raised_days_ago;
      guint32 closed = findings[i].status_days[0] >= 0 ? raised + findings[i].status_days[0] : 0;
      guint32 verified = closed != 0 && findings[i].status_days[1] >= 0 ? closed + findings[i].status_days[1] : 0;
      const char *pfso = d->pfso_name[f] != NULL ? d->pfso_name[f] : "PFSO";
      const char *closed_by = findings[i].self_verified ? pfso : findings[i].owner;
      const char *source = findings[i].source;
      gint64 completion = 0, incident = 0;
      g_autofree char *ref = demo_ref (d, "FND", raised);
      gint64 id;

      if (g_str_equal (source, "audit") || g_str_equal (source, "drill") || g_str_equal (source, "exercise"))
        completion = find_completion (d, f, source, raised);
      if (findings[i].incident >= 0)
        incident = incident_ids[findings[i].incident];

      id = demo_exec (d,
                      "INSERT INTO finding (ref, facility_id, source, completion_id, incident_id, control_id, severity,"
                      " title, description, requirement_ref, root_cause, corrective_action, owner, raised_on,"
                      " raised_by, due_on, status, closed_on, closed_by, verified_on, verified_by, self_verified,"
                      " created_at, updated_at)"
                      " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18,"
                      " ?19, ?20, ?21, ?22, ?23, ?24)",
                      "slsLLLsssssssssssssssdss",
                      ref, d->facility[f], source, completion, incident,
                      findings[i].control >= 0 ? d->control[f][findings[i].control] : (gint64) 0,
                      findings[i].severity, findings[i].title, findings[i].description, findings[i].requirement,
                      findings[i].root_cause, findings[i].action, findings[i].owner, day_text (raised).s, pfso,
                      day_text (raised + findings[i].due_after).s, findings[i].status,
                      closed != 0 ? day_text (closed).s : NULL, closed != 0 ? closed_by : NULL,
                      verified != 0 ? day_text (verified).s : NULL,
                      verified != 0 ? (findings[i].self_verified ? pfso : "Internal audit, Nordhaven Port Authority")
                                    : NULL,
                      findings[i].self_verified ? 1 : 0,
                      stamp_text (raised, 13 * 3600).s,
                      stamp_text (verified != 0 ? verified : closed != 0 ? closed : raised,
                                  13 * 3600).s);
      finding_ids[i] = id;
      finding_done[i] = verified;

      if (verified != 0 && i % 2 == 1)
        {
          g_autofree char *text = g_strdup_printf ("Corrective action record %s\n%s\nAction: %s\n",
                                                   ref,
                                                   findings[i].title, findings[i].action);
          g_autofree char *name = g_strdup_printf ("corrective-action-%s.txt", ref);
          gint64 evidence = add_evidence (d, name, "text/plain", text, "Corrective action record",
                                          closed);

          demo_exec (d, "INSERT INTO finding_evidence (finding_id, evidence_id) VALUES (?1, ?2)",
                     "ll", id, evidence);
        }

      /* Drill → lesson → action: a drill's or exercise's finding is also its lesson. */
      if (completion != 0 && !g_str_equal (source, "audit"))
        add_lesson (d, f, 0, completion, findings[i].action, id, 0,
                    verified != 0 ? "implemented" : "in-progress", raised, verified);
    }

  for (guint i = 0; i < G_N_ELEMENTS (incidents); i++)
    {
      int f = incidents[i].facility;
      guint32 day = d->today - incidents[i].days_ago;

      for (int k = 0; k < 2 && incidents[i].lessons[k] != NULL; k++)
        {
          gint64 finding = 0, element = 0;
          guint32 implemented = 0;
          const char *status;

          for (guint j = 0; k == 0 && j < G_N_ELEMENTS (findings); j++)
            if (findings[j].incident == (int) i)
              {
                finding = finding_ids[j];
                implemented = finding_done[j];
              }
          if (g_str_equal (incidents[i].kind, "intrusion") || g_str_equal (incidents[i].kind, "unauthorized-access"))
            element = d->element[f][element_index (d, "unauthorized-access")];
          else if (g_str_equal (incidents[i].kind, "suspicious-item"))
            element = d->element[f][element_index (d, "weapons-dangerous-substances")];

          if (finding != 0)
            status = implemented != 0 ? "implemented" : "in-progress";
          else if (k == 0 && incident_closed[i] != 0)
            {
              status = "implemented";
              implemented = incident_closed[i];
            }
          else
            status = "open";
          add_lesson (d, f, incident_ids[i], 0, incidents[i].lessons[k], finding, element, status,
                      day + 1, implemented);
        }
    }
}

#define DEMO_BANK "isps-pfsp"

/* The shipped ISPS bank, read and imported as an assessment would (one audit
 * entry per entity is the demo's way: see record_audit()). */
static gint64
add_question_bank (Demo *d)
{
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GPtrArray) banks = NULL;
  PsemsBank *bank;

  if (d->error != NULL)
    return 0;
  banks = psems_bank_load_all (&problems);
  bank = psems_bank_find (banks, DEMO_BANK, NULL);
  if (bank == NULL)
    {
      g_autoptr(GString) why = g_string_new (problems->len == 0 ? _("no bank file holds it") : NULL);

      for (guint i = 0; i < problems->len; i++)
        g_string_append_printf (why, "%s%s", i > 0 ? "; " : "", (const char *) g_ptr_array_index (problems, i));
      g_set_error (&d->error, PSEMS_ERROR, PSEMS_ERROR_FAILED,
                   _("Demo data: the question bank %s cannot be read: %s"), DEMO_BANK, why->str);
      return 0;
    }
  return psems_bank_import (d->txn, bank, PSEMS_BANK_IMPORT_NO_AUDIT, year_of (d->today - 400), NULL, &d->error);
}

/* Two GAP self-assessments of the container terminal from @bank: one
 * completed a year before the demo day, one under way, better in places and
 * worse in one; a non-compliant answer of the current one raised a finding. */
static void
add_assessments (Demo   *d,
                 gint64  bank)
{
  enum { R_GAP = 900, N_ANSWERED_NOW = 20 };
  static const char * const values[] = { "compliant", "partial", "non-compliant", "not-applicable" };
  static const guint weights[] = { 70, 20, 8, 2 };
  static const char * const notes[] = {
    NULL,
    "Addressed for security level 1 only; the level 2 and 3 measures are still being written.",
    "Not addressed in the approved plan.",
    "Does not apply to this facility.",
  };
  const int f = FAC_CT;
  const guint32 then_start = d->today - 372, then_done = d->today - 365, now_start = d->today - 20;
  const char *assessor = d->pfso_name[f] != NULL ? d->pfso_name[f] : "PFSO";
  g_autoptr(GRand) rand = NULL;
  g_autofree char *then_ref = NULL;
  g_autofree char *now_ref = NULL;
  g_autoptr(GArray) questions = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GPtrArray) codes = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) references = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GArray) before = g_array_new (FALSE, FALSE, sizeof (guint));
  gint64 then_id, now_id;
  gboolean raised = FALSE;

  if (d->error != NULL || bank == 0)
    return;
  {
    sqlite3_stmt *stmt = psems_store_prepare (d->store, "SELECT id, code, reference, text FROM question"
                                                        " WHERE bank_id = ?1 ORDER BY position", &d->error);

    if (stmt == NULL)
      return;
    sqlite3_bind_int64 (stmt, 1, bank);
    while (sqlite3_step (stmt) == SQLITE_ROW)
      {
        gint64 id = sqlite3_column_int64 (stmt, 0);

        g_array_append_val (questions, id);
        g_ptr_array_add (codes, psems_sql_dup_column (stmt, 1));
        g_ptr_array_add (references, psems_sql_dup_column (stmt, 2));
        g_ptr_array_add (texts, psems_sql_dup_column (stmt, 3));
      }
    sqlite3_reset (stmt);
  }

  rand = rand_for (d, R_GAP);
  then_ref = demo_ref (d, "GAP", then_start);
  then_id = demo_exec (d,
                       "INSERT INTO assessment (ref, facility_id, bank_id, title, status, started_on, completed_on,"
                       " assessor, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, 'completed', ?5, ?6, ?7, ?8, ?9)",
                       "sllssssss", then_ref, d->facility[f], bank, "Annual GAP self-assessment",
                       day_text (then_start).s, day_text (then_done).s, assessor,
                       stamp_text (then_start, 8 * 3600).s, stamp_text (then_done, 16 * 3600).s);
  for (guint i = 0; i < questions->len; i++)
    {
      guint v = pick_weighted (rand, weights, G_N_ELEMENTS (weights));
      gint64 answer;

      g_array_append_val (before, v);
      answer = demo_exec (d,
                          "INSERT INTO answer (assessment_id, question_id, value, notes, answered_at, answered_by)"
                          " VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                          "llssss", then_id, g_array_index (questions, gint64, i), values[v], notes[v],
                          stamp_text (then_start + i * 7 / questions->len, 9 * 3600 + (int) i * 600).s, assessor);
      if (i == 0)
        {
          /* The first question asks for the approved plan: its approval is the evidence. */
          g_autofree char *text = g_strdup_printf ("GAP self-assessment %s, question %s\n"
                                                   "Seen: the approval letter of the port facility security plan "
                                                   "and the PFSA it was based on.\n",
                                                   then_ref, (const char *) g_ptr_array_index (codes, i));
          gint64 evidence = add_evidence (d, "gap-plan-approval-seen.txt", "text/plain", text,
                                          "GAP self-assessment: plan approval seen", then_start);

          demo_exec (d, "INSERT INTO answer_evidence (answer_id, evidence_id) VALUES (?1, ?2)", "ll",
                     answer, evidence);
        }
    }

  now_ref = demo_ref (d, "GAP", now_start);
  now_id = demo_exec (d,
                      "INSERT INTO assessment (ref, facility_id, bank_id, title, status, started_on, assessor,"
                      " created_at, updated_at) VALUES (?1, ?2, ?3, ?4, 'in-progress', ?5, ?6, ?7, ?7)",
                      "sllssss", now_ref, d->facility[f], bank, "Annual GAP self-assessment",
                      day_text (now_start).s, assessor, stamp_text (now_start, 8 * 3600).s);
  for (guint i = 0; i < questions->len && i < N_ANSWERED_NOW; i++)
    {
      guint v = g_array_index (before, guint, i);
      guint32 day = now_start + i / 2;
      gint64 answer;

      /* Most gaps of last year were closed; one answer slipped back. */
      if (i == 5)
        v = 2;
      else if ((v == 1 || v == 2) && chance (rand, 0.6))
        v = 0;
      answer = demo_exec (d,
                          "INSERT INTO answer (assessment_id, question_id, value, notes, answered_at, answered_by)"
                          " VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                          "llssss", now_id, g_array_index (questions, gint64, i), values[v], notes[v],
                          stamp_text (day, 10 * 3600 + (int) i * 900).s, assessor);
      if (v == 2 && !raised)
        {
          g_autofree char *ref = demo_ref (d, "FND", day);
          g_autofree char *title = g_strdup_printf ("%s/%s: %s", now_ref,
                                                    (const char *) g_ptr_array_index (codes, i),
                                                    (const char *) g_ptr_array_index (texts, i));

          demo_exec (d,
                     "INSERT INTO finding (ref, facility_id, source, answer_id, severity, title, description,"
                     " requirement_ref, owner, raised_on, raised_by, due_on, status, created_at, updated_at)"
                     " VALUES (?1, ?2, 'gap', ?3, 'major', ?4, ?5, ?6, ?7, ?8, ?9, ?10, 'open', ?11, ?11)",
                     "sllssssssss", ref, d->facility[f], answer, title, notes[v],
                     (const char *) g_ptr_array_index (references, i), assessor, day_text (day).s, assessor,
                     day_text (day + 60).s, stamp_text (day, 15 * 3600).s);
          raised = TRUE;
        }
    }
}

static void
add_users (Demo *d)
{
  static const struct { const char *user, *full_name, *role; guint facilities; } users[] = {
    { "admin", "Administrator", "administrator", 0 },
    { "pfso", "Marit Ødegård", "security-officer", (1u << FAC_CT) | (1u << FAC_CRU) },
    { "auditor", "Αντώνης Καραγιάννης", "auditor", 0 },
    { "manager", "Fatima Benali", "manager", (1u << FAC_CT) | (1u << FAC_CRU) | (1u << FAC_ACA) },
  };
  guint32 day = d->today - 30;

  for (guint i = 0; i < G_N_ELEMENTS (users); i++)
    {
      g_autofree char *ref = demo_ref (d, "USR", day);
      g_autofree char *email = g_strdup_printf ("%s@nordhaven-port.example", users[i].user);
      StampText at = stamp_text (day, 9 * 3600 + (int) i * 60);
      gint64 id = demo_exec (d,
                             "INSERT INTO app_user (ref, user_name, full_name, email, role, created_at, updated_at)"
                             " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                             "sssssss", ref, users[i].user, users[i].full_name, email, users[i].role, at.s, at.s);

      for (int f = 0; f < N_FACILITIES; f++)
        if (users[i].facilities & (1u << f))
          demo_exec (d, "INSERT INTO user_facility (user_id, facility_id) VALUES (?1, ?2)", "ll",
                     id, d->facility[f]);
    }
}

/* One audit entry for each entity the demo filled: what and how many, not each row. */
static gboolean
record_audit (Demo                   *d,
              const PsemsDemoOptions *options,
              GError                **error)
{
  const PsemsEntityInfo *all;
  guint n;
  char as_of[16];

  g_date_strftime (as_of, sizeof as_of, "%Y-%m-%d", &options->as_of);
  all = psems_entity_get_all (&n);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *sql = NULL;
      g_autofree char *after = NULL;
      gint64 count;

      if (g_str_equal (all[i].name, "audit") || g_str_equal (all[i].name, "setting"))
        continue;
      sql = g_strdup_printf ("SELECT count(*) FROM %s", all[i].table);
      count = psems_store_count (d->store, sql, error);
      if (count < 0)
        return FALSE;
      if (count == 0)
        continue;
      after = g_strdup_printf ("{\"count\":%" G_GINT64_FORMAT ",\"seed\":%u,\"as_of\":\"%s\"}",
                               count, options->seed, as_of);
      if (!psems_transaction_record (d->txn, "demo", all[i].name, 0, NULL, NULL, after, error))
        return FALSE;
    }
  return TRUE;
}

/* The template's elements are the demo plan's; the demo holds their measures. */
static gboolean
load_template (Demo    *d,
               GError **error)
{
  d->template = psems_plan_template_find (DEMO_TEMPLATE, error);
  if (d->template == NULL)
    return FALSE;
  if (d->template->elements->len != N_ELEMENTS)
    goto mismatch;
  for (int e = 0; e < N_ELEMENTS; e++)
    {
      d->measures[e] = -1;
      for (int m = 0; m < N_ELEMENTS; m++)
        if (g_str_equal (plan_measures[m].key, template_element (d, e)->key))
          d->measures[e] = m;
      if (d->measures[e] < 0)
        goto mismatch;
    }
  return TRUE;

mismatch:
  g_set_error (error, PSEMS_ERROR, PSEMS_ERROR_FAILED,
               _("Demo data: the plan template %s does not have the %d elements the demo writes measures for"),
               DEMO_TEMPLATE, N_ELEMENTS);
  return FALSE;
}

void
psems_demo_options_init (PsemsDemoOptions *options)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  g_return_if_fail (options != NULL);

  options->persons = PSEMS_DEMO_DEFAULT_PERSONS;
  options->seed = PSEMS_DEMO_DEFAULT_SEED;
  g_date_clear (&options->as_of, 1);
  g_date_set_dmy (&options->as_of, g_date_time_get_day_of_month (now),
                  g_date_time_get_month (now), g_date_time_get_year (now));
  options->with_users = FALSE;
}

static void
demo_clear (Demo *d)
{
  g_clear_pointer (&d->stmts, g_hash_table_unref);
  g_clear_pointer (&d->regulations, g_hash_table_unref);
  g_clear_pointer (&d->completions, g_array_unref);
  g_clear_pointer (&d->template, psems_plan_template_free);
  for (int f = 0; f < N_FACILITIES; f++)
    g_clear_pointer (&d->pfso_name[f], g_free);
  g_clear_error (&d->error);
}

/**
 * psems_demo_generate:
 * @actor: who generates it; the write is an administration of the database
 * @options: (nullable): what to generate; %NULL for the defaults as of today
 *
 * Fills an empty database with the demo port authority of Nordhaven in one
 * transaction: three facilities, their levels, plans, PFSA, layers, controls
 * and threats, schedules with completion history, declarations of security,
 * findings, incidents and lessons, and @options->persons persons with
 * vettings, areas and trainings. The same seed and day give the same rows;
 * the audit trail gets one entry for each entity, with the count.
 *
 * A database that already holds a facility is refused with
 * %PSEMS_ERROR_INVALID and left as it was.
 */
gboolean
psems_demo_generate (PsemsStore              *store,
                     PsemsActor              *actor,
                     const PsemsDemoOptions  *options,
                     GError                 **error)
{
  g_autoptr(PsemsTransaction) txn = NULL;
  PsemsDemoOptions defaults;
  Demo d = { 0 };
  g_autofree char *cache_sql = NULL;
  gint64 existing, cache_size;
  gboolean ok;
  int year;

  g_return_val_if_fail (PSEMS_IS_STORE (store), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (options == NULL)
    {
      psems_demo_options_init (&defaults);
      options = &defaults;
    }
  g_return_val_if_fail (g_date_valid (&options->as_of), FALSE);

  year = g_date_get_year (&options->as_of);
  if (year < 1900 || year > 9000)
    {
      g_set_error (error, PSEMS_ERROR, PSEMS_ERROR_INVALID,
                   _("Demo data: the day %d is out of range (years 1900 to 9000)"), year);
      return FALSE;
    }
  if (options->persons > PSEMS_DEMO_MAX_PERSONS)
    {
      g_set_error (error, PSEMS_ERROR, PSEMS_ERROR_INVALID,
                   _("Demo data: persons: %u is more than the %u the demo can number"),
                   options->persons, (guint) PSEMS_DEMO_MAX_PERSONS);
      return FALSE;
    }

  txn = psems_transaction_begin (store, actor, PSEMS_OP_ADMINISTER, "database", 0, error);
  if (txn == NULL)
    return FALSE;

  existing = psems_store_count (store, "SELECT count(*) FROM facility", error);
  if (existing < 0)
    return FALSE;
  if (existing > 0)
    {
      g_set_error (error, PSEMS_ERROR, PSEMS_ERROR_INVALID,
                   g_dngettext (GETTEXT_PACKAGE,
                                "“%s” already holds %lld facility: demo data goes only into a "
                                "new or empty database; nothing was written",
                                "“%s” already holds %lld facilities: demo data goes only into a "
                                "new or empty database; nothing was written", (gulong) existing),
                   psems_store_get_path (store), (long long) existing);
      return FALSE;
    }

  cache_size = psems_store_count (store, "PRAGMA cache_size", error);
  if (cache_size == -1 && error != NULL && *error != NULL)
    return FALSE;

  d.store = store;
  d.txn = txn;
  d.db = psems_store_get_db (store);
  d.stmts = g_hash_table_new (g_direct_hash, g_direct_equal);
  d.regulations = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  d.completions = g_array_new (FALSE, FALSE, sizeof (CompletionInfo));
  d.seed = options->seed;
  d.today = g_date_get_julian (&options->as_of);
  d.persons = options->persons;
  if (!load_template (&d, error))
    {
      demo_clear (&d);
      return FALSE;
    }

  /* Index inserts in random order (names, badges, expiry dates) would
   * otherwise spill pages to the log long before the commit. */
  sqlite3_exec (d.db, "PRAGMA cache_size = -262144", NULL, NULL, NULL);
  add_reference_data (&d);
  add_facilities (&d);
  add_persons (&d);
  /* In bulk: the search index has no triggers (trusted_schema is off). */
  if (d.error == NULL && !psems_store_exec (store, "INSERT INTO person_fts (person_fts) VALUES ('rebuild')", &d.error))
    g_prefix_error (&d.error, "person_fts: ");
  add_plans (&d);
  add_controls_and_threats (&d);
  add_schedules (&d);
  add_legal_hold (&d);
  add_declarations (&d);
  add_incidents_and_findings (&d);
  add_assessments (&d, add_question_bank (&d));
  if (options->with_users)
    add_users (&d);

  if (d.error == NULL)
    record_audit (&d, options, &d.error);
  ok = d.error == NULL && psems_transaction_commit (g_steal_pointer (&txn), &d.error);
  g_clear_pointer (&txn, psems_transaction_rollback);

  cache_sql = g_strdup_printf ("PRAGMA cache_size = %" G_GINT64_FORMAT, cache_size);
  sqlite3_exec (d.db, cache_sql, NULL, NULL, NULL);
  if (d.error != NULL)
    g_propagate_error (error, g_steal_pointer (&d.error));
  demo_clear (&d);
  return ok;
}
