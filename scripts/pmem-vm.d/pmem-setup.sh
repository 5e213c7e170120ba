#!/bin/sh
# pmem-setup.sh MODE FS ENV_FILE (in the guest): turns the first two pmem
# regions into an fsdax namespace, with FS mounted -o dax on /mnt/pmem, and a
# devdax namespace; writes their names to ENV_FILE (shell assignments).
# Device names come from `ndctl list`, never from assumptions.
set -eu
mode=$1 fs=$2 env_file=$3
mnt=/mnt/pmem

# each JSON_FIELD: the field of every object that ndctl prints (it prints a
# lone object without the surrounding array).
each() { jq -r "if type == \"array\" then .[] else . end | .$1"; }

regions=$(ndctl list -R | each dev | sort)
set -- $regions
[ $# -ge 2 ] || { echo "pmem-setup: expected 2 pmem regions, found: $regions"; exit 1; }
fsdax_region=$1 devdax_region=$2

if [ "$mode" = memmap ]; then
  # memmap= regions have no labels: each has one namespace to reconfigure,
  # and its struct pages must live in RAM (-M mem).
  ns() { ndctl list -N -r "$1" | each dev; }
  ndctl create-namespace -f -e "$(ns "$fsdax_region")" -m fsdax -M mem
  ndctl create-namespace -f -e "$(ns "$devdax_region")" -m devdax -M mem -a 2M
else
  # Fresh backing files have no labels: write them, then one namespace per
  # region with its struct pages on the device (-M dev).
  ndctl disable-region all
  ndctl init-labels -f all
  ndctl enable-region all
  ndctl create-namespace -r "$fsdax_region" -m fsdax -M dev
  ndctl create-namespace -r "$devdax_region" -m devdax -M dev -a 2M
fi

blockdev=/dev/$(ndctl list -N -r "$fsdax_region" | each blockdev)
chardev=/dev/$(ndctl list -N -r "$devdax_region" | each chardev)
[ -b "$blockdev" ] || { echo "pmem-setup: no fsdax block device ($blockdev)"; exit 1; }
[ -c "$chardev" ] || { echo "pmem-setup: no devdax device ($chardev)"; exit 1; }

case "$fs" in
  # mkfs.ext4, not mke2fs: busybox sh prefers its own mke2fs, which has no ext4.
  ext4) mkfs.ext4 -q -F "$blockdev" ;;
  xfs) mkfs.xfs -q -f -m reflink=0 "$blockdev" ;;  # DAX excludes reflink
esac
mkdir -p "$mnt"
mount -o dax "$blockdev" "$mnt"
grep " $mnt " /proc/mounts

cat >"$env_file" <<EOF
PGMAP_FSDAX_DIR=$mnt
PGMAP_FSDAX_DEV=$blockdev
PGMAP_DEVDAX=$chardev
EOF
ndctl list -RN
