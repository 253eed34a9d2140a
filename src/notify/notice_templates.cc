#include "notify/notice_templates.h"

#include <algorithm>
#include <array>
#include <memory>
#include <unordered_map>

#include <kainjow/mustache.hpp>

namespace ams::notify {
namespace {

namespace mstch = kainjow::mustache;

enum class LinkTo { kRequest, kCertificate };

struct EventSpec {
  std::string_view event;
  LinkTo link;
  std::array<std::string_view, 3> params;  // required; "" pads
};

// The catalogue of issue #4 item 6. Adding an event: a row here and its two
// template files.
constexpr EventSpec kEvents[] = {
    {"request_submitted", LinkTo::kRequest, {"request_id", "kind", ""}},
    {"request_queued", LinkTo::kRequest, {"request_id", "kind", "applicant_name"}},
    {"request_approved", LinkTo::kRequest, {"request_id", "kind", ""}},
    {"request_rejected", LinkTo::kRequest, {"request_id", "kind", "reason"}},
    {"revocation_required", LinkTo::kRequest, {"request_id", "serials", "count"}},
    {"request_completed", LinkTo::kRequest, {"request_id", "kind", ""}},
    {"certificate_issued", LinkTo::kCertificate, {"serial", "not_after", ""}},
    {"certificate_revoked", LinkTo::kCertificate, {"serial", "reason", ""}},
    {"certificate_expiring", LinkTo::kCertificate, {"serial", "days", "not_after"}},
};

struct Label {
  std::string_view key, id, en;
};

// The request kinds as the SOPs name them (SOP.md "Who carries it out").
constexpr Label kKinds[] = {
    {"registration", "pendaftaran", "registration"},
    {"issuance", "penerbitan", "issuance"},
    {"data_change", "perubahan data", "data change"},
    {"renewal", "pembaruan", "renewal"},
    {"revocation", "pencabutan", "revocation"},
};

// RFC 5280 §5.3.1 reason names; "identitas berubah" is the SOP's wording (step 6).
constexpr Label kReasons[] = {
    {"unspecified", "tidak disebutkan", "unspecified"},
    {"keyCompromise", "kunci privat bocor", "key compromise"},
    {"affiliationChanged", "identitas berubah", "identity changed"},
    {"superseded", "digantikan", "superseded"},
    {"cessationOfOperation", "tidak digunakan lagi", "cessation of operation"},
};

const Label* FindLabel(std::span<const Label> labels, const std::string& key) {
  for (const Label& l : labels) {
    if (l.key == key) return &l;
  }
  return nullptr;
}

bool AllOf(const std::string& s, bool (*pred)(char)) {
  return !s.empty() && s.size() <= 64 && std::all_of(s.begin(), s.end(), pred);
}
bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsHex(char c) { return IsDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }

// Values come from users (a reject reason, a name): control characters could
// forge lines in a mail or a log, so only line ends and tabs survive, and in a
// title (a mail Subject) not even those.
std::string Clean(const std::string& value, bool one_line) {
  std::string out;
  out.reserve(value.size());
  for (unsigned char c : value) {
    if (c == '\n' || c == '\t') {
      out += one_line ? ' ' : static_cast<char>(c);
    } else if (c >= 0x20 && c != 0x7f) {
      out += static_cast<char>(c);
    }
  }
  return out;
}

std::string_view FindTemplate(std::string_view name) {
  for (const EmbeddedTemplate& t : EmbeddedNotifyTemplates()) {
    if (t.name == name) return t.text;
  }
  return {};
}

std::string Render(std::string_view text, const mstch::data& data) {
  // Parsed once per thread and template: every issuance renders a notice,
  // and parsing was most of that. Per thread because rendering uses the
  // template object's state.
  thread_local std::unordered_map<std::string, std::unique_ptr<mstch::mustache>> parsed;
  auto it = parsed.find(std::string(text));
  if (it == parsed.end()) {
    auto tmpl = std::make_unique<mstch::mustache>(std::string(text));
    // Plain text: HTML escaping would turn a reason "A & B" into "A &amp; B".
    tmpl->set_custom_escape([](const std::string& s) { return s; });
    it = parsed.emplace(std::string(text), std::move(tmpl)).first;
  }
  return it->second->render(data);
}

// kainjow leaves the line of a standalone section tag ({{#kind_x}} alone on
// its line) behind as an empty line, so sections would leave gaps: at most one
// blank line survives anywhere.
std::string CollapseBlankLines(const std::string& s) {
  std::string out;
  out.reserve(s.size());
  int newlines = 0;
  for (char c : s) {
    newlines = c == '\n' ? newlines + 1 : 0;
    if (newlines <= 2) out += c;
  }
  return out;
}

std::string TrimEnd(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
  return s;
}

struct TitleAndBody {
  std::string title, body;
};

Result<TitleAndBody> RenderLanguage(const EventSpec& spec, std::string_view lang,
                                    const std::map<std::string, std::string>& values,
                                    const std::map<std::string, std::string>& extra) {
  const std::string name = std::string(spec.event) + "." + std::string(lang) + ".mustache";
  const std::string_view text = FindTemplate(name);
  const size_t eol = text.find('\n');
  if (text.empty() || eol == std::string_view::npos) {
    return Status::Internal("notification template missing: " + name);
  }
  mstch::data title_data, body_data;
  auto set = [&](const std::string& k, const std::string& v) {
    title_data.set(k, Clean(v, true));
    body_data.set(k, Clean(v, false));
  };
  for (const auto& [k, v] : values) set(k, v);
  for (const auto& [k, v] : extra) set(k, v);
  auto kind = values.find("kind");
  if (kind != values.end()) {
    title_data.set("kind_" + kind->second, mstch::data::type::bool_true);
    body_data.set("kind_" + kind->second, mstch::data::type::bool_true);
  }
  TitleAndBody out;
  out.title = TrimEnd(Clean(Render(text.substr(0, eol), title_data), true));
  std::string_view body = text.substr(eol + 1);
  if (!body.empty() && body.front() == '\n') body.remove_prefix(1);
  out.body = TrimEnd(CollapseBlankLines(Render(body, body_data))) + "\n";
  return out;
}

}  // namespace

std::span<const std::string_view> NotificationEvents() {
  static const auto kNames = [] {
    std::array<std::string_view, std::size(kEvents)> names;
    for (size_t i = 0; i < names.size(); ++i) names[i] = kEvents[i].event;
    return names;
  }();
  return kNames;
}

Result<RenderedNotice> RenderNotice(const std::string& event,
                                    const std::map<std::string, std::string>& params,
                                    std::string_view public_url,
                                    const std::string& recipient_name) {
  const EventSpec* spec = nullptr;
  for (const EventSpec& e : kEvents) {
    if (e.event == event) spec = &e;
  }
  if (spec == nullptr) return Status::Invalid("unknown_notification_event", event);
  for (std::string_view p : spec->params) {
    if (!p.empty() && !params.contains(std::string(p))) {
      return Status::Invalid("missing_notification_param", event + ": " + std::string(p));
    }
  }

  // The ids go into a URL path, so they must be exactly what they claim.
  std::string base(public_url);
  while (!base.empty() && base.back() == '/') base.pop_back();
  RenderedNotice out;
  if (spec->link == LinkTo::kRequest) {
    const std::string& id = params.at("request_id");
    if (!AllOf(id, IsDigit) || id.size() > 19) {
      return Status::Invalid("invalid_notification_param", "request_id");
    }
    out.link = base + "/requests/" + id;
  } else {
    const std::string& serial = params.at("serial");
    if (!AllOf(serial, IsHex)) return Status::Invalid("invalid_notification_param", "serial");
    out.link = base + "/certificates/" + serial;
  }
  const Label* kind = nullptr;
  if (auto k = params.find("kind"); k != params.end()) {
    kind = FindLabel(kKinds, k->second);
    if (kind == nullptr) return Status::Invalid("invalid_notification_param", "kind");
  }
  const Label* reason = nullptr;
  if (auto r = params.find("reason"); r != params.end()) reason = FindLabel(kReasons, r->second);

  for (std::string_view lang : {"id", "en"}) {
    const bool id = lang == "id";
    std::map<std::string, std::string> extra = {{"name", recipient_name}, {"link", out.link}};
    if (kind != nullptr) extra["kind_label"] = std::string(id ? kind->id : kind->en);
    if (params.contains("reason")) {
      extra["reason_label"] =
          reason != nullptr ? std::string(id ? reason->id : reason->en) : params.at("reason");
    }
    AMS_ASSIGN_OR_RETURN(TitleAndBody text, RenderLanguage(*spec, lang, params, extra));
    (id ? out.title_id : out.title_en) = std::move(text.title);
    (id ? out.body_id : out.body_en) = std::move(text.body);
  }
  return out;
}

}  // namespace ams::notify
