#pragma once

#include <chrono>
#include <string>
#include <vector>

namespace ams::workflow {

// The kinds of request, one state machine each (DESIGN.md "Requests").
enum class RequestKind { kRegistration, kIssuance, kDataChange, kRenewal, kRevocation };

const char* ToString(RequestKind kind);  // "registration", "issuance", "data_change", ...

// Who carries out a step (the SOP's "Pelaksana").
enum class StepActor { kApplicant, kOperator, kSystem };

// One step of an SOP as the office wrote it: its number, what it is, who does
// it, its standard time (mutu baku) and its output. The standard time is the
// default; an admin may change it (issue #4), the SOP's text stays here.
struct SopStep {
  int number;
  const char* name_id;  // Bahasa Indonesia, as in the SOP
  const char* name_en;
  StepActor actor;
  std::chrono::seconds standard_time;
  const char* output_id;
};

// The steps of the SOP for `kind`. For kDataChange, the seven steps of
// "SOP Perubahan Data Pemohon Sertifikat Elektronik" (../shared/SOP.md), 21
// minutes in all. The sister procedures follow the same pattern.
const std::vector<SopStep>& StepsOf(RequestKind kind);

// The sum of the standard times of `kind`'s steps.
std::chrono::seconds TotalStandardTime(RequestKind kind);

}  // namespace ams::workflow
