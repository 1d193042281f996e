// scenario_server: a local HTTP/1.1 server with scripted behaviours (redirects, delays, dripped
// bodies, broken connections, malformed responses...) for duknet's tests. README.md lists the
// endpoints. One thread per connection with Beast's synchronous API keeps it simple: tests open
// at most a few dozen connections.

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ip/v6_only.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/string.hpp>
#include <boost/beast/http.hpp>

#include <brotli/encode.h>
#include <zlib.h>

#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <unistd.h>

#include <array>
#include <atomic>
#include <charconv>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <system_error>
#include <thread>
#include <utility>
#include <vector>

namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;
using boost::system::error_code;
using Request = http::request<http::string_body>;
using Response = http::response<http::string_body>;

// Thrown while reading an endpoint's parameters (before anything is written); answered with 400.
struct BadRequest : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// ---------------------------------------------------------------------------------------------
// Decoding helpers

int hex_digit_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Decodes %XX escapes only: '+' stays '+' so that base64 values survive unescaped.
std::string percent_decode(std::string_view text) {
  std::string decoded;
  decoded.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%' && i + 2 < text.size() && hex_digit_value(text[i + 1]) >= 0 &&
        hex_digit_value(text[i + 2]) >= 0) {
      decoded += static_cast<char>(hex_digit_value(text[i + 1]) * 16 + hex_digit_value(text[i + 2]));
      i += 2;
    } else {
      decoded += text[i];
    }
  }
  return decoded;
}

std::string hex_decode(std::string_view hex) {
  if (hex.size() % 2 != 0) throw BadRequest("hex: odd number of digits");
  std::string bytes;
  for (std::size_t i = 0; i < hex.size(); i += 2) {
    const int high = hex_digit_value(hex[i]);
    const int low = hex_digit_value(hex[i + 1]);
    if (high < 0 || low < 0) throw BadRequest("hex: invalid digit");
    bytes += static_cast<char>(high * 16 + low);
  }
  return bytes;
}

// Accepts the standard and the URL-safe alphabets, with or without '=' padding.
std::string base64_decode(std::string_view text) {
  std::string bytes;
  std::uint32_t accumulator = 0;
  int bits = 0;
  for (const char c : text) {
    int value;
    if (c >= 'A' && c <= 'Z') value = c - 'A';
    else if (c >= 'a' && c <= 'z') value = c - 'a' + 26;
    else if (c >= '0' && c <= '9') value = c - '0' + 52;
    else if (c == '+' || c == '-') value = 62;
    else if (c == '/' || c == '_') value = 63;
    else if (c == '=') break;
    else throw BadRequest("b64: invalid character");
    accumulator = (accumulator << 6) | static_cast<std::uint32_t>(value);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      bytes += static_cast<char>((accumulator >> bits) & 0xff);
    }
  }
  return bytes;
}

std::string base64_encode(std::string_view bytes) {
  static constexpr char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  for (std::size_t i = 0; i < bytes.size(); i += 3) {
    std::uint32_t triple = static_cast<unsigned char>(bytes[i]) << 16;
    if (i + 1 < bytes.size()) triple |= static_cast<unsigned char>(bytes[i + 1]) << 8;
    if (i + 2 < bytes.size()) triple |= static_cast<unsigned char>(bytes[i + 2]);
    out += alphabet[triple >> 18];
    out += alphabet[(triple >> 12) & 63];
    out += i + 1 < bytes.size() ? alphabet[(triple >> 6) & 63] : '=';
    out += i + 2 < bytes.size() ? alphabet[triple & 63] : '=';
  }
  return out;
}

std::optional<std::uint64_t> parse_uint(std::string_view text) {
  std::uint64_t value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || error != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

std::uint64_t path_number(std::string_view text) {
  const auto value = parse_uint(text);
  if (!value) throw BadRequest("expected a number in the path, got '" + std::string(text) + "'");
  return *value;
}

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

// JSON string literal; bytes >= 0x80 become \u00XX, i.e. the body is read as Latin-1.
std::string json_string(std::string_view bytes) {
  static constexpr char hex_digits[] = "0123456789abcdef";
  std::string out = "\"";
  for (const char c : bytes) {
    const auto byte = static_cast<unsigned char>(c);
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (byte < 0x20 || byte >= 0x7f) {
          out += "\\u00";
          out += hex_digits[byte >> 4];
          out += hex_digits[byte & 0xf];
        } else {
          out += c;
        }
    }
  }
  out += '"';
  return out;
}

