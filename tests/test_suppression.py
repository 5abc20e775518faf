"""Publication-mode suppression (wres-spec.md section 7), worked by hand for N = 10."""

from __future__ import annotations

from wres_cli.numbers import Suppression

HIDE = Suppression(10)


def shown(rows: list[list[int]], column_totals: bool = False) -> list[tuple[list[str], str]]:
    return [(r.cells, r.total) for r in HIDE.table(rows, column_totals=column_totals)]


def test_nothing_is_hidden_without_a_threshold() -> None:
    assert [(r.cells, r.total) for r in Suppression(None).table([[3, 0, 1]])] == [
        (["3", "0", "1"], "4")
    ]


def test_small_count_and_its_partner_are_hidden() -> None:
    # 3 alone would be 93 - 40 - 50: the next smallest non-zero (40) goes too.
    assert shown([[3, 40, 50]]) == [(["<10", "*", "50"], "93")]


def test_zero_is_shown_and_large_rows_untouched() -> None:
    assert shown([[12, 0, 30]]) == [(["12", "0", "30"], "42")]


def test_small_total_is_a_small_count() -> None:
    # Band 9 with 2 White staff and nobody else: the total 2 would give the count away.
    assert shown([[2, 0, 0]]) == [(["<10", "0", "0"], "<10")]


def test_two_small_counts_protect_each_other() -> None:
    assert shown([[4, 6, 30]]) == [(["<10", "<10", "30"], "40")]


def test_columns_are_protected_when_their_totals_are_shown() -> None:
    # Row 1: 3 hidden, then 20 as its partner. Column 1 then hides only 20, recoverable
    # from the column total, so 40 goes; row 2 then hides only 40, so 50 goes; columns
    # 1 and 2 each have two hidden now and column 3 none.
    assert shown([[20, 3, 30], [40, 50, 60]], column_totals=True) == [
        (["*", "<10", "30"], "53"),
        (["*", "*", "60"], "150"),
    ]


def test_a_lone_hidden_count_with_nothing_to_pair_hides_the_total() -> None:
    # Column 1 forces 40 hidden in row 2, whose other cells are 0: its total must go.
    # Column 2 has only 50 hidden and nothing else non-zero: its total must be hidden.
    rows = HIDE.table([[3, 50, 0], [40, 0, 0]], column_totals=True)
    assert [(r.cells, r.total) for r in rows] == [(["<10", "*", "0"], "53"), (["*", "0", "0"], "*")]
    assert rows[0].hidden_columns == {1}


def spared(rows: list[list[int]], column_totals: bool = False) -> list[tuple[list[str], str]]:
    """Columns White, BME, Unknown: Unknown (index 2) is the spare column."""
    table = HIDE.table(rows, column_totals=column_totals, spare=2)
    return [(r.cells, r.total) for r in table]


def test_a_small_unknown_count_is_shown() -> None:
    # Band 6 of 407: 3 with no recorded ethnicity tell nobody's ethnicity; the BME count
    # (the figure indicator 1 exists to show) is not hidden to protect them.
    assert spared([[270, 134, 3]]) == [(["270", "134", "3"], "407")]


def test_unknown_is_the_first_partner_of_a_small_count() -> None:
    # 4 BME staff hidden; Unknown 60 goes with them rather than White 30, the smaller.
    assert spared([[30, 4, 60]]) == [(["30", "<10", "*"], "94")]
    # A small Unknown partner is shown as small.
    assert spared([[300, 4, 2]]) == [(["300", "<10", "<10"], "306")]


def test_without_an_unknown_count_the_next_smallest_is_the_partner() -> None:
    assert spared([[30, 4, 0]]) == [(["*", "<10", "0"], "34")]


def test_unknown_partners_are_protected_down_their_column() -> None:
    # Two bands with a small BME count: each hides its Unknown as partner, so both the
    # BME and the Unknown columns have two hidden, and White stays shown everywhere.
    assert spared([[300, 4, 2], [200, 6, 7], [20, 90, 5]], column_totals=True) == [
        (["300", "<10", "<10"], "306"),
        (["200", "<10", "<10"], "213"),
        (["20", "90", "5"], "115"),
    ]
    # One band with a small BME count. Pass 1: row 1 hides Unknown 2 as BME 4's partner;
    # then BME 4 is alone in its column, so the next smallest BME (80) goes, and Unknown
    # 2 is alone in its column, so the smallest other Unknown (5) goes. Pass 2: row 2
    # hides its Unknown 7 as BME 80's partner, row 3 hides White 20 as Unknown 5's; White
    # 20 is then alone in its column, so 200 goes. Greedy, so more than the least, but no
    # hidden count is the only one of its row or column.
    assert spared([[300, 4, 2], [200, 80, 7], [20, 90, 5]], column_totals=True) == [
        (["300", "<10", "<10"], "306"),
        (["*", "*", "<10"], "287"),
        (["*", "90", "<10"], "115"),
    ]
