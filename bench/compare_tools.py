#!/usr/bin/env python3
"""Time erlint against Checkov and Trivy on the same Terraform and ARM JSON files.

Run through bench/compare_tools.sh; --help lists the options. See README.md, "Benchmarks".

What it does:
  * builds two input sets from the corpus manifest (kind tf -> terraform/, kind arm -> arm/),
    hard-linking (or copying) each file at its corpus-relative path, so every tool reads
    exactly the same files in the same folder layout (a Terraform folder stays a module);
  * with --install, installs the pinned Checkov into a venv and builds the pinned Trivy from
    the Go module proxy, both under the cache folder;
  * leaves out, for every tool, the ARM templates on which Checkov's ARM run dies (found by
    checkov_arm_probe.py; --no-probe to keep them);
  * runs each tool on each set and prints wall time, CPU time (user+sys of the tool and all of
    its child processes), peak memory, files and findings, then the ratios tool / erlint.

Offline: Checkov runs with --skip-download and no API key. Trivy runs with --skip-check-update,
so it uses the checks embedded in its binary (the checks bundle comes from an OCI registry that
is not reachable here), --skip-version-check and --disable-telemetry. Trivy 0.67 has no switch
that stops it from asking the Terraform registry for remote modules; without network the
lookups fail at once (name resolution) and the modules stay unresolved, as they do for Checkov
(no --download-external-modules) and erlint.
"""

import argparse
import json
import os
import platform
import random
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

CHECKOV_VERSION = "3.3.30"
TRIVY_VERSION = "v0.67.2"
TRIVY_MODULE = "github.com/aquasecurity/trivy"
# Trivy v0.67 imports encoding/json/v2, which Go 1.25+ builds only with GOEXPERIMENT=jsonv2.
TRIVY_MIN_GO = (1, 25)
# Toolchain fetched from the Go module proxy (module golang.org/toolchain) when the local Go is
# older than TRIVY_MIN_GO.
GO_TOOLCHAIN = "go1.25.5"

TARGETS = {"checkov": 50.0, "trivy": 5.0}
LANGS = {"terraform": "tf", "arm": "arm"}

REPO = Path(__file__).resolve().parent.parent


def log(msg):
    print(msg, file=sys.stderr, flush=True)


# --------------------------------------------------------------------------------------------
# Installation


def go_version(go):
    try:
        out = subprocess.run([go, "version"], capture_output=True, text=True, timeout=60,
                             env=dict(os.environ, GOTOOLCHAIN="local")).stdout
    except (OSError, subprocess.TimeoutExpired):
        return None
    m = re.search(r"go(\d+)\.(\d+)", out)
    return (int(m.group(1)), int(m.group(2))) if m else None


def find_go():
    for cand in (shutil.which("go"), "/usr/local/go/bin/go", "/usr/lib/go/bin/go"):
        if cand and os.access(cand, os.X_OK):
            return cand
    return None


def apt_install(pkg):
    if os.geteuid() != 0 or not shutil.which("apt-get"):
        log(f"  cannot install {pkg}: not root or no apt-get")
        return False
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    subprocess.run(["apt-get", "update", "-q"], env=env, check=False)
    return subprocess.run(["apt-get", "install", "-y", "-q", pkg], env=env).returncode == 0


def toolchain_from_proxy(go, cache):
    """Fetch GO_TOOLCHAIN as the module golang.org/toolchain through the Go module proxy and
    return its go binary. Works with any Go that can run `go mod download`."""
    arch = {"x86_64": "amd64", "aarch64": "arm64"}.get(platform.machine(), platform.machine())
    mod = f"golang.org/toolchain@v0.0.1-{GO_TOOLCHAIN}.linux-{arch}"
    log(f"  fetching {mod} from the Go module proxy")
    env = dict(os.environ, GOTOOLCHAIN="local", GOFLAGS="-mod=mod",
               GOMODCACHE=str(cache / "gomodcache"))
    r = subprocess.run([go, "mod", "download", "-json", mod], capture_output=True, text=True,
                       env=env, cwd=cache)
    if r.returncode != 0:
        log(r.stdout + r.stderr)
        return None
    d = Path(json.loads(r.stdout)["Dir"])
    gobin = d / "bin" / "go"
    for p in (d / "bin").iterdir():  # module zips drop the executable bit
        p.chmod(0o755)
    for p in (d / "pkg" / "tool").rglob("*"):
        if p.is_file():
            p.chmod(0o755)
    return str(gobin)


