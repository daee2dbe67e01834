// SPDX-License-Identifier: GPL-2.0
/*
 * Userspace tests of the TDMR/PAMT planner (arch/x86/virt/vmx/tdx/tdmr_plan.c)
 * on synthetic machine layouts.  Every plan is placed (simulated PAMT
 * allocation), given reserved areas and checked by the TDX module model's
 * TDH.SYS.CONFIG validator.  Prints "ok N name" / "not ok N name" per case
 * and "planner: P passed, F failed" at the end; exits non-zero on failure.
 *
 *   ./tdmr_plan_tests [-v] [name-substring]
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <linux/kernel.h>

#include "tdx_check.h"

static unsigned int nr_run, nr_failed;
static const char *only;

/* Reports: one "# ..." line per figure. */
#define note(...) printf("# " __VA_ARGS__)

static void result(bool ok, const char *name, const char *why)
{
	nr_run++;
	if (!ok)
		nr_failed++;
	printf("%sok %u %s\n", ok ? "" : "not ", nr_run, name);
	if (!ok && why && why[0])
		note("  %s\n", why);
	fflush(stdout);
}

/* ---- layouts ------------------------------------------------------------ */

/* A PC-like map below 4 GiB: legacy hole, ACPI/firmware holes, MMIO above 2 GiB. */
static void low_mem(struct tdx_layout *l, int nid)
{
	lay_mem(l, 0, 0x9f000, nid);
	lay_mem(l, 0x100000, 0x6f000000, nid);
	lay_mem(l, 0x6f800000, 0x7b000000, nid);
	lay_mem(l, 0x7b100000, 0x7f000000, nid);
}

static void lay_64g(struct tdx_layout *l)
{
	low_mem(l, 0);
	lay_mem(l, 4 * GiB, 66 * GiB, 0);
	lay_cmr(l, 0, 2 * GiB);
	lay_cmr(l, 4 * GiB, 66 * GiB);
}

static void lay_256g_holes(struct tdx_layout *l)
{
	unsigned int i;
	u64 pos = 0x100000;

	lay_mem(l, 0, 0x9f000, 0);
	/* 24 ranges below 2 GiB, 64 KiB firmware holes between them. */
	for (i = 0; i < 24; i++) {
		lay_mem(l, pos, pos + 80 * MiB, 0);
		pos += 80 * MiB + 64 * KiB;
	}
	/* Above 4 GiB: 10 reserved 2 MiB holes. */
	pos = 4 * GiB;
	for (i = 0; i < 10; i++) {
		lay_mem(l, pos, pos + 25 * GiB, 0);
		pos += 25 * GiB + 2 * MiB;
	}
	lay_mem(l, pos, 258 * GiB, 0);
	lay_cmr(l, 0, 2 * GiB);
	lay_cmr(l, 4 * GiB, 258 * GiB);
}

static void lay_2t_2s(struct tdx_layout *l)
{
	low_mem(l, 0);
	lay_mem(l, 4 * GiB, 1026 * GiB, 0);
	lay_mem(l, 1026 * GiB, 2050 * GiB, 1);
	lay_cmr(l, 0, 2 * GiB);
	lay_cmr(l, 4 * GiB, 2050 * GiB);
}

static void lay_8t_8s(struct tdx_layout *l)
{
	unsigned int n;

	low_mem(l, 0);
	lay_mem(l, 4 * GiB, 1026 * GiB, 0);
	for (n = 1; n < 8; n++)
		lay_mem(l, n * TiB + 2 * GiB, (n + 1) * TiB + 2 * GiB, n);
	lay_cmr(l, 0, 2 * GiB);
	lay_cmr(l, 4 * GiB, 8 * TiB + 2 * GiB);
}

/* Sub-NUMA clustering: 2 sockets x 2 nodes of 256 GiB. */
static void lay_snc2(struct tdx_layout *l)
{
	unsigned int n;

	low_mem(l, 0);
	lay_mem(l, 4 * GiB, 258 * GiB, 0);
	for (n = 1; n < 4; n++)
		lay_mem(l, (258 + 256 * (n - 1)) * GiB, (258 + 256 * n) * GiB, n);
	lay_cmr(l, 0, 2 * GiB);
	lay_cmr(l, 4 * GiB, 1026 * GiB);
}

/* SNC4 on one socket, node boundaries not GiB aligned. */
static void lay_snc4(struct tdx_layout *l)
{
	static const u64 bound[5] = {
		4 * GiB, 68 * GiB + 123 * MiB, 132 * GiB + 700 * MiB,
		196 * GiB + 4 * MiB, 260 * GiB,
	};
	unsigned int n;

	low_mem(l, 0);
	for (n = 0; n < 4; n++)
		lay_mem(l, bound[n], bound[n + 1], n);
	lay_cmr(l, 0, 2 * GiB);
	lay_cmr(l, 4 * GiB, 260 * GiB);
}

/* Memory only above 4 GiB, node boundaries mid-GiB, a few holes. */
static void lay_above4g_unaligned(struct tdx_layout *l)
{
	lay_mem(l, 4 * GiB, 37 * GiB + 512 * MiB, 0);
	lay_mem(l, 37 * GiB + 512 * MiB, 70 * GiB + 300 * MiB, 1);
	lay_mem(l, 70 * GiB + 302 * MiB, 100 * GiB + 900 * MiB, 1);
	lay_mem(l, 100 * GiB + 900 * MiB, 131 * GiB + 4 * KiB, 2);
	lay_cmr(l, 4 * GiB, 132 * GiB);
}

/* 24 usable ranges inside the first GiB, more than 16 slots. */
static void lay_holes_in_1g(struct tdx_layout *l)
{
	unsigned int i;

	for (i = 0; i < 24; i++)
		lay_mem(l, i * 40 * MiB + (i ? 64 * KiB : 0),
			(i + 1) * 40 * MiB, 0);
	lay_mem(l, 4 * GiB, 12 * GiB, 0);
	lay_cmr(l, 0, 1 * GiB);
	lay_cmr(l, 4 * GiB, 12 * GiB);
}

/* The shipped server: 17 usable e820 ranges below 2 GiB. */
static void e820_17(struct tdx_layout *l)
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
}

/*
 * The model's "many-holes" platform profile: 18 usable ranges below 2 GiB
 * separated by 4 MiB reserved ranges, inside one CMR; 2 nodes above 4 GiB.
 */
static void lay_model_many_holes(struct tdx_layout *l)
{
	u64 pos = 0;
	unsigned int i;

	for (i = 0; i < 17; i++) {
		lay_mem(l, pos, (i + 1) * 0x7000000ULL + i * 0x400000ULL, 0);
		pos = (i + 1) * 0x7400000ULL;
	}
	lay_mem(l, pos, 0x80000000ULL, 0);
	lay_mem(l, 0x100000000ULL, 0x1080000000ULL, 0);
	lay_mem(l, 0x1080000000ULL, 0x2000000000ULL, 1);
	lay_cmr(l, 0, 0x80000000ULL);
	lay_cmr(l, 0x100000000ULL, 0x2000000000ULL);
}

