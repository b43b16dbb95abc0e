/* psems-records.h — a table of records written as aligned text, JSON or CSV (the CLI's --format). */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef enum
{
  PSEMS_FORMAT_TEXT,
  PSEMS_FORMAT_JSON,
  PSEMS_FORMAT_CSV,
} PsemsFormat;

typedef enum
{
  PSEMS_VALUE_TEXT,
  PSEMS_VALUE_INTEGER,
} PsemsValueKind;

typedef struct _PsemsRecords PsemsRecords;

PsemsRecords *psems_records_new          (const char * const *columns);
void          psems_records_free         (PsemsRecords       *self);
void          psems_records_set_kind     (PsemsRecords       *self,
                                          guint               column,
                                          PsemsValueKind      kind);
void          psems_records_set_keyed    (PsemsRecords       *self,
                                          gboolean            keyed);
void          psems_records_add_row      (PsemsRecords       *self,
                                          const char         *first_value,
                                          ...) G_GNUC_NULL_TERMINATED;
void          psems_records_add_rowv     (PsemsRecords       *self,
                                          const char * const *values);
guint         psems_records_get_n_rows   (PsemsRecords       *self);
char         *psems_records_to_string    (PsemsRecords       *self,
                                          PsemsFormat         format);
gboolean      psems_format_from_string   (const char         *text,
                                          PsemsFormat        *format);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PsemsRecords, psems_records_free)

G_END_DECLS
