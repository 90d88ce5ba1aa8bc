from django.db import models


class Nature(models.TextChoices):
    WORKS = "travaux", "travaux"
    SUPPLIES = "fournitures", "fournitures"
    SERVICES = "services", "services"


class ContractType(models.TextChoices):
    MARKET = "marche", "marché"
    FRAMEWORK = "accord_cadre", "accord-cadre"
    CONCESSION = "concession", "concession"
    PARTNERSHIP = "partenariat", "marché de partenariat"


class Procedure(models.TextChoices):
    """The DECP 2.0 vocabulary."""

    ADAPTED = "Procédure adaptée", "procédure adaptée"
    OPEN = "Appel d'offres ouvert", "appel d'offres ouvert"
    RESTRICTED = "Appel d'offres restreint", "appel d'offres restreint"
    NEGOTIATED_NOTICE = "Procédure avec négociation", "procédure avec négociation"
    NEGOTIATED_NO_NOTICE = (
        "Marché passé sans publicité ni mise en concurrence préalable",
        "marché sans publicité ni mise en concurrence préalable",
    )
    DIALOGUE = "Dialogue compétitif", "dialogue compétitif"
    # concessions (DECP 2.0 contrat-concession vocabulary)
    CONCESSION_NEGOTIATED_OPEN = "Procédure négociée ouverte", "concession : procédure négociée ouverte"
    CONCESSION_OPEN = "Procédure non négociée ouverte", "concession : procédure non négociée ouverte"
    CONCESSION_NEGOTIATED_RESTRICTED = "Procédure négociée restreinte", "concession : procédure négociée restreinte"
    CONCESSION_RESTRICTED = "Procédure non négociée restreinte", "concession : procédure non négociée restreinte"


class Status(models.TextChoices):
    PLANNED = "programme", "programmé"
    PREPARATION = "preparation", "en préparation"
    PUBLISHED = "consultation", "consultation publiée"
    AWARDED = "attribue", "attribué"
    EXECUTION = "execution", "en exécution"
    CLOSED = "clos", "clos"
    ABANDONED = "abandonne", "abandonné"

    @classmethod
    def under_review(cls):
        """Contracts whose considerations can still be decided (the market review)."""
        return [cls.PLANNED, cls.PREPARATION]


class ContractorRole(models.TextChoices):
    HOLDER = "titulaire", "titulaire"
    CO_CONTRACTOR = "cotraitant", "cotraitant"
    SUBCONTRACTOR = "sous_traitant", "sous-traitant"


class Origin(models.TextChoices):
    """Where a contract comes from: typed in Levier or imported from the DECP open data."""

    MANUAL = "saisie", "saisi dans Levier"
    DECP = "decp", "DECP"
