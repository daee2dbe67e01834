// SPDX-License-Identifier: GPL-2.0
/*
 * The software model of the TDX module: what the CPU checks before a
 * SEAMCALL reaches the module, and fault injection from the command line.
 *
 * SEAMCALL is legal only in VMX root operation: on a CPU that has not done
 * VMXON it raises #UD, which __tdx_seamcall() turns into TDX_SEAMCALL_UD
 * (TDX_SW_ERROR | X86_TRAP_UD).  The model checks this for real on CPUs
 * with VMX: VMPTRST is legal only in VMX operation too, so it is executed
 * under an exception fixup (tdx_model_vmx_probe.S); no flag the host sets
 * is trusted.  Where the CPU has no VMX (QEMU's
 * TCG) nothing can do VMXON: the check is skipped, and said so once at boot.
 *
 * debugfs tdx_model/vmx shows, per online CPU, whether it is in VMX
 * operation and what a SEAMCALL of an unknown leaf gets there (#UD, or the
 * module's answer), for tests that hold or drop KVM's VMXON.
 *
 * tdx_model_inject=LEAF,STATUS,CPU,NTH arms one injection of debugfs
 * tdx_model/inject before any built-in driver runs, for SEAMCALLs issued
 * during boot (kvm_intel.tdx_eager=1).
 */
#define pr_fmt(fmt) "tdx_model: " fmt

#include <linux/cpu.h>
#include <linux/cpufeature.h>
#include <linux/debugfs.h>
#include <linux/init.h>
#include <linux/kernel.h>
#include <linux/seq_file.h>
#include <linux/smp.h>
#include "tdx_model.h"

static bool tdx_model_cpu_in_vmx_operation(void)
{
	u64 vmcs_pa;

	return tdx_model_vmptrst(&vmcs_pa);
}

/**
 * tdx_model_vmx_refuses() - would this CPU raise #UD on SEAMCALL?
 *
 * Context: the CPU that issues the SEAMCALL, preemption disabled.
 *
 * Return: true if the CPU has VMX and is not in VMX operation.
 */
bool tdx_model_vmx_refuses(void)
{
	return boot_cpu_has(X86_FEATURE_VMX) && !tdx_model_cpu_in_vmx_operation();
}

/* An unknown leaf: the module answers without a side effect. */
#define TDX_MODEL_VMX_PROBE_LEAF	0xfffe

struct tdx_model_vmx_cpu {
	bool vmx;
	u64 status;
};

static void tdx_model_vmx_probe_cpu(void *data)
{
	struct tdx_model_vmx_cpu *c = data;
	struct tdx_seamcall_regs regs = {};

	c->vmx = tdx_model_cpu_in_vmx_operation();
	c->status = tdx_seam_seamcall(TDX_MODEL_VMX_PROBE_LEAF, &regs);
}

static int tdx_model_vmx_show(struct seq_file *s, void *unused)
{
	struct tdx_model_vmx_cpu c;
	unsigned int cpu;

	if (!boot_cpu_has(X86_FEATURE_VMX)) {
		seq_puts(s, "no VMX: SEAMCALLs not checked\n");
		return 0;
	}
	cpus_read_lock();
	for_each_online_cpu(cpu) {
		smp_call_function_single(cpu, tdx_model_vmx_probe_cpu, &c, 1);
		seq_printf(s, "cpu%u vmx=%d seamcall=%s\n", cpu, c.vmx,
			   c.status == TDX_SEAMCALL_UD ? "#UD" : "module");
	}
	cpus_read_unlock();
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(tdx_model_vmx);

static int __init tdx_model_vmx_init(void)
{
	struct dentry *dir;

	if (!boot_cpu_has(X86_FEATURE_VMX))
		pr_info("the CPU has no VMX: SEAMCALLs are not checked for VMX operation\n");
	dir = debugfs_lookup("tdx_model", NULL);
	debugfs_create_file("vmx", 0400, dir, NULL, &tdx_model_vmx_fops);
	dput(dir);
	return 0;
}

/* After tdx_model_debugfs_init() (late_initcall) created the directory. */
late_initcall_sync(tdx_model_vmx_init);

static char tdx_model_boot_inject[64] __initdata;

static int __init tdx_model_inject_param(char *s)
{
	if (!s)
		return -EINVAL;
	strscpy(tdx_model_boot_inject, s, sizeof(tdx_model_boot_inject));
	return 0;
}
early_param("tdx_model_inject", tdx_model_inject_param);

/* After tdx_model_init() (early_initcall) activated and reset the model. */
static int __init tdx_model_inject_boot(void)
{
	long long leaf, status;
	unsigned int nth;
	int cpu;

	if (!tdx_model_boot_inject[0])
		return 0;
	if (sscanf(tdx_model_boot_inject, "%lli,%lli,%d,%u", &leaf, &status,
		   &cpu, &nth) != 4 ||
	    tdx_model_inject_status(leaf, status, cpu, nth)) {
		pr_err("tdx_model_inject=%s: expected LEAF,STATUS,CPU,NTH\n",
		       tdx_model_boot_inject);
		return 0;
	}
	pr_info("injecting: leaf %lld -> %#llx (CPU %d, call %u)\n", leaf,
		status, cpu, nth);
	return 0;
}
core_initcall(tdx_model_inject_boot);
