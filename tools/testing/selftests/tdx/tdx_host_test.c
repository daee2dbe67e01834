// SPDX-License-Identifier: GPL-2.0
/*
 * The admin's view of TDX: /sys/devices/tdx_host must be consistent with
 * itself and with the virt/tdx: lines in the kernel log, before and after
 * the TDX module is initialized.  Where the kernel has the TDX module model,
 * its debugfs file stands in for KVM's first TD.
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/klog.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include "../kselftest_harness.h"
#include "tdx_util.h"

#define TDX_SYSFS	"/sys/devices/tdx_host"
#define TDX_ENABLE	"/sys/kernel/debug/tdx/enable"
#define TDX_DEBUGFS	"/sys/kernel/debug/tdx"
#define LOG_SIZE	(1024 * 1024)
/* The directory exists on CPUs with KeyID partitioning (MSR 0x87) only. */
#define ABSENT_WHY	"not present: kernel without TDX host support, or a CPU without KeyID partitioning"
#define EXPECT_SYSFS_ENV	"TDX_SELFTEST_EXPECT_SYSFS"

/*
 * Only where this is set does reservation_is_lent_then_taken fill memory:
 * a throwaway test machine (dev/selftests.sh sets it in its QEMU guest).
 */
#define FILL_ENV	"TDX_SELFTEST_FILL_MEMORY"
#define FILL_STEP	(16UL << 20)
#define FILL_MAX_STEPS	4096
/*
 * Lending starts only when the node is nearly full: about 3 GiB to fill
 * under TCG, on a machine that may be busy.  The harness's default of 30 s
 * is too short for that (seen in CI); this is a bound, not a measure.
 */
#define FILL_TIMEOUT	300
/* Stop filling once this much is lent ... */
#define LENT_WANTED	(4ULL << 20)

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

/* A /proc/meminfo field in bytes, or ~0ULL. */
static unsigned long long meminfo_bytes(const char *field)
{
	unsigned long long kb = ~0ULL / 1024;
	size_t len = strlen(field);
	char line[128];
	FILE *f = fopen("/proc/meminfo", "r");

	if (!f)
		return ~0ULL;
	while (fgets(line, sizeof(line), f))
		if (!strncmp(line, field, len) && line[len] == ':') {
			kb = strtoull(line + len + 1, NULL, 10);
			break;
		}
	fclose(f);
	return kb * 1024;
}

/*
 * The first and the last word of every page hold their own address: enough
 * to tell a page that migrated intact from one that did not, at a fraction
 * of the cost of writing every word (all of a node is filled, under TCG).
 */
static void fill_chunk(unsigned long *p, size_t page_words)
{
	size_t i;

	for (i = 0; i < FILL_STEP / sizeof(*p); i += page_words) {
		p[i] = (unsigned long)&p[i];
		p[i + page_words - 1] = (unsigned long)&p[i + page_words - 1];
	}
}

static bool chunk_intact(const unsigned long *p, size_t page_words)
{
	size_t i;

	for (i = 0; i < FILL_STEP / sizeof(*p); i += page_words)
		if (p[i] != (unsigned long)&p[i] ||
		    p[i + page_words - 1] != (unsigned long)&p[i + page_words - 1])
			return false;
	return true;
}

static const char * const tdx_states[] = {
	"not-available", "not-initialized", "initializing", "initialized",
	"failed", "shut-down", "fenced",
};

FIXTURE(tdx_host) {
	bool absent;
	char state[64];
};

FIXTURE_SETUP(tdx_host)
{
	/* The 6.1 harness runs the test after a SKIP() here: tests check. */
	self->absent = access(TDX_SYSFS, F_OK) != 0;
	/* Set where the platform has TDX (or the model): absent is a bug. */
	if (getenv(EXPECT_SYSFS_ENV))
		ASSERT_FALSE(self->absent) TH_LOG("%s %s", TDX_SYSFS, ABSENT_WHY);
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
		SKIP(return, "%s %s", TDX_SYSFS, ABSENT_WHY);
	for (i = 0; i < ARRAY_SIZE(tdx_states); i++)
		if (!strcmp(self->state, tdx_states[i]))
			return;
	ASSERT_TRUE(0) TH_LOG("unknown state '%s'", self->state);
}

/* Every file of Documentation/ABI/testing/sysfs-devices-tdx_host. */
static const char * const tdx_files[] = {
	"state", "failure_step", "failure_errno", "failure_status",
	"module_version", "module_build_num", "module_build_date",
	"module_attributes", "private_keyids", "global_keyid", "nr_tdmrs",
	"pamt_bytes", "pamt_reserved_bytes", "pamt_reserve_used_bytes",
	"pamt_reserve_lent_bytes",
};

