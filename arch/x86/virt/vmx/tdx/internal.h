/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Intel TDX host support: the state and the functions that the files of the
 * TDX core share with each other (and with their KUnit suite, tdx_test.c).
 * Not for anything outside arch/x86/virt/vmx/tdx/.
 *
 *   seam.c		the hardware accesses (seamcall.h)
 *   state.c		the core's state, failure records and their names
 *   tdx_status.c	tdx_seamcall() and the completion status decoder
 *   sys_init.c		TDH.SYS.INIT, TDH.SYS.LP.INIT, a leaf on every CPU
 *   module_info.c	what the module reports about itself (TDH.SYS.INFO/RD)
 *   memory.c		TDX memory, memory hotplug, PAMT allocation
 *   config.c		TDH.SYS.CONFIG, TDH.SYS.KEY.CONFIG
 *   tdmr_init.c	TDH.SYS.TDMR.INIT of every TDMR, in parallel
 *   init.c		tdx_enable(): the order of the steps, the shutdown on failure
 *   pm.c		system sleep, reboot, kexec and kdump
 *   tdx.c		boot detection, tdx_host=, reports for sysfs and debugfs
 */
#ifndef _X86_VIRT_TDX_INTERNAL_H
#define _X86_VIRT_TDX_INTERNAL_H

#include <linux/compiler_attributes.h>
#include <linux/cpumask.h>
#include <linux/mutex.h>
#include <linux/notifier.h>
#include <linux/smp.h>
#include <linux/syscore_ops.h>
#include <linux/types.h>
#include "tdx.h"

/* KeyID partitioning, read at boot (tdx.c; state.c holds the state). */
extern u32 tdx_keyid_start;
extern u32 tdx_nr_keyids;

/*
 * Everything below is protected by tdx_module_lock.  tdx_status is also read
 * locklessly by the reboot notifier, and by the memory-hotplug notifier,
 * which runs with mem_hotplug_lock held for write while tdx_enable() holds it
 * for read whenever it changes tdx_status or the TDX memory list.
 */
extern struct mutex tdx_module_lock;
extern enum tdx_module_status tdx_status;
extern int tdx_err;
extern char tdx_reason[TDX_REASON_LEN];
/* The step tdx_enable() runs; the step and SEAMCALL status of the failure. */
extern enum tdx_fail_step tdx_step;
extern enum tdx_fail_step tdx_fail_step;
extern u64 tdx_fail_status;
extern struct tdx_module_info tdx_info;
extern bool tdx_info_valid;

/* Set once the module is shut down: every later SEAMCALL fails fast. */
extern bool tdx_fenced;
/* tdx_enable() is initializing the module (read locklessly by sysfs). */
extern bool tdx_initializing;
/*
 * Set before the first TDH.SYS.TDMR.INIT, never cleared: from then on the
 * module may have written memory with its private KeyID, so caches may hold
 * dirty private lines that must not reach a kexec'd or kdump kernel.
 */
extern bool tdx_private_lines;
/* CPUs that did TDH.SYS.LP.INIT: their LP state survives offline/online. */
extern struct cpumask tdx_lp_done;
/* The CPU-hotplug state of tdx_cpu_online(), once initialized. */
extern int tdx_cpuhp_state;

__printf(1, 2) void tdx_record_err(const char *fmt, ...);
__printf(2, 3) void tdx_record_seamcall_err(u64 status, const char *fmt, ...);

/* sys_init.c: TDH.SYS.INIT, TDH.SYS.LP.INIT, a leaf on every CPU. */
int tdx_on_each_cpu(smp_call_func_t fn, int *failed_cpu,
		    u64 *failed_status, unsigned int *nr_failed);
void tdx_lp_shutdown_fn(void *unused);
int tdx_sys_init(void);
int tdx_lp_init_all(void);

/* config.c: TDH.SYS.CONFIG, TDH.SYS.KEY.CONFIG on every package. */
int tdx_sys_config(struct tdmr_plan *plan);
int tdx_key_config_all(void);

/* tdmr_init.c: TDH.SYS.TDMR.INIT of every TDMR, in parallel. */
int tdx_init_tdmrs(const struct tdmr_plan *plan);

/* module_info.c */
int tdx_get_module_info(struct tdx_module_info *info);

/* memory.c: what the initialized module holds. */
extern struct tdx_mem_range *tdx_mem;
extern unsigned int tdx_nr_mem;
extern struct tdmr_plan_tdmr *tdx_tdmrs;
extern unsigned int tdx_nr_tdmrs;
extern unsigned long tdx_pamt_pages;

/**
 * struct tdx_pamt_chunks - the physically contiguous chunks of the PAMT
 * @nr:		chunks in use
 * @capacity:	entries in @chunk
 * @chunk:	base, size and node of each chunk
 *
 * The 4K level of each TDMR is one chunk (4 MiB per GiB, the planner bounds
 * it), and the tiny 2M and 1G levels of all TDMRs of a node are one chunk,
 * which costs one reserved area where it lands instead of up to two per TDMR
 * (tdmr_plan_small_pamt_size()).
 */
struct tdx_pamt_chunks {
	unsigned int nr;
	unsigned int capacity;
	struct tdx_pamt_chunk {
		u64 base;
		u64 size;
		int nid;
	} chunk[];
};

/* The PAMT of the initialized module, with its chunk list (memory.c). */
extern struct tdx_pamt_chunks *tdx_pamt;

bool tdx_range_in_cmrs(u64 start, u64 end, const struct tdx_cmr_info *cmrs,
		       unsigned int nr);
int tdx_build_memlist(const struct tdx_module_info *info,
		      struct tdx_mem_range **memp, unsigned int *nrp);
int tdx_alloc_pamts(struct tdmr_plan *plan,
		    const struct tdmr_plan_limits *limits,
		    struct tdx_pamt_chunks **chunksp);
u64 tdx_reset_pamt(const struct tdx_pamt_chunks *chunks);
void tdx_free_pamt_chunks(struct tdx_pamt_chunks *chunks);
int tdx_memory_notify(struct notifier_block *nb, unsigned long action, void *v);
extern struct notifier_block tdx_memory_nb;

/* pm.c */
int tdx_pm_notify(struct notifier_block *nb, unsigned long action, void *unused);
extern struct notifier_block tdx_pm_nb;
void tdx_syscore_resume(void);
extern struct syscore_ops tdx_syscore_ops;
void tdx_reboot_prepare(bool kexec);
extern struct notifier_block tdx_reboot_nb;

/* tdx.c: IA32_MKTME_KEYID_PARTITIONING, as tdx_detect() reads it. */
enum tdx_keyid_check {
	TDX_KEYIDS_OK,
	TDX_KEYIDS_NO_MSR,	/* rdmsr faults: no MKTME, TDX not enabled */
	TDX_KEYIDS_NONE,	/* BIOS configured no TDX KeyIDs */
	TDX_KEYIDS_TOO_FEW,	/* one TDX KeyID: the module's, none for TDs */
};

enum tdx_keyid_check tdx_parse_keyids(int rdmsr_err, u64 msr, u32 *start,
				      u32 *nr);

#endif /* _X86_VIRT_TDX_INTERNAL_H */
