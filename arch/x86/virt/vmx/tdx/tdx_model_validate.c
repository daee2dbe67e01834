// SPDX-License-Identifier: GPL-2.0
/*
 * Software model of the TDX module: the per-TDMR checks of TDH.SYS.CONFIG.
 *
 * Written from tdx-abi.md §5 step 7 (module 1.5.01 tdh_sys_config.c as
 * transcribed there), not from any module or Linux source.  The first
 * failing check wins and its completion status is returned with the detail
 * bits the module uses:
 *
 *   TDX_INVALID_TDMR, TDX_NON_ORDERED_TDMR, TDX_TDMR_OUTSIDE_CMRS:
 *	bits 7:0 = TDMR index
 *   TDX_INVALID_RESERVED_IN_TDMR, TDX_NON_ORDERED_RESERVED_IN_TDMR:
 *	bits 7:0 = TDMR index, bits 15:8 = reserved area index
 *   TDX_INVALID_PAMT, TDX_PAMT_OUTSIDE_CMRS:
 *	bits 7:0 = TDMR index, bits 15:8 = PAMT level (2 = 1G, 1 = 2M, 0 = 4K)
 *   TDX_PAMT_OVERLAP:
 *	bits 7:0 = the TDMR whose PAMT overlaps, bits 15:8 = that PAMT's
 *	level, bits 23:16 = the other TDMR
 *
 * Confirmed (tdx-abi.md §5): the list of checks, their statuses and the
 * order of steps 7.1 to 7.8; adjacent
 * CMRs are merged for containment tests; reserved areas may lie outside
 * CMRs and PAMTs may sit in reserved areas or outside all TDMRs.
 *
 * The PAMT sub-checks, their order and detail bits follow the module's
 * check_tdmr_pamt_areas() (tdh_sys_config.c, 1.0.3 and 1.5.01 alike): all
 * levels' validity (1G, 2M, 4K), PAMT against PAMT (4K, 2M, 1G), PAMT
 * against the non-reserved parts of TDMRs, all levels' CMR containment
 * (1G, 2M, 4K).
 *
 * Pure code: no locks, no globals, no allocation.  It is compiled into the
 * kernel (the model's TDH.SYS.CONFIG) and, from this same file, into
 * userspace planner tests with only tools/include on the include path, so
 * it includes nothing but tdx_model_validate.h.
 */
#include "tdx_model_validate.h"

#define TDX_MV_IDX(i)		((u64)((i) & 0xff))
#define TDX_MV_LVL(l)		((u64)((l) & 0xff) << 8)
#define TDX_MV_RSVD(j)		((u64)((j) & 0xff) << 8)
#define TDX_MV_OTHER(j)		((u64)((j) & 0xff) << 16)

/* Page size covered by one PAMT entry of @level. */
static const unsigned int tdx_mv_level_shift[TDX_PS_NR] = {
	[TDX_PS_4K] = 12,
	[TDX_PS_2M] = 21,
	[TDX_PS_1G] = 30,
};

/* The order in which the module checks the PAMT levels. */
static const enum tdx_pamt_level tdx_mv_level_order[TDX_PS_NR] = {
	TDX_PS_1G, TDX_PS_2M, TDX_PS_4K,
};

static bool tdx_mv_aligned(u64 val, u64 align)
{
	return !(val & (align - 1));
}

/* @pa is below 2^MAX_PA and has all HKID bits clear. */
static bool tdx_mv_pa_valid(u64 pa, const struct tdx_model_config_limits *lim)
{
	u64 hkid_mask = 0;

	if (lim->max_pa < 64 && pa >> lim->max_pa)
		return false;
	if (lim->hkid_start_bit < lim->max_pa && lim->hkid_start_bit < 64) {
		hkid_mask = ~0ULL << lim->hkid_start_bit;
		if (lim->max_pa < 64)
			hkid_mask &= (1ULL << lim->max_pa) - 1;
	}
	return !(pa & hkid_mask);
}

/* [a, a + as) and [b, b + bs) overlap (sizes are non-zero). */
static bool tdx_mv_overlap(u64 a, u64 as, u64 b, u64 bs)
{
	return a < b + bs && b < a + as;
}

