// The ARM JSON front end: JSON reading (ranges, comments, leniency, errors, limits) and the
// lowering of templates and parameter files into model::Template.
#include <catch2/catch.hpp>

#include <chrono>
#include <string>

#include "parse/arm/arm_frontend.hpp"
#include "parse/arm/json_reader.hpp"

using namespace erlint;
using model::ExprKind;
using model::ExprPtr;
using model::Template;

namespace {

struct Parsed {
  SourceManager sources;
  const SourceFile* file = nullptr;
  Template tpl;

  Position at(std::uint32_t offset) const { return file->position(offset); }
  std::size_t count(ErrorCode code) const {
    std::size_t n = 0;
    for (const auto& p : tpl.problems) n += p.code == code;
    return n;
  }
};

std::unique_ptr<Parsed> parse_text(std::string text, FileKind kind = FileKind::ArmTemplate,
                              parse::ParseOptions options = {}) {
  auto parsed = std::make_unique<Parsed>();
  parsed->file = &parsed->sources.add("test.json", std::move(text), kind);
  parsed->tpl = parse::parse_arm_file(*parsed->file, options);
  return parsed;
}

const model::ObjectEntry& entry(const ExprPtr& object, std::string_view key) {
  REQUIRE(object);
  const model::ObjectEntry* e = model::find_entry(*object, key);
  INFO(key);
  REQUIRE(e);
  return *e;
}

std::string_view slice(const Parsed& p, Range r) { return std::string_view(p.file->text()).substr(r.begin, r.end - r.begin); }

const char* kSchema = "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#";

}  // namespace

TEST_CASE("JSON values keep their kinds and exact ranges", "[arm][json]") {
  auto p = parse_text(R"({"s": "text", "n": -1.5e2, "t": true, "f": false, "z": null, "a": [1, "x"], "o": {"k": 2}})");
  REQUIRE(p->tpl.problems.empty());
  parse::JsonReadOptions options;
  auto doc = parse::read_json(p->file->text(), p->file->id(), options);
  REQUIRE(doc.root);
  CHECK(doc.root->kind == ExprKind::Object);
  CHECK(doc.root->range.begin == 0u);
  CHECK(doc.root->range.end == p->file->text().size());
  const auto& s = entry(doc.root, "s");
  CHECK(s.value->kind == ExprKind::String);
  CHECK(s.value->text == "text");
  CHECK(slice(*p, s.value->range) == "\"text\"");
  CHECK(slice(*p, s.key_range) == "\"s\"");
  CHECK(entry(doc.root, "n").value->number == -150);
  CHECK(slice(*p, entry(doc.root, "n").value->range) == "-1.5e2");
  CHECK(entry(doc.root, "t").value->kind == ExprKind::Bool);
  CHECK(entry(doc.root, "t").value->boolean);
  CHECK_FALSE(entry(doc.root, "f").value->boolean);
  CHECK(entry(doc.root, "z").value->kind == ExprKind::Null);
  const auto& a = entry(doc.root, "a").value;
  REQUIRE(a->kind == ExprKind::Array);
  REQUIRE(a->items.size() == 2);
  CHECK(slice(*p, a->range) == "[1, \"x\"]");
  CHECK(slice(*p, entry(doc.root, "o").value->range) == "{\"k\": 2}");
  CHECK(doc.root->range.file == p->file->id());
}

TEST_CASE("string escapes decode to UTF-8", "[arm][json]") {
  auto p = parse_text(R"({"$schema": "x", "variables": {"v": "a\"b\\c\/d\n\t\u00e9\ud83d\ude00"}})");
  REQUIRE(p->tpl.problems.empty());
  REQUIRE(p->tpl.variables.size() == 1);
  CHECK(p->tpl.variables[0].value->text == "a\"b\\c/d\n\t\xC3\xA9\xF0\x9F\x98\x80");
}

