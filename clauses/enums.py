"""Vocabulary of the social considerations, with the French labels users read."""

from django.db import models

from clauses import recommendations


class Kind(models.TextChoices):
    """The seven social considerations of the sheet C1.2 (the values are those of clauses.recommendations)."""

    INSERTION_HOURS = recommendations.INSERTION_HOURS, "clause sociale d'insertion (heures)"
    SOCIAL_ACTIONS = recommendations.SOCIAL_ACTIONS, "clause d'actions sociales"
    RESERVED_MARKET = recommendations.RESERVED_MARKET, "marché réservé"
    INSERTION_PURCHASE = recommendations.INSERTION_PURCHASE, "achat de prestations d'insertion et de qualification"
    ILLITERACY = recommendations.ILLITERACY, "clause de lutte contre l'illettrisme"
    DIVERSITY = recommendations.DIVERSITY, "clause de promotion de la diversité et de l'égalité"
    PROGRESS_PLAN = recommendations.PROGRESS_PLAN, "plan de progrès"


class LegalBasis(models.TextChoices):
    EXECUTION_CONDITION = "execution", "condition d'exécution (L2112-2)"
    AWARD_CRITERION = "critere", "critère d'attribution"
    RESERVED_DISABILITY = "L2113-12", "réservation aux EA et ESAT (L2113-12)"
    RESERVED_SIAE = "L2113-13", "réservation aux SIAE (L2113-13)"
    RESERVED_PRISON = "L2113-13-1", "réservation au travail en détention (L2113-13-1)"
    RESERVED_ESS = "L2113-15", "réservation aux entreprises de l'ESS (L2113-15)"
    INSERTION_PURCHASE = "achat_insertion", "achat de prestations d'insertion (R2123-1 3°)"

    @classmethod
    def reservations(cls):
        return [cls.RESERVED_DISABILITY, cls.RESERVED_SIAE, cls.RESERVED_PRISON, cls.RESERVED_ESS]


# The legal basis a consideration of each kind usually rests on (pre-fills forms and accepted recommendations).
DEFAULT_LEGAL_BASIS = {
    Kind.INSERTION_HOURS: LegalBasis.EXECUTION_CONDITION,
    Kind.SOCIAL_ACTIONS: LegalBasis.EXECUTION_CONDITION,
    Kind.RESERVED_MARKET: LegalBasis.RESERVED_SIAE,
    Kind.INSERTION_PURCHASE: LegalBasis.INSERTION_PURCHASE,
    Kind.ILLITERACY: LegalBasis.EXECUTION_CONDITION,
    Kind.DIVERSITY: LegalBasis.EXECUTION_CONDITION,
    Kind.PROGRESS_PLAN: LegalBasis.EXECUTION_CONDITION,
}


class Unit(models.TextChoices):
    HOURS = "hours", "heures"
    ACTIONS = "actions", "actions"
    PEOPLE = "people", "personnes"
    POSITIONS = "positions", "postes"
    SHARE = "share", "part du marché (%)"


# The unit a consideration of each kind is usually measured in.
DEFAULT_UNIT = {
    Kind.INSERTION_HOURS: Unit.HOURS,
    Kind.SOCIAL_ACTIONS: Unit.ACTIONS,
    Kind.RESERVED_MARKET: Unit.SHARE,
    Kind.INSERTION_PURCHASE: Unit.POSITIONS,
    Kind.ILLITERACY: Unit.PEOPLE,
    Kind.DIVERSITY: Unit.PEOPLE,
    Kind.PROGRESS_PLAN: Unit.ACTIONS,
}


class ConsiderationStatus(models.TextChoices):
    ENVISAGED = "envisagee", "envisagée"
    RETAINED = "retenue", "retenue, inscrite au DCE"
    IN_PROGRESS = "en_cours", "en cours"
    CLOSED = "soldee", "soldée"
    ABANDONED = "abandonnee", "abandonnée"


