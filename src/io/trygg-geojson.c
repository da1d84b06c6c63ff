/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <math.h>
#include <string.h>

#include "trygg-geojson.h"
#include "trygg-io-private.h"

/* json-glib 1.6 parses recursively without a depth limit: a file of a
 * million '[' overflows the stack. GeoJSON needs six levels, our actions
 * two more; 128 leaves room for any foreign property. */
#define MAX_DEPTH 128

static const char * const title_keys[] = { "title", "name", "namn", "titel", "rubrik" };
static const char * const description_keys[] = { "description", "beskrivning", "desc" };

/* Not a JSON parser: only counts brackets outside strings, so that the
 * parser is never handed a file that would exhaust the stack. */
static gboolean
check_nesting (const char  *data,
               gsize        length,
               GError     **error)
{
  gboolean in_string = FALSE;
  guint depth = 0, line = 1;

  for (gsize i = 0; i < length; i++)
    {
      char c = data[i];

      if (c == '\n')
        line++;
      if (in_string)
        {
          if (c == '\\')
            i++;
          else if (c == '"')
            in_string = FALSE;
        }
      else if (c == '"')
        in_string = TRUE;
      else if (c == '[' || c == '{')
        {
          if (++depth > MAX_DEPTH)
            {
              g_set_error (error, TRYGG_IO_ERROR, TRYGG_IO_ERROR_INVALID,
                           _("The file is not GeoJSON that can be imported: at line %u "
                             "it nests more than %u levels deep. Nothing was imported."),
                           line, MAX_DEPTH);
              return FALSE;
            }
        }
      else if ((c == ']' || c == '}') && depth > 0)
        depth--;
    }
  return TRUE;
}

static char *
node_to_text (JsonNode *node)
{
  if (JSON_NODE_HOLDS_VALUE (node))
    {
      GType type = json_node_get_value_type (node);
      char buffer[G_ASCII_DTOSTR_BUF_SIZE];

      if (type == G_TYPE_STRING)
        return g_strdup (json_node_get_string (node));
      if (type == G_TYPE_INT64)
        return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
      if (type == G_TYPE_DOUBLE)
        return g_strdup (g_ascii_formatd (buffer, sizeof buffer, "%.15g", json_node_get_double (node)));
      if (type == G_TYPE_BOOLEAN)
        return g_strdup (json_node_get_boolean (node) ? "true" : "false");
    }
  if (JSON_NODE_HOLDS_NULL (node))
    return NULL;
  return json_to_string (node, FALSE);
}

static const char *
node_string (JsonNode *node)
{
  if (node != NULL && JSON_NODE_HOLDS_VALUE (node) &&
      json_node_get_value_type (node) == G_TYPE_STRING)
    return json_node_get_string (node);
  return NULL;
}

static gboolean
node_number (JsonNode *node,
             double   *out_value)
{
  GType type;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return FALSE;
  type = json_node_get_value_type (node);
  if (type == G_TYPE_INT64)
    *out_value = json_node_get_int (node);
  else if (type == G_TYPE_DOUBLE)
    *out_value = json_node_get_double (node);
  else
    return FALSE;
  return TRUE;
}

static void
keep_extra (TryggRecord *record,
            const char  *key,
            JsonNode    *node)
{
  g_autofree char *text = node_to_text (node);

  if (text != NULL)
    trygg_io_append_extra (record, key, text);
}

