/* psems-plan-template.c — plan templates read from JSON files: shipped in data/plan-templates/, and the user's. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "psems-data.h"
#include "psems-error.h"
#include "psems-plan-template.h"

/*
 * A template file is one JSON object:
 *
 *   { "id": "isps-a16.3", "title": "…", "regime": "ISPS Code",
 *     "elements": [ { "key": "unauthorized-access", "reference": "ISPS A/16.3.2",
 *                     "title": "…", "guidance": "…", "required": true }, … ] }
 *
 * id, title and elements are required, and each element's key and title;
 * regime, reference and guidance are optional texts, required defaults to
 * true. Keys are what plans store (plan_element.element_key): once a
 * template has shipped, its keys never change.
 */

#define TEMPLATE_SUBDIR "plan-templates"

static void
template_element_free (PsemsTemplateElement *element)
{
  if (element == NULL)
    return;
  g_free (element->key);
  g_free (element->reference);
  g_free (element->title);
  g_free (element->guidance);
  g_free (element);
}

void
psems_plan_template_free (PsemsPlanTemplate *self)
{
  if (self == NULL)
    return;
  g_free (self->id);
  g_free (self->title);
  g_free (self->regime);
  g_clear_pointer (&self->elements, g_ptr_array_unref);
  g_free (self);
}

/* Reads an optional string member; FALSE (with @error naming @where and
 * @name) when it is there but not a string, or missing while @required. */
static gboolean
get_string_member (JsonObject  *object,
                   const char  *name,
                   gboolean     required,
                   const char  *path,
                   const char  *where,
                   char       **value,
                   GError     **error)
{
  JsonNode *node = json_object_get_member (object, name);
  const char *text;

  *value = NULL;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      if (!required)
        return TRUE;
      g_set_error (error, PSEMS_ERROR, PSEMS_ERROR_INVALID, _("%s: %s%s: the member is missing"),
                   path, where, name);
      return FALSE;
    }
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    {
      g_set_error (error, PSEMS_ERROR, PSEMS_ERROR_INVALID, _("%s: %s%s: expected a text"), path, where, name);
      return FALSE;
    }
  text = json_node_get_string (node);
  if (required && (text == NULL || *text == '\0'))
    {
      g_set_error (error, PSEMS_ERROR, PSEMS_ERROR_INVALID, _("%s: %s%s: the text is empty"), path, where, name);
      return FALSE;
    }
  *value = g_strdup (text);
  return TRUE;
}

static PsemsTemplateElement *
parse_element (JsonNode    *node,
               guint        index,
               const char  *path,
               GError     **error)
{
  g_autofree char *where = g_strdup_printf ("elements[%u].", index);
  JsonObject *object;
  JsonNode *required;
  PsemsTemplateElement *element;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error (error, PSEMS_ERROR, PSEMS_ERROR_INVALID, _("%s: elements[%u]: expected an object"),
                   path, index);
      return NULL;
    }
  object = json_node_get_object (node);
  element = g_new0 (PsemsTemplateElement, 1);
  element->required = TRUE;

  if (!get_string_member (object, "key", TRUE, path, where, &element->key, error) ||
      !get_string_member (object, "title", TRUE, path, where, &element->title, error) ||
      !get_string_member (object, "reference", FALSE, path, where, &element->reference, error) ||
      !get_string_member (object, "guidance", FALSE, path, where, &element->guidance, error))
    goto fail;

  if (!psems_data_is_identifier (element->key))
    {
      g_set_error (error, PSEMS_ERROR, PSEMS_ERROR_INVALID,
                   _("%s: elements[%u].key: “%s” is not a key (lowercase letters, digits and hyphens)"),
                   path, index, element->key);
      goto fail;
    }

  required = json_object_get_member (object, "required");
  if (required != NULL && !JSON_NODE_HOLDS_NULL (required))
    {
      if (!JSON_NODE_HOLDS_VALUE (required) || json_node_get_value_type (required) != G_TYPE_BOOLEAN)
        {
          g_set_error (error, PSEMS_ERROR, PSEMS_ERROR_INVALID,
                       _("%s: elements[%u].required: expected true or false"), path, index);
          goto fail;
        }
      element->required = json_node_get_boolean (required);
    }
  return element;

