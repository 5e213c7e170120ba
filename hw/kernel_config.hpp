// What the running kernel was built with, as far as the model needs it:
// which RCU read side its rcu_read_lock() is (CONFIG_PREEMPT_RCU,
// CONFIG_PREEMPT_COUNT) and its preemption model. The memb flavour of the
// model applies to a kernel with preemptible RCU; without it, pcount to one
// that counts preemption (every x86 kernel from v7.0), qsbr to one that
// does not.
#pragma once
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace pgmap::hw {

// The model's flavour for a kernel's rcu_read_lock(): memb with preemptible
// RCU; without it, pcount when the kernel counts preemption, else qsbr.
std::string model_flavour(bool preempt_rcu, bool preempt_count);

// The running kernel's configuration files, in the order to try:
// /boot/config-<release> (when release is known), then /proc/config.gz.
std::vector<std::string> kernel_config_paths(const std::string& release);

// From the first of `paths` that reads as a kernel configuration (plain
// text or gzip):
//   {"preempt_rcu": bool, "preempt_count": bool,
//    "preemption": "none|voluntary|full|lazy|rt", "preempt_dynamic": bool,
//    "model_flavour": "memb|pcount|qsbr", "source": path}
// ("preemption" may itself be "unavailable: <why>"); when none does, the
// string "unavailable: <why for each path>".
nlohmann::json kernel_rcu(const std::vector<std::string>& paths);

}  // namespace pgmap::hw
