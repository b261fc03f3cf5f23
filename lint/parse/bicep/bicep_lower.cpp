#include "parse/bicep/bicep_lower.hpp"

#include <charconv>
#include <utility>

namespace erlint::parse::bicep {

using model::Expr;
using model::ExprKind;
using model::ExprPtr;

namespace {

std::shared_ptr<Expr> make(ExprKind kind, Range range) {
  auto e = std::make_shared<Expr>();
  e->kind = kind;
  e->range = range;
  return e;
}

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Decodes one escape_sequence token (`\'`, `\\`, `\n`, `\r`, `\t`, `\$`, `\u{hex}`).
void decode_escape(std::string_view escape, std::string& out) {
  if (escape.size() < 2 || escape[0] != '\\') {
    out.append(escape);
    return;
  }
  switch (escape[1]) {
    case 'n': out.push_back('\n'); return;
    case 'r': out.push_back('\r'); return;
    case 't': out.push_back('\t'); return;
    case '\'': out.push_back('\''); return;
    case '\\': out.push_back('\\'); return;
    case '$': out.push_back('$'); return;
    case 'u': {
      std::uint32_t cp = 0;
      bool any = false;
      for (size_t i = 3; i < escape.size() && escape[i] != '}'; ++i) {
        const int d = hex_digit(escape[i]);
        if (d < 0) break;
        any = true;
        cp = cp > 0x10FFFF ? cp : cp * 16 + static_cast<std::uint32_t>(d);  // saturate: stays invalid
      }
      if (any) append_utf8(out, cp);
      else out.append(escape);
      return;
    }
    default: out.append(escape); return;  // the grammar rejects other escapes (an ERROR is reported)
  }
}

// A string under construction: literal text, flushed into a Template when an interpolation comes.
class StringBuilder {
 public:
  StringBuilder(FileId file, Range whole) : file_(file), whole_(whole) {}

  std::string& literal(std::uint32_t begin, std::uint32_t end) {
    if (!has_literal_) {
      has_literal_ = true;
      literal_begin_ = begin;
    }
    literal_end_ = end;
    return literal_;
  }

  void interpolation(ExprPtr value) {
    if (!template_) template_ = make(ExprKind::Template, whole_);
    flush();
    template_->items.push_back(std::move(value));
  }

  ExprPtr finish() {
    if (!template_) return model::make_string(std::move(literal_), whole_);
    flush();
    return template_;
  }

 private:
  void flush() {
    if (has_literal_ && !literal_.empty())
      template_->items.push_back(model::make_string(std::move(literal_), Range{file_, literal_begin_, literal_end_}));
    literal_.clear();
    has_literal_ = false;
  }