TEST_CASE("Azure's leniency: comments, trailing commas, multi-line strings", "[arm][json]") {
  const std::string text =
      "// leading comment\n"
      "{\n"
      "  \"$schema\": \"https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#\", // trailing\n"
      "  /* block\n     comment */\n"
      "  \"variables\": {\n"
      "    \"list\": [1, 2, 3,],\n"
      "    \"text\": \"line one\nline two\",\n"
      "  },\n"
      "  'single': 'quoted',\n"
      "  unquoted: 1,\n"
      "}\n";
  auto p = parse_text(text);
  INFO((p->tpl.problems.empty() ? std::string() : p->tpl.problems[0].message));
  REQUIRE(p->tpl.problems.empty());
  REQUIRE(p->tpl.variables.size() == 2);
  CHECK(p->tpl.variables[0].value->items.size() == 3);
  CHECK(p->tpl.variables[1].value->text == "line one\nline two");

  REQUIRE(p->tpl.comments.size() == 3);
  const auto& leading = p->tpl.comments[0];
  CHECK(leading.text == " leading comment");
  CHECK(leading.own_line);
  CHECK(slice(*p, leading.range) == "// leading comment");
  const auto& trailing = p->tpl.comments[1];
  CHECK(trailing.text == " trailing");
  CHECK_FALSE(trailing.own_line);
  CHECK(p->at(trailing.range.begin).line == 3);
  const auto& block = p->tpl.comments[2];
  CHECK(block.text == " block\n     comment ");
  CHECK(block.own_line);
  CHECK(slice(*p, block.range) == "/* block\n     comment */");
}

TEST_CASE("BOM and CRLF: offsets are into the BOM-less text, comments lose the \\r", "[arm][json]") {
  const std::string text =
      "\xEF\xBB\xBF{\r\n"
      "  // note\r\n"
      "  \"resources\": [\r\n"
      "    {\"type\": \"Microsoft.Network/virtualNetworks\", \"name\": \"vnet\"}\r\n"
      "  ]\r\n"
      "}\r\n";
  auto p = parse_text(text);
  REQUIRE(p->file->had_bom());
  REQUIRE(p->tpl.problems.empty());
  REQUIRE(p->tpl.comments.size() == 1);
  CHECK(p->tpl.comments[0].text == " note");
  CHECK(slice(*p, p->tpl.comments[0].range) == "// note");
  REQUIRE(p->tpl.resources.size() == 1);
  const Position name = p->at(p->tpl.resources[0].header_range.begin);
  CHECK(name.line == 4);
  CHECK(name.column == 59);
  CHECK(slice(*p, p->tpl.resources[0].header_range) == "\"vnet\"");
}

TEST_CASE("template sections lower into the model", "[arm][lower]") {
  const std::string text = R"({
  "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
  "contentVersion": "1.0.0.0",
  "parameters": {
    "location": { "type": "string", "defaultValue": "[resourceGroup().location]" },
    "adminPassword": { "type": "SecureString" },
    "settings": { "type": "secureObject", "defaultValue": {} },
    "sku": { "type": "string", "allowedValues": ["Standard", "HighPerformance"], "defaultValue": "Standard" }
  },
  "variables": {
    "prefix": "er-",
    "copy": [
      { "name": "subnets", "count": 3, "input": { "name": "[concat('s', copyIndex('subnets'))]" } }
    ]
  },
  "resources": [],
  "outputs": {
    "id": { "type": "string", "value": "[variables('prefix')]" },
    "secret": { "type": "securestring", "value": "[parameters('adminPassword')]" },
    "names": { "type": "array", "copy": { "count": 2, "input": "[copyIndex()]" } }
  }
})";
  auto p = parse_text(text);
  REQUIRE(p->tpl.problems.empty());
  const Template& t = p->tpl;
  CHECK(t.language == model::Language::Arm);
  CHECK(t.target_scope == "resourceGroup");
  CHECK(t.file == p->file->id());
  CHECK(t.path == "test.json");

  REQUIRE(t.parameters.size() == 4);
  CHECK(t.parameters[0].name == "location");
  CHECK(t.parameters[0].type == "string");
  CHECK_FALSE(t.parameters[0].secure);
  REQUIRE(t.parameters[0].default_value);
  CHECK(t.parameters[0].default_value->kind == ExprKind::Member);
  CHECK(p->at(t.parameters[0].range.begin).line == 5);
  CHECK(slice(*p, t.parameters[0].range).substr(0, 10) == "\"location\"");
  CHECK(t.parameters[1].secure);
  CHECK_FALSE(t.parameters[1].default_value);
  CHECK(t.parameters[2].secure);
  REQUIRE(t.parameters[3].allowed_values);
  CHECK(t.parameters[3].allowed_values->items.size() == 2);

  REQUIRE(t.variables.size() == 2);
  CHECK(t.variables[0].name == "prefix");
  CHECK_FALSE(t.variables[0].is_copy);
  CHECK(t.variables[0].value->text == "er-");
  CHECK(t.variables[1].name == "subnets");
  CHECK(t.variables[1].is_copy);
  const auto& loop = t.variables[1].value;
  REQUIRE(loop->kind == ExprKind::For);
  CHECK(loop->text == "copy");
  CHECK(loop->index_name() == "subnets");
  REQUIRE(loop->items.size() == 2);
  CHECK(loop->items[0]->number == 3);
  CHECK(loop->items[1]->kind == ExprKind::Object);

  REQUIRE(t.outputs.size() == 3);
  CHECK(t.outputs[0].name == "id");
  CHECK(t.outputs[0].type == "string");
  CHECK(t.outputs[0].value->kind == ExprKind::Call);
  CHECK_FALSE(t.outputs[0].secure);
  CHECK(t.outputs[1].secure);
  REQUIRE(t.outputs[2].value->kind == ExprKind::For);
  CHECK(t.outputs[2].value->index_name().empty());
  CHECK(t.outputs[2].value->items[1]->text == "copyIndex");
}

