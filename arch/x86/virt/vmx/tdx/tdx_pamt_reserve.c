// SPDX-License-Identifier: GPL-2.0
/*
 * Opt-in boot reservation of the TDX module's PAMT: "tdx_pamt=reserve".
 *
 * Initializing the TDX module takes about 1/256 of the memory TDX covers for
 * the PAMT, in physically contiguous chunks (the largest is 4 MiB per GiB of
 * the largest TDMR).  By default tdx_enable() allocates them when KVM
 * creates the first TD, which can fail on a fragmented machine.  Reserving
 * the PAMT at boot makes that allocation deterministic, but memory held for
 * a TD that may never run is memory wasted, so the reservation is opt-in and
 * is held as CMA areas: until TDX is initialized, the page allocator lends
 * them to movable allocations, and tdx_enable() gets its PAMT back by
 * migrating those pages away (cma_alloc()), which does not depend on finding
 * free contiguous memory.  Unmovable allocations never land in CMA areas, so
 * they cannot fragment them.
 *
 * Sizing.  setup_arch() calls tdx_pamt_reserve_init() once memblock knows
 * every memory range and its NUMA node.  It runs the TDMR planner on the
 * memory ranges with the limits of a TDX 1.5 module (64 TDMRs, 16 reserved
 * areas per TDMR, 16-byte PAMT entries) and, because the CMRs cannot be read
 * before the module is up, with the memory ranges themselves as CMRs.  The
 * TDMRs cover exactly the GiBs that hold memory whatever the CMRs, so the 4K
 * and 2M PAMT levels that tdx_enable() will need are exactly those of this
 * plan; only the 1G level (one 4 KiB page per TDMR up to 256 GiB) can differ
 * if the real CMRs let the planner choose another number of TDMRs.  Each
 * node's area is that node's PAMT (every level of every TDMR whose PAMT
 * belongs on the node, each 4 KiB-rounded), rounded up to the CMA
 * granularity (a pageblock: 2 MiB with CONFIG_HUGETLB_PAGE, 4 MiB without).
 * No per-chunk slack is needed: chunks are taken with 4 KiB alignment, first
 * fit, so they pack without gaps.
 *
 * This file owns the parameter, the sizing and the declaration of the areas
 * at boot; tdx_pamt_cma.c owns the areas from then on (lending, taking PAMT
 * from them and giving it back, statistics).
 */
#define pr_fmt(fmt) "virt/tdx: " fmt

#include <linux/atomic.h>
#include <linux/cma.h>
#include <linux/errno.h>
#include <linux/init.h>
#include <linux/kernel.h>
#include <linux/memblock.h>
#include <linux/mm.h>
#include <linux/numa.h>
#include <linux/string.h>
#include <asm/tdx_pamt.h>

#include "tdmr_plan.h"
#include "tdx_pamt_cma.h"

#define TDX_PAMT_PARAM		"tdx_pamt"
#define TDX_PAMT_VALUES		"reserve, runtime (default)"
#define TDX_PAMT_MSG_LEN	160
#define TDX_PAMT_MAX_SHOWN	32	/* characters of a bad value shown */

/* The limits a TDX 1.5 module reports (tdx-abi.md §4.3, §4.4). */
static const struct tdmr_plan_limits tdx_pamt_boot_limits = {
	.max_tdmrs = TDX_MAX_TDMRS,
	.max_reserved_per_tdmr = TDX_MAX_RESERVED_AREAS,
	.pamt_entry_size = {
		[TDX_PS_4K] = TDX_PAMT_ENTRY_SIZE,
		[TDX_PS_2M] = TDX_PAMT_ENTRY_SIZE,
		[TDX_PS_1G] = TDX_PAMT_ENTRY_SIZE,
	},
};

/*
 * The planner's inputs and outputs for sizing, all in caller buffers: the
 * boot hook takes them from memblock, the tests from KUnit.
 */
struct tdx_pamt_sizing {
	struct tdx_mem_range *mem;		/* sorted memory, see below */
	unsigned int nr_mem;
	struct tdx_cmr_info *cmrs;		/* scratch, @nr_mem entries */
	struct tdmr_plan plan;			/* caller sets tdmrs, capacity */
	u64 *node_bytes;			/* out, @nr_nodes entries */
	unsigned int nr_nodes;
	bool one_cmr;				/* out: see tdx_pamt_size_nodes() */
};

/*
 * Parse the value of "tdx_pamt=".  Return: 0 with *@mode set, or -EINVAL
 * with the line to print in @msg (naming the parameter, the value and the
 * accepted values).
 */
