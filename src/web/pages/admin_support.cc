#include "web/pages/admin_support.h"

#include <algorithm>
#include <cstdio>

namespace ams::web::pages {

namespace {

bool Digits(const std::string& s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// One decimal, with the decimal comma in Bahasa Indonesia.
std::string Decimal(i18n::Lang lang, double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", v);
  std::string out = buf;
  if (lang == i18n::Lang::kId) std::replace(out.begin(), out.end(), '.', ',');
  return out;
}

}  // namespace

Gate RequireRole(const PageEnv& env, const HttpRequest& request,
                 std::initializer_list<auth::Role> roles) {
  Result<Visitor> v = Identify(env, request);
  if (!v.ok()) return {std::nullopt, ErrorPage(env, request, Visitor{}, v.status())};
  if (auto redirect = RequireFullSession(request, *v)) return {std::nullopt, *redirect};
  if (std::find(roles.begin(), roles.end(), v->actor->role) == roles.end()) {
    return {std::nullopt, ErrorPage(env, request, *v, Status::PermissionDenied("forbidden"))};
  }
  return {std::move(*v), std::nullopt};
}

void AddNotice(const PageEnv& env, const HttpRequest& request, const Visitor& v,
               std::initializer_list<const char*> allowed, nlohmann::json& view) {
  const std::string key = request.Query("notice").value_or("");
  for (const char* a : allowed) {
    if (key == a) view["notice"] = env.catalogue.Text(v.lang, std::string("notice_") + a);
  }
}

Status CheckCsrf(const Visitor& v, const std::map<std::string, std::string>& form) {
  if (CsrfOk(v, form)) return Status();
  return Status::PermissionDenied("csrf_token_invalid");
}

std::optional<TimePoint> ParseWibDate(const std::string& s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return std::nullopt;
  if (!Digits(s.substr(0, 4)) || !Digits(s.substr(5, 2)) || !Digits(s.substr(8, 2))) {
    return std::nullopt;
  }
  using namespace std::chrono;
  year_month_day ymd{year(std::stoi(s.substr(0, 4))), month(std::stoul(s.substr(5, 2))),
                     day(std::stoul(s.substr(8, 2)))};
  if (!ymd.ok()) return std::nullopt;
  return TimePoint(sys_days(ymd)) - hours(7);
}

std::string WibDate(TimePoint t) {
  using namespace std::chrono;
  const year_month_day ymd{floor<days>(t + hours(7))};
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
  return buf;
}

std::string WibDayLabel(const i18n::Catalogue& catalogue, i18n::Lang lang, TimePoint t,
                        bool with_year) {
  using namespace std::chrono;
  const year_month_day ymd{floor<days>(t + hours(7))};
  const unsigned m = static_cast<unsigned>(ymd.month());
  std::string out = std::to_string(static_cast<unsigned>(ymd.day())) + " " +
                    catalogue.Text(lang, "month_short_" + std::to_string(m));
  if (with_year) out += " " + std::to_string(static_cast<int>(ymd.year()));
  return out;
}

std::string CompactDurationText(const i18n::Catalogue& catalogue, i18n::Lang lang,
                                std::chrono::seconds d) {
  const int64_t s = d.count();
  if (s < 60) return catalogue.Format(lang, "duration_compact_seconds", {{"n", std::to_string(s)}});
  if (s < 3600) {
    return catalogue.Format(lang, "duration_compact_minutes",
                            {{"n", Decimal(lang, static_cast<double>(s) / 60)}});
  }
  return catalogue.Format(lang, "duration_compact_hours",
                          {{"n", Decimal(lang, static_cast<double>(s) / 3600)}});
}

std::string PercentText(i18n::Lang lang, double share) {
  return Decimal(lang, share * 100) + "%";
}

}  // namespace ams::web::pages
