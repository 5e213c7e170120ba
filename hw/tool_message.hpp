// The words a counter tool used to say why it cannot count, picked from its
// log, for an "unavailable: <tool>: <words>" reason.
#pragma once
#include <string>
#include <string_view>

namespace pgmap::hw {

// The lines that report a failure (error, unsupported, denied, ...), each
// cut to a readable length and joined by " / "; else the last line; "" for
// an empty log. Banner and "Info" lines are left out.
std::string tool_message(std::string_view log);

}  // namespace pgmap::hw