def install_trivy(cache, nice):
    bin_dir = cache / "bin"
    bin_dir.mkdir(parents=True, exist_ok=True)
    go = find_go()
    if not go:
        log("  no go found: installing Debian's golang-go")
        apt_install("golang-go")
        go = find_go()
    if not go:
        log("  no Go toolchain: cannot build Trivy")
        return False
    ver = go_version(go)
    log(f"  local Go: {go} {ver}")
    if ver is None or ver < TRIVY_MIN_GO:
        go = toolchain_from_proxy(go, cache)
        if not go:
            log("  could not fetch a recent enough Go toolchain")
            return False
    # `go install module/cmd@version` also asks the proxy for the module's version list (to
    # look for deprecations); the proxy here refuses that list for trivy (403), so go install
    # fails. Build from a throw-away module that requires the pinned version instead: the
    # build list is the same (trivy's go.mod has no replace directives), and nothing needs
    # the version list.
    mod_dir = cache / "trivy-mod"
    mod_dir.mkdir(parents=True, exist_ok=True)
    (mod_dir / "go.mod").write_text(
        f"module erlint.local/bench/trivy\n\ngo 1.25\n\nrequire {TRIVY_MODULE} {TRIVY_VERSION}\n")
    env = dict(os.environ, GOTOOLCHAIN="local", GOEXPERIMENT="jsonv2", CGO_ENABLED="0",
               GOFLAGS="-mod=mod")
    ldflags = f"-s -w -X {TRIVY_MODULE}/pkg/version/app.ver={TRIVY_VERSION.lstrip('v')}"
    cmd = ["nice", "-n", str(nice), go, "build", "-trimpath", "-ldflags", ldflags,
           "-o", str(bin_dir / "trivy"), f"{TRIVY_MODULE}/cmd/trivy"]
    log(f"  building Trivy {TRIVY_VERSION} (several minutes on 2 cores)")
    r = subprocess.run(cmd, cwd=mod_dir, env=env)
    return r.returncode == 0


def install_checkov(cache, nice):
    venv = cache / "checkov-venv"
    if not (venv / "bin" / "python").exists():
        r = subprocess.run([sys.executable, "-m", "venv", str(venv)])
        if r.returncode != 0:
            log("  python venv failed: installing Debian's python3-venv")
            apt_install("python3-venv")
            subprocess.run(["python3", "-m", "venv", str(venv)])
    pip = venv / "bin" / "pip"
    if not pip.exists():
        return False
    r = subprocess.run(["nice", "-n", str(nice), str(pip), "install", "-q", "--disable-pip-version-check",
                        f"checkov=={CHECKOV_VERSION}"])
    return r.returncode == 0


def tool_paths(cache):
    return {"checkov": cache / "checkov-venv" / "bin" / "checkov", "trivy": cache / "bin" / "trivy"}


def installed_version(tool, path):
    if not path.exists():
        return None
    try:
        if tool == "checkov":
            out = subprocess.run([str(path), "--version"], capture_output=True, text=True, timeout=120)
            return out.stdout.strip() or None
        out = subprocess.run([str(path), "--version", "--format", "json"], capture_output=True,
                             text=True, timeout=60)
        return json.loads(out.stdout).get("Version")
    except (OSError, subprocess.TimeoutExpired, ValueError):
        return None


# --------------------------------------------------------------------------------------------
# Input sets


def read_excludes(path):
    if not path or not path.exists():
        return set()
    out = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            out.add(line)
    return out


