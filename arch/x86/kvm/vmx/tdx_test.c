// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of KVM's TDX decisions: when the TD VM type is offered, the
 * first TD initializing TDX, a final failure withdrawing the TD type and
 * kvm_intel.tdx while a retryable refusal changes nothing, eager mode
 * taking out of VMX operation exactly the CPUs it put in, and TDs refused
 * vCPUs.  Included at the end of tdx.c to reach its static functions.
 *
 * KVM itself cannot run here (no VMX under QEMU TCG), so the TDX core and
 * VMXON are replaced by fakes; dev/bochs.sh runs the real paths.
 */
#include <kunit/test.h>
#include <linux/atomic.h>
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

/*
 * A fake TDX core: tdx_enable() returns kvm_tdx_fake_result and, like the
 * real one, remembers a failure that is not -EINVAL in its state.
 */
static atomic_t kvm_tdx_fake_calls;
static int kvm_tdx_fake_result;
static enum tdx_module_status kvm_tdx_fake_state;

static int kvm_tdx_fake_enable(void)
{
	atomic_inc(&kvm_tdx_fake_calls);
	if (kvm_tdx_fake_state != TDX_MODULE_UNINITIALIZED)
		return kvm_tdx_fake_state == TDX_MODULE_INITIALIZED ? 0 : -EIO;
	if (!kvm_tdx_fake_result)
		kvm_tdx_fake_state = TDX_MODULE_INITIALIZED;
	else if (kvm_tdx_fake_result != -EINVAL)
		kvm_tdx_fake_state = TDX_MODULE_SHUTDOWN;
	return kvm_tdx_fake_result;
}

static enum tdx_module_status kvm_tdx_fake_status(void)
{
	return kvm_tdx_fake_state;
}

static const struct kvm_tdx_module_ops kvm_tdx_fake_ops = {
	.enable = kvm_tdx_fake_enable,
	.status = kvm_tdx_fake_status,
};

/* The globals a withdrawal changes, saved and restored around a case. */
struct kvm_tdx_saved {
	u32 types;
	bool param;
};

static void kvm_tdx_fake_init(struct kunit *test, struct kvm_tdx_saved *saved,
			      int result)
{
	saved->types = kvm_caps.supported_vm_types;
	saved->param = enable_tdx;
	enable_tdx = true;
	kvm_caps.supported_vm_types = BIT(KVM_X86_DEFAULT_VM) | BIT(KVM_X86_TDX_VM);
	atomic_set(&kvm_tdx_fake_calls, 0);
	kvm_tdx_fake_result = result;
	kvm_tdx_fake_state = TDX_MODULE_UNINITIALIZED;
}

static void kvm_tdx_fake_exit(struct kvm_tdx_saved *saved)
{
	kvm_caps.supported_vm_types = saved->types;
	enable_tdx = saved->param;
}

static bool kvm_tdx_td_offered(void)
{
	return enable_tdx && (kvm_caps.supported_vm_types & BIT(KVM_X86_TDX_VM));
}

static void kvm_tdx_first_td_initializes(struct kunit *test)
{
	struct kvm_tdx_saved saved;

	kvm_tdx_fake_init(test, &saved, 0);
	KUNIT_EXPECT_EQ(test, kvm_tdx_first_td(&kvm_tdx_fake_ops), 0);
	KUNIT_EXPECT_EQ(test, kvm_tdx_fake_state, TDX_MODULE_INITIALIZED);
	/* Later TDs get tdx_enable()'s own remembered outcome. */
	KUNIT_EXPECT_EQ(test, kvm_tdx_first_td(&kvm_tdx_fake_ops), 0);
	KUNIT_EXPECT_EQ(test, atomic_read(&kvm_tdx_fake_calls), 2);
	KUNIT_EXPECT_TRUE(test, kvm_tdx_td_offered());
	kvm_tdx_fake_exit(&saved);
}

static void kvm_tdx_final_failure_withdraws(struct kunit *test)
{
	struct kvm_tdx_saved saved;

	kvm_tdx_fake_init(test, &saved, -ENOMEM);
	KUNIT_EXPECT_EQ(test, kvm_tdx_first_td(&kvm_tdx_fake_ops), -ENOMEM);
	/* The parameter and the cap tell the truth: no TD can be created. */
	KUNIT_EXPECT_FALSE(test, enable_tdx);
	KUNIT_EXPECT_EQ(test, kvm_caps.supported_vm_types,
			(u32)BIT(KVM_X86_DEFAULT_VM));
	kvm_tdx_fake_exit(&saved);
}

