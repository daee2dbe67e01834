// SPDX-License-Identifier: GPL-2.0
/*
 * Intel TDX host support: TDX memory.
 *
 * Owns the list of memory the TDX module covers (from memblock, checked
 * against the CMRs), the TDMRs of the initialized module, and the
 * memory-hotplug notifier that keeps memory outside the TDMRs offline once
 * the module is initialized.  The PAMT is pamt.c's.
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
#include <linux/printk.h>
#include <linux/slab.h>
#include "internal.h"
#include "tdx_pamt_reserve.h"

struct tdx_mem_range *tdx_mem;
unsigned int tdx_nr_mem;
struct tdmr_plan_tdmr *tdx_tdmrs;
unsigned int tdx_nr_tdmrs;

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
