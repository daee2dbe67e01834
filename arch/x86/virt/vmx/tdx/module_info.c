// SPDX-License-Identifier: GPL-2.0
/*
 * Intel TDX host support: what the TDX module reports about itself.
 *
 * tdx_get_module_info() reads the module's version, attributes, TDMR limits,
 * PAMT entry sizes and Convertible Memory Ranges with TDH.SYS.INFO, and with
 * TDH.SYS.RD on modules that have it (TDX 1.5), and checks that the core
 * supports them.  One of the steps of tdx_enable() (init.c).
 */
#define pr_fmt(fmt) "virt/tdx: " fmt

#include <linux/errno.h>
#include <linux/kernel.h>
#include <linux/printk.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <asm/page.h>
#include "internal.h"

static_assert(TDX_SYSINFO_STRUCT_SIZE == TDX_SYSINFO_STRUCT_ALIGN);
static_assert(TDX_MAX_CMRS * sizeof(struct tdx_cmr_info) == TDX_CMR_INFO_ARRAY_ALIGN);

/* Read one global metadata field with TDH.SYS.RD. */
static int tdx_sys_rd(u64 field_id, u64 *value)
{
	struct tdx_status_str str;
	u64 status;

	status = tdh_sys_rd(field_id, value);
	if (!status)
		return 0;
	tdx_record_seamcall_err(status, "TDH.SYS.RD of field 0x%016llx failed: %s",
				field_id, tdx_status_decode(status, &str));
	return tdx_status_errno(status);
}

/* The fields tdx_read_metadata() reads, in this order. */
static const u64 tdx_md_fields[] = {
	TDX_MD_SYS_ATTRIBUTES, TDX_MD_VENDOR_ID, TDX_MD_BUILD_DATE,
	TDX_MD_BUILD_NUM, TDX_MD_MAJOR_VERSION, TDX_MD_MINOR_VERSION,
	TDX_MD_UPDATE_VERSION, TDX_MD_MAX_TDMRS, TDX_MD_MAX_RESERVED_PER_TDMR,
	TDX_MD_PAMT_4K_ENTRY_SIZE, TDX_MD_PAMT_2M_ENTRY_SIZE,
	TDX_MD_PAMT_1G_ENTRY_SIZE, TDX_MD_NUM_CMRS,
};

/* TDX 1.5: version, limits and CMRs through TDH.SYS.RD. */
static int tdx_read_metadata(struct tdx_module_info *info)
{
	u64 v[ARRAY_SIZE(tdx_md_fields)], val, base, size;
	unsigned int i, nr;
	int ret;

	for (i = 0; i < ARRAY_SIZE(tdx_md_fields); i++) {
		ret = tdx_sys_rd(tdx_md_fields[i], &v[i]);
		if (ret)
			return ret;
	}
	info->attributes = v[0];
	info->vendor_id = v[1];
	info->build_date = v[2];
	info->build_num = v[3];
	info->major = v[4];
	info->minor = v[5];
	info->update = v[6];
	info->limits.max_tdmrs = v[7];
	info->limits.max_reserved_per_tdmr = v[8];
	info->limits.pamt_entry_size[TDX_PS_4K] = v[9];
	info->limits.pamt_entry_size[TDX_PS_2M] = v[10];
	info->limits.pamt_entry_size[TDX_PS_1G] = v[11];
	nr = v[12];

	if (nr > TDX_MAX_CMRS) {
		tdx_record_err("module reports %u CMRs, at most %u are architectural",
			       nr, TDX_MAX_CMRS);
		return -EINVAL;
	}
	info->nr_cmrs = 0;
	for (i = 0; i < nr; i++) {
		ret = tdx_sys_rd(TDX_MD_CMR_BASE(i), &base);
		if (!ret)
			ret = tdx_sys_rd(TDX_MD_CMR_SIZE(i), &size);
		if (ret)
			return ret;
		if (!size)
			continue;
		info->cmrs[info->nr_cmrs].base = base;
		info->cmrs[info->nr_cmrs].size = size;
		info->nr_cmrs++;
	}

	/* Only needed for TDH.SYS.SHUTDOWN; not every module has it. */
	if (!tdh_sys_rd(TDX_MD_MODULE_HV, &val))
		info->handoff_version = val;
	return 0;
}

