// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of the boot reservation of PAMT (tdx_pamt_reserve.c, which
 * includes this file to reach its static functions, and the areas of
 * tdx_pamt_cma.c, through tdx_pamt_cma.h): the "tdx_pamt="
 * parameter with every kind of bad value and the line it prints, the PAMT
 * bytes per node of synthetic layouts against hand-computed values, the
 * planner's own per-TDMR sizes and an independent formula, and, when the
 * kernel booted with "tdx_pamt=reserve" (dev/configs/kunit_qemu.py), the
 * real CMA areas: their sizes, allocation, exhaustion, release and the
 * "lent" count.
 */
#include <kunit/test.h>
#include <linux/ktime.h>
#include <linux/sizes.h>

#define TDX_PAMT_TEST_MAX_MEM	20
#define TDX_PAMT_TEST_NODES	8
/* As many characters of a bad value as the line shows. */
#define TDX_PAMT_TEST_32	"reserve_reserve_reserve_reserve_"
#define TDX_PAMT_TEST_VALUES	"accepted values: reserve, runtime (default); using runtime"

/* ---- the parameter ------------------------------------------------------ */

struct tdx_pamt_param_case {
	const char *name;
	const char *arg;
	int ret;
	enum tdx_pamt_mode mode;	/* when ret == 0 */
	const char *msg;		/* when ret != 0 */
};

static const struct tdx_pamt_param_case tdx_pamt_param_cases[] = {
	{ "reserve", "reserve", 0, TDX_PAMT_RESERVE },
	{ "runtime", "runtime", 0, TDX_PAMT_RUNTIME },
	{ "no_value", NULL, -EINVAL, 0,
	  "tdx_pamt: no value given; " TDX_PAMT_TEST_VALUES },
	{ "empty", "", -EINVAL, 0,
	  "tdx_pamt=: unknown value; " TDX_PAMT_TEST_VALUES },
	{ "capitalized", "Reserve", -EINVAL, 0,
	  "tdx_pamt=Reserve: unknown value; " TDX_PAMT_TEST_VALUES },
	{ "longer", "reserved", -EINVAL, 0,
	  "tdx_pamt=reserved: unknown value; " TDX_PAMT_TEST_VALUES },
	{ "prefix", "res", -EINVAL, 0,
	  "tdx_pamt=res: unknown value; " TDX_PAMT_TEST_VALUES },
	{ "list", "reserve,runtime", -EINVAL, 0,
	  "tdx_pamt=reserve,runtime: unknown value; " TDX_PAMT_TEST_VALUES },
	{ "trailing_space", "reserve ", -EINVAL, 0,
	  "tdx_pamt=reserve : unknown value; " TDX_PAMT_TEST_VALUES },
	{ "boolean", "1", -EINVAL, 0,
	  "tdx_pamt=1: unknown value; " TDX_PAMT_TEST_VALUES },
	{ "on", "on", -EINVAL, 0,
	  "tdx_pamt=on: unknown value; " TDX_PAMT_TEST_VALUES },
	{ "size", "64M", -EINVAL, 0,
	  "tdx_pamt=64M: unknown value; " TDX_PAMT_TEST_VALUES },
	{ "too_long_to_show", TDX_PAMT_TEST_32 "_and_more", -EINVAL, 0,
	  "tdx_pamt=" TDX_PAMT_TEST_32 "...: unknown value; " TDX_PAMT_TEST_VALUES },
};

