import pytest

from pipeline.store import Store
from pipeline.versions import latest_extractor_version, latest_version, sort_versions


@pytest.mark.parametrize("labels, newest", [
    (["0.9.0", "0.10.0"], "0.10.0"),                 # text order would say 0.9.0
    (["0.1.0", "0.2.0-test"], "0.2.0-test"),          # a semver pre-release of a later version
    (["0.2.0-test", "0.2.0"], "0.2.0"),               # the release beats its pre-release
    (["1.0.0rc1", "0.99.1"], "1.0.0rc1"),
    (["2.0", "10.0", "9.1.3"], "10.0"),
    (["test-1", "test-2"], "test-2"),                 # labels without a version: numbers inside still count
    (["test-9", "test-10"], "test-10"),
    ([], None),
])
def test_versions_latest(labels, newest):
    assert latest_version(labels) == newest


def test_versions_sort_mixed_labels_is_total():
    labels = ["0.10.0", "abc", "0.9.0", "v2-fixes", "0.2.0-test", "1.0.0", "1.0.0rc1", "0.2.0"]
    assert sort_versions(labels) == ["abc", "0.2.0-test", "0.2.0", "0.9.0", "0.10.0", "1.0.0rc1", "1.0.0",
                                     "v2-fixes"]


def test_versions_from_the_store():
    with Store(":memory:") as s:
        assert latest_extractor_version(s.con) is None
        s.con.execute("CREATE TEMP TABLE labels (extractor_version VARCHAR)")
        s.con.execute("INSERT INTO labels VALUES ('0.9.0'), ('0.10.0'), (NULL)")
        assert latest_extractor_version(s.con, "labels") == "0.10.0"
