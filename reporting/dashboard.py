"""The figures and charts of a dashboard, from an already-scoped queryset of contracts: the home pages,
/rapports/, the company page and the PDF reports call this one function, so they show the same numbers.

Hours: "in total" covers every contract of the queryset; "contracts notified in the year" compares the target
of those contracts with what was realised on them; "realised during the year" counts the months of the year on
every contract of the queryset."""

from datetime import date

from django.utils.text import capfirst

from followup.models import PenaltyDecision, contract_penalty_cap
from followup.progress import consideration_progress
from partners import secrecy

from .charts import bar_chart
from .figures import followup
from .figures import markets as market_figures
from .figures.territories import Consolidated, consolidated


def breakdown_chart(title: str, rows: list[dict], series: str = "Participants"):
    return bar_chart(title, [capfirst(row["label"]) for row in rows], [(series, [row["count"] for row in rows])])


CHART_ROWS = 12  # a chart of a territory's forty prescribers ran past its PDF page and read as a wall of bars


def top_rows(rows: list[dict], others: str, limit: int = CHART_ROWS) -> list[dict]:
    """The first rows (most first) of a breakdown where each person counts once, the others summed in one row."""
    if len(rows) <= limit:
        return rows
    kept, rest = rows[: limit - 1], rows[limit - 1 :]
    return [*kept, {"label": f"{others} ({len(rest)})", "count": sum(row["count"] for row in rest)}]


def participant_charts(breakdown: dict) -> dict:
    """The charts of participant_breakdown; the prescribers' shows the first ones and sums the others (the
    participants' export gives each person's). A person can belong to several eligible publics: those cannot be
    summed, all are shown."""
    return {
        "sex": breakdown_chart("Participants par sexe", breakdown["sex"]),
        "age": breakdown_chart("Participants par tranche d'âge", breakdown["age"]),
        "category": breakdown_chart("Participants par public éligible", breakdown["category"]),
        "prescriber": breakdown_chart(
            "Participants par prescripteur", top_rows(breakdown["prescriber"], "autres prescripteurs")
        ),
        "outcome": breakdown_chart("Situation à la sortie du parcours", breakdown["outcome"]),
    }


def hours_figures(targets: tuple, year: int, realised_on, company=None) -> dict:
    """The targets of the contracts (market_figures.hours_targets) and the hours realised on ``realised_on`` (by the
    company, when given)."""
    realised = followup.hours(realised_on, year, company)
    realised_of_year = followup.hours(realised_on.filter(notification_date__year=year), year, company)["total"]
    target, target_of_year = targets
    return {
        **realised,
        "target": target,
        "target_of_year": target_of_year,
        "realised_of_year": realised_of_year,
        "share": market_figures.percent(realised["total"], target),
        "chart": bar_chart(
            "Heures d'insertion : objectif et réalisé",
            ["Tous les marchés", f"Marchés notifiés en {year}"],
            [("Objectif", [target, target_of_year]), ("Réalisé", [realised["total"], realised_of_year])],
        ),
    }


def action_chart(actions: list[dict]):
    return bar_chart(
        "Actions réalisées par type",
        [row["label"].capitalize() for row in actions],
        [("Actions", [row["count"] for row in actions]), ("Personnes touchées", [row["people"] for row in actions])],
    )


def kind_chart(kinds: list[dict]):
    return bar_chart(
        "Considérations sociales par type",
        [row["label"].capitalize() for row in kinds],
        [("Considérations", [row["count"] for row in kinds]), ("Marchés", [row["contracts"] for row in kinds])],
    )


def secret_people(people: dict, actions: list[dict], per_unit: bool) -> tuple[dict, list[dict]]:
    """The participants and actions as a reader outside the territory's facilitators sees them (a buyer): under
    statistical secrecy, and for one company or one contract (``per_unit``) without the sensitive publics
    (partners.secrecy)."""
    people = {**people, "prescriber": top_rows(people["prescriber"], "autres prescripteurs")}
    return secrecy.protect_breakdown(people, per_unit=per_unit), [secrecy.protect_action(row) for row in actions]


def followup_figures(markets, year: int, targets: tuple, company=None, visible=None, secret: bool = False) -> dict:
    """What was realised on the contracts (``targets``: their market_figures.hours_targets): hours, participants,
    actions, penalties; the hours and participants of the company, when given, read on ``visible`` (see
    company_dashboard). With ``secret``, the figures about people under statistical secrecy (secret_people)."""
    realised_on = markets if company is None else visible
    people = followup.participant_breakdown(followup.participant_ids(realised_on, company=company), date(year, 1, 1))
    actions = followup.actions_by_type(markets)
    if secret:
        people, actions = secret_people(people, actions, per_unit=company is not None)
    return {
        "hours": hours_figures(targets, year, realised_on, company),
        "people": people,
        "people_charts": participant_charts(people),
        "actions": actions,
        "action_chart": action_chart(actions),
        "penalties": followup.penalties(markets),
    }


