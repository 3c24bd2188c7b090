"""Figures on sentences written for these tests in the style of provincial news."""
import pytest


def figs(extractor, text, published=None):
    return [(f.value, f.category, f.qualifier) for f in extractor.extract(text, published=published).figures]


@pytest.mark.parametrize("text, expected", [
    ("Chủ tịch UBND huyện tặng Giấy khen cho 14 tập thể, 23 cá nhân có thành tích xuất sắc.",
     [(14, "award_collective", None), (23, "award_individual", None)]),
    ("Dịp này, Ban Thường vụ Huyện ủy công nhận mô hình “Dân vận khéo” cho 31 tập thể và 9 cá nhân.",
     [(31, "model", None), (9, "model", None)]),
    ("Toàn tỉnh hiện có 3.482 mô hình “Dân vận khéo”, tăng 157 mô hình so với cùng kỳ.",
     [(3482, "model", None), (157, "model", "increase")]),
    ("Trong năm, các cơ quan đã tiếp 1.205 lượt công dân, tiếp nhận 346 đơn thư, giải quyết 39 vụ việc.",
     [(1205, "reception", None), (346, "petition", None), (39, "petition", None)]),
    ("Quỹ Vì người nghèo vận động được hơn 4,25 tỷ đồng và gần 800 triệu đồng tiền mặt.",
     [(4.25, "money", "approx"), (800, "money", "approx")]),
    ("Đến nay, 17/17 xã, thị trấn đã tổ chức hội nghị đối thoại; đạt 100% kế hoạch.",
     [(17, "coverage", None), (100, "percent", None)]),
    ("Huyện tổ chức 12 hội nghị, 45 lớp tập huấn với khoảng 3.600 lượt người tham gia.",
     [(12, "event", None), (45, "event", None), (3600, "participants", "approx")]),
    ("Đài phát thanh đã đăng 212 tin, bài và duy trì 2 chuyên mục về công tác dân vận.",
     [(212, "media", None), (2, "media", None)]),
    ("Số hộ nghèo giảm 1,8% so với năm trước; xây mới 64 nhà đại đoàn kết.",
     [(1.8, "percent", "decrease"), (64, "other", "new")]),
    ("Trao Kỷ niệm chương Vì sự nghiệp Dân vận cho 26 cá nhân.", [(26, "medal", None)]),
    ("Có 41 cơ quan, đơn vị được xếp loại hoàn thành xuất sắc nhiệm vụ.", [(41, "rating", None)]),
    ("Hai đội thi xuất sắc nhất nhận mười lăm phần quà.", [(2, "other", None), (15, "other", None)]),
    ("Mỗi suất quà trị giá từ 1,5-2 triệu đồng.", [(1.5, "money", None), (2, "money", None)]),
    ("Diện tích trồng mới đạt 12,5ha, thu hút 80 hộ tham gia.", [(12.5, "other", None), (80, "participants", None)]),
])
def test_figures_values_categories_qualifiers(extractor, text, expected):
    assert figs(extractor, text) == [(pytest.approx(v), c, q) for v, c, q in expected]


def test_figures_ratio_has_denominator(extractor):
    (f,) = extractor.extract("Đã có 23/28 sở, ngành ký kết quy chế phối hợp.").figures
    assert (f.value, f.denominator, f.entity, f.category) == (23, 28, "sở, ngành", "coverage")


def test_figures_from_to_gives_two_figures_with_periods(extractor):
    ex = extractor.extract("Năm 2024, số đơn vị đạt chuẩn tăng từ 18 lên 25 đơn vị.")
    assert [(f.value, f.period) for f in ex.figures] == [(18, "2023"), (25, "2024")]
    assert ex.figures[0].entity == ex.figures[1].entity == "đơn vị"


