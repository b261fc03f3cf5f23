#!/usr/bin/env bash
# erlint never opens a network connection: registry modules and remote Terraform modules stay
# Unknown. Proven two ways where the machine allows: no socket() or connect() system call under
# strace, and the same result inside a network namespace with no interfaces.
set -u
erlint="$1"
repo="$2"
passed=0
failed=0
skipped=0
project="$repo/fixtures/ER-NS-001"   # has a registry module (br/public:...) and a remote Terraform module

if command -v strace >/dev/null 2>&1; then
  log=$(mktemp)
  strace -f -qq -e trace=socket,connect -o "$log" "$erlint" check --color never "$project" >/dev/null 2>&1
  if grep -qE "socket\(|connect\(" "$log"; then
    failed=$((failed + 1))
    echo "FAIL: erlint made network system calls:"
    head "$log"
  else
    passed=$((passed + 1))
  fi
  rm -f "$log"
else
  skipped=$((skipped + 1))
  echo "strace not installed: system-call check skipped"
fi

if unshare -n true 2>/dev/null; then
  expected=$("$erlint" check --format json "$project" 2>/dev/null)
  isolated=$(unshare -n "$erlint" check --format json "$project" 2>/dev/null)
  if [ "$expected" = "$isolated" ]; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "FAIL: result differs without network"; fi
else
  skipped=$((skipped + 1))
  echo "cannot create a network namespace here: isolation check skipped"
fi

echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
