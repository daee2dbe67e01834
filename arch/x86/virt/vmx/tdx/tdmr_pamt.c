// SPDX-License-Identifier: GPL-2.0
/*
 * PAMT placement within the reserved-area budget.  The caller's allocator
 * decides where each PAMT chunk lands: on a fragmented host
 * alloc_contig_pages() may return any free range of TDX memory, and every
 * chunk inside a TDMR costs that TDMR a reserved area unless it touches a
 * hole or another PAMT range.  tdmr_plan_alloc_pamt() keeps a chunk only if
 * every TDMR it lands in stays within max_reserved_per_tdmr; otherwise it
 * asks the allocator for a range right next to a reserved area, then inside
 * a TDMR with an area left; failing that, it places each node's PAMT in
 * one piece, or all of it.  Then tdmr_plan_set_reserved() cannot fail on the budget.
 * Pure like tdmr_plan.c, and built with it into tools/testing/tdx/.
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
 * The chunks: @t < nr_tdmrs is the 4K level of TDMR @t; TDMR_PAMT_SMALL the
 * 2M and 1G levels of node @nid; TDMR_PAMT_NODE every level of node @nid,
 * the 4K levels first, in TDMR order; TDMR_PAMT_ALL every level of every
 * node, node after node.
 */
#define TDMR_PAMT_SMALL(plan)	((plan)->nr_tdmrs)
#define TDMR_PAMT_NODE(plan)	((plan)->nr_tdmrs + 1)
#define TDMR_PAMT_ALL(plan)	((plan)->nr_tdmrs + 2)

/* Is TDMR @t the first of its node? */
static bool tdmr_pamt_first_of_node(const struct tdmr_plan *plan,
				    unsigned int t)
{
	unsigned int u;

	for (u = 0; u < t; u++)
		if (plan->tdmrs[u].nid == plan->tdmrs[t].nid)
			return false;
	return true;
}

/* All levels of node @nid; of every node for TDMR_PAMT_ALL. */
static u64 tdmr_pamt_node_size(const struct tdmr_plan *plan, unsigned int t,
			       int nid)
{
	u64 size = 0;
	unsigned int u;

	for (u = 0; u < plan->nr_tdmrs; u++) {
		if (t != TDMR_PAMT_ALL(plan) && plan->tdmrs[u].nid != nid)
			continue;
		size += plan->tdmrs[u].pamt_size[TDX_PS_4K];
		if (tdmr_pamt_first_of_node(plan, u))
			size += tdmr_plan_small_pamt_size(plan,
							  plan->tdmrs[u].nid);
	}
	return size;
}

/* Set (or, with @base 0, clear) every level of node @nid from @base on. */
static u64 tdmr_pamt_set_node(struct tdmr_plan *plan, int nid, u64 base)
{
	struct tdmr_plan_tdmr *tdmr;
	unsigned int u;

	for (u = 0; u < plan->nr_tdmrs; u++) {
		tdmr = &plan->tdmrs[u];
		if (tdmr->nid != nid)
			continue;
		tdmr->pamt_base[TDX_PS_4K] = base;
		if (base) {
			base += tdmr->pamt_size[TDX_PS_4K];
		} else {
			tdmr->pamt_base[TDX_PS_2M] = 0;
			tdmr->pamt_base[TDX_PS_1G] = 0;
		}
	}
	if (base)
		tdmr_plan_place_small_pamt(plan, nid, base);
	return base ? base + tdmr_plan_small_pamt_size(plan, nid) : 0;
}

