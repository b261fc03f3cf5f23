#!/usr/bin/env bash
# Builds the libFuzzer harnesses with clang, ASan and UBSan into build-fuzz, seeds them from
# fixtures/, examples/, rules/ and tests/, and runs each harness in turn for the given number of
# seconds (default 60). Usage: tests/fuzz/run_fuzzers.sh [SECONDS] [HARNESS...]
#   harnesses: bicep arm terraform arm_expression eval rules config lsp pipeline (default: all)
# The corpus grows in build-fuzz/corpus/<harness>/ from run to run; crashes, leaks, timeouts and
# out-of-memory inputs go to build-fuzz/findings/<harness>/, the log to build-fuzz/logs/<harness>.log.
# A finding stops that harness (fix it, copy the input to tests/fuzz/regressions/<harness>/ and run
# again); the script goes on with the next one and exits 1 at the end.
# Environment: FUZZ_JOBS (build parallelism), FUZZ_MAX_LEN (default 65536), FUZZ_RSS_LIMIT_MB
# (default 2048), FUZZ_TIMEOUT (seconds per input before it is a hang, default 10).
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds="${1:-60}"
shift || true
all=(bicep arm terraform arm_expression eval rules config lsp pipeline)
harnesses=("$@")
((${#harnesses[@]})) || harnesses=("${all[@]}")
command -v clang++-14 >/dev/null || { echo "clang++-14 is needed (apt-get install clang-14 libclang-rt-14-dev)"; exit 2; }

out=build-fuzz
CC=clang-14 CXX=clang++-14 cmake -S . -B "$out" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DERLINT_FUZZ=ON -DERLINT_SANITIZE=ON -DERLINT_BUILD_BENCHMARKS=OFF >/dev/null
targets=()
for h in "${harnesses[@]}"; do targets+=("fuzz_$h"); done
nice -n 10 cmake --build "$out" --target "${targets[@]}" ${FUZZ_JOBS:+-j "$FUZZ_JOBS"}

# Seed folders, rebuilt each run from the repository (the grown corpus is kept separately).
seeds="$out/seeds"
rm -rf "$seeds"
python3 - "$seeds" <<'PY'
import json, os, re, sys
seeds = sys.argv[1]
def files(*roots, ext=("",)):
    for root in roots:
        for folder, _, names in os.walk(root):
            for name in sorted(names):
                if name.endswith(ext):
                    yield os.path.join(folder, name)
def put(harness, name, data):
    os.makedirs(os.path.join(seeds, harness), exist_ok=True)
    with open(os.path.join(seeds, harness, name), "wb") as f:
        f.write(data)
def read(path):
    with open(path, "rb") as f:
        return f.read()
def seed_name(path):
    return path.replace("/", "_")

sources = ("fixtures", "examples", "tests/golden/project")
for path in files(*sources, ext=(".bicep", ".bicepparam")):
    put("bicep", seed_name(path), read(path))
    put("eval", seed_name(path), b"\x02" + read(path))
    put("pipeline", seed_name(path), b"\x00" + read(path))
for path in files(*sources, ext=(".tf", ".tfvars")):
    put("terraform", seed_name(path), read(path))
    put("eval", seed_name(path), b"\x03" + read(path))
    put("pipeline", seed_name(path), b"\x01" + read(path))
expressions = set()
for path in files(*sources, ext=(".json",)):
    put("arm", seed_name(path), read(path))
    put("eval", seed_name(path), b"\x01" + read(path))
    put("pipeline", seed_name(path), b"\x02" + read(path))
    for match in re.finditer(rb'"(\[[^"\[][^"]*\])"', read(path)):
        expressions.add(match.group(1))
for i, expression in enumerate(sorted(expressions)):
    put("arm_expression", f"expr{i}", expression)
    put("eval", f"expr{i}", b"\x00" + expression)
for path in files("rules", "tests/golden/rules", ext=(".yaml",)):
    put("rules", seed_name(path), read(path))
for path in files("tests/fuzz/seeds/config"):
    put("config", os.path.basename(path), read(path))

# LSP: one session per Bicep/Terraform/ARM fixture, as an editor would drive it.
def frame(message):
    body = json.dumps(message).encode()
    return b"Content-Length: %d\r\n\r\n" % len(body) + body
for n, path in enumerate(list(files("fixtures", ext=(".bicep", ".tf", ".json")))[::4]):
    uri = "file:///ws/" + os.path.basename(path)
    text = read(path).decode("utf-8", "replace")
    messages = [
        {"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"rootUri": "file:///ws", "capabilities": {}}},
        {"jsonrpc": "2.0", "method": "initialized", "params": {}},
        {"jsonrpc": "2.0", "method": "textDocument/didOpen",
         "params": {"textDocument": {"uri": uri, "languageId": "bicep", "version": 1, "text": text}}},
        {"jsonrpc": "2.0", "id": 2, "method": "textDocument/hover",
         "params": {"textDocument": {"uri": uri}, "position": {"line": 3, "character": 4}}},
        {"jsonrpc": "2.0", "id": 3, "method": "textDocument/codeAction",
         "params": {"textDocument": {"uri": uri}, "range": {"start": {"line": 0, "character": 0}, "end": {"line": 40, "character": 0}},
                    "context": {"diagnostics": []}}},
        {"jsonrpc": "2.0", "method": "textDocument/didChange",
         "params": {"textDocument": {"uri": uri, "version": 2},
                    "contentChanges": [{"range": {"start": {"line": 1, "character": 0}, "end": {"line": 2, "character": 3}}, "text": "x"}]}},
        {"jsonrpc": "2.0", "method": "textDocument/didSave", "params": {"textDocument": {"uri": uri}}},
        {"jsonrpc": "2.0", "method": "textDocument/didClose", "params": {"textDocument": {"uri": uri}}},
        {"jsonrpc": "2.0", "id": 4, "method": "shutdown"},
        {"jsonrpc": "2.0", "method": "exit"},
    ]
    put("lsp", f"session{n}", b"".join(frame(m) for m in messages))
PY

export ASAN_OPTIONS="${ASAN_OPTIONS:-halt_on_error=1:detect_leaks=1:print_stacktrace=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}"
mkdir -p "$out/logs"
status=0
for h in "${harnesses[@]}"; do
  corpus="$out/corpus/$h"
  findings="$out/findings/$h"
  log="$out/logs/$h.log"
  mkdir -p "$corpus" "$findings"
  echo "== $h for ${seconds}s"
  start=$(date +%s)
  if ! nice -n 10 "$out/tests/fuzz/fuzz_$h" "$corpus" "$seeds/$h" -max_total_time="$seconds" \
      -timeout="${FUZZ_TIMEOUT:-10}" -rss_limit_mb="${FUZZ_RSS_LIMIT_MB:-2048}" -max_len="${FUZZ_MAX_LEN:-65536}" \
      -artifact_prefix="$findings/" -print_final_stats=1 2>"$log"; then
    status=1
    echo "   FOUND A PROBLEM: see $log and $findings/"
  fi
  echo "   $(($(date +%s) - start)) s, corpus $(find "$corpus" -type f | wc -l) inputs"
  grep -E "stat::number_of_executed_units|stat::peak_rss_mb" "$log" | sed 's/^/   /' || true
done
exit $status
