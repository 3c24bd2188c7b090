"""Layers depend downward: pipeline/ (orchestration, store, CLI) may import every package; scrapers/, corpus/
and extractors/ never import pipeline/ (they are handed a store, a sink or a state by the command); common/
imports none of them."""
import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[1]
PACKAGES = ("common", "scrapers", "corpus", "extractors", "pipeline")
FORBIDDEN = {
    "scrapers": {"pipeline"},
    "corpus": {"pipeline"},
    "extractors": {"pipeline"},
    "common": {"pipeline", "scrapers", "corpus", "extractors"},
}


def imported_packages(path: Path) -> set[str]:
    """The top-level project packages a module imports anywhere (also inside functions)."""
    out = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            out.add(node.module.split(".")[0])
    return out & set(PACKAGES)


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_layers_depend_downward(package):
    offenders = [f"{path.relative_to(ROOT)} imports {sorted(imported_packages(path) & FORBIDDEN[package])}"
                 for path in sorted((ROOT / package).rglob("*.py"))
                 if imported_packages(path) & FORBIDDEN[package]]
    assert offenders == []


def test_layers_checker_sees_imports_inside_functions(tmp_path):
    module = tmp_path / "m.py"
    module.write_text("def f():\n    from pipeline.store import Store\n    import corpus.dedup\n", encoding="utf-8")
    assert imported_packages(module) == {"pipeline", "corpus"}