static void kvm_tdx_retryable_refusal_stays_retryable(struct kunit *test)
{
	struct kvm_tdx_saved saved;

	/* tdx_enable() refuses while a CPU is offline, and forgets it. */
	kvm_tdx_fake_init(test, &saved, -EINVAL);
	KUNIT_EXPECT_EQ(test, kvm_tdx_first_td(&kvm_tdx_fake_ops), -EINVAL);
	KUNIT_EXPECT_TRUE(test, kvm_tdx_td_offered());
	/* The CPU is back: the next TD initializes the module. */
	kvm_tdx_fake_result = 0;
	KUNIT_EXPECT_EQ(test, kvm_tdx_first_td(&kvm_tdx_fake_ops), 0);
	KUNIT_EXPECT_EQ(test, atomic_read(&kvm_tdx_fake_calls), 2);
	KUNIT_EXPECT_TRUE(test, kvm_tdx_td_offered());
	kvm_tdx_fake_exit(&saved);
}

static void kvm_tdx_positive_result_is_an_error(struct kunit *test)
{
	struct kvm_tdx_saved saved;

	kvm_tdx_fake_init(test, &saved, 1);
	KUNIT_EXPECT_EQ(test, kvm_tdx_first_td(&kvm_tdx_fake_ops), -EIO);
	kvm_tdx_fake_exit(&saved);
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

static void kvm_tdx_post_init_normal_vm(struct kunit *test)
{
	struct kvm *kvm = kunit_kzalloc(test, sizeof(*kvm), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, kvm);
	/* A normal VM never calls tdx_enable() (no TDX platform here). */
	kvm->arch.vm_type = KVM_X86_DEFAULT_VM;
	KUNIT_EXPECT_EQ(test, tdx_vm_post_init(kvm), 0);
}

/* Fake VMXON: CPUs in VMX operation, and one CPU that cannot enter it. */
static struct cpumask kvm_tdx_hw_on, kvm_tdx_hw_off_bad;
static atomic_t kvm_tdx_hw_disabled;
static int kvm_tdx_hw_fail_cpu = -1;

static int kvm_tdx_fake_hw_enable(void)
{
	if ((int)smp_processor_id() == kvm_tdx_hw_fail_cpu)
		return -EBUSY;
	cpumask_set_cpu(smp_processor_id(), &kvm_tdx_hw_on);
	return 0;
}

static void kvm_tdx_fake_hw_disable(void)
{
	/* VMXOFF where VMXON did not succeed is a bug: record it. */
	if (!cpumask_test_and_clear_cpu(smp_processor_id(), &kvm_tdx_hw_on))
		cpumask_set_cpu(smp_processor_id(), &kvm_tdx_hw_off_bad);
	atomic_inc(&kvm_tdx_hw_disabled);
}

static int kvm_tdx_fake_enable_in_vmx(void)
{
	/* tdx_enable() runs with every CPU in VMX operation. */
	if (!cpumask_equal(&kvm_tdx_hw_on, cpu_online_mask))
		return -EFAULT;
	return kvm_tdx_fake_enable();
}

static const struct kvm_tdx_module_ops kvm_tdx_fake_vmx_ops = {
	.enable = kvm_tdx_fake_enable_in_vmx,
	.status = kvm_tdx_fake_status,
};

static void kvm_tdx_fake_hw_init(int fail_cpu)
{
	cpumask_clear(&kvm_tdx_hw_on);
	cpumask_clear(&kvm_tdx_hw_off_bad);
	atomic_set(&kvm_tdx_hw_disabled, 0);
	kvm_tdx_hw_fail_cpu = fail_cpu;
}

static void kvm_tdx_eager(struct kunit *test)
{
	struct kvm_tdx_saved saved;

	kvm_tdx_fake_init(test, &saved, 0);
	kvm_tdx_fake_hw_init(-1);
	KUNIT_EXPECT_EQ(test, kvm_tdx_enable_eagerly(&kvm_tdx_fake_vmx_ops,
						     kvm_tdx_fake_hw_enable,
						     kvm_tdx_fake_hw_disable), 0);
	KUNIT_EXPECT_EQ(test, atomic_read(&kvm_tdx_fake_calls), 1);
	KUNIT_EXPECT_EQ(test, kvm_tdx_fake_state, TDX_MODULE_INITIALIZED);
	/* Every CPU went into VMX operation and out again. */
	KUNIT_EXPECT_TRUE(test, cpumask_empty(&kvm_tdx_hw_on));
	KUNIT_EXPECT_TRUE(test, cpumask_empty(&kvm_tdx_hw_off_bad));
	KUNIT_EXPECT_EQ(test, atomic_read(&kvm_tdx_hw_disabled), (int)num_online_cpus());
	KUNIT_EXPECT_TRUE(test, kvm_tdx_td_offered());
	kvm_tdx_fake_exit(&saved);
}

static void kvm_tdx_eager_cpu_fails(struct kunit *test)
{
	struct kvm_tdx_saved saved;

	kvm_tdx_fake_init(test, &saved, 0);
	kvm_tdx_fake_hw_init(cpumask_last(cpu_online_mask));
	KUNIT_EXPECT_EQ(test, kvm_tdx_enable_eagerly(&kvm_tdx_fake_vmx_ops,
						     kvm_tdx_fake_hw_enable,
						     kvm_tdx_fake_hw_disable), -EBUSY);
	kvm_tdx_hw_fail_cpu = -1;
	/* TDX was not tried; VMXOFF ran exactly where VMXON succeeded. */
	KUNIT_EXPECT_EQ(test, atomic_read(&kvm_tdx_fake_calls), 0);
	KUNIT_EXPECT_TRUE(test, cpumask_empty(&kvm_tdx_hw_on));
	KUNIT_EXPECT_TRUE(test, cpumask_empty(&kvm_tdx_hw_off_bad));
	KUNIT_EXPECT_EQ(test, atomic_read(&kvm_tdx_hw_disabled),
			(int)num_online_cpus() - 1);
	/* The TD type stays: the first TD tries, lazily. */
	KUNIT_EXPECT_TRUE(test, kvm_tdx_td_offered());
	KUNIT_EXPECT_EQ(test, kvm_tdx_first_td(&kvm_tdx_fake_ops), 0);
	KUNIT_EXPECT_EQ(test, atomic_read(&kvm_tdx_fake_calls), 1);
	kvm_tdx_fake_exit(&saved);
}

static void kvm_tdx_eager_fails(struct kunit *test)
{
	struct kvm_tdx_saved saved;

	kvm_tdx_fake_init(test, &saved, -EIO);
	kvm_tdx_fake_hw_init(-1);
	KUNIT_EXPECT_EQ(test, kvm_tdx_enable_eagerly(&kvm_tdx_fake_vmx_ops,
						     kvm_tdx_fake_hw_enable,
						     kvm_tdx_fake_hw_disable), -EIO);
	KUNIT_EXPECT_TRUE(test, cpumask_empty(&kvm_tdx_hw_on));
	KUNIT_EXPECT_TRUE(test, cpumask_empty(&kvm_tdx_hw_off_bad));
	KUNIT_EXPECT_FALSE(test, kvm_tdx_td_offered());
	KUNIT_EXPECT_FALSE(test, enable_tdx);
	kvm_tdx_fake_exit(&saved);
}

static struct kunit_case kvm_tdx_cases[] = {
	KUNIT_CASE_PARAM(kvm_tdx_offer_decision, kvm_tdx_reason_gen_params),
	KUNIT_CASE(kvm_tdx_first_td_initializes),
	KUNIT_CASE(kvm_tdx_final_failure_withdraws),
	KUNIT_CASE(kvm_tdx_retryable_refusal_stays_retryable),
	KUNIT_CASE(kvm_tdx_positive_result_is_an_error),
	KUNIT_CASE(kvm_tdx_td_has_no_vcpus),
	KUNIT_CASE(kvm_tdx_post_init_normal_vm),
	KUNIT_CASE(kvm_tdx_eager),
	KUNIT_CASE(kvm_tdx_eager_cpu_fails),
	KUNIT_CASE(kvm_tdx_eager_fails),
	{}
};

static struct kunit_suite kvm_tdx_suite = {
	.name = "kvm_tdx",
	.test_cases = kvm_tdx_cases,
};

kunit_test_suite(kvm_tdx_suite);
