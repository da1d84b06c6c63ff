/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "fuzz-common.h"
#include "trygg-geojson.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  fuzz_round_trip (trygg_geojson_read, trygg_geojson_write, data, size);
  return 0;
}
