#include "graph/graph.hpp"

#include "graph/resource_id.hpp"
#include "support/strings.hpp"

namespace erlint::graph {

namespace {
bool is_index(std::string_view segment) {
  return !segment.empty() && segment.size() < 6 && segment.find_first_not_of("0123456789") == std::string_view::npos;
}
}  // namespace

void set_path(Value& root, std::string_view dotted_path, Value value) {
  // Numeric segments address array elements ("properties.links.0.name"), growing the array.
  Value* current = &root;
  auto segments = split(dotted_path, '.');
  for (std::size_t i = 0; i < segments.size(); ++i) {
    std::string_view segment = segments[i];
    bool last = i + 1 == segments.size();
    if (is_index(segment)) {
      std::size_t index = static_cast<std::size_t>(std::stoul(std::string(segment)));
      if (!current->is_array()) *current = Value::array({}, value.range);
      while (current->items.size() <= index) current->items.push_back(Value::object({}, value.range));
      current = &current->items[index];
    } else {
      if (!current->is_object()) *current = Value::object({}, value.range);
      Value* next = current->get_mutable(segment);
      if (!next) {
        current->set(std::string(segment), Value::object({}, value.range));
        next = current->get_mutable(segment);
      }
      current = next;
    }
    if (last) *current = std::move(value);
  }
}

std::size_t Graph::add(ResourceNode node) {
  nodes_.push_back(std::move(node));
  index_node(nodes_.size() - 1);
  return nodes_.size() - 1;
}

void Graph::reserve(std::size_t node_count) {
  nodes_.reserve(node_count);
  by_key_.reserve(node_count);
  by_name_.reserve(node_count);
}

void Graph::reindex() {
  by_key_.clear();
  by_name_.clear();
  by_type_.clear();
  children_.clear();
  for (std::size_t i = 0; i < nodes_.size(); ++i) index_node(i);
}

void Graph::reindex_children() {
  children_.clear();
  for (std::size_t i = 0; i < nodes_.size(); ++i)
    if (!nodes_[i].parent_key.empty()) children_[nodes_[i].parent_key].push_back(i);
}

void Graph::index_node(std::size_t i) {
  const ResourceNode& n = nodes_[i];
  by_key_[n.key] = i;
  // Prefer a declared resource over an `existing` reference of the same name.
  auto [it, inserted] = by_name_.emplace(canonical_name_key(n.type, n.full_name), i);
  if (!inserted && nodes_[it->second].existing && !n.existing) it->second = i;
  by_type_[to_lower(n.type)].push_back(i);
  if (!n.parent_key.empty()) children_[n.parent_key].push_back(i);
}

std::vector<std::size_t> Graph::children_of(std::string_view key) const {
  auto it = children_.find(std::string(key));
  return it == children_.end() ? std::vector<std::size_t>{} : it->second;
}

std::vector<std::size_t> Graph::of_type(std::string_view type) const {
  auto it = by_type_.find(to_lower(type));
  return it == by_type_.end() ? std::vector<std::size_t>{} : it->second;
}

const ResourceNode* Graph::by_key(std::string_view key) const {
  auto it = by_key_.find(std::string(key));
  return it == by_key_.end() ? nullptr : &nodes_[it->second];
}

const ResourceNode* Graph::by_name(std::string_view type, std::string_view full_name) const {
  auto it = by_name_.find(canonical_name_key(type, full_name));
  return it == by_name_.end() ? nullptr : &nodes_[it->second];
}

const ResourceNode* Graph::resolve_reference(const Value& value) const {
  // "id:<resource id>": a value known only at deployment time that belongs to the resource with
  // this id (ARM reference(resourceId(...)).secretUri).
  if (value.resource_key.starts_with("id:"))
    if (auto parsed = parse_resource_id(std::string_view(value.resource_key).substr(3))) return by_name(parsed->type, parsed->full_name);
  if (!value.resource_key.empty())
    if (const ResourceNode* node = by_key(value.resource_key)) {
      // An `existing` reference stands for the resource declared elsewhere, when that is analysed.
      if (node->existing && !node->full_name.empty())
        if (const ResourceNode* declared = by_name(node->type, node->full_name); declared && !declared->existing) return declared;
      return node;
    }
  if (value.is_string())
    if (auto parsed = parse_resource_id(value.text)) return by_name(parsed->type, parsed->full_name);
  if (value.is_object())
    if (const Value* id = value.get("id")) return resolve_reference(*id);
  return nullptr;
}

}  // namespace erlint::graph
