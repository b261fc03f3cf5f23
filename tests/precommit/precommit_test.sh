#!/usr/bin/env bash
# erlint as a pre-commit hook, end to end: a temporary git repository with a `repo: local` hook
# whose entry is the erlint just built; a commit with a bad Bicep file is blocked (the finding is
# printed), the fixed file commits. Also checks the repository's .pre-commit-hooks.yaml.
# Skipped (exit 77) when pre-commit is not installed.
#   precommit_test.sh ERLINT REPO
set -u
erlint="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"
repo="$2"
if ! command -v pre-commit >/dev/null 2>&1; then
  echo "SKIP: pre-commit is not installed (Debian: apt-get install pre-commit)"
  exit 77
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export PRE_COMMIT_HOME="$work/cache"   # keep pre-commit's cache out of $HOME
export GIT_CONFIG_GLOBAL=/dev/null GIT_CONFIG_NOSYSTEM=1 NO_COLOR=1 TERM=dumb
passed=0
failed=0
pass() { passed=$((passed + 1)); echo "ok $1"; }
fail() { failed=$((failed + 1)); echo "FAIL $1"; [ -f "$work/out" ] && head -40 "$work/out"; }

# The manifest other repositories use (`repo: <erlint's URL>`).
manifest="$repo/.pre-commit-hooks.yaml"
if pre-commit validate-manifest "$manifest" >"$work/out" 2>&1; then pass "manifest is valid"; else fail "manifest is valid"; fi
for field in '- id: erlint' 'entry: erlint check' 'language: system' 'files: \.(bicep|bicepparam|tf|tfvars|json)$' 'pass_filenames: true'; do
  if grep -qF -- "$field" "$manifest"; then pass "manifest has '$field'"; else fail "manifest has '$field'"; fi
done

project="$work/project"
mkdir -p "$project"
cd "$project" || exit 2
git init -q -b main .
git config user.email "test@example.com"
git config user.name "erlint test"
git config commit.gpgsign false
cat >.pre-commit-config.yaml <<YAML
repos:
  - repo: local
    hooks:
      - id: erlint
        name: erlint
        entry: $erlint check
        language: system
        files: \.(bicep|bicepparam|tf|tfvars|json)$
        pass_filenames: true
        require_serial: true
YAML
git add .pre-commit-config.yaml
git commit -q -m "pre-commit configuration" --no-verify
if pre-commit install >"$work/out" 2>&1; then pass "pre-commit install"; else fail "pre-commit install"; fi

cat >good.bicep <<'BICEP'
resource vnet 'Microsoft.Network/virtualNetworks@2024-05-01' = {
  name: 'vnet-good'
  location: 'westeurope'
  properties: {
    addressSpace: { addressPrefixes: ['10.1.0.0/16'] }
    subnets: [
      { name: 'GatewaySubnet', properties: { addressPrefix: '10.1.0.0/27' } }
    ]
  }
}
BICEP
cat >bad.bicep <<'BICEP'
resource nsg 'Microsoft.Network/networkSecurityGroups@2024-05-01' = {
  name: 'nsg-hub'
  location: 'westeurope'
}

resource vnet 'Microsoft.Network/virtualNetworks@2024-05-01' = {
  name: 'vnet-bad'
  location: 'westeurope'
  properties: {
    addressSpace: { addressPrefixes: ['10.0.0.0/16'] }
    subnets: [
      {
        name: 'GatewaySubnet'
        properties: {
          addressPrefix: '10.0.0.0/27'
          networkSecurityGroup: { id: nsg.id }
        }
      }
    ]
  }
}
BICEP
git add good.bicep bad.bicep
if git commit -m "add networks" >"$work/out" 2>&1; then
  fail "a commit with a bad Bicep file is blocked"
else
  pass "a commit with a bad Bicep file is blocked"
  if grep -q "ER-NS-001" "$work/out" && grep -q "bad.bicep:16:" "$work/out"; then pass "the finding is printed"; else fail "the finding is printed"; fi
  if grep -q "good.bicep" "$work/out"; then fail "nothing is said about the good file"; else pass "nothing is said about the good file"; fi
fi
if [ -z "$(git log --oneline -1 -- bad.bicep)" ]; then pass "nothing was committed"; else fail "nothing was committed"; fi

