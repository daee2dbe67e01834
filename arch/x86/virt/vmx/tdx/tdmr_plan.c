// SPDX-License-Identifier: GPL-2.0
/*
 * The TDMR/PAMT planner: from the TDX memory ranges, the CMRs and the TDX
 * module's limits to the TDMR list, per-level PAMT sizes and reserved areas
 * that TDH.SYS.CONFIG takes.  This file owns the policy below and the choice
 * of TDMRs: the modes, the binary searches over greedy passes (one pass is
 * tdmr_pass.c), the node of each TDMR's PAMT, and tdmr_plan_build();
 * tdmr_input.c checks the input, tdmr_reserved.c sets the reserved areas.
 * Pure: no SEAMCALLs, no globals, no allocation; the same files are built
 * into the kernel and into tools/testing/tdx/.
 *
 * Policy:
 *
 * - Coverage.  A TDMR covers only GiBs that contain TDX memory, so the TDMRs
 *   cover exactly the GiBs that one TDMR per 1 GiB-rounded run of memory
 *   would cover: splitting costs nothing but the per-level 4 KiB rounding of
 *   the extra TDMRs.  Only when no plan fits without it (more runs than
 *   TDMRs, or holes outside CMRs forcing too many splits) are gaps between
 *   runs bridged (more PAMT, but a plan instead of a failure): then any gap
 *   may be bridged to reach the smallest largest TDMR, and of the plans that
 *   reach it, one that bridges only gaps up to the smallest possible size,
 *   as few of that size as possible.
 *
 * - Reserved areas.  The module needs only the non-reserved parts of a TDMR
 *   to lie in CMRs, so a TDMR reserves the parts outside every CMR (and later
 *   the PAMT ranges inside it), not every hole in the memory map.  Holes that
 *   are separated only by memory that is not TDX memory share one area.
 *
 * - Largest allocation.  Every PAMT level is its own allocation; the largest
 *   is the 4K level of the largest TDMR (4 MiB per GiB).  The planner picks the
 *   smallest maximum TDMR size for which the TDMRs fit the module's limit,
 *   while splitting TDMRs whose holes would leave too few reserved areas for
 *   PAMT (see TDMR_PLAN_PAMT_SLOTS()) and not letting a TDMR span two NUMA
 *   nodes where a GiB boundary separates them -- each as long as the TDMRs
 *   still fit; where two nodes share a GiB, the boundary is rounded to the
 *   nearest GiB.
 *
 * Optimality.  The modes are tried in that order (no bridging, headroom,
 * node-local) and the first that fits is used.  Within a mode the choice is
 * exact, not a heuristic: a greedy pass (each TDMR as long as the mode
 * allows) needs the fewest TDMRs of all plans with a given largest size,
 * because every rule is monotone, so a binary search over the size finds the
 * minimum.  Hence the planner fails (-ENOSPC) only when no plan of 1 GiB
 * aligned TDMRs fits max_tdmrs with holes within the reserved areas it may
 * use, and otherwise its largest TDMR is the smallest of any plan in the
 * first mode that fits.  tools/testing/tdx checks both against an
 * exhaustive search on small layouts.
 */
#include <linux/errno.h>
#include <linux/kernel.h>
#include <linux/numa.h>
#include <linux/string.h>

#include "tdmr_plan.h"

#define TDMR_NR_NID_SLOTS	8

/*
 * Reserved areas the planner uses per TDMR: the module's limit, at most
 * TDX_MAX_RESERVED_AREAS, and one less on a TDX 1.0 module whose limit is
 * the whole array.  TDX 1.0's TDH.SYS.CONFIG checks the tail of a TDMR whose
 * every reserved area is used even when the last one ends at the TDMR end:
 * it then asks whether the TDMR end lies in (or at the end of) a CMR and
 * returns TDX_TDMR_OUTSIDE_CMRS if not (1.5 skips the empty tail; see the
 * conformance notes, TDH.SYS.CONFIG row 11i).  The tail of a TDMR is often
 * a hole outside the CMRs, so on 1.0 the planner never uses the last area.
 */
unsigned int tdmr_max_rsvd(const struct tdmr_plan_limits *limits)
{
	unsigned int max = min_t(unsigned int, limits->max_reserved_per_tdmr,
				 TDX_MAX_RESERVED_AREAS);

	return limits->gen_1_0 && max == TDX_MAX_RESERVED_AREAS ? max - 1 : max;
}

