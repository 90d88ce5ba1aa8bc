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
        categories.queryset = categories.queryset.filter(eligible_list__active=True).order_by("eligible_list", "pk")

    def clean_reference(self):
        return self.cleaned_data["reference"].strip().upper()