static void lay_server17(struct tdx_layout *l)
{
	e820_17(l);
	lay_cmr(l, 0, 0x80000000);
	lay_cmr(l, 4 * GiB, 258 * GiB);
}

static void lay_server17_cmr_per_range(struct tdx_layout *l)
{
	e820_17(l);
	lay_cmrs_from_mem(l);
}

/* @n CMR holes in GiB 0 (exactly @n reserved areas), memory at 4-8 GiB. */
static void cmr_holes_1g(struct tdx_layout *l, unsigned int n)
{
	u64 step = (GiB / n) & ~(64 * KiB - 1);
	unsigned int i;

	/* Hole [0, 4K), then one hole between each pair; ends at 1 GiB. */
	for (i = 0; i < n; i++)
		lay_mem(l, i * step + (i ? 64 * KiB : 4 * KiB),
			i + 1 == n ? GiB : (i + 1) * step, 0);
	lay_mem(l, 4 * GiB, 8 * GiB, 0);
	lay_cmrs_from_mem(l);
}

static void lay_16_cmr_holes(struct tdx_layout *l)
{
	cmr_holes_1g(l, 16);
}

static void lay_17_cmr_holes(struct tdx_layout *l)
{
	cmr_holes_1g(l, 17);
}

static void runs(struct tdx_layout *l, unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		lay_mem(l, (2 * i + 1) * GiB, (2 * i + 2) * GiB, i * 2 / n);
	lay_cmr(l, 0, 2 * n * GiB);
}

static void lay_64_runs(struct tdx_layout *l)
{
	runs(l, 64);
}

static void lay_65_runs(struct tdx_layout *l)
{
	runs(l, 65);
}

/*
 * 65 runs of 1 GiB, 1 GiB apart, gaps outside the CMRs; the first two
 * GiBs with memory are cut into 9 ranges (and CMRs) by 64 KiB CMR holes.
 * Bridging the first gap gives a TDMR with 17 hole areas (8 + the gap + 8),
 * which must split: 65 TDMRs.  Bridging any later gap gives 64.
 */
static void lay_65_runs_cmr_holes(struct tdx_layout *l)
{
	unsigned int i, k;

	for (i = 0; i < 65; i++) {
		u64 base = (2 * i + 1) * GiB;

		if (i >= 2) {
			lay_mem(l, base, base + GiB, 0);
			continue;
		}
		for (k = 0; k < 9; k++) {
			u64 s = base + k * 112 * MiB + (k ? 64 * KiB : 0);
			u64 e = k == 8 ? base + GiB : base + (k + 1) * 112 * MiB;

			lay_mem(l, s, e, 0);
			lay_cmr(l, s, e);
		}
	}
	lay_cmr(l, 5 * GiB, 130 * GiB);
}

/*
 * 8 sockets with SNC4: 32 nodes, each with 60 GiB and then three 1 GiB
 * runs 1 GiB apart (128 runs).  Node-local TDMRs, 64 of them.
 */
static void lay_snc4_8s_sparse(struct tdx_layout *l)
{
	unsigned int n, k;
	u64 pos = 4 * GiB;

	for (n = 0; n < 32; n++) {
		lay_mem(l, pos, pos + 60 * GiB, n);
		pos += 61 * GiB;
		for (k = 0; k < 3; k++) {
			lay_mem(l, pos, pos + GiB, n);
			pos += 2 * GiB;
		}
	}
	lay_cmr(l, 4 * GiB, pos);
}

/*
 * A sparse 4 TiB map: 8 runs of 512 GiB, each followed by 24 runs of
 * 1 GiB with 1..3 GiB gaps (200 runs), two nodes.
 */
static void lay_sparse_4t(struct tdx_layout *l)
{
	unsigned int r, k;
	u64 pos = 4 * GiB;

	for (r = 0; r < 8; r++) {
		lay_mem(l, pos, pos + 512 * GiB, r / 4);
		pos += 513 * GiB;
		for (k = 0; k < 24; k++) {
			lay_mem(l, pos, pos + GiB, r / 4);
			pos += (2 + k % 3) * GiB;
		}
	}
	lay_cmr(l, 4 * GiB, pos);
}

/* The benchmark's sparse map: 1000 runs of 1 GiB, 1..7 GiB gaps. */
static void lay_sparse_1000(struct tdx_layout *l)
{
	unsigned int i;
	u64 pos = 4 * GiB;

	for (i = 0; i < 1000; i++) {
		lay_mem(l, pos, pos + GiB, i < 500 ? 0 : 1);
		pos += GiB * (2 + i % 7);
	}
	lay_cmr(l, 4 * GiB, pos);
}

static void lay_64g_1tdmr(struct tdx_layout *l)
{
	lay_64g(l);
	l->limits.max_tdmrs = 1;
}

static void lay_64g_1rsvd(struct tdx_layout *l)
{
	lay_64g(l);
	l->limits.max_reserved_per_tdmr = 1;
}

/* 3 GiBs with 10 CMR holes each and only 2 TDMRs. */
static void lay_too_few_tdmrs(struct tdx_layout *l)
{
	unsigned int g, i;

	for (g = 0; g < 3; g++)
		for (i = 0; i < 10; i++)
			lay_mem(l, g * GiB + i * 64 * MiB + 4 * KiB,
				g * GiB + (i + 1) * 64 * MiB, 0);
	lay_cmrs_from_mem(l);
	l->limits.max_tdmrs = 2;
}

/*
 * 4 GiBs with 7 CMR hole areas each, then 32 clean GiBs, 8 TDMRs: 2 GiB
 * TDMRs would fit 16 areas but leave no PAMT headroom (budget 8).
 */
static void lay_dense_cmr_holes(struct tdx_layout *l)
{
	unsigned int g, i;

	for (g = 0; g < 4; g++)
		for (i = 0; i < 6; i++)
			lay_mem(l, g * GiB + i * 160 * MiB + 4 * KiB,
				g * GiB + (i + 1) * 160 * MiB, 0);
	lay_mem(l, 16 * GiB, 48 * GiB, 0);
	lay_cmrs_from_mem(l);
	l->limits.max_tdmrs = 8;
}

/* Bad inputs. */
static void bad_unsorted(struct tdx_layout *l)
{
	lay_mem(l, 4 * GiB, 5 * GiB, 0);
	lay_mem(l, 1 * GiB, 2 * GiB, 0);
	lay_cmr(l, 0, 8 * GiB);
}

static void bad_overlap(struct tdx_layout *l)
{
	lay_mem(l, 1 * GiB, 3 * GiB, 0);
	lay_mem(l, 2 * GiB, 4 * GiB, 0);
	lay_cmr(l, 0, 8 * GiB);
}

static void bad_empty(struct tdx_layout *l)
{
	lay_mem(l, 1 * GiB, 1 * GiB, 0);
	lay_cmr(l, 0, 8 * GiB);
}

static void bad_unaligned(struct tdx_layout *l)
{
	lay_mem(l, 1 * GiB + 512, 2 * GiB, 0);
	lay_cmr(l, 0, 8 * GiB);
}

