#include "graph/resource_id.hpp"

#include <vector>

#include "support/strings.hpp"

namespace erlint::graph {

std::optional<ParsedResourceId> parse_resource_id(std::string_view id) {
  std::string lowered = to_lower(id);
  std::size_t at = lowered.rfind("/providers/");
  if (at == std::string::npos) return std::nullopt;
  std::string_view rest = id.substr(at + 11);
  auto segments = split(rest, '/');
  // namespace, then type/name pairs
  if (segments.size() < 3 || segments.size() % 2 == 0) return std::nullopt;
  ParsedResourceId parsed;
  parsed.type = std::string(segments[0]);
  for (std::size_t i = 1; i + 1 < segments.size(); i += 2) {
    if (segments[i].empty() || segments[i + 1].empty()) return std::nullopt;
    parsed.type += '/';
    parsed.type += segments[i];
    if (!parsed.full_name.empty()) parsed.full_name += '/';
    parsed.full_name += segments[i + 1];
  }
  return parsed;
}

std::string canonical_name_key(std::string_view type, std::string_view full_name) {
  std::string key = to_lower(type);
  key += '|';
  key += to_lower(full_name);
  return key;
}

}  // namespace erlint::graph
