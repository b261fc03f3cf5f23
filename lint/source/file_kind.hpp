#pragma once
#include <string_view>

namespace erlint {

enum class FileKind {
  Unknown,
  Bicep,           // .bicep
  BicepParams,     // .bicepparam
  Terraform,       // .tf
  TerraformVars,   // .tfvars, .auto.tfvars
  ArmTemplate,     // .json whose $schema is a deploymentTemplate schema
  ArmParameters,   // .json whose $schema is a deploymentParameters schema
};

std::string_view file_kind_name(FileKind kind);

// Decides from the file name alone; returns Unknown for .json (needs the content).
FileKind kind_from_path(std::string_view path);

// For .json files: looks at the "$schema" value near the start (case-insensitive).
FileKind kind_from_json_content(std::string_view content);

bool is_json_path(std::string_view path);

}  // namespace erlint
