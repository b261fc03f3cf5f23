#include "driver/analysis.hpp"

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <iterator>
#include <mutex>
#include <set>
#include <shared_mutex>
#include <thread>

#include <fmt/format.h>

#include "driver/config.hpp"
#include "driver/config_scopes.hpp"
#include "driver/fingerprint.hpp"
#include "driver/suppressions.hpp"
#include "graph/builder.hpp"
#include "parse/arm/arm_frontend.hpp"
#include "parse/bicep/bicep_frontend.hpp"
#include "parse/terraform/terraform_frontend.hpp"
#include "rules/loader.hpp"
#include "support/strings.hpp"
#include "support/memory.hpp"
#include "support/parallel.hpp"

#ifndef ERLINT_CONFIGURED_RULES_DIR
#define ERLINT_CONFIGURED_RULES_DIR ""
#endif

namespace erlint::driver {

namespace fs = std::filesystem;

std::string default_rules_dir() {
  if (const char* env = std::getenv("ERLINT_RULES_DIR"); env && *env) return env;
  std::error_code ec;
  if (fs::is_directory(ERLINT_CONFIGURED_RULES_DIR, ec)) return ERLINT_CONFIGURED_RULES_DIR;
  fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    fs::path installed = exe.parent_path().parent_path() / "share" / "erlint" / "rules";
    if (fs::is_directory(installed, ec)) return installed.string();
  }
  return "rules";
}

Analyzer::Analyzer(std::string rules_dir) : rules_dir_(std::move(rules_dir)) {
  std::error_code ec;
  if (!fs::is_directory(rules_dir_, ec)) {
    load_errors_.push_back({ErrorCode::Config, rules_dir_, 0, 0, 0, 0, "the rules folder does not exist"});
    return;
  }
  rules_ = rules::load_rule_directory(rules_dir_, load_errors_);
  // The azurerm mapping may be split by topic: providers/azurerm.yaml, providers/azurerm-*.yaml.
  azurerm_ = graph::load_provider_mapping_folder((fs::path(rules_dir_) / "providers").string(), load_errors_);

}

const rules::Rule* Analyzer::rule(std::string_view id) const {
  for (const auto& r : rules_)
    if (r->id == id) return r.get();
  return nullptr;
}

