#pragma once
// The language-neutral expression tree. Bicep expressions, the ARM expression language inside
// "[...]" strings, JSON literals and HCL expressions all lower to this one shape, so that the
// evaluator and the rules never need to know which language a value was written in.
#include <memory>
#include <string>
#include <vector>

#include "source/range.hpp"

namespace erlint::model {

struct Expr;
using ExprPtr = std::shared_ptr<const Expr>;

enum class ExprKind : std::uint8_t {
  Null,
  Bool,        // boolean
  Number,      // number
  String,      // text: a plain string literal (no interpolation)
  Template,    // items: interpolated string parts, String literals and expressions, concatenated
  Array,       // items
  Object,      // entries
  Identifier,  // text: a symbol (Bicep param/var/resource/module/loop variable; HCL root such as
               // `var`, `local`, `azurerm_subnet`, `each`, `count`; a lambda parameter)
  Member,      // items[0] . text   (safe_access for Bicep `.?`)
  Index,       // items[0] [ items[1] ]   (safe_access for Bicep `[?...]`)
  Call,        // text(items...): function name, lower-case-insensitive; namespaced calls keep the
               // namespace in `text` ("az.resourceGroup"); method calls on a value (`kv.getSecret('x')`)
               // have the receiver in `receiver`
  Unary,       // text = operator ("!", "-"), items[0]
  Binary,      // text = operator ("+", "==", "=~", "&&", "??", ...), items[0], items[1]
  Conditional, // items[0] ? items[1] : items[2]
  For,         // [for item_name, index_name in items[0]: items[1] if items[2]]; key expression for
               // HCL object `for` in `key`, filter may be null
  Lambda,      // params => items[0]
  Spread,      // ...items[0]
  NonNull,     // items[0]!
  Splat,       // HCL items[0][*] followed by `text` path (e.g. "id") — evaluated element-wise
  Error,       // a fragment that did not parse; evaluates to Unknown
};

struct ObjectEntry {
  std::string key;      // the static key (unquoted); empty when `key_expr` is set
  ExprPtr key_expr;     // a computed key (Bicep `'${x}': ...`, HCL `(var.k) = ...`), else null
  Range key_range;
  ExprPtr value;
};

// The parts only a few kinds use, kept apart so that the common node stays small (a large
// template lowers to millions of nodes).
struct ExprDetails {
  ExprPtr receiver;                 // Call: the value a method is called on
  ExprPtr key;                      // For: HCL object-for key expression
  std::string item_name;            // For: loop item variable
  std::string index_name;           // For: loop index variable (Bicep `(x, i)`, HCL `k, v`)
  std::vector<std::string> params;  // Lambda parameters
};

struct Expr {
  Expr() = default;
  // A copy (the ARM lowering rewrites copies of nodes) copies the details too.
  Expr(const Expr& other)
      : kind(other.kind), boolean(other.boolean), safe_access(other.safe_access), range(other.range), number(other.number),
        text(other.text), items(other.items), entries(other.entries),
        details_(other.details_ ? std::make_unique<ExprDetails>(*other.details_) : nullptr) {}
  Expr(Expr&&) = default;
  Expr& operator=(Expr&&) = default;
  Expr& operator=(const Expr& other) {
    if (this != &other) *this = Expr(other);
    return *this;
  }

  ExprKind kind = ExprKind::Null;
  bool boolean = false;
  bool safe_access = false;      // Bicep `.?` / `[?`
  Range range;
  double number = 0;
  std::string text;              // string literal, identifier, member name, function or operator
  std::vector<ExprPtr> items;    // children, meaning by kind (see ExprKind)
  std::vector<ObjectEntry> entries;

  // Read access to the details; empty when none were set.
  const ExprPtr& receiver() const { return details_ ? details_->receiver : kNoDetails.receiver; }
  const ExprPtr& key() const { return details_ ? details_->key : kNoDetails.key; }
  const std::string& item_name() const { return details_ ? details_->item_name : kNoDetails.item_name; }
  const std::string& index_name() const { return details_ ? details_->index_name : kNoDetails.index_name; }
  const std::vector<std::string>& params() const { return details_ ? details_->params : kNoDetails.params; }
  // For the front ends while they build the node: the details, created on first use.
  ExprDetails& details() {
    if (!details_) details_ = std::make_unique<ExprDetails>();
    return *details_;
  }

 private:
  static const ExprDetails kNoDetails;
  std::unique_ptr<ExprDetails> details_;
};

// Builders keep the front ends short and readable.
ExprPtr make_null(Range range);
ExprPtr make_bool(bool value, Range range);
ExprPtr make_number(double value, Range range);
ExprPtr make_string(std::string value, Range range);
ExprPtr make_identifier(std::string name, Range range);
ExprPtr make_member(ExprPtr object, std::string name, Range range, bool safe = false);
ExprPtr make_index(ExprPtr object, ExprPtr index, Range range, bool safe = false);
ExprPtr make_call(std::string function, std::vector<ExprPtr> args, Range range);
ExprPtr make_error(std::string message, Range range);

// Finds an entry of an Object expression by static key, case-insensitively (ARM is case-insensitive).
const ObjectEntry* find_entry(const Expr& object, std::string_view key);

}  // namespace erlint::model
