from decimal import Decimal

from django import forms
from django.db.models import Q

from markets.forms import DATE_WIDGET, ChildFormMixin
from partners.enums import OrganisationKind, StructureKind
from partners.forms import BoundedModelMultipleChoiceField, SubmitFormHelperMixin
from partners.models import EligibleCategory, EligibleList, Organisation

from . import reservations, rules
from .calculations import insertion_hours
from .enums import DEFAULT_LEGAL_BASIS, DEFAULT_UNIT, Kind, LegalBasis, Modality, SocialAction, Unit
from .models import KIND_FIELDS, ClimateExemption, Consideration, TradeLabourShare
from .text import hours_calculation
from .thresholds import exemption_grounds

COMMON_FIELDS = [
    "lot",
    "legal_basis",
    "objective",
    "target",
    "unit",
    "penalty_per_unit",
    "eligible_list",
    "eligible_categories",
    "link_justification",
    "standalone_reason",
    "status",
    "start_date",
    "end_date",
]
CALCULATION_FIELDS = ["calc_amount", "calc_labour_share", "calc_hourly_cost", "calc_insertion_rate"]
CHECKBOXES = forms.CheckboxSelectMultiple


def _multiple_choice(label, choices):
    return forms.MultipleChoiceField(label=label, choices=choices, required=False, widget=CHECKBOXES)


