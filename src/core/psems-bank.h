/* psems-bank.h — GAP question banks as data: versioned JSON files, checked, imported into the database. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "psems-store.h"
#include "psems-transaction.h"

G_BEGIN_DECLS

typedef struct
{
  char  *code;        /* A16.3.1: unique in its bank, in any letter case */
  guint  position;    /* 1-based, the file's order */
  char  *area;        /* what the score is grouped by */
  char  *reference;   /* nullable: ISPS A/16.3.1 */
  char  *text;        /* the question */
  char  *guidance;    /* nullable: what makes it compliant */
  guint  line;        /* the line of its code in the file */
} PsemsQuestion;

typedef struct
{
  gint64     id;         /* 0 for a bank read from a file */
  char      *ref;        /* QB-2026-0001 once in the database, else NULL */
  char      *code;       /* isps-pfsp */
  char      *framework;  /* ISPS Code */
  char      *version;    /* 2026.1; numbers in it compare as numbers (2026.2 < 2026.10) */
  char      *title;
  char      *note;       /* nullable: how the texts were read */
  char      *path;       /* the file it came from; NULL for a bank read from the database */
  gboolean   user;       /* from $XDG_DATA_HOME/psems/banks */
  GPtrArray *questions;  /* PsemsQuestion, in order */
} PsemsBank;

typedef enum
{
  PSEMS_BANK_IMPORT_DEFAULT = 0,
  PSEMS_BANK_IMPORT_NO_AUDIT = 1 << 0,   /* the demo: it records one entry per entity */
} PsemsBankImportFlags;

void        psems_question_free      (PsemsQuestion *question);
void        psems_bank_free          (PsemsBank     *bank);

PsemsBank  *psems_bank_load_file     (const char    *path,
                                      GPtrArray     *problems,
                                      GError       **error);
GPtrArray  *psems_bank_load_all      (GPtrArray    **problems);
PsemsBank  *psems_bank_find          (GPtrArray     *banks,
                                      const char    *code,
                                      const char    *version);
int         psems_bank_compare_versions (const char *a,
                                         const char *b);
gboolean    psems_bank_same_questions (const PsemsBank *a,
                                       const PsemsBank *b,
                                       char           **difference);

gint64      psems_bank_import        (PsemsTransaction     *txn,
                                      const PsemsBank      *bank,
                                      PsemsBankImportFlags  flags,
                                      int                   year,
                                      gboolean             *created,
                                      GError              **error);
PsemsBank  *psems_bank_get           (PsemsStore    *store,
                                      gint64         id,
                                      GError       **error);
GPtrArray  *psems_bank_list_stored   (PsemsStore    *store,
                                      GError       **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PsemsQuestion, psems_question_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PsemsBank, psems_bank_free)

G_END_DECLS
