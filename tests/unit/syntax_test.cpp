// lint/syntax: comment directives (expect:, ok:, erlint-ignore, erlint-ignore-file), the first
// syntax error of a tree-sitter parse, and the parse time budget.
#include <catch2/catch.hpp>

#include <chrono>
#include <string>
#include <vector>

#include "syntax/directives.hpp"
#include "syntax/tree_sitter.hpp"

using erlint::syntax::Directive;
using erlint::syntax::DirectiveKind;
using erlint::syntax::parse_directive;
using Ids = std::vector<std::string>;

TEST_CASE("expect: and ok: name the rules of the next line", "[syntax][directives]") {
  auto d = parse_directive(" expect: ER-NS-001");
  REQUIRE(d);
  CHECK(d->kind == DirectiveKind::Expect);
  CHECK(d->rule_ids == Ids{"ER-NS-001"});

  d = parse_directive("ok: ER-NS-001");
  REQUIRE(d);
  CHECK(d->kind == DirectiveKind::Ok);
  CHECK(d->rule_ids == Ids{"ER-NS-001"});

  d = parse_directive("expect:ER-NS-001");
  REQUIRE(d);
  CHECK(d->rule_ids == Ids{"ER-NS-001"});

  SECTION("several IDs, separated by commas and/or spaces") {
    d = parse_directive("expect: ER-NS-001, ER-NS-002 ER-RT-003,ER-DS-004");
    REQUIRE(d);
    CHECK(d->rule_ids == Ids{"ER-NS-001", "ER-NS-002", "ER-RT-003", "ER-DS-004"});
  }
  SECTION("a remark after the IDs is not an ID") {
    d = parse_directive("expect: ER-NS-001 because the NSG is missing");
    REQUIRE(d);
    CHECK(d->rule_ids == Ids{"ER-NS-001"});
    d = parse_directive("expect: ER-NS-001 TODO check again");
    REQUIRE(d);
    CHECK(d->rule_ids == Ids{"ER-NS-001"});
  }
}

TEST_CASE("comment markers are accepted or already stripped", "[syntax][directives]") {
  for (const char* text : {"// expect: ER-NS-001", "//expect: ER-NS-001", "# expect: ER-NS-001", "#expect: ER-NS-001",
                           "/* expect: ER-NS-001 */", "/*expect: ER-NS-001*/", "  \t// expect: ER-NS-001  \r\n",
                           "expect: ER-NS-001"}) {
    INFO(text);
    auto d = parse_directive(text);
    REQUIRE(d);
    CHECK(d->kind == DirectiveKind::Expect);
    CHECK(d->rule_ids == Ids{"ER-NS-001"});
  }
}

TEST_CASE("erlint-ignore takes IDs and a reason after a colon", "[syntax][directives]") {
  auto d = parse_directive("// erlint-ignore ER-NS-001: the NSG is removed by change 4711");
  REQUIRE(d);
  CHECK(d->kind == DirectiveKind::Ignore);
  CHECK(d->rule_ids == Ids{"ER-NS-001"});
  CHECK(d->reason == "the NSG is removed by change 4711");

  d = parse_directive("# erlint-ignore ER-NS-001, ER-RT-002 : shared: see wiki ");
  REQUIRE(d);
  CHECK(d->rule_ids == Ids{"ER-NS-001", "ER-RT-002"});
  CHECK(d->reason == "shared: see wiki");  // only the first colon ends the list

  d = parse_directive("/* erlint-ignore ER-NS-001:why */");
  REQUIRE(d);
  CHECK(d->rule_ids == Ids{"ER-NS-001"});
  CHECK(d->reason == "why");

  SECTION("a missing reason is empty (the driver reports it)") {
    d = parse_directive("// erlint-ignore ER-NS-001");
    REQUIRE(d);
    CHECK(d->reason.empty());
    d = parse_directive("// erlint-ignore ER-NS-001:");
    REQUIRE(d);
    CHECK(d->reason.empty());
  }
  SECTION("text without a colon is not a reason") {
    d = parse_directive("// erlint-ignore ER-NS-001 because we said so");
    REQUIRE(d);
    CHECK(d->rule_ids == Ids{"ER-NS-001"});
    CHECK(d->reason.empty());
  }
  SECTION("an upper-case word after the IDs is not an ID") {
    d = parse_directive("// erlint-ignore ER-NS-001 TODO");
    REQUIRE(d);
    CHECK(d->rule_ids == Ids{"ER-NS-001"});
  }
  SECTION("erlint-ignore-file") {
    d = parse_directive("# erlint-ignore-file ER-NS-001: generated code");
    REQUIRE(d);
    CHECK(d->kind == DirectiveKind::IgnoreFile);
    CHECK(d->rule_ids == Ids{"ER-NS-001"});
    CHECK(d->reason == "generated code");
  }
  SECTION("tool error IDs are IDs too") {
    d = parse_directive("erlint-ignore ERR-UNUSED-SUPPRESSION: kept on purpose");
    REQUIRE(d);
    CHECK(d->rule_ids == Ids{"ERR-UNUSED-SUPPRESSION"});
  }
}

