// Lowers the JSON object of an ARM deployment template into model::Template: parameters,
// variables, user-defined functions, resources (nested and languageVersion 2.0 symbolic ones
// included) and outputs. Shapes that are not what ARM expects are skipped quietly: the JSON was
// read fine, and judging template schemas is the job of rules, not of the front end.
#include <algorithm>
#include <memory>
#include <string>
#include <utility>

#include "parse/arm/arm_lowering_util.hpp"
#include "support/strings.hpp"

namespace erlint::parse::arm_detail {

namespace {

using model::Expr;
using model::ExprKind;
using model::ExprPtr;

// "$schema" decides where the template deploys; the scope names are those Bicep's targetScope uses.
std::string scope_from_schema(std::string_view schema) {
  const std::string lowered = to_lower(schema);
  if (lowered.find("subscriptiondeploymenttemplate") != std::string::npos) return "subscription";
  if (lowered.find("managementgroupdeploymenttemplate") != std::string::npos) return "managementGroup";
  if (lowered.find("tenantdeploymenttemplate") != std::string::npos) return "tenant";
  if (lowered.find("deploymenttemplate") != std::string::npos) return "resourceGroup";
  return {};
}

bool is_secure_type(std::string_view type) { return iequals(type, "securestring") || iequals(type, "secureobject"); }

// An ARM copy loop (`{"name": n, "count": c, "input": x}`) as a For expr; see arm_frontend.hpp.
ExprPtr make_copy_for(const ExprPtr& copy_object, std::string copy_name) {
  auto loop = std::make_shared<Expr>();
  loop->kind = ExprKind::For;
  loop->range = copy_object->range;
  loop->text = "copy";
  loop->details().index_name = std::move(copy_name);
  ExprPtr count = member_or_null(copy_object, "count");
  ExprPtr input = member_or_null(copy_object, "input");
  loop->items.push_back(count ? count : model::make_error("copy without count", copy_object->range));
  loop->items.push_back(input ? input : model::make_error("copy without input", copy_object->range));
  return loop;
}

// Inside a property iteration ("copy": [{"name": "subnets", "count": n, "input": {...}}]) of a
// resource copy loop, an unnamed copyIndex() is the resource's index: the property loop's own
// index needs its name, copyIndex('subnets'). Bicep compiles a `for` nested in a resource loop so
// (`range(0, 3)[copyIndex()]` beside `range(0, 4)[copyIndex('subnets')]`). Such calls get the
// resource loop's name, so that the evaluator does not read the innermost (property) loop instead.
// Returns `expr` itself when nothing changes; changed nodes are copies (the tree is shared).
ExprPtr name_resource_copy_index(const ExprPtr& expr, const std::string& copy_name, bool in_property_copy) {
  if (!expr) return expr;
  std::shared_ptr<Expr> changed;
  auto change = [&]() -> Expr& {
    if (!changed) changed = std::make_shared<Expr>(*expr);
    return *changed;
  };
  if (in_property_copy && expr->kind == ExprKind::Call && iequals(expr->text, "copyIndex") && !expr->receiver() &&
      std::all_of(expr->items.begin(), expr->items.end(), [](const ExprPtr& a) { return is_kind(a, ExprKind::Number); })) {
    Expr& call = change();
    call.items.insert(call.items.begin(), model::make_string(copy_name, expr->range));
    return changed;
  }
  for (std::size_t i = 0; i < expr->items.size(); ++i) {
    ExprPtr item = name_resource_copy_index(expr->items[i], copy_name, in_property_copy);
    if (item != expr->items[i]) change().items[i] = std::move(item);
  }
  for (std::size_t i = 0; i < expr->entries.size(); ++i) {
    const model::ObjectEntry& entry = expr->entries[i];
    // A nested deployment's inline template has loops of its own.
    if (expr->kind == ExprKind::Object && iequals(entry.key, "template") && member(entry.value, "resources")) continue;
    ExprPtr value;
    if (expr->kind == ExprKind::Object && iequals(entry.key, "copy") && is_kind(entry.value, ExprKind::Array)) {
      value = entry.value;
      for (std::size_t j = 0; j < entry.value->items.size(); ++j) {
        const ExprPtr& spec = entry.value->items[j];
        if (!is_kind(spec, ExprKind::Object)) continue;
        ExprPtr rewritten = spec;
        for (std::size_t k = 0; k < spec->entries.size(); ++k) {
          bool input = iequals(spec->entries[k].key, "input");
          ExprPtr v = name_resource_copy_index(spec->entries[k].value, copy_name, in_property_copy || input);
          if (v == spec->entries[k].value) continue;
          if (rewritten == spec) rewritten = std::make_shared<Expr>(*spec);
          std::const_pointer_cast<Expr>(rewritten)->entries[k].value = std::move(v);
        }
        if (rewritten == spec) continue;
        if (value == entry.value) value = std::make_shared<Expr>(*entry.value);
        std::const_pointer_cast<Expr>(value)->items[j] = std::move(rewritten);
      }
    } else {
      value = name_resource_copy_index(entry.value, copy_name, in_property_copy);
    }
    if (value != entry.value) change().entries[i].value = std::move(value);
  }
  return changed ? ExprPtr(changed) : expr;
}

void lower_parameters(const ExprPtr& parameters, model::Template& out) {
  if (!is_kind(parameters, ExprKind::Object)) return;
  for (const auto& entry : parameters->entries) {
    model::Parameter parameter;
    parameter.name = entry.key;
    parameter.range = declaration_range(entry);
    parameter.type = std::string(literal_text(member_or_null(entry.value, "type")));
    parameter.secure = is_secure_type(parameter.type);
    parameter.default_value = member_or_null(entry.value, "defaultValue");
    parameter.allowed_values = member_or_null(entry.value, "allowedValues");
    out.parameters.push_back(std::move(parameter));
  }
}

void lower_variables(const ExprPtr& variables, model::Template& out) {
  if (!is_kind(variables, ExprKind::Object)) return;
  for (const auto& entry : variables->entries) {
    // "copy": [{name, count, input}, ...] declares one array variable per element.
    if (iequals(entry.key, "copy") && is_kind(entry.value, ExprKind::Array)) {
      for (const auto& element : entry.value->items) {
        if (!is_kind(element, ExprKind::Object)) continue;
        model::Variable variable;
        variable.name = std::string(literal_text(member_or_null(element, "name")));
        variable.range = element->range;
        variable.value = make_copy_for(element, variable.name);
        variable.is_copy = true;
        out.variables.push_back(std::move(variable));
      }
      continue;
    }
    model::Variable variable;
    variable.name = entry.key;
    variable.range = declaration_range(entry);
    variable.value = entry.value;
    out.variables.push_back(std::move(variable));
  }
}

void lower_outputs(const ExprPtr& outputs, model::Template& out) {
  if (!is_kind(outputs, ExprKind::Object)) return;
  for (const auto& entry : outputs->entries) {
    model::Output output;
    output.name = entry.key;
    output.range = declaration_range(entry);
    output.type = std::string(literal_text(member_or_null(entry.value, "type")));
    output.secure = is_secure_type(output.type);
    const ExprPtr copy = member_or_null(entry.value, "copy");
    output.value = is_kind(copy, ExprKind::Object) ? make_copy_for(copy, "") : member_or_null(entry.value, "value");
    out.outputs.push_back(std::move(output));
  }
}

// "functions": [{ "namespace": ns, "members": { name: { "parameters": [{name, type}], "output": {type, value} } } }]
void lower_functions(const ExprPtr& functions, model::Template& out) {
  if (!is_kind(functions, ExprKind::Array)) return;
  for (const auto& group : functions->items) {
    const std::string_view namespace_name = literal_text(member_or_null(group, "namespace"));
    const ExprPtr members = member_or_null(group, "members");
    if (!is_kind(members, ExprKind::Object)) continue;
    for (const auto& entry : members->entries) {
      model::Function function;
      function.name = std::string(namespace_name) + "." + entry.key;
      function.range = declaration_range(entry);
      const ExprPtr params = member_or_null(entry.value, "parameters");
      if (is_kind(params, ExprKind::Array))
        for (const auto& param : params->items) function.params.emplace_back(literal_text(member_or_null(param, "name")));
      function.body = member_or_null(member_or_null(entry.value, "output"), "value");
      out.functions.push_back(std::move(function));
    }
  }
}

std::vector<std::string> erlint_ignores(const ExprPtr& resource) {
  std::vector<std::string> ignores;
  const ExprPtr list = member_or_null(member_or_null(resource, "metadata"), "erlint-ignore");
  if (is_kind(list, ExprKind::String)) ignores.push_back(list->text);
  if (is_kind(list, ExprKind::Array))
    for (const auto& item : list->items)
      if (is_kind(item, ExprKind::String)) ignores.push_back(item->text);
  return ignores;
}

void lower_resource_collection(const ExprPtr& resources, int parent, model::Template& out);

}  // namespace

void lower_template_into(const ExprPtr& root, model::Template& out);

namespace {

void lower_resource(const ExprPtr& object, std::string symbol, int parent, model::Template& out) {
  if (!is_kind(object, ExprKind::Object)) return;
  model::ResourceDecl resource;
  resource.symbol = std::move(symbol);
  resource.body = object;
  if (const ExprPtr copy = member_or_null(object, "copy"); is_kind(copy, ExprKind::Object)) {
    // The resource's properties (not its nested child resources, nor its own copy) may hold
    // property iterations whose unnamed copyIndex() is this loop's.
    std::string copy_name(literal_text(member_or_null(copy, "name")));
    if (!copy_name.empty()) {
      std::shared_ptr<Expr> body;
      for (std::size_t i = 0; i < object->entries.size(); ++i) {
        const model::ObjectEntry& entry = object->entries[i];
        if (iequals(entry.key, "resources") || iequals(entry.key, "copy")) continue;
        ExprPtr value = name_resource_copy_index(entry.value, copy_name, false);
        if (value == entry.value) continue;
        if (!body) body = std::make_shared<Expr>(*object);
        body->entries[i].value = std::move(value);
      }
      if (body) resource.body = body;
    }
  }
  resource.range = object->range;
  resource.nested_parent = parent;
  resource.type = member_or_null(object, "type");
  resource.name = member_or_null(object, "name");
  resource.api_version = std::string(literal_text(member_or_null(object, "apiVersion")));
  resource.condition = member_or_null(object, "condition");
  resource.scope = member_or_null(object, "scope");
  const ExprPtr existing = member_or_null(object, "existing");
  resource.existing = is_kind(existing, ExprKind::Bool) && existing->boolean;
  resource.header_range = resource.name   ? resource.name->range
                          : resource.type ? resource.type->range
                                          : object->range;

  const ExprPtr copy = member_or_null(object, "copy");
  if (is_kind(copy, ExprKind::Object)) {
    resource.loop.kind = model::Loop::Kind::Count;
    resource.loop.source = member_or_null(copy, "count");
    resource.loop.copy_name = std::string(literal_text(member_or_null(copy, "name")));
    resource.loop.range = copy->range;
  }
  resource.erlint_ignores = erlint_ignores(object);
  if (iequals(literal_text(resource.type), "Microsoft.Resources/deployments")) {
    // A nested deployment's inline template is lowered like a template of its own.
    const ExprPtr properties = member_or_null(object, "properties");
    const ExprPtr inner = is_kind(properties, ExprKind::Object) ? member_or_null(properties, "template") : nullptr;
    if (is_kind(inner, ExprKind::Object)) {
      auto nested = std::make_shared<model::Template>();
      nested->file = out.file;
      nested->path = out.path;
      nested->language = out.language;
      lower_template_into(inner, *nested);
      resource.nested_template = std::move(nested);
    }
  }

  const int index = static_cast<int>(out.resources.size());
  out.resources.push_back(std::move(resource));
  lower_resource_collection(member_or_null(object, "resources"), index, out);
}

// A `resources` value: an array (classic) or an object keyed by symbolic name (languageVersion 2.0).
void lower_resource_collection(const ExprPtr& resources, int parent, model::Template& out) {
  if (is_kind(resources, ExprKind::Array)) {
    for (const auto& item : resources->items) lower_resource(item, "", parent, out);
  } else if (is_kind(resources, ExprKind::Object)) {
    for (const auto& entry : resources->entries) lower_resource(entry.value, entry.key, parent, out);
  }
}

}  // namespace

void lower_template_into(const ExprPtr& root, model::Template& out) {
  if (!is_kind(root, ExprKind::Object)) return;
  out.target_scope = scope_from_schema(literal_text(member_or_null(root, "$schema")));
  lower_parameters(member_or_null(root, "parameters"), out);
  lower_variables(member_or_null(root, "variables"), out);
  lower_functions(member_or_null(root, "functions"), out);
  lower_resource_collection(member_or_null(root, "resources"), -1, out);
  lower_outputs(member_or_null(root, "outputs"), out);
}

}  // namespace erlint::parse::arm_detail
