#include "ca/cert_encoder.h"

#include "ca/der.h"

namespace ams::ca::encode {
namespace {

using namespace std::string_view_literals;

// Contents of the OIDs we write (RFC 5280 §4.2, X.520, RFC 9336).
constexpr std::string_view kBasicConstraints = "\x55\x1d\x13"sv;
constexpr std::string_view kKeyUsage = "\x55\x1d\x0f"sv;
constexpr std::string_view kExtKeyUsage = "\x55\x1d\x25"sv;
constexpr std::string_view kSubjectAltName = "\x55\x1d\x11"sv;
constexpr std::string_view kSubjectKeyId = "\x55\x1d\x0e"sv;
constexpr std::string_view kAuthorityKeyId = "\x55\x1d\x23"sv;
constexpr std::string_view kCrlDistributionPoints = "\x55\x1d\x1f"sv;
constexpr std::string_view kCertificatePolicies = "\x55\x1d\x20"sv;
constexpr std::string_view kAuthorityInfoAccess = "\x2b\x06\x01\x05\x05\x07\x01\x01"sv;
constexpr std::string_view kEmailProtection = "\x2b\x06\x01\x05\x05\x07\x03\x04"sv;
constexpr std::string_view kDocumentSigning = "\x2b\x06\x01\x05\x05\x07\x03\x24"sv;
constexpr std::string_view kAdOcsp = "\x2b\x06\x01\x05\x05\x07\x30\x01"sv;
constexpr std::string_view kAdCaIssuers = "\x2b\x06\x01\x05\x05\x07\x30\x02"sv;

constexpr uint8_t kUtf8String = 0x0c;
constexpr uint8_t kPrintableString = 0x13;
constexpr uint8_t kIa5String = 0x16;
constexpr uint8_t kSet = 0x31;
constexpr uint8_t kGeneralNameEmail = 0x81;  // rfc822Name [1] IMPLICIT IA5String
constexpr uint8_t kGeneralNameUri = 0x86;    // uniformResourceIdentifier [6]
constexpr uint8_t kContext3Constructed = 0xa3;

std::string_view AttributeOid(Attribute a) {
  switch (a) {
    case Attribute::kCountry:
      return "\x55\x04\x06"sv;
    case Attribute::kOrganization:
      return "\x55\x04\x0a"sv;
    case Attribute::kOrganizationalUnit:
      return "\x55\x04\x0b"sv;
    case Attribute::kTitle:
      return "\x55\x04\x0c"sv;
    case Attribute::kCommonName:
      return "\x55\x04\x03"sv;
    case Attribute::kSerialNumber:
      return "\x55\x04\x05"sv;
  }
  return {};
}

// Number of code points if `s` is valid UTF-8 (RFC 3629: no overlongs, no
// surrogates, at most U+10FFFF, no C0/C1 controls), else -1.
int Utf8Length(std::string_view s) {
  int count = 0;
  for (size_t i = 0; i < s.size(); ++count) {
    const auto b = static_cast<uint8_t>(s[i]);
    size_t n;
    uint32_t cp;
    if (b < 0x80) {
      n = 1;
      cp = b;
    } else if ((b & 0xe0) == 0xc0) {
      n = 2;
      cp = b & 0x1f;
    } else if ((b & 0xf0) == 0xe0) {
      n = 3;
      cp = b & 0x0f;
    } else if ((b & 0xf8) == 0xf0) {
      n = 4;
      cp = b & 0x07;
    } else
      return -1;
    if (i + n > s.size()) return -1;
    for (size_t k = 1; k < n; ++k) {
      const auto c = static_cast<uint8_t>(s[i + k]);
      if ((c & 0xc0) != 0x80) return -1;
      cp = (cp << 6) | (c & 0x3f);
    }
    static constexpr uint32_t kMin[] = {0, 0, 0x80, 0x800, 0x10000};
    if (cp < kMin[n] || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return -1;
    if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0)) return -1;
    i += n;
  }
  return count;
}

}  // namespace

Result<std::string> Name(const std::vector<NameEntry>& entries) {
  std::string rdns;
  for (const NameEntry& e : entries) {
    uint8_t string_tag = kUtf8String;
    if (e.type == Attribute::kCountry) {
      // X.520 countryName: PrintableString SIZE(2), ISO 3166 alpha-2.
      if (e.value.size() != 2 || e.value[0] < 'A' || e.value[0] > 'Z' || e.value[1] < 'A' ||
          e.value[1] > 'Z') {
        return Status::Invalid("subject_field_invalid", "country must be two capital letters");
      }
      string_tag = kPrintableString;
    } else {
      const int chars = Utf8Length(e.value);
      if (chars < 1 || chars > 64) {
        return Status::Invalid("subject_field_invalid",
                               "subject value empty, over 64 characters or not UTF-8");
      }
    }
    std::string atv(der::Tlv(der::kOid, AttributeOid(e.type)));
    der::AppendTlv(atv, string_tag, e.value);
    der::AppendTlv(rdns, kSet, der::Tlv(der::kSequence, atv));
  }
  return der::Tlv(der::kSequence, rdns);
}

