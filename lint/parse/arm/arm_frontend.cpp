// Entry points of the ARM front end: read the JSON, then lower it as a template or parameter file.
#include "parse/arm/arm_frontend.hpp"

#include <algorithm>
#include <exception>
#include <new>
#include <utility>

#include "parse/arm/arm_lowering_util.hpp"
#include "parse/arm/json_reader.hpp"

namespace erlint::parse {

model::Template lower_arm_template(const model::ExprPtr& template_object, FileId file, std::string path,
                                   model::Language language) {
  model::Template result;
  result.file = file;
  result.path = std::move(path);
  result.language = language;
  if (language == model::Language::ArmParameters)
    arm_detail::lower_parameters_into(template_object, result);
  else
    arm_detail::lower_template_into(template_object, result);
  return result;
}

model::Template parse_arm_file(const SourceFile& file, const ParseOptions& options) {
  const bool parameters = file.kind() == FileKind::ArmParameters;
  const model::Language language = parameters ? model::Language::ArmParameters : model::Language::Arm;
  try {
    JsonReadOptions read_options;
    read_options.max_nesting_depth = options.max_nesting_depth;
    read_options.arm_expressions = !parameters;  // parameter files are not evaluated by ARM
    JsonDocument document = read_json(file.text(), file.id(), read_options);

    model::Template result = lower_arm_template(document.root, file.id(), file.path(), language);
    if (document.root && document.root->kind != model::ExprKind::Object && document.root->kind != model::ExprKind::Error)
      document.problems.push_back({ErrorCode::Syntax,
                                   parameters ? "an ARM parameter file must be a JSON object"
                                              : "an ARM template must be a JSON object",
                                   document.root->range});
    result.comments = std::move(document.comments);
    result.problems = std::move(document.problems);
    // Expression problems are found while their string is read, so the list is nearly sorted;
    // a stable sort makes the order strictly by position.
    std::stable_sort(result.problems.begin(), result.problems.end(),
                     [](const model::Problem& a, const model::Problem& b) { return a.range.begin < b.range.begin; });
    result.truncated = document.truncated;
    return result;
  } catch (const std::bad_alloc&) {
    model::Template result = lower_arm_template(nullptr, file.id(), file.path(), language);
    result.problems.push_back({ErrorCode::Limit, "out of memory while reading the file", file.range(0, 0)});
    result.truncated = true;
    return result;
  } catch (const std::exception& error) {
    // A bug, not bad input: still never let it escape and stop the whole run.
    model::Template result = lower_arm_template(nullptr, file.id(), file.path(), language);
    result.problems.push_back({ErrorCode::Syntax, std::string("internal error while reading the file: ") + error.what(),
                               file.range(0, 0)});
    return result;
  }
}

}  // namespace erlint::parse
