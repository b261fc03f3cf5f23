// The Terraform front end: .tf / .tfvars (HCL) lowered into model::Template.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "parse/terraform/terraform_frontend.hpp"
#include "support/strings.hpp"

using erlint::ErrorCode;
using erlint::FileKind;
using erlint::Position;
using erlint::Range;
using erlint::SourceFile;
using erlint::SourceManager;
using erlint::model::Expr;
using erlint::model::ExprKind;
using erlint::model::ExprPtr;
using erlint::model::Language;
using erlint::model::Loop;
using erlint::model::Template;
using erlint::parse::ParseOptions;
using erlint::parse::parse_terraform_file;

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
};

Parsed parse(const std::string& text, FileKind kind = FileKind::Terraform, ParseOptions options = {}) {
  Parsed p;
  p.file = &p.sources.add(kind == FileKind::TerraformVars ? "test.tfvars" : "main.tf", text, kind);
  erlint::syntax::Parser parser(erlint::syntax::Grammar::Hcl);
  p.tmpl = parse_terraform_file(*p.file, parser, options);
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
        s += e->entries[i].key_expr ? "(" + show(e->entries[i].key_expr) + ")" : e->entries[i].key;
        s += ": " + show(e->entries[i].value);
      }
      return s + "}";
    }
    case ExprKind::Identifier: return e->text;
    case ExprKind::Member: return show(e->items[0]) + "." + e->text;
    case ExprKind::Index: return show(e->items[0]) + "[" + show(e->items[1]) + "]";
    case ExprKind::Call: return e->text + "(" + list(e->items) + ")";
    case ExprKind::Unary: return "(" + e->text + show(e->items[0]) + ")";
    case ExprKind::Binary: return "(" + show(e->items[0]) + " " + e->text + " " + show(e->items[1]) + ")";
    case ExprKind::Conditional:
      return "(" + show(e->items[0]) + " ? " + show(e->items[1]) + " : " + show(e->items[2]) + ")";
    case ExprKind::For:
      return "For" + (e->text.empty() ? std::string() : "/" + e->text) + "(" +
             (e->index_name().empty() ? std::string() : e->index_name() + ",") + e->item_name() + " in " +
             show(e->items[0]) + ":" + (e->key() ? " " + show(e->key()) + " =>" : std::string()) + " " +
             show(e->items[1]) + (e->items.size() > 2 && e->items[2] ? " if " + show(e->items[2]) : std::string()) +
             ")";
    case ExprKind::Lambda: return "Lambda";
    case ExprKind::Spread: return "..." + show(e->items[0]);
    case ExprKind::NonNull: return show(e->items[0]) + "!";
    case ExprKind::Splat: return "Splat(" + show(e->items[0]) + ", '" + e->text + "')";
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

// The value of `local.<name>` in a parsed file.
ExprPtr local(const Parsed& p, std::string_view name) {
  for (const auto& v : p.tmpl.variables)
    if (v.name == name) return v.value;
  FAIL("no local " << name);
  return nullptr;
}

// Lowers `x = <expr>` in a locals block and renders it.
std::string expr(const std::string& source) {
  Parsed p = parse("locals {\n  x = " + source + "\n}\n");
  INFO(source);
  for (const auto& problem : p.tmpl.problems) INFO(problem.message);
  REQUIRE(p.tmpl.problems.empty());
  REQUIRE(p.tmpl.variables.size() == 1);
  return show(p.tmpl.variables[0].value);
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
    check_ranges(entry.key_expr, p, depth + 1);
    check_ranges(entry.value, p, depth + 1);
  }
  check_ranges(e->key(), p, depth + 1);
}

}  // namespace

TEST_CASE("resource blocks become ResourceDecls", "[terraform]") {
  Parsed p = parse(R"(resource "azurerm_subnet" "gateway" {
  name                 = "GatewaySubnet"
  resource_group_name  = azurerm_resource_group.rg.name
  virtual_network_name = azurerm_virtual_network.hub.name
  address_prefixes     = ["10.0.255.0/27"]
}
)");
  REQUIRE(p.tmpl.problems.empty());
  CHECK(p.tmpl.language == Language::Terraform);
  CHECK(p.tmpl.file == p.file->id());
  REQUIRE(p.tmpl.resources.size() == 1);
  const auto& r = p.tmpl.resources[0];
  CHECK(r.symbol == "azurerm_subnet.gateway");
  CHECK(r.provider_type == "azurerm_subnet");
  CHECK_FALSE(r.existing);
  CHECK_FALSE(r.type);
  CHECK(show(r.name) == "'GatewaySubnet'");
  CHECK(p.text(r.name->range) == "\"GatewaySubnet\"");
  CHECK(r.loop.kind == Loop::Kind::None);
  CHECK(p.text(r.header_range) == R"(resource "azurerm_subnet" "gateway")");
  CHECK(r.range.begin == 0);
  CHECK(p.text(r.range).ends_with("}"));
  CHECK(show(r.body) ==
        "{name: 'GatewaySubnet', resource_group_name: azurerm_resource_group.rg.name, "
        "virtual_network_name: azurerm_virtual_network.hub.name, address_prefixes: ['10.0.255.0/27']}");
  // key ranges point at the attribute names, value ranges at the values
  const auto& entry = r.body->entries[3];
  CHECK(p.text(entry.key_range) == "address_prefixes");
  CHECK(p.at(entry.key_range) == "5:3");
  CHECK(p.text(entry.value->range) == R"(["10.0.255.0/27"])");
  CHECK(p.at(entry.value->range) == "5:26");
  CHECK(p.text(entry.value->items[0]->range) == R"("10.0.255.0/27")");
}

