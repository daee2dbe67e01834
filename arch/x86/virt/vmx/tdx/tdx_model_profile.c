// SPDX-License-Identifier: GPL-2.0
/*
 * Software model of the TDX module: platform profiles.
 *
 * A profile describes one TDX platform (see tdx_model.h for the text
 * format).  tdx_model_parse_profile() reads the text form and rejects bad
 * input with a message that names the line; tdx_model_boot_profile()
 * describes the machine the kernel runs on as its firmware does (e820,
 * SRAT, MADT), with the CMRs a BIOS would report.
 */
#define pr_fmt(fmt) "tdx_model: " fmt

#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/ctype.h>
#include <linux/acpi.h>
#include <linux/numa.h>
#include <linux/sizes.h>
#include <linux/slab.h>
#include <linux/sort.h>
#include <linux/processor.h>
#include <asm/e820/api.h>
#include "tdx_model.h"

#define TDX_MP_LINE_LEN		160
#define TDX_MP_MAX_TOKENS	8

/* Boot profile: private KeyIDs [16, 64) with 6 KeyID bits. */
#define TDX_MP_BOOT_KEYID_BITS	6
#define TDX_MP_BOOT_MKTME	15
#define TDX_MP_BOOT_TDX		48
#define TDX_MP_MAX_PA_LIMIT	52

struct tdx_mp_ctx {
	struct tdx_model_profile *p;
	char *err;
	size_t errlen;
	unsigned int line;
	unsigned int gen_line;
	unsigned int max_pa_line;
	unsigned int keyids_line;
	unsigned int cpus_line;
	u16 mem_line[TDX_MODEL_MAX_MEM_RANGES];
	u16 cmr_line[TDX_MAX_CMRS];
};

static __printf(3, 4) int tdx_mp_error(struct tdx_mp_ctx *c, unsigned int line,
				       const char *fmt, ...)
{
	va_list args;
	int n;

	if (!c->err || !c->errlen)
		return -EINVAL;
	n = scnprintf(c->err, c->errlen, "line %u: ", line);
	va_start(args, fmt);
	vscnprintf(c->err + n, c->errlen - n, fmt, args);
	va_end(args);
	return -EINVAL;
}

/* A number with an optional K/M/G/T suffix ("0x1000", "4G"). */
static int tdx_mp_u64(const char *s, u64 *val)
{
	char *end;

	if (!*s || !isdigit(*s))
		return -EINVAL;
	*val = memparse(s, &end);
	return *end ? -EINVAL : 0;
}

static int tdx_mp_uint(const char *s, unsigned int max, unsigned int *val)
{
	u64 v;

	if (tdx_mp_u64(s, &v) || v > max)
		return -EINVAL;
	*val = v;
	return 0;
}

/* "start-end" */
static int tdx_mp_range(char *s, u64 *start, u64 *end)
{
	char *dash = strchr(s, '-');

	if (!dash)
		return -EINVAL;
	*dash = '\0';
	if (tdx_mp_u64(s, start) || tdx_mp_u64(dash + 1, end))
		return -EINVAL;
	return *start < *end ? 0 : -EINVAL;
}

static int tdx_mp_generation(struct tdx_mp_ctx *c, char **tok, int n)
{
	struct tdx_model_profile *p = c->p;

	if (!strcmp(tok[1], "1.0")) {
		p->gen = TDX_MODEL_GEN_1_0;
		p->major_version = 1;
		p->minor_version = 0;
	} else if (!strcmp(tok[1], "1.5")) {
		p->gen = TDX_MODEL_GEN_1_5;
		p->major_version = 1;
		p->minor_version = 5;
	} else {
		return tdx_mp_error(c, c->line,
				    "generation '%s': expected 1.0 or 1.5",
				    tok[1]);
	}
	c->gen_line = c->line;
	return 0;
}

static int tdx_mp_version(struct tdx_mp_ctx *c, char **tok, int n)
{
	unsigned int major, minor, update = 0;
	char buf[24];
	char *s = buf, *f[3];
	int i = 0;

	strscpy(buf, tok[1], sizeof(buf));
	while (s && i < 3)
		f[i++] = strsep(&s, ".");
	if (s || i < 2 || tdx_mp_uint(f[0], U16_MAX, &major) ||
	    tdx_mp_uint(f[1], U16_MAX, &minor) ||
	    (i == 3 && tdx_mp_uint(f[2], U16_MAX, &update)))
		return tdx_mp_error(c, c->line,
				    "version '%s': expected major.minor[.update]",
				    tok[1]);
	c->p->major_version = major;
	c->p->minor_version = minor;
	c->p->update_version = update;
	return 0;
}

