// SPDX-License-Identifier: GPL-2.0
/*
 * PAMT figures per machine profile, all computed in one run:
 *
 * - the planner (tdmr_plan.c): TDMRs, PAMT bytes and the largest physically
 *   contiguous chunk (every PAMT level of every TDMR is its own allocation);
 *   the plan is placed and checked end to end by ../tdx_check.c, including
 *   the TDX module model's TDH.SYS.CONFIG validator;
 * - the upstream 6.8 policy (../tdx_check.c, tdx_upstream_plan(): one TDMR
 *   per 1 GiB-rounded memory block, one chunk per TDMR holding all three
 *   levels), and our figures as ratios of it;
 * - the floor: PAMT for exactly the memory in the CMRs, unrounded;
 * - "tdx_pamt=reserve": what the boot hook reserves per node (the plan of
 *   the memory ranges with the ranges themselves as CMRs, as in
 *   tdx_pamt_size_nodes(), each node rounded up to the CMA granularity,
 *   a 2 MiB pageblock with CONFIG_HUGETLB_PAGE as distributions build),
 *   against what the plan with the real CMRs then takes on each node.
 *
 * - reserved areas per TDMR after PAMT placement, by placement (rsvd_table()).
 *
 * Figures are reported, not asserted.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <linux/kernel.h>

#include "tdx_check.h"

#define NR_NODES	16
#define CMA_GRANULE	(2 * MiB)

struct profile {
	const char *name;
	const char *what;
	void (*setup)(struct tdx_layout *l);
};

/* ---- profiles ----------------------------------------------------------- */

/* A PC-like map below 4 GiB: legacy hole, firmware holes, MMIO from 2 GiB. */
static void low_mem(struct tdx_layout *l)
{
	lay_mem(l, 0, 0x9f000, 0);
	lay_mem(l, 0x100000, 0x6f000000, 0);
	lay_mem(l, 0x6f800000, 0x7b000000, 0);
	lay_mem(l, 0x7b100000, 0x7f000000, 0);
}

static void p_64g(struct tdx_layout *l)
{
	low_mem(l);
	lay_mem(l, 4 * GiB, 66 * GiB, 0);
	lay_cmr(l, 0, 2 * GiB);
	lay_cmr(l, 4 * GiB, 66 * GiB);
}

/*
 * 256 GiB on two nodes with many holes: 24 ranges below 2 GiB with 64 KiB
 * firmware holes between them (outside the CMRs: 13 in GiB 0, 12 in GiB 1;
 * more than 16 in a GiB would leave no valid plan), and above 4 GiB a 2 MiB
 * firmware hole every 5 GiB (inside the CMRs, as firmware-reserved DRAM is).
 */
static void p_256g_holes(struct tdx_layout *l)
{
	u64 pos = 0x100000, end;
	unsigned int i;

	lay_mem(l, 0, 0x9f000, 0);
	lay_cmr(l, 0, 0x9f000);
	for (i = 0; i < 24; i++) {
		lay_mem(l, pos, pos + 80 * MiB, 0);
		lay_cmr(l, pos, pos + 80 * MiB);
		pos += 80 * MiB + 64 * KiB;
	}
	for (pos = 4 * GiB; pos < 260 * GiB; pos = end + 2 * MiB) {
		end = pos + 5 * GiB - 2 * MiB;
		if (end > 260 * GiB)
			end = 260 * GiB;
		/* Node 1 from 132 GiB on, cut where a range crosses it. */
		if (pos < 132 * GiB && end > 132 * GiB) {
			lay_mem(l, pos, 132 * GiB, 0);
			lay_mem(l, 132 * GiB, end, 1);
		} else {
			lay_mem(l, pos, end, pos >= 132 * GiB);
		}
	}
	lay_cmr(l, 4 * GiB, 260 * GiB);
}

static void p_2t_2s(struct tdx_layout *l)
{
	low_mem(l);
	lay_mem(l, 4 * GiB, 1026 * GiB, 0);
	lay_mem(l, 1026 * GiB, 2050 * GiB, 1);
	lay_cmr(l, 0, 2 * GiB);
	lay_cmr(l, 4 * GiB, 2050 * GiB);
}

