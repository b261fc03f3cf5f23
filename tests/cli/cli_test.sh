#!/usr/bin/env bash
# End-to-end tests of the erlint program: exit codes, help, formats, file lists, bad input.
set -u
erlint="$1"
case "$erlint" in /*) ;; *) erlint="$PWD/$erlint" ;; esac  # the tests change folders
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
mkdir -p "$work/binary"   # a folder of its own: the .tf files of a folder are read together
printf '\x00\x01\x02binary' >"$work/binary/blob.tf"
check "binary file skipped" 0 "$erlint" check --color never "$work/binary/blob.tf"
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

# ---------------------------------------------------------------------------------------------
# Output formats (tests/golden compares them byte for byte; here: they parse, and the exit code).
golden="$repo/tests/golden"
grules="$golden/rules"
for format in sarif github junit; do
  check "format $format" 1 "$erlint" check --no-config --rules-dir "$grules" --format "$format" "$golden/project"
  cp "$work/out" "$work/report.$format"
done
if python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); r=d["runs"][0]; assert d["version"]=="2.1.0"; assert r["results"]; assert all(x["ruleId"].startswith("ER-ZZ-") for x in r["results"]); assert r["invocations"][0]["toolExecutionNotifications"]' "$work/report.sarif"; then
  passed=$((passed + 1)); else failed=$((failed + 1)); echo "FAIL sarif structure"; fi
if python3 -c 'import sys, xml.dom.minidom as m; d=m.parse(sys.argv[1]); assert d.getElementsByTagName("failure") and d.getElementsByTagName("error")' "$work/report.junit"; then
  passed=$((passed + 1)); else failed=$((failed + 1)); echo "FAIL junit is well-formed XML with failures and errors"; fi
contains "github escapes % in messages" "$work/report.github" "100%25:x"
contains "github annotation" "$work/report.github" "::error file="
if grep -v '^::' "$work/report.github" | grep -q .; then failed=$((failed + 1)); echo "FAIL github: only workflow commands"; else passed=$((passed + 1)); fi
mkdir -p "$work/odd,dir:x"
cp "$golden/project/network.json" "$work/odd,dir:x/n%1.json"
check "github escapes properties" 1 "$erlint" check --no-config --rules-dir "$grules" --format github "$work/odd,dir:x"
contains "github file property escaped" "$work/out" "odd%2Cdir%3Ax/n%251.json,line="

# ---------------------------------------------------------------------------------------------
# .erlint.yaml
cfg="$work/cfg"
mkdir -p "$cfg/sub/generated" "$cfg/legacy"
cp "$golden/project/network.json" "$cfg/sub/network.json"
cp "$golden/project/network.json" "$cfg/sub/generated/network.json"
cp "$golden/project/network.json" "$cfg/legacy/old.json"
check "no config: everything" 1 "$erlint" check --no-config --rules-dir "$grules" --format json "$cfg"
n_all=$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["findings"]))' "$work/out")
cat >"$cfg/.erlint.yaml" <<'YAML'
rules:
  ER-ZZ-903: { enabled: false }
  ER-ZZ-901:
    severity: note
  ER-ZZ-902:
    options:
      exempt_subnets: [snet-app, snet-exempt]
exclude:
  - "**/generated/"
  - legacy/*.json
fail_on: warning
YAML
# Found by walking up from the analysed folder.
check "config applies" 1 "$erlint" check --rules-dir "$grules" --format json "$cfg/sub"
summary=$(python3 -c '
import json,sys
d=json.load(open(sys.argv[1]))
print(" ".join(sorted("%s:%s:%s" % (f["rule"], f["severity"], f["file"].split("/")[-2]) for f in d["findings"])))' "$work/out")
if [ "$summary" = "ER-ZZ-901:note:sub ER-ZZ-902:warning:sub" ]; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "FAIL config applies: $summary"; fi
check "config excludes" 1 "$erlint" check --rules-dir "$grules" --format json "$cfg"
if ! grep -q "generated/" "$work/out" && ! grep -q "legacy/" "$work/out" && grep -q '"sub/network.json"\|sub/network.json' "$work/out"; then
  passed=$((passed + 1)); else failed=$((failed + 1)); echo "FAIL config excludes"; fi
check "--rule runs a disabled rule" 0 "$erlint" check --rules-dir "$grules" --rule ER-ZZ-903 --color never "$cfg/sub"
contains "--rule runs a disabled rule: finding" "$work/out" "note[ER-ZZ-903]"
# fail_on from the file, --fail-on wins.
sed -i 's/^fail_on: warning/fail_on: error/' "$cfg/.erlint.yaml"
check "fail_on error from the config" 0 "$erlint" check --rules-dir "$grules" "$cfg/sub"
check "--fail-on wins over the config" 1 "$erlint" check --rules-dir "$grules" --fail-on note "$cfg/sub"
check "--no-config" 1 "$erlint" check --no-config --rules-dir "$grules" "$cfg/sub"
cp "$cfg/.erlint.yaml" "$work/other.yaml"
check "--config FILE" 0 "$erlint" check --config "$work/other.yaml" --rules-dir "$grules" "$golden/project/clean.json"
check "--config missing" 2 "$erlint" check --config "$work/nope.yaml" --rules-dir "$grules" "$cfg/sub"
contains "--config missing is ERR-CONFIG" "$work/out" "ERR-CONFIG"
# Each file follows the nearest .erlint.yaml above it: a sub-project's own file wins there, the
# root file governs the rest (one run, two configurations).
mkdir -p "$cfg/team"
cp "$golden/project/network.json" "$cfg/team/network.json"
cat >"$cfg/team/.erlint.yaml" <<'YAML'
rules:
  ER-ZZ-901: { enabled: false }
  ER-ZZ-902: { severity: error }
YAML
check "nearest config per file" 1 "$erlint" check --rules-dir "$grules" --format json --fail-on note "$cfg"
summary=$(python3 -c '
import json,sys
d=json.load(open(sys.argv[1]))
print(" ".join(sorted("%s:%s:%s" % (f["rule"], f["severity"], f["file"].split("/")[-2]) for f in d["findings"])))' "$work/out")
# team: no exempt subnets and ER-ZZ-903 enabled again, so two of each there.
if [ "$summary" = "ER-ZZ-901:note:sub ER-ZZ-902:error:team ER-ZZ-902:error:team ER-ZZ-902:warning:sub ER-ZZ-903:note:team ER-ZZ-903:note:team" ]; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "FAIL nearest config per file: $summary"; fi
# fail_on follows the file's configuration: the root says error, the sub-project's file fails on its error.
check "fail_on per configuration: root only" 0 "$erlint" check --rules-dir "$grules" "$cfg/sub"
check "fail_on per configuration: sub-project error" 1 "$erlint" check --rules-dir "$grules" "$cfg/team"
check "verbose names both configurations" 1 "$erlint" check --rules-dir "$grules" --verbose "$cfg"
contains "verbose: root configuration" "$work/err" "configuration $cfg/.erlint.yaml"
contains "verbose: sub-project configuration" "$work/err" "configuration $cfg/team/.erlint.yaml"
printf 'rules:\n  ER-ZZ-999: {}\n' >"$cfg/team/.erlint.yaml"
check "a broken sub-project config stops the run" 2 "$erlint" check --rules-dir "$grules" --color never "$cfg"
contains "sub-project config error located" "$work/out" "team/.erlint.yaml:2:3: no rule 'ER-ZZ-999'"
rm -r "$cfg/team"
# limits: in .erlint.yaml change the reading, parsing and loop limits, each named in its ERR-LIMIT.
lim="$work/limits"
mkdir -p "$lim"
cat >"$lim/loop.bicep" <<'BICEP'
var names = ['a', 'b', 'GatewaySubnet']
resource nsg 'Microsoft.Network/networkSecurityGroups@2024-05-01' = { name: 'nsg', location: 'westeurope' }
resource vnet 'Microsoft.Network/virtualNetworks@2024-05-01' = {
  name: 'vnet'
  location: 'westeurope'
  properties: {
    addressSpace: { addressPrefixes: ['10.0.0.0/16'] }
    subnets: [for (n, i) in names: { name: n, properties: { addressPrefix: '10.0.${i}.0/24', networkSecurityGroup: { id: nsg.id } } }]
  }
}
BICEP
check "limits: defaults find the looped GatewaySubnet" 1 "$erlint" check --color never --rule ER-NS-001 "$lim"
contains "limits: default finding" "$work/out" "error[ER-NS-001]"
printf 'limits:\n  max_loop_items: 2\n' >"$lim/.erlint.yaml"
check "limits: max_loop_items makes the loop unknown" 0 "$erlint" check --color never --rule ER-NS-001 "$lim"
printf 'limits:\n  max_file_bytes: 100\n' >"$lim/.erlint.yaml"
check "limits: max_file_bytes" 1 "$erlint" check --color never "$lim"
contains "limits: max_file_bytes named" "$work/out" "over the max_file_bytes limit of 100 bytes"
printf 'limits:\n  max_nesting_depth: 3\n' >"$lim/.erlint.yaml"
check "limits: max_nesting_depth" 1 "$erlint" check --color never "$lim"
contains "limits: max_nesting_depth named" "$work/out" "(max_nesting_depth)"
printf 'limits:\n  max_loop_items: -4\n  max_files: 3\n' >"$lim/.erlint.yaml"
check "limits: bad values are ERR-CONFIG" 2 "$erlint" check --color never "$lim"
contains "limits: bad number located" "$work/out" ".erlint.yaml:2:19: limit 'max_loop_items' takes a positive whole number"
contains "limits: unknown limit located" "$work/out" ".erlint.yaml:3:3: unknown limit 'max_files'"
rm -r "$lim"

# --parameters FILE: the values for the templates named on the command line, instead of the
# parameter files beside them.
pa="$repo/fixtures/ER-NS-001/arm-parameters"
sed 's/"GatewaySubnet"/"snet-renamed"/' "$pa/azuredeploy.parameters.json" >"$work/dev.parameters.json"
check "--parameters: the file beside it by name" 1 "$erlint" check --no-config --format json --rule ER-NS-001 "$pa/azuredeploy.json"
check "--parameters: other values" 0 "$erlint" check --no-config --format json --rule ER-NS-001 --parameters "$work/dev.parameters.json" "$pa/azuredeploy.json"
check "--parameters: the same values" 1 "$erlint" check --no-config --color never --rule ER-NS-001 --parameters "$pa/azuredeploy.parameters.json" "$pa/azuredeploy.json"
contains "--parameters: finding from the named values" "$work/out" "azuredeploy.json:17:"
check "--parameters: not a parameters file" 2 "$erlint" check --no-config --color never --parameters "$pa/azuredeploy.json" "$pa/azuredeploy.json"
contains "--parameters: says why" "$work/out" "--parameters: not an ARM parameters file or a .bicepparam file"
check "--parameters: no template named" 2 "$erlint" check --no-config --color never --parameters "$pa/azuredeploy.parameters.json" "$pa"
contains "--parameters: asks for the template" "$work/out" "name the ARM template or Bicep file"
check "--parameters: missing file" 2 "$erlint" check --no-config --color never --parameters "$work/nope.json" "$pa/azuredeploy.json"
pb="$repo/fixtures/ER-NS-001/bicep-params"
sed "s/'GatewaySubnet'/'snet-renamed'/" "$pb/main.bicepparam" >"$work/dev.bicepparam"
check "--parameters: a .bicepparam for a Bicep file" 0 "$erlint" check --no-config --color never --rule ER-NS-001 --parameters "$work/dev.bicepparam" "$pb/main.bicep"

# Every mistake is ERR-CONFIG with file:line:col, exit 2, and nothing is analysed.
cat >"$cfg/.erlint.yaml" <<'YAML'
rules:
  ER-ZZ-999: { enabled: false }
  ER-ZZ-901:
    severity: fatal
    enabled: yes
  ER-ZZ-902:
    options:
      exempt_subnetz: []
      exempt_subnets: snet-app
exclude: legacy/
fail_on: sometimes
colour: red
YAML
check "bad config" 2 "$erlint" check --rules-dir "$grules" --color never "$cfg/sub"
for where in ".erlint.yaml:2:3: no rule 'ER-ZZ-999'" ".erlint.yaml:4:15: 'severity'" ".erlint.yaml:5:14: 'enabled'" \
             ".erlint.yaml:8:7: rule 'ER-ZZ-902' has no option 'exempt_subnetz'" ".erlint.yaml:9:7: option 'exempt_subnets' of rule 'ER-ZZ-902' takes a list" \
             ".erlint.yaml:10:10: 'exclude'" ".erlint.yaml:11:10: 'fail_on'" ".erlint.yaml:12:1: unknown key 'colour'"; do
  contains "config error $where" "$work/out" "$where"
done
if grep -q "ER-ZZ-90[0-9]\]" "$work/out"; then failed=$((failed + 1)); echo "FAIL a bad config analyses nothing"; else passed=$((passed + 1)); fi
check "bad config in sarif" 2 "$erlint" check --rules-dir "$grules" --format sarif "$cfg/sub"
if python3 -c 'import json,sys; r=json.load(open(sys.argv[1]))["runs"][0]; assert not r["results"]; n=r["invocations"][0]; assert not n["executionSuccessful"]; assert n["toolExecutionNotifications"][0]["descriptor"]["id"]=="ERR-CONFIG"' "$work/out"; then
  passed=$((passed + 1)); else failed=$((failed + 1)); echo "FAIL config errors are SARIF notifications"; fi
printf 'rules: [\n' >"$cfg/.erlint.yaml"
check "config that is not YAML" 2 "$erlint" check --rules-dir "$grules" --color never "$cfg/sub"
contains "YAML error located" "$work/out" ".erlint.yaml:2:"
rm "$cfg/.erlint.yaml"

# erlint init: a commented starter that loads, and is never overwritten.
mkdir -p "$work/init"
check "init" 0 "$erlint" init --rules-dir "$grules" "$work/init"
contains "init lists the rules" "$work/init/.erlint.yaml" "#  ER-ZZ-902:"
contains "init shows option defaults" "$work/init/.erlint.yaml" 'exempt_subnets: ["snet-exempt"]'
check "the starter config loads" 1 "$erlint" check --rules-dir "$grules" --config "$work/init/.erlint.yaml" --color never "$golden/project/network.json"
sed -i 's/^#  ER-ZZ-902:/  ER-ZZ-902:/; s/^#    options:/    options:/; s/^#      exempt_subnets: .*/      exempt_subnets: [snet-app, snet-exempt]/' "$work/init/.erlint.yaml"
check "the uncommented starter loads" 1 "$erlint" check --rules-dir "$grules" --config "$work/init/.erlint.yaml" --color never "$golden/project/network.json"
cp "$work/init/.erlint.yaml" "$work/init/before"
check "init refuses to overwrite" 2 "$erlint" init --rules-dir "$grules" "$work/init"
if cmp -s "$work/init/.erlint.yaml" "$work/init/before"; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "FAIL init overwrote"; fi
check "init with the real pack" 0 "$erlint" init "$work/clean"
check "real starter loads" 0 "$erlint" check "$work/clean/main.bicep"
rm "$work/clean/.erlint.yaml"

