"""The clause to paste into the CCAP, in French: the same sections for the printable page and the .docx."""

import io
from dataclasses import dataclass

from django.template.defaultfilters import floatformat
from docx import Document
from docx.shared import Pt

from .enums import Kind, Unit


@dataclass(frozen=True)
class Section:
    title: str
    paragraphs: list[str]


def _number(value) -> str:
    return floatformat(value, "-2g")


def hours_calculation(amount, labour_share, hourly_cost, insertion_rate, hours) -> str:
    """« 1 000 000 € HT × 50 % de main-d'œuvre × 5 % d'insertion ÷ 30 € de coût horaire moyen = 833 h »."""
    return (
        f"{_number(amount)} € HT × {_number(labour_share * 100)} % de main-d'œuvre × "
        f"{_number(insertion_rate * 100)} % d'insertion ÷ {_number(hourly_cost)} € de coût horaire moyen = "
        f"{_number(hours)} h"
    )


def consideration_calculation(consideration) -> str | None:
    """The calculation of an insertion-hours clause, None while one of its four values is missing."""
    hours = consideration.computed_hours()
    if hours is None:
        return None
    return hours_calculation(
        consideration.calc_amount,
        consideration.calc_labour_share,
        consideration.calc_hourly_cost,
        consideration.calc_insertion_rate,
        hours,
    )


def objective_and_calculation(consideration) -> str | None:
    """« objectif retenu : 600 h ; calcul : 833 h » when the facilitator's objective differs from the calculation
    (a figure negotiated with the buyer), None when they agree or one of them is missing."""
    hours = consideration.computed_hours()
    target = consideration.target
    if hours is None or target is None or consideration.unit != Unit.HOURS or target == hours:
        return None
    return f"objectif retenu : {_number(target)} h ; calcul : {_number(hours)} h"


def objective_text(consideration) -> str:
    """The objective as the pages show it: « 833 heures », or both figures when they differ."""
    differing = objective_and_calculation(consideration)
    return differing[0].upper() + differing[1:] if differing else _target(consideration)


def _target(consideration) -> str:
    if consideration.target is None:
        return "à définir"
    unit = consideration.get_unit_display() if consideration.unit else ""
    if consideration.unit == Unit.SHARE:
        return f"{_number(consideration.target)} % du montant du marché"
    return f"{_number(consideration.target)} {unit}".strip()


def _scope(consideration) -> list[str]:
    market = consideration.market
    lot = consideration.lot
    where = f"au lot {lot.number} « {lot.title} » du marché" if lot else "à l'ensemble du marché"
    paragraphs = [
        f"La présente clause ({consideration.get_kind_display()}) s'applique {where} {market.reference} "
        f"« {market.object} » passé par {market.buyer}. {_legal_bases(consideration)}",
        "Elle s'applique à l'ensemble des moyens humains mis à disposition par le titulaire, ses cotraitants et "
        "ses sous-traitants pour l'exécution des prestations.",
    ]
    if consideration.objective:
        paragraphs.append(f"Objectif : {consideration.objective}")
    if consideration.link_justification:
        paragraphs.append(f"Lien avec l'objet du marché : {consideration.link_justification}")
    return paragraphs


def _legal_bases(consideration) -> str:
    labels = consideration.legal_basis_labels
    if len(labels) == 1:
        return f"Son fondement juridique est : {labels[0]}."
    return f"Ses fondements juridiques sont : {' et '.join(labels)}."


def _contact(consideration) -> list[str]:
    facilitator = consideration.market.facilitator
    if facilitator is None:
        return [
            "Le facilitateur de la clause sociale du territoire accompagne le titulaire ; ses coordonnées "
            "sont communiquées à la notification."
        ]
    email = f", {facilitator.email}" if facilitator.email else ""
    return [
        f"Le titulaire prend contact avec le facilitateur de la clause sociale, {facilitator}{email}, dès la "
        "notification. Le facilitateur l'aide à identifier les personnes éligibles, valide leur éligibilité "
        "et assure le suivi de la clause."
    ]


def _publics(consideration) -> list[str]:
    if consideration.kind == Kind.RESERVED_MARKET:
        structures = ", ".join(consideration.structure_labels) or "à préciser"
        return [f"La consultation est réservée aux structures suivantes : {structures}."]
    categories = list(consideration.eligible_categories.all())
    if not categories:
        return ["Les publics éligibles sont ceux de la clause sociale du CCAG applicable."]
    source = consideration.eligible_list.source if consideration.eligible_list else "CCAG"
    return [
        f"Sont éligibles les personnes relevant de l'une des catégories suivantes ({source}) :",
        *[
            f"– {category.label}" + (f" (justificatif : {category.proof})" if category.proof else "")
            for category in categories
        ],
    ]


