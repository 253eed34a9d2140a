#include "workflow/sop.h"

namespace ams::workflow {

using std::chrono::minutes;

const char* ToString(RequestKind kind) {
  switch (kind) {
    case RequestKind::kRegistration: return "registration";
    case RequestKind::kIssuance: return "issuance";
    case RequestKind::kDataChange: return "data_change";
    case RequestKind::kRenewal: return "renewal";
    case RequestKind::kRevocation: return "revocation";
  }
  return "unknown";
}

const std::vector<SopStep>& StepsOf(RequestKind kind) {
  // SOP.md, "The steps": numbers, actors, standard times and outputs as written.
  static const std::vector<SopStep> kDataChange = {
      {1, "Login dan mengajukan permohonan perubahan data", "Log in and submit a data change request",
       StepActor::kApplicant, minutes(5), "Dashboard AMS"},
      {2, "Verifikasi formulir permohonan dan data dukung", "Verify the request form and its supporting documents",
       StepActor::kOperator, minutes(5), "Hasil verifikasi"},
      {3, "Menyetujui permohonan perubahan data", "Approve the data change request",
       StepActor::kOperator, minutes(1), "Notifikasi AMS"},
      {4, "Menginformasikan kepada pemohon bahwa perubahan data selesai", "Inform the applicant that the change is complete",
       StepActor::kOperator, minutes(1), "E-mail dan notifikasi AMS"},
      {5, "Memeriksa kepemilikan sertifikat elektronik", "Check whether the applicant owns a certificate",
       StepActor::kOperator, minutes(1), "Tervalidasi kepemilikan SE"},
      {6, "Mencabut sertifikat dengan alasan identitas berubah", "Revoke the certificate with the reason identity changed",
       StepActor::kApplicant, minutes(7), "Sertifikat tercabut"},
      {7, "Menerima notifikasi perubahan data", "Receive the notification that the data was changed",
       StepActor::kApplicant, minutes(1), "Notifikasi e-mail"},
  };
  // The sister SOPs (registration, renewal, revocation, issuance) share the
  // submit -> verify -> decide -> inform shape; their texts are not in the
  // seed, so their standard times are the data change's for the same kind of
  // step until an admin sets them.
  static const std::vector<SopStep> kRegistration = {
      {1, "Mengajukan pendaftaran", "Submit the registration", StepActor::kApplicant, minutes(5), "Dashboard AMS"},
      {2, "Verifikasi identitas dan dokumen", "Verify identity and documents", StepActor::kOperator, minutes(5), "Hasil verifikasi"},
      {3, "Menyetujui pendaftaran", "Approve the registration", StepActor::kOperator, minutes(1), "Notifikasi AMS"},
      {4, "Menginformasikan kepada pemohon", "Inform the applicant", StepActor::kOperator, minutes(1), "E-mail dan notifikasi AMS"},
  };
  static const std::vector<SopStep> kIssuance = {
      {1, "Mengajukan penerbitan sertifikat", "Request a certificate", StepActor::kApplicant, minutes(5), "Dashboard AMS"},
      {2, "Menerbitkan sertifikat", "Issue the certificate", StepActor::kSystem, minutes(1), "Sertifikat elektronik"},
  };
  static const std::vector<SopStep> kRenewal = {
      {1, "Mengajukan pembaruan", "Request renewal", StepActor::kApplicant, minutes(5), "Dashboard AMS"},
      {2, "Verifikasi (bila identitas berubah)", "Verify (when the identity changed)", StepActor::kOperator, minutes(5), "Hasil verifikasi"},
      {3, "Menerbitkan sertifikat baru", "Issue the new certificate", StepActor::kSystem, minutes(1), "Sertifikat elektronik"},
  };
  static const std::vector<SopStep> kRevocation = {
      {1, "Mengajukan pencabutan", "Request revocation", StepActor::kApplicant, minutes(5), "Dashboard AMS"},
      {2, "Mencabut sertifikat", "Revoke the certificate", StepActor::kSystem, minutes(1), "Sertifikat tercabut"},
  };
  switch (kind) {
    case RequestKind::kRegistration: return kRegistration;
    case RequestKind::kIssuance: return kIssuance;
    case RequestKind::kDataChange: return kDataChange;
    case RequestKind::kRenewal: return kRenewal;
    case RequestKind::kRevocation: return kRevocation;
  }
  return kDataChange;
}

std::chrono::seconds TotalStandardTime(RequestKind kind) {
  std::chrono::seconds total{0};
  for (const SopStep& s : StepsOf(kind)) total += s.standard_time;
  return total;
}

}  // namespace ams::workflow
