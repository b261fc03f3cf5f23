#pragma once
// Runs rules over the graph. A condition is true, false or unknown; a rule reports a finding only
// where its bad pattern is true, and records the resources it could not decide, with the reason.
#include <string>
#include <vector>

#include "graph/graph.hpp"
#include "rules/rule.hpp"

namespace erlint::rules {

struct RelatedLocation {
  model::Range range;
  std::string message;
};

struct Finding {
  std::string rule_id;
  Severity severity = Severity::Warning;
  model::Range range;
  std::string message;
  std::vector<RelatedLocation> related;
  std::string resource_key;
  std::string resource_type;
  std::string resource_name;
};

struct Undecided {
  std::string rule_id;
  model::Range range;
  std::string resource_name;
  std::string reason;
};

struct RuleRun {
  std::vector<Finding> findings;
  std::vector<Undecided> undecided;
  std::size_t resources_checked = 0;
};

// Evaluates one rule over the graph; `options` override the rule's option defaults.
RuleRun run_rule(const Rule& rule, const graph::Graph& graph);

}  // namespace erlint::rules
