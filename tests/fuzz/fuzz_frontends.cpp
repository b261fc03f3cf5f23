// libFuzzer harness for the three front ends and the ARM expression parser. The first input byte
// picks the front end; the rest is the file's text. Built only with -DERLINT_FUZZ=ON and clang
// (tests/fuzz/run_fuzzers.sh).
#include <cstddef>
#include <cstdint>
#include <string>

#include "parse/arm/arm_expression.hpp"
#include "parse/arm/arm_frontend.hpp"
#include "parse/bicep/bicep_frontend.hpp"
#include "parse/terraform/terraform_frontend.hpp"
#include "source/source_file.hpp"

using namespace erlint;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  static syntax::Parser bicep(syntax::Grammar::Bicep);
  static syntax::Parser hcl(syntax::Grammar::Hcl);
  const std::uint8_t selector = data[0] % 5;
  std::string text(reinterpret_cast<const char*>(data + 1), size - 1);
  parse::ParseOptions options;
  options.time_budget = std::chrono::milliseconds(1000);
  SourceManager sources;
  switch (selector) {
    case 0: (void)parse::parse_bicep_file(sources.add("f.bicep", text, FileKind::Bicep), bicep, options); break;
    case 1: (void)parse::parse_bicep_file(sources.add("f.bicepparam", text, FileKind::BicepParams), bicep, options); break;
    case 2: (void)parse::parse_terraform_file(sources.add("f.tf", text, FileKind::Terraform), hcl, options); break;
    case 3: (void)parse::parse_arm_file(sources.add("f.json", text, FileKind::ArmTemplate), options); break;
    case 4: {
      std::vector<model::Problem> problems;
      (void)parse::parse_arm_expression(text, Range{0, 0, static_cast<std::uint32_t>(text.size())}, problems);
      break;
    }
  }
  return 0;
}