TEST_CASE("nested and repeated blocks become arrays of objects", "[terraform]") {
  Parsed p = parse(R"(resource "azurerm_virtual_network" "hub" {
  name = "hub"
  subnet {
    name           = "GatewaySubnet"
    address_prefix = "10.0.1.0/24"
  }
  tags = { env = "prod" }
  subnet {
    name           = "app"
    address_prefix = "10.0.2.0/24"
    delegation {
      name = "d"
      service_delegation { name = "Microsoft.Web/serverFarms" }
    }
  }
  lifecycle {
    ignore_changes = [tags]
  }
  provisioner "local-exec" {
    command = "echo hi"
  }
}
)");
  REQUIRE(p.tmpl.problems.empty());
  REQUIRE(p.tmpl.resources.size() == 1);
  const ExprPtr& body = p.tmpl.resources[0].body;
  CHECK(show(body) ==
        "{name: 'hub', "
        "subnet: [{name: 'GatewaySubnet', address_prefix: '10.0.1.0/24'}, "
        "{name: 'app', address_prefix: '10.0.2.0/24', "
        "delegation: [{name: 'd', service_delegation: [{name: 'Microsoft.Web/serverFarms'}]}]}], "
        "tags: {env: 'prod'}, "
        "lifecycle: [{ignore_changes: [tags]}], "
        "provisioner: [{__labels: ['local-exec'], command: 'echo hi'}]}");
  // The subnet entry is keyed at the first block's type name; its array spans both blocks.
  const auto* subnet = erlint::model::find_entry(*body, "subnet");
  REQUIRE(subnet);
  CHECK(p.at(subnet->key_range) == "3:3");
  CHECK(p.text(subnet->key_range) == "subnet");
  CHECK(p.text(subnet->value->range).starts_with("subnet {"));
  CHECK(p.text(subnet->value->items[1]->range).starts_with("subnet {\n    name           = \"app\""));
  check_ranges(body, p);
}

TEST_CASE("dynamic blocks become For expressions", "[terraform]") {
  SECTION("only dynamic: the entry is the For itself") {
    Parsed p = parse(R"(resource "azurerm_network_security_group" "nsg" {
  name = "nsg"
  dynamic "security_rule" {
    for_each = var.rules
    content {
      name     = security_rule.value.name
      priority = security_rule.value.priority
    }
  }
}
)");
    REQUIRE(p.tmpl.problems.empty());
    const ExprPtr rules = value_of(p.tmpl.resources[0].body, "security_rule");
    REQUIRE(rules->kind == ExprKind::For);
    CHECK(rules->text == "dynamic");
    CHECK(rules->item_name() == "security_rule");  // the default iterator is the block type
    CHECK(show(rules) ==
          "For/dynamic(security_rule in var.rules: "
          "{name: security_rule.value.name, priority: security_rule.value.priority})");
    REQUIRE(rules->items.size() == 3);
    CHECK_FALSE(rules->items[2]);
    CHECK(p.text(rules->range).starts_with("dynamic \"security_rule\""));
  }
  SECTION("static and dynamic: an array with the objects and a spread of the For") {
    Parsed p = parse(R"(resource "azurerm_virtual_network" "hub" {
  subnet {
    name = "GatewaySubnet"
  }
  dynamic "subnet" {
    for_each = var.subnets
    iterator = s
    labels   = [s.key]
    content {
      name = s.value.name
      dynamic "delegation" {
        for_each = s.value.delegations
        content { name = delegation.key }
      }
    }
  }
  subnet {
    name = "last"
  }
}
)");
    REQUIRE(p.tmpl.problems.empty());
    CHECK(show(p.tmpl.resources[0].body) ==
          "{subnet: [{name: 'GatewaySubnet'}, "
          "...For/dynamic(s in var.subnets: {__labels: [s.key], name: s.value.name, "
          "delegation: For/dynamic(delegation in s.value.delegations: {name: delegation.key})}), "
          "{name: 'last'}]}");
    check_ranges(p.tmpl.resources[0].body, p);
  }
}

TEST_CASE("count and for_each become loops", "[terraform]") {
  Parsed p = parse(R"(resource "azurerm_subnet" "counted" {
  count = length(var.names)
  name  = var.names[count.index]
}
resource "azurerm_subnet" "each" {
  for_each = toset(["a", "b"])
  name     = each.key
}
)");
  REQUIRE(p.tmpl.problems.empty());
  REQUIRE(p.tmpl.resources.size() == 2);
  const auto& counted = p.tmpl.resources[0];
  CHECK(counted.loop.kind == Loop::Kind::Count);
  CHECK(show(counted.loop.source) == "length(var.names)");
  CHECK(p.text(counted.loop.range) == "count = length(var.names)");
  CHECK(show(counted.name) == "var.names[count.index]");
  const auto& each = p.tmpl.resources[1];
  CHECK(each.loop.kind == Loop::Kind::ForEach);
  CHECK(show(each.loop.source) == "toset(['a', 'b'])");
  CHECK(show(each.name) == "each.key");
}

