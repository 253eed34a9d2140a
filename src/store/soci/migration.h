#pragma once

#include <string>
#include <vector>

namespace ams::store {

// One schema migration: src/store/<engine>/migrations/NNNN_name.sql, embedded
// at build time (cmake/embed_migrations.cmake).
struct Migration {
  int version;
  const char* name;
  const char* sql;
};

namespace sqlite {
const std::vector<Migration>& Migrations();
}
namespace postgres {
const std::vector<Migration>& Migrations();
}

}  // namespace ams::store
