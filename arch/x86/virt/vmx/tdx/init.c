// SPDX-License-Identifier: GPL-2.0
/*
 * Intel TDX host support: tdx_enable() and its steps.
 *
 * The TDX module is initialized once, lazily, when KVM creates the first TD:
 *
 *   TDH.SYS.INIT; TDH.SYS.LP.INIT on every CPU; module info (module_info.c);
 *   TDX memory from memblock, checked against the CMRs; TDMRs from the
 *   planner (tdmr_plan.c); PAMT allocated per TDMR and node (memory.c);
 *   TDH.SYS.CONFIG with the global KeyID; WBINVD on every CPU;
 *   TDH.SYS.KEY.CONFIG once per package; TDH.SYS.TDMR.INIT until every TDMR
 *   is initialized, TDMRs in parallel, each from a CPU of its node; the
 *   CPU-hotplug callback for CPUs that come back.
 *
 * Any failure after TDH.SYS.INIT shuts the module down and fences off every
 * later SEAMCALL before the PAMT goes back to the page allocator: the module
 * can then provably not touch that memory any more.  The outcome is
 * remembered; later calls return it at once.
 */
#define pr_fmt(fmt) "virt/tdx: " fmt

#include <linux/atomic.h>
#include <linux/cpu.h>
#include <linux/cpuhotplug.h>
#include <linux/cpumask.h>
#include <linux/delay.h>
#include <linux/errno.h>
#include <linux/export.h>
#include <linux/kernel.h>
#include <linux/lockdep.h>
#include <linux/log2.h>
#include <linux/memory_hotplug.h>
#include <linux/mm.h>
#include <linux/mutex.h>
#include <linux/nodemask.h>
#include <linux/percpu.h>
#include <linux/printk.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/smp.h>
#include <linux/spinlock.h>
#include <linux/topology.h>
#include <linux/workqueue.h>
#include <asm/tdx.h>
#include "internal.h"
#include "seamcall.h"

/* Each TDMR_INFO takes 512 bytes in the array handed to TDH.SYS.CONFIG. */
#define TDX_TDMR_INFO_STRIDE	TDX_TDMR_INFO_ALIGN
static_assert(sizeof(struct tdx_tdmr_info) <= TDX_TDMR_INFO_STRIDE);

/* TDMRs are initialized in parallel: their workers may fail at once. */
static DEFINE_SPINLOCK(tdx_reason_lock);

static __printf(2, 0) void tdx_vrecord_err(u64 status, const char *fmt,
					    va_list args)
{
	spin_lock(&tdx_reason_lock);
	if (!tdx_reason[0]) {
		vsnprintf(tdx_reason, sizeof(tdx_reason), fmt, args);
		tdx_fail_step = tdx_step;
		tdx_fail_status = status;
	}
	spin_unlock(&tdx_reason_lock);
}

/**
 * tdx_record_err() - remember why this initialization attempt failed
 * @fmt:	printf format of the reason, then its arguments
 *
 * Only the first reason is kept, with the step that was running (tdx_step):
 * it is the one dmesg and sysfs show.
 */
void tdx_record_err(const char *fmt, ...)
{
	va_list args;

	va_start(args, fmt);
	tdx_vrecord_err(0, fmt, args);
	va_end(args);
}

/**
 * tdx_record_seamcall_err() - tdx_record_err() for a failed SEAMCALL
 * @status:	its completion status, kept for sysfs
 * @fmt:	printf format of the reason, then its arguments
 */
void tdx_record_seamcall_err(u64 status, const char *fmt, ...)
{
	va_list args;

	va_start(args, fmt);
	tdx_vrecord_err(status, fmt, args);
	va_end(args);
}

/* Per-CPU completion status of the leaf run by tdx_on_each_cpu(). */
static DEFINE_PER_CPU(u64, tdx_cpu_status);

static void tdx_lp_init_fn(void *unused)
{
	this_cpu_write(tdx_cpu_status, tdh_sys_lp_init());
}

void tdx_lp_shutdown_fn(void *unused)
{
	this_cpu_write(tdx_cpu_status, tdh_sys_lp_shutdown());
}

/*
 * Run @fn (which makes SEAMCALL @leaf) on every online CPU with IRQs off.
 * Return: 0, or the errno of the first failing CPU, whose status and the
 * number of failing CPUs are stored in @failed_status and @nr_failed.
 */