@pytest.mark.parametrize("text", [
    "Hội nghị lần thứ 18 Ban Chấp hành Đảng bộ tỉnh khóa 14 diễn ra ngày 12/5/2023 lúc 8:30.",
    "Ngày 7-12, tại phường 6, Ban Chỉ đạo 35 tổ chức hội nghị.",
    "Thực hiện phương châm “3 không, 3 đúng, 3 cần” và “4 tốt” ở khu dân cư.",
    "Liên hệ: điện thoại 0213.3876.123 hoặc 0912 345 678.",
    "Thứ Năm, 07/12/2023 78 lượt xem. Đã xem: 1542. Số lượt truy cập 665614.",
    "Qua 05 năm thực hiện, kỷ niệm 93 năm Ngày truyền thống, đồng chí 65 tuổi.",
    "Cụm thi đua số 3 gồm các đơn vị khối Đảng.",
    "Quyết định số 1234/QĐ-UBND và Kế hoạch 45-KH/TU được ban hành năm 2021.",
    "Hộ có từ 4 người trở lên được hỗ trợ.",
])
def test_figures_ignores_non_figures(extractor, text):
    assert figs(extractor, text) == []


def test_figures_offsets_refer_to_original_text(extractor):
    text = "Tiêu đề\n\nNăm 2023,\u00a0toàn huyện có\u00a0hơn 1.024 mô hình “Dân vận khéo”."
    (f,) = extractor.extract(text).figures
    assert text[f.start:f.end] == f.span == "hơn 1.024 mô hình"
    assert f.sentence.startswith("Năm 2023")


def test_figures_headline_repeats_are_kept(extractor):
    ex = extractor.extract("Huyện có 57 mô hình dân vận khéo\n\nNăm 2022, huyện có 57 mô hình được công nhận.")
    assert [f.value for f in ex.figures] == [57, 57]


@pytest.mark.parametrize("text, authority", [
    ("Dịp này, Chủ tịch UBND huyện đã tặng Giấy khen cho 9 tập thể.", "Chủ tịch UBND huyện"),
    ("Trao Bằng khen của Ban Thường vụ Tỉnh ủy cho 4 cá nhân.", "Ban Thường vụ Tỉnh ủy"),
    ("Có 15 tập thể được Ủy ban nhân dân tỉnh tặng Bằng khen.", "Ủy ban nhân dân tỉnh"),
    ("Có 15 tập thể được khen thưởng.", None),
])
def test_figures_award_authority(extractor, text, authority):
    (f,) = extractor.extract(text).figures
    assert f.category in ("award_collective", "award_individual") and f.authority == authority


def test_figures_numbers_inside_quoted_names_are_not_counted(extractor):
    text = 'Các mô hình "Bếp ăn 0 đồng", “Tủ sách 5 nghìn cuốn” được nhân rộng tại 12 xã.'
    assert figs(extractor, text) == [(12, "coverage", None)]


@pytest.mark.parametrize("text, expected", [
    ("Mặt trận các cấp tiếp nhận 1.520 ý kiến, kiến nghị của cử tri.", [(1520, "petition", None)]),
    ("Đã giải quyết 45/52 đơn thư, đạt 86,5%.", [(45, "petition", None), (86.5, "percent", None)]),
    ("Trao 50 suất quà, mỗi suất trị giá 500.000 đồng.", [(50, "other", None), (500000, "money", None)]),
    ("Hai mươi lăm tập thể và ba mươi cá nhân được tặng Giấy khen.",
     [(25, "award_collective", None), (30, "award_individual", None)]),
])
def test_figures_more_styles(extractor, text, expected):
    assert figs(extractor, text) == [(pytest.approx(v), c, q) for v, c, q in expected]


def test_figures_requirements_are_not_counts(extractor):
    text = "Mỗi cơ quan đăng ký ít nhất 1 mô hình, tối thiểu 2 buổi sinh hoạt; năm nay có 58 mô hình."
    assert figs(extractor, text) == [(58, "model", None)]


@pytest.mark.parametrize("text", [
    "Bài 2: Quân khu 9 phối hợp với ấp 3 xây dựng khu dân cư văn hóa.",
    "Ứng dụng công nghệ 4.0 trong phòng chống Covid-19 tại khu vực 2.",
    "Chỉ tiêu năm 2024 được giao 13 phát triển mạnh.",
])
def test_figures_more_non_figures(extractor, text):
    assert figs(extractor, text) == []


def test_figures_people_taking_part_are_participants_whatever_came_before(extractor):
    text = ("Hội thi “Dân vận khéo” năm nay có sự tham dự của lãnh đạo tỉnh, cùng 11 đội thi với "
            "120 cá nhân tham gia tranh tài.")
    assert (120, "participants", None) in figs(extractor, text)


