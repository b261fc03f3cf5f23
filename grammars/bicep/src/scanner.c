/*
 * External scanner for erlint's Bicep grammar.
 *
 * Tokens produced here:
 *   _newline                 a significant line break (where the parser can use one, and
 *                            before a declaration that cannot continue the line before it:
 *                            see scan_stray_declaration)
 *   string_content           text inside a '...' string
 *   _multiline_string_start  ''' or $'''  $$''' ... (the number of `$` selects the
 *                            interpolation marker: $'''...${x}...''', $$'''...$${x}...''')
 *   _multiline_string_content
 *   _multiline_interpolation_start  `${`, `$${`, ... inside an interpolated multi-line string
 *   _multiline_string_end    '''
 *   comment                  line comments and block comments
 *   _unterminated_comment    a block comment without its closing star-slash: it runs to
 *                            the end of the file and, being valid nowhere, makes the parser
 *                            report an error. (Lexing block comments here keeps this linear:
 *                            a regular-expression token would rescan to the end of the file
 *                            for every later block-comment opener.)
 *   _error_sentinel          marks error recovery in valid_symbols (tree-sitter then marks
 *                            every token valid); as a token: the rest of a line skipped
 *                            during error recovery (scan_error_chunk); no rule uses it.
 *
 * The scanner state is the stack of open multi-line strings (their `$` count), so that
 * a multi-line string nested in an interpolation of another one ends up right, and,
 * during error recovery, whether a new line was reached and the column its code starts at.
 */

#include "tree_sitter/parser.h"

#include <stdbool.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>

enum TokenType {
  NEWLINE,
  STRING_CONTENT,
  MULTILINE_STRING_START,
  MULTILINE_STRING_CONTENT,
  MULTILINE_INTERPOLATION_START,
  MULTILINE_STRING_END,
  COMMENT,
  UNTERMINATED_COMMENT,
  ERROR_SENTINEL,
};

#define MAX_RECORDED_DEPTH 120

/* On the line where an error starts, error recovery skips the rest of the line as one
   token only when at least this many characters are left on it (see scan_error_chunk). */
#define LONG_ERROR_LINE 256

typedef struct {
  bool error_line;                       /* error recovery reached a new line (see scan_error_chunk) */
  uint16_t line_column;                  /* the column where that line's code starts */
  uint16_t depth;                        /* open multi-line strings */
  uint8_t dollars[MAX_RECORDED_DEPTH];   /* `$` count of each (0 = no interpolation) */
} Scanner;

static inline void advance(TSLexer *lexer) { lexer->advance(lexer, false); }
static inline void skip(TSLexer *lexer) { lexer->advance(lexer, true); }

static inline bool is_space(int32_t c) {
  return c == ' ' || c == '\t' || c == '\f' || c == '\v' || c == 0xFEFF;
}

static inline bool is_newline(int32_t c) { return c == '\n' || c == '\r'; }

static unsigned current_dollars(const Scanner *s) {
  if (s->depth == 0) return 0;
  if (s->depth > MAX_RECORDED_DEPTH) return 1;
  return s->dollars[s->depth - 1];
}

static void push_string(Scanner *s, unsigned dollars) {
  if (s->depth < MAX_RECORDED_DEPTH) s->dollars[s->depth] = (uint8_t)(dollars > 255 ? 255 : dollars);
  if (s->depth < UINT16_MAX) s->depth++;
}

static void pop_string(Scanner *s) {
  if (s->depth > 0) s->depth--;
}

/* After a block comment's opener: up to and including its closer; false at the end of the file. */
static bool scan_block_comment_rest(TSLexer *lexer) {
  bool star = false;
  while (!lexer->eof(lexer)) {
    int32_t c = lexer->lookahead;
    advance(lexer);
    if (star && c == '/') return true;
    star = c == '*';
  }
  return false;
}

/* At `/`: a comment, or nothing (a division operator). */
static bool scan_comment(TSLexer *lexer) {
  advance(lexer);
  if (lexer->lookahead == '/') {
    while (!lexer->eof(lexer) && !is_newline(lexer->lookahead)) advance(lexer);
    lexer->mark_end(lexer);
    lexer->result_symbol = COMMENT;
    return true;
  }
  if (lexer->lookahead != '*') return false;
  advance(lexer);
  lexer->result_symbol = scan_block_comment_rest(lexer) ? COMMENT : UNTERMINATED_COMMENT;
  lexer->mark_end(lexer);
  return true;
}