static int tdx_mp_build(struct tdx_mp_ctx *c, char **tok, int n)
{
	unsigned int num, date;

	if (tdx_mp_uint(tok[1], U16_MAX, &num) ||
	    tdx_mp_uint(tok[2], 99999999, &date))
		return tdx_mp_error(c, c->line,
				    "build: expected <number 0-65535> <date YYYYMMDD>");
	c->p->build_num = num;
	c->p->build_date = date;
	return 0;
}

static int tdx_mp_attributes(struct tdx_mp_ctx *c, char **tok, int n)
{
	unsigned int v;

	if (tdx_mp_uint(tok[1], U32_MAX, &v))
		return tdx_mp_error(c, c->line, "attributes: expected a 32-bit number");
	c->p->attributes = v;
	return 0;
}

static int tdx_mp_features0(struct tdx_mp_ctx *c, char **tok, int n)
{
	if (tdx_mp_u64(tok[1], &c->p->features0))
		return tdx_mp_error(c, c->line, "features0: expected a 64-bit number");
	return 0;
}

static int tdx_mp_handoff(struct tdx_mp_ctx *c, char **tok, int n)
{
	unsigned int hv, min_hv;

	if (tdx_mp_uint(tok[1], U16_MAX, &hv) ||
	    tdx_mp_uint(tok[2], U16_MAX, &min_hv) || min_hv > hv ||
	    (n == 4 && strcmp(tok[3], "no_downgrade")))
		return tdx_mp_error(c, c->line,
				    "handoff: expected <module_hv> <min_update_hv <= module_hv> [no_downgrade]");
	c->p->module_hv = hv;
	c->p->min_update_hv = min_hv;
	c->p->no_downgrade = n == 4;
	return 0;
}

static int tdx_mp_max_tdmrs(struct tdx_mp_ctx *c, char **tok, int n)
{
	if (tdx_mp_uint(tok[1], TDX_MAX_TDMRS, &c->p->max_tdmrs) ||
	    !c->p->max_tdmrs)
		return tdx_mp_error(c, c->line, "max_tdmrs: expected 1-%d",
				    TDX_MAX_TDMRS);
	return 0;
}

static int tdx_mp_max_rsvd(struct tdx_mp_ctx *c, char **tok, int n)
{
	if (tdx_mp_uint(tok[1], TDX_MAX_RESERVED_AREAS,
			&c->p->max_reserved_per_tdmr) ||
	    !c->p->max_reserved_per_tdmr)
		return tdx_mp_error(c, c->line,
				    "max_reserved_per_tdmr: expected 1-%d",
				    TDX_MAX_RESERVED_AREAS);
	return 0;
}

static int tdx_mp_pamt_entry_size(struct tdx_mp_ctx *c, char **tok, int n)
{
	if (tdx_mp_uint(tok[1], 4096, &c->p->pamt_entry_size) ||
	    !c->p->pamt_entry_size)
		return tdx_mp_error(c, c->line, "pamt_entry_size: expected 1-4096");
	return 0;
}

static int tdx_mp_max_pa(struct tdx_mp_ctx *c, char **tok, int n)
{
	if (tdx_mp_uint(tok[1], TDX_MP_MAX_PA_LIMIT, &c->p->max_pa) ||
	    c->p->max_pa < 32)
		return tdx_mp_error(c, c->line, "max_pa: expected 32-%d",
				    TDX_MP_MAX_PA_LIMIT);
	c->max_pa_line = c->line;
	return 0;
}

static int tdx_mp_keyid_bits(struct tdx_mp_ctx *c, char **tok, int n)
{
	if (tdx_mp_uint(tok[1], 15, &c->p->keyid_bits))
		return tdx_mp_error(c, c->line, "keyid_bits: expected 0-15");
	return 0;
}

