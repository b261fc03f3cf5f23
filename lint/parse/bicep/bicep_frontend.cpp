#include "parse/bicep/bicep_frontend.hpp"


#include <algorithm>
#include <cctype>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "parse/bicep/bicep_lower.hpp"
#include "parse/bicep/bicep_tree.hpp"
#include "parse/flat_tree_reuse.hpp"
#include "parse/parse_problems.hpp"
#include "syntax/tree_store.hpp"

namespace erlint::parse {

namespace {

using bicep::F;
using bicep::K;
using bicep::kNone;
using model::ExprKind;
using model::ExprPtr;

constexpr size_t kMaxSyntaxProblems = 20;
constexpr size_t kMaxTokenInMessage = 32;

// The value of an Object entry with this exact static key (Bicep property names are case-sensitive).
ExprPtr entry_value(const ExprPtr& object, std::string_view key) {
  if (!object || object->kind != ExprKind::Object) return nullptr;
  for (const auto& e : object->entries)
    if (!e.key_expr && e.key == key) return e.value;
  return nullptr;
}

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v'; }

bool is_word(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
         (static_cast<unsigned char>(c) & 0x80);
}

// `resource T 'x' = ...` / `module m 'p' = ...`: the body after `=`, with its condition and loop.
struct DeclarationBody {
  ExprPtr body;
  ExprPtr condition;
  model::Loop loop;
};

class Frontend {
 public:
  Frontend(const SourceFile& file, const bicep::FlatTree& tree, const ParseOptions& options, model::Template& out)
      : file_(file), src_(file.text()), tree_(tree), out_(out), lower_(file, tree, options, out) {}

  void run() {
    comments();
    syntax_problems();
    const bool params_file = out_.language == model::Language::BicepParams;
    // Statements tree-sitter could only recover inside an ERROR node are still lowered.
    std::vector<std::uint32_t> statements;
    for_each_statement([&](std::uint32_t s) { statements.push_back(s); });
    for (std::uint32_t s : statements)  // namespaces first: `ns.f()` may come before `import * as ns`
      if (kind(s) == K::ImportDeclaration) import(s);
    for (std::uint32_t s : statements) statement(s, params_file);
  }

 private:
  K kind(std::uint32_t n) const { return lower_.kind(n); }
  const bicep::Node& node(std::uint32_t n) const { return lower_.node(n); }
  std::string_view text(std::uint32_t n) const { return lower_.text(n); }
  Range range(std::uint32_t n) const { return lower_.range(n); }
  Range span(std::uint32_t begin, std::uint32_t end) const { return lower_.span(begin, end); }
  std::uint32_t field(std::uint32_t n, F f) const { return lower_.field(n, f); }
  std::string name_of(std::uint32_t decl) const {
    const std::uint32_t name = field(decl, F::Name);
    return name == kNone || node(name).missing ? std::string() : std::string(text(name));
  }
  ExprPtr value_of(std::uint32_t decl, F f = F::Value) { return lower_.expression(field(decl, f), node(decl).end); }

  template <typename Fn>
  void for_each_statement(Fn&& fn) const {
    std::vector<std::uint32_t> siblings{node(0).first_child};  // a sibling cursor per open level
    while (!siblings.empty()) {
      const std::uint32_t c = siblings.back();
      if (c == kNone) {
        siblings.pop_back();
        continue;
      }
      siblings.back() = node(c).next;
      switch (kind(c)) {
        case K::Error: siblings.push_back(node(c).first_child); break;
        case K::Comment:
        case K::Directive:
        case K::Other: break;
        default:
          if (node(c).named && !node(c).missing) fn(c);
      }
    }
  }

  void statement(std::uint32_t s, bool params_file) {
    switch (kind(s)) {
      case K::TargetScope: target_scope(s); break;
      case K::ParameterDeclaration:
      case K::ParameterAssignment:
        if (params_file) parameter_value(s);
        else parameter(s);
        break;
      case K::VariableDeclaration: variable(s); break;
      case K::OutputDeclaration: output(s); break;
      case K::ResourceDeclaration: resources(s); break;
      case K::ModuleDeclaration: module(s); break;
      case K::FunctionDeclaration: function(s); break;
      case K::UsingDeclaration: using_declaration(s); break;
      // metadata, type, import, extension, extensionConfig, assert, test, extends: nothing to lower.
      default: break;
    }
  }

  // --- decorators ----------------------------------------------------------------------------

