#include "ca/ocsp_responder.h"

#include "ca/ossl/util.h"
#include "ca/serial.h"

namespace ams::ca {
namespace {

std::string Hash(const EVP_MD* md, std::string_view data) {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  if (md == nullptr || EVP_Digest(data.data(), data.size(), out, &len, md, nullptr) != 1) return {};
  return std::string(reinterpret_cast<const char*>(out), len);
}

// Adds one SingleResponse (RFC 6960 §4.2.1). OpenSSL converts the times to
// GeneralizedTime as §4.2.2.1 requires.
Status AddStatus(OCSP_BASICRESP* basic, OCSP_CERTID* cid, const CertStatus& status,
                 ASN1_TIME* this_update, ASN1_TIME* next_update) {
  int code = V_OCSP_CERTSTATUS_UNKNOWN;
  int reason = OCSP_REVOKED_STATUS_NOSTATUS;
  ossl::Asn1TimePtr revoked_at;
  switch (status.kind) {
    case CertStatus::Kind::kGood:
      code = V_OCSP_CERTSTATUS_GOOD;
      break;
    case CertStatus::Kind::kRevoked:
      code = V_OCSP_CERTSTATUS_REVOKED;
      revoked_at = ossl::ToAsn1Time(status.revoked_at);
      if (!revoked_at) return ossl::InternalError("revocation time");
      // As in the CRL (RFC 5280 §5.3.1): no reason rather than unspecified.
      if (status.reason != RevocationReason::kUnspecified) reason = RfcCode(status.reason);
      break;
    case CertStatus::Kind::kUnknown:
      break;
  }
  if (OCSP_basic_add1_status(basic, cid, code, reason, revoked_at.get(), this_update,
                             next_update) == nullptr) {
    return ossl::InternalError("OCSP_basic_add1_status");
  }
  return Status::Ok();
}

}  // namespace

std::string OcspErrorResponse(OcspError error) {
  ossl::OcspResponsePtr resp(OCSP_response_create(static_cast<int>(error), nullptr));
  if (!resp) return {};
  return ossl::ToDer(i2d_OCSP_RESPONSE, resp.get());
}

Result<OcspResponder> OcspResponder::Create(const CaCredential& responder,
                                            const CaCredential& issuing_ca) {
  if (!responder.key || !responder.cert || !issuing_ca.cert) {
    return Status::FailedPrecondition("ca_key_not_loaded", "OCSP responder key is not loaded");
  }
  OcspResponder r;
  r.responder_cert_ = ossl::UpRef(responder.cert.get());
  r.responder_key_ = ossl::UpRef(responder.key.get());
  r.issuer_cert_ = ossl::UpRef(issuing_ca.cert.get());
  AMS_ASSIGN_OR_RETURN(r.responder_not_before_,
                       ossl::FromAsn1Time(X509_get0_notBefore(responder.cert.get())));
  AMS_ASSIGN_OR_RETURN(r.responder_not_after_,
                       ossl::FromAsn1Time(X509_get0_notAfter(responder.cert.get())));
  r.issuer_name_der_ = ossl::ToDer(i2d_X509_NAME, X509_get_subject_name(issuing_ca.cert.get()));
  const ASN1_BIT_STRING* key = X509_get0_pubkey_bitstr(issuing_ca.cert.get());
  if (r.issuer_name_der_.empty() || key == nullptr) {
    return ossl::InternalError("reading the issuing CA certificate");
  }
  // RFC 6960 §4.1.1: the key hash covers the subjectPublicKey value
  // without tag, length and unused-bits octet.
  r.issuer_key_bits_.assign(reinterpret_cast<const char*>(ASN1_STRING_get0_data(key)),
                            static_cast<size_t>(ASN1_STRING_length(key)));
  r.sha1_name_hash_ = Hash(EVP_sha1(), r.issuer_name_der_);
  r.sha1_key_hash_ = Hash(EVP_sha1(), r.issuer_key_bits_);
  return r;
}

Status OcspResponder::CheckValidity(TimePoint now, std::chrono::seconds validity) const {
  if (validity.count() <= 0) {
    return Status::Invalid("ocsp_validity_invalid", "validity must be positive");
  }
  if (now < responder_not_before_ || now >= responder_not_after_) {
    return Status::FailedPrecondition("ocsp_responder_expired",
                                      "the OCSP responder certificate is not valid now");
  }
  return Status::Ok();
}

bool OcspResponder::IsOurIssuer(const OcspCertId& id) const {
  if (id.hash_algorithm == "SHA1") {
    return id.issuer_name_hash == sha1_name_hash_ && id.issuer_key_hash == sha1_key_hash_;
  }
  const EVP_MD* md = EVP_get_digestbyname(id.hash_algorithm.c_str());
  if (md == nullptr) return false;
  return id.issuer_name_hash == Hash(md, issuer_name_der_) &&
         id.issuer_key_hash == Hash(md, issuer_key_bits_);
}

std::optional<std::string> OcspResponder::CacheKey(const OcspRequestInfo& request) const {
  if (request.cert_ids.size() != 1 || request.nonce.has_value()) return std::nullopt;
  const OcspCertId& id = request.cert_ids[0];
  if (id.hash_algorithm != "SHA1" || !IsOurIssuer(id)) return std::nullopt;
  return id.serial_hex;
}

Result<std::string> OcspResponder::Respond(const OcspRequestInfo& request,
                                           const CertStatusLookup& lookup, TimePoint now,
                                           std::chrono::seconds validity) const {
  AMS_RETURN_IF_ERROR(CheckValidity(now, validity));
  if (request.cert_ids.empty()) return Status::Invalid("ocsp_request_malformed", "no CertID");
  ossl::OcspBasicRespPtr basic(OCSP_BASICRESP_new());
  ossl::Asn1TimePtr this_update = ossl::ToAsn1Time(now);
  ossl::Asn1TimePtr next_update = ossl::ToAsn1Time(now + validity);
  if (!basic || !this_update || !next_update)
    return ossl::InternalError("allocating OCSP response");
  for (const OcspCertId& id : request.cert_ids) {
    const auto* p = reinterpret_cast<const unsigned char*>(id.der.data());
    ossl::OcspCertIdPtr cid(d2i_OCSP_CERTID(nullptr, &p, static_cast<long>(id.der.size())));
    if (!cid) return Status::Invalid("ocsp_request_malformed", "CertID does not decode");
    // §2.2: "unknown" for certificates of an issuer we do not serve.
    const CertStatus status = IsOurIssuer(id) ? lookup(id.serial_hex) : CertStatus::Unknown();
    AMS_RETURN_IF_ERROR(
        AddStatus(basic.get(), cid.get(), status, this_update.get(), next_update.get()));
  }
  if (request.nonce.has_value()) {
    // RFC 8954 §2.1 / RFC 6960 §4.4.1: echo the nonce extension verbatim.
    ossl::Asn1OctetStringPtr value(ASN1_OCTET_STRING_new());
    if (!value || ASN1_OCTET_STRING_set(
                      value.get(), reinterpret_cast<const unsigned char*>(request.nonce->data()),
                      static_cast<int>(request.nonce->size())) != 1) {
      return ossl::InternalError("nonce");
    }
    ossl::X509ExtensionPtr ext(
        X509_EXTENSION_create_by_NID(nullptr, NID_id_pkix_OCSP_Nonce, 0, value.get()));
    if (!ext || OCSP_BASICRESP_add_ext(basic.get(), ext.get(), -1) != 1) {
      return ossl::InternalError("adding the nonce");
    }
  }
  return Sign(basic.get());
}

Result<std::string> OcspResponder::SignBasicResponse(const std::string& serial_hex,
                                                     const CertStatus& status, TimePoint now,
                                                     std::chrono::seconds validity) const {
  AMS_RETURN_IF_ERROR(CheckValidity(now, validity));
  AMS_ASSIGN_OR_RETURN(const std::vector<uint8_t> serial, ParseSerialHex(serial_hex));
  ossl::Asn1IntegerPtr sn = SerialToAsn1(serial);
  if (!sn) return ossl::InternalError("serial");
  ossl::OcspCertIdPtr cid(OCSP_cert_id_new(EVP_sha1(), X509_get_subject_name(issuer_cert_.get()),
                                           X509_get0_pubkey_bitstr(issuer_cert_.get()), sn.get()));
  ossl::OcspBasicRespPtr basic(OCSP_BASICRESP_new());
  ossl::Asn1TimePtr this_update = ossl::ToAsn1Time(now);
  ossl::Asn1TimePtr next_update = ossl::ToAsn1Time(now + validity);
  if (!cid || !basic || !this_update || !next_update)
    return ossl::InternalError("allocating OCSP response");
  AMS_RETURN_IF_ERROR(
      AddStatus(basic.get(), cid.get(), status, this_update.get(), next_update.get()));
  return Sign(basic.get());
}

Result<std::string> OcspResponder::Sign(OCSP_BASICRESP* basic) const {
  // ResponderID byKey (RFC 6960 §4.2.2.3, RFC 5019 §2.2.3: smaller, and
  // does not change if the responder is renamed); flags 0 otherwise, so
  // the responder certificate goes into `certs` for clients to verify it.
  if (OCSP_basic_sign(basic, responder_cert_.get(), responder_key_.get(),
                      ossl::DigestFor(responder_key_.get()), nullptr, OCSP_RESPID_KEY) != 1) {
    return ossl::InternalError("OCSP_basic_sign");
  }
  ossl::OcspResponsePtr resp(OCSP_response_create(OCSP_RESPONSE_STATUS_SUCCESSFUL, basic));
  if (!resp) return ossl::InternalError("OCSP_response_create");
  std::string der = ossl::ToDer(i2d_OCSP_RESPONSE, resp.get());
  if (der.empty()) return ossl::InternalError("i2d_OCSP_RESPONSE");
  return der;
}

}  // namespace ams::ca
