"""A fictional but realistic French territory: the agglomeration of Val-de-Loire Est."""

from datetime import date
from decimal import Decimal

BUYERS = [
    # (key, name, category, siret number, postcode, commune)
    ("ville", "Ville de Saint-Aubin-sur-Loire", "collectivite", 21370001, "37100", "Saint-Aubin-sur-Loire"),
    ("bailleur", "Val de Loire Habitat (OPH)", "bailleur_social", 27370002, "37000", "Tours"),
    ("etat", "DIR Centre-Ouest – service des routes", "etat", 13000003, "37000", "Tours"),
    ("hopital", "Centre hospitalier de Saint-Aubin", "etablissement_public", 26370004, "37100",
     "Saint-Aubin-sur-Loire"),
]

COMPANIES = [
    ("Bâtiments Ligériens SAS", 40000011, "37000", "Tours"),
    ("Maçonnerie Martin & Fils", 40000012, "37100", "Saint-Aubin-sur-Loire"),
    ("Peintures de Touraine", 40000013, "37300", "Joué-lès-Tours"),
    ("Électricité Val-de-Loire", 40000014, "37170", "Chambray-lès-Tours"),
    ("Routes et Ouvrages du Centre", 40000015, "45000", "Orléans"),
    ("Propreté Services 37", 40000016, "37000", "Tours"),
    ("Restauration Collective Loire", 40000017, "37100", "Saint-Aubin-sur-Loire"),
    ("Menuiseries Chevalier", 40000018, "37400", "Amboise"),
    ("Espaces Verts Dupont", 40000019, "37250", "Montbazon"),
    ("Informatique Centre Services", 40000020, "37200", "Tours"),
    ("Charpentes Métalliques Rousseau", 40000021, "41000", "Blois"),
    ("Plomberie Chauffage Lefèvre", 40000022, "37100", "Saint-Aubin-sur-Loire"),
]

INCLUSIVE_STRUCTURES = [
    ("Jardins de Cocagne du Cher", "aci", 50000031, "37270", "Montlouis-sur-Loire"),
    ("Trait d'Union Intérim (ETTI)", "etti", 50000032, "37000", "Tours"),
    ("Envie Touraine", "ei", 50000033, "37700", "Saint-Pierre-des-Corps"),
    ("GEIQ BTP Centre", "geiq", 50000034, "37000", "Tours"),
    ("Entreprise adaptée Ateliers Saint-Aubin", "ea", 50000035, "37100", "Saint-Aubin-sur-Loire"),
    ("ESAT Les Tilleuls", "esat", 50000036, "37500", "Chinon"),
    ("Association Solidarité Emploi (AI)", "ai", 50000037, "37100", "Saint-Aubin-sur-Loire"),
]

EMPLOYMENT_PARTNERS = [
    # (name, kind, postcode, commune, contacts)
    ("France Travail Tours Nord", "france_travail", "37100", "Tours",
     [("Sophie Lambert", "conseillère entreprises", "sophie.lambert@example.org", "02 47 00 00 01")]),
    ("Mission locale de Touraine", "mission_locale", "37000", "Tours",
     [("Karim Benali", "conseiller insertion", "k.benali@example.org", "02 47 00 00 02")]),
    ("Cap emploi 37", "cap_emploi", "37000", "Tours",
     [("Hélène Moreau", "chargée de mission", "h.moreau@example.org", "02 47 00 00 03")]),
    ("PLIE du Val-de-Loire Est", "plie", "37100", "Saint-Aubin-sur-Loire",
     [("Julien Perrin", "référent de parcours", "j.perrin@example.org", "02 47 00 00 04"),
      ("Nadia Haddad", "coordinatrice", "n.haddad@example.org", "02 47 00 00 05")]),
]

BUYER_CONTACTS = {
    "ville": [("Claire Dubois", "directrice de la commande publique", "c.dubois@example.org", "02 47 00 10 01")],
    "bailleur": [("Marc Girard", "responsable des achats", "m.girard@example.org", "02 47 00 10 02")],
    "etat": [("Anne Roux", "cheffe du pôle achats", "anne.roux@example.org", "02 47 00 10 03")],
    "hopital": [("Paul Fontaine", "directeur des achats", "p.fontaine@example.org", "02 47 00 10 04")],
}

