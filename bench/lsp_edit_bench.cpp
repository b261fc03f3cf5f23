// How long the language server takes from a one-character `didChange` to the
// `publishDiagnostics` it causes, on a 5,000-line Bicep file and a 5,000-line Terraform file.
// Prints p50, p90, p99 and max over a few hundred edits, and p50/p99 of the CPU time the process
// spent on each edit (the figure a busy machine does not inflate: on an idle one, wall = CPU). The server runs with debounce 0 (it
// analyses on the message thread right after each change), so the figures are the analysis cost
// the debounce is added to in an editor.
//
//   build/bench/lsp_edit_bench [EDITS] [--only bicep|terraform]   (--only: one file, for a profiler)
//   build/bench/lsp_edit_bench --write DIR     (writes the two files, to look at or time otherwise)
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <sstream>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <unistd.h>

#include "driver/analysis.hpp"
#include "lsp/documents.hpp"
#include "lsp/server.hpp"
#include "support/memory.hpp"

namespace fs = std::filesystem;
using erlint::lsp::json;
using Clock = std::chrono::steady_clock;

namespace {

// Blocks of 25 lines: a virtual network with a GatewaySubnet, a route table and an NSG rule.
std::string bicep_file(int lines) {
  std::string out;
  for (int i = 0; static_cast<int>(std::count(out.begin(), out.end(), '\n')) < lines; ++i) {
    out += fmt::format(R"(// block {0}
resource rt{0} 'Microsoft.Network/routeTables@2024-05-01' = {{
  name: 'rt-{0}'
  location: 'westeurope'
  properties: {{
    disableBgpRoutePropagation: false
    routes: [ {{ name: 'spoke', properties: {{ addressPrefix: '10.{1}.0.0/16', nextHopType: 'VirtualAppliance', nextHopIpAddress: '10.0.0.4' }} }} ]
  }}
}}

resource vnet{0} 'Microsoft.Network/virtualNetworks@2024-05-01' = {{
  name: 'vnet-{0}'
  location: 'westeurope'
  properties: {{
    addressSpace: {{ addressPrefixes: [ '10.{1}.0.0/16' ] }}
    subnets: [
      {{
        name: 'GatewaySubnet'
        properties: {{ addressPrefix: '10.{1}.0.0/27', routeTable: {{ id: rt{0}.id }} }}
      }}
      {{ name: 'snet-app', properties: {{ addressPrefix: '10.{1}.1.0/24' }} }}
    ]
  }}
}}

)",
                       i, i % 250);
  }
  return out;
}

std::string terraform_file(int lines) {
  std::string out;
  for (int i = 0; static_cast<int>(std::count(out.begin(), out.end(), '\n')) < lines; ++i) {
    out += fmt::format(R"(# block {0}
resource "azurerm_route_table" "rt{0}" {{
  name                          = "rt-{0}"
  location                      = "westeurope"
  resource_group_name           = "rg"
  bgp_route_propagation_enabled = true
}}

resource "azurerm_virtual_network" "vnet{0}" {{
  name                = "vnet-{0}"
  location            = "westeurope"
  resource_group_name = "rg"
  address_space       = ["10.{1}.0.0/16"]
}}

resource "azurerm_subnet" "gw{0}" {{
  name                 = "GatewaySubnet"
  resource_group_name  = "rg"
  virtual_network_name = azurerm_virtual_network.vnet{0}.name
  address_prefixes     = ["10.{1}.0.0/27"]
}}

resource "azurerm_subnet_route_table_association" "gw{0}" {{
  subnet_id      = azurerm_subnet.gw{0}.id
  route_table_id = azurerm_route_table.rt{0}.id
}}

)",
                       i, i % 250);
  }
  return out;
}

double process_cpu_ms() {
  timespec now{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &now);
  return static_cast<double>(now.tv_sec) * 1e3 + static_cast<double>(now.tv_nsec) / 1e6;
}

struct Result {
  std::vector<double> ms;
  std::vector<double> cpu_ms;  // CPU time of the process for the same span: what a shared machine does not inflate
  std::size_t lines = 0, bytes = 0;
};

