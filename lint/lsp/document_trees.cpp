#include "lsp/document_trees.hpp"

#include <algorithm>
#include <functional>

namespace erlint::lsp {

namespace {

TSPoint point_at(std::string_view text, std::size_t offset) {
  std::string_view before = text.substr(0, offset);
  std::size_t newline = before.rfind('\n');
  auto row = static_cast<std::uint32_t>(std::count(before.begin(), before.end(), '\n'));
  auto column = static_cast<std::uint32_t>(newline == std::string_view::npos ? offset : offset - newline - 1);
  return {row, column};
}

std::size_t hash_of(std::string_view text) { return std::hash<std::string_view>{}(text); }

}  // namespace

TSInputEdit input_edit(std::string_view old_text, std::size_t begin, std::size_t end, std::string_view new_text) {
  TSInputEdit edit{};
  edit.start_byte = static_cast<std::uint32_t>(begin);
  edit.old_end_byte = static_cast<std::uint32_t>(end);
  edit.new_end_byte = static_cast<std::uint32_t>(begin + new_text.size());
  edit.start_point = point_at(old_text, begin);
  edit.old_end_point = point_at(old_text, end);
  std::size_t newline = new_text.rfind('\n');
  if (newline == std::string_view::npos) {
    edit.new_end_point = {edit.start_point.row, edit.start_point.column + static_cast<std::uint32_t>(new_text.size())};
  } else {
    auto rows = static_cast<std::uint32_t>(std::count(new_text.begin(), new_text.end(), '\n'));
    edit.new_end_point = {edit.start_point.row + rows, static_cast<std::uint32_t>(new_text.size() - newline - 1)};
  }
  return edit;
}

void DocumentTrees::edit(const std::string& path, std::string_view old_text, std::size_t begin, std::size_t end, std::string_view new_text) {
  auto it = trees_.find(path);
  if (it == trees_.end() || !it->second.tree) return;
  if (!it->second.follows_edits) {  // a tree of the text on disk: it does not follow the buffer
    trees_.erase(it);
    return;
  }
  TSInputEdit edit = input_edit(old_text, begin, end, new_text);
  ts_tree_edit(it->second.tree.get(), &edit);
}

void DocumentTrees::forget(const std::string& path) { trees_.erase(path); }

void DocumentTrees::set_open(const std::string& path, bool open) {
  if (open) open_[path] = true;
  else open_.erase(path);
  trees_.erase(path);  // from now on the tree comes from the buffer, or from the file on disk
}

void DocumentTrees::fill(Snapshot& snapshot) const {
  std::lock_guard lock(snapshot.mutex_);
  for (const auto& [path, entry] : trees_)
    if (entry.tree)
      snapshot.given_[path] = Snapshot::Entry{syntax::Tree(ts_tree_copy(entry.tree.get())), entry.text_hash, entry.text_size,
                                              entry.follows_edits, entry.derived};
}

syntax::Tree DocumentTrees::Snapshot::take(const std::string& path, std::string_view text) {
  std::lock_guard lock(mutex_);
  auto it = given_.find(path);
  if (it == given_.end()) return nullptr;
  Entry entry = std::move(it->second);
  given_.erase(it);
  // An open document's tree was edited along with its text; any other tree is only good for the
  // very text it was parsed from.
  if (!entry.follows_edits && (entry.text_size != text.size() || entry.text_hash != hash_of(text))) return nullptr;
  if (entry.derived) taken_derived_[path] = std::move(entry.derived);
  return std::move(entry.tree);
}

std::shared_ptr<const syntax::DerivedSyntax> DocumentTrees::Snapshot::derived(const std::string& path) {
  std::lock_guard lock(mutex_);
  auto it = taken_derived_.find(path);
  return it == taken_derived_.end() ? nullptr : it->second;
}

void DocumentTrees::Snapshot::keep_derived(const std::string& path, std::shared_ptr<const syntax::DerivedSyntax> derived) {
  std::lock_guard lock(mutex_);
  if (auto it = produced_.find(path); it != produced_.end()) it->second.derived = std::move(derived);
}

void DocumentTrees::Snapshot::keep(const std::string& path, std::string_view text, syntax::Tree tree) {
  std::lock_guard lock(mutex_);
  produced_[path] = Entry{std::move(tree), hash_of(text), text.size(), false, nullptr};
}

}  // namespace erlint::lsp
