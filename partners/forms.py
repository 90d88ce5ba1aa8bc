from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.utils.html import format_html

from .models import Contact, Organisation

MAX_ID = 2**63 - 1


class BoundedModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Django's field queries `pk__in` with whatever is posted, and an id beyond 64 bits crashes the database
    driver (a server error): such an id is refused as any unknown choice."""

    def _check_values(self, value):
        for pk in value:
            try:
                too_large = abs(int(str(pk).strip())) > MAX_ID
            except ValueError:
                continue  # not a number: Django's own check refuses it
            if too_large:
                raise forms.ValidationError(
                    self.error_messages["invalid_pk_value"], code="invalid_pk_value", params={"pk": pk}
                )
        return super()._check_values(value)


class SubmitFormHelperMixin:
    submit_label = "Enregistrer"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", self.submit_label))


class SiretField(forms.CharField):
    """Accepts a SIRET typed with spaces, as it is printed on a Kbis."""

    def to_python(self, value):
        return (super().to_python(value) or "").replace(" ", "") or None

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        attrs.update({"maxlength": "17", "inputmode": "numeric"})
        return attrs


class OrganisationForm(SubmitFormHelperMixin, forms.ModelForm):
    class Meta:
        model = Organisation
        fields = [
            "kind",
            "name",
            "siret",
            "buyer_category",
            "structure_kind",
            "partner_kind",
            "address",
            "postcode",
            "commune",
            "notes",
        ]
        field_classes = {"siret": SiretField}
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}

    def clean_siret(self):
        """One organisation per SIRET: the error names the existing one, with a link to its page."""
        siret = self.cleaned_data["siret"]
        existing = Organisation.objects.filter(siret=siret).exclude(pk=self.instance.pk).first() if siret else None
        if existing:
            raise forms.ValidationError(
                format_html(
                    'Une organisation avec ce SIRET existe déjà : <a href="{}">{}</a>.',
                    existing.get_absolute_url(),
                    existing,
                )
            )
        return siret


class ContactForm(SubmitFormHelperMixin, forms.ModelForm):
    submit_label = "Ajouter le contact"

    class Meta:
        model = Contact
        fields = ["name", "role", "email", "phone"]
