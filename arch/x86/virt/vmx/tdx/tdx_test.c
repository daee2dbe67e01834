// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of the TDX core against the software model of the TDX module.
 *
 * The tests reach the core's state and steps through internal.h, and the
 * model through its own interface: the core does not know it is tested.
 * The printed lines are checked through the console tracepoint, like
 * mm/kfence/kfence_test.c.
 */
#include <kunit/test.h>
#include <linux/cpu.h>
#include <linux/cpuhotplug.h>
#include <linux/memory.h>
#include <linux/mm.h>
#include <linux/mutex.h>
#include <linux/nodemask.h>
#include <linux/notifier.h>
#include <linux/sizes.h>
#include <linux/slab.h>
#include <linux/suspend.h>
#include <linux/topology.h>
#include <asm/msr-index.h>
#include <asm/tdx.h>
#include <linux/kthread.h>
#include <linux/completion.h>
#include <linux/spinlock.h>
#include <linux/string.h>
#include <linux/tracepoint.h>
#include <trace/events/printk.h>
#include "internal.h"
#include "seamcall.h"
#include "tdx_model.h"
#include "tdx_model_test_profiles.h"
#include "tdx_pamt_reserve.h"

/* ---------------------------------------------------------------------- */
/* Console capture */

#define TDX_TEST_LINES		64
#define TDX_TEST_LINE_LEN	512

static struct {
	spinlock_t lock;	/* protects the rest */
	unsigned int nr;
	char lines[TDX_TEST_LINES][TDX_TEST_LINE_LEN];
} tdx_console = {
	.lock = __SPIN_LOCK_UNLOCKED(tdx_console.lock),
};

static void tdx_test_probe_console(void *ignore, const char *buf, size_t len)
{
	unsigned long flags;

	if (!strnstr(buf, "virt/tdx: ", len))
		return;
	spin_lock_irqsave(&tdx_console.lock, flags);
	if (tdx_console.nr < TDX_TEST_LINES) {
		strscpy(tdx_console.lines[tdx_console.nr], buf,
			min_t(size_t, len + 1, TDX_TEST_LINE_LEN));
		tdx_console.nr++;
	}
	spin_unlock_irqrestore(&tdx_console.lock, flags);
}

static void tdx_test_register_tp(struct tracepoint *tp, void *ignore)
{
	check_trace_callback_type_console(tdx_test_probe_console);
	if (!strcmp(tp->name, "console"))
		WARN_ON(tracepoint_probe_register(tp, tdx_test_probe_console, NULL));
}

static void tdx_test_unregister_tp(struct tracepoint *tp, void *ignore)
{
	if (!strcmp(tp->name, "console"))
		tracepoint_probe_unregister(tp, tdx_test_probe_console, NULL);
}

static void tdx_console_clear(void)
{
	unsigned long flags;

	spin_lock_irqsave(&tdx_console.lock, flags);
	tdx_console.nr = 0;
	spin_unlock_irqrestore(&tdx_console.lock, flags);
}

/* Number of captured lines containing @s. */
static unsigned int tdx_console_count(const char *s)
{
	unsigned int i, n = 0;
	unsigned long flags;

	spin_lock_irqsave(&tdx_console.lock, flags);
	for (i = 0; i < tdx_console.nr; i++)
		if (strstr(tdx_console.lines[i], s))
			n++;
	spin_unlock_irqrestore(&tdx_console.lock, flags);
	return n;
}

/* Both substrings in one line. */
static bool tdx_console_has2(const char *a, const char *b)
{
	unsigned long flags;
	bool found = false;
	unsigned int i;

	spin_lock_irqsave(&tdx_console.lock, flags);
	for (i = 0; i < tdx_console.nr && !found; i++)
		found = strstr(tdx_console.lines[i], a) &&
			(!b || strstr(tdx_console.lines[i], b));
	spin_unlock_irqrestore(&tdx_console.lock, flags);
	return found;
}

static bool tdx_console_has(const char *s)
{
	return tdx_console_has2(s, NULL);
}

/* ---------------------------------------------------------------------- */
/* Resetting the TDX core and the model between cases */

/*
 * Forget everything tdx_enable() did or remembered.  Test only: a real
 * module keeps using the PAMT; the model is reset as well, so that it has
 * forgotten it before it goes back.
 */
static void tdx_test_reset_core(void)
{
	cpus_read_lock();
	mutex_lock(&tdx_module_lock);
	if (tdx_status == TDX_MODULE_INITIALIZED) {
		cpuhp_remove_state_nocalls_cpuslocked(tdx_cpuhp_state);
		tdx_free_pamt_chunks(tdx_pamt);
		tdx_pamt = NULL;
		kvfree(tdx_tdmrs);
		kvfree(tdx_mem);
		tdx_tdmrs = NULL;
		tdx_nr_tdmrs = 0;
		tdx_mem = NULL;
		tdx_nr_mem = 0;
	}
	tdx_status = platform_tdx_enabled() ? TDX_MODULE_UNINITIALIZED :
					      TDX_MODULE_UNAVAILABLE;
	tdx_err = platform_tdx_enabled() ? 0 : -ENODEV;
	tdx_reason[0] = '\0';
	tdx_fail_step = TDX_STEP_NONE;
	tdx_fail_status = 0;
	WRITE_ONCE(tdx_fenced, false);
	WRITE_ONCE(tdx_private_lines, false);
	tdx_info_valid = false;
	memset(&tdx_info, 0, sizeof(tdx_info));
	cpumask_clear(&tdx_lp_done);
	mutex_unlock(&tdx_module_lock);
	cpus_read_unlock();
}

static int tdx_test_prepare(enum tdx_model_gen gen)
{
	tdx_test_reset_core();
	tdx_model_clear_faults();
	tdx_model_set_pw_mce_erratum(false);
	tdx_model_inject_no_module(false);
	tdx_console_clear();
	return tdx_model_set_generation(gen);
}

static int tdx_test_enable(void)
{
	int ret;

	cpus_read_lock();
	ret = tdx_enable();
	cpus_read_unlock();
	return ret;
}

/* The leaves the TDX core uses, for call counters. */
static const u64 tdx_test_leaves[] = {
	TDH_SYS_KEY_CONFIG, TDH_SYS_INFO, TDH_SYS_INIT, TDH_SYS_RD,
	TDH_SYS_LP_INIT, TDH_SYS_TDMR_INIT, TDH_SYS_LP_SHUTDOWN,
	TDH_SYS_CONFIG, TDH_SYS_SHUTDOWN,
};

struct tdx_test_calls {
	unsigned long n[ARRAY_SIZE(tdx_test_leaves)];
};

static void tdx_test_count_calls(struct tdx_test_calls *c)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(tdx_test_leaves); i++)
		c->n[i] = tdx_model_leaf_calls(tdx_test_leaves[i]);
}

static void tdx_test_expect_no_calls(struct kunit *test,
				     const struct tdx_test_calls *before)
{
	struct tdx_test_calls after;
	unsigned int i;

	tdx_test_count_calls(&after);
	for (i = 0; i < ARRAY_SIZE(tdx_test_leaves); i++)
		KUNIT_EXPECT_EQ_MSG(test, after.n[i], before->n[i], "%s",
				    tdx_leaf_name(tdx_test_leaves[i]));
}

/* The last CPU of the last package. */
static int tdx_test_last_cpu(void)
{
	int cpu, last = 0, pkg = -1;

	for_each_online_cpu(cpu) {
		if (topology_logical_package_id(cpu) >= pkg) {
			pkg = topology_logical_package_id(cpu);
			last = cpu;
		}
	}
	return last;
}

static void tdx_test_expect_initialized(struct kunit *test)
{
	const struct tdx_tdmr_info *info;
	unsigned int i, cpu;
	int nid;

	KUNIT_EXPECT_EQ(test, tdx_module_status(), TDX_MODULE_INITIALIZED);
	KUNIT_EXPECT_EQ(test, tdx_model_sys_state(), TDX_MODEL_SYS_READY);
	for_each_online_cpu(cpu)
		KUNIT_EXPECT_TRUE_MSG(test, tdx_model_lp_init_done(cpu), "CPU %u", cpu);
	for (i = 0; i < tdx_model_nr_pkgs(); i++)
		KUNIT_EXPECT_TRUE_MSG(test, tdx_model_pkg_key_configured(i),
				      "package %u", i);
	KUNIT_ASSERT_EQ(test, tdx_model_nr_tdmrs(), tdx_nr_tdmrs);
	for (i = 0; i < tdx_nr_tdmrs; i++) {
		info = tdx_model_tdmr(i);
		KUNIT_ASSERT_NOT_NULL(test, info);
		KUNIT_EXPECT_EQ(test, info->base, tdx_tdmrs[i].base);
		KUNIT_EXPECT_EQ_MSG(test, tdx_model_tdmr_initialized(i), info->size,
				    "TDMR %u", i);
		/* Initialized by CPUs of its PAMT's node, where it has any. */
		nid = tdx_tdmrs[i].nid;
		if (nid >= 0 && nid < 63 &&
		    cpumask_intersects(cpumask_of_node(nid), cpu_online_mask))
			KUNIT_EXPECT_EQ_MSG(test, tdx_model_tdmr_init_nodes(i),
					    BIT_ULL(nid), "TDMR %u, node %d", i, nid);
	}
	KUNIT_EXPECT_EQ(test, tdx_console_count("KB allocated for PAMT"), 1);
	KUNIT_EXPECT_EQ(test, tdx_console_count("module initialized"), 1);
	KUNIT_EXPECT_EQ(test, tdx_console_count("initialization failed"), 0);
}

/* ---------------------------------------------------------------------- */
/* Cases */

static const enum tdx_model_gen tdx_test_gens[] = {
	TDX_MODEL_GEN_1_5, TDX_MODEL_GEN_1_0,
};

static void tdx_test_gen_desc(const enum tdx_model_gen *gen, char *desc)
{
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "TDX %u.%u", *gen / 10, *gen % 10);
}

KUNIT_ARRAY_PARAM(tdx_test_gen, tdx_test_gens, tdx_test_gen_desc);

