// SPDX-License-Identifier: GPL-2.0
/*
 * What the TDMR/PAMT planner is given: checks of its input (memory ranges,
 * CMRs and the module's limits) before tdmr_plan_build() plans anything,
 * and whether a range lies inside the CMRs.  Pure, like tdmr_plan.c, and
 * built into the kernel and into tools/testing/tdx/.
 */
#include <linux/errno.h>
#include <linux/kernel.h>
#include <linux/string.h>

#include "tdmr_plan.h"

#define TDMR_MAX_ENTRY_SIZE	0xffffU		/* a 16-bit field */

static bool tdmr_page_aligned(u64 addr)
{
	return !(addr & (TDX_PAGE_SIZE - 1));
}

/* Is [@start, @end) inside the CMRs?  Touching CMRs count as one. */
bool tdmr_in_cmrs(const struct tdx_cmr_info *cmrs, unsigned int nr_cmrs,
		  u64 start, u64 end)
{
	unsigned int c;

	for (c = 0; c < nr_cmrs && start < end; c++) {
		if (!cmrs[c].size || cmrs[c].base + cmrs[c].size <= start)
			continue;
		if (cmrs[c].base > start)
			return false;
		start = cmrs[c].base + cmrs[c].size;
	}
	return start >= end;
}

int tdmr_check_input(const struct tdmr_plan_ctx *ctx,
		     const struct tdmr_plan_limits *limits)
{
	const struct tdx_mem_range *mem = ctx->mem;
	struct tdmr_plan *plan = ctx->plan;
	u64 prev_end = 0;
	unsigned int i, c;

	if (!plan->tdmrs || !plan->capacity || !limits->max_tdmrs ||
	    !limits->max_reserved_per_tdmr ||
	    !limits->pamt_entry_size[TDX_PS_4K] ||
	    !limits->pamt_entry_size[TDX_PS_2M] ||
	    !limits->pamt_entry_size[TDX_PS_1G] ||
	    limits->pamt_entry_size[TDX_PS_4K] > TDMR_MAX_ENTRY_SIZE ||
	    limits->pamt_entry_size[TDX_PS_2M] > TDMR_MAX_ENTRY_SIZE ||
	    limits->pamt_entry_size[TDX_PS_1G] > TDMR_MAX_ENTRY_SIZE) {
		snprintf(plan->err, sizeof(plan->err),
			 "bad limits: max_tdmrs %u (buffer %u), max_reserved_per_tdmr %u, PAMT entry sizes %u/%u/%u",
			 limits->max_tdmrs, plan->tdmrs ? plan->capacity : 0,
			 limits->max_reserved_per_tdmr,
			 limits->pamt_entry_size[TDX_PS_4K],
			 limits->pamt_entry_size[TDX_PS_2M],
			 limits->pamt_entry_size[TDX_PS_1G]);
		return -EINVAL;
	}
	if (!ctx->nr_mem || !mem) {
		snprintf(plan->err, sizeof(plan->err), "no TDX memory to cover");
		return -EINVAL;
	}

	for (c = 0; c < ctx->nr_cmrs; c++) {
		const struct tdx_cmr_info *cmr = &ctx->cmrs[c];

		if (!cmr->size)
			continue;
		if (!tdmr_page_aligned(cmr->base) ||
		    !tdmr_page_aligned(cmr->size) ||
		    cmr->base >= TDMR_PLAN_MAX_ADDR ||
		    cmr->size > TDMR_PLAN_MAX_ADDR - cmr->base ||
		    cmr->base < prev_end) {
			snprintf(plan->err, sizeof(plan->err),
				 "CMR %u [0x%llx-0x%llx) is unaligned, beyond 0x%llx, or not above the previous CMR",
				 c, cmr->base, cmr->base + cmr->size,
				 TDMR_PLAN_MAX_ADDR);
			return -EINVAL;
		}
		prev_end = cmr->base + cmr->size;
	}

	prev_end = 0;
	for (i = 0; i < ctx->nr_mem; i++) {
		if (mem[i].start >= mem[i].end ||
		    !tdmr_page_aligned(mem[i].start) ||
		    !tdmr_page_aligned(mem[i].end) ||
		    mem[i].end > TDMR_PLAN_MAX_ADDR) {
			snprintf(plan->err, sizeof(plan->err),
				 "memory range %u [0x%llx-0x%llx) is empty, not 4 KiB aligned or beyond 0x%llx",
				 i, mem[i].start, mem[i].end,
				 TDMR_PLAN_MAX_ADDR);
			return -EINVAL;
		}
		if (mem[i].start < prev_end) {
			snprintf(plan->err, sizeof(plan->err),
				 "memory range %u [0x%llx-0x%llx) overlaps or precedes range %u (ends at 0x%llx)",
				 i, mem[i].start, mem[i].end, i - 1,
				 prev_end);
			return -EINVAL;
		}
		prev_end = mem[i].end;
	}

	/* Every range inside the CMRs (touching CMRs count as one). */
	for (i = 0; i < ctx->nr_mem; i++) {
		if (!tdmr_in_cmrs(ctx->cmrs, ctx->nr_cmrs, mem[i].start,
				  mem[i].end)) {
			snprintf(plan->err, sizeof(plan->err),
				 "memory range %u [0x%llx-0x%llx) is not inside the CMRs",
				 i, mem[i].start, mem[i].end);
			return -EINVAL;
		}
	}
	return 0;
}
