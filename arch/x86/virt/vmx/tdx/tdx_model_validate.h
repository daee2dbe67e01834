/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The TDX module model's TDH.SYS.CONFIG validator (tdx_model_validate.c):
 * the per-TDMR checks of TDH.SYS.CONFIG (tdx-abi §5 step 7), in the module's
 * order, returning the module's exact completion status with its detail
 * bits.  Pure: no locks, no globals.  Used by the model's TDH.SYS.CONFIG and,
 * compiled from the same file, by the userspace planner tests and fuzzer.
 */
#ifndef _X86_VIRT_TDX_MODEL_VALIDATE_H
#define _X86_VIRT_TDX_MODEL_VALIDATE_H

#include "tdx_abi.h"

struct tdx_model_config_limits {
	unsigned int max_pa;		/* physical address bits incl. KeyID bits */
	unsigned int hkid_start_bit;	/* first KeyID bit in a physical address */
	unsigned int pamt_entry_size;	/* bytes, 16 */
	bool gen_1_0;			/* TDX 1.0: its TDMR tail check */
};

/*
 * tdx_model_validate_tdmrs() - check @nr TDMR_INFO entries against @cmrs.
 * Return: TDX_SUCCESS or the status TDH.SYS.CONFIG would return.
 */
u64 tdx_model_validate_tdmrs(const struct tdx_tdmr_info *const *tdmrs,
			     unsigned int nr,
			     const struct tdx_cmr_info *cmrs, unsigned int nr_cmrs,
			     const struct tdx_model_config_limits *limits);

#endif /* _X86_VIRT_TDX_MODEL_VALIDATE_H */