/* tdx_enable() succeeds on the guest's profile; the model agrees. */
static void tdx_host_enable_succeeds(struct kunit *test)
{
	const enum tdx_model_gen *gen = test->param_value;
	u64 pamt = 0, largest = 0, node_sum = 0;
	struct tdx_test_calls calls;
	struct tdx_state *state;
	unsigned int i, level;
	unsigned long flushes;
	int nid;

	KUNIT_ASSERT_EQ(test, tdx_test_prepare(*gen), 0);
	flushes = tdx_model_cache_flushes();
	KUNIT_ASSERT_EQ(test, tdx_test_enable(), 0);
	tdx_test_expect_initialized(test);
	/* One WBINVD on every CPU, between TDH.SYS.CONFIG and KEY.CONFIG. */
	KUNIT_EXPECT_EQ(test, tdx_model_cache_flushes() - flushes, 1);

	/* Module info through the interface the module announces. */
	if (*gen == TDX_MODEL_GEN_1_0)
		KUNIT_EXPECT_EQ(test, tdx_model_leaf_calls(TDH_SYS_RD), 0);
	else
		KUNIT_EXPECT_GT(test, tdx_model_leaf_calls(TDH_SYS_RD), 0);
	KUNIT_EXPECT_EQ(test, tdx_model_leaf_calls(TDH_SYS_INIT), 1);
	KUNIT_EXPECT_EQ(test, tdx_model_leaf_calls(TDH_SYS_LP_INIT), num_online_cpus());
	KUNIT_EXPECT_EQ(test, tdx_model_leaf_calls(TDH_SYS_CONFIG), 1);
	KUNIT_EXPECT_EQ(test, tdx_model_leaf_calls(TDH_SYS_KEY_CONFIG),
			tdx_model_nr_pkgs());

	/* PAMT: NUMA-local, accounted per node, no fallback needed here. */
	for (i = 0; i < tdx_pamt->nr; i++)
		largest = max(largest, tdx_pamt->chunk[i].size);
	for (i = 0; i < tdx_nr_tdmrs; i++) {
		for (level = 0; level < TDX_PS_NR; level++) {
			u64 size = tdx_tdmrs[i].pamt_size[level];

			pamt += size;
			if (!size || tdx_tdmrs[i].nid < 0)
				continue;
			nid = page_to_nid(pfn_to_page(PHYS_PFN(tdx_tdmrs[i].pamt_base[level])));
			KUNIT_EXPECT_EQ_MSG(test, nid, tdx_tdmrs[i].nid,
					    "TDMR %u level %u", i, level);
		}
	}
	for_each_node(nid)
		node_sum += tdx_pamt_bytes_on_node(nid);
	KUNIT_EXPECT_EQ(test, pamt, (u64)tdx_pamt_pages << PAGE_SHIFT);
	KUNIT_EXPECT_EQ(test, node_sum, pamt);
	KUNIT_EXPECT_EQ(test, tdx_console_count("not available on node"), 0);
	kunit_info(test, "plan: %u TDMRs, %llu KB PAMT, largest chunk %llu KB\n",
		   tdx_nr_tdmrs, pamt >> 10, largest >> 10);
	for (i = 0; i < tdx_nr_tdmrs; i++)
		kunit_info(test, "TDMR %u: [0x%llx, 0x%llx) node %d, %u reserved areas\n",
			   i, tdx_tdmrs[i].base, tdx_tdmrs[i].base + tdx_tdmrs[i].size,
			   tdx_tdmrs[i].nid, tdx_tdmrs[i].nr_reserved);

	/* What sysfs and KVM will read. */
	state = kunit_kzalloc(test, sizeof(*state), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, state);
	tdx_get_state(state);
	KUNIT_EXPECT_EQ(test, state->status, TDX_MODULE_INITIALIZED);
	KUNIT_EXPECT_EQ(test, state->err, 0);
	KUNIT_EXPECT_EQ(test, state->nr_tdmrs, tdx_nr_tdmrs);
	KUNIT_EXPECT_EQ(test, state->pamt_bytes, pamt);
	KUNIT_EXPECT_EQ(test, state->major, 1);
	KUNIT_EXPECT_EQ(test, state->minor, *gen % 10);
	KUNIT_EXPECT_EQ(test, state->global_keyid, state->keyid_start);
	KUNIT_EXPECT_STREQ(test, tdx_module_status_name(state->status), "initialized");

	/* The second call returns at once: nothing reaches the module. */
	tdx_test_count_calls(&calls);
	KUNIT_EXPECT_EQ(test, tdx_test_enable(), 0);
	tdx_test_expect_no_calls(test, &calls);
	KUNIT_EXPECT_EQ(test, tdx_console_count("module initialized"), 1);
}

/* Where a fault is injected. */
#define TDX_CPU_ANY	(-1)
#define TDX_CPU_LAST	(-2)	/* last CPU of the last package */

/* Not a leaf: the model pretends no module is loaded. */
#define TDX_FAULT_NO_MODULE	(~0ULL)
/* Not a leaf: the model's PCONFIG fails on the last package. */
#define TDX_FAULT_KEYGEN	(~1ULL)
/* Not a leaf: the model's PCONFIG finds the device busy on the last package. */
#define TDX_FAULT_PCONFIG_BUSY	(~2ULL)
/* Not a leaf: RDRAND fails in SYS.INIT / LP.INIT (SYS_BUSY on 1.0). */
#define TDX_FAULT_ENTROPY	(~3ULL)

struct tdx_fault_case {
	const char *name;
	enum tdx_model_gen gen;
	u64 leaf;
	u64 status;
	int cpu;
	unsigned int nth;		/* 0: every call */
	int err;			/* 0: initialization still succeeds */
	enum tdx_module_status state;
	const char *msg;		/* in the failure line */
	const char *msg2;		/* also in it */
	bool ready;			/* the module reached SYS_READY */
};

static const struct tdx_fault_case tdx_fault_cases[] = {
	{ "no module", TDX_MODEL_GEN_1_5, TDX_FAULT_NO_MODULE, 0, TDX_CPU_ANY, 0,
	  -ENODEV, TDX_MODULE_NO_MODULE, "no TDX module loaded", "VMFAILINVALID" },
	{ "SYS.INIT cpuid 1.5", TDX_MODEL_GEN_1_5, TDH_SYS_INIT,
	  0xC000090000000000ULL, TDX_CPU_ANY, 1, -EIO, TDX_MODULE_FAILED,
	  "TDH.SYS.INIT failed", "TDX_INCORRECT_CPUID_VALUE [0xc000090000000000]" },
	{ "SYS.INIT busy once 1.0", TDX_MODEL_GEN_1_0, TDH_SYS_INIT, TDX_SYS_BUSY,
	  TDX_CPU_ANY, 1, 0, TDX_MODULE_INITIALIZED },
	{ "SYS.INIT busy 1.0", TDX_MODEL_GEN_1_0, TDH_SYS_INIT, TDX_SYS_BUSY,
	  TDX_CPU_ANY, 0, -EBUSY, TDX_MODULE_FAILED, "TDH.SYS.INIT failed",
	  "TDX_SYS_BUSY" },
	{ "SYS/LP.INIT entropy x3 1.0", TDX_MODEL_GEN_1_0, TDX_FAULT_ENTROPY, 3,
	  TDX_CPU_ANY, 0, 0, TDX_MODULE_INITIALIZED },
	{ "SYS.INIT entropy exhausted", TDX_MODEL_GEN_1_5, TDH_SYS_INIT,
	  TDX_RND_NO_ENTROPY, TDX_CPU_ANY, 0, -EAGAIN, TDX_MODULE_FAILED,
	  "TDH.SYS.INIT failed", "TDX_RND_NO_ENTROPY" },
	{ "SYS.INIT entropy once", TDX_MODEL_GEN_1_5, TDH_SYS_INIT,
	  TDX_RND_NO_ENTROPY, TDX_CPU_ANY, 1, 0, TDX_MODULE_INITIALIZED },
	{ "LP.INIT last CPU 1.5", TDX_MODEL_GEN_1_5, TDH_SYS_LP_INIT,
	  0xC000090200000000ULL, TDX_CPU_LAST, 0, -EIO, TDX_MODULE_FENCED,
	  "TDH.SYS.LP.INIT failed on CPU", "TDX_INCONSISTENT_CPUID_FIELD" },
	{ "LP.INIT last CPU 1.0", TDX_MODEL_GEN_1_0, TDH_SYS_LP_INIT,
	  0xC000092000000087ULL, TDX_CPU_LAST, 0, -EIO, TDX_MODULE_FENCED,
	  "TDH.SYS.LP.INIT failed on CPU", "TDX_INCONSISTENT_MSR (MSR 0x87)" },
	{ "LP.INIT CPU 0 1.0", TDX_MODEL_GEN_1_0, TDH_SYS_LP_INIT,
	  TDX_SYS_LP_INIT_DONE, 0, 0, -EIO, TDX_MODULE_FENCED,
	  "TDH.SYS.LP.INIT failed on CPU 0", "TDX_SYS_LP_INIT_DONE" },
	{ "LP.INIT entropy once last CPU", TDX_MODEL_GEN_1_5, TDH_SYS_LP_INIT,
	  TDX_RND_NO_ENTROPY, TDX_CPU_LAST, 1, 0, TDX_MODULE_INITIALIZED },
	{ "SYS.INFO 1.0", TDX_MODEL_GEN_1_0, TDH_SYS_INFO, TDX_OPERAND_INVALID | 1,
	  TDX_CPU_ANY, 1, -EIO, TDX_MODULE_FENCED, "TDH.SYS.INFO failed",
	  "TDX_OPERAND_INVALID (operand RCX)" },
	{ "SYS.INFO 1.5", TDX_MODEL_GEN_1_5, TDH_SYS_INFO, TDX_SYS_LP_INIT_NOT_DONE,
	  TDX_CPU_ANY, 1, -EIO, TDX_MODULE_FENCED, "TDH.SYS.INFO failed",
	  "TDX_SYS_LP_INIT_NOT_DONE" },
	{ "SYS.RD 1.5", TDX_MODEL_GEN_1_5, TDH_SYS_RD,
	  TDX_METADATA_FIELD_ID_INCORRECT, TDX_CPU_ANY, 3, -EIO,
	  TDX_MODULE_FENCED, "TDH.SYS.RD of field",
	  "TDX_METADATA_FIELD_ID_INCORRECT" },
	{ "SYS.CONFIG reserved area 1.5", TDX_MODEL_GEN_1_5, TDH_SYS_CONFIG,
	  TDX_INVALID_RESERVED_IN_TDMR | 0x1003, TDX_CPU_ANY, 1, -EIO,
	  TDX_MODULE_FENCED, "TDH.SYS.CONFIG with",
	  "TDX_INVALID_RESERVED_IN_TDMR (TDMR 3, reserved area 16)" },
	{ "SYS.CONFIG PAMT overlap 1.0", TDX_MODEL_GEN_1_0, TDH_SYS_CONFIG,
	  TDX_PAMT_OVERLAP | 0x10001, TDX_CPU_ANY, 1, -EIO, TDX_MODULE_SHUTDOWN,
	  "TDH.SYS.CONFIG with", "TDX_PAMT_OVERLAP (TDMR 1, 4K PAMT, other TDMR 1)" },
	{ "KEY.CONFIG keygen last package 1.5", TDX_MODEL_GEN_1_5,
	  TDH_SYS_KEY_CONFIG, TDX_KEY_GENERATION_FAILED, TDX_CPU_LAST, 0, -EAGAIN,
	  TDX_MODULE_FENCED, "TDH.SYS.KEY.CONFIG failed on CPU",
	  "after 8 attempts: TDX_KEY_GENERATION_FAILED" },
	{ "KEY.CONFIG keygen last package 1.0", TDX_MODEL_GEN_1_0,
	  TDH_SYS_KEY_CONFIG, TDX_KEY_GENERATION_FAILED, TDX_CPU_LAST, 0, -EAGAIN,
	  TDX_MODULE_SHUTDOWN, "TDH.SYS.KEY.CONFIG failed on CPU",
	  "after 8 attempts: TDX_KEY_GENERATION_FAILED" },
	{ "KEY.CONFIG keygen once", TDX_MODEL_GEN_1_5, TDH_SYS_KEY_CONFIG,
	  TDX_KEY_GENERATION_FAILED, TDX_CPU_LAST, 1, 0, TDX_MODULE_INITIALIZED },
	{ "KEY.CONFIG PCONFIG keygen x3", TDX_MODEL_GEN_1_5, TDX_FAULT_KEYGEN, 3,
	  TDX_CPU_LAST, 0, 0, TDX_MODULE_INITIALIZED },
	{ "KEY.CONFIG busy once 1.0", TDX_MODEL_GEN_1_0, TDH_SYS_KEY_CONFIG,
	  TDX_OPERAND_BUSY | TDX_OPND_KET, TDX_CPU_ANY, 1, 0, TDX_MODULE_INITIALIZED },
	{ "KEY.CONFIG PCONFIG busy x3", TDX_MODEL_GEN_1_5, TDX_FAULT_PCONFIG_BUSY, 3,
	  TDX_CPU_LAST, 0, 0, TDX_MODULE_INITIALIZED },
	{ "KEY.CONFIG busy first package 1.0", TDX_MODEL_GEN_1_0, TDH_SYS_KEY_CONFIG,
	  TDX_OPERAND_BUSY | TDX_OPND_KET, TDX_CPU_ANY, 0, -EBUSY, TDX_MODULE_SHUTDOWN,
	  "TDH.SYS.KEY.CONFIG failed on CPU",
	  "(package 0) after 8 attempts: TDX_OPERAND_BUSY (operand KET)" },
	/*
	 * TDMRs are initialized in parallel: which TDMR meets the n-th call
	 * is not fixed, what fails and how is.
	 */
	{ "TDMR.INIT 1.5", TDX_MODEL_GEN_1_5, TDH_SYS_TDMR_INIT,
	  TDX_OPERAND_INVALID | TDX_OPND_RCX, TDX_CPU_ANY, 3, -EIO,
	  TDX_MODULE_SHUTDOWN, "TDH.SYS.TDMR.INIT of TDMR",
	  "TDX_OPERAND_INVALID (operand RCX)", true },
	{ "TDMR.INIT 1.0", TDX_MODEL_GEN_1_0, TDH_SYS_TDMR_INIT,
	  TDX_SYS_NOT_READY, TDX_CPU_ANY, 1, -EIO, TDX_MODULE_SHUTDOWN,
	  "TDH.SYS.TDMR.INIT of TDMR", "failed after 0 calls: TDX_SYS_NOT_READY",
	  true },
	/* Another CPU holds the TDMR's lock for one call: retried. */
	{ "TDMR.INIT busy once", TDX_MODEL_GEN_1_5, TDH_SYS_TDMR_INIT,
	  TDX_OPERAND_BUSY | TDX_OPND_RCX, TDX_CPU_ANY, 3, 0,
	  TDX_MODULE_INITIALIZED },
	{ "TDMR.INIT late 1.5", TDX_MODEL_GEN_1_5, TDH_SYS_TDMR_INIT,
	  TDX_SYS_SHUTDOWN, TDX_CPU_ANY, 300, -EIO, TDX_MODULE_SHUTDOWN,
	  "TDH.SYS.TDMR.INIT of TDMR", "TDX_SYS_SHUTDOWN", true },
};

