#include "graph/builder.hpp"

#include <atomic>
#include <filesystem>
#include <iterator>

#include <fmt/format.h>

#include "graph/build_session.hpp"
#include "graph/children.hpp"
#include "graph/unit_scope.hpp"
#include "support/parallel.hpp"
#include "support/strings.hpp"

namespace erlint::graph {

namespace fs = std::filesystem;
using model::Language;

namespace {

std::string folder_of(const std::string& path) { return fs::path(path).parent_path().lexically_normal().string(); }

// A path in the form folder_of() gives: "../../" names the folder "..", and without the trailing
// separator a Terraform module source written that way matches the folder it names (otherwise the
// module's folder was also analysed as a root unit of its own, with its variables unknown).
std::string normalized(const fs::path& path) {
  std::string text = path.lexically_normal().string();
  while (text.size() > 1 && text.back() == '/') text.pop_back();
  return text;
}

bool is_terraform(const model::Template& t) { return t.language == Language::Terraform; }

// Whether a module source names a file or folder of the repository. Bicep (and an ARM
// templateLink.relativePath): any path that is not a registry or template-spec reference (`br:`,
// `br/alias:`, `ts:`, `ts/alias:`) or a URL, also a bare file name ('vnet.bicep'). Terraform:
// "./" and "../" paths, and paths like "modules/x" that name a folder.
bool is_local_source(std::string_view source, Language caller) {
  if (source.empty() || source.front() == '/') return false;
  if (caller == Language::Bicep || caller == Language::BicepParams || caller == Language::Arm)
    return !starts_with(source, "br:") && !starts_with(source, "br/") && !starts_with(source, "ts:") && !starts_with(source, "ts/") &&
           source.find("://") == std::string_view::npos;
  return starts_with(source, "./") || starts_with(source, "../") ||
         (source.find(':') == std::string_view::npos && !starts_with(source, "br/") && source.find('/') != std::string_view::npos &&
          source.find("registry") == std::string_view::npos);
}

std::string literal_source(const model::ModuleCall& call) {
  return call.source && call.source->kind == model::ExprKind::String ? call.source->text : std::string();
}

}  // namespace

BuildCatalog::BuildCatalog(const BuildInput& build_input) : input(build_input) {
  for (const model::Template* t : input.templates) {
    by_folder_[folder_of(t->path)].push_back(t);
    by_path_.emplace(t->path, t);
  }
}

std::vector<const model::Template*> BuildCatalog::unit_files(const model::Template& file) const {
  if (!is_terraform(file)) return {&file};
  std::vector<const model::Template*> files;
  auto it = by_folder_.find(folder_of(file.path));
  if (it != by_folder_.end())
    for (const model::Template* t : it->second)
      if (is_terraform(*t)) files.push_back(t);
  return files;
}

std::map<std::string, Value> BuildCatalog::parameter_inputs(const std::vector<const model::Template*>& unit) const {
  std::map<std::string, Value> inputs;
  if (unit.empty()) return inputs;
  const model::Template& first = *unit.front();
  std::string folder = folder_of(first.path);
  std::vector<const model::Template*> sources;
  if (auto named = input.parameter_files.find(first.path); named != input.parameter_files.end()) {
    for (const std::string& path : named->second)
      if (auto t = by_path_.find(path); t != by_path_.end()) sources.push_back(t->second);
  } else if (auto siblings = by_folder_.find(folder); siblings != by_folder_.end()) {
    for (const model::Template* t : siblings->second) {
      std::string file = fs::path(t->path).filename().string();
      if (first.language == Language::Terraform && t->language == Language::TerraformVars &&
          (file == "terraform.tfvars" || iends_with(file, ".auto.tfvars")))
        sources.push_back(t);
      if (first.language == Language::Arm && t->language == Language::ArmParameters) {
        std::string stem = fs::path(first.path).stem().string();
        if (istarts_with(file, stem + ".parameters.") || istarts_with(file, stem + ".parameters"))
          sources.push_back(t);
      }
      if (first.language == Language::Bicep && t->language == Language::BicepParams && t->using_target &&
          t->using_target->kind == model::ExprKind::String &&
          normalized(fs::path(folder) / t->using_target->text) == normalized(first.path))
        sources.push_back(t);
    }
  }
  // Parameter files are evaluated on their own (they may only use literals and a few functions).
  for (const model::Template* source : sources) {
    struct NoSymbols final : eval::SymbolResolver {
      std::optional<Value> identifier(std::string_view, model::Range) override { return std::nullopt; }
      std::optional<Value> qualified(std::string_view, std::string_view, model::Range) override { return std::nullopt; }
      Value parameter(std::string_view n, model::Range w) override { return Value::unknown(fmt::format("parameter '{}'", n), w); }
      Value variable(std::string_view n, model::Range w) override { return Value::unknown(fmt::format("variable '{}'", n), w); }
      const model::Function* function(std::string_view) override { return nullptr; }
      std::optional<Value> copy_index(std::string_view) override { return std::nullopt; }
      void push_copy(std::string_view, int) override {}
      void pop_copy() override {}
      std::string resource_key_for_id(std::string_view, const std::vector<std::string>&) override { return {}; }
    } no_symbols;
    eval::Evaluator evaluator(no_symbols, source->language == Language::TerraformVars ? eval::Dialect::Terraform : eval::Dialect::Arm,
                              input.limits);
    for (const auto& [name, expr] : source->parameter_values) inputs[name] = evaluator.evaluate(expr);
  }
  return inputs;
}

std::vector<const model::Template*> BuildCatalog::module_files(const model::Template& caller, const std::string& source) {
  if (!is_local_source(source, caller.language)) return {};
  fs::path target = fs::path(folder_of(caller.path)) / source;
  std::string path = normalized(target);
  std::lock_guard lock(loading_);
  if (is_terraform(caller)) {
    if (auto it = loaded_folders_.find(path); it != loaded_folders_.end()) return hand_out(it->second);
    std::vector<const model::Template*> files;
    if (auto it = by_folder_.find(path); it != by_folder_.end())
      for (const model::Template* t : it->second)
        if (is_terraform(*t)) files.push_back(t);
    if (files.empty() && input.load_file) {
      std::error_code ec;
      for (const auto& entry : fs::directory_iterator(path, ec))
        if (entry.path().extension() == ".tf")
          if (const model::Template* t = input.load_file(normalized(entry.path()))) files.push_back(t);
    }
    loaded_folders_[path] = files;
    return hand_out(files);
  }
  if (auto it = by_path_.find(path); it != by_path_.end()) return hand_out({it->second});
  if (input.load_file)
    if (const model::Template* t = input.load_file(path)) return hand_out({t});
  return {};
}

std::vector<const model::Template*> BuildCatalog::hand_out(std::vector<const model::Template*> files) {
  for (const model::Template*& t : files) {
    if (auto fresh = reloaded_.find(t); fresh != reloaded_.end()) {
      t = fresh->second;
    } else if (released_.count(t) && input.reload_file) {
      const model::Template* parsed = input.reload_file(t->path);
      reloaded_[t] = parsed;
      t = parsed;
    }
    handed_out_.insert(t);
  }
  std::erase(files, nullptr);
  return files;
}

void BuildCatalog::release_once(const model::Template* t) {
  if (t && released_.insert(t).second) input.release_model(*t);
}

void BuildCatalog::release_all() {
  if (!input.release_model) return;
  std::lock_guard lock(loading_);
  for (const model::Template* t : input.templates) release_once(t);
  for (const model::Template* t : handed_out_) release_once(t);  // module files read on demand, fresh parses
}

void BuildCatalog::release(const std::vector<const model::Template*>& files) {
  if (!input.release_model) return;
  std::lock_guard lock(loading_);
  for (const model::Template* t : files)
    if (!handed_out_.count(t)) release_once(t);
}

std::set<std::string> BuildCatalog::module_paths() const {
  std::set<std::string> paths;
  for (const model::Template* t : input.templates)
    for (const auto& call : t->modules) {
      std::string source = literal_source(call);
      if (source.empty() || !is_local_source(source, t->language)) continue;
      paths.insert(normalized(fs::path(folder_of(t->path)) / source));
    }
  return paths;
}

namespace {

// An azurerm association resource sets its values on the node its target id refers to.
void apply_associations(Graph& graph, const std::vector<PendingAssociation>& associations) {
  for (const PendingAssociation& association : associations) {
    const ResourceNode* target = graph.resolve_reference(association.target);
    if (!target) continue;  // the target is outside the analysed source: nothing to join
    ResourceNode& node = graph.nodes()[static_cast<std::size_t>(target - graph.nodes().data())];
    for (const auto& [path, value] : association.values) set_path(node.body, path, value);
  }
}

}  // namespace

Graph build_graph(const BuildInput& input, std::vector<ToolError>& errors) {
  BuildCatalog catalog(input);
  // The root units: every Bicep file and ARM template, and every Terraform folder, that no other
  // file uses as a local module (those are evaluated through their callers, with their arguments).
  std::set<std::string> consumed_as_modules = catalog.module_paths();
  std::set<std::string> done_folders;
  std::vector<std::vector<const model::Template*>> roots;
  for (const model::Template* file : input.templates) {
    if (file->language != Language::Bicep && file->language != Language::Arm && file->language != Language::Terraform) continue;
    if (is_terraform(*file)) {
      std::string folder = folder_of(file->path);
      if (consumed_as_modules.count(folder) || !done_folders.insert(folder).second) continue;
    } else if (consumed_as_modules.count(file->path)) {
      continue;
    }
    roots.push_back(catalog.unit_files(*file));
  }

  // Root units are independent until their nodes are joined: evaluate them on all workers. Each
  // unit (its caches of evaluated bodies, its module units) is dropped once its nodes are kept.
  std::vector<BuildSession> sessions;
  sessions.reserve(roots.size());
  for (std::size_t i = 0; i < roots.size(); ++i) sessions.emplace_back(catalog);
  std::atomic<std::size_t> next{0};
  auto worker = [&] {
    for (std::size_t i; (i = next.fetch_add(1)) < roots.size();) {
      {
        UnitScope unit(sessions[i], roots[i], catalog.parameter_inputs(roots[i]), "", 0);
        unit.emit_nodes();
      }
      catalog.release(roots[i]);
    }
  };
  run_on_workers(std::min<std::size_t>(input.jobs, roots.size()), worker);
  catalog.release_all();  // every unit is done: the modules' files too, before the nodes are joined

  // Join in the order of the root units, so that the graph and the errors do not depend on timing.
  // Memory: the graph's node array is allocated once, and each session's nodes are freed as soon
  // as they are moved, so that the nodes are never held twice.
  Graph graph;
  std::size_t node_count = 0;
  for (const BuildSession& session : sessions) node_count += session.nodes.size();
  graph.reserve(node_count);
  std::vector<PendingAssociation> associations;
  for (BuildSession& session : sessions) {
    for (ResourceNode& node : session.nodes) graph.add(std::move(node));
    std::vector<ResourceNode>().swap(session.nodes);
    std::move(session.associations.begin(), session.associations.end(), std::back_inserter(associations));
    std::move(session.errors.begin(), session.errors.end(), std::back_inserter(errors));
  }
  sessions.clear();
  apply_associations(graph, associations);
  lift_inline_children(graph);
  graph.reindex_children();  // lifting gave children their parent_key
  return graph;
}

}  // namespace erlint::graph
