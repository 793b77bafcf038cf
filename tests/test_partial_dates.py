"""Partial dates: parsing, display, and month/year precision in sorting and filtering."""

import datetime

import pytest
from django.db import connection

from curation.partial_dates import PartialDate
from events.models import Event
from tests.factories import make_event


@pytest.mark.parametrize(
    ("text", "precision", "lower", "upper", "display"),
    [
        ("2024", "year", datetime.date(2024, 1, 1), datetime.date(2024, 12, 31), "2024"),
        ("2024-03", "month", datetime.date(2024, 3, 1), datetime.date(2024, 3, 31), "Mar 2024"),
        ("2024-02", "month", datetime.date(2024, 2, 1), datetime.date(2024, 2, 29), "Feb 2024"),
        ("2024-03-17", "day", datetime.date(2024, 3, 17), datetime.date(2024, 3, 17), "17 Mar 2024"),
        ("2022~", "year", datetime.date(2022, 1, 1), datetime.date(2022, 12, 31), "c. 2022"),
    ],
)
def test_parse_gives_precision_bounds_and_display(text, precision, lower, upper, display):
    value = PartialDate.parse(text)
    assert value.precision == precision
    assert (value.lower, value.upper) == (lower, upper)
    assert value.display() == display
    assert str(value) == text


@pytest.mark.parametrize("text", ["2024-13", "2023-02-29", "March 2024", "24-03", "2024/03", "", "2024-3", "0000"])
def test_parse_refuses_bad_or_impossible_dates(text):
    with pytest.raises(ValueError):
        PartialDate.parse(text)


@pytest.mark.django_db
@pytest.mark.parametrize("text", ["2024", "2024-03", "2024-03-17", "2024-02-29"])
def test_database_round_trip_keeps_precision(text):
    event = make_event(start=PartialDate.parse(text))
    event.refresh_from_db()
    assert str(event.start) == text


@pytest.mark.django_db
def test_month_filters_as_the_whole_month_never_as_its_first_day():
    march = make_event(start=PartialDate(2024, 3))
    assert list(Event.objects.overlapping(datetime.date(2024, 3, 20), datetime.date(2024, 3, 25))) == [march]
    assert list(Event.objects.overlapping(datetime.date(2024, 3, 31), datetime.date(2024, 3, 31))) == [march]
    assert not Event.objects.overlapping(datetime.date(2024, 4, 1), datetime.date(2024, 4, 30)).exists()
    assert not Event.objects.overlapping(datetime.date(2024, 2, 1), datetime.date(2024, 2, 29)).exists()


@pytest.mark.django_db
def test_year_with_an_end_covers_the_whole_span():
    span = make_event(start=PartialDate(2018), end=PartialDate(2022))
    span.refresh_from_db()
    assert (span.period.lower, span.period.upper) == (datetime.date(2018, 1, 1), datetime.date(2023, 1, 1))
    assert list(Event.objects.overlapping(datetime.date(2022, 12, 31), datetime.date(2023, 6, 1))) == [span]
    assert span.when_display == "2018 – 2022"


@pytest.mark.django_db
def test_sorting_puts_a_day_inside_its_month_after_the_month_starts():
    year = make_event(slug="y", start=PartialDate(2024))
    day = make_event(slug="d", start=PartialDate(2024, 3, 17))
    month = make_event(slug="m", start=PartialDate(2024, 3))
    earlier = make_event(slug="e", start=PartialDate(2023, 12, 31))
    ordered = list(Event.objects.order_by("start", "slug").values_list("slug", flat=True))
    assert ordered == [earlier.slug, year.slug, month.slug, day.slug]


@pytest.mark.django_db
def test_approximate_flag_is_kept_beside_the_date():
    event = make_event(start=PartialDate(2022), start_approximate=True)
    event.refresh_from_db()
    assert event.start_display == "c. 2022"
    with connection.cursor() as cursor:
        cursor.execute("SELECT start_approximate FROM events_event WHERE id = %s", [event.pk])
        assert cursor.fetchone() == (True,)


@pytest.mark.django_db
def test_an_undated_event_matches_no_date_window_and_sorts_last():
    undated = make_event(slug="a-undated", start=None)
    dated = make_event(slug="b-dated", start=PartialDate(1990))
    undated.refresh_from_db()
    assert undated.period is None
    assert undated.when_display == ""
    assert list(Event.objects.overlapping(datetime.date(1, 1, 1), datetime.date(9999, 12, 31))) == [dated]
    assert list(Event.objects.all()) == [dated, undated]
