// SPDX-License-Identifier: GPL-2.0
/*
 * PAMT placement within the reserved-area budget.  The caller's allocator
 * decides where each PAMT chunk lands: on a fragmented host
 * alloc_contig_pages() may return any free range of TDX memory, and every
 * chunk inside a TDMR costs that TDMR a reserved area unless it touches a
 * hole or another PAMT range.  tdmr_plan_alloc_pamt() keeps a chunk only if
 * every TDMR it lands in stays within max_reserved_per_tdmr; otherwise it
 * asks the allocator for a range right next to a reserved area, then inside
 * a TDMR with an area left.  Then tdmr_plan_set_reserved() cannot fail on
 * the budget.  Pure like tdmr_plan.c, and built with it into
 * tools/testing/tdx/.
 */

#include <linux/errno.h>
#include <linux/kernel.h>
#include <linux/string.h>

#include "tdmr_plan.h"

/* Where a chunk must not stay, for the error line. */
struct tdmr_pamt_miss {
	unsigned int tdmr;
	unsigned int needed;
	u64 base;
};

/*
 * Do the TDMRs that [@base, @base + @size) overlaps still fit their budget,
 * with that range already set in the plan?
 */
static bool tdmr_pamt_fits(struct tdmr_plan *plan, unsigned int max, u64 base,
			   u64 size, struct tdmr_pamt_miss *miss)
{
	unsigned int t, needed;

	for (t = 0; t < plan->nr_tdmrs; t++) {
		const struct tdmr_plan_tdmr *tdmr = &plan->tdmrs[t];

		if (base >= tdmr->base + tdmr->size || base + size <= tdmr->base)
			continue;
		needed = tdmr_reserved_needed(plan, t);
		if (needed > max) {
			miss->tdmr = t;
			miss->needed = needed;
			miss->base = base;
			return false;
		}
	}
	return true;
}

/*
 * Set (or, with @base 0, clear) the PAMT range of chunk @t: the 4K level of
 * TDMR @t, or for @t >= nr_tdmrs the 2M and 1G levels of node @nid.
 */
static void tdmr_pamt_set(struct tdmr_plan *plan, unsigned int t, int nid,
			  u64 base)
{
	unsigned int u;

	if (t < plan->nr_tdmrs) {
		plan->tdmrs[t].pamt_base[TDX_PS_4K] = base;
	} else if (base) {
		tdmr_plan_place_small_pamt(plan, nid, base);
	} else {
		for (u = 0; u < plan->nr_tdmrs; u++) {
			if (plan->tdmrs[u].nid != nid)
				continue;
			plan->tdmrs[u].pamt_base[TDX_PS_2M] = 0;
			plan->tdmrs[u].pamt_base[TDX_PS_1G] = 0;
		}
	}
}

/*
 * Window @k for a chunk of @size bytes that costs no new reserved area:
 * exactly right after or right before a PAMT range placed so far or a hole
 * of a TDMR (both are reserved areas already).  Return: false past the last
 * one; [*@lo, *@hi) is empty where window @k does not exist.
 */
static bool tdmr_pamt_edge(const struct tdmr_plan *plan, unsigned int k,
			   u64 size, u64 *lo, u64 *hi)
{
	const struct tdmr_plan_tdmr *tdmr;
	bool after = !(k & 1);
	u64 start = 0, end = 0;

	k /= 2;
	if (k < plan->nr_tdmrs * TDX_PS_NR) {
		tdmr = &plan->tdmrs[k / TDX_PS_NR];
		start = tdmr->pamt_base[k % TDX_PS_NR];
		/* Not placed yet: no window. */
		if (start)
			end = start + tdmr->pamt_size[k % TDX_PS_NR];
	} else {
		k -= plan->nr_tdmrs * TDX_PS_NR;
		if (k >= plan->nr_tdmrs * TDX_MAX_RESERVED_AREAS)
			return false;
		tdmr = &plan->tdmrs[k / TDX_MAX_RESERVED_AREAS];
		k %= TDX_MAX_RESERVED_AREAS;
		if (k < tdmr->nr_holes) {
			start = tdmr->base + tdmr->holes[k].offset;
			end = start + tdmr->holes[k].size;
		}
	}
	*lo = *hi = 0;
	if (end && after && end + size <= TDMR_PLAN_MAX_ADDR)
		*lo = end;
	else if (end && !after && start >= TDMR_PLAN_LOW_SKIP + size)
		*lo = start - size;
	if (*lo)
		*hi = *lo + size;
	return true;
}

/* Keep the chunk from alloc_in() at @base if it fits, else give it back. */
static bool tdmr_pamt_keep(struct tdmr_plan *plan, unsigned int max,
			   const struct tdmr_pamt_ops *ops, unsigned int t,
			   int nid, u64 base, u64 size)
{
	struct tdmr_pamt_miss miss;

	tdmr_pamt_set(plan, t, nid, base);
	if (tdmr_pamt_fits(plan, max, base, size, &miss))
		return true;
	tdmr_pamt_set(plan, t, nid, 0);
	ops->free(ops->ctx, base, size);
	return false;
}

/*
 * The allocator put chunk @t where it does not fit.  Ask it for a range
 * inside a window instead: first right next to a reserved area there is
 * (no new area anywhere), then inside each TDMR that has an area left, the
 * TDMRs whose PAMT comes from @nid first.
 */
