// The Bicep front end: .bicep / .bicepparam lowered into model::Template.
#include <catch2/catch.hpp>

#include <chrono>
#include <string>
#include <vector>

#include "parse/bicep/bicep_frontend.hpp"
#include "support/strings.hpp"

using erlint::ErrorCode;
using erlint::FileKind;
using erlint::Position;
using erlint::Range;
using erlint::SourceFile;
using erlint::SourceManager;
using erlint::model::ExprKind;
using erlint::model::ExprPtr;
using erlint::model::Language;
using erlint::model::Loop;
using erlint::model::Template;
using erlint::parse::ParseOptions;
using erlint::parse::parse_bicep_file;

namespace {

struct Parsed {
  SourceManager sources;
  const SourceFile* file = nullptr;
  Template tmpl;

  Position pos(std::uint32_t offset) const { return file->position(offset); }
  // "line:col" of a range's start (1-based line and byte column).
  std::string at(Range r) const {
    const Position p = pos(r.begin);
    return std::to_string(p.line) + ":" + std::to_string(p.column);
  }
  std::string_view text(Range r) const { return std::string_view(file->text()).substr(r.begin, r.end - r.begin); }
  std::string problems() const {
    std::string s;
    for (const auto& p : tmpl.problems) s += at(p.range) + " " + p.message + "\n";
    return s;
  }
};

Parsed parse(const std::string& text, FileKind kind = FileKind::Bicep, ParseOptions options = {}) {
  Parsed p;
  p.file = &p.sources.add(kind == FileKind::BicepParams ? "main.bicepparam" : "main.bicep", text, kind);
  erlint::syntax::Parser parser(erlint::syntax::Grammar::Bicep);
  p.tmpl = parse_bicep_file(*p.file, parser, options);
  return p;
}

// A compact rendering of an expression tree, so that tests can state the whole shape at once.
std::string show(const ExprPtr& e) {
  if (!e) return "~";
  auto list = [](const std::vector<ExprPtr>& items) {
    std::string s;
    for (size_t i = 0; i < items.size(); ++i) {
      if (i) s += ", ";
      s += show(items[i]);
    }
    return s;
  };
  switch (e->kind) {
    case ExprKind::Null: return "null";
    case ExprKind::Bool: return e->boolean ? "true" : "false";
    case ExprKind::Number: return erlint::format_number(e->number);
    case ExprKind::String: return "'" + e->text + "'";
    case ExprKind::Template: return "T(" + list(e->items) + ")";
    case ExprKind::Array: return "[" + list(e->items) + "]";
    case ExprKind::Object: {
      std::string s = "{";
      for (size_t i = 0; i < e->entries.size(); ++i) {
        if (i) s += ", ";
        const auto& entry = e->entries[i];
        if (entry.key.empty() && !entry.key_expr) {
          s += show(entry.value);  // a spread
          continue;
        }
        s += entry.key_expr ? "(" + show(entry.key_expr) + ")" : entry.key;
        s += ": " + show(entry.value);
      }
      return s + "}";
    }
    case ExprKind::Identifier: return e->text;
    case ExprKind::Member: return show(e->items[0]) + (e->safe_access ? ".?" : ".") + e->text;
    case ExprKind::Index: return show(e->items[0]) + (e->safe_access ? "[?" : "[") + show(e->items[1]) + "]";
    case ExprKind::Call:
      return (e->receiver() ? show(e->receiver()) + "->" : std::string()) + e->text + "(" + list(e->items) + ")";
    case ExprKind::Unary: return "(" + e->text + show(e->items[0]) + ")";
    case ExprKind::Binary: return "(" + show(e->items[0]) + " " + e->text + " " + show(e->items[1]) + ")";
    case ExprKind::Conditional:
      return "(" + show(e->items[0]) + " ? " + show(e->items[1]) + " : " + show(e->items[2]) + ")";
    case ExprKind::For:
      return "For(" + e->item_name() + (e->index_name().empty() ? std::string() : "," + e->index_name()) + " in " +
             show(e->items[0]) + ": " + show(e->items[1]) + (e->items[2] ? " if " + show(e->items[2]) : std::string()) +
             ")";
    case ExprKind::Lambda: {
      std::string s = "(";
      for (size_t i = 0; i < e->params().size(); ++i) s += (i ? "," : "") + e->params()[i];
      return s + ") => " + show(e->items[0]);
    }
    case ExprKind::Spread: return "..." + show(e->items[0]);
    case ExprKind::NonNull: return show(e->items[0]) + "!";
    case ExprKind::Splat: return "Splat";
    case ExprKind::Error: return "Error";
  }
  return "?";
}

ExprPtr value_of(const ExprPtr& object, std::string_view key) {
  REQUIRE(object);
  const auto* entry = erlint::model::find_entry(*object, key);
  REQUIRE(entry);
  return entry->value;
}

// Lowers `var x = <expr>` and renders it.
std::string expr(const std::string& source) {
  Parsed p = parse("var x = " + source + "\n");
  INFO(source);
  INFO(p.problems());
  REQUIRE(p.tmpl.problems.empty());
  REQUIRE(p.tmpl.variables.size() == 1);
  return show(p.tmpl.variables[0].value);
}

ExprPtr var(const Parsed& p, std::string_view name) {
  for (const auto& v : p.tmpl.variables)
    if (v.name == name) return v.value;
  FAIL("no var " << name);
  return nullptr;
}

// Every expression in the tree has a valid range inside the file.
void check_ranges(const ExprPtr& e, const Parsed& p, int depth = 0) {
  if (!e || depth > 400) return;
  INFO(show(e));
  CHECK(e->range.file == p.file->id());
  CHECK(e->range.begin <= e->range.end);
  CHECK(e->range.end <= p.file->text().size());
  for (const auto& item : e->items) check_ranges(item, p, depth + 1);
  for (const auto& entry : e->entries) {
    CHECK(entry.key_range.file == p.file->id());
    CHECK(entry.key_range.end <= p.file->text().size());
    check_ranges(entry.key_expr, p, depth + 1);
    check_ranges(entry.value, p, depth + 1);
  }
  check_ranges(e->receiver(), p, depth + 1);
}

bool has_limit(const Parsed& p) {
  for (const auto& problem : p.tmpl.problems)
    if (problem.code == ErrorCode::Limit) return true;
  return false;
}

}  // namespace

