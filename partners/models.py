from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from stdnum.fr import siret as stdnum_siret

from .enums import BuyerCategory, OrganisationKind, PartnerKind, StructureKind
from .text import fold


def validate_siret(value: str) -> None:
    if not stdnum_siret.is_valid(value):
        raise ValidationError(
            "« %(value)s » n'est pas un SIRET valide : 14 chiffres dont la clé de contrôle est juste.",
            params={"value": value},
            code="invalid_siret",
        )


class OrganisationQuerySet(models.QuerySet):
    def buyers(self):
        return self.filter(kind=OrganisationKind.BUYER)

    def search(self, text: str):
        text = (text or "").strip()
        if not text:
            return self
        digits = text.replace(" ", "")
        condition = Q(search_name__contains=fold(text))
        if digits.isdigit():
            condition |= Q(siret__startswith=digits)
        return self.filter(condition)


class Organisation(models.Model):
    kind = models.CharField("type", max_length=20, choices=OrganisationKind.choices)
    name = models.CharField("nom", max_length=200)
    search_name = models.CharField(max_length=200, editable=False, db_index=True)
    siret = models.CharField(
        "SIRET", max_length=14, null=True, blank=True, unique=True, validators=[validate_siret],
        error_messages={"unique": "Une organisation avec ce SIRET existe déjà."},
    )
    buyer_category = models.CharField(
        "catégorie d'acheteur", max_length=30, choices=BuyerCategory.choices, blank=True,
        help_text="Pour un donneur d'ordre : décide du seuil européen applicable.",
    )
    structure_kind = models.CharField(
        "type de structure inclusive", max_length=20, choices=StructureKind.choices, blank=True
    )
    partner_kind = models.CharField(
        "type de partenaire emploi", max_length=20, choices=PartnerKind.choices, blank=True
    )
    address = models.CharField("adresse", max_length=250, blank=True)
    postcode = models.CharField("code postal", max_length=5, blank=True)
    commune = models.CharField("commune", max_length=120, blank=True)
    notes = models.TextField("notes", blank=True)
    created_at = models.DateTimeField("créée le", auto_now_add=True)

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        verbose_name = "organisation"
        ordering = ["search_name", "pk"]
        indexes = [models.Index(fields=["kind", "search_name"])]
        constraints = [
            models.CheckConstraint(name="buyer_has_category",
                                   condition=~Q(kind="buyer") | ~Q(buyer_category="")),
            models.CheckConstraint(name="inclusive_has_structure_kind",
                                   condition=~Q(kind="inclusive") | ~Q(structure_kind="")),
            models.CheckConstraint(name="partner_has_partner_kind",
                                   condition=~Q(kind="employment_partner") | ~Q(partner_kind="")),
            models.CheckConstraint(name="siret_is_14_digits",
                                   condition=Q(siret__isnull=True) | Q(siret__regex=r"^[0-9]{14}$")),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.siret = (self.siret or "").replace(" ", "") or None
        self.search_name = fold(self.name)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("partners:detail", args=[self.pk])

    @property
    def subkind_label(self) -> str:
        field = {
            OrganisationKind.BUYER: "buyer_category",
            OrganisationKind.INCLUSIVE: "structure_kind",
            OrganisationKind.EMPLOYMENT_PARTNER: "partner_kind",
        }.get(self.kind)
        return getattr(self, f"get_{field}_display")() if field else ""

    def clean(self):
        super().clean()
        required = {
            OrganisationKind.BUYER: ("buyer_category", "Choisissez la catégorie du donneur d'ordre."),
            OrganisationKind.INCLUSIVE: ("structure_kind", "Choisissez le type de structure inclusive."),
            OrganisationKind.EMPLOYMENT_PARTNER: ("partner_kind", "Choisissez le type de partenaire emploi."),
        }
        errors = {}
        if self.kind in required:
            field, message = required[self.kind]
            if not getattr(self, field):
                errors[field] = message
        for field in ("buyer_category", "structure_kind", "partner_kind"):
            if getattr(self, field) and required.get(self.kind, (None,))[0] != field:
                setattr(self, field, "")
        if errors:
            raise ValidationError(errors)



class Contact(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="contacts",
                                     verbose_name="organisation")
    name = models.CharField("nom", max_length=150)
    role = models.CharField("fonction", max_length=150, blank=True)
    email = models.EmailField("courriel", blank=True)
    phone = models.CharField("téléphone", max_length=30, blank=True)

    class Meta:
        verbose_name = "contact"
        ordering = ["name", "pk"]

    def __str__(self):
        return self.name
