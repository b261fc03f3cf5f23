#include "support/memory.hpp"

#include <sys/resource.h>
#include <unistd.h>

#include <cstdio>

// jemalloc's control interface, when the executable is linked with jemalloc; null otherwise (a
// weak reference), so that the libraries build and run on any allocator.
extern "C" int mallctl(const char* name, void* old_value, std::size_t* old_size, void* new_value, std::size_t new_size)
    __attribute__((weak));

namespace erlint {

std::size_t resident_memory_bytes() {
  // /proc/self/statm: size, resident, ... in pages.
  std::FILE* statm = std::fopen("/proc/self/statm", "r");
  if (!statm) return 0;
  unsigned long size = 0, resident = 0;
  int read = std::fscanf(statm, "%lu %lu", &size, &resident);
  std::fclose(statm);
  if (read != 2) return 0;
  return static_cast<std::size_t>(resident) * static_cast<std::size_t>(sysconf(_SC_PAGESIZE));
}

std::size_t peak_resident_memory_bytes() {
  rusage usage{};
  if (getrusage(RUSAGE_SELF, &usage) != 0) return 0;
  return static_cast<std::size_t>(usage.ru_maxrss) * 1024;  // kilobytes on Linux
}

}  // namespace erlint

namespace erlint {

void use_memory_profile(MemoryProfile profile) {
  if (!mallctl || profile == MemoryProfile::Server) return;  // Server: jemalloc's defaults
  // Arenas made from now on, and the ones that exist already (jemalloc's MALLCTL_ARENAS_ALL).
  ssize_t dirty_ms = 200, muzzy_ms = 0;
  mallctl("arenas.dirty_decay_ms", nullptr, nullptr, &dirty_ms, sizeof dirty_ms);
  mallctl("arenas.muzzy_decay_ms", nullptr, nullptr, &muzzy_ms, sizeof muzzy_ms);
  mallctl("arena.4096.dirty_decay_ms", nullptr, nullptr, &dirty_ms, sizeof dirty_ms);
  mallctl("arena.4096.muzzy_decay_ms", nullptr, nullptr, &muzzy_ms, sizeof muzzy_ms);
  bool background = true;
  mallctl("background_thread", nullptr, nullptr, &background, sizeof background);
}

}  // namespace erlint