// ---- declarations -----------------------------------------------------------------------------

TEST_CASE("parameters, decorators and secure", "[bicep]") {
  Parsed p = parse(R"(@secure()
param adminPassword string

@sys.secure()
param token string

@description('the SKU')
@allowed([
  'Basic'
  'Standard'
])
param sku string = 'Standard'

@minValue(1)
param count int = 2
param tags object?
param cfg { a: string, b: int? } = { a: 'x' }
)");
  INFO(p.problems());
  REQUIRE(p.tmpl.problems.empty());
  CHECK(p.tmpl.language == Language::Bicep);
  REQUIRE(p.tmpl.parameters.size() == 6);
  const auto& pw = p.tmpl.parameters[0];
  CHECK(pw.name == "adminPassword");
  CHECK(pw.type == "string");
  CHECK(pw.secure);
  CHECK_FALSE(pw.default_value);
  CHECK(p.at(pw.range) == "1:1");  // the declaration, decorators included
  CHECK(p.tmpl.parameters[1].secure);
  const auto& sku = p.tmpl.parameters[2];
  CHECK_FALSE(sku.secure);
  CHECK(show(sku.default_value) == "'Standard'");
  CHECK(show(sku.allowed_values) == "['Basic', 'Standard']");
  CHECK(show(p.tmpl.parameters[3].default_value) == "2");
  CHECK_FALSE(p.tmpl.parameters[3].allowed_values);
  CHECK(p.tmpl.parameters[4].type == "object?");
  CHECK(p.tmpl.parameters[5].type == "{ a: string, b: int? }");
  CHECK(show(p.tmpl.parameters[5].default_value) == "{a: 'x'}");
}

TEST_CASE("variables, outputs, functions and target scope", "[bicep]") {
  Parsed p = parse(R"(targetScope = 'subscription'
var prefix = 'er'
var enabled bool = true
@secure()
output secret string = kv.getSecret('x')
@sys.secure()
output other object = {}
output id string = vnet.id
func double(x int) int => x * 2
func join2(a string, b string) string => '${a}-${b}'
)");
  INFO(p.problems());
  REQUIRE(p.tmpl.problems.empty());
  CHECK(p.tmpl.target_scope == "subscription");
  REQUIRE(p.tmpl.variables.size() == 2);
  CHECK(p.tmpl.variables[0].name == "prefix");
  CHECK(show(p.tmpl.variables[0].value) == "'er'");
  CHECK(show(p.tmpl.variables[1].value) == "true");
  REQUIRE(p.tmpl.outputs.size() == 3);
  CHECK(p.tmpl.outputs[0].name == "secret");
  CHECK(p.tmpl.outputs[0].type == "string");
  CHECK(p.tmpl.outputs[0].secure);
  CHECK(p.tmpl.outputs[1].secure);
  CHECK_FALSE(p.tmpl.outputs[2].secure);
  CHECK(show(p.tmpl.outputs[2].value) == "vnet.id");
  REQUIRE(p.tmpl.functions.size() == 2);
  CHECK(p.tmpl.functions[0].name == "double");
  CHECK(p.tmpl.functions[0].params == std::vector<std::string>{"x"});
  CHECK(show(p.tmpl.functions[0].body) == "(x * 2)");
  CHECK(p.tmpl.functions[1].params == std::vector<std::string>{"a", "b"});
  CHECK(show(p.tmpl.functions[1].body) == "T(a, '-', b)");
}

TEST_CASE("type, import, extension, metadata, assert and directives are accepted and ignored", "[bicep]") {
  Parsed p = parse(R"(metadata description = 'x'
import { helper, other as o } from './shared.bicep'
import 'az@1.0.0'
extension microsoftGraphV1
extension kubernetes with { namespace: 'default' } as k8s
@export()
type subnetSpec = {
  name: string
  prefix: string?
}
type names = ('a' | 'b')[]
assert ok = length(prefix) > 0
#disable-next-line no-unused-vars
var prefix = 'x'
)");
  INFO(p.problems());
  CHECK(p.tmpl.problems.empty());
  REQUIRE(p.tmpl.variables.size() == 1);
  CHECK(p.tmpl.variables[0].name == "prefix");
  CHECK(p.tmpl.parameters.empty());
  CHECK(p.tmpl.resources.empty());
  CHECK(p.tmpl.comments.empty());  // a directive is not a comment
}

// ---- resources --------------------------------------------------------------------------------

TEST_CASE("resources: type, api version, body, name, parent, scope, header", "[bicep][resource]") {
  Parsed p = parse(R"(@description('the vnet')
resource vnet 'Microsoft.Network/virtualNetworks@2023-04-01' = {
  name: 'vnet-${env}'
  location: location
  properties: {
    addressSpace: { addressPrefixes: [ '10.0.0.0/16' ] }
  }
}

resource gw 'Microsoft.Network/virtualNetworks/subnets@2023-04-01' = {
  parent: vnet
  name: 'GatewaySubnet'
}

resource kv 'Microsoft.KeyVault/vaults@2023-07-01' existing = {
  name: kvName
  scope: resourceGroup(otherRg)
}
)");
  INFO(p.problems());
  REQUIRE(p.tmpl.problems.empty());
  REQUIRE(p.tmpl.resources.size() == 3);
  const auto& vnet = p.tmpl.resources[0];
  CHECK(vnet.symbol == "vnet");
  CHECK(vnet.provider_type.empty());
  CHECK(show(vnet.type) == "'Microsoft.Network/virtualNetworks'");
  CHECK(p.text(vnet.type->range) == "'Microsoft.Network/virtualNetworks@2023-04-01'");
  CHECK(vnet.api_version == "2023-04-01");
  CHECK_FALSE(vnet.existing);
  CHECK(vnet.nested_parent == -1);
  CHECK(show(vnet.name) == "T('vnet-', env)");
  CHECK(show(value_of(value_of(vnet.body, "properties"), "addressSpace")) == "{addressPrefixes: ['10.0.0.0/16']}");
  CHECK(show(value_of(vnet.body, "location")) == "location");
  CHECK_FALSE(vnet.parent);
  CHECK_FALSE(vnet.scope);
  CHECK_FALSE(vnet.condition);
  CHECK(vnet.loop.kind == Loop::Kind::None);
  CHECK(p.text(vnet.header_range) == "resource vnet 'Microsoft.Network/virtualNetworks@2023-04-01'");
  CHECK(p.at(vnet.range) == "1:1");  // the whole declaration, decorators included
  CHECK(p.pos(vnet.range.end).line == 8);

  const auto& gw = p.tmpl.resources[1];
  CHECK(show(gw.parent) == "vnet");
  CHECK(show(gw.name) == "'GatewaySubnet'");
  CHECK(show(gw.body) == "{parent: vnet, name: 'GatewaySubnet'}");  // name and parent stay in the body

  const auto& kv = p.tmpl.resources[2];
  CHECK(kv.existing);
  CHECK(show(kv.scope) == "resourceGroup(otherRg)");
  CHECK(show(kv.name) == "kvName");
  CHECK(p.text(kv.header_range) == "resource kv 'Microsoft.KeyVault/vaults@2023-07-01'");
}

