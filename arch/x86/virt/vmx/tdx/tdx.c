// SPDX-License-Identifier: GPL-2.0
/*
 * Intel TDX host support: platform detection and TDX module initialization.
 *
 * At boot the kernel only reads the KeyID partitioning the BIOS chose.  The
 * TDX module itself is initialized by tdx_enable(), which KVM calls when the
 * first TD is created, so that machines which never run a TD pay nothing:
 *
 *   TDH.SYS.INIT; TDH.SYS.LP.INIT on every CPU; module info (TDH.SYS.INFO,
 *   or TDH.SYS.RD on TDX 1.5 modules); TDX memory from memblock, checked
 *   against the CMRs; TDMRs from the planner (tdmr_plan.c); PAMT allocated
 *   per TDMR and level on the TDMR's node; TDH.SYS.CONFIG with the global
 *   KeyID; WBINVD on every CPU; TDH.SYS.KEY.CONFIG once per package;
 *   TDH.SYS.TDMR.INIT until every TDMR is initialized.
 *
 * Any failure after TDH.SYS.INIT shuts the module down and fences off every
 * later SEAMCALL before the PAMT goes back to the page allocator: the module
 * can then provably not touch that memory any more.  The outcome is
 * remembered; later calls return it at once.
 */
#define pr_fmt(fmt) "virt/tdx: " fmt

#include <linux/init.h>
#include <linux/errno.h>
#include <linux/printk.h>
#include <linux/kernel.h>
#include <linux/slab.h>
#include <linux/mm.h>
#include <linux/gfp.h>
#include <linux/mutex.h>
#include <linux/cpu.h>
#include <linux/cpuhotplug.h>
#include <linux/delay.h>
#include <linux/smp.h>
#include <linux/percpu.h>
#include <linux/memblock.h>
#include <linux/memory.h>
#include <linux/memory_hotplug.h>
#include <linux/nodemask.h>
#include <linux/sched.h>
#include <linux/suspend.h>
#include <linux/reboot.h>
#include <linux/notifier.h>
#include <linux/debugfs.h>
#include <linux/kmemleak.h>
#include <linux/uaccess.h>
#include <linux/static_call.h>
#include <linux/lockdep.h>
#include <linux/atomic.h>
#include <linux/seq_file.h>
#include <linux/string.h>
#include <linux/timekeeping.h>
#include <asm/msr.h>
#include <asm/intel-family.h>
#include <linux/processor.h>
#include <asm/special_insns.h>
#include <linux/topology.h>
#include <asm/tdx.h>
#include "tdx.h"
#include "tdx_pamt_reserve.h"

#ifdef CONFIG_INTEL_TDX_MODULE_SIM
#include "tdx_model.h"

DEFINE_STATIC_CALL(tdx_seamcall_target, __tdx_seamcall);
EXPORT_STATIC_CALL_GPL(tdx_seamcall_target);
DEFINE_STATIC_CALL(tdx_flush_caches_target, __tdx_flush_caches);
#endif

/* WBINVD on every CPU, hence on every package: see seamcall.h. */
void __tdx_flush_caches(void)
{
	wbinvd_on_all_cpus();
}

/* Each TDMR_INFO takes 512 bytes in the array handed to TDH.SYS.CONFIG. */
#define TDX_TDMR_INFO_STRIDE	TDX_TDMR_INFO_ALIGN
static_assert(sizeof(struct tdx_tdmr_info) <= TDX_TDMR_INFO_STRIDE);
static_assert(TDX_SYSINFO_STRUCT_SIZE == TDX_SYSINFO_STRUCT_ALIGN);
static_assert(TDX_MAX_CMRS * sizeof(struct tdx_cmr_info) == TDX_CMR_INFO_ARRAY_ALIGN);

/* KeyID partitioning, read at boot. */
static u32 tdx_keyid_start __ro_after_init;
static u32 tdx_nr_keyids __ro_after_init;

/*
 * Everything below is protected by tdx_module_lock.  tdx_status is also read
 * locklessly by the reboot notifier, and by the memory-hotplug notifier,
 * which runs with mem_hotplug_lock held for write while tdx_enable() holds it
 * for read whenever it changes tdx_status or the TDX memory list.
 */
static DEFINE_MUTEX(tdx_module_lock);
static enum tdx_module_status tdx_status = TDX_MODULE_UNAVAILABLE;
static int tdx_err = -ENODEV;
static char tdx_reason[TDX_REASON_LEN];
static struct tdx_module_info tdx_info;
static bool tdx_info_valid;

/* What the initialized module holds. */
static struct tdx_mem_range *tdx_mem;
static unsigned int tdx_nr_mem;
static struct tdmr_plan_tdmr *tdx_tdmrs;
static unsigned int tdx_nr_tdmrs;
static struct tdx_pamt_chunks *tdx_pamt;
static u64 tdx_pamt_node_bytes[MAX_NUMNODES];
static unsigned long tdx_pamt_pages;
static int tdx_cpuhp_state;

/* Set once the module is shut down: every later SEAMCALL fails fast. */
static bool tdx_fenced;

/* tdx_enable() is initializing the module (read locklessly by sysfs). */
static bool tdx_initializing;

/*
 * Set before the first TDH.SYS.TDMR.INIT, never cleared: from then on the
 * module may have written memory with its private KeyID, so caches may hold
 * dirty private lines that must not reach a kexec'd or kdump kernel.
 */
static bool tdx_private_lines;

#ifdef CONFIG_INTEL_TDX_MODULE_SIM
/*
 * For the PAMT benchmark (dev/bench.sh), kernels with the TDX module model
 * only: "single" allocates, per node, one chunk holding every PAMT level of
 * the node's TDMRs, as upstream's one chunk per TDMR does when a TDMR spans
 * a node's memory; and the time tdx_enable() took, and spent in SEAMCALLs.
 */
static bool tdx_pamt_single_chunk;
static u64 tdx_enable_ns;
static atomic64_t tdx_seamcall_ns;
#else
#define tdx_pamt_single_chunk	false
#endif

/* CPUs that did TDH.SYS.LP.INIT: their LP state survives offline/online. */
static struct cpumask tdx_lp_done;

/* Per-CPU completion status of the leaf run by tdx_on_each_cpu(). */
static DEFINE_PER_CPU(u64, tdx_cpu_status);

#ifdef CONFIG_INTEL_TDX_HOST_KUNIT_TEST
/* Fault injection for the KUnit tests: fail PAMT allocation of one TDMR. */
static int tdx_test_pamt_fail_tdmr = -1;
static int tdx_test_pamt_fail_level = -1;
static bool tdx_test_pamt_fail_node_only;

static bool tdx_pamt_alloc_fault(unsigned int tdmr, int level, bool on_node)
{
	if ((int)tdmr != tdx_test_pamt_fail_tdmr)
		return false;
	if (tdx_test_pamt_fail_level >= 0 && level != tdx_test_pamt_fail_level)
		return false;
	return on_node || !tdx_test_pamt_fail_node_only;
}
#else
static inline bool tdx_pamt_alloc_fault(unsigned int tdmr, int level, bool on_node)
{
	return false;
}
#endif

/*
 * The module ran out of entropy (RDRAND/RDSEED) and asks to be called
 * again: TDX_RND_NO_ENTROPY, which TDX 1.0 reports as TDX_SYS_BUSY from
 * TDH.SYS.INIT and TDH.SYS.LP.INIT.  There SYS_BUSY is transient on 1.5
 * too (a concurrent holder of the global lock), so retrying it is safe on
 * both generations, which the host cannot tell apart before TDH.SYS.INFO.
 */
static bool tdx_seamcall_retryable(u64 leaf, u64 status)
{
	status &= TDX_STATUS_MASK;
	return status == TDX_RND_NO_ENTROPY ||
	       (status == TDX_SYS_BUSY &&
		(leaf == TDH_SYS_INIT || leaf == TDH_SYS_LP_INIT));
}

/**
 * tdx_seamcall() - make a SEAMCALL, retrying while the module lacks entropy
 * @leaf:	leaf number
 * @regs:	input registers; on return the module's output registers
 *
 * TDX_RND_NO_ENTROPY is retried up to TDX_RND_RETRIES times with the same
 * inputs.  Once the kernel shut the module down, no SEAMCALL reaches it any
 * more and this returns TDX_SEAMCALL_FENCED_STATUS.
 *
 * Return: the completion status (see tdx_status_decode()).
 */
