from pipeline.orchestrate import run_archive, sample_paths


def test_orchestrate_sample_run_is_idempotent(store):
    archive, registry = sample_paths()
    first = run_archive(store, archive, registry)
    counts = store.counts()
    again = run_archive(store, archive, registry)
    assert store.counts() == counts
    assert first.articles == again.articles >= 20
    assert counts["figures"] > 100 and counts["document_mentions"] > 0
    _, rows = store.query("SELECT count(DISTINCT province), count(DISTINCT province_2025) FROM articles")
    provinces, provinces_2025 = rows[0]
    assert provinces >= 4 and provinces_2025 < provinces  # two sample provinces merged in 2025


def test_orchestrate_articles_carry_provenance(store):
    archive, registry = sample_paths()
    run_archive(store, archive, registry)
    _, rows = store.query(
        "SELECT count(*) FROM articles WHERE warc_file IS NULL OR warc_offset IS NULL OR source_id IS NULL"
    )
    assert rows[0][0] == 0
    _, rows = store.query(
        "SELECT f.sentence, f.span, a.text FROM figures f JOIN articles a ON a.id = f.article_id LIMIT 20"
    )
    for sentence, span, _ in rows:
        assert span in sentence


def test_orchestrate_adhoc_sources_keep_their_province(store, tmp_path):
    from datetime import datetime, timezone

    from corpus.warc import WarcArchive
    from scrapers.records import FetchResult
    from scrapers.registry import Source

    store.upsert_sources([Source(id="adhoc-x-test", name="x.test", base_url="https://x.test/", cms="generic",
                                 province="Trà Vinh", province_2025="Vĩnh Long")])
    html = ("<html><head><title>T</title></head><body><article><h1>Tin dân vận</h1>"
            "<p>Năm 2023, huyện có 42 mô hình Dân vận khéo được công nhận và nhân rộng trong toàn huyện.</p>"
            "<p>Các xã đã tổ chức 18 hội nghị đối thoại với nhân dân về công tác dân vận.</p></article></body></html>")
    archive = tmp_path / "a.warc.gz"
    with WarcArchive(archive) as w:
        w.write(FetchResult(url="https://x.test/tin-1.html", final_url="https://x.test/tin-1.html", status=200,
                            headers={"Content-Type": "text/html; charset=utf-8"}, body=html.encode(),
                            fetched_at=datetime(2024, 1, 1, tzinfo=timezone.utc), source_id="adhoc-x-test"))
    registry = tmp_path / "empty.toml"
    registry.write_text("", encoding="utf-8")
    report = run_archive(store, archive, registry)
    assert report.articles == 1
    _, rows = store.query("SELECT province, province_2025, source_id FROM articles")
    assert rows == [("Trà Vinh", "Vĩnh Long", "adhoc-x-test")]