TEST_CASE("a resource type qualified by its extension's alias is the type without it", "[bicep][resource]") {
  Parsed p = parse(R"(extension az
resource a 'az:My.Rp/TestType@2020-01-01' = {
  name: 'a'
}
resource b 'Microsoft.Storage/storageAccounts@2023-01-01' = {
  name: 'b'
}
)");
  INFO(p.problems());
  REQUIRE(p.tmpl.resources.size() == 2);
  CHECK(show(p.tmpl.resources[0].type) == "'My.Rp/TestType'");
  CHECK(p.tmpl.resources[0].api_version == "2020-01-01");
  CHECK(show(p.tmpl.resources[1].type) == "'Microsoft.Storage/storageAccounts'");
}

TEST_CASE("nested child resources are declarations of their own", "[bicep][resource]") {
  Parsed p = parse(R"(resource vnet 'Microsoft.Network/virtualNetworks@2023-04-01' = {
  name: 'vnet'
  properties: {}
  resource gw 'subnets' = {
    name: 'GatewaySubnet'
    properties: { addressPrefix: '10.0.0.0/27' }
    resource lock 'Microsoft.Authorization/locks@2020-05-01' = {
      name: 'l'
    }
  }
  tags: {}
  resource app 'Microsoft.Network/virtualNetworks/subnets@2023-04-01' = {
    name: 'app'
  }
}
resource after 'Microsoft.Network/routeTables@2023-04-01' = {
  name: 'rt'
}
output gwId string = vnet::gw.id
)");
  INFO(p.problems());
  REQUIRE(p.tmpl.problems.empty());
  REQUIRE(p.tmpl.resources.size() == 5);
  const auto& vnet = p.tmpl.resources[0];
  CHECK(show(vnet.body) == "{name: 'vnet', properties: {}, tags: {}}");  // children are not in the body
  const auto& gw = p.tmpl.resources[1];
  CHECK(gw.symbol == "gw");
  CHECK(gw.nested_parent == 0);
  CHECK(show(gw.type) == "'subnets'");
  CHECK(gw.api_version.empty());
  CHECK(show(gw.name) == "'GatewaySubnet'");
  CHECK(show(gw.body) == "{name: 'GatewaySubnet', properties: {addressPrefix: '10.0.0.0/27'}}");
  CHECK(p.text(gw.header_range) == "resource gw 'subnets'");
  CHECK(p.at(gw.range) == "4:3");
  const auto& lock = p.tmpl.resources[2];
  CHECK(lock.symbol == "lock");
  CHECK(lock.nested_parent == 1);
  CHECK(show(lock.type) == "'Microsoft.Authorization/locks'");
  CHECK(lock.api_version == "2020-05-01");
  const auto& app = p.tmpl.resources[3];
  CHECK(app.nested_parent == 0);
  CHECK(show(app.type) == "'Microsoft.Network/virtualNetworks/subnets'");
  const auto& after = p.tmpl.resources[4];
  CHECK(after.symbol == "after");
  CHECK(after.nested_parent == -1);
  // `parent::child` names the nested resource by its own symbol.
  REQUIRE(p.tmpl.outputs.size() == 1);
  CHECK(show(p.tmpl.outputs[0].value) == "gw.id");
  CHECK(p.text(p.tmpl.outputs[0].value->items[0]->range) == "vnet::gw");
}

TEST_CASE("resource conditions and loops", "[bicep][resource]") {
  Parsed p = parse(R"(resource a 'Microsoft.Network/networkSecurityGroups@2023-04-01' = if (deployNsg && env == 'prod') {
  name: 'nsg'
}
resource b 'Microsoft.Network/networkSecurityGroups@2023-04-01' = [for nsg in nsgs: {
  name: nsg.name
}]
resource c 'Microsoft.Network/routeTables@2023-04-01' = [for (rt, i) in routeTables: {
  name: '${rt.name}-${i}'
}]
resource d 'Microsoft.Network/virtualNetworks/subnets@2023-04-01' = [for i in range(0, count): if (i % 2 == 0) {
  parent: vnet
  name: 'snet-${i}'
}]
resource e 'Microsoft.Network/publicIPAddresses@2023-04-01' = [
  for ip in ips: {
    name: ip
  }
]
)");
  INFO(p.problems());
  REQUIRE(p.tmpl.problems.empty());
  REQUIRE(p.tmpl.resources.size() == 5);
  const auto& a = p.tmpl.resources[0];
  CHECK(show(a.condition) == "(deployNsg && (env == 'prod'))");
  CHECK(a.loop.kind == Loop::Kind::None);
  CHECK(show(a.body) == "{name: 'nsg'}");
  CHECK(show(a.name) == "'nsg'");

  const auto& b = p.tmpl.resources[1];
  CHECK(b.loop.kind == Loop::Kind::ForEach);
  CHECK(show(b.loop.source) == "nsgs");
  CHECK(b.loop.item_name == "nsg");
  CHECK(b.loop.index_name.empty());
  CHECK(p.text(b.loop.range).starts_with("[for nsg in nsgs:"));
  CHECK_FALSE(b.condition);
  CHECK(show(b.body) == "{name: nsg.name}");
  CHECK(show(b.name) == "nsg.name");

  const auto& c = p.tmpl.resources[2];
  CHECK(c.loop.item_name == "rt");
  CHECK(c.loop.index_name == "i");
  CHECK(show(c.name) == "T(rt.name, '-', i)");

  const auto& d = p.tmpl.resources[3];
  CHECK(d.loop.kind == Loop::Kind::ForEach);
  CHECK(show(d.loop.source) == "range(0, count)");
  CHECK(d.loop.item_name == "i");
  CHECK(show(d.condition) == "((i % 2) == 0)");  // the loop filter
  CHECK(show(d.parent) == "vnet");
  CHECK(show(d.body) == "{parent: vnet, name: T('snet-', i)}");

  const auto& e = p.tmpl.resources[4];
  CHECK(e.loop.item_name == "ip");
  CHECK(show(e.name) == "ip");
}

