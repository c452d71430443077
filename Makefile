# cmabulk: build the patched 6.12 guest kernel, the BPF programs and the
# static user-space tools, boot the guest, run the job, run the tests.
# `make help` lists the targets (from their "##" comments) and the knobs.
#
# ARCH=arm64 makes each target the same on an arm64 guest: the kernel
# cross-built (build/arm64/kernel), BPF and static tools for arm64
# (build/arm64/bin, also what goes to an arm64 device), and QEMU's virt
# machine under TCG. make test runs an arm64 section of its own too.
#
# Knobs: KSRC=/path/to/linux-6.12, GUEST_MEM=2G, GUEST_CMA=384M,
# GUEST_SMP=2, ACCEL=auto|kvm|tcg|icount, GUEST_TIMEOUT=1200, DEBUG=1, V=1;
# for make run: SCENARIO=pinned, BENCH_MEM=1G, RESULTS=results
# (docs/build.md has every knob).

ROOT    := $(CURDIR)
BUILD   := $(ROOT)/build
VERSION := $(shell git -C $(ROOT) describe --always --dirty 2>/dev/null || echo unknown)

# Everything built for the guest's architecture lives under ABUILD: build/
# for x86_64 (the host's), build/arm64/ for arm64.
ARCH ?= x86_64
ifeq ($(ARCH),x86)
override ARCH := x86_64
endif
ifeq ($(ARCH),x86_64)
ABUILD     := $(BUILD)
TARGET_CC  := $(CC)
BPF_ARCH   := x86
else ifeq ($(ARCH),arm64)
ABUILD     := $(BUILD)/arm64
TARGET_CC  := aarch64-linux-gnu-gcc
BPF_ARCH   := arm64
# Debian's multiarch libbpf/libelf/json-c (:arm64) headers are the same as
# the host's; only the libraries differ.
ARCH_CFLAGS  := -idirafter /usr/include
ARCH_LDFLAGS := -L/usr/lib/aarch64-linux-gnu
else
$(error ARCH=$(ARCH): want x86_64 or arm64)
endif
OBJ    := $(ABUILD)/obj
BIN    := $(ABUILD)/bin
BPFOUT := $(ABUILD)/bpf
KOUT   := $(ABUILD)/kernel
TESTBIN := $(ABUILD)/tests/bin
INITRD := $(ABUILD)/guest/initramfs.cpio.gz

# The version, in a header rewritten only when it changes: lib/version.o
# (and nothing else) is rebuilt then, so no object keeps an old commit.
VERSION_H := $(ABUILD)/gen/cmabulk_version.h
$(shell mkdir -p $(ABUILD)/gen && v='#define CMABULK_VERSION "$(VERSION)"' && \
	{ grep -qsxF "$$v" $(VERSION_H) || echo "$$v" >$(VERSION_H); })

export ROOT BUILD V KSRC GUEST_MEM GUEST_CMA GUEST_SMP ACCEL GUEST_TIMEOUT ARCH BPFOUT
export GUEST_ARCH := $(ARCH)

# DEBUG=1: a second kernel with KASAN, DEBUG_VM and lockdep (kernel-debug
# beside kernel) that the guest boots instead; the tools stay the same (CO-RE).
ifeq ($(DEBUG),1)
export GUEST_KOUT := $(ABUILD)/kernel-debug
DEBUG_KERNEL_ENV := KOUT=$(ABUILD)/kernel-debug \
	KCONFIG_FRAGMENTS="$(ROOT)/kernel-patch/cmabulk.config $(ROOT)/kernel-patch/$(ARCH).config $(ROOT)/kernel-patch/debug.config"
endif

ifneq ($(V),1)
Q := @
MAKEFLAGS += --no-print-directory
endif

CLANG    ?= clang
BPFTOOL  ?= bpftool
CFLAGS   := -O2 -g -Wall -Wextra -Wno-unused-parameter -Wno-missing-field-initializers -std=gnu11 \
	    -I$(ROOT) -I$(ABUILD)
