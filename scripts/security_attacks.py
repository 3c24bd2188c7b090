"""Replay the attacks of issue 13 against a danvan install and print what each one did (docs/security.md).

Usage: python scripts/security_attacks.py [--python PATH]

--python names the interpreter of the install to attack (default: this one), so the same script measures an
older checkout's virtualenv (before) and this one (after). Everything happens in a temporary folder, offline;
the attacks' targets are files in that folder (a stand-in site-packages, the store itself).
"""
from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import shutil
import subprocess
import sys
import tempfile
import zlib
from pathlib import Path


def _sha(path: Path) -> str | None:
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.exists() else None


class Attacker:
    def __init__(self, python: str, tmp: Path):
        self.python, self.tmp = python, tmp
        self.db = tmp / "store.duckdb"

    def danvan(self, *args: str, db: Path | None = None, cwd: Path | None = None,
               timeout: float = 600) -> subprocess.CompletedProcess:
        cmd = [self.python, "-m", "pipeline.cli", "--db", str(db or self.db), *args]
        return subprocess.run(cmd, capture_output=True, text=True, cwd=cwd or self.tmp, timeout=timeout)

    def fresh(self) -> None:
        """Put back the store as `danvan run` built it (an earlier attack may have destroyed it)."""
        shutil.copy(self.tmp / "pristine.duckdb", self.db)

    def py(self, code: str) -> str:
        return subprocess.run([self.python, "-c", code], capture_output=True, text=True, cwd=self.tmp,
                              timeout=600).stdout.strip()


def query_attacks(a: Attacker) -> list[tuple[str, str]]:
    site = a.tmp / "site-packages"
    site.mkdir(exist_ok=True)
    rows = []
    cases = [
        ("COPY … TO site-packages/x.pth", f"COPY (SELECT 'import os' AS x) TO '{site}/x.pth' (HEADER false)",
         site / "x.pth"),
        ("COPY … TO the store itself", f"COPY (SELECT 1 AS x) TO '{a.db}' (FORMAT csv)", None),
        ("ATTACH … (READ_WRITE); CREATE TABLE … AS SELECT",
         f"ATTACH '{a.tmp}/copy.duckdb' AS c (READ_WRITE); CREATE TABLE c.t AS SELECT * FROM articles",
         a.tmp / "copy.duckdb"),
        ("EXPORT DATABASE", f"EXPORT DATABASE '{a.tmp}/dump'", a.tmp / "dump"),
        ("SELECT 1; SELECT 2", "SELECT 1; SELECT 2", None),
        ("read_csv('/etc/passwd')", "SELECT count(*) FROM read_csv('/etc/passwd', header=false)", None),
        ("read_blob('/etc/hostname')", "SELECT size FROM read_blob('/etc/hostname')", None),
        ("glob('/etc/*')", "SELECT count(*) FROM glob('/etc/*')", None),
        ("SET threads = 1", "SET threads = 1", None),
        ("INSTALL httpfs", "INSTALL httpfs", None),
        ("LOAD httpfs", "LOAD httpfs", None),
        ("PRAGMA enable_profiling", "PRAGMA enable_profiling", None),
        ("CALL checkpoint()", "CALL checkpoint()", None),
        ("EXPLAIN ANALYZE COPY … TO", f"EXPLAIN ANALYZE COPY (SELECT 1 AS x) TO '{a.tmp}/e.csv'", a.tmp / "e.csv"),
    ]
    for name, sql, target in cases:
        a.fresh()
        before = _sha(a.db)
        r = a.danvan("query", sql)
        effects = []
        if target is not None and target.exists():
            effects.append(f"wrote {target.name}")
        if _sha(a.db) != before:
            effects.append("store changed")
        outcome = f"rc {r.returncode}" + (f", {', '.join(effects)}" if effects else "")
        if r.returncode != 0:
            outcome += ": " + " ".join(r.stderr.split()).removeprefix("Error: ")[:90]
        rows.append((f"query `{name}`", outcome))
    # A statement that never ends: before, it held the store's reader and a core until killed (here after 180 s).
    sql = "SELECT count(*) FROM range(100000000) a, range(100000000) b WHERE a.range + b.range = 7"
    try:
        r = a.danvan("query", sql, timeout=180)
        outcome = f"rc {r.returncode}: " + " ".join(r.stderr.split()).removeprefix("Error: ")[:90]
    except subprocess.TimeoutExpired:
        outcome = "still running after 180 s, killed"
    rows.append(("query: a cross join of 10^8 × 10^8 rows", outcome))
    return rows