TEST_CASE("text that is not a directive", "[syntax][directives]") {
  for (const char* text : {"", "//", "# just a comment", "// expect ER-NS-001", "// expect:", "// expect: ", "// ok:",
                           "// expect: er-ns-001", "// erlint-ignore", "// erlint-ignore: ER-NS-001",
                           "// erlint-ignored ER-NS-001: x", "// erlint-ignore-filex ER-NS-001: x", "// erlint-ignore-file",
                           "// see expect: ER-NS-001", "// Expect: ER-NS-001", "// ERLINT-IGNORE ER-NS-001: x",
                           "// ok: looks fine", "// expect: ER-NS-001x", "// expect: 001-ER", "// expect: ER--NS",
                           "// expect: ER-NS-", "// expect: -ER", "// expect: (ER-NS-001)"}) {
    INFO(text);
    CHECK_FALSE(parse_directive(text));
  }
}

namespace {

std::string node_text(TSNode node, const std::string& source) {
  return std::string(erlint::syntax::node_text(node, source));
}

}  // namespace

TEST_CASE("the first syntax error of a broken HCL file", "[syntax][tree-sitter]") {
  erlint::syntax::Parser parser(erlint::syntax::Grammar::Hcl);

  SECTION("a clean file has none") {
    const std::string text = "resource \"azurerm_subnet\" \"gw\" {\n  name = \"GatewaySubnet\"\n}\n";
    auto result = parser.parse(text, std::chrono::milliseconds(2000));
    REQUIRE_FALSE(result.timed_out);
    REQUIRE(result.tree);
    TSNode root = ts_tree_root_node(result.tree.get());
    CHECK_FALSE(ts_node_has_error(root));
    CHECK(ts_node_is_null(erlint::syntax::first_error_node(root)));
    CHECK(erlint::syntax::node_type(root) == "config_file");
  }
  SECTION("an error is found, in document order, where it is") {
    const std::string text =
        "resource \"azurerm_subnet\" \"a\" {\n"
        "  name = \"ok\"\n"
        "}\n"
        "resource \"azurerm_subnet\" \"b\" {\n"
        "  name = = \"broken\"\n"
        "}\n"
        "resource \"azurerm_subnet\" \"c\" {\n"
        "  name = ]\n"
        "}\n";
    auto result = parser.parse(text, std::chrono::milliseconds(2000));
    REQUIRE(result.tree);
    TSNode root = ts_tree_root_node(result.tree.get());
    REQUIRE(ts_node_has_error(root));
    TSNode error = erlint::syntax::first_error_node(root);
    REQUIRE_FALSE(ts_node_is_null(error));
    CHECK((ts_node_is_error(error) || ts_node_is_missing(error)));
    const TSPoint at = ts_node_start_point(error);
    CHECK(at.row == 4);  // line 5, the first broken attribute, not line 8
    INFO(node_text(error, text));
  }
  SECTION("a missing closing brace") {
    const std::string text = "resource \"azurerm_subnet\" \"gw\" {\n  name = \"x\"\n";
    auto result = parser.parse(text, std::chrono::milliseconds(2000));
    REQUIRE(result.tree);
    TSNode root = ts_tree_root_node(result.tree.get());
    TSNode error = erlint::syntax::first_error_node(root);
    REQUIRE_FALSE(ts_node_is_null(error));
    CHECK((ts_node_is_error(error) || ts_node_is_missing(error)));
  }
  SECTION("a deeply nested error is found without recursion") {
    std::string text = "x = ";
    for (int i = 0; i < 5000; ++i) text += "[";
    text += "1 +";
    for (int i = 0; i < 5000; ++i) text += "]";
    text += "\n";
    auto result = parser.parse(text, std::chrono::milliseconds(10000));
    REQUIRE(result.tree);
    TSNode root = ts_tree_root_node(result.tree.get());
    CHECK(ts_node_has_error(root));
    CHECK_FALSE(ts_node_is_null(erlint::syntax::first_error_node(root)));
  }
  SECTION("the parser is reusable after a broken file") {
    auto broken = parser.parse("a = {{{{", std::chrono::milliseconds(2000));
    REQUIRE(broken.tree);
    auto clean = parser.parse("a = 1\n", std::chrono::milliseconds(2000));
    REQUIRE(clean.tree);
    CHECK_FALSE(ts_node_has_error(ts_tree_root_node(clean.tree.get())));
  }
}

TEST_CASE("a huge input with a tiny time budget times out instead of hanging", "[syntax][tree-sitter][limits]") {
  std::string text;
  text.reserve(40u << 20);
  for (int i = 0; text.size() < (32u << 20); ++i)
    text += "resource \"azurerm_subnet\" \"s" + std::to_string(i) + "\" {\n  name = \"n\"\n  address_prefixes = [\"10.0.0.0/24\"]\n}\n";

  erlint::syntax::Parser parser(erlint::syntax::Grammar::Hcl);
  const auto started = std::chrono::steady_clock::now();
  auto result = parser.parse(text, std::chrono::milliseconds(1));
  const auto elapsed = std::chrono::steady_clock::now() - started;
  CHECK(result.timed_out);
  CHECK_FALSE(result.tree);
  CHECK(elapsed < std::chrono::seconds(5));

  // The parser still works afterwards.
  auto after = parser.parse("a = 1\n", std::chrono::milliseconds(2000));
  CHECK_FALSE(after.timed_out);
  REQUIRE(after.tree);
  CHECK_FALSE(ts_node_has_error(ts_tree_root_node(after.tree.get())));
}

TEST_CASE("both grammars load", "[syntax][tree-sitter]") {
  CHECK(erlint::syntax::language(erlint::syntax::Grammar::Hcl) != nullptr);
  CHECK(erlint::syntax::language(erlint::syntax::Grammar::Bicep) != nullptr);
}
