#pragma once
// ARM resource ids, read back into a type and a name so that an id string written anywhere
// ("[resourceId(...)]", "${azurerm_subnet.gw.id}", a literal) finds the resource it names.
#include <optional>
#include <string>
#include <string_view>

namespace erlint::graph {

struct ParsedResourceId {
  std::string type;       // "Microsoft.Network/virtualNetworks/subnets"
  std::string full_name;  // "vnet1/GatewaySubnet"
};

// Reads the last "/providers/<namespace>/<type>/<name>[/<type>/<name>...]" part of an id.
std::optional<ParsedResourceId> parse_resource_id(std::string_view id);

// The index key for a resource: lower-cased "type|full/name".
std::string canonical_name_key(std::string_view type, std::string_view full_name);

}  // namespace erlint::graph
