#pragma once
// The built-in function libraries: ARM template functions (also Bicep's) and Terraform's.
#include <optional>
#include <string_view>
#include <vector>

#include "eval/evaluator.hpp"

namespace erlint::eval {

// What a built-in may use: the evaluator (for lambdas and resource ids) and the call site.
struct FunctionContext {
  Evaluator& evaluator;
  model::Range where;
  std::string_view name;
};

// Evaluates a built-in with already-evaluated arguments; nullopt when no such built-in exists.
std::optional<Value> call_arm_function(FunctionContext& context, std::string_view name, std::vector<Value>& args);
std::optional<Value> call_terraform_function(FunctionContext& context, std::string_view name, std::vector<Value>& args);

// The first Unknown among the arguments, to propagate (nullptr when all are known).
const Value* first_unknown(const std::vector<Value>& args);

// Builds "/subscriptions/{subscriptionId}/resourceGroups/{resourceGroup}/providers/<type>/<name>..."
// from a full type and one name per type segment. Unknown subscription or group parts stay as the
// placeholders; the graph matches ids on their provider part.
std::string build_resource_id(std::string_view type, const std::vector<std::string>& names,
                              std::string_view subscription = "{subscriptionId}",
                              std::string_view resource_group = "{resourceGroup}");

}  // namespace erlint::eval