Result<std::string> OidContents(std::string_view dotted) {
  std::vector<uint64_t> arcs;
  uint64_t arc = 0;
  bool digit = false;
  for (char c : dotted) {
    if (c >= '0' && c <= '9') {
      if (digit && arc == 0) return Status::Invalid("profile_invalid", "OID arc with leading zero");
      if (arc > (UINT64_MAX - 9) / 10 / 40)
        return Status::Invalid("profile_invalid", "OID arc too large");
      arc = arc * 10 + static_cast<uint64_t>(c - '0');
      digit = true;
    } else if (c == '.' && digit) {
      arcs.push_back(arc);
      arc = 0;
      digit = false;
    } else {
      return Status::Invalid("profile_invalid", "OID is not dotted decimal");
    }
  }
  if (!digit) return Status::Invalid("profile_invalid", "OID is not dotted decimal");
  arcs.push_back(arc);
  // X.660: at least two arcs, the first 0..2, the second < 40 under 0 and 1.
  if (arcs.size() < 2 || arcs[0] > 2 || (arcs[0] < 2 && arcs[1] >= 40)) {
    return Status::Invalid("profile_invalid", "OID arcs out of range");
  }
  std::string out;
  auto base128 = [&out](uint64_t v) {
    char buf[10];
    int n = 0;
    do {
      buf[n++] = static_cast<char>(v & 0x7f);
      v >>= 7;
    } while (v != 0);
    while (n > 1) out.push_back(static_cast<char>(buf[--n] | 0x80));
    out.push_back(buf[0]);
  };
  base128(arcs[0] * 40 + arcs[1]);
  for (size_t i = 2; i < arcs.size(); ++i) base128(arcs[i]);
  return out;
}

std::string Extension(std::string_view oid, bool critical, std::string_view value) {
  std::string body(der::Tlv(der::kOid, oid));
  if (critical) body.append("\x01\x01\xff", 3);  // DER: DEFAULT FALSE is omitted.
  der::AppendTlv(body, der::kOctetString, value);
  return der::Tlv(der::kSequence, body);
}

std::string EndEntityUsageExtensions() {
  // basicConstraints: cA DEFAULT FALSE is omitted, leaving an empty SEQUENCE.
  std::string out = Extension(kBasicConstraints, true, "\x30\x00"sv);
  // keyUsage: digitalSignature (bit 0) + nonRepudiation (bit 1): 0xc0 with
  // six unused bits (X.690 §11.2.2: trailing zero bits removed).
  out += Extension(kKeyUsage, true, "\x03\x02\x06\xc0"sv);
  std::string eku(der::Tlv(der::kOid, kEmailProtection));
  der::AppendTlv(eku, der::kOid, kDocumentSigning);
  out += Extension(kExtKeyUsage, false, der::Tlv(der::kSequence, eku));
  return out;
}

std::string EmailSanExtension(std::string_view email) {
  return Extension(kSubjectAltName, false,
                   der::Tlv(der::kSequence, der::Tlv(kGeneralNameEmail, email)));
}

std::string KeyIdExtensions(std::string_view subject_key_id, std::string_view authority_key_id) {
  std::string out = Extension(kSubjectKeyId, false, der::Tlv(der::kOctetString, subject_key_id));
  out += Extension(kAuthorityKeyId, false,
                   der::Tlv(der::kSequence, der::Tlv(der::kContext0Primitive, authority_key_id)));
  return out;
}

std::string CrlDistributionPointExtension(std::string_view url) {
  // DistributionPoint { distributionPoint [0] { fullName [0] { URI } } }
  const std::string full_name = der::Tlv(der::kContext0Constructed, der::Tlv(kGeneralNameUri, url));
  const std::string point =
      der::Tlv(der::kSequence, der::Tlv(der::kContext0Constructed, full_name));
  return Extension(kCrlDistributionPoints, false, der::Tlv(der::kSequence, point));
}

std::string AuthorityInfoAccessExtension(std::string_view ocsp_url,
                                         std::string_view ca_issuers_url) {
  std::string descriptions;
  for (const auto& [method, url] :
       {std::pair{kAdOcsp, ocsp_url}, std::pair{kAdCaIssuers, ca_issuers_url}}) {
    if (url.empty()) continue;
    std::string d(der::Tlv(der::kOid, method));
    der::AppendTlv(d, kGeneralNameUri, url);
    der::AppendTlv(descriptions, der::kSequence, d);
  }
  if (descriptions.empty()) return {};
  return Extension(kAuthorityInfoAccess, false, der::Tlv(der::kSequence, descriptions));
}

std::string CertificatePoliciesExtension(std::string_view policy_oid_contents) {
  const std::string info = der::Tlv(der::kSequence, der::Tlv(der::kOid, policy_oid_contents));
  return Extension(kCertificatePolicies, false, der::Tlv(der::kSequence, info));
}

std::string TbsCertificate(const TbsFields& f) {
  std::string body("\xa0\x03\x02\x01\x02", 5);  // [0] EXPLICIT version v3
  der::AppendUnsignedInteger(body, f.serial.data(), f.serial.size());
  body += f.signature_algorithm;
  body += f.issuer;
  std::string validity;
  der::AppendTime(validity, f.not_before);
  der::AppendTime(validity, f.not_after);
  der::AppendTlv(body, der::kSequence, validity);
  body += f.subject;
  body += f.spki;
  if (!f.extensions.empty()) {
    der::AppendTlv(body, kContext3Constructed, der::Tlv(der::kSequence, f.extensions));
  }
  return der::Tlv(der::kSequence, body);
}

std::string Certificate(std::string_view tbs, std::string_view algorithm,
                        std::string_view signature) {
  std::string body(tbs);
  body += algorithm;
  der::AppendHeader(body, der::kBitString, signature.size() + 1);
  body.push_back('\0');  // no unused bits
  body += signature;
  return der::Tlv(der::kSequence, body);
}

}  // namespace ams::ca::encode