@pytest.mark.parametrize("text, expected", [
    ("Ngày hội được tổ chức tại 326 thôn, khu phố trên 41 phường, xã của tỉnh.",
     [(326, "coverage", None), (41, "coverage", None)]),
    ("Bí thư Thành ủy đánh giá 57 điển hình tiêu biểu.", [(57, "model", None)]),
    ("Hội Nông dân xã vận động 64 hộ tham gia mô hình chuyển đổi cây trồng.", [(64, "participants", None)]),
    ("Đồn Biên phòng vận động 126 hộ đồng bào định canh, định cư.", [(126, "other", None)]),
    ('Mô hình "12 giờ trả kết quả - 3 không" được nhân rộng ra 9 xã.', [(9, "coverage", None)]),
])
def test_figures_labels_never_take_qualifiers_and_mobilised_households(extractor, text, expected):
    assert figs(extractor, text) == [(pytest.approx(v), c, q) for v, c, q in expected]


@pytest.mark.parametrize("text, expected", [
    ("Các cơ quan đã tiếp 1.024 lượt công dân/1.187 người với 965 vụ việc.",
     [(1024, "reception", None), (1187, "reception", None), (965, "petition", None)]),
    ("Lãnh đạo tỉnh tiếp công dân định kỳ 6 buổi, đột xuất 2 buổi.", [(6, "reception", None), (2, "reception", None)]),
    ("Ban Dân vận trao Kỷ niệm chương cho 12 đồng chí; tỉnh có gần 95.000 đồng bào Khmer.",
     [(12, "medal", None), (95000, "other", "approx")]),
    ("Năm 2022, thôn đón hơn 12 nghìn lượt khách.", [(12, "other", "approx")]),
    ("Ngày hội thu hút khoảng 150 nghìn lượt người tham gia.", [(150, "participants", "approx")]),
    ("Tỉnh tổ chức 5 lớp tập huấn cho 420 cán bộ làm công tác dân vận.", [(5, "event", None), (420, "participants", None)]),
    ("Các cấp thực hiện 7 chương trình “Tình thương” phát sóng trên Đài truyền hình tỉnh.", [(7, "media", None)]),
    ("Ban Chỉ đạo đánh giá, xếp loại 42 sở, ngành; kết quả có 18 cơ quan xếp loại tốt.",
     [(42, "coverage", None), (18, "rating", None)]),
    ("Mỗi ngôi nhà được hỗ trợ từ 50 - 70 triệu đồng.", [(50, "money", None), (70, "money", None)]),
])
def test_figures_blind_set_error_classes(extractor, text, expected):
    assert figs(extractor, text) == [(pytest.approx(v), c, q) for v, c, q in expected]


@pytest.mark.parametrize("text, expected", [
    ("Huyện khen thưởng 15 tập thể, cá nhân tiêu biểu.", [(15, "other", None)]),
    ("Nhà nước tặng thưởng Huân chương Lao động hạng Ba cho 1 tập thể.", [(1, "other", None)]),
    ("Người dân phản ánh qua đường dây nóng 1900.1234 hoạt động 24/7.", []),
    ("Các cơ quan giải quyết dứt điểm 69/72 đơn thư thuộc thẩm quyền.", [(69, "petition", None)]),
    ("Đài sản xuất 18 phóng sự, 6 phim tài liệu; cấp phát 15 nghìn tờ gấp.",
     [(18, "media", None), (6, "media", None), (15, "media", None)]),
    ("Tỉnh mở 3 hội nghị tập huấn cho hơn 400 cán bộ dân vận cơ sở.", [(3, "event", None), (400, "participants", "approx")]),
    ("Kết quả có 32/38 sở, ban, ngành và UBND các huyện, thành phố hoàn thành xuất sắc nhiệm vụ.",
     [(32, "rating", None)]),
])
def test_figures_second_blind_set_error_classes(extractor, text, expected):
    assert figs(extractor, text) == [(pytest.approx(v), c, q) for v, c, q in expected]