/* Set (or, with @base 0, clear) the PAMT range(s) of chunk @t. */
static void tdmr_pamt_set(struct tdmr_plan *plan, unsigned int t, int nid,
			  u64 base)
{
	unsigned int u;

	if (t < plan->nr_tdmrs) {
		plan->tdmrs[t].pamt_base[TDX_PS_4K] = base;
	} else if (t == TDMR_PAMT_SMALL(plan)) {
		if (base) {
			tdmr_plan_place_small_pamt(plan, nid, base);
			return;
		}
		for (u = 0; u < plan->nr_tdmrs; u++) {
			if (plan->tdmrs[u].nid != nid)
				continue;
			plan->tdmrs[u].pamt_base[TDX_PS_2M] = 0;
			plan->tdmrs[u].pamt_base[TDX_PS_1G] = 0;
		}
	} else if (t == TDMR_PAMT_NODE(plan)) {
		tdmr_pamt_set_node(plan, nid, base);
	} else {
		for (u = 0; u < plan->nr_tdmrs; u++)
			if (tdmr_pamt_first_of_node(plan, u))
				base = tdmr_pamt_set_node(plan, plan->tdmrs[u].nid,
							  base);
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
 * finds room; with @quiet, only there.
 */
static int tdmr_pamt_place(struct tdmr_plan *plan, unsigned int max,
			   const struct tdmr_pamt_ops *ops, unsigned int t,
			   int nid, u64 size, const char *what, bool quiet)
{
	struct tdmr_pamt_miss miss = { };
	u64 base;
	int ret;

	if (quiet)
		goto elsewhere;
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
elsewhere:
	if (ops->alloc_in &&
	    tdmr_pamt_place_elsewhere(plan, max, ops, t, nid, size))
		return 0;
	if (quiet)
		snprintf(plan->err, sizeof(plan->err),
			 "%s PAMT (%llu KB): no room next to a reserved area or in a TDMR with an area left",
			 what, size >> 10);
	else
		snprintf(plan->err, sizeof(plan->err),
			 "%s PAMT (%llu KB) landed at 0x%llx, where TDMR %u would need %u reserved areas, limit %u, and no TDMR with an area left has room for it",
			 what, size >> 10, miss.base, miss.tdmr, miss.needed, max);
	return -ENOSPC;
}

/*
 * Every chunk, for @pieces: TDMR_PLAN_PAMT_CHUNKS one per TDMR (4K) and one
 * per node (2M and 1G); TDMR_PLAN_PAMT_PER_NODE one per node for all its
 * levels; TDMR_PLAN_PAMT_ONE one for everything.  Only the first asks the
 * allocator where it likes; the others only look inside windows.
 */
static int tdmr_pamt_place_all(struct tdmr_plan *plan, unsigned int max,
			       const struct tdmr_pamt_ops *ops,
			       enum tdmr_plan_pamt_pieces pieces)
{
	unsigned int t;
	char what[48];
	int ret, nid;

	if (pieces == TDMR_PLAN_PAMT_ONE)
		return tdmr_pamt_place(plan, max, ops, TDMR_PAMT_ALL(plan), 0,
				       tdmr_pamt_node_size(plan, TDMR_PAMT_ALL(plan), 0),
				       "all nodes: all levels", true);
	for (t = 0; t < plan->nr_tdmrs && pieces == TDMR_PLAN_PAMT_CHUNKS; t++) {
		snprintf(what, sizeof(what), "TDMR %u: 4K", t);
		ret = tdmr_pamt_place(plan, max, ops, t, plan->tdmrs[t].nid,
				      plan->tdmrs[t].pamt_size[TDX_PS_4K], what,
				      false);
		if (ret)
			return ret;
	}
	for (t = 0; t < plan->nr_tdmrs; t++) {
		if (!tdmr_pamt_first_of_node(plan, t))
			continue;
		nid = plan->tdmrs[t].nid;
		if (pieces == TDMR_PLAN_PAMT_PER_NODE) {
			snprintf(what, sizeof(what), "node %d: all levels", nid);
			ret = tdmr_pamt_place(plan, max, ops, TDMR_PAMT_NODE(plan),
					      nid, tdmr_pamt_node_size(plan,
						TDMR_PAMT_NODE(plan), nid),
					      what, true);
		} else {
			snprintf(what, sizeof(what), "node %d: 2M and 1G", nid);
			ret = tdmr_pamt_place(plan, max, ops, TDMR_PAMT_SMALL(plan),
					      nid, tdmr_plan_small_pamt_size(plan, nid),
					      what, false);
		}
		if (ret)
			return ret;
	}
	return 0;
}

/* Give back every chunk placed so far with @pieces (as above). */
static void tdmr_pamt_free_all(struct tdmr_plan *plan,
			       const struct tdmr_pamt_ops *ops,
			       enum tdmr_plan_pamt_pieces pieces)
{
	struct tdmr_plan_tdmr *tdmr;
	unsigned int t;

	for (t = 0; t < plan->nr_tdmrs; t++) {
		tdmr = &plan->tdmrs[t];
		if (pieces == TDMR_PLAN_PAMT_CHUNKS && tdmr->pamt_base[TDX_PS_4K])
			ops->free(ops->ctx, tdmr->pamt_base[TDX_PS_4K],
				  tdmr->pamt_size[TDX_PS_4K]);
		if (!tdmr_pamt_first_of_node(plan, t))
			continue;
		if (pieces == TDMR_PLAN_PAMT_CHUNKS && tdmr->pamt_base[TDX_PS_2M])
			ops->free(ops->ctx, tdmr->pamt_base[TDX_PS_2M],
				  tdmr_plan_small_pamt_size(plan, tdmr->nid));
		else if (pieces == TDMR_PLAN_PAMT_PER_NODE &&
			 tdmr->pamt_base[TDX_PS_4K])
			ops->free(ops->ctx, tdmr->pamt_base[TDX_PS_4K],
				  tdmr_pamt_node_size(plan, TDMR_PAMT_NODE(plan),
						      tdmr->nid));
	}
	for (t = 0; t < plan->nr_tdmrs; t++)
		memset(plan->tdmrs[t].pamt_base, 0,
		       sizeof(plan->tdmrs[t].pamt_base));
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
 * inside each TDMR that has an area left, the node's own first.  If a chunk
 * fits nowhere, every chunk goes back and each node's PAMT is placed in one
 * piece the same way (one area per node), else all of it in one piece
 * (plan->pieces says which).  Chunks kept stay allocated when this fails:
 * the caller frees what @ops gave it.
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
	enum tdmr_plan_pamt_pieces pieces;
	char first[TDMR_PLAN_ERR_LEN];
	unsigned int t;
	int ret;

	plan->err[0] = '\0';
	plan->nr_misplaced = 0;
	plan->pieces = TDMR_PLAN_PAMT_CHUNKS;
	for (t = 0; t < plan->nr_tdmrs; t++)
		memset(plan->tdmrs[t].pamt_base, 0,
		       sizeof(plan->tdmrs[t].pamt_base));

	ret = tdmr_pamt_place_all(plan, max, ops, TDMR_PLAN_PAMT_CHUNKS);
	if (ret != -ENOSPC || !ops->alloc_in)
		return ret;

	/*
	 * The chunks placed so far leave no room for the next one.  Give
	 * them back and place each node's PAMT in one piece (one reserved
	 * area per node), then all of it in one piece, if the memory has a
	 * range that large.
	 */
	snprintf(first, sizeof(first), "%s", plan->err);
	for (pieces = TDMR_PLAN_PAMT_CHUNKS; ret == -ENOSPC &&
	     pieces < TDMR_PLAN_PAMT_ONE; pieces++) {
		tdmr_pamt_free_all(plan, ops, pieces);
		plan->pieces = pieces + 1;
		ret = tdmr_pamt_place_all(plan, max, ops, pieces + 1);
	}
	if (ret == -ENOSPC)
		snprintf(plan->err, sizeof(plan->err), "%s", first);
	return ret;
}
