// The ARM expression language ("[...]" strings) lowered to model::Expr.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "parse/arm/arm_expression.hpp"

using erlint::Range;
using erlint::model::ExprKind;
using erlint::model::ExprPtr;
using erlint::model::Problem;
using erlint::parse::is_arm_expression;
using erlint::parse::lower_arm_string;
using erlint::parse::parse_arm_expression;

namespace {

// The string as it would sit in a file: `"<text>"` starting at offset 100, no escapes.
Range token_range(const std::string& text) { return Range{7, 100, static_cast<std::uint32_t>(100 + text.size() + 2)}; }

ExprPtr lower(const std::string& text, std::vector<Problem>& problems) {
  return lower_arm_string(text, token_range(text), problems);
}

ExprPtr lower_ok(const std::string& text) {
  std::vector<Problem> problems;
  ExprPtr e = lower(text, problems);
  INFO(text);
  REQUIRE(problems.empty());
  REQUIRE(e);
  return e;
}

// The file offset of `needle` inside `text` placed as above.
std::uint32_t offset_of(const std::string& text, const std::string& needle) {
  return static_cast<std::uint32_t>(101 + text.find(needle));
}

}  // namespace

TEST_CASE("which strings are expressions", "[arm][expression]") {
  CHECK(is_arm_expression("[concat('a')]"));
  CHECK(is_arm_expression("[x]"));
  CHECK_FALSE(is_arm_expression("[[literal]"));
  CHECK_FALSE(is_arm_expression("[test] value"));
  CHECK_FALSE(is_arm_expression("plain"));
  CHECK_FALSE(is_arm_expression("["));
  CHECK_FALSE(is_arm_expression(" [x]"));
}

TEST_CASE("plain strings and the [[ escape", "[arm][expression]") {
  auto plain = lower_ok("hello [world]");
  CHECK(plain->kind == ExprKind::String);
  CHECK(plain->text == "hello [world]");

  auto escaped = lower_ok("[[test value]");
  CHECK(escaped->kind == ExprKind::String);
  CHECK(escaped->text == "[test value]");

  // Only a bracketed literal is an escape; "[[x" stays as written.
  auto not_escape = lower_ok("[[x");
  CHECK(not_escape->text == "[[x");

  auto ends_differently = lower_ok("[test] value");
  CHECK(ends_differently->text == "[test] value");
}

TEST_CASE("function calls, literals and nested calls", "[arm][expression]") {
  const std::string text = "[concat('storage', uniqueString(resourceGroup().id), 42, -1)]";
  auto e = lower_ok(text);
  REQUIRE(e->kind == ExprKind::Call);
  CHECK(e->text == "concat");
  REQUIRE(e->items.size() == 4);
  CHECK(e->items[0]->kind == ExprKind::String);
  CHECK(e->items[0]->text == "storage");
  REQUIRE(e->items[1]->kind == ExprKind::Call);
  CHECK(e->items[1]->text == "uniqueString");
  REQUIRE(e->items[1]->items.size() == 1);
  const auto& member = e->items[1]->items[0];
  REQUIRE(member->kind == ExprKind::Member);
  CHECK(member->text == "id");
  REQUIRE(member->items[0]->kind == ExprKind::Call);
  CHECK(member->items[0]->text == "resourceGroup");
  CHECK(member->items[0]->items.empty());
  CHECK(e->items[2]->kind == ExprKind::Number);
  CHECK(e->items[2]->number == 42);
  CHECK(e->items[3]->number == -1);
}

TEST_CASE("single quotes are escaped by doubling them", "[arm][expression]") {
  auto e = lower_ok("[concat('it''s', '''quoted''', '')]");
  REQUIRE(e->items.size() == 3);
  CHECK(e->items[0]->text == "it's");
  CHECK(e->items[1]->text == "'quoted'");
  CHECK(e->items[2]->text.empty());
  // A ']' inside a string literal does not end the expression.
  auto bracket = lower_ok("[concat('a]', 'b')]");
  CHECK(bracket->items[0]->text == "a]");
}

TEST_CASE("user-defined functions keep their namespace", "[arm][expression]") {
  auto e = lower_ok("[contoso.uniqueName(parameters('prefix'))]");
  REQUIRE(e->kind == ExprKind::Call);
  CHECK(e->text == "contoso.uniqueName");
  REQUIRE(e->items.size() == 1);
  CHECK(e->items[0]->text == "parameters");
  CHECK(e->items[0]->items[0]->text == "prefix");
}

TEST_CASE("property and index chains", "[arm][expression]") {
  auto e = lower_ok("[reference(variables('id'), '2020-01-01').outputs['subnet ids'].value[0]]");
  // ((((reference(...)).outputs)['subnet ids']).value)[0]
  REQUIRE(e->kind == ExprKind::Index);
  CHECK(e->items[1]->kind == ExprKind::Number);
  CHECK(e->items[1]->number == 0);
  const auto& value = e->items[0];
  REQUIRE(value->kind == ExprKind::Member);
  CHECK(value->text == "value");
  const auto& index = value->items[0];
  REQUIRE(index->kind == ExprKind::Index);
  CHECK(index->items[1]->kind == ExprKind::String);
  CHECK(index->items[1]->text == "subnet ids");
  const auto& outputs = index->items[0];
  REQUIRE(outputs->kind == ExprKind::Member);
  CHECK(outputs->text == "outputs");
  REQUIRE(outputs->items[0]->kind == ExprKind::Call);
  CHECK(outputs->items[0]->text == "reference");
  CHECK(outputs->items[0]->items.size() == 2);

  auto indexed_by_expression = lower_ok("[parameters('subnets')[copyIndex()].name]");
  REQUIRE(indexed_by_expression->kind == ExprKind::Member);
  REQUIRE(indexed_by_expression->items[0]->kind == ExprKind::Index);
  CHECK(indexed_by_expression->items[0]->items[1]->text == "copyIndex");
}

