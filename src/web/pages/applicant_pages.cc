// The applicant's side of the dashboard (certificates, requests, in-app
// notifications) and marking notifications read.
#include "documents/document_service.h"
#include "notify/notification_service.h"
#include "web/pages/ops_view.h"
#include "web/pages/pages.h"
#include "workflow/certificates/certificate_service.h"

namespace ams::web::pages {

namespace {

constexpr int kNotificationsShown = 10;

nlohmann::json NotificationRow(i18n::Lang lang, const notify::Notification& n) {
  const bool en = lang == i18n::Lang::kEn;
  return {{"id", std::to_string(n.id)},
          {"title", en ? n.title_en : n.title_id},
          {"body", en ? n.body_en : n.body_id},
          {"time", FormatWib(n.created_at)},
          {"unread", !n.read_at.has_value()},
          {"read_action", "/notifications/" + std::to_string(n.id) + "/read"}};
}

HttpResponse PostMarkRead(const PageEnv& env, const HttpRequest& request, bool all) {
  Result<Visitor> v = Identify(env, request);
  if (!v.ok()) return ErrorPage(env, request, Visitor{}, v.status());
  if (auto redirect = RequireFullSession(request, *v)) return *redirect;
  if (!CsrfOk(*v, request.FormFields())) {
    return ErrorPage(env, request, *v, Status::PermissionDenied("csrf_token_invalid"));
  }
  if (all) {
    Result<int64_t> marked = env.services.notifications->MarkAllRead(*v->actor);
    if (!marked.ok()) return ErrorPage(env, request, *v, marked.status());
  } else {
    Result<int64_t> id = ParseId(request.params.at("id"));
    if (!id.ok()) return ErrorPage(env, request, *v, id.status());
    Result<int64_t> unread = env.services.notifications->MarkRead(*v->actor, *id);
    if (!unread.ok()) return ErrorPage(env, request, *v, unread.status());
  }
  return HttpResponse::Redirect("/dashboard#notifications");
}

}  // namespace

Status AddApplicantDashboard(const PageEnv& env, const Visitor& v, nlohmann::json& view) {
  const auth::Actor& actor = *v.actor;
  const i18n::Lang lang = v.lang;

  auto certs = env.services.certificates->List(actor, actor.account_id);
  if (!certs.ok()) return certs.status();
  nlohmann::json cert_rows = nlohmann::json::array();
  for (const store::CertificateRecord& c : *certs) cert_rows.push_back(CertificateRow(env, lang, c));
  view["certificates"] = cert_rows;
  view["has_certificates"] = !certs->empty();

  auto requests = env.services.requests->List(actor, 0);
  if (!requests.ok()) return requests.status();
  nlohmann::json request_rows = nlohmann::json::array();
  bool open_identity_request = false;
  for (const workflow::RequestView& r : *requests) {
    nlohmann::json row = RequestRow(env, lang, r);
    row["timeline"] = Timeline(env, lang, r);
    request_rows.push_back(std::move(row));
    const bool identity_kind = r.request.kind == workflow::RequestKind::kDataChange ||
                               r.request.kind == workflow::RequestKind::kRegistration;
    if (identity_kind && !workflow::IsFinal(r.request.state)) open_identity_request = true;
  }
  view["requests"] = request_rows;
  view["has_requests"] = !requests->empty();
  view["open_identity_request"] = open_identity_request;

  auto page = env.services.notifications->List(actor, kNotificationsShown, 0, false);
  if (!page.ok()) return page.status();
  nlohmann::json notes = nlohmann::json::array();
  for (const notify::Notification& n : page->items) notes.push_back(NotificationRow(lang, n));
  view["notifications"] = notes;
  view["has_notifications"] = !page->items.empty();
  view["has_unread"] = page->unread_count > 0;
  view["unread_text"] = env.catalogue.Format(lang, "notifications_unread",
                                             {{"count", std::to_string(page->unread_count)}});
  return Status();
}

void AddApplicantPages(Router& router, const EnvPtr& env) {
  router.Add("POST", "/notifications/:id(\\d+)/read",
             [env](const HttpRequest& r) { return PostMarkRead(*env, r, false); });
  router.Add("POST", "/notifications/read-all",
             [env](const HttpRequest& r) { return PostMarkRead(*env, r, true); });
}

}  // namespace ams::web::pages