/**
 * tdmr_pamt_level_size() - PAMT bytes of one level for a TDMR.
 * @tdmr_size:	TDMR size in bytes (a multiple of 1 GiB)
 * @level:	PAMT level
 * @entry_size:	bytes per PAMT entry of that level
 *
 * One entry per page of the level's page size, rounded up to 4 KiB.
 *
 * Return: the size in bytes.
 */
u64 tdmr_pamt_level_size(u64 tdmr_size, enum tdx_pamt_level level,
			 unsigned int entry_size)
{
	static const unsigned int shift[TDX_PS_NR] = {
		[TDX_PS_4K] = 12, [TDX_PS_2M] = 21, [TDX_PS_1G] = 30,
	};
	u64 bytes = (tdmr_size >> shift[level]) * entry_size;

	return (bytes + TDX_PAGE_SIZE - 1) & ~(TDX_PAGE_SIZE - 1);
}

/* Does @mode fit max_tdmrs?  Return: 0 or -ENOSPC (see tdmr_plan_pass()). */
static int tdmr_fits(const struct tdmr_plan_ctx *ctx,
		     const struct tdmr_plan_mode *mode, bool *fits, u64 *gibs)
{
	unsigned int count;
	int ret;

	ret = tdmr_plan_pass(ctx, mode, ctx->max_tdmrs, false, &count, gibs);
	*fits = !ret && count <= ctx->max_tdmrs;
	return ret;
}

/* The knob of a mode that one binary search of tdmr_min_size() turns. */
enum tdmr_knob {
	TDMR_KNOB_SIZE,		/* largest TDMR: @v GiB */
	TDMR_KNOB_BRIDGE,	/* bridge gaps of up to @v GiB */
	TDMR_KNOB_EXTRA,	/* and the first @v gaps of exactly that size */
};

/*
 * The smallest @v in [@lo, @hi] with which the plan fits, @knob set to @v;
 * fitting must be monotone in @v and hold at @hi.  Leaves @mode with the knob
 * at whatever value was tried last.
 */
static int tdmr_search(const struct tdmr_plan_ctx *ctx,
		       struct tdmr_plan_mode *mode, enum tdmr_knob knob,
		       u64 lo, u64 hi, u64 *v)
{
	u64 unused;
	bool fits;
	int ret;

	while (lo < hi) {
		u64 mid = lo + (hi - lo) / 2;

		if (knob == TDMR_KNOB_SIZE)
			mode->max_size = mid * TDMR_GIB;
		else if (knob == TDMR_KNOB_BRIDGE)
			mode->bridge = (mid + 1) * TDMR_GIB;
		else
			mode->extra = mid;
		ret = tdmr_fits(ctx, mode, &fits, &unused);
		if (ret)
			return ret;
		if (fits)
			hi = mid;
		else
			lo = mid + 1;
	}
	*v = lo;
	return 0;
}

/**
 * tdmr_min_size() - the optimal plan of one mode
 * @ctx:	the planning run
 * @mode:	node cuts and hole budget in; max_size, bridge, extra out
 * @bridge:	whether TDMRs may bridge gaps between runs of memory
 * @size:	out: the smallest largest TDMR (bytes) of any plan of @mode
 *		that fits max_tdmrs, or 0 if none fits
 *
 * Without @bridge, TDMRs stay inside runs of GiBs that hold TDX memory (no
 * PAMT for gaps) and a binary search over greedy passes finds the smallest
 * largest TDMR of such plans (tdmr_plan_pass() is exact for a given size,
 * and fitting is monotone in the size).  With @bridge, three binary
 * searches: the largest TDMR size with every gap bridgeable (the minimum
 * over all plans of the mode); then, at
 * that size, the smallest gap size G such that bridging only gaps up to G
 * still fits; then the fewest gaps of exactly G (the first ones met) that
 * must be bridged.  So gaps are bridged only when needed, the smallest
 * first, and never at the cost of a larger TDMR.
 *
 * Return: 0 or -ENOSPC (a GiB needs too many reserved areas).
 */
static int tdmr_min_size(const struct tdmr_plan_ctx *ctx,
			 struct tdmr_plan_mode *mode, bool bridge, u64 *size)
{
	/* No TDMR or gap is longer than the span of the memory. */
	u64 span = (tdmr_gib_up(ctx->mem[ctx->nr_mem - 1].end) -
		    tdmr_gib_down(ctx->mem[0].start)) / TDMR_GIB;
	u64 gibs, v;
	bool fits;
	int ret;

