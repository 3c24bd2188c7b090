import pytest

from extractors.numbers import parse_number, words_to_number


@pytest.mark.parametrize("token, value", [
    ("2.071", 2071), ("2.526.670.000", 2526670000), ("85,71", 85.71), ("1,5", 1.5), ("08", 8),
    ("1500", 1500), ("8,719", 8.719), ("12.345,5", 12345.5), ("1.5", 1.5), ("0", 0),
])
def test_numbers_parse_vietnamese_digits(token, value):
    assert parse_number(token) == pytest.approx(value)


@pytest.mark.parametrize("token", ["", "abc", "1.2.3", "12/5", "1,2,3"])
def test_numbers_parse_rejects_non_numbers(token):
    assert parse_number(token) is None


@pytest.mark.parametrize("words, value", [
    ("mười lăm", 15), ("hai mươi mốt", 21), ("một trăm linh năm", 105), ("Hai", 2), ("mười", 10),
    ("ba mươi", 30), ("một nghìn hai trăm", 1200),
])
def test_numbers_words(words, value):
    assert words_to_number(words) == value


@pytest.mark.parametrize("words", ["một", "năm", "tư", "mươi", "trăm"])
def test_numbers_words_refuses_ambiguous_single_words(words):
    assert words_to_number(words) is None
