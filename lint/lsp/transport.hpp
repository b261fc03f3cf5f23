#pragma once
// JSON-RPC 2.0 over a byte stream with LSP's `Content-Length` framing. The reader and the writer
// work on std::istream / std::ostream so that tests drive them with in-memory buffers. Nothing a
// client sends can make them throw or crash: bad headers, bad JSON and oversized frames come back
// as typed results that the server answers (or logs) and then goes on reading.
#include <cstddef>
#include <iosfwd>
#include <mutex>
#include <string>

#include <nlohmann/json.hpp>

namespace erlint::lsp {

using json = nlohmann::json;

// JSON-RPC and LSP error codes.
namespace error_code {
inline constexpr int kParseError = -32700;
inline constexpr int kInvalidRequest = -32600;
inline constexpr int kMethodNotFound = -32601;
inline constexpr int kInvalidParams = -32602;
inline constexpr int kInternalError = -32603;
inline constexpr int kServerNotInitialized = -32002;
inline constexpr int kRequestCancelled = -32800;
}  // namespace error_code

inline constexpr std::size_t kDefaultMaxFrameBytes = 64u * 1024u * 1024u;

struct ReadResult {
  enum class Kind {
    Message,      // `message` holds the parsed JSON value (any JSON: the server checks the shape)
    BadHeader,    // no or invalid Content-Length; the reader resynchronises on the next header
    BadJson,      // the body is not JSON (answer ParseError)
    TooLarge,     // the frame is over the limit; its body was skipped unread (answer InvalidRequest)
    EndOfStream,  // the stream ended (cleanly or inside a frame: see `error`)
  };
  Kind kind = Kind::EndOfStream;
  json message;
  std::string error;  // what was wrong, for the log and the error response
};

class MessageReader {
 public:
  explicit MessageReader(std::istream& in, std::size_t max_frame_bytes = kDefaultMaxFrameBytes)
      : in_(in), max_frame_bytes_(max_frame_bytes) {}
  ReadResult read();

 private:
  bool resynchronise();  // skips to the next line that starts a Content-Length header
  std::istream& in_;
  std::size_t max_frame_bytes_;
  bool lost_sync_ = false;
  std::string pending_header_;  // a header line found while resynchronising
};

// Writes one framed message per call; thread-safe so that a worker may publish diagnostics.
class MessageWriter {
 public:
  explicit MessageWriter(std::ostream& out) : out_(out) {}
  void write(const json& message);

 private:
  std::ostream& out_;
  std::mutex mutex_;
};

// Helpers for the three message shapes.
json make_response(const json& id, json result);
json make_error(const json& id, int code, const std::string& message);
json make_notification(const std::string& method, json params);

}  // namespace erlint::lsp
