// SPDX-License-Identifier: GPL-2.0
/*
 * Intel TDX host support: platform detection and TDX module initialization.
 *
 * Skeleton: the TDX core (issue "tdx_enable()") fills this file.
 */
#define pr_fmt(fmt) "virt/tdx: " fmt

#include <linux/init.h>
#include <linux/errno.h>
#include <linux/printk.h>
#include <asm/tdx.h>
#include "seamcall.h"

#ifdef CONFIG_INTEL_TDX_MODULE_SIM
DEFINE_STATIC_CALL(tdx_seamcall_target, __tdx_seamcall);
EXPORT_STATIC_CALL_GPL(tdx_seamcall_target);
#endif

bool platform_tdx_enabled(void)
{
	return false;
}

int tdx_enable(void)
{
	return -ENODEV;
}
EXPORT_SYMBOL_GPL(tdx_enable);
