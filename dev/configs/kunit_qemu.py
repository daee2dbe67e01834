# SPDX-License-Identifier: GPL-2.0
# QEMU for the TDX KUnit runs (kunit.py --qemu_config): x86_64 under TCG,
# two sockets of two CPUs, one NUMA node per socket, 4 GiB of RAM.  The
# software TDX module model derives its platform profile from this machine.
from ..qemu_config import QemuArchParams

QEMU_ARCH = QemuArchParams(linux_arch='x86_64',
			   kconfig='''
CONFIG_SERIAL_8250=y
CONFIG_SERIAL_8250_CONSOLE=y''',
			   qemu_arch='x86_64',
			   kernel_path='arch/x86/boot/bzImage',
			   kernel_command_line='console=ttyS0 tdx_pamt=reserve',
			   extra_qemu_params=[
				   '-accel', 'tcg', '-cpu', 'max',
				   '-smp', '4,sockets=2,cores=2,threads=1',
				   '-m', '4G',
				   '-object', 'memory-backend-ram,id=m0,size=2G',
				   '-object', 'memory-backend-ram,id=m1,size=2G',
				   '-numa', 'node,nodeid=0,cpus=0-1,memdev=m0',
				   '-numa', 'node,nodeid=1,cpus=2-3,memdev=m1',
			   ])
