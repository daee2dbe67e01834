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
		SKIP(return, "%s %s", TDX_SYSFS, ABSENT_WHY);
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
