"""Written Cantonese: read as the Mandarin it says, by the matcher and the detectors alike."""

from __future__ import annotations

import pytest

from simulator.content import Content, load_content
from simulator.detectors import detect
from simulator.dialect import mandarin, rewrite
from simulator.understanding import understand


@pytest.fixture(scope="module")
def content() -> Content:
    return load_content(include_local=False, raise_on_error=False)


@pytest.mark.parametrize(
    ("typed", "said"),
    [
        ("我唔会同你讲大话", "我不会同你讲大话"),
        ("佢哋畀几多？", "他们给多少？"),
        ("冇问题，听日睇下", "没问题，明天看下"),
        ("嘢我一样都唔收得", "东西我一样都不能收"),
        ("呢个我唔清楚", "这个我不清楚"),
        ("张卡唔要，啲茶留低", "张卡不要，茶留下"),
        ("冇问题，实批嘅", "没问题，肯定批的"),  # 实 before a verb is 肯定
        ("我收唔收得都要问下领导先", "我收不收得都要问下领导"),  # whether, not cannot
        ("收低先，第日再算", "收下，改天再算"),  # 先 ending a clause is "first"
        ("批唔批唔系我话事", "批不批不是我做主"),
        # the northern countryside's person words
        ("俺给恁说个实在话", "我给您说个实在话"),
        ("违约金？木有", "违约金？没有"),
        ("俺们庄上", "我们庄上"),
        ("俺能保证哩是材料齐了就报", "我能保证的是材料齐了就报"),
        # Wu words in Mandarin sentences
        ("侬放心，阿拉晓得伐？", "你放心，我们晓得吗？"),
        ("伊讲的事体覅担心，伐是往外推", "他讲的事情不要担心，不是往外推"),
        # the Northwest's: 额 as 我 where it cannot be an amount, 嫑, 莫有, a question's 撒
        ("额跟您说实话，批不批额一个人定不了", "我跟您说实话，批不批我一个人定不了"),
        ("生意咋样额不想听，把房产证给额就行", "生意咋样我不想听，把房产证给我就行"),
        ("额们嫑急，莫有问题，您干撒去", "我们不要急，没有问题，您干啥去"),
        ("莫恼，额也么法", "别恼，我也没法"),
        # English words in a Chinese sentence, the spaces around them with them
        (
            "这个 case 批多少不是我能 confirm 的，我能 commit 的是每周跟您 sync 进度",
            "这个项目批多少不是我能确认的，我能承诺的是每周跟您同步进度",
        ),
        ("您着急我 get 到了，Double Check 一下再报", "您着急我明白了，再核对一下再报"),
        ("我 followup 一下，Follow  Up 也行", "我跟进一下，跟进也行"),
        # the official style's 本人 as the writer, and the Northwest's 莫 before what was not
        ("此款本人不予收受，本人保证按期报送", "此款我不予收受，我保证按期报送"),
        ("这事额就当莫听见", "这事我就当没听见"),
        # Hunan's and Hubei's 么子, 冇得, 莫 for 别; the service voice's 好滴
        ("搞么子嘛，冇得么子问题", "干什么嘛，没有什么问题"),
        ("这礼莫送了，您莫要见怪", "这礼别送了，您不要见怪"),
        ("好滴亲~马上帮您看一下哈😊", "好的亲~马上帮您看一下哈😊"),
    ],
)
def test_written_cantonese_is_read_as_the_mandarin_it_says(typed: str, said: str) -> None:
    assert mandarin(typed) == said


