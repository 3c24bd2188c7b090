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
