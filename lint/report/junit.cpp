// JUnit XML, the format Azure Pipelines' PublishTestResults task (and GitLab, Jenkins) shows in its
// test tab: one <testsuite> per analysed file; a <testcase> per finding with a <failure>; a file
// without findings is one passing test case; tool errors are test cases with an <error> (tool
// warnings such as ERR-UNUSED-SUPPRESSION a <failure>); suppressed findings are <skipped>.
#include <map>

#include <fmt/format.h>

#include "report/report.hpp"
#include "support/strings.hpp"

namespace erlint::report {

namespace {

// In attributes, line breaks and tabs are character references (attribute-value normalisation
// would turn them into spaces); in character data they stay as they are.
std::string escape(std::string_view text, bool attribute) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&apos;"; break;
      case '\n': out += attribute ? "&#10;" : "\n"; break;
      case '\r': out += "&#13;"; break;
      case '\t': out += attribute ? "&#9;" : "\t"; break;
      default:
        if (c < 0x20 || c == 0x7f) break;  // not allowed in XML 1.0 (0x7f is allowed but invisible)
        // U+FFFE and U+FFFF (EF BF BE/BF) are not XML characters either.
        if (c == 0xEF && i + 2 < text.size() && static_cast<unsigned char>(text[i + 1]) == 0xBF &&
            (static_cast<unsigned char>(text[i + 2]) == 0xBE || static_cast<unsigned char>(text[i + 2]) == 0xBF)) {
          i += 2;
          break;
        }
        out += static_cast<char>(c);
    }
  }
  return out;
}

}  // namespace

std::string xml_escape(std::string_view text) { return escape(text, true); }

namespace {

struct Case {
  std::string name;
  std::string kind;     // "", "failure", "error", "skipped"
  std::string type;     // rule or error ID
  std::string message;
  std::string body;
};

struct Suite {
  std::string name;
  std::vector<Case> cases;
};

}  // namespace

void write_junit(std::ostream& out, const driver::AnalysisResult& result, const driver::Analyzer& analyzer, const ReportOptions&) {
  std::vector<Suite> suites;
  std::map<std::string, std::size_t> by_file;
  auto suite_for = [&](const std::string& file) -> Suite& {
    std::string name = file.empty() ? std::string("erlint") : file;
    auto [it, added] = by_file.emplace(name, suites.size());
    if (added) suites.push_back({name, {}});
    return suites[it->second];
  };
  for (const auto& file : result.sources.files()) suite_for(file->path());

  for (const auto& reported : result.findings) {
    const rules::Finding& f = reported.finding;
    const rules::Rule* rule = analyzer.rule(f.rule_id);
    Case c;
    c.name = fmt::format("{} {}:{}", f.rule_id, reported.start.line, reported.start.column);
    if (rule) c.name += fmt::format(" {}", rule->title);
    c.type = f.rule_id;
    c.message = f.message;
    c.body = fmt::format("{}: {}:{}:{}: {}\n", rules::severity_name(f.severity), reported.file, reported.start.line, reported.start.column, f.message);
    if (!f.resource_name.empty()) c.body += fmt::format("resource: {} ({})\n", f.resource_name, f.resource_type);
    for (const auto& related : f.related)
      if (const SourceFile* file = result.sources.file(related.range.file)) {
        Position pos = file->position(related.range.begin);
        c.body += fmt::format("related: {}:{}:{}: {}\n", file->path(), pos.line, pos.column, related.message);
      }
    if (rule) {
      if (!rule->docs.why.empty()) c.body += fmt::format("why: {}\n", trim(rule->docs.why));
      c.body += fmt::format("control: MCSB {}\n", fmt::join(rule->controls, ", "));
      c.body += fmt::format("docs: erlint explain {} ({})\n", rule->id, rules::docs_url(*rule));
    }
    if (reported.suppressed) {
      c.kind = "skipped";
      c.message = fmt::format("suppressed: {}", reported.suppression_reason);
    } else {
      c.kind = "failure";
    }
    suite_for(reported.file).cases.push_back(std::move(c));
  }
  for (const auto& e : result.errors) {
    Case c;
    c.name = e.line ? fmt::format("{} {}:{}", error_code_id(e.code), e.line, e.column) : std::string(error_code_id(e.code));
    c.kind = e.is_warning ? "failure" : "error";  // a warning (an unused suppression) is a failed check, not a broken run
    c.type = std::string(error_code_id(e.code));
    c.message = e.message;
    std::string where = e.file.empty() ? std::string("erlint") : e.line ? fmt::format("{}:{}:{}", e.file, e.line, e.column) : e.file;
    c.body = fmt::format("{}: {}: {}\n", e.is_warning ? "warning" : "error", where, e.message);
    suite_for(e.file).cases.push_back(std::move(c));
  }

  std::size_t tests = 0, failures = 0, errors = 0, skipped = 0;
  for (auto& suite : suites) {
    if (suite.cases.empty()) suite.cases.push_back({"no findings", "", "", "", ""});
    for (const auto& c : suite.cases) {
      ++tests;
      failures += c.kind == "failure";
      errors += c.kind == "error";
      skipped += c.kind == "skipped";
    }
  }
  out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  out << fmt::format("<testsuites name=\"erlint\" tests=\"{}\" failures=\"{}\" errors=\"{}\" skipped=\"{}\">\n", tests, failures, errors, skipped);
  for (const auto& suite : suites) {
    std::size_t f = 0, e = 0, s = 0;
    for (const auto& c : suite.cases) {
      f += c.kind == "failure";
      e += c.kind == "error";
      s += c.kind == "skipped";
    }
    out << fmt::format("  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"{}\" skipped=\"{}\">\n", xml_escape(suite.name),
                       suite.cases.size(), f, e, s);
    for (const auto& c : suite.cases) {
      out << fmt::format("    <testcase classname=\"{}\" name=\"{}\"", xml_escape(suite.name), xml_escape(c.name));
      if (c.kind.empty()) {
        out << "/>\n";
        continue;
      }
      out << ">\n";
      if (c.kind == "skipped") {
        out << fmt::format("      <skipped message=\"{}\"/>\n", xml_escape(c.message));
      } else {
        out << fmt::format("      <{} type=\"{}\" message=\"{}\">{}</{}>\n", c.kind, xml_escape(c.type), xml_escape(c.message),
                           escape(c.body, false), c.kind);
      }
      out << "    </testcase>\n";
    }
    out << "  </testsuite>\n";
  }
  out << "</testsuites>\n";
}

}  // namespace erlint::report
