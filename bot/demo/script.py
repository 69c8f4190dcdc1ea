"""The scripted example project of `breedbeeld demo`: five teammates and their answers.

"Fietspad Assen-Zuid": a cycle path between a new neighbourhood and the schools in the
centre. The answers are made up but plausible, and chosen so that the summary shows
every kind of result: clear gains and losses, disagreement, "weet niet", low certainty,
an unanswered question, named trade-offs and groups that gain and lose.
"""

from __future__ import annotations

from dataclasses import dataclass

PROJECT = {"nl": "Fietspad Assen-Zuid", "en": "Cycle path Assen-South"}


@dataclass(frozen=True)
class Teammate:
    """A demo teammate: name, Teams-style ids and locale."""

    name: str
    role: str

    @property
    def user_id(self) -> str:
        return "demo-" + self.name.lower().replace(" ", "-")


TEAM = (
    Teammate("Anna de Vries", "verkeer"),
    Teammate("Bram Bakker", "ruimtelijke ordening"),
    Teammate("Chris Jansen", "sociaal domein"),
    Teammate("Dewi Pranoto", "milieu"),
    Teammate("Eva Smit", "financiën"),
)

T = tuple[str, str]  # (Dutch, English)

# Team (intake and weighing) answers, given by the first teammate who gets the question.
TEXTS: dict[str, T] = {
    "intake.omschrijving": (
        "We leggen een vrijliggend fietspad van 2,4 km aan tussen de nieuwe wijk Assen-Zuid "
        "en de scholen in het centrum, met een fietstunnel onder de N33.",
        "We build a separate 2.4 km cycle path between the new Assen-South neighbourhood and "
        "the schools in the centre, with a cycle tunnel under the N33.",
    ),
    "intake.streefbeeld": (
        "In 2030 fietsen twee keer zo veel kinderen uit Assen-Zuid zelf naar school, en voelen "
        "ouders zich gerust over de route.",
        "By 2030 twice as many children from Assen-South cycle to school on their own, and "
        "parents feel safe about the route.",
    ),
    "intake.gebied": (
        "Assen-Zuid, het centrum van Assen en het buitengebied langs de Loonerdiep.",
        "Assen-South, the centre of Assen and the countryside along the Loonerdiep.",
    ),
    "intake.eigenaar": (
        "Wethouder mobiliteit; projectteam verkeer, ruimte, sociaal domein, milieu en financiën.",
        "Alderman for mobility; project team of traffic, spatial planning, social affairs, "
        "environment and finance.",
    ),
    "elders.afwenteling": (
        "Mogelijk meer sluipverkeer in Loon als de parallelweg dicht gaat.",
        "Possibly more rat-running traffic through Loon if the side road closes.",
    ),
    "samenhang.versterking": (
        "Meer fietsen helpt gezondheid, luchtkwaliteit en verkeersveiligheid tegelijk.",
        "More cycling helps health, air quality and road safety at the same time.",
    ),
    "samenhang.botsing": (
        "Het tracé kost 1,2 ha houtwal: goed voor kinderen nu, slechter voor de natuur later.",
        "The route costs 1.2 ha of hedgerow: good for children now, worse for nature later.",
    ),
    "kennis.onbekend": (
        "Hoeveel verkeer rijdt er straks door Loon? Daar is nog geen telling van.",
        "How much traffic will drive through Loon? There is no count yet.",
    ),
    "kennis.bronnen": (
        "CBS-monitor brede welvaart voor Assen; de schoolroute-enquête van 2025; de "
        "dorpsraad van Loon.",
        "The CBS broad-wellbeing monitor for Assen; the 2025 school-route survey; the "
        "village council of Loon.",
    ),
    "kennis.monitoring": (
        "Fietstellingen bij de tunnel, twee keer per jaar, en een ouderpeiling in 2028.",
        "Cycle counts at the tunnel, twice a year, and a parent survey in 2028.",
    ),
    "afweging.geaccepteerd": (
        "We accepteren het verlies van de houtwal, omdat veilig fietsen naar school het "
        "streefbeeld is.",
        "We accept the loss of the hedgerow, because safe cycling to school is the target.",
    ),
    "afweging.verzachting": (
        "We planten 1,5 ha nieuwe houtwal terug en houden de parallelweg open voor "
        "landbouwverkeer.",
        "We replant 1.5 ha of new hedgerow and keep the side road open for farm traffic.",
    ),
    "afweging.advies": (
        "Doorgaan, met de compensatie van de houtwal in hetzelfde besluit en een verkeerstelling "
        "in Loon vóór de aanleg.",
        "Go ahead, with the hedgerow compensation in the same decision and a traffic count in "
        "Loon before construction.",
    ),
}

