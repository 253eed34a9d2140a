#include "notify/smtp/smtp_sender.h"

#include <curl/curl.h>

#include <algorithm>
#include <cstring>
#include <mutex>

namespace ams::notify {

namespace {

// curl_global_init is not thread-safe on every libcurl build: run it once,
// before the first handle.
void InitCurlOnce() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

struct Upload {
  const std::string* data;
  size_t offset = 0;
};

size_t ReadMessage(char* buffer, size_t size, size_t nitems, void* userdata) {
  auto* upload = static_cast<Upload*>(userdata);
  size_t n = std::min(size * nitems, upload->data->size() - upload->offset);
  std::memcpy(buffer, upload->data->data() + upload->offset, n);
  upload->offset += n;
  return n;
}

struct CurlList {
  curl_slist* list = nullptr;
  ~CurlList() { curl_slist_free_all(list); }
};

struct CurlHandle {
  CURL* curl = curl_easy_init();
  ~CurlHandle() { curl_easy_cleanup(curl); }
};

std::string BuildUrl(const SmtpOptions& o) {
  // RFC 3986 §3.2.2: an IPv6 literal goes in brackets.
  std::string host = o.host.find(':') == std::string::npos ? o.host : "[" + o.host + "]";
  std::string url =
      (o.tls == SmtpTls::kImplicit ? "smtps://" : "smtp://") + host + ":" + std::to_string(o.port);
  // libcurl takes the EHLO name from the URL path.
  if (!o.helo_domain.empty()) url += "/" + o.helo_domain;
  return url;
}

bool StartsWith(const std::string& s, const char* prefix) { return s.rfind(prefix, 0) == 0; }

// Which SMTP step failed is known only from libcurl's error text (lib/smtp.c:
// "MAIL failed: %d", "RCPT failed: %d", "DATA failed: %d"; the reply to the
// message itself fails with CURLE_WEIRD_SERVER_REPLY and no text).
Status MapFailure(CURLcode rc, long reply, const std::string& error) {
  const std::string detail =
      "smtp: " + (error.empty() ? std::string(curl_easy_strerror(rc)) : error) +
      (reply > 0 ? " (reply " + std::to_string(reply) + ")" : "");
  switch (rc) {
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_RESOLVE_PROXY:
    case CURLE_COULDNT_CONNECT:
    case CURLE_OPERATION_TIMEDOUT:
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_USE_SSL_FAILED:
    case CURLE_GOT_NOTHING:
      return Status::Unavailable(kMailServerUnavailable, detail);
    case CURLE_LOGIN_DENIED:
      return Status::Unavailable("smtp_login_failed", detail);
    default:
      break;
  }
  const long klass = reply / 100;
  if (StartsWith(error, "MAIL failed")) return Status::Unavailable("smtp_sender_refused", detail);
  const bool rcpt = StartsWith(error, "RCPT failed");
  const bool data =
      StartsWith(error, "DATA failed") || (rc == CURLE_WEIRD_SERVER_REPLY && error.empty());
  if (klass == 5 && rcpt) return Status::Invalid("smtp_recipient_refused", detail);
  if (klass == 5 && data) return Status::Invalid("smtp_message_refused", detail);
  if (klass == 4) return Status::Unavailable("smtp_temporary_failure", detail);
  // Greeting or EHLO refused, connection dropped mid-way, anything else: the
  // server, not this mail, is the problem.
  return Status::Unavailable(kMailServerUnavailable, detail);
}

}  // namespace

Result<SmtpTls> ParseSmtpTls(std::string_view text) {
  if (text == "starttls") return SmtpTls::kStartTls;
  if (text == "tls") return SmtpTls::kImplicit;
  if (text == "none") return SmtpTls::kNone;
  return Status::Invalid("invalid_smtp_tls", "expected starttls, tls or none");
}

Result<std::unique_ptr<SmtpSender>> SmtpSender::Create(SmtpOptions options, const Clock& clock) {
  if (options.host.empty() || options.port <= 0 || options.port > 65535 ||
      options.timeout.count() <= 0 || options.connect_timeout.count() <= 0) {
    return Status::Invalid("invalid_smtp_options", "host, port and timeouts are required");
  }
  if (options.host.find_first_of("/@?# \r\n") != std::string::npos ||
      options.helo_domain.find_first_of("/@?# \r\n") != std::string::npos) {
    return Status::Invalid("invalid_smtp_options", "host or helo_domain is not a name");
  }
  // The password would cross the network in the clear.
  if (!options.user.empty() && options.tls == SmtpTls::kNone) {
    return Status::Invalid("smtp_auth_requires_tls", "user is set but tls is none");
  }
  AMS_RETURN_IF_ERROR(ValidateMessageOptions(options.message));
  InitCurlOnce();
  return std::unique_ptr<SmtpSender>(new SmtpSender(std::move(options), clock));
}

SmtpSender::SmtpSender(SmtpOptions options, const Clock& clock)
    : options_(std::move(options)), url_(BuildUrl(options_)), clock_(clock) {}

Status SmtpSender::Send(const OutgoingMail& mail) {
  Result<std::string> message = FormatMessage(mail, options_.message, clock_.Now());
  if (!message.ok()) return message.status();

  CurlHandle h;
  if (h.curl == nullptr) return Status::Internal("curl_easy_init failed");
  CURL* c = h.curl;
  char error[CURL_ERROR_SIZE] = {0};
  Upload upload{&*message};
  CurlList rcpt;
  // FormatMessage has checked the address: no CR, LF, '<' or '>' can reach SMTP.
  rcpt.list = curl_slist_append(nullptr, ("<" + mail.to + ">").c_str());
  const std::string from = "<" + options_.message.from_address + ">";

  curl_easy_setopt(c, CURLOPT_URL, url_.c_str());
  curl_easy_setopt(c, CURLOPT_VERBOSE, 0L);   // verbose output would show AUTH
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);  // no SIGALRM: we run on threads
  curl_easy_setopt(c, CURLOPT_ERRORBUFFER, error);
  curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS,
                   static_cast<long>(options_.connect_timeout.count()));
  curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, static_cast<long>(options_.timeout.count()));
  curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
  if (options_.tls == SmtpTls::kStartTls) {
    // CURLUSESSL_ALL: no STARTTLS offered means no mail, never a silent
    // fallback to plain text.
    curl_easy_setopt(c, CURLOPT_USE_SSL, static_cast<long>(CURLUSESSL_ALL));
  }
  if (options_.tls != SmtpTls::kNone) {
    curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 1L);
    curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 2L);
    if (!options_.ca_file.empty()) curl_easy_setopt(c, CURLOPT_CAINFO, options_.ca_file.c_str());
  }
  if (!options_.user.empty()) {
    curl_easy_setopt(c, CURLOPT_USERNAME, options_.user.c_str());
    curl_easy_setopt(c, CURLOPT_PASSWORD, options_.password.reveal().c_str());
  }
  curl_easy_setopt(c, CURLOPT_MAIL_FROM, from.c_str());
  curl_easy_setopt(c, CURLOPT_MAIL_RCPT, rcpt.list);
  curl_easy_setopt(c, CURLOPT_READFUNCTION, &ReadMessage);
  curl_easy_setopt(c, CURLOPT_READDATA, &upload);
  curl_easy_setopt(c, CURLOPT_INFILESIZE_LARGE, static_cast<curl_off_t>(message->size()));
  curl_easy_setopt(c, CURLOPT_UPLOAD, 1L);

  const CURLcode rc = curl_easy_perform(c);
  if (rc == CURLE_OK) return Status();
  long reply = 0;
  curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &reply);
  return MapFailure(rc, reply, error);
}

}  // namespace ams::notify
