#pragma once
// The declarative azurerm -> ARM mapping (rules/providers/azurerm.yaml): which ARM type a
// Terraform resource becomes, which attribute feeds which ARM property, and which association
// resources become edges. Data, not code: supporting a new azurerm resource needs no C++.
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "model/value.hpp"
#include "support/tool_error.hpp"

namespace erlint::graph {

// Where one ARM property's value comes from. Several sources may be listed (azurerm 3.x and 4.x
// names); the first attribute present wins.
struct ValueSource {
  std::string attribute;        // dotted path into the Terraform block ("link1.macsec_cipher")
  bool negate = false;          // bgp_route_propagation_enabled = false -> disableBgpRoutePropagation: true
  std::optional<model::Value> constant;       // a fixed value (e.g. enabled: true for enabled_log blocks)
  std::optional<model::Value> default_value;  // the provider's default when the attribute is absent
  std::map<std::string, std::string> value_map;  // enum translation (lower-cased keys)
  bool wrap_in_array = false;   // a single string attribute that ARM holds as an array
};

struct PropertyMapping {
  std::string target;           // dotted ARM path ("properties.networkSecurityGroup.id")
  std::vector<ValueSource> sources;
};

// Repeated nested blocks lowered into an ARM array (subnet {} -> properties.subnets[]).
struct BlockMapping {
  std::string block;            // Terraform block type
  std::string into;             // ARM array path
  std::vector<PropertyMapping> properties;
};

struct ResourceMapping {
  std::string terraform_type;
  std::string arm_type;                // empty for association resources
  std::string parent_name_attribute;   // azurerm_subnet.virtual_network_name: full name = parent/name
  std::string name_attribute = "name";
  std::string scope_attribute;         // extension resources: target_resource_id
  std::vector<PropertyMapping> properties;
  std::vector<BlockMapping> blocks;
  // Association resources: the attribute naming the resource they modify, and what they set on it.
  std::string association_target;
  std::vector<PropertyMapping> association_sets;
};

struct ProviderMapping {
  std::map<std::string, ResourceMapping> resources;  // by Terraform type
  const ResourceMapping* find(const std::string& terraform_type) const {
    auto it = resources.find(terraform_type);
    return it == resources.end() ? nullptr : &it->second;
  }
};

// Loads a mapping file; problems are ERR-CONFIG errors with file:line:col.
std::optional<ProviderMapping> load_provider_mapping(const std::string& path, std::vector<ToolError>& errors);

// Loads and merges every providers/azurerm*.yaml file of a folder (the mapping may be split by
// topic); a Terraform type mapped in two files is an ERR-CONFIG error.
std::optional<ProviderMapping> load_provider_mapping_folder(const std::string& folder, std::vector<ToolError>& errors);

// Applies one property mapping to an evaluated Terraform block; returns nullopt when no source
// attribute is present (and no default or constant applies).
std::optional<model::Value> map_property(const PropertyMapping& mapping, const model::Value& block);

}  // namespace erlint::graph