  // Calls fn(name, arguments node) for each decorator of a declaration; `@sys.x()` is named "x".
  template <typename Fn>
  void for_each_decorator(std::uint32_t decl, Fn&& fn) const {
    for (std::uint32_t c = node(decl).first_child; c != kNone; c = node(c).next) {
      if (kind(c) != K::Decorator) continue;
      const std::uint32_t function = field(c, F::Function);
      if (function == kNone) continue;
      std::string_view name;
      if (kind(function) == K::Identifier) {
        name = text(function);
      } else {
        const std::uint32_t object = field(function, F::Object);
        const std::uint32_t property = field(function, F::Property);
        if (object == kNone || property == kNone || text(object) != "sys") continue;
        name = text(property);
      }
      fn(name, field(c, F::Arguments));
    }
  }

  bool has_decorator(std::uint32_t decl, std::string_view wanted) const {
    bool found = false;
    for_each_decorator(decl, [&](std::string_view name, std::uint32_t) { found = found || name == wanted; });
    return found;
  }

  // The first argument of a decorator's argument list.
  std::uint32_t first_argument(std::uint32_t arguments) const {
    if (arguments == kNone) return kNone;
    for (std::uint32_t c = node(arguments).first_child; c != kNone; c = node(c).next) {
      const bicep::Node& n = node(c);
      if (n.named && n.kind != K::Comment && n.kind != K::Directive && n.kind != K::Error) return c;
    }
    return kNone;
  }

  // --- declarations --------------------------------------------------------------------------

  void target_scope(std::uint32_t s) {
    const std::uint32_t value = field(s, F::Value);
    if (value == kNone) return;
    if (!lower_.plain_string(value, out_.target_scope)) out_.target_scope = std::string(text(value));
  }

  void parameter(std::uint32_t s) {
    model::Parameter p;
    p.name = name_of(s);
    p.range = range(s);
    const std::uint32_t type = field(s, F::Type);
    if (type != kNone) p.type = std::string(text(type));
    if (field(s, F::Value) != kNone) p.default_value = value_of(s);
    for_each_decorator(s, [&](std::string_view name, std::uint32_t arguments) {
      if (name == "secure") {
        p.secure = true;
      } else if (name == "allowed") {
        const std::uint32_t values = first_argument(arguments);
        if (values != kNone) p.allowed_values = lower_.expression(values);
      }
    });
    out_.parameters.push_back(std::move(p));
  }

  void parameter_value(std::uint32_t s) {
    if (field(s, F::Value) == kNone) return;  // `param x string` in a .bicepparam: no value
    out_.parameter_values.emplace_back(name_of(s), value_of(s));
  }

  void variable(std::uint32_t s) {
    model::Variable v;
    v.name = name_of(s);
    v.range = range(s);
    v.value = value_of(s);
    out_.variables.push_back(std::move(v));
  }

  void output(std::uint32_t s) {
    model::Output o;
    o.name = name_of(s);
    o.range = range(s);
    const std::uint32_t type = field(s, F::Type);
    if (type != kNone) o.type = std::string(text(type));
    o.value = value_of(s);
    o.secure = has_decorator(s, "secure");
    out_.outputs.push_back(std::move(o));
  }

  void function(std::uint32_t s) {
    model::Function f;
    f.name = name_of(s);
    f.range = range(s);
    const std::uint32_t params = field(s, F::Parameters);
    if (params != kNone)
      for (std::uint32_t c = node(params).first_child; c != kNone; c = node(c).next)
        if (kind(c) == K::FunctionParameter) f.params.push_back(name_of(c));
    f.body = value_of(s, F::Body);
    out_.functions.push_back(std::move(f));
  }

  void using_declaration(std::uint32_t s) {
    const std::uint32_t path = field(s, F::Path);
    if (path == kNone || kind(path) != K::String) return;  // `using none`
    out_.using_target = lower_.expression(path);
  }

  void import(std::uint32_t s) {
    const std::uint32_t imports = field(s, F::Imports);
    if (imports == kNone || kind(imports) != K::WildcardImport) return;
    const std::uint32_t alias = field(imports, F::Alias);
    if (alias != kNone && !node(alias).missing) lower_.namespaces.emplace_back(text(alias));
  }

  // --- resources and modules -----------------------------------------------------------------

  // Where `resource` / `module` starts: decorators come before it, the symbol right after it.
  std::uint32_t keyword_begin(std::uint32_t decl) const {
    const std::uint32_t name = field(decl, F::Name);
    const std::uint32_t floor = node(decl).begin;
    if (name == kNone) return floor;
    std::uint32_t p = node(name).begin;
    while (p > floor && is_space(src_[p - 1])) --p;
    while (p > floor && is_word(src_[p - 1])) --p;
    return p;
  }

