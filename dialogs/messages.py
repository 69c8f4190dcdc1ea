"""Every text the bot says, in Dutch (B1, plain language) and English."""

from __future__ import annotations

from typing import Any

# key -> {"nl": ..., "en": ...}; placeholders use str.format names.
MESSAGES: dict[str, dict[str, str]] = {
    "help.title": {"nl": "Zo werkt Breedbeeld", "en": "How Breedbeeld works"},
    "help.intro": {
        "nl": "Ik help je team om een project breed te bekijken: hier en nu, later, "
        "elders en voor wie. Iedereen beantwoordt de vragen wanneer het uitkomt.",
        "en": "I help your team look at a project broadly: here and now, later, "
        "elsewhere and for whom. Everyone answers the questions when it suits them.",
    },
    "help.commands": {
        "nl": "start <naam> – begin een nieuw project\n"
        "volgende – je volgende open vraag\n"
        "overslaan – sla de vraag nu over\n"
        "vorige – terug naar je vorige vraag, om je antwoord te veranderen\n"
        "wijzig <thema of nummer> – verander een eerder antwoord\n"
        "status – hoe ver het team is\n"
        "samenvatting – tussenstand van de uitkomst\n"
        "afronden – sluit af en toon de samenvatting\n"
        "mede-eigenaar @naam – laat een collega meebeslissen\n"
        "deelnemers @naam – vraag collega's mee te doen (of: deelnemers iedereen)\n"
        "wijs <deel> toe aan @naam – geef een deel of thema aan een collega\n"
        "deadline <datum> – plan herinneringen voor wie nog vragen open heeft\n"
        "herinner – stuur nu een herinnering (of: herinner morgen 10:00)\n"
        "pauze – geen herinneringen meer voor jou (pauze team: voor iedereen)\n"
        "hervat – je herinneringen weer aan (hervat team: voor iedereen)\n"
        "overzicht – alle projecten hier\n"
        "verwijder – wis het project: alle rondes en antwoorden\n"
        "mijn gegevens – alles wat over jou is opgeslagen\n"
        "herhaal – nieuwe ronde voor hetzelfde project\n"
        "intrekken – links naar het verslag laten vervallen\n"
        "paragraaf – tekst voor het college- of raadsvoorstel (Word en platte tekst)\n"
        "help – deze uitleg",
        "en": "start <name> – begin a new project\n"
        "next – your next open question\n"
        "skip – skip the question for now\n"
        "previous – back to your previous question, to change your answer\n"
        "change <theme or number> – change an earlier answer\n"
        "status – how far the team is\n"
        "summary – interim result\n"
        "finish – close and show the summary\n"
        "co-owner @name – let a colleague co-decide\n"
        "participants @name – ask colleagues to take part (or: participants everyone)\n"
        "assign <part> to @name – give a part or theme to a colleague\n"
        "deadline <date> – plan reminders for those with open questions\n"
        "remind – send a reminder now (or: remind tomorrow 10:00)\n"
        "pause – no more reminders for you (pause team: for everyone)\n"
        "resume – your reminders on again (resume team: for everyone)\n"
        "list – all projects here\n"
        "delete – erase the project: all rounds and answers\n"
        "my data – everything stored about you\n"
        "reassess – new round for the same project\n"
        "revoke – make links to the report stop working\n"
        "paragraph – text for the council proposal (Word and plain text)\n"
        "help – this explanation",
    },
    "help.text_answer": {
        "nl": "Zie je geen knoppen? Typ dan het nummer van je antwoord, "
        "met daarna je uitleg. Bijvoorbeeld: 2 want er komen meer fietsers.",
        "en": "No buttons? Type the number of your answer, followed by your "
        "explanation. For example: 2 because more people will cycle.",
    },
    "unknown_command": {
        "nl": "Dat begrijp ik niet. Typ **help** voor wat ik kan, of **volgende** voor je "
        "volgende vraag.",
        "en": "I don't understand that. Type **help** to see what I can do, or **next** "
        "for your next question.",
    },
    "start.missing_name": {
        "nl": "Welk project wil je bekijken? Typ de naam achter start. "
        "Bijvoorbeeld: start Fietspad Assen-Zuid",
        "en": "Which project do you want to look at? Type its name after start. "
        "For example: start Cycle path Assen-South",
    },
    "start.name_unreadable": {
        "nl": "Die naam kan ik niet gebruiken. Er staan geen letters of cijfers in, alleen "
        "tekens zoals emoji, opmaak of onzichtbare tekens. Typ start en een naam met letters. "
        "Bijvoorbeeld: start Fietspad Assen-Zuid",
        "en": "I can't use that name. It has no letters or digits, only signs such as emoji, "
        "formatting or invisible characters. Type start and a name with letters. "
        "For example: start Cycle path Assen-South",
    },
    "start.hidden_removed": {
        "nl": "Let op: in de naam stonden onzichtbare tekens, zoals tekens die tekst "
        "omdraaien of verbergen. Die heb ik weggehaald. De naam is nu: {project}",
        "en": "Note: the name had invisible characters, such as characters that turn text "
        "around or hide it. I removed them. The name is now: {project}",
    },
    "answer.hidden_removed": {
        "nl": "Er stonden onzichtbare tekens in je antwoord, zoals tekens die tekst omdraaien. "
        "Die heb ik weggehaald. Dit heb ik opgeslagen: “{stored}”",
        "en": "Your answer had invisible characters, such as characters that turn text "
        "around. I removed them. This is what I stored: “{stored}”",
    },
    "answer.markup_removed": {
        "nl": "Opmaak zoals vet, schuin of een lijst bewaar ik niet. Dit heb ik opgeslagen: "
        "“{stored}”",
        "en": "I don't keep formatting such as bold, italics or a list. This is what I "
        "stored: “{stored}”",
    },
    "start.name_too_long": {
        "nl": "Die naam is te lang. Gebruik hoogstens {limit} tekens.",
        "en": "That name is too long. Please use at most {limit} characters.",
    },
    "start.already_running": {
        "nl": "Hier loopt al een project: **{project}**. Wil je nog een project starten? "
        "Kies dan een andere naam. Of ga verder met **volgende** in de thread van het project.",
        "en": "A project is already running here: **{project}**. Want to start another one? "
        "Choose a different name. Or continue with **next** in the project's thread.",
    },
    "started.title": {"nl": "Nieuw project: {project}", "en": "New project: {project}"},
    "started.body": {
        "nl": "We bekijken dit project samen met de vragen van brede welvaart. "
        "Het zijn {count} vragen in {sections} delen. Iedereen geeft een eigen antwoord, "
        "wanneer het uitkomt.",
        "en": "Together we look at this project with the questions of broad wellbeing. "
        "There are {count} questions in {sections} parts. Everyone gives their own answer, "
        "whenever it suits them.",
    },
    "started.how": {
        "nl": "Typ **volgende** voor de eerste vraag. Met **status** zie je hoe ver "
        "het team is. Klaar? Typ **afronden**.",
        "en": "Type **next** for the first question. Type **status** to see how far "
        "the team is. Done? Type **finish**.",
    },
    "started.by": {"nl": "Gestart door {name}", "en": "Started by {name}"},
    "button.first_question": {"nl": "Eerste vraag", "en": "First question"},
    "button.next": {"nl": "Volgende vraag", "en": "Next question"},
    "button.save": {"nl": "Opslaan", "en": "Save"},
    "button.skip": {"nl": "Overslaan", "en": "Skip"},
    "button.status": {"nl": "Status", "en": "Status"},
    "button.summary": {"nl": "Tussenstand", "en": "Interim summary"},
    "button.help_text": {"nl": "Uitleg bij deze vraag", "en": "About this question"},
    "button.details": {"nl": "Details", "en": "Details"},
    "no_assessment": {
        "nl": "Er loopt hier nog geen project. Begin met: start <naam van het project>",
        "en": "No project is running here yet. Begin with: start <name of the project>",
    },
    "question.heading": {
        "nl": "{project} · vraag {number} van {total}",
        "en": "{project} · question {number} of {total}",
    },
    "question.effect_label": {"nl": "Wat is het effect?", "en": "What is the effect?"},
    "question.certainty_label": {"nl": "Hoe zeker ben je?", "en": "How sure are you?"},
    "question.explanation_label": {
        "nl": "Waarom? Voor wie? Onder welke voorwaarden?",
        "en": "Why? For whom? Under which conditions?",
    },
    "question.text_label": {"nl": "Je antwoord", "en": "Your answer"},
    "question.choice_label": {"nl": "Kies één antwoord", "en": "Choose one answer"},
    "question.groups_label": {"nl": "Kies één of meer groepen", "en": "Choose one or more groups"},
    "question.previous": {
        "nl": "Je antwoord nu: {answer}. Geef je een nieuw antwoord, dan vervangt dat het "
        "oude. Het oude antwoord blijft bewaard. Laten zoals het is? Typ volgende.",
        "en": "Your answer now: {answer}. A new answer replaces it; the old one is kept. "
        "Leave it as it is? Type next.",
    },
    "question.previous_team": {
        "nl": "Het team heeft hier al een antwoord van {name}: {answer}. Je kunt een eigen "
        "antwoord toevoegen. Laten zoals het is? Typ volgende.",
        "en": "The team already has an answer here from {name}: {answer}. You can add your "
        "own answer. Leave it as it is? Type next.",
    },
    "question.previous_why": {
        "nl": "De uitleg daarbij: “{explanation}”",
        "en": "The explanation with it: “{explanation}”",
    },
    "previous.none": {
        "nl": "Er is geen vorige vraag: dit is je eerste vraag.",
        "en": "There is no previous question: this is your first question.",
    },
    "change.which": {
        "nl": "Welk antwoord wil je wijzigen? Typ wijzig en het thema of het nummer van de "
        "vraag. Bijvoorbeeld: wijzig gezondheid, of: wijzig 12.",
        "en": "Which answer do you want to change? Type change and the theme or the number "
        "of the question. For example: change health, or: change 12.",
    },
    "change.not_found": {
        "nl": "Ik vind geen vraag bij ‘{typed}’. Typ wijzig en het thema, bijvoorbeeld "
        "wijzig gezondheid, of het nummer van de vraag, bijvoorbeeld wijzig 12.",
        "en": "I can't find a question for ‘{typed}’. Type change and the theme, for "
        "example change health, or the number of the question, for example change 12.",
    },
    "change.choose_title": {"nl": "Welke vraag bedoel je?", "en": "Which question do you mean?"},
    "change.choose_body": {
        "nl": "Meer vragen passen bij wat je typte. Typ wijzig en het nummer, bijvoorbeeld "
        "wijzig {example}.",
        "en": "Several questions fit what you typed. Type change and the number, for example "
        "change {example}.",
    },
    "change.option": {
        "nl": "{number}. {name} ({part})",
        "en": "{number}. {name} ({part})",
    },
    "question.text_hint": {
        "nl": "Zonder knoppen: typ het nummer en daarna je uitleg. Terug naar de vorige "
        "vraag: typ vorige.",
        "en": "Without buttons: type the number, then your explanation. Back to the previous "
        "question: type previous.",
    },
    "question.text_hint_free": {
        "nl": "Zonder knoppen: typ gewoon je antwoord. Terug naar de vorige vraag: typ vorige.",
        "en": "Without buttons: just type your answer. Back to the previous question: type "
        "previous.",
    },
    "question.text_hint_groups": {
        "nl": "Zonder knoppen: typ de nummers of de namen, bijvoorbeeld 1, 4 of: ouderen, "
        "huurders. Terug naar de vorige vraag: typ vorige.",
        "en": "Without buttons: type the numbers or the names, for example 1, 4 or: older "
        "people, tenants. Back to the previous question: type previous.",
    },
    "answer.saved": {
        "nl": "Opgeslagen: {question} – {answer}.",
        "en": "Saved: {question} – {answer}.",
    },
    "answer.replaced": {
        "nl": "Bijgewerkt: {question} – {answer}. Je vorige antwoord staat in de geschiedenis.",
        "en": "Updated: {question} – {answer}. Your previous answer is kept in the history.",
    },
    "answer.skipped": {
        "nl": "Overgeslagen. Die vraag komt later terug.",
        "en": "Skipped. That question will come back later.",
    },
    "answer.all_done": {
        "nl": "Je hebt alle vragen beantwoord. Dank je! Typ **status** om te zien hoe ver "
        "het team is.",
        "en": "You have answered all questions. Thank you! Type **status** to see how far "
        "the team is.",
    },
    "answer.nothing_pending": {
        "nl": "Ik weet niet bij welke vraag dit hoort. Typ **volgende** voor je volgende vraag.",
        "en": "I don't know which question this belongs to. Type **next** for your next question.",
    },
    "problem.missing_effect": {
        "nl": "Kies eerst een effect, van sterk positief tot weet niet.",
        "en": "Please choose an effect first, from strongly positive to don't know.",
    },
    "problem.unknown_effect": {
        "nl": "Dat effect ken ik niet. Kies een nummer van 1 tot 6.",
        "en": "I don't know that effect. Choose a number from 1 to 6.",
    },
    "problem.unknown_certainty": {
        "nl": "Kies zeker, waarschijnlijk of onzeker.",
        "en": "Choose certain, likely or uncertain.",
    },
    "problem.empty_text": {
        "nl": "Je antwoord is leeg. Schrijf kort je antwoord en verstuur het opnieuw.",
        "en": "Your answer is empty. Write a short answer and send it again.",
    },
    "problem.text_too_long": {
        "nl": "Je antwoord is te lang: hoogstens {limit} tekens. Maak het korter en "
        "verstuur het opnieuw. Er is niets opgeslagen.",
        "en": "Your answer is too long: at most {limit} characters. Please shorten it and "
        "send it again. Nothing was saved.",
    },
    "problem.explanation_too_long": {
        "nl": "Je uitleg is te lang: hoogstens {limit} tekens. Maak hem korter en "
        "verstuur hem opnieuw. Er is niets opgeslagen.",
        "en": "Your explanation is too long: at most {limit} characters. Please shorten "
        "it and send it again. Nothing was saved.",
    },
    "problem.missing_choice": {
        "nl": "Kies eerst een antwoord.",
        "en": "Please choose an answer first.",
    },
    "problem.unknown_choice": {
        "nl": "Dat antwoord staat niet in de lijst. Kies een nummer uit de lijst.",
        "en": "That answer is not in the list. Choose a number from the list.",
    },
    "problem.too_many_choices": {
        "nl": "Kies hier één antwoord.",
        "en": "Please choose one answer here.",
    },
    "problem.unknown_question": {
        "nl": "Die vraag bestaat niet (meer). Typ **volgende** voor je volgende vraag.",
        "en": "That question does not exist (any more). Type **next** for your next question.",
    },
    "problem.closed": {
        "nl": "Het project **{project}** is al afgerond. Je antwoord is niet opgeslagen.",
        "en": "The project **{project}** has already been closed. Your answer was not saved.",
    },
    "problem.unknown_assessment": {
        "nl": "Deze kaart hoort niet bij een project hier. Typ **volgende** voor je vraag.",
        "en": "This card does not belong to a project here. Type **next** for your question.",
    },
    "problem.bad_card": {
        "nl": "Ik kon deze kaart niet lezen. Typ **volgende** om verder te gaan.",
        "en": "I could not read this card. Type **next** to continue.",
    },
    "problem.text_answer_effect": {
        "nl": "Begin je antwoord met een nummer van 1 tot 6, daarna je uitleg. "
        "Bijvoorbeeld: 2 want er komen meer fietsers.",
        "en": "Start your answer with a number from 1 to 6, then your explanation. "
        "For example: 2 because more people will cycle.",
    },
    "problem.message_too_long": {
        "nl": "Je bericht is te lang: hoogstens {limit} tekens. Er is niets opgeslagen.",
        "en": "Your message is too long: at most {limit} characters. Nothing was saved.",
    },
    "problem.internal": {
        "nl": "Er ging bij mij iets mis. Je laatste bericht is misschien niet verwerkt. "
        "Probeer het zo nog eens.",
        "en": "Something went wrong on my side. Your last message may not have been "
        "processed. Please try again in a moment.",
    },
    "outbox.reply_lost": {
        "nl": "Ik kon je eerder een bericht niet sturen. Wat je invulde is wel bewaard. "
        "Typ **volgende** om verder te gaan.",
        "en": "Earlier I could not send you a message. What you entered was saved. "
        "Type **next** to go on.",
    },
    "problem.database": {
        "nl": "Ik kan je bericht nu niet opslaan. Teams stuurt het mij zo opnieuw. "
        "Je hoeft niets te doen.",
        "en": "I cannot save your message right now. Teams will send it to me again "
        "shortly. You do not need to do anything.",
    },
    "status.title": {"nl": "Voortgang: {project}", "en": "Progress: {project}"},
    "status.team": {
        "nl": "{answered} van {total} vragen hebben een antwoord.",
        "en": "{answered} of {total} questions have an answer.",
    },
    "status.mine": {
        "nl": "Voor jou staan nog {count} vragen open.",
        "en": "You still have {count} open questions.",
    },
    "status.mine_done": {
        "nl": "Jij hebt alles beantwoord.",
        "en": "You have answered everything.",
    },
    "status.who": {"nl": "Wie deed mee", "en": "Who took part"},
    "status.person": {"nl": "{name}: {count} antwoorden", "en": "{name}: {count} answers"},
    "status.person_one": {"nl": "{name}: 1 antwoord", "en": "{name}: 1 answer"},
    "status.closed": {
        "nl": "Dit project is afgerond op {date}.",
        "en": "This project was closed on {date}.",
    },
    "finish.already_closed": {
        "nl": "Het project **{project}** is al afgerond.",
        "en": "The project **{project}** has already been closed.",
    },
    "finish.confirm_title": {"nl": "{project} afronden?", "en": "Close {project}?"},
    "finish.confirm_body": {
        "nl": "Nog {open} antwoorden open: {people}. Na het afronden kan niemand meer "
        "antwoorden. Toch afronden?",
        "en": "{open} answers are still open: {people}. After closing, nobody can answer "
        "any more. Close anyway?",
    },
    "finish.confirm_body_one": {
        "nl": "Nog 1 antwoord open: {people}. Na het afronden kan niemand meer antwoorden. "
        "Toch afronden?",
        "en": "1 answer is still open: {people}. After closing, nobody can answer any more. "
        "Close anyway?",
    },
    "finish.confirm_person": {
        "nl": "{name} heeft er nog {count}",
        "en": "{name} has {count} left",
    },
    "finish.confirm_others": {
        "nl": "{count} anderen samen nog {open}",
        "en": "{count} others {open} between them",
    },
    "finish.confirm_hint": {
        "nl": "Zonder knoppen: typ ja of nee.",
        "en": "Without buttons: type yes or no.",
    },
    "finish.cancelled": {
        "nl": "Het project blijft open. Iedereen kan verder met antwoorden.",
        "en": "The project stays open. Everyone can go on answering.",
    },
    "button.finish_yes": {"nl": "Ja, afronden", "en": "Yes, close it"},
    "button.finish_no": {"nl": "Nee, nog niet", "en": "No, not yet"},
    "finish.closed_by": {
        "nl": "{name} heeft **{project}** afgerond. Nieuwe antwoorden zijn niet meer mogelijk.",
        "en": "{name} closed **{project}**. New answers are no longer possible.",
    },
}


