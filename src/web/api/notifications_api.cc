// The caller's in-app notifications over HTTP.
#include "web/api/notifications_api.h"

#include "web/api/api_support.h"

namespace ams::web::api {
namespace {

using nlohmann::json;

json NotificationJson(const notify::Notification& n) {
  return {{"id", n.id},
          {"event", n.event},
          {"title", {{"id", n.title_id}, {"en", n.title_en}}},
          {"body", {{"id", n.body_id}, {"en", n.body_en}}},
          {"link", n.link},
          {"created_at", FormatUtc(n.created_at)},
          {"read_at", n.read_at ? json(FormatUtc(*n.read_at)) : json(nullptr)}};
}

HttpResponse List(auth::AccountService& accounts, notify::NotificationService& service,
                  const HttpRequest& req) {
  Result<auth::Actor> actor = Authenticate(accounts, req);
  if (!actor.ok()) return Error(req, actor.status());
  // The service checks the page again (NotificationService::List); the
  // bounds here keep the numbers inside int.
  Result<int64_t> limit = IntQuery(req, "limit", 20, {.max = 999999});
  if (!limit.ok()) return Error(req, limit.status());
  Result<int64_t> offset = IntQuery(req, "offset", 0, {.max = 999999});
  if (!offset.ok()) return Error(req, offset.status());
  const std::string unread = req.Query("unread").value_or("0");
  if (unread != "0" && unread != "1") return Error(req, Status::Invalid("invalid_unread", "0 or 1"));
  Result<notify::NotificationPage> page =
      service.List(*actor, static_cast<int>(*limit), static_cast<int>(*offset), unread == "1");
  if (!page.ok()) return Error(req, page.status());
  json items = json::array();
  for (const notify::Notification& n : page->items) items.push_back(NotificationJson(n));
  return HttpResponse::Json(200, {{"items", items}, {"unread_count", page->unread_count}});
}

HttpResponse MarkRead(auth::AccountService& accounts, notify::NotificationService& service,
                      const HttpRequest& req) {
  Result<auth::Actor> actor = Authenticate(accounts, req);
  if (!actor.ok()) return Error(req, actor.status());
  Result<int64_t> id = IntParam(req, "id");
  if (!id.ok()) return Error(req, id.status());
  Result<int64_t> unread = service.MarkRead(*actor, *id);
  if (!unread.ok()) return Error(req, unread.status());
  return HttpResponse::Json(200, {{"id", *id}, {"read", true}, {"unread_count", *unread}});
}

HttpResponse MarkAllRead(auth::AccountService& accounts, notify::NotificationService& service,
                         const HttpRequest& req) {
  Result<auth::Actor> actor = Authenticate(accounts, req);
  if (!actor.ok()) return Error(req, actor.status());
  Result<int64_t> marked = service.MarkAllRead(*actor);
  if (!marked.ok()) return Error(req, marked.status());
  return HttpResponse::Json(200, {{"marked", *marked}, {"unread_count", 0}});
}

}  // namespace

void AddNotificationRoutes(Router& router, auth::AccountService& accounts,
                           notify::NotificationService& notifications) {
  auth::AccountService* a = &accounts;
  notify::NotificationService* n = &notifications;
  router.Add("GET", "/api/v1/notifications",
             [a, n](const HttpRequest& r) { return List(*a, *n, r); });
  // read-all before :id, so "read-all" is never taken for an id.
  router.Add("POST", "/api/v1/notifications/read-all",
             [a, n](const HttpRequest& r) { return MarkAllRead(*a, *n, r); });
  router.Add("POST", "/api/v1/notifications/:id/read",
             [a, n](const HttpRequest& r) { return MarkRead(*a, *n, r); });
}

}  // namespace ams::web::api