TEST_CASE("target scope from $schema", "[arm][lower]") {
  auto scope_of = [](const std::string& schema) {
    return parse_text("{\"$schema\": \"https://schema.management.azure.com/schemas/2018-05-01/" + schema + "#\"}")
        ->tpl.target_scope;
  };
  CHECK(scope_of("subscriptionDeploymentTemplate.json") == "subscription");
  CHECK(scope_of("managementGroupDeploymentTemplate.json") == "managementGroup");
  CHECK(scope_of("tenantDeploymentTemplate.json") == "tenant");
  CHECK(scope_of("deploymentTemplate.json") == "resourceGroup");
}

TEST_CASE("resources: nested children, copy, condition, scope, ignores, ranges", "[arm][lower]") {
  const std::string text = std::string(R"({
  "$schema": ")") + kSchema + R"(",
  "resources": [
    {
      "type": "Microsoft.Network/virtualNetworks",
      "apiVersion": "2024-05-01",
      "name": "[parameters('vnetName')]",
      "condition": "[parameters('deploy')]",
      "metadata": { "erlint-ignore": ["ER-NS-001: the gateway is managed elsewhere"] },
      "properties": { "addressSpace": { "addressPrefixes": ["10.0.0.0/16"] } },
      "resources": [
        {
          "type": "subnets",
          "apiVersion": "[variables('api')]",
          "name": "GatewaySubnet",
          "dependsOn": ["[parameters('vnetName')]"],
          "properties": { "addressPrefix": "10.0.0.0/27" },
          "resources": [
            { "type": "inner", "name": "deep" }
          ]
        }
      ]
    },
    {
      "type": "Microsoft.Network/publicIPAddresses",
      "apiVersion": "2024-05-01",
      "name": "[concat('pip', copyIndex())]",
      "copy": { "name": "pipLoop", "count": "[parameters('count')]", "mode": "serial" },
      "scope": "[format('Microsoft.Network/virtualNetworks/{0}', 'v')]"
    },
    { "type": "Microsoft.Insights/diagnosticSettings" }
  ]
})";
  auto p = parse_text(text);
  REQUIRE(p->tpl.problems.empty());
  const auto& rs = p->tpl.resources;
  REQUIRE(rs.size() == 5);

  const auto& vnet = rs[0];
  CHECK(vnet.nested_parent == -1);
  CHECK(vnet.type->text == "Microsoft.Network/virtualNetworks");
  CHECK(vnet.api_version == "2024-05-01");
  CHECK(vnet.name->kind == ExprKind::Call);
  CHECK(vnet.condition->kind == ExprKind::Call);
  CHECK(vnet.condition->text == "parameters");
  REQUIRE(vnet.erlint_ignores.size() == 1);
  CHECK(vnet.erlint_ignores[0] == "ER-NS-001: the gateway is managed elsewhere");
  CHECK(vnet.body->kind == ExprKind::Object);
  CHECK(vnet.body->range == vnet.range);
  CHECK(p->at(vnet.range.begin).line == 4);
  CHECK(p->at(vnet.range.begin).column == 5);
  CHECK(p->at(vnet.header_range.begin).line == 7);
  CHECK(p->at(vnet.header_range.begin).column == 15);
  CHECK(slice(*p, vnet.header_range) == "\"[parameters('vnetName')]\"");
  CHECK(vnet.loop.kind == model::Loop::Kind::None);
  CHECK_FALSE(vnet.existing);

  const auto& subnet = rs[1];
  CHECK(subnet.nested_parent == 0);
  CHECK(subnet.type->text == "subnets");
  CHECK(subnet.name->text == "GatewaySubnet");
  CHECK(subnet.api_version.empty());  // not a literal
  CHECK(model::find_entry(*subnet.body, "dependsOn"));
  // A value inside the body points at its own text.
  const auto& prefix = entry(entry(subnet.body, "properties").value, "addressPrefix").value;
  CHECK(p->at(prefix.get()->range.begin).line == 17);
  CHECK(p->at(prefix->range.begin).column == 44);
  CHECK(slice(*p, prefix->range) == "\"10.0.0.0/27\"");

  CHECK(rs[2].nested_parent == 1);
  CHECK(rs[2].name->text == "deep");

  const auto& pip = rs[3];
  CHECK(pip.nested_parent == -1);
  CHECK(pip.loop.kind == model::Loop::Kind::Count);
  CHECK(pip.loop.copy_name == "pipLoop");
  REQUIRE(pip.loop.source);
  CHECK(pip.loop.source->text == "parameters");
  CHECK(slice(*p, pip.loop.range).substr(0, 9) == "{ \"name\":");
  REQUIRE(pip.scope);
  CHECK(pip.scope->text == "format");

  // No name: the header is the type.
  CHECK(slice(*p, rs[4].header_range) == "\"Microsoft.Insights/diagnosticSettings\"");
}