def text(key: str, language: str, **values: Any) -> str:
    """The message `key` in `language` (Dutch unless "en"), with values filled in."""
    entry = MESSAGES[key]
    template = entry["en"] if language == "en" else entry["nl"]
    return template.format(**values) if values else template


# Labels of the answer scales, kept apart from the sentences above.
SCALE_LABELS: dict[str, dict[str, str]] = {
    "strongly_positive": {"nl": "Sterk positief", "en": "Strongly positive"},
    "positive": {"nl": "Positief", "en": "Positive"},
    "neutral": {"nl": "Neutraal / geen effect", "en": "Neutral / no effect"},
    "negative": {"nl": "Negatief", "en": "Negative"},
    "strongly_negative": {"nl": "Sterk negatief", "en": "Strongly negative"},
    "unknown": {"nl": "Weet niet", "en": "Don't know"},
    "certain": {"nl": "Zeker", "en": "Certain"},
    "likely": {"nl": "Waarschijnlijk", "en": "Likely"},
    "uncertain": {"nl": "Onzeker", "en": "Uncertain"},
}


def scale_label(value: str, language: str) -> str:
    """The label of an Effect or Certainty value in `language`."""
    entry = SCALE_LABELS[value]
    return entry["en"] if language == "en" else entry["nl"]


