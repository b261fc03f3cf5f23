#!/usr/bin/env python3
"""Findings per rule over the real-world corpus, one erlint run per repository.

Each top-level folder of the corpus is one repository (`<owner>__<repo>`); a real user lints one
repository at a time, so erlint runs once per folder:

    build/erlint check <corpus>/<repo> --format json --no-config --quiet

and the findings of all runs are merged. Prints the findings per rule (and per repository with
--per-repo); with --sample N --seed S also a reproducible random sample of N findings per rule
(all of them if fewer), each as file:line, the rule, the resource and the message, for reading
the source by hand (rules/CORPUS_REVIEW.md).

    python3 bench/corpus_findings.py                          # counts per rule
    python3 bench/corpus_findings.py --sample 10 --seed 1     # plus a sample per rule
    python3 bench/corpus_findings.py --save /tmp/f.json       # keep the merged findings ...
    python3 bench/corpus_findings.py --load /tmp/f.json --sample 10 --seed 1   # ... reuse them

Findings are sorted (file, line, column, rule, message) before sampling, so the same findings and
the same seed always give the same sample. Paths are printed relative to the corpus folder.
"""

import argparse
import collections
import json
import os
import random
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent


def run_repo(erlint, repo_dir, jobs, rules):
    cmd = [erlint, "check", str(repo_dir), "--format", "json", "--no-config", "--quiet"]
    if jobs:
        cmd += ["--jobs", str(jobs)]
    for r in rules:
        cmd += ["--rule", r]
    proc = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    # 1: findings; 2: an ERR-IO such as a local module whose file is not in the corpus snapshot,
    # with the rest of the repository still analysed and reported.
    try:
        return json.loads(proc.stdout)
    except json.JSONDecodeError:
        sys.exit(f"{' '.join(cmd)}: exit {proc.returncode}\n{proc.stderr}")


def collect(args):
    corpus = Path(args.corpus).resolve()
    repos = sorted(p for p in corpus.iterdir() if p.is_dir() and not p.name.startswith("."))
    if args.repo:
        repos = [p for p in repos if p.name in args.repo]
    findings, errors = [], collections.Counter()
    for repo in repos:
        t0 = time.monotonic()
        report = run_repo(args.erlint, repo, args.jobs, args.rule)
        n = 0
        for f in report.get("findings", []):
            if f.get("suppressed"):
                continue
            path = Path(f["file"])
            if not path.is_absolute():
                path = (Path.cwd() / path).resolve()
            f["file"] = os.path.relpath(path, corpus)
            f["repo"] = repo.name
            findings.append(f)
            n += 1
        for e in report.get("errors", []):
            errors[e.get("code", "?")] += 1
        print(f"# {repo.name}: {n} findings, {len(report.get('errors', []))} errors, "
              f"{time.monotonic() - t0:.1f} s", file=sys.stderr)
    return findings, errors


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", default=str(ROOT.parent / "shared" / "corpus"))
    ap.add_argument("--erlint", default=str(ROOT / "build" / "erlint"))
    ap.add_argument("--jobs", type=int, default=0, help="erlint --jobs (default: erlint's)")
    ap.add_argument("--repo", action="append", default=[], help="only this corpus folder (repeatable)")
    ap.add_argument("--rule", action="append", default=[], help="only this rule (repeatable)")
    ap.add_argument("--sample", type=int, default=0, help="print N sampled findings per rule")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--per-repo", action="store_true", help="also print findings per rule and repository")
    ap.add_argument("--save", help="write the merged findings to this JSON file")
    ap.add_argument("--load", help="read merged findings written by --save instead of running erlint")
    args = ap.parse_args()

    if args.load:
        data = json.loads(Path(args.load).read_text())
        findings, errors = data["findings"], collections.Counter(data["errors"])
        if args.rule:
            findings = [f for f in findings if f["rule"] in args.rule]
    else:
        findings, errors = collect(args)
    if args.save:
        Path(args.save).write_text(json.dumps({"findings": findings, "errors": errors}, indent=1))

    findings.sort(key=lambda f: (f["file"], f["line"], f["column"], f["rule"], f["message"]))
    by_rule = collections.defaultdict(list)
    for f in findings:
        by_rule[f["rule"]].append(f)

    print(f"{len(findings)} findings; tool diagnostics: "
          + (", ".join(f"{k} {v}" for k, v in sorted(errors.items())) or "none"))
    print()
    print("| rule | findings | repositories |")
    print("|---|---:|---:|")
    for rule in sorted(by_rule):
        print(f"| {rule} | {len(by_rule[rule])} | {len({f['repo'] for f in by_rule[rule]})} |")

    if args.per_repo:
        print()
        print("| rule | repository | findings |")
        print("|---|---|---:|")
        for rule in sorted(by_rule):
            for repo, n in sorted(collections.Counter(f["repo"] for f in by_rule[rule]).items()):
                print(f"| {rule} | {repo} | {n} |")

    if args.sample:
        for rule in sorted(by_rule):
            items = by_rule[rule]
            rng = random.Random(f"{args.seed}:{rule}")
            picked = items if len(items) <= args.sample else sorted(
                rng.sample(items, args.sample),
                key=lambda f: (f["file"], f["line"], f["column"]))
            print()
            print(f"## {rule}: {len(picked)} of {len(items)}")
            for i, f in enumerate(picked, 1):
                res = f.get("resource") or {}
                print(f"{i:2}. {f['file']}:{f['line']}  [{res.get('name', '')}]  {f['message']}")


if __name__ == "__main__":
    main()
