"""Hunts drift between the follow-up summaries and the raw rows: random sequences of writes, by every path
(saves and deletes, QuerySet.update() and delete(), bulk_create, bulk_update, validation, raw SQL, a contractor's
company or a consideration's contract changed, a participant's publics and data changed, a public deleted…), on a
small territory; after each step, every summary equals a recomputation from the raw rows, the repair rebuild
changes none of their rows, and the dashboards' figures equal the same figures computed from the raw rows."""

from datetime import date

from django.db import connection, transaction
from django.db.models import Count, Q, Sum
from django.utils import timezone
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule, run_state_machine_as_test

from clauses.enums import SocialAction
from clauses.models import Consideration
from followup.models import Hiring, RealisedAction, RealisedHours
from markets.models import Contractor, Market
from partners.models import EligibleCategory, Organisation, Participant
from reporting.figures import followup
from tests.factories import (
    ConsiderationFactory,
    ContractorFactory,
    EligibleCategoryFactory,
    HiringFactory,
    LotFactory,
    MarketFactory,
    OrganisationFactory,
    ParticipantFactory,
    UserFactory,
)

from .summary_checks import COUNTED, DECLARED, INELIGIBLE, assert_current

YEAR = 2026
MONTHS = [date(2025, 11, 1), date(2025, 12, 1), date(2026, 1, 1), date(2026, 2, 1)]
DETAILS = ["cdi", "geiq", "formation"]
hours = st.decimals(min_value=0, max_value=200, places=2)
pick = st.integers(min_value=0, max_value=50)  # an index into whatever rows exist when the rule runs
line_spec = st.tuples(
    pick, pick, pick, st.sampled_from(MONTHS), st.sampled_from(DETAILS), hours, st.booleans(), st.booleans()
)


def nth(queryset, index):
    rows = list(queryset.order_by("pk"))
    return rows[index % len(rows)] if rows else None


# The lines every example starts from (line_spec): each contractor, clause and participant has some.
FIRST_LINES = [
    (0, 0, 0, MONTHS[0], "cdi", 35, True, True),
    (0, 1, 1, MONTHS[1], "geiq", 12, True, True),
    (0, 0, 2, MONTHS[2], "cdi", 20, False, True),
    (0, 1, 0, MONTHS[3], "formation", 7, True, False),
    (1, 2, 1, MONTHS[2], "cdi", 50, True, True),
    (1, 2, 2, MONTHS[3], "geiq", 9, True, False),
]


