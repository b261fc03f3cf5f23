// Operators about secrets, Key Vault references and MACsec.
#include "rules/operators.hpp"

#include "support/strings.hpp"

namespace erlint::rules {

using model::Value;

void register_secret_operators(OperatorRegistry& registry) {
  // The value refers to a resource declared in the analysed source (a Bicep symbol's id, a
  // Terraform resource attribute, an ARM resourceId() of a declared resource), so `follow` can
  // judge the resource it points to. Known and Unknown values alike: a Terraform `.id` is Unknown
  // text but a known resource.
  registry["is_resource_reference"] = {[](const Value& v, const Value& argument) {
    bool is_reference = !v.resource_key.empty();
    bool want = argument.kind != model::ValueKind::Bool || argument.boolean;
    return tri(is_reference == want);
  }, true};
}

}  // namespace erlint::rules