static void tdx_fault_case_desc(const struct tdx_fault_case *c, char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(tdx_fault, tdx_fault_cases, tdx_fault_case_desc);

/* The step a fault of tdx_fault_cases[] makes fail (sysfs failure_step). */
static enum tdx_fail_step tdx_fault_step(u64 leaf)
{
	switch (leaf) {
	case TDX_FAULT_NO_MODULE:
	case TDX_FAULT_ENTROPY:
	case TDH_SYS_INIT:
		return TDX_STEP_SYS_INIT;
	case TDH_SYS_LP_INIT:
		return TDX_STEP_LP_INIT;
	case TDH_SYS_INFO:
	case TDH_SYS_RD:
		return TDX_STEP_MODULE_INFO;
	case TDH_SYS_CONFIG:
		return TDX_STEP_SYS_CONFIG;
	case TDX_FAULT_KEYGEN:
	case TDX_FAULT_PCONFIG_BUSY:
	case TDH_SYS_KEY_CONFIG:
		return TDX_STEP_KEY_CONFIG;
	case TDH_SYS_TDMR_INIT:
		return TDX_STEP_TDMR_INIT;
	}
	return TDX_STEP_NONE;
}

/*
 * After a failure past TDH.SYS.INIT: "shut-down" exactly where the module is
 * in its shutdown state (1.0 once its generation is known, 1.5 from
 * SYS_READY), else "fenced"; nothing kept, later calls fenced either way.
 */
static void tdx_test_expect_shut_down(struct kunit *test, enum tdx_model_gen gen,
				      bool ready, enum tdx_module_status state)
{
	struct tdx_seamcall_regs regs = {};
	struct tdx_test_calls calls;
	unsigned int cpu;

	KUNIT_EXPECT_EQ(test, tdx_module_status(), state);
	if (state == TDX_MODULE_SHUTDOWN)
		KUNIT_EXPECT_EQ(test, tdx_model_sys_state(), TDX_MODEL_SYS_SHUTDOWN);
	if (gen == TDX_MODEL_GEN_1_5 && !ready)
		KUNIT_EXPECT_NE(test, tdx_model_sys_state(), TDX_MODEL_SYS_SHUTDOWN);
	if (gen == TDX_MODEL_GEN_1_0)
		for_each_online_cpu(cpu)
			KUNIT_EXPECT_TRUE_MSG(test, tdx_model_lp_shutdown_done(cpu),
					      "CPU %u", cpu);

	/* The kernel-side fence: no SEAMCALL reaches the module. */
	tdx_test_count_calls(&calls);
	KUNIT_EXPECT_EQ(test, tdx_seamcall(TDH_SYS_LP_INIT, &regs),
			TDX_SEAMCALL_FENCED_STATUS);
	tdx_test_expect_no_calls(test, &calls);
}

static void tdx_host_fault(struct kunit *test)
{
	const struct tdx_fault_case *c = test->param_value;
	struct tdx_test_calls calls;
	struct tdx_state *state;
	int cpu = c->cpu;

	KUNIT_ASSERT_EQ(test, tdx_test_prepare(c->gen), 0);
	if (cpu == TDX_CPU_LAST)
		cpu = tdx_test_last_cpu();

	if (c->leaf == TDX_FAULT_NO_MODULE)
		tdx_model_inject_no_module(true);
	else if (c->leaf == TDX_FAULT_KEYGEN)
		tdx_model_inject_keygen_failure(tdx_model_nr_pkgs() - 1, c->status);
	else if (c->leaf == TDX_FAULT_PCONFIG_BUSY)
		tdx_model_inject_pconfig_busy(tdx_model_nr_pkgs() - 1, c->status);
	else if (c->leaf == TDX_FAULT_ENTROPY)
		tdx_model_inject_entropy_failure(c->status);
	else
		KUNIT_ASSERT_EQ(test, tdx_model_inject_status(c->leaf, c->status,
							      cpu, c->nth), 0);

	KUNIT_EXPECT_EQ(test, tdx_test_enable(), c->err);
	KUNIT_EXPECT_EQ(test, tdx_module_status(), c->state);
	if (!c->err) {
		tdx_test_expect_initialized(test);
		return;
	}

	/* One line says what failed, where, why, and what was done. */
	KUNIT_EXPECT_EQ(test, tdx_console_count("initialization failed"), 1);
	KUNIT_EXPECT_TRUE_MSG(test, tdx_console_has2("initialization failed", c->msg),
			      "no line with \"%s\"", c->msg);
	if (c->msg2)
		KUNIT_EXPECT_TRUE_MSG(test, tdx_console_has2(c->msg, c->msg2),
				      "no line with \"%s\"", c->msg2);
	if (cpu >= 0 && (c->leaf == TDH_SYS_LP_INIT || c->leaf == TDH_SYS_KEY_CONFIG)) {
		char where[16];

		snprintf(where, sizeof(where), "CPU %d ", cpu);
		KUNIT_EXPECT_TRUE_MSG(test, tdx_console_has2(c->msg, where),
				      "no line with \"%s\"", where);
	}
	KUNIT_EXPECT_EQ(test, tdx_console_count("module initialized"), 0);

	/* Nothing kept that the module might touch. */
	KUNIT_EXPECT_EQ(test, tdx_pamt_pages, 0);
	KUNIT_EXPECT_PTR_EQ(test, tdx_tdmrs, NULL);
	KUNIT_EXPECT_PTR_EQ(test, tdx_mem, NULL);
	if (c->state == TDX_MODULE_SHUTDOWN || c->state == TDX_MODULE_FENCED) {
		tdx_test_expect_shut_down(test, c->gen, c->ready, c->state);
	} else {
		struct tdx_seamcall_regs regs = {};

		/* TDH.SYS.INIT never succeeded: nothing to shut down. */
		KUNIT_EXPECT_EQ(test, tdx_model_sys_state(), TDX_MODEL_SYSINIT_PENDING);
		KUNIT_EXPECT_EQ(test, tdx_seamcall(TDH_SYS_INIT, &regs),
				TDX_SEAMCALL_FENCED_STATUS);
	}

	/* The state for sysfs says the same. */
	state = kunit_kzalloc(test, sizeof(*state), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, state);
	tdx_get_state(state);
	KUNIT_EXPECT_EQ(test, state->status, c->state);
	KUNIT_EXPECT_EQ(test, state->err, c->err);
	KUNIT_EXPECT_NOT_NULL(test, strstr(state->reason, c->msg));
	KUNIT_EXPECT_STREQ(test, tdx_fail_step_name(state->fail_step),
			   tdx_fail_step_name(tdx_fault_step(c->leaf)));
	/* The status of the failed SEAMCALL, as injected where it is a leaf's. */
	if (c->leaf == TDX_FAULT_NO_MODULE)
		KUNIT_EXPECT_EQ(test, state->fail_status, TDX_SEAMCALL_VMFAILINVALID);
	else if (tdx_fault_step(c->leaf) != TDX_STEP_NONE && c->leaf < TDX_FAULT_ENTROPY)
		KUNIT_EXPECT_EQ(test, state->fail_status, c->status);
	KUNIT_EXPECT_EQ(test, state->nr_tdmrs, 0);
	KUNIT_EXPECT_EQ(test, state->pamt_bytes, 0);

	/* Sticky: the same answer at once, no new line. */
	tdx_test_count_calls(&calls);
	KUNIT_EXPECT_EQ(test, tdx_test_enable(), c->err);
	tdx_test_expect_no_calls(test, &calls);
	KUNIT_EXPECT_EQ(test, tdx_console_count("initialization failed"), 1);
	KUNIT_EXPECT_EQ(test, tdx_module_status(), c->state);
}

/*
 * The partial-write machine check erratum: after a failure once the module
 * may have written PAMT (SYS_READY: TDMR.INIT runs), every line of PAMT is
 * reset (MOVDIR64B, the model here) before it is freed, and nothing else is;
 * without the erratum, or before SYS_READY, or when the PAMT stays with the
 * module, nothing is reset.
 */
struct tdx_pw_case {
	const char *name;
	bool erratum;
	u64 leaf;		/* 0: no fault, initialization succeeds */
	u64 status;
	unsigned int nth;
	bool module_wrote;	/* TDH.SYS.TDMR.INIT wrote PAMT */
	bool reset;		/* the host must reset the PAMT */
};

static const struct tdx_pw_case tdx_pw_cases[] = {
	{ "erratum, TDMR.INIT fails", true, TDH_SYS_TDMR_INIT,
	  TDX_OPERAND_INVALID | TDX_OPND_RCX, 3, true, true },
	{ "erratum, SYS.CONFIG fails", true, TDH_SYS_CONFIG,
	  TDX_INVALID_RESERVED_IN_TDMR | 0x1003, 1, false, false },
	{ "erratum, KEY.CONFIG fails", true, TDH_SYS_KEY_CONFIG,
	  TDX_KEY_GENERATION_FAILED, 0, false, false },
	{ "erratum, LP.INIT fails", true, TDH_SYS_LP_INIT,
	  TDX_SYS_LP_INIT_DONE, 1, false, false },
	{ "erratum, success", true, 0, 0, 0, true, false },
	{ "no erratum, TDMR.INIT fails", false, TDH_SYS_TDMR_INIT,
	  TDX_OPERAND_INVALID | TDX_OPND_RCX, 3, true, false },
};

static void tdx_pw_case_desc(const struct tdx_pw_case *c, char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(tdx_pw, tdx_pw_cases, tdx_pw_case_desc);

/*
 * What the model saw of the PAMT lines after @reset was (or was not) due:
 * no line reset outside the PAMT; if due, every line the module wrote reset
 * and one line "@prefix N KB of PAMT with MOVDIR64B" with N = the lines
 * reset; if not, no line reset and no such message.  Returns the stats.
 */
static void tdx_test_expect_reset(struct kunit *test, bool reset,
				  const char *prefix,
				  struct tdx_model_reset_stats *s)
{
	char want[80];

	tdx_model_reset_stats(s);
	KUNIT_EXPECT_EQ_MSG(test, s->outside, 0, "lines reset that are not PAMT");
	if (reset) {
		KUNIT_EXPECT_GT(test, s->written, 0);
		KUNIT_EXPECT_EQ(test, s->not_reset, 0);
		snprintf(want, sizeof(want), "%s %lu KB of PAMT with MOVDIR64B",
			 prefix, s->reset * 64 / 1024);
		KUNIT_EXPECT_TRUE_MSG(test, tdx_console_has(want), "no line \"%s\"", want);
	} else {
		KUNIT_EXPECT_EQ(test, s->reset, 0);
		KUNIT_EXPECT_EQ(test, tdx_console_count("with MOVDIR64B"), 0);
	}
}

static void tdx_host_pw_mce_erratum(struct kunit *test)
{
	const struct tdx_pw_case *c = test->param_value;
	struct tdx_model_reset_stats s;

	KUNIT_ASSERT_EQ(test, tdx_test_prepare(TDX_MODEL_GEN_1_5), 0);
	tdx_model_set_pw_mce_erratum(c->erratum);
	if (c->leaf) {
		KUNIT_ASSERT_EQ(test, tdx_model_inject_status(c->leaf, c->status,
							      TDX_CPU_ANY, c->nth), 0);
		KUNIT_EXPECT_LT(test, tdx_test_enable(), 0);
	} else {
		KUNIT_EXPECT_EQ(test, tdx_test_enable(), 0);
	}

	/*
	 * Reboot, kexec and kdump write caches back exactly when the module
	 * may have written private lines (the same stage, SYS_READY).
	 */
	KUNIT_EXPECT_EQ(test, READ_ONCE(tdx_private_lines), c->module_wrote);
	tdx_crash_flush_cache();

	tdx_test_expect_reset(test, c->reset, "reset", &s);
	if (c->module_wrote)
		KUNIT_EXPECT_GT(test, s.written, 0);
	else
		KUNIT_EXPECT_EQ(test, s.written, 0);
	/* The model does see the lines left as the module wrote them. */
	if (!c->reset && c->leaf)
		KUNIT_EXPECT_EQ(test, s.not_reset, s.written);
	tdx_model_set_pw_mce_erratum(false);
}

/* The shutdown itself fails: the fence still holds, nothing leaks. */
static void tdx_host_shutdown_fails(struct kunit *test)
{
	struct tdx_seamcall_regs regs = {};
	int cpu = tdx_test_last_cpu();

	/* 1.5: TDMR.INIT fails, then TDH.SYS.SHUTDOWN finds the module busy. */
	KUNIT_ASSERT_EQ(test, tdx_test_prepare(TDX_MODEL_GEN_1_5), 0);
	KUNIT_ASSERT_EQ(test, tdx_model_inject_status(TDH_SYS_TDMR_INIT, TDX_SYS_BUSY,
						      TDX_CPU_ANY, 1), 0);
	KUNIT_ASSERT_EQ(test, tdx_model_inject_status(TDH_SYS_SHUTDOWN, TDX_SYS_BUSY,
						      TDX_CPU_ANY, 0), 0);
	KUNIT_EXPECT_EQ(test, tdx_test_enable(), -EBUSY);
	KUNIT_EXPECT_TRUE(test, tdx_console_has2("initialization failed",
						 "TDH.SYS.SHUTDOWN failed: TDX_SYS_BUSY"));
	KUNIT_EXPECT_EQ(test, tdx_model_leaf_calls(TDH_SYS_SHUTDOWN), 1);
	KUNIT_EXPECT_EQ(test, tdx_module_status(), TDX_MODULE_FENCED);
	KUNIT_EXPECT_EQ(test, tdx_pamt_pages, 0);
	KUNIT_EXPECT_EQ(test, tdx_seamcall(TDH_SYS_SHUTDOWN, &regs),
			TDX_SEAMCALL_FENCED_STATUS);

	/* 1.0: LP.INIT fails on the last CPU, LP.SHUTDOWN on CPU 0. */
	KUNIT_ASSERT_EQ(test, tdx_test_prepare(TDX_MODEL_GEN_1_0), 0);
	KUNIT_ASSERT_EQ(test, tdx_model_inject_status(TDH_SYS_LP_INIT,
						      0xC000090200000000ULL, cpu, 0), 0);
	KUNIT_ASSERT_EQ(test, tdx_model_inject_status(TDH_SYS_LP_SHUTDOWN, TDX_SYS_BUSY,
						      0, 0), 0);
	KUNIT_EXPECT_EQ(test, tdx_test_enable(), -EIO);
	KUNIT_EXPECT_TRUE(test, tdx_console_has2("initialization failed",
						 "TDH.SYS.LP.SHUTDOWN failed on CPU 0 (1 of"));
	KUNIT_EXPECT_TRUE(test, tdx_console_has2("TDH.SYS.LP.SHUTDOWN failed",
						 "): TDX_SYS_BUSY"));
	KUNIT_EXPECT_EQ(test, tdx_model_leaf_calls(TDH_SYS_LP_SHUTDOWN), num_online_cpus());
	KUNIT_EXPECT_EQ(test, tdx_module_status(), TDX_MODULE_FENCED);
	KUNIT_EXPECT_EQ(test, tdx_seamcall(TDH_SYS_LP_SHUTDOWN, &regs),
			TDX_SEAMCALL_FENCED_STATUS);
}

struct tdx_cmr_case {
	const char *name;
	u64 start;
	u64 end;
	bool inside;
};

/* CMRs [1M, 2G), [2G, 3G) (touching), [4G, 5G). */
static const struct tdx_cmr_info tdx_test_cmrs[] = {
	{ 0x100000, 0x7ff00000 }, { 0x80000000, 0x40000000 },
	{ 0x100000000, 0x40000000 },
};

static const struct tdx_cmr_case tdx_cmr_cases[] = {
	{ "inside the first", 0x100000, 0x200000, true },
	{ "whole first", 0x100000, 0x80000000, true },
	{ "across touching CMRs", 0x7ff00000, 0x80100000, true },
	{ "first two whole", 0x100000, 0xc0000000, true },
	{ "below the first", 0x0, 0x100000, false },
	{ "straddles the start", 0xff000, 0x101000, false },
	{ "into the gap", 0xbffff000, 0xc0001000, false },
	{ "in the gap", 0xc0000000, 0x100000000, false },
	{ "across the gap", 0x80000000, 0x140000000, false },
	{ "last whole", 0x100000000, 0x140000000, true },
	{ "beyond the last", 0x13ffff000, 0x140001000, false },
};

static void tdx_cmr_case_desc(const struct tdx_cmr_case *c, char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(tdx_cmr, tdx_cmr_cases, tdx_cmr_case_desc);

static void tdx_host_memory_in_cmrs(struct kunit *test)
{
	const struct tdx_cmr_case *c = test->param_value;

	KUNIT_EXPECT_EQ(test, tdx_range_in_cmrs(c->start, c->end, tdx_test_cmrs,
						ARRAY_SIZE(tdx_test_cmrs)), c->inside);
}

/* The nodes a plan's PAMT comes from. */
static unsigned int tdx_test_nr_nodes(const struct tdmr_plan *plan)
{
	unsigned int i, j, nr = 0;

	for (i = 0; i < plan->nr_tdmrs; i++) {
		for (j = 0; j < i && plan->tdmrs[j].nid != plan->tdmrs[i].nid; j++)
			;
		nr += j == i;
	}
	return nr;
}

/*
 * A plan the module accepted on this machine, with the core reset: the
 * PAMT is back where it came from, and the plan's TDMRs are the caller's
 * to change and to allocate PAMT for (kunit-managed).
 */
static int tdx_test_take_plan(struct kunit *test, enum tdx_model_gen gen,
			      struct tdmr_plan *plan)
{
	int ret;

	ret = tdx_test_prepare(gen);
	if (!ret)
		ret = tdx_test_enable();
	if (ret)
		return ret;
	memset(plan, 0, sizeof(*plan));
	plan->tdmrs = kunit_kmalloc_array(test, tdx_nr_tdmrs, sizeof(*plan->tdmrs),
					  GFP_KERNEL);
	if (!plan->tdmrs)
		return -ENOMEM;
	memcpy(plan->tdmrs, tdx_tdmrs, tdx_nr_tdmrs * sizeof(*plan->tdmrs));
	plan->capacity = tdx_nr_tdmrs;
	plan->nr_tdmrs = tdx_nr_tdmrs;
	tdx_test_prepare(gen);
	return 0;
}

/* tdx_alloc_pamts() with the module lock, as tdx_enable() calls it. */
static int tdx_test_alloc_pamts_limits(struct tdmr_plan *plan,
				       const struct tdmr_plan_limits *limits,
				       struct tdx_pamt_chunks **chunks)
{
	int ret;

	mutex_lock(&tdx_module_lock);
	tdx_reason[0] = '\0';
	ret = tdx_alloc_pamts(plan, limits, chunks);
	mutex_unlock(&tdx_module_lock);
	return ret;
}

static int tdx_test_alloc_pamts(struct tdmr_plan *plan,
				struct tdx_pamt_chunks **chunks)
{
	return tdx_test_alloc_pamts_limits(plan, &tdx_info.limits, chunks);
}

/* More than any machine the tests run on has in one contiguous range. */
#define TDX_TEST_HUGE_PAMT	BIT_ULL(40)

/*
 * PAMT allocation fails at each TDMR in turn (its 4K level), and at each
 * node's 2M/1G chunk, because the plan asks for more than the machine has
 * (from the boot reservation and from the page allocator): -ENOMEM, the
 * reason names the chunk, and everything allocated before is given back.
 */
static void tdx_host_pamt_alloc_fails(struct kunit *test)
{
	const enum tdx_model_gen *gen = test->param_value;
	struct tdx_pamt_chunks *chunks = NULL;
	struct tdmr_plan plan, bad;
	unsigned int i, j;
	bool first_of_node;
	char what[48];
	int level;

	KUNIT_ASSERT_EQ(test, tdx_test_take_plan(test, *gen, &plan), 0);
	KUNIT_ASSERT_GT(test, plan.nr_tdmrs, 0);
	KUNIT_ASSERT_EQ(test, tdx_pamt_pages, 0);
	bad = plan;
	bad.tdmrs = kunit_kmalloc_array(test, plan.nr_tdmrs, sizeof(*bad.tdmrs),
					GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, bad.tdmrs);

	for (i = 0; i < plan.nr_tdmrs; i++) {
		first_of_node = true;
		for (j = 0; j < i; j++)
			if (plan.tdmrs[j].nid == plan.tdmrs[i].nid)
				first_of_node = false;
		for (level = TDX_PS_4K; level <= TDX_PS_1G; level += TDX_PS_1G) {
			if (level == TDX_PS_1G && !first_of_node)
				continue;
			memcpy(bad.tdmrs, plan.tdmrs, plan.nr_tdmrs * sizeof(*bad.tdmrs));
			bad.tdmrs[i].pamt_size[level] = TDX_TEST_HUGE_PAMT;
			tdx_console_clear();

			KUNIT_EXPECT_EQ(test, tdx_test_alloc_pamts(&bad, &chunks), -ENOMEM);
			if (level == TDX_PS_4K)
				snprintf(what, sizeof(what), "TDMR %u: 4K: cannot allocate", i);
			else
				snprintf(what, sizeof(what), "node %d: 2M and 1G: cannot allocate",
					 plan.tdmrs[i].nid);
			KUNIT_EXPECT_TRUE_MSG(test, strstr(tdx_reason, what),
					      "reason \"%s\", not \"%s\"", tdx_reason, what);
			/* What the TDMRs before got is back. */
			KUNIT_EXPECT_EQ(test, tdx_pamt_pages, 0);
		}
	}

	/* The unchanged plan gets its PAMT; freeing it gives everything back. */
	KUNIT_ASSERT_EQ(test, tdx_test_alloc_pamts(&plan, &chunks), 0);
	KUNIT_EXPECT_GT(test, tdx_pamt_pages, 0);
	mutex_lock(&tdx_module_lock);
	tdx_free_pamt_chunks(chunks);
	mutex_unlock(&tdx_module_lock);
	KUNIT_EXPECT_EQ(test, tdx_pamt_pages, 0);
	KUNIT_EXPECT_EQ(test, tdx_module_status(), TDX_MODULE_UNINITIALIZED);
}

/*
 * The TDMR's node has no memory: its PAMT comes from another node, and one
 * line says so.  The chunk is larger than the whole boot reservation, so
 * that it comes from the page allocator also when the kernel booted with
 * tdx_pamt=reserve.
 */
static void tdx_host_pamt_node_fallback(struct kunit *test)
{
	struct tdx_pamt_reserve_stats rs;
	struct tdx_pamt_chunks *chunks;
	struct tdmr_plan plan;
	u64 size, total = 0;
	unsigned int i;
	char want[64];
	int nid, got;

	for (nid = 0; nid < MAX_NUMNODES; nid++)
		if (!node_state(nid, N_MEMORY))
			break;
	if (nid == MAX_NUMNODES)
		kunit_skip(test, "every node has memory");

	KUNIT_ASSERT_EQ(test, tdx_test_take_plan(test, TDX_MODEL_GEN_1_5, &plan), 0);
	tdx_pamt_reserve_stats(&rs);
	size = max_t(u64, plan.tdmrs[0].pamt_size[TDX_PS_4K],
		     ALIGN(rs.reserved_bytes + SZ_2M, SZ_4M));
	plan.tdmrs[0].nid = nid;
	plan.tdmrs[0].pamt_size[TDX_PS_4K] = size;

	KUNIT_ASSERT_EQ(test, tdx_test_alloc_pamts(&plan, &chunks), 0);
	got = page_to_nid(pfn_to_page(PHYS_PFN(plan.tdmrs[0].pamt_base[TDX_PS_4K])));
	KUNIT_EXPECT_NE(test, got, nid);
	KUNIT_EXPECT_TRUE(test, node_state(got, N_MEMORY));
	snprintf(want, sizeof(want), "KB of PAMT not available on node %d", nid);
	KUNIT_EXPECT_TRUE(test, tdx_console_has2("TDMR 0: 4K: ", want));
	KUNIT_EXPECT_EQ(test, tdx_console_count("TDMR 0: 4K: "), 1);
	/* The first chunk is TDMR 0's 4K level, on the node that had room. */
	KUNIT_ASSERT_GT(test, chunks->nr, 0);
	KUNIT_EXPECT_EQ(test, chunks->chunk[0].size, size);
	KUNIT_EXPECT_EQ(test, chunks->chunk[0].nid, got);
	for (i = 0; i < chunks->nr; i++)
		total += chunks->chunk[i].size;
	KUNIT_EXPECT_EQ(test, (u64)tdx_pamt_pages << PAGE_SHIFT, total);
	mutex_lock(&tdx_module_lock);
	tdx_free_pamt_chunks(chunks);
	mutex_unlock(&tdx_module_lock);
	KUNIT_EXPECT_EQ(test, tdx_pamt_pages, 0);
}

/*
 * PAMT within a budget of one reserved area per TDMR, from the page
 * allocator: chunks of three sizes (4 MiB plus 4, 8 or 12 KiB, so that
 * alloc_contig_pages() puts them apart) land in the same TDMR, where only
 * the first fits.  tdx_alloc_pamts() must allocate the others again next
 * to it or in another TDMR (alloc_contig_range() on a window), so that the
 * reserved areas then fit the budget, and give everything back.  The
 * plan's holes are dropped: a TDMR with one would have no area left.
 */
static void tdx_host_pamt_budget(struct kunit *test)
{
	struct tdmr_plan_limits limits = tdx_info.limits;
	struct tdx_pamt_chunks *chunks;
	struct tdmr_plan plan;
	u64 total = 0;
	unsigned int i;

	KUNIT_ASSERT_EQ(test, tdx_test_take_plan(test, TDX_MODEL_GEN_1_5, &plan), 0);
	KUNIT_ASSERT_GT(test, plan.nr_tdmrs, 2);
	limits.max_reserved_per_tdmr = 1;
	for (i = 0; i < plan.nr_tdmrs; i++) {
		plan.tdmrs[i].nr_holes = 0;
		plan.tdmrs[i].pamt_size[TDX_PS_4K] = SZ_4M + (1 + i % 3) * SZ_4K;
	}

	KUNIT_ASSERT_EQ_MSG(test, tdx_test_alloc_pamts_limits(&plan, &limits, &chunks), 0,
			    "%s", tdx_reason);
	kunit_info(test, "%u TDMRs: %u PAMT chunks landed where they did not fit and were allocated again\n",
		   plan.nr_tdmrs, plan.nr_misplaced);
	KUNIT_EXPECT_GT(test, plan.nr_misplaced, 0);
	KUNIT_EXPECT_EQ_MSG(test, tdmr_plan_set_reserved(tdx_info.cmrs, tdx_info.nr_cmrs,
							 &limits, &plan), 0,
			    "%s", plan.err);
	for (i = 0; i < plan.nr_tdmrs; i++)
		KUNIT_EXPECT_LE(test, plan.tdmrs[i].nr_reserved, 1);
	/* Only the chunks kept are held, and they are what the plan uses. */
	KUNIT_EXPECT_EQ(test, chunks->nr, plan.nr_tdmrs + tdx_test_nr_nodes(&plan));
	for (i = 0; i < chunks->nr; i++)
		total += chunks->chunk[i].size;
	KUNIT_EXPECT_EQ(test, (u64)tdx_pamt_pages << PAGE_SHIFT, total);
	mutex_lock(&tdx_module_lock);
	tdx_free_pamt_chunks(chunks);
	mutex_unlock(&tdx_module_lock);
	KUNIT_EXPECT_EQ(test, tdx_pamt_pages, 0);
}

/* 32 callers at once: one initialization. */
#define TDX_TEST_THREADS	32

struct tdx_test_race {
	struct completion start;
	struct completion done;
	atomic_t remaining;
	atomic_t ok;
	atomic_t failed;
};

static int tdx_test_race_fn(void *data)
{
	struct tdx_test_race *race = data;

	wait_for_completion(&race->start);
	if (tdx_test_enable())
		atomic_inc(&race->failed);
	else
		atomic_inc(&race->ok);
	if (atomic_dec_and_test(&race->remaining))
		complete(&race->done);
	return 0;
}

static void tdx_host_concurrent_enable(struct kunit *test)
{
	struct tdx_test_race *race;
	struct task_struct *t;
	unsigned int i;

	race = kunit_kzalloc(test, sizeof(*race), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, race);
	init_completion(&race->start);
	init_completion(&race->done);
	atomic_set(&race->remaining, TDX_TEST_THREADS);

	KUNIT_ASSERT_EQ(test, tdx_test_prepare(TDX_MODEL_GEN_1_5), 0);
	for (i = 0; i < TDX_TEST_THREADS; i++) {
		t = kthread_run(tdx_test_race_fn, race, "tdx_test/%u", i);
		if (IS_ERR(t)) {
			/* Account for the thread that never ran. */
			if (atomic_dec_and_test(&race->remaining))
				complete(&race->done);
			KUNIT_FAIL(test, "kthread_run: %ld", PTR_ERR(t));
		}
	}
	complete_all(&race->start);
	wait_for_completion(&race->done);

	KUNIT_EXPECT_EQ(test, atomic_read(&race->ok), TDX_TEST_THREADS);
	KUNIT_EXPECT_EQ(test, atomic_read(&race->failed), 0);
	KUNIT_EXPECT_EQ(test, tdx_model_leaf_calls(TDH_SYS_INIT), 1);
	KUNIT_EXPECT_EQ(test, tdx_model_leaf_calls(TDH_SYS_CONFIG), 1);
	tdx_test_expect_initialized(test);
}

/* An offline CPU: refused before any SEAMCALL, and not remembered. */
static void tdx_host_cpu_offline_refused(struct kunit *test)
{
	int cpu = tdx_test_last_cpu();
	int ret;

	KUNIT_ASSERT_EQ(test, tdx_test_prepare(TDX_MODEL_GEN_1_5), 0);
	if (cpu == 0 || remove_cpu(cpu))
		kunit_skip(test, "cannot offline CPU %d", cpu);

	ret = tdx_test_enable();
	KUNIT_EXPECT_EQ(test, add_cpu(cpu), 0);
	KUNIT_EXPECT_EQ(test, ret, -EINVAL);
	KUNIT_EXPECT_TRUE(test, tdx_console_has2("initialization refused",
						 "online every CPU"));
	KUNIT_EXPECT_EQ(test, tdx_model_leaf_calls(TDH_SYS_INIT), 0);
	KUNIT_EXPECT_EQ(test, tdx_module_status(), TDX_MODULE_UNINITIALIZED);

	/* All CPUs back: the next call initializes. */
	KUNIT_EXPECT_EQ(test, tdx_test_enable(), 0);
	tdx_test_expect_initialized(test);
}

/* A CPU that goes offline and online after initialization keeps working. */
static void tdx_host_cpu_hotplug_after_init(struct kunit *test)
{
	int cpu = tdx_test_last_cpu();
	unsigned long lp_inits;

	KUNIT_ASSERT_EQ(test, tdx_test_prepare(TDX_MODEL_GEN_1_5), 0);
	KUNIT_ASSERT_EQ(test, tdx_test_enable(), 0);
	lp_inits = tdx_model_leaf_calls(TDH_SYS_LP_INIT);
	if (cpu == 0 || remove_cpu(cpu))
		kunit_skip(test, "cannot offline CPU %d", cpu);
	KUNIT_EXPECT_EQ(test, add_cpu(cpu), 0);
	KUNIT_EXPECT_TRUE(test, cpu_online(cpu));
	/* Its LP state survived: no second TDH.SYS.LP.INIT. */
	KUNIT_EXPECT_EQ(test, tdx_model_leaf_calls(TDH_SYS_LP_INIT), lp_inits);
	KUNIT_EXPECT_EQ(test, tdx_console_count("cannot come online"), 0);
	tdx_test_expect_initialized(test);

	/* A CPU the module never saw is kept offline, with a reason. */
	KUNIT_ASSERT_EQ(test, remove_cpu(cpu), 0);
	cpumask_clear_cpu(cpu, &tdx_lp_done);
	KUNIT_EXPECT_NE(test, add_cpu(cpu), 0);
	KUNIT_EXPECT_FALSE(test, cpu_online(cpu));
	KUNIT_EXPECT_TRUE(test, tdx_console_has2("cannot come online",
						 "TDX_SYS_LP_INIT_NOT_PENDING"));
	/* Put it back as it was. */
	cpumask_set_cpu(cpu, &tdx_lp_done);
	KUNIT_EXPECT_EQ(test, add_cpu(cpu), 0);
	KUNIT_EXPECT_TRUE(test, cpu_online(cpu));
}

/* Memory hot-add after initialization: refused outside TDX memory. */
static void tdx_host_memory_hotplug(struct kunit *test)
{
	struct memory_notify mn = {};
	u64 end;

	KUNIT_ASSERT_EQ(test, tdx_test_prepare(TDX_MODEL_GEN_1_5), 0);
	/* Before initialization anything goes. */
	mn.start_pfn = PHYS_PFN(1ULL << 46);
	mn.nr_pages = PHYS_PFN(128 << 20);
	KUNIT_EXPECT_EQ(test, tdx_memory_notify(NULL, MEM_GOING_ONLINE, &mn),
			NOTIFY_OK);

	KUNIT_ASSERT_EQ(test, tdx_test_enable(), 0);
	KUNIT_ASSERT_GT(test, tdx_nr_mem, 0);
	end = tdx_mem[tdx_nr_mem - 1].end;

	mn.start_pfn = PHYS_PFN(ALIGN(end, 1ULL << 30));
	KUNIT_EXPECT_EQ(test, tdx_memory_notify(NULL, MEM_GOING_ONLINE, &mn),
			NOTIFY_BAD);
	KUNIT_EXPECT_TRUE(test, tdx_console_has2("refusing to online memory",
						 "initialized without it"));
	/* Memory TDX covers may come back online. */
	mn.start_pfn = PHYS_PFN(tdx_mem[tdx_nr_mem - 1].start);
	mn.nr_pages = PHYS_PFN(end - tdx_mem[tdx_nr_mem - 1].start);
	KUNIT_EXPECT_EQ(test, tdx_memory_notify(NULL, MEM_GOING_ONLINE, &mn),
			NOTIFY_OK);
	/* Straddling the end is refused too. */
	mn.nr_pages += 1;
	KUNIT_EXPECT_EQ(test, tdx_memory_notify(NULL, MEM_GOING_ONLINE, &mn),
			NOTIFY_BAD);
	KUNIT_EXPECT_EQ(test, tdx_memory_notify(NULL, MEM_OFFLINE, &mn), NOTIFY_OK);
}

/*
 * System sleep: refused once initialized.  Before, only a sleep that reached
 * the platform (syscore resume) costs TDX; s2idle and aborted attempts,
 * which end without it, leave TDX usable.
 */
static void tdx_host_system_sleep(struct kunit *test)
{
	KUNIT_ASSERT_EQ(test, tdx_test_prepare(TDX_MODEL_GEN_1_5), 0);
	KUNIT_ASSERT_EQ(test, tdx_test_enable(), 0);
	KUNIT_EXPECT_EQ(test, tdx_pm_notify(NULL, PM_SUSPEND_PREPARE, NULL), NOTIFY_BAD);
	KUNIT_EXPECT_EQ(test, tdx_pm_notify(NULL, PM_HIBERNATION_PREPARE, NULL),
			NOTIFY_BAD);
	KUNIT_EXPECT_EQ(test, tdx_console_count("refusing system sleep"), 2);
	KUNIT_EXPECT_EQ(test, tdx_module_status(), TDX_MODULE_INITIALIZED);

	/* s2idle, or an attempt aborted before the platform slept. */
	KUNIT_ASSERT_EQ(test, tdx_test_prepare(TDX_MODEL_GEN_1_5), 0);
	KUNIT_EXPECT_EQ(test, tdx_pm_notify(NULL, PM_SUSPEND_PREPARE, NULL),
			NOTIFY_DONE);
	KUNIT_EXPECT_EQ(test, tdx_pm_notify(NULL, PM_POST_SUSPEND, NULL),
			NOTIFY_DONE);
	KUNIT_EXPECT_EQ(test, tdx_pm_notify(NULL, PM_HIBERNATION_PREPARE, NULL),
			NOTIFY_DONE);
	KUNIT_EXPECT_EQ(test, tdx_pm_notify(NULL, PM_POST_HIBERNATION, NULL),
			NOTIFY_DONE);
	KUNIT_EXPECT_EQ(test, tdx_module_status(), TDX_MODULE_UNINITIALIZED);
	KUNIT_EXPECT_EQ(test, tdx_console_count("system sleep"), 0);
	KUNIT_EXPECT_EQ(test, tdx_test_enable(), 0);

	/* S3 or hibernation: the platform slept before initialization. */
	KUNIT_ASSERT_EQ(test, tdx_test_prepare(TDX_MODEL_GEN_1_5), 0);
	KUNIT_EXPECT_EQ(test, tdx_pm_notify(NULL, PM_SUSPEND_PREPARE, NULL),
			NOTIFY_DONE);
	tdx_syscore_resume();
	KUNIT_EXPECT_EQ(test, tdx_module_status(), TDX_MODULE_UNAVAILABLE);
	KUNIT_EXPECT_TRUE(test, tdx_console_has("TDX disabled until reboot"));
	KUNIT_EXPECT_EQ(test, tdx_fail_step, TDX_STEP_SLEEP);
	KUNIT_EXPECT_EQ(test, tdx_test_enable(), -ENODEV);
	KUNIT_EXPECT_EQ(test, tdx_model_leaf_calls(TDH_SYS_INIT), 0);
}

/*
 * Reboot and kexec once the module may have written private lines: the
 * module is fenced, and with kexec on an erratum CPU every PAMT line (and
 * nothing else) gets a full-line write before the next kernel gets the
 * memory.  Reboot, or a CPU without the erratum, resets nothing.
 */
struct tdx_kexec_case {
	const char *name;
	bool erratum;
	bool kexec;
	bool initialized;	/* else TDMR.INIT never ran */
	bool reset;
};

static const struct tdx_kexec_case tdx_kexec_cases[] = {
	{ "kexec, erratum", true, true, true, true },
	{ "reboot, erratum", true, false, true, false },
	{ "kexec, no erratum", false, true, true, false },
	{ "kexec, erratum, not initialized", true, true, false, false },
};

static void tdx_kexec_case_desc(const struct tdx_kexec_case *c, char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(tdx_kexec, tdx_kexec_cases, tdx_kexec_case_desc);

static void tdx_host_kexec(struct kunit *test)
{
	const struct tdx_kexec_case *c = test->param_value;
	struct tdx_seamcall_regs regs = {};
	struct tdx_model_reset_stats s;
	struct tdx_test_calls calls;

	KUNIT_ASSERT_EQ(test, tdx_test_prepare(TDX_MODEL_GEN_1_5), 0);
	tdx_model_set_pw_mce_erratum(c->erratum);
	if (c->initialized)
		KUNIT_ASSERT_EQ(test, tdx_test_enable(), 0);
	tdx_console_clear();

	tdx_reboot_prepare(c->kexec);

	tdx_test_expect_reset(test, c->reset, "kexec: reset", &s);

	/* Fenced once private lines may exist: the PAMT is not the module's. */
	tdx_test_count_calls(&calls);
	if (c->initialized) {
		KUNIT_EXPECT_EQ(test, tdx_seamcall(TDH_SYS_LP_INIT, &regs),
				TDX_SEAMCALL_FENCED_STATUS);
		tdx_test_expect_no_calls(test, &calls);
	} else {
		KUNIT_EXPECT_FALSE(test, READ_ONCE(tdx_fenced));
	}
	tdx_model_set_pw_mce_erratum(false);
}

/*
 * The SEAMCALL instruction itself, past the model: this CPU has no SEAM
 * (QEMU), or is not in VMX operation (KVM has not started), so it raises
 * #UD or #GP, which must come back as a software status, with the
 * registers left alone, and not as an oops.
 */
static void tdx_host_seamcall_faults(struct kunit *test)
{
	struct tdx_seamcall_regs regs = { 1, 2, 3, 4, 5, 6 };
	struct tdx_status_str str;
	u64 status;

	status = __tdx_seamcall(TDH_SYS_INIT, &regs);
	KUNIT_EXPECT_TRUE_MSG(test, status == TDX_SEAMCALL_UD || status == TDX_SEAMCALL_GP,
			      "SEAMCALL returned %s", tdx_status_decode(status, &str));
	KUNIT_EXPECT_EQ(test, regs.rcx, 1);
	KUNIT_EXPECT_EQ(test, regs.rdx, 2);
	KUNIT_EXPECT_EQ(test, regs.r8, 3);
	KUNIT_EXPECT_EQ(test, regs.r11, 6);
	KUNIT_EXPECT_LT(test, tdx_status_errno(status), 0);
	kunit_info(test, "SEAMCALL on this CPU: %s\n", tdx_status_decode(status, &str));
}

/* Boot-time detection: the guest's profile, as read at boot. */
static void tdx_host_detection(struct kunit *test)
{
	u64 msr, seam_msr;

	KUNIT_ASSERT_EQ(test, tdx_model_rdmsr(MSR_IA32_MKTME_KEYID_PARTITIONING, &msr), 0);
	/* The core reads MSR 0x87 through the seam, where the model stands in. */
	KUNIT_ASSERT_EQ(test, tdx_seam_read_keyid_msr(&seam_msr), 0);
	KUNIT_EXPECT_EQ(test, seam_msr, msr);
	KUNIT_EXPECT_TRUE(test, platform_tdx_enabled());
	/* The first private KeyID is the global one; all of them counted. */
	KUNIT_EXPECT_EQ(test, tdx_keyid_start, lower_32_bits(msr) + 1);
	KUNIT_EXPECT_EQ(test, tdx_nr_keyids, upper_32_bits(msr));
}

struct tdx_keyid_case {
	const char *name;
	int rdmsr_err;
	u64 msr;
	enum tdx_keyid_check result;
	u32 start;
	u32 nr;
};

static const struct tdx_keyid_case tdx_keyid_cases[] = {
	{ "rdmsr faults", -EIO, 0, TDX_KEYIDS_NO_MSR },
	{ "no TDX KeyIDs", 0, 63, TDX_KEYIDS_NONE, 64, 0 },
	{ "one TDX KeyID", 0, (1ULL << 32) | 31, TDX_KEYIDS_TOO_FEW, 32, 1 },
	{ "two TDX KeyIDs", 0, (2ULL << 32) | 31, TDX_KEYIDS_OK, 32, 2 },
	{ "[16, 64)", 0, (48ULL << 32) | 15, TDX_KEYIDS_OK, 16, 48 },
	{ "no MKTME KeyIDs", 0, 64ULL << 32, TDX_KEYIDS_OK, 1, 64 },
};

static void tdx_keyid_case_desc(const struct tdx_keyid_case *c, char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(tdx_keyid, tdx_keyid_cases, tdx_keyid_case_desc);

static void tdx_host_keyid_partitioning(struct kunit *test)
{
	const struct tdx_keyid_case *c = test->param_value;
	u32 start = 0, nr = 0;

	KUNIT_EXPECT_EQ(test, tdx_parse_keyids(c->rdmsr_err, c->msr, &start, &nr),
			c->result);
	if (c->result == TDX_KEYIDS_NO_MSR)
		return;
	KUNIT_EXPECT_EQ(test, start, c->start);
	KUNIT_EXPECT_EQ(test, nr, c->nr);
}

struct tdx_decode_case {
	u64 status;
	const char *text;
	int err;
};

static const struct tdx_decode_case tdx_decode_cases[] = {
	{ 0, "TDX_SUCCESS [0x0000000000000000]", 0 },
	{ 0xC0000A2000001003ULL,
	  "TDX_INVALID_RESERVED_IN_TDMR (TDMR 3, reserved area 16) [0xc0000a2000001003]",
	  -EIO },
	{ 0xC0000A2100000f02ULL,
	  "TDX_NON_ORDERED_RESERVED_IN_TDMR (TDMR 2, reserved area 15) [0xc0000a2100000f02]",
	  -EIO },
	{ 0xC000010000000002ULL, "TDX_OPERAND_INVALID (operand RDX) [0xc000010000000002]",
	  -EIO },
	{ 0x80000200000000BBULL, "TDX_OPERAND_BUSY (operand KET) [0x80000200000000bb]",
	  -EBUSY },
	{ 0xC0000A1200010002ULL,
	  "TDX_PAMT_OVERLAP (TDMR 2, 4K PAMT, other TDMR 1) [0xc0000a1200010002]", -EIO },
	{ 0xC0000A1100000201ULL, "TDX_PAMT_OUTSIDE_CMRS (TDMR 1, 1G PAMT) [0xc0000a1100000201]",
	  -EIO },
	{ 0xC0000A1000000105ULL, "TDX_INVALID_PAMT (TDMR 5, 2M PAMT) [0xc0000a1000000105]",
	  -EIO },
	{ 0xC0000A0200000007ULL, "TDX_TDMR_OUTSIDE_CMRS (TDMR 7) [0xc0000a0200000007]", -EIO },
	{ 0xC000092000000087ULL, "TDX_INCONSISTENT_MSR (MSR 0x87) [0xc000092000000087]", -EIO },
	{ 0x0000081500000000ULL, "TDX_KEY_CONFIGURED [0x0000081500000000]", -EIO },
	{ 0x8000080000000000ULL, "TDX_KEY_GENERATION_FAILED [0x8000080000000000]", -EAGAIN },
	{ 0x8000020300000000ULL, "TDX_RND_NO_ENTROPY [0x8000020300000000]", -EAGAIN },
	{ 0x8000020200000000ULL, "TDX_SYS_BUSY [0x8000020200000000]", -EBUSY },
	{ 0xC000050600000000ULL, "TDX_SYS_SHUTDOWN [0xc000050600000000]", -EIO },
	{ 0x8000FF00FFFF0000ULL,
	  "TDX_SEAMCALL_VMFAILINVALID (no TDX module loaded) [0x8000ff00ffff0000]", -ENODEV },
	{ 0x8000FF000000000DULL,
	  "TDX_SEAMCALL_GP (#GP: TDX not enabled by BIOS) [0x8000ff000000000d]", -EOPNOTSUPP },
	{ 0x8000FF0000000006ULL,
	  "TDX_SEAMCALL_UD (#UD: CPU not in VMX operation) [0x8000ff0000000006]", -EINVAL },
	{ 0x8000FF00FFFE0000ULL,
	  "TDX_SEAMCALL_FENCED (the kernel shut the module down) [0x8000ff00fffe0000]",
	  -ESHUTDOWN },
	{ 0x8000FF0000000001ULL, "unknown TDX status [0x8000ff0000000001]", -EIO },
	{ 0xC0000BFF00000000ULL, "unknown TDX status [0xc0000bff00000000]", -EIO },
	{ 0xC000050C00000004ULL,
	  "TDX_SYS_CONFIG_NOT_PENDING (detail 0x4) [0xc000050c00000004]", -EIO },
};

static void tdx_decode_case_desc(const struct tdx_decode_case *c, char *desc)
{
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "0x%016llx", c->status);
}

KUNIT_ARRAY_PARAM(tdx_decode, tdx_decode_cases, tdx_decode_case_desc);

static void tdx_host_status_decoder(struct kunit *test)
{
	const struct tdx_decode_case *c = test->param_value;
	struct tdx_status_str str;

	KUNIT_EXPECT_STREQ(test, tdx_status_decode(c->status, &str), c->text);
	KUNIT_EXPECT_EQ(test, tdx_status_errno(c->status), c->err);
}

/* The plan this layer would carry out on the sample platforms. */
TDX_MT_PROFILE(tdx_ht_profile_2t, "two-socket-2t.profile");
TDX_MT_PROFILE(tdx_ht_profile_snc4, "snc4-512g.profile");
TDX_MT_PROFILE(tdx_ht_profile_holes, "many-holes.profile");
TDX_MT_PROFILE(tdx_ht_profile_snc2, "two-socket-snc2.profile");
TDX_MT_PROFILE(tdx_ht_profile_sparse, "sparse-remap.profile");

struct tdx_plan_case {
	const char *name;
	const char *text;
};

static const struct tdx_plan_case tdx_plan_cases[] = {
	{ "two-socket-2t", tdx_ht_profile_2t },
	{ "snc4-512g", tdx_ht_profile_snc4 },
	{ "many-holes", tdx_ht_profile_holes },
	{ "two-socket-snc2", tdx_ht_profile_snc2 },
	{ "sparse-remap", tdx_ht_profile_sparse },
};

static void tdx_plan_case_desc(const struct tdx_plan_case *c, char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(tdx_plan, tdx_plan_cases, tdx_plan_case_desc);

static void tdx_host_plan_profile(struct kunit *test)
{
	const struct tdx_plan_case *c = test->param_value;
	u64 mem_bytes = 0, pamt = 0, largest = 0, covered;
	struct tdx_model_profile *p;
	struct tdmr_plan_limits limits;
	struct tdx_mem_range *mem;
	struct tdmr_plan plan = {};
	unsigned int i, j, level, nr = 0;
	char err[TDX_MODEL_ERR_LEN];

	p = kunit_kzalloc(test, sizeof(*p), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, p);
	KUNIT_ASSERT_EQ_MSG(test, tdx_model_parse_profile(c->text, p, err, sizeof(err)),
			    0, "%s", err);

	/* What memblock would list on that machine: its usable memory. */
	mem = kunit_kcalloc(test, p->nr_mem, sizeof(*mem), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, mem);
	for (i = 0; i < p->nr_mem; i++) {
		if (p->mem[i].type != TDX_MODEL_MEM_USABLE)
			continue;
		mem[nr].start = p->mem[i].start;
		mem[nr].end = p->mem[i].end;
		mem[nr].nid = p->mem[i].nid;
		nr++;
	}
	/* As tdx_build_memlist() does: the first MiB is never TDX memory. */
	nr = tdmr_plan_skip_low(mem, nr);
	for (i = 0; i < nr; i++)
		mem_bytes += mem[i].end - mem[i].start;
	limits.max_tdmrs = p->max_tdmrs;
	limits.max_reserved_per_tdmr = p->max_reserved_per_tdmr;
	for (level = 0; level < TDX_PS_NR; level++)
		limits.pamt_entry_size[level] = p->pamt_entry_size;

	plan.capacity = limits.max_tdmrs;
	plan.tdmrs = kunit_kcalloc(test, plan.capacity, sizeof(*plan.tdmrs), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, plan.tdmrs);
	KUNIT_ASSERT_EQ_MSG(test, tdmr_plan_build(mem, nr, p->cmrs, p->nr_cmrs, &limits,
						  &plan), 0, "%s", plan.err);
	KUNIT_ASSERT_GT(test, plan.nr_tdmrs, 0);
	KUNIT_EXPECT_LE(test, plan.nr_tdmrs, limits.max_tdmrs);

	/* Every byte of TDX memory is inside a TDMR. */
	for (i = 0; i < nr; i++) {
		covered = 0;
		for (j = 0; j < plan.nr_tdmrs; j++) {
			u64 s = max(mem[i].start, plan.tdmrs[j].base);
			u64 e = min(mem[i].end, plan.tdmrs[j].base + plan.tdmrs[j].size);

			if (s < e)
				covered += e - s;
		}
		KUNIT_EXPECT_EQ_MSG(test, covered, mem[i].end - mem[i].start,
				    "memory range %u", i);
	}
	for (j = 0; j < plan.nr_tdmrs; j++) {
		for (level = 0; level < TDX_PS_NR; level++) {
			u64 size = plan.tdmrs[j].pamt_size[level];

			KUNIT_EXPECT_EQ(test, size,
					tdmr_pamt_level_size(plan.tdmrs[j].size, level,
							     p->pamt_entry_size));
			pamt += size;
			largest = max(largest, size);
		}
	}
	kunit_info(test, "%s: %llu MiB of memory, %u TDMRs, %llu KiB PAMT, largest chunk %llu KiB\n",
		   p->name, mem_bytes >> 20, plan.nr_tdmrs, pamt >> 10, largest >> 10);
}

/* ---------------------------------------------------------------------- */

static int tdx_host_suite_init(struct kunit_suite *suite)
{
	if (!tdx_model_active() || !platform_tdx_enabled())
		return -ENODEV;
	for_each_kernel_tracepoint(tdx_test_register_tp, NULL);
	/* Cases check what the model saw from here on (tdx_host_case_exit()). */
	tdx_model_clear_host_errors();
	return 0;
}

static void tdx_host_suite_exit(struct kunit_suite *suite)
{
	for_each_kernel_tracepoint(tdx_test_unregister_tp, NULL);
	tracepoint_synchronize_unregister();
	/* Leave the model and the core as the boot left them. */
	tdx_test_reset_core();
	tdx_model_clear_faults();
	tdx_model_set_generation(TDX_MODEL_GEN_1_5);
}

/*
 * MCHECK counted more LPs than Linux has online (nosmt, nr_cpus=, a CPU the
 * BIOS enabled that Linux never brought up): TDH.SYS.CONFIG fails after a
 * clean LP.INIT round, and the message says why.
 */
static void tdx_host_census_beyond_online(struct kunit *test)
{
	struct tdx_model_profile *p, *saved;

	p = kunit_kzalloc(test, sizeof(*p), GFP_KERNEL);
	saved = kunit_kzalloc(test, sizeof(*saved), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, p);
	KUNIT_ASSERT_NOT_NULL(test, saved);
	KUNIT_ASSERT_EQ(test, tdx_test_prepare(TDX_MODEL_GEN_1_5), 0);
	*saved = *tdx_model_current_profile();
	*p = *saved;
	p->nr_lps = num_online_cpus() + 1;
	p->nr_pkgs = tdx_model_nr_pkgs();
	KUNIT_ASSERT_EQ(test, tdx_model_activate(p), 0);

	KUNIT_EXPECT_EQ(test, tdx_test_enable(), -EIO);
	KUNIT_EXPECT_TRUE(test, tdx_console_has2("TDX_SYS_CONFIG_NOT_PENDING",
						 "counts logical CPUs that Linux has not"));

	tdx_test_reset_core();
	KUNIT_EXPECT_EQ(test, tdx_model_activate(saved), 0);
}

/*
 * A module build that initializes 1 MiB of TDMR per TDH.SYS.TDMR.INIT, not
 * 4 MiB: the host follows the module's progress, not a call count derived
 * from one build's step.
 */
static void tdx_host_tdmr_init_small_steps(struct kunit *test)
{
	KUNIT_ASSERT_EQ(test, tdx_test_prepare(TDX_MODEL_GEN_1_5), 0);
	tdx_model_set_tdmr_init_step(SZ_1M);
	KUNIT_EXPECT_EQ(test, tdx_test_enable(), 0);
	tdx_test_expect_initialized(test);
}

/*
 * After every case: the model saw the host keep its obligations (PAMT kept
 * allocated while the module may use it, caches flushed before
 * KEY.CONFIG), also on the error paths the case drove.
 */
static void tdx_host_case_exit(struct kunit *test)
{
	char err[TDX_MODEL_ERR_LEN];

	KUNIT_EXPECT_EQ_MSG(test, tdx_model_host_errors(err, sizeof(err)), 0UL,
			    "%s", err);
}

static struct kunit_case tdx_host_cases[] = {
	KUNIT_CASE(tdx_host_detection),
	KUNIT_CASE(tdx_host_seamcall_faults),
	KUNIT_CASE_PARAM(tdx_host_memory_in_cmrs, tdx_cmr_gen_params),
	KUNIT_CASE_PARAM(tdx_host_keyid_partitioning, tdx_keyid_gen_params),
	KUNIT_CASE_PARAM(tdx_host_status_decoder, tdx_decode_gen_params),
	KUNIT_CASE_PARAM(tdx_host_enable_succeeds, tdx_test_gen_gen_params),
	KUNIT_CASE_PARAM(tdx_host_fault, tdx_fault_gen_params),
	KUNIT_CASE_PARAM(tdx_host_pw_mce_erratum, tdx_pw_gen_params),
	KUNIT_CASE(tdx_host_shutdown_fails),
	KUNIT_CASE_PARAM(tdx_host_pamt_alloc_fails, tdx_test_gen_gen_params),
	KUNIT_CASE(tdx_host_pamt_node_fallback),
	KUNIT_CASE(tdx_host_pamt_budget),
	KUNIT_CASE(tdx_host_concurrent_enable),
	KUNIT_CASE(tdx_host_cpu_offline_refused),
	KUNIT_CASE(tdx_host_cpu_hotplug_after_init),
	KUNIT_CASE(tdx_host_memory_hotplug),
	KUNIT_CASE(tdx_host_system_sleep),
	KUNIT_CASE_PARAM(tdx_host_kexec, tdx_kexec_gen_params),
	KUNIT_CASE_PARAM(tdx_host_plan_profile, tdx_plan_gen_params),
	KUNIT_CASE(tdx_host_census_beyond_online),
	KUNIT_CASE(tdx_host_tdmr_init_small_steps),
	{}
};

static struct kunit_suite tdx_host_suite = {
	.name = "tdx_host",
	.suite_init = tdx_host_suite_init,
	.suite_exit = tdx_host_suite_exit,
	.exit = tdx_host_case_exit,
	.test_cases = tdx_host_cases,
};

kunit_test_suite(tdx_host_suite);
