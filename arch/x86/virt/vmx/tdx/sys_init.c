// SPDX-License-Identifier: GPL-2.0
/*
 * Intel TDX host support: the first steps of tdx_enable() (init.c).
 *
 * TDH.SYS.INIT once, then TDH.SYS.LP.INIT on every online CPU, which
 * tdx_on_each_cpu() runs with IRQs off and whose failures it counts; the
 * error path uses it for TDH.SYS.LP.SHUTDOWN.  The CPUs that did LP.INIT
 * are remembered in tdx_lp_done.
 */
#include <linux/cpu.h>
#include <linux/cpumask.h>
#include <linux/lockdep.h>
#include <linux/percpu.h>
#include <linux/smp.h>
#include <asm/tdx.h>
#include "internal.h"
#include "seamcall.h"

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