static int tdx_mp_keyids(struct tdx_mp_ctx *c, char **tok, int n)
{
	unsigned int mktme, tdx;

	c->keyids_line = c->line;
	if (n == 2 && !strcmp(tok[1], "disabled")) {
		c->p->tdx_disabled = true;
		c->p->nr_mktme_keyids = 0;
		c->p->nr_tdx_keyids = 0;
		return 0;
	}
	if (n != 5 || strcmp(tok[1], "mktme") || strcmp(tok[3], "tdx") ||
	    tdx_mp_uint(tok[2], U32_MAX, &mktme) ||
	    tdx_mp_uint(tok[4], U32_MAX, &tdx))
		return tdx_mp_error(c, c->line,
				    "keyids: expected 'mktme <n> tdx <n>' or 'disabled'");
	c->p->tdx_disabled = false;
	c->p->nr_mktme_keyids = mktme;
	c->p->nr_tdx_keyids = tdx;
	return 0;
}

static int tdx_mp_cpus(struct tdx_mp_ctx *c, char **tok, int n)
{
	struct tdx_model_profile *p = c->p;

	if (n != 4 || strcmp(tok[2], "packages") ||
	    tdx_mp_uint(tok[1], 1U << 20, &p->nr_lps) ||
	    tdx_mp_uint(tok[3], TDX_MODEL_MAX_PKGS, &p->nr_pkgs) ||
	    !p->nr_lps || !p->nr_pkgs || p->nr_pkgs > p->nr_lps)
		return tdx_mp_error(c, c->line,
				    "cpus: expected '<lps> packages <1-%d, at most lps>'",
				    TDX_MODEL_MAX_PKGS);
	c->cpus_line = c->line;
	return 0;
}

static int tdx_mp_nodes(struct tdx_mp_ctx *c, char **tok, int n)
{
	if (tdx_mp_uint(tok[1], TDX_MODEL_MAX_NODES, &c->p->nr_nodes) ||
	    !c->p->nr_nodes)
		return tdx_mp_error(c, c->line, "nodes: expected 1-%d",
				    TDX_MODEL_MAX_NODES);
	return 0;
}

static int tdx_mp_memory(struct tdx_mp_ctx *c, char **tok, int n)
{
	struct tdx_model_profile *p = c->p;
	struct tdx_model_mem_range *r;
	unsigned int nid;

	if (p->nr_mem >= TDX_MODEL_MAX_MEM_RANGES)
		return tdx_mp_error(c, c->line, "memory: more than %d ranges",
				    TDX_MODEL_MAX_MEM_RANGES);
	r = &p->mem[p->nr_mem];
	if (tdx_mp_range(tok[1], &r->start, &r->end))
		return tdx_mp_error(c, c->line,
				    "memory: expected <start>-<end> with start < end");
	if (!strcmp(tok[2], "usable"))
		r->type = TDX_MODEL_MEM_USABLE;
	else if (!strcmp(tok[2], "reserved"))
		r->type = TDX_MODEL_MEM_RESERVED;
	else
		return tdx_mp_error(c, c->line,
				    "memory: type '%s': expected usable or reserved",
				    tok[2]);
	r->nid = NUMA_NO_NODE;
	if (n > 3) {
		if (n != 5 || strcmp(tok[3], "node") ||
		    tdx_mp_uint(tok[4], TDX_MODEL_MAX_NODES - 1, &nid))
			return tdx_mp_error(c, c->line,
					    "memory: expected 'node <0-%d>' after the type",
					    TDX_MODEL_MAX_NODES - 1);
		r->nid = nid;
	}
	if (p->nr_mem && r->start < p->mem[p->nr_mem - 1].end)
		return tdx_mp_error(c, c->line,
				    "memory: range 0x%llx-0x%llx overlaps or precedes the previous range",
				    r->start, r->end);
	c->mem_line[p->nr_mem++] = c->line;
	return 0;
}

