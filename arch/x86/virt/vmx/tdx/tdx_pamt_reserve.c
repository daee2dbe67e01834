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
 */
#define pr_fmt(fmt) "virt/tdx: " fmt

#include <linux/atomic.h>
#include <linux/cma.h>
#include <linux/debugfs.h>
#include <linux/delay.h>
#include <linux/errno.h>
#include <linux/gfp.h>
#include <linux/init.h>
#include <linux/kernel.h>
#include <linux/list.h>
#include <linux/memblock.h>
#include <linux/mm.h>
#include <linux/mmzone.h>
#include <linux/mutex.h>
#include <linux/numa.h>
#include <linux/page-flags.h>
#include <linux/seq_file.h>
#include <linux/sizes.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/string.h>
#include <linux/uaccess.h>
#include <asm/tdx_pamt.h>

#include "tdmr_plan.h"
#include "tdx_pamt_reserve.h"

enum tdx_pamt_mode {
	TDX_PAMT_RUNTIME,	/* allocate PAMT in tdx_enable() (default) */
	TDX_PAMT_RESERVE,	/* reserve it at boot, as CMA areas */
};

#define TDX_PAMT_PARAM		"tdx_pamt"
#define TDX_PAMT_VALUES		"reserve, runtime (default)"
#define TDX_PAMT_MSG_LEN	160
#define TDX_PAMT_MAX_SHOWN	32	/* characters of a bad value shown */

/* cma_alloc() attempts while a busy page is in the way (see below). */
#define TDX_PAMT_ALLOC_TRIES	3
#define TDX_PAMT_RETRY_MS	20

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
 * One reserved area.  Set up at boot, before any other CPU runs; afterwards
 * only @used_pages changes.
 */
struct tdx_pamt_area {
	struct cma *cma;
	int nid;
	u64 planned_bytes;		/* the node's PAMT in the boot plan */
	atomic_long_t used_pages;	/* taken by tdx_pamt_reserve_alloc() */
};

static struct tdx_pamt_area tdx_pamt_areas[MAX_CMA_AREAS];
static unsigned int tdx_pamt_nr_areas __ro_after_init;
static enum tdx_pamt_mode tdx_pamt_mode __ro_after_init = TDX_PAMT_RUNTIME;

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

static unsigned long tdx_pamt_area_pages(const struct tdx_pamt_area *area)
{
	return cma_get_size(area->cma) >> PAGE_SHIFT;
}

static struct tdx_pamt_area *tdx_pamt_area_of_node(int nid)
{
	unsigned int i;

	for (i = 0; i < tdx_pamt_nr_areas; i++)
		if (tdx_pamt_areas[i].nid == nid)
			return &tdx_pamt_areas[i];
	return NULL;
}

/* The area holding all of [@pfn, @pfn + @nr_pages), or NULL. */
static struct tdx_pamt_area *tdx_pamt_area_of_range(unsigned long pfn,
						    unsigned long nr_pages)
{
	unsigned int i;

	for (i = 0; i < tdx_pamt_nr_areas; i++) {
		struct tdx_pamt_area *area = &tdx_pamt_areas[i];
		unsigned long base = PHYS_PFN(cma_get_base(area->cma));
		unsigned long end = base + tdx_pamt_area_pages(area);

		if (pfn >= base && pfn < end) {
			if (WARN_ON_ONCE(nr_pages > end - pfn))
				return NULL;
			return area;
		}
	}
	return NULL;
}

/*
 * cma_alloc() migrates the movable pages lent in the range it picks; a page
 * that is briefly pinned or under I/O makes that fail with -EBUSY, and with
 * an area sized exactly there is no other range to try.  So retry a few
 * times while the area still has room.
 */
static struct page *tdx_pamt_area_alloc(struct tdx_pamt_area *area,
					unsigned long nr_pages)
{
	unsigned int try;
	struct page *page;

	for (try = 0; try < TDX_PAMT_ALLOC_TRIES; try++) {
		if (nr_pages > tdx_pamt_area_pages(area) -
			       atomic_long_read(&area->used_pages))
			return NULL;
		if (try)
			msleep(TDX_PAMT_RETRY_MS);
		page = cma_alloc(area->cma, nr_pages, 0, true);
		if (page) {
			atomic_long_add(nr_pages, &area->used_pages);
			return page;
		}
	}
	return NULL;
}

