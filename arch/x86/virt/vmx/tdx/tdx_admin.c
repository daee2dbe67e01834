// SPDX-License-Identifier: GPL-2.0
/*
 * The admin's view of the TDX host: /sys/devices/tdx_host/, read-only.
 *
 * Why there: the TDX module is loaded and initialized at runtime, so it is
 * not static firmware (/sys/firmware/ was objected to for that reason); it
 * behaves like a device without a bus.  Upstream later gave it a faux device,
 * /sys/devices/faux/tdx_host/; 6.1 has no faux bus, and a root device
 * (a device without parent, bus or class, as root_device_register() makes)
 * is what 6.1 uses for such devices, giving /sys/devices/tdx_host/ with the
 * same attribute names.  Documented in
 * Documentation/ABI/testing/sysfs-devices-tdx_host.  One value per file:
 * what has several (the PAMT per node, the TDMRs, the failure line) is in
 * /sys/kernel/debug/tdx/ instead.
 */
#define pr_fmt(fmt) "virt/tdx: " fmt

#include <linux/debugfs.h>
#include <linux/device.h>
#include <linux/init.h>
#include <linux/nodemask.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/sysfs.h>
#include "tdx.h"
#include "tdx_pamt_reserve.h"

/**
 * tdx_sysfs_state_name() - the sysfs name of a module status
 * @status:		the status
 * @initializing:	tdx_enable() is running
 *
 * Return: one of the names in Documentation/ABI/testing/sysfs-devices-tdx_host.
 */
static const char *tdx_sysfs_state_name(enum tdx_module_status status,
					bool initializing)
{
	switch (status) {
	case TDX_MODULE_UNINITIALIZED:
		return initializing ? "initializing" : "not-initialized";
	case TDX_MODULE_INITIALIZED:
		return "initialized";
	case TDX_MODULE_UNAVAILABLE:
	case TDX_MODULE_NO_MODULE:
		return "not-available";
	case TDX_MODULE_FAILED:
		return "failed";
	case TDX_MODULE_SHUTDOWN:
		return "shut-down";
	case TDX_MODULE_FENCED:
		return "fenced";
	}
	return "unknown";
}

static ssize_t state_show(struct device *dev, struct device_attribute *attr,
			  char *buf)
{
	/* Lockless, so that it can say "initializing" while that runs. */
	return sysfs_emit(buf, "%s\n",
			  tdx_sysfs_state_name(tdx_module_status(),
					       tdx_module_initializing()));
}
static DEVICE_ATTR_RO(state);

/*
 * The attributes below read one snapshot of the TDX core per read
 * (tdx_get_state() takes the module lock); emit_<name>() formats it.
 */
#define TDX_STATE_ATTR(_name)						\
static ssize_t _name##_show(struct device *dev,				\
			    struct device_attribute *attr, char *buf)	\
{									\
	struct tdx_state s;						\
									\
	tdx_get_state(&s);						\
	return emit_##_name(&s, buf);					\
}									\
static DEVICE_ATTR_RO(_name)

/*
 * An attribute that holds one value while @_cond holds for the snapshot s,
 * and is empty (just a newline) otherwise.
 */
#define TDX_STATE_ATTR_IF(_name, _cond, _fmt, ...)			\
static ssize_t emit_##_name(const struct tdx_state *s, char *buf)	\
{									\
	if (!(_cond))							\
		return sysfs_emit(buf, "\n");				\
	return sysfs_emit(buf, _fmt "\n", __VA_ARGS__);			\
}									\
TDX_STATE_ATTR(_name)

static bool tdx_sysfs_initialized(const struct tdx_state *s)
{
	return s->status == TDX_MODULE_INITIALIZED;
}

/* Whether the failure_* files have something to say. */
static bool tdx_sysfs_failed(const struct tdx_state *s)
{
	return s->status != TDX_MODULE_UNINITIALIZED &&
	       s->status != TDX_MODULE_INITIALIZED;
}

TDX_STATE_ATTR_IF(failure_step, tdx_sysfs_failed(s), "%s",
		  tdx_fail_step_name(s->fail_step));
TDX_STATE_ATTR_IF(failure_errno, tdx_sysfs_failed(s), "%d", s->err);
TDX_STATE_ATTR_IF(failure_status, tdx_sysfs_failed(s) && s->fail_status,
		  "0x%016llx", s->fail_status);

static ssize_t emit_nr_tdmrs(const struct tdx_state *s, char *buf)
{
	return sysfs_emit(buf, "%u\n", tdx_sysfs_initialized(s) ? s->nr_tdmrs : 0);
}
TDX_STATE_ATTR(nr_tdmrs);

static ssize_t emit_pamt_bytes(const struct tdx_state *s, char *buf)
{
	return sysfs_emit(buf, "%llu\n",
			  tdx_sysfs_initialized(s) ? s->pamt_bytes : 0);
}
TDX_STATE_ATTR(pamt_bytes);

TDX_STATE_ATTR_IF(private_keyids, s->nr_keyids, "%u-%u", s->keyid_start,
		  s->keyid_start + s->nr_keyids - 1);
TDX_STATE_ATTR_IF(global_keyid, s->nr_keyids, "%u", s->global_keyid);
TDX_STATE_ATTR_IF(module_version, tdx_sysfs_initialized(s), "%u.%u.%u",
		  s->major, s->minor, s->update);
