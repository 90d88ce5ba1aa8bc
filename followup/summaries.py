"""The follow-up summaries (followup.models: HoursSummary, CountedParticipation, CountedParticipant, ActionSummary,
RealisedFigures) as PostgreSQL computes them from the raw rows: the hour lines and the actions, with the contract
of each consideration and the company of each contractor.

``refresh_sql`` is the PL/pgSQL that brings the summaries of some considerations (and whether some participants
are counted) back to what the raw rows say; the triggers of followup.summary_triggers run it after every statement
that writes those rows, for what the statement touched, so no write path (the ORM, bulk paths, the admin, raw
SQL, COPY) leaves a summary behind. New hour lines are added to their summaries rather than recomputed with
their consideration's other lines (``add_lines_sql``): a COPY in chunks, or a statement imported line by line,
stays proportional to what it writes. ``rebuild_all`` (`manage.py rebuild_summaries`) runs ``refresh_sql`` for
every consideration and participant: a repair tool, which finds nothing to change while the triggers are on.

A summary row exists only where there is something to sum: HoursSummary for a consideration, company and year
with hour lines, CountedParticipation where one of them counts (eligible, validated), ActionSummary for a
consideration and type with actions, RealisedFigures for a consideration with hour lines or actions
(``with_realised()`` reads 0 without one).

Writers of one consideration (or participant) wait for each other: each statement locks the consideration and
participant rows it recomputes (FOR NO KEY UPDATE, which foreign keys' checks do not wait for) before reading
the lines, so that under READ COMMITTED it reads what a concurrent writer committed.
"""

from django.db import connection

from .enums import HoursStatus

# The PL/pgSQL variables of the trigger functions and of the rebuild: the ids whose summaries are recomputed.
DECLARE = [("touched_considerations", "bigint[]"), ("touched_participants", "bigint[]")]
COUNTED = f"line.eligible AND line.status = '{HoursStatus.VALIDATED.value}'"
DECLARED = f"line.eligible AND line.status = '{HoursStatus.DECLARED.value}'"
# Judged not eligible by its hiring (a line with no hiring yet is to check: neither counted nor ineligible).
INELIGIBLE = "NOT line.eligible AND line.hiring_id IS NOT NULL"
OF_TOUCHED = "consideration_id = ANY(touched_considerations)"
EVERY_CONSIDERATION = "SELECT id FROM clauses_consideration"
# Whoever was or is now counted: evaluated once the participations are recomputed.
EVERY_COUNTED_PARTICIPANT = (
    "SELECT participant_id FROM clauses_countedparticipant "
    "UNION SELECT participant_id FROM clauses_countedparticipation"
)


def _lines(source: str, where: str = "TRUE") -> str:
    """The FROM clause of hour lines (a table or a transition table, as ``line``) with their consideration's
    contract (and its territory) and their contractor's company."""
    return (
        f"FROM {source} line JOIN clauses_consideration clause ON clause.id = line.consideration_id "
        "JOIN markets_market market ON market.id = clause.market_id "
        f"JOIN markets_contractor contractor ON contractor.id = line.contractor_id WHERE {where}"
    )


def _hours_summary_rows(source: str, where: str = "TRUE") -> str:
    return (
        "INSERT INTO clauses_hourssummary AS summary (consideration_id, market_id, territory_id, organisation_id, "
        "year, validated, declared, ineligible_worked) "
        "SELECT line.consideration_id, clause.market_id, market.territory_id, contractor.organisation_id, "
        "EXTRACT(YEAR FROM line.month), "
        f"COALESCE(SUM(line.counted_hours) FILTER (WHERE {COUNTED}), 0), "
        f"COALESCE(SUM(line.counted_hours) FILTER (WHERE {DECLARED}), 0), "
        f"COALESCE(SUM(line.hours_worked) FILTER (WHERE {INELIGIBLE}), 0) "
        f"{_lines(source, where)} GROUP BY 1, 2, 3, 4, 5"
    )


def _participation_rows(source: str, where: str = "TRUE") -> str:
    return (
        "INSERT INTO clauses_countedparticipation (consideration_id, market_id, territory_id, organisation_id, "
        "participant_id, year) "
        "SELECT DISTINCT line.consideration_id, clause.market_id, market.territory_id, contractor.organisation_id, "
        "line.participant_id, "
        f"EXTRACT(YEAR FROM line.month) {_lines(source, f'({where}) AND {COUNTED}')}"
    )


def _touch(considerations: str) -> str:
    """Sets touched_considerations to the ids the query selects and locks their rows, in id order."""
    return (
        f"touched_considerations := ARRAY(SELECT DISTINCT id FROM ({considerations}) AS touched(id) "
        "WHERE id IS NOT NULL ORDER BY id); "
        "PERFORM FROM clauses_consideration WHERE id = ANY(touched_considerations) ORDER BY id FOR NO KEY UPDATE; "
    )


def _recompute_lines() -> str:
    return (
        f"DELETE FROM clauses_hourssummary WHERE {OF_TOUCHED}; "
        f"{_hours_summary_rows('clauses_realisedhours', f'line.{OF_TOUCHED}')}; "
        f"DELETE FROM clauses_countedparticipation WHERE {OF_TOUCHED}; "
        f"{_participation_rows('clauses_realisedhours', f'line.{OF_TOUCHED}')}; "
    )


