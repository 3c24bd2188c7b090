from extractors.bench import bench_worst_case, worst_case_texts


def test_bench_worst_case_inputs_are_under_100_kb_and_each_is_timed():
    texts = worst_case_texts()
    assert texts and all(len(t.encode("utf-8")) < 100_000 or len(t) < 100_000 for t in texts.values())
    rows = bench_worst_case()
    assert [r[0] for r in rows] == list(texts)
    assert all(float(seconds) >= 0 for _, _, seconds in rows)
