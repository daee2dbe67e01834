// SPDX-License-Identifier: GPL-2.0
/*
 * KVM and TDX: a TD is created with KVM_CREATE_VM(KVM_X86_TDX_VM) when
 * KVM_CAP_VM_TYPES offers it, and refused with EINVAL when not; the first TD
 * initializes the TDX module (read back from sysfs); kvm_intel.tdx tells the
 * truth; on the TDX module model, a SEAMCALL outside VMX operation gets #UD.
 * Needs VMX (and for the TD cases, a TDX platform): skips elsewhere.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include <linux/kvm.h>

#include "../kselftest_harness.h"
#include "tdx_util.h"

#ifndef KVM_CAP_VM_TYPES
#define KVM_CAP_VM_TYPES	235
#endif
#ifndef KVM_X86_TDX_VM
#define KVM_X86_TDX_VM		5
#endif

#define TDX_PARAM	"/sys/module/kvm_intel/parameters/tdx"
#define TDX_STATE	"/sys/devices/tdx_host/state"

FIXTURE(kvm) {
	int kvm;
	int types;
	char why[96];
};

FIXTURE_SETUP(kvm)
{
	/* The 6.1 harness runs the test after a SKIP() here: tests check. */
	self->why[0] = '\0';
	self->kvm = open("/dev/kvm", O_RDWR);
	if (self->kvm < 0) {
		snprintf(self->why, sizeof(self->why), "/dev/kvm: %s (no VMX here)",
			 strerror(errno));
		return;
	}
	self->types = ioctl(self->kvm, KVM_CHECK_EXTENSION, KVM_CAP_VM_TYPES);
	if (self->types <= 0)
		snprintf(self->why, sizeof(self->why),
			 "KVM_CAP_VM_TYPES not supported: kernel without this series");
}

FIXTURE_TEARDOWN(kvm)
{
	if (self->kvm >= 0)
		close(self->kvm);
}

TEST_F(kvm, default_vm_type_always_offered)
{
	int vm;

	if (self->why[0])
		SKIP(return, "%s", self->why);
	ASSERT_TRUE(self->types & 1);
	vm = ioctl(self->kvm, KVM_CREATE_VM, 0);
	ASSERT_GE(vm, 0);
	close(vm);
}

TEST_F(kvm, parameter_matches_cap)
{
	char param[8];

	if (self->why[0])
		SKIP(return, "%s", self->why);
	if (read_str(TDX_PARAM, param, sizeof(param)))
		SKIP(return, "%s not present (kvm_intel not loaded)", TDX_PARAM);
	EXPECT_EQ(param[0] == 'Y', !!(self->types & (1 << KVM_X86_TDX_VM)))
		TH_LOG("kvm_intel.tdx=%s but KVM_CAP_VM_TYPES=%#x", param, self->types);
}

TEST_F(kvm, td_refused_when_not_offered)
{
	if (self->why[0])
		SKIP(return, "%s", self->why);

	if (self->types & (1 << KVM_X86_TDX_VM))
		SKIP(return, "TDs are offered here");
	EXPECT_EQ(-1, ioctl(self->kvm, KVM_CREATE_VM, KVM_X86_TDX_VM));
	EXPECT_EQ(EINVAL, errno);
}

/*
 * The state the first TD must leave the module in: "initialized", unless
 * the boot injected a module failure (TDX_SELFTEST_EXPECT_STATE, set by
 * the test's /init from tdx_expect_state= on the kernel command line).
 */
static const char *expected_state(void)
{
	const char *s = getenv("TDX_SELFTEST_EXPECT_STATE");

	return s && s[0] ? s : "initialized";
}