namespace {

std::string language_name(model::Language language) {
  switch (language) {
    case model::Language::Bicep:
    case model::Language::BicepParams: return "bicep";
    case model::Language::Arm:
    case model::Language::ArmParameters: return "arm";
    case model::Language::Terraform:
    case model::Language::TerraformVars: return "terraform";
  }
  return "other";
}

// One parser of each grammar per worker thread: tree-sitter parsers are not thread-safe.
struct WorkerParsers {
  syntax::Parser bicep{syntax::Grammar::Bicep};
  syntax::Parser hcl{syntax::Grammar::Hcl};
};

std::unique_ptr<model::Template> parse_file(const SourceFile& file, WorkerParsers& parsers, const parse::ParseOptions& options) {
  switch (file.kind()) {
    case FileKind::Bicep:
    case FileKind::BicepParams: return std::make_unique<model::Template>(parse::parse_bicep_file(file, parsers.bicep, options));
    case FileKind::Terraform:
    case FileKind::TerraformVars: return std::make_unique<model::Template>(parse::parse_terraform_file(file, parsers.hcl, options));
    case FileKind::ArmTemplate:
    case FileKind::ArmParameters: return std::make_unique<model::Template>(parse::parse_arm_file(file, options));
    case FileKind::Unknown: break;
  }
  return nullptr;
}

void add_problems(const model::Template& t, const SourceFile& file, std::vector<ToolError>& errors) {
  for (const auto& problem : t.problems) {
    Position start = file.position(problem.range.begin);
    Position end = file.position(problem.range.end);
    errors.push_back({problem.code, file.path(), start.line, start.column, end.line, end.column, problem.message});
  }
}

// Reads a file (or its in-memory overlay) and decides its kind; nullopt for JSON that is not ARM.
std::optional<std::pair<std::string, FileKind>> load(const DiscoveredFile& d, const AnalysisOptions& options, const ReadLimits& limits,
                                                     std::vector<ToolError>& errors) {
  std::optional<std::string> text;
  if (auto overlay = options.overlays.find(d.path); overlay != options.overlays.end()) text = overlay->second;
  else text = read_source_file(d.path, limits, errors);
  if (!text) return std::nullopt;
  FileKind kind = d.kind;
  if (kind == FileKind::Unknown) {
    kind = kind_from_json_content(*text);
    if (kind == FileKind::Unknown) return std::nullopt;  // some other JSON file: not ours to judge
  }
  return std::make_pair(std::move(*text), kind);
}

// A file named on its own (pre-commit passes only the staged ones) is judged with the files it
// belongs with: a Terraform module is all the .tf and .tfvars files of its folder; an ARM template
// `x.json` goes with its parameter files `x.parameters*.json` and the other way round; a Bicep file
// with the .bicepparam files beside it (a .bicepparam's `using` target is added after parsing).
bool is_neighbour(const std::string& named, FileKind named_kind, const std::string& candidate) {
  std::string name = fs::path(named).filename().string();
  std::string other = fs::path(candidate).filename().string();
  FileKind kind = kind_from_path(other);
  switch (named_kind) {
    case FileKind::Terraform:
    case FileKind::TerraformVars: return kind == FileKind::Terraform || kind == FileKind::TerraformVars;
    case FileKind::Bicep: return kind == FileKind::BicepParams;
    case FileKind::Unknown: {  // JSON: whether it is ARM is decided by content when it is read
      if (!iends_with(name, ".json") || !iends_with(other, ".json")) return false;
      std::string stem = name.substr(0, name.size() - 5);
      if (auto at = to_lower(stem).find(".parameters"); at != std::string::npos)
        return to_lower(other) == to_lower(stem.substr(0, at) + ".json");  // parameters file -> its template
      return istarts_with(other, stem + ".parameters");  // template -> its parameter files
    }
    default: return false;
  }
}

void add_neighbours(std::vector<DiscoveredFile>& discovered) {
  std::map<std::string, std::vector<const DiscoveredFile*>> named_by_folder;
  std::set<std::string> known;
  for (const auto& d : discovered) {
    known.insert(d.path);
    if (d.explicitly_named) named_by_folder[fs::path(d.path).parent_path().string()].push_back(&d);
  }
  std::vector<DiscoveredFile> added;
  for (const auto& [folder, named] : named_by_folder) {
    std::error_code ec;
    std::vector<std::string> neighbours;
    for (const auto& entry : fs::directory_iterator(folder.empty() ? "." : folder, ec)) {
      if (!entry.is_regular_file(ec)) continue;
      std::string name = entry.path().filename().string();
      std::string path = folder.empty() ? name : (fs::path(folder) / name).lexically_normal().string();
      if (known.count(path)) continue;
      if (std::any_of(named.begin(), named.end(), [&](const DiscoveredFile* d) { return is_neighbour(d->path, d->kind, path); })) {
        neighbours.push_back(path);
        known.insert(path);
      }
    }
    std::sort(neighbours.begin(), neighbours.end());
    for (auto& path : neighbours) added.push_back({path, kind_from_path(path), false});
  }
  discovered.insert(discovered.end(), added.begin(), added.end());
  std::sort(discovered.begin(), discovered.end(), [](const DiscoveredFile& a, const DiscoveredFile& b) { return a.path < b.path; });
}

}  // namespace

