#include "rules/engine.hpp"

#include <map>
#include <optional>
#include <unordered_map>
#include <vector>

#include <fmt/format.h>

#include "graph/resource_id.hpp"
#include "rules/operators.hpp"
#include "support/strings.hpp"

namespace erlint::rules {

using graph::ResourceNode;
using model::Range;
using model::Value;

namespace {

// What a condition concluded, with the evidence: where the deciding value is written, the other
// resources it involved, and why it could not decide.
struct Outcome {
  Tri result = Tri::False;
  Range evidence;
  std::vector<RelatedLocation> related;
  std::string unknown_reason;
  Range unknown_at;
};

// The subject of a condition: a value inside a resource, and the resource (for edges).
struct Subject {
  const Value* value;
  const ResourceNode* node;
};

// The resources of one referencing type, by the resource their link resolves to, and those with a
// link that does not resolve (which may point anywhere), built once per condition and rule run:
// without it every subject would look at every referring resource.
struct ReferrerIndex {
  std::unordered_map<const ResourceNode*, std::vector<std::size_t>> by_target;
  std::vector<std::size_t> unresolved;
};

struct Context {
  const graph::Graph& graph;
  const ResourceNode& root;  // the selected resource ($root.)
  const Rule& rule;
  std::map<const Condition*, ReferrerIndex>& referrers;  // per rule run
};

// Looks up a dotted path. A missing key in a known object is absent; a path that runs into an
// Unknown value (or an object with an unknown spread) is unknown.
struct Lookup {
  const Value* value = nullptr;  // found (possibly an Unknown value)
  bool unknown = false;          // the path crosses something unknown
  std::string reason;
  Range range;                   // where the found value (or the member key) is written
};

Lookup lookup(const Value& start, std::string_view path) {
  Lookup out;
  const Value* current = &start;
  Range key_range;
  if (path.empty()) {
    out.value = current;
    out.range = current->range;
    return out;
  }
  for (auto segment : split(path, '.')) {
    if (current->is_unknown()) {
      out.unknown = true;
      out.reason = current->text;
      out.range = current->range;
      return out;
    }
    if (current->is_array()) {
      std::size_t index = 0;
      if (segment.empty() || segment.find_first_not_of("0123456789") != std::string_view::npos) return out;
      index = std::stoul(std::string(segment));
      if (index >= current->items.size()) return out;
      current = &current->items[index];
      key_range = {};
      continue;
    }
    if (!current->is_object()) return out;  // absent
    const model::Member* found = nullptr;
    for (const auto& m : current->members)
      if (iequals(m.key, segment)) found = &m;
    if (!found) {
      if (current->get("__erlint_unknown_spread") || current->get("__erlint_unknown_key")) {
        out.unknown = true;
        out.reason = "an object spread or computed key is not known";
        out.range = current->range;
      }
      return out;
    }
    key_range = found->key_range;
    current = &found->value;
  }
  out.value = current;
  out.range = current->range;
  // Point at `key: value` when the key is in the same file as the value.
  if (key_range.valid() && key_range.file == out.range.file && key_range.begin < out.range.begin) out.range.begin = key_range.begin;
  if (!out.range.valid()) out.range = key_range;
  return out;
}

// Every value a path with `*` segments (any array element) reaches; a path without `*` reaches one.
std::vector<Lookup> lookup_all(const Value& start, std::string_view path) {
  std::size_t star = path.find('*');
  if (star == std::string_view::npos) return {lookup(start, path)};
  std::string_view head = path.substr(0, star == 0 ? 0 : star - 1);
  std::string_view tail = star + 1 < path.size() ? path.substr(star + 2) : std::string_view{};
  Lookup array = lookup(start, head);
  if (array.unknown || !array.value) return {array};
  if (array.value->is_unknown()) {
    Lookup u;
    u.unknown = true;
    u.reason = array.value->text;
    u.range = array.value->range;
    return {u};
  }
  std::vector<Lookup> out;
  if (!array.value->is_array()) return out;
  for (const Value& item : array.value->items) {
    // An unknown item is the value found when the path ends at it (operators that judge unknown
    // values, and references that keep their resource, need it); a path through it is unknown.
    if (item.is_unknown() && !tail.empty()) {
      Lookup u;
      u.unknown = true;
      u.reason = item.text;
      u.range = item.range;
      out.push_back(u);
      continue;
    }
    for (auto& found : lookup_all(item, tail)) out.push_back(std::move(found));
  }
  return out;
}

Outcome evaluate(const Condition& c, Subject subject, const Context& ctx);

const Value& subject_or_root(std::string_view& path, Subject subject, const Context& ctx) {
  if (starts_with(path, "$root.")) {
    path.remove_prefix(6);
    return ctx.root.body;
  }
  return *subject.value;
}

Outcome unknown(std::string reason, Range at) {
  Outcome o;
  o.result = Tri::Unknown;
  o.unknown_reason = std::move(reason);
  o.unknown_at = at;
  return o;
}

// Resolves "$root.path" (a value of the selected resource) and "$option.name" (a rule option).
std::optional<Outcome> resolve_argument(Value& argument, const Context& ctx) {
  if (!argument.is_string()) return std::nullopt;
  if (starts_with(argument.text, "$option.")) {
    auto it = ctx.rule.options.find(argument.text.substr(8));
    argument = it == ctx.rule.options.end() ? Value::null() : it->second;
    return std::nullopt;
  }
  if (!starts_with(argument.text, "$root.")) return std::nullopt;
  Lookup arg = lookup(ctx.root.body, std::string_view(argument.text).substr(6));
  if (arg.unknown) return unknown(arg.reason, arg.range);
  if (!arg.value) return Outcome{};
  if (arg.value->is_unknown()) return unknown(arg.value->text, arg.value->range);
  argument = *arg.value;
  return std::nullopt;
}

Outcome evaluate_test(const Condition& c, Subject subject, const Context& ctx) {
  std::string_view path = c.path;
  const Value& base = subject_or_root(path, subject, ctx);
  const OperatorInfo* op = find_operator(c.op);
  Value argument = c.argument;
  if (auto decided = resolve_argument(argument, ctx)) return *decided;
  // With `*` in the path the test holds when it holds for any value reached.
  Outcome result;
  bool saw_unknown = false;
  Outcome first_unknown;
  for (const Lookup& found : lookup_all(base, path)) {
    Outcome o;
    if (found.unknown) {
      o = unknown(found.reason, found.range);
    } else if (!found.value) {
      o.result = op->apply(Value::null(), argument);  // absent: operators see null
    } else if (found.value->is_unknown() && !op->sees_unknown) {
      o = unknown(found.value->text, found.value->range);
    } else {
      o.result = op->apply(*found.value, argument);
      o.evidence = found.range;
    }
    if (o.result == Tri::True) return o;
    if (o.result == Tri::Unknown && !saw_unknown) {
      saw_unknown = true;
      first_unknown = o;
    }
  }
  return saw_unknown ? first_unknown : result;
}

Outcome evaluate_presence(const Condition& c, Subject subject, const Context& ctx, bool want_present) {
  std::string_view path = c.path;
  const Value& base = subject_or_root(path, subject, ctx);
  Lookup found = lookup(base, path);
  if (found.unknown) return unknown(found.reason, found.range);
  bool present = found.value && !found.value->is_null();
  Outcome o;
  o.result = tri(present == want_present);
  o.evidence = present ? found.range : Range{};
  return o;
}

Outcome evaluate_quantified(const Condition& c, Subject subject, const Context& ctx, bool every) {
  std::string_view path = c.path;
  const Value& base = subject_or_root(path, subject, ctx);
  Lookup found = lookup(base, path);
  if (found.unknown) return unknown(found.reason, found.range);
  Outcome o;
  o.result = every ? Tri::True : Tri::False;
  if (!found.value || found.value->is_null()) return o;
  if (found.value->is_unknown()) return unknown(found.value->text, found.value->range);
  if (!found.value->is_array()) return o;
  Outcome undecided;
  bool saw_unknown = false;
  for (const auto& item : found.value->items) {
    Outcome r = item.is_unknown() ? unknown(item.text, item.range) : evaluate(c.children.front(), {&item, subject.node}, ctx);
    if (r.result == Tri::Unknown) {
      if (!saw_unknown) undecided = r;
      saw_unknown = true;
      continue;
    }
    if (!every && r.result == Tri::True) return r;
    if (every && r.result == Tri::False) return r;
  }
  if (saw_unknown) return undecided;
  return o;
}

Outcome evaluate_follow(const Condition& c, Subject subject, const Context& ctx) {
  std::string_view path = c.path;
  const Value& base = subject_or_root(path, subject, ctx);
  Lookup found = lookup(base, path);
  if (found.unknown) return unknown(found.reason, found.range);
  Outcome o;
  if (!found.value || found.value->is_null()) return o;  // nothing to follow
  const ResourceNode* target = ctx.graph.resolve_reference(*found.value);
  if (!target) {
    return unknown(found.value->is_unknown() ? found.value->text : "the referenced resource is not in the analysed source",
                   found.range);
  }
  Outcome r = evaluate(c.children.front(), {&target->body, target}, ctx);
  if (r.result == Tri::True) {
    r.related.insert(r.related.begin(), RelatedLocation{target->header_range, c.label.empty() ? "the referenced resource" : c.label});
    if (!r.evidence.valid()) r.evidence = found.range;
  }
  return r;
}

// Resources of a type that point at the subject resource (by scope, or through a path).
Outcome evaluate_referenced_by(const Condition& c, Subject subject, const Context& ctx) {
  Outcome o;
  o.result = Tri::False;
  if (!subject.node) return o;
  // `at: parent`: the referring resource points at the resource that contains the subject.
  const ResourceNode* here = c.at_parent ? ctx.graph.parent_of(*subject.node) : subject.node;
  if (!here) return o;
  Outcome undecided;
  bool saw_unknown = false;
  // Only a referring resource whose link resolves here, or has a link that does not resolve, can
  // change the outcome below: the others are skipped there anyway.
  auto [it, fresh] = ctx.referrers.try_emplace(&c);
  ReferrerIndex& referrers = it->second;
  if (fresh)
    for (std::size_t i : ctx.graph.of_type(c.referencing_type)) {
      const ResourceNode& other = ctx.graph.nodes()[i];
      std::vector<const Value*> links;
      bool unresolved = false;
      if (c.via == "scope") links.push_back(&other.scope);
      else
        for (const Lookup& l : lookup_all(other.body, c.via)) {
          if (l.unknown) unresolved = true;
          else if (l.value) links.push_back(l.value);
        }
      const ResourceNode* last = nullptr;
      for (const Value* link : links) {
        if (!link || link->is_null()) continue;
        const ResourceNode* target = ctx.graph.resolve_reference(*link);
        if (!target) unresolved = true;
        else if (target != last) referrers.by_target[target].push_back(i);
        last = target;
      }
      if (unresolved) referrers.unresolved.push_back(i);
    }
  std::vector<std::size_t> candidates;
  if (auto found = referrers.by_target.find(here); found != referrers.by_target.end()) candidates = found->second;
  // With `undecided:`, only links that resolve here count.
  if (c.undecided.empty()) {
    candidates.insert(candidates.end(), referrers.unresolved.begin(), referrers.unresolved.end());
    std::sort(candidates.begin(), candidates.end());  // graph order, as without the index
    candidates.erase(std::unique(candidates.begin(), candidates.end()), candidates.end());
  }
  for (std::size_t index : candidates) {
    const ResourceNode& other = ctx.graph.nodes()[index];
    std::vector<const Value*> links;
    if (c.via == "scope") links.push_back(&other.scope);
    bool points_here = false, unresolved = false;
    if (c.via != "scope")
      for (const Lookup& l : lookup_all(other.body, c.via)) {
        if (l.unknown && c.undecided.empty()) unresolved = true;  // the link may well point here
        else if (l.value) links.push_back(l.value);
      }
    for (const Value* link : links) {
      if (!link || link->is_null()) continue;
      const ResourceNode* target = ctx.graph.resolve_reference(*link);
      if (target) {
        if (target == here) points_here = true;
        continue;
      }
      if (!c.undecided.empty()) continue;  // only a link that resolves here can make it undecided
      // An id naming another type, or this type with another known name, cannot point here.
      if (link->is_string())
        if (auto parsed = graph::parse_resource_id(link->text)) {
          if (!iequals(parsed->type, here->type)) continue;
          if (!here->full_name.empty() && parsed->full_name.find('{') == std::string::npos &&
              !iequals(parsed->full_name, here->full_name))
            continue;
        }
      unresolved = true;
    }
    // A referring resource that fails the condition anyway cannot decide anything.
    if (!points_here && unresolved && !c.children.empty() &&
        evaluate(c.children.front(), {&other.body, &other}, ctx).result == Tri::False)
      continue;
    if (!points_here) {
      // A resource whose link cannot be resolved may be the one pointing here.
      if (unresolved && !saw_unknown) {
        undecided = unknown(fmt::format("a {} refers to a resource that is not known", c.referencing_type), other.header_range);
        saw_unknown = true;
      }
      continue;
    }
    Outcome r = c.children.empty() ? Outcome{Tri::True, other.header_range, {}, {}, {}}
                                   : evaluate(c.children.front(), {&other.body, &other}, ctx);
    if (r.result == Tri::True && !c.undecided.empty()) {
      // Where it goes from there is not analysed: neither a finding nor a pass.
      if (!saw_unknown) {
        undecided = unknown(fmt::format("{} ({} '{}')", c.undecided, other.type, other.full_name.empty() ? other.symbol : other.full_name), {});
        saw_unknown = true;
      }
      continue;
    }
    if (r.result == Tri::True) {
      r.related.push_back({other.header_range, c.label.empty() ? "the referring resource" : c.label});
      return r;
    }
    if (r.result == Tri::Unknown && !saw_unknown) {
      undecided = r;
      saw_unknown = true;
    }
  }
  return saw_unknown ? undecided : o;
}

Outcome evaluate_parent(const Condition& c, Subject subject, const Context& ctx) {
  const ResourceNode* parent = subject.node ? ctx.graph.parent_of(*subject.node) : nullptr;
  if (!parent || !iequals(parent->type, c.referencing_type))
    return unknown(fmt::format("the parent {} is not in the analysed source", c.referencing_type),
                   subject.node ? subject.node->header_range : Range{});
  if (c.children.empty()) return Outcome{Tri::True, {}, {}, {}, {}};
  Outcome r = evaluate(c.children.front(), {&parent->body, parent}, ctx);
  if (r.result == Tri::True && !c.label.empty()) r.related.push_back({parent->header_range, c.label});
  return r;
}

Outcome evaluate_children(const Condition& c, Subject subject, const Context& ctx) {
  Outcome none;
  if (!subject.node) return none;
  Outcome first_unknown;
  bool saw_unknown = false;
  for (std::size_t index : ctx.graph.children_of(subject.node->key)) {
    const ResourceNode& child = ctx.graph.nodes()[index];
    if (!iequals(child.type, c.referencing_type)) continue;
    Outcome r = c.children.empty() ? Outcome{Tri::True, child.header_range, {}, {}, {}}
                                   : evaluate(c.children.front(), {&child.body, &child}, ctx);
    if (r.result == Tri::True) {
      if (!c.label.empty()) r.related.push_back({child.header_range, c.label});
      return r;
    }
    if (r.result == Tri::Unknown && !saw_unknown) {
      saw_unknown = true;
      first_unknown = r;
    }
  }
  return saw_unknown ? first_unknown : none;
}

Outcome evaluate(const Condition& c, Subject subject, const Context& ctx) {
  switch (c.kind) {
    case Condition::Kind::Parent: return evaluate_parent(c, subject, ctx);
    case Condition::Kind::Children: return evaluate_children(c, subject, ctx);
    case Condition::Kind::All: {
      Outcome combined;
      combined.result = Tri::True;
      Outcome first_unknown;
      bool saw_unknown = false;
      for (const auto& child : c.children) {
        Outcome r = evaluate(child, subject, ctx);
        if (r.result == Tri::False) return r;
        if (r.result == Tri::Unknown) {
          if (!saw_unknown) first_unknown = r;
          saw_unknown = true;
          continue;
        }
        // The last positive test is the most specific evidence (the offending value).
        if (r.evidence.valid()) combined.evidence = r.evidence;
        for (auto& rel : r.related) combined.related.push_back(rel);
      }
      return saw_unknown ? first_unknown : combined;
    }
    case Condition::Kind::Any: {
      Outcome first_unknown;
      bool saw_unknown = false;
      for (const auto& child : c.children) {
        Outcome r = evaluate(child, subject, ctx);
        if (r.result == Tri::True) return r;
        if (r.result == Tri::Unknown && !saw_unknown) {
          first_unknown = r;
          saw_unknown = true;
        }
      }
      if (saw_unknown) return first_unknown;
      return Outcome{};
    }
    case Condition::Kind::Not: {
      Outcome r = evaluate(c.children.front(), subject, ctx);
      if (r.result == Tri::Unknown) return r;
      Outcome o;
      o.result = r.result == Tri::True ? Tri::False : Tri::True;
      return o;
    }
    case Condition::Kind::Present: return evaluate_presence(c, subject, ctx, true);
    case Condition::Kind::Absent: return evaluate_presence(c, subject, ctx, false);
    case Condition::Kind::Test: return evaluate_test(c, subject, ctx);
    case Condition::Kind::Some: return evaluate_quantified(c, subject, ctx, false);
    case Condition::Kind::Every: return evaluate_quantified(c, subject, ctx, true);
    case Condition::Kind::Follow: return evaluate_follow(c, subject, ctx);
    case Condition::Kind::ReferencedBy: return evaluate_referenced_by(c, subject, ctx);
  }
  return Outcome{};
}

// "{name}" and "{properties.x.id}" in messages, from the selected resource.
std::string render_message(const std::string& pattern, const ResourceNode& node) {
  std::string out;
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    if (pattern[i] != '{') {
      out += pattern[i];
      continue;
    }
    std::size_t close = pattern.find('}', i);
    if (close == std::string::npos) {
      out += pattern.substr(i);
      break;
    }
    std::string_view placeholder = std::string_view(pattern).substr(i + 1, close - i - 1);
    // $full_name: "vnet/subnet"; $parent: the parent's name ("vnet"), from the full name.
    if (placeholder == "$full_name" || placeholder == "$parent") {
      std::size_t slash = node.full_name.rfind('/');
      if (placeholder == "$full_name") out += node.full_name.empty() ? "<unknown>" : node.full_name;
      else out += slash == std::string::npos ? "<unknown>" : node.full_name.substr(0, slash);
      i = close;
      continue;
    }
    Lookup found = lookup(node.body, placeholder);
    if (!found.value || found.value->is_unknown()) out += "<unknown>";
    else if (found.value->is_string()) out += found.value->text;
    else out += found.value->display();
    i = close;
  }
  return out;
}

std::string display_name(const ResourceNode& node) {
  if (!node.full_name.empty()) return node.full_name;
  if (const Value* name = node.body.get("name"); name && name->is_string()) return name->text;
  return node.symbol.empty() ? "<unnamed>" : node.symbol;
}

}  // namespace

