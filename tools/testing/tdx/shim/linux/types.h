/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Userspace shim: tools/include/linux/types.h makes u64 a uint64_t
 * (unsigned long on x86_64), but the kernel files built here print u64
 * with %llx, as the kernel does.  Keep the rest of tools' types.h and make
 * u64/s64 the kernel's long long types.
 */
#ifndef _TDX_SHIM_LINUX_TYPES_H
#define _TDX_SHIM_LINUX_TYPES_H

#define u64 __tools_u64
#define s64 __tools_s64
#include_next <linux/types.h>
#undef u64
#undef s64

typedef unsigned long long u64;
typedef long long s64;

#endif /* _TDX_SHIM_LINUX_TYPES_H */
