#include "lsp/hover.hpp"

#include <fmt/format.h>

namespace erlint::lsp {

std::string hover_markdown(const DiagnosticRecord& record, const rules::Rule* rule, std::string_view language) {
  std::string message = record.diagnostic.value("message", std::string());
  if (!rule) return fmt::format("**{}**\n\n{}", record.code, message);
  std::string text = fmt::format("**{}**: {}\n\n{}", rule->id, rule->title, message);
  if (!rule->docs.why.empty()) text += fmt::format("\n\n**Why it matters.** {}", rule->docs.why);
  const auto& fixes = rule->docs.fix;
  auto fix = fixes.find(std::string(language));
  if (fix == fixes.end()) fix = fixes.find("all");
  if (fix == fixes.end() && !fixes.empty()) fix = fixes.begin();
  if (fix != fixes.end() && !fix->second.empty()) text += fmt::format("\n\n**How to fix.** {}", fix->second);
  text += fmt::format("\n\n[{} documentation]({})", rule->id, rules::docs_url(*rule));
  return text;
}

}  // namespace erlint::lsp
