// SPDX-License-Identifier: GPL-2.0
/*
 * Intel TDX host support: boot-time detection, kernel parameters and what
 * the TDX core reports about itself.
 *
 * At boot the kernel only reads the KeyID partitioning the BIOS chose and
 * registers its memory-hotplug, PM and reboot notifiers.  The TDX module
 * itself is initialized by tdx_enable() (init.c), which KVM calls when the
 * first TD is created, so that machines which never run a TD pay nothing.
 * This file owns the detection (tdx_detect(), tdx_has_keyid_msr()), the
 * tdx_host= parameter and the reports on the core for sysfs and debugfs:
 * tdx_get_state(), tdx_get_tdmr().  The state itself is in state.c.
 */
#define pr_fmt(fmt) "virt/tdx: " fmt

#include <linux/cache.h>
#include <linux/debugfs.h>
#include <linux/errno.h>
#include <linux/export.h>
#include <linux/init.h>
#include <linux/kernel.h>
#include <linux/memory.h>
#include <linux/mutex.h>
#include <linux/printk.h>
#include <linux/reboot.h>
#include <linux/string.h>
#include <linux/suspend.h>
#include <asm/tdx.h>
#include "internal.h"
#include "seamcall.h"
#include "tdx_pamt_reserve.h"

/* MSR 0x87 was readable at boot: see tdx_has_keyid_msr(). */
static bool tdx_keyid_msr __ro_after_init;

/**
 * tdx_has_keyid_msr() - whether the CPU reports KeyID partitioning
 *
 * Return: true if MSR 0x87 was readable at boot (an Intel CPU with MKTME or
 * TDX), whether or not the BIOS gave TDX any KeyIDs.
 */
bool tdx_has_keyid_msr(void)
{
	return tdx_keyid_msr;
}

/**
 * tdx_get_state() - snapshot of the TDX core for sysfs and debugfs
 * @state:	filled in
 *
 * Waits for a tdx_enable() in progress.
 */
void tdx_get_state(struct tdx_state *state)
{
	memset(state, 0, sizeof(*state));
	mutex_lock(&tdx_module_lock);
	state->status = tdx_status;
	state->err = tdx_status == TDX_MODULE_INITIALIZED ? 0 : tdx_err;
	state->keyid_start = tdx_keyid_start;
	state->nr_keyids = tdx_nr_keyids;
	state->global_keyid = tdx_keyid_start;
	if (tdx_info_valid) {
		state->major = tdx_info.major;
		state->minor = tdx_info.minor;
		state->update = tdx_info.update;
		state->build_date = tdx_info.build_date;
		state->build_num = tdx_info.build_num;
		state->attributes = tdx_info.attributes;
	}
	state->nr_tdmrs = tdx_nr_tdmrs;
	state->pamt_bytes = (u64)tdx_pamt_pages << PAGE_SHIFT;
	state->fail_step = tdx_fail_step;
	state->fail_status = tdx_fail_status;
	strscpy(state->reason, tdx_reason, sizeof(state->reason));
	mutex_unlock(&tdx_module_lock);
}

/* tdx_host=off: leave TDX alone, as on a platform without it. */
static bool tdx_host_off __ro_after_init;

/**
 * tdx_parse_host_param() - parse the value of tdx_host=
 * @val:	the value ("on" or "off")
 * @off:	set to whether TDX host support is turned off
 *
 * Return: 0, or -EINVAL for any other value (@off untouched).
 */
int tdx_parse_host_param(const char *val, bool *off)
{
	if (val && !strcmp(val, "off")) {
		*off = true;
		return 0;
	}
	if (val && !strcmp(val, "on")) {
		*off = false;
		return 0;
	}
	return -EINVAL;
}

/* Documented in Documentation/admin-guide/kernel-parameters.txt. */
static int __init tdx_host_setup(char *val)
{
	if (tdx_parse_host_param(val, &tdx_host_off))
		pr_err("tdx_host=%s: unknown value, accepted values: on, off; TDX host support stays %s\n",
		       val ? val : "", tdx_host_off ? "off" : "on");
	/* Handled either way: the message above replaces the generic one. */
	return 0;
}
early_param("tdx_host", tdx_host_setup);

/**
 * tdx_get_tdmr() - one TDMR the initialized module covers
 * @i:		index
 * @base:	its base address
 * @size:	its size in bytes
 *
 * Return: 0, or -ENOENT when there is no TDMR @i (or no initialized module).
 */
int tdx_get_tdmr(unsigned int i, u64 *base, u64 *size)
{
	int ret = -ENOENT;

	mutex_lock(&tdx_module_lock);
	if (tdx_status == TDX_MODULE_INITIALIZED && i < tdx_nr_tdmrs) {
		*base = tdx_tdmrs[i].base;
		*size = tdx_tdmrs[i].size;
		ret = 0;
	}
	mutex_unlock(&tdx_module_lock);
	return ret;
}

