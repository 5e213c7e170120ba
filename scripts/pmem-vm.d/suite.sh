#!/bin/sh
# The guest suite of `scripts/pmem-vm test`, run once per mode inside the
# guest: one line per check, `passed: MODE: check` or `FAILED: MODE: check`,
# details indented below it; a project binary missing from the build is a
# failure (the suite exists to run them). Files worth keeping go to /out (the host's
# run folder). Timings here mean nothing: RAM under an instruction emulator.
mode=$PGMAP_VM_MODE
bin=$PGMAP_BINARY_DIR
devdax=$PGMAP_DEVDAX
fsdax=$PGMAP_FSDAX_DIR
# eADR puts the CPU caches in the persistence domain: stores persist as such.
if [ "$mode" = eadr ]; then granularity=byte; else granularity="cache line"; fi

indent() { sed 's/^/    /'; }
result() {  # result STATUS CHECK [DETAILS_FILE]
  echo "$1: $mode: $2"
  [ -n "${3:-}" ] && [ -s "$3" ] && indent <"$3"
  return 0
}
# check NAME COMMAND...: passed when COMMAND succeeds; its output as details,
# with the seconds it took (the suite's own cost, not a measurement).
check() {
  local name=$1 t0 status=FAILED; shift
  t0=$(date +%s)
  "$@" >/tmp/check.out 2>&1 && status=passed
  result "$status" "$name ($(($(date +%s) - t0)) s)" /tmp/check.out
}
# need NAME FILE: FILE is a built project binary, or NAME fails.
need() {
  [ -x "$2" ] && return 0
  result FAILED "$1: ${2#"$bin"/} not built"
  return 1
}

# --- the devices themselves, seen by the suite's own tools ------------------
mounted_dax() { grep " $fsdax " /proc/mounts | tee /dev/stderr | grep -q 'dax'; }
check "fsdax: $PGMAP_FSDAX_DEV on $fsdax ($PGMAP_VM_FS) is mounted with DAX" mounted_dax
listed_devdax() {
  daxctl list | jq -ce --arg d "${devdax#/dev/}" \
    'if type == "array" then .[] else . end | select(.chardev == $d)'
}
check "devdax: daxctl lists $devdax" listed_devdax
marker_kept() { dax-marker write "$devdax" "$1" && [ "$(dax-marker read "$devdax")" = "$1" ]; }
check "devdax: a marker written through mmap reads back (dax-marker)" marker_kept first-marker
probe_says() {  # probe_says PATH EXPECTED
  local got
  got=$(pmem2-probe "$1")
  echo "$got"
  [ "$got" = "$2" ]
}
truncate -s 4M "$fsdax/probe" /tmp/probe
check "libpmem2 on an fsdax file: $granularity, MAP_SYNC" \
  probe_says "$fsdax/probe" "granularity=$granularity map_sync=yes"
check "libpmem2 on $devdax: $granularity, MAP_SYNC" \
  probe_says "$devdax" "granularity=$granularity map_sync=yes"
check "libpmem2 on a tmpfs file: page, no MAP_SYNC (the control)" \
  probe_says /tmp/probe "granularity=page map_sync=no: Operation not supported"

mount_nodax() {  # a file system without DAX for the refusal checks
  truncate -s 32M /tmp/ext4.img && mkfs.ext4 -q -F /tmp/ext4.img &&
    mkdir -p /mnt/nodax && mount -o loop /tmp/ext4.img /mnt/nodax &&
    grep ' /mnt/nodax ' /proc/mounts
}
check "ext4 without DAX on a loop device at /mnt/nodax" mount_nodax

