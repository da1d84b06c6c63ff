/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "trygg-gpx.h"
#include "trygg-io-private.h"

/* GMarkup never fetches entities or DTDs, so a hostile GPX cannot reach
 * outside the file; the depth limit keeps its element stack small. */
#define MAX_DEPTH 64

typedef struct
{
  TryggRoute *route;
  GArray     *route_points;   /* <rtept>, used only when there is no <trkpt> */
  GString    *name;
  char       *names[2];     /* of the first <trk> and the first <rte> */
  int         in_name;      /* index into names while inside <name>, or -1 */
  guint       depth;
} Parser;

static const char *
local_name (const char *element)
{
  const char *colon = strrchr (element, ':');

  return colon ? colon + 1 : element;
}

static void
start_element_cb (GMarkupParseContext  *context,
                  const char           *element_name,
                  const char          **attribute_names,
                  const char          **attribute_values,
                  gpointer              user_data,
                  GError              **error)
{
  Parser *parser = user_data;
  const char *name = local_name (element_name);
  const char *lat_text = NULL, *lon_text = NULL;
  TryggRoutePoint point;
  int line;

  if (++parser->depth > MAX_DEPTH)
    {
      g_markup_parse_context_get_position (context, &line, NULL);
      g_set_error (error, TRYGG_IO_ERROR, TRYGG_IO_ERROR_INVALID,
                   _("The GPX file nests its elements too deeply at line %d. The route "
                     "was not imported."), line);
      return;
    }

  if (strcmp (name, "name") == 0)
    {
      const GSList *stack = g_markup_parse_context_get_element_stack (context);
      const char *holder = stack && stack->next ? local_name (stack->next->data) : "";
      int which = strcmp (holder, "trk") == 0 ? 0 : strcmp (holder, "rte") == 0 ? 1 : -1;

      parser->in_name = which >= 0 && parser->names[which] == NULL ? which : -1;
      g_string_truncate (parser->name, 0);
      return;
    }
  if (strcmp (name, "trkpt") != 0 && strcmp (name, "rtept") != 0)
    return;

  for (guint i = 0; attribute_names[i]; i++)
    {
      if (strcmp (attribute_names[i], "lat") == 0)
        lat_text = attribute_values[i];
      else if (strcmp (attribute_names[i], "lon") == 0)
        lon_text = attribute_values[i];
    }
  if (!trygg_io_parse_double (lat_text, FALSE, &point.latitude) ||
      !trygg_io_parse_double (lon_text, FALSE, &point.longitude) ||
      point.latitude < -90 || point.latitude > 90 ||
      point.longitude < -180 || point.longitude > 180)
    {
      g_markup_parse_context_get_position (context, &line, NULL);
      g_set_error (error, TRYGG_IO_ERROR, TRYGG_IO_ERROR_INVALID,
                   _("The point at line %d of the GPX file has no valid “lat” and “lon”. "
                     "The route was not imported."), line);
      return;
    }

  if (name[0] == 't')
    g_array_append_val (parser->route->points, point);
  else
    g_array_append_val (parser->route_points, point);
}

static void
end_element_cb (GMarkupParseContext  *context,
                const char           *element_name,
                gpointer              user_data,
                GError              **error)
{
  Parser *parser = user_data;

  parser->depth--;
  if (parser->in_name >= 0)
    {
      g_autofree char *name = g_strstrip (g_strdup (parser->name->str));

      if (*name != '\0')
        parser->names[parser->in_name] = g_steal_pointer (&name);
      parser->in_name = -1;
    }
}

static void
text_cb (GMarkupParseContext  *context,
         const char           *text,
         gsize                 text_len,
         gpointer              user_data,
         GError              **error)
{
  Parser *parser = user_data;

  /* A name is a line, not a book. */
  if (parser->in_name >= 0 && parser->name->len < 1024)
    g_string_append_len (parser->name, text, MIN (text_len, 1024));
}

static const GMarkupParser gpx_parser = {
  start_element_cb,
  end_element_cb,
  text_cb,
  NULL,
  NULL,
};

TryggRoute *
trygg_gpx_read (const char  *data,
                gsize        length,
                GError     **error)
{
  g_autoptr(GMarkupParseContext) context = NULL;
  g_autoptr(TryggRoute) route = trygg_route_new ();
  g_autoptr(GArray) route_points = g_array_new (FALSE, FALSE, sizeof (TryggRoutePoint));
  g_autoptr(GString) name = g_string_new (NULL);
  g_autoptr(GError) local_error = NULL;
  Parser parser = { route, route_points, name, { NULL, NULL }, -1, 0 };
  gboolean ok;

  g_return_val_if_fail (data != NULL || length == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  data = trygg_io_skip_bom (data, &length);
  if (!trygg_io_check_utf8 (data, length, error))
    return NULL;

  context = g_markup_parse_context_new (&gpx_parser, 0,
                                        &parser, NULL);
  ok = g_markup_parse_context_parse (context, data, length, &local_error) &&
       g_markup_parse_context_end_parse (context, &local_error);
  /* The name of what the points come from: the track, else the route. */
  route->name = g_steal_pointer (&parser.names[route->points->len > 0 ? 0 : 1]);
  g_clear_pointer (&parser.names[0], g_free);
  g_clear_pointer (&parser.names[1], g_free);
  if (!ok)
    {
      if (local_error->domain == TRYGG_IO_ERROR)
        g_propagate_error (error, g_steal_pointer (&local_error));
      else
        {
          g_autofree char *reason = g_utf8_make_valid (local_error->message, -1);

          g_set_error (error, TRYGG_IO_ERROR, TRYGG_IO_ERROR_INVALID,
                       _("The file is not a readable GPX file (%s). The route was not "
                         "imported."), reason);
        }
      return NULL;
    }

  if (route->points->len == 0)
    g_array_append_vals (route->points, route_points->data, route_points->len);
  if (route->points->len < 2)
    {
      g_set_error (error, TRYGG_IO_ERROR, TRYGG_IO_ERROR_INVALID,
                   _("The GPX file holds no walked route: it needs a track or route "
                     "of at least two points."));
      return NULL;
    }
  return g_steal_pointer (&route);
}
