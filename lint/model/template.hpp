#pragma once
// What one source file declares, in a shape shared by Bicep, ARM JSON and Terraform: parameters,
// variables (Bicep var, ARM variables, Terraform locals), resources, module calls and outputs, each
// with its expressions unevaluated. The evaluator and graph builder work from this alone.
#include <memory>
#include <string>
#include <vector>

#include "model/expr.hpp"
#include "source/file_kind.hpp"
#include "source/range.hpp"
#include "support/diagnostic_code.hpp"

namespace erlint::model {

enum class Language : std::uint8_t { Bicep, BicepParams, Arm, ArmParameters, Terraform, TerraformVars };

struct Parameter {
  std::string name;
  Range range;             // the declaration
  std::string type;        // 'string', 'securestring', 'object', HCL type text, ... (informational)
  ExprPtr default_value;   // null when there is no default
  bool secure = false;     // @secure(), securestring/secureObject, Terraform sensitive = true
  ExprPtr allowed_values;  // ARM allowedValues / Bicep @allowed (informational)
};

struct Variable {
  std::string name;
  Range range;
  ExprPtr value;
  bool is_copy = false;    // ARM variables "copy" array (value is a For expression)
};

struct Output {
  std::string name;
  Range range;
  ExprPtr value;
  std::string type;
  bool secure = false;     // Bicep @secure(), ARM securestring/secureObject, Terraform sensitive = true
};

// A loop over a resource or module: ARM copy, Bicep [for ...], Terraform count / for_each.
struct Loop {
  enum class Kind : std::uint8_t { None, Count, ForEach } kind = Kind::None;
  ExprPtr source;          // Count: the count; ForEach: the collection
  std::string item_name;   // Bicep loop item variable (`x` in `for x in ...`)
  std::string index_name;  // Bicep loop index variable (`i` in `for (x, i) in ...`)
  std::string copy_name;   // ARM copy name (for copyIndex('name'))
  Range range;
};

struct Template;

struct ResourceDecl {
  std::string symbol;         // Bicep symbolic name; ARM languageVersion 2.0 symbolic name; TF "azurerm_subnet.gw"
  std::string provider_type;  // Terraform resource type ("azurerm_subnet", "azapi_resource"); empty for ARM/Bicep
  ExprPtr type;               // ARM type ("Microsoft.Network/virtualNetworks/subnets"); TF azapi: `type` attribute
  std::string api_version;    // from Bicep 'T@v' or ARM apiVersion when literal
  ExprPtr name;               // ARM/Bicep name (for nested ARM/Bicep children: the child's own name)
  ExprPtr body;               // the resource as an object: ARM the whole JSON object; Bicep the object
                              // after `=`; Terraform the block's attributes and nested blocks
  ExprPtr condition;          // ARM condition, Bicep `if (...)`; null when unconditional
  Loop loop;
  ExprPtr scope;              // ARM/Bicep `scope`
  ExprPtr parent;             // Bicep `parent:` (an expression naming the parent resource)
  int nested_parent = -1;     // index in Template::resources of the lexically enclosing resource
  bool existing = false;      // Bicep `existing`, Terraform `data` source
  Range range;                // the whole declaration
  Range header_range;         // where a finding about a missing property points (name / type)
  std::vector<std::string> erlint_ignores;  // ARM "metadata": {"erlint-ignore": [...]}
  // ARM Microsoft.Resources/deployments with an inline `properties.template`: that template,
  // lowered, so the graph can evaluate it as a nested unit.
  std::shared_ptr<const Template> nested_template;
};

struct ModuleCall {
  std::string symbol;         // Bicep module symbol; Terraform "module.name"
  ExprPtr source;             // Bicep path string / registry ref; Terraform `source`
  ExprPtr name;               // Bicep deployment name
  ExprPtr params;             // Bicep `params: {...}`; Terraform: the block's other attributes
  ExprPtr body;               // the whole module object (Bicep) / block (Terraform)
  ExprPtr condition;
  Loop loop;
  ExprPtr scope;
  Range range;
  Range header_range;
};

struct Function {            // Bicep `func`, ARM user-defined functions (namespace.member)
  std::string name;
  std::vector<std::string> params;
  ExprPtr body;
  Range range;
};

// A comment's text and where it is, kept for directives (`expect:`, `erlint-ignore`).
struct Comment {
  std::string text;   // without the comment markers
  Range range;
  bool own_line = false;  // nothing but whitespace before it on its line
};

// A problem found while reading the file: ERR-SYNTAX, ERR-LIMIT (nesting depth, parse time).
struct Problem {
  ErrorCode code = ErrorCode::Syntax;
  std::string message;
  Range range;
};

struct Template {
  FileId file = kNoFile;
  std::string path;
  Language language = Language::Bicep;
  std::string target_scope;            // Bicep targetScope / ARM schema scope
  std::vector<Parameter> parameters;
  std::vector<Variable> variables;
  std::vector<ResourceDecl> resources;
  std::vector<ModuleCall> modules;
  std::vector<Output> outputs;
  std::vector<Function> functions;
  std::vector<Comment> comments;
  std::vector<Problem> problems;
  ExprPtr using_target;                // .bicepparam `using`
  // Parameter files (.bicepparam, ARM parameters, .tfvars): name -> value expression.
  std::vector<std::pair<std::string, ExprPtr>> parameter_values;
  bool truncated = false;              // a limit cut the analysis short (an ERR-LIMIT was reported)
};

}  // namespace erlint::model
