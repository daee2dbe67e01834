// SPDX-License-Identifier: GPL-2.0
/*
 * Intel TDX host support: configuring the TDX module, steps of tdx_enable()
 * (init.c).
 *
 * TDH.SYS.CONFIG hands the module the TDMRs of the plan, with their PAMT
 * and reserved areas, and the global KeyID; TDH.SYS.KEY.CONFIG then
 * programs that KeyID on every package, one package at a time, retried
 * while key generation lacks entropy.
 */
#include <linux/cpu.h>
#include <linux/cpumask.h>
#include <linux/delay.h>
#include <linux/errno.h>
#include <linux/gfp.h>
#include <linux/kernel.h>
#include <linux/lockdep.h>
#include <linux/log2.h>
#include <linux/slab.h>
#include <linux/smp.h>
#include <linux/topology.h>
#include <asm/tdx.h>
#include "internal.h"
#include "seamcall.h"

/* Each TDMR_INFO takes 512 bytes in the array handed to TDH.SYS.CONFIG. */
#define TDX_TDMR_INFO_STRIDE	TDX_TDMR_INFO_ALIGN
static_assert(sizeof(struct tdx_tdmr_info) <= TDX_TDMR_INFO_STRIDE);

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