  FileId file_;
  Range whole_;
  std::string literal_;
  bool has_literal_ = false;
  std::uint32_t literal_begin_ = 0;
  std::uint32_t literal_end_ = 0;
  std::shared_ptr<Expr> template_;
};

}  // namespace

void append_utf8(std::string& out, std::uint32_t cp) {
  if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) cp = 0xFFFD;
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

struct Lowerer::DepthGuard {
  Lowerer& lowerer;
  bool ok;
  explicit DepthGuard(Lowerer& l) : lowerer(l), ok(++l.depth_ <= l.options_.max_nesting_depth) {}
  ~DepthGuard() { --lowerer.depth_; }
  DepthGuard(const DepthGuard&) = delete;
  DepthGuard& operator=(const DepthGuard&) = delete;
};

std::string_view Lowerer::text(std::uint32_t index) const {
  const Node& n = node(index);
  if (n.end < n.begin || n.end > src_.size()) return {};
  return src_.substr(n.begin, n.end - n.begin);
}

std::uint32_t Lowerer::field(std::uint32_t parent, F f) const {
  for (std::uint32_t c = node(parent).first_child; c != kNone; c = node(c).next)
    if (node(c).field == f) return c;
  return kNone;
}

std::uint32_t Lowerer::child_of_kind(std::uint32_t parent, K k) const {
  for (std::uint32_t c = node(parent).first_child; c != kNone; c = node(c).next)
    if (node(c).kind == k) return c;
  return kNone;
}

ExprPtr Lowerer::too_deep(Range where) {
  if (!depth_reported_) {
    depth_reported_ = true;
    out_.problems.push_back(model::Problem{
        ErrorCode::Limit,
        "nesting deeper than " + std::to_string(options_.max_nesting_depth) +
            " levels (max_nesting_depth); the value is not analysed",
        where});
    out_.truncated = true;
  }
  return model::make_error("nesting too deep", where);
}

bool Lowerer::is_namespace(std::string_view name) const {
  for (const auto& ns : namespaces)
    if (ns == name) return true;
  return false;
}

ExprPtr Lowerer::expression(std::uint32_t index, std::uint32_t missing_at) {
  if (index == kNone) return model::make_error("missing expression", span(missing_at, missing_at));
  return lower(index);
}

namespace {
// A child that is a value in a list (array item, call argument): not a comment, directive, error
// or punctuation.
bool is_value(const Node& n) {
  return n.named && n.field == F::None && n.kind != K::Comment && n.kind != K::Directive && n.kind != K::Error;
}
}  // namespace

ExprPtr Lowerer::lower(std::uint32_t index) {
  DepthGuard guard(*this);
  if (!guard.ok) return too_deep(range(index));
  const Node& n = node(index);
  if (n.missing) return model::make_error("missing expression", range(index));
  switch (n.kind) {
    case K::Identifier: return model::make_identifier(std::string(text(index)), range(index));
    case K::Number: return number(index);
    case K::Boolean: return model::make_bool(text(index) == "true", range(index));
    case K::Null: return model::make_null(range(index));
    case K::String: return string(index);
    case K::MultilineString: return multiline_string(index);
    case K::Object: return object(index);
    case K::Array: return array(index);
    case K::ForExpression: return for_expression(index);
    case K::ParenthesizedExpression: return expression(field(index, F::Expression), n.end);
    case K::CallExpression: return call(index);
    case K::LambdaExpression: return lambda(index);
    case K::SubscriptExpression: return subscript(index);
    case K::MemberExpression: {
      const std::uint32_t property = field(index, F::Property);
      return model::make_member(expression(field(index, F::Object), n.begin),
                                property != kNone ? std::string(text(property)) : std::string(), range(index),
                                field(index, F::Safe) != kNone);
    }
    case K::NonNullAssertion: {
      auto e = make(ExprKind::NonNull, range(index));
      e->items.push_back(expression(field(index, F::Expression), n.begin));
      return e;
    }
    case K::NestedResourceAccess: {
      // `parent::child` names the nested resource `child`, whose symbol is its own name.
      const std::uint32_t child = field(index, F::Resource);
      if (child == kNone) return model::make_error("missing nested resource name", range(index));
      return model::make_identifier(std::string(text(child)), range(index));
    }
    case K::UnaryExpression: {
      const std::uint32_t op = field(index, F::Operator);
      auto e = make(ExprKind::Unary, range(index));
      e->text = op != kNone ? std::string(text(op)) : std::string();
      e->items.push_back(expression(field(index, F::Argument), n.end));
      return e;
    }
    case K::BinaryExpression: {
      const std::uint32_t op = field(index, F::Operator);
      auto e = make(ExprKind::Binary, range(index));
      e->text = op != kNone ? std::string(text(op)) : std::string();
      e->items.reserve(2);
      e->items.push_back(expression(field(index, F::Left), n.begin));
      e->items.push_back(expression(field(index, F::Right), n.end));
      return e;
    }
    case K::TernaryExpression: {
      auto e = make(ExprKind::Conditional, range(index));
      e->items.reserve(3);
      e->items.push_back(expression(field(index, F::Condition), n.begin));
      e->items.push_back(expression(field(index, F::Consequence), n.end));
      e->items.push_back(expression(field(index, F::Alternative), n.end));
      return e;
    }
    case K::IfExpression: {
      // Only valid as a resource/module body or a loop body (lowered there); elsewhere the value is
      // its object, conditionally: `cond ? body : null`.
      auto e = make(ExprKind::Conditional, range(index));
      e->items.push_back(expression(field(index, F::Condition), n.begin));
      e->items.push_back(expression(field(index, F::Body), n.end));
      e->items.push_back(model::make_null(range(index)));
      return e;
    }
    case K::Error: return model::make_error("syntax error", range(index));
    default: {
      std::string_view t = text(index);
      if (t.size() > 40) t = t.substr(0, 40);
      return model::make_error("unsupported syntax '" + std::string(t) + "'", range(index));
    }
  }
}

ExprPtr Lowerer::number(std::uint32_t index) {
  const std::string_view t = text(index);
  double value = 0;
  auto [ptr, ec] = std::from_chars(t.data(), t.data() + t.size(), value);
  if (ptr != t.data() + t.size() || (ec != std::errc() && ec != std::errc::result_out_of_range))
    return model::make_error("invalid number '" + std::string(t) + "'", range(index));
  return model::make_number(value, range(index));
}

bool Lowerer::plain_string(std::uint32_t index, std::string& out) const {
  out.clear();
  if (index == kNone || kind(index) != K::String) return false;
  for (std::uint32_t c = node(index).first_child; c != kNone; c = node(c).next) {
    switch (kind(c)) {
      case K::StringContent: out.append(text(c)); break;
      case K::EscapeSequence: decode_escape(text(c), out); break;
      case K::Interpolation: return false;
      default: break;
    }
  }
  return true;
}

ExprPtr Lowerer::string(std::uint32_t index) {
  StringBuilder b(file_.id(), range(index));
  for (std::uint32_t c = node(index).first_child; c != kNone; c = node(c).next) {
    const Node& part = node(c);
    switch (part.kind) {
      case K::StringContent: b.literal(part.begin, part.end).append(text(c)); break;
      case K::EscapeSequence: decode_escape(text(c), b.literal(part.begin, part.end)); break;
      case K::Interpolation: b.interpolation(expression(field(c, F::Expression), part.end)); break;
      default: break;
    }
  }
  return b.finish();
}

// '''raw''' / $'''...${x}...''': no escapes; one line break right after the opening ''' is dropped.
ExprPtr Lowerer::multiline_string(std::uint32_t index) {
  StringBuilder b(file_.id(), range(index));
  const Node& whole = node(index);
  std::uint32_t open_end = whole.begin;
  while (open_end < whole.end && src_[open_end] == '$') ++open_end;
  open_end += 3;  // '''
  for (std::uint32_t c = whole.first_child; c != kNone; c = node(c).next) {
    const Node& part = node(c);
    if (part.kind == K::StringContent) {
      std::string_view t = text(c);
      std::uint32_t begin = part.begin;
      if (part.begin == open_end) {
        const std::uint32_t line_break = t.starts_with("\r\n") ? 2 : t.starts_with("\n") ? 1 : 0;
        t.remove_prefix(line_break);
        begin += line_break;
      }
      if (!t.empty()) b.literal(begin, part.end).append(t);
    } else if (part.kind == K::Interpolation) {
      b.interpolation(expression(field(c, F::Expression), part.end));
    }
  }
  return b.finish();
}

void Lowerer::object_member(std::uint32_t child, Expr& object) {
  const Node& c = node(child);
  switch (c.kind) {
    case K::ObjectProperty: {
      model::ObjectEntry entry;
      const std::uint32_t key = field(child, F::Key);
      if (key == kNone || node(key).missing) {
        entry.key_range = key == kNone ? range(child) : range(key);
        entry.key_expr = model::make_error("missing key", entry.key_range);
      } else {
        entry.key_range = range(key);
        if (kind(key) == K::String) {
          if (!plain_string(key, entry.key)) entry.key_expr = expression(key);
        } else {
          entry.key = std::string(text(key));
        }
      }
      entry.value = expression(field(child, F::Value), c.end);
      object.entries.push_back(std::move(entry));
      break;
    }
    case K::SpreadElement: {
      model::ObjectEntry entry;
      entry.key_range = range(child);
      auto spread = make(ExprKind::Spread, range(child));
      spread->items.push_back(expression(field(child, F::Value), c.end));
      entry.value = std::move(spread);
      object.entries.push_back(std::move(entry));
      break;
    }
    case K::ResourceDeclaration:
      if (nested_resources) nested_resources->push_back(child);
      break;
    default: break;
  }
}

ExprPtr Lowerer::object(std::uint32_t index) {
  auto e = make(ExprKind::Object, range(index));
  for (std::uint32_t c = node(index).first_child; c != kNone; c = node(c).next) {
    if (kind(c) != K::Error) {
      object_member(c, *e);
      continue;
    }
    // Properties tree-sitter kept whole inside an ERROR node are still lowered.
    std::vector<std::uint32_t> pending{node(c).first_child};
    while (!pending.empty()) {
      const std::uint32_t g = pending.back();
      if (g == kNone) {
        pending.pop_back();
        continue;
      }
      pending.back() = node(g).next;
      if (kind(g) == K::Error) pending.push_back(node(g).first_child);
      else object_member(g, *e);
    }
  }
  return e;
}

ExprPtr Lowerer::array(std::uint32_t index) {
  auto e = make(ExprKind::Array, range(index));
  for (std::uint32_t c = node(index).first_child; c != kNone; c = node(c).next) {
    const Node& item = node(c);
    if (item.kind == K::SpreadElement) {
      auto spread = make(ExprKind::Spread, range(c));
      spread->items.push_back(expression(field(c, F::Value), item.end));
      e->items.push_back(std::move(spread));
    } else if (is_value(item)) {
      e->items.push_back(lower(c));
    }
  }
  return e;
}

ExprPtr Lowerer::for_expression(std::uint32_t index) {
  const Node& n = node(index);
  auto e = make(ExprKind::For, range(index));
  const std::uint32_t item = field(index, F::Item);
  const std::uint32_t position = field(index, F::Index);
  if (item != kNone) e->details().item_name = std::string(text(item));
  if (position != kNone) e->details().index_name = std::string(text(position));
  e->items.reserve(3);
  e->items.push_back(expression(field(index, F::Iterable), n.begin));
  const std::uint32_t body = field(index, F::Body);
  if (body != kNone && kind(body) == K::IfExpression) {
    e->items.push_back(expression(field(body, F::Body), node(body).end));
    e->items.push_back(expression(field(body, F::Condition), node(body).begin));
  } else {
    e->items.push_back(expression(body, n.end));
    e->items.push_back(nullptr);
  }
  return e;
}

ExprPtr Lowerer::call(std::uint32_t index) {
  const std::uint32_t function = field(index, F::Function);
  const std::uint32_t arguments = field(index, F::Arguments);
  std::vector<ExprPtr> args;
  if (arguments != kNone)
    for (std::uint32_t c = node(arguments).first_child; c != kNone; c = node(c).next)
      if (is_value(node(c))) args.push_back(lower(c));
  if (function != kNone && kind(function) == K::Identifier) {
    // nameof(x), nameof(x.member), nameof(x['key']): the compiler writes the name as a string.
    if (text(function) == "nameof" && args.size() == 1 && args[0]) {
      const Expr& named = *args[0];
      if (named.kind == ExprKind::Identifier || named.kind == ExprKind::Member)
        return model::make_string(named.text, range(index));
      if (named.kind == ExprKind::Index && named.items.size() == 2 && named.items[1] && named.items[1]->kind == ExprKind::String)
        return model::make_string(named.items[1]->text, range(index));
    }
    return model::make_call(std::string(text(function)), std::move(args), range(index));
  }
  if (function != kNone && kind(function) == K::MemberExpression) {
    const std::uint32_t object = field(function, F::Object);
    const std::uint32_t property = field(function, F::Property);
    std::string name = property != kNone ? std::string(text(property)) : std::string();
    if (object != kNone && kind(object) == K::Identifier && is_namespace(text(object))) {
      std::string qualified(text(object));
      qualified += '.';
      qualified += name;
      return model::make_call(std::move(qualified), std::move(args), range(index));
    }
    // A method on a value: kv.getSecret('s'), storage.listKeys().
    auto e = make(ExprKind::Call, range(index));
    e->text = std::move(name);
    e->items = std::move(args);
    e->details().receiver = expression(object, node(function).begin);
    return e;
  }
  return model::make_error("unsupported call", range(index));
}

ExprPtr Lowerer::lambda(std::uint32_t index) {
  auto e = make(ExprKind::Lambda, range(index));
  const std::uint32_t params = field(index, F::Parameters);
  if (params != kNone && kind(params) == K::Identifier) {
    e->details().params.emplace_back(text(params));
  } else if (params != kNone) {
    for (std::uint32_t c = node(params).first_child; c != kNone; c = node(c).next)
      if (kind(c) == K::Identifier && !node(c).missing) e->details().params.emplace_back(text(c));
  }
  e->items.push_back(expression(field(index, F::Body), node(index).end));
  return e;
}

// a[i], a[?i]; a[^n] (from the end) is a[length(a) - n].
ExprPtr Lowerer::subscript(std::uint32_t index) {
  const Node& n = node(index);
  ExprPtr object = expression(field(index, F::Object), n.begin);
  ExprPtr position = expression(field(index, F::Index), n.end);
  const bool safe = field(index, F::Safe) != kNone;
  const std::uint32_t from_end = field(index, F::FromEnd);
  if (from_end != kNone) {
    const Range where = span(node(from_end).begin, position->range.end);
    auto length = model::make_call("length", {object}, object->range);
    auto minus = make(ExprKind::Binary, where);
    minus->text = "-";
    minus->items.push_back(std::move(length));
    minus->items.push_back(std::move(position));
    position = std::move(minus);
  }
  return model::make_index(std::move(object), std::move(position), range(index), safe);
}

}  // namespace erlint::parse::bicep