TEST_CASE("azapi resources carry their type, with an HCL body or jsonencode", "[terraform]") {
  Parsed p = parse(R"(resource "azapi_resource" "subnet" {
  type      = "Microsoft.Network/virtualNetworks/subnets@2024-05-01"
  name      = "GatewaySubnet"
  parent_id = azapi_resource.vnet.id
  body = {
    properties = {
      addressPrefix = "10.0.0.0/27"
    }
  }
}
resource "azapi_update_resource" "attach" {
  type        = "Microsoft.Network/virtualNetworks/subnets@2023-11-01"
  resource_id = azapi_resource.subnet.id
  body = jsonencode({
    properties = { networkSecurityGroup = { id = azurerm_network_security_group.nsg.id } }
  })
}
resource "azapi_resource" "computed" {
  type = "${local.rtype}@${local.api}"
  name = "x"
}
)");
  REQUIRE(p.tmpl.problems.empty());
  REQUIRE(p.tmpl.resources.size() == 3);
  const auto& subnet = p.tmpl.resources[0];
  CHECK(subnet.symbol == "azapi_resource.subnet");
  CHECK(show(subnet.type) == "'Microsoft.Network/virtualNetworks/subnets@2024-05-01'");
  CHECK(subnet.api_version == "2024-05-01");
  CHECK(show(subnet.name) == "'GatewaySubnet'");
  CHECK(show(value_of(subnet.body, "body")) == "{properties: {addressPrefix: '10.0.0.0/27'}}");
  const auto& attach = p.tmpl.resources[1];
  CHECK(attach.provider_type == "azapi_update_resource");
  CHECK(show(attach.type) == "'Microsoft.Network/virtualNetworks/subnets@2023-11-01'");
  CHECK_FALSE(attach.name);
  const ExprPtr body = value_of(attach.body, "body");
  REQUIRE(body->kind == ExprKind::Call);
  CHECK(show(body) == "jsonencode({properties: {networkSecurityGroup: {id: azurerm_network_security_group.nsg.id}}})");
  const auto& computed = p.tmpl.resources[2];
  CHECK(show(computed.type) == "T(local.rtype, '@', local.api)");
  CHECK(computed.api_version.empty());
}

TEST_CASE("data sources are existing resources", "[terraform]") {
  Parsed p = parse(R"(data "azurerm_subnet" "gw" {
  name                 = "GatewaySubnet"
  virtual_network_name = "hub"
}
)");
  REQUIRE(p.tmpl.resources.size() == 1);
  const auto& d = p.tmpl.resources[0];
  CHECK(d.symbol == "data.azurerm_subnet.gw");
  CHECK(d.provider_type == "azurerm_subnet");
  CHECK(d.existing);
  CHECK(show(d.name) == "'GatewaySubnet'");
  CHECK(p.text(d.header_range) == R"(data "azurerm_subnet" "gw")");
}

TEST_CASE("module calls", "[terraform]") {
  Parsed p = parse(R"(module "hub" {
  source     = "Azure/avm-res-network-virtualnetwork/azurerm"
  version    = "0.7.1"
  for_each   = var.hubs
  providers  = { azurerm = azurerm.connectivity }
  depends_on = [azurerm_resource_group.rg]
  name          = each.key
  address_space = each.value.cidrs
}
)");
  REQUIRE(p.tmpl.problems.empty());
  REQUIRE(p.tmpl.modules.size() == 1);
  const auto& m = p.tmpl.modules[0];
  CHECK(m.symbol == "module.hub");
  CHECK(show(m.source) == "'Azure/avm-res-network-virtualnetwork/azurerm'");
  CHECK(show(m.params) == "{name: each.key, address_space: each.value.cidrs}");
  CHECK(m.loop.kind == Loop::Kind::ForEach);
  CHECK(show(m.loop.source) == "var.hubs");
  CHECK(show(value_of(m.body, "version")) == "'0.7.1'");
  CHECK(p.text(m.header_range) == R"(module "hub")");
  CHECK(p.text(m.range).starts_with("module \"hub\" {"));
}

