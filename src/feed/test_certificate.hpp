// A self-signed TLS certificate made at test time, so the TLS tests need no
// key material in the repository. Test-only: linked into the feed's tests.
#pragma once

#include <filesystem>

namespace tapedeck::feed {

struct TestCertificate {
  std::filesystem::path certificate;  // PEM; it is its own CA (the client's ca_file).
  std::filesystem::path key;          // PEM, unencrypted.
};

// Makes an EC P-256 key and a certificate for "localhost" and 127.0.0.1
// (subject alternative names), valid from an hour ago for a day, signed by
// itself with SHA-256, and writes them to `directory` as cert.pem and
// key.pem. Requires: a writable directory; stops the program otherwise.
TestCertificate WriteTestCertificate(const std::filesystem::path& directory);

}  // namespace tapedeck::feed