u64 tdx_seamcall(u64 leaf, struct tdx_seamcall_regs *regs)
{
	const struct tdx_seamcall_regs in = *regs;
	unsigned int tries = TDX_RND_RETRIES;
	u64 status;
#ifdef CONFIG_INTEL_TDX_MODULE_SIM
	u64 t0;
#endif

	if (READ_ONCE(tdx_fenced))
		return TDX_SEAMCALL_FENCED_STATUS;

	preempt_disable();
#ifdef CONFIG_INTEL_TDX_MODULE_SIM
	t0 = ktime_get_ns();
#endif
	for (;;) {
		status = tdx_seamcall_insn(leaf, regs);
		if (!tdx_seamcall_retryable(leaf, status) || !--tries)
			break;
		*regs = in;
	}
#ifdef CONFIG_INTEL_TDX_MODULE_SIM
	atomic64_add(ktime_get_ns() - t0, &tdx_seamcall_ns);
#endif
	preempt_enable();

	return status;
}

static const char * const tdx_status_names[] = {
	[TDX_MODULE_UNINITIALIZED]	= "uninitialized",
	[TDX_MODULE_INITIALIZED]	= "initialized",
	[TDX_MODULE_UNAVAILABLE]	= "unavailable",
	[TDX_MODULE_NO_MODULE]		= "no-module",
	[TDX_MODULE_FAILED]		= "failed",
	[TDX_MODULE_SHUTDOWN]		= "shutdown",
};

/**
 * tdx_module_status_name() - short name of a module status, for sysfs
 * @status:	the status
 *
 * Return: "initialized", "shutdown", ...
 */
const char *tdx_module_status_name(enum tdx_module_status status)
{
	if (status < ARRAY_SIZE(tdx_status_names) && tdx_status_names[status])
		return tdx_status_names[status];
	return "unknown";
}

/**
 * tdx_module_status() - where the TDX module stands
 *
 * Does not wait for a tdx_enable() in progress.
 *
 * Return: the status.
 */
enum tdx_module_status tdx_module_status(void)
{
	return READ_ONCE(tdx_status);
}
EXPORT_SYMBOL_GPL(tdx_module_status);

/**
 * platform_tdx_enabled() - whether the BIOS enabled TDX with enough KeyIDs
 *
 * Return: true if tdx_enable() may be tried at all.
 */
bool platform_tdx_enabled(void)
{
	return tdx_nr_keyids >= 2;
}
EXPORT_SYMBOL_GPL(platform_tdx_enabled);

/**
 * tdx_get_keyids() - the KeyIDs KVM may assign to TDs
 * @global_keyid:	the module's own KeyID, may be NULL
 * @guest_start:	first KeyID for TDs, may be NULL
 * @nr_guest:		number of KeyIDs for TDs, may be NULL
 *
 * Return: 0, or -ENODEV if the platform has no usable TDX KeyIDs.
 */
int tdx_get_keyids(u32 *global_keyid, u32 *guest_start, u32 *nr_guest)
{
	if (!platform_tdx_enabled())
		return -ENODEV;
	if (global_keyid)
		*global_keyid = tdx_keyid_start;
	if (guest_start)
		*guest_start = tdx_keyid_start + 1;
	if (nr_guest)
		*nr_guest = tdx_nr_keyids - 1;
	return 0;
}
EXPORT_SYMBOL_GPL(tdx_get_keyids);

/**
 * tdx_get_state() - snapshot of the TDX core for sysfs and debugfs
 * @state:	filled in
 *
 * Waits for a tdx_enable() in progress.
 */
void tdx_get_state(struct tdx_state *state)
{
	memset(state, 0, sizeof(*state));
	mutex_lock(&tdx_module_lock);
	state->status = tdx_status;
	state->err = tdx_status == TDX_MODULE_INITIALIZED ? 0 : tdx_err;
	state->keyid_start = tdx_keyid_start;
	state->nr_keyids = tdx_nr_keyids;
	state->global_keyid = tdx_keyid_start;
	if (tdx_info_valid) {
		state->major = tdx_info.major;
		state->minor = tdx_info.minor;
		state->update = tdx_info.update;
		state->build_date = tdx_info.build_date;
		state->build_num = tdx_info.build_num;
		state->attributes = tdx_info.attributes;
	}
	state->nr_tdmrs = tdx_nr_tdmrs;
	state->pamt_bytes = (u64)tdx_pamt_pages << PAGE_SHIFT;
	strscpy(state->reason, tdx_reason, sizeof(state->reason));
	mutex_unlock(&tdx_module_lock);
}

/**
 * tdx_pamt_bytes_on_node() - PAMT memory the module holds on one node
 * @nid:	node
 *
 * Return: bytes, 0 before initialization or for an invalid node.
 */
u64 tdx_pamt_bytes_on_node(int nid)
{
	u64 bytes;

	if (nid < 0 || nid >= MAX_NUMNODES)
		return 0;
	mutex_lock(&tdx_module_lock);
	bytes = tdx_pamt_node_bytes[nid];
	mutex_unlock(&tdx_module_lock);
	return bytes;
}

/* tdx_host=off: leave TDX alone, as on a platform without it. */
static bool tdx_host_off __ro_after_init;

/**
 * tdx_parse_host_param() - parse the value of tdx_host=
 * @val:	the value ("on" or "off")
 * @off:	set to whether TDX host support is turned off
 *
 * Return: 0, or -EINVAL for any other value (@off untouched).
 */
int tdx_parse_host_param(const char *val, bool *off)
{
	if (val && !strcmp(val, "off")) {
		*off = true;
		return 0;
	}
	if (val && !strcmp(val, "on")) {
		*off = false;
		return 0;
	}
	return -EINVAL;
}

/* Documented in Documentation/admin-guide/kernel-parameters.txt. */
static int __init tdx_host_setup(char *val)
{
	if (tdx_parse_host_param(val, &tdx_host_off))
		pr_err("tdx_host=%s: unknown value, accepted values: on, off; TDX host support stays %s\n",
		       val ? val : "", tdx_host_off ? "off" : "on");
	/* Handled either way: the message above replaces the generic one. */
	return 0;
}
early_param("tdx_host", tdx_host_setup);

/**
 * tdx_module_initializing() - whether tdx_enable() is initializing the module
 *
 * Lockless, for sysfs: it must answer while the initialization runs.
 *
 * Return: true while the first tdx_enable() runs.
 */
bool tdx_module_initializing(void)
{
	return READ_ONCE(tdx_initializing);
}

/**
 * tdx_get_tdmr() - one TDMR the initialized module covers
 * @i:		index
 * @base:	its base address
 * @size:	its size in bytes
 *
 * Return: 0, or -ENOENT when there is no TDMR @i (or no initialized module).
 */
int tdx_get_tdmr(unsigned int i, u64 *base, u64 *size)
{
	int ret = -ENOENT;

	mutex_lock(&tdx_module_lock);
	if (tdx_status == TDX_MODULE_INITIALIZED && i < tdx_nr_tdmrs) {
		*base = tdx_tdmrs[i].base;
		*size = tdx_tdmrs[i].size;
		ret = 0;
	}
	mutex_unlock(&tdx_module_lock);
	return ret;
}

/* Remember the first failure reason of this initialization attempt. */
static __printf(1, 2) void tdx_record_err(const char *fmt, ...)
{
	va_list args;

	if (tdx_reason[0])
		return;
	va_start(args, fmt);
	vsnprintf(tdx_reason, sizeof(tdx_reason), fmt, args);
	va_end(args);
}

/* ---------------------------------------------------------------------- */
/* Running a leaf on every CPU */

static void tdx_lp_init_fn(void *unused)
{
	this_cpu_write(tdx_cpu_status, tdh_sys_lp_init());
}

static void tdx_lp_shutdown_fn(void *unused)
{
	this_cpu_write(tdx_cpu_status, tdh_sys_lp_shutdown());
}

/*
 * Run @fn (which makes SEAMCALL @leaf) on every online CPU with IRQs off.
 * Return: 0, or the errno of the first failing CPU, whose status and the
 * number of failing CPUs are stored in @failed_status and @nr_failed.
 */
