#include "parse/terraform/hcl_lower.hpp"

#include <charconv>
#include <limits>
#include <utility>
#include <vector>

namespace erlint::parse::hcl {

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

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f'; }

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

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Heredoc text: no backslash escapes, only `$${` / `%%{`; CRLF line ends become LF.
std::string unescape_heredoc(std::string_view raw) {
  std::string out;
  out.reserve(raw.size());
  for (size_t i = 0; i < raw.size(); ++i) {
    const char c = raw[i];
    if ((c == '$' || c == '%') && i + 2 < raw.size() && raw[i + 1] == c && raw[i + 2] == '{') {
      out.push_back(c);
      out.push_back('{');
      i += 2;
    } else if (c == '\r' && i + 1 < raw.size() && raw[i + 1] == '\n') {
      continue;
    } else {
      out.push_back(c);
    }
  }
  return out;
}

// One piece of a template under construction: a literal (expr null) or an interpolated value.
struct Part {
  std::string literal;
  ExprPtr expr;
  Range range;
};

// HCL's `<<-` rule (hclsyntax flushHeredocTemplateParts): the smallest indentation over all
// lines that start with a literal and are not blank is removed from every such line; a line that
// starts with an interpolation has indentation 0.
void strip_heredoc_indentation(std::vector<Part>& parts) {
  // Split literals so that each piece ends at a newline (HCL's scanner yields one token per line).
  std::vector<Part> lines;
  lines.reserve(parts.size() * 2);
  for (auto& part : parts) {
    if (part.expr) {
      lines.push_back(std::move(part));
      continue;
    }
    size_t start = 0;
    const std::string& s = part.literal;
    while (start < s.size()) {
      size_t nl = s.find('\n', start);
      size_t stop = nl == std::string::npos ? s.size() : nl + 1;
      lines.push_back(Part{s.substr(start, stop - start), nullptr, part.range});
      start = stop;
    }
  }
  constexpr size_t kInf = std::numeric_limits<size_t>::max();
  size_t min_spaces = kInf;
  bool newline = true;
  std::vector<size_t> adjust;
  for (size_t i = 0; i < lines.size(); ++i) {
    const Part& p = lines[i];
    if (newline) {
      newline = false;
      size_t spaces = 0;
      if (!p.expr) {
        size_t lead = 0;
        while (lead < p.literal.size() && is_space(p.literal[lead])) ++lead;
        if (lead == p.literal.size() && !p.literal.empty() && p.literal.back() == '\n') {
          spaces = kInf;  // a blank line does not count
        } else {
          spaces = lead;
          adjust.push_back(i);
        }
      }
      if (spaces < min_spaces) min_spaces = spaces;
    }
    if (!p.expr && !p.literal.empty() && p.literal.back() == '\n') newline = true;
  }
  if (min_spaces != kInf && min_spaces > 0)
    for (size_t i : adjust) lines[i].literal.erase(0, std::min(min_spaces, lines[i].literal.size()));
  // Merge adjacent literals back.
  parts.clear();
  for (auto& p : lines) {
    if (!p.expr && !parts.empty() && !parts.back().expr) {
      parts.back().literal += p.literal;
      parts.back().range.end = p.range.end;
    } else {
      parts.push_back(std::move(p));
    }
  }
}

}  // namespace

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

std::string Lowerer::unescape_quoted(std::string_view raw) {
  std::string out;
  out.reserve(raw.size());
  for (size_t i = 0; i < raw.size(); ++i) {
    const char c = raw[i];
    if ((c == '$' || c == '%') && i + 2 < raw.size() && raw[i + 1] == c && raw[i + 2] == '{') {
      out.push_back(c);
      out.push_back('{');
      i += 2;
      continue;
    }
    if (c != '\\' || i + 1 >= raw.size()) {
      out.push_back(c);
      continue;
    }
    const char e = raw[++i];
    switch (e) {
      case 'n': out.push_back('\n'); break;
      case 'r': out.push_back('\r'); break;
      case 't': out.push_back('\t'); break;
      case '"': out.push_back('"'); break;
      case '\\': out.push_back('\\'); break;
      case 'u':
      case 'U': {
        const size_t digits = e == 'u' ? 4 : 8;
        std::uint32_t cp = 0;
        size_t k = 0;
        for (; k < digits && i + 1 + k < raw.size(); ++k) {
          const int d = hex_digit(raw[i + 1 + k]);
          if (d < 0) break;
          cp = cp * 16 + static_cast<std::uint32_t>(d);
        }
        if (k == digits) {
          append_utf8(out, cp);
          i += digits;
        } else {
          out.push_back('\\');
          out.push_back(e);
        }
        break;
      }
      default:
        out.push_back('\\');
        out.push_back(e);
    }
  }
  return out;
}