/* The tokens of failure_step the ABI document lists. */
static const char * const tdx_steps[] = {
	"bios", "keyids", "tdx_host-off", "notifiers", "system-sleep",
	"sys-init", "lp-init", "module-info", "memory-list", "tdmr-plan",
	"pamt-alloc", "sys-config", "key-config", "tdmr-init", "cpu-hotplug",
};

TEST_F(tdx_host, files_are_read_only)
{
	char path[256];
	size_t i;

	if (self->absent)
		SKIP(return, "%s %s", TDX_SYSFS, ABSENT_WHY);
	for (i = 0; i < ARRAY_SIZE(tdx_files); i++) {
		snprintf(path, sizeof(path), "%s/%s", TDX_SYSFS, tdx_files[i]);
		ASSERT_EQ(0, access(path, R_OK)) TH_LOG("%s missing", path);
		ASSERT_EQ(-1, open(path, O_WRONLY)) TH_LOG("%s is writable", path);
	}
}

/* One value per file: one line, no blank inside it (or empty). */
TEST_F(tdx_host, one_value_per_file)
{
	char buf[4096], path[256];
	size_t i;
	int fd;
	ssize_t n;

	if (self->absent)
		SKIP(return, "%s %s", TDX_SYSFS, ABSENT_WHY);
	for (i = 0; i < ARRAY_SIZE(tdx_files); i++) {
		snprintf(path, sizeof(path), "%s/%s", TDX_SYSFS, tdx_files[i]);
		fd = open(path, O_RDONLY);
		ASSERT_LE(0, fd) TH_LOG("%s: %s", path, strerror(errno));
		n = read(fd, buf, sizeof(buf) - 1);
		close(fd);
		ASSERT_LT(0, n) TH_LOG("%s: no newline", path);
		buf[n] = '\0';
		EXPECT_EQ('\n', buf[n - 1]) TH_LOG("%s: '%s' does not end a line", path, buf);
		EXPECT_EQ((size_t)n - 1, strcspn(buf, " \t\n"))
			TH_LOG("%s holds more than one value: '%s'", path, buf);
	}
}

