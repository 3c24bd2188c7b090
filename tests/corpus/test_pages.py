import pytest

from corpus.pages import archive_files
from corpus.warc import ArchiveError


def test_pages_archive_files_folder_glob_and_file(tmp_path):
    for name in ("b.warc.gz", "a.warc.gz", "sub/c.warc.gz", "z.warc", "notes.txt"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_bytes(b"")
    # a folder: every .warc.gz (sorted), then every .warc, as the local engine reads them
    assert [p.relative_to(tmp_path).as_posix() for p in archive_files(tmp_path)] == \
        ["a.warc.gz", "b.warc.gz", "sub/c.warc.gz", "z.warc"]
    assert [p.name for p in archive_files(f"{tmp_path}/*.warc.gz")] == ["a.warc.gz", "b.warc.gz"]
    assert [p.name for p in archive_files(f"{tmp_path}/**/*.warc.gz")] == ["a.warc.gz", "b.warc.gz", "c.warc.gz"]
    assert archive_files(tmp_path / "z.warc") == [tmp_path / "z.warc"]


@pytest.mark.parametrize("spec", ["missing.warc.gz", "nothing-*.warc.gz", "empty"])
def test_pages_archive_files_reports_nothing_found(tmp_path, spec):
    (tmp_path / "empty").mkdir()
    with pytest.raises(ArchiveError, match="no WARC file"):
        archive_files(tmp_path / spec)
