#pragma once
// The workspace resource graph: every resource of every analysed file, in ARM shape, whatever
// language declared it. Rules are written against this shape only.
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "model/template.hpp"
#include "model/value.hpp"

namespace erlint::graph {

using model::Value;

struct ResourceNode {
  std::string key;             // stable identity: the declaration (file, index, loop instance)
  std::string type;            // full ARM type as written ("Microsoft.Network/virtualNetworks/subnets")
  std::string full_name;       // "vnet1/GatewaySubnet" when known, else empty
  Value body;                  // ARM shape: name (own, last segment), type, properties, sku, identity, ...
  model::Language language = model::Language::Bicep;
  std::string provider_type;   // Terraform resource type it was lowered from ("azurerm_subnet")
  std::string symbol;          // as declared (Bicep symbol, "azurerm_subnet.gw", ARM symbolic name)
  std::string path;            // the declaring file
  model::Range range;          // the declaration
  model::Range header_range;   // where findings about absent properties point
  bool existing = false;       // declared elsewhere (Bicep existing, Terraform data)
  bool inline_declared = false;// lifted out of its parent's property array (vnet subnets[], ...)
  std::string parent_key;      // the parent resource's key, when known
  Value scope;                 // what an extension resource (diagnostic setting) applies to
  std::vector<std::string> erlint_ignores;
  bool analysed_completely = true;  // false when a loop's collection was unknown (one representative node)
  bool maybe_absent = false;        // its condition is unknown: findings on it are undecided
};

// Sets a value at a dotted path, creating the objects on the way.
void set_path(Value& root, std::string_view dotted_path, Value value);

class Graph {
 public:
  // Adds a node and indexes it (as reindex() would).
  std::size_t add(ResourceNode node);
  void reserve(std::size_t node_count);
  std::vector<ResourceNode>& nodes() { return nodes_; }
  const std::vector<ResourceNode>& nodes() const { return nodes_; }

  // All nodes of a type (case-insensitive).
  std::vector<std::size_t> of_type(std::string_view type) const;
  const ResourceNode* by_key(std::string_view key) const;
  // The node a value refers to: by its resource_key, else by parsing it as a resource id.
  const ResourceNode* resolve_reference(const Value& value) const;
  // The node with this type and full name.
  const ResourceNode* by_name(std::string_view type, std::string_view full_name) const;

  // The nodes whose parent_key is `key`.
  std::vector<std::size_t> children_of(std::string_view key) const;
  const ResourceNode* parent_of(const ResourceNode& node) const { return node.parent_key.empty() ? nullptr : by_key(node.parent_key); }

  // Rebuilds the lookup indexes after nodes were changed in place (renamed, given a parent).
  void reindex();
  // Rebuilds only the parent -> children index, after nodes were given a parent_key in place.
  void reindex_children();

 private:
  void index_node(std::size_t i);
  std::vector<ResourceNode> nodes_;
  std::unordered_map<std::string, std::size_t> by_key_;
  std::unordered_map<std::string, std::size_t> by_name_;
  std::unordered_map<std::string, std::vector<std::size_t>> by_type_;
  std::unordered_map<std::string, std::vector<std::size_t>> children_;
};

}  // namespace erlint::graph
