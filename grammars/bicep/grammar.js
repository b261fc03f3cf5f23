/**
 * @file erlint's tree-sitter grammar for Bicep (.bicep and .bicepparam files).
 *
 * Written for erlint from the Bicep language documentation (file structure,
 * data types, operators, user-defined types and functions, imports, extensions,
 * lambdas, resource-derived types, parameter files).
 *
 * Newlines are significant in Bicep: they end statements and separate the items
 * of multi-line objects and arrays. The external scanner (src/scanner.c) emits a
 * hidden `_newline` token only where the parser can use one; everywhere else a
 * newline is ordinary whitespace (inside parentheses, after an operator, ...),
 * except before a line that starts a declaration (`param p string`, `@decorator`,
 * ...), which cannot continue an expression: there a `_newline` ends the
 * unfinished expression with a syntax error, and the declaration parses.
 * A line that starts with `?`, `:` or `|` continues the previous expression
 * (multi-line ternaries and union types).
 *
 * The scanner also lexes comments (so that an unterminated block comment costs
 * one pass), string contents and multi-line strings ('''...''',
 * $'''...${x}...''', $$'''...$${x}...''').
 */

/* eslint-disable arrow-parens, camelcase */

const PREC = {
  lambda: -1,
  ternary: 1,
  coalesce: 2,
  or: 3,
  and: 4,
  equality: 5,
  relational: 6,
  additive: 7,
  multiplicative: 8,
  unary: 9,
  postfix: 10,

  type_union: 1,
  type_postfix: 2,
};

/**
 * Items separated by a comma, a newline or both, with an optional leading
 * newline and an optional trailing separator: the body of an object, array, tuple
 * type, object type or import list.
 * @param {GrammarSymbols<string>} $
 * @param {RuleOrLiteral} item
 */
function listBody($, item) {
  return seq(
    optional($._newline),
    optional(seq(item, repeat(seq($._separator, item)), optional($._separator))),
  );
}

/**
 * One or more items separated by commas (no trailing comma).
 * @param {RuleOrLiteral} item
 */
function commaSep1(item) {
  return seq(item, repeat(seq(',', item)));
}

/** @param {RuleOrLiteral} item */
function commaSep(item) {
  return optional(commaSep1(item));
}