static void tdx_pamt_param_desc(const struct tdx_pamt_param_case *c,
				char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(tdx_pamt_param, tdx_pamt_param_cases, tdx_pamt_param_desc);

static void tdx_pamt_param_parse(struct kunit *test)
{
	const struct tdx_pamt_param_case *c = test->param_value;
	enum tdx_pamt_mode mode = (enum tdx_pamt_mode)-1;
	char msg[TDX_PAMT_MSG_LEN] = "";
	int ret;

	ret = tdx_pamt_parse(c->arg, &mode, msg, sizeof(msg));
	KUNIT_EXPECT_EQ(test, ret, c->ret);
	if (!c->ret) {
		KUNIT_EXPECT_EQ(test, mode, c->mode);
		KUNIT_EXPECT_STREQ(test, msg, "");
	} else {
		/* The mode is left alone; the caller falls back to runtime. */
		KUNIT_EXPECT_EQ(test, mode, (enum tdx_pamt_mode)-1);
		KUNIT_EXPECT_STREQ(test, msg, c->msg);
	}
}

/* ---- sizing --------------------------------------------------------------- */

#define MEM(s, e, n)	{ .start = (s), .end = (e), .nid = (n) }
#define KB(x)		((u64)(x) * SZ_1K)

struct tdx_pamt_size_case {
	const char *name;
	struct tdx_mem_range mem[TDX_PAMT_TEST_MAX_MEM];
	unsigned int nr_mem;
	u64 bytes[TDX_PAMT_TEST_NODES];	/* expected, worked out by hand */
	bool one_cmr;			/* expected */
	bool bridged;			/* TDMRs also cover gaps */
	unsigned int repeat;		/* see tdx_pamt_test_mem() */
	u64 step;
	bool halves;
};

/*
 * Per node: every GiB a TDMR covers costs 4 MiB (4K level) + 8 KiB (2M
 * level), and every TDMR of up to 256 GiB costs one 4 KiB page for its 1G
 * level: a node with G GiBs in T TDMRs needs G * 4104 KiB + T * 4 KiB.  The
 * planner takes the smallest largest-TDMR size that fits 64 TDMRs, so T is
 * known for these layouts (worked out in the comments).
 */
static const struct tdx_pamt_size_case tdx_pamt_size_cases[] = {
	{
		/* 2 + 2 GiBs in 1 GiB TDMRs. */
		.name = "qemu_4G_two_nodes",
		.mem = { MEM(0x1000, 0x9f000, 0), MEM(SZ_1M, SZ_2G, 0),
			 MEM(SZ_2G, 3ULL * SZ_1G, 1),
			 MEM(4ULL * SZ_1G, 5ULL * SZ_1G, 1) },
		.nr_mem = 4,
		.bytes = { KB(2 * 4108), KB(2 * 4108) },
	}, {
		/*
		 * Only the first MiB in GiB 0: tdx_enable() does not cover
		 * it (never convertible), so neither does the reservation:
		 * GiBs 4..7 only, 4 TDMRs of 1 GiB.
		 */
		.name = "first_MiB_alone_in_GiB_0",
		.mem = { MEM(0x1000, 0x9f000, 0), MEM(4ULL * SZ_1G, 8ULL * SZ_1G, 0) },
		.nr_mem = 2,
		.bytes = { KB(4 * 4108) },
	}, {
		/* GiBs 0, 1 and 4..65: 64 GiBs in 64 TDMRs of 1 GiB. */
		.name = "64G_one_socket",
		.mem = { MEM(0, 0x9f000, 0), MEM(SZ_1M, 0x7f000000, 0),
			 MEM(4ULL * SZ_1G, 66ULL * SZ_1G, 0) },
		.nr_mem = 3,
		.bytes = { KB(64 * 4108) },
	}, {
		/*
		 * 1024 GiBs per node; TDMRs of at most 33 GiB: node 0 has
		 * 1 + 31 (2 + 1022 GiBs), node 1 has 32 (1024 GiBs).
		 */
		.name = "2T_two_sockets",
		.mem = { MEM(0, 0x9f000, 0), MEM(SZ_1M, 0x7f000000, 0),
			 MEM(4ULL * SZ_1G, 1026ULL * SZ_1G, 0),
			 MEM(1026ULL * SZ_1G, 2050ULL * SZ_1G, 1) },
		.nr_mem = 4,
		.bytes = { KB(1024 * 4104 + 32 * 4), KB(1024 * 4104 + 32 * 4) },
	}, {
		/* 8 nodes of 1 TiB: 64 TDMRs of 128 GiB, 8 per node. */
		.name = "8T_eight_sockets",
		.mem = {
			MEM(4ULL * SZ_1G, 1028ULL * SZ_1G, 0),
			MEM(1028ULL * SZ_1G, 2052ULL * SZ_1G, 1),
			MEM(2052ULL * SZ_1G, 3076ULL * SZ_1G, 2),
			MEM(3076ULL * SZ_1G, 4100ULL * SZ_1G, 3),
			MEM(4100ULL * SZ_1G, 5124ULL * SZ_1G, 4),
			MEM(5124ULL * SZ_1G, 6148ULL * SZ_1G, 5),
			MEM(6148ULL * SZ_1G, 7172ULL * SZ_1G, 6),
			MEM(7172ULL * SZ_1G, 8196ULL * SZ_1G, 7),
		},
		.nr_mem = 8,
		.bytes = { KB(1024 * 4104 + 8 * 4), KB(1024 * 4104 + 8 * 4),
			   KB(1024 * 4104 + 8 * 4), KB(1024 * 4104 + 8 * 4),
			   KB(1024 * 4104 + 8 * 4), KB(1024 * 4104 + 8 * 4),
			   KB(1024 * 4104 + 8 * 4), KB(1024 * 4104 + 8 * 4) },
	}, {
		/*
		 * 256 GiBs, each ending in a 2 MiB hole (a reserved area, as
		 * the memory is the CMRs), two nodes: 64 TDMRs of 4 GiB.
		 */
		.name = "256G_hole_every_GiB",
		.mem = { MEM(4ULL * SZ_1G, 5ULL * SZ_1G - SZ_2M, 0) },
		.nr_mem = 1,
		.repeat = 256, .step = SZ_1G, .halves = true,
		.bytes = { KB(128 * 4104 + 32 * 4), KB(128 * 4104 + 32 * 4) },
	}, {
		/*
		 * 18 holes in GiB 0 (more than 16 reserved areas) and GiBs
		 * 4..7: no plan with the memory as CMRs, so one CMR; 5 TDMRs
		 * of 1 GiB.
		 */
		.name = "18_holes_in_one_GiB",
		.mem = { MEM(0, 0x9f000, 0), MEM(4ULL * SZ_1G, 8ULL * SZ_1G, 0) },
		.nr_mem = 2,
		.repeat = 18, .step = SZ_32M,
		.bytes = { KB(5 * 4108) },
		.one_cmr = true,
	}, {
		/*
		 * Sub-NUMA clustering, node boundaries inside GiBs 20 (node 0
		 * has 256 MiB of it, node 1 768 MiB), 36 (512 MiB each) and 52
		 * (768 + 256 MiB).  A shared GiB goes to the node with more of
		 * it, the lower one on a tie: 16 + 17 + 16 + 16 = 65 GiBs,
		 * more than 64, so TDMRs of up to 2 GiB: 8 + 9 + 8 + 8.
		 */
		.name = "SNC4_unaligned_nodes",
		.mem = {
			MEM(4ULL * SZ_1G, 20ULL * SZ_1G + SZ_256M, 0),
			MEM(20ULL * SZ_1G + SZ_256M, 36ULL * SZ_1G + SZ_512M, 1),
			MEM(36ULL * SZ_1G + SZ_512M, 52ULL * SZ_1G + 3 * SZ_256M, 2),
			MEM(52ULL * SZ_1G + 3 * SZ_256M, 69ULL * SZ_1G, 3),
		},
		.nr_mem = 4,
		.bytes = { KB(16 * 4104 + 8 * 4), KB(17 * 4104 + 9 * 4),
			   KB(16 * 4104 + 8 * 4), KB(16 * 4104 + 8 * 4) },
	}, {
		/*
		 * 80 runs of 512 MiB, every other GiB: more runs than TDMRs,
		 * so 16 gaps of 1 GiB are bridged: 96 GiBs, 64 TDMRs.  The
		 * planner spreads the bridged gaps so that no TDMR holds more
		 * holes than it has reserved areas, so the memory itself
		 * serves as CMRs (the one-CMR fallback is not needed; an
		 * earlier planner bridged all 16 into one TDMR of 17 holes).
		 */
		.name = "80_runs_bridged",
		.mem = { MEM(4ULL * SZ_1G, 4ULL * SZ_1G + SZ_512M, 0) },
		.nr_mem = 1,
		.repeat = 80, .step = 2ULL * SZ_1G,
		.bytes = { KB(96 * 4104 + 64 * 4) },
		.one_cmr = false,
		.bridged = true,
	},
};

static void tdx_pamt_size_desc(const struct tdx_pamt_size_case *c, char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(tdx_pamt_size, tdx_pamt_size_cases, tdx_pamt_size_desc);

/*
 * The memory of a case: mem[0] @repeat times, @step further each time (on
 * node 1 for the second half if @halves), then mem[1..nr_mem).
 */
static struct tdx_mem_range *tdx_pamt_test_mem(struct kunit *test,
					       const struct tdx_pamt_size_case *c,
					       unsigned int *nr)
{
	unsigned int i, n = 0, repeat = c->repeat ? c->repeat : 1;
	struct tdx_mem_range *mem;

	mem = kunit_kcalloc(test, repeat + c->nr_mem, sizeof(*mem), GFP_KERNEL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, mem);
	for (i = 0; i < repeat; i++, n++) {
		mem[n].start = c->mem[0].start + i * c->step;
		mem[n].end = c->mem[0].end + i * c->step;
		mem[n].nid = c->halves && i >= repeat / 2 ? 1 : c->mem[0].nid;
	}
	for (i = 1; i < c->nr_mem; i++, n++)
		mem[n] = c->mem[i];
	*nr = n;
	return mem;
}

/* GiBs holding memory, counted from the ranges alone. */
static u64 tdx_pamt_test_gibs(const struct tdx_mem_range *mem, unsigned int nr)
{
	u64 gibs = 0, last = U64_MAX, g;
	unsigned int i;

	for (i = 0; i < nr; i++)
		for (g = mem[i].start >> 30; g <= (mem[i].end - 1) >> 30; g++)
			if (g != last) {
				gibs++;
				last = g;
			}
	return gibs;
}

/* The PAMT of a TDMR by another route: entries counted per level. */
static u64 tdx_pamt_test_tdmr_bytes(u64 size)
{
	u64 entries = (size >> 12) + (size >> 21), pages_1g;

	/* 4K and 2M levels are 4 KiB multiples for whole GiBs. */
	pages_1g = DIV_ROUND_UP((size >> 30) * TDX_PAMT_ENTRY_SIZE, SZ_4K);
	return entries * TDX_PAMT_ENTRY_SIZE + pages_1g * SZ_4K;
}

static void tdx_pamt_size_layout(struct kunit *test)
{
	const struct tdx_pamt_size_case *c = test->param_value;
	u64 by_tdmr[TDX_PAMT_TEST_NODES] = { }, total = 0, ref = 0, gib4k = 0;
	struct tdx_pamt_sizing sz = { };
	struct tdx_mem_range *mem;
	unsigned int i, nr;
	int ret, nid;

	mem = tdx_pamt_test_mem(test, c, &nr);
	sz.mem = mem;
	sz.nr_mem = nr;
	sz.cmrs = kunit_kcalloc(test, nr, sizeof(*sz.cmrs), GFP_KERNEL);
	sz.plan.capacity = TDX_MAX_TDMRS;
	sz.plan.tdmrs = kunit_kcalloc(test, TDX_MAX_TDMRS,
				      sizeof(*sz.plan.tdmrs), GFP_KERNEL);
	sz.nr_nodes = TDX_PAMT_TEST_NODES;
	sz.node_bytes = kunit_kcalloc(test, TDX_PAMT_TEST_NODES,
				      sizeof(*sz.node_bytes), GFP_KERNEL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, sz.cmrs);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, sz.plan.tdmrs);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, sz.node_bytes);

	ret = tdx_pamt_size_nodes(&sz);
	KUNIT_ASSERT_EQ_MSG(test, ret, 0, "%s", sz.plan.err);
	KUNIT_EXPECT_EQ(test, sz.one_cmr, c->one_cmr);
	KUNIT_EXPECT_LE(test, sz.plan.nr_tdmrs, TDX_MAX_TDMRS);

	/* The planner's own sizes, summed on the TDMRs' nodes. */
	for (i = 0; i < sz.plan.nr_tdmrs; i++) {
		const struct tdmr_plan_tdmr *tdmr = &sz.plan.tdmrs[i];

		nid = tdx_pamt_tdmr_node(&sz.plan, i);
		KUNIT_ASSERT_LT(test, nid, TDX_PAMT_TEST_NODES);
		by_tdmr[nid] += tdmr->pamt_size[TDX_PS_4K] +
				tdmr->pamt_size[TDX_PS_2M] +
				tdmr->pamt_size[TDX_PS_1G];
		ref += tdx_pamt_test_tdmr_bytes(tdmr->size);
		gib4k += DIV_ROUND_UP(tdmr->size >> 30, 256) * SZ_4K;
		/* The largest chunk: the 4K level, 4 MiB per GiB. */
		KUNIT_EXPECT_EQ(test, tdmr->pamt_size[TDX_PS_4K],
				(tdmr->size >> 30) * SZ_4M);
	}
	for (nid = 0; nid < TDX_PAMT_TEST_NODES; nid++) {
		KUNIT_EXPECT_EQ_MSG(test, sz.node_bytes[nid], c->bytes[nid],
				    "node %d", nid);
		KUNIT_EXPECT_EQ_MSG(test, sz.node_bytes[nid], by_tdmr[nid],
				    "node %d", nid);
		total += sz.node_bytes[nid];
	}
	KUNIT_EXPECT_EQ(test, total, ref);
	/* Without bridging, TDMRs cover exactly the GiBs with memory. */
	if (!c->bridged)
		KUNIT_EXPECT_EQ(test, total,
				tdx_pamt_test_gibs(sz.mem, sz.nr_mem) * KB(4104) + gib4k);
}