static gboolean
read_actions (TryggRecord *record,
              JsonNode    *node)
{
  JsonArray *array;
  g_autoptr(GPtrArray) actions = NULL;

  if (!JSON_NODE_HOLDS_ARRAY (node))
    return FALSE;
  array = json_node_get_array (node);
  actions = g_ptr_array_new_with_free_func ((GDestroyNotify) trygg_record_action_free);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      JsonObject *object;
      TryggRecordAction *action;
      JsonNode *member;
      g_autofree char *done_at = NULL;
      const char *due;

      if (!JSON_NODE_HOLDS_OBJECT (element))
        return FALSE;
      object = json_node_get_object (element);
      action = trygg_record_action_new ();
      g_ptr_array_add (actions, action);
      if ((member = json_object_get_member (object, "text")) != NULL)
        action->text = node_to_text (member);
      action->actor = g_strdup (node_string (json_object_get_member (object, "actor")));
      due = node_string (json_object_get_member (object, "due"));
      if (due != NULL && !trygg_io_is_date (due))
        return FALSE;
      action->due = g_strdup (due);
      member = json_object_get_member (object, "done");
      action->done = member != NULL && JSON_NODE_HOLDS_VALUE (member) &&
                     json_node_get_value_type (member) == G_TYPE_BOOLEAN &&
                     json_node_get_boolean (member);
      done_at = g_strdup (node_string (json_object_get_member (object, "done_at")));
      if (done_at != NULL && (action->done_at = trygg_io_normalize_time (done_at)) == NULL)
        return FALSE;
      action->comment = g_strdup (node_string (json_object_get_member (object, "comment")));
    }

  g_ptr_array_extend_and_steal (record->actions, g_steal_pointer (&actions));
  return TRUE;
}

static gboolean
read_known (TryggRecord *record,
            const char  *key,
            JsonNode    *node)
{
  const char *text = node_string (node);
  double number;

  if (g_ascii_strcasecmp (key, "number") == 0)
    {
      if (!node_number (node, &number) || number < 0 || number > G_MAXINT32 ||
          number != floor (number))
        return FALSE;
      record->number = (gint64) number;
    }
  else if (g_ascii_strcasecmp (key, "category") == 0 || g_ascii_strcasecmp (key, "kategori") == 0)
    {
      if (text == NULL)
        return FALSE;
      g_free (record->category);
      record->category = g_strdup (text);
    }
  else if (g_ascii_strcasecmp (key, "status") == 0)
    return (record->has_status = trygg_io_parse_status (text, &record->status));
  else if (g_ascii_strcasecmp (key, "priority") == 0 || g_ascii_strcasecmp (key, "prioritet") == 0)
    {
      if (!trygg_io_parse_priority (text, &record->priority))
        return FALSE;
      record->has_priority = TRUE;
    }
  else if (g_ascii_strcasecmp (key, "actor") == 0)
    {
      if (text == NULL)
        return FALSE;
      g_free (record->actor);
      record->actor = g_strdup (text);
    }
  else if (g_ascii_strcasecmp (key, "walk") == 0)
    {
      if (text == NULL)
        return FALSE;
      g_free (record->walk);
      record->walk = g_strdup (text);
    }
  else if (g_ascii_strcasecmp (key, "walk_date") == 0)
    {
      if (!trygg_io_is_date (text))
        return FALSE;
      g_free (record->walk_date);
      record->walk_date = g_strdup (text);
    }
  else if (g_ascii_strcasecmp (key, "observed_at") == 0)
    {
      g_free (record->observed_at);
      return (record->observed_at = trygg_io_normalize_time (text)) != NULL;
    }
  else if (g_ascii_strcasecmp (key, "updated_at") == 0)
    {
      g_free (record->updated_at);
      return (record->updated_at = trygg_io_normalize_time (text)) != NULL;
    }
  else if (g_ascii_strcasecmp (key, "actions") == 0)
    return (record->has_actions = read_actions (record, node));
  else if (g_ascii_strcasecmp (key, "photos") == 0)
    return TRUE;  /* a count of what stays in the other database */
  else
    return FALSE;

  return TRUE;
}

/* The first of @keys present (in the order of @keys) gives the text.
 * Returns the member's own key, to skip it later, or NULL. */
static const char *
pick_alias (JsonObject         *properties,
            const char * const *keys,
            guint               n_keys,
            char              **out_text)
{
  g_autoptr(GList) members = json_object_get_members (properties);

  for (guint k = 0; k < n_keys; k++)
    {
      for (GList *l = members; l; l = l->next)
        {
          JsonNode *node = json_object_get_member (properties, l->data);

          if (g_ascii_strcasecmp (l->data, keys[k]) == 0 && !JSON_NODE_HOLDS_NULL (node))
            {
              *out_text = node_to_text (node);
              return l->data;
            }
        }
    }
  return NULL;
}

