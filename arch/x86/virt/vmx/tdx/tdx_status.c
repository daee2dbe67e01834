// SPDX-License-Identifier: GPL-2.0
/*
 * Intel TDX host support: SEAMCALLs.  Owns tdx_seamcall(), which every leaf
 * wrapper (tdx.h) goes through (it retries for entropy and fails fast once
 * the module is fenced off), and the decoding of SEAMCALL completion
 * statuses for humans and into errnos.
 *
 * A status is printed as its name, its decoded detail bits and the raw value,
 * e.g. "TDX_INVALID_RESERVED_IN_TDMR (TDMR 3, reserved area 16)
 * [0xc0000a2000001003]", so that an admin never has to look a code up.
 */
#define pr_fmt(fmt) "virt/tdx: " fmt

#include <linux/kernel.h>
#include <linux/errno.h>
#include <linux/compiler.h>
#include <linux/preempt.h>
#include "internal.h"
#include "seamcall.h"

/*
 * The module ran out of entropy (RDRAND/RDSEED) and asks to be called
 * again: TDX_RND_NO_ENTROPY, which TDX 1.0 reports as TDX_SYS_BUSY from
 * TDH.SYS.INIT and TDH.SYS.LP.INIT.  There SYS_BUSY is transient on 1.5
 * too (a concurrent holder of the global lock), so retrying it is safe on
 * both generations, which the host cannot tell apart before TDH.SYS.INFO.
 */
static bool tdx_seamcall_retryable(u64 leaf, u64 status)
{
	status &= TDX_STATUS_MASK;
	return status == TDX_RND_NO_ENTROPY ||
	       (status == TDX_SYS_BUSY &&
		(leaf == TDH_SYS_INIT || leaf == TDH_SYS_LP_INIT));
}

/**
 * tdx_seamcall() - make a SEAMCALL, retrying while the module lacks entropy
 * @leaf:	leaf number
 * @regs:	input registers; on return the module's output registers
 *
 * TDX_RND_NO_ENTROPY is retried up to TDX_RND_RETRIES times with the same
 * inputs.  Once the kernel shut the module down, no SEAMCALL reaches it any
 * more and this returns TDX_SEAMCALL_FENCED_STATUS.
 *
 * Return: the completion status (see tdx_status_decode()).
 */
u64 tdx_seamcall(u64 leaf, struct tdx_seamcall_regs *regs)
{
	const struct tdx_seamcall_regs in = *regs;
	unsigned int tries = TDX_RND_RETRIES;
	u64 status;

	if (READ_ONCE(tdx_fenced))
		return TDX_SEAMCALL_FENCED_STATUS;

	preempt_disable();
	for (;;) {
		status = tdx_seam_seamcall(leaf, regs);
		if (!tdx_seamcall_retryable(leaf, status) || !--tries)
			break;
		*regs = in;
	}
	preempt_enable();

	return status;
}

/* How the detail bits 31:0 of a status are to be read. */
enum tdx_detail {
	TDX_DETAIL_NONE,	/* print nothing (unless non-zero) */
	TDX_DETAIL_OPERAND,	/* operand ID */
	TDX_DETAIL_TDMR,	/* TDMR index */
	TDX_DETAIL_RSVD,	/* TDMR index, reserved area index << 8 */
	TDX_DETAIL_PAMT,	/* TDMR index, PAMT level << 8 */
	TDX_DETAIL_PAMT_OVERLAP,/* TDMR index, level << 8, other TDMR << 16 */
	TDX_DETAIL_MSR,		/* MSR index */
};

struct tdx_status_desc {
	u64 code;		/* bits 63:32 */
	const char *name;
	enum tdx_detail detail;
};

/* Codes only the decoder needs (platform checks of TDH.SYS.INIT/LP.INIT). */
#define TDX_INCORRECT_CPUID_VALUE	0xC000090000000000ULL
#define TDX_LIMIT_CPUID_MAXVAL_SET	0xC000090100000000ULL
#define TDX_INCONSISTENT_CPUID_FIELD	0xC000090200000000ULL
#define TDX_INCONSISTENT_MSR		0xC000092000000000ULL
#define TDX_INCORRECT_MSR_VALUE		0xC000092100000000ULL

