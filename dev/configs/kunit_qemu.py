# SPDX-License-Identifier: GPL-2.0
# QEMU for the TDX KUnit runs (kunit.py --qemu_config): x86_64 under TCG,
# two sockets of two CPUs, one NUMA node per socket, 4 GiB of RAM.  The
# software TDX module model derives its platform profile from this machine.
#
# The CPU is "max" without LA57.  With LA57 the kernel runs 5-level paging,
# and 6.1's pgtable_l5_enabled() then reads X86_FEATURE_LA57 from
# boot_cpu_data; identify_boot_cpu() clears that word (identify_cpu()'s
# memset) and refills it (get_cpu_cap()) with interrupts on and before
# alternatives are patched.  An interrupt in that window sees 4-level
# paging, KASAN's KASAN_SHADOW_START moves, and the per-CPU read in
# rcu_is_watching() is reported as a wild-memory-access: a race with the
# timer, not a TDX bug.  Without LA57 the kernel never changes its mind.
from ..qemu_config import QemuArchParams

QEMU_ARCH = QemuArchParams(linux_arch='x86_64',
			   kconfig='''
CONFIG_SERIAL_8250=y
CONFIG_SERIAL_8250_CONSOLE=y''',
			   qemu_arch='x86_64',
			   kernel_path='arch/x86/boot/bzImage',
			   kernel_command_line='console=ttyS0 tdx_pamt=reserve',
			   extra_qemu_params=[
				   '-accel', 'tcg', '-cpu', 'max,la57=off',
				   '-smp', '4,sockets=2,cores=2,threads=1',
				   '-m', '4G',
				   '-object', 'memory-backend-ram,id=m0,size=2G',
				   '-object', 'memory-backend-ram,id=m1,size=2G',
				   '-numa', 'node,nodeid=0,cpus=0-1,memdev=m0',
				   '-numa', 'node,nodeid=1,cpus=2-3,memdev=m1',
			   ])
