#pragma once
// Tool diagnostics that are not rule findings: every run can emit these, each with a stable ID.
#include <string_view>

namespace erlint {

enum class ErrorCode {
  Syntax,             // ERR-SYNTAX: a file that does not parse (the rest is still analysed)
  Config,             // ERR-CONFIG: bad configuration or rule file
  Limit,              // ERR-LIMIT: a file over a size, depth, time or expansion limit
  Io,                 // ERR-IO: a file that cannot be read
  Encoding,           // ERR-ENCODING: invalid UTF-8, UTF-16 or binary content
  UnusedSuppression,  // ERR-UNUSED-SUPPRESSION: an erlint-ignore that suppressed nothing
};

constexpr std::string_view error_code_id(ErrorCode code) {
  switch (code) {
    case ErrorCode::Syntax: return "ERR-SYNTAX";
    case ErrorCode::Config: return "ERR-CONFIG";
    case ErrorCode::Limit: return "ERR-LIMIT";
    case ErrorCode::Io: return "ERR-IO";
    case ErrorCode::Encoding: return "ERR-ENCODING";
    case ErrorCode::UnusedSuppression: return "ERR-UNUSED-SUPPRESSION";
  }
  return "ERR-UNKNOWN";
}

}  // namespace erlint