#define TDX_STATUS(code, detail)	{ code, #code, TDX_DETAIL_##detail }

static const struct tdx_status_desc tdx_status_descs[] = {
	TDX_STATUS(TDX_SUCCESS, NONE),
	TDX_STATUS(TDX_INTERRUPTED_RESUMABLE, NONE),
	TDX_STATUS(TDX_OPERAND_INVALID, OPERAND),
	TDX_STATUS(TDX_OPERAND_ADDR_RANGE_ERROR, OPERAND),
	TDX_STATUS(TDX_OPERAND_BUSY, OPERAND),
	TDX_STATUS(TDX_SYS_BUSY, NONE),
	TDX_STATUS(TDX_RND_NO_ENTROPY, NONE),
	TDX_STATUS(TDX_SYS_INIT_NOT_PENDING, NONE),
	TDX_STATUS(TDX_SYS_LP_INIT_NOT_DONE, NONE),
	TDX_STATUS(TDX_SYS_LP_INIT_DONE, NONE),
	TDX_STATUS(TDX_SYS_NOT_READY, NONE),
	TDX_STATUS(TDX_SYS_SHUTDOWN, NONE),
	TDX_STATUS(TDX_SYS_KEY_CONFIG_NOT_PENDING, NONE),
	TDX_STATUS(TDX_SYS_STATE_INCORRECT, NONE),
	TDX_STATUS(TDX_SYS_LP_INIT_NOT_PENDING, NONE),
	TDX_STATUS(TDX_SYS_CONFIG_NOT_PENDING, NONE),
	TDX_STATUS(TDX_INCOMPATIBLE_SEAM_CAPABILITIES, NONE),
	TDX_STATUS(TDX_KEY_GENERATION_FAILED, NONE),
	TDX_STATUS(TDX_KEY_CONFIGURED, NONE),
	TDX_STATUS(TDX_NUM_ACTIVATED_HKIDS_NOT_SUPPORTED, NONE),
	TDX_STATUS(TDX_INCORRECT_CPUID_VALUE, NONE),
	TDX_STATUS(TDX_LIMIT_CPUID_MAXVAL_SET, NONE),
	TDX_STATUS(TDX_INCONSISTENT_CPUID_FIELD, NONE),
	TDX_STATUS(TDX_INCONSISTENT_MSR, MSR),
	TDX_STATUS(TDX_INCORRECT_MSR_VALUE, MSR),
	TDX_STATUS(TDX_INVALID_TDMR, TDMR),
	TDX_STATUS(TDX_NON_ORDERED_TDMR, TDMR),
	TDX_STATUS(TDX_TDMR_OUTSIDE_CMRS, TDMR),
	TDX_STATUS(TDX_TDMR_ALREADY_INITIALIZED, NONE),
	TDX_STATUS(TDX_INVALID_PAMT, PAMT),
	TDX_STATUS(TDX_PAMT_OUTSIDE_CMRS, PAMT),
	TDX_STATUS(TDX_PAMT_OVERLAP, PAMT_OVERLAP),
	TDX_STATUS(TDX_INVALID_RESERVED_IN_TDMR, RSVD),
	TDX_STATUS(TDX_NON_ORDERED_RESERVED_IN_TDMR, RSVD),
	TDX_STATUS(TDX_CMR_LIST_INVALID, NONE),
	TDX_STATUS(TDX_METADATA_FIELD_ID_INCORRECT, NONE),
	TDX_STATUS(TDX_METADATA_FIRST_FIELD_ID_IN_CONTEXT, NONE),
};

