/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <json-glib/json-glib.h>
#include <string.h>

#include "trygg-geojson.h"
#include "trygg-io-private.h"

/* Writing GeoJSON; trygg-geojson.c has the reading. */

/* One feature a line, so that a diff of two exports shows the findings that
 * changed. */
static const char head[] = "{\"type\":\"FeatureCollection\",\"features\":[\n";
static const char separator[] = ",\n";
static const char tail[] = "\n]}\n";

static void
set_string_or_null (JsonObject *object,
                    const char *key,
                    const char *value)
{
  if (value != NULL)
    json_object_set_string_member (object, key, value);
  else
    json_object_set_null_member (object, key);
}

static JsonArray *
build_actions (const TryggRecord *record)
{
  guint n = record->actions != NULL ? record->actions->len : 0;
  JsonArray *actions = json_array_sized_new (n);

  for (guint i = 0; i < n; i++)
    {
      const TryggRecordAction *action = g_ptr_array_index (record->actions, i);
      JsonObject *object = json_object_new ();

      json_object_set_string_member (object, "text", action->text ? action->text : "");
      set_string_or_null (object, "actor", action->actor);
      set_string_or_null (object, "due", action->due);
      json_object_set_boolean_member (object, "done", action->done);
      set_string_or_null (object, "done_at", action->done_at);
      set_string_or_null (object, "comment", action->comment);
      json_array_add_object_element (actions, object);
    }
  return actions;
}

/* Members in the order of INTERFACES.md: json-glib keeps insertion order. */
static JsonNode *
build_feature (const TryggRecord *record)
{
  JsonObject *feature = json_object_new ();
  JsonObject *geometry = json_object_new ();
  JsonObject *properties = json_object_new ();
  JsonArray *coordinates = json_array_sized_new (2);

  json_object_set_string_member (feature, "type", "Feature");
  set_string_or_null (feature, "id", record->id);

  json_object_set_string_member (geometry, "type", "Point");
  json_array_add_double_element (coordinates, record->longitude);
  json_array_add_double_element (coordinates, record->latitude);
  json_object_set_array_member (geometry, "coordinates", coordinates);
  json_object_set_object_member (feature, "geometry", geometry);

  json_object_set_int_member (properties, "number", record->number);
  json_object_set_string_member (properties, "title", record->title ? record->title : "");
  json_object_set_string_member (properties, "description",
                                 record->description ? record->description : "");
  set_string_or_null (properties, "category", record->category);
  json_object_set_string_member (properties, "status",
                                 trygg_status_to_key (record->has_status ? record->status
                                                                         : TRYGG_STATUS_NEW));
  json_object_set_string_member (properties, "priority",
                                 trygg_priority_to_key (record->has_priority ? record->priority
                                                                             : TRYGG_PRIORITY_MEDIUM));
  set_string_or_null (properties, "actor", record->actor);
  set_string_or_null (properties, "walk", record->walk);
  set_string_or_null (properties, "walk_date", record->walk_date);
  set_string_or_null (properties, "observed_at", record->observed_at);
  set_string_or_null (properties, "updated_at", record->updated_at);
  json_object_set_array_member (properties, "actions", build_actions (record));
  json_object_set_int_member (properties, "photos", record->photos);
  json_object_set_object_member (feature, "properties", properties);

  return json_node_init_object (json_node_alloc (), feature);
}

gboolean
trygg_geojson_write (GPtrArray      *records,
                     GOutputStream  *out,
                     GCancellable   *cancellable,
                     GError        **error)
{
  g_autoptr(JsonGenerator) generator = NULL;

  g_return_val_if_fail (records != NULL, FALSE);
  g_return_val_if_fail (G_IS_OUTPUT_STREAM (out), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  /* One feature at a time through a reused generator: the whole collection
   * as one tree would hold every finding twice in memory. */
  generator = json_generator_new ();

  if (!g_output_stream_write_all (out, head, strlen (head), NULL, cancellable, error))
    return FALSE;

  for (guint i = 0; i < records->len; i++)
    {
      g_autoptr(JsonNode) feature = build_feature (g_ptr_array_index (records, i));
      g_autofree char *text = NULL;
      gsize text_length;

      json_generator_set_root (generator, feature);
      text = json_generator_to_data (generator, &text_length);
      if ((i > 0 && !g_output_stream_write_all (out, separator, strlen (separator), NULL, cancellable,
                                                 error)) ||
          !g_output_stream_write_all (out, text, text_length, NULL, cancellable, error))
        return FALSE;
    }

  return g_output_stream_write_all (out, tail, strlen (tail), NULL, cancellable, error);
}

gboolean
trygg_geojson_write_features (TryggFeatureCursor  *features,
                              GOutputStream       *out,
                              GCancellable        *cancellable,
                              GError             **error)
{
  g_autoptr(GError) local_error = NULL;
  const char *text;
  gsize length;

  g_return_val_if_fail (features != NULL, FALSE);
  g_return_val_if_fail (G_IS_OUTPUT_STREAM (out), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!g_output_stream_write_all (out, head, strlen (head), NULL, cancellable, error))
    return FALSE;

  /* The features are JSON already, written by SQLite's JSON functions. */
  while ((text = trygg_feature_cursor_next (features, &length, &local_error)) != NULL)
    {
      if ((trygg_feature_cursor_get_count (features) > 1 &&
           !g_output_stream_write_all (out, separator, strlen (separator), NULL, cancellable, error)) ||
          !g_output_stream_write_all (out, text, length, NULL, cancellable, error))
        return FALSE;
    }
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  return g_output_stream_write_all (out, tail, strlen (tail), NULL, cancellable, error);
}
