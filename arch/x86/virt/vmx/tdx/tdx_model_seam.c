// SPDX-License-Identifier: GPL-2.0
/*
 * Software model of the TDX module: its side of the seam (seamcall.h), and
 * what a kernel with the model offers its tests and the benchmark.
 *
 * While the model is active (tdx_model_activate()), tdx_model_seam_ops
 * stands in for the CPU: SEAMCALLs go to tdx_model_seamcall() (timed, for
 * the benchmark), MSR 0x87 to the profile, the partial-write erratum and
 * the MOVDIR64B line resets to the model's PAMT records, and the cache
 * flush before TDH.SYS.KEY.CONFIG is counted before it is done.
 *
 * debugfs, /sys/kernel/debug/tdx/ (a directory the TDX core's boot
 * reservation of PAMT may share):
 *   enable	   write 1: call tdx_enable() exactly as KVM does when the
 *		   first TD is created, on CPUs without VMX only (QEMU's
 *		   TCG, which has no KVM TD): it does no VMXON, so on a VMX
 *		   CPU it refuses (-EOPNOTSUPP) and KVM must create the TD;
 *		   read: the outcome
 *   time	   how long the first tdx_enable() through "enable" took, and
 *		   how much of it was spent in the model's SEAMCALL handler
 *   pamt_fragment the benchmark's fragmentation experiment: write S (KiB,
 *		   a power of two from 8 to 4096) to take every free block of
 *		   S KiB the page allocator can form for an unmovable
 *		   GFP_KERNEL request (compacting movable pages if it must),
 *		   keep its first page and free the rest, until no such block
 *		   is left: then no S-KiB block outside the CMA areas is free
 *		   of unmovable pages, while only 1/(S/4) of the memory is
 *		   held.  S above 4096 (up to 1 GiB): one page at the start
 *		   of each S-KiB stride where a 4 MiB block was free, 4 MiB
 *		   ranges free between them (the placement boot, dev/
 *		   selftests.sh).  Write 0 to give the pages back.  Read:
 *		   what is held.
 */
#define pr_fmt(fmt) "tdx_model: " fmt

#include <linux/atomic.h>
#include <linux/cpu.h>
#include <linux/cpufeature.h>
#include <linux/debugfs.h>
#include <linux/fs.h>
#include <linux/gfp.h>
#include <linux/init.h>
#include <linux/io.h>
#include <linux/kernel.h>
#include <linux/list.h>
#include <linux/log2.h>
#include <linux/mm.h>
#include <linux/mutex.h>
#include <linux/sched/signal.h>
#include <linux/seq_file.h>
#include <linux/sizes.h>
#include <linux/slab.h>
#include <linux/smp.h>
#include <linux/timekeeping.h>
#include <linux/uaccess.h>
#include <asm/msr-index.h>
#include <asm/tdx.h>
#include "tdx.h"
#include "tdx_model.h"

static atomic64_t tdx_model_seamcall_ns;
static u64 tdx_model_enable_ns;
static atomic_long_t tdx_model_flushes;

static u64 tdx_model_seam_seamcall(u64 fn, struct tdx_seamcall_regs *regs)
{
	u64 t0 = ktime_get_ns(), status;

	status = tdx_model_seamcall(fn, regs);
	atomic64_add(ktime_get_ns() - t0, &tdx_model_seamcall_ns);
	return status;
}

static int tdx_model_seam_read_keyid_msr(u64 *msr)
{
	return tdx_model_rdmsr(MSR_IA32_MKTME_KEYID_PARTITIONING, msr);
}

static void tdx_model_seam_flush_caches(void)
{
	atomic_long_inc(&tdx_model_flushes);
	tdx_model_flush_caches();
}

/**
 * tdx_model_cache_flushes() - how often the host flushed the caches
 *
 * Return: the number of tdx_seam_flush_caches() calls the model saw.
 */
unsigned long tdx_model_cache_flushes(void)
{
	return atomic_long_read(&tdx_model_flushes);
}

const struct tdx_seam_ops tdx_model_seam_ops = {
	.seamcall	= tdx_model_seam_seamcall,
	.read_keyid_msr	= tdx_model_seam_read_keyid_msr,
	.pw_mce_erratum	= tdx_model_pw_mce_erratum,
	.reset_line	= tdx_model_reset_line,
	.flush_caches	= tdx_model_seam_flush_caches,
};

static LIST_HEAD(tdx_pamt_frag_pages);
static unsigned long tdx_pamt_frag_nr;
static unsigned long tdx_pamt_frag_kb;
static DEFINE_MUTEX(tdx_pamt_frag_lock);