TEST_CASE("variables, locals and outputs", "[terraform]") {
  Parsed p = parse(R"(variable "subnets" {
  type = map(object({
    cidr = string
    nsg  = optional(bool, true)
  }))
  default     = {}
  description = "The subnets"
  validation {
    condition     = length(var.subnets) > 0
    error_message = "At least one."
  }
}
variable "password" {
  type      = string
  sensitive = true
}
variable "bare" {}
locals {
  a = 1
  b = local.a + 1
}
locals {
  c = "x"
}
output "id" {
  value = azurerm_virtual_network.hub.id
}
output "secret" {
  value     = var.password
  sensitive = true
}
)");
  REQUIRE(p.tmpl.problems.empty());
  REQUIRE(p.tmpl.parameters.size() == 3);
  const auto& subnets = p.tmpl.parameters[0];
  CHECK(subnets.name == "subnets");
  CHECK(subnets.type == "map(object({\n    cidr = string\n    nsg  = optional(bool, true)\n  }))");
  CHECK(show(subnets.default_value) == "{}");
  CHECK_FALSE(subnets.secure);
  CHECK(p.text(subnets.range).starts_with("variable \"subnets\" {"));
  const auto& password = p.tmpl.parameters[1];
  CHECK(password.type == "string");
  CHECK(password.secure);
  CHECK_FALSE(password.default_value);
  CHECK(p.tmpl.parameters[2].name == "bare");
  CHECK(p.tmpl.parameters[2].type.empty());

  REQUIRE(p.tmpl.variables.size() == 3);
  CHECK(p.tmpl.variables[0].name == "a");
  CHECK(show(p.tmpl.variables[1].value) == "(local.a + 1)");
  CHECK(p.text(p.tmpl.variables[1].range) == "b = local.a + 1");
  CHECK(p.tmpl.variables[2].name == "c");

  REQUIRE(p.tmpl.outputs.size() == 2);
  CHECK(p.tmpl.outputs[0].name == "id");
  CHECK(show(p.tmpl.outputs[0].value) == "azurerm_virtual_network.hub.id");
  CHECK_FALSE(p.tmpl.outputs[0].secure);
  CHECK(p.tmpl.outputs[1].secure);
}

TEST_CASE("terraform, provider and other blocks are ignored", "[terraform]") {
  Parsed p = parse(R"(terraform {
  required_version = ">= 1.5"
  required_providers {
    azurerm = { source = "hashicorp/azurerm", version = "~> 4.0" }
  }
  backend "azurerm" {}
}
provider "azurerm" {
  features {}
  subscription_id = var.sub
}
moved {
  from = azurerm_subnet.a
  to   = azurerm_subnet.b
}
import {
  to = azurerm_subnet.b
  id = "/subscriptions/x"
}
)");
  CHECK(p.tmpl.problems.empty());
  CHECK(p.tmpl.resources.empty());
  CHECK(p.tmpl.modules.empty());
  CHECK(p.tmpl.parameters.empty());
}

TEST_CASE("literals", "[terraform][expr]") {
  CHECK(expr("42") == "42");
  CHECK(expr("1.5") == "1.5");
  CHECK(expr("1.5e3") == "1500");
  CHECK(expr("0x1F") == "31");
  CHECK(expr("true") == "true");
  CHECK(expr("false") == "false");
  CHECK(expr("null") == "null");
  CHECK(expr("-1") == "(-1)");
}

