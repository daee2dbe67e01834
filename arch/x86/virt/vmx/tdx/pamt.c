// SPDX-License-Identifier: GPL-2.0
/*
 * Intel TDX host support: the PAMT.
 *
 * Its allocation per TDMR and node, at runtime or from the boot reservation
 * (tdx_pamt_reserve.c), placed within each TDMR's reserved-area budget by
 * tdmr_plan_alloc_pamt() (tdmr_pamt.c) over this file's allocator; its
 * full-line reset on erratum CPUs and its release.  The PAMT chunk list of
 * the initialized module stays in tdx_pamt: sysfs reports the PAMT per node
 * from it.
 */
#define pr_fmt(fmt) "virt/tdx: " fmt

#include <linux/errno.h>
#include <linux/gfp.h>
#include <linux/io.h>
#include <linux/kernel.h>
#include <linux/memory.h>
#include <linux/mm.h>
#include <linux/mutex.h>
#include <linux/nodemask.h>
#include <linux/overflow.h>
#include <linux/printk.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/topology.h>
#include "internal.h"
#include "seamcall.h"
#include "tdx_pamt_reserve.h"

struct tdx_pamt_chunks *tdx_pamt;
unsigned long tdx_pamt_pages;

/**
 * tdx_pamt_bytes_on_node() - PAMT memory the module holds on one node
 * @nid:	node
 *
 * Return: bytes, 0 before initialization or for an invalid node.
 */
u64 tdx_pamt_bytes_on_node(int nid)
{
	u64 bytes = 0;
	unsigned int i;

	mutex_lock(&tdx_module_lock);
	for (i = 0; tdx_pamt && i < tdx_pamt->nr; i++)
		if (tdx_pamt->chunk[i].nid == nid)
			bytes += tdx_pamt->chunk[i].size;
	mutex_unlock(&tdx_module_lock);
	return bytes;
}

static void tdx_free_pamt_chunk(const struct tdx_pamt_chunk *c)
{
	struct page *page = pfn_to_page(PHYS_PFN(c->base));

	tdx_pamt_pages -= c->size >> PAGE_SHIFT;
	/* Back to the boot reservation (tdx_pamt=reserve) if it came from there. */
	if (!tdx_pamt_reserve_free(page, c->size >> PAGE_SHIFT))
		free_contig_range(page_to_pfn(page), c->size >> PAGE_SHIFT);
}

/**
 * tdx_free_pamt_chunks() - give PAMT back to where it came from
 * @chunks:	the chunks, may be NULL; freed as well
 *
 * Only once the module can no longer touch it (shut down and fenced, or
 * never told about it).
 */
void tdx_free_pamt_chunks(struct tdx_pamt_chunks *chunks)
{
	if (!chunks)
		return;
	while (chunks->nr)
		tdx_free_pamt_chunk(&chunks->chunk[--chunks->nr]);
	kfree(chunks);
}

/**
 * tdx_reset_pamt() - full-line writes over every line of the PAMT
 * @chunks:	the chunks
 *
 * For the partial-write machine check erratum (tdx_seam_pw_mce_erratum()):
 * PAMT the module may have written with its private KeyID must get
 * full-line writes before it goes back to the page allocator.  Only after
 * the module was shut down for good (or the kernel fenced it off).
 *
 * Return: the bytes reset, for the caller's message.
 */
u64 tdx_reset_pamt(const struct tdx_pamt_chunks *chunks)
{
	u64 page, line, bytes = 0;
	unsigned int i;

	for (i = 0; i < chunks->nr; i++) {
		const struct tdx_pamt_chunk *c = &chunks->chunk[i];

		/* Chunks are whole pages. */
		for (page = c->base; page < c->base + c->size; page += PAGE_SIZE) {
			for (line = page; line < page + PAGE_SIZE; line += 64)
				tdx_seam_reset_line(line);
			cond_resched();
		}
		bytes += c->size;
	}
	/* MOVDIR64B stores are weakly ordered: finish them before the free. */
	mb();
	return bytes;
}

