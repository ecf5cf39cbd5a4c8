"""Masking inside citizens' free text (gisgrid.privacy.mask_text, mask_citizen_text)."""

import pandas as pd
import pytest

from gisgrid.privacy import mask_citizen_text, mask_text, personal_names


@pytest.mark.parametrize(
    "text, masked",
    [
        ("联系电话13912345678，谢谢", "联系电话139****5678，谢谢"),
        ("手机 139-1234-5678", "手机 139-****-5678"),
        ("+86 186 5555 0123", "+86 186 **** 0123"),
        ("手机１３９１２３４５６７８", "手机139****5678"),
        ("座机0546-8211234", "座机054*-***1234"),
        ("(0546)8211234", "(054*)***1234"),
        ("身份证37052319751231102X", "身份证370523********102X"),
        ("身份证370523800101123号", "身份证370523*****1123号"),
        # codes, ticket ids, coordinates and counts are not personal: left alone
        ("网格37052310300101004 户3705231030010001 工单GD20251122103001", None),
        ("坐标118.6978865739，共12户，2026-11-16", None),
    ],
)
def test_numbers_in_text(text, masked):
    assert mask_text(text) == (masked or text)


def test_names_longest_first_and_everywhere():
    names = {"欧阳翠花", "欧阳", "王伟"}
    assert mask_text("户主欧阳翠花与王伟、王伟", names) == "户主欧**花与王*、王*"
    assert mask_text("无人", names) == "无人"


def test_masking_twice_changes_nothing():
    once = mask_text("户主王伟 13912345678 37052319751231102X", {"王伟"})
    assert mask_text(once, {"王伟"}) == once


def test_missing_and_series():
    out = mask_text(pd.Series(["电话13912345678", None]))
    assert out[0] == "电话139****5678" and pd.isna(out[1])


def test_citizen_columns_only():
    issues = pd.DataFrame(
        {"id": ["13912345678"], "description": ["王伟 13912345678"], "address": ["王伟家"]}
    )
    out = mask_citizen_text(issues, {"王伟"})
    assert out.iloc[0].tolist() == ["13912345678", "王* 139****5678", "王*家"]
    assert issues["description"][0] == "王伟 13912345678"


class _Project:
    def __init__(self, layers):
        self.layers = layers

    def layer(self, name):
        return self.layers[name]


def test_personal_names_of_households_and_cadres():
    project = _Project(
        {
            "households": pd.DataFrame({"head": ["王伟", " 欧阳翠花 ", "张", None]}),
            "cadres": pd.DataFrame({"name": ["上官婉儿", "某某某某某"]}),
        }
    )
    assert personal_names(project) == {"王伟", "欧阳翠花", "上官婉儿"}