static void bad_beyond(struct tdx_layout *l)
{
	lay_mem(l, 1 * GiB, 2 * GiB, 0);
	lay_mem(l, (1ULL << 52) - GiB, (1ULL << 52) + GiB, 0);
	lay_cmr(l, 0, 8 * GiB);
}

/*
 * Firmware-like CMRs (the first MiB never convertible, the low CMR ending
 * below the 32-bit hole, one per node above 4 GiB with gaps): memblock's
 * list as 6.1 has it, with the first MiB, as tdx_build_memlist() gives it
 * to the planner (tdmr_plan_skip_low()).
 */
static void lay_fw_cmrs(struct tdx_layout *l, bool skip)
{
	low_mem(l, 0);
	lay_mem(l, 4 * GiB, 128 * GiB - 2 * GiB, 0);
	lay_mem(l, 128 * GiB, 256 * GiB - 96 * MiB, 1);
	if (skip)
		l->nr_mem = tdmr_plan_skip_low(l->mem, l->nr_mem);
	lay_cmr(l, 0x100000, 0x7f000000);
	lay_cmr(l, 4 * GiB, 128 * GiB - 2 * GiB);
	lay_cmr(l, 128 * GiB, 256 * GiB - 96 * MiB);
}

static void lay_fw_two_sockets(struct tdx_layout *l)
{
	lay_fw_cmrs(l, true);
}

static void bad_fw_first_mib(struct tdx_layout *l)
{
	lay_fw_cmrs(l, false);
}

/* Sparse remapped high memory: each run its own CMR; SNC2 x 2 sockets. */
static void lay_fw_sparse_snc2(struct tdx_layout *l)
{
	static const u64 run[][2] = {
		{ 4 * GiB, 34 * GiB }, { 36 * GiB, 66 * GiB - 128 * MiB },
		{ 68 * GiB, 130 * GiB }, { 132 * GiB, 196 * GiB - 96 * MiB },
	};
	unsigned int n;

	low_mem(l, 0);
	for (n = 0; n < 4; n++)
		lay_mem(l, run[n][0], run[n][1], n);
	l->nr_mem = tdmr_plan_skip_low(l->mem, l->nr_mem);
	lay_cmr(l, 0x100000, 0x7f000000);
	for (n = 0; n < 4; n++)
		lay_cmr(l, run[n][0], run[n][1]);
}

static void bad_outside_cmr(struct tdx_layout *l)
{
	lay_mem(l, 1 * GiB, 2 * GiB, 0);
	lay_mem(l, 3 * GiB, 5 * GiB, 0);
	lay_cmr(l, 0, 4 * GiB);
}

static void bad_cmr_order(struct tdx_layout *l)
{
	lay_mem(l, 1 * GiB, 2 * GiB, 0);
	lay_cmr(l, 4 * GiB, 8 * GiB);
	lay_cmr(l, 0, 4 * GiB + 4096);
}

static void bad_no_mem(struct tdx_layout *l)
{
	lay_cmr(l, 0, 4 * GiB);
}

static void bad_max_tdmrs(struct tdx_layout *l)
{
	lay_64g(l);
	l->limits.max_tdmrs = 0;
}

static void bad_max_rsvd(struct tdx_layout *l)
{
	lay_64g(l);
	l->limits.max_reserved_per_tdmr = 0;
}

static void bad_entry_size(struct tdx_layout *l)
{
	lay_64g(l);
	l->limits.pamt_entry_size[TDX_PS_2M] = 0;
}

struct tdx_case {
	const char *name;
	void (*setup)(struct tdx_layout *l);
	int err;			/* expected build error */
	const char *msg;		/* expected substring of plan->err */
	unsigned int tdmrs;		/* expected TDMRs (0: don't check) */
	u64 largest;			/* expected largest chunk (0: floor or don't check) */
	bool at_floor;			/* largest chunk must be the floor */
	bool upstream_fails;		/* the upstream policy fails here */
	unsigned int multi_node;	/* max TDMRs spanning nodes */
	bool top_only;			/* only top-down PAMT placement must fit */
};

