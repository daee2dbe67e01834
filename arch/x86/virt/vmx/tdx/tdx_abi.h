/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Intel TDX module host ABI: leaf numbers, completion status codes and the
 * hardware-defined structures that the host hands to the module.
 *
 * Everything here is defined by the TDX module, not by the kernel.  The TDX
 * core, the TDMR planner (tdmr_plan.c) and the software model of the module
 * all include it, and so does the userspace build of the planner and of the
 * model's TDH.SYS.CONFIG validator: keep it free of kernel-only headers
 * beyond <linux/types.h>, <linux/bits.h> and <linux/build_bug.h>.
 */
#ifndef _X86_VIRT_TDX_ABI_H
#define _X86_VIRT_TDX_ABI_H

#include <linux/types.h>
#include <linux/bits.h>
#include <linux/build_bug.h>

/* SEAMCALL leaf numbers (RAX). */
#define TDH_SYS_KEY_CONFIG		31
#define TDH_SYS_INFO			32
#define TDH_SYS_INIT			33
#define TDH_SYS_RD			34
#define TDH_SYS_LP_INIT			35
#define TDH_SYS_TDMR_INIT		36
#define TDH_SYS_RDALL			37
#define TDH_SYS_LP_SHUTDOWN		44
#define TDH_SYS_CONFIG			45
#define TDH_SYS_SHUTDOWN		52

/* Completion status layout (RAX on return). */
#define TDX_STATUS_ERROR		BIT_ULL(63)
#define TDX_STATUS_NON_RECOVERABLE	BIT_ULL(62)
#define TDX_STATUS_CLASS_SHIFT		40
#define TDX_STATUS_MASK			GENMASK_ULL(63, 32)
#define TDX_STATUS_DETAIL_MASK		GENMASK_ULL(31, 0)

/* Operand IDs used in the detail bits of operand errors. */
#define TDX_OPND_RAX			0
#define TDX_OPND_RCX			1
#define TDX_OPND_RDX			2
#define TDX_OPND_R8			8
#define TDX_OPND_R9			9
#define TDX_OPND_KET			187

/* Completion status codes (bits 63:32; detail bits 31:0 are zero here). */
#define TDX_SUCCESS				0x0000000000000000ULL
#define TDX_INTERRUPTED_RESUMABLE		0x8000000300000000ULL
#define TDX_OPERAND_INVALID			0xC000010000000000ULL
#define TDX_OPERAND_ADDR_RANGE_ERROR		0xC000010100000000ULL
#define TDX_OPERAND_BUSY			0x8000020000000000ULL
#define TDX_SYS_BUSY				0x8000020200000000ULL
#define TDX_RND_NO_ENTROPY			0x8000020300000000ULL
#define TDX_SYS_INIT_NOT_PENDING		0xC000050000000000ULL
#define TDX_SYS_LP_INIT_NOT_DONE		0xC000050200000000ULL
#define TDX_SYS_LP_INIT_DONE			0xC000050300000000ULL
#define TDX_SYS_NOT_READY			0xC000050500000000ULL
#define TDX_SYS_SHUTDOWN			0xC000050600000000ULL
#define TDX_SYS_KEY_CONFIG_NOT_PENDING		0xC000050700000000ULL
#define TDX_SYS_STATE_INCORRECT			0xC000050800000000ULL
#define TDX_SYS_LP_INIT_NOT_PENDING		0xC000050B00000000ULL
#define TDX_SYS_CONFIG_NOT_PENDING		0xC000050C00000000ULL
#define TDX_INCOMPATIBLE_SEAM_CAPABILITIES	0xC000050D00000000ULL
#define TDX_KEY_GENERATION_FAILED		0x8000080000000000ULL
#define TDX_KEY_CONFIGURED			0x0000081500000000ULL
#define TDX_NUM_ACTIVATED_HKIDS_NOT_SUPPORTED	0xC000082500000000ULL
#define TDX_INVALID_TDMR			0xC0000A0000000000ULL
#define TDX_NON_ORDERED_TDMR			0xC0000A0100000000ULL
#define TDX_TDMR_OUTSIDE_CMRS			0xC0000A0200000000ULL
#define TDX_TDMR_ALREADY_INITIALIZED		0x00000A0300000000ULL
#define TDX_INVALID_PAMT			0xC0000A1000000000ULL
#define TDX_PAMT_OUTSIDE_CMRS			0xC0000A1100000000ULL
#define TDX_PAMT_OVERLAP			0xC0000A1200000000ULL
#define TDX_INVALID_RESERVED_IN_TDMR		0xC0000A2000000000ULL
#define TDX_NON_ORDERED_RESERVED_IN_TDMR	0xC0000A2100000000ULL
#define TDX_CMR_LIST_INVALID			0xC0000A2200000000ULL
#define TDX_METADATA_FIELD_ID_INCORRECT		0xC0000C0000000000ULL
#define TDX_METADATA_FIRST_FIELD_ID_IN_CONTEXT	0x00000C0B00000000ULL

/* PAMT levels, as used in PAMT error details (level << 8). */
enum tdx_pamt_level {
	TDX_PS_4K = 0,
	TDX_PS_2M = 1,
	TDX_PS_1G = 2,
	TDX_PS_NR = 3,
};

/* PAMT page types (TDMR.INIT writes PT_NDA or PT_RSVD into each entry). */
#define TDX_PT_NDA			0
#define TDX_PT_RSVD			1

