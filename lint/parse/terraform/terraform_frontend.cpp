#include "parse/terraform/terraform_frontend.hpp"


#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "parse/terraform/hcl_lower.hpp"
#include "parse/terraform/hcl_tree.hpp"
#include "parse/flat_tree_reuse.hpp"
#include "parse/parse_problems.hpp"
#include "syntax/tree_store.hpp"

namespace erlint::parse {

namespace {

using hcl::K;
using hcl::kNone;
using model::ExprKind;
using model::ExprPtr;

constexpr size_t kMaxSyntaxProblems = 20;
constexpr size_t kMaxTokenInMessage = 32;

// The value of an Object entry with this exact static key (Terraform names are case-sensitive).
const model::ObjectEntry* entry(const model::Expr& object, std::string_view key) {
  if (object.kind != ExprKind::Object) return nullptr;
  for (const auto& e : object.entries)
    if (!e.key_expr && e.key == key) return &e;
  return nullptr;
}

ExprPtr entry_value(const model::Expr& object, std::string_view key) {
  const auto* e = entry(object, key);
  return e ? e->value : nullptr;
}

bool is_true(const ExprPtr& e) { return e && e->kind == ExprKind::Bool && e->boolean; }

class Frontend {
 public:
  Frontend(const SourceFile& file, const hcl::FlatTree& tree, const ParseOptions& options, model::Template& out)
      : file_(file), tree_(tree), out_(out), lower_(file, tree, options, out) {}

  void run() {
    comments();
    syntax_problems();
    // Walk the top level: config_file > body > (attribute | block). Declarations tree-sitter could
    // only recover inside an ERROR node are still lowered.
    std::vector<std::uint32_t> siblings{tree_[0].first_child};  // a sibling cursor per open level
    while (!siblings.empty()) {
      const std::uint32_t c = siblings.back();
      if (c == kNone) {
        siblings.pop_back();
        continue;
      }
      siblings.back() = tree_[c].next;
      switch (tree_[c].kind) {
        case K::Block: block(c); break;
        case K::Attribute: top_attribute(c); break;
        case K::Object: tfvars_object(c); break;
        case K::Body:
        case K::Error: siblings.push_back(tree_[c].first_child); break;
        default: break;
      }
    }
  }

 private:
  std::string_view text(std::uint32_t n) const { return lower_.text(n); }
  Range range(std::uint32_t n) const { return lower_.range(n); }

  std::vector<std::uint32_t> labels(std::uint32_t block) const {
    std::vector<std::uint32_t> out;
    const std::uint32_t type = lower_.block_type(block);
    if (type == kNone) return out;
    for (std::uint32_t l = tree_[type].next; l != kNone && tree_[l].kind != K::BlockStart; l = tree_[l].next)
      if (tree_[l].kind == K::StringLit || tree_[l].kind == K::Identifier) out.push_back(l);
    return out;
  }

  // `resource "T" "N"`: from the block's start to the end of its last label.
  Range header(std::uint32_t block, const std::vector<std::uint32_t>& labels) const {
    const std::uint32_t type = lower_.block_type(block);
    std::uint32_t end = labels.empty() ? (type != kNone ? tree_[type].end : tree_[block].end) : tree_[labels.back()].end;
    return Range{file_.id(), tree_[block].begin, end};
  }

  bool expect_labels(std::uint32_t block, std::string_view what, const std::vector<std::uint32_t>& got, size_t want) {
    if (got.size() == want) return true;
    out_.problems.push_back(model::Problem{
        ErrorCode::Syntax,
        std::string(what) + " block needs " + std::to_string(want) + (want == 1 ? " label" : " labels") + ", found " +
            std::to_string(got.size()),
        header(block, got)});
    return false;
  }

  static model::Loop loop_of(const model::Expr& body) {
    model::Loop loop;
    const auto* count = entry(body, "count");
    const auto* for_each = entry(body, "for_each");
    const auto* chosen = for_each ? for_each : count;
    if (!chosen || !chosen->value) return loop;
    loop.kind = for_each ? model::Loop::Kind::ForEach : model::Loop::Kind::Count;
    loop.source = chosen->value;
    loop.range = Range{chosen->key_range.file, chosen->key_range.begin, chosen->value->range.end};
    return loop;
  }

  void block(std::uint32_t b) {
    const std::uint32_t type_id = lower_.block_type(b);
    if (type_id == kNone) return;
    const std::string_view type = text(type_id);
    if (out_.language == model::Language::TerraformVars) return;  // blocks mean nothing in .tfvars
    if (type == "resource" || type == "data") resource(b, type == "data");
    else if (type == "module") module(b);
    else if (type == "variable") variable(b);
    else if (type == "locals") locals(b);
    else if (type == "output") output(b);
    // terraform, provider, moved, import, check, removed, ...: nothing to lower.
  }