static const struct tdx_case cases[] = {
	{ "64G one socket", lay_64g, .tdmrs = 64, .at_floor = true },
	/* Pieces [0,2G) and [4G,258G): 5 GiB TDMRs, as 4 GiB would need 65. */
	{ "256G many holes", lay_256g_holes, .tdmrs = 52, .largest = 20 * MiB,
	  .upstream_fails = true },
	{ "2T two sockets", lay_2t_2s, .tdmrs = 64, .largest = 33 * 4 * MiB },
	/* Node-local: 1022 + 7 x 1024 GiB on 63 TDMRs needs 146 GiB TDMRs. */
	{ "8T eight sockets", lay_8t_8s, .tdmrs = 64, .largest = 146 * 4 * MiB },
	{ "SNC2 two sockets 1T", lay_snc2, .tdmrs = 64 },
	{ "SNC4 unaligned node boundaries", lay_snc4, .tdmrs = 53,
	  .at_floor = true, .multi_node = 3 },
	/* Node pieces of 34, 63 and 31 GiB: 3 GiB TDMRs. */
	{ "above 4G, nodes split mid-GiB", lay_above4g_unaligned, .tdmrs = 44,
	  .largest = 12 * MiB, .multi_node = 2 },
	{ "24 usable ranges in one GiB", lay_holes_in_1g, .at_floor = true,
	  .upstream_fails = true },
	/* Pieces of 2, 126 and 128 GiB: 5 GiB TDMRs. */
	{ "17 usable ranges below 2G server", lay_server17, .tdmrs = 53,
	  .largest = 20 * MiB, .upstream_fails = true },
	/* Pieces of 2, 62 and 62 GiB: 2 GiB TDMRs. */
	{ "model profile many-holes (2 x 64G)", lay_model_many_holes,
	  .tdmrs = 63, .largest = 8 * MiB, .upstream_fails = true },
	/* The same with 17 holes below 2 GiB: [0,2G) splits in two. */
	{ "17 ranges below 2G, one CMR per range", lay_server17_cmr_per_range,
	  .tdmrs = 54, .largest = 20 * MiB, .upstream_fails = true },
	{ "exactly 16 CMR holes in one GiB", lay_16_cmr_holes, .tdmrs = 5 },
	{ "17 CMR holes in one GiB", lay_17_cmr_holes, -ENOSPC,
	  "max_reserved_per_tdmr exceeded: TDMR 0 [0x0-0x40000000) needs 17 reserved areas for holes outside CMRs in one GiB, limit 16",
	},
	/* 1 GiB TDMRs for the dense part keep PAMT headroom: 4 + 4 x 8 GiB. */
	{ "dense CMR holes: split for PAMT headroom", lay_dense_cmr_holes,
	  .tdmrs = 8, .largest = 32 * MiB, .upstream_fails = true },
	{ "exactly max_tdmrs runs", lay_64_runs, .tdmrs = 64, .at_floor = true },
	/* One 1 GiB gap bridged: TDMRs of 3 GiB (the bridged one) and 1 GiB. */
	{ "max_tdmrs + 1 runs (one gap bridged)", lay_65_runs, .tdmrs = 64,
	  .largest = 12 * MiB, .upstream_fails = true },
	/* Was "max_tdmrs exceeded: 65 TDMRs needed": one 3 GiB TDMR. */
	{ "65 runs, CMR holes where the first gap is bridged",
	  lay_65_runs_cmr_holes, .tdmrs = 64, .largest = 12 * MiB,
	  .upstream_fails = true },
	/* 2 TDMRs per node, 33 + 32 GiB (was 66 GiB). */
	{ "8 sockets SNC4, 128 runs", lay_snc4_8s_sparse, .tdmrs = 64,
	  .largest = 33 * 4 * MiB, .upstream_fails = true },
	/* 73 GiB TDMRs (was 519 GiB: 56 TDMRs for the small runs). */
	{ "sparse 4T, 200 runs", lay_sparse_4t, .tdmrs = 64,
	  .largest = 73 * 4 * MiB, .upstream_fails = true },
	{ "sparse 1000 runs", lay_sparse_1000, .tdmrs = 64,
	  .largest = 76 * 4 * MiB, .upstream_fails = true },
	{ "max_tdmrs 1", lay_64g_1tdmr, .tdmrs = 1, .upstream_fails = true },
	/* One area: PAMT must be allocated back to back (top-down here). */
	{ "max_reserved_per_tdmr 1", lay_64g_1rsvd, .tdmrs = 64,
	  .at_floor = true, .upstream_fails = true, .top_only = true },
	{ "too few TDMRs for CMR holes", lay_too_few_tdmrs, -ENOSPC,
	  "max_tdmrs exceeded: 3 TDMRs needed (holes outside CMRs force splits), limit 2 (max_tdmrs 2, buffer 2)",
	},
	/* 1 + 122 + 128 GiBs, node-local: 4 GiB TDMRs. */
	{ "firmware CMRs, first MiB skipped, 2 sockets", lay_fw_two_sockets },
	{ "firmware CMRs, sparse remapped SNC2", lay_fw_sparse_snc2 },
	{ "bad: first MiB against firmware CMRs", bad_fw_first_mib, -EINVAL,
	  "memory range 0 [0x0-0x9f000) is not inside the CMRs",
	},
	{ "bad: unsorted ranges", bad_unsorted, -EINVAL,
	  "memory range 1 [0x40000000-0x80000000) overlaps or precedes range 0 (ends at 0x140000000)",
	},
	{ "bad: overlapping ranges", bad_overlap, -EINVAL,
	  "memory range 1 [0x80000000-0x100000000) overlaps or precedes range 0 (ends at 0xc0000000)",
	},
	{ "bad: empty range", bad_empty, -EINVAL,
	  "memory range 0 [0x40000000-0x40000000) is empty, not 4 KiB aligned or beyond 0x10000000000000",
	},
	{ "bad: unaligned range", bad_unaligned, -EINVAL,
	  "memory range 0 [0x40000200-0x80000000) is empty, not 4 KiB aligned or beyond 0x10000000000000",
	},
	{ "bad: range beyond 52 bits", bad_beyond, -EINVAL,
	  "memory range 1 [0xfffffc0000000-0x10000040000000) is empty, not 4 KiB aligned or beyond 0x10000000000000",
	},
	{ "bad: memory outside CMRs", bad_outside_cmr, -EINVAL,
	  "memory range 1 [0xc0000000-0x140000000) is not inside the CMRs",
	},
	{ "bad: CMRs out of order", bad_cmr_order, -EINVAL,
	  "CMR 1 [0x0-0x100001000) is unaligned, beyond 0x10000000000000, or not above the previous CMR",
	},
	{ "bad: no memory", bad_no_mem, -EINVAL, "no TDX memory to cover" },
	{ "bad: max_tdmrs 0", bad_max_tdmrs, -EINVAL,
	  "bad limits: max_tdmrs 0 (buffer 1), max_reserved_per_tdmr 16, PAMT entry sizes 16/16/16",
	},
	{ "bad: max_reserved_per_tdmr 0", bad_max_rsvd, -EINVAL,
	  "bad limits: max_tdmrs 64 (buffer 64), max_reserved_per_tdmr 0, PAMT entry sizes 16/16/16",
	},
	{ "bad: PAMT entry size 0", bad_entry_size, -EINVAL,
	  "bad limits: max_tdmrs 64 (buffer 64), max_reserved_per_tdmr 16, PAMT entry sizes 16/0/16",
	},
};

static u64 div_up(u64 a, u64 b)
{
	return (a + b - 1) / b;
}

static void run_case(const struct tdx_case *c)
{
	static const enum tdx_place places[] = {
		PLACE_NODE_TOP, PLACE_NODE_BOTTOM, PLACE_POOLED_RANDOM,
		PLACE_FRAGMENTED,
	};
	struct tdx_plan_stats st, st0 = { 0 };
	struct tdx_upstream up;
	struct tdx_layout l;
	struct tdmr_plan plan;
	char why[512] = "";
	unsigned int p;
	bool ok = true;
	u64 floor;
	int ret;

	lay_init(&l, c->name);
	c->setup(&l);
	if (l.limits.max_tdmrs == 0)
		l.capacity = 1;
	tdx_upstream_plan(&l, &up);

	for (p = 0; p < (c->top_only ? 1 : ARRAY_SIZE(places)) && ok; p++) {
		ret = tdx_check_layout(&l, places[p], 1 + p, &plan, &st, why,
				       sizeof(why));
		if (ret == -1) {
			ok = false;
		} else if (c->err) {
			if (ret != c->err || strcmp(plan.err, c->msg)) {
				snprintf(why, sizeof(why),
					 "expected %d '%s', got %d '%s'", c->err,
					 c->msg, ret, plan.err);
				ok = false;
			}
		} else if (ret) {
			snprintf(why, sizeof(why), "failed %d: %s", ret, plan.err);
			ok = false;
		} else if (p == 0) {
			st0 = st;
		}
		free(plan.tdmrs);
		if (c->err)
			break;
	}

	if (ok && !c->err) {
		floor = 4 * MiB * div_up(up.tdmr_gibs, l.limits.max_tdmrs);
		if (c->tdmrs && st0.nr_tdmrs != c->tdmrs) {
			snprintf(why, sizeof(why), "%u TDMRs, expected %u",
				 st0.nr_tdmrs, c->tdmrs);
			ok = false;
		} else if (c->largest && st0.largest_chunk != c->largest) {
			snprintf(why, sizeof(why), "largest chunk %llu KiB, expected %llu KiB",
				 st0.largest_chunk / KiB, c->largest / KiB);
			ok = false;
		} else if (c->at_floor && st0.largest_chunk != floor) {
			snprintf(why, sizeof(why), "largest chunk %llu KiB, floor %llu KiB",
				 st0.largest_chunk / KiB, floor / KiB);
			ok = false;
		} else if (st0.largest_chunk < floor) {
			snprintf(why, sizeof(why),
				 "largest chunk %llu KiB below the floor %llu KiB?",
				 st0.largest_chunk / KiB, floor / KiB);
			ok = false;
		} else if (st0.multi_node > c->multi_node) {
			snprintf(why, sizeof(why), "%u TDMRs span nodes, expected at most %u",
				 st0.multi_node, c->multi_node);
			ok = false;
		} else if (c->upstream_fails != !!up.err) {
			snprintf(why, sizeof(why), "upstream policy %s, expected %s",
				 up.err ? up.why : "succeeds",
				 c->upstream_fails ? "failure" : "success");
			ok = false;
		} else if (up.nr_tdmrs <= l.limits.max_tdmrs &&
			   (st0.tdmr_gibs != up.tdmr_gibs ||
			    st0.pamt_bytes > up.pamt_bytes +
				3 * 4 * KiB * st0.nr_tdmrs)) {
			/* Same GiBs covered: PAMT differs by rounding only. */
			snprintf(why, sizeof(why),
				 "covers %llu GiB (upstream %llu), PAMT %llu KiB (upstream %llu KiB)",
				 st0.tdmr_gibs, up.tdmr_gibs, st0.pamt_bytes / KiB,
				 up.pamt_bytes / KiB);
			ok = false;
		}
		note("%s: %u TDMRs, PAMT %llu KiB, largest chunk %llu KiB (floor %llu KiB), ",
		     c->name, st0.nr_tdmrs, st0.pamt_bytes / KiB,
		     st0.largest_chunk / KiB, floor / KiB);
		printf("max %u reserved areas, %u TDMRs span nodes; ",
		       st0.max_rsvd, st0.multi_node);
		printf("upstream: %u TDMRs, PAMT %llu KiB, largest chunk %llu KiB, ",
		       up.nr_tdmrs, up.pamt_bytes / KiB, up.largest_chunk / KiB);
		printf("%u holes in a TDMR%s%s\n", up.max_holes,
		       up.err ? ", FAILS: " : "", up.err ? up.why : "");
	}
	result(ok, c->name, why);
	lay_free(&l);
}

