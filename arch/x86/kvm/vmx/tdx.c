// SPDX-License-Identifier: GPL-2.0
/*
 * KVM's side of TDX host support.
 *
 * kvm_intel.tdx=1 asks KVM to offer the TD VM type (KVM_X86_TDX_VM) in
 * KVM_CREATE_VM and KVM_CAP_VM_TYPES.  It is offered only when the platform
 * was detected as TDX-capable at boot.  The TDX module is initialized by the
 * first TD creation, after KVM has put every CPU into VMX operation: that is
 * when its memory cost (PAMT, about 1/256 of RAM) is paid, and only if a TD
 * is ever created.  Every TD creation calls tdx_enable(), which remembers
 * its outcome and returns it at once after the first time: KVM keeps no
 * second record of it.
 *
 * With kvm_intel.tdx_eager=1 the module is initialized when kvm_intel
 * loads instead, for admins and tools that want the answer (and the memory
 * cost) up front: at the end of hardware_setup(), once VMX's per-CPU state
 * exists and before /dev/kvm does, KVM puts every CPU into VMX operation for
 * that and takes out again exactly the CPUs it put in.
 *
 * A failure that tdx_enable() remembers (the module failed, was shut
 * down or fenced off) is final: TD creation fails with the errno of tdx_enable() (see
 * Documentation/x86/tdx.rst), the TD type is withdrawn from
 * KVM_CAP_VM_TYPES and kvm_intel.tdx reads N from then on, which one dmesg
 * line says.  A refusal that tdx_enable() does not remember (-EINVAL while
 * a CPU is offline) changes nothing: the next TD tries again.  Normal VMs
 * are never affected.
 *
 * The TD lifecycle itself (TDH.MNG.*, private memory, TD vCPUs) is not part
 * of this series: a TD VM cannot have vCPUs yet.
 *
 * The decisions are tested by KUnit with fakes (tdx_test.c), the real paths
 * on a CPU with VMX (dev/bochs.sh).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/cpu.h>
#include <linux/cpumask.h>
#include <linux/moduleparam.h>
#include <linux/smp.h>
#include <asm/tdx.h>
#include "capabilities.h"
#include "x86.h"
#include "tdx.h"

static bool enable_tdx;
module_param_named(tdx, enable_tdx, bool, 0444);

static bool tdx_eager;
module_param(tdx_eager, bool, 0444);

/**
 * kvm_tdx_unavailable_reason() - why KVM cannot offer TDs, or NULL
 * @requested:	the kvm_intel.tdx parameter
 * @platform:	the platform was detected as TDX-capable at boot
 * @ept:	EPT is enabled (a TD needs it)
 *
 * Return: NULL if TDs can be offered, else a reason for the admin.
 */
static const char *kvm_tdx_unavailable_reason(bool requested, bool platform,
					      bool ept)
{
	if (!requested)
		return "not requested (kvm_intel.tdx=0)";
	if (!platform)
		return "the platform is not TDX-capable or TDX is not enabled by the BIOS";
	if (!ept)
		return "EPT is disabled (kvm_intel.ept=0)";
	return NULL;
}

/*
 * What KVM needs of the TDX core: tdx_enable() (the CPU-hotplug lock held)
 * and the state it remembers.  Fakes in KUnit.
 */
struct kvm_tdx_module_ops {
	int (*enable)(void);
	enum tdx_module_status (*status)(void);
};

static const struct kvm_tdx_module_ops kvm_tdx_module = {
	.enable = tdx_enable,
	.status = tdx_module_status,
};

/**
 * kvm_tdx_failure_is_final() - does tdx_enable() remember its failure?
 * @status:	the module state after a failed tdx_enable()
 *
 * Return: false if tdx_enable() did not start (a retry may succeed).
 */
static bool kvm_tdx_failure_is_final(enum tdx_module_status status)
{
	return status != TDX_MODULE_UNINITIALIZED &&
	       status != TDX_MODULE_INITIALIZED;
}

