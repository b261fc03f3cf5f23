// The language server flattens an edited Terraform file by copying, from the previous flat tree,
// every top-level block the edit did not touch. Whatever the edit, the result must be exactly what
// flattening the whole new tree gives: this replays random one-character edits (inserted and
// deleted quotes, braces, newlines, comment markers, letters) into the fixtures' Terraform files
// and compares the two after each.
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

#include "parse/terraform/hcl_tree.hpp"
#include "syntax/tree_sitter.hpp"

namespace fs = std::filesystem;
using erlint::parse::hcl::FlatTree;
using erlint::parse::hcl::Node;

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

bool same(const FlatTree& a, const FlatTree& b) {
  if (a.nodes.size() != b.nodes.size() || a.comments != b.comments || a.errors != b.errors) return false;
  for (std::size_t i = 0; i < a.nodes.size(); ++i) {
    const Node& x = a.nodes[i];
    const Node& y = b.nodes[i];
    if (x.begin != y.begin || x.end != y.end || x.first_child != y.first_child || x.next != y.next || x.symbol != y.symbol ||
        x.kind != y.kind || x.missing != y.missing)
      return false;
  }
  return true;
}

std::vector<std::string> terraform_fixtures() {
  std::vector<std::string> files;
  for (const auto& entry : fs::recursive_directory_iterator(ERLINT_SOURCE_DIR "/fixtures"))
    if (entry.is_regular_file() && entry.path().extension() == ".tf") files.push_back(entry.path().string());
  std::sort(files.begin(), files.end());
  return files;
}

}  // namespace

TEST_CASE("HCL flattening that re-uses unchanged blocks equals flattening the whole tree", "[parse][terraform][lsp]") {
  erlint::syntax::Parser parser(erlint::syntax::Grammar::Hcl);
  std::mt19937 random(20261123);
  const std::string inserts = "x \n\"{}#=[]$/*";
  std::size_t edits = 0, reused = 0;
  for (const std::string& path : terraform_fixtures()) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream buffer;
    buffer << in.rdbuf();
    std::string text = buffer.str();
    if (text.empty()) continue;
    auto parsed = parser.parse(text, std::chrono::seconds(5));
    REQUIRE(parsed.tree);
    erlint::syntax::Tree tree = std::move(parsed.tree);
    FlatTree flat;
    erlint::parse::hcl::flatten(ts_tree_root_node(tree.get()), flat);
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
      reused += erlint::parse::hcl::flatten_reusing(root, ts_tree_root_node(tree.get()), flat, changed, count, reusing);
      std::free(changed);
      erlint::parse::hcl::flatten(root, whole);
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
  CHECK(reused > edits);  // re-use did happen, so the comparison tested it
}