/* tdmr_pamt_level_size() against the reference over a wide range. */
static void test_pamt_reference(void)
{
	static const unsigned int entry[] = { 1, 8, 16, 24, 100, 4096, 65535 };
	unsigned long long rng = 42;
	char why[256] = "";
	unsigned int e, lvl, n = 0;
	bool ok = true;
	u64 g, size;

	for (e = 0; e < ARRAY_SIZE(entry) && ok; e++) {
		for (g = 1; g <= (1ULL << 22) && ok; g = g < 4096 ? g + 1 : g * 2 + (g & 1)) {
			for (lvl = 0; lvl < TDX_PS_NR && ok; lvl++) {
				u64 got, ref;

				size = g * GiB;
				got = tdmr_pamt_level_size(size, lvl, entry[e]);
				ref = tdx_ref_pamt_level(size, lvl, entry[e]);
				n++;
				if (got != ref) {
					snprintf(why, sizeof(why),
						 "%llu GiB level %u entry %u: %llu, reference %llu",
						 g, lvl, entry[e], got, ref);
					ok = false;
				}
			}
		}
	}
	for (e = 0; e < 100000 && ok; e++) {
		u64 got, ref;
		unsigned int es = 1 + tdx_rand(&rng) % 256;

		size = (1 + tdx_rand(&rng) % ((1ULL << 22) - 1)) * GiB;
		lvl = tdx_rand(&rng) % TDX_PS_NR;
		got = tdmr_pamt_level_size(size, lvl, es);
		ref = tdx_ref_pamt_level(size, lvl, es);
		n++;
		if (got != ref) {
			snprintf(why, sizeof(why),
				 "%llu GiB level %u entry %u: %llu, reference %llu",
				 size / GiB, lvl, es, got, ref);
			ok = false;
		}
	}
	/* The documented figures for a 1 GiB TDMR: 4 MiB, 8 KiB, 4 KiB. */
	if (ok && (tdmr_pamt_level_size(GiB, TDX_PS_4K, 16) != 4 * MiB ||
		   tdmr_pamt_level_size(GiB, TDX_PS_2M, 16) != 8 * KiB ||
		   tdmr_pamt_level_size(GiB, TDX_PS_1G, 16) != 4 * KiB)) {
		snprintf(why, sizeof(why), "1 GiB TDMR is not 4 MiB + 8 KiB + 4 KiB");
		ok = false;
	}
	note("PAMT size reference: %u sizes compared\n", n);
	result(ok, "PAMT size vs reference formula, 1 GiB..4 PiB", why);
}

/* The same input gives the same plan, byte for byte. */
/*
 * PAMT scattered by the allocator over TDMRs with few reserved areas: with
 * random spots and with the lowest free aligned range between pinned pages,
 * 50 seeds each, tdmr_plan_alloc_pamt() must place every chunk within the
 * budget, and chunks must have landed where they did not fit (else this
 * tests nothing).
 */
static void test_pamt_budget(void)
{
	static const struct {
		void (*setup)(struct tdx_layout *l);
		unsigned int max_rsvd;
	} lays[] = {
		{ lay_64g, 2 }, { lay_2t_2s, 2 }, { lay_256g_holes, 3 },
		{ lay_snc4, 2 },
	};
	static const enum tdx_place places[] = {
		PLACE_POOLED_RANDOM, PLACE_FRAGMENTED,
	};
	unsigned int i, p, seed, runs = 0, misplaced = 0;
	struct tdx_plan_stats st;
	int ret;
	struct tdx_layout l;
	char why[512] = "";
	bool ok = true;

	for (i = 0; i < ARRAY_SIZE(lays) && ok; i++) {
		for (p = 0; p < ARRAY_SIZE(places) && ok; p++) {
			for (seed = 1; seed <= 50 && ok; seed++) {
				lay_init(&l, "budget");
				lays[i].setup(&l);
				l.limits.max_reserved_per_tdmr = lays[i].max_rsvd;
				ret = tdx_check_layout(&l, places[p], seed, NULL,
						       &st, why, sizeof(why));
				if (ret) {
					ok = false;
					snprintf(why + strlen(why),
						 sizeof(why) - strlen(why),
						 " (returned %d: layout %u, place %d, seed %u)",
						 ret, i, places[p], seed);
				}
				misplaced += st.misplaced;
				runs++;
				lay_free(&l);
			}
		}
	}
	note("PAMT within 2-3 reserved areas per TDMR: %u runs, %u chunks placed again\n",
	     runs, misplaced);
	if (ok && !misplaced) {
		snprintf(why, sizeof(why), "no chunk landed where it did not fit");
		ok = false;
	}
	result(ok, "PAMT placement within a small reserved-area budget", why);
}

static void test_deterministic(void)
{
	struct tdmr_plan a = { 0 }, b = { 0 };
	struct tdx_layout l;
	bool ok;

	lay_init(&l, "det");
	lay_snc4(&l);
	a.capacity = 64;
	b.capacity = 64;
	a.tdmrs = calloc(64, sizeof(*a.tdmrs));
	b.tdmrs = calloc(64, sizeof(*b.tdmrs));
	ok = !tdmr_plan_build(l.mem, l.nr_mem, l.cmrs, l.nr_cmrs, &l.limits, &a) &&
	     !tdmr_plan_build(l.mem, l.nr_mem, l.cmrs, l.nr_cmrs, &l.limits, &b) &&
	     a.nr_tdmrs == b.nr_tdmrs &&
	     !memcmp(a.tdmrs, b.tdmrs, a.nr_tdmrs * sizeof(*a.tdmrs));
	result(ok, "deterministic", ok ? "" : "two builds differ");
	free(a.tdmrs);
	free(b.tdmrs);
	lay_free(&l);
}

