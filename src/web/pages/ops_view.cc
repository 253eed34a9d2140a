#include "web/pages/ops_view.h"

#include "ca/revocation_reason.h"
#include "documents/document_type.h"
#include "identity/identity.h"
#include "workflow/sop.h"

namespace ams::web::pages {

using nlohmann::json;

std::string AgencyLabel(const PageEnv& env, int64_t agency_id) {
  identity::Agency agency;
  Status s = env.services.store->Read([&](store::Transaction& tx) -> Status {
    AMS_ASSIGN_OR_RETURN(agency, tx.agencies().Find(agency_id));
    return Status();
  });
  if (!s.ok()) return "#" + std::to_string(agency_id);
  return agency.name + " (" + agency.code + ")";
}

std::vector<identity::Agency> AllAgencies(const PageEnv& env) {
  std::vector<identity::Agency> out;
  Status s = env.services.store->Read([&](store::Transaction& tx) -> Status {
    AMS_ASSIGN_OR_RETURN(out, tx.agencies().List());
    return Status();
  });
  if (!s.ok()) out.clear();
  return out;
}

std::string FieldLabel(const PageEnv& env, i18n::Lang lang, const std::string& field) {
  // agency_id is shown as the agency, so its label is the agency's.
  if (field == "agency_id") return env.catalogue.Text(lang, "field_agency");
  if (field == "full_name") return env.catalogue.Text(lang, "field_full_name");
  return env.catalogue.Text(lang, "field_" + field);
}

std::string FieldDisplay(const PageEnv& env, const std::string& field, const std::string& value) {
  if (field != "agency_id" || value.empty()) return value;
  Result<int64_t> id = ParseId(value);
  return id.ok() ? AgencyLabel(env, *id) : value;
}

std::string DurationText(const PageEnv& env, i18n::Lang lang, std::chrono::seconds d) {
  const int64_t s = std::max<int64_t>(0, d.count());
  if (s >= 86400) {
    return env.catalogue.Format(lang, "duration_days",
                                {{"days", std::to_string(s / 86400)},
                                 {"hours", std::to_string(s % 86400 / 3600)}});
  }
  if (s >= 3600) {
    return env.catalogue.Format(lang, "duration_hours",
                                {{"hours", std::to_string(s / 3600)},
                                 {"minutes", std::to_string(s % 3600 / 60)}});
  }
  return env.catalogue.Format(lang, "duration_minutes",
                              {{"minutes", std::to_string(s / 60)}, {"seconds", std::to_string(s % 60)}});
}

json RequestRow(const PageEnv& env, i18n::Lang lang, const workflow::RequestView& v) {
  const workflow::Request& r = v.request;
  const std::string kind = workflow::ToString(r.kind);
  const std::string state = workflow::ToString(r.state);
  return {{"id", std::to_string(r.id)},
          {"href", "/requests/" + std::to_string(r.id)},
          {"kind", kind},
          {"kind_label", env.catalogue.Text(lang, "kind_" + kind)},
          {"state", state},
          {"state_label", env.catalogue.Text(lang, "state_" + state)},
          {"submitted", FormatWib(r.created_at)},
          {"updated", FormatWib(r.updated_at)},
          {"applicant", v.applicant_name.empty() ? v.applicant_email : v.applicant_name},
          {"applicant_email", v.applicant_email},
          {"applicant_href", "/applicants/" + std::to_string(r.account_id)},  // staff only
          {"agency", r.agency_id ? AgencyLabel(env, r.agency_id) : std::string()},
          {"waiting", v.waiting_step ? DurationText(env, lang, v.waiting) : std::string()},
          {"standard", v.waiting_step ? DurationText(env, lang, v.waiting_standard) : std::string()},
          {"has_waiting", v.waiting_step != 0},  // mustache: an empty string is still true
          {"late", v.late},
          {"needs_revocation", r.state == workflow::RequestState::kRevocationRequired},
          {"rejected", r.state == workflow::RequestState::kRejected},
          {"reject_reason", r.reject_reason}};
}

json Timeline(const PageEnv& env, i18n::Lang lang, const workflow::RequestView& v) {
  json out = json::array();
  for (const workflow::RequestStep& s : v.steps) {
    std::string name;
    for (const workflow::SopStep& sop : workflow::StepsOf(s.kind)) {
      if (sop.number == s.step) name = lang == i18n::Lang::kEn ? sop.name_en : sop.name_id;
    }
    const auto took = std::chrono::duration_cast<std::chrono::seconds>(s.ended_at - s.started_at);
    const bool within = took <= s.standard_time;
    out.push_back({{"step", std::to_string(s.step)},
                   {"name", name},
                   {"actor", s.actor_id ? "#" + std::to_string(*s.actor_id)
                                        : env.catalogue.Text(lang, "timeline_system")},
                   {"started", FormatWib(s.started_at)},
                   {"ended", FormatWib(s.ended_at)},
                   {"took", DurationText(env, lang, took)},
                   {"standard", DurationText(env, lang, s.standard_time)},
                   {"within", within},
                   {"within_label", env.catalogue.Text(lang, within ? "timeline_within" : "timeline_over")},
                   {"output", s.output}});
  }
  return out;
}

std::string RevocationReasonKey(ca::RevocationReason reason) {
  // Catalogue keys are snake_case; RFC 5280 names are camelCase.
  std::string key = "revocation_reason_";
  for (char c : std::string(ca::ToString(reason))) {
    if (c >= 'A' && c <= 'Z') {
      key += '_';
      key += static_cast<char>(c - 'A' + 'a');
    } else {
      key += c;
    }
  }
  return key;
}

json CertificateRow(const PageEnv& env, i18n::Lang lang, const store::CertificateRecord& c) {
  const bool revoked = c.state == store::CertificateRecord::State::kRevoked;
  const std::string base = "/api/v1/certificates/" + c.serial_hex;
  json j = {{"serial", c.serial_hex},
            {"valid", !revoked},
            {"status_label", env.catalogue.Text(lang, revoked ? "cert_revoked" : "cert_valid")},
            {"not_before", FormatWib(c.not_before)},
            {"not_after", FormatWib(c.not_after)},
            {"pem_href", base + "?format=pem"},
            {"der_href", base + "?format=der"},
            {"chain_href", "/certificates/" + c.serial_hex + "/chain.pem"},
            {"revoke_href", "/certificates/" + c.serial_hex + "/revoke"},
            {"renew_href", "/certificates/" + c.serial_hex + "/renew"},
            {"revoked_at", c.revoked_at ? FormatWib(*c.revoked_at) : std::string()},
            {"reason_label", revoked ? env.catalogue.Text(lang, RevocationReasonKey(c.reason))
                                     : std::string()}};
  return j;
}

json DocumentRow(const PageEnv& env, i18n::Lang lang, const documents::DocumentRecord& d) {
  const std::string size = d.size >= 1024 * 1024
                               ? std::to_string(d.size / (1024 * 1024)) + " MB"
                               : std::to_string((d.size + 1023) / 1024) + " KB";
  return {{"id", std::to_string(d.id)},
          {"filename", d.filename},
          {"type", documents::Extension(d.type)},
          {"size", size},
          {"uploaded", FormatWib(d.uploaded_at)},
          {"purpose_label", env.catalogue.Text(lang, std::string("purpose_") + documents::ToString(d.purpose))},
          {"content_href", "/api/v1/documents/" + std::to_string(d.id) + "/content"},
          {"is_pdf", d.type == documents::DocumentType::kPdf},
          {"is_image", d.type != documents::DocumentType::kPdf}};
}

json NoticeFrom(const PageEnv& env, i18n::Lang lang, const HttpRequest& request) {
  std::string notice = request.Query("notice").value_or("");
  if (notice.empty() || notice.size() > 64) return nullptr;
  for (char c : notice) {
    if (!((c >= 'a' && c <= 'z') || c == '_')) return nullptr;
  }
  const std::string key = "notice_" + notice;
  if (!env.catalogue.All(lang).contains(key)) return nullptr;
  return env.catalogue.Text(lang, key);
}

Result<int64_t> ParseId(const std::string& text) {
  if (text.empty() || text.size() > 18 || text.find_first_not_of("0123456789") != std::string::npos) {
    return Status::Invalid("invalid_id", "an id is a number");
  }
  return static_cast<int64_t>(std::stoll(text));
}

}  // namespace ams::web::pages
