"""Execute the notebooks against a demo database (the bundled sample, else a store built by hand)."""
import json
import os
from pathlib import Path

import nbformat
import pytest
from analytics_data import build_store
from nbclient import NotebookClient

from pipeline.store import Store

NOTEBOOKS = Path(__file__).resolve().parents[2] / "notebooks"


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory):
    path = tmp_path_factory.mktemp("notebooks") / "demo.duckdb"
    try:
        from pipeline.orchestrate import run_archive, sample_paths

        archive, registry = sample_paths()
        if not archive.exists():
            raise FileNotFoundError(archive)
    except (ImportError, FileNotFoundError):
        build_store(path).close()
    else:
        with Store(path) as store:
            run_archive(store, archive, registry)
    return path


@pytest.mark.parametrize("name", ["compare_provinces.ipynb", "explore_corpus.ipynb"])
def test_notebooks_use_indicator_values(name):
    """Both notebooks compare on pipeline.indicators, never on the old sums of a category (`total`)."""
    source = "".join("".join(c["source"]) for c in json.loads((NOTEBOOKS / name).read_text(encoding="utf-8"))["cells"]
                     if c["cell_type"] == "code")
    assert "indicator_values" in source or "CompareOptions(indicator" in source
    assert "figures_by_province" not in source and '"total"' not in source and "sum(DISTINCT" not in source


@pytest.mark.parametrize("name", ["compare_provinces.ipynb", "explore_corpus.ipynb"])
def test_notebooks_are_stored_without_outputs(name):
    nb = json.loads((NOTEBOOKS / name).read_text(encoding="utf-8"))
    code = [c for c in nb["cells"] if c["cell_type"] == "code"]
    assert code and all(not c["outputs"] and c["execution_count"] is None for c in code)


@pytest.mark.slow
@pytest.mark.parametrize("name", ["compare_provinces.ipynb", "explore_corpus.ipynb"])
def test_notebooks_execute_against_demo_db(demo_db, name, monkeypatch):
    monkeypatch.setenv("DANVAN_DB", str(demo_db))
    monkeypatch.setenv("MPLBACKEND", "Agg")
    nb = nbformat.read(NOTEBOOKS / name, as_version=4)
    NotebookClient(nb, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(NOTEBOOKS)}}).execute()
    errors = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs if o.output_type == "error"]
    assert not errors
    text = "".join(o.get("text", "") for c in nb.cells if c.cell_type == "code" for o in c.outputs)
    assert str(demo_db) in text           # the notebook read the database named by DANVAN_DB
    if name == "compare_provinces.ipynb":
        assert "indicator: " in text and "sum of" not in text.split("indicator: ")[0]
    else:
        assert "+07:00" in text and "+00:00" not in text   # times in Vietnam's time
    with Store(demo_db, read_only=True) as store:
        assert store.counts()["articles"] > 0