TEST_CASE("languageVersion 2.0 symbolic resources", "[arm][lower]") {
  const std::string text = std::string(R"({
  "$schema": ")") + kSchema + R"(",
  "languageVersion": "2.0",
  "resources": {
    "vnet": { "type": "Microsoft.Network/virtualNetworks", "apiVersion": "2024-05-01", "name": "vnet", "existing": true },
    "gw": {
      "type": "Microsoft.Network/virtualNetworkGateways",
      "apiVersion": "2024-05-01",
      "name": "gw",
      "dependsOn": ["vnet"]
    }
  }
})";
  auto p = parse_text(text);
  REQUIRE(p->tpl.problems.empty());
  REQUIRE(p->tpl.resources.size() == 2);
  CHECK(p->tpl.resources[0].symbol == "vnet");
  CHECK(p->tpl.resources[0].existing);
  CHECK(p->tpl.resources[1].symbol == "gw");
  CHECK_FALSE(p->tpl.resources[1].existing);
  CHECK(p->tpl.resources[1].name->text == "gw");
}

TEST_CASE("user-defined functions", "[arm][lower]") {
  const std::string text = R"({
  "functions": [{
    "namespace": "contoso",
    "members": {
      "uniqueName": {
        "parameters": [{ "name": "namePrefix", "type": "string" }],
        "output": { "type": "string", "value": "[concat(toLower(parameters('namePrefix')), uniqueString(resourceGroup().id))]" }
      }
    }
  }],
  "resources": []
})";
  auto p = parse_text(text);
  REQUIRE(p->tpl.problems.empty());
  REQUIRE(p->tpl.functions.size() == 1);
  const auto& f = p->tpl.functions[0];
  CHECK(f.name == "contoso.uniqueName");
  REQUIRE(f.params.size() == 1);
  CHECK(f.params[0] == "namePrefix");
  REQUIRE(f.body);
  CHECK(f.body->text == "concat");
}

