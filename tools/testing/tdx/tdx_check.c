// SPDX-License-Identifier: GPL-2.0
/*
 * Layouts, the simulated PAMT allocator, the end-to-end plan check and the
 * upstream-policy reference for the userspace planner tests.
 *
 * Nothing here re-implements the planner's decisions: a plan is judged by
 * the model's TDH.SYS.CONFIG validator (tdx_model_validate.c, built from the
 * kernel source) and by simple brute-force properties (every byte of TDX
 * memory is in a TDMR and not reserved unless it is PAMT; PAMT sizes match
 * an independent formula).
 */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include <linux/bits.h>
#include <linux/kernel.h>

#include "tdx_check.h"

/* PAMT that does not fit in TDX memory goes here (fuzz layouts only). */
#define POOL_BASE	BIT_ULL(51)
#define POOL_SIZE	BIT_ULL(47)

void lay_init(struct tdx_layout *l, const char *name)
{
	memset(l, 0, sizeof(*l));
	l->name = name;
	l->limits.max_tdmrs = 64;
	l->limits.max_reserved_per_tdmr = 16;
	l->limits.pamt_entry_size[TDX_PS_4K] = 16;
	l->limits.pamt_entry_size[TDX_PS_2M] = 16;
	l->limits.pamt_entry_size[TDX_PS_1G] = 16;
}

void lay_free(struct tdx_layout *l)
{
	free(l->mem);
	l->mem = NULL;
	l->nr_mem = 0;
	l->cap_mem = 0;
}

void lay_mem(struct tdx_layout *l, u64 start, u64 end, int nid)
{
	if (l->nr_mem == l->cap_mem) {
		l->cap_mem = l->cap_mem ? 2 * l->cap_mem : 64;
		l->mem = realloc(l->mem, l->cap_mem * sizeof(*l->mem));
		if (!l->mem)
			abort();
	}
	l->mem[l->nr_mem].start = start;
	l->mem[l->nr_mem].end = end;
	l->mem[l->nr_mem].nid = nid;
	l->nr_mem++;
}

void lay_cmr(struct tdx_layout *l, u64 start, u64 end)
{
	if (l->nr_cmrs == ARRAY_SIZE(l->cmrs))
		abort();
	l->cmrs[l->nr_cmrs].base = start;
	l->cmrs[l->nr_cmrs].size = end - start;
	l->nr_cmrs++;
}

void lay_cmrs_from_mem(struct tdx_layout *l)
{
	unsigned int i;

	l->nr_cmrs = 0;
	for (i = 0; i < l->nr_mem; i++) {
		if (l->nr_cmrs &&
		    l->cmrs[l->nr_cmrs - 1].base + l->cmrs[l->nr_cmrs - 1].size ==
		    l->mem[i].start)
			l->cmrs[l->nr_cmrs - 1].size += l->mem[i].end - l->mem[i].start;
		else
			lay_cmr(l, l->mem[i].start, l->mem[i].end);
	}
}