def _volume(consideration) -> list[str]:
    paragraphs = [f"Objectif chiffré : {_target(consideration)}."]
    kind = consideration.kind
    calculation = consideration_calculation(consideration) if kind == Kind.INSERTION_HOURS else None
    if objective_and_calculation(consideration):
        paragraphs.append(
            f"{objective_text(consideration)} ({calculation}). L'objectif retenu avec l'acheteur est celui qui "
            "engage le titulaire."
        )
    elif calculation:
        paragraphs.append(f"Calcul : {calculation}.")
    if kind == Kind.SOCIAL_ACTIONS and consideration.actions_quantity:
        paragraphs.append(f"Le titulaire réalise au moins {consideration.actions_quantity} action(s).")
    if kind == Kind.INSERTION_PURCHASE:
        details = [
            ("activité support", consideration.support_activity),
            ("postes", consideration.positions),
            ("heures de parcours", consideration.purchase_hours),
            ("objectifs de qualification", consideration.qualification_targets),
        ]
        paragraphs += [f"{label.capitalize()} : {value}." for label, value in details if value]
    if kind in (Kind.ILLITERACY, Kind.DIVERSITY) and consideration.commitments:
        paragraphs.append(f"Engagements : {consideration.commitments}")
    if kind == Kind.PROGRESS_PLAN:
        paragraphs += [
            f"Axe « {theme} » : {objective or 'objectif à fixer'}." for theme, objective in consideration.axes
        ]
    return paragraphs


def _realisation(consideration) -> list[str]:
    kind = consideration.kind
    if kind == Kind.INSERTION_HOURS:
        modalities = consideration.modality_labels or ["toute modalité validée par le facilitateur"]
        return ["Le titulaire peut réaliser ses heures par :", *[f"– {label}" for label in modalities]]
    if kind == Kind.SOCIAL_ACTIONS:
        choice = (
            "Le titulaire choisit parmi les actions suivantes :"
            if consideration.contractor_chooses
            else "Le titulaire réalise les actions suivantes :"
        )
        return [
            choice,
            *[f"– {label}" for label in consideration.action_labels],
            "Les actions se déroulent sur le site du marché ou portent sur les métiers du marché.",
        ]
    if kind in (Kind.ILLITERACY, Kind.DIVERSITY):
        paragraphs = [consideration.required_actions] if consideration.required_actions else []
        if consideration.local_partner:
            paragraphs.append(f"Le titulaire s'appuie sur le partenaire local : {consideration.local_partner}.")
        return paragraphs or ["Les actions sont définies avec le facilitateur au démarrage du marché."]
    if kind == Kind.PROGRESS_PLAN:
        return [
            "Chaque année, le titulaire et l'acheteur, avec le facilitateur, définissent un plan d'actions sur "
            "ces axes puis l'évaluent."
        ]
    if kind == Kind.INSERTION_PURCHASE:
        return [
            "L'insertion et la qualification professionnelle des personnes sont l'objet même du marché ; "
            "l'activité support en est le moyen."
        ]
    return ["Le marché est exécuté par une structure bénéficiaire de la réservation."]


def _follow_up(consideration) -> list[str]:
    return [
        "Le titulaire transmet au facilitateur, chaque mois et à la fin du marché, l'état de réalisation "
        "(personnes, heures ou actions, modalités) et les justificatifs : contrats de travail, attestations "
        "de mise à disposition, feuilles de présence ou comptes rendus d'action. Le facilitateur en rend "
        "compte à l'acheteur."
    ]


def _penalties(consideration) -> list[str]:
    if consideration.kind == Kind.RESERVED_MARKET:
        return ["Sans objet : la réservation porte sur l'attribution du marché."]
    if not consideration.penalty_per_unit:
        return ["Aucune pénalité n'est encore prévue : à compléter avant publication."]
    unit = f" ({consideration.get_unit_display()})" if consideration.unit else ""
    return [
        f"Après mise en demeure restée sans effet, le titulaire qui n'atteint pas l'objectif se voit appliquer "
        f"une pénalité de {_number(consideration.penalty_per_unit)} € par unité manquante{unit}."
    ]


def clause_sections(consideration) -> list[Section]:
    return [
        Section("Objet et périmètre", _scope(consideration)),
        Section("Contact du facilitateur", _contact(consideration)),
        Section("Publics éligibles", _publics(consideration)),
        Section("Volume et objectifs", _volume(consideration)),
        Section("Modalités de réalisation", _realisation(consideration)),
        Section("Suivi et justificatifs", _follow_up(consideration)),
        Section("Pénalités", _penalties(consideration)),
    ]


def clause_title(consideration) -> str:
    return f"Clause sociale – {consideration.get_kind_display()}"


def clause_docx(consideration) -> bytes:
    document = Document()
    document.styles["Normal"].font.name = "Source Sans 3"
    document.styles["Normal"].font.size = Pt(11)
    document.core_properties.title = clause_title(consideration)
    document.core_properties.language = "fr-FR"
    document.add_heading(clause_title(consideration), level=1)
    document.add_paragraph(f"{consideration.market.reference} – {consideration.market.object}")
    for number, section in enumerate(clause_sections(consideration), start=1):
        document.add_heading(f"{number}. {section.title}", level=2)
        for paragraph in section.paragraphs:
            document.add_paragraph(paragraph)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
