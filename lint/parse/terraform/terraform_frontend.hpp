#pragma once
// The Terraform front end: a `.tf` or `.tfvars` file (HCL native syntax, parsed with
// tree-sitter-hcl) lowered into the neutral model::Template.
//
// Conventions the evaluator and the graph builder rely on:
//  - resource "T" "N" → ResourceDecl{symbol "T.N", provider_type "T", name = the `name` attribute,
//    body = the block}; data → symbol "data.T.N", existing = true; module "N" → ModuleCall{symbol
//    "module.N", source, params = the attributes other than source/version/count/for_each/
//    providers/depends_on}. `count` / `for_each` → Loop{Count / ForEach, source, range = the
//    attribute}; Loop::item_name stays empty (Terraform's `each` / `count` are implicit).
//    azapi_*: `type` = the type attribute ("...@2024-05-01"); api_version is filled when it is a
//    literal string with '@'. The `body` attribute is left as written (Object or Call jsonencode).
//  - A block body is an Object: attributes are entries (key_range = the name); nested blocks of one
//    type become one entry (keyed at the first block) whose value is an Array of Objects in source
//    order; labels of nested blocks go under `__labels` (Array of String, first entry).
//  - `dynamic "T" {for_each, iterator, content}` → For{text "dynamic", item_name = iterator (default
//    T), items = [for_each, content Object, null]}; its item variable is Terraform's {key, value}
//    object. Only dynamic blocks of a type: the entry is the For itself; mixed with static blocks (or
//    several dynamic ones): an Array of the Objects and a Spread of each For, in source order.
//  - References: Identifier roots with Member/Index postfixes (`var.x`, `data.T.N.attr`, `each.value`,
//    `count.index`, `self`); `a.0` is Index(a, 0). Splats: Splat{items[0] = collection, text = the
//    path after the splat, dot-separated, indexes as their literal ("a.b.0", "" for none; a computed
//    index is kept as "[source text]"); `a[*].b[*].c` nests Splats.
//  - Strings: plain → String (unescaped); interpolated → Template of String and expression parts;
//    `"${x}"` (one interpolation, nothing else) → x itself, as Terraform keeps its type. Heredocs
//    likewise (`<<-` indentation removed, CRLF → LF). `%{ }` directives → Error parts (Unknown).
//  - Calls: text = the name (`provider::ns::fn` whole); `f(xs...)` → the last argument is a Spread
//    (expand it into the argument list). Operators: Unary "!"/"-", Binary with the HCL operator
//    text; `?:` is right-associative. For: items = [source, body, filter or null]; `for k, v in m`
//    gives index_name k and item_name v; object fors have `key` (the `...` grouping is dropped).
//  - Object keys: identifiers and literal strings are static keys; anything else (`(expr)`,
//    `"${x}"`) is key_expr.
//  - .tfvars: top-level attributes (or a top-level object) → parameter_values.
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
