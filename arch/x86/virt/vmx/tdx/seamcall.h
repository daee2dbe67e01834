/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The SEAMCALL seam: every SEAMCALL the host makes goes through
 * tdx_seamcall_insn().  In a production kernel that is the instruction
 * (seamcall.S).  In a kernel built with CONFIG_INTEL_TDX_MODULE_SIM it is a
 * static call that the software model of the TDX module can redirect to
 * itself at runtime (tdx_model.c).
 */
#ifndef _X86_VIRT_TDX_SEAMCALL_H
#define _X86_VIRT_TDX_SEAMCALL_H

#include <linux/types.h>
#include <linux/stddef.h>
#include <linux/build_bug.h>
#include <linux/static_call_types.h>

/*
 * Input and output registers of one SEAMCALL besides RAX.  Software-defined,
 * not part of the module ABI.  seamcall.S hard-codes the offsets.
 */
struct tdx_seamcall_regs {
	u64 rcx;
	u64 rdx;
	u64 r8;
	u64 r9;
	u64 r10;
	u64 r11;
};

static_assert(offsetof(struct tdx_seamcall_regs, r11) == 40);

/*
 * __tdx_seamcall() - execute SEAMCALL leaf @fn with @regs as inputs.
 *
 * Returns the completion status in RAX.  The module's output registers are
 * written back to @regs, also on error.  VMfailInvalid (no module loaded)
 * returns TDX_SEAMCALL_VMFAILINVALID and leaves @regs alone; a #GP or #UD
 * returns TDX_SW_ERROR | trap number.
 */
u64 __tdx_seamcall(u64 fn, struct tdx_seamcall_regs *regs);

#ifdef CONFIG_INTEL_TDX_MODULE_SIM
#include <linux/static_call.h>

DECLARE_STATIC_CALL(tdx_seamcall_target, __tdx_seamcall);

static inline u64 tdx_seamcall_insn(u64 fn, struct tdx_seamcall_regs *regs)
{
	return static_call(tdx_seamcall_target)(fn, regs);
}
#else
static inline u64 tdx_seamcall_insn(u64 fn, struct tdx_seamcall_regs *regs)
{
	return __tdx_seamcall(fn, regs);
}
#endif

/*
 * The cache-flush seam: the WBINVD on every package that the ABI requires
 * between TDH.SYS.CONFIG and TDH.SYS.KEY.CONFIG goes through
 * tdx_flush_caches().  In a production kernel that is wbinvd_on_all_cpus()
 * (__tdx_flush_caches() in tdx.c); with CONFIG_INTEL_TDX_MODULE_SIM the
 * model can stand behind it, to see that the flush happened.
 */
void __tdx_flush_caches(void);

#ifdef CONFIG_INTEL_TDX_MODULE_SIM
DECLARE_STATIC_CALL(tdx_flush_caches_target, __tdx_flush_caches);

static inline void tdx_flush_caches(void)
{
	static_call(tdx_flush_caches_target)();
}
#else
static inline void tdx_flush_caches(void)
{
	__tdx_flush_caches();
}
#endif

#endif /* _X86_VIRT_TDX_SEAMCALL_H */