static void p_8t_8s(struct tdx_layout *l)
{
	unsigned int n;

	low_mem(l);
	lay_mem(l, 4 * GiB, 1026 * GiB, 0);
	for (n = 1; n < 8; n++)
		lay_mem(l, n * TiB + 2 * GiB, (n + 1) * TiB + 2 * GiB, n);
	lay_cmr(l, 0, 2 * GiB);
	lay_cmr(l, 4 * GiB, 8 * TiB + 2 * GiB);
}

/* Two sockets in SNC4: 8 nodes of ~128 GiB, boundaries not GiB aligned. */
static void p_snc4(struct tdx_layout *l)
{
	static const u64 bound[9] = {
		4 * GiB, 132 * GiB + 123 * MiB, 260 * GiB + 700 * MiB,
		388 * GiB + 4 * MiB, 516 * GiB, 644 * GiB + 512 * MiB,
		772 * GiB + 300 * MiB, 900 * GiB + 1000 * MiB, 1028 * GiB,
	};
	unsigned int n;

	low_mem(l);
	for (n = 0; n < 8; n++)
		lay_mem(l, bound[n], bound[n + 1], n);
	lay_cmr(l, 0, 2 * GiB);
	lay_cmr(l, 4 * GiB, 1028 * GiB);
}

/* 17 usable e820 ranges below 2 GiB (design.md §5), 2 x 128 GiB. */
static void p_server17(struct tdx_layout *l)
{
	static const u64 r[17][2] = {
		{ 0x0, 0x9f000 }, { 0x100000, 0x5a00000 },
		{ 0x5c00000, 0x10000000 }, { 0x10400000, 0x20000000 },
		{ 0x20100000, 0x28000000 }, { 0x28010000, 0x30000000 },
		{ 0x30200000, 0x38000000 }, { 0x38001000, 0x3c000000 },
		{ 0x3c800000, 0x3f000000 }, { 0x40200000, 0x48000000 },
		{ 0x48400000, 0x50000000 }, { 0x50010000, 0x58000000 },
		{ 0x58100000, 0x60000000 }, { 0x60800000, 0x68000000 },
		{ 0x68002000, 0x6c000000 }, { 0x6c400000, 0x70000000 },
		{ 0x70100000, 0x76000000 },
	};
	unsigned int i;

	for (i = 0; i < 17; i++)
		lay_mem(l, r[i][0], r[i][1], 0);
	lay_mem(l, 4 * GiB, 130 * GiB, 0);
	lay_mem(l, 130 * GiB, 258 * GiB, 1);
	lay_cmr(l, 0, 0x80000000);
	lay_cmr(l, 4 * GiB, 258 * GiB);
}

/*
 * A real boot: the memblock ranges of the project's KUnit guest (QEMU 7.2,
 * pc machine, -m 4G, two NUMA nodes of 2 GiB), from its boot log (the
 * "node N: [mem ...]" lines of "Early memory node ranges").  QEMU puts 3 GiB
 * below 4 GiB and the last GiB above.  CMRs: the ranges (no firmware to
 * report better ones).
 */
static void p_qemu_guest(struct tdx_layout *l)
{
	lay_mem(l, 0x1000, 0x9f000, 0);
	lay_mem(l, 0x100000, 0x80000000, 0);
	lay_mem(l, 0x80000000, 0xbffe0000, 1);
	lay_mem(l, 0x100000000, 0x140000000, 1);
	lay_cmrs_from_mem(l);
}

static const struct profile profiles[] = {
	{ "64G", "64 GiB, 1 socket", p_64g },
	{ "256G-holes", "256 GiB, 2 nodes, many holes", p_256g_holes },
	{ "2T-2S", "2 TiB, 2 sockets", p_2t_2s },
	{ "8T-8S", "8 TiB, 8 sockets", p_8t_8s },
	{ "SNC4-2S", "1 TiB, 2 sockets x SNC4", p_snc4 },
	{ "server17", "256 GiB, 17 ranges < 2 GiB", p_server17 },
	{ "qemu-4G", "KUnit guest, 2 nodes", p_qemu_guest },
};

/* ---- figures ------------------------------------------------------------ */

/* As tdx_pamt_tdmr_node(): a TDMR without memory counts on a neighbour. */
static int tdmr_node(const struct tdmr_plan *plan, unsigned int t)
{
	unsigned int i;

	for (i = t + 1; i > 0; i--)
		if (plan->tdmrs[i - 1].nid >= 0)
			return plan->tdmrs[i - 1].nid;
	for (i = t + 1; i < plan->nr_tdmrs; i++)
		if (plan->tdmrs[i].nid >= 0)
			return plan->tdmrs[i].nid;
	return 0;
}

