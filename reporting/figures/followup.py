"""What contractors realised on the contracts: insertion hours, participants, outcomes, actions, penalties.

Hours that count are those of the follow-up (clauses.models.with_realised): validated lines of eligible
participants, in counted hours (after the modality's conversion). A participant is counted once when at least
one such line is theirs; participants appear only as aggregates here (buyers read these figures). The hours and
participants are read from the follow-up summaries (kept by the database: followup.summaries), not from the hour
lines.
"""

from datetime import date

from django.contrib.postgres.aggregates import BoolOr
from django.db.models import Count, Q, Sum

from clauses.enums import SocialAction
from clauses.models import Consideration
from followup.enums import PenaltyChoice
from followup.models import (
    ActionSummary,
    CountedParticipant,
    CountedParticipation,
    HoursSummary,
    PenaltyDecision,
    RealisedHours,
    with_realised,
)
from markets.models import Contractor
from partners.enums import AgeBand, ExitOutcome, Sex
from partners.models import Participant

from .grouping import PerTerritory, per, split, territory_path
from .scope import of_markets, whole_territories


def hour_lines(markets, company=None):
    lines = of_markets(RealisedHours.objects.all(), markets, "consideration__market")
    return lines.filter(contractor__organisation=company) if company is not None else lines


def _of(summaries, markets, company=None):
    rows = of_markets(summaries.objects.all(), markets)
    return rows.filter(organisation=company) if company is not None else rows


def hours(markets, year: int, company=None, by_territory: bool = False):
    """Counted hours in total and during the year (its months), declared hours awaiting validation; with
    ``by_territory``, those of each territory."""
    return per(
        _of(HoursSummary, markets, company),
        None,
        by_territory,
        lambda totals: {key: value or 0 for key, value in totals.items()},
        total=Sum("validated"),
        year=Sum("validated", filter=Q(year=year)),
        declared=Sum("declared"),
    )


def activity(markets, year: int, by_territory: bool = False):
    """What was counted during the year on these contracts: the participants, companies, buyers and contracts
    with counted hours (the national survey's); with ``by_territory``, those of each territory's contracts."""
    return per(
        counted_participations(markets).filter(year=year),
        None,
        by_territory,
        dict,
        participants=Count("participant", distinct=True),
        companies=Count("organisation", distinct=True),
        buyers=Count("market__buyer", distinct=True),
        contracts=Count("market", distinct=True),
    )


def counted_participations(markets, company=None):
    """Who has counted hours on which contract, for which company and year (clauses.models.CountedParticipation)."""
    return _of(CountedParticipation, markets, company)


def participant_ids(markets, year: int | None = None, company=None):
    """The ids (a subquery) of the participants with counted hours on these contracts (during the year, when
    given); on every contract, read from their own summary rather than de-duplicated from the participations."""
    if year is None and company is None and whole_territories(markets) is not None:
        return of_markets(CountedParticipant.objects.all(), markets).values("participant_id")
    rows = counted_participations(markets, company)
    if year is not None:
        rows = rows.filter(year=year)
    return rows.values("participant_id")


def participants(markets, year: int | None = None, company=None):
    """The participants with counted hours on these contracts (during the year, when given)."""
    return Participant.objects.filter(pk__in=participant_ids(markets, year, company))


def participant_breakdown(ids, on: date, by_territory: bool = False):
    """The participants of ``ids`` (participant_ids) by sex, age band (the age reached during the year of ``on``),
    eligible public, prescriber and outcome. A participant can belong to several eligible publics: that table's
    total may exceed theirs. Two queries: one row per prescriber counting every other criterion (their values are
    fixed choices), summed here, then the publics: the participants of a scope are de-duplicated once, and a few
    dozen rows come back whatever the scope. With ``by_territory``, the breakdown of each territory's
    participants (the same two queries, grouped by the participants' territory)."""
    if not by_territory:
        return {**_breakdown(ids, on), "category": _categories(publics(ids))}
    categories, breakdowns = publics(ids, by_territory=True), _breakdown(ids, on, by_territory=True)
    return PerTerritory(
        {
            territory: {**breakdown, "category": _categories(categories[territory])}
            for territory, breakdown in breakdowns.items()
        },
        {**breakdowns.empty, "category": []},
    )


def _categories(rows: list[dict]) -> list[dict]:
    return sorted(rows, key=lambda row: (-row["count"], row["label"]))


OUTCOMES = [*ExitOutcome.choices, ("", "toujours en parcours")]


def _counted(prefix: str, field: str, choices) -> dict[str, tuple[str, Q]]:
    """For each choice of ``field``: the name of its count, its label and its condition."""
    return {f"{prefix}_{index}": (label, Q(**{field: value})) for index, (value, label) in enumerate(choices)}


