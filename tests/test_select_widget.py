"""templates/django/forms/widgets/select.html writes its options inline: the HTML is Django's, faster."""

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates, get_default_renderer

CHOICES = [("", "---------"), (1, "Ville d'Arles"), ("Bailleurs", [(2, "Habitat <13>"), (3, "Logis & Cie")])]


@pytest.mark.parametrize(
    "widget, value, expected",
    [
        (
            forms.Select(choices=CHOICES, attrs={"class": "form-select", "required": True}),
            "2",
            '<option value="2" selected>Habitat &lt;13&gt;</option>',
        ),
        (
            forms.SelectMultiple(choices=CHOICES, attrs={"disabled": False}),
            ["1", "3"],
            '<option value="3" selected>Logis &amp; Cie</option>',
        ),
        (forms.NullBooleanSelect(), None, '<option value="unknown" selected>Inconnu</option>'),
    ],
)
def test_the_inline_select_renders_what_django_renders(widget, value, expected):
    assert get_default_renderer().__class__.__name__ == "TemplatesSetting"
    ours = widget.render("buyer", value)
    assert ours == widget.render("buyer", value, renderer=DjangoTemplates())
    assert expected in ours
