// SPDX-License-Identifier: GPL-2.0
/*
 * The admin's view of TDX: /sys/devices/tdx_host must be consistent with
 * itself and with the virt/tdx: lines in the kernel log, before and after
 * the TDX module is initialized.  Where the kernel has the TDX module model,
 * its debugfs file stands in for KVM's first TD.
 */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/klog.h>
#include <unistd.h>

#include "../kselftest_harness.h"
#include "tdx_util.h"

#define TDX_SYSFS	"/sys/devices/tdx_host"
#define TDX_ENABLE	"/sys/kernel/debug/tdx/enable"
#define LOG_SIZE	(1024 * 1024)

static int read_file(const char *name, char *buf, size_t size)
{
	char path[256];

	snprintf(path, sizeof(path), "%s/%s", TDX_SYSFS, name);
	return read_str(path, buf, size);
}

static unsigned long long read_ull(const char *name)
{
	char buf[64];

	if (read_file(name, buf, sizeof(buf)))
		return ~0ULL;
	return strtoull(buf, NULL, 0);
}

/* The kernel log, with the virt/tdx lines only. */
static char *tdx_log(void)
{
	char *all = malloc(LOG_SIZE), *out = calloc(1, LOG_SIZE), *line, *save;
	int n;

	if (!all || !out)
		return NULL;
	n = klogctl(3 /* SYSLOG_ACTION_READ_ALL */, all, LOG_SIZE - 1);
	if (n < 0)
		n = 0;
	all[n] = '\0';
	for (line = strtok_r(all, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		if (strstr(line, "virt/tdx: ")) {
			strcat(out, strstr(line, "virt/tdx: "));
			strcat(out, "\n");
		}
	}
	free(all);
	return out;
}

static const char * const tdx_states[] = {
	"not-available", "not-initialized", "initializing", "initialized",
	"failed", "shut-down",
};

FIXTURE(tdx_host) {
	bool absent;
	char state[64];
};

FIXTURE_SETUP(tdx_host)
{
	/* The 6.1 harness runs the test after a SKIP() here: tests check. */
	self->absent = access(TDX_SYSFS, F_OK) != 0;
	if (self->absent)
		return;
	ASSERT_EQ(0, read_file("state", self->state, sizeof(self->state)));
}

FIXTURE_TEARDOWN(tdx_host)
{
}

TEST_F(tdx_host, state_is_known)
{
	size_t i;

	if (self->absent)
		SKIP(return, "%s not present: kernel without TDX host support", TDX_SYSFS);
	for (i = 0; i < ARRAY_SIZE(tdx_states); i++)
		if (!strcmp(self->state, tdx_states[i]))
			return;
	ASSERT_TRUE(0) TH_LOG("unknown state '%s'", self->state);
}

TEST_F(tdx_host, files_are_read_only)
{
	static const char * const files[] = {
		"state", "failure_reason", "module_version", "module_attributes",
		"private_keyids", "global_keyid", "nr_tdmrs", "pamt_bytes",
		"pamt_bytes_per_node", "tdmrs", "pamt_reserved_bytes",
		"pamt_reserve_used_bytes", "pamt_reserve_lent_bytes",
	};
	char path[256];
	size_t i;

	if (self->absent)
		SKIP(return, "%s not present: kernel without TDX host support", TDX_SYSFS);
	for (i = 0; i < ARRAY_SIZE(files); i++) {
		snprintf(path, sizeof(path), "%s/%s", TDX_SYSFS, files[i]);
		ASSERT_EQ(0, access(path, R_OK)) TH_LOG("%s missing", path);
		ASSERT_EQ(-1, open(path, O_WRONLY)) TH_LOG("%s is writable", path);
	}
}

TEST_F(tdx_host, keyids_match_dmesg)
{
	char keyids[64], global[32], want[96], *log;
	unsigned int first, last;

	if (self->absent)
		SKIP(return, "%s not present: kernel without TDX host support", TDX_SYSFS);
	ASSERT_EQ(0, read_file("private_keyids", keyids, sizeof(keyids)));
	if (!keyids[0]) {
		ASSERT_STREQ("not-available", self->state);
		return;
	}
	ASSERT_EQ(2, sscanf(keyids, "%u-%u", &first, &last));
	ASSERT_LT(first, last) TH_LOG("TDX needs at least two private KeyIDs");
	ASSERT_EQ(0, read_file("global_keyid", global, sizeof(global)));
	ASSERT_EQ(first, strtoul(global, NULL, 0));

	log = tdx_log();
	ASSERT_NE(NULL, log);
	snprintf(want, sizeof(want), "[%u, %u)", first, last + 1);
	EXPECT_NE(NULL, strstr(log, want)) TH_LOG("dmesg lacks KeyID range %s:\n%s", want, log);
	free(log);
}

static void check_initialized(struct __test_metadata *_metadata)
{
	unsigned long long nr, pamt, sum = 0, base, size, prev_end = 0;
	char buf[4096], want[96], *p, *log;
	unsigned int node, lines = 0;
	unsigned long long bytes;
	int n;

	nr = read_ull("nr_tdmrs");
	pamt = read_ull("pamt_bytes");
	ASSERT_GT(nr, 0);
	ASSERT_GT(pamt, 0);
	ASSERT_EQ(0, pamt % 4096);

	ASSERT_EQ(0, read_file("pamt_bytes_per_node", buf, sizeof(buf)));
	for (p = buf; sscanf(p, "%u:%llu%n", &node, &bytes, &n) == 2; p += n)
		sum += bytes;
	EXPECT_EQ(pamt, sum) TH_LOG("per-node PAMT '%s' does not add up", buf);

	ASSERT_EQ(0, read_file("tdmrs", buf, sizeof(buf)));
	for (p = strtok(buf, "\n"); p; p = strtok(NULL, "\n")) {
		n = sscanf(p, "%llx %llx", &base, &size);
		ASSERT_EQ(2, n) TH_LOG("bad line '%s'", p);
		EXPECT_EQ(0, base % (1ULL << 30));
		EXPECT_EQ(0, size % (1ULL << 30));
		EXPECT_GT(size, 0);
		EXPECT_GE(base, prev_end) TH_LOG("TDMRs unsorted or overlapping");
		prev_end = base + size;
		lines++;
	}
	EXPECT_EQ(nr, lines);

	ASSERT_EQ(0, read_file("module_version", buf, sizeof(buf)));
	EXPECT_TRUE(isdigit(buf[0])) TH_LOG("module_version '%s'", buf);

	log = tdx_log();
	ASSERT_NE(NULL, log);
	snprintf(want, sizeof(want), "%llu KB allocated for PAMT", pamt / 1024);
	EXPECT_NE(NULL, strstr(log, want)) TH_LOG("dmesg lacks '%s':\n%s", want, log);
	EXPECT_NE(NULL, strstr(log, "module initialized")) TH_LOG("%s", log);
	free(log);
}

static void check_failed(struct __test_metadata *_metadata)
{
	char reason[512], *log;

	ASSERT_EQ(0, read_file("failure_reason", reason, sizeof(reason)));
	ASSERT_NE(0, reason[0]) TH_LOG("failed without a reason");
	EXPECT_EQ(0, read_ull("nr_tdmrs"));
	EXPECT_EQ(0, read_ull("pamt_bytes"));
	log = tdx_log();
	ASSERT_NE(NULL, log);
	EXPECT_NE(NULL, strstr(log, reason)) TH_LOG("reason '%s' not in dmesg:\n%s", reason, log);
	free(log);
}

TEST_F(tdx_host, reservation_adds_up)
{
	unsigned long long reserved, used, lent;

	if (self->absent)
		SKIP(return, "%s not present: kernel without TDX host support", TDX_SYSFS);
	reserved = read_ull("pamt_reserved_bytes");
	used = read_ull("pamt_reserve_used_bytes");
	lent = read_ull("pamt_reserve_lent_bytes");
	ASSERT_NE(~0ULL, reserved);
	EXPECT_LE(used + lent, reserved);
	/* PAMT taken from the reservation is PAMT the module holds. */
	EXPECT_LE(used, read_ull("pamt_bytes"));
}

TEST_F(tdx_host, state_matches_contents)
{
	if (self->absent)
		SKIP(return, "%s not present: kernel without TDX host support", TDX_SYSFS);

	if (!strcmp(self->state, "initialized")) {
		check_initialized(_metadata);
	} else if (!strcmp(self->state, "failed") || !strcmp(self->state, "shut-down")) {
		check_failed(_metadata);
	} else {
		EXPECT_EQ(0, read_ull("nr_tdmrs"));
		EXPECT_EQ(0, read_ull("pamt_bytes"));
	}
}

static int write_enable(void)
{
	int fd = open(TDX_ENABLE, O_WRONLY), ret = 0;

	if (fd < 0)
		return -errno;
	if (write(fd, "1", 1) != 1)
		ret = -errno;
	close(fd);
	return ret;
}

/* What KVM's first TD does, through the model kernel's debugfs file. */
TEST_F(tdx_host, first_td_initializes_once)
{
	char after[64], again[64];
	int ret, ret2;

	if (self->absent)
		SKIP(return, "%s not present: kernel without TDX host support", TDX_SYSFS);
	if (access(TDX_ENABLE, W_OK))
		SKIP(return, "%s not present (kernel without the TDX module model)", TDX_ENABLE);
	if (!strcmp(self->state, "not-available"))
		SKIP(return, "TDX not available on this platform");

	ret = write_enable();
	ASSERT_EQ(0, read_file("state", after, sizeof(after)));
	if (ret == 0) {
		ASSERT_STREQ("initialized", after);
		check_initialized(_metadata);
	} else {
		ASSERT_TRUE(!strcmp(after, "failed") || !strcmp(after, "shut-down"))
			TH_LOG("enable returned %d, state '%s'", ret, after);
		check_failed(_metadata);
	}

	/* The second TD gets the remembered outcome and changes nothing. */
	ret2 = write_enable();
	EXPECT_EQ(ret, ret2);
	ASSERT_EQ(0, read_file("state", again, sizeof(again)));
	EXPECT_STREQ(after, again);
}

TEST_HARNESS_MAIN
