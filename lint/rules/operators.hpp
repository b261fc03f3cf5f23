#pragma once
// The operator registry: every comparison a rule can make on a value, in one place. Rules are
// data; adding an operator here is the only C++ a new kind of check needs.
#include <functional>
#include <map>
#include <vector>
#include <optional>
#include <string>
#include <string_view>

#include "model/value.hpp"

namespace erlint::rules {

enum class Tri { False, True, Unknown };

inline Tri tri(bool b) { return b ? Tri::True : Tri::False; }

// (value at the path, the rule's argument) -> result. Unknown values never reach an operator
// unless it declares that it handles them (e.g. is_secure_source looks at origins).
using Operator = std::function<Tri(const model::Value& value, const model::Value& argument)>;

struct OperatorInfo {
  Operator apply;
  bool sees_unknown = false;  // called with Unknown values too
};

using OperatorRegistry = std::map<std::string, OperatorInfo, std::less<>>;

// Operators are registered by topic, one file each (operators_*.cpp).
void register_core_operators(OperatorRegistry& registry);        // operators.cpp
void register_network_operators(OperatorRegistry& registry);     // operators_network.cpp
void register_secret_operators(OperatorRegistry& registry);      // operators_secrets.cpp
void register_monitoring_operators(OperatorRegistry& registry);  // operators_monitoring.cpp

const OperatorInfo* find_operator(std::string_view name);
std::vector<std::string> operator_names();

}  // namespace erlint::rules