std::string Lowerer::label_text(std::uint32_t label) const {
  if (kind(label) != K::StringLit && kind(label) != K::QuotedTemplate) return std::string(text(label));
  const std::uint32_t open = child_of_kind(label, K::QuotedTemplateStart);
  const std::uint32_t close = child_of_kind(label, K::QuotedTemplateEnd);
  std::uint32_t begin = open != kNone ? node(open).end : node(label).begin;
  std::uint32_t end = (close != kNone && !node(close).missing) ? node(close).begin : node(label).end;
  if (end < begin) end = begin;
  return unescape_quoted(src_.substr(begin, end - begin));
}

// --- expressions ------------------------------------------------------------------------------

ExprPtr Lowerer::expression(std::uint32_t index) {
  if (index == kNone) return model::make_error("missing expression", Range{file_.id(), 0, 0});
  if (kind(index) == K::Expression) {
    if (node(index).first_child == kNone) return model::make_error("missing expression", range(index));
    return term(node(index).first_child, kNone);
  }
  return term(index, node(index).next);
}

// A term: a base value followed by `.attr`, `[index]`, `.0`, `[*]` / `.*` postfixes, all siblings
// (the grammar's _expr_term is hidden, so its pieces appear flat under the parent).
ExprPtr Lowerer::term(std::uint32_t first, std::uint32_t stop) {
  std::uint32_t i = first;
  while (i != kNone && i != stop && (kind(i) == K::Comment || kind(i) == K::Error)) i = node(i).next;
  if (i == kNone || i == stop) {
    const std::uint32_t at = first != kNone ? node(first).begin : 0;
    return model::make_error("missing expression", span(at, at));
  }
  const std::uint32_t begin = node(i).begin;
  std::uint32_t next = kNone;
  ExprPtr value = base(i, next, stop);
  std::uint32_t postfixes = 0;
  for (std::uint32_t j = next; j != kNone && j != stop; j = node(j).next) {
    const K k = kind(j);
    if (k != K::GetAttr && k != K::Index && k != K::Splat) continue;
    if (depth_ + ++postfixes > options_.max_nesting_depth) return too_deep(span(begin, node(j).end));
    const Range where = span(begin, node(j).end);
    if (k == K::GetAttr) {
      const std::uint32_t id = child_of_kind(j, K::Identifier);
      value = model::make_member(std::move(value), id != kNone ? std::string(text(id)) : std::string(), where);
    } else if (k == K::Index) {
      const std::uint32_t inner = node(j).first_child;
      if (inner != kNone && kind(inner) == K::LegacyIndex) {
        std::string_view digits = text(inner);
        if (!digits.empty() && digits.front() == '.') digits.remove_prefix(1);
        double n = 0;
        std::from_chars(digits.data(), digits.data() + digits.size(), n);
        const Range at = span(node(inner).begin + 1, node(inner).end);
        value = model::make_index(std::move(value), model::make_number(n, at), where);
      } else if (inner != kNone) {
        value = model::make_index(std::move(value), expression(child_of_kind(inner, K::Expression)), where);
      }
    } else {
      value = splat(std::move(value), j, begin);
    }
  }
  return value;
}

