#!/usr/bin/env bash
# Golden test of one output format: runs erlint on the fixed project in tests/golden/project with
# the golden rule pack (tests/golden/rules) and compares the report with expected/<format>.
#   run_golden.sh ERLINT FORMAT            compare (exit 1 and a diff on any difference)
#   ERLINT_UPDATE_GOLDEN=1 run_golden.sh …  rewrite the expected file instead
# Run from tests/golden, so every path in the report is relative ("project/network.json").
# Masked before comparing: the time in the text summary line, SARIF's SRCROOT (the absolute
# folder) and the tool version.
set -u
erlint="$1"
format="$2"
here="$(cd "$(dirname "$0")" && pwd)"
cd "$here" || exit 2
case "$format" in
  text) extension=txt; extra=(--color never) ;;
  json) extension=json; extra=() ;;
  sarif) extension=sarif; extra=() ;;
  github) extension=txt; extra=() ;;
  junit) extension=xml; extra=() ;;
  *) echo "unknown format $format"; exit 2 ;;
esac
expected="expected/$format.$extension"
actual=$(mktemp)
trap 'rm -f "$actual"' EXIT
version=$("$erlint" --version | sed 's/^erlint //')
"$erlint" check --no-config --rules-dir rules --format "$format" "${extra[@]}" project >"$actual.raw" 2>"$actual.err"
status=$?
rm -f "$actual.err"
sed -E -e 's/\([0-9]+ ms\)$/(TIME ms)/' \
  -e "s|file://$(pwd | sed 's/[][\\.*^$|]/\\&/g')/|file:///SRCROOT/|" \
  -e "s/\"(semanticVersion|version)\": \"$(printf '%s' "$version" | sed 's/\./\\./g')\"/\"\\1\": \"VERSION\"/" \
  "$actual.raw" >"$actual"
rm -f "$actual.raw"
if [ "${ERLINT_UPDATE_GOLDEN:-}" = 1 ]; then
  cp "$actual" "$expected"
  echo "updated $expected"
  exit 0
fi
failed=0
if [ "$status" -ne 1 ]; then
  echo "FAIL golden.$format: exit $status, expected 1 (the project has findings and a syntax error)"
  failed=1
fi
if ! diff -u "$expected" "$actual"; then
  echo "FAIL golden.$format: the report differs from $expected (ERLINT_UPDATE_GOLDEN=1 rewrites it)"
  failed=1
fi
if [ "$failed" -eq 0 ]; then echo "1 passed, 0 failed"; else echo "0 passed, 1 failed"; fi
exit "$failed"
