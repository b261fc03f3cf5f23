// lint/eval: the partial evaluator over hand-built expressions, with a small fake symbol resolver.
// Unknown is a value: it propagates through operators and functions, and only a known side may
// decide a result.
#include <catch2/catch.hpp>

#include <initializer_list>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "eval/evaluator.hpp"
#include "eval/functions.hpp"
#include "model/expr.hpp"
#include "model/template.hpp"
#include "model/value.hpp"

namespace m = erlint::model;
using erlint::Range;
using erlint::eval::Dialect;
using erlint::eval::Evaluator;
using erlint::eval::Limits;
using m::Expr;
using m::ExprKind;
using m::ExprPtr;
using m::Value;
using m::ValueKind;

namespace {

// ---- expression builders ---------------------------------------------------------------------

Range at(std::uint32_t begin, std::uint32_t end = 0) { return Range{0, begin, end ? end : begin + 1}; }

std::shared_ptr<Expr> node(ExprKind kind) {
  auto e = std::make_shared<Expr>();
  e->kind = kind;
  e->range = at(0, 1);
  return e;
}

ExprPtr S(std::string text) { return m::make_string(std::move(text), at(10, 20)); }
ExprPtr N(double n) { return m::make_number(n, at(30, 31)); }
ExprPtr B(bool b) { return m::make_bool(b, at(40, 44)); }
ExprPtr Null() { return m::make_null(at(50, 54)); }
ExprPtr Id(std::string name) { return m::make_identifier(std::move(name), at(60, 61)); }
ExprPtr Call(std::string name, std::vector<ExprPtr> args = {}) { return m::make_call(std::move(name), std::move(args), at(70, 80)); }
ExprPtr Member(ExprPtr object, std::string name, bool safe = false) { return m::make_member(std::move(object), std::move(name), at(0, 5), safe); }
ExprPtr Index(ExprPtr object, ExprPtr index, bool safe = false) { return m::make_index(std::move(object), std::move(index), at(0, 5), safe); }

ExprPtr Bin(std::string op, ExprPtr a, ExprPtr b) {
  auto e = node(ExprKind::Binary);
  e->text = std::move(op);
  e->items = {std::move(a), std::move(b)};
  return e;
}

ExprPtr Un(std::string op, ExprPtr a) {
  auto e = node(ExprKind::Unary);
  e->text = std::move(op);
  e->items = {std::move(a)};
  return e;
}

ExprPtr Cond(ExprPtr c, ExprPtr yes, ExprPtr no) {
  auto e = node(ExprKind::Conditional);
  e->items = {std::move(c), std::move(yes), std::move(no)};
  return e;
}

ExprPtr Arr(std::vector<ExprPtr> items) {
  auto e = node(ExprKind::Array);
  e->items = std::move(items);
  return e;
}

ExprPtr Obj(std::vector<std::pair<std::string, ExprPtr>> entries) {
  auto e = node(ExprKind::Object);
  std::uint32_t offset = 100;
  for (auto& [key, value] : entries) {
    m::ObjectEntry entry;
    entry.key = key;
    entry.key_range = at(offset, offset + 3);
    offset += 10;
    entry.value = std::move(value);
    e->entries.push_back(std::move(entry));
  }
  return e;
}

ExprPtr Tmpl(std::vector<ExprPtr> parts) {
  auto e = node(ExprKind::Template);
  e->items = std::move(parts);
  return e;
}

ExprPtr Spread(ExprPtr x) {
  auto e = node(ExprKind::Spread);
  e->items = {std::move(x)};
  return e;
}

ExprPtr Splat(ExprPtr x, std::string path) {
  auto e = node(ExprKind::Splat);
  e->items = {std::move(x)};
  e->text = std::move(path);
  return e;
}

ExprPtr Lambda(std::vector<std::string> params, ExprPtr body) {
  auto e = node(ExprKind::Lambda);
  e->details().params = std::move(params);
  e->items = {std::move(body)};
  return e;
}

struct ForSpec {
  ExprPtr source;
  std::string item;
  ExprPtr body;
  std::string index = {};
  ExprPtr filter = nullptr;
  ExprPtr key = nullptr;  // an HCL object for
  std::string text = {};  // "dynamic", "copy"
};

ExprPtr For(ForSpec spec) {
  auto e = node(ExprKind::For);
  e->items = {std::move(spec.source), std::move(spec.body), std::move(spec.filter)};
  e->details().item_name = std::move(spec.item);
  e->details().index_name = std::move(spec.index);
  e->details().key = std::move(spec.key);
  e->text = std::move(spec.text);
  return e;
}

// An ARM variable copy: For{text "copy", items = [count, input], index_name = copy name}.
ExprPtr Copy(std::string name, ExprPtr count, ExprPtr input) {
  auto e = node(ExprKind::For);
  e->text = "copy";
  e->details().index_name = std::move(name);
  e->items = {std::move(count), std::move(input)};
  return e;
}

// ---- a fake resolver --------------------------------------------------------------------------

struct FakeResolver final : erlint::eval::SymbolResolver {
  std::map<std::string, Value> identifiers;
  std::map<std::string, Value> qualified_values;  // "var.x"
  std::map<std::string, Value> parameters;
  std::map<std::string, Value> variables;
  std::vector<m::Function> functions;
  std::vector<std::pair<std::string, int>> copies;
  std::vector<std::string> id_requests;

  std::optional<Value> identifier(std::string_view name, Range) override {
    auto it = identifiers.find(std::string(name));
    if (it == identifiers.end()) return std::nullopt;
    return it->second;
  }
  std::optional<Value> qualified(std::string_view root, std::string_view member, Range) override {
    auto it = qualified_values.find(std::string(root) + "." + std::string(member));
    if (it == qualified_values.end()) return std::nullopt;
    return it->second;
  }
  Value parameter(std::string_view name, Range where) override {
    auto it = parameters.find(std::string(name));
    if (it == parameters.end()) return Value::unknown("parameter " + std::string(name) + " has no value", where);
    return it->second;
  }
  Value variable(std::string_view name, Range where) override {
    auto it = variables.find(std::string(name));
    if (it == variables.end()) return Value::unknown("no variable", where);
    return it->second;
  }
  const m::Function* function(std::string_view name) override {
    for (const auto& f : functions)
      if (f.name == name) return &f;
    return nullptr;
  }
  std::optional<Value> copy_index(std::string_view loop_name) override {
    for (auto it = copies.rbegin(); it != copies.rend(); ++it)
      if (loop_name.empty() || it->first == loop_name) return Value::number_value(it->second);
    return std::nullopt;
  }
  void push_copy(std::string_view loop_name, int index) override { copies.emplace_back(std::string(loop_name), index); }
  void pop_copy() override { copies.pop_back(); }
  std::string resource_key_for_id(std::string_view type, const std::vector<std::string>& names) override {
    std::string key = "key:" + std::string(type);
    for (const auto& n : names) key += "|" + n;
    id_requests.push_back(key);
    return key;
  }
};

Value unknown_value(std::string reason = "not known here") {
  Value v = Value::unknown(std::move(reason), at(900, 901));
  return v;
}

// The fixture: `u` is an Unknown identifier everywhere, `p` an ARM parameter with a known value.
struct Eval {
  FakeResolver resolver;
  Limits limits;
  Eval() {
    resolver.identifiers["u"] = unknown_value("u is not known");
    Value p = Value::string_value("from-param", at(500, 510));
    p.origin = m::kOriginParameter;
    p.origin_name = "p";
    resolver.parameters["p"] = p;
    resolver.parameters["list"] = Value::array({Value::number_value(1), Value::number_value(2)});
  }
  Value arm(const ExprPtr& e) {
    Evaluator ev(resolver, Dialect::Arm, limits);
    return ev.evaluate(e);
  }
  Value tf(const ExprPtr& e) {
    Evaluator ev(resolver, Dialect::Terraform, limits);
    return ev.evaluate(e);
  }
};

ExprPtr U() { return Id("u"); }

std::string show(const Value& v) {
  switch (v.kind) {
    case ValueKind::Null: return "null";
    case ValueKind::Bool: return v.boolean ? "true" : "false";
    case ValueKind::Number: return erlint::eval::to_text(v).value_or("?");
    case ValueKind::String: return "'" + v.text + "'";
    case ValueKind::Unknown: return "?";
    case ValueKind::Array: {
      std::string s = "[";
      for (std::size_t i = 0; i < v.items.size(); ++i) s += (i ? "," : "") + show(v.items[i]);
      return s + "]";
    }
    case ValueKind::Object: {
      std::string s = "{";
      for (std::size_t i = 0; i < v.members.size(); ++i) s += (i ? "," : "") + v.members[i].key + ":" + show(v.members[i].value);
      return s + "}";
    }
  }
  return "";
}

}  // namespace

