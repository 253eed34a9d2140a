#pragma once

#include <memory>

#include "web/http/router.h"

namespace ams::app {

class Application;

// Every route of the service, in one place: health, the JSON API, pages.
std::shared_ptr<const web::Router> BuildRouter(Application& app);

}  // namespace ams::app