/* Software statuses: exact values, detail bits included. */
static const struct tdx_status_desc tdx_sw_status_descs[] = {
	{ TDX_SEAMCALL_VMFAILINVALID,
	  "TDX_SEAMCALL_VMFAILINVALID (no TDX module loaded)" },
	{ TDX_SEAMCALL_GP, "TDX_SEAMCALL_GP (#GP: TDX not enabled by BIOS)" },
	{ TDX_SEAMCALL_UD, "TDX_SEAMCALL_UD (#UD: CPU not in VMX operation)" },
	{ TDX_SEAMCALL_FENCED_STATUS,
	  "TDX_SEAMCALL_FENCED (the kernel shut the module down)" },
};

static const char * const tdx_operand_names[] = {
	[TDX_OPND_RAX] = "RAX", [TDX_OPND_RCX] = "RCX", [TDX_OPND_RDX] = "RDX",
	[3] = "RBX", [5] = "RBP", [6] = "RSI", [7] = "RDI",
	[TDX_OPND_R8] = "R8", [TDX_OPND_R9] = "R9", [10] = "R10", [11] = "R11",
	[12] = "R12", [13] = "R13", [14] = "R14", [15] = "R15",
};

static const char * const tdx_pamt_level_names[TDX_PS_NR] = {
	[TDX_PS_4K] = "4K", [TDX_PS_2M] = "2M", [TDX_PS_1G] = "1G",
};

static const struct tdx_status_desc *tdx_status_lookup(u64 status)
{
	unsigned int i;

	if ((status & TDX_SW_ERROR) == TDX_SW_ERROR) {
		for (i = 0; i < ARRAY_SIZE(tdx_sw_status_descs); i++)
			if (tdx_sw_status_descs[i].code == status)
				return &tdx_sw_status_descs[i];
		return NULL;
	}
	for (i = 0; i < ARRAY_SIZE(tdx_status_descs); i++)
		if (tdx_status_descs[i].code == (status & TDX_STATUS_MASK))
			return &tdx_status_descs[i];
	return NULL;
}

/**
 * tdx_status_name() - the name of a completion status, without details
 * @status:	completion status (RAX) of a SEAMCALL, or a software status
 *
 * Return: "TDX_..." or "unknown TDX status" for a code not in the table.
 */
const char *tdx_status_name(u64 status)
{
	const struct tdx_status_desc *desc = tdx_status_lookup(status);

	return desc ? desc->name : "unknown TDX status";
}

static const char *tdx_operand_name(u32 id)
{
	if (id < ARRAY_SIZE(tdx_operand_names) && tdx_operand_names[id])
		return tdx_operand_names[id];
	if (id == TDX_OPND_KET)
		return "KET";
	return NULL;
}

static const char *tdx_pamt_level_name(u32 level)
{
	return level < TDX_PS_NR ? tdx_pamt_level_names[level] : "?";
}

/**
 * tdx_status_decode() - decode a completion status into one readable string
 * @status:	completion status (RAX) of a SEAMCALL, or a software status
 * @buf:	where the string goes
 *
 * Return: @buf->s, e.g. "TDX_PAMT_OVERLAP (TDMR 2, 4K PAMT, other TDMR 1)
 * [0xc0000a1200010002]".
 */