/* A TDMR without memory is counted on its neighbour's node. */
static void tdx_pamt_size_orphan_tdmr(struct kunit *test)
{
	static const int nids[] = { -1, -1, 2, -1, 1, -1 };
	static const int want[] = { 2, 2, 2, 2, 1, 1 };
	struct tdmr_plan plan = {
		.capacity = ARRAY_SIZE(nids), .nr_tdmrs = ARRAY_SIZE(nids),
	};
	struct tdmr_plan_tdmr *tdmrs;
	unsigned int i;

	tdmrs = kunit_kcalloc(test, ARRAY_SIZE(nids), sizeof(*tdmrs),
			      GFP_KERNEL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, tdmrs);
	plan.tdmrs = tdmrs;
	for (i = 0; i < ARRAY_SIZE(nids); i++)
		tdmrs[i].nid = nids[i];
	for (i = 0; i < ARRAY_SIZE(nids); i++)
		KUNIT_EXPECT_EQ_MSG(test, tdx_pamt_tdmr_node(&plan, i), want[i],
				    "TDMR %u", i);
	for (i = 0; i < ARRAY_SIZE(nids); i++)
		tdmrs[i].nid = -1;
	KUNIT_EXPECT_EQ(test, tdx_pamt_tdmr_node(&plan, 3), 0);
}

