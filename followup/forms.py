from django import forms

from markets.forms import DATE_WIDGET, ChildFormMixin
from markets.models import Contractor
from partners.forms import BoundedModelMultipleChoiceField, SubmitFormHelperMixin
from partners.models import EligibleCategory, Organisation, Participant

from . import hours_import, plausibility
from .enums import HoursStatus, ProofKind
from .models import Hiring, HoursRules, ProgressPlanEntry, RealisedAction, RealisedHours


def scope_contractors(consideration):
    contractors = Contractor.objects.filter(lot__market=consideration.market_id).select_related("organisation", "lot")
    return contractors.filter(lot=consideration.lot_id) if consideration.lot_id else contractors


def territory_participants(consideration):
    """The participants a line or an action of the consideration may name: those of its contract's territory."""
    participants = Participant.objects.filter(territory=consideration.market.territory_id, anonymised_at__isnull=True)
    return participants.order_by("reference")


class ContractorChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"Lot {obj.lot.number} – {obj.organisation}"


class ParticipantChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return str(obj)


class HoursLineForm(ChildFormMixin, SubmitFormHelperMixin, forms.ModelForm):
    """A month of hours entered by hand; counted and checked for eligibility as an imported line."""

    parent_field = "consideration"
    month = forms.DateField(
        label="Mois",
        input_formats=["%Y-%m"],
        widget=forms.DateInput(attrs={"type": "month"}, format="%Y-%m"),
        help_text="AAAA-MM.",
        error_messages={"invalid": "Saisissez un mois : AAAA-MM."},
    )

    class Meta:
        model = RealisedHours
        fields = ["contractor", "participant", "month", "hours_worked", "modality_detail"]
        localized_fields = ["hours_worked"]  # « 12,5 »
        field_classes = {"contractor": ContractorChoiceField, "participant": ParticipantChoiceField}

    def __init__(self, *args, parent, **kwargs):
        super().__init__(*args, parent=parent, **kwargs)
        self.fields["contractor"].queryset = scope_contractors(parent)
        self.fields["participant"].queryset = territory_participants(parent)

    def clean_month(self):
        month = self.cleaned_data["month"].replace(day=1)
        first, last = hours_import.contract_months(self.instance.consideration)
        if (first and month < first) or (last and month > last):
            raise forms.ValidationError("Ce mois est hors de la période du marché.")
        return month

    def clean(self):
        cleaned = super().clean()
        participant, month, hours = (cleaned.get(name) for name in ("participant", "month", "hours_worked"))
        if participant and month and hours is not None:
            others = RealisedHours.objects.filter(participant=participant, month=month).exclude(pk=self.instance.pk)
            total = sum(others.month_totals().values(), hours)
            if message := plausibility.excess_message(total, month):
                self.add_error("hours_worked", message)
        return cleaned

    def save(self, commit=True):
        line = super().save(commit=False)
        line.status, line.rejection_reason = HoursStatus.DECLARED, ""  # entered or corrected: to validate
        rules = HoursRules.load(line.consideration, [line.participant_id])
        rules.apply(line, line.contractor.organisation_id)
        if commit:
            line.save()
        return line


class ActionForm(ChildFormMixin, SubmitFormHelperMixin, forms.ModelForm):
    parent_field = "consideration"

    class Meta:
        model = RealisedAction
        fields = [
            "date",
            "action_type",
            "lot",
            "contractor",
            "people_reached",
            "women_reached",
            "participants",
            "description",
            "proof",
        ]
        field_classes = {"contractor": ContractorChoiceField, "participants": BoundedModelMultipleChoiceField}
        widgets = {
            "date": DATE_WIDGET,
            "description": forms.Textarea(attrs={"rows": 3}),
            "participants": forms.SelectMultiple(attrs={"size": 6}),
        }

    def __init__(self, *args, parent, **kwargs):
        super().__init__(*args, parent=parent, **kwargs)
        self.fields["lot"].queryset = parent.market.lots.all()
        self.fields["contractor"].queryset = scope_contractors(parent)
        self.fields["participants"].queryset = territory_participants(parent)

    def clean_date(self):
        """Inside the consideration's period, else its contract's execution (what it counts for)."""
        day = self.cleaned_data["date"]
        consideration = self.instance.consideration
        start = consideration.start_date or consideration.market.start_date
        end = consideration.end_date or consideration.market.end_date
        if start and day < start:
            raise forms.ValidationError(f"Cette date précède le début de la période du marché ({start:%d/%m/%Y}).")
        if end and day > end:
            raise forms.ValidationError(f"Cette date est après la fin de la période du marché ({end:%d/%m/%Y}).")
        return day