ExprPtr Lowerer::base(std::uint32_t index, std::uint32_t& next, std::uint32_t stop) {
  next = node(index).next;
  DepthGuard guard(*this);
  if (!guard.ok) return too_deep(range(index));
  switch (kind(index)) {
    case K::LiteralValue:
    case K::NumericLit:
    case K::BoolLit:
    case K::NullLit:
      return literal(index);
    case K::StringLit:
      return string_lit(index);
    case K::TemplateExpr: {
      const std::uint32_t inner = node(index).first_child;
      if (inner != kNone && kind(inner) == K::HeredocTemplate) return heredoc(inner);
      if (inner != kNone && kind(inner) == K::QuotedTemplate) return quoted_template(inner);
      return model::make_error("unsupported template", range(index));
    }
    case K::QuotedTemplate:
      return quoted_template(index);
    case K::HeredocTemplate:
      return heredoc(index);
    case K::CollectionValue: {
      const std::uint32_t inner = node(index).first_child;
      if (inner != kNone && kind(inner) == K::Tuple) return tuple(inner);
      if (inner != kNone && kind(inner) == K::Object) return object(inner);
      return model::make_error("unsupported collection", range(index));
    }
    case K::Tuple:
      return tuple(index);
    case K::Object:
      return object(index);
    case K::VariableExpr: {
      const std::uint32_t id = child_of_kind(index, K::Identifier);
      return model::make_identifier(std::string(id != kNone ? text(id) : text(index)), range(index));
    }
    case K::Identifier:
      return model::make_identifier(std::string(text(index)), range(index));
    case K::FunctionCall:
      return call(index);
    case K::ForExpr: {
      const std::uint32_t inner = node(index).first_child;
      return inner != kNone ? for_expr(inner) : model::make_error("unsupported for", range(index));
    }
    case K::ForTupleExpr:
    case K::ForObjectExpr:
      return for_expr(index);
    case K::Operation: {
      const std::uint32_t inner = node(index).first_child;
      return inner != kNone ? operation(inner) : model::make_error("unsupported operation", range(index));
    }
    case K::UnaryOperation:
    case K::BinaryOperation:
      return operation(index);
    case K::Conditional:
      return conditional(index);
    case K::Expression:
      return expression(index);
    case K::LParen: {
      // `( expression )`: the value is the inner expression; postfixes continue after `)`.
      std::uint32_t j = node(index).next;
      while (j != kNone && j != stop && kind(j) != K::Expression) j = node(j).next;
      if (j == kNone || j == stop) return model::make_error("missing expression", range(index));
      std::uint32_t after = node(j).next;
      while (after != kNone && after != stop && kind(after) != K::RParen) after = node(after).next;
      next = (after != kNone && after != stop) ? node(after).next : after;
      return expression(j);
    }
    default:
      return model::make_error("unsupported syntax '" + std::string(text(index).substr(0, 40)) + "'", range(index));
  }
}

ExprPtr Lowerer::literal(std::uint32_t index) {
  std::uint32_t inner = index;
  if (kind(index) == K::LiteralValue) {
    inner = node(index).first_child;
    if (inner == kNone) return model::make_error("missing literal", range(index));
  }
  switch (kind(inner)) {
    case K::NumericLit: return number(index);
    case K::BoolLit: return model::make_bool(text(inner) == "true", range(index));
    case K::NullLit: return model::make_null(range(index));
    case K::StringLit: return string_lit(inner);
    default: return model::make_error("unsupported literal", range(index));
  }
}

ExprPtr Lowerer::number(std::uint32_t index) {
  const std::string_view t = text(index);
  double value = 0;
  if (t.size() > 2 && t[0] == '0' && (t[1] == 'x' || t[1] == 'X')) {
    for (size_t i = 2; i < t.size(); ++i) {
      const int d = hex_digit(t[i]);
      if (d < 0) return model::make_error("invalid number '" + std::string(t) + "'", range(index));
      value = value * 16 + d;
    }
    return model::make_number(value, range(index));
  }
  auto [ptr, ec] = std::from_chars(t.data(), t.data() + t.size(), value);
  if (ec != std::errc() || ptr != t.data() + t.size())
    return model::make_error("invalid number '" + std::string(t) + "'", range(index));
  return model::make_number(value, range(index));
}

ExprPtr Lowerer::string_lit(std::uint32_t index) {
  for (std::uint32_t c = node(index).first_child; c != kNone; c = node(c).next)
    if (kind(c) == K::TemplateLiteral) check_single_line(index, text(c));
  return model::make_string(label_text(index), range(index));
}

// HCL forbids line breaks in quoted strings (outside `${ }`); the grammar accepts them.
void Lowerer::check_single_line(std::uint32_t string_node, std::string_view literal) {
  if (literal.find('\n') == std::string_view::npos) return;
  out_.problems.push_back(model::Problem{
      ErrorCode::Syntax, "a quoted string cannot span lines (use \\n or a heredoc; is a closing '\"' missing?)",
      range(string_node)});
}

namespace {

// Builds the final expression from template parts: a plain string, the single interpolated value
// (`"${x}"` is `x` in Terraform), or a Template.
ExprPtr finish_template(std::vector<Part>& parts, Range whole) {
  size_t non_empty = 0;
  for (const auto& p : parts)
    if (p.expr || !p.literal.empty()) ++non_empty;
  if (non_empty == 0) return model::make_string(std::string(), whole);
  if (non_empty == 1) {
    for (auto& p : parts) {
      if (p.expr) return p.expr;
      if (!p.literal.empty()) return model::make_string(std::move(p.literal), whole);
    }
  }
  auto t = make(ExprKind::Template, whole);
  t->items.reserve(non_empty);
  for (auto& p : parts) {
    if (p.expr) t->items.push_back(std::move(p.expr));
    else if (!p.literal.empty()) t->items.push_back(model::make_string(std::move(p.literal), p.range));
  }
  return t;
}

}  // namespace

