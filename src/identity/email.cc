#include "identity/email.h"

#include "identity/utf8.h"

namespace ams::identity {
namespace {

Status Invalid(const char* why) { return Status::Invalid("invalid_email", why); }

char ToLowerAscii(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }
bool IsAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// A deliberately small set. RFC 5322 atext also allows ! # $ & ' * / = ? ^ `
// { | } ~, but nobody at a regency office has such an address, and keeping
// quotes and shell/HTML metacharacters out makes the address safe to show in
// a mail header or a page without surprises.
bool IsLocalChar(char c) {
  return IsAlpha(c) || IsDigit(c) || c == '.' || c == '_' || c == '%' || c == '+' || c == '-';
}

Status CheckLocalPart(std::string_view local) {
  if (local.empty()) return Invalid("empty local part");
  if (local.size() > 64)
    return Invalid("local part longer than 64 characters");  // RFC 5321 §4.5.3.1.1
  for (char c : local) {
    if (!IsLocalChar(c)) return Invalid("character not allowed in the local part");
  }
  if (local.front() == '.' || local.back() == '.')
    return Invalid("local part starts or ends with '.'");
  if (local.find("..") != std::string_view::npos) return Invalid("'..' in the local part");
  return Status::Ok();
}

// REQUIRES: `domain` is already lowercased.
Status CheckDomain(std::string_view domain) {
  if (domain.empty()) return Invalid("empty domain");
  if (domain.size() > 253) return Invalid("domain longer than 253 characters");  // RFC 1035 §2.3.4
  size_t labels = 0;
  std::string_view last;
  size_t start = 0;
  while (true) {
    const size_t dot = domain.find('.', start);
    const std::string_view label =
        domain.substr(start, dot == std::string_view::npos ? std::string_view::npos : dot - start);
    if (label.empty()) return Invalid("empty domain label");
    if (label.size() > 63) return Invalid("domain label longer than 63 characters");
    for (char c : label) {
      if (!(IsAlpha(c) || IsDigit(c) || c == '-'))
        return Invalid("character not allowed in the domain");
    }
    if (label.front() == '-' || label.back() == '-')
      return Invalid("domain label starts or ends with '-'");
    ++labels;
    last = label;
    if (dot == std::string_view::npos) break;
    start = dot + 1;
  }
  // A bare host ("admin@localhost") is no mailbox a citizen has, and an
  // all-numeric TLD would let "user@10.0.0.1" through as a domain.
  if (labels < 2) return Invalid("domain needs at least two labels");
  const bool punycode = last.substr(0, 4) == "xn--";
  if (!punycode) {
    for (char c : last) {
      if (!IsAlpha(c)) return Invalid("top-level domain must be letters");
    }
    if (last.size() < 2) return Invalid("top-level domain shorter than 2 letters");
  }
  return Status::Ok();
}

}  // namespace

Result<Email> Email::Parse(std::string_view text) {
  text = TrimAsciiWhitespace(text);
  if (text.empty()) return Invalid("empty");
  if (text.size() > 254) return Invalid("longer than 254 characters");
  const size_t at = text.find('@');
  if (at == std::string_view::npos) return Invalid("no '@'");
  if (text.find('@', at + 1) != std::string_view::npos) return Invalid("more than one '@'");

  const std::string_view local = text.substr(0, at);
  AMS_RETURN_IF_ERROR(CheckLocalPart(local));
  std::string domain;
  domain.reserve(text.size() - at - 1);
  for (char c : text.substr(at + 1)) domain.push_back(ToLowerAscii(c));
  AMS_RETURN_IF_ERROR(CheckDomain(domain));

  std::string value(local);
  value.push_back('@');
  value += domain;
  return Email(std::move(value), at);
}

std::string_view Email::local_part() const { return std::string_view(value_).substr(0, at_); }
std::string_view Email::domain() const { return std::string_view(value_).substr(at_ + 1); }

std::string Email::Canonical() const {
  std::string out = value_;
  for (char& c : out) c = ToLowerAscii(c);
  return out;
}

bool Email::IsOfficial(const std::vector<std::string>& allowed_domains) const {
  const std::string_view domain = this->domain();
  for (const std::string& entry : allowed_domains) {
    std::string allowed;
    for (char c : TrimAsciiWhitespace(entry)) allowed.push_back(ToLowerAscii(c));
    while (!allowed.empty() && (allowed.front() == '@' || allowed.front() == '.')) {
      allowed.erase(allowed.begin());
    }
    if (allowed.empty()) continue;
    if (domain == allowed) return true;
    // A subdomain must end in "." + allowed; a bare suffix match would let
    // "evilpekalongankota.go.id" pass for "pekalongankota.go.id".
    if (domain.size() > allowed.size() + 1 &&
        domain.substr(domain.size() - allowed.size()) == allowed &&
        domain[domain.size() - allowed.size() - 1] == '.') {
      return true;
    }
  }
  return false;
}

}  // namespace ams::identity
