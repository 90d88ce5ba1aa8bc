from decimal import Decimal

from django import forms
from django.db.models import Q

from markets.forms import DATE_WIDGET, ChildFormMixin
from partners.enums import OrganisationKind, StructureKind
from partners.forms import BoundedModelMultipleChoiceField, SubmitFormHelperMixin
from partners.models import EligibleCategory, EligibleList, Organisation

from . import rules
from .calculations import insertion_hours
from .enums import DEFAULT_LEGAL_BASIS, DEFAULT_UNIT, Kind, LegalBasis, Modality, SocialAction, Unit
from .models import KIND_FIELDS, ClimateExemption, Consideration, TradeLabourShare
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
CHECKBOXES = forms.CheckboxSelectMultiple


def _multiple_choice(label, choices):
    return forms.MultipleChoiceField(label=label, choices=choices, required=False, widget=CHECKBOXES)


class CategoryField(BoundedModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.label


class ConsiderationForm(ChildFormMixin, SubmitFormHelperMixin, forms.ModelForm):
    """One form for the seven kinds: the common fields plus the fields of the consideration's kind."""

    parent_field = "market"
    modalities = _multiple_choice("Modalités de réalisation acceptées", Modality.choices)
    actions_offered = _multiple_choice("Actions proposées", SocialAction.choices)
    reserved_structures = _multiple_choice("Structures bénéficiaires de la réservation", StructureKind.choices)

    class Meta:
        model = Consideration
        fields = COMMON_FIELDS + sorted({name for names in KIND_FIELDS.values() for name in names})
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
        keep = set(COMMON_FIELDS) | set(KIND_FIELDS[self.kind])
        if self.kind == Kind.INSERTION_HOURS:
            keep.discard("standalone_reason")
        if self.kind == Kind.RESERVED_MARKET:
            keep -= {"eligible_list", "eligible_categories"}
        for name in list(self.fields):
            if name not in keep:
                del self.fields[name]
        self.fields["lot"].queryset = instance.market.lots.all()
        self.fields["lot"].empty_label = "Tout le marché"
        reservations = set(LegalBasis.reservations())
        self.fields["legal_basis"].choices = [
            (value, label)
            for value, label in LegalBasis.choices
            if (value in reservations) == (self.kind == Kind.RESERVED_MARKET)
        ]
        if "eligible_list" in self.fields:
            lists = EligibleList.objects.filter(
                Q(territory__isnull=True) | Q(territory=instance.market.territory_id), active=True
            )  # the national lists and the territory's
            self.fields["eligible_list"].queryset = lists
            self.fields["eligible_list"].required = True
            self.fields["eligible_categories"].queryset = EligibleCategory.objects.filter(eligible_list__in=lists)
            self.fields["eligible_categories"].help_text = "Au moins deux catégories de la liste choisie."
        if "local_partner" in self.fields:
            self.fields["local_partner"].queryset = Organisation.objects.exclude(kind=OrganisationKind.BUYER)
        if self.kind == Kind.INSERTION_HOURS:
            self.fields["target"].help_text = "Calculé à partir des quatre données du calcul quand elles sont remplies."
        if not instance.pk:
            self._set_initial(territory)

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

    def clean(self):
        data = super().clean()
        if "eligible_list" in self.fields:
            categories = data.get("eligible_categories") or []
            chosen_list = data.get("eligible_list")
            if chosen_list and any(category.eligible_list_id != chosen_list.pk for category in categories):
                self.add_error("eligible_categories", "Choisissez des catégories de la liste retenue.")
            for finding in rules.eligible_publics_rule(self.kind, len(categories)):
                self.add_error("eligible_categories", finding.message)
        for finding in rules.link_rule(self.kind, data.get("link_justification", ""), []):
            self.add_error("link_justification", finding.message)
        if self.kind == Kind.INSERTION_HOURS:
            self._compute_target(data)
        return data

    def _compute_target(self, data):
        names = ["calc_amount", "calc_labour_share", "calc_hourly_cost", "calc_insertion_rate"]
        values = [data.get(name) for name in names]
        if any(value is None for value in values):
            return
        try:
            data["target"] = Decimal(insertion_hours(*values))
        except ValueError as error:
            self.add_error(None, str(error))
            return
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