# ---------------------------------------------------------------------------------------------
# Baselines: fingerprints survive moved lines and reformatting; new findings still fail.
base="$work/base"
mkdir -p "$base/terraform"
cp "$golden/project/network.json" "$base/"
cp "$golden/project/terraform/"*.tf "$base/terraform/"
cd "$base" || exit 1
check "write baseline" 0 "$erlint" check --no-config --rules-dir "$grules" --write-baseline baseline.json .
contains "write baseline: summary" "$work/out" "matched the baseline"
if python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); f=d["findings"]; assert len(f)==6 and all(set(x)=={"rule","file","fingerprint","message"} for x in f)' baseline.json; then
  passed=$((passed + 1)); else failed=$((failed + 1)); echo "FAIL baseline file"; fi
check "baseline: clean" 0 "$erlint" check --no-config --rules-dir "$grules" --baseline baseline.json --color never .
contains "baseline: matched count" "$work/out" "(6 matched the baseline)"
# Move every finding down and reformat the Terraform one.
{ printf '# moved\n\n\n'; sed 's/network_security_group_id = azurerm/network_security_group_id   =    azurerm/' terraform/network.tf; } >terraform/tmp && mv terraform/tmp terraform/network.tf
python3 -c 'import json,sys; p=sys.argv[1]; d=json.load(open(p)); d["resources"].insert(0, {"type":"Microsoft.Resources/tags","apiVersion":"2024-03-01","name":"default","properties":{"tags":{}}}); json.dump(d, open(p,"w"), indent=4)' network.json
check "baseline: moved and reformatted findings still match" 0 "$erlint" check --no-config --rules-dir "$grules" --baseline baseline.json --format json .
if python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["baseline"]=={"matched":6}, d["baseline"]; assert all(f["suppressed"] for f in d["findings"])' "$work/out"; then
  passed=$((passed + 1)); else failed=$((failed + 1)); echo "FAIL baseline JSON field"; head -c 600 "$work/out"; fi
