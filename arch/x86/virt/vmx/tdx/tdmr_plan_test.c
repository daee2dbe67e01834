// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of the TDMR/PAMT planner (tdmr_plan.c) inside the kernel: a
 * table of machine layouts, PAMT sizes against an independent formula, and
 * the error messages.  With CONFIG_INTEL_TDX_MODULE_SIM every plan is also
 * checked by the TDX module model's TDH.SYS.CONFIG validator.  The userspace
 * build in tools/testing/tdx/ runs the same planner on more and larger
 * layouts, and fuzzes it.
 */
#include <kunit/test.h>
#include <linux/errno.h>
#include <linux/math64.h>
#include <linux/numa.h>
#include <linux/sizes.h>
#include <linux/string.h>

#include "tdmr_plan.h"
#include "tdx_model_validate.h"

#define TDMR_TEST_MAX_MEM	24
#define TDMR_TEST_MAX_CMRS	8

struct tdmr_plan_case {
	const char *name;
	struct tdx_mem_range mem[TDMR_TEST_MAX_MEM];
	unsigned int nr_mem;
	struct tdx_cmr_info cmrs[TDMR_TEST_MAX_CMRS];
	unsigned int nr_cmrs;
	unsigned int max_tdmrs;			/* 0: 64 */
	unsigned int max_rsvd;			/* 0: 16 */
	unsigned int nr_tdmrs;			/* expected */
	u64 largest;				/* expected largest chunk */
	int err;				/* expected error */
	const char *msg;			/* expected plan->err */
};

#define GIB(n)		((u64)(n) << 30)
#define MEM(s, e, n)	{ .start = (s), .end = (e), .nid = (n) }
#define CMR(b, sz)	{ .base = (b), .size = (sz) }

