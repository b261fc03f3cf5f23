// SARIF 2.1.0 (OASIS), as GitHub code scanning, Azure DevOps' SARIF viewer and VS Code read it.
// Rules carry their whole documentation (help text and markdown); results point at files by URIs
// relative to SRCROOT (the folder erlint ran in); tool errors go to the invocation's
// toolExecutionNotifications and never appear as results.
#include <algorithm>
#include <filesystem>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "report/report.hpp"
#include "support/strings.hpp"

namespace erlint::report {

namespace {

namespace fs = std::filesystem;
using Json = nlohmann::ordered_json;

constexpr std::size_t kMaxSnippet = 2000;  // bytes of source text copied into region.snippet

std::string_view level(rules::Severity severity) {
  switch (severity) {
    case rules::Severity::Error: return "error";
    case rules::Severity::Warning: return "warning";
    case rules::Severity::Note: return "note";
  }
  return "warning";
}

// GitHub ranks security results by this number: >= 7 high, >= 4 medium, else low.
std::string_view security_severity(rules::Severity severity) {
  switch (severity) {
    case rules::Severity::Error: return "8.0";
    case rules::Severity::Warning: return "5.5";
    case rules::Severity::Note: return "2.0";
  }
  return "5.5";
}

// Percent-encodes everything but RFC 3986 unreserved characters and '/'.
std::string uri_encode(std::string_view path) {
  std::string out;
  for (unsigned char c : path) {
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' || c == '~' || c == '/')
      out += static_cast<char>(c);
    else
      out += fmt::format("%{:02X}", c);
  }
  return out;
}

struct UriMaker {
  fs::path root;  // absolute, normalised

  std::string root_uri() const {
    std::string text = root.generic_string();
    if (text.empty() || text.back() != '/') text += '/';
    return "file://" + uri_encode(text);
  }