/* set_reserved input errors, with their messages. */
static bool err_is(const struct tdmr_plan *plan, int ret, int want,
		   const char *msg, char *why, size_t len)
{
	if (ret == want && !strcmp(plan->err, msg))
		return true;
	snprintf(why, len, "expected %d '%s', got %d '%s'", want, msg, ret,
		 plan->err);
	return false;
}

static void test_set_reserved_errors(void)
{
	struct tdx_plan_stats st;
	struct tdmr_plan plan;
	struct tdx_layout l;
	char why[512] = "";
	bool ok = true;
	int ret;

	lay_init(&l, "sr");
	lay_64g(&l);
	ret = tdx_check_layout(&l, PLACE_NODE_TOP, 1, &plan, &st, why, sizeof(why));
	if (ret) {
		ok = false;
	} else {
		plan.tdmrs[3].pamt_base[TDX_PS_2M] += 2048;
		ret = tdmr_plan_set_reserved(l.cmrs, l.nr_cmrs, &l.limits, &plan);
		if (ret != -EINVAL || !strstr(plan.err, "TDMR 3: PAMT 2M [") ||
		    !strstr(plan.err, "is empty, unaligned, in the first MiB or not inside a CMR")) {
			snprintf(why, sizeof(why), "unaligned: %d '%s'", ret, plan.err);
			ok = false;
		}
		plan.tdmrs[3].pamt_base[TDX_PS_2M] = 3 * GiB;	/* MMIO */
		ret = tdmr_plan_set_reserved(l.cmrs, l.nr_cmrs, &l.limits, &plan);
		if (ok)
			ok = err_is(&plan, ret, -EINVAL,
				    "TDMR 3: PAMT 2M [0xc0000000-0xc0002000) is empty, unaligned, in the first MiB or not inside a CMR",
				    why, sizeof(why));
		/* The first MiB is in the CMRs here, but never TDX memory. */
		plan.tdmrs[3].pamt_base[TDX_PS_2M] = 0x1000;
		ret = tdmr_plan_set_reserved(l.cmrs, l.nr_cmrs, &l.limits, &plan);
		if (ok)
			ok = err_is(&plan, ret, -EINVAL,
				    "TDMR 3: PAMT 2M [0x1000-0x3000) is empty, unaligned, in the first MiB or not inside a CMR",
				    why, sizeof(why));
		free(plan.tdmrs);
	}
	result(ok, "set_reserved: bad PAMT placement messages", why);
	lay_free(&l);

	/* 16 holes in GiB 0 fill every area: a PAMT inside it is one too many. */
	ok = true;
	lay_init(&l, "sr16");
	lay_16_cmr_holes(&l);
	ret = tdx_check_layout(&l, PLACE_NODE_TOP, 1, &plan, &st, why, sizeof(why));
	if (ret) {
		ok = false;
	} else {
		plan.tdmrs[2].pamt_base[TDX_PS_1G] = 0x2000000;
		ret = tdmr_plan_set_reserved(l.cmrs, l.nr_cmrs, &l.limits, &plan);
		ok = err_is(&plan, ret, -ENOSPC,
			    "max_reserved_per_tdmr exceeded: TDMR 0 [0x0-0x40000000) needs 17 reserved areas (16 holes outside CMRs, 1 PAMT ranges), limit 16",
			    why, sizeof(why));
		free(plan.tdmrs);
	}
	result(ok, "set_reserved: PAMT in a full TDMR names TDMR and counts", why);
	lay_free(&l);
}

/* Random layouts and limits: a clean error or a plan the validator accepts. */
/* GiB 0 in @n runs, each followed by a 64 KiB hole: the last at its end. */
static void lay_tail_holes(struct tdx_layout *l, unsigned int n, bool gen_1_0)
{
	u64 step = (GiB / n) & ~(64 * KiB - 1);
	unsigned int i;

	for (i = 0; i < n; i++)
		lay_mem(l, i * step, (i + 1 == n ? GiB : (i + 1) * step) - 64 * KiB, 0);
	lay_mem(l, 4 * GiB, 8 * GiB, 0);
	lay_cmrs_from_mem(l);
	l->limits.gen_1_0 = gen_1_0;
}

/* Plan @l, PAMT top-down from 8 GiB, and run the validator as @gen_1_0. */
static int plan_and_validate(struct tdx_layout *l, bool gen_1_0, u64 *status)
{
	struct tdx_model_config_limits vlim = {
		.max_pa = 52, .hkid_start_bit = 52, .pamt_entry_size = 16,
		.gen_1_0 = gen_1_0,
	};
	const struct tdx_tdmr_info *ptrs[TDX_MAX_TDMRS];
	static struct tdx_tdmr_info infos[TDX_MAX_TDMRS];
	struct tdmr_plan plan = { 0 };
	unsigned int t, lvl;
	u64 top = 8 * GiB;
	int ret;

	plan.capacity = TDX_MAX_TDMRS;
	plan.tdmrs = calloc(plan.capacity, sizeof(*plan.tdmrs));
	ret = tdmr_plan_build(l->mem, l->nr_mem, l->cmrs, l->nr_cmrs,
			      &l->limits, &plan);
	if (!ret) {
		for (t = 0; t < plan.nr_tdmrs; t++)
			for (lvl = 0; lvl < TDX_PS_NR; lvl++) {
				top -= plan.tdmrs[t].pamt_size[lvl];
				plan.tdmrs[t].pamt_base[lvl] = top;
			}
		ret = tdmr_plan_set_reserved(l->cmrs, l->nr_cmrs, &l->limits,
					     &plan);
	}
	if (!ret) {
		for (t = 0; t < plan.nr_tdmrs; t++) {
			tdmr_plan_to_info(&plan.tdmrs[t], &infos[t]);
			ptrs[t] = &infos[t];
		}
		*status = tdx_model_validate_tdmrs(ptrs, plan.nr_tdmrs, l->cmrs,
						   l->nr_cmrs, &vlim);
	}
	free(plan.tdmrs);
	return ret;
}

/*
 * TDX 1.0 rejects a TDMR whose 16 reserved areas are all used when the last
 * ends at the TDMR end outside the CMRs; 1.5 accepts it.  The planner,
 * told it serves 1.0, never emits one.
 */
