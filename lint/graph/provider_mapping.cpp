#include "graph/provider_mapping.hpp"

#include <algorithm>
#include <filesystem>

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include "support/strings.hpp"

namespace erlint::graph {

using model::Range;
using model::Value;

namespace {

struct MappingError {
  YAML::Mark mark;
  std::string message;
};

Value scalar_value(const YAML::Node& node) {
  std::string text = node.as<std::string>();
  if (text == "true") return Value::boolean_value(true);
  if (text == "false") return Value::boolean_value(false);
  // strtod, not stod: a number too large for a double is infinity, not an uncaught std::out_of_range.
  if (!text.empty() && text.find_first_not_of("0123456789") == std::string::npos)
    return Value::number_value(std::strtod(text.c_str(), nullptr));
  return Value::string_value(text);
}

ValueSource read_source(const YAML::Node& node) {
  ValueSource source;
  if (node.IsScalar()) {
    source.attribute = node.as<std::string>();
    return source;
  }
  if (!node.IsMap()) throw MappingError{node.Mark(), "a value source is an attribute name or a map with 'from'"};
  for (const auto& entry : node) {
    std::string key = entry.first.as<std::string>();
    if (key == "from") source.attribute = entry.second.as<std::string>();
    else if (key == "negate") source.negate = entry.second.as<bool>();
    else if (key == "const") source.constant = scalar_value(entry.second);
    else if (key == "default") source.default_value = scalar_value(entry.second);
    else if (key == "as_array") source.wrap_in_array = entry.second.as<bool>();
    else if (key == "map") {
      for (const auto& m : entry.second) source.value_map[to_lower(m.first.as<std::string>())] = m.second.as<std::string>();
    } else {
      throw MappingError{entry.first.Mark(), fmt::format("unknown key '{}' in a value source", key)};
    }
  }
  if (source.attribute.empty() && !source.constant) throw MappingError{node.Mark(), "a value source needs 'from' or 'const'"};
  return source;
}

std::vector<PropertyMapping> read_properties(const YAML::Node& node) {
  std::vector<PropertyMapping> out;
  if (!node.IsMap()) throw MappingError{node.Mark(), "'set' is a map of ARM path -> Terraform attribute"};
  for (const auto& entry : node) {
    PropertyMapping mapping;
    mapping.target = entry.first.as<std::string>();
    if (entry.second.IsSequence()) {
      for (const auto& s : entry.second) mapping.sources.push_back(read_source(s));
    } else {
      mapping.sources.push_back(read_source(entry.second));
    }
    out.push_back(std::move(mapping));
  }
  return out;
}

ResourceMapping read_resource(const std::string& name, const YAML::Node& node) {
  ResourceMapping mapping;
  mapping.terraform_type = name;
  if (!node.IsMap()) throw MappingError{node.Mark(), fmt::format("mapping of '{}' must be a map", name)};
  for (const auto& entry : node) {
    std::string key = entry.first.as<std::string>();
    const YAML::Node& v = entry.second;
    if (key == "type") mapping.arm_type = v.as<std::string>();
    else if (key == "parent_name") mapping.parent_name_attribute = v.as<std::string>();
    else if (key == "name") mapping.name_attribute = v.as<std::string>();
    else if (key == "scope") mapping.scope_attribute = v.as<std::string>();
    else if (key == "set") mapping.properties = read_properties(v);
    else if (key == "blocks") {
      if (!v.IsSequence()) throw MappingError{v.Mark(), "'blocks' is a list"};
      for (const auto& b : v) {
        BlockMapping block;
        block.block = b["block"].as<std::string>();
        block.into = b["into"].as<std::string>();
        if (b["set"]) block.properties = read_properties(b["set"]);
        for (const auto& bk : b) {
          std::string k = bk.first.as<std::string>();
          if (k != "block" && k != "into" && k != "set")
            throw MappingError{bk.first.Mark(), fmt::format("unknown key '{}' in a block mapping", k)};
        }
        mapping.blocks.push_back(std::move(block));
      }
    } else if (key == "association") {
      mapping.association_target = v["target"].as<std::string>();
      if (v["set"]) mapping.association_sets = read_properties(v["set"]);
    } else {
      throw MappingError{entry.first.Mark(), fmt::format("unknown key '{}' in the mapping of '{}'", key, name)};
    }
  }
  if (mapping.arm_type.empty() && mapping.association_target.empty())
    throw MappingError{node.Mark(), fmt::format("mapping of '{}' needs 'type' or 'association'", name)};
  return mapping;
}

const Value* attribute_at(const Value& block, std::string_view dotted) {
  // Nested Terraform blocks are arrays of objects: "link1.macsec_cipher" reads link1[0].macsec_cipher.
  const Value* current = &block;
  for (auto segment : split(dotted, '.')) {
    if (current->is_array()) {
      if (current->items.empty()) return nullptr;
      current = &current->items.front();
    }
    current = current->get(segment);
    if (!current) return nullptr;
  }
  return current;
}

}  // namespace

std::optional<Value> map_property(const PropertyMapping& mapping, const Value& block) {
  for (const ValueSource& source : mapping.sources) {
    if (source.constant) {
      Value v = *source.constant;
      v.range = block.range;
      return v;
    }
    const Value* found = attribute_at(block, source.attribute);
    if (!found || found->is_null()) {
      if (source.default_value) {
        Value v = *source.default_value;
        v.range = block.range;
        v.origin_name = "provider default";
        return v;
      }
      continue;
    }
    Value v = *found;
    if (source.negate && v.kind == model::ValueKind::Bool) v.boolean = !v.boolean;
    if (!source.value_map.empty() && (v.is_string() || v.kind == model::ValueKind::Bool)) {
      std::string key = v.is_string() ? to_lower(v.text) : std::string(v.boolean ? "true" : "false");
      if (auto it = source.value_map.find(key); it != source.value_map.end()) {
        Range where = v.range;
        std::uint8_t origin = v.origin;
        v = Value::string_value(it->second, where);
        v.origin = origin;
      }
    }
    if (source.wrap_in_array && !v.is_array() && !v.is_unknown()) v = Value::array({v}, v.range);
    return v;
  }
  return std::nullopt;
}

std::optional<ProviderMapping> load_provider_mapping(const std::string& path, std::vector<ToolError>& errors) {
  try {
    YAML::Node root = YAML::LoadFile(path);
    ProviderMapping mapping;
    YAML::Node resources = root["resources"];
    if (!resources || !resources.IsMap()) {
      errors.push_back({ErrorCode::Config, path, 1, 1, 0, 0, "a provider mapping needs a top-level 'resources' map"});
      return std::nullopt;
    }
    for (const auto& entry : resources) {
      std::string name = entry.first.as<std::string>();
      mapping.resources.emplace(name, read_resource(name, entry.second));
    }
    return mapping;
  } catch (const MappingError& e) {
    errors.push_back({ErrorCode::Config, path, static_cast<std::uint32_t>(e.mark.line + 1),
                      static_cast<std::uint32_t>(e.mark.column + 1), 0, 0, e.message});
  } catch (const YAML::Exception& e) {
    errors.push_back({ErrorCode::Config, path, static_cast<std::uint32_t>(e.mark.line + 1),
                      static_cast<std::uint32_t>(e.mark.column + 1), 0, 0, e.msg});
  }
  return std::nullopt;
}

std::optional<ProviderMapping> load_provider_mapping_folder(const std::string& folder, std::vector<ToolError>& errors) {
  namespace fs = std::filesystem;
  std::error_code ec;
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(folder, ec))
    if (entry.path().extension() == ".yaml" && starts_with(entry.path().filename().string(), "azurerm")) files.push_back(entry.path());
  std::sort(files.begin(), files.end());
  if (files.empty()) {
    errors.push_back({ErrorCode::Config, folder + "/azurerm.yaml", 0, 0, 0, 0, "the azurerm provider mapping is missing"});
    return std::nullopt;
  }
  std::optional<ProviderMapping> merged;
  for (const auto& file : files) {
    auto part = load_provider_mapping(file.string(), errors);
    if (!part) continue;
    if (!merged) merged.emplace();
    for (auto& [type, mapping] : part->resources)
      if (!merged->resources.emplace(type, std::move(mapping)).second)
        errors.push_back({ErrorCode::Config, file.string(), 0, 0, 0, 0, fmt::format("'{}' is mapped in two provider files", type)});
  }
  return merged;
}

}  // namespace erlint::graph