// ---- literals and origins ----------------------------------------------------------------------

TEST_CASE("literals evaluate to themselves and carry kOriginLiteral", "[eval][literal]") {
  Eval e;
  Value s = e.arm(S("GatewaySubnet"));
  CHECK(s.is_string());
  CHECK(s.text == "GatewaySubnet");
  CHECK((s.origin & m::kOriginLiteral));
  CHECK(s.range == at(10, 20));

  Value n = e.arm(N(24));
  CHECK(n.kind == ValueKind::Number);
  CHECK(n.number == 24);
  CHECK((n.origin & m::kOriginLiteral));

  Value b = e.tf(B(true));
  CHECK(b.kind == ValueKind::Bool);
  CHECK(b.boolean);
  CHECK((b.origin & m::kOriginLiteral));

  CHECK(e.arm(Null()).is_null());
  CHECK(e.arm(ExprPtr{}).is_null());

  SECTION("arrays and objects keep their items' origins") {
    Value a = e.arm(Arr({S("a"), N(1)}));
    REQUIRE(a.is_array());
    REQUIRE(a.items.size() == 2);
    CHECK((a.items[0].origin & m::kOriginLiteral));
    Value o = e.arm(Obj({{"name", S("x")}}));
    REQUIRE(o.is_object());
    CHECK((o.get("NAME")->origin & m::kOriginLiteral));
    CHECK(o.members[0].key_range == at(100, 103));
  }
  SECTION("a template of literals is a literal") {
    Value t = e.tf(Tmpl({S("snet-"), N(1)}));
    CHECK(t.text == "snet-1");
    CHECK((t.origin & m::kOriginLiteral));
  }
  SECTION("a parameter's origin flows into what is built from it") {
    Value c = e.arm(Call("concat", {S("x-"), Call("parameters", {S("p")})}));
    CHECK(c.text == "x-from-param");
    CHECK((c.origin & m::kOriginParameter));
    CHECK(c.origin_name == "p");
  }
  SECTION("an unbound identifier is Unknown, with a reason") {
    Value v = e.arm(Id("nowhere"));
    CHECK(v.is_unknown());
    CHECK(v.text.find("nowhere") != std::string::npos);
  }
}

// ---- Unknown propagation -----------------------------------------------------------------------

TEST_CASE("Unknown propagates through every operator", "[eval][unknown]") {
  Eval e;
  for (const char* op : {"+", "-", "*", "/", "%", "==", "!=", "=~", "!~", "<", ">", "<=", ">="}) {
    INFO(op);
    CHECK(e.arm(Bin(op, U(), N(1))).is_unknown());
    CHECK(e.arm(Bin(op, N(1), U())).is_unknown());
    CHECK(e.tf(Bin(op, S("a"), U())).is_unknown());
  }
  CHECK(e.arm(Un("!", U())).is_unknown());
  CHECK(e.arm(Un("-", U())).is_unknown());
  CHECK(e.arm(Member(U(), "properties")).is_unknown());
  CHECK(e.arm(Member(U(), "properties", true)).is_unknown());
  CHECK(e.arm(Index(U(), N(0))).is_unknown());
  CHECK(e.arm(Index(Arr({N(1)}), U())).is_unknown());
  CHECK(e.tf(Tmpl({S("a-"), U()})).is_unknown());
  CHECK(e.tf(Splat(U(), "id")).is_unknown());
  CHECK(e.arm(Arr({S("a"), Spread(U())})).is_unknown());  // the length is not known
  CHECK(e.tf(For({.source = U(), .item = "x", .body = Id("x")})).is_unknown());
  CHECK(e.arm(Copy("c", U(), S("x"))).is_unknown());

  SECTION("the reason and origin travel with it") {
    Value v = e.arm(Bin("+", U(), N(1)));
    CHECK(v.text == "u is not known");
    Value secret = Value::unknown("secret", at(5));
    secret.origin = m::kOriginSecure;
    e.resolver.identifiers["s"] = secret;
    Value t = e.tf(Tmpl({S("x"), Id("s")}));
    REQUIRE(t.is_unknown());
    CHECK((t.origin & m::kOriginSecure));
  }
  SECTION("Unknown inside a structure stays inside") {
    Value a = e.arm(Arr({S("a"), U()}));
    REQUIRE(a.is_array());
    CHECK(a.items.size() == 2);
    CHECK(a.items[1].is_unknown());
    CHECK(a.contains_unknown());
    Value o = e.arm(Obj({{"k", U()}, {"j", N(1)}}));
    REQUIRE(o.is_object());
    CHECK(o.get("k")->is_unknown());
    CHECK(o.get("j")->number == 1);
  }
}

TEST_CASE("Unknown propagates through every ARM function", "[eval][unknown][arm]") {
  Eval e;
  const std::vector<std::pair<const char*, std::vector<ExprPtr>>> calls = {
      {"concat", {S("a"), U()}},
      {"concat", {U(), Arr({})}},
      {"format", {S("{0}"), U()}},
      {"format", {U(), S("x")}},
      {"toLower", {U()}},
      {"toUpper", {U()}},
      {"trim", {U()}},
      {"replace", {U(), S("a"), S("b")}},
      {"replace", {S("abc"), S("a"), U()}},
      {"split", {U(), S(",")}},
      {"join", {U(), S(",")}},
      {"join", {Arr({S("a"), U()}), S(",")}},
      {"first", {U()}},
      {"last", {U()}},
      {"length", {U()}},
      {"equals", {U(), N(1)}},
      {"not", {U()}},
      {"and", {B(true), U()}},
      {"or", {B(false), U()}},
      {"contains", {U(), S("x")}},
      {"contains", {S("abc"), U()}},
      {"contains", {Arr({U()}), S("x")}},
      {"empty", {U()}},
      {"union", {U(), Obj({})}},
      {"array", {U()}},
      {"string", {U()}},
      {"int", {U()}},
      {"bool", {U()}},
      {"startsWith", {U(), S("a")}},
      {"endsWith", {S("a"), U()}},
      {"substring", {U(), N(0), N(1)}},
      {"take", {U(), N(1)}},
      {"skip", {U(), N(1)}},
      {"range", {N(0), U()}},
      {"cidrSubnet", {U(), N(24), N(0)}},
      {"parseCidr", {U()}},
      {"resourceId", {S("Microsoft.Network/virtualNetworks"), U()}},
      {"resourceId", {U(), S("x")}},
      {"subscriptionResourceId", {S("Microsoft.Resources/resourceGroups"), U()}},
      {"extensionResourceId", {U(), S("Microsoft.Insights/diagnosticSettings"), S("d")}},
      {"copyIndex", {U()}},
      {"parameters", {U()}},
      {"variables", {U()}},
      {"coalesce", {U(), S("x")}},
      {"coalesce", {Null(), U()}},
      {"if", {U(), S("a"), S("b")}},
      {"items", {U()}},
      {"json", {S("{}")}},
      {"noSuchFunction", {S("x")}},
  };
  for (const auto& [name, args] : calls) {
    INFO(name << " with " << args.size() << " arguments");
    Value v = e.arm(Call(name, args));
    CHECK(v.is_unknown());
    CHECK_FALSE(v.text.empty());
  }
  SECTION("builders keep unknown parts in place") {
    Value a = e.arm(Call("createArray", {N(1), U()}));
    REQUIRE(a.is_array());
    CHECK(a.items[1].is_unknown());
    Value o = e.arm(Call("createObject", {S("a"), U()}));
    REQUIRE(o.is_object());
    CHECK(o.get("a")->is_unknown());
    CHECK(e.arm(Call("createObject", {U(), N(1)})).is_unknown());
    Value c = e.arm(Call("concat", {Arr({N(1)}), Arr({U()})}));
    REQUIRE(c.is_array());
    CHECK(c.items.size() == 2);
    CHECK(e.arm(Call("length", {Arr({U(), U()})})).number == 2);
    CHECK(e.arm(Call("first", {Arr({N(7), U()})})).number == 7);
    CHECK(e.arm(Call("last", {Arr({N(7), U()})})).is_unknown());
  }
}

