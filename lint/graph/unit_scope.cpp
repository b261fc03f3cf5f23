#include "graph/unit_scope.hpp"

#include <algorithm>
#include <set>

#include <fmt/format.h>

#include "eval/functions.hpp"
#include "graph/build_session.hpp"
#include "graph/resource_id.hpp"
#include "support/strings.hpp"

namespace erlint::graph {

using model::Language;
using model::Range;

namespace {

eval::Dialect dialect_of(const std::vector<const model::Template*>& files) {
  if (!files.empty() && (files.front()->language == Language::Terraform || files.front()->language == Language::TerraformVars))
    return eval::Dialect::Terraform;
  return eval::Dialect::Arm;
}

bool case_insensitive_names(eval::Dialect d) { return d == eval::Dialect::Arm; }

std::string name_key(std::string_view name, eval::Dialect d) {
  return case_insensitive_names(d) ? to_lower(name) : std::string(name);
}

std::string strip_api_version(std::string type) {
  std::size_t at = type.find('@');
  if (at != std::string::npos) type.resize(at);
  return type;
}

std::string last_segment(const std::string& name) {
  std::size_t slash = name.rfind('/');
  return slash == std::string::npos ? name : name.substr(slash + 1);
}

// The body of a declaration without what is declared inside it: ARM nested child resources
// (`resources`) are declarations of their own, and an inline nested template
// (`properties.template`) is evaluated as its own unit, in its own scope. Evaluating them here too
// would cost the time and the memory of a second copy of every nested template.
model::ExprPtr body_without_nested_declarations(const model::ResourceDecl& r) {
  if (!r.body || r.body->kind != model::ExprKind::Object) return r.body;
  auto is_key = [](const model::ObjectEntry& e, std::string_view key) { return !e.key_expr && iequals(e.key, key); };
  auto properties = std::find_if(r.body->entries.begin(), r.body->entries.end(), [&](const auto& e) { return is_key(e, "properties"); });
  bool has_resources = std::any_of(r.body->entries.begin(), r.body->entries.end(), [&](const auto& e) { return is_key(e, "resources"); });
  bool has_template = r.nested_template && properties != r.body->entries.end() && properties->value &&
                      properties->value->kind == model::ExprKind::Object;
  if (!has_resources && !has_template) return r.body;
  auto body = std::make_shared<model::Expr>(*r.body);  // shallow: the children are shared
  std::erase_if(body->entries, [&](const auto& e) { return is_key(e, "resources"); });
  if (has_template)
    for (auto& entry : body->entries)
      if (is_key(entry, "properties")) {
        auto without_template = std::make_shared<model::Expr>(*entry.value);
        std::erase_if(without_template->entries, [&](const auto& e) { return is_key(e, "template"); });
        entry.value = std::move(without_template);
      }
  return body;
}

}  // namespace

UnitScope::UnitScope(BuildSession& session, std::vector<const model::Template*> files, std::map<std::string, Value> inputs,
                     std::string key_prefix, std::size_t depth, UnitScope* outer, UnitScope* caller)
    : session_(session),
      files_(std::move(files)),
      key_prefix_(std::move(key_prefix)),
      depth_(depth),
      dialect_(dialect_of(files_)),
      evaluator_(*this, dialect_, session.input.limits),
      outer_(outer),
      caller_(caller) {
  for (auto& [name, value] : inputs) inputs_[name_key(name, dialect_)] = std::move(value);
  for (const model::Template* file : files_) {
    for (const auto& p : file->parameters) parameters_.emplace(name_key(p.name, dialect_), &p);
    for (const auto& v : file->variables) variables_.emplace(name_key(v.name, dialect_), &v);
    for (const auto& f : file->functions) functions_.emplace(to_lower(f.name), &f);
    for (std::size_t i = 0; i < file->resources.size(); ++i) {
      DeclInstances decl;
      decl.file = file;
      decl.index = i;
      decls_.push_back(std::move(decl));
      const auto& symbol = file->resources[i].symbol;
      if (!symbol.empty()) decl_by_symbol_.emplace(symbol, decls_.size() - 1);
    }
    for (const auto& call : file->modules) {
      ModuleInstance module;
      module.call = &call;
      module.file = file;
      modules_.push_back(std::move(module));
      if (!call.symbol.empty()) module_by_symbol_.emplace(call.symbol, modules_.size() - 1);
    }
  }
}

// ---- parameters and variables ------------------------------------------------------------

// parameter() and variable() hand out copies; kept_parameter() and kept_variable() evaluate once,
// keep the value, and lend it (null when it cannot be: not declared, or being evaluated).
Value UnitScope::parameter(std::string_view name, Range where) {
  if (const Value* kept = kept_parameter(name, where)) return *kept;
  std::string key = name_key(name, dialect_);
  if (parameters_.find(key) == parameters_.end() && inputs_.find(key) == inputs_.end()) {
    if (outer_) return outer_->parameter(name, where);
    return Value::unknown(fmt::format("parameter '{}' is not declared", name), where);
  }
  return Value::unknown("circular parameter reference", where);
}

const Value* UnitScope::kept_parameter(std::string_view name, Range where) {
  std::string key = name_key(name, dialect_);
  if (auto cached = parameter_cache_.find(key); cached != parameter_cache_.end()) return &cached->second;
  auto declared = parameters_.find(key);
  auto given = inputs_.find(key);
  if (declared == parameters_.end() && given == inputs_.end()) return outer_ ? outer_->kept_parameter(name, where) : nullptr;
  if (!parameters_in_progress_.insert(key).second) return nullptr;
  const model::Parameter* p = declared == parameters_.end() ? nullptr : declared->second;
  std::uint8_t origin = model::kOriginParameter | (p && p->secure ? model::kOriginSecure : 0);
  Value value;
  if (given != inputs_.end()) {
    value = given->second;
  } else if (p && p->default_value) {
    value = evaluator_.evaluate(p->default_value);
    origin |= model::kOriginParameterDefault;
  } else {
    value = Value::unknown(fmt::format("parameter '{}' has no value in the analysed source", name), p ? p->range : where);
  }
  model::add_origin(value, origin, name);
  parameters_in_progress_.erase(key);
  return &(parameter_cache_[key] = std::move(value));
}

Value UnitScope::variable(std::string_view name, Range where) {
  if (const Value* kept = kept_variable(name, where)) return *kept;
  std::string key = name_key(name, dialect_);
  if (variables_.find(key) == variables_.end()) {
    if (outer_) return outer_->variable(name, where);
    return Value::unknown(fmt::format("variable '{}' is not declared", name), where);
  }
  return Value::unknown("circular variable reference", where);
}

const Value* UnitScope::kept_variable(std::string_view name, model::Range where) {
  std::string key = name_key(name, dialect_);
  if (auto cached = variable_cache_.find(key); cached != variable_cache_.end()) return &cached->second;
  auto declared = variables_.find(key);
  if (declared == variables_.end()) return outer_ ? outer_->kept_variable(name, where) : nullptr;
  if (!variables_in_progress_.insert(key).second) return nullptr;
  Value value = evaluator_.evaluate(declared->second->value);
  variables_in_progress_.erase(key);
  return &(variable_cache_[key] = std::move(value));
}

const model::Function* UnitScope::function(std::string_view name) {
  auto it = functions_.find(to_lower(name));
  return it == functions_.end() ? nullptr : it->second;
}

std::optional<Value> UnitScope::copy_index(std::string_view loop_name) {
  for (auto it = copy_stack_.rbegin(); it != copy_stack_.rend(); ++it)
    if (loop_name.empty() || iequals(it->first, loop_name)) return Value::number_value(it->second);
  return std::nullopt;
}

void UnitScope::push_copy(std::string_view loop_name, int index) { copy_stack_.emplace_back(std::string(loop_name), index); }

void UnitScope::pop_copy() {
  if (!copy_stack_.empty()) copy_stack_.pop_back();
}

std::string UnitScope::resource_key_for_id(std::string_view, const std::vector<std::string>&) {
  // Ids with known names are matched by name in the graph; nothing to add here.
  return {};
}

// ---- symbols ----------------------------------------------------------------------------------

UnitScope::DeclInstances* UnitScope::decl_by_symbol(std::string_view symbol) {
  auto it = decl_by_symbol_.find(std::string(symbol));
  return it == decl_by_symbol_.end() ? nullptr : &decls_[it->second];
}

const Value* UnitScope::kept_identifier(std::string_view name, Range where) {
  // The same order of look-up as identifier(); only variables and resources without a loop are lent.
  if (dialect_ == eval::Dialect::Terraform) return nullptr;
  std::string key = name_key(name, dialect_);
  if (parameters_.count(key) || inputs_.count(key)) return nullptr;
  if (variables_.count(key)) return kept_variable(name, where);
  DeclInstances* decl = decl_by_symbol(name);
  if (!decl) return nullptr;
  expand(*decl);
  if (decl->file->resources[decl->index].loop.kind != model::Loop::Kind::None || decl->instances.empty()) return nullptr;
  ResourceInstance& instance = decl->instances.front();
  if (instance.in_progress) return nullptr;
  if (!instance.reference) instance.reference = reference_value(instance);
  return &*instance.reference;
}

std::optional<Value> UnitScope::identifier(std::string_view name, Range where) {
  if (dialect_ == eval::Dialect::Terraform) return std::nullopt;  // Terraform names are always qualified
  std::string key = name_key(name, dialect_);
  if (parameters_.count(key) || inputs_.count(key)) return parameter(name, where);
  if (variables_.count(key)) return variable(name, where);
  if (DeclInstances* decl = decl_by_symbol(name)) return references_of(*decl);
  if (auto it = module_by_symbol_.find(std::string(name)); it != module_by_symbol_.end()) {
    ModuleInstance& module = evaluate_module(modules_[it->second]);
    if (module.call->loop.kind != model::Loop::Kind::None) {
      // A module collection: `m[i].outputs.x`.
      if (!module.outputs.is_array()) return module.outputs;
      Value list = Value::array({}, where);
      for (const Value& outputs : module.outputs.items) {
        Value object = Value::object({}, where);
        object.set("outputs", outputs);
        list.items.push_back(std::move(object));
      }
      return list;
    }
    Value object = Value::object({}, where);
    object.set("outputs", module.outputs);
    object.set("name", evaluator_.evaluate(module.call->name));
    return object;
  }
  return std::nullopt;
}

std::optional<Value> UnitScope::qualified(std::string_view root, std::string_view member, Range where) {
  if (dialect_ != eval::Dialect::Terraform) return std::nullopt;
  if (root == "var") return parameter(member, where);
  if (root == "local") return variable(member, where);
  if (root == "module") {
    auto it = module_by_symbol_.find(fmt::format("module.{}", member));
    if (it == module_by_symbol_.end()) return Value::unknown(fmt::format("module '{}' is not declared", member), where);
    return evaluate_module(modules_[it->second]).outputs;
  }
  if (root == "data") {
    // data.T.N: an object of the data sources of type T, by name.
    Value object = Value::object({}, where);
    std::string prefix = fmt::format("data.{}.", member);
    for (auto& [symbol, index] : decl_by_symbol_)
      if (starts_with(symbol, prefix)) object.set(symbol.substr(prefix.size()), references_of(decls_[index]));
    return object;
  }
  if (root == "each" || root == "count" || root == "self" || root == "path" || root == "terraform")
    return Value::unknown(fmt::format("'{}.{}' is not known here", root, member), where);
  if (DeclInstances* decl = decl_by_symbol(fmt::format("{}.{}", root, member))) return references_of(*decl);
  return std::nullopt;
}

// ---- resources -------------------------------------------------------------------------------

std::vector<std::pair<Value, Value>> UnitScope::loop_pairs(const model::Loop& loop, Value& source) {
  source = evaluator_.evaluate(loop.source);
  std::vector<std::pair<Value, Value>> pairs;  // (index or key, item)
  if (source.kind == model::ValueKind::Number && loop.kind == model::Loop::Kind::Count) {
    if (source.number <= static_cast<double>(session_.input.limits.max_loop_items))
      for (int i = 0; i < static_cast<int>(source.number); ++i)
        pairs.emplace_back(Value::number_value(i), Value::number_value(i));
    else
      source = Value::unknown("loop count is over the max_loop_items limit", loop.range);
  } else if (source.is_array() && source.items.size() <= session_.input.limits.max_loop_items) {
    // Terraform for_each over a set: each.key and each.value are both the element.
    const bool set_keys = dialect_ == eval::Dialect::Terraform && loop.kind == model::Loop::Kind::ForEach;
    for (std::size_t i = 0; i < source.items.size(); ++i) {
      Value key = Value::number_value(static_cast<double>(i));
      if (set_keys) {
        auto text = eval::to_text(source.items[i]);
        key = text ? Value::string_value(*text, source.items[i].range) : Value::unknown("a set element is not known", loop.range);
      }
      pairs.emplace_back(std::move(key), source.items[i]);
    }
  } else if (source.is_object() && source.members.size() <= session_.input.limits.max_loop_items) {
    for (const auto& m : source.members) pairs.emplace_back(Value::string_value(m.key, m.key_range), m.value);
  } else if (source.is_array() || source.is_object()) {
    source = Value::unknown("loop collection is over the max_loop_items limit", loop.range);
  } else if (!source.is_unknown()) {
    source = Value::unknown("loop collection is not a list, map or count", loop.range);
  }
  return pairs;
}

Value UnitScope::evaluate_in_loop(const model::ExprPtr& expr, const model::Loop& loop, const Value* index, const Value* item) {
  if (!expr) return Value::null();
  if (!index || !item) return evaluator_.evaluate(expr);
  if (dialect_ == eval::Dialect::Terraform) {
    Value each = Value::object({model::Member{"key", {}, *index}, model::Member{"value", {}, *item}});
    Value count = Value::object({model::Member{"index", {}, *index}});
    eval::Env each_env{nullptr, "each", &each};
    eval::Env count_env{&each_env, "count", &count};
    return evaluator_.evaluate(expr, &count_env);
  }
  eval::Env item_env{nullptr, loop.item_name, item};
  eval::Env index_env{&item_env, loop.index_name, index};
  return evaluator_.evaluate(expr, loop.index_name.empty() ? &item_env : &index_env);
}

UnitScope::DeclInstances& UnitScope::expand(DeclInstances& decl) {
  if (decl.expanded) return decl;
  decl.expanded = true;
  const model::ResourceDecl& r = decl.file->resources[decl.index];
  std::string base_key = fmt::format("{}{}#{}", key_prefix_, decl.file->path, decl.index);
  auto make = [&](std::size_t n) {
    ResourceInstance instance;
    instance.file = decl.file;
    instance.decl = &r;
    instance.decl_index = decl.index;
    instance.key = r.loop.kind == model::Loop::Kind::None ? base_key : fmt::format("{}[{}]", base_key, n);
    return instance;
  };
  if (r.loop.kind == model::Loop::Kind::None) {
    decl.instances.push_back(make(0));
    return decl;
  }
  Value source;
  std::vector<std::pair<Value, Value>> pairs = loop_pairs(r.loop, source);  // (index or key, item)
  if (source.is_unknown()) {
    // One representative instance whose loop variables are Unknown: literal violations inside the
    // body still show, anything that depends on the item stays undecided.
    ResourceInstance instance = make(0);
    instance.loop_unknown = true;
    instance.has_loop_binding = true;
    instance.loop_item = source;
    instance.loop_index = source;
    decl.instances.push_back(std::move(instance));
    return decl;
  }
  for (std::size_t n = 0; n < pairs.size(); ++n) {
    ResourceInstance instance = make(n);
    instance.has_loop_binding = true;
    instance.loop_index = pairs[n].first;
    instance.loop_item = pairs[n].second;
    instance.copy_index = static_cast<int>(n);
    decl.instances.push_back(std::move(instance));
  }
  return decl;
}

Value UnitScope::evaluate_in_instance(const model::ExprPtr& expr, const ResourceInstance& instance) {
  if (!expr) return Value::null();
  const model::ResourceDecl& r = *instance.decl;
  const bool arm_copy = dialect_ != eval::Dialect::Terraform && r.loop.kind != model::Loop::Kind::None && r.loop.item_name.empty();
  if (arm_copy) {
    // copyIndex() is the instance's index; with an unknown count it stays unknown.
    if (instance.loop_unknown) return evaluator_.evaluate(expr);
    push_copy(r.loop.copy_name, instance.copy_index);
    Value v = evaluator_.evaluate(expr);
    pop_copy();
    return v;
  }
  // Terraform each/count, Bicep item/index.
  const bool bound = instance.has_loop_binding;
  return evaluate_in_loop(expr, r.loop, bound ? &instance.loop_index : nullptr, bound ? &instance.loop_item : nullptr);
}

void UnitScope::evaluate_instance(ResourceInstance& instance) {
  if (instance.evaluated || instance.in_progress) return;
  instance.in_progress = true;
  const model::ResourceDecl& r = *instance.decl;
  Value body = evaluate_in_instance(body_without_nested_declarations(r), instance);
  if (r.nested_template && body.is_object())
    if (Value* properties = body.get_mutable("properties"); properties && properties->is_object())
      properties->set("template", Value::unknown("an inline template, analysed as a nested deployment", r.range));
  instance.body = std::move(body);
  if (r.condition) {
    Value condition = evaluate_in_instance(r.condition, instance);
    instance.condition = eval::as_bool(condition);
  } else {
    instance.condition = true;
  }
  resolve_type_and_name(instance);
  instance.in_progress = false;
  instance.evaluated = true;
}

ResourceInstance* UnitScope::instance_by_key(const std::string& key) {
  // Keys are "<prefix><path>#<index>[<n>]": the declaration index leads straight to it.
  for (auto& decl : decls_) {
    if (decl.instances.empty() || !starts_with(key, decl.instances.front().key.substr(0, decl.instances.front().key.find('['))))
      continue;
    for (auto& instance : decl.instances)
      if (instance.key == key) return &instance;
  }
  return nullptr;
}

void UnitScope::resolve_type_and_name(ResourceInstance& instance) {
  const model::ResourceDecl& r = *instance.decl;
  Value type_value;
  Value name_value;
  if (dialect_ == eval::Dialect::Terraform) {
    if (r.type) type_value = evaluate_in_instance(r.type, instance);
    name_value = r.name ? evaluate_in_instance(r.name, instance) : Value::unknown("no name attribute");
  } else {
    type_value = r.type ? evaluate_in_instance(r.type, instance) : Value::unknown("no type");
    name_value = r.name ? evaluate_in_instance(r.name, instance)
                        : (instance.body.get("name") ? *instance.body.get("name") : Value::unknown("no name"));
  }
  instance.type = type_value.is_string() ? strip_api_version(type_value.text) : std::string();
  if (instance.type.empty() && !r.provider_type.empty() && !r.type) instance.type = r.provider_type;

  std::string parent_full, parent_type;
  bool has_parent = false;
  if (r.nested_parent >= 0) {
    for (auto& decl : decls_) {
      if (decl.file == instance.file && decl.index == static_cast<std::size_t>(r.nested_parent)) {
        expand(decl);
        if (!decl.instances.empty()) {
          ResourceInstance& parent = decl.instances.front();
          evaluate_instance(parent);
          parent_full = parent.full_name;
          parent_type = parent.type;
          has_parent = true;
        }
      }
    }
  } else if (r.parent) {
    Value parent_ref = evaluate_in_instance(r.parent, instance);
    std::string key = parent_ref.resource_key;
    if (key.empty() && parent_ref.is_array() && !parent_ref.items.empty()) key = parent_ref.items.front().resource_key;
    if (ResourceInstance* parent = key.empty() ? nullptr : instance_by_key(key)) {
      evaluate_instance(*parent);
      parent_full = parent->full_name;
      parent_type = parent->type;
      has_parent = true;
    }
  }
  if (has_parent && !instance.type.empty() && instance.type.find('/') == std::string::npos && !parent_type.empty())
    instance.type = parent_type + "/" + instance.type;
  else if (has_parent && istarts_with(instance.type, "providers/") && !parent_type.empty())
    instance.type = parent_type + "/" + instance.type;

  if (name_value.is_string()) {
    const std::string& name = name_value.text;
    // A nested extension child ("providers/diagnosticSettings", "Microsoft.Insights/d") keeps the
    // namespace segment in its name, so it is composed with the parent's name too.
    bool nested_extension = has_parent && istarts_with(type_value.is_string() ? type_value.text : std::string(), "providers/");
    if (has_parent && (name.find('/') == std::string::npos || nested_extension)) {
      instance.full_name = parent_full.empty() ? std::string() : parent_full + "/" + name;
    } else {
      instance.full_name = name;
    }
    instance.own_name = name_value;
    instance.own_name.text = last_segment(name);
  } else {
    instance.own_name = name_value;
  }
}

Value UnitScope::reference_value(ResourceInstance& instance) {
  if (instance.in_progress) {
    Value v = Value::unknown("a resource refers to itself", instance.decl->range);
    v.resource_key = instance.key;
    return v;
  }
  evaluate_instance(instance);
  Value ref = instance.body.is_object() ? instance.body : Value::object({}, instance.decl->range);
  Value id;
  if (!instance.type.empty() && !instance.full_name.empty() && instance.type.find('.') != std::string::npos) {
    std::vector<std::string> names;
    for (auto part : split(instance.full_name, '/')) names.emplace_back(part);
    id = Value::string_value(eval::build_resource_id(instance.type, names), instance.decl->header_range);
  } else {
    id = Value::unknown(fmt::format("the id of '{}' is known only at deployment time", instance.decl->symbol),
                        instance.decl->header_range);
  }
  id.origin = model::kOriginRuntime;
  id.resource_key = instance.key;
  ref.set("id", id);
  if (dialect_ == eval::Dialect::Terraform && !ref.get("name")) ref.set("name", instance.own_name);
  ref.resource_key = instance.key;
  return ref;
}

Value UnitScope::references_of(DeclInstances& decl) {
  expand(decl);
  const model::ResourceDecl& r = decl.file->resources[decl.index];
  if (r.loop.kind == model::Loop::Kind::None) return reference_value(decl.instances.front());
  if (!decl.instances.empty() && decl.instances.front().loop_unknown) {
    // Which instances exist is not known, but whichever they are, they are this declaration's
    // (its one representative node): the key lets a module argument name it.
    Value unknown = Value::unknown("the resource's loop is not known", r.loop.range);
    unknown.resource_key = decl.instances.front().key;
    return unknown;
  }
  if (dialect_ == eval::Dialect::Terraform && r.loop.kind == model::Loop::Kind::ForEach) {
    Value object = Value::object({}, r.range);
    for (auto& instance : decl.instances)
      object.set(eval::to_text(instance.loop_index).value_or(""), reference_value(instance));
    return object;
  }
  Value array = Value::array({}, r.range);
  for (auto& instance : decl.instances) array.items.push_back(reference_value(instance));
  return array;
}

// ---- modules ---------------------------------------------------------------------------------

bool UnitScope::is_on_call_chain(const std::vector<const model::Template*>& files) const {
  for (const UnitScope* unit = this; unit; unit = unit->caller_)
    for (const model::Template* file : files)
      if (std::find(unit->files_.begin(), unit->files_.end(), file) != unit->files_.end()) return true;
  return false;
}

UnitScope::ModuleInstance& UnitScope::evaluate_module(ModuleInstance& module) {
  if (module.evaluated || module.in_progress) {
    if (module.in_progress) module.outputs = Value::unknown("a module refers to its own outputs", module.call->range);
    return module;
  }
  module.in_progress = true;
  const model::ModuleCall& call = *module.call;
  Value source = evaluator_.evaluate(call.source);

  // What the call deploys: one instance, one per loop item, or one representative instance when
  // the loop's collection is not known. An instance whose condition is false deploys nothing.
  struct Instance {
    std::string key_suffix;
    Value index, item;
    bool bound = false;           // loop variables are bound (to Unknown for the representative)
    bool representative = false;
  };
  std::vector<Instance> instances;
  Value collection;
  if (call.loop.kind == model::Loop::Kind::None) {
    instances.push_back({});
  } else {
    std::vector<std::pair<Value, Value>> pairs = loop_pairs(call.loop, collection);
    if (collection.is_unknown()) {
      instances.push_back({"[0]", collection, collection, true, true});
    } else {
      for (std::size_t n = 0; n < pairs.size(); ++n)
        instances.push_back({fmt::format("[{}]", n), std::move(pairs[n].first), std::move(pairs[n].second), true, false});
    }
  }
  auto condition_of = [&](const Instance& instance) -> std::optional<bool> {
    if (!call.condition) return true;
    return eval::as_bool(evaluate_in_loop(call.condition, call.loop, instance.bound ? &instance.index : nullptr,
                                          instance.bound ? &instance.item : nullptr));
  };

  std::vector<const model::Template*> files;
  if (source.is_string()) files = session_.module_files(*module.file, source.text);
  if (files.empty()) {
    std::string why = source.is_string() ? fmt::format("module '{}' is not analysed (remote or not found)", source.text)
                                         : std::string("module source is not known");
    module.outputs = Value::unknown(why, call.header_range);
    // One boundary node for the call, unless no instance can be deployed.
    bool any_deployed = false, certain = false;
    for (const Instance& instance : instances) {
      std::optional<bool> deployed = condition_of(instance);
      if (!deployed || *deployed) any_deployed = true;
      if (deployed && *deployed) certain = true;
    }
    if (any_deployed) emit_unanalysed_module_node(module, source, why, !certain);
  } else if (is_on_call_chain(files)) {
    session_.errors.push_back({ErrorCode::Limit, module.file->path, 0, 0, 0, 0,
                               fmt::format("module '{}' includes itself (module recursion); it is not expanded again", source.text)});
    module.outputs = Value::unknown("module recursion", call.header_range);
  } else if (depth_ + 1 > session_.input.max_module_depth) {
    session_.errors.push_back({ErrorCode::Limit, module.file->path, 0, 0, 0, 0,
                               fmt::format("module nesting deeper than max_module_depth ({}); '{}' is not expanded",
                                           session_.input.max_module_depth, source.text)});
    module.outputs = Value::unknown("module nesting limit", call.header_range);
  } else {
    std::vector<Value> outputs;  // per instance
    for (const Instance& instance : instances) {
      std::optional<bool> deployed = condition_of(instance);
      if (deployed && !*deployed) {
        outputs.push_back(Value::unknown("the module is not deployed (its condition is false)", call.header_range));
        continue;
      }
      if (session_.module_instances >= session_.input.max_module_instances) {
        if (session_.module_instances++ == session_.input.max_module_instances)
          session_.errors.push_back({ErrorCode::Limit, module.file->path, 0, 0, 0, 0,
                                     fmt::format("more than max_module_instances ({}) module expansions; the rest stay unknown",
                                                 session_.input.max_module_instances)});
        outputs.push_back(Value::unknown("module expansion limit", call.header_range));
        continue;
      }
      // Arguments: Bicep `params: {...}`, Terraform the block's attributes, with the loop's item.
      Value args = evaluate_in_loop(call.params, call.loop, instance.bound ? &instance.index : nullptr, instance.bound ? &instance.item : nullptr);
      std::map<std::string, Value> inputs;
      if (args.is_object())
        for (auto& m : args.members) inputs.emplace(m.key, m.value);
      ++session_.module_instances;
      auto unit = std::make_unique<UnitScope>(session_, files, std::move(inputs),
                                              fmt::format("{}{}#{}{}>", key_prefix_, module.file->path, call.symbol, instance.key_suffix),
                                              depth_ + 1, nullptr, this);
      unit->maybe_absent_ = maybe_absent_ || !deployed.has_value();
      unit->representative_ = representative_ || instance.representative;
      unit->emit_nodes();
      outputs.push_back(unit->outputs());
      // The unit (its evaluated bodies and caches) is dropped here: its nodes and outputs are kept.
    }
    if (call.loop.kind == model::Loop::Kind::None) {
      module.outputs = std::move(outputs.front());
    } else if (collection.is_unknown()) {
      module.outputs = Value::unknown("the module's loop collection is not known", call.header_range);
    } else if (dialect_ == eval::Dialect::Terraform && call.loop.kind == model::Loop::Kind::ForEach) {
      // module.x with for_each is a map from each.key to the instance's outputs.
      module.outputs = Value::object({}, call.header_range);
      for (std::size_t n = 0; n < outputs.size(); ++n) {
        auto key = eval::to_text(instances[n].index);
        if (key) module.outputs.set(*key, std::move(outputs[n]));
      }
    } else {
      module.outputs = Value::array(std::move(outputs), call.header_range);
    }
  }
  module.in_progress = false;
  module.evaluated = true;
  return module;
}

namespace {

// The values among a module's arguments that name a resource: a reference to a declared resource
// or a string that is a resource id (capped: a module's arguments are rarely more).
void resource_arguments(const Value& value, std::vector<Value>& out) {
  if (out.size() >= 1000) return;
  if (!value.resource_key.empty()) {
    out.push_back(value);
    return;
  }
  if (value.is_object()) {
    for (const auto& member : value.members) resource_arguments(member.value, out);
  } else if (value.is_array()) {
    for (const auto& item : value.items) resource_arguments(item, out);
  } else if (value.is_string() && parse_resource_id(value.text)) {
    out.push_back(value);
  }
}

}  // namespace

// The resources an expression names (Terraform `type.name`, a Bicep symbol), whatever it
// computes from them.
void UnitScope::resources_named_in(const model::Expr& expr, std::vector<Value>& out) {
  if (out.size() >= 1000) return;
  bool terraform_reference = dialect_ == eval::Dialect::Terraform && expr.kind == model::ExprKind::Member && !expr.items.empty() &&
                             expr.items[0] && expr.items[0]->kind == model::ExprKind::Identifier;
  bool bicep_symbol = dialect_ == eval::Dialect::Arm && expr.kind == model::ExprKind::Identifier && decl_by_symbol(expr.text);
  if (terraform_reference || bicep_symbol) {
    Value value = evaluator_.evaluate(expr);
    if (!value.resource_key.empty()) out.push_back(value);
    else if (value.is_array())
      for (const Value& item : value.items)
        if (!item.resource_key.empty()) out.push_back(item);
    return;
  }
  for (const auto& item : expr.items)
    if (item) resources_named_in(*item, out);
  for (const auto& entry : expr.entries)
    if (entry.value) resources_named_in(*entry.value, out);
  if (expr.receiver()) resources_named_in(*expr.receiver(), out);
}

// A module that is not analysed (a registry or remote module, or one not found) becomes a node of
// the pseudo type `Erlint.Template/modules`: properties.source, properties.arguments (the
// resources it is given) and properties.deploys, Unknown. A rule can then say "undecided" for a
// resource handed to a module that may well create what the rule looks for (a diagnostic setting).
void UnitScope::emit_unanalysed_module_node(const ModuleInstance& module, const Value& source, const std::string& why, bool maybe_absent) {
  const model::ModuleCall& call = *module.call;
  Value args = evaluator_.evaluate(call.params);
  std::vector<Value> resources;
  resource_arguments(args, resources);
  // An argument computed from a resource (`coalesce(one(azurerm_x.main[*].id), var.id)`) may be
  // unknown as a whole: the resources its expression names are given to the module all the same.
  if (call.params) resources_named_in(*call.params, resources);
  std::set<std::string> seen;  // each resource once (named in the expression and found in the value)
  std::erase_if(resources, [&](const Value& v) { return !seen.insert(v.resource_key.empty() ? "text:" + v.text : v.resource_key).second; });
  ResourceNode node;
  node.key = fmt::format("{}{}#module:{}", key_prefix_, module.file->path, call.symbol);
  node.type = "Erlint.Template/modules";
  node.full_name = call.symbol;
  node.language = module.file->language;
  node.symbol = call.symbol;
  node.path = module.file->path;
  node.range = call.range;
  node.header_range = call.header_range;
  node.maybe_absent = maybe_absent || maybe_absent_;
  node.analysed_completely = !representative_;
  Value body = Value::object({}, call.range);
  body.set("name", Value::string_value(call.symbol, call.header_range));
  body.set("type", Value::string_value(node.type, call.header_range));
  Value properties = Value::object({}, call.range);
  properties.set("source", source);
  properties.set("arguments", Value::array(std::move(resources), call.range));
  properties.set("deploys", Value::unknown(why, call.header_range));
  body.set("properties", std::move(properties));
  node.body = std::move(body);
  session_.add_node(std::move(node));
}

Value UnitScope::outputs() {
  if (outputs_evaluated_) return outputs_;
  outputs_evaluated_ = true;
  outputs_ = Value::object({});
  for (const model::Template* file : files_)
    for (const auto& output : file->outputs) {
      Value v = evaluator_.evaluate(output.value);
      if (output.secure) model::add_origin(v, model::kOriginSecure, output.name);
      outputs_.set(output.name, std::move(v), output.range);
    }
  return outputs_;
}

}  // namespace erlint::graph
