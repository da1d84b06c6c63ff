/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "../fuzz/fuzz-common.h"
#include "test-io-common.h"
#include "trygg-geojson.h"
#include "trygg-geojson-split.h"

static GPtrArray *
read_string (const char        *text,
             TryggImportStats  *stats,
             GError           **error)
{
  return trygg_geojson_read (text, strlen (text), stats, error);
}

static void
test_golden_round_trip (void)
{
  g_autoptr(GBytes) golden = load_data ("findings.geojson");
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GBytes) written = NULL;
  g_autoptr(GError) error = NULL;
  TryggImportStats stats;
  const TryggRecord *first, *second;
  const TryggRecordAction *action;

  records = trygg_geojson_read (g_bytes_get_data (golden, NULL), g_bytes_get_size (golden),
                                &stats, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (records->len, ==, 3);
  g_assert_cmpuint (stats.skipped, ==, 0);

  first = g_ptr_array_index (records, 0);
  g_assert_cmpstr (first->id, ==, "3b6f0c52-8a4e-4d53-9e4f-0c1d2e3f4a51");
  g_assert_cmpint (first->number, ==, 1);
  g_assert_cmpstr (first->title, ==, "Mörkt vid cykelställen");
  g_assert_cmpstr (first->description, ==,
                   "Cykelställen ligger i mörker;\nlås har brutits upp.\n\"Obehagligt\" sa en deltagare.");
  g_assert_cmpstr (first->category, ==, "Lighting");
  g_assert_true (first->has_status && first->status == TRYGG_STATUS_FIXED);
  g_assert_true (first->has_priority && first->priority == TRYGG_PRIORITY_HIGH);
  g_assert_cmpstr (first->actor, ==, "Samhällsbyggnadskontoret (gata/park)");
  g_assert_cmpstr (first->walk, ==, "Kvällsvandring");
  g_assert_cmpstr (first->walk_date, ==, "2025-11-13");
  g_assert_cmpfloat (first->latitude, ==, 59.19215);
  g_assert_cmpfloat (first->longitude, ==, 17.62712);
  g_assert_cmpstr (first->observed_at, ==, "2025-11-13T17:12:00Z");
  g_assert_cmpstr (first->updated_at, ==, "2026-02-20T10:00:00Z");
  g_assert_cmpuint (first->actions->len, ==, 2);
  action = g_ptr_array_index (first->actions, 0);
  g_assert_cmpstr (action->text, ==, "Sätta upp LED-armaturer");
  g_assert_cmpstr (action->due, ==, "2026-03-31");
  g_assert_true (action->done);
  g_assert_cmpstr (action->done_at, ==, "2026-02-20T10:00:00Z");
  g_assert_cmpstr (action->comment, ==, "Sex armaturer.");
  action = g_ptr_array_index (first->actions, 1);
  g_assert_null (action->actor);
  g_assert_null (action->due);
  g_assert_false (action->done);

  second = g_ptr_array_index (records, 1);
  g_assert_null (second->actor);
  g_assert_cmpstr (second->title, ==, "=HYPERLINK(\"http://x\";\"klicka\")");

  /* What we read from our own file we write back byte for byte. */
  written = write_to_bytes (trygg_geojson_write, records);
  assert_bytes_equal (written, golden);
}