static void node_bytes(const struct tdmr_plan *plan, u64 *bytes)
{
	unsigned int t, lvl;

	memset(bytes, 0, NR_NODES * sizeof(*bytes));
	for (t = 0; t < plan->nr_tdmrs; t++)
		for (lvl = 0; lvl < TDX_PS_NR; lvl++)
			bytes[tdmr_node(plan, t) % NR_NODES] +=
				plan->tdmrs[t].pamt_size[lvl];
}

/*
 * The boot reservation, as tdx_pamt_size_nodes() sizes it: the memory as
 * CMRs, or one CMR spanning it when that leaves no plan.
 */
static int reserve_bytes(const struct tdx_layout *l, u64 *bytes, bool *one_cmr)
{
	struct tdx_cmr_info *cmrs = calloc(l->nr_mem, sizeof(*cmrs));
	struct tdmr_plan plan = { .capacity = 64 };
	unsigned int i;
	int ret;

	plan.tdmrs = calloc(64, sizeof(*plan.tdmrs));
	if (!cmrs || !plan.tdmrs)
		abort();
	for (i = 0; i < l->nr_mem; i++) {
		cmrs[i].base = l->mem[i].start;
		cmrs[i].size = l->mem[i].end - l->mem[i].start;
	}
	*one_cmr = false;
	ret = tdmr_plan_build(l->mem, l->nr_mem, cmrs, l->nr_mem, &l->limits,
			      &plan);
	if (ret == -ENOSPC) {
		cmrs[0].base = l->mem[0].start;
		cmrs[0].size = l->mem[l->nr_mem - 1].end - l->mem[0].start;
		*one_cmr = true;
		ret = tdmr_plan_build(l->mem, l->nr_mem, cmrs, 1, &l->limits,
				      &plan);
	}
	if (!ret)
		node_bytes(&plan, bytes);
	else
		fprintf(stderr, "%s: no boot plan: %s\n", l->name, plan.err);
	free(plan.tdmrs);
	free(cmrs);
	return ret;
}

static u64 floor_bytes(const struct tdx_layout *l)
{
	u64 mem = 0;
	unsigned int c;

	for (c = 0; c < l->nr_cmrs; c++)
		mem += l->cmrs[c].size;
	return mem / (4 * KiB) * 16 + mem / (2 * MiB) * 16 + mem / GiB * 16;
}

static double mib(u64 b)
{
	return b / (double)MiB;
}

static void run(const struct profile *p)
{
	u64 need[NR_NODES], planned[NR_NODES], reserved = 0, planned_sum = 0;
	struct tdx_plan_stats st = { 0 };
	unsigned int n, short_nodes = 0;
	struct tdx_upstream up;
	struct tdx_layout l;
	struct tdmr_plan plan;
	char why[512] = "";
	u64 need_sum = 0;
	bool one_cmr;
	int ret;

	lay_init(&l, p->name);
	p->setup(&l);
	tdx_upstream_plan(&l, &up);
	ret = tdx_check_layout(&l, PLACE_NODE_TOP, 1, &plan, &st, why,
			       sizeof(why));
	if (ret) {
		printf("%-11s planner failed (%d): %s %s\n", p->name, ret,
		       plan.err, why);
		free(plan.tdmrs);
		lay_free(&l);
		return;
	}
	node_bytes(&plan, need);
	free(plan.tdmrs);

	printf("%-11s %-27s %6u %3u/%-3u %9.1f %9.1f %5.3f  %7llu %7llu %5.3f  %9.1f %5.3f",
	       p->name, p->what, l.nr_mem, st.nr_tdmrs, up.nr_tdmrs,
	       mib(st.pamt_bytes), mib(up.pamt_bytes),
	       (double)st.pamt_bytes / up.pamt_bytes,
	       st.largest_chunk / KiB, up.largest_chunk / KiB,
	       (double)st.largest_chunk / up.largest_chunk,
	       mib(floor_bytes(&l)),
	       (double)st.pamt_bytes / floor_bytes(&l));
	if (up.err)
		printf("  upstream FAILS: %s", up.why);
	printf("\n");

	if (reserve_bytes(&l, planned, &one_cmr)) {
		lay_free(&l);
		return;
	}
	for (n = 0; n < NR_NODES; n++) {
		u64 cma = (planned[n] + CMA_GRANULE - 1) / CMA_GRANULE * CMA_GRANULE;

		reserved += cma;
		planned_sum += planned[n];
		need_sum += need[n];
		if (need[n] > cma)
			short_nodes++;
	}
	printf("%-11s reserve: planned %9.1f MiB, CMA %9.1f MiB, ", "",
	       mib(planned_sum), mib(reserved));
	printf("needed %9.1f MiB, CMA/needed %6.4f, nodes short %u%s\n",
	       mib(need_sum), (double)reserved / need_sum, short_nodes,
	       one_cmr ? " (sized with one CMR)" : "");
	lay_free(&l);
}

