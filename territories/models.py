"""The facilitation services (territoires de facilitation) one Levier instance serves, and the coordinations that
read their figures from above (a department, a region, the nation)."""

from decimal import Decimal

from django.contrib.postgres.fields import ArrayField
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Exists, Q

# The national defaults a new territory starts from (the sheet's usual values); each service then sets its own.
NATIONAL_DEFAULTS = {"hourly_cost": Decimal("30"), "insertion_rate": Decimal("0.05"), "minimum_hours": 70}
# Under 35 hours an insertion clause is meaningful for no one, whatever the territory (sheet C1.2, § I « Attention » :
# « moins de 35h pour tous et selon le minima du territoire (70 à 150h) »): a territory's minimum never goes below.
MINIMUM_HOURS_FLOOR = 35
MINIMUM_HOURS_MESSAGE = (
    "Le minimum d'heures du territoire ne peut pas descendre sous 35 h : en dessous, une clause d'insertion n'a de "
    "sens pour personne (fiche C1.2, § I « Attention »)."
)

FRACTION_VALIDATORS = [
    MinValueValidator(0, "Une fraction est comprise entre 0 et 1 (0,05 pour 5 %%)."),
    MaxValueValidator(1, "Une fraction est comprise entre 0 et 1 (0,05 pour 5 %%)."),
]
department_code = RegexValidator(
    r"^(0[1-9]|[1-8]\d|9[0-5]|2A|2B|97[1-6])$", "Un code de département : « 37 », « 2A », « 974 »."
)

commune_code = RegexValidator(r"^(\d{5}|2[AB]\d{3})$", "Un code commune INSEE compte 5 caractères : « 37261 ».")


class CountingUnit(models.TextChoices):
    """What a social consideration must cover for a contract to count as having one (the territory's choice)."""

    CONTRACT = "marche", "par marché : une considération sur le marché ou sur l'un de ses lots suffit"
    LOT = "lot", "par lot : chaque lot porte la sienne (ou une considération porte sur tout le marché)"


class Territory(models.Model):
    """A facilitation service (PLIE, maison de l'emploi, collectivité, association) and its own reference data."""

    name = models.CharField("nom", max_length=150, unique=True)
    carrier = models.CharField("structure porteuse", max_length=200)
    departments = ArrayField(
        models.CharField(max_length=3, validators=[department_code]),
        verbose_name="départements couverts",
        default=list,
        blank=True,
        help_text="Codes séparés par des virgules : « 37, 41 ».",
    )
    communes = ArrayField(
        models.CharField(max_length=5, validators=[commune_code]),
        verbose_name="communes couvertes",
        default=list,
        blank=True,
        help_text="Codes INSEE, quand le service ne couvre qu'une partie d'un département.",
    )
    hourly_cost = models.DecimalField(
        "coût horaire moyen chargé (€)",
        max_digits=8,
        decimal_places=2,
        default=NATIONAL_DEFAULTS["hourly_cost"],
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    insertion_rate = models.DecimalField(
        "taux d'insertion par défaut",
        max_digits=5,
        decimal_places=4,
        default=NATIONAL_DEFAULTS["insertion_rate"],
        validators=FRACTION_VALIDATORS,
        help_text="Fraction : 0,05 pour 5 %.",
    )
    minimum_hours = models.PositiveIntegerField(
        "minimum d'heures du territoire",
        default=NATIONAL_DEFAULTS["minimum_hours"],
        validators=[MinValueValidator(MINIMUM_HOURS_FLOOR, MINIMUM_HOURS_MESSAGE)],
        help_text=(
            "En dessous, une clause d'insertion n'a pas de sens : souvent 70 à 150 h, jamais moins de 35 h "
            "(fiche C1.2, § I « Attention »)."
        ),
    )
    counting_unit = models.CharField(
        "décompte des considérations sociales",
        max_length=10,
        choices=CountingUnit.choices,
        default=CountingUnit.CONTRACT,
        help_text=(
            "Par marché, comme les statistiques nationales (DECP, PNAD) : un marché compte dès qu'une considération "
            "est inscrite au DCE sur le marché ou l'un de ses lots. Par lot : un marché alloti ne compte que si "
            "chacun de ses lots en porte une."
        ),
    )
    created_at = models.DateTimeField("créé le", auto_now_add=True)

    class Meta:
        verbose_name = "territoire de facilitation"
        verbose_name_plural = "territoires de facilitation"
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                name="territory_minimum_hours_floor",
                condition=Q(minimum_hours__gte=MINIMUM_HOURS_FLOOR),
                violation_error_message=MINIMUM_HOURS_MESSAGE,
            )
        ]

    def __str__(self):
        return self.name

    @classmethod
    def national_defaults(cls) -> "Territory":
        """An unsaved territory with the national defaults: the calculator's values for a user of no territory."""
        return cls(name="Valeurs nationales", **NATIONAL_DEFAULTS)


class CoordinationLevel(models.TextChoices):
    DEPARTMENT = "department", "départementale"
    REGION = "region", "régionale"
    NATION = "nation", "nationale"


class Coordination(models.Model):
    """A coordination or an observatory that reads the consolidated figures of a set of territories: those chosen
    for a department or a region, every territory for the nation."""

    name = models.CharField("nom", max_length=150, unique=True)
    level = models.CharField("échelon", max_length=20, choices=CoordinationLevel.choices)
    territories = models.ManyToManyField(
        Territory, blank=True, related_name="coordinations", verbose_name="territoires"
    )

    class Meta:
        verbose_name = "coordination"
        ordering = ["name"]

    def __str__(self):
        return f"{self.name} ({self.get_level_display()})"

    @staticmethod
    def territory_ids_of(pk: int) -> list[int]:
        """The territories of coordination ``pk``, in one query: those chosen, or every one for the nation."""
        nation = Coordination.objects.filter(pk=pk, level=CoordinationLevel.NATION)
        chosen = Q(coordinations=pk) | Q(Exists(nation))
        return sorted(Territory.objects.filter(chosen).values_list("pk", flat=True).distinct())