/*
 * [start, end) lies inside the CMRs.  CMRs that touch (next base == previous
 * end) act as one range, so walk from @start through every CMR that contains
 * the current position.  Does not rely on the CMRs being sorted; null
 * entries are skipped.
 */
static bool tdx_mv_in_cmrs(u64 start, u64 end, const struct tdx_cmr_info *cmrs,
			   unsigned int nr_cmrs)
{
	u64 cur = start;
	unsigned int k;
	bool moved;

	if (start >= end)
		return true;

	do {
		moved = false;
		for (k = 0; k < nr_cmrs; k++) {
			u64 cbase = cmrs[k].base, cend = cbase + cmrs[k].size;

			if (!cmrs[k].size || cend < cbase)
				continue;
			if (cbase <= cur && cur < cend) {
				cur = cend;
				moved = true;
				if (cur >= end)
					return true;
			}
		}
	} while (moved);

	return false;
}

static u64 tdx_mv_pamt_base(const struct tdx_tdmr_info *t, enum tdx_pamt_level l)
{
	switch (l) {
	case TDX_PS_1G:
		return t->pamt_1g_base;
	case TDX_PS_2M:
		return t->pamt_2m_base;
	default:
		return t->pamt_4k_base;
	}
}

static u64 tdx_mv_pamt_size(const struct tdx_tdmr_info *t, enum tdx_pamt_level l)
{
	switch (l) {
	case TDX_PS_1G:
		return t->pamt_1g_size;
	case TDX_PS_2M:
		return t->pamt_2m_size;
	default:
		return t->pamt_4k_size;
	}
}

/*
 * [start, start + size) overlaps a part of @t that no reserved area covers.
 * @t has passed the TDMR and reserved-area checks (steps 7.1 to 7.6), so its
 * non-null reserved areas are sorted, disjoint and inside it.
 */
static bool tdx_mv_hits_nonreserved(u64 start, u64 size,
				    const struct tdx_tdmr_info *t)
{
	u64 cur = t->base, tend = t->base + t->size;
	u64 end = start + size;
	unsigned int j;

	if (start < t->base)
		start = t->base;
	if (end > tend)
		end = tend;
	if (start >= end)
		return false;

	for (j = 0; j < TDX_MAX_RESERVED_AREAS; j++) {
		const struct tdx_tdmr_reserved_area *r = &t->reserved_areas[j];
		u64 rstart = t->base + r->offset;

		if (!r->size)
			break;
		/* Non-reserved span [cur, rstart) */
		if (cur < rstart && start < rstart && cur < end)
			return true;
		cur = rstart + r->size;
	}
	/* Tail [cur, tend) */
	return cur < tend && start < tend && cur < end;
}

/* Steps 7.1 to 7.5: the TDMR itself. */
static u64 tdx_mv_check_tdmr(const struct tdx_tdmr_info *const *tdmrs,
			     unsigned int i,
			     const struct tdx_model_config_limits *lim)
{
	const struct tdx_tdmr_info *t = tdmrs[i];
	const struct tdx_tdmr_info *prev = i ? tdmrs[i - 1] : NULL;

	/* 7.1 base + size must not overflow. */
	if (t->base + t->size < t->base)
		return TDX_INVALID_TDMR | TDX_MV_IDX(i);
	/* 7.2 sorted by base. */
	if (prev && t->base < prev->base)
		return TDX_NON_ORDERED_TDMR | TDX_MV_IDX(i);
	/* 7.3 no overlap with the previous TDMR (gaps are fine). */
	if (prev && t->base < prev->base + prev->size)
		return TDX_NON_ORDERED_TDMR | TDX_MV_IDX(i);
	/* 7.4 1 GiB aligned base, non-zero 1 GiB multiple size. */
	if (!tdx_mv_aligned(t->base, TDX_TDMR_ALIGN) || !t->size ||
	    !tdx_mv_aligned(t->size, TDX_TDMR_ALIGN))
		return TDX_INVALID_TDMR | TDX_MV_IDX(i);
	/* 7.5 first and last byte addressable, HKID bits clear. */
	if (!tdx_mv_pa_valid(t->base, lim) ||
	    !tdx_mv_pa_valid(t->base + t->size - 1, lim))
		return TDX_INVALID_TDMR | TDX_MV_IDX(i);

	return TDX_SUCCESS;
}