MESSAGES.update(
    {
        "summary.title_final": {"nl": "Samenvatting: {project}", "en": "Summary: {project}"},
        "summary.title_interim": {
            "nl": "Tussenstand: {project}",
            "en": "Interim summary: {project}",
        },
        "summary.interim_note": {
            "nl": "Dit is een tussenstand. {given} van de {asked} antwoorden zijn gegeven.",
            "en": "This is an interim summary. {given} of the {asked} answers have been given.",
        },
        "summary.final_note": {
            "nl": "Afgerond op {date}. {given} van de {asked} antwoorden zijn gegeven.",
            "en": "Closed on {date}. {given} of the {asked} answers were given.",
        },
        "summary.meta": {
            "nl": "Gestart op {date} door {starter}. Meegedaan: {people}.",
            "en": "Started on {date} by {starter}. Took part: {people}.",
        },
        "summary.nobody": {"nl": "nog niemand", "en": "nobody yet"},
        "summary.streefbeeld": {"nl": "Streefbeeld", "en": "Target picture (streefbeeld)"},
        "summary.no_streefbeeld": {
            "nl": "Het team heeft nog geen streefbeeld gegeven.",
            "en": "The team has not given a target picture yet.",
        },
        "summary.description": {"nl": "Het project", "en": "The project"},
        "summary.headline": {"nl": "In het kort", "en": "In short"},
        "summary.head_helped": {"nl": "Beter: {themes}", "en": "Better: {themes}"},
        "summary.head_harmed": {"nl": "Slechter: {themes}", "en": "Worse: {themes}"},
        "summary.head_none": {
            "nl": "Het team ziet nog geen thema samen beter of slechter worden.",
            "en": "The team does not yet see any theme get better or worse together.",
        },
        "summary.profile": {"nl": "Effecten per thema", "en": "Effects per theme"},
        "summary.dimension_line": {
            "nl": "{dimension}: {direction}",
            "en": "{dimension}: {direction}",
        },
        "summary.no_judgement": {"nl": "nog geen oordeel", "en": "no judgement yet"},
        "summary.count": {"nl": "{n} met een oordeel", "en": "{n} with an opinion"},
        "summary.disagree": {"nl": "verdeeld", "en": "split"},
        "summary.gaps": {
            "nl": "Wat we nog niet weten ({count})",
            "en": "What we do not know yet ({count})",
        },
        "summary.no_gaps": {
            "nl": "Geen open punten gevonden.",
            "en": "No open points found.",
        },
        "summary.trade_offs": {"nl": "Af te wegen ({count})", "en": "To weigh ({count})"},
        "summary.no_trade_offs": {
            "nl": "Nog geen afwegingen: er zijn geen effecten die tegen elkaar ingaan.",
            "en": "No trade-offs yet: no effects work against each other.",
        },
        "summary.team_view": {"nl": "Afweging van het team", "en": "The team's weighing"},
        "summary.accepted": {"nl": "Wat we accepteren", "en": "What we accept"},
        "summary.mitigation": {"nl": "Wat we doen tegen nadelen", "en": "How we soften harms"},
        "summary.advice": {"nl": "Advies", "en": "Advice"},
        "summary.all_effects": {"nl": "Alle thema's", "en": "All themes"},
        "gap.disagreement": {
            "nl": "De meningen over {theme} zijn verdeeld",
            "en": "Opinions on {theme} are split",
        },
        "gap.unknown": {
            "nl": "Effect op {theme} is onbekend",
            "en": "Effect on {theme} is unknown",
        },
        "gap.low_certainty": {
            "nl": "Onzeker over {theme}",
            "en": "Uncertain about {theme}",
        },
        "gap.unanswered": {
            "nl": "Nog geen antwoord ({count})",
            "en": "No answer yet ({count})",
        },
        "gap.knowledge": {"nl": "Nog uitzoeken", "en": "Still to find out"},
        "gap.said_by": {"nl": "{names}", "en": "{names}"},
        "tradeoff.themes": {
            "nl": "Goed voor {gains}, maar slecht voor {losses}",
            "en": "Good for {gains}, but bad for {losses}",
        },
        "tradeoff.now_later": {
            "nl": "Nu beter ({gains}), later slechter ({losses})",
            "en": "Better now ({gains}), worse later ({losses})",
        },
        "tradeoff.later_now": {
            "nl": "Later beter ({gains}), nu slechter ({losses})",
            "en": "Better later ({gains}), worse now ({losses})",
        },
        "tradeoff.here_elsewhere": {
            "nl": "Hier beter ({gains}), elders slechter ({losses})",
            "en": "Better here ({gains}), worse elsewhere ({losses})",
        },
        "tradeoff.elsewhere_here": {
            "nl": "Elders beter ({gains}), hier slechter ({losses})",
            "en": "Better elsewhere ({gains}), worse here ({losses})",
        },
        "tradeoff.groups": {
            "nl": "Winst voor {gains}, verlies voor {losses}",
            "en": "Gain for {gains}, loss for {losses}",
        },
        "tradeoff.contested": {
            "nl": "Let op: het team is het hier niet over eens.",
            "en": "Note: the team does not agree on this.",
        },
        "tradeoff.named_by": {"nl": "genoemd door {names}", "en": "named by {names}"},
        "dimension.now": {"nl": "Hier en nu", "en": "Here and now"},
        "dimension.later": {"nl": "Later", "en": "Later"},
        "dimension.elsewhere": {"nl": "Elders", "en": "Elsewhere"},
        "dimension.distribution": {"nl": "Verdeling", "en": "Distribution"},
    }
)