def build_inputs(corpus, dest, sample, seed, excludes):
    rows = {lang: [] for lang in LANGS}
    with open(corpus / "manifest.tsv", encoding="utf-8") as f:
        header = f.readline().rstrip("\n").split("\t")
        i_file, i_kind, i_bytes = header.index("file"), header.index("kind"), header.index("bytes")
        for line in f:
            cols = line.rstrip("\n").split("\t")
            for lang, kind in LANGS.items():
                if cols[i_kind] == kind:
                    rows[lang].append((cols[i_file], int(cols[i_bytes])))
    if dest.exists():
        shutil.rmtree(dest)
    sets = {}
    for lang, files in rows.items():
        files.sort()
        if sample is not None and sample < len(files):
            files = sorted(random.Random(seed).sample(files, sample))
        files = [f for f in files if f[0] not in excludes]  # after sampling: same draw
        root = dest / lang
        total = 0
        for rel, _ in files:
            src, dst = corpus / rel, root / rel
            dst.parent.mkdir(parents=True, exist_ok=True)
            try:
                os.link(src, dst)
            except OSError:
                shutil.copyfile(src, dst)
            total += src.stat().st_size
            with open(dst, "rb") as fh:  # warm the page cache the same for every tool
                fh.read()
        sets[lang] = {"dir": root, "files": len(files), "bytes": total}
    return sets


def probe_file(cache, tag, checkov_version):
    return cache / "probe" / f"checkov-{checkov_version}-arm-{tag}.txt"


def probe_checkov_arm(cache, tag, checkov_version, arm_dir, nice):
    """Checkov's ARM run dies on some templates (see checkov_arm_probe.py); find them once per
    input set and Checkov version, so they can be left out for every tool."""
    out = probe_file(cache, tag, checkov_version)
    found = set()
    if out.exists():
        return [l for l in out.read_text().splitlines() if l]
    for rnd in range(3):  # leaving files out can expose others
        log(f"probing the ARM set for templates that crash Checkov (round {rnd + 1}; about as long "
            "as Checkov's own graph building)")
        r = subprocess.run(["nice", "-n", str(nice), str(cache / "checkov-venv" / "bin" / "python"),
                            str(Path(__file__).resolve().parent / "checkov_arm_probe.py"), str(arm_dir)],
                           capture_output=True, text=True)
        if r.returncode != 0:
            log("  probe failed (nothing left out):\n" + r.stderr[-2000:])
            return sorted(found)
        new = {l.strip() for l in r.stdout.splitlines() if l.strip()}
        log(f"  {len(new)} found")
        if not new:
            break
        found |= new
        for rel in new:
            (arm_dir / rel).unlink()
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text("".join(f"{l}\n" for l in sorted(found)))
    return sorted(found)


# --------------------------------------------------------------------------------------------
# Running


