// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of the admin surface: the tdx_host= parameter (tdx.c) and the
 * names sysfs gives the module states.  Included at the end of tdx_admin.c.
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
}

static struct kunit_case tdx_admin_cases[] = {
	KUNIT_CASE_PARAM(tdx_admin_host_param, tdx_param_gen_params),
	KUNIT_CASE(tdx_admin_host_param_missing),
	KUNIT_CASE(tdx_admin_state_names),
	KUNIT_CASE(tdx_admin_sysfs_where_keyids),
	{}
};

static struct kunit_suite tdx_admin_suite = {
	.name = "tdx_admin",
	.test_cases = tdx_admin_cases,
};

kunit_test_suite(tdx_admin_suite);
