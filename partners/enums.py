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


class IdentifierType(models.TextChoices):
    """Identifiers other than the SIRET that DECP files give for contractors (schema 2.0 vocabulary)."""

    TVA = "TVA", "numéro de TVA intracommunautaire"
    TAHITI = "TAHITI", "numéro TAHITI (Polynésie française)"
    RIDET = "RIDET", "numéro RIDET (Nouvelle-Calédonie)"
    FRWF = "FRWF", "numéro FRWF (Wallis-et-Futuna)"
    IREP = "IREP", "numéro IREP"
    HORS_UE = "HORS-UE", "identifiant hors Union européenne"


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


# --- Participants (follow-up of the insertion clauses) ---


class Sex(models.TextChoices):
    FEMALE = "F", "femme"
    MALE = "M", "homme"


class AgeBand(models.TextChoices):
    """Age bands of the reports, from the birth year only (the age reached during the reference year)."""

    UNDER_26 = "moins_26", "moins de 26 ans"
    FROM_26_TO_49 = "26_49", "26 à 49 ans"
    FROM_50 = "50_plus", "50 ans et plus"


class ExitOutcome(models.TextChoices):
    """Outcome at the end of the pathway (IAE typology)."""

    DURABLE_JOB = "emploi_durable", "emploi durable"
    TRANSITION_JOB = "emploi_transition", "emploi de transition"
    POSITIVE_EXIT = "sortie_positive", "sortie positive"
    OTHER = "autre", "autre"


class AccessKind(models.TextChoices):
    """What a user did with participants' data (the access log, partners.access_log)."""

    VIEW = "consultation", "consultation"
    EXPORT = "export", "export"
    RIGHT_OF_ACCESS = "droit_acces", "droit d'accès"
