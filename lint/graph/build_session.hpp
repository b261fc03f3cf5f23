#pragma once
// State shared by every unit of one graph build: the graph being filled, the module files, the
// association resources waiting for their targets, and the errors.
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "graph/builder.hpp"

namespace erlint::graph {

class UnitScope;

// An azurerm association resource: sets `values` on the node its `target` refers to.
struct PendingAssociation {
  Value target;
  std::vector<std::pair<std::string, Value>> values;  // ARM path -> value (with the .tf range)
  std::string association_key;
};

class BuildSession {
 public:
  BuildSession(const BuildInput& build_input, std::vector<ToolError>& error_sink);

  const BuildInput& input;
  std::vector<ToolError>& errors;
  Graph graph;
  std::vector<PendingAssociation> associations;
  std::vector<std::unique_ptr<UnitScope>> roots;
  std::size_t module_instances = 0;  // counted against BuildInput::max_module_instances

  // Files that belong together with `file` in one unit (a Terraform module's folder) and the
  // parameter values that apply to it (.bicepparam, ARM parameters file, .tfvars).
  std::vector<const model::Template*> unit_files(const model::Template& file) const;
  std::map<std::string, Value> parameter_inputs(const std::vector<const model::Template*>& unit);
  // The templates of a local module (a Bicep file, a Terraform folder), or empty.
  std::vector<const model::Template*> module_files(const model::Template& caller, const std::string& source);
  // Files consumed as local modules by another file: analysed only through their callers.
  std::set<std::string> module_paths() const;

 private:
  std::map<std::string, std::vector<const model::Template*>> loaded_folders_;
  // Every template by folder and by path, so that grouping files is not quadratic.
  std::map<std::string, std::vector<const model::Template*>> by_folder_;
  std::map<std::string, const model::Template*> by_path_;
};

}  // namespace erlint::graph