CHOICES: dict[str, str] = {
    "intake.doelgroepen": "kinderen,jongeren,gezinnen",
    "intake.termijn": "jaar_1_tot_4",
}

# Groups named as gaining / losing, per teammate, with an explanation.
GROUPS: dict[str, dict[str, tuple[str, T]]] = {
    "verdeling.winnaars": {
        "Anna de Vries": ("kinderen,jongeren", ("Zij fietsen het meest.", "They cycle most.")),
        "Bram Bakker": ("kinderen,gezinnen", ("", "")),
        "Chris Jansen": (
            "kinderen,laag_inkomen",
            ("Een fiets is goedkoper dan de bus.", "A bike is cheaper than the bus."),
        ),
        "Dewi Pranoto": ("kinderen", ("", "")),
        "Eva Smit": ("jongeren,gezinnen", ("", "")),
    },
    "verdeling.verliezers": {
        "Anna de Vries": ("boeren", ("Omrijden met de trekker.", "Detours with the tractor.")),
        "Bram Bakker": ("boeren,dorpsbewoners", ("", "")),
        "Chris Jansen": ("ouderen", ("Minder busritten in Loon.", "Fewer bus rides in Loon.")),
        "Dewi Pranoto": ("boeren", ("", "")),
        "Eva Smit": ("dorpsbewoners", ("Sluipverkeer in Loon.", "Rat-running in Loon.")),
    },
}

