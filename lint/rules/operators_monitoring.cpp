// Operators about diagnostic settings and resource logs.
#include "rules/operators.hpp"

#include "support/strings.hpp"

namespace erlint::rules {

void register_monitoring_operators(OperatorRegistry& registry) { (void)registry; }

}  // namespace erlint::rules
