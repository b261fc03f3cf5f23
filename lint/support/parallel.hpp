#pragma once
// Runs one piece of work on several threads: the analysis reads, parses, evaluates root units and
// runs rules this way, each worker taking the next item from a shared counter.
#include <cstddef>
#include <functional>
#include <thread>
#include <vector>

namespace erlint {

// Runs `work` on `jobs` threads (on this one when jobs <= 1) and waits for all of them.
template <typename Work>
void run_on_workers(std::size_t jobs, Work& work) {
  if (jobs <= 1) {
    work();
    return;
  }
  std::vector<std::thread> threads;
  for (std::size_t t = 0; t < jobs; ++t) threads.emplace_back(std::ref(work));
  for (auto& t : threads) t.join();
}

}  // namespace erlint