class PlanEntryForm(ChildFormMixin, SubmitFormHelperMixin, forms.ModelForm):
    parent_field = "consideration"

    class Meta:
        model = ProgressPlanEntry
        fields = ["year", "axis", "planned_actions", "indicators"]
        widgets = {
            "planned_actions": forms.Textarea(attrs={"rows": 3}),
            "indicators": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, parent, **kwargs):
        super().__init__(*args, parent=parent, **kwargs)
        axes = [theme for theme, _ in parent.axes]
        if axes:
            self.fields["axis"].help_text = "Axes fixés au CCAP : " + " ; ".join(axes) + "."


class EvaluationForm(SubmitFormHelperMixin, forms.ModelForm):
    submit_label = "Enregistrer l'évaluation"

    class Meta:
        model = ProgressPlanEntry
        fields = ["evaluation", "evaluation_comment"]
        widgets = {"evaluation_comment": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["evaluation"].required = True


class StatementUploadForm(SubmitFormHelperMixin, forms.Form):
    """A contractor's statement: CSV or XLSX, 2 Mo at most; the content is checked by hours_import."""

    submit_label = "Vérifier le relevé (simulation)"
    file = forms.FileField(
        label="Relevé mensuel (CSV ou XLSX, 2 Mo au plus)",
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > hours_import.MAX_SIZE:
            raise forms.ValidationError("Le fichier dépasse 2 Mo.")
        try:
            self.rows = hours_import.read_statement(upload.name, upload.read())
        except hours_import.StatementError as exc:
            raise forms.ValidationError(str(exc)) from exc
        return upload


class HiringForm(ChildFormMixin, SubmitFormHelperMixin, forms.ModelForm):
    """The eligibility check made when a participant is hired: the publics the proof justifies at that date."""

    parent_field = "participant"

    class Meta:
        model = Hiring
        fields = ["company", "hired_on", "categories", "proof_kind", "proof_date"]
        widgets = {"hired_on": DATE_WIDGET, "proof_date": DATE_WIDGET, "categories": forms.CheckboxSelectMultiple}
        field_classes = {"categories": BoundedModelMultipleChoiceField}

    def __init__(self, *args, parent, **kwargs):
        super().__init__(*args, parent=parent, **kwargs)
        self.fields["company"].queryset = (
            Organisation.objects.filter(contracts_held__lot__market__territory=parent.territory_id)
            .distinct()
            .order_by("name")
        )
        self.fields["categories"].queryset = EligibleCategory.objects.offered(parent.territory_id)
        if self.instance.proof_kind != ProofKind.MIGRATED:  # « reprise des données » is the migration's only
            self.fields["proof_kind"].choices = [
                choice for choice in self.fields["proof_kind"].choices if choice[0] != ProofKind.MIGRATED
            ]


class ReasonForm(forms.Form):
    """The reason of a rejection or an un-validation, kept in the history."""

    reason = forms.CharField(
        label="Motif",
        max_length=100,
        help_text="100 caractères au plus ; gardé dans l'historique avec votre nom.",
        error_messages={"required": "Indiquez le motif."},
    )


class HoursDecisionForm(ReasonForm):
    """Validate or reject the selected declared lines of a clause (a reason for a rejection)."""

    VALIDATE, REJECT = "valider", "rejeter"
    decision = forms.ChoiceField(choices=[(VALIDATE, "Valider"), (REJECT, "Rejeter")])
    lines = BoundedModelMultipleChoiceField(queryset=RealisedHours.objects.none(), required=False)
    every = forms.BooleanField(required=False)  # every declared line of the clause, on every page

    def __init__(self, *args, consideration, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].required = False
        self.fields["lines"].queryset = RealisedHours.objects.filter(consideration=consideration).declared()

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("decision") == self.REJECT and not cleaned.get("reason"):
            self.add_error("reason", "Un rejet est motivé : indiquez le motif.")
        if cleaned.get("every"):
            cleaned["lines"] = self.fields["lines"].queryset
        elif not cleaned.get("lines") and "lines" not in self.errors:
            self.add_error("lines", "Sélectionnez au moins une ligne déclarée.")
        return cleaned

    def selected(self):
        """The declared lines chosen, as a queryset."""
        declared = self.fields["lines"].queryset
        if self.cleaned_data["every"]:
            return declared
        return declared.filter(pk__in=[line.pk for line in self.cleaned_data["lines"]])
