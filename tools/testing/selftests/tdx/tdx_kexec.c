// SPDX-License-Identifier: GPL-2.0
/*
 * tdx_kexec KERNEL INITRD CMDLINE: load KERNEL and INITRD with
 * kexec_file_load(2) and reboot into them at once (LINUX_REBOOT_CMD_KEXEC),
 * for a test machine whose initramfs has no kexec-tools.  dev/selftests.sh
 * boots the TDX module model with it, so that the kernel's reboot notifier
 * runs TDX's kexec path (the PAMT reset on partial-write erratum CPUs) and
 * the second kernel shows that the jump worked.  Not a test itself: it
 * returns only on failure.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <linux/reboot.h>

static int open_or_die(const char *path)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		fprintf(stderr, "tdx_kexec: %s: %s\n", path, strerror(errno));
	return fd;
}

int main(int argc, char **argv)
{
	int kernel, initrd;

	if (argc != 4) {
		fprintf(stderr, "usage: %s KERNEL INITRD CMDLINE\n", argv[0]);
		return 2;
	}
	kernel = open_or_die(argv[1]);
	initrd = open_or_die(argv[2]);
	if (kernel < 0 || initrd < 0)
		return 1;
	/* The command line's length counts its terminating NUL. */
	if (syscall(SYS_kexec_file_load, kernel, initrd,
		    strlen(argv[3]) + 1, argv[3], 0UL)) {
		fprintf(stderr, "tdx_kexec: kexec_file_load: %s\n",
			strerror(errno));
		return 1;
	}
	printf("tdx_kexec: loaded %s, rebooting into it\n", argv[1]);
	fflush(stdout);
	sync();
	syscall(SYS_reboot, LINUX_REBOOT_MAGIC1, LINUX_REBOOT_MAGIC2,
		LINUX_REBOOT_CMD_KEXEC, NULL);
	fprintf(stderr, "tdx_kexec: reboot(LINUX_REBOOT_CMD_KEXEC): %s\n",
		strerror(errno));
	return 1;
}