check "baseline: absolute paths match too" 0 "$erlint" check --no-config --rules-dir "$grules" --baseline baseline.json "$base"
# A new finding is reported.
sed 's/"vnet-hub"/"vnet-new"/; s/nsg-default/nsg-other/' "$golden/project/network.json" >new.json
check "baseline: a new finding fails" 1 "$erlint" check --no-config --rules-dir "$grules" --baseline baseline.json --color never .
contains "baseline: the new finding" "$work/out" "new.json:31:"
if grep -q -- "--> network.json:" "$work/out"; then failed=$((failed + 1)); echo "FAIL baseline: old findings hidden"; else passed=$((passed + 1)); fi
printf '{"findings": [{"rule": 1}]}' >bad-baseline.json
check "bad baseline" 2 "$erlint" check --no-config --rules-dir "$grules" --baseline bad-baseline.json .
check "missing baseline" 2 "$erlint" check --no-config --rules-dir "$grules" --baseline nope.json .
cd - >/dev/null || exit 1

# ---------------------------------------------------------------------------------------------
# --changed-since: only findings on lines changed since a git revision.
gitrepo="$work/git"
mkdir -p "$gitrepo"
cp "$golden/project/network.json" "$gitrepo/"
cp -r "$golden/project/terraform" "$gitrepo/"
cp "$golden/project/clean.json" "$gitrepo/tracked.json"
git -C "$gitrepo" init -q -b main
git -C "$gitrepo" -c user.email=t@example.com -c user.name=t add -A
git -C "$gitrepo" -c user.email=t@example.com -c user.name=t -c commit.gpgsign=false commit -q -m base
check "changed-since: nothing changed" 0 "$erlint" check --no-config --rules-dir "$grules" --changed-since HEAD --color never "$gitrepo"
contains "changed-since: summary" "$work/out" "(7 on lines unchanged since HEAD)"
sed -i 's/network_security_group_id = azurerm_network_security_group.hub.id/network_security_group_id = azurerm_network_security_group.hub.id # touched/' "$gitrepo/terraform/network.tf"
cp "$golden/project/clean.json" "$gitrepo/untracked.json"
sed -i 's/"enableDdosProtection": false,//' "$gitrepo/untracked.json"
# Deleting a line inside a declaration makes the finding about that resource new, wherever it points.
sed -i '/"enableDdosProtection"/d' "$gitrepo/tracked.json"
check "changed-since: the changed line" 1 "$erlint" check --no-config --rules-dir "$grules" --changed-since HEAD --format json "$gitrepo"
got=$(python3 -c 'import json,sys; print(" ".join("%s@%s:%d" % (f["rule"], f["file"].split("/")[-1], f["line"]) for f in json.load(open(sys.argv[1]))["findings"]))' "$work/out")
if [ "$got" = "ER-ZZ-901@network.tf:23 ER-ZZ-903@tracked.json:8 ER-ZZ-903@untracked.json:8" ]; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "FAIL changed-since findings: $got"; fi
contains "changed-since: JSON field" "$work/out" '"changed_since"'
check "changed-since: a bad revision" 2 "$erlint" check --no-config --rules-dir "$grules" --changed-since no-such-ref "$gitrepo"
check "changed-since: an option is not a revision" 2 "$erlint" check --no-config --rules-dir "$grules" --changed-since --output "$gitrepo"
check "changed-since: not a git repository" 2 "$erlint" check --no-config --rules-dir "$grules" --changed-since HEAD "$cfg/sub"

