/* SPDX-License-Identifier: GPL-2.0 */
/* Helpers shared by the TDX selftests. */
#ifndef TDX_SELFTESTS_UTIL_H
#define TDX_SELFTESTS_UTIL_H

#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <unistd.h>

/* Read a small sysfs file into @buf without one trailing newline. */
static inline int read_str(const char *path, char *buf, size_t size)
{
	int fd = open(path, O_RDONLY);
	ssize_t n;

	if (fd < 0)
		return -errno;
	n = read(fd, buf, size - 1);
	close(fd);
	if (n < 0)
		return -errno;
	buf[n] = '\0';
	if (n && buf[n - 1] == '\n')
		buf[n - 1] = '\0';
	return 0;
}

#endif /* TDX_SELFTESTS_UTIL_H */
