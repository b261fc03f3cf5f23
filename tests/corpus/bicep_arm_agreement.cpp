// Measures how well the Bicep and ARM front ends agree: the corpus holds Bicep files beside the
// ARM JSON the Bicep compiler produced from them (AVM modules: main.bicep + main.json; compiler
// baselines: main.bicep + main.json). For each pair, both graphs are built and their resources
// compared by type and resolved name. Prints the figures (and with --list each pair that differs,
// other than by registry modules); fails only on a crash or when fewer than the given share of
// resources agree.
#include <algorithm>
#include <filesystem>
#include <iostream>
#include <map>

#include <fmt/format.h>

#include "driver/analysis.hpp"
#include "support/strings.hpp"

using namespace erlint;
namespace fs = std::filesystem;

namespace {

using Signature = std::map<std::string, int>;  // "type|name" -> count

// The resources of one side of a pair, by "type|name", with what explains a difference: on the
// Bicep side, modules from a registry (erlint never downloads them: they stay boundary nodes); on
// the ARM side, resources inside a nested deployment (where the compiler inlines such a module).
struct Side {
  Signature all;
  Signature registry_modules;   // Bicep: Erlint.Template/modules nodes whose source is br:, br/, ts: or ts/
  Signature nested;             // ARM: resources evaluated inside a nested deployment
};

bool is_registry_source(const graph::ResourceNode& node) {
  const model::Value* source = node.body.at_path("properties.source");
  return source && source->is_string() && (starts_with(source->text, "br:") || starts_with(source->text, "br/") || starts_with(source->text, "ts:") ||
                                             starts_with(source->text, "ts/"));
}

Side signature(const driver::Analyzer& analyzer, const std::string& path, std::size_t& resolved, std::size_t& total) {
  driver::AnalysisOptions options;
  options.paths = {path};
  options.rule_ids = {"ER-NS-001"};
  options.jobs = 1;
  driver::AnalysisResult result = analyzer.analyze(options);
  Side side;
  for (const auto& node : result.graph.nodes()) {
    if (node.type == "Erlint.Template/outputs" || node.existing) continue;
    // Deployment resources are how the compiler spells modules; the Bicep side has module calls.
    if (iequals(node.type, "Microsoft.Resources/deployments")) continue;
    ++total;
    if (!node.full_name.empty()) ++resolved;
    std::string key = to_lower(node.type) + "|" + (node.full_name.empty() ? std::string("<unknown>") : to_lower(node.full_name));
    side.all[key] += 1;
    if (iequals(node.type, "Erlint.Template/modules") && is_registry_source(node)) side.registry_modules[key] += 1;
    if (node.key.find('>') != std::string::npos) side.nested[key] += 1;
  }
  return side;
}

// Whether the two sides differ only by registry modules: the Bicep side's extra resources are all
// registry module nodes, and the ARM side's extra resources all come from nested deployments.
bool differ_only_by_registry_modules(const Side& bicep, const Side& arm) {
  if (bicep.registry_modules.empty()) return false;
  for (const auto& [key, count] : bicep.all) {
    int in_arm = arm.all.count(key) ? arm.all.at(key) : 0;
    int extra = count - in_arm;
    if (extra > 0 && (!bicep.registry_modules.count(key) || bicep.registry_modules.at(key) < extra)) return false;
  }
  for (const auto& [key, count] : arm.all) {
    int in_bicep = bicep.all.count(key) ? bicep.all.at(key) : 0;
    int extra = count - in_bicep;
    if (extra > 0 && (!arm.nested.count(key) || arm.nested.at(key) < extra)) return false;
  }
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::cerr << "usage: bicep_arm_agreement RULES_DIR CORPUS_DIR [MIN_AGREEMENT_PERCENT] [--list]\n";
    return 2;
  }
  std::string corpus = argv[2];
  double minimum = argc > 3 ? std::stod(argv[3]) : 0.0;
  bool list = argc > 4 && std::string(argv[4]) == "--list";
  if (!fs::is_directory(corpus)) {
    std::cout << "agreement test skipped: no corpus at " << corpus << "\n0 passed, 0 failed, 1 skipped\n";
    return 0;
  }
  driver::Analyzer analyzer(argv[1]);
  std::size_t pairs = 0, bicep_total = 0, arm_total = 0, agreed = 0, bicep_resolved = 0, arm_resolved = 0, identical_pairs = 0, registry_only_pairs = 0;
  std::error_code ec;
  for (auto it = fs::recursive_directory_iterator(corpus, ec); it != fs::recursive_directory_iterator(); it.increment(ec)) {
    if (ec) break;
    if (!it->is_regular_file() || it->path().filename() != "main.bicep") continue;
    fs::path json = it->path().parent_path() / "main.json";
    if (!fs::exists(json)) continue;
    std::string folder = it->path().parent_path().string();
    if (folder.find("/Invalid") != std::string::npos) continue;
    ++pairs;
    std::size_t bt = 0, at = 0;
    Side bicep = signature(analyzer, it->path().string(), bicep_resolved, bt);
    Side arm = signature(analyzer, json.string(), arm_resolved, at);
    const Signature& b = bicep.all;
    const Signature& a = arm.all;
    bicep_total += bt;
    arm_total += at;
    std::size_t common = 0;
    for (const auto& [key, count] : b)
      if (auto found = a.find(key); found != a.end()) common += static_cast<std::size_t>(std::min(count, found->second));
    agreed += common;
    if (common == bt && common == at) {
      ++identical_pairs;
    } else if (differ_only_by_registry_modules(bicep, arm)) {
      ++registry_only_pairs;
    } else if (list) {
      std::cout << "DIFF " << folder << "\n";
      for (const auto& [key, count] : b)
        if (!a.count(key)) std::cout << "  bicep only: " << key << " x" << count << (bicep.registry_modules.count(key) ? " (registry module)" : "") << "\n";
      for (const auto& [key, count] : a)
        if (!b.count(key)) std::cout << "  arm only:   " << key << " x" << count << (arm.nested.count(key) ? " (nested deployment)" : "") << "\n";
      // Keys on both sides with different counts (otherwise such a pair prints a bare DIFF line).
      for (const auto& [key, count] : b)
        if (auto found = a.find(key); found != a.end() && found->second != count)
          std::cout << "  count:      " << key << " bicep x" << count << ", arm x" << found->second << "\n";
    }
  }
  std::size_t larger = std::max(bicep_total, arm_total);
  double share = larger ? 100.0 * static_cast<double>(agreed) / static_cast<double>(larger) : 100.0;
  std::cout << fmt::format("pairs: {}; identical pairs: {} ({:.1f}%)\n", pairs, identical_pairs,
                           pairs ? 100.0 * static_cast<double>(identical_pairs) / static_cast<double>(pairs) : 0.0);
  std::cout << fmt::format("pairs that differ only by registry modules (inlined by the compiler into main.json, a boundary for erlint): {}; "
                           "identical or differing only so: {} ({:.1f}%)\n",
                           registry_only_pairs, identical_pairs + registry_only_pairs,
                           pairs ? 100.0 * static_cast<double>(identical_pairs + registry_only_pairs) / static_cast<double>(pairs) : 0.0);
  std::cout << fmt::format("resources: bicep {}, arm {}; agreeing on type and name: {} ({:.1f}%)\n", bicep_total, arm_total, agreed, share);
  std::cout << fmt::format("names resolved: bicep {} of {}, arm {} of {}\n", bicep_resolved, bicep_total, arm_resolved, arm_total);
  bool ok = share >= minimum;
  std::cout << (ok ? "1 passed, 0 failed\n" : "0 passed, 1 failed\n");
  return ok ? 0 : 1;
}
