// What the running kernel was built with, as far as the model needs it:
// which RCU read side its rcu_read_lock() is (CONFIG_PREEMPT_RCU) and its
// preemption model. The qsbr flavour of the model applies to a kernel
// without preemptible RCU, the memb flavour to one with it.
#pragma once
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace pgmap::hw {

// The running kernel's configuration files, in the order to try:
// /boot/config-<release> (when release is known), then /proc/config.gz.
std::vector<std::string> kernel_config_paths(const std::string& release);

// From the first of `paths` that reads as a kernel configuration (plain
// text or gzip):
//   {"preempt_rcu": bool, "preemption": "none|voluntary|full|lazy|rt",
//    "preempt_dynamic": bool, "model_flavour": "memb|qsbr", "source": path}
// ("preemption" may itself be "unavailable: <why>"); when none does, the
// string "unavailable: <why for each path>".
nlohmann::json kernel_rcu(const std::vector<std::string>& paths);

}  // namespace pgmap::hw