# ---------------------------------------------------------------------------------------------
# --quiet, --verbose, and the progress line (on a terminal only).
check "quiet" 1 "$erlint" check --no-config --rules-dir "$grules" --quiet --color never "$golden/project"
if grep -q " in [0-9]* files" "$work/out"; then failed=$((failed + 1)); echo "FAIL quiet prints no summary"; else passed=$((passed + 1)); fi
check "verbose" 1 "$erlint" check --no-config --rules-dir "$grules" --verbose --color never "$golden/project"
contains "verbose: files read" "$work/err" "read $golden/project/network.json (arm,"
contains "verbose: rules run" "$work/err" "rule ER-ZZ-902: "
contains "verbose: timings" "$work/err" "analysis "
for phase in "discover " "read " "parse " "graph " "rules " "findings " "report "; do contains "verbose: time of phase $phase" "$work/err" "$phase"; done
contains "verbose: report on stdout" "$work/out" "error[ER-ZZ-901]"
check "no progress line without a terminal" 0 env -u CI ERLINT_PROGRESS_AFTER_MS=0 "$erlint" check "${files[@]}"
progress_line='erlint: [|/\\-] (finding files|reading|parsing|building the resource graph|checking the rules|writing the report)'
if grep -qE "$progress_line" "$work/err"; then failed=$((failed + 1)); echo "FAIL progress line without a terminal"; else passed=$((passed + 1)); fi
if command -v script >/dev/null 2>&1; then
  cmd="env -u CI ERLINT_PROGRESS_AFTER_MS=0 '$erlint' check --color never ${files[*]}"
  script -qec "$cmd" "$work/tty.log" >/dev/null 2>&1
  if grep -qE "$progress_line" "$work/tty.log"; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "FAIL progress line on a terminal"; cat -v "$work/tty.log" | head; fi
  script -qec "env -u CI ERLINT_PROGRESS_AFTER_MS=0 '$erlint' check --quiet --color never ${files[*]}" "$work/tty.log" >/dev/null 2>&1
  if grep -qE "$progress_line" "$work/tty.log"; then failed=$((failed + 1)); echo "FAIL --quiet has no progress line"; else passed=$((passed + 1)); fi
