// Test helper: an aligned memmap in DRAM, owned by the test.
#pragma once
#include <cstdlib>
#include <memory>
#include <span>

#include "impl/page.hpp"

namespace pgmap::test {

class owned_memmap {
 public:
  explicit owned_memmap(std::size_t npages, unsigned order = 0)
      : mem_(static_cast<page*>(std::aligned_alloc(4096, (npages * sizeof(page) + 4095) / 4096 * 4096))) {
    pages_ = init_memmap(mem_.get(), npages * sizeof(page), this, order);
  }
  std::span<page> pages() const { return pages_; }
  page& operator[](std::size_t i) const { return pages_[i]; }

 private:
  struct freer {
    void operator()(page* p) const { std::free(p); }
  };
  std::unique_ptr<page, freer> mem_;
  std::span<page> pages_;
};

}  // namespace pgmap::test