static const struct tdmr_plan_case tdmr_plan_cases[] = {
	{
		.name = "64G_one_socket",
		.mem = { MEM(0, 0x9f000, 0), MEM(SZ_1M, 0x7f000000, 0),
			 MEM(GIB(4), GIB(66), 0) },
		.nr_mem = 3,
		.cmrs = { CMR(0, GIB(2)), CMR(GIB(4), GIB(62)) },
		.nr_cmrs = 2,
		.nr_tdmrs = 64, .largest = SZ_4M,
	}, {
		.name = "2T_two_sockets",
		.mem = { MEM(0, 0x9f000, 0), MEM(SZ_1M, 0x7f000000, 0),
			 MEM(GIB(4), GIB(1026), 0),
			 MEM(GIB(1026), GIB(2050), 1) },
		.nr_mem = 4,
		.cmrs = { CMR(0, GIB(2)), CMR(GIB(4), GIB(2046)) },
		.nr_cmrs = 2,
		.nr_tdmrs = 64, .largest = 33 * SZ_4M,
	}, {
		.name = "SNC4_unaligned_nodes",
		.mem = { MEM(GIB(4), GIB(68) + 123 * SZ_1M, 0),
			 MEM(GIB(68) + 123 * SZ_1M, GIB(132) + 700 * SZ_1M, 1),
			 MEM(GIB(132) + 700 * SZ_1M, GIB(196) + SZ_4M, 2),
			 MEM(GIB(196) + SZ_4M, GIB(260), 3) },
		.nr_mem = 4,
		.cmrs = { CMR(GIB(4), GIB(256)) },
		.nr_cmrs = 1,
		/* Node pieces of 64, 65, 63 and 64 GiB: 5 GiB TDMRs. */
		.nr_tdmrs = 52, .largest = 5 * SZ_4M,
	}, {
		/* 17 e820 ranges below 2 GiB, the CMR covers the holes. */
		.name = "17_ranges_below_2G",
		.mem = { MEM(0x0, 0x9f000, 0), MEM(0x100000, 0x5a00000, 0),
			 MEM(0x5c00000, 0x10000000, 0),
			 MEM(0x10400000, 0x20000000, 0),
			 MEM(0x20100000, 0x28000000, 0),
			 MEM(0x28010000, 0x30000000, 0),
			 MEM(0x30200000, 0x38000000, 0),
			 MEM(0x38001000, 0x3c000000, 0),
			 MEM(0x3c800000, 0x3f000000, 0),
			 MEM(0x40200000, 0x48000000, 0),
			 MEM(0x48400000, 0x50000000, 0),
			 MEM(0x50010000, 0x58000000, 0),
			 MEM(0x58100000, 0x60000000, 0),
			 MEM(0x60800000, 0x68000000, 0),
			 MEM(0x68002000, 0x6c000000, 0),
			 MEM(0x6c400000, 0x70000000, 0),
			 MEM(0x70100000, 0x76000000, 0),
			 MEM(GIB(4), GIB(66), 0) },
		.nr_mem = 18,
		.cmrs = { CMR(0, GIB(2)), CMR(GIB(4), GIB(62)) },
		.nr_cmrs = 2,
		.nr_tdmrs = 64, .largest = SZ_4M,
	}, {
		/* 65 runs for 64 TDMRs: one 1 GiB gap is bridged. */
		.name = "runs_over_max_tdmrs",
		.mem = { MEM(GIB(1), GIB(2), 0),
			 MEM(GIB(3), GIB(4), 0),
			 MEM(GIB(5), GIB(6), 1) },
		.nr_mem = 3,
		.cmrs = { CMR(0, GIB(8)) },
		.nr_cmrs = 1,
		.max_tdmrs = 2,
		.nr_tdmrs = 2, .largest = 3 * SZ_4M,
	}, {
		/* CMR holes: [0, 4K) and one between each pair of ranges. */
		.name = "holes_outside_cmrs_split",
		.mem = { MEM(SZ_4K, SZ_256M, 0),
			 MEM(SZ_256M + SZ_4K, SZ_512M, 0),
			 MEM(SZ_512M + SZ_4K, SZ_1G, 0),
			 MEM(SZ_1G + SZ_4K, SZ_1G + SZ_256M, 0),
			 MEM(SZ_1G + SZ_256M + SZ_4K, GIB(2), 0) },
		.nr_mem = 5,
		.cmrs = { CMR(SZ_4K, SZ_256M - SZ_4K),
			  CMR(SZ_256M + SZ_4K, SZ_256M - SZ_4K),
			  CMR(SZ_512M + SZ_4K, SZ_512M - SZ_4K),
			  CMR(SZ_1G + SZ_4K, SZ_256M - SZ_4K),
			  CMR(SZ_1G + SZ_256M + SZ_4K, 3 * SZ_256M - SZ_4K) },
		.nr_cmrs = 5,
		.max_tdmrs = 1, .max_rsvd = 4,
		.err = -ENOSPC,
		.msg =
			"max_tdmrs exceeded: 2 TDMRs needed (holes outside CMRs force splits), limit 1 (max_tdmrs 1, buffer 1)",
	}, {
		.name = "holes_outside_cmrs_fit",
		.mem = { MEM(SZ_4K, SZ_256M, 0),
			 MEM(SZ_256M + SZ_4K, SZ_512M, 0),
			 MEM(SZ_512M + SZ_4K, SZ_1G, 0),
			 MEM(SZ_1G + SZ_4K, SZ_1G + SZ_256M, 0),
			 MEM(SZ_1G + SZ_256M + SZ_4K, GIB(2), 0) },
		.nr_mem = 5,
		.cmrs = { CMR(SZ_4K, SZ_256M - SZ_4K),
			  CMR(SZ_256M + SZ_4K, SZ_256M - SZ_4K),
			  CMR(SZ_512M + SZ_4K, SZ_512M - SZ_4K),
			  CMR(SZ_1G + SZ_4K, SZ_256M - SZ_4K),
			  CMR(SZ_1G + SZ_256M + SZ_4K, 3 * SZ_256M - SZ_4K) },
		.nr_cmrs = 5,
		.max_tdmrs = 2, .max_rsvd = 4,
		.nr_tdmrs = 2, .largest = SZ_4M,
	}, {
		.name = "bad_unsorted",
		.mem = { MEM(GIB(4), GIB(5), 0), MEM(SZ_1G, GIB(2), 0) },
		.nr_mem = 2,
		.cmrs = { CMR(0, GIB(8)) },
		.nr_cmrs = 1,
		.err = -EINVAL,
		.msg =
			"memory range 1 [0x40000000-0x80000000) overlaps or precedes range 0 (ends at 0x140000000)",
	}, {
		.name = "bad_outside_cmrs",
		.mem = { MEM(SZ_1G, GIB(2), 0), MEM(GIB(3), GIB(5), 0) },
		.nr_mem = 2,
		.cmrs = { CMR(0, GIB(4)) },
		.nr_cmrs = 1,
		.err = -EINVAL,
		.msg =
			"memory range 1 [0xc0000000-0x140000000) is not inside the CMRs",
	}, {
		.name = "bad_unaligned",
		.mem = { MEM(SZ_1G + 512, GIB(2), 0) },
		.nr_mem = 1,
		.cmrs = { CMR(0, GIB(4)) },
		.nr_cmrs = 1,
		.err = -EINVAL,
		.msg =
			"memory range 0 [0x40000200-0x80000000) is empty, not 4 KiB aligned or beyond 0x10000000000000",
	}, {
		.name = "bad_no_memory",
		.cmrs = { CMR(0, GIB(4)) },
		.nr_cmrs = 1,
		.err = -EINVAL,
		.msg = "no TDX memory to cover",
	},
};