module.exports = grammar({
  name: 'bicep',

  externals: $ => [
    $._newline,
    $.string_content,
    $._multiline_string_start,
    $._multiline_string_content,
    $._multiline_interpolation_start,
    $._multiline_string_end,
    $.comment,
    $._unterminated_comment,
    $._error_sentinel,
  ],

  extras: $ => [
    /[ \t\f\v\r\n\uFEFF]/,
    $.comment,
    $.diagnostic_directive,
  ],

  word: $ => $.identifier,

  inline: $ => [
    $._separator,
    $._expression,
  ],

  supertypes: $ => [
    $._statement,
    $._type,
  ],

  conflicts: $ => [
    // `(a)` may be a parenthesised expression or the parameter list of a lambda.
    [$._primary_expression, $.lambda_parameters],
  ],

  rules: {
    source_file: $ => seq(
      repeat(choice(
        seq($._statement, $._newline),
        $._newline,
      )),
      optional($._statement),
    ),

    // Between two items: `,`, a newline, or both. (One newline token stands for
    // any number of line breaks, blank lines and comment lines: after it the
    // parser accepts no other, so the scanner treats further breaks as whitespace.)
    _separator: $ => choice(',', $._newline, seq(',', $._newline)),

    // ------------------------------------------------------------------
    // Statements
    // ------------------------------------------------------------------

    _statement: $ => choice(
      $.target_scope_declaration,
      $.metadata_declaration,
      $.parameter_declaration,
      $.parameter_assignment,
      $.variable_declaration,
      $.output_declaration,
      $.resource_declaration,
      $.module_declaration,
      $.test_declaration,
      $.type_declaration,
      $.function_declaration,
      $.import_declaration,
      $.extension_declaration,
      $.extension_config_declaration,
      $.assert_declaration,
      $.using_declaration,
      $.extends_declaration,
    ),

    // Decorators precede a declaration, usually one per line. (Bicep's formatter
    // may put a tuple item's decorator on the same line followed by a comma.)
    _decorators: $ => repeat1(seq($.decorator, optional($._separator))),

    decorator: $ => seq(
      '@',
      field('function', choice($.identifier, alias($._decorator_namespace_member, $.member_expression))),
      field('arguments', $.arguments),
    ),

    _decorator_namespace_member: $ => seq(
      field('object', $.identifier),
      '.',
      field('property', $.identifier),
    ),

    target_scope_declaration: $ => seq(
      'targetScope',
      '=',
      field('value', $._expression),
    ),

    metadata_declaration: $ => seq(
      optional($._decorators),
      'metadata',
      field('name', $.identifier),
      '=',
      field('value', $._expression),
    ),

    // `param name type [= default]` (.bicep)
    parameter_declaration: $ => seq(
      optional($._decorators),
      'param',
      field('name', $.identifier),
      field('type', $._type),
      optional(seq('=', field('value', $._expression))),
    ),

    // `param name = value` (.bicepparam)
    parameter_assignment: $ => seq(
      optional($._decorators),
      'param',
      field('name', $.identifier),
      '=',
      field('value', $._expression),
    ),

    variable_declaration: $ => seq(
      optional($._decorators),
      'var',
      field('name', $.identifier),
      optional(field('type', $._type)),
      '=',
      field('value', $._expression),
    ),

    output_declaration: $ => seq(
      optional($._decorators),
      'output',
      field('name', $.identifier),
      field('type', $._type),
      '=',
      field('value', $._expression),
    ),

    resource_declaration: $ => seq(
      optional($._decorators),
      'resource',
      field('name', $.identifier),
      field('type', $.string),
      optional(field('existing', $.existing)),
      '=',
      field('value', $._declaration_body),
    ),

    existing: _ => 'existing',

    module_declaration: $ => seq(
      optional($._decorators),
      'module',
      field('name', $.identifier),
      field('path', $.string),
      '=',
      field('value', $._declaration_body),
    ),

    test_declaration: $ => seq(
      optional($._decorators),
      'test',
      field('name', $.identifier),
      field('path', $.string),
      '=',
      field('value', $._declaration_body),
    ),

    _declaration_body: $ => choice(
      $.object,
      $.if_expression,
      $.for_expression,
    ),

    type_declaration: $ => seq(
      optional($._decorators),
      'type',
      field('name', $.identifier),
      '=',
      field('value', $._type),
    ),

    function_declaration: $ => seq(
      optional($._decorators),
      'func',
      field('name', $.identifier),
      field('parameters', $.function_parameters),
      field('return_type', $._type),
      '=>',
      field('body', $._expression),
    ),

    function_parameters: $ => seq('(', commaSep($.function_parameter), ')'),

    function_parameter: $ => seq(
      optional($._decorators),
      field('name', $.identifier),
      field('type', $._type),
    ),

    // Compile-time imports:
    //   import { a, b as c } from './x.bicep'
    //   import * as ns from 'br/public:...'
    import_declaration: $ => seq(
      optional($._decorators),
      'import',
      choice(
        field('imports', $.import_list),
        field('imports', $.wildcard_import),
      ),
      'from',
      field('source', $.string),
    ),

    import_list: $ => seq('{', listBody($, $.import_specifier), '}'),

    import_specifier: $ => seq(
      field('name', choice($.identifier, $.string)),
      optional(seq('as', field('alias', $.identifier))),
    ),

    wildcard_import: $ => seq('*', 'as', field('alias', $.identifier)),

    // extension az
    // extension kubernetes with { ... } as k8s
    // extension 'br:registry/path:1.0.0' with { ... } as alias
    // import 'az@1.0.0' / provider 'x@1.0.0' ... (older spellings)
    extension_declaration: $ => seq(
      optional($._decorators),
      choice('extension', 'provider', 'import'),
      field('specification', choice($.identifier, $.string)),
      optional(seq('with', field('config', $.object))),
      optional(seq('as', field('alias', $.identifier))),
    ),

    // extensionConfig name with { ... } (.bicepparam)
    extension_config_declaration: $ => seq(
      'extensionConfig',
      field('name', $.identifier),
      'with',
      field('config', $.object),
    ),

    assert_declaration: $ => seq(
      optional($._decorators),
      'assert',
      field('name', $.identifier),
      '=',
      field('value', $._expression),
    ),

    // using './main.bicep' / using none / using 'x' with { ... } (.bicepparam)
    using_declaration: $ => seq(
      'using',
      field('path', choice($.string, $.none)),
      optional(seq('with', field('config', $.object))),
    ),

    none: _ => 'none',

    extends_declaration: $ => seq(
      'extends',
      field('path', $.string),
    ),

    // ------------------------------------------------------------------
    // Types
    // ------------------------------------------------------------------

    _type: $ => choice(
      $.union_type,
      $._single_type,
    ),

    _single_type: $ => choice(
      $.identifier,
      $.string,
      $.number,
      $.boolean,
      $.null,
      $.unary_type,
      $.object_type,
      $.tuple_type,
      $.parenthesized_type,
      $.resource_type,
      $.array_type,
      $.nullable_type,
      $.non_null_type,
      $.type_member_access,
      $.type_index_access,
      $.parameterized_type,
    ),

    // 'a' | 'b' | 'c' (a leading `|` is allowed)
    union_type: $ => prec.left(PREC.type_union, choice(
      seq('|', field('member', $._single_type), repeat(seq('|', field('member', $._single_type)))),
      seq(field('member', $._single_type), repeat1(seq('|', field('member', $._single_type)))),
    )),

    // -10, !true
    unary_type: $ => seq(
      field('operator', choice('-', '!')),
      field('argument', choice($.number, $.boolean)),
    ),

    array_type: $ => prec(PREC.type_postfix, seq(
      field('element', $._single_type),
      '[',
      ']',
    )),

    nullable_type: $ => prec(PREC.type_postfix, seq(field('type', $._single_type), '?')),

    non_null_type: $ => prec(PREC.type_postfix, seq(field('type', $._single_type), '!')),

    // foo.bar, sys.string, T.* (additional properties type)
    type_member_access: $ => prec(PREC.type_postfix, seq(
      field('object', $._single_type),
      '.',
      field('property', choice($.identifier, alias('*', $.wildcard))),
    )),

    // T[0], T[*] (element type)
    type_index_access: $ => prec(PREC.type_postfix, seq(
      field('object', $._single_type),
      '[',
      field('index', choice($.number, alias('*', $.wildcard))),
      ']',
    )),

    // resourceInput<'Microsoft.Network/routeTables@2024-07-01'>
    parameterized_type: $ => prec(PREC.type_postfix, seq(
      field('name', $._single_type),
      '<',
      commaSep1(field('argument', $._type)),
      '>',
    )),

    parenthesized_type: $ => seq('(', field('type', $._type), ')'),

    // param x resource 'Microsoft.Storage/storageAccounts@2023-01-01'
    resource_type: $ => seq('resource', field('type', $.string)),

    object_type: $ => seq(
      '{',
      listBody($, choice($.object_type_property, $.object_type_additional_properties)),
      '}',
    ),

    object_type_property: $ => seq(
      optional($._decorators),
      field('key', choice($.identifier, $.string)),
      ':',
      field('value', $._type),
    ),

    // *: string
    object_type_additional_properties: $ => seq(
      optional($._decorators),
      '*',
      ':',
      field('value', $._type),
    ),

    tuple_type: $ => seq(
      '[',
      listBody($, $.tuple_type_item),
      ']',
    ),

    tuple_type_item: $ => seq(
      optional($._decorators),
      field('type', $._type),
    ),

    // ------------------------------------------------------------------
    // Expressions
    // ------------------------------------------------------------------

    _expression: $ => choice(
      $.ternary_expression,
      $.binary_expression,
      $.unary_expression,
      $.lambda_expression,
      $._primary_expression,
    ),

    _primary_expression: $ => choice(
      $.identifier,
      $.number,
      $.boolean,
      $.null,
      $.string,
      $.multiline_string,
      $.object,
      $.array,
      $.for_expression,
      $.parenthesized_expression,
      $.call_expression,
      $.member_expression,
      $.subscript_expression,
      $.non_null_assertion,
      $.nested_resource_access,
    ),

    ternary_expression: $ => prec.right(PREC.ternary, seq(
      field('condition', $._expression),
      '?',
      field('consequence', $._expression),
      ':',
      field('alternative', $._expression),
    )),

    binary_expression: $ => {
      const table = [
        [PREC.coalesce, '??'],
        [PREC.or, '||'],
        [PREC.and, '&&'],
        [PREC.equality, choice('==', '!=', '=~', '!~')],
        [PREC.relational, choice('<', '<=', '>', '>=')],
        [PREC.additive, choice('+', '-')],
        [PREC.multiplicative, choice('*', '/', '%')],
      ];
      return choice(...table.map(([p, op]) => prec.left(p, seq(
        field('left', $._expression),
        field('operator', op),
        field('right', $._expression),
      ))));
    },

    unary_expression: $ => prec(PREC.unary, seq(
      field('operator', choice('!', '-')),
      field('argument', $._expression),
    )),

    // x => x.name, (a, b) => a + b, () => 1
    lambda_expression: $ => prec.right(PREC.lambda, seq(
      field('parameters', choice($.identifier, $.lambda_parameters)),
      '=>',
      field('body', $._expression),
    )),

    lambda_parameters: $ => seq('(', commaSep($.identifier), ')'),

    parenthesized_expression: $ => seq('(', field('expression', $._expression), ')'),

    call_expression: $ => prec(PREC.postfix, seq(
      field('function', $._primary_expression),
      field('arguments', $.arguments),
    )),

    arguments: $ => seq('(', commaSep($._expression), ')'),

    // a.b and a.?b (field `safe`: a `safe_access` node for `.?`)
    member_expression: $ => prec(PREC.postfix, seq(
      field('object', $._primary_expression),
      choice('.', field('safe', alias('.?', $.safe_access))),
      field('property', $.identifier),
    )),

    // a[0], a[?0] (field `safe`: `safe_access`), a[^1] (field `from_end`: `index_from_end`)
    subscript_expression: $ => prec(PREC.postfix, seq(
      field('object', $._primary_expression),
      '[',
      optional(field('safe', alias('?', $.safe_access))),
      optional(field('from_end', alias('^', $.index_from_end))),
      field('index', $._expression),
      ']',
    )),

    // x!
    non_null_assertion: $ => prec(PREC.postfix, seq(
      field('expression', $._primary_expression),
      '!',
    )),

    // parent::child
    nested_resource_access: $ => prec(PREC.postfix, seq(
      field('object', $._primary_expression),
      '::',
      field('resource', $.identifier),
    )),

    // [for x in xs: body], [for (x, i) in xs: body], body may be `if (c) {...}`
    for_expression: $ => seq(
      '[',
      optional($._newline),
      'for',
      choice(
        field('item', $.identifier),
        seq('(', field('item', $.identifier), ',', field('index', $.identifier), ')'),
      ),
      'in',
      field('iterable', $._expression),
      ':',
      field('body', choice($._expression, $.if_expression)),
      optional($._newline),
      ']',
    ),

    // if (condition) { ... } (resource/module condition)
    if_expression: $ => seq(
      'if',
      '(',
      field('condition', $._expression),
      ')',
      field('body', $.object),
    ),

    object: $ => seq(
      '{',
      listBody($, choice($.object_property, $.spread_element, $.resource_declaration)),
      '}',
    ),

    object_property: $ => seq(
      field('key', choice(
        $.identifier,
        $.string,
        // `resource` starts a nested resource here, yet is also a common key.
        alias('resource', $.identifier),
      )),
      ':',
      field('value', $._expression),
    ),

    array: $ => seq(
      '[',
      listBody($, choice($._expression, $.spread_element)),
      ']',
    ),

    spread_element: $ => seq('...', field('value', $._expression)),

    // ------------------------------------------------------------------
    // Literals and lexical elements
    // ------------------------------------------------------------------

    string: $ => seq(
      '\'',
      repeat(choice(
        $.string_content,
        $.escape_sequence,
        $.interpolation,
      )),
      token.immediate('\''),
    ),

    escape_sequence: _ => token.immediate(seq(
      '\\',
      choice(/['\\nrt$]/, /u\{[0-9a-fA-F]+\}/),
    )),

    interpolation: $ => seq(
      token.immediate('${'),
      field('expression', $._expression),
      '}',
    ),

    // '''raw text''' or $'''text ${expr}''' ($$'''...$${expr}...''' etc.)
    multiline_string: $ => seq(
      $._multiline_string_start,
      repeat(choice(
        alias($._multiline_string_content, $.string_content),
        alias($._multiline_interpolation, $.interpolation),
      )),
      alias($._multiline_string_end, "'''"),
    ),

    _multiline_interpolation: $ => seq(
      $._multiline_interpolation_start,
      field('expression', $._expression),
      '}',
    ),

    number: _ => /[0-9]+/,

    boolean: _ => choice('true', 'false'),

    null: _ => 'null',

    identifier: _ => /[a-zA-Z_][a-zA-Z0-9_]*/,

    // #disable-next-line code1 code2, #disable-diagnostics ..., #restore-diagnostics ...
    // One token: the directive name and its codes, without a trailing comment.
    diagnostic_directive: _ => token(seq(
      '#',
      /[a-zA-Z][a-zA-Z0-9-]*/,
      repeat(seq(/[ \t]+/, /[^ \t\r\n\/]+/)),
    )),
  },
});
