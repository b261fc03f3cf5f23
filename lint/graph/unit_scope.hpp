#pragma once
// One deployment unit under evaluation: the parameters, variables, resources and module calls of
// a Bicep file, an ARM template or a Terraform module, with the values given to its parameters.
// It answers the evaluator's symbol look-ups lazily, so only what a rule needs is computed.
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "eval/evaluator.hpp"
#include "graph/builder.hpp"

namespace erlint::graph {

class BuildSession;

struct ResourceInstance {
  const model::Template* file = nullptr;
  const model::ResourceDecl* decl = nullptr;
  std::size_t decl_index = 0;
  std::string key;
  Value loop_item;             // Bicep item / Terraform each.value / count.index
  Value loop_index;
  bool has_loop_binding = false;
  int copy_index = -1;         // ARM copy
  bool loop_unknown = false;   // the loop's collection was unknown: one representative instance
  // Computed on demand:
  bool evaluated = false;
  bool in_progress = false;
  Value body;                  // the evaluated declaration body (language-specific shape)
  std::optional<bool> condition;  // nullopt = unknown
  std::string type;            // full ARM type when known
  std::string full_name;       // full name when known
  Value own_name;
  std::optional<Value> reference;  // what the symbol evaluates to, kept once asked for (kept_identifier)
};

class UnitScope final : public eval::SymbolResolver {
 public:
  UnitScope(BuildSession& session, std::vector<const model::Template*> files, std::map<std::string, Value> inputs,
            std::string key_prefix, std::size_t depth, UnitScope* outer = nullptr, UnitScope* caller = nullptr);

  // Evaluates every resource and module call and adds the resulting nodes to the session's graph.
  void emit_nodes();
  void emit_output_nodes();
  // ARM Microsoft.Resources/deployments: inline templates and templateLink.relativePath files.
  void emit_nested_deployments();
  // The unit's outputs, as an object (for module callers).
  Value outputs();

  // eval::SymbolResolver
  std::optional<Value> identifier(std::string_view name, model::Range where) override;
  std::optional<Value> qualified(std::string_view root, std::string_view member, model::Range where) override;
  Value parameter(std::string_view name, model::Range where) override;
  Value variable(std::string_view name, model::Range where) override;
  const Value* kept_variable(std::string_view name, model::Range where) override;
  const Value* kept_parameter(std::string_view name, model::Range where) override;
  const Value* kept_identifier(std::string_view name, model::Range where) override;
  const model::Function* function(std::string_view name) override;
  std::optional<Value> copy_index(std::string_view loop_name) override;
  void push_copy(std::string_view loop_name, int index) override;
  void pop_copy() override;
  std::string resource_key_for_id(std::string_view type, const std::vector<std::string>& names) override;

  eval::Dialect dialect() const { return dialect_; }

 private:
  struct DeclInstances {
    const model::Template* file = nullptr;
    std::size_t index = 0;
    bool expanded = false;
    std::vector<ResourceInstance> instances;
  };
  struct ModuleInstance {
    const model::ModuleCall* call = nullptr;
    const model::Template* file = nullptr;
    bool evaluated = false;
    bool in_progress = false;
    Value outputs;             // a looped call: an array per instance (a map for Terraform for_each)
  };

  DeclInstances& expand(DeclInstances& decl);
  void evaluate_instance(ResourceInstance& instance);
  Value reference_value(ResourceInstance& instance);
  Value references_of(DeclInstances& decl);
  Value evaluate_in_instance(const model::ExprPtr& expr, const ResourceInstance& instance);
  ModuleInstance& evaluate_module(ModuleInstance& module);
  void emit_unanalysed_module_node(const ModuleInstance& module, const Value& source, const std::string& why, bool maybe_absent);
  // The (index or key, item) pairs a loop runs over; `source` is the evaluated collection, Unknown
  // (and no pairs) when it is not known or over max_loop_items.
  std::vector<std::pair<Value, Value>> loop_pairs(const model::Loop& loop, Value& source);
  // Evaluates with the loop's variables bound (Bicep item/index, Terraform each/count), or unbound.
  Value evaluate_in_loop(const model::ExprPtr& expr, const model::Loop& loop, const Value* index, const Value* item);
  void resources_named_in(const model::Expr& expr, std::vector<Value>& out);
  void resolve_type_and_name(ResourceInstance& instance);
  ResourceInstance* instance_by_key(const std::string& key);
  DeclInstances* decl_by_symbol(std::string_view symbol);

  BuildSession& session_;
  std::vector<const model::Template*> files_;
  std::map<std::string, Value> inputs_;
  std::string key_prefix_;
  std::size_t depth_;
  eval::Dialect dialect_;
  eval::Evaluator evaluator_;

  std::map<std::string, const model::Parameter*> parameters_;  // lower-cased for ARM
  std::map<std::string, const model::Variable*> variables_;
  std::map<std::string, const model::Function*> functions_;
  std::map<std::string, Value> parameter_cache_, variable_cache_;
  std::set<std::string> parameters_in_progress_, variables_in_progress_;
  std::vector<DeclInstances> decls_;
  std::map<std::string, std::size_t> decl_by_symbol_;
  std::vector<ModuleInstance> modules_;
  std::map<std::string, std::size_t> module_by_symbol_;
  std::vector<std::pair<std::string, int>> copy_stack_;
  UnitScope* outer_ = nullptr;  // an outer-scoped nested deployment sees its parent's parameters
  UnitScope* caller_ = nullptr; // the unit whose module call or deployment created this one
  // True when `files` are already being evaluated further up the call chain (a module that
  // includes itself, directly or through others).
  bool is_on_call_chain(const std::vector<const model::Template*>& files) const;
  bool outputs_evaluated_ = false;
  Value outputs_;
  // Set on a module's unit: its condition is not known (its resources may not be deployed), or it
  // is the one representative instance of a loop over a collection that is not known.
  bool maybe_absent_ = false;
  bool representative_ = false;
};

}  // namespace erlint::graph