# Effect answers per question: one (effect, certainty, explanation) per teammate, in TEAM
# order. An empty explanation means the teammate gave none.
E = tuple[str, str, T]
_NONE: T = ("", "")
EFFECTS: dict[str, tuple[E, E, E, E, E]] = {
    "nu.welzijn": (
        ("positive", "likely", ("Ouders zijn minder ongerust.", "Parents worry less.")),
        ("positive", "likely", _NONE),
        ("positive", "uncertain", _NONE),
        ("neutral", "likely", _NONE),
        ("positive", "likely", _NONE),
    ),
    "nu.materiele_welvaart": (
        ("neutral", "likely", _NONE),
        ("neutral", "likely", _NONE),
        ("positive", "uncertain", ("Minder buskosten voor gezinnen.", "Lower bus costs.")),
        ("neutral", "likely", _NONE),
        ("neutral", "certain", _NONE),
    ),
    "nu.gezondheid": (
        ("strongly_positive", "certain", ("Elke dag bewegen.", "Daily exercise.")),
        ("positive", "likely", _NONE),
        ("positive", "likely", _NONE),
        ("positive", "certain", ("Minder autoritten, schonere lucht.", "Fewer car trips.")),
        ("positive", "likely", _NONE),
    ),
    "nu.arbeid_vrije_tijd": (
        ("neutral", "likely", _NONE),
        ("positive", "uncertain", ("Ook recreatief fietsen.", "Leisure cycling too.")),
        ("neutral", "likely", _NONE),
        ("neutral", "likely", _NONE),
        ("neutral", "likely", _NONE),
    ),
    "nu.wonen": (
        ("unknown", "", ("Geen idee wat het met de huizen doet.", "No idea about housing.")),
        ("unknown", "", ("Misschien wordt de wijk aantrekkelijker.", "Maybe a nicer area.")),
        ("unknown", "", _NONE),
        ("unknown", "", _NONE),
        ("unknown", "", ("Daar is geen onderzoek naar.", "No research on that.")),
    ),
    "nu.samenleving": (
        ("positive", "uncertain", _NONE),
        ("neutral", "likely", _NONE),
        ("positive", "likely", ("Kinderen fietsen samen.", "Children cycle together.")),
        ("neutral", "likely", _NONE),
        ("neutral", "uncertain", _NONE),
    ),
    "nu.veiligheid": (
        ("strongly_positive", "certain", ("Geen oversteek meer over de N33.", "No N33 crossing.")),
        ("strongly_positive", "likely", _NONE),
        ("positive", "likely", _NONE),
        ("positive", "likely", _NONE),
        (
            "negative",
            "uncertain",
            ("De tunnel voelt 's avonds onveilig.", "Tunnel unsafe at night."),
        ),
    ),
    "nu.milieu": (
        ("positive", "likely", ("Minder korte autoritten.", "Fewer short car trips.")),
        ("negative", "likely", ("Kap van de houtwal.", "The hedgerow is cut.")),
        ("neutral", "uncertain", _NONE),
        ("negative", "certain", ("1,2 ha houtwal verdwijnt.", "1.2 ha of hedgerow goes.")),
        ("neutral", "likely", _NONE),
    ),
    "nu.onderwijs": (
        ("neutral", "likely", _NONE),
        ("neutral", "likely", _NONE),
        ("positive", "uncertain", ("Minder te laat op school.", "Fewer late arrivals.")),
        ("neutral", "likely", _NONE),
        ("neutral", "likely", _NONE),
    ),
    "nu.bereikbaarheid_voorzieningen": (
        ("strongly_positive", "certain", ("Scholen in 10 minuten.", "Schools in 10 minutes.")),
        ("positive", "likely", _NONE),
        ("positive", "likely", _NONE),
        ("positive", "likely", _NONE),
        ("negative", "likely", ("Busje naar Loon verdwijnt.", "The bus to Loon goes.")),
    ),
    "later.economisch_kapitaal": (
        ("positive", "likely", _NONE),
        ("positive", "likely", ("Blijft 40 jaar mee.", "Lasts 40 years.")),
        ("neutral", "likely", _NONE),
        ("neutral", "likely", _NONE),
        (
            "negative",
            "likely",
            ("€ 3,1 mln, onderhoud niet begroot.", "€3.1m, upkeep not budgeted."),
        ),
    ),
    "later.natuurlijk_kapitaal": (
        ("negative", "likely", _NONE),
        ("negative", "likely", _NONE),
        ("negative", "uncertain", _NONE),
        ("strongly_negative", "certain", ("Houtwal is 80 jaar oud.", "Hedgerow is 80 years old.")),
        ("negative", "likely", _NONE),
    ),
    "later.menselijk_kapitaal": (
        ("positive", "likely", ("Gezonde gewoonte voor later.", "A healthy habit for life.")),
        ("positive", "uncertain", _NONE),
        ("positive", "likely", _NONE),
        ("positive", "likely", _NONE),
        ("neutral", "likely", _NONE),
    ),
    "later.sociaal_kapitaal": (
        ("neutral", "uncertain", _NONE),
        ("unknown", "", _NONE),
        ("positive", "uncertain", _NONE),
        ("unknown", "", _NONE),
        ("neutral", "uncertain", _NONE),
    ),
    "elders.buren": (
        ("negative", "uncertain", ("Sluipverkeer in Loon.", "Rat-running in Loon.")),
        ("negative", "likely", _NONE),
        ("unknown", "", _NONE),
        ("negative", "uncertain", _NONE),
        ("negative", "likely", _NONE),
    ),
    "elders.regio_land": (
        ("neutral", "likely", _NONE),
        ("neutral", "likely", _NONE),
        ("neutral", "likely", _NONE),
        ("neutral", "likely", _NONE),
        ("neutral", "certain", _NONE),
    ),
    # elders.buitenland: nobody answers it, so the summary shows an open question.
    "verdeling.stapeling": (
        ("positive", "uncertain", _NONE),
        ("neutral", "likely", _NONE),
        ("positive", "likely", ("Goedkoop vervoer voor minima.", "Cheap transport.")),
        ("neutral", "likely", _NONE),
        ("negative", "uncertain", ("Ouderen in Loon verliezen de bus.", "Loon loses its bus.")),
    ),
}

# Questions everyone leaves open, and questions only the first teammate answers (the
# others put them aside, as colleagues do when someone already said it well).
SKIPPED_BY_ALL: frozenset[str] = frozenset({"elders.buitenland"})
LEAD_ONLY: frozenset[str] = frozenset(
    {
        "elders.afwenteling",
        "samenhang.versterking",
        "samenhang.botsing",
        "kennis.bronnen",
        "kennis.monitoring",
    }
)

# What each teammate does not know yet (kennis.onbekend is asked of everyone).
UNKNOWNS: dict[str, T] = {
    "Bram Bakker": (
        "Of de grond onder de tunnel vervuild is.",
        "Whether the soil under the tunnel is polluted.",
    ),
    "Chris Jansen": (
        "Hoeveel ouderen in Loon de buurtbus nog gebruiken.",
        "How many older people in Loon still use the community bus.",
    ),
    "Dewi Pranoto": (
        "Welke vleermuizen de houtwal gebruiken.",
        "Which bats use the hedgerow.",
    ),
    "Eva Smit": (
        "Wie het onderhoud na 2030 betaalt.",
        "Who pays for maintenance after 2030.",
    ),
}


def skips_for(mate: Teammate) -> frozenset[str]:
    """The questions this teammate puts aside."""
    return SKIPPED_BY_ALL if mate == TEAM[0] else SKIPPED_BY_ALL | LEAD_ONLY
