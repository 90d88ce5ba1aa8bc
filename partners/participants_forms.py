from django import forms

from .forms import BoundedModelMultipleChoiceField, SubmitFormHelperMixin
from .models import Participant

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ParticipantForm(SubmitFormHelperMixin, forms.ModelForm):
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

    def clean_reference(self):
        reference = self.cleaned_data["reference"].strip().upper()
        others = Participant.objects.filter(territory_id=self.instance.territory_id, reference=reference)
        if others.exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError("Un participant du territoire porte déjà ce code.")
        return reference
