#pragma once

#include <memory>

#include "web/http/router.h"
#include "web/pages/page_support.h"

// The server-rendered HTML pages (issue #5), over the same services as the
// JSON API. Every form works without JavaScript: POST, then 303 to a GET, or
// the form again with the message and the typed values (never a password).
namespace ams::web::pages {

// Registers every page route:
//   GET  /                      -> /dashboard or /login
//   GET  /login, POST /login    password (+ TOTP) login
//   POST /logout
//   GET  /register, POST /register, GET /register/sent
//   GET  /verify?token=         the link in the registration mail
//   GET  /enrol-totp, POST /enrol-totp   operators' and admins' first login
//   GET  /dashboard             per role
//   GET  /queue, /applicants?q=, /applicants/:id   operators (and admins, auditors)
//   GET  /audit                 auditors and admins
//   GET  /admin, /admin/accounts, /admin/agencies, /admin/standard-times,
//        /admin/ca, /admin/smtp (+ their POSTs)   admins (admin_*_pages.cc)
//   GET  /reports/timing, /reports/timing.csv       auditors and admins
//   GET  /audit/export.csv      the audit log as CSV, in parts
//   GET  /lang?to=en&back=/...  the language switch (cookie `lang`)
//   GET  /static/*              stylesheet and icon
// and the server's own refusals (404, 405, 413) of every other path outside
// /api/ as HTML pages.
// Aborts at startup if the translation catalogue or a template is broken.
void AddPageRoutes(Router& router, const PageServices& services);

// The handlers, one file per area; each handler holds a share of `env`.
using EnvPtr = std::shared_ptr<const PageEnv>;
void AddAuthPages(Router& router, const EnvPtr& env);
void AddEnrolPages(Router& router, const EnvPtr& env);
void AddPasswordPages(Router& router, const EnvPtr& env);
void AddDashboardPages(Router& router, const EnvPtr& env);
void AddAuditPages(Router& router, const EnvPtr& env);
void AddApplicantPages(Router& router, const EnvPtr& env);
void AddRequestFormPages(Router& router, const EnvPtr& env);
void AddRequestPages(Router& router, const EnvPtr& env);
void AddCertificatePages(Router& router, const EnvPtr& env);
void AddQueuePages(Router& router, const EnvPtr& env);
// GET /applicants/:id, where the applicant search leads (applicant_record_pages.cc).
void AddApplicantRecordPages(Router& router, const EnvPtr& env);

// The applicant's certificates, requests (with timelines) and notifications
// into the dashboard's `view` (applicant_pages.cc).
Status AddApplicantDashboard(const PageEnv& env, const Visitor& visitor, nlohmann::json& view);
void AddAdminAccountPages(Router& router, const EnvPtr& env);
void AddAdminSettingsPages(Router& router, const EnvPtr& env);
void AddReportPages(Router& router, const EnvPtr& env);
// The server's 404, 405 and 413 outside /api/ as HTML pages (refusal_pages.cc).
void AddRefusalPages(Router& router, const EnvPtr& env);

}  // namespace ams::web::pages
