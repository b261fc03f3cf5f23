#!/usr/bin/env bash
# Time erlint against Checkov and Trivy on the same Terraform and ARM JSON files of the corpus.
#   bench/compare_tools.sh --install            # first time: Checkov from PyPI, Trivy from the Go module proxy
#   bench/compare_tools.sh [--sample N | --all]  # prints wall/CPU time per tool and language, and ratios
# Options: bench/compare_tools.sh --help. The work is done by compare_tools.py beside this file.
exec python3 "$(dirname "$0")/compare_tools.py" "$@"
