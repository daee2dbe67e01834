/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The SEAMCALL instruction, with 6.1's TDX_MODULE_CALL helper (tdxcall.S,
 * shared with the guest's TDCALL), which turns its failure modes into
 * return values:
 *
 *  - VMfailInvalid (CF=1, no SEAM module loaded): TDX_SEAMCALL_VMFAILINVALID.
 *  - #GP (TDX not enabled by the BIOS) or #UD (CPU not in VMX operation):
 *    TDX_SW_ERROR | trap number, through the exception table.
 *  - Otherwise the module's completion status, with RCX, RDX and R8-R11
 *    written to struct tdx_module_output.
 */
#include <linux/linkage.h>
#include <asm/frame.h>

#include "tdxcall.S"

/*
 * u64 __seamcall(u64 fn, u64 rcx, u64 rdx, u64 r8, u64 r9,
 *		  struct tdx_module_output *out)
 */
SYM_FUNC_START(__seamcall)
	FRAME_BEGIN
	TDX_MODULE_CALL host=1
	FRAME_END
	RET
SYM_FUNC_END(__seamcall)
