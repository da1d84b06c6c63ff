/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <math.h>
#include <yajl/yajl_parse.h>
#include <stdio.h>
#include <string.h>

#include "trygg-geojson.h"
#include "trygg-geojson-split.h"
#include "trygg-io-private.h"

/* Reading goes through yajl, a parser that hands out the values of a
 * document one by one as it goes (a SAX parser): over the 68 MB of
 * 100,000 findings it takes a quarter of a second, where json-glib 1.6
 * takes about three (its scanner is slow) and SQLite's json_tree about
 * two and a half. Its events, in document order, rebuild one feature at a
 * time as a small tree of Nodes; the feature is read into records before
 * the next one starts, so memory stays small.
 *
 * yajl keeps what it is inside of on a stack of its own, not the
 * machine's; json-glib (still used to word a parse error and to write
 * nested values as text) parses recursively without a depth limit.
 * GeoJSON needs six levels, our actions two more; 128 leaves room for
 * any foreign property. */
#define MAX_DEPTH 128

static const char * const title_keys[] = { "title", "name", "namn", "titel", "rubrik" };
static const char * const description_keys[] = { "description", "beskrivning", "desc" };

typedef enum
{
  NODE_NULL,
  NODE_TRUE,
  NODE_FALSE,
  NODE_INT,
  NODE_REAL,
  NODE_STRING,
  NODE_ARRAY,
  NODE_OBJECT,
} NodeType;

/* One JSON value. Children are linked by index into the tree's array
 * (0 is "none": the root, index 0, is nobody's child). */
typedef struct
{
  NodeType    type;
  const char *key;         /* name as a member of an object, else NULL */
  const char *string;
  gint64      integer;
  double      real;
  guint       first_child;
  guint       last_child;
  guint       next_sibling;
  guint       n_children;
} Node;

typedef struct
{
  GArray       *nodes;     /* of Node */
  GStringChunk *strings;
} Tree;

#define NODE(tree, i) (&g_array_index ((tree)->nodes, Node, (i)))
#define NONE G_MAXUINT

static void
tree_init (Tree *tree)
{
  tree->nodes = g_array_sized_new (FALSE, FALSE, sizeof (Node), 64);
  tree->strings = g_string_chunk_new (4096);
}

static void
tree_clear (Tree *tree)
{
  g_array_set_size (tree->nodes, 0);
  g_string_chunk_clear (tree->strings);
}

static void
tree_free (Tree *tree)
{
  g_array_unref (tree->nodes);
  g_string_chunk_free (tree->strings);
}

/* json-glib took raw control characters inside strings, which JSON does
 * not allow and yajl refuses: files that imported before still do,
 * with the characters written as escapes. */
static char *
escape_raw_controls (const char *data,
                     gsize       length,
                     gsize      *out_length)
{
  GString *out = g_string_sized_new (length + 64);
  gboolean in_string = FALSE;

  for (gsize i = 0; i < length; i++)
    {
      char c = data[i];

      if (in_string && c == '\\' && i + 1 < length)
        {
          g_string_append_c (out, c);
          c = data[++i];
        }
      else if (in_string && (guchar) c < 0x20)
        {
          g_string_append_printf (out, "\\u%04x", (guchar) c);
          continue;
        }
      else if (c == '"')
        in_string = !in_string;
      g_string_append_c (out, c);
    }
  *out_length = out->len;
  return g_string_free (out, FALSE);
}

/* The member @key of the object @object (the last one, when a file
 * repeats a key, as json-glib did), or NONE. */
static guint
member (Tree       *tree,
        guint       object,
        const char *key)
{
  guint found = NONE;

  if (object == NONE || NODE (tree, object)->type != NODE_OBJECT)
    return NONE;
  for (guint c = NODE (tree, object)->first_child; c != 0; c = NODE (tree, c)->next_sibling)
    if (strcmp (NODE (tree, c)->key, key) == 0)
      found = c;
  return found;
}

/* The members of @object once each, in the order of their first
 * occurrence, each with its last value: what json-glib made of repeated
 * keys. */
static GArray *
members (Tree  *tree,
         guint  object)
{
  guint n_children = NODE (tree, object)->n_children;
  GArray *list = g_array_sized_new (FALSE, FALSE, sizeof (guint), n_children);
  g_autoptr(GHashTable) seen = NULL;

  /* A finding's few properties are compared with each other faster than
   * a table of them is made: a fifth of reading a feature went there. */
  if (n_children <= 32)
    {
      for (guint c = NODE (tree, object)->first_child; c != 0; c = NODE (tree, c)->next_sibling)
        {
          guint i = 0;

          while (i < list->len &&
                 strcmp (NODE (tree, g_array_index (list, guint, i))->key, NODE (tree, c)->key) != 0)
            i++;
          if (i < list->len)
            g_array_index (list, guint, i) = c;
          else
            g_array_append_val (list, c);
        }
      return list;
    }

  seen = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint c = NODE (tree, object)->first_child; c != 0; c = NODE (tree, c)->next_sibling)
    {
      gpointer position;

      if (g_hash_table_lookup_extended (seen, NODE (tree, c)->key, NULL, &position))
        g_array_index (list, guint, GPOINTER_TO_UINT (position)) = c;
      else
        {
          g_hash_table_insert (seen, (char *) NODE (tree, c)->key, GUINT_TO_POINTER (list->len));
          g_array_append_val (list, c);
        }
    }
  return list;
}

