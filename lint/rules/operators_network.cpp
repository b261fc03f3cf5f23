// Operators about subnets, routes, NSG rules, gateways and circuits.
#include "rules/operators.hpp"

#include "support/strings.hpp"

namespace erlint::rules {

void register_network_operators(OperatorRegistry& registry) { (void)registry; }

}  // namespace erlint::rules