static int tdx_mp_cmr(struct tdx_mp_ctx *c, char **tok, int n)
{
	struct tdx_model_profile *p = c->p;
	struct tdx_cmr_info *cmr;
	u64 start, end;

	if (p->nr_cmrs >= TDX_MAX_CMRS)
		return tdx_mp_error(c, c->line, "cmr: more than %d CMRs",
				    TDX_MAX_CMRS);
	if (tdx_mp_range(tok[1], &start, &end))
		return tdx_mp_error(c, c->line,
				    "cmr: expected <start>-<end> with start < end");
	if (!IS_ALIGNED(start, SZ_4K) || !IS_ALIGNED(end, SZ_4K))
		return tdx_mp_error(c, c->line,
				    "cmr: 0x%llx-0x%llx is not 4 KiB aligned",
				    start, end);
	if (p->nr_cmrs) {
		cmr = &p->cmrs[p->nr_cmrs - 1];
		if (start < cmr->base + cmr->size)
			return tdx_mp_error(c, c->line,
					    "cmr: 0x%llx-0x%llx overlaps or precedes the previous CMR",
					    start, end);
	}
	cmr = &p->cmrs[p->nr_cmrs];
	cmr->base = start;
	cmr->size = end - start;
	c->cmr_line[p->nr_cmrs++] = c->line;
	return 0;
}

static int tdx_mp_name(struct tdx_mp_ctx *c, char **tok, int n)
{
	if (strscpy(c->p->name, tok[1], sizeof(c->p->name)) < 0)
		return tdx_mp_error(c, c->line, "name: longer than %d characters",
				    TDX_MODEL_NAME_LEN - 1);
	return 0;
}

struct tdx_mp_directive {
	const char *name;
	int min_tokens;
	int max_tokens;
	int (*parse)(struct tdx_mp_ctx *c, char **tok, int n);
};

static const struct tdx_mp_directive tdx_mp_directives[] = {
	{ "name",			2, 2, tdx_mp_name },
	{ "generation",			2, 2, tdx_mp_generation },
	{ "version",			2, 2, tdx_mp_version },
	{ "build",			3, 3, tdx_mp_build },
	{ "attributes",			2, 2, tdx_mp_attributes },
	{ "features0",			2, 2, tdx_mp_features0 },
	{ "handoff",			3, 4, tdx_mp_handoff },
	{ "max_tdmrs",			2, 2, tdx_mp_max_tdmrs },
	{ "max_reserved_per_tdmr",	2, 2, tdx_mp_max_rsvd },
	{ "pamt_entry_size",		2, 2, tdx_mp_pamt_entry_size },
	{ "max_pa",			2, 2, tdx_mp_max_pa },
	{ "keyid_bits",			2, 2, tdx_mp_keyid_bits },
	{ "keyids",			2, 5, tdx_mp_keyids },
	{ "cpus",			4, 4, tdx_mp_cpus },
	{ "nodes",			2, 2, tdx_mp_nodes },
	{ "memory",			3, 5, tdx_mp_memory },
	{ "cmr",			2, 2, tdx_mp_cmr },
};

static int tdx_mp_line(struct tdx_mp_ctx *c, char *line)
{
	const struct tdx_mp_directive *d;
	char *tok[TDX_MP_MAX_TOKENS + 1];
	char *hash, *s = line, *t;
	int n = 0;
	size_t i;

	hash = strchr(line, '#');
	if (hash)
		*hash = '\0';
	while ((t = strsep(&s, " \t\r")) != NULL) {
		if (!*t)
			continue;
		if (n == TDX_MP_MAX_TOKENS)
			return tdx_mp_error(c, c->line, "too many words");
		tok[n++] = t;
	}
	if (!n)
		return 0;

	for (i = 0; i < ARRAY_SIZE(tdx_mp_directives); i++) {
		d = &tdx_mp_directives[i];
		if (strcmp(tok[0], d->name))
			continue;
		if (n < d->min_tokens || n > d->max_tokens)
			return tdx_mp_error(c, c->line,
					    "%s: expected %d to %d arguments, got %d",
					    d->name, d->min_tokens - 1,
					    d->max_tokens - 1, n - 1);
		return d->parse(c, tok, n);
	}
	return tdx_mp_error(c, c->line, "unknown keyword '%s'", tok[0]);
}