namespace {

// Appends the part for a template_interpolation or template_directive node `c`. A `~` strip marker
// after `${` trims the whitespace at the end of the previous literal; one before `}` sets
// `strip_next` so that the next literal loses its leading whitespace.
template <typename LowerExpression>
void add_template_part(const Lowerer& l, std::uint32_t c, std::vector<Part>& parts, bool& strip_next,
                       LowerExpression&& lower_expression) {
  strip_next = false;
  if (l.kind(c) == K::TemplateDirective) {
    parts.push_back(Part{{}, model::make_error("template directive", l.range(c)), l.range(c)});
    return;
  }
  const std::uint32_t start = l.child_of_kind(c, K::TemplateInterpolationStart);
  const std::uint32_t end_marker = l.child_of_kind(c, K::TemplateInterpolationEnd);
  for (std::uint32_t m = l.node(c).first_child; m != kNone; m = l.node(m).next) {
    if (l.kind(m) != K::StripMarker) continue;
    if (start != kNone && l.node(m).begin == l.node(start).end) {
      if (!parts.empty() && !parts.back().expr) {
        std::string& prev = parts.back().literal;
        while (!prev.empty() && is_space(prev.back())) prev.pop_back();
      }
    } else if (end_marker != kNone && l.node(m).end == l.node(end_marker).begin) {
      strip_next = true;
    }
  }
  const std::uint32_t e = l.child_of_kind(c, K::Expression);
  parts.push_back(Part{{}, e != kNone ? lower_expression(e) : model::make_error("empty interpolation", l.range(c)),
                       l.range(c)});
}

void strip_leading_space(std::string& literal) {
  size_t lead = 0;
  while (lead < literal.size() && is_space(literal[lead])) ++lead;
  literal.erase(0, lead);
}

}  // namespace

ExprPtr Lowerer::quoted_template(std::uint32_t index) {
  const std::uint32_t open = child_of_kind(index, K::QuotedTemplateStart);
  const std::uint32_t close = child_of_kind(index, K::QuotedTemplateEnd);
  std::uint32_t pos = open != kNone ? node(open).end : node(index).begin;
  const std::uint32_t stop = (close != kNone && !node(close).missing) ? node(close).begin : node(index).end;
  std::vector<Part> parts;
  bool strip_next = false;
  bool multi_line_reported = false;
  auto add_literal = [&](std::uint32_t b, std::uint32_t e) {
    if (e <= b) return;
    if (!multi_line_reported) {
      const size_t before = out_.problems.size();
      check_single_line(index, src_.substr(b, e - b));
      multi_line_reported = out_.problems.size() != before;
    }
    std::string lit = unescape_quoted(src_.substr(b, e - b));
    if (strip_next) strip_leading_space(lit);
    strip_next = false;
    parts.push_back(Part{std::move(lit), nullptr, span(b, e)});
  };
  auto lower_expression = [this](std::uint32_t e) { return expression(e); };
  for (std::uint32_t c = node(index).first_child; c != kNone; c = node(c).next) {
    const K k = kind(c);
    if (k != K::TemplateInterpolation && k != K::TemplateDirective) continue;
    add_literal(pos, node(c).begin);
    add_template_part(*this, c, parts, strip_next, lower_expression);
    pos = node(c).end;
  }
  add_literal(pos, stop);
  return finish_template(parts, range(index));
}