static int tdx_pamt_parse(const char *arg, enum tdx_pamt_mode *mode,
			  char *msg, size_t len)
{
	if (arg && !strcmp(arg, "reserve")) {
		*mode = TDX_PAMT_RESERVE;
		return 0;
	}
	if (arg && !strcmp(arg, "runtime")) {
		*mode = TDX_PAMT_RUNTIME;
		return 0;
	}
	if (!arg)
		snprintf(msg, len,
			 "%s: no value given; accepted values: %s; using runtime",
			 TDX_PAMT_PARAM, TDX_PAMT_VALUES);
	else
		snprintf(msg, len,
			 "%s=%.*s%s: unknown value; accepted values: %s; using runtime",
			 TDX_PAMT_PARAM, TDX_PAMT_MAX_SHOWN, arg,
			 strlen(arg) > TDX_PAMT_MAX_SHOWN ? "..." : "",
			 TDX_PAMT_VALUES);
	return -EINVAL;
}

static int __init tdx_pamt_param(char *arg)
{
	char msg[TDX_PAMT_MSG_LEN];
	enum tdx_pamt_mode mode;

	if (tdx_pamt_parse(arg, &mode, msg, sizeof(msg))) {
		pr_err("%s\n", msg);
		mode = TDX_PAMT_RUNTIME;
	}
	tdx_pamt_mode = mode;
	/* Handled, also when bad: the line above says why. */
	return 0;
}
early_param(TDX_PAMT_PARAM, tdx_pamt_param);

/*
 * The node a TDMR's PAMT is counted on: the planner's choice, or for a
 * TDMR without memory (inside a gap the planner bridged) the node of the
 * closest TDMR before it that has one (after it, for the first ones).
 */
static int tdx_pamt_tdmr_node(const struct tdmr_plan *plan, unsigned int t)
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

/*
 * tdx_pamt_size_nodes() - the PAMT bytes per node that the plan of @sz->mem
 * needs: the per-level PAMT sizes of every TDMR summed on the TDMR's node.
 * @sz->mem is memblock's list; like tdx_enable(), drop the first MiB from it
 * first (in place, @sz->nr_mem updated): it is never TDX memory.
 * The CMRs are the memory ranges themselves.  A GiB with more holes than a
 * TDMR has reserved areas makes that plan impossible, although the real
 * CMRs (which cover such holes) allow one; then plan again with one CMR
 * spanning all memory and set @sz->one_cmr.  The 4K and 2M levels are the
 * same either way.
 *
 * Return: 0, or the planner's error with the reason in @sz->plan.err, or
 * -EINVAL when a node id is beyond @sz->nr_nodes.
 */
static int tdx_pamt_size_nodes(struct tdx_pamt_sizing *sz)
{
	const struct tdx_mem_range *mem = sz->mem;
	struct tdmr_plan *plan = &sz->plan;
	unsigned int i, nr_cmrs;
	int ret, nid;

	sz->nr_mem = tdmr_plan_skip_low(sz->mem, sz->nr_mem);
	nr_cmrs = sz->nr_mem;
	for (i = 0; i < sz->nr_mem; i++) {
		sz->cmrs[i].base = mem[i].start;
		sz->cmrs[i].size = mem[i].end - mem[i].start;
	}
	sz->one_cmr = false;
	ret = tdmr_plan_build(mem, sz->nr_mem, sz->cmrs, nr_cmrs,
			      &tdx_pamt_boot_limits, plan);
	if (ret == -ENOSPC && sz->nr_mem) {
		sz->cmrs[0].base = mem[0].start;
		sz->cmrs[0].size = mem[sz->nr_mem - 1].end - mem[0].start;
		nr_cmrs = 1;
		sz->one_cmr = true;
		ret = tdmr_plan_build(mem, sz->nr_mem, sz->cmrs, nr_cmrs,
				      &tdx_pamt_boot_limits, plan);
	}
	if (ret)
		return ret;

	memset(sz->node_bytes, 0, sz->nr_nodes * sizeof(*sz->node_bytes));
	for (i = 0; i < plan->nr_tdmrs; i++) {
		const struct tdmr_plan_tdmr *tdmr = &plan->tdmrs[i];

		nid = tdx_pamt_tdmr_node(plan, i);
		if (nid < 0 || nid >= sz->nr_nodes) {
			snprintf(plan->err, sizeof(plan->err),
				 "TDMR %u [%#llx-%#llx) is on node %d, beyond %u nodes",
				 i, tdmr->base, tdmr->base + tdmr->size, nid,
				 sz->nr_nodes);
			return -EINVAL;
		}
		sz->node_bytes[nid] += tdmr->pamt_size[TDX_PS_4K] +
				       tdmr->pamt_size[TDX_PS_2M] +
				       tdmr->pamt_size[TDX_PS_1G];
	}
	return 0;
}

/* Memory of @nid in memblock, for messages. */
static u64 __init tdx_pamt_node_memory(int nid)
{
	unsigned long start_pfn, end_pfn, pages = 0;
	int i;

	for_each_mem_pfn_range(i, nid, &start_pfn, &end_pfn, NULL)
		pages += end_pfn - start_pfn;
	return (u64)pages << PAGE_SHIFT;
}