TEST_CASE("Unknown propagates through every Terraform function", "[eval][unknown][terraform]") {
  Eval e;
  const std::vector<std::pair<const char*, std::vector<ExprPtr>>> calls = {
      {"format", {S("%s"), U()}},
      {"format", {U()}},
      {"lower", {U()}},
      {"upper", {U()}},
      {"trimspace", {U()}},
      {"join", {S(","), U()}},
      {"join", {S(","), Arr({S("a"), U()})}},
      {"split", {S(","), U()}},
      {"replace", {U(), S("a"), S("b")}},
      {"concat", {Arr({}), U()}},
      {"lookup", {U(), S("k")}},
      {"lookup", {Obj({{"k", N(1)}}), U()}},
      {"merge", {Obj({}), U()}},
      {"cidrsubnet", {U(), N(8), N(1)}},
      {"cidrsubnet", {S("10.0.0.0/16"), N(8), U()}},
      {"coalesce", {U(), S("x")}},
      {"tostring", {U()}},
      {"tonumber", {U()}},
      {"tobool", {U()}},
      {"tolist", {U()}},
      {"toset", {U()}},
      {"tomap", {U()}},
      {"length", {U()}},
      {"element", {U(), N(0)}},
      {"flatten", {U()}},
      {"keys", {U()}},
      {"values", {U()}},
      {"contains", {U(), S("a")}},
      {"contains", {Arr({S("a"), U()}), S("b")}},
      {"jsonencode", {U()}},
      {"file", {S("x.txt")}},
      {"timestamp", {}},
      {"no_such_function", {S("x")}},
  };
  for (const auto& [name, args] : calls) {
    INFO(name << " with " << args.size() << " arguments");
    CHECK(e.tf(Call(name, args)).is_unknown());
  }
  SECTION("a known match decides contains() even next to unknown items") {
    Value v = e.tf(Call("contains", {Arr({U(), S("b")}), S("b")}));
    REQUIRE(v.kind == ValueKind::Bool);
    CHECK(v.boolean);
    Value w = e.arm(Call("contains", {Arr({U(), S("b")}), S("b")}));
    REQUIRE(w.kind == ValueKind::Bool);
    CHECK(w.boolean);
  }
  SECTION("can() and try()") {
    CHECK(e.tf(Call("can", {S("x")})).boolean);
    CHECK(e.tf(Call("can", {U()})).is_unknown());
    CHECK(e.tf(Call("try", {U(), U()})).is_unknown());
  }
}

// ---- logic -------------------------------------------------------------------------------------

TEST_CASE("&& and || decide on a known side", "[eval][logic]") {
  Eval e;
  for (Dialect d : {Dialect::Arm, Dialect::Terraform}) {
    auto run = [&](const ExprPtr& x) { return d == Dialect::Arm ? e.arm(x) : e.tf(x); };
    Value v = run(Bin("&&", B(false), U()));
    REQUIRE(v.kind == ValueKind::Bool);
    CHECK_FALSE(v.boolean);
    v = run(Bin("&&", U(), B(false)));
    REQUIRE(v.kind == ValueKind::Bool);
    CHECK_FALSE(v.boolean);
    v = run(Bin("||", B(true), U()));
    REQUIRE(v.kind == ValueKind::Bool);
    CHECK(v.boolean);
    v = run(Bin("||", U(), B(true)));
    REQUIRE(v.kind == ValueKind::Bool);
    CHECK(v.boolean);
    CHECK(run(Bin("&&", B(true), U())).is_unknown());
    CHECK(run(Bin("||", B(false), U())).is_unknown());
    CHECK(run(Bin("&&", U(), U())).is_unknown());
    CHECK(run(Bin("&&", B(true), B(true))).boolean);
    CHECK_FALSE(run(Bin("||", B(false), B(false))).boolean);
    CHECK(run(Un("!", B(false))).boolean);
  }
  SECTION("ARM and()/or() decide on a known argument the same way") {
    Value v = e.arm(Call("and", {U(), B(false)}));
    REQUIRE(v.kind == ValueKind::Bool);
    CHECK_FALSE(v.boolean);
    v = e.arm(Call("or", {U(), B(true), U()}));
    REQUIRE(v.kind == ValueKind::Bool);
    CHECK(v.boolean);
    CHECK(e.arm(Call("and", {B(true), B(true), B(true)})).boolean);
    CHECK_FALSE(e.arm(Call("or", {B(false), B(false)})).boolean);
    CHECK(e.arm(Call("and", {B(true), U()})).text == "u is not known");
    CHECK(e.arm(Call("not", {B(true)})).boolean == false);
  }
}

TEST_CASE("conditionals", "[eval][logic]") {
  Eval e;
  CHECK(e.arm(Cond(B(true), S("a"), S("b"))).text == "a");
  CHECK(e.arm(Cond(B(false), S("a"), S("b"))).text == "b");
  // Only the branch taken is evaluated: the other may be Unknown.
  CHECK(e.arm(Cond(B(true), S("a"), U())).text == "a");
  SECTION("an unknown condition with equal branches is still known") {
    Value v = e.tf(Cond(U(), S("same"), S("same")));
    REQUIRE(v.is_string());
    CHECK(v.text == "same");
    Value n = e.tf(Cond(U(), Obj({{"a", N(1)}}), Obj({{"a", N(1)}})));
    CHECK(n.is_object());
  }
  SECTION("an unknown condition with different branches is Unknown") {
    CHECK(e.tf(Cond(U(), S("a"), S("b"))).is_unknown());
    CHECK(e.tf(Cond(U(), U(), U())).is_unknown());
  }
  SECTION("ARM if() is lazy too") {
    CHECK(e.arm(Call("if", {B(false), U(), S("b")})).text == "b");
    CHECK(e.arm(Call("if", {Call("equals", {N(1), N(1)}), S("yes"), U()})).text == "yes");
  }
}

TEST_CASE("the ?? operator", "[eval][logic]") {
  Eval e;
  CHECK(e.arm(Bin("??", Null(), S("fallback"))).text == "fallback");
  CHECK(e.arm(Bin("??", S("given"), S("fallback"))).text == "given");
  CHECK(e.arm(Bin("??", S("given"), U())).text == "given");  // the right side is not needed
  CHECK(e.arm(Bin("??", U(), S("fallback"))).is_unknown());  // may or may not be null
  CHECK(e.arm(Bin("??", Null(), U())).is_unknown());
  CHECK(e.arm(Bin("??", Member(Obj({}), "missing", true), S("fb"))).text == "fb");
}

