// Operators about secrets, Key Vault references and MACsec.
#include "rules/operators.hpp"

#include "support/strings.hpp"

namespace erlint::rules {

void register_secret_operators(OperatorRegistry& registry) { (void)registry; }

}  // namespace erlint::rules
