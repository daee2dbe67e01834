/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The CMA areas of the opt-in PAMT reservation ("tdx_pamt=reserve"), shared
 * by the two files of the reservation: tdx_pamt_cma.c (the areas at run
 * time) and tdx_pamt_reserve.c ("tdx_pamt=", sizing and declaring the areas
 * at boot, and the KUnit tests, which it includes).  The TDX core uses
 * tdx_pamt_reserve.h.
 */
#ifndef _X86_VIRT_TDX_PAMT_CMA_H
#define _X86_VIRT_TDX_PAMT_CMA_H

#include <linux/atomic.h>
#include <linux/cma.h>
#include <linux/types.h>

#include "tdx_pamt_reserve.h"

enum tdx_pamt_mode {
	TDX_PAMT_RUNTIME,	/* allocate PAMT in tdx_enable() (default) */
	TDX_PAMT_RESERVE,	/* reserve it at boot, as CMA areas */
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

extern struct tdx_pamt_area tdx_pamt_areas[MAX_CMA_AREAS];
extern unsigned int tdx_pamt_nr_areas;
extern enum tdx_pamt_mode tdx_pamt_mode;

unsigned long tdx_pamt_area_pages(const struct tdx_pamt_area *area);
struct tdx_pamt_area *tdx_pamt_area_of_node(int nid);
struct tdx_pamt_area *tdx_pamt_area_of_range(unsigned long pfn,
					     unsigned long nr_pages);
void tdx_pamt_area_stats(const struct tdx_pamt_area *area,
			 struct tdx_pamt_reserve_stats *s);

#endif /* _X86_VIRT_TDX_PAMT_CMA_H */