# The tools go to devices as they are: fully static.
LDSTATIC := -static $(ARCH_LDFLAGS)
LIBS     := -lbpf -ljson-c -lprotobuf-c -lelf -lz -lzstd -lpthread -lm

BPF_CFLAGS := -g -O2 -Wall -target bpf -D__TARGET_ARCH_$(BPF_ARCH) -I$(ROOT) -I$(ABUILD)

LIB_SRCS   := $(wildcard lib/*.c)
LIB_OBJS   := $(patsubst %.c,$(OBJ)/%.o,$(LIB_SRCS))
LIBCMABULK := $(OBJ)/libcmabulk.a

# A room per tool: the load generator (bench/load, a library of its own
# that needs only lib/) and the bench driver's rooms (bench/core, measure,
# report, export, torture, overhead: docs/architecture.md), whose command
# line is the top of bench/.
LOAD_SRCS  := $(filter-out bench/load/cmabulk-load.c,$(wildcard bench/load/*.c))
LOAD_OBJS  := $(patsubst %.c,$(OBJ)/%.o,$(LOAD_SRCS))
LIBLOAD    := $(OBJ)/libcmabulk-load.a
BENCH_ROOMS := core measure report export torture overhead
BENCH_SRCS := $(wildcard $(addprefix bench/,$(addsuffix /*.c,$(BENCH_ROOMS))))
BENCH_CLI_SRCS := $(wildcard bench/*.c)
# ... and the reader of the run's timeline (bench/report/timeline_plot.c) unpacks
# it with the protobuf-c code the tracer writes it with.
BENCH_OBJS := $(patsubst %.c,$(OBJ)/%.o,$(BENCH_SRCS)) $(OBJ)/gen/perfetto_trace.pb-c.o
LIBBENCH   := $(OBJ)/libcmabulk-bench.a
TRACE_SRCS := $(filter-out loader/cmabulk-trace.c,$(wildcard loader/*.c))
TRACE_LIB_OBJS := $(patsubst %.c,$(OBJ)/%.o,$(TRACE_SRCS)) $(OBJ)/gen/perfetto_trace.pb-c.o
LIBTRACE   := $(OBJ)/libcmabulk-trace.a

TOOLS      := cmabulk-trace cmabulk-load cmabulk-bench
TOOL_BINS  := $(addprefix $(BIN)/,$(TOOLS))

UNIT_SRCS  := $(wildcard tests/unit/test_*.c)
UNIT_BINS  := $(patsubst tests/unit/%.c,$(BUILD)/tests/%,$(UNIT_SRCS))
SERIES_FILES := kernel-patch/series $(wildcard kernel-patch/*.patch)

.PHONY: ab bisect farm farm-bundle farm-server farm-server-down farm-server-status farm-server-submit soak stress fuzz fuzz-bins info all deps kernel kernel-vanilla initramfs tools tools-arm64 unit unit-bins check guest guest-bins host-bins ready run sweep overhead test test-nobtf clean distclean help
.DEFAULT_GOAL := all
.SECONDARY:
# A recipe that fails leaves no half-written target behind.
.DELETE_ON_ERROR:

all: kernel tools initramfs ## the kernel, the tools and the guest's initramfs (what is missing)

help: ## this list, from the targets' own "##" comments
	$(Q)echo "Usage: make TARGET [KNOB=value ...]"; echo
	$(Q)grep -hE '^[a-z][a-z0-9-]*:.*## ' $(MAKEFILE_LIST) | \
		awk '{ t = $$1; sub(/:.*/, "", t); d = $$0; sub(/^[^#]*## /, "", d); printf "  %-15s %s\n", t, d }'
	$(Q)echo; sed -n '/^# ARCH=arm64/,/^$$/p' Makefile | sed 's/^# \{0,1\}//'

deps: ## install the Debian packages this needs (apt-get, as root)
	$(Q)scripts/deps.sh

# The unpatched 6.12 kernel (same config minus the series' own options):
# what the tools must still cope with, and the "before" of patch 1.
# Its tree and build folder sit side by side as build/linux and build/kernel
# do, with the same relative paths for ccache (keyed relative to build/):
# only files whose preprocessed source is the same are shared, and since
# the series changes include/linux/gfp.h those are few.
VANILLA_ENV := SERIES_DIR=$(BUILD)/vanilla KTREE=$(BUILD)/vanilla/linux \
	KOUT=$(BUILD)/vanilla/kernel \
	KCONFIG_FRAGMENTS="$(BUILD)/vanilla/vanilla.config $(ROOT)/kernel-patch/x86_64.config"

kernel-vanilla: ## the unpatched 6.12 kernel with the same config (build/vanilla), e.g. for make ab
	$(Q)mkdir -p $(BUILD)/vanilla && : >$(BUILD)/vanilla/series
	$(Q)grep -v CMA_BULK kernel-patch/cmabulk.config >$(BUILD)/vanilla/vanilla.config.tmp
	$(Q)cmp -s $(BUILD)/vanilla/vanilla.config.tmp $(BUILD)/vanilla/vanilla.config || \
		mv $(BUILD)/vanilla/vanilla.config.tmp $(BUILD)/vanilla/vanilla.config
	$(Q)$(VANILLA_ENV) ARCH=x86_64 scripts/kernel.sh build

# The kernel script is incremental and answers in well under a second when
# nothing changed, so it is always consulted.
kernel: ## the patched guest kernel (incremental: seconds when nothing changed)
	$(Q)KOUT=$(KOUT) scripts/kernel.sh all
ifeq ($(DEBUG),1)
	$(Q)$(DEBUG_KERNEL_ENV) scripts/kernel.sh build
endif

$(BPFOUT)/vmlinux.h:
	$(Q)KOUT=$(KOUT) scripts/kernel.sh vmlinux-h

initramfs: $(INITRD)
$(INITRD): scripts/guest/init scripts/mkinitramfs.sh
	$(Q)scripts/mkinitramfs.sh $@

# --- BPF objects and skeletons -------------------------------------------
$(BPFOUT)/%.bpf.o: bpf/%.bpf.c bpf/%.h $(BPFOUT)/vmlinux.h
	@echo "  BPF     $@"
	$(Q)mkdir -p $(@D)
	$(Q)$(CLANG) $(BPF_CFLAGS) -c $< -o $@.tmp && mv $@.tmp $@

$(BPFOUT)/%.skel.h: $(BPFOUT)/%.bpf.o
	@echo "  SKEL    $@"
	$(Q)$(BPFTOOL) gen skeleton $< > $@.tmp && mv $@.tmp $@

# --- user space ----------------------------------------------------------
$(OBJ)/%.o: %.c
	@echo "  CC      $@"
	$(Q)mkdir -p $(@D)
	$(Q)$(TARGET_CC) $(CFLAGS) $(ARCH_CFLAGS) -MMD -MP -c $< -o $@

# One library per room; one archive rule for all of them.
$(LIBCMABULK): $(LIB_OBJS)
$(LIBLOAD): $(LOAD_OBJS)
$(LIBBENCH): $(BENCH_OBJS)
$(LIBTRACE): $(TRACE_LIB_OBJS)
$(OBJ)/%.a:
	$(Q)rm -f $@ && ar rcs $@ $^

# The three tools, fully static; one link rule.
$(BIN)/cmabulk-load: $(OBJ)/bench/load/cmabulk-load.o $(LIBLOAD) $(LIBCMABULK)
$(BIN)/cmabulk-bench: $(patsubst %.c,$(OBJ)/%.o,$(BENCH_CLI_SRCS)) $(LIBBENCH) $(LIBLOAD) $(LIBCMABULK)
$(BIN)/cmabulk-trace: $(OBJ)/loader/cmabulk-trace.o $(LIBTRACE) $(LIBCMABULK) | $(BPFOUT)/cmabulk_kernel.checked
$(TOOL_BINS):
	@echo "  LD      $@"
	$(Q)mkdir -p $(@D)
	$(Q)$(TARGET_CC) $(LDSTATIC) -o $@ $(filter %.o %.a,$^) $(LIBS)

# The series' enums for user space: bpf/cmabulk_kernel.h, generated from
# the patched tree's own header and committed, so that make unit needs no
# kernel source. The tracer's build keeps it in step: it generates the
# header again (the patch step only, seconds) and refuses a committed copy
# that differs, or enums that differ from the built kernel's BTF.
KENUMS_SRC := $(BUILD)/linux/include/linux/gfp.h
$(BPFOUT)/cmabulk_kernel.h: scripts/kernel-enums.sh $(SERIES_FILES)
	$(Q)KOUT=$(KOUT) scripts/kernel.sh patch
	$(Q)mkdir -p $(@D)
	$(Q)scripts/kernel-enums.sh $(KENUMS_SRC) > $@.tmp && mv $@.tmp $@

$(BPFOUT)/cmabulk_kernel.checked: bpf/cmabulk_kernel.h $(BPFOUT)/cmabulk_kernel.h $(BPFOUT)/vmlinux.h
	$(Q)cmp -s bpf/cmabulk_kernel.h $(BPFOUT)/cmabulk_kernel.h || { \
		echo "bpf/cmabulk_kernel.h is stale: the series' enums changed; refresh it with: cp $(BPFOUT)/cmabulk_kernel.h bpf/"; \
		diff bpf/cmabulk_kernel.h $(BPFOUT)/cmabulk_kernel.h; exit 1; } >&2
	$(Q)scripts/kernel-enums.sh --names $(KENUMS_SRC) > $@.src
	$(Q)scripts/kernel-enums.sh --names $(BPFOUT)/vmlinux.h > $@.btf
	$(Q)cmp -s $@.src $@.btf || { echo "cmabulk_kernel.h: the enums of $(KENUMS_SRC) differ from the built kernel's BTF:"; \
		diff $@.src $@.btf; exit 1; } >&2
	$(Q)touch $@

# The tracer's library: everything in loader/ but its main, which alone
# needs the BPF skeleton (hence the kernel build). --perfetto writes with
# protobuf-c, from the project's subset of Perfetto's .proto; the bench's
# timeline plot reads with the same code.
PB_GEN := $(ABUILD)/gen/perfetto_trace.pb-c
$(PB_GEN).c $(PB_GEN).h &: loader/perfetto_trace.proto
	@echo "  PROTOC  $@"
	$(Q)mkdir -p $(@D)
	$(Q)protoc-c --proto_path=loader --c_out=$(@D) perfetto_trace.proto
$(OBJ)/gen/perfetto_trace.pb-c.o: $(PB_GEN).c
	@echo "  CC      $@"
	$(Q)mkdir -p $(@D)
	$(Q)$(TARGET_CC) $(CFLAGS) $(ARCH_CFLAGS) -c $< -o $@
$(TRACE_LIB_OBJS) $(OBJ)/bench/report/timeline_plot.o: $(PB_GEN).h
$(OBJ)/loader/cmabulk-trace.o: $(BPFOUT)/cmabulk_trace.skel.h $(PB_GEN).h

# Small static helpers the guest tests use.
$(TESTBIN)/prog-stats: $(OBJ)/lib/progstats.o
$(TESTBIN)/%: tests/tools/%.c
	@echo "  LD      $@"
	$(Q)mkdir -p $(@D)
	$(Q)$(TARGET_CC) $(CFLAGS) $(ARCH_CFLAGS) $(LDSTATIC) -o $@ $^ $(LIBS)

# A sub-make, so that files the kernel step refreshed (vmlinux.h) are
# looked at again after it ran.
tools: kernel ## the three static tools (the tracer's BPF needs the kernel's BTF)
	$(Q)$(MAKE) $(TOOL_BINS)

# The same tools for an arm64 device: static, cross-compiled, with BPF
# built against the arm64 kernel's vmlinux.h (build/arm64/bin).
tools-arm64: ## the same tools for an arm64 device (build/arm64/bin)
	$(Q)$(MAKE) ARCH=arm64 tools

# --- tests ---------------------------------------------------------------
# Every unit test links the rooms' libraries (a static archive gives only
# what the test uses); none needs a kernel.
UNIT_LIBS := $(LIBBENCH) $(LIBLOAD) $(LIBTRACE) $(LIBCMABULK)
$(BUILD)/tests/%: tests/unit/%.c $(UNIT_LIBS)
	@echo "  CC      $@"
	$(Q)mkdir -p $(@D)
	$(Q)$(TARGET_CC) $(CFLAGS) -o $@ $< $(UNIT_LIBS) -lbpf -lelf -ljson-c -lprotobuf-c -lz -lzstd -lpthread -lm

# The layout decisions on several kernels' tracepoints, as BTF: made as a
# kernel's is, by pahole from DWARF (a BPF target allows 5 parameters).
LAYOUT_BTF := $(patsubst tests/unit/btf/%.c,$(BUILD)/tests/btf/%.o,$(wildcard tests/unit/btf/*.c))
$(BUILD)/tests/btf/%.o: tests/unit/btf/%.c
	@echo "  BTF     $@"
	$(Q)mkdir -p $(@D)
	$(Q)$(CLANG) -g -O0 -c $< -o $@ && pahole -J $@
$(BUILD)/tests/test_tp_layout: | $(LAYOUT_BTF)

TEST_TOOLS := $(TESTBIN)/bpf-progs $(TESTBIN)/run-as-nobody $(TESTBIN)/debugfs-fuzz $(TESTBIN)/fail-nth \
	      $(TESTBIN)/prog-stats

# The trials table's schema, from bench/core/trials.h, as cmabulk-bench prints
# it: build/trials-schema.json for tests/host/bench_check.py, and
# docs/trials-table.md (committed; test_trials fails when it differs).
$(BUILD)/trials-schema.json: $(BIN)/cmabulk-bench
	$(Q)$< columns >$@.tmp && mv $@.tmp $@

$(ROOT)/docs/trials-table.md: $(BIN)/cmabulk-bench
	$(Q)$< columns --markdown >$@.tmp && mv $@.tmp $@

# The same for summary.json, from bench/core/summary_schema.h.
$(BUILD)/summary-schema.json: $(BIN)/cmabulk-bench
	$(Q)$< columns --summary >$@.tmp && mv $@.tmp $@

$(ROOT)/docs/formats/summary.md: $(BIN)/cmabulk-bench
	$(Q)$< columns --summary --markdown >$@.tmp && mv $@.tmp $@


# --- fuzzing: libFuzzer targets (clang, ASan, UBSan), host x86_64 only ----
# Everything the parsers use, built again with the sanitizers into
# build/fuzz/, and one binary per tests/fuzz/fuzz_*.c. make fuzz runs each
# FUZZ_SECONDS (default 600); make test runs them 60 s each.
FUZZ       := $(BUILD)/fuzz
FUZZ_CFLAGS := $(filter-out -O2,$(CFLAGS)) -O1 -fno-omit-frame-pointer \
	      -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=undefined
FUZZ_SRCS  := $(LIB_SRCS) $(LOAD_SRCS) $(BENCH_SRCS) $(filter-out bench/cmabulk-bench.c,$(BENCH_CLI_SRCS)) \
	      $(TRACE_SRCS) tests/fuzz/fuzz.c
FUZZ_OBJS  := $(patsubst %.c,$(FUZZ)/obj/%.o,$(FUZZ_SRCS))
FUZZ_LIB   := $(FUZZ)/libfuzz-cmabulk.a
FUZZ_BINS  := $(patsubst tests/fuzz/%.c,$(FUZZ)/%,$(filter-out tests/fuzz/fuzz.c,$(wildcard tests/fuzz/fuzz_*.c)))
FUZZ_SECONDS ?= 600

$(FUZZ)/obj/%.o: %.c | $(PB_GEN).h
	@echo "  FUZZCC  $@"
	$(Q)mkdir -p $(@D)
	$(Q)$(CLANG) $(FUZZ_CFLAGS) -MMD -MP -c $< -o $@

$(FUZZ_LIB): $(FUZZ_OBJS)
	$(Q)rm -f $@ && ar rcs $@ $^

$(FUZZ)/fuzz_%: tests/fuzz/fuzz_%.c $(FUZZ_LIB) $(OBJ)/gen/perfetto_trace.pb-c.o
	@echo "  FUZZ    $@"
	$(Q)$(CLANG) $(FUZZ_CFLAGS) -fsanitize=fuzzer -MMD -MP -o $@ $< $(FUZZ_LIB) $(OBJ)/gen/perfetto_trace.pb-c.o $(LIBS)

fuzz-bins: $(FUZZ_BINS)

fuzz: fuzz-bins ## the libFuzzer targets, FUZZ_SECONDS=600 each, random seeds
	$(Q)tests/fuzz/run.sh $(FUZZ_SECONDS)

-include $(FUZZ_OBJS:.o=.d) $(FUZZ_BINS:=.d)

# The soak: SOAK_CYCLES (default 1000) allocate/release cycles in the guest
# under fill, churn and moving pins, checked against the kernel's counters,
# then the kernel log. DEBUG=1 boots the KASAN/lockdep kernel (the point).
SOAK_CYCLES ?= 1000
soak: all ## SOAK_CYCLES=1000 allocate/release cycles under load, checked exactly (DEBUG=1: KASAN)
	$(Q)scripts/guest.sh "scripts/guest/soak.sh $(SOAK_CYCLES)"

# The stress: STRESS_MINUTES (default 10) of bulk callers at once, a
# debugfs cma_alloc() caller, kills mid-call, moving pins, churn and the
# tracer with --phases, checked exactly, then the kernel log. DEBUG=1 too.
STRESS_MINUTES ?= 10
stress: all ## STRESS_MINUTES=10 of callers at once, kills mid-call, checked exactly
	$(Q)scripts/guest.sh "scripts/guest/stress.sh $(STRESS_MINUTES)"

# The test tiers by cost (tests/run.sh: each host test's "# needs:" line).
unit: unit-bins ## the unit tests: no kernel, no kernel source (seconds)
	$(Q)tests/run.sh unit

unit-bins: $(UNIT_BINS) $(TEST_TOOLS) $(BUILD)/trials-schema.json $(BUILD)/summary-schema.json

check: unit-bins $(BIN)/cmabulk-bench $(BIN)/cmabulk-load ## unit + the host tests that need nothing (about a minute)
	$(Q)tests/run.sh quick

# --- the guest: one door for people, tests and the bench -----------------
# make expands every $ of a variable it pastes into a recipe, so CMD goes
# to the guest through the environment, as written: $(value CMD) is the
# text before expansion, and a simply expanded export is passed verbatim.
guest: export CMABULK_GUEST_CMD := $(value CMD)
guest: all ## CMD='...': run any command in the guest
	$(Q)scripts/guest.sh "$$CMABULK_GUEST_CMD"

# The two commands of the README install what is missing first (root), or
# name it in one line; then they build what is missing: every target that
# boots the guest starts with ready.
DEPS_PROBE := scripts/deps.sh --probe
ready:
	$(Q)$(DEPS_PROBE)
	$(Q)$(MAKE) all

# What a guest of ARCH runs: kernel, initramfs, tools, the tests' helpers.
guest-bins: all $(TEST_TOOLS)

# What the host side of an arm64 run needs: cmabulk-bench renders the
# report and the checks read the trials schema (no x86 kernel needed).
HOST_BINS := $(BUILD)/bin/cmabulk-bench $(BUILD)/trials-schema.json $(BUILD)/summary-schema.json
host-bins:
	$(Q)$(MAKE) ARCH=x86_64 $(HOST_BINS)

# The benchmark: SCENARIO=pinned (default), any name in bench/scenarios, or all.
# Its first answer soonest: FAST against NORMAL, five trials each and more
# only while that verdict is unknown. BENCH_ARGS='...' replaces this;
# BENCH_ARGS= runs every strategy at the scenario's own trials.
SCENARIO ?= pinned
RUN_ARGS_DEFAULT := -s normal,fast -n 5 --until-decided --max-trials 20
run: export BENCH_ARGS := $(if $(filter undefined,$(origin BENCH_ARGS)),$(RUN_ARGS_DEFAULT),$(BENCH_ARGS))
run: ready ## boot the guest, run SCENARIO (pinned: FAST vs NORMAL until decided), report it
ifneq ($(ARCH),x86_64)
	$(Q)$(MAKE) host-bins
endif
	$(Q)scripts/bench.sh $(SCENARIO)

# What the tracers cost a bulk call, bpftrace's equivalent among them, side
# by side in one boot (cmabulk-bench overhead --help); OVERHEAD_ARGS adds
# options, e.g. OVERHEAD_ARGS='--rounds 20 --mode normal'.
overhead: ready ## what the tracers cost a bulk call, bpftrace beside them, one icount boot
	$(Q)OVERHEAD_ARGS='$(OVERHEAD_ARGS)' scripts/bench.sh --overhead

# A sweep of one scenario key: make sweep SCENARIO=pinned SWEEP=pin_fraction=0,0.02,0.05
# (one boot), or the guest's CPUs: make sweep SCENARIO=tight GUEST_SMP=1,2,4,8
# (one boot per value). Results in results/<date>-sweep-<scenario>-<key>/sweep.md.
sweep: ready ## SWEEP=KEY=V1,V2,... or GUEST_SMP=1,2,4: one scenario over one key, sweep.md
	$(Q)if [ -n "$(SWEEP)" ]; then sweep='$(SWEEP)'; \
	elif echo "$(GUEST_SMP)" | grep -q ,; then sweep=guest_smp=$(GUEST_SMP); \
	else echo "make sweep: give SWEEP=KEY=V1,V2,... or GUEST_SMP=1,2,4 (see cmabulk-bench sweep --help)" >&2; exit 2; fi; \
	GUEST_SMP= SWEEP=$$sweep scripts/bench.sh $(SCENARIO)

# --btf for real: the kernel built without BTF (build/nobtf: the series'
# config with CONFIG_DEBUG_INFO_BTF off, a kernel build of its own), its
# BTF made by pahole from its vmlinux, and t_trace_btf booted on it (make
# test does the same with the BTF hidden in a mount namespace).
NOBTF := $(BUILD)/nobtf
test-nobtf: guest-bins unit-bins ## the tracer on a kernel built without BTF, --btf made by pahole (a kernel build)
	$(Q)mkdir -p $(NOBTF)
	$(Q)printf '# CONFIG_DEBUG_INFO_BTF is not set\n# CONFIG_DEBUG_INFO_BTF_MODULES is not set\n' >$(NOBTF)/nobtf.config
	$(Q)KOUT=$(NOBTF)/kernel ARCH=x86_64 \
		KCONFIG_FRAGMENTS="$(ROOT)/kernel-patch/cmabulk.config $(ROOT)/kernel-patch/x86_64.config $(NOBTF)/nobtf.config" \
		scripts/kernel.sh build
	$(Q)pahole --btf_encode_detached=$(NOBTF)/vmlinux.btf $(NOBTF)/kernel/vmlinux
	$(Q)GUEST_KOUT=$(NOBTF)/kernel scripts/guest.sh 'CMABULK_BTF=build/nobtf/vmlinux.btf tests/guest/t_trace_btf.sh'

# Two kernels, one scenario, the gate (scripts/ab.sh: what A and B may be).
ab: ## A=... B=... (series folder, revision or tree): two kernels, A B B A, the gate
	$(Q)[ -n "$(A)" ] && [ -n "$(B)" ] || { echo "make ab: give A=... and B=... (a series folder, a revision, or a source tree; see scripts/ab.sh)" >&2; exit 2; }
	$(Q)$(MAKE) ready
	$(Q)AB_ARGS='$(AB_ARGS)' scripts/ab.sh '$(A)' '$(B)' '$(SCENARIO)'

# Which commit made it slower: git bisect run with make ab's gate per step.
bisect: ## GOOD=... BAD=... SCENARIO=...: the first commit make ab calls a regression (scripts/bisect.sh)
	$(Q)[ -n "$(GOOD)" ] && [ -n "$(BAD)" ] || { echo "make bisect: give GOOD=... and BAD=... (revisions of this repository's series, or of BISECT_KTREE; see scripts/bisect.sh)" >&2; exit 2; }
	$(Q)$(MAKE) ready
	$(Q)AB_ARGS='$(AB_ARGS)' scripts/bisect.sh '$(GOOD)' '$(BAD)' '$(SCENARIO)'

# The farm's LAVA job, run here by the real dispatcher; the bundle for a lab.
farm: ready ## the LAVA job of farm/ through lava-run here (FARM_SCENARIO, FARM_MODE=trace)
	$(Q)ARCH=$(ARCH) scripts/farm.sh run

farm-bundle: tools ## the test definition with the static tools, for a lab
	$(Q)ARCH=$(ARCH) scripts/farm.sh bundle

# A LAVA server on this machine, started by our script (no systemd here):
# the farm's jobs submitted to it, the cases read from its API.
farm-server: ## a LAVA server here (PostgreSQL, lava-server, scheduler, a worker, QEMU devices; 127.0.0.1 only)
	$(Q)scripts/farm-server.sh up

farm-server-down: ## stops all that make farm-server started
	$(Q)scripts/farm-server.sh down

farm-server-status: ## the LAVA server's services and devices
	$(Q)scripts/farm-server.sh status

farm-server-submit: ready ## the farm's LAVA job through that server (lavacli; the cases from its REST API)
	$(Q)ARCH=$(ARCH) scripts/farm-server.sh submit

# What the guest has: kernel, CMA area, tracepoints, BTF, tools.
info: all ## what the guest kernel has: CMA area, events, BTF, tools
	$(Q)scripts/guest.sh 'scripts/guest/info.sh'

# make test: everything, x86_64 first, then the arm64 section (its own
# kernel build, one at a time). make ARCH=arm64 test: the arm64 section.
ifeq ($(ARCH),x86_64)
test: ## everything: unit, host, guest, then the arm64 section's short form (see docs/testing.md)
	$(Q)$(DEPS_PROBE)
	$(Q)$(MAKE) all
	$(Q)$(MAKE) unit-bins
	$(Q)$(MAKE) ARCH=arm64 guest-bins
	$(Q)tests/run.sh
else
test:
	$(Q)$(DEPS_PROBE)
	$(Q)$(MAKE) guest-bins
	$(Q)$(MAKE) host-bins
	$(Q)ARM64_FULL=1 tests/run.sh $(ARCH)
endif

clean: ## the tools and tests built, not the kernels
	rm -rf $(BUILD)/obj $(BUILD)/bin $(BUILD)/bpf/*.o $(BUILD)/bpf/*.skel.h $(BUILD)/tests $(BUILD)/guest \
		$(BUILD)/arm64/obj $(BUILD)/arm64/bin $(BUILD)/arm64/bpf/*.o $(BUILD)/arm64/bpf/*.skel.h \
		$(BUILD)/arm64/tests $(BUILD)/arm64/guest

distclean: ## everything under build/
	rm -rf $(BUILD)

-include $(shell find $(OBJ) -name '*.d' 2>/dev/null)
