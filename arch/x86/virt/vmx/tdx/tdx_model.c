// SPDX-License-Identifier: GPL-2.0
/*
 * Software model of the Intel TDX module (CONFIG_INTEL_TDX_MODULE_SIM).
 *
 * A development and test aid: when active, every SEAMCALL the host makes is
 * redirected here (the seam, seamcall.h: tdx_model_seam.c) and handled like the
 * TDX module would, with the module's real state machine and completion
 * statuses.  Written from tdx-abi.md (§1-§6, §8), never from the host code:
 * it is the second opinion that catches host bugs, so it must stay strict.
 *
 * The project's check-by-check comparison with Intel's module source
 * (1.0.3, 1.5.01) corrected it since; the tdx_model_conformance KUnit suite
 * has one case per compared check, named after the module's file and
 * function.
 *
 * Deliberate differences from the module source (also in tdx.rst):
 *  - Limits come from the profile: MAX_PA (the module's is 52; it refuses
 *    other platforms at SYS.INIT), the KeyID bits below it, MAX_TDMRS for
 *    SYS.CONFIG's RDX check (the module's constant 64 is the default), the
 *    PAMT entry size.  Synthetic profiles need small address spaces and
 *    the host must cope with other limits.
 *  - The MCHECK census is the profile's (the boot profile's: the MADT's
 *    enabled CPUs) or the online CPUs; SYS_READY needs KEY.CONFIG on
 *    every census package ID, the module only counts packages.
 *  - The profile's CMR list has no null entries and at least one CMR; the
 *    module allows nulls anywhere.  SYS.INFO and SYS.RD report the same
 *    32 entries, nulls after the real ones.
 *  - Not modelled: the platform checks of SYS.INIT and LP.INIT (MSRs,
 *    CPUID, SMRR, SEAM capabilities, at most 8 packages), the KOT entry of
 *    the global KeyID, TD-related SYS.INFO fields and CPUID configs,
 *    TDH.SYS.RDALL and SYS.UPDATE (OPERAND_INVALID + RAX), and the SYS.RD
 *    fields PKG_FMS, handoff, TD sizes and fixed bits.
 *  - Entropy failures and PCONFIG "device busy" happen only when a test
 *    injects them.
 *  - SEAMCALLs are serialized under one lock (TDMR.INIT's work excepted).
 *  - TDMR.INIT writes a GiB's PAMT_1G entry with its first chunk, not its
 *    last (only the partial-write erratum bookkeeping sees it, and errs on
 *    the safe side).
 *
 * Provenance of the behaviours below:
 *  - CONFIRMED: stated by tdx-abi.md from the module sources.
 *  - ASSUMPTION: not stated there (or marked UNCONFIRMED); the model's
 *    choice is documented at the place it is made.
 *
 * The handler runs on the CPU that executed the SEAMCALL, often with IRQs
 * off (on_each_cpu()), so it never sleeps nor allocates: all state lives in
 * one static structure under a raw spinlock.  The module's own global lock
 * (exclusive for SYS.INIT/CONFIG/KEY.CONFIG/SHUTDOWN, shared for LP.INIT and
 * 1.0 LP.SHUTDOWN) is modelled on top as a try-lock that fails with
 * TDX_SYS_BUSY, like the module's.  TDH.SYS.TDMR.INIT takes neither: it
 * takes its TDMR's try-lock (TDX_OPERAND_BUSY to a second caller) and does
 * its work with the raw spinlock dropped, so that TDMRs are really
 * initialized in parallel, as the module allows.
 *
 * Kernel parameter:
 *   tdx_model=on|off  Activate the model at boot with the profile derived
 *		       from this machine (default: on, when built in).
 *
 * debugfs, /sys/kernel/debug/tdx_model/:
 *   state	 read: module state, LPs, packages, TDMRs, faults, leaf counts
 *   profile	 read: the active profile in the text format; write: parse a
 *		 profile text and activate it
 *   generation	 write "1.0" or "1.5": switch the generation, reset
 *   inject	 write "<leaf> <status> <cpu|-1> <nth>", "keygen <pkg> <times>",
 *		 "nomodule <0|1>" or "clear"
 *   reset	 write anything: freshly loaded module
 *   pw_mce_erratum  write 1 or 0: the platform has the partial-write
 *		 machine check erratum, or not
 *   tdmr_init	 read: TDH.SYS.TDMR.INIT calls that did their work since
 *		 the last reset, the time spent in that work, the calls in
 *		 flight now and the most ever in flight at once (between
 *		 taking a TDMR's try-lock and committing), and the span from
 *		 the first call taking its lock to the last commit
 *   tdmr_call_us write N (0-10000): every TDMR.INIT call holds its TDMR's
 *		 lock N microseconds longer, a stand-in for the module's own
 *		 time per call (the benchmark); cleared by reset
 */
#define pr_fmt(fmt) "tdx_model: " fmt

#include <linux/atomic.h>
#include <linux/bitmap.h>
#include <linux/cpumask.h>
#include <linux/debugfs.h>
#include <linux/delay.h>
#include <linux/init.h>
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/mutex.h>
#include <linux/percpu.h>
#include <linux/seq_file.h>
#include <linux/sizes.h>
#include <linux/slab.h>
#include <linux/smp.h>
#include <linux/spinlock.h>
#include <linux/string.h>
#include <linux/timekeeping.h>
#include <linux/topology.h>
#include <linux/uaccess.h>
#include "tdx_model.h"
#include "tdx_model_validate.h"

#define TDX_MODEL_NR_LEAVES		128
#define TDX_MODEL_CHUNK			(4ULL << 20)	/* TDMR.INIT step */
#define TDX_MODEL_MAX_HKIDS		2048
#define TDX_MODEL_LOCK_FREE		(-1)
#define TDX_MODEL_LOCK_TEST		(-2)	/* held by a test hook */
#define TDX_MODEL_RAX_VERSION_SHIFT	16

/* Leaves the model knows but does not implement (1.5 only). */
#define TDH_SYS_UPDATE			53

struct tdx_model_injection {
	bool used;
	u16 leaf;
	int cpu;
	unsigned int nth;
	unsigned int seen;
	u64 status;
};

struct tdx_model_tdmr_state {
	u64 next;		/* next address TDMR.INIT initializes */
	int owner;		/* per-TDMR lock: LP, TEST or FREE */
	u64 init_nodes;		/* NUMA nodes of the LPs that initialized it */
};

struct tdx_model {
	raw_spinlock_t lock;
	bool active;
	struct tdx_model_profile prof;

	enum tdx_model_sys_state state;
	/* The module's global lock: holder LP (or TEST) and shared count */
	int glock_excl;
	unsigned int glock_shared;
	unsigned int lock_window_us;
	unsigned int tdmr_call_us;	/* tdx_model_set_tdmr_call_time() */
	atomic_t in_seam;
	/* Global lock acquisitions so far: exclusive, and of either kind */
	atomic_t excl_acquired;
	atomic_t any_acquired;

	/* MCHECK census, taken at TDH.SYS.INIT */
	unsigned int census_lps;
	u64 census_pkgs;

	struct cpumask lp_init;
	struct cpumask lp_shutdown;
	unsigned int nr_init_lps;

	u64 pkg_configured;
	unsigned int keygen_fail[TDX_MODEL_MAX_PKGS];
	u64 tdmr_step;			/* TDMR.INIT bytes per call, 0: 4 MiB */
	unsigned int entropy_fail;	/* next RDRANDs of SYS/LP.INIT that fail */
	unsigned int pconfig_busy[TDX_MODEL_MAX_PKGS];

	int global_hkid;

	unsigned int nr_tdmrs;
	unsigned int epoch;		/* bumped by every reset */
	struct tdx_tdmr_info tdmrs[TDX_MAX_TDMRS];
	struct tdx_model_tdmr_state tdmr_state[TDX_MAX_TDMRS];
	/* TDH.SYS.CONFIG scratch: nothing is committed before success */
	struct tdx_tdmr_info cfg[TDX_MAX_TDMRS];
	const struct tdx_tdmr_info *cfg_ptrs[TDX_MAX_TDMRS];

	bool no_module;
	struct tdx_model_injection inj[TDX_MODEL_MAX_INJECTIONS];

	unsigned long calls[TDX_MODEL_NR_LEAVES];
	unsigned long unbacked_pamt_writes;

	/*
	 * TDH.SYS.TDMR.INIT calls between taking their TDMR's try-lock and
	 * committing, now and at most; the calls that got that far and the
	 * time their work took; when the first of them took its lock and
	 * the last committed (ktime_get_ns()).  Changed only under the lock
	 * (both ends of a call's work are), so plain counters are exact.
	 */
	unsigned int tdmr_in_flight;
	unsigned int tdmr_max_in_flight;
	unsigned long tdmr_init_calls;
	u64 tdmr_init_ns;
	u64 tdmr_first_ns, tdmr_last_ns;

	/* Host obligations (see "Host obligations" below) */
	u64 pkg_flushed;		/* packages flushed since SYS.CONFIG */
	unsigned long host_errors;
	char host_error[TDX_MODEL_ERR_LEN];
};

static struct tdx_model tdx_model = {
	.lock = __RAW_SPIN_LOCK_UNLOCKED(tdx_model.lock),
	.glock_excl = TDX_MODEL_LOCK_FREE,
	.global_hkid = -1,
};

/*
 * What this CPU saw of the global lock when its SEAMCALL started, before it
 * waited for the model's own lock: an acquisition made since then means the
 * two SEAMCALLs overlapped in time.
 */
struct tdx_model_arrival {
	int excl_acquired;
	int any_acquired;
};

static DEFINE_PER_CPU(struct tdx_model_arrival, tdx_model_arrival);

/* Serializes activation. */
static DEFINE_MUTEX(tdx_model_mutex);

static const char * const tdx_model_state_names[] = {
	[TDX_MODEL_SYSINIT_PENDING]	= "SYSINIT_PENDING",
	[TDX_MODEL_SYSINIT_DONE]	= "SYSINIT_DONE",
	[TDX_MODEL_SYSCONFIG_DONE]	= "SYSCONFIG_DONE",
	[TDX_MODEL_SYS_READY]		= "SYS_READY",
	[TDX_MODEL_SYS_SHUTDOWN]	= "SYS_SHUTDOWN",
};

/* ---------------------------------------------------------------------- */
/* Helpers                                                                 */

static unsigned int tdx_model_hkid_min(const struct tdx_model *m)
{
	return m->prof.nr_mktme_keyids + 1;
}

static unsigned int tdx_model_hkid_max(const struct tdx_model *m)
{
	return m->prof.nr_mktme_keyids + m->prof.nr_tdx_keyids;
}

static u64 tdx_model_hkid_of(const struct tdx_model *m, u64 pa)
{
	unsigned int start = tdx_model_hkid_start_bit(&m->prof);

	return (pa >> start) & (BIT_ULL(m->prof.keyid_bits) - 1);
}

static bool tdx_model_below_max_pa(const struct tdx_model *m, u64 pa)
{
	return m->prof.max_pa >= 64 || !(pa >> m->prof.max_pa);
}

/*
 * A "shared" HPA (tdx-abi §8, CONFIRMED): below 2^MAX_PA and its HKID is
 * not private.  The model has no SEAMRR to overlap.
 */
static bool tdx_model_shared_pa(const struct tdx_model *m, u64 pa)
{
	return tdx_model_below_max_pa(m, pa) &&
	       tdx_model_hkid_of(m, pa) < tdx_model_hkid_min(m);
}

/* Below 2^MAX_PA with all HKID bits clear. */
static bool tdx_model_keyid0_pa(const struct tdx_model *m, u64 pa)
{
	return tdx_model_below_max_pa(m, pa) && !tdx_model_hkid_of(m, pa);
}

/*
 * Kernel address of [pa, pa + len) with the HKID bits stripped, or NULL if
 * some page of it is not RAM the kernel maps.  The module would access any
 * address; the model cannot (e.g. memory of a synthetic profile), so such
 * accesses fail or are skipped, as documented at each caller.
 */
static void *tdx_model_map(const struct tdx_model *m, u64 pa, u64 len)
{
	u64 addr = pa & (BIT_ULL(tdx_model_hkid_start_bit(&m->prof)) - 1);
	u64 pfn;

	if (!len || addr + len < addr)
		return NULL;
	for (pfn = PHYS_PFN(addr); pfn <= PHYS_PFN(addr + len - 1); pfn++) {
		if (!pfn_valid(pfn))
			return NULL;
	}
	return __va(addr);
}

static unsigned int tdx_model_pkg_of(unsigned int cpu)
{
	return topology_physical_package_id(cpu) % TDX_MODEL_MAX_PKGS;
}

/* ---------------------------------------------------------------------- */
/* Host obligations                                                        */