/**
 * tdx_pamt_reserved() - is there a boot reservation of PAMT memory?
 *
 * Return: true if "tdx_pamt=reserve" reserved at least one area.
 */
bool tdx_pamt_reserved(void)
{
	unsigned int i;

	for (i = 0; i < tdx_pamt_nr_areas; i++)
		if (tdx_pamt_area_pages(&tdx_pamt_areas[i]))
			return true;
	return false;
}

/**
 * tdx_pamt_reserve_alloc() - take PAMT pages from the boot reservation
 * @nid:	node the PAMT belongs on (NUMA_NO_NODE: any)
 * @nr_pages:	number of physically contiguous pages
 *
 * Takes the pages from @nid's area, migrating the movable pages lent there;
 * when that area has no room left (only if the plan at tdx_enable() time
 * differs from the boot plan), from another node's area, because memory on
 * another node is still better than no TDX.  The pages are 4 KiB aligned.
 *
 * Context: process context, may sleep.
 * Return: the first page, or NULL when there is no reservation or no area
 * has @nr_pages contiguous pages left.
 */
struct page *tdx_pamt_reserve_alloc(int nid, unsigned long nr_pages)
{
	struct tdx_pamt_area *local;
	struct page *page = NULL;
	unsigned int i;

	might_sleep();
	if (!nr_pages)
		return NULL;
	local = tdx_pamt_area_of_node(nid);
	if (local)
		page = tdx_pamt_area_alloc(local, nr_pages);
	for (i = 0; !page && i < tdx_pamt_nr_areas; i++)
		if (&tdx_pamt_areas[i] != local)
			page = tdx_pamt_area_alloc(&tdx_pamt_areas[i],
						   nr_pages);
	return page;
}

/**
 * tdx_pamt_reserve_free() - give PAMT pages back to the boot reservation
 * @page:	first page, as returned by tdx_pamt_reserve_alloc()
 * @nr_pages:	number of pages, as passed to tdx_pamt_reserve_alloc()
 *
 * Pages given back are lent to movable allocations again.  The caller must
 * make sure the TDX module can no longer touch them.
 *
 * Context: process context.
 * Return: true if the pages belonged to the reservation and were released
 * to it; false if they did not (the caller frees them its own way).
 */
bool tdx_pamt_reserve_free(struct page *page, unsigned long nr_pages)
{
	struct tdx_pamt_area *area;

	if (!page || !nr_pages)
		return false;
	area = tdx_pamt_area_of_range(page_to_pfn(page), nr_pages);
	if (!area)
		return false;
	if (WARN_ON_ONCE(!cma_release(area->cma, page, nr_pages)))
		return false;
	atomic_long_sub(nr_pages, &area->used_pages);
	return true;
}

/*
 * Pages of the area that are not free in the buddy allocator: those TDX
 * took plus those lent to movable allocations (and the few being migrated
 * at this moment).  Per-CPU free lists are drained first so that their
 * pages count as free.  Scanned one pageblock at a time under the zone lock,
 * which makes PageBuddy() and the buddy order stable (mm/internal.h).
 */
static unsigned long tdx_pamt_area_busy_pages(const struct tdx_pamt_area *area)
{
	unsigned long pfn = PHYS_PFN(cma_get_base(area->cma));
	unsigned long end = pfn + tdx_pamt_area_pages(area);
	unsigned long flags, busy = 0;
	struct zone *zone;

	if (pfn == end)
		return 0;
	zone = page_zone(pfn_to_page(pfn));
	drain_all_pages(zone);
	while (pfn < end) {
		unsigned long block_end = min(end, ALIGN(pfn + 1,
							 pageblock_nr_pages));

		spin_lock_irqsave(&zone->lock, flags);
		while (pfn < block_end) {
			struct page *page = pfn_to_page(pfn);
			unsigned long order;

			if (PageBuddy(page)) {
				/* buddy_order(): the order of a free block */
				order = page_private(page);
				if (order < MAX_ORDER) {
					pfn += 1UL << order;
					continue;
				}
			}
			busy++;
			pfn++;
		}
		spin_unlock_irqrestore(&zone->lock, flags);
		cond_resched();
	}
	return busy;
}

