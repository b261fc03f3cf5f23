#pragma once
// How much memory the process holds, for --verbose and the benchmarks.
#include <cstddef>

namespace erlint {

// Resident set size now, in bytes (0 where the system does not tell).
std::size_t resident_memory_bytes();
// The largest resident set size so far, in bytes (0 where the system does not tell).
std::size_t peak_resident_memory_bytes();

}  // namespace erlint

namespace erlint {

// How the allocator should treat freed memory, set once by each command before it works.
enum class MemoryProfile {
  // `erlint check`: one run frees the expression trees of file after file while the graph grows.
  // Freed pages go back to the system after 200 ms, from a background thread, so that the peak
  // resident memory is what the run holds, not what it held and freed (0.92 instead of 1.05 GB on
  // the corpus, at the same speed; returning them at once cost 50 % more time).
  Batch,
  // `erlint lsp`: every edit allocates and frees about the same memory again. Freed pages are kept
  // (the allocator's default, 10 s), so that the next analysis reuses them without page faults
  // (with the batch setting, the 5,000-line file's p99 went from 16 to 21 ms).
  Server,
};

// Applies the profile when the executable runs on jemalloc (cmake/ErlintOptions.cmake); with any
// other allocator it does nothing.
void use_memory_profile(MemoryProfile profile);

}  // namespace erlint
