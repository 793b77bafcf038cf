"""claims.csv's cells in SQL, for the API's whole-list CSV (``curation.api.csv_sql``): the same
text ``ClaimResource`` writes for each column, in its order. ``{t}`` is the claims table."""

from curation.api.csv_sql import SqlCell, partial_date
from events.models import Event, Relationship

from ..models import Claim


def _key_of(model, column: str) -> str:
    return f"(SELECT k.slug FROM {model._meta.db_table} k WHERE k.id = {{t}}.{column})"


CLAIM_CELLS = (
    SqlCell("{t}.slug"),
    SqlCell("{t}.statement"),
    SqlCell("{t}.claimant"),
    SqlCell(partial_date("{t}.asserted")),
    SqlCell(_key_of(Event, "event_id")),
    SqlCell(_key_of(Relationship, "relationship_id")),
    # ManyToManyColumn: the states in the order they were linked.
    SqlCell(
        f"(SELECT string_agg(s.state_id, ';' ORDER BY s.id)"
        f" FROM {Claim.states.through._meta.db_table} s WHERE s.claim_id = {{t}}.id)"
    ),
    SqlCell("{t}.stance"),
    SqlCell("{t}.credibility", numeric=True),
    SqlCell("{t}.assessment"),
    # DecimalWidget: Decimal.normalize() written in fixed point, i.e. without trailing zeros.
    SqlCell("trim_scale({t}.quantity_value)", numeric=True),
    SqlCell("trim_scale({t}.quantity_lower)", numeric=True),
    SqlCell("trim_scale({t}.quantity_upper)", numeric=True),
    SqlCell("{t}.quantity_unit"),
    SqlCell("{t}.status"),
    SqlCell("{t}.retraction_reason"),
)
