// SPDX-License-Identifier: GPL-2.0
/*
 * Intel TDX host support: the state of the TDX core.
 *
 * This file owns the state the files of the core share (internal.h): the
 * KeyIDs, the module's status and, when an initialization fails, its step,
 * SEAMCALL status and reason (tdx_record_err()); the names sysfs gives
 * them; and the queries on them: tdx_module_status(), platform_tdx_enabled()
 * and tdx_module_initializing().
 */
#include <linux/cache.h>
#include <linux/cpumask.h>
#include <linux/errno.h>
#include <linux/export.h>
#include <linux/kernel.h>
#include <linux/mutex.h>
#include <linux/spinlock.h>
#include <asm/tdx.h>
#include "internal.h"

u32 tdx_keyid_start __ro_after_init;
u32 tdx_nr_keyids __ro_after_init;

/* Serializes tdx_enable() and protects the state below (internal.h). */
DEFINE_MUTEX(tdx_module_lock);
enum tdx_module_status tdx_status = TDX_MODULE_UNAVAILABLE;
int tdx_err = -ENODEV;
char tdx_reason[TDX_REASON_LEN];
enum tdx_fail_step tdx_step;
enum tdx_fail_step tdx_fail_step;
u64 tdx_fail_status;
struct tdx_module_info tdx_info;
bool tdx_info_valid;
bool tdx_fenced;
bool tdx_initializing;
bool tdx_private_lines;
struct cpumask tdx_lp_done;
int tdx_cpuhp_state;

/* @names[@i], or "unknown" where it has none. */
static const char *tdx_name(const char * const *names, size_t nr,
			    unsigned int i)
{
	if (i < nr && names[i])
		return names[i];
	return "unknown";
}

static const char * const tdx_status_names[] = {
	[TDX_MODULE_UNINITIALIZED]	= "uninitialized",
	[TDX_MODULE_INITIALIZED]	= "initialized",
	[TDX_MODULE_UNAVAILABLE]	= "unavailable",
	[TDX_MODULE_NO_MODULE]		= "no-module",
	[TDX_MODULE_FAILED]		= "failed",
	[TDX_MODULE_SHUTDOWN]		= "shut-down",
	[TDX_MODULE_FENCED]		= "fenced",
};

/**
 * tdx_module_status_name() - short name of a module status, for sysfs
 * @status:	the status
 *
 * Return: "initialized", "shut-down", ...
 */
const char *tdx_module_status_name(enum tdx_module_status status)
{
	return tdx_name(tdx_status_names, ARRAY_SIZE(tdx_status_names), status);
}

static const char * const tdx_step_names[TDX_NR_STEPS] = {
	[TDX_STEP_NONE]		= "",
	[TDX_STEP_BIOS]		= "bios",
	[TDX_STEP_KEYIDS]	= "keyids",
	[TDX_STEP_HOST_OFF]	= "tdx_host-off",
	[TDX_STEP_NOTIFIERS]	= "notifiers",
	[TDX_STEP_SLEEP]	= "system-sleep",
	[TDX_STEP_SYS_INIT]	= "sys-init",
	[TDX_STEP_LP_INIT]	= "lp-init",
	[TDX_STEP_MODULE_INFO]	= "module-info",
	[TDX_STEP_MEMORY]	= "memory-list",
	[TDX_STEP_TDMR_PLAN]	= "tdmr-plan",
	[TDX_STEP_PAMT_ALLOC]	= "pamt-alloc",
	[TDX_STEP_SYS_CONFIG]	= "sys-config",
	[TDX_STEP_KEY_CONFIG]	= "key-config",
	[TDX_STEP_TDMR_INIT]	= "tdmr-init",
	[TDX_STEP_CPU_HOTPLUG]	= "cpu-hotplug",
};

/**
 * tdx_fail_step_name() - the token of a failure step, for sysfs
 * @step:	the step
 *
 * Return: one of the tokens in Documentation/ABI/testing/sysfs-devices-tdx_host,
 * "" for TDX_STEP_NONE.
 */
const char *tdx_fail_step_name(enum tdx_fail_step step)
{
	return tdx_name(tdx_step_names, ARRAY_SIZE(tdx_step_names), step);
}

/**
 * tdx_module_status() - where the TDX module stands
 *
 * Does not wait for a tdx_enable() in progress.
 *
 * Return: the status.
 */
enum tdx_module_status tdx_module_status(void)
{
	return READ_ONCE(tdx_status);
}
EXPORT_SYMBOL_GPL(tdx_module_status);

/**
 * platform_tdx_enabled() - whether the BIOS enabled TDX with enough KeyIDs
 *
 * Return: true if tdx_enable() may be tried at all.
 */
bool platform_tdx_enabled(void)
{
	return tdx_nr_keyids >= 2;
}
EXPORT_SYMBOL_GPL(platform_tdx_enabled);

/* TDMRs are initialized in parallel: their workers may fail at once. */
static DEFINE_SPINLOCK(tdx_reason_lock);

static __printf(2, 0) void tdx_vrecord_err(u64 status, const char *fmt,
					    va_list args)
{
	spin_lock(&tdx_reason_lock);
	if (!tdx_reason[0]) {
		vsnprintf(tdx_reason, sizeof(tdx_reason), fmt, args);
		tdx_fail_step = tdx_step;
		tdx_fail_status = status;
	}
	spin_unlock(&tdx_reason_lock);
}

/**
 * tdx_record_err() - remember why this initialization attempt failed
 * @fmt:	printf format of the reason, then its arguments
 *
 * Only the first reason is kept, with the step that was running (tdx_step):
 * it is the one dmesg and sysfs show.
 */
void tdx_record_err(const char *fmt, ...)
{
	va_list args;

	va_start(args, fmt);
	tdx_vrecord_err(0, fmt, args);
	va_end(args);
}

/**
 * tdx_record_seamcall_err() - tdx_record_err() for a failed SEAMCALL
 * @status:	its completion status, kept for sysfs
 * @fmt:	printf format of the reason, then its arguments
 */
void tdx_record_seamcall_err(u64 status, const char *fmt, ...)
{
	va_list args;

	va_start(args, fmt);
	tdx_vrecord_err(status, fmt, args);
	va_end(args);
}

/**
 * tdx_module_initializing() - whether tdx_enable() is initializing the module
 *
 * Lockless, for sysfs: it must answer while the initialization runs.
 *
 * Return: true while the first tdx_enable() runs.
 */
bool tdx_module_initializing(void)
{
	return READ_ONCE(tdx_initializing);
}