// ---------------------------------------------------------------------------------------------
// Query strings

class Query {
 public:
  explicit Query(std::string_view query_string) {
    while (!query_string.empty()) {
      const std::size_t amp = query_string.find('&');
      const std::string_view pair = query_string.substr(0, amp);
      query_string = amp == std::string_view::npos ? std::string_view() : query_string.substr(amp + 1);
      if (pair.empty()) continue;
      const std::size_t eq = pair.find('=');
      params_.emplace_back(percent_decode(pair.substr(0, eq)),
                           eq == std::string_view::npos ? std::string() : percent_decode(pair.substr(eq + 1)));
    }
  }

  std::optional<std::string> get(std::string_view name) const {
    for (const auto& [key, value] : params_)
      if (key == name) return value;
    return std::nullopt;
  }

  std::vector<std::string> get_all(std::string_view name) const {
    std::vector<std::string> values;
    for (const auto& [key, value] : params_)
      if (key == name) values.push_back(value);
    return values;
  }

  std::string get_or(std::string_view name, std::string_view fallback) const {
    return get(name).value_or(std::string(fallback));
  }

  std::uint64_t number(std::string_view name, std::uint64_t fallback) const {
    const auto text = get(name);
    if (!text) return fallback;
    const auto value = parse_uint(*text);
    if (!value) throw BadRequest("parameter '" + std::string(name) + "' must be a number");
    return *value;
  }

 private:
  std::vector<std::pair<std::string, std::string>> params_;
};

// ---------------------------------------------------------------------------------------------
// Socket helpers

void sleep_ms(std::uint64_t ms) { std::this_thread::sleep_for(std::chrono::milliseconds(ms)); }

bool write_raw(tcp::socket& socket, std::string_view bytes) {
  error_code ec;
  asio::write(socket, asio::buffer(bytes.data(), bytes.size()), ec);
  return !ec;
}

bool wait_readable(tcp::socket& socket, std::chrono::steady_clock::time_point deadline) {
  const auto remaining = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
  if (remaining.count() <= 0) return false;
  pollfd fd{socket.native_handle(), POLLIN, 0};
  return ::poll(&fd, 1, static_cast<int>(remaining.count())) > 0;
}

// Sends FIN, then discards whatever the client still sends for a moment before closing: closing a
// socket with unread input makes the kernel send RST, which can destroy a response in flight.
void close_gracefully(tcp::socket& socket) {
  if (!socket.is_open()) return;
  error_code ec;
  socket.shutdown(tcp::socket::shutdown_send, ec);
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(1);
  std::array<char, 4096> scratch;
  while (!ec && wait_readable(socket, deadline)) socket.read_some(asio::buffer(scratch), ec);
  socket.close(ec);
}

// Zero linger makes close() send RST instead of FIN.
void reset_connection(tcp::socket& socket) {
  error_code ec;
  socket.set_option(asio::socket_base::linger(true, 0), ec);
  socket.close(ec);
}

// ---------------------------------------------------------------------------------------------
// Exchanges and responses

enum class Next { keep_alive, close };

// One request on a connection, with what the endpoints need to answer it.
struct Exchange {
  tcp::socket& socket;
  const Request& request;
  std::string_view path;
  Query query;
  std::uint64_t connection_id;
  std::uint64_t request_number;

  bool is_head() const { return request.method() == http::verb::head; }
  bool keep_alive() const { return request.keep_alive() && query.get("close") != "1"; }
};

Response make_response(const Exchange& ex, unsigned status, std::string body = {}) {
  Response res;
  res.version(11);
  res.result(status);
  res.reason(http::obsolete_reason(static_cast<http::status>(status)));
  if (res.reason() == "<unknown-status>") res.reason("Status");
  if (ex.query.get("cors") != "0") res.set(http::field::access_control_allow_origin, "*");
  res.set("X-Connection-Id", std::to_string(ex.connection_id));
  res.set("X-Request-Number", std::to_string(ex.request_number));
  res.body() = std::move(body);
  return res;
}

