#include "ca/crl_builder.h"

#include "ca/cert_builder.h"
#include "ca/der.h"
#include "ca/ossl/util.h"
#include "ca/raw_signer.h"

namespace ams::ca {
namespace {

// DER of the extension OIDs (RFC 5280 §5.2.1, §5.2.3, §5.3.1).
constexpr std::string_view kAkiOid("\x06\x03\x55\x1d\x23", 5);
constexpr std::string_view kCrlNumberOid("\x06\x03\x55\x1d\x14", 5);
constexpr std::string_view kReasonCodeOid("\x06\x03\x55\x1d\x15", 5);

// Room in front of the entries for the headers written once their lengths
// are known, so a 50 MB CRL is never copied to prepend a few bytes.
constexpr size_t kHeadroom = 4096;

std::string Extension(std::string_view oid, std::string_view value_der) {
  std::string body(oid);
  der::AppendTlv(body, der::kOctetString, value_der);
  return der::Tlv(der::kSequence, body);
}

// [0] EXPLICIT Extensions: authorityKeyIdentifier, cRLNumber.
std::string CrlExtensions(X509* ca_cert, int64_t crl_number) {
  const ASN1_OCTET_STRING* skid = X509_get0_subject_key_id(ca_cert);
  const std::string key_id =
      skid != nullptr ? std::string(reinterpret_cast<const char*>(ASN1_STRING_get0_data(skid)),
                                    static_cast<size_t>(ASN1_STRING_length(skid)))
                      : KeyIdentifier(X509_get_X509_PUBKEY(ca_cert));
  // AuthorityKeyIdentifier ::= SEQUENCE { keyIdentifier [0] IMPLICIT OCTET STRING }
  std::string exts =
      Extension(kAkiOid, der::Tlv(der::kSequence, der::Tlv(der::kContext0Primitive, key_id)));
  std::string number;
  der::AppendUnsignedInteger(number, static_cast<uint64_t>(crl_number));
  exts += Extension(kCrlNumberOid, number);
  return der::Tlv(der::kContext0Constructed, der::Tlv(der::kSequence, exts));
}

// revokedCertificates entry: SEQUENCE { serial, revocationDate, [extensions] }.
void AppendEntry(std::string& out, const CrlEntry& e) {
  std::string body;
  body.reserve(64);
  der::AppendUnsignedInteger(body, e.serial.data(), e.serial.size());
  der::AppendTime(body, ToUnixSeconds(e.revoked_at));
  if (e.reason != RevocationReason::kUnspecified) {
    // SEQUENCE { SEQUENCE { OID reasonCode, OCTET STRING { ENUMERATED code } } }
    const char reason[] = {0x0a, 0x01, static_cast<char>(RfcCode(e.reason))};
    std::string ext(kReasonCodeOid);
    der::AppendTlv(ext, der::kOctetString, std::string_view(reason, sizeof(reason)));
    der::AppendHeader(body, der::kSequence, der::HeaderSize(ext.size()) + ext.size());
    der::AppendTlv(body, der::kSequence, ext);
  }
  der::AppendTlv(out, der::kSequence, body);
}

Status CheckEntries(const std::vector<CrlEntry>& entries) {
  for (const CrlEntry& e : entries) {
    size_t start = 0;
    while (start < e.serial.size() && e.serial[start] == 0) ++start;
    const size_t n = e.serial.size() - start;
    if (n == 0 || n + ((e.serial[start] & 0x80) ? 1 : 0) > 20) {
      return Status::Invalid("serial_malformed", "CRL entry serial empty or over 20 octets");
    }
  }
  return Status::Ok();
}

}  // namespace

Result<std::string> BuildCrl(X509* ca_cert, EVP_PKEY* ca_key, const std::vector<CrlEntry>& entries,
                             int64_t crl_number, TimePoint this_update, TimePoint next_update) {
  if (ToUnixSeconds(next_update) <= ToUnixSeconds(this_update)) {
    return Status::Invalid("crl_times_invalid", "nextUpdate must be after thisUpdate");
  }
  if (crl_number < 0) return Status::Invalid("crl_number_invalid", "CRL number is negative");
  AMS_RETURN_IF_ERROR(CheckEntries(entries));

  // The algorithm goes inside the TBS too (§5.1.2.2).
  AMS_ASSIGN_OR_RETURN(const std::string algorithm, SignatureAlgorithmDer(ca_key));

  std::string head;
  der::AppendUnsignedInteger(head, 1);  // version v2 (§5.1.2.1)
  head += algorithm;
  head += ossl::ToDer(i2d_X509_NAME, X509_get_subject_name(ca_cert));
  der::AppendTime(head, ToUnixSeconds(this_update));
  der::AppendTime(head, ToUnixSeconds(next_update));
  const std::string extensions = CrlExtensions(ca_cert, crl_number);

  std::string buf(kHeadroom, '\0');
  buf.reserve(kHeadroom + entries.size() * 48 + extensions.size() + 256);
  for (const CrlEntry& e : entries) AppendEntry(buf, e);
  const size_t entries_len = buf.size() - kHeadroom;
  buf += extensions;

  // §5.1.2.6: with no revoked certificates the list is absent, not empty.
  std::string prefix;
  const size_t list_len = entries_len == 0 ? 0 : der::HeaderSize(entries_len) + entries_len;
  const size_t tbs_content = head.size() + list_len + extensions.size();
  der::AppendHeader(prefix, der::kSequence, tbs_content);
  prefix += head;
  if (entries_len > 0) der::AppendHeader(prefix, der::kSequence, entries_len);
  if (prefix.size() + 8 > kHeadroom) return Status::Internal("CRL header larger than headroom");
  const size_t tbs_start = kHeadroom - prefix.size();
  buf.replace(tbs_start, prefix.size(), prefix);
  const std::string_view tbs(buf.data() + tbs_start, buf.size() - tbs_start);

  AMS_ASSIGN_OR_RETURN(RawSignature sig, SignRaw(ca_key, tbs));
  std::string tail = sig.algorithm_der;
  der::AppendHeader(tail, der::kBitString, sig.signature.size() + 1);
  tail.push_back('\0');  // no unused bits
  tail += sig.signature;

  std::string outer;
  der::AppendHeader(outer, der::kSequence, tbs.size() + tail.size());
  const size_t start = tbs_start - outer.size();
  buf.replace(start, outer.size(), outer);
  buf += tail;
  buf.erase(0, start);
  return buf;
}

Result<std::string> BuildCrl(const CaCredential& ca, const std::vector<CrlEntry>& entries,
                             int64_t crl_number, TimePoint this_update, TimePoint next_update) {
  if (!ca.key) return Status::FailedPrecondition("ca_key_not_loaded", "CA key is not loaded");
  return BuildCrl(ca.cert.get(), ca.key.get(), entries, crl_number, this_update, next_update);
}

}  // namespace ams::ca
