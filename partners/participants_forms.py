from django import forms
from django.utils.html import format_html

from .forms import BoundedModelMultipleChoiceField, SubmitFormHelperMixin
from .models import Participant

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ParticipantForm(SubmitFormHelperMixin, forms.ModelForm):
    confirm_homonym = forms.BooleanField(
        label="C'est une autre personne : l'enregistrer quand même",
        required=False,
        help_text="À cocher seulement si Levier signale un participant du même nom né la même année.",
    )

    class Meta:
        model = Participant
        fields = [
            "reference",
            "first_name",
            "last_name",
            "sex",
            "birth_year",
            "postcode",
            "qpv_resident",
            "eligible_categories",
            "prescriber",
            "entry_date",
            "exit_outcome",
            "exit_date",
            "notes",
        ]
        widgets = {
            "entry_date": DATE_WIDGET,
            "exit_date": DATE_WIDGET,
            "notes": forms.Textarea(attrs={"rows": 2}),
            "eligible_categories": forms.CheckboxSelectMultiple,
        }
        field_classes = {"eligible_categories": BoundedModelMultipleChoiceField}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        categories = self.fields["eligible_categories"]
        categories.queryset = categories.queryset.offered(self.instance.territory_id)
        if not self.is_bound:  # the confirmation is offered once a homonym is found
            del self.fields["confirm_homonym"]

    def homonyms(self, cleaned):
        """The territory's participants with the same first name, last name (case aside) and birth
        year: the same person entered twice, most often."""
        first, last, year = (cleaned.get(name) for name in ("first_name", "last_name", "birth_year"))
        if not (first and last and year):
            return Participant.objects.none()
        return (
            Participant.objects.filter(territory_id=self.instance.territory_id, birth_year=year)
            .filter(first_name__iexact=first.strip(), last_name__iexact=last.strip())
            .exclude(pk=self.instance.pk)
            .order_by("pk")
        )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("confirm_homonym"):
            return cleaned
        existing = self.homonyms(cleaned).first()
        if not existing:
            del self.fields["confirm_homonym"]
        else:
            raise forms.ValidationError(
                format_html(
                    'Un participant du territoire porte ce nom et est né la même année : <a href="{}">{}</a>. '
                    "S'il s'agit d'une autre personne, cochez « C'est une autre personne » et enregistrez.",
                    existing.get_absolute_url(),
                    existing,
                )
            )
        return cleaned

    def clean_reference(self):
        reference = self.cleaned_data["reference"].strip().upper()
        others = Participant.objects.filter(territory_id=self.instance.territory_id, reference=reference)
        if others.exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError("Un participant du territoire porte déjà ce code.")
        return reference