/* Checks that need the whole profile. */
static int tdx_mp_finish(struct tdx_mp_ctx *c)
{
	struct tdx_model_profile *p = c->p;
	unsigned int i, last = c->line;
	u64 limit;

	if (!c->gen_line)
		return tdx_mp_error(c, last, "missing 'generation'");
	if (!c->max_pa_line)
		return tdx_mp_error(c, last, "missing 'max_pa'");
	if (!c->keyids_line)
		return tdx_mp_error(c, last, "missing 'keyids'");
	if (p->keyid_bits >= p->max_pa)
		return tdx_mp_error(c, c->max_pa_line,
				    "max_pa %u leaves no room for %u KeyID bits",
				    p->max_pa, p->keyid_bits);
	if (!p->tdx_disabled &&
	    (u64)p->nr_mktme_keyids + p->nr_tdx_keyids >= BIT_ULL(p->keyid_bits))
		return tdx_mp_error(c, c->keyids_line,
				    "%u MKTME + %u TDX KeyIDs do not fit in %u KeyID bits",
				    p->nr_mktme_keyids, p->nr_tdx_keyids,
				    p->keyid_bits);
	if (!p->tdx_disabled && !p->nr_cmrs)
		return tdx_mp_error(c, last, "a TDX-enabled profile needs at least one 'cmr'");

	limit = BIT_ULL(tdx_model_hkid_start_bit(p));
	for (i = 0; i < p->nr_cmrs; i++) {
		if (p->cmrs[i].base + p->cmrs[i].size > limit)
			return tdx_mp_error(c, c->cmr_line[i],
					    "cmr ends above the %u address bits below the KeyID bits",
					    tdx_model_hkid_start_bit(p));
	}
	for (i = 0; i < p->nr_mem; i++) {
		if (p->nr_nodes && p->mem[i].nid >= (int)p->nr_nodes)
			return tdx_mp_error(c, c->mem_line[i],
					    "memory: node %d, but the profile has %u nodes",
					    p->mem[i].nid, p->nr_nodes);
	}
	return 0;
}

static void tdx_mp_defaults(struct tdx_model_profile *p)
{
	memset(p, 0, sizeof(*p));
	strscpy(p->name, "unnamed", sizeof(p->name));
	p->max_tdmrs = TDX_MAX_TDMRS;
	p->max_reserved_per_tdmr = TDX_MAX_RESERVED_AREAS;
	p->pamt_entry_size = TDX_PAMT_ENTRY_SIZE;
}

/**
 * tdx_model_parse_profile() - parse the text form of a platform profile
 * @text:	NUL-terminated profile text (format: see tdx_model.h)
 * @p:		the profile to fill; zeroed and defaulted first
 * @err:	buffer for one error message ("line N: ..."), may be NULL
 * @errlen:	size of @err
 *
 * Return: 0, or -EINVAL with the first error described in @err.
 */
int tdx_model_parse_profile(const char *text, struct tdx_model_profile *p,
			    char *err, size_t errlen)
{
	struct tdx_mp_ctx c = { .p = p, .err = err, .errlen = errlen };
	char line[TDX_MP_LINE_LEN];
	const char *s = text;
	int ret;

	tdx_mp_defaults(p);
	if (err && errlen)
		err[0] = '\0';

	while (*s) {
		const char *nl = strchrnul(s, '\n');
		size_t len = nl - s;

		c.line++;
		if (len >= sizeof(line))
			return tdx_mp_error(&c, c.line, "longer than %zu characters",
					    sizeof(line) - 1);
		memcpy(line, s, len);
		line[len] = '\0';
		ret = tdx_mp_line(&c, line);
		if (ret)
			return ret;
		s = *nl ? nl + 1 : nl;
	}

	return tdx_mp_finish(&c);
}

/**
 * tdx_model_hkid_start_bit() - the first KeyID bit in a physical address
 * @p: the profile
 *
 * Return: max_pa - keyid_bits.
 */
unsigned int tdx_model_hkid_start_bit(const struct tdx_model_profile *p)
{
	return p->max_pa - p->keyid_bits;
}

/* Append [start, end) as a new CMR (ranges arrive sorted). */
static void tdx_mp_add_cmr(struct tdx_model_profile *p, u64 start, u64 end)
{
	struct tdx_cmr_info *last = p->nr_cmrs ? &p->cmrs[p->nr_cmrs - 1] : NULL;

	start = round_up(start, SZ_4K);
	end = round_down(end, SZ_4K);
	if (start >= end)
		return;
	if (p->nr_cmrs == TDX_MAX_CMRS) {
		/* Too many: bridge the gap to the previous CMR. */
		last->size = end - last->base;
		return;
	}
	p->cmrs[p->nr_cmrs].base = start;
	p->cmrs[p->nr_cmrs].size = end - start;
	p->nr_cmrs++;
}