static struct page *tdx_alloc_pamt_on(unsigned long nr_pages, int nid,
				      nodemask_t *nodes)
{
	return alloc_contig_pages(nr_pages, GFP_KERNEL | __GFP_NOWARN, nid, nodes);
}

/*
 * One chunk of @size bytes of PAMT (@what: the TDMR and level, or the node's
 * pool): on node @nid if possible, else anywhere, which one line says.
 */
static int tdx_alloc_pamt_chunk(struct tdx_pamt_chunks *chunks, u64 size,
				int nid, const char *what, u64 *base)
{
	unsigned long nr_pages = size >> PAGE_SHIFT;
	struct page *page = NULL;
	nodemask_t node;

	if (WARN_ON_ONCE(chunks->nr >= chunks->capacity))
		return -EINVAL;
	/*
	 * The boot reservation first (tdx_pamt=reserve): this node's area, else
	 * another node's; it also serves TDMRs without a node (bridged gaps).
	 */
	page = tdx_pamt_reserve_alloc(nid, nr_pages);
	if (!page && nid >= 0 && nid < MAX_NUMNODES && node_state(nid, N_MEMORY)) {
		node = nodemask_of_node(nid);
		page = tdx_alloc_pamt_on(nr_pages, nid, &node);
	}
	if (!page) {
		page = tdx_alloc_pamt_on(nr_pages, numa_mem_id(), NULL);
		if (!page) {
			tdx_record_err("%s: cannot allocate %llu KB of PAMT on node %d or any other node",
				       what, size >> 10, nid);
			return -ENOMEM;
		}
		pr_info("%s: %llu KB of PAMT not available on node %d, allocated on node %d\n",
			what, size >> 10, nid, page_to_nid(page));
	}

	*base = page_to_phys(page);
	chunks->chunk[chunks->nr].base = *base;
	chunks->chunk[chunks->nr].size = size;
	chunks->chunk[chunks->nr].nid = page_to_nid(page);
	chunks->nr++;
	tdx_pamt_pages += nr_pages;
	return 0;
}

/* tdmr_plan_alloc_pamt()'s allocator: a chunk, recorded in the list. */
static int tdx_pamt_ops_alloc(void *ctx, u64 size, int nid, const char *what,
			      u64 *base)
{
	return tdx_alloc_pamt_chunk(ctx, size, nid, what, base);
}

/*
 * Could [@pfn, @pfn + @nr) be taken with alloc_contig_range()?  Online
 * pages of one zone, none reserved, none in the boot reservation's CMA area
 * (tdx_pamt=reserve hands that out itself).  Return: 0 if so, else how far
 * to move on: just past the last page in the way.
 */
static unsigned long tdx_pfn_range_blocked(unsigned long pfn, unsigned long nr)
{
	struct page *page, *last = pfn_to_online_page(pfn + nr - 1);
	unsigned long i = nr;

	if (!last)
		return nr;
	while (i--) {
		page = pfn_to_online_page(pfn + i);
		if (!page || PageReserved(page))
			return i + 1;
		/* Zones and migratetypes change at pageblock boundaries. */
		if (i == nr - 1 || !((pfn + i + 1) % pageblock_nr_pages)) {
			if (is_migrate_cma_page(page) ||
			    page_zone(page) != page_zone(last))
				return i + 1;
			cond_resched();
		}
	}
	return 0;
}

/* Pageblocks alloc_in() tries where pages in use do not move, at most. */
#define TDX_PAMT_ALLOC_IN_TRIES	64

/*
 * tdmr_plan_alloc_pamt()'s alloc_in(): the lowest @size bytes inside
 * [@lo, @hi) that alloc_contig_range() can take, which migrates what is in
 * use there.  It jumps over what it can see in the way (offline, reserved
 * or CMA pages, a zone boundary) and, where pages in use do not move, steps
 * a pageblock, at most TDX_PAMT_ALLOC_IN_TRIES times.
 */
