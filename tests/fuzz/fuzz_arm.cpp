// libFuzzer harness for the ARM JSON front end (the hand-written JSON reader, the template and
// parameter-file lowering, and the expressions inside "[...]" strings): the input is the text of a
// .json file, read as the kind its $schema names (a template when it names none) and also as a
// parameter file. Beyond "no crash, no leak, no hang" it checks that every lowered range lies inside
// the file.
#include <cstddef>
#include <cstdint>
#include <string>

#include "fuzz_support.hpp"
#include "parse/arm/arm_frontend.hpp"
#include "source/source_file.hpp"

using namespace erlint;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  const parse::ParseOptions options;
  FileKind detected = kind_from_json_content(text);
  FileKind first = detected == FileKind::ArmParameters ? FileKind::ArmParameters : FileKind::ArmTemplate;
  FileKind second = first == FileKind::ArmTemplate ? FileKind::ArmParameters : FileKind::ArmTemplate;
  for (FileKind kind : {first, second}) {
    SourceManager sources;
    const SourceFile& file = sources.add("main.json", text, kind);
    model::Template tmpl = parse::parse_arm_file(file, options);
    fuzz::check_template(tmpl, file.id(), file.text().size());
  }
  return 0;
}