Response make_text_response(const Exchange& ex, unsigned status, std::string body) {
  Response res = make_response(ex, status, std::move(body));
  res.set(http::field::content_type, "text/plain");
  return res;
}

// Writes only the status line and headers, as they are (no prepare_payload).
bool write_head(Exchange& ex, Response& res) {
  http::response_serializer<http::string_body> serializer(res);
  error_code ec;
  http::write_header(ex.socket, serializer, ec);
  return !ec;
}

Next send(Exchange& ex, Response res) {
  const bool keep_alive = ex.keep_alive();
  res.keep_alive(keep_alive);
  const unsigned status = res.result_int();
  // 1xx, 204 and 304 responses carry neither a body nor a Content-Length.
  if (status / 100 == 1 || status == 204 || status == 304) res.body().clear();
  else res.prepare_payload();
  bool written;
  if (ex.is_head()) {
    written = write_head(ex, res);
  } else {
    error_code ec;
    http::write(ex.socket, res, ec);
    written = !ec;
  }
  return written && keep_alive ? Next::keep_alive : Next::close;
}

// ---------------------------------------------------------------------------------------------
// Endpoints

Next handle_status(Exchange& ex, std::string_view code_text) {
  const std::uint64_t code = path_number(code_text);
  if (code < 100 || code > 999) throw BadRequest("status code out of range");
  Response res = make_response(ex, static_cast<unsigned>(code), ex.query.get_or("body", ""));
  if (const auto text = ex.query.get("text")) res.reason(*text);
  if (const auto type = ex.query.get("type")) res.set(http::field::content_type, *type);
  return send(ex, std::move(res));
}

Next handle_echo(Exchange& ex) {
  const Request& req = ex.request;
  std::string json = "{\"method\": " + json_string(req.method_string()) +
                     ", \"target\": " + json_string(req.target()) + ", \"version\": \"" +
                     std::to_string(req.version() / 10) + "." + std::to_string(req.version() % 10) +
                     "\", \"headers\": [";
  bool first = true;
  for (const auto& field : req) {
    if (!first) json += ", ";
    first = false;
    json += "[" + json_string(field.name_string()) + ", " + json_string(field.value()) + "]";
  }
  json += "], \"body\": " + json_string(req.body()) +
          ", \"bodyLength\": " + std::to_string(req.body().size()) + "}";
  Response res = make_response(ex, 200, std::move(json));
  res.set(http::field::content_type, "application/json");
  return send(ex, std::move(res));
}

Next handle_echo_body(Exchange& ex) {
  const Request& req = ex.request;
  const auto content_type = req.find(http::field::content_type);
  const bool has_type = content_type != req.end();
  Response res = make_response(ex, 200, req.body());
  res.set(http::field::content_type, has_type ? content_type->value() : "application/octet-stream");
  res.set("X-Request-Method", req.method_string());
  res.set("X-Request-Content-Type", has_type ? content_type->value() : "");
  return send(ex, std::move(res));
}

// Given headers replace any default of the same name, so that e.g. a test can choose the
// Access-Control-Allow-Origin value.
Next handle_headers(Exchange& ex) {
  std::vector<std::pair<std::string, std::string>> headers;
  for (const std::string& spec : ex.query.get_all("set")) {
    const std::size_t colon = spec.find(':');
    if (colon == std::string::npos || colon == 0) throw BadRequest("set: expected Name:Value");
    headers.emplace_back(spec.substr(0, colon), std::string(trim(std::string_view(spec).substr(colon + 1))));
  }
  Response res = make_text_response(ex, 200, "ok");
  for (const auto& [name, value] : headers) res.erase(name);
  for (const auto& [name, value] : headers) res.insert(name, value);
  return send(ex, std::move(res));
}

Next handle_redirect(Exchange& ex, std::string_view code_text) {
  const std::uint64_t code = path_number(code_text);
  if (code < 100 || code > 999) throw BadRequest("status code out of range");
  Response res = make_text_response(ex, static_cast<unsigned>(code), "redirecting");
  if (const auto to = ex.query.get("to")) res.set(http::field::location, *to);
  return send(ex, std::move(res));
}