#define TDX_PAMT_ENTRY_SIZE		16
#define TDX_TDMR_ALIGN			BIT_ULL(30)	/* 1 GiB */
#define TDX_PAGE_SIZE			4096ULL

/* CMR_INFO entry, as written by TDH.SYS.INFO. */
#define TDX_MAX_CMRS			32
#define TDX_CMR_INFO_ARRAY_ALIGN	512

struct tdx_cmr_info {
	u64 base;
	u64 size;
} __packed;
static_assert(sizeof(struct tdx_cmr_info) == 16);

/* TDSYSINFO_STRUCT, as written by TDH.SYS.INFO. */
#define TDX_SYSINFO_STRUCT_SIZE		1024
#define TDX_SYSINFO_STRUCT_ALIGN	1024

struct tdx_cpuid_config {
	u32 leaf;
	u32 sub_leaf;
	u32 eax;
	u32 ebx;
	u32 ecx;
	u32 edx;
} __packed;

struct tdx_sysinfo_struct {
	/* Module info */
	u32 attributes;
	u32 vendor_id;
	u32 build_date;
	u16 build_num;
	u16 minor_version;
	u16 major_version;
	u8  sys_rd;
	u8  reserved0[13];
	/* Memory info */
	u16 max_tdmrs;
	u16 max_reserved_per_tdmr;
	u16 pamt_entry_size;
	u8  reserved1[10];
	/* Control struct info */
	u16 tdcs_base_size;
	u8  reserved2[2];
	u16 tdvps_base_size;
	u8  tdvps_xfam_dependent_size;
	u8  reserved3[9];
	/* TD capabilities */
	u64 attributes_fixed0;
	u64 attributes_fixed1;
	u64 xfam_fixed0;
	u64 xfam_fixed1;
	u8  reserved4[32];
	u32 num_cpuid_config;
	struct tdx_cpuid_config cpuid_configs[];
} __packed;
static_assert(sizeof(struct tdx_sysinfo_struct) == 132);

#define TDX_SYSINFO_ATTR_DEBUG		BIT(31)
#define TDX_SYSINFO_MAX_CPUID_CONFIGS \
	((TDX_SYSINFO_STRUCT_SIZE - sizeof(struct tdx_sysinfo_struct)) / \
	 sizeof(struct tdx_cpuid_config))

/* TDMR_INFO, the per-TDMR input of TDH.SYS.CONFIG. */
#define TDX_MAX_RESERVED_AREAS		16
#define TDX_TDMR_INFO_ALIGN		512
#define TDX_TDMR_INFO_PA_ARRAY_ALIGN	512
#define TDX_MAX_TDMRS			64

struct tdx_tdmr_reserved_area {
	u64 offset;
	u64 size;
} __packed;

struct tdx_tdmr_info {
	u64 base;
	u64 size;
	u64 pamt_1g_base;
	u64 pamt_1g_size;
	u64 pamt_2m_base;
	u64 pamt_2m_size;
	u64 pamt_4k_base;
	u64 pamt_4k_size;
	struct tdx_tdmr_reserved_area reserved_areas[TDX_MAX_RESERVED_AREAS];
} __packed;
static_assert(sizeof(struct tdx_tdmr_info) == 320);

/* TDH.SYS.RD global metadata field IDs (TDX 1.5). */
#define TDX_MD_ELEMENT_SIZE_CODE(id)	(((id) >> 32) & 0x3)
#define TDX_MD_NUM_PKGS			0x0000000200000000ULL
#define TDX_MD_VENDOR_ID		0x0800000200000000ULL
#define TDX_MD_BUILD_DATE		0x8800000200000001ULL
#define TDX_MD_BUILD_NUM		0x8800000100000002ULL
#define TDX_MD_MINOR_VERSION		0x0800000100000003ULL
#define TDX_MD_MAJOR_VERSION		0x0800000100000004ULL
#define TDX_MD_UPDATE_VERSION		0x0800000100000005ULL
#define TDX_MD_INTERNAL_VERSION		0x0800000100000006ULL
#define TDX_MD_MODULE_HV		0x8900000100000000ULL
#define TDX_MD_MIN_UPDATE_HV		0x8900000100000001ULL
#define TDX_MD_NO_DOWNGRADE		0x8900000000000002ULL
#define TDX_MD_SYS_ATTRIBUTES		0x0A00000200000000ULL
#define TDX_MD_NUM_TDX_FEATURES		0x0A00000000000001ULL
#define TDX_MD_TDX_FEATURES0		0x0A00000300000008ULL
#define TDX_MD_NUM_CMRS			0x9000000100000000ULL
#define TDX_MD_CMR_BASE(i)		(0x9000000300000080ULL + (i))
#define TDX_MD_CMR_SIZE(i)		(0x9000000300000100ULL + (i))
#define TDX_MD_MAX_TDMRS		0x9100000100000008ULL
#define TDX_MD_MAX_RESERVED_PER_TDMR	0x9100000100000009ULL
#define TDX_MD_PAMT_4K_ENTRY_SIZE	0x9100000100000010ULL
#define TDX_MD_PAMT_2M_ENTRY_SIZE	0x9100000100000011ULL
#define TDX_MD_PAMT_1G_ENTRY_SIZE	0x9100000100000012ULL

/* IA32_MKTME_KEYID_PARTITIONING: bits 31:0 MKTME KeyIDs, 63:32 TDX KeyIDs. */
#define MSR_IA32_MKTME_KEYID_PARTITIONING	0x00000087

#endif /* _X86_VIRT_TDX_ABI_H */