static void
read_properties (TryggRecord *record,
                 JsonObject  *properties)
{
  const char *title_key, *description_key;
  GList *members;

  title_key = pick_alias (properties, title_keys, G_N_ELEMENTS (title_keys), &record->title);
  description_key = pick_alias (properties, description_keys, G_N_ELEMENTS (description_keys),
                                &record->description);

  members = json_object_get_members (properties);
  for (GList *l = members; l; l = l->next)
    {
      const char *key = l->data;
      JsonNode *node = json_object_get_member (properties, key);

      if (key == title_key || key == description_key || JSON_NODE_HOLDS_NULL (node))
        continue;
      if (g_ascii_strcasecmp (key, "id") == 0 && record->id != NULL &&
          g_strcmp0 (node_string (node), record->id) == 0)
        continue;
      if (!read_known (record, key, node))
        keep_extra (record, key, node);
    }
  g_list_free (members);
}

/* Points after the first of a MultiPoint get a name-based UUID (version 5
 * layout) from the feature's id and their position: stable across imports. */
static char *
derived_id (const char *id,
            guint       position)
{
  g_autofree char *name = g_strdup_printf ("%s#%u", id, position);
  g_autofree char *hex = g_compute_checksum_for_string (G_CHECKSUM_SHA1, name, -1);

  hex[12] = '5';
  hex[16] = "89ab"[g_ascii_xdigit_value (hex[16]) & 3];
  return g_strdup_printf ("%.8s-%.4s-%.4s-%.4s-%.12s", hex, hex + 8, hex + 12, hex + 16, hex + 20);
}

static gboolean
read_position (JsonNode  *node,
               guint      index,
               double    *out_lon,
               double    *out_lat,
               GError   **error)
{
  JsonArray *array;
  guint n;
  double values[3];
  char lon_text[G_ASCII_DTOSTR_BUF_SIZE], lat_text[G_ASCII_DTOSTR_BUF_SIZE];

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    goto bad;
  array = json_node_get_array (node);
  n = json_array_get_length (array);
  if (n < 2 || n > 3)
    goto bad;
  for (guint i = 0; i < n; i++)
    if (!node_number (json_array_get_element (array, i), &values[i]))
      goto bad;

  *out_lon = values[0];
  *out_lat = values[1];
  if (isfinite (values[0]) && isfinite (values[1]) &&
      values[0] >= -180 && values[0] <= 180 && values[1] >= -90 && values[1] <= 90)
    return TRUE;

  g_set_error (error, TRYGG_IO_ERROR, TRYGG_IO_ERROR_INVALID,
               _("Feature %u lies outside the world: longitude %s, latitude %s. GeoJSON "
                 "gives longitude (−180 to 180) first, then latitude (−90 to 90), in "
                 "degrees. Nothing was imported."),
               index,
               g_ascii_formatd (lon_text, sizeof lon_text, "%g", values[0]),
               g_ascii_formatd (lat_text, sizeof lat_text, "%g", values[1]));
  return FALSE;

bad:
  g_set_error (error, TRYGG_IO_ERROR, TRYGG_IO_ERROR_INVALID,
               _("Feature %u has coordinates that are not a position: GeoJSON expects "
                 "[longitude, latitude] numbers. Nothing was imported."), index);
  return FALSE;
}