static int tdx_check_module_info(const struct tdx_module_info *info)
{
	const struct tdmr_plan_limits *l = &info->limits;

	if (!l->max_tdmrs || l->max_tdmrs > TDX_MAX_TDMRS ||
	    !l->max_reserved_per_tdmr ||
	    l->max_reserved_per_tdmr > TDX_MAX_RESERVED_AREAS ||
	    !l->pamt_entry_size[TDX_PS_4K] || !l->pamt_entry_size[TDX_PS_2M] ||
	    !l->pamt_entry_size[TDX_PS_1G]) {
		tdx_record_err("module limits not supported: %u TDMRs, %u reserved areas per TDMR, PAMT entries %u/%u/%u bytes",
			       l->max_tdmrs, l->max_reserved_per_tdmr,
			       l->pamt_entry_size[TDX_PS_4K], l->pamt_entry_size[TDX_PS_2M],
			       l->pamt_entry_size[TDX_PS_1G]);
		return -EINVAL;
	}
	if (!info->nr_cmrs) {
		tdx_record_err("module reports no Convertible Memory Ranges");
		return -EINVAL;
	}
	return 0;
}

/**
 * tdx_get_module_info() - read and check what the module reports
 * @info:	filled in
 *
 * TDH.SYS.INFO, and TDH.SYS.RD when the module says it has it (TDX 1.5).
 * Prints the module's version and attributes; sets tdx_info_valid.
 *
 * Return: 0, -ENOMEM, -EINVAL for limits the core does not support, or the
 * errno of the failing SEAMCALL (the reason is recorded).
 */
int tdx_get_module_info(struct tdx_module_info *info)
{
	struct tdx_sysinfo_struct *sysinfo;
	struct tdx_cmr_info *cmrs;
	struct tdx_status_str str;
	unsigned int i;
	u64 status;
	int ret;

	memset(info, 0, sizeof(*info));
	/* Power-of-two kmalloc() sizes are naturally aligned. */
	sysinfo = kzalloc(TDX_SYSINFO_STRUCT_SIZE, GFP_KERNEL);
	if (!sysinfo)
		return -ENOMEM;
	cmrs = kcalloc(TDX_MAX_CMRS, sizeof(*cmrs), GFP_KERNEL);
	if (!cmrs) {
		ret = -ENOMEM;
		goto free_sysinfo;
	}

	status = tdh_sys_info(__pa(sysinfo), __pa(cmrs));
	if (status) {
		tdx_record_seamcall_err(status, "TDH.SYS.INFO failed: %s",
					tdx_status_decode(status, &str));
		ret = tdx_status_errno(status);
		goto free_cmrs;
	}

	info->sys_rd = sysinfo->sys_rd;
	if (info->sys_rd) {
		ret = tdx_read_metadata(info);
		if (ret)
			goto free_cmrs;
	} else {
		info->attributes = sysinfo->attributes;
		info->vendor_id = sysinfo->vendor_id;
		info->build_date = sysinfo->build_date;
		info->build_num = sysinfo->build_num;
		info->major = sysinfo->major_version;
		info->minor = sysinfo->minor_version;
		info->limits.max_tdmrs = sysinfo->max_tdmrs;
		info->limits.max_reserved_per_tdmr = sysinfo->max_reserved_per_tdmr;
		for (i = 0; i < TDX_PS_NR; i++)
			info->limits.pamt_entry_size[i] = sysinfo->pamt_entry_size;
		for (i = 0; i < TDX_MAX_CMRS; i++) {
			if (!cmrs[i].size)
				continue;
			info->cmrs[info->nr_cmrs++] = cmrs[i];
		}
	}

	/* The planner avoids what only a 1.0 module rejects. */
	info->limits.gen_1_0 = info->major == 1 && info->minor == 0;
	ret = tdx_check_module_info(info);
	if (ret)
		goto free_cmrs;

	tdx_info_valid = true;
	pr_info("module %u.%u.%u build %u (%08u), attributes 0x%x%s, %u CMRs, up to %u TDMRs\n",
		info->major, info->minor, info->update, info->build_num,
		info->build_date, info->attributes,
		info->attributes & TDX_SYSINFO_ATTR_DEBUG ? " (debug module)" : "",
		info->nr_cmrs, info->limits.max_tdmrs);
free_cmrs:
	kfree(cmrs);
free_sysinfo:
	kfree(sysinfo);
	return ret;
}