Next handle_redirect_chain(Exchange& ex, std::string_view count_text) {
  const std::uint64_t remaining = path_number(count_text);
  if (remaining == 0) return send(ex, make_text_response(ex, 200, "done"));
  Response res = make_text_response(ex, 302, "redirecting");
  res.set(http::field::location, "/redirect-chain/" + std::to_string(remaining - 1));
  return send(ex, std::move(res));
}

Next handle_delay(Exchange& ex, std::string_view ms_text) {
  const std::uint64_t ms = path_number(ms_text);
  sleep_ms(ms);
  return send(ex, make_text_response(ex, 200, "delayed " + std::to_string(ms)));
}

Next handle_drip(Exchange& ex) {
  const std::uint64_t chunks = ex.query.number("chunks", 5);
  const std::uint64_t interval = ex.query.number("interval", 100);
  const std::uint64_t size = ex.query.number("size", 10);
  const bool chunked = ex.query.number("chunked", 1) != 0;
  const std::uint64_t initial_delay = ex.query.number("delay", 0);

  sleep_ms(initial_delay);
  const bool keep_alive = ex.keep_alive();
  Response res = make_text_response(ex, 200, "");
  res.keep_alive(keep_alive);
  if (chunked) res.chunked(true);
  else res.content_length(chunks * size);
  if (!write_head(ex, res)) return Next::close;
  if (ex.is_head()) return keep_alive ? Next::keep_alive : Next::close;

  for (std::uint64_t i = 0; i < chunks; ++i) {
    if (i > 0) sleep_ms(interval);
    const std::string piece(size, static_cast<char>('0' + i % 10));
    error_code ec;
    if (!chunked) asio::write(ex.socket, asio::buffer(piece), ec);
    // An empty chunk would read as the last chunk, so empty pieces are not sent at all.
    else if (size > 0) asio::write(ex.socket, http::make_chunk(asio::buffer(piece)), ec);
    if (ec) return Next::close;
  }
  if (chunked) {
    error_code ec;
    asio::write(ex.socket, http::make_chunk_last(), ec);
    if (ec) return Next::close;
  }
  return keep_alive ? Next::keep_alive : Next::close;
}

Next handle_bytes(Exchange& ex, std::string_view count_text) {
  const std::uint64_t count = path_number(count_text);
  std::string body(count, '\0');
  for (std::uint64_t i = 0; i < count; ++i) body[i] = static_cast<char>('a' + i % 26);
  Response res = make_response(ex, 200, std::move(body));
  if (const auto type = ex.query.get("type")) res.set(http::field::content_type, *type);
  return send(ex, std::move(res));
}

// One coding applied with zlib ("gzip", "deflate" zlib-wrapped, "raw-deflate") or brotli ("br").
std::string encode(std::string_view coding, const std::string& body) {
  if (coding == "br") {
    std::string out(BrotliEncoderMaxCompressedSize(body.size()) + 16, '\0');
    size_t size = out.size();
    if (!BrotliEncoderCompress(BROTLI_DEFAULT_QUALITY, BROTLI_DEFAULT_WINDOW, BROTLI_MODE_GENERIC, body.size(),
                               reinterpret_cast<const uint8_t*>(body.data()), &size, reinterpret_cast<uint8_t*>(out.data())))
      throw std::runtime_error("brotli failed");
    out.resize(size);
    return out;
  }
  int window_bits = coding == "gzip" ? 15 + 16 : coding == "deflate" ? 15 : coding == "raw-deflate" ? -15 : 0;
  if (!window_bits) throw BadRequest("unknown coding");
  z_stream stream{};
  deflateInit2(&stream, Z_BEST_COMPRESSION, Z_DEFLATED, window_bits, 8, Z_DEFAULT_STRATEGY);
  std::string out(deflateBound(&stream, body.size()) + 32, '\0');
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(body.data()));
  stream.avail_in = static_cast<uInt>(body.size());
  stream.next_out = reinterpret_cast<Bytef*>(out.data());
  stream.avail_out = static_cast<uInt>(out.size());
  deflate(&stream, Z_FINISH);
  out.resize(stream.total_out);
  deflateEnd(&stream);
  return out;
}

