#!/usr/bin/env bash
# End-to-end tests of the erlint program: exit codes, help, formats, file lists, bad input.
set -u
erlint="$1"
repo="$2"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
passed=0
failed=0

check() {  # check NAME EXPECTED_EXIT COMMAND...
  local name="$1" expected="$2"
  shift 2
  "$@" >"$work/out" 2>"$work/err"
  local status=$?
  if [ "$status" -eq "$expected" ]; then
    passed=$((passed + 1))
  else
    failed=$((failed + 1))
    echo "FAIL $name: exit $status, expected $expected"
    head -20 "$work/out" "$work/err"
  fi
}

contains() {  # contains NAME FILE TEXT
  if grep -qF -- "$3" "$2"; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "FAIL $1: '$3' not in output"; head -20 "$2"; fi
}

# Help and version
check "help" 0 "$erlint" --help
contains "help lists check" "$work/out" "check [PATH...]"
check "check help" 0 "$erlint" check --help
contains "check help documents exit codes" "$work/out" "Exit codes"
check "version" 0 "$erlint" --version
contains "version string" "$work/out" "erlint "
check "no command" 2 "$erlint"
check "unknown command" 2 "$erlint" frobnicate
check "unknown option" 2 "$erlint" check --frobnicate
check "unknown format" 2 "$erlint" check --format yaml "$repo/examples"
check "unknown rule" 2 "$erlint" check --rule ER-XX-999 "$repo/examples"
check "missing path" 2 "$erlint" check "$work/does-not-exist"

# The bundled example has findings: exit 1, in all three languages.
check "example fails" 1 "$erlint" check --color never "$repo/examples/expressroute-hub"
contains "bicep finding" "$work/out" "hub.bicep:20:"
contains "terraform finding" "$work/out" "network.tf:"
contains "arm finding" "$work/out" "spoke.json:"
contains "rule id and severity" "$work/out" "error[ER-NS-001]"
contains "code frame" "$work/out" "networkSecurityGroup"
contains "summary" "$work/out" "3 errors"

# JSON output parses and has the documented fields.
check "json" 1 "$erlint" check --format json "$repo/examples/expressroute-hub"
if python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); f=d["findings"][0]; [f[k] for k in ("rule","severity","file","line","column","end_line","end_column","message")]; assert isinstance(d["errors"], list)' "$work/out"; then
  passed=$((passed + 1)); else failed=$((failed + 1)); echo "FAIL json schema"; fi

# --output writes the file and nothing to stdout.
check "output file" 1 "$erlint" check --format json --output "$work/report.json" "$repo/examples/expressroute-hub"
if [ -s "$work/report.json" ] && [ ! -s "$work/out" ]; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "FAIL --output"; fi

# A clean project exits 0; --fail-on error ignores warnings.
mkdir -p "$work/clean"
cat >"$work/clean/main.bicep" <<'BICEP'
resource vnet 'Microsoft.Network/virtualNetworks@2024-05-01' = {
  name: 'vnet'
  properties: {
    subnets: [
      { name: 'GatewaySubnet', properties: { addressPrefix: '10.0.0.0/27' } }
    ]
  }
}
BICEP
check "clean exits 0" 0 "$erlint" check "$work/clean"

# Many files on one command line, as pre-commit passes them.
files=()
for i in $(seq 1 300); do
  cp "$work/clean/main.bicep" "$work/clean/copy$i.bicep"
  files+=("$work/clean/copy$i.bicep")
done
check "300 files on the command line" 0 "$erlint" check "${files[@]}"

# Bad input: syntax errors are reported with a location, binary files are skipped, nothing crashes.
mkdir -p "$work/bad"
printf 'resource x %s = {\n  name: \n' "'Microsoft.Network/virtualNetworks@2024-05-01'" >"$work/bad/broken.bicep"
check "syntax error exits 1" 1 "$erlint" check --color never "$work/bad/broken.bicep"
contains "syntax error located" "$work/out" "ERR-SYNTAX"
contains "syntax error has file:line" "$work/out" "broken.bicep:2:"
printf 'resource "x" "y" {\n  name = \n' >"$work/bad/broken.tf"
check "terraform syntax error" 1 "$erlint" check "$work/bad/broken.tf"
printf '\x00\x01\x02binary' >"$work/bad/blob.tf"
check "binary file skipped" 0 "$erlint" check --color never "$work/bad/blob.tf"
contains "binary reported" "$work/out" "binary file"
: >"$work/bad/empty.bicep"
check "empty file" 0 "$erlint" check "$work/bad/empty.bicep"
printf '{"$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#", "resources": [' >"$work/bad/truncated.json"
check "truncated json" 1 "$erlint" check "$work/bad/truncated.json"
python3 -c 'print("[" * 100000)' >"$work/bad/deep.bicep" 2>/dev/null || printf '[[[[' >"$work/bad/deep.bicep"
check "deeply nested bicep does not crash" 1 "$erlint" check "$work/bad/deep.bicep"
ln -s "$work/bad" "$work/bad/loop"
check "symlink loop terminates" 1 "$erlint" check "$work/bad"

# A broken rule file is ERR-CONFIG with file:line:col, exit 2.
mkdir -p "$work/rules/providers"
cp "$repo/rules/providers/azurerm.yaml" "$work/rules/providers/"
printf 'id: ER-XX-001\nname: x\ntitle: x\nseverity: fatal\n' >"$work/rules/ER-XX-001.yaml"
check "bad rule file" 2 "$erlint" check --rules-dir "$work/rules" "$work/clean/main.bicep"
contains "rule error located" "$work/out" "ER-XX-001.yaml:"

# rules and explain
check "rules" 0 "$erlint" rules
contains "rules lists ER-NS-001" "$work/out" "ER-NS-001"
check "explain" 0 "$erlint" explain ER-NS-001
contains "explain has why" "$work/out" "Why it matters"
check "explain unknown" 2 "$erlint" explain ER-XX-999

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
