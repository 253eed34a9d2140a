#pragma once

#include "web/http/http_types.h"
#include "web/i18n/catalogue.h"

namespace ams::web::i18n {

// The catalogue built from the files embedded in the binary (i18n/id.json,
// en.json and every <area>.<lang>.json). Built on first use; a malformed
// catalogue is a build defect and aborts with the loader's message.
const Catalogue& EmbeddedCatalogue();

// The language a request asks for: the `lang` cookie the pages' switch sets,
// else the first tag of Accept-Language when it is English, else Bahasa
// Indonesia.
Lang RequestLang(const HttpRequest& request);

}  // namespace ams::web::i18n
