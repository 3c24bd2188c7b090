"""Shared fixtures: a store in a temporary folder, and the extractor."""
from __future__ import annotations

import pytest

from extractors.extract import Extractor
from pipeline.store import Store


@pytest.fixture(scope="session")
def extractor() -> Extractor:
    return Extractor()


@pytest.fixture
def store(tmp_path):
    s = Store(tmp_path / "test.duckdb")
    yield s
    s.close()