namespace {

// --parameters FILE...: each file must be a parameters file; their values go to every template
// named on the command line. Problems are ERR-CONFIG errors (a usage mistake: the run must not
// pass silently with the values left out).
std::map<std::string, std::vector<std::string>> pair_parameter_files(const std::vector<DiscoveredFile>& discovered,
                                                                     const std::vector<std::string>& parameter_paths, AnalysisResult& result) {
  std::map<std::string, std::vector<std::string>> pairs;
  if (parameter_paths.empty()) return pairs;
  std::vector<std::string> found;
  for (const std::string& path : parameter_paths) {
    const SourceFile* file = nullptr;
    for (const auto& source : result.sources.files())
      if (fs::path(source->path()).lexically_normal() == path) file = source.get();
    if (!file) {
      if (std::none_of(result.errors.begin(), result.errors.end(), [&](const ToolError& e) { return fs::path(e.file).lexically_normal() == path; }))
        result.errors.push_back({ErrorCode::Config, path, 0, 0, 0, 0, "--parameters: not an ARM parameters file or a .bicepparam file"});
      continue;
    }
    if (file->kind() != FileKind::ArmParameters && file->kind() != FileKind::BicepParams) {
      result.errors.push_back({ErrorCode::Config, file->path(), 0, 0, 0, 0, "--parameters: not an ARM parameters file or a .bicepparam file"});
      continue;
    }
    found.push_back(file->path());
  }
  std::size_t templates = 0;
  for (const DiscoveredFile& d : discovered) {
    if (!d.explicitly_named) continue;
    const SourceFile* file = result.sources.find(d.path);
    if (!file || (file->kind() != FileKind::ArmTemplate && file->kind() != FileKind::Bicep)) continue;
    pairs[file->path()] = found;
    ++templates;
  }
  if (templates == 0)
    result.errors.push_back({ErrorCode::Config, parameter_paths.front(), 0, 0, 0, 0,
                             "--parameters: name the ARM template or Bicep file the values are for on the command line"});
  return pairs;
}

// Frees a template's expression trees, keeping what the later phases read: its identity, the
// comments (suppressions) and the problems.
void slim_template(model::Template& t) {
  t.parameters = {};
  t.variables = {};
  t.resources = {};
  t.modules = {};
  t.outputs = {};
  t.functions = {};
  t.parameter_values = {};
  t.using_target = nullptr;
}

ReadLimits read_limits(const AnalysisOptions& options, const RuleSettings& settings) {
  ReadLimits limits = options.read;
  if (settings.limits.max_file_bytes) limits.max_file_bytes = *settings.limits.max_file_bytes;
  return limits;
}

parse::ParseOptions parse_options(const AnalysisOptions& options, const RuleSettings& settings) {
  parse::ParseOptions parse = options.parse;
  if (settings.limits.parse_time_budget_ms) parse.time_budget = std::chrono::milliseconds(*settings.limits.parse_time_budget_ms);
  if (settings.limits.max_nesting_depth) parse.max_nesting_depth = static_cast<std::uint32_t>(*settings.limits.max_nesting_depth);
  return parse;
}

// Records how long each phase took and tells the progress line which one runs now.
class PhaseClock {
 public:
  PhaseClock(AnalysisStats& stats, AnalysisProgress* progress) : stats_(stats), progress_(progress) {}
  void next(const char* finished, AnalysisProgress::Phase now) {
    auto time = std::chrono::steady_clock::now();
    stats_.phases.push_back({finished, std::chrono::duration_cast<std::chrono::milliseconds>(time - last_), resident_memory_bytes()});
    last_ = time;
    if (progress_) progress_->phase = now;
  }

 private:
  AnalysisStats& stats_;
  AnalysisProgress* progress_;
  std::chrono::steady_clock::time_point last_ = std::chrono::steady_clock::now();
};

}  // namespace

