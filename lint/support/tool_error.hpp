#pragma once
// A problem of the tool run itself (not a rule finding): a file that does not parse, a bad
// configuration, a limit. Kept apart from findings in every output format.
#include <cstdint>
#include <string>

#include "support/diagnostic_code.hpp"

namespace erlint {

struct ToolError {
  ErrorCode code = ErrorCode::Io;
  std::string file;          // path as given by the user, or empty for run-wide errors
  std::uint32_t line = 0;    // 1-based; 0 when the error has no position
  std::uint32_t column = 0;  // 1-based, in bytes
  std::uint32_t end_line = 0;
  std::uint32_t end_column = 0;
  std::string message;
  bool is_warning = false;   // e.g. ERR-UNUSED-SUPPRESSION, a skipped binary file
};

}  // namespace erlint
