// The driver frees each root unit's expression trees as soon as its nodes are built. A file freed
// that way and then named by a later caller (an ARM templateLink.relativePath is computed, so it
// cannot be known in advance) must be parsed again, not analysed as an empty template.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <string>

#include "driver/analysis.hpp"

using namespace erlint;
namespace fs = std::filesystem;

namespace {

void write(const fs::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
}

std::vector<std::string> ns001_files(bool release_models) {
  fs::path dir = fs::temp_directory_path() / "erlint-release-test";
  fs::remove_all(dir);
  fs::create_directories(dir);
  // Sorted first, so analysed (and freed) as its own root unit before its caller asks for it.
  write(dir / "a_linked.json", R"({
  "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
  "contentVersion": "1.0.0.0",
  "parameters": { "subnetName": { "type": "string" } },
  "resources": [ {
    "type": "Microsoft.Network/virtualNetworks/subnets", "apiVersion": "2024-05-01",
    "name": "[concat('vnet1/', parameters('subnetName'))]",
    "properties": { "addressPrefix": "10.0.0.0/27",
      "networkSecurityGroup": { "id": "[resourceId('Microsoft.Network/networkSecurityGroups', 'nsg1')]" } } } ]
})");
  write(dir / "z_main.json", R"({
  "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
  "contentVersion": "1.0.0.0",
  "resources": [ {
    "type": "Microsoft.Resources/deployments", "apiVersion": "2022-09-01", "name": "linked",
    "properties": { "mode": "Incremental",
      "templateLink": { "relativePath": "[concat('a_', 'linked.json')]" },
      "parameters": { "subnetName": { "value": "GatewaySubnet" } } } } ]
})");
  driver::Analyzer analyzer(ERLINT_SOURCE_DIR "/rules");
  driver::AnalysisOptions options;
  options.paths = {dir.string()};
  options.jobs = 1;  // root units in path order: a_linked.json is done before z_main.json
  options.release_models = release_models;
  driver::AnalysisResult result = analyzer.analyze(options);
  std::vector<std::string> found;
  for (const auto& f : result.findings)
    if (f.finding.rule_id == "ER-NS-001") found.push_back(fs::path(f.file).filename().string());
  fs::remove_all(dir);
  return found;
}

}  // namespace

TEST_CASE("a root unit's file freed early is parsed again when a later caller links it", "[driver][memory]") {
  // Only through the caller is the subnet the GatewaySubnet: the finding needs the linked file's
  // resources after it was freed.
  CHECK(ns001_files(true) == std::vector<std::string>{"a_linked.json"});
  CHECK(ns001_files(false) == std::vector<std::string>{"a_linked.json"});
}
