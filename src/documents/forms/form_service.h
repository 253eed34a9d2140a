#pragma once

#include <string>

#include "auth/actor.h"
#include "base/clock.h"
#include "documents/forms/form_renderer.h"
#include "store/store.h"

namespace ams::documents::forms {

// The pre-filled request forms (issue #4 item 4): the caller's own form,
// filled from their current identity version; with no identity yet (a
// registering applicant) only the account's name and e-mail are filled and
// the rest is left empty for the pen. Changes nothing, so nothing is audited.
// Thread-safe; `store`, `renderer` and `clock` must outlive it.
class FormService {
 public:
  FormService(store::Store& store, FormRenderer& renderer, const Clock& clock)
      : store_(store), renderer_(renderer), clock_(clock) {}

  // The form's bytes (renderer's MediaType). kNotFound "account_not_found"
  // for the system actor (it has no identity).
  Result<std::string> Generate(const auth::Actor& actor, FormKind kind);
  // What Generate fills in, for callers that render differently.
  Result<FormApplicant> ApplicantOf(const auth::Actor& actor);

  const char* MediaType() const { return renderer_.MediaType(); }

 private:
  store::Store& store_;
  FormRenderer& renderer_;
  const Clock& clock_;
};

}  // namespace ams::documents::forms