/* ---- the real areas (kernel booted with tdx_pamt=reserve) -------------- */

static void tdx_pamt_test_need_reservation(struct kunit *test)
{
	if (!tdx_pamt_reserved())
		kunit_skip(test, "no reservation: the kernel did not boot with tdx_pamt=reserve");
}

/* The areas are what the boot memory map's plan needs, CMA-rounded. */
static void tdx_pamt_reserve_boot_sizes(struct kunit *test)
{
	struct tdx_pamt_sizing sz = { };
	struct tdx_mem_range *mem;
	unsigned int nr, areas = 0;
	int nid;

	tdx_pamt_test_need_reservation(test);
	nr = tdx_memblock_ranges(NULL, 0);
	mem = kunit_kcalloc(test, nr, sizeof(*mem), GFP_KERNEL);
	sz.cmrs = kunit_kcalloc(test, nr, sizeof(*sz.cmrs), GFP_KERNEL);
	sz.plan.tdmrs = kunit_kcalloc(test, TDX_MAX_TDMRS,
				      sizeof(*sz.plan.tdmrs), GFP_KERNEL);
	sz.node_bytes = kunit_kcalloc(test, nr_node_ids,
				      sizeof(*sz.node_bytes), GFP_KERNEL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, mem);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, sz.cmrs);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, sz.plan.tdmrs);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, sz.node_bytes);
	nr = min(nr, tdx_memblock_ranges(mem, nr));
	sz.mem = mem;
	sz.nr_mem = nr;
	sz.plan.capacity = TDX_MAX_TDMRS;
	sz.nr_nodes = nr_node_ids;
	KUNIT_ASSERT_EQ_MSG(test, tdx_pamt_size_nodes(&sz), 0, "%s",
			    sz.plan.err);

	for (nid = 0; nid < nr_node_ids; nid++) {
		struct tdx_pamt_area *area = tdx_pamt_area_of_node(nid);
		unsigned long base;

		if (!sz.node_bytes[nid]) {
			KUNIT_EXPECT_NULL(test, area);
			continue;
		}
		KUNIT_ASSERT_NOT_NULL_MSG(test, area, "node %d", nid);
		areas++;
		KUNIT_EXPECT_EQ(test, area->planned_bytes, sz.node_bytes[nid]);
		KUNIT_EXPECT_EQ(test, (u64)cma_get_size(area->cma),
				ALIGN(sz.node_bytes[nid], CMA_MIN_ALIGNMENT_BYTES));
		base = PHYS_PFN(cma_get_base(area->cma));
		KUNIT_EXPECT_EQ(test, page_to_nid(pfn_to_page(base)), nid);
		KUNIT_EXPECT_EQ(test,
				page_to_nid(pfn_to_page(base +
							tdx_pamt_area_pages(area) - 1)),
				nid);
	}
	KUNIT_EXPECT_EQ(test, areas, tdx_pamt_nr_areas);
}

