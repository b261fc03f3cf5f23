#pragma once
// A finding's fingerprint: the rule, the file, the resource and the offending text with white
// space removed. Line numbers are left out on purpose, so baselines survive moved lines and
// reformatting.
#include <string>

#include "source/source_file.hpp"

namespace erlint::driver {

struct ReportedFinding;

std::string fingerprint(const ReportedFinding& finding, const SourceFile* file);

}  // namespace erlint::driver
