# Build options shared by every erlint target.
option(ERLINT_WERROR "Treat compiler warnings as errors (CI turns this on)" OFF)
option(ERLINT_SANITIZE "Build with AddressSanitizer and UndefinedBehaviorSanitizer" OFF)

# Warnings apply to erlint's own code only; third-party C (tree-sitter) is compiled without them.
add_library(erlint_warnings INTERFACE)
target_compile_options(erlint_warnings INTERFACE -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor
  -Wold-style-cast -Wcast-align -Wunused -Woverloaded-virtual -Wnull-dereference -Wimplicit-fallthrough)
if(ERLINT_WERROR)
  target_compile_options(erlint_warnings INTERFACE -Werror)
endif()

if(ERLINT_SANITIZE)
  add_compile_options(-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
  add_link_options(-fsanitize=address,undefined)
endif()

option(ERLINT_FUZZ "Build the libFuzzer harnesses in tests/fuzz (clang only)" OFF)
if(ERLINT_FUZZ)
  # Coverage instrumentation for everything; the harnesses link libFuzzer's main.
  add_compile_options(-fsanitize=fuzzer-no-link)
elseif(ERLINT_SANITIZE)
  # -O1, as the sanitizers' documentation advises (it comes after the build type's -O2, so it wins):
  # the sanitizer build, which CI makes on every run, compiles in about 60% of the time, and its
  # stack traces keep more frames. The fuzz build keeps -O2: executions per second matter there.
  add_compile_options(-O1)
endif()

# The allocator of the executables (erlint, the benchmarks). A run allocates millions of small
# expression and value nodes on all threads and frees them across threads: jemalloc (Debian's
# libjemalloc-dev) keeps that fast and returns freed memory to the system, where glibc's malloc
# held 20 % more memory and took a third longer on the corpus (README, Benchmarks). The sanitizer
# and fuzz builds keep the sanitizers' own allocator. support/memory.hpp tunes it per command.
option(ERLINT_JEMALLOC "Link the executables with jemalloc" ON)
add_library(erlint_allocator INTERFACE)
if(ERLINT_JEMALLOC AND NOT ERLINT_SANITIZE AND NOT ERLINT_FUZZ)
  find_library(ERLINT_JEMALLOC_LIBRARY NAMES jemalloc)
  if(ERLINT_JEMALLOC_LIBRARY)
    target_link_libraries(erlint_allocator INTERFACE ${ERLINT_JEMALLOC_LIBRARY})
  else()
    message(WARNING "jemalloc not found (apt install libjemalloc-dev): erlint uses the C library's malloc")
  endif()
endif()
