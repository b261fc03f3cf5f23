#include "driver/fingerprint.hpp"

#include <fmt/format.h>

#include "driver/analysis.hpp"

namespace erlint::driver {

namespace {

std::uint64_t fnv1a(std::uint64_t hash, std::string_view text) {
  for (unsigned char c : text) {
    hash ^= c;
    hash *= 1099511628211ull;
  }
  return hash;
}

}  // namespace

std::string fingerprint(const ReportedFinding& finding, const SourceFile* file) {
  std::uint64_t hash = 14695981039346656037ull;
  hash = fnv1a(hash, finding.finding.rule_id);
  hash = fnv1a(hash, "\x1f");
  hash = fnv1a(hash, finding.file);
  hash = fnv1a(hash, "\x1f");
  hash = fnv1a(hash, finding.finding.resource_type);
  hash = fnv1a(hash, "\x1f");
  hash = fnv1a(hash, finding.finding.resource_name);
  hash = fnv1a(hash, "\x1f");
  if (file) {
    const auto& range = finding.finding.range;
    std::string_view text = std::string_view(file->text()).substr(range.begin, range.end - range.begin);
    std::string squeezed;
    for (char c : text.substr(0, 4096))
      if (c != ' ' && c != '\t' && c != '\r' && c != '\n') squeezed += c;
    hash = fnv1a(hash, squeezed);
  }
  return fmt::format("{:016x}", hash);
}

}  // namespace erlint::driver