static bool tdx_pamt_test_in_area(const struct tdx_pamt_area *area,
				  struct page *page, unsigned long nr_pages)
{
	unsigned long base = PHYS_PFN(cma_get_base(area->cma));

	return page_to_pfn(page) >= base &&
	       page_to_pfn(page) + nr_pages <= base + tdx_pamt_area_pages(area);
}

/* Pages of @area nobody took (TDX may have taken some before the test). */
static unsigned long tdx_pamt_test_room(const struct tdx_pamt_area *area)
{
	return tdx_pamt_area_pages(area) - atomic_long_read(&area->used_pages);
}

static void tdx_pamt_reserve_alloc_free(struct kunit *test)
{
	struct tdx_pamt_reserve_stats before, s;
	struct tdx_pamt_area *area, *other;
	struct page *page, *rest, *more;
	unsigned long pages, room, others = 0;
	unsigned int i;

	tdx_pamt_test_need_reservation(test);
	area = &tdx_pamt_areas[0];
	pages = tdx_pamt_area_pages(area);
	room = tdx_pamt_test_room(area);
	tdx_pamt_reserve_stats(&before);
	KUNIT_EXPECT_EQ(test, before.nr_areas, tdx_pamt_nr_areas);
	KUNIT_EXPECT_LE(test, before.planned_bytes, before.reserved_bytes);
	KUNIT_EXPECT_LE(test, before.used_bytes + before.lent_bytes,
			before.reserved_bytes);

	KUNIT_EXPECT_NULL(test, tdx_pamt_reserve_alloc(area->nid, 0));
	KUNIT_EXPECT_FALSE(test, tdx_pamt_reserve_free(NULL, 1));
	if (!room)
		kunit_skip(test, "TDX took all of node %d's area", area->nid);

	/* One page, on the area's node, counted as used, then given back. */
	page = tdx_pamt_reserve_alloc(area->nid, 1);
	KUNIT_ASSERT_NOT_NULL(test, page);
	KUNIT_EXPECT_TRUE(test, tdx_pamt_test_in_area(area, page, 1));
	KUNIT_EXPECT_EQ(test, page_to_nid(page), area->nid);
	tdx_pamt_reserve_stats(&s);
	KUNIT_EXPECT_EQ(test, s.used_bytes, before.used_bytes + PAGE_SIZE);
	KUNIT_EXPECT_TRUE(test, tdx_pamt_reserve_free(page, 1));
	tdx_pamt_reserve_stats(&s);
	KUNIT_EXPECT_EQ(test, s.used_bytes, before.used_bytes);

	/* All the room in one chunk: nothing in the area is lent any more. */
	rest = tdx_pamt_reserve_alloc(area->nid, room);
	KUNIT_ASSERT_NOT_NULL(test, rest);
	KUNIT_EXPECT_TRUE(test, tdx_pamt_test_in_area(area, rest, room));
	memset(&s, 0, sizeof(s));
	tdx_pamt_area_stats(area, &s);
	KUNIT_EXPECT_EQ(test, s.used_bytes, s.reserved_bytes);
	KUNIT_EXPECT_EQ(test, s.lent_bytes, 0);

	/* Full: the next page comes from another node's area, if any. */
	more = tdx_pamt_reserve_alloc(area->nid, 1);
	for (i = 1; i < tdx_pamt_nr_areas; i++)
		others += tdx_pamt_test_room(&tdx_pamt_areas[i]);
	if (others) {
		KUNIT_ASSERT_NOT_NULL(test, more);
		other = tdx_pamt_area_of_range(page_to_pfn(more), 1);
		KUNIT_EXPECT_NOT_NULL(test, other);
		KUNIT_EXPECT_PTR_NE(test, other, area);
		KUNIT_EXPECT_TRUE(test, tdx_pamt_reserve_free(more, 1));
	} else {
		KUNIT_EXPECT_NULL(test, more);
	}
	/* More than an area holds. */
	KUNIT_EXPECT_NULL(test, tdx_pamt_reserve_alloc(area->nid, pages + 1));

	KUNIT_EXPECT_TRUE(test, tdx_pamt_reserve_free(rest, room));
	tdx_pamt_reserve_stats(&s);
	KUNIT_EXPECT_EQ(test, s.used_bytes, before.used_bytes);
	KUNIT_EXPECT_EQ(test, s.reserved_bytes, before.reserved_bytes);
}