static bool tdmr_pamt_place_elsewhere(struct tdmr_plan *plan, unsigned int max,
				      const struct tdmr_pamt_ops *ops,
				      unsigned int t, int nid, u64 size)
{
	unsigned int k, pass;
	u64 lo, hi, base;

	for (k = 0; tdmr_pamt_edge(plan, k, size, &lo, &hi); k++)
		if (lo && !ops->alloc_in(ops->ctx, size, lo, hi, &base) &&
		    tdmr_pamt_keep(plan, max, ops, t, nid, base, size))
			return true;

	/* Pass 0: the TDMRs of @nid; pass 1: the others. */
	for (pass = 0; pass < 2; pass++) {
		for (k = 0; k < plan->nr_tdmrs; k++) {
			const struct tdmr_plan_tdmr *tdmr = &plan->tdmrs[k];
			bool own = tdmr->nid == nid;

			if (own == !!pass ||
			    tdmr_reserved_needed(plan, k) >= max)
				continue;
			if (!ops->alloc_in(ops->ctx, size, tdmr->base,
					   tdmr->base + tdmr->size, &base) &&
			    tdmr_pamt_keep(plan, max, ops, t, nid, base, size))
				return true;
		}
	}
	return false;
}

/*
 * Allocate chunk @t (see tdmr_pamt_set()) of @size bytes where it fits:
 * where the allocator puts it, else where tdmr_pamt_place_elsewhere()
 * finds room.
 */
static int tdmr_pamt_place(struct tdmr_plan *plan, unsigned int max,
			   const struct tdmr_pamt_ops *ops, unsigned int t,
			   int nid, u64 size, const char *what)
{
	struct tdmr_pamt_miss miss;
	u64 base;
	int ret;

	ret = ops->alloc(ops->ctx, size, nid, what, &base);
	if (ret)
		return ret;
	if (base < TDMR_PLAN_LOW_SKIP || (base & (TDX_PAGE_SIZE - 1))) {
		ops->free(ops->ctx, base, size);
		snprintf(plan->err, sizeof(plan->err),
			 "%s PAMT (%llu KB) at 0x%llx: in the first MiB or unaligned",
			 what, size >> 10, base);
		return -EINVAL;
	}
	tdmr_pamt_set(plan, t, nid, base);
	if (tdmr_pamt_fits(plan, max, base, size, &miss))
		return 0;
	tdmr_pamt_set(plan, t, nid, 0);
	/* Back first: it may hold a place next to a reserved area. */
	ops->free(ops->ctx, base, size);
	plan->nr_misplaced++;
	if (ops->alloc_in &&
	    tdmr_pamt_place_elsewhere(plan, max, ops, t, nid, size))
		return 0;
	snprintf(plan->err, sizeof(plan->err),
		 "%s PAMT (%llu KB) landed at 0x%llx, where TDMR %u would need %u reserved areas, limit %u, and no TDMR with an area left has room for it",
		 what, size >> 10, miss.base, miss.tdmr, miss.needed, max);
	return -ENOSPC;
}

/**
 * tdmr_plan_alloc_pamt() - allocate and place every PAMT of a plan
 * @plan:	a plan from tdmr_plan_build(); its pamt_base[] are set
 * @limits:	the module's limits, as given to tdmr_plan_build()
 * @ops:	the caller's allocator
 *
 * The 4K level of each TDMR is one chunk, the 2M and 1G levels of all
 * TDMRs of a node another (tdmr_plan_small_pamt_size()).  A chunk stays
 * where the allocator puts it only if every TDMR it lands in needs at most
 * max_reserved_per_tdmr reserved areas (its holes and the PAMT ranges kept
 * so far).  Otherwise (plan->nr_misplaced counts those) it goes back, and
 * @ops->alloc_in() is asked for it right next to a reserved area, then
 * inside each TDMR that has an area left.  Chunks kept stay allocated when
 * this fails: the caller frees what @ops gave it.
 *
 * Return: 0, the allocator's error, -EINVAL if it returned PAMT in the
 * first MiB, or -ENOSPC when a chunk fits nowhere (plan->err names the
 * chunk, the TDMR and the counts).
 */
int tdmr_plan_alloc_pamt(struct tdmr_plan *plan,
			 const struct tdmr_plan_limits *limits,
			 const struct tdmr_pamt_ops *ops)
{
	unsigned int max = tdmr_max_rsvd(limits);
	unsigned int t, u;
	char what[48];
	int ret, nid;

	plan->err[0] = '\0';
	plan->nr_misplaced = 0;
	for (t = 0; t < plan->nr_tdmrs; t++)
		memset(plan->tdmrs[t].pamt_base, 0,
		       sizeof(plan->tdmrs[t].pamt_base));

	for (t = 0; t < plan->nr_tdmrs; t++) {
		snprintf(what, sizeof(what), "TDMR %u: 4K", t);
		ret = tdmr_pamt_place(plan, max, ops, t, plan->tdmrs[t].nid,
				      plan->tdmrs[t].pamt_size[TDX_PS_4K], what);
		if (ret)
			return ret;
	}

	/* One chunk per node: at the first TDMR of the node. */
	for (t = 0; t < plan->nr_tdmrs; t++) {
		nid = plan->tdmrs[t].nid;
		for (u = 0; u < t && plan->tdmrs[u].nid != nid; u++)
			;
		if (u < t)
			continue;
		snprintf(what, sizeof(what), "node %d: 2M and 1G", nid);
		ret = tdmr_pamt_place(plan, max, ops, plan->nr_tdmrs, nid,
				      tdmr_plan_small_pamt_size(plan, nid), what);
		if (ret)
			return ret;
	}
	return 0;
}
