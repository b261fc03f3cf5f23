#!/usr/bin/env bash
# Validates erlint's SARIF with Microsoft's official SARIF validator (the npm package
# @microsoft/sarif-multitool), with the SARIF rules and GitHub code scanning's ingestion rules.
# Skipped (exit 77, with a message) when npm cannot fetch the validator.
#   validate_sarif.sh ERLINT REPO
set -u
erlint="$1"
repo="$2"
here="$(cd "$(dirname "$0")" && pwd)"
if ! command -v npx >/dev/null 2>&1; then
  echo "SKIP: npx is not installed, the SARIF validator cannot run"
  exit 77
fi
if ! version=$(timeout 120 npm view @microsoft/sarif-multitool version 2>/dev/null) || [ -z "$version" ]; then
  echo "SKIP: npm cannot reach @microsoft/sarif-multitool (offline?)"
  exit 77
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
passed=0
failed=0
validate() {  # validate NAME FILE
  # npx hands the arguments to a shell: the semicolon list is quoted twice on purpose.
  if ! (cd "$work" && timeout 600 npx --yes "@microsoft/sarif-multitool@$version" validate --level '"Error;Warning"' \
        --rule-kind '"Sarif;Gh"' "$2") >"$work/validator.out" 2>&1; then
    failed=$((failed + 1)); echo "FAIL $1: the validator did not run"; grep -v '^npm warn' "$work/validator.out" | tail -20; return
  fi
  if ! grep -q "Analysis completed successfully" "$work/validator.out"; then
    failed=$((failed + 1)); echo "FAIL $1: the validator did not finish"; grep -v '^npm warn' "$work/validator.out" | tail -20; return
  fi
  # The validator exits 0 even when it reports problems: read its report.
  if grep -E ': (error|warning) ' "$work/validator.out"; then
    failed=$((failed + 1)); echo "FAIL $1: the SARIF validator reports problems"
  else
    passed=$((passed + 1)); echo "ok $1"
  fi
}

# The golden project (findings, related locations, a suppression, tool errors) ...
(cd "$here" && "$erlint" check --no-config --rules-dir rules --format sarif --output "$work/golden.sarif" project)
validate "golden project" "$work/golden.sarif"
# ... the bundled example with the real rule pack ...
(cd "$repo/examples/expressroute-hub" && "$erlint" check --no-config --format sarif --output "$work/example.sarif" .)
validate "example project" "$work/example.sarif"
# ... and a run that fails on its configuration (notifications only, no results).
printf 'rulez: {}\n' >"$work/.erlint.yaml"
(cd "$work" && "$erlint" check --config .erlint.yaml --format sarif --output "$work/config-error.sarif" .)
validate "configuration error" "$work/config-error.sarif"

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
