"""GB 32100-2015 check character, against real published codes.

Hand check of 91350100M000100Y43 (the standard's own example): values 9,1,3,5,0,1,0,0,M=21,
0,0,0,1,0,0,Y=30,4 × weights 1,3,9,27,19,26,16,17,20,29,25,13,8,24,10,30,28 sum to
9+3+27+135+26+420+8+900+112 = 1640; 1640 mod 31 = 28; 31 − 28 = 3 → "3". ✓
Hand check of 91110000600037341L: 9+3+9+27+120+24+168+30+120+28 = 538; 538 mod 31 = 11;
31 − 11 = 20 → "L". ✓
"""

import pytest
from django.utils import translation

from xingping.entities import uscc

REAL = [
    "91350100M000100Y43",  # GB 32100-2015 example
    "91110000600037341L",
    "914403001922038216",  # 华为技术有限公司
    "9144030071526726XG",  # 深圳市腾讯计算机系统有限公司
    "91330100716105852F",  # 阿里巴巴（中国）有限公司
]


@pytest.mark.parametrize("code", REAL)
def test_real_codes_are_valid(code):
    assert uscc.is_valid(code)
    assert uscc.problem(code) is None


@pytest.mark.parametrize("code,why", [
    ("91350100M000100Y44", "校验码错误，应为 3。"),
    ("91350100M000100Y4", "统一社会信用代码应为18位，此代码为 17 位。"),
    ("91350100M000100Y433", "此代码为 19 位"),
    ("91350100I000100Y43", "含无效字符：I。"),  # I is not used
    ("91350100m000100Y43", "含无效字符：m。"),  # lower case
    ("", "此代码为 0 位"),
])
def test_invalid_codes_say_why(code, why):
    assert not uscc.is_valid(code)
    assert why in uscc.problem(code)


def test_the_reason_is_in_one_language():
    with translation.override("en"):
        assert uscc.problem("91350100M000100Y44") == "The check character should be 3."
    assert uscc.problem("91350100M000100Y44") == "校验码错误，应为 3。"


def test_check_character_zero_when_sum_divisible():
    # 31 → 0: find a body whose check is "0" and confirm validity both ways.
    for n in range(2000):
        body = f"91420900MA{n:07d}"
        if uscc.check_character(body) == "0":
            assert uscc.is_valid(body + "0")
            break
    else:
        pytest.fail("no body with check character 0 in range")