TEST_CASE("true(), false() and null() are calls; bare words are literals", "[arm][expression]") {
  auto calls = lower_ok("[if(true(), null(), false())]");
  REQUIRE(calls->items.size() == 3);
  CHECK(calls->items[0]->kind == ExprKind::Call);
  CHECK(calls->items[0]->text == "true");
  CHECK(calls->items[1]->kind == ExprKind::Call);
  CHECK(calls->items[1]->text == "null");

  auto bare = lower_ok("[equals(parameters('x'), true)]");
  CHECK(bare->items[1]->kind == ExprKind::Bool);
  CHECK(bare->items[1]->boolean);
  auto bare_null = lower_ok("[coalesce(null, 'a')]");
  CHECK(bare_null->items[0]->kind == ExprKind::Null);
}

TEST_CASE("whitespace inside expressions", "[arm][expression]") {
  auto e = lower_ok("[ concat ( 'a' ,\n 'b' ) . length ]");
  REQUIRE(e->kind == ExprKind::Member);
  CHECK(e->text == "length");
  CHECK(e->items[0]->items.size() == 2);
}

TEST_CASE("expression ranges point into the string token", "[arm][expression]") {
  const std::string text = "[concat('a', parameters('name'))]";
  auto e = lower_ok(text);
  // The root spans the whole JSON string token, quotes included.
  CHECK(e->range == token_range(text));
  const auto& literal = e->items[0];
  CHECK(literal->range.file == 7u);
  CHECK(literal->range.begin == offset_of(text, "'a'"));
  CHECK(literal->range.end == offset_of(text, "'a'") + 3);
  const auto& call = e->items[1];
  CHECK(call->range.begin == offset_of(text, "parameters"));
  CHECK(call->range.end == offset_of(text, "parameters('name')") + 18);
  CHECK(call->items[0]->range.begin == offset_of(text, "'name'"));
}

TEST_CASE("a string with escapes gives every node the whole string's range", "[arm][expression]") {
  // The JSON token was "[concat('a\"b')]": 2 bytes longer than its decoded content + quotes.
  const std::string decoded = "[concat('a\"b')]";
  const Range token{3, 10, static_cast<std::uint32_t>(10 + decoded.size() + 3)};
  std::vector<Problem> problems;
  auto e = lower_arm_string(decoded, token, problems);
  REQUIRE(problems.empty());
  CHECK(e->range == token);
  CHECK(e->items[0]->range == token);
  CHECK(e->items[0]->text == "a\"b");
}

TEST_CASE("parse_arm_expression accepts text with or without brackets", "[arm][expression]") {
  std::vector<Problem> problems;
  auto with = parse_arm_expression("[variables('v')]", Range{1, 0, 18}, problems);
  auto without = parse_arm_expression("variables('v')", Range{1, 0, 14}, problems);
  CHECK(problems.empty());
  CHECK(with->text == "variables");
  CHECK(without->text == "variables");
  // Range that is exactly the text: offsets map one to one.
  CHECK(without->items[0]->range.begin == 10u);
}

TEST_CASE("malformed expressions become Error exprs with a located problem", "[arm][expression]") {
  struct Case {
    std::string text;
    std::string needle;  // where the problem must start
  };
  const std::vector<Case> cases = {
      {"[concat('a', 'b']", "]"},             // missing ')': found the end
      {"[concat('a' 'b')]", "'b'"},           // missing ','
      {"[Application_Insights_Key]", "Application"},  // a bare name is not a value
      {"[concat('unterminated)]", "'unterminated"},
      {"[parameters('x').]", ""},             // property name missing at the end
      {"[concat('a')) ]", ") ]"},             // trailing garbage
      {"[]", ""},                             // empty
      {"[ns.(1)]", "(1)"},
  };
  for (const auto& c : cases) {
    INFO(c.text);
    std::vector<Problem> problems;
    auto e = lower(c.text, problems);
    REQUIRE(e->kind == ExprKind::Error);
    CHECK(e->range == token_range(c.text));
    REQUIRE(problems.size() == 1);
    CHECK(problems[0].code == erlint::ErrorCode::Syntax);
    CHECK(problems[0].message.find("invalid ARM expression") == 0);
    if (!c.needle.empty()) CHECK(problems[0].range.begin == offset_of(c.text, c.needle));
    CHECK(problems[0].range.begin >= 101u);
    CHECK(problems[0].range.end <= token_range(c.text).end);
  }
}

TEST_CASE("deeply nested expressions hit a limit instead of the stack", "[arm][expression]") {
  std::string text = "[";
  for (int i = 0; i < 5000; ++i) text += "concat(";
  text += "'x'";
  for (int i = 0; i < 5000; ++i) text += ")";
  text += "]";
  std::vector<Problem> problems;
  auto e = lower(text, problems);
  CHECK(e->kind == ExprKind::Error);
  REQUIRE(problems.size() == 1);
  CHECK(problems[0].code == erlint::ErrorCode::Limit);

  std::string fine = "[";
  for (int i = 0; i < 100; ++i) fine += "concat(";
  fine += "'x'";
  for (int i = 0; i < 100; ++i) fine += ")";
  fine += "]";
  CHECK(lower_ok(fine)->kind == ExprKind::Call);
}
