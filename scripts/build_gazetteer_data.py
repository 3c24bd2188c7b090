"""Regenerate common/data/provinces_63.csv and common/data/districts.csv, offline.

Reads the SQLite dataset shipped inside the PyPI package `vietnamadminunits` (MIT; table
`admin_units_legacy`: the 63 provinces and their districts as of 30 June 2025) and the crosswalk
common/data/provinces_34_from_63.csv. Old province names are written in the annotation guide's
spelling ("TP. Hồ Chí Minh", "Thừa Thiên Huế"), as in the crosswalk.

Usage: .venv/bin/python scripts/build_gazetteer_data.py [--check]
  --check: exit 1 if the committed files differ from what would be written (nothing is written).
"""
from __future__ import annotations

import argparse
import csv
import importlib.util
import io
import json
import sqlite3
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from common.gazetteer import fold, provinces_2025  # noqa: E402

DATA = ROOT / "common" / "data"


def dataset_path() -> Path:
    spec = importlib.util.find_spec("vietnamadminunits")
    if spec is None or not spec.submodule_search_locations:
        sys.exit("vietnamadminunits is not installed: .venv/bin/pip install 'vietnamadminunits>=1.0.4'")
    return Path(spec.submodule_search_locations[0]) / "data" / "dataset.db"


def guide_names() -> dict[str, tuple[str, str]]:
    """fold(old province) -> (annotation-guide spelling, 2025 province), from the crosswalk."""
    return {fold(old): (old, p.name) for p in provinces_2025() for old in p.old}


def _guide_key(short: str) -> str:
    # the package names Thừa Thiên Huế by its name since 1 January 2025; the guide keeps the old one
    return {"hue": "thuathienhue"}.get(fold(short), fold(short))


def build(db: Path) -> tuple[str, str]:
    guide_index = guide_names()
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    provinces = con.execute(
        "SELECT DISTINCT provinceCode, province, provinceShort FROM admin_units_legacy ORDER BY provinceCode"
    ).fetchall()
    out_p = io.StringIO()
    w = csv.writer(out_p, lineterminator="\n")
    w.writerow(["code", "name", "official_name", "kind", "province_2025"])
    by_code = {}
    for code, official, short in provinces:
        key = _guide_key(short)
        if key not in guide_index:
            sys.exit(f"province {official!r} from vietnamadminunits is not in the crosswalk")
        name, new = guide_index[key]
        kind = "thành phố" if official.startswith("Thành phố") else "tỉnh"
        by_code[code] = (name, new)
        w.writerow([code, name, official, kind, new])
    if len(by_code) != 63:
        sys.exit(f"expected 63 provinces, found {len(by_code)}")

    rows = con.execute(
        "SELECT DISTINCT provinceCode, districtCode, district, districtShort, districtType, districtAlias "
        "FROM admin_units_legacy ORDER BY provinceCode, districtCode"
    ).fetchall()
    short_provinces = defaultdict(set)
    for pcode, _, _, short, _, _ in rows:
        short_provinces[fold(short)].add(pcode)
    out_d = io.StringIO()
    w = csv.writer(out_d, lineterminator="\n")
    w.writerow(["code", "name", "short_name", "kind", "province_code", "province", "province_2025",
                "ambiguous", "aliases"])
    for pcode, dcode, name, short, kind, alias in rows:
        province, new = by_code[pcode]
        aliases = ";".join(sorted(set(json.loads(alias)))) if alias else ""
        ambiguous = "1" if len(short_provinces[fold(short)]) > 1 else "0"
        w.writerow([dcode, name, short, kind.lower(), pcode, province, new, ambiguous, aliases])
    return out_p.getvalue(), out_d.getvalue()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare with the committed files, write nothing")
    args = parser.parse_args()
    provinces, districts = build(dataset_path())
    targets = {DATA / "provinces_63.csv": provinces, DATA / "districts.csv": districts}
    if args.check:
        stale = [p.name for p, text in targets.items() if not p.exists() or p.read_text(encoding="utf-8") != text]
        if stale:
            sys.exit(f"out of date: {', '.join(stale)} (run scripts/build_gazetteer_data.py)")
        print("gazetteer data up to date")
        return
    for path, text in targets.items():
        path.write_text(text, encoding="utf-8")
        print(f"wrote {path.relative_to(ROOT)} ({text.count(chr(10)) - 1} rows)")


if __name__ == "__main__":
    main()