/**
 * tdx_model_firmware_cmrs() - the CMRs a BIOS reports for a memory map
 * @p: the profile; reads its memory map (@p->mem), sets its CMRs
 *
 * The rules every public TDX platform's CMR list follows (SPR, EMR, GNR
 * logs; see the conformance notes in tdx.rst's testing section):
 *
 * - the first MiB is never convertible: the low CMR starts at 1 MiB;
 * - below 4 GiB, one CMR per node from 1 MiB to the end of the last usable
 *   range below the 32-bit MMIO hole.  It spans the e820 holes in between:
 *   below the hole those are DRAM the BIOS keeps for itself (ACPI tables and
 *   NVS, firmware data), which the memory controller still makes
 *   convertible; what ends it is the top of low DRAM minus SMRAM, which e820
 *   reports as reserved ([0x100000, 0x77800000) on a typical SPR host);
 * - above 4 GiB, one CMR per node and run of usable memory: a gap between
 *   runs (remapped or sparse memory) is not DRAM and ends a CMR.
 *
 * Reserved ranges never start or extend a CMR.  With more runs than
 * TDX_MAX_CMRS, the last CMR is extended over the gap, as firmware would
 * merge them.
 */
void tdx_model_firmware_cmrs(struct tdx_model_profile *p)
{
	u64 start = 0, end = 0;
	bool open = false;
	int nid = NUMA_NO_NODE;
	unsigned int i;

	p->nr_cmrs = 0;
	for (i = 0; i < p->nr_mem; i++) {
		const struct tdx_model_mem_range *r = &p->mem[i];
		u64 rs = max_t(u64, r->start, SZ_1M);

		if (r->type != TDX_MODEL_MEM_USABLE || r->end <= rs)
			continue;
		/* Continue the open CMR: same node, and below 4 GiB or no gap. */
		if (open && r->nid == nid && (rs == end || r->end <= SZ_4G)) {
			end = r->end;
			continue;
		}
		if (open)
			tdx_mp_add_cmr(p, start, end);
		open = true;
		start = rs;
		end = r->end;
		nid = r->nid;
	}
	if (open)
		tdx_mp_add_cmr(p, start, end);
}

#ifdef CONFIG_ACPI
/* Call @fn on each subtable of an ACPI table whose header is @hdr_len long. */
static void tdx_mp_walk(struct acpi_table_header *t, size_t hdr_len,
			void (*fn)(struct acpi_subtable_header *sub, void *arg),
			void *arg)
{
	u8 *pos = (u8 *)t + hdr_len, *end = (u8 *)t + t->length;
	struct acpi_subtable_header *sub;

	while (pos + sizeof(*sub) <= end) {
		sub = (struct acpi_subtable_header *)pos;
		if (sub->length < sizeof(*sub) || pos + sub->length > end)
			break;
		fn(sub, arg);
		pos += sub->length;
	}
}

struct tdx_mp_srat {
	u64 start;
	int nid;		/* out: the node of @start, or NUMA_NO_NODE */
	u64 next;		/* in: the end of the range; out: end of the run */
	bool any;		/* out: SRAT has an enabled memory entry */
};

static void tdx_mp_srat_mem(struct acpi_subtable_header *sub, void *arg)
{
	struct acpi_srat_mem_affinity *ma = (void *)sub;
	struct tdx_mp_srat *q = arg;
	u64 base, end;

	if (sub->type != ACPI_SRAT_TYPE_MEMORY_AFFINITY ||
	    sub->length < sizeof(*ma) || !(ma->flags & ACPI_SRAT_MEM_ENABLED))
		return;
	q->any = true;
	base = ma->base_address;
	end = base + ma->length;
	if (q->start >= base && q->start < end) {
		q->nid = ma->proximity_domain < TDX_MODEL_MAX_NODES ?
			 ma->proximity_domain : NUMA_NO_NODE;
		q->next = min(q->next, end);
	} else if (base > q->start) {
		/* Where another node's memory begins ends this run. */
		q->next = min(q->next, base);
	}
}
#endif

/*
 * The memory map as firmware describes it: the e820 table the firmware
 * handed over (e820_table_firmware, which the kernel does not edit; not
 * memblock, which is the kernel's own view), cut by the SRAT's memory
 * affinity entries into nodes (proximity domains), as a BIOS knows them.
 * Without an SRAT, all memory is on node 0.
 */