@pytest.mark.parametrize("text, expected", [
    ("Tại buổi đối thoại, lãnh đạo phường giải đáp 137 ý kiến của người dân.", [(137, "petition", None)]),
    ("Lãnh đạo quận tiếp 230 lượt công dân; lãnh đạo các phường tiếp 1.145 lượt.",
     [(230, "reception", None), (1145, "reception", None)]),
    ("Phường tổ chức 2 lớp bồi dưỡng kỹ năng cho 95 hòa giải viên.", [(2, "event", None), (95, "participants", None)]),
    ("Mô hình ra đời với 14 chi hội tham gia.", [(14, "coverage", None)]),
    ("Ngập nước ở hẻm 148 đường Phạm Thế Hiển đã được xử lý.", []),
    ("Bà con ấp Prêk Tối, xã Đại Ân 2 tin yêu nhà sư.", []),
    ("Ông đã 3 nhiệm kỳ làm Trưởng xóm.", []),
    ("Chỉ tiêu 6 tháng cuối năm: 100% đơn thư được giải quyết.", [(100, "percent", None)]),
    ("Tiêu biểu như huyện Lục Nam 1,4 tỷ đồng; huyện Yên Thế 110 triệu đồng.", [(1.4, "money", None), (110, "money", None)]),
])
def test_figures_third_blind_set_error_classes(extractor, text, expected):
    assert figs(extractor, text) == [(pytest.approx(v), c, q) for v, c, q in expected]


@pytest.mark.parametrize("text, expected", [
    # inventories: how many units a place has (annotation guide: other)
    ("Huyện miền núi này có 9 xã, 2 thị trấn với 64 thôn, bản.", [(9, "other"), (2, "other"), (64, "other")]),
    # units that did something stay coverage, and so does a share of units
    ("Năm 2024 có 9 xã đạt chuẩn nông thôn mới.", [(9, "coverage")]),
    ("Toàn huyện có 11/13 xã có đông đồng bào theo đạo.", [(11, "coverage")]),
    # households reaching a standard are coverage
    ("Khu phố có 312 hộ đạt danh hiệu gia đình văn hóa.", [(312, "coverage")]),
])
def test_figures_inventories_and_units_reaching_a_standard(extractor, text, expected):
    assert [(f.value, f.category) for f in extractor.extract(text).figures] == expected


@pytest.mark.parametrize("text, expected", [
    ("Trong đó có 4 vụ KN đúng, 6 vụ TC sai.", [(4, "petition"), (6, "petition")]),
    ("Trong tuần có 05 đoàn công dân đến trụ sở.", [(5, "reception")]),
    ("Tổ tự quản gồm 21 thành viên.", [(21, "participants")]),
    ("Hội nghị đã bầu bổ sung 3 ủy viên.", [(3, "participants")]),
])
def test_figures_petition_abbreviations_delegations_and_members(extractor, text, expected):
    assert [(f.value, f.category) for f in extractor.extract(text).figures] == expected


def values(extractor, text):
    return [(f.value, f.entity) for f in extractor.extract(text).figures]


@pytest.mark.parametrize("text, expected", [
    # an intention: "sẽ" (the guide's own example), a quota, a decision in principle
    ("Sang năm, xã sẽ làm thêm 25 cây cầu dân sinh bằng vốn góp của bà con.", []),
    ("Trung tâm được giao chỉ tiêu tuyển 48 học viên cho khóa học.", []),
    ("Thường trực Huyện ủy chủ trương dựng 60 căn nhà tình nghĩa trước mùa mưa.", []),
    # done before, planned after: the first counts
    ("Năm ngoái thôn đã bê tông 12 con hẻm, sang năm sẽ bê tông tiếp 20 con hẻm.", [12]),
    # the items of a planned list, and a sentence that details the plan
    ("Nhiệm kỳ tới hội sẽ kết nạp 300 hội viên, lập 40 tổ hợp tác và 15 câu lạc bộ.", []),
    ("Mùa xuân này xã sẽ trồng 5.000 cây sao đen. Trong đó, thôn Đông 2.000 cây, thôn Tây 3.000 cây.", []),
    # a sentence after a plan that reports what was done
    ("Mùa xuân này xã sẽ trồng 5.000 cây sao đen. Năm rồi bà con đã trồng 1.200 cây.", [1200]),
    # done after the cue: "… sẽ …, đến nay đã …"
    ("Hội nói sẽ gom rác thải nhựa, đến nay đã gom được 9 tấn.", [9]),
])
def test_figures_plans_and_quotas_are_not_figures(extractor, text, expected):
    assert [f.value for f in extractor.extract(text).figures] == expected