  void resource(std::uint32_t b, bool is_data) {
    const auto l = labels(b);
    if (!expect_labels(b, is_data ? "data" : "resource", l, 2)) return;
    model::ResourceDecl r;
    r.provider_type = lower_.label_text(l[0]);
    std::string name = lower_.label_text(l[1]);
    r.symbol.reserve(r.provider_type.size() + name.size() + 6);
    if (is_data) r.symbol = "data.";
    r.symbol += r.provider_type;
    r.symbol += '.';
    r.symbol += name;
    r.existing = is_data;
    r.range = range(b);
    r.header_range = header(b, l);
    r.body = lower_.block_object(b);
    r.name = entry_value(*r.body, "name");
    r.loop = loop_of(*r.body);
    if (r.provider_type.rfind("azapi_", 0) == 0) {
      r.type = entry_value(*r.body, "type");
      // "Microsoft.Network/virtualNetworks/subnets@2024-05-01": the API version, when literal.
      if (r.type && r.type->kind == ExprKind::String) {
        const size_t at = r.type->text.rfind('@');
        if (at != std::string::npos) r.api_version = r.type->text.substr(at + 1);
      }
    }
    out_.resources.push_back(std::move(r));
  }

  void module(std::uint32_t b) {
    const auto l = labels(b);
    if (!expect_labels(b, "module", l, 1)) return;
    model::ModuleCall m;
    m.symbol = "module." + lower_.label_text(l[0]);
    m.range = range(b);
    m.header_range = header(b, l);
    m.body = lower_.block_object(b);
    m.source = entry_value(*m.body, "source");
    m.loop = loop_of(*m.body);
    auto params = std::make_shared<model::Expr>();
    params->kind = ExprKind::Object;
    params->range = m.body->range;
    for (const auto& e : m.body->entries) {
      if (!e.key_expr && (e.key == "source" || e.key == "version" || e.key == "count" || e.key == "for_each" ||
                          e.key == "providers" || e.key == "depends_on"))
        continue;
      params->entries.push_back(e);
    }
    m.params = std::move(params);
    out_.modules.push_back(std::move(m));
  }

  // The attributes of a block's body, by name.
  template <typename F>
  void for_each_attribute(std::uint32_t b, F&& f) {
    const std::uint32_t body = lower_.block_body(b);
    if (body == kNone) return;
    for (std::uint32_t c = tree_[body].first_child; c != kNone; c = tree_[c].next) {
      if (tree_[c].kind != K::Attribute) continue;
      const std::uint32_t name = lower_.attribute_name(c);
      if (name != kNone) f(text(name), c);
    }
  }

  void variable(std::uint32_t b) {
    const auto l = labels(b);
    if (!expect_labels(b, "variable", l, 1)) return;
    model::Parameter p;
    p.name = lower_.label_text(l[0]);
    p.range = range(b);
    for_each_attribute(b, [&](std::string_view name, std::uint32_t attr) {
      if (name == "default") {
        p.default_value = lower_.expression(lower_.attribute_value(attr));
      } else if (name == "type") {
        const std::uint32_t v = lower_.attribute_value(attr);
        if (v != kNone) p.type = std::string(text(v));
      } else if (name == "sensitive") {
        p.secure = is_true(lower_.expression(lower_.attribute_value(attr)));
      }
    });
    out_.parameters.push_back(std::move(p));
  }

  void locals(std::uint32_t b) {
    for_each_attribute(b, [&](std::string_view name, std::uint32_t attr) {
      model::Variable v;
      v.name = std::string(name);
      v.range = range(attr);
      v.value = lower_.expression(lower_.attribute_value(attr));
      out_.variables.push_back(std::move(v));
    });
  }

  void output(std::uint32_t b) {
    const auto l = labels(b);
    if (!expect_labels(b, "output", l, 1)) return;
    model::Output o;
    o.name = lower_.label_text(l[0]);
    o.range = range(b);
    for_each_attribute(b, [&](std::string_view name, std::uint32_t attr) {
      if (name == "value") o.value = lower_.expression(lower_.attribute_value(attr));
      else if (name == "sensitive") o.secure = is_true(lower_.expression(lower_.attribute_value(attr)));
    });
    out_.outputs.push_back(std::move(o));
  }