D = date
# (buyer key, reference, object, nature, type, procedure, cpv, amount, months, publication, notification, start,
#  end, status, lots: [(number, title, amount, cpv, [(contractor name, role, amount)])])
MARKETS = [
    ("ville", "2026-TRX-001", "Construction du groupe scolaire des Varennes", "travaux", "marche",
     "Appel d'offres ouvert", "45214210-5", Decimal("4800000"), 24, D(2026, 1, 15), D(2026, 4, 2),
     D(2026, 5, 1), D(2028, 4, 30), "execution",
     [(1, "Gros œuvre – maçonnerie", Decimal("2100000"), "45262500-6",
       [("Maçonnerie Martin & Fils", "titulaire", Decimal("1900000")),
        ("GEIQ BTP Centre", "sous_traitant", Decimal("200000"))]),
      (2, "Peinture et revêtements", Decimal("600000"), "45442100-8",
       [("Peintures de Touraine", "titulaire", Decimal("600000"))]),
      (3, "Électricité courants forts et faibles", Decimal("900000"), "45310000-3",
       [("Électricité Val-de-Loire", "titulaire", Decimal("900000"))]),
      (4, "Charpente métallique", Decimal("1200000"), "45223100-7",
       [("Charpentes Métalliques Rousseau", "titulaire", Decimal("1200000"))])]),
    ("ville", "2026-SRV-014", "Entretien des espaces verts de la commune", "services", "accord_cadre",
     "Procédure adaptée", "77310000-6", Decimal("360000"), 36, D(2026, 2, 1), D(2026, 3, 20),
     D(2026, 4, 1), D(2029, 3, 31), "execution",
     [(1, "Entretien des espaces verts", Decimal("360000"), "77310000-6",
       [("Jardins de Cocagne du Cher", "titulaire", Decimal("360000"))])]),
    ("ville", "2025-SRV-007", "Nettoyage des bâtiments communaux", "services", "marche",
     "Appel d'offres ouvert", "90910000-9", Decimal("540000"), 36, D(2025, 3, 1), D(2025, 6, 15),
     D(2025, 7, 1), D(2028, 6, 30), "execution",
     [(1, "Nettoyage des écoles", Decimal("320000"), "90919300-5",
       [("Propreté Services 37", "titulaire", Decimal("300000")),
        ("Trait d'Union Intérim (ETTI)", "cotraitant", Decimal("20000"))]),
      (2, "Nettoyage des bâtiments administratifs", Decimal("220000"), "90919200-4",
       [("Propreté Services 37", "titulaire", Decimal("220000"))])]),
    ("ville", "2024-TRX-022", "Réfection de la voirie du centre-bourg", "travaux", "marche",
     "Procédure adaptée", "45233140-2", Decimal("950000"), 10, D(2024, 2, 1), D(2024, 4, 10),
     D(2024, 5, 1), D(2025, 2, 28), "clos",
     [(1, "Voirie et réseaux divers", Decimal("950000"), "45233140-2",
       [("Routes et Ouvrages du Centre", "titulaire", Decimal("950000"))])]),
    ("ville", "2027-TRX-003", "Réhabilitation de la médiathèque", "travaux", "marche",
     "Appel d'offres ouvert", "45454100-5", Decimal("6200000"), 20, D(2027, 1, 10), None, None, None,
     "programme", []),
    ("ville", "2026-FRN-009", "Fourniture de repas pour la restauration scolaire", "fournitures", "accord_cadre",
     "Appel d'offres ouvert", "15894210-0", Decimal("820000"), 48, D(2026, 9, 15), None, None, None,
     "preparation", []),
    ("ville", "2026-SRV-021", "Maintenance du parc informatique des écoles", "services", "marche",
     "Procédure adaptée", "50312000-5", Decimal("180000"), 36, D(2026, 10, 1), None, None, None,
     "consultation", []),
    ("bailleur", "VLH-2025-041", "Réhabilitation thermique de 120 logements – résidence Les Rives", "travaux",
     "marche", "Appel d'offres ouvert", "45321000-3", Decimal("3600000"), 18, D(2025, 1, 20), D(2025, 5, 12),
     D(2025, 6, 1), D(2026, 11, 30), "execution",
     [(1, "Isolation thermique par l'extérieur", Decimal("1800000"), "45321000-3",
       [("Bâtiments Ligériens SAS", "titulaire", Decimal("1700000")),
        ("GEIQ BTP Centre", "sous_traitant", Decimal("100000"))]),
      (2, "Menuiseries extérieures", Decimal("1100000"), "45421000-4",
       [("Menuiseries Chevalier", "titulaire", Decimal("1100000"))]),
      (3, "Chauffage et ventilation", Decimal("700000"), "45331000-6",
       [("Plomberie Chauffage Lefèvre", "titulaire", Decimal("700000"))])]),
    ("bailleur", "VLH-2026-007", "Entretien des parties communes du patrimoine", "services", "accord_cadre",
     "Appel d'offres ouvert", "90911000-6", Decimal("450000"), 24, D(2026, 1, 5), D(2026, 3, 1),
     D(2026, 3, 15), D(2028, 3, 14), "attribue",
     [(1, "Entretien des parties communes", Decimal("450000"), "90911000-6",
       [("Envie Touraine", "titulaire", Decimal("450000"))])]),
    ("bailleur", "VLH-2026-019", "Construction de 40 logements sociaux – îlot Gambetta", "travaux", "marche",
     "Appel d'offres ouvert", "45211340-4", Decimal("5900000"), 26, D(2026, 9, 1), None, None, None,
     "consultation", []),
    ("bailleur", "VLH-2023-002", "Remplacement des ascenseurs", "travaux", "marche",
     "Procédure adaptée", "45313100-5", Decimal("420000"), 8, D(2023, 2, 1), D(2023, 4, 3),
     D(2023, 5, 1), D(2023, 12, 31), "clos",
     [(1, "Ascenseurs", Decimal("420000"), "45313100-5",
       [("Électricité Val-de-Loire", "titulaire", Decimal("420000"))])]),
    ("etat", "DIRCO-26-118", "Entretien des dépendances vertes des routes nationales", "services", "marche",
     "Appel d'offres ouvert", "77314000-4", Decimal("260000"), 24, D(2026, 9, 1), None, None, None,
     "preparation", []),
    ("etat", "DIRCO-25-044", "Renforcement de chaussée RN 10", "travaux", "marche",
     "Appel d'offres ouvert", "45233142-6", Decimal("2300000"), 6, D(2025, 1, 10), D(2025, 4, 1),
     D(2025, 5, 1), D(2025, 10, 31), "clos",
     [(1, "Chaussée", Decimal("2300000"), "45233142-6",
       [("Routes et Ouvrages du Centre", "titulaire", Decimal("2300000"))])]),
    ("etat", "DIRCO-26-031", "Fourniture de sel de déneigement", "fournitures", "accord_cadre",
     "Appel d'offres ouvert", "34927100-2", Decimal("150000"), 12, D(2026, 3, 1), None, None, None,
     "abandonne", []),
    ("hopital", "CHSA-2026-05", "Blanchisserie du linge hospitalier", "services", "marche",
     "Appel d'offres ouvert", "98311000-6", Decimal("690000"), 48, D(2026, 2, 15), D(2026, 6, 1),
     D(2026, 7, 1), D(2030, 6, 30), "execution",
     [(1, "Blanchisserie", Decimal("690000"), "98311000-6",
       [("ESAT Les Tilleuls", "titulaire", Decimal("690000"))])]),
    ("hopital", "CHSA-2026-12", "Extension du service des urgences", "travaux", "marche",
     "Procédure avec négociation", "45215140-0", Decimal("7400000"), 30, D(2026, 11, 2), None, None, None,
     "consultation", []),
    ("hopital", "CHSA-2027-01", "Restauration des patients et du personnel", "services", "marche",
     "Appel d'offres ouvert", "55320000-9", Decimal("1250000"), 48, D(2027, 3, 1), None, None, None,
     "programme", []),
]

USERS = [
    # (username, first, last, role, buyer key)
    ("admin", "Alice", "Administratrice", "admin", None),
    ("facilitateur", "Fanny", "Mercier", "facilitator", None),
    ("facilitateur2", "Thomas", "Bernard", "facilitator", None),
    ("acheteur", "Claire", "Dubois", "buyer", "ville"),
    ("acheteur-bailleur", "Marc", "Girard", "buyer", "bailleur"),
]
DEMO_PASSWORD = "demo-levier"