/*
 * The real module cannot see these, but they are the host's side of the
 * ABI, and a host that breaks them corrupts memory on real machines; the
 * model can see them, so it checks them (tdx_model_host_errors()):
 *
 * - PAMT.  From a successful TDH.SYS.CONFIG until the module is shut down,
 *   every page of every PAMT range the module accepted belongs to it: the
 *   host must have allocated it, for the whole declared size, and must not
 *   give it back to the page allocator.  A page is back there when its
 *   reference count is 0 (free in the buddy allocator or on a per-CPU
 *   list).  Checked for every page at SYS.CONFIG and at shutdown
 *   (SYS.SHUTDOWN, or the 1.0 LP.SHUTDOWN that shuts the module down), and
 *   on the first and last page of each range at every SEAMCALL in between.
 *   Memory without a struct page (synthetic profiles) cannot be checked.
 *
 * - Cache flush.  The host wrote the PAMT with KeyID 0; before the module
 *   uses it with the global KeyID, TDH.SYS.KEY.CONFIG's precondition is a
 *   WBINVD on every package after TDH.SYS.CONFIG.  The host flushes through
 *   tdx_seam_flush_caches(), which the model stands behind
 *   (tdx_model_flush_caches()): every KEY.CONFIG checks that every package
 *   of the census flushed since SYS.CONFIG.
 *
 * A breach is counted and the first one described; the SEAMCALL then goes
 * on as the module's would.
 */
static __printf(2, 3) void tdx_model_host_error(struct tdx_model *m,
						const char *fmt, ...)
{
	va_list args;

	if (m->host_errors++)
		return;
	va_start(args, fmt);
	vscnprintf(m->host_error, sizeof(m->host_error), fmt, args);
	va_end(args);
}

static bool tdx_model_pamt_in_use(const struct tdx_model *m)
{
	return m->state == TDX_MODEL_SYSCONFIG_DONE ||
	       m->state == TDX_MODEL_SYS_READY;
}

/* Is the page at @pa back in the page allocator? */
static bool tdx_model_page_free(const struct tdx_model *m, u64 pa)
{
	u64 addr = pa & (BIT_ULL(tdx_model_hkid_start_bit(&m->prof)) - 1);
	unsigned long pfn = PHYS_PFN(addr);

	return pfn_valid(pfn) && !page_ref_count(pfn_to_page(pfn));
}

/* Check every page of each PAMT range (@all), or its first and last. */
static void tdx_model_check_pamt(struct tdx_model *m, const char *when,
				 bool all)
{
	unsigned int i, lvl;
	u64 pa, end;

	for (i = 0; i < m->nr_tdmrs; i++) {
		const struct tdx_tdmr_info *t = &m->tdmrs[i];
		const u64 base[] = {
			t->pamt_4k_base, t->pamt_2m_base, t->pamt_1g_base,
		};
		const u64 size[] = {
			t->pamt_4k_size, t->pamt_2m_size, t->pamt_1g_size,
		};

		for (lvl = 0; lvl < ARRAY_SIZE(base); lvl++) {
			if (!size[lvl])
				continue;
			end = base[lvl] + size[lvl];
			for (pa = base[lvl]; pa < end; pa += PAGE_SIZE) {
				if (!all && pa != base[lvl] &&
				    pa + PAGE_SIZE < end)
					pa = end - PAGE_SIZE;
				if (!tdx_model_page_free(m, pa))
					continue;
				tdx_model_host_error(m,
						     "%s: PAMT page 0x%llx (TDMR %u, level %u, [0x%llx, 0x%llx)) is free in the page allocator",
						     when, pa, i, lvl, base[lvl], end);
				return;
			}
		}
	}
}

/* Every LP runs this in tdx_model_flush_caches(). */
static void tdx_model_flush_cpu(void *unused)
{
	struct tdx_model *m = &tdx_model;
	unsigned long flags;

	wbinvd();
	raw_spin_lock_irqsave(&m->lock, flags);
	m->pkg_flushed |= BIT_ULL(tdx_model_pkg_of(smp_processor_id()));
	raw_spin_unlock_irqrestore(&m->lock, flags);
}

/**
 * tdx_model_flush_caches() - the cache flush of the seam, while the model is
 * active: WBINVD on every online CPU, as the host's own would, and the
 * packages recorded for the KEY.CONFIG check.
 *
 * Context: process context.
 */
void tdx_model_flush_caches(void)
{
	on_each_cpu(tdx_model_flush_cpu, NULL, 1);
}

/**
 * tdx_model_host_errors() - breaches of the host's obligations
 * @buf:	gets the first one described (may be NULL)
 * @len:	size of @buf
 *
 * See "Host obligations" in tdx_model.c.  Cleared by tdx_model_reset().
 *
 * Return: how many SEAMCALLs found a breach since the last reset.
 */
unsigned long tdx_model_host_errors(char *buf, size_t len)
{
	struct tdx_model *m = &tdx_model;
	unsigned long flags, n;

	raw_spin_lock_irqsave(&m->lock, flags);
	n = m->host_errors;
	if (buf && len)
		strscpy(buf, n ? m->host_error : "", len);
	raw_spin_unlock_irqrestore(&m->lock, flags);
	return n;
}

/**
 * tdx_model_clear_host_errors() - forget the breaches seen so far
 *
 * For a test suite that starts with whatever state earlier suites left.
 */
void tdx_model_clear_host_errors(void)
{
	struct tdx_model *m = &tdx_model;
	unsigned long flags;

	raw_spin_lock_irqsave(&m->lock, flags);
	m->host_errors = 0;
	m->host_error[0] = '\0';
	raw_spin_unlock_irqrestore(&m->lock, flags);
}

/* ---------------------------------------------------------------------- */
/* The module's global lock                                                */

/*
 * Take the global lock exclusively or fail with TDX_SYS_BUSY (CONFIRMED).
 *
 * The model's raw spinlock serializes SEAMCALLs that the module would run
 * in parallel, so "held by another LP" also covers a holder that came and
 * went while this SEAMCALL was waiting for the raw spinlock: a lock
 * acquisition since this CPU's arrival.  The loser of such a race is the
 * later one to reach the raw spinlock (one of the module's interleavings).
 *
 * With a lock window set, hold the lock for that long before doing the
 * work, so that concurrent callers on other CPUs meet it held.
 */
static u64 tdx_model_excl_enter(struct tdx_model *m, unsigned int cpu)
{
	struct tdx_model_arrival *arr = per_cpu_ptr(&tdx_model_arrival, cpu);

	if (m->glock_excl != TDX_MODEL_LOCK_FREE || m->glock_shared ||
	    atomic_read(&m->any_acquired) != arr->any_acquired)
		return TDX_SYS_BUSY;
	m->glock_excl = cpu;
	atomic_inc(&m->excl_acquired);
	atomic_inc(&m->any_acquired);
	if (m->lock_window_us) {
		raw_spin_unlock(&m->lock);
		udelay(m->lock_window_us);
		raw_spin_lock(&m->lock);
	}
	return TDX_SUCCESS;
}

/* Take the global lock shared: only an exclusive holder makes it busy. */
static u64 tdx_model_shared_enter(struct tdx_model *m, unsigned int cpu)
{
	struct tdx_model_arrival *arr = per_cpu_ptr(&tdx_model_arrival, cpu);

	if (m->glock_excl != TDX_MODEL_LOCK_FREE ||
	    atomic_read(&m->excl_acquired) != arr->excl_acquired)
		return TDX_SYS_BUSY;
	atomic_inc(&m->any_acquired);
	return TDX_SUCCESS;
}

static void tdx_model_excl_exit(struct tdx_model *m, unsigned int cpu)
{
	if (m->glock_excl == cpu)
		m->glock_excl = TDX_MODEL_LOCK_FREE;
}

/* ---------------------------------------------------------------------- */
/* TDH.SYS.INIT                                                            */

static bool tdx_model_cmrs_sane(const struct tdx_model_profile *p)
{
	u64 prev_end = 0;
	unsigned int i;

	if (!p->nr_cmrs || p->nr_cmrs > TDX_MAX_CMRS)
		return false;
	for (i = 0; i < p->nr_cmrs; i++) {
		const struct tdx_cmr_info *c = &p->cmrs[i];

		if (!c->size || !IS_ALIGNED(c->base | c->size, TDX_PAGE_SIZE) ||
		    c->base < prev_end || c->base + c->size < c->base)
			return false;
		prev_end = c->base + c->size;
	}
	return true;
}

static u64 tdx_model_census_pkgs(const struct tdx_model *m)
{
	u64 pkgs = 0;
	unsigned int cpu;

	if (m->prof.nr_pkgs)
		return GENMASK_ULL(m->prof.nr_pkgs - 1, 0);
	for_each_online_cpu(cpu)
		pkgs |= BIT_ULL(tdx_model_pkg_of(cpu));
	return pkgs;
}

/*
 * RDRAND found no entropy: 1.5 returns TDX_RND_NO_ENTROPY, 1.0 returns
 * TDX_SYS_BUSY from SYS.INIT and LP.INIT (R10 tdh_sys_init.c:941-943,
 * tdh_sys_lp_init.c:414-418).  Only when a test injects it.
 */
static bool tdx_model_entropy_failed(struct tdx_model *m)
{
	if (!m->entropy_fail)
		return false;
	m->entropy_fail--;
	return true;
}

static u64 tdx_model_entropy_status(const struct tdx_model *m)
{
	return m->prof.gen == TDX_MODEL_GEN_1_0 ? TDX_SYS_BUSY :
						  TDX_RND_NO_ENTROPY;
}

static u64 __tdx_model_sys_init(struct tdx_model *m, u64 attributes)
{
	/*
	 * RCX (SYS_ATTRIBUTES: every bit reserved) before the state
	 * (tdh_sys_init.c tdh_sys_init(), 1.0 and 1.5).
	 */
	if (attributes)
		return TDX_OPERAND_INVALID | TDX_OPND_RCX;
	if (m->state != TDX_MODEL_SYSINIT_PENDING)
		return TDX_SYS_INIT_NOT_PENDING;
	/* Key management configuration (MSR 0x87), CONFIRMED limit. */
	if (tdx_model_hkid_max(m) >= TDX_MODEL_MAX_HKIDS)
		return TDX_NUM_ACTIVATED_HKIDS_NOT_SUPPORTED |
		       TDX_MODEL_MAX_HKIDS_DETAIL;
	if (!tdx_model_cmrs_sane(&m->prof))
		return TDX_CMR_LIST_INVALID;
	/* RDRAND for the stack canary (tdh_sys_init.c, CONFIRMED). */
	if (tdx_model_entropy_failed(m))
		return tdx_model_entropy_status(m);

	/* The MCHECK census: the profile's, or this machine's online CPUs. */
	m->census_lps = m->prof.nr_lps ? m->prof.nr_lps : num_online_cpus();
	m->census_pkgs = tdx_model_census_pkgs(m);
	m->state = TDX_MODEL_SYSINIT_DONE;
	return TDX_SUCCESS;
}

static u64 tdx_model_sys_init(struct tdx_model *m, unsigned int cpu,
			      struct tdx_seamcall_regs *regs)
{
	u64 attributes = regs->rcx, ret;

	/* Outputs zeroed on entry, before the lock (tdh_sys_init()). */
	regs->rcx = 0;
	regs->rdx = 0;
	regs->r8 = 0;
	regs->r9 = 0;
	regs->r10 = 0;
	ret = tdx_model_excl_enter(m, cpu);
	if (ret)
		return ret;
	ret = __tdx_model_sys_init(m, attributes);
	tdx_model_excl_exit(m, cpu);
	return ret;
}

/* ---------------------------------------------------------------------- */
/* TDH.SYS.LP.INIT                                                         */

static u64 tdx_model_lp_init(struct tdx_model *m, unsigned int cpu,
			     struct tdx_seamcall_regs *regs)
{
	u64 ret;

	/* Outputs zeroed on entry (tdh_sys_lp_init()). */
	regs->rcx = 0;
	regs->rdx = 0;
	regs->r8 = 0;
	/* Shared lock (CONFIRMED). */
	ret = tdx_model_shared_enter(m, cpu);
	if (ret)
		return ret;
	/* The state before the LP's own flag (tdh_sys_lp_init()). */
	if (m->state != TDX_MODEL_SYSINIT_DONE)
		return TDX_SYS_LP_INIT_NOT_PENDING;
	if (cpumask_test_cpu(cpu, &m->lp_init))
		return TDX_SYS_LP_INIT_DONE;
	/* RDRAND for the LP's LFSR seed (tdh_sys_lp_init.c, CONFIRMED). */
	if (tdx_model_entropy_failed(m))
		return tdx_model_entropy_status(m);
	cpumask_set_cpu(cpu, &m->lp_init);
	m->nr_init_lps++;
	return TDX_SUCCESS;
}

/* ---------------------------------------------------------------------- */
/* TDH.SYS.INFO                                                            */

static void tdx_model_fill_sysinfo(const struct tdx_model *m,
				   struct tdx_sysinfo_struct *info)
{
	const struct tdx_model_profile *p = &m->prof;

	memset(info, 0, TDX_SYSINFO_STRUCT_SIZE);
	/* 1.5 reports 0; 1.0 sets DEBUG_MODULE in a debug build. */
	info->attributes = p->gen == TDX_MODEL_GEN_1_0 ? p->attributes : 0;
	info->vendor_id = 0x8086;
	info->build_date = p->build_date;
	info->build_num = p->build_num;
	info->minor_version = p->minor_version;
	info->major_version = p->major_version;
	/* SYS_RD: 1.5 only, reserved (0) in 1.0 (CONFIRMED). */
	info->sys_rd = p->gen == TDX_MODEL_GEN_1_5;
	info->max_tdmrs = p->max_tdmrs;
	info->max_reserved_per_tdmr = p->max_reserved_per_tdmr;
	info->pamt_entry_size = p->pamt_entry_size;
	/* ASSUMPTION: TD-related fields and CPUID_CONFIG are left zero. */
}

