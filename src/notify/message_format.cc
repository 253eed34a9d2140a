#include "notify/message_format.h"

#include <algorithm>
#include <cstdio>
#include <ctime>

#include "base/encoding.h"
#include "identity/email.h"
#include "identity/utf8.h"

namespace ams::notify {

namespace {

// RFC 5322 §2.1.1: lines SHOULD be at most 78 characters.
constexpr size_t kMaxLine = 78;
// RFC 2047 §2: an encoded-word is at most 75 characters. "=?UTF-8?B?" and
// "?=" take 12, leaving 63; 42 bytes make 56 base64 characters, so a word is
// 68 characters and " " + word fits in 78 even on the first line.
constexpr size_t kWordBytes = 42;

bool HasLineBreak(std::string_view s) {
  return s.find_first_of(std::string_view("\r\n\0", 3)) != std::string_view::npos;
}

bool IsPlainAscii(std::string_view s) {
  for (unsigned char c : s) {
    if (c < 0x20 || c > 0x7e) return false;
  }
  return s.find("=?") == std::string_view::npos;
}

// Folds printable ASCII at spaces (RFC 5322 §2.2.3). Returns "" when some
// line would still exceed the hard limit of 998 characters.
std::string FoldAscii(std::string_view text, size_t name_length) {
  std::string out;
  size_t column = name_length;
  size_t pos = 0;
  while (pos < text.size()) {
    // A word here is a run of non-spaces with the spaces before it.
    size_t end = text.find(' ', text.find_first_not_of(' ', pos));
    if (end == std::string_view::npos) end = text.size();
    std::string_view word = text.substr(pos, end - pos);
    if (column + word.size() > kMaxLine && column > name_length && word.front() == ' ') {
      out += "\r\n";
      column = 0;
    }
    out += word;
    column += word.size();
    if (column > 998) return "";
    pos = end;
  }
  return out;
}

std::string EncodedWords(std::string_view text) {
  std::string out;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t n = std::min(kWordBytes, text.size() - pos);
    // Never split a UTF-8 sequence (RFC 2047 §5 (3)): back off continuation bytes.
    while (pos + n < text.size() && n > 0 &&
           (static_cast<unsigned char>(text[pos + n]) & 0xc0) == 0x80) {
      --n;
    }
    if (!out.empty()) out += "\r\n ";
    out += "=?UTF-8?B?" + Base64Encode(text.substr(pos, n)) + "?=";
    pos += n;
  }
  return out;
}

// RFC 5322 §3.2.4 quoted-string for an ASCII display name.
std::string QuotedString(std::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

// identity::Email::Parse trims outer whitespace; a header needs the address
// exactly as it will be written, so anything not printable is refused first.
bool IsAddress(std::string_view address) {
  for (unsigned char c : address) {
    if (c <= 0x20 || c >= 0x7f) return false;
  }
  return identity::Email::Parse(address).ok();
}

std::string_view DomainOf(std::string_view address) {
  size_t at = address.rfind('@');
  return at == std::string_view::npos ? std::string_view("localhost") : address.substr(at + 1);
}

}  // namespace

Status ValidateMessageOptions(const MessageOptions& options) {
  if (HasLineBreak(options.from_address) || HasLineBreak(options.from_name)) {
    return Status::Invalid("mail_header_injection", "line break in the sender");
  }
  if (!IsAddress(options.from_address)) {
    return Status::Invalid("invalid_mail_sender", "malformed from address");
  }
  if (!identity::DecodeUtf8(options.from_name)) {
    return Status::Invalid("mail_not_utf8", "from name is not UTF-8");
  }
  return Status();
}

std::string EncodeHeaderText(std::string_view text, size_t name_length) {
  if (IsPlainAscii(text)) {
    std::string folded = FoldAscii(text, name_length);
    if (!folded.empty() || text.empty()) return folded;
  }
  return EncodedWords(text);
}

std::string EncodeQuotedPrintable(std::string_view text) {
  static const char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(text.size() + text.size() / 8);
  size_t column = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    if (c == '\r' || c == '\n') {
      if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
      out += "\r\n";
      column = 0;
      continue;
    }
    const bool at_line_end = i + 1 == text.size() || text[i + 1] == '\r' || text[i + 1] == '\n';
    bool encode = c == '=' || c > 126 || (c < 32 && c != '\t');
    // §6.7 (3): whitespace at the end of a line would be stripped in transit.
    if ((c == ' ' || c == '\t') && at_line_end) encode = true;
    // A leading '.' meets SMTP dot-stuffing, a leading "From " mbox quoting.
    if (column == 0 && (c == '.' || (c == 'F' && text.substr(i, 5) == "From "))) encode = true;
    const size_t width = encode ? 3 : 1;
    // §6.7 (5): at most 76 characters per line, the soft break's '=' included.
    // The last character of a line may take the 76th place itself.
    const size_t limit = at_line_end ? 76 : 75;
    if (column + width > limit) {
      out += "=\r\n";
      column = 0;
      if (c == '.' || (c == 'F' && text.substr(i, 5) == "From ")) encode = true;
    }
    if (encode) {
      out += '=';
      out += kHex[c >> 4];
      out += kHex[c & 0xf];
      column += 3;
    } else {
      out += static_cast<char>(c);
      column += 1;
    }
  }
  return out;
}