TEST_CASE("arithmetic and comparison", "[eval][operators]") {
  Eval e;
  CHECK(e.arm(Bin("+", N(2), N(3))).number == 5);
  CHECK(e.arm(Bin("/", N(7), N(2))).number == 3);  // ARM div() is integer division
  CHECK(e.tf(Bin("/", N(7), N(2))).number == 3.5);
  CHECK(e.arm(Bin("%", N(7), N(3))).number == 1);
  CHECK(e.arm(Bin("/", N(1), N(0))).is_unknown());
  CHECK(e.arm(Bin("%", N(1), N(0))).is_unknown());
  CHECK(e.arm(Un("-", N(4))).number == -4);
  CHECK(e.arm(Bin("==", S("a"), S("a"))).boolean);
  CHECK_FALSE(e.arm(Bin("==", S("a"), S("A"))).boolean);
  CHECK(e.arm(Bin("=~", S("a"), S("A"))).boolean);
  CHECK(e.arm(Bin("!~", S("a"), S("b"))).boolean);
  CHECK(e.arm(Bin("!=", N(1), S("1"))).boolean);
  CHECK(e.arm(Bin("<", N(1), N(2))).boolean);
  CHECK(e.arm(Bin(">=", S("b"), S("a"))).boolean);
  CHECK(e.arm(Bin("==", Arr({N(1), S("x")}), Arr({N(1), S("x")}))).boolean);
  CHECK(e.arm(Bin("+", S("a"), N(1))).is_unknown());  // no string +
  CHECK(e.arm(Un("!", S("maybe"))).is_unknown());
}

TEST_CASE("member and index access", "[eval][access]") {
  Eval e;
  auto object = Obj({{"properties", Obj({{"subnets", Arr({Obj({{"name", S("GatewaySubnet")}})})}})}});
  CHECK(e.arm(Member(Index(Member(Member(object, "Properties"), "subnets"), N(0)), "name")).text == "GatewaySubnet");
  CHECK(e.arm(Index(object, S("properties"))).is_object());
  CHECK(e.arm(Member(object, "missing")).is_unknown());          // not set: a runtime property, not null
  CHECK(e.arm(Member(object, "missing", true)).is_null());        // Bicep .?
  CHECK(e.arm(Member(Null(), "x", true)).is_null());
  CHECK(e.arm(Index(Arr({N(1)}), N(5))).is_unknown());
  CHECK(e.arm(Index(Arr({N(1)}), N(5), true)).is_null());
  CHECK(e.tf(Member(Arr({S("a"), S("b")}), "1")).text == "b");  // Terraform list.1
  CHECK(e.arm(Index(S("abc"), N(0))).is_unknown());
  SECTION("Terraform splat") {
    auto list = Arr({Obj({{"id", S("a")}}), Obj({{"id", S("b")}})});
    Value v = e.tf(Splat(list, "id"));
    CHECK(show(v) == "['a','b']");
    CHECK(show(e.tf(Splat(Obj({{"id", S("x")}}), "id"))) == "['x']");
    CHECK(show(e.tf(Splat(Null(), "id"))) == "[]");
  }
  SECTION("resolver look-ups: qualified names first, then the identifier") {
    e.resolver.qualified_values["var.location"] = Value::string_value("westeurope");
    CHECK(e.tf(Member(Id("var"), "location")).text == "westeurope");
    e.resolver.identifiers["vnet"] = Value::object({m::Member{"name", {}, Value::string_value("vnet1")}});
    CHECK(e.arm(Member(Id("vnet"), "name")).text == "vnet1");
  }
}

TEST_CASE("objects: spreads and computed keys", "[eval][object]") {
  Eval e;
  auto spread_entry = [](ExprPtr value) {
    m::ObjectEntry entry;
    auto s = node(ExprKind::Spread);
    s->items = {std::move(value)};
    entry.value = s;
    return entry;
  };
  auto object = std::const_pointer_cast<Expr>(Obj({{"a", N(1)}}));
  object->entries.push_back(spread_entry(Obj({{"b", N(2)}, {"a", N(3)}})));
  CHECK(show(e.arm(object)) == "{a:3,b:2}");

  auto unknown_spread = std::const_pointer_cast<Expr>(Obj({{"a", N(1)}}));
  unknown_spread->entries.push_back(spread_entry(U()));
  Value v = e.arm(unknown_spread);
  REQUIRE(v.is_object());
  CHECK(v.get("a")->number == 1);
  CHECK(v.get("__erlint_unknown_spread"));  // the object may have more keys

  auto computed = std::const_pointer_cast<Expr>(Obj({}));
  m::ObjectEntry key_entry;
  key_entry.key_expr = Tmpl({S("k-"), N(1)});
  key_entry.value = S("v");
  computed->entries.push_back(key_entry);
  m::ObjectEntry unknown_key;
  unknown_key.key_expr = U();
  unknown_key.value = S("w");
  computed->entries.push_back(unknown_key);
  Value c = e.tf(computed);
  CHECK(c.get("k-1")->text == "v");
  CHECK(c.get("__erlint_unknown_key"));
}

// ---- loops -------------------------------------------------------------------------------------

TEST_CASE("for expressions", "[eval][for]") {
  Eval e;
  SECTION("over an array, with the index") {
    Value v = e.tf(For({.source = Arr({S("a"), S("b")}), .item = "x", .body = Tmpl({Id("x"), Id("i")}), .index = "i"}));
    CHECK(show(v) == "['a0','b1']");
  }
  SECTION("over an object: key and value") {
    Value v = e.tf(For({.source = Obj({{"gw", N(1)}, {"app", N(2)}}), .item = "v", .body = Tmpl({Id("k"), S("="), Id("v")}), .index = "k"}));
    CHECK(show(v) == "['gw=1','app=2']");
  }
  SECTION("an object for with a key expression") {
    Value v = e.tf(For({.source = Arr({S("a"), S("b")}), .item = "x", .body = Bin("*", Id("i"), N(10)), .index = "i", .key = Id("x")}));
    CHECK(show(v) == "{a:0,b:10}");
  }
  SECTION("a filter") {
    Value v = e.tf(For({.source = Arr({N(1), N(2), N(3)}), .item = "x", .body = Id("x"), .filter = Bin(">", Id("x"), N(1))}));
    CHECK(show(v) == "[2,3]");
    CHECK(e.tf(For({.source = Arr({N(1)}), .item = "x", .body = Id("x"), .filter = U()})).is_unknown());
  }
  SECTION("the loop variable shadows the resolver") {
    e.resolver.identifiers["x"] = Value::string_value("outer");
    CHECK(show(e.arm(For({.source = Arr({S("inner")}), .item = "x", .body = Id("x")}))) == "['inner']");
  }
  SECTION("unknown items stay unknown items") {
    Value v = e.tf(For({.source = Arr({S("a"), U()}), .item = "x", .body = Call("upper", {Id("x")})}));
    REQUIRE(v.is_array());
    CHECK(v.items[0].text == "A");
    CHECK(v.items[1].is_unknown());
  }
  SECTION("a Terraform dynamic block: the iterator is {key, value}") {
    auto source = Obj({{"GatewaySubnet", S("10.0.0.0/27")}, {"app", S("10.0.1.0/24")}});
    auto content = Obj({{"name", Member(Id("subnet"), "key")}, {"address_prefix", Member(Id("subnet"), "value")}});
    Value v = e.tf(For({.source = source, .item = "subnet", .body = content, .text = "dynamic"}));
    CHECK(show(v) == "[{name:'GatewaySubnet',address_prefix:'10.0.0.0/27'},{name:'app',address_prefix:'10.0.1.0/24'}]");
    auto list_content = Obj({{"index", Member(Id("r"), "key")}, {"name", Member(Member(Id("r"), "value"), "n")}});
    Value w = e.tf(For({.source = Arr({Obj({{"n", S("a")}})}), .item = "r", .body = list_content, .text = "dynamic"}));
    CHECK(show(w) == "[{index:0,name:'a'}]");
  }
  SECTION("a Terraform for over a count number") {
    CHECK(show(e.tf(For({.source = N(3), .item = "i", .body = Id("i")}))) == "[0,1,2]");
    CHECK(e.arm(For({.source = N(3), .item = "i", .body = Id("i")})).is_unknown());
  }
  SECTION("over null: nothing") { CHECK(show(e.tf(For({.source = Null(), .item = "x", .body = Id("x")}))) == "[]"); }
  SECTION("over a string: Unknown") { CHECK(e.tf(For({.source = S("abc"), .item = "x", .body = Id("x")})).is_unknown()); }
}

