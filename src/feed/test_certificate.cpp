#include "feed/test_certificate.hpp"

#include <openssl/bio.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/obj_mac.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <memory>

#include "core/check.hpp"

namespace tapedeck::feed {
namespace {

constexpr long kOneHour = 3600;  // NOLINT(google-runtime-int): X509_gmtime_adj takes a long.
constexpr long kOneDay = 86400;  // NOLINT(google-runtime-int)

template <typename T, void (*Free)(T*)>
struct Deleter {
  void operator()(T* pointer) const { Free(pointer); }
};
using KeyContextPtr = std::unique_ptr<EVP_PKEY_CTX, Deleter<EVP_PKEY_CTX, EVP_PKEY_CTX_free>>;
using KeyPtr = std::unique_ptr<EVP_PKEY, Deleter<EVP_PKEY, EVP_PKEY_free>>;
using CertificatePtr = std::unique_ptr<X509, Deleter<X509, X509_free>>;
using ExtensionPtr = std::unique_ptr<X509_EXTENSION, Deleter<X509_EXTENSION, X509_EXTENSION_free>>;

void FreeBio(BIO* bio) { BIO_free(bio); }
using BioPtr = std::unique_ptr<BIO, Deleter<BIO, FreeBio>>;

KeyPtr MakeKey() {
  const KeyContextPtr context(EVP_PKEY_CTX_new_id(EVP_PKEY_EC, nullptr));
  TD_CHECK(context != nullptr, "EVP_PKEY_CTX_new_id failed");
  TD_CHECK(EVP_PKEY_keygen_init(context.get()) == 1, "EVP_PKEY_keygen_init failed");
  TD_CHECK(EVP_PKEY_CTX_set_ec_paramgen_curve_nid(context.get(), NID_X9_62_prime256v1) == 1,
           "choosing the P-256 curve failed");
  EVP_PKEY* key = nullptr;
  TD_CHECK(EVP_PKEY_keygen(context.get(), &key) == 1, "EVP_PKEY_keygen failed");
  return KeyPtr(key);
}

void AddExtension(X509* certificate, X509V3_CTX& context, int nid, const char* value) {
  const ExtensionPtr extension(X509V3_EXT_conf_nid(nullptr, &context, nid, value));
  TD_CHECK(extension != nullptr, "making the extension {} failed", value);
  TD_CHECK(X509_add_ext(certificate, extension.get(), -1) == 1, "adding {} failed", value);
}

}  // namespace

TestCertificate WriteTestCertificate(const std::filesystem::path& directory) {
  const KeyPtr key = MakeKey();
  const CertificatePtr certificate(X509_new());
  X509* cert = certificate.get();
  TD_CHECK(cert != nullptr, "X509_new failed");
  TD_CHECK(X509_set_version(cert, 2) == 1, "X509_set_version failed");  // 2 means v3.
  TD_CHECK(ASN1_INTEGER_set(X509_get_serialNumber(cert), 1) == 1, "setting the serial failed");
  TD_CHECK(X509_gmtime_adj(X509_getm_notBefore(cert), -kOneHour) != nullptr, "notBefore failed");
  TD_CHECK(X509_gmtime_adj(X509_getm_notAfter(cert), kOneDay) != nullptr, "notAfter failed");
  TD_CHECK(X509_set_pubkey(cert, key.get()) == 1, "X509_set_pubkey failed");
  X509_NAME* name = X509_get_subject_name(cert);
  const unsigned char common_name[] = "localhost";
  TD_CHECK(X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, common_name, -1, -1, 0) == 1,
           "setting the subject failed");
  TD_CHECK(X509_set_issuer_name(cert, name) == 1, "setting the issuer failed");
  X509V3_CTX context{};
  X509V3_set_ctx(&context, cert, cert, nullptr, nullptr, 0);
  AddExtension(cert, context, NID_basic_constraints, "critical,CA:TRUE");
  AddExtension(cert, context, NID_key_usage, "critical,digitalSignature,keyCertSign");
  AddExtension(cert, context, NID_subject_key_identifier, "hash");
  AddExtension(cert, context, NID_subject_alt_name, "DNS:localhost,IP:127.0.0.1");
  TD_CHECK(X509_sign(cert, key.get(), EVP_sha256()) > 0, "X509_sign failed");

  const TestCertificate files{directory / "cert.pem", directory / "key.pem"};
  {
    const BioPtr out(BIO_new_file(files.certificate.c_str(), "w"));
    TD_CHECK(out != nullptr, "cannot write {}", files.certificate.string());
    TD_CHECK(PEM_write_bio_X509(out.get(), cert) == 1, "PEM_write_bio_X509 failed");
  }
  {
    const BioPtr out(BIO_new_file(files.key.c_str(), "w"));
    TD_CHECK(out != nullptr, "cannot write {}", files.key.string());
    TD_CHECK(
        PEM_write_bio_PrivateKey(out.get(), key.get(), nullptr, nullptr, 0, nullptr, nullptr) == 1,
        "PEM_write_bio_PrivateKey failed");
  }
  return files;
}

}  // namespace tapedeck::feed
