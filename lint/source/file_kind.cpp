#include "source/file_kind.hpp"

#include "support/strings.hpp"

namespace erlint {

std::string_view file_kind_name(FileKind kind) {
  switch (kind) {
    case FileKind::Bicep: return "bicep";
    case FileKind::BicepParams: return "bicepparam";
    case FileKind::Terraform: return "terraform";
    case FileKind::TerraformVars: return "tfvars";
    case FileKind::ArmTemplate: return "arm";
    case FileKind::ArmParameters: return "arm-parameters";
    case FileKind::Unknown: break;
  }
  return "unknown";
}

bool is_json_path(std::string_view path) { return iends_with(path, ".json") || iends_with(path, ".jsonc"); }

FileKind kind_from_path(std::string_view path) {
  if (iends_with(path, ".bicep")) return FileKind::Bicep;
  if (iends_with(path, ".bicepparam")) return FileKind::BicepParams;
  if (iends_with(path, ".tf")) return FileKind::Terraform;
  if (iends_with(path, ".tfvars")) return FileKind::TerraformVars;
  return FileKind::Unknown;
}

FileKind kind_from_json_content(std::string_view content) {
  // The $schema key is conventionally first, but comments or other keys may precede it:
  // search the first 64 KiB for the key, then read its string value.
  std::string_view head = content.substr(0, 65536);
  std::string lowered = to_lower(head);
  size_t key = lowered.find("\"$schema\"");
  if (key == std::string::npos) return FileKind::Unknown;
  size_t colon = lowered.find(':', key + 9);
  if (colon == std::string::npos) return FileKind::Unknown;
  size_t open = lowered.find('"', colon + 1);
  if (open == std::string::npos) return FileKind::Unknown;
  size_t close = lowered.find('"', open + 1);
  if (close == std::string::npos) return FileKind::Unknown;
  std::string_view schema = std::string_view(lowered).substr(open + 1, close - open - 1);
  if (schema.find("deploymenttemplate") != std::string_view::npos) return FileKind::ArmTemplate;
  if (schema.find("deploymentparameters") != std::string_view::npos) return FileKind::ArmParameters;
  return FileKind::Unknown;
}

}  // namespace erlint
