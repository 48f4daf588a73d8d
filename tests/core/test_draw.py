"""The seeded draw of panel members (issue 10 §3): replayable, by occupation, with reserves."""

from __future__ import annotations

import pytest

from skillaward.core.draw import DrawError, PoolExpert, draw, eligible

POOL = [PoolExpert(i, ("车工",) if i % 2 else ("焊工", "钳工")) for i in range(1, 21)]


def test_same_seed_and_pool_give_the_same_draw():
    first = draw(POOL, seed="2024-panel", size=7, reserves=2)
    again = draw(list(reversed(POOL)), seed="2024-panel", size=7, reserves=2)
    assert first == again
    assert len(set(first.order)) == 9


def test_another_seed_gives_another_draw():
    assert draw(POOL, seed="a", size=7).members != draw(POOL, seed="b", size=7).members


def test_members_then_reserves_in_call_order():
    result = draw(POOL, seed="x", size=5, reserves=3)
    assert result.order == [*result.members, *result.reserves]
    assert len(result.members) == 5 and len(result.reserves) == 3


def test_by_occupation_only_those_experts():
    result = draw(POOL, seed="x", size=4, reserves=1, occupations=["焊工"])
    assert all(i % 2 == 0 for i in result.order)


def test_eligible_in_id_order():
    assert [e.id for e in eligible(list(reversed(POOL)), ["车工"])] == list(range(1, 21, 2))


def test_pool_too_small_refused_with_the_counts():
    with pytest.raises(DrawError, match="只有10人，不足抽取的9人和备选2人"):
        draw(POOL, seed="x", size=9, reserves=2, occupations=["车工"])


def test_boundary_exactly_enough():
    assert len(draw(POOL, seed="x", size=8, reserves=2, occupations=["车工"]).order) == 10


@pytest.mark.parametrize(("size", "reserves"), [(0, 0), (3, -1)])
def test_sizes_refused(size, reserves):
    with pytest.raises(DrawError):
        draw(POOL, seed="x", size=size, reserves=reserves)


def test_empty_seed_refused():
    with pytest.raises(DrawError):
        draw(POOL, seed="", size=3)


def test_round_trip_of_the_pool_record():
    assert [PoolExpert.from_json(e.to_json()) for e in POOL] == POOL