static void tdx_pamt_area_stats(const struct tdx_pamt_area *area,
				struct tdx_pamt_reserve_stats *s)
{
	unsigned long used = atomic_long_read(&area->used_pages);
	unsigned long busy = tdx_pamt_area_busy_pages(area);

	s->reserved_bytes += (u64)tdx_pamt_area_pages(area) << PAGE_SHIFT;
	s->planned_bytes += area->planned_bytes;
	s->used_bytes += (u64)used << PAGE_SHIFT;
	/* Racy against concurrent (de)allocations: never below zero. */
	s->lent_bytes += (u64)(busy > used ? busy - used : 0) << PAGE_SHIFT;
	s->nr_areas++;
}

/**
 * tdx_pamt_reserve_stats() - how much is reserved, used and lent
 * @s:	filled with the sums over all areas
 *
 * The lent bytes are counted from the areas' page ranges: pages not free
 * in the buddy allocator minus the pages TDX took.  A snapshot: it takes
 * the zone lock one pageblock at a time and drains the per-CPU free lists.
 *
 * Context: process context, may sleep.
 */
void tdx_pamt_reserve_stats(struct tdx_pamt_reserve_stats *s)
{
	unsigned int i;

	might_sleep();
	memset(s, 0, sizeof(*s));
	for (i = 0; i < tdx_pamt_nr_areas; i++)
		tdx_pamt_area_stats(&tdx_pamt_areas[i], s);
}

#ifdef CONFIG_DEBUG_FS
/* /sys/kernel/debug/tdx/pamt_reserve: the reservation per node and in total. */
static int tdx_pamt_reserve_show(struct seq_file *m, void *unused)
{
	struct tdx_pamt_reserve_stats s = { }, node;
	unsigned int i;

	seq_printf(m, "mode: %s\n", tdx_pamt_mode == TDX_PAMT_RESERVE ?
		   "reserve" : "runtime");
	for (i = 0; i < tdx_pamt_nr_areas; i++) {
		memset(&node, 0, sizeof(node));
		tdx_pamt_area_stats(&tdx_pamt_areas[i], &node);
		seq_printf(m, "node %d: reserved %llu KB, planned %llu KB, used %llu KB, lent %llu KB\n",
			   tdx_pamt_areas[i].nid, node.reserved_bytes >> 10,
			   node.planned_bytes >> 10, node.used_bytes >> 10,
			   node.lent_bytes >> 10);
		s.reserved_bytes += node.reserved_bytes;
		s.planned_bytes += node.planned_bytes;
		s.used_bytes += node.used_bytes;
		s.lent_bytes += node.lent_bytes;
		s.nr_areas++;
	}
	seq_printf(m, "total: reserved %llu KB, planned %llu KB, used %llu KB, lent %llu KB, %u areas\n",
		   s.reserved_bytes >> 10, s.planned_bytes >> 10,
		   s.used_bytes >> 10, s.lent_bytes >> 10, s.nr_areas);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(tdx_pamt_reserve);

/**
 * tdx_pamt_reserve_debugfs() - add "pamt_reserve" to the TDX debugfs directory
 * @dir:	the directory
 */
void tdx_pamt_reserve_debugfs(struct dentry *dir)
{
	debugfs_create_file("pamt_reserve", 0444, dir, NULL,
			    &tdx_pamt_reserve_fops);
}
#else
void tdx_pamt_reserve_debugfs(struct dentry *dir)
{
}
#endif

#ifdef CONFIG_INTEL_TDX_PAMT_RESERVE_KUNIT_TEST
#include "tdx_pamt_reserve_test.c"
#endif
