/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Intel TDX host support: kernel-defined structures of the TDX core, the
 * SEAMCALL leaf wrappers and the completion status decoder.
 *
 * Hardware-defined structures and constants live in tdx_abi.h.
 */
#ifndef _X86_VIRT_TDX_H
#define _X86_VIRT_TDX_H

#include <linux/types.h>
#include <linux/numa.h>
#include <asm/tdx.h>
#include "tdx_abi.h"
#include "tdmr_plan.h"
#include "seamcall.h"

/*
 * Software completion status of a SEAMCALL that the kernel refused to make:
 * the module was shut down (or initialization failed) and every later
 * SEAMCALL fails fast without reaching it.
 */
#define TDX_SEAMCALL_FENCED_STATUS	(TDX_SW_ERROR | 0xFFFE0000ULL)

/* How often a SEAMCALL is retried while it returns TDX_RND_NO_ENTROPY. */
#define TDX_RND_RETRIES			10
/*
 * How often TDH.SYS.KEY.CONFIG is tried when it fails with
 * TDX_KEY_GENERATION_FAILED or TDX_OPERAND_BUSY (KET), and the pause
 * between tries.
 */
#define TDX_KEYGEN_RETRIES		8
#define TDX_KEYGEN_BACKOFF_US		100

/* Length of the remembered failure reason (one dmesg line). */
#define TDX_REASON_LEN			256

/**
 * struct tdx_module_info - what the module reports about itself
 * @attributes:		module attributes (bit 31: debug module)
 * @vendor_id:		0x8086
 * @build_date:		build date, decimal YYYYMMDD
 * @build_num:		build number
 * @major:		major version
 * @minor:		minor version
 * @update:		update version (TDH.SYS.RD only, else 0)
 * @sys_rd:		the module provides TDH.SYS.RD (TDX 1.5)
 * @handoff_version:	handoff version for TDH.SYS.SHUTDOWN (TDH.SYS.RD only)
 * @limits:		TDMR limits and PAMT entry sizes, as the planner takes them
 * @nr_cmrs:		number of non-null entries in @cmrs
 * @cmrs:		the Convertible Memory Ranges, sorted, without null entries
 */
struct tdx_module_info {
	u32 attributes;
	u32 vendor_id;
	u32 build_date;
	u16 build_num;
	u16 major;
	u16 minor;
	u16 update;
	bool sys_rd;
	u16 handoff_version;
	struct tdmr_plan_limits limits;
	unsigned int nr_cmrs;
	struct tdx_cmr_info cmrs[TDX_MAX_CMRS];
};

/**
 * enum tdx_fail_step - where TDX became unavailable or its initialization failed
 * @TDX_STEP_NONE:		no failure
 * @TDX_STEP_BIOS:		the BIOS did not enable TDX (no TDX KeyIDs)
 * @TDX_STEP_KEYIDS:		too few TDX private KeyIDs
 * @TDX_STEP_HOST_OFF:		disabled with tdx_host=off
 * @TDX_STEP_NOTIFIERS:		the kernel could not register its notifiers
 * @TDX_STEP_SLEEP:		the system slept before the module was initialized
 * @TDX_STEP_SYS_INIT:		TDH.SYS.INIT (also: no TDX module loaded)
 * @TDX_STEP_LP_INIT:		TDH.SYS.LP.INIT on every CPU
 * @TDX_STEP_MODULE_INFO:	reading the module's information and CMRs
 * @TDX_STEP_MEMORY:		building the list of memory TDX covers
 * @TDX_STEP_TDMR_PLAN:		choosing the TDMRs and their reserved areas
 * @TDX_STEP_PAMT_ALLOC:	allocating the PAMT
 * @TDX_STEP_SYS_CONFIG:	TDH.SYS.CONFIG
 * @TDX_STEP_KEY_CONFIG:	TDH.SYS.KEY.CONFIG on every package
 * @TDX_STEP_TDMR_INIT:		TDH.SYS.TDMR.INIT of every TDMR
 * @TDX_STEP_CPU_HOTPLUG:	registering the CPU-hotplug callback
 * @TDX_NR_STEPS:		number of the above
 *
 * Shown as one token each in /sys/devices/tdx_host/failure_step, see
 * tdx_fail_step_name().
 */
enum tdx_fail_step {
	TDX_STEP_NONE,
	TDX_STEP_BIOS,
	TDX_STEP_KEYIDS,
	TDX_STEP_HOST_OFF,
	TDX_STEP_NOTIFIERS,
	TDX_STEP_SLEEP,
	TDX_STEP_SYS_INIT,
	TDX_STEP_LP_INIT,
	TDX_STEP_MODULE_INFO,
	TDX_STEP_MEMORY,
	TDX_STEP_TDMR_PLAN,
	TDX_STEP_PAMT_ALLOC,
	TDX_STEP_SYS_CONFIG,
	TDX_STEP_KEY_CONFIG,
	TDX_STEP_TDMR_INIT,
	TDX_STEP_CPU_HOTPLUG,
	TDX_NR_STEPS
};