TEST_CASE("ARM copy loops", "[eval][copy]") {
  Eval e;
  SECTION("a variable copy: For with text 'copy'") {
    auto input = Obj({{"name", Call("format", {S("disk{0}"), Call("copyIndex", {S("disks")})})},
                      {"lun", Call("copyIndex", {S("disks"), N(1)})}});
    Value v = e.arm(Copy("disks", N(3), input));
    CHECK(show(v) == "[{name:'disk0',lun:1},{name:'disk1',lun:2},{name:'disk2',lun:3}]");
    CHECK(e.resolver.copies.empty());  // every push was popped
  }
  SECTION("an output copy has no name: copyIndex() without a name") {
    Value v = e.arm(Copy("", Call("length", {Call("parameters", {S("list")})}), Call("copyIndex", {})));
    CHECK(show(v) == "[0,1]");
  }
  SECTION("nested copies: the named loop is found") {
    auto inner = Copy("inner", N(2), Tmpl({Call("string", {Call("copyIndex", {S("outer")})}), Call("string", {Call("copyIndex", {S("inner")})})}));
    Value v = e.arm(Copy("outer", N(2), inner));
    CHECK(show(v) == "[['00','01'],['10','11']]");
  }
  SECTION("a property copy inside an object") {
    auto spec = Obj({{"name", S("subnets")},
                     {"count", N(2)},
                     {"input", Obj({{"name", Call("concat", {S("snet-"), Call("string", {Call("copyIndex", {S("subnets")})})})}})}});
    auto body = Obj({{"addressSpace", S("10.0.0.0/16")}, {"copy", Arr({spec})}});
    Value v = e.arm(body);
    CHECK(show(v) == "{addressSpace:'10.0.0.0/16',subnets:[{name:'snet-0'},{name:'snet-1'}]}");
    CHECK(v.get("copy") == nullptr);
  }
  SECTION("a property copy with an unknown count") {
    auto spec = Obj({{"name", S("subnets")}, {"count", U()}, {"input", S("x")}});
    Value v = e.arm(Obj({{"copy", Arr({spec})}}));
    REQUIRE(v.get("subnets"));
    CHECK(v.get("subnets")->is_unknown());
  }
  SECTION("a key named copy that is no copy spec stays a key (and Terraform has no property copy)") {
    Value v = e.arm(Obj({{"copy", S("text")}}));
    CHECK(v.get("copy")->text == "text");
    auto spec = Obj({{"name", S("subnets")}, {"count", N(1)}, {"input", S("x")}});
    Value w = e.tf(Obj({{"copy", Arr({spec})}}));
    CHECK(w.get("copy")->is_array());
  }
  SECTION("copyIndex() outside a loop is Unknown") { CHECK(e.arm(Call("copyIndex", {})).is_unknown()); }
}

TEST_CASE("loops over more than max_loop_items are Unknown", "[eval][limits]") {
  Eval e;
  e.limits.max_loop_items = 3;
  auto four = Arr({N(1), N(2), N(3), N(4)});
  auto three = Arr({N(1), N(2), N(3)});
  CHECK(e.tf(For({.source = four, .item = "x", .body = Id("x")})).is_unknown());
  CHECK(e.tf(For({.source = three, .item = "x", .body = Id("x")})).is_array());
  CHECK(e.tf(For({.source = N(4), .item = "x", .body = Id("x")})).is_unknown());
  CHECK(e.arm(Copy("c", N(4), S("x"))).is_unknown());
  CHECK(e.arm(Copy("c", N(3), S("x"))).items.size() == 3);
  CHECK(e.arm(Call("range", {N(0), N(4)})).is_unknown());
  auto spec = Obj({{"name", S("p")}, {"count", N(4)}, {"input", S("x")}});
  CHECK(e.arm(Obj({{"copy", Arr({spec})}})).get("p")->is_unknown());

  SECTION("a huge count is refused before anything is expanded") {
    e.limits.max_loop_items = 1000;
    CHECK(e.tf(For({.source = N(1e12), .item = "x", .body = Id("x")})).is_unknown());
    CHECK(e.arm(Copy("c", N(1e12), S("x"))).is_unknown());
    CHECK(show(e.tf(For({.source = N(-5), .item = "x", .body = Id("x")}))) == "[]");
  }
}

TEST_CASE("expression nesting over max_depth is Unknown, not a crash", "[eval][limits]") {
  Eval e;
  e.limits.max_depth = 50;
  ExprPtr deep = N(1);
  for (int i = 0; i < 200; ++i) deep = Arr({deep});
  Value v = e.arm(deep);
  CHECK(v.contains_unknown());
}

// ---- ARM functions -----------------------------------------------------------------------------

TEST_CASE("ARM string functions", "[eval][arm]") {
  Eval e;
  CHECK(e.arm(Call("concat", {S("a"), N(1), B(true)})).text == "a1true");
  CHECK(show(e.arm(Call("concat", {Arr({N(1)}), Arr({N(2), N(3)})}))) == "[1,2,3]");
  CHECK(e.arm(Call("format", {S("{0}-{1}-{0}"), S("a"), N(2)})).text == "a-2-a");
  CHECK(e.arm(Call("format", {S("{{literal}} {0}"), S("x")})).text == "{literal} x");
  CHECK(e.arm(Call("format", {S("{0:D2}"), N(3)})).is_unknown());  // .NET specifiers are not guessed
  CHECK(e.arm(Call("format", {S("{1}"), S("only")})).is_unknown());
  CHECK(e.arm(Call("toLower", {S("GatewaySubnet")})).text == "gatewaysubnet");
  CHECK(e.arm(Call("TOUPPER", {S("abc")})).text == "ABC");  // ARM function names are case-insensitive
  CHECK(e.arm(Call("replace", {S("a-b-c"), S("-"), S("_")})).text == "a_b_c");
  CHECK(show(e.arm(Call("split", {S("a,b;c"), Arr({S(","), S(";")})}))) == "['a','b','c']");
  CHECK(show(e.arm(Call("split", {S("a,,b"), S(",")}))) == "['a','','b']");
  CHECK(e.arm(Call("join", {Arr({S("a"), S("b"), N(3)}), S("-")})).text == "a-b-3");
  CHECK(e.arm(Call("first", {Arr({S("x"), S("y")})})).text == "x");
  CHECK(e.arm(Call("first", {S("abc")})).text == "a");
  CHECK(e.arm(Call("last", {Arr({S("x"), S("y")})})).text == "y");
  CHECK(e.arm(Call("last", {S("abc")})).text == "c");
  CHECK(e.arm(Call("first", {Arr({})})).is_null());
  CHECK(e.arm(Call("length", {Arr({N(1), N(2), N(3)})})).number == 3);
  CHECK(e.arm(Call("length", {S("abcd")})).number == 4);
  CHECK(e.arm(Call("length", {Obj({{"a", N(1)}})})).number == 1);
  CHECK(e.arm(Call("string", {N(42)})).text == "42");
  CHECK(e.arm(Call("int", {S("42")})).number == 42);
  CHECK(e.arm(Call("startsWith", {S("GatewaySubnet"), S("gateway")})).boolean);
  CHECK(e.arm(Call("substring", {S("abcdef"), N(2), N(3)})).text == "cde");
  CHECK(e.arm(Call("sys.concat", {S("a"), S("b")})).text == "ab");  // Bicep namespaces
}