Result replay(const erlint::driver::Analyzer& analyzer, const fs::path& folder, const std::string& name, const std::string& language,
              const std::string& text, int edits) {
  bool published = false;
  Clock::time_point published_at;
  std::ostringstream log;
  erlint::lsp::Server server(
      analyzer,
      [&](const json& m) {
        if (published || m.value("method", "") != "textDocument/publishDiagnostics") return;
        published = true;
        published_at = Clock::now();
      },
      log,
      erlint::lsp::ServerOptions{"bench", 1, false, std::chrono::milliseconds(0)});
  std::string uri = erlint::lsp::path_to_uri((folder / name).string());
  server.handle(json{{"jsonrpc", "2.0"}, {"id", 1}, {"method", "initialize"},
                     {"params", {{"processId", nullptr}, {"rootUri", erlint::lsp::path_to_uri(folder.string())}, {"capabilities", json::object()}}}});
  server.handle(json{{"jsonrpc", "2.0"}, {"method", "textDocument/didOpen"},
                     {"params", {{"textDocument", {{"uri", uri}, {"languageId", language}, {"version", 1}, {"text", text}}}}}});
  Result result;
  result.bytes = text.size();
  result.lines = static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n'));
  // Type a character into the comment of a block spread over the file, then delete it again.
  for (int i = 0; i < edits; ++i) {
    std::uint32_t line = static_cast<std::uint32_t>((static_cast<std::size_t>(i / 2) * 25 * 7) % result.lines / 25 * 25);
    json range = i % 2 == 0 ? json{{"start", {{"line", line}, {"character", 3}}}, {"end", {{"line", line}, {"character", 3}}}}
                            : json{{"start", {{"line", line}, {"character", 3}}}, {"end", {{"line", line}, {"character", 4}}}};
    json change{{"range", range}, {"text", i % 2 == 0 ? "x" : ""}};
    json message{{"jsonrpc", "2.0"}, {"method", "textDocument/didChange"},
                 {"params", {{"textDocument", {{"uri", uri}, {"version", i + 2}}}, {"contentChanges", json::array({change})}}}};
    published = false;
    auto start = Clock::now();
    double cpu_start = process_cpu_ms();
    server.handle(message);
    double ms = std::chrono::duration<double, std::milli>(published_at - start).count();
    result.cpu_ms.push_back(process_cpu_ms() - cpu_start);
    if (!published) std::fprintf(stderr, "edit %d published nothing\n", i);
    result.ms.push_back(ms);
  }
  return result;
}

double percentile(std::vector<double> values, double p) {
  std::sort(values.begin(), values.end());
  std::size_t index = static_cast<std::size_t>(p * static_cast<double>(values.size() - 1) + 0.5);
  return values[std::min(index, values.size() - 1)];
}

}  // namespace

int main(int argc, char** argv) {
  erlint::use_memory_profile(erlint::MemoryProfile::Server);  // as `erlint lsp`
  if (argc > 2 && std::string(argv[1]) == "--write") {
    fs::create_directories(argv[2]);
    std::FILE* bicep = std::fopen((fs::path(argv[2]) / "main.bicep").c_str(), "w");
    std::FILE* tf = std::fopen((fs::path(argv[2]) / "main.tf").c_str(), "w");
    if (!bicep || !tf) return 2;
    std::fputs(bicep_file(5000).c_str(), bicep);
    std::fputs(terraform_file(5000).c_str(), tf);
    std::fclose(bicep);
    std::fclose(tf);
    return 0;
  }
  int edits = argc > 1 ? std::atoi(argv[1]) : 400;
  std::string only = argc > 3 && std::string(argv[2]) == "--only" ? argv[3] : "";
  fs::path folder = fs::temp_directory_path() / fmt::format("erlint-lsp-bench-{}", ::getpid());
  fs::create_directories(folder);
  erlint::driver::Analyzer analyzer(erlint::driver::default_rules_dir());
  std::printf("%-10s %6s %8s %7s %8s %8s %8s %8s %12s %12s\n", "file", "lines", "KB", "edits", "p50 ms", "p90 ms", "p99 ms", "max ms",
              "CPU p50 ms", "CPU p99 ms");
  for (const auto& [name, language, text] : {std::tuple{std::string("main.bicep"), std::string("bicep"), bicep_file(5000)},
                                             std::tuple{std::string("main.tf"), std::string("terraform"), terraform_file(5000)}}) {
    if (!only.empty() && only != language) continue;
    Result r = replay(analyzer, folder, name, language, text, edits);
    std::printf("%-10s %6zu %8.1f %7zu %8.2f %8.2f %8.2f %8.2f %12.2f %12.2f\n", name.c_str(), r.lines, static_cast<double>(r.bytes) / 1024.0,
                r.ms.size(), percentile(r.ms, 0.5), percentile(r.ms, 0.9), percentile(r.ms, 0.99), *std::max_element(r.ms.begin(), r.ms.end()),
                percentile(r.cpu_ms, 0.5), percentile(r.cpu_ms, 0.99));
  }
  std::error_code ec;
  fs::remove_all(folder, ec);
  return 0;
}
