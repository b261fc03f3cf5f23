#include "source/source_file.hpp"

#include <algorithm>

namespace erlint {

namespace {
constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";
}

SourceFile::SourceFile(FileId id, std::string path, std::string text, FileKind kind)
    : id_(id), path_(std::move(path)), text_(std::move(text)), kind_(kind) {
  if (std::string_view(text_).substr(0, 3) == kUtf8Bom) {
    text_.erase(0, 3);
    had_bom_ = true;
  }
  line_starts_.push_back(0);
  for (std::uint32_t i = 0; i < text_.size(); ++i)
    if (text_[i] == '\n') line_starts_.push_back(i + 1);
}

Position SourceFile::position(std::uint32_t offset) const {
  offset = std::min<std::uint32_t>(offset, static_cast<std::uint32_t>(text_.size()));
  auto it = std::upper_bound(line_starts_.begin(), line_starts_.end(), offset);
  std::uint32_t line_index = static_cast<std::uint32_t>(it - line_starts_.begin()) - 1;
  std::uint32_t start = line_starts_[line_index];
  Position pos;
  pos.line = line_index + 1;
  pos.column = offset - start + 1;
  // UTF-16 code units: continuation bytes add nothing, 4-byte sequences count twice.
  std::uint32_t units = 0;
  for (std::uint32_t i = start; i < offset; ++i) {
    unsigned char c = static_cast<unsigned char>(text_[i]);
    if ((c & 0xC0) == 0x80) continue;
    units += (c >= 0xF0) ? 2 : 1;
  }
  pos.utf16_column = units;
  return pos;
}

std::uint32_t SourceFile::offset_from_utf16(std::uint32_t line0, std::uint32_t utf16_column) const {
  if (line0 >= line_starts_.size()) return static_cast<std::uint32_t>(text_.size());
  std::uint32_t offset = line_starts_[line0];
  std::uint32_t units = 0;
  // A line ends before its terminator: "\n", or "\r\n" (so the end of a CRLF line is before the '\r').
  auto at_line_end = [&](std::uint32_t at) {
    return text_[at] == '\n' || (text_[at] == '\r' && at + 1 < text_.size() && text_[at + 1] == '\n');
  };
  while (offset < text_.size() && !at_line_end(offset) && units < utf16_column) {
    unsigned char c = static_cast<unsigned char>(text_[offset]);
    std::uint32_t width = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    units += (c >= 0xF0) ? 2 : 1;
    offset += width;
  }
  return std::min<std::uint32_t>(offset, static_cast<std::uint32_t>(text_.size()));
}

std::string_view SourceFile::line_text(std::uint32_t line) const {
  if (line == 0 || line > line_starts_.size()) return {};
  std::uint32_t start = line_starts_[line - 1];
  std::uint32_t end = line < line_starts_.size() ? line_starts_[line] : static_cast<std::uint32_t>(text_.size());
  std::string_view view = std::string_view(text_).substr(start, end - start);
  while (!view.empty() && (view.back() == '\n' || view.back() == '\r')) view.remove_suffix(1);
  return view;
}

const SourceFile& SourceManager::add(std::string path, std::string text, FileKind kind) {
  FileId id = static_cast<FileId>(files_.size());
  by_path_.emplace(path, id);
  files_.push_back(std::make_unique<SourceFile>(id, std::move(path), std::move(text), kind));
  return *files_.back();
}

const SourceFile* SourceManager::find(std::string_view path) const {
  auto it = by_path_.find(std::string(path));
  return it == by_path_.end() ? nullptr : files_[it->second].get();
}

}  // namespace erlint
