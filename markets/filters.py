import django_filters
from django.db.models import Q

from accounts.models import User
from partners.models import Organisation

from .enums import Nature, Status
from .models import Market

SORTS = {
    "recent": ("-created_at", "-pk"),
    "reference": ("reference", "pk"),
    "montant": ("-amount", "pk"),
    "notification": ("-notification_date", "-pk"),
    "acheteur": ("buyer__search_name", "pk"),
}


# A year outside these is refused by the form (a French error), never sent to the database: year 0 or 10000 would
# make the ``__year`` lookup fail.
YEAR_MIN, YEAR_MAX = 2000, 2100
YEAR_BOUNDS = {"min_value": YEAR_MIN, "max_value": YEAR_MAX, "decimal_places": 0}


class MarketFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label="Rechercher (objet ou référence)", method="search")
    buyer = django_filters.ModelChoiceFilter(
        label="Donneur d'ordre", queryset=Organisation.objects.buyers(), empty_label="Tous"
    )
    status = django_filters.ChoiceFilter(label="Statut", choices=Status.choices, empty_label="Tous")
    nature = django_filters.ChoiceFilter(label="Nature", choices=Nature.choices, empty_label="Toutes")
    year = django_filters.NumberFilter(
        label="Année de notification", field_name="notification_date", lookup_expr="year", **YEAR_BOUNDS
    )
    facilitator = django_filters.ModelChoiceFilter(
        label="Facilitateur",
        empty_label="Tous",
        queryset=User.objects.none(),  # the user's colleagues (__init__)
    )
    amount_min = django_filters.NumberFilter(label="Montant HT min. (€)", field_name="amount", lookup_expr="gte")
    amount_max = django_filters.NumberFilter(label="Montant HT max. (€)", field_name="amount", lookup_expr="lte")
    sort = django_filters.ChoiceFilter(
        label="Trier par",
        method="sort_by",
        empty_label="Plus récents",
        choices=[
            ("reference", "référence"),
            ("montant", "montant décroissant"),
            ("notification", "notification la plus récente"),
            ("acheteur", "donneur d'ordre"),
        ],
    )

    class Meta:
        model = Market
        fields = ["q", "buyer", "status", "nature", "year", "facilitator", "amount_min", "amount_max", "sort"]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        if user is not None and user.is_buyer_user:
            for name in ("buyer", "facilitator"):
                del self.filters[name]
        elif user is not None:
            self.filters["facilitator"].queryset = User.objects.colleagues_of(user)

    def search(self, queryset, name, value):
        return queryset.filter(Q(object__icontains=value) | Q(reference__icontains=value))

    def sort_by(self, queryset, name, value):
        return queryset.order_by(*SORTS.get(value, SORTS["recent"]))