TEST_CASE("strings, templates and heredocs", "[terraform][expr]") {
  CHECK(expr(R"("plain")") == "'plain'");
  CHECK(expr(R"("")") == "''");
  CHECK(expr(R"("esc \" \\ \n \t \u00e9 \U0001F600")") == "'esc \" \\ \n \t \xC3\xA9 \xF0\x9F\x98\x80'");
  CHECK(expr(R"("$${not} %%{this}")") == "'${not} %{this}'");
  CHECK(expr(R"("vnet-${var.env}-${count.index}")") == "T('vnet-', var.env, '-', count.index)");
  // A template that is exactly one interpolation is the value itself (Terraform keeps its type).
  CHECK(expr(R"("${var.cidrs}")") == "var.cidrs");
  // Strip markers remove the whitespace next to them.
  CHECK(expr(R"("a  ${~ var.x ~}  b")") == "T('a', var.x, 'b')");
  CHECK(expr("<<EOT\nline one\n  ${var.x} two\nEOT") == "T('line one\n  ', var.x, ' two\n')");
  CHECK(expr("<<-EOT\n    indented\n      more\n    ${var.y}\n  EOT") == "T('indented\n  more\n', var.y, '\n')");
  CHECK(expr("<<-EOT\n    a\n\n    b\n    EOT") == "'a\n\nb\n'");
  CHECK(expr("<<EOT\n$${literal}\nEOT") == "'${literal}\n'");
  CHECK(expr("<<EOT\nhello   ${~ var.x ~}   \nworld\nEOT") == "T('hello', var.x, 'world\n')");
  CHECK(expr("<<EOT\n  ${var.a}${var.b}\nEOT") == "T('  ', var.a, var.b, '\n')");
  // Template directives are rare: they lower to Error parts (Unknown), without a Problem.
  CHECK(expr(R"("a%{ if var.x }b%{ endif }")") == "T('a', Error)");
  CHECK(expr("<<EOT\n%{ for s in var.l }${s}%{ endfor }\nEOT") == "T(Error, '\n')");

  Parsed p = parse("locals {\n  x = \"a-${var.b}\"\n}\n");
  const ExprPtr x = local(p, "x");
  CHECK(p.text(x->range) == "\"a-${var.b}\"");
  REQUIRE(x->items.size() == 2);
  CHECK(p.text(x->items[0]->range) == "a-");
  CHECK(p.text(x->items[1]->range) == "var.b");
}

TEST_CASE("collections", "[terraform][expr]") {
  CHECK(expr("[]") == "[]");
  CHECK(expr("[1, \"a\", [true],]") == "[1, 'a', [true]]");
  CHECK(expr("{}") == "{}");
  CHECK(expr("{ a = 1, \"b-c\" = 2, d : 3 }") == "{a: 1, b-c: 2, d: 3}");
  CHECK(expr("{\n  a = 1\n  b = 2\n}") == "{a: 1, b: 2}");
  CHECK(expr("{ (var.k) = 1, \"${var.p}-x\" = 2 }") == "{(var.k): 1, (T(var.p, '-x')): 2}");

  Parsed p = parse("locals {\n  x = { (var.k) = 1, name = 2 }\n}\n");
  const ExprPtr x = local(p, "x");
  REQUIRE(x->entries.size() == 2);
  CHECK(x->entries[0].key.empty());
  CHECK(p.text(x->entries[0].key_range) == "(var.k)");
  CHECK(p.text(x->entries[0].key_expr->range) == "var.k");
  CHECK(x->entries[1].key == "name");
  CHECK(p.text(x->entries[1].key_range) == "name");
}

TEST_CASE("references, indexes and splats", "[terraform][expr]") {
  CHECK(expr("var.x") == "var.x");
  CHECK(expr("local.y") == "local.y");
  CHECK(expr("azurerm_subnet.gw.id") == "azurerm_subnet.gw.id");
  CHECK(expr("module.m.out") == "module.m.out");
  CHECK(expr("data.azurerm_client_config.current.tenant_id") == "data.azurerm_client_config.current.tenant_id");
  CHECK(expr("each.value.name") == "each.value.name");
  CHECK(expr("count.index") == "count.index");
  CHECK(expr("self.id") == "self.id");
  CHECK(expr("path.module") == "path.module");
  CHECK(expr("a[0]") == "a[0]");
  CHECK(expr("a[\"k\"].b") == "a['k'].b");
  CHECK(expr("azurerm_subnet.s[each.key].id") == "azurerm_subnet.s[each.key].id");
  CHECK(expr("a.0.b") == "a[0].b");  // legacy index
  CHECK(expr("azurerm_subnet.s[*].id") == "Splat(azurerm_subnet.s, 'id')");
  CHECK(expr("azurerm_subnet.s.*.id") == "Splat(azurerm_subnet.s, 'id')");
  CHECK(expr("var.list[*]") == "Splat(var.list, '')");
  CHECK(expr("var.l[*].a.b[0]") == "Splat(var.l, 'a.b.0')");
  CHECK(expr("var.l[*].a[\"k\"]") == "Splat(var.l, 'a.k')");
  CHECK(expr("var.l[*].a[*].b") == "Splat(Splat(var.l, 'a'), 'b')");
  CHECK(expr("(var.x).y") == "var.x.y");

  Parsed p = parse("locals {\n  x = azurerm_subnet.gw[0].id\n}\n");
  const ExprPtr x = local(p, "x");
  CHECK(p.text(x->range) == "azurerm_subnet.gw[0].id");
  const ExprPtr index = x->items[0];
  CHECK(p.text(index->range) == "azurerm_subnet.gw[0]");
  CHECK(p.text(index->items[1]->range) == "0");
  CHECK(p.text(index->items[0]->items[0]->range) == "azurerm_subnet");
}

TEST_CASE("calls, operators, conditionals", "[terraform][expr]") {
  CHECK(expr("length(var.x)") == "length(var.x)");
  CHECK(expr("merge()") == "merge()");
  CHECK(expr("cidrsubnet(var.cidr, 8, 1)") == "cidrsubnet(var.cidr, 8, 1)");
  CHECK(expr("concat(var.a, var.b...)") == "concat(var.a, ...var.b)");
  CHECK(expr("provider::azurerm::normalise_resource_id(var.id)") ==
        "provider::azurerm::normalise_resource_id(var.id)");
  CHECK(expr("var.c ? \"a\" : \"b\"") == "(var.c ? 'a' : 'b')");
  // `?:` is right-associative (the grammar nests it to the left; the front end rotates it back).
  CHECK(expr("a ? b : c ? d : e") == "(a ? b : (c ? d : e))");
  CHECK(expr("a ? b : c ? d : e ? f : g") == "(a ? b : (c ? d : (e ? f : g)))");
  CHECK(expr("(a ? b : c) ? d : e") == "((a ? b : c) ? d : e)");
  CHECK(expr("a ? b ? c : d : e") == "(a ? (b ? c : d) : e)");
  CHECK(expr("a == 1 ? \"x\" : a == 2 ? \"y\" : \"z\"") == "((a == 1) ? 'x' : ((a == 2) ? 'y' : 'z'))");
  CHECK(expr("!var.b") == "(!var.b)");
  CHECK(expr("-var.n") == "(-var.n)");
  for (const char* op : {"+", "-", "*", "/", "%", "==", "!=", "<", ">", "<=", ">=", "&&", "||"})
    CHECK(expr(std::string("a ") + op + " b") == std::string("(a ") + op + " b)");
  CHECK(expr("1 + 2 * 3") == "(1 + (2 * 3))");
  CHECK(expr("(1 + 2) * 3") == "((1 + 2) * 3)");
  CHECK(expr("a == \"\" && b != \"\" || !c") == "(((a == '') && (b != '')) || (!c))");
  CHECK(expr("var.a.b - 1") == "(var.a.b - 1)");
  CHECK(expr("((var.x))") == "var.x");
}

TEST_CASE("for expressions", "[terraform][expr]") {
  CHECK(expr("[for s in var.subnets : s.id]") == "For(s in var.subnets: s.id)");
  CHECK(expr("[for s in var.subnets : s.id if s.enabled]") == "For(s in var.subnets: s.id if s.enabled)");
  CHECK(expr("[for i, s in var.list : \"${i}-${s}\"]") == "For(i,s in var.list: T(i, '-', s))");
  CHECK(expr("{for k, v in var.m : k => v.id}") == "For(k,v in var.m: k => v.id)");
  CHECK(expr("{for s in var.l : s.name => s... if s.on}") == "For(s in var.l: s.name => s if s.on)");

  Parsed p = parse("locals {\n  x = {for k, v in var.m : k => v}\n  y = [for s in var.l : s]\n}\n");
  const ExprPtr x = local(p, "x");
  REQUIRE(x->kind == ExprKind::For);
  CHECK(x->index_name() == "k");
  CHECK(x->item_name() == "v");
  REQUIRE(x->key());
  CHECK(p.text(x->key()->range) == "k");
  REQUIRE(x->items.size() == 3);
  CHECK(p.text(x->items[0]->range) == "var.m");
  const ExprPtr y = local(p, "y");
  CHECK(y->item_name() == "s");
  CHECK(y->index_name().empty());
  CHECK_FALSE(y->key());
  REQUIRE(y->items.size() == 3);
  CHECK_FALSE(y->items[2]);
}

TEST_CASE("ranges resolve to lines and columns", "[terraform]") {
  Parsed p = parse("# header\nresource \"azurerm_subnet\" \"s\" {\n  name = \"x\"\n\n  address_prefixes = [\n    var.cidr,\n  ]\n}\n");
  REQUIRE(p.tmpl.resources.size() == 1);
  const auto& r = p.tmpl.resources[0];
  CHECK(p.at(r.range) == "2:1");
  CHECK(p.at(r.header_range) == "2:1");
  CHECK(p.pos(r.header_range.end).line == 2);
  const ExprPtr prefixes = value_of(r.body, "address_prefixes");
  CHECK(p.at(prefixes->range) == "5:22");
  CHECK(p.at(prefixes->items[0]->range) == "6:5");
  CHECK(p.pos(r.range.end).line == 8);
}

TEST_CASE("comments are kept with own_line", "[terraform]") {
  Parsed p = parse(R"(# expect: ER-NS-001
resource "a" "b" { // trailing
  /* block
     comment */
  name = "x" # erlint-ignore ER-X-001: reason
}
)");
  REQUIRE(p.tmpl.problems.empty());
  REQUIRE(p.tmpl.comments.size() == 4);
  CHECK(p.tmpl.comments[0].text == " expect: ER-NS-001");
  CHECK(p.tmpl.comments[0].own_line);
  CHECK(p.at(p.tmpl.comments[0].range) == "1:1");
  CHECK(p.tmpl.comments[1].text == " trailing");
  CHECK_FALSE(p.tmpl.comments[1].own_line);
  CHECK(p.tmpl.comments[2].text == " block\n     comment ");
  CHECK(p.tmpl.comments[2].own_line);
  CHECK(p.at(p.tmpl.comments[2].range) == "3:3");
  CHECK(p.tmpl.comments[3].text == " erlint-ignore ER-X-001: reason");
  CHECK_FALSE(p.tmpl.comments[3].own_line);
  // A `#` inside a string is not a comment.
  Parsed q = parse("locals {\n  x = \"# not a comment\"\n}\n");
  CHECK(q.tmpl.comments.empty());
}

TEST_CASE("syntax errors are reported with a location and the rest is lowered", "[terraform][errors]") {
  SECTION("a stray token") {
    Parsed p = parse(R"(resource "azurerm_subnet" "a" {
  name = "ok"
}
resource "azurerm_subnet" "b" {
  name = = "bad"
}
resource "azurerm_subnet" "c" {
  name = "after"
}
)");
    REQUIRE(p.tmpl.problems.size() == 1);
    const auto& problem = p.tmpl.problems[0];
    CHECK(problem.code == ErrorCode::Syntax);
    CHECK(problem.message == "unexpected '='");
    CHECK(p.at(problem.range) == "5:10");
    REQUIRE(p.tmpl.resources.size() == 3);
    CHECK(show(p.tmpl.resources[0].name) == "'ok'");
    CHECK(show(p.tmpl.resources[2].name) == "'after'");
  }
  SECTION("a missing closing bracket") {
    Parsed p = parse("resource \"a\" \"b\" {\n  x = [1, 2\n}\nresource \"c\" \"d\" {\n  name = \"z\"\n}\n");
    REQUIRE_FALSE(p.tmpl.problems.empty());
    CHECK(p.tmpl.problems[0].code == ErrorCode::Syntax);
    CHECK(p.tmpl.problems[0].message == "missing ']'");
    CHECK(p.pos(p.tmpl.problems[0].range.begin).line == 3);
    REQUIRE(p.tmpl.resources.size() == 2);
    CHECK(show(p.tmpl.resources[1].name) == "'z'");
  }
  SECTION("an unclosed block at the end of the file") {
    Parsed p = parse("output \"o\" { value = 1 }\nresource \"a\" \"b\" {\n  name = \"n\"\n");
    REQUIRE(p.tmpl.problems.size() == 1);
    CHECK(p.tmpl.problems[0].message == "missing '}'");
    CHECK(p.tmpl.outputs.size() == 1);
    REQUIRE(p.tmpl.resources.size() == 1);
    CHECK(show(p.tmpl.resources[0].name) == "'n'");
  }
  SECTION("a broken call in one block does not hide the next") {
    Parsed p = parse("resource \"c\" \"d\" {\n  name = foo(\n}\noutput \"o\" { value = 1 }\n");
    REQUIRE_FALSE(p.tmpl.problems.empty());
    CHECK(p.tmpl.problems[0].code == ErrorCode::Syntax);
    CHECK(p.tmpl.outputs.size() == 1);
  }
  SECTION("a skipped token is named") {
    Parsed p = parse("variable \"x\" {\n  default = [1 2]\n}\n");
    REQUIRE_FALSE(p.tmpl.problems.empty());
    CHECK(p.tmpl.problems[0].message == "unexpected '2'");
    const auto two = static_cast<std::uint32_t>(p.file->text().find("2]"));
    CHECK(p.tmpl.problems[0].range.begin <= two);
    CHECK(p.tmpl.problems[0].range.end > two);
  }
  SECTION("an unterminated string") {
    Parsed p = parse("locals {\n  x = \"abc\n  y = 1\n}\nresource \"a\" \"b\" { name = \"n\" }\n");
    REQUIRE_FALSE(p.tmpl.problems.empty());
    CHECK(p.tmpl.problems[0].code == ErrorCode::Syntax);
    CHECK(p.tmpl.problems[0].message == "unterminated string starting at line 2 (a quoted string cannot span lines)");
  }
  SECTION("a quoted string over two lines parses but is reported") {
    Parsed p = parse("locals {\n  x = \"a\n  b\"\n  y = \"${\n    var.z\n  }\"\n}\n");
    REQUIRE(p.tmpl.problems.size() == 1);
    CHECK(p.tmpl.problems[0].message.starts_with("a quoted string cannot span lines"));
    CHECK(p.at(p.tmpl.problems[0].range) == "2:7");
    REQUIRE(p.tmpl.variables.size() == 2);
    CHECK(show(p.tmpl.variables[1].value) == "var.z");  // line breaks inside ${ } are fine
  }
  SECTION("a resource with the wrong number of labels") {
    Parsed p = parse("resource \"azurerm_subnet\" {\n  name = \"x\"\n}\n");
    REQUIRE(p.tmpl.problems.size() == 1);
    CHECK(p.tmpl.problems[0].message == "resource block needs 2 labels, found 1");
    CHECK(p.tmpl.resources.empty());
  }
}