static void tdx_pamt_frag_release(void)
{
	struct page *page, *tmp;

	lockdep_assert_held(&tdx_pamt_frag_lock);
	list_for_each_entry_safe(page, tmp, &tdx_pamt_frag_pages, lru) {
		list_del(&page->lru);
		__free_page(page);
	}
	tdx_pamt_frag_nr = 0;
	tdx_pamt_frag_kb = 0;
}

/* Keep the first page of a block of 2^@order pages, free the rest. */
static void tdx_pamt_frag_keep_first(struct page *page, unsigned int order)
{
	unsigned int i;

	split_page(page, order);
	for (i = 1; i < 1U << order; i++)
		__free_page(page + i);
	list_add(&page->lru, &tdx_pamt_frag_pages);
	tdx_pamt_frag_nr++;
}

static void tdx_pamt_frag_take(unsigned long kb)
{
	unsigned int order = min_t(unsigned int, ilog2(kb >> (PAGE_SHIFT - 10)),
				   MAX_ORDER - 1);
	phys_addr_t stride = (phys_addr_t)kb << 10;
	struct page *page, *tmp;
	unsigned long taken = 0;
	LIST_HEAD(blocks);

	lockdep_assert_held(&tdx_pamt_frag_lock);
	for (;;) {
		page = alloc_pages(GFP_KERNEL | __GFP_NORETRY | __GFP_NOWARN,
				   order);
		if (!page)
			break;
		/* A block the page allocator's largest: held until all are. */
		if (stride > PAGE_SIZE << order)
			list_add(&page->lru, &blocks);
		else
			tdx_pamt_frag_keep_first(page, order);
		if (!(++taken % 256)) {
			cond_resched();
			if (fatal_signal_pending(current))
				break;
		}
	}
	/* Larger strides: a page of the blocks that start one, no other. */
	list_for_each_entry_safe(page, tmp, &blocks, lru) {
		list_del(&page->lru);
		if (page_to_phys(page) & (stride - 1))
			__free_pages(page, order);
		else
			tdx_pamt_frag_keep_first(page, order);
	}
	tdx_pamt_frag_kb = kb;
}

/**
 * tdx_model_fragment() - pin one unmovable page per @kb KiB of free memory
 * @kb:	KiB, a power of two from 8 to 1 GiB; 0 gives the pages back
 *
 * Takes every free block of @kb KiB the page allocator can form for an
 * unmovable GFP_KERNEL request (compacting movable pages if it must), keeps
 * its first page and frees the rest, after giving back what an earlier call
 * held.  Above the largest block (4 MiB) it takes every free block of that
 * size and keeps the first page only of those that start a @kb KiB stride:
 * between those pages, ranges of at least 4 MiB stay free.  For the PAMT
 * benchmark, the reservation's KUnit suite and the placement boot.
 *
 * Context: process context, may sleep.
 *
 * Return: the number of pages held.
 */
unsigned long tdx_model_fragment(unsigned long kb)
{
	unsigned long held;

	mutex_lock(&tdx_pamt_frag_lock);
	tdx_pamt_frag_release();
	if (kb)
		tdx_pamt_frag_take(kb);
	held = tdx_pamt_frag_nr;
	mutex_unlock(&tdx_pamt_frag_lock);
	return held;
}

#ifdef CONFIG_DEBUG_FS
static ssize_t tdx_model_enable_write(struct file *file,
				      const char __user *ubuf, size_t count,
					loff_t *ppos)
{
	bool val, first;
	int ret;
	u64 t0;

	ret = kstrtobool_from_user(ubuf, count, &val);
	if (ret)
		return ret;
	if (!val)
		return -EINVAL;

	/*
	 * KVM does VMXON on every CPU before it calls tdx_enable(); this
	 * stand-in does not.  On a CPU with VMX every SEAMCALL would then
	 * raise #UD (the model checks it, tdx_model_vmx.c) and the failure
	 * would disable TDX until reboot: refuse, and point at KVM.
	 */
	if (boot_cpu_has(X86_FEATURE_VMX)) {
		pr_warn("debugfs tdx/enable refused: this CPU has VMX, and SEAMCALLs need the VMXON that KVM does; create a TD through KVM (KVM_CREATE_VM) instead\n");
		return -EOPNOTSUPP;
	}

	/*
	 * Without VMX (QEMU's TCG) nothing can do VMXON, and the model does
	 * not check it: the call is then exactly what KVM does when the first
	 * TD is created; timed when it initializes the module (for the
	 * benchmark, dev/bench.sh).
	 */
	cpus_read_lock();
	first = tdx_module_status() == TDX_MODULE_UNINITIALIZED;
	if (first)
		atomic64_set(&tdx_model_seamcall_ns, 0);
	t0 = ktime_get_ns();
	ret = tdx_enable();
	if (first)
		WRITE_ONCE(tdx_model_enable_ns, ktime_get_ns() - t0);
	cpus_read_unlock();

	return ret ? ret : count;
}

