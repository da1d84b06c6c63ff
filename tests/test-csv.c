/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "test-io-common.h"
#include "trygg-csv.h"

static GPtrArray *
read_string (const char  *text,
             GError     **error)
{
  return trygg_csv_read (text, strlen (text), NULL, error);
}

static TryggRecord *
record_at (GPtrArray *records,
           guint      i)
{
  return g_ptr_array_index (records, i);
}

static void
test_golden_round_trip (void)
{
  g_autoptr(GBytes) golden = load_data ("findings.csv");
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GBytes) written = NULL;
  g_autoptr(GError) error = NULL;
  TryggRecord *record;

  records = trygg_csv_read (g_bytes_get_data (golden, NULL), g_bytes_get_size (golden), NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (records->len, ==, 3);

  record = record_at (records, 0);
  g_assert_cmpstr (record->id, ==, "3b6f0c52-8a4e-4d53-9e4f-0c1d2e3f4a51");
  g_assert_cmpint (record->number, ==, 1);
  g_assert_cmpstr (record->description, ==,
                   "Cykelställen ligger i mörker;\nlås har brutits upp.\n\"Obehagligt\" sa en deltagare.");
  g_assert_cmpstr (record->category, ==, "Lighting");
  g_assert_true (record->has_status && record->status == TRYGG_STATUS_FIXED);
  g_assert_true (record->has_priority && record->priority == TRYGG_PRIORITY_HIGH);
  g_assert_cmpfloat (record->latitude, ==, 59.19215);
  g_assert_cmpfloat (record->longitude, ==, 17.62712);
  g_assert_cmpstr (record->walk_date, ==, "2025-11-13");
  g_assert_cmpstr (record->updated_at, ==, "2026-02-20T10:00:00Z");
  g_assert_cmpuint (record->source_index, ==, 2);
  /* The second record starts on line 5: the first spans three lines. */
  g_assert_cmpuint (record_at (records, 1)->source_index, ==, 5);

  /* The formula guard is read back off. */
  g_assert_cmpstr (record_at (records, 1)->title, ==, "=HYPERLINK(\"http://x\";\"klicka\")");
  g_assert_cmpstr (record_at (records, 1)->description, ==, "-Text som ser ut som en formel");
  g_assert_null (record_at (records, 1)->actor);
  g_assert_cmpstr (record_at (records, 2)->title, ==, "Robert'); DROP TABLE finding;--");

  /* Actions are not in CSV, so the counts column cannot be rewritten from
   * what was read: give the records the golden counts again. */
  record_at (records, 0)->actions_done = 1;
  g_ptr_array_add (record_at (records, 0)->actions, trygg_record_action_new ());
  g_ptr_array_add (record_at (records, 0)->actions, trygg_record_action_new ());
  g_ptr_array_add (record_at (records, 2)->actions, trygg_record_action_new ());
  written = write_to_bytes (trygg_csv_write, records);
  assert_bytes_equal (written, golden);
}

static void
test_foreign_comma (void)
{
  g_autoptr(GBytes) data = load_data ("foreign-comma.csv");
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GError) error = NULL;
  TryggRecord *record;

  records = trygg_csv_read (g_bytes_get_data (data, NULL), g_bytes_get_size (data), NULL, &error);
  g_assert_no_error (error);
  /* The blank line is no finding. */
  g_assert_cmpuint (records->len, ==, 2);
  record = record_at (records, 0);
  g_assert_cmpstr (record->title, ==, "Trappa, mörk");
  g_assert_cmpstr (record->description, ==, "Rad ett\r\nrad två med \"citat\"\nÖvrigt: Se foto");
  g_assert_cmpfloat (record->latitude, ==, 59.19);
  g_assert_cmpfloat (record->longitude, ==, 17.62);
  g_assert_cmpstr (record->actor, ==, "Polisen (kommunpolis)");
  g_assert_true (record->has_status && record->status == TRYGG_STATUS_IN_PROGRESS);
  g_assert_true (record->has_priority && record->priority == TRYGG_PRIORITY_HIGH);
  g_assert_cmpstr (record->walk, ==, "Kvällsvandring");
  g_assert_cmpstr (record->walk_date, ==, "2025-11-13");
  record = record_at (records, 1);
  g_assert_cmpuint (record->source_index, ==, 5);
  g_assert_true (record->has_status && record->status == TRYGG_STATUS_NEW);
  g_assert_true (record->has_priority && record->priority == TRYGG_PRIORITY_LOW);
  g_assert_null (record->description);
}

static void
test_foreign_tab_decimal_comma (void)
{
  g_autoptr(GBytes) data = load_data ("foreign-tab.csv");
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GError) error = NULL;

  records = trygg_csv_read (g_bytes_get_data (data, NULL), g_bytes_get_size (data), NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (records->len, ==, 1);
  g_assert_cmpfloat (record_at (records, 0)->latitude, ==, 59.1917);
  g_assert_cmpfloat (record_at (records, 0)->longitude, ==, 17.6278);
  g_assert_cmpstr (record_at (records, 0)->title, ==, "=1+1");
}

