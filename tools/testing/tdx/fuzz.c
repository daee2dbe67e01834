// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target for the TDMR/PAMT planner: random memory maps, CMRs,
 * limits and PAMT placements.  The planner must return a clean error (one
 * line, -EINVAL or -ENOSPC) or a plan that covers all TDX memory and that
 * the TDX module model's TDH.SYS.CONFIG validator accepts after the PAMTs
 * are placed and the reserved areas set.  Anything else aborts.
 *
 *   make fuzz FUZZ_SECONDS=30
 */
#include <stdint.h>
#include <stdlib.h>

#include "tdx_check.h"

/* libFuzzer's entry point: the Makefile renames it to its required name. */
int tdx_fuzz_one_input(const uint8_t *data, size_t size);

int tdx_fuzz_one_input(const uint8_t *data, size_t size)
{
	struct tdx_plan_stats st;
	unsigned long long seed;
	enum tdx_place place;
	struct tdx_layout l;
	char why[512];
	int ret;

	/* Tiny layouts: see placement_may_fail(). */
	tdx_check_placement_oracle = TDX_ORACLE_WITNESS;
	tdx_layout_from_bytes(&l, data, size, &place, &seed);
	ret = tdx_check_layout(&l, place, seed, NULL, &st, why, sizeof(why));
	if (ret == -1) {
		fprintf(stderr, "planner check failed: %s\n", why);
		abort();
	}
	lay_free(&l);
	return 0;
}
