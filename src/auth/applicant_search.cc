// Applicant search for operators (issue #5 item 2): by name, NIP or e-mail.
#include <cctype>
#include <optional>

#include "auth/account_service.h"

namespace ams::auth {

namespace {

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
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

  // Operators see the applicants of their agencies (as GetAccount).
  std::optional<std::vector<int64_t>> agencies;
  if (actor.role == Role::kOperator && !actor.is_system) agencies = actor.agencies;
  std::vector<ApplicantMatch> out;
  Status s = store_.Read([&](store::Transaction& tx) -> Status {
    AMS_ASSIGN_OR_RETURN(std::vector<int64_t> ids, tx.accounts().FindApplicants(needle, agencies, limit));
    for (int64_t id : ids) {
      ApplicantMatch m;
      AMS_ASSIGN_OR_RETURN(m.account, tx.accounts().FindById(id));
      Result<identity::IdentityVersion> current = tx.identities().Current(id);
      if (current.ok()) {
        m.identity = current->data;
      } else if (current.status().code() != Code::kNotFound) {
        return current.status();
      }
      out.push_back(std::move(m));
    }
    return Status();
  });
  if (!s.ok()) return s;
  return out;
}

}  // namespace ams::auth
