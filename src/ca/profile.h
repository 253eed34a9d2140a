#pragma once

// What goes into a user certificate: who it names (SubjectInfo, from the
// applicant's current verified identity version, supplied by workflow/) and
// the CA's policy for it (IssuanceProfile, from configuration). Plain values.

#include <optional>
#include <string>

namespace ams::ca {

// The certificate subject. Every field is UTF-8 as verified by identity/;
// the CA never reads a subject from a CSR.
//   full_name -> CN (required), agency -> O, unit -> OU, position -> title,
//   always C=ID; email -> SAN rfc822Name (required, ASCII).
// Empty optional fields are left out of the Name. Each value is at most 64
// characters (RFC 5280 Appendix A upper bounds), e-mail at most 255.
struct SubjectInfo {
  std::string full_name;
  std::string agency;
  std::string unit;
  std::string position;
  std::string email;
  std::optional<std::string> nik;  // Nomor Induk Kependudukan (16 digits).
  std::optional<std::string> nip;  // Nomor Induk Pegawai (18 digits).

  bool operator==(const SubjectInfo&) const = default;
};

// The issuing policy. Empty URLs leave the extension out (tests only: a
// production config sets all three).
struct IssuanceProfile {
  int validity_days = 730;     // Default: 2 years; 1..3650; clamped to the issuing CA's notAfter.
  std::string crl_url;         // CRL distribution point, http:// (RFC 5280 §4.2.1.13).
  std::string ocsp_url;        // AIA id-ad-ocsp (RFC 5280 §4.2.2.1).
  std::string ca_issuers_url;  // AIA id-ad-caIssuers: where the issuing CA cert is.
  std::string policy_oid = "2.16.360.1.1.1.1";  // certificatePolicies; dotted decimal.
  // When true, NIK and NIP (if present) go into the subject as serialNumber
  // attributes "NIK:<nik>" and "NIP:<nip>". Default: false (data minimisation).
  bool include_nik_nip = false;
};

}  // namespace ams::ca
