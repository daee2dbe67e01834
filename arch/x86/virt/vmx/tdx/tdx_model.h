/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Software model of the Intel TDX module (CONFIG_INTEL_TDX_MODULE_SIM).
 *
 * The model handles every SEAMCALL once it is active (it stands in for the
 * CPU at the seam, seamcall.h) and checks the rules of tdx-abi.md §4-§6 with the module's
 * real completion statuses.  It is described by a platform profile (memory
 * map, CMRs, NUMA nodes, CPUs and packages, KeyID partitioning, module
 * generation, version and limits), written in a text format that
 * tdx_model_parse_profile() reads:
 *
 *   # comment
 *   name        two-socket-2t
 *   generation  1.5                      # 1.0 or 1.5
 *   version     1.5.1                    # major.minor[.update]
 *   build       100 20230605             # build number, date YYYYMMDD
 *   attributes  0                        # TDSYSINFO ATTRIBUTES
 *   features0   0x40000                  # TDX_FEATURES0 (1.5)
 *   handoff     1 0 [no_downgrade]       # MODULE_HV, MIN_UPDATE_HV (1.5)
 *   max_tdmrs   64
 *   max_reserved_per_tdmr 16
 *   pamt_entry_size 16
 *   max_pa      52                       # address bits incl. KeyID bits
 *   keyid_bits  6                        # KeyID bits at the top of max_pa
 *   keyids      mktme 15 tdx 48          # MSR 0x87, or: keyids disabled
 *   cpus        224 packages 2           # MCHECK census; omit: online CPUs
 *   nodes       2
 *   memory      0-2G usable node 0       # [start-end), K/M/G/T suffixes
 *   memory      2G-4G reserved
 *   cmr         0-2G                     # up to 32, sorted, disjoint
 *
 * "keyids disabled" describes a platform whose BIOS did not enable TDX: the
 * rdmsr of MSR 0x87 faults and every SEAMCALL raises #GP.
 */
#ifndef _X86_VIRT_TDX_MODEL_H
#define _X86_VIRT_TDX_MODEL_H

#include <linux/types.h>
#include "tdx_abi.h"
#include "seamcall.h"

enum tdx_model_gen { TDX_MODEL_GEN_1_0 = 10, TDX_MODEL_GEN_1_5 = 15 };

enum tdx_model_sys_state {
	TDX_MODEL_SYSINIT_PENDING,
	TDX_MODEL_SYSINIT_DONE,
	TDX_MODEL_SYSCONFIG_DONE,
	TDX_MODEL_SYS_READY,
	TDX_MODEL_SYS_SHUTDOWN,
};

#define TDX_MODEL_MAX_MEM_RANGES	128
#define TDX_MODEL_MAX_NODES		64
#define TDX_MODEL_MAX_PKGS		64
/* TDH.SYS.INIT's detail for too many HKIDs: the module's MAX_HKIDS, 2048. */
#define TDX_MODEL_MAX_HKIDS_DETAIL	2048ULL
#define TDX_MODEL_NAME_LEN		32
#define TDX_MODEL_ERR_LEN		128

enum tdx_model_mem_type {
	TDX_MODEL_MEM_USABLE,
	TDX_MODEL_MEM_RESERVED,
};

/* One range of the platform's memory map: [start, end). */
struct tdx_model_mem_range {
	u64 start;
	u64 end;
	int nid;			/* NUMA node, -1 if not given */
	enum tdx_model_mem_type type;
};

/* A TDX platform as the model sees it. */
struct tdx_model_profile {
	char name[TDX_MODEL_NAME_LEN];
	enum tdx_model_gen gen;
	/* Module identity: TDSYSINFO_STRUCT / TDH.SYS.RD */
	u16 major_version;
	u16 minor_version;
	u16 update_version;
	u16 build_num;
	u32 build_date;
	u32 attributes;
	u64 features0;
	u16 module_hv;
	u16 min_update_hv;
	bool no_downgrade;
	/* Module limits */
	unsigned int max_tdmrs;
	unsigned int max_reserved_per_tdmr;
	unsigned int pamt_entry_size;
	/* Physical addresses and KeyIDs */
	unsigned int max_pa;		/* incl. KeyID bits */
	unsigned int keyid_bits;	/* HKID bits: [max_pa - keyid_bits, max_pa) */
	bool tdx_disabled;		/* rdmsr 0x87 faults, SEAMCALL #GPs */
	u32 nr_mktme_keyids;
	u32 nr_tdx_keyids;
	/* MCHECK census; 0 = take it from the online CPUs at TDH.SYS.INIT */
	unsigned int nr_lps;
	unsigned int nr_pkgs;
	unsigned int nr_nodes;
	/* Memory map and CMRs */
	unsigned int nr_mem;
	struct tdx_model_mem_range mem[TDX_MODEL_MAX_MEM_RANGES];
	unsigned int nr_cmrs;
	struct tdx_cmr_info cmrs[TDX_MAX_CMRS];
};

/*
 * A PAMT entry as the model writes it (tdx-abi §4.4): 16 bytes, of which
 * TDH.SYS.TDMR.INIT sets only the page type (TDX_PT_NDA or TDX_PT_RSVD).
 */
struct tdx_model_pamt_entry {
	u16 lock;
	u8 page_type;
	u8 owner[5];
	u64 bepoch;
} __packed;
static_assert(sizeof(struct tdx_model_pamt_entry) == TDX_PAMT_ENTRY_SIZE);