else
  echo "SKIP progress line: no 'script' program to make a terminal"
fi

# ---------------------------------------------------------------------------------------------
# The README's examples, run as written (erlint on the PATH): configuration, baselines, and the
# GitHub Actions and Azure Pipelines commands in a git repository with a pull-request branch.
readme="$repo/README.md"
bindir="$(dirname "$erlint")"
if [ "$(basename "$erlint")" != erlint ]; then mkdir -p "$work/bin"; ln -sf "$erlint" "$work/bin/erlint"; bindir="$work/bin"; fi
block_after() {  # block_after HEADING LANG: the first ```LANG block after the heading line
  awk -v h="$1" -v l="$2" '$0 == h {s=1} s==1 && $0 == "```" l {s=2; next} s==2 && $0 == "```" {exit} s==2 {print}' "$readme"
}
block_after '### Configuration (`.erlint.yaml`)' yaml >"$work/readme-config.yaml"
check "README configuration example loads" 1 "$erlint" check --config "$work/readme-config.yaml" --color never "$repo/examples/expressroute-hub"
if grep -q "ERR-CONFIG" "$work/out"; then failed=$((failed + 1)); echo "FAIL README configuration example"; grep ERR-CONFIG "$work/out"; else passed=$((passed + 1)); fi

readme_repo="$work/readme-repo"
mkdir -p "$readme_repo"
cp -r "$repo/examples/expressroute-hub/." "$readme_repo/"
cd "$readme_repo" || exit 1
git init -q -b main .
git -c user.email=t@example.com -c user.name=t add -A
git -c user.email=t@example.com -c user.name=t -c commit.gpgsign=false commit -q -m main
mapfile -t baseline_commands < <(block_after '### Baselines' sh | sed 's/ *#.*$//')
if [ "${#baseline_commands[@]}" -eq 2 ]; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "FAIL README baseline commands: ${#baseline_commands[@]}"; fi
check "README: write a baseline" 0 env PATH="$bindir:$PATH" bash -c "${baseline_commands[0]}"
check "README: check against the baseline" 0 env PATH="$bindir:$PATH" bash -c "${baseline_commands[1]}"
rm -f .erlint-baseline.json
git update-ref refs/remotes/origin/main main  # what actions/checkout with fetch-depth 0 provides
git checkout -q -b pull-request
cat >pr.bicep <<'BICEP'
resource nsg 'Microsoft.Network/networkSecurityGroups@2024-05-01' = {
  name: 'nsg-pr'
  location: 'westeurope'
}

