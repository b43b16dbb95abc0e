/* psems-person-model.c — a lazy GListModel of persons backed by SQLite (GIO only, no GTK). */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "psems-person-model.h"
#include "psems-person-private.h"

/* Rows are read PAGE_SIZE at a time and at most MAX_PAGES pages are kept, so
 * scrolling through a million persons holds a few hundred objects: GTK 4.8's
 * list views keep about 200 rows bound, five pages, and the rest is margin. */
#define PAGE_SIZE 50
#define MAX_PAGES 8

/* ───────────────────────────── the row ───────────────────────────── */

struct _PsemsPersonRow
{
  GObject parent_instance;
  PsemsPersonListRow *row;
};

G_DEFINE_FINAL_TYPE (PsemsPersonRow, psems_person_row, G_TYPE_OBJECT)

enum
{
  ROW_PROP_0,
  ROW_PROP_ID,
  ROW_PROP_REF,
  ROW_PROP_DISPLAY_NAME,
  ROW_PROP_SORT_NAME,
  ROW_PROP_EMPLOYER,
  ROW_PROP_BADGE_NO,
  ROW_PROP_LEVEL,
  ROW_PROP_STATUS,
  ROW_PROP_CLEARANCE,
  ROW_PROP_CLEARANCE_LABEL,
  ROW_PROP_EXPIRES_ON,
  ROW_N_PROPS
};

static GParamSpec *row_props[ROW_N_PROPS];

static void
psems_person_row_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  PsemsPersonRow *self = PSEMS_PERSON_ROW (object);
  const PsemsPersonListRow *r = self->row;

  switch (prop_id)
    {
    case ROW_PROP_ID:              g_value_set_int64 (value, r->id); break;
    case ROW_PROP_REF:             g_value_set_string (value, r->ref); break;
    case ROW_PROP_DISPLAY_NAME:    g_value_set_string (value, r->display_name); break;
    case ROW_PROP_SORT_NAME:       g_value_set_string (value, r->sort_name); break;
    case ROW_PROP_EMPLOYER:        g_value_set_string (value, r->employer); break;
    case ROW_PROP_BADGE_NO:        g_value_set_string (value, r->badge_no); break;
    case ROW_PROP_LEVEL:           g_value_set_string (value, r->level_name); break;
    case ROW_PROP_STATUS:          g_value_set_string (value, r->status); break;
    case ROW_PROP_CLEARANCE:       g_value_set_int (value, (int) r->clearance); break;
    case ROW_PROP_CLEARANCE_LABEL: g_value_set_string (value, psems_clearance_label (r->clearance)); break;
    case ROW_PROP_EXPIRES_ON:      g_value_set_string (value, r->expires_on); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
psems_person_row_finalize (GObject *object)
{
  PsemsPersonRow *self = PSEMS_PERSON_ROW (object);

  g_clear_pointer (&self->row, psems_person_list_row_free);
  G_OBJECT_CLASS (psems_person_row_parent_class)->finalize (object);
}

static void
psems_person_row_class_init (PsemsPersonRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->get_property = psems_person_row_get_property;
  object_class->finalize = psems_person_row_finalize;

  row_props[ROW_PROP_ID] = g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0, flags);
  row_props[ROW_PROP_REF] = g_param_spec_string ("ref", NULL, NULL, NULL, flags);
  row_props[ROW_PROP_DISPLAY_NAME] = g_param_spec_string ("display-name", NULL, NULL, NULL, flags);
  row_props[ROW_PROP_SORT_NAME] = g_param_spec_string ("sort-name", NULL, NULL, NULL, flags);
  row_props[ROW_PROP_EMPLOYER] = g_param_spec_string ("employer", NULL, NULL, NULL, flags);
  row_props[ROW_PROP_BADGE_NO] = g_param_spec_string ("badge-no", NULL, NULL, NULL, flags);
  row_props[ROW_PROP_LEVEL] = g_param_spec_string ("level", NULL, NULL, NULL, flags);
  row_props[ROW_PROP_STATUS] = g_param_spec_string ("status", NULL, NULL, NULL, flags);
  row_props[ROW_PROP_CLEARANCE] = g_param_spec_int ("clearance", NULL, NULL, PSEMS_CLEARANCE_NONE,
                                                    PSEMS_CLEARANCE_REVOKED, PSEMS_CLEARANCE_NONE, flags);
  row_props[ROW_PROP_CLEARANCE_LABEL] = g_param_spec_string ("clearance-label", NULL, NULL, NULL, flags);
  row_props[ROW_PROP_EXPIRES_ON] = g_param_spec_string ("expires-on", NULL, NULL, NULL, flags);
  g_object_class_install_properties (object_class, ROW_N_PROPS, row_props);
}