TEST_CASE("ARM logical and collection functions", "[eval][arm]") {
  Eval e;
  CHECK(e.arm(Call("equals", {N(1), N(1)})).boolean);
  CHECK_FALSE(e.arm(Call("equals", {S("a"), S("A")})).boolean);
  CHECK_FALSE(e.arm(Call("not", {B(true)})).boolean);
  CHECK_FALSE(e.arm(Call("and", {B(true), B(false)})).boolean);
  CHECK(e.arm(Call("or", {B(false), B(true)})).boolean);
  CHECK(e.arm(Call("if", {B(true), S("a"), S("b")})).text == "a");
  CHECK(e.arm(Call("coalesce", {Null(), Null(), S("x")})).text == "x");
  CHECK(e.arm(Call("coalesce", {Null()})).is_null());
  CHECK(e.arm(Call("contains", {S("abc"), S("b")})).boolean);
  CHECK(e.arm(Call("contains", {Arr({N(1), N(2)}), N(2)})).boolean);
  CHECK_FALSE(e.arm(Call("contains", {Arr({N(1), N(2)}), N(3)})).boolean);
  CHECK(e.arm(Call("contains", {Obj({{"a", N(1)}}), S("a")})).boolean);
  CHECK(e.arm(Call("empty", {S("")})).boolean);
  CHECK(e.arm(Call("empty", {Arr({})})).boolean);
  CHECK(e.arm(Call("empty", {Obj({})})).boolean);
  CHECK(e.arm(Call("empty", {Null()})).boolean);
  CHECK_FALSE(e.arm(Call("empty", {S("x")})).boolean);
  CHECK(show(e.arm(Call("union", {Obj({{"a", N(1)}, {"b", N(2)}}), Obj({{"b", N(3)}})}))) == "{a:1,b:3}");
  CHECK(show(e.arm(Call("union", {Arr({N(1), N(2)}), Arr({N(2), N(3)})}))) == "[1,2,3]");
  CHECK(show(e.arm(Call("createArray", {N(1), S("a")}))) == "[1,'a']");
  CHECK(show(e.arm(Call("createObject", {S("a"), N(1), S("b"), N(2)}))) == "{a:1,b:2}");
  CHECK(show(e.arm(Call("array", {N(1)}))) == "[1]");
  CHECK(show(e.arm(Call("array", {Arr({N(1)})}))) == "[1]");
  CHECK(show(e.arm(Call("range", {N(1), N(3)}))) == "[1,2,3]");
  CHECK(show(e.arm(Call("take", {Arr({N(1), N(2), N(3)}), N(2)}))) == "[1,2]");
  CHECK(show(e.arm(Call("skip", {Arr({N(1), N(2), N(3)}), N(2)}))) == "[3]");
  CHECK(show(e.arm(Call("items", {Obj({{"a", N(1)}})}))) == "[{key:'a',value:1}]");
  CHECK(e.arm(Call("true")).boolean);
  CHECK(e.arm(Call("null")).is_null());
}

TEST_CASE("ARM resource id functions", "[eval][arm][ids]") {
  Eval e;
  const std::string subnet_type = "Microsoft.Network/virtualNetworks/subnets";
  Value id = e.arm(Call("resourceId", {S(subnet_type), S("vnet1"), S("GatewaySubnet")}));
  CHECK(id.text ==
        "/subscriptions/{subscriptionId}/resourceGroups/{resourceGroup}/providers/Microsoft.Network/virtualNetworks/vnet1/subnets/"
        "GatewaySubnet");
  CHECK(id.resource_key == "key:" + subnet_type + "|vnet1|GatewaySubnet");

  CHECK(e.arm(Call("resourceId", {S("rg2"), S("Microsoft.Network/routeTables"), S("rt")})).text ==
        "/subscriptions/{subscriptionId}/resourceGroups/rg2/providers/Microsoft.Network/routeTables/rt");
  CHECK(e.arm(Call("resourceId", {S("sub1"), S("rg2"), S("Microsoft.Network/routeTables"), S("rt")})).text ==
        "/subscriptions/sub1/resourceGroups/rg2/providers/Microsoft.Network/routeTables/rt");

  SECTION("an unknown name: Unknown") {
    Value v = e.arm(Call("resourceId", {S(subnet_type), S("vnet1"), U()}));
    CHECK(v.is_unknown());
  }
  SECTION("subscription-level ids have no resource group") {
    CHECK(e.arm(Call("subscriptionResourceId", {S("Microsoft.Resources/resourceGroups"), S("rg1")})).text ==
          "/subscriptions/{subscriptionId}/providers/Microsoft.Resources/resourceGroups/rg1");
    CHECK(e.arm(Call("subscriptionResourceId", {S("sub1"), S("Microsoft.Authorization/policyDefinitions"), S("p")})).text ==
          "/subscriptions/sub1/providers/Microsoft.Authorization/policyDefinitions/p");
    CHECK(e.arm(Call("tenantResourceId", {S("Microsoft.Authorization/policyDefinitions"), S("p")})).text ==
          "/providers/Microsoft.Authorization/policyDefinitions/p");
    CHECK(e.arm(Call("managementGroupResourceId", {S("mg1"), S("Microsoft.Authorization/policyDefinitions"), S("p")})).text ==
          "/providers/Microsoft.Management/managementGroups/mg1/providers/Microsoft.Authorization/policyDefinitions/p");
  }
  SECTION("extensionResourceId appends to its scope") {
    const std::string circuit = "/subscriptions/s/resourceGroups/r/providers/Microsoft.Network/expressRouteCircuits/er1";
    Value v = e.arm(Call("extensionResourceId", {S(circuit), S("Microsoft.Insights/diagnosticSettings"), S("diag")}));
    CHECK(v.text == circuit + "/providers/Microsoft.Insights/diagnosticSettings/diag");
    CHECK(v.resource_key == "key:Microsoft.Insights/diagnosticSettings|diag");
  }
}

TEST_CASE("ARM cidrSubnet and parseCidr", "[eval][arm][cidr]") {
  Eval e;
  // Examples from the ARM documentation.
  CHECK(e.arm(Call("cidrSubnet", {S("10.144.0.0/20"), N(24), N(0)})).text == "10.144.0.0/24");
  CHECK(e.arm(Call("cidrSubnet", {S("10.144.0.0/20"), N(24), N(15)})).text == "10.144.15.0/24");
  CHECK(e.arm(Call("cidrSubnet", {S("10.144.0.0/20"), N(24), N(16)})).is_unknown());
  CHECK(e.arm(Call("cidrSubnet", {S("10.144.0.0/20"), N(24), N(-1)})).is_unknown());
  CHECK(e.arm(Call("cidrSubnet", {S("10.144.0.0/20"), N(16), N(0)})).is_unknown());  // shorter than the network
  CHECK(e.arm(Call("cidrSubnet", {S("not a cidr"), N(24), N(0)})).is_unknown());
  Value p = e.arm(Call("parseCidr", {S("10.144.0.0/20")}));
  CHECK(p.get("network")->text == "10.144.0.0");
  CHECK(p.get("cidr")->number == 20);
  // Host bits are not part of the network.
  CHECK(e.arm(Call("parseCidr", {S("10.144.3.5/20")})).get("network")->text == "10.144.0.0");
  CHECK(e.arm(Call("parseCidr", {S("fdad:3236:5555::/48")})).get("network")->text == "fdad:3236:5555::");
}

