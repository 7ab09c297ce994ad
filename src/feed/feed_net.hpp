// The Asio/Beast names the feed's networking .cpp files share. Private to
// src/feed: include it only from .cpp files (Beast is slow to compile, and
// public headers stay free of it).
#pragma once

#include <fmt/format.h>

#include <boost/asio.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/beast/websocket.hpp>
#include <boost/beast/websocket/ssl.hpp>
#include <string>

namespace tapedeck::feed {

namespace asio = boost::asio;
namespace ssl = boost::asio::ssl;
namespace beast = boost::beast;
namespace http = boost::beast::http;
namespace websocket = boost::beast::websocket;
using tcp = boost::asio::ip::tcp;
using boost::asio::awaitable;

// Completion token that reports errors as values: our code throws nothing.
inline constexpr auto kNoThrow = asio::as_tuple(asio::use_awaitable);

// SNI, which TLS servers behind shared hosts need (SSL_set_tlsext_host_name
// without its C-style cast). An IP address is not a server name (RFC 6066):
// none is sent for one.
inline bool SetServerName(SSL* ssl, const std::string& host) {
  boost::system::error_code not_an_address;
  (void)asio::ip::make_address(host, not_an_address);
  if (!not_an_address) return true;
  return SSL_ctrl(ssl, SSL_CTRL_SET_TLSEXT_HOSTNAME, TLSEXT_NAMETYPE_host_name,
                  const_cast<char*>(host.c_str())) == 1;
}

// A failed TLS handshake for people: OpenSSL's reason and, when the peer's
// certificate was refused, why, and where the client looked for trust.
inline std::string DescribeTlsError(const boost::system::error_code& ec, SSL* ssl,
                                    const std::string& ca_file) {
  const long verify = SSL_get_verify_result(ssl);  // NOLINT(google-runtime-int): OpenSSL's type.
  if (verify == X509_V_OK) return ec.message();
  return fmt::format("certificate verify failed: {} (trusting {})",
                     X509_verify_cert_error_string(verify),
                     ca_file.empty() ? std::string("the system's CA certificates; a private CA "
                                                   "needs a CA file")
                                     : "the CA file " + ca_file);
}

}  // namespace tapedeck::feed