MESSAGES.update(
    {
        "owner.only": {
            "nl": "Dat kan alleen {starter}, die het project startte, of een mede-eigenaar.",
            "en": "Only {starter}, who started the project, or a co-owner can do that.",
        },
        "co_owner.missing_mention": {
            "nl": "Noem de collega met @. Bijvoorbeeld: mede-eigenaar @Bram",
            "en": "Mention your colleague with @. For example: co-owner @Bram",
        },
        "co_owner.added": {
            "nl": "{name} is nu mede-eigenaar van **{project}**. {name} kan het project nu ook "
            "afronden of verwijderen.",
            "en": "{name} is now co-owner of **{project}**. {name} can now also finish or "
            "delete the project.",
        },
        "co_owner.already": {
            "nl": "{name} is al mede-eigenaar van **{project}**.",
            "en": "{name} is already co-owner of **{project}**.",
        },
        "delete.title": {
            "nl": "Project verwijderen: {project}",
            "en": "Delete project: {project}",
        },
        "delete.body": {
            "nl": "Weet je het zeker? Dit verwijdert **{project}** met alle {answers} antwoorden "
            "van {people} mensen. Dit kun je niet ongedaan maken.",
            "en": "Are you sure? This deletes **{project}** with all {answers} answers from "
            "{people} people. This cannot be undone.",
        },
        "delete.body_rounds": {
            "nl": "Weet je het zeker? Dit verwijdert alle {rounds} rondes van **{project}**, "
            "met alle {answers} antwoorden van {people} mensen. Ook de links naar de "
            "verslagen werken dan niet meer. Dit kun je niet ongedaan maken.",
            "en": "Are you sure? This deletes all {rounds} rounds of **{project}**, with all "
            "{answers} answers from {people} people. Links to the reports stop working too. "
            "This cannot be undone.",
        },
        "delete.text_hint": {
            "nl": "Zonder knoppen: typ verwijder ja",
            "en": "Without buttons: type delete yes",
        },
        "button.delete_yes": {"nl": "Ja, verwijder alles", "en": "Yes, delete everything"},
        "button.delete_no": {"nl": "Nee, bewaren", "en": "No, keep it"},
        "delete.done": {
            "nl": "**{project}** is verwijderd, met alle antwoorden ({answers}).",
            "en": "**{project}** has been deleted, with all its answers ({answers}).",
        },
        "delete.done_rounds": {
            "nl": "**{project}** is verwijderd: alle {rounds} rondes, met alle antwoorden "
            "({answers}).",
            "en": "**{project}** has been deleted: all {rounds} rounds, with all their "
            "answers ({answers}).",
        },
        "report_gone.title": {
            "nl": "Dit verslag is er niet (meer)",
            "en": "This report is not available",
        },
        "report_gone.why": {
            "nl": "Deze link werkt niet. Misschien is de link ingetrokken, of is het project "
            "verwijderd. Of de link is niet helemaal overgenomen.",
            "en": "This link does not work. The link may have been revoked, or the project "
            "deleted. Or the link was not copied in full.",
        },
        "report_gone.how": {
            "nl": "Bestaat het project nog? Typ dan in het kanaal van het project: "
            "samenvatting. Je krijgt dan een nieuwe link.",
            "en": "Does the project still exist? Then type in the project's channel: "
            "summary. You get a new link.",
        },
        "delete.cancelled": {
            "nl": "Er is niets verwijderd.",
            "en": "Nothing has been deleted.",
        },
        "my_data.title": {"nl": "Jouw gegevens: {project}", "en": "Your data: {project}"},
        "my_data.intro": {
            "nl": "Dit zijn alle antwoorden die onder jouw naam zijn opgeslagen, ook oudere "
            "versies. Gestart op {date} door {starter}. Status: {status}.",
            "en": "These are all the answers stored under your name, including earlier "
            "versions. Started on {date} by {starter}. State: {status}.",
        },
        "my_data.none": {
            "nl": "Er zijn geen antwoorden van jou opgeslagen.",
            "en": "No answers of yours are stored.",
        },
        "my_data.earlier": {"nl": "eerder antwoord", "en": "earlier answer"},
        "my_data.footer": {
            "nl": "Wil je iets laten verwijderen? Vraag de starter van het project om het "
            "project te verwijderen (verwijder).",
            "en": "Want something removed? Ask the project's starter to delete the project "
            "(delete).",
        },
        "my_data.sent": {
            "nl": "Ik heb je gegevens in een privéchat met jou gezet.",
            "en": "I have put your data in a private chat with you.",
        },
        "private.failed": {
            "nl": "Ik kon geen privéchat met je openen. Open zelf een chat met Breedbeeld en "
            "typ daar: {command}",
            "en": "I could not open a private chat with you. Open a chat with Breedbeeld "
            "yourself and type there: {command}",
        },
        "state.open": {"nl": "loopt nog", "en": "running"},
        "state.closed": {"nl": "afgerond", "en": "closed"},
    }
)


MESSAGES.update(
    {
        "summary.round_title": {"nl": "{project} (ronde {n})", "en": "{project} (round {n})"},
        "summary.nobody_answered": {
            "nl": "Nog niemand heeft een vraag beantwoord. Er is dus nog niets samen te vatten. "
            "Typ **volgende** om de eerste vraag te beantwoorden.",
            "en": "Nobody has answered a question yet, so there is nothing to summarise. "
            "Type **next** to answer the first question.",
        },
        "summary.open_report": {"nl": "Open het verslag", "en": "Open the report"},
        "summary.picture": {"nl": "Impactbeeld", "en": "Impact picture"},
        "change.title": {
            "nl": "Wat is veranderd sinds ronde {n}",
            "en": "What changed since round {n}",
        },
        "change.title_closed": {
            "nl": "Wat is veranderd sinds ronde {n} (afgerond op {date})",
            "en": "What changed since round {n} (closed on {date})",
        },
        "change.unchanged": {
            "nl": "{count} thema's zijn gelijk gebleven.",
            "en": "{count} themes stayed the same.",
        },
        "change.unchanged_one": {
            "nl": "1 thema is gelijk gebleven.",
            "en": "1 theme stayed the same.",
        },
        "change.none": {
            "nl": "Er is niets veranderd sinds de vorige ronde.",
            "en": "Nothing changed since the previous round.",
        },
        "change.better": {"nl": "beter", "en": "better"},
        "change.worse": {"nl": "slechter", "en": "worse"},
        "change.now_judged": {"nl": "nu een oordeel", "en": "now judged"},
        "change.now_unknown": {"nl": "nu geen oordeel", "en": "no judgement now"},
        "change.same": {"nl": "gelijk", "en": "the same"},
        "change.new_question": {"nl": "nieuwe vraag", "en": "new question"},
        "change.not_asked": {"nl": "niet gevraagd", "en": "not asked"},
        "picture.title": {"nl": "Impactbeeld: {project}", "en": "Impact picture: {project}"},
        "picture.subtitle_interim": {
            "nl": "Tussenstand · {given} van de {asked} antwoorden gegeven · deelnemers: {people}",
            "en": "Interim · {given} of the {asked} answers given · participants: {people}",
        },
        "picture.subtitle_final": {
            "nl": "Eindstand · {given} van de {asked} antwoorden gegeven · deelnemers: {people}",
            "en": "Final · {given} of the {asked} answers given · participants: {people}",
        },
        "picture.no_answer": {"nl": "Geen antwoord", "en": "No answer"},
        "picture.legend_certainty": {
            "nl": "Lichter = minder zeker",
            "en": "Lighter = less sure",
        },
        "picture.legend_disagreement": {
            "nl": "Streepjes = team is verdeeld",
            "en": "Stripes = the team is split",
        },
        "picture.alt": {
            "nl": "Impactbeeld met per thema wat het team zei.",
            "en": "Impact picture with what the team said per theme.",
        },
        "reassess.title": {
            "nl": "Ronde {n}: {project}",
            "en": "Round {n}: {project}",
        },
        "reassess.body": {
            "nl": "We kijken opnieuw naar dit project. Iedereen beantwoordt de vragen opnieuw, "
            "met wat het team nu weet. De antwoorden van ronde {previous} blijven bewaard.",
            "en": "We look at this project again. Everyone answers the questions again, with "
            "what the team knows now. The answers of round {previous} are kept.",
        },
        "reassess.how": {
            "nl": "In de samenvatting zie je per thema wat er veranderd is sinds ronde {previous}.",
            "en": "The summary shows per theme what changed since round {previous}.",
        },
        "reassess.still_running": {
            "nl": "Ronde {n} van **{project}** loopt nog. Rond die eerst af met **afronden**. "
            "Daarna kun je met **herhaal** een nieuwe ronde starten.",
            "en": "Round {n} of **{project}** is still running. Close it first with "
            "**finish**. Then you can start a new round with **reassess**.",
        },
        "reassess.nothing": {
            "nl": "Er is hier nog geen project om te herhalen. Begin met: start <naam van het "
            "project>",
            "en": "There is no project here to reassess yet. Begin with: start <name of the "
            "project>",
        },
        "revoke.done": {
            "nl": "Ik heb {count} links naar het verslag ingetrokken. Ook de paragraaf is "
            "zo niet meer te openen. Wie zo'n link heeft, ziet nu niets meer. "
            "Met **samenvatting** of **paragraaf** maak je een nieuwe link.",
            "en": "I revoked {count} links to the report. The paragraph can no longer be "
            "opened with them either. Anyone with such a link now sees nothing. "
            "Type **summary** or **paragraph** to make a new link.",
        },
        "revoke.done_one": {
            "nl": "Ik heb de link naar het verslag ingetrokken. Ook de paragraaf is zo niet "
            "meer te openen. Wie de link heeft, ziet nu niets meer. "
            "Met **samenvatting** of **paragraaf** maak je een nieuwe link.",
            "en": "I revoked the link to the report. The paragraph can no longer be opened "
            "with it either. Anyone with the link now sees nothing. "
            "Type **summary** or **paragraph** to make a new link.",
        },
        "revoke.none": {
            "nl": "Er zijn hier geen links naar een verslag om in te trekken.",
            "en": "There are no links to a report here to revoke.",
        },
    }
)