static u64 tdx_model_sys_info(struct tdx_model *m, unsigned int cpu,
			      struct tdx_seamcall_regs *regs)
{
	u64 info_pa = regs->rcx, info_size = regs->rdx;
	u64 cmr_pa = regs->r8, nr_cmrs = regs->r9;
	struct tdx_sysinfo_struct *info;
	struct tdx_cmr_info *cmrs;
	unsigned int i;

	/*
	 * tdh_sys_info.c tdh_sys_info(), in this order: outputs RDX and R9
	 * zeroed, LP.INIT on this LP, RCX, RDX, the TDSYSINFO_STRUCT buffer
	 * zeroed, R8, R9.
	 */
	regs->rdx = 0;
	regs->r9 = 0;
	if (!cpumask_test_cpu(cpu, &m->lp_init))
		return TDX_SYS_LP_INIT_NOT_DONE;
	if (!IS_ALIGNED(info_pa, TDX_SYSINFO_STRUCT_ALIGN) ||
	    !tdx_model_shared_pa(m, info_pa))
		return TDX_OPERAND_INVALID | TDX_OPND_RCX;
	if (info_size < TDX_SYSINFO_STRUCT_SIZE)
		return TDX_OPERAND_INVALID | TDX_OPND_RDX;
	/* Model limitation: buffers must be RAM the kernel maps. */
	info = tdx_model_map(m, info_pa, TDX_SYSINFO_STRUCT_SIZE);
	if (!info)
		return TDX_OPERAND_INVALID | TDX_OPND_RCX;
	memset(info, 0, TDX_SYSINFO_STRUCT_SIZE);
	if (!IS_ALIGNED(cmr_pa, TDX_CMR_INFO_ARRAY_ALIGN) ||
	    !tdx_model_shared_pa(m, cmr_pa))
		return TDX_OPERAND_INVALID | TDX_OPND_R8;
	if (nr_cmrs < TDX_MAX_CMRS)
		return TDX_OPERAND_INVALID | TDX_OPND_R9;
	cmrs = tdx_model_map(m, cmr_pa, TDX_MAX_CMRS * sizeof(*cmrs));
	if (!cmrs)
		return TDX_OPERAND_INVALID | TDX_OPND_R8;

	tdx_model_fill_sysinfo(m, info);
	memset(cmrs, 0, TDX_MAX_CMRS * sizeof(*cmrs));
	for (i = 0; i < m->prof.nr_cmrs; i++)
		cmrs[i] = m->prof.cmrs[i];

	/* Always MAX_CMRS entries, null ones included (CONFIRMED). */
	regs->rdx = TDX_SYSINFO_STRUCT_SIZE;
	regs->r9 = TDX_MAX_CMRS;
	return TDX_SUCCESS;
}

/* ---------------------------------------------------------------------- */
/* TDH.SYS.RD (1.5)                                                        */

enum tdx_model_md {
	TDX_MODEL_MD_NUM_PKGS,
	TDX_MODEL_MD_VENDOR_ID,
	TDX_MODEL_MD_BUILD_DATE,
	TDX_MODEL_MD_BUILD_NUM,
	TDX_MODEL_MD_MINOR_VERSION,
	TDX_MODEL_MD_MAJOR_VERSION,
	TDX_MODEL_MD_UPDATE_VERSION,
	TDX_MODEL_MD_INTERNAL_VERSION,
	TDX_MODEL_MD_MODULE_HV,
	TDX_MODEL_MD_MIN_UPDATE_HV,
	TDX_MODEL_MD_NO_DOWNGRADE,
	TDX_MODEL_MD_SYS_ATTRIBUTES,
	TDX_MODEL_MD_NUM_TDX_FEATURES,
	TDX_MODEL_MD_TDX_FEATURES0,
	TDX_MODEL_MD_NUM_CMRS,
	TDX_MODEL_MD_CMR_BASE,
	TDX_MODEL_MD_CMR_SIZE,
	TDX_MODEL_MD_MAX_TDMRS,
	TDX_MODEL_MD_MAX_RESERVED_PER_TDMR,
	TDX_MODEL_MD_PAMT_4K_ENTRY_SIZE,
	TDX_MODEL_MD_PAMT_2M_ENTRY_SIZE,
	TDX_MODEL_MD_PAMT_1G_ENTRY_SIZE,
	TDX_MODEL_MD_NR,
};

/*
 * Readable global fields in the module's "next field" order: by class, then
 * field code (global_sys_fields_lookup.c).  The model has a subset: not
 * PKG_FMS, the handoff, TD size, fixed-bit and CPUID-config fields.
 */
static const struct {
	u64 id;
	unsigned int nr;	/* elements */
} tdx_model_md_fields[TDX_MODEL_MD_NR] = {
	[TDX_MODEL_MD_NUM_PKGS]			= { TDX_MD_NUM_PKGS, 1 },
	[TDX_MODEL_MD_VENDOR_ID]		= { TDX_MD_VENDOR_ID, 1 },
	[TDX_MODEL_MD_BUILD_DATE]		= { TDX_MD_BUILD_DATE, 1 },
	[TDX_MODEL_MD_BUILD_NUM]		= { TDX_MD_BUILD_NUM, 1 },
	[TDX_MODEL_MD_MINOR_VERSION]		= { TDX_MD_MINOR_VERSION, 1 },
	[TDX_MODEL_MD_MAJOR_VERSION]		= { TDX_MD_MAJOR_VERSION, 1 },
	[TDX_MODEL_MD_UPDATE_VERSION]		= { TDX_MD_UPDATE_VERSION, 1 },
	[TDX_MODEL_MD_INTERNAL_VERSION]		= { TDX_MD_INTERNAL_VERSION, 1 },
	[TDX_MODEL_MD_MODULE_HV]		= { TDX_MD_MODULE_HV, 1 },
	[TDX_MODEL_MD_MIN_UPDATE_HV]		= { TDX_MD_MIN_UPDATE_HV, 1 },
	[TDX_MODEL_MD_NO_DOWNGRADE]		= { TDX_MD_NO_DOWNGRADE, 1 },
	[TDX_MODEL_MD_SYS_ATTRIBUTES]		= { TDX_MD_SYS_ATTRIBUTES, 1 },
	[TDX_MODEL_MD_NUM_TDX_FEATURES]		= { TDX_MD_NUM_TDX_FEATURES, 1 },
	[TDX_MODEL_MD_TDX_FEATURES0]		= { TDX_MD_TDX_FEATURES0, 1 },
	[TDX_MODEL_MD_NUM_CMRS]			= { TDX_MD_NUM_CMRS, 1 },
	[TDX_MODEL_MD_CMR_BASE]			= { TDX_MD_CMR_BASE(0), TDX_MAX_CMRS },
	[TDX_MODEL_MD_CMR_SIZE]			= { TDX_MD_CMR_SIZE(0), TDX_MAX_CMRS },
	[TDX_MODEL_MD_MAX_TDMRS]		= { TDX_MD_MAX_TDMRS, 1 },
	[TDX_MODEL_MD_MAX_RESERVED_PER_TDMR]	= { TDX_MD_MAX_RESERVED_PER_TDMR, 1 },
	[TDX_MODEL_MD_PAMT_4K_ENTRY_SIZE]	= { TDX_MD_PAMT_4K_ENTRY_SIZE, 1 },
	[TDX_MODEL_MD_PAMT_2M_ENTRY_SIZE]	= { TDX_MD_PAMT_2M_ENTRY_SIZE, 1 },
	[TDX_MODEL_MD_PAMT_1G_ENTRY_SIZE]	= { TDX_MD_PAMT_1G_ENTRY_SIZE, 1 },
};

static u64 tdx_model_md_value(const struct tdx_model *m, enum tdx_model_md f,
			      unsigned int elem)
{
	const struct tdx_model_profile *p = &m->prof;

	switch (f) {
	case TDX_MODEL_MD_NUM_PKGS:
		return hweight64(m->census_pkgs);
	case TDX_MODEL_MD_VENDOR_ID:
		return 0x8086;
	case TDX_MODEL_MD_BUILD_DATE:
		return p->build_date;
	case TDX_MODEL_MD_BUILD_NUM:
		return p->build_num;
	case TDX_MODEL_MD_MINOR_VERSION:
		return p->minor_version;
	case TDX_MODEL_MD_MAJOR_VERSION:
		return p->major_version;
	case TDX_MODEL_MD_UPDATE_VERSION:
		return p->update_version;
	case TDX_MODEL_MD_MODULE_HV:
		return p->module_hv;
	case TDX_MODEL_MD_MIN_UPDATE_HV:
		return p->min_update_hv;
	case TDX_MODEL_MD_NO_DOWNGRADE:
		return p->no_downgrade;
	case TDX_MODEL_MD_SYS_ATTRIBUTES:
		/* SYS.INIT's RCX, which must be 0 (metadata_sys.c). */
		return 0;
	case TDX_MODEL_MD_NUM_TDX_FEATURES:
		return 1;
	case TDX_MODEL_MD_TDX_FEATURES0:
		return p->features0;
	case TDX_MODEL_MD_NUM_CMRS:
		/* Always MAX_CMR; null entries read as 0 (metadata_sys.c). */
		return TDX_MAX_CMRS;
	case TDX_MODEL_MD_CMR_BASE:
		return elem < p->nr_cmrs ? p->cmrs[elem].base : 0;
	case TDX_MODEL_MD_CMR_SIZE:
		return elem < p->nr_cmrs ? p->cmrs[elem].size : 0;
	case TDX_MODEL_MD_MAX_TDMRS:
		return p->max_tdmrs;
	case TDX_MODEL_MD_MAX_RESERVED_PER_TDMR:
		return p->max_reserved_per_tdmr;
	case TDX_MODEL_MD_PAMT_4K_ENTRY_SIZE:
	case TDX_MODEL_MD_PAMT_2M_ENTRY_SIZE:
	case TDX_MODEL_MD_PAMT_1G_ENTRY_SIZE:
		return p->pamt_entry_size;
	default:
		return 0;
	}
}

/*
 * A field ID's parts (TDX 1.5 metadata): FIELD_CODE 23:0, ELEMENT_SIZE
 * 33:32, LAST_ELEMENT 37:34, LAST_FIELD 46:38, INC_SIZE 50,
 * WRITE_MASK_VALID 51, CONTEXT 54:52, CLASS 61:56, NON_ARCH 63; bits 31:24,
 * 49:47, 55 and 62 are reserved.
 */
#define TDX_MODEL_MD_CODE	(GENMASK_ULL(61, 56) | GENMASK_ULL(23, 0))
#define TDX_MODEL_MD_MUST_BE_0	(GENMASK_ULL(31, 24) | GENMASK_ULL(49, 34) | \
				 BIT_ULL(55) | BIT_ULL(62))
#define TDX_MODEL_MD_CONTEXT	GENMASK_ULL(54, 52)

/* The element after field @f, element @elem: its ID, or -1 after the last. */
static u64 tdx_model_md_next(unsigned int f, unsigned int elem)
{
	if (elem + 1 < tdx_model_md_fields[f].nr)
		return tdx_model_md_fields[f].id + elem + 1;
	if (f + 1 < TDX_MODEL_MD_NR)
		return tdx_model_md_fields[f + 1].id;
	return ~0ULL;
}

/*
 * tdh_sys_rd.c tdh_sys_rd() with metadata_generic.c, in this order:
 * outputs RDX = -1 and R8 = 0, LP.INIT on this LP, the null field ID (all
 * ones, whatever the context bits), md_check_as_single_element_id(), the
 * lookup by class and field code (element size, increment size, write-mask
 * and context bits ignored).
 */
static u64 tdx_model_sys_rd(struct tdx_model *m, unsigned int cpu,
			    struct tdx_seamcall_regs *regs)
{
	u64 id = regs->rdx;
	unsigned int f;

	regs->rdx = ~0ULL;
	regs->r8 = 0;
	if (!cpumask_test_cpu(cpu, &m->lp_init))
		return TDX_SYS_LP_INIT_NOT_DONE;
	if ((id | TDX_MODEL_MD_CONTEXT) == ~0ULL) {
		regs->rdx = tdx_model_md_fields[0].id;
		return TDX_METADATA_FIRST_FIELD_ID_IN_CONTEXT;
	}
	if (id & TDX_MODEL_MD_MUST_BE_0)
		return TDX_METADATA_FIELD_ID_INCORRECT;
	for (f = 0; f < TDX_MODEL_MD_NR; f++) {
		u64 first = tdx_model_md_fields[f].id & TDX_MODEL_MD_CODE;
		u64 code = id & TDX_MODEL_MD_CODE;
		unsigned int nr = tdx_model_md_fields[f].nr;

		if (code < first || code >= first + nr)
			continue;
		regs->r8 = tdx_model_md_value(m, f, code - first);
		regs->rdx = tdx_model_md_next(f, code - first);
		return TDX_SUCCESS;
	}
	/* md_read_element(): no such field, no operand ID in the detail. */
	return TDX_METADATA_FIELD_ID_INCORRECT;
}

/* ---------------------------------------------------------------------- */
/* TDH.SYS.CONFIG (tdx-abi §5)                                             */

static u64 __tdx_model_sys_config(struct tdx_model *m,
				  struct tdx_seamcall_regs *regs)
{
	struct tdx_model_config_limits lim = {
		.max_pa = m->prof.max_pa,
		.hkid_start_bit = tdx_model_hkid_start_bit(&m->prof),
		.pamt_entry_size = m->prof.pamt_entry_size,
		.gen_1_0 = m->prof.gen == TDX_MODEL_GEN_1_0,
	};
	unsigned int i, nr, nr_ok;
	u64 *pa_array, ret;
	u16 hkid;