def _article(n: int, **changes) -> dict:
    d = {"url": f"https://atk.test/{n}", "title": f"T{n}", "text": f"Năm 2023 tặng giấy khen cho {n % 7 + 2} tập thể.",
         "province": "Bến Tre"}
    d.update(changes)
    return d


def _count(a: Attacker, sql: str, db: Path | None = None) -> str:
    r = a.danvan("query", sql, "--format", "csv", db=db)
    return r.stdout.strip().splitlines()[-1] if r.returncode == 0 else "?"


def load_attacks(a: Attacker) -> list[tuple[str, str]]:
    rows = []
    db = a.tmp / "load.duckdb"
    first = a.tmp / "first.jsonl"
    first.write_text(json.dumps(_article(0), ensure_ascii=False) + "\n", encoding="utf-8")
    a.danvan("load", str(first), db=db)
    lines = [_article(i) for i in range(1, 401)]
    lines[250]["text"] = 12345
    lines[300]["warc_offset"] = "17"
    bad = a.tmp / "types.jsonl"
    bad.write_text("".join(json.dumps(x, ensure_ascii=False) + "\n" for x in lines), encoding="utf-8")
    r = a.danvan("load", str(bad), db=db)
    rows.append(("load: wrong types on lines 251 and 301 of 400",
                 f"rc {r.returncode}, articles stored {_count(a, 'SELECT count(*) - 1 FROM articles', db)}, "
                 f"lines named: {'types.jsonl:251' in r.stderr + r.stdout}"
                 + (", with a traceback" if "Traceback" in r.stderr else "")))
    victim = a.py("from corpus.records import article_id_for; print(article_id_for('https://atk.test/0'))")
    clash = a.tmp / "clash.jsonl"
    clash.write_text(json.dumps(_article(999, id=victim, text="Không có số."), ensure_ascii=False) + "\n",
                     encoding="utf-8")
    r = a.danvan("load", str(clash), db=db)
    rows.append(("load: an id that belongs to another URL",
                 f"rc {r.returncode}, victim's URL now {_count(a, f'SELECT url FROM articles WHERE id = {victim!r}', db)}"))
    for name, record, check in [
        ("load: `\"published\": 1680000000`", _article(1001, published=1680000000),
         "SELECT coalesce(max(year(published)), 0) FROM articles WHERE url LIKE '%/1001'"),
        ("load: naive `2024-03-10T22:30:00` (a Sunday night)", _article(1002, published="2024-03-10T22:30:00"),
         "SELECT coalesce(strftime(published AT TIME ZONE 'Asia/Ho_Chi_Minh', '%a %H:%M'), '-') FROM articles "
         "WHERE url LIKE '%/1002'"),
        ("load: province \"Hà Nom\"", _article(1003, province="Hà Nom"),
         "SELECT count(*) FROM articles WHERE province = 'Hà Nom'"),
    ]:
        path = a.tmp / "one.jsonl"
        path.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
        r = a.danvan("load", str(path), db=db)
        rows.append((name, f"rc {r.returncode}, stored: {_count(a, check, db)}"
                           + (", with a traceback" if "Traceback" in r.stderr else "")))
    return rows


def _members(data: bytes) -> list[tuple[int, int]]:
    spans, pos = [], 0
    while pos < len(data):
        d = zlib.decompressobj(16 + 15)
        d.decompress(data[pos:])
        end = len(data) - len(d.unused_data)
        spans.append((pos, end))
        pos = end
    return spans