def dashboard(markets, year: int, companies: list[dict] | None = None, secret: bool = False) -> dict:
    """A buyer's or a territory's dashboard: its contracts and considerations, the PNAD share, Climat et
    Résilience, then what was realised. ``companies``: followup.company_rows(markets), when the page has them
    (one row per company: their number is the company count). ``secret``: read by a buyer (followup_figures)."""
    counts = market_figures.ContractCounts.of(markets)
    statuses, pnad_years = counts.by_status(), counts.pnad_by_year()
    kinds = market_figures.considerations_by_kind(markets, year)
    company_count = len(companies) if companies is not None else market_figures.company_count(markets)
    return {
        "year": year,
        "figures": {**counts.totals(), "company_count": company_count},
        "status_chart": bar_chart(
            "Marchés par statut",
            [row["label"].capitalize() for row in statuses],
            [("Marchés", [row["count"] for row in statuses])],
        ),
        "kind_chart": kind_chart(kinds),
        "pnad": counts.pnad(year),
        "pnad_years": pnad_years,
        "pnad_chart": bar_chart(
            "Part des marchés notifiés avec au moins une considération sociale (%)",
            [str(share.year) for share in pnad_years],
            [
                ("Part (%)", [share.share for share in pnad_years]),
                ("Objectif PNAD (%)", [share.target for share in pnad_years]),
            ],
            horizontal=False,
        ),
        "climate": market_figures.climate_compliance(markets),
        **followup_figures(markets, year, market_figures.hours_targets(kinds), secret=secret),
    }


def company_dashboard(visible, markets, year: int, company, secret: bool = False) -> dict:
    """A company's figures on ``markets``, its contracts among the ``visible`` ones (those the user may see): the
    considerations it is bound by, then what it realised. Its hours and participants are read on ``visible``:
    the company's summary rows are on its own contracts only, so the figures are the same, and on a facilitator's
    every contract no filter over a thousand contracts is needed. The PNAD share and Climat et Résilience are the
    buyers' obligations: not shown here."""
    kinds = market_figures.considerations_by_kind(markets, year)
    return {
        "year": year,
        "figures": market_figures.amounts(markets),
        "kind_chart": kind_chart(kinds),
        **followup_figures(markets, year, market_figures.hours_targets(kinds), company, visible, secret),
    }


def market_report(market, today: date, secret: bool = False) -> dict:
    """The figures of one contract's report: each consideration's target, realised and progress, the
    participants as aggregates, the actions, the penalty procedures and the contract's penalties against its cap.
    ``secret``: read by a buyer, the participants and actions under statistical secrecy, no sensitive public."""
    markets = type(market).objects.filter(pk=market.pk)
    considerations = [(c, consideration_progress(c, today)) for c in followup.considerations_with_realised(markets)]
    people = followup.participant_breakdown(followup.participant_ids(markets), today)
    actions = followup.actions_by_type(markets)
    if secret:
        people, actions = secret_people(people, actions, per_unit=True)
    measured = [(c, p) for c, p in considerations if c.target is not None and c.realised_units is not None]
    procedures = list(PenaltyDecision.objects.filter(consideration__market=market).select_related("consideration__lot"))
    return {
        "considerations": considerations,
        "target_chart": bar_chart(
            "Objectifs et réalisé",
            [capfirst(f"{c} ({c.get_unit_display()})") for c, _ in measured],
            [("Objectif", [c.target for c, _ in measured]), ("Réalisé", [c.realised_units for c, _ in measured])],
        ),
        "hours": followup.hours(markets, today.year),
        "people": people,
        "people_charts": participant_charts(people),
        "actions": actions,
        "action_chart": action_chart(actions),
        "penalties": followup.penalties(markets),
        "penalty_decisions": procedures,
        "penalty_cap": contract_penalty_cap(market, procedures),
    }


def consolidated_charts(table: Consolidated) -> list[tuple]:
    """(chart, header of its labels) for each indicator of the consolidated table, a bar per territory (the
    considerations and the outcomes: those of the total). A secret count has no bar; the table says « secret »."""
    rows, year = table.rows, table.year
    labels = [row.label for row in rows]

    def chart(title: str, *series, horizontal: bool = True):
        return bar_chart(title, labels, [(name, [value(row) for row in rows]) for name, value in series], horizontal)

    by_territory = [
        chart(
            "Heures d'insertion comptées",
            (f"En {year}", lambda row: row.hours["year"]),
            ("Depuis le début des marchés", lambda row: row.hours["total"]),
        ),
        chart(
            "Participants ayant des heures comptées",
            (f"En {year}", lambda row: row.people_of_year),
            ("Depuis le début des marchés", lambda row: row.people),
        ),
        chart(
            "Entreprises",
            ("Titulaires des marchés", lambda row: row.companies),
            (f"Avec des heures comptées en {year}", lambda row: row.companies_of_year),
        ),
        chart(
            "Marchés et considérations sociales",
            ("Marchés suivis", lambda row: row.contracts),
            ("Avec au moins une considération sociale", lambda row: row.social),
        ),
        chart(
            f"Part PNAD des marchés notifiés en {year} (%)",
            ("Part (%)", lambda row: row.pnad.share),
            ("Objectif PNAD (%)", lambda row: row.pnad.target),
        ),
        chart(
            "Climat et Résilience",
            ("Marchés concernés", lambda row: row.climate["concerned"]),
            ("Conformes", lambda row: row.climate["compliant"]),
        ),
    ]
    return [
        *((chart, "Territoire") for chart in by_territory),
        (kind_chart(table.total.kinds), "Type"),
        (breakdown_chart("Situation à la sortie du parcours (tous territoires)", table.total.outcomes), "Situation"),
    ]


def consolidated_dashboard(markets, territories, year: int) -> dict:
    """The consolidated table of ``territories`` (``markets``: every contract of them) and its charts."""
    table = consolidated(markets, territories, year)
    return {"year": year, "table": table, "charts": consolidated_charts(table)}
