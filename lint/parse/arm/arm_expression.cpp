#include "parse/arm/arm_expression.hpp"

#include <charconv>
#include <memory>
#include <utility>

#include "support/strings.hpp"

namespace erlint::parse {

namespace {

using model::Expr;
using model::ExprKind;
using model::ExprPtr;

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_letter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
// Function names are letters, digits and '_' (the ARM Tools tokenizer agrees); '$' is accepted
// too because generated templates use it in user-defined function namespaces.
bool is_name_start(char c) { return is_letter(c) || c == '_' || c == '$'; }
bool is_name_char(char c) { return is_name_start(c) || is_digit(c); }
// Property names after '.' are looser: real templates read outputs such as `.outputs.my-output`.
bool is_member_char(char c) { return is_name_char(c) || c == '-'; }

// Thrown inside the parser only, caught by parse(): it unwinds a half-built tree in one step,
// and never leaves this file (the front end does not throw).
struct SyntaxFailure {
  ErrorCode code;
  std::string message;
  std::uint32_t begin;  // offsets into the expression text
  std::uint32_t end;
};

class ExpressionParser {
 public:
  // `base` is the file offset of text[0] when `precise`; otherwise every node gets `fallback`.
  ExpressionParser(std::string_view text, std::uint32_t base, bool precise, Range fallback)
      : text_(text), base_(base), precise_(precise), fallback_(fallback) {}

  ExprPtr parse(std::vector<model::Problem>& problems) {
    try {
      skip_space();
      if (at_end()) fail("empty expression: expected a function call", pos_, pos_);
      ExprPtr root = parse_expression(1);
      skip_space();
      if (!at_end()) fail("unexpected '" + std::string(1, text_[pos_]) + "' after the end of the expression",
                          pos_, pos_ + 1);
      return root;
    } catch (const SyntaxFailure& failure) {
      Range where = range(failure.begin, failure.end);
      problems.push_back(model::Problem{failure.code, "invalid ARM expression: " + failure.message, where});
      return model::make_error(failure.message, fallback_);
    }
  }

 private:
  bool at_end() const { return pos_ >= text_.size(); }
  char peek() const { return at_end() ? '\0' : text_[pos_]; }
  void skip_space() {
    while (!at_end() && is_space(text_[pos_])) ++pos_;
  }

  Range range(std::uint32_t begin, std::uint32_t end) const {
    if (!precise_) return fallback_;
    return Range{fallback_.file, base_ + begin, base_ + end};
  }

  [[noreturn]] void fail(std::string message, std::uint32_t begin, std::uint32_t end,
                         ErrorCode code = ErrorCode::Syntax) const {
    throw SyntaxFailure{code, std::move(message), begin, end};
  }

  std::string describe_current() const {
    if (at_end()) return "the end of the expression";
    return "'" + std::string(1, text_[pos_]) + "'";
  }

  void expect(char c, std::string_view what) {
    skip_space();
    if (peek() != c) fail("expected " + std::string(what) + ", found " + describe_current(), pos_, pos_ + 1);
    ++pos_;
  }

  // primary ( '.' member | '[' expression ']' )*
  ExprPtr parse_expression(std::uint32_t depth) {
    if (depth > kMaxExpressionDepth)
      fail("expression nested deeper than " + std::to_string(kMaxExpressionDepth) + " levels", pos_, pos_ + 1,
           ErrorCode::Limit);
    skip_space();
    const std::uint32_t begin = pos_;
    ExprPtr result = parse_primary(depth);
    for (;;) {
      skip_space();
      const char c = peek();
      if (c == '.') {
        ++pos_;
        skip_space();
        const std::uint32_t name_begin = pos_;
        while (!at_end() && is_member_char(text_[pos_])) ++pos_;
        if (pos_ == name_begin) fail("expected a property name after '.', found " + describe_current(), pos_, pos_ + 1);
        result = model::make_member(std::move(result), std::string(text_.substr(name_begin, pos_ - name_begin)),
                                    range(begin, pos_));
      } else if (c == '[') {
        ++pos_;
        ExprPtr index = parse_expression(depth + 1);
        expect(']', "']' to close the index");
        result = model::make_index(std::move(result), std::move(index), range(begin, pos_));
      } else {
        return result;
      }
    }
  }

  ExprPtr parse_primary(std::uint32_t depth) {
    const char c = peek();
    if (c == '\'') return parse_string();
    if (is_digit(c) || c == '-' || c == '+') return parse_number();
    if (is_name_start(c)) return parse_call(depth);
    if (at_end()) fail("expected a function call, string or number, found the end of the expression", pos_, pos_);
    fail("expected a function call, string or number, found " + describe_current(), pos_, pos_ + 1);
  }

  // 'text' with '' standing for one quote.
  ExprPtr parse_string() {
    const std::uint32_t begin = pos_;
    ++pos_;
    std::string value;
    for (;;) {
      // Copy runs between quotes in one step: no per-character appends.
      const std::size_t quote = text_.find('\'', pos_);
      if (quote == std::string_view::npos) fail("unterminated string literal", begin, static_cast<std::uint32_t>(text_.size()));
      value.append(text_.substr(pos_, quote - pos_));
      pos_ = static_cast<std::uint32_t>(quote) + 1;
      if (peek() == '\'') {
        value.push_back('\'');
        ++pos_;
        continue;
      }
      break;
    }
    return model::make_string(std::move(value), range(begin, pos_));
  }

