#!/usr/bin/env bash
# The VS Code extension in editors/vscode builds and packages: a copy of it (the source tree stays
# clean) gets its pinned packages with `npm ci`, compiles, and `vsce package` writes a .vsix that
# holds the manifest, the compiled extension and the vscode-languageclient runtime. The packaged
# extension is then loaded under node with a stub `vscode` module (vscode_activate_check.js).
# Needs node and npm (.ci/bootstrap installs them) and the npm registry, or a warm npm cache.
#   vscode_package_test.sh REPO
set -u
repo="$1"
here="$(cd "$(dirname "$0")" && pwd)"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export NO_COLOR=1 npm_config_update_notifier=false npm_config_loglevel=error
passed=0
failed=0
pass() { passed=$((passed + 1)); echo "ok $1"; }
fail() { failed=$((failed + 1)); echo "FAIL $1"; [ -f "$work/out" ] && tail -40 "$work/out"; }
finish() { echo "$passed passed, $failed failed"; [ "$failed" -eq 0 ]; exit; }

for tool in node npm; do
  if ! command -v "$tool" >/dev/null 2>&1; then fail "$tool is installed (.ci/bootstrap installs npm)"; finish; fi
done
echo "node $(node --version), npm $(npm --version)"

ext="$work/vscode"
mkdir -p "$ext"
# Only the committed sources, not a developer's node_modules, out/ or .vsix files.
(cd "$repo/editors/vscode" && tar --exclude=./node_modules --exclude=./out --exclude='./*.vsix' -cf - .) | (cd "$ext" && tar -xf -)

step() {  # step NAME COMMAND...: run in the copy, stop the test at the first failure
  local name="$1"
  shift
  if (cd "$ext" && "$@") >"$work/out" 2>&1 </dev/null; then pass "$name"; else fail "$name"; finish; fi
}
# --ignore-scripts: the only install scripts are for vsce's optional keytar (a native build that
# would try to download a prebuilt binary) and vsce-sign, neither of which packaging uses.
step "npm ci (pinned by package-lock.json)" npm ci --ignore-scripts --no-audit --no-fund --prefer-offline
step "npm run compile" npm run compile
[ -f "$ext/out/extension.js" ] && pass "out/extension.js was written" || fail "out/extension.js was written"
step "vsce package" npx --no-install vsce package --skip-license --allow-missing-repository -o "$work/erlint.vsix"

entries="$work/entries"
if command -v python3 >/dev/null 2>&1; then
  python3 -c 'import sys, zipfile; print("\n".join(zipfile.ZipFile(sys.argv[1]).namelist()))' "$work/erlint.vsix" >"$entries" 2>"$work/out"
else
  unzip -Z1 "$work/erlint.vsix" >"$entries" 2>"$work/out"
fi || { fail "the .vsix is a zip file"; finish; }
for entry in extension/package.json extension/out/extension.js extension/README.md \
             extension/node_modules/vscode-languageclient/package.json \
             extension/node_modules/vscode-languageclient/node.js \
             extension/node_modules/vscode-languageclient/lib/node/main.js \
             extension/node_modules/vscode-languageserver-protocol/package.json \
             extension/node_modules/vscode-jsonrpc/package.json; do
  if grep -qxF "$entry" "$entries"; then pass "the .vsix has $entry"; else fail "the .vsix has $entry"; fi
done
for stray in 'extension/src/' 'extension/tsconfig.json' 'extension/node_modules/typescript/' 'extension/node_modules/@vscode/vsce/' '\.vsix$'; do
  if grep -q -- "$stray" "$entries"; then fail "the .vsix leaves out $stray"; else pass "the .vsix leaves out $stray"; fi
done

# The packaged extension, unpacked, under node with a stub vscode module.
mkdir -p "$work/unpacked"
if python3 -c 'import sys, zipfile; zipfile.ZipFile(sys.argv[1]).extractall(sys.argv[2])' "$work/erlint.vsix" "$work/unpacked" 2>"$work/out" ||
   unzip -q "$work/erlint.vsix" -d "$work/unpacked" 2>"$work/out"; then
  if node "$here/vscode_activate_check.js" "$work/unpacked/extension" >"$work/out" 2>&1; then
    pass "activate() starts \`erlint lsp\` (vscode_activate_check.js: $(tail -1 "$work/out"))"
  else
    fail "activate() starts \`erlint lsp\` (vscode_activate_check.js)"
  fi
else
  fail "the .vsix unpacks"
fi
finish