	/* 2. */
	if (m->state != TDX_MODEL_SYSINIT_DONE)
		return TDX_SYS_CONFIG_NOT_PENDING;
	/* 3. every LP of the census did LP.INIT */
	if (m->nr_init_lps != m->census_lps)
		return TDX_SYS_CONFIG_NOT_PENDING;
	/* 4. */
	if (!IS_ALIGNED(regs->rcx, TDX_TDMR_INFO_PA_ARRAY_ALIGN) ||
	    !tdx_model_shared_pa(m, regs->rcx))
		return TDX_OPERAND_INVALID | TDX_OPND_RCX;
	/* 5. */
	if (!regs->rdx || regs->rdx > m->prof.max_tdmrs)
		return TDX_OPERAND_INVALID | TDX_OPND_RDX;
	nr = regs->rdx;
	/* 6. */
	hkid = regs->r8 & 0xffff;
	if (regs->r8 >> 16 || hkid < tdx_model_hkid_min(m) ||
	    hkid > tdx_model_hkid_max(m))
		return TDX_OPERAND_INVALID | TDX_OPND_R8;
	/* Side effect kept even if a later check fails (CONFIRMED). */
	m->global_hkid = hkid;

	pa_array = tdx_model_map(m, regs->rcx, nr * sizeof(u64));
	if (!pa_array)
		return TDX_OPERAND_INVALID | TDX_OPND_RCX;

	/* 7. Copy TDMR_INFOs up to the first bad entry PA ... */
	for (nr_ok = 0; nr_ok < nr; nr_ok++) {
		u64 pa = pa_array[nr_ok];
		const struct tdx_tdmr_info *src;

		if (!IS_ALIGNED(pa, TDX_TDMR_INFO_ALIGN) ||
		    !tdx_model_shared_pa(m, pa))
			break;
		src = tdx_model_map(m, pa, sizeof(*src));
		if (!src)
			break;
		m->cfg[nr_ok] = *src;
		m->cfg_ptrs[nr_ok] = &m->cfg[nr_ok];
	}
	/* ... so that an earlier TDMR's error wins, as in the module's loop. */
	ret = tdx_model_validate_tdmrs(m->cfg_ptrs, nr_ok, m->prof.cmrs,
				       m->prof.nr_cmrs, &lim);
	if (ret)
		return ret;
	if (nr_ok < nr)
		return TDX_OPERAND_INVALID | TDX_OPND_RCX;

	/* 8. Commit. */
	for (i = 0; i < nr; i++) {
		m->tdmrs[i] = m->cfg[i];
		m->tdmr_state[i].next = m->cfg[i].base;
		m->tdmr_state[i].owner = TDX_MODEL_LOCK_FREE;
	}
	m->nr_tdmrs = nr;
	m->pkg_configured = 0;
	m->state = TDX_MODEL_SYSCONFIG_DONE;
	m->pkg_flushed = 0;
	tdx_model_check_pamt(m, "TDH.SYS.CONFIG", true);
	return TDX_SUCCESS;
}

static u64 tdx_model_sys_config(struct tdx_model *m, unsigned int cpu,
				struct tdx_seamcall_regs *regs)
{
	/* 1. */
	u64 ret = tdx_model_excl_enter(m, cpu);

	if (ret)
		return ret;
	ret = __tdx_model_sys_config(m, regs);
	tdx_model_excl_exit(m, cpu);
	return ret;
}

/* ---------------------------------------------------------------------- */
/* TDH.SYS.KEY.CONFIG                                                      */

static u64 __tdx_model_key_config(struct tdx_model *m, unsigned int cpu)
{
	unsigned int pkg = tdx_model_pkg_of(cpu);

	/* Before CONFIG, or after the last package (CONFIRMED). */
	if (m->state != TDX_MODEL_SYSCONFIG_DONE)
		return TDX_SYS_KEY_CONFIG_NOT_PENDING;
	if (m->pkg_configured & BIT_ULL(pkg))
		return TDX_KEY_CONFIGURED;
	if ((m->pkg_flushed & m->census_pkgs) != m->census_pkgs)
		tdx_model_host_error(m,
				     "TDH.SYS.KEY.CONFIG on CPU %u: packages 0x%llx did not flush their caches (WBINVD) since TDH.SYS.CONFIG",
				     cpu, m->census_pkgs & ~m->pkg_flushed);
	/*
	 * PCONFIG "device busy": the package bit stays clear and the module
	 * asks the VMM to retry (CONFIRMED: tdh_sys_key_config.c, helpers.c).
	 */
	if (m->pconfig_busy[pkg]) {
		m->pconfig_busy[pkg]--;
		return TDX_OPERAND_BUSY | TDX_OPND_KET;
	}
	/* PCONFIG entropy failure: package bit stays clear (CONFIRMED). */
	if (m->keygen_fail[pkg]) {
		m->keygen_fail[pkg]--;
		return TDX_KEY_GENERATION_FAILED;
	}
	m->pkg_configured |= BIT_ULL(pkg);
	if ((m->pkg_configured & m->census_pkgs) == m->census_pkgs)
		m->state = TDX_MODEL_SYS_READY;
	return TDX_SUCCESS;
}

static u64 tdx_model_key_config(struct tdx_model *m, unsigned int cpu)
{
	u64 ret = tdx_model_excl_enter(m, cpu);

	if (ret)
		return ret;
	ret = __tdx_model_key_config(m, cpu);
	tdx_model_excl_exit(m, cpu);
	return ret;
}

/* ---------------------------------------------------------------------- */
/* TDH.SYS.TDMR.INIT                                                       */

static bool tdx_model_page_reserved(const struct tdx_tdmr_info *t, u64 addr)
{
	u64 off = addr - t->base;
	unsigned int j;

	for (j = 0; j < TDX_MAX_RESERVED_AREAS; j++) {
		const struct tdx_tdmr_reserved_area *r = &t->reserved_areas[j];

		if (!r->size)
			break;
		if (off >= r->offset && off < r->offset + r->size)
			return true;
	}
	return false;
}

static void tdx_model_pamt_entry(struct tdx_model_pamt_entry *e, u8 type)
{
	memset(e, 0, sizeof(*e));
	e->page_type = type;
}

/*
 * Initialize the PAMT entries of [start, end) of TDMR @t: every 4K entry
 * (PT_RSVD in a reserved area, else PT_NDA: CONFIRMED), and the 2M and 1G
 * entries whose range starts in the chunk (PT_NDA: ASSUMPTION).  Runs
 * without the model's lock (TDMR.INIT on other TDMRs goes on meanwhile):
 * reads only the committed TDMR and the profile.  Returns the number of
 * PAMT writes that found no memory.
 */
static unsigned long tdx_model_init_chunk(const struct tdx_model *m,
					  const struct tdx_tdmr_info *t,
					  u64 start, u64 end)
{
	u64 n4k = (end - start) >> 12, first = (start - t->base) >> 12;
	u64 esz = m->prof.pamt_entry_size;
	struct tdx_model_pamt_entry *e;
	unsigned long unbacked = 0;
	u64 addr, i;

	e = tdx_model_map(m, t->pamt_4k_base + first * esz, n4k * esz);
	if (e && esz == sizeof(*e)) {
		for (i = 0; i < n4k; i++)
			tdx_model_pamt_entry(&e[i],
					     tdx_model_page_reserved(t, start + (i << 12)) ?
					     TDX_PT_RSVD : TDX_PT_NDA);
	} else {
		unbacked++;
	}

	for (addr = ALIGN(start, SZ_2M); addr < end; addr += SZ_2M) {
		e = tdx_model_map(m, t->pamt_2m_base +
				  ((addr - t->base) >> 21) * esz, esz);
		if (e && esz == sizeof(*e))
			tdx_model_pamt_entry(e, TDX_PT_NDA);
		else
			unbacked++;
	}
	for (addr = ALIGN(start, SZ_1G); addr < end; addr += SZ_1G) {
		e = tdx_model_map(m, t->pamt_1g_base +
				  ((addr - t->base) >> 30) * esz, esz);
		if (e && esz == sizeof(*e))
			tdx_model_pamt_entry(e, TDX_PT_NDA);
		else
			unbacked++;
	}
	return unbacked;
}

static u64 tdx_model_tdmr_init(struct tdx_model *m, unsigned int cpu,
			       struct tdx_seamcall_regs *regs)
	__must_hold(&m->lock)
{
	struct tdx_model_tdmr_state *ts = NULL;
	const struct tdx_tdmr_info *t = NULL;
	unsigned long unbacked;
	unsigned int i, epoch;
	u64 start, chunk_end, work_ns, end_ns;

	/* Output RDX zeroed on entry (tdh_sys_tdmr_init.c:53). */
	regs->rdx = 0;
	if (IS_ALIGNED(regs->rcx, TDX_TDMR_ALIGN) &&
	    tdx_model_keyid0_pa(m, regs->rcx)) {
		for (i = 0; i < m->nr_tdmrs; i++) {
			if (m->tdmrs[i].base == regs->rcx) {
				t = &m->tdmrs[i];
				ts = &m->tdmr_state[i];
				break;
			}
		}
	}
	if (!t)
		return TDX_OPERAND_INVALID | TDX_OPND_RCX;
	/*
	 * The per-TDMR try-lock, the leaf's only lock (no global lock): held
	 * by another LP, the caller gets TDX_OPERAND_BUSY (CONFIRMED).
	 */
	if (ts->owner != TDX_MODEL_LOCK_FREE)
		return TDX_OPERAND_BUSY | TDX_OPND_RCX;

	if (ts->next >= t->base + t->size)
		return TDX_TDMR_ALREADY_INITIALIZED;

	/*
	 * 1024 4K entries = 4 MiB of TDMR per call (CONFIRMED), unless a test
	 * sets another step (another module build may split the work
	 * differently).
	 */
	start = ts->next;
	chunk_end = min(start + (m->tdmr_step ? m->tdmr_step : TDX_MODEL_CHUNK),
			t->base + t->size);

	/*
	 * The work is done with only the TDMR's lock held, as in the module:
	 * calls on other TDMRs run meanwhile, and one on this TDMR is busy.
	 * The lock window (a test's) widens that for other CPUs to see.
	 */
	ts->owner = cpu;
	epoch = m->epoch;
	m->tdmr_max_in_flight = max(m->tdmr_max_in_flight, ++m->tdmr_in_flight);
	work_ns = ktime_get_ns();
	if (!m->tdmr_first_ns)
		m->tdmr_first_ns = work_ns;
	raw_spin_unlock(&m->lock);
	unbacked = tdx_model_init_chunk(m, t, start, chunk_end);
	end_ns = ktime_get_ns();
	work_ns = end_ns - work_ns;
	/* The call time on the span's own clock (udelay() drifts under TCG). */
	end_ns += READ_ONCE(m->tdmr_call_us) * NSEC_PER_USEC;
	while (ktime_get_ns() < end_ns)
		cpu_relax();
	if (READ_ONCE(m->lock_window_us))
		udelay(READ_ONCE(m->lock_window_us));
	end_ns = ktime_get_ns();
	raw_spin_lock(&m->lock);
	/*
	 * A reset meanwhile (a test's) forgot this TDMR and zeroed the
	 * counters: leave them so.
	 */
	if (m->epoch != epoch)
		return TDX_SUCCESS;
	m->tdmr_in_flight--;
	m->tdmr_init_calls++;
	m->tdmr_init_ns += work_ns;
	m->tdmr_last_ns = max(m->tdmr_last_ns, end_ns);
	m->unbacked_pamt_writes += unbacked;
	ts->init_nodes |= BIT_ULL(min(cpu_to_node(cpu), 63));
	ts->next = chunk_end;
	ts->owner = TDX_MODEL_LOCK_FREE;

	/* Next-to-initialize, rounded down to 1 GiB (CONFIRMED). */
	regs->rdx = round_down(ts->next, TDX_TDMR_ALIGN);
	return TDX_SUCCESS;
}

/* ---------------------------------------------------------------------- */
/* Shutdown                                                                */

static u64 tdx_model_lp_shutdown(struct tdx_model *m, unsigned int cpu)
{
	/* 1.5: deprecated no-op (CONFIRMED); recorded for observability. */
	if (m->prof.gen == TDX_MODEL_GEN_1_5) {
		cpumask_set_cpu(cpu, &m->lp_shutdown);
		return TDX_SUCCESS;
	}
	/* 1.0: shared lock, then the whole module is shut down (CONFIRMED). */
	if (tdx_model_shared_enter(m, cpu))
		return TDX_SYS_BUSY;
	if (tdx_model_pamt_in_use(m))
		tdx_model_check_pamt(m, "TDH.SYS.LP.SHUTDOWN", true);
	cpumask_set_cpu(cpu, &m->lp_shutdown);
	m->state = TDX_MODEL_SYS_SHUTDOWN;
	return TDX_SUCCESS;
}

static u64 tdx_model_sys_shutdown(struct tdx_model *m, unsigned int cpu,
				  struct tdx_seamcall_regs *regs)
{
	const struct tdx_model_profile *p = &m->prof;
	u64 hv = regs->rcx, ret;

