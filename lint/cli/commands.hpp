#pragma once
// The subcommands of the `erlint` program. Each returns the process exit code:
// 0 clean, 1 findings at or above --fail-on (or a file that could not be analysed), 2 usage,
// configuration or I/O error.
#include <string>
#include <vector>

namespace erlint::cli {

inline constexpr int kExitClean = 0;
inline constexpr int kExitFindings = 1;
inline constexpr int kExitUsage = 2;

int run_check(const std::vector<std::string>& args);
int run_rules(const std::vector<std::string>& args);
int run_explain(const std::vector<std::string>& args);
int run_init(const std::vector<std::string>& args);
int run_lsp(const std::vector<std::string>& args);
int run_main(int argc, char** argv);

}  // namespace erlint::cli