static void
psems_person_row_init (PsemsPersonRow *self)
{
}

static PsemsPersonRow *
person_row_new (PsemsPersonListRow *row)
{
  PsemsPersonRow *self = g_object_new (PSEMS_TYPE_PERSON_ROW, NULL);

  self->row = row;
  return self;
}

gint64      psems_person_row_get_id           (PsemsPersonRow *self) { g_return_val_if_fail (PSEMS_IS_PERSON_ROW (self), 0); return self->row->id; }
const char *psems_person_row_get_ref          (PsemsPersonRow *self) { g_return_val_if_fail (PSEMS_IS_PERSON_ROW (self), NULL); return self->row->ref; }
const char *psems_person_row_get_display_name (PsemsPersonRow *self) { g_return_val_if_fail (PSEMS_IS_PERSON_ROW (self), NULL); return self->row->display_name; }
const char *psems_person_row_get_sort_name    (PsemsPersonRow *self) { g_return_val_if_fail (PSEMS_IS_PERSON_ROW (self), NULL); return self->row->sort_name; }
const char *psems_person_row_get_employer     (PsemsPersonRow *self) { g_return_val_if_fail (PSEMS_IS_PERSON_ROW (self), NULL); return self->row->employer; }
const char *psems_person_row_get_badge_no     (PsemsPersonRow *self) { g_return_val_if_fail (PSEMS_IS_PERSON_ROW (self), NULL); return self->row->badge_no; }
const char *psems_person_row_get_level        (PsemsPersonRow *self) { g_return_val_if_fail (PSEMS_IS_PERSON_ROW (self), NULL); return self->row->level_name; }
const char *psems_person_row_get_status       (PsemsPersonRow *self) { g_return_val_if_fail (PSEMS_IS_PERSON_ROW (self), NULL); return self->row->status; }
PsemsClearance psems_person_row_get_clearance (PsemsPersonRow *self) { g_return_val_if_fail (PSEMS_IS_PERSON_ROW (self), 0); return self->row->clearance; }
const char *psems_person_row_get_expires_on   (PsemsPersonRow *self) { g_return_val_if_fail (PSEMS_IS_PERSON_ROW (self), NULL); return self->row->expires_on; }

/* ───────────────────────────── the model ───────────────────────────── */

struct _PsemsPersonModel
{
  GObject parent_instance;

  PsemsStore *store;
  gulong changed_id;
  PsemsPersonQuery query;

  GArray *ids;            /* guint32 (or gint64 past 32 bits), NULL until the worker's list arrives */
  guint n_items;
  gboolean loading;
  gboolean active;        /* reads only while someone looks (see set_active) */
  gboolean stale;         /* a refresh was asked for while inactive */
  GCancellable *cancellable;
  guint generation;

  GHashTable *pages;      /* page number → GPtrArray of PsemsPersonRow */
  GQueue lru;             /* page numbers, most recent first */
};

static void psems_person_model_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (PsemsPersonModel, psems_person_model, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, psems_person_model_list_model_init))

enum
{
  PROP_0,
  PROP_STORE,
  PROP_LOADING,
  PROP_ACTIVE,
  N_PROPS
};

static GParamSpec *props[N_PROPS];

/* The id at @i of a list from psems_person_list_ids_compact(). */
static inline gint64
id_at (GArray *ids,
       guint   i)
{
  return g_array_get_element_size (ids) == sizeof (guint32) ? (gint64) g_array_index (ids, guint32, i)
                                                           : g_array_index (ids, gint64, i);
}

static void
clear_pages (PsemsPersonModel *self)
{
  g_hash_table_remove_all (self->pages);
  g_queue_clear (&self->lru);
}

static void
cache_page (PsemsPersonModel *self,
            guint             page,
            GPtrArray        *rows)
{
  g_hash_table_replace (self->pages, GUINT_TO_POINTER (page), rows);
  g_queue_remove (&self->lru, GUINT_TO_POINTER (page));
  g_queue_push_head (&self->lru, GUINT_TO_POINTER (page));
  while (g_queue_get_length (&self->lru) > MAX_PAGES)
    g_hash_table_remove (self->pages, g_queue_pop_tail (&self->lru));
}