	/* Handoff version (CONFIRMED); ASSUMPTION: RCX bits 63:16 reserved. */
	if (hv > U16_MAX || hv > p->module_hv || hv < p->min_update_hv ||
	    (p->no_downgrade && hv != p->module_hv))
		return TDX_OPERAND_INVALID | TDX_OPND_RCX;
	ret = tdx_model_excl_enter(m, cpu);
	if (ret)
		return ret;
	/* Another LP inside SEAM: stay in SYS_READY (CONFIRMED). */
	if (atomic_read(&m->in_seam) > 1) {
		ret = TDX_SYS_BUSY;
	} else {
		if (tdx_model_pamt_in_use(m))
			tdx_model_check_pamt(m, "TDH.SYS.SHUTDOWN", true);
		m->state = TDX_MODEL_SYS_SHUTDOWN;
		ret = TDX_SUCCESS;
	}
	tdx_model_excl_exit(m, cpu);
	return ret;
}

/* ---------------------------------------------------------------------- */
/* Dispatcher                                                              */

/*
 * Leaf numbers each generation knows (tdx-abi §2).  ASSUMPTION: 1.0 knows
 * 0-45 except the 1.5 additions SYS.RD (34) and SYS.RDALL (37).
 */
static bool tdx_model_leaf_known(const struct tdx_model *m, u64 leaf)
{
	if (m->prof.gen == TDX_MODEL_GEN_1_0)
		return leaf <= TDH_SYS_CONFIG && leaf != TDH_SYS_RD &&
		       leaf != TDH_SYS_RDALL;
	return leaf <= TDH_SYS_CONFIG || leaf == 48 || leaf == 49 ||
	       leaf == TDH_SYS_SHUTDOWN || leaf == TDH_SYS_UPDATE ||
	       (leaf >= 64 && leaf <= 87) || leaf == 96;
}

/* Leaves the dispatcher lets through before SYS_READY (CONFIRMED). */
static bool tdx_model_pre_ready_leaf(const struct tdx_model *m, u64 leaf)
{
	switch (leaf) {
	case TDH_SYS_INFO:
	case TDH_SYS_INIT:
	case TDH_SYS_LP_INIT:
	case TDH_SYS_CONFIG:
	case TDH_SYS_KEY_CONFIG:
	case TDH_SYS_LP_SHUTDOWN:
		return true;
	case TDH_SYS_RD:
	case TDH_SYS_RDALL:
	case TDH_SYS_UPDATE:
		return m->prof.gen == TDX_MODEL_GEN_1_5;
	default:
		return false;
	}
}

static bool tdx_model_injected(struct tdx_model *m, u64 leaf, unsigned int cpu,
			       u64 *status)
{
	unsigned int i;

	for (i = 0; i < TDX_MODEL_MAX_INJECTIONS; i++) {
		struct tdx_model_injection *inj = &m->inj[i];

		if (!inj->used || inj->leaf != leaf ||
		    (inj->cpu >= 0 && inj->cpu != cpu))
			continue;
		inj->seen++;
		if (!inj->nth || inj->seen == inj->nth) {
			*status = inj->status;
			return true;
		}
	}
	return false;
}

static u64 tdx_model_dispatch(struct tdx_model *m, u64 rax, unsigned int cpu,
			      struct tdx_seamcall_regs *regs)
{
	u64 leaf, status;

	if ((rax & 0xffff) < TDX_MODEL_NR_LEAVES)
		m->calls[rax & 0xffff]++;
	if (tdx_model_pamt_in_use(m))
		tdx_model_check_pamt(m, "SEAMCALL", false);

	/* No module loaded: VMfailInvalid, registers untouched. */
	if (m->no_module)
		return TDX_SEAMCALL_VMFAILINVALID;
	/* TDX not enabled by the BIOS: SEAMCALL raises #GP (§1). */
	if (m->prof.tdx_disabled)
		return TDX_SEAMCALL_GP;
	if (tdx_model_injected(m, rax & 0xffff, cpu, &status))
		return status;

	/*
	 * tdx_vmm_dispatcher.c tdx_vmm_dispatcher(), in this order.  1.5:
	 * RAX[63:24] must be 0, and RAX[23:16], the version, 0 for the
	 * leaves the model has (rows 2-3).  1.0 compares the whole RAX with
	 * the leaf numbers in its switch, after the state gates.
	 */
	if (m->prof.gen == TDX_MODEL_GEN_1_5 &&
	    (rax >> TDX_MODEL_RAX_VERSION_SHIFT))
		return TDX_OPERAND_INVALID | TDX_OPND_RAX;
	leaf = rax & 0xffff;
	/*
	 * After shutdown only LP.SHUTDOWN works (CONFIRMED for other LPs).
	 * ASSUMPTION: the LP that shut the module down gets the same status
	 * (the real one comes from an UNCONFIRMED SEAMLDR trampoline).
	 */
	if (m->state == TDX_MODEL_SYS_SHUTDOWN && leaf != TDH_SYS_LP_SHUTDOWN)
		return TDX_SYS_SHUTDOWN;
	/* Unknown leaves too: only the listed ones pass before SYS_READY. */
	if (m->state != TDX_MODEL_SYS_READY && !tdx_model_pre_ready_leaf(m, leaf))
		return TDX_SYS_NOT_READY;
	/*
	 * No LP.INIT gate here: SYS.INFO, RD and RDALL check it in the leaf;
	 * KEY.CONFIG, TDMR.INIT and SYS.SHUTDOWN do not check it at all.
	 */
	if (rax != leaf || !tdx_model_leaf_known(m, leaf))
		return TDX_OPERAND_INVALID | TDX_OPND_RAX;

	switch (leaf) {
	case TDH_SYS_INIT:
		return tdx_model_sys_init(m, cpu, regs);
	case TDH_SYS_LP_INIT:
		return tdx_model_lp_init(m, cpu, regs);
	case TDH_SYS_INFO:
		return tdx_model_sys_info(m, cpu, regs);
	case TDH_SYS_RD:
		return tdx_model_sys_rd(m, cpu, regs);
	case TDH_SYS_CONFIG:
		return tdx_model_sys_config(m, cpu, regs);
	case TDH_SYS_KEY_CONFIG:
		return tdx_model_key_config(m, cpu);
	case TDH_SYS_TDMR_INIT:
		return tdx_model_tdmr_init(m, cpu, regs);
	case TDH_SYS_LP_SHUTDOWN:
		return tdx_model_lp_shutdown(m, cpu);
	case TDH_SYS_SHUTDOWN:
		return tdx_model_sys_shutdown(m, cpu, regs);
	default:
		/* Known to the module, not implemented by the model. */
		return TDX_OPERAND_INVALID | TDX_OPND_RAX;
	}
}

/**
 * tdx_model_seamcall() - the model's SEAMCALL handler
 * @leaf:	RAX: the leaf number (and, in 1.5, the version in bits 23:16)
 * @regs:	RCX, RDX, R8-R11: inputs, and outputs where the leaf has any
 *		(may be NULL for a leaf without operands)
 *
 * Runs on the CPU that made the SEAMCALL, in any context; never sleeps.
 *
 * Return: the completion status the module would put in RAX.
 */
u64 tdx_model_seamcall(u64 leaf, struct tdx_seamcall_regs *regs)
{
	struct tdx_seamcall_regs scratch = {};
	struct tdx_model_arrival *arr;
	struct tdx_model *m = &tdx_model;
	unsigned long flags;
	unsigned int cpu;
	u64 ret;

	local_irq_save(flags);
	/* The CPU's check before the module's (tdx_model_vmx.c). */
	if (tdx_model_vmx_refuses()) {
		local_irq_restore(flags);
		return TDX_SEAMCALL_UD;
	}
	cpu = smp_processor_id();
	arr = this_cpu_ptr(&tdx_model_arrival);
	arr->excl_acquired = atomic_read(&m->excl_acquired);
	arr->any_acquired = atomic_read(&m->any_acquired);
	atomic_inc(&m->in_seam);

	raw_spin_lock(&m->lock);
	/* A caller without inputs or outputs: the leaves may still zero some. */
	ret = tdx_model_dispatch(m, leaf, cpu, regs ? regs : &scratch);
	raw_spin_unlock(&m->lock);

	atomic_dec(&m->in_seam);
	local_irq_restore(flags);
	return ret;
}

/* ---------------------------------------------------------------------- */
/* Activation and reset                                                    */

static void tdx_model_pw_forget(void);

static void __tdx_model_reset(struct tdx_model *m)
{
	unsigned int i;

	lockdep_assert_held(&m->lock);

	m->state = TDX_MODEL_SYSINIT_PENDING;
	m->glock_excl = TDX_MODEL_LOCK_FREE;
	m->glock_shared = 0;
	m->lock_window_us = 0;
	m->tdmr_call_us = 0;
	m->census_lps = 0;
	m->census_pkgs = 0;
	cpumask_clear(&m->lp_init);
	cpumask_clear(&m->lp_shutdown);
	m->nr_init_lps = 0;
	m->pkg_configured = 0;
	memset(m->keygen_fail, 0, sizeof(m->keygen_fail));
	memset(m->pconfig_busy, 0, sizeof(m->pconfig_busy));
	m->global_hkid = -1;
	m->nr_tdmrs = 0;
	m->epoch++;
	memset(m->tdmrs, 0, sizeof(m->tdmrs));
	memset(m->tdmr_state, 0, sizeof(m->tdmr_state));
	for (i = 0; i < TDX_MAX_TDMRS; i++)
		m->tdmr_state[i].owner = TDX_MODEL_LOCK_FREE;
	m->no_module = false;
	memset(m->inj, 0, sizeof(m->inj));
	memset(m->calls, 0, sizeof(m->calls));
	m->unbacked_pamt_writes = 0;
	m->tdmr_in_flight = 0;
	m->tdmr_max_in_flight = 0;
	m->tdmr_init_calls = 0;
	m->tdmr_init_ns = 0;
	m->tdmr_first_ns = 0;
	m->tdmr_last_ns = 0;
	m->tdmr_step = 0;
	m->entropy_fail = 0;
	m->pkg_flushed = 0;
	m->host_errors = 0;
	m->host_error[0] = '\0';
}

/**
 * tdx_model_reset() - make the model "freshly loaded"
 *
 * Clears the module state, every LP's and package's state, the accepted
 * TDMRs and their progress, all injected faults, held test locks, the leaf
 * counters and the record of reset PAMT lines.  The profile, the erratum
 * and activation are unchanged.  Context: process context.
 */
void tdx_model_reset(void)
{
	unsigned long flags;

	raw_spin_lock_irqsave(&tdx_model.lock, flags);
	__tdx_model_reset(&tdx_model);
	raw_spin_unlock_irqrestore(&tdx_model.lock, flags);
	tdx_model_pw_forget();
}

static bool tdx_model_profile_ok(const struct tdx_model_profile *p)
{
	return (p->gen == TDX_MODEL_GEN_1_0 || p->gen == TDX_MODEL_GEN_1_5) &&
	       p->max_pa <= 52 && p->keyid_bits < p->max_pa &&
	       p->max_tdmrs && p->max_tdmrs <= TDX_MAX_TDMRS &&
	       p->pamt_entry_size && p->nr_cmrs <= TDX_MAX_CMRS &&
	       p->nr_mem <= TDX_MODEL_MAX_MEM_RANGES &&
	       p->nr_pkgs <= TDX_MODEL_MAX_PKGS;
}

/**
 * tdx_model_activate() - load @p and handle every SEAMCALL from now on
 * @p: the platform profile (copied)
 *
 * Resets the model and makes it stand in for the CPU at the seam.
 * Context: process context, may sleep.
 *
 * Return: 0 or -EINVAL for an inconsistent profile.
 */
int tdx_model_activate(const struct tdx_model_profile *p)
{
	unsigned long flags;

	might_sleep();
	if (!tdx_model_profile_ok(p))
		return -EINVAL;

	mutex_lock(&tdx_model_mutex);
	raw_spin_lock_irqsave(&tdx_model.lock, flags);
	tdx_model.prof = *p;
	__tdx_model_reset(&tdx_model);
	tdx_model.active = true;
	raw_spin_unlock_irqrestore(&tdx_model.lock, flags);
	tdx_seam_set_ops(&tdx_model_seam_ops);
	mutex_unlock(&tdx_model_mutex);
	return 0;
}

/**
 * tdx_model_deactivate() - give SEAMCALLs back to the real instruction
 *
 * Context: process context, may sleep.
 */
void tdx_model_deactivate(void)
{
	unsigned long flags;

	might_sleep();
	mutex_lock(&tdx_model_mutex);
	tdx_seam_set_ops(NULL);
	raw_spin_lock_irqsave(&tdx_model.lock, flags);
	tdx_model.active = false;
	raw_spin_unlock_irqrestore(&tdx_model.lock, flags);
	mutex_unlock(&tdx_model_mutex);
}

/**
 * tdx_model_active() - is the model handling SEAMCALLs?
 *
 * Return: true between tdx_model_activate() and tdx_model_deactivate().
 */
bool tdx_model_active(void)
{
	return READ_ONCE(tdx_model.active);
}

/**
 * tdx_model_current_profile() - the profile of the active model
 *
 * The returned profile stays valid until the next tdx_model_activate() or
 * tdx_model_set_generation().
 *
 * Return: the profile, or NULL when the model is not active.
 */
const struct tdx_model_profile *tdx_model_current_profile(void)
{
	return tdx_model_active() ? &tdx_model.prof : NULL;
}