# --- pgmap-hwinfo: the report on real DAX and the refusals -------------------
hwinfo=$bin/hw/pgmap-hwinfo
report_ok() {  # report_ok JSON: real DAX, the mode's granularity, MAP_SYNC
  jq -c '.pmem' "$1"
  jq -e --arg g "$granularity" \
    '.pmem.real_dax == true and .pmem.granularity == $g and .pmem.map_sync == true' "$1" >/dev/null
}
hwinfo_report() {  # hwinfo_report NAME ARGS...: runs hwinfo --json, checks the report
  local name=$1; shift
  "$hwinfo" "$@" --json >"/out/hwinfo-$name.json" && report_ok "/out/hwinfo-$name.json"
}
refused() {  # refused COMMAND...: fails, with a message
  if "$@" >/tmp/refused.out 2>&1; then echo "accepted: $*"; return 1; fi
  cat /tmp/refused.out
  [ -s /tmp/refused.out ]
}
devdax_refused_untouched() {
  dax-marker write "$devdax" before-hwinfo || return 1
  refused "$hwinfo" --pmem "devdax:$devdax" --json || return 1
  [ "$(dax-marker read "$devdax")" = before-hwinfo ]
}
namespaces_recorded() {  # the machine record lists the devdax namespace
  jq -c '.pmem_namespaces' "$1"
  jq -e --arg d "${devdax#/dev/}" '[.pmem_namespaces | .. | strings] | index($d) != null' "$1" >/dev/null
}
if need "pgmap-hwinfo" "$hwinfo"; then
  check "pgmap-hwinfo on fsdax: real DAX, $granularity, MAP_SYNC" \
    hwinfo_report fsdax --pmem "fsdax:$fsdax"
  check "pgmap-hwinfo on $devdax --force: real DAX, $granularity, MAP_SYNC" \
    hwinfo_report devdax --pmem "devdax:$devdax" --force
  check "pgmap-hwinfo: the machine record carries the namespaces of ndctl list" \
    namespaces_recorded /out/hwinfo-devdax.json
  check "pgmap-hwinfo refuses $devdax without --force, device unchanged" devdax_refused_untouched
  check "pgmap-hwinfo refuses tmpfs as fsdax" refused "$hwinfo" --pmem fsdax:/tmp --json
  check "pgmap-hwinfo refuses ext4 without -o dax as fsdax" \
    refused "$hwinfo" --pmem fsdax:/mnt/nodax --json
fi