TEST_F(kvm, first_td_initializes_tdx)
{
	const char *expect = expected_state();
	char state[64], param[8];
	int vm, vcpu, err, types;

	if (self->why[0])
		SKIP(return, "%s", self->why);
	if (!(self->types & (1 << KVM_X86_TDX_VM))) {
		/* Withdrawn after a final failure: the state says which. */
		if (strcmp(expect, "initialized") &&
		    !read_str(TDX_STATE, state, sizeof(state)) &&
		    !strcmp(state, expect))
			SKIP(return, "TDs withdrawn, module %s as expected", state);
		SKIP(return, "TDs not offered (kvm_intel.tdx=0 or no TDX platform)");
	}

	vm = ioctl(self->kvm, KVM_CREATE_VM, KVM_X86_TDX_VM);
	err = errno;
	/* Read back what the TD left the module in. */
	ASSERT_EQ(0, read_str(TDX_STATE, state, sizeof(state)));
	EXPECT_STREQ(expect, state);
	if (vm < 0) {
		EXPECT_STRNE("initialized", expect)
			TH_LOG("TD creation failed: %s (module %s)", strerror(err), state);
		ASSERT_EQ(0, read_str(TDX_PARAM, param, sizeof(param)));
		types = ioctl(self->kvm, KVM_CHECK_EXTENSION, KVM_CAP_VM_TYPES);
		if (!strcmp(state, "not-initialized")) {
			/* Refused before trying (a CPU offline): retryable. */
			EXPECT_EQ(EINVAL, err);
			EXPECT_EQ('Y', param[0]);
			EXPECT_TRUE(types & (1 << KVM_X86_TDX_VM));
		} else {
			/* A final failure withdraws TDs: the parameter says so. */
			EXPECT_EQ('N', param[0]);
			EXPECT_FALSE(types & (1 << KVM_X86_TDX_VM));
		}
		return;
	}
	/* The TD lifecycle is not implemented yet: no vCPUs. */
	vcpu = ioctl(vm, KVM_CREATE_VCPU, 0);
	EXPECT_EQ(-1, vcpu);
	EXPECT_EQ(EOPNOTSUPP, errno);
	close(vm);
	/* A second TD gets tdx_enable()'s remembered outcome. */
	vm = ioctl(self->kvm, KVM_CREATE_VM, KVM_X86_TDX_VM);
	EXPECT_GE(vm, 0);
	if (vm >= 0)
		close(vm);
}

#define TDX_MODEL_VMX	"/sys/kernel/debug/tdx_model/vmx"

/* Count the lines of tdx_model/vmx that contain @what. */
static int model_vmx_count(const char *what, char *buf, size_t size)
{
	int n = 0;
	char *p;

	if (read_str(TDX_MODEL_VMX, buf, size))
		return -1;
	for (p = buf; (p = strstr(p, what)); p += strlen(what))
		n++;
	return n;
}

/*
 * The TDX module model answers a SEAMCALL only on a CPU in VMX operation,
 * as the CPU does: KVM holds VMX on every CPU while a VM exists and only
 * then (6.1 leaves VMX when the last VM goes).
 */
TEST_F(kvm, seamcall_needs_vmx_operation)
{
	int cpus = sysconf(_SC_NPROCESSORS_ONLN);
	char buf[1024];
	int vm;

	if (self->why[0])
		SKIP(return, "%s", self->why);
	if (model_vmx_count("cpu", buf, sizeof(buf)) < 0)
		SKIP(return, "%s: no TDX module model (or no debugfs)", TDX_MODEL_VMX);

	/* No VM: no CPU is in VMX operation, every SEAMCALL gets #UD. */
	EXPECT_EQ(cpus, model_vmx_count("vmx=0 seamcall=#UD", buf, sizeof(buf)))
		TH_LOG("without a VM:\n%s", buf);

	vm = ioctl(self->kvm, KVM_CREATE_VM, 0);
	ASSERT_GE(vm, 0);
	EXPECT_EQ(cpus, model_vmx_count("vmx=1 seamcall=module", buf, sizeof(buf)))
		TH_LOG("with a VM:\n%s", buf);
	close(vm);

	EXPECT_EQ(cpus, model_vmx_count("vmx=0 seamcall=#UD", buf, sizeof(buf)))
		TH_LOG("after the last VM:\n%s", buf);
}

TEST_HARNESS_MAIN
