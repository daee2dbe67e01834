// SPDX-License-Identifier: GPL-2.0
/*
 * From a TDMR plan to what TDH.SYS.CONFIG takes, once the PAMT has landed:
 * each TDMR's reserved areas (its holes outside the CMRs and every PAMT
 * range inside it, merged), the layout of a node's small PAMT levels in one
 * chunk, and the TDMR_INFO entries; also the rule that the first MiB is
 * never TDX memory.  tdmr_plan.c chooses the TDMRs.  Pure like it, and built
 * with it into the kernel and into tools/testing/tdx/.
 */

#include <linux/errno.h>
#include <linux/kernel.h>
#include <linux/string.h>

#include "tdmr_plan.h"

/*
 * Candidate @k of TDMR @t's reserved areas: its holes first, then the PAMT
 * ranges of every TDMR clipped to it.  Offsets relative to the TDMR base.
 */
static bool tdmr_rsvd_candidate(const struct tdmr_plan *plan, unsigned int t,
				unsigned int k, u64 *start, u64 *end)
{
	const struct tdmr_plan_tdmr *tdmr = &plan->tdmrs[t];
	const struct tdmr_plan_tdmr *owner;
	u64 base, pend;

	if (k < tdmr->nr_holes) {
		*start = tdmr->holes[k].offset;
		*end = *start + tdmr->holes[k].size;
		return true;
	}
	k -= tdmr->nr_holes;
	owner = &plan->tdmrs[k / TDX_PS_NR];
	base = owner->pamt_base[k % TDX_PS_NR];
	pend = base + owner->pamt_size[k % TDX_PS_NR];
	/*
	 * Not placed yet (tdmr_plan_alloc_pamt()): PAMT is never in the first
	 * MiB, tdmr_plan_set_reserved() checks it.
	 */
	if (!base)
		return false;
	if (pend <= tdmr->base || base >= tdmr->base + tdmr->size)
		return false;
	*start = max(base, tdmr->base) - tdmr->base;
	*end = min(pend, tdmr->base + tdmr->size) - tdmr->base;
	return true;
}

/*
 * Fill TDMR @t's reserved areas (at most @max) from its candidates, taken in
 * order of start (then index) and merged where they touch or overlap.
 * O(candidates^2) without any buffer.  Return: the number of areas needed,
 * which may exceed @max; *@nr_pamt gets the PAMT ranges inside the TDMR.
 */
static unsigned int tdmr_fill_reserved(struct tdmr_plan *plan, unsigned int t,
				       unsigned int max, unsigned int *nr_pamt)
{
	u64 s, e, best_s = 0, best_e = 0, prev_s = 0, last_end = 0;
	struct tdmr_plan_tdmr *tdmr = &plan->tdmrs[t];
	unsigned int nr = tdmr->nr_holes + plan->nr_tdmrs * TDX_PS_NR;
	unsigned int k, best, prev = 0, n = 0;
	bool have_prev = false;

	*nr_pamt = 0;
	for (;;) {
		best = nr;
		for (k = 0; k < nr; k++) {
			if (!tdmr_rsvd_candidate(plan, t, k, &s, &e))
				continue;
			if (have_prev &&
			    (s < prev_s || (s == prev_s && k <= prev)))
				continue;
			if (best == nr || s < best_s) {
				best = k;
				best_s = s;
				best_e = e;
			}
		}
		if (best == nr)
			break;
		have_prev = true;
		prev = best;
		prev_s = best_s;
		if (best >= tdmr->nr_holes)
			(*nr_pamt)++;
		if (n && best_s <= last_end) {
			last_end = max(last_end, best_e);
		} else {
			n++;
			last_end = best_e;
			if (n <= max)
				tdmr->reserved[n - 1].offset = best_s;
		}
		if (n <= max)
			tdmr->reserved[n - 1].size = last_end -
						     tdmr->reserved[n - 1].offset;
	}
	tdmr->nr_reserved = n < max ? n : max;
	return n;
}

unsigned int tdmr_reserved_needed(struct tdmr_plan *plan, unsigned int t)
{
	unsigned int nr_pamt;

	return tdmr_fill_reserved(plan, t, TDX_MAX_RESERVED_AREAS, &nr_pamt);
}

static const char * const tdmr_level_name[TDX_PS_NR] = {
	[TDX_PS_4K] = "4K", [TDX_PS_2M] = "2M", [TDX_PS_1G] = "1G",
};

/**
 * tdmr_plan_set_reserved() - fill every TDMR's reserved areas
 * @cmrs:	the module's CMRs, as given to tdmr_plan_build()
 * @nr_cmrs:	number of entries in @cmrs
 * @limits:	the module's limits, as given to tdmr_plan_build()
 * @plan:	a plan from tdmr_plan_build() whose pamt_base[] the caller set
 *
 * A TDMR's reserved areas are its holes (parts outside every CMR, see
 * tdmr_plan_build()) plus every PAMT range of any TDMR that lies inside it,
 * merged where they touch or overlap, sorted.  May be called again after
 * the caller moved PAMTs.
 *
 * Return: 0, -EINVAL if a PAMT range is unaligned, in the first MiB (never
 * TDX memory: TDMR_PLAN_LOW_SKIP) or not inside the CMRs, or
 * -ENOSPC when a TDMR needs more than max_reserved_per_tdmr areas; plan->err
 * then names the TDMR and the counts.
 */
int tdmr_plan_set_reserved(const struct tdx_cmr_info *cmrs, unsigned int nr_cmrs,
			   const struct tdmr_plan_limits *limits,
			   struct tdmr_plan *plan)
{
	unsigned int max = tdmr_max_rsvd(limits);
	unsigned int t, lvl, nr_pamt, needed;
	u64 start, end;

