#pragma once
// A span of bytes in one source file. Every value the analysis computes carries one, so that a
// finding can point at the text that caused it, in whichever file that text lives.
#include <cstdint>

namespace erlint {

using FileId = std::uint32_t;
inline constexpr FileId kNoFile = 0xFFFFFFFFu;

struct Range {
  FileId file = kNoFile;
  std::uint32_t begin = 0;  // byte offset, inclusive
  std::uint32_t end = 0;    // byte offset, exclusive

  bool valid() const { return file != kNoFile; }
  friend bool operator==(const Range&, const Range&) = default;
};

// A resolved position: 1-based line, 1-based column in bytes, and the 0-based UTF-16 column the
// Language Server Protocol uses.
struct Position {
  std::uint32_t line = 1;
  std::uint32_t column = 1;
  std::uint32_t utf16_column = 0;
};

}  // namespace erlint