/**
 * struct tdx_state - read-only snapshot of the TDX core, for sysfs/debugfs
 * @status:		where the TDX module stands
 * @err:		errno that tdx_enable() returns in this state
 * @keyid_start:	first private KeyID (also the global KeyID)
 * @nr_keyids:		number of private KeyIDs
 * @global_keyid:	KeyID of the module's own metadata (PAMT)
 * @major:		module major version (valid once the module reported it)
 * @minor:		module minor version
 * @update:		module update version
 * @build_date:		module build date, YYYYMMDD
 * @build_num:		module build number
 * @attributes:		module attributes
 * @nr_tdmrs:		number of TDMRs handed to the module
 * @pamt_bytes:		PAMT memory held by the module, all nodes
 * @fail_step:		where the failure happened, TDX_STEP_NONE without one
 * @fail_status:	completion status of the failed SEAMCALL, 0 if none failed
 * @reason:		the decoded reason of a failure, "" otherwise
 */
struct tdx_state {
	enum tdx_module_status status;
	int err;
	u32 keyid_start;
	u32 nr_keyids;
	u32 global_keyid;
	u16 major;
	u16 minor;
	u16 update;
	u32 build_date;
	u16 build_num;
	u32 attributes;
	unsigned int nr_tdmrs;
	u64 pamt_bytes;
	enum tdx_fail_step fail_step;
	u64 fail_status;
	char reason[TDX_REASON_LEN];
};

void tdx_get_state(struct tdx_state *state);
bool tdx_has_keyid_msr(void);
u64 tdx_pamt_bytes_on_node(int nid);
bool tdx_module_initializing(void);
int tdx_parse_host_param(const char *val, bool *off);
int tdx_get_tdmr(unsigned int i, u64 *base, u64 *size);
const char *tdx_module_status_name(enum tdx_module_status status);
const char *tdx_fail_step_name(enum tdx_fail_step step);
struct dentry *tdx_debugfs_dir(void);

/* The completion status decoder (tdx_status.c). */
#define TDX_STATUS_STR_LEN		112

/**
 * struct tdx_status_str - buffer for one decoded completion status
 * @s:	"NAME (details) [0xraw]"
 */
struct tdx_status_str {
	char s[TDX_STATUS_STR_LEN];
};

const char *tdx_status_name(u64 status);
const char *tdx_status_decode(u64 status, struct tdx_status_str *buf);
const char *tdx_leaf_name(u64 leaf);
int tdx_status_errno(u64 status);

u64 tdx_seamcall(u64 leaf, struct tdx_seamcall_regs *regs);

/*
 * One wrapper per leaf, in the style of sgx/encls.h.  Each returns the
 * completion status: 0, a module error code (bit 63 set, or an
 * informational code with bit 63 clear) or a software code of class 0xFF
 * (no module, #GP, #UD, fenced).
 */

/* Initialize the module, platform scope.  Once, on any CPU. */
static inline u64 tdh_sys_init(void)
{
	struct tdx_seamcall_regs regs = {};

	return tdx_seamcall(TDH_SYS_INIT, &regs);
}

/* Initialize the module on the calling CPU.  Once per CPU. */
static inline u64 tdh_sys_lp_init(void)
{
	struct tdx_seamcall_regs regs = {};

	return tdx_seamcall(TDH_SYS_LP_INIT, &regs);
}

/* Write TDSYSINFO_STRUCT and the CMR_INFO array at the given addresses. */
static inline u64 tdh_sys_info(u64 sysinfo_pa, u64 cmrs_pa)
{
	struct tdx_seamcall_regs regs = {
		.rcx = sysinfo_pa, .rdx = TDX_SYSINFO_STRUCT_SIZE,
		.r8 = cmrs_pa, .r9 = TDX_MAX_CMRS,
	};

	return tdx_seamcall(TDH_SYS_INFO, &regs);
}

/* Read one global metadata field (TDX 1.5). */
static inline u64 tdh_sys_rd(u64 field_id, u64 *value)
{
	struct tdx_seamcall_regs regs = { .rdx = field_id };
	u64 status = tdx_seamcall(TDH_SYS_RD, &regs);

	*value = regs.r8;
	return status;
}

/* Hand the TDMRs and the global KeyID to the module. */
static inline u64 tdh_sys_config(u64 tdmr_pa_array_pa, u64 nr_tdmrs,
				 u64 global_keyid)
{
	struct tdx_seamcall_regs regs = {
		.rcx = tdmr_pa_array_pa, .rdx = nr_tdmrs, .r8 = global_keyid,
	};

	return tdx_seamcall(TDH_SYS_CONFIG, &regs);
}

/* Program the global KeyID's key on the calling CPU's package. */
static inline u64 tdh_sys_key_config(void)
{
	struct tdx_seamcall_regs regs = {};

	return tdx_seamcall(TDH_SYS_KEY_CONFIG, &regs);
}

/* Initialize the next chunk of the TDMR at @base; *@next: where it stopped. */
static inline u64 tdh_sys_tdmr_init(u64 base, u64 *next)
{
	struct tdx_seamcall_regs regs = { .rcx = base };
	u64 status = tdx_seamcall(TDH_SYS_TDMR_INIT, &regs);

	*next = regs.rdx;
	return status;
}

/* Shut the module down on the calling CPU (a no-op in TDX 1.5). */
static inline u64 tdh_sys_lp_shutdown(void)
{
	struct tdx_seamcall_regs regs = {};

	return tdx_seamcall(TDH_SYS_LP_SHUTDOWN, &regs);
}

/* Shut the module down, platform scope (TDX 1.5). */
static inline u64 tdh_sys_shutdown(u64 handoff_version)
{
	struct tdx_seamcall_regs regs = { .rcx = handoff_version };

	return tdx_seamcall(TDH_SYS_SHUTDOWN, &regs);
}

#endif /* _X86_VIRT_TDX_H */
