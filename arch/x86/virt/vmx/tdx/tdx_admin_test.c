// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of the admin surface: the tdx_host= parameter (tdx.c), the
 * names sysfs gives the module states and failure steps, and the failure_*
 * files.  Included at the end of tdx_admin.c.
 */
#include <kunit/test.h>

struct tdx_param_case {
	const char *val;
	int ret;
	bool off;		/* result when accepted */
};

static const struct tdx_param_case tdx_param_cases[] = {
	{ "off", 0, true },
	{ "on", 0, false },
	{ "", -EINVAL },
	{ "0", -EINVAL },
	{ "OFF", -EINVAL },
	{ "of", -EINVAL },
	{ "off,on", -EINVAL },
	{ "disable", -EINVAL },
};

static void tdx_param_desc(const struct tdx_param_case *c, char *desc)
{
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "tdx_host=%s", c->val);
}

KUNIT_ARRAY_PARAM(tdx_param, tdx_param_cases, tdx_param_desc);

static void tdx_admin_host_param(struct kunit *test)
{
	const struct tdx_param_case *c = test->param_value;
	bool off = false, untouched = true;

	KUNIT_EXPECT_EQ(test, tdx_parse_host_param(c->val, &off), c->ret);
	if (!c->ret)
		KUNIT_EXPECT_EQ(test, off, c->off);
	/* A rejected value leaves the setting alone. */
	if (c->ret) {
		KUNIT_EXPECT_EQ(test, tdx_parse_host_param(c->val, &untouched), c->ret);
		KUNIT_EXPECT_TRUE(test, untouched);
	}
}

static void tdx_admin_host_param_missing(struct kunit *test)
{
	bool off = false;

	/* "tdx_host" without "=value" */
	KUNIT_EXPECT_EQ(test, tdx_parse_host_param(NULL, &off), -EINVAL);
	KUNIT_EXPECT_FALSE(test, off);
}

static void tdx_admin_state_names(struct kunit *test)
{
	KUNIT_EXPECT_STREQ(test, tdx_sysfs_state_name(TDX_MODULE_UNINITIALIZED, false),
			   "not-initialized");
	KUNIT_EXPECT_STREQ(test, tdx_sysfs_state_name(TDX_MODULE_UNINITIALIZED, true),
			   "initializing");
	KUNIT_EXPECT_STREQ(test, tdx_sysfs_state_name(TDX_MODULE_INITIALIZED, false),
			   "initialized");
	KUNIT_EXPECT_STREQ(test, tdx_sysfs_state_name(TDX_MODULE_UNAVAILABLE, false),
			   "not-available");
	KUNIT_EXPECT_STREQ(test, tdx_sysfs_state_name(TDX_MODULE_NO_MODULE, false),
			   "not-available");
	KUNIT_EXPECT_STREQ(test, tdx_sysfs_state_name(TDX_MODULE_FAILED, false),
			   "failed");
	KUNIT_EXPECT_STREQ(test, tdx_sysfs_state_name(TDX_MODULE_SHUTDOWN, false),
			   "shut-down");
	KUNIT_EXPECT_STREQ(test, tdx_sysfs_state_name(TDX_MODULE_FENCED, false),
			   "fenced");
}

/* Each step has its own token, one word an admin's tool can match. */
static void tdx_admin_step_names(struct kunit *test)
{
	const char *name, *other;
	unsigned int i, j;

	KUNIT_EXPECT_STREQ(test, tdx_fail_step_name(TDX_STEP_NONE), "");
	KUNIT_EXPECT_STREQ(test, tdx_fail_step_name(TDX_NR_STEPS), "unknown");
	KUNIT_EXPECT_STREQ(test, tdx_fail_step_name(TDX_STEP_SYS_INIT), "sys-init");
	KUNIT_EXPECT_STREQ(test, tdx_fail_step_name(TDX_STEP_KEY_CONFIG), "key-config");
	for (i = TDX_STEP_NONE + 1; i < TDX_NR_STEPS; i++) {
		name = tdx_fail_step_name(i);
		KUNIT_EXPECT_GT_MSG(test, strlen(name), 0, "step %u", i);
		KUNIT_EXPECT_STRNEQ(test, name, "unknown");
		KUNIT_EXPECT_EQ_MSG(test, strspn(name, "abcdefghijklmnopqrstuvwxyz0123456789_-"),
				    strlen(name), "step %u: \"%s\"", i, name);
		for (j = TDX_STEP_NONE + 1; j < i; j++) {
			other = tdx_fail_step_name(j);
			KUNIT_EXPECT_STRNEQ_MSG(test, name, other, "steps %u and %u", i, j);
		}
	}
}

struct tdx_failure_file_case {
	const char *name;
	enum tdx_module_status status;
	enum tdx_fail_step step;
	int err;
	u64 seamcall_status;
	const char *want_step, *want_errno, *want_status;
};

