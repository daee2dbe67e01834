// SPDX-License-Identifier: GPL-2.0
/*
 * One greedy pass of the TDMR/PAMT planner: cut the TDX memory into TDMRs as
 * a mode (struct tdmr_plan_mode) says, and count the reserved areas that the
 * holes outside the CMRs cost a TDMR.  It owns the geometry of a TDMR: the
 * pieces a TDMR may not cross (runs of GiBs holding TDX memory, cut at NUMA
 * node changes), which gaps between them it may bridge, and how far the hole
 * budget lets it reach.  tdmr_plan.c chooses the mode, by binary searches
 * over these passes.  Pure, like tdmr_plan.c, and built into the kernel and
 * into tools/testing/tdx/.
 */
#include <linux/errno.h>
#include <linux/kernel.h>

#include "tdmr_plan.h"

/* Position of a pass over the memory ranges. */
struct tdmr_plan_cursor {
	unsigned int idx;		/* next memory range */
	u64 floor;			/* the next piece starts here or above */
	unsigned int extra;		/* gaps of size mode->bridge bridged */
};

/* Is any TDX memory in [start, end)?  Binary search over the ranges. */
static bool tdmr_mem_between(const struct tdmr_plan_ctx *ctx, u64 start,
			     u64 end)
{
	unsigned int lo = 0, hi = ctx->nr_mem;

	if (start >= end)
		return false;
	/* The first range that ends above @start. */
	while (lo < hi) {
		unsigned int mid = lo + (hi - lo) / 2;

		if (ctx->mem[mid].end <= start)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < ctx->nr_mem && ctx->mem[lo].start < end;
}

/*
 * The gaps between CMRs: start with *@i = 0 and *@prev = 0; each call returns
 * the next non-empty gap [*@start, *@end) below TDMR_PLAN_MAX_ADDR.
 */
static bool tdmr_next_hole(const struct tdmr_plan_ctx *ctx, unsigned int *i,
			   u64 *prev, u64 *start, u64 *end)
{
	while (*i <= ctx->nr_cmrs) {
		unsigned int c = (*i)++;
		u64 hole_start = *prev, hole_end;

		if (c == ctx->nr_cmrs) {
			hole_end = TDMR_PLAN_MAX_ADDR;
		} else {
			if (!ctx->cmrs[c].size)
				continue;
			hole_end = ctx->cmrs[c].base;
			*prev = ctx->cmrs[c].base + ctx->cmrs[c].size;
		}
		if (hole_start < hole_end) {
			*start = hole_start;
			*end = hole_end;
			return true;
		}
	}
	return false;
}

/*
 * Count the reserved areas that holes need in [@start, @end), storing them
 * (offsets relative to @start) in @out unless it is NULL.  Holes separated
 * only by memory that is not TDX memory share an area.  Stops once more than
 * @stop_after areas were found and returns @stop_after + 1; *@stop_at (if
 * not NULL) then holds the start of that first extra area.
 */
unsigned int tdmr_hole_areas(const struct tdmr_plan_ctx *ctx, u64 start,
			     u64 end, unsigned int stop_after, u64 *stop_at,
			     struct tdx_tdmr_reserved_area *out)
{
	u64 hs, he, prev = 0, area_start = 0, area_end = 0;
	unsigned int i = 0, n = 0;

	while (tdmr_next_hole(ctx, &i, &prev, &hs, &he)) {
		if (he <= start)
			continue;
		if (hs >= end)
			break;
		hs = tdmr_max(hs, start);
		he = tdmr_min(he, end);
		if (n && !tdmr_mem_between(ctx, area_end, hs)) {
			area_end = he;
			continue;
		}
		if (n && out)
			out[n - 1].size = area_end - area_start;
		if (n == stop_after) {
			if (stop_at)
				*stop_at = hs;
			return n + 1;
		}
		n++;
		area_start = hs;
		area_end = he;
		if (out)
			out[n - 1].offset = area_start - start;
	}
	if (n && out)
		out[n - 1].size = area_end - area_start;
	return n;
}

/*
 * The end of a TDMR starting at @start, as far as holes are concerned: the
 * highest GiB boundary up to which holes fit @budget areas, or a single GiB
 * when the first GiB needs more than @budget but no more than every area.
 * Return: 0, or -ENOSPC when the first GiB alone needs too many areas.
 */
static int tdmr_hole_limit(const struct tdmr_plan_ctx *ctx, u64 start,
			   unsigned int budget, unsigned int idx, u64 *limit)
{
	u64 stop_at = 0;
	unsigned int n;

	n = tdmr_hole_areas(ctx, start, TDMR_PLAN_MAX_ADDR, budget, &stop_at,
			    NULL);
	if (n <= budget) {
		*limit = TDMR_PLAN_MAX_ADDR;
		return 0;
	}
	if (tdmr_gib_down(stop_at) > start) {
		*limit = tdmr_gib_down(stop_at);
		return 0;
	}
	n = tdmr_hole_areas(ctx, start, start + TDMR_GIB, UINT_MAX, NULL, NULL);
	if (n <= ctx->max_rsvd) {
		*limit = start + TDMR_GIB;
		return 0;
	}
	snprintf(ctx->plan->err, sizeof(ctx->plan->err),
		 "max_reserved_per_tdmr exceeded: TDMR %u [0x%llx-0x%llx) needs %u reserved areas for holes outside CMRs in one GiB, limit %u",
		 idx, start, start + TDMR_GIB, n, ctx->max_rsvd);
	return -ENOSPC;
}

/* Does @mode bridge a gap of @gap bytes between runs (counting in @cur)? */
static bool tdmr_bridge(const struct tdmr_plan_mode *mode,
			struct tdmr_plan_cursor *cur, u64 gap)
{
	if (gap < mode->bridge)
		return true;
	if (gap == mode->bridge && cur->extra < mode->extra) {
		cur->extra++;
		return true;
	}
	return false;
}

/*
 * The next piece of memory a TDMR may not cross: a run of GiBs that contain
 * TDX memory (and the gaps @mode bridges), cut at NUMA node changes if
 * @mode->node_cuts.  Where two nodes share a GiB, the GiB goes to the node
 * whose side of the boundary is larger.
 */
static bool tdmr_next_piece(const struct tdmr_plan_ctx *ctx,
			    struct tdmr_plan_cursor *cur,
			    const struct tdmr_plan_mode *mode,
			    u64 *piece_start, u64 *piece_end)
{
	const struct tdx_mem_range *mem = ctx->mem;
	u64 start, end;
	unsigned int i;
	int nid;

	while (cur->idx < ctx->nr_mem && mem[cur->idx].end <= cur->floor)
		cur->idx++;
	if (cur->idx >= ctx->nr_mem)
		return false;

	start = tdmr_max(tdmr_gib_down(mem[cur->idx].start), cur->floor);
	end = tdmr_gib_up(mem[cur->idx].end);
	nid = mem[cur->idx].nid;
	for (i = cur->idx + 1; i < ctx->nr_mem; i++) {
		u64 rs = tdmr_gib_down(mem[i].start), cut;

		if (mode->node_cuts && mem[i].nid != nid && rs >= end)
			break;	/* a GiB boundary separates the nodes */
		if (rs > end && !tdmr_bridge(mode, cur, rs - end))
			break;
		if (mode->node_cuts && mem[i].nid != nid) {
			/* They share GiB @rs: round the boundary. */
			cut = tdmr_gib_down(mem[i].start + TDMR_GIB / 2);
			if (cut > start) {
				end = cut;
				break;
			}
			nid = mem[i].nid;
		}
		end = tdmr_max(end, tdmr_gib_up(mem[i].end));
	}
	cur->idx = i;
	cur->floor = end;
	*piece_start = start;
	*piece_end = end;
	return true;
}

/*
 * May a TDMR that reaches the next piece at @next_start bridge the gap from
 * @piece_end?  Not at a NUMA node change when @mode->node_cuts (between
 * ranges @idx - 1 and @idx, the last of this piece and the first of the
 * next), not for a gap of 0 (a node cut inside a GiB), and only for gaps
 * that @mode bridges.
 */
static bool tdmr_may_bridge(const struct tdmr_plan_ctx *ctx,
			    const struct tdmr_plan_mode *mode,
			    struct tdmr_plan_cursor *bcur, unsigned int idx,
			    u64 piece_end, u64 next_start)
{
	if (next_start <= piece_end)
		return false;
	if (mode->node_cuts && idx && idx < ctx->nr_mem &&
	    ctx->mem[idx - 1].nid != ctx->mem[idx].nid)
		return false;
	return tdmr_bridge(mode, bcur, next_start - piece_end);
}

/**
 * tdmr_plan_pass() - cut the memory into TDMRs as @mode says, greedily
 * @ctx:	the planning run
 * @mode:	largest TDMR, which gaps may be bridged, node cuts, hole budget
 * @max_count:	stop counting above this many TDMRs
 * @emit:	store the TDMRs in the plan
 * @count:	out: the number of TDMRs, or @max_count + 1 if more
 * @gibs:	out: the GiBs of the pieces (GiBs that hold TDX memory)
 *
 * The memory is a sequence of pieces (runs of GiBs holding TDX memory, cut
 * at NUMA node changes if @mode->node_cuts).  Each TDMR starts where the
 * previous one stopped, or at the next piece, and ends as far as the size
 * limit and the hole budget allow, bridging the gaps to further pieces that
 * @mode allows and that it reaches, but never ending inside a gap.  Every
 * constraint on a TDMR is monotone (a TDMR inside an allowed one is allowed,
 * and the farthest end from a start never decreases as the start moves up),
 * so this greedy cut needs the fewest TDMRs of all plans under the same rules.
 *
 * Return: 0 or -ENOSPC (a GiB with memory needs too many reserved areas).
 */
int tdmr_plan_pass(const struct tdmr_plan_ctx *ctx,
		   const struct tdmr_plan_mode *mode,
		   unsigned int max_count, bool emit,
		   unsigned int *count, u64 *gibs)
{
	struct tdmr_plan_mode pieces = *mode;
	struct tdmr_plan_cursor cur = { 0 }, bcur = { 0 };
	u64 ps, pe, ns, ne, start, end, limit;
	unsigned int n = 0, idx;
	bool more;
	int ret;

	/* Pieces: no gap bridged; bridging is decided here, per TDMR. */
	pieces.bridge = 0;
	pieces.extra = 0;
	*gibs = 0;
	*count = 0;
	if (!tdmr_next_piece(ctx, &cur, &pieces, &ps, &pe))
		return 0;
	*gibs += (pe - ps) / TDMR_GIB;
	start = ps;
	for (;;) {
		ret = tdmr_hole_limit(ctx, start, mode->budget, n, &limit);
		if (ret)
			return ret;
		limit = tdmr_min(limit, start + mode->max_size);
		for (;;) {
			end = tdmr_min(pe, limit);
			if (end < pe) {
				more = true;	/* the next TDMR starts at @end */
				break;
			}
			idx = cur.idx;
			more = tdmr_next_piece(ctx, &cur, &pieces, &ns, &ne);
			if (!more)
				break;
			*gibs += (ne - ns) / TDMR_GIB;
			if (ns >= limit ||
			    !tdmr_may_bridge(ctx, mode, &bcur, idx, pe, ns)) {
				ps = ns;
				pe = ne;
				break;		/* the next TDMR starts at @ns */
			}
			ps = ns;
			pe = ne;
		}
		if (n == max_count) {
			*count = max_count + 1;
			return 0;
		}
		if (emit) {
			ctx->plan->tdmrs[n].base = start;
			ctx->plan->tdmrs[n].size = end - start;
		}
		n++;
		if (!more)
			break;
		/* Inside the same piece, or at the start of the next one. */
		start = tdmr_max(end, ps);
	}
	*count = n;
	return 0;
}