/*
 * A final failure: stop offering TDs, and make the read-only parameter tell
 * the truth, once, saying why it changed.
 */
static void kvm_tdx_withdraw(int err)
{
	if (!xchg(&enable_tdx, false))
		return;
	WRITE_ONCE(kvm_caps.supported_vm_types,
		   kvm_caps.supported_vm_types & ~BIT(KVM_X86_TDX_VM));
	pr_err("TDX disabled: the TDX module cannot be initialized (%d, see the virt/tdx messages); TDs are no longer offered and kvm_intel.tdx now reads N\n",
	       err);
}

/**
 * kvm_tdx_init_module() - initialize the TDX module, CPU-hotplug lock held
 * @ops:	the TDX core (or a fake)
 *
 * Every online CPU must be in VMX operation.
 *
 * Return: 0 or the negative errno of tdx_enable().
 */
static int kvm_tdx_init_module(const struct kvm_tdx_module_ops *ops)
{
	int r;

	lockdep_assert_cpus_held();

	r = ops->enable();
	if (r > 0)
		r = -EIO;
	if (!r)
		return 0;
	if (kvm_tdx_failure_is_final(ops->status()))
		kvm_tdx_withdraw(r);
	return r;
}

/**
 * kvm_tdx_first_td() - a TD is being created: initialize TDX if not done
 * @ops:	the TDX core (or a fake)
 *
 * Lock order, the same as eager mode's: the CPU-hotplug lock, then
 * tdx_enable()'s module lock; kvm_lock is not held (kvm_create_vm() calls
 * vm_post_init before it takes kvm_lock).
 *
 * Return: 0 or the negative errno of tdx_enable().
 */
static int kvm_tdx_first_td(const struct kvm_tdx_module_ops *ops)
{
	int r;

	cpus_read_lock();
	r = kvm_tdx_init_module(ops);
	cpus_read_unlock();
	if (r)
		pr_err_ratelimited("TD creation failed: TDX module unavailable (%d), see the virt/tdx messages\n",
				   r);
	return r;
}

struct kvm_tdx_eager {
	int (*hw_enable)(void);
	void (*hw_disable)(void);
	cpumask_var_t vmx_on;	/* CPUs that entered VMX operation here */
};

static void kvm_tdx_eager_cpu_enable(void *data)
{
	struct kvm_tdx_eager *eager = data;

	if (!eager->hw_enable())
		cpumask_set_cpu(smp_processor_id(), eager->vmx_on);
}

static void kvm_tdx_eager_cpu_disable(void *data)
{
	struct kvm_tdx_eager *eager = data;

	eager->hw_disable();
}

/**
 * kvm_tdx_enable_eagerly() - initialize TDX now, outside of any VM
 * @ops:	the TDX core (or a fake)
 * @hw_enable:	puts this CPU into VMX operation (KVM's hardware_enable)
 * @hw_disable:	takes it out again
 *
 * Every online CPU enters VMX operation for the initialization, as if a VM
 * had been created, and the CPUs that did leave it afterwards.  If a CPU
 * cannot enter VMX operation, TDX is not tried: the first TD will (lazily)
 * instead.  Lock order: the CPU-hotplug lock, then tdx_enable()'s.
 *
 * Return: 0, -EBUSY if a CPU could not enter VMX operation, -ENOMEM, or the
 * negative errno of tdx_enable().
 */
static int kvm_tdx_enable_eagerly(const struct kvm_tdx_module_ops *ops,
				  int (*hw_enable)(void),
				  void (*hw_disable)(void))
{
	struct kvm_tdx_eager eager = {
		.hw_enable = hw_enable,
		.hw_disable = hw_disable,
	};
	int r;

	if (!zalloc_cpumask_var(&eager.vmx_on, GFP_KERNEL))
		return -ENOMEM;

	cpus_read_lock();
	on_each_cpu(kvm_tdx_eager_cpu_enable, &eager, 1);
	if (cpumask_equal(eager.vmx_on, cpu_online_mask))
		r = kvm_tdx_init_module(ops);
	else
		r = -EBUSY;
	on_each_cpu_mask(eager.vmx_on, kvm_tdx_eager_cpu_disable, &eager, 1);
	cpus_read_unlock();

	free_cpumask_var(eager.vmx_on);
	return r;
}