fail:
  template_element_free (element);
  return NULL;
}

/**
 * psems_plan_template_load_file:
 * @path: a template file (JSON, see the top of this file)
 *
 * Reads and checks one template. A file that does not parse is refused
 * with %PSEMS_ERROR_INVALID reading "<path>:<line>:<column>: <what>"; a
 * missing or wrong member with "<path>: elements[<index>].<member>: <what>".
 *
 * Returns: (transfer full): the template, or %NULL with @error set.
 */
PsemsPlanTemplate *
psems_plan_template_load_file (const char  *path,
                               GError     **error)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(PsemsPlanTemplate) self = NULL;
  g_autoptr(GHashTable) keys = NULL;
  JsonNode *root;
  JsonObject *object;
  JsonNode *elements;
  JsonArray *array;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  parser = json_parser_new_immutable ();
  if (!psems_data_parse_json (parser, path, error))
    return NULL;

  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, PSEMS_ERROR, PSEMS_ERROR_INVALID,
                   _("%s: expected a JSON object with id, title and elements"), path);
      return NULL;
    }
  object = json_node_get_object (root);

  self = g_new0 (PsemsPlanTemplate, 1);
  self->elements = g_ptr_array_new_with_free_func ((GDestroyNotify) template_element_free);
  if (!get_string_member (object, "id", TRUE, path, "", &self->id, error) ||
      !get_string_member (object, "title", TRUE, path, "", &self->title, error) ||
      !get_string_member (object, "regime", FALSE, path, "", &self->regime, error))
    return NULL;
  if (!psems_data_is_identifier (self->id))
    {
      g_set_error (error, PSEMS_ERROR, PSEMS_ERROR_INVALID,
                   _("%s: id: “%s” is not an identifier (lowercase letters, digits, hyphens and dots)"),
                   path, self->id);
      return NULL;
    }

  elements = json_object_get_member (object, "elements");
  if (elements == NULL || !JSON_NODE_HOLDS_ARRAY (elements) ||
      json_array_get_length (json_node_get_array (elements)) == 0)
    {
      g_set_error (error, PSEMS_ERROR, PSEMS_ERROR_INVALID,
                   _("%s: elements: expected a list of at least one element"), path);
      return NULL;
    }
  array = json_node_get_array (elements);
  keys = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      PsemsTemplateElement *element = parse_element (json_array_get_element (array, i), i, path, error);
      gpointer first;

      if (element == NULL)
        return NULL;
      g_ptr_array_add (self->elements, element);
      if (g_hash_table_lookup_extended (keys, element->key, NULL, &first))
        {
          g_set_error (error, PSEMS_ERROR, PSEMS_ERROR_INVALID,
                       _("%s: elements[%u].key: “%s” is already the key of elements[%u]"),
                       path, i, element->key, GPOINTER_TO_UINT (first));
          return NULL;
        }
      g_hash_table_insert (keys, element->key, GUINT_TO_POINTER (i));
    }

  return g_steal_pointer (&self);
}

static void
report_problem (GPtrArray  *problems,
                const char *message)
{
  if (problems != NULL)
    g_ptr_array_add (problems, g_strdup (message));
  else
    g_warning ("%s", message);
}

/**
 * psems_plan_template_load_all:
 * @problems: (out) (optional) (transfer full) (element-type utf8): what was
 *   wrong with the files that were skipped, one message each
 *
 * Reads every `*.json` template, shipped and the user's
 * ($XDG_DATA_HOME/psems/plan-templates/), in file-name order within each
 * folder. A file that does not load is reported and skipped; so is a
 * template whose id an earlier one has, except for the shipped folders,
 * where an installed copy hides the source tree's silently.
 *
 * Returns: (transfer full) (element-type PsemsPlanTemplate): the templates.
 */