TEST_CASE("nesting deeper than the limit is cut off without overflowing the stack", "[terraform][limits]") {
  SECTION("a 100,000-deep tuple") {
    const int depth = 100000;
    std::string text = "locals {\n  x = ";
    text.append(depth, '[');
    text += "1";
    text.append(depth, ']');
    text += "\n  y = 2\n}\n";
    // The nesting limit is the subject, not the parse-time budget: on a slow or busy machine, or in
    // the sanitizer build, tree-sitter must not run out of time first.
    ParseOptions options;
    options.time_budget = std::chrono::seconds(60);
    Parsed p = parse(text, FileKind::Terraform, options);
    bool limit = false;
    for (const auto& problem : p.tmpl.problems)
      if (problem.code == ErrorCode::Limit) {
        limit = true;
        CHECK(problem.message.find("max_nesting_depth") != std::string::npos);
      }
    CHECK(limit);
    CHECK(p.tmpl.truncated);
    REQUIRE(p.tmpl.variables.size() == 2);
    CHECK(show(p.tmpl.variables[1].value) == "2");
  }
  SECTION("a configurable limit") {
    ParseOptions options;
    options.max_nesting_depth = 4;
    Parsed ok = parse("locals {\n  x = [[[1]]]\n}\n", FileKind::Terraform, options);
    CHECK(ok.tmpl.problems.empty());
    Parsed deep = parse("locals {\n  x = [[[[[1]]]]]\n}\n", FileKind::Terraform, options);
    REQUIRE(deep.tmpl.problems.size() == 1);
    CHECK(deep.tmpl.problems[0].code == ErrorCode::Limit);
    const ExprPtr x = local(deep, "x");
    CHECK(show(x).find("Error") != std::string::npos);
  }
  SECTION("deeply nested blocks and long attribute chains") {
    std::string blocks = "resource \"a\" \"b\" {\n";
    for (int i = 0; i < 5000; ++i) blocks += "b {\n";
    for (int i = 0; i < 5000; ++i) blocks += "}\n";
    blocks += "}\n";
    Parsed p = parse(blocks);
    CHECK(p.tmpl.truncated);
    REQUIRE(p.tmpl.resources.size() == 1);
    std::string chain = "locals {\n  x = a";
    for (int i = 0; i < 50000; ++i) chain += ".b";
    chain += "\n}\n";
    Parsed q = parse(chain);
    CHECK(q.tmpl.truncated);
    REQUIRE(q.tmpl.variables.size() == 1);
  }
}

