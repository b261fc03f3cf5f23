#include "graph/children.hpp"

#include <fmt/format.h>

#include "graph/resource_id.hpp"
#include "support/strings.hpp"

namespace erlint::graph {

const std::vector<ChildCollection>& child_collections() {
  static const std::vector<ChildCollection> table{
      {"Microsoft.Network/virtualNetworks", "properties.subnets", "Microsoft.Network/virtualNetworks/subnets"},
      {"Microsoft.Network/routeTables", "properties.routes", "Microsoft.Network/routeTables/routes"},
      {"Microsoft.Network/networkSecurityGroups", "properties.securityRules", "Microsoft.Network/networkSecurityGroups/securityRules"},
      {"Microsoft.Network/expressRouteCircuits", "properties.peerings", "Microsoft.Network/expressRouteCircuits/peerings"},
      {"Microsoft.Network/expressRouteCircuits", "properties.authorizations", "Microsoft.Network/expressRouteCircuits/authorizations"},
  };
  return table;
}

namespace {

Value* array_at(Value& body, std::string_view dotted) {
  Value* current = &body;
  while (current) {
    std::size_t dot = dotted.find('.');
    current = current->get_mutable(dotted.substr(0, dot));
    if (dot == std::string_view::npos) break;
    dotted.remove_prefix(dot + 1);
  }
  return current;
}

}  // namespace

void lift_inline_children(Graph& graph) {
  std::vector<ResourceNode> lifted;
  for (const ChildCollection& collection : child_collections()) {
    // 1. Inline items become child nodes (unless a child resource of the same name exists).
    for (std::size_t parent_index : graph.of_type(collection.parent_type)) {
      ResourceNode& parent = graph.nodes()[parent_index];
      Value* array = array_at(parent.body, collection.property);
      if (!array || !array->is_array()) continue;
      for (std::size_t i = 0; i < array->items.size(); ++i) {
        const Value& item = array->items[i];
        if (!item.is_object()) continue;
        const Value* name = item.get("name");
        std::string full_name;
        if (name && name->is_string() && !parent.full_name.empty()) full_name = parent.full_name + "/" + name->text;
        // The same subnet written both inline and as a child resource of the same file is one node.
        if (const ResourceNode* declared = full_name.empty() ? nullptr : graph.by_name(collection.child_type, full_name);
            declared && declared->path == parent.path)
          continue;
        ResourceNode child;
        child.key = fmt::format("{}/{}[{}]", parent.key, collection.property, i);
        child.type = collection.child_type;
        child.full_name = full_name;
        child.body = item;
        child.body.set("type", Value::string_value(collection.child_type, item.range));
        if (!name) child.body.set("name", Value::unknown("inline item has no name", item.range));
        child.language = parent.language;
        child.provider_type = parent.provider_type;
        child.symbol = parent.symbol;
        child.path = parent.path;
        child.range = item.range.valid() ? item.range : parent.range;
        child.header_range = name && name->range.valid() ? name->range : child.range;
        child.existing = parent.existing;
        child.inline_declared = true;
        child.parent_key = parent.key;
        child.erlint_ignores = parent.erlint_ignores;
        child.analysed_completely = parent.analysed_completely;
        child.maybe_absent = parent.maybe_absent;
        lifted.push_back(std::move(child));
      }
    }
  }
  graph.reserve(graph.nodes().size() + lifted.size());  // exactly: no doubled node array
  for (auto& child : lifted) graph.add(std::move(child));

  // 2. Every child resource knows its parent (type and name one segment shorter).
  for (auto& node : graph.nodes()) {
    if (!node.parent_key.empty() || node.full_name.empty()) continue;
    std::size_t name_slash = node.full_name.rfind('/');
    std::size_t type_slash = node.type.rfind('/');
    if (name_slash == std::string::npos || type_slash == std::string::npos || node.type.find('/') == type_slash) continue;
    if (const ResourceNode* parent = graph.by_name(node.type.substr(0, type_slash), node.full_name.substr(0, name_slash)))
      node.parent_key = parent->key;
  }

  // 3. Child resources join their parent's array, so rules over the parent see them too.
  for (const ChildCollection& collection : child_collections()) {
    for (std::size_t child_index : graph.of_type(collection.child_type)) {
      ResourceNode& child = graph.nodes()[child_index];
      if (child.inline_declared || child.parent_key.empty()) continue;
      const ResourceNode* parent = graph.by_key(child.parent_key);
      if (!parent) continue;
      ResourceNode& mutable_parent = graph.nodes()[static_cast<std::size_t>(parent - graph.nodes().data())];
      Value* array = array_at(mutable_parent.body, collection.property);
      if (!array) {
        set_path(mutable_parent.body, collection.property, Value::array({}, mutable_parent.header_range));
        array = array_at(mutable_parent.body, collection.property);
      }
      if (array && array->is_array()) array->items.push_back(child.body);
    }
  }
}

}  // namespace erlint::graph
