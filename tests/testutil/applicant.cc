#include "testutil/applicant.h"

namespace ams::testutil {

Result<Applicant> AddApplicant(store::Transaction& tx, const ApplicantSpec& spec) {
  Applicant out;
  auth::Account a;
  a.email = spec.email;
  a.display_name = spec.display_name;
  a.password_hash = "$argon2id$fake";
  a.role = auth::Role::kApplicant;
  a.created_at = spec.created_at;
  AMS_ASSIGN_OR_RETURN(out.account_id, tx.accounts().Create(a));
  out.agency_id = spec.agency_id;
  if (out.agency_id == 0) {
    AMS_ASSIGN_OR_RETURN(out.agency_id,
                         tx.agencies().Create({0, spec.agency_code, spec.agency_name}));
  }
  identity::IdentityData d;
  d.full_name = spec.full_name;
  d.nik = spec.nik;
  d.nip = spec.nip;
  d.email = spec.email;
  d.agency_id = out.agency_id;
  d.position = spec.position;
  AMS_ASSIGN_OR_RETURN(identity::IdentityVersion v,
                       tx.identities().AddVersion(out.account_id, d, out.account_id,
                                                  spec.identity_at.value_or(spec.created_at)));
  out.identity_version_id = v.id;
  return out;
}

Result<Applicant> AddApplicant(store::Store& store, const ApplicantSpec& spec) {
  Applicant out;
  AMS_RETURN_IF_ERROR(store.InTransaction([&](store::Transaction& tx) -> Status {
    AMS_ASSIGN_OR_RETURN(out, AddApplicant(tx, spec));
    return Status();
  }));
  return out;
}

}  // namespace ams::testutil
