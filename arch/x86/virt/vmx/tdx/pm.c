// SPDX-License-Identifier: GPL-2.0
/*
 * Intel TDX host support: system sleep, reboot, kexec and kdump.
 *
 * Owns the PM notifier (the TDX module does not survive S3 or hibernation),
 * the reboot notifier (reboot, halt and kexec write back the caches once the
 * module may have written private memory) and tdx_crash_flush_cache(), which
 * kdump calls on every CPU.
 */
#define pr_fmt(fmt) "virt/tdx: " fmt

#include <linux/errno.h>
#include <linux/kernel.h>
#include <linux/limits.h>
#include <linux/mutex.h>
#include <linux/notifier.h>
#include <linux/printk.h>
#include <linux/reboot.h>
#include <linux/smp.h>
#include <linux/suspend.h>
#include <asm/special_insns.h>
#include <asm/tdx.h>
#include "internal.h"

/**
 * tdx_pm_notify() - refuse system sleep, or give up TDX for this boot
 * @nb:		tdx_pm_nb
 * @action:	PM_SUSPEND_PREPARE, PM_HIBERNATION_PREPARE, ...
 * @unused:	unused
 *
 * The TDX module, its keys and its configuration do not survive S3 or
 * hibernation.  Once the module is initialized, refuse to go to sleep.  If
 * the system sleeps before, TDX is unavailable for the rest of this boot:
 * whatever the module state is after resume cannot be trusted.
 *
 * Return: NOTIFY_BAD to refuse, else NOTIFY_DONE.
 */
int tdx_pm_notify(struct notifier_block *nb, unsigned long action, void *unused)
{
	int ret = NOTIFY_DONE;

	if (action != PM_SUSPEND_PREPARE && action != PM_HIBERNATION_PREPARE)
		return NOTIFY_DONE;

	mutex_lock(&tdx_module_lock);
	switch (tdx_status) {
	case TDX_MODULE_INITIALIZED:
		pr_err("refusing system sleep: the initialized TDX module and its keys would be lost\n");
		ret = NOTIFY_BAD;
		break;
	case TDX_MODULE_UNINITIALIZED:
		tdx_fail_step = TDX_STEP_SLEEP;
		snprintf(tdx_reason, sizeof(tdx_reason),
			 "the system went to sleep before the TDX module was initialized");
		tdx_err = -ENODEV;
		WRITE_ONCE(tdx_fenced, true);
		WRITE_ONCE(tdx_status, TDX_MODULE_UNAVAILABLE);
		pr_warn("system sleep: TDX disabled until reboot, the TDX module does not survive S3 or hibernation\n");
		break;
	default:
		break;
	}
	mutex_unlock(&tdx_module_lock);

	return ret;
}

struct notifier_block tdx_pm_nb = {
	.notifier_call = tdx_pm_notify,
};

/*
 * Reboot, halt and kexec (kernel_restart_prepare() runs the reboot notifier
 * chain for kexec too): the next kernel must not find dirty cache lines of
 * private memory that would be written back over its own data.  Runs after
 * KVM's reboot notifier (lowest priority), so no TD runs any more; other
 * CPUs are still online and take the WBINVD IPI.
 */
static int tdx_reboot_notify(struct notifier_block *nb, unsigned long code,
			     void *unused)
{
	if (READ_ONCE(tdx_private_lines))
		wbinvd_on_all_cpus();
	return NOTIFY_DONE;
}

struct notifier_block tdx_reboot_nb = {
	.notifier_call = tdx_reboot_notify,
	.priority = INT_MIN,
};

/**
 * tdx_crash_flush_cache() - write back this CPU's caches before kdump
 *
 * kdump runs no reboot notifier: the crashing CPU calls this once the other
 * CPUs are stopped, and each stopped CPU calls it from its NMI handler
 * (arch/x86/kernel/crash.c).  Like the reboot
 * notifier, it writes back and invalidates the caches if the TDX module may
 * have written memory with its private KeyID, so that the crash kernel does
 * not get dirty private lines written back over its memory later.
 *
 * Context: any, including NMI; interrupts disabled.
 */
void tdx_crash_flush_cache(void)
{
	if (READ_ONCE(tdx_private_lines))
		native_wbinvd();
}