TDX_STATE_ATTR_IF(module_build_num, tdx_sysfs_initialized(s), "%u",
		  s->build_num);
TDX_STATE_ATTR_IF(module_build_date, tdx_sysfs_initialized(s), "%08u",
		  s->build_date);
TDX_STATE_ATTR_IF(module_attributes, tdx_sysfs_initialized(s), "0x%08x",
		  s->attributes);

/* The opt-in boot reservation of PAMT (tdx_pamt=reserve). */
#define TDX_RESERVE_ATTR(_name, _field)					\
static ssize_t _name##_show(struct device *dev,				\
			    struct device_attribute *attr, char *buf)	\
{									\
	struct tdx_pamt_reserve_stats s;				\
									\
	tdx_pamt_reserve_stats(&s);					\
	return sysfs_emit(buf, "%llu\n", (u64)s._field);		\
}									\
static DEVICE_ATTR_RO(_name)

TDX_RESERVE_ATTR(pamt_reserved_bytes, reserved_bytes);
TDX_RESERVE_ATTR(pamt_reserve_used_bytes, used_bytes);
TDX_RESERVE_ATTR(pamt_reserve_lent_bytes, lent_bytes);

static struct attribute *tdx_host_attrs[] = {
	&dev_attr_state.attr,
	&dev_attr_failure_step.attr,
	&dev_attr_failure_errno.attr,
	&dev_attr_failure_status.attr,
	&dev_attr_module_version.attr,
	&dev_attr_module_build_num.attr,
	&dev_attr_module_build_date.attr,
	&dev_attr_module_attributes.attr,
	&dev_attr_private_keyids.attr,
	&dev_attr_global_keyid.attr,
	&dev_attr_nr_tdmrs.attr,
	&dev_attr_pamt_bytes.attr,
	&dev_attr_pamt_reserved_bytes.attr,
	&dev_attr_pamt_reserve_used_bytes.attr,
	&dev_attr_pamt_reserve_lent_bytes.attr,
	NULL,
};

ATTRIBUTE_GROUPS(tdx_host);

#ifdef CONFIG_DEBUG_FS
/*
 * /sys/kernel/debug/tdx/: what does not fit sysfs's one value per file.
 * Debugging aids, no ABI.
 */

/* The failure line of dmesg: "" unless the failure_* files say something. */
static int tdx_failure_reason_show(struct seq_file *m, void *unused)
{
	struct tdx_state *s;

	s = kmalloc(sizeof(*s), GFP_KERNEL);
	if (!s)
		return -ENOMEM;
	tdx_get_state(s);
	if (tdx_sysfs_failed(s))
		seq_printf(m, "%s\n", s->reason);
	kfree(s);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(tdx_failure_reason);

/* "node bytes", one line per node with memory. */
static int tdx_pamt_per_node_show(struct seq_file *m, void *unused)
{
	int nid;

	for_each_node_state(nid, N_MEMORY)
		seq_printf(m, "%d %llu\n", nid, tdx_pamt_bytes_on_node(nid));
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(tdx_pamt_per_node);

/* "base size" in hexadecimal, one line per TDMR of the initialized module. */
static int tdx_tdmrs_show(struct seq_file *m, void *unused)
{
	unsigned int i;
	u64 base, size;

	for (i = 0; !tdx_get_tdmr(i, &base, &size); i++)
		seq_printf(m, "0x%llx 0x%llx\n", base, size);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(tdx_tdmrs);

static void __init tdx_admin_debugfs_init(void)
{
	struct dentry *dir = tdx_debugfs_dir();

	debugfs_create_file("failure_reason", 0444, dir, NULL,
			    &tdx_failure_reason_fops);
	debugfs_create_file("pamt_bytes_per_node", 0444, dir, NULL,
			    &tdx_pamt_per_node_fops);
	debugfs_create_file("tdmrs", 0444, dir, NULL, &tdx_tdmrs_fops);
}
#else
static inline void tdx_admin_debugfs_init(void) { }
#endif

/* /sys/devices/tdx_host, if registered; never unregistered. */
static struct device *tdx_host_dev;

static void tdx_host_release(struct device *dev)
{
	kfree(dev);
}

/*
 * After tdx_detect() (subsys_initcall), so that the state is known.  Only
 * on CPUs that partition KeyIDs (MSR 0x87: Intel with MKTME or TDX), so
 * that an admin of such a machine learns why TDX is not available, and
 * other machines get no TDX directory at all.  The attributes are part of
 * the device when it is added: the uevent finds them all.
 */
static int __init tdx_sysfs_init(void)
{
	struct device *dev;
	int ret;

	if (!tdx_has_keyid_msr())
		return 0;
	dev = kzalloc(sizeof(*dev), GFP_KERNEL);
	if (!dev)
		return -ENOMEM;
	device_initialize(dev);
	dev->release = tdx_host_release;
	dev->groups = tdx_host_groups;
	ret = dev_set_name(dev, "tdx_host");
	if (!ret)
		ret = device_add(dev);
	if (ret) {
		pr_err("cannot register /sys/devices/tdx_host: %d\n", ret);
		put_device(dev);
		return ret;
	}
	tdx_host_dev = dev;
	tdx_admin_debugfs_init();
	return 0;
}
device_initcall(tdx_sysfs_init);

#ifdef CONFIG_INTEL_TDX_HOST_KUNIT_TEST
#include "tdx_admin_test.c"
#endif