TEST_CASE("parameter files: values stay literal, Key Vault references become calls", "[arm][lower]") {
  const std::string text = R"({
  "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentParameters.json#",
  "contentVersion": "1.0.0.0",
  "parameters": {
    "vnetName": { "value": "hub-vnet" },
    "looksLikeExpression": { "value": "[not evaluated]" },
    "prefixes": { "value": ["10.0.0.0/16"] },
    "sharedKey": {
      "reference": {
        "keyVault": { "id": "/subscriptions/0000/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv" },
        "secretName": "er-shared-key",
        "secretVersion": "abc"
      }
    },
    "metadataOnly": { "metadata": {} }
  }
})";
  auto p = parse_text(text, FileKind::ArmParameters);
  REQUIRE(p->tpl.problems.empty());
  const Template& t = p->tpl;
  CHECK(t.language == model::Language::ArmParameters);
  REQUIRE(t.parameter_values.size() == 4);
  CHECK(t.parameter_values[0].first == "vnetName");
  CHECK(t.parameter_values[0].second->text == "hub-vnet");
  CHECK(t.parameter_values[1].second->kind == ExprKind::String);
  CHECK(t.parameter_values[1].second->text == "[not evaluated]");
  CHECK(t.parameter_values[2].second->kind == ExprKind::Array);
  const auto& kv = t.parameter_values[3].second;
  CHECK(t.parameter_values[3].first == "sharedKey");
  REQUIRE(kv->kind == ExprKind::Call);
  CHECK(kv->text == "erlint.keyVaultReference");
  REQUIRE(kv->items.size() == 3);
  CHECK(kv->items[0]->text == "/subscriptions/0000/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv");
  CHECK(kv->items[1]->text == "er-shared-key");
  CHECK(kv->items[2]->text == "abc");
  CHECK(p->at(kv->range.begin).line == 8);
  CHECK(t.parameters.empty());
  CHECK(t.resources.empty());
}

TEST_CASE("an unnamed copyIndex() in a property copy of a resource copy names the resource loop", "[arm][lower][copy]") {
  const std::string text = std::string(R"({
  "$schema": ")") + kSchema + R"(",
  "resources": [{
    "copy": {"name": "vnet", "count": 3},
    "type": "Microsoft.Network/virtualNetworks",
    "name": "[format('vnet-{0}', copyIndex())]",
    "properties": {
      "copy": [{"name": "subnets", "count": 4, "input": {"name": "[format('s-{0}-{1}', copyIndex(1), copyIndex('subnets'))]"}}]
    }
  }, {
    "type": "Microsoft.Network/virtualNetworks",
    "name": "single",
    "properties": {
      "copy": [{"name": "subnets", "count": 4, "input": {"name": "[format('s-{0}', copyIndex())]"}}]
    }
  }]
})";
  auto p = parse_text(text);
  REQUIRE(p->tpl.problems.empty());
  REQUIRE(p->tpl.resources.size() == 2);
  const auto& vnet = p->tpl.resources[0];
  CHECK(vnet.name->items.at(1)->items.empty());  // the resource's own name: copyIndex() as written
  const auto& spec = entry(entry(vnet.body, "properties").value, "copy").value->items.at(0);
  const ExprPtr& name = entry(entry(spec, "input").value, "name").value;
  REQUIRE(name->kind == ExprKind::Call);
  const ExprPtr& outer = name->items.at(1);
  REQUIRE(outer->items.size() == 2);
  CHECK(outer->items[0]->text == "vnet");
  CHECK(outer->items[1]->number == 1);
  const ExprPtr& inner = name->items.at(2);
  REQUIRE(inner->items.size() == 1);
  CHECK(inner->items[0]->text == "subnets");
  // Without a resource loop there is nothing to name.
  const auto& single = entry(entry(p->tpl.resources[1].body, "properties").value, "copy").value->items.at(0);
  CHECK(entry(entry(single, "input").value, "name").value->items.at(1)->items.empty());
}

TEST_CASE("an inline nested template can be lowered on its own", "[arm][lower]") {
  const std::string text = std::string(R"({
  "$schema": ")") + kSchema + R"(",
  "resources": [{
    "type": "Microsoft.Resources/deployments",
    "apiVersion": "2022-09-01",
    "name": "nested",
    "properties": {
      "mode": "Incremental",
      "template": {
        "$schema": "https://schema.management.azure.com/schemas/2018-05-01/subscriptionDeploymentTemplate.json#",
        "resources": [{ "type": "Microsoft.Network/routeTables", "name": "rt", "apiVersion": "2024-05-01" }]
      }
    }
  }]
})";
  auto p = parse_text(text);
  REQUIRE(p->tpl.problems.empty());
  REQUIRE(p->tpl.resources.size() == 1);  // the nested template's resources are not the file's
  const auto& inner = entry(entry(p->tpl.resources[0].body, "properties").value, "template").value;
  Template nested = parse::lower_arm_template(inner, p->file->id(), "test.json", model::Language::Arm);
  CHECK(nested.target_scope == "subscription");
  REQUIRE(nested.resources.size() == 1);
  CHECK(nested.resources[0].name->text == "rt");
  CHECK(p->at(nested.resources[0].range.begin).line == 11);
}