class SummaryDrift(RuleBasedStateMachine):
    """Two contracts with a lot each (and a second lot on the first), three contractors, four companies, two
    insertion clauses and a social-actions one, three participants in two publics, six hour lines and two
    actions; every example runs in a savepoint rolled back at its end."""

    def __init__(self):
        super().__init__()
        self.atomic = transaction.atomic()
        self.atomic.__enter__()
        self.user = UserFactory()
        first, second = MarketFactory(), MarketFactory()
        companies = [OrganisationFactory() for _ in range(4)]
        for index, lot in enumerate([LotFactory(market=first), LotFactory(market=first), LotFactory(market=second)]):
            ContractorFactory(lot=lot, organisation=companies[index])
        publics = [EligibleCategoryFactory(), EligibleCategoryFactory()]
        for market in (first, second):
            ConsiderationFactory(market=market).eligible_categories.set(publics[:1])
        ConsiderationFactory(market=first, kind="social_actions", unit="actions")
        for categories in ([publics[0]], [publics[0], publics[1]], [publics[1]]):
            person = ParticipantFactory(eligible_categories=categories)
            for company in companies:
                HiringFactory(participant=person, company=company)
        RealisedHours.objects.bulk_create(map(self.new_line, FIRST_LINES))
        for consideration in (0, 2):
            self.create_an_action(consideration, SocialAction.SITE_VISIT, 8)

    def teardown(self):
        transaction.set_rollback(True)
        self.atomic.__exit__(None, None, None)

    # --- the raw rows the rules pick from ---------------------------------------------------------------------

    def new_line(self, spec) -> RealisedHours | None:
        """An unsaved line from a spec, or None when its key (contractor, participant, month, modality) is taken."""
        consideration, contractor, participant, month, detail, worked, eligible, validated = spec
        line = RealisedHours(
            consideration=nth(Consideration.objects.filter(kind="insertion_hours"), consideration),
            contractor=nth(Contractor.objects, contractor),
            participant=nth(Participant.objects, participant),
            month=month,
            modality_detail=detail,
            hours_worked=worked,
            eligible=eligible,
            status="validee" if validated else "declaree",
            validated_at=timezone.now() if validated else None,
        )
        # its hiring at the company; an ineligible line of an odd month has none (eligibility to check)
        if eligible or month.month % 2 == 0:
            line.hiring = Hiring.objects.get(participant=line.participant, company=line.contractor.organisation_id)
        key = {
            "contractor": line.contractor,
            "participant": line.participant,
            "month": month,
            "modality_detail": detail,
        }
        return None if RealisedHours.objects.filter(**key).exists() else line

    # --- hour lines -------------------------------------------------------------------------------------------

    @rule(spec=line_spec)
    def save_a_line(self, spec):
        line = self.new_line(spec)
        if line is not None:
            line.save()

    @rule(specs=st.lists(line_spec, min_size=1, max_size=4))
    def bulk_create_lines(self, specs):
        lines, keys = [], set()
        for line in filter(None, map(self.new_line, specs)):
            key = (line.contractor_id, line.participant_id, line.month, line.modality_detail)
            if key not in keys:
                keys.add(key)
                lines.append(line)
        RealisedHours.objects.bulk_create(lines)

    @rule(participant=pick, worked=hours, validate=st.booleans())
    def update_lines_in_bulk(self, participant, worked, validate):
        lines = RealisedHours.objects.filter(participant=nth(Participant.objects, participant))
        lines.update(hours_worked=worked)
        lines.update(status="validee" if validate else "declaree", validated_at=timezone.now())

    @rule(month=st.sampled_from(MONTHS))
    def delete_lines_in_bulk(self, month):
        RealisedHours.objects.filter(month=month).delete()

    @rule(line=pick)
    def delete_a_line(self, line):
        if found := nth(RealisedHours.objects, line):
            found.delete()

    @rule(consideration=pick)
    def validate_lines(self, consideration):
        clause = nth(Consideration.objects.filter(kind="insertion_hours"), consideration)
        RealisedHours.objects.filter(consideration=clause).validate(self.user)

    @rule(line=pick, consideration=pick, contractor=pick)
    def move_a_line(self, line, consideration, contractor):
        found = nth(RealisedHours.objects, line)
        if found is None:
            return
        found.consideration = nth(Consideration.objects.filter(kind="insertion_hours"), consideration)
        found.contractor = nth(Contractor.objects, contractor)
        if (
            not RealisedHours.objects.exclude(pk=found.pk)
            .filter(
                contractor=found.contractor,
                participant=found.participant,
                month=found.month,
                modality_detail=found.modality_detail,
            )
            .exists()
        ):
            found.save()

    @rule(lines=st.lists(pick, min_size=1, max_size=3))
    def flip_eligibility_in_bulk(self, lines):
        found = {line.pk: line for line in filter(None, (nth(RealisedHours.objects, index) for index in lines))}
        for line in found.values():
            line.eligible = not line.eligible
            if line.eligible and line.hiring_id is None:
                line.hiring = Hiring.objects.get(participant=line.participant, company=line.contractor.organisation_id)
        RealisedHours.objects.bulk_update(list(found.values()), ["eligible", "hiring"])

    @rule(participant=pick, public=pick, add=st.booleans())
    def correct_a_hiring(self, participant, public, add):
        """A hiring's publics corrected, its lines judged again (followup.hiring_views)."""
        hiring = nth(Hiring.objects.filter(participant=nth(Participant.objects, participant)), public)
        category = nth(EligibleCategory.objects, public)
        if hiring is None or category is None:  # every public deleted by an earlier step
            return
        (hiring.categories.add if add else hiring.categories.remove)(category)
        hiring.rejudge_lines(self.user)

    @rule(line=pick, consideration=pick, worked=hours)
    def raw_sql_update(self, line, consideration, worked):
        found = nth(RealisedHours.objects, line)
        if found is None:
            return
        clause = nth(Consideration.objects.filter(kind="insertion_hours"), consideration)
        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE clauses_realisedhours SET consideration_id = %s, hours_worked = %s WHERE id = %s",
                [clause.pk, worked, found.pk],
            )

    # --- what the lines point to ------------------------------------------------------------------------------

    @rule(contractor=pick, company=pick)
    def change_a_contractors_company(self, contractor, company):
        held = nth(Contractor.objects, contractor)
        held.organisation = nth(Organisation.objects.filter(kind="company"), company)
        held.save()

    @rule(consideration=pick, market=pick)
    def move_a_consideration(self, consideration, market):
        clause = nth(Consideration.objects, consideration)
        clause.market = nth(Market.objects, market)
        clause.save()

    @rule(participant=pick, public=pick, add=st.booleans())
    def change_a_participants_publics(self, participant, public, add):
        person, category = nth(Participant.objects, participant), nth(EligibleCategory.objects, public)
        if category is not None:
            (person.eligible_categories.add if add else person.eligible_categories.remove)(category)

    @rule(participant=pick, sex=st.sampled_from(["F", "M"]), born=st.integers(min_value=1960, max_value=2008))
    def change_a_participant(self, participant, sex, born):
        person = nth(Participant.objects, participant)
        person.sex, person.birth_year = sex, born
        person.save()

    @rule(public=pick)
    def delete_a_public(self, public):
        if category := nth(EligibleCategory.objects, public):
            category.delete()

    @rule()
    def add_a_public(self):
        EligibleCategoryFactory(label="Public partagé").participants.set(Participant.objects.all()[:2])

    # --- actions ----------------------------------------------------------------------------------------------

    @rule(consideration=pick, kind=st.sampled_from(SocialAction.values), people=st.integers(min_value=0, max_value=30))
    def create_an_action(self, consideration, kind, people):
        RealisedAction.objects.create(
            consideration=nth(Consideration.objects, consideration),
            date=date(2026, 3, 2),
            action_type=kind,
            people_reached=people,
            women_reached=people // 2,
        )

    @rule(action=pick, consideration=pick, people=st.integers(min_value=0, max_value=30))
    def update_an_action(self, action, consideration, people):
        if found := nth(RealisedAction.objects, action):
            found.consideration, found.people_reached, found.women_reached = (
                nth(Consideration.objects, consideration),
                people,
                0,
            )
            found.save()

    @rule(kind=st.sampled_from(SocialAction.values))
    def update_actions_in_bulk(self, kind):
        RealisedAction.objects.filter(action_type=kind).update(action_type=SocialAction.INTERNSHIP)

    @rule(action=pick, in_bulk=st.booleans())
    def delete_actions(self, action, in_bulk):
        found = nth(RealisedAction.objects, action)
        if found is not None and in_bulk:
            RealisedAction.objects.filter(action_type=found.action_type).delete()
        elif found is not None:
            found.delete()

    # --- what must hold after every step ----------------------------------------------------------------------

    @invariant()
    def summaries_equal_the_raw_rows(self):
        assert_current()

    @invariant()
    def dashboard_figures_equal_the_raw_rows(self):
        every, first = Market.objects.all(), Market.objects.filter(pk=Market.objects.order_by("pk")[0].pk)
        for markets in (every, first):
            assert dashboard_figures(markets) == raw_figures(markets)
        for company in Organisation.objects.filter(contracts_held__isnull=False).distinct():
            assert dashboard_figures(every, company) == raw_figures(every, company)