class SocialAction(models.TextChoices):
    SITE_VISIT = "visite", "visite de chantier ou de site"
    IMMERSION = "immersion", "immersion en entreprise"
    INTERNSHIP = "stage", "stage"
    TRAINING = "formation", "formation"
    SHORTAGE_JOBS = "metiers_tension", "promotion des métiers en tension, job dating"
    MENTORING = "parrainage", "parrainage"


class Modality(models.TextChoices):
    """How a contractor realises insertion hours."""

    DIRECT_HIRING = "embauche", "embauche directe (CDI, CDD, intérim, apprentissage, professionnalisation)"
    PLACEMENT = "mise_a_disposition", "mise à disposition par une AI, une ETTI ou un GEIQ"
    SUBCONTRACTING = "sous_traitance", "cotraitance ou sous-traitance à une SIAE, une EA ou un ESAT"
    TRAINING = "formation", "formation qualifiante"


class StandaloneReason(models.TextChoices):
    """Why a consideration other than insertion hours stands without an insertion-hours clause (sheet C1.2)."""

    TOO_SMALL = "trop_petit", "marché trop petit pour une clause d'insertion (sous le minimum du territoire)"
    NEW_SECTOR = "nouveau_secteur", "première tentative dans un nouveau secteur professionnel"


class PnadPerimeter(models.TextChoices):
    """Which contracts a year's PNAD share counts."""

    ALL = "tous", "tous les marchés notifiés"
    DECP = "decp", "marchés d'au moins 40 000 € HT (périmètre des DECP et des statistiques nationales)"


class ExemptionReason(models.TextChoices):
    """The cases in which the buyer is not bound to a social execution condition (article L2112-2-1 of the code de
    la commande publique; L3114-2-1 for a concession, which has no 1°): the article of each is
    clauses.thresholds.exemption_grounds."""

    IMMEDIATELY_AVAILABLE = "solution_disponible", "besoin satisfait par une solution immédiatement disponible"
    NO_LINK = "lien", "lien insuffisant avec l'objet du marché"
    COMPETITION = "concurrence", "restriction de la concurrence"
    DIFFICULTY = "difficulte", "exécution techniquement ou économiquement difficile"


# --- EU thresholds and Climat et Résilience (clauses.thresholds) ---


class ThresholdBuyer(models.TextChoices):
    """Who passes the contract, as the EU thresholds tell them apart (directives 2014/24, 2014/25 and 2009/81)."""

    CENTRAL = "central", "autorité publique centrale (État)"
    CONTRACTING_AUTHORITY = "pouvoir_adjudicateur", "autre pouvoir adjudicateur"
    CONTRACTING_ENTITY = "entite_adjudicatrice", "entité adjudicatrice (réseaux)"
    DEFENCE = "defense_securite", "marché de défense ou de sécurité"


class ThresholdPurchase(models.TextChoices):
    """What is bought, as the EU thresholds tell it apart (concessions follow the works threshold)."""

    WORKS = "travaux", "travaux et concessions"
    SUPPLIES = "fournitures", "fournitures"
    SERVICES = "services", "services"
    SOCIAL_SERVICES = "services_sociaux", "services sociaux et autres services spécifiques"


class ClimateStatus(models.TextChoices):
    """Where a contract stands against the Climat et Résilience obligation (clauses.thresholds.climate_status)."""

    NOT_CONCERNED = "non_concerne", "non concerné"
    MISSING_DATA = "donnees_manquantes", "à compléter : montant ou date de lancement inconnus"
    DEFENCE = "defense", "marché de défense ou de sécurité : hors obligation"
    UNKNOWN_THRESHOLD = "seuil_inconnu", "seuil inconnu"
    COMPLIANT = "conforme", "conforme : condition d'exécution sociale"
    EXEMPT = "exempte", "exempté : motif consigné"
    TO_FIX = "a_mettre_en_conformite", "à mettre en conformité"

    @classmethod
    def concerned(cls):
        """The contracts the obligation applies to: at or above their threshold, launched from 22 August 2026."""
        return [cls.COMPLIANT, cls.EXEMPT, cls.TO_FIX]


# --- Follow-up ---
