#pragma once

#include <chrono>
#include <initializer_list>
#include <optional>
#include <string>

#include "web/pages/page_support.h"

// Shared by the admin and auditor pages (admin_*_pages.cc, report_pages.cc):
// the role gate, the notice after a redirect, dates and durations as people
// read them in each language.
namespace ams::web::pages {

// The outcome of the gate: the visitor when they may see the page, or the
// response to send instead (redirect to login, or 403 page). The services
// check the role again; this gate only keeps forms from showing to people
// who could not use them.
struct Gate {
  std::optional<Visitor> visitor;
  std::optional<HttpResponse> response;
};
Gate RequireRole(const PageEnv& env, const HttpRequest& request,
                 std::initializer_list<auth::Role> roles);

// Adds view["notice"] from the catalogue for ?notice=<key> when the key is
// one of `allowed` (notice_<key>): the message after a POST-redirect-GET.
void AddNotice(const PageEnv& env, const HttpRequest& request, const Visitor& v,
               std::initializer_list<const char*> allowed, nlohmann::json& view);

// A POST's refusal: the CSRF check first, then the page again with the error.
// Returns kPermissionDenied "csrf_token_invalid" when the token is wrong.
Status CheckCsrf(const Visitor& v, const std::map<std::string, std::string>& form);

// "2026-11-27" -> midnight of that day in WIB; nullopt if malformed.
std::optional<TimePoint> ParseWibDate(const std::string& text);
// The WIB calendar date of `t`, "2026-11-27".
std::string WibDate(TimePoint t);
// "27 Nov 2026" / "27 Nov" (short) in the visitor's language; the month
// names come from the catalogue (month_short_1 .. month_short_12).
std::string WibDayLabel(const i18n::Catalogue& catalogue, i18n::Lang lang, TimePoint t,
                        bool with_year);

// A duration in one compact unit, for charts and tables: "45 dtk", "4,5 mnt",
// "2,0 jam" / "45 s", "4.5 min", "2.0 h" (units from the catalogue).
std::string CompactDurationText(const i18n::Catalogue& catalogue, i18n::Lang lang,
                                std::chrono::seconds d);
// A share 0..1 as "83,3%" / "83.3%".
std::string PercentText(i18n::Lang lang, double share);

}  // namespace ams::web::pages
