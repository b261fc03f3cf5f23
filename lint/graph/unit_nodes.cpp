// Turns the evaluated resource instances of a unit into graph nodes in ARM shape: Bicep and ARM
// bodies are already ARM-shaped; Terraform azurerm blocks go through the provider mapping and
// azapi resources through their `type` and `body`.
#include <fmt/format.h>

#include "eval/functions.hpp"
#include "graph/build_session.hpp"
#include "graph/resource_id.hpp"
#include "graph/unit_scope.hpp"
#include "support/strings.hpp"

namespace erlint::graph {

using model::Language;

namespace {

// What a node keeps of a value that names another resource (`scope`, `parent`, `dependsOn`): in
// Bicep such a value is the whole referenced resource, body and all, while the graph only ever
// resolves it (by its resource key, else its id). Keeping just the id keeps the graph small.
Value reference_only(const Value& value) {
  if (value.is_array()) {
    Value array = Value::array({}, value.range);
    array.origin = value.origin;
    array.resource_key = value.resource_key;
    for (const Value& item : value.items) array.items.push_back(reference_only(item));
    return array;
  }
  if (!value.is_object() || (value.resource_key.empty() && !value.get("id"))) return value;
  Value reference = Value::object({}, value.range);
  reference.origin = value.origin;
  reference.origin_name = value.origin_name;
  reference.resource_key = value.resource_key;
  if (const Value* id = value.get("id")) reference.set("id", *id);
  return reference;
}

Value lower_azurerm(const ResourceMapping& mapping, const Value& block) {
  Value body = Value::object({}, block.range);
  for (const PropertyMapping& property : mapping.properties)
    if (auto v = map_property(property, block)) set_path(body, property.target, std::move(*v));
  for (const BlockMapping& blocks : mapping.blocks) {
    const Value* found = block.get(blocks.block);
    if (!found) continue;
    if (found->is_unknown()) {
      set_path(body, blocks.into, *found);
      continue;
    }
    if (!found->is_array()) continue;
    Value array = Value::array({}, found->range);
    for (const Value& item : found->items) {
      if (item.is_unknown()) {
        array = item;  // a dynamic block over an unknown collection
        break;
      }
      Value lowered = Value::object({}, item.range);
      for (const PropertyMapping& property : blocks.properties)
        if (auto v = map_property(property, item)) set_path(lowered, property.target, std::move(*v));
      array.items.push_back(std::move(lowered));
    }
    set_path(body, blocks.into, std::move(array));
  }
  return body;
}

// azapi identity { type = "UserAssigned", identity_ids = [...] } -> ARM identity.
Value azapi_identity(const Value& identity_blocks) {
  const Value& block = identity_blocks.is_array() && !identity_blocks.items.empty() ? identity_blocks.items.front() : identity_blocks;
  Value identity = Value::object({}, block.range);
  if (const Value* type = block.get("type")) identity.set("type", *type);
  if (const Value* ids = block.get("identity_ids")) {
    if (ids->is_array()) {
      Value assigned = Value::object({}, ids->range);
      for (const Value& id : ids->items) assigned.set(eval::to_text(id).value_or("<unknown>"), Value::object({}, id.range));
      identity.set("userAssignedIdentities", assigned);
    } else {
      identity.set("userAssignedIdentities", *ids);
    }
  }
  return identity;
}

}  // namespace

void UnitScope::emit_nodes() {
  for (auto& decl : decls_) {
    expand(decl);
    for (auto& instance : decl.instances) {
      evaluate_instance(instance);
      if (instance.condition && !*instance.condition) continue;  // not deployed
      const model::ResourceDecl& r = *instance.decl;
      ResourceNode node;
      node.key = instance.key;
      node.language = instance.file->language;
      node.symbol = r.symbol;
      node.path = instance.file->path;
      node.range = r.range;
      node.header_range = r.header_range;
      node.existing = r.existing;
      node.erlint_ignores = r.erlint_ignores;
      node.analysed_completely = !instance.loop_unknown && !representative_;
      node.maybe_absent = !instance.condition.has_value() || maybe_absent_;
      node.provider_type = r.provider_type;
      node.type = instance.type;
      node.full_name = instance.full_name;

      if (dialect_ == eval::Dialect::Terraform) {
        const Value& block = instance.body;
        if (r.provider_type == "azapi_resource" || r.provider_type == "azapi_update_resource") {
          Value body = Value::object({}, block.range);
          if (const Value* b = block.get("body")) {
            if (b->is_object()) body = *b;
            else if (b->is_unknown()) body.set("properties", *b);
          }
          if (const Value* identity = block.get("identity")) body.set("identity", azapi_identity(*identity));
          if (const Value* parent_id = block.get("parent_id")) {
            node.scope = *parent_id;
            if (auto parsed = parent_id->is_string() ? parse_resource_id(parent_id->text) : std::nullopt;
                parsed && instance.own_name.is_string() && istarts_with(node.type, parsed->type + "/"))
              node.full_name = parsed->full_name + "/" + instance.own_name.text;
          }
          node.body = std::move(body);
        } else if (const ResourceMapping* mapping = session_.input.azurerm ? session_.input.azurerm->find(r.provider_type) : nullptr) {
          if (!mapping->association_target.empty()) {
            PendingAssociation association;
            association.association_key = node.key;
            if (const Value* target = block.get(mapping->association_target)) association.target = *target;
            for (const PropertyMapping& set : mapping->association_sets)
              if (auto v = map_property(set, block)) association.values.emplace_back(set.target, std::move(*v));
            session_.associations.push_back(std::move(association));
            continue;
          }
          node.type = mapping->arm_type;
          node.body = lower_azurerm(*mapping, block);
          Value name = block.get(mapping->name_attribute) ? *block.get(mapping->name_attribute) : Value::unknown("no name");
          node.full_name.clear();
          if (name.is_string()) {
            node.full_name = name.text;
            if (!mapping->parent_name_attribute.empty()) {
              const Value* parent = block.get(mapping->parent_name_attribute);
              node.full_name = parent && parent->is_string() ? parent->text + "/" + name.text : std::string();
            }
          }
          instance.own_name = name;
          if (!mapping->scope_attribute.empty())
            if (const Value* scope = block.get(mapping->scope_attribute)) node.scope = *scope;
        } else {
          node.type = r.provider_type;  // not mapped: visible to references, not to ARM-shaped rules
          node.body = block;
        }
      } else {
        node.body = instance.body.is_object() ? instance.body : Value::object({}, r.range);
        for (std::string_view link : {"scope", "parent", "dependsOn"})
          if (Value* value = node.body.get_mutable(link)) *value = reference_only(*value);
        if (r.scope) {
          node.scope = reference_only(evaluate_in_instance(r.scope, instance));
        } else if (const Value* scope = node.body.get("scope")) {
          node.scope = *scope;
        }
        // Legacy extension form: type ".../providers/diagnosticSettings", name "circuit/Microsoft.Insights/x".
        std::string lowered = to_lower(node.type);
        std::size_t providers = lowered.find("/providers/");
        if (providers != std::string::npos && !node.full_name.empty()) {
          std::string target_type = node.type.substr(0, providers);
          std::string extension = node.type.substr(providers + 11);  // "diagnosticSettings" or "Microsoft.Insights/diagnosticSettings"
          auto names = split(node.full_name, '/');
          std::size_t target_segments = split(target_type, '/').size() - 1;
          std::vector<std::string> target_names;
          for (std::size_t i = 0; i < target_segments && i < names.size(); ++i) target_names.emplace_back(names[i]);
          std::string ns = names.size() > target_segments ? std::string(names[target_segments]) : std::string();
          node.scope = Value::string_value(eval::build_resource_id(target_type, target_names), r.header_range);
          node.type = extension.find('/') == std::string::npos ? ns + "/" + extension : extension;
          node.full_name = std::string(names.back());
        }
      }
      node.body.set("name", instance.own_name);
      node.body.set("type", Value::string_value(node.type, r.header_range));
      session_.add_node(std::move(node));
    }
  }
  for (auto& module : modules_) evaluate_module(module);
  emit_nested_deployments();
  emit_output_nodes();
}

void UnitScope::emit_nested_deployments() {
  if (dialect_ != eval::Dialect::Arm) return;
  for (auto& decl : decls_) {
    const model::ResourceDecl& r = decl.file->resources[decl.index];
    if (!r.type || r.type->kind != model::ExprKind::String || !iequals(r.type->text, "Microsoft.Resources/deployments")) continue;
    for (auto& instance : decl.instances) {
      if (instance.condition && !*instance.condition) continue;
      const Value* properties = instance.body.get("properties");
      if (!properties || !properties->is_object()) continue;
      std::vector<const model::Template*> files;
      if (r.nested_template) {
        files.push_back(r.nested_template.get());
      } else if (const Value* link = properties->at_path("templateLink.relativePath"); link && link->is_string()) {
        files = session_.module_files(*decl.file, link->text);
      }
      if (files.empty()) continue;
      if (is_on_call_chain(files)) {
        session_.errors.push_back({ErrorCode::Limit, decl.file->path, 0, 0, 0, 0, "a linked template deploys itself (recursion); not expanded again"});
        continue;
      }
      if (depth_ + 1 > session_.input.max_module_depth || session_.module_instances >= session_.input.max_module_instances) {
        session_.errors.push_back({ErrorCode::Limit, decl.file->path, 0, 0, 0, 0,
                                   fmt::format("nested deployments over max_module_depth ({}) or max_module_instances ({})",
                                               session_.input.max_module_depth, session_.input.max_module_instances)});
        continue;
      }
      ++session_.module_instances;
      // Inner scope: the nested template has its own parameters, given in properties.parameters.
      // Outer scope (ARM's default for inline templates): it sees the parent's parameters and variables.
      const Value* scope = properties->at_path("expressionEvaluationOptions.scope");
      bool inner = !r.nested_template || (scope && scope->is_string() && iequals(scope->text, "inner"));
      std::map<std::string, Value> inputs;
      if (const Value* given = properties->get("parameters"); inner && given && given->is_object())
        for (const auto& m : given->members) {
          if (const Value* v = m.value.get("value")) inputs.emplace(m.key, *v);
          else if (m.value.get("reference")) {
            Value secret = Value::unknown("a Key Vault reference", m.value.range);
            secret.origin = model::kOriginSecure;
            inputs.emplace(m.key, secret);
          }
        }
      UnitScope unit(session_, files, std::move(inputs), instance.key + ">", depth_ + 1, inner ? nullptr : this, this);
      unit.maybe_absent_ = maybe_absent_ || !instance.condition.has_value();
      unit.representative_ = representative_ || instance.loop_unknown;
      unit.emit_nodes();  // its nodes are kept; the unit's evaluated bodies and caches go
    }
  }
}

// Outputs become nodes of the pseudo type `Erlint.Template/outputs`, so that rules can judge what a
// template hands back (ER-IM-006): properties.value (evaluated), properties.secure and
// properties.expression (the source text of the value, in whichever language).
void UnitScope::emit_output_nodes() {
  Value values = outputs();
  for (const model::Template* file : files_)
    for (std::size_t i = 0; i < file->outputs.size(); ++i) {
      const model::Output& output = file->outputs[i];
      ResourceNode node;
      node.key = fmt::format("{}{}#output:{}", key_prefix_, file->path, output.name);
      node.type = "Erlint.Template/outputs";
      node.full_name = output.name;
      node.language = file->language;
      node.symbol = output.name;
      node.path = file->path;
      node.range = output.range;
      node.maybe_absent = maybe_absent_;
      node.header_range = output.value ? output.value->range : output.range;
      Value body = Value::object({}, output.range);
      body.set("name", Value::string_value(output.name, output.range));
      body.set("type", Value::string_value(node.type, output.range));
      Value properties = Value::object({}, output.range);
      properties.set("secure", Value::boolean_value(output.secure, output.range));
      if (output.value && session_.input.text_of)
        properties.set("expression", Value::string_value(std::string(session_.input.text_of(output.value->range)), output.value->range));
      // The value itself, when it is a single value; an object or array output (often a whole
      // resource or template) is not kept: no rule reads it, and it would be a large copy.
      if (const Value* v = values.get(output.name); v && !v->is_object() && !v->is_array()) properties.set("value", *v);
      body.set("properties", std::move(properties));
      node.body = std::move(body);
      session_.add_node(std::move(node));
    }
}

}  // namespace erlint::graph
