/* SPDX-License-Identifier: GPL-2.0 */
/*
 * bool tdx_model_vmptrst(u64 *vmcs_pa): the TDX module model's probe for VMX
 * operation (tdx_model_vmx.c).  VMPTRST stores the current-VMCS pointer to
 * @vmcs_pa and returns true in VMX operation; elsewhere it raises #UD, which
 * the exception table turns into a return of false.
 */
#include <linux/linkage.h>
#include <asm/asm.h>

SYM_FUNC_START(tdx_model_vmptrst)
	mov	$1, %eax
.Lvmptrst:
	vmptrst	(%rdi)
	RET
.Lud:
	xor	%eax, %eax
	RET
	_ASM_EXTABLE(.Lvmptrst, .Lud)
SYM_FUNC_END(tdx_model_vmptrst)