// /encoded?codings=gzip,br&size=N[&header=VALUE][&corrupt=1][&truncate=N]: a body of
// N lines encoded with each coding in turn, labelled with Content-Encoding (or `header`).
Next handle_encoded(Exchange& ex) {
  const std::uint64_t lines = ex.query.number("size", 100);
  std::string body;
  for (std::uint64_t i = 0; i < lines; ++i) body += "line " + std::to_string(i) + " of an encoded body\n";
  const std::string codings(ex.query.get("codings").value_or("gzip"));
  std::string encoded = body;
  for (size_t start = 0; start <= codings.size();) {
    size_t comma = codings.find(',', start);
    if (comma == std::string::npos) comma = codings.size();
    encoded = encode(trim(std::string_view(codings).substr(start, comma - start)), encoded);
    start = comma + 1;
  }
  if (ex.query.get("corrupt") == "1" && encoded.size() > 20) {
    for (size_t i = encoded.size() / 2; i < encoded.size() / 2 + 8; ++i) encoded[i] = static_cast<char>(encoded[i] ^ 0x5a);
  }
  if (const auto cut = ex.query.get("truncate")) encoded.resize(std::min<size_t>(encoded.size(), *parse_uint(*cut)));
  Response res = make_text_response(ex, 200, std::move(encoded));
  res.set(http::field::content_encoding, ex.query.get("header").value_or(codings));
  return send(ex, std::move(res));
}

// /endless?size=B&key=K: a chunked body of B-byte chunks that never ends; returns once the
// client has gone away. /endless/stats answers how many such bodies are being written right now,
// or with key=K how many body bytes the endless responses under K have written so far.
std::atomic<int> endless_bodies_in_progress{0};
std::mutex endless_bytes_mutex;
std::map<std::string, std::uint64_t> endless_bytes_written;

Next handle_endless(Exchange& ex) {
  const std::uint64_t size = std::max<std::uint64_t>(1, ex.query.number("size", 16384));
  const std::string key = ex.query.get_or("key", "");
  Response res = make_text_response(ex, 200, "");
  res.chunked(true);
  if (!write_head(ex, res)) return Next::close;
  ++endless_bodies_in_progress;
  const std::string piece(size, 'e');
  error_code ec;
  while (!ec) {
    asio::write(ex.socket, http::make_chunk(asio::buffer(piece)), ec);
    std::lock_guard lock(endless_bytes_mutex);
    if (!ec) endless_bytes_written[key] += size;
  }
  --endless_bodies_in_progress;
  return Next::close;
}

Next handle_endless_stats(Exchange& ex) {
  if (const auto key = ex.query.get("key")) {
    std::lock_guard lock(endless_bytes_mutex);
    return send(ex, make_text_response(ex, 200, std::to_string(endless_bytes_written[*key])));
  }
  return send(ex, make_text_response(ex, 200, std::to_string(endless_bodies_in_progress.load())));
}

// Never answers; returns once the client has gone away so the thread ends with the connection.
Next handle_hang(Exchange& ex) {
  std::array<char, 4096> scratch;
  error_code ec;
  while (!ec) ex.socket.read_some(asio::buffer(scratch), ec);
  return Next::close;
}

Next handle_close_early(Exchange& ex) {
  const std::uint64_t send_count = ex.query.number("send", 0);
  const std::uint64_t claimed = ex.query.number("claim", 100);
  Response res = make_text_response(ex, 200, "");
  res.content_length(claimed);
  if (write_head(ex, res)) write_raw(ex.socket, std::string(send_count, 'x'));
  return Next::close;
}

Next handle_raw(Exchange& ex) {
  write_raw(ex.socket, base64_decode(ex.query.get_or("b64", "")));
  return Next::close;
}

