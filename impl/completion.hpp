// A one-shot event, like the kernel's struct completion: release() signals
// it, remove() waits for it with a deadline. It counts its signals, so that
// tests can tell a release that ran twice from one that ran once.
#pragma once
#include <chrono>
#include <condition_variable>
#include <mutex>

namespace pgmap {

class completion {
 public:
  void complete() {
    std::lock_guard g(m_);
    done_ = true;
    ++times_;
    cv_.notify_all();
  }
  template <class Clock, class Dur>
  bool wait_until(std::chrono::time_point<Clock, Dur> deadline) {
    std::unique_lock g(m_);
    return cv_.wait_until(g, deadline, [&] { return done_; });
  }
  bool done() {
    std::lock_guard g(m_);
    return done_;
  }
  unsigned times() const {
    std::lock_guard g(m_);
    return times_;
  }

 private:
  mutable std::mutex m_;
  std::condition_variable cv_;
  bool done_ = false;
  unsigned times_ = 0;
};

}  // namespace pgmap