resource vnet 'Microsoft.Network/virtualNetworks@2024-05-01' = {
  name: 'vnet-pr'
  location: 'westeurope'
  properties: {
    addressSpace: { addressPrefixes: ['10.7.0.0/16'] }
    subnets: [
      { name: 'GatewaySubnet', properties: { addressPrefix: '10.7.0.0/27', networkSecurityGroup: { id: nsg.id } } }
    ]
  }
}
BICEP
git -c user.email=t@example.com -c user.name=t add pr.bicep
git -c user.email=t@example.com -c user.name=t -c commit.gpgsign=false commit -q -m "pull request"
mapfile -t gh_commands < <(sed -n 's/^ *run: \(erlint check .*\)$/\1/p' "$readme")
mapfile -t az_commands < <(sed -n 's/^ *- script: \(erlint check .*\)$/\1/p' "$readme")
if [ "${#gh_commands[@]}" -eq 2 ] && [ "${#az_commands[@]}" -eq 1 ]; then passed=$((passed + 1)); else
  failed=$((failed + 1)); echo "FAIL README workflow commands: ${#gh_commands[@]} GitHub, ${#az_commands[@]} Azure"; fi
check "README GitHub: annotate the changed lines" 1 env PATH="$bindir:$PATH" GITHUB_BASE_REF=main bash -c "${gh_commands[0]}"
contains "README GitHub: the pull request's finding is annotated" "$work/out" "::error file=pr.bicep,line=12,"
if grep -v '^::' "$work/out" | grep -q . || grep -q "file=spoke.json\|file=hub.bicep\|file=terraform" "$work/out"; then
  failed=$((failed + 1)); echo "FAIL README GitHub: only the pull request's lines are annotated"; cat "$work/out"; else passed=$((passed + 1)); fi