MESSAGES.update(
    {
        "started.invited": {
            "nl": "Ik stuur {names} hun vragen in een privéchat. Antwoorden kan ook hier, in "
            "de thread.",
            "en": "I am sending {names} their questions in a private chat. They can also "
            "answer here, in the thread.",
        },
        "invite.title": {"nl": "Je vragen voor {project}", "en": "Your questions for {project}"},
        "invite.body": {
            "nl": "{starter} vraagt je mee te kijken naar **{project}**. Er staan {count} vragen "
            "voor je klaar. Antwoord hier wanneer het je uitkomt; je kunt een antwoord later "
            "nog veranderen.",
            "en": "{starter} asks you to look at **{project}** together. {count} questions are "
            "waiting for you. Answer here whenever it suits you; you can change an answer later.",
        },
        "invite.deadline": {"nl": "Graag klaar op {date}.", "en": "Please finish by {date}."},
        "invite.failed": {
            "nl": "Ik kon {name} geen privébericht sturen. Misschien heeft {name} de app "
            "Breedbeeld nog niet. {name} kan hier in de thread antwoorden: typ **volgende**.",
            "en": "I could not send {name} a private message. Maybe {name} does not have the "
            "Breedbeeld app yet. {name} can answer here in the thread: type **next**.",
        },
        "participants.added": {
            "nl": "{names} doen nu mee aan **{project}**.",
            "en": "{names} now take part in **{project}**.",
        },
        "participants.added_one": {
            "nl": "{names} doet nu mee aan **{project}**.",
            "en": "{names} now takes part in **{project}**.",
        },
        "participants.already": {
            "nl": "{names} deden al mee aan **{project}**.",
            "en": "{names} already took part in **{project}**.",
        },
        "participants.title": {"nl": "Deelnemers: {project}", "en": "Participants: {project}"},
        "participants.how": {
            "nl": "Vraag collega's mee te doen met: deelnemers @naam. Of neem het hele team "
            "met: deelnemers iedereen.",
            "en": "Ask colleagues to take part with: participants @name. Or take the whole "
            "team with: participants everyone.",
        },
        "participants.paused": {"nl": "herinneringen op pauze", "en": "reminders paused"},
        "participants.left": {"nl": "niet meer in het team", "en": "left the team"},
        "participants.outsider": {
            "nl": "{name} zit niet in dit kanaal of deze chat. Voeg {name} eerst toe aan het "
            "team, en probeer het dan opnieuw.",
            "en": "{name} is not in this channel or chat. Add {name} to the team first, then "
            "try again.",
        },
        "participants.roster_failed": {
            "nl": "Ik kon de leden van dit team niet opvragen. Noem je collega's dan met @.",
            "en": "I could not look up the members of this team. Please mention your "
            "colleagues with @ instead.",
        },
        "assign.done": {
            "nl": "**{part}** is nu voor {names}. Die vragen gaan niet meer naar de anderen.",
            "en": "**{part}** is now for {names}. Those questions no longer go to the others.",
        },
        "assign.already": {
            "nl": "**{part}** was al voor {names}.",
            "en": "**{part}** was already for {names}.",
        },
        "assign.how": {
            "nl": "Schrijf het zo: wijs Hier en nu toe aan @Bram",
            "en": "Write it like this: assign Here and now to @Bram",
        },
        "assign.unknown_part": {
            "nl": "Dat deel ken ik niet: {part}. Kies een deel of een thema, bijvoorbeeld: "
            "{examples}.",
            "en": "I don't know that part: {part}. Choose a part or a theme, for example: "
            "{examples}.",
        },
        "deadline.set": {
            "nl": "De deadline van **{project}** is nu {date}. Herinneringen gaan uit op "
            "{moments}, alleen naar wie nog vragen open heeft.",
            "en": "The deadline of **{project}** is now {date}. Reminders go out on "
            "{moments}, only to those who still have open questions.",
        },
        "deadline.set_no_reminders": {
            "nl": "De deadline van **{project}** is nu {date}. Daarvoor is het te laat voor "
            "geplande herinneringen; met **herinner** stuur je er zelf een.",
            "en": "The deadline of **{project}** is now {date}. It is too late for planned "
            "reminders; send one yourself with **remind**.",
        },
        "deadline.removed": {
            "nl": "**{project}** heeft geen deadline meer. Er gaan geen geplande herinneringen "
            "meer uit.",
            "en": "**{project}** no longer has a deadline. No planned reminders go out any more.",
        },
        "deadline.how": {
            "nl": "Welke datum? Schrijf bijvoorbeeld: deadline 12-12-2026",
            "en": "Which date? Write for example: deadline 12-12-2026",
        },
        "deadline.unreadable": {
            "nl": "Ik begrijp die datum niet: {typed}. Schrijf bijvoorbeeld: deadline 12-12-2026",
            "en": "I don't understand that date: {typed}. Write for example: deadline 12-12-2026",
        },
        "deadline.past": {
            "nl": "Die datum is al voorbij. Kies een datum in de toekomst.",
            "en": "That date has already passed. Choose a date in the future.",
        },
        "remind.now": {
            "nl": "Ik stuur nu een herinnering aan wie nog vragen open heeft: {names}.",
            "en": "I am sending a reminder now to those with open questions: {names}.",
        },
        "remind.later": {
            "nl": "Ik stuur een herinnering op {moment}, aan wie dan nog vragen open heeft. "
            "Buiten werktijd stuur ik geen berichten.",
            "en": "I will send a reminder on {moment}, to those who then still have open "
            "questions. I send no messages outside working hours.",
        },
        "remind.at": {
            "nl": "Ik stuur een herinnering op {moment}, aan wie dan nog vragen open heeft.",
            "en": "I will send a reminder on {moment}, to those who then still have open "
            "questions.",
        },
        "remind.nobody": {
            "nl": "Niemand heeft nog vragen open. Er is niemand om te herinneren.",
            "en": "Nobody has open questions. There is nobody to remind.",
        },
        "remind.past": {
            "nl": "Dat moment is al voorbij. Kies een moment in de toekomst, bijvoorbeeld: "
            "herinner morgen 10:00",
            "en": "That moment has already passed. Choose one in the future, for example: "
            "remind tomorrow 10:00",
        },
        "remind.unreadable": {
            "nl": "Ik begrijp dat moment niet: {typed}. Schrijf bijvoorbeeld: herinner morgen "
            "10:00",
            "en": "I don't understand that moment: {typed}. Write for example: remind "
            "tomorrow 10:00",
        },
        "remind.team_paused": {
            "nl": "De herinneringen voor **{project}** staan op pauze. Typ eerst **hervat team**.",
            "en": "Reminders for **{project}** are paused. Type **resume team** first.",
        },
        "pause.me": {
            "nl": "Je krijgt geen herinneringen meer voor **{project}**. Typ **hervat** om ze "
            "weer te krijgen.",
            "en": "You will get no more reminders for **{project}**. Type **resume** to get "
            "them again.",
        },
        "pause.me_already": {
            "nl": "Je herinneringen voor **{project}** stonden al op pauze.",
            "en": "Your reminders for **{project}** were already paused.",
        },
        "resume.me": {
            "nl": "Je krijgt weer herinneringen voor **{project}**.",
            "en": "You will get reminders for **{project}** again.",
        },
        "resume.me_already": {
            "nl": "Je herinneringen voor **{project}** stonden al aan.",
            "en": "Your reminders for **{project}** were already on.",
        },
        "pause.not_participant": {
            "nl": "Je doet niet mee aan **{project}**, dus je krijgt er geen herinneringen voor.",
            "en": "You are not taking part in **{project}**, so you get no reminders for it.",
        },
        "pause.team": {
            "nl": "Alle herinneringen voor **{project}** staan op pauze. Typ **hervat team** om "
            "ze weer aan te zetten.",
            "en": "All reminders for **{project}** are paused. Type **resume team** to turn "
            "them on again.",
        },
        "pause.team_already": {
            "nl": "De herinneringen voor **{project}** stonden al op pauze.",
            "en": "Reminders for **{project}** were already paused.",
        },
        "resume.team": {
            "nl": "De herinneringen voor **{project}** staan weer aan.",
            "en": "Reminders for **{project}** are on again.",
        },
        "resume.team_already": {
            "nl": "De herinneringen voor **{project}** stonden al aan.",
            "en": "Reminders for **{project}** were already on.",
        },
        "pause.closed": {
            "nl": "Het project **{project}** is al afgerond. Er gaan geen herinneringen meer "
            "voor uit.",
            "en": "The project **{project}** has already been closed. No reminders go out "
            "for it any more.",
        },
        "reminder.title": {"nl": "Herinnering: {project}", "en": "Reminder: {project}"},
        "reminder.body": {
            "nl": "Je hebt nog {count} vragen open voor **{project}**.",
            "en": "You still have {count} open questions for **{project}**.",
        },
        "reminder.body_one": {
            "nl": "Je hebt nog 1 vraag open voor **{project}**.",
            "en": "You still have 1 open question for **{project}**.",
        },
        "reminder.deadline": {
            "nl": "De deadline is {date}.",
            "en": "The deadline is {date}.",
        },
        "reminder.footer": {
            "nl": "Liever geen herinneringen? Typ **pauze**.",
            "en": "Rather no reminders? Type **pause**.",
        },
        "reminder.not_delivered": {
            "nl": "{starter}, ik kon {name} geen herinnering sturen: ik kan geen privéchat met "
            "{name} openen. Misschien heeft {name} de app Breedbeeld nog niet. Het project "
            "loopt gewoon door.",
            "en": "{starter}, I could not send {name} a reminder: I cannot open a private chat "
            "with {name}. Maybe {name} does not have the Breedbeeld app yet. The project "
            "carries on.",
        },
        "reminder.left": {
            "nl": "{starter}, {name} zit niet meer in het team. Ik stuur {name} geen "
            "herinneringen meer. De antwoorden van {name} blijven bewaard.",
            "en": "{starter}, {name} is no longer in the team. I will send {name} no more "
            "reminders. {name}'s answers are kept.",
        },
        "choose.title": {"nl": "Welk project bedoel je?", "en": "Which project do you mean?"},
        "choose.typed": {
            "nl": "Zonder knoppen: typ {numbers}.",
            "en": "Without buttons: type {numbers}.",
        },
        "choose.cancelled": {
            "nl": "Goed, dan doe ik niets.",
            "en": "All right, I won't do anything.",
        },
        "choose.unknown_number": {
            "nl": "Dat nummer staat niet in de lijst. Typ {numbers}.",
            "en": "That number is not in the list. Type {numbers}.",
        },
        "choose.body": {
            "nl": "Hier lopen meer projecten. Kies er een. Of typ je bericht in de thread van "
            "het project, dan weet ik het meteen.",
            "en": "Several projects are running here. Choose one. Or type your message in the "
            "project's thread, then I know right away.",
        },
        "list.title": {"nl": "Projecten hier", "en": "Projects here"},
        "list.line": {
            "nl": "{project} – {state}, {answered} van {total} vragen beantwoord, "
            "deelnemers: {people}",
            "en": "{project} – {state}, {answered} of {total} questions answered, "
            "participants: {people}",
        },
        "list.deadline": {"nl": "deadline {date}", "en": "deadline {date}"},
        "list.none": {
            "nl": "Hier is nog geen project. Begin met: start <naam van het project>",
            "en": "No project here yet. Begin with: start <name of the project>",
        },
        "list.footer": {
            "nl": "Typ je commando's in de thread van een project, dan weet ik welk je bedoelt.",
            "en": "Type your commands in a project's thread, then I know which one you mean.",
        },
        "state.paused": {"nl": "herinneringen op pauze", "en": "reminders paused"},
        "welcome.title": {"nl": "Hallo, ik ben Breedbeeld", "en": "Hello, I am Breedbeeld"},
        "welcome.body": {
            "nl": "Ik help je team om een project breed te bekijken, met de vragen van brede "
            "welvaart. Iedereen antwoordt wanneer het uitkomt: hier, of in een privéchat met mij.",
            "en": "I help your team look at a project broadly, with the questions of broad "
            "wellbeing. Everyone answers when it suits them: here, or in a private chat with me.",
        },
        "welcome.how": {
            "nl": "Typ **start** en de naam van je project. Bijvoorbeeld: start Fietspad "
            "Assen-Zuid. Typ **help** voor alles wat ik kan.",
            "en": "Type **start** and the name of your project. For example: start Cycle path "
            "Assen-South. Type **help** for everything I can do.",
        },
        "welcome.input": {"nl": "Naam van het project", "en": "Name of the project"},
        "welcome.placeholder": {
            "nl": "Bijvoorbeeld: Fietspad Assen-Zuid",
            "en": "For example: Cycle path Assen-South",
        },
        "button.start": {"nl": "Start", "en": "Start"},
        "button.pause": {"nl": "Pauzeer herinneringen", "en": "Pause reminders"},
        "status.deadline": {"nl": "Deadline: {date}.", "en": "Deadline: {date}."},
        "status.paused": {
            "nl": "Herinneringen staan op pauze.",
            "en": "Reminders are paused.",
        },
        "status.assigned": {"nl": "voor {names}", "en": "for {names}"},
        "status.invited": {"nl": "{name}: nog geen antwoorden", "en": "{name}: no answers yet"},
        "and": {"nl": "en", "en": "and"},
        "or": {"nl": "of", "en": "or"},
    }
)


