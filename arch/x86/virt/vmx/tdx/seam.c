// SPDX-License-Identifier: GPL-2.0
/*
 * The seam (seamcall.h): every access of the TDX core to the CPU that the
 * software model of the TDX module must be able to stand in for.  This file
 * owns those accesses and nothing else: SEAMCALL (seamcall.S), the KeyID
 * partitioning MSR, the partial-write erratum query, MOVDIR64B resets of PAMT
 * lines and the cache flush before TDH.SYS.KEY.CONFIG.
 *
 * In a kernel with CONFIG_INTEL_TDX_MODULE_SIM, the model registers its
 * struct tdx_seam_ops while it is active; this is the only place of the core
 * that knows the model exists.
 */
#include <linux/compiler.h>
#include <linux/cpufeature.h>
#include <linux/errno.h>
#include <linux/processor.h>
#include <linux/smp.h>
#include <linux/stddef.h>
#include <linux/string.h>
#include <asm/intel-family.h>
#include <asm/msr.h>
#include <asm/special_insns.h>
#include <asm/tdx.h>
#include "seamcall.h"
#include "tdx_abi.h"

/* The output registers are the same, in the same order. */
static_assert(sizeof(struct tdx_module_output) == sizeof(struct tdx_seamcall_regs));
static_assert(offsetof(struct tdx_module_output, r11) ==
	      offsetof(struct tdx_seamcall_regs, r11));

#ifdef CONFIG_INTEL_TDX_MODULE_SIM
/* The stand-in, while the model is active; NULL: the CPU. */
static const struct tdx_seam_ops *tdx_seam_ops;

/**
 * tdx_seam_set_ops() - let a software model stand in for the CPU
 * @ops:	the model's operations (static), or NULL to give the CPU back
 *
 * Context: any.  A SEAMCALL already running finishes where it started.
 */
void tdx_seam_set_ops(const struct tdx_seam_ops *ops)
{
	WRITE_ONCE(tdx_seam_ops, ops);
}

static const struct tdx_seam_ops *tdx_seam_stand_in(void)
{
	return READ_ONCE(tdx_seam_ops);
}
#else
static inline const struct tdx_seam_ops *tdx_seam_stand_in(void)
{
	return NULL;
}
#endif

/**
 * __tdx_seamcall() - the SEAMCALL instruction
 * @fn:		leaf number
 * @regs:	input registers (RCX, RDX, R8, R9); on return the module's
 *		output registers
 *
 * VMfailInvalid (no module loaded) returns TDX_SEAMCALL_VMFAILINVALID; a #GP
 * or #UD returns TDX_SEAMCALL_GP or TDX_SEAMCALL_UD (TDX_SW_ERROR | trap
 * number).  @regs is left alone then.
 *
 * Return: the completion status.
 */
u64 __tdx_seamcall(u64 fn, struct tdx_seamcall_regs *regs)
{
	struct tdx_module_output out;
	u64 status;

	status = __seamcall(fn, regs->rcx, regs->rdx, regs->r8, regs->r9, &out);
	if ((status & TDX_SW_ERROR) != TDX_SW_ERROR)
		memcpy(regs, &out, sizeof(*regs));
	return status;
}

/**
 * tdx_seam_seamcall() - execute one SEAMCALL
 * @fn:		leaf number
 * @regs:	input registers; on return the module's output registers
 *
 * Return: the completion status, see __tdx_seamcall().
 */
u64 tdx_seam_seamcall(u64 fn, struct tdx_seamcall_regs *regs)
{
	const struct tdx_seam_ops *ops = tdx_seam_stand_in();

	if (ops)
		return ops->seamcall(fn, regs);
	return __tdx_seamcall(fn, regs);
}

/**
 * tdx_seam_read_keyid_msr() - read IA32_MKTME_KEYID_PARTITIONING (MSR 0x87)
 * @msr:	the value
 *
 * Return: 0, or -errno if the MSR cannot be read (no MKTME, not Intel).
 */
int tdx_seam_read_keyid_msr(u64 *msr)
{
	const struct tdx_seam_ops *ops = tdx_seam_stand_in();

	if (ops)
		return ops->read_keyid_msr(msr);
	if (boot_cpu_data.x86_vendor != X86_VENDOR_INTEL)
		return -ENODEV;
	return rdmsrl_safe(MSR_IA32_MKTME_KEYID_PARTITIONING, msr);
}

/**
 * tdx_seam_pw_mce_erratum() - does the CPU have the partial-write erratum?
 *
 * The partial-write machine check erratum of Sapphire Rapids and Emerald
 * Rapids (tdx-abi.md section 9): a write of less than a cache line to memory
 * the TDX module wrote with a private KeyID poisons the line, and a later
 * read raises #MC.
 *
 * Return: true on an affected CPU.
 */
bool tdx_seam_pw_mce_erratum(void)
{
	const struct tdx_seam_ops *ops = tdx_seam_stand_in();

	if (ops)
		return ops->pw_mce_erratum();
	if (boot_cpu_data.x86_vendor != X86_VENDOR_INTEL ||
	    boot_cpu_data.x86 != 6)
		return false;
	switch (boot_cpu_data.x86_model) {
	case INTEL_FAM6_SAPPHIRERAPIDS_X:
	case INTEL_FAM6_EMERALDRAPIDS_X:
		return true;
	}
	return false;
}

/**
 * tdx_seam_reset_line() - overwrite one cache line with a full-line write
 * @pa:	physical address of the line, 64-byte aligned, in the direct map
 *
 * MOVDIR64B of 64 zero bytes; both CPUs with the erratum have it.  The
 * stores are weakly ordered: the caller fences once after the last line.
 */
void tdx_seam_reset_line(u64 pa)
{
	/* MOVDIR64B reads its 64-byte source as one aligned unit. */
	static const u8 zeros[64] __aligned(64);
	const struct tdx_seam_ops *ops = tdx_seam_stand_in();

	if (ops) {
		ops->reset_line(pa);
		return;
	}
	movdir64b((void __iomem __force *)__va(pa), zeros);
}

/**
 * tdx_seam_flush_caches() - WBINVD on every online CPU
 *
 * Context: process context, CPU-hotplug lock held.
 */
void tdx_seam_flush_caches(void)
{
	const struct tdx_seam_ops *ops = tdx_seam_stand_in();

	if (ops) {
		ops->flush_caches();
		return;
	}
	wbinvd_on_all_cpus();
}