ExprPtr Lowerer::heredoc(std::uint32_t index) {
  std::uint32_t start = kNone, open = kNone, close = kNone;
  for (std::uint32_t c = node(index).first_child; c != kNone; c = node(c).next) {
    if (kind(c) == K::HeredocStart) start = c;
    else if (kind(c) == K::HeredocIdentifier) (open == kNone ? open : close) = c;
  }
  const bool indented = start != kNone && text(start) == "<<-";
  std::uint32_t content_begin = open != kNone ? node(open).end : node(index).begin;
  {
    const size_t nl = src_.find('\n', content_begin);
    content_begin = nl == std::string_view::npos || nl >= node(index).end ? node(index).end
                                                                         : static_cast<std::uint32_t>(nl + 1);
  }
  std::uint32_t content_end = node(index).end;
  if (close != kNone && !node(close).missing && node(close).begin >= content_begin) {
    content_end = node(close).begin;
    while (content_end > content_begin && src_[content_end - 1] != '\n') --content_end;
  }
  std::vector<Part> parts;
  std::uint32_t pos = content_begin;
  bool strip_next = false;
  auto add_literal = [&](std::uint32_t b, std::uint32_t e) {
    if (e <= b) return;
    std::string lit = unescape_heredoc(src_.substr(b, e - b));
    if (strip_next) strip_leading_space(lit);
    strip_next = false;
    parts.push_back(Part{std::move(lit), nullptr, span(b, e)});
  };
  auto lower_expression = [this](std::uint32_t e) { return expression(e); };
  for (std::uint32_t c = node(index).first_child; c != kNone; c = node(c).next) {
    const K k = kind(c);
    if (k != K::TemplateInterpolation && k != K::TemplateDirective) continue;
    if (node(c).begin < pos || node(c).end > content_end) continue;
    add_literal(pos, node(c).begin);
    add_template_part(*this, c, parts, strip_next, lower_expression);
    pos = node(c).end;
  }
  add_literal(pos, content_end);
  if (indented) strip_heredoc_indentation(parts);
  return finish_template(parts, range(index));
}

ExprPtr Lowerer::tuple(std::uint32_t index) {
  auto e = make(ExprKind::Array, range(index));
  for (std::uint32_t c = node(index).first_child; c != kNone; c = node(c).next)
    if (kind(c) == K::Expression) e->items.push_back(expression(c));
  return e;
}

ExprPtr Lowerer::object(std::uint32_t index) {
  auto e = make(ExprKind::Object, range(index));
  for (std::uint32_t c = node(index).first_child; c != kNone; c = node(c).next) {
    if (kind(c) != K::ObjectElem) continue;
    std::uint32_t key = kNone, value = kNone;
    for (std::uint32_t k = node(c).first_child; k != kNone; k = node(k).next) {
      if (kind(k) != K::Expression) continue;
      (key == kNone ? key : value) = k;
      if (value != kNone) break;
    }
    if (key == kNone) continue;
    model::ObjectEntry entry;
    entry.key_range = range(key);
    // A bare identifier or a literal is a static key; anything else is computed.
    std::uint32_t only = node(key).first_child;
    while (only != kNone && kind(only) == K::Comment) only = node(only).next;
    std::uint32_t after = only != kNone ? node(only).next : kNone;
    while (after != kNone && kind(after) == K::Comment) after = node(after).next;
    bool is_static = false;
    if (only != kNone && after == kNone) {
      if (kind(only) == K::VariableExpr) {
        entry.key = std::string(text(only));
        is_static = true;
      } else if (kind(only) == K::LiteralValue && node(only).first_child != kNone) {
        const std::uint32_t lit = node(only).first_child;
        entry.key = kind(lit) == K::StringLit ? label_text(lit) : std::string(text(lit));
        is_static = true;
      }
    }
    if (!is_static) entry.key_expr = expression(key);
    entry.value = value != kNone ? expression(value) : model::make_error("missing value", range(c));
    e->entries.push_back(std::move(entry));
  }
  return e;
}

ExprPtr Lowerer::call(std::uint32_t index) {
  const std::uint32_t name = child_of_kind(index, K::Identifier);
  std::vector<ExprPtr> args;
  const std::uint32_t arguments = child_of_kind(index, K::FunctionArguments);
  if (arguments != kNone) {
    for (std::uint32_t c = node(arguments).first_child; c != kNone; c = node(c).next) {
      if (kind(c) == K::Expression) {
        args.push_back(expression(c));
      } else if (kind(c) == K::Ellipsis && !args.empty()) {
        // f(xs...): the last argument is expanded into the argument list.
        auto spread = make(ExprKind::Spread, span(args.back()->range.begin, node(c).end));
        spread->items.push_back(std::move(args.back()));
        args.back() = std::move(spread);
      }
    }
  }
  return model::make_call(name != kNone ? std::string(text(name)) : std::string(), std::move(args), range(index));
}