u64 tdx_rand(unsigned long long *state)
{
	u64 z = (*state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/*
 * Independent of the planner's shift-and-mask: count pages by division,
 * round up by remainder.
 */
u64 tdx_ref_pamt_level(u64 tdmr_size, int level, unsigned int entry_size)
{
	static const u64 page[3] = { 4096, 2 * 1024 * 1024, 1024 * 1024 * 1024 };
	u64 bytes = tdmr_size / page[level] * entry_size;

	if (bytes % 4096)
		bytes += 4096 - bytes % 4096;
	return bytes;
}

static u64 gib_down(u64 a)
{
	return a / GiB * GiB;
}

static u64 gib_up(u64 a)
{
	return (a + GiB - 1) / GiB * GiB;
}

/*
 * Upstream Linux's policy, as described in tdx-abi.md §5 (reference for the
 * comparison only): one TDMR per run of memory whose 1 GiB-rounded spans
 * touch; the PAMT of a TDMR is one chunk holding all three levels (each
 * rounded up to 4 KiB); every memory hole inside a TDMR is a reserved area
 * (the count here ignores the PAMT chunks, so it is a lower bound).
 */
void tdx_upstream_plan(const struct tdx_layout *l, struct tdx_upstream *u)
{
	unsigned int i = 0, lvl;

	memset(u, 0, sizeof(*u));
	while (i < l->nr_mem) {
		u64 start = gib_down(l->mem[i].start), end = gib_up(l->mem[i].end);
		u64 pos = start, chunk = 0;
		unsigned int holes = 0;

		for (; i < l->nr_mem && gib_down(l->mem[i].start) <= end; i++) {
			if (l->mem[i].start > pos)
				holes++;
			pos = l->mem[i].end;
			if (gib_up(l->mem[i].end) > end)
				end = gib_up(l->mem[i].end);
		}
		if (pos < end)
			holes++;
		for (lvl = 0; lvl < TDX_PS_NR; lvl++)
			chunk += tdx_ref_pamt_level(end - start, lvl,
						    l->limits.pamt_entry_size[lvl]);
		u->nr_tdmrs++;
		u->pamt_bytes += chunk;
		u->tdmr_gibs += (end - start) / GiB;
		if (chunk > u->largest_chunk)
			u->largest_chunk = chunk;
		if (holes > u->max_holes)
			u->max_holes = holes;
	}
	if (u->nr_tdmrs > l->limits.max_tdmrs) {
		u->err = -ENOSPC;
		u->why = "TDMRs exhausted";
	} else if (u->max_holes > l->limits.max_reserved_per_tdmr) {
		u->err = -ENOSPC;
		u->why = "reserved areas exhausted";
	}
}

/* ---- simulated PAMT allocator --------------------------------------- */

struct tdx_alloc {
	const struct tdx_layout *l;
	u64 *top, *bottom;		/* per memory range: free [bottom, top) */
	u64 pool;			/* next free byte of the pool CMR */
	bool has_pool;
	struct { u64 s, e; } *used;	/* PLACE_RANDOM, PLACE_FRAGMENTED */
	unsigned int nr_used;
	unsigned long long rng;
	u64 pin_stride;			/* PLACE_FRAGMENTED: one pinned page */
	unsigned long long pin_seed;	/* per stride, at a random offset */
};

static bool overlaps_used(const struct tdx_alloc *a, u64 s, u64 size)
{
	unsigned int k;

	for (k = 0; k < a->nr_used; k++)
		if (s < a->used[k].e && a->used[k].s < s + size)
			return true;
	return false;
}

static void add_used(struct tdx_alloc *a, u64 s, u64 size)
{
	a->used[a->nr_used].s = s;
	a->used[a->nr_used].e = s + size;
	a->nr_used++;
}

/* The highest pinned page in [s, s + size), if a->pin_stride pins any. */
static bool highest_pin(const struct tdx_alloc *a, u64 s, u64 size, u64 *pin)
{
	bool found = false;
	u64 k, p;

	for (k = a->pin_stride ? s / a->pin_stride : 1;
	     a->pin_stride && k <= (s + size - 1) / a->pin_stride; k++) {
		unsigned long long st = a->pin_seed ^ k;

		p = k * a->pin_stride +
		    tdx_rand(&st) % (a->pin_stride / 4096) * 4096;
		if (p >= s && p < s + size) {
			*pin = p;
			found = true;
		}
	}
	return found;
}

static bool overlaps_pinned(const struct tdx_alloc *a, u64 s, u64 size)
{
	u64 pin;

	return highest_pin(a, s, size, &pin);
}

/*
 * First fit: the lowest @size bytes inside [@lo, @hi) of one memory range
 * (on node @nid unless @any) that are past the first MiB, not allocated and
 * free of pinned pages, jumping over what is in the way.
 */
static bool first_fit(struct tdx_alloc *a, u64 size, u64 lo, u64 hi, int nid,
		      bool any, u64 *pa)
{
	unsigned int i, k;
	u64 s, obst, pin;

	for (i = 0; i < a->l->nr_mem; i++) {
		const struct tdx_mem_range *r = &a->l->mem[i];

		if (!any && r->nid != nid)
			continue;
		s = r->start > TDMR_PLAN_LOW_SKIP ? r->start : TDMR_PLAN_LOW_SKIP;
		if (s < lo)
			s = lo;
		while (s + size <= r->end && s + size <= hi) {
			obst = 0;
			for (k = 0; k < a->nr_used; k++)
				if (s < a->used[k].e && a->used[k].s < s + size &&
				    a->used[k].e > obst)
					obst = a->used[k].e;
			if (highest_pin(a, s, size, &pin) && pin + 4096 > obst)
				obst = pin + 4096;
			if (!obst) {
				add_used(a, s, size);
				*pa = s;
				return true;
			}
			s = obst;
		}
	}
	return false;
}

/*
 * As alloc_contig_pages() does: ranges aligned to their size (from address
 * 0 here, from the zone start there), lowest first, on node @nid unless
 * @any, skipping what holds a pinned page or is allocated; above 4 GiB
 * first (ZONE_NORMAL before ZONE_DMA32 in GFP_KERNEL's zonelist).
 */
static bool alloc_fragmented(struct tdx_alloc *a, u64 size, int nid, bool any,
			     u64 *pa)
{
	unsigned int pass;
	u64 s;

	for (pass = 0; pass < 2 * a->l->nr_mem; pass++) {
		const struct tdx_mem_range *r = &a->l->mem[pass % a->l->nr_mem];
		bool low_pass = pass >= a->l->nr_mem;

		if ((!any && r->nid != nid) || low_pass == (r->start >= 4 * GiB))
			continue;
		/* The first MiB is never TDX memory (TDMR_PLAN_LOW_SKIP). */
		s = r->start > TDMR_PLAN_LOW_SKIP ? r->start : TDMR_PLAN_LOW_SKIP;
		for (s = (s + size - 1) / size * size; s + size <= r->end;
		     s += size) {
			if (overlaps_pinned(a, s, size) || overlaps_used(a, s, size))
				continue;
			add_used(a, s, size);
			*pa = s;
			return true;
		}
	}
	return false;
}

static bool alloc_top(struct tdx_alloc *a, u64 size, int nid, bool any,
		      u64 *pa)
{
	unsigned int i;
	u64 pin;

	for (i = a->l->nr_mem; i-- > 0;) {
		if (!any && a->l->mem[i].nid != nid)
			continue;
		while (a->top[i] - a->bottom[i] >= size) {
			/* Below a pinned page (the oracle of the fragmented runs). */
			if (highest_pin(a, a->top[i] - size, size, &pin)) {
				a->top[i] = pin;
				continue;
			}
			a->top[i] -= size;
			*pa = a->top[i];
			return true;
		}
	}
	return false;
}

/* A memory range picked with probability proportional to its size. */
static const struct tdx_mem_range *range_by_size(struct tdx_alloc *a)
{
	u64 total = 0, pick;
	unsigned int i;

	for (i = 0; i < a->l->nr_mem; i++)
		total += a->l->mem[i].end - a->l->mem[i].start;
	pick = tdx_rand(&a->rng) % total;
	for (i = 0; i < a->l->nr_mem; i++) {
		u64 len = a->l->mem[i].end - a->l->mem[i].start;

		if (pick < len)
			break;
		pick -= len;
	}
	return &a->l->mem[i];
}

static bool alloc_random(struct tdx_alloc *a, u64 size, u64 *pa)
{
	unsigned int try;

	for (try = 0; try < 64; try++) {
		const struct tdx_mem_range *r =
			&a->l->mem[tdx_rand(&a->rng) % a->l->nr_mem];
		u64 pages, s;

		/* Mostly a range chosen by size, as an allocator would. */
		if (try < 48)
			r = range_by_size(a);

		if (r->end - r->start < size)
			continue;
		pages = (r->end - r->start - size) / 4096 + 1;
		s = r->start + tdx_rand(&a->rng) % pages * 4096;
		if (s < TDMR_PLAN_LOW_SKIP || overlaps_used(a, s, size))
			continue;
		add_used(a, s, size);
		*pa = s;
		return true;
	}
	return false;
}

static bool alloc_pool(struct tdx_alloc *a, u64 size, u64 *pa)
{
	if (!a->has_pool || a->pool + size > POOL_BASE + POOL_SIZE)
		return false;
	*pa = a->pool;
	a->pool += size;
	return true;
}

static bool place_one(struct tdx_alloc *a, enum tdx_place place, u64 size,
		      int nid, u64 *pa)
{
	switch (place) {
	case PLACE_NODE_TOP:
		if (alloc_top(a, size, nid, false, pa) ||
		    alloc_top(a, size, nid, true, pa))
			return true;
		break;
	case PLACE_NODE_BOTTOM:
		if (first_fit(a, size, 0, ~0ULL, nid, false, pa) ||
		    first_fit(a, size, 0, ~0ULL, nid, true, pa))
			return true;
		break;
	case PLACE_FRAGMENTED:
		if (alloc_fragmented(a, size, nid, false, pa) ||
		    alloc_fragmented(a, size, nid, true, pa))
			return true;
		break;
	default:
		if (alloc_random(a, size, pa))
			return true;
		break;
	}
	return alloc_pool(a, size, pa);
}

/* tdmr_plan_alloc_pamt()'s allocator over struct tdx_alloc. */
static enum tdx_place ops_place;

static int ops_alloc(void *ctx, u64 size, int nid, const char *what, u64 *pa)
{
	return place_one(ctx, ops_place, size, nid, pa) ? 0 : -ENOMEM;
}

/*
 * The lowest @size bytes inside [lo, hi) that are free TDX memory in one
 * memory range, past the first MiB and past every pinned page: first fit,
 * jumping over what is in the way.  (The kernel's alloc_in() jumps over
 * what it can see, offline and reserved pages, and steps a pageblock over
 * what it cannot move.)
 */
static int ops_alloc_in(void *ctx, u64 size, u64 lo, u64 hi, u64 *pa)
{
	struct tdx_alloc *a = ctx;

	/* Right after the pool's last chunk (a bump allocator's free end). */
	if (a->has_pool && lo <= a->pool && a->pool + size <= hi &&
	    a->pool + size <= POOL_BASE + POOL_SIZE) {
		*pa = a->pool;
		a->pool += size;
		return 0;
	}
	return first_fit(a, size, lo, hi, 0, true, pa) ? 0 : -ENOMEM;
}

static void ops_free(void *ctx, u64 pa, u64 size)
{
	struct tdx_alloc *a = ctx;
	unsigned int k;

	for (k = 0; k < a->nr_used; k++) {
		if (a->used[k].s != pa || a->used[k].e != pa + size)
			continue;
		a->used[k] = a->used[--a->nr_used];
		return;
	}
	/* The pool is a bump allocator: only its last allocation returns. */
	if (a->has_pool && pa + size == a->pool)
		a->pool = pa;
	else if (!a->has_pool || pa < POOL_BASE)
		abort();
}

/* Return: 0, -ENOMEM (no room) or tdmr_plan_alloc_pamt()'s -ENOSPC. */
static int place_pamts(const struct tdx_layout *l, struct tdmr_plan *plan,
		       enum tdx_place place, unsigned long long seed,
		       bool pinned)
{
	struct tdx_alloc a = { .l = l, .pool = POOL_BASE, .rng = seed };
	unsigned int i, t, lvl;
	bool ok = true;
	int ret;

	for (i = 0; i < l->nr_cmrs; i++)
		if (l->cmrs[i].base == POOL_BASE && l->cmrs[i].size == POOL_SIZE)
			a.has_pool = true;
	a.top = calloc(l->nr_mem + 1, sizeof(u64));
	a.bottom = calloc(l->nr_mem + 1, sizeof(u64));
	a.used = calloc(plan->nr_tdmrs * TDX_PS_NR + 1, sizeof(*a.used));
	if (!a.top || !a.bottom || !a.used)
		abort();
	/* The first MiB is never TDX memory (TDMR_PLAN_LOW_SKIP). */
	for (i = 0; i < l->nr_mem; i++) {
		a.top[i] = l->mem[i].end;
		a.bottom[i] = l->mem[i].start;
		if (a.bottom[i] < TDMR_PLAN_LOW_SKIP)
			a.bottom[i] = TDMR_PLAN_LOW_SKIP;
		if (a.top[i] < a.bottom[i])
			a.top[i] = a.bottom[i];
	}
	/*
	 * One pinned page per 2^(22..31) bytes, and at least per four times
	 * the largest chunk rounded up to a power of two (else no chunk fits
	 * between two pinned pages).
	 */
	if (pinned) {
		a.pin_stride = 1ULL << (22 + seed % 10);
		for (t = 0; t < plan->nr_tdmrs; t++)
			while (a.pin_stride < 4 * plan->tdmrs[t].pamt_size[TDX_PS_4K] ||
			       a.pin_stride < 4 * tdmr_plan_small_pamt_size(plan,
							plan->tdmrs[t].nid))
				a.pin_stride *= 2;
		a.pin_seed = seed;
	}
	if (place >= PLACE_NODE_BOTTOM) {
		struct tdmr_pamt_ops ops = {
			.alloc = ops_alloc, .alloc_in = ops_alloc_in,
			.free = ops_free, .ctx = &a,
		};

		ops_place = place == PLACE_POOLED_RANDOM ? PLACE_RANDOM : place;
		ret = tdmr_plan_alloc_pamt(plan, &l->limits, &ops);
	} else {
		for (t = 0; t < plan->nr_tdmrs && ok; t++)
			for (lvl = 0; lvl < TDX_PS_NR && ok; lvl++)
				ok = place_one(&a, place,
					       plan->tdmrs[t].pamt_size[lvl],
					       plan->tdmrs[t].nid,
					       &plan->tdmrs[t].pamt_base[lvl]);
		ret = ok ? 0 : -ENOMEM;
	}
	free(a.top);
	free(a.bottom);
	free(a.used);
	return ret;
}

/* ---- checks ------------------------------------------------------------ */

static bool err_line_ok(const struct tdmr_plan *plan)
{
	size_t len = strnlen(plan->err, sizeof(plan->err));

	return len > 0 && len < sizeof(plan->err) && !strchr(plan->err, '\n');
}

/* Is [s, e) covered by PAMT ranges of the plan?  (brute force) */
static bool covered_by_pamt(const struct tdmr_plan *plan, u64 s, u64 e)
{
	unsigned int t, lvl;
	bool progress = true;

	while (s < e && progress) {
		progress = false;
		for (t = 0; t < plan->nr_tdmrs; t++) {
			for (lvl = 0; lvl < TDX_PS_NR; lvl++) {
				u64 b = plan->tdmrs[t].pamt_base[lvl];
				u64 z = b + plan->tdmrs[t].pamt_size[lvl];

				if (b <= s && s < z) {
					s = z;
					progress = true;
				}
			}
		}
	}
	return s >= e;
}

void tdx_dump_plan(const struct tdmr_plan *plan)
{
	unsigned int t, k;

	for (t = 0; t < plan->nr_tdmrs; t++) {
		const struct tdmr_plan_tdmr *d = &plan->tdmrs[t];

		printf("#  TDMR %u [%#llx-%#llx) nid %d ",
		       t, d->base, d->base + d->size, d->nid);
		printf("pamt 4K %#llx+%#llx 2M %#llx+%#llx 1G %#llx+%#llx ",
		       d->pamt_base[0], d->pamt_size[0], d->pamt_base[1],
		       d->pamt_size[1], d->pamt_base[2], d->pamt_size[2]);
		printf("holes %u rsvd %u:", d->nr_holes, d->nr_reserved);
		for (k = 0; k < d->nr_reserved && k < TDX_MAX_RESERVED_AREAS; k++)
			printf(" [%#llx+%#llx)", d->reserved[k].offset,
			       d->reserved[k].size);
		printf("\n");
	}
}

int tdx_check_verbose;

static int __printf(3, 4)
fail(char *why, size_t why_len, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, why_len, fmt, ap);
	va_end(ap);
	return -1;
}

enum tdx_oracle tdx_check_placement_oracle = TDX_ORACLE_STRICT;

/*
 * tdmr_plan_alloc_pamt() found no place for a chunk.  Fair only where a
 * caller that puts each node's PAMT at the node's top, levels back to back
 * (below the pinned pages of a fragmented run), fails too: else that
 * caller is the witness of a valid placement.  STRICT also requires holes
 * to fill every reserved area of a TDMR (then PAMT fits there only next
 * to a hole, if memory is there at all); the fuzzer's tiny layouts break
 * that rule where a node's memory is too small for its own PAMT, so it
 * judges with WITNESS.
 */
static bool placement_may_fail(const struct tdx_layout *l,
			       const struct tdmr_plan *plan,
			       enum tdx_place place, unsigned long long seed)
{
	struct tdmr_plan top = *plan;
	bool full = false, top_fails;
	unsigned int t;

	for (t = 0; t < plan->nr_tdmrs; t++)
		if (plan->tdmrs[t].nr_holes >= tdmr_max_rsvd(&l->limits))
			full = true;
	if (!full && tdx_check_placement_oracle == TDX_ORACLE_STRICT)
		return false;
	top.tdmrs = calloc(plan->nr_tdmrs, sizeof(*top.tdmrs));
	if (!top.tdmrs)
		abort();
	memcpy(top.tdmrs, plan->tdmrs, plan->nr_tdmrs * sizeof(*top.tdmrs));
	top_fails = place_pamts(l, &top, PLACE_NODE_TOP, seed,
				place == PLACE_FRAGMENTED) ||
		    tdmr_plan_set_reserved(l->cmrs, l->nr_cmrs, &l->limits, &top);
	free(top.tdmrs);
	return top_fails;
}

int tdx_check_layout(const struct tdx_layout *l, enum tdx_place place,
		     unsigned long long seed, struct tdmr_plan *plan_out,
		     struct tdx_plan_stats *st, char *why, size_t why_len)
{
	unsigned int cap = l->capacity ? l->capacity : l->limits.max_tdmrs;
	unsigned int max_tdmrs = l->limits.max_tdmrs < cap ? l->limits.max_tdmrs : cap;
	unsigned int max_rsvd = l->limits.max_reserved_per_tdmr;
	struct tdx_model_config_limits vlim = {
		.max_pa = 52, .hkid_start_bit = 52,
		.gen_1_0 = l->limits.gen_1_0,
	};
	const struct tdx_tdmr_info **ptrs = NULL;
	struct tdx_tdmr_info *infos = NULL;
	struct tdmr_plan plan = { 0 };
	struct tdx_upstream up;
	unsigned int i, t, lvl, k;
	u64 status;
	int ret;

	if (max_rsvd > TDX_MAX_RESERVED_AREAS)
		max_rsvd = TDX_MAX_RESERVED_AREAS;
	memset(st, 0, sizeof(*st));
	why[0] = '\0';
	plan.capacity = cap;
	plan.tdmrs = calloc(cap ? cap : 1, sizeof(*plan.tdmrs));
	if (!plan.tdmrs)
		abort();

	ret = tdmr_plan_build(l->mem, l->nr_mem, l->cmrs, l->nr_cmrs,
			      &l->limits, &plan);
	if (ret) {
		if ((ret != -EINVAL && ret != -ENOSPC) || !err_line_ok(&plan)) {
			ret = fail(why, why_len, "build returned %d with message '%.*s'", ret,
				   (int)sizeof(plan.err), plan.err);
			goto out;
		}
		goto out;
	}
	if (plan.err[0]) {
		ret = fail(why, why_len, "build succeeded but set err '%s'", plan.err);
		goto out;
	}
	if (!plan.nr_tdmrs || plan.nr_tdmrs > max_tdmrs) {
		ret = fail(why, why_len, "%u TDMRs, limit %u", plan.nr_tdmrs, max_tdmrs);
		goto out;
	}

	/* Shape, PAMT sizes and coverage of every byte of TDX memory. */
	for (t = 0; t < plan.nr_tdmrs; t++) {
		const struct tdmr_plan_tdmr *tdmr = &plan.tdmrs[t];

		if (tdmr->base % GiB || !tdmr->size || tdmr->size % GiB) {
			ret = fail(why, why_len, "TDMR %u [%#llx+%#llx) not GiB granular", t,
				   tdmr->base, tdmr->size);
			goto out;
		}
		if (t && tdmr->base < plan.tdmrs[t - 1].base + plan.tdmrs[t - 1].size) {
			ret = fail(why, why_len, "TDMR %u not sorted", t);
			goto out;
		}
		if (tdmr->nr_holes > max_rsvd) {
			ret = fail(why, why_len, "TDMR %u has %u holes", t, tdmr->nr_holes);
			goto out;
		}
		for (lvl = 0; lvl < TDX_PS_NR; lvl++) {
			u64 ref = tdx_ref_pamt_level(tdmr->size, lvl,
						     l->limits.pamt_entry_size[lvl]);

			if (tdmr->pamt_size[lvl] != ref) {
				ret = fail(why, why_len,
					   "TDMR %u level %u PAMT %#llx, reference %#llx",
					   t, lvl, tdmr->pamt_size[lvl], ref);
				goto out;
			}
			st->pamt_bytes += ref;
			if (ref > st->largest_chunk)
				st->largest_chunk = ref;
		}
		st->tdmr_gibs += tdmr->size / GiB;
	}
	for (i = 0, t = 0; i < l->nr_mem; i++) {
		u64 pos = l->mem[i].start;

		while (pos < l->mem[i].end) {
			while (t < plan.nr_tdmrs &&
			       plan.tdmrs[t].base + plan.tdmrs[t].size <= pos)
				t++;
			if (t == plan.nr_tdmrs || plan.tdmrs[t].base > pos) {
				ret = fail(why, why_len,
					   "memory %#llx (range %u) not in any TDMR",
					   pos, i);
				goto out;
			}
			pos = plan.tdmrs[t].base + plan.tdmrs[t].size;
		}
		while (t && plan.tdmrs[t - 1].base + plan.tdmrs[t - 1].size > l->mem[i].end)
			t--;
	}
	for (t = 0; t < plan.nr_tdmrs; t++) {
		const struct tdmr_plan_tdmr *tdmr = &plan.tdmrs[t];
		int nid = 0;
		bool first = true;

		for (i = 0; i < l->nr_mem; i++) {
			if (l->mem[i].end <= tdmr->base ||
			    l->mem[i].start >= tdmr->base + tdmr->size)
				continue;
			if (!first && l->mem[i].nid != nid) {
				st->multi_node++;
				break;
			}
			nid = l->mem[i].nid;
			first = false;
		}
	}

	/*
	 * Holes leave PAMT headroom, except in 1 GiB TDMRs (cannot split).
	 * Without bridging, the TDMRs cover exactly the GiBs the upstream
	 * policy covers: PAMT differs only by per-level 4 KiB rounding.  The
	 * planner bridges only when no plan fits without (more runs than
	 * TDMRs, or holes outside CMRs forcing splits; tdmr_plan_tests.c
	 * checks that against an exhaustive reference).
	 */
	for (t = 0; t < plan.nr_tdmrs; t++) {
		if (plan.tdmrs[t].nr_holes > plan.hole_budget &&
		    plan.tdmrs[t].size != GiB) {
			ret = fail(why, why_len, "TDMR %u: %u holes, budget %u",
				   t, plan.tdmrs[t].nr_holes, plan.hole_budget);
			goto out;
		}
	}
	for (t = 0; t < plan.nr_tdmrs; t++) {
		u64 small = tdmr_plan_small_pamt_size(&plan, plan.tdmrs[t].nid);

		if (l->limits.pamt_entry_size[0] == 16 &&
		    l->limits.pamt_entry_size[1] == 16 &&
		    l->limits.pamt_entry_size[2] == 16 && plan.nr_tdmrs <= 64 &&
		    small * 16 > st->largest_chunk * 3) {
			ret = fail(why, why_len,
				   "node %d: pooled 2M/1G PAMT %llu KiB > 3/16 of %llu KiB",
				   plan.tdmrs[t].nid, small / KiB,
				   st->largest_chunk / KiB);
			goto out;
		}
	}
	tdx_upstream_plan(l, &up);
	if (!plan.bridged &&
	    (st->tdmr_gibs != up.tdmr_gibs ||
	     st->pamt_bytes > up.pamt_bytes + 3 * 4 * KiB * plan.nr_tdmrs)) {
		ret = fail(why, why_len,
			   "%llu GiB in TDMRs, PAMT %llu KiB; upstream %llu GiB, %llu KiB",
			   st->tdmr_gibs, st->pamt_bytes / KiB, up.tdmr_gibs,
			   up.pamt_bytes / KiB);
		goto out;
	}

	/* Step 2: the caller places PAMT; step 3: reserved areas. */
	ret = place_pamts(l, &plan, place, seed, place == PLACE_FRAGMENTED);
	st->misplaced = plan.nr_misplaced;
	st->place_err = ret;
	if (ret == -ENOSPC && !placement_may_fail(l, &plan, place, seed)) {
		ret = fail(why, why_len, "PAMT placement: %s", plan.err);
		goto out;
	}
	if (ret == -ENOMEM) {
		ret = fail(why, why_len, "cannot place PAMT in TDX memory");
		goto out;
	}
	if (!ret)
		ret = tdmr_plan_set_reserved(l->cmrs, l->nr_cmrs, &l->limits, &plan);
	if (ret) {
		/* tdmr_plan_alloc_pamt() placed it: the budget must hold. */
		if (ret != -ENOSPC || !err_line_ok(&plan) ||
		    (place >= PLACE_NODE_BOTTOM && !st->place_err)) {
			ret = fail(why, why_len, "set_reserved returned %d with message '%.*s'",
				   ret, (int)sizeof(plan.err), plan.err);
			goto out;
		}
		goto out;
	}

	/* Reserved areas hide no TDX memory except PAMT. */
	for (t = 0; t < plan.nr_tdmrs; t++) {
		const struct tdmr_plan_tdmr *tdmr = &plan.tdmrs[t];

		if (tdmr->nr_reserved > st->max_rsvd)
			st->max_rsvd = tdmr->nr_reserved;
		st->sum_rsvd += tdmr->nr_reserved;
		for (k = 0; k < tdmr->nr_reserved; k++) {
			u64 rs = tdmr->base + tdmr->reserved[k].offset;
			u64 re = rs + tdmr->reserved[k].size;

			for (i = 0; i < l->nr_mem; i++) {
				u64 s = l->mem[i].start > rs ? l->mem[i].start : rs;
				u64 e = l->mem[i].end < re ? l->mem[i].end : re;

				if (s < e && !covered_by_pamt(&plan, s, e)) {
					ret = fail(why, why_len,
						   "TDMR %u reserved area %u hides TDX memory at %#llx",
						   t, k, s);
					goto out;
				}
			}
		}
	}

	/* The model's TDH.SYS.CONFIG checks. */
	infos = calloc(plan.nr_tdmrs, sizeof(*infos));
	ptrs = calloc(plan.nr_tdmrs, sizeof(*ptrs));
	if (!infos || !ptrs)
		abort();
	for (t = 0; t < plan.nr_tdmrs; t++) {
		tdmr_plan_to_info(&plan.tdmrs[t], &infos[t]);
		ptrs[t] = &infos[t];
	}
	vlim.pamt_entry_size = l->limits.pamt_entry_size[0];
	for (lvl = 1; lvl < TDX_PS_NR; lvl++)
		if (l->limits.pamt_entry_size[lvl] < vlim.pamt_entry_size)
			vlim.pamt_entry_size = l->limits.pamt_entry_size[lvl];
	status = tdx_model_validate_tdmrs(ptrs, plan.nr_tdmrs, l->cmrs,
					  l->nr_cmrs, &vlim);
	if (status != TDX_SUCCESS) {
		ret = fail(why, why_len, "model validator: status %#018llx", status);
		goto out;
	}
	st->nr_tdmrs = plan.nr_tdmrs;
	ret = 0;
out:
	if (tdx_check_verbose && ret)
		tdx_dump_plan(&plan);
	free(infos);
	free(ptrs);
	if (plan_out)
		*plan_out = plan;
	else
		free(plan.tdmrs);
	return ret;
}

/* ---- random layouts ---------------------------------------------------- */

struct tdx_bytes {
	const unsigned char *p;
	size_t n;
};

static unsigned int take(struct tdx_bytes *b)
{
	if (!b->n)
		return 0;
	b->n--;
	return *b->p++;
}

static unsigned int take16(struct tdx_bytes *b)
{
	return take(b) | take(b) << 8;
}

static u64 take_len(struct tdx_bytes *b)
{
	static const u64 unit[4] = { 4096, MiB, 64 * MiB, GiB };
	unsigned int u = take(b);

	return (u64)(take16(b) % 64 + (u >> 2 & 1)) * unit[u & 3];
}

void tdx_layout_from_bytes(struct tdx_layout *l, const unsigned char *data,
			   size_t size, enum tdx_place *place,
			   unsigned long long *seed)
{
	struct tdx_bytes b = { data, size };
	unsigned int flags, i, nr_cmrs, j;
	u64 pos = 0;

	lay_init(l, "random");
	flags = take(&b);
	l->limits.max_tdmrs = 1 + take(&b) % 70;
	l->limits.max_reserved_per_tdmr = 1 + take(&b) % 20;
	if (flags & 1)
		for (j = 0; j < TDX_PS_NR; j++)
			l->limits.pamt_entry_size[j] = 1 + take(&b) % 40;
	if (flags & 2)
		l->capacity = 1 + take(&b) % 80;
	*place = take(&b) % PLACE_NR;
	*seed = take16(&b);

	nr_cmrs = take(&b) % 32;
	for (i = 0; i < nr_cmrs && pos < (1ULL << 49); i++) {
		u64 gap = take_len(&b), len = take_len(&b);
		unsigned int nr, k;
		u64 mpos;

		if (!len) {
			/* A null CMR entry. */
			lay_cmr(l, 0, 0);
			continue;
		}
		pos += gap;
		lay_cmr(l, pos, pos + len);
		/* Memory ranges inside the CMR. */
		nr = take(&b) % 8;
		mpos = pos;
		for (k = 0; k < nr; k++) {
			u64 g = take_len(&b) / 4, m = take_len(&b) / 2;
			int nid = take(&b) % 4;

			g &= ~4095ULL;
			m &= ~4095ULL;
			if (!m || mpos + g + m > pos + len)
				break;
			mpos += g;
			lay_mem(l, mpos, mpos + m, nid);
			mpos += m;
		}
		pos += len;
	}
	/* Where PAMT goes when it does not fit in the TDX memory. */
	lay_cmr(l, POOL_BASE, POOL_BASE + POOL_SIZE);
	if ((flags & 0xf0) == 0x80 && l->nr_mem) {
		/* A bad input, to check the clear -EINVAL. */
		j = take(&b) % l->nr_mem;
		switch (take(&b) % 4) {
		case 0:
			l->mem[j].end = l->mem[j].start;
			break;
		case 1:
			l->mem[j].start += 1;
			break;
		case 2:
			if (j)
				l->mem[j].start = l->mem[j - 1].start;
			break;
		default:
			l->mem[j].end += 16 * GiB;
			break;
		}
	}
}