static void
test_formula_guard (void)
{
  const char *titles[] = { "=SUM(A1:A9)", "+46 8 123", "-minus", "@mention", "\tTab",
                           "'quoted", "''twice", "'plain apostrophe", "ok = fine" };
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func ((GDestroyNotify) trygg_record_free);
  g_autoptr(GPtrArray) again = NULL;
  g_autoptr(GBytes) written = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) lines = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (titles); i++)
    {
      TryggRecord *record = trygg_record_new ();

      record->title = g_strdup (titles[i]);
      record->actor = g_strdup (titles[i]);
      record->latitude = 59;
      record->longitude = -0.5;  /* numbers are never guarded */
      g_ptr_array_add (records, record);
    }
  written = write_to_bytes (trygg_csv_write, records);
  lines = g_strsplit (g_bytes_get_data (written, NULL), "\r\n", -1);
  /* No cell a spreadsheet would run as a formula. */
  g_assert_true (g_str_has_prefix (lines[1], ";0;'=SUM(A1:A9);;;new;medium;'=SUM(A1:A9);59.0000000;-0.5000000;"));
  g_assert_true (g_str_has_prefix (lines[2], ";0;'+46 8 123;"));
  g_assert_true (g_str_has_prefix (lines[3], ";0;'-minus;"));
  g_assert_true (g_str_has_prefix (lines[4], ";0;'@mention;"));
  g_assert_true (g_str_has_prefix (lines[9], ";0;ok = fine;"));

  again = trygg_csv_read (g_bytes_get_data (written, NULL), g_bytes_get_size (written), NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (again->len, ==, records->len);
  for (guint i = 0; i < records->len; i++)
    {
      g_assert_cmpstr (record_at (again, i)->title, ==, titles[i]);
      g_assert_cmpstr (record_at (again, i)->actor, ==, titles[i]);
      g_assert_cmpfloat (record_at (again, i)->longitude, ==, -0.5);
    }
}

static void
assert_fails (const char *text,
              gsize       length,
              const char *expected)
{
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GError) error = NULL;

  records = trygg_csv_read (text, length, NULL, &error);
  g_assert_null (records);
  g_assert_error (error, TRYGG_IO_ERROR, TRYGG_IO_ERROR_INVALID);
  if (strstr (error->message, expected) == NULL)
    g_error ("“%s” does not mention “%s”", error->message, expected);
}

static void
test_hostile (void)
{
  const char *cases[][2] = {
    { "lat;lon\n59;17\n;17\n", "Line 3 has no valid latitude" },
    { "lat;lon\n59;17\n59\n", "Line 3 has no valid longitude" },
    { "lat;lon\r\n59;17\r\n91;17\r\n", "Line 3 has no valid latitude (“91”)" },
    { "lat;lon\n59;181\n", "Line 2 has no valid longitude" },
    { "lat,lon\n59,\n", "Line 2 has no valid longitude" },
    { "lat;lon\nnan;17\n", "Line 2 has no valid latitude" },
    { "lat;lon\ninf;17\n", "Line 2 has no valid latitude" },
    { "lat;lon\n0x10;17\n", "Line 2 has no valid latitude" },
    { "lat;lon\n1e308;17\n", "Line 2 has no valid latitude" },
    { "lat;lon;title\n59;17;\"a\n\nb\"\n'; DROP TABLE x;--;17\n", "Line 5" },
    { "lat;lon;title\n59;17;\"never closed\n", "Line 2 opens a quoted field" },
    { "title;description\nx;y\n", "no latitude and longitude columns" },
    { "", "empty" },
    { "\xEF\xBB\xBF", "empty" },
    { "lat;lon\n59;17\n\xc3\x28;17\n", "line 3" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    assert_fails (cases[i][0], strlen (cases[i][0]), cases[i][1]);
  assert_fails ("lat;lon\n59;\0", 12, "UTF-8");
}

static void
test_many_columns (void)
{
  g_autoptr(GString) text = g_string_new ("lat;lon");
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GError) error = NULL;

  /* A row far wider than its header is read without harm. */
  g_string_append (text, "\n59;17");
  for (guint i = 0; i < 100000; i++)
    g_string_append (text, ";x");
  records = read_string (text->str, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (records->len, ==, 1);
}

/* Reading a long file says how far it has come. */
static void
test_progress (void)
{
  g_autoptr(GString) text = g_string_new ("title;latitude;longitude\r\n");
  g_autoptr(GArray) fractions = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < 5000; i++)
    g_string_append_printf (text, "Lampa %u;59,19;17,62\r\n", i);
  records = trygg_csv_read_with_progress (text->str, text->len, NULL, collect_progress, fractions, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (records->len, ==, 5000);
  g_assert_cmpuint (fractions->len, ==, 5);
  assert_progress_rises (fractions);
  g_assert_cmpfloat (g_array_index (fractions, double, 4), ==, 1.0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/csv/golden-round-trip", test_golden_round_trip);
  g_test_add_func ("/csv/foreign-comma", test_foreign_comma);
  g_test_add_func ("/csv/foreign-tab-decimal-comma", test_foreign_tab_decimal_comma);
  g_test_add_func ("/csv/formula-guard", test_formula_guard);
  g_test_add_func ("/csv/hostile", test_hostile);
  g_test_add_func ("/csv/many-columns", test_many_columns);
  g_test_add_func ("/csv/progress", test_progress);

  return g_test_run ();
}