  void top_attribute(std::uint32_t a) {
    if (out_.language != model::Language::TerraformVars) return;  // not valid in a .tf file: ignored
    const std::uint32_t name = lower_.attribute_name(a);
    if (name == kNone) return;
    out_.parameter_values.emplace_back(std::string(text(name)), lower_.expression(lower_.attribute_value(a)));
  }

  // A .tfvars file written as one object (`{ "a" = 1 }`), which the grammar also accepts.
  void tfvars_object(std::uint32_t o) {
    if (out_.language != model::Language::TerraformVars) return;
    ExprPtr value = lower_.expression(o);
    if (value->kind != ExprKind::Object) return;
    for (const auto& e : value->entries)
      if (!e.key_expr) out_.parameter_values.emplace_back(e.key, e.value);
  }

  void comments() {
    const std::string& src = file_.text();
    out_.comments.reserve(tree_.comments.size());
    for (std::uint32_t c : tree_.comments) {
      const hcl::Node& n = tree_[c];
      std::string_view t = text(c);
      if (t.starts_with("#")) t.remove_prefix(1);
      else if (t.starts_with("//")) t.remove_prefix(2);
      else if (t.starts_with("/*")) {
        t.remove_prefix(2);
        if (t.ends_with("*/")) t.remove_suffix(2);
      }
      while (!t.empty() && t.back() == '\r') t.remove_suffix(1);
      bool own_line = true;
      for (std::uint32_t i = n.begin; i > 0; --i) {
        const char ch = src[i - 1];
        if (ch == '\n') break;
        if (ch != ' ' && ch != '\t' && ch != '\r') {
          own_line = false;
          break;
        }
      }
      out_.comments.push_back(model::Comment{std::string(t), range(c), own_line});
    }
  }

  // A short, one-line rendering of a token for a message.
  std::string token_text(std::uint32_t begin, std::uint32_t end) const {
    std::string_view t = std::string_view(file_.text()).substr(begin, end - begin);
    const size_t nl = t.find_first_of("\r\n");
    bool clipped = false;
    if (nl != std::string_view::npos) {
      t = t.substr(0, nl);
      clipped = true;
    }
    if (t.size() > kMaxTokenInMessage) {
      size_t cut = kMaxTokenInMessage;
      while (cut > 0 && (static_cast<unsigned char>(t[cut]) & 0xC0) == 0x80) --cut;  // keep UTF-8 whole
      t = t.substr(0, cut);
      clipped = true;
    }
    std::string out(t);
    if (clipped) out += "...";
    return out;
  }

  // The token an ERROR node is about: its first child that is not a complete construct (tree-sitter
  // keeps whole attributes/blocks that precede the bad token inside the ERROR node).
  std::uint32_t offending_token(std::uint32_t error) const {
    std::uint32_t n = error;
    for (int guard = 0; guard < 64; ++guard) {
      std::uint32_t pick = kNone;
      for (std::uint32_t c = tree_[n].first_child; c != kNone; c = tree_[c].next) {
        const K k = tree_[c].kind;
        if (k == K::Comment || k == K::Attribute || k == K::Block || k == K::Body) continue;
        if (tree_[c].end <= tree_[c].begin) continue;  // zero-width (e.g. an empty external token)
        pick = c;
        break;
      }
      if (pick == kNone) return n;
      if (tree_[pick].first_child == kNone) return pick;
      if (tree_[pick].kind == K::Error) {
        n = pick;
        continue;
      }
      return pick;
    }
    return n;
  }

