#pragma once
// The ARM JSON front end: a template or parameter file -> model::Template.
//
// What the rest of the analysis can rely on (see also arm_expression.hpp for expressions):
// * Every JSON value is an Expr with its exact source range (strings: the token, quotes included).
//   Object keys are static (`ObjectEntry.key`, `key_range` = the key token); duplicates are kept
//   in source order.
// * In a template every string value is lowered by lower_arm_string(): "[...]" is an expression
//   tree, "[[...]" is the literal without the escaping bracket. In a parameter file strings are
//   literal (ARM does not evaluate expressions in parameter files).
// * ARM `copy` loops of variables and outputs become a For expr with text == "copy":
//   items[0] = the count expression, items[1] = the `input` expression, index_name = the copy
//   name ("" for an output copy), so copyIndex('name') / copyIndex() inside items[1] is the
//   iteration index. Property-level copy inside a resource or variable object stays as written.
// * Resources keep the whole JSON object as `body` (dependsOn, properties, nested template of a
//   deployment, property copy); nested child resources are also listed on their own, in
//   pre-order after their parent, with `nested_parent` set and their short type/name as written.
// * Parameter files: a Key Vault reference lowers to
//   Call "erlint.keyVaultReference"(keyVault.id, secretName[, secretVersion]).
#include <string>

#include "model/expr.hpp"
#include "model/template.hpp"
#include "parse/parse_options.hpp"
#include "source/source_file.hpp"

namespace erlint::parse {

// Reads and lowers one file. Language::ArmParameters when file.kind() is ArmParameters, else
// Language::Arm. Syntax errors and limits are in Template::problems; this never throws.
model::Template parse_arm_file(const SourceFile& file, const ParseOptions& options);

// Lowers an already-read template object (a whole file, or the inline `properties.template` of a
// Microsoft.Resources/deployments resource). With Language::ArmParameters, lowers a parameter file.
model::Template lower_arm_template(const model::ExprPtr& template_object, FileId file, std::string path,
                                   model::Language language);

}  // namespace erlint::parse
