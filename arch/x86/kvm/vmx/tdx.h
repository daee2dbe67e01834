/* SPDX-License-Identifier: GPL-2.0 */
/*
 * KVM's side of TDX host support: which VM types are offered, and the lazy
 * initialization of the TDX module when the first TD is created.
 */
#ifndef __KVM_X86_VMX_TDX_H
#define __KVM_X86_VMX_TDX_H

#include <linux/kvm_host.h>

#ifdef CONFIG_INTEL_TDX_HOST
void __init tdx_hardware_setup(int (*hw_enable)(void), void (*hw_disable)(void));
int tdx_vm_post_init(struct kvm *kvm);
int tdx_vcpu_precreate(struct kvm *kvm);
#else
static inline void tdx_hardware_setup(int (*hw_enable)(void),
				      void (*hw_disable)(void)) { }
static inline int tdx_vm_post_init(struct kvm *kvm) { return 0; }
static inline int tdx_vcpu_precreate(struct kvm *kvm) { return 0; }
#endif

#endif /* __KVM_X86_VMX_TDX_H */