static gboolean
read_feature (JsonNode          *node,
              guint              index,
              GPtrArray         *records,
              TryggImportStats  *stats,
              GError           **error)
{
  JsonObject *feature, *geometry;
  JsonNode *geometry_node, *id_node, *properties_node, *coordinates;
  JsonArray *points = NULL;
  const char *type;
  g_autofree char *id = NULL;
  guint n_points = 1;

  if (!JSON_NODE_HOLDS_OBJECT (node) ||
      g_strcmp0 (node_string (json_object_get_member (json_node_get_object (node), "type")),
                 "Feature") != 0)
    {
      g_set_error (error, TRYGG_IO_ERROR, TRYGG_IO_ERROR_INVALID,
                   _("Item %u of the file’s “features” is not a GeoJSON Feature. "
                     "Nothing was imported."), index);
      return FALSE;
    }
  feature = json_node_get_object (node);

  geometry_node = json_object_get_member (feature, "geometry");
  geometry = geometry_node && JSON_NODE_HOLDS_OBJECT (geometry_node) ?
             json_node_get_object (geometry_node) : NULL;
  type = geometry ? node_string (json_object_get_member (geometry, "type")) : NULL;
  coordinates = geometry ? json_object_get_member (geometry, "coordinates") : NULL;
  if (g_strcmp0 (type, "MultiPoint") == 0)
    {
      if (coordinates == NULL || !JSON_NODE_HOLDS_ARRAY (coordinates))
        return read_position (NULL, index, NULL, NULL, error);
      points = json_node_get_array (coordinates);
      n_points = json_array_get_length (points);
    }
  if ((g_strcmp0 (type, "Point") != 0 && points == NULL) || n_points == 0)
    {
      if (stats != NULL)
        stats->skipped++;
      return TRUE;
    }

  id_node = json_object_get_member (feature, "id");
  properties_node = json_object_get_member (feature, "properties");
  if (id_node == NULL && properties_node != NULL && JSON_NODE_HOLDS_OBJECT (properties_node))
    id_node = json_object_get_member (json_node_get_object (properties_node), "id");
  if (id_node != NULL && JSON_NODE_HOLDS_VALUE (id_node))
    id = node_to_text (id_node);

  for (guint i = 0; i < n_points; i++)
    {
      g_autoptr(TryggRecord) record = trygg_record_new ();
      JsonNode *position = points ? json_array_get_element (points, i) : coordinates;

      if (!read_position (position, index, &record->longitude, &record->latitude, error))
        return FALSE;
      record->source_index = index;
      if (i == 0 || id == NULL)
        record->id = g_strdup (id);
      else if (g_uuid_string_is_valid (id))
        record->id = derived_id (id, i);
      if (properties_node != NULL && JSON_NODE_HOLDS_OBJECT (properties_node))
        read_properties (record, json_node_get_object (properties_node));
      g_ptr_array_add (records, g_steal_pointer (&record));
    }
  return TRUE;
}

GPtrArray *
trygg_geojson_read (const char        *data,
                    gsize              length,
                    TryggImportStats  *stats,
                    GError           **error)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GError) local_error = NULL;
  JsonObject *root;
  JsonNode *features;
  const char *type;

  g_return_val_if_fail (data != NULL || length == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (stats != NULL)
    stats->skipped = 0;
  data = trygg_io_skip_bom (data, &length);
  if (!trygg_io_check_utf8 (data, length, error) || !check_nesting (data, length, error))
    return NULL;

  parser = json_parser_new_immutable ();
  if (length == 0 || !json_parser_load_from_data (parser, data, length, &local_error))
    {
      /* json-glib quotes the offending bytes, which may be half a letter. */
      g_autofree char *reason = g_utf8_make_valid (local_error ? local_error->message
                                                               : _("it is empty"), -1);

      g_set_error (error, TRYGG_IO_ERROR, TRYGG_IO_ERROR_INVALID,
                   _("The file is not valid JSON (%s). Nothing was imported."), reason);
      return NULL;
    }

  records = g_ptr_array_new_with_free_func ((GDestroyNotify) trygg_record_free);
  root = JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)) ?
         json_node_get_object (json_parser_get_root (parser)) : NULL;
  type = root ? node_string (json_object_get_member (root, "type")) : NULL;
  if (g_strcmp0 (type, "Feature") == 0)
    {
      if (!read_feature (json_parser_get_root (parser), 1, records, stats, error))
        return NULL;
      return g_steal_pointer (&records);
    }

  features = root ? json_object_get_member (root, "features") : NULL;
  if (g_strcmp0 (type, "FeatureCollection") != 0 || features == NULL ||
      !JSON_NODE_HOLDS_ARRAY (features))
    {
      g_set_error (error, TRYGG_IO_ERROR, TRYGG_IO_ERROR_INVALID,
                   _("The file is JSON but not a GeoJSON FeatureCollection. Nothing was "
                     "imported; export the points as GeoJSON and try again."));
      return NULL;
    }

  for (guint i = 0; i < json_array_get_length (json_node_get_array (features)); i++)
    if (!read_feature (json_array_get_element (json_node_get_array (features), i),
                       i + 1, records, stats, error))
      return NULL;

  return g_steal_pointer (&records);
}
