/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The opt-in boot reservation of PAMT memory ("tdx_pamt=reserve"), for the
 * TDX core.  At boot, setup_arch() sizes the PAMT that the TDMR plan of the
 * boot memory map needs on each NUMA node and declares one CMA area per node
 * of that size.  Until TDX is initialized the page allocator lends those
 * areas to movable allocations; tdx_enable() then takes its PAMT from them
 * with tdx_pamt_reserve_alloc(), which migrates the movable pages away, so
 * that it does not depend on finding free contiguous memory.
 */
#ifndef _X86_VIRT_TDX_PAMT_RESERVE_H
#define _X86_VIRT_TDX_PAMT_RESERVE_H

#include <linux/types.h>

struct page;

/**
 * struct tdx_pamt_reserve_stats - the reservation, for sysfs and debugfs
 * @reserved_bytes:	size of all reserved areas
 * @planned_bytes:	PAMT the boot memory map needs on the reserved nodes
 *			(@reserved_bytes minus the rounding up to the CMA
 *			granularity, a 2 or 4 MiB pageblock)
 * @used_bytes:		taken by tdx_pamt_reserve_alloc() and not freed
 * @lent_bytes:		in use by the page allocator inside the areas
 *			(movable pages lent while TDX does not need them)
 * @nr_areas:		number of reserved areas (one per node)
 */
struct tdx_pamt_reserve_stats {
	u64 reserved_bytes;
	u64 planned_bytes;
	u64 used_bytes;
	u64 lent_bytes;
	unsigned int nr_areas;
};

struct dentry;
struct tdx_mem_range;

/* memory.c: the memory list tdx_enable() plans from, also used at boot. */
unsigned int tdx_memblock_ranges(struct tdx_mem_range *mem, unsigned int max);

#ifdef CONFIG_INTEL_TDX_PAMT_RESERVE
bool tdx_pamt_reserved(void);
struct page *tdx_pamt_reserve_alloc(int nid, unsigned long nr_pages);
bool tdx_pamt_reserve_free(struct page *page, unsigned long nr_pages);
void tdx_pamt_reserve_stats(struct tdx_pamt_reserve_stats *s);
void tdx_pamt_reserve_debugfs(struct dentry *dir);
#else
static inline bool tdx_pamt_reserved(void)
{
	return false;
}

static inline struct page *tdx_pamt_reserve_alloc(int nid,
						  unsigned long nr_pages)
{
	return NULL;
}

static inline bool tdx_pamt_reserve_free(struct page *page,
					 unsigned long nr_pages)
{
	return false;
}

static inline void tdx_pamt_reserve_stats(struct tdx_pamt_reserve_stats *s)
{
	*s = (struct tdx_pamt_reserve_stats){ 0 };
}

static inline void tdx_pamt_reserve_debugfs(struct dentry *dir)
{
}
#endif

#endif /* _X86_VIRT_TDX_PAMT_RESERVE_H */
