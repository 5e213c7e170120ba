#pragma once
#include <span>

#include "impl/page.hpp"
#include "impl/pgmap_ref.hpp"
#include "impl/rcu.hpp"

namespace pgmap {

// The kernel's FS_DAX scheme today (mm/memremap.c pagemap_range): one pgmap
// reference per folio (per page at order 0) taken up front, none on the hot
// path; removal kills the ref, puts those references back and waits for the
// release. It knows nothing of real users: remove() can return while pages
// are still in use.
class bulk_tracker {
 public:
  using rcu = rcu_none;
  static constexpr const char* name = "bulk";
  static constexpr const char* summary =
      "one pgmap reference per folio taken at creation, none on the hot path (FS_DAX, GENERIC and "
      "P2PDMA pgmaps); does not know about real users";
  static constexpr tracker_traits traits{
      .name = name, .summary = summary, .rcu = rcu::name, .baseline = false, .knows_users = false,
      .refuses_dying = false, .removal_scans = false, .sweep_peer = "",
      .kernels = "v6.0- (FS_DAX, GENERIC and P2PDMA pgmaps)",
      .kernel_path = "FS_DAX, MEMORY_DEVICE_GENERIC and P2PDMA pgmaps, v6.0 to today: pagemap_range() "
      "percpu_ref_get_many (one per folio), memunmap_pages() kill + put_many + wait (mm/memremap.c); "
      "from v6.15 FS_DAX pages themselves take no pgmap reference"};

  // One reference per folio (pfn_len() >> the pgmap's vmemmap_shift), the
  // order read from the first head: a pgmap's folios share it.
  explicit bulk_tracker(std::span<page> pages)
      : pages_(pages), folios_(pages.empty() ? 0 : pages.size() >> folio_order(pages.front())) {
    cpu_ctx c = cpu_ctx::fallback();
    pgmap_.ref.get_many(c, folios_);
  }
  no_section first_section() { return {}; }
  void get_first(cpu_ctx&, unsigned long) {}
  bool tryget_first(cpu_ctx&, unsigned long) { return true; }
  void put_last(cpu_ctx&, unsigned long) {}
  bool live() const { return !pgmap_.ref.is_dying(); }
  bool refusing() const { return false; }  // the hot path never asks
  unsigned releases() const { return pgmap_.releases(); }

  remove_report remove(const remove_options& o) {
    return pgmap_.kill_and_wait(pages_, o, name, [this] {
      cpu_ctx c = cpu_ctx::fallback();
      pgmap_.ref.put_many(c, folios_);
    });
  }

 private:
  std::span<page> pages_;
  unsigned long folios_;
  pgmap_ref<rcu_qsbr> pgmap_;
};

}  // namespace pgmap