// ---- modules ----------------------------------------------------------------------------------

TEST_CASE("module calls: local and registry sources, params, scope, conditions, loops", "[bicep][module]") {
  Parsed p = parse(R"(module hub './modules/hub.bicep' = {
  name: 'hub-${env}'
  scope: resourceGroup(hubRg)
  params: {
    location: location
    gatewaySku: 'ErGw1AZ'
  }
}
module avm 'br/public:avm/res/network/virtual-network:0.1.0' = if (deployVnet) {
  name: 'vnet'
  params: {}
}
module acr 'br:contoso.azurecr.io/bicep/modules/er:v1' = [for (c, i) in circuits: {
  name: 'er-${i}'
  params: { circuit: c }
}]
module spec 'ts:00000000-0000-0000-0000-000000000000/rg/spec:1.0' = {
  name: 'spec'
}
)");
  INFO(p.problems());
  REQUIRE(p.tmpl.problems.empty());
  REQUIRE(p.tmpl.modules.size() == 4);
  const auto& hub = p.tmpl.modules[0];
  CHECK(hub.symbol == "hub");
  CHECK(show(hub.source) == "'./modules/hub.bicep'");
  CHECK(show(hub.name) == "T('hub-', env)");
  CHECK(show(hub.scope) == "resourceGroup(hubRg)");
  CHECK(show(hub.params) == "{location: location, gatewaySku: 'ErGw1AZ'}");
  CHECK(show(value_of(hub.body, "params")) == show(hub.params));
  CHECK(p.text(hub.header_range) == "module hub './modules/hub.bicep'");
  CHECK(p.at(hub.range) == "1:1");
  CHECK_FALSE(hub.condition);

  const auto& avm = p.tmpl.modules[1];
  CHECK(show(avm.source) == "'br/public:avm/res/network/virtual-network:0.1.0'");
  CHECK(show(avm.condition) == "deployVnet");
  CHECK(show(avm.params) == "{}");

  const auto& acr = p.tmpl.modules[2];
  CHECK(show(acr.source) == "'br:contoso.azurecr.io/bicep/modules/er:v1'");
  CHECK(acr.loop.kind == Loop::Kind::ForEach);
  CHECK(acr.loop.item_name == "c");
  CHECK(acr.loop.index_name == "i");
  CHECK(show(acr.loop.source) == "circuits");
  CHECK(show(acr.params) == "{circuit: c}");

  const auto& spec = p.tmpl.modules[3];
  CHECK(show(spec.source) == "'ts:00000000-0000-0000-0000-000000000000/rg/spec:1.0'");
  CHECK_FALSE(spec.params);
}

// ---- .bicepparam ------------------------------------------------------------------------------

TEST_CASE(".bicepparam: using, parameter values and variables", "[bicep][bicepparam]") {
  Parsed p = parse(R"(using './main.bicep'

var prefix = 'er'
param location = 'westeurope'
param gatewaySku = 'ErGw${tier}AZ'
param adminPassword = az.getSecret('sub', 'rg', 'kv', 'secret')
param subnets = [
  { name: 'GatewaySubnet', prefix: '10.0.0.0/27' }
]
)",
                   FileKind::BicepParams);
  INFO(p.problems());
  REQUIRE(p.tmpl.problems.empty());
  CHECK(p.tmpl.language == Language::BicepParams);
  CHECK(show(p.tmpl.using_target) == "'./main.bicep'");
  CHECK(p.at(p.tmpl.using_target->range) == "1:7");
  REQUIRE(p.tmpl.variables.size() == 1);
  CHECK(show(p.tmpl.variables[0].value) == "'er'");
  CHECK(p.tmpl.parameters.empty());
  REQUIRE(p.tmpl.parameter_values.size() == 4);
  CHECK(p.tmpl.parameter_values[0].first == "location");
  CHECK(show(p.tmpl.parameter_values[0].second) == "'westeurope'");
  CHECK(show(p.tmpl.parameter_values[1].second) == "T('ErGw', tier, 'AZ')");
  CHECK(show(p.tmpl.parameter_values[2].second) == "az.getSecret('sub', 'rg', 'kv', 'secret')");
  CHECK(show(p.tmpl.parameter_values[3].second) == "[{name: 'GatewaySubnet', prefix: '10.0.0.0/27'}]");

  Parsed none = parse("using none\nparam x = 1\n", FileKind::BicepParams);
  CHECK(none.tmpl.problems.empty());
  CHECK_FALSE(none.tmpl.using_target);
  CHECK(none.tmpl.parameter_values.size() == 1);
}

// ---- expressions ------------------------------------------------------------------------------

