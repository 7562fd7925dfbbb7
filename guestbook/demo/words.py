"""Demo data: the words staff type: guest notes, preferences, allergies, occasions, visit and
call notes, and who typed them."""

from __future__ import annotations

NOTES: tuple[str, ...] = (
    "Client fidèle depuis l'ouverture",
    "Préfère être appelé le matin",
    "Vient souvent avec ses enfants",
    "Ami du chef",
    "Travaille dans le quartier, déjeune vite",
    "A fêté ses 50 ans chez nous",
    "Critique gastronomique amateur, très attentif au service",
    "Ne pas proposer le menu enfant",
    "Arrive souvent en retard, garder la table 15 minutes",
    "Règle toujours par chèque",
    "Connaît bien le vin, aime qu'on lui présente la cave",
    "Malentendant : parler face à lui",
)

PREFERENCES: tuple[str, ...] = (
    "Table près de la fenêtre",
    "Aime le Côtes-du-Rhône",
    "Végétarienne",
    "Végétarien",
    "Sans oignons",
    "Eau gazeuse",
    "Terrasse l'été",
    "Champagne à l'apéritif",
    "Viande bien cuite",
    "Toujours la même table, au fond à gauche",
    "Aime le Saint-Joseph et les Condrieu",
    "Pas de coriandre",
    "Dessert : île flottante",
    "Café serré en fin de repas",
    "Préfère le service du midi",
    "Sans alcool",
)

ALLERGENS: tuple[str, ...] = (
    "arachides",
    "fruits à coque",
    "gluten",
    "lactose",
    "crustacés",
    "œufs",
    "poisson",
    "sésame",
    "céleri",
    "moutarde",
    "sulfites",
    "mollusques",
)
ALLERGY_NOTES: tuple[str, ...] = (
    "",
    "",
    "",
    "sévère, porte un stylo d'adrénaline",
    "intolérance légère",
    "même les traces",
    "vérifier les sauces",
)

OCCASIONS: tuple[str, ...] = (
    "anniversaire",
    "anniversaire de mariage",
    "affaires",
    "affaires",
    "fête des mères",
    "retrouvailles",
    "départ à la retraite",
    "baptême",
    "fiançailles",
    "réussite au bac",
)
VISIT_NOTES: tuple[str, ...] = (
    "A adoré le soufflé",
    "Table en terrasse",
    "Attente un peu longue au plat",
    "Bouteille offerte par la maison",
    "Salon privé",
    "Plat renvoyé en cuisine, geste commercial",
)

CHECKOUT_STAFF: tuple[str, ...] = ("Camille", "Julien", "Inès", "Thomas", "Léa", "Karim")
CHEF = "Chef Antoine"

CALL_NOTES: dict[str, tuple[str, ...]] = {
    "reached": ("Ravie, viendra avec son conjoint", "Très touché de l'appel", "Rappellera"),
    "booked": ("Réservé pour quatre", "Table réservée, gâteau au chocolat", "Réservé en terrasse"),
    "voicemail": ("Message laissé", "Messagerie, rappeler demain", ""),
    "no_answer": ("Pas de réponse", "", "Ça sonne dans le vide"),
    "declined": ("Pas disponible cette année", "Ne souhaite pas fêter", "Déménage bientôt"),
    "wrong_number": ("Numéro attribué à quelqu'un d'autre", "Numéro inexistant"),
}

IMPORT_SOURCE = "import:ancien-logiciel.csv"

OWNER = "Nathalie (gérante)"
