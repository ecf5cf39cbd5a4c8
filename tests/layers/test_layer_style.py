import mapclassify
import numpy as np
import pandas as pd
import pytest
from gisgrid.layers.style import (
    NO_DATA_COLOR,
    PALETTES,
    LayerStyle,
    feature_colors,
    ramp_colors,
)

from gisgrid.errors import InputError

SIZES = [1, 2, 2, 3, 4, 5, 8, 9, 12, 30]


def test_single_gives_one_colour():
    colors, legend = feature_colors(LayerStyle(color="#112233"), pd.DataFrame({"a": [1, 2]}))
    assert list(colors) == ["#112233", "#112233"]
    assert legend == [("", "#112233")]


def test_categorized_sorted_categories_and_missing():
    frame = pd.DataFrame({"category": ["人居环境", "社会治安", None, "人居环境", ""]})
    style = LayerStyle(kind="categorized", field="category", palette="bold")
    colors, legend = feature_colors(style, frame)
    cats = sorted(["人居环境", "社会治安"])
    bold = PALETTES["bold"]
    expected = {c: bold[i] for i, c in enumerate(cats)}
    assert colors[0] == expected["人居环境"] and colors[1] == expected["社会治安"]
    assert colors[2] == colors[4] == NO_DATA_COLOR
    assert [label for label, _ in legend] == [*cats, "(空)"]


def test_categorized_cycles_palette():
    frame = pd.DataFrame({"c": [f"v{i:02d}" for i in range(30)]})
    colors, legend = feature_colors(LayerStyle(kind="categorized", field="c"), frame)
    n = len(PALETTES["pastel"])
    assert colors[0] == colors[n] and len(legend) == 30


@pytest.mark.parametrize(
    ("scheme", "classifier"),
    [
        ("natural_breaks", mapclassify.NaturalBreaks),
        ("quantiles", mapclassify.Quantiles),
        ("equal_interval", mapclassify.EqualInterval),
    ],
)
def test_graduated_matches_mapclassify(scheme, classifier):
    frame = pd.DataFrame({"size": SIZES})
    style = LayerStyle(kind="graduated", field="size", scheme=scheme, k=3, palette="reds")
    result = feature_colors(style, frame)
    expected = classifier(np.array(SIZES, dtype=float), k=3)
    assert result.breaks == pytest.approx(list(expected.bins))
    ramp = ramp_colors("reds", 3)
    assert list(result.colors) == [ramp[c] for c in expected.yb]
    assert len(result.legend) == 3
    assert result.legend[0][0].startswith("1 – ")


def test_graduated_equal_interval_values():
    frame = pd.DataFrame({"v": [0.0, 10.0, 20.0, 30.0, np.nan]})
    style = LayerStyle(kind="graduated", field="v", scheme="equal_interval", k=3)
    result = feature_colors(style, frame)
    assert result.breaks == pytest.approx([10.0, 20.0, 30.0])
    ramp = ramp_colors("pastel", 3)
    assert list(result.colors[:4]) == [ramp[0], ramp[0], ramp[1], ramp[2]]
    assert result.colors[4] == NO_DATA_COLOR
    assert result.legend[-1] == ("(空)", NO_DATA_COLOR)


def test_graduated_fewer_values_than_classes():
    result = feature_colors(
        LayerStyle(kind="graduated", field="v", k=5), pd.DataFrame({"v": [3, 3, 7]})
    )
    assert result.breaks == [3.0, 7.0]
    assert result.colors[0] == result.colors[1] != result.colors[2]


def test_graduated_rejects_text_field():
    frame = pd.DataFrame({"name": ["张家庄村", "东关社区"]})
    with pytest.raises(InputError, match="not numeric"):
        feature_colors(LayerStyle(kind="graduated", field="name"), frame)


def test_missing_field_names_columns():
    with pytest.raises(InputError, match="'nope' is not a column"):
        feature_colors(LayerStyle(kind="categorized", field="nope"), pd.DataFrame({"a": [1]}))


@pytest.mark.parametrize(
    "kwargs",
    [
        {"kind": "pie"},
        {"kind": "categorized"},
        {"scheme": "jenks"},
        {"k": 1},
        {"palette": "rainbow"},
        {"color": "red"},
        {"outline_color": "#12345"},
        {"marker": "star"},
    ],
)
def test_bad_styles_rejected(kwargs):
    with pytest.raises(InputError):
        LayerStyle(**kwargs)


def test_round_trip_dict():
    style = LayerStyle(kind="graduated", field="size", scheme="quantiles", k=4, palette="blues")
    data = style.to_dict()
    assert LayerStyle.from_dict({**data, "qml": "<x/>", "visible": False}) == style


def test_ramp_endpoints():
    ramp = ramp_colors("blues", 5)
    assert ramp == PALETTES["blues"]


def test_natural_breaks_on_many_values_is_sampled():
    values = np.random.default_rng(3).gamma(2, 3, 20_000)
    style = LayerStyle(kind="graduated", field="v", k=4)
    result = feature_colors(style, pd.DataFrame({"v": values}))
    assert len(result.breaks) == 4
    assert result.breaks[-1] == values.max()  # every value falls in a class
    assert len(set(result.colors)) == 4
    again = feature_colors(style, pd.DataFrame({"v": values}))
    assert again.breaks == result.breaks  # reproducible