TEST_CASE("literals", "[bicep][expr]") {
  CHECK(expr("null") == "null");
  CHECK(expr("true") == "true");
  CHECK(expr("false") == "false");
  CHECK(expr("42") == "42");
  CHECK(expr("-1") == "(-1)");
  CHECK(expr("4294967296") == "4294967296");
  CHECK(expr("'plain'") == "'plain'");
  CHECK(expr("''") == "''");
}

TEST_CASE("strings: escapes, interpolation, multi-line", "[bicep][expr]") {
  CHECK(expr(R"('it\'s \\ a\nb\rc\td \$x \u{41}\u{1F600}')") == "'it's \\ a\nb\rc\td $x A\xF0\x9F\x98\x80'");
  CHECK(expr("'vnet-${env}-${location}'") == "T('vnet-', env, '-', location)");
  CHECK(expr("'${name}'") == "T(name)");  // still a string conversion
  CHECK(expr("'a${'b${c}'}d'") == "T('a', T('b', c), 'd')");
  CHECK(expr(R"('\${not} $5 ${x}$')") == "T('${not} $5 ', x, '$')");
  CHECK(expr("'${a}${b}'") == "T(a, b)");
  CHECK(expr("'''\nline1\n  it's\n'''") == "'line1\n  it's\n'");
  CHECK(expr("'''one line'''") == "'one line'");
  CHECK(expr("'''no ${interpolation} \\n here'''") == "'no ${interpolation} \\n here'");
  CHECK(expr("$'''\nHello ${name}!\n'''") == "T('Hello ', name, '!\n')");
  CHECK(expr("$$'''\n${literal} $${x}\n'''") == "T('${literal} ', x, '\n')");

  // Ranges: the whole string, and each literal part.
  Parsed p = parse("var x = 'a${b}c'\n");
  const ExprPtr t = var(p, "x");
  REQUIRE(t->kind == ExprKind::Template);
  CHECK(p.text(t->range) == "'a${b}c'");
  REQUIRE(t->items.size() == 3);
  CHECK(p.text(t->items[0]->range) == "a");
  CHECK(p.text(t->items[1]->range) == "b");
  CHECK(p.text(t->items[2]->range) == "c");
}

TEST_CASE("objects and arrays, keys and spread", "[bicep][expr]") {
  CHECK(expr("{}") == "{}");
  CHECK(expr("[]") == "[]");
  CHECK(expr("{ a: 1, 'b-c': 'x', resource: true, if: 2 }") == "{a: 1, b-c: 'x', resource: true, if: 2}");
  CHECK(expr("{\n  a: 1\n  b: [\n    1\n    2\n  ]\n}") == "{a: 1, b: [1, 2]}");
  CHECK(expr("{ '${k}': v, 'it\\'s': 1 }") == "{(T(k)): v, it's: 1}");
  CHECK(expr("{ a: 1, ...other, b: 2 }") == "{a: 1, ...other, b: 2}");
  CHECK(expr("[1, ...xs, 'y']") == "[1, ...xs, 'y']");

  Parsed p = parse("var x = {\n  name: 'n'\n  'quoted-key': 1\n  ...rest\n}\n");
  const ExprPtr o = var(p, "x");
  REQUIRE(o->entries.size() == 3);
  CHECK(p.text(o->entries[0].key_range) == "name");
  CHECK(p.text(o->entries[1].key_range) == "'quoted-key'");
  CHECK(o->entries[1].key == "quoted-key");
  CHECK(o->entries[2].key.empty());
  CHECK_FALSE(o->entries[2].key_expr);
  REQUIRE(o->entries[2].value->kind == ExprKind::Spread);
  CHECK(p.text(o->entries[2].value->range) == "...rest");
}

TEST_CASE("references: member, safe access, index, non-null, nested resource", "[bicep][expr]") {
  CHECK(expr("vnet.properties.subnets") == "vnet.properties.subnets");
  CHECK(expr("settings.?network.?name") == "settings.?network.?name");
  CHECK(expr("list[0]") == "list[0]");
  CHECK(expr("dict['key']") == "dict['key']");
  CHECK(expr("list[?5]") == "list[?5]");
  CHECK(expr("list[^1]") == "list[(length(list) - 1)]");
  CHECK(expr("maybe!.name") == "maybe!.name");
  CHECK(expr("list[0]!") == "list[0]!");
  CHECK(expr("vnet::gateway.id") == "gateway.id");
  CHECK(expr("(a)") == "a");

  Parsed p = parse("var x = a.?b[?0]\n");
  const ExprPtr x = var(p, "x");
  REQUIRE(x->kind == ExprKind::Index);
  CHECK(x->safe_access);
  REQUIRE(x->items[0]->kind == ExprKind::Member);
  CHECK(x->items[0]->safe_access);
  CHECK(p.text(x->items[0]->range) == "a.?b");
}

TEST_CASE("calls: plain, namespaced, methods", "[bicep][expr]") {
  CHECK(expr("concat('a', 'b')") == "concat('a', 'b')");
  CHECK(expr("resourceGroup()") == "resourceGroup()");
  CHECK(expr("az.resourceGroup().location") == "az.resourceGroup().location");
  CHECK(expr("sys.concat('a', 'b')") == "sys.concat('a', 'b')");
  CHECK(expr("kv.getSecret('adminPassword')") == "kv->getSecret('adminPassword')");
  CHECK(expr("storage.listKeys().keys[0].value") == "storage->listKeys().keys[0].value");
  CHECK(expr("vnet.properties.subnets[0].id.toLower()") == "vnet.properties.subnets[0].id->toLower()");
  CHECK(expr("concat(\n  'a'\n  , 'b')") == "concat('a', 'b')");
  // nameof() is written out by the compiler: the name of a symbol, a member or a literal key.
  CHECK(expr("nameof(sqlServer)") == "'sqlServer'");
  CHECK(expr("nameof(sqlServer.location)") == "'location'");
  CHECK(expr("nameof(config['server-name'])") == "'server-name'");
  CHECK(expr("nameof(config[key])") == "nameof(config[key])");

  // An `import * as ns` alias is a namespace too, wherever the import is.
  Parsed p = parse("var x = shared.tags('a')\nimport * as shared from './shared.bicep'\nvar y = other.tags('a')\n");
  REQUIRE(p.tmpl.problems.empty());
  CHECK(show(var(p, "x")) == "shared.tags('a')");
  CHECK(show(var(p, "y")) == "other->tags('a')");

  Parsed q = parse("var s = kv.getSecret('name')\n");
  const ExprPtr s = var(q, "s");
  REQUIRE(s->kind == ExprKind::Call);
  CHECK(s->text == "getSecret");
  REQUIRE(s->receiver());
  CHECK(s->receiver()->kind == ExprKind::Identifier);
  CHECK(s->receiver()->text == "kv");
  REQUIRE(s->items.size() == 1);
  CHECK(q.text(s->range) == "kv.getSecret('name')");
}