const char *tdx_status_decode(u64 status, struct tdx_status_str *buf)
{
	const struct tdx_status_desc *desc = tdx_status_lookup(status);
	u32 detail = status & TDX_STATUS_DETAIL_MASK;
	enum tdx_detail kind = TDX_DETAIL_NONE;
	const char *name = "unknown TDX status";
	char details[48] = "";
	const char *opnd;

	if (desc) {
		name = desc->name;
		kind = desc->detail;
	}
	if ((status & TDX_SW_ERROR) == TDX_SW_ERROR)
		detail = 0;

	switch (kind) {
	case TDX_DETAIL_OPERAND:
		opnd = tdx_operand_name(detail);
		if (opnd)
			snprintf(details, sizeof(details), " (operand %s)", opnd);
		else
			snprintf(details, sizeof(details), " (operand %u)", detail);
		break;
	case TDX_DETAIL_TDMR:
		snprintf(details, sizeof(details), " (TDMR %u)", detail & 0xff);
		break;
	case TDX_DETAIL_RSVD:
		snprintf(details, sizeof(details), " (TDMR %u, reserved area %u)",
			 detail & 0xff, (detail >> 8) & 0xff);
		break;
	case TDX_DETAIL_PAMT:
		snprintf(details, sizeof(details), " (TDMR %u, %s PAMT)",
			 detail & 0xff, tdx_pamt_level_name((detail >> 8) & 0xff));
		break;
	case TDX_DETAIL_PAMT_OVERLAP:
		snprintf(details, sizeof(details), " (TDMR %u, %s PAMT, other TDMR %u)",
			 detail & 0xff, tdx_pamt_level_name((detail >> 8) & 0xff),
			 (detail >> 16) & 0xff);
		break;
	case TDX_DETAIL_MSR:
		snprintf(details, sizeof(details), " (MSR 0x%x)", detail);
		break;
	case TDX_DETAIL_NONE:
		if (detail)
			snprintf(details, sizeof(details), " (detail 0x%x)", detail);
		break;
	}

	snprintf(buf->s, sizeof(buf->s), "%s%s [0x%016llx]", name, details, status);
	return buf->s;
}

/**
 * tdx_leaf_name() - the name of a SEAMCALL leaf the TDX core uses
 * @leaf:	leaf number (RAX)
 *
 * Return: "TDH.SYS...." or "SEAMCALL" for a leaf the core does not use.
 */
const char *tdx_leaf_name(u64 leaf)
{
	switch (leaf) {
	case TDH_SYS_KEY_CONFIG:	return "TDH.SYS.KEY.CONFIG";
	case TDH_SYS_INFO:		return "TDH.SYS.INFO";
	case TDH_SYS_INIT:		return "TDH.SYS.INIT";
	case TDH_SYS_RD:		return "TDH.SYS.RD";
	case TDH_SYS_LP_INIT:		return "TDH.SYS.LP.INIT";
	case TDH_SYS_TDMR_INIT:		return "TDH.SYS.TDMR.INIT";
	case TDH_SYS_RDALL:		return "TDH.SYS.RDALL";
	case TDH_SYS_LP_SHUTDOWN:	return "TDH.SYS.LP.SHUTDOWN";
	case TDH_SYS_CONFIG:		return "TDH.SYS.CONFIG";
	case TDH_SYS_SHUTDOWN:		return "TDH.SYS.SHUTDOWN";
	default:			return "SEAMCALL";
	}
}

/**
 * tdx_status_errno() - the errno a failed SEAMCALL turns into
 * @status:	completion status (RAX) of a SEAMCALL, or a software status
 *
 * Return: 0 for TDX_SUCCESS; -ENODEV when no module is loaded; -EOPNOTSUPP
 * for #GP (SEAMRR not enabled); -EINVAL for #UD (the caller did not put the
 * CPU in VMX operation); -ESHUTDOWN when the kernel fenced the module off;
 * -EBUSY for contention; -EAGAIN for exhausted entropy; -EIO for every
 * other module error, including informational codes with bit 63 clear that
 * the initialization sequence never expects.
 */
int tdx_status_errno(u64 status)
{
	switch (status) {
	case TDX_SUCCESS:
		return 0;
	case TDX_SEAMCALL_VMFAILINVALID:
		return -ENODEV;
	case TDX_SEAMCALL_GP:
		return -EOPNOTSUPP;
	case TDX_SEAMCALL_UD:
		return -EINVAL;
	case TDX_SEAMCALL_FENCED_STATUS:
		return -ESHUTDOWN;
	}

	switch (status & TDX_STATUS_MASK) {
	case TDX_SYS_BUSY:
	case TDX_OPERAND_BUSY:
		return -EBUSY;
	case TDX_RND_NO_ENTROPY:
	case TDX_KEY_GENERATION_FAILED:
		return -EAGAIN;
	default:
		return -EIO;
	}
}