static JsonNode *
to_json_node (Tree  *tree,
              guint  index)
{
  const Node *node = NODE (tree, index);
  JsonNode *json = json_node_alloc ();

  switch (node->type)
    {
    case NODE_NULL:
      return json_node_init_null (json);
    case NODE_TRUE:
    case NODE_FALSE:
      return json_node_init_boolean (json, node->type == NODE_TRUE);
    case NODE_INT:
      return json_node_init_int (json, node->integer);
    case NODE_REAL:
      return json_node_init_double (json, node->real);
    case NODE_STRING:
      return json_node_init_string (json, node->string);
    case NODE_ARRAY:
      {
        JsonArray *array = json_array_sized_new (node->n_children);

        for (guint c = node->first_child; c != 0; c = NODE (tree, c)->next_sibling)
          json_array_add_element (array, to_json_node (tree, c));
        json_node_init (json, JSON_NODE_ARRAY);
        json_node_take_array (json, array);
        return json;
      }
    case NODE_OBJECT:
    default:
      {
        JsonObject *object = json_object_new ();

        for (guint c = node->first_child; c != 0; c = NODE (tree, c)->next_sibling)
          json_object_set_member (object, NODE (tree, c)->key, to_json_node (tree, c));
        json_node_init (json, JSON_NODE_OBJECT);
        json_node_take_object (json, object);
        return json;
      }
    }
}

static char *
node_to_text (Tree  *tree,
              guint  index)
{
  const Node *node = NODE (tree, index);
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  switch (node->type)
    {
    case NODE_STRING:
      return g_strdup (node->string);
    case NODE_INT:
      return g_strdup_printf ("%" G_GINT64_FORMAT, node->integer);
    case NODE_REAL:
      return g_strdup (g_ascii_formatd (buffer, sizeof buffer, "%.15g", node->real));
    case NODE_TRUE:
    case NODE_FALSE:
      return g_strdup (node->type == NODE_TRUE ? "true" : "false");
    case NODE_NULL:
      return NULL;
    case NODE_ARRAY:
    case NODE_OBJECT:
    default:
      {
        /* Written as json-glib writes it, as before. */
        g_autoptr(JsonNode) json = to_json_node (tree, index);

        return json_to_string (json, FALSE);
      }
    }
}

static const char *
node_string (Tree  *tree,
             guint  index)
{
  if (index != NONE && NODE (tree, index)->type == NODE_STRING)
    return NODE (tree, index)->string;
  return NULL;
}

static gboolean
node_number (Tree   *tree,
             guint   index,
             double *out_value)
{
  if (index == NONE)
    return FALSE;
  if (NODE (tree, index)->type == NODE_INT)
    *out_value = NODE (tree, index)->integer;
  else if (NODE (tree, index)->type == NODE_REAL)
    *out_value = NODE (tree, index)->real;
  else
    return FALSE;
  return TRUE;
}

static gboolean
is_value (Tree  *tree,
          guint  index)
{
  NodeType type = NODE (tree, index)->type;

  return type != NODE_NULL && type != NODE_ARRAY && type != NODE_OBJECT;
}

/* Times as we write them (2026-11-27T18:30:00Z) are already what
 * trygg_io_normalize_time () returns; parsing each into a GDateTime was a
 * good part of reading 100,000 findings. */
static char *
normalize_time (const char *text)
{
  static const char pattern[] = "dddd-dd-ddTdd:dd:ddZ";

  if (text != NULL && strlen (text) == sizeof pattern - 1 && text[0] >= '1')
    {
      char date[11];
      gboolean canonical = TRUE;

      for (guint i = 0; canonical && pattern[i] != '\0'; i++)
        canonical = pattern[i] == 'd' ? g_ascii_isdigit (text[i]) : text[i] == pattern[i];
      memcpy (date, text, 10);
      date[10] = '\0';
      if (canonical && trygg_date_is_valid (date) &&
          g_ascii_digit_value (text[11]) * 10 + g_ascii_digit_value (text[12]) < 24 &&
          text[14] < '6' && text[17] < '6')
        return g_strdup (text);
    }
  return trygg_io_normalize_time (text);
}

/* A status or priority as we write it is its key; anything else goes
 * through the folding of the full parse. */
static gboolean
parse_status (const char  *text,
              TryggStatus *out_status)
{
  return (text != NULL && trygg_status_from_key (text, out_status)) ||
         trygg_io_parse_status (text, out_status);
}

static gboolean
parse_priority (const char    *text,
                TryggPriority *out_priority)
{
  return (text != NULL && trygg_priority_from_key (text, out_priority)) ||
         trygg_io_parse_priority (text, out_priority);
}

static void
keep_extra (TryggRecord *record,
            const char  *key,
            Tree        *tree,
            guint        index)
{
  g_autofree char *text = node_to_text (tree, index);

  if (text != NULL)
    trygg_io_append_extra (record, key, text);
}

