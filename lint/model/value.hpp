#pragma once
// What an expression evaluates to. Unknown is a value like any other: a parameter without a
// default, a runtime reference, a remote module's output. Operators and functions propagate it,
// and a rule condition over it is undecided (no finding) rather than guessed.
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "source/range.hpp"
#include "support/shared_text.hpp"

namespace erlint::model {

using Range = erlint::Range;

enum class ValueKind : std::uint8_t { Null, Bool, Number, String, Array, Object, Unknown };

// Where a value came from, as far as the rules care (secret hygiene rules need it).
enum Origin : std::uint8_t {
  kOriginNone = 0,
  kOriginLiteral = 1 << 0,          // written as a literal somewhere in the source
  kOriginParameter = 1 << 1,        // flowed through a parameter / variable input
  kOriginSecure = 1 << 2,           // @secure(), securestring, sensitive = true, Key Vault reference, getSecret
  kOriginRuntime = 1 << 3,          // reference(), listKeys(), a resource attribute known only at deploy time
  kOriginParameterDefault = 1 << 4, // the value is a parameter's default
  kOriginAbsent = 1 << 5,           // Unknown because a known object lacks the attribute (an error in Terraform)
};

struct Member;

struct Value {
  ValueKind kind = ValueKind::Null;
  std::uint8_t origin = kOriginNone;
  bool boolean = false;
  Range range;                  // where the value was written (or where it became Unknown)
  double number = 0;
  std::string text;             // String: the string; Unknown: the reason
  SharedText origin_name;       // the parameter/variable it flowed through, if any
  std::vector<Value> items;     // Array
  std::vector<Member> members;  // Object, in source order
  // For a resource id or a reference to a declared resource: the key of the resource in the
  // graph (see graph::ResourceNode::key), so edges resolve even where the id text is unknown; or
  // "id:<resource id>" for a runtime value of the resource with that id (ARM reference()).
  SharedText resource_key;

  static Value null(Range range = {});
  static Value boolean_value(bool b, Range range = {});
  static Value number_value(double n, Range range = {});
  static Value string_value(std::string s, Range range = {});
  static Value array(std::vector<Value> items, Range range = {});
  static Value object(std::vector<Member> members, Range range = {});
  static Value unknown(std::string reason, Range range = {});

  bool is_null() const { return kind == ValueKind::Null; }
  bool is_unknown() const { return kind == ValueKind::Unknown; }
  bool is_string() const { return kind == ValueKind::String; }
  bool is_object() const { return kind == ValueKind::Object; }
  bool is_array() const { return kind == ValueKind::Array; }
  // True when the value or anything inside it is Unknown.
  bool contains_unknown() const;

  // Object member lookup, case-insensitive (ARM property names are case-insensitive).
  const Value* get(std::string_view key) const;
  Value* get_mutable(std::string_view key);
  void set(std::string key, Value value, Range key_range = {});
  // Follows a dotted path ("properties.networkSecurityGroup.id"); array segments are numbers.
  const Value* at_path(std::string_view dotted_path) const;

  // A short, human-readable rendering for messages ('GatewaySubnet', 10, <unknown: ...>).
  std::string display() const;
};

struct Member {
  std::string key;
  Range key_range;
  Value value;
};

// Deep equality of known values (Unknown never equals anything).
bool values_equal(const Value& a, const Value& b, bool case_insensitive_strings = false);

// Gives back the spare capacity of every array and object inside a value (built by appending,
// they hold up to twice what they need): for values kept for the rest of a run (graph nodes).
void shrink_to_fit(Value& value);

// Marks a value and everything inside it with an origin flag.
void add_origin(Value& value, std::uint8_t origin, std::string_view name = {});

}  // namespace erlint::model