static const struct tdx_failure_file_case tdx_failure_file_cases[] = {
	{ "not initialized", TDX_MODULE_UNINITIALIZED, TDX_STEP_NONE, 0, 0,
	  "\n", "\n", "\n" },
	{ "initialized", TDX_MODULE_INITIALIZED, TDX_STEP_NONE, 0, 0,
	  "\n", "\n", "\n" },
	{ "BIOS", TDX_MODULE_UNAVAILABLE, TDX_STEP_BIOS, -ENODEV, 0,
	  "bios\n", "-19\n", "\n" },
	{ "no module", TDX_MODULE_NO_MODULE, TDX_STEP_SYS_INIT, -ENODEV,
	  TDX_SEAMCALL_VMFAILINVALID, "sys-init\n", "-19\n", "0x8000ff00ffff0000\n" },
	{ "SYS.INIT", TDX_MODULE_FAILED, TDX_STEP_SYS_INIT, -EIO,
	  0xC000090000000000ULL, "sys-init\n", "-5\n", "0xc000090000000000\n" },
	{ "PAMT", TDX_MODULE_FENCED, TDX_STEP_PAMT_ALLOC, -ENOMEM, 0,
	  "pamt-alloc\n", "-12\n", "\n" },
	{ "KEY.CONFIG", TDX_MODULE_SHUTDOWN, TDX_STEP_KEY_CONFIG, -EAGAIN,
	  0x8000080000000000ULL, "key-config\n", "-11\n", "0x8000080000000000\n" },
};

static void tdx_failure_file_desc(const struct tdx_failure_file_case *c, char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(tdx_failure_file, tdx_failure_file_cases, tdx_failure_file_desc);

/* failure_step, failure_errno, failure_status: one value each, or empty. */
static void tdx_admin_failure_files(struct kunit *test)
{
	const struct tdx_failure_file_case *c = test->param_value;
	struct tdx_state *s;
	char *buf;

	s = kunit_kzalloc(test, sizeof(*s), GFP_KERNEL);
	buf = kunit_kzalloc(test, PAGE_SIZE, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, s);
	KUNIT_ASSERT_NOT_NULL(test, buf);
	s->status = c->status;
	s->fail_step = c->step;
	s->err = c->err;
	s->fail_status = c->seamcall_status;
	strscpy(s->reason, "a sentence for dmesg", sizeof(s->reason));

	KUNIT_EXPECT_EQ(test, emit_failure_step(s, buf), strlen(c->want_step));
	KUNIT_EXPECT_STREQ(test, buf, c->want_step);
	KUNIT_EXPECT_EQ(test, emit_failure_errno(s, buf), strlen(c->want_errno));
	KUNIT_EXPECT_STREQ(test, buf, c->want_errno);
	KUNIT_EXPECT_EQ(test, emit_failure_status(s, buf), strlen(c->want_status));
	KUNIT_EXPECT_STREQ(test, buf, c->want_status);
}

/*
 * The directory exists exactly where the CPU reports KeyID partitioning
 * (here the model's MSR 0x87), with every attribute in place when it was
 * added, so that the uevent's readers find them.
 */
static void tdx_admin_sysfs_where_keyids(struct kunit *test)
{
	struct kernfs_node *kn;

	KUNIT_ASSERT_TRUE(test, tdx_has_keyid_msr());
	KUNIT_ASSERT_NOT_NULL(test, tdx_host_dev);
	KUNIT_EXPECT_STREQ(test, dev_name(tdx_host_dev), "tdx_host");
	KUNIT_EXPECT_NULL(test, tdx_host_dev->parent);
	kn = sysfs_get_dirent(tdx_host_dev->kobj.sd, "pamt_reserve_lent_bytes");
	KUNIT_EXPECT_NOT_NULL(test, kn);
	sysfs_put(kn);
	kn = sysfs_get_dirent(tdx_host_dev->kobj.sd, "failure_status");
	KUNIT_EXPECT_NOT_NULL(test, kn);
	sysfs_put(kn);
}

/* What holds several values is not in sysfs (it is in debugfs). */
static void tdx_admin_sysfs_one_value(struct kunit *test)
{
	static const char * const gone[] = {
		"failure_reason", "pamt_bytes_per_node", "tdmrs",
	};
	struct kernfs_node *kn;
	unsigned int i;

	KUNIT_ASSERT_NOT_NULL(test, tdx_host_dev);
	for (i = 0; i < ARRAY_SIZE(gone); i++) {
		kn = sysfs_get_dirent(tdx_host_dev->kobj.sd, gone[i]);
		KUNIT_EXPECT_NULL_MSG(test, kn, "%s", gone[i]);
		sysfs_put(kn);
	}
}

static struct kunit_case tdx_admin_cases[] = {
	KUNIT_CASE_PARAM(tdx_admin_host_param, tdx_param_gen_params),
	KUNIT_CASE(tdx_admin_host_param_missing),
	KUNIT_CASE(tdx_admin_state_names),
	KUNIT_CASE(tdx_admin_step_names),
	KUNIT_CASE_PARAM(tdx_admin_failure_files, tdx_failure_file_gen_params),
	KUNIT_CASE(tdx_admin_sysfs_where_keyids),
	KUNIT_CASE(tdx_admin_sysfs_one_value),
	{}
};

static struct kunit_suite tdx_admin_suite = {
	.name = "tdx_admin",
	.test_cases = tdx_admin_cases,
};

kunit_test_suite(tdx_admin_suite);
