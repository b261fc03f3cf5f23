#!/usr/bin/env bash
# Builds the libFuzzer harnesses with clang, ASan and UBSan, seeds them from fixtures/, and runs
# each for the given number of seconds (default 60). Crashes, leaks and timeouts are written to
# build-fuzz/findings/<harness>/. Usage: tests/fuzz/run_fuzzers.sh [SECONDS]
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds="${1:-60}"
command -v clang++-14 >/dev/null || { echo "clang++-14 is needed (apt-get install clang-14 libclang-rt-14-dev)"; exit 2; }
CC=clang-14 CXX=clang++-14 cmake -S . -B build-fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DERLINT_FUZZ=ON -DERLINT_SANITIZE=ON -DERLINT_BUILD_TESTS=ON >/dev/null
cmake --build build-fuzz --target fuzz_frontends fuzz_pipeline fuzz_rules

seeds=build-fuzz/seeds
rm -rf "$seeds" && mkdir -p "$seeds/frontends" "$seeds/pipeline" "$seeds/rules"
i=0
while IFS= read -r -d '' file; do
  i=$((i + 1))
  case "$file" in
    *.bicep) sel='\x00'; p='\x00' ;;
    *.bicepparam) sel='\x01'; p='\x00' ;;
    *.tf|*.tfvars) sel='\x02'; p='\x01' ;;
    *.json) sel='\x03'; p='\x02' ;;
    *) continue ;;
  esac
  { printf "$sel"; cat "$file"; } >"$seeds/frontends/$i"
  { printf "$p"; cat "$file"; } >"$seeds/pipeline/$i"
done < <(find fixtures examples -type f -print0)
cp rules/*.yaml rules/providers/*.yaml "$seeds/rules/"

status=0
for harness in fuzz_frontends fuzz_pipeline fuzz_rules; do
  corpus="build-fuzz/corpus/$harness"
  findings="build-fuzz/findings/$harness"
  mkdir -p "$corpus" "$findings"
  seed_dir="$seeds/${harness#fuzz_}"
  echo "== $harness for ${seconds}s"
  if ! "build-fuzz/tests/fuzz/$harness" "$corpus" "$seed_dir" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=4096 \
      -max_len=262144 -artifact_prefix="$findings/" -print_final_stats=1 2>"build-fuzz/$harness.log"; then
    status=1
    echo "   FOUND A PROBLEM: see build-fuzz/$harness.log and $findings/"
  fi
  grep -E "stat::number_of_executed_units|stat::peak_rss_mb" "build-fuzz/$harness.log" | sed 's/^/   /'
done
exit $status
