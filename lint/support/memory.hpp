#pragma once
// How much memory the process holds, for --verbose and the benchmarks.
#include <cstddef>

namespace erlint {

// Resident set size now, in bytes (0 where the system does not tell).
std::size_t resident_memory_bytes();
// The largest resident set size so far, in bytes (0 where the system does not tell).
std::size_t peak_resident_memory_bytes();

}  // namespace erlint
