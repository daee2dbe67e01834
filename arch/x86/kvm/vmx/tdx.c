// SPDX-License-Identifier: GPL-2.0
/*
 * KVM's side of TDX host support.
 *
 * kvm_intel.tdx=1 asks KVM to offer the TD VM type (KVM_X86_TDX_VM) in
 * KVM_CREATE_VM and KVM_CAP_VM_TYPES.  It is offered only when the platform
 * was detected as TDX-capable at boot.  The TDX module is initialized by the
 * first TD creation, after KVM has put every CPU into VMX operation: that is
 * when its memory cost (PAMT, about 1/256 of RAM) is paid, and only if a TD
 * is ever created.  Every later creation checks the remembered outcome.
 *
 * With kvm_intel.tdx_eager=1 the module is initialized when kvm_intel
 * loads instead, for admins and tools that want the answer (and the memory
 * cost) up front: KVM puts every CPU into VMX operation for that, and takes
 * it out again.
 *
 * A failed initialization is final: TD creation fails with the errno of
 * tdx_enable() (see Documentation/x86/tdx.rst), kvm_intel.tdx reads back N
 * and the TD type is withdrawn from KVM_CAP_VM_TYPES.  Normal VMs are not
 * affected.
 *
 * The TD lifecycle itself (TDH.MNG.*, private memory, TD vCPUs) is not part
 * of this series: a TD VM cannot have vCPUs yet.
 *
 * None of this can run on the machines the series is developed on (no VMX in
 * QEMU TCG); the decisions are in pure functions tested by KUnit
 * (tdx_test.c).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/cpu.h>
#include <linux/moduleparam.h>
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

/**
 * kvm_tdx_enable_once() - initialize TDX for the first TD, check afterwards
 * @e:	the enabler
 *
 * Concurrent first TDs get exactly one call of @e->enable; later TDs only
 * read the remembered outcome.  Sleeps.
 *
 * Return: 0 or the negative errno of the one attempt.
 */
static int kvm_tdx_enable_once(struct kvm_tdx_enabler *e)
{
	/* Pairs with the release below: an outcome comes after its work. */
	int r = smp_load_acquire(&e->outcome);

	if (r != KVM_TDX_NOT_TRIED)
		return r;

	mutex_lock(&e->lock);
	r = e->outcome;
	if (r == KVM_TDX_NOT_TRIED) {
		r = e->enable();
		if (r > 0)
			r = -EIO;
		/* Publish the outcome for the lockless check above. */
		smp_store_release(&e->outcome, r);
	}
	mutex_unlock(&e->lock);
	return r;
}

static int kvm_tdx_enable_module(void)
{
	int r;

	/* tdx_enable() needs the CPU-hotplug lock and VMX on every CPU. */
	cpus_read_lock();
	r = tdx_enable();
	cpus_read_unlock();
	return r;
}

static struct kvm_tdx_enabler kvm_tdx_enabler = {
	.lock = __MUTEX_INITIALIZER(kvm_tdx_enabler.lock),
	.outcome = KVM_TDX_NOT_TRIED,
	.enable = kvm_tdx_enable_module,
};

struct kvm_tdx_eager {
	int (*hw_enable)(void);
	void (*hw_disable)(void);
	atomic_t failed;
};

static void kvm_tdx_eager_cpu_enable(void *data)
{
	struct kvm_tdx_eager *eager = data;

	if (eager->hw_enable())
		atomic_inc(&eager->failed);
}

static void kvm_tdx_eager_cpu_disable(void *data)
{
	struct kvm_tdx_eager *eager = data;

	eager->hw_disable();
}

/**
 * kvm_tdx_enable_eagerly() - initialize TDX now, outside of any VM
 * @e:		the enabler whose outcome later TDs read
 * @hw_enable:	puts this CPU into VMX operation (KVM's hardware_enable)
 * @hw_disable:	takes it out again
 * @enable:	initializes the TDX module, CPU-hotplug lock held
 *
 * Every online CPU enters VMX operation for the initialization and leaves it
 * afterwards, as if a VM had been created and destroyed.  The outcome is the
 * one later TDs get.  If a CPU cannot enter VMX operation, TDX is not tried:
 * the first TD will (lazily) instead.
 *
 * Return: 0 or a negative errno.
 */
