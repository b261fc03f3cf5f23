#pragma once
// The Terraform front end: a `.tf` or `.tfvars` file (HCL native syntax, parsed with
// tree-sitter-hcl) lowered into the neutral model::Template.
//
// Conventions the evaluator relies on (see also the comments in terraform_frontend.cpp):
//  - resource "T" "N" → ResourceDecl{symbol "T.N", provider_type "T"}; data → symbol "data.T.N",
//    existing = true; module "N" → ModuleCall{symbol "module.N"}.
//  - A block body is an Object: attributes are entries; nested blocks of one type become one entry
//    whose value is an Array of Objects (in source order); a `dynamic "T"` block becomes a For with
//    text "dynamic" (item variable is the Terraform iterator object {key, value}); labels of nested
//    blocks are kept under `__labels`.
//  - References are Identifier roots with Member/Index postfixes (`var.x` = Member(Identifier var, x)).
//  - `"${x}"` (a template that is nothing but one interpolation) lowers to `x` itself, as in
//    Terraform; other interpolated strings and heredocs are Template expressions.
#include "model/template.hpp"
#include "parse/parse_options.hpp"
#include "source/source_file.hpp"
#include "syntax/tree_sitter.hpp"

namespace erlint::parse {

// Parses and lowers one Terraform file. Never throws on bad input: syntax errors become
// Problem{Syntax} (the rest of the file is still lowered where tree-sitter recovered), limits become
// Problem{Limit}. `parser` must be a syntax::Grammar::Hcl parser owned by the calling thread.
model::Template parse_terraform_file(const SourceFile& file, syntax::Parser& parser, const ParseOptions& options);

}  // namespace erlint::parse
