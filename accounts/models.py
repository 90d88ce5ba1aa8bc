from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models


class Role(models.TextChoices):
    FACILITATOR = "facilitator", "facilitateur"
    BUYER = "buyer", "utilisateur d'un donneur d'ordre"
    ADMIN = "admin", "administrateur"


class User(AbstractUser):
    role = models.CharField("rôle", max_length=20, choices=Role.choices, default=Role.FACILITATOR)
    organisation = models.ForeignKey(
        "partners.Organisation",
        verbose_name="donneur d'ordre",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
        help_text="Obligatoire pour un utilisateur de donneur d'ordre, vide sinon.",
    )

    class Meta:
        verbose_name = "utilisateur"
        constraints = [
            models.CheckConstraint(
                name="buyer_user_has_one_organisation",
                condition=(models.Q(role="buyer", organisation__isnull=False) | ~models.Q(role="buyer")),
            ),
        ]

    def __str__(self):
        return self.get_full_name() or self.username

    def clean(self):
        super().clean()
        if self.role == Role.BUYER and not self.organisation_id:
            raise ValidationError(
                {"organisation": "Un utilisateur de donneur d'ordre doit être rattaché à un donneur d'ordre."}
            )
        if self.role != Role.BUYER and self.organisation_id:
            raise ValidationError(
                {"organisation": "Seul un utilisateur de donneur d'ordre est rattaché à un donneur d'ordre."}
            )

    def save(self, *args, **kwargs):
        if self.role == Role.ADMIN:
            self.is_staff = True
        return super().save(*args, **kwargs)

    @property
    def is_buyer_user(self) -> bool:
        return self.role == Role.BUYER

    @property
    def can_edit(self) -> bool:
        """Facilitators and admins do the daily work; buyer users only read."""
        return self.is_authenticated and self.role in (Role.FACILITATOR, Role.ADMIN)
