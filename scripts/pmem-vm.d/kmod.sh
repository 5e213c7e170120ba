#!/bin/sh
# kmod.sh (in the guest, sourced by suite.sh in memmap mode): the in-kernel
# cross-check. Loads impl/kernel's module pgmap_kmod over the range the
# kernel reserved at boot (memmap=SIZE$START, PGMAP_KMOD_RANGE=START+SIZE),
# runs every tracker briefly through the driver pgmap-kmod, and checks the
# removal invariants in the kernel. The module and the reason it may be
# missing come from the host (/out/pgmap_kmod.ko, PGMAP_KMOD_SKIP).
# Uses suite.sh's check/result/need. Timings here are emulated, never host figures.
kmod=/out/pgmap_kmod.ko
driver=$bin/bench/kmod/pgmap-kmod
range=$PGMAP_KMOD_RANGE

if [ -n "${PGMAP_KMOD_SKIP:-}" ]; then
  echo "skipped: $mode: kernel module: $PGMAP_KMOD_SKIP"
elif need "pgmap-kmod" "$driver"; then
  kmod_t0=$(date +%s)
  mount -t debugfs debugfs /sys/kernel/debug 2>/dev/null
  dmesg -c >/dev/null  # the kernel-log check below reads what the module caused

  # refused LABEL PARAMS: insmod fails and the module says why in the log.
  kmod_refused() {
    local said
    if insmod "$kmod" $2; then rmmod pgmap_kmod; echo "accepted: $2"; return 1; fi
    said=$(dmesg | grep 'pgmap_kmod: ' | tail -n 1)
    echo "$said"
    echo "$said" | grep -q "$1"
  }
  check "kernel: pgmap_kmod refuses to load without a range" \
    kmod_refused "no range given" ""
  # 1 GiB: System RAM in every guest.
  check "kernel: pgmap_kmod refuses a range in System RAM" \
    kmod_refused "overlaps System RAM" "range_start=$((1 << 30)) range_size=$((64 << 20))"
  # 4 GiB: the pmem region of memmap=1G!4G, claimed by the nd_pmem namespace.
  check "kernel: pgmap_kmod refuses a range a driver has claimed" \
    kmod_refused "claimed by someone else" "range_start=$((4 << 30)) range_size=$((64 << 20))"

  kmod_run() {
    rm -rf /out/kmod
    "$driver" --module "$kmod" --range "$range" --out /out/kmod --emulated-guest --checks \
      --cpus 1,2 --loops 20000 --runs 6 --sweepers 2 --timeout-ms 10000 >/tmp/kmod.out 2>&1
    local rc=$?
    grep -vE '^(passed|FAILED): ' /tmp/kmod.out  # the checks follow, one line each
    return $rc
  }
  check "kernel: pgmap-kmod runs every tracker over $range and writes bench_kernel.json" kmod_run
  # Each of the module's own checks, as one line of the suite.
  grep -E '^(passed|FAILED): ' /tmp/kmod.out | while IFS= read -r line; do
    echo "${line%%: *}: $mode: kernel: ${line#*: }"
  done
  every_case() {  # every tracker has a hot-path case, every remover a removal case
    local t  # a pattern: percpu_ref and sweep carry the guest kernel's RCU flavour
    for t in none atomic 'percpu_ref-[a-z]+' 'sweep(-[a-z]+)?' bulk; do
      jq -e --arg t "$t" '[.benchmarks[].name | select(test("^hotpath/" + $t + "/"))] | length > 0' \
        /out/kmod/bench_kernel.json >/dev/null || { echo "no hotpath case for $t"; return 1; }
    done
    for t in atomic 'percpu_ref-[a-z]+' 'sweep(-[a-z]+)?' bulk; do
      jq -e --arg t "$t" '[.benchmarks[] | select(.name | test("^removal/" + $t + "/"))
                           | select(.error_occurred != true)] | length > 0' \
        /out/kmod/bench_kernel.json >/dev/null || { echo "no removal case for $t"; return 1; }
    done
    jq -r '.context | .kernel_version, .kernel_preemption, .kernel_cmdline, .pmem_kind' \
      /out/kmod/bench_kernel.json
    jq -e '.context.pmem_kind == "emulated (qemu TCG guest)"' /out/kmod/bench_kernel.json >/dev/null
  }
  check "kernel: the JSON has every tracker's cases, labelled emulated" every_case
  released_once() {  # the module's own count: each pgmap created was released once
    grep -h 'pgmap_kmod: --- end\|pgmap_kmod: unloaded' /tmp/kmod.dmesg
    grep -q 'unloaded: \([0-9]*\) pgmaps created, \1 released' /tmp/kmod.dmesg
  }
  unloaded_clean() {
    local claims
    [ ! -e /sys/module/pgmap_kmod ] || { echo "still loaded"; return 1; }
    # A count, not grep's status: a reader killed by a stale claim fails too.
    claims=$(grep -c pgmap_kmod /proc/iomem)
    [ "$claims" = 0 ] || { echo "/proc/iomem: claims left: '$claims'"; return 1; }
  }
  dmesg >/tmp/kmod.dmesg
  check "kernel: every pgmap was released exactly once" released_once
  check "kernel: pgmap_kmod unloaded, its range no longer claimed" unloaded_clean
  clean_log() {  # the whole log since the refusals, unload included
    dmesg >/tmp/kmod.dmesg
    ! grep -E 'WARNING|BUG|Oops|Call Trace|general protection' /tmp/kmod.dmesg
  }
  check "kernel: no WARNING, BUG or Oops in the kernel log" clean_log
  echo "pmem-vm: the kernel module's checks took $(($(date +%s) - kmod_t0)) s in the guest"
fi