  // `resource sym 'T@v'` / `module sym 'path'`.
  Range header(std::uint32_t decl, std::uint32_t type_or_path) const {
    std::uint32_t end = node(decl).end;
    if (type_or_path != kNone) end = node(type_or_path).end;
    else if (const std::uint32_t name = field(decl, F::Name); name != kNone) end = node(name).end;
    return span(keyword_begin(decl), end);
  }

  DeclarationBody declaration_body(std::uint32_t decl) {
    DeclarationBody out;
    std::uint32_t value = field(decl, F::Value);
    if (value == kNone) {
      out.body = model::make_error("missing body", span(node(decl).end, node(decl).end));
      return out;
    }
    if (kind(value) == K::ForExpression) {
      out.loop.kind = model::Loop::Kind::ForEach;
      out.loop.range = range(value);
      out.loop.source = lower_.expression(field(value, F::Iterable), node(value).begin);
      const std::uint32_t item = field(value, F::Item);
      const std::uint32_t index = field(value, F::Index);
      if (item != kNone) out.loop.item_name = std::string(text(item));
      if (index != kNone) out.loop.index_name = std::string(text(index));
      const std::uint32_t body = field(value, F::Body);
      if (body == kNone) {
        out.body = model::make_error("missing loop body", span(node(value).end, node(value).end));
        return out;
      }
      value = body;
    }
    if (kind(value) == K::IfExpression) {
      out.condition = lower_.expression(field(value, F::Condition), node(value).begin);
      out.body = lower_.expression(field(value, F::Body), node(value).end);
    } else {
      out.body = lower_.expression(value);
    }
    return out;
  }

  // A resource and its nested child resources, in source order (depth first, no recursion).
  void resources(std::uint32_t top) {
    struct Work {
      std::uint32_t node;
      int parent;
    };
    std::vector<Work> stack{{top, -1}};
    std::vector<std::uint32_t> children;
    while (!stack.empty()) {
      const Work w = stack.back();
      stack.pop_back();
      children.clear();
      const int index = resource(w.node, w.parent, children);
      for (auto it = children.rbegin(); it != children.rend(); ++it) stack.push_back(Work{*it, index});
    }
  }

  int resource(std::uint32_t s, int nested_parent, std::vector<std::uint32_t>& children) {
    model::ResourceDecl r;
    r.symbol = name_of(s);
    r.range = range(s);
    r.nested_parent = nested_parent;
    r.existing = field(s, F::Existing) != kNone;
    const std::uint32_t type = field(s, F::Type);
    r.header_range = header(s, type);
    if (type != kNone && !node(type).missing) {
      std::string written;
      if (lower_.plain_string(type, written)) {
        const size_t at = written.find('@');
        if (at != std::string::npos) {
          r.api_version = written.substr(at + 1);
          written.resize(at);
        }
        // A type qualified by its extension's alias ('az:Microsoft.Storage/storageAccounts',
        // 'k8s:apps/Deployment') is the type without it: the compiler drops the alias.
        const size_t colon = written.find(':');
        if (colon != std::string::npos && colon > 0 && colon < written.find('/') &&
            std::all_of(written.begin(), written.begin() + static_cast<std::ptrdiff_t>(colon),
                        [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }))
          written.erase(0, colon + 1);
        r.type = model::make_string(std::move(written), range(type));
      } else {
        r.type = lower_.expression(type);
      }
    }
    std::vector<std::uint32_t>* saved = lower_.nested_resources;
    lower_.nested_resources = &children;
    DeclarationBody body = declaration_body(s);
    lower_.nested_resources = saved;
    r.body = std::move(body.body);
    r.condition = std::move(body.condition);
    r.loop = std::move(body.loop);
    r.name = entry_value(r.body, "name");
    r.parent = entry_value(r.body, "parent");
    r.scope = entry_value(r.body, "scope");
    out_.resources.push_back(std::move(r));
    return static_cast<int>(out_.resources.size() - 1);
  }

  void module(std::uint32_t s) {
    model::ModuleCall m;
    m.symbol = name_of(s);
    m.range = range(s);
    const std::uint32_t path = field(s, F::Path);
    m.header_range = header(s, path);
    if (path != kNone && !node(path).missing) m.source = lower_.expression(path);
    DeclarationBody body = declaration_body(s);
    m.body = std::move(body.body);
    m.condition = std::move(body.condition);
    m.loop = std::move(body.loop);
    m.name = entry_value(m.body, "name");
    m.params = entry_value(m.body, "params");
    m.scope = entry_value(m.body, "scope");
    out_.modules.push_back(std::move(m));
  }

