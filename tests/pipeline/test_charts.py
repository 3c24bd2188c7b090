"""Charts from generic rows: every province drawn, gaps kept, integer ticks, titles wrapped."""
import pytest
from matplotlib.figure import Figure

from common.gazetteer import provinces_34, provinces_63
from pipeline import charts
from pipeline.charts import ChartError, ChartRow, bar_chart, chart_comparison, demo_rows, province_chart, small_multiples


@pytest.fixture
def saved(monkeypatch):
    """The matplotlib figures the chart functions save, to inspect what they drew."""
    figures = []
    real = charts._save

    def keep(fig, out, dpi):
        figures.append(fig)
        return real(fig, out, dpi)

    monkeypatch.setattr(charts, "_save", keep)
    return figures


def _axes_with_bars(fig: Figure):
    return [ax for ax in fig.axes if ax.patches]


@pytest.mark.parametrize("names", [provinces_63(), provinces_34()])
def test_charts_bars_show_every_province_sorted(tmp_path, saved, names):
    rows = [ChartRow(p, 2024, float((i * 7) % 23), "facts") for i, p in enumerate(names)]
    out = bar_chart(rows, tmp_path / "b.png", "A title")
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    (ax,) = _axes_with_bars(saved[0])
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert sorted(labels) == sorted(names)                      # every province, not the top ten
    by_y = sorted(((bar.get_y(), bar.get_width()) for bar in ax.patches), reverse=True)
    values = [w for _, w in by_y]
    assert len(values) == len(names) and values == sorted(values, reverse=True)   # largest at the top
    ticks = [t for t in ax.get_xticks() if t >= 0]
    assert all(float(t).is_integer() for t in ticks)            # counts: integer ticks


def test_charts_small_multiples_keep_gaps_and_integer_years(tmp_path, saved):
    rows = [ChartRow("Bến Tre", 2020, 3.0), ChartRow("Bến Tre", 2022, 5.0), ChartRow("Cà Mau", 2021, 2.0),
            ChartRow("Cà Mau", 2022, 4.0)]
    province_chart(rows, tmp_path / "m.png", "Years")
    fig = saved[0]
    panels = [ax for ax in fig.axes if ax.lines]
    assert [ax.get_title(loc="left") for ax in panels] == ["Bến Tre", "Cà Mau"]     # larger total first
    xs, ys = panels[0].lines[0].get_data()
    assert list(xs) == [2020, 2021, 2022] and ys[1] != ys[1]                        # 2021 missing: NaN, a gap
    labels = [t.get_text() for t in panels[0].get_xticklabels()]
    assert labels and all(label.isdigit() for label in labels)                      # "2020", never "2020.5"


def test_charts_long_title_is_wrapped_inside_the_figure(tmp_path, saved):
    title = "Facts by province (63) × year × category: " + ", ".join(["award_collective"] * 12)
    bar_chart([ChartRow("Bến Tre", 2024, 3.0)], tmp_path / "t.png", title)
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    fig = saved[0]
    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    renderer = canvas.get_renderer()
    width = fig.bbox.width
    for text in fig.texts:
        box = text.get_window_extent(renderer)
        assert box.x0 >= 0 and box.x1 <= width, text.get_text()[:40]
    assert "\n" in fig.texts[0].get_text()


def test_charts_refuse_mixed_units_and_no_rows(tmp_path):
    with pytest.raises(ChartError, match="mix units"):
        bar_chart([ChartRow("A", 2024, 1.0, "tỷ đồng"), ChartRow("B", 2024, 2.0, "mô hình")], tmp_path / "x.png", "t")
    with pytest.raises(ChartError, match="no rows"):
        small_multiples([], tmp_path / "x.png", "t")


def test_charts_from_a_value_table(tmp_path, saved):
    # the shape compare returns for indicators: province, year, value, unit
    cols = ["province", "year", "indicator", "value", "unit"]
    rows = [("Bến Tre", 2023, "models", 12.0, "mô hình"), ("Trà Vinh", 2023, "models", 30.0, "mô hình")]
    chart_comparison(cols, rows, tmp_path / "v.png", "Models")
    (ax,) = _axes_with_bars(saved[0])
    assert ax.get_xlabel() == "mô hình"
    by_height = sorted(zip(ax.get_yticks(), (t.get_text() for t in ax.get_yticklabels())), reverse=True)
    assert [name for _, name in by_height] == ["Trà Vinh", "Bến Tre"]      # top to bottom: largest first


def test_charts_demo_draws_the_docs_screenshots(tmp_path):
    written = charts.draw_demo(tmp_path)
    assert [p.name for p in written] == ["compare-63-bars.png", "compare-63-years.png", "compare-34-bars.png",
                                         "compare-34-years.png"]
    assert len({r.province for r in demo_rows(provinces_63(), [2020, 2021])}) == 63
