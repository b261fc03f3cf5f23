#pragma once
// A rule as loaded from its YAML file: what it selects, the bad pattern it looks for, and the
// documentation shown by `erlint explain`, SARIF and the editor.
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "model/value.hpp"

namespace erlint::rules {

enum class Severity { Note, Warning, Error };
std::string_view severity_name(Severity severity);
std::optional<Severity> parse_severity(std::string_view text);

// A condition over a resource (or an item inside one). Three-valued: true, false or unknown.
struct Condition {
  enum class Kind { All, Any, Not, Present, Absent, Test, Some, Every, Follow, ReferencedBy, Parent, Children };
  Kind kind = Kind::All;
  std::vector<Condition> children;  // All/Any; Not, Some, Every, Follow, ReferencedBy use children[0]
  std::string path;                 // the value the condition looks at (dotted; "$root." = the selected resource)
  std::string op;                   // Test: operator name from the registry
  model::Value argument;            // Test: the operator's argument
  std::string referencing_type;     // ReferencedBy/Parent/Children: the type of the other resource
  std::string via;                  // ReferencedBy: "scope", or a path in the referring resource
  std::string label;                // related-location message for Follow/ReferencedBy
  // ReferencedBy: when set, a resource of the type that points here (and meets `where`) makes the
  // result undecided with this reason instead of true; links that do not resolve are ignored.
  std::string undecided;
  bool at_parent = false;           // ReferencedBy `at: parent`: links to the subject's parent count
};

// An edit the language server offers for a finding, declared by the rule file:
//   fixes:
//     - title: Use the XPN cipher GcmAesXpn256
//       follow: properties.routeTable.id     # optional: the value is on the resource this names
//       path: properties.links.*.properties.macSecConfig.cipher   # `*`: every item of a list
//       when_ci: [GcmAes256]                 # optional: only when the value is one of these
//       replacement: { bicep: "'GcmAesXpn256'", arm: '"GcmAesXpn256"', terraform: '"GcmAesXpn256"' }
// Terraform replacements may depend on the attribute written in the file (azurerm renamed and
// inverted some): `terraform: { bgp_route_propagation_enabled: "true", disable_bgp_route_propagation: "false" }`.
// The edit replaces the value's literal in the source; a value that came through a parameter or
// variable is not a literal there, so no fix is offered for it (the fix would be ambiguous).
struct QuickFix {
  std::string title;
  std::string follow;               // ARM path of a reference to follow first (optional)
  std::string path;                 // the ARM path whose value is replaced
  std::vector<std::string> when_ci; // the current values it applies to (empty: any)
  // "bicep", "arm", "terraform", or "terraform:<attribute>" -> replacement text
  std::map<std::string, std::string> replacement;
};

struct RuleDocs {
  std::string what;
  std::string why;
  std::map<std::string, std::string> fix;  // "all", or per language: bicep, arm, terraform
  std::vector<std::string> references;
};

struct Rule {
  std::string id;
  std::string name;
  std::string title;
  Severity severity = Severity::Warning;
  std::vector<std::string> controls;
  std::vector<std::string> policy;
  std::string status = "stable";
  std::string since;
  std::vector<std::string> select_types;
  std::unique_ptr<Condition> where;      // selection filter (optional)
  std::unique_ptr<Condition> violation;  // the bad pattern: a finding where it holds
  std::string report_at;                 // path whose value the finding points at, when present
  std::string message;
  RuleDocs docs;
  std::vector<QuickFix> fixes;
  std::map<std::string, model::Value> options;  // per-rule options with defaults (configurable)
  std::string source_path;
};

std::string docs_url(const Rule& rule);

}  // namespace erlint::rules
