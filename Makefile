# cmabulk: build the patched 6.12 guest kernel, the BPF programs and the
# static user-space tools, boot the guest, run the job, run the tests.
#
#   make deps    install the Debian packages this needs (apt-get)
#   make run     build what is missing, boot the guest, run the benchmark
#                (SCENARIO=pinned, any name in bench/scenarios, or all),
#                store it in results/ and report it
#   make sweep   the same over several values of one scenario key
#                (SWEEP=KEY=V1,V2,... or GUEST_SMP=1,2,4): sweep.md
#   make overhead what the tracers cost a bulk call, bpftrace beside them,
#                in one icount boot (OVERHEAD_ARGS=...): results/<date>-overhead
#   make ab      A=<series dir|revision|tree> B=... SCENARIO=quick: build both
#                kernels (one at a time), boot them in turn (A B B A), merge each
#                kernel's boots, print the gate (AB_ROUNDS, AB_ARGS, ACCEL=icount)
#   make farm    the LAVA job of farm/ through lava-run here (FARM_SCENARIO,
#                FARM_GATES, FARM_MODE=trace); make farm-bundle: the test
#                definition with the static tools, for a lab
#   make info    what the guest kernel has (CMA area, events, BTF, tools)
#   make test    host unit tests + build/boot tests + tests in the guest
#   make soak    SOAK_CYCLES=1000 allocate/release cycles under load in the
#                guest, checked exactly (DEBUG=1: KASAN, lockdep)
#   make stress  STRESS_MINUTES=10 of callers at once (two bulk, one
#                cma_alloc(), kills mid-call, the tracer), checked exactly
#   make fuzz    the libFuzzer targets, FUZZ_SECONDS=600 each
#   make guest CMD='...'   run any command in the guest
#
# ARCH=arm64 makes each of these the same on an arm64 guest: the kernel
# cross-built (build/arm64/kernel), BPF and static tools for arm64
# (build/arm64/bin, also what goes to an arm64 device), and QEMU's virt
# machine under TCG. make test runs an arm64 section of its own too.
#
# Knobs: KSRC=/path/to/linux-6.12, GUEST_MEM=2G, GUEST_CMA=384M,
# GUEST_SMP=2, ACCEL=auto|kvm|tcg, GUEST_TIMEOUT=1200, DEBUG=1, V=1;
# for make run: SCENARIO=pinned, BENCH_MEM=1G, RESULTS=results.

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
# that needs only lib/) and the bench driver (bench/, which uses both).
LOAD_SRCS  := $(filter-out bench/load/cmabulk-load.c,$(wildcard bench/load/*.c))
LOAD_OBJS  := $(patsubst %.c,$(OBJ)/%.o,$(LOAD_SRCS))
LIBLOAD    := $(OBJ)/libcmabulk-load.a
BENCH_SRCS := $(filter-out bench/cmabulk-bench.c,$(wildcard bench/*.c))
# ... and the reader of the run's timeline (bench/timeline_plot.c) unpacks
# it with the protobuf-c code the tracer writes it with.
BENCH_OBJS := $(patsubst %.c,$(OBJ)/%.o,$(BENCH_SRCS)) $(OBJ)/gen/perfetto_trace.pb-c.o
LIBBENCH   := $(OBJ)/libcmabulk-bench.a

TOOLS      := cmabulk-trace cmabulk-load cmabulk-bench
TOOL_BINS  := $(addprefix $(BIN)/,$(TOOLS))

UNIT_SRCS  := $(wildcard tests/unit/test_*.c)
UNIT_BINS  := $(patsubst tests/unit/%.c,$(BUILD)/tests/%,$(UNIT_SRCS))
SERIES_FILES := kernel-patch/series $(wildcard kernel-patch/*.patch)

.PHONY: ab farm farm-bundle soak stress fuzz fuzz-bins info all deps kernel kernel-vanilla initramfs tools tools-arm64 unit unit-bins guest guest-bins host-bins run sweep overhead test clean distclean help
.DEFAULT_GOAL := all
.SECONDARY:

all: kernel tools initramfs

help:
	$(Q)sed -n '1,/^$$/p' Makefile | sed 's/^# \{0,1\}//'

deps:
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

kernel-vanilla:
	$(Q)mkdir -p $(BUILD)/vanilla && : >$(BUILD)/vanilla/series
	$(Q)grep -v CMA_BULK kernel-patch/cmabulk.config >$(BUILD)/vanilla/vanilla.config.tmp
	$(Q)cmp -s $(BUILD)/vanilla/vanilla.config.tmp $(BUILD)/vanilla/vanilla.config || \
		mv $(BUILD)/vanilla/vanilla.config.tmp $(BUILD)/vanilla/vanilla.config
	$(Q)$(VANILLA_ENV) ARCH=x86_64 scripts/kernel.sh build

# The kernel script is incremental and answers in well under a second when
# nothing changed, so it is always consulted.
kernel:
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

$(LIBCMABULK): $(LIB_OBJS)
	$(Q)rm -f $@ && ar rcs $@ $^

$(LIBLOAD): $(LOAD_OBJS)
	$(Q)rm -f $@ && ar rcs $@ $^

$(LIBBENCH): $(BENCH_OBJS)
	$(Q)rm -f $@ && ar rcs $@ $^

$(BIN)/cmabulk-load: $(OBJ)/bench/load/cmabulk-load.o $(LIBLOAD) $(LIBCMABULK)
$(BIN)/cmabulk-bench: $(OBJ)/bench/cmabulk-bench.o $(LIBBENCH) $(LIBLOAD) $(LIBCMABULK)
$(BIN)/cmabulk-load $(BIN)/cmabulk-bench:
	@echo "  LD      $@"
	$(Q)mkdir -p $(@D)
	$(Q)$(TARGET_CC) $(LDSTATIC) -o $@ $^ $(LIBS)

# The series' enums for user space, from the patched tree's own header:
# the patch step only (seconds), no kernel build, so make unit has them.
KENUMS_SRC := $(BUILD)/linux/include/linux/gfp.h
$(BPFOUT)/cmabulk_kernel.h: scripts/kernel-enums.sh $(SERIES_FILES)
	$(Q)KOUT=$(KOUT) scripts/kernel.sh patch
	$(Q)mkdir -p $(@D)
	$(Q)scripts/kernel-enums.sh $(KENUMS_SRC) > $@.tmp && mv $@.tmp $@

# ... and they must be the enums of the kernel the BPF side is built for.
$(BPFOUT)/cmabulk_kernel.checked: $(BPFOUT)/cmabulk_kernel.h $(BPFOUT)/vmlinux.h
	$(Q)scripts/kernel-enums.sh --names $(KENUMS_SRC) > $@.src
	$(Q)scripts/kernel-enums.sh --names $(BPFOUT)/vmlinux.h > $@.btf
	$(Q)cmp -s $@.src $@.btf || { echo "cmabulk_kernel.h: the enums of $(KENUMS_SRC) differ from the built kernel's BTF:"; \
		diff $@.src $@.btf; exit 1; } >&2
	$(Q)touch $@

# The loader's library half (snapshot, names) needs only the enums; the
# main and the feature probe need the skeleton, hence the kernel build.
TRACE_LIB_OBJS := $(addprefix $(OBJ)/loader/,kernel_names.o snapshot.o tp_layout.o)
# --perfetto: the trace writer (protobuf-c, from the project's subset of
# Perfetto's .proto) and the timeline it writes; needs only the enums.
PB_GEN := $(ABUILD)/gen/perfetto_trace.pb-c
PFTRACE_OBJS := $(addprefix $(OBJ)/loader/,pftrace.o timeline.o culprits.o) $(OBJ)/gen/perfetto_trace.pb-c.o
$(PB_GEN).c $(PB_GEN).h &: loader/perfetto_trace.proto
	@echo "  PROTOC  $@"
	$(Q)mkdir -p $(@D)
	$(Q)protoc-c --proto_path=loader --c_out=$(@D) perfetto_trace.proto
$(OBJ)/gen/perfetto_trace.pb-c.o: $(PB_GEN).c
	@echo "  CC      $@"
	$(Q)mkdir -p $(@D)
	$(Q)$(TARGET_CC) $(CFLAGS) $(ARCH_CFLAGS) -c $< -o $@
$(addprefix $(OBJ)/loader/,pftrace.o timeline.o culprits.o): $(PB_GEN).h $(BPFOUT)/cmabulk_kernel.h
$(OBJ)/bench/timeline_plot.o: $(PB_GEN).h

TRACE_OBJS := $(addprefix $(OBJ)/loader/,cmabulk-trace.o feature_probe.o) $(TRACE_LIB_OBJS) \
	      $(PFTRACE_OBJS)
$(TRACE_OBJS): $(BPFOUT)/cmabulk_kernel.h
$(filter-out $(TRACE_LIB_OBJS) $(PFTRACE_OBJS),$(TRACE_OBJS)): $(BPFOUT)/cmabulk_trace.skel.h $(PB_GEN).h

$(BIN)/cmabulk-trace: $(TRACE_OBJS) $(LIBCMABULK) | $(BPFOUT)/cmabulk_kernel.checked
	@echo "  LD      $@"
	$(Q)mkdir -p $(@D)
	$(Q)$(TARGET_CC) $(LDSTATIC) -o $@ $^ $(LIBS)

# Small static helpers the guest tests use.
$(TESTBIN)/prog-stats: $(OBJ)/lib/progstats.o
$(TESTBIN)/%: tests/tools/%.c
	@echo "  LD      $@"
	$(Q)mkdir -p $(@D)
	$(Q)$(TARGET_CC) $(CFLAGS) $(ARCH_CFLAGS) $(LDSTATIC) -o $@ $^ $(LIBS)

# A sub-make, so that files the kernel step refreshed (vmlinux.h) are
# looked at again after it ran.
tools: kernel
	$(Q)$(MAKE) $(TOOL_BINS)

# The same tools for an arm64 device: static, cross-compiled, with BPF
# built against the arm64 kernel's vmlinux.h (build/arm64/bin).
tools-arm64:
	$(Q)$(MAKE) ARCH=arm64 tools

# --- tests ---------------------------------------------------------------
$(BUILD)/tests/%: tests/unit/%.c $(LIBBENCH) $(LIBLOAD) $(LIBCMABULK)
	@echo "  CC      $@"
	$(Q)mkdir -p $(@D)
	$(Q)$(TARGET_CC) $(CFLAGS) -o $@ $^ -ljson-c -lprotobuf-c -lz -lpthread -lm

# The report writer is tested with synthetic snapshots, no kernel needed.
$(BUILD)/tests/test_snapshot: tests/unit/test_snapshot.c $(TRACE_LIB_OBJS) $(LIBCMABULK)
	@echo "  CC      $@"
	$(Q)mkdir -p $(@D)
	$(Q)$(TARGET_CC) $(CFLAGS) -o $@ $^ -lbpf -lelf -lz -lm

# The timeline from synthetic records, decoded by tests/unit/pftrace_check.py.
$(BUILD)/tests/test_timeline: tests/unit/test_timeline.c $(PFTRACE_OBJS) $(TRACE_LIB_OBJS) $(LIBCMABULK)
	@echo "  CC      $@"
	$(Q)mkdir -p $(@D)
	$(Q)$(TARGET_CC) $(CFLAGS) -o $@ $^ -lprotobuf-c -lbpf -lelf -lz -lm

# Culprit pages resolved against a constructed /proc.
$(BUILD)/tests/test_culprits: tests/unit/test_culprits.c $(OBJ)/loader/culprits.o $(LIBCMABULK)
	@echo "  CC      $@"
	$(Q)mkdir -p $(@D)
	$(Q)$(TARGET_CC) $(CFLAGS) -o $@ $^ -ljson-c -lm

# The layout decision on two kernels' tracepoint typedefs, as BTF.
LAYOUT_BTF := $(patsubst tests/unit/btf/%.c,$(BUILD)/tests/btf/%.o,$(wildcard tests/unit/btf/*.c))
$(BUILD)/tests/btf/%.o: tests/unit/btf/%.c
	@echo "  BTF     $@"
	$(Q)mkdir -p $(@D)
	$(Q)$(CLANG) -g -O2 -target bpf -c $< -o $@

$(BUILD)/tests/test_tp_layout: tests/unit/test_tp_layout.c $(OBJ)/loader/tp_layout.o | $(LAYOUT_BTF)
	@echo "  CC      $@"
	$(Q)mkdir -p $(@D)
	$(Q)$(TARGET_CC) $(CFLAGS) -o $@ $^ -lbpf -lelf -lz -lm

TEST_TOOLS := $(TESTBIN)/bpf-progs $(TESTBIN)/run-as-nobody $(TESTBIN)/debugfs-fuzz $(TESTBIN)/fail-nth \
	      $(TESTBIN)/prog-stats

# The trials table's schema, from bench/trials.h, as cmabulk-bench prints
# it: build/trials-schema.json for tests/host/bench_check.py, and
# docs/trials-table.md (committed; test_trials fails when it differs).
$(BUILD)/trials-schema.json: $(BIN)/cmabulk-bench
	$(Q)$< columns >$@.tmp && mv $@.tmp $@

$(ROOT)/docs/trials-table.md: $(BIN)/cmabulk-bench
	$(Q)$< columns --markdown >$@.tmp && mv $@.tmp $@


# --- fuzzing: libFuzzer targets (clang, ASan, UBSan), host x86_64 only ----
# Everything the parsers use, built again with the sanitizers into
# build/fuzz/, and one binary per tests/fuzz/fuzz_*.c. make fuzz runs each
# FUZZ_SECONDS (default 600); make test runs them 60 s each.
FUZZ       := $(BUILD)/fuzz
FUZZ_CFLAGS := $(filter-out -O2,$(CFLAGS)) -O1 -fno-omit-frame-pointer \
	      -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=undefined
FUZZ_SRCS  := $(LIB_SRCS) $(LOAD_SRCS) $(BENCH_SRCS) tests/fuzz/fuzz.c \
	      $(addprefix loader/,kernel_names.c snapshot.c tp_layout.c feature_probe.c timeline.c pftrace.c culprits.c)
FUZZ_OBJS  := $(patsubst %.c,$(FUZZ)/obj/%.o,$(FUZZ_SRCS))
FUZZ_LIB   := $(FUZZ)/libfuzz-cmabulk.a
FUZZ_BINS  := $(patsubst tests/fuzz/%.c,$(FUZZ)/%,$(filter-out tests/fuzz/fuzz.c,$(wildcard tests/fuzz/fuzz_*.c)))
FUZZ_SECONDS ?= 600

$(FUZZ)/obj/%.o: %.c | $(BPFOUT)/cmabulk_kernel.h $(BPFOUT)/cmabulk_trace.skel.h $(PB_GEN).h
	@echo "  FUZZCC  $@"
	$(Q)mkdir -p $(@D)
	$(Q)$(CLANG) $(FUZZ_CFLAGS) -MMD -MP -c $< -o $@

$(FUZZ_LIB): $(FUZZ_OBJS)
	$(Q)rm -f $@ && ar rcs $@ $^

$(FUZZ)/fuzz_%: tests/fuzz/fuzz_%.c $(FUZZ_LIB) $(OBJ)/gen/perfetto_trace.pb-c.o | $(BPFOUT)/cmabulk_trace.skel.h
	@echo "  FUZZ    $@"
	$(Q)$(CLANG) $(FUZZ_CFLAGS) -fsanitize=fuzzer -MMD -MP -o $@ $< $(FUZZ_LIB) $(OBJ)/gen/perfetto_trace.pb-c.o $(LIBS)

fuzz-bins: $(FUZZ_BINS)

fuzz: fuzz-bins
	$(Q)tests/fuzz/run.sh $(FUZZ_SECONDS)

-include $(FUZZ_OBJS:.o=.d) $(FUZZ_BINS:=.d)

# The soak: SOAK_CYCLES (default 1000) allocate/release cycles in the guest
# under fill, churn and moving pins, checked against the kernel's counters,
# then the kernel log. DEBUG=1 boots the KASAN/lockdep kernel (the point).
SOAK_CYCLES ?= 1000
soak: all
	$(Q)scripts/guest.sh "tests/guest/helpers/soak.sh $(SOAK_CYCLES)"

# The stress: STRESS_MINUTES (default 10) of bulk callers at once, a
# debugfs cma_alloc() caller, kills mid-call, moving pins, churn and the
# tracer with --phases, checked exactly, then the kernel log. DEBUG=1 too.
STRESS_MINUTES ?= 10
stress: all
	$(Q)scripts/guest.sh "tests/guest/helpers/stress.sh $(STRESS_MINUTES)"

# The first test tier: no kernel build, well under a minute.
unit: unit-bins
	$(Q)tests/run.sh unit

unit-bins: $(UNIT_BINS) $(TEST_TOOLS) $(BUILD)/trials-schema.json

# --- the guest: one door for people, tests and the bench -----------------
# make expands every $ of a variable it pastes into a recipe, so CMD goes
# to the guest through the environment, as written: $(value CMD) is the
# text before expansion, and a simply expanded export is passed verbatim.
guest: export CMABULK_GUEST_CMD := $(value CMD)
guest: all
	$(Q)scripts/guest.sh "$$CMABULK_GUEST_CMD"

# The two commands of the README install what is missing first (root), or
# name it in one line; then they build what is missing.
DEPS_PROBE := scripts/deps.sh --probe

# What a guest of ARCH runs: kernel, initramfs, tools, the tests' helpers.
guest-bins: all $(TEST_TOOLS)

# What the host side of an arm64 run needs: cmabulk-bench renders the
# report and the checks read the trials schema (no x86 kernel needed).
HOST_BINS := $(BUILD)/bin/cmabulk-bench $(BUILD)/trials-schema.json
host-bins:
	$(Q)$(MAKE) ARCH=x86_64 $(HOST_BINS)

# The benchmark: SCENARIO=pinned (default), any name in bench/scenarios, or all.
SCENARIO ?= pinned
run:
	$(Q)$(DEPS_PROBE)
	$(Q)$(MAKE) all
ifneq ($(ARCH),x86_64)
	$(Q)$(MAKE) host-bins
endif
	$(Q)scripts/bench.sh $(SCENARIO)

# What the tracers cost a bulk call, bpftrace's equivalent among them, side
# by side in one boot (cmabulk-bench overhead --help); OVERHEAD_ARGS adds
# options, e.g. OVERHEAD_ARGS='--rounds 20 --mode normal'.
overhead:
	$(Q)$(DEPS_PROBE)
	$(Q)$(MAKE) all
	$(Q)OVERHEAD_ARGS='$(OVERHEAD_ARGS)' scripts/bench.sh --overhead

# A sweep of one scenario key: make sweep SCENARIO=pinned SWEEP=pin_fraction=0,0.02,0.05
# (one boot), or the guest's CPUs: make sweep SCENARIO=tight GUEST_SMP=1,2,4,8
# (one boot per value). Results in results/<date>-sweep-<scenario>-<key>/sweep.md.
sweep:
	$(Q)$(DEPS_PROBE)
	$(Q)$(MAKE) all
	$(Q)if [ -n "$(SWEEP)" ]; then sweep='$(SWEEP)'; \
	elif echo "$(GUEST_SMP)" | grep -q ,; then sweep=guest_smp=$(GUEST_SMP); \
	else echo "make sweep: give SWEEP=KEY=V1,V2,... or GUEST_SMP=1,2,4 (see cmabulk-bench sweep --help)" >&2; exit 2; fi; \
	GUEST_SMP= SWEEP=$$sweep scripts/bench.sh $(SCENARIO)

# Two kernels, one scenario, the gate (scripts/ab.sh: what A and B may be).
ab:
	$(Q)[ -n "$(A)" ] && [ -n "$(B)" ] || { echo "make ab: give A=... and B=... (a series folder, a revision, or a source tree; see scripts/ab.sh)" >&2; exit 2; }
	$(Q)$(DEPS_PROBE)
	$(Q)$(MAKE) all
	$(Q)AB_ARGS='$(AB_ARGS)' scripts/ab.sh '$(A)' '$(B)' '$(SCENARIO)'

# The farm's LAVA job, run here by the real dispatcher; the bundle for a lab.
farm:
	$(Q)$(DEPS_PROBE)
	$(Q)$(MAKE) all
	$(Q)ARCH=$(ARCH) scripts/farm.sh run

farm-bundle: tools
	$(Q)ARCH=$(ARCH) scripts/farm.sh bundle

# What the guest has: kernel, CMA area, tracepoints, BTF, tools.
info: all
	$(Q)scripts/guest.sh 'scripts/guest/info.sh'

# make test: everything, x86_64 first, then the arm64 section (its own
# kernel build, one at a time). make ARCH=arm64 test: the arm64 section.
ifeq ($(ARCH),x86_64)
test:
	$(Q)$(DEPS_PROBE)
	$(Q)$(MAKE) all kernel-vanilla
	$(Q)$(MAKE) unit-bins
	$(Q)$(MAKE) ARCH=arm64 guest-bins
	$(Q)tests/run.sh
else
test:
	$(Q)$(DEPS_PROBE)
	$(Q)$(MAKE) guest-bins
	$(Q)$(MAKE) host-bins
	$(Q)tests/run.sh $(ARCH)
endif

clean:
	rm -rf $(BUILD)/obj $(BUILD)/bin $(BUILD)/bpf/*.o $(BUILD)/bpf/*.skel.h $(BUILD)/tests $(BUILD)/guest \
		$(BUILD)/arm64/obj $(BUILD)/arm64/bin $(BUILD)/arm64/bpf/*.o $(BUILD)/arm64/bpf/*.skel.h \
		$(BUILD)/arm64/tests $(BUILD)/arm64/guest

distclean:
	rm -rf $(BUILD)

-include $(shell find $(OBJ) -name '*.d' 2>/dev/null)