static void tdx_mp_firmware_memory(struct tdx_model_profile *p)
{
	struct acpi_table_header *srat = NULL;
	u32 i;

#ifdef CONFIG_ACPI
	if (ACPI_FAILURE(acpi_get_table(ACPI_SIG_SRAT, 0, &srat)))
		srat = NULL;
#endif
	for (i = 0; i < e820_table_firmware->nr_entries; i++) {
		const struct e820_entry *e = &e820_table_firmware->entries[i];
		u64 cur = e->addr, end = e->addr + e->size;

		while (cur < end && p->nr_mem < TDX_MODEL_MAX_MEM_RANGES) {
			struct tdx_model_mem_range *r = &p->mem[p->nr_mem];
			u64 next = end;
			int nid = 0;

#ifdef CONFIG_ACPI
			if (srat) {
				struct tdx_mp_srat q = {
					.start = cur, .nid = NUMA_NO_NODE,
					.next = end,
				};

				tdx_mp_walk(srat, sizeof(struct acpi_table_srat),
					    tdx_mp_srat_mem, &q);
				if (q.any) {
					nid = q.nid;
					next = q.next;
				}
			}
#endif
			r->start = cur;
			r->end = next;
			r->nid = nid;
			r->type = e->type == E820_TYPE_RAM ? TDX_MODEL_MEM_USABLE :
							     TDX_MODEL_MEM_RESERVED;
			if (r->type == TDX_MODEL_MEM_USABLE && nid >= 0)
				p->nr_nodes = max_t(unsigned int, p->nr_nodes,
						    nid + 1);
			p->nr_mem++;
			cur = next;
		}
	}
#ifdef CONFIG_ACPI
	if (srat)
		acpi_put_table(srat);
#endif
}

#ifdef CONFIG_ACPI
struct tdx_mp_madt {
	u32 *ids;
	unsigned int nr;
	unsigned int max;
};

static void tdx_mp_madt_cpu(struct acpi_subtable_header *sub, void *arg)
{
	struct acpi_madt_local_x2apic *x2apic = (void *)sub;
	struct acpi_madt_local_apic *lapic = (void *)sub;
	struct tdx_mp_madt *q = arg;
	u32 id, flags;

	if (sub->type == ACPI_MADT_TYPE_LOCAL_APIC &&
	    sub->length >= sizeof(*lapic)) {
		id = lapic->id;
		flags = lapic->lapic_flags;
	} else if (sub->type == ACPI_MADT_TYPE_LOCAL_X2APIC &&
		   sub->length >= sizeof(*x2apic)) {
		id = x2apic->local_apic_id;
		flags = x2apic->lapic_flags;
	} else {
		return;
	}
	if (!(flags & ACPI_MADT_ENABLED))
		return;
	if (q->ids && q->nr < q->max)
		q->ids[q->nr] = id;
	q->nr++;
}

/*
 * The package ID shift of an APIC ID, from CPUID leaf 0x1f or 0xb (the
 * first one the CPU implements: EBX of subleaf 0 not 0), or -1 if neither.
 */
static int tdx_mp_pkg_shift(void)
{
	unsigned int eax, ebx, ecx, edx, sub, leaf = 0;
	int shift = -1;

	if (boot_cpu_data.cpuid_level >= 0x1f) {
		cpuid_count(0x1f, 0, &eax, &ebx, &ecx, &edx);
		if (ebx)
			leaf = 0x1f;
	}
	if (!leaf && boot_cpu_data.cpuid_level >= 0xb) {
		cpuid_count(0xb, 0, &eax, &ebx, &ecx, &edx);
		if (ebx)
			leaf = 0xb;
	}
	if (!leaf)
		return -1;
	for (sub = 0; sub < 8; sub++) {
		cpuid_count(leaf, sub, &eax, &ebx, &ecx, &edx);
		if (!((ecx >> 8) & 0xff))
			break;
		shift = eax & 0x1f;
	}
	return shift;
}

static int tdx_mp_cmp_u32(const void *a, const void *b)
{
	u32 x = *(const u32 *)a, y = *(const u32 *)b;

	return x < y ? -1 : x > y;
}