/*
 * Reserved areas per TDMR after the PAMT is placed, for each placement
 * (the table's "place" column; see ../tdx_check.h), over 20 seeds: the
 * most any TDMR used, the mean per TDMR, the chunks tdmr_plan_alloc_pamt()
 * placed again, and the runs that failed.  With the module's budget (16)
 * and with a budget of 3, where scattered chunks run out of areas.
 */
static void rsvd_table(const struct profile *p, unsigned int budget)
{
	static const char * const names[PLACE_NR] = {
		[PLACE_NODE_TOP] = "top, by hand",
		[PLACE_RANDOM] = "random, by hand",
		[PLACE_NODE_BOTTOM] = "lowest first",
		[PLACE_POOLED_RANDOM] = "random",
		[PLACE_FRAGMENTED] = "fragmented",
	};
	unsigned int place, seed, max, failed, misplaced, tdmrs;
	struct tdx_plan_stats st;
	struct tdx_layout l;
	char why[512];
	double sum;
	int ret;

	for (place = 0; place < PLACE_NR; place++) {
		max = failed = misplaced = tdmrs = 0;
		sum = 0;
		for (seed = 1; seed <= 20; seed++) {
			lay_init(&l, p->name);
			p->setup(&l);
			if (budget)
				l.limits.max_reserved_per_tdmr = budget;
			ret = tdx_check_layout(&l, place, seed, NULL, &st, why,
					       sizeof(why));
			if (ret && !st.tdmr_gibs) {
				/* The planner found no plan: no placement. */
				printf("%-11s %6u  no plan for this budget (%d)\n",
				       p->name, budget, ret);
				lay_free(&l);
				return;
			} else if (ret) {
				failed++;
			} else {
				max = st.max_rsvd > max ? st.max_rsvd : max;
				sum += st.sum_rsvd;
				tdmrs += st.nr_tdmrs;
			}
			misplaced += st.misplaced;
			lay_free(&l);
		}
		printf("%-11s %6u  %-16s %4u %6.2f %9u %6u/20\n", p->name,
		       budget ? budget : 16, names[place], max,
		       tdmrs ? sum / tdmrs : 0.0, misplaced, failed);
	}
}

int main(void)
{
	unsigned int i;

	printf("PAMT per profile: ours = this planner (every level its own chunk),\n");
	printf("up = upstream 6.8 policy (one chunk per TDMR); ratios ours/up, ours/floor\n");
	printf("%-11s %-27s %6s %7s %9s %9s %5s  %7s %7s %5s  %9s %5s\n",
	       "profile", "", "ranges", "TDMRs", "PAMT MiB", "up MiB",
	       "ratio", "chunk K", "up K", "ratio", "floor MiB", "/flr");
	for (i = 0; i < ARRAY_SIZE(profiles); i++)
		run(&profiles[i]);

	printf("\nReserved areas per TDMR by PAMT placement, 20 seeds each: \"by hand\"\n");
	printf("= a caller placing every level itself; the others = tdmr_plan_alloc_pamt()\n");
	printf("(the kernel's way) over that allocator; max/mean areas per TDMR of the runs\n");
	printf("that validated, chunks placed again, runs failed\n");
	printf("%-11s %6s  %-16s %4s %6s %9s %9s\n", "profile", "budget",
	       "place", "max", "mean", "misplaced", "failed");
	for (i = 0; i < ARRAY_SIZE(profiles); i++) {
		rsvd_table(&profiles[i], 0);
		rsvd_table(&profiles[i], 3);
	}
	return 0;
}
