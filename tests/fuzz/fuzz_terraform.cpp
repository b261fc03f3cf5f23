// libFuzzer harness for the Terraform front end (tree-sitter-hcl): the input is the text of a file,
// parsed as a .tf file and as a .tfvars file with the default parse options (the parse-time budget
// included). Beyond "no crash, no leak, no hang" it checks that every lowered range lies inside the file.
#include <cstddef>
#include <cstdint>
#include <string>

#include "fuzz_support.hpp"
#include "parse/terraform/terraform_frontend.hpp"
#include "source/source_file.hpp"

using namespace erlint;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static syntax::Parser parser(syntax::Grammar::Hcl);
  const std::string text(reinterpret_cast<const char*>(data), size);
  const parse::ParseOptions options;
  for (FileKind kind : {FileKind::Terraform, FileKind::TerraformVars}) {
    SourceManager sources;
    const SourceFile& file = sources.add(kind == FileKind::Terraform ? "main.tf" : "main.tfvars", text, kind);
    model::Template tmpl = parse::parse_terraform_file(file, parser, options);
    fuzz::check_template(tmpl, file.id(), file.text().size());
  }
  return 0;
}