# --- the benchmarks: complete, and say where they ran ------------------------
bench_ran_on() {  # bench_ran_on BENCH KIND PMEM_SPEC MEMMAP CASE_OPTIONS...
  local b=$1 kind=$2 spec=$3 memmap=$4 out=/out/$1-$2-$4.json
  shift 4
  rm -f "$out"
  "$bin/bench/$b" --pmem "$spec" --force --memmap "$memmap" "$@" \
    --benchmark_out="$out" --benchmark_out_format=json >/tmp/bench.out 2>&1 \
    || { tail -n 20 /tmp/bench.out; return 1; }
  # Every case ran without error and says pmem=KIND in its label; those with
  # a memmap key in their name say MEMMAP; the record names the device.
  jq -r '.benchmarks[] | .name + (if .error_occurred then ": " + .error_message else "" end)' "$out"
  jq -c '.context.pgmap_machine | fromjson | .pmem' "$out"
  jq -e --arg k "pmem=$kind" --arg m "memmap:$memmap" --arg spec "$spec" --arg kind "$kind" '
    (.benchmarks | length > 0)
    and all(.benchmarks[]; .error_occurred != true)
    and all(.benchmarks[]; .label | split("; ") | index($k) != null)
    and ([.benchmarks[].name | select(contains("memmap:"))] | length > 0 and all(contains($m)))
    and (.context.pgmap_params | fromjson | .pmem == $spec)
    and (.context.pgmap_machine | fromjson | .pmem | .kind == $kind and .real_dax == true)' \
    "$out" >/dev/null
}
# A few small cases each: what matters is that the code paths run.
hotpath_cases="--trackers atomic,percpu_ref-qsbr --threads 2 --pages private --work none --benchmark_min_time=0.01"
removal_cases="--trackers bulk,sweep --capacity-gib 1 --in-use-pct 0,1 --sweepers 2 --iterations 1"
# Every pmem kind with every memmap placement in adr; in the other modes (the
# same code above the kernel) two of them, to keep the suite short.
if [ "$mode" = adr ]; then runs="devdax:device devdax:dram fsdax:device fsdax:dram"
else runs="devdax:device fsdax:dram"; fi
for b in bench_hotpath bench_removal; do
  need "$b" "$bin/bench/$b" || continue
  if [ "$b" = bench_hotpath ]; then cases=$hotpath_cases; else cases=$removal_cases; fi
  for run in $runs; do
    kind=${run%:*} memmap=${run#*:}
    if [ "$kind" = devdax ]; then spec=devdax:$devdax where=$devdax
    else spec=fsdax:$fsdax where=fsdax; fi
    check "$b on $where, memmap on $memmap" bench_ran_on "$b" "$kind" "$spec" "$memmap" $cases
  done
done

# --- the tests that read PGMAP_TEST_PMEM (the trackers' removal tests), with
# the memmap on the devdax mapping ------------------------------------------
pmem_tests=$(find "$bin" -type f -name '*_test' 2>/dev/null | xargs -r grep -l PGMAP_TEST_PMEM | sort)
[ -n "$pmem_tests" ] || result FAILED "tests on devdax: no test reading PGMAP_TEST_PMEM is built"
for t in $pmem_tests; do
  check "${t#"$bin"/} with PGMAP_TEST_PMEM=devdax:$devdax" \
    env PGMAP_TEST_PMEM="devdax:$devdax" "$t" --gtest_brief=1
done

umount /mnt/nodax 2>/dev/null

# --- pgmap-suite: the readiness check and the README's first run ------------
suite=$bin/bench/pgmap-suite
check_lists() {  # what --check says of these devices, planning a run on devdax; it writes nothing
  local before after said
  before=$(ls -A /tmp /out | md5sum)
  dax-marker write "$devdax" before-check || return 1
  said=$(cd /tmp && "$suite" --check --pmem "devdax:$devdax" --force --memmap device) || { echo "$said"; return 1; }
  after=$(ls -A /tmp /out | md5sum)
  echo "$said"
  [ "$before" = "$after" ] || { echo "--check wrote a file"; return 1; }
  [ "$(dax-marker read "$devdax")" = before-check ] || { echo "--check wrote on $devdax"; return 1; }
  says() { printf '%s\n' "$said" | grep -q "$1"; }
  says "^  pmem: .*: devdax $devdax, " && says "^  pmem: .*: fsdax $PGMAP_FSDAX_DEV, " &&
    says '^  profile full: .* processes, about ' &&
    says "removal at 64 GiB left out: .* more than the device's size of " || return 1
  # Planning needs no --force: nothing is mapped.
  (cd /tmp && "$suite" --check --pmem "devdax:$devdax" --memmap device >/dev/null) || return 1
  # The range the kernel command line reserved, while nothing claims it.
  if [ -n "${PGMAP_KMOD_RANGE:-}" ]; then
    says '^  kernel module range: reserved, unclaimed: 0x140000000+1 GiB (memmap=1G\$5G)'
  fi
}
first_run() {  # the README's quick run on devdax, two cases, one process each
  local out=/out/suite-$mode
  rm -rf "$out"
  (cd /tmp && "$suite" --pmem "devdax:$devdax" --force --memmap device --repetitions 1 --rounds 2 \
    --retries 0 --out "$out" \
    --filter '^(hotpath/atomic/pages:private/work:none/.*/sockets:1/.*threads:1|removal/sweep/capacity_gib:1/in_use_pct:0/sweepers:1/)') \
    >/tmp/suite.out 2>&1 || { tail -n 20 /tmp/suite.out; return 1; }
  sed -n '1,12p' "$out/report.txt"
  # Planned against the device (about 1 GiB), not the memory: 64 GiB's memmap is too large.
  grep "left out" /tmp/suite.out
  grep -q "removal at 64 GiB left out: .* more than the device's size of " /tmp/suite.out &&
    grep -q '^atomic ' "$out/report.txt" && grep -q '^sweep x1 ' "$out/report.txt" &&
    grep -q 'pmem: devdax' "$out/report.txt"
}
if need "pgmap-suite" "$suite" && need "pgmap-results" "$bin/results/pgmap-results"; then
  check "pgmap-suite --check lists $devdax and $PGMAP_FSDAX_DEV, plans a run on $devdax, writes nothing" check_lists
  [ "$mode" = adr ] && check "pgmap-suite on $devdax, memmap on device: a run and its report.txt" first_run
fi

# --- the in-kernel cross-check, where the kernel reserved a range for it ----
[ -n "${PGMAP_KMOD_RANGE:-}" ] && . /etc/pgmap-vm/kmod.sh
true