TEST_CASE("syntax errors are located and reading recovers", "[arm][errors]") {
  SECTION("missing comma between members") {
    auto p = parse_text("{\n  \"variables\": {\n    \"a\": 1\n    \"b\": 2,\n    \"c\": 3\n  }\n}\n");
    REQUIRE(p->tpl.problems.size() == 1);
    const auto& problem = p->tpl.problems[0];
    CHECK(problem.code == ErrorCode::Syntax);
    CHECK(p->at(problem.range.begin).line == 4);
    CHECK(p->at(problem.range.begin).column == 5);
    CHECK(problem.message.find("expected ','") != std::string::npos);
    REQUIRE(p->tpl.variables.size() == 3);  // nothing lost
    CHECK(p->tpl.variables[2].name == "c");
  }
  SECTION("a bad member is skipped, the next ones are kept") {
    auto p = parse_text("{\n  \"variables\": {\n    \"a\": 1,\n    \"b\": @oops!,\n    \"c\": [1, 2]\n  }\n}\n");
    REQUIRE(p->tpl.problems.size() == 1);
    CHECK(p->at(p->tpl.problems[0].range.begin).line == 4);
    CHECK(p->at(p->tpl.problems[0].range.begin).column == 10);
    REQUIRE(p->tpl.variables.size() == 3);
    CHECK(p->tpl.variables[1].value->kind == ExprKind::Error);
    CHECK(p->tpl.variables[2].value->items.size() == 2);
  }
  SECTION("unquoted placeholder value") {
    auto p = parse_text("{\n  \"resources\": [\n    resource-group-resources\n  ],\n  \"outputs\": {}\n}");
    REQUIRE(p->tpl.problems.size() == 1);
    CHECK(p->at(p->tpl.problems[0].range.begin).line == 3);
    CHECK(slice(*p, p->tpl.problems[0].range) == "resource-group-resources");
  }
  SECTION("missing colon") {
    auto p = parse_text("{\"variables\": {\"a\" 1, \"b\": 2}}");
    REQUIRE(p->tpl.problems.size() == 1);
    CHECK(p->tpl.problems[0].range.begin == 19u);
    CHECK(p->tpl.variables.size() == 2);
  }
  SECTION("unclosed object at end of file keeps what was read") {
    auto p = parse_text("{\n  \"variables\": {\n    \"a\": 1,\n    \"b\": [1, 2\n");
    REQUIRE(p->tpl.problems.size() >= 1);
    CHECK(p->tpl.problems[0].range.begin == p->file->text().size());
    CHECK(p->tpl.problems[0].message.find("opened on line") != std::string::npos);
    REQUIRE(p->tpl.variables.size() == 2);
    CHECK(p->tpl.variables[1].value->items.size() == 2);
  }
  SECTION("a string may span lines; one left open at the end of the file ends at its line") {
    auto spanning = parse_text("{\"variables\": {\"a\": \"line one\n  line two\", \"b\": 2}}");
    CHECK(spanning->tpl.problems.empty());
    CHECK(spanning->tpl.variables[0].value->text == "line one\n  line two");

    auto p = parse_text("{\n  \"variables\": {\n    \"a\": 1,\n    \"b\": \"oops\n  }\n}\n");
    REQUIRE(p->tpl.problems.size() == 1);
    CHECK(p->at(p->tpl.problems[0].range.begin).line == 4);
    CHECK(p->at(p->tpl.problems[0].range.begin).column == 10);
    CHECK(p->tpl.problems[0].message == "unterminated string");
    REQUIRE(p->tpl.variables.size() == 2);
    CHECK(p->tpl.variables[1].value->text == "oops");
  }
  SECTION("invalid escape and invalid number") {
    auto p = parse_text(R"({"variables": {"a": "x\qy", "b": 1.2.3}})");
    REQUIRE(p->tpl.problems.size() == 2);
    CHECK(p->tpl.problems[0].message.find("escape") != std::string::npos);
    CHECK(p->tpl.problems[0].range.begin == 22u);
    CHECK(p->tpl.problems[1].message.find("invalid number") != std::string::npos);
    CHECK(p->tpl.variables[0].value->text == "xqy");
  }
  SECTION("content after the document") {
    auto p = parse_text("{} {}");
    REQUIRE(p->tpl.problems.size() == 1);
    CHECK(p->tpl.problems[0].range.begin == 3u);
  }
  SECTION("an expression error inside a valid file") {
    auto p = parse_text("{\"variables\": {\"a\": \"[concat('a' 'b')]\"}}");
    REQUIRE(p->tpl.problems.size() == 1);
    CHECK(p->tpl.problems[0].range.begin == 33u);  // at 'b'
    CHECK(p->tpl.variables[0].value->kind == ExprKind::Error);
  }
  SECTION("not an object") {
    auto p = parse_text("[1, 2]");
    REQUIRE(p->tpl.problems.size() == 1);
    CHECK(p->tpl.problems[0].message.find("must be a JSON object") != std::string::npos);
  }
  SECTION("empty and garbage files never throw") {
    CHECK(parse_text("")->tpl.problems.size() == 1);
    CHECK(parse_text("   // only a comment\n")->tpl.problems.size() == 1);
    std::string garbage;
    for (int i = 0; i < 20000; ++i) garbage += static_cast<char>((i * 7919) % 256);
    auto p = parse_text(garbage);
    CHECK_FALSE(p->tpl.problems.empty());
    CHECK(p->tpl.problems.size() <= 102);
    for (const auto& problem : p->tpl.problems) CHECK(problem.range.end <= p->file->text().size());
  }
}