static ssize_t tdx_model_enable_read(struct file *file, char __user *ubuf,
				     size_t count, loff_t *ppos)
{
	struct tdx_state *state;
	char *buf;
	int len;

	state = kmalloc(sizeof(*state), GFP_KERNEL);
	buf = kmalloc(PAGE_SIZE, GFP_KERNEL);
	if (!state || !buf) {
		kfree(state);
		kfree(buf);
		return -ENOMEM;
	}
	tdx_get_state(state);
	len = scnprintf(buf, PAGE_SIZE, "%s", tdx_module_status_name(state->status));
	if (state->status == TDX_MODULE_INITIALIZED)
		len += scnprintf(buf + len, PAGE_SIZE - len,
				 ": module %u.%u.%u, KeyIDs [%u, %u), %u TDMRs, %llu KB PAMT",
				 state->major, state->minor, state->update,
				 state->keyid_start,
				 state->keyid_start + state->nr_keyids,
				 state->nr_tdmrs, state->pamt_bytes >> 10);
	else if (state->reason[0])
		len += scnprintf(buf + len, PAGE_SIZE - len, " (%d): %s",
				 state->err, state->reason);
	len += scnprintf(buf + len, PAGE_SIZE - len, "\n");

	len = simple_read_from_buffer(ubuf, count, ppos, buf, len);
	kfree(buf);
	kfree(state);
	return len;
}

static const struct file_operations tdx_model_enable_fops = {
	.owner = THIS_MODULE,
	.read = tdx_model_enable_read,
	.write = tdx_model_enable_write,
	.llseek = default_llseek,
};

static int tdx_model_time_show(struct seq_file *m, void *unused)
{
	seq_printf(m, "enable_ns %llu\nseamcall_ns %lld\n",
		   READ_ONCE(tdx_model_enable_ns),
		   (s64)atomic64_read(&tdx_model_seamcall_ns));
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(tdx_model_time);

static ssize_t tdx_pamt_frag_write(struct file *file, const char __user *buf,
				   size_t count, loff_t *ppos)
{
	unsigned long kb, held;
	int ret;

	ret = kstrtoul_from_user(buf, count, 0, &kb);
	if (ret)
		return ret;
	if (kb && (!is_power_of_2(kb) || kb < (PAGE_SIZE >> 10) * 2 ||
		   kb > SZ_1G >> 10))
		return -EINVAL;

	held = tdx_model_fragment(kb);
	if (kb)
		pr_info("fragment: holding %lu unmovable pages, one per %lu KB\n",
			held, kb);
	return count;
}

static int tdx_pamt_frag_show(struct seq_file *m, void *unused)
{
	mutex_lock(&tdx_pamt_frag_lock);
	seq_printf(m, "holding %lu unmovable pages, one per %lu KB\n",
		   tdx_pamt_frag_nr, tdx_pamt_frag_kb);
	mutex_unlock(&tdx_pamt_frag_lock);
	return 0;
}

static int tdx_pamt_frag_open(struct inode *inode, struct file *file)
{
	return single_open(file, tdx_pamt_frag_show, NULL);
}

static const struct file_operations tdx_pamt_frag_fops = {
	.owner		= THIS_MODULE,
	.open		= tdx_pamt_frag_open,
	.read		= seq_read,
	.write		= tdx_pamt_frag_write,
	.llseek		= seq_lseek,
	.release	= single_release,
};

static int __init tdx_model_host_debugfs_init(void)
{
	struct dentry *dir = tdx_debugfs_dir();

	debugfs_create_file("enable", 0600, dir, NULL, &tdx_model_enable_fops);
	debugfs_create_file("time", 0400, dir, NULL, &tdx_model_time_fops);
	debugfs_create_file("pamt_fragment", 0600, dir, NULL,
			    &tdx_pamt_frag_fops);
	return 0;
}
late_initcall(tdx_model_host_debugfs_init);
#endif