static GPtrArray *
wrap_rows (GPtrArray *list_rows)
{
  GPtrArray *rows = g_ptr_array_new_full (list_rows->len, g_object_unref);

  /* The rows pass to the new objects: empty the list without freeing them. */
  for (guint i = 0; i < list_rows->len; i++)
    g_ptr_array_add (rows, person_row_new (g_ptr_array_index (list_rows, i)));
  g_ptr_array_set_free_func (list_rows, NULL);
  g_ptr_array_set_size (list_rows, 0);
  return rows;
}

/* A page read by id: ids the list names but the database no longer has (a
 * deletion between the list and the read) get a row with the id alone. */
static GPtrArray *
load_page (PsemsPersonModel *self,
           guint             page)
{
  guint start = page * PAGE_SIZE;
  guint n = MIN (PAGE_SIZE, self->ids->len - start);
  gint64 ids[PAGE_SIZE] = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) found = NULL;
  GPtrArray *rows;
  guint j = 0;

  for (guint i = 0; i < n; i++)
    ids[i] = id_at (self->ids, start + i);
  found = psems_person_list_rows (self->store, ids, n, &self->query.as_of, &error);
  rows = g_ptr_array_new_full (n, g_object_unref);

  if (found == NULL)
    g_warning ("Cannot read persons: %s", error->message);
  for (guint i = 0; i < n; i++)
    {
      PsemsPersonListRow *r;

      if (found != NULL && j < found->len && ((PsemsPersonListRow *) found->pdata[j])->id == ids[i])
        r = g_ptr_array_steal_index (found, j);
      else
        {
          r = g_new0 (PsemsPersonListRow, 1);
          r->id = ids[i];
        }
      g_ptr_array_add (rows, person_row_new (r));
    }
  return rows;
}

static GType
psems_person_model_get_item_type (GListModel *list)
{
  return PSEMS_TYPE_PERSON_ROW;
}

static guint
psems_person_model_get_n_items (GListModel *list)
{
  return PSEMS_PERSON_MODEL (list)->n_items;
}

static gpointer
psems_person_model_get_item (GListModel *list,
                             guint       position)
{
  PsemsPersonModel *self = PSEMS_PERSON_MODEL (list);
  guint page = position / PAGE_SIZE;
  GPtrArray *rows;

  if (position >= self->n_items)
    return NULL;
  rows = g_hash_table_lookup (self->pages, GUINT_TO_POINTER (page));
  if (rows != NULL)
    {
      g_queue_remove (&self->lru, GUINT_TO_POINTER (page));
      g_queue_push_head (&self->lru, GUINT_TO_POINTER (page));
    }
  else
    {
      if (self->ids == NULL)
        return NULL;   /* only the first page is known before the list arrives */
      rows = load_page (self, page);
      cache_page (self, page, rows);
    }
  if (position % PAGE_SIZE >= rows->len)
    return NULL;
  return g_object_ref (rows->pdata[position % PAGE_SIZE]);
}

static void
psems_person_model_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = psems_person_model_get_item_type;
  iface->get_n_items = psems_person_model_get_n_items;
  iface->get_item = psems_person_model_get_item;
}

/* A worker reads the full id list on its own connection; the result comes
 * back to the model's main context, which joins the thread. */
typedef struct
{
  PsemsPersonModel *model;
  guint generation;
  PsemsStore *worker;
  PsemsPersonQuery query;
  GCancellable *cancellable;
  GMainContext *context;
  GThread *thread;
  GArray *ids;
  GError *error;
} ListJob;

static void
list_job_free (ListJob *job)
{
  g_clear_object (&job->model);
  g_clear_object (&job->worker);
  g_clear_object (&job->cancellable);
  g_clear_pointer (&job->context, g_main_context_unref);
  psems_person_query_clear (&job->query);
  g_clear_pointer (&job->ids, g_array_unref);
  g_clear_error (&job->error);
  g_free (job);
}

static void list_ids_done (ListJob *job);

static gboolean
list_ids_done_cb (gpointer data)
{
  ListJob *job = data;

  g_thread_join (job->thread);
  list_ids_done (job);
  list_job_free (job);
  return G_SOURCE_REMOVE;
}

static gpointer
list_ids_thread (gpointer data)
{
  ListJob *job = data;

  job->ids = psems_person_list_ids_compact (job->worker, &job->query, job->cancellable, &job->error);
  /* The connection belongs to this thread: close it here. */
  g_clear_object (&job->worker);
  /* Always through a source: g_main_context_invoke() would run the callback
   * right here when no thread owns the context. */
  {
    GSource *source = g_idle_source_new ();

    g_source_set_priority (source, G_PRIORITY_DEFAULT);
    g_source_set_callback (source, list_ids_done_cb, job, NULL);
    g_source_attach (source, job->context);
    g_source_unref (source);
  }
  return NULL;
}

