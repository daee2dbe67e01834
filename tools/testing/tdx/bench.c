// SPDX-License-Identifier: GPL-2.0
/*
 * Planner time for 10 to 10^5 memory ranges (reported, not asserted).
 * "dense":  2 TiB on two nodes, cut into N ranges with 4 KiB holes between
 *           them, one CMR; max_tdmrs 64, 16 reserved areas.
 * "sparse": N separate 1 GiB runs with 1..7 GiB gaps (so gaps must be
 *           bridged to fit 64 TDMRs), one CMR.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <linux/kernel.h>

#include "tdx_check.h"

static double now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e6 + ts.tv_nsec / 1e3;
}

int main(void)
{
	static const unsigned int sizes[] = { 10, 100, 1000, 10000, 100000 };
	struct tdmr_plan plan = { 0 };
	unsigned int s;

	plan.capacity = 64;
	plan.tdmrs = calloc(64, sizeof(*plan.tdmrs));
	printf("%8s %8s %6s %14s %14s\n", "layout", "ranges", "TDMRs",
	       "build (us)", "set_rsvd (us)");
	for (s = 0; s < 2 * ARRAY_SIZE(sizes); s++) {
		unsigned int n = sizes[s % ARRAY_SIZE(sizes)], i, t, lvl, reps = 0;
		bool sparse = s >= ARRAY_SIZE(sizes);
		u64 step = (2 * TiB / n) & ~4095ULL, pos = 4 * GiB, top;
		double t0, t_build, t_rsvd;
		struct tdx_layout l;
		int ret = 0;

		lay_init(&l, "bench");
		for (i = 0; i < n; i++) {
			if (sparse) {
				lay_mem(&l, pos, pos + GiB, i < n / 2 ? 0 : 1);
				pos += GiB * (2 + i % 7);
			} else {
				lay_mem(&l, 4 * GiB + i * step,
					4 * GiB + (i + 1) * step - 4096,
					i < n / 2 ? 0 : 1);
			}
		}
		lay_cmr(&l, 4 * GiB, l.mem[n - 1].end);

		t0 = now_us();
		do {
			ret |= tdmr_plan_build(l.mem, l.nr_mem, l.cmrs, l.nr_cmrs,
					       &l.limits, &plan);
			reps++;
		} while (now_us() - t0 < 200000 && reps < 1000);
		t_build = (now_us() - t0) / reps;

		/*
		 * PAMTs back to back at the top of the CMR (which also covers
		 * the 4 KiB holes), so inside the last TDMRs.
		 */
		top = l.mem[n - 1].end;
		for (t = 0; t < plan.nr_tdmrs; t++) {
			for (lvl = 0; lvl < TDX_PS_NR; lvl++) {
				top -= plan.tdmrs[t].pamt_size[lvl];
				plan.tdmrs[t].pamt_base[lvl] = top;
			}
		}
		t0 = now_us();
		reps = 0;
		do {
			ret |= tdmr_plan_set_reserved(l.cmrs, l.nr_cmrs,
						      &l.limits, &plan);
			reps++;
		} while (now_us() - t0 < 100000 && reps < 1000);
		t_rsvd = (now_us() - t0) / reps;
		if (ret)
			printf("error: %s\n", plan.err);
		printf("%8s %8u %6u %14.1f %14.1f\n", sparse ? "sparse" : "dense",
		       n, plan.nr_tdmrs, t_build, t_rsvd);
		lay_free(&l);
	}
	free(plan.tdmrs);
	return 0;
}