TEST_CASE("operators, conditionals, lambdas, for expressions", "[bicep][expr]") {
  CHECK(expr("!enabled") == "(!enabled)");
  CHECK(expr("-x") == "(-x)");
  CHECK(expr("a + b * c - d / e % f") == "((a + (b * c)) - ((d / e) % f))");
  CHECK(expr("a < b && c >= d || e == f && g != h") == "(((a < b) && (c >= d)) || ((e == f) && (g != h)))");
  CHECK(expr("a <= b || c > d") == "((a <= b) || (c > d))");
  CHECK(expr("a =~ 'A' && b !~ 'B'") == "((a =~ 'A') && (b !~ 'B'))");
  CHECK(expr("a.?b ?? c ?? 'd'") == "((a.?b ?? c) ?? 'd')");
  CHECK(expr("(a + b) * c") == "((a + b) * c)");
  CHECK(expr("cond ? 'a' : 'b'") == "(cond ? 'a' : 'b')");
  CHECK(expr("a ? 1 : b ? 2 : 3") == "(a ? 1 : (b ? 2 : 3))");
  CHECK(expr("!empty(x)\n  ? x\n  : 'default'") == "((!empty(x)) ? x : 'default')");
  CHECK(expr("map(xs, x => x.name)") == "map(xs, (x) => x.name)");
  CHECK(expr("reduce(xs, 0, (cur, next) => cur + next)") == "reduce(xs, 0, (cur,next) => (cur + next))");
  CHECK(expr("() => 1") == "() => 1");
  CHECK(expr("[for s in subnets: s.id]") == "For(s in subnets: s.id)");
  CHECK(expr("[for (s, i) in subnets: '${s.name}-${i}']") == "For(s,i in subnets: T(s.name, '-', i))");
  CHECK(expr("[for i in range(0, 3): i]") == "For(i in range(0, 3): i)");
  CHECK(expr("[for x in xs: if (x.enabled) { name: x.name }]") == "For(x in xs: {name: x.name} if x.enabled)");
  CHECK(expr("[\n  for x in xs: {\n    n: x\n  }\n]") == "For(x in xs: {n: x})");

  Parsed p = parse("var f = [for (x, i) in xs: x]\n");
  const ExprPtr f = var(p, "f");
  REQUIRE(f->kind == ExprKind::For);
  CHECK(f->item_name() == "x");
  CHECK(f->index_name() == "i");
  REQUIRE(f->items.size() == 3);  // source, body, filter (null without `if`)
  CHECK_FALSE(f->items[2]);
  Parsed q = parse("var l = (a, b) => a\n");
  const ExprPtr l = var(q, "l");
  REQUIRE(l->kind == ExprKind::Lambda);
  CHECK(l->params() == std::vector<std::string>{"a", "b"});
  REQUIRE(l->items.size() == 1);
  CHECK(show(l->items[0]) == "a");
}

// ---- ranges, comments -------------------------------------------------------------------------

TEST_CASE("ranges resolve to lines and columns", "[bicep]") {
  Parsed p = parse("// header\nresource s 'Microsoft.Network/virtualNetworks/subnets@2023-04-01' = {\n  name: 'x'\n\n  properties: {\n    addressPrefixes: [\n      cidr\n    ]\n  }\n}\n");
  INFO(p.problems());
  REQUIRE(p.tmpl.resources.size() == 1);
  const auto& r = p.tmpl.resources[0];
  CHECK(p.at(r.range) == "2:1");
  CHECK(p.at(r.header_range) == "2:1");
  CHECK(p.pos(r.header_range.end).line == 2);
  CHECK(p.at(r.name->range) == "3:9");
  CHECK(p.at(r.body->range) == "2:69");
  const ExprPtr prefixes = value_of(value_of(r.body, "properties"), "addressPrefixes");
  CHECK(p.at(prefixes->range) == "6:22");
  CHECK(p.at(prefixes->items[0]->range) == "7:7");
  const auto* entry = erlint::model::find_entry(*value_of(r.body, "properties"), "addressPrefixes");
  REQUIRE(entry);
  CHECK(p.at(entry->key_range) == "6:5");
  CHECK(p.pos(r.range.end).line == 10);
}

TEST_CASE("comments are kept with own_line", "[bicep]") {
  Parsed p = parse(R"(// expect: ER-NS-001
resource a 'T@1' = { // trailing
  /* block
     comment */
  name: 'x' /* inline */ // erlint-ignore ER-X-001: reason
}
#disable-next-line BCP081
var s = '// not a comment'
)");
  INFO(p.problems());
  REQUIRE(p.tmpl.problems.empty());
  REQUIRE(p.tmpl.comments.size() == 5);
  CHECK(p.tmpl.comments[0].text == " expect: ER-NS-001");
  CHECK(p.tmpl.comments[0].own_line);
  CHECK(p.at(p.tmpl.comments[0].range) == "1:1");
  CHECK(p.tmpl.comments[1].text == " trailing");
  CHECK_FALSE(p.tmpl.comments[1].own_line);
  CHECK(p.tmpl.comments[2].text == " block\n     comment ");
  CHECK(p.tmpl.comments[2].own_line);
  CHECK(p.at(p.tmpl.comments[2].range) == "3:3");
  CHECK(p.tmpl.comments[3].text == " inline ");
  CHECK_FALSE(p.tmpl.comments[3].own_line);
  CHECK(p.tmpl.comments[4].text == " erlint-ignore ER-X-001: reason");
  CHECK_FALSE(p.tmpl.comments[4].own_line);
  CHECK(show(var(p, "s")) == "'// not a comment'");
}

