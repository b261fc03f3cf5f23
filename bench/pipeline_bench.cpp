// Benchmark (not a test): runs erlint's pipeline over a folder (default ../shared/corpus) and
// prints, per language, files, MB, parse-only MB/s (one core), full-pipeline MB/s, and the peak
// memory of the process. Usage: pipeline_bench [FOLDER] [--jobs N]
#include <sys/resource.h>

#include <chrono>
#include <filesystem>
#include <iostream>
#include <map>
#include <thread>

#include <fmt/format.h>

#include "driver/analysis.hpp"
#include "parse/arm/arm_frontend.hpp"
#include "parse/bicep/bicep_frontend.hpp"
#include "parse/terraform/terraform_frontend.hpp"
#include "source/workspace.hpp"
#include "support/memory.hpp"

using namespace erlint;
using Clock = std::chrono::steady_clock;

namespace {

std::string language_of(FileKind kind) {
  switch (kind) {
    case FileKind::Bicep:
    case FileKind::BicepParams: return "bicep";
    case FileKind::Terraform:
    case FileKind::TerraformVars: return "terraform";
    case FileKind::ArmTemplate:
    case FileKind::ArmParameters: return "arm";
    case FileKind::Unknown: break;
  }
  return "";
}

double seconds_since(Clock::time_point start) { return std::chrono::duration<double>(Clock::now() - start).count(); }

long peak_rss_mb() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_maxrss / 1024;
}

}  // namespace

int main(int argc, char** argv) {
  erlint::use_memory_profile(erlint::MemoryProfile::Batch);  // as `erlint check`
  std::string folder = "../shared/corpus";
  unsigned jobs = 0;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--jobs" && i + 1 < argc) jobs = static_cast<unsigned>(std::stoul(argv[++i]));
    else folder = a;
  }
  if (!std::filesystem::is_directory(folder)) {
    std::cerr << "no folder " << folder << " (give the corpus folder as the first argument)\n";
    return 2;
  }

  // Read everything once, then time parsing alone, per language, on one core.
  std::vector<ToolError> errors;
  SourceManager sources;
  for (const auto& d : discover_files({folder}, DiscoveryOptions{}, errors)) {
    auto text = read_source_file(d.path, ReadLimits{}, errors);
    if (!text) continue;
    FileKind kind = d.kind == FileKind::Unknown ? kind_from_json_content(*text) : d.kind;
    if (kind == FileKind::Unknown) continue;
    sources.add(d.path, std::move(*text), kind);
  }
  struct Totals {
    std::size_t files = 0, bytes = 0;
    double parse_seconds = 0, full_seconds = 0;
    std::vector<std::string> paths;
  };
  std::map<std::string, Totals> by_language;
  syntax::Parser bicep(syntax::Grammar::Bicep), hcl(syntax::Grammar::Hcl);
  parse::ParseOptions options;
  for (const auto& file : sources.files()) {
    Totals& t = by_language[language_of(file->kind())];
    t.files += 1;
    t.bytes += file->text().size();
    t.paths.push_back(file->path());
    auto start = Clock::now();
    switch (file->kind()) {
      case FileKind::Bicep:
      case FileKind::BicepParams: (void)parse::parse_bicep_file(*file, bicep, options); break;
      case FileKind::Terraform:
      case FileKind::TerraformVars: (void)parse::parse_terraform_file(*file, hcl, options); break;
      default: (void)parse::parse_arm_file(*file, options); break;
    }
    t.parse_seconds += seconds_since(start);
  }

  // The full pipeline (read, parse, evaluate, graph, rules, suppressions), per language and whole.
  driver::Analyzer analyzer(driver::default_rules_dir());
  for (auto& [language, t] : by_language) {
    driver::AnalysisOptions run;
    run.paths = t.paths;
    run.jobs = 1;
    auto start = Clock::now();
    auto result = analyzer.analyze(run);
    t.full_seconds = seconds_since(start);
  }
  driver::AnalysisOptions whole;
  whole.paths = {folder};
  whole.jobs = jobs;
  auto start = Clock::now();
  std::clock_t cpu_start = std::clock();
  auto result = analyzer.analyze(whole);
  double wall = seconds_since(start);
  double cpu = static_cast<double>(std::clock() - cpu_start) / CLOCKS_PER_SEC;

  std::cout << fmt::format("{:<10} {:>7} {:>8} {:>16} {:>18} {:>8}\n", "language", "files", "MB", "parse MB/s (1c)", "pipeline MB/s (1c)", "ratio");
  std::size_t total_bytes = 0;
  for (const auto& [language, t] : by_language) {
    double mb = static_cast<double>(t.bytes) / 1e6;
    total_bytes += t.bytes;
    std::cout << fmt::format("{:<10} {:>7} {:>8.1f} {:>16.1f} {:>18.1f} {:>8.2f}\n", language, t.files, mb, mb / t.parse_seconds,
                             mb / t.full_seconds, t.parse_seconds / t.full_seconds);
  }
  std::cout << fmt::format("whole folder: {:.1f} MB in {:.2f} s wall, {:.2f} s CPU ({} jobs), {:.1f} MB/s; {} findings, {} tool diagnostics\n",
                           static_cast<double>(total_bytes) / 1e6, wall, cpu, jobs ? jobs : std::thread::hardware_concurrency(),
                           static_cast<double>(total_bytes) / 1e6 / wall, result.findings.size(), result.errors.size());
  std::cout << fmt::format("peak memory: {} MB\n", peak_rss_mb());
  return 0;
}