static void tdmr_plan_case_desc(const struct tdmr_plan_case *c, char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(tdmr_plan_layouts, tdmr_plan_cases, tdmr_plan_case_desc);

static void tdmr_plan_limits_init(struct tdmr_plan_limits *limits,
				  unsigned int max_tdmrs, unsigned int max_rsvd)
{
	limits->max_tdmrs = max_tdmrs ? max_tdmrs : TDX_MAX_TDMRS;
	limits->max_reserved_per_tdmr = max_rsvd ? max_rsvd :
					TDX_MAX_RESERVED_AREAS;
	limits->pamt_entry_size[TDX_PS_4K] = TDX_PAMT_ENTRY_SIZE;
	limits->pamt_entry_size[TDX_PS_2M] = TDX_PAMT_ENTRY_SIZE;
	limits->pamt_entry_size[TDX_PS_1G] = TDX_PAMT_ENTRY_SIZE;
}

/* Independent of the planner: divide, multiply, round up. */
static u64 tdmr_test_ref_pamt(u64 tdmr_size, enum tdx_pamt_level level,
			      unsigned int entry_size)
{
	static const u64 page[TDX_PS_NR] = {
		[TDX_PS_4K] = SZ_4K, [TDX_PS_2M] = SZ_2M, [TDX_PS_1G] = SZ_1G,
	};

	return DIV_ROUND_UP_ULL(div64_u64(tdmr_size, page[level]) * entry_size,
				SZ_4K) * SZ_4K;
}

/* Place every PAMT level back to back, top down from the highest range. */
static void tdmr_test_place_pamt(struct kunit *test,
				 const struct tdmr_plan_case *c,
				 struct tdmr_plan *plan)
{
	unsigned int t, lvl, r = c->nr_mem - 1;
	u64 top = c->mem[r].end;

	for (t = 0; t < plan->nr_tdmrs; t++) {
		for (lvl = 0; lvl < TDX_PS_NR; lvl++) {
			u64 size = plan->tdmrs[t].pamt_size[lvl];

			while (top - c->mem[r].start < size) {
				KUNIT_ASSERT_GT(test, r, 0U);
				r--;
				top = c->mem[r].end;
			}
			top -= size;
			plan->tdmrs[t].pamt_base[lvl] = top;
		}
	}
}

static void tdmr_plan_layout(struct kunit *test)
{
	const struct tdmr_plan_case *c = test->param_value;
	struct tdmr_plan_limits limits;
	struct tdmr_plan plan = { };
	u64 largest = 0, pos;
	unsigned int t, lvl, i;
	int ret;

	tdmr_plan_limits_init(&limits, c->max_tdmrs, c->max_rsvd);
	plan.capacity = limits.max_tdmrs;
	plan.tdmrs = kunit_kcalloc(test, plan.capacity, sizeof(*plan.tdmrs),
				   GFP_KERNEL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, plan.tdmrs);

	ret = tdmr_plan_build(c->mem, c->nr_mem, c->cmrs, c->nr_cmrs, &limits,
			      &plan);
	if (c->err) {
		KUNIT_EXPECT_EQ(test, ret, c->err);
		KUNIT_EXPECT_STREQ(test, plan.err, c->msg);
		return;
	}
	KUNIT_ASSERT_EQ_MSG(test, ret, 0, "%s", plan.err);
	KUNIT_EXPECT_EQ(test, plan.nr_tdmrs, c->nr_tdmrs);

	for (t = 0; t < plan.nr_tdmrs; t++) {
		const struct tdmr_plan_tdmr *tdmr = &plan.tdmrs[t];

		KUNIT_EXPECT_TRUE(test, IS_ALIGNED(tdmr->base, SZ_1G));
		KUNIT_EXPECT_TRUE(test, IS_ALIGNED(tdmr->size, SZ_1G));
		KUNIT_EXPECT_GT(test, tdmr->size, 0ULL);
		if (t)
			KUNIT_EXPECT_GE(test, tdmr->base,
					plan.tdmrs[t - 1].base +
					plan.tdmrs[t - 1].size);
		for (lvl = 0; lvl < TDX_PS_NR; lvl++) {
			KUNIT_EXPECT_EQ(test, tdmr->pamt_size[lvl],
					tdmr_test_ref_pamt(tdmr->size, lvl,
							   TDX_PAMT_ENTRY_SIZE));
			largest = max(largest, tdmr->pamt_size[lvl]);
		}
	}
	KUNIT_EXPECT_EQ(test, largest, c->largest);

	/* Every byte of TDX memory is in a TDMR. */
	for (i = 0, t = 0; i < c->nr_mem; i++) {
		for (pos = c->mem[i].start; pos < c->mem[i].end;) {
			while (t < plan.nr_tdmrs &&
			       plan.tdmrs[t].base + plan.tdmrs[t].size <= pos)
				t++;
			KUNIT_ASSERT_LT(test, t, plan.nr_tdmrs);
			KUNIT_ASSERT_LE(test, plan.tdmrs[t].base, pos);
			pos = plan.tdmrs[t].base + plan.tdmrs[t].size;
		}
		while (t && plan.tdmrs[t - 1].base + plan.tdmrs[t - 1].size >
			    c->mem[i].end)
			t--;
	}

	tdmr_test_place_pamt(test, c, &plan);
	ret = tdmr_plan_set_reserved(c->cmrs, c->nr_cmrs, &limits, &plan);
	KUNIT_ASSERT_EQ_MSG(test, ret, 0, "%s", plan.err);

	if (IS_ENABLED(CONFIG_INTEL_TDX_MODULE_SIM)) {
		struct tdx_model_config_limits vlim = {
			.max_pa = 52, .hkid_start_bit = 52,
			.pamt_entry_size = TDX_PAMT_ENTRY_SIZE,
		};
		const struct tdx_tdmr_info **ptrs;
		struct tdx_tdmr_info *infos;

		infos = kunit_kcalloc(test, plan.nr_tdmrs, sizeof(*infos),
				      GFP_KERNEL);
		ptrs = kunit_kcalloc(test, plan.nr_tdmrs, sizeof(*ptrs),
				     GFP_KERNEL);
		KUNIT_ASSERT_NOT_ERR_OR_NULL(test, infos);
		KUNIT_ASSERT_NOT_ERR_OR_NULL(test, ptrs);
		for (t = 0; t < plan.nr_tdmrs; t++) {
			tdmr_plan_to_info(&plan.tdmrs[t], &infos[t]);
			ptrs[t] = &infos[t];
		}
		KUNIT_EXPECT_EQ(test,
				tdx_model_validate_tdmrs(ptrs, plan.nr_tdmrs,
							 c->cmrs, c->nr_cmrs,
							 &vlim),
				TDX_SUCCESS);
	}
}

/* tdmr_pamt_level_size() against the reference over 1 GiB .. 4 PiB. */
static void tdmr_plan_pamt_reference(struct kunit *test)
{
	static const unsigned int entry[] = { 1, 8, 16, 24, 4096 };
	unsigned int e, lvl;
	u64 g;

	for (e = 0; e < ARRAY_SIZE(entry); e++) {
		for (g = 1; g <= (1ULL << 22); g = g < 2048 ? g + 1 : g * 2 + 1) {
			for (lvl = 0; lvl < TDX_PS_NR; lvl++) {
				u64 size = g * SZ_1G;

				KUNIT_ASSERT_EQ_MSG(test,
						    tdmr_pamt_level_size(size, lvl, entry[e]),
						    tdmr_test_ref_pamt(size, lvl, entry[e]),
						    "%llu GiB, level %u, entry %u",
						    g, lvl, entry[e]);
			}
		}
	}
	KUNIT_EXPECT_EQ(test, tdmr_pamt_level_size(SZ_1G, TDX_PS_4K, 16), (u64)SZ_4M);
	KUNIT_EXPECT_EQ(test, tdmr_pamt_level_size(SZ_1G, TDX_PS_2M, 16), (u64)SZ_8K);
	KUNIT_EXPECT_EQ(test, tdmr_pamt_level_size(SZ_1G, TDX_PS_1G, 16), (u64)SZ_4K);
}

/* Bad limits, and a PAMT that does not fit a TDMR's reserved areas. */
static void tdmr_plan_errors(struct kunit *test)
{
	const struct tdmr_plan_case *c = &tdmr_plan_cases[0];
	struct tdmr_plan_limits limits;
	struct tdmr_plan plan = { };
	int ret;

	tdmr_plan_limits_init(&limits, 0, 0);
	plan.capacity = limits.max_tdmrs;
	plan.tdmrs = kunit_kcalloc(test, plan.capacity, sizeof(*plan.tdmrs),
				   GFP_KERNEL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, plan.tdmrs);

	limits.pamt_entry_size[TDX_PS_1G] = 0;
	ret = tdmr_plan_build(c->mem, c->nr_mem, c->cmrs, c->nr_cmrs, &limits,
			      &plan);
	KUNIT_EXPECT_EQ(test, ret, -EINVAL);
	KUNIT_EXPECT_STREQ(test, plan.err,
			   "bad limits: max_tdmrs 64 (buffer 64), max_reserved_per_tdmr 16, PAMT entry sizes 16/16/0");

	/* One reserved area; TDMR 0 [0, 1G) gets two separate PAMT ranges. */
	tdmr_plan_limits_init(&limits, 0, 1);
	ret = tdmr_plan_build(c->mem, c->nr_mem, c->cmrs, c->nr_cmrs, &limits,
			      &plan);
	KUNIT_ASSERT_EQ_MSG(test, ret, 0, "%s", plan.err);
	tdmr_test_place_pamt(test, c, &plan);
	plan.tdmrs[1].pamt_base[TDX_PS_4K] = SZ_16M;
	plan.tdmrs[1].pamt_base[TDX_PS_1G] = SZ_256M;
	ret = tdmr_plan_set_reserved(c->cmrs, c->nr_cmrs, &limits, &plan);
	KUNIT_EXPECT_EQ(test, ret, -ENOSPC);
	KUNIT_EXPECT_STREQ(test, plan.err,
			   "max_reserved_per_tdmr exceeded: TDMR 0 [0x0-0x40000000) needs 2 reserved areas (0 holes outside CMRs, 2 PAMT ranges), limit 1");
}

/* The 2M and 1G levels of a node pooled in one chunk cost one area. */
static void tdmr_plan_small_pamt(struct kunit *test)
{
	const struct tdmr_plan_case *c = &tdmr_plan_cases[1];	/* 2T */
	struct tdmr_plan_limits limits;
	struct tdmr_plan plan = { };
	u64 sum[2] = { }, base, top = c->mem[c->nr_mem - 1].end;
	unsigned int t, nr_areas = 0;
	int nid, ret;

	tdmr_plan_limits_init(&limits, 0, 0);
	plan.capacity = limits.max_tdmrs;
	plan.tdmrs = kunit_kcalloc(test, plan.capacity, sizeof(*plan.tdmrs),
				   GFP_KERNEL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, plan.tdmrs);
	ret = tdmr_plan_build(c->mem, c->nr_mem, c->cmrs, c->nr_cmrs, &limits,
			      &plan);
	KUNIT_ASSERT_EQ_MSG(test, ret, 0, "%s", plan.err);

	for (t = 0; t < plan.nr_tdmrs; t++) {
		nid = plan.tdmrs[t].nid;
		KUNIT_ASSERT_TRUE(test, nid == 0 || nid == 1);
		sum[nid] += plan.tdmrs[t].pamt_size[TDX_PS_2M] +
			    plan.tdmrs[t].pamt_size[TDX_PS_1G];
	}
	/* Small levels of each node at the top of memory, then the 4K ones. */
	for (nid = 0; nid < 2; nid++) {
		KUNIT_EXPECT_EQ(test, tdmr_plan_small_pamt_size(&plan, nid),
				sum[nid]);
		top -= sum[nid];
		tdmr_plan_place_small_pamt(&plan, nid, top);
	}
	for (t = 0; t < plan.nr_tdmrs; t++) {
		top -= plan.tdmrs[t].pamt_size[TDX_PS_4K];
		plan.tdmrs[t].pamt_base[TDX_PS_4K] = top;
	}
	for (t = 0, base = 0; t < plan.nr_tdmrs; t++) {
		if (plan.tdmrs[t].nid != 1)
			continue;
		/* Back to back, in TDMR order. */
		if (base)
			KUNIT_EXPECT_EQ(test, plan.tdmrs[t].pamt_base[TDX_PS_2M],
					base);
		KUNIT_EXPECT_EQ(test, plan.tdmrs[t].pamt_base[TDX_PS_1G],
				plan.tdmrs[t].pamt_base[TDX_PS_2M] +
				plan.tdmrs[t].pamt_size[TDX_PS_2M]);
		base = plan.tdmrs[t].pamt_base[TDX_PS_1G] +
		       plan.tdmrs[t].pamt_size[TDX_PS_1G];
	}
	ret = tdmr_plan_set_reserved(c->cmrs, c->nr_cmrs, &limits, &plan);
	KUNIT_ASSERT_EQ_MSG(test, ret, 0, "%s", plan.err);
	for (t = 0; t < plan.nr_tdmrs; t++)
		nr_areas += plan.tdmrs[t].nr_reserved;
	/* All PAMT is back to back: one area per TDMR it crosses. */
	KUNIT_EXPECT_LE(test, nr_areas, 5U);
}

/*
 * 6.1's memblock lists [0x1000, 0x9f000) as memory, and no real platform's
 * CMRs cover the first MiB (here: the low CMR of a published SPR host).
 * Planned as it is, that memory is "not convertible"; with the first MiB
 * skipped, the same host plans.
 */
static void tdmr_plan_skip_first_mib(struct kunit *test)
{
	static const struct tdx_cmr_info cmrs[] = {
		{ 0x100000, 0x77800000 - 0x100000 },
		{ 0x100000000ULL, 0x80000000ULL },
	};
	struct tdx_mem_range mem[] = {
		{ 0x1000, 0x9f000, 0 }, { 0x100000, 0x6f000000, 0 },
		{ 0x100000000ULL, 0x180000000ULL, 0 },
	};
	struct tdx_mem_range low[] = {
		{ 0x0, 0x1000, 0 }, { 0x2000, 0x9f000, 0 },
		{ 0xff000, 0x200000, 1 },
	};
	struct tdmr_plan_limits limits;
	struct tdmr_plan plan = { };
	unsigned int nr;

	tdmr_plan_limits_init(&limits, 0, 0);
	plan.capacity = limits.max_tdmrs;
	plan.tdmrs = kunit_kcalloc(test, plan.capacity, sizeof(*plan.tdmrs),
				   GFP_KERNEL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, plan.tdmrs);
	KUNIT_EXPECT_EQ(test, tdmr_plan_build(mem, ARRAY_SIZE(mem), cmrs,
					      ARRAY_SIZE(cmrs), &limits, &plan),
			-EINVAL);

	nr = tdmr_plan_skip_low(mem, ARRAY_SIZE(mem));
	KUNIT_ASSERT_EQ(test, nr, 2U);
	KUNIT_EXPECT_EQ(test, mem[0].start, 0x100000ULL);
	KUNIT_EXPECT_EQ(test, mem[0].end, 0x6f000000ULL);
	KUNIT_EXPECT_EQ(test, mem[1].start, 0x100000000ULL);
	KUNIT_EXPECT_EQ(test, tdmr_plan_build(mem, nr, cmrs, ARRAY_SIZE(cmrs),
					      &limits, &plan), 0);

	/* A range straddling 1 MiB keeps its part above, and its node. */
	nr = tdmr_plan_skip_low(low, ARRAY_SIZE(low));
	KUNIT_ASSERT_EQ(test, nr, 1U);
	KUNIT_EXPECT_EQ(test, low[0].start, 0x100000ULL);
	KUNIT_EXPECT_EQ(test, low[0].end, 0x200000ULL);
	KUNIT_EXPECT_EQ(test, low[0].nid, 1);
}

static struct kunit_case tdmr_plan_test_cases[] = {
	KUNIT_CASE_PARAM(tdmr_plan_layout, tdmr_plan_layouts_gen_params),
	KUNIT_CASE(tdmr_plan_pamt_reference),
	KUNIT_CASE(tdmr_plan_errors),
	KUNIT_CASE(tdmr_plan_small_pamt),
	KUNIT_CASE(tdmr_plan_skip_first_mib),
	{}
};

static struct kunit_suite tdmr_plan_test_suite = {
	.name = "tdmr_plan",
	.test_cases = tdmr_plan_test_cases,
};

kunit_test_suite(tdmr_plan_test_suite);
