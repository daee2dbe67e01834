# SPDX-License-Identifier: GPL-2.0
#
# Project commands.  This Makefile is not laid over the kernel tree: only the
# top-level directories that exist in Linux (arch/, Documentation/, tools/...)
# are.  Everything builds in $(TDX_WORK) (default: ./work, git-ignored).

TDX_WORK ?= $(CURDIR)/work
export TDX_WORK

.PHONY: help deps tree run test kunit userspace fuzz bench clean

help:
	@echo "make run    - build the patched kernel, boot it in QEMU on the TDX module model"
	@echo "make test   - every check and test; ends with 'N passed, N failed'"
	@echo "make tree   - materialize the kernel tree in $(TDX_WORK)/linux"
	@echo "make kunit  - build and run the KUnit suites only"
	@echo "make fuzz   - fuzz the TDMR planner (FUZZ_SECONDS=600 by default)"
	@echo "make bench  - PAMT per machine profile, planner time (userspace)"
	@echo "make clean  - remove $(TDX_WORK)"

deps:
	@bash dev/deps.sh

tree:
	@bash dev/tree.sh

run:
	@bash dev/run.sh

test:
	@bash dev/test.sh

kunit: tree
	@bash dev/kunit.sh

FUZZ_SECONDS ?= 600
fuzz: tree
	@$(MAKE) -C $(TDX_WORK)/linux/tools/testing/tdx fuzz FUZZ_SECONDS=$(FUZZ_SECONDS)

bench: tree
	@bash dev/bench.sh

clean:
	rm -rf $(TDX_WORK)