static int kvm_tdx_enable_eagerly(struct kvm_tdx_enabler *e,
				  int (*hw_enable)(void),
				  void (*hw_disable)(void),
				  int (*enable)(void))
{
	struct kvm_tdx_eager eager = {
		.hw_enable = hw_enable,
		.hw_disable = hw_disable,
		.failed = ATOMIC_INIT(0),
	};
	int r;

	cpus_read_lock();
	on_each_cpu(kvm_tdx_eager_cpu_enable, &eager, 1);
	if (atomic_read(&eager.failed)) {
		r = -EBUSY;
	} else {
		mutex_lock(&e->lock);
		r = enable();
		if (r > 0)
			r = -EIO;
		smp_store_release(&e->outcome, r);	/* pairs with enable_once() */
		mutex_unlock(&e->lock);
	}
	on_each_cpu(kvm_tdx_eager_cpu_disable, &eager, 1);
	cpus_read_unlock();
	return r;
}

/**
 * tdx_hardware_setup() - decide at kvm_intel load whether TDs are offered
 *
 * A TDX problem never stops KVM from loading: it only withholds the TD type.
 */
void __init tdx_hardware_setup(void)
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
	if (!tdx_eager)
		pr_info("TDX enabled: the TDX module is initialized when the first TD is created\n");
}

/**
 * tdx_eager_init() - kvm_intel.tdx_eager=1: initialize TDX at load
 * @hw_enable:	puts this CPU into VMX operation (KVM's hardware_enable)
 * @hw_disable:	takes it out again
 *
 * Called once VMX's per-CPU state is set up (vmx_init(), after
 * hardware_setup() and the per-CPU lists that hardware_disable walks) and
 * before /dev/kvm exists.
 */
void __init tdx_eager_init(int (*hw_enable)(void), void (*hw_disable)(void))
{
	int r;

	if (!enable_tdx || !tdx_eager)
		return;

	/* tdx_enable() is called under the CPU-hotplug lock taken here. */
	r = kvm_tdx_enable_eagerly(&kvm_tdx_enabler, hw_enable, hw_disable, tdx_enable);
	if (r == -EBUSY) {
		pr_warn("TDX enabled, tdx_eager=1 not honoured: a CPU could not enter VMX operation; the first TD initializes the TDX module\n");
	} else if (r) {
		pr_err("TDX disabled: initializing the TDX module at load (tdx_eager=1) failed (%d), see the virt/tdx messages\n",
		       r);
		enable_tdx = false;
		kvm_caps.supported_vm_types &= ~BIT(KVM_X86_TDX_VM);
	} else {
		pr_info("TDX enabled: the TDX module was initialized at load (tdx_eager=1)\n");
	}
}

/**
 * tdx_vm_post_init() - the first TD initializes the TDX module
 * @kvm:	the VM being created, with every CPU in VMX operation
 *
 * Return: 0, or the errno that KVM_CREATE_VM returns for a TD when the TDX
 * module cannot be initialized.
 */
int tdx_vm_post_init(struct kvm *kvm)
{
	int r;

	if (kvm->arch.vm_type != KVM_X86_TDX_VM)
		return 0;

	r = kvm_tdx_enable_once(&kvm_tdx_enabler);
	if (r) {
		pr_err_ratelimited("TD creation failed: TDX module unavailable (%d), see the virt/tdx messages\n",
				   r);
		/* Tell the truth to tools reading the parameter or the cap. */
		WRITE_ONCE(enable_tdx, false);
		kvm_caps.supported_vm_types &= ~BIT(KVM_X86_TDX_VM);
	}
	return r;
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