static int tdx_on_each_cpu(smp_call_func_t fn, int *failed_cpu,
			   u64 *failed_status, unsigned int *nr_failed)
{
	unsigned int cpu;
	u64 status;

	lockdep_assert_cpus_held();

	*nr_failed = 0;
	*failed_cpu = -1;
	on_each_cpu(fn, NULL, true);
	for_each_online_cpu(cpu) {
		status = per_cpu(tdx_cpu_status, cpu);
		if (!status)
			continue;
		if (!(*nr_failed)++) {
			*failed_cpu = cpu;
			*failed_status = status;
		}
	}
	return *nr_failed ? tdx_status_errno(*failed_status) : 0;
}

/* ---------------------------------------------------------------------- */
/* Module initialization, step by step */

static int tdx_sys_init(void)
{
	struct tdx_status_str str;
	u64 status;

	status = tdh_sys_init();
	if (!status)
		return 0;
	if (status == TDX_SEAMCALL_VMFAILINVALID_STATUS)
		tdx_record_err("TDH.SYS.INIT: %s", tdx_status_decode(status, &str));
	else
		tdx_record_err("TDH.SYS.INIT failed: %s", tdx_status_decode(status, &str));
	return tdx_status_errno(status);
}

static int tdx_lp_init_all(void)
{
	struct tdx_status_str str;
	unsigned int nr_failed;
	int failed_cpu, cpu, ret;
	u64 status = 0;

	ret = tdx_on_each_cpu(tdx_lp_init_fn, &failed_cpu, &status, &nr_failed);
	for_each_online_cpu(cpu)
		if (!per_cpu(tdx_cpu_status, cpu))
			cpumask_set_cpu(cpu, &tdx_lp_done);
	if (ret)
		tdx_record_err("TDH.SYS.LP.INIT failed on CPU %d (%u of %u CPUs failed): %s",
			       failed_cpu, nr_failed, num_online_cpus(),
			       tdx_status_decode(status, &str));
	return ret;
}

/* Read one global metadata field with TDH.SYS.RD. */
static int tdx_sys_rd(u64 field_id, u64 *value)
{
	struct tdx_status_str str;
	u64 status;

	status = tdh_sys_rd(field_id, value);
	if (!status)
		return 0;
	tdx_record_err("TDH.SYS.RD of field 0x%016llx failed: %s", field_id,
		       tdx_status_decode(status, &str));
	return tdx_status_errno(status);
}

/* The fields tdx_read_metadata() reads, in this order. */
static const u64 tdx_md_fields[] = {
	TDX_MD_SYS_ATTRIBUTES, TDX_MD_VENDOR_ID, TDX_MD_BUILD_DATE,
	TDX_MD_BUILD_NUM, TDX_MD_MAJOR_VERSION, TDX_MD_MINOR_VERSION,
	TDX_MD_UPDATE_VERSION, TDX_MD_MAX_TDMRS, TDX_MD_MAX_RESERVED_PER_TDMR,
	TDX_MD_PAMT_4K_ENTRY_SIZE, TDX_MD_PAMT_2M_ENTRY_SIZE,
	TDX_MD_PAMT_1G_ENTRY_SIZE, TDX_MD_NUM_CMRS,
};

/* TDX 1.5: version, limits and CMRs through TDH.SYS.RD. */
static int tdx_read_metadata(struct tdx_module_info *info)
{
	u64 v[ARRAY_SIZE(tdx_md_fields)], val, base, size;
	unsigned int i, nr;
	int ret;

	for (i = 0; i < ARRAY_SIZE(tdx_md_fields); i++) {
		ret = tdx_sys_rd(tdx_md_fields[i], &v[i]);
		if (ret)
			return ret;
	}
	info->attributes = v[0];
	info->vendor_id = v[1];
	info->build_date = v[2];
	info->build_num = v[3];
	info->major = v[4];
	info->minor = v[5];
	info->update = v[6];
	info->limits.max_tdmrs = v[7];
	info->limits.max_reserved_per_tdmr = v[8];
	info->limits.pamt_entry_size[TDX_PS_4K] = v[9];
	info->limits.pamt_entry_size[TDX_PS_2M] = v[10];
	info->limits.pamt_entry_size[TDX_PS_1G] = v[11];
	nr = v[12];

	if (nr > TDX_MAX_CMRS) {
		tdx_record_err("module reports %u CMRs, at most %u are architectural",
			       nr, TDX_MAX_CMRS);
		return -EINVAL;
	}
	info->nr_cmrs = 0;
	for (i = 0; i < nr; i++) {
		ret = tdx_sys_rd(TDX_MD_CMR_BASE(i), &base);
		if (!ret)
			ret = tdx_sys_rd(TDX_MD_CMR_SIZE(i), &size);
		if (ret)
			return ret;
		if (!size)
			continue;
		info->cmrs[info->nr_cmrs].base = base;
		info->cmrs[info->nr_cmrs].size = size;
		info->nr_cmrs++;
	}

	/* Only needed for TDH.SYS.SHUTDOWN; not every module has it. */
	if (!tdh_sys_rd(TDX_MD_MODULE_HV, &val))
		info->handoff_version = val;
	return 0;
}

static int tdx_check_module_info(const struct tdx_module_info *info)
{
	const struct tdmr_plan_limits *l = &info->limits;

	if (!l->max_tdmrs || l->max_tdmrs > TDX_MAX_TDMRS ||
	    !l->max_reserved_per_tdmr ||
	    l->max_reserved_per_tdmr > TDX_MAX_RESERVED_AREAS ||
	    !l->pamt_entry_size[TDX_PS_4K] || !l->pamt_entry_size[TDX_PS_2M] ||
	    !l->pamt_entry_size[TDX_PS_1G]) {
		tdx_record_err("module limits not supported: %u TDMRs, %u reserved areas per TDMR, PAMT entries %u/%u/%u bytes",
			       l->max_tdmrs, l->max_reserved_per_tdmr,
			       l->pamt_entry_size[TDX_PS_4K], l->pamt_entry_size[TDX_PS_2M],
			       l->pamt_entry_size[TDX_PS_1G]);
		return -EINVAL;
	}
	if (!info->nr_cmrs) {
		tdx_record_err("module reports no Convertible Memory Ranges");
		return -EINVAL;
	}
	return 0;
}

/*
 * Module info: TDH.SYS.INFO, and TDH.SYS.RD when the module says it has it
 * (TDX 1.5).  Prints the module's version and attributes.
 */
static int tdx_get_module_info(struct tdx_module_info *info)
{
	struct tdx_sysinfo_struct *sysinfo;
	struct tdx_cmr_info *cmrs;
	struct tdx_status_str str;
	unsigned int i;
	u64 status;
	int ret;

	memset(info, 0, sizeof(*info));
	/* Power-of-two kmalloc() sizes are naturally aligned. */
	sysinfo = kzalloc(TDX_SYSINFO_STRUCT_SIZE, GFP_KERNEL);
	if (!sysinfo)
		return -ENOMEM;
	cmrs = kcalloc(TDX_MAX_CMRS, sizeof(*cmrs), GFP_KERNEL);
	if (!cmrs) {
		ret = -ENOMEM;
		goto free_sysinfo;
	}

	status = tdh_sys_info(__pa(sysinfo), __pa(cmrs));
	if (status) {
		tdx_record_err("TDH.SYS.INFO failed: %s", tdx_status_decode(status, &str));
		ret = tdx_status_errno(status);
		goto free_cmrs;
	}

	info->sys_rd = sysinfo->sys_rd;
	if (info->sys_rd) {
		ret = tdx_read_metadata(info);
		if (ret)
			goto free_cmrs;
	} else {
		info->attributes = sysinfo->attributes;
		info->vendor_id = sysinfo->vendor_id;
		info->build_date = sysinfo->build_date;
		info->build_num = sysinfo->build_num;
		info->major = sysinfo->major_version;
		info->minor = sysinfo->minor_version;
		info->limits.max_tdmrs = sysinfo->max_tdmrs;
		info->limits.max_reserved_per_tdmr = sysinfo->max_reserved_per_tdmr;
		for (i = 0; i < TDX_PS_NR; i++)
			info->limits.pamt_entry_size[i] = sysinfo->pamt_entry_size;
		for (i = 0; i < TDX_MAX_CMRS; i++) {
			if (!cmrs[i].size)
				continue;
			info->cmrs[info->nr_cmrs++] = cmrs[i];
		}
	}

	/* The planner avoids what only a 1.0 module rejects. */
	info->limits.gen_1_0 = info->major == 1 && info->minor == 0;
	ret = tdx_check_module_info(info);
	if (ret)
		goto free_cmrs;

	tdx_info_valid = true;
	pr_info("module %u.%u.%u build %u (%08u), attributes 0x%x%s, %u CMRs, up to %u TDMRs\n",
		info->major, info->minor, info->update, info->build_num,
		info->build_date, info->attributes,
		info->attributes & TDX_SYSINFO_ATTR_DEBUG ? " (debug module)" : "",
		info->nr_cmrs, info->limits.max_tdmrs);
free_cmrs:
	kfree(cmrs);
free_sysinfo:
	kfree(sysinfo);
	return ret;
}