static gboolean
read_actions (TryggRecord *record,
              Tree        *tree,
              guint        array)
{
  g_autoptr(GPtrArray) actions = NULL;

  if (NODE (tree, array)->type != NODE_ARRAY)
    return FALSE;
  actions = g_ptr_array_new_with_free_func ((GDestroyNotify) trygg_record_action_free);
  for (guint element = NODE (tree, array)->first_child; element != 0;
       element = NODE (tree, element)->next_sibling)
    {
      TryggRecordAction *action;
      guint text, done;
      const char *due, *done_at;

      if (NODE (tree, element)->type != NODE_OBJECT)
        return FALSE;
      action = trygg_record_action_new ();
      g_ptr_array_add (actions, action);
      if ((text = member (tree, element, "text")) != NONE)
        action->text = node_to_text (tree, text);
      action->actor = g_strdup (node_string (tree, member (tree, element, "actor")));
      due = node_string (tree, member (tree, element, "due"));
      if (due != NULL && !trygg_date_is_valid (due))
        return FALSE;
      action->due = g_strdup (due);
      done = member (tree, element, "done");
      action->done = done != NONE && NODE (tree, done)->type == NODE_TRUE;
      done_at = node_string (tree, member (tree, element, "done_at"));
      if (done_at != NULL && (action->done_at = normalize_time (done_at)) == NULL)
        return FALSE;
      action->comment = g_strdup (node_string (tree, member (tree, element, "comment")));
    }

  g_ptr_array_extend_and_steal (record->actions, g_steal_pointer (&actions));
  return TRUE;
}

