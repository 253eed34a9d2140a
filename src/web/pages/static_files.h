#pragma once

#include <string>
#include <string_view>

#include "web/http/router.h"

// The embedded files under src/web/static, served at /static/<name>.
namespace ams::web::pages {

// "/static/<name>?v=<hash of the content>": the URL pages link to. The
// version changes with the content, so the files can be cached for a year.
std::string StaticUrl(std::string_view name);

// GET /static/* from memory (inline on the I/O thread), with the content
// type by extension and Cache-Control: public, max-age=31536000, immutable.
void AddStaticRoutes(Router& router);

}  // namespace ams::web::pages