static void
test_foreign (void)
{
  g_autoptr(GBytes) data = load_data ("foreign.geojson");
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GPtrArray) again = NULL;
  g_autoptr(GError) error = NULL;
  TryggImportStats stats;
  const TryggRecord *record;

  records = trygg_geojson_read (g_bytes_get_data (data, NULL), g_bytes_get_size (data),
                                &stats, &error);
  g_assert_no_error (error);
  /* Three points of the MultiPoint, one Point; a LineString, a Polygon
   * and a feature without geometry skipped. */
  g_assert_cmpuint (records->len, ==, 4);
  g_assert_cmpuint (stats.skipped, ==, 3);

  record = g_ptr_array_index (records, 0);
  g_assert_cmpstr (record->id, ==, "5f0e4c1a-2b3d-4e5f-8a9b-0c1d2e3f4a5b");
  g_assert_cmpstr (record->title, ==, "Lampor längs gångvägen");
  g_assert_cmpstr (record->description, ==,
                   "Tre lampor är släckta.\nrubrik: Ignored alias\nfid: 3\nextra: {\"a\":[1,2]}");
  g_assert_cmpfloat (record->longitude, ==, 17.6);
  g_assert_cmpfloat (record->latitude, ==, 59.1);
  g_assert_cmpuint (record->source_index, ==, 1);

  /* The other points of the MultiPoint: own, stable UUIDs. */
  record = g_ptr_array_index (records, 1);
  g_assert_true (g_uuid_string_is_valid (record->id));
  g_assert_cmpstr (record->id, !=, "5f0e4c1a-2b3d-4e5f-8a9b-0c1d2e3f4a5b");
  g_assert_cmpstr (record->title, ==, "Lampor längs gångvägen");
  g_assert_cmpfloat (record->latitude, ==, 59.11);
  again = trygg_geojson_read (g_bytes_get_data (data, NULL), g_bytes_get_size (data), NULL, &error);
  g_assert_cmpstr (((TryggRecord *) g_ptr_array_index (again, 1))->id, ==, record->id);
  g_assert_cmpstr (((TryggRecord *) g_ptr_array_index (again, 2))->id, !=, record->id);

  record = g_ptr_array_index (records, 3);
  g_assert_cmpstr (record->id, ==, "12");
  g_assert_cmpstr (record->title, ==, "Från geojson.io");
  g_assert_true (record->has_status && record->status == TRYGG_STATUS_IN_PROGRESS);
  g_assert_true (record->has_priority && record->priority == TRYGG_PRIORITY_HIGH);
  g_assert_cmpstr (record->observed_at, ==, "2025-11-13T18:30:00Z");
  g_assert_cmpstr (record->description, ==, "marker-color: #7e7e7e");
  g_assert_cmpuint (record->source_index, ==, 3);
}

static void
test_single_feature (void)
{
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GError) error = NULL;

  records = read_string ("{\"type\":\"Feature\",\"geometry\":{\"type\":\"Point\","
                         "\"coordinates\":[-180,90]},\"properties\":{\"status\":\"open\","
                         "\"number\":-4}}", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (records->len, ==, 1);
  /* Values we cannot use are kept as text, never silently dropped. */
  g_assert_cmpstr (((TryggRecord *) records->pdata[0])->description, ==, "status: open\nnumber: -4");
  g_assert_false (((TryggRecord *) records->pdata[0])->has_status);
}

static void
assert_fails (const char *text,
              gsize       length,
              const char *expected)
{
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GError) error = NULL;

  records = trygg_geojson_read (text, length, NULL, &error);
  g_assert_null (records);
  g_assert_error (error, TRYGG_IO_ERROR, TRYGG_IO_ERROR_INVALID);
  if (strstr (error->message, expected) == NULL)
    g_error ("“%s” does not mention “%s”", error->message, expected);
}

#define POINT(lon, lat) \
  "{\"type\":\"Feature\",\"geometry\":{\"type\":\"Point\",\"coordinates\":[" lon "," lat "]}}"
#define COLLECTION(features) "{\"type\":\"FeatureCollection\",\"features\":[" features "]}"