def dashboard_figures(markets, company=None) -> dict:
    """The follow-up figures of the dashboards (reporting.figures.followup), read from the summaries."""
    people = followup.participant_ids(markets, company=company)
    figures = {
        "hours": followup.hours(markets, YEAR, company),
        "people": sorted(Participant.objects.filter(pk__in=people).values_list("pk", flat=True)),
        "people_of_year": sorted(followup.participants(markets, YEAR, company).values_list("pk", flat=True)),
    }
    if company is None:  # what a company's page shows is above
        breakdown = followup.participant_breakdown(people, date(YEAR, 1, 1))
        figures["publics"] = sorted((row["label"], row["count"]) for row in breakdown["category"])
        figures["actions"] = followup.actions_by_type(markets)
        figures["considerations"] = sorted(
            tuple(
                clause[name]
                for name in (
                    "id",
                    "realised_hours",
                    "declared_hours",
                    "ineligible_hours",
                    "participant_count",
                    "action_count",
                    "people_reached",
                    "women_reached",
                )
            )
            for clause in followup.considerations_with_realised(markets).values()
        )
        figures["companies"] = sorted(
            (row["pk"], row["contracts"], row["hours"], row["participants"]) for row in followup.companies(markets)
        )
    return figures


def raw_figures(markets, company=None) -> dict:
    """The same figures, from the hour lines, actions and participants."""
    lines = RealisedHours.objects.filter(consideration__market__in=markets)
    if company is not None:
        lines = lines.filter(contractor__organisation=company)
    totals = lines.aggregate(
        total=Sum("counted_hours", filter=COUNTED),
        year=Sum("counted_hours", filter=COUNTED & Q(month__year=YEAR)),
        declared=Sum("counted_hours", filter=DECLARED),
    )
    people = set(lines.filter(COUNTED).values_list("participant", flat=True))
    figures = {
        "hours": {key: value or 0 for key, value in totals.items()},
        "people": sorted(people),
        "people_of_year": sorted(set(lines.filter(COUNTED, month__year=YEAR).values_list("participant", flat=True))),
    }
    if company is None:
        publics = EligibleCategory.objects.filter(participants__in=people).order_by().values("label")
        figures["publics"] = sorted(
            publics.annotate(count=Count("participants", distinct=True)).values_list("label", "count")
        )
        actions = RealisedAction.objects.filter(consideration__market__in=markets)
        by_type = {
            row["action_type"]: row
            for row in actions.order_by()
            .values("action_type")
            .annotate(count=Count("pk"), people=Sum("people_reached"), women=Sum("women_reached"))
        }
        figures["actions"] = [
            {
                "label": label,
                "count": by_type.get(value, {}).get("count", 0),
                "people": by_type.get(value, {}).get("people", 0),
                "women": by_type.get(value, {}).get("women", 0),
            }
            for value, label in SocialAction.choices
        ]
        figures["considerations"] = sorted(raw_considerations(markets))
        figures["companies"] = sorted(raw_companies(markets))
    return figures