#ifdef CONFIG_DEBUG_FS
/**
 * tdx_debugfs_dir() - /sys/kernel/debug/tdx/, created on first use
 *
 * Context: initcalls (not thread-safe).
 *
 * Return: the directory, or an ERR_PTR() when debugfs is not available.
 */
struct dentry *tdx_debugfs_dir(void)
{
	static struct dentry *dir;

	if (!dir)
		dir = debugfs_create_dir("tdx", NULL);
	return dir;
}

/* /sys/kernel/debug/tdx/pamt_reserve: the boot reservation per node. */
static int __init tdx_debugfs_init(void)
{
	tdx_pamt_reserve_debugfs(tdx_debugfs_dir());
	return 0;
}
late_initcall(tdx_debugfs_init);
#endif

/**
 * tdx_parse_keyids() - decode IA32_MKTME_KEYID_PARTITIONING
 * @rdmsr_err:	what reading the MSR returned
 * @msr:	the MSR's value, when it could be read
 * @start:	set to the first TDX private KeyID
 * @nr:		set to the number of TDX private KeyIDs
 *
 * Return: whether the KeyIDs make TDX usable, or why not.
 */
enum tdx_keyid_check tdx_parse_keyids(int rdmsr_err, u64 msr, u32 *start,
				      u32 *nr)
{
	if (rdmsr_err)
		return TDX_KEYIDS_NO_MSR;
	*nr = upper_32_bits(msr);
	*start = lower_32_bits(msr) + 1;
	if (!*nr)
		return TDX_KEYIDS_NONE;
	if (*nr < 2)
		return TDX_KEYIDS_TOO_FEW;
	return TDX_KEYIDS_OK;
}

static int __init tdx_detect(void)
{
	enum tdx_keyid_check keyids;
	u32 start = 0, nr = 0;
	u64 msr = 0;
	int err;

	err = tdx_seam_read_keyid_msr(&msr);
	keyids = tdx_parse_keyids(err, msr, &start, &nr);
	tdx_keyid_msr = keyids != TDX_KEYIDS_NO_MSR;
	switch (keyids) {
	case TDX_KEYIDS_NO_MSR:
		pr_info("not enabled by BIOS: no KeyID partitioning (MSR 0x87 not readable)\n");
		tdx_fail_step = TDX_STEP_BIOS;
		snprintf(tdx_reason, sizeof(tdx_reason), "TDX not enabled by BIOS");
		return 0;
	case TDX_KEYIDS_NONE:
		pr_info("not enabled by BIOS: 0 TDX private KeyIDs (%u MKTME KeyIDs)\n",
			start - 1);
		tdx_fail_step = TDX_STEP_BIOS;
		snprintf(tdx_reason, sizeof(tdx_reason), "TDX not enabled by BIOS");
		return 0;
	case TDX_KEYIDS_TOO_FEW:
		pr_info("too few TDX private KeyIDs: %u (KeyID %u), need at least 2 (one for the TDX module, one per TD); TDX disabled\n",
			nr, start);
		tdx_fail_step = TDX_STEP_KEYIDS;
		snprintf(tdx_reason, sizeof(tdx_reason),
			 "too few TDX private KeyIDs: %u", nr);
		return 0;
	case TDX_KEYIDS_OK:
		break;
	}

	if (tdx_host_off) {
		pr_info("disabled by tdx_host=off: private KeyID range [%u, %u) left unused\n",
			start, start + nr);
		tdx_fail_step = TDX_STEP_HOST_OFF;
		snprintf(tdx_reason, sizeof(tdx_reason), "disabled by tdx_host=off");
		return 0;
	}

	err = register_memory_notifier(&tdx_memory_nb);
	if (err)
		goto no_notifier;
	err = register_pm_notifier(&tdx_pm_nb);
	if (err)
		goto unregister_memory;
	err = register_reboot_notifier(&tdx_reboot_nb);
	if (err)
		goto unregister_pm;
	register_syscore_ops(&tdx_syscore_ops);

	tdx_keyid_start = start;
	tdx_nr_keyids = nr;
	tdx_err = 0;
	tdx_status = TDX_MODULE_UNINITIALIZED;
	pr_info("BIOS enabled: private KeyID range [%u, %u), global KeyID %u, %u KeyIDs for TDs\n",
		start, start + nr, start, nr - 1);
	return 0;

unregister_pm:
	unregister_pm_notifier(&tdx_pm_nb);
unregister_memory:
	unregister_memory_notifier(&tdx_memory_nb);
no_notifier:
	pr_err("cannot register the memory, PM and reboot notifiers (%d): TDX disabled\n",
	       err);
	tdx_fail_step = TDX_STEP_NOTIFIERS;
	snprintf(tdx_reason, sizeof(tdx_reason),
		 "cannot register notifiers: %d", err);
	return 0;
}

/* After the TDX module model (early_initcall), before KVM (module_init). */
subsys_initcall(tdx_detect);