/* Step 7.6: the reserved areas of TDMR @i, all 16 entries. */
static u64 tdx_mv_check_reserved(const struct tdx_tdmr_info *t, unsigned int i)
{
	const struct tdx_tdmr_reserved_area *prev = NULL;
	unsigned int j;

	for (j = 0; j < TDX_MAX_RESERVED_AREAS; j++) {
		const struct tdx_tdmr_reserved_area *r = &t->reserved_areas[j];
		u64 detail = TDX_MV_IDX(i) | TDX_MV_RSVD(j);

		/*
		 * Only null entries may follow a null entry: the module checks
		 * the next entry and reports the null one's index
		 * (check_tdmr_reserved_areas(), tdh_sys_config.c:484-491).
		 */
		if (!r->size) {
			if (j + 1 < TDX_MAX_RESERVED_AREAS &&
			    t->reserved_areas[j + 1].size)
				return TDX_NON_ORDERED_RESERVED_IN_TDMR | detail;
			continue;
		}
		if (r->offset + r->size < r->offset)
			return TDX_INVALID_RESERVED_IN_TDMR | detail;
		if (prev && r->offset < prev->offset)
			return TDX_NON_ORDERED_RESERVED_IN_TDMR | detail;
		if (prev && r->offset < prev->offset + prev->size)
			return TDX_NON_ORDERED_RESERVED_IN_TDMR | detail;
		if (!tdx_mv_aligned(r->offset, TDX_PAGE_SIZE) ||
		    !tdx_mv_aligned(r->size, TDX_PAGE_SIZE))
			return TDX_INVALID_RESERVED_IN_TDMR | detail;
		if (r->offset + r->size > t->size)
			return TDX_INVALID_RESERVED_IN_TDMR | detail;
		prev = r;
	}

	return TDX_SUCCESS;
}

/* Step 7.7, first part: each PAMT level is well formed and big enough. */
static u64 tdx_mv_check_pamt_valid(const struct tdx_tdmr_info *t, unsigned int i,
				   const struct tdx_model_config_limits *lim)
{
	unsigned int n;

	for (n = 0; n < TDX_PS_NR; n++) {
		enum tdx_pamt_level l = tdx_mv_level_order[n];
		u64 base = tdx_mv_pamt_base(t, l), size = tdx_mv_pamt_size(t, l);
		u64 need = (t->size >> tdx_mv_level_shift[l]) * lim->pamt_entry_size;
		u64 err = TDX_INVALID_PAMT | TDX_MV_IDX(i) | TDX_MV_LVL(l);

		if (base + size < base)
			return err;
		if (!tdx_mv_aligned(base, TDX_PAGE_SIZE) ||
		    !tdx_mv_aligned(size, TDX_PAGE_SIZE))
			return err;
		if (!tdx_mv_pa_valid(base, lim))
			return err;
		if (size && !tdx_mv_pa_valid(base + size - 1, lim))
			return err;
		if (size < need || !size)
			return err;
	}

	return TDX_SUCCESS;
}

/* The order of the overlap checks: 4K, 2M, 1G (tdh_sys_config.c). */
static const enum tdx_pamt_level tdx_mv_overlap_order[TDX_PS_NR] = {
	TDX_PS_4K, TDX_PS_2M, TDX_PS_1G,
};

static u64 tdx_mv_overlap_err(unsigned int owner, enum tdx_pamt_level l,
			      unsigned int other)
{
	return TDX_PAMT_OVERLAP | TDX_MV_IDX(owner) | TDX_MV_LVL(l) |
	       TDX_MV_OTHER(other);
}

/*
 * Step 7.7, second part: PAMT against PAMT (check_all_pamt_overlap() in
 * tdh_sys_config.c).  For each earlier TDMR j, TDMR i's 4K, 2M and 1G PAMT
 * against all of j's: (i, level, j).  Then TDMR i's own levels: 4K/2M and
 * 4K/1G report (i, 4K, i), 2M/1G reports (i, 2M, i).
 */