	*size = 0;
	mode->max_size = TDMR_PLAN_MAX_ADDR;
	mode->extra = 0;
	mode->bridge = bridge ? TDMR_PLAN_MAX_ADDR : 0;
	ret = tdmr_fits(ctx, mode, &fits, &gibs);
	if (ret || !fits)
		return ret;

	/* Largest TDMR: no TDMR can be smaller than the average. */
	ret = tdmr_search(ctx, mode, TDMR_KNOB_SIZE,
			  (gibs + ctx->max_tdmrs - 1) / ctx->max_tdmrs, span, &v);
	if (ret)
		return ret;
	mode->max_size = v * TDMR_GIB;
	*size = mode->max_size;
	if (!mode->bridge)
		return 0;

	/* Smallest G (GiBs) such that bridging gaps of at most G fits. */
	ret = tdmr_search(ctx, mode, TDMR_KNOB_BRIDGE, 0, span, &v);
	if (ret)
		return ret;
	mode->bridge = v * TDMR_GIB;
	if (!v)
		return 0;	/* no gap bridged */

	/* Fewest gaps of exactly G bridged (gaps below G always are). */
	ret = tdmr_search(ctx, mode, TDMR_KNOB_EXTRA, 0, ctx->nr_mem, &v);
	if (ret)
		return ret;
	mode->extra = v;
	return 0;
}

/* The node owning most of the TDMR's memory, from index *@idx on. */
static int tdmr_node(const struct tdmr_plan_ctx *ctx,
		     const struct tdmr_plan_tdmr *tdmr, unsigned int *idx)
{
	u64 bytes[TDMR_NR_NID_SLOTS] = { 0 }, end = tdmr->base + tdmr->size;
	unsigned int i, j, nr = 0, best = 0;
	int nids[TDMR_NR_NID_SLOTS];

	while (*idx < ctx->nr_mem && ctx->mem[*idx].end <= tdmr->base)
		(*idx)++;
	for (i = *idx; i < ctx->nr_mem && ctx->mem[i].start < end; i++) {
		const struct tdx_mem_range *r = &ctx->mem[i];
		u64 len = tdmr_min(r->end, end) - tdmr_max(r->start, tdmr->base);

		for (j = 0; j < nr; j++)
			if (nids[j] == r->nid)
				break;
		if (j == nr) {
			/* Only the first few nodes of a TDMR are counted. */
			if (nr == TDMR_NR_NID_SLOTS)
				continue;
			nids[nr++] = r->nid;
		}
		bytes[j] += len;
	}
	if (!nr)
		return NUMA_NO_NODE;	/* a bridged gap without memory */
	for (j = 1; j < nr; j++)
		if (bytes[j] > bytes[best])
			best = j;
	return nids[best];
}

/**
 * tdmr_plan_build() - choose TDMRs covering the TDX memory and size their PAMTs
 * @mem:	sorted, non-overlapping ranges of TDX memory
 * @nr_mem:	number of entries in @mem
 * @cmrs:	the module's CMRs (sorted, null entries allowed)
 * @nr_cmrs:	number of entries in @cmrs
 * @limits:	the module's limits
 * @plan:	in: tdmrs/capacity; out: nr_tdmrs, or err on failure
 *
 * Fills plan->tdmrs[0..nr_tdmrs) with sorted TDMRs (base, size, nid,
 * pamt_size[], holes[], and reserved[] = holes[]); pamt_base[] is zeroed for
 * the caller to fill.  Deterministic, no allocation, no recursion; each
 * greedy pass is O(nr_mem + max_tdmrs * nr_cmrs * log(nr_mem)), and a mode
 * takes 1 + log2(span in GiB) passes, twice that plus log2(nr_mem) where
 * gaps must be bridged; up to 8 modes.
 *
 * Return: 0, -EINVAL for bad input (memory outside CMRs, unsorted or
 * overlapping ranges, bad limits) or -ENOSPC when no plan fits the limits;
 * plan->err holds one line saying why.
 */
int tdmr_plan_build(const struct tdx_mem_range *mem, unsigned int nr_mem,
		    const struct tdx_cmr_info *cmrs, unsigned int nr_cmrs,
		    const struct tdmr_plan_limits *limits,
		    struct tdmr_plan *plan)
{
	struct tdmr_plan_ctx ctx = {
		.mem = mem, .nr_mem = nr_mem, .cmrs = cmrs, .nr_cmrs = nr_cmrs,
		.plan = plan,
	};
	struct tdmr_plan_mode mode = { 0 };
	unsigned int i, count, relax, idx = 0;
	u64 size = 0, gibs;
	int ret;

