#pragma once
// The editor's open documents: URI <-> path conversion and LSP text edits (ranges in 0-based lines
// and UTF-16 code units) applied to UTF-8 text.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace erlint::lsp {

// file:///a%20b/c.bicep -> /a b/c.bicep (lexically normalised); nullopt for other schemes.
std::optional<std::string> uri_to_path(std::string_view uri);
// /a b/c.bicep -> file:///a%20b/c.bicep
std::string path_to_uri(std::string_view path);

// The byte offset of a 0-based line and UTF-16 column in `text`. A line past the end gives the end
// of the text; a column past the end of its line gives the end of the line (before "\r\n" or "\n");
// a column inside a surrogate pair or a multi-byte character gives the start of that character.
std::size_t offset_from_utf16(std::string_view text, std::uint32_t line, std::uint32_t character);

struct Document {
  std::string uri;
  std::string path;         // the path the analysis uses for this buffer
  std::string language_id;  // as the client sent it
  std::int64_t version = 0;
  std::string text;
};

// Replaces the text between two LSP positions (start before end, else they are swapped).
void apply_edit(std::string& text, std::uint32_t start_line, std::uint32_t start_character, std::uint32_t end_line,
                std::uint32_t end_character, std::string_view new_text);

}  // namespace erlint::lsp