/* ---------------------------------------------------------------------- */
/* TDX memory */

static bool tdx_range_in_cmrs(u64 start, u64 end,
			      const struct tdx_cmr_info *cmrs, unsigned int nr)
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

/*
 * Build the list of memory TDX covers from memblock, which is kept after
 * boot (ARCH_KEEP_MEMBLOCK) and lists all memory, also memory that is
 * reserved at boot or offline, except the first MiB: no platform reports it
 * as convertible, and the kernel reserves it at boot anyway.  Every range
 * must lie in the CMRs.
 */
static int tdx_build_memlist(const struct tdx_module_info *info,
			     struct tdx_mem_range **memp, unsigned int *nrp)
{
	unsigned long start_pfn, end_pfn;
	struct tdx_mem_range *mem;
	unsigned int nr = 0, j;
	int i, nid;

	for_each_mem_pfn_range(i, MAX_NUMNODES, &start_pfn, &end_pfn, &nid)
		nr++;
	if (!nr) {
		tdx_record_err("memblock lists no memory");
		return -EINVAL;
	}
	mem = kvcalloc(nr, sizeof(*mem), GFP_KERNEL);
	if (!mem)
		return -ENOMEM;

	nr = 0;
	for_each_mem_pfn_range(i, MAX_NUMNODES, &start_pfn, &end_pfn, &nid) {
		mem[nr].start = PFN_PHYS(start_pfn);
		mem[nr].end = PFN_PHYS(end_pfn);
		mem[nr].nid = nid;
		nr++;
	}
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

/*
 * The TDMRs are fixed once the module is initialized: memory that comes
 * online later and is not inside them could be given to a TD, which the
 * module would refuse (or worse, on an erratum platform, poison).  Refuse
 * to online it.
 */
static int tdx_memory_notify(struct notifier_block *nb, unsigned long action,
			     void *v)
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

static struct notifier_block tdx_memory_nb = {
	.notifier_call = tdx_memory_notify,
};

/* ---------------------------------------------------------------------- */
/* PAMT */

/*
 * The PAMT is allocated in physically contiguous chunks: the 4K level of
 * each TDMR (4 MiB per GiB, the planner bounds it), and the tiny 2M and 1G
 * levels of all TDMRs of a node as one chunk, which costs one reserved area
 * where it lands instead of up to two per TDMR (tdmr_plan_small_pamt_size()).
 */
struct tdx_pamt_chunks {
	unsigned int nr;
	unsigned int capacity;
	struct tdx_pamt_chunk {
		u64 base;
		u64 size;
	} chunk[];
};

static void tdx_free_pamt_chunks(struct tdx_pamt_chunks *chunks)
{
	struct tdx_pamt_chunk *c;
	struct page *page;

	if (!chunks)
		return;
	while (chunks->nr) {
		c = &chunks->chunk[--chunks->nr];
		page = pfn_to_page(PHYS_PFN(c->base));
		tdx_pamt_node_bytes[page_to_nid(page)] -= c->size;
		tdx_pamt_pages -= c->size >> PAGE_SHIFT;
		/* Back to the boot reservation (tdx_pamt=reserve) if it came from there. */
		if (!tdx_pamt_reserve_free(page, c->size >> PAGE_SHIFT))
			free_contig_range(page_to_pfn(page), c->size >> PAGE_SHIFT);
	}
	kfree(chunks);
}

/*
 * The partial-write machine check erratum of Sapphire Rapids and Emerald
 * Rapids (tdx-abi.md section 9): a write of less than a cache line to memory
 * the TDX module wrote with a private KeyID poisons the line, and a later
 * read raises #MC.  PAMT the module may have written must get full-line
 * writes before it goes back to the page allocator: MOVDIR64B, which both
 * CPUs have.  In a kernel with the model, the model stands in for the CPU.
 */
static bool tdx_pw_mce_erratum(void)
{
#ifdef CONFIG_INTEL_TDX_MODULE_SIM
	if (tdx_model_active())
		return tdx_model_pw_mce_erratum();
#endif
	if (boot_cpu_data.x86_vendor != X86_VENDOR_INTEL ||
	    boot_cpu_data.x86 != 6)
		return false;
	switch (boot_cpu_data.x86_model) {
	case INTEL_FAM6_SAPPHIRERAPIDS_X:
	case INTEL_FAM6_EMERALDRAPIDS_X:
		return true;
	}
	return false;
}

static void tdx_reset_pamt_line(u64 pa)
{
	/* MOVDIR64B reads its 64-byte source as one aligned unit. */
	static const u8 zeros[64] __aligned(64);

#ifdef CONFIG_INTEL_TDX_MODULE_SIM
	if (tdx_model_active()) {
		tdx_model_reset_line(pa);
		return;
	}
#endif
	movdir64b((void __iomem __force *)__va(pa), zeros);
}

/* Every line of every chunk, after the module was shut down for good. */
static void tdx_reset_pamt(const struct tdx_pamt_chunks *chunks)
{
	u64 page, line, bytes = 0;
	unsigned int i;

	for (i = 0; i < chunks->nr; i++) {
		const struct tdx_pamt_chunk *c = &chunks->chunk[i];

		/* Chunks are whole pages. */
		for (page = c->base; page < c->base + c->size; page += PAGE_SIZE) {
			for (line = page; line < page + PAGE_SIZE; line += 64)
				tdx_reset_pamt_line(line);
			cond_resched();
		}
		bytes += c->size;
	}
	/* MOVDIR64B stores are weakly ordered: finish them before the free. */
	mb();
	pr_info("reset %llu KB of PAMT with MOVDIR64B before freeing it (partial-write machine check erratum)\n",
		bytes >> 10);
}

static struct page *tdx_alloc_pamt_on(unsigned long nr_pages, int nid,
				      nodemask_t *nodes)
{
	return alloc_contig_pages(nr_pages, GFP_KERNEL | __GFP_NOWARN, nid, nodes);
}

/*
 * One chunk of @size bytes of PAMT (@what, for TDMR @tdmr or, for a pool,
 * the first TDMR of the node): on node @nid if possible, else anywhere,
 * which one line says.
 */
static int tdx_alloc_pamt_chunk(struct tdx_pamt_chunks *chunks, u64 size,
				int nid, unsigned int tdmr, int level,
				const char *what, u64 *base)
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
	if (!tdx_pamt_alloc_fault(tdmr, level, true))
		page = tdx_pamt_reserve_alloc(nid, nr_pages);
	if (!page && nid >= 0 && nid < MAX_NUMNODES && node_state(nid, N_MEMORY)) {
		node = nodemask_of_node(nid);
		if (!tdx_pamt_alloc_fault(tdmr, level, true))
			page = tdx_alloc_pamt_on(nr_pages, nid, &node);
	}
	if (!page) {
		if (!tdx_pamt_alloc_fault(tdmr, level, false))
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
	chunks->nr++;
	tdx_pamt_node_bytes[page_to_nid(page)] += size;
	tdx_pamt_pages += nr_pages;
	return 0;
}

static bool tdx_first_tdmr_of_node(const struct tdmr_plan *plan, unsigned int i)
{
	unsigned int j;

	for (j = 0; j < i; j++)
		if (plan->tdmrs[j].nid == plan->tdmrs[i].nid)
			return false;
	return true;
}

/* Allocate every PAMT of @plan and set its pamt_base[]. */
/*
 * The benchmark's "single" policy: per node, one chunk with the 4K levels
 * of all the node's TDMRs followed by their 2M and 1G levels.
 */
static int tdx_alloc_pamts_single(struct tdmr_plan *plan,
				  struct tdx_pamt_chunks *chunks)
{
	char what[48];
	unsigned int i, j;
	u64 size, base;
	int nid, ret;

