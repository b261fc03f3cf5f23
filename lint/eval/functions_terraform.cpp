// Terraform's built-in functions that shape names, addresses and flags. Provider-defined and
// file-system functions are not evaluated (Unknown): erlint never reads outside what it analyses.
#include <algorithm>
#include <cmath>
#include <functional>
#include <unordered_map>

#include <fmt/format.h>

#include "eval/functions.hpp"
#include "support/cidr.hpp"
#include "support/strings.hpp"

namespace erlint::eval {

using model::ValueKind;

namespace {

using Args = std::vector<Value>;
using Handler = std::function<Value(FunctionContext&, Args&)>;

Value unknown_result(const FunctionContext& c, std::string reason) { return Value::unknown(std::move(reason), c.where); }

Value str(const FunctionContext& c, std::string s, const Args& args) {
  Value v = Value::string_value(std::move(s), c.where);
  for (const auto& a : args) {
    v.origin |= a.origin;
    if (v.origin_name.empty()) v.origin_name = a.origin_name;
  }
  return v;
}

std::optional<std::string> text_arg(const Args& a, std::size_t i) { return i < a.size() ? to_text(a[i]) : std::nullopt; }

// Terraform's format(): %s, %d, %v, %% (width and flags are rare in names; they make it Unknown).
Value tf_format(FunctionContext& c, Args& a) {
  auto pattern = text_arg(a, 0);
  if (!pattern) return unknown_result(c, "format() pattern is not known");
  std::string out;
  std::size_t next = 1;
  for (std::size_t i = 0; i < pattern->size(); ++i) {
    char ch = (*pattern)[i];
    if (ch != '%') { out += ch; continue; }
    if (i + 1 >= pattern->size()) return unknown_result(c, "format() pattern ends with '%'");
    char verb = (*pattern)[++i];
    if (verb == '%') { out += '%'; continue; }
    if (verb != 's' && verb != 'd' && verb != 'v') return unknown_result(c, "format() verb is not evaluated");
    auto t = text_arg(a, next++);
    if (!t) return unknown_result(c, "format() argument is not known");
    out += *t;
  }
  return str(c, std::move(out), a);
}

Value lookup(FunctionContext& c, Args& a) {
  if (a.size() < 2 || !a[0].is_object()) return unknown_result(c, "lookup() arguments are not known");
  auto key = to_text(a[1]);
  if (!key) return unknown_result(c, "lookup() key is not known");
  if (const Value* found = a[0].get(*key)) return *found;
  if (a.size() > 2) return a[2];
  return unknown_result(c, "lookup() key is missing");
}

Value merge(FunctionContext& c, Args& a) {
  Value out = Value::object({}, c.where);
  for (auto& m : a) {
    if (m.is_null()) continue;
    if (!m.is_object()) return unknown_result(c, "merge() of a non-object");
    for (auto& member : m.members) out.set(member.key, member.value, member.key_range);
  }
  return out;
}

Value tf_cidrsubnet(FunctionContext& c, Args& a) {
  auto base = text_arg(a, 0);
  if (!base || a.size() < 3 || a[1].kind != ValueKind::Number || a[2].kind != ValueKind::Number)
    return unknown_result(c, "cidrsubnet() arguments are not known");
  auto cidr = parse_cidr(*base);
  if (!cidr) return unknown_result(c, "cidrsubnet() prefix is not a CIDR");
  if (!(a[2].number >= 0 && a[2].number < 18446744073709551616.0)) return unknown_result(c, "cidrsubnet() netnum is out of range");
  auto result = cidr_subnet(*cidr, static_cast<int>(a[1].number), static_cast<std::uint64_t>(a[2].number));
  if (!result) return unknown_result(c, "cidrsubnet() arguments are out of range");
  return str(c, result->to_string(), a);
}

const std::unordered_map<std::string, Handler>& terraform_functions() {
  static const std::unordered_map<std::string, Handler> table = [] {
    std::unordered_map<std::string, Handler> t;
    t["format"] = tf_format;
    t["lower"] = [](FunctionContext& c, Args& a) {
      auto s = text_arg(a, 0);
      return s ? str(c, to_lower(*s), a) : unknown_result(c, "lower() argument is not known");
    };
    t["upper"] = [](FunctionContext& c, Args& a) {
      auto s = text_arg(a, 0);
      return s ? str(c, to_upper(*s), a) : unknown_result(c, "upper() argument is not known");
    };
    t["trimspace"] = [](FunctionContext& c, Args& a) {
      auto s = text_arg(a, 0);
      return s ? str(c, std::string(trim(*s)), a) : unknown_result(c, "trimspace() argument is not known");
    };
    t["join"] = [](FunctionContext& c, Args& a) {
      auto sep = text_arg(a, 0);
      if (!sep) return unknown_result(c, "join() separator is not known");
      std::string out;
      bool first = true;
      for (std::size_t i = 1; i < a.size(); ++i) {
        if (!a[i].is_array()) return unknown_result(c, "join() of a non-list");
        for (auto& item : a[i].items) {
          auto text = to_text(item);
          if (!text) return unknown_result(c, "join() of unknown items");
          if (!first) out += *sep;
          out += *text;
          first = false;
        }
      }
      return str(c, std::move(out), a);
    };
    t["split"] = [](FunctionContext& c, Args& a) {
      auto sep = text_arg(a, 0), s = text_arg(a, 1);
      if (!sep || !s) return unknown_result(c, "split() arguments are not known");
      if (sep->empty()) return unknown_result(c, "split() with an empty separator is not evaluated");
      // The separator is a whole string: split(", ", "a, b") is ["a", "b"].
      Value out = Value::array({}, c.where);
      for (std::size_t start = 0;;) {
        std::size_t hit = s->find(*sep, start);
        out.items.push_back(str(c, s->substr(start, hit == std::string::npos ? std::string::npos : hit - start), a));
        if (hit == std::string::npos) break;
        start = hit + sep->size();
      }
      return out;
    };
    t["replace"] = [](FunctionContext& c, Args& a) {
      auto s = text_arg(a, 0), from = text_arg(a, 1), to = text_arg(a, 2);
      if (!s || !from || !to || from->empty()) return unknown_result(c, "replace() arguments are not known");
      if (from->size() > 1 && from->front() == '/' && from->back() == '/') return unknown_result(c, "replace() with a regular expression is not evaluated");
      std::string out;
      std::size_t pos = 0;
      for (std::size_t hit; (hit = s->find(*from, pos)) != std::string::npos; pos = hit + from->size()) {
        out.append(*s, pos, hit - pos);
        out += *to;
      }
      out.append(*s, pos);
      return str(c, std::move(out), a);
    };
    t["concat"] = [](FunctionContext& c, Args& a) {
      Value out = Value::array({}, c.where);
      for (auto& l : a) {
        if (!l.is_array()) return unknown_result(c, "concat() of a non-list");
        for (auto& element : l.items) out.items.push_back(element);
      }
      return out;
    };
    t["lookup"] = lookup;
    t["merge"] = merge;
    t["cidrsubnet"] = tf_cidrsubnet;
    t["coalesce"] = [](FunctionContext& c, Args& a) {
      for (auto& v : a) {
        if (v.is_unknown()) return v;
        if (!v.is_null() && !(v.is_string() && v.text.empty())) return v;
      }
      return unknown_result(c, "coalesce() has no non-empty argument");
    };
    t["tostring"] = [](FunctionContext& c, Args& a) {
      auto s = text_arg(a, 0);
      return s ? str(c, *s, a) : unknown_result(c, "tostring() of a structured value");
    };
    t["tonumber"] = [](FunctionContext& c, Args& a) {
      if (!a.empty() && a[0].kind == ValueKind::Number) return a[0];
      if (auto s = text_arg(a, 0)) {
        try { return Value::number_value(std::stod(*s), c.where); } catch (...) {}
      }
      return unknown_result(c, "tonumber() argument is not a number");
    };
    t["tobool"] = [](FunctionContext& c, Args& a) {
      auto b = a.empty() ? std::nullopt : as_bool(a[0]);
      return b ? Value::boolean_value(*b, c.where) : unknown_result(c, "tobool() argument is not a boolean");
    };
    auto identity_list = [](FunctionContext& c, Args& a) {
      if (a.empty()) return unknown_result(c, "needs an argument");
      if (a[0].is_array()) return a[0];
      return unknown_result(c, "argument is not a list");
    };
    t["tolist"] = identity_list;
    t["toset"] = [](FunctionContext& c, Args& a) {
      if (a.empty() || !a[0].is_array()) return unknown_result(c, "toset() argument is not a list");
      Value out = Value::array({}, c.where);
      for (auto& item : a[0].items)
        if (std::none_of(out.items.begin(), out.items.end(), [&](const Value& x) { return values_equal(x, item); }))
          out.items.push_back(item);
      return out;
    };
    t["tomap"] = [](FunctionContext& c, Args& a) { return a.empty() ? unknown_result(c, "tomap() needs an argument") : a[0]; };
    t["length"] = [](FunctionContext& c, Args& a) {
      if (a.empty()) return unknown_result(c, "length() needs an argument");
      if (a[0].is_array()) return Value::number_value(static_cast<double>(a[0].items.size()), c.where);
      if (a[0].is_object()) return Value::number_value(static_cast<double>(a[0].members.size()), c.where);
      if (a[0].is_string()) return Value::number_value(static_cast<double>(a[0].text.size()), c.where);
      return unknown_result(c, "length() of a scalar");
    };
    t["element"] = [](FunctionContext& c, Args& a) {
      if (a.size() < 2 || !a[0].is_array() || a[0].items.empty() || a[1].kind != ValueKind::Number || !(a[1].number >= 0) ||
          a[1].number > 1e15)
        return unknown_result(c, "element() arguments are not known");
      return a[0].items[static_cast<std::size_t>(a[1].number) % a[0].items.size()];
    };
    t["flatten"] = [](FunctionContext& c, Args& a) {
      if (a.empty() || !a[0].is_array()) return unknown_result(c, "flatten() of a non-list");
      Value out = Value::array({}, c.where);
      std::function<void(const Value&)> add = [&](const Value& v) {
        if (v.is_array()) for (auto& item : v.items) add(item);
        else out.items.push_back(v);
      };
      add(a[0]);
      return out;
    };
    t["keys"] = [](FunctionContext& c, Args& a) {
      if (a.empty() || !a[0].is_object()) return unknown_result(c, "keys() of a non-map");
      Value out = Value::array({}, c.where);
      for (auto& m : a[0].members) out.items.push_back(Value::string_value(m.key, m.key_range));
      return out;
    };
    t["values"] = [](FunctionContext& c, Args& a) {
      if (a.empty() || !a[0].is_object()) return unknown_result(c, "values() of a non-map");
      Value out = Value::array({}, c.where);
      for (auto& m : a[0].members) out.items.push_back(m.value);
      return out;
    };
    t["contains"] = [](FunctionContext& c, Args& a) {
      if (a.size() < 2 || !a[0].is_array()) return unknown_result(c, "contains() arguments are not known");
      bool saw_unknown = false;  // an unknown item may be the one wanted
      for (auto& item : a[0].items) {
        if (item.is_unknown()) saw_unknown = true;
        else if (values_equal(item, a[1])) return Value::boolean_value(true, c.where);
      }
      return saw_unknown ? unknown_result(c, "contains() over a list with unknown items") : Value::boolean_value(false, c.where);
    };
    t["jsonencode"] = [](FunctionContext& c, Args& a) {
      // azapi bodies written as jsonencode({...}) are analysed as the structure itself.
      if (a.empty()) return unknown_result(c, "jsonencode() needs an argument");
      return a[0];
    };
    for (const char* name : {"file", "filebase64", "templatefile", "fileexists", "fileset", "timestamp", "uuid", "bcrypt",
                             "filemd5", "filesha256", "jsondecode", "yamldecode", "base64encode", "base64decode", "sha256", "md5"})
      t[name] = [](FunctionContext& c, Args&) { return unknown_result(c, fmt::format("{}() is not evaluated", c.name)); };
    return t;
  }();
  return table;
}

}  // namespace

std::optional<Value> call_terraform_function(FunctionContext& context, std::string_view name, std::vector<Value>& args) {
  const auto& table = terraform_functions();
  auto it = table.find(std::string(name));
  if (it == table.end()) return std::nullopt;
  if (name != "coalesce" && name != "jsonencode" && name != "concat" && name != "length" && name != "tolist" && name != "merge")
    if (const Value* unknown = first_unknown(args)) {
      Value v = Value::unknown(unknown->text, unknown->range.valid() ? unknown->range : context.where);
      v.origin = unknown->origin;
      v.origin_name = unknown->origin_name;
      return v;
    }
  for (const auto& a : args)
    if (a.is_unknown() && name != "coalesce" && name != "jsonencode") return a;
  return it->second(context, args);
}

}  // namespace erlint::eval
