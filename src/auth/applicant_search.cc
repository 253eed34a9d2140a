// Applicant search for operators (issue #5 item 2): by name, NIP or e-mail.
#include <algorithm>
#include <cctype>

#include "auth/account_service.h"

namespace ams::auth {

namespace {

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

bool Contains(const std::string& haystack, const std::string& lowered_needle) {
  return Lower(haystack).find(lowered_needle) != std::string::npos;
}

}  // namespace

Result<std::vector<ApplicantMatch>> AccountService::SearchApplicants(const Actor& actor,
                                                                     const std::string& query,
                                                                     size_t limit) {
  if (!actor.is_system && actor.role != Role::kOperator && actor.role != Role::kAdmin &&
      actor.role != Role::kAuditor) {
    return Status::PermissionDenied("forbidden", "staff only");
  }
  std::string needle = query;
  needle.erase(0, needle.find_first_not_of(" \t"));
  needle.erase(needle.find_last_not_of(" \t") + 1);
  if (needle.size() < 3) return Status::Invalid("query_too_short", "at least 3 characters");
  if (needle.size() > 100) return Status::Invalid("query_too_long", "at most 100 characters");
  needle = Lower(needle);

  std::vector<ApplicantMatch> out;
  Status s = store_.Read([&](store::Transaction& tx) -> Status {
    AMS_ASSIGN_OR_RETURN(std::vector<Account> accounts, tx.accounts().List());
    for (Account& a : accounts) {
      if (a.role != Role::kApplicant) continue;
      ApplicantMatch m;
      Result<identity::IdentityVersion> current = tx.identities().Current(a.id);
      if (current.ok()) {
        m.identity = current->data;
      } else if (current.status().code() != Code::kNotFound) {
        return current.status();
      }
      // Operators see the applicants of their agencies (as GetAccount).
      if (actor.role == Role::kOperator && !actor.is_system) {
        if (!m.identity) continue;
        if (std::find(actor.agencies.begin(), actor.agencies.end(), m.identity->agency_id) ==
            actor.agencies.end()) {
          continue;
        }
      }
      const bool hit = Contains(a.email, needle) || Contains(a.display_name, needle) ||
                       (m.identity && (Contains(m.identity->full_name, needle) ||
                                       Contains(m.identity->nip, needle) ||
                                       Contains(m.identity->email, needle)));
      if (!hit) continue;
      m.account = std::move(a);
      out.push_back(std::move(m));
    }
    return Status();
  });
  if (!s.ok()) return s;
  auto name = [](const ApplicantMatch& m) {
    return m.identity ? m.identity->full_name : m.account.display_name;
  };
  std::sort(out.begin(), out.end(),
            [&](const ApplicantMatch& x, const ApplicantMatch& y) { return name(x) < name(y); });
  if (out.size() > limit) out.resize(limit);
  return out;
}

}  // namespace ams::auth