static void
set_loading (PsemsPersonModel *self,
             gboolean          loading)
{
  if (self->loading == loading)
    return;
  self->loading = loading;
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_LOADING]);
}

static void
list_ids_done (ListJob *job)
{
  PsemsPersonModel *self = job->model;
  guint generation = job->generation;
  GError *error = job->error;
  g_autoptr(GArray) ids = g_steal_pointer (&job->ids);
  GPtrArray *first;
  gboolean prefix = TRUE;
  guint old;

  if (generation != self->generation)
    return;
  if (ids == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_warning ("Cannot list persons: %s", error->message);
      set_loading (self, FALSE);
      return;
    }

  /* When the first page is still what the full list starts with, the model
   * only grows and the rows on screen stay. */
  first = g_hash_table_lookup (self->pages, GUINT_TO_POINTER (0));
  old = self->n_items;
  if (first == NULL || old > ids->len)
    prefix = FALSE;
  for (guint i = 0; prefix && i < old; i++)
    prefix = i < first->len &&
             psems_person_row_get_id (first->pdata[i]) == id_at (ids, i);

  g_clear_pointer (&self->ids, g_array_unref);
  self->ids = g_steal_pointer (&ids);
  self->n_items = self->ids->len;
  if (prefix)
    {
      /* Page 0 may hold fewer rows than a full page would. */
      if (first->len < MIN (PAGE_SIZE, self->n_items))
        {
          g_hash_table_remove (self->pages, GUINT_TO_POINTER (0));
          g_queue_remove (&self->lru, GUINT_TO_POINTER (0));
        }
      set_loading (self, FALSE);
      if (self->n_items > old)
        g_list_model_items_changed (G_LIST_MODEL (self), old, 0, self->n_items - old);
    }
  else
    {
      clear_pages (self);
      set_loading (self, FALSE);
      g_list_model_items_changed (G_LIST_MODEL (self), 0, old, self->n_items);
    }
}

/**
 * psems_person_model_refresh:
 *
 * Reads the first page now and starts reading the full id list on a worker.
 */
void
psems_person_model_refresh (PsemsPersonModel *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) first = NULL;
  ListJob *job;
  guint old;

  g_return_if_fail (PSEMS_IS_PERSON_MODEL (self));

  if (!self->active)
    {
      self->stale = TRUE;
      return;
    }
  self->stale = FALSE;
  self->generation++;
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  old = self->n_items;
  clear_pages (self);
  g_clear_pointer (&self->ids, g_array_unref);
  first = psems_person_list_first (self->store, &self->query, PAGE_SIZE, &error);
  if (first == NULL)
    {
      g_warning ("Cannot list persons: %s", error->message);
      self->n_items = 0;
      set_loading (self, FALSE);
      if (old > 0)
        g_list_model_items_changed (G_LIST_MODEL (self), 0, old, 0);
      return;
    }
  self->n_items = first->len;
  cache_page (self, 0, wrap_rows (first));

  job = g_new0 (ListJob, 1);
  job->worker = psems_store_open_worker (self->store, &error);
  psems_person_query_copy (&job->query, &self->query);
  if (job->worker == NULL)
    {
      g_warning ("Cannot open a worker connection: %s", error->message);
      list_job_free (job);
      set_loading (self, FALSE);
    }
  else
    {
      job->model = g_object_ref (self);
      job->generation = self->generation;
      job->cancellable = g_object_ref (self->cancellable);
      job->context = g_main_context_ref_thread_default ();
      set_loading (self, TRUE);
      job->thread = g_thread_new ("psems-person-list", list_ids_thread, job);
    }
  if (old > 0 || self->n_items > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, old, self->n_items);
}

/**
 * psems_person_model_set_active:
 *
 * An inactive model reads nothing: a query set or a change of the store while
 * it is inactive is remembered and read when it becomes active again. A page
 * that is not shown keeps its model inactive, so that a million-person list is
 * not counted, and its id list held, while nobody looks at it. New models are
 * active.
 */
void
psems_person_model_set_active (PsemsPersonModel *self,
                               gboolean          active)
{
  g_return_if_fail (PSEMS_IS_PERSON_MODEL (self));

  active = !!active;
  if (self->active == active)
    return;
  self->active = active;
  if (active && self->stale)
    psems_person_model_refresh (self);
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_ACTIVE]);
}