@pytest.mark.parametrize("text, expected", [
    # money glued to "đ", and a compound amount ("tỷ … triệu", "triệu … nghìn") read as one
    ("Chi hội góp 2.350.000đ vào quỹ khuyến học của ấp.", [(2350000, "đ")]),
    ("Tổng kinh phí làm đường là 3 tỷ 250 triệu đồng, dân góp 1 triệu 500 nghìn đồng mỗi hộ.",
     [(3.25, "tỷ đồng"), (1.5, "triệu đồng")]),
    # an amount in đồng against its plan in tỷ: one figure, in đồng
    ("Quỹ thu được 7.412.300.000/6 tỷ đồng, vượt kế hoạch năm.", [(7412300000, "đồng")]),
    ("Riêng cấp huyện 3.100.000.000 đồng/2,5 tỷ đồng, đạt 124%.", [(3100000000, "đồng"), (124, "%")]),
])
def test_figures_money_as_written_in_reports(extractor, text, expected):
    assert values(extractor, text) == [(pytest.approx(v), e) for v, e in expected]


def test_figures_compound_amount_normalises_to_dong(extractor):
    (f,) = extractor.extract("Dự án giải ngân 4 tỷ 75 triệu đồng.").figures
    from extractors.units import normalize_value
    assert normalize_value(f.value, f.entity, f.category) == (pytest.approx(4.075e9), "đồng")
    assert f.span == "4 tỷ 75 triệu đồng"


@pytest.mark.parametrize("text, expected", [
    # abbreviated counted nouns; times of day are not
    ("Toàn huyện có 37 HTX và 12 THT hoạt động hiệu quả.", [37, 12]),
    ("Cập nhật 09:45:00 SA, 96 hộ nhận gạo cứu đói.", [96]),
    # typos: a noun glued to its number, a number glued after a comma that follows a quote
    ("Đến cuối tháng đã có 56hộ đăng ký tham gia.", [56]),
    ("Đạt danh hiệu “Gia đình hiếu học”,07 gia đình được biểu dương.", [7]),
    # a digit ending a residential group's name
    ("Sáng 2/4, tại Tổ dân phố Bình An 4 phường Tân Lợi có 70 hộ dự họp.", [70]),
    # levels of a body are a name; cấp ủy are counted
    ("Hội Nông dân 3 cấp đã vận động 120 hội viên góp ngày công.", [120]),
    ("Huyện ủy biểu dương 14 cấp ủy cơ sở trong sạch, vững mạnh.", [14]),
    # reception days are sessions, not durations
    ("Lãnh đạo huyện duy trì 36 ngày tiếp công dân định kỳ.", [36]),
    # the quoted title of a movement holds no count
    ("Hưởng ứng phong trào “Chung sức làm 500 km đường hoa nông thôn mới”, xã đã trồng 3 km.", [3]),
    # a threshold without "từ"
    ("Khuyến khích mỗi hộ góp 50 nghìn đồng trở lên cho quỹ.", []),
])
def test_figures_number_finding_classes_of_real_text(extractor, text, expected):
    assert [f.value for f in extractor.extract(text).figures] == expected


@pytest.mark.parametrize("text", [
    "Huyện Đồng Xanh sẽ dựng 40 nhà nhân ái\n\nNăm qua, hội đã trao 18 sổ tiết kiệm cho học sinh nghèo.",
    "Huyện Đồng Xanh sẽ dựng 40 nhà nhân ái (TTXH) - Năm qua, hội trao 18 sổ tiết kiệm cho học sinh nghèo.",
])
def test_figures_a_plan_in_a_headline_does_not_reach_the_body(extractor, text):
    assert [f.value for f in extractor.extract(text).figures] == [18]