static u64 tdx_mv_check_pamt_pamt(const struct tdx_tdmr_info *const *tdmrs,
				  unsigned int i)
{
	const struct tdx_tdmr_info *t = tdmrs[i];
	unsigned int n, m, j;

	for (j = 0; j < i; j++) {
		for (n = 0; n < TDX_PS_NR; n++) {
			enum tdx_pamt_level l = tdx_mv_overlap_order[n];

			for (m = 0; m < TDX_PS_NR; m++) {
				if (tdx_mv_overlap(tdx_mv_pamt_base(t, l),
						   tdx_mv_pamt_size(t, l),
						   tdx_mv_pamt_base(tdmrs[j], m),
						   tdx_mv_pamt_size(tdmrs[j], m)))
					return tdx_mv_overlap_err(i, l, j);
			}
		}
	}
	if (tdx_mv_overlap(t->pamt_4k_base, t->pamt_4k_size,
			   t->pamt_2m_base, t->pamt_2m_size) ||
	    tdx_mv_overlap(t->pamt_4k_base, t->pamt_4k_size,
			   t->pamt_1g_base, t->pamt_1g_size))
		return tdx_mv_overlap_err(i, TDX_PS_4K, i);
	if (tdx_mv_overlap(t->pamt_2m_base, t->pamt_2m_size,
			   t->pamt_1g_base, t->pamt_1g_size))
		return tdx_mv_overlap_err(i, TDX_PS_2M, i);

	return TDX_SUCCESS;
}

/*
 * Step 7.7, third part: PAMT against the parts of TDMRs that no reserved
 * area covers (check_pamt_overlaps_available_areas() in tdh_sys_config.c).
 * For j = 0..i: TDMR i's 4K, 2M, 1G PAMT against TDMR j, reported
 * (i, level, j); then, if j < i, TDMR j's PAMT against TDMR i, reported
 * (j, level, i): byte 0 is always the TDMR that owns the PAMT.
 */
static u64 tdx_mv_check_pamt_avail(const struct tdx_tdmr_info *const *tdmrs,
				   unsigned int i)
{
	const struct tdx_tdmr_info *t = tdmrs[i];
	unsigned int n, j;

	for (j = 0; j <= i; j++) {
		for (n = 0; n < TDX_PS_NR; n++) {
			enum tdx_pamt_level l = tdx_mv_overlap_order[n];

			if (tdx_mv_hits_nonreserved(tdx_mv_pamt_base(t, l),
						    tdx_mv_pamt_size(t, l),
						    tdmrs[j]))
				return tdx_mv_overlap_err(i, l, j);
		}
		if (j == i)
			break;
		for (n = 0; n < TDX_PS_NR; n++) {
			enum tdx_pamt_level l = tdx_mv_overlap_order[n];

			if (tdx_mv_hits_nonreserved(tdx_mv_pamt_base(tdmrs[j], l),
						    tdx_mv_pamt_size(tdmrs[j], l),
						    t))
				return tdx_mv_overlap_err(j, l, i);
		}
	}

	return TDX_SUCCESS;
}

/* Step 7.7, last part: each PAMT level lies inside the CMRs. */
static u64 tdx_mv_check_pamt_cmrs(const struct tdx_tdmr_info *t, unsigned int i,
				  const struct tdx_cmr_info *cmrs,
				  unsigned int nr_cmrs)
{
	unsigned int n;

	for (n = 0; n < TDX_PS_NR; n++) {
		enum tdx_pamt_level l = tdx_mv_level_order[n];
		u64 base = tdx_mv_pamt_base(t, l);

		if (!tdx_mv_in_cmrs(base, base + tdx_mv_pamt_size(t, l),
				    cmrs, nr_cmrs))
			return TDX_PAMT_OUTSIDE_CMRS | TDX_MV_IDX(i) |
			       TDX_MV_LVL(l);
	}

	return TDX_SUCCESS;
}