static gboolean
read_known (TryggRecord *record,
            const char  *key,
            Tree        *tree,
            guint        node)
{
  const char *text = node_string (tree, node);
  double number;

  if (g_ascii_strcasecmp (key, "number") == 0)
    {
      if (!node_number (tree, node, &number) || number < 0 || number > G_MAXINT32 ||
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
    return (record->has_status = parse_status (text, &record->status));
  else if (g_ascii_strcasecmp (key, "priority") == 0 || g_ascii_strcasecmp (key, "prioritet") == 0)
    {
      if (!parse_priority (text, &record->priority))
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
      if (!trygg_date_is_valid (text))
        return FALSE;
      g_free (record->walk_date);
      record->walk_date = g_strdup (text);
    }
  else if (g_ascii_strcasecmp (key, "observed_at") == 0)
    {
      g_free (record->observed_at);
      return (record->observed_at = normalize_time (text)) != NULL;
    }
  else if (g_ascii_strcasecmp (key, "updated_at") == 0)
    {
      g_free (record->updated_at);
      return (record->updated_at = normalize_time (text)) != NULL;
    }
  else if (g_ascii_strcasecmp (key, "actions") == 0)
    return (record->has_actions = read_actions (record, tree, node));
  else if (g_ascii_strcasecmp (key, "photos") == 0)
    return TRUE;  /* a count of what stays in the other database */
  else
    return FALSE;

  return TRUE;
}

/* The first of @keys present (in the order of @keys) gives the text.
 * Returns the member chosen, to skip it later, or NONE. */
static guint
pick_alias (Tree               *tree,
            GArray             *list,
            const char * const *keys,
            guint               n_keys,
            char              **out_text)
{
  for (guint k = 0; k < n_keys; k++)
    {
      for (guint i = 0; i < list->len; i++)
        {
          guint node = g_array_index (list, guint, i);

          if (g_ascii_strcasecmp (NODE (tree, node)->key, keys[k]) == 0 &&
              NODE (tree, node)->type != NODE_NULL)
            {
              *out_text = node_to_text (tree, node);
              return node;
            }
        }
    }
  return NONE;
}

static void
read_properties (TryggRecord *record,
                 Tree        *tree,
                 guint        properties)
{
  g_autoptr(GArray) list = members (tree, properties);
  guint title, description;

  title = pick_alias (tree, list, title_keys, G_N_ELEMENTS (title_keys), &record->title);
  description = pick_alias (tree, list, description_keys, G_N_ELEMENTS (description_keys),
                            &record->description);

  for (guint i = 0; i < list->len; i++)
    {
      guint node = g_array_index (list, guint, i);
      const char *key = NODE (tree, node)->key;

      if (node == title || node == description || NODE (tree, node)->type == NODE_NULL)
        continue;
      if (g_ascii_strcasecmp (key, "id") == 0 && record->id != NULL &&
          g_strcmp0 (node_string (tree, node), record->id) == 0)
        continue;
      if (!read_known (record, key, tree, node))
        keep_extra (record, key, tree, node);
    }
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
read_position (Tree      *tree,
               guint      node,
               guint      index,
               double    *out_lon,
               double    *out_lat,
               GError   **error)
{
  guint n = 0;
  double values[3];
  char lon_text[G_ASCII_DTOSTR_BUF_SIZE], lat_text[G_ASCII_DTOSTR_BUF_SIZE];

  if (node == NONE || NODE (tree, node)->type != NODE_ARRAY)
    goto bad;
  if (NODE (tree, node)->n_children < 2 || NODE (tree, node)->n_children > 3)
    goto bad;
  for (guint c = NODE (tree, node)->first_child; c != 0; c = NODE (tree, c)->next_sibling)
    if (!node_number (tree, c, &values[n++]))
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

/* Reads the feature at @node of @tree. */
static gboolean
read_feature (Tree              *tree,
              guint              node,
              guint              index,
              GPtrArray         *records,
              guint             *skipped,
              GError           **error)
{
  guint geometry, id_node, properties, coordinates = NONE, points = NONE, point;
  const char *type;
  g_autofree char *id = NULL;
  guint n_points = 1;

  if (NODE (tree, node)->type != NODE_OBJECT ||
      g_strcmp0 (node_string (tree, member (tree, node, "type")), "Feature") != 0)
    {
      g_set_error (error, TRYGG_IO_ERROR, TRYGG_IO_ERROR_INVALID,
                   _("Item %u of the file’s “features” is not a GeoJSON Feature. "
                     "Nothing was imported."), index);
      return FALSE;
    }

  geometry = member (tree, node, "geometry");
  if (geometry != NONE && NODE (tree, geometry)->type != NODE_OBJECT)
    geometry = NONE;
  type = node_string (tree, member (tree, geometry, "type"));
  coordinates = member (tree, geometry, "coordinates");
  if (g_strcmp0 (type, "MultiPoint") == 0)
    {
      if (coordinates == NONE || NODE (tree, coordinates)->type != NODE_ARRAY)
        return read_position (tree, NONE, index, NULL, NULL, error);
      points = coordinates;
      n_points = NODE (tree, points)->n_children;
    }
  if ((g_strcmp0 (type, "Point") != 0 && points == NONE) || n_points == 0)
    {
      (*skipped)++;
      return TRUE;
    }

  id_node = member (tree, node, "id");
  properties = member (tree, node, "properties");
  if (properties != NONE && NODE (tree, properties)->type != NODE_OBJECT)
    properties = NONE;
  if (id_node == NONE && properties != NONE)
    id_node = member (tree, properties, "id");
  if (id_node != NONE && is_value (tree, id_node))
    id = node_to_text (tree, id_node);

  point = points != NONE ? NODE (tree, points)->first_child : coordinates;
  for (guint i = 0; i < n_points; i++)
    {
      g_autoptr(TryggRecord) record = trygg_record_new ();

      if (!read_position (tree, point, index, &record->longitude, &record->latitude, error))
        return FALSE;
      record->source_index = index;
      /* Every point after the first gets an id derived from the
       * feature's, UUID or not, so that importing again merges. */
      if (i == 0 || id == NULL)
        record->id = g_strdup (id);
      else
        record->id = derived_id (id, i);
      if (properties != NONE)
        read_properties (record, tree, properties);
      g_ptr_array_add (records, g_steal_pointer (&record));
      if (points != NONE)
        point = NODE (tree, point)->next_sibling;
    }
  return TRUE;
}

/* How far the reading has come, shared by the two halves of a split
 * file. */
typedef struct
{
  gint              items_read;   /* atomic: both halves add to it */
  guint             total_items;  /* as the scan counted them; 0: unknown */
  TryggProgressFunc progress;     /* called on the calling thread alone */
  gpointer          progress_data;
} ReadProgress;

/* What one pass of the parser keeps apart: the root with its members
 * (all of it when the file is a single Feature), and the current item of
 * the root's "features" array. */
typedef struct
{
  ReadProgress *read_progress;  /* or NULL */
  gboolean   reports;      /* this pass calls read_progress->progress */
  Tree       root;
  Tree       item;
  GPtrArray *records;
  GAsyncQueue *out;        /* streamed: where full batches of records go */
  gint      *stop;         /* streamed: set when nobody wants more */
  gboolean   handed_on;    /* a batch went out */
  gboolean   restarted;    /* and then the records began again */
  guint      skipped;
  guint      n_items;
  guint      features;     /* the root's "features" array in root, or NONE */
  GError    *item_error;   /* the first item that failed */
  gboolean   bad_text;     /* a string that is not UTF-8 */
  gboolean   has_escapes;  /* the file holds a \u escape */
  /* Where yajl's events are going: */
  GArray     *open;        /* of Open: the containers not yet ended */
  const char *key;         /* the name of the member whose value is next */
  Tree       *tree;        /* where the last node was added */
  gboolean    item_root;   /* it was an item of "features" */
} Reader;

/* A container being read: where its node is. */
typedef struct
{
  Tree  *tree;
  guint  index;
} Open;

/* Records a streamed reader hands on at a time: the import writes them
 * while the next are read. */
static guint stream_batch = 4096;

void
trygg_geojson_set_stream_batch (guint n_records)
{
  stream_batch = MAX (n_records, 1);
}

static void
hand_on (Reader *reader)
{
  if (reader->records->len == 0)
    return;
  g_async_queue_push (reader->out, reader->records);
  reader->records = g_ptr_array_new_with_free_func ((GDestroyNotify) trygg_record_free);
  reader->handed_on = TRUE;
}

static void
finish_item (Reader *reader)
{
  if (reader->item.nodes->len == 0)
    return;
  reader->n_items++;
  if (reader->read_progress != NULL && reader->read_progress->total_items > 0)
    {
      ReadProgress *read_progress = reader->read_progress;
      guint read = g_atomic_int_add (&read_progress->items_read, 1) + 1;

      if (reader->reports && read % 1000 == 0)
        read_progress->progress (MIN (1.0, (double) read / read_progress->total_items),
                                 read_progress->progress_data);
    }
  if (reader->item_error == NULL &&
      !read_feature (&reader->item, 0, reader->n_items, reader->records, &reader->skipped,
                     &reader->item_error))
    g_ptr_array_set_size (reader->records, 0);
  tree_clear (&reader->item);
  if (reader->out != NULL && reader->item_error == NULL && reader->records->len >= stream_batch)
    hand_on (reader);
}

static const char *
copy_text (Reader              *reader,
           Tree                *tree,
           const unsigned char *text,
           size_t               length)
{
  const char *copy = g_string_chunk_insert_len (tree->strings, (const char *) text, length);

  /* The scan refused unpaired surrogates, which would decode into bytes
   * that are not UTF-8; this is only a second look, for escapes alone:
   * the file itself is valid UTF-8. */
  if (reader->has_escapes && !g_utf8_validate (copy, -1, NULL))
    reader->bad_text = TRUE;
  return copy;
}

/* Adds a value of @type where the reading is, as the last child of the
 * innermost open container. Returns the node to fill in. */
static Node *
add_node (Reader   *reader,
          NodeType  type)
{
  const Open *parent = reader->open->len > 0
                       ? &g_array_index (reader->open, Open, reader->open->len - 1) : NULL;
  Tree *tree;
  Node *node;
  guint index;

  if (parent != NULL && parent->tree == &reader->root && parent->index == reader->features)
    {
      /* An item of the root's "features" array: a tree of its own. */
      finish_item (reader);
      tree = &reader->item;
      reader->item_root = TRUE;
    }
  else
    {
      tree = parent != NULL ? parent->tree : &reader->root;
      reader->item_root = FALSE;
    }

  reader->tree = tree;
  index = tree->nodes->len;
  g_array_set_size (tree->nodes, index + 1);
  node = NODE (tree, index);
  *node = (Node) { .type = type };
  if (parent != NULL && parent->tree == tree)
    {
      Node *up = NODE (tree, parent->index);

      if (up->type == NODE_OBJECT)
        node->key = reader->key;
      if (up->last_child != 0)
        NODE (tree, up->last_child)->next_sibling = index;
      else
        up->first_child = index;
      up->last_child = index;
      up->n_children++;
    }
  reader->key = NULL;

  /* The root's "features" (the last such member, as json-glib read it):
   * its items are read one by one. */
  if (tree == &reader->root && parent != NULL && parent->index == 0 &&
      NODE (tree, 0)->type == NODE_OBJECT && strcmp (node->key, "features") == 0)
    {
      reader->features = type == NODE_ARRAY ? index : NONE;
      reader->restarted = reader->handed_on;
      g_ptr_array_set_size (reader->records, 0);
      g_clear_error (&reader->item_error);
      reader->skipped = 0;
      reader->n_items = 0;
    }

  if (type == NODE_ARRAY || type == NODE_OBJECT)
    {
      Open entry = { tree, index };

      g_array_append_val (reader->open, entry);
    }
  return node;
}

/* A value that is not a container: an item of "features" that is one is
 * finished at once. */
static int
added_value (Reader *reader)
{
  if (reader->item_root)
    finish_item (reader);
  return 1;
}

static int
on_null (void *data)
{
  add_node (data, NODE_NULL);
  return added_value (data);
}

static int
on_boolean (void *data,
            int   value)
{
  add_node (data, value ? NODE_TRUE : NODE_FALSE);
  return added_value (data);
}

/* Numbers come as yajl found them in the text: integers that do not fit
 * in 64 bits are read as reals. */
static int
on_number (void       *data,
           const char *text,
           size_t      length)
{
  char buffer[64];
  g_autofree char *long_text = NULL;
  const char *number = buffer;
  Node *node = add_node (data, NODE_INT);
  char *end = NULL;

  if (length < sizeof buffer)
    {
      memcpy (buffer, text, length);
      buffer[length] = '\0';
    }
  else
    number = long_text = g_strndup (text, length);

  if (strpbrk (number, ".eE") == NULL)
    {
      errno = 0;
      node->integer = g_ascii_strtoll (number, &end, 10);
      if (errno == 0 && *end == '\0')
        return added_value (data);
    }
  node->type = NODE_REAL;
  node->real = g_ascii_strtod (number, NULL);
  return added_value (data);
}

static int
on_string (void                *data,
           const unsigned char *text,
           size_t               length)
{
  Reader *reader = data;
  Node *node = add_node (reader, NODE_STRING);

  node->string = copy_text (reader, reader->tree, text, length);
  return added_value (reader);
}

static int
on_start_map (void *data)
{
  add_node (data, NODE_OBJECT);
  return 1;
}

static int
on_start_array (void *data)
{
  add_node (data, NODE_ARRAY);
  return 1;
}

static int
on_map_key (void                *data,
            const unsigned char *text,
            size_t               length)
{
  Reader *reader = data;
  const Open *object = &g_array_index (reader->open, Open, reader->open->len - 1);

  reader->key = copy_text (reader, object->tree, text, length);
  return 1;
}

/* The end of an object or array: the end of an item of "features" when
 * it is the item's root. */
static int
on_end (void *data)
{
  Reader *reader = data;
  const Open *closing = &g_array_index (reader->open, Open, reader->open->len - 1);
  gboolean item_done = closing->tree == &reader->item && closing->index == 0;

  g_array_set_size (reader->open, reader->open->len - 1);
  if (item_done)
    finish_item (reader);
  /* 0 stops yajl. */
  return reader->stop == NULL || !g_atomic_int_get (reader->stop);
}

static const yajl_callbacks callbacks = {
  .yajl_null = on_null,
  .yajl_boolean = on_boolean,
  .yajl_number = on_number,
  .yajl_string = on_string,
  .yajl_start_map = on_start_map,
  .yajl_map_key = on_map_key,
  .yajl_end_map = on_end,
  .yajl_start_array = on_start_array,
  .yajl_end_array = on_end,
};

/* yajl's messages are English and name no line; json-glib says where.
 * When json-glib would have taken the text (it allows comments, single
 * quotes, …), say what is wrong in general. */
static void
set_parse_error (const char  *data,
                 gsize        length,
                 GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GError) local_error = NULL;
  g_autofree char *reason = NULL;

  if (length == 0)
    reason = g_strdup (_("it is empty"));
  else if (!json_parser_load_from_data (parser, data, length, &local_error))
    {
      guint line, column;

      /* json-glib words its errors "<data>:LINE:COLUMN: what", half in
       * English, and quotes the offending bytes, which may be half a
       * letter: where the error is tells a user more. */
      if (sscanf (local_error->message, "<data>:%u:%u:", &line, &column) == 2)
        {
          g_set_error (error, TRYGG_IO_ERROR, TRYGG_IO_ERROR_INVALID,
                       _("The file is not valid JSON: the first error is at line %u, "
                         "column %u. Nothing was imported."), line, column);
          return;
        }
      reason = g_utf8_make_valid (local_error->message, -1);
    }
  else
    reason = g_strdup (_("it is not plain JSON: comments, single quotes and the like are "
                         "not allowed"));
  g_set_error (error, TRYGG_IO_ERROR, TRYGG_IO_ERROR_INVALID,
               _("The file is not valid JSON (%s). Nothing was imported."), reason);
}

static void
reader_init (Reader       *reader,
             gboolean      has_escapes,
             ReadProgress *read_progress,
             gboolean      reports)
{
  reader->read_progress = read_progress;
  reader->reports = reports && read_progress != NULL && read_progress->progress != NULL;
  tree_init (&reader->root);
  tree_init (&reader->item);
  reader->records = g_ptr_array_new_with_free_func ((GDestroyNotify) trygg_record_free);
  reader->features = NONE;
  reader->has_escapes = has_escapes;
  reader->open = g_array_sized_new (FALSE, FALSE, sizeof (Open), MAX_DEPTH + 2);
}

static void
reader_clear (Reader *reader)
{
  tree_free (&reader->root);
  tree_free (&reader->item);
  g_clear_pointer (&reader->records, g_ptr_array_unref);
  g_clear_pointer (&reader->open, g_array_unref);
  g_clear_error (&reader->item_error);
}

/* One pass of yajl over @chunks (the document's text in pieces) into
 * @reader. FALSE when the text is not JSON. */
typedef struct
{
  const char *data;
  gsize       length;
} Chunk;

static gboolean
parse_document (Reader      *reader,
                const Chunk *chunks,
                guint        n_chunks)
{
  yajl_handle parser = yajl_alloc (&callbacks, NULL, reader);
  yajl_status status = yajl_status_ok;

  for (guint i = 0; i < n_chunks && status == yajl_status_ok; i++)
    status = yajl_parse (parser, (const unsigned char *) chunks[i].data, chunks[i].length);
  if (status == yajl_status_ok)
    status = yajl_complete_parse (parser);
  yajl_free (parser);

  /* What is still open was cut short: the item it holds, if any, is
   * not read. */
  g_array_set_size (reader->open, 0);
  return status == yajl_status_ok && !reader->bad_text;
}

static guint split_threshold = 4096;
static gboolean split_forced;

void
trygg_geojson_set_split_threshold (guint min_items)
{
  split_threshold = min_items;
  split_forced = TRUE;
}

/* Below the threshold, or with one core, the second thread costs more
 * than it saves. */
static guint
split_min_items (void)
{
  return split_forced || g_get_num_processors () > 1 ? split_threshold : G_MAXUINT;
}

/* The tail of a split file: the features array alone, read on a thread
 * of its own. */
typedef struct
{
  Chunk     chunks[3];
  Reader    reader;
  gboolean  parsed;
} Tail;

static gpointer
read_tail (gpointer data)
{
  Tail *tail = data;

  tail->parsed = parse_document (&tail->reader, tail->chunks, G_N_ELEMENTS (tail->chunks));
  return NULL;
}

/* Cuts @data in two at @split: the head is the text without the tail's
 * items, the tail those items in brackets. The parser takes each in
 * pieces, no copy is made. Sets up the tail's reader. */
static void
cut_halves (const char              *data,
            gsize                    length,
            const TryggGeojsonSplit *split,
            gboolean                 has_escapes,
            ReadProgress            *read_progress,
            Chunk                    head_chunks[2],
            Tail                    *tail)
{
  head_chunks[0] = (Chunk) { data, split->comma };
  head_chunks[1] = (Chunk) { data + split->close, length - split->close };
  tail->chunks[0] = (Chunk) { "[", 1 };
  tail->chunks[1] = (Chunk) { data + split->comma + 1, split->close - split->comma - 1 };
  tail->chunks[2] = (Chunk) { "]", 1 };
  reader_init (&tail->reader, has_escapes, read_progress, FALSE);
  /* The tail's root is the array: its items are the features. */
  tail->reader.features = 0;
  tail->reader.n_items = split->n_before;
}

/* Whether the two halves read as one pass over the whole would have. */
static gboolean
halves_make_whole (Reader     *head,
                   gboolean    head_parsed,
                   const Tail *tail)
{
  return head_parsed && tail->parsed && !head->restarted && !tail->reader.restarted &&
         g_strcmp0 (node_string (&head->root, member (&head->root, 0, "type")), "FeatureCollection") == 0 &&
         head->features != NONE && member (&head->root, 0, "features") == head->features;
}

/* Reads the two halves of @data into @head, as one pass over the whole
 * would have. FALSE when either half is not as expected: the caller then
 * reads the file in one piece, which also finds the words for whatever
 * is wrong with it. */
static gboolean
read_halves (const char              *data,
             gsize                    length,
             const TryggGeojsonSplit *split,
             gboolean                 has_escapes,
             ReadProgress            *read_progress,
             Reader                  *head)
{
  Chunk head_chunks[2];
  Tail tail = { 0 };
  GThread *thread;
  gboolean parsed, ok;

  cut_halves (data, length, split, has_escapes, read_progress, head_chunks, &tail);
  thread = g_thread_new ("geojson-tail", read_tail, &tail);

  reader_init (head, has_escapes, read_progress, TRUE);
  parsed = parse_document (head, head_chunks, G_N_ELEMENTS (head_chunks));
  g_thread_join (thread);

  ok = halves_make_whole (head, parsed, &tail);
  if (ok && head->item_error == NULL)
    {
      if (tail.reader.item_error != NULL)
        {
          g_ptr_array_set_size (head->records, 0);
          head->item_error = g_steal_pointer (&tail.reader.item_error);
        }
      else
        {
          g_ptr_array_extend_and_steal (head->records, g_steal_pointer (&tail.reader.records));
          head->skipped += tail.reader.skipped;
        }
    }
  reader_clear (&tail.reader);
  if (!ok)
    {
      reader_clear (head);
      *head = (Reader) { 0 };
    }
  return ok;
}

GPtrArray *
trygg_geojson_read (const char        *data,
                    gsize              length,
                    TryggImportStats  *stats,
                    GError           **error)
{
  return trygg_geojson_read_with_progress (data, length, stats, NULL, NULL, error);
}

GPtrArray *
trygg_geojson_read_with_progress (const char        *data,
                                  gsize              length,
                                  TryggImportStats  *stats,
                                  TryggProgressFunc  progress,
                                  gpointer           progress_data,
                                  GError           **error)
{
  g_autoptr(GPtrArray) records = NULL;
  g_autofree char *escaped = NULL;
  ReadProgress read_progress = { 0, 0, progress, progress_data };
  Reader reader = { 0 };
  TryggGeojsonScan scan;
  const char *type;
  gboolean parsed = TRUE;
  const char *original;
  gsize original_length;

  g_return_val_if_fail (data != NULL || length == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (stats != NULL)
    stats->skipped = 0;
  data = trygg_io_skip_bom (data, &length);
  if (!trygg_io_check_utf8 (data, length, error))
    return NULL;
  /* Nesting is checked before any parser sees the text, so that none is
   * handed a file that would exhaust its stack: json-glib (still used to
   * word a parse error) parses recursively without a limit. */
  trygg_geojson_scan (data, length, MAX_DEPTH, split_min_items (), &scan);
  if (scan.too_deep_line > 0)
    {
      g_set_error (error, TRYGG_IO_ERROR, TRYGG_IO_ERROR_INVALID,
                   _("The file is not GeoJSON that can be imported: at line %u "
                     "it nests more than %u levels deep. Nothing was imported."),
                   scan.too_deep_line, MAX_DEPTH);
      return NULL;
    }
  if (length == 0 || length > G_MAXINT / 2)
    {
      set_parse_error (data, length, error);
      return NULL;
    }
  original = data;
  original_length = length;
  if (scan.raw_controls)
    {
      /* The escapes change every offset after them: scan again. */
      data = escaped = escape_raw_controls (data, length, &length);
      trygg_geojson_scan (data, length, MAX_DEPTH, split_min_items (), &scan);
    }
  /* yajl would read half a surrogate pair as '?' or as bytes that are
   * not UTF-8: the file is not valid text. */
  if (scan.bad_surrogate)
    {
      set_parse_error (original, original_length, error);
      return NULL;
    }

  /* A large collection is read in two halves at once when there are two
   * cores to do it; anything unexpected is read in one piece. */
  read_progress.total_items = scan.n_items;
  if (!scan.can_split ||
      !read_halves (data, length, &scan.split, scan.has_escapes, &read_progress, &reader))
    {
      const Chunk whole = { data, length };

      read_progress.items_read = 0;
      reader_init (&reader, scan.has_escapes, &read_progress, TRUE);
      parsed = parse_document (&reader, &whole, 1);
    }
  records = g_steal_pointer (&reader.records);
  g_clear_pointer (&reader.open, g_array_unref);
  tree_free (&reader.item);

  if (!parsed)
    {
      tree_free (&reader.root);
      g_clear_error (&reader.item_error);
      set_parse_error (original, original_length, error);
      return NULL;
    }

  type = node_string (&reader.root, member (&reader.root, 0, "type"));
  if (g_strcmp0 (type, "Feature") == 0)
    {
      guint skipped = 0;

      g_clear_error (&reader.item_error);
      g_ptr_array_set_size (records, 0);
      if (!read_feature (&reader.root, 0, 1, records, &skipped, error))
        records = (g_ptr_array_unref (records), NULL);
      else if (stats != NULL)
        stats->skipped = skipped;
    }
  else if (g_strcmp0 (type, "FeatureCollection") != 0 || reader.features == NONE ||
           member (&reader.root, 0, "features") != reader.features)
    {
      g_clear_error (&reader.item_error);
      g_set_error (error, TRYGG_IO_ERROR, TRYGG_IO_ERROR_INVALID,
                   _("The file is JSON but not a GeoJSON FeatureCollection. Nothing was "
                     "imported; export the points as GeoJSON and try again."));
      g_clear_pointer (&records, g_ptr_array_unref);
    }
  else if (reader.item_error != NULL)
    {
      g_propagate_error (error, reader.item_error);
      g_clear_pointer (&records, g_ptr_array_unref);
    }
  else if (stats != NULL)
    stats->skipped = reader.skipped;

  tree_free (&reader.root);
  return g_steal_pointer (&records);
}

/* The end of a half's batches in its queue. */
static int stream_end;

struct _TryggGeojsonStream
{
  Reader       head;
  Tail         tail;
  Chunk        head_chunks[2];
  gboolean     head_parsed;
  GAsyncQueue *queues[2];  /* the head's batches, then the tail's */
  GThread     *threads[2];
  guint        current;    /* the queue being read; 2: none */
  guint        n_items;
  gint         stop;
};

static gpointer
stream_head (gpointer data)
{
  TryggGeojsonStream *stream = data;

  stream->head_parsed = parse_document (&stream->head, stream->head_chunks,
                                        G_N_ELEMENTS (stream->head_chunks));
  if (stream->head.item_error == NULL)
    hand_on (&stream->head);
  g_async_queue_push (stream->queues[0], &stream_end);
  return NULL;
}

static gpointer
stream_tail (gpointer data)
{
  TryggGeojsonStream *stream = data;

  read_tail (&stream->tail);
  if (stream->tail.reader.item_error == NULL)
    hand_on (&stream->tail.reader);
  g_async_queue_push (stream->queues[1], &stream_end);
  return NULL;
}

typedef struct
{
  const char *data;
  gsize       length;
} Utf8Check;

static gpointer
check_utf8 (gpointer data)
{
  Utf8Check *check = data;

  return GINT_TO_POINTER (trygg_io_check_utf8 (check->data, check->length, NULL));
}

TryggGeojsonStream *
trygg_geojson_stream_new (const char *data,
                          gsize       length)
{
  TryggGeojsonStream *stream;
  TryggGeojsonScan scan;
  guint min_items = split_min_items ();
  Utf8Check check;
  GThread *checking;

  g_return_val_if_fail (data != NULL || length == 0, NULL);

  /* Whatever is unusual is left to the whole file's reading, which has
   * the words for it. A file is streamed in halves on two threads: with
   * one core, or too small to split, it is read whole. */
  data = trygg_io_skip_bom (data, &length);
  if (length == 0 || length > G_MAXINT / 2 || min_items == G_MAXUINT)
    return NULL;

  /* Before any of it is read, its text is checked for UTF-8 and scanned:
   * both at once, on two cores. The scan looks at bytes alone, so it is
   * as safe on text that is not UTF-8, which is then not streamed. */
  check = (Utf8Check) { data, length };
  checking = g_thread_new ("geojson-utf8", check_utf8, &check);
  trygg_geojson_scan (data, length, MAX_DEPTH, min_items, &scan);
  if (!GPOINTER_TO_INT (g_thread_join (checking)) ||
      scan.too_deep_line > 0 || scan.raw_controls || scan.bad_surrogate || !scan.can_split)
    return NULL;

  stream = g_new0 (TryggGeojsonStream, 1);
  stream->n_items = scan.n_items;
  for (guint i = 0; i < 2; i++)
    stream->queues[i] = g_async_queue_new ();
  cut_halves (data, length, &scan.split, scan.has_escapes, NULL, stream->head_chunks, &stream->tail);
  reader_init (&stream->head, scan.has_escapes, NULL, FALSE);
  stream->head.out = stream->queues[0];
  stream->tail.reader.out = stream->queues[1];
  stream->head.stop = stream->tail.reader.stop = &stream->stop;
  stream->threads[0] = g_thread_new ("geojson-head", stream_head, stream);
  stream->threads[1] = g_thread_new ("geojson-tail", stream_tail, stream);
  return stream;
}

guint
trygg_geojson_stream_get_n_items (TryggGeojsonStream *stream)
{
  return stream->n_items;
}

GPtrArray *
trygg_geojson_stream_next (TryggGeojsonStream *stream)
{
  g_return_val_if_fail (stream != NULL, NULL);

  while (stream->current < G_N_ELEMENTS (stream->queues))
    {
      gpointer batch = g_async_queue_pop (stream->queues[stream->current]);

      if (batch != &stream_end)
        return batch;
      /* The head has ended: when it failed, the tail's records are not
       * wanted. */
      if (stream->current == 0 &&
          (!stream->head_parsed || stream->head.item_error != NULL || stream->head.restarted))
        stream->current = G_N_ELEMENTS (stream->queues);
      else
        stream->current++;
    }
  return NULL;
}

static void
stream_join (TryggGeojsonStream *stream)
{
  for (guint i = 0; i < G_N_ELEMENTS (stream->threads); i++)
    if (stream->threads[i] != NULL)
      g_thread_join (g_steal_pointer (&stream->threads[i]));
}

gboolean
trygg_geojson_stream_finish (TryggGeojsonStream  *stream,
                             TryggImportStats    *stats,
                             gboolean            *read_again,
                             GError             **error)
{
  Reader *head = &stream->head;
  Reader *tail = &stream->tail.reader;

  g_return_val_if_fail (stream != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  *read_again = FALSE;
  stream_join (stream);
  if (!halves_make_whole (head, stream->head_parsed, &stream->tail))
    {
      *read_again = TRUE;
      return FALSE;
    }
  if (head->item_error != NULL || tail->item_error != NULL)
    {
      GError **first = head->item_error != NULL ? &head->item_error : &tail->item_error;

      g_propagate_error (error, g_steal_pointer (first));
      return FALSE;
    }
  if (stats != NULL)
    stats->skipped = head->skipped + tail->skipped;
  return TRUE;
}

void
trygg_geojson_stream_free (TryggGeojsonStream *stream)
{
  if (stream == NULL)
    return;
  g_atomic_int_set (&stream->stop, 1);
  stream_join (stream);
  for (guint i = 0; i < G_N_ELEMENTS (stream->queues); i++)
    {
      gpointer batch;

      while ((batch = g_async_queue_try_pop (stream->queues[i])) != NULL)
        if (batch != &stream_end)
          g_ptr_array_unref (batch);
      g_async_queue_unref (stream->queues[i]);
    }
  reader_clear (&stream->head);
  reader_clear (&stream->tail.reader);
  g_free (stream);
}
