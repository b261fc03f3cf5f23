#pragma once
// Small string helpers. ARM resource types, property names and subnet names compare
// case-insensitively, so the ASCII-only case folding here is used all over the analysis.
#include <string>
#include <string_view>
#include <vector>

namespace erlint {

constexpr char ascii_lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

bool iequals(std::string_view a, std::string_view b);
bool istarts_with(std::string_view text, std::string_view prefix);
bool iends_with(std::string_view text, std::string_view suffix);
std::string to_lower(std::string_view text);
std::string to_upper(std::string_view text);
std::string_view trim(std::string_view text);
std::vector<std::string_view> split(std::string_view text, char separator);
bool starts_with(std::string_view text, std::string_view prefix);
bool ends_with(std::string_view text, std::string_view suffix);

// Formats a double the way ARM and Bicep print integers: no trailing ".0".
std::string format_number(double value);

}  // namespace erlint