TEST_CASE("a parse over its time budget is a limit problem", "[terraform][limits]") {
  std::string text;
  for (int i = 0; i < 20000; ++i)
    text += "resource \"azurerm_subnet\" \"s" + std::to_string(i) + "\" {\n  name = \"subnet-${var.x}\"\n}\n";
  ParseOptions options;
  options.time_budget = std::chrono::milliseconds(1);
  Parsed p = parse(text, FileKind::Terraform, options);
  REQUIRE(p.tmpl.problems.size() == 1);
  CHECK(p.tmpl.problems[0].code == ErrorCode::Limit);
  CHECK(p.tmpl.problems[0].message.find("parse_time_budget") != std::string::npos);
  CHECK(p.tmpl.truncated);
  CHECK(p.tmpl.resources.empty());
}

TEST_CASE(".tfvars files become parameter values", "[terraform][tfvars]") {
  Parsed p = parse(R"(# comment
location = "westeurope"
subnets = {
  gw = { cidr = "10.0.0.0/27" }
}
enable = true
)",
                   FileKind::TerraformVars);
  REQUIRE(p.tmpl.problems.empty());
  CHECK(p.tmpl.language == Language::TerraformVars);
  REQUIRE(p.tmpl.parameter_values.size() == 3);
  CHECK(p.tmpl.parameter_values[0].first == "location");
  CHECK(show(p.tmpl.parameter_values[0].second) == "'westeurope'");
  CHECK(show(p.tmpl.parameter_values[1].second) == "{gw: {cidr: '10.0.0.0/27'}}");
  CHECK(show(p.tmpl.parameter_values[2].second) == "true");
  CHECK(p.at(p.tmpl.parameter_values[1].second->range) == "3:11");
  CHECK(p.tmpl.comments.size() == 1);
  // Top-level attributes in a .tf file are not parameter values.
  Parsed tf = parse("location = \"x\"\n");
  CHECK(tf.tmpl.parameter_values.empty());
}