def _recompute_actions() -> str:
    return (
        f"DELETE FROM clauses_actionsummary WHERE {OF_TOUCHED}; "
        "INSERT INTO clauses_actionsummary (consideration_id, market_id, territory_id, action_type, count, "
        "people_reached, women_reached) "
        "SELECT act.consideration_id, clause.market_id, market.territory_id, act.action_type, COUNT(*), "
        "SUM(act.people_reached), SUM(act.women_reached) FROM clauses_realisedaction act "
        "JOIN clauses_consideration clause ON clause.id = act.consideration_id "
        f"JOIN markets_market market ON market.id = clause.market_id WHERE act.{OF_TOUCHED} "
        "GROUP BY 1, 2, 3, 4; "
    )


def _recompute_figures() -> str:
    """RealisedFigures of the touched considerations, from their (current) hours and action summaries."""
    return (
        f"DELETE FROM clauses_realisedfigures WHERE {OF_TOUCHED}; "
        "INSERT INTO clauses_realisedfigures (consideration_id, territory_id, realised_hours, declared_hours, "
        "ineligible_hours, participant_count, action_count, people_reached, women_reached) "
        "SELECT clause.id, clause.territory_id, COALESCE(hours.validated, 0), COALESCE(hours.declared, 0), "
        "COALESCE(hours.ineligible, 0), "
        "COALESCE(people.count, 0), COALESCE(acts.count, 0), COALESCE(acts.people, 0), COALESCE(acts.women, 0) "
        "FROM clauses_consideration clause "
        "LEFT JOIN (SELECT consideration_id, SUM(validated) AS validated, SUM(declared) AS declared, "
        f"SUM(ineligible_worked) AS ineligible FROM clauses_hourssummary WHERE {OF_TOUCHED} GROUP BY 1) hours "
        "ON hours.consideration_id = clause.id "
        "LEFT JOIN (SELECT consideration_id, COUNT(DISTINCT participant_id) AS count "
        f"FROM clauses_countedparticipation WHERE {OF_TOUCHED} GROUP BY 1) people "
        "ON people.consideration_id = clause.id "
        "LEFT JOIN (SELECT consideration_id, SUM(count) AS count, SUM(people_reached) AS people, "
        f"SUM(women_reached) AS women FROM clauses_actionsummary WHERE {OF_TOUCHED} GROUP BY 1) acts "
        "ON acts.consideration_id = clause.id "
        "WHERE clause.id = ANY(touched_considerations) "
        "AND (hours.consideration_id IS NOT NULL OR acts.consideration_id IS NOT NULL); "
    )


def _recount_participants(participants: str) -> str:
    """Sets touched_participants to the ids the query selects, locks their rows, then keeps in
    CountedParticipant those of them with a participation."""
    return (
        f"touched_participants := ARRAY(SELECT DISTINCT id FROM ({participants}) AS touched(id) "
        "WHERE id IS NOT NULL ORDER BY id); "
        "PERFORM FROM partners_participant WHERE id = ANY(touched_participants) ORDER BY id FOR NO KEY UPDATE; "
        "DELETE FROM clauses_countedparticipant counted WHERE participant_id = ANY(touched_participants) "
        "AND NOT EXISTS (SELECT FROM clauses_countedparticipation WHERE participant_id = counted.participant_id); "
        "INSERT INTO clauses_countedparticipant (participant_id, territory_id) "
        "SELECT DISTINCT counted.participant_id, person.territory_id FROM clauses_countedparticipation counted "
        "JOIN partners_participant person ON person.id = counted.participant_id "
        "WHERE counted.participant_id = ANY(touched_participants) ON CONFLICT DO NOTHING; "
    )


def _if_touched(work: str) -> str:
    """The work, skipped when the statement touched no consideration (an UPDATE of other columns, say)."""
    return f"IF cardinality(touched_considerations) > 0 THEN {work}END IF; "


def refresh_sql(
    considerations: str, participants: str | None = None, *, lines: bool = True, actions: bool = True
) -> str:
    """PL/pgSQL (statements using the DECLARE variables) recomputing the summaries of the considerations the
    ``considerations`` query selects, from their hour lines (``lines``) and actions (``actions``), then their
    RealisedFigures, then whether each participant ``participants`` selects is counted."""
    work = (_recompute_lines() if lines else "") + (_recompute_actions() if actions else "") + _recompute_figures()
    return _touch(considerations) + _if_touched(work) + (_recount_participants(participants) if participants else "")


def add_lines_sql(new_lines: str) -> str:
    """PL/pgSQL adding new hour lines (a transition table) to their summaries: their hours to those of their
    consideration, company and year, their participations to the others, then the considerations' figures and
    their participants' membership of CountedParticipant, recomputed."""
    work = (
        _hours_summary_rows(new_lines) + " ON CONFLICT (consideration_id, organisation_id, year) DO UPDATE SET "
        "validated = summary.validated + EXCLUDED.validated, declared = summary.declared + EXCLUDED.declared, "
        "ineligible_worked = summary.ineligible_worked + EXCLUDED.ineligible_worked; "
        + _participation_rows(new_lines)
        + " ON CONFLICT DO NOTHING; "
        + _recompute_figures()
        + _recount_participants(f"SELECT participant_id FROM {new_lines} line WHERE {COUNTED}")
    )
    return _touch(f"SELECT consideration_id FROM {new_lines}") + _if_touched(work)


def rebuild_sql() -> str:
    """The rebuild of every summary from all the hour lines and actions, as one anonymous PL/pgSQL block."""
    declare = " ".join(f"{name} {kind};" for name, kind in DECLARE)
    body = refresh_sql(EVERY_CONSIDERATION, EVERY_COUNTED_PARTICIPANT)
    return f"DO $rebuild$ DECLARE {declare} BEGIN {body}END $rebuild$"


def rebuild_all() -> None:
    """Recomputes every summary with the triggers' own SQL (idempotent): what they keep is what this writes."""
    with connection.cursor() as cursor:
        cursor.execute(rebuild_sql())