  // The message for an ERROR node, most specific cause first.
  std::string error_message(std::uint32_t e) const {
    const hcl::Node& err = tree_[e];
    const std::string_view src = file_.text();
    // 1. The grammar lets a quoted string run over line ends, so a missing closing quote swallows
    //    the following lines; HCL forbids that, so a multi-line quoted string is the cause.
    for (std::uint32_t i = e + 1; i < tree_.nodes.size() && tree_[i].begin < err.end; ++i) {
      const K k = tree_[i].kind;
      if (k != K::StringLit && k != K::QuotedTemplate) continue;
      for (std::uint32_t c = tree_[i].first_child; c != kNone; c = tree_[c].next)
        if (tree_[c].kind == K::TemplateLiteral && text(c).find('\n') != std::string_view::npos)
          return "unterminated string starting at line " + std::to_string(file_.position(tree_[i].begin).line) +
                 " (a quoted string cannot span lines)";
    }
    // 2. Text inside the ERROR node that no child covers: the tokens tree-sitter skipped.
    std::uint32_t pos = err.begin;
    auto skipped = [&](std::uint32_t from, std::uint32_t to) -> std::string {
      std::uint32_t b = from;
      while (b < to && (src[b] == ' ' || src[b] == '\t' || src[b] == '\r' || src[b] == '\n')) ++b;
      if (b >= to) return {};
      auto word = [](char ch) {
        return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || ch == '_' ||
               ch == '-' || (static_cast<unsigned char>(ch) & 0x80);
      };
      std::uint32_t x = b + 1;
      if (word(src[b]))
        while (x < to && word(src[x])) ++x;
      return token_text(b, x);
    };
    for (std::uint32_t c = err.first_child; c != kNone; c = tree_[c].next) {
      if (tree_[c].begin > pos) {
        std::string tok = skipped(pos, tree_[c].begin);
        if (!tok.empty()) return "unexpected '" + tok + "'";
      }
      if (tree_[c].end > pos) pos = tree_[c].end;
    }
    if (err.end > pos) {
      std::string tok = skipped(pos, err.end);
      if (!tok.empty()) return "unexpected '" + tok + "'";
    }
    // 3. The first token that is not part of a complete construct.
    const hcl::Node& t = tree_[offending_token(e)];
    if (t.end > t.begin) return "unexpected '" + token_text(t.begin, t.end) + "'";
    return t.begin >= src.size() ? "unexpected end of file" : "syntax error";
  }

  std::string missing_what(const hcl::Node& n) const {
    switch (n.kind) {
      case K::BlockEnd:
      case K::ObjectEnd:
      case K::TemplateInterpolationEnd: return "'}'";
      case K::BlockStart:
      case K::ObjectStart: return "'{'";
      case K::TupleEnd: return "']'";
      case K::TupleStart: return "'['";
      case K::QuotedTemplateEnd:
      case K::QuotedTemplateStart: return "'\"'";
      case K::Identifier: return "a name";
      case K::Expression: return "an expression";
      case K::HeredocIdentifier: return "the heredoc end marker";
      default: break;
    }
    return "'" + std::string(hcl::symbol_name(n.symbol)) + "'";
  }

  void syntax_problems() {
    const size_t total = tree_.errors.size();
    for (size_t i = 0; i < total && i < kMaxSyntaxProblems; ++i) {
      const std::uint32_t e = tree_.errors[i];
      const hcl::Node& n = tree_[e];
      model::Problem p;
      p.code = ErrorCode::Syntax;
      if (n.missing) {
        p.message = "missing " + missing_what(n);
        p.range = range(e);
      } else {
        p.message = error_message(e);
        p.range = range(e);
      }
      if (i + 1 == kMaxSyntaxProblems && total > kMaxSyntaxProblems)
        p.message += " (and " + std::to_string(total - kMaxSyntaxProblems) + " more syntax errors)";
      out_.problems.push_back(std::move(p));
    }
  }

  const SourceFile& file_;
  const hcl::FlatTree& tree_;
  model::Template& out_;
  hcl::Lowerer lower_;
};

}  // namespace

model::Template parse_terraform_file(const SourceFile& file, syntax::Parser& parser, const ParseOptions& options) {
  model::Template out;
  out.file = file.id();
  out.path = file.path();
  out.language = file.kind() == FileKind::TerraformVars ? model::Language::TerraformVars : model::Language::Terraform;

  syntax::Tree old_tree = options.trees ? options.trees->take(file.path(), file.text()) : nullptr;
  syntax::ParseResult parsed = parser.parse(file.text(), options.time_budget, old_tree.get());
  if (parsed.timed_out || !parsed.tree) {
    out.problems.push_back(parse_time_exceeded(file, options));
    out.truncated = true;
    return out;
  }

  if (options.trees) {
    // The language server: the flat tree is kept with the syntax tree, and the next edit's
    // flattening copies from it every top-level block the edit did not touch.
    auto flat = flatten_and_keep<hcl::FlatTree>(*options.trees, file.path(), file.text(), old_tree, std::move(parsed.tree),
                                                hcl::flatten, hcl::flatten_reusing);
    Frontend(file, *flat, options, out).run();
    return out;
  }

  // One scratch tree per thread: its capacity is reused from file to file.
  thread_local hcl::FlatTree tree;
  hcl::flatten(ts_tree_root_node(parsed.tree.get()), tree);
  // The flat copy is all the lowering needs.
  parsed.tree.reset();

  Frontend(file, tree, options, out).run();
  if (tree.nodes.capacity() > (1u << 22)) tree = hcl::FlatTree{};  // do not keep a huge buffer forever
  return out;
}

}  // namespace erlint::parse
