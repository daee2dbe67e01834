/* SPDX-License-Identifier: GPL-2.0 */
/* Userspace shim: tools/include has no linux/errno.h; use the system's. */
#ifndef _TDX_SHIM_LINUX_ERRNO_H
#define _TDX_SHIM_LINUX_ERRNO_H

#include_next <linux/errno.h>

#endif /* _TDX_SHIM_LINUX_ERRNO_H */