gboolean
psems_person_model_get_active (PsemsPersonModel *self)
{
  g_return_val_if_fail (PSEMS_IS_PERSON_MODEL (self), FALSE);
  return self->active;
}

static void
store_changed_cb (PsemsStore       *store,
                  const char       *entity,
                  gint64            id,
                  PsemsPersonModel *self)
{
  if (g_strcmp0 (entity, "person") == 0 || g_strcmp0 (entity, "vetting") == 0 ||
      g_strcmp0 (entity, "area-access") == 0 || g_strcmp0 (entity, "training") == 0)
    psems_person_model_refresh (self);
}

void
psems_person_model_set_query (PsemsPersonModel       *self,
                              const PsemsPersonQuery *query)
{
  g_return_if_fail (PSEMS_IS_PERSON_MODEL (self));
  g_return_if_fail (query != NULL);

  psems_person_query_clear (&self->query);
  psems_person_query_copy (&self->query, query);
  psems_person_model_refresh (self);
}

const PsemsPersonQuery *
psems_person_model_get_query (PsemsPersonModel *self)
{
  g_return_val_if_fail (PSEMS_IS_PERSON_MODEL (self), NULL);
  return &self->query;
}

gboolean
psems_person_model_get_loading (PsemsPersonModel *self)
{
  g_return_val_if_fail (PSEMS_IS_PERSON_MODEL (self), FALSE);
  return self->loading;
}

static void
psems_person_model_constructed (GObject *object)
{
  PsemsPersonModel *self = PSEMS_PERSON_MODEL (object);

  G_OBJECT_CLASS (psems_person_model_parent_class)->constructed (object);
  self->changed_id = g_signal_connect (self->store, "changed", G_CALLBACK (store_changed_cb), self);
  /* Inactive from the start ("active" FALSE at construction): nothing read until activated. */
  psems_person_model_refresh (self);
}

static void
psems_person_model_dispose (GObject *object)
{
  PsemsPersonModel *self = PSEMS_PERSON_MODEL (object);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->store != NULL && self->changed_id != 0)
    g_clear_signal_handler (&self->changed_id, self->store);
  g_clear_object (&self->store);
  G_OBJECT_CLASS (psems_person_model_parent_class)->dispose (object);
}

static void
psems_person_model_finalize (GObject *object)
{
  PsemsPersonModel *self = PSEMS_PERSON_MODEL (object);

  psems_person_query_clear (&self->query);
  g_clear_pointer (&self->ids, g_array_unref);
  g_clear_pointer (&self->pages, g_hash_table_unref);
  g_queue_clear (&self->lru);
  G_OBJECT_CLASS (psems_person_model_parent_class)->finalize (object);
}

static void
psems_person_model_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  PsemsPersonModel *self = PSEMS_PERSON_MODEL (object);

  switch (prop_id)
    {
    case PROP_STORE:   g_value_set_object (value, self->store); break;
    case PROP_LOADING: g_value_set_boolean (value, self->loading); break;
    case PROP_ACTIVE:  g_value_set_boolean (value, self->active); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
psems_person_model_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  PsemsPersonModel *self = PSEMS_PERSON_MODEL (object);

  switch (prop_id)
    {
    case PROP_STORE: self->store = g_value_dup_object (value); break;
    case PROP_ACTIVE: psems_person_model_set_active (self, g_value_get_boolean (value)); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
psems_person_model_class_init (PsemsPersonModelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = psems_person_model_constructed;
  object_class->dispose = psems_person_model_dispose;
  object_class->finalize = psems_person_model_finalize;
  object_class->get_property = psems_person_model_get_property;
  object_class->set_property = psems_person_model_set_property;

  props[PROP_STORE] = g_param_spec_object ("store", NULL, NULL, PSEMS_TYPE_STORE,
                                           G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  props[PROP_LOADING] = g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                                              G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  props[PROP_ACTIVE] = g_param_spec_boolean ("active", NULL, NULL, TRUE,
                                             G_PARAM_READWRITE | G_PARAM_CONSTRUCT | G_PARAM_EXPLICIT_NOTIFY |
                                             G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, props);
}

static void
psems_person_model_init (PsemsPersonModel *self)
{

  psems_person_query_init (&self->query);
  self->pages = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) g_ptr_array_unref);
  g_queue_init (&self->lru);
}

PsemsPersonModel *
psems_person_model_new (PsemsStore *store)
{
  g_return_val_if_fail (PSEMS_IS_STORE (store), NULL);
  return g_object_new (PSEMS_TYPE_PERSON_MODEL, "store", store, NULL);
}
