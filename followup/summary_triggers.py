"""The triggers that keep the follow-up summaries current (followup.summaries), declared in the Meta.triggers of the
models the summaries derive from: statement-level, after the statement, reading what it changed from its
transition tables (old_rows, new_rows), so that a bulk write is one recomputation.

    RealisedHours   INSERT: the new lines added to their summaries; UPDATE, DELETE: their considerations (before
                    and after) and participants recomputed; TRUNCATE: everything.
    RealisedAction  INSERT, UPDATE, DELETE: their considerations recomputed; TRUNCATE: everything.
    Consideration   UPDATE of its contract (market_id): its summaries, which copy the contract.
    Contractor      UPDATE of its company (organisation_id): the summaries of the considerations of its lines.

An UPDATE that changes none of the columns the summaries read recomputes nothing.
"""

import pgtrigger

from .summaries import DECLARE, EVERY_CONSIDERATION, EVERY_COUNTED_PARTICIPANT, add_lines_sql, refresh_sql

OLD, NEW = "old_rows", "new_rows"
# The columns the summaries read, with the primary key: an UPDATE changing none of them changes no summary.
LINE_COLUMNS = [
    "id",
    "consideration_id",
    "contractor_id",
    "participant_id",
    "month",
    "hours_worked",
    "counted_hours",
    "hiring_id",
    "eligible",
    "status",
]
ACTION_COLUMNS = ["id", "consideration_id", "action_type", "people_reached", "women_reached"]
REFERENCING = {
    pgtrigger.Insert: pgtrigger.Referencing(new=NEW),
    pgtrigger.Delete: pgtrigger.Referencing(old=OLD),
    pgtrigger.Update: pgtrigger.Referencing(old=OLD, new=NEW),
    pgtrigger.Truncate: None,
}


class SummariesTrigger(pgtrigger.Trigger):
    """Runs a PL/pgSQL body (followup.summaries) after each statement of one operation on a table."""

    when = pgtrigger.After
    level = pgtrigger.Statement
    declare = DECLARE

    def __init__(self, *, name: str, operation, body: str):
        super().__init__(
            name=name, operation=operation, referencing=REFERENCING[operation], func=f"{body} RETURN NULL;"
        )


def changed(columns: list[str], selected: str) -> str:
    """The ``selected`` column of the rows an UPDATE changed in one of ``columns``, before and after."""
    names = ", ".join(columns)
    return (
        f"SELECT {selected} FROM (SELECT {names} FROM {OLD} EXCEPT SELECT {names} FROM {NEW}) AS before "
        f"UNION ALL SELECT {selected} FROM (SELECT {names} FROM {NEW} EXCEPT SELECT {names} FROM {OLD}) AS after"
    )


def of(table: str, selected: str) -> str:
    return f"SELECT {selected} FROM {table}"


def hour_line_triggers() -> list[SummariesTrigger]:
    return [
        SummariesTrigger(name="summaries_after_insert", operation=pgtrigger.Insert, body=add_lines_sql(NEW)),
        SummariesTrigger(
            name="summaries_after_update",
            operation=pgtrigger.Update,
            body=refresh_sql(
                changed(LINE_COLUMNS, "consideration_id"), changed(LINE_COLUMNS, "participant_id"), actions=False
            ),
        ),
        SummariesTrigger(
            name="summaries_after_delete",
            operation=pgtrigger.Delete,
            body=refresh_sql(of(OLD, "consideration_id"), of(OLD, "participant_id"), actions=False),
        ),
        SummariesTrigger(
            name="summaries_after_truncate",
            operation=pgtrigger.Truncate,
            body=refresh_sql(EVERY_CONSIDERATION, EVERY_COUNTED_PARTICIPANT, actions=False),
        ),
    ]


def action_triggers() -> list[SummariesTrigger]:
    return [
        SummariesTrigger(
            name="summaries_after_insert",
            operation=pgtrigger.Insert,
            body=refresh_sql(of(NEW, "consideration_id"), lines=False),
        ),
        SummariesTrigger(
            name="summaries_after_update",
            operation=pgtrigger.Update,
            body=refresh_sql(changed(ACTION_COLUMNS, "consideration_id"), lines=False),
        ),
        SummariesTrigger(
            name="summaries_after_delete",
            operation=pgtrigger.Delete,
            body=refresh_sql(of(OLD, "consideration_id"), lines=False),
        ),
        SummariesTrigger(
            name="summaries_after_truncate",
            operation=pgtrigger.Truncate,
            body=refresh_sql(EVERY_CONSIDERATION, lines=False),
        ),
    ]


def consideration_triggers() -> list[SummariesTrigger]:
    return [
        SummariesTrigger(
            name="summaries_after_market_change",
            operation=pgtrigger.Update,
            body=refresh_sql(changed(["id", "market_id"], "id")),
        )
    ]


def contractor_triggers() -> list[SummariesTrigger]:
    lines_of_changed = (
        f"SELECT consideration_id FROM clauses_realisedhours "
        f"WHERE contractor_id IN ({changed(['id', 'organisation_id'], 'id')})"
    )
    return [
        SummariesTrigger(
            name="summaries_after_company_change",
            operation=pgtrigger.Update,
            body=refresh_sql(lines_of_changed, actions=False),
        )
    ]
