"""Shared fixtures: a store in a temporary folder, and the extractor.

In CI (CI set) Hypothesis runs derandomized, so a submission is judged on the same examples every time;
locally every run draws new examples (which is how the WARC damage cases fixed in corpus/warc.py were found).
"""
from __future__ import annotations

import os

import pytest
from hypothesis import settings

settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")

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
