from django.db import models


class OrganisationKind(models.TextChoices):
    BUYER = "buyer", "donneur d'ordre"
    COMPANY = "company", "entreprise"
    INCLUSIVE = "inclusive", "structure inclusive"
    EMPLOYMENT_PARTNER = "employment_partner", "partenaire emploi"


class BuyerCategory(models.TextChoices):
    """Decides which EU threshold applies to the buyer's contracts."""

    CENTRAL_GOVERNMENT = "etat", "État et ses établissements"
    LOCAL_AUTHORITY = "collectivite", "collectivité territoriale"
    SOCIAL_LANDLORD = "bailleur_social", "bailleur social"
    PUBLIC_ESTABLISHMENT = "etablissement_public", "établissement public local"
    OTHER = "autre", "autre"


class StructureKind(models.TextChoices):
    ACI = "aci", "ACI – atelier et chantier d'insertion"
    AI = "ai", "AI – association intermédiaire"
    EI = "ei", "EI – entreprise d'insertion"
    ETTI = "etti", "ETTI – entreprise de travail temporaire d'insertion"
    EITI = "eiti", "EITI – entreprise d'insertion par le travail indépendant"
    GEIQ = "geiq", "GEIQ – groupement d'employeurs pour l'insertion et la qualification"
    EA = "ea", "EA – entreprise adaptée"
    EATT = "eatt", "EATT – entreprise adaptée de travail temporaire"
    ESAT = "esat", "ESAT – établissement et service d'aide par le travail"
    ESS = "ess", "entreprise de l'ESS"
    PRISON = "prison", "atelier pénitentiaire"

    @classmethod
    def siae(cls):
        return [cls.ACI, cls.AI, cls.EI, cls.ETTI, cls.EITI]


class PartnerKind(models.TextChoices):
    FRANCE_TRAVAIL = "france_travail", "France Travail"
    MISSION_LOCALE = "mission_locale", "Mission locale"
    CAP_EMPLOI = "cap_emploi", "Cap emploi"
    PLIE = "plie", "PLIE"
    DEPARTEMENT = "departement", "Département"
    OTHER = "autre", "autre"
