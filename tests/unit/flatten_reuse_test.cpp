// The language server flattens an edited Bicep or Terraform file by copying, from the previous flat
// tree, every top-level statement or block the edit did not touch. Whatever the edit, the result
// must be exactly what flattening the whole new tree gives: this replays random one-character edits
// (inserted and deleted quotes, braces, newlines, comment markers, letters) into the fixtures'
// Bicep and Terraform files and compares the two after each.
#include <catch2/catch.hpp>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "parse/bicep/bicep_tree.hpp"
#include "parse/terraform/hcl_tree.hpp"
#include "syntax/tree_sitter.hpp"

namespace fs = std::filesystem;
namespace hcl = erlint::parse::hcl;
namespace bicep = erlint::parse::bicep;

namespace {

TSPoint point_at(const std::string& text, std::size_t offset) {
  std::uint32_t row = 0, column = 0;
  for (std::size_t i = 0; i < offset; ++i) {
    if (text[i] == '\n') {
      ++row;
      column = 0;
    } else {
      ++column;
    }
  }
  return {row, column};
}

bool same_node(const hcl::Node& x, const hcl::Node& y) {
  return x.begin == y.begin && x.end == y.end && x.first_child == y.first_child && x.next == y.next && x.symbol == y.symbol &&
         x.kind == y.kind && x.missing == y.missing;
}

bool same_node(const bicep::Node& x, const bicep::Node& y) {
  return x.begin == y.begin && x.end == y.end && x.first_child == y.first_child && x.next == y.next && x.parent == y.parent &&
         x.symbol == y.symbol && x.kind == y.kind && x.field == y.field && x.named == y.named && x.missing == y.missing &&
         x.has_error == y.has_error;
}

template <typename FlatTree>
bool same(const FlatTree& a, const FlatTree& b) {
  if (a.nodes.size() != b.nodes.size() || a.comments != b.comments || a.errors != b.errors) return false;
  for (std::size_t i = 0; i < a.nodes.size(); ++i)
    if (!same_node(a.nodes[i], b.nodes[i])) return false;
  return true;
}

std::vector<std::string> fixtures(const std::string& extension) {
  std::vector<std::string> files;
  for (const auto& entry : fs::recursive_directory_iterator(ERLINT_SOURCE_DIR "/fixtures"))
    if (entry.is_regular_file() && entry.path().extension() == extension) files.push_back(entry.path().string());
  std::sort(files.begin(), files.end());
  return files;
}

struct Hcl {
  using FlatTree = hcl::FlatTree;
  static constexpr auto grammar = erlint::syntax::Grammar::Hcl;
  static constexpr const char* extension = ".tf";
  static void flatten(TSNode root, FlatTree& out) { hcl::flatten(root, out); }
  static std::size_t flatten_reusing(TSNode root, TSNode old_root, const FlatTree& old, const TSRange* changed, std::uint32_t count,
                                     FlatTree& out) {
    return hcl::flatten_reusing(root, old_root, old, changed, count, out);
  }
};

struct Bicep {
  using FlatTree = bicep::FlatTree;
  static constexpr auto grammar = erlint::syntax::Grammar::Bicep;
  static constexpr const char* extension = ".bicep";
  static void flatten(TSNode root, FlatTree& out) { bicep::flatten(root, out); }
  static std::size_t flatten_reusing(TSNode root, TSNode old_root, const FlatTree& old, const TSRange* changed, std::uint32_t count,
                                     FlatTree& out) {
    return bicep::flatten_reusing(root, old_root, old, changed, count, out);
  }
};

}  // namespace

TEMPLATE_TEST_CASE("flattening that re-uses unchanged statements equals flattening the whole tree", "[parse][lsp]", Hcl, Bicep) {
  using FlatTree = typename TestType::FlatTree;
  erlint::syntax::Parser parser(TestType::grammar);
  std::mt19937 random(20261123);
  const std::string inserts = "x \n\"{}#=[]$/*";
  std::size_t edits = 0, reused = 0;
  for (const std::string& path : fixtures(TestType::extension)) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream buffer;
    buffer << in.rdbuf();
    std::string text = buffer.str();
    if (text.empty()) continue;
    auto parsed = parser.parse(text, std::chrono::seconds(5));
    REQUIRE(parsed.tree);
    erlint::syntax::Tree tree = std::move(parsed.tree);
    FlatTree flat;
    TestType::flatten(ts_tree_root_node(tree.get()), flat);
    for (int step = 0; step < 12; ++step) {
      // One edit: insert a character or delete one, anywhere.
      std::size_t at = std::uniform_int_distribution<std::size_t>(0, text.size() - 1)(random);
      bool insert = random() % 2 == 0;
      std::string next = text;
      TSInputEdit edit{};
      edit.start_byte = static_cast<std::uint32_t>(at);
      edit.start_point = point_at(text, at);
      if (insert) {
        next.insert(at, 1, inserts[random() % inserts.size()]);
        edit.old_end_byte = edit.start_byte;
        edit.old_end_point = edit.start_point;
        edit.new_end_byte = edit.start_byte + 1;
        edit.new_end_point = point_at(next, at + 1);
      } else {
        next.erase(at, 1);
        edit.old_end_byte = edit.start_byte + 1;
        edit.old_end_point = point_at(text, at + 1);
        edit.new_end_byte = edit.start_byte;
        edit.new_end_point = edit.start_point;
      }
      ts_tree_edit(tree.get(), &edit);
      auto reparsed = parser.parse(next, std::chrono::seconds(5), tree.get());
      REQUIRE(reparsed.tree);
      std::uint32_t count = 0;
      TSRange* changed = ts_tree_get_changed_ranges(tree.get(), reparsed.tree.get(), &count);
      FlatTree reusing, whole;
      const TSNode root = ts_tree_root_node(reparsed.tree.get());
      reused += TestType::flatten_reusing(root, ts_tree_root_node(tree.get()), flat, changed, count, reusing);
      std::free(changed);
      TestType::flatten(root, whole);
      INFO(path << ", edit " << step << (insert ? ": insert at " : ": delete at ") << at);
      REQUIRE(same(reusing, whole));
      ++edits;
      text = std::move(next);
      tree = std::move(reparsed.tree);
      flat = std::move(whole);
    }
  }
  INFO(edits << " edits, " << reused << " top-level nodes re-used");
  CHECK(edits > 500);
  // Re-use did happen, so the comparison tested it (an edit that leaves a syntax error, such as an
  // unclosed quote, re-uses nothing).
  CHECK(reused * 4 > edits);
}
