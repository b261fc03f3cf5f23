#include "lsp/transport.hpp"

#include <cctype>
#include <algorithm>
#include <istream>
#include <optional>
#include <ostream>
#include <string_view>

namespace erlint::lsp {

namespace {

constexpr std::size_t kMaxHeaderLine = 8192;
constexpr std::string_view kContentLength = "content-length:";

enum class LineStatus { Ok, TooLong, End };

// Reads one line up to '\n' (a trailing '\r' removed), keeping at most kMaxHeaderLine bytes.
LineStatus read_line(std::istream& in, std::string& line) {
  line.clear();
  bool too_long = false;
  for (int c; (c = in.get()) != std::char_traits<char>::eof();) {
    if (c == '\n') {
      if (!line.empty() && line.back() == '\r') line.pop_back();
      return too_long ? LineStatus::TooLong : LineStatus::Ok;
    }
    if (line.size() < kMaxHeaderLine) line.push_back(static_cast<char>(c));
    else too_long = true;
  }
  return LineStatus::End;  // end of stream (a header line the stream cut short is not a header)
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// A strictly decimal, non-negative length that fits in 64 bits.
bool parse_length(std::string_view text, std::uint64_t& value) {
  text = trim(text);
  if (text.empty() || text.size() > 19) return false;
  value = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return false;
    value = value * 10 + static_cast<std::uint64_t>(c - '0');
  }
  return true;
}

}  // namespace

bool MessageReader::resynchronise() {
  // Look for "Content-Length:" anywhere (the body of the bad frame need not end with a newline).
  std::size_t matched = 0;
  for (int c; (c = in_.get()) != std::char_traits<char>::eof();) {
    char ch = static_cast<char>(std::tolower(c));
    if (ch == kContentLength[matched]) ++matched;
    else matched = ch == kContentLength[0] ? 1 : 0;
    if (matched == kContentLength.size()) {
      std::string rest;
      read_line(in_, rest);
      pending_header_ = "Content-Length:" + rest;
      lost_sync_ = false;
      return true;
    }
  }
  return false;
}

ReadResult MessageReader::read() {
  ReadResult result;
  if (lost_sync_ && !resynchronise()) return result;  // EndOfStream

  std::optional<std::uint64_t> length;
  bool invalid_length = false, headers_seen = false;
  std::string line;
  for (;;) {
    LineStatus status;
    if (!pending_header_.empty()) {
      line = std::move(pending_header_);
      pending_header_.clear();
      status = LineStatus::Ok;
    } else {
      status = read_line(in_, line);
    }
    if (status == LineStatus::End) {
      if (headers_seen) result.error = "the stream ended inside a message header";
      return result;
    }
    if (line.empty()) {
      if (!headers_seen) continue;  // stray blank lines between frames
      break;
    }
    headers_seen = true;
    if (status == LineStatus::TooLong) continue;  // an over-long header is not one we need
    auto colon = line.find(':');
    if (colon == std::string::npos) continue;  // not a header: only Content-Length matters
    if (lower(trim(std::string_view(line).substr(0, colon))) == "content-length") {
      std::uint64_t value = 0;
      if (parse_length(std::string_view(line).substr(colon + 1), value)) length = value;
      else invalid_length = true;
    }
  }

  if (!length || invalid_length) {
    lost_sync_ = true;
    result.kind = ReadResult::Kind::BadHeader;
    result.error = invalid_length ? "invalid Content-Length header" : "message header without Content-Length";
    return result;
  }
  if (*length > max_frame_bytes_) {
    // Skip the body without holding it in memory.
    std::uint64_t left = *length;
    while (left > 0 && in_) {
      auto chunk = static_cast<std::streamsize>(std::min<std::uint64_t>(left, 1u << 20));
      in_.ignore(chunk);
      left -= static_cast<std::uint64_t>(in_.gcount());
      if (in_.gcount() < chunk) break;
    }
    if (left > 0) {
      result.error = "the stream ended inside an oversized message";
      return result;
    }
    result.kind = ReadResult::Kind::TooLarge;
    result.error = "message of " + std::to_string(*length) + " bytes is over the limit of " +
                   std::to_string(max_frame_bytes_) + " bytes";
    return result;
  }
  std::string body(static_cast<std::size_t>(*length), '\0');
  in_.read(body.data(), static_cast<std::streamsize>(body.size()));
  if (static_cast<std::uint64_t>(in_.gcount()) < *length) {
    result.error = "the stream ended inside a message body";
    return result;
  }
  result.message = json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (result.message.is_discarded()) {
    result.message = json();
    result.kind = ReadResult::Kind::BadJson;
    result.error = "message body is not valid JSON";
    return result;
  }
  result.kind = ReadResult::Kind::Message;
  return result;
}

void MessageWriter::write(const json& message) {
  std::string body = message.dump(-1, ' ', false, json::error_handler_t::replace);
  std::lock_guard lock(mutex_);
  out_ << "Content-Length: " << body.size() << "\r\n\r\n" << body;
  out_.flush();
}

json make_response(const json& id, json result) {
  return json{{"jsonrpc", "2.0"}, {"id", id}, {"result", std::move(result)}};
}

json make_error(const json& id, int code, const std::string& message) {
  return json{{"jsonrpc", "2.0"}, {"id", id}, {"error", {{"code", code}, {"message", message}}}};
}

json make_notification(const std::string& method, json params) {
  return json{{"jsonrpc", "2.0"}, {"method", method}, {"params", std::move(params)}};
}

}  // namespace erlint::lsp
