// `erlint check [PATH...]`: analyse files and folders, print a report, exit with what happened.
// Also the team-workflow parts around the analysis: .erlint.yaml, baselines, --changed-since for
// pull-request checks, and the progress line.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <sstream>
#include <thread>
#include <tuple>

#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <sys/wait.h>
#include <unistd.h>

#include "cli/commands.hpp"
#include "driver/analysis.hpp"
#include "driver/config.hpp"
#include "driver/fingerprint.hpp"
#include "report/report.hpp"
#include "support/memory.hpp"

#ifndef ERLINT_VERSION
#define ERLINT_VERSION "0.0.0"
#endif

namespace erlint::cli {

namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

constexpr const char* kCheckHelp = R"(Usage: erlint check [OPTIONS] [PATH...]

Lints Bicep, ARM JSON and Terraform files against the ExpressRoute security baseline.
PATH may be files or folders (default: the current folder); files may be given by the hundreds.

Options:
  --format FORMAT        text (default), json, sarif, github or junit
  --output FILE          write the report to FILE instead of standard output
  --config FILE          read this configuration file for every file (default: each file
                         follows the nearest .erlint.yaml in its folder or above)
  --no-config            do not read any .erlint.yaml
  --parameters FILE      take the parameter values of the templates named on the command line
                         from FILE (an ARM parameters file or a .bicepparam; repeatable)
  --rule ID              run only this rule (repeatable; also runs rules the config disables)
  --rules-dir DIR        load rules from DIR (default: the installed rule pack)
  --fail-on SEVERITY     error, warning (default) or note: the lowest severity that fails the run
  --baseline FILE        report only findings that are not in the baseline FILE
  --write-baseline FILE  write the current findings to FILE as the new baseline
  --changed-since REF    report only findings on lines changed since the git REF
  --explain-unknown      list the checks that could not be decided, and why
  --show-suppressed      list suppressed findings in the text and github reports
  --color WHEN           auto (default), always or never (NO_COLOR is honoured)
  --jobs N               worker threads (default: one per core)
  --quiet                no summary line, no progress line
  --verbose              on standard error: the configuration, the files read, the rules run,
                         and timings
  -h, --help             this help

Exit codes: 0 clean; 1 findings at or above --fail-on, or a file that could not be analysed
(ERR-SYNTAX, ERR-LIMIT, ERR-ENCODING); 2 usage, configuration or I/O error.
)";

// ---------------------------------------------------------------------------------------------
// Progress: on a terminal only, a line on standard error once a run takes longer than a second.

class Progress {
 public:
  Progress(bool enabled, std::chrono::milliseconds after, const driver::AnalysisProgress& state) : state_(state) {
    if (!enabled) return;
    thread_ = std::thread([this, after] { run(after); });
  }
  ~Progress() { stop(); }
  Progress(const Progress&) = delete;
  Progress& operator=(const Progress&) = delete;

  void stop() {
    if (!thread_.joinable()) return;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      done_ = true;
    }
    wake_.notify_all();
    thread_.join();
  }

 private:
  void run(std::chrono::milliseconds after) {
    auto started = Clock::now();
    std::unique_lock<std::mutex> lock(mutex_);
    if (wake_.wait_for(lock, after, [this] { return done_; })) return;
    static constexpr const char* kSpinner[] = {"|", "/", "-", "\\"};
    bool shown = false;
    for (unsigned tick = 0; !done_; ++tick) {
      double seconds = std::chrono::duration<double>(Clock::now() - started).count();
      std::string where = describe();
      std::fprintf(stderr, "\r\x1b[Kerlint: %s %s %.1f s", kSpinner[tick % 4], where.c_str(), seconds);
      std::fflush(stderr);
      shown = true;
      wake_.wait_for(lock, std::chrono::milliseconds(100), [this] { return done_; });
    }
    if (shown) {
      std::fputs("\r\x1b[K", stderr);
      std::fflush(stderr);
    }
  }

  std::string describe() const {
    switch (state_.phase.load()) {
      case driver::AnalysisProgress::Discovering: return "finding files";
      case driver::AnalysisProgress::Reading: return fmt::format("reading {} files", state_.files_total.load());
      case driver::AnalysisProgress::Parsing: return fmt::format("parsing {}/{} files", state_.files_done.load(), state_.files_total.load());
      case driver::AnalysisProgress::Building: return "building the resource graph";
      case driver::AnalysisProgress::Checking: return "checking the rules";
      default: return "writing the report";
    }
  }

  const driver::AnalysisProgress& state_;
  std::thread thread_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool done_ = false;
};

