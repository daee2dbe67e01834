// SPDX-License-Identifier: GPL-2.0
/*
 * Intel TDX host support: system sleep, reboot, kexec and kdump.
 *
 * Owns the PM notifier and the syscore resume hook (the TDX module does not
 * survive S3 or hibernation), the reboot notifier (reboot, halt and kexec
 * write back the caches once the module may have written private memory;
 * kexec on partial-write erratum CPUs also resets every PAMT line) and
 * tdx_crash_flush_cache(), which kdump calls on every CPU.
 */
#define pr_fmt(fmt) "virt/tdx: " fmt

#include <linux/errno.h>
#include <linux/kernel.h>
#include <linux/kexec.h>
#include <linux/limits.h>
#include <linux/mutex.h>
#include <linux/notifier.h>
#include <linux/printk.h>
#include <linux/reboot.h>
#include <linux/smp.h>
#include <linux/suspend.h>
#include <linux/syscore_ops.h>
#include <asm/special_insns.h>
#include <asm/tdx.h>
#include "internal.h"
#include "seamcall.h"

/**
 * tdx_pm_notify() - refuse system sleep once the module is initialized
 * @nb:		tdx_pm_nb
 * @action:	PM_SUSPEND_PREPARE, PM_HIBERNATION_PREPARE, ...
 * @unused:	unused
 *
 * The TDX module, its keys and its configuration do not survive S3 or
 * hibernation.  Once the module is initialized, refuse to go to sleep (s2idle
 * too: at this point the kernel cannot tell which sleep state follows).
 * Before, let the attempt go on: only a sleep that reaches the platform costs
 * TDX (tdx_syscore_resume()), an aborted attempt or s2idle does not.
 *
 * Return: NOTIFY_BAD to refuse, else NOTIFY_DONE.
 */
int tdx_pm_notify(struct notifier_block *nb, unsigned long action, void *unused)
{
	int ret = NOTIFY_DONE;

	if (action != PM_SUSPEND_PREPARE && action != PM_HIBERNATION_PREPARE)
		return NOTIFY_DONE;

	mutex_lock(&tdx_module_lock);
	if (tdx_status == TDX_MODULE_INITIALIZED) {
		pr_err("refusing system sleep: the initialized TDX module and its keys would be lost\n");
		ret = NOTIFY_BAD;
	}
	mutex_unlock(&tdx_module_lock);

	return ret;
}

/**
 * tdx_syscore_resume() - the platform slept: give up TDX for this boot
 *
 * Syscore resume runs only where the platform really went to S3 (or
 * hibernation made or restored its image), not after s2idle or an attempt
 * aborted earlier.  Whatever state the module is in after that cannot be
 * trusted, so TDX is unavailable until reboot if it was not initialized
 * (an initialized module refused the sleep in tdx_pm_notify()).
 *
 * Context: one CPU, interrupts disabled, tasks frozen: nothing holds
 * tdx_module_lock, hence the trylock.
 */
void tdx_syscore_resume(void)
{
	if (WARN_ON_ONCE(!mutex_trylock(&tdx_module_lock)))
		return;
	if (tdx_status == TDX_MODULE_UNINITIALIZED) {
		tdx_fail_step = TDX_STEP_SLEEP;
		snprintf(tdx_reason, sizeof(tdx_reason),
			 "the system slept (S3 or hibernation) before the TDX module was initialized");
		tdx_err = -ENODEV;
		WRITE_ONCE(tdx_fenced, true);
		WRITE_ONCE(tdx_status, TDX_MODULE_UNAVAILABLE);
		pr_warn("system sleep: TDX disabled until reboot, the TDX module does not survive S3 or hibernation\n");
	}
	mutex_unlock(&tdx_module_lock);
}

struct syscore_ops tdx_syscore_ops = {
	.resume = tdx_syscore_resume,
};

struct notifier_block tdx_pm_nb = {
	.notifier_call = tdx_pm_notify,
};

/**
 * tdx_reboot_prepare() - leave no private line to the next kernel
 * @kexec:	the next kernel is kexec'd (it reuses this kernel's memory)
 *
 * Reboot, halt and kexec: once the module may have written memory with its
 * private KeyID, write back and invalidate every CPU's caches so that no
 * dirty private line is written back over the next kernel's memory.
 *
 * With kexec on a CPU with the partial-write machine check erratum, the next
 * kernel also gets the PAMT pages as ordinary memory, and any partial write
 * it makes to a line the module wrote poisons it (a machine check on the
 * next read).  The PAMT is the only memory the module writes with a private
 * KeyID in this series (no TD has private pages), so rather than refusing
 * kexec, every PAMT line gets a full-line write (MOVDIR64B) after the flush.
 * The module is fenced first: its PAMT is gone, no SEAMCALL may reach it.
 */
void tdx_reboot_prepare(bool kexec)
{
	u64 bytes;

	if (!READ_ONCE(tdx_private_lines))
		return;
	mutex_lock(&tdx_module_lock);
	WRITE_ONCE(tdx_fenced, true);
	wbinvd_on_all_cpus();
	if (kexec && tdx_pamt && tdx_seam_pw_mce_erratum()) {
		bytes = tdx_reset_pamt(tdx_pamt);
		pr_info("kexec: reset %llu KB of PAMT with MOVDIR64B (partial-write machine check erratum)\n",
			bytes >> 10);
	}
	mutex_unlock(&tdx_module_lock);
}

/*
 * Runs after KVM's reboot notifier (lowest priority), so no TD runs any
 * more; other CPUs are still online and take the WBINVD IPI.
 * kernel_restart_prepare() runs this chain for kexec too.
 */
static int tdx_reboot_notify(struct notifier_block *nb, unsigned long code,
			     void *unused)
{
	tdx_reboot_prepare(kexec_in_progress);
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