# The fix: drop the NSG from the gateway subnet.
sed -i '/networkSecurityGroup:/d' bad.bicep
git add bad.bicep
if git commit -m "add networks" >"$work/out" 2>&1; then pass "the fixed file commits"; else fail "the fixed file commits"; fi
if [ -n "$(git log --oneline -1 -- bad.bicep)" ]; then pass "the commit is there"; else fail "the commit is there"; fi

# Terraform: only main.tf is staged; the subnet and NSG it associates are in network.tf, committed
# before. erlint must judge main.tf together with the rest of its module.
mkdir -p tf
cat >tf/network.tf <<'HCL'
resource "azurerm_virtual_network" "hub" {
  name                = "vnet-hub"
  location            = "westeurope"
  resource_group_name = "rg-hub"
  address_space       = ["10.2.0.0/16"]
}

resource "azurerm_subnet" "gateway" {
  name                 = "GatewaySubnet"
  resource_group_name  = "rg-hub"
  virtual_network_name = azurerm_virtual_network.hub.name
  address_prefixes     = ["10.2.0.0/27"]
}

resource "azurerm_network_security_group" "hub" {
  name                = "nsg-hub"
  location            = "westeurope"
  resource_group_name = "rg-hub"
}
HCL
git add tf/network.tf
if git commit -m "network" >"$work/out" 2>&1; then pass "a clean network.tf commits"; else fail "a clean network.tf commits"; fi
cat >tf/main.tf <<'HCL'
resource "azurerm_subnet_network_security_group_association" "gateway" {
  subnet_id                 = azurerm_subnet.gateway.id
  network_security_group_id = azurerm_network_security_group.hub.id
}
HCL
git add tf/main.tf
# Only main.tf is staged; erlint still reads network.tf beside it (one Terraform module).
if git commit -m "associate the NSG" >"$work/out" 2>&1; then
  fail "staged main.tf is judged with network.tf beside it (the commit went through)"
elif grep -q "ER-NS-001" "$work/out" && grep -q "tf/main.tf:3:" "$work/out"; then
  pass "staged main.tf is judged with network.tf beside it"
else
  fail "staged main.tf is judged with network.tf beside it"
  cat "$work/out"
fi

git reset -q --hard HEAD  # drop the blocked main.tf

# ARM: a parameters file decides the subnet's name. Only the parameters file is staged; erlint
# reads the template it belongs to (azuredeploy.json beside azuredeploy.parameters.json).
mkdir -p arm
cp "$repo/fixtures/ER-NS-001/arm-parameters/azuredeploy.json" arm/azuredeploy.json
sed 's/"GatewaySubnet"/"snet-other"/' "$repo/fixtures/ER-NS-001/arm-parameters/azuredeploy.parameters.json" >arm/azuredeploy.parameters.json
git add arm
git commit -q -m "arm" >"$work/out" 2>&1 || { fail "the ARM template with harmless parameters commits"; cat "$work/out"; }
cp "$repo/fixtures/ER-NS-001/arm-parameters/azuredeploy.parameters.json" arm/azuredeploy.parameters.json
git add arm/azuredeploy.parameters.json
if git commit -m "rename the subnet" >"$work/out" 2>&1; then
  fail "a staged ARM parameters file is judged with its template (the commit went through)"
elif grep -q "ER-NS-001" "$work/out" && grep -q "arm/azuredeploy.json:" "$work/out"; then
  pass "a staged ARM parameters file is judged with its template"
else
  fail "a staged ARM parameters file is judged with its template"
  cat "$work/out"
fi
git reset -q --hard HEAD

# Bicep: only the .bicepparam is staged; erlint reads the template its `using` names.
mkdir -p bicep
cp "$repo/fixtures/ER-NS-001/bicep-params/main.bicep" bicep/main.bicep
sed "s/'GatewaySubnet'/'snet-other'/" "$repo/fixtures/ER-NS-001/bicep-params/main.bicepparam" >bicep/main.bicepparam
git add bicep
git commit -q -m "bicep" >"$work/out" 2>&1 || { fail "the Bicep template with harmless parameters commits"; cat "$work/out"; }
cp "$repo/fixtures/ER-NS-001/bicep-params/main.bicepparam" bicep/main.bicepparam
git add bicep/main.bicepparam
if git commit -m "rename the subnet" >"$work/out" 2>&1; then
  fail "a staged .bicepparam is judged with its template (the commit went through)"
elif grep -q "ER-NS-001" "$work/out" && grep -q "bicep/main.bicep:" "$work/out"; then
  pass "a staged .bicepparam is judged with its template"
else
  fail "a staged .bicepparam is judged with its template"
  cat "$work/out"
fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
