#pragma once
// The syntax trees of the language server's documents, kept between analyses so that each one
// parses incrementally: every edit of an open document is applied to its tree with ts_tree_edit
// as the text changes, and an analysis starts from the edited tree. Files read from disk keep
// their tree too, re-used while their text stays the same.
#include <map>
#include <mutex>
#include <string>
#include <string_view>

#include "syntax/tree_store.hpp"

namespace erlint::lsp {

// The tree-sitter description of replacing old_text[begin, end) with `new_text`.
TSInputEdit input_edit(std::string_view old_text, std::size_t begin, std::size_t end, std::string_view new_text);

class DocumentTrees {
 public:
  // Keeps the open document's tree in step with a change of its text (call before the change).
  void edit(const std::string& path, std::string_view old_text, std::size_t begin, std::size_t end, std::string_view new_text);
  // Drops the tree (the document was closed or replaced as a whole).
  void forget(const std::string& path);
  // Marks `path` as an open document (its tree follows edits) or not (its tree is re-used only for
  // the same text).
  void set_open(const std::string& path, bool open);

  // What one analysis starts from: copies of the trees (trees are not thread-safe; copies are cheap
  // and share their nodes), and the trees it produced, adopted afterwards.
  class Snapshot final : public syntax::TreeStore {
   public:
    syntax::Tree take(const std::string& path, std::string_view text) override;
    void keep(const std::string& path, std::string_view text, syntax::Tree tree) override;
    std::shared_ptr<const syntax::DerivedSyntax> derived(const std::string& path) override;
    void keep_derived(const std::string& path, std::shared_ptr<const syntax::DerivedSyntax> derived) override;

   private:
    friend class DocumentTrees;
    struct Entry {
      syntax::Tree tree;
      std::size_t text_hash = 0;   // with the size: which text a tree not following edits is for
      std::size_t text_size = 0;
      bool follows_edits = false;  // an open document's tree: valid for its current text
      std::shared_ptr<const syntax::DerivedSyntax> derived;  // for the text before the tree's edits
    };
    std::mutex mutex_;
    std::map<std::string, Entry> given_;
    std::map<std::string, Entry> produced_;
    std::map<std::string, std::shared_ptr<const syntax::DerivedSyntax>> taken_derived_;
  };

  void fill(Snapshot& snapshot) const;
  // Takes over the trees the analysis produced; `current(path)` says whether the text it parsed
  // is still the document's (an edit since then would make the tree wrong).
  template <typename IsCurrent>
  void adopt(Snapshot& snapshot, IsCurrent current) {
    for (auto& [path, entry] : snapshot.produced_) {
      bool open = open_.count(path) > 0;
      if (open && !current(path)) continue;
      entry.follows_edits = open;
      trees_[path] = std::move(entry);
    }
    snapshot.produced_.clear();
  }

 private:
  std::map<std::string, Snapshot::Entry> trees_;
  std::map<std::string, bool> open_;
};

}  // namespace erlint::lsp
