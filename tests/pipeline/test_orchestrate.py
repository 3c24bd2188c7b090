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