@pytest.mark.parametrize("text, expected", [
    # an award governs a list of recipients: party bodies are award_collective, people by their role award_individual
    ("Kết quả: Huyện ủy khen thưởng 7 chi bộ trong sạch, 3 đảng bộ cơ sở và 26 đảng viên tiêu biểu.",
     [(7, "award_collective"), (3, "award_collective"), (26, "award_individual")]),
    # ... also past a semicolon, where the splitter starts a new sentence
    ("Thành ủy tặng Giấy khen cho 4 chi bộ ở khu dân cư; 11 bí thư chi bộ và 30 đảng viên có nhiều đóng góp.",
     [(4, "award_collective"), (11, "award_individual"), (30, "award_individual")]),
    ("- 9 TCCSĐ hoàn thành xuất sắc nhiệm vụ (tăng 2 so với năm trước).", [(9, "rating"), (2, "rating")]),
    # Kỷ niệm chương recipients are medal whatever the noun; Huy hiệu Đảng and Huân chương recipients are other
    ("Ông Tư thay mặt Ban trao Kỷ niệm chương “Vì sự nghiệp Dân vận” tới 6 cán bộ hưu trí.", [(6, "medal")]),
    ("Nhân dịp 3/2, Đảng bộ xã trao Huy hiệu 40 năm tuổi Đảng cho 2 đồng chí.", [(2, "other")]),
    ("Năm nay 4 cá nhân được Chủ tịch nước tặng Huân chương Lao động.", [(4, "other")]),
    ("Có tới 15 hội viên được trao Bằng khen của Trung ương Hội.", [(15, "award_individual")]),
    ("Hội Khuyến học xã tặng Giấy khen cho 35 học sinh vượt khó học giỏi.", [(35, "award_individual")]),
    ("Buổi lễ biểu dương thu hút khoảng 400 người dân đến xem.", [(400, "participants")]),
    # a count after the award but in a clause of its own is not a recipient
    ("Sau lễ tặng Bằng khen, huyện tổ chức hội thảo với 40 cán bộ cấp xã.", [(40, "other")]),
    # units "được công nhận" reaching a standard stay coverage, not awarded
    ("Đến cuối năm, thêm 6 xã được công nhận đạt chuẩn văn hóa.", [(6, "coverage")]),
])
def test_figures_award_recipients_by_role_and_honour(extractor, text, expected):
    assert [(f.value, f.category) for f in extractor.extract(text).figures] == expected


@pytest.mark.parametrize("text, expected", [
    # people met at a voters' meeting or a dialogue are reception, even "tham gia" (guide: people received or met)
    ("Quý III, đại biểu HĐND huyện dự 14 cuộc tiếp xúc cử tri với gần 2.300 lượt người tham gia.",
     [(14, "reception"), (2300, "reception")]),
    ("Sau phiên đối thoại, phường mở lớp tập huấn với 260 lượt người tham gia.", [(260, "participants")]),
    # the people counted beside the visits, in brackets, belong to the same reception
    ("Chủ tịch xã trực tiếp tiếp 58 lượt (có 61 người) tại trụ sở.", [(58, "reception"), (61, "reception")]),
    # days of citizen reception are reception sessions, not a duration
    ("Bảng tổng hợp: cấp huyện duy trì 48 ngày tiếp công dân, cấp xã 310 ngày tiếp dân.",
     [(48, "reception"), (310, "reception")]),
    # a plain duration stays out
    ("Đoàn làm việc 3 ngày tại huyện.", []),
])
def test_figures_people_met_and_days_of_citizen_reception(extractor, text, expected):
    assert [(f.value, f.category) for f in extractor.extract(text).figures] == [(pytest.approx(v), c) for v, c in expected]


