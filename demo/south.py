"""The second demo territory: the Maison de l'emploi du Sud Touraine (Loches, Chinon, Descartes), same region as
the first. Its own buyers, companies and contracts, and some of the first one's: the social landlord and the
State's road service buy in both, the road builder and the GEIQ work in both (the same Organisation rows).
Participant codes repeat the first territory's: they are unique per territory. Same layout as demo/territory.py,
demo/clauses.py and demo/followup.py."""

from datetime import date
from decimal import Decimal

from clauses.enums import ConsiderationStatus, Kind, LegalBasis, Modality, SocialAction, Unit

BUYERS = [
    # (key, name, category, siret number, postcode, commune)
    ("loches", "Communauté de communes Loches Sud Touraine", "collectivite", 21370101, "37600", "Loches"),
    ("chinon", "Ville de Chinon", "collectivite", 21370102, "37500", "Chinon"),
    ("hopital-chinon", "Centre hospitalier du Chinonais", "etablissement_public", 26370103, "37500", "Chinon"),
]
COMPANIES = [
    ("BTP Lochois", 40000111, "37600", "Loches"),
    ("Électricité du Chinonais", 40000112, "37500", "Chinon"),
    ("Plâtrerie Sud Touraine", 40000113, "37160", "Descartes"),
]
INCLUSIVE_STRUCTURES = [
    ("Chantier d'insertion du Lochois", "aci", 50000131, "37600", "Loches"),
]
EMPLOYMENT_PARTNERS = [
    (
        "France Travail Loches",
        "france_travail",
        "37600",
        "Loches",
        [("Marion Chauvin", "conseillère entreprises", "m.chauvin@example.org", "02 47 00 20 01")],
    ),
    (
        "Mission locale du Chinonais",
        "mission_locale",
        "37500",
        "Chinon",
        [("Bastien Royer", "conseiller insertion", "b.royer@example.org", "02 47 00 20 02")],
    ),
]
BUYER_CONTACTS = {
    "loches": [("Sylvie Carré", "responsable de la commande publique", "s.carre@example.org", "02 47 00 21 01")],
    "chinon": [("Olivier Masson", "directeur général des services", "o.masson@example.org", "02 47 00 21 02")],
}

D = date
# as demo/territory.py MARKETS; "bailleur" and "etat" are the first territory's buyers
MARKETS = [
    (
        "loches",
        "CCLST-2026-004",
        "Construction de la maison de santé de Descartes",
        "travaux",
        "marche",
        "Appel d'offres ouvert",
        "45215100-8",
        Decimal("2400000"),
        18,
        D(2025, 11, 10),
        D(2026, 2, 16),
        D(2026, 3, 2),
        D(2027, 8, 31),
        "execution",
        [
            (
                1,
                "Gros œuvre",
                Decimal("1100000"),
                "45262500-6",
                [
                    ("BTP Lochois", "titulaire", Decimal("1000000")),
                    ("GEIQ BTP Centre", "sous_traitant", Decimal("100000")),
                ],
            ),
            (
                2,
                "Électricité",
                Decimal("400000"),
                "45310000-3",
                [("Électricité du Chinonais", "titulaire", Decimal("400000"))],
            ),
            (
                3,
                "Plâtrerie et peinture",
                Decimal("300000"),
                "45410000-4",
                [("Plâtrerie Sud Touraine", "titulaire", Decimal("300000"))],
            ),
        ],
    ),
    (
        "etat",
        "DIRCO-24-087",
        "Réfection de la RN 10 à Sainte-Maure-de-Touraine",
        "travaux",
        "marche",
        "Appel d'offres ouvert",
        "45233142-6",
        Decimal("1300000"),
        12,
        D(2023, 12, 1),
        D(2024, 3, 1),
        D(2024, 4, 1),
        D(2025, 3, 31),
        "clos",
        [
            (
                1,
                "Chaussée",
                Decimal("1300000"),
                "45233142-6",
                [("Routes et Ouvrages du Centre", "titulaire", Decimal("1300000"))],
            )
        ],
    ),
    (
        "hopital-chinon",
        "CHC-2026-02",
        "Entretien des espaces verts du centre hospitalier",
        "services",
        "marche",
        "Procédure adaptée",
        "77310000-6",
        Decimal("120000"),
        36,
        D(2025, 12, 1),
        D(2026, 2, 2),
        D(2026, 3, 1),
        D(2029, 2, 28),
        "execution",
        [
            (
                1,
                "Entretien des espaces verts",
                Decimal("120000"),
                "77310000-6",
                [("Chantier d'insertion du Lochois", "titulaire", Decimal("120000"))],
            )
        ],
    ),
    (
        "bailleur",
        "VLH-2026-033",
        "Réhabilitation de 36 logements – résidence Les Tanneries à Loches",
        "travaux",
        "marche",
        "Appel d'offres ouvert",
        "45453000-7",
        Decimal("1600000"),
        14,
        D(2026, 10, 5),
        None,
        None,
        None,
        "consultation",
        [],
    ),
    (
        "chinon",
        "CHINON-2027-02",
        "Restauration des remparts de la forteresse – tranche 2",
        "travaux",
        "marche",
        "Appel d'offres ouvert",
        "45454100-5",
        Decimal("1800000"),
        16,
        D(2027, 2, 1),
        None,
        None,
        None,
        "preparation",
        [],
    ),
    (
        "loches",
        "CCLST-2027-001",
        "Collecte et transport des déchets ménagers",
        "services",
        "marche",
        "Appel d'offres ouvert",
        "90511000-2",
        Decimal("2900000"),
        72,
        D(2027, 4, 1),
        None,
        None,
        None,
        "programme",
        [],
    ),
]