/* @addr lies in a CMR or at its end: start <= addr <= end. */
static bool tdx_mv_point_in_cmrs(u64 addr, const struct tdx_cmr_info *cmrs,
				 unsigned int nr_cmrs)
{
	unsigned int k;

	for (k = 0; k < nr_cmrs; k++) {
		if (cmrs[k].size && addr >= cmrs[k].base &&
		    addr <= cmrs[k].base + cmrs[k].size)
			return true;
	}
	return false;
}

/* Step 7.8: every part of the TDMR outside its reserved areas is in CMRs. */
static u64 tdx_mv_check_tdmr_cmrs(const struct tdx_tdmr_info *t, unsigned int i,
				  const struct tdx_cmr_info *cmrs,
				  unsigned int nr_cmrs, bool gen_1_0)
{
	u64 cur = t->base, end = t->base + t->size;
	unsigned int j;

	for (j = 0; j < TDX_MAX_RESERVED_AREAS; j++) {
		const struct tdx_tdmr_reserved_area *r = &t->reserved_areas[j];

		if (!r->size)
			break;
		if (!tdx_mv_in_cmrs(cur, t->base + r->offset, cmrs, nr_cmrs))
			return TDX_TDMR_OUTSIDE_CMRS | TDX_MV_IDX(i);
		cur = t->base + r->offset + r->size;
	}
	if (!tdx_mv_in_cmrs(cur, end, cmrs, nr_cmrs))
		return TDX_TDMR_OUTSIDE_CMRS | TDX_MV_IDX(i);
	/*
	 * TDX 1.0 checks the tail even when it is empty, if every reserved
	 * area is used: the TDMR end must then lie in or at the end of a CMR
	 * (R10 tdh_sys_config.c:612-621; 1.5 has an "end > start" guard).
	 */
	if (gen_1_0 && j == TDX_MAX_RESERVED_AREAS && cur == end &&
	    !tdx_mv_point_in_cmrs(end, cmrs, nr_cmrs))
		return TDX_TDMR_OUTSIDE_CMRS | TDX_MV_IDX(i);

	return TDX_SUCCESS;
}

/**
 * tdx_model_validate_tdmrs() - the per-TDMR checks of TDH.SYS.CONFIG
 * @tdmrs:	@nr pointers to TDMR_INFO entries, in the order given to the
 *		module (the PA array order)
 * @nr:		number of TDMRs (the caller has checked it against MAX_TDMRS)
 * @cmrs:	the module's CMRs; null (size 0) entries are skipped
 * @nr_cmrs:	number of entries in @cmrs
 * @limits:	MAX_PA, the first HKID bit and the PAMT entry size
 *
 * Runs tdx-abi.md §5 step 7 for TDMR 0, 1, ... in order and stops at the
 * first failing check.  The caller checks the TDMR_INFO PAs themselves.
 *
 * Return: TDX_SUCCESS, or the completion status TDH.SYS.CONFIG returns for
 * the first failing check, with its detail bits.
 */
u64 tdx_model_validate_tdmrs(const struct tdx_tdmr_info *const *tdmrs,
			     unsigned int nr,
			     const struct tdx_cmr_info *cmrs, unsigned int nr_cmrs,
			     const struct tdx_model_config_limits *limits)
{
	unsigned int i;
	u64 ret;

	for (i = 0; i < nr; i++) {
		const struct tdx_tdmr_info *t = tdmrs[i];

		ret = tdx_mv_check_tdmr(tdmrs, i, limits);
		if (ret)
			return ret;
		ret = tdx_mv_check_reserved(t, i);
		if (ret)
			return ret;
		ret = tdx_mv_check_pamt_valid(t, i, limits);
		if (ret)
			return ret;
		ret = tdx_mv_check_pamt_pamt(tdmrs, i);
		if (ret)
			return ret;
		ret = tdx_mv_check_pamt_avail(tdmrs, i);
		if (ret)
			return ret;
		ret = tdx_mv_check_pamt_cmrs(t, i, cmrs, nr_cmrs);
		if (ret)
			return ret;
		ret = tdx_mv_check_tdmr_cmrs(t, i, cmrs, nr_cmrs,
					     limits->gen_1_0);
		if (ret)
			return ret;
	}

	return TDX_SUCCESS;
}