/**
 * tdx_model_set_generation() - switch the module generation, then reset
 * @gen: TDX_MODEL_GEN_1_0 or TDX_MODEL_GEN_1_5
 *
 * Also sets the minor version (1.0 or 1.5) the module reports.
 *
 * Return: 0, -EINVAL for an unknown generation, -ENODEV when not active.
 */
int tdx_model_set_generation(enum tdx_model_gen gen)
{
	unsigned long flags;
	int ret = 0;

	if (gen != TDX_MODEL_GEN_1_0 && gen != TDX_MODEL_GEN_1_5)
		return -EINVAL;
	raw_spin_lock_irqsave(&tdx_model.lock, flags);
	if (tdx_model.active) {
		tdx_model.prof.gen = gen;
		tdx_model.prof.major_version = 1;
		tdx_model.prof.minor_version = gen == TDX_MODEL_GEN_1_5 ? 5 : 0;
		__tdx_model_reset(&tdx_model);
	} else {
		ret = -ENODEV;
	}
	raw_spin_unlock_irqrestore(&tdx_model.lock, flags);
	return ret;
}

/**
 * tdx_model_rdmsr() - read a key-management MSR as the profile describes it
 * @msr:	MSR_IA32_MKTME_KEYID_PARTITIONING (0x87) or
 *		TDX_MODEL_MSR_TME_ACTIVATE (0x982)
 * @val:	the value
 *
 * MSR 0x87: bits 31:0 MKTME KeyIDs, 63:32 TDX KeyIDs.  MSR 0x982: locked
 * and enabled, KeyID bits in 35:32.
 *
 * Return: 0; -EIO where the rdmsr would fault (profile "keyids disabled");
 * -EINVAL for another MSR; -ENODEV when the model is not active.
 */
int tdx_model_rdmsr(u32 msr, u64 *val)
{
	const struct tdx_model_profile *p = &tdx_model.prof;

	if (!tdx_model_active())
		return -ENODEV;
	switch (msr) {
	case MSR_IA32_MKTME_KEYID_PARTITIONING:
		if (p->tdx_disabled)
			return -EIO;
		*val = (u64)p->nr_tdx_keyids << 32 | p->nr_mktme_keyids;
		return 0;
	case TDX_MODEL_MSR_TME_ACTIVATE:
		*val = (u64)p->keyid_bits << 32 | BIT_ULL(1) | BIT_ULL(0);
		return 0;
	default:
		return -EINVAL;
	}
}

/* ---------------------------------------------------------------------- */
/* Fault injection                                                         */

/**
 * tdx_model_inject_status() - make a leaf fail with a given status
 * @leaf:	the leaf number (RAX bits 15:0)
 * @status:	the completion status to return instead of running the leaf
 * @cpu:	only on this CPU, or -1 for any CPU
 * @nth:	at the nth matching call from now (1-based), or 0 for every call
 *
 * Injected failures have no side effect and leave the registers alone.
 * Multiple injections may be armed; they are cleared by
 * tdx_model_clear_faults() and tdx_model_reset().
 *
 * Return: 0, or -ENOSPC when TDX_MODEL_MAX_INJECTIONS are already armed.
 */
int tdx_model_inject_status(u64 leaf, u64 status, int cpu, unsigned int nth)
{
	unsigned long flags;
	int i, ret = -ENOSPC;

	raw_spin_lock_irqsave(&tdx_model.lock, flags);
	for (i = 0; i < TDX_MODEL_MAX_INJECTIONS; i++) {
		struct tdx_model_injection *inj = &tdx_model.inj[i];

		if (inj->used)
			continue;
		inj->used = true;
		inj->leaf = leaf & 0xffff;
		inj->status = status;
		inj->cpu = cpu;
		inj->nth = nth;
		inj->seen = 0;
		ret = 0;
		break;
	}
	raw_spin_unlock_irqrestore(&tdx_model.lock, flags);
	return ret;
}

/* Set one package's count of an injected KEY.CONFIG failure. */
static void tdx_model_set_pkg_count(unsigned int *count, unsigned int pkg,
				    unsigned int times)
{
	unsigned long flags;

	if (pkg >= TDX_MODEL_MAX_PKGS)
		return;
	raw_spin_lock_irqsave(&tdx_model.lock, flags);
	count[pkg] = times;
	raw_spin_unlock_irqrestore(&tdx_model.lock, flags);
}

/**
 * tdx_model_inject_keygen_failure() - fail key generation on a package
 * @pkg:	physical package ID
 * @times:	the next @times TDH.SYS.KEY.CONFIG calls on @pkg fail with
 *		TDX_KEY_GENERATION_FAILED (the package stays unconfigured)
 */
void tdx_model_inject_keygen_failure(unsigned int pkg, unsigned int times)
{
	tdx_model_set_pkg_count(tdx_model.keygen_fail, pkg, times);
}

/**
 * tdx_model_inject_pconfig_busy() - make PCONFIG find the device busy
 * @pkg:	physical package ID
 * @times:	the next @times TDH.SYS.KEY.CONFIG calls on @pkg fail with
 *		TDX_OPERAND_BUSY + operand KET (the package stays unconfigured)
 */
void tdx_model_inject_pconfig_busy(unsigned int pkg, unsigned int times)
{
	tdx_model_set_pkg_count(tdx_model.pconfig_busy, pkg, times);
}

/**
 * tdx_model_inject_no_module() - pretend no TDX module is loaded
 * @on: while true, every SEAMCALL returns TDX_SEAMCALL_VMFAILINVALID
 */
void tdx_model_inject_no_module(bool on)
{
	WRITE_ONCE(tdx_model.no_module, on);
}

/**
 * tdx_model_clear_faults() - disarm every injected fault
 */
void tdx_model_clear_faults(void)
{
	unsigned long flags;

	raw_spin_lock_irqsave(&tdx_model.lock, flags);
	tdx_model.no_module = false;
	memset(tdx_model.inj, 0, sizeof(tdx_model.inj));
	memset(tdx_model.keygen_fail, 0, sizeof(tdx_model.keygen_fail));
	memset(tdx_model.pconfig_busy, 0, sizeof(tdx_model.pconfig_busy));
	raw_spin_unlock_irqrestore(&tdx_model.lock, flags);
}

/* ---------------------------------------------------------------------- */
/* The partial-write machine check erratum                                 */

/*
 * On Sapphire Rapids and Emerald Rapids a write of less than a cache line to
 * memory the module wrote with a private KeyID poisons the line, and a later
 * read raises #MC (tdx-abi.md section 9, CONFIRMED).  So the host resets
 * PAMT with MOVDIR64B before giving it back to the page allocator; in a
 * kernel with the model, tdx_model_reset_line() stands in for that
 * instruction and records which lines were reset, one bit per 64-byte line
 * of each TDMR's PAMT level, allocated at the first reset.  The model cannot
 * see the page allocator reuse a line, so it does not raise a #MC; the tests
 * compare the lines the module wrote with those the host reset.
 */
#define TDX_MODEL_LINE		64

/* A TDMR's PAMT level as the module accepted it, and how much it wrote. */
struct tdx_model_pamt_level {
	u64 base;
	u64 size;
	u64 written;		/* bytes from @base TDMR.INIT wrote */
};

static struct {
	struct mutex lock;		/* protects the rest but @erratum */
	bool erratum;
	unsigned long *map[TDX_MAX_TDMRS][TDX_PS_NR];
	unsigned long reset;
	unsigned long outside;
	/* Scratch: the module's PAMT levels, taken under the model's lock */
	struct tdx_model_pamt_level lv[TDX_MAX_TDMRS][TDX_PS_NR];
} tdx_model_pw = {
	.lock = __MUTEX_INITIALIZER(tdx_model_pw.lock),
};

static void tdx_model_pamt_levels(struct tdx_model_pamt_level
				  (*lv)[TDX_PS_NR], unsigned int *nr)
{
	struct tdx_model *m = &tdx_model;
	unsigned long flags;
	unsigned int i;

	lockdep_assert_held(&tdx_model_pw.lock);
	raw_spin_lock_irqsave(&m->lock, flags);
	*nr = m->nr_tdmrs;
	for (i = 0; i < m->nr_tdmrs; i++) {
		const struct tdx_tdmr_info *t = &m->tdmrs[i];
		u64 done = m->tdmr_state[i].next - t->base;
		u64 esz = m->prof.pamt_entry_size;

		lv[i][TDX_PS_4K] = (struct tdx_model_pamt_level) {
			t->pamt_4k_base, t->pamt_4k_size, (done >> 12) * esz };
		lv[i][TDX_PS_2M] = (struct tdx_model_pamt_level) {
			t->pamt_2m_base, t->pamt_2m_size,
			DIV_ROUND_UP(done, SZ_2M) * esz };
		lv[i][TDX_PS_1G] = (struct tdx_model_pamt_level) {
			t->pamt_1g_base, t->pamt_1g_size,
			DIV_ROUND_UP(done, SZ_1G) * esz };
	}
	raw_spin_unlock_irqrestore(&m->lock, flags);
}

static void tdx_model_pw_free_maps(void)
{
	unsigned int i, l;

	lockdep_assert_held(&tdx_model_pw.lock);
	for (i = 0; i < TDX_MAX_TDMRS; i++)
		for (l = 0; l < TDX_PS_NR; l++) {
			bitmap_free(tdx_model_pw.map[i][l]);
			tdx_model_pw.map[i][l] = NULL;
		}
	tdx_model_pw.reset = 0;
	tdx_model_pw.outside = 0;
}

/* Forget which lines were reset (the module forgot its PAMT). */
static void tdx_model_pw_forget(void)
{
	mutex_lock(&tdx_model_pw.lock);
	tdx_model_pw_free_maps();
	mutex_unlock(&tdx_model_pw.lock);
}

/**
 * tdx_model_set_pw_mce_erratum() - give the platform the erratum, or not
 * @on: whether the CPUs have the partial-write machine check erratum
 *
 * Also forgets which lines were reset.  Context: process context.
 */
void tdx_model_set_pw_mce_erratum(bool on)
{
	mutex_lock(&tdx_model_pw.lock);
	tdx_model_pw_free_maps();
	WRITE_ONCE(tdx_model_pw.erratum, on);
	mutex_unlock(&tdx_model_pw.lock);
}

/**
 * tdx_model_pw_mce_erratum() - does the platform have the erratum?
 *
 * Return: what tdx_model_set_pw_mce_erratum() set last (initially false).
 */
bool tdx_model_pw_mce_erratum(void)
{
	return READ_ONCE(tdx_model_pw.erratum);
}

/**
 * tdx_model_reset_line() - what MOVDIR64B of 64 zero bytes does, recorded
 * @pa: physical address of the line, 64-byte aligned, mapped by the kernel
 *
 * Context: process context, may sleep (the first call allocates).
 */
void tdx_model_reset_line(u64 pa)
{
	struct tdx_model_pamt_level (*lv)[TDX_PS_NR] = tdx_model_pw.lv;
	unsigned int nr, i, l;

	might_sleep();
	if (WARN_ON_ONCE(!IS_ALIGNED(pa, TDX_MODEL_LINE)))
		return;
	memset(__va(pa), 0, TDX_MODEL_LINE);

	mutex_lock(&tdx_model_pw.lock);
	tdx_model_pamt_levels(lv, &nr);
	for (i = 0; i < nr; i++) {
		for (l = 0; l < TDX_PS_NR; l++) {
			unsigned long **map = &tdx_model_pw.map[i][l];

			if (pa < lv[i][l].base ||
			    pa >= lv[i][l].base + lv[i][l].size)
				continue;
			if (!*map)
				*map = bitmap_zalloc(lv[i][l].size / TDX_MODEL_LINE,
						     GFP_KERNEL);
			if (*map)
				__set_bit((pa - lv[i][l].base) / TDX_MODEL_LINE,
					  *map);
			tdx_model_pw.reset++;
			goto out;
		}
	}
	tdx_model_pw.outside++;
out:
	mutex_unlock(&tdx_model_pw.lock);
}

/**
 * tdx_model_reset_stats() - the module's PAMT lines against the host's resets
 * @s: filled in
 *
 * Context: process context, may sleep.
 */
void tdx_model_reset_stats(struct tdx_model_reset_stats *s)
{
	struct tdx_model_pamt_level (*lv)[TDX_PS_NR] = tdx_model_pw.lv;
	unsigned int nr, i, l;
	unsigned long n, bit;

	memset(s, 0, sizeof(*s));
	mutex_lock(&tdx_model_pw.lock);
	tdx_model_pamt_levels(lv, &nr);
	for (i = 0; i < nr; i++) {
		for (l = 0; l < TDX_PS_NR; l++) {
			const unsigned long *map = tdx_model_pw.map[i][l];

			n = DIV_ROUND_UP(min(lv[i][l].written, lv[i][l].size),
					 TDX_MODEL_LINE);
			s->written += n;
			for (bit = 0; bit < n; bit++)
				if (!map || !test_bit(bit, map))
					s->not_reset++;
		}
	}
	s->reset = tdx_model_pw.reset;
	s->outside = tdx_model_pw.outside;
	mutex_unlock(&tdx_model_pw.lock);
}

/* ---------------------------------------------------------------------- */
/* Test hooks                                                              */

