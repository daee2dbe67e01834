// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of KVM's TDX decisions: when the TD VM type is offered, the
 * first TD initializing TDX exactly once, later TDs only checking the
 * remembered outcome, and TDs refused vCPUs.  Included at the end of tdx.c
 * to reach its static functions.
 *
 * KVM itself cannot run here (no VMX under QEMU TCG), so the TDX module
 * initialization is replaced by a counting fake.
 */
#include <kunit/test.h>
#include <linux/atomic.h>
#include <linux/completion.h>
#include <linux/delay.h>
#include <linux/kthread.h>
#include <linux/slab.h>

struct kvm_tdx_reason_case {
	const char *name;
	bool requested, platform, ept;
	const char *reason_has;		/* NULL: TDs offered */
};

static const struct kvm_tdx_reason_case kvm_tdx_reason_cases[] = {
	{ "offered", true, true, true, NULL },
	{ "not_requested", false, true, true, "kvm_intel.tdx=0" },
	{ "not_requested_no_platform", false, false, false, "kvm_intel.tdx=0" },
	{ "no_platform", true, false, true, "not enabled by the BIOS" },
	{ "no_ept", true, true, false, "kvm_intel.ept=0" },
};

static void kvm_tdx_reason_desc(const struct kvm_tdx_reason_case *c, char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(kvm_tdx_reason, kvm_tdx_reason_cases, kvm_tdx_reason_desc);

static void kvm_tdx_offer_decision(struct kunit *test)
{
	const struct kvm_tdx_reason_case *c = test->param_value;
	const char *why;

	why = kvm_tdx_unavailable_reason(c->requested, c->platform, c->ept);
	if (!c->reason_has) {
		KUNIT_EXPECT_NULL(test, why);
		return;
	}
	KUNIT_ASSERT_NOT_NULL(test, why);
	KUNIT_EXPECT_NOT_NULL(test, strstr(why, c->reason_has));
}

static atomic_t kvm_tdx_fake_calls;
static int kvm_tdx_fake_result;

static int kvm_tdx_fake_enable(void)
{
	atomic_inc(&kvm_tdx_fake_calls);
	/* Long enough for concurrent first TDs to pile up on the mutex. */
	msleep(20);
	return kvm_tdx_fake_result;
}

static void kvm_tdx_fake_init(struct kvm_tdx_enabler *e, int result)
{
	mutex_init(&e->lock);
	e->outcome = KVM_TDX_NOT_TRIED;
	e->enable = kvm_tdx_fake_enable;
	atomic_set(&kvm_tdx_fake_calls, 0);
	kvm_tdx_fake_result = result;
}

static void kvm_tdx_first_td_enables_once(struct kunit *test)
{
	struct kvm_tdx_enabler e;

	kvm_tdx_fake_init(&e, 0);
	KUNIT_EXPECT_EQ(test, kvm_tdx_enable_once(&e), 0);
	KUNIT_EXPECT_EQ(test, kvm_tdx_enable_once(&e), 0);
	KUNIT_EXPECT_EQ(test, kvm_tdx_enable_once(&e), 0);
	KUNIT_EXPECT_EQ(test, atomic_read(&kvm_tdx_fake_calls), 1);
}

static void kvm_tdx_failure_is_remembered(struct kunit *test)
{
	struct kvm_tdx_enabler e;

	kvm_tdx_fake_init(&e, -ENOMEM);
	KUNIT_EXPECT_EQ(test, kvm_tdx_enable_once(&e), -ENOMEM);
	/* A later TD must not retry: the module may be shut down. */
	kvm_tdx_fake_result = 0;
	KUNIT_EXPECT_EQ(test, kvm_tdx_enable_once(&e), -ENOMEM);
	KUNIT_EXPECT_EQ(test, atomic_read(&kvm_tdx_fake_calls), 1);
}

static void kvm_tdx_positive_result_is_an_error(struct kunit *test)
{
	struct kvm_tdx_enabler e;

	kvm_tdx_fake_init(&e, 1);
	KUNIT_EXPECT_EQ(test, kvm_tdx_enable_once(&e), -EIO);
}

#define KVM_TDX_RACERS 16

struct kvm_tdx_racer {
	struct kvm_tdx_enabler *e;
	struct completion *go;
	struct completion done;
	int result;
};

static int kvm_tdx_racer_fn(void *data)
{
	struct kvm_tdx_racer *r = data;

	wait_for_completion(r->go);
	r->result = kvm_tdx_enable_once(r->e);
	complete(&r->done);
	return 0;
}

static void kvm_tdx_concurrent_first_tds(struct kunit *test)
{
	struct kvm_tdx_racer *racers;
	struct kvm_tdx_enabler e;
	struct completion go;
	struct task_struct *t;
	int i;

	racers = kunit_kcalloc(test, KVM_TDX_RACERS, sizeof(*racers), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, racers);
	kvm_tdx_fake_init(&e, -EIO);
	init_completion(&go);

	for (i = 0; i < KVM_TDX_RACERS; i++) {
		racers[i].e = &e;
		racers[i].go = &go;
		racers[i].result = 1;
		init_completion(&racers[i].done);
		t = kthread_run(kvm_tdx_racer_fn, &racers[i], "kvm_tdx_racer/%d", i);
		KUNIT_ASSERT_FALSE(test, IS_ERR(t));
	}
	complete_all(&go);
	for (i = 0; i < KVM_TDX_RACERS; i++) {
		wait_for_completion(&racers[i].done);
		KUNIT_EXPECT_EQ(test, racers[i].result, -EIO);
	}
	KUNIT_EXPECT_EQ(test, atomic_read(&kvm_tdx_fake_calls), 1);
}

static void kvm_tdx_td_has_no_vcpus(struct kunit *test)
{
	struct kvm *kvm = kunit_kzalloc(test, sizeof(*kvm), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, kvm);
	kvm->arch.vm_type = KVM_X86_DEFAULT_VM;
	KUNIT_EXPECT_EQ(test, tdx_vcpu_precreate(kvm), 0);
	kvm->arch.vm_type = KVM_X86_TDX_VM;
	KUNIT_EXPECT_EQ(test, tdx_vcpu_precreate(kvm), -EOPNOTSUPP);
}

static void kvm_tdx_post_init(struct kunit *test)
{
	struct kvm *kvm = kunit_kzalloc(test, sizeof(*kvm), GFP_KERNEL);
	int (*saved_enable)(void) = kvm_tdx_enabler.enable;
	int saved_outcome = kvm_tdx_enabler.outcome;
	u32 saved_types = kvm_caps.supported_vm_types;
	bool saved_param = enable_tdx;

	KUNIT_ASSERT_NOT_NULL(test, kvm);

	/* The global enabler, with the fake in place of tdx_enable(). */
	kvm_tdx_enabler.outcome = KVM_TDX_NOT_TRIED;
	kvm_tdx_enabler.enable = kvm_tdx_fake_enable;
	atomic_set(&kvm_tdx_fake_calls, 0);
	kvm_tdx_fake_result = -ENODEV;
	enable_tdx = true;
	kvm_caps.supported_vm_types = BIT(KVM_X86_DEFAULT_VM) | BIT(KVM_X86_TDX_VM);

	/* A normal VM never initializes TDX. */
	kvm->arch.vm_type = KVM_X86_DEFAULT_VM;
	KUNIT_EXPECT_EQ(test, tdx_vm_post_init(kvm), 0);
	KUNIT_EXPECT_EQ(test, atomic_read(&kvm_tdx_fake_calls), 0);

	/* A TD does; its failure withdraws the TD type and the parameter. */
	kvm->arch.vm_type = KVM_X86_TDX_VM;
	KUNIT_EXPECT_EQ(test, tdx_vm_post_init(kvm), -ENODEV);
	KUNIT_EXPECT_EQ(test, atomic_read(&kvm_tdx_fake_calls), 1);
	KUNIT_EXPECT_FALSE(test, enable_tdx);
	KUNIT_EXPECT_EQ(test, kvm_caps.supported_vm_types,
			(u32)BIT(KVM_X86_DEFAULT_VM));

	/* And a normal VM still works afterwards. */
	kvm->arch.vm_type = KVM_X86_DEFAULT_VM;
	KUNIT_EXPECT_EQ(test, tdx_vm_post_init(kvm), 0);

	kvm_tdx_enabler.outcome = saved_outcome;
	kvm_tdx_enabler.enable = saved_enable;
	kvm_caps.supported_vm_types = saved_types;
	enable_tdx = saved_param;
}

static atomic_t kvm_tdx_hw_enabled, kvm_tdx_hw_disabled;
static int kvm_tdx_hw_fail_cpu = -1;

static int kvm_tdx_fake_hw_enable(void)
{
	if ((int)smp_processor_id() == kvm_tdx_hw_fail_cpu)
		return -EBUSY;
	atomic_inc(&kvm_tdx_hw_enabled);
	return 0;
}

static void kvm_tdx_fake_hw_disable(void)
{
	atomic_inc(&kvm_tdx_hw_disabled);
}

static int kvm_tdx_fake_enable_in_vmx(void)
{
	/* tdx_enable() runs with every CPU in VMX operation. */
	return atomic_read(&kvm_tdx_hw_enabled) == num_online_cpus() ?
	       kvm_tdx_fake_enable() : -EFAULT;
}

static void kvm_tdx_eager(struct kunit *test)
{
	struct kvm_tdx_enabler e;

	kvm_tdx_fake_init(&e, 0);
	atomic_set(&kvm_tdx_hw_enabled, 0);
	atomic_set(&kvm_tdx_hw_disabled, 0);
	kvm_tdx_hw_fail_cpu = -1;

	KUNIT_EXPECT_EQ(test, kvm_tdx_enable_eagerly(&e, kvm_tdx_fake_hw_enable,
						     kvm_tdx_fake_hw_disable,
						     kvm_tdx_fake_enable_in_vmx), 0);
	KUNIT_EXPECT_EQ(test, atomic_read(&kvm_tdx_fake_calls), 1);
	/* Every CPU went into VMX operation and out again. */
	KUNIT_EXPECT_EQ(test, atomic_read(&kvm_tdx_hw_enabled), (int)num_online_cpus());
	KUNIT_EXPECT_EQ(test, atomic_read(&kvm_tdx_hw_disabled), (int)num_online_cpus());
	/* The first TD only reads the outcome. */
	KUNIT_EXPECT_EQ(test, kvm_tdx_enable_once(&e), 0);
	KUNIT_EXPECT_EQ(test, atomic_read(&kvm_tdx_fake_calls), 1);
}

static void kvm_tdx_eager_cpu_fails(struct kunit *test)
{
	struct kvm_tdx_enabler e;

	kvm_tdx_fake_init(&e, 0);
	atomic_set(&kvm_tdx_hw_enabled, 0);
	atomic_set(&kvm_tdx_hw_disabled, 0);
	kvm_tdx_hw_fail_cpu = cpumask_last(cpu_online_mask);

	KUNIT_EXPECT_EQ(test, kvm_tdx_enable_eagerly(&e, kvm_tdx_fake_hw_enable,
						     kvm_tdx_fake_hw_disable,
						     kvm_tdx_fake_enable), -EBUSY);
	kvm_tdx_hw_fail_cpu = -1;
	/* TDX was not tried, and VMX was left on no CPU... */
	KUNIT_EXPECT_EQ(test, atomic_read(&kvm_tdx_fake_calls), 0);
	KUNIT_EXPECT_EQ(test, atomic_read(&kvm_tdx_hw_disabled), (int)num_online_cpus());
	/* ...so the first TD tries, lazily. */
	KUNIT_EXPECT_EQ(test, kvm_tdx_enable_once(&e), 0);
	KUNIT_EXPECT_EQ(test, atomic_read(&kvm_tdx_fake_calls), 1);
}

static struct kunit_case kvm_tdx_cases[] = {
	KUNIT_CASE_PARAM(kvm_tdx_offer_decision, kvm_tdx_reason_gen_params),
	KUNIT_CASE(kvm_tdx_first_td_enables_once),
	KUNIT_CASE(kvm_tdx_failure_is_remembered),
	KUNIT_CASE(kvm_tdx_positive_result_is_an_error),
	KUNIT_CASE(kvm_tdx_concurrent_first_tds),
	KUNIT_CASE(kvm_tdx_td_has_no_vcpus),
	KUNIT_CASE(kvm_tdx_post_init),
	KUNIT_CASE(kvm_tdx_eager),
	KUNIT_CASE(kvm_tdx_eager_cpu_fails),
	{}
};

static struct kunit_suite kvm_tdx_suite = {
	.name = "kvm_tdx",
	.test_cases = kvm_tdx_cases,
};

kunit_test_suite(kvm_tdx_suite);