// ---------------------------------------------------------------------------------------------
// Paths

fs::path absolute_path(const std::string& path) {
  std::error_code ec;
  return fs::absolute(path, ec).lexically_normal();
}

// The path relative to the current folder when it is below it, else absolute.
std::string display_path(const std::string& path) {
  std::error_code ec;
  fs::path absolute = absolute_path(path);
  fs::path relative = absolute.lexically_relative(fs::current_path(ec));
  if (!ec && !relative.empty() && *relative.begin() != "..") return relative.generic_string();
  return absolute.generic_string();
}

// ---------------------------------------------------------------------------------------------
// --changed-since: the lines `git diff --unified=0 REF` shows as added or changed.

std::string shell_quote(std::string_view text) {
  std::string out = "'";
  for (char c : text) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

// Runs a git command (no shell expansion of the arguments) and returns its standard output.
std::optional<std::string> git_output(const fs::path& dir, const std::vector<std::string>& args, bool quiet_errors) {
  // Repository configuration must not make git run repository code: no fsmonitor hook, no
  // external diff or textconv driver, no pager.
  std::string command = "git -C " + shell_quote(dir.string()) + " -c core.fsmonitor=false -c core.quotepath=off --no-pager";
  for (const auto& a : args) command += " " + shell_quote(a);
  if (quiet_errors) command += " 2>/dev/null";
  FILE* pipe = popen(command.c_str(), "r");
  if (!pipe) return std::nullopt;
  std::string output;
  char buffer[65536];
  for (std::size_t n; (n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0;) output.append(buffer, n);
  int status = pclose(pipe);
  if (status == -1 || !WIFEXITED(status) || WEXITSTATUS(status) != 0) return std::nullopt;
  return output;
}

struct ChangedLines {
  // absolute path -> 1-based inclusive line ranges of added or changed lines
  std::map<std::string, std::vector<std::pair<std::uint32_t, std::uint32_t>>> ranges;
  // absolute path -> lines after which lines were deleted (0: at the top of the file). A deletion
  // has no line of its own: it counts for the declaration around it.
  std::map<std::string, std::vector<std::uint32_t>> deletions;
  std::set<std::string> whole_files;  // untracked files: every line is new

  bool touches(const std::string& path, std::uint32_t first, std::uint32_t last) const {
    std::string key = absolute_path(path).string();
    if (whole_files.count(key)) return true;
    auto it = ranges.find(key);
    if (it == ranges.end()) return false;
    for (const auto& [begin, end] : it->second)
      if (begin <= last && first <= end) return true;
    return false;
  }
  // True when lines were deleted strictly inside the lines first..last (between two of them).
  bool deleted_within(const std::string& path, std::uint32_t first, std::uint32_t last) const {
    auto it = deletions.find(absolute_path(path).string());
    if (it == deletions.end()) return false;
    for (std::uint32_t after : it->second)
      if (first <= after && after < last) return true;
    return false;
  }
};

// Parses `git diff --unified=0` output: "+++ b/PATH" then "@@ -a,b +c,d @@" hunks.
void parse_unified_diff(std::string_view diff, const fs::path& top, ChangedLines& changed) {
  std::string current;
  std::size_t pos = 0;
  while (pos < diff.size()) {
    std::size_t eol = diff.find('\n', pos);
    std::string_view line = diff.substr(pos, eol == std::string_view::npos ? std::string_view::npos : eol - pos);
    pos = eol == std::string_view::npos ? diff.size() : eol + 1;
    if (line.substr(0, 4) == "+++ ") {
      std::string_view target = line.substr(4);
      if (target.size() >= 2 && target.front() == '"' && target.back() == '"') target = target.substr(1, target.size() - 2);
      current = target.substr(0, 2) == "b/" ? (top / std::string(target.substr(2))).lexically_normal().string() : std::string();
    } else if (line.substr(0, 3) == "@@ " && !current.empty()) {
      std::size_t plus = line.find(" +");
      if (plus == std::string_view::npos) continue;
      unsigned long start = 0, count = 1;
      std::string numbers(line.substr(plus + 2));
      char* end = nullptr;
      start = std::strtoul(numbers.c_str(), &end, 10);
      if (end && *end == ',') count = std::strtoul(end + 1, nullptr, 10);
      if (count > 0)
        changed.ranges[current].emplace_back(static_cast<std::uint32_t>(start), static_cast<std::uint32_t>(start + count - 1));
      else  // "+c,0": lines deleted after line c
        changed.deletions[current].push_back(static_cast<std::uint32_t>(start));
    }
  }
}

// Collects the changed lines of every repository the findings' files are in. Error text on failure.
std::optional<std::string> changed_lines_since(const std::string& ref, const std::vector<std::string>& files, ChangedLines& changed) {
  if (ref.empty() || ref.front() == '-') return fmt::format("--changed-since takes a git revision, not '{}'", ref);
  std::map<std::string, std::string> top_of_dir;
  std::set<std::string> tops;
  for (const auto& file : files) {
    std::string dir = absolute_path(file).parent_path().string();
    if (top_of_dir.count(dir)) continue;
    auto top = git_output(dir, {"rev-parse", "--show-toplevel"}, true);
    if (!top) return fmt::format("--changed-since: '{}' is not in a git repository", display_path(dir));
    while (!top->empty() && (top->back() == '\n' || top->back() == '\r')) top->pop_back();
    top_of_dir[dir] = *top;
    tops.insert(*top);
  }
  for (const auto& top : tops) {
    auto diff = git_output(top, {"diff", "--no-ext-diff", "--no-textconv", "--no-color", "--unified=0", "--src-prefix=a/", "--dst-prefix=b/", ref, "--"},
                           false);
    if (!diff) return fmt::format("--changed-since: 'git diff {}' failed in {}", ref, top);
    parse_unified_diff(*diff, top, changed);
    if (auto untracked = git_output(top, {"ls-files", "--others", "--exclude-standard", "-z"}, true)) {
      std::string_view rest = *untracked;
      while (!rest.empty()) {
        std::size_t nul = rest.find('\0');
        std::string_view name = rest.substr(0, nul);
        if (!name.empty()) changed.whole_files.insert((fs::path(top) / std::string(name)).lexically_normal().string());
        if (nul == std::string_view::npos) break;
        rest.remove_prefix(nul + 1);
      }
    }
  }
  return std::nullopt;
}

// ---------------------------------------------------------------------------------------------
// Baselines: a JSON file of accepted findings, matched by fingerprint (which survives moved lines
// and reformatting).

struct BaselineEntry {
  std::string rule, fingerprint;
};

std::optional<std::string> read_baseline(const std::string& path, std::vector<BaselineEntry>& entries) {
  std::ifstream in(path);
  if (!in) return fmt::format("cannot read the baseline '{}'", path);
  try {
    nlohmann::json doc = nlohmann::json::parse(in);
    if (!doc.is_object() || !doc.contains("findings") || !doc["findings"].is_array())
      return fmt::format("'{}' is not an erlint baseline (no \"findings\" list)", path);
    for (const auto& item : doc["findings"]) {
      if (!item.is_object() || !item.contains("rule") || !item.contains("fingerprint") || !item["rule"].is_string() || !item["fingerprint"].is_string())
        return fmt::format("'{}': every baseline entry needs \"rule\" and \"fingerprint\"", path);
      entries.push_back({item["rule"].get<std::string>(), item["fingerprint"].get<std::string>()});
    }
  } catch (const nlohmann::json::exception& e) {
    return fmt::format("'{}' is not valid JSON: {}", path, e.what());
  }
  return std::nullopt;
}

bool write_baseline(const std::string& path, const driver::AnalysisResult& result) {
  nlohmann::ordered_json doc;
  doc["version"] = 1;
  doc["tool"] = fmt::format("erlint {}", ERLINT_VERSION);
  doc["findings"] = nlohmann::ordered_json::array();
  for (const auto& f : result.findings) {
    if (f.suppressed) continue;
    doc["findings"].push_back({{"rule", f.finding.rule_id}, {"file", f.file}, {"fingerprint", f.fingerprint}, {"message", f.finding.message}});
  }
  std::ofstream out(path);
  if (!out) return false;
  out << doc.dump(2) << "\n";
  return static_cast<bool>(out);
}

// Removes the unsuppressed findings the baseline accounts for (each entry matches one finding).
std::size_t apply_baseline(const std::vector<BaselineEntry>& entries, driver::AnalysisResult& result) {
  std::map<std::pair<std::string, std::string>, std::size_t> remaining;
  for (const auto& e : entries) remaining[{e.rule, e.fingerprint}] += 1;
  std::size_t matched = 0;
  std::erase_if(result.findings, [&](const driver::ReportedFinding& f) {
    if (f.suppressed) return false;
    auto it = remaining.find({f.finding.rule_id, f.fingerprint});
    if (it == remaining.end() || it->second == 0) return false;
    --it->second;
    ++matched;
    return true;
  });
  return matched;
}

std::optional<std::string> value(const std::vector<std::string>& args, std::size_t& i) {
  if (i + 1 >= args.size()) {
    std::cerr << fmt::format("erlint: {} needs a value\n", args[i]);
    return std::nullopt;
  }
  return args[++i];
}

}  // namespace

int run_check(const std::vector<std::string>& args) {
  auto started = Clock::now();
  use_memory_profile(MemoryProfile::Batch);
  driver::AnalysisOptions options;
  std::string format = "text", output, rules_dir, color = "auto", config_path, baseline_path, write_baseline_path, changed_since;
  bool no_config = false, verbose = false;
  std::optional<rules::Severity> fail_on_flag;
  report::ReportOptions report_options;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (a == "-h" || a == "--help") {
      std::cout << kCheckHelp;
      return kExitClean;
    }
    if (a == "--explain-unknown") {
      report_options.explain_unknown = true;
    } else if (a == "--controls") {
      report_options.controls_summary = true;
    } else if (a == "--show-suppressed") {
      report_options.show_suppressed = true;
    } else if (a == "--quiet" || a == "-q") {
      report_options.quiet = true;
    } else if (a == "--verbose" || a == "-v") {
      verbose = true;
    } else if (a == "--no-config") {
      no_config = true;
    } else if (a == "--format" || a == "--output" || a == "--rule" || a == "--rules-dir" || a == "--fail-on" || a == "--color" || a == "--jobs" ||
               a == "--config" || a == "--baseline" || a == "--write-baseline" || a == "--changed-since" || a == "--parameters") {
      auto v = value(args, i);
      if (!v) return kExitUsage;
      if (a == "--format") {
        format = *v;
        if (format != "text" && format != "json" && format != "sarif" && format != "github" && format != "junit") {
          std::cerr << fmt::format("erlint: unknown format '{}' (text, json, sarif, github or junit)\n", format);
          return kExitUsage;
        }
      } else if (a == "--output") {
        output = *v;
      } else if (a == "--rule") {
        options.rule_ids.push_back(*v);
      } else if (a == "--rules-dir") {
        rules_dir = *v;
      } else if (a == "--fail-on") {
        fail_on_flag = rules::parse_severity(*v);
        if (!fail_on_flag) {
          std::cerr << fmt::format("erlint: --fail-on takes error, warning or note, not '{}'\n", *v);
          return kExitUsage;
        }
      } else if (a == "--color") {
        color = *v;
        if (color != "auto" && color != "always" && color != "never") {
          std::cerr << "erlint: --color takes auto, always or never\n";
          return kExitUsage;
        }
      } else if (a == "--jobs") {
        try {
          options.jobs = static_cast<unsigned>(std::stoul(*v));
        } catch (...) {
          std::cerr << "erlint: --jobs takes a number\n";
          return kExitUsage;
        }
      } else if (a == "--config") {
        config_path = *v;
      } else if (a == "--baseline") {
        baseline_path = *v;
      } else if (a == "--write-baseline") {
        write_baseline_path = *v;
      } else if (a == "--changed-since") {
        changed_since = *v;
      } else if (a == "--parameters") {
        options.parameter_files.push_back(*v);
      }
    } else if (a.size() > 1 && a[0] == '-' && a != "-") {
      std::cerr << fmt::format("erlint: unknown option '{}' (see erlint check --help)\n", a);
      return kExitUsage;
    } else {
      options.paths.push_back(a);
    }
  }
  if (no_config && !config_path.empty()) {
    std::cerr << "erlint: --config and --no-config exclude each other\n";
    return kExitUsage;
  }
  auto log = [&](const std::string& line) {
    if (verbose) std::cerr << "erlint: " << line << "\n";
  };

  driver::Analyzer analyzer(rules_dir.empty() ? driver::default_rules_dir() : rules_dir);
  log(fmt::format("rules from {} ({} rules)", analyzer.rules_dir(), analyzer.rules().size()));
  for (const auto& id : options.rule_ids)
    if (!analyzer.rule(id)) {
      std::cerr << fmt::format("erlint: no rule '{}' (see erlint rules)\n", id);
      return kExitUsage;
    }

  // The configuration: --config for every file, or else each file's nearest .erlint.yaml (read by
  // the analysis, which stops on a configuration that does not load).
  std::vector<ToolError> config_errors;
  if (!config_path.empty()) {
    if (!fs::is_regular_file(config_path)) {
      config_errors.push_back({ErrorCode::Config, config_path, 0, 0, 0, 0, "no such configuration file"});
    } else if (auto config = driver::load_config(config_path, config_errors)) {
      driver::apply_config(*config, analyzer.rules(), options.settings, config_errors);
      log(fmt::format("configuration {} (for every file)", config_path));
    }
  } else {
    options.nearest_config = !no_config;
  }

  std::vector<BaselineEntry> baseline;
  if (!baseline_path.empty()) {
    if (auto problem = read_baseline(baseline_path, baseline)) {
      std::cerr << "erlint: " << *problem << "\n";
      return kExitUsage;
    }
    log(fmt::format("baseline {} ({} findings)", baseline_path, baseline.size()));
  }

  std::ofstream file;
  if (!output.empty()) {
    file.open(output);
    if (!file) {
      std::cerr << fmt::format("erlint: cannot write '{}'\n", output);
      return kExitUsage;
    }
  }
  std::ostream& out = output.empty() ? std::cout : file;
  bool terminal = output.empty() && isatty(STDOUT_FILENO);
  report_options.color = color == "always" || (color == "auto" && terminal && !std::getenv("NO_COLOR"));
  report_options.tool_version = ERLINT_VERSION;
  auto write_report = [&](const driver::AnalysisResult& result) {
    if (format == "json") report::write_json(out, result, analyzer, report_options);
    else if (format == "sarif") report::write_sarif(out, result, analyzer, report_options);
    else if (format == "github") report::write_github(out, result, analyzer, report_options);
    else if (format == "junit") report::write_junit(out, result, analyzer, report_options);
    else report::write_text(out, result, analyzer, report_options);
    out.flush();
  };

  // A configuration that does not load stops the run: analysing with half of it would mislead.
  if (!config_errors.empty()) {
    driver::AnalysisResult failed;
    std::stable_sort(config_errors.begin(), config_errors.end(), [](const ToolError& x, const ToolError& y) {
      return std::tie(x.file, x.line, x.column) < std::tie(y.file, y.line, y.column);
    });
    failed.errors = analyzer.load_errors();
    failed.errors.insert(failed.errors.end(), config_errors.begin(), config_errors.end());
    write_report(failed);
    return kExitUsage;
  }

  // The analysis, with a progress line on a terminal when it takes a while.
  auto analysis_started = Clock::now();
  std::chrono::milliseconds progress_after{1000};
  if (const char* env = std::getenv("ERLINT_PROGRESS_AFTER_MS"); env && *env) progress_after = std::chrono::milliseconds(std::atol(env));
  driver::AnalysisProgress progress_state;
  options.progress = &progress_state;
  Progress progress(!report_options.quiet && isatty(STDERR_FILENO) && !std::getenv("CI"), progress_after, progress_state);
  driver::AnalysisResult result = analyzer.analyze(options);
  progress.stop();
  auto analysis_ms = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - analysis_started).count();

  // Fingerprints hash the file's path: make it the path relative to the current folder (as the
  // SARIF URIs are), so that `erlint check .` and `erlint check $PWD` agree.
  for (auto& f : result.findings) {
    std::string relative = display_path(f.file);
    if (relative == f.file) continue;
    driver::ReportedFinding copy = f;
    copy.file = relative;
    f.fingerprint = driver::fingerprint(copy, result.sources.file(f.finding.range.file));
  }

  if (verbose) {
    if (options.nearest_config && result.stats.config_files.empty()) log("no .erlint.yaml found: the defaults apply");
    for (const auto& config : result.stats.config_files) log(fmt::format("configuration {}", config));
    for (const auto& source : result.sources.files())
      log(fmt::format("read {} ({}, {} bytes)", source->path(), file_kind_name(source->kind()), source->text().size()));
    for (const auto& entry : result.stats.checked_by_rule) {
      const std::string& id = entry.first;  // not a structured binding: clang 14 cannot capture one in a lambda
      const std::size_t checked = entry.second;
      std::size_t found = std::count_if(result.findings.begin(), result.findings.end(), [&](const auto& f) { return f.finding.rule_id == id; });
      auto time = result.stats.time_by_rule.count(id) ? result.stats.time_by_rule.at(id).count() : 0;
      log(fmt::format("rule {}: {} resource{} checked, {} finding{}, {} ms", id, checked, checked == 1 ? "" : "s", found, found == 1 ? "" : "s", time));
    }
  }

  if (!write_baseline_path.empty()) {
    if (!write_baseline(write_baseline_path, result)) {
      std::cerr << fmt::format("erlint: cannot write the baseline '{}'\n", write_baseline_path);
      return kExitUsage;
    }
    // The findings just written are accepted: this run matches them.
    std::vector<BaselineEntry> written;
    read_baseline(write_baseline_path, written);
    baseline.insert(baseline.end(), written.begin(), written.end());
    if (baseline_path.empty()) baseline_path = write_baseline_path;
    log(fmt::format("baseline written to {} ({} findings)", write_baseline_path, written.size()));
  }
  if (!baseline_path.empty()) report_options.baseline_matched = apply_baseline(baseline, result);

  if (!changed_since.empty()) {
    // The repositories of the analysed paths (so that a bad REF is an error even without
    // findings) and of every file a finding is in.
    std::vector<std::string> files;
    for (const auto& path : options.paths.empty() ? std::vector<std::string>{"."} : options.paths)
      files.push_back(fs::is_directory(path) ? (fs::path(path) / ".").string() : path);
    for (const auto& f : result.findings) files.push_back(f.file);
    ChangedLines changed;
    if (auto problem = changed_lines_since(changed_since, files, changed)) {
      std::cerr << "erlint: " << *problem << "\n";
      return kExitUsage;
    }
    // A finding is new when its own lines changed, or when lines were deleted inside the
    // declaration of the resource it is about (removing a setting makes a finding elsewhere).
    auto declaration_lines = [&](const driver::ReportedFinding& f) -> std::optional<std::pair<std::uint32_t, std::uint32_t>> {
      const graph::ResourceNode* node = result.graph.by_key(f.finding.resource_key);
      if (!node || node->range.file != f.finding.range.file) return std::nullopt;
      const SourceFile* source = result.sources.file(node->range.file);
      if (!source) return std::nullopt;
      return std::make_pair(source->position(node->range.begin).line, source->position(node->range.end).line);
    };
    std::size_t before = result.findings.size();
    std::erase_if(result.findings, [&](const driver::ReportedFinding& f) {
      if (changed.touches(f.file, f.start.line, std::max(f.start.line, f.end.line))) return false;
      auto declaration = declaration_lines(f);
      return !(declaration && changed.deleted_within(f.file, declaration->first, declaration->second));
    });
    report_options.changed_since = changed_since;
    report_options.unchanged_hidden = before - result.findings.size();
  }

  auto report_started = Clock::now();
  write_report(result);
  if (verbose) {
    auto report_ms = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - report_started).count();
    auto total_ms = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - started).count();
    std::vector<std::string> phases;
    for (const auto& phase : result.stats.phases)
      phases.push_back(fmt::format("{} {} ms {} MB", phase.name, phase.time.count(), phase.resident_bytes >> 20));
    log(fmt::format("{} files, {} resources; analysis {} ms ({}), report {} ms, total {} ms, peak memory {} MB", result.sources.size(),
                    result.stats.resources, analysis_ms, fmt::join(phases, ", "), report_ms, total_ms, peak_resident_memory_bytes() >> 20));
  }

  bool config_or_io = false, unanalysed = false;
  for (const auto& e : result.errors) {
    if (e.is_warning) continue;
    if (e.code == ErrorCode::Config || e.code == ErrorCode::Io) config_or_io = true;
    else unanalysed = true;
  }
  if (config_or_io) return kExitUsage;
  // --fail-on, else the fail_on of the configuration that governs the finding's file.
  for (const auto& f : result.findings) {
    rules::Severity fail_on = fail_on_flag ? *fail_on_flag : f.fail_on.value_or(options.settings.fail_on.value_or(rules::Severity::Warning));
    if (!f.suppressed && static_cast<int>(f.finding.severity) >= static_cast<int>(fail_on)) return kExitFindings;
  }
  return unanalysed ? kExitFindings : kExitClean;
}

}  // namespace erlint::cli
