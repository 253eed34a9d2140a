#pragma once

#include <cstdint>
#include <string>

namespace ams::identity {

// An agency (instansi / perangkat daerah) that applicants belong to and
// operators may be limited to.
struct Agency {
  int64_t id = 0;
  std::string code;  // short, unique, e.g. "DISKOMINFO"
  std::string name;  // e.g. "Dinas Komunikasi dan Informatika"
};

}  // namespace ams::identity