TEST_CASE("CRLF line endings", "[terraform]") {
  Parsed p = parse(
      "# c\r\nresource \"a\" \"b\" {\r\n  name = \"n\" # trailing\r\n  d = <<-EOT\r\n    x\r\n      y\r\n    EOT\r\n}\r\n");
  REQUIRE(p.tmpl.problems.empty());
  REQUIRE(p.tmpl.resources.size() == 1);
  const auto& r = p.tmpl.resources[0];
  CHECK(show(r.name) == "'n'");
  CHECK(p.at(r.name->range) == "3:10");
  CHECK(show(value_of(r.body, "d")) == "'x\n  y\n'");
  REQUIRE(p.tmpl.comments.size() == 2);
  CHECK(p.tmpl.comments[0].text == " c");
  CHECK(p.tmpl.comments[1].text == " trailing");
  CHECK(p.text(r.header_range) == "resource \"a\" \"b\"");
}

TEST_CASE("a UTF-8 byte-order mark does not shift ranges", "[terraform]") {
  Parsed p = parse("\xEF\xBB\xBFresource \"a\" \"b\" {\n  name = \"n\"\n}\n");
  REQUIRE(p.tmpl.problems.empty());
  REQUIRE(p.tmpl.resources.size() == 1);
  CHECK(p.text(p.tmpl.resources[0].name->range) == "\"n\"");
}

TEST_CASE("every expression has a range inside the file", "[terraform]") {
  Parsed p = parse(R"(locals {
  a = [for k, v in var.m : { (k) = v.id, n = "${k}-x" } if v != null]
  b = <<-EOT
    ${join(",", [for s in azurerm_subnet.s[*].id : lower(s)])}
  EOT
  c = var.x ? -1 : length(concat(var.a, var.b...)) * 2
  d = var.a ? 1 : var.b ? 2 : var.c ? 3 : 4
}
resource "azurerm_virtual_network" "v" {
  dynamic "subnet" {
    for_each = local.a
    content { name = subnet.value.n }
  }
}
)");
  REQUIRE(p.tmpl.problems.empty());
  for (const auto& v : p.tmpl.variables) check_ranges(v.value, p);
  for (const auto& r : p.tmpl.resources) check_ranges(r.body, p);
}