@pytest.mark.parametrize(
    "mandarin_text",
    [
        "我们关系一直不错",  # the 系 of 关系
        "系统里就系统一办理",  # 系统, even after 就
        "唔……我想想",  # thinking aloud, not a negation
        "唔我捋一捋",
        "这个月的返利照常",  # the 返 of 返利
        "你呢？个人情况怎么样",  # the particle 呢
        "我不记得了",
        "其实批不下来，确实有难处，实话实说",  # 其实, 确实, 实话
        "首先，您先请，谁先？",  # Mandarin's own 先
        "这厂子恁大，货也恁多",  # 恁 before a degree word is 那么
        "阿拉伯数字，伊利牛奶，木乃伊",  # not 阿拉 or 伊 the pronouns
        "砍伐森林，步伐一致",  # not the Wu question's 伐
        "还早哩，咖喱饭",  # a clause's last 哩, and 喱
        # the 额 of an amount or a quota, and the 额 of thinking aloud
        "额度不够，金额不对，名额不多，交易额不小，加额没戏，额外收费，大额的存单",
        "额，这个，我想想啊……",
        "我没撒谎，他撒手不管，气是撒了",  # not the 撒 that asks
        "怎么有脸，什么法子，莫名其妙",  # not 么有, 么法 or 莫
        "莫非您不信？这是莫大的面子，莫过于此",  # 莫 that is not 别
        "需本人签字，客户本人不来，本人亲自到场",  # 本人 as the one in person
        # English words are left alone in English, and brief / KPI in Chinese agency talk
        "I will confirm the case with my boss by Friday",
        "brief 里没写 KPI",
    ],
)
def test_mandarin_is_left_as_it_is(mandarin_text: str) -> None:
    assert mandarin(mandarin_text) == mandarin_text


def test_a_rewrite_that_changes_the_length_points_back_at_the_typed_words() -> None:
    said, index = rewrite("嘢我唔收得")
    assert said == "东西我不能收"
    assert index is not None and len(index) == len(said)
    assert [("嘢我唔收得")[k] for k in index] == ["嘢", "嘢", "我", "唔", "收", "得"]


def test_a_cantonese_refusal_keeps_the_principle_it_names(content: Content) -> None:
    # Read as written, "唔敢…保证" and "唔收得" were an overpromise and a gift taken.
    catalog = content.catalog
    careful = {(h.principle, h.polarity) for h in detect("呢单我唔敢同你保证一定批得落", catalog)}
    assert ("careful_promise", "upholds") in careful
    assert ("careful_promise", "violates") not in careful
    gift = detect("张卡我唔收得，你攞返去", catalog)
    found = {(h.principle, h.polarity) for h in gift}
    assert ("integrity", "upholds") in found and ("integrity", "violates") not in found
    # The evidence quotes what the trainee typed, not the rewriting.
    assert all("唔收得" in h.evidence for h in gift if h.principle == "integrity")


def test_northwest_and_mixed_in_english_words_keep_the_principles_they_name(
    content: Content,
) -> None:
    # Read as written, 额 (我) and the English verbs named nobody's promise and no boundary.
    catalog = content.catalog
    said = "这个 case 最后批多少不是我能 confirm 的，我能 commit 的是每周三跟您 sync 一次进度"
    found = {(h.principle, h.polarity) for h in detect(said, catalog)}
    assert ("careful_promise", "upholds") in found
    assert ("careful_promise", "violates") not in found
    boundary = detect("额跟您说实话，批不批额一个人定不了", catalog)
    assert ("authority_boundary", "upholds") in {(h.principle, h.polarity) for h in boundary}
    # The evidence quotes what the trainee typed.
    assert all("额" in h.evidence for h in boundary if h.principle == "authority_boundary")


def test_a_cantonese_overpromise_is_still_one(content: Content) -> None:
    hits = detect("冇问题，下个月实批畀你，我保证", content.catalog)
    assert ("careful_promise", "violates") in {(h.principle, h.polarity) for h in hits}
    # 实 before the verb is the promise itself (a cold tryout's "冇问题，实批嘅" read as nothing).
    sure = [h for h in detect("冇问题，实批嘅。", content.catalog) if h.polarity == "violates"]
    assert [h.principle for h in sure] == ["careful_promise"]
    assert "实批嘅" in sure[0].evidence


@pytest.mark.parametrize(
    ("scenario_id", "node_id", "refused", "typed"),
    [
        ("credit_first_visit", "craft", "turn_to_loan", "流动资金贷款我唔会趁机推销"),
        (
            "credit_first_visit",
            "craft",
            "turn_to_loan",
            "我唔会喺呢个时候推流动资金贷款畀你，想先知你点应付纸价",
        ),
        ("credit_promise_approval", "gift", "tea_only", "张卡同啲茶叶我都唔收得"),
    ],
)
def test_a_cantonese_refusal_is_not_read_as_the_move_it_refuses(
    content: Content, scenario_id: str, node_id: str, refused: str, typed: str
) -> None:
    # Read as written, 唔 negated nothing: each was taken (or offered) as the move it refuses.
    scenario = content.scenarios[scenario_id]
    reading = understand(scenario, scenario.nodes[node_id], typed)
    assert refused not in [c.option_id for c in reading.candidates]