Next handle_malformed(Exchange& ex) {
  using namespace std::string_view_literals;
  static const std::map<std::string, std::string_view, std::less<>> responses = {
      {"garbage", "this is not http\r\n\r\n"sv},
      {"badstatus", "HTTP/1.1 abc OK\r\n\r\n"sv},
      {"badheader", "HTTP/1.1 200 OK\r\nBad Header Name: x\r\nContent-Length: 2\r\n\r\nok"sv},
      {"badchunk", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nhello\r\n0\r\n\r\n"sv},
      {"nul", "HTTP/1.1 200 OK\r\nX-A: a\0b\r\nContent-Length: 2\r\n\r\nok"sv},
  };
  const auto found = responses.find(ex.query.get_or("kind", ""));
  if (found == responses.end()) throw BadRequest("kind must be garbage|badstatus|badheader|badchunk|nul");
  write_raw(ex.socket, found->second);
  return Next::close;
}

// Process-wide counters: /count and the preflights /cors sees.
std::uint64_t bump_counter(const std::string& key, bool read_only) {
  static std::mutex mutex;
  static std::map<std::string, std::uint64_t> counters;
  std::lock_guard lock(mutex);
  return read_only ? counters[key] : ++counters[key];
}

Next handle_count(Exchange& ex) {
  const std::string key = ex.query.get_or("key", "");
  return send(ex, make_text_response(ex, 200, std::to_string(bump_counter(key, ex.query.get("read") == "1"))));
}

// What the last preflight under each key carried: "method | headers | cookie".
std::string remember_preflight(const std::string& key, std::optional<std::string> carried = std::nullopt) {
  static std::mutex mutex;
  static std::map<std::string, std::string> last;
  std::lock_guard lock(mutex);
  if (carried) last[key] = *carried;
  return last[key];
}

// /cors: a CORS-aware resource. Query: allow_origin (Access-Control-Allow-Origin: a value, or
// "echo" for the request's Origin; absent: none), credentials=1 (-Allow-Credentials: true),
// methods, headers (-Allow-Methods/-Headers), expose (-Expose-Headers), max_age, key (the
// preflights are counted under "preflight:" + key), preflight_status, and set_cookie (a
// Set-Cookie header). OPTIONS answers as a preflight; other methods with a JSON body of what
// arrived: method, origin, cookie and the Access-Control-Request-* headers.
Next handle_cors(Exchange& ex) {
  const bool preflight = ex.request.method() == http::verb::options;
  const std::string origin(ex.request[http::field::origin]);
  Response res = make_response(ex, preflight ? static_cast<unsigned>(ex.query.number("preflight_status", 204)) : 200);
  res.erase(http::field::access_control_allow_origin);
  if (const auto allow = ex.query.get("allow_origin"))
    res.set(http::field::access_control_allow_origin, *allow == "echo" ? origin : *allow);
  if (ex.query.get("credentials") == "1") res.set(http::field::access_control_allow_credentials, "true");
  if (preflight) {
    bump_counter("preflight:" + ex.query.get_or("key", ""), false);
    remember_preflight(ex.query.get_or("key", ""), std::string(ex.request[http::field::access_control_request_method]) + " | " +
                                                       std::string(ex.request[http::field::access_control_request_headers]) + " | " +
                                                       std::string(ex.request[http::field::cookie]));
    if (const auto methods = ex.query.get("methods")) res.set(http::field::access_control_allow_methods, *methods);
    if (const auto headers = ex.query.get("headers")) res.set(http::field::access_control_allow_headers, *headers);
    if (const auto max_age = ex.query.get("max_age")) res.set(http::field::access_control_max_age, *max_age);
    return send(ex, std::move(res));
  }
  if (const auto expose = ex.query.get("expose")) res.set(http::field::access_control_expose_headers, *expose);
  if (const auto cookie = ex.query.get("set_cookie")) res.set(http::field::set_cookie, *cookie);
  res.set("X-Secret", "hidden unless exposed");
  res.set("X-Exposed", "visible when exposed");
  res.set(http::field::content_language, "en");
  res.set(http::field::content_type, "application/json");
  res.body() = "{\"method\":" + json_string(std::string(ex.request.method_string())) + ",\"origin\":" + json_string(origin) +
               ",\"cookie\":" + json_string(ex.request[http::field::cookie]) + "}";
  return send(ex, std::move(res));
}

Next handle_close_after(Exchange& ex) {
  const std::uint64_t last_request = ex.query.number("n", 1);
  const Next next = send(ex, make_text_response(ex, 200, "ok"));
  return ex.request_number == last_request ? Next::close : next;
}

Next handle_text(Exchange& ex) {
  Response res = make_response(ex, 200, hex_decode(ex.query.get_or("hex", "")));
  const auto charset = ex.query.get("charset");
  res.set(http::field::content_type, charset ? "text/plain;charset=" + *charset : "text/plain");
  return send(ex, std::move(res));
}

Next handle_json(Exchange& ex) {
  Response res = make_response(ex, 200, ex.query.get_or("body", ""));
  res.set(http::field::content_type, "application/json");
  return send(ex, std::move(res));
}

std::optional<std::string_view> strip_prefix(std::string_view text, std::string_view prefix) {
  if (!text.starts_with(prefix)) return std::nullopt;
  return text.substr(prefix.size());
}

Next dispatch(Exchange& ex) {
  const std::string_view path = ex.path;
  if (auto rest = strip_prefix(path, "/status/")) return handle_status(ex, *rest);
  if (path == "/echo") return handle_echo(ex);
  if (path == "/echo/body") return handle_echo_body(ex);
  if (path == "/headers") return handle_headers(ex);
  if (auto rest = strip_prefix(path, "/redirect/")) return handle_redirect(ex, *rest);
  if (auto rest = strip_prefix(path, "/redirect-chain/")) return handle_redirect_chain(ex, *rest);
  if (auto rest = strip_prefix(path, "/delay/")) return handle_delay(ex, *rest);
  if (path == "/drip") return handle_drip(ex);
  if (auto rest = strip_prefix(path, "/bytes/")) return handle_bytes(ex, *rest);
  if (path == "/hang") return handle_hang(ex);
  if (path == "/close-early") return handle_close_early(ex);
  if (path == "/close-before-headers") return Next::close;
  if (path == "/reset") {
    reset_connection(ex.socket);
    return Next::close;
  }
  if (path == "/raw") return handle_raw(ex);
  if (path == "/malformed") return handle_malformed(ex);
  if (path == "/count") return handle_count(ex);
  if (path == "/cors") return handle_cors(ex);
  if (path == "/cors/preflights") {
    const std::string key = ex.query.get_or("key", "");
    std::string answer = std::to_string(bump_counter("preflight:" + key, true));
    if (ex.query.get("detail") == "1") answer += " | " + remember_preflight(key);
    return send(ex, make_text_response(ex, 200, answer));
  }
  if (path == "/close-after") return handle_close_after(ex);
  if (path == "/text") return handle_text(ex);
  if (path == "/json") return handle_json(ex);
  if (path == "/encoded") return handle_encoded(ex);
  if (path == "/basic-auth") {
    // 200 once the request carries Basic credentials user:pass; 401 with a challenge before.
    const std::string expected = "Basic " + base64_encode(ex.query.get_or("user", "") + ":" + ex.query.get_or("pass", ""));
    if (ex.request[http::field::authorization] == expected)
      return send(ex, make_text_response(ex, 200, "authorized as " + ex.query.get_or("user", "")));
    Response res = make_text_response(ex, 401, "who are you?");
    res.set(http::field::www_authenticate, "Basic realm=\"scenario\"");
    return send(ex, std::move(res));
  }
  if (path == "/big-head") {
    // `count` headers X-Big-i of `size` bytes each.
    Response res = make_text_response(ex, 200, "big head");
    const std::uint64_t count = ex.query.number("count", 1), size = ex.query.number("size", 1000);
    for (std::uint64_t i = 0; i < count; ++i) res.insert("X-Big-" + std::to_string(i), std::string(size, 'b'));
    return send(ex, std::move(res));
  }
  if (path == "/endless") return handle_endless(ex);
  if (path == "/endless/stats") return handle_endless_stats(ex);
  return send(ex, make_text_response(ex, 404, "not found"));
}

// ---------------------------------------------------------------------------------------------
// Connections

void serve_connection(tcp::socket socket, std::uint64_t connection_id) {
  error_code ec;
  // Dripped pieces must leave as soon as they are written.
  socket.set_option(tcp::no_delay(true), ec);
  beast::flat_buffer buffer;
  for (std::uint64_t request_number = 1;; ++request_number) {
    http::request_parser<http::string_body> parser;
    parser.header_limit(1 << 20);
    parser.body_limit(256 << 20);
    http::read_header(socket, buffer, parser, ec);
    if (ec) break;
    if (beast::iequals(parser.get()[http::field::expect], "100-continue") &&
        !write_raw(socket, "HTTP/1.1 100 Continue\r\n\r\n"))
      break;
    http::read(socket, buffer, parser, ec);
    if (ec) break;

    const Request& request = parser.get();
    const std::string_view target = request.target();
    const std::size_t question = target.find('?');
    Exchange ex{socket, request, target.substr(0, question),
                Query(question == std::string_view::npos ? std::string_view() : target.substr(question + 1)),
                connection_id, request_number};
    Next next;
    try {
      next = dispatch(ex);
    } catch (const BadRequest& error) {
      next = send(ex, make_text_response(ex, 400, std::string("bad request: ") + error.what()));
    } catch (const std::exception& error) {
      std::fprintf(stderr, "scenario_server: %s: %s\n", std::string(target).c_str(), error.what());
      next = Next::close;
    }
    if (next == Next::close) break;
  }
  close_gracefully(socket);
}

// Shared by the IPv4 and IPv6 acceptors.
std::atomic<std::uint64_t> next_connection_id{1};

void accept_loop(tcp::acceptor& acceptor) {
  for (;;) {
    error_code ec;
    tcp::socket socket = acceptor.accept(ec);
    if (ec) {
      // Typically out of file descriptors: back off instead of spinning.
      sleep_ms(10);
      continue;
    }
    try {
      std::thread(serve_connection, std::move(socket), next_connection_id++).detach();
    } catch (const std::system_error& error) {
      std::fprintf(stderr, "scenario_server: cannot start a connection thread: %s\n", error.what());
    }
  }
}

bool listen_on(tcp::acceptor& acceptor, const tcp::endpoint& endpoint) {
  error_code ec;
  acceptor.open(endpoint.protocol(), ec);
  if (!ec) acceptor.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec && endpoint.address().is_v6()) acceptor.set_option(asio::ip::v6_only(true), ec);
  if (!ec) acceptor.bind(endpoint, ec);
  if (!ec) acceptor.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) acceptor.close();
  return !ec;
}

