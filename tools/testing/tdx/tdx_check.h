/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Shared by the userspace planner tests, the fuzz target and the benchmark:
 * synthetic machine layouts, a simulated PAMT allocator, the end-to-end
 * check of a plan (through the model's TDH.SYS.CONFIG validator) and the
 * upstream-policy reference used for comparison.
 */
#ifndef _TDX_CHECK_H
#define _TDX_CHECK_H

#include <linux/bits.h>
#include <linux/types.h>
#include <stdio.h>

#include "../../../arch/x86/virt/vmx/tdx/tdmr_plan.h"
#include "../../../arch/x86/virt/vmx/tdx/tdx_model_validate.h"

#define KiB	BIT_ULL(10)
#define MiB	BIT_ULL(20)
#define GiB	BIT_ULL(30)
#define TiB	BIT_ULL(40)

/* A machine: TDX memory, CMRs and the module's limits. */
struct tdx_layout {
	const char *name;
	struct tdx_mem_range *mem;
	unsigned int nr_mem, cap_mem;
	struct tdx_cmr_info cmrs[TDX_MAX_CMRS + 8];
	unsigned int nr_cmrs;
	struct tdmr_plan_limits limits;
	unsigned int capacity;		/* TDMR buffer entries (0: max_tdmrs) */
};

void lay_init(struct tdx_layout *l, const char *name);
void lay_free(struct tdx_layout *l);
void lay_mem(struct tdx_layout *l, u64 start, u64 end, int nid);
void lay_cmr(struct tdx_layout *l, u64 start, u64 end);
/* CMRs = the memory ranges, touching ones merged (the worst case). */
void lay_cmrs_from_mem(struct tdx_layout *l);

/* How the simulated caller places PAMT (step 2 of the planner). */
enum tdx_place {
	/* A caller that places every level itself: */
	PLACE_NODE_TOP,		/* node-local, top down, levels back to back */
	PLACE_RANDOM,		/* random free spots in TDX memory */
	/* tdmr_plan_alloc_pamt() (the kernel's way) with an allocator that: */
	PLACE_NODE_BOTTOM,	/* takes the lowest node-local free range */
	PLACE_POOLED_RANDOM,	/* takes random free spots */
	/* takes the lowest free aligned range between pinned pages */
	PLACE_FRAGMENTED,
	PLACE_NR,
};

/* Figures of a plan, for reports and comparisons. */
struct tdx_plan_stats {
	unsigned int nr_tdmrs;
	u64 pamt_bytes;			/* all levels of all TDMRs */
	u64 largest_chunk;		/* largest single allocation */
	u64 tdmr_gibs;			/* GiBs covered by TDMRs */
	unsigned int max_rsvd;		/* most reserved areas in one TDMR */
	unsigned int sum_rsvd;		/* reserved areas of all TDMRs */
	unsigned int misplaced;		/* chunks placed again */
	int place_err;			/* tdmr_plan_alloc_pamt()'s error */
	unsigned int multi_node;	/* TDMRs holding memory of >1 node */
};

/* The upstream policy (reference only): see tdx_check.c. */
struct tdx_upstream {
	int err;			/* 0 or -ENOSPC */
	const char *why;
	unsigned int nr_tdmrs;
	u64 pamt_bytes;
	u64 largest_chunk;
	u64 tdmr_gibs;
	unsigned int max_holes;		/* memory holes in one TDMR */
};

void tdx_upstream_plan(const struct tdx_layout *l, struct tdx_upstream *u);

/*
 * Run the planner on @l, place PAMTs as @place says (random choices from
 * @seed), set reserved areas, and check everything, including the model's
 * validator.  Returns 0 when the plan is good; the planner's errno when it
 * failed cleanly (plan->err set, one line); -1 on a check failure, with
 * the reason in @why.  @plan_out (optional) gets the plan: the caller
 * frees plan_out->tdmrs.
 */
int tdx_check_layout(const struct tdx_layout *l, enum tdx_place place,
		     unsigned long long seed, struct tdmr_plan *plan_out,
		     struct tdx_plan_stats *st, char *why, size_t why_len);

/* Independent reference: PAMT bytes of one level, by repeated addition. */
u64 tdx_ref_pamt_level(u64 tdmr_size, int level, unsigned int entry_size);

/* Deterministic PRNG (splitmix64). */
u64 tdx_rand(unsigned long long *state);

/* Build a random layout from bytes (fuzz input or PRNG output). */
void tdx_layout_from_bytes(struct tdx_layout *l, const unsigned char *data,
			   size_t size, enum tdx_place *place,
			   unsigned long long *seed);

void tdx_dump_plan(const struct tdmr_plan *plan);
extern int tdx_check_verbose;
/*
 * When tdmr_plan_alloc_pamt() may return -ENOSPC (placement_may_fail()):
 * WITNESS only where a caller putting each node's PAMT at the node's top
 * fails too (no witness of a valid placement); STRICT, further, only where
 * holes fill every reserved area of some TDMR.
 */
enum tdx_oracle {
	TDX_ORACLE_WITNESS,
	TDX_ORACLE_STRICT,
};

extern enum tdx_oracle tdx_check_placement_oracle;

#endif /* _TDX_CHECK_H */