MESSAGES.update(
    {
        "report.title": {"nl": "Verslag: {project}", "en": "Report: {project}"},
        "report.intro": {
            "nl": "Dit verslag laat zien hoe het team het project bekijkt vanuit brede welvaart: "
            "hier en nu, later, elders en voor wie. Eerst de samenvatting, daarna alle "
            "antwoorden met uitleg.",
            "en": "This report shows how the team looks at the project from the point of view "
            "of broad wellbeing: here and now, later, elsewhere and for whom. First the "
            "summary, then every answer with its explanation.",
        },
        "report.interim_banner": {
            "nl": "Let op: dit is een tussenstand. Het team is nog bezig.",
            "en": "Note: this is an interim report. The team is still working on it.",
        },
        "report.contents": {"nl": "Inhoud", "en": "Contents"},
        "report.answers": {"nl": "Alle antwoorden", "en": "All answers"},
        "report.participants": {"nl": "Wie deed mee", "en": "Who took part"},
        "report.dates": {"nl": "Data", "en": "Dates"},
        "report.started": {"nl": "Gestart", "en": "Started"},
        "report.closed": {"nl": "Afgerond", "en": "Closed"},
        "report.not_closed": {"nl": "nog niet afgerond", "en": "not closed yet"},
        "report.exports": {"nl": "Download de gegevens", "en": "Download the data"},
        "report.csv": {"nl": "CSV (Excel)", "en": "CSV (Excel)"},
        "report.json": {"nl": "JSON", "en": "JSON"},
        "report.markdown": {"nl": "Markdown", "en": "Markdown"},
        "report.picture": {"nl": "Impactbeeld", "en": "Impact picture"},
        "report.changes_all": {
            "nl": "Alle thema's, vorige ronde en nu",
            "en": "All themes, previous round and now",
        },
        "report.theme": {"nl": "Thema", "en": "Theme"},
        "report.dimension": {"nl": "Deel", "en": "Part"},
        "report.before": {"nl": "Vorige ronde", "en": "Previous round"},
        "report.now": {"nl": "Nu", "en": "Now"},
        "report.change": {"nl": "Verschil", "en": "Change"},
        "report.judgement": {"nl": "Oordeel van het team", "en": "Team's judgement"},
        "report.certainty": {"nl": "Zekerheid", "en": "Certainty"},
        "report.count": {"nl": "Antwoorden", "en": "Answers"},
        "report.no_answers_yet": {"nl": "Nog geen antwoord.", "en": "No answer yet."},
        "report.how_to_read": {"nl": "Zo lees je dit verslag", "en": "How to read this report"},
        "report.how_to_read_body": {
            "nl": "Per thema staat wat het team zei. Zegt de een beter en de ander slechter, dan "
            "is het thema verdeeld. Dat is een eigen uitkomst: geen gemiddelde en geen "
            "'geen effect'. Ook 'geen effect' naast een effect is verdeeld, als de antwoorden "
            "twee stappen uit elkaar liggen, als beide kanten even groot zijn of als iemand "
            "aan beide kanten zeker is. Anders geldt het middelste antwoord. 'Sterk' staat er "
            "alleen als de meesten 'sterk' zeiden. 'Weet niet' telt niet mee in het oordeel. "
            "Het staat bij wat we nog niet weten. Per deel tellen we de thema's: zoveel beter, "
            "slechter, verdeeld en zonder effect. Hebben minder dan de helft van de thema's een "
            "oordeel, dan staat er dat het nog te vroeg is. De teller telt antwoorden: iedere "
            "deelnemer krijgt zijn eigen vragen, en een teamvraag telt één keer.",
            "en": "Each theme shows what the team said. If one person says better and another "
            "worse, the theme is split. That is an outcome of its own: no average and no 'no "
            "effect'. 'No effect' next to an effect is split too when the answers are two "
            "steps apart, when both sides are the same size, or when someone on each side is "
            "certain. Otherwise the middle answer counts. 'Strongly' is only said when most "
            "said 'strongly'. 'Don't know' does not count towards the judgement; it is listed "
            "under what we do not know yet. Each part counts its themes: so many better, "
            "worse, split and without effect. When fewer than half the themes have an "
            "opinion, it says it is too early. The counter counts answers: every participant "
            "gets their own questions, and a team question counts once.",
        },
        "report.generated": {"nl": "Gemaakt", "en": "Generated"},
        "report.generated_at": {
            "nl": "Gemaakt op {when} door Breedbeeld.",
            "en": "Generated on {when} by Breedbeeld.",
        },
        "report.author": {"nl": "Wie", "en": "Who"},
        "report.answer": {"nl": "Antwoord", "en": "Answer"},
        "report.explanation": {"nl": "Uitleg", "en": "Explanation"},
        "report.when": {"nl": "Wanneer", "en": "When"},
        "report.question": {"nl": "Vraag", "en": "Question"},
        "report.print": {
            "nl": "Tip: print deze pagina als pdf voor het collegevoorstel.",
            "en": "Tip: print this page to PDF to attach it to a proposal.",
        },
        "report.part_progress": {
            "nl": "{given} van {asked} antwoorden gegeven",
            "en": "{given} of {asked} answers given",
        },
    }
)


MESSAGES.update(
    {
        "summary.head_split": {"nl": "Verdeeld: {themes}", "en": "Split: {themes}"},
        "summary.head_tradeoffs": {
            "nl": "Af te wegen: {first} (en nog {more})",
            "en": "To weigh: {first} (and {more} more)",
        },
        "summary.head_tradeoffs_one": {
            "nl": "Af te wegen: {first}",
            "en": "To weigh: {first}",
        },
        "summary.open": {
            "nl": "Wat we nog niet weten: {parts}",
            "en": "What we do not know yet: {parts}",
        },
        "summary.open_none": {"nl": "Geen open punten.", "en": "No open points."},
        "summary.open_disagreement": {
            "nl": "verdeeld over {n} thema's",
            "en": "split on {n} themes",
        },
        "summary.open_disagreement_one": {
            "nl": "verdeeld over 1 thema",
            "en": "split on 1 theme",
        },
        "summary.open_unknown": {
            "nl": "'weet niet' bij {n} thema's",
            "en": "'don't know' on {n} themes",
        },
        "summary.open_unknown_one": {
            "nl": "'weet niet' bij 1 thema",
            "en": "'don't know' on 1 theme",
        },
        "summary.open_low_certainty": {
            "nl": "onzeker bij {n} thema's",
            "en": "uncertain on {n} themes",
        },
        "summary.open_low_certainty_one": {
            "nl": "onzeker bij 1 thema",
            "en": "uncertain on 1 theme",
        },
        "summary.open_unanswered": {
            "nl": "{n} vragen zonder antwoord",
            "en": "{n} questions without an answer",
        },
        "summary.open_unanswered_one": {
            "nl": "1 vraag zonder antwoord",
            "en": "1 question without an answer",
        },
        "summary.open_knowledge_gap": {
            "nl": "{n} punten om uit te zoeken",
            "en": "{n} things to find out",
        },
        "summary.open_knowledge_gap_one": {
            "nl": "1 punt om uit te zoeken",
            "en": "1 thing to find out",
        },
    }
)

