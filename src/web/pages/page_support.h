#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "audit/audit_service.h"
#include "auth/account_service.h"
#include "base/random.h"
#include "base/clock.h"
#include "base/encoding.h"
#include "base/result.h"
#include "store/store.h"
#include "web/http/http_types.h"
#include "web/i18n/catalogue.h"

// Only pointers to these here: the pages that use them include their headers.
namespace ams::ca {
class CaHierarchy;
}
namespace ams::documents {
class DocumentService;
}
namespace ams::notify {
class NotificationService;
class TestMailService;
}
namespace ams::workflow {
class CertificateService;
class RequestService;
}

// What every page handler does the same way: find out who is visiting and in
// which language, check the form's CSRF token, render a template inside the
// layout, and turn a refusal into a message from the catalogue.
namespace ams::web::pages {

inline constexpr char kLangCookie[] = "lang";
// Before login there is no session to hold a CSRF token: the login and
// registration forms use a double-submit cookie instead (a random value in an
// HttpOnly SameSite=Strict cookie, echoed in the form's hidden field).
inline constexpr char kFormCookie[] = "ams_form";
inline constexpr char kCsrfField[] = "csrf_token";

// One CA certificate the admin's CA page describes and links to.
struct CaCertificateFacts {
  std::string name;  // "root", "issuing": /ca/<name>.crt
  std::string der;
};

// The mail settings as the admin's SMTP page shows them: display values
// from the configuration, never the password itself.
struct SmtpFacts {
  bool configured = false;  // false: mail is written as .eml files
  std::string host;
  int port = 0;
  std::string tls;  // "starttls", "tls", "none"
  std::string user;
  bool password_set = false;
  std::string from_address;
  std::string from_name;
  std::string outbox_dir;  // where .eml files go without SMTP
};


// The services the pages call. Not owned; they outlive the router.
struct PageServices {
  auth::AccountService* accounts = nullptr;
  audit::AuditService* audit = nullptr;
  // Only to read agency names for display.
  // TODO(pages): an agency service (identity) to read them through.
  store::Store* store = nullptr;
  Random* random = nullptr;  // thread-safe (SecureRandom)
  bool secure_cookies = false;  // Secure on cookies (public URL is https)
  // Applicant and operator pages (issue #5 items 1, 2).
  workflow::RequestService* requests = nullptr;
  workflow::CertificateService* certificates = nullptr;
  documents::DocumentService* documents = nullptr;
  notify::NotificationService* notifications = nullptr;
  const ca::CaHierarchy* ca = nullptr;  // the chain offered with each certificate
  const Clock* clock = nullptr;         // the queue's age filter
  // The admin and auditor pages (admin_*.cc, report_pages.cc) use requests
  // (standard times, timing report) and certificates (the CRL's facts) too.
  notify::TestMailService* test_mail = nullptr;
  std::vector<CaCertificateFacts> ca_certificates;
  SmtpFacts smtp;
};

// Services plus the catalogue. Immutable after construction; thread-safe.
struct PageEnv {
  PageServices services;
  i18n::Catalogue catalogue;
};

// Who is asking, per request.
struct Visitor {
  i18n::Lang lang = i18n::kDefaultLang;
  std::optional<auth::Actor> actor;  // set when the session cookie is valid
  std::optional<auth::Session> session;
  std::string session_token;  // the cookie value, when actor is set
  std::string csrf_token;     // the session's, or the form cookie's
  bool new_form_cookie = false;  // csrf_token was minted now: set the cookie
  bool session_ended = false;    // a session cookie came, but it is expired or invalid
  // The session was not looked up (the server's refusal pages run before any
  // database read): the layout shows no navigation rather than the wrong one.
  bool unidentified = false;

  bool logged_in() const { return actor.has_value(); }
  // Logged in but still has to enrol the second factor.
  bool partial() const { return session && !session->second_factor_done; }
  // Logged in with a password an admin chose: to be changed before anything else.
  bool password_change_due() const { return session && session->password_change_required; }
};

// The language from the `lang` cookie (default Bahasa Indonesia); the session
// from `ams_session`. An invalid or expired session is simply no session.
// Fails only when the database cannot answer.
Result<Visitor> Identify(const PageEnv& env, const HttpRequest& request);

// Whether the form's csrf_token field equals the visitor's token (constant time).
bool CsrfOk(const Visitor& visitor, const std::map<std::string, std::string>& form);

// `path` when it is a path on this site ("/x?y"), else "/". Keeps a
// redirect from leaving the site ("//evil", "/\evil", "https://...").
std::string LocalPath(std::string_view path);


// Renders templates/<name>.mustache inside templates/layout.mustache. `view`
// holds the page's values; the layout adds `t` (the catalogue), `lang`,
// `csrf_token`, `user`, `nav`, `lang_switch`. `title_key` names the
// catalogue text for <title> and <h1>.
HttpResponse Render(const PageEnv& env, const HttpRequest& request, const Visitor& visitor,
                    int status, std::string_view name, std::string_view title_key,
                    nlohmann::json view = nlohmann::json::object());

// view["error"] = {message, hint} for `status`, in the visitor's language,
// and the HTTP status to answer with. kInternal and unknown reasons get the
// generic message with the request id; the detail goes to the log only.
int AddError(const PageEnv& env, const HttpRequest& request, const Visitor& visitor,
             const Status& status, nlohmann::json& view);

// A page that only says what went wrong (forbidden, unavailable, ...).
HttpResponse ErrorPage(const PageEnv& env, const HttpRequest& request, const Visitor& visitor,
                       const Status& status);

// 303 to /login (remembering where the visitor was going); for a session
// that has to enrol the second factor first, to /enrol-totp; for one whose
// password an admin chose, to /account/password. nullopt when the visitor
// may see a page that needs a full session.
std::optional<HttpResponse> RequireFullSession(const HttpRequest& request, const Visitor& visitor);

// Options for a cookie of the pages: Secure behind https or when the
// configuration says the site is served over https; the rest as given.
CookieOptions PageCookie(const PageEnv& env, const HttpRequest& request);

// A redirect to `where` that also clears the session cookie: after a logout
// or a password change, whose sessions have ended in the store.
HttpResponse RedirectSignedOut(const PageEnv& env, const HttpRequest& request,
                               const std::string& where);

// The label of a role in the visitor's language.
std::string RoleLabel(const PageEnv& env, i18n::Lang lang, auth::Role role);

// Checks that every template parses; aborts with the template's name and the
// parser's message if one does not (a build defect, found at startup).
void CheckTemplates();

}  // namespace ams::web::pages