int tdx_on_each_cpu(smp_call_func_t fn, int *failed_cpu,
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

int tdx_sys_init(void)
{
	struct tdx_status_str str;
	u64 status;

	status = tdh_sys_init();
	if (!status)
		return 0;
	if (status == TDX_SEAMCALL_VMFAILINVALID)
		tdx_record_seamcall_err(status, "TDH.SYS.INIT: %s",
					tdx_status_decode(status, &str));
	else
		tdx_record_seamcall_err(status, "TDH.SYS.INIT failed: %s",
					tdx_status_decode(status, &str));
	return tdx_status_errno(status);
}

int tdx_lp_init_all(void)
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
		tdx_record_seamcall_err(status,
					"TDH.SYS.LP.INIT failed on CPU %d (%u of %u CPUs failed): %s",
					failed_cpu, nr_failed, num_online_cpus(),
					tdx_status_decode(status, &str));
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

int tdx_sys_config(struct tdmr_plan *plan)
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
		tdx_record_seamcall_err(status,
					"TDH.SYS.CONFIG with %u TDMRs and global KeyID %u failed: %s%s",
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

	tdx_record_seamcall_err(status,
				"TDH.SYS.KEY.CONFIG failed on CPU %d (package %d) after %u attempt%s: %s",
				cpu, pkg, attempt, attempt == 1 ? "" : "s",
				tdx_status_decode(status, &str));
	return tdx_status_errno(status);
}

/*
 * TDH.SYS.KEY.CONFIG once per package (on its last online CPU), one package
 * at a time: it takes the module's global lock exclusively.  Key generation
 * can fail for lack of entropy; the module then lets the package try again.
 */
int tdx_key_config_all(void)
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
 * Initializing the TDMRs in parallel.  TDH.SYS.TDMR.INIT takes no global
 * lock in the module, only a try-lock per TDMR: calls on different TDMRs
 * run concurrently.  Each call initializes 4 MiB and writes its 16 KiB of
 * PAMT from the calling CPU, so each TDMR is initialized by a CPU of the
 * node its PAMT came from.  Per node, one work item per online CPU of the
 * node (at most one per TDMR) takes the node's TDMRs one by one; a node
 * without online CPUs is served by any online CPU.  The first failure
 * stops every worker before its next call.
 */
struct tdx_tdmr_init_ctl {
	const struct tdmr_plan *plan;
	unsigned int *order;		/* TDMR indices, grouped by node */
	atomic_t stop;
	int err;			/* first failure, set once */
};

struct tdx_tdmr_init_node {
	struct tdx_tdmr_init_ctl *ctl;
	unsigned int first, end;	/* this node's slice of ctl->order */
	atomic_t next;
};

struct tdx_tdmr_init_work {
	struct work_struct work;
	struct tdx_tdmr_init_node *node;
};

/*
 * TDH.SYS.TDMR.INIT until the module says the TDMR is done, as long as its
 * progress moves on: no bound derived from one module build's step size.
 * TDX_OPERAND_BUSY (another CPU holds the TDMR's lock for one call) is
 * retried.  Stops early, returning 0, once @ctl says another TDMR failed.
 */
static int tdx_init_tdmr(struct tdx_tdmr_init_ctl *ctl, unsigned int idx)
{
	const struct tdmr_plan_tdmr *tdmr = &ctl->plan->tdmrs[idx];
	u64 end = tdmr->base + tdmr->size, done = tdmr->base, next;
	unsigned long calls = 0, stalled = 0;
	struct tdx_status_str str;
	u64 status;

	do {
		if (atomic_read(&ctl->stop))
			return 0;
		status = tdh_sys_tdmr_init(tdmr->base, &next);
		if (status && status != (TDX_OPERAND_BUSY | TDX_OPND_RCX)) {
			tdx_record_seamcall_err(status,
						"TDH.SYS.TDMR.INIT of TDMR %u [0x%llx, 0x%llx) failed after %lu calls: %s",
						idx, tdmr->base, end, calls,
						tdx_status_decode(status, &str));
			return tdx_status_errno(status);
		}
		if (status)
			next = done;	/* busy: another CPU has it, retry */
		else
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

static void tdx_init_tdmrs_fn(struct work_struct *work)
{
	struct tdx_tdmr_init_work *w = container_of(work, typeof(*w), work);
	struct tdx_tdmr_init_node *node = w->node;
	struct tdx_tdmr_init_ctl *ctl = node->ctl;
	unsigned int i;
	int ret;

	while (!atomic_read(&ctl->stop)) {
		i = node->first + atomic_inc_return(&node->next) - 1;
		if (i >= node->end)
			break;
		ret = tdx_init_tdmr(ctl, ctl->order[i]);
		if (ret && !atomic_xchg(&ctl->stop, 1))
			ctl->err = ret;
	}
}

/* Sort key: the TDMR's node, NUMA_NO_NODE first. */
static int tdx_tdmr_node(const struct tdmr_plan *plan, unsigned int i)
{
	int nid = plan->tdmrs[i].nid;

	return nid >= 0 && nid < MAX_NUMNODES ? nid : NUMA_NO_NODE;
}

int tdx_init_tdmrs(const struct tdmr_plan *plan)
{
	struct tdx_tdmr_init_ctl ctl = { .plan = plan };
	unsigned int i, n = 0, nr_works = 0, per_node, cpu;
	struct tdx_tdmr_init_node *nodes, *node;
	struct tdx_tdmr_init_work *works;
	const struct cpumask *cpus;
	int nid;

	lockdep_assert_cpus_held();

	/* At most one worker per TDMR, and one slice of ctl.order per node. */
	ctl.order = kcalloc(plan->nr_tdmrs, sizeof(*ctl.order), GFP_KERNEL);
	nodes = kcalloc(plan->nr_tdmrs, sizeof(*nodes), GFP_KERNEL);
	works = kcalloc(plan->nr_tdmrs, sizeof(*works), GFP_KERNEL);
	if (!ctl.order || !nodes || !works) {
		tdx_record_err("cannot allocate the TDMR initialization work for %u TDMRs",
			       plan->nr_tdmrs);
		ctl.err = -ENOMEM;
		goto out;
	}

	node = nodes;
	for (nid = NUMA_NO_NODE; nid < MAX_NUMNODES && n < plan->nr_tdmrs; nid++) {
		node->ctl = &ctl;
		node->first = n;
		for (i = 0; i < plan->nr_tdmrs; i++)
			if (tdx_tdmr_node(plan, i) == nid)
				ctl.order[n++] = i;
		node->end = n;
		if (node->end == node->first)
			continue;

		cpus = nid == NUMA_NO_NODE ? cpu_online_mask : cpumask_of_node(nid);
		if (!cpumask_intersects(cpus, cpu_online_mask))
			cpus = cpu_online_mask;
		per_node = 0;
		for_each_cpu_and(cpu, cpus, cpu_online_mask) {
			if (per_node++ == node->end - node->first)
				break;
			INIT_WORK(&works[nr_works].work, tdx_init_tdmrs_fn);
			works[nr_works].node = node;
			queue_work_on(cpu, system_long_wq, &works[nr_works].work);
			nr_works++;
		}
		node++;
	}
	for (i = 0; i < nr_works; i++)
		flush_work(&works[i].work);
out:
	kfree(works);
	kfree(nodes);
	kfree(ctl.order);
	return ctl.err;
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

/*
 * Give the module back what it may hold, once it is shut down and fenced: no
 * line of the PAMT may stay in a cache with the global KeyID, and once every
 * package is keyed, TDMR.INIT may have written it with that KeyID: on
 * erratum CPUs every line then gets a full-line write before it is freed.
 */
static void tdx_reclaim_pamt(enum tdx_init_stage stage)
{
	if (!tdx_pamt)
		return;
	tdx_seam_flush_caches();
	if (stage >= TDX_STAGE_READY && tdx_seam_pw_mce_erratum())
		tdx_reset_pamt(tdx_pamt);
	tdx_free_pamt_chunks(tdx_pamt);
	tdx_pamt = NULL;
}

/*
 * The steps of tdx_enable(), in order; each failure undoes, in reverse, what
 * the steps before it did.  The PAMT belongs to the module from
 * TDH.SYS.CONFIG on (tdx_pamt): shutting the module down reclaims it.
 */
static int tdx_init_module(void)
{
	enum tdx_init_stage stage = TDX_STAGE_NONE;
	char summary[TDX_REASON_LEN] = "";
	struct tdx_pamt_chunks *pamt;
	struct tdmr_plan plan = {};
	struct tdx_mem_range *mem;
	unsigned int nr_mem;
	int ret;

	tdx_step = TDX_STEP_SYS_INIT;
	ret = tdx_sys_init();
	if (ret)
		goto shut_down;
	stage = TDX_STAGE_SYS_INIT;

	tdx_step = TDX_STEP_LP_INIT;
	ret = tdx_lp_init_all();
	if (ret)
		goto shut_down;

	tdx_step = TDX_STEP_MODULE_INFO;
	ret = tdx_get_module_info(&tdx_info);
	if (ret)
		goto shut_down;

	/* Memory hot-add waits until the TDMRs cover the memory list. */
	get_online_mems();
	tdx_step = TDX_STEP_MEMORY;
	ret = tdx_build_memlist(&tdx_info, &mem, &nr_mem);
	if (ret)
		goto put_mems;

	tdx_step = TDX_STEP_TDMR_PLAN;
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

	tdx_step = TDX_STEP_PAMT_ALLOC;
	ret = tdx_alloc_pamts(&plan, &pamt);
	if (ret)
		goto free_tdmrs;

	tdx_step = TDX_STEP_TDMR_PLAN;
	ret = tdmr_plan_set_reserved(tdx_info.cmrs, tdx_info.nr_cmrs,
				     &tdx_info.limits, &plan);
	if (ret) {
		tdx_record_err("TDMR planning failed: %s", plan.err);
		goto free_pamts;
	}

	/* From here on, only the module's shutdown gives the PAMT back. */
	tdx_pamt = pamt;
	stage = TDX_STAGE_CONFIG;
	tdx_step = TDX_STEP_SYS_CONFIG;
	ret = tdx_sys_config(&plan);
	if (ret)
		goto free_tdmrs;

	/*
	 * The kernel wrote the PAMT with KeyID 0; the module uses it with the
	 * global KeyID.  Dirty lines of the old KeyID must be gone first.
	 */
	tdx_seam_flush_caches();

	tdx_step = TDX_STEP_KEY_CONFIG;
	ret = tdx_key_config_all();
	if (ret)
		goto free_tdmrs;
	stage = TDX_STAGE_READY;
	WRITE_ONCE(tdx_private_lines, true);

	tdx_step = TDX_STEP_TDMR_INIT;
	ret = tdx_init_tdmrs(&plan);
	if (ret)
		goto free_tdmrs;

	tdx_step = TDX_STEP_CPU_HOTPLUG;
	ret = cpuhp_setup_state_nocalls_cpuslocked(CPUHP_AP_ONLINE_DYN,
						   "x86/tdx:online",
						   tdx_cpu_online, NULL);
	if (ret < 0) {
		tdx_record_err("cannot register the CPU hotplug callback: %d", ret);
		goto free_tdmrs;
	}
	tdx_cpuhp_state = ret;

	tdx_mem = mem;
	tdx_nr_mem = nr_mem;
	tdx_tdmrs = plan.tdmrs;
	tdx_nr_tdmrs = plan.nr_tdmrs;
	WRITE_ONCE(tdx_status, TDX_MODULE_INITIALIZED);
	put_online_mems();

	pr_info("%u TDMRs, %lu KB allocated for PAMT\n", tdx_nr_tdmrs,
		tdx_pamt_pages << (PAGE_SHIFT - 10));
	pr_info("module initialized\n");
	return 0;

free_pamts:
	tdx_free_pamt_chunks(pamt);
free_tdmrs:
	kvfree(plan.tdmrs);
free_memlist:
	kvfree(mem);
put_mems:
	put_online_mems();
shut_down:
	/*
	 * Shut down before the PAMT goes back to the page allocator: the
	 * module must not touch it any more.
	 */
	tdx_shutdown_module(stage, summary, sizeof(summary));
	tdx_reclaim_pamt(stage);
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
	tdx_fail_step = TDX_STEP_NONE;
	tdx_fail_status = 0;
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
	ret = __tdx_enable();
	WRITE_ONCE(tdx_initializing, false);
	mutex_unlock(&tdx_module_lock);

	return ret;
}