static void
test_hostile (void)
{
  g_autoptr(GString) deep = g_string_new (NULL);
  const char *cases[][2] = {
    { COLLECTION (POINT ("17.6", "59.1") "," POINT ("17.6", "91")), "Feature 2" },
    { COLLECTION (POINT ("17.6", "59.1") "," POINT ("17.6", "91")), "latitude 91" },
    { COLLECTION (POINT ("1e308", "59")), "Feature 1 lies outside" },
    { COLLECTION (POINT ("1e999", "59")), "Feature 1 lies outside" },
    { COLLECTION (POINT ("-181", "59")), "longitude -181" },
    { COLLECTION (POINT ("\"17.6\"", "59")), "Feature 1 has coordinates" },
    { COLLECTION (POINT ("17.6", "59, 3, 4")), "Feature 1 has coordinates" },
    { COLLECTION ("{\"type\":\"Feature\",\"geometry\":{\"type\":\"Point\"}}"), "Feature 1 has coordinates" },
    { COLLECTION ("{\"type\":\"Feature\",\"geometry\":{\"type\":\"MultiPoint\",\"coordinates\":[[1]]}}"), "Feature 1 has coordinates" },
    { COLLECTION ("42"), "Item 1" },
    { "{\"type\":\"FeatureCollection\",\n\"features\":[\n{\"type\":", "at line 3, column" },
    { "{\"type\":\"FeatureCollection\",\"features\":{}}", "not a GeoJSON FeatureCollection" },
    { "[1, 2, 3]", "not a GeoJSON FeatureCollection" },
    { "", "not valid JSON" },
    { "\xEF\xBB\xBF", "not valid JSON" },
    { "{\"type\":\n\"Feature\xff\"}", "line 2" },
    { "SELECT * FROM finding; DROP TABLE finding;", "not valid JSON" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    assert_fails (cases[i][0], strlen (cases[i][0]), cases[i][1]);

  /* Truncated at every byte: an error each time, never a crash. */
  for (gsize n = 0; n + 1 < strlen (COLLECTION (POINT ("17.6", "59.1")) ); n++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) records = trygg_geojson_read (COLLECTION (POINT ("17.6", "59.1")), n,
                                                         NULL, &error);
      g_assert_null (records);
      g_assert_nonnull (error);
    }

  /* A million brackets would overflow json-glib's recursive parser. */
  for (guint i = 0; i < 1000000; i++)
    g_string_append_c (deep, '[');
  assert_fails (deep->str, deep->len, "128 levels");

  /* An embedded NUL is not text. */
  assert_fails ("{\"type\":\0\"x\"}", 14, "UTF-8");
}

static void
test_sql_is_text (void)
{
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GError) error = NULL;

  records = read_string (COLLECTION ("{\"type\":\"Feature\",\"geometry\":{\"type\":\"Point\","
                                     "\"coordinates\":[17.6,59.1]},\"properties\":{\"title\":"
                                     "\"x'); DROP TABLE finding;--\"}}"), NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (((TryggRecord *) records->pdata[0])->title, ==, "x'); DROP TABLE finding;--");
}

/* What json-glib made of odd but valid files, kept since:
 * a repeated key keeps its first place and its last value, "features"
 * may come before "type", and a raw tab in a string (not JSON, but
 * json-glib took it) is still read. */
static void
test_json_details (void)
{
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GError) error = NULL;
  const TryggRecord *record;

  records = read_string ("{\"features\":[{\"type\":\"Feature\",\"geometry\":{\"type\":\"Point\","
                         "\"coordinates\":[1,2]},\"properties\":{\"Title\":\"a\",\"x\":1,\"TITLE\":\"b\","
                         "\"x\":{\"k\":[0.5,true,null,\"\\u00e5\"],\"k\":2},\"status\":\"fixed\","
                         "\"status\":\"ny\",\"note\":\"a\tb\"}}],\"type\":\"Other\","
                         "\"type\":\"FeatureCollection\"}", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (records->len, ==, 1);
  record = g_ptr_array_index (records, 0);
  g_assert_cmpstr (record->title, ==, "a");
  g_assert_cmpstr (record->description, ==, "x: {\"k\":2}\nTITLE: b\nnote: a\tb");
  g_assert_true (record->has_status && record->status == TRYGG_STATUS_NEW);
  g_assert_cmpfloat (record->longitude, ==, 1);
  g_clear_pointer (&records, g_ptr_array_unref);

  /* The same with more properties than a finding has (they are found
   * another way). */
  {
    g_autoptr(GString) text = g_string_new ("{\"type\":\"FeatureCollection\",\"features\":["
                                            "{\"type\":\"Feature\",\"geometry\":{\"type\":"
                                            "\"Point\",\"coordinates\":[1,2]},\"properties\":{"
                                            "\"status\":\"fixed\",\"title\":\"a\"");

    for (guint i = 0; i < 40; i++)
      g_string_append_printf (text, ",\"k%u\":%u", i % 39, i);
    g_string_append (text, ",\"status\":\"ny\"}}]}");
    records = read_string (text->str, NULL, &error);
    g_assert_no_error (error);
    record = g_ptr_array_index (records, 0);
    g_assert_true (record->has_status && record->status == TRYGG_STATUS_NEW);
    g_assert_true (g_str_has_prefix (record->description, "k0: 39\nk1: 1\n"));
    g_assert_true (g_str_has_suffix (record->description, "\nk38: 38"));
    g_clear_pointer (&records, g_ptr_array_unref);
  }

  /* The last "features" counts. */
  records = read_string ("{\"type\":\"FeatureCollection\",\"features\":[42],"
                         "\"features\":[" POINT ("3", "4") "]}", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (records->len, ==, 1);
  g_assert_cmpfloat (((TryggRecord *) records->pdata[0])->latitude, ==, 4);
  g_clear_pointer (&records, g_ptr_array_unref);

  /* An error in a feature, then a root that is no collection: the root
   * decides, as when json-glib read the whole file first. */
  records = read_string ("{\"features\":[42],\"type\":\"Feature\",\"geometry\":{\"type\":"
                         "\"Point\",\"coordinates\":[5,6]}}", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (records->len, ==, 1);
  g_assert_cmpfloat (((TryggRecord *) records->pdata[0])->longitude, ==, 5);
  g_clear_pointer (&records, g_ptr_array_unref);

  /* A lone surrogate is not text. */
  assert_fails (COLLECTION ("{\"type\":\"Feature\",\"properties\":{\"title\":\"\\ud800\"},"
                            "\"geometry\":{\"type\":\"Point\",\"coordinates\":[1,2]}}"),
                strlen (COLLECTION ("{\"type\":\"Feature\",\"properties\":{\"title\":\"\\ud800\"},"
                                    "\"geometry\":{\"type\":\"Point\",\"coordinates\":[1,2]}}")),
                "not valid JSON");
  /* Comments were json-glib's own extension. */
  assert_fails ("/* x */" COLLECTION (POINT ("1", "2")), strlen ("/* x */" COLLECTION (POINT ("1", "2"))),
                "not plain JSON");
}

#define TITLED(title) \
  COLLECTION ("{\"type\":\"Feature\",\"properties\":{\"title\":\"" title "\"}," \
              "\"geometry\":{\"type\":\"Point\",\"coordinates\":[1,2]}}")

static char *
read_title (const char *text)
{
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GError) error = NULL;

  records = read_string (text, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (records->len, ==, 1);
  return g_strdup (((TryggRecord *) records->pdata[0])->title);
}

/* What the parser makes of escapes and numbers at the edges of JSON. */
static void
test_escapes_and_numbers (void)
{
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *pair = read_title (TITLED ("a\\ud83d\\ude00b"));
  g_autofree char *nul = read_title (TITLED ("a\\u0000b"));
  g_autofree char *escaped = read_title (TITLED ("\\u00e5\\/\\\\\\\"\\t"));
  const char *half_pairs[] = {
    TITLED ("\\udc00"),             /* a low half alone */
    TITLED ("a\\ud800b"),           /* a high half followed by a letter */
    TITLED ("\\ud800\\u0041"),      /* … by an escape that is no low half */
    TITLED ("\\ud800\\n"),          /* … by another escape */
    TITLED ("\\ud800"),             /* … by the end of the string */
    TITLED ("\\ude00\\ud83d"),      /* a pair the wrong way round */
  };
  const char *not_json[] = {
    COLLECTION (POINT ("01", "2")),
    COLLECTION (POINT ("1.", "2")),
    COLLECTION (POINT ("+1", "2")),
    COLLECTION (POINT ("NaN", "2")),
    COLLECTION (POINT ("1", "2")) " x",
    COLLECTION (POINT ("1", "2")) COLLECTION (POINT ("1", "2")),
    TITLED ("\\q"),
    TITLED ("\\u12"),
  };
  const TryggRecord *record;

  g_assert_cmpstr (pair, ==, "a\xf0\x9f\x98\x80" "b");
  g_assert_cmpstr (nul, ==, "a");
  g_assert_cmpstr (escaped, ==, "\xc3\xa5/\\\"\t");
  for (guint i = 0; i < G_N_ELEMENTS (half_pairs); i++)
    assert_fails (half_pairs[i], strlen (half_pairs[i]), "not valid JSON");
  for (guint i = 0; i < G_N_ELEMENTS (not_json); i++)
    assert_fails (not_json[i], strlen (not_json[i]), "not valid JSON");

  /* Integers beyond 64 bits are reals; those within stay exact. */
  records = read_string (COLLECTION ("{\"type\":\"Feature\",\"geometry\":{\"type\":\"Point\","
                                     "\"coordinates\":[1.5E1,-5e-1]},\"properties\":{"
                                     "\"big\":123456789012345678901234567890,"
                                     "\"low\":-9223372036854775808,\"high\":9223372036854775807,"
                                     "\"over\":9223372036854775808,\"zero\":-0}}"),
                         NULL, &error);
  g_assert_no_error (error);
  record = g_ptr_array_index (records, 0);
  g_assert_cmpfloat (record->longitude, ==, 15);
  g_assert_cmpfloat (record->latitude, ==, -0.5);
  g_assert_cmpstr (record->description, ==,
                   "big: 1.23456789012346e+29\nlow: -9223372036854775808\n"
                   "high: 9223372036854775807\nover: 9.22337203685478e+18\nzero: 0");
}

/* Foreign ids: every point of a MultiPoint after the first gets an id
 * derived from the feature's, so that importing again merges them. */
static void
test_multipoint_foreign_id (void)
{
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GPtrArray) again = NULL;
  g_autoptr(GError) error = NULL;
  const char *text = COLLECTION ("{\"type\":\"Feature\",\"id\":\"A-17\",\"geometry\":{\"type\":"
                                 "\"MultiPoint\",\"coordinates\":[[1,2],[3,4],[5,6]]}}");

  records = read_string (text, NULL, &error);
  again = read_string (text, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (records->len, ==, 3);
  g_assert_cmpstr (((TryggRecord *) records->pdata[0])->id, ==, "A-17");
  for (guint i = 1; i < 3; i++)
    {
      g_assert_true (g_uuid_string_is_valid (((TryggRecord *) records->pdata[i])->id));
      g_assert_cmpstr (((TryggRecord *) records->pdata[i])->id, ==, ((TryggRecord *) again->pdata[i])->id);
    }
  g_assert_cmpstr (((TryggRecord *) records->pdata[1])->id, !=, ((TryggRecord *) records->pdata[2])->id);
}

static TryggGeojsonScan
scan (const char *text)
{
  TryggGeojsonScan result;

  trygg_geojson_scan (text, strlen (text), 128, 2, &result);
  return result;
}

/* Where a collection may be cut in two, and where it must not be. */
static void
test_scan (void)
{
  static const char collection[] =
    "{\"type\": \"FeatureCollection\", \"name\": \"[,\\\"]\",\n"
    " \"features\": [ {\"a\": [1, 2]}, {\"b\": \"x,y\"},\n {\"c\": {}}, {\"d\": 4} ]}";
  static const char * const refused[] = {
    /* two "features" members: the reader takes the last */
    "{\"features\": [{}, {}], \"features\": [{}, {}]}",
    /* a name that may spell "features" */
    "{\"feat\\u0075res\": [{}, {}], \"features\": [{}, {}]}",
    "{\"features\": [, {}, {}]}",
    "{\"features\": [{}, {}}]}",
    "{\"features\": {\"a\": 1, \"b\": 2}}",
    "{\"features\": [{}]}",
    "[{}, {}]",
    "{\"features\": [{}, {}]",
    "{\"features\": [{}, {\"a\": \"}]}",
  };
  TryggGeojsonScan result = scan (collection);
  const char *comma;

  g_assert_true (result.can_split);
  g_assert_cmpuint (result.too_deep_line, ==, 0);
  g_assert_false (result.has_escapes);
  g_assert_false (result.raw_controls);
  /* Of the commas between items, the one nearest the middle: not those
   * in the name, the first item's array or the second item's string. */
  comma = collection + result.split.comma;
  g_assert_true (g_str_has_prefix (comma, ", {\"b\""));
  g_assert_cmpuint (result.split.n_before, ==, 1);
  g_assert_cmpuint (result.n_items, ==, 4);
  g_assert_cmpint (collection[result.split.close], ==, ']');
  g_assert_cmpstr (collection + result.split.close, ==, "]}");

  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    g_assert_false (scan (refused[i]).can_split);

  /* Too few items for the threshold. */
  trygg_geojson_scan (collection, strlen (collection), 128, 5, &result);
  g_assert_false (result.can_split);
  trygg_geojson_scan (collection, strlen (collection), 128, G_MAXUINT, &result);
  g_assert_false (result.can_split);

  g_assert_true (scan ("{\"a\": \"\\u00e5\"}").has_escapes);
  g_assert_false (scan ("{\"a\": \"\\\\u00e5\"}").has_escapes);
  g_assert_true (scan ("{\"a\": \"tab\there\"}").raw_controls);
  g_assert_cmpuint (scan ("{\n\"a\":\n[[[[]]]]}").too_deep_line, ==, 0);
  trygg_geojson_scan ("{\n\"a\":\n[[[[]]]]}", 16, 3, 2, &result);
  g_assert_cmpuint (result.too_deep_line, ==, 3);
}

/* Read in halves, a file comes to what it comes to in one piece: the
 * same records and numbers, the same first error, the same skips. */
static void
test_halves (void)
{
  static const char * const files[] = {
    "{\"type\": \"FeatureCollection\", \"features\": ["
    " {\"type\": \"Feature\", \"geometry\": {\"type\": \"Point\", \"coordinates\": [17.6, 59.1]},"
    "  \"properties\": {\"title\": \"Ett\"}},"
    " {\"type\": \"Feature\", \"geometry\": {\"type\": \"LineString\", \"coordinates\": [[17, 59], [18, 59]]},"
    "  \"properties\": {}},"
    " {\"type\": \"Feature\", \"geometry\": {\"type\": \"MultiPoint\", \"coordinates\": [[17.6, 59.2], [17.7, 59.2]]},"
    "  \"properties\": {\"id\": \"x\", \"title\": \"Två\"}},"
    " {\"type\": \"Feature\", \"geometry\": {\"type\": \"Point\", \"coordinates\": [17.6, 59.3]},"
    "  \"properties\": {\"title\": \"Tre\"}}]}",
    /* the error is in the second half: its number must be the file's */
    "{\"type\": \"FeatureCollection\", \"features\": ["
    " {\"type\": \"Feature\", \"geometry\": {\"type\": \"Point\", \"coordinates\": [17.6, 59.1]}},"
    " {\"type\": \"Feature\", \"geometry\": {\"type\": \"Point\", \"coordinates\": [17.6, 59.1]}},"
    " {\"type\": \"Feature\", \"geometry\": {\"type\": \"Point\", \"coordinates\": [17.6, 59.1]}},"
    " {\"type\": \"Feature\", \"geometry\": {\"type\": \"Point\", \"coordinates\": [17.6, 99.1]}}]}",
    /* not JSON in the first half, then in the second */
    "{\"type\": \"FeatureCollection\", \"features\": [{\"type\": tru}, {}, {}, {}]}",
    "{\"type\": \"FeatureCollection\", \"features\": [{}, {}, {}, {\"type\": tru}]}",
    /* not a collection, though the features are */
    "{\"type\": \"Feature\", \"features\": [{}, {}, {}, {}], \"geometry\": null}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autofree char *whole = NULL;
      g_autofree char *halves = NULL;

      trygg_geojson_set_split_threshold (G_MAXUINT);
      whole = fuzz_describe_read (trygg_geojson_read, trygg_geojson_write,
                                  (const uint8_t *) files[i], strlen (files[i]));
      trygg_geojson_set_split_threshold (2);
      halves = fuzz_describe_read (trygg_geojson_read, trygg_geojson_write,
                                   (const uint8_t *) files[i], strlen (files[i]));
      g_assert_cmpstr (halves, ==, whole);
    }
  trygg_geojson_set_split_threshold (4096);
}

/* Reading a large file says how far it has come, in one piece and in
 * halves (where the calling thread reports what both have read). */
static void
test_progress (void)
{
  g_autoptr(GString) text = g_string_new ("{\"type\": \"FeatureCollection\", \"features\": [");
  const guint n = 10000;

  for (guint i = 0; i < n; i++)
    g_string_append_printf (text, "%s{\"type\": \"Feature\", \"geometry\": {\"type\": \"Point\","
                            " \"coordinates\": [17.6, 59.1]}, \"properties\": {\"title\": \"%u\"}}\n",
                            i > 0 ? "," : "", i);
  g_string_append (text, "]}");

  for (guint halves = 0; halves < 2; halves++)
    {
      g_autoptr(GArray) fractions = g_array_new (FALSE, FALSE, sizeof (double));
      g_autoptr(GPtrArray) records = NULL;
      g_autoptr(GError) error = NULL;

      trygg_geojson_set_split_threshold (halves ? 2 : G_MAXUINT);
      records = trygg_geojson_read_with_progress (text->str, text->len, NULL, collect_progress,
                                                  fractions, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (records->len, ==, n);
      g_assert_cmpuint (fractions->len, >=, halves ? 1 : n / 1000);
      assert_progress_rises (fractions);
      if (!halves)
        g_assert_cmpfloat (g_array_index (fractions, double, fractions->len - 1), ==, 1.0);
    }
  trygg_geojson_set_split_threshold (4096);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/geojson/golden-round-trip", test_golden_round_trip);
  g_test_add_func ("/geojson/foreign", test_foreign);
  g_test_add_func ("/geojson/single-feature", test_single_feature);
  g_test_add_func ("/geojson/hostile", test_hostile);
  g_test_add_func ("/geojson/sql-is-text", test_sql_is_text);
  g_test_add_func ("/geojson/json-details", test_json_details);
  g_test_add_func ("/geojson/escapes-and-numbers", test_escapes_and_numbers);
  g_test_add_func ("/geojson/multipoint-foreign-id", test_multipoint_foreign_id);
  g_test_add_func ("/geojson/scan", test_scan);
  g_test_add_func ("/geojson/halves", test_halves);
  g_test_add_func ("/geojson/progress", test_progress);

  return g_test_run ();
}
