from django import forms

from clauses.enums import Kind
from markets.forms import DATE_WIDGET, ChildFormMixin
from markets.models import Market
from partners.forms import SubmitFormHelperMixin

from .enums import Theme
from .models import ActionPlan, PlanAxis, PlanIndicator, PlanLine

TEXT = forms.Textarea(attrs={"rows": 3})


class ActionPlanForm(SubmitFormHelperMixin, forms.ModelForm):
    class Meta:
        model = ActionPlan
        fields = [
            "title",
            "area",
            "buyer",
            "start_date",
            "end_date",
            "facilitator",
            "context_partners",
            "context_needs",
            "context_publics",
            "context_priorities",
            "stakeholders",
            "organisation",
            "successes",
            "difficulties",
            "improvements",
        ]
        widgets = {
            "start_date": DATE_WIDGET,
            "end_date": DATE_WIDGET,
            **{
                name: TEXT
                for name in [
                    "context_partners",
                    "context_needs",
                    "context_publics",
                    "context_priorities",
                    "stakeholders",
                    "organisation",
                    "successes",
                    "difficulties",
                    "improvements",
                ]
            },
        }


class PlanAxisForm(ChildFormMixin, SubmitFormHelperMixin, forms.ModelForm):
    parent_field = "plan"
    themes = forms.MultipleChoiceField(
        label="Thèmes", choices=Theme.choices, required=False, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = PlanAxis
        fields = ["number", "title", "objectives", "target_publics", "themes"]
        widgets = {"objectives": TEXT, "target_publics": TEXT}


class PlanLineForm(ChildFormMixin, SubmitFormHelperMixin, forms.ModelForm):
    parent_field = "plan"
    kinds = forms.MultipleChoiceField(
        label="Considérations à mobiliser", choices=Kind.choices, required=False, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = PlanLine
        fields = ["market", "kinds", "notes"]
        widgets = {"notes": TEXT}

    def __init__(self, *args, parent, **kwargs):
        super().__init__(*args, parent=parent, **kwargs)
        markets = Market.objects.filter(territory=parent.territory_id)
        if parent.buyer_id:
            markets = markets.filter(buyer_id=parent.buyer_id)
        self.fields["market"].queryset = markets.select_related("buyer").order_by("reference")


class PlanIndicatorForm(ChildFormMixin, SubmitFormHelperMixin, forms.ModelForm):
    parent_field = "plan"

    class Meta:
        model = PlanIndicator
        fields = ["label", "metric", "target", "manual_actual"]
