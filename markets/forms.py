from django import forms
from django.utils import timezone

from partners.forms import SubmitFormHelperMixin

from .decp import publication
from .enums import Status
from .lifecycle import ContractDates, coherence_problem, status_after_edit
from .models import CCAG_PENALTY_CAP_RATE, Contractor, Lot, Market, StatusChange

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class MarketForm(SubmitFormHelperMixin, forms.ModelForm):
    class Meta:
        model = Market
        fields = [
            "buyer",
            "reference",
            "object",
            "nature",
            "contract_type",
            "procedure",
            "cpv",
            "amount",
            "penalty_cap_rate",
            "duration_months",
            "contracting_entity",
            "defence_or_security",
            "social_services",
            "place_postcode",
            "publication_date",
            "notification_date",
            "start_date",
            "end_date",
            "facilitator",
            "notes",
        ]
        widgets = {
            "object": forms.Textarea(attrs={"rows": 2}),
            "notes": forms.Textarea(attrs={"rows": 3}),
            "publication_date": DATE_WIDGET,
            "notification_date": DATE_WIDGET,
            "start_date": DATE_WIDGET,
            "end_date": DATE_WIDGET,
        }
        localized_fields = ["penalty_cap_rate"]  # « 7,5 »

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["penalty_cap_rate"].required = False

    def clean_penalty_cap_rate(self):
        """Left empty: the CCAG 2021's cap."""
        rate = self.cleaned_data["penalty_cap_rate"]
        return CCAG_PENALTY_CAP_RATE if rate is None else rate

    def clean(self):
        """The status must stay coherent with the dates (markets.lifecycle): a notification date makes the
        contract « attribué » at least; a change of dates that another status contradicts is refused."""
        cleaned = super().clean()
        market = self.instance
        dates = ContractDates(cleaned.get("notification_date"), cleaned.get("start_date"), cleaned.get("end_date"))
        self.new_status = status_after_edit(market.status, dates)
        if market.pk and dates != market.dates:
            closed_by_decision = market.status == Status.CLOSED and market.closed_by_decision()
            problem = coherence_problem(self.new_status, dates, timezone.localdate(), closed_by_decision)
            if problem:
                raise forms.ValidationError(
                    f"{problem} Le marché est « {Status(market.status).label} » : changez son statut ou ses dates."
                )
        return cleaned

    def save(self, commit=True):
        """Saves the contract, with the status its dates give it (a change of status recorded, by ``changed_by``)."""
        old_status = self.instance.status if self.instance.pk else ""
        self.instance.status = self.new_status
        market = super().save(commit=commit)
        if commit and old_status != market.status:
            StatusChange.objects.create(
                market=market,
                old_status=old_status,
                new_status=market.status,
                changed_by=getattr(self, "changed_by", None),
                reason="date de notification renseignée",
            )
        return market


class StatusForm(SubmitFormHelperMixin, forms.Form):
    submit_label = "Changer le statut"
    status = forms.ChoiceField(label="Nouveau statut", choices=Status.choices)
    reason = forms.CharField(
        label="Motif (pour clore avant la fin d'exécution)",
        required=False,
        max_length=300,
        help_text="La décision qui clôt le marché : résiliation, achèvement anticipé…",
    )


class ChildFormMixin:
    """A form for an object that belongs to a parent given by the view (a lot's contract…).

    The parent is set before validation, so the unique constraints that include it are checked
    and reported in French instead of failing in the database.
    """

    parent_field: str

    def __init__(self, *args, parent, **kwargs):
        super().__init__(*args, **kwargs)
        setattr(self.instance, self.parent_field, parent)

    def _get_validation_exclusions(self):
        exclusions = super()._get_validation_exclusions()
        exclusions.discard(self.parent_field)
        return exclusions


class LotForm(ChildFormMixin, SubmitFormHelperMixin, forms.ModelForm):
    parent_field = "market"

    class Meta:
        model = Lot
        fields = ["number", "title", "amount", "cpv"]


class ContractorForm(ChildFormMixin, SubmitFormHelperMixin, forms.ModelForm):
    parent_field = "lot"
    submit_label = "Ajouter"

    class Meta:
        model = Contractor
        fields = ["organisation", "role", "amount"]


class DecpUploadForm(SubmitFormHelperMixin, forms.Form):
    """A DECP file to import: JSON only (checked on its first bytes, not only its name), 200 Mo at most."""

    MAX_SIZE = 200 * 1024 * 1024
    submit_label = "Importer"

    file = forms.FileField(
        label="Fichier DECP (JSON, 200 Mo au plus)",
        widget=forms.ClearableFileInput(attrs={"accept": ".json,application/json"}),
    )
    dry_run = forms.BooleanField(label="Simulation : tout vérifier et compter sans rien enregistrer", required=False)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > self.MAX_SIZE:
            raise forms.ValidationError("Le fichier dépasse 200 Mo : importez-le avec la commande import_decp.")
        if not upload.name.lower().endswith(".json"):
            raise forms.ValidationError("Choisissez un fichier .json.")
        upload.seek(0)
        head = upload.read(1024).lstrip(b"\xef\xbb\xbf \t\r\n")
        upload.seek(0)
        if not head.startswith((b"{", b"[")):
            raise forms.ValidationError("Ce fichier n'est pas du JSON.")
        return upload


BOOLEAN_CHOICES = [("", "non renseigné"), ("oui", "oui"), ("non", "non")]


def publication_field(field: publication.Field) -> forms.Field:
    """The form field asking the facilitator for one DECP field Levier does not follow."""
    label = field.label[:1].upper() + field.label[1:]
    if field.kind == "choices":
        return forms.MultipleChoiceField(
            label=label, required=False, choices=[(c, c) for c in field.choices], widget=forms.CheckboxSelectMultiple
        )
    if field.kind == "choice":
        return forms.ChoiceField(
            label=label, required=False, choices=[("", "non renseigné")] + [(c, c) for c in field.choices]
        )
    if field.kind == "boolean":
        return forms.TypedChoiceField(
            label=label, required=False, choices=BOOLEAN_CHOICES, coerce=lambda value: value == "oui", empty_value=None
        )
    if field.kind == "count":
        return forms.IntegerField(label=label, required=False, min_value=1, max_value=100_000)
    return forms.DecimalField(label=label, required=False, min_value=0, max_digits=14, decimal_places=2)


def initial_of(field: publication.Field, value):
    if field.kind == "boolean" and value is not None:
        return "oui" if value else "non"
    return value


class DecpPublicationForm(SubmitFormHelperMixin, forms.Form):
    """The DECP fields a contract's publication needs that Levier does not follow (markets.decp.publication): what
    the import did not give, the facilitator completes before the export; nothing is made up."""

    submit_label = "Enregistrer"

    def __init__(self, *args, market: Market, **kwargs):
        self.market = market
        self.publication_fields = publication.fields_of(publication.kind_of(market.contract_type))
        kwargs["initial"] = {f.key: initial_of(f, market.decp_publication.get(f.key)) for f in self.publication_fields}
        super().__init__(*args, **kwargs)
        for field in self.publication_fields:
            self.fields[field.key] = publication_field(field)

    def save(self) -> Market:
        values = {}
        for field in self.publication_fields:
            value = self.cleaned_data.get(field.key)
            if value in (None, "", []):
                continue
            values[field.key] = float(value) if field.kind == "amount" else value
        self.market.decp_publication = values
        self.market.save(update_fields=["decp_publication"])
        return self.market