ExprPtr Lowerer::for_expr(std::uint32_t index) {
  auto e = make(ExprKind::For, range(index));
  const std::uint32_t intro = child_of_kind(index, K::ForIntro);
  ExprPtr source;
  if (intro != kNone) {
    std::uint32_t first = kNone, second = kNone;
    for (std::uint32_t c = node(intro).first_child; c != kNone; c = node(c).next) {
      if (kind(c) == K::Identifier) (first == kNone ? first : second) = c;
      else if (kind(c) == K::Expression) source = expression(c);
    }
    if (second != kNone) {
      e->details().index_name = std::string(text(first));
      e->details().item_name = std::string(text(second));
    } else if (first != kNone) {
      e->details().item_name = std::string(text(first));
    }
  }
  if (!source) source = model::make_error("missing for source", range(index));
  std::vector<std::uint32_t> exprs;
  ExprPtr filter;
  for (std::uint32_t c = node(index).first_child; c != kNone; c = node(c).next) {
    if (kind(c) == K::Expression) exprs.push_back(c);
    else if (kind(c) == K::ForCond) filter = expression(child_of_kind(c, K::Expression));
  }
  ExprPtr body;
  if (kind(index) == K::ForObjectExpr) {
    e->details().key = exprs.size() > 0 ? expression(exprs[0]) : model::make_error("missing for key", range(index));
    body = exprs.size() > 1 ? expression(exprs[1]) : model::make_error("missing for value", range(index));
  } else {
    body = !exprs.empty() ? expression(exprs[0]) : model::make_error("missing for value", range(index));
  }
  e->items.push_back(std::move(source));
  e->items.push_back(std::move(body));
  e->items.push_back(std::move(filter));  // may be null
  return e;
}

ExprPtr Lowerer::operation(std::uint32_t index) {
  std::uint32_t op = kNone;
  for (std::uint32_t c = node(index).first_child; c != kNone; c = node(c).next)
    if (kind(c) == K::Operator) {
      op = c;
      break;
    }
  if (op == kNone) return model::make_error("missing operator", range(index));
  if (kind(index) == K::UnaryOperation) {
    auto e = make(ExprKind::Unary, range(index));
    e->text = std::string(text(op));
    e->items.push_back(term(node(op).next, kNone));
    return e;
  }
  auto e = make(ExprKind::Binary, range(index));
  e->text = std::string(text(op));
  e->items.push_back(term(node(index).first_child, op));
  e->items.push_back(term(node(op).next, kNone));
  return e;
}

// The grammar makes `?:` left-associative, so `a ? b : c ? d : e` arrives as
// `(a ? b : c) ? d : e`. HCL's conditional is right-associative: the chain of unparenthesized
// conditionals in condition position is rotated back into `a ? b : (c ? d : e)`.
ExprPtr Lowerer::conditional(std::uint32_t index) {
  struct Parts {
    std::uint32_t condition = kNone, then = kNone, otherwise = kNone;
  };
  auto parts_of = [&](std::uint32_t n) {
    Parts p;
    for (std::uint32_t c = node(n).first_child; c != kNone; c = node(c).next) {
      if (kind(c) != K::Expression) continue;
      if (p.condition == kNone) p.condition = c;
      else if (p.then == kNone) p.then = c;
      else if (p.otherwise == kNone) p.otherwise = c;
    }
    return p;
  };
  // The bare conditional inside an `expression` node (no parentheses, no postfix), if any.
  auto bare_conditional = [&](std::uint32_t expr_node) -> std::uint32_t {
    if (expr_node == kNone) return kNone;
    std::uint32_t only = node(expr_node).first_child;
    while (only != kNone && kind(only) == K::Comment) only = node(only).next;
    if (only == kNone || kind(only) != K::Conditional) return kNone;
    for (std::uint32_t c = node(only).next; c != kNone; c = node(c).next)
      if (kind(c) != K::Comment) return kNone;
    return only;
  };
  auto lower_or_missing = [&](std::uint32_t n, std::uint32_t owner) {
    return n != kNone ? expression(n) : model::make_error("missing expression", range(owner));
  };

  std::vector<std::uint32_t> chain{index};  // outermost first
  for (std::uint32_t inner = bare_conditional(parts_of(index).condition); inner != kNone;
       inner = bare_conditional(parts_of(inner).condition)) {
    if (depth_ + chain.size() > options_.max_nesting_depth) return too_deep(range(index));
    chain.push_back(inner);
  }
  const Parts outer = parts_of(chain[0]);
  ExprPtr acc = lower_or_missing(outer.otherwise, chain[0]);
  for (size_t i = 0; i + 1 < chain.size(); ++i) {
    const Parts here = parts_of(chain[i]);
    const Parts below = parts_of(chain[i + 1]);
    ExprPtr condition = lower_or_missing(below.otherwise, chain[i + 1]);
    auto e = make(ExprKind::Conditional, span(condition->range.begin, acc->range.end));
    e->items.push_back(std::move(condition));
    e->items.push_back(lower_or_missing(here.then, chain[i]));
    e->items.push_back(std::move(acc));
    acc = std::move(e);
  }
  const Parts innermost = parts_of(chain.back());
  auto e = make(ExprKind::Conditional, range(index));
  e->items.push_back(lower_or_missing(innermost.condition, chain.back()));
  e->items.push_back(lower_or_missing(innermost.then, chain.back()));
  e->items.push_back(std::move(acc));
  return e;
}

