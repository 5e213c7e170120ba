// Points where a test can hold a thread to force one interleaving: built
// only with PGMAP_TEST_HOOKS (the concurrency tests that use them); every
// other build compiles nothing there, so the measured code is unchanged.
#pragma once

#ifdef PGMAP_TEST_HOOKS
namespace pgmap::test_hooks {
// Each is called, when set, on the thread that reaches its point.
// try_get_page: after the liveness check at 0->1, before the refcount is published.
inline thread_local void (*before_publish)() = nullptr;
// percpu_ref put in atomic mode: after the decrement, before deciding whether
// this put was the last.
inline thread_local void (*put_decremented)() = nullptr;
// percpu_ref put: per-CPU mode seen, before the add to the slot.
inline thread_local void (*put_percpu_seen)() = nullptr;
// cpu_ctx's shared fallback slot: read, before the compare-exchange that updates it.
inline thread_local void (*fallback_loaded)() = nullptr;
}  // namespace pgmap::test_hooks
#define PGMAP_TEST_POINT(name)                                           \
  do {                                                                   \
    if (::pgmap::test_hooks::name) ::pgmap::test_hooks::name();          \
  } while (0)
#else
#define PGMAP_TEST_POINT(name) \
  do {                         \
  } while (0)
#endif
