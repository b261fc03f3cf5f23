// ARM template functions, which Bicep shares (Bicep compiles to them). Each works on evaluated
// arguments and propagates Unknown; functions whose result exists only at deployment time
// (reference, listKeys, uniqueString, guid, ...) return Unknown with a reason.
#include <algorithm>
#include <cmath>
#include <functional>
#include <unordered_map>

#include <fmt/format.h>

#include "eval/functions.hpp"
#include "support/cidr.hpp"
#include "support/strings.hpp"

namespace erlint::eval {

using model::Member;
using model::ValueKind;

const Value* first_unknown(const std::vector<Value>& args) {
  for (const auto& a : args)
    if (a.is_unknown()) return &a;
  return nullptr;
}

std::string build_resource_id(std::string_view type, const std::vector<std::string>& names, std::string_view subscription,
                              std::string_view resource_group) {
  auto segments = split(type, '/');
  std::string id = fmt::format("/subscriptions/{}/resourceGroups/{}/providers/{}", subscription, resource_group,
                               segments.empty() ? std::string_view{} : segments[0]);
  for (std::size_t i = 1; i < segments.size(); ++i) {
    id += '/';
    id += segments[i];
    id += '/';
    if (i - 1 < names.size()) id += names[i - 1];
  }
  return id;
}

namespace {

using Args = std::vector<Value>;
using Handler = std::function<Value(FunctionContext&, Args&)>;

Value unknown_result(const FunctionContext& c, std::string reason) { return Value::unknown(std::move(reason), c.where); }

// A count or position argument clamped to [0, limit] (converting a huge double to size_t is undefined).
std::size_t clamp_count(double n, std::size_t limit) {
  if (!(n > 0)) return 0;
  return n >= static_cast<double>(limit) ? limit : static_cast<std::size_t>(n);
}

Value runtime(const FunctionContext& c, std::uint8_t extra_origin = 0) {
  Value v = Value::unknown(fmt::format("{}() is known only at deployment time", c.name), c.where);
  v.origin = static_cast<std::uint8_t>(model::kOriginRuntime | extra_origin);
  return v;
}

Value merge_origins(Value v, const Args& args) {
  for (const auto& a : args) {
    v.origin |= a.origin;
    if (v.origin_name.empty()) v.origin_name = a.origin_name;
  }
  return v;
}

Value str(const FunctionContext& c, std::string s, const Args& args) {
  return merge_origins(Value::string_value(std::move(s), c.where), args);
}

std::optional<std::string> text_arg(const Args& args, std::size_t i) {
  if (i >= args.size()) return std::nullopt;
  return to_text(args[i]);
}

bool is_lambda(const Value& v) { return v.is_object() && v.get("__erlint_lambda"); }

Value concat(FunctionContext& c, Args& args) {
  if (!args.empty() && args[0].is_array()) {
    Value out = Value::array({}, c.where);
    for (auto& a : args) {
      if (a.is_array()) for (auto& item : a.items) out.items.push_back(item);
      else if (!a.is_null()) return unknown_result(c, "concat() of arrays and non-arrays");
    }
    return out;
  }
  std::string out;
  for (auto& a : args) {
    auto t = to_text(a);
    if (!t) return unknown_result(c, "concat() of a non-scalar");
    out += *t;
  }
  return str(c, std::move(out), args);
}

Value format(FunctionContext& c, Args& args) {
  auto pattern = text_arg(args, 0);
  if (!pattern) return unknown_result(c, "format() pattern is not a string");
  std::string out;
  const std::string& p = *pattern;
  for (std::size_t i = 0; i < p.size(); ++i) {
    if (p[i] == '{' && i + 1 < p.size() && p[i + 1] == '{') { out += '{'; ++i; continue; }
    if (p[i] == '}' && i + 1 < p.size() && p[i + 1] == '}') { out += '}'; ++i; continue; }
    if (p[i] == '{') {
      std::size_t close = p.find('}', i);
      if (close == std::string::npos) return unknown_result(c, "format() pattern has an unclosed '{'");
      std::string_view spec(p.data() + i + 1, close - i - 1);
      // .NET format specifiers ("{0:D2}", "{0:N0}") change the text: not evaluated rather than guessed.
      if (spec.find(':') != std::string_view::npos) return unknown_result(c, "format() specifiers are not evaluated");
      std::string_view index_text = spec;
      std::size_t index = 0;
      for (char ch : index_text) {
        if (ch < '0' || ch > '9') return unknown_result(c, "format() placeholder is not a number");
        index = index * 10 + static_cast<std::size_t>(ch - '0');
      }
      auto t = text_arg(args, index + 1);
      if (!t) return unknown_result(c, fmt::format("format() argument {} is not known", index));
      out += *t;
      i = close;
      continue;
    }
    out += p[i];
  }
  return str(c, std::move(out), args);
}

Value length(FunctionContext& c, Args& args) {
  if (args.empty()) return unknown_result(c, "length() needs an argument");
  const Value& a = args[0];
  if (a.is_array()) return Value::number_value(static_cast<double>(a.items.size()), c.where);
  if (a.is_object()) return Value::number_value(static_cast<double>(a.members.size()), c.where);
  if (a.is_string()) return Value::number_value(static_cast<double>(a.text.size()), c.where);
  return unknown_result(c, "length() of a scalar");
}

Value contains(FunctionContext& c, Args& args) {
  if (args.size() < 2) return unknown_result(c, "contains() needs two arguments");
  const Value& hay = args[0];
  const Value& needle = args[1];
  if (hay.is_string()) {
    auto t = to_text(needle);
    if (!t) return unknown_result(c, "contains() needle is not a string");
    return Value::boolean_value(hay.text.find(*t) != std::string::npos, c.where);
  }
  if (hay.is_array()) {
    bool saw_unknown = false;
    for (const auto& item : hay.items) {
      if (item.is_unknown()) saw_unknown = true;
      else if (values_equal(item, needle)) return Value::boolean_value(true, c.where);
    }
    return saw_unknown ? unknown_result(c, "contains() over an array with unknown items") : Value::boolean_value(false, c.where);
  }
  if (hay.is_object()) {
    auto t = to_text(needle);
    if (!t) return unknown_result(c, "contains() key is not a string");
    return Value::boolean_value(hay.get(*t) != nullptr, c.where);
  }
  return unknown_result(c, "contains() of a scalar");
}

Value empty(FunctionContext& c, Args& args) {
  if (args.empty()) return unknown_result(c, "empty() needs an argument");
  const Value& a = args[0];
  if (a.is_null()) return Value::boolean_value(true, c.where);
  if (a.is_array()) return Value::boolean_value(a.items.empty(), c.where);
  if (a.is_object()) return Value::boolean_value(a.members.empty(), c.where);
  if (a.is_string()) return Value::boolean_value(a.text.empty(), c.where);
  return unknown_result(c, "empty() of a scalar");
}

Value union_of(FunctionContext& c, Args& args) {
  if (args.empty()) return unknown_result(c, "union() needs arguments");
  if (args[0].is_object()) {
    Value out = Value::object({}, c.where);
    for (auto& a : args) {
      if (!a.is_object()) return unknown_result(c, "union() of objects and non-objects");
      for (auto& m : a.members) out.set(m.key, m.value, m.key_range);
    }
    return out;
  }
  Value out = Value::array({}, c.where);
  for (auto& a : args) {
    if (!a.is_array()) return unknown_result(c, "union() of arrays and non-arrays");
    for (auto& item : a.items)
      if (std::none_of(out.items.begin(), out.items.end(), [&](const Value& x) { return values_equal(x, item); }))
        out.items.push_back(item);
  }
  return out;
}

Value split_fn(FunctionContext& c, Args& args) {
  auto text = text_arg(args, 0);
  if (!text || args.size() < 2) return unknown_result(c, "split() arguments are not known");
  std::vector<std::string> delimiters;
  if (args[1].is_array()) {
    for (auto& d : args[1].items)
      if (auto t = to_text(d)) delimiters.push_back(*t);
  } else if (auto t = to_text(args[1])) {
    delimiters.push_back(*t);
  }
  Value out = Value::array({}, c.where);
  std::size_t start = 0;
  for (std::size_t i = 0; i <= text->size();) {
    bool matched = false;
    for (const auto& d : delimiters) {
      if (!d.empty() && text->compare(i, d.size(), d) == 0) {
        out.items.push_back(str(c, text->substr(start, i - start), args));
        i += d.size();
        start = i;
        matched = true;
        break;
      }
    }
    if (!matched) ++i;
  }
  out.items.push_back(str(c, text->substr(start), args));
  return out;
}

Value join_fn(FunctionContext& c, Args& args) {
  if (args.size() < 2 || !args[0].is_array()) return unknown_result(c, "join() arguments are not known");
  auto delimiter = to_text(args[1]);
  if (!delimiter) return unknown_result(c, "join() delimiter is not known");
  std::string out;
  for (std::size_t i = 0; i < args[0].items.size(); ++i) {
    auto t = to_text(args[0].items[i]);
    if (!t) return unknown_result(c, "join() of unknown items");
    if (i) out += *delimiter;
    out += *t;
  }
  return str(c, std::move(out), args);
}

Value replace_fn(FunctionContext& c, Args& args) {
  auto text = text_arg(args, 0), from = text_arg(args, 1), to = text_arg(args, 2);
  if (!text || !from || !to) return unknown_result(c, "replace() arguments are not known");
  if (from->empty()) return str(c, *text, args);
  std::string out;
  std::size_t pos = 0;
  for (;;) {
    std::size_t hit = text->find(*from, pos);
    if (hit == std::string::npos) break;
    out.append(*text, pos, hit - pos);
    out += *to;
    pos = hit + from->size();
  }
  out.append(*text, pos);
  return str(c, std::move(out), args);
}

// Where an id built by resourceId() and its siblings lives.
enum class IdScope { ResourceGroup, Subscription, Tenant, ManagementGroup };

Value resource_id(FunctionContext& c, Args& args, IdScope scope) {
  // resourceId([subscriptionId], [resourceGroupName], type, name1, name2...): the type is the
  // first argument containing '/' after at most `scope_args_max` scope arguments
  // (subscriptionResourceId([subscriptionId], ...), managementGroupResourceId([groupId], ...)).
  const std::size_t scope_args_max = scope == IdScope::ResourceGroup ? 2 : scope == IdScope::Tenant ? 0 : 1;
  std::size_t type_index = 0;
  for (std::size_t i = 0; i < args.size() && i <= scope_args_max; ++i) {
    auto t = to_text(args[i]);
    if (t && t->find('/') != std::string::npos && t->find('.') != std::string::npos) {
      type_index = i;
      break;
    }
  }
  auto type = text_arg(args, type_index);
  if (!type) return unknown_result(c, "resource type of resourceId() is not known");
  std::vector<std::string> names;
  bool names_known = true;
  for (std::size_t i = type_index + 1; i < args.size(); ++i) {
    if (auto t = to_text(args[i])) names.push_back(*t);
    else names_known = false;
  }
  std::string key = names_known ? c.evaluator.resolver().resource_key_for_id(*type, names) : std::string();
  if (!names_known) {
    Value v = Value::unknown("a name in resourceId() is not known", c.where);
    v.resource_key = key;
    return v;
  }
  std::string id;
  if (scope == IdScope::ResourceGroup) {
    std::string subscription = "{subscriptionId}", group = "{resourceGroup}";
    if (type_index == 2) if (auto s = text_arg(args, 0)) subscription = *s;
    if (type_index >= 1) if (auto g = text_arg(args, type_index - 1)) group = *g;
    id = build_resource_id(*type, names, subscription, group);
  } else {
    // Subscription, tenant and management group ids have no resource group part.
    std::string provider_part = build_resource_id(*type, names);
    provider_part.erase(0, provider_part.find("/providers/"));
    std::string given = type_index == 1 ? text_arg(args, 0).value_or("") : std::string();
    if (scope == IdScope::Subscription)
      id = fmt::format("/subscriptions/{}{}", given.empty() ? "{subscriptionId}" : given, provider_part);
    else if (scope == IdScope::ManagementGroup)
      id = fmt::format("/providers/Microsoft.Management/managementGroups/{}{}", given.empty() ? "{managementGroupId}" : given,
                       provider_part);
    else
      id = provider_part;
  }
  Value v = str(c, id, args);
  v.resource_key = key;
  return v;
}

Value cidr_subnet_fn(FunctionContext& c, Args& args) {
  auto base = text_arg(args, 0);
  if (!base || args.size() < 3 || args[1].kind != ValueKind::Number || args[2].kind != ValueKind::Number)
    return unknown_result(c, "cidrSubnet() arguments are not known");
  auto cidr = parse_cidr(*base);
  if (!cidr) return unknown_result(c, "cidrSubnet() network is not a CIDR");
  int new_length = static_cast<int>(args[1].number);
  if (!(args[2].number >= 0 && args[2].number < 18446744073709551616.0)) return unknown_result(c, "cidrSubnet() index is out of range");
  auto result = cidr_subnet(*cidr, new_length - cidr->prefix_length, static_cast<std::uint64_t>(args[2].number));
  if (!result) return unknown_result(c, "cidrSubnet() arguments are out of range");
  return str(c, result->to_string(), args);
}

Value parse_cidr_fn(FunctionContext& c, Args& args) {
  auto text = text_arg(args, 0);
  if (!text) return unknown_result(c, "parseCidr() argument is not known");
  auto cidr = parse_cidr(*text);
  if (!cidr) return unknown_result(c, "parseCidr() argument is not a CIDR");
  cidr = cidr_subnet(*cidr, 0, 0);  // clears the host bits: parseCidr('10.144.3.5/20').network is 10.144.0.0
  Value out = Value::object({}, c.where);
  std::string network = cidr->to_string();
  out.set("network", Value::string_value(network.substr(0, network.find('/')), c.where));
  out.set("cidr", Value::number_value(cidr->prefix_length, c.where));
  return out;
}

const std::unordered_map<std::string, Handler>& arm_functions() {
  static const std::unordered_map<std::string, Handler> table = [] {
    std::unordered_map<std::string, Handler> t;
    t["parameters"] = [](FunctionContext& c, Args& a) {
      auto name = text_arg(a, 0);
      if (!name) return unknown_result(c, "parameter name is not known");
      if (const eval::Env* frame = c.evaluator.function_frame())
        if (const Value* bound = frame->find(*name)) return *bound;
      return c.evaluator.resolver().parameter(*name, c.where);
    };
    t["true"] = [](FunctionContext& c, Args&) { return Value::boolean_value(true, c.where); };
    t["false"] = [](FunctionContext& c, Args&) { return Value::boolean_value(false, c.where); };
    t["null"] = [](FunctionContext& c, Args&) { return Value::null(c.where); };
    t["variables"] = [](FunctionContext& c, Args& a) {
      auto name = text_arg(a, 0);
      return name ? c.evaluator.resolver().variable(*name, c.where) : unknown_result(c, "variable name is not known");
    };
    t["copyindex"] = [](FunctionContext& c, Args& a) {
      std::string loop;
      double offset = 0;
      for (auto& arg : a) {
        if (arg.kind == ValueKind::Number) offset = arg.number;
        else if (auto s = to_text(arg)) loop = *s;
      }
      auto index = c.evaluator.resolver().copy_index(loop);
      if (!index) return unknown_result(c, "copyIndex() outside a known copy loop");
      if (index->kind == ValueKind::Number) index->number += offset;
      return *index;
    };
    t["concat"] = concat;
    t["format"] = format;
    t["string"] = [](FunctionContext& c, Args& a) {
      if (a.empty()) return unknown_result(c, "string() needs an argument");
      if (auto s = to_text(a[0])) return str(c, *s, a);
      return unknown_result(c, "string() of a structured value");
    };
    t["int"] = [](FunctionContext& c, Args& a) {
      if (a.empty()) return unknown_result(c, "int() needs an argument");
      if (a[0].kind == ValueKind::Number) return Value::number_value(std::trunc(a[0].number), c.where);
      if (a[0].is_string()) {
        try { return Value::number_value(static_cast<double>(std::stoll(a[0].text)), c.where); } catch (...) {}
      }
      return unknown_result(c, "int() of a non-number");
    };
    t["bool"] = [](FunctionContext& c, Args& a) {
      if (a.empty()) return unknown_result(c, "bool() needs an argument");
      auto b = as_bool(a[0]);
      return b ? merge_origins(Value::boolean_value(*b, c.where), a) : unknown_result(c, "bool() of a non-boolean");
    };
    t["tolower"] = [](FunctionContext& c, Args& a) {
      auto s = text_arg(a, 0);
      return s ? str(c, to_lower(*s), a) : unknown_result(c, "toLower() of an unknown value");
    };
    t["toupper"] = [](FunctionContext& c, Args& a) {
      auto s = text_arg(a, 0);
      return s ? str(c, to_upper(*s), a) : unknown_result(c, "toUpper() of an unknown value");
    };
    t["trim"] = [](FunctionContext& c, Args& a) {
      auto s = text_arg(a, 0);
      return s ? str(c, std::string(trim(*s)), a) : unknown_result(c, "trim() of an unknown value");
    };
    t["replace"] = replace_fn;
    t["split"] = split_fn;
    t["join"] = join_fn;
    t["first"] = [](FunctionContext& c, Args& a) {
      if (a.empty()) return unknown_result(c, "first() needs an argument");
      if (a[0].is_array()) return a[0].items.empty() ? Value::null(c.where) : a[0].items.front();
      if (a[0].is_string()) return str(c, a[0].text.substr(0, 1), a);
      return unknown_result(c, "first() of a non-array");
    };
    t["last"] = [](FunctionContext& c, Args& a) {
      if (a.empty()) return unknown_result(c, "last() needs an argument");
      if (a[0].is_array()) return a[0].items.empty() ? Value::null(c.where) : a[0].items.back();
      if (a[0].is_string()) return str(c, a[0].text.empty() ? "" : a[0].text.substr(a[0].text.size() - 1), a);
      return unknown_result(c, "last() of a non-array");
    };
    t["length"] = length;
    t["equals"] = [](FunctionContext& c, Args& a) {
      if (a.size() < 2) return unknown_result(c, "equals() needs two arguments");
      return merge_origins(Value::boolean_value(values_equal(a[0], a[1]), c.where), a);
    };
    t["not"] = [](FunctionContext& c, Args& a) {
      auto b = a.empty() ? std::nullopt : as_bool(a[0]);
      return b ? Value::boolean_value(!*b, c.where) : unknown_result(c, "not() of a non-boolean");
    };
    // Integer arithmetic (Bicep's + - * / % on ints compile to these): ARM truncates div() toward
    // zero and mod() takes the dividend's sign, like C#.
    auto arithmetic = [](std::function<std::optional<double>(double, double)> op) {
      return [op](FunctionContext& c, Args& a) {
        if (a.size() != 2 || a[0].kind != ValueKind::Number || a[1].kind != ValueKind::Number)
          return unknown_result(c, fmt::format("{}() needs two numbers", c.name));
        auto n = op(a[0].number, a[1].number);
        return n ? merge_origins(Value::number_value(*n, c.where), a) : unknown_result(c, fmt::format("{}() by zero", c.name));
      };
    };
    t["add"] = arithmetic([](double x, double y) -> std::optional<double> { return x + y; });
    t["sub"] = arithmetic([](double x, double y) -> std::optional<double> { return x - y; });
    t["mul"] = arithmetic([](double x, double y) -> std::optional<double> { return x * y; });
    t["div"] = arithmetic([](double x, double y) -> std::optional<double> {
      if (y == 0) return std::nullopt;
      return std::trunc(x / y);
    });
    t["mod"] = arithmetic([](double x, double y) -> std::optional<double> {
      if (y == 0) return std::nullopt;
      return std::fmod(x, y);
    });
    // Comparisons of two numbers or two strings (ordinal).
    auto comparison = [](std::function<bool(int)> accept) {
      return [accept](FunctionContext& c, Args& a) {
        if (a.size() != 2) return unknown_result(c, fmt::format("{}() needs two arguments", c.name));
        int order = 0;
        if (a[0].kind == ValueKind::Number && a[1].kind == ValueKind::Number)
          order = a[0].number < a[1].number ? -1 : a[0].number > a[1].number ? 1 : 0;
        else if (a[0].is_string() && a[1].is_string())
          order = a[0].text < a[1].text ? -1 : a[0].text > a[1].text ? 1 : 0;
        else
          return unknown_result(c, fmt::format("{}() of values that are not both numbers or both strings", c.name));
        return merge_origins(Value::boolean_value(accept(order), c.where), a);
      };
    };
    t["less"] = comparison([](int order) { return order < 0; });
    t["lessorequals"] = comparison([](int order) { return order <= 0; });
    t["greater"] = comparison([](int order) { return order > 0; });
    t["greaterorequals"] = comparison([](int order) { return order >= 0; });
    // min(1, 2, 3) or min([1, 2, 3]); likewise max().
    auto extreme = [](bool smallest) {
      return [smallest](FunctionContext& c, Args& a) {
        const Args& values = a.size() == 1 && a[0].is_array() ? a[0].items : a;
        if (values.empty()) return unknown_result(c, fmt::format("{}() of no values", c.name));
        double best = 0;
        for (std::size_t i = 0; i < values.size(); ++i) {
          if (values[i].is_unknown()) return unknown_result(c, fmt::format("{}() of an unknown value", c.name));
          if (values[i].kind != ValueKind::Number) return unknown_result(c, fmt::format("{}() of a non-number", c.name));
          if (i == 0 || (smallest ? values[i].number < best : values[i].number > best)) best = values[i].number;
        }
        return merge_origins(Value::number_value(best, c.where), a);
      };
    };
    t["min"] = extreme(true);
    t["max"] = extreme(false);
    // Like && and ||: one known false (true) argument decides and() (or()), whatever the others are.
    auto logical = [](FunctionContext& c, Args& a, bool deciding) {
      const Value* undecided = nullptr;
      for (auto& v : a) {
        auto b = as_bool(v);
        if (!b) {
          if (!undecided) undecided = &v;
          continue;
        }
        if (*b == deciding) return Value::boolean_value(deciding, c.where);
      }
      if (!undecided) return Value::boolean_value(!deciding, c.where);
      if (!undecided->is_unknown()) return unknown_result(c, fmt::format("{}() of a non-boolean", c.name));
      Value v = Value::unknown(undecided->text, undecided->range.valid() ? undecided->range : c.where);
      v.origin = undecided->origin;
      v.origin_name = undecided->origin_name;
      return v;
    };
    t["and"] = [logical](FunctionContext& c, Args& a) { return logical(c, a, false); };
    t["or"] = [logical](FunctionContext& c, Args& a) { return logical(c, a, true); };
    t["coalesce"] = [](FunctionContext& c, Args& a) {
      for (auto& v : a) {
        if (v.is_unknown()) return v;
        if (!v.is_null()) return v;
      }
      return Value::null(c.where);
    };
    t["contains"] = contains;
    t["empty"] = empty;
    t["union"] = union_of;
    t["createarray"] = [](FunctionContext& c, Args& a) { return Value::array(a, c.where); };
    t["array"] = [](FunctionContext& c, Args& a) {
      if (a.empty()) return unknown_result(c, "array() needs an argument");
      return a[0].is_array() ? a[0] : Value::array({a[0]}, c.where);
    };
    t["createobject"] = [](FunctionContext& c, Args& a) {
      Value out = Value::object({}, c.where);
      for (std::size_t i = 0; i + 1 < a.size(); i += 2) {
        auto key = to_text(a[i]);
        if (!key) return unknown_result(c, "createObject() key is not known");
        out.set(*key, a[i + 1]);
      }
      return out;
    };
    t["json"] = [](FunctionContext& c, Args&) { return unknown_result(c, "json() is not evaluated"); };
    t["resourceid"] = [](FunctionContext& c, Args& a) { return resource_id(c, a, IdScope::ResourceGroup); };
    t["subscriptionresourceid"] = [](FunctionContext& c, Args& a) { return resource_id(c, a, IdScope::Subscription); };
    t["tenantresourceid"] = [](FunctionContext& c, Args& a) { return resource_id(c, a, IdScope::Tenant); };
    t["managementgroupresourceid"] = [](FunctionContext& c, Args& a) { return resource_id(c, a, IdScope::ManagementGroup); };
    t["extensionresourceid"] = [](FunctionContext& c, Args& a) {
      if (a.size() < 3) return unknown_result(c, "extensionResourceId() needs a scope, a type and names");
      auto scope = to_text(a[0]);
      Args rest(a.begin() + 1, a.end());
      Value inner = resource_id(c, rest, IdScope::Tenant);
      if (!scope || inner.is_unknown()) {
        Value v = Value::unknown("extensionResourceId() scope or name is not known", c.where);
        v.resource_key = inner.resource_key;
        return v;
      }
      Value v = str(c, *scope + inner.text, a);
      v.resource_key = inner.resource_key;
      return v;
    };
    t["cidrsubnet"] = cidr_subnet_fn;
    t["parsecidr"] = parse_cidr_fn;
    t["range"] = [](FunctionContext& c, Args& a) {
      if (a.size() < 2 || a[0].kind != ValueKind::Number || a[1].kind != ValueKind::Number)
        return unknown_result(c, "range() arguments are not known");
      if (!(a[1].number <= static_cast<double>(c.evaluator.limits().max_loop_items)))
        return unknown_result(c, "range() over the max_loop_items limit");
      Value out = Value::array({}, c.where);
      for (int i = 0; i < static_cast<int>(std::max(0.0, a[1].number)); ++i) out.items.push_back(Value::number_value(a[0].number + i, c.where));
      return out;
    };
    t["take"] = [](FunctionContext& c, Args& a) {
      if (a.size() < 2 || !a[0].is_array() || a[1].kind != ValueKind::Number) return unknown_result(c, "take() arguments are not known");
      Value out = a[0];
      out.items.resize(clamp_count(a[1].number, out.items.size()));
      return out;
    };
    t["skip"] = [](FunctionContext& c, Args& a) {
      if (a.size() < 2 || !a[0].is_array() || a[1].kind != ValueKind::Number) return unknown_result(c, "skip() arguments are not known");
      Value out = a[0];
      std::size_t n = clamp_count(a[1].number, out.items.size());
      out.items.erase(out.items.begin(), out.items.begin() + static_cast<std::ptrdiff_t>(n));
      return out;
    };
    t["filter"] = [](FunctionContext& c, Args& a) {
      if (a.size() < 2 || !a[0].is_array() || !is_lambda(a[1])) return unknown_result(c, "filter() arguments are not known");
      Value out = Value::array({}, c.where);
      for (auto& item : a[0].items) {
        auto keep = as_bool(c.evaluator.call_lambda(a[1], {item}, c.where));
        if (!keep) return unknown_result(c, "filter() predicate is not known");
        if (*keep) out.items.push_back(item);
      }
      return out;
    };
    t["map"] = [](FunctionContext& c, Args& a) {
      if (a.size() < 2 || !a[0].is_array() || !is_lambda(a[1])) return unknown_result(c, "map() arguments are not known");
      Value out = Value::array({}, c.where);
      for (std::size_t i = 0; i < a[0].items.size(); ++i)
        out.items.push_back(c.evaluator.call_lambda(a[1], {a[0].items[i], Value::number_value(static_cast<double>(i))}, c.where));
      return out;
    };
    t["items"] = [](FunctionContext& c, Args& a) {
      if (a.empty() || !a[0].is_object()) return unknown_result(c, "items() of a non-object");
      Value out = Value::array({}, c.where);
      for (auto& m : a[0].members)
        out.items.push_back(Value::object({Member{"key", {}, Value::string_value(m.key, m.key_range)}, Member{"value", {}, m.value}}, c.where));
      return out;
    };
    t["startswith"] = [](FunctionContext& c, Args& a) {
      auto s = text_arg(a, 0), p = text_arg(a, 1);
      return s && p ? Value::boolean_value(istarts_with(*s, *p), c.where) : unknown_result(c, "startsWith() arguments are not known");
    };
    t["endswith"] = [](FunctionContext& c, Args& a) {
      auto s = text_arg(a, 0), p = text_arg(a, 1);
      return s && p ? Value::boolean_value(iends_with(*s, *p), c.where) : unknown_result(c, "endsWith() arguments are not known");
    };
    t["substring"] = [](FunctionContext& c, Args& a) {
      auto s = text_arg(a, 0);
      if (!s || a.size() < 2 || a[1].kind != ValueKind::Number) return unknown_result(c, "substring() arguments are not known");
      if (a[1].number > static_cast<double>(s->size())) return unknown_result(c, "substring() start is past the end");
      std::size_t start = clamp_count(a[1].number, s->size());
      std::size_t count = a.size() > 2 && a[2].kind == ValueKind::Number ? clamp_count(a[2].number, s->size()) : std::string::npos;
      return str(c, s->substr(start, count), a);
    };
    // Values that exist only once deployed: unknown, but typed where they carry secrets.
    // reference(resourceId(...)): the properties of a declared resource at deployment time; the
    // result keeps the resource's key so that `reference(id).secretUri` still names it.
    t["reference"] = [](FunctionContext& c, Args& a) {
      Value v = runtime(c);
      if (!a.empty()) v.resource_key = !a[0].resource_key.empty() ? a[0].resource_key : a[0].is_string() ? "id:" + a[0].text : "";
      return v;
    };
    for (const char* name : {"resourcegroup", "subscription", "tenant", "managementgroup", "deployment",
                             "environment", "uniquestring", "guid", "utcnow", "newguid", "pickzones"})
      t[name] = [](FunctionContext& c, Args&) { return runtime(c); };
    for (const char* name : {"listkeys", "listsecrets", "listaccountsas", "listservicesas", "listcredentials"})
      t[name] = [](FunctionContext& c, Args&) { return runtime(c, model::kOriginSecure); };
    // Bicep/bicepparam helpers that bring secrets from Key Vault.
    t["getsecret"] = [](FunctionContext& c, Args&) {
      Value v = Value::unknown("a Key Vault secret (getSecret)", c.where);
      v.origin = model::kOriginSecure;
      return v;
    };
    t["erlint.keyvaultreference"] = [](FunctionContext& c, Args&) {
      Value v = Value::unknown("a Key Vault reference in a parameter file", c.where);
      v.origin = model::kOriginSecure;
      return v;
    };
    t["readenvironmentvariable"] = [](FunctionContext& c, Args& a) {
      if (a.size() > 1) return a[1];
      return unknown_result(c, "readEnvironmentVariable() is known only when the parameters are built");
    };
    t["any"] = [](FunctionContext& c, Args& a) { return a.empty() ? unknown_result(c, "any() needs an argument") : a[0]; };
    t["loadtextcontent"] = [](FunctionContext& c, Args&) { return unknown_result(c, "loadTextContent() is not read"); };
    t["loadjsoncontent"] = [](FunctionContext& c, Args&) { return unknown_result(c, "loadJsonContent() is not read"); };
    return t;
  }();
  return table;
}

}  // namespace

std::optional<Value> call_arm_function(FunctionContext& context, std::string_view name, std::vector<Value>& args) {
  const auto& table = arm_functions();
  auto it = table.find(to_lower(name));
  if (it == table.end()) return std::nullopt;
  std::string lowered = to_lower(name);
  // Functions that decide on partially unknown input handle Unknown themselves; the rest propagate it.
  // array() is not among them: array(x) of an unknown x may be a list already. Functions known only
  // at deployment time are, so that their result keeps its origin (listAccountSas() is a secret).
  static const char* const unknown_aware[] = {"coalesce", "if", "createarray", "getsecret", "erlint.keyvaultreference",
                                               "reference", "listkeys", "listsecrets", "listaccountsas", "listservicesas",
                                               "listcredentials", "resourceid", "subscriptionresourceid", "extensionresourceid",
                                               "tenantresourceid", "managementgroupresourceid", "any", "readenvironmentvariable",
                                               "createobject", "union", "concat", "first", "last", "length", "resourcegroup",
                                               "subscription", "tenant", "managementgroup", "deployment", "environment",
                                               "uniquestring", "guid", "utcnow", "newguid", "pickzones", "and", "or"};
  bool aware = std::any_of(std::begin(unknown_aware), std::end(unknown_aware), [&](const char* n) { return lowered == n; });
  if (!aware)
    if (const Value* unknown = first_unknown(args)) {
      Value v = Value::unknown(unknown->text, unknown->range.valid() ? unknown->range : context.where);
      v.origin = unknown->origin;
      v.origin_name = unknown->origin_name;
      return v;
    }
  if (lowered == "concat" || lowered == "first" || lowered == "last" || lowered == "length" || lowered == "union") {
    // These accept arrays with unknown items, but not an unknown array itself.
    for (const auto& a : args)
      if (a.is_unknown()) {
        Value v = Value::unknown(a.text, a.range.valid() ? a.range : context.where);
        v.origin = a.origin;
        return v;
      }
    if (lowered == "concat")
      for (const auto& a : args)
        if (!a.is_array() && !a.is_object() && a.is_unknown()) return a;
  }
  return it->second(context, args);
}

}  // namespace erlint::eval