std::string Lowerer::index_path_segment(std::uint32_t index_node) const {
  const std::uint32_t inner = node(index_node).first_child;
  if (inner == kNone) return {};
  if (kind(inner) == K::LegacyIndex) {
    std::string_view digits = text(inner);
    if (!digits.empty() && digits.front() == '.') digits.remove_prefix(1);
    return std::string(digits);
  }
  const std::uint32_t e = child_of_kind(inner, K::Expression);
  if (e != kNone) {
    const std::uint32_t lit = node(e).first_child;
    if (lit != kNone && node(lit).next == kNone && kind(lit) == K::LiteralValue && node(lit).first_child != kNone) {
      const std::uint32_t v = node(lit).first_child;
      if (kind(v) == K::NumericLit) return std::string(text(v));
      if (kind(v) == K::StringLit) return label_text(v);
    }
    return "[" + std::string(text(e)) + "]";
  }
  return {};
}

ExprPtr Lowerer::splat(ExprPtr collection, std::uint32_t index, std::uint32_t begin) {
  auto e = make(ExprKind::Splat, span(begin, node(index).end));
  e->items.push_back(std::move(collection));
  const std::uint32_t inner = node(index).first_child;
  if (inner == kNone) return e;
  for (std::uint32_t c = node(inner).first_child; c != kNone; c = node(c).next) {
    std::string segment;
    if (kind(c) == K::GetAttr) {
      const std::uint32_t id = child_of_kind(c, K::Identifier);
      if (id != kNone) segment = std::string(text(id));
    } else if (kind(c) == K::Index) {
      segment = index_path_segment(c);
    } else {
      continue;
    }
    if (!e->text.empty()) e->text.push_back('.');
    e->text += segment;
  }
  return e;
}

// --- blocks -------------------------------------------------------------------------------------

ExprPtr Lowerer::block_object(std::uint32_t block) { return block_object(block, false); }