TEST_F(tdx_host, keyids_match_dmesg)
{
	char keyids[64], global[32], want[96], *log;
	unsigned int first, last;

	if (self->absent)
		SKIP(return, "%s %s", TDX_SYSFS, ABSENT_WHY);
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

/* A debugging file, or NULL (no debugfs): the caller frees it. */
static char *read_debugfs(const char *name)
{
	char path[256], *buf = malloc(LOG_SIZE);

	snprintf(path, sizeof(path), "%s/%s", TDX_DEBUGFS, name);
	if (buf && read_str(path, buf, LOG_SIZE)) {
		free(buf);
		buf = NULL;
	}
	return buf;
}

/* Before a failure, or without one: the failure_* files are empty. */
static void check_no_failure(struct __test_metadata *_metadata)
{
	char buf[64];

	ASSERT_EQ(0, read_file("failure_step", buf, sizeof(buf)));
	EXPECT_STREQ("", buf);
	ASSERT_EQ(0, read_file("failure_errno", buf, sizeof(buf)));
	EXPECT_STREQ("", buf);
	ASSERT_EQ(0, read_file("failure_status", buf, sizeof(buf)));
	EXPECT_STREQ("", buf);
}

static void check_initialized(struct __test_metadata *_metadata)
{
	unsigned long long nr, pamt, sum = 0, base, size, prev_end = 0;
	char buf[64], want[96], *p, *log, *list, *save;
	unsigned int node, lines = 0;
	unsigned long long bytes;
	int n;

	nr = read_ull("nr_tdmrs");
	pamt = read_ull("pamt_bytes");
	ASSERT_GT(nr, 0);
	ASSERT_GT(pamt, 0);
	ASSERT_EQ(0, pamt % 4096);
	check_no_failure(_metadata);

	ASSERT_EQ(0, read_file("module_version", buf, sizeof(buf)));
	EXPECT_TRUE(isdigit(buf[0])) TH_LOG("module_version '%s'", buf);
	ASSERT_EQ(0, read_file("module_build_date", buf, sizeof(buf)));
	EXPECT_EQ(8, strlen(buf)) TH_LOG("module_build_date '%s'", buf);
	ASSERT_EQ(0, read_file("module_build_num", buf, sizeof(buf)));
	EXPECT_TRUE(isdigit(buf[0])) TH_LOG("module_build_num '%s'", buf);

	log = tdx_log();
	ASSERT_NE(NULL, log);
	snprintf(want, sizeof(want), "%llu KB allocated for PAMT", pamt / 1024);
	EXPECT_NE(NULL, strstr(log, want)) TH_LOG("dmesg lacks '%s':\n%s", want, log);
	EXPECT_NE(NULL, strstr(log, "module initialized")) TH_LOG("%s", log);
	free(log);

	/* The lists sysfs does not hold: debugfs, where mounted. */
	list = read_debugfs("pamt_bytes_per_node");
	if (list) {
		for (p = list; sscanf(p, "%u %llu\n%n", &node, &bytes, &n) == 2; p += n)
			sum += bytes;
		EXPECT_EQ(pamt, sum) TH_LOG("per-node PAMT '%s' does not add up", list);
		free(list);
	}
	list = read_debugfs("tdmrs");
	if (list) {
		for (p = strtok_r(list, "\n", &save); p; p = strtok_r(NULL, "\n", &save)) {
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
		free(list);
	}
}

/*
 * After a failure, or where TDX is not available: where (a documented
 * token), the errno, the SEAMCALL status if one failed; the sentence in
 * dmesg (and in debugfs, where mounted).
 */
static void check_failed(struct __test_metadata *_metadata, int want_errno)
{
	char step[64], err[64], status[64], *end, *log, *reason;
	bool known = false;
	size_t i;

	ASSERT_EQ(0, read_file("failure_step", step, sizeof(step)));
	for (i = 0; i < ARRAY_SIZE(tdx_steps); i++)
		known = known || !strcmp(step, tdx_steps[i]);
	EXPECT_TRUE(known) TH_LOG("failure_step '%s' is not documented", step);

	ASSERT_EQ(0, read_file("failure_errno", err, sizeof(err)));
	EXPECT_LT(strtol(err, &end, 10), 0) TH_LOG("failure_errno '%s'", err);
	EXPECT_TRUE(err[0] && !*end) TH_LOG("failure_errno '%s'", err);
	if (want_errno)
		EXPECT_EQ(want_errno, strtol(err, NULL, 10));

	ASSERT_EQ(0, read_file("failure_status", status, sizeof(status)));
	if (status[0]) {
		EXPECT_EQ(18, strlen(status)) TH_LOG("failure_status '%s'", status);
		EXPECT_EQ(18, strspn(status, "0x123456789abcdef"))
			TH_LOG("failure_status '%s'", status);
	}
	/* A SEAMCALL of these steps is what fails them. */
	if (!strcmp(step, "lp-init") || !strcmp(step, "sys-config") ||
	    !strcmp(step, "tdmr-init"))
		EXPECT_NE(0, status[0]) TH_LOG("%s failed without a status", step);

	EXPECT_EQ(0, read_ull("nr_tdmrs"));
	EXPECT_EQ(0, read_ull("pamt_bytes"));

	reason = read_debugfs("failure_reason");
	if (!reason)
		return;
	EXPECT_NE(0, reason[0]) TH_LOG("failed without a reason");
	log = tdx_log();
	ASSERT_NE(NULL, log);
	EXPECT_NE(NULL, strstr(log, reason)) TH_LOG("reason '%s' not in dmesg:\n%s", reason, log);
	free(log);
	free(reason);
}

TEST_F(tdx_host, reservation_adds_up)
{
	unsigned long long reserved, used, lent;

	if (self->absent)
		SKIP(return, "%s %s", TDX_SYSFS, ABSENT_WHY);
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
		SKIP(return, "%s %s", TDX_SYSFS, ABSENT_WHY);

	if (!strcmp(self->state, "initialized")) {
		check_initialized(_metadata);
	} else if (!strcmp(self->state, "failed") || !strcmp(self->state, "shut-down") ||
		   !strcmp(self->state, "fenced") || !strcmp(self->state, "not-available")) {
		check_failed(_metadata, 0);
	} else {
		EXPECT_EQ(0, read_ull("nr_tdmrs"));
		EXPECT_EQ(0, read_ull("pamt_bytes"));
		check_no_failure(_metadata);
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

/*
 * The claim of tdx_pamt=reserve: until TDX is initialized the reserved
 * PAMT serves movable allocations, and the first TD still gets all of its
 * PAMT from it.  Fill memory with anonymous (movable) pages until the page
 * allocator has lent some of the reservation (on CPU 0, so that one node
 * fills up), check that sysfs and CMA's
 * own count agree on what is lent, then initialize TDX with that memory
 * still in use: every PAMT byte must come from the reservation (the lent
 * pages migrated away, their contents intact).  If the initialization
 * fails (a fault injected by the test boot), the reservation must have
 * all of its PAMT back.
 */
TEST_F_TIMEOUT(tdx_host, reservation_is_lent_then_taken, FILL_TIMEOUT)
{
	size_t page_words = sysconf(_SC_PAGESIZE) / sizeof(unsigned long);
	unsigned long long reserved, lent = 0, cma_used, floor, pamt, used;
	unsigned long *chunk[FILL_MAX_STEPS];
	unsigned int n = 0, i;
	bool intact = true;
	cpu_set_t cpu0;
	time_t t0;
	int ret;

	if (self->absent)
		SKIP(return, "%s %s", TDX_SYSFS, ABSENT_WHY);
	reserved = read_ull("pamt_reserved_bytes");
	if (!reserved || reserved == ~0ULL)
		SKIP(return, "no PAMT reservation (boot without tdx_pamt=reserve)");
	if (strcmp(self->state, "not-initialized"))
		SKIP(return, "TDX is %s: nothing left to lend", self->state);
	if (access(TDX_ENABLE, W_OK))
		SKIP(return, "%s not present (kernel without the TDX module model)", TDX_ENABLE);
	if (!getenv(FILL_ENV))
		SKIP(return, "fills memory: set %s=1 on a throwaway machine", FILL_ENV);

	/* Only the reservation is CMA: CMA's count is an independent check. */
	ASSERT_EQ(reserved, meminfo_bytes("CmaTotal"));
	floor = meminfo_bytes("MemTotal") / 10;
	CPU_ZERO(&cpu0);
	CPU_SET(0, &cpu0);
	ASSERT_EQ(0, sched_setaffinity(0, sizeof(cpu0), &cpu0));
	t0 = time(NULL);
	while (n < FILL_MAX_STEPS && lent < LENT_WANTED &&
	       meminfo_bytes("MemFree") > floor + FILL_STEP) {
		chunk[n] = mmap(NULL, FILL_STEP, PROT_READ | PROT_WRITE,
				MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
		ASSERT_NE(MAP_FAILED, chunk[n]);
		fill_chunk(chunk[n++], page_words);
		lent = read_ull("pamt_reserve_lent_bytes");
	}
	/* The sysfs read drained the per-CPU lists: CMA's count is settled. */
	cma_used = reserved - meminfo_bytes("CmaFree");
	TH_LOG("filled %u MiB in %ld s: %llu KiB of %llu KiB lent (CMA: %llu KiB in use)",
	       n * (unsigned int)(FILL_STEP >> 20), (long)(time(NULL) - t0),
	       lent >> 10, reserved >> 10, cma_used >> 10);
	ASSERT_GE(lent, LENT_WANTED)
		TH_LOG("nothing lent with %llu MiB free", meminfo_bytes("MemFree") >> 20);
	EXPECT_LE(lent > cma_used ? lent - cma_used : cma_used - lent, 1ULL << 20);

	ret = write_enable();
	pamt = read_ull("pamt_bytes");
	used = read_ull("pamt_reserve_used_bytes");
	if (ret) {
		/* A fault injected at boot: what was taken must be back. */
		EXPECT_EQ(0, pamt);
		EXPECT_EQ(0, used) TH_LOG("failed (%d) without giving the PAMT back", ret);
	} else {
		EXPECT_EQ(pamt, used) TH_LOG("PAMT not all taken from the reservation");
		EXPECT_LE(read_ull("pamt_reserve_lent_bytes"), reserved - pamt);
	}
	for (i = 0; i < n; i++) {
		intact = intact && chunk_intact(chunk[i], page_words);
		munmap(chunk[i], FILL_STEP);
	}
	EXPECT_TRUE(intact) TH_LOG("a migrated page lost its contents");
}

/* What KVM's first TD does, through the model kernel's debugfs file. */
TEST_F(tdx_host, first_td_initializes_once)
{
	char after[64], again[64];
	int ret, ret2;

	if (self->absent)
		SKIP(return, "%s %s", TDX_SYSFS, ABSENT_WHY);
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
		ASSERT_TRUE(!strcmp(after, "failed") || !strcmp(after, "shut-down") ||
			    !strcmp(after, "fenced"))
			TH_LOG("enable returned %d, state '%s'", ret, after);
		check_failed(_metadata, ret);
	}

	/* The second TD gets the remembered outcome and changes nothing. */
	ret2 = write_enable();
	EXPECT_EQ(ret, ret2);
	ASSERT_EQ(0, read_file("state", again, sizeof(again)));
	EXPECT_STREQ(after, again);
}

TEST_HARNESS_MAIN