MESSAGES["summary.more"] = {
    "nl": "… en nog {n}. Alles staat in het verslag.",
    "en": "… and {n} more. Everything is in the report.",
}
MESSAGES["summary.more_no_report"] = {"nl": "… en nog {n}.", "en": "… and {n} more."}
MESSAGES["summary.picture_alt"] = {
    "nl": "Impactbeeld: per thema het oordeel van het team, in kleur. Hetzelfde staat hieronder "
    "in tekst.",
    "en": "Impact picture: the team's judgement per theme, in colour. The text below says the "
    "same.",
}
MESSAGES.update(
    {
        "change.not_answered_yet": {"nl": "nog geen antwoord", "en": "no answer yet"},
        "change.not_answered_yet_list": {
            "nl": "Nog niet opnieuw beantwoord: {themes}.",
            "en": "Not answered again yet: {themes}.",
        },
        "summary.from_round": {"nl": "uit ronde {n}", "en": "from round {n}"},
    }
)
MESSAGES["change.now_unknown"] = {"nl": "nu onbekend", "en": "now unknown"}


# The summary: split themes, coverage, the parts of the framework (issue 16).
MESSAGES.update(
    {
        "effect.strongly_positive": {"nl": "sterk positief", "en": "strongly positive"},
        "effect.positive": {"nl": "positief", "en": "positive"},
        "effect.neutral": {"nl": "geen effect", "en": "no effect"},
        "effect.negative": {"nl": "negatief", "en": "negative"},
        "effect.strongly_negative": {"nl": "sterk negatief", "en": "strongly negative"},
        "effect.unknown": {"nl": "weet niet", "en": "don't know"},
        "summary.split": {"nl": "Verdeeld", "en": "Split"},
        "summary.tally": {"nl": "{n}× {label}", "en": "{n}× {label}"},
        "summary.lean": {"nl": "de meesten: {side}", "en": "most: {side}"},
        "side.better": {"nl": "beter", "en": "better"},
        "side.worse": {"nl": "slechter", "en": "worse"},
        "side.no_effect": {"nl": "geen effect", "en": "no effect"},
        "summary.count_unknown": {"nl": "{n} weet niet", "en": "{n} don't know"},
        "summary.part_better": {"nl": "{n} beter", "en": "{n} better"},
        "summary.part_worse": {"nl": "{n} slechter", "en": "{n} worse"},
        "summary.part_split": {"nl": "{n} verdeeld", "en": "{n} split"},
        "summary.part_no_effect": {"nl": "{n} geen effect", "en": "{n} no effect"},
        "summary.part_unknown": {"nl": "{n} weet niet", "en": "{n} don't know"},
        "summary.part_open": {"nl": "{n} nog open", "en": "{n} still open"},
        "summary.part_too_early": {
            "nl": "Nog te vroeg: {n} van de {total} thema's hebben een oordeel",
            "en": "Too early: {n} of the {total} themes have an opinion",
        },
        "summary.coverage": {
            "nl": "{given} van de {asked} antwoorden gegeven",
            "en": "{given} of the {asked} answers given",
        },
        "summary.coverage_person": {
            "nl": "{name} {given} van {asked}",
            "en": "{name} {given} of {asked}",
        },
        "summary.open_answers": {
            "nl": "{n} antwoorden open ({people})",
            "en": "{n} answers open ({people})",
        },
        "summary.open_answers_one": {
            "nl": "1 antwoord open ({people})",
            "en": "1 answer open ({people})",
        },
        "gap.open_answers": {
            "nl": "Wie nog vragen open heeft ({count})",
            "en": "Who still has questions open ({count})",
        },
        "gap.open_person": {
            "nl": "{name}: {n} open, in {parts}",
            "en": "{name}: {n} open, in {parts}",
        },
        "gap.open_team": {
            "nl": "Vragen voor het hele team: {n} nog zonder antwoord",
            "en": "Questions for the whole team: {n} still without an answer",
        },
        "gap.open_team_short": {"nl": "teamvragen {n}", "en": "team questions {n}"},
        "tradeoff.other_voice": {"nl": "Anders: {voice}", "en": "Other view: {voice}"},
        "summary.project": {"nl": "Over het project", "en": "About the project"},
        "summary.area": {"nl": "Gebied", "en": "Area"},
        "summary.target_groups": {"nl": "Doelgroepen", "en": "Target groups"},
        "summary.time_horizon": {"nl": "Termijn", "en": "Time horizon"},
        "summary.owner": {"nl": "Eigenaar en team", "en": "Owner and team"},
        "summary.spillover": {"nl": "Afwenteling op anderen", "en": "Burden shifted onto others"},
        "summary.synergies": {"nl": "Wat elkaar versterkt", "en": "What reinforces each other"},
        "summary.conflicts": {"nl": "Wat met elkaar botst", "en": "What clashes"},
        "summary.sources": {
            "nl": "Bronnen en wie we erbij halen",
            "en": "Sources and whom we involve",
        },
        "summary.monitoring": {"nl": "Zo volgen we de effecten", "en": "How we follow the effects"},
        "target.losers": {
            "nl": "{n} van de {total} doelgroepen noemt iemand als verliezer: {groups}.",
            "en": "{n} of the {total} target groups are named as losing by someone: {groups}.",
        },
        "target.gainers": {
            "nl": "{n} van de {total} doelgroepen noemt iemand als winnaar: {groups}.",
            "en": "{n} of the {total} target groups are named as gaining by someone: {groups}.",
        },
        "target.contested": {
            "nl": "Als winnaar én als verliezer genoemd: {groups}.",
            "en": "Named as gaining and as losing: {groups}.",
        },
        "target.unnamed": {
            "nl": "Niemand noemt deze doelgroepen als winnaar of verliezer: {groups}.",
            "en": "Nobody names these target groups as gaining or losing: {groups}.",
        },
        "summary.parts": {"nl": "Per deel", "en": "Per part"},
        "summary.details_hint": {
            "nl": "Wil je alles zien? Typ: samenvatting details",
            "en": "Want to see everything? Type: summary details",
        },
        "status.team_answers": {
            "nl": "Het team gaf {given} van de {asked} antwoorden.",
            "en": "The team gave {given} of the {asked} answers.",
        },
        "summary.interim_note_one": {
            "nl": "Dit is een tussenstand. 1 van de {asked} antwoorden is gegeven.",
            "en": "This is an interim summary. 1 of the {asked} answers has been given.",
        },
        "summary.final_note_one": {
            "nl": "Afgerond op {date}. 1 van de {asked} antwoorden is gegeven.",
            "en": "Closed on {date}. 1 of the {asked} answers was given.",
        },
        "summary.part_too_early_one": {
            "nl": "Nog te vroeg: 1 van de {total} thema's heeft een oordeel",
            "en": "Too early: 1 of the {total} themes has an opinion",
        },
        "status.person_team": {
            "nl": "{line}, en {count} voor het hele team",
            "en": "{line}, and {count} for the whole team",
        },
        "status.person_of": {
            "nl": "{name}: {given} van {asked} vragen beantwoord",
            "en": "{name}: answered {given} of {asked} questions",
        },
        "finish.confirm_team": {
            "nl": "{count} vragen voor het hele team",
            "en": "{count} questions for the whole team",
        },
        "picture.split": {"nl": "Verdeeld", "en": "Split"},
        "change.now_split": {"nl": "nu verdeeld", "en": "now split"},
    }
)


def names_list(names: list[str] | tuple[str, ...], language: str, joiner: str = "and") -> str:
    """ "Anna", "Anna en Bram", "Anna, Bram en Chris" (and in English); with joiner "or":
    "1, 2 of 3"."""
    if len(names) <= 1:
        return "".join(names)
    return f"{', '.join(names[:-1])} {text(joiner, language)} {names[-1]}"