/* Every area full: no more; pages outside the areas are not taken back. */
static void tdx_pamt_reserve_exhausted(struct kunit *test)
{
	unsigned long room[MAX_CMA_AREAS];
	struct page *chunks[MAX_CMA_AREAS];
	struct page *page;
	unsigned int i;

	tdx_pamt_test_need_reservation(test);
	for (i = 0; i < tdx_pamt_nr_areas; i++) {
		room[i] = tdx_pamt_test_room(&tdx_pamt_areas[i]);
		chunks[i] = NULL;
		if (!room[i])
			continue;
		chunks[i] = tdx_pamt_reserve_alloc(tdx_pamt_areas[i].nid,
						   room[i]);
		KUNIT_EXPECT_NOT_NULL_MSG(test, chunks[i], "area %u", i);
	}
	KUNIT_EXPECT_NULL(test, tdx_pamt_reserve_alloc(NUMA_NO_NODE, 1));
	for (i = 0; i < tdx_pamt_nr_areas; i++)
		if (chunks[i])
			KUNIT_EXPECT_TRUE(test,
					  tdx_pamt_reserve_free(chunks[i],
								room[i]));

	page = alloc_page(GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, page);
	KUNIT_EXPECT_FALSE(test, tdx_pamt_reserve_free(page, 1));
	__free_page(page);
}

