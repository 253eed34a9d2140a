#pragma once

#include <optional>
#include <span>
#include <string_view>

// The files under src/web/templates, src/web/static and src/web/i18n,
// embedded into the binary at build time (cmake/embed_web_assets.cmake).
namespace ams::web {

// One embedded file. Both views point into static storage.
struct EmbeddedAsset {
  std::string_view path;     // relative to src/web, e.g. "static/app.css"
  std::string_view content;  // the file's bytes
};

// Every embedded file, sorted by path. Defined in the generated web_assets.cc.
std::span<const EmbeddedAsset> EmbeddedAssets();

// The content of the embedded file at `path` ("templates/login.mustache").
std::optional<std::string_view> FindAsset(std::string_view path);

}  // namespace ams::web