RuleRun run_rule(const Rule& rule, const graph::Graph& graph) {
  RuleRun run;
  std::map<const Condition*, ReferrerIndex> referrers;
  for (const std::string& type : rule.select_types) {
    for (std::size_t index : graph.of_type(type)) {
      const ResourceNode& node = graph.nodes()[index];
      if (node.existing) continue;  // declared elsewhere: judged where it is declared
      Context ctx{graph, node, rule, referrers};
      Subject subject{&node.body, &node};
      if (rule.where) {
        Outcome selected = evaluate(*rule.where, subject, ctx);
        if (selected.result == Tri::False) continue;
        if (selected.result == Tri::Unknown) {
          run.undecided.push_back({rule.id, selected.unknown_at.valid() ? selected.unknown_at : node.header_range,
                                   display_name(node), "not known whether the rule applies: " + selected.unknown_reason});
          continue;
        }
      }
      ++run.resources_checked;
      Outcome outcome = evaluate(*rule.violation, subject, ctx);
      if (outcome.result == Tri::Unknown) {
        run.undecided.push_back({rule.id, outcome.unknown_at.valid() ? outcome.unknown_at : node.header_range, display_name(node),
                                 outcome.unknown_reason});
        continue;
      }
      if (outcome.result != Tri::True) continue;
      if (node.maybe_absent) {
        run.undecided.push_back({rule.id, node.header_range, display_name(node), "the resource's deployment condition is not known"});
        continue;
      }
      Finding finding;
      finding.rule_id = rule.id;
      finding.severity = rule.severity;
      finding.range = node.header_range;
      if (!rule.report_at.empty()) {
        Lookup at = lookup(node.body, rule.report_at);
        if (at.value && at.range.valid()) finding.range = at.range;
      } else if (outcome.evidence.valid()) {
        finding.range = outcome.evidence;
      }
      finding.message = render_message(rule.message, node);
      finding.related = std::move(outcome.related);
      finding.resource_key = node.key;
      finding.resource_type = node.type;
      finding.resource_name = display_name(node);
      run.findings.push_back(std::move(finding));
    }
  }
  return run;
}

}  // namespace erlint::rules