/*
 * The LPs and packages MCHECK counts: every processor the firmware enabled
 * in the MADT (unique APIC IDs; a CPU may have a LAPIC and an x2APIC
 * entry), whether or not Linux brings it up (nosmt, maxcpus=, nr_cpus=), and
 * the packages those APIC IDs are in.
 */
static void tdx_mp_firmware_cpus(struct tdx_model_profile *p)
{
	struct acpi_table_header *madt;
	struct tdx_mp_madt q = { };
	unsigned int i, pkgs = 0, lps = 0;
	int shift;

	if (ACPI_FAILURE(acpi_get_table(ACPI_SIG_MADT, 0, &madt)))
		return;
	tdx_mp_walk(madt, sizeof(struct acpi_table_madt), tdx_mp_madt_cpu, &q);
	q.max = q.nr;
	q.nr = 0;
	q.ids = q.max ? kcalloc(q.max, sizeof(*q.ids), GFP_KERNEL) : NULL;
	if (q.ids) {
		tdx_mp_walk(madt, sizeof(struct acpi_table_madt),
			    tdx_mp_madt_cpu, &q);
		sort(q.ids, q.nr, sizeof(*q.ids), tdx_mp_cmp_u32, NULL);
		shift = tdx_mp_pkg_shift();
		for (i = 0; i < q.nr; i++) {
			if (i && q.ids[i] == q.ids[i - 1])
				continue;
			lps++;
			if (shift >= 0 &&
			    (!i || q.ids[i] >> shift != q.ids[i - 1] >> shift))
				pkgs++;
		}
		kfree(q.ids);
	}
	acpi_put_table(madt);
	/* Without a package shift, no census: TDH.SYS.INIT takes its own. */
	if (lps && pkgs && pkgs <= TDX_MODEL_MAX_PKGS) {
		p->nr_lps = lps;
		p->nr_pkgs = pkgs;
	}
}
#else
static void tdx_mp_firmware_cpus(struct tdx_model_profile *p)
{
}
#endif

/**
 * tdx_model_boot_profile() - describe the machine the kernel runs on
 * @p: the profile to fill
 *
 * As the firmware and MCHECK describe it, never as the kernel sees it, so
 * that the model can disagree with the host as a real module would: the
 * memory map from the firmware's e820 table and the SRAT, the CMRs from that
 * map by the rules of tdx_model_firmware_cmrs() (the first MiB is not
 * convertible), the MCHECK census from the MADT's enabled processors
 * (without an MADT: left to TDH.SYS.INIT, which takes the online CPUs).
 * MAX_PA is x86_phys_bits plus 6 KeyID bits, split as 15 MKTME and 48 TDX
 * KeyIDs (private KeyIDs [16, 64)).  The generation is 1.5.
 *
 * Return: 0, or -ENOMEM if the firmware lists no convertible memory.
 */
int tdx_model_boot_profile(struct tdx_model_profile *p)
{
	unsigned int keyid_bits;

	tdx_mp_defaults(p);
	strscpy(p->name, "boot", sizeof(p->name));
	p->gen = TDX_MODEL_GEN_1_5;
	p->major_version = 1;
	p->minor_version = 5;
	p->update_version = 1;
	p->build_num = 1;
	p->build_date = 20230605;
	p->module_hv = 1;
	p->min_update_hv = 0;

	keyid_bits = TDX_MP_BOOT_KEYID_BITS;
	p->max_pa = boot_cpu_data.x86_phys_bits + keyid_bits;
	if (p->max_pa > TDX_MP_MAX_PA_LIMIT)
		p->max_pa = TDX_MP_MAX_PA_LIMIT;
	p->keyid_bits = p->max_pa - boot_cpu_data.x86_phys_bits;
	if (p->keyid_bits >= TDX_MP_BOOT_KEYID_BITS) {
		p->nr_mktme_keyids = TDX_MP_BOOT_MKTME;
		p->nr_tdx_keyids = TDX_MP_BOOT_TDX;
	} else {
		/* Fewer KeyID bits: no MKTME, the rest for TDX. */
		p->nr_mktme_keyids = 0;
		p->nr_tdx_keyids = BIT(p->keyid_bits) - 1;
	}

	tdx_mp_firmware_memory(p);
	tdx_model_firmware_cmrs(p);
	tdx_mp_firmware_cpus(p);

	return p->nr_cmrs ? 0 : -ENOMEM;
}
