#include "documents/forms/form_service.h"

namespace ams::documents::forms {

Result<FormApplicant> FormService::ApplicantOf(const auth::Actor& actor) {
  if (actor.is_system) return Status::NotFound("account_not_found");
  FormApplicant a;
  AMS_RETURN_IF_ERROR(store_.Read([&](store::Transaction& tx) -> Status {
    AMS_ASSIGN_OR_RETURN(auth::Account account, tx.accounts().FindById(actor.account_id));
    a.full_name = account.display_name;
    a.email = account.email;
    Result<identity::IdentityVersion> current = tx.identities().Current(actor.account_id);
    if (!current.ok()) {
      // A registering applicant has no identity yet: the form is theirs to fill.
      return current.status().code() == Code::kNotFound ? Status() : current.status();
    }
    const identity::IdentityData& d = current->data;
    a.full_name = d.full_name;
    a.nik = d.nik;
    a.nip = d.nip;
    a.email = d.email;
    a.phone = d.phone;
    a.unit = d.unit;
    a.position = d.position;
    AMS_ASSIGN_OR_RETURN(identity::Agency agency, tx.agencies().Find(d.agency_id));
    a.agency = agency.name;
    return Status();
  }));
  return a;
}

Result<std::string> FormService::Generate(const auth::Actor& actor, FormKind kind) {
  AMS_ASSIGN_OR_RETURN(FormApplicant applicant, ApplicantOf(actor));
  return renderer_.Render(BuildForm(kind, applicant, clock_.Now()));
}

}  // namespace ams::documents::forms
