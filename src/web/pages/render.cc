// Rendering pages: JSON view -> kainjow mustache data -> HTML inside the layout.
#include <kainjow/mustache.hpp>

#include <cstdio>
#include <cstdlib>

#include "web/pages/assets.h"
#include "web/pages/page_support.h"
#include "web/pages/static_files.h"

namespace ams::web::pages {

namespace mustache = kainjow::mustache;

namespace {

// Templates only ever see strings, booleans, lists and objects. Mustache
// escapes every {{value}}; templates never use {{{ }}} for data.
mustache::data ToData(const nlohmann::json& j) {
  switch (j.type()) {
    case nlohmann::json::value_t::object: {
      mustache::data d(mustache::data::type::object);
      for (const auto& [key, value] : j.items()) d.set(key, ToData(value));
      return d;
    }
    case nlohmann::json::value_t::array: {
      mustache::data d(mustache::data::type::list);
      for (const auto& value : j) d.push_back(ToData(value));
      return d;
    }
    case nlohmann::json::value_t::string:
      return mustache::data(j.get<std::string>());
    case nlohmann::json::value_t::boolean:
      return mustache::data(j.get<bool>());
    case nlohmann::json::value_t::null:
    case nlohmann::json::value_t::discarded:
      return mustache::data(false);
    default:
      return mustache::data(j.dump());
  }
}

std::string_view Template(std::string_view name) {
  std::optional<std::string_view> text = FindAsset("templates/" + std::string(name) + ".mustache");
  if (!text) {
    std::fprintf(stderr, "ams: template %.*s is not embedded\n", static_cast<int>(name.size()),
                 name.data());
    std::abort();
  }
  return *text;
}

nlohmann::json NavItem(const PageEnv& env, const Visitor& v, const HttpRequest& request,
                       const char* href, const char* key) {
  return {{"href", href},
          {"label", env.catalogue.Text(v.lang, key)},
          {"current", request.path == href}};
}

nlohmann::json Nav(const PageEnv& env, const Visitor& v, const HttpRequest& request) {
  nlohmann::json nav = nlohmann::json::array();
  if (v.unidentified) return nav;  // the page's links lead on
  if (!v.logged_in()) {
    nav.push_back(NavItem(env, v, request, "/login", "nav_login"));
    nav.push_back(NavItem(env, v, request, "/register", "nav_register"));
    return nav;
  }
  if (v.partial() || v.password_change_due()) return nav;
  nav.push_back(NavItem(env, v, request, "/dashboard", "nav_dashboard"));
  if (v.actor->role == auth::Role::kOperator || v.actor->role == auth::Role::kAdmin) {
    nav.push_back(NavItem(env, v, request, "/queue", "nav_queue"));
    nav.push_back(NavItem(env, v, request, "/applicants", "nav_applicants"));
  }
  if (v.actor->role == auth::Role::kAdmin) {
    nav.push_back(NavItem(env, v, request, "/admin", "nav_admin"));
  }
  if (v.actor->role == auth::Role::kAuditor || v.actor->role == auth::Role::kAdmin) {
    nav.push_back(NavItem(env, v, request, "/audit", "nav_audit"));
    nav.push_back(NavItem(env, v, request, "/reports/timing", "nav_reports"));
  }
  return nav;
}

}  // namespace

HttpResponse Render(const PageEnv& env, const HttpRequest& request, const Visitor& visitor,
                    int status, std::string_view name, std::string_view title_key,
                    nlohmann::json view) {
  const i18n::Lang other = visitor.lang == i18n::Lang::kEn ? i18n::Lang::kId : i18n::Lang::kEn;
  // A POST re-renders its form: switching language then returns to the form.
  std::string here = request.path;
  if (request.method == "GET" && !request.raw_query.empty()) here += "?" + request.raw_query;

  view["lang"] = i18n::Code(visitor.lang);
  // A page may name itself (e.g. "Data change request #12"); title_key is
  // then only the fallback.
  if (!view.contains("title_text")) view["title_text"] = env.catalogue.Text(visitor.lang, title_key);
  view["title"] = view["title_text"];
  view["csrf_token"] = visitor.csrf_token;
  view["css_href"] = StaticUrl("app.css");
  view["icon_href"] = StaticUrl("favicon.svg");
  view["nav"] = Nav(env, visitor, request);
  view["lang_switch"] = {
      {"href", std::string("/lang?to=") + i18n::Code(other) + "&back=" + PercentEncode(LocalPath(here))},
      {"label", env.catalogue.Text(visitor.lang, "lang_other_name")},
      {"code", i18n::Code(other)}};
  if (visitor.logged_in()) {
    view["user"] = {{"email", visitor.actor->email},
                    {"role_label", RoleLabel(env, visitor.lang, visitor.actor->role)}};
  } else {
    view["user"] = false;
  }

  mustache::data data = ToData(view);
  data.set("t", ToData(env.catalogue.All(visitor.lang)));
  const std::string_view content = Template(name);
  data.set("content", mustache::partial([content]() { return std::string(content); }));
  const std::string_view messages = Template("_messages");
  data.set("messages", mustache::partial([messages]() { return std::string(messages); }));
  // Every other templates/_<name>.mustache is the partial {{><name>}}.
  for (const EmbeddedAsset& a : EmbeddedAssets()) {
    constexpr std::string_view kPrefix = "templates/_";
    constexpr std::string_view kSuffix = ".mustache";
    if (!a.path.starts_with(kPrefix) || !a.path.ends_with(kSuffix)) continue;
    std::string partial(a.path.substr(kPrefix.size(), a.path.size() - kPrefix.size() - kSuffix.size()));
    if (partial == "messages") continue;
    const std::string_view text = a.content;
    data.set(partial, mustache::partial([text]() { return std::string(text); }));
  }

  mustache::mustache layout{std::string(Template("layout"))};
  std::string html = layout.render(data);
  if (!layout.is_valid()) {
    return HttpResponse::Text(500, "template error\n");
  }
  HttpResponse r = HttpResponse::Text(status, std::move(html), "text/html; charset=utf-8");
  r.SetHeader("Content-Language", i18n::Code(visitor.lang));
  if (visitor.new_form_cookie) {
    CookieOptions cookie = PageCookie(env, request);
    r.SetCookie(kFormCookie, visitor.csrf_token, cookie);
  }
  return r;
}

void CheckTemplates() {
  for (const EmbeddedAsset& a : EmbeddedAssets()) {
    if (!a.path.starts_with("templates/")) continue;
    mustache::mustache t{std::string(a.content)};
    if (!t.is_valid()) {
      std::fprintf(stderr, "ams: %.*s: %s\n", static_cast<int>(a.path.size()), a.path.data(),
                   t.error_message().c_str());
      std::abort();
    }
  }
}

}  // namespace ams::web::pages
