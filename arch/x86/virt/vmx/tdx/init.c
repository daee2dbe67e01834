// SPDX-License-Identifier: GPL-2.0
/*
 * Intel TDX host support: tdx_enable(), the order of its steps and the
 * shutdown on failure.
 *
 * The TDX module is initialized once, lazily, when KVM creates the first TD:
 *
 *   TDH.SYS.INIT; TDH.SYS.LP.INIT on every CPU (sys_init.c); module info
 *   (module_info.c); TDX memory from memblock, checked against the CMRs
 *   (memory.c); TDMRs from the planner (tdmr_plan.c, tdmr_reserved.c); PAMT
 *   allocated per TDMR and node (memory.c); TDH.SYS.CONFIG with the global
 *   KeyID; WBINVD on every CPU; TDH.SYS.KEY.CONFIG once per package
 *   (config.c); TDH.SYS.TDMR.INIT until every TDMR is initialized, TDMRs in
 *   parallel, each from a CPU of its node (tdmr_init.c); the CPU-hotplug
 *   callback for CPUs that come back (here).
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
 * stays in its state (SYSINIT_DONE or SYSCONFIG_DONE) and only the fence
 * guarantees that this kernel never makes another SEAMCALL.  Either way,
 * after this function the module cannot touch the PAMT any more.  Writes a
 * summary into @buf.
 *
 * Return: true if the module itself is in its shutdown state, false if only
 * the kernel's fence holds it (no shutdown in its state, generation
 * unknown, or the shutdown failed).
 */
static bool tdx_shutdown_module(enum tdx_init_stage stage, char *buf,
				size_t size)
{
	struct tdx_status_str str;
	unsigned int nr_failed;
	bool shut = false;
	u64 status = 0;
	int cpu;

	if (stage == TDX_STAGE_NONE) {
		snprintf(buf, size, "SEAMCALLs fenced");
	} else if (!tdx_info_valid || !tdx_info.sys_rd) {
		/* Generation unknown (no module info yet): a no-op on 1.5. */
		if (tdx_on_each_cpu(tdx_lp_shutdown_fn, &cpu, &status, &nr_failed)) {
			snprintf(buf, size,
				 "%s failed on CPU %d (%u of %u): %s; module left as it was, SEAMCALLs fenced",
				 tdx_leaf_name(TDH_SYS_LP_SHUTDOWN), cpu, nr_failed,
				 num_online_cpus(), tdx_status_decode(status, &str));
		} else if (tdx_info_valid) {
			snprintf(buf, size, "module shut down on all %u CPUs",
				 num_online_cpus());
			shut = true;
		} else {
			snprintf(buf, size,
				 "%s on all %u CPUs (a no-op on TDX 1.5), SEAMCALLs fenced",
				 tdx_leaf_name(TDH_SYS_LP_SHUTDOWN), num_online_cpus());
		}
	} else if (stage == TDX_STAGE_READY) {
		status = tdh_sys_shutdown(tdx_info.handoff_version);
		if (status) {
			snprintf(buf, size,
				 "TDH.SYS.SHUTDOWN failed: %s; module left as it was, SEAMCALLs fenced",
				 tdx_status_decode(status, &str));
		} else {
			snprintf(buf, size, "module shut down");
			shut = true;
		}
	} else {
		snprintf(buf, size,
			 "module not ready, no shutdown in its state: left as it was, SEAMCALLs fenced");
	}

	WRITE_ONCE(tdx_fenced, true);
	return shut;
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
						 bool shut, int err)
{
	if (stage != TDX_STAGE_NONE)
		return shut ? TDX_MODULE_SHUTDOWN : TDX_MODULE_FENCED;
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
		pr_info("reset %llu KB of PAMT with MOVDIR64B before freeing it (partial-write machine check erratum)\n",
			tdx_reset_pamt(tdx_pamt) >> 10);
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
	bool shut;
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
	ret = tdx_alloc_pamts(&plan, &tdx_info.limits, &pamt);
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
	shut = tdx_shutdown_module(stage, summary, sizeof(summary));
	tdx_reclaim_pamt(stage);
	WRITE_ONCE(tdx_status, tdx_failure_status(stage, shut, ret));
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