	plan->nr_tdmrs = 0;
	plan->hole_budget = 0;
	plan->bridged = false;
	plan->err[0] = '\0';
	ret = tdmr_check_input(&ctx, limits);
	if (ret)
		return ret;

	ctx.max_tdmrs = min_t(unsigned int, limits->max_tdmrs, plan->capacity);
	ctx.max_rsvd = tdmr_max_rsvd(limits);

	/*
	 * Try the strict modes first: no PAMT for gaps between runs of memory
	 * unless there are too many runs (or holes force too many splits),
	 * then PAMT headroom (without it tdmr_plan_set_reserved() may fail),
	 * then node-local TDMRs.  Within a mode, the smallest largest TDMR that
	 * fits max_tdmrs.
	 */
	for (relax = 0; relax < 8; relax++) {
		mode.node_cuts = !(relax & 1);
		mode.budget = ctx.max_rsvd;
		if (!(relax & 2))
			mode.budget -= TDMR_PLAN_PAMT_SLOTS(ctx.max_rsvd);
		else if (!TDMR_PLAN_PAMT_SLOTS(ctx.max_rsvd))
			continue;	/* the same as relax - 2 */
		ret = tdmr_min_size(&ctx, &mode, relax & 4, &size);
		if (ret)
			return ret;
		if (size)
			break;
	}

	if (!size) {
		/* Count what the most relaxed mode needs, for the message. */
		mode.max_size = TDMR_PLAN_MAX_ADDR;
		mode.bridge = TDMR_PLAN_MAX_ADDR;
		mode.extra = 0;
		mode.node_cuts = false;
		mode.budget = ctx.max_rsvd;
		ret = tdmr_plan_pass(&ctx, &mode, UINT_MAX - 1, false, &count,
				     &gibs);
		if (ret)
			return ret;
		snprintf(plan->err, sizeof(plan->err),
			 "max_tdmrs exceeded: %u TDMRs needed (holes outside CMRs force splits), limit %u (max_tdmrs %u, buffer %u)",
			 count, ctx.max_tdmrs, limits->max_tdmrs,
			 plan->capacity);
		return -ENOSPC;
	}

	ret = tdmr_plan_pass(&ctx, &mode, ctx.max_tdmrs, true, &count, &gibs);
	if (ret)
		return ret;
	/* Cannot happen: the search left @mode at a size that fits. */
	if (count > ctx.max_tdmrs) {
		snprintf(plan->err, sizeof(plan->err),
			 "internal error: the chosen mode needs more than %u TDMRs",
			 ctx.max_tdmrs);
		return -ENOSPC;
	}

	for (i = 0; i < count; i++) {
		struct tdmr_plan_tdmr *tdmr = &plan->tdmrs[i];
		enum tdx_pamt_level lvl;

		tdmr->nid = tdmr_node(&ctx, tdmr, &idx);
		for (lvl = TDX_PS_4K; lvl < TDX_PS_NR; lvl++) {
			tdmr->pamt_size[lvl] =
				tdmr_pamt_level_size(tdmr->size, lvl,
						     limits->pamt_entry_size[lvl]);
			tdmr->pamt_base[lvl] = 0;
		}
		memset(tdmr->holes, 0, sizeof(tdmr->holes));
		tdmr->nr_holes = tdmr_hole_areas(&ctx, tdmr->base,
						 tdmr->base + tdmr->size,
						 ctx.max_rsvd, NULL,
						 tdmr->holes);
		/* Cannot happen: the passes limit every TDMR's holes. */
		if (tdmr->nr_holes > ctx.max_rsvd) {
			snprintf(plan->err, sizeof(plan->err),
				 "internal error: TDMR %u has %u holes, limit %u",
				 i, tdmr->nr_holes, ctx.max_rsvd);
			return -ENOSPC;
		}
		memcpy(tdmr->reserved, tdmr->holes, sizeof(tdmr->reserved));
		tdmr->nr_reserved = tdmr->nr_holes;
	}
	plan->nr_tdmrs = count;
	plan->hole_budget = mode.budget;
	plan->bridged = mode.bridge;
	return 0;
}