static void __init tdx_pamt_declare(int nid, u64 bytes)
{
	struct tdx_pamt_area *area = &tdx_pamt_areas[tdx_pamt_nr_areas];
	char name[CMA_MAX_NAME];
	int ret = -ENOSPC;

	snprintf(name, sizeof(name), "tdx_pamt%d", nid);
	if (tdx_pamt_nr_areas < ARRAY_SIZE(tdx_pamt_areas))
		ret = cma_declare_contiguous_nid(0, bytes, 0, 0, 0, false,
						 name, &area->cma, nid);
	if (ret) {
		pr_err("cannot reserve %llu KB on node %d for PAMT (node memory %llu MB, CMA error %d); node %d's PAMT will be allocated when TDX is initialized\n",
		       bytes >> 10, nid, tdx_pamt_node_memory(nid) >> 20, ret,
		       nid);
		return;
	}
	area->nid = nid;
	area->planned_bytes = bytes;
	atomic_long_set(&area->used_pages, 0);
	tdx_pamt_nr_areas++;
	pr_info("reserved %lu KB on node %d for PAMT (CMA, lent to movable allocations until TDX is initialized)\n",
		cma_get_size(area->cma) >> 10, nid);
}

/* Size the PAMT of the boot memory map in @sz's buffers and reserve it. */
static void __init tdx_pamt_reserve_nodes(struct tdx_pamt_sizing *sz,
					  struct tdx_mem_range *mem)
{
	unsigned int nr;
	int nid, ret;

	/* The same list the TDX core builds in tdx_enable(). */
	nr = min(sz->nr_mem, tdx_memblock_ranges(mem, sz->nr_mem));
	sz->mem = mem;
	sz->nr_mem = nr;

	ret = tdx_pamt_size_nodes(sz);
	if (ret) {
		pr_err("cannot reserve PAMT: no TDMR plan for the %u boot memory ranges (%d: %s); PAMT will be allocated when TDX is initialized\n",
		       nr, ret, sz->plan.err);
		return;
	}
	if (sz->one_cmr)
		pr_info("PAMT reservation sized for %u TDMRs ignoring holes: a GiB has more holes than a TDMR has reserved areas\n",
			sz->plan.nr_tdmrs);
	for (nid = 0; nid < sz->nr_nodes; nid++)
		if (sz->node_bytes[nid])
			tdx_pamt_declare(nid, sz->node_bytes[nid]);
}

/**
 * tdx_pamt_reserve_init() - reserve the PAMT at boot if "tdx_pamt=reserve"
 *
 * Called by setup_arch() right after dma_contiguous_reserve(), when memblock
 * knows the memory and its nodes and CMA areas can still be declared.
 * Every outcome prints one line per node; a failure leaves the PAMT to the
 * runtime allocation of tdx_enable().
 */
void __init tdx_pamt_reserve_init(void)
{
	size_t mem_size, cmr_size, tdmr_size, node_size;
	struct tdx_pamt_sizing sz = { };
	struct tdx_mem_range *mem;
	unsigned int nr;

	if (tdx_pamt_mode != TDX_PAMT_RESERVE)
		return;

	nr = tdx_memblock_ranges(NULL, 0);
	if (!nr) {
		pr_err("cannot reserve PAMT: memblock lists no memory; PAMT will be allocated when TDX is initialized\n");
		return;
	}

	/* The planner does not allocate: give it memblock buffers. */
	mem_size = nr * sizeof(*mem);
	cmr_size = nr * sizeof(*sz.cmrs);
	tdmr_size = TDX_MAX_TDMRS * sizeof(*sz.plan.tdmrs);
	node_size = nr_node_ids * sizeof(*sz.node_bytes);
	mem = memblock_alloc(mem_size, SMP_CACHE_BYTES);
	sz.cmrs = memblock_alloc(cmr_size, SMP_CACHE_BYTES);
	sz.plan.tdmrs = memblock_alloc(tdmr_size, SMP_CACHE_BYTES);
	sz.node_bytes = memblock_alloc(node_size, SMP_CACHE_BYTES);
	sz.nr_mem = nr;
	sz.plan.capacity = TDX_MAX_TDMRS;
	sz.nr_nodes = nr_node_ids;

	if (mem && sz.cmrs && sz.plan.tdmrs && sz.node_bytes)
		tdx_pamt_reserve_nodes(&sz, mem);
	else
		pr_err("cannot reserve PAMT: no memory for the planner's buffers (%zu bytes); PAMT will be allocated when TDX is initialized\n",
		       mem_size + cmr_size + tdmr_size + node_size);

	/* memblock_free() ignores NULL. */
	memblock_free(sz.node_bytes, node_size);
	memblock_free(sz.plan.tdmrs, tdmr_size);
	memblock_free(sz.cmrs, cmr_size);
	memblock_free(mem, mem_size);
}

#ifdef CONFIG_INTEL_TDX_PAMT_RESERVE_KUNIT_TEST
#include "tdx_pamt_reserve_test.c"
#endif
