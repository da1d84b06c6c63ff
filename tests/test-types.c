/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "trygg-types.h"

/* The keys are written into users' GeoJSON and CSV files: they must
 * survive a round trip and never change. */
static void
test_status_keys (void)
{
  static const char * const expected[] = { "new", "assigned", "in_progress", "fixed", "wont_fix" };

  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      TryggStatus status = -1;

      g_assert_cmpstr (trygg_status_to_key (i), ==, expected[i]);
      g_assert_true (trygg_status_from_key (expected[i], &status));
      g_assert_cmpint (status, ==, i);
    }
}

static void
test_status_rejects_unknown (void)
{
  TryggStatus status = TRYGG_STATUS_FIXED;

  g_assert_false (trygg_status_from_key ("New", &status));
  g_assert_false (trygg_status_from_key ("", &status));
  g_assert_false (trygg_status_from_key (NULL, &status));
  g_assert_false (trygg_status_from_key ("fixed; DROP TABLE finding", &status));
  g_assert_cmpint (status, ==, TRYGG_STATUS_FIXED);
}

static void
test_priority_keys (void)
{
  static const char * const expected[] = { "low", "medium", "high" };

  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      TryggPriority priority = -1;

      g_assert_cmpstr (trygg_priority_to_key (i), ==, expected[i]);
      g_assert_true (trygg_priority_from_key (expected[i], &priority));
      g_assert_cmpint (priority, ==, i);
    }
  g_assert_false (trygg_priority_from_key ("urgent", &(TryggPriority) { 0 }));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/types/status-keys", test_status_keys);
  g_test_add_func ("/types/status-rejects-unknown", test_status_rejects_unknown);
  g_test_add_func ("/types/priority-keys", test_priority_keys);

  return g_test_run ();
}
