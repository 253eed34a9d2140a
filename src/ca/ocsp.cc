#include "ca/ocsp.h"

#include "ca/der.h"
#include "ca/ossl/util.h"
#include "ca/serial.h"

namespace ams::ca {
namespace {

Status Malformed(std::string_view what) { return ossl::InputError("ocsp_request_malformed", what); }

std::string Bytes(const ASN1_STRING* s) {
  if (s == nullptr) return {};
  return std::string(reinterpret_cast<const char*>(ASN1_STRING_get0_data(s)),
                     static_cast<size_t>(ASN1_STRING_length(s)));
}

// RFC 8954 §2.1: the nonce is an OCTET STRING of 1..32 octets. Some old
// clients put the raw bytes in extnValue without the inner OCTET STRING;
// accept those too when they are 1..32 octets.
bool NonceSizeOk(std::string_view value) {
  std::string_view in = value;
  der::Element inner;
  if (der::ReadExpected(in, der::kOctetString, inner) && in.empty()) {
    return !inner.content.empty() && inner.content.size() <= 32;
  }
  return !value.empty() && value.size() <= 32;
}

}  // namespace

Result<OcspRequestInfo> ParseOcspRequest(std::string_view der) {
  if (der.size() > kMaxOcspRequestBytes) {
    return Status::Invalid("ocsp_request_too_large", std::to_string(der.size()) + " bytes");
  }
  if (der.empty()) return Status::Invalid("ocsp_request_malformed", "empty request");
  const auto* p = reinterpret_cast<const unsigned char*>(der.data());
  ossl::OcspRequestPtr req(d2i_OCSP_REQUEST(nullptr, &p, static_cast<long>(der.size())));
  if (!req) return Malformed("d2i_OCSP_REQUEST");
  if (p != reinterpret_cast<const unsigned char*>(der.data() + der.size())) {
    return Status::Invalid("ocsp_request_malformed", "trailing bytes after the request");
  }
  const int count = OCSP_request_onereq_count(req.get());
  if (count <= 0) return Status::Invalid("ocsp_request_malformed", "no CertID in the request");
  if (static_cast<size_t>(count) > kMaxOcspCertIds) {
    return Status::Invalid("ocsp_request_too_large", std::to_string(count) + " CertIDs");
  }
  OcspRequestInfo info;
  for (int i = 0; i < count; ++i) {
    OCSP_CERTID* id = OCSP_onereq_get0_id(OCSP_request_onereq_get0(req.get(), i));
    ASN1_OCTET_STRING* name_hash = nullptr;
    ASN1_OBJECT* md_oid = nullptr;
    ASN1_OCTET_STRING* key_hash = nullptr;
    ASN1_INTEGER* serial = nullptr;
    if (id == nullptr || OCSP_id_get0_info(&name_hash, &md_oid, &key_hash, &serial, id) != 1) {
      return Malformed("CertID");
    }
    OcspCertId cid;
    const int nid = OBJ_obj2nid(md_oid);
    cid.hash_algorithm = nid == NID_undef ? "unknown" : OBJ_nid2sn(nid);
    cid.issuer_name_hash = Bytes(name_hash);
    cid.issuer_key_hash = Bytes(key_hash);
    cid.serial_hex = SerialHex(serial);
    cid.der = ossl::ToDer(i2d_OCSP_CERTID, id);
    if (cid.der.empty()) return Malformed("CertID does not re-encode");
    info.cert_ids.push_back(std::move(cid));
  }
  const int nonce_at = OCSP_REQUEST_get_ext_by_NID(req.get(), NID_id_pkix_OCSP_Nonce, -1);
  if (nonce_at >= 0) {
    X509_EXTENSION* ext = OCSP_REQUEST_get_ext(req.get(), nonce_at);
    std::string value = Bytes(X509_EXTENSION_get_data(ext));
    if (!NonceSizeOk(value)) {
      return Status::Invalid("ocsp_request_malformed", "nonce must be 1..32 octets");
    }
    info.nonce = std::move(value);
  }
  return info;
}

}  // namespace ams::ca
