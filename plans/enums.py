"""Vocabulary of the territorial action plan, with the French labels users read."""

from django.db import models


class Theme(models.TextChoices):
    """Themes an axis of the action plan works on (sheet C1.2, §IV)."""

    EQUALITY = "egalite", "égalité femmes-hommes"
    ILLITERACY = "illettrisme", "lutte contre l'illettrisme"
    RECRUITMENT = "recrutement", "difficultés de recrutement"
    SHORTAGE_JOBS = "metiers_tension", "métiers en tension"
    DISABILITY = "handicap", "handicap"
    YOUTH = "jeunes", "jeunes"
    SENIORS = "seniors", "seniors"
    PRIORITY_AREAS = "qpv", "quartiers prioritaires"
    DIVERSIFICATION = "diversification", "diversification des considérations sociales"


class Metric(models.TextChoices):
    """What an indicator of the action plan measures: computed from the data, or typed in."""

    MANUAL = "manuel", "saisi à la main"
    CONTRACTS = "marches", "marchés suivis"
    CONTRACTS_WITH_CONSIDERATION = "marches_sociaux", "marchés avec au moins une considération sociale"
    CONSIDERATIONS = "considerations", "considérations sociales retenues"
    DIVERSIFIED = "diversifiees", "considérations autres que les heures d'insertion"
    PROGRESS_PLANS = "plans_progres", "plans de progrès"
    HOURS_TARGET = "heures_prevues", "heures d'insertion prévues"
    HOURS_REALISED = "heures_realisees", "heures d'insertion réalisées (validées)"
    ACTIONS = "actions", "actions réalisées"
    PEOPLE_REACHED = "personnes_touchees", "personnes touchées par les actions"
    PARTICIPANTS = "participants", "participants ayant réalisé des heures"
