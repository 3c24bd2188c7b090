"""scrapers/registry.py and the shipped registry scrapers/sources.toml."""
from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from common.gazetteer import canonical_province, province_2025_of
from scrapers.registry import CMS_FAMILIES, LEVELS, RegistryError, Source, find_source, load_registry


@pytest.fixture(scope="module")
def shipped() -> list[Source]:
    return load_registry()


def test_registry_ships_at_least_40_real_sources(shipped):
    assert len(shipped) >= 40
    ids = [s.id for s in shipped]
    assert len(ids) == len(set(ids))
    hosts = [urlsplit(s.base_url).hostname for s in shipped]
    assert len(hosts) == len(set(hosts)) or len(set(hosts)) >= 40
    assert not any(h.endswith((".test", ".example", "localhost")) for h in hosts)


def test_registry_provinces_are_canonical(shipped):
    for s in shipped:
        if s.level == "central":
            assert s.province is None, s.id
            continue
        assert canonical_province(s.province) == s.province, s.id
        assert s.province_2025 == province_2025_of(s.province), s.id
    assert len({s.province for s in shipped if s.province}) >= 40


def test_registry_fields_are_valid(shipped):
    for s in shipped:
        assert s.cms in CMS_FAMILIES, s.id
        assert s.level in LEVELS, s.id
        assert s.listing_urls, s.id
        assert all(u.startswith("https://") or u.startswith("http://") for u in s.listing_urls + s.rss_urls)
        assert s.crawl_delay >= 5.0, s.id  # polite to small government servers
        assert s.insecure_tls is False, s.id  # switched on only for a site known to need it


def test_registry_mixes_levels_and_families(shipped):
    levels = {s.level for s in shipped}
    assert {"province", "newspaper", "central"} <= levels
    families = {s.cms for s in shipped}
    assert {"nukeviet", "sharepoint", "liferay", "generic"} <= families
    assert sum(s.verified for s in shipped) >= 40
    assert any(not s.verified for s in shipped)  # unverified entries are marked as such


def test_registry_verified_entries_cite_the_report(shipped):
    for s in shipped:
        if s.verified:
            assert "REPORT" in s.notes, s.id


def write(tmp_path, text: str):
    path = tmp_path / "sources.toml"
    path.write_text(text, encoding="utf-8")
    return path


ENTRY = """
[[source]]
id = "{id}"
name = "Tỉnh ủy Lai Châu"
base_url = "https://laichau.dcs.vn/"
cms = "{cms}"
province = "{province}"
listing_urls = ["https://laichau.dcs.vn/news/"]
"""


def entry(id="laichau", cms="nukeviet", province="Lai Châu", extra=""):
    return ENTRY.format(id=id, cms=cms, province=province) + extra


def test_registry_loads_a_minimal_entry(tmp_path):
    [s] = load_registry(write(tmp_path, entry()))
    assert (s.id, s.cms, s.province, s.crawl_delay, s.verified) == ("laichau", "nukeviet", "Lai Châu", 5.0, False)


def test_registry_duplicate_ids_are_reported_with_their_entries(tmp_path):
    with pytest.raises(RegistryError, match=r"duplicate source id 'laichau' \(entries #1 and #2\)"):
        load_registry(write(tmp_path, entry() + entry()))


def test_registry_unknown_field_is_reported_with_its_line(tmp_path):
    with pytest.raises(RegistryError, match=r"sources.toml:3: source 'laichau' has unknown fields \['tinh'\]"):
        load_registry(write(tmp_path, entry(extra='tinh = "x"\n')))


@pytest.mark.parametrize("kwargs,message", [
    ({"cms": "wordpress"}, "cms must be one of"),
    ({"province": "Sài Gòn Mới"}, "is not one of the 63"),
    ({"province": "tỉnh Lai Châu"}, "did you mean 'Lai Châu'"),
    ({"extra": 'province_2025 = "Điện Biên"\n'}, "province_2025 'Điện Biên' should be 'Lai Châu'"),
    ({"extra": "crawl_delay = -1\n"}, "crawl_delay must be"),
    ({"extra": 'rss_urls = ["feed.xml"]\n'}, "not http"),
    ({"extra": 'level = "village"\n'}, "level must be one of"),
])
def test_registry_bad_entries_are_refused(tmp_path, kwargs, message):
    with pytest.raises(RegistryError, match=message):
        load_registry(write(tmp_path, entry(**kwargs)))


def test_registry_missing_required_field(tmp_path):
    with pytest.raises(RegistryError, match="lacks base_url"):
        load_registry(write(tmp_path, '[[source]]\nid = "x"\nname = "X"\ncms = "generic"\n'))


def test_registry_missing_file_and_bad_toml(tmp_path):
    with pytest.raises(RegistryError, match="no registry file"):
        load_registry(tmp_path / "nope.toml")
    with pytest.raises(RegistryError, match="sources.toml"):
        load_registry(write(tmp_path, "[[source]\n"))


def test_registry_find_source(shipped):
    assert find_source("laichau-tinhuy", shipped).province == "Lai Châu"
    with pytest.raises(RegistryError, match="no source 'nope'"):
        find_source("nope", shipped)


@pytest.mark.parametrize("selectors,message", [
    ('[source.selectors]\nbodyy = ["div.x"]\n', "unknown selector keys \\['bodyy'\\]"),
    ('[source.selectors]\nbody = ["div[class=x"]\n', "is not valid CSS"),
    ('[source.selectors]\ndate = [3]\n', "is not a string"),
])
def test_registry_selector_overrides_are_checked(tmp_path, selectors, message):
    with pytest.raises(RegistryError, match=message):
        load_registry(write(tmp_path, entry() + selectors))


def test_registry_selector_overrides_load(tmp_path):
    [s] = load_registry(write(tmp_path, entry() + '[source.selectors]\nbody = ["div.noidung"]\n'
                                                  'boilerplate = ["Lượt xem"]\n'))
    assert s.selectors == {"body": ["div.noidung"], "boilerplate": ["Lượt xem"]}
