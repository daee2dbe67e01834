# SPDX-License-Identifier: GPL-2.0
#
# Project commands.  This Makefile is not laid over the kernel tree: only the
# top-level directories that exist in Linux (arch/, Documentation/, tools/...)
# are.  Everything builds in $(TDX_WORK) (default: ./work, git-ignored).

TDX_WORK ?= $(CURDIR)/work
export TDX_WORK

.PHONY: help deps tree run test kunit kcsan userspace fuzz bench series series-check series-bisect clean

help:
	@echo "make run    - build the patched kernel, boot it in QEMU on the TDX module model"
	@echo "make test   - every check and test; ends with 'N passed, N failed'"
	@echo "make tree   - materialize the kernel tree in $(TDX_WORK)/linux"
	@echo "make kunit  - build and run the KUnit suites only"
	@echo "make kcsan  - the KUnit suites on a KCSAN kernel (not part of make test)"
	@echo "make fuzz   - fuzz the TDMR planner (FUZZ_SECONDS=600 by default)"
	@echo "make series - export the patch series with a cover letter to $(TDX_WORK)/series"
	@echo "make series-check  - git am it onto pristine 6.1, checkpatch every patch"
	@echo "make series-bisect - build the kernel after every patch (slow)"
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

kcsan: tree
	@bash dev/kunit.sh --kcsan

FUZZ_SECONDS ?= 600
fuzz: tree
	@$(MAKE) -C $(TDX_WORK)/linux/tools/testing/tdx fuzz FUZZ_SECONDS=$(FUZZ_SECONDS)

series:
	@bash dev/series.sh export

series-check:
	@bash dev/series.sh check

series-bisect:
	@bash dev/series.sh bisect

bench: tree
	@bash dev/bench.sh

clean:
	rm -rf $(TDX_WORK)