	for (i = 0; i < plan->nr_tdmrs; i++) {
		if (!tdx_first_tdmr_of_node(plan, i))
			continue;
		nid = plan->tdmrs[i].nid;
		size = tdmr_plan_small_pamt_size(plan, nid);
		for (j = i; j < plan->nr_tdmrs; j++)
			if (plan->tdmrs[j].nid == nid)
				size += plan->tdmrs[j].pamt_size[TDX_PS_4K];
		snprintf(what, sizeof(what), "node %d: all PAMT", nid);
		ret = tdx_alloc_pamt_chunk(chunks, size, nid, i, TDX_PS_4K, what,
					   &base);
		if (ret)
			return ret;
		for (j = i; j < plan->nr_tdmrs; j++) {
			if (plan->tdmrs[j].nid != nid)
				continue;
			plan->tdmrs[j].pamt_base[TDX_PS_4K] = base;
			base += plan->tdmrs[j].pamt_size[TDX_PS_4K];
		}
		tdmr_plan_place_small_pamt(plan, nid, base);
	}
	return 0;
}

static int tdx_alloc_pamts(struct tdmr_plan *plan,
			   struct tdx_pamt_chunks **chunksp)
{
	struct tdx_pamt_chunks *chunks;
	char what[48];
	unsigned int i;
	u64 size;
	int ret;

	/* At most one 4K chunk per TDMR and one pool per node. */
	chunks = kzalloc(struct_size(chunks, chunk, 2 * plan->nr_tdmrs),
			 GFP_KERNEL);
	if (!chunks)
		return -ENOMEM;
	chunks->capacity = 2 * plan->nr_tdmrs;

	if (tdx_pamt_single_chunk) {
		ret = tdx_alloc_pamts_single(plan, chunks);
		if (ret)
			goto free_chunks;
		*chunksp = chunks;
		return 0;
	}

	for (i = 0; i < plan->nr_tdmrs; i++) {
		struct tdmr_plan_tdmr *tdmr = &plan->tdmrs[i];

		snprintf(what, sizeof(what), "TDMR %u: 4K", i);
		ret = tdx_alloc_pamt_chunk(chunks, tdmr->pamt_size[TDX_PS_4K],
					   tdmr->nid, i, TDX_PS_4K, what,
					   &tdmr->pamt_base[TDX_PS_4K]);
		if (ret)
			goto free_chunks;
	}

	for (i = 0; i < plan->nr_tdmrs; i++) {
		int nid = plan->tdmrs[i].nid;
		u64 base;

		if (!tdx_first_tdmr_of_node(plan, i))
			continue;
		size = tdmr_plan_small_pamt_size(plan, nid);
		snprintf(what, sizeof(what), "node %d: 2M and 1G", nid);
		ret = tdx_alloc_pamt_chunk(chunks, size, nid, i, TDX_PS_1G, what,
					   &base);
		if (ret)
			goto free_chunks;
		tdmr_plan_place_small_pamt(plan, nid, base);
	}

