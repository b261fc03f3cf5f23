#include "source/workspace.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>

#include <fmt/format.h>

#include "support/strings.hpp"

namespace erlint {

namespace fs = std::filesystem;

namespace {

bool is_candidate(const fs::path& path) {
  std::string name = path.filename().string();
  return kind_from_path(name) != FileKind::Unknown || is_json_path(name);
}

void walk_directory(const fs::path& root, const DiscoveryOptions& options, std::set<fs::path>& visited_dirs,
                    std::vector<DiscoveredFile>& out, std::vector<ToolError>& errors, int depth) {
  std::error_code ec;
  fs::path canonical = fs::canonical(root, ec);
  if (ec) {
    errors.push_back({ErrorCode::Io, root.string(), 0, 0, 0, 0, fmt::format("cannot resolve folder: {}", ec.message())});
    return;
  }
  if (!visited_dirs.insert(canonical).second) return;  // a symlink loop or a second link to the same folder
  if (depth > 256) {
    errors.push_back({ErrorCode::Limit, root.string(), 0, 0, 0, 0, "folder nesting deeper than 256 levels (limit: max_folder_depth)"});
    return;
  }
  fs::directory_iterator it(root, fs::directory_options::skip_permission_denied, ec);
  if (ec) {
    errors.push_back({ErrorCode::Io, root.string(), 0, 0, 0, 0, fmt::format("cannot read folder: {}", ec.message())});
    return;
  }
  std::vector<fs::directory_entry> entries;
  for (; it != fs::directory_iterator(); it.increment(ec)) {
    if (ec) break;
    entries.push_back(*it);
  }
  std::sort(entries.begin(), entries.end(), [](const auto& a, const auto& b) { return a.path() < b.path(); });
  for (const auto& entry : entries) {
    std::string name = entry.path().filename().string();
    std::error_code type_ec;
    if (entry.is_directory(type_ec)) {
      if (std::find(options.exclude_dirs.begin(), options.exclude_dirs.end(), name) != options.exclude_dirs.end()) continue;
      walk_directory(entry.path(), options, visited_dirs, out, errors, depth + 1);
    } else if (entry.is_regular_file(type_ec) && is_candidate(entry.path())) {
      std::string path = entry.path().lexically_normal().string();
      out.push_back({path, kind_from_path(path), false});
    }
  }
}

}  // namespace

std::vector<DiscoveredFile> discover_files(const std::vector<std::string>& paths, const DiscoveryOptions& options,
                                           std::vector<ToolError>& errors) {
  std::vector<DiscoveredFile> out;
  std::set<fs::path> visited_dirs;
  for (const std::string& given : paths) {
    std::error_code ec;
    fs::file_status status = fs::status(given, ec);
    if (ec || !fs::exists(status)) {
      errors.push_back({ErrorCode::Io, given, 0, 0, 0, 0, "no such file or folder"});
      continue;
    }
    if (fs::is_directory(status)) {
      walk_directory(given, options, visited_dirs, out, errors, 0);
    } else {
      std::string path = fs::path(given).lexically_normal().string();
      out.push_back({path, kind_from_path(path), true});
    }
  }
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.path < b.path; });
  out.erase(std::unique(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.path == b.path; }), out.end());
  return out;
}

size_t find_invalid_utf8(std::string_view text) {
  size_t i = 0;
  const size_t n = text.size();
  while (i < n) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    if (c < 0x80) { ++i; continue; }
    size_t len = 0;
    std::uint32_t min = 0;
    if ((c & 0xE0) == 0xC0) { len = 2; min = 0x80; }
    else if ((c & 0xF0) == 0xE0) { len = 3; min = 0x800; }
    else if ((c & 0xF8) == 0xF0) { len = 4; min = 0x10000; }
    else return i;
    if (i + len > n) return i;
    std::uint32_t cp = c & (0x7F >> len);
    for (size_t k = 1; k < len; ++k) {
      unsigned char cc = static_cast<unsigned char>(text[i + k]);
      if ((cc & 0xC0) != 0x80) return i;
      cp = (cp << 6) | (cc & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return i;
    i += len;
  }
  return std::string_view::npos;
}

std::optional<std::string> read_source_file(const std::string& path, const ReadLimits& limits,
                                            std::vector<ToolError>& errors) {
  std::error_code ec;
  auto size = fs::file_size(path, ec);
  if (ec) {
    errors.push_back({ErrorCode::Io, path, 0, 0, 0, 0, fmt::format("cannot read file: {}", ec.message())});
    return std::nullopt;
  }
  if (size > limits.max_file_bytes) {
    errors.push_back({ErrorCode::Limit, path, 0, 0, 0, 0,
                      fmt::format("file is {} bytes, over the max_file_bytes limit of {} bytes; not analysed", size,
                                  limits.max_file_bytes)});
    return std::nullopt;
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    errors.push_back({ErrorCode::Io, path, 0, 0, 0, 0, "cannot open file"});
    return std::nullopt;
  }
  std::string text(static_cast<size_t>(size), '\0');
  in.read(text.data(), static_cast<std::streamsize>(size));
  text.resize(static_cast<size_t>(in.gcount()));
  if (text.size() >= 2 && ((text[0] == '\xFF' && text[1] == '\xFE') || (text[0] == '\xFE' && text[1] == '\xFF'))) {
    errors.push_back({ErrorCode::Encoding, path, 1, 1, 0, 0, "file is UTF-16 encoded; erlint reads UTF-8 (convert with iconv -f UTF-16 -t UTF-8)"});
    return std::nullopt;
  }
  size_t nul = text.find('\0');
  if (nul != std::string::npos) {
    errors.push_back({ErrorCode::Encoding, path, 0, 0, 0, 0, fmt::format("binary file (NUL byte at offset {}); skipped", nul), true});
    return std::nullopt;
  }
  size_t bad = find_invalid_utf8(text);
  if (bad != std::string_view::npos) {
    std::uint32_t line = 1, col = 1;
    for (size_t i = 0; i < bad; ++i) {
      if (text[i] == '\n') { ++line; col = 1; } else { ++col; }
    }
    errors.push_back({ErrorCode::Encoding, path, line, col, 0, 0, "invalid UTF-8 byte sequence; the file is analysed as far as possible", true});
  }
  return text;
}

}  // namespace erlint
