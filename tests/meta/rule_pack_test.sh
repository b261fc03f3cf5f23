#!/usr/bin/env bash
# Checks every rule file of the pack: it loads without ERR-CONFIG (schema), its ID is unique and
# equals its file name, its docs have what/why/fix/references, and its fixture folder has Bicep,
# ARM JSON and Terraform files with at least one expect: and one ok: annotation.
set -u
erlint="$1"
repo="$2"
passed=0
failed=0
fail() { failed=$((failed + 1)); echo "FAIL $1"; }

if "$erlint" rules --rules-dir "$repo/rules" >/tmp/erlint-rules.$$ 2>&1; then passed=$((passed + 1)); else fail "the rule pack does not load:"; cat /tmp/erlint-rules.$$; fi
rm -f /tmp/erlint-rules.$$

declare -A seen
for file in "$repo"/rules/*.yaml; do
  name=$(basename "$file" .yaml)
  id=$(sed -n 's/^id:[[:space:]]*\([A-Z0-9-]*\).*/\1/p' "$file" | head -1)
  [ "$id" = "$name" ] || fail "$file: id '$id' differs from the file name"
  [ -z "${seen[$id]:-}" ] || fail "$file: duplicate id $id"
  seen[$id]=1
  for key in what why fix references; do
    grep -qE "^  $key:" "$file" || fail "$file: docs.$key is missing"
  done
  for key in title severity controls status since message; do
    grep -qE "^$key:" "$file" || fail "$file: $key is missing"
  done
  dir="$repo/fixtures/$id"
  if [ ! -d "$dir" ]; then fail "$id: no fixtures/$id/"; continue; fi
  for ext in bicep json tf; do
    ls "$dir"/*."$ext" >/dev/null 2>&1 || fail "$id: no .$ext fixture at the top of fixtures/$id/"
  done
  grep -rqs "expect: .*$id" "$dir" || fail "$id: no 'expect: $id' annotation"
  grep -rqs "ok: .*$id" "$dir" || fail "$id: no 'ok: $id' annotation"
  passed=$((passed + 1))
done
[ "${#seen[@]}" -gt 0 ] || fail "no rules found"
echo "rule pack: ${#seen[@]} rules"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
