// SPDX-License-Identifier: GPL-2.0
/*
 * Intel TDX host support: TDH.SYS.TDMR.INIT of every TDMR, the last step of
 * tdx_enable() (init.c) before the module can run TDs.
 *
 * TDMRs are initialized in parallel, each by workers on CPUs of the node its
 * PAMT came from; the first failure stops them all.
 */
#include <linux/atomic.h>
#include <linux/cpu.h>
#include <linux/cpumask.h>
#include <linux/kernel.h>
#include <linux/lockdep.h>
#include <linux/nodemask.h>
#include <linux/sched.h>
#include <linux/sizes.h>
#include <linux/slab.h>
#include <linux/topology.h>
#include <linux/workqueue.h>
#include <asm/tdx.h>
#include "internal.h"
#include "seamcall.h"

/*
 * Calls of TDH.SYS.TDMR.INIT without the module's progress (RDX, the next
 * address to initialize, rounded down to 1 GiB) moving on: however the
 * module splits the work, it initializes at least one 4 KiB page per call.
 */
#define TDX_TDMR_INIT_STALL_CALLS	(SZ_1G / SZ_4K)

/*
 * Initializing the TDMRs in parallel.  TDH.SYS.TDMR.INIT takes no global
 * lock in the module, only a try-lock per TDMR: calls on different TDMRs
 * run concurrently.  Each call initializes 4 MiB and writes its 16 KiB of
 * PAMT from the calling CPU, so each TDMR is initialized by a CPU of the
 * node its PAMT came from.  Per node, one work item per online CPU of the
 * node (at most one per TDMR) takes the node's TDMRs one by one; a node
 * without online CPUs is served by any online CPU.  The first failure
 * stops every worker before its next call.
 */
struct tdx_tdmr_init_ctl {
	const struct tdmr_plan *plan;
	unsigned int *order;		/* TDMR indices, grouped by node */
	atomic_t stop;
	int err;			/* first failure, set once */
};

struct tdx_tdmr_init_node {
	struct tdx_tdmr_init_ctl *ctl;
	unsigned int first, end;	/* this node's slice of ctl->order */
	atomic_t next;
};

struct tdx_tdmr_init_work {
	struct work_struct work;
	struct tdx_tdmr_init_node *node;
};

/*
 * TDH.SYS.TDMR.INIT until the module says the TDMR is done, as long as its
 * progress moves on: no bound derived from one module build's step size.
 * TDX_OPERAND_BUSY (another CPU holds the TDMR's lock for one call) is
 * retried.  Stops early, returning 0, once @ctl says another TDMR failed.
 */
static int tdx_init_tdmr(struct tdx_tdmr_init_ctl *ctl, unsigned int idx)
{
	const struct tdmr_plan_tdmr *tdmr = &ctl->plan->tdmrs[idx];
	u64 end = tdmr->base + tdmr->size, done = tdmr->base, next;
	unsigned long calls = 0, stalled = 0;
	struct tdx_status_str str;
	u64 status;

	do {
		if (atomic_read(&ctl->stop))
			return 0;
		status = tdh_sys_tdmr_init(tdmr->base, &next);
		if (status && status != (TDX_OPERAND_BUSY | TDX_OPND_RCX)) {
			tdx_record_seamcall_err(status,
						"TDH.SYS.TDMR.INIT of TDMR %u [0x%llx, 0x%llx) failed after %lu calls: %s",
						idx, tdmr->base, end, calls,
						tdx_status_decode(status, &str));
			return tdx_status_errno(status);
		}
		if (status)
			next = done;	/* busy: another CPU has it, retry */
		else
			calls++;
		if (next > done) {
			done = next;
			stalled = 0;
		} else if (++stalled > TDX_TDMR_INIT_STALL_CALLS) {
			tdx_record_err("TDH.SYS.TDMR.INIT of TDMR %u [0x%llx, 0x%llx) made no progress after %lu calls (at 0x%llx)",
				       idx, tdmr->base, end, calls, done);
			return -EIO;
		}
		cond_resched();
	} while (done < end);

	return 0;
}

static void tdx_init_tdmrs_fn(struct work_struct *work)
{
	struct tdx_tdmr_init_work *w = container_of(work, typeof(*w), work);
	struct tdx_tdmr_init_node *node = w->node;
	struct tdx_tdmr_init_ctl *ctl = node->ctl;
	unsigned int i;
	int ret;

	while (!atomic_read(&ctl->stop)) {
		i = node->first + atomic_inc_return(&node->next) - 1;
		if (i >= node->end)
			break;
		ret = tdx_init_tdmr(ctl, ctl->order[i]);
		if (ret && !atomic_xchg(&ctl->stop, 1))
			ctl->err = ret;
	}
}

/* Sort key: the TDMR's node, NUMA_NO_NODE first. */
static int tdx_tdmr_node(const struct tdmr_plan *plan, unsigned int i)
{
	int nid = plan->tdmrs[i].nid;

	return nid >= 0 && nid < MAX_NUMNODES ? nid : NUMA_NO_NODE;
}

int tdx_init_tdmrs(const struct tdmr_plan *plan)
{
	struct tdx_tdmr_init_ctl ctl = { .plan = plan };
	unsigned int i, n = 0, nr_works = 0, per_node, cpu;
	struct tdx_tdmr_init_node *nodes, *node;
	struct tdx_tdmr_init_work *works;
	const struct cpumask *cpus;
	int nid;

	lockdep_assert_cpus_held();

	/* At most one worker per TDMR, and one slice of ctl.order per node. */
	ctl.order = kcalloc(plan->nr_tdmrs, sizeof(*ctl.order), GFP_KERNEL);
	nodes = kcalloc(plan->nr_tdmrs, sizeof(*nodes), GFP_KERNEL);
	works = kcalloc(plan->nr_tdmrs, sizeof(*works), GFP_KERNEL);
	if (!ctl.order || !nodes || !works) {
		tdx_record_err("cannot allocate the TDMR initialization work for %u TDMRs",
			       plan->nr_tdmrs);
		ctl.err = -ENOMEM;
		goto out;
	}

	node = nodes;
	for (nid = NUMA_NO_NODE; nid < MAX_NUMNODES && n < plan->nr_tdmrs; nid++) {
		node->ctl = &ctl;
		node->first = n;
		for (i = 0; i < plan->nr_tdmrs; i++)
			if (tdx_tdmr_node(plan, i) == nid)
				ctl.order[n++] = i;
		node->end = n;
		if (node->end == node->first)
			continue;

		cpus = nid == NUMA_NO_NODE ? cpu_online_mask : cpumask_of_node(nid);
		if (!cpumask_intersects(cpus, cpu_online_mask))
			cpus = cpu_online_mask;
		per_node = 0;
		for_each_cpu_and(cpu, cpus, cpu_online_mask) {
			if (per_node++ == node->end - node->first)
				break;
			INIT_WORK(&works[nr_works].work, tdx_init_tdmrs_fn);
			works[nr_works].node = node;
			queue_work_on(cpu, system_long_wq, &works[nr_works].work);
			nr_works++;
		}
		node++;
	}
	for (i = 0; i < nr_works; i++)
		flush_work(&works[i].work);
out:
	kfree(works);
	kfree(nodes);
	kfree(ctl.order);
	return ctl.err;
}
