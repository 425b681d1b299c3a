from __future__ import annotations

import pytest

from kb.fusion import RRF_K, reciprocal_rank_fusion


def test_fusion_rewards_agreement_over_a_single_first_place() -> None:
    fused = reciprocal_rank_fusion([["a", "b", "c"], ["b", "c", "a"]])
    assert [i for i, _ in fused][:1] == ["b"]


def test_fusion_scores_follow_the_formula() -> None:
    fused = dict(reciprocal_rank_fusion([["a"], ["x", "a"]]))
    assert fused["a"] == pytest.approx(1 / (RRF_K + 1) + 1 / (RRF_K + 2))
    assert fused["x"] == pytest.approx(1 / (RRF_K + 1))


def test_fusion_keeps_items_found_by_one_retriever_only() -> None:
    assert {i for i, _ in reciprocal_rank_fusion([["a"], []])} == {"a"}


def test_fusion_rejects_mismatched_weights() -> None:
    with pytest.raises(ValueError, match="one weight per ranking"):
        reciprocal_rank_fusion([["a"]], weights=[1.0, 2.0])
