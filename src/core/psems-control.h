/* psems-control.h — defence in depth: a facility's layers (spatial rings, outside in) and the controls on them. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "psems-actor.h"
#include "psems-store.h"
#include "psems-transaction.h"

G_BEGIN_DECLS

#define PSEMS_LAYERS_MIN 2
#define PSEMS_LAYERS_MAX 8

/* A ring of defence in depth; position 1 is the outermost. */
typedef struct
{
  gint64 id;             /* 0 for a new layer (psems_layers_save) */
  gint64 facility_id;
  int position;          /* 1 … 8, outside in; read-only: set by the order given to psems_layers_save */
  char *name;
  char *description;     /* nullable */
  int n_controls;        /* read-only: controls on it, retired ones included */
} PsemsLayer;

/* Plain value struct. Dates are ISO 8601 "YYYY-MM-DD" strings (NULL: none). */
typedef struct
{
  gint64 id;             /* 0 for a new control */
  char *ref;             /* CTL-2026-0001, assigned on creation */
  gint64 facility_id;
  gint64 layer_id;
  char *name;
  char *description;     /* nullable */
  char *domain;          /* physical, personnel, cyber, information (psems_control_domains) */
  char *function;        /* deter, detect, delay, respond, recover (psems_control_functions) */
  char *owner;           /* nullable */
  char *status;          /* planned, implemented, partially-effective, ineffective, retired */
  int effectiveness;     /* 0 … 100 % */
  int test_interval_days;/* 0: never tested on a schedule */
  char *last_tested_on;  /* nullable */
  GStrv regulations;     /* regulation reference codes ("ISPS A/16.3.2"); NULL or empty: none */
  GStrv plan_elements;   /* element keys of the facility's plan ("access-control"); NULL or empty: none */

  /* Read-only, derived as of the day the list or get was asked for: */
  int layer_position;
  char *layer_name;
  char *test_due_on;     /* last_tested_on + interval; NULL without an interval or never tested */
  gboolean test_overdue; /* an interval is set and the test is past due, or never tested */
  int open_findings;     /* findings against it that are open or in progress */
  gboolean degraded;     /* test overdue or an open finding (retired and planned controls never are) */
  gboolean effective;    /* implemented or partially effective, and not degraded */
} PsemsControl;

const char * const *psems_control_domains         (void);
const char         *psems_control_domain_label    (const char *domain);    /* translated */
const char * const *psems_control_functions       (void);
const char         *psems_control_function_label  (const char *function);  /* translated */
const char * const *psems_control_statuses        (void);
const char         *psems_control_status_label    (const char *status);    /* translated */

/* The default rings a new facility gets (translated names). */
const char * const *psems_layer_default_names     (void);

PsemsLayer   *psems_layer_new          (void);
void          psems_layer_free         (PsemsLayer *layer);
PsemsControl *psems_control_new        (void);
void          psems_control_free       (PsemsControl *control);
PsemsControl *psems_control_copy       (const PsemsControl *control);

/* Layers of a facility, outside in. */
GPtrArray    *psems_layer_list         (PsemsStore  *store,
                                        gint64       facility_id,
                                        GError     **error);
/* Replaces a facility's layers with @layers (PsemsLayer*, outside in, 2 … 8):
 * existing ones (id != 0) are renamed and reordered, new ones (id == 0) added,
 * missing ones deleted — refused, naming the layer, while controls stand on it.
 * One transaction; positions follow the array order. */
gboolean      psems_layers_save        (PsemsStore  *store,
                                        PsemsActor  *actor,
                                        gint64       facility_id,
                                        GPtrArray   *layers,
                                        GError     **error);
/* Gives a facility without layers the default ones; does nothing when it has some. */
gboolean      psems_layers_ensure_default (PsemsStore  *store,
                                           PsemsActor  *actor,
                                           gint64       facility_id,
                                           GError     **error);
/* Inside a write under way (a new facility's): gives @facility_id the default
 * layers when it has no live layer. psems_facility_create() calls it. */
gboolean      psems_layers_add_default (PsemsTransaction *txn,
                                        gint64            facility_id,
                                        GError          **error);
/* A layer by id, position ("1") or name (case-insensitive) within a facility. */
gint64        psems_layer_resolve      (PsemsStore  *store,
                                        gint64       facility_id,
                                        const char  *text,
                                        GError     **error);

/* Problems with a control as the user typed it (unknown domain, layer of another facility, …). */
GPtrArray    *psems_control_validate   (PsemsStore         *store,
                                        const PsemsControl *control);
gint64        psems_control_create     (PsemsStore         *store,
                                        PsemsActor         *actor,
                                        const PsemsControl *control,
                                        char              **ref,
                                        GError            **error);
gboolean      psems_control_update     (PsemsStore         *store,
                                        PsemsActor         *actor,
                                        const PsemsControl *control,
                                        GError            **error);
/* Records a test on @tested_on (NULL: today); a date in the future is refused. */
gboolean      psems_control_record_test (PsemsStore        *store,
                                         PsemsActor        *actor,
                                         gint64             id,
                                         const char        *tested_on,
                                         GError           **error);
/* @as_of: the day "degraded" is judged on ("YYYY-MM-DD"; NULL: today). */
PsemsControl *psems_control_get        (PsemsStore  *store,
                                        gint64       id,
                                        const char  *as_of,
                                        GError     **error);
/* Controls of a facility (0: all facilities), ordered by layer position then name. */
GPtrArray    *psems_control_list       (PsemsStore  *store,
                                        gint64       facility_id,
                                        const char  *as_of,
                                        GError     **error);
/* A control by reference (CTL-2026-0001) or id. */
gint64        psems_control_resolve    (PsemsStore  *store,
                                        const char  *text,
                                        GError     **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PsemsLayer, psems_layer_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PsemsControl, psems_control_free)

G_END_DECLS
