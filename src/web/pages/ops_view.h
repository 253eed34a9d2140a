#pragma once

#include <nlohmann/json.hpp>

#include <map>
#include <string>
#include <vector>

#include "ca/revocation_reason.h"
#include "documents/document_record.h"
#include "identity/agency.h"
#include "store/store.h"
#include "web/pages/page_support.h"
#include "workflow/requests/request_service.h"

// What the applicant and operator pages show the same way: a request with its
// timeline, identity field labels, agencies, certificates and documents, each
// as a JSON view for the templates, in the visitor's language. Reads only;
// every decision stays in the services.
namespace ams::web::pages {

// "Dinas Komunikasi dan Informatika (DISKOMINFO)", or "#<id>" when the
// agency cannot be read.
std::string AgencyLabel(const PageEnv& env, int64_t agency_id);
// Every agency, for the select boxes; empty when the store cannot answer.
std::vector<identity::Agency> AllAgencies(const PageEnv& env);

// The label of an identity field by IdentityFieldNames() name.
std::string FieldLabel(const PageEnv& env, i18n::Lang lang, const std::string& field);
// A field's value for display: agency ids become agency names.
std::string FieldDisplay(const PageEnv& env, const std::string& field, const std::string& value);

// "12 min 5 s" in the visitor's language.
std::string DurationText(const PageEnv& env, i18n::Lang lang, std::chrono::seconds d);

// One request for a list row: id, href, kind and state labels, submitted
// (WIB), applicant, agency, waiting time, late flag and its text.
nlohmann::json RequestRow(const PageEnv& env, i18n::Lang lang, const workflow::RequestView& v);
// The timeline: each SOP step with its name, actor, start and end (WIB),
// duration against the standard time, and output.
nlohmann::json Timeline(const PageEnv& env, i18n::Lang lang, const workflow::RequestView& v);

// "revocation_reason_affiliation_changed": the catalogue key of a reason.
std::string RevocationReasonKey(ca::RevocationReason reason);

// One certificate: serial, status, validity (WIB), download links.
nlohmann::json CertificateRow(const PageEnv& env, i18n::Lang lang,
                              const store::CertificateRecord& c);

// One document: name, type, size, content URL, and how to show it inline
// (is_pdf / is_image).
nlohmann::json DocumentRow(const PageEnv& env, i18n::Lang lang,
                           const documents::DocumentRecord& d);

// A notice from a redirect's ?notice= (only keys "notice_<name>" of the
// catalogue, never text from the URL), or null.
nlohmann::json NoticeFrom(const PageEnv& env, i18n::Lang lang, const HttpRequest& request);

// A non-negative decimal id ("invalid_id" otherwise).
Result<int64_t> ParseId(const std::string& text);

}  // namespace ams::web::pages
