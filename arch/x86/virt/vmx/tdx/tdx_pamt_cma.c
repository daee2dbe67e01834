// SPDX-License-Identifier: GPL-2.0
/*
 * The CMA areas of the opt-in PAMT reservation ("tdx_pamt=reserve") at run
 * time.  tdx_pamt_reserve.c sizes the areas at boot and declares them, one
 * per NUMA node; this file owns them from then on.  Until TDX is initialized
 * the page allocator lends them to movable allocations; tdx_enable() takes
 * its PAMT from them with tdx_pamt_reserve_alloc(), which migrates the lent
 * pages away (cma_alloc()), gives it back with tdx_pamt_reserve_free(), and
 * tdx_pamt_reserve_stats() and debugfs count what is reserved, used and
 * lent.  Without a reservation (no "tdx_pamt=reserve", or no area could be
 * declared) there is no area: every call here finds none and the PAMT comes
 * from the page allocator.
 */
#include <linux/atomic.h>
#include <linux/cma.h>
#include <linux/debugfs.h>
#include <linux/delay.h>
#include <linux/gfp.h>
#include <linux/init.h>
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/mmzone.h>
#include <linux/page-flags.h>
#include <linux/seq_file.h>
#include <linux/spinlock.h>
#include <linux/string.h>

#include "tdx_pamt_cma.h"

/* cma_alloc() attempts while a busy page is in the way (see below). */
#define TDX_PAMT_ALLOC_TRIES	3
#define TDX_PAMT_RETRY_MS	20

/* The areas (see tdx_pamt_cma.h); tdx_pamt_reserve.c declares them. */
struct tdx_pamt_area tdx_pamt_areas[MAX_CMA_AREAS];
unsigned int tdx_pamt_nr_areas __ro_after_init;
enum tdx_pamt_mode tdx_pamt_mode __ro_after_init = TDX_PAMT_RUNTIME;

unsigned long tdx_pamt_area_pages(const struct tdx_pamt_area *area)
{
	return cma_get_size(area->cma) >> PAGE_SHIFT;
}

struct tdx_pamt_area *tdx_pamt_area_of_node(int nid)
{
	unsigned int i;

	for (i = 0; i < tdx_pamt_nr_areas; i++)
		if (tdx_pamt_areas[i].nid == nid)
			return &tdx_pamt_areas[i];
	return NULL;
}

/* The area holding all of [@pfn, @pfn + @nr_pages), or NULL. */
struct tdx_pamt_area *tdx_pamt_area_of_range(unsigned long pfn,
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

void tdx_pamt_area_stats(const struct tdx_pamt_area *area,
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
