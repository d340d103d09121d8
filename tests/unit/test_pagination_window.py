"""A listing's pages link to the first, the last and the nearby pages, not to all of them."""

import pytest

from builder.pages import Paginator


def numbers(number: int, total: int) -> list[int | None]:
    return [link and link[0] for link in Paginator(number, total, "/tags/x/").window]


@pytest.mark.parametrize(
    ("number", "total", "expected"),
    [
        (1, 1, [1]),
        (2, 3, [1, 2, 3]),
        (1, 500, [1, 2, 3, None, 500]),
        (250, 500, [1, None, 248, 249, 250, 251, 252, None, 500]),
        (500, 500, [1, None, 498, 499, 500]),
        # A gap of one page shows that page instead: a link takes no more room than "…".
        (5, 20, [1, 2, 3, 4, 5, 6, 7, None, 20]),
        (6, 20, [1, None, 4, 5, 6, 7, 8, None, 20]),
        (16, 20, [1, None, 14, 15, 16, 17, 18, 19, 20]),
        (7, 7, [1, None, 5, 6, 7]),
        (4, 7, [1, 2, 3, 4, 5, 6, 7]),
    ],
)
def test_the_window_holds_the_ends_and_two_pages_either_side(number, total, expected):
    assert numbers(number, total) == expected


def test_the_window_links_each_page_at_its_address():
    window = Paginator(3, 9, "/tags/x/").window
    assert window[0] == (1, "/tags/x/")
    assert window[2] == (3, "/tags/x/page/3/")
    assert window[-1] == (9, "/tags/x/page/9/")


def test_a_page_of_a_listing_of_any_length_links_itself_the_ends_and_at_most_nine_pages_in_order():
    for total in (1, 2, 9, 10, 99, 1000):
        for number in range(1, total + 1):
            links = [link[0] for link in Paginator(number, total, "/").window if link]
            assert len(links) <= 9 and links == sorted(set(links)), (number, total)
            assert {1, number, total} <= set(links), (number, total)