/**
 * tdx_model_hold_lock() - hold one of the module's locks, as an LP would
 * @lock:	which lock
 * @idx:	the TDMR index for TDX_MODEL_LOCK_TDMR, else ignored
 *
 * Makes concurrency deterministic: while the global lock is held
 * exclusively, leaves that take it get TDX_SYS_BUSY; while it is held
 * shared, exclusive takers do; while a TDMR's lock is held, TDMR.INIT of
 * that TDMR gets TDX_OPERAND_BUSY.  Release with tdx_model_release_lock().
 *
 * Return: 0, -EBUSY if the lock cannot be taken, -EINVAL for a bad @idx.
 */
int tdx_model_hold_lock(enum tdx_model_lock lock, unsigned int idx)
{
	struct tdx_model *m = &tdx_model;
	unsigned long flags;
	int ret = 0;

	raw_spin_lock_irqsave(&m->lock, flags);
	switch (lock) {
	case TDX_MODEL_LOCK_GLOBAL_EXCL:
		if (m->glock_excl != TDX_MODEL_LOCK_FREE || m->glock_shared)
			ret = -EBUSY;
		else
			m->glock_excl = TDX_MODEL_LOCK_TEST;
		break;
	case TDX_MODEL_LOCK_GLOBAL_SHARED:
		if (m->glock_excl != TDX_MODEL_LOCK_FREE)
			ret = -EBUSY;
		else
			m->glock_shared++;
		break;
	case TDX_MODEL_LOCK_TDMR:
		if (idx >= m->nr_tdmrs)
			ret = -EINVAL;
		else if (m->tdmr_state[idx].owner != TDX_MODEL_LOCK_FREE)
			ret = -EBUSY;
		else
			m->tdmr_state[idx].owner = TDX_MODEL_LOCK_TEST;
		break;
	default:
		ret = -EINVAL;
	}
	raw_spin_unlock_irqrestore(&m->lock, flags);
	return ret;
}

/**
 * tdx_model_release_lock() - release a lock taken by tdx_model_hold_lock()
 * @lock:	which lock
 * @idx:	the TDMR index for TDX_MODEL_LOCK_TDMR, else ignored
 */
void tdx_model_release_lock(enum tdx_model_lock lock, unsigned int idx)
{
	struct tdx_model *m = &tdx_model;
	unsigned long flags;

	raw_spin_lock_irqsave(&m->lock, flags);
	switch (lock) {
	case TDX_MODEL_LOCK_GLOBAL_EXCL:
		if (m->glock_excl == TDX_MODEL_LOCK_TEST)
			m->glock_excl = TDX_MODEL_LOCK_FREE;
		break;
	case TDX_MODEL_LOCK_GLOBAL_SHARED:
		if (m->glock_shared)
			m->glock_shared--;
		break;
	case TDX_MODEL_LOCK_TDMR:
		if (idx < m->nr_tdmrs &&
		    m->tdmr_state[idx].owner == TDX_MODEL_LOCK_TEST)
			m->tdmr_state[idx].owner = TDX_MODEL_LOCK_FREE;
		break;
	}
	raw_spin_unlock_irqrestore(&m->lock, flags);
}

/**
 * tdx_model_inject_entropy_failure() - RDRAND fails in SYS.INIT / LP.INIT
 * @times: the next @times TDH.SYS.INIT or TDH.SYS.LP.INIT calls find no
 *	   entropy: TDX_RND_NO_ENTROPY on 1.5, TDX_SYS_BUSY on 1.0.
 */
void tdx_model_inject_entropy_failure(unsigned int times)
{
	unsigned long flags;

	raw_spin_lock_irqsave(&tdx_model.lock, flags);
	tdx_model.entropy_fail = times;
	raw_spin_unlock_irqrestore(&tdx_model.lock, flags);
}

/**
 * tdx_model_set_tdmr_init_step() - bytes of TDMR one TDH.SYS.TDMR.INIT covers
 * @bytes: a multiple of 4 KiB; 0 for the module's 4 MiB.  Cleared by reset.
 */
void tdx_model_set_tdmr_init_step(u64 bytes)
{
	unsigned long flags;

	raw_spin_lock_irqsave(&tdx_model.lock, flags);
	tdx_model.tdmr_step = round_down(bytes, SZ_4K);
	raw_spin_unlock_irqrestore(&tdx_model.lock, flags);
}

/**
 * tdx_model_set_lock_window() - keep the global lock held longer
 * @usecs: microseconds each exclusive leaf holds the global lock before
 *	   doing its work (0: no delay), so that a concurrent caller on
 *	   another CPU really sees TDX_SYS_BUSY.  Cleared by reset.
 */
void tdx_model_set_lock_window(unsigned int usecs)
{
	unsigned long flags;

	raw_spin_lock_irqsave(&tdx_model.lock, flags);
	tdx_model.lock_window_us = min(usecs, 100000U);
	raw_spin_unlock_irqrestore(&tdx_model.lock, flags);
}

/**
 * tdx_model_set_tdmr_call_time() - make every TDMR.INIT call take longer
 * @usecs: microseconds (at most 10000) each TDH.SYS.TDMR.INIT call spends,
 *	   after its work, with its TDMR's lock held (0: none).  A stand-in
 *	   for the module's own time per call, which the model's work under
 *	   TCG does not represent: the benchmark (debugfs tdmr_call_us)
 *	   measures with it how the host's parallel TDMR initialization
 *	   scales when the calls, not the emulator, take the time.  Not in
 *	   the work time of tdx_model_tdmr_init_stats(), in its span.
 *	   Cleared by reset.
 */
void tdx_model_set_tdmr_call_time(unsigned int usecs)
{
	unsigned long flags;

	raw_spin_lock_irqsave(&tdx_model.lock, flags);
	tdx_model.tdmr_call_us = min(usecs, 10000U);
	raw_spin_unlock_irqrestore(&tdx_model.lock, flags);
}

/* ---------------------------------------------------------------------- */
/* Observability                                                           */

/**
 * tdx_model_sys_state() - the module's global state
 *
 * Return: the state (TDX_MODEL_SYSINIT_PENDING when freshly loaded).
 */
enum tdx_model_sys_state tdx_model_sys_state(void)
{
	return READ_ONCE(tdx_model.state);
}

/**
 * tdx_model_lp_init_done() - did @cpu run TDH.SYS.LP.INIT successfully?
 * @cpu: the CPU
 *
 * Return: true if it did since the last reset.
 */
bool tdx_model_lp_init_done(unsigned int cpu)
{
	return cpu < nr_cpu_ids && cpumask_test_cpu(cpu, &tdx_model.lp_init);
}

/**
 * tdx_model_lp_shutdown_done() - did @cpu run TDH.SYS.LP.SHUTDOWN?
 * @cpu: the CPU
 *
 * Return: true if it did (successfully, in either generation).
 */
bool tdx_model_lp_shutdown_done(unsigned int cpu)
{
	return cpu < nr_cpu_ids && cpumask_test_cpu(cpu, &tdx_model.lp_shutdown);
}

/**
 * tdx_model_nr_lps() - the number of LPs TDH.SYS.CONFIG waits for
 *
 * Return: the census taken by TDH.SYS.INIT, or before it the profile's
 * count or the number of online CPUs.
 */
unsigned int tdx_model_nr_lps(void)
{
	struct tdx_model *m = &tdx_model;

	if (m->state != TDX_MODEL_SYSINIT_PENDING)
		return m->census_lps;
	return m->prof.nr_lps ? m->prof.nr_lps : num_online_cpus();
}

/**
 * tdx_model_nr_pkgs() - the number of packages that need TDH.SYS.KEY.CONFIG
 *
 * Return: the census taken by TDH.SYS.INIT, or before it the profile's
 * count or the packages of the online CPUs.
 */
unsigned int tdx_model_nr_pkgs(void)
{
	struct tdx_model *m = &tdx_model;
	unsigned long flags;
	u64 pkgs;

	raw_spin_lock_irqsave(&m->lock, flags);
	pkgs = m->state != TDX_MODEL_SYSINIT_PENDING ? m->census_pkgs :
	       tdx_model_census_pkgs(m);
	raw_spin_unlock_irqrestore(&m->lock, flags);
	return hweight64(pkgs);
}

/**
 * tdx_model_pkg_key_configured() - did TDH.SYS.KEY.CONFIG succeed on @pkg?
 * @pkg: physical package ID (topology_physical_package_id())
 *
 * Return: true if the package's key is configured.
 */
bool tdx_model_pkg_key_configured(unsigned int pkg)
{
	return pkg < TDX_MODEL_MAX_PKGS &&
	       (READ_ONCE(tdx_model.pkg_configured) & BIT_ULL(pkg));
}

/**
 * tdx_model_nr_tdmrs() - the number of TDMRs TDH.SYS.CONFIG accepted
 *
 * Return: 0 before a successful TDH.SYS.CONFIG.
 */
unsigned int tdx_model_nr_tdmrs(void)
{
	return READ_ONCE(tdx_model.nr_tdmrs);
}

/**
 * tdx_model_tdmr() - a TDMR of the accepted configuration
 * @i: TDMR index
 *
 * Return: the model's copy of TDMR_INFO @i, or NULL if @i is out of range.
 */
const struct tdx_tdmr_info *tdx_model_tdmr(unsigned int i)
{
	return i < tdx_model_nr_tdmrs() ? &tdx_model.tdmrs[i] : NULL;
}

/* A consistent copy of TDMR @i's state and base; false if out of range. */
static bool tdx_model_tdmr_get(unsigned int i, struct tdx_model_tdmr_state *ts,
			       u64 *base)
{
	struct tdx_model *m = &tdx_model;
	unsigned long flags;
	bool ok;

	raw_spin_lock_irqsave(&m->lock, flags);
	ok = i < m->nr_tdmrs;
	if (ok) {
		*ts = m->tdmr_state[i];
		*base = m->tdmrs[i].base;
	}
	raw_spin_unlock_irqrestore(&m->lock, flags);
	return ok;
}

/**
 * tdx_model_tdmr_initialized() - how much of TDMR @i is initialized
 * @i: TDMR index
 *
 * Return: bytes of the TDMR whose PAMT TDH.SYS.TDMR.INIT has initialized
 * (the TDMR size when done), 0 if @i is out of range.
 */
u64 tdx_model_tdmr_initialized(unsigned int i)
{
	struct tdx_model_tdmr_state ts;
	u64 base;

	return tdx_model_tdmr_get(i, &ts, &base) ? ts.next - base : 0;
}

/**
 * tdx_model_tdmr_init_nodes() - which nodes' CPUs initialized TDMR @i
 * @i: TDMR index
 *
 * Return: a bitmap of the NUMA nodes of the LPs whose TDH.SYS.TDMR.INIT
 * calls initialized a part of TDMR @i (nodes 63 and above as bit 63), 0 if
 * none or @i is out of range.
 */
u64 tdx_model_tdmr_init_nodes(unsigned int i)
{
	struct tdx_model_tdmr_state ts;
	u64 base;

	return tdx_model_tdmr_get(i, &ts, &base) ? ts.init_nodes : 0;
}

/**
 * tdx_model_leaf_calls() - how often a leaf was called since the last reset
 * @leaf: the leaf number
 *
 * Every call counts, also failed and injected ones.
 *
 * Return: the number of calls.
 */
unsigned long tdx_model_leaf_calls(u64 leaf)
{
	return leaf < TDX_MODEL_NR_LEAVES ? READ_ONCE(tdx_model.calls[leaf]) : 0;
}

/**
 * tdx_model_tdmr_init_stats() - TDH.SYS.TDMR.INIT's work and concurrency
 * @s: filled with the figures since the last reset
 *
 * Counts the calls that took their TDMR's try-lock (not the busy, failed
 * or injected ones), the time their work took (PAMT writes, without a
 * test's lock window), and how many were in flight at once: the module
 * never serializes TDMR.INIT calls on different TDMRs, so with a worker
 * per TDMR the maximum reaches the number of workers.
 */
void tdx_model_tdmr_init_stats(struct tdx_model_tdmr_init_stats *s)
{
	struct tdx_model *m = &tdx_model;
	unsigned long flags;

	raw_spin_lock_irqsave(&m->lock, flags);
	s->calls = m->tdmr_init_calls;
	s->work_ns = m->tdmr_init_ns;
	s->in_flight = m->tdmr_in_flight;
	s->max_in_flight = m->tdmr_max_in_flight;
	s->span_ns = m->tdmr_first_ns && m->tdmr_last_ns > m->tdmr_first_ns ?
		     m->tdmr_last_ns - m->tdmr_first_ns : 0;
	raw_spin_unlock_irqrestore(&m->lock, flags);
}

/**
 * tdx_model_global_hkid() - the global KeyID TDH.SYS.CONFIG recorded
 *
 * Recorded as soon as R8 passes its check, even if TDH.SYS.CONFIG then
 * fails on a TDMR.
 *
 * Return: the KeyID, or -1 if none.
 */
int tdx_model_global_hkid(void)
{
	return READ_ONCE(tdx_model.global_hkid);
}

/* ---------------------------------------------------------------------- */
/* debugfs: /sys/kernel/debug/tdx_model/                                  */

