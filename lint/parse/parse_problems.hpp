#pragma once
// Problems every tree-sitter front end reports the same way.
#include <string>

#include "model/template.hpp"
#include "parse/parse_options.hpp"
#include "source/source_file.hpp"

namespace erlint::parse {

// The ERR-LIMIT for a parse that the time budget cut off; the file is then not analysed.
inline model::Problem parse_time_exceeded(const SourceFile& file, const ParseOptions& options) {
  return model::Problem{ErrorCode::Limit,
                        "parsing did not finish within parse_time_budget_ms (" + std::to_string(options.time_budget.count()) +
                            " ms); the file is not analysed",
                        file.range(0, 0)};
}

}  // namespace erlint::parse
