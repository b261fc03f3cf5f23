#!/usr/bin/env bash
# End-to-end test of `erlint lsp` with Neovim's built-in LSP client: runs nvim_client_test.lua in
# headless Neovim (>= 0.7) against the real server in a fresh temporary folder.
# Usage: nvim_client_test.sh NVIM ERLINT_BINARY RULES_DIR
set -euo pipefail
if [ $# -ne 3 ]; then
  echo "usage: $0 NVIM ERLINT_BINARY RULES_DIR" >&2
  exit 2
fi
nvim=$1
here="$(cd "$(dirname "$0")" && pwd)"
if ! command -v "$nvim" >/dev/null 2>&1; then
  echo "FAIL: Neovim ($nvim) not found; install it (Debian: apt-get install neovim, as .ci/bootstrap does)" >&2
  exit 1
fi
root=$(mktemp -d "${TMPDIR:-/tmp}/erlint-nvim-e2e-XXXXXX")
trap 'rm -rf "$root"' EXIT
export ERLINT=$2 ERLINT_RULES_DIR=$3 ERLINT_TEST_ROOT=$root ERLINT_FIXTURE=$here/gateway_subnet_nsg.bicep \
  ERLINT_NVIM_SCRIPT=$here/nvim_client_test.lua
# XDG_*: keep Neovim's log, state and cache files in the temporary folder, not in $HOME.
export XDG_CONFIG_HOME=$root/.config XDG_DATA_HOME=$root/.data XDG_STATE_HOME=$root/.state \
  XDG_CACHE_HOME=$root/.cache
# --clean: no user config, plugins or shada; -n: no swap file. The Lua script quits by itself
# (qall! or cquit 1); `timeout` only guards against a hang in Neovim itself.
status=0
timeout 100 "$nvim" --headless --clean -n -c 'lua dofile(os.getenv("ERLINT_NVIM_SCRIPT"))' </dev/null || status=$?
if [ "$status" -eq 124 ]; then
  echo "FAIL: Neovim did not finish within 100 s" >&2
fi
exit "$status"
