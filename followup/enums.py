"""Vocabulary of the follow-up, with the French labels users read."""

from django.db import models

from clauses.enums import Modality


class ModalityDetail(models.TextChoices):
    """How exactly the hours were worked; each detail belongs to one Modality (its conversion rule)."""

    CDI = "cdi", "embauche en CDI"
    CDD = "cdd", "embauche en CDD"
    TEMP_WORK = "interim", "intérim"
    APPRENTICESHIP = "apprentissage", "contrat d'apprentissage"
    PROFESSIONALISATION = "professionnalisation", "contrat de professionnalisation"
    AI = "ai", "mise à disposition par une AI"
    ETTI = "etti", "mise à disposition par une ETTI"
    GEIQ = "geiq", "mise à disposition par un GEIQ"
    SIAE = "siae", "cotraitance ou sous-traitance à une SIAE"
    EA = "ea", "cotraitance ou sous-traitance à une EA"
    ESAT = "esat", "cotraitance ou sous-traitance à un ESAT"
    TRAINING = "formation", "formation qualifiante"


MODALITY_OF_DETAIL = {
    **dict.fromkeys(
        [
            ModalityDetail.CDI,
            ModalityDetail.CDD,
            ModalityDetail.TEMP_WORK,
            ModalityDetail.APPRENTICESHIP,
            ModalityDetail.PROFESSIONALISATION,
        ],
        Modality.DIRECT_HIRING,
    ),
    **dict.fromkeys([ModalityDetail.AI, ModalityDetail.ETTI, ModalityDetail.GEIQ], Modality.PLACEMENT),
    **dict.fromkeys([ModalityDetail.SIAE, ModalityDetail.EA, ModalityDetail.ESAT], Modality.SUBCONTRACTING),
    ModalityDetail.TRAINING: Modality.TRAINING,
}


class HoursStatus(models.TextChoices):
    """Declared by the company (or entered), then validated or rejected (with a reason) by the facilitator; a
    validated line is un-validated (with a reason) to be corrected. Only validated lines make the realised."""

    DECLARED = "declaree", "déclarée"
    VALIDATED = "validee", "validée"
    REJECTED = "rejetee", "rejetée"


class Evaluation(models.TextChoices):
    ACHIEVED = "atteint", "atteint"
    PARTLY = "partiel", "partiellement atteint"
    NOT_ACHIEVED = "non_atteint", "non atteint"


class ProgressStatus(models.TextChoices):
    ON_TRACK = "dans_les_temps", "dans les temps"
    LATE = "en_retard", "en retard"
    ACHIEVED = "atteint", "objectif atteint"
    SHORTFALL = "non_atteint", "objectif non atteint"
    NOT_STARTED = "pas_commence", "pas encore commencé"  # no contractor or no start date yet: neither late nor due


class PenaltyChoice(models.TextChoices):
    APPLY = "appliquee", "pénalité appliquée"
    WAIVE = "renonciation", "renonciation motivée"


class PenaltyStep(models.TextChoices):
    """Where a penalty procedure stands (followup.penalties): each step follows the previous one."""

    NOTIFIED = "mise_en_demeure", "mise en demeure envoyée, réponse attendue"
    ANSWERED = "reponse", "réponse de l'entreprise reçue"
    NO_ANSWER = "sans_reponse", "pas de réponse dans le délai"
    DECIDED = "decision", "décision prise"


class Eligibility(models.TextChoices):
    """How an hours line counts, judged by the hiring in force in its month (followup.eligibility)."""

    ELIGIBLE = "eligible", "éligible"
    INELIGIBLE = "non_eligible", "non éligible"
    TO_CHECK = "a_verifier", "éligibilité à vérifier"


class ProofKind(models.TextChoices):
    """The proof of eligibility the facilitator saw when the person was hired."""

    FRANCE_TRAVAIL = "france_travail", "attestation d'inscription à France Travail"
    RSA = "rsa", "attestation de droits au RSA ou à l'ASS (CAF, MSA)"
    RQTH = "rqth", "notification de RQTH (MDPH)"
    IAE = "iae", "éligibilité IAE (diagnostic, parcours en SIAE)"
    QPV = "qpv", "justificatif de domicile en QPV"
    PRESCRIBER = "prescripteur", "fiche de liaison d'un prescripteur"
    SCHOOL = "scolarite", "justificatif de niveau de formation"
    OTHER = "autre", "autre pièce"
    MIGRATED = "reprise", "non renseigné (reprise des données)"