/* Profiles */
int tdx_model_parse_profile(const char *text, struct tdx_model_profile *p,
			    char *err, size_t errlen);
int tdx_model_boot_profile(struct tdx_model_profile *p);
void tdx_model_firmware_cmrs(struct tdx_model_profile *p);
unsigned int tdx_model_hkid_start_bit(const struct tdx_model_profile *p);

/* Host obligations the model checks (see tdx_model.c) */
unsigned long tdx_model_host_errors(char *buf, size_t len);
void tdx_model_clear_host_errors(void);

/* Activation */
bool tdx_model_active(void);
int tdx_model_activate(const struct tdx_model_profile *p);
void tdx_model_deactivate(void);
void tdx_model_reset(void);
const struct tdx_model_profile *tdx_model_current_profile(void);
int tdx_model_set_generation(enum tdx_model_gen gen);

/* The SEAMCALL handler: the seam calls it while the model is active. */
u64 tdx_model_seamcall(u64 leaf, struct tdx_seamcall_regs *regs);

/* What the model stands in for at the seam (tdx_model_seam.c). */
extern const struct tdx_seam_ops tdx_model_seam_ops;
unsigned long tdx_model_cache_flushes(void);
void tdx_model_flush_caches(void);
unsigned long tdx_model_fragment(unsigned long kb);

/* Detection */
#define TDX_MODEL_MSR_TME_ACTIVATE	0x00000982
int tdx_model_rdmsr(u32 msr, u64 *val);

/* tdx_model_vmx.c: a SEAMCALL outside VMX operation raises #UD. */
bool tdx_model_vmx_refuses(void);
/* tdx_model_vmx_probe.S: VMPTRST to @vmcs_pa; false if it raised #UD. */
bool tdx_model_vmptrst(u64 *vmcs_pa);

/* Fault injection */
#define TDX_MODEL_MAX_INJECTIONS	16
int tdx_model_inject_status(u64 leaf, u64 status, int cpu, unsigned int nth);
void tdx_model_inject_keygen_failure(unsigned int pkg, unsigned int times);
void tdx_model_inject_pconfig_busy(unsigned int pkg, unsigned int times);
void tdx_model_inject_entropy_failure(unsigned int times);
void tdx_model_inject_no_module(bool on);
void tdx_model_clear_faults(void);

/*
 * The partial-write machine check erratum (tdx-abi.md section 9): with it on,
 * every PAMT line TDH.SYS.TDMR.INIT wrote must get a full-line write from the
 * host (MOVDIR64B; tdx_model_reset_line() in a kernel with the model) before
 * the page is reused.
 */
struct tdx_model_reset_stats {
	unsigned long written;		/* PAMT lines the module wrote */
	unsigned long not_reset;	/* ... and the host did not reset */
	unsigned long reset;		/* PAMT lines the host reset */
	unsigned long outside;		/* lines reset that are not PAMT */
};

void tdx_model_set_pw_mce_erratum(bool on);
bool tdx_model_pw_mce_erratum(void);
void tdx_model_reset_line(u64 pa);
void tdx_model_reset_stats(struct tdx_model_reset_stats *s);

/* Test hooks: hold one of the module's locks as if an LP were inside */
enum tdx_model_lock {
	TDX_MODEL_LOCK_GLOBAL_EXCL,	/* e.g. a KEY.CONFIG in progress */
	TDX_MODEL_LOCK_GLOBAL_SHARED,	/* e.g. an LP.INIT in progress */
	TDX_MODEL_LOCK_TDMR,		/* a TDMR.INIT of TDMR @idx */
};

int tdx_model_hold_lock(enum tdx_model_lock lock, unsigned int idx);
void tdx_model_release_lock(enum tdx_model_lock lock, unsigned int idx);
void tdx_model_set_lock_window(unsigned int usecs);
void tdx_model_set_tdmr_call_time(unsigned int usecs);
void tdx_model_set_tdmr_init_step(u64 bytes);

/* Observability */
enum tdx_model_sys_state tdx_model_sys_state(void);
bool tdx_model_lp_init_done(unsigned int cpu);
bool tdx_model_lp_shutdown_done(unsigned int cpu);
unsigned int tdx_model_nr_lps(void);
unsigned int tdx_model_nr_pkgs(void);
bool tdx_model_pkg_key_configured(unsigned int pkg);
unsigned int tdx_model_nr_tdmrs(void);
const struct tdx_tdmr_info *tdx_model_tdmr(unsigned int i);
u64 tdx_model_tdmr_initialized(unsigned int i);
u64 tdx_model_tdmr_init_nodes(unsigned int i);
unsigned long tdx_model_leaf_calls(u64 leaf);

/* TDH.SYS.TDMR.INIT since the last reset (tdx_model_tdmr_init_stats()) */
struct tdx_model_tdmr_init_stats {
	unsigned long calls;		/* calls that took the TDMR's lock */
	u64 work_ns;			/* time of their work */
	unsigned int in_flight;		/* between try-lock and commit now */
	unsigned int max_in_flight;	/* ... and at most, at once */
	u64 span_ns;			/* first lock taken to last commit */
};

void tdx_model_tdmr_init_stats(struct tdx_model_tdmr_init_stats *s);
int tdx_model_global_hkid(void);

#endif /* _X86_VIRT_TDX_MODEL_H */