ALL_PUBLICS = ["de-longue-duree", "minima-sociaux", "rqth", "jeunes", "seniors", "qpv", "siae-geiq", "avis-motive"]
# as demo/clauses.py CONSIDERATIONS; the hours at this territory's values (28 € an hour, 7 %)
CONSIDERATIONS = [
    (
        "CCLST-2026-004",
        Kind.INSERTION_HOURS,
        None,
        {
            "legal_basis": LegalBasis.EXECUTION_CONDITION,
            "target": Decimal("2100"),
            "unit": Unit.HOURS,
            "objective": "Réserver 7 % des heures du chantier à des publics en insertion.",
            "penalty_per_unit": Decimal("50"),
            "status": ConsiderationStatus.IN_PROGRESS,
            "calc_amount": Decimal("2400000"),
            "calc_labour_share": Decimal("0.35"),
            "calc_hourly_cost": Decimal("28"),
            "calc_insertion_rate": Decimal("0.07"),
            "modalities": [Modality.DIRECT_HIRING, Modality.PLACEMENT, Modality.SUBCONTRACTING],
        },
        ALL_PUBLICS,
    ),
    (
        "CCLST-2026-004",
        Kind.SOCIAL_ACTIONS,
        1,
        {
            "legal_basis": LegalBasis.EXECUTION_CONDITION,
            "target": Decimal("2"),
            "unit": Unit.ACTIONS,
            "objective": "Faire découvrir les métiers du bâtiment aux jeunes du Sud Touraine.",
            "link_justification": "Visites du chantier de la maison de santé, dans les équipes du lot 1.",
            "actions_offered": [SocialAction.SITE_VISIT, SocialAction.INTERNSHIP],
            "actions_quantity": 2,
            "status": ConsiderationStatus.IN_PROGRESS,
        },
        ["jeunes"],
    ),
    (
        "DIRCO-24-087",
        Kind.INSERTION_HOURS,
        None,
        {
            "legal_basis": LegalBasis.EXECUTION_CONDITION,
            "target": Decimal("1300"),
            "unit": Unit.HOURS,
            "penalty_per_unit": Decimal("40"),
            "status": ConsiderationStatus.CLOSED,
            "calc_amount": Decimal("1300000"),
            "calc_labour_share": Decimal("0.40"),
            "calc_hourly_cost": Decimal("28"),
            "calc_insertion_rate": Decimal("0.07"),
            "modalities": [Modality.PLACEMENT],
        },
        ALL_PUBLICS,
    ),
    (
        "CHC-2026-02",
        Kind.RESERVED_MARKET,
        None,
        {
            "legal_basis": LegalBasis.RESERVED_SIAE,
            "unit": Unit.SHARE,
            "target": Decimal("100"),
            "objective": "Réserver l'entretien des espaces verts aux structures d'insertion.",
            "reserved_structures": ["aci", "ei"],
            "status": ConsiderationStatus.IN_PROGRESS,
        },
        [],
    ),
]

# as demo/followup.py PARTICIPANTS, HOURS and ACTIONS
PARTICIPANTS = [
    (
        "P-0001",
        "Mathis",
        "Chevallier",
        "M",
        2004,
        "37600",
        False,
        ["jeunes"],
        "Mission locale du Chinonais",
        date(2026, 3, 2),
        "",
        None,
    ),
    (
        "P-0002",
        "Christelle",
        "Pasquier",
        "F",
        1978,
        "37160",
        False,
        ["minima-sociaux"],
        "France Travail Loches",
        date(2026, 3, 2),
        "",
        None,
    ),
    (
        "P-0003",
        "Abdel",
        "Mansouri",
        "M",
        1991,
        "37500",
        True,
        ["siae-geiq", "qpv"],
        "France Travail Loches",
        date(2026, 5, 4),
        "",
        None,
    ),
    (
        "P-0004",
        "Didier",
        "Poirier",
        "M",
        1968,
        "37800",
        False,
        ["seniors", "de-longue-duree"],
        "France Travail Loches",
        date(2024, 4, 2),
        "emploi_durable",
        date(2025, 3, 31),
    ),
    (
        "P-0005",
        "Laetitia",
        "Rivière",
        "F",
        1996,
        "37220",
        False,
        ["rqth"],
        "Cap emploi 37",
        date(2024, 4, 2),
        "sortie_positive",
        date(2025, 3, 31),
    ),
]
HOURS = [
    ("CCLST-2026-004", 1, "BTP Lochois", "cdd", ["P-0001", "P-0002"], ((2026, 3), None), "75"),
    ("CCLST-2026-004", 1, "GEIQ BTP Centre", "geiq", ["P-0003"], ((2026, 5), None), "90"),
    ("DIRCO-24-087", 1, "Routes et Ouvrages du Centre", "interim", ["P-0004", "P-0005"], ((2024, 4), (2025, 3)), "60"),
]
ACTIONS = [
    (
        "CCLST-2026-004",
        Kind.SOCIAL_ACTIONS,
        1,
        date(2026, 6, 18),
        SocialAction.SITE_VISIT,
        "BTP Lochois",
        10,
        4,
        ["P-0001"],
        "Visite du chantier de la maison de santé avec la Mission locale du Chinonais.",
        "feuille d'émargement",
    ),
]