AnalysisResult Analyzer::analyze(const AnalysisOptions& options) const {
  auto started = std::chrono::steady_clock::now();
  AnalysisResult result;
  PhaseClock clock(result.stats, options.progress);
  result.errors = load_errors_;

  std::vector<std::string> paths = options.paths.empty() ? std::vector<std::string>{"."} : options.paths;
  std::vector<DiscoveredFile> discovered = discover_files(paths, DiscoveryOptions{}, result.errors);
  add_neighbours(discovered);
  std::vector<std::string> parameter_paths;
  for (const std::string& given : options.parameter_files) {
    std::string path = fs::path(given).lexically_normal().string();
    parameter_paths.push_back(path);
    if (std::none_of(discovered.begin(), discovered.end(), [&](const DiscoveredFile& d) { return fs::path(d.path).lexically_normal() == path; }))
      discovered.push_back({path, kind_from_path(path), false});
  }
  for (const auto& overlay : options.overlays) {
    const std::string& path = overlay.first;  // not a structured binding: clang 14 cannot capture one in a lambda
    if (std::none_of(discovered.begin(), discovered.end(), [&](const DiscoveredFile& d) { return d.path == path; }))
      discovered.push_back({path, kind_from_path(path), true});
  }

  // Each file's configuration decides whether it is excluded; one that does not load stops the run
  // (analysing with half of it would mislead).
  ConfigScopes scopes(options.settings, options.nearest_config, rules_);
  std::erase_if(discovered, [&](const DiscoveredFile& d) {
    const RuleSettings& settings = scopes.for_file(d.path, result.errors);
    return path_excluded(d.path, settings.exclude_globs, settings.exclude_root);
  });
  result.stats.config_files = scopes.used();
  if (scopes.failed()) {
    std::stable_sort(result.errors.begin(), result.errors.end(), [](const ToolError& a, const ToolError& b) {
      return std::tie(a.file, a.line, a.column) < std::tie(b.file, b.line, b.column);
    });
    return result;
  }

  clock.next("discover", AnalysisProgress::Reading);
  if (options.progress) options.progress->files_total = discovered.size();
  unsigned jobs = options.jobs ? options.jobs : std::max(1u, std::thread::hardware_concurrency());
  // Read the files on all workers, then keep them in discovery order, so FileIds are deterministic.
  {
    struct Read {
      ReadLimits limits;
      std::optional<std::pair<std::string, FileKind>> file;
      std::vector<ToolError> errors;
    };
    std::vector<Read> reads(discovered.size());
    for (std::size_t i = 0; i < discovered.size(); ++i) reads[i].limits = read_limits(options, scopes.for_file(discovered[i].path, result.errors));
    std::atomic<std::size_t> next_file{0};
    auto reader = [&] {
      for (std::size_t i; (i = next_file.fetch_add(1)) < reads.size();) reads[i].file = load(discovered[i], options, reads[i].limits, reads[i].errors);
    };
    run_on_workers(std::min<std::size_t>(jobs, std::max<std::size_t>(1, reads.size())), reader);
    for (std::size_t i = 0; i < reads.size(); ++i) {
      std::move(reads[i].errors.begin(), reads[i].errors.end(), std::back_inserter(result.errors));
      if (reads[i].file) result.sources.add(discovered[i].path, std::move(reads[i].file->first), reads[i].file->second);
    }
  }

  std::map<std::string, std::vector<std::string>> parameter_files = pair_parameter_files(discovered, parameter_paths, result);

  clock.next("read", AnalysisProgress::Parsing);
  // Parse and lower in parallel: files are independent until the graph is built.
  const std::size_t file_count = result.sources.size();
  result.templates.resize(file_count);
  std::vector<parse::ParseOptions> parse_options_of_file;  // each file's configuration may change its limits
  for (const auto& source : result.sources.files()) parse_options_of_file.push_back(parse_options(options, scopes.for_file(source->path(), result.errors)));
  jobs = static_cast<unsigned>(std::min<std::size_t>(jobs, std::max<std::size_t>(1, file_count)));
  std::atomic<std::size_t> next{0};
  auto worker = [&] {
    WorkerParsers parsers;
    for (std::size_t i; (i = next.fetch_add(1)) < file_count;) {
      const SourceFile& file = *result.sources.files()[i];
      result.templates[i] = parse_file(file, parsers, parse_options_of_file[i]);
      if (options.progress) options.progress->files_done += 1;
    }
  };
  run_on_workers(jobs, worker);

  std::vector<const model::Template*> templates;
  for (std::size_t i = 0; i < file_count; ++i) {
    const SourceFile& file = *result.sources.files()[i];
    if (!result.templates[i]) continue;
    add_problems(*result.templates[i], file, result.errors);
    std::string language = language_name(result.templates[i]->language);
    result.stats.files_by_language[language] += 1;
    result.stats.bytes_by_language[language] += file.text().size();
    templates.push_back(result.templates[i].get());
  }

  clock.next("parse", AnalysisProgress::Building);
  // Build the graph; local modules outside the given paths are read on demand.
  WorkerParsers module_parsers;
  graph::BuildInput input;
  input.templates = templates;
  input.azurerm = azurerm_ ? &*azurerm_ : nullptr;
  // Loops and modules span files: their limits come from the configuration of the first path.
  const LimitSettings& run_limits = scopes.for_file(paths.front() + "/.", result.errors).limits;
  input.limits = options.eval;
  if (run_limits.max_loop_items) input.limits.max_loop_items = *run_limits.max_loop_items;
  input.max_module_depth = run_limits.max_module_depth.value_or(options.max_module_depth);
  input.max_module_instances = run_limits.max_module_instances.value_or(options.max_module_instances);
  input.parameter_files = std::move(parameter_files);
  // Root units are evaluated on several threads; a module file read on demand adds a source and a
  // template while others read sources: readers share the lock, the loader takes it alone.
  std::shared_mutex sources_lock;
  input.jobs = jobs;
  input.text_of = [&](model::Range range) -> std::string_view {
    std::shared_lock lock(sources_lock);
    const SourceFile* file = result.sources.file(range.file);
    if (!file || range.end > file->text().size() || range.end < range.begin) return {};
    return std::string_view(file->text()).substr(range.begin, range.end - range.begin);
  };
  std::set<std::string> missing_modules;
  input.load_file = [&](const std::string& path) -> const model::Template* {
    std::unique_lock lock(sources_lock);
    if (const SourceFile* known = result.sources.find(path)) {
      // The first templates are indexed by FileId; later ones were loaded on demand.
      if (known->id() < file_count) return result.templates[known->id()].get();
      for (const auto& t : result.templates)
        if (t && t->file == known->id()) return t.get();
      return nullptr;
    }
    DiscoveredFile d{path, kind_from_path(path), false};
    const RuleSettings& settings = scopes.for_file(path, result.errors);
    // A module file that is not there leaves the module unknown (a boundary, like a registry
    // module): said once, as a warning, since nothing that was asked for went unchecked.
    std::error_code ec;
    if (!options.overlays.count(path) && !fs::exists(path, ec)) {
      if (missing_modules.insert(path).second)
        result.errors.push_back({ErrorCode::Io, path, 0, 0, 0, 0, "a local module names this file, which does not exist; the module is not analysed",
                                 true});
      return nullptr;
    }
    auto loaded = load(d, options, read_limits(options, settings), result.errors);
    if (!loaded) return nullptr;
    const SourceFile& file = result.sources.add(path, std::move(loaded->first), loaded->second);
    auto parsed = parse_file(file, module_parsers, parse_options(options, settings));
    if (!parsed) return nullptr;
    add_problems(*parsed, file, result.errors);
    result.templates.push_back(std::move(parsed));
    return result.templates.back().get();
  };
  // A .bicepparam file brings the template its `using` names even when that was not asked for
  // (pre-commit passes only the staged file): its values mean something only with the template.
  for (std::size_t i = 0; i < file_count; ++i) {
    const model::Template* t = result.templates[i].get();
    if (!t || t->language != model::Language::BicepParams || !t->using_target || t->using_target->kind != model::ExprKind::String) continue;
    if (std::find(parameter_paths.begin(), parameter_paths.end(), fs::path(t->path).lexically_normal().string()) != parameter_paths.end())
      continue;  // named by --parameters for the templates on the command line
    const std::string& target_text = t->using_target->text;
    if (target_text.find(':') != std::string::npos || !iends_with(target_text, ".bicep")) continue;  // a registry template
    std::string target = (fs::path(t->path).parent_path() / target_text).lexically_normal().string();
    if (result.sources.find(target)) continue;
    if (const model::Template* loaded = input.load_file(target)) input.templates.push_back(loaded);
  }
  if (options.release_models) {
    // Memory: a root unit's files are freed as soon as its nodes are built, not after the whole
    // graph, so that the trees of all files and the whole graph are never held at once.
    // No lock: slimming leaves the fields others may read meanwhile (file, path) untouched, and
    // the builder releases only a template no other unit was given.
    input.release_model = [&](const model::Template& t) {
      slim_template(const_cast<model::Template&>(t));  // the builder hands back what it was given
    };
    input.reload_file = [&](const std::string& path) -> const model::Template* {
      std::unique_lock lock(sources_lock);
      const SourceFile* file = result.sources.find(path);
      if (!file) return nullptr;
      auto parsed = parse_file(*file, module_parsers, parse_options(options, scopes.for_file(path, result.errors)));
      if (!parsed) return nullptr;  // its problems were reported when it was first parsed
      result.templates.push_back(std::move(parsed));
      return result.templates.back().get();
    };
  }
  result.graph = graph::build_graph(input, result.errors);
  result.stats.resources = result.graph.nodes().size();
  // The expression trees are no longer needed once the graph holds the evaluated values; only
  // comments and problems are kept (memory: the trees are a large part of a big run). The language
  // server frees the whole result after publishing instead: freeing here would delay the diagnostics.
  if (options.release_models)
    for (auto& t : result.templates)
      if (t) slim_template(*t);

  clock.next("graph", AnalysisProgress::Checking);
  // Run the rules, once for each configuration that governs some file; each run keeps the
  // findings in the files its configuration governs.
  std::vector<const RuleSettings*> settings_of_file(result.sources.size(), nullptr);
  std::vector<const RuleSettings*> groups;
  for (const auto& source : result.sources.files()) {
    const RuleSettings* settings = &scopes.for_file(source->path(), result.errors);
    settings_of_file[source->id()] = settings;
    if (std::find(groups.begin(), groups.end(), settings) == groups.end()) groups.push_back(settings);
  }
  if (groups.empty()) groups.push_back(&options.settings);
  auto owner = [&](FileId file) { return file < settings_of_file.size() ? settings_of_file[file] : groups.front(); };
  std::map<const RuleSettings*, std::set<std::string>> rules_run;
  struct RuleTask {
    const RuleSettings* settings;
    std::unique_ptr<rules::Rule> configured;  // the rule with its configured severity/options, if any
    const rules::Rule* rule;
    rules::RuleRun run;
    std::chrono::milliseconds time{0};
  };
  std::vector<RuleTask> tasks;
  for (const RuleSettings* settings : groups) {
    for (const auto& loaded_rule : rules_) {
      if (!rule_selected(loaded_rule->id, options.rule_ids, *settings)) continue;  // --rule, or disabled in .erlint.yaml
      std::unique_ptr<rules::Rule> configured = configured_rule(*loaded_rule, *settings);
      const rules::Rule* rule = configured ? configured.get() : loaded_rule.get();
      rules_run[settings].insert(rule->id);
      tasks.push_back({settings, std::move(configured), rule, {}});
    }
  }
  // Rules only read the graph: run them on all workers, and join their results in rule order.
  std::atomic<std::size_t> next_task{0};
  auto rule_worker = [&] {
    for (std::size_t i; (i = next_task.fetch_add(1)) < tasks.size();) {
      auto started_rule = std::chrono::steady_clock::now();
      tasks[i].run = rules::run_rule(*tasks[i].rule, result.graph);
      tasks[i].time = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started_rule);
    }
  };
  run_on_workers(std::min<std::size_t>(jobs, std::max<std::size_t>(1, tasks.size())), rule_worker);
  std::vector<rules::Finding> findings;
  for (RuleTask& task : tasks) {
    result.stats.checked_by_rule[task.rule->id] += task.run.resources_checked;
    result.stats.time_by_rule[task.rule->id] += task.time;
    for (auto& f : task.run.findings)
      if (owner(f.range.file) == task.settings) findings.push_back(std::move(f));
    for (auto& u : task.run.undecided) {
      if (owner(u.range.file) != task.settings) continue;
      ReportedUndecided reported{std::move(u), {}, {}};
      if (const SourceFile* file = result.sources.file(reported.undecided.range.file)) {
        reported.file = file->path();
        reported.start = file->position(reported.undecided.range.begin);
      }
      result.undecided.push_back(std::move(reported));
    }
  }

  clock.next("rules", AnalysisProgress::Checking);
  // Resolve positions, drop duplicates (a module analysed through two callers), apply suppressions.
  std::map<FileId, FileSuppressions> suppressions;
  for (const auto& t : result.templates)
    if (t) suppressions.emplace(t->file, collect_suppressions(*t, *result.sources.file(t->file), result.errors));
  std::set<std::tuple<std::string, FileId, std::uint32_t, std::uint32_t, std::string>> seen;
  for (auto& f : findings) {
    // The same finding reached twice (a module analysed through two callers) is reported once;
    // different resources reported at one place (a followed NSG) differ by their message.
    if (!seen.emplace(f.rule_id, f.range.file, f.range.begin, f.range.end, f.message).second) continue;
    ReportedFinding reported;
    const SourceFile* file = result.sources.file(f.range.file);
    if (file) {
      reported.file = file->path();
      reported.start = file->position(f.range.begin);
      reported.end = file->position(f.range.end);
    }
    reported.finding = std::move(f);
    reported.fingerprint = fingerprint(reported, file);
    reported.fail_on = owner(reported.finding.range.file)->fail_on;
    if (auto it = suppressions.find(reported.finding.range.file); it != suppressions.end()) apply_suppressions(it->second, reported);
    if (!reported.suppressed)
      if (const graph::ResourceNode* node = result.graph.by_key(reported.finding.resource_key))
        for (const std::string& ignore : node->erlint_ignores) {
          auto colon = ignore.find(':');
          if (trim(std::string_view(ignore).substr(0, colon)) == reported.finding.rule_id) {
            reported.suppressed = true;
            reported.suppression_reason = colon == std::string::npos ? "" : std::string(trim(std::string_view(ignore).substr(colon + 1)));
          }
        }
    result.findings.push_back(std::move(reported));
  }
  for (const auto& [file, s] : suppressions) report_unused(s, rules_run[owner(file)], result.errors);

  std::sort(result.findings.begin(), result.findings.end(), [](const ReportedFinding& a, const ReportedFinding& b) {
    return std::tie(a.file, a.start.line, a.start.column, a.finding.rule_id) < std::tie(b.file, b.start.line, b.start.column, b.finding.rule_id);
  });
  std::sort(result.undecided.begin(), result.undecided.end(), [](const ReportedUndecided& a, const ReportedUndecided& b) {
    return std::tie(a.file, a.start.line, a.undecided.rule_id) < std::tie(b.file, b.start.line, b.undecided.rule_id);
  });
  std::stable_sort(result.errors.begin(), result.errors.end(), [](const ToolError& a, const ToolError& b) {
    return std::tie(a.file, a.line, a.column) < std::tie(b.file, b.line, b.column);
  });
  // The same problem met through several callers (a module used by three templates) is said once.
  auto same = [](const ToolError& a, const ToolError& b) {
    return std::tie(a.code, a.file, a.line, a.column, a.message, a.is_warning) == std::tie(b.code, b.file, b.line, b.column, b.message, b.is_warning);
  };
  result.errors.erase(std::unique(result.errors.begin(), result.errors.end(), same), result.errors.end());
  clock.next("findings", AnalysisProgress::Done);
  result.stats.elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started);
  return result;
}

}  // namespace erlint::driver