@pytest.mark.parametrize("text, expected", [
    # beneficiaries of help or care are other (guide), people who take part stay participants
    ("Dịp Tết, Hội Chữ thập đỏ hỗ trợ khám, chữa bệnh miễn phí 620 lượt người.", [(620, "other")]),
    ("Bệnh viện tổ chức 3 buổi khám miễn phí, thu hút 620 lượt người tham gia.", [(3, "event"), (620, "participants")]),
    # people taking part, named before the count
    ("Giải chạy diễn ra với sự tham gia của hơn 900 đoàn viên.", [(900, "participants")]),
    ("Chiến dịch mùa hè thu hút 1.250 thanh niên tình nguyện.", [(1250, "participants")]),
    # households coming to a festival take part in it
    ("Đông đủ 210 hộ gia đình của tổ dân phố về dự ngày hội.", [(210, "participants")]),
    # units disciplined are not coverage
    ("Ủy ban Kiểm tra đề nghị xử lý kỷ luật đối với 2 chi bộ và kiểm điểm 5 đảng viên.", [(2, "other"), (5, "other")]),
    # criminal cases and places of worship are not petitions or coverage
    ("Công an phường đã điều tra làm rõ 17 vụ án hình sự.", [(17, "other")]),
    ("Trong vùng có khoảng 40 cơ sở tín ngưỡng dân gian.", [(40, "other")]),
    # complaints heard as "khiếu kiện" are petitions
    ("Tổ công tác đã thuyết phục 6 vụ khiếu kiện kéo dài rút đơn.", [(6, "petition")]),
    # an inventory goes on after "và"
    ("Vùng biên có 12 xã, thị trấn giáp Lào và 4 xã nằm sát đường biên.", [(12, "other"), (4, "other")]),
    ("Huyện có 12 xã đạt chuẩn nông thôn mới và 4 xã đạt chuẩn nâng cao.", [(12, "coverage"), (4, "coverage")]),
])
def test_figures_beneficiaries_discipline_cases_and_inventory_lists(extractor, text, expected):
    assert [(f.value, f.category) for f in extractor.extract(text).figures] == expected


@pytest.mark.parametrize("text", [
    "Các tập thể được khen thưởng kịp thời; toàn huyện 35 xã đã hoàn thành đại hội.",
    "Trong tháng, 4 xã đã tiếp nhận hồ sơ đề nghị khen thưởng của các ấp.",
])
def test_figures_award_does_not_reach_past_its_clause(extractor, text):
    assert [f.category for f in extractor.extract(text).figures if f.entity.startswith("xã")][-1] != "award_collective"


@pytest.mark.parametrize("text, expected", [
    # people received or met by officials (guide): the count right after "tiếp", "tiếp xúc", "đối thoại với"
    ("* Q.3/2025: Bí thư Đảng ủy xã tiếp 38 hộ dân có đơn về ranh giới đất ở.", [(38, "reception", None)]),
    ("Tổ đại biểu số 2 tiếp xúc gần 400 cử tri vùng cao.", [(400, "reception", "approx")]),
    ("Chiều thứ Bảy, lãnh đạo thị trấn đối thoại trực tiếp với 27 hộ kinh doanh ở chợ cá.",
     [(27, "reception", None)]),
    ("Xã gặp gỡ, đối thoại với 64 đoàn viên về việc làm sau xuất ngũ.", [(64, "reception", None)]),
    ("Tổ đại biểu HĐND huyện tiếp xúc cử tri ở xã Tân An, có 210 lượt cử tri dự.", [(210, "reception", None)]),
    ("Kết quả bầu cử: tổng số 5.200 cử tri trong danh sách.", [(5200, "other", None)]),
    ("Sáng 9/4, lãnh đạo tỉnh đối thoại với 85 đại biểu nông dân.", [(85, "reception", None)]),
    ("Hội nghị tập huấn có 85 đại biểu tham dự.", [(85, "participants", None)]),
    # not met: "tiếp nhận" is a petition verb, "tiếp tục" another verb; people at a class stay participants
    ("Văn phòng tiếp nhận 12 đơn và tiếp tục hỗ trợ 9 hộ nghèo.", [(12, "petition", None), (9, "other", None)]),
    ("Xã tổ chức 2 lớp tin học miễn phí cho 70 em học sinh vùng biên.",
     [(2, "event", None), (70, "participants", None)]),
    # people who carry out a model are participants (guide); units registering models are counted as the models
    ("Tính đến tháng 6, 3.150 cá nhân đang thực hiện các mô hình nuôi bò vỗ béo.", [(3150, "participants", None)]),
    ("Có 210 tập thể, 95 cá nhân đăng ký thực hiện mô hình dân vận khéo.", [(210, "model", None), (95, "model", None)]),
    # works entered in a contest are media (guide)
    ("Ban tổ chức nhận về 184 tác phẩm dự thi từ các huyện.", [(184, "media", None)]),
    # businesses reaching a standard or signing up are coverage, like households (guide)
    ("Cụm công nghiệp có 17/20 doanh nghiệp đạt chuẩn văn hóa.", [(17, "coverage", None)]),
    ("Hội Doanh nhân kết nối 31 doanh nghiệp nhận đỡ đầu học sinh.", [(31, "other", None)]),
    ("Dịp Tết, 12 doanh nghiệp đã ủng hộ quỹ xây nhà cho người nghèo.", [(12, "coverage", None)]),
    # borrowers are beneficiaries (other), members who take part stay participants
    ("Nhờ vốn ủy thác, tổ tiết kiệm giúp 58 lượt hội viên vay để nuôi dê.", [(58, "other", None)]),
    ("Ngày hội có 230 lượt hội viên tham gia các trò chơi dân gian.", [(230, "participants", None)]),
    # broadcasts counted by airing are media
    ("Loa truyền thanh các thôn phát 415 lượt tin về phòng chống lừa đảo.", [(415, "media", None)]),
])
def test_figures_people_met_models_carried_out_contest_works_and_businesses(extractor, text, expected):
    assert figs(extractor, text) == [(pytest.approx(v), c, q) for v, c, q in expected]