static void test_gen_1_0_tail(void)
{
	struct tdx_layout l;
	char why[256] = "";
	u64 st15 = 1, st10 = 1;
	bool ok = true;
	int ret;

	lay_init(&l, "tail 1.5");
	lay_tail_holes(&l, 16, false);
	ret = plan_and_validate(&l, false, &st15);
	if (!ret)
		plan_and_validate(&l, true, &st10);
	if (ret || st15 != TDX_SUCCESS ||
	    st10 != (TDX_TDMR_OUTSIDE_CMRS | 0)) {
		ok = false;
		snprintf(why, sizeof(why),
			 "1.5 plan: ret %d, 1.5 validator 0x%llx, 1.0 validator 0x%llx",
			 ret, (unsigned long long)st15,
			 (unsigned long long)st10);
	}
	lay_free(&l);

	lay_init(&l, "tail 1.0");
	lay_tail_holes(&l, 16, true);
	ret = plan_and_validate(&l, true, &st10);
	if (ok && ret != -ENOSPC) {
		ok = false;
		snprintf(why, sizeof(why), "1.0 planner: ret %d, want -ENOSPC", ret);
	}
	lay_free(&l);

	lay_init(&l, "tail 1.0, 15 holes");
	lay_tail_holes(&l, 15, true);
	st10 = 1;
	ret = plan_and_validate(&l, true, &st10);
	if (ok && (ret || st10 != TDX_SUCCESS)) {
		ok = false;
		snprintf(why, sizeof(why),
			 "1.0 planner, 15 holes: ret %d, 1.0 validator 0x%llx",
			 ret, (unsigned long long)st10);
	}
	lay_free(&l);
	result(ok, "TDX 1.0 TDMR tail rule: planner and validator by generation",
	       why);
}

static void test_random(unsigned int n)
{
	unsigned int i, good = 0, einval = 0, enospc = 0;
	unsigned int misplaced = 0, placed_full = 0;
	unsigned long long rng = 2026;
	unsigned char buf[600];
	char why[512] = "";
	bool ok = true;

	for (i = 0; i < n && ok; i++) {
		struct tdx_plan_stats st;
		struct tdmr_plan plan;
		unsigned long long seed;
		enum tdx_place place;
		struct tdx_layout l;
		unsigned int k;
		int ret;

		for (k = 0; k < sizeof(buf); k++)
			buf[k] = tdx_rand(&rng);
		tdx_layout_from_bytes(&l, buf, sizeof(buf), &place, &seed);
		ret = tdx_check_layout(&l, place, seed, &plan, &st, why, sizeof(why));
		free(plan.tdmrs);
		if (ret == 0) {
			good++;
		} else if (ret == -EINVAL) {
			einval++;
		} else if (ret == -ENOSPC && st.place_err == -ENOSPC) {
			/* Where tdx_check_layout() finds it fair. */
			placed_full++;
		} else if (ret == -ENOSPC) {
			enospc++;
		} else {
			ok = false;
		}
		misplaced += st.misplaced;
		lay_free(&l);
	}
	note("random layouts: %u planned and validated, %u -EINVAL, %u -ENOSPC from the planner or a caller placing PAMT itself, %u from tdmr_plan_alloc_pamt() where holes fill a TDMR and no node's PAMT fits at its top either; %u PAMT chunks landed where they did not fit and were placed again\n",
	     good, einval, enospc, placed_full, misplaced);
	result(ok && good > n / 4, "random layouts: clean error or validated plan", why);
}

/* ---- exhaustive reference on small layouts ------------------------------ */

/*
 * An independent solver for the TDMR choice, by dynamic programming over
 * every 1 GiB boundary (every set of TDMRs is considered), with the rules
 * stated in tdmr_plan.h/.c written out again: a TDMR is 1 GiB aligned;
 * holes outside the CMRs need one reserved area per group with no TDX
 * memory between them; at most the hole budget of the mode, or every usable
 * area for a 1 GiB TDMR; node-local modes keep a TDMR's memory on one node;
 * modes without bridging keep a TDMR inside a run of GiBs with memory.
 * The modes are tried in the planner's documented order and the first that
 * fits wins; within it, the smallest largest TDMR.  Layouts: up to
 * REF_GIBS GiBs in 128 MiB units, one node per GiB.
 */
#define REF_GIBS	12
#define REF_UNIT	(128 * MiB)
#define REF_UNITS	(GiB / REF_UNIT)

static bool ref_mem_in(const struct tdx_layout *l, u64 s, u64 e)
{
	unsigned int i;

	for (i = 0; i < l->nr_mem; i++)
		if (l->mem[i].start < e && l->mem[i].end > s)
			return true;
	return false;
}

/* Reserved areas the holes outside the CMRs need in [a, b). */
static unsigned int ref_areas(const struct tdx_layout *l, u64 a, u64 b)
{
	u64 hs[TDX_MAX_CMRS + 9], he[TDX_MAX_CMRS + 9];
	u64 pos = a, last_end = 0;
	unsigned int c, nh = 0, i, n = 0;

	for (c = 0; c < l->nr_cmrs; c++) {
		u64 cb = l->cmrs[c].base, ce = cb + l->cmrs[c].size;

		if (!l->cmrs[c].size || ce <= pos)
			continue;
		if (cb >= b)
			break;
		if (cb > pos) {
			hs[nh] = pos;
			he[nh++] = cb;
		}
		pos = ce;
	}
	if (pos < b) {
		hs[nh] = pos;
		he[nh++] = b;
	}
	for (i = 0; i < nh; i++) {
		if (!i || ref_mem_in(l, last_end, hs[i]))
			n++;
		last_end = he[i];
	}
	return n;
}

struct ref_result {
	bool fits;
	u64 largest;		/* bytes */
	unsigned int budget;	/* hole budget of the mode used */
	bool bridged;		/* the mode may bridge gaps */
};

/* Smallest number of TDMRs of at most @s GiBs under the mode, by DP. */
static unsigned int ref_min_tdmrs(const struct tdx_layout *l, unsigned int gibs,
				  const bool *has_mem, const int *nid,
				  const unsigned int (*areas)[REF_GIBS + 1],
				  bool bridge, bool node, unsigned int budget,
				  unsigned int max_rsvd, unsigned int s)
{
	unsigned int f[REF_GIBS + 1], a, b, g;

	f[0] = 0;
	for (b = 1; b <= gibs; b++) {
		f[b] = has_mem[b - 1] ? UINT_MAX : f[b - 1];
		for (a = b; a-- > 0;) {
			int n = -1;
			bool ok = b - a <= s && f[a] != UINT_MAX;

			for (g = a; g < b && ok; g++) {
				if (!has_mem[g]) {
					ok = bridge;
					continue;
				}
				if (node && n >= 0 && nid[g] != n)
					ok = false;
				n = nid[g];
			}
			if (ok && (areas[a][b] <= budget ||
				   (b - a == 1 && areas[a][b] <= max_rsvd)) &&
			    f[a] + 1 < f[b])
				f[b] = f[a] + 1;
		}
	}
	return f[gibs];
}

