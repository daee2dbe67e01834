/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The seam: the hardware accesses of the TDX core, and the one place where
 * the software model of the TDX module (CONFIG_INTEL_TDX_MODULE_SIM) plugs
 * in.  The core reaches the CPU only through these functions (seam.c):
 * SEAMCALL, the KeyID partitioning MSR, the partial-write erratum query,
 * MOVDIR64B line resets of PAMT and the cache flush between TDH.SYS.CONFIG
 * and TDH.SYS.KEY.CONFIG.  In a production kernel each is the instruction.
 * In a kernel with the model, the model registers a struct tdx_seam_ops and
 * stands in for all of them while it is active.
 */
#ifndef _X86_VIRT_TDX_SEAMCALL_H
#define _X86_VIRT_TDX_SEAMCALL_H

#include <linux/types.h>
#include <asm/tdx.h>
#include <asm/trapnr.h>

/*
 * What SEAMCALL returns when it does not reach the module, in the software
 * error class of <asm/tdx.h> (class 0xFF is never used by the module):
 * TDX_SEAMCALL_VMFAILINVALID (no module loaded), and the trap number of a
 * #GP (TDX not enabled by the BIOS) or #UD (CPU not in VMX operation).
 */
#define TDX_SEAMCALL_GP			(TDX_SW_ERROR | X86_TRAP_GP)
#define TDX_SEAMCALL_UD			(TDX_SW_ERROR | X86_TRAP_UD)

/*
 * Input and output registers of one SEAMCALL besides RAX, as the seam and
 * the model see them.  Software-defined, not part of the module ABI.  The
 * instruction (seamcall.S) takes RCX, RDX, R8 and R9 and returns RCX, RDX
 * and R8-R11 in struct tdx_module_output.
 */
struct tdx_seamcall_regs {
	u64 rcx;
	u64 rdx;
	u64 r8;
	u64 r9;
	u64 r10;
	u64 r11;
};

struct tdx_module_output;

u64 __seamcall(u64 fn, u64 rcx, u64 rdx, u64 r8, u64 r9,
	       struct tdx_module_output *out);
u64 __tdx_seamcall(u64 fn, struct tdx_seamcall_regs *regs);
u64 tdx_seam_seamcall(u64 fn, struct tdx_seamcall_regs *regs);
int tdx_seam_read_keyid_msr(u64 *msr);
bool tdx_seam_pw_mce_erratum(void);
void tdx_seam_reset_line(u64 pa);
void tdx_seam_flush_caches(void);

/**
 * struct tdx_seam_ops - what a stand-in for the CPU provides
 * @seamcall:		handle one SEAMCALL; may run with IRQs off
 * @read_keyid_msr:	read IA32_MKTME_KEYID_PARTITIONING (0 or -errno)
 * @pw_mce_erratum:	whether the platform has the partial-write erratum
 * @reset_line:		what MOVDIR64B of 64 zero bytes to @pa does
 * @flush_caches:	write back and invalidate the caches of every CPU
 */
struct tdx_seam_ops {
	u64 (*seamcall)(u64 fn, struct tdx_seamcall_regs *regs);
	int (*read_keyid_msr)(u64 *msr);
	bool (*pw_mce_erratum)(void);
	void (*reset_line)(u64 pa);
	void (*flush_caches)(void);
};

#ifdef CONFIG_INTEL_TDX_MODULE_SIM
void tdx_seam_set_ops(const struct tdx_seam_ops *ops);
#endif

#endif /* _X86_VIRT_TDX_SEAMCALL_H */