ExprPtr Lowerer::block_object(std::uint32_t block, bool with_labels) {
  DepthGuard guard(*this);
  if (!guard.ok) return too_deep(range(block));
  auto obj = make(ExprKind::Object, range(block));
  const std::uint32_t type_id = block_type(block);
  if (with_labels && type_id != kNone) {
    // Labels of a nested block (rare inside resources: `provisioner "local-exec" {}`).
    std::shared_ptr<Expr> labels;
    for (std::uint32_t l = node(type_id).next; l != kNone && kind(l) != K::BlockStart; l = node(l).next) {
      if (kind(l) != K::StringLit && kind(l) != K::Identifier) continue;
      if (!labels) labels = make(ExprKind::Array, range(l));
      labels->items.push_back(model::make_string(label_text(l), range(l)));
      labels->range.end = node(l).end;
    }
    if (labels) {
      model::ObjectEntry entry;
      entry.key = "__labels";
      entry.key_range = labels->range;
      entry.value = std::move(labels);
      obj->entries.push_back(std::move(entry));
    }
  }
  const std::uint32_t body = block_body(block);
  if (body == kNone) return obj;

  struct Group {
    std::string_view type;
    size_t entry;
    std::vector<ExprPtr> items;
    std::vector<bool> dynamic;
    std::uint32_t begin, end;
  };
  std::vector<Group> groups;

  auto add_block = [&](std::uint32_t c) {
    const std::uint32_t child_type = block_type(c);
    if (child_type == kNone) return;
    std::string_view type = text(child_type);
    Range key_range = range(child_type);
    ExprPtr value;
    bool is_dynamic = false;
    if (type == "dynamic") {
      std::uint32_t label = kNone;
      for (std::uint32_t l = node(child_type).next; l != kNone && kind(l) != K::BlockStart; l = node(l).next)
        if (kind(l) == K::StringLit || kind(l) == K::Identifier) {
          label = l;
          break;
        }
      if (label != kNone) {
        is_dynamic = true;
        // The group name is the label's text; string_lit content is plain in practice.
        const std::uint32_t lit = child_of_kind(label, K::TemplateLiteral);
        type = kind(label) == K::Identifier ? text(label) : (lit != kNone ? text(lit) : std::string_view());
        key_range = range(label);
        value = dynamic_block(c);
      }
    }
    if (!value) value = block_object(c, true);
    Group* group = nullptr;
    for (auto& g : groups)
      if (g.type == type) group = &g;
    if (!group) {
      model::ObjectEntry entry;
      entry.key = std::string(type);
      entry.key_range = key_range;
      obj->entries.push_back(std::move(entry));
      groups.push_back(Group{type, obj->entries.size() - 1, {}, {}, node(c).begin, node(c).end});
      group = &groups.back();
    }
    group->items.push_back(std::move(value));
    group->dynamic.push_back(is_dynamic);
    group->end = node(c).end;
  };

  auto add_attribute = [&](std::uint32_t c) {
    const std::uint32_t name = attribute_name(c);
    if (name == kNone) return;
    model::ObjectEntry entry;
    entry.key = std::string(text(name));
    entry.key_range = range(name);
    entry.value = expression(attribute_value(c));
    obj->entries.push_back(std::move(entry));
  };

  for (std::uint32_t c = node(body).first_child; c != kNone; c = node(c).next) {
    if (kind(c) == K::Attribute) add_attribute(c);
    else if (kind(c) == K::Block) add_block(c);
  }

  for (auto& g : groups) {
    const Range where = span(g.begin, g.end);
    bool any_dynamic = false;
    for (bool d : g.dynamic) any_dynamic = any_dynamic || d;
    if (any_dynamic && g.items.size() == 1) {
      obj->entries[g.entry].value = std::move(g.items.front());
      continue;
    }
    auto array = make(ExprKind::Array, where);
    array->items.reserve(g.items.size());
    for (size_t i = 0; i < g.items.size(); ++i) {
      if (g.dynamic[i]) {
        auto spread = make(ExprKind::Spread, g.items[i]->range);
        spread->items.push_back(std::move(g.items[i]));
        array->items.push_back(std::move(spread));
      } else {
        array->items.push_back(std::move(g.items[i]));
      }
    }
    obj->entries[g.entry].value = std::move(array);
  }
  return obj;
}

// dynamic "T" { for_each = X, iterator = it, content { ... } } → For{text "dynamic", item_name,
// items = [X, content object, null]}.
ExprPtr Lowerer::dynamic_block(std::uint32_t block) {
  auto e = make(ExprKind::For, range(block));
  e->text = "dynamic";
  const std::uint32_t type_id = block_type(block);
  ExprPtr for_each, content, labels;
  std::string iterator;
  const std::uint32_t body = block_body(block);
  if (body != kNone) {
    for (std::uint32_t c = node(body).first_child; c != kNone; c = node(c).next) {
      if (kind(c) == K::Attribute) {
        const std::uint32_t name = attribute_name(c);
        if (name == kNone) continue;
        const std::string_view n = text(name);
        if (n == "for_each") {
          for_each = expression(attribute_value(c));
        } else if (n == "iterator") {
          const std::uint32_t v = attribute_value(c);
          const std::uint32_t id = v != kNone ? node(v).first_child : kNone;
          if (id != kNone && kind(id) == K::VariableExpr) iterator = std::string(text(id));
        } else if (n == "labels") {
          labels = expression(attribute_value(c));
        }
      } else if (kind(c) == K::Block && !content) {
        const std::uint32_t t = block_type(c);
        if (t != kNone && text(t) == "content") content = block_object(c);
      }
    }
  }
  if (iterator.empty() && type_id != kNone) {
    for (std::uint32_t l = node(type_id).next; l != kNone && kind(l) != K::BlockStart; l = node(l).next)
      if (kind(l) == K::StringLit || kind(l) == K::Identifier) {
        iterator = label_text(l);
        break;
      }
  }
  if (!content) content = make(ExprKind::Object, range(block));
  if (labels && content->kind == ExprKind::Object) {
    auto obj = std::make_shared<Expr>(*content);
    model::ObjectEntry entry;
    entry.key = "__labels";
    entry.key_range = labels->range;
    entry.value = std::move(labels);
    obj->entries.insert(obj->entries.begin(), std::move(entry));
    content = std::move(obj);
  }
  e->details().item_name = std::move(iterator);
  e->items.push_back(for_each ? std::move(for_each) : model::make_error("dynamic block without for_each", range(block)));
  e->items.push_back(std::move(content));
  e->items.push_back(nullptr);
  return e;
}

}  // namespace erlint::parse::hcl