static void ref_plan(const struct tdx_layout *l, unsigned int gibs,
		     const bool *has_mem, const int *nid, struct ref_result *r)
{
	unsigned int cap = l->capacity ? l->capacity : l->limits.max_tdmrs;
	unsigned int max_tdmrs = min(l->limits.max_tdmrs, cap);
	unsigned int max_rsvd = min(l->limits.max_reserved_per_tdmr, 16U);
	static unsigned int areas[REF_GIBS + 1][REF_GIBS + 1];
	unsigned int a, b, m, s;

	if (l->limits.gen_1_0 && max_rsvd == 16)
		max_rsvd = 15;
	for (a = 0; a < gibs; a++)
		for (b = a + 1; b <= gibs; b++)
			areas[a][b] = ref_areas(l, a * GiB, b * GiB);
	memset(r, 0, sizeof(*r));
	/* Modes: no bridging first; PAMT headroom; node-local. */
	for (m = 0; m < 8; m++) {
		bool bridge = m & 4, node = !(m & 1);
		unsigned int budget = m & 2 ? max_rsvd : max_rsvd - max_rsvd / 2;

		for (s = 1; s <= gibs; s++) {
			if (ref_min_tdmrs(l, gibs, has_mem, nid, areas, bridge,
					  node, budget, max_rsvd, s) <= max_tdmrs) {
				r->fits = true;
				r->largest = s * GiB;
				r->budget = budget;
				r->bridged = bridge;
				return;
			}
		}
	}
}

/* A random small layout in 128 MiB units: outside CMRs, CMR only, memory. */
static unsigned int ref_layout(struct tdx_layout *l, unsigned long long *rng,
			       bool *has_mem, int *nid)
{
	unsigned int gibs = 2 + tdx_rand(rng) % (REF_GIBS - 1);
	unsigned int p_empty = tdx_rand(rng) % 60, p_hole = tdx_rand(rng) % 40;
	bool nodes = tdx_rand(rng) & 1;
	unsigned int g, u, state, prev = 0;
	u64 cmr_start = 0;

	lay_init(l, "reference");
	for (g = 0; g < gibs; g++) {
		bool empty = tdx_rand(rng) % 100 < p_empty;

		nid[g] = nodes ? tdx_rand(rng) % 3 : 0;
		has_mem[g] = false;
		for (u = 0; u < REF_UNITS; u++) {
			u64 at = g * GiB + u * REF_UNIT;

			if (tdx_rand(rng) % 100 < p_hole)
				state = 0;	/* outside the CMRs */
			else if (empty || tdx_rand(rng) % 4 == 0)
				state = 1;	/* in a CMR, not TDX memory */
			else
				state = 2;
			if (state && !prev)
				cmr_start = at;
			if (!state && prev)
				lay_cmr(l, cmr_start, at);
			if (state == 2) {
				has_mem[g] = true;
				if (l->nr_mem && l->mem[l->nr_mem - 1].end == at &&
				    l->mem[l->nr_mem - 1].nid == nid[g])
					l->mem[l->nr_mem - 1].end += REF_UNIT;
				else
					lay_mem(l, at, at + REF_UNIT, nid[g]);
			}
			prev = state;
		}
	}
	if (prev)
		lay_cmr(l, cmr_start, gibs * GiB);
	lay_cmr(l, 1ULL << 51, (1ULL << 51) + (1ULL << 47));	/* PAMT pool */
	l->limits.max_tdmrs = 1 + tdx_rand(rng) % 6;
	l->limits.max_reserved_per_tdmr = tdx_rand(rng) % 8 ? 1 + tdx_rand(rng) % 6 : 16;
	l->limits.gen_1_0 = tdx_rand(rng) & 1;
	if (tdx_rand(rng) % 4 == 0)
		l->capacity = l->limits.max_tdmrs + tdx_rand(rng) % 3;
	return gibs;
}

/*
 * The planner against the reference: the same verdict, the same smallest
 * largest TDMR and mode budget, and a plan the validator accepts.
 */
static void test_reference(unsigned int n)
{
	unsigned int i, fit = 0, nofit = 0, bridged = 0;
	unsigned long long rng = 15;
	char why[512] = "";
	bool ok = true;

	for (i = 0; i < n && ok; i++) {
		bool has_mem[REF_GIBS];
		int nid[REF_GIBS];
		struct tdx_plan_stats st;
		struct tdmr_plan plan = { 0 };
		struct ref_result r;
		struct tdx_layout l;
		unsigned int gibs, t;
		u64 largest = 0, covered = 0;
		int ret;

		gibs = ref_layout(&l, &rng, has_mem, nid);
		if (!l.nr_mem) {
			lay_free(&l);
			continue;
		}
		ref_plan(&l, gibs, has_mem, nid, &r);
		plan.capacity = l.capacity ? l.capacity : l.limits.max_tdmrs;
		plan.tdmrs = calloc(plan.capacity, sizeof(*plan.tdmrs));
		ret = tdmr_plan_build(l.mem, l.nr_mem, l.cmrs, l.nr_cmrs,
				      &l.limits, &plan);
		for (t = 0; !ret && t < plan.nr_tdmrs; t++) {
			largest = max(largest, plan.tdmrs[t].size);
			covered += plan.tdmrs[t].size / GiB;
		}
		if (ret && ret != -ENOSPC) {
			snprintf(why, sizeof(why), "layout %u: planner %d '%s'",
				 i, ret, plan.err);
			ok = false;
		} else if (!ret != r.fits) {
			snprintf(why, sizeof(why),
				 "layout %u: planner %s '%s', reference %s",
				 i, ret ? "fails" : "fits", plan.err,
				 r.fits ? "fits" : "finds no plan");
			ok = false;
		} else if (!ret && (largest != r.largest ||
				    plan.hole_budget != r.budget ||
				    plan.bridged != r.bridged)) {
			snprintf(why, sizeof(why),
				 "layout %u: largest TDMR %llu GiB (budget %u%s), reference %llu GiB (budget %u%s)",
				 i, largest / GiB, plan.hole_budget,
				 plan.bridged ? ", bridging" : "",
				 r.largest / GiB, r.budget,
				 r.bridged ? ", bridging" : "");
			ok = false;
		} else if (!ret && tdx_check_layout(&l, PLACE_NODE_TOP, i, NULL,
						    &st, why, sizeof(why)) == -1) {
			ok = false;
		}
		if (!ok && tdx_check_verbose)
			tdx_dump_plan(&plan);
		if (!ret) {
			fit++;
			for (t = 0; t < gibs; t++)
				covered -= has_mem[t];
			bridged += covered > 0;
		} else {
			nofit++;
		}
		free(plan.tdmrs);
		lay_free(&l);
	}
	note("reference: %u layouts fit (%u with gaps bridged), %u fit nowhere\n",
	     fit, bridged, nofit);
	result(ok, "planner vs exhaustive reference: same verdict, same largest TDMR",
	       why);
}

int main(int argc, char **argv)
{
	unsigned int i;

	for (i = 1; i < (unsigned int)argc; i++) {
		if (!strcmp(argv[i], "-v"))
			tdx_check_verbose = true;
		else
			only = argv[i];
	}
	printf("TAP version 13\n");
	for (i = 0; i < ARRAY_SIZE(cases); i++)
		if (!only || strstr(cases[i].name, only))
			run_case(&cases[i]);
	if (!only) {
		test_pamt_reference();
		test_deterministic();
		test_set_reserved_errors();
		test_gen_1_0_tail();
		test_pamt_budget();
		test_random(3000);
		test_reference(20000);
	}
	printf("1..%u\n", nr_run);
	printf("planner: %u passed, %u failed\n", nr_run - nr_failed, nr_failed);
	return nr_failed ? 1 : 0;
}