	*chunksp = chunks;
	return 0;

free_chunks:
	tdx_free_pamt_chunks(chunks);
	return ret;
}

/* ---------------------------------------------------------------------- */
/* TDH.SYS.CONFIG, KEY.CONFIG, TDMR.INIT */

#define TDX_CONFIG_HINT_LEN	224

/*
 * TDH.SYS.CONFIG runs after every online CPU did TDH.SYS.LP.INIT.  If it
 * still finds LP.INIT pending, the module counts logical CPUs (MCHECK's
 * census of what the BIOS enabled) that Linux never brought up: say so,
 * and name the boot options that do that.
 */
static void tdx_config_hint(u64 status, char *buf, size_t len)
{
	buf[0] = '\0';
	if ((status & TDX_STATUS_MASK) != TDX_SYS_CONFIG_NOT_PENDING)
		return;
	scnprintf(buf, len,
		  "; the module counts logical CPUs that Linux has not brought up (%u online)%s%s%s",
		  num_online_cpus(),
		  cpu_smt_control == CPU_SMT_DISABLED ||
		  cpu_smt_control == CPU_SMT_FORCE_DISABLED ?
		  ", SMT is off (nosmt)" : "",
		  disabled_cpus ? ", CPUs beyond nr_cpus= were ignored" : "",
		  setup_max_cpus < num_present_cpus() ?
		  ", maxcpus= left CPUs offline" : "");
}

static int tdx_sys_config(struct tdmr_plan *plan)
{
	struct tdx_status_str str;
	size_t info_size, pa_size;
	void *infos;
	u64 *pas, status;
	unsigned int i;
	int ret = 0;

	info_size = plan->nr_tdmrs * TDX_TDMR_INFO_STRIDE;
	infos = alloc_pages_exact(info_size, GFP_KERNEL | __GFP_ZERO);
	if (!infos)
		return -ENOMEM;
	/* A power of two of at least 512 bytes: 512-byte aligned. */
	pa_size = max_t(size_t, TDX_TDMR_INFO_PA_ARRAY_ALIGN,
			roundup_pow_of_two(plan->nr_tdmrs * sizeof(u64)));
	pas = kzalloc(pa_size, GFP_KERNEL);
	if (!pas) {
		ret = -ENOMEM;
		goto free_infos;
	}

	for (i = 0; i < plan->nr_tdmrs; i++) {
		struct tdx_tdmr_info *info = infos + i * TDX_TDMR_INFO_STRIDE;

		tdmr_plan_to_info(&plan->tdmrs[i], info);
		pas[i] = __pa(info);
	}

	status = tdh_sys_config(__pa(pas), plan->nr_tdmrs, tdx_keyid_start);
	if (status) {
		char hint[TDX_CONFIG_HINT_LEN];

		tdx_config_hint(status, hint, sizeof(hint));
		tdx_record_err("TDH.SYS.CONFIG with %u TDMRs and global KeyID %u failed: %s%s",
			       plan->nr_tdmrs, tdx_keyid_start,
			       tdx_status_decode(status, &str), hint);
		ret = tdx_status_errno(status);
	}

	kfree(pas);
free_infos:
	free_pages_exact(infos, info_size);
	return ret;
}

static void tdx_key_config_fn(void *data)
{
	u64 *status = data;

	*status = tdh_sys_key_config();
}

/*
 * A TDH.SYS.KEY.CONFIG failure after which the module leaves the package
 * unconfigured and asks the VMM to try again: key generation ran out of
 * entropy, or PCONFIG found the key table busy (operand KET).
 */
static bool tdx_key_config_retryable(u64 status)
{
	return (status & TDX_STATUS_MASK) == TDX_KEY_GENERATION_FAILED ||
	       status == (TDX_OPERAND_BUSY | TDX_OPND_KET);
}

/* TDH.SYS.KEY.CONFIG on @cpu, retried while the module asks for it. */
static int tdx_key_config_pkg(int cpu, int pkg)
{
	struct tdx_status_str str;
	unsigned int attempt;
	u64 status = 0;
	int ret;

	for (attempt = 1; ; attempt++) {
		ret = smp_call_function_single(cpu, tdx_key_config_fn, &status,
					       true);
		if (ret) {
			tdx_record_err("cannot run TDH.SYS.KEY.CONFIG on CPU %d (package %d): %d",
				       cpu, pkg, ret);
			return ret;
		}
		if (!tdx_key_config_retryable(status) ||
		    attempt == TDX_KEYGEN_RETRIES)
			break;
		usleep_range(TDX_KEYGEN_BACKOFF_US, 2 * TDX_KEYGEN_BACKOFF_US);
	}
	if (!status)
		return 0;

	tdx_record_err("TDH.SYS.KEY.CONFIG failed on CPU %d (package %d) after %u attempt%s: %s",
		       cpu, pkg, attempt, attempt == 1 ? "" : "s",
		       tdx_status_decode(status, &str));
	return tdx_status_errno(status);
}

/*
 * TDH.SYS.KEY.CONFIG once per package (on its last online CPU), one package
 * at a time: it takes the module's global lock exclusively.  Key generation
 * can fail for lack of entropy; the module then lets the package try again.
 */
static int tdx_key_config_all(void)
{
	int nr_pkgs = topology_max_packages();
	int cpu, pkg, ret = 0;
	int *pkg_cpu;

	lockdep_assert_cpus_held();

	pkg_cpu = kmalloc_array(nr_pkgs, sizeof(*pkg_cpu), GFP_KERNEL);
	if (!pkg_cpu)
		return -ENOMEM;
	for (pkg = 0; pkg < nr_pkgs; pkg++)
		pkg_cpu[pkg] = -1;

	for_each_online_cpu(cpu) {
		pkg = topology_logical_package_id(cpu);
		if (pkg < 0 || pkg >= nr_pkgs) {
			tdx_record_err("CPU %d has no valid package ID (%d)", cpu, pkg);
			ret = -EINVAL;
			goto out;
		}
		pkg_cpu[pkg] = cpu;
	}

	for (pkg = 0; pkg < nr_pkgs && !ret; pkg++)
		if (pkg_cpu[pkg] >= 0)
			ret = tdx_key_config_pkg(pkg_cpu[pkg], pkg);
out:
	kfree(pkg_cpu);
	return ret;
}

/*
 * Calls of TDH.SYS.TDMR.INIT without the module's progress (RDX, the next
 * address to initialize, rounded down to 1 GiB) moving on: however the
 * module splits the work, it initializes at least one 4 KiB page per call.
 */
#define TDX_TDMR_INIT_STALL_CALLS	(SZ_1G / SZ_4K)

/*
 * TDH.SYS.TDMR.INIT until the module says the TDMR is done, as long as its
 * progress moves on: no bound derived from one module build's step size.
 */
static int tdx_init_tdmr(const struct tdmr_plan_tdmr *tdmr, unsigned int idx)
{
	u64 end = tdmr->base + tdmr->size, done = tdmr->base, next;
	unsigned long calls = 0, stalled = 0;
	struct tdx_status_str str;
	u64 status;

	do {
		status = tdh_sys_tdmr_init(tdmr->base, &next);
		if (status) {
			tdx_record_err("TDH.SYS.TDMR.INIT of TDMR %u [0x%llx, 0x%llx) failed after %lu calls: %s",
				       idx, tdmr->base, end, calls,
				       tdx_status_decode(status, &str));
			return tdx_status_errno(status);
		}
		calls++;
		if (next > done) {
			done = next;
			stalled = 0;
		} else if (++stalled > TDX_TDMR_INIT_STALL_CALLS) {
			tdx_record_err("TDH.SYS.TDMR.INIT of TDMR %u [0x%llx, 0x%llx) made no progress after %lu calls (at 0x%llx)",
				       idx, tdmr->base, end, calls, done);
			return -EIO;
		}
		cond_resched();
	} while (done < end);

	return 0;
}

static int tdx_init_tdmrs(const struct tdmr_plan *plan)
{
	unsigned int i;
	int ret;

	for (i = 0; i < plan->nr_tdmrs; i++) {
		ret = tdx_init_tdmr(&plan->tdmrs[i], i);
		if (ret)
			return ret;
	}
	return 0;
}

/* ---------------------------------------------------------------------- */
/* Shutdown on error */

/* How far an initialization attempt got, for the error path. */
enum tdx_init_stage {
	TDX_STAGE_NONE,			/* TDH.SYS.INIT did not succeed */
	TDX_STAGE_SYS_INIT,		/* module in SYSINIT_DONE */
	TDX_STAGE_CONFIG,		/* TDH.SYS.CONFIG may have consumed PAMT */
	TDX_STAGE_READY,		/* every package keyed: SYS_READY */
};

/*
 * Shut the module down after a failure and fence off later SEAMCALLs.
 * TDX 1.0: TDH.SYS.LP.SHUTDOWN on every CPU puts the module into its
 * shutdown state.  TDX 1.5: TDH.SYS.LP.SHUTDOWN is a no-op and
 * TDH.SYS.SHUTDOWN is only possible in SYS_READY; before that the module
 * does nothing on its own, and the fence guarantees that this kernel never
 * makes another SEAMCALL.  Either way, after this function the module
 * cannot touch the PAMT any more.  Writes a summary into @buf.
 */
static void tdx_shutdown_module(enum tdx_init_stage stage, char *buf,
				size_t size)
{
	struct tdx_status_str str;
	unsigned int nr_failed;
	u64 status = 0;
	int cpu;

	if (stage == TDX_STAGE_NONE) {
		snprintf(buf, size, "SEAMCALLs fenced");
	} else if (!tdx_info_valid || !tdx_info.sys_rd) {
		/* Generation unknown (no module info yet): a no-op on 1.5. */
		if (tdx_on_each_cpu(tdx_lp_shutdown_fn, &cpu, &status, &nr_failed))
			snprintf(buf, size, "%s failed on CPU %d (%u of %u): %s; SEAMCALLs fenced",
				 tdx_leaf_name(TDH_SYS_LP_SHUTDOWN), cpu, nr_failed,
				 num_online_cpus(), tdx_status_decode(status, &str));
		else if (tdx_info_valid)
			snprintf(buf, size, "module shut down on all %u CPUs",
				 num_online_cpus());
		else
			snprintf(buf, size, "%s on all %u CPUs, SEAMCALLs fenced",
				 tdx_leaf_name(TDH_SYS_LP_SHUTDOWN), num_online_cpus());
	} else if (stage == TDX_STAGE_READY) {
		status = tdh_sys_shutdown(tdx_info.handoff_version);
		if (status)
			snprintf(buf, size, "TDH.SYS.SHUTDOWN failed: %s; SEAMCALLs fenced",
				 tdx_status_decode(status, &str));
		else
			snprintf(buf, size, "module shut down");
	} else {
		snprintf(buf, size, "module not ready, SEAMCALLs fenced");
	}

	WRITE_ONCE(tdx_fenced, true);
}

/* ---------------------------------------------------------------------- */
/* tdx_enable() */

static int tdx_cpu_online(unsigned int cpu)
{
	struct tdx_status_str str;
	u64 status;

	/*
	 * Runs on @cpu, after KVM's hotplug callback put it into VMX
	 * operation.  A CPU that was online at initialization keeps its LP
	 * state across offline/online.  A CPU the module never saw cannot
	 * join after TDH.SYS.CONFIG: keep it offline rather than let a TD
	 * run on it.
	 */
	if (cpumask_test_cpu(cpu, &tdx_lp_done))
		return 0;

	status = tdh_sys_lp_init();
	if (!status) {
		cpumask_set_cpu(cpu, &tdx_lp_done);
		return 0;
	}
	pr_err("CPU %u cannot come online: it was not online when the TDX module was initialized (TDH.SYS.LP.INIT: %s)\n",
	       cpu, tdx_status_decode(status, &str));
	return tdx_status_errno(status);
}

static enum tdx_module_status tdx_failure_status(enum tdx_init_stage stage,
						 int err)
{
	if (stage != TDX_STAGE_NONE)
		return TDX_MODULE_SHUTDOWN;
	return err == -ENODEV ? TDX_MODULE_NO_MODULE : TDX_MODULE_FAILED;
}

static int tdx_init_module(void)
{
	enum tdx_init_stage stage = TDX_STAGE_NONE;
	char summary[TDX_REASON_LEN] = "";
	struct tdx_pamt_chunks *pamt = NULL;
	struct tdmr_plan plan = {};
	struct tdx_mem_range *mem;
	bool shut_down = false;
	unsigned int nr_mem;
	int ret;

	ret = tdx_sys_init();
	if (ret)
		goto shutdown;
	stage = TDX_STAGE_SYS_INIT;

	ret = tdx_lp_init_all();
	if (ret)
		goto shutdown;

	ret = tdx_get_module_info(&tdx_info);
	if (ret)
		goto shutdown;

	/* Memory hot-add waits until the TDMRs cover the memory list. */
	get_online_mems();
	ret = tdx_build_memlist(&tdx_info, &mem, &nr_mem);
	if (ret)
		goto put_mems;

	plan.capacity = tdx_info.limits.max_tdmrs;
	/* Tens of KB: do not depend on contiguous memory for it. */
	plan.tdmrs = kvcalloc(plan.capacity, sizeof(*plan.tdmrs), GFP_KERNEL);
	if (!plan.tdmrs) {
		ret = -ENOMEM;
		goto free_memlist;
	}
	ret = tdmr_plan_build(mem, nr_mem, tdx_info.cmrs, tdx_info.nr_cmrs,
			      &tdx_info.limits, &plan);
	if (ret) {
		tdx_record_err("TDMR planning failed: %s", plan.err);
		goto free_tdmrs;
	}

	/* Frees what it allocated when it fails. */
	ret = tdx_alloc_pamts(&plan, &pamt);
	if (ret)
		goto free_tdmrs;

	ret = tdmr_plan_set_reserved(tdx_info.cmrs, tdx_info.nr_cmrs,
				     &tdx_info.limits, &plan);
	if (ret) {
		tdx_record_err("TDMR planning failed: %s", plan.err);
		goto free_pamts;
	}

	stage = TDX_STAGE_CONFIG;
	ret = tdx_sys_config(&plan);
	if (ret)
		goto free_pamts;

	/*
	 * The kernel wrote the PAMT with KeyID 0; the module uses it with the
	 * global KeyID.  Dirty lines of the old KeyID must be gone first.
	 */
	tdx_flush_caches();

	ret = tdx_key_config_all();
	if (ret)
		goto free_pamts;
	stage = TDX_STAGE_READY;
	WRITE_ONCE(tdx_private_lines, true);

	ret = tdx_init_tdmrs(&plan);
	if (ret)
		goto free_pamts;

	ret = cpuhp_setup_state_nocalls_cpuslocked(CPUHP_AP_ONLINE_DYN,
						   "x86/tdx:online",
						   tdx_cpu_online, NULL);
	if (ret < 0) {
		tdx_record_err("cannot register the CPU hotplug callback: %d", ret);
		goto free_pamts;
	}
	tdx_cpuhp_state = ret;

	tdx_mem = mem;
	tdx_nr_mem = nr_mem;
	tdx_tdmrs = plan.tdmrs;
	tdx_nr_tdmrs = plan.nr_tdmrs;
	/*
	 * The PAMT and its chunk list stay until the machine goes down.  Only
	 * the KUnit tests read tdx_pamt (to give the PAMT back between cases);
	 * elsewhere the compiler may drop the store, and kmemleak would then
	 * report the list.
	 */
	tdx_pamt = pamt;
	kmemleak_not_leak(pamt);
	WRITE_ONCE(tdx_status, TDX_MODULE_INITIALIZED);
	put_online_mems();

	pr_info("%u TDMRs, %lu KB allocated for PAMT\n", tdx_nr_tdmrs,
		tdx_pamt_pages << (PAGE_SHIFT - 10));
	pr_info("module initialized\n");
	return 0;

free_pamts:
	/*
	 * Shut down before the PAMT goes back to the page allocator: the
	 * module must not touch it any more, and no line of it may stay in a
	 * cache with the global KeyID.  Once every package is keyed, TDMR.INIT
	 * may have written it with that KeyID: on erratum CPUs, every line then
	 * gets a full-line write.
	 */
	tdx_shutdown_module(stage, summary, sizeof(summary));
	shut_down = true;
	wbinvd_on_all_cpus();
	if (stage >= TDX_STAGE_READY && tdx_pw_mce_erratum())
		tdx_reset_pamt(pamt);
	tdx_free_pamt_chunks(pamt);
free_tdmrs:
	kvfree(plan.tdmrs);
free_memlist:
	kvfree(mem);
put_mems:
	put_online_mems();
shutdown:
	if (!shut_down)
		tdx_shutdown_module(stage, summary, sizeof(summary));
	WRITE_ONCE(tdx_status, tdx_failure_status(stage, ret));
	tdx_err = ret;
	if (!tdx_reason[0])
		tdx_record_err("%s", ret == -ENOMEM ? "out of memory" : "internal error");
	pr_err("initialization failed (%d): %s; %s, TDX unavailable until reboot\n",
	       ret, tdx_reason, summary);
	return ret;
}

static int __tdx_enable(void)
{
	unsigned int online, present;

	lockdep_assert_held(&tdx_module_lock);

	switch (tdx_status) {
	case TDX_MODULE_UNINITIALIZED:
		break;
	case TDX_MODULE_INITIALIZED:
		return 0;
	default:
		return tdx_err;
	}

	/*
	 * TDH.SYS.CONFIG needs TDH.SYS.LP.INIT done on every CPU the module
	 * knows, and a CPU that missed it can never join later.  Nothing has
	 * been done yet, so this is not remembered: online the CPUs, retry.
	 */
	online = num_online_cpus();
	present = num_present_cpus();
	if (online != present) {
		pr_err("initialization refused: %u of %u CPUs online, the TDX module needs all of them; online every CPU and try again\n",
		       online, present);
		return -EINVAL;
	}

	tdx_reason[0] = '\0';
	return tdx_init_module();
}

/**
 * tdx_enable() - initialize the TDX module, once
 *
 * The first call initializes the TDX module; it can take a while (seconds
 * per TiB of memory) and allocates the PAMT, about 1/256 of memory.  Its
 * outcome is remembered: later calls return it at once, successful or not,
 * and concurrent callers wait for the one initialization.
 *
 * Context: process context.  The caller must hold the CPU-hotplug lock
 * (cpus_read_lock()) and must have put every online CPU into VMX
 * operation (a CPU without VMXON makes the SEAMCALLs fail with #UD).
 * Every present CPU must be online.
 *
 * Return: 0 if the module is initialized; -ENODEV if TDX is not enabled by
 * the BIOS or no module is loaded; -EINVAL if a CPU is offline (not
 * remembered: may be retried) or the platform is not supported; -ENOMEM if
 * the PAMT could not be allocated; -EIO (or another errno of
 * tdx_status_errno()) if the module failed a step.  dmesg says which.
 */
int tdx_enable(void)
{
	int ret;

	lockdep_assert_cpus_held();

	mutex_lock(&tdx_module_lock);
	WRITE_ONCE(tdx_initializing, tdx_status == TDX_MODULE_UNINITIALIZED);
#ifdef CONFIG_INTEL_TDX_MODULE_SIM
	if (tdx_initializing) {
		u64 t0 = ktime_get_ns();

		atomic64_set(&tdx_seamcall_ns, 0);
		ret = __tdx_enable();
		tdx_enable_ns = ktime_get_ns() - t0;
	} else {
		ret = __tdx_enable();
	}
#else
	ret = __tdx_enable();
#endif
	WRITE_ONCE(tdx_initializing, false);
	mutex_unlock(&tdx_module_lock);

	return ret;
}
EXPORT_SYMBOL_GPL(tdx_enable);

/* ---------------------------------------------------------------------- */
/* System sleep, reboot and kexec */

/*
 * The TDX module, its keys and its configuration do not survive S3 or
 * hibernation.  Once the module is initialized, refuse to go to sleep.  If
 * the system sleeps before, TDX is unavailable for the rest of this boot:
 * whatever the module state is after resume cannot be trusted.
 */
static int tdx_pm_notify(struct notifier_block *nb, unsigned long action,
			 void *unused)
{
	int ret = NOTIFY_DONE;

	if (action != PM_SUSPEND_PREPARE && action != PM_HIBERNATION_PREPARE)
		return NOTIFY_DONE;

	mutex_lock(&tdx_module_lock);
	switch (tdx_status) {
	case TDX_MODULE_INITIALIZED:
		pr_err("refusing system sleep: the initialized TDX module and its keys would be lost\n");
		ret = NOTIFY_BAD;
		break;
	case TDX_MODULE_UNINITIALIZED:
		snprintf(tdx_reason, sizeof(tdx_reason),
			 "the system went to sleep before the TDX module was initialized");
		tdx_err = -ENODEV;
		WRITE_ONCE(tdx_fenced, true);
		WRITE_ONCE(tdx_status, TDX_MODULE_UNAVAILABLE);
		pr_warn("system sleep: TDX disabled until reboot, the TDX module does not survive S3 or hibernation\n");
		break;
	default:
		break;
	}
	mutex_unlock(&tdx_module_lock);

	return ret;
}

static struct notifier_block tdx_pm_nb = {
	.notifier_call = tdx_pm_notify,
};

/*
 * Reboot, halt and kexec (kernel_restart_prepare() runs the reboot notifier
 * chain for kexec too): the next kernel must not find dirty cache lines of
 * private memory that would be written back over its own data.  Runs after
 * KVM's reboot notifier (lowest priority), so no TD runs any more; other
 * CPUs are still online and take the WBINVD IPI.
 */
static int tdx_reboot_notify(struct notifier_block *nb, unsigned long code,
			     void *unused)
{
	if (READ_ONCE(tdx_private_lines))
		wbinvd_on_all_cpus();
	return NOTIFY_DONE;
}

static struct notifier_block tdx_reboot_nb = {
	.notifier_call = tdx_reboot_notify,
	.priority = INT_MIN,
};

/**
 * tdx_crash_flush_cache() - write back this CPU's caches before kdump
 *
 * kdump runs no reboot notifier: the crashing CPU calls this once the other
 * CPUs are stopped, and each stopped CPU calls it from its NMI handler
 * (arch/x86/kernel/crash.c).  Like the reboot
 * notifier, it writes back and invalidates the caches if the TDX module may
 * have written memory with its private KeyID, so that the crash kernel does
 * not get dirty private lines written back over its memory later.
 *
 * Context: any, including NMI; interrupts disabled.
 */
void tdx_crash_flush_cache(void)
{
	if (READ_ONCE(tdx_private_lines))
		native_wbinvd();
}

/* ---------------------------------------------------------------------- */
/* Boot-time detection */

/* Outcome of reading IA32_MKTME_KEYID_PARTITIONING. */
enum tdx_keyid_check {
	TDX_KEYIDS_OK,
	TDX_KEYIDS_NO_MSR,	/* rdmsr faults: no MKTME, TDX not enabled */
	TDX_KEYIDS_NONE,	/* BIOS configured no TDX KeyIDs */
	TDX_KEYIDS_TOO_FEW,	/* one TDX KeyID: the module's, none for TDs */
};

static enum tdx_keyid_check tdx_parse_keyids(int rdmsr_err, u64 msr,
					     u32 *start, u32 *nr)
{
	if (rdmsr_err)
		return TDX_KEYIDS_NO_MSR;
	*nr = upper_32_bits(msr);
	*start = lower_32_bits(msr) + 1;
	if (!*nr)
		return TDX_KEYIDS_NONE;
	if (*nr < 2)
		return TDX_KEYIDS_TOO_FEW;
	return TDX_KEYIDS_OK;
}

static int tdx_read_keyid_msr(u64 *msr)
{
#ifdef CONFIG_INTEL_TDX_MODULE_SIM
	if (tdx_model_active())
		return tdx_model_rdmsr(MSR_IA32_MKTME_KEYID_PARTITIONING, msr);
#endif
	if (boot_cpu_data.x86_vendor != X86_VENDOR_INTEL)
		return -ENODEV;
	return rdmsrl_safe(MSR_IA32_MKTME_KEYID_PARTITIONING, msr);
}

static void tdx_debugfs_init(void);

static int __init tdx_detect(void)
{
	u32 start = 0, nr = 0;
	u64 msr = 0;
	int err;

	err = tdx_read_keyid_msr(&msr);
	switch (tdx_parse_keyids(err, msr, &start, &nr)) {
	case TDX_KEYIDS_NO_MSR:
		pr_info("not enabled by BIOS: no KeyID partitioning (MSR 0x87 not readable)\n");
		snprintf(tdx_reason, sizeof(tdx_reason), "TDX not enabled by BIOS");
		goto out;
	case TDX_KEYIDS_NONE:
		pr_info("not enabled by BIOS: 0 TDX private KeyIDs (%u MKTME KeyIDs)\n",
			start - 1);
		snprintf(tdx_reason, sizeof(tdx_reason), "TDX not enabled by BIOS");
		goto out;
	case TDX_KEYIDS_TOO_FEW:
		pr_info("too few TDX private KeyIDs: %u (KeyID %u), need at least 2 (one for the TDX module, one per TD); TDX disabled\n",
			nr, start);
		snprintf(tdx_reason, sizeof(tdx_reason),
			 "too few TDX private KeyIDs: %u", nr);
		goto out;
	case TDX_KEYIDS_OK:
		break;
	}

	if (tdx_host_off) {
		pr_info("disabled by tdx_host=off: private KeyID range [%u, %u) left unused\n",
			start, start + nr);
		snprintf(tdx_reason, sizeof(tdx_reason), "disabled by tdx_host=off");
		goto out;
	}

	tdx_keyid_start = start;
	tdx_nr_keyids = nr;
	tdx_err = 0;
	tdx_status = TDX_MODULE_UNINITIALIZED;
	pr_info("BIOS enabled: private KeyID range [%u, %u), global KeyID %u, %u KeyIDs for TDs\n",
		start, start + nr, start, nr - 1);

	register_memory_notifier(&tdx_memory_nb);
	register_pm_notifier(&tdx_pm_nb);
	register_reboot_notifier(&tdx_reboot_nb);
out:
	tdx_debugfs_init();
	return 0;
}

/* After the TDX module model (early_initcall), before KVM (module_init). */
subsys_initcall(tdx_detect);

/* ---------------------------------------------------------------------- */
/* debugfs: stand in for KVM's first TD (kernels with the model only) */

#ifdef CONFIG_INTEL_TDX_MODULE_SIM
static ssize_t tdx_debugfs_enable_write(struct file *file,
					const char __user *ubuf, size_t count,
					loff_t *ppos)
{
	bool val;
	int ret;

	ret = kstrtobool_from_user(ubuf, count, &val);
	if (ret)
		return ret;
	if (!val)
		return -EINVAL;

	/* Exactly what KVM does when the first TD is created. */
	cpus_read_lock();
	ret = tdx_enable();
	cpus_read_unlock();

	return ret ? ret : count;
}

static ssize_t tdx_debugfs_enable_read(struct file *file, char __user *ubuf,
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

static const struct file_operations tdx_debugfs_enable_fops = {
	.owner = THIS_MODULE,
	.read = tdx_debugfs_enable_read,
	.write = tdx_debugfs_enable_write,
	.llseek = default_llseek,
};

static ssize_t tdx_debugfs_policy_write(struct file *file,
					const char __user *ubuf, size_t count,
					loff_t *ppos)
{
	char buf[16] = {};

	if (count >= sizeof(buf) || copy_from_user(buf, ubuf, count))
		return -EINVAL;
	mutex_lock(&tdx_module_lock);
	if (sysfs_streq(buf, "single"))
		tdx_pamt_single_chunk = true;
	else if (sysfs_streq(buf, "bounded"))
		tdx_pamt_single_chunk = false;
	else
		count = -EINVAL;
	mutex_unlock(&tdx_module_lock);
	return count;
}

static ssize_t tdx_debugfs_policy_read(struct file *file, char __user *ubuf,
				       size_t count, loff_t *ppos)
{
	const char *s = READ_ONCE(tdx_pamt_single_chunk) ? "single\n" : "bounded\n";

	return simple_read_from_buffer(ubuf, count, ppos, s, strlen(s));
}

static const struct file_operations tdx_debugfs_policy_fops = {
	.owner = THIS_MODULE,
	.read = tdx_debugfs_policy_read,
	.write = tdx_debugfs_policy_write,
	.llseek = default_llseek,
};

static int tdx_debugfs_time_show(struct seq_file *m, void *unused)
{
	mutex_lock(&tdx_module_lock);
	seq_printf(m, "enable_ns %llu\nseamcall_ns %lld\n", tdx_enable_ns,
		   (s64)atomic64_read(&tdx_seamcall_ns));
	mutex_unlock(&tdx_module_lock);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(tdx_debugfs_time);

/*
 * /sys/kernel/debug/tdx/: enable (KVM's first TD), pamt_policy ("bounded",
 * or "single" for the benchmark's upstream-style allocation; set it before
 * enabling) and time (how long the first tdx_enable() took, and how much of
 * it was spent in SEAMCALLs, that is in the model).
 */
static void tdx_debugfs_init(void)
{
	struct dentry *dir = debugfs_create_dir("tdx", NULL);

	debugfs_create_file("enable", 0600, dir, NULL, &tdx_debugfs_enable_fops);
	debugfs_create_file("pamt_policy", 0600, dir, NULL, &tdx_debugfs_policy_fops);
	debugfs_create_file("time", 0400, dir, NULL, &tdx_debugfs_time_fops);
}
#else
static void tdx_debugfs_init(void)
{
}
#endif /* CONFIG_INTEL_TDX_MODULE_SIM */

#ifdef CONFIG_INTEL_TDX_HOST_KUNIT_TEST
#include "tdx_test.c"
#endif