def _breakdown(ids, on: date, by_territory: bool = False):
    people = Participant.objects.filter(pk__in=ids).order_by().with_age_band(on)
    tables = {
        "sex": _counted("sex", "sex", Sex.choices),
        "age": _counted("age", "age_band", AgeBand.choices),
        "outcome": _counted("outcome", "exit_outcome", OUTCOMES),
    }
    counts = {
        name: Count("pk", filter=condition) for table in tables.values() for name, (_, condition) in table.items()
    }
    keys = ("territory", "prescriber__name") if by_territory else ("prescriber__name",)
    groups = list(people.values(*keys).annotate(count=Count("pk"), **counts))

    def summed(groups: list[dict]) -> dict:
        by_table = {
            key: [{"label": label, "count": sum(row[name] for row in groups)} for name, (label, _) in table.items()]
            for key, table in tables.items()
        }
        prescribers = sorted(
            groups, key=lambda row: (-row["count"], row["prescriber__name"] is None, row["prescriber__name"] or "")
        )
        return {
            "total": sum(row["count"] for row in groups),
            **by_table,
            "prescriber": [
                {"label": row["prescriber__name"] or "sans prescripteur", "count": row["count"]} for row in prescribers
            ],
        }

    return split(groups, "territory", summed) if by_territory else summed(groups)


def publics(ids, by_territory: bool = False):
    """The participants of ``ids`` by eligible public, in one query joining their publics. Two categories of
    different lists may share a label: a participant in either counts once (and the public is sensitive if either
    is: partners.secrecy). With ``by_territory``, by the
    participants' territory."""
    through = Participant.eligible_categories.through
    path = territory_path(through, "participant")
    keys = (path, "eligiblecategory__label") if by_territory else ("eligiblecategory__label",)
    rows = (
        through.objects.filter(participant__in=ids)
        .order_by()
        .values(*keys)
        .annotate(count=Count("participant", distinct=True), sensitive=BoolOr("eligiblecategory__sensitive"))
    )

    def labelled(rows) -> list[dict]:
        return [
            {"label": row["eligiblecategory__label"], "count": row["count"], "sensitive": row["sensitive"]}
            for row in rows
        ]

    return split(rows, path, labelled) if by_territory else labelled(rows)


def actions_by_type(markets) -> list[dict]:
    """The actions done on these contracts by type, with the people and women they reached (ActionSummary)."""
    rows = {
        row["action_type"]: row
        for row in of_markets(ActionSummary.objects.all(), markets)
        .order_by()
        .values("action_type")
        .annotate(count=Sum("count"), people=Sum("people_reached"), women=Sum("women_reached"))
    }
    return [
        {
            "label": label,
            "count": rows.get(value, {}).get("count", 0),
            "people": rows.get(value, {}).get("people") or 0,
            "women": rows.get(value, {}).get("women") or 0,
        }
        for value, label in SocialAction.choices
    ]


def penalties(markets) -> dict:
    """The decisions taken: the amounts applied; the computed penalties waived."""
    totals = (
        of_markets(PenaltyDecision.objects.all(), markets, "consideration__market")
        .order_by()
        .aggregate(
            applied_count=Count("pk", filter=Q(decision=PenaltyChoice.APPLY)),
            applied=Sum("amount", filter=Q(decision=PenaltyChoice.APPLY)),
            waived_count=Count("pk", filter=Q(decision=PenaltyChoice.WAIVE)),
            waived=Sum("computed_amount", filter=Q(decision=PenaltyChoice.WAIVE)),
        )
    )
    return {key: value or 0 for key, value in totals.items()}


def considerations_with_realised(markets):
    """Considerations not abandoned with their realised figures, in one query."""
    return (
        of_markets(with_realised(Consideration.objects.active()), markets)
        .select_related("market", "lot")
        .order_by("market__reference", "lot__number", "kind", "pk")
    )


def companies(markets) -> list[dict]:
    """The companies holding these contracts (holders, co- and subcontractors) with their counted hours and
    participants, most hours first (then by name)."""
    return with_participants(markets, company_rows(markets))


def company_rows(markets) -> list[dict]:
    """The companies holding these contracts with their number of contracts and counted hours, most hours first
    (then by name), in 2 queries; ``with_participants`` adds the participants of the rows shown."""
    rows = (
        Contractor.objects.filter(lot__market__in=markets)
        .order_by()
        .values("organisation", "organisation__name")
        .annotate(contracts=Count("lot__market", distinct=True))
    )
    hours_by_company = dict(
        _of(HoursSummary, markets).order_by().values_list("organisation").annotate(total=Sum("validated"))
    )
    return sorted(
        (
            {
                "pk": row["organisation"],
                "name": row["organisation__name"],
                "contracts": row["contracts"],
                "hours": hours_by_company.get(row["organisation"], 0),
            }
            for row in rows
        ),
        key=lambda row: (-row["hours"], row["name"], row["pk"]),
    )


def with_participants(markets, rows) -> list[dict]:
    """The rows of ``company_rows`` with each company's participants counted on these contracts (1 query)."""
    people_by_company = dict(
        counted_participations(markets)
        .filter(organisation__in=[row["pk"] for row in rows])
        .order_by()
        .values_list("organisation")
        .annotate(total=Count("participant", distinct=True))
    )
    return [{**row, "participants": people_by_company.get(row["pk"], 0)} for row in rows]
