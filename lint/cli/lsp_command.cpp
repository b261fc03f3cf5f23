// `erlint lsp`: the language server on stdin/stdout (the editor's pipes).
#include <chrono>
#include <iostream>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "cli/commands.hpp"
#include "driver/analysis.hpp"
#include "support/memory.hpp"
#include "lsp/server.hpp"
#include "lsp/transport.hpp"

#ifndef ERLINT_VERSION
#define ERLINT_VERSION "0.0.0"
#endif

namespace erlint::cli {

namespace {

constexpr const char* kLspHelp = R"(Usage: erlint lsp [options]

Runs the erlint language server over stdin/stdout (JSON-RPC with Content-Length framing). Editors
start it; diagnostics, hover and "ignore" quick fixes follow the open files as you type.

Options:
  --stdio            talk over stdin/stdout (the default and only transport)
  --rules-dir DIR    load the rule pack from DIR
  -j, --jobs N       analysis threads (default: one per core)
  --debounce-ms N    analyse once edits pause for N ms (default 150; 0: after every change)
  --no-config        do not read .erlint.yaml
  -h, --help         this help
)";

}  // namespace

int run_lsp(const std::vector<std::string>& args) {
  use_memory_profile(MemoryProfile::Server);
  std::string rules_dir;
  lsp::ServerOptions options;
  options.version = ERLINT_VERSION;
  options.debounce = std::chrono::milliseconds(150);
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    auto value = [&]() -> const std::string* { return i + 1 < args.size() ? &args[++i] : nullptr; };
    if (arg == "-h" || arg == "--help") {
      std::cout << kLspHelp;
      return kExitClean;
    } else if (arg == "--stdio") {
      continue;
    } else if (arg == "--rules-dir") {
      const std::string* v = value();
      if (!v) {
        std::cerr << "erlint lsp: --rules-dir needs a folder\n";
        return kExitUsage;
      }
      rules_dir = *v;
    } else if (arg == "-j" || arg == "--jobs") {
      const std::string* v = value();
      if (!v || v->empty() || v->find_first_not_of("0123456789") != std::string::npos) {
        std::cerr << "erlint lsp: --jobs needs a number\n";
        return kExitUsage;
      }
      options.jobs = static_cast<unsigned>(std::stoul(*v));
    } else if (arg == "--debounce-ms") {
      const std::string* v = value();
      if (!v || v->empty() || v->size() > 6 || v->find_first_not_of("0123456789") != std::string::npos) {
        std::cerr << "erlint lsp: --debounce-ms needs a number of milliseconds\n";
        return kExitUsage;
      }
      options.debounce = std::chrono::milliseconds(std::stol(*v));
    } else if (arg == "--no-config") {
      options.use_config = false;
    } else {
      std::cerr << fmt::format("erlint lsp: unknown option '{}' (see erlint lsp --help)\n", arg);
      return kExitUsage;
    }
  }

  driver::Analyzer analyzer(rules_dir.empty() ? driver::default_rules_dir() : rules_dir);
  for (const ToolError& error : analyzer.load_errors())
    std::cerr << fmt::format("erlint lsp: {}:{}:{}: {}\n", error.file, error.line, error.column, error.message);

  // stdout carries the protocol and nothing else.
  std::ios::sync_with_stdio(false);
  std::cin.tie(nullptr);
  lsp::MessageWriter writer(std::cout);
  lsp::MessageReader reader(std::cin);
  lsp::Server server(analyzer, [&](const lsp::json& message) { writer.write(message); }, std::cerr, options);
  return server.run(reader);
}

}  // namespace erlint::cli