TEST_CASE("ARM lambdas: filter and map", "[eval][arm][lambda]") {
  Eval e;
  auto numbers = Arr({N(1), N(2), N(3)});
  CHECK(show(e.arm(Call("filter", {numbers, Lambda({"x"}, Bin(">", Id("x"), N(1)))}))) == "[2,3]");
  CHECK(show(e.arm(Call("map", {numbers, Lambda({"x"}, Bin("*", Id("x"), N(10)))}))) == "[10,20,30]");
  CHECK(show(e.arm(Call("map", {Arr({S("a"), S("b")}), Lambda({"x", "i"}, Id("i"))}))) == "[0,1]");
  auto subnets = Arr({Obj({{"name", S("GatewaySubnet")}}), Obj({{"name", S("app")}})});
  CHECK(show(e.arm(Call("map", {subnets, Lambda({"s"}, Member(Id("s"), "name"))}))) == "['GatewaySubnet','app']");
  SECTION("a lambda sees the variables around it") {
    auto outer = For({.source = Arr({N(100)}), .item = "base", .body = Call("map", {Arr({N(1)}), Lambda({"x"}, Bin("+", Id("x"), Id("base")))})});
    CHECK(show(e.arm(outer)) == "[[101]]");
  }
  SECTION("an unknown predicate or collection is Unknown") {
    CHECK(e.arm(Call("filter", {numbers, Lambda({"x"}, U())})).is_unknown());
    CHECK(e.arm(Call("filter", {U(), Lambda({"x"}, B(true))})).is_unknown());
    CHECK(e.arm(Call("map", {numbers, S("not a lambda")})).is_unknown());
    Value partly = e.arm(Call("map", {Arr({N(1), U()}), Lambda({"x"}, Bin("+", Id("x"), N(1)))}));
    REQUIRE(partly.is_array());
    CHECK(partly.items[0].number == 2);
    CHECK(partly.items[1].is_unknown());
  }
}

TEST_CASE("deployment-time functions are Unknown with their origin", "[eval][arm][runtime]") {
  Eval e;
  Value r = e.arm(Call("reference", {S("vnet1")}));
  CHECK(r.is_unknown());
  CHECK((r.origin & m::kOriginRuntime));
  CHECK_FALSE((r.origin & m::kOriginSecure));

  Value keys = e.arm(Call("listKeys", {S("sa"), S("2023-01-01")}));
  CHECK(keys.is_unknown());
  CHECK((keys.origin & m::kOriginSecure));
  CHECK((keys.origin & m::kOriginRuntime));

  // Even when an argument is unknown, the result keeps its own origin.
  Value sas = e.arm(Call("listAccountSas", {U(), S("2023-01-01"), Obj({})}));
  CHECK(sas.is_unknown());
  CHECK((sas.origin & m::kOriginSecure));
  CHECK((e.arm(Call("listKeys", {U()})).origin & m::kOriginSecure));

  Value secret = e.arm(Call("getSecret", {S("adminPassword")}));
  CHECK(secret.is_unknown());
  CHECK((secret.origin & m::kOriginSecure));

  SECTION("a Bicep method call: kv.getSecret('name')") {
    e.resolver.identifiers["kv"] = Value::object({m::Member{"name", {}, Value::string_value("kv1")}});
    auto call = std::const_pointer_cast<Expr>(Call("getSecret", {S("adminPassword")}));
    call->details().receiver = Id("kv");
    Value v = e.arm(call);
    CHECK(v.is_unknown());
    CHECK((v.origin & m::kOriginSecure));
  }
  for (const char* name : {"resourceGroup", "subscription", "uniqueString", "guid", "utcNow", "newGuid", "deployment"}) {
    INFO(name);
    Value v = e.arm(Call(name, {S("x")}));
    CHECK(v.is_unknown());
    CHECK((v.origin & m::kOriginRuntime));
  }
}

TEST_CASE("user-defined functions", "[eval][arm][functions]") {
  Eval e;
  m::Function name_fn;
  name_fn.name = "contoso.subnetName";
  name_fn.params = {"p"};
  // ARM: parameters('p') inside the function is the function's own parameter.
  name_fn.body = Call("concat", {S("snet-"), Call("parameters", {S("p")})});
  m::Function bicep_fn;
  bicep_fn.name = "double";
  bicep_fn.params = {"x"};
  bicep_fn.body = Bin("*", Id("x"), N(2));
  m::Function scope_fn;
  scope_fn.name = "leaks";
  scope_fn.params = {};
  scope_fn.body = Id("loopVar");
  e.resolver.functions = {name_fn, bicep_fn, scope_fn};

  CHECK(e.arm(Call("contoso.subnetName", {S("app")})).text == "snet-app");
  // Outside the function parameters('p') is the template's parameter.
  CHECK(e.arm(Call("parameters", {S("p")})).text == "from-param");
  CHECK(e.arm(Call("double", {N(21)})).number == 42);
  CHECK(e.arm(Call("double", {U()})).is_unknown());
  // A function sees only its own parameters, not the loop variables of its caller.
  auto loop = For({.source = Arr({N(1)}), .item = "loopVar", .body = Call("leaks")});
  Value v = e.arm(loop);
  REQUIRE(v.is_array());
  CHECK(v.items[0].is_unknown());
  SECTION("nested calls: each sees its own parameter") {
    m::Function outer;
    outer.name = "contoso.outer";
    outer.params = {"p"};
    outer.body = Call("concat", {Call("parameters", {S("p")}), S("/"), Call("contoso.subnetName", {S("inner")})});
    e.resolver.functions.push_back(outer);
    CHECK(e.arm(Call("contoso.outer", {S("vnet")})).text == "vnet/snet-inner");
  }
}

// ---- Terraform functions -----------------------------------------------------------------------

