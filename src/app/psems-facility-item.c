/* psems-facility-item.c — one facility as the window lists it: id, reference, code, name, security level. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "psems-facility-item.h"

struct _PsemsFacilityItem
{
  GObject parent_instance;

  gint64 id;
  char *ref;
  char *code;
  char *name;
  int security_level;
};

G_DEFINE_FINAL_TYPE (PsemsFacilityItem, psems_facility_item, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_REF,
  PROP_CODE,
  PROP_NAME,
  PROP_SECURITY_LEVEL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
psems_facility_item_finalize (GObject *object)
{
  PsemsFacilityItem *self = PSEMS_FACILITY_ITEM (object);

  g_clear_pointer (&self->ref, g_free);
  g_clear_pointer (&self->code, g_free);
  g_clear_pointer (&self->name, g_free);

  G_OBJECT_CLASS (psems_facility_item_parent_class)->finalize (object);
}

static void
psems_facility_item_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  PsemsFacilityItem *self = PSEMS_FACILITY_ITEM (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_int64 (value, self->id);
      break;
    case PROP_REF:
      g_value_set_string (value, self->ref);
      break;
    case PROP_CODE:
      g_value_set_string (value, self->code);
      break;
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    case PROP_SECURITY_LEVEL:
      g_value_set_int (value, self->security_level);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
psems_facility_item_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  PsemsFacilityItem *self = PSEMS_FACILITY_ITEM (object);

  switch (prop_id)
    {
    case PROP_ID:
      self->id = g_value_get_int64 (value);
      break;
    case PROP_REF:
      self->ref = g_value_dup_string (value);
      break;
    case PROP_CODE:
      self->code = g_value_dup_string (value);
      break;
    case PROP_NAME:
      psems_facility_item_set_name (self, g_value_get_string (value));
      break;
    case PROP_SECURITY_LEVEL:
      psems_facility_item_set_security_level (self, g_value_get_int (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
psems_facility_item_class_init (PsemsFacilityItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = psems_facility_item_finalize;
  object_class->get_property = psems_facility_item_get_property;
  object_class->set_property = psems_facility_item_set_property;

  properties[PROP_ID] =
    g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_REF] =
    g_param_spec_string ("ref", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CODE] =
    g_param_spec_string ("code", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SECURITY_LEVEL] =
    g_param_spec_int ("security-level", NULL, NULL, 0, 3, 0,
                      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
psems_facility_item_init (PsemsFacilityItem *self)
{
}

/**
 * psems_facility_item_new:
 * @id: the facility's row id; 0 stands for "all facilities"
 * @security_level: 1–3, or 0 when not known
 */
PsemsFacilityItem *
psems_facility_item_new (gint64      id,
                         const char *ref,
                         const char *code,
                         const char *name,
                         int         security_level)
{
  return g_object_new (PSEMS_TYPE_FACILITY_ITEM,
                       "id", id,
                       "ref", ref,
                       "code", code,
                       "name", name,
                       "security-level", CLAMP (security_level, 0, 3),
                       NULL);
}

gint64
psems_facility_item_get_id (PsemsFacilityItem *self)
{
  g_return_val_if_fail (PSEMS_IS_FACILITY_ITEM (self), 0);
  return self->id;
}

const char *
psems_facility_item_get_ref (PsemsFacilityItem *self)
{
  g_return_val_if_fail (PSEMS_IS_FACILITY_ITEM (self), NULL);
  return self->ref;
}

const char *
psems_facility_item_get_code (PsemsFacilityItem *self)
{
  g_return_val_if_fail (PSEMS_IS_FACILITY_ITEM (self), NULL);
  return self->code;
}

const char *
psems_facility_item_get_name (PsemsFacilityItem *self)
{
  g_return_val_if_fail (PSEMS_IS_FACILITY_ITEM (self), NULL);
  return self->name;
}

void
psems_facility_item_set_name (PsemsFacilityItem *self,
                              const char        *name)
{
  g_return_if_fail (PSEMS_IS_FACILITY_ITEM (self));

  if (g_strcmp0 (self->name, name) == 0)
    return;
  g_free (self->name);
  self->name = g_strdup (name);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NAME]);
}

int
psems_facility_item_get_security_level (PsemsFacilityItem *self)
{
  g_return_val_if_fail (PSEMS_IS_FACILITY_ITEM (self), 0);
  return self->security_level;
}

void
psems_facility_item_set_security_level (PsemsFacilityItem *self,
                                        int                level)
{
  g_return_if_fail (PSEMS_IS_FACILITY_ITEM (self));

  level = CLAMP (level, 0, 3);
  if (self->security_level == level)
    return;
  self->security_level = level;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SECURITY_LEVEL]);
}