	plan->err[0] = '\0';
	for (t = 0; t < plan->nr_tdmrs; t++) {
		const struct tdmr_plan_tdmr *tdmr = &plan->tdmrs[t];

		for (lvl = 0; lvl < TDX_PS_NR; lvl++) {
			start = tdmr->pamt_base[lvl];
			end = start + tdmr->pamt_size[lvl];
			if ((start & (TDX_PAGE_SIZE - 1)) || end <= start ||
			    start < TDMR_PLAN_LOW_SKIP ||
			    !tdmr_in_cmrs(cmrs, nr_cmrs, start, end)) {
				snprintf(plan->err, sizeof(plan->err),
					 "TDMR %u: PAMT %s [0x%llx-0x%llx) is empty, unaligned, in the first MiB or not inside a CMR",
					 t, tdmr_level_name[lvl], start, end);
				return -EINVAL;
			}
		}
	}

	for (t = 0; t < plan->nr_tdmrs; t++) {
		struct tdmr_plan_tdmr *tdmr = &plan->tdmrs[t];

		memset(tdmr->reserved, 0, sizeof(tdmr->reserved));
		needed = tdmr_fill_reserved(plan, t, max, &nr_pamt);
		if (needed > max) {
			snprintf(plan->err, sizeof(plan->err),
				 "max_reserved_per_tdmr exceeded: TDMR %u [0x%llx-0x%llx) needs %u reserved areas (%u holes outside CMRs, %u PAMT ranges), limit %u",
				 t, tdmr->base, tdmr->base + tdmr->size, needed,
				 tdmr->nr_holes, nr_pamt, max);
			return -ENOSPC;
		}
	}
	return 0;
}

/**
 * tdmr_plan_small_pamt_size() - bytes of the 2M and 1G PAMT levels of a node
 * @plan:	a plan from tdmr_plan_build()
 * @nid:	a node, as in plan->tdmrs[].nid
 *
 * Each PAMT range inside a TDMR costs a reserved area unless it touches
 * another.  The 2M and 1G levels are tiny (8 KiB per GiB, 4 KiB per TDMR),
 * so a caller can allocate those of all TDMRs whose PAMT comes from @nid as
 * one chunk, then lay them out with tdmr_plan_place_small_pamt(): one area
 * instead of up to two per TDMR.  With 16-byte entries that chunk is at most
 * 3 * nr_tdmrs / 1024 of the largest 4K-level PAMT (3/16 with 64 TDMRs).
 *
 * Return: the size in bytes (0 if no TDMR has @nid).
 */
u64 tdmr_plan_small_pamt_size(const struct tdmr_plan *plan, int nid)
{
	unsigned int t;
	u64 bytes = 0;

	for (t = 0; t < plan->nr_tdmrs; t++)
		if (plan->tdmrs[t].nid == nid)
			bytes += plan->tdmrs[t].pamt_size[TDX_PS_2M] +
				 plan->tdmrs[t].pamt_size[TDX_PS_1G];
	return bytes;
}

/**
 * tdmr_plan_place_small_pamt() - lay out a node's 2M and 1G PAMT levels
 * @plan:	a plan from tdmr_plan_build()
 * @nid:	a node, as in plan->tdmrs[].nid
 * @base:	physical address of tdmr_plan_small_pamt_size() bytes
 *
 * Sets pamt_base[TDX_PS_2M] and pamt_base[TDX_PS_1G] of every TDMR of @nid,
 * back to back from @base, in TDMR order.
 */
void tdmr_plan_place_small_pamt(struct tdmr_plan *plan, int nid, u64 base)
{
	unsigned int t;

	for (t = 0; t < plan->nr_tdmrs; t++) {
		struct tdmr_plan_tdmr *tdmr = &plan->tdmrs[t];

		if (tdmr->nid != nid)
			continue;
		tdmr->pamt_base[TDX_PS_2M] = base;
		base += tdmr->pamt_size[TDX_PS_2M];
		tdmr->pamt_base[TDX_PS_1G] = base;
		base += tdmr->pamt_size[TDX_PS_1G];
	}
}

/**
 * tdmr_plan_to_info() - write the TDMR_INFO of one planned TDMR
 * @tdmr:	a TDMR of a plan whose reserved areas are set
 * @info:	the TDMR_INFO to fill (zeroed first)
 */
void tdmr_plan_to_info(const struct tdmr_plan_tdmr *tdmr,
		       struct tdx_tdmr_info *info)
{
	unsigned int k;

	memset(info, 0, sizeof(*info));
	info->base = tdmr->base;
	info->size = tdmr->size;
	info->pamt_4k_base = tdmr->pamt_base[TDX_PS_4K];
	info->pamt_4k_size = tdmr->pamt_size[TDX_PS_4K];
	info->pamt_2m_base = tdmr->pamt_base[TDX_PS_2M];
	info->pamt_2m_size = tdmr->pamt_size[TDX_PS_2M];
	info->pamt_1g_base = tdmr->pamt_base[TDX_PS_1G];
	info->pamt_1g_size = tdmr->pamt_size[TDX_PS_1G];
	for (k = 0; k < tdmr->nr_reserved && k < TDX_MAX_RESERVED_AREAS; k++)
		info->reserved_areas[k] = tdmr->reserved[k];
}

unsigned int tdmr_plan_skip_low(struct tdx_mem_range *mem, unsigned int nr_mem)
{
	unsigned int i, nr = 0;

	for (i = 0; i < nr_mem; i++) {
		if (mem[i].end <= TDMR_PLAN_LOW_SKIP)
			continue;
		mem[nr] = mem[i];
		if (mem[nr].start < TDMR_PLAN_LOW_SKIP)
			mem[nr].start = TDMR_PLAN_LOW_SKIP;
		nr++;
	}
	return nr;
}