std::optional<unsigned short> parse_port_arguments(int argc, char** argv) {
  if (argc == 1) return 0;
  if (argc == 3 && std::string_view(argv[1]) == "--port") {
    const auto port = parse_uint(argv[2]);
    if (port && *port <= 65535) return static_cast<unsigned short>(*port);
  }
  return std::nullopt;
}

}  // namespace

int main(int argc, char** argv) {
  const auto port = parse_port_arguments(argc, argv);
  if (!port) {
    std::fprintf(stderr, "usage: scenario_server [--port N]\n");
    return 2;
  }

  // Termination signals are taken synchronously by sigwait() below; every thread started from
  // here inherits the mask. Writes to vanished clients must fail, not kill the process.
  sigset_t termination_signals;
  sigemptyset(&termination_signals);
  sigaddset(&termination_signals, SIGTERM);
  sigaddset(&termination_signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &termination_signals, nullptr);
  signal(SIGPIPE, SIG_IGN);

  asio::io_context io;
  tcp::acceptor acceptor_v4(io);
  if (!listen_on(acceptor_v4, tcp::endpoint(asio::ip::address_v4::loopback(), *port))) {
    std::fprintf(stderr, "scenario_server: cannot listen on 127.0.0.1:%u\n", static_cast<unsigned>(*port));
    return 1;
  }
  const unsigned short bound_port = acceptor_v4.local_endpoint().port();
  // IPv6 loopback is a bonus: some machines have none.
  tcp::acceptor acceptor_v6(io);
  const bool has_v6 = listen_on(acceptor_v6, tcp::endpoint(asio::ip::address_v6::loopback(), bound_port));

  std::thread(accept_loop, std::ref(acceptor_v4)).detach();
  if (has_v6) std::thread(accept_loop, std::ref(acceptor_v6)).detach();

  std::printf("PORT %u\n", static_cast<unsigned>(bound_port));
  std::fflush(stdout);

  // The harness holds our stdin: when it goes away, so do we.
  std::thread([] {
    std::array<char, 256> scratch;
    while (::read(STDIN_FILENO, scratch.data(), scratch.size()) > 0) {
    }
    std::_Exit(0);
  }).detach();

  int signal_number = 0;
  sigwait(&termination_signals, &signal_number);
  std::_Exit(0);
}