# The "paragraaf brede welvaart" (issue 19): the sentences written from the analysis
# (dialogs/paragraph_views.py). Headings and fixed sentences are in the municipality's
# template (questions/paragraph/); these are the parts that depend on the answers.
MESSAGES.update(
    {
        "paragraph.title": {
            "nl": "Paragraaf brede welvaart: {project}",
            "en": "Broad prosperity paragraph: {project}",
        },
        "paragraph.status_interim": {
            "nl": "Concept: {given} van de {asked} antwoorden zijn gegeven ({share}).",
            "en": "Draft: {given} of the {asked} answers have been given ({share}).",
        },
        "paragraph.status_final": {
            "nl": "Afgerond op {date}. {given} van de {asked} antwoorden zijn gegeven.",
            "en": "Closed on {date}. {given} of the {asked} answers were given.",
        },
        "paragraph.no_answers": {
            "nl": "Er zijn nog geen antwoorden voor {project}. Een paragraaf zonder inhoud "
            "maak ik niet. Beantwoord eerst een paar vragen: typ volgende.",
            "en": "There are no answers for {project} yet. I do not make a paragraph "
            "without content. Answer some questions first: type next.",
        },
        "paragraph.no_assessment": {
            "nl": "Hier loopt geen project. Start er een met: start <naam>.",
            "en": "There is no project here. Start one with: start <name>.",
        },
        "paragraph.download_docx": {"nl": "Word-bestand (.docx)", "en": "Word file (.docx)"},
        "paragraph.download_text": {"nl": "Platte tekst (.txt)", "en": "Plain text (.txt)"},
        "paragraph.show_text": {"nl": "Toon de tekst", "en": "Show the text"},
        "paragraph.too_long": {
            "nl": "De tekst is te lang om hier te tonen. Open het Word-bestand of de platte tekst.",
            "en": "The text is too long to show here. Open the Word file or the plain text.",
        },
        "paragraph.intro": {
            "nl": "De paragraaf voor het college- of raadsvoorstel. Open het Word-bestand, "
            "of kopieer de tekst.",
            "en": "The paragraph for the council proposal. Open the Word file, or copy the text.",
        },
        "paragraph.no_link": {
            "nl": "Een link naar het Word-bestand kan ik hier niet geven: de bot heeft geen "
            "openbaar webadres. De beheerder kan dat instellen (PUBLIC_BASE_URL). "
            "Hieronder staat de tekst.",
            "en": "I cannot give a link to the Word file here: the bot has no public web "
            "address. The administrator can set one (PUBLIC_BASE_URL). The text is below.",
        },
        "paragraph.saved_as": {
            "nl": "Het Word-bestand staat hier: {path}",
            "en": "The Word file is here: {path}",
        },
        "paragraph.revocable": {
            "nl": "Wie de link heeft, kan het bestand openen. Met intrekken laat je alle "
            "links van dit kanaal vervallen.",
            "en": "Anyone with the link can open the file. Revoke makes every link of "
            "this channel stop working.",
        },
        "paragraph.part": {"nl": "Samengevat: {line}.", "en": "In short: {line}."},
        "paragraph.better": {
            "nl": "Het team verwacht een positief effect op {items}.",
            "en": "The team expects a positive effect on {items}.",
        },
        "paragraph.worse": {
            "nl": "Het team verwacht een negatief effect op {items}.",
            "en": "The team expects a negative effect on {items}.",
        },
        "paragraph.neutral": {
            "nl": "Het team verwacht geen effect op {items}.",
            "en": "The team expects no effect on {items}.",
        },
        "paragraph.split": {
            "nl": "Over {theme} is het team verdeeld: {spread}.",
            "en": "The team is split on {theme}: {spread}.",
        },
        "paragraph.voices": {"nl": "{tally} ({names})", "en": "{tally} ({names})"},
        "paragraph.unknown": {
            "nl": "Het effect op {themes} weet het team nog niet. Dat is een open vraag.",
            "en": "The team does not know the effect on {themes} yet. That is an open question.",
        },
        "paragraph.unanswered_themes": {
            "nl": "Over {themes} heeft nog niemand iets gezegd.",
            "en": "Nobody has said anything about {themes} yet.",
        },
        "paragraph.groups_gain": {
            "nl": "Volgens het team gaan deze groepen erop vooruit: {groups}.",
            "en": "According to the team, these groups gain: {groups}.",
        },
        "paragraph.groups_lose": {
            "nl": "Volgens het team gaan deze groepen erop achteruit: {groups}.",
            "en": "According to the team, these groups lose: {groups}.",
        },
        "paragraph.group_named": {"nl": "{group}: {n}× genoemd", "en": "{group}: named {n}×"},
        "paragraph.group_contested": {
            "nl": "Over {groups} is het team verdeeld: iemand noemt ze als winnaar en iemand "
            "als verliezer.",
            "en": "The team is split on {groups}: someone names them as gaining and someone "
            "as losing.",
        },
        "paragraph.trade_off_possible": {
            "nl": "Mogelijk: {trade_off}. Dat hangt af van thema's waarover het team "
            "verdeeld is: {themes}.",
            "en": "Possibly: {trade_off}. That depends on themes the team is split on: {themes}.",
        },
        "paragraph.trade_off_also_split": {
            "nl": "{trade_off}. Het team is verdeeld over {themes}: die kunnen aan beide "
            "kanten vallen.",
            "en": "{trade_off}. The team is split on {themes}: these may fall on either side.",
        },
        "paragraph.trade_off": {"nl": "{trade_off}.", "en": "{trade_off}."},
        "paragraph.open_split": {
            "nl": "Het team moet nog uitzoeken waarom de meningen verschillen over {themes}.",
            "en": "The team still has to find out why views differ on {themes}.",
        },
        "paragraph.open_unknown": {
            "nl": "Bij {themes} koos iemand 'weet niet'.",
            "en": "For {themes}, someone chose 'don't know'.",
        },
        "paragraph.open_low_certainty": {
            "nl": "Bij {n} thema's is minstens één collega onzeker over het effect.",
            "en": "For {n} themes, at least one colleague is uncertain about the effect.",
        },
        "paragraph.open_low_certainty_one": {
            "nl": "Bij 1 thema is een collega onzeker over het effect.",
            "en": "For 1 theme, a colleague is uncertain about the effect.",
        },
        "paragraph.open_unanswered": {
            "nl": "{count} vragen hebben nog van niemand een antwoord.",
            "en": "{count} questions have no answer from anyone yet.",
        },
        "paragraph.open_unanswered_one": {
            "nl": "1 vraag heeft nog van niemand een antwoord.",
            "en": "1 question has no answer from anyone yet.",
        },
        "paragraph.open_answers": {
            "nl": "Er staan nog {n} antwoorden open: {people}. Ze horen bij {parts}.",
            "en": "{n} answers are still open: {people}. They are in {parts}.",
        },
        "paragraph.open_answers_one": {
            "nl": "Er staat nog 1 antwoord open: {people}. Het hoort bij {parts}.",
            "en": "1 answer is still open: {people}. It is in {parts}.",
        },
        "paragraph.open_team": {
            "nl": "{n} vragen voor het hele team",
            "en": "{n} questions for the whole team",
        },
        "paragraph.by": {"nl": "{text} ({name})", "en": "{text} ({name})"},
        "report.paragraph": {
            "nl": "Paragraaf brede welvaart (Word)",
            "en": "Broad prosperity paragraph (Word)",
        },
    }
)


# Cards that move on in place (Teams Action.Execute and dialogs, Slack updates and modals).
MESSAGES.update(
    {
        "button.later": {"nl": "Later verder", "en": "Continue later"},
        "button.previous": {"nl": "Vorige", "en": "Previous"},
        "closed.see_summary": {
            "nl": "Bekijk de samenvatting met de knop hieronder.",
            "en": "See the summary with the button below.",
        },
        "button.continue": {"nl": "Verder", "en": "Continue"},
        "card.title": {"nl": "Breedbeeld", "en": "Breedbeeld"},
        "card.how_to_continue": {
            "nl": "Typ **volgende** in een chat met mij om verder te gaan met je vragen.",
            "en": "Type **next** in a chat with me to go on with your questions.",
        },
        "answer.already_moved_on": {
            "nl": "Deze vraag had je al beantwoord. Er is niets dubbel opgeslagen. "
            "Hier is waar je nu bent.",
            "en": "You had already answered this question. Nothing was saved twice. "
            "Here is where you are now.",
        },
        "problem.gone": {
            "nl": "Dit project bestaat niet meer, of het hoort niet bij dit gesprek. "
            "Er is niets opgeslagen.",
            "en": "This project no longer exists, or it does not belong to this "
            "conversation. Nothing was saved.",
        },
        "problem.not_your_card": {
            "nl": "Deze vraag is voor {name}. Er is niets opgeslagen. "
            "Typ **volgende** voor je eigen vragen.",
            "en": "This question is for {name}. Nothing was saved. "
            "Type **next** for your own questions.",
        },
        "problem.closed_now": {
            "nl": "Het project **{project}** is afgerond. Je antwoord is niet opgeslagen.",
            "en": "The project **{project}** has been closed. Your answer was not saved.",
        },
        "problem.unknown_question_card": {
            "nl": "Die vraag bestaat niet (meer). Er is niets opgeslagen. "
            "Hier is je volgende vraag.",
            "en": "That question does not exist (any more). Nothing was saved. "
            "Here is your next question.",
        },
        "status.viewer_open": {
            "nl": "Jij: nog {count} vragen open.",
            "en": "You: {count} questions still open.",
        },
        "status.viewer_done": {
            "nl": "Jij: alles beantwoord. Dank je!",
            "en": "You: everything answered. Thank you!",
        },
        "status.viewer_assigned": {
            "nl": "{parts} is aan jou toegewezen.",
            "en": "{parts} is assigned to you.",
        },
        "done.title": {"nl": "Klaar: {project}", "en": "Done: {project}"},
        "done.mine": {
            "nl": "Je hebt al je vragen beantwoord ({count} antwoorden). Dank je!",
            "en": "You have answered all your questions ({count} answers). Thank you!",
        },
        "done.team_open": {
            "nl": "Het team heeft nog {count} vragen open:",
            "en": "The team still has {count} open questions:",
        },
        "done.team_done": {
            "nl": "Het team heeft alle vragen beantwoord.",
            "en": "The team has answered every question.",
        },
        "done.part_open": {"nl": "{part}: {count} open", "en": "{part}: {count} open"},
        "later.title": {"nl": "Later verder: {project}", "en": "Continue later: {project}"},
        "later.where": {
            "nl": "Je bent gestopt bij vraag {number} van {total} ({where}). "
            "Je hebt nog {open} vragen open. Alles wat je gaf is bewaard.",
            "en": "You stopped at question {number} of {total} ({where}). "
            "You have {open} open questions. Everything you gave is saved.",
        },
        "later.how": {
            "nl": "Ga verder met de knop hieronder, met de knop op de kaart van het project, "
            "of typ **volgende**.",
            "en": "Go on with the button below, with the button on the project's card, "
            "or type **next**.",
        },
    }
)
