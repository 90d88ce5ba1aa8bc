"""The report filter shared by /rapports/, the PDFs and the exports: year, buyer, facilitator and nature."""

import django_filters
from django.utils import timezone

from accounts.models import User
from accounts.permissions import reads_figures
from markets.enums import Nature
from markets.filters import YEAR_BOUNDS
from markets.models import Market
from partners.models import Organisation


class ReportFilter(django_filters.FilterSet):
    year = django_filters.NumberFilter(
        label="Année de notification",
        field_name="notification_date",
        lookup_expr="year",
        **YEAR_BOUNDS,
    )
    buyer = django_filters.ModelChoiceFilter(
        label="Donneur d'ordre", queryset=Organisation.objects.buyers(), empty_label="Tous"
    )
    facilitator = django_filters.ModelChoiceFilter(
        label="Facilitateur",
        empty_label="Tous",
        queryset=User.objects.none(),  # the user's colleagues (__init__)
    )
    nature = django_filters.ChoiceFilter(label="Nature", choices=Nature.choices, empty_label="Toutes")

    class Meta:
        model = Market
        fields = ["year", "buyer", "facilitator", "nature"]

    def __init__(self, data=None, *args, user, **kwargs):
        super().__init__(data, *args, queryset=Market.objects.visible_to(user), **kwargs)
        if user.is_buyer_user:
            for name in ("buyer", "facilitator"):
                del self.filters[name]
        elif reads_figures(user):  # the consolidated figures are of a year, every contract of the territories
            for name in ("buyer", "facilitator", "nature"):
                del self.filters[name]
        else:
            self.filters["facilitator"].queryset = User.objects.colleagues_of(user)

    @property
    def report_year(self) -> int:
        """The year of the yearly figures (PNAD share, hours of the year): the filtered one, else this year."""
        year = self.form.is_valid() and self.form.cleaned_data.get("year")
        return int(year) if year else timezone.localdate().year

    @property
    def markets(self):
        """The contracts the report covers (all the visible ones when the filter is not valid)."""
        return self.qs if self.is_valid() else self.queryset

    @property
    def markets_any_year(self):
        """The contracts the other filters select, whatever their year (the survey counts the hours worked
        during the year on contracts notified before it)."""
        if not self.is_valid():
            return self.queryset
        markets = self.queryset
        for name, value in self.form.cleaned_data.items():
            if name != "year":
                markets = self.filters[name].filter(markets, value)
        return markets