GPtrArray *
psems_plan_template_load_all (GPtrArray **problems)
{
  g_autoptr(GPtrArray) templates = g_ptr_array_new_with_free_func ((GDestroyNotify) psems_plan_template_free);
  g_autoptr(GPtrArray) found = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GHashTable) origin = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  g_autoptr(GPtrArray) dirs = NULL;
  guint n_shipped;

  dirs = psems_data_dirs (TEMPLATE_SUBDIR, &n_shipped);
  for (guint d = 0; d < dirs->len; d++)
    {
      const char *dir_path = g_ptr_array_index (dirs, d);
      g_autoptr(GPtrArray) names = psems_data_list_json (dir_path);

      if (names == NULL)
        continue;

      for (guint i = 0; i < names->len; i++)
        {
          g_autofree char *path = g_build_filename (dir_path, g_ptr_array_index (names, i), NULL);
          g_autoptr(GError) error = NULL;
          g_autoptr(PsemsPlanTemplate) template = psems_plan_template_load_file (path, &error);
          const char *first;

          if (template == NULL)
            {
              report_problem (found, error->message);
              continue;
            }
          first = g_hash_table_lookup (origin, template->id);
          if (first != NULL)
            {
              g_autofree char *first_dir = g_path_get_dirname (first);
              gboolean both_shipped = d < n_shipped && !g_str_equal (first_dir, dir_path);

              if (!both_shipped)
                {
                  g_autofree char *message =
                    g_strdup_printf (_("%s: id: “%s” is already the id of %s; this file was skipped"),
                                     path, template->id, first);
                  report_problem (found, message);
                }
              continue;
            }
          g_hash_table_insert (origin, template->id, g_steal_pointer (&path));
          g_ptr_array_add (templates, g_steal_pointer (&template));
        }
    }

  if (problems != NULL)
    *problems = g_steal_pointer (&found);
  else
    for (guint i = 0; i < found->len; i++)
      g_warning ("Plan template skipped: %s", (const char *) g_ptr_array_index (found, i));
  return g_steal_pointer (&templates);
}

/**
 * psems_plan_template_find:
 * @id: a template id (isps-a16.3)
 *
 * Returns: (transfer full): the template with that id, or %NULL with
 * %PSEMS_ERROR_NOT_FOUND naming it and where templates are read from.
 */
PsemsPlanTemplate *
psems_plan_template_find (const char  *id,
                          GError     **error)
{
  g_autoptr(GPtrArray) templates = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GPtrArray) dirs = NULL;
  g_autoptr(GString) where = NULL;

  g_return_val_if_fail (id != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  templates = psems_plan_template_load_all (&problems);
  for (guint i = 0; i < templates->len; i++)
    {
      PsemsPlanTemplate *template = g_ptr_array_index (templates, i);

      if (g_str_equal (template->id, id))
        return g_ptr_array_steal_index (templates, i);
    }

  dirs = psems_data_dirs (TEMPLATE_SUBDIR, NULL);
  where = g_string_new (NULL);
  for (guint i = 0; i < dirs->len; i++)
    g_string_append_printf (where, "%s%s", i > 0 ? ", " : "", (const char *) g_ptr_array_index (dirs, i));
  /* A template that failed to load may be the one asked for: say why it was skipped. */
  for (guint i = 0; i < problems->len; i++)
    g_string_append_printf (where, "; %s", (const char *) g_ptr_array_index (problems, i));
  g_set_error (error, PSEMS_ERROR, PSEMS_ERROR_NOT_FOUND,
               _("There is no plan template “%s” (templates are read from %s)"), id, where->str);
  return NULL;
}

/**
 * psems_plan_template_get_element:
 *
 * Returns: (transfer none) (nullable): the element with @key, or %NULL.
 */
const PsemsTemplateElement *
psems_plan_template_get_element (const PsemsPlanTemplate *self,
                                 const char              *key)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (key != NULL, NULL);

  for (guint i = 0; i < self->elements->len; i++)
    {
      const PsemsTemplateElement *element = g_ptr_array_index (self->elements, i);

      if (g_str_equal (element->key, key))
        return element;
    }
  return NULL;
}
