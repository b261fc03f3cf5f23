// libFuzzer harness for the Bicep front end: the input is the text of a file, parsed as a .bicep
// file and as a .bicepparam file with the default parse options (the parse-time budget included).
// Beyond "no crash, no leak, no hang" it checks that every lowered range lies inside the file.
#include <cstddef>
#include <cstdint>
#include <string>

#include "fuzz_support.hpp"
#include "parse/bicep/bicep_frontend.hpp"
#include "source/source_file.hpp"

using namespace erlint;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static syntax::Parser parser(syntax::Grammar::Bicep);
  const std::string text(reinterpret_cast<const char*>(data), size);
  const parse::ParseOptions options;
  for (FileKind kind : {FileKind::Bicep, FileKind::BicepParams}) {
    SourceManager sources;
    const SourceFile& file = sources.add(kind == FileKind::Bicep ? "main.bicep" : "main.bicepparam", text, kind);
    model::Template tmpl = parse::parse_bicep_file(file, parser, options);
    fuzz::check_template(tmpl, file.id(), file.text().size());
  }
  return 0;
}
