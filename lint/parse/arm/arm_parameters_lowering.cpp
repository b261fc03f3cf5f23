// Lowers an ARM deployment parameter file: "parameters": { name: { "value": v } } and Key Vault
// references { "reference": { "keyVault": { "id": ... }, "secretName": ..., "secretVersion": ... } }.
#include <string>
#include <utility>
#include <vector>

#include "parse/arm/arm_lowering_util.hpp"

namespace erlint::parse::arm_detail {

namespace {

using model::ExprKind;
using model::ExprPtr;

// The secret is resolved by ARM at deployment time; the evaluator sees a call it can turn into an
// Unknown with kOriginSecure, and the rules can still tell a Key Vault reference from a literal.
ExprPtr key_vault_reference(const ExprPtr& parameter, const ExprPtr& reference) {
  const Range where = parameter->range;
  ExprPtr vault_id = member_or_null(member_or_null(reference, "keyVault"), "id");
  ExprPtr secret_name = member_or_null(reference, "secretName");
  std::vector<ExprPtr> args;
  args.push_back(vault_id ? vault_id : model::make_error("Key Vault reference without keyVault.id", reference->range));
  args.push_back(secret_name ? secret_name
                             : model::make_error("Key Vault reference without secretName", reference->range));
  if (ExprPtr version = member_or_null(reference, "secretVersion")) args.push_back(std::move(version));
  return model::make_call("erlint.keyVaultReference", std::move(args), where);
}

}  // namespace

void lower_parameters_into(const ExprPtr& root, model::Template& out) {
  const ExprPtr parameters = member_or_null(root, "parameters");
  if (!is_kind(parameters, ExprKind::Object)) return;
  for (const auto& entry : parameters->entries) {
    if (!is_kind(entry.value, ExprKind::Object)) continue;
    if (const ExprPtr* value = member(entry.value, "value")) {
      out.parameter_values.emplace_back(entry.key, *value);
    } else if (const ExprPtr* reference = member(entry.value, "reference"); reference && is_kind(*reference, ExprKind::Object)) {
      out.parameter_values.emplace_back(entry.key, key_vault_reference(entry.value, *reference));
    }
  }
}

}  // namespace erlint::parse::arm_detail
