#!/usr/bin/env bash
# Checks that every module under lint/ includes only the modules below it (ARCHITECTURE.md), and
# that tree-sitter headers stay inside syntax/ and parse/.
set -u
lint_dir="$1"
declare -A allowed=(
  [support]="support"
  [source]="support source"
  [model]="support source model"
  [syntax]="support source syntax"
  [parse]="support source model syntax parse"
  [eval]="support source model eval"
  [graph]="support source model eval graph"
  [rules]="support source model eval graph rules"
  [driver]="support source model syntax parse eval graph rules driver"
  [report]="support source model eval graph rules driver report"
  [lsp]="support source model syntax parse eval graph rules driver report lsp"
  [cli]="support source model syntax parse eval graph rules driver report lsp cli"
)
violations=0
checked=0
for module in "${!allowed[@]}"; do
  [ -d "$lint_dir/$module" ] || continue
  while IFS= read -r -d '' file; do
    checked=$((checked + 1))
    while IFS= read -r line; do
      target=$(sed -n 's/^#include "\([a-z_]*\)\/.*/\1/p' <<<"$line")
      [ -n "$target" ] || continue
      if ! grep -qw "$target" <<<"${allowed[$module]}"; then
        echo "LAYERING: $file includes $target/ ($module may use: ${allowed[$module]})"
        violations=$((violations + 1))
      fi
    done < <(grep -h '^#include "' "$file")
    if [ "$module" != syntax ] && [ "$module" != parse ] && grep -q '#include <tree_sitter/' "$file"; then
      echo "LAYERING: $file includes tree-sitter (only syntax/ and parse/ may)"
      violations=$((violations + 1))
    fi
  done < <(find "$lint_dir/$module" -name '*.hpp' -print0 -o -name '*.cpp' -print0)
done
echo "layering: $checked files checked"
if [ "$checked" -eq 0 ]; then echo "0 passed, 1 failed"; exit 1; fi
if [ "$violations" -eq 0 ]; then echo "1 passed, 0 failed"; exit 0; fi
echo "0 passed, 1 failed ($violations violations)"
exit 1
