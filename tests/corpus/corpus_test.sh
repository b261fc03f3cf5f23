#!/usr/bin/env bash
# Runs erlint over the real-world corpus in ../shared/corpus (when present): no file may crash or
# hang the run. Prints the syntax-error rate per language. Skipped, saying so, without the corpus.
set -u
erlint="$1"
corpus="$2"
if [ ! -f "$corpus/manifest.tsv" ]; then
  echo "corpus test skipped: no corpus at $corpus"
  echo "0 passed, 0 failed, 1 skipped"
  exit 0
fi
report=$(mktemp)
trap 'rm -f "$report"' EXIT
start=$(date +%s.%N)
timeout 600 "$erlint" check --format json --output "$report" "$corpus"
status=$?
end=$(date +%s.%N)
if [ "$status" -gt 2 ]; then
  echo "erlint exited with $status over the corpus (crash, signal or timeout)"
  echo "0 passed, 1 failed"
  exit 1
fi
python3 - "$report" "$corpus" "$start" "$end" <<'PY'
import json, os, sys, collections
report, corpus, start, end = sys.argv[1], os.path.normpath(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4])
d = json.load(open(report))
kinds = {}
for line in open(f"{corpus}/manifest.tsv"):
    parts = line.rstrip("\n").split("\t")
    if parts[0] != "file": kinds[parts[0]] = parts[4]
files_with_syntax = collections.defaultdict(set)
for e in d["errors"]:
    if e["code"] == "ERR-SYNTAX":
        rel = os.path.relpath(os.path.normpath(e["file"]), corpus)
        files_with_syntax[kinds.get(rel, "other")].add(rel)
totals = collections.Counter(kinds.values())
for kind in sorted(totals):
    print(f"{kind:12} {totals[kind]:6} files, {len(files_with_syntax[kind]):5} with ERR-SYNTAX ({100.0*len(files_with_syntax[kind])/max(1,totals[kind]):.2f}%)")
print(f"findings: {len(d['findings'])}, tool errors: {len(d['errors'])}, wall time {end-start:.1f} s")
print("1 passed, 0 failed")
PY