/*
 * "Lent" counts pages of an area the buddy allocator does not have free
 * and TDX did not take: take one page behind the reservation's back (as a
 * page lent to a movable allocation would be) and see it counted.
 */
static void tdx_pamt_reserve_lent(struct kunit *test)
{
	struct tdx_pamt_reserve_stats s0 = { }, s1 = { };
	struct tdx_pamt_area *area;
	struct page *page;

	tdx_pamt_test_need_reservation(test);
	area = &tdx_pamt_areas[0];
	tdx_pamt_area_stats(area, &s0);
	page = cma_alloc(area->cma, 1, 0, true);
	KUNIT_ASSERT_NOT_NULL(test, page);
	tdx_pamt_area_stats(area, &s1);
	KUNIT_EXPECT_EQ(test, s1.used_bytes, s0.used_bytes);
	KUNIT_EXPECT_EQ(test, s1.lent_bytes, s0.lent_bytes + PAGE_SIZE);
	KUNIT_EXPECT_TRUE(test, cma_release(area->cma, page, 1));
}

#ifdef CONFIG_INTEL_TDX_MODULE_SIM
#include "tdx_model.h"

/*
 * The fragmentation experiment (the model's tdx_model_fragment()), with the
 * allocations tdx_enable() makes: at each density, an unmovable page pinned
 * in every block of that size the page allocator could form outside the CMA
 * areas; then every area must still give all its room.  Whether
 * runtime-style allocations still find contiguous memory (by migrating
 * movable pages) depends on what else the kernel holds, so it is reported,
 * not asserted: the largest chunk of the planner on this machine (4 MiB, the
 * 4K PAMT of a 1 GiB TDMR) and of the upstream policy (one chunk for all
 * levels of a 3 GiB TDMR, 12316 KiB).
 */
