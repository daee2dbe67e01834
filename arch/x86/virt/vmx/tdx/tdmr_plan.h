/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The TDMR/PAMT planner: a pure function from "the memory TDX must cover"
 * (plus the CMRs and the module's limits) to the TDMR list and PAMT sizes
 * that TDH.SYS.CONFIG takes.  No SEAMCALLs, no global state, no allocation:
 * the caller passes every buffer.  Built into the kernel (init.c uses it) and,
 * from the same source, into userspace tests under tools/testing/tdx/.
 *
 * Usage:
 *   1. tdmr_plan_build(): choose TDMRs and per-level PAMT sizes and the NUMA
 *      node each TDMR's PAMT should come from.
 *   2. tdmr_plan_alloc_pamt() (tdmr_pamt.c): allocate the PAMT with the
 *      caller's allocator, keeping every TDMR within its reserved-area
 *      budget; it stores the physical addresses in
 *      plan->tdmrs[i].pamt_base[lvl].  (A caller may also place each level
 *      itself, as the userspace tests do.)
 *   3. tdmr_plan_set_reserved(): compute every TDMR's reserved areas, now that
 *      PAMT placement is known.
 *   4. tdmr_plan_to_info(): fill the TDMR_INFO structure of one TDMR.
 *
 * The planner uses up to min(max_tdmrs, capacity) TDMRs to make the largest
 * PAMT level (4 MiB per GiB of TDMR) as small as it can, so every level is
 * a separate, bounded allocation; see tdmr_plan.c for the policy.  It uses
 * at most TDX_MAX_RESERVED_AREAS reserved areas per TDMR whatever the
 * module allows.  A TDMR's nid is NUMA_NO_NODE (-1) only if it holds no TDX
 * memory at all (a gap bridged because no plan fits without: more runs of
 * memory than TDMRs, or holes outside CMRs forcing too many splits).
 */
#ifndef _X86_VIRT_TDX_TDMR_PLAN_H
#define _X86_VIRT_TDX_TDMR_PLAN_H

#include "tdx_abi.h"

/* One range of memory that TDX must cover: [start, end), 4 KiB aligned. */
struct tdx_mem_range {
	u64 start;
	u64 end;
	int nid;
};

/* What the module allows (TDH.SYS.INFO / TDH.SYS.RD). */
struct tdmr_plan_limits {
	unsigned int max_tdmrs;
	unsigned int max_reserved_per_tdmr;
	/* PAMT entry size in bytes, indexed by enum tdx_pamt_level. */
	unsigned int pamt_entry_size[TDX_PS_NR];
	/* The module is TDX 1.0 (its TDMR tail rule: see tdmr_plan.c). */
	bool gen_1_0;
};

/*
 * One planned TDMR.  @holes are the parts of the TDMR outside every CMR
 * (holes separated only by memory that is not TDX memory are merged into one
 * area); tdmr_plan_build() sets them and also copies them to @reserved.
 * tdmr_plan_set_reserved() recomputes @reserved as @holes plus every PAMT
 * range (of any TDMR) inside this TDMR, merged when they touch or overlap.
 */
struct tdmr_plan_tdmr {
	u64 base;				/* 1 GiB aligned */
	u64 size;				/* 1 GiB multiple */
	int nid;				/* node the PAMT should come from */
	u64 pamt_size[TDX_PS_NR];		/* bytes, 4 KiB multiple */
	u64 pamt_base[TDX_PS_NR];		/* set by the caller, step 2 */
	unsigned int nr_reserved;		/* set by step 3 */
	struct tdx_tdmr_reserved_area reserved[TDX_MAX_RESERVED_AREAS];
	unsigned int nr_holes;			/* set by step 1 */
	struct tdx_tdmr_reserved_area holes[TDX_MAX_RESERVED_AREAS];
};

/*
 * Reserved-area budget.  The caller allocates PAMT from TDX memory, so a PAMT
 * range may land inside a TDMR and then costs a reserved area there (unless
 * it touches another PAMT range or hole).  tdmr_plan_build() therefore splits
 * TDMRs so that holes use at most max_reserved_per_tdmr minus
 * TDMR_PLAN_PAMT_SLOTS() areas, keeping the rest for PAMT.  Only where that is
 * impossible (a single GiB with more holes, or not enough TDMRs to split) may
 * holes use every area.  tdmr_plan_alloc_pamt() keeps PAMT only where it
 * fits what is left, and asks its allocator again elsewhere; a caller that
 * places PAMT itself learns from tdmr_plan_set_reserved(), which fails with
 * a message naming the TDMR.  Allocating the 2M and 1G levels of a node
 * back to back makes them one area.
 */
#define TDMR_PLAN_PAMT_SLOTS(max_reserved)	((max_reserved) / 2)

/* Highest physical address (exclusive) the planner accepts: 52-bit PA. */
#define TDMR_PLAN_MAX_ADDR	BIT_ULL(52)

#define TDMR_PLAN_ERR_LEN	192

/* How tdmr_plan_alloc_pamt() cut the PAMT into allocations. */
enum tdmr_plan_pamt_pieces {
	TDMR_PLAN_PAMT_CHUNKS,		/* 4K per TDMR, 2M+1G per node */
	TDMR_PLAN_PAMT_PER_NODE,	/* every level of a node */
	TDMR_PLAN_PAMT_ONE,		/* all of it */
};

struct tdmr_plan {
	struct tdmr_plan_tdmr *tdmrs;		/* caller's array ... */
	unsigned int capacity;			/* ... of this many entries */
	unsigned int nr_tdmrs;			/* result */
	unsigned int hole_budget;		/* result: holes per TDMR */
	bool bridged;				/* result: gaps may be bridged */
	unsigned int nr_misplaced;		/* chunks placed again */
	enum tdmr_plan_pamt_pieces pieces;	/* how the PAMT was cut */
	/* On failure: one line naming the limit, the TDMR and the counts. */
	char err[TDMR_PLAN_ERR_LEN];
};

/*
 * tdmr_plan_build() - choose TDMRs covering @mem and size their PAMTs.
 * @mem:	sorted, non-overlapping ranges of TDX memory
 * @nr_mem:	number of entries in @mem
 * @cmrs:	the module's CMRs (sorted, null entries allowed)
 * @nr_cmrs:	number of entries in @cmrs
 * @limits:	the module's limits
 * @plan:	in: tdmrs/capacity; out: nr_tdmrs, or err on failure
 *
 * Return: 0, -EINVAL for bad input (memory outside CMRs, unsorted ranges,
 * bad limits) or -ENOSPC when no plan fits the limits; plan->err says why.
 */
int tdmr_plan_build(const struct tdx_mem_range *mem, unsigned int nr_mem,
		    const struct tdx_cmr_info *cmrs, unsigned int nr_cmrs,
		    const struct tdmr_plan_limits *limits,
		    struct tdmr_plan *plan);

/*
 * tdmr_plan_set_reserved() - fill every TDMR's reserved areas: the parts of
 * the TDMR outside all CMRs, and every PAMT range (of any TDMR) inside it.
 * Return: 0 or -ENOSPC (too many reserved areas; plan->err says which TDMR
 * and how many were needed).
 */
int tdmr_plan_set_reserved(const struct tdx_cmr_info *cmrs, unsigned int nr_cmrs,
			   const struct tdmr_plan_limits *limits,
			   struct tdmr_plan *plan);

/*
 * The caller's allocator for tdmr_plan_alloc_pamt(): alloc() gets @size
 * bytes (4 KiB multiple) of TDX memory, on node @nid if it can (@what names
 * the chunk for its messages), and returns 0 or an error it has reported;
 * alloc_in() (optional) gets @size bytes inside [@lo, @hi), quietly, and
 * returns 0 or an error; free() gives back a range either returned.
 */
struct tdmr_pamt_ops {
	int (*alloc)(void *ctx, u64 size, int nid, const char *what, u64 *base);
	int (*alloc_in)(void *ctx, u64 size, u64 lo, u64 hi, u64 *base);
	void (*free)(void *ctx, u64 base, u64 size);
	void *ctx;
};

int tdmr_plan_alloc_pamt(struct tdmr_plan *plan,
			 const struct tdmr_plan_limits *limits,
			 const struct tdmr_pamt_ops *ops);

/*
 * Optional for step 2: the 2M and 1G PAMT levels of all TDMRs of a node as
 * one allocation (one reserved area where it lands, instead of up to two
 * per TDMR); see tdmr_reserved.c.
 */
u64 tdmr_plan_small_pamt_size(const struct tdmr_plan *plan, int nid);
void tdmr_plan_place_small_pamt(struct tdmr_plan *plan, int nid, u64 base);

/*
 * The first MiB is never TDX memory: no TDX platform reports it as
 * convertible (every CMR list starts at 1 MiB or above), and the kernel
 * reserves it at boot anyway (real-mode trampoline, BIOS data, legacy
 * areas), so the page allocator never hands it out.
 */
#define TDMR_PLAN_LOW_SKIP	0x100000ULL

/*
 * tdmr_plan_skip_low() - drop the first MiB from sorted memory ranges, in
 * place: ranges that end at or below TDMR_PLAN_LOW_SKIP go, a range that
 * straddles it starts there.  Return: the number of ranges left.
 */
unsigned int tdmr_plan_skip_low(struct tdx_mem_range *mem, unsigned int nr_mem);

/* tdmr_plan_to_info() - write TDMR_INFO for @tdmr into @info (zeroed first). */
void tdmr_plan_to_info(const struct tdmr_plan_tdmr *tdmr,
		       struct tdx_tdmr_info *info);

/*
 * Shared by the planner's files: tdmr_input.c (its input), tdmr_pass.c (one
 * greedy pass), tdmr_plan.c (the choice of TDMRs; its policy) and
 * tdmr_reserved.c (reserved areas).
 */
/*
 * Everything one planning run needs, on the caller's stack (tdmr_plan.c;
 * tdmr_input.c checks it).
 */
struct tdmr_plan_ctx {
	const struct tdx_mem_range *mem;
	unsigned int nr_mem;
	const struct tdx_cmr_info *cmrs;
	unsigned int nr_cmrs;
	unsigned int max_tdmrs;		/* min(limit, buffer capacity) */
	unsigned int max_rsvd;		/* min(limit, TDX_MAX_RESERVED_AREAS) */
	struct tdmr_plan *plan;
};

int tdmr_check_input(const struct tdmr_plan_ctx *ctx,
		     const struct tdmr_plan_limits *limits);
unsigned int tdmr_max_rsvd(const struct tdmr_plan_limits *limits);
bool tdmr_in_cmrs(const struct tdx_cmr_info *cmrs, unsigned int nr_cmrs,
		  u64 start, u64 end);
/* Reserved areas TDMR @t needs for its holes and the PAMT placed so far. */
unsigned int tdmr_reserved_needed(struct tdmr_plan *plan, unsigned int t);

/* tdmr_pamt_level_size() - PAMT bytes of one level for a TDMR of @tdmr_size. */
u64 tdmr_pamt_level_size(u64 tdmr_size, enum tdx_pamt_level level,
			 unsigned int entry_size);

#define TDMR_GIB		TDX_TDMR_ALIGN

/* How to cut the memory into TDMRs in one pass. */
struct tdmr_plan_mode {
	u64 max_size;			/* largest TDMR, bytes */
	u64 bridge;			/* bridge gaps smaller than this, */
	unsigned int extra;		/* and the first @extra of this size */
	bool node_cuts;			/* cut where the NUMA node changes */
	unsigned int budget;		/* reserved areas holes may use */
};

static inline u64 tdmr_gib_down(u64 addr)
{
	return addr & ~(TDMR_GIB - 1);
}

static inline u64 tdmr_gib_up(u64 addr)
{
	return tdmr_gib_down(addr + TDMR_GIB - 1);
}

static inline u64 tdmr_min(u64 a, u64 b)
{
	return a < b ? a : b;
}

static inline u64 tdmr_max(u64 a, u64 b)
{
	return a > b ? a : b;
}

/* tdmr_pass.c: the reserved areas holes need, and one greedy pass. */
unsigned int tdmr_hole_areas(const struct tdmr_plan_ctx *ctx, u64 start,
			     u64 end, unsigned int stop_after, u64 *stop_at,
			     struct tdx_tdmr_reserved_area *out);
int tdmr_plan_pass(const struct tdmr_plan_ctx *ctx,
		   const struct tdmr_plan_mode *mode,
		   unsigned int max_count, bool emit,
		   unsigned int *count, u64 *gibs);

#endif /* _X86_VIRT_TDX_TDMR_PLAN_H */
