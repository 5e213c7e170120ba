// The one way any tool writes a result file: through a temporary file in the
// same folder, flushed to disk and renamed over the target, so a reader (or a
// run that resumes after a crash) sees the old file or the new one, never half.
#pragma once
#include <string>

namespace pgmap {

// Throws pgmap::error naming `path` unless it is absent or a regular file. A
// device node, FIFO, socket or folder is never replaced, whatever --force
// says; a symbolic link is refused, not followed (it may lead anywhere).
void check_replaceable(const std::string& path);

// Throws pgmap::error naming the path on any failure, check_replaceable's
// included; the temporary is removed.
void write_atomically(const std::string& path, const std::string& content);

}  // namespace pgmap
