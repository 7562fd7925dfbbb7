"""Demo data: the words staff type: guest notes, preferences, allergies, occasions, visit and
call notes, and who typed them. In the language guestbook speaks when the demo is made: a
French restaurant's staff type French, an English-speaking one's English.

Both languages list the same entries in the same order (each English entry says what the French
one beside it says), so a demo draws the same entries whatever its language: only the words
differ. Staff names are names, the same in both.
"""

from __future__ import annotations

from dataclasses import dataclass

from guestbook.i18n import Language

CHECKOUT_STAFF: tuple[str, ...] = ("Camille", "Julien", "Inès", "Thomas", "Léa", "Karim")
CHEF = "Chef Antoine"


@dataclass(frozen=True)
class Words:
    notes: tuple[str, ...]
    preferences: tuple[str, ...]
    allergens: tuple[str, ...]  # each one once: a second allergy must differ from the first
    allergy_notes: tuple[str, ...]
    occasions: tuple[str, ...]
    birthday_occasion: str  # a birthday table's occasion
    valentines_occasion: str  # a couple's table on 14 February
    visit_notes: tuple[str, ...]
    call_notes: dict[str, tuple[str, ...]]  # by outcome
    owner: str  # who imported the old system's file
    import_source: str  # the consent source of imported guests


FRENCH = Words(
    notes=(
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
    ),
    preferences=(
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
    ),
    allergens=(
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
    ),
    allergy_notes=(
        "",
        "",
        "",
        "sévère, porte un stylo d'adrénaline",
        "intolérance légère",
        "même les traces",
        "vérifier les sauces",
    ),
    occasions=(
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
    ),
    birthday_occasion="anniversaire",
    valentines_occasion="Saint-Valentin",
    visit_notes=(
        "A adoré le soufflé",
        "Table en terrasse",
        "Attente un peu longue au plat",
        "Bouteille offerte par la maison",
        "Salon privé",
        "Plat renvoyé en cuisine, geste commercial",
    ),
    call_notes={
        "reached": ("Ravie, viendra avec son conjoint", "Très touché de l'appel", "Rappellera"),
        "booked": (
            "Réservé pour quatre",
            "Table réservée, gâteau au chocolat",
            "Réservé en terrasse",
        ),
        "voicemail": ("Message laissé", "Messagerie, rappeler demain", ""),
        "no_answer": ("Pas de réponse", "", "Ça sonne dans le vide"),
        "declined": ("Pas disponible cette année", "Ne souhaite pas fêter", "Déménage bientôt"),
        "wrong_number": ("Numéro attribué à quelqu'un d'autre", "Numéro inexistant"),
    },
    owner="Nathalie (gérante)",
    import_source="import:ancien-logiciel.csv",
)

ENGLISH = Words(
    notes=(
        "Regular since the opening",
        "Prefers to be called in the morning",
        "Often comes with the children",
        "Friend of the chef",
        "Works nearby, quick lunches",
        "Celebrated their 50th here",
        "Amateur food critic, watches the service closely",
        "Do not offer the children's menu",
        "Often late, hold the table 15 minutes",
        "Always pays by cheque",
        "Knows wine well, likes to be shown the cellar",
        "Hard of hearing: speak facing him",
    ),
    preferences=(
        "Table by the window",
        "Likes Côtes-du-Rhône",
        "Vegetarian",
        "Vegetarian",
        "No onions",
        "Sparkling water",
        "Terrace in summer",
        "Champagne as an aperitif",
        "Meat well done",
        "Always the same table, at the back on the left",
        "Likes Saint-Joseph and Condrieu",
        "No coriander",
        "Dessert: floating island",
        "Strong espresso after the meal",
        "Prefers lunch service",
        "No alcohol",
    ),
    allergens=(
        "peanuts",
        "tree nuts",
        "gluten",
        "lactose",
        "shellfish",
        "eggs",
        "fish",
        "sesame",
        "celery",
        "mustard",
        "sulphites",
        "molluscs",
    ),
    allergy_notes=(
        "",
        "",
        "",
        "severe, carries an adrenaline pen",
        "mild intolerance",
        "even traces",
        "check the sauces",
    ),
    occasions=(
        "birthday",
        "wedding anniversary",
        "business",
        "business",
        "Mother's Day",
        "reunion",
        "retirement",
        "christening",
        "engagement",
        "passed exams",
    ),
    birthday_occasion="birthday",
    valentines_occasion="Valentine's Day",
    visit_notes=(
        "Loved the soufflé",
        "Table on the terrace",
        "Main course a little slow",
        "Bottle on the house",
        "Private room",
        "Dish sent back to the kitchen, goodwill gesture",
    ),
    call_notes={
        "reached": (
            "Delighted, will come with her partner",
            "Very touched by the call",
            "Will call back",
        ),
        "booked": ("Booked for four", "Table booked, chocolate cake", "Booked on the terrace"),
        "voicemail": ("Left a message", "Voicemail, call again tomorrow", ""),
        "no_answer": ("No answer", "", "Rings out"),
        "declined": ("Not available this year", "Does not want to celebrate", "Moving away soon"),
        "wrong_number": ("Number belongs to someone else", "Number does not exist"),
    },
    owner="Nathalie (manager)",
    import_source="import:old-software.csv",
)

_BY_LANGUAGE: dict[Language, Words] = {"fr": FRENCH, "en": ENGLISH}


def words_in(language: Language) -> Words:
    """What staff type, in `language`."""
    return _BY_LANGUAGE[language]