check "README GitHub: SARIF" 1 env PATH="$bindir:$PATH" bash -c "${gh_commands[1]}"
if python3 -c 'import json,sys; r=json.load(open(sys.argv[1]))["runs"][0]["results"]; assert {x["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for x in r} >= {"pr.bicep","spoke.json"}' erlint.sarif; then
  passed=$((passed + 1)); else failed=$((failed + 1)); echo "FAIL README GitHub: erlint.sarif"; fi
check "README Azure Pipelines: JUnit" 1 env PATH="$bindir:$PATH" bash -c "${az_commands[0]}"
if python3 -c 'import sys, xml.dom.minidom as m; d=m.parse(sys.argv[1]); names=[s.getAttribute("name") for s in d.getElementsByTagName("testsuite")]; assert "pr.bicep" in names and d.getElementsByTagName("failure")' erlint-junit.xml; then
  passed=$((passed + 1)); else failed=$((failed + 1)); echo "FAIL README Azure Pipelines: erlint-junit.xml"; fi
mapfile -t pr_commands < <(block_after '### Pull-request checks' sh)
check "README: --changed-since merge-base" 1 env PATH="$bindir:$PATH" bash -c "${pr_commands[0]} --color never"
contains "README: --changed-since shows the new finding" "$work/out" "pr.bicep:12:"
if grep -q -- "--> spoke.json" "$work/out"; then failed=$((failed + 1)); echo "FAIL README: --changed-since hides old findings"; else passed=$((passed + 1)); fi
cd - >/dev/null || exit 1

# --controls: a summary per MCSB control
check "controls summary" 1 "$erlint" check --controls --color never "$repo/examples/expressroute-hub"
contains "controls table" "$work/out" "resources checked"
contains "NS-1 row" "$work/out" "NS-1"

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