std::string FormatMailDate(TimePoint t) {
  static const char* kDays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                  "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  // WIB is UTC+7 all year (no daylight saving time), as in base/clock.cc.
  std::time_t tt = static_cast<std::time_t>(ToUnixSeconds(t) + 7 * 3600);
  std::tm tm{};
  gmtime_r(&tt, &tm);
  // Names by hand: strftime's %a and %b follow the process locale.
  char buf[64];
  std::snprintf(buf, sizeof buf, "%s, %02d %s %04d %02d:%02d:%02d +0700", kDays[tm.tm_wday],
                tm.tm_mday, kMonths[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour, tm.tm_min,
                tm.tm_sec);
  return buf;
}

std::string MessageIdFor(const OutgoingMail& mail, std::string_view from_address) {
  // The content hash keeps ids apart across databases that reuse row ids.
  std::string digest = Sha256Hex(std::to_string(mail.id) + '\n' + mail.to + '\n' + mail.subject +
                                 '\n' + mail.dedup_key);
  return "<ams." + std::to_string(mail.id) + "." + digest.substr(0, 16) + "@" +
         std::string(DomainOf(from_address)) + ">";
}

Result<std::string> FormatMessage(const OutgoingMail& mail, const MessageOptions& options,
                                  TimePoint date) {
  AMS_RETURN_IF_ERROR(ValidateMessageOptions(options));
  if (HasLineBreak(mail.to) || HasLineBreak(mail.subject)) {
    return Status::Invalid("mail_header_injection", "line break in recipient or subject");
  }
  if (!IsAddress(mail.to)) {
    return Status::Invalid("invalid_mail_recipient", "malformed recipient address");
  }
  if (!identity::DecodeUtf8(mail.subject) || !identity::DecodeUtf8(mail.body_text)) {
    return Status::Invalid("mail_not_utf8", "subject or body is not UTF-8");
  }

  std::string from;
  if (options.from_name.empty()) {
    from = options.from_address;
  } else {
    std::string name = IsPlainAscii(options.from_name) ? QuotedString(options.from_name)
                                                       : EncodedWords(options.from_name);
    from = name + " <" + options.from_address + ">";
  }

  std::string m;
  m.reserve(512 + mail.body_text.size() * 3 / 2);
  m += "Date: " + FormatMailDate(date) + "\r\n";
  m += "From: " + from + "\r\n";
  m += "To: " + mail.to + "\r\n";
  m += "Subject: " + EncodeHeaderText(mail.subject, 9) + "\r\n";
  m += "Message-ID: " + MessageIdFor(mail, options.from_address) + "\r\n";
  m += "MIME-Version: 1.0\r\n";
  m += "Content-Type: text/plain; charset=UTF-8\r\n";
  // Quoted-printable rather than 8bit: mostly-ASCII Indonesian text stays
  // readable in the .eml file, and no relay without 8BITMIME can damage it.
  m += "Content-Transfer-Encoding: quoted-printable\r\n";
  m += "Auto-Submitted: auto-generated\r\n";
  m += "\r\n";
  m += EncodeQuotedPrintable(mail.body_text);
  if (m.size() < 2 || m.compare(m.size() - 2, 2, "\r\n") != 0) m += "\r\n";
  return m;
}

}  // namespace ams::notify
