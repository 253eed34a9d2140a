// The admin's settings pages: the landing page, the standard times of the
// SOP steps (editable, audited by RequestService), the CA's certificates and
// CRL, and the mail settings with a test mail that goes through the real
// outbox and sender.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>

#include "ca/cert_info.h"
#include "notify/test_mail.h"
#include "web/pages/admin_support.h"
#include "web/pages/pages.h"
#include "workflow/certificates/certificate_service.h"
#include "workflow/requests/request_service.h"

namespace ams::web::pages {

namespace {

using workflow::RequestKind;

HttpResponse GetAdminHome(const PageEnv& env, const HttpRequest& request) {
  Gate gate = RequireRole(env, request, {auth::Role::kAdmin});
  if (gate.response) return *gate.response;
  return Render(env, request, *gate.visitor, 200, "admin_home", "admin_title");
}

// --- Standard times --------------------------------------------------------

std::string KindLabel(const PageEnv& env, i18n::Lang lang, RequestKind kind) {
  return env.catalogue.Text(lang, std::string("sop_kind_") + workflow::ToString(kind));
}

// "5", "2,5", "0.5" minutes -> seconds. The form speaks minutes, as the SOP does.
Result<std::chrono::seconds> ParseMinutes(std::string text) {
  std::replace(text.begin(), text.end(), ',', '.');
  if (text.empty() || text.size() > 12 ||
      text.find_first_not_of("0123456789.") != std::string::npos ||
      std::count(text.begin(), text.end(), '.') > 1 || text == ".") {
    return Status::Invalid("invalid_standard_time", "minutes as a number");
  }
  const double minutes = std::strtod(text.c_str(), nullptr);
  return std::chrono::seconds(static_cast<int64_t>(std::llround(minutes * 60)));
}

std::string MinutesValue(std::chrono::seconds s) {
  char buf[32];
  if (s.count() % 60 == 0) return std::to_string(s.count() / 60);
  std::snprintf(buf, sizeof buf, "%.2f", static_cast<double>(s.count()) / 60);
  std::string out = buf;
  while (out.back() == '0') out.pop_back();
  return out;
}

HttpResponse TimesPage(const PageEnv& env, const HttpRequest& request, const Visitor& v,
                       int status, nlohmann::json view) {
  auto times = env.services.requests->StandardTimes();
  if (!times.ok()) return ErrorPage(env, request, v, times.status());
  nlohmann::json kinds = nlohmann::json::array();
  for (const workflow::StandardTimeView& t : *times) {
    if (kinds.empty() || kinds.back()["kind"] != workflow::ToString(t.kind)) {
      kinds.push_back({{"kind", workflow::ToString(t.kind)},
                       {"label", KindLabel(env, v.lang, t.kind)},
                       {"steps", nlohmann::json::array()}});
    }
    const std::string id = std::string(workflow::ToString(t.kind)) + "-" + std::to_string(t.step);
    kinds.back()["steps"].push_back(
        {{"id", id},
         {"kind", workflow::ToString(t.kind)},
         {"step", std::to_string(t.step)},
         {"name", v.lang == i18n::Lang::kId ? t.name_id : t.name_en},
         {"current", CompactDurationText(env.catalogue, v.lang, t.standard)},
         {"sop_default", CompactDurationText(env.catalogue, v.lang, t.sop_default)},
         {"changed", t.standard != t.sop_default},
         {"minutes", MinutesValue(t.standard)},
         {"input_label", env.catalogue.Format(v.lang, "times_input_label",
                                              {{"step", std::to_string(t.step)},
                                               {"kind", KindLabel(env, v.lang, t.kind)}})}});
  }
  view["kinds"] = kinds;
  view["admin_nav_times"] = true;
  return Render(env, request, v, status, "admin_times", "times_title", std::move(view));
}

HttpResponse GetTimes(const PageEnv& env, const HttpRequest& request) {
  Gate gate = RequireRole(env, request, {auth::Role::kAdmin});
  if (gate.response) return *gate.response;
  nlohmann::json view = nlohmann::json::object();
  AddNotice(env, request, *gate.visitor, {"standard_time_saved"}, view);
  return TimesPage(env, request, *gate.visitor, 200, std::move(view));
}

HttpResponse PostTimes(const PageEnv& env, const HttpRequest& request) {
  Gate gate = RequireRole(env, request, {auth::Role::kAdmin});
  if (gate.response) return *gate.response;
  const Visitor& v = *gate.visitor;
  std::map<std::string, std::string> form = request.FormFields();
  Status s = CheckCsrf(v, form);
  if (s.ok()) {
    Result<RequestKind> kind = workflow::ParseRequestKind(form["kind"]);
    const std::string& step = form["step"];
    Result<std::chrono::seconds> value = ParseMinutes(form["minutes"]);
    if (!kind.ok()) {
      s = kind.status();
    } else if (step.empty() || step.size() > 2 || step.find_first_not_of("0123456789") != std::string::npos) {
      s = Status::Invalid("invalid_step");
    } else if (!value.ok()) {
      s = value.status();
    } else {
      s = env.services.requests->SetStandardTime(*v.actor, *kind, std::stoi(step), *value);
    }
  }
  if (!s.ok()) {
    nlohmann::json view = nlohmann::json::object();
    const int status = AddError(env, request, v, s, view);
    return TimesPage(env, request, v, status, std::move(view));
  }
  return HttpResponse::Redirect("/admin/standard-times?notice=standard_time_saved#times-" +
                                form["kind"]);
}

// --- CA --------------------------------------------------------------------

HttpResponse GetCa(const PageEnv& env, const HttpRequest& request) {
  Gate gate = RequireRole(env, request, {auth::Role::kAdmin});
  if (gate.response) return *gate.response;
  const Visitor& v = *gate.visitor;
  nlohmann::json certs = nlohmann::json::array();
  for (const CaCertificateFacts& c : env.services.ca_certificates) {
    Result<ca::CertificateInfo> info = ca::DescribeCertificate(c.der);
    if (!info.ok()) return ErrorPage(env, request, v, info.status());
    certs.push_back({{"name", c.name},
                     {"heading", env.catalogue.Text(v.lang, "ca_cert_" + c.name)},
                     {"href", "/ca/" + c.name + ".crt"},
                     {"subject", info->subject},
                     {"issuer", info->issuer},
                     {"serial", info->serial_hex},
                     {"key_type", info->key_type},
                     {"not_before", FormatWib(info->not_before)},
                     {"not_after", FormatWib(info->not_after)},
                     {"fingerprint", info->sha256_fingerprint}});
  }
  nlohmann::json view = {{"certs", certs}, {"admin_nav_ca", true}};
  Result<store::CrlState> crl = env.services.certificates->CrlInfo();
  if (!crl.ok()) return ErrorPage(env, request, v, crl.status());
  if (crl->number > 0) {
    view["crl"] = {{"number", std::to_string(crl->number)},
                   {"this_update", FormatWib(crl->this_update)},
                   {"next_update", FormatWib(crl->next_update)},
                   {"href", "/crl/issuing.crl"}};
  } else {
    view["crl"] = false;
  }
  return Render(env, request, v, 200, "admin_ca", "ca_title", std::move(view));
}

// --- SMTP and the test mail -------------------------------------------------

HttpResponse SmtpPage(const PageEnv& env, const HttpRequest& request, const Visitor& v,
                      int status, nlohmann::json view) {
  const SmtpFacts& smtp = env.services.smtp;
  view["smtp"] = {{"configured", smtp.configured},
                  {"host", smtp.host},
                  {"port", std::to_string(smtp.port)},
                  {"tls", smtp.tls},
                  {"user", smtp.user},
                  {"has_user", !smtp.user.empty()},
                  {"password", env.catalogue.Text(v.lang, smtp.password_set ? "smtp_password_set"
                                                                            : "smtp_password_unset")},
                  {"from_address", smtp.from_address},
                  {"from_name", smtp.from_name},
                  {"outbox_dir", smtp.outbox_dir}};
  if (!view.contains("to")) view["to"] = v.actor->email;
  view["admin_nav_smtp"] = true;
  return Render(env, request, v, status, "admin_smtp", "smtp_title", std::move(view));
}

HttpResponse GetSmtp(const PageEnv& env, const HttpRequest& request) {
  Gate gate = RequireRole(env, request, {auth::Role::kAdmin});
  if (gate.response) return *gate.response;
  const Visitor& v = *gate.visitor;
  nlohmann::json view = nlohmann::json::object();
  AddNotice(env, request, v, {"test_mail_queued"}, view);
  int status = 200;
  if (std::optional<std::string> ticket = request.Query("test")) {
    Result<notify::TestMailStatus> mail = env.services.test_mail->Lookup(*v.actor, *ticket);
    if (!mail.ok()) {
      status = AddError(env, request, v, mail.status(), view);
    } else {
      const std::string state = notify::ToString(mail->state);
      std::map<std::string, std::string> args = {{"to", mail->to},
                                                 {"attempts", std::to_string(mail->attempts)},
                                                 {"error", mail->last_error}};
      if (mail->sent_at) args["at"] = FormatWib(*mail->sent_at);
      view["test"] = {{"state", state},
                      {"ok", mail->state == notify::TestMailStatus::State::kSent},
                      {"failed", mail->state == notify::TestMailStatus::State::kGivenUp ||
                                     mail->state == notify::TestMailStatus::State::kRetrying},
                      {"text", env.catalogue.Format(v.lang, "test_mail_" + state, args)},
                      {"has_error", !mail->last_error.empty()},
                      {"error", mail->last_error},
                      {"refresh_href", "/admin/smtp?test=" + PercentEncode(*ticket)}};
    }
  }
  return SmtpPage(env, request, v, status, std::move(view));
}

HttpResponse PostSmtpTest(const PageEnv& env, const HttpRequest& request) {
  Gate gate = RequireRole(env, request, {auth::Role::kAdmin});
  if (gate.response) return *gate.response;
  const Visitor& v = *gate.visitor;
  std::map<std::string, std::string> form = request.FormFields();
  Status s = CheckCsrf(v, form);
  Result<std::string> ticket = s.ok() ? env.services.test_mail->Send(*v.actor, form["to"])
                                      : Result<std::string>(s);
  if (!ticket.ok()) {
    nlohmann::json view = {{"to", form["to"].substr(0, 254)}};
    const int status = AddError(env, request, v, ticket.status(), view);
    return SmtpPage(env, request, v, status, std::move(view));
  }
  // Answer at once: the mail is in the outbox and the dispatcher sends it in
  // the background. Waiting here for the outcome would hold a worker thread
  // (seconds with a slow SMTP server); the page after the redirect reads the
  // outcome from the outbox, and "Check again" reads it later.
  return HttpResponse::Redirect("/admin/smtp?notice=test_mail_queued&test=" + PercentEncode(*ticket) +
                                "#test-result");
}

}  // namespace

void AddAdminSettingsPages(Router& router, const EnvPtr& env) {
  router.Add("GET", "/admin", [env](const HttpRequest& r) { return GetAdminHome(*env, r); });
  router.Add("GET", "/admin/standard-times", [env](const HttpRequest& r) { return GetTimes(*env, r); });
  router.Add("POST", "/admin/standard-times", [env](const HttpRequest& r) { return PostTimes(*env, r); });
  router.Add("GET", "/admin/ca", [env](const HttpRequest& r) { return GetCa(*env, r); });
  router.Add("GET", "/admin/smtp", [env](const HttpRequest& r) { return GetSmtp(*env, r); });
  router.Add("POST", "/admin/smtp/test", [env](const HttpRequest& r) { return PostSmtpTest(*env, r); });
}

}  // namespace ams::web::pages