// ---- errors and limits ------------------------------------------------------------------------

TEST_CASE("syntax errors are reported with a location and the rest is lowered", "[bicep][errors]") {
  SECTION("a stray token inside a resource body") {
    Parsed p = parse(R"(resource a 'Microsoft.Network/virtualNetworks@2023-04-01' = {
  name: 'ok'
}
resource b 'Microsoft.Network/virtualNetworks@2023-04-01' = {
  name: 'b'
  @@@ bad
  location: 'westeurope'
}
resource c 'Microsoft.Network/virtualNetworks@2023-04-01' = {
  name: 'after'
}
)");
    REQUIRE(p.tmpl.problems.size() == 1);
    const auto& problem = p.tmpl.problems[0];
    CHECK(problem.code == ErrorCode::Syntax);
    CHECK(problem.message == "unexpected '@'");
    CHECK(p.at(problem.range) == "6:3");
    REQUIRE(p.tmpl.resources.size() == 3);
    CHECK(show(p.tmpl.resources[0].name) == "'ok'");
    CHECK(show(p.tmpl.resources[1].name) == "'b'");
    CHECK(show(p.tmpl.resources[2].name) == "'after'");
  }
  SECTION("an unterminated string") {
    Parsed p = parse("var s = 'abc\nvar t = 1\n");
    REQUIRE_FALSE(p.tmpl.problems.empty());
    CHECK(p.tmpl.problems[0].message.starts_with("unterminated string"));
    CHECK(p.at(p.tmpl.problems[0].range) == "1:9");
    CHECK(p.text(p.tmpl.problems[0].range) == "'abc");
  }
  SECTION("a string broken by a line break") {
    Parsed p = parse("var s = 'abc\ndef'\nvar ok = 1\n");
    REQUIRE_FALSE(p.tmpl.problems.empty());
    CHECK(p.tmpl.problems[0].message.starts_with("unterminated string"));
    CHECK(p.at(p.tmpl.problems[0].range) == "1:9");
    CHECK(show(var(p, "ok")) == "1");
  }
  SECTION("an unterminated block comment and multi-line string") {
    Parsed c = parse("var x = 1 /* never closed\nvar y = 2\n");
    REQUIRE_FALSE(c.tmpl.problems.empty());
    CHECK(c.tmpl.problems[0].message == "unterminated comment: '/*' has no closing '*/'");
    CHECK(c.at(c.tmpl.problems[0].range) == "1:11");
    CHECK(show(var(c, "x")) == "1");
    Parsed m = parse("var ok = 1\nvar s = '''\nnever closed\n");
    REQUIRE_FALSE(m.tmpl.problems.empty());
    CHECK(m.tmpl.problems[0].message == "unterminated multi-line string: the closing ''' is missing");
    CHECK(m.at(m.tmpl.problems[0].range) == "2:9");
    CHECK(show(var(m, "ok")) == "1");
  }
  SECTION("a bracket never closed") {
    Parsed p = parse("var before = 1\nresource r 'T@v' = {\n  name: 'x'\n  properties: {\n    a: 1\n\nvar after = 2\n");
    REQUIRE(p.tmpl.problems.size() == 1);
    CHECK(p.tmpl.problems[0].message == "missing '}': the '{' at line 4 is never closed");
    CHECK(p.at(p.tmpl.problems[0].range) == "4:15");
    CHECK(show(var(p, "before")) == "1");
  }
  SECTION("missing separators and values") {
    Parsed a = parse("var a = ['a' 'b']\nvar ok = 1\n");
    REQUIRE(a.tmpl.problems.size() == 1);
    CHECK(a.tmpl.problems[0].message == "unexpected \"'a'\" (is a ',' or a line break missing after it?)");
    CHECK(a.at(a.tmpl.problems[0].range) == "1:10");
    CHECK(show(var(a, "ok")) == "1");
    Parsed o = parse("var o = { a: 1 b: 2 }\n");
    REQUIRE(o.tmpl.problems.size() == 1);
    CHECK(o.tmpl.problems[0].message == "unexpected 'b'");
    CHECK(o.at(o.tmpl.problems[0].range) == "1:16");
    CHECK(show(var(o, "o")) == "{a: 1}");
    Parsed t = parse("param p ?\nparam q string\n");
    REQUIRE(t.tmpl.problems.size() == 1);
    CHECK(t.tmpl.problems[0].message == "missing a type");
    CHECK(t.at(t.tmpl.problems[0].range) == "1:8");
    CHECK(t.tmpl.parameters.size() == 2);
  }
  SECTION("an unknown escape") {
    Parsed p = parse("var s = 'a\\db'\n");
    REQUIRE(p.tmpl.problems.size() == 1);
    CHECK(p.tmpl.problems[0].message.starts_with("unknown escape sequence '\\d'"));
    CHECK(p.at(p.tmpl.problems[0].range) == "1:11");
  }
  SECTION("placeholders from documentation") {
    Parsed p = parse("module <symbolic-name> '<path-to-file>' = {\n}\n");
    REQUIRE_FALSE(p.tmpl.problems.empty());
    CHECK(p.tmpl.problems[0].message == "unexpected '<'");
    CHECK(p.at(p.tmpl.problems[0].range) == "1:8");
  }
  SECTION("many errors are capped") {
    std::string text;
    for (int i = 0; i < 40; ++i) text += "var v" + std::to_string(i) + " = [1 2]\n";
    Parsed p = parse(text);
    REQUIRE(p.tmpl.problems.size() == 20);
    CHECK(p.tmpl.problems.back().message.find("(and 20 more syntax errors)") != std::string::npos);
    CHECK(p.tmpl.variables.size() == 40);
  }
}