static inline bool is_word_start(int32_t c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

static inline bool is_word_char(int32_t c) { return is_word_start(c) || (c >= '0' && c <= '9'); }

/* After a line break that is whitespace: skips the blank lines and indentation that follow
   and says whether the next line starts with a letter or `@` (a declaration may start there). */
static bool scan_line_start(TSLexer *lexer) {
  while (is_space(lexer->lookahead) || is_newline(lexer->lookahead)) skip(lexer);
  return is_word_start(lexer->lookahead) || lexer->lookahead == '@';
}

/* A word (letters, digits, `_`) into `word` (null-terminated); false if it does not fit
   (the rest of the word is consumed all the same). */
static bool scan_word(TSLexer *lexer, char *word, unsigned size) {
  unsigned length = 0;
  bool fits = true;
  while (is_word_char(lexer->lookahead)) {
    if (length + 1 < size) word[length++] = (char)lexer->lookahead;
    else fits = false;
    advance(lexer);
  }
  word[length] = 0;
  return fits;
}

static bool is_one_of(const char *word, const char *const *words, unsigned count) {
  for (unsigned i = 0; i < count; i++)
    if (strcmp(word, words[i]) == 0) return true;
  return false;
}

/* At `=`: an assignment, not `==`, `=~` or `=>`. */
static bool scan_assignment(TSLexer *lexer) {
  advance(lexer);
  return lexer->lookahead != '=' && lexer->lookahead != '~' && lexer->lookahead != '>';
}

/*
 * At the start of a line that follows a line break where the parser accepts none (inside
 * parentheses, after an operator): a line that starts a declaration cannot continue the
 * expression before it, so that expression was left unfinished, typically by an unclosed
 * `(`. A `_newline` is returned there anyway: the parser reports the error at the end of
 * the line before and recovers at the declaration, instead of reading the declarations
 * that follow as arguments, one error per token, to the end of the file.
 *
 * A declaration here is a decorator, or a keyword followed by what only a declaration has
 * after it: `param p string`, `var v =`, `resource r 'T'`, `func f(`, `import {`,
 * `import *`, `using '...'`, `extension k8s with`, `targetScope =`, ... Not a keyword
 * followed by one name and then `,`, `)` or the end of the line: that is a function
 * parameter such as `type string` in `func f(\n  type string\n)` (so `extension az` and
 * `using none` alone are not recognised). Nor an operator, as in `type * 2`.
 */
static bool scan_stray_declaration(TSLexer *lexer) {
  static const char *const keywords[] = {
      "param",  "var",      "output",      "resource", "module",    "type",     "func",
      "import", "metadata", "targetScope", "using",    "extension", "provider", "test",
      "assert", "extends",  "extensionConfig",
  };
  /* Keywords that may be followed by a string. */
  static const char *const path_keywords[] = {"import", "using", "extends", "extension", "provider"};
  lexer->mark_end(lexer);
  lexer->result_symbol = NEWLINE;
  if (lexer->lookahead == '@') {
    advance(lexer);
    return is_word_start(lexer->lookahead);
  }
  char word[16];
  if (!scan_word(lexer, word, sizeof word) || !is_one_of(word, keywords, sizeof keywords / sizeof *keywords)) return false;
  const bool path_keyword = is_one_of(word, path_keywords, sizeof path_keywords / sizeof *path_keywords);
  if (!is_space(lexer->lookahead)) return false;
  while (is_space(lexer->lookahead)) advance(lexer);
  int32_t c = lexer->lookahead;
  if (c == '=') return scan_assignment(lexer);
  if (c == '{' || c == '*') return strcmp(word, "import") == 0;
  if (c == '\'') return path_keyword;
  if (!is_word_start(c)) return false;
  char name[2];
  scan_word(lexer, name, sizeof name); /* the name itself does not matter */
  while (is_space(lexer->lookahead)) advance(lexer);
  c = lexer->lookahead;
  if (c == '=') return scan_assignment(lexer);
  return c == '\'' || c == '(' || is_word_start(c);
}

/*
 * At a line break where the parser accepts a newline. Line breaks and blank
 * lines are skipped (they are whitespace) and the token itself is empty, placed
 * before the next comment or code. The next line decides:
 *  - it starts with `?`, `:` or `|`: it continues the expression (multi-line
 *    ternary, union type), no newline token;
 *  - it starts with a line comment, or a block comment that ends its line: the
 *    comment is returned instead (comments are extras) and the scanner decides
 *    again at the line break after it;
 *  - it starts with a diagnostic directive: no token; the directive is lexed (it is
 *    an extra) and the scanner decides again at the line break after it;
 *  - otherwise (code, a block comment followed by code): a newline.
 */
static bool scan_newline(TSLexer *lexer, bool error_mode) {
  while (is_newline(lexer->lookahead) || is_space(lexer->lookahead)) skip(lexer);
  lexer->mark_end(lexer);
  lexer->result_symbol = NEWLINE;
  if (error_mode || lexer->eof(lexer)) return true;
  int32_t c = lexer->lookahead;
  if (c == '/') {
    advance(lexer);
    if (lexer->lookahead == '/') {
      while (!lexer->eof(lexer) && !is_newline(lexer->lookahead)) advance(lexer);
      lexer->mark_end(lexer);
      lexer->result_symbol = COMMENT;
      return true;
    }
    if (lexer->lookahead == '*') {
      advance(lexer);
      if (!scan_block_comment_rest(lexer)) {
        lexer->mark_end(lexer);
        lexer->result_symbol = UNTERMINATED_COMMENT;
        return true;
      }
      if (lexer->eof(lexer) || is_newline(lexer->lookahead)) {
        lexer->mark_end(lexer);
        lexer->result_symbol = COMMENT;
      }
      return true;  /* else: the newline, ending before the comment */
    }
    return true;  /* a `/` starting a line: not a continuation */
  }
  /* A directive line is treated like a comment line: the newline comes after it. */
  return !(c == '?' || c == ':' || c == '|' || c == '#');
}

/* Text of a '...' string up to a quote, backslash, line break or interpolation. */
static bool scan_string_content(TSLexer *lexer) {
  lexer->result_symbol = STRING_CONTENT;
  bool has_content = false;
  for (;;) {
    if (lexer->eof(lexer)) break;
    int32_t c = lexer->lookahead;
    if (c == '\'' || c == '\\' || is_newline(c)) break;
    if (c == '$') {
      /* A run of `$` followed by `{`: the last `$` starts an interpolation. */
      lexer->mark_end(lexer);
      advance(lexer);
      unsigned run = 1;
      if (!has_content) lexer->mark_end(lexer);
      while (lexer->lookahead == '$') {
        advance(lexer);
        run++;
      }
      if (lexer->lookahead == '{') {
        if (has_content) return true;  /* ends before the run */
        return run > 1;                /* a single `$` of content, or `${` for the parser */
      }
      has_content = true;
      continue;
    }
    advance(lexer);
    has_content = true;
  }
  lexer->mark_end(lexer);
  return has_content;
}

/* Inside a multi-line string: content, an interpolation start, or the closing '''. */
static bool scan_multiline_body(Scanner *s, TSLexer *lexer, const bool *valid) {
  unsigned dollars = current_dollars(s);
  bool has_content = false;
  for (;;) {
    if (lexer->eof(lexer)) break;
    int32_t c = lexer->lookahead;
    if (c == '\'') {
      /* A run of 3 or more quotes closes the string; quotes before the last
         three belong to the content. */
      lexer->mark_end(lexer);
      advance(lexer);
      unsigned run = 1;
      if (!has_content) lexer->mark_end(lexer);
      while (lexer->lookahead == '\'') {
        advance(lexer);
        run++;
      }
      if (run >= 3) {
        if (has_content || run > 3) {
          lexer->result_symbol = MULTILINE_STRING_CONTENT;
          return valid[MULTILINE_STRING_CONTENT];
        }
        lexer->mark_end(lexer);
        lexer->result_symbol = MULTILINE_STRING_END;
        if (!valid[MULTILINE_STRING_END]) return false;
        pop_string(s);
        return true;
      }
      has_content = true;
      continue;
    }
    if (c == '$' && dollars > 0) {
      lexer->mark_end(lexer);
      advance(lexer);
      unsigned run = 1;
      if (!has_content) lexer->mark_end(lexer);
      while (lexer->lookahead == '$') {
        advance(lexer);
        run++;
      }
      if (lexer->lookahead == '{' && run >= dollars) {
        if (has_content || run > dollars) {
          lexer->result_symbol = MULTILINE_STRING_CONTENT;
          return valid[MULTILINE_STRING_CONTENT];
        }
        advance(lexer);
        lexer->mark_end(lexer);
        lexer->result_symbol = MULTILINE_INTERPOLATION_START;
        return valid[MULTILINE_INTERPOLATION_START];
      }
      has_content = true;
      continue;
    }
    advance(lexer);
    has_content = true;
  }
  lexer->mark_end(lexer);
  lexer->result_symbol = MULTILINE_STRING_CONTENT;
  return has_content && valid[MULTILINE_STRING_CONTENT];
}

/* At `'` or `$`: a multi-line string opener `$*'''`. */
static bool scan_multiline_start(Scanner *s, TSLexer *lexer) {
  unsigned dollars = 0;
  while (lexer->lookahead == '$') {
    advance(lexer);
    dollars++;
  }
  for (int i = 0; i < 3; i++) {
    if (lexer->lookahead != '\'') return false;
    advance(lexer);
  }
  lexer->mark_end(lexer);
  lexer->result_symbol = MULTILINE_STRING_START;
  push_string(s, dollars);
  return true;
}

/*
 * During error recovery: the rest of a line as one token that no rule uses
 * (_error_sentinel). Tree-sitter skips it whole, cheaply (a hidden token costs only its
 * length), and tries to recover at the line break and at the next line's first token (a
 * keyword, a key, a closing bracket) rather than at every token in between. An error that
 * runs over many lines or along a long line (an unclosed bracket, a file that is not
 * Bicep) then stays small in the tree and costs little time: recovering at every token
 * costs microseconds a token, and the 0.25 runtime merges the ERROR nodes of consecutive
 * recoveries by copying their children (quadratic).
 *  - On a line after the one where the error starts (error_line): after the line's
 *    first token.
 *  - On the line where the error starts: only when at least min_line characters are left
 *    on it, so that an ordinary error recovers, and is reported, token by token as usual.
 * The chunk never crosses the start of a comment or multi-line string (a block comment
 * or multi-line string may span lines): it ends before one, and one at its start is
 * returned as itself.
 */
static bool scan_error_chunk(Scanner *s, TSLexer *lexer, bool error_line, uint32_t min_line) {
  if (is_newline(lexer->lookahead)) return false;
  bool has_content = false;
  uint32_t length = 0; /* characters scanned */
  for (;;) {
    if (lexer->eof(lexer) || is_newline(lexer->lookahead)) {
      lexer->mark_end(lexer);
      break;
    }
    int32_t c = lexer->lookahead;
    length++;
    if (c != '/' && c != '\'' && c != '$') {
      advance(lexer);
      has_content = true;
      continue;
    }
    /* A possible block-comment or multi-line-string start: end the chunk before it. */
    lexer->mark_end(lexer);
    advance(lexer);
    if (c == '/') {
      if (lexer->lookahead == '/') {
        if (has_content) break;
        while (!lexer->eof(lexer) && !is_newline(lexer->lookahead)) advance(lexer);
        lexer->mark_end(lexer);
        lexer->result_symbol = COMMENT;
        s->error_line = error_line;
        return true;
      }
      if (lexer->lookahead == '*') {
        if (has_content) break;
        advance(lexer);
        lexer->result_symbol = scan_block_comment_rest(lexer) ? COMMENT : UNTERMINATED_COMMENT;
        lexer->mark_end(lexer);
        s->error_line = error_line;
        return true;
      }
      has_content = true;
      continue;
    }
    unsigned dollars = 0;
    if (c == '$') {
      dollars = 1;
      while (lexer->lookahead == '$') {
        advance(lexer);
        dollars++;
      }
      if (lexer->lookahead != '\'') {
        has_content = true;
        continue;
      }
      advance(lexer);
    }
    /* after one quote */
    if (lexer->lookahead == '\'') {
      advance(lexer);
      if (lexer->lookahead == '\'') {
        if (has_content) break;
        advance(lexer);
        lexer->mark_end(lexer);
        lexer->result_symbol = MULTILINE_STRING_START;
        push_string(s, dollars);
        s->error_line = error_line;
        return true;
      }
    }
    has_content = true;
  }
  /* has_content: every path that consumes a character sets it or returns */
  if (length < min_line) {
    /* Only if the line goes on for at least min_line characters: measure the rest. */
    while (length < min_line && !lexer->eof(lexer) && !is_newline(lexer->lookahead)) {
      advance(lexer);
      length++;
    }
    if (length < min_line) return false;
  }
  lexer->result_symbol = ERROR_SENTINEL;
  s->error_line = error_line;
  return true;
}

void *tree_sitter_bicep_external_scanner_create(void) {
  Scanner *s = (Scanner *)calloc(1, sizeof(Scanner));
  return s;
}

void tree_sitter_bicep_external_scanner_destroy(void *payload) { free(payload); }

unsigned tree_sitter_bicep_external_scanner_serialize(void *payload, char *buffer) {
  Scanner *s = (Scanner *)payload;
  unsigned recorded = s->depth < MAX_RECORDED_DEPTH ? s->depth : MAX_RECORDED_DEPTH;
  buffer[0] = (char)s->error_line;
  buffer[1] = (char)(s->line_column & 0xFF);
  buffer[2] = (char)(s->line_column >> 8);
  buffer[3] = (char)(s->depth & 0xFF);
  buffer[4] = (char)(s->depth >> 8);
  memcpy(buffer + 5, s->dollars, recorded);
  return 5 + recorded;
}

void tree_sitter_bicep_external_scanner_deserialize(void *payload, const char *buffer, unsigned length) {
  Scanner *s = (Scanner *)payload;
  s->error_line = false;
  s->line_column = 0;
  s->depth = 0;
  if (length < 5) return;
  s->error_line = buffer[0] != 0;
  s->line_column = (uint16_t)((uint8_t)buffer[1] | ((uint16_t)(uint8_t)buffer[2] << 8));
  s->depth = (uint16_t)((uint8_t)buffer[3] | ((uint16_t)(uint8_t)buffer[4] << 8));
  unsigned recorded = s->depth < MAX_RECORDED_DEPTH ? s->depth : MAX_RECORDED_DEPTH;
  if (recorded > length - 5) recorded = length - 5;
  memcpy(s->dollars, buffer + 5, recorded);
}

bool tree_sitter_bicep_external_scanner_scan(void *payload, TSLexer *lexer, const bool *valid_symbols) {
  Scanner *s = (Scanner *)payload;
  bool error_mode = valid_symbols[ERROR_SENTINEL];
  const bool error_line = error_mode && s->error_line;
  s->error_line = false;

  if (!error_mode) {
    if (valid_symbols[STRING_CONTENT]) return scan_string_content(lexer);
    if (valid_symbols[MULTILINE_STRING_CONTENT] || valid_symbols[MULTILINE_STRING_END] ||
        valid_symbols[MULTILINE_INTERPOLATION_START]) {
      return scan_multiline_body(s, lexer, valid_symbols);
    }
  }

  for (;;) {
    int32_t c = lexer->lookahead;
    if (is_space(c)) {
      skip(lexer);
    } else if (is_newline(c)) {
      if (error_mode) {
        /* Error recovery reaches a new line: remember where its code starts. */
        scan_newline(lexer, true);
        uint32_t column = lexer->get_column(lexer);
        s->error_line = true;
        s->line_column = (uint16_t)(column < UINT16_MAX ? column : UINT16_MAX);
        return true;
      }
      if (valid_symbols[NEWLINE]) return scan_newline(lexer, false);
      skip(lexer);
      if (scan_line_start(lexer)) return scan_stray_declaration(lexer);
    } else {
      break;
    }
  }

  /* Error recovery: skip the rest of the line, on a line after the one where the error
     starts after the line's first token (only here is the column asked for: get_column
     may count from the line start), else if the line is long. */
  if (error_mode && !lexer->eof(lexer)) {
    if (error_line) {
      if (lexer->get_column(lexer) != s->line_column) return scan_error_chunk(s, lexer, true, 0);
    } else {
      return scan_error_chunk(s, lexer, false, LONG_ERROR_LINE);
    }
  }

  if (lexer->lookahead == '/' && valid_symbols[COMMENT]) return scan_comment(lexer);
  if (valid_symbols[MULTILINE_STRING_START] && (lexer->lookahead == '\'' || lexer->lookahead == '$')) {
    return scan_multiline_start(s, lexer);
  }
  return false;
}
