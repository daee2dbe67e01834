/* SPDX-License-Identifier: GPL-2.0 */
/*
 * KVM's side of TDX host support: which VM types are offered, and the lazy
 * initialization of the TDX module when the first TD is created.
 */
#ifndef __KVM_X86_VMX_TDX_H
#define __KVM_X86_VMX_TDX_H

#include <linux/kvm_host.h>
#include <linux/mutex.h>

/* Outcome of the one attempt to initialize the TDX module for KVM. */
#define KVM_TDX_NOT_TRIED	1

/**
 * struct kvm_tdx_enabler - the first TD initializes TDX, later ones check
 * @lock:	serializes the first attempt
 * @outcome:	KVM_TDX_NOT_TRIED, 0 or the negative errno of the attempt
 * @enable:	what initializes the TDX module (tdx_enable() under the
 *		CPU-hotplug lock; a fake in KUnit)
 */
struct kvm_tdx_enabler {
	struct mutex lock;	/* serializes the first attempt */
	int outcome;
	int (*enable)(void);
};

#ifdef CONFIG_INTEL_TDX_HOST
void __init tdx_hardware_setup(void);
void __init tdx_eager_init(int (*hw_enable)(void), void (*hw_disable)(void));
int tdx_vm_post_init(struct kvm *kvm);
int tdx_vcpu_precreate(struct kvm *kvm);
#else
static inline void tdx_hardware_setup(void) { }
static inline void tdx_eager_init(int (*hw_enable)(void),
				  void (*hw_disable)(void)) { }
static inline int tdx_vm_post_init(struct kvm *kvm) { return 0; }
static inline int tdx_vcpu_precreate(struct kvm *kvm) { return 0; }
#endif

#endif /* __KVM_X86_VMX_TDX_H */