/**
 * kvm_tdx_eager_report() - say what kvm_intel.tdx_eager=1 did
 * @r:	the return value of kvm_tdx_enable_eagerly()
 */
static void kvm_tdx_eager_report(int r)
{
	if (!r)
		pr_info("TDX enabled: the TDX module was initialized at load (tdx_eager=1)\n");
	else if (!READ_ONCE(enable_tdx))
		return;	/* kvm_tdx_withdraw() said why. */
	else if (r == -EBUSY)
		pr_warn("TDX enabled, tdx_eager=1 not honoured: a CPU could not enter VMX operation; the first TD initializes the TDX module\n");
	else
		pr_warn("TDX enabled, tdx_eager=1 not honoured: initializing the TDX module failed (%d) and may be retried; the first TD tries again\n",
			r);
}

/**
 * tdx_hardware_setup() - decide at kvm_intel load whether TDs are offered
 * @hw_enable:	puts this CPU into VMX operation (KVM's hardware_enable)
 * @hw_disable:	takes it out again
 *
 * Called at the end of VMX's hardware_setup(), once VMX's per-CPU state
 * exists (the VMXON regions, and the per-CPU lists hardware_disable walks,
 * which vmx_init() set up before kvm_init()) and before /dev/kvm does.
 * kvm_intel.tdx_eager=1 initializes the TDX module here.
 *
 * A TDX problem never stops KVM from loading: it only withholds the TD type.
 */
void __init tdx_hardware_setup(int (*hw_enable)(void), void (*hw_disable)(void))
{
	const char *why;

	why = kvm_tdx_unavailable_reason(enable_tdx, platform_tdx_enabled(),
					 enable_ept);
	if (why) {
		if (enable_tdx)
			pr_warn("TDX disabled: %s\n", why);
		enable_tdx = false;
		return;
	}

	kvm_caps.supported_vm_types |= BIT(KVM_X86_TDX_VM);
	if (!tdx_eager) {
		pr_info("TDX enabled: the TDX module is initialized when the first TD is created\n");
		return;
	}
	kvm_tdx_eager_report(kvm_tdx_enable_eagerly(&kvm_tdx_module, hw_enable,
						    hw_disable));
}

/**
 * tdx_vm_post_init() - the first TD initializes the TDX module
 * @kvm:	the VM being created, with every CPU in VMX operation
 *
 * Later TDs get tdx_enable()'s remembered outcome.
 *
 * Return: 0, or the errno that KVM_CREATE_VM returns for a TD when the TDX
 * module cannot be initialized.
 */
int tdx_vm_post_init(struct kvm *kvm)
{
	if (kvm->arch.vm_type != KVM_X86_TDX_VM)
		return 0;
	return kvm_tdx_first_td(&kvm_tdx_module);
}

/**
 * tdx_vcpu_precreate() - refuse vCPUs for a TD
 * @kvm:	the VM
 *
 * The TD lifecycle (TDH.MNG.*, TDH.VP.*) is not implemented yet, so a TD
 * must not get a vCPU that would run as a normal, unprotected VM.
 *
 * Return: 0 for a normal VM, -EOPNOTSUPP for a TD.
 */
int tdx_vcpu_precreate(struct kvm *kvm)
{
	return kvm->arch.vm_type == KVM_X86_TDX_VM ? -EOPNOTSUPP : 0;
}

#ifdef CONFIG_KVM_INTEL_TDX_KUNIT_TEST
#include "tdx_test.c"
#endif