TEST_CASE("Terraform functions", "[eval][terraform]") {
  Eval e;
  CHECK(e.tf(Call("format", {S("%s-%d"), S("snet"), N(1)})).text == "snet-1");
  CHECK(e.tf(Call("format", {S("100%%")})).text == "100%");
  CHECK(e.tf(Call("format", {S("%5s"), S("x")})).is_unknown());
  CHECK(e.tf(Call("lower", {S("GatewaySubnet")})).text == "gatewaysubnet");
  CHECK(e.tf(Call("upper", {S("abc")})).text == "ABC");
  CHECK(e.tf(Call("join", {S("-"), Arr({S("a"), S("b")})})).text == "a-b");
  CHECK(e.tf(Call("join", {S(","), Arr({S("a")}), Arr({S("b")})})).text == "a,b");
  CHECK(show(e.tf(Call("concat", {Arr({S("a")}), Arr({S("b"), S("c")})}))) == "['a','b','c']");
  CHECK(e.tf(Call("lookup", {Obj({{"a", N(1)}}), S("a")})).number == 1);
  CHECK(e.tf(Call("lookup", {Obj({{"a", N(1)}}), S("b"), N(2)})).number == 2);
  CHECK(e.tf(Call("lookup", {Obj({{"a", N(1)}}), S("b")})).is_unknown());
  CHECK(show(e.tf(Call("merge", {Obj({{"a", N(1)}}), Obj({{"b", N(2)}}), Null(), Obj({{"a", N(3)}})}))) == "{a:3,b:2}");
  CHECK(e.tf(Call("cidrsubnet", {S("10.0.0.0/16"), N(8), N(2)})).text == "10.0.2.0/24");
  CHECK(e.tf(Call("cidrsubnet", {S("fd00::/48"), N(16), N(1)})).text == "fd00:0:0:1::/64");
  CHECK(e.tf(Call("cidrsubnet", {S("10.0.0.0/16"), N(8), N(256)})).is_unknown());
  CHECK(e.tf(Call("cidrsubnet", {S("10.0.0.0/16"), N(8), N(-1)})).is_unknown());
  CHECK(e.tf(Call("coalesce", {S(""), Null(), S("x")})).text == "x");
  CHECK(e.tf(Call("tostring", {N(1)})).text == "1");
  CHECK(show(e.tf(Call("tolist", {Arr({N(1)})}))) == "[1]");
  CHECK(show(e.tf(Call("toset", {Arr({S("a"), S("a"), S("b")})}))) == "['a','b']");
  CHECK(e.tf(Call("tonumber", {S("42")})).number == 42);
  CHECK(e.tf(Call("tobool", {S("true")})).boolean);
  CHECK(e.tf(Call("length", {Arr({U(), N(1)})})).number == 2);
  CHECK(e.tf(Call("element", {Arr({S("a"), S("b")}), N(3)})).text == "b");  // wraps around
  CHECK(e.tf(Call("element", {Arr({S("a"), S("b")}), N(-1)})).is_unknown());
  CHECK(show(e.tf(Call("flatten", {Arr({Arr({N(1)}), N(2), Arr({Arr({N(3)})})})}))) == "[1,2,3]");
  CHECK(show(e.tf(Call("keys", {Obj({{"a", N(1)}, {"b", N(2)}})}))) == "['a','b']");
  CHECK(show(e.tf(Call("values", {Obj({{"a", N(1)}, {"b", N(2)}})}))) == "[1,2]");
  CHECK(e.tf(Call("contains", {Arr({S("a"), S("b")}), S("b")})).boolean);
  CHECK_FALSE(e.tf(Call("contains", {Arr({S("a")}), S("b")})).boolean);
  CHECK(e.tf(Call("replace", {S("a-b-c"), S("-"), S("_")})).text == "a_b_c");
  CHECK(e.tf(Call("replace", {S("a1"), S("/[0-9]/"), S("x")})).is_unknown());

  SECTION("split takes a whole separator") {
    CHECK(show(e.tf(Call("split", {S(","), S("a,b,,c")}))) == "['a','b','','c']");
    CHECK(show(e.tf(Call("split", {S(", "), S("a, b, c")}))) == "['a','b','c']");
    CHECK(show(e.tf(Call("split", {S("::"), S("x::y")}))) == "['x','y']");
    CHECK(show(e.tf(Call("split", {S(","), S("")}))) == "['']");
  }
  SECTION("try() falls through failing alternatives, not unknown ones") {
    // An unknown value might succeed at plan time: try() cannot pick the fallback.
    CHECK(e.tf(Call("try", {U(), S("fallback")})).is_unknown());
    CHECK(e.tf(Call("try", {S("first"), S("fallback")})).text == "first");
    CHECK(e.tf(Call("try", {Member(Obj({}), "missing"), N(0)})).number == 0);
  }
  SECTION("coalesce() keeps an unknown first argument unknown") {
    CHECK(e.tf(Call("coalesce", {U(), S("x")})).is_unknown());
    CHECK(e.tf(Call("coalesce", {S("a"), U()})).text == "a");
  }
  SECTION("jsonencode() of a structure is analysed as the structure (azapi bodies)") {
    Value v = e.tf(Call("jsonencode", {Obj({{"properties", Obj({{"addressPrefix", S("10.0.0.0/27")}})}})}));
    REQUIRE(v.is_object());
    CHECK(v.at_path("properties.addressPrefix")->text == "10.0.0.0/27");
  }
  SECTION("Terraform function names are exact; ARM's are not Terraform's") {
    CHECK(e.tf(Call("Lower", {S("A")})).is_unknown());
    CHECK(e.tf(Call("toLower", {S("A")})).is_unknown());
  }
}

TEST_CASE("as_bool and to_text", "[eval][helpers]") {
  using erlint::eval::as_bool;
  using erlint::eval::to_text;
  CHECK(as_bool(Value::boolean_value(true)) == true);
  CHECK(as_bool(Value::string_value("False")) == false);
  CHECK(as_bool(Value::number_value(0)) == false);
  CHECK(as_bool(Value::null()) == false);
  CHECK_FALSE(as_bool(Value::string_value("yes")));
  CHECK_FALSE(as_bool(Value::unknown("x")));
  CHECK_FALSE(as_bool(Value::array({})));
  CHECK(to_text(Value::number_value(3)) == "3");
  CHECK(to_text(Value::boolean_value(false)) == "false");
  CHECK_FALSE(to_text(Value::unknown("x")));
  CHECK_FALSE(to_text(Value::object({})));
  CHECK(erlint::eval::member_of(Value::unknown("x"), "a", Range{}).is_unknown());
}

TEST_CASE("huge or odd numbers as indexes and counts are safe", "[eval][limits]") {
  Eval e;
  auto list = Arr({N(1), N(2)});
  CHECK(e.arm(Index(list, N(1e300))).is_unknown());
  CHECK(e.arm(Index(list, N(-1))).is_unknown());
  CHECK(e.arm(Index(list, N(1e300), true)).is_null());
  CHECK(e.tf(Member(list, "99999999999999999999999999")).is_unknown());  // no std::out_of_range
  CHECK(show(e.arm(Call("take", {list, N(1e300)}))) == "[1,2]");
  CHECK(show(e.arm(Call("take", {list, N(-3)}))) == "[]");
  CHECK(show(e.arm(Call("skip", {list, N(1e300)}))) == "[]");
  CHECK(show(e.arm(Call("skip", {list, N(1)}))) == "[2]");
  CHECK(e.arm(Call("substring", {S("abc"), N(1e300)})).is_unknown());
  CHECK(e.arm(Call("substring", {S("abc"), N(1), N(1e300)})).text == "bc");
  CHECK(e.arm(Call("substring", {S("abc"), N(3)})).text == "");
  CHECK(e.arm(Call("int", {S("99999999999999999999999")})).is_unknown());
  CHECK(e.tf(Call("element", {list, N(1e300)})).is_unknown());
  CHECK(e.arm(Call("range", {N(0), N(1e300)})).is_unknown());
  CHECK(show(e.arm(Call("range", {N(0), N(-1e300)}))) == "[]");
  CHECK(e.arm(Call("cidrSubnet", {S("10.0.0.0/8"), N(16), N(1e300)})).is_unknown());
}

TEST_CASE("ARM arithmetic and comparison functions (what Bicep's operators on ints compile to)", "[eval][arm]") {
  Eval e;
  CHECK(e.arm(Call("add", {N(2), N(1)})).number == 3);
  CHECK(e.arm(Call("sub", {N(2), N(5)})).number == -3);
  CHECK(e.arm(Call("mul", {N(4), N(3)})).number == 12);
  CHECK(e.arm(Call("div", {N(7), N(2)})).number == 3);
  CHECK(e.arm(Call("div", {N(-7), N(2)})).number == -3);  // toward zero
  CHECK(e.arm(Call("mod", {N(7), N(3)})).number == 1);
  CHECK(e.arm(Call("mod", {N(-7), N(3)})).number == -1);  // the dividend's sign
  CHECK(e.arm(Call("div", {N(1), N(0)})).is_unknown());
  CHECK(e.arm(Call("mod", {N(1), N(0)})).is_unknown());
  CHECK(e.arm(Call("add", {U(), N(1)})).is_unknown());
  CHECK(e.arm(Call("add", {S("1"), N(1)})).is_unknown());
  // copy loops with a condition such as equals(mod(range(0, 10)[copyIndex()], 3), 0)
  CHECK(e.arm(Call("equals", {Call("mod", {N(9), N(3)}), N(0)})).boolean);

  CHECK(e.arm(Call("less", {N(1), N(2)})).boolean);
  CHECK_FALSE(e.arm(Call("less", {N(2), N(2)})).boolean);
  CHECK(e.arm(Call("lessOrEquals", {N(2), N(2)})).boolean);
  CHECK(e.arm(Call("greater", {S("b"), S("a")})).boolean);
  CHECK_FALSE(e.arm(Call("greaterOrEquals", {N(1), N(2)})).boolean);
  CHECK(e.arm(Call("less", {N(1), S("2")})).is_unknown());
  CHECK(e.arm(Call("greater", {U(), N(2)})).is_unknown());

  CHECK(e.arm(Call("min", {N(3), N(1), N(2)})).number == 1);
  CHECK(e.arm(Call("max", {Arr({N(3), N(7), N(2)})})).number == 7);
  CHECK(e.arm(Call("max", {Arr({N(3), U()})})).is_unknown());
  CHECK(e.arm(Call("min", {Arr({})})).is_unknown());
}