def raw_considerations(markets):
    clauses = Consideration.objects.active().filter(market__in=markets)
    lines = {
        row.pop("consideration"): row
        for row in RealisedHours.objects.filter(consideration__in=clauses)
        .order_by()
        .values("consideration")
        .annotate(
            validated=Sum("counted_hours", filter=COUNTED),
            declared=Sum("counted_hours", filter=DECLARED),
            ineligible=Sum("hours_worked", filter=INELIGIBLE),
            people=Count("participant", filter=COUNTED, distinct=True),
        )
    }
    actions = {
        row.pop("consideration"): row
        for row in RealisedAction.objects.filter(consideration__in=clauses)
        .order_by()
        .values("consideration")
        .annotate(count=Count("pk"), people=Sum("people_reached"), women=Sum("women_reached"))
    }
    for pk in clauses.values_list("pk", flat=True):
        of_lines, of_actions = lines.get(pk, {}), actions.get(pk, {})
        yield (
            pk,
            *(of_lines.get(name) or 0 for name in ("validated", "declared", "ineligible", "people")),
            *(of_actions.get(name, 0) for name in ("count", "people", "women")),
        )


def raw_companies(markets):
    lines = {
        row.pop("contractor__organisation"): row
        for row in RealisedHours.objects.filter(consideration__market__in=markets)
        .order_by()
        .values("contractor__organisation")
        .annotate(
            hours=Sum("counted_hours", filter=COUNTED), people=Count("participant", filter=COUNTED, distinct=True)
        )
    }
    holders = Contractor.objects.filter(lot__market__in=markets).order_by().values("organisation")
    for company, contracts in holders.annotate(contracts=Count("lot__market", distinct=True)).values_list(
        "organisation", "contracts"
    ):
        of_lines = lines.get(company, {})
        yield company, contracts, of_lines.get("hours") or 0, of_lines.get("people", 0)


def test_summaries_never_drift(db):
    run_state_machine_as_test(
        SummaryDrift,
        settings=settings(
            max_examples=8,
            stateful_step_count=10,
            deadline=None,
            database=None,
            suppress_health_check=[HealthCheck.too_slow],
        ),
    )
