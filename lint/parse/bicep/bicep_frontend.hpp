#pragma once
// The Bicep front end: a `.bicep` or `.bicepparam` file, parsed with erlint's own tree-sitter
// grammar (grammars/bicep), lowered into the neutral model::Template.
//
// Conventions the evaluator and the graph builder rely on:
//  - resource sym 'T@v' [existing] = BODY → ResourceDecl{symbol, type = String "T" (the version cut
//    off; its range is the quoted string), api_version "v", existing, body = the Object after `=`
//    (for `if`/`for` forms: the inner object), name/parent/scope = the body's `name`/`parent`/
//    `scope` entries (exact key; they stay in the body too), range = the declaration with its
//    decorators, header_range = `resource sym 'T@v'`}.
//    `= if (c) {...}` → condition c. `= [for x in xs: ...]`, `[for (x, i) in xs: ...]` →
//    Loop{ForEach, source xs, item_name x, index_name i, range = the whole `[for ...]`}; the loop
//    filter `[for x in xs: if (c) {...}]` is the condition (evaluate it per instance, with x bound).
//  - A nested `resource child 'subnets' = {...}` inside a resource body is its own ResourceDecl, after
//    its parent (depth first, source order), with nested_parent = the parent's index, type as written
//    ('subnets' or a full type) and symbol its own name; it is not an entry of the parent's body.
//    `parent::child` lowers to Identifier "child" (its range covers `parent::child`).
//  - module sym 'path' = BODY → ModuleCall{symbol, source = String as written ('./x.bicep',
//    'br/public:...', 'br:...', 'ts:...'), name/params/scope = body entries, body, condition, loop}.
//  - param → Parameter{type = the type's source text, default_value, secure = @secure() or
//    @sys.secure(), allowed_values = @allowed's array}; var → Variable; output → Output{secure =
//    @secure()}; func → Function{params, body}; targetScope → Template::target_scope (unquoted).
//    type, import, extension, metadata, assert, test, extends are not lowered.
//  - .bicepparam: using 'p' → using_target String ('using none' leaves it null); param x = v →
//    parameter_values; var → variables.
//  - Strings: plain → String (escapes decoded); interpolated → Template of String parts (empty ones
//    dropped, each with its own range) and expression parts — also `'${x}'` (a string conversion).
//    Multi-line '''...''' → String, raw, the line break right after the opening ''' dropped (CRLF
//    inside is kept); $'''...${x}...''' → Template.
//  - Objects: identifier or quoted keys → static key (unquoted, unescaped; key_range = the key as
//    written); interpolated keys → key_expr. `...x` → an entry with an empty key, no key_expr and a
//    Spread value; in arrays a Spread item.
//  - References: Identifier, Member (safe_access for `.?`), Index (safe_access for `[?i]`);
//    `a[^n]` → Index(a, Binary "-" (Call length(a), n)); `x!` → NonNull; parentheses disappear.
//  - Calls: `f(x)` → Call "f"; `az.f()` / `sys.f()` / `ns.f()` for an `import * as ns` alias → Call
//    "ns.f"; any other `v.f(x)` is a method: Call "f" with receiver v (kv.getSecret('s'),
//    storage.listKeys()).
//  - Operators: Unary "!" / "-" (so -1 is Unary(-, 1)); Binary with the Bicep operator text
//    (+ - * / % == != < > <= >= =~ !~ && || ??); `c ? a : b` → Conditional; `x => b`,
//    `(a, b) => b` → Lambda{params, items[0] = body}; `[for (x, i) in xs: body]` → For{item_name,
//    index_name, items = [xs, body, filter or null]} (text empty).
//  - Anything tree-sitter could not parse lowers to Error (the evaluator makes it Unknown).
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