def warc_attacks(a: Attacker) -> list[tuple[str, str]]:
    code = ("import sys, random; from datetime import datetime, timezone; from corpus.warc import WarcArchive; "
            "from scrapers.records import FetchResult\n"
            "with WarcArchive(sys.argv[1]) as w:\n"
            "    for i in range(int(sys.argv[2])):\n"
            "        body = b'<p>' + b'0' * int(sys.argv[3]) + b'</p>' if i == 1 else b'<p>bai %d</p>' % i\n"
            "        w.write(FetchResult(url=f'https://x.test/{i}', final_url=f'https://x.test/{i}', status=200, "
            "headers={'Content-Type': 'text/html'}, body=body, fetched_at=datetime.now(timezone.utc)))\n")
    count = ("import sys, resource; from corpus.warc import iter_responses; n = 0\n"
             "try:\n    n = sum(1 for _ in iter_responses(sys.argv[1]))\nexcept Exception as e:\n    print('error', e)\n"
             "print(n, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024)")

    def run(*args):
        return subprocess.run([a.python, "-c", *args], capture_output=True, text=True, cwd=a.tmp, timeout=600)

    rows = []
    path = a.tmp / "five.warc.gz"
    run(code, str(path), "5", "10")
    data = path.read_bytes()
    s, e = _members(data)[3]
    raw = gzip.decompress(data[s:e]).replace(b"Content-Length: ", b"Content-Length: 99999999999", 1)
    path.write_bytes(data[:s] + gzip.compress(raw) + data[e:])
    out = run(count, str(path))
    rows.append(("WARC: second of 5 responses claims a huge Content-Length",
                 f"responses read: {out.stdout.split()[0] if out.stdout else '?'} of 5 "
                 f"(warnings: {out.stderr.count('skipping')})"))
    bomb = a.tmp / "bomb.warc.gz"
    run(code, str(bomb), "3", str(400 * 1024 * 1024))
    out = run(count, str(bomb)).stdout.split()
    rows.append((f"WARC: a {bomb.stat().st_size // 1024} KB archive whose record inflates to 400 MB",
                 f"responses read: {out[0] if out else '?'} of 3, peak memory {out[-1] if out else '?'} MB"))
    return rows


def other_attacks(a: Attacker) -> list[tuple[str, str]]:
    a.fresh()
    rows = []
    for cmd in (["search", "dân vận"], ["dedup"], ["relevance"], ["export", "--out", "exp"]):
        missing = a.tmp / "typo.duckdb"
        r = a.danvan(*cmd, db=missing)
        rows.append((f"`danvan --db typo.duckdb {cmd[0]}`",
                     f"rc {r.returncode}, database created: {missing.exists()}"))
        missing.unlink(missing_ok=True)
        Path(str(missing) + ".wal").unlink(missing_ok=True)
    project = a.tmp / "project"
    project.mkdir(exist_ok=True)
    (project / "README.md").write_text("# my project\n", encoding="utf-8")
    r = a.danvan("export", "--out", ".", cwd=project)
    same = (project / "README.md").read_text(encoding="utf-8") == "# my project\n"
    rows.append(("`danvan export --out .` in a project", f"rc {r.returncode}, README.md kept: {same}"))
    hooks = a.tmp / "repo" / ".git" / "hooks"
    r = a.danvan("export", "--out", str(hooks))
    rows.append(("`danvan export --out .git/hooks`", f"rc {r.returncode}, files written: "
                 f"{len(list(hooks.iterdir())) if hooks.exists() else 0}"))
    inp = a.tmp / "nines.jsonl"
    inp.write_text(json.dumps({"id": "n", "text": "Kinh phí " + "9" * 400 + " tỷ đồng."}) + "\n", encoding="utf-8")
    out = a.tmp / "nines.out.jsonl"
    r = a.danvan("extract", "--jsonl", str(inp), "--out", str(out))
    rows.append(("extract: `\"9\"×400 + \" tỷ đồng\"`",
                 f"rc {r.returncode}, Infinity in output: {'Infinity' in out.read_text() if out.exists() else '-'}"))
    inp.write_text('{"id": "s", "text": "Xã có 5 mô hình \\ud800 dân vận khéo."}\n', encoding="utf-8")
    out.unlink(missing_ok=True)
    r = a.danvan("extract", "--jsonl", str(inp), "--out", str(out))
    rows.append(("extract: a lone surrogate", f"rc {r.returncode}, traceback: {'Traceback' in r.stderr}, "
                 f".partial left: {out.with_name(out.name + '.partial').exists()}"))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--python", default=sys.executable)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="danvan-attacks-") as tmp:
        a = Attacker(args.python, Path(tmp))
        built = a.danvan("run")
        if built.returncode != 0:
            sys.exit(f"cannot build the sample store: {built.stderr.strip()[-300:]}")
        shutil.copy(a.db, a.tmp / "pristine.duckdb")
        rows = query_attacks(a) + load_attacks(a) + warc_attacks(a) + other_attacks(a)
    print("| attack | outcome |\n|---|---|")
    for name, outcome in rows:
        print(f"| {name} | {outcome.replace('|', '/')} |")


if __name__ == "__main__":
    main()
