#pragma once
// The Bicep front end: a `.bicep` or `.bicepparam` file, parsed with erlint's own tree-sitter
// grammar (grammars/bicep), lowered into the neutral model::Template.
#include "model/template.hpp"
#include "parse/parse_options.hpp"
#include "source/source_file.hpp"
#include "syntax/tree_sitter.hpp"

namespace erlint::parse {

// Parses and lowers one Bicep file. Never throws on bad input: syntax errors become
// Problem{Syntax} (the rest of the file is still lowered where tree-sitter recovered), limits become
// Problem{Limit}. `parser` must be a syntax::Grammar::Bicep parser owned by the calling thread.
model::Template parse_bicep_file(const SourceFile& file, syntax::Parser& parser, const ParseOptions& options);

}  // namespace erlint::parse