class CategoryField(BoundedModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.label


def _structure_help() -> str:
    articles = " ; ".join(
        f"{basis} : {', '.join(reservations.short_name(structure) for structure in structures)}"
        for basis, structures in reservations.BENEFICIARIES.items()
    )
    return f"Chaque structure doit relever d'un article retenu ({articles}). Un GEIQ n'est pas une SIAE."


class ConsiderationForm(ChildFormMixin, SubmitFormHelperMixin, forms.ModelForm):
    """One form for the seven kinds: the common fields plus the fields of the consideration's kind.

    A reserved market chooses its articles (one or several) instead of one legal basis. For insertion hours, the
    calculation is a proposal shown beside the objective: it fills an empty objective, never replaces the
    facilitator's figure."""

    parent_field = "market"
    reservation_bases = forms.MultipleChoiceField(
        label="Articles de la réservation",
        choices=[(basis.value, basis.label) for basis in LegalBasis.reservations()],
        widget=CHECKBOXES,
        help_text="Un ou plusieurs : L2113-12 et L2113-13 se combinent, L2113-13-1 (détention) reste seul.",
        error_messages={"required": "Choisissez au moins un article de réservation."},
    )
    modalities = _multiple_choice("Modalités de réalisation acceptées", Modality.choices)
    actions_offered = _multiple_choice("Actions proposées", SocialAction.choices)
    reserved_structures = _multiple_choice("Structures bénéficiaires de la réservation", StructureKind.choices)

    class Meta:
        model = Consideration
        fields = COMMON_FIELDS + sorted({name for names in KIND_FIELDS.values() for name in names})
        # typed the French way: « 0,05 », « 1 000 000 »
        localized_fields = ["target", "penalty_per_unit", *CALCULATION_FIELDS]
        field_classes = {"eligible_categories": CategoryField}
        widgets = {
            "objective": forms.Textarea(attrs={"rows": 2}),
            "link_justification": forms.Textarea(attrs={"rows": 2}),
            "qualification_targets": forms.Textarea(attrs={"rows": 2}),
            "required_actions": forms.Textarea(attrs={"rows": 3}),
            "commitments": forms.Textarea(attrs={"rows": 2}),
            "progress_axes": forms.Textarea(attrs={"rows": 4}),
            "eligible_categories": CHECKBOXES,
            "start_date": DATE_WIDGET,
            "end_date": DATE_WIDGET,
        }

    def __init__(self, *args, kind=None, territory=None, **kwargs):
        super().__init__(*args, **kwargs)
        instance = self.instance
        if kind:
            instance.kind = kind
        self.kind = instance.kind
        self._keep_fields_of_kind()
        self.fields["lot"].queryset = instance.market.lots.all()
        self.fields["lot"].empty_label = "Tout le marché"
        if "legal_basis" in self.fields:
            reserved = set(LegalBasis.reservations())
            self.fields["legal_basis"].choices = [
                (value, label) for value, label in LegalBasis.choices if value not in reserved
            ]
        if "reservation_bases" in self.fields:
            self.initial.setdefault("reservation_bases", instance.reservation_bases)
            self.fields["reserved_structures"].help_text = _structure_help()
        if "eligible_list" in self.fields:
            self._offer_eligible_publics()
        if "local_partner" in self.fields:
            self.fields["local_partner"].queryset = Organisation.objects.exclude(kind=OrganisationKind.BUYER)
        if not instance.pk:
            self._set_initial(territory)
        if self.kind == Kind.INSERTION_HOURS:
            self._show_proposal({name: self.initial.get(name) for name in CALCULATION_FIELDS})

    def _keep_fields_of_kind(self):
        keep = set(COMMON_FIELDS) | set(KIND_FIELDS[self.kind])
        if self.kind not in rules.COMPLEMENT_KINDS:
            keep.discard("standalone_reason")
        if self.kind == Kind.RESERVED_MARKET:
            keep = (keep - {"legal_basis", "eligible_list", "eligible_categories"}) | {"reservation_bases"}
        for name in list(self.fields):
            if name not in keep:
                del self.fields[name]
        if self.kind == Kind.RESERVED_MARKET:  # the articles, then the structures they name
            self.order_fields(["lot", "reservation_bases", "reserved_structures"])
        if self.kind == Kind.INSERTION_HOURS:  # the calculation right below the objective, in the formula's order
            formula = ["calc_amount", "calc_labour_share", "calc_insertion_rate", "calc_hourly_cost"]
            self.order_fields(["lot", "legal_basis", "objective", "target", *formula])

    def _offer_eligible_publics(self):
        """The national lists and the territory's; required, with two categories at least, for the kinds whose
        audience is people in insertion (rules.eligible_publics_rule), optional for the others."""
        lists = EligibleList.objects.filter(
            Q(territory__isnull=True) | Q(territory=self.instance.market.territory_id), active=True
        )
        concerned = self.kind in rules.PUBLICS_KINDS
        self.fields["eligible_list"].queryset = lists
        self.fields["eligible_list"].required = concerned
        self.fields["eligible_categories"].queryset = EligibleCategory.objects.filter(eligible_list__in=lists)
        self.fields["eligible_categories"].help_text = (
            "Au moins deux catégories de la liste choisie."
            if concerned
            else "Facultatif pour ce type de considération : il ne s'adresse pas à des publics en insertion."
        )

    def _set_initial(self, territory):
        self.initial.setdefault("legal_basis", DEFAULT_LEGAL_BASIS[self.kind])
        self.initial.setdefault("unit", DEFAULT_UNIT[self.kind])
        lists = self.fields.get("eligible_list")
        if lists is not None and (first := lists.queryset.first()):
            self.initial.setdefault("eligible_list", first.pk)
        if self.kind == Kind.INSERTION_HOURS:
            market = self.instance.market
            self.initial.setdefault("calc_amount", market.amount)
            self.initial.setdefault("calc_labour_share", TradeLabourShare.objects.share_for(market.cpv))
            if territory is not None:
                self.initial.setdefault("calc_hourly_cost", territory.hourly_cost)
                self.initial.setdefault("calc_insertion_rate", territory.insertion_rate)
            proposal = self._proposal({name: self.initial.get(name) for name in CALCULATION_FIELDS})
            if proposal is not None:
                self.initial.setdefault("target", proposal)

    @staticmethod
    def _proposal(values: dict) -> int | None:
        """The hours the calculation proposes, None while a value is missing or out of range."""
        if any(values.get(name) is None for name in CALCULATION_FIELDS):
            return None
        try:
            return insertion_hours(*(values[name] for name in CALCULATION_FIELDS))
        except ValueError:
            return None

    def _show_proposal(self, values: dict):
        """The calculation beside the objective: amount × labour share × insertion rate ÷ hourly cost = N h."""
        proposal = self._proposal(values)
        if proposal is None:
            text = "Laissé vide, il reprend le calcul des quatre données ci-dessous quand elles sont remplies."
        else:
            calculation = hours_calculation(*(values[name] for name in CALCULATION_FIELDS), proposal)
            text = (
                f"Proposition du calcul : {calculation}. Laissé vide, l'objectif reprend ce calcul ; un chiffre "
                "négocié avec l'acheteur est gardé tel quel."
            )
        self.fields["target"].help_text = text

    def clean(self):
        data = super().clean()
        if "eligible_list" in self.fields:
            categories = data.get("eligible_categories") or []
            chosen_list = data.get("eligible_list")
            if chosen_list and any(category.eligible_list_id != chosen_list.pk for category in categories):
                self.add_error("eligible_categories", "Choisissez des catégories de la liste retenue.")
            for finding in rules.refusals(rules.eligible_publics_rule(self.kind, len(categories))):
                self.add_error("eligible_categories", str(finding))
        for finding in rules.refusals(rules.link_rule(self.kind, data.get("link_justification", ""), [])):
            self.add_error("link_justification", str(finding))
        if "reservation_bases" in data:
            self.instance.set_reservation_bases(data["reservation_bases"])
        if self.kind == Kind.INSERTION_HOURS:
            self._fill_empty_target(data)
        return data

    def _update_errors(self, errors):
        """The model's errors on a reservation's articles (legal_basis, combined_bases) go to the form's field for
        them, reservation_bases."""
        if "reservation_bases" in self.fields and hasattr(errors, "error_dict"):
            for name in ("legal_basis", "combined_bases"):
                if name in errors.error_dict:
                    errors.error_dict.setdefault("reservation_bases", []).extend(errors.error_dict.pop(name))
        super()._update_errors(errors)

    def _fill_empty_target(self, data):
        """The proposal fills an empty objective; a figure the facilitator typed is kept."""
        values = {name: data.get(name) for name in CALCULATION_FIELDS}
        self._show_proposal(values)
        if any(value is None for value in values.values()):
            return
        try:
            proposal = insertion_hours(*values.values())
        except ValueError as error:
            self.add_error(None, str(error))
            return
        if data.get("target") is None and "target" not in self.errors:
            data["target"] = Decimal(proposal)
            data["unit"] = Unit.HOURS


class CalculatorForm(forms.Form):
    amount = forms.DecimalField(label="Montant HT (€)", min_value=0, max_digits=14, decimal_places=2)
    trade = forms.ModelChoiceField(
        label="Métier (part de main-d'œuvre)",
        queryset=TradeLabourShare.objects.all(),
        required=False,
        empty_label="Saisir la part ci-dessous",
    )
    labour_share = forms.DecimalField(
        label="Part de main-d'œuvre (%)",
        min_value=0,
        max_value=100,
        required=False,
        help_text="Utilisée quand aucun métier n'est choisi.",
    )
    hourly_cost = forms.DecimalField(label="Coût horaire moyen chargé (€)", min_value=Decimal("0.01"))
    insertion_rate = forms.DecimalField(label="Taux d'insertion (%)", min_value=0, max_value=100)

    def clean(self):
        data = super().clean()
        share = (
            data["trade"].labour_share
            if data.get("trade")
            else (None if data.get("labour_share") is None else data["labour_share"] / 100)
        )
        if share is None:
            self.add_error("labour_share", "Choisissez un métier ou saisissez la part de main-d'œuvre.")
            return data
        if self.errors:
            return data
        try:
            data["hours"] = insertion_hours(data["amount"], share, data["hourly_cost"], data["insertion_rate"] / 100)
        except ValueError as error:
            self.add_error(None, str(error))
        data["share"] = share
        return data


class DismissalForm(forms.Form):
    reason = forms.CharField(
        label="Motif",
        max_length=500,
        error_messages={"required": "Indiquez pourquoi cette considération n'est pas retenue."},
    )


class ClimateExemptionForm(ChildFormMixin, SubmitFormHelperMixin, forms.ModelForm):
    parent_field = "market"
    submit_label = "Consigner le motif"

    class Meta:
        model = ClimateExemption
        fields = ["reason", "details"]
        widgets = {
            "reason": forms.RadioSelect,
            "details": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        grounds = exemption_grounds(self.instance.market.contract_type)
        self.fields["reason"].choices = [
            (reason, f"{reason.label} ({citation})") for reason, citation in grounds.items()
        ]
