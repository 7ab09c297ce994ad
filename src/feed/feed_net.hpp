// The Asio/Beast names the feed's networking .cpp files share. Private to
// src/feed: include it only from .cpp files (Beast is slow to compile, and
// public headers stay free of it).
#pragma once

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
// without its C-style cast).
inline bool SetServerName(SSL* ssl, const std::string& host) {
  return SSL_ctrl(ssl, SSL_CTRL_SET_TLSEXT_HOSTNAME, TLSEXT_NAMETYPE_host_name,
                  const_cast<char*>(host.c_str())) == 1;
}

}  // namespace tapedeck::feed