TEST_CASE("a 100,000-deep array is cut off at the depth limit without using the stack", "[arm][limits]") {
  std::string text = "{\"variables\": {\"deep\": ";
  text += std::string(100000, '[');
  text += "1";
  text += std::string(100000, ']');
  text += ", \"after\": \"still read\"}}";
  const auto start = std::chrono::steady_clock::now();
  auto p = parse_text(text);
  const auto elapsed = std::chrono::steady_clock::now() - start;
  CHECK(elapsed < std::chrono::seconds(2));
  REQUIRE(p->count(ErrorCode::Limit) == 1);
  CHECK(p->count(ErrorCode::Syntax) == 0);
  CHECK(p->tpl.truncated);
  REQUIRE(p->tpl.variables.size() == 2);
  // The first 256 - 2 levels (root object and "variables") are kept, the rest is one Error.
  ExprPtr node = p->tpl.variables[0].value;
  int levels = 0;
  while (node->kind == ExprKind::Array) {
    REQUIRE(node->items.size() == 1);
    node = node->items[0];
    ++levels;
  }
  CHECK(levels == 254);
  CHECK(node->kind == ExprKind::Error);
  CHECK(p->tpl.variables[1].value->text == "still read");

  // The limit follows the options.
  parse::ParseOptions shallow;
  shallow.max_nesting_depth = 3;
  auto q = parse_text("{\"a\": {\"b\": {\"c\": {}}}}", FileKind::ArmTemplate, shallow);
  CHECK(q->count(ErrorCode::Limit) == 1);

  // Whatever the options ask for, the reader never recurses past kMaxJsonDepthCeiling.
  parse::ParseOptions unlimited;
  unlimited.max_nesting_depth = 1000000;
  auto u = parse_text(std::string(100000, '[') + std::string(100000, ']'), FileKind::ArmTemplate, unlimited);
  CHECK(u->count(ErrorCode::Limit) == 1);
  for (const auto& problem : u->tpl.problems)
    if (problem.code == ErrorCode::Limit)
      CHECK(problem.message.find(std::to_string(parse::kMaxJsonDepthCeiling)) != std::string::npos);

  // Unclosed and too deep: one limit, one syntax error, no crash.
  auto r = parse_text(std::string(100000, '['));
  CHECK(r->count(ErrorCode::Limit) == 1);
  CHECK(r->count(ErrorCode::Syntax) >= 1);
}