static int tdx_pamt_ops_alloc_in(void *ctx, u64 size, u64 lo, u64 hi, u64 *base)
{
	unsigned long nr = size >> PAGE_SHIFT, pfn, skip, end = PHYS_PFN(hi);
	struct tdx_pamt_chunks *chunks = ctx;
	unsigned int tries = 0;

	if (WARN_ON_ONCE(chunks->nr >= chunks->capacity))
		return -EINVAL;
	for (pfn = PHYS_PFN(lo); pfn + nr <= end; ) {
		skip = tdx_pfn_range_blocked(pfn, nr);
		if (skip) {
			pfn += skip;
			continue;
		}
		if (!alloc_contig_range(pfn, pfn + nr, MIGRATE_MOVABLE,
					GFP_KERNEL | __GFP_NOWARN)) {
			*base = PFN_PHYS(pfn);
			chunks->chunk[chunks->nr].base = *base;
			chunks->chunk[chunks->nr].size = size;
			chunks->chunk[chunks->nr].nid = page_to_nid(pfn_to_page(pfn));
			chunks->nr++;
			tdx_pamt_pages += nr;
			return 0;
		}
		if (++tries == TDX_PAMT_ALLOC_IN_TRIES)
			break;
		pfn = ALIGN(pfn + 1, pageblock_nr_pages);
	}
	return -ENOMEM;
}

/* Give back a chunk that did not fit: the most recent with that base. */
static void tdx_pamt_ops_free(void *ctx, u64 base, u64 size)
{
	struct tdx_pamt_chunks *chunks = ctx;
	unsigned int i = chunks->nr;

	while (i--) {
		if (chunks->chunk[i].base != base)
			continue;
		tdx_free_pamt_chunk(&chunks->chunk[i]);
		chunks->chunk[i] = chunks->chunk[--chunks->nr];
		return;
	}
	WARN_ONCE(1, "PAMT chunk 0x%llx+0x%llx not allocated\n", base, size);
}

/**
 * tdx_alloc_pamts() - allocate every PAMT of a plan
 * @plan:	the TDMRs; their pamt_base[] are set
 * @limits:	the module's limits, as the plan was built with
 * @chunksp:	set to the chunks (tdx_free_pamt_chunks())
 *
 * Each chunk stays only where the TDMRs it lands in keep within their
 * reserved-area budget; tdmr_plan_alloc_pamt() asks for one that does not
 * inside a window where it does.  Frees what it allocated when it fails.
 *
 * Return: 0, -ENOMEM or -ENOSPC (the reason is recorded).
 */
int tdx_alloc_pamts(struct tdmr_plan *plan,
		    const struct tdmr_plan_limits *limits,
		    struct tdx_pamt_chunks **chunksp)
{
	struct tdx_pamt_chunks *chunks;
	struct tdmr_pamt_ops ops = {
		.alloc = tdx_pamt_ops_alloc,
		.alloc_in = tdx_pamt_ops_alloc_in,
		.free = tdx_pamt_ops_free,
	};
	unsigned int cap;
	int ret;

	/* One 4K chunk per TDMR, one pool per node, one being placed again. */
	cap = 2 * plan->nr_tdmrs + 1;
	chunks = kzalloc(struct_size(chunks, chunk, cap), GFP_KERNEL);
	if (!chunks)
		return -ENOMEM;
	chunks->capacity = cap;
	ops.ctx = chunks;

	ret = tdmr_plan_alloc_pamt(plan, limits, &ops);
	if (plan->nr_misplaced)
		pr_info("%u PAMT chunks landed where a TDMR had no reserved area left and were allocated again elsewhere\n",
			plan->nr_misplaced);
	if (!ret && plan->pieces != TDMR_PLAN_PAMT_CHUNKS)
		pr_info("PAMT allocated in one piece %s, to keep within %u reserved areas per TDMR\n",
			plan->pieces == TDMR_PLAN_PAMT_ONE ? "for all nodes" : "per node",
			tdmr_max_rsvd(limits));
	if (ret) {
		if (ret == -ENOSPC)
			tdx_record_err("PAMT placement failed: %s", plan->err);
		tdx_free_pamt_chunks(chunks);
		return ret;
	}
	*chunksp = chunks;
	return 0;
}
