#include "rules/rule.hpp"

#include <fmt/format.h>

namespace erlint::rules {

std::string_view severity_name(Severity severity) {
  switch (severity) {
    case Severity::Note: return "note";
    case Severity::Warning: return "warning";
    case Severity::Error: return "error";
  }
  return "warning";
}

std::optional<Severity> parse_severity(std::string_view text) {
  if (text == "error") return Severity::Error;
  if (text == "warning") return Severity::Warning;
  if (text == "note") return Severity::Note;
  return std::nullopt;
}

std::string docs_url(const Rule& rule) {
  return fmt::format("https://github.com/erlint/erlint/blob/main/rules/{}.yaml", rule.id);
}

}  // namespace erlint::rules
