import pandas as pd
import pytest

from gisgrid.privacy import PERSONAL_COLUMNS, mask_frame, mask_id, mask_name, mask_phone


@pytest.mark.parametrize(
    "name, masked",
    [
        ("王小明", "王*明"),
        ("李华", "李*"),
        ("欧阳小明", "欧**明"),
        ("张", "*"),
        (" 赵四 ", "赵*"),
        ("", ""),
    ],
)
def test_mask_name(name, masked):
    assert mask_name(name) == masked


@pytest.mark.parametrize(
    "phone, masked",
    [
        ("13812341234", "138****1234"),
        ("+86 138 1234 1234", "+86 138 **** 1234"),
        ("138-1234-1234", "138-****-1234"),
        ("0546-8211234", "054*-***1234"),
        ("8211234", "***1234"),
        ("未登记", "未登记"),
    ],
)
def test_mask_phone(phone, masked):
    assert mask_phone(phone) == masked


@pytest.mark.parametrize(
    "number, masked",
    [
        ("370523198001011234", "370523********1234"),
        ("37052319800101123X", "370523********123X"),
        ("370523800101123", "370523*****1123"),
        ("A12345", "****45"),
    ],
)
def test_mask_id(number, masked):
    assert mask_id(number) == masked


@pytest.mark.parametrize("missing", [None, float("nan"), pd.NA])
def test_missing_values_stay_missing(missing):
    for func in (mask_name, mask_phone, mask_id):
        out = func(missing)
        assert out is missing or pd.isna(out)


def test_series_are_masked_elementwise():
    names = pd.Series(["王小明", None, "李华"], dtype="str")
    out = mask_name(names)
    assert isinstance(out, pd.Series)
    assert out[0] == "王*明" and pd.isna(out[1]) and out[2] == "李*"
    phones = mask_phone(pd.Series([13812341234, "13912345678"]))
    assert phones.tolist() == ["138****1234", "139****5678"]


def test_mask_frame_masks_personal_columns_only():
    frame = pd.DataFrame(
        {
            "id": ["H1"],
            "head": ["王小明"],
            "phone": ["13812341234"],
            "id_number": ["370523198001011234"],
            "address": ["新华街1号"],
        }
    )
    out = mask_frame(frame, "households")
    assert out.iloc[0].tolist() == ["H1", "王*明", "138****1234", "370523********1234", "新华街1号"]
    assert frame["head"][0] == "王小明"  # the input is untouched
    assert mask_frame(frame, "issues").equals(frame)
    assert set(PERSONAL_COLUMNS) == {"households", "cadres"}
