// SPDX-License-Identifier: GPL-2.0
/*
 * Intel TDX host support: TDX memory and the PAMT.
 *
 * Owns the list of memory the TDX module covers (from memblock, checked
 * against the CMRs), the memory-hotplug notifier that keeps memory outside
 * the TDMRs offline once the module is initialized, and the PAMT: its
 * allocation per TDMR and node at runtime or from the boot reservation
 * (tdx_pamt_reserve.c), its full-line reset on erratum CPUs and its release.
 * The PAMT chunk list of the initialized module stays in tdx_pamt: sysfs
 * reports the PAMT per node from it.
 */
#define pr_fmt(fmt) "virt/tdx: " fmt

#include <linux/errno.h>
#include <linux/gfp.h>
#include <linux/kernel.h>
#include <linux/memblock.h>
#include <linux/memory.h>
#include <linux/mm.h>
#include <linux/mutex.h>
#include <linux/nodemask.h>
#include <linux/notifier.h>
#include <linux/overflow.h>
#include <linux/printk.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/topology.h>
#include "internal.h"
#include "seamcall.h"
#include "tdx_pamt_reserve.h"

struct tdx_mem_range *tdx_mem;
unsigned int tdx_nr_mem;
struct tdmr_plan_tdmr *tdx_tdmrs;
unsigned int tdx_nr_tdmrs;
struct tdx_pamt_chunks *tdx_pamt;
unsigned long tdx_pamt_pages;

/**
 * tdx_range_in_cmrs() - is [@start, @end) convertible memory?
 * @start:	first byte
 * @end:	byte after the last
 * @cmrs:	the CMRs, sorted
 * @nr:		number of CMRs
 *
 * Return: true if the range lies inside the CMRs.
 */
bool tdx_range_in_cmrs(u64 start, u64 end, const struct tdx_cmr_info *cmrs,
		       unsigned int nr)
{
	unsigned int i;

	/* CMRs are sorted; touching CMRs form one convertible range. */
	for (i = 0; i < nr && start < end; i++) {
		u64 cmr_end = cmrs[i].base + cmrs[i].size;

		if (start < cmrs[i].base)
			return false;
		if (start < cmr_end)
			start = cmr_end;
	}
	return start >= end;
}

/**
 * tdx_memblock_ranges() - memblock's memory ranges, with their nodes
 * @mem:	filled with the first @max ranges (NULL if @max is 0)
 * @max:	capacity of @mem
 *
 * The one list both tdx_enable() and the boot reservation of PAMT plan
 * from.  Usable at boot and after (memblock is kept: ARCH_KEEP_MEMBLOCK).
 *
 * Return: the number of ranges memblock lists, which may exceed @max.
 */
unsigned int tdx_memblock_ranges(struct tdx_mem_range *mem, unsigned int max)
{
	unsigned long start_pfn, end_pfn;
	unsigned int nr = 0;
	int i, nid;

	for_each_mem_pfn_range(i, MAX_NUMNODES, &start_pfn, &end_pfn, &nid) {
		if (nr < max) {
			mem[nr].start = PFN_PHYS(start_pfn);
			mem[nr].end = PFN_PHYS(end_pfn);
			mem[nr].nid = nid;
		}
		nr++;
	}
	return nr;
}

/**
 * tdx_build_memlist() - the memory TDX covers
 * @info:	the module's info, for its CMRs
 * @memp:	set to the list (kvfree() it)
 * @nrp:	set to the number of ranges in it
 *
 * From memblock, which is kept after boot (ARCH_KEEP_MEMBLOCK) and lists all
 * memory, also memory that is reserved at boot or offline, except the first
 * MiB: no platform reports it as convertible, and the kernel reserves it at
 * boot anyway.  Every range must lie in the CMRs.
 *
 * Return: 0, -ENOMEM, or -EINVAL (the reason is recorded).
 */
int tdx_build_memlist(const struct tdx_module_info *info,
		      struct tdx_mem_range **memp, unsigned int *nrp)
{
	struct tdx_mem_range *mem;
	unsigned int nr, j;

	nr = tdx_memblock_ranges(NULL, 0);
	if (!nr) {
		tdx_record_err("memblock lists no memory");
		return -EINVAL;
	}
	mem = kvcalloc(nr, sizeof(*mem), GFP_KERNEL);
	if (!mem)
		return -ENOMEM;

