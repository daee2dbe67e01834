/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The boot hook of the opt-in PAMT reservation ("tdx_pamt=reserve"), for
 * setup_arch().  Everything else is in arch/x86/virt/vmx/tdx/.
 */
#ifndef _ASM_X86_TDX_PAMT_H
#define _ASM_X86_TDX_PAMT_H

#include <linux/init.h>

#ifdef CONFIG_INTEL_TDX_PAMT_RESERVE
void __init tdx_pamt_reserve_init(void);
#else
static inline void tdx_pamt_reserve_init(void) { }
#endif

#endif /* _ASM_X86_TDX_PAMT_H */
