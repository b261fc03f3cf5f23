#pragma once
// Builds the workspace graph from parsed files: groups them into deployment units (a Bicep file,
// an ARM template, a Terraform module folder), evaluates each with its parameter values, follows
// local modules, lowers Terraform through the provider mapping and joins everything by id.
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "eval/evaluator.hpp"
#include "graph/graph.hpp"
#include "graph/provider_mapping.hpp"
#include "support/tool_error.hpp"

namespace erlint::graph {

struct BuildInput {
  std::vector<const model::Template*> templates;  // every parsed file of the workspace
  // Parses a file that a module call names but that was not among `templates` (null if unreadable).
  std::function<const model::Template*(const std::string& path)> load_file;
  // Memory: when set, the builder hands back each root unit's files once the unit's nodes are
  // built and no other unit uses them; the callee frees their expression trees. A file asked for
  // again later (a module source computed at run time) is then parsed anew with `reload_file`.
  std::function<void(const model::Template&)> release_model;
  std::function<const model::Template*(const std::string& path)> reload_file;
  const ProviderMapping* azurerm = nullptr;
  // The source text of a range (for output nodes, whose expression text rules may match).
  std::function<std::string_view(model::Range)> text_of;
  eval::Limits limits;
  std::size_t max_module_depth = 16;
  std::size_t max_module_instances = 2000;  // module and nested-deployment expansions under one root unit
  unsigned jobs = 1;                        // worker threads evaluating root units
  // Parameter files named for a template (`erlint check --parameters FILE`): template path ->
  // parameter file paths (among `templates`). They replace the files found by naming convention.
  std::map<std::string, std::vector<std::string>> parameter_files;
};

Graph build_graph(const BuildInput& input, std::vector<ToolError>& errors);

}  // namespace erlint::graph