@pytest.mark.parametrize("text, expected", [
    # an award heading governs its list of recipients past a semicolon; "Kỷ niệm chương:" is a heading, not a chapter
    ("+ Giấy khen của Ban Thường vụ: 7 tập thể; 11 cá nhân.", [(7, "award_collective"), (11, "award_individual")]),
    ("+ Kỷ niệm chương Vì sự nghiệp Dân vận: 5 đồng chí.", [(5, "medal")]),
    ("Chương 2 của cuốn sách có 40 trang.", [(40, "other")]),
])
def test_figures_award_headings_in_list_style_reports(extractor, text, expected):
    assert [(f.value, f.category) for f in extractor.extract(text).figures] == expected


@pytest.mark.parametrize("text, expected", [
    # people counted by their role take part when the words after them say so; listed alone they are other
    ("Hè này, 26 chức sắc, chức việc các tôn giáo về dự lớp bồi dưỡng kiến thức pháp luật.", [(26, "participants")]),
    ("Ban Dân vận mời 33 người có uy tín tham gia tổ tư vấn cộng đồng.", [(33, "participants")]),
    ("Trên địa bàn huyện hiện có 128 người có uy tín.", [(128, "other")]),
    # attending stated at the head of the clause: "Dự … có N hộ"
    ("Về dự lễ khánh thành cây cầu mới có khoảng 140 hộ gia đình hai bên sông.", [(140, "participants")]),
    ("Giải việt dã có 1.350 vận động viên tranh tài.", [(1350, "participants")]),
    ("Ngày hội hiến máu thu được 312 đơn vị máu.", [(312, "other")]),
    # the lowest grade is a grade too (rating)
    ("Kết quả phân loại: 2 chi bộ không hoàn thành nhiệm vụ.", [(2, "rating")]),
])
def test_figures_people_by_role_taking_part_and_counted_things(extractor, text, expected):
    assert [(f.value, f.category) for f in extractor.extract(text).figures] == expected


@pytest.mark.parametrize("text, expected", [
    # a change in a count is the same kind of figure as the count, also with its noun written short
    ("Cuối năm có 57/60 khu dân cư giữ danh hiệu văn hóa, tăng 4 khu so với năm trước.",
     [(57, "coverage", None), (4, "coverage", "increase")]),
    ("Năm nay có 120 hộ nghèo, giảm 15 hộ.", [(120, "other", None), (15, "other", "decrease")]),
    # another noun after the change is its own figure
    ("Có 16 xã đạt chuẩn, tăng 12 mô hình dân vận khéo.", [(16, "coverage", None), (12, "model", "increase")]),
])
def test_figures_a_change_takes_the_kind_of_the_count_it_follows(extractor, text, expected):
    assert figs(extractor, text) == [(pytest.approx(v), c, q) for v, c, q in expected]
