#pragma once

// Names the calling thread as `top -H`, `ps -L` and `perf` show it, so an
// operator can tell the committer from the HTTP workers. Linux keeps at
// most 15 bytes; longer names are cut.

#include <string_view>

namespace ams {

void NameThisThread(std::string_view name);

}  // namespace ams