  // {"uri": "a/b.bicep", "uriBaseId": "SRCROOT"}, or an absolute file URI outside SRCROOT.
  Json artifact(const std::string& path) const {
    std::error_code ec;
    fs::path absolute = fs::absolute(path, ec).lexically_normal();
    fs::path relative = absolute.lexically_relative(root);
    if (!relative.empty() && *relative.begin() != "..") return {{"uri", uri_encode(relative.generic_string())}, {"uriBaseId", "SRCROOT"}};
    return {{"uri", "file://" + uri_encode(absolute.generic_string())}};
  }
};

// SARIF columns count UTF-16 code units (columnKind utf16CodeUnits), 1-based; the end is exclusive.
Json region(Position start, Position end) {
  Json r;
  r["startLine"] = start.line;
  r["startColumn"] = start.utf16_column + 1;
  if (end.line > start.line || (end.line == start.line && end.utf16_column > start.utf16_column)) {
    r["endLine"] = end.line;
    r["endColumn"] = end.utf16_column + 1;
  }
  return r;
}

std::string pascal_case(std::string_view name) {
  std::string out;
  bool upper = true;
  for (char c : name) {
    if (c == '-' || c == '_' || c == ' ' || c == '.') {
      upper = true;
      continue;
    }
    out += upper && c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c;
    upper = false;
  }
  return out;
}

std::string fix_language(std::string_view key) {
  if (key == "bicep") return "Bicep";
  if (key == "arm") return "ARM JSON";
  if (key == "terraform") return "Terraform";
  if (key == "all") return "";
  return std::string(key);
}

Json rule_descriptor(const rules::Rule& rule) {
  std::string controls = fmt::format("MCSB {}", fmt::join(rule.controls, ", "));
  if (!rule.policy.empty()) controls += fmt::format("; Azure Policy {}", fmt::join(rule.policy, ", "));
  std::string text, markdown;
  if (!rule.docs.what.empty()) {
    text += fmt::format("What it finds: {}\n\n", trim(rule.docs.what));
    markdown += fmt::format("**What it finds**\n\n{}\n\n", trim(rule.docs.what));
  }
  if (!rule.docs.why.empty()) {
    text += fmt::format("Why it matters: {}\n\n", trim(rule.docs.why));
    markdown += fmt::format("**Why it matters**\n\n{}\n\n", trim(rule.docs.why));
  }
  if (!rule.docs.fix.empty()) {
    text += "How to fix:\n";
    markdown += "**How to fix**\n\n";
    for (const auto& [language, how] : rule.docs.fix) {
      std::string name = fix_language(language);
      text += name.empty() ? fmt::format("- {}\n", trim(how)) : fmt::format("- {}: {}\n", name, trim(how));
      markdown += name.empty() ? fmt::format("- {}\n", trim(how)) : fmt::format("- *{}*: {}\n", name, trim(how));
    }
    text += "\n";
    markdown += "\n";
  }
  text += fmt::format("Controls: {}\n", controls);
  markdown += fmt::format("**Controls**: {}\n", controls);
  if (!rule.docs.references.empty()) {
    text += "\nReferences:\n";
    markdown += "\n**References**\n\n";
    for (const auto& reference : rule.docs.references) {
      text += fmt::format("- {}\n", reference);
      markdown += fmt::format("- <{}>\n", reference);
    }
  }
  Json tags = Json::array({"security"});
  for (const auto& control : rule.controls) tags.push_back(fmt::format("MCSB/{}", control));
  Json d;
  d["id"] = rule.id;
  d["name"] = pascal_case(rule.name.empty() ? rule.id : rule.name);
  d["shortDescription"] = {{"text", rule.title}};
  d["fullDescription"] = {{"text", std::string(trim(rule.docs.what.empty() ? rule.title : rule.docs.what))}};
  d["help"] = {{"text", std::string(trim(text))}, {"markdown", std::string(trim(markdown))}};
  d["helpUri"] = rules::docs_url(rule);
  d["defaultConfiguration"] = {{"level", std::string(level(rule.severity))}};
  Json properties;
  properties["tags"] = tags;
  properties["precision"] = "high";
  properties["security-severity"] = std::string(security_severity(rule.severity));
  properties["mcsbControls"] = rule.controls;
  if (!rule.policy.empty()) properties["azurePolicy"] = rule.policy;
  d["properties"] = properties;
  return d;
}

}  // namespace

void write_sarif(std::ostream& out, const driver::AnalysisResult& result, const driver::Analyzer& analyzer, const ReportOptions& options) {
  std::error_code ec;
  UriMaker uris{fs::absolute(options.source_root.empty() ? fs::current_path(ec) : fs::path(options.source_root), ec).lexically_normal()};

  // The rules that ran (the pack's order), and any rule a finding names that is not among them.
  std::vector<const rules::Rule*> rules;
  for (const auto& rule : analyzer.rules())
    if (result.stats.checked_by_rule.count(rule->id)) rules.push_back(rule.get());
  for (const auto& f : result.findings)
    if (std::none_of(rules.begin(), rules.end(), [&](const rules::Rule* r) { return r->id == f.finding.rule_id; }))
      if (const rules::Rule* rule = analyzer.rule(f.finding.rule_id)) rules.push_back(rule);
  std::map<std::string, std::size_t> rule_index;
  Json descriptors = Json::array();
  for (const rules::Rule* rule : rules) {
    rule_index[rule->id] = descriptors.size();
    descriptors.push_back(rule_descriptor(*rule));
  }

  Json results = Json::array();
  for (const auto& reported : result.findings) {
    const rules::Finding& f = reported.finding;
    Json r;
    r["ruleId"] = f.rule_id;
    if (auto it = rule_index.find(f.rule_id); it != rule_index.end()) r["ruleIndex"] = it->second;
    r["level"] = std::string(level(f.severity));
    r["message"] = {{"text", f.message}};
    Json location;
    Json where = region(reported.start, reported.end);
    if (const SourceFile* file = result.sources.file(f.range.file); file && f.range.end >= f.range.begin && f.range.end <= file->text().size() &&
                                                                    f.range.end - f.range.begin <= kMaxSnippet)
      where["snippet"] = {{"text", file->text().substr(f.range.begin, f.range.end - f.range.begin)}};
    location["physicalLocation"] = {{"artifactLocation", uris.artifact(reported.file)}, {"region", std::move(where)}};
    if (!f.resource_name.empty()) location["logicalLocations"] = Json::array({{{"name", f.resource_name}, {"kind", "resource"}}});
    r["locations"] = Json::array({location});
    r["partialFingerprints"] = {{"erlintFingerprint/v1", reported.fingerprint}};
    Json related = Json::array();
    for (const auto& rel : f.related) {
      const SourceFile* file = result.sources.file(rel.range.file);
      if (!file) continue;
      Json item;
      item["id"] = related.size() + 1;
      item["physicalLocation"] = {{"artifactLocation", uris.artifact(file->path())},
                                  {"region", region(file->position(rel.range.begin), file->position(rel.range.end))}};
      item["message"] = {{"text", rel.message.empty() ? std::string("related location") : rel.message}};
      related.push_back(std::move(item));
    }
    if (!related.empty()) r["relatedLocations"] = std::move(related);
    if (reported.suppressed) {
      Json suppression = {{"kind", "inSource"}};
      if (!reported.suppression_reason.empty()) suppression["justification"] = reported.suppression_reason;
      r["suppressions"] = Json::array({suppression});
    }
    r["properties"] = {{"resourceType", f.resource_type}, {"resourceName", f.resource_name}};
    results.push_back(std::move(r));
  }

  bool successful = true;
  Json notifications = Json::array();
  for (const auto& e : result.errors) {
    if (!e.is_warning && (e.code == ErrorCode::Config || e.code == ErrorCode::Io)) successful = false;
    Json n;
    n["level"] = e.is_warning ? "warning" : "error";
    n["message"] = {{"text", e.message}};
    n["descriptor"] = {{"id", std::string(error_code_id(e.code))}};
    if (!e.file.empty()) {
      Json physical = {{"artifactLocation", uris.artifact(e.file)}};
      if (e.line) {
        Json r = {{"startLine", e.line}};
        if (e.column) r["startColumn"] = e.column;
        physical["region"] = r;
      }
      n["locations"] = Json::array({{{"physicalLocation", physical}}});
    }
    notifications.push_back(std::move(n));
  }
  Json invocation;
  invocation["executionSuccessful"] = successful;
  if (!notifications.empty()) invocation["toolExecutionNotifications"] = std::move(notifications);

  Json driver;
  driver["name"] = "erlint";
  driver["fullName"] = "erlint, the ExpressRoute security-baseline linter";
  driver["informationUri"] = "https://github.com/erlint/erlint";
  driver["version"] = options.tool_version;
  driver["semanticVersion"] = options.tool_version;
  driver["rules"] = std::move(descriptors);

  Json run;
  run["tool"] = {{"driver", std::move(driver)}};
  run["invocations"] = Json::array({std::move(invocation)});
  run["originalUriBaseIds"] = {{"SRCROOT", {{"uri", uris.root_uri()}}}};
  run["columnKind"] = "utf16CodeUnits";
  run["results"] = std::move(results);
  if (!options.changed_since.empty() || options.baseline_matched) {
    Json properties;
    if (options.baseline_matched) properties["baselineMatched"] = *options.baseline_matched;
    if (!options.changed_since.empty()) properties["changedSince"] = {{"ref", options.changed_since}, {"unchangedHidden", options.unchanged_hidden}};
    run["properties"] = std::move(properties);
  }

  Json doc;
  doc["$schema"] = "https://json.schemastore.org/sarif-2.1.0.json";
  doc["version"] = "2.1.0";
  doc["runs"] = Json::array({std::move(run)});
  out << doc.dump(2) << "\n";
}

}  // namespace erlint::report