TEST_CASE("nesting deeper than the limit is cut off without overflowing the stack", "[bicep][limits]") {
  SECTION("a 100,000-deep array") {
    const int depth = 100000;
    std::string text = "var x = ";
    text.append(depth, '[');
    text += "1";
    text.append(depth, ']');
    text += "\nvar y = 2\n";
    // The nesting limit is the subject, not the parse-time budget: on a slow or busy machine, or in
    // the sanitizer build, tree-sitter must not run out of time first.
    ParseOptions options;
    options.time_budget = std::chrono::seconds(60);
    Parsed p = parse(text, FileKind::Bicep, options);
    bool limit = false;
    for (const auto& problem : p.tmpl.problems) {
      CHECK(problem.code == ErrorCode::Limit);
      if (problem.code == ErrorCode::Limit) {
        limit = true;
        CHECK(problem.message.find("max_nesting_depth") != std::string::npos);
      }
    }
    CHECK(limit);
    CHECK(p.tmpl.truncated);
    REQUIRE(p.tmpl.variables.size() == 2);
    CHECK(show(var(p, "y")) == "2");
  }
  SECTION("a configurable limit") {
    ParseOptions options;
    options.max_nesting_depth = 4;
    Parsed ok = parse("var x = [[[1]]]\n", FileKind::Bicep, options);
    CHECK(ok.tmpl.problems.empty());
    Parsed deep = parse("var x = [[[[[1]]]]]\n", FileKind::Bicep, options);
    REQUIRE(deep.tmpl.problems.size() == 1);
    CHECK(deep.tmpl.problems[0].code == ErrorCode::Limit);
    CHECK(show(var(deep, "x")).find("Error") != std::string::npos);
  }
  SECTION("deep objects, nested resources, long member chains and operator chains") {
    std::string objects = "var o = ";
    for (int i = 0; i < 20000; ++i) objects += "{ a: ";
    objects += "1";
    for (int i = 0; i < 20000; ++i) objects += " }";
    objects += "\n";
    Parsed a = parse(objects);
    CHECK(has_limit(a));
    CHECK(a.tmpl.variables.size() == 1);

    std::string resources;
    for (int i = 0; i < 3000; ++i) resources += "resource r" + std::to_string(i) + " 'T@v' = {\n";
    for (int i = 0; i < 3000; ++i) resources += "}\n";
    Parsed b = parse(resources);
    REQUIRE(b.tmpl.resources.size() == 3000);
    CHECK(b.tmpl.resources[2999].nested_parent == 2998);

    std::string chain = "var x = a";
    for (int i = 0; i < 50000; ++i) chain += ".b";
    chain += "\nvar y = 1";
    for (int i = 0; i < 50000; ++i) chain += " + 1";
    chain += "\n";
    Parsed c = parse(chain);
    CHECK(c.tmpl.truncated);
    CHECK(c.tmpl.variables.size() == 2);
  }
}

TEST_CASE("a parse over its time budget is a limit problem", "[bicep][limits]") {
  std::string text;
  for (int i = 0; i < 20000; ++i)
    text += "resource s" + std::to_string(i) + " 'Microsoft.Network/virtualNetworks/subnets@2023-04-01' = {\n  name: 'subnet-${x}'\n}\n";
  ParseOptions options;
  options.time_budget = std::chrono::milliseconds(1);
  Parsed p = parse(text, FileKind::Bicep, options);
  REQUIRE(p.tmpl.problems.size() == 1);
  CHECK(p.tmpl.problems[0].code == ErrorCode::Limit);
  CHECK(p.tmpl.problems[0].message.find("parse_time_budget") != std::string::npos);
  CHECK(p.tmpl.truncated);
  CHECK(p.tmpl.resources.empty());
}

TEST_CASE("CRLF line endings", "[bicep]") {
  Parsed p = parse(
      "// c\r\nresource r 'T@v' = {\r\n  name: 'n' // trailing\r\n  script: '''\r\nline1\r\nline2'''\r\n  tags: {\r\n    a: 1\r\n  }\r\n}\r\n");
  INFO(p.problems());
  REQUIRE(p.tmpl.problems.empty());
  REQUIRE(p.tmpl.resources.size() == 1);
  const auto& r = p.tmpl.resources[0];
  CHECK(show(r.name) == "'n'");
  CHECK(p.at(r.name->range) == "3:9");
  CHECK(show(value_of(r.body, "script")) == "'line1\r\nline2'");  // raw, without the first line break
  CHECK(show(value_of(r.body, "tags")) == "{a: 1}");
  REQUIRE(p.tmpl.comments.size() == 2);
  CHECK(p.tmpl.comments[0].text == " c");
  CHECK(p.tmpl.comments[1].text == " trailing");
  CHECK(p.text(r.header_range) == "resource r 'T@v'");
}

TEST_CASE("a UTF-8 byte-order mark does not shift ranges", "[bicep]") {
  Parsed p = parse("\xEF\xBB\xBFresource r 'T@v' = {\n  name: 'n'\n}\n");
  INFO(p.problems());
  REQUIRE(p.tmpl.problems.empty());
  REQUIRE(p.tmpl.resources.size() == 1);
  CHECK(p.file->had_bom());
  CHECK(p.text(p.tmpl.resources[0].name->range) == "'n'");
  CHECK(p.at(p.tmpl.resources[0].range) == "1:1");
}

TEST_CASE("every expression has a range inside the file", "[bicep]") {
  Parsed p = parse(R"(var a = [for (s, i) in subnets: if (s.enabled) { '${s.name}': s.?prefix ?? 'x', idx: i }]
var b = $'''
  ${join(map(a, x => toLower(x.name)), ',')}
'''
var c = x ? -1 : length(concat(a, [...b, list[^1]])) * 2
var d = kv.getSecret('s')
resource r 'T@v' = [for x in xs: if (x.on) {
  name: x.name
  properties: { ...x.props, items: [for y in x.items: y!] }
  resource child 'c' = { name: 'c' }
}]
)");
  INFO(p.problems());
  REQUIRE(p.tmpl.problems.empty());
  for (const auto& v : p.tmpl.variables) check_ranges(v.value, p);
  for (const auto& r : p.tmpl.resources) {
    check_ranges(r.body, p);
    check_ranges(r.condition, p);
    check_ranges(r.loop.source, p);
  }
}