static const unsigned long tdx_pamt_frag_kbs[] = { 0, 4096, 256, 64 };

static void tdx_pamt_frag_desc(const unsigned long *kb, char *desc)
{
	if (*kb)
		snprintf(desc, KUNIT_PARAM_DESC_SIZE, "one_page_per_%lu_KiB",
			 *kb);
	else
		strscpy(desc, "not_fragmented", KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(tdx_pamt_frag, tdx_pamt_frag_kbs, tdx_pamt_frag_desc);

/* A runtime-style contiguous allocation: "ok" or "FAILED", and its time. */
static const char *tdx_pamt_test_contig(int nid, unsigned long nr, s64 *us)
{
	ktime_t t0 = ktime_get();
	struct page *page;

	page = alloc_contig_pages(nr, GFP_KERNEL | __GFP_NOWARN, nid, NULL);
	*us = ktime_us_delta(ktime_get(), t0);
	if (!page)
		return "FAILED";
	free_contig_range(page_to_pfn(page), nr);
	return "ok";
}

static void tdx_pamt_reserve_fragmented(struct kunit *test)
{
	unsigned long room[MAX_CMA_AREAS], held, kb = *(unsigned long *)test->param_value;
	struct page *chunks[MAX_CMA_AREAS];
	s64 bounded_us, upstream_us, reserve_us;
	const char *bounded, *upstream;
	unsigned int i;
	ktime_t t0;
	int nid;

	tdx_pamt_test_need_reservation(test);
	nid = tdx_pamt_areas[0].nid;
	held = tdx_model_fragment(kb);
	if (kb)
		KUNIT_EXPECT_GT(test, held, 0);

	bounded = tdx_pamt_test_contig(nid, SZ_4M >> PAGE_SHIFT, &bounded_us);
	upstream = tdx_pamt_test_contig(nid, KB(12316) >> PAGE_SHIFT,
					&upstream_us);

	t0 = ktime_get();
	for (i = 0; i < tdx_pamt_nr_areas; i++) {
		room[i] = tdx_pamt_test_room(&tdx_pamt_areas[i]);
		chunks[i] = NULL;
		if (!room[i])
			continue;
		chunks[i] = tdx_pamt_reserve_alloc(tdx_pamt_areas[i].nid,
						   room[i]);
		KUNIT_EXPECT_NOT_NULL_MSG(test, chunks[i], "area %u", i);
	}
	reserve_us = ktime_us_delta(ktime_get(), t0);
	kunit_info(test, "%lu pages pinned, one per %lu KiB; upstream 12316 KiB: %s %lld us; bounded 4096 KiB: %s %lld us; reservation, all areas: %s %lld us\n",
		   held, kb, upstream, upstream_us, bounded, bounded_us,
		   test->status == KUNIT_SUCCESS ? "ok" : "FAILED", reserve_us);
	for (i = 0; i < tdx_pamt_nr_areas; i++)
		if (chunks[i])
			KUNIT_EXPECT_TRUE(test,
					  tdx_pamt_reserve_free(chunks[i],
								room[i]));

	tdx_model_fragment(0);
}
#endif

static struct kunit_case tdx_pamt_reserve_test_cases[] = {
	KUNIT_CASE_PARAM(tdx_pamt_param_parse, tdx_pamt_param_gen_params),
	KUNIT_CASE_PARAM(tdx_pamt_size_layout, tdx_pamt_size_gen_params),
	KUNIT_CASE(tdx_pamt_size_orphan_tdmr),
	KUNIT_CASE(tdx_pamt_reserve_boot_sizes),
	KUNIT_CASE(tdx_pamt_reserve_alloc_free),
	KUNIT_CASE(tdx_pamt_reserve_exhausted),
	KUNIT_CASE(tdx_pamt_reserve_lent),
#ifdef CONFIG_INTEL_TDX_MODULE_SIM
	KUNIT_CASE_PARAM(tdx_pamt_reserve_fragmented, tdx_pamt_frag_gen_params),
#endif
	{}
};

static struct kunit_suite tdx_pamt_reserve_test_suite = {
	.name = "tdx_pamt_reserve",
	.test_cases = tdx_pamt_reserve_test_cases,
};

kunit_test_suite(tdx_pamt_reserve_test_suite);
