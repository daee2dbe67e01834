/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The SEAMCALL instruction, with its failure modes turned into return values:
 *
 *  - VMfailInvalid (CF=1, no SEAM module loaded): TDX_SEAMCALL_VMFAILINVALID.
 *  - #GP (TDX not enabled by the BIOS) or #UD (CPU not in VMX operation):
 *    TDX_SW_ERROR | trap number, through the exception table.
 *  - Otherwise the module's completion status, with RCX, RDX and R8-R11
 *    written back to struct tdx_seamcall_regs.
 */
#include <linux/linkage.h>
#include <asm/asm.h>
#include <asm/frame.h>
#include <asm/tdx.h>

/* Binutils >= 2.36 knows the mnemonic; emit the bytes for older ones. */
#define SEAMCALL	.byte 0x66, 0x0f, 0x01, 0xcf

/* Offsets in struct tdx_seamcall_regs. */
#define REGS_RCX	0
#define REGS_RDX	8
#define REGS_R8		16
#define REGS_R9		24
#define REGS_R10	32
#define REGS_R11	40

/* u64 __tdx_seamcall(u64 fn, struct tdx_seamcall_regs *regs) */
SYM_FUNC_START(__tdx_seamcall)
	FRAME_BEGIN
	/* Keep @regs across SEAMCALL; RSP is preserved by the module. */
	push	%rsi

	mov	%rdi, %rax
	mov	REGS_RCX(%rsi), %rcx
	mov	REGS_RDX(%rsi), %rdx
	mov	REGS_R8(%rsi), %r8
	mov	REGS_R9(%rsi), %r9
	mov	REGS_R10(%rsi), %r10
	mov	REGS_R11(%rsi), %r11

.Lseamcall:
	SEAMCALL
	jc	.Lvmfailinvalid

	pop	%rsi
	mov	%rcx, REGS_RCX(%rsi)
	mov	%rdx, REGS_RDX(%rsi)
	mov	%r8, REGS_R8(%rsi)
	mov	%r9, REGS_R9(%rsi)
	mov	%r10, REGS_R10(%rsi)
	mov	%r11, REGS_R11(%rsi)
	FRAME_END
	RET

.Lvmfailinvalid:
	/* RAX is unchanged by VMfailInvalid: replace it. */
	pop	%rsi
	mov	$TDX_SEAMCALL_VMFAILINVALID, %rax
	FRAME_END
	RET

.Lfault:
	/* EX_TYPE_FAULT left the trap number in RAX. */
	pop	%rsi
	mov	$TDX_SW_ERROR, %rdi
	or	%rdi, %rax
	FRAME_END
	RET

	_ASM_EXTABLE_TYPE(.Lseamcall, .Lfault, EX_TYPE_FAULT)
SYM_FUNC_END(__tdx_seamcall)