def run_timed(cmd, cwd, out_path, timeout, nice, env=None):
    """Run cmd; return wall, cpu (user+sys, with the children it waited for), peak RSS."""
    def pre():
        os.nice(nice)
    with open(out_path, "wb") as out, open(str(out_path) + ".stderr", "wb") as err:
        t0 = time.monotonic()
        p = subprocess.Popen(cmd, cwd=cwd, stdout=out, stderr=err, stdin=subprocess.DEVNULL,
                             env=env, preexec_fn=pre, start_new_session=True)
        timed_out = []

        def kill():
            timed_out.append(True)
            try:
                os.killpg(p.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        timer = threading.Timer(timeout, kill)
        timer.start()
        _, status, ru = os.wait4(p.pid, 0)
        wall = time.monotonic() - t0
        timer.cancel()
        p.returncode = os.waitstatus_to_exitcode(status)
    try:  # leftovers of a killed run
        os.killpg(p.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    return {"wall": wall, "cpu": ru.ru_utime + ru.ru_stime, "rss_mb": ru.ru_maxrss / 1024,
            "rc": p.returncode, "timeout": bool(timed_out)}


def count_erlint(path):
    d = json.loads(Path(path).read_text())
    return len(d.get("findings", [])), len(d.get("errors", []))


def count_checkov(path):
    text = Path(path).read_text().strip()
    if not text:
        return None, None
    d = json.loads(text)
    reports = d if isinstance(d, list) else [d]
    failed = errors = 0
    for rep in reports:
        s = rep.get("summary", rep)
        failed += int(s.get("failed", 0))
        errors += int(s.get("parsing_errors", 0))
    return failed, errors


def count_trivy(path):
    d = json.loads(Path(path).read_text())
    n = 0
    for res in d.get("Results") or []:
        n += len(res.get("Misconfigurations") or [])
    return n, None


def commands(tool, exe, lang, cache, jobs):
    if tool == "erlint":
        cmd = [str(exe), "check", ".", "--format", "json", "--no-config", "--quiet"]
        if jobs:
            cmd += ["--jobs", str(jobs)]
        return cmd, None
    if tool == "checkov":
        fw = {"terraform": "terraform", "arm": "arm"}[lang]
        env = dict(os.environ, ANSI_COLORS_DISABLED="1", LOG_LEVEL="ERROR",
                   CHECKOV_RUN_SCA_PACKAGE_SCAN_V2="false")
        env.pop("BC_API_KEY", None)
        return [str(exe), "-d", ".", "--framework", fw, "--quiet", "--compact", "-o", "json",
                "--skip-download"], env
    scanner = {"terraform": "terraform", "arm": "azure-arm"}[lang]
    env = dict(os.environ, TRIVY_CACHE_DIR=str(cache / "trivy-cache"), TRIVY_NO_PROGRESS="true",
               TRIVY_DISABLE_TELEMETRY="true")
    return [str(exe), "config", "--quiet", "--format", "json",
            "--skip-check-update", "--skip-version-check", "--disable-telemetry",
            "--misconfig-scanners", scanner, "."], env


COUNTERS = {"erlint": count_erlint, "checkov": count_checkov, "trivy": count_trivy}
# Exit codes of a run that finished its work: 0 clean, 1 findings (erlint, checkov).
OK_EXIT = {"erlint": (0, 1), "checkov": (0, 1), "trivy": (0,)}


def fmt_s(x):
    return "-" if x is None else (f"{x:.2f}" if x < 100 else f"{x:.0f}")


def main():
    ap = argparse.ArgumentParser(
        prog="bench/compare_tools.sh",
        description="Time erlint, Checkov and Trivy on the same Terraform and ARM JSON files.")
    ap.add_argument("--install", action="store_true",
                    help=f"install Checkov {CHECKOV_VERSION} (PyPI, venv) and Trivy {TRIVY_VERSION} "
                         "(built from the Go module proxy) into the cache folder")
    ap.add_argument("--cache-dir", type=Path,
                    default=Path(os.environ.get("ERLINT_BENCH_CACHE") or
                                 Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
                                 / "erlint-bench"),
                    help="tools, input sets and outputs (default $ERLINT_BENCH_CACHE or "
                         "${XDG_CACHE_HOME:-~/.cache}/erlint-bench)")
    ap.add_argument("--corpus", type=Path, default=REPO.parent / "shared" / "corpus",
                    help="corpus folder with manifest.tsv (default ../shared/corpus)")
    ap.add_argument("--sample", type=int, default=300,
                    help="files per language, drawn at random with --seed (default 300)")
    ap.add_argument("--all", action="store_true", help="every Terraform and ARM file of the corpus")
    ap.add_argument("--seed", type=int, default=1, help="seed of the sample (default 1)")
    ap.add_argument("--erlint", type=Path, default=REPO / "build" / "erlint",
                    help="erlint binary (default build/erlint; a copy of it is run)")
    ap.add_argument("--tools", default="erlint,checkov,trivy",
                    help="comma-separated (default erlint,checkov,trivy; erlint always runs)")
    ap.add_argument("--languages", default="terraform,arm", help="comma-separated (default terraform,arm)")
    ap.add_argument("--repeat", type=int, default=1,
                    help="runs of Checkov and Trivy per set, median reported (default 1); "
                         "erlint always runs at least 3 times")
    ap.add_argument("--timeout", type=float, default=600, help="seconds per tool run (default 600)")
    ap.add_argument("--nice", type=int, default=10, help="niceness of every tool run (default 10)")
    ap.add_argument("--jobs", type=int, default=0, help="erlint --jobs (default: erlint's own)")
    ap.add_argument("--exclude", type=Path,
                    help="file of corpus paths (one a line, # comments) left out of the input sets "
                         "for every tool")
    ap.add_argument("--no-probe", action="store_true",
                    help="do not leave out the ARM templates on which Checkov's ARM run crashes")
    ap.add_argument("--json-out", type=Path, help="also write the results as JSON")
    args = ap.parse_args()

    cache = args.cache_dir.resolve()
    cache.mkdir(parents=True, exist_ok=True)
    tools = [t for t in args.tools.split(",") if t]
    langs = [l for l in args.languages.split(",") if l]
    for t in tools:
        if t not in COUNTERS:
            ap.error(f"unknown tool {t}")
    for l in langs:
        if l not in LANGS:
            ap.error(f"unknown language {l}")
    if "erlint" not in tools:
        tools.insert(0, "erlint")

    if args.install:
        pinned = {"checkov": CHECKOV_VERSION, "trivy": TRIVY_VERSION.lstrip("v")}
        for tool, fn in (("checkov", install_checkov), ("trivy", install_trivy)):
            if tool in tools:
                if installed_version(tool, tool_paths(cache)[tool]) == pinned[tool]:
                    log(f"{tool} {pinned[tool]} already installed under {cache}")
                    continue
                log(f"installing {tool}")
                if not fn(cache, args.nice):
                    log(f"  {tool}: installation FAILED")

    exes = {"erlint": args.erlint.resolve(), **tool_paths(cache)}
    versions = {}
    skipped = []
    if not exes["erlint"].exists():
        log(f"erlint not found at {exes['erlint']} (build it, or pass --erlint)")
        return 2
    # Run a copy, so that a rebuild during the benchmark neither breaks nor mixes the runs (the
    # rule pack's path is compiled in, so the copy finds it as the original does).
    snap = cache / "erlint-under-test"
    shutil.copyfile(exes["erlint"], snap)
    snap.chmod(0o755)
    exes["erlint"] = snap
    versions["erlint"] = subprocess.run([str(exes["erlint"]), "--version"], capture_output=True,
                                        text=True).stdout.strip().removeprefix("erlint ") or "?"
    for t in [t for t in tools if t != "erlint"]:
        v = installed_version(t, exes[t])
        if v is None:
            log(f"{t}: not installed under {cache} -- skipped (run with --install)")
            tools.remove(t)
            skipped.append(t)
        else:
            versions[t] = v

    sample = None if args.all else args.sample
    tag = "all" if sample is None else f"sample{sample}-seed{args.seed}"
    excludes = read_excludes(args.exclude)
    corpus = args.corpus.resolve()
    sets = build_inputs(corpus, cache / "inputs" / tag, sample, args.seed, excludes)
    probed = []
    if "checkov" in tools and "arm" in langs and not args.no_probe:
        probed = probe_checkov_arm(cache, tag, versions["checkov"], sets["arm"]["dir"], args.nice)
        if probed:
            excludes |= set(probed)
            sets = build_inputs(corpus, cache / "inputs" / tag, sample, args.seed, excludes)
    outdir = cache / "out" / tag
    outdir.mkdir(parents=True, exist_ok=True)

    results = []
    erlint_failed = False
    for lang in langs:
        s = sets[lang]
        for tool in tools:
            cmd, env = commands(tool, exes[tool], lang, cache, args.jobs)
            runs = max(3, args.repeat) if tool == "erlint" else args.repeat
            log(f"{lang}: {tool} x{runs} on {s['files']} files ({s['bytes'] / 1e6:.1f} MB)")
            meas = []
            for i in range(runs):
                m = run_timed(cmd, s["dir"], outdir / f"{tool}-{lang}.json", args.timeout, args.nice, env)
                meas.append(m)
                if m["timeout"]:
                    break
            m = sorted(meas, key=lambda r: r["wall"])[len(meas) // 2]
            row = {"lang": lang, "tool": tool, "files": s["files"], "mb": s["bytes"] / 1e6,
                   "wall": m["wall"], "cpu": m["cpu"], "rss_mb": m["rss_mb"], "rc": m["rc"],
                   "timeout": m["timeout"], "runs": len(meas),
                   "walls": [round(r["wall"], 3) for r in meas], "findings": None, "errors": None}
            row["status"] = "ok"
            if m["timeout"]:
                row["status"] = "timeout"
                log(f"  {tool}: killed after {args.timeout:.0f} s")
            elif m["rc"] not in OK_EXIT[tool]:
                row["status"] = f"exit {m['rc']}"
                log(f"  {tool}: exit code {m['rc']} (failed); see {outdir / f'{tool}-{lang}.json.stderr'}")
            else:
                try:
                    row["findings"], row["errors"] = COUNTERS[tool](outdir / f"{tool}-{lang}.json")
                except (ValueError, OSError, KeyError, TypeError) as e:
                    log(f"  {tool}: could not read its report ({e}); exit code {m['rc']}, "
                        f"see {outdir / f'{tool}-{lang}.json.stderr'}")
            if tool == "erlint" and (m["rc"] not in (0, 1) or m["timeout"]):
                erlint_failed = True
                log(f"  erlint failed: exit code {m['rc']}")
            results.append(row)

    # Table
    print()
    print(f"Input: {args.corpus} ({'all files' if sample is None else f'{sample} files per language, seed {args.seed}'}"
          f"{f'; {len(excludes)} files left out for every tool' if excludes else ''})")
    if probed:
        print(f"Left out: {len(probed)} ARM templates on which Checkov's ARM graph builder raises "
              f"(a run with them ends with exit 2 and no report); list: {probe_file(cache, tag, versions['checkov'])}")
    print("Versions: " + ", ".join(f"{t} {versions[t]}" for t in tools))
    if skipped:
        print(f"Skipped, not installed under {cache}: {', '.join(skipped)} (run with --install)")
    print(f"Machine: {os.cpu_count()} cores; every run at nice {args.nice}; "
          "CPU = user+sys of the tool and its child processes; "
          "peak MB = largest single process")
    print()
    hdr = f"{'language':<10} {'tool':<8} {'files':>6} {'MB':>6} {'wall s':>8} {'CPU s':>8} {'peak MB':>8} {'findings':>9} {'wall ×':>8} {'CPU ×':>8}  target"
    print(hdr)
    print("-" * len(hdr))
    for lang in langs:
        base = next(r for r in results if r["lang"] == lang and r["tool"] == "erlint")
        for r in [r for r in results if r["lang"] == lang]:
            wx = cx = None
            target = ""
            if r["tool"] != "erlint" and base["wall"] > 0:
                wx, cx = r["wall"] / base["wall"], r["cpu"] / max(base["cpu"], 1e-9)
                r["wall_ratio"], r["cpu_ratio"] = wx, cx
                want = TARGETS.get(r["tool"])
                if want:
                    if r["status"] == "ok":
                        target = f"{want:.0f}× {'met' if wx >= want else 'MISSED'}"
                    else:  # the run did not finish: its time is only a lower bound
                        verdict = "met" if wx >= want else "undecided"
                        target = f"{want:.0f}× {verdict} (lower bound: {r['status']}, no report)"
            fnd = r["status"] if r["status"] != "ok" else ("-" if r["findings"] is None else str(r["findings"]))
            print(f"{lang:<10} {r['tool']:<8} {r['files']:>6} {r['mb']:>6.2f} {fmt_s(r['wall']):>8} "
                  f"{fmt_s(r['cpu']):>8} {r['rss_mb']:>8.0f} {fnd:>9} "
                  f"{'' if wx is None else f'{wx:.1f}':>8} {'' if cx is None else f'{cx:.1f}':>8}  {target}")
    print()
    print(f"Reports: {outdir}")
    if args.json_out:
        args.json_out.write_text(json.dumps({"versions": versions, "sample": sample, "seed": args.seed,
                                             "results": results}, indent=2))
    return 2 if erlint_failed else 0


if __name__ == "__main__":
    sys.exit(main())
