# shellcheck shell=bash
# Builds the guest's initramfs (sourced by scripts/pmem-vm): busybox, the
# kernel modules for NVDIMMs, DAX, ext4, xfs and 9p, the pmem tools, jq and the
# given binaries, each with the libraries ldd lists, at their host paths.

# Modules the guest loads, in order (busybox modprobe ignores soft
# dependencies, so crc32c_generic comes before xfs).
guest_modules=(libnvdimm nfit nd_pmem nd_btt nd_e820 dax_pmem device_dax
  crc32c_generic ext4 xfs loop virtio_pci 9pnet_virtio 9p)

# newest_kernel: prints the version of the newest /boot/vmlinuz-* that has its
# modules installed, or nothing.
newest_kernel() {
  local k v best=
  for k in /boot/vmlinuz-*; do
    [ -r "$k" ] || continue
    v=${k#/boot/vmlinuz-}
    [ -d "/lib/modules/$v" ] && best+="$v"$'\n'
  done
  printf '%s' "$best" | sort -V | tail -n 1
}

# copy_into ROOT FILE: copies FILE to the same path under ROOT (dereferenced).
copy_into() {
  [ -e "$1$2" ] || cp -L --parents "$2" "$1/"
}

# copy_libs ROOT FILE: every library ldd lists for FILE (none if static).
copy_libs() {
  local lib
  # ldd lines: "name => /path (addr)" or "/path (addr)".
  for lib in $(ldd "$2" 2>/dev/null | awk '{for (i = 1; i <= NF; i++) if ($i ~ /^\//) print $i}'); do
    copy_into "$1" "$lib"
  done
}

# copy_modules ROOT KVER: the guest modules and their dependencies, with the
# index files busybox modprobe needs.
copy_modules() {
  local root=$1 kver=$2 m
  # -C /dev/null: Debian's modprobe config hides libnvdimm behind an install rule.
  for m in $(modprobe -C /dev/null -S "$kver" --show-depends -a "${guest_modules[@]}" \
               | awk '$1 == "insmod" {print $2}' | sort -u); do
    copy_into "$root" "$m"
  done
  for m in modules.order modules.builtin modules.builtin.modinfo; do
    copy_into "$root" "/lib/modules/$kver/$m"
  done
  depmod -b "$root" "$kver"
  printf '%s\n' "${guest_modules[@]}" >"$root/etc/pgmap-vm/modules"
}

# build_initramfs OUT KVER HELPERS_DIR TOOLS_DIR BINARY...: writes the cpio
# archive OUT; TOOLS_DIR holds the helper programs (they go to /usr/local/bin),
# BINARY... are the project's binaries (stripped of debug info).
build_initramfs() {
  local out=$1 kver=$2 helpers=$3 tools=$4; shift 4
  local root d tool
  root=$out.root  # rebuilt from scratch each time
  rm -rf "$root"
  mkdir -p "$root"
  # Mirror the host's merged-/usr links (relative ones: an absolute link would
  # lead the copies out of ROOT) so that library paths resolve alike.
  for d in bin sbin lib lib64; do
    if [ -L "/$d" ] && [[ $(readlink "/$d") != /* ]]; then
      mkdir -p "$root/$(readlink "/$d")"
      ln -s "$(readlink "/$d")" "$root/$d"
    fi
  done
  mkdir -p "$root"/{bin,sbin,usr/bin,usr/sbin,usr/local/bin,proc,sys,dev,tmp,run,mnt,out,src,etc/pgmap-vm}
  cp "$(command -v busybox)" "$root/bin/busybox"
  ln -s busybox "$root/bin/sh"
  for tool in "$(command -v ndctl)" "$(command -v daxctl)" "$(command -v mkfs.ext4)" \
              "$(command -v mkfs.xfs)" "$(command -v jq)" /etc/mke2fs.conf; do
    copy_into "$root" "$tool"
    copy_libs "$root" "$tool"
  done
  for tool in "$tools"/*; do
    install -m 755 "$tool" "$root/usr/local/bin/"
    copy_libs "$root" "$tool"
  done
  for tool in "$@"; do  # the project's binaries, without their debug sections
    mkdir -p "$root$(dirname "$tool")"
    objcopy --strip-debug "$tool" "$root$tool"
    copy_libs "$root" "$tool"
  done
  copy_modules "$root" "$kver"
  install -m 755 "$helpers/init" "$root/init"
  install -m 755 "$helpers/pmem-setup.sh" "$helpers/suite.sh" "$helpers/kmod.sh" "$root/etc/pgmap-vm/"
  (cd "$root" && find . -print0 | cpio --null -o -H newc --quiet) >"$out"
  rm -rf "$root"
}
