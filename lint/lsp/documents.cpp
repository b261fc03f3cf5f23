#include "lsp/documents.hpp"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <utility>

namespace erlint::lsp {

namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

std::optional<std::string> uri_to_path(std::string_view uri) {
  constexpr std::string_view kScheme = "file://";
  if (uri.size() < kScheme.size()) return std::nullopt;
  for (std::size_t i = 0; i < kScheme.size(); ++i)
    if (static_cast<char>(std::tolower(static_cast<unsigned char>(uri[i]))) != kScheme[i]) return std::nullopt;
  uri.remove_prefix(kScheme.size());
  // file://host/path: only an empty host or "localhost" names a local file.
  std::size_t slash = uri.find('/');
  if (slash == std::string_view::npos) return std::nullopt;
  std::string_view host = uri.substr(0, slash);
  if (!host.empty() && host != "localhost") return std::nullopt;
  uri.remove_prefix(slash);
  std::string path;
  for (std::size_t i = 0; i < uri.size(); ++i) {
    if (uri[i] == '%' && i + 2 < uri.size() && hex_value(uri[i + 1]) >= 0 && hex_value(uri[i + 2]) >= 0) {
      path.push_back(static_cast<char>(hex_value(uri[i + 1]) * 16 + hex_value(uri[i + 2])));
      i += 2;
    } else {
      path.push_back(uri[i]);
    }
  }
  if (path.empty()) return std::nullopt;
  return std::filesystem::path(path).lexically_normal().string();
}

std::string path_to_uri(std::string_view path) {
  constexpr std::string_view kHex = "0123456789ABCDEF";
  std::string uri = "file://";
  if (path.empty() || path.front() != '/') uri.push_back('/');
  for (char c : path) {
    auto u = static_cast<unsigned char>(c);
    bool plain = (u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') || (u >= '0' && u <= '9') || c == '/' || c == '-' ||
                 c == '_' || c == '.' || c == '~';
    if (plain) {
      uri.push_back(c);
    } else {
      uri.push_back('%');
      uri.push_back(kHex[u >> 4]);
      uri.push_back(kHex[u & 15]);
    }
  }
  return uri;
}

std::size_t offset_from_utf16(std::string_view text, std::uint32_t line, std::uint32_t character) {
  std::size_t offset = 0;
  for (std::uint32_t l = 0; l < line; ++l) {
    std::size_t newline = text.find('\n', offset);
    if (newline == std::string_view::npos) return text.size();
    offset = newline + 1;
  }
  std::size_t line_end = text.find('\n', offset);
  if (line_end == std::string_view::npos) line_end = text.size();
  if (line_end > offset && text[line_end - 1] == '\r') --line_end;
  std::uint32_t units = 0;
  while (offset < line_end && units < character) {
    auto lead = static_cast<unsigned char>(text[offset]);
    std::size_t length = lead < 0x80 ? 1 : (lead >> 5) == 0x6 ? 2 : (lead >> 4) == 0xE ? 3 : (lead >> 3) == 0x1E ? 4 : 1;
    std::uint32_t width = length == 4 ? 2 : 1;
    if (units + width > character) break;  // inside a surrogate pair: stay at the character's start
    units += width;
    offset = std::min(offset + length, line_end);
  }
  return offset;
}

void apply_edit(std::string& text, std::uint32_t start_line, std::uint32_t start_character, std::uint32_t end_line,
                std::uint32_t end_character, std::string_view new_text) {
  std::size_t begin = offset_from_utf16(text, start_line, start_character);
  std::size_t end = offset_from_utf16(text, end_line, end_character);
  if (end < begin) std::swap(begin, end);
  text.replace(begin, end - begin, new_text);
}

}  // namespace erlint::lsp