  ExprPtr parse_number() {
    const std::uint32_t begin = pos_;
    if (peek() == '-' || peek() == '+') ++pos_;
    while (!at_end() && (is_digit(text_[pos_]) || text_[pos_] == '.')) ++pos_;
    std::string_view digits = text_.substr(begin, pos_ - begin);
    if (!digits.empty() && digits.front() == '+') digits.remove_prefix(1);  // from_chars rejects '+'
    double value = 0;
    const auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
    if (error != std::errc() || end != digits.data() + digits.size())
      fail("invalid number '" + std::string(text_.substr(begin, pos_ - begin)) + "'", begin, pos_);
    return model::make_number(value, range(begin, pos_));
  }

  // name '(' args ')' or namespace '.' name '(' args ')'; bare true/false/null are literals.
  ExprPtr parse_call(std::uint32_t depth) {
    const std::uint32_t begin = pos_;
    while (!at_end() && is_name_char(text_[pos_])) ++pos_;
    std::string name(text_.substr(begin, pos_ - begin));
    const std::uint32_t name_end = pos_;
    skip_space();
    if (peek() == '.') {
      // A '.' right after a bare name can only be a user-defined function's namespace.
      ++pos_;
      skip_space();
      const std::uint32_t member_begin = pos_;
      while (!at_end() && is_name_char(text_[pos_])) ++pos_;
      if (pos_ == member_begin)
        fail("expected a function name after namespace '" + name + ".'", pos_, pos_ + 1);
      name.push_back('.');
      name.append(text_.substr(member_begin, pos_ - member_begin));
      skip_space();
      if (peek() != '(') fail("expected '(' after function name '" + name + "'", begin, pos_);
    }
    if (peek() != '(') {
      if (iequals(name, "true") || iequals(name, "false"))
        return model::make_bool(iequals(name, "true"), range(begin, name_end));
      if (iequals(name, "null")) return model::make_null(range(begin, name_end));
      fail("expected '(' after function name '" + name + "', found " + describe_current(), begin, name_end);
    }
    ++pos_;
    std::vector<ExprPtr> args;
    skip_space();
    if (peek() == ')') {
      ++pos_;
    } else {
      for (;;) {
        args.push_back(parse_expression(depth + 1));
        skip_space();
        if (peek() == ',') {
          ++pos_;
          continue;
        }
        if (peek() == ')') {
          ++pos_;
          break;
        }
        if (at_end()) fail("expected ')' to close the call of '" + name + "', found the end of the expression", pos_, pos_);
        fail("expected ',' or ')' in the call of '" + name + "', found " + describe_current(), pos_, pos_ + 1);
      }
    }
    return model::make_call(std::move(name), std::move(args), range(begin, pos_));
  }

  std::string_view text_;
  std::uint32_t base_;
  bool precise_;
  Range fallback_;
  std::uint32_t pos_ = 0;
};

// The root node of an expression string spans the whole JSON string; its children keep their
// precise ranges. Every node was just made by make_shared<Expr> (non-const) and nothing else
// holds the root yet, so setting its range in place is safe and saves a copy per expression.
ExprPtr with_range(ExprPtr expr, Range range) {
  if (expr && expr.use_count() == 1) std::const_pointer_cast<Expr>(expr)->range = range;
  return expr;
}

}  // namespace

bool is_arm_expression(std::string_view text) {
  return text.size() >= 2 && text.front() == '[' && text.back() == ']' && text[1] != '[';
}

model::ExprPtr parse_arm_expression(std::string_view expression_text, Range string_range,
                                    std::vector<model::Problem>& problems) {
  // Map offsets in `expression_text` to file offsets when the text is the string token's content
  // (token = quotes + text) or the token itself.
  const std::uint32_t token_length = string_range.end - string_range.begin;
  std::uint32_t base = string_range.begin;
  bool precise = string_range.valid() && string_range.end >= string_range.begin;
  if (precise && token_length == expression_text.size() + 2)
    base = string_range.begin + 1;
  else if (precise && token_length != expression_text.size())
    precise = false;

  std::string_view inner = expression_text;
  if (is_arm_expression(inner)) {
    inner = inner.substr(1, inner.size() - 2);
    ++base;
  }
  ExpressionParser parser(inner, base, precise, string_range);
  return with_range(parser.parse(problems), string_range);
}

model::ExprPtr lower_arm_string(std::string text, Range string_range, std::vector<model::Problem>& problems) {
  if (is_arm_expression(text)) return parse_arm_expression(text, string_range, problems);
  // "[[x]" is the literal "[x]"; a leading "[[" without a closing ']' is not an escape.
  if (text.size() >= 2 && text[0] == '[' && text[1] == '[' && text.back() == ']') text.erase(0, 1);
  return model::make_string(std::move(text), string_range);
}

}  // namespace erlint::parse
