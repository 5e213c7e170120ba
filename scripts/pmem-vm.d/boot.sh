# shellcheck shell=bash
# Boots the pmem guest once under qemu (sourced by scripts/pmem-vm).
# Software emulation (TCG): KVM does not serve on these machines.

# Set by the caller: kernel (version), initramfs (cpio path), guest_dir (the
# backing files go there), source_dir, build_dir, boot_timeout (seconds),
# kmod_ko (the built kernel module) or kmod_skip (why there is none).

qemu_pid=
# stop_qemu: ends the guest of an interrupted run (the trap calls it).
stop_qemu() {
  if [ -n "$qemu_pid" ] && kill -0 "$qemu_pid" 2>/dev/null; then
    kill "$qemu_pid" 2>/dev/null || true  # timeout passes it on to qemu
    wait "$qemu_pid" 2>/dev/null || true
  fi
  qemu_pid=
}

# add_nvdimm DIR INDEX: one emulated NVDIMM on a fresh backing file. 1 GiB +
# 2 MiB: with 1 GiB exactly, the label area leaves a misaligned region.
add_nvdimm() {
  local file=$1/nvdimm$2.img
  rm -f "$file"
  truncate -s 1026M "$file"
  mode_qemu+=(-object "memory-backend-file,id=mem$2,share=on,mem-path=$file,size=1026M,align=2M"
              -device "nvdimm,id=nv$2,memdev=mem$2,label-size=128K")
}

# set_mode DIR MODE: the machine and memory of a mode in mode_qemu (qemu
# arguments) and its kernel parameters in mode_append.
set_mode() {
  mode_qemu=() mode_append= mode_kmod_range=
  case "$2" in
    adr|eadr)
      local persistence=
      # eADR: the CPU caches are in the persistence domain (byte granularity).
      [ "$2" = eadr ] && persistence=,nvdimm-persistence=cpu
      mode_qemu=(-machine "pc,nvdimm=on$persistence" -m 1G,slots=4,maxmem=8G)
      add_nvdimm "$1" 0
      add_nvdimm "$1" 1 ;;
    memmap)
      # Two reserved ranges of guest RAM (RAM above 4 GiB starts at 4 GiB
      # with -m 6G), one region each: fsdax and devdax; and a third range
      # that no driver claims (memmap=SIZE$START: "Reserved" in /proc/iomem)
      # for the kernel module's own pgmap.
      mode_qemu=(-machine pc -m 6G)
      mode_append='memmap=1G!4G memmap=1G!6G memmap=1G$5G'
      mode_kmod_range=0x140000000+0x40000000 ;;
  esac
}

# boot_guest RUN MODE FS: boots with RUN shared as `out` (it holds `cmd`),
# waits for the guest to power off. Returns 0 when the guest wrote a status.
boot_guest() {
  local run=$1 mode=$2 fs=$3
  set_mode "$guest_dir" "$mode"
  printf 'PGMAP_VM_MODE=%s\nPGMAP_VM_FS=%s\nPGMAP_BINARY_DIR=%s\n' "$mode" "$fs" "$build_dir" >"$run/config"
  rm -f "$run/status" "$run/output" "$run/setup.log" "$run/pmem.env" "$run/pgmap_kmod.ko"
  if [ -n "$mode_kmod_range" ]; then  # the kernel module's range, and the module or why not
    printf 'PGMAP_KMOD_RANGE=%s\n' "$mode_kmod_range" >>"$run/config"
    if [ -n "${kmod_ko:-}" ]; then cp "$kmod_ko" "$run/pgmap_kmod.ko"
    else printf "PGMAP_KMOD_SKIP='%s'\n" "${kmod_skip//\'/}" >>"$run/config"; fi
  fi
  timeout --kill-after=10 "$boot_timeout" qemu-system-x86_64 \
    -accel tcg,thread=multi -cpu max -smp 2 "${mode_qemu[@]}" \
    -nodefaults -no-user-config -display none -monitor none -no-reboot \
    -serial "file:$run/console.log" \
    -kernel "/boot/vmlinuz-$kernel" -initrd "$initramfs" \
    -append "console=ttyS0 quiet panic=-1 $mode_append" \
    -virtfs "local,path=$run,mount_tag=out,security_model=none,id=out" \
    -virtfs "local,path=$source_dir,mount_tag=src,security_model=none,readonly=on,id=src" \
    </dev/null >"$run/qemu.log" 2>&1 &
  qemu_pid=$!
  local rc=0
  wait "$qemu_pid" || rc=$?
  qemu_pid=
  [ "$rc" -eq 124 ] && echo "pmem-vm: the guest ran out of time (--timeout $boot_timeout)" >&2
  [ -s "$run/status" ]
}
