/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "trygg-gpx.h"

static TryggRoute *
read_string (const char  *text,
             GError     **error)
{
  return trygg_gpx_read (text, strlen (text), error);
}

static void
test_track (void)
{
  g_autoptr(TryggRoute) route = NULL;
  g_autoptr(GError) error = NULL;
  TryggRoutePoint *point;

  route = read_string ("\xEF\xBB\xBF<?xml version=\"1.0\"?>\n"
                       "<gpx version=\"1.1\" xmlns=\"http://www.topografix.com/GPX/1/1\">"
                       "<metadata><name>Not this</name></metadata>"
                       "<rte><name>Planned</name><rtept lat=\"1\" lon=\"1\"/><rtept lat=\"2\" lon=\"2\"/></rte>"
                       "<trk><name> Kvällsvandring </name>"
                       "<trkseg><trkpt lat=\"59.1917\" lon=\"17.6278\"><ele>12</ele></trkpt>"
                       "<trkpt lat=\"59.1920\" lon=\"17.6270\"/></trkseg>"
                       "<trkseg><trkpt lat=\"59.1925\" lon=\"17.6290\"/></trkseg></trk></gpx>",
                       &error);
  g_assert_no_error (error);
  /* The walked track wins over the planned route. */
  g_assert_cmpuint (route->points->len, ==, 3);
  g_assert_cmpstr (route->name, ==, "Kvällsvandring");
  point = &g_array_index (route->points, TryggRoutePoint, 0);
  g_assert_cmpfloat (point->latitude, ==, 59.1917);
  g_assert_cmpfloat (point->longitude, ==, 17.6278);
  point = &g_array_index (route->points, TryggRoutePoint, 2);
  g_assert_cmpfloat (point->latitude, ==, 59.1925);
}

static void
test_route_only (void)
{
  g_autoptr(TryggRoute) route = NULL;
  g_autoptr(GError) error = NULL;

  route = read_string ("<gpx:gpx xmlns:gpx=\"http://www.topografix.com/GPX/1/0\"><gpx:rte>"
                       "<gpx:rtept lat=\"59.1\" lon=\"17.6\"/><gpx:rtept lat=\"59.2\" lon=\"17.7\"/>"
                       "</gpx:rte></gpx:gpx>", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (route->points->len, ==, 2);
  g_assert_null (route->name);
}

static void
test_hostile (void)
{
  g_autoptr(GString) deep = g_string_new ("<gpx>");
  const char *cases[][2] = {
    { "<gpx><trk><trkseg><trkpt lat=\"59\" lon=\"17\"/>\n<trkpt lat=\"91\" lon=\"17\"/></trkseg></trk></gpx>", "line 2" },
    { "<gpx><trk><trkseg><trkpt lat=\"nan\" lon=\"17\"/></trkseg></trk></gpx>", "“lat”" },
    { "<gpx><trk><trkseg><trkpt lon=\"17\"/></trkseg></trk></gpx>", "“lat”" },
    { "<gpx><trk><trkseg><trkpt lat=\"59\" lon=\"17\"/></trkseg></trk></gpx>", "at least two" },
    { "<gpx><trk><trkseg><trkpt lat=\"59\" lon=\"17\"/>", "not a readable GPX" },
    { "<!DOCTYPE gpx [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><gpx>&e;</gpx>", "not a readable GPX" },
    { "{\"type\":\"FeatureCollection\"}", "not a readable GPX" },
    { "", "not a readable GPX" },
    { "<gpx>\xff</gpx>", "UTF-8" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(TryggRoute) route = NULL;
      g_autoptr(GError) error = NULL;

      route = read_string (cases[i][0], &error);
      g_assert_null (route);
      g_assert_error (error, TRYGG_IO_ERROR, TRYGG_IO_ERROR_INVALID);
      if (strstr (error->message, cases[i][1]) == NULL)
        g_error ("“%s” does not mention “%s”", error->message, cases[i][1]);
    }

  for (guint i = 0; i < 100000; i++)
    g_string_append (deep, "<a>");
  {
    g_autoptr(TryggRoute) route = NULL;
    g_autoptr(GError) error = NULL;

    route = read_string (deep->str, &error);
    g_assert_null (route);
    g_assert_error (error, TRYGG_IO_ERROR, TRYGG_IO_ERROR_INVALID);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/gpx/track", test_track);
  g_test_add_func ("/gpx/route-only", test_route_only);
  g_test_add_func ("/gpx/hostile", test_hostile);

  return g_test_run ();
}
