#pragma once
// State of one graph build. The catalog (every file by folder and path, the module files read on
// demand) is shared by all deployment units and safe to use from several threads; a session holds
// what one root unit produces (its nodes, associations and errors), so that root units can be
// evaluated in parallel and their results joined in a fixed order.
#include <map>
#include <memory>
#include <mutex>
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

class BuildCatalog {
 public:
  explicit BuildCatalog(const BuildInput& build_input);

  const BuildInput& input;

  // Files that belong together with `file` in one unit (a Terraform module's folder) and the
  // parameter values that apply to it (.bicepparam, ARM parameters file, .tfvars).
  std::vector<const model::Template*> unit_files(const model::Template& file) const;
  std::map<std::string, Value> parameter_inputs(const std::vector<const model::Template*>& unit) const;
  // The templates of a local module (a Bicep file, a Terraform folder), or empty. Thread-safe.
  std::vector<const model::Template*> module_files(const model::Template& caller, const std::string& source);
  // Files consumed as local modules by another file: analysed only through their callers.
  std::set<std::string> module_paths() const;
  // A root unit is done with its files: those no other unit was handed (through module_files) are
  // released (BuildInput::release_model), if the input allows it.
  void release(const std::vector<const model::Template*>& files);
  // Every unit is done: releases every template the build saw.
  void release_all();

 private:
  // Templates module_files returns: a released one is replaced by a fresh parse, and every one
  // handed out is marked so that its own root unit does not release it while a caller uses it.
  std::vector<const model::Template*> hand_out(std::vector<const model::Template*> files);
  // Releases a template unless it was released already (with loading_ held).
  void release_once(const model::Template* t);

  std::mutex loading_;  // guards the maps below and calls of input.load_file / reload_file
  std::map<std::string, std::vector<const model::Template*>> loaded_folders_;
  // Every template by folder and by path, so that grouping files is not quadratic.
  std::map<std::string, std::vector<const model::Template*>> by_folder_;
  std::map<std::string, const model::Template*> by_path_;
  std::set<const model::Template*> handed_out_;
  std::set<const model::Template*> released_;
  std::map<const model::Template*, const model::Template*> reloaded_;  // released -> fresh parse
};

// What one root unit (and the modules and nested deployments under it) produces.
class BuildSession {
 public:
  explicit BuildSession(BuildCatalog& build_catalog) : input(build_catalog.input), catalog(build_catalog) {}

  const BuildInput& input;
  BuildCatalog& catalog;
  std::vector<ResourceNode> nodes;
  std::vector<PendingAssociation> associations;
  std::vector<ToolError> errors;
  std::size_t module_instances = 0;  // counted against BuildInput::max_module_instances, per root unit

  std::vector<const model::Template*> module_files(const model::Template& caller, const std::string& source) {
    return catalog.module_files(caller, source);
  }

  // Keeps a finished node. A run that frees its models early (the command line) also gives back
  // the spare capacity the node's values were built with, since they live for the rest of the
  // run; the language server frees the whole result right after publishing and skips that work.
  void add_node(ResourceNode node) {
    if (input.release_model) {
      model::shrink_to_fit(node.body);
      model::shrink_to_fit(node.scope);
    }
    nodes.push_back(std::move(node));
  }
};

}  // namespace erlint::graph
