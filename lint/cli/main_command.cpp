// The `erlint` program's entry point: dispatches to a subcommand.
#include <iostream>

#include <fmt/format.h>

#include "cli/commands.hpp"

#ifndef ERLINT_VERSION
#define ERLINT_VERSION "0.0.0"
#endif

namespace erlint::cli {

namespace {

constexpr const char* kHelp = R"(erlint — the ExpressRoute security-baseline linter for Bicep, ARM JSON and Terraform

Usage: erlint <command> [options]

Commands:
  check [PATH...]   lint files and folders (see erlint check --help)
  rules             list the rules
  explain RULE-ID   print a rule's documentation
  init [DIR]        write a commented starter .erlint.yaml
  lsp               run the language server over stdin/stdout (for editors)
  version           print the version

Options:
  -h, --help        this help
  -V, --version     print the version
)";

}  // namespace

int run_main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty() || args[0] == "-h" || args[0] == "--help" || args[0] == "help") {
    std::cout << kHelp;
    return args.empty() ? kExitUsage : kExitClean;
  }
  std::string command = args[0];
  std::vector<std::string> rest(args.begin() + 1, args.end());
  if (command == "-V" || command == "--version" || command == "version") {
    std::cout << "erlint " << ERLINT_VERSION << "\n";
    return kExitClean;
  }
  try {
    if (command == "check") return run_check(rest);
    if (command == "rules") return run_rules(rest);
    if (command == "explain") return run_explain(rest);
    if (command == "init") return run_init(rest);
    if (command == "lsp") return run_lsp(rest);
  } catch (const std::exception& e) {
    // Nothing should throw this far; if something does, say so rather than abort.
    std::cerr << fmt::format("erlint: internal error: {}\n", e.what());
    return kExitUsage;
  }
  std::cerr << fmt::format("erlint: unknown command '{}' (see erlint --help)\n", command);
  return kExitUsage;
}

}  // namespace erlint::cli
