#include "auth/role.h"

#include <gtest/gtest.h>

namespace ams::auth {
namespace {

TEST(RoleTest, RoundTripsThroughStrings) {
  static const struct {
    Role role;
    const char* text;
    bool second_factor;
  } kCases[] = {
      {Role::kApplicant, "applicant", false},
      {Role::kOperator, "operator", true},
      {Role::kAdmin, "admin", true},
      {Role::kAuditor, "auditor", false},
  };
  for (const auto& c : kCases) {
    EXPECT_STREQ(ToString(c.role), c.text);
    Result<Role> parsed = ParseRole(c.text);
    ASSERT_TRUE(parsed.ok()) << c.text;
    EXPECT_EQ(*parsed, c.role) << c.text;
    EXPECT_EQ(RequiresSecondFactor(c.role), c.second_factor) << c.text;
  }
}

TEST(RoleTest, RejectsUnknownRoles) {
  static const struct {
    std::string text;
    const char* why;
  } kCases[] = {
      {"", "empty"},
      {"Admin", "capitalised"},
      {"ADMIN", "upper case"},
      {" admin", "leading space"},
      {"admin ", "trailing space"},
      {"root", "unknown"},
      {"superadmin", "unknown"},
      {"kAdmin", "enum name"},
      {"2", "number"},
      {"admin'--", "SQL metacharacters"},
      {std::string("admin\0", 6), "NUL"},
  };
  for (const auto& c : kCases) {
    Result<Role> role = ParseRole(c.text);
    ASSERT_FALSE(role.ok()) << c.why;
    EXPECT_EQ(role.status().reason(), "invalid_role") << c.why;
    EXPECT_EQ(role.status().detail(), "expected applicant, operator, admin or auditor")
        << c.why << ": client input is not echoed";
  }
}

}  // namespace
}  // namespace ams::auth