static int tdx_model_state_show(struct seq_file *s, void *unused)
{
	struct tdx_model *m = &tdx_model;
	unsigned long flags;
	unsigned int i;

	raw_spin_lock_irqsave(&m->lock, flags);
	seq_printf(s, "active: %d\nprofile: %s\ngeneration: %u.%u\n",
		   m->active, m->prof.name, m->prof.gen / 10, m->prof.gen % 10);
	seq_printf(s, "state: %s\n", tdx_model_state_names[m->state]);
	seq_printf(s, "census: %u LPs, packages 0x%llx\n", m->census_lps,
		   m->census_pkgs);
	seq_printf(s, "lp_init: %u: %*pbl\n", m->nr_init_lps,
		   cpumask_pr_args(&m->lp_init));
	seq_printf(s, "lp_shutdown: %*pbl\n", cpumask_pr_args(&m->lp_shutdown));
	seq_printf(s, "packages_configured: 0x%llx\n", m->pkg_configured);
	seq_printf(s, "global_hkid: %d\n", m->global_hkid);
	for (i = 0; i < m->nr_tdmrs; i++)
		seq_printf(s, "tdmr %u: 0x%llx-0x%llx initialized 0x%llx\n", i,
			   m->tdmrs[i].base, m->tdmrs[i].base + m->tdmrs[i].size,
			   m->tdmr_state[i].next - m->tdmrs[i].base);
	seq_printf(s, "no_module: %d\n", m->no_module);
	for (i = 0; i < TDX_MODEL_MAX_INJECTIONS; i++) {
		if (m->inj[i].used)
			seq_printf(s, "inject: leaf %u status 0x%llx cpu %d nth %u seen %u\n",
				   m->inj[i].leaf, m->inj[i].status, m->inj[i].cpu,
				   m->inj[i].nth, m->inj[i].seen);
	}
	for (i = 0; i < TDX_MODEL_MAX_PKGS; i++) {
		if (m->keygen_fail[i])
			seq_printf(s, "keygen_fail: package %u times %u\n", i,
				   m->keygen_fail[i]);
	}
	for (i = 0; i < TDX_MODEL_NR_LEAVES; i++) {
		if (m->calls[i])
			seq_printf(s, "calls: leaf %u: %lu\n", i, m->calls[i]);
	}
	seq_printf(s, "unbacked_pamt_writes: %lu\n", m->unbacked_pamt_writes);
	seq_printf(s, "tdmr_init: %lu calls, %u in flight, at most %u\n",
		   m->tdmr_init_calls, m->tdmr_in_flight, m->tdmr_max_in_flight);
	seq_printf(s, "host_errors: %lu%s%s\n", m->host_errors,
		   m->host_errors ? ", first: " : "", m->host_error);
	raw_spin_unlock_irqrestore(&m->lock, flags);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(tdx_model_state);

static int tdx_model_profile_show(struct seq_file *s, void *unused)
{
	const struct tdx_model_profile *p = &tdx_model.prof;
	unsigned int i;

	mutex_lock(&tdx_model_mutex);
	seq_printf(s, "name %s\ngeneration %u.%u\n", p->name, p->gen / 10,
		   p->gen % 10);
	seq_printf(s, "version %u.%u.%u\nbuild %u %u\nattributes 0x%x\n",
		   p->major_version, p->minor_version, p->update_version,
		   p->build_num, p->build_date, p->attributes);
	seq_printf(s, "features0 0x%llx\nhandoff %u %u%s\n", p->features0,
		   p->module_hv, p->min_update_hv,
		   p->no_downgrade ? " no_downgrade" : "");
	seq_printf(s, "max_tdmrs %u\nmax_reserved_per_tdmr %u\npamt_entry_size %u\n",
		   p->max_tdmrs, p->max_reserved_per_tdmr, p->pamt_entry_size);
	seq_printf(s, "max_pa %u\nkeyid_bits %u\n", p->max_pa, p->keyid_bits);
	if (p->tdx_disabled)
		seq_puts(s, "keyids disabled\n");
	else
		seq_printf(s, "keyids mktme %u tdx %u\n", p->nr_mktme_keyids,
			   p->nr_tdx_keyids);
	if (p->nr_lps)
		seq_printf(s, "cpus %u packages %u\n", p->nr_lps, p->nr_pkgs);
	if (p->nr_nodes)
		seq_printf(s, "nodes %u\n", p->nr_nodes);
	for (i = 0; i < p->nr_mem; i++) {
		seq_printf(s, "memory 0x%llx-0x%llx %s", p->mem[i].start,
			   p->mem[i].end,
			   p->mem[i].type == TDX_MODEL_MEM_USABLE ? "usable" : "reserved");
		if (p->mem[i].nid >= 0)
			seq_printf(s, " node %d", p->mem[i].nid);
		seq_putc(s, '\n');
	}
	for (i = 0; i < p->nr_cmrs; i++)
		seq_printf(s, "cmr 0x%llx-0x%llx\n", p->cmrs[i].base,
			   p->cmrs[i].base + p->cmrs[i].size);
	mutex_unlock(&tdx_model_mutex);
	return 0;
}

static int tdx_model_profile_open(struct inode *inode, struct file *file)
{
	return single_open(file, tdx_model_profile_show, inode->i_private);
}

#define TDX_MODEL_PROFILE_MAX_TEXT	SZ_64K

/* Writing a profile text (in one write) parses and activates it. */
static ssize_t tdx_model_profile_write(struct file *file, const char __user *ubuf,
				       size_t len, loff_t *ppos)
{
	struct tdx_model_profile *p;
	char err[TDX_MODEL_ERR_LEN];
	char *text;
	int ret;

	if (*ppos || len >= TDX_MODEL_PROFILE_MAX_TEXT)
		return -EINVAL;
	text = memdup_user_nul(ubuf, len);
	if (IS_ERR(text))
		return PTR_ERR(text);
	p = kmalloc(sizeof(*p), GFP_KERNEL);
	if (!p) {
		ret = -ENOMEM;
		goto free_text;
	}
	ret = tdx_model_parse_profile(text, p, err, sizeof(err));
	if (ret) {
		pr_err("debugfs profile rejected: %s\n", err);
		goto free_profile;
	}
	ret = tdx_model_activate(p);
	if (!ret)
		pr_info("active: profile %s from debugfs\n", p->name);
free_profile:
	kfree(p);
free_text:
	kfree(text);
	return ret ? ret : len;
}

static const struct file_operations tdx_model_profile_fops = {
	.open = tdx_model_profile_open,
	.read = seq_read,
	.llseek = seq_lseek,
	.release = single_release,
	.write = tdx_model_profile_write,
};

/* "1.0" or "1.5": switch the generation of the active profile, reset. */
static ssize_t tdx_model_generation_write(struct file *file,
					  const char __user *ubuf,
					  size_t len, loff_t *ppos)
{
	char buf[8];
	int ret;

	if (len >= sizeof(buf))
		return -EINVAL;
	if (copy_from_user(buf, ubuf, len))
		return -EFAULT;
	buf[len] = '\0';
	if (sysfs_streq(buf, "1.0"))
		ret = tdx_model_set_generation(TDX_MODEL_GEN_1_0);
	else if (sysfs_streq(buf, "1.5"))
		ret = tdx_model_set_generation(TDX_MODEL_GEN_1_5);
	else
		ret = -EINVAL;
	return ret ? ret : len;
}

static const struct file_operations tdx_model_generation_fops = {
	.open = simple_open,
	.write = tdx_model_generation_write,
	.llseek = noop_llseek,
};

/*
 * Write one command:
 *   <leaf> <status> <cpu|-1> <nth>	inject a status (nth 0 = always)
 *   keygen <pkg> <times>		fail KEY.CONFIG on a package
 *   nomodule <0|1>			VMfailInvalid for every SEAMCALL
 *   clear				disarm every fault
 */
static ssize_t tdx_model_inject_write(struct file *file, const char __user *ubuf,
				      size_t len, loff_t *ppos)
{
	unsigned int pkg, times, nth, on;
	long long leaf, status;
	char buf[96];
	int cpu, ret;

	if (len >= sizeof(buf))
		return -EINVAL;
	if (copy_from_user(buf, ubuf, len))
		return -EFAULT;
	buf[len] = '\0';

	if (sscanf(buf, "keygen %u %u", &pkg, &times) == 2) {
		tdx_model_inject_keygen_failure(pkg, times);
	} else if (sscanf(buf, "nomodule %u", &on) == 1) {
		tdx_model_inject_no_module(on);
	} else if (!strncmp(buf, "clear", 5)) {
		tdx_model_clear_faults();
	} else if (sscanf(buf, "%lli %lli %d %u", &leaf, &status, &cpu, &nth) == 4) {
		ret = tdx_model_inject_status(leaf, status, cpu, nth);
		if (ret)
			return ret;
	} else {
		return -EINVAL;
	}
	return len;
}

static const struct file_operations tdx_model_inject_fops = {
	.open = simple_open,
	.write = tdx_model_inject_write,
	.llseek = noop_llseek,
};

static int tdx_model_tdmr_init_show(struct seq_file *s, void *unused)
{
	struct tdx_model_tdmr_init_stats st;

	tdx_model_tdmr_init_stats(&st);
	seq_printf(s, "calls %lu\nwork_ns %llu\nin_flight %u\nmax_in_flight %u\nspan_ns %llu\n",
		   st.calls, st.work_ns, st.in_flight, st.max_in_flight,
		   st.span_ns);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(tdx_model_tdmr_init);

static ssize_t tdx_model_reset_write(struct file *file, const char __user *ubuf,
				     size_t len, loff_t *ppos)
{
	tdx_model_reset();
	return len;
}

static const struct file_operations tdx_model_reset_fops = {
	.open = simple_open,
	.write = tdx_model_reset_write,
	.llseek = noop_llseek,
};

/*
 * "1" or "0": give the platform the partial-write machine check erratum, or
 * not (tdx_model_set_pw_mce_erratum()); the selftests' kexec boot sets it.
 */
static ssize_t tdx_model_pw_mce_erratum_write(struct file *file,
					      const char __user *ubuf,
					      size_t len, loff_t *ppos)
{
	bool on;
	int ret;

	ret = kstrtobool_from_user(ubuf, len, &on);
	if (ret)
		return ret;
	tdx_model_set_pw_mce_erratum(on);
	return len;
}

/* Microseconds every TDMR.INIT call takes besides its work (the bench). */
static ssize_t tdx_model_tdmr_call_us_write(struct file *file,
					    const char __user *ubuf,
					    size_t len, loff_t *ppos)
{
	unsigned int usecs;
	int ret;

	ret = kstrtouint_from_user(ubuf, len, 0, &usecs);
	if (ret)
		return ret;
	if (usecs > 10000) {
		pr_err("tdmr_call_us %u: at most 10000\n", usecs);
		return -EINVAL;
	}
	tdx_model_set_tdmr_call_time(usecs);
	return len;
}

static const struct file_operations tdx_model_tdmr_call_us_fops = {
	.open = simple_open,
	.write = tdx_model_tdmr_call_us_write,
	.llseek = noop_llseek,
};

static const struct file_operations tdx_model_pw_mce_erratum_fops = {
	.open = simple_open,
	.write = tdx_model_pw_mce_erratum_write,
	.llseek = noop_llseek,
};

static int __init tdx_model_debugfs_init(void)
{
	struct dentry *dir = debugfs_create_dir("tdx_model", NULL);

	debugfs_create_file("state", 0444, dir, NULL, &tdx_model_state_fops);
	debugfs_create_file("profile", 0644, dir, NULL, &tdx_model_profile_fops);
	debugfs_create_file("generation", 0200, dir, NULL, &tdx_model_generation_fops);
	debugfs_create_file("inject", 0200, dir, NULL, &tdx_model_inject_fops);
	debugfs_create_file("reset", 0200, dir, NULL, &tdx_model_reset_fops);
	debugfs_create_file("tdmr_init", 0444, dir, NULL,
			    &tdx_model_tdmr_init_fops);
	debugfs_create_file("pw_mce_erratum", 0200, dir, NULL,
			    &tdx_model_pw_mce_erratum_fops);
	debugfs_create_file("tdmr_call_us", 0200, dir, NULL,
			    &tdx_model_tdmr_call_us_fops);
	return 0;
}
late_initcall(tdx_model_debugfs_init);

/* ---------------------------------------------------------------------- */
/* Boot                                                                    */

static bool tdx_model_boot_off __initdata;
static struct tdx_model_profile tdx_model_boot __initdata;

/* tdx_model=on|off: see the comment at the top of this file. */
static int __init tdx_model_param(char *s)
{
	if (s && !strcmp(s, "off"))
		tdx_model_boot_off = true;
	else if (s && !strcmp(s, "on"))
		tdx_model_boot_off = false;
	else
		pr_err("tdx_model=%s: invalid value; accepted values: on, off (using on)\n",
		       s ? s : "");
	return 0;
}
early_param("tdx_model", tdx_model_param);

static int __init tdx_model_init(void)
{
	struct tdx_model_profile *p = &tdx_model_boot;
	int ret;

	if (tdx_model_boot_off) {
		pr_info("not activated (tdx_model=off)\n");
		return 0;
	}
	ret = tdx_model_boot_profile(p);
	if (!ret)
		ret = tdx_model_activate(p);
	if (ret) {
		pr_err("not activated: no usable boot profile (%d)\n", ret);
		return 0;
	}
	pr_info("active: TDX %u.%u module model, %u CMRs, private KeyIDs [%u, %u)\n",
		p->gen / 10, p->gen % 10, p->nr_cmrs, p->nr_mktme_keyids + 1,
		p->nr_mktme_keyids + p->nr_tdx_keyids + 1);
	return 0;
}
early_initcall(tdx_model_init);
