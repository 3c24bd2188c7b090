def test_persons_honorific_name_position(extractor):
    ex = extractor.extract("Ông Trần Văn Bình - Chủ tịch UBND tỉnh phát biểu chỉ đạo hội nghị.")
    assert [(p.name, p.position) for p in ex.persons] == [("Trần Văn Bình", "Chủ tịch UBND tỉnh")]


def test_persons_position_then_name(extractor):
    text = "Dự hội nghị có đồng chí Phó Bí thư Thường trực Tỉnh ủy Lê Thị Mai và Trưởng Ban Dân vận Tỉnh ủy Hoàng Đức Long."
    names = [(p.name, p.position) for p in extractor.extract(text).persons]
    assert ("Lê Thị Mai", "Phó Bí thư Thường trực Tỉnh ủy") in names
    assert ("Hoàng Đức Long", "Trưởng Ban Dân vận Tỉnh ủy") in names


def test_persons_offsets(extractor):
    text = "Bà Nguyễn Thị Hoa, Phó Chủ tịch UBND huyện trao quà."
    (p,) = extractor.extract(text).persons
    assert text[p.start:p.end] == "Nguyễn Thị Hoa"


def test_persons_ner_spans_only_where_rules_find_nobody():
    from extractors.extract import Extractor, ExtractorOptions

    text = "Phát biểu tại hội nghị, Chủ tịch Hội Nông dân tỉnh nhấn mạnh vai trò của nông dân."
    ex = Extractor(ExtractorOptions(ner=True)).extract(text)
    for p in ex.persons:  # whatever NER finds is a span of the text, never invented
        assert text[p.start:p.end] == p.name


def test_ner_entity_spans_point_into_the_sentence():
    from extractors.ner import entity_spans

    sentence = "Đồng chí Nguyễn Văn Tuấn làm việc với Ủy ban nhân dân tỉnh Lai Châu."
    spans = entity_spans(sentence, ("PER", "ORG", "LOC"))
    assert spans and all(sentence[a:b] == t for a, b, t in spans)


def test_persons_minority_surnames_and_no_lowercase_syllables(extractor):
    text = "Phát biểu kết luận, đồng chí Phó Bí thư Thường trực Tỉnh ủy Tráng Văn Páo đề nghị các cấp ủy quan tâm."
    assert [(p.name, p.position) for p in extractor.extract(text).persons] == [
        ("Tráng Văn Páo", "Phó Bí thư Thường trực Tỉnh ủy")]
