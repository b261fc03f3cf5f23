#pragma once
// The text of one file, read once, with a line index so that byte offsets convert to
// line/column (and UTF-16 columns for the editor) in O(log lines).
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "source/file_kind.hpp"
#include "source/range.hpp"

namespace erlint {

class SourceFile {
 public:
  SourceFile(FileId id, std::string path, std::string text, FileKind kind);

  FileId id() const { return id_; }
  const std::string& path() const { return path_; }
  // The text with a leading UTF-8 byte-order mark removed (offsets are relative to this text).
  const std::string& text() const { return text_; }
  FileKind kind() const { return kind_; }
  bool had_bom() const { return had_bom_; }

  Position position(std::uint32_t offset) const;
  // Inverse of position(): 0-based line and 0-based UTF-16 column (as LSP sends them) to a byte
  // offset. A column past the end of the line gives the end of the line (before "\n" or "\r\n").
  std::uint32_t offset_from_utf16(std::uint32_t line0, std::uint32_t utf16_column) const;
  std::uint32_t line_count() const { return static_cast<std::uint32_t>(line_starts_.size()); }
  // The text of a 1-based line, without its line terminator.
  std::string_view line_text(std::uint32_t line) const;
  Range range(std::uint32_t begin, std::uint32_t end) const { return Range{id_, begin, end}; }

 private:
  FileId id_;
  std::string path_;
  std::string text_;
  FileKind kind_;
  bool had_bom_ = false;
  std::vector<std::uint32_t> line_starts_;
};

// Owns every file of one analysis and hands out FileIds; ranges are resolved through it.
class SourceManager {
 public:
  const SourceFile& add(std::string path, std::string text, FileKind kind);
  const SourceFile* file(FileId id) const { return id < files_.size() ? files_[id].get() : nullptr; }
  const SourceFile* find(std::string_view path) const;
  size_t size() const { return files_.size(); }
  const std::vector<std::unique_ptr<SourceFile>>& files() const { return files_; }

 private:
  std::vector<std::unique_ptr<SourceFile>> files_;
  std::unordered_map<std::string, FileId> by_path_;
};

}  // namespace erlint