	/* No memory comes or goes meanwhile: the caller did get_online_mems(). */
	nr = min(nr, tdx_memblock_ranges(mem, nr));
	/* Never convertible, and the kernel keeps it for itself anyway. */
	nr = tdmr_plan_skip_low(mem, nr);
	for (j = 0; j < nr; j++) {
		if (!tdx_range_in_cmrs(mem[j].start, mem[j].end, info->cmrs,
				       info->nr_cmrs)) {
			tdx_record_err("memory [0x%llx, 0x%llx) on node %d is not convertible: not inside the module's %u CMRs",
				       mem[j].start, mem[j].end, mem[j].nid,
				       info->nr_cmrs);
			kvfree(mem);
			return -EINVAL;
		}
	}
	*memp = mem;
	*nrp = nr;
	return 0;
}

static bool tdx_range_is_tdx_memory(u64 start, u64 end)
{
	unsigned int i;

	for (i = 0; i < tdx_nr_mem && start < end; i++) {
		if (start < tdx_mem[i].start)
			return false;
		if (start < tdx_mem[i].end)
			start = tdx_mem[i].end;
	}
	return start >= end;
}

/**
 * tdx_memory_notify() - refuse to online memory outside the TDMRs
 * @nb:		tdx_memory_nb
 * @action:	MEM_GOING_ONLINE, ...
 * @v:		struct memory_notify
 *
 * The TDMRs are fixed once the module is initialized: memory that comes
 * online later and is not inside them could be given to a TD, which the
 * module would refuse (or worse, on an erratum platform, poison).
 *
 * Return: NOTIFY_BAD for such memory, else NOTIFY_OK.
 */
int tdx_memory_notify(struct notifier_block *nb, unsigned long action, void *v)
{
	struct memory_notify *mn = v;
	u64 start, end;

	if (action != MEM_GOING_ONLINE)
		return NOTIFY_OK;
	if (READ_ONCE(tdx_status) != TDX_MODULE_INITIALIZED)
		return NOTIFY_OK;

	start = PFN_PHYS(mn->start_pfn);
	end = PFN_PHYS(mn->start_pfn + mn->nr_pages);
	if (tdx_range_is_tdx_memory(start, end))
		return NOTIFY_OK;

	pr_err("refusing to online memory [0x%llx, 0x%llx): the TDX module was initialized without it and cannot protect it\n",
	       start, end);
	return NOTIFY_BAD;
}

struct notifier_block tdx_memory_nb = {
	.notifier_call = tdx_memory_notify,
};

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
 * (tdx_pamt=reserve hands that out itself).
 */
static bool tdx_pfn_range_takeable(unsigned long pfn, unsigned long nr)
{
	struct zone *zone = NULL;
	struct page *page;
	unsigned long i;

	for (i = 0; i < nr; i++) {
		page = pfn_to_online_page(pfn + i);
		if (!page || PageReserved(page))
			return false;
		/* Zones and migratetypes change at pageblock boundaries. */
		if (!i || !((pfn + i) % pageblock_nr_pages)) {
			if (is_migrate_cma_page(page) ||
			    (zone && page_zone(page) != zone))
				return false;
			zone = page_zone(page);
			cond_resched();
		}
	}
	return true;
}

/*
 * tdmr_plan_alloc_pamt()'s alloc_in(): @size bytes inside [@lo, @hi), from
 * the lowest address up in steps of @size as alloc_contig_pages() does;
 * alloc_contig_range() migrates what is in use there.
 */
static int tdx_pamt_ops_alloc_in(void *ctx, u64 size, u64 lo, u64 hi, u64 *base)
{
	unsigned long nr = size >> PAGE_SHIFT, pfn, end = PHYS_PFN(hi);
	struct tdx_pamt_chunks *chunks = ctx;

	if (WARN_ON_ONCE(chunks->nr >= chunks->capacity))
		return -EINVAL;
	for (pfn = PHYS_PFN(lo); pfn + nr <= end; pfn += nr) {
		if (!tdx_pfn_range_takeable(pfn, nr) ||
		    alloc_contig_range(pfn, pfn + nr, MIGRATE_MOVABLE,
				       GFP_KERNEL | __GFP_NOWARN))
			continue;
		*base = PFN_PHYS(pfn);
		chunks->chunk[chunks->nr].base = *base;
		chunks->chunk[chunks->nr].size = size;
		chunks->chunk[chunks->nr].nid = page_to_nid(pfn_to_page(pfn));
		chunks->nr++;
		tdx_pamt_pages += nr;
		return 0;
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
