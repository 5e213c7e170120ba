// Which mounted file system a path lives on, from /proc/self/mounts: lets the
// pmem mapping refuse a non-DAX or non-tmpfs directory before it creates
// anything there.
#pragma once
#include <optional>
#include <string>
#include <string_view>

namespace pgmap::hw {

// What the mount options say about DAX (ext4 and xfs: "dax", "dax=always",
// "dax=inode", "dax=never"). per_inode: files are DAX only when flagged, so
// only the mapping can tell.
enum class dax_mount { never, always, per_inode };

struct mount_entry {
  std::string point, fstype, options;
  dax_mount dax() const;
};

// The mount holding `path` (made absolute and resolved first), or nullopt when
// /proc/self/mounts cannot be read or the path cannot be resolved.
std::optional<mount_entry> mount_of(const std::string& path);
// The same over a given mounts table (the format of /proc/mounts) for a path
// that is already absolute and resolved.
std::optional<mount_entry> mount_of(const std::string& resolved_path, std::string_view mounts_text);

}  // namespace pgmap::hw