  // --- comments --------------------------------------------------------------------------------

  void comments() {
    out_.comments.reserve(tree_.comments.size());
    for (std::uint32_t c : tree_.comments) {
      const bicep::Node& n = node(c);
      std::string_view t = text(c);
      if (t.starts_with("//")) {
        t.remove_prefix(2);
      } else if (t.starts_with("/*")) {
        t.remove_prefix(2);
        if (t.ends_with("*/")) t.remove_suffix(2);
      }
      while (!t.empty() && t.back() == '\r') t.remove_suffix(1);
      bool own_line = true;
      for (std::uint32_t i = n.begin; i > 0; --i) {
        const char ch = src_[i - 1];
        if (ch == '\n') break;
        if (ch != ' ' && ch != '\t' && ch != '\r') {
          own_line = false;
          break;
        }
      }
      out_.comments.push_back(model::Comment{std::string(t), range(c), own_line});
    }
  }

  // --- syntax problems -------------------------------------------------------------------------

  std::string line_of(std::uint32_t offset) const { return std::to_string(file_.position(offset).line); }

  // A short, one-line rendering of a token for a message.
  std::string token_text(std::uint32_t begin, std::uint32_t end) const {
    std::string_view t = src_.substr(begin, end - begin);
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

  // What a construct is called in a message.
  static std::string_view describe(K k) {
    switch (k) {
      case K::Object: return "object";
      case K::Array: return "array";
      case K::ForExpression: return "for expression";
      case K::Arguments: return "argument list";
      case K::FunctionParameters: return "parameter list";
      case K::LambdaParameters: return "parameter list";
      case K::ParenthesizedExpression: return "parenthesis";
      case K::SubscriptExpression: return "index";
      case K::Interpolation: return "interpolation";
      case K::IfExpression: return "condition";
      default: return {};
    }
  }

  static std::string missing_field(F f) {
    switch (f) {
      case F::Name: return "missing a name";
      case F::Key: return "missing a property name";
      case F::Property: return "missing a property name after '.'";
      case F::Type: return "missing a type";
      case F::Path: return "missing a path";
      default: return "missing a value";
    }
  }

  // A token in a message: 'x', or "'x'" when it holds a quote.
  static std::string quoted(std::string_view token) {
    const char q = token.find('\'') == std::string_view::npos ? '\'' : '"';
    std::string out(1, q);
    out.append(token);
    out.push_back(q);
    return out;
  }

  std::uint32_t line_end(std::uint32_t offset) const {
    while (offset < src_.size() && src_[offset] != '\n' && src_[offset] != '\r') ++offset;
    return offset;
  }

  static constexpr std::string_view kUnterminatedString =
      "unterminated string: the closing ' is missing (a string cannot span lines; use ''' for text over several lines)";
  static constexpr std::string_view kUnterminatedMultiline = "unterminated multi-line string: the closing ''' is missing";

  model::Problem missing_problem(std::uint32_t e) const {
    const bicep::Node& n = node(e);
    const std::string_view symbol = bicep::symbol_name(n.symbol);
    const std::uint32_t parent = n.parent;
    const K parent_kind = parent != kNone ? kind(parent) : K::Other;
    model::Problem p{ErrorCode::Syntax, {}, range(e)};
    if (parent_kind == K::String && symbol == "'") {
      p.message = kUnterminatedString;
      p.range = range(parent);
    } else if (parent_kind == K::MultilineString) {
      p.message = kUnterminatedMultiline;
      p.range = span(node(parent).begin, std::min(node(parent).end, node(parent).begin + 3));
    } else if (symbol == "}" || symbol == "]" || symbol == ")") {
      p.message = "missing '" + std::string(symbol) + "'";
      const std::string_view what = describe(parent_kind);
      if (!what.empty() && parent != kNone)
        p.message += " to close the " + std::string(what) + " that starts at line " + line_of(node(parent).begin);
    } else if (n.named) {
      p.message = missing_field(n.field);
    } else if ((parent_kind == K::Boolean || parent_kind == K::Null) && node(parent).field != F::None) {
      // tree-sitter invented a literal where a type or value is missing
      p.message = missing_field(node(parent).field);
    } else if (symbol.starts_with("_")) {
      p.message = "missing a line break";
    } else {
      p.message = "missing " + quoted(symbol);
    }
    return p;
  }

  // The innermost bracket in [begin, end) that is still open at `end` (strings and comments
  // skipped), or `end` when every bracket is closed.
  std::uint32_t unclosed_bracket(std::uint32_t begin, std::uint32_t end) const {
    std::vector<std::uint32_t> open;
    std::uint32_t i = begin;
    while (i < end) {
      const char c = src_[i];
      if (c == '/' && i + 1 < end && src_[i + 1] == '/') {
        i = line_end(i);
      } else if (c == '/' && i + 1 < end && src_[i + 1] == '*') {
        const size_t close = src_.find("*/", i + 2);
        i = close == std::string_view::npos ? end : static_cast<std::uint32_t>(close) + 2;
      } else if (src_.substr(i, 3) == "'''") {
        const size_t close = src_.find("'''", i + 3);
        i = close == std::string_view::npos ? end : static_cast<std::uint32_t>(close) + 3;
      } else if (c == '\'') {
        // A string runs to its closing quote on the same line (interpolations balance themselves).
        ++i;
        while (i < end && src_[i] != '\'' && src_[i] != '\n') i += src_[i] == '\\' ? 2 : 1;
        ++i;
      } else {
        if (c == '{' || c == '[' || c == '(') {
          open.push_back(i);
        } else if (c == '}' || c == ']' || c == ')') {
          const char want = c == '}' ? '{' : c == ']' ? '[' : '(';
          if (!open.empty() && src_[open.back()] == want) open.pop_back();
        }
        ++i;
      }
    }
    return open.empty() ? end : open.back();
  }

  // Describes the token at [b, x) that tree-sitter could not place.
  void unexpected_token(model::Problem& p, std::uint32_t b, std::uint32_t x) const {
    if (src_.substr(b, 2) == "/*" && src_.find("*/", b + 2) == std::string_view::npos) {
      p.message = "unterminated comment: '/*' has no closing '*/'";
      p.range = span(b, b + 2);
    } else if (src_.substr(b, 3) == "'''") {
      p.message = kUnterminatedMultiline;
      p.range = span(b, b + 3);
    } else if (src_[b] == '\'') {
      p.message = kUnterminatedString;
      p.range = span(b, line_end(b));
    } else if (src_[b] == '\\') {
      // Inside a string: an escape the language does not have.
      const std::uint32_t end = std::min<std::uint32_t>(b + 2, line_end(b));
      p.message = "unknown escape sequence " + quoted(token_text(b, end)) +
                  " (Bicep has \\\\, \\', \\n, \\r, \\t, \\$ and \\u{...})";
      p.range = span(b, end);
    } else {
      p.message = "unexpected " + quoted(token_text(b, x));
      p.range = span(b, x);
    }
  }

  // The cause of an ERROR node, most specific first: a bracket never closed (when the ERROR runs to
  // the end of the file), text tree-sitter skipped, a stray token, a misplaced construct.
  model::Problem error_problem(std::uint32_t e) const {
    const bicep::Node& err = node(e);
    model::Problem p{ErrorCode::Syntax, {}, range(e)};
    if (err.parent != kNone && kind(err.parent) == K::String &&
        src_.substr(node(err.parent).begin, err.begin - node(err.parent).begin).find('\n') != std::string_view::npos) {
      // A string that runs over a line break: its closing quote is missing on the first line.
      p.message = kUnterminatedString;
      p.range = span(node(err.parent).begin, line_end(node(err.parent).begin));
      return p;
    }
    std::uint32_t last = static_cast<std::uint32_t>(src_.size());
    while (last > 0 && is_space(src_[last - 1])) --last;
    if (err.end >= last) {
      const std::uint32_t open = unclosed_bracket(err.begin, err.end);
      if (open < err.end) {
        const char c = src_[open];
        const char close = c == '{' ? '}' : c == '[' ? ']' : ')';
        p.message = std::string("missing '") + close + "': the '" + c + "' at line " + line_of(open) + " is never closed";
        p.range = span(open, open + 1);
        return p;
      }
    }
    auto token_at = [&](std::uint32_t from, std::uint32_t to) -> bool {
      std::uint32_t b = from;
      while (b < to && is_space(src_[b])) ++b;
      if (b >= to) return false;
      std::uint32_t x = b + 1;
      if (is_word(src_[b]))
        while (x < to && is_word(src_[x])) ++x;
      unexpected_token(p, b, x);
      return true;
    };
    // Depth-first over the ERROR's subtree (iterative).
    struct Frame {
      std::uint32_t parent;
      std::uint32_t child;
      std::uint32_t pos;
    };
    std::vector<Frame> frames{{e, err.first_child, err.begin}};
    std::uint32_t first_construct = kNone;
    while (!frames.empty()) {
      Frame& f = frames.back();
      const bool in_error = kind(f.parent) == K::Error;
      if (f.child == kNone) {
        if (in_error && node(f.parent).end > f.pos && token_at(f.pos, node(f.parent).end)) return p;
        const std::uint32_t end = node(f.parent).end;
        frames.pop_back();
        if (!frames.empty()) frames.back().pos = std::max(frames.back().pos, end);
        continue;
      }
      const std::uint32_t c = f.child;
      const bicep::Node& n = node(c);
      f.child = n.next;
      // Text no child covers: tokens tree-sitter skipped (inside a construct: hidden tokens).
      if (in_error && n.begin > f.pos && token_at(f.pos, n.begin)) return p;
      f.pos = std::max(f.pos, n.end);
      if (n.end <= n.begin || n.kind == K::Comment || n.kind == K::Directive) continue;
      if (n.kind == K::Error || (n.has_error && n.first_child != kNone)) {
        frames.push_back(Frame{c, n.first_child, n.begin});
        continue;
      }
      // A bare token directly inside the ERROR is the culprit; a whole construct is skipped.
      if (n.first_child == kNone && in_error) {
        unexpected_token(p, n.begin, n.end);
        return p;
      }
      if (first_construct == kNone) first_construct = c;
    }
    if (first_construct != kNone) {
      // Only complete constructs, in a place where they cannot stand.
      const bicep::Node& n = node(first_construct);
      p.message = "unexpected " + quoted(token_text(n.begin, n.end)) + " (is a ',' or a line break missing after it?)";
      p.range = range(first_construct);
    } else if (err.end >= src_.size()) {
      p.message = "unexpected end of file";
      p.range = span(err.end, err.end);
    } else {
      p.message = "syntax error";
    }
    return p;
  }

  void syntax_problems() {
    const size_t total = tree_.errors.size();
    for (size_t i = 0; i < total && i < kMaxSyntaxProblems; ++i) {
      const std::uint32_t e = tree_.errors[i];
      model::Problem p = node(e).missing ? missing_problem(e) : error_problem(e);
      if (i + 1 == kMaxSyntaxProblems && total > kMaxSyntaxProblems)
        p.message += " (and " + std::to_string(total - kMaxSyntaxProblems) + " more syntax errors)";
      out_.problems.push_back(std::move(p));
    }
  }

  const SourceFile& file_;
  std::string_view src_;
  const bicep::FlatTree& tree_;
  model::Template& out_;
  bicep::Lowerer lower_;
};

}  // namespace

model::Template parse_bicep_file(const SourceFile& file, syntax::Parser& parser, const ParseOptions& options) {
  model::Template out;
  out.file = file.id();
  out.path = file.path();
  out.language = file.kind() == FileKind::BicepParams ? model::Language::BicepParams : model::Language::Bicep;

  syntax::Tree old_tree = options.trees ? options.trees->take(file.path(), file.text()) : nullptr;
  syntax::ParseResult parsed = parser.parse(file.text(), options.time_budget, old_tree.get());
  if (parsed.timed_out || !parsed.tree) {
    out.problems.push_back(parse_time_exceeded(file, options));
    out.truncated = true;
    return out;
  }

  if (options.trees) {
    // The language server: the flat tree is kept with the syntax tree, and the next edit's
    // flattening copies from it every top-level statement the edit did not touch.
    auto flat = flatten_and_keep<bicep::FlatTree>(*options.trees, file.path(), file.text(), old_tree, std::move(parsed.tree),
                                                bicep::flatten, bicep::flatten_reusing);
    Frontend(file, *flat, options, out).run();
    return out;
  }

  // One scratch tree per thread: its capacity is reused from file to file.
  thread_local bicep::FlatTree tree;
  bicep::flatten(ts_tree_root_node(parsed.tree.get()), tree);
  parsed.tree.reset();  // the flat copy is all the lowering needs

  Frontend(file, tree, options, out).run();
  if (tree.nodes.capacity() > (1u << 22)) tree = bicep::FlatTree{};  // do not keep a huge buffer forever
  return out;
}

}  // namespace erlint::parse
