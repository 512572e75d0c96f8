"""Demo content: every item of the newsletter ‘Update platform WijkWijzer Voorjaar 2022’.

Plain data, loaded by ``manage.py load_demo``. Dates are the original 2022 dates; the
command shifts them so that the edition date becomes today (see ``load_demo``).

Conventions in this module:

- Partners, themes and audiences are referred to by slug (``"lsa"``, ``"wonen"``).
- ``summary`` is the newsletter paragraph with its link markup removed.
- ``body`` is plain text; paragraphs are separated by a blank line.
- A date that must move along with the schedule is written as a token in the text:
  ``{2022-05-29|j F}`` renders the (shifted) date with that Django date format in Dutch
  (``29 mei``), and ``{2022-08-29..2022-08-31|dagen}`` renders a run of days
  (``29, 30 en 31 augustus 2022``). Historical dates (``2016–2020``) are plain text.
- ``slug`` is only given where ``slugify(title)`` would not be unique or the title holds a date token.
- An item without a known partner has no partners and no external link: we do not
  attribute publications or events to organisations that did not make them.
"""

from __future__ import annotations

import datetime

#: The date of the newsletter edition; the command maps it onto today.
EDITION_DATE = datetime.date(2022, 5, 6)

#: Time of day at which demo items go online (local time).
PUBLISH_TIME = datetime.time(9, 0)

D = datetime.date  # short alias for the many dates below

PARTNERS: list[dict] = [
    {
        "name": "Landelijk Samenwerkingsverband Actieve bewoners",
        "short_name": "LSA",
        "website": "https://www.lsabewoners.nl/",
        "description": (
            "LSA is de landelijke vereniging van en voor actieve bewoners en bewonersorganisaties in wijken "
            "en dorpen. LSA ondersteunt bewonersinitiatieven, bewonersbedrijven en buurtmakers en werkt al "
            "jaren vanuit Asset Based Community Development (ABCD)."
        ),
    },
    {
        "name": "Landelijk Platform Buurt- en Wijkgericht Werken",
        "short_name": "LPB",
        "website": "https://lpb.nl/",
        "description": (
            "Het LPB is het netwerk van en voor professionals in het buurt- en wijkgericht werken, met ruim "
            "honderd aangesloten gemeenten. Elk jaar organiseert het LPB met een gastgemeente een "
            "driedaags congres."
        ),
    },
    {
        "name": "Centrum voor Criminaliteitspreventie en Veiligheid",
        "short_name": "CCV",
        "website": "https://hetccv.nl/",
        "description": (
            "Het CCV helpt gemeenten, professionals en ondernemers om criminaliteit te voorkomen en de "
            "veiligheid te vergroten, met kennis, aanpakken en instrumenten. Het CCV organiseert ook de "
            "Hein Roethofprijs."
        ),
    },
    {
        "name": "Verwey-Jonker Instituut",
        "short_name": "Verwey-Jonker Instituut",
        "website": "https://www.verwey-jonker.nl/",
        "description": (
            "Het Verwey-Jonker Instituut is een onafhankelijk onderzoeksinstituut voor maatschappelijke "
            "vraagstukken, zoals participatie, jeugd, veiligheid en sociale samenhang in buurten."
        ),
    },
    {
        "name": "Movisie",
        "short_name": "Movisie",
        "website": "https://www.movisie.nl/",
        "description": (
            "Movisie is het landelijke kennisinstituut voor een samenhangende aanpak van sociale vraagstukken. "
            "Het deelt kennis over onder meer de sociale basis, bewonersinitiatieven en sociaal werk."
        ),
    },
    {
        "name": "Platform31",
        "short_name": "Platform31",
        "website": "https://www.platform31.nl/",
        "description": (
            "Platform31 is een kennis- en netwerkorganisatie voor stad en regio. Het verbindt beleid, "
            "wetenschap en praktijk rond wonen, wijkaanpak, economie en stedelijke vernieuwing."
        ),
    },
    {
        "name": "Vereniging van Nederlandse Gemeenten",
        "short_name": "VNG",
        "website": "https://vng.nl/",
        "description": (
            "De VNG is de vereniging van alle Nederlandse gemeenten. Ze behartigt hun belangen en ondersteunt "
            "gemeenten met kennis en advies, ook bij de wijkaanpak en in het sociaal domein."
        ),
    },
    {
        "name": "Ministerie van Binnenlandse Zaken en Koninkrijksrelaties",
        "short_name": "BZK",
        "website": "https://www.rijksoverheid.nl/ministeries/ministerie-van-binnenlandse-zaken-en-koninkrijksrelaties",
        "description": (
            "Het ministerie van Binnenlandse Zaken en Koninkrijksrelaties werkt aan een goed functionerend "
            "openbaar bestuur en zet zich samen met gemeenten en partners in voor leefbare en veilige wijken."
        ),
    },
]

THEMES: list[dict] = [
    {
        "name": "opvoeding",
        "introduction": (
            "Opgroeien en opvoeden gebeurt voor een groot deel in de buurt. Over hoe ouders, scholen, "
            "jongerenwerk en buurtbewoners samen zorgen voor een goede plek om op te groeien."
        ),
    },
    {
        "name": "scholing",
        "introduction": (
            "Gelijke kansen beginnen bij goed onderwijs, in welke wijk je ook opgroeit. Over scholing, "
            "kansengelijkheid en de school als partner in de wijk."
        ),
    },
    {
        "name": "sociaal functioneren",
        "introduction": (
            "Meedoen, ergens bij horen en op elkaar kunnen rekenen: daar gaat sociaal functioneren over. "
            "Over eenzaamheid, sociale samenhang en de sociale basis in buurten."
        ),
    },
    {
        "name": "werk en inkomen",
        "introduction": (
            "Werk en een stabiel inkomen geven bestaanszekerheid en perspectief. Over armoede, schulden en "
            "betaald werk dichtbij huis, bijvoorbeeld bij een bewonersbedrijf."
        ),
    },
    {
        "name": "gezondheid",
        "introduction": (
            "Waar je woont, heeft invloed op hoe gezond je bent. Over gezondheidsverschillen tussen wijken en "
            "over een leefomgeving die gezond leven makkelijker maakt."
        ),
    },
    {
        "name": "wonen",
        "introduction": (
            "Een goede, betaalbare woning in een prettige buurt is de basis voor veel andere dingen. Over "
            "woningcorporaties, prestatieafspraken en wonen in de wijkaanpak."
        ),
    },
    {
        "name": "veiligheid en criminaliteit",
        "introduction": (
            "Bewoners willen zich veilig voelen in hun straat en buurt. Over het voorkomen van criminaliteit "
            "en overlast, en over samenwerking tussen bewoners, gemeente en politie."
        ),
    },
    {
        "name": "leefbaarheid",
        "introduction": (
            "Leefbaarheid gaat over hoe prettig het is om in een buurt te wonen: schoon, heel, veilig en met "
            "oog voor elkaar. Kennis en instrumenten om daar samen aan te werken."
        ),
    },
    {
        "name": "energietransitie",
        "introduction": (
            "De overstap naar duurzame energie raakt elke wijk. Over hoe de energietransitie kan bijdragen aan "
            "de leefbaarheid, juist in kwetsbare wijken."
        ),
    },
    {
        "name": "bewonersinitiatieven",
        "introduction": (
            "Bewoners nemen zelf het initiatief om hun buurt te verbeteren. Over buurtinitiatieven, "
            "bewonersbedrijven en hoe gemeenten en professionals hen kunnen ondersteunen."
        ),
    },
    {
        "name": "financiering",
        "introduction": (
            "Een brede wijkaanpak vraagt om geld voor de lange termijn. Over rijksbudgetten, regelingen en "
            "nieuwe financieringsvormen voor de gebiedsgerichte aanpak."
        ),
    },
    {
        "name": "sport en bewegen",
        "introduction": (
            "Sporten en bewegen in de eigen buurt brengt mensen samen en is goed voor de gezondheid. Over "
            "buurtsport en bewoners die zelf activiteiten organiseren."
        ),
    },
    {
        "name": "spanningen in de buurt",
        "introduction": (
            "Soms ontstaan er spanningen tussen (groepen) buurtbewoners. Over het vroeg signaleren van "
            "spanningen en over voorkomen dat ze escaleren."
        ),
    },
]

AUDIENCES: list[str] = ["bewoners", "professionals", "beleidsmakers", "bestuurders"]

# Verdiepen. Listed in newsletter order; the first item is published last, so that the
# list on the site (newest first) shows them in the order of the newsletter.
ARTICLES: list[dict] = [
    {
        "title": "Manifest voor een succesvolle wijkaanpak",
        "kind": "manifest",
        "publish_from": D(2022, 5, 2),
        "partners": ["lsa", "lpb"],
        "themes": [
            "opvoeding",
            "scholing",
            "sociaal-functioneren",
            "werk-en-inkomen",
            "gezondheid",
            "wonen",
            "veiligheid-en-criminaliteit",
        ],
        "audiences": AUDIENCES,
        "tags": ["wijkaanpak", "kansengelijkheid", "manifest"],
        "external_url": "https://www.lsabewoners.nl/",
        "external_label": "Lees het manifest",
        "summary": (
            "Het is goed dat 'de wijk', na een beleidsvacuüm van bijna 10 jaar, terug is op de politieke "
            "agenda. Ons land kan bogen op een lange beleidstraditie waarin successen zijn geboekt, maar ook het "
            'nodige leergeld is betaald. Deze inzichten zijn gebundeld in het manifest: "Wij willen met dit '
            "manifest drie pijlers aanreiken voor een betekenisvolle en duurzame wijkaanpak. Een aanpak die "
            "leidt tot het bevorderen van kansgelijkheid en het verbeteren van het perspectief van bewoners op "
            "de gebieden opvoeding, scholing, sociaal functioneren, werk en inkomen, gezondheid, wonen en "
            'veiligheid en criminaliteit."'
        ),
        "body": (
            "Het manifest is geschreven op initiatief van LSA en het LPB, samen met een redactieteam van "
            "experts. Het bundelt wat de afgelopen decennia is geleerd over wat werkt in de wijk, zodat niet "
            "elke gemeente het wiel opnieuw hoeft uit te vinden.\n\n"
            "De drie pijlers in het kort. Bewoners en hun kennis en ervaring zijn leidend: werk waarderend en "
            "uitnodigend, vanuit gelijkwaardigheid en met aandacht voor wat er al goed gaat. Kies voor de lange "
            "termijn: organiseer betrouwbaarheid en borg de continuïteit in de uitvoering. En maak het mogelijk: "
            "geef beroepskrachten in de wijk de ruimte om hun werk te doen, in plaats van ze te laten verdrinken "
            "in administratie en verantwoording.\n\n"
            "Het manifest is er voor iedereen die bij de wijk betrokken is: actieve bewoners, ambtenaren, "
            "opbouwwerkers, medewerkers van woningcorporaties, politici en bestuurders. Deel het in je eigen "
            "netwerk, bijvoorbeeld met de gemeenteraad en het college in jouw gemeente."
        ),
    },
    {
        "title": "Beslisbomen voor het werken aan leefbaarheid in de buurt",
        "kind": "beslisboom",
        "publish_from": D(2022, 4, 28),
        "partners": ["movisie"],
        "themes": ["leefbaarheid", "bewonersinitiatieven", "sociaal-functioneren"],
        "audiences": ["bewoners", "professionals", "beleidsmakers"],
        "tags": ["actief burgerschap", "gemeenschapskracht", "methodisch werken"],
        "external_url": "https://www.movisie.nl/",
        "external_label": "Bekijk de beslisbomen",
        "summary": (
            "Werken aan leefbaarheid voor inwoners, wijkprofessionals, beleidsambtenaren en andere betrokkenen "
            "is een uitdaging. Daarom zijn er nu de beslisbomen actief burgerschap. Elke beslisboom vormt een "
            "afwegingskader voor het werken aan leefbaarheid en voor het versterken van actief burgerschap en "
            "gemeenschapskracht. De beslisbomen bieden stof tot nadenken en laten werkzame elementen en nuttige "
            "interventies zien. Uiteindelijk dragen de beslisbomen samen bij aan het methodisch werken aan "
            "leefbaarheid."
        ),
        "body": (
            "Er is een beslisboom voor elk van de vier fasen van het werken aan leefbaarheid: samen de buurt "
            "ontdekken, samen doelen stellen en een plan maken, samen doen, en samen leren en bijsturen. Een "
            "handleiding licht de achtergrond en de werkwijze toe.\n\n"
            "Elke beslisboom helpt om bewust keuzes te maken: wat is er al in de buurt, wie doet er mee, welke "
            "aanpak past erbij en hoe weet je of het werkt? Daarbij wijzen de beslisbomen op werkzame elementen "
            "en op interventies die in de praktijk nuttig zijn.\n\n"
            "De beslisbomen zijn bruikbaar voor bewoners die zelf iets willen ondernemen, voor wijkprofessionals "
            "die hen ondersteunen en voor beleidsambtenaren die werken aan de leefbaarheid van wijken."
        ),
    },
    {
        "title": "Samen naar een duurzame en leefbare wijk",
        "kind": "rapport",
        "publish_from": D(2022, 4, 21),
        "partners": ["platform31"],
        "themes": ["energietransitie", "leefbaarheid", "wonen"],
        "audiences": ["beleidsmakers", "professionals", "bestuurders"],
        "tags": ["verduurzaming", "kwetsbare wijken", "experimentenprogramma"],
        "external_url": "https://www.platform31.nl/",
        "external_label": "Lees het rapport",
        "summary": (
            "Kunnen we de energietransitie benutten als hefboom om de leefbaarheid in kwetsbare wijken te "
            "verbeteren? Dit onderzochten Platform31, Nyenrode Business Universiteit en achttien gemeenten drie "
            "jaar lang in het experimentenprogramma Verduurzaming van Kwetsbare Wijken. In dit rapport maken zij "
            "de balans op. Nu moet de opgedane kennis haar weg vinden in de praktijk van andere gemeenten die "
            "wijkgericht met de energietransitie aan de slag gaan."
        ),
        "body": (
            "In het experimentenprogramma Verduurzaming van Kwetsbare Wijken werkten Platform31, Nyenrode "
            "Business Universiteit en achttien gemeenten drie jaar lang samen. De vraag was of de "
            "energietransitie kan dienen als hefboom om ook de leefbaarheid in kwetsbare wijken te verbeteren.\n\n"
            "Het rapport brengt de ervaringen uit de experimenten samen en laat zien wat de gemeenten hebben "
            "geleerd over het combineren van de energietransitie met andere opgaven in de wijk.\n\n"
            "Nu moet de opgedane kennis haar weg vinden in de praktijk van andere gemeenten. Het rapport is "
            "daarom vooral bedoeld voor beleidsmakers en professionals die wijkgericht met de energietransitie "
            "aan de slag gaan."
        ),
    },
    {
        "title": "Een ontwerpgerichte wijkaanpak: Verbeter de wijk met Design Thinking",
        "kind": "methode",
        "publish_from": D(2022, 4, 14),
        "partners": ["ccv"],
        "themes": ["veiligheid-en-criminaliteit", "leefbaarheid"],
        "audiences": ["professionals", "beleidsmakers", "bewoners"],
        "tags": ["design thinking", "co-creatie", "wijkaanpak"],
        "external_url": "https://hetccv.nl/",
        "external_label": "Naar de aanpak",
        "summary": (
            "Hoe kunnen we de wijk op een blijvende manier samen met bewoners veiliger en leefbaarder maken? Ons "
            "antwoord: verbeter de wijk met Design Thinking. Met deze ontwerpgerichte wijkaanpak onderzoek je "
            "samen met professionals, bewoners, ondernemers en soms ook (ex)delinquenten stapsgewijs wat er nodig "
            "is om de wijk positief te veranderen."
        ),
        "body": (
            "Design Thinking is een methode én een manier van denken voor innovatie. In de ontwerpgerichte "
            "wijkaanpak van het CCV staat de leefwereld van wijkbewoners centraal, niet de systemen en regels "
            "van organisaties.\n\n"
            "De aanpak werkt de uitgangspunten uit Perspectief bieden van het Verwey-Jonker Instituut concreet "
            "uit: niet de plek, maar de mens staat centraal. Met co-creatie, concrete acties en creatieve "
            "werkvormen ontstaan nieuwe invalshoeken voor vraagstukken waar veel partijen bij betrokken zijn en "
            "waar niemand de oplossing alleen heeft.\n\n"
            "De methode past vooral bij wijken waar een opeenstapeling van problemen een voedingsbodem vormt voor "
            "overlast en criminaliteit. Het CCV beschrijft stap voor stap hoe je de aanpak toepast."
        ),
    },
    {
        "title": "Samenwerken aan leefbare en vitale buurten. Zo doen we dat!",
        "kind": "magazine",
        "publish_from": D(2022, 4, 7),
        "partners": [],
        "themes": ["wonen", "leefbaarheid"],
        "audiences": ["beleidsmakers", "professionals", "bestuurders"],
        "tags": ["prestatieafspraken", "woningcorporaties", "praktijkvoorbeelden"],
        "external_url": "",
        "external_label": "",
        "summary": (
            "Hoe maak je een woonwijk weer leefbaar en vitaal voor iedereen? In het magazine 'Samenwerken aan "
            "leefbare en vitale buurten. Zo doen we dat!' deelt een maatschappelijke coalitie twaalf "
            "praktijkvoorbeelden die laten zien hoe je samen kunt werken aan een wijk die als 'thuis' voelt voor "
            "alle bewoners en hoe je hier vorm aan geeft in prestatieafspraken. Op {2022-05-25|j F} organiseert "
            "deze coalitie een webinar om gemeenten, woningcorporaties en maatschappelijke organisaties te helpen "
            "met het maken van prestatieafspraken. De eerder georganiseerde webinars zijn terug te kijken."
        ),
        "body": (
            "In prestatieafspraken leggen gemeenten, woningcorporaties en huurders vast wat ze samen doen voor "
            "wonen en leefbaarheid. Het magazine laat aan de hand van twaalf praktijkvoorbeelden zien hoe die "
            "samenwerking eruit kan zien, met maatschappelijke organisaties erbij.\n\n"
            "De voorbeelden gaan over wijken die als 'thuis' voelen voor alle bewoners: hoe partijen elkaar "
            "vinden, wie welke rol pakt en hoe je de gezamenlijke ambities vastlegt in prestatieafspraken.\n\n"
            "Op {2022-05-25|j F} organiseert de coalitie een webinar over het maken van prestatieafspraken. De "
            "eerdere webinars zijn terug te kijken."
        ),
    },
    {
        "title": "Buurtsportverenigingen 2016–2020: Van project naar netwerkbenadering",
        "kind": "onderzoek",
        "publish_from": D(2022, 3, 31),
        "partners": ["verwey-jonker-instituut"],
        "themes": ["sport-en-bewegen", "gezondheid", "bewonersinitiatieven"],
        "audiences": ["professionals", "beleidsmakers", "bewoners"],
        "tags": ["buurtsport", "succesfactoren", "lage inkomensbuurten"],
        "external_url": "https://www.verwey-jonker.nl/",
        "external_label": "Lees het onderzoek",
        "summary": (
            "Een Buurtsportvereniging is een project waarin bewoners zelf sportieve activiteiten in de eigen "
            "buurt opzetten, organiseren en begeleiden. Ze bestaan vooral in lage inkomensbuurten, waar bewoners "
            "over het algemeen minder sporten en bewegen dan gemiddeld in Nederland. Het Verwey-Jonker Instituut "
            "onderzocht veertien Buurtsportverenigingen en verzamelde ervaringen en succesfactoren."
        ),
        "body": (
            "Het Verwey-Jonker Instituut onderzocht veertien Buurtsportverenigingen. Het onderzoek brengt in "
            "kaart wat er nodig is om bewoners zelf sportieve activiteiten in hun buurt te laten opzetten en "
            "volhouden.\n\n"
            "De titel zegt het al: het onderzoek volgt de stap van Buurtsportvereniging als project naar een "
            "netwerkbenadering.\n\n"
            "De ervaringen en succesfactoren zijn bruikbaar voor gemeenten, sportaanbieders en professionals die "
            "bewoners willen ondersteunen bij sporten en bewegen in de eigen buurt."
        ),
    },
    {
        "title": "Financiering voor resultaat in gebiedsgerichte aanpak Leeuwarden Oost",
        "kind": "artikel",
        "publish_from": D(2022, 3, 24),
        "partners": ["platform31"],
        "themes": ["financiering"],
        "audiences": ["beleidsmakers", "bestuurders"],
        "tags": ["Leeuwarden", "stedelijke vernieuwing", "financieringsstrategie"],
        "external_url": "https://www.platform31.nl/",
        "external_label": "Lees het interview",
        "summary": (
            "Leeuwarden Oost is een van de 16 stedelijke vernieuwingsgebieden. In dit artikel gaat Platform31 in "
            "gesprek met Marloes Schreur, programmamanager stedelijke vernieuwing bij de gemeente Leeuwarden, "
            "over hoe in het programmaplan specifieke aandacht is gegeven aan nieuwe financieringsvormen die "
            "leiden tot een duurzame financieringsstrategie."
        ),
        "body": (
            "Een brede wijkaanpak vraagt om een lange adem, en dus om financiering die langer meegaat dan één "
            "project. In het programmaplan voor Leeuwarden Oost is daarom specifiek aandacht gegeven aan nieuwe "
            "financieringsvormen.\n\n"
            "In het gesprek vertelt Marloes Schreur, programmamanager stedelijke vernieuwing bij de gemeente "
            "Leeuwarden, hoe die financieringsvormen moeten leiden tot een duurzame financieringsstrategie.\n\n"
            "Het artikel is interessant voor andere gemeenten die een gebiedsgerichte aanpak opzetten en zoeken "
            "naar manieren om die voor langere tijd te financieren."
        ),
    },
    {
        "title": "Het belang van samenwerking tussen bewonersinitiatieven en gemeenten",
        "kind": "artikel",
        "publish_from": D(2022, 3, 17),
        "partners": ["movisie"],
        "themes": ["bewonersinitiatieven", "sociaal-functioneren", "leefbaarheid"],
        "audiences": ["bewoners", "beleidsmakers", "professionals"],
        "tags": ["eenzaamheid", "zorgzame gemeenschappen", "samenwerking"],
        "external_url": "https://www.movisie.nl/",
        "external_label": "Lees het artikel",
        "summary": (
            "Bewonersinitiatieven zijn van grote waarde voor de leefbaarheid in een dorp of stadswijk en voor "
            "het welzijn van de bewoners, schrijft Movisie in dit artikel. Dat blijkt ook uit de monitor "
            "Zorgzame gemeenschappen (2020). Doordat bewoners elkaar tijdens activiteiten ontmoeten, voelen zij "
            "zich bijvoorbeeld minder eenzaam, meer verbonden met elkaar en ervaren zij meer zingeving."
        ),
        "body": (
            "Bewonersinitiatieven laten zien wat bewoners samen voor elkaar krijgen. Activiteiten in de buurt "
            "zorgen voor ontmoeting, en ontmoeting zorgt voor verbinding: deelnemers voelen zich minder eenzaam "
            "en ervaren meer zingeving.\n\n"
            "Om die waarde te behouden en te versterken, is een goede samenwerking met de gemeente belangrijk. "
            "In het artikel gaat Movisie in op het belang van die samenwerking.\n\n"
            "Het artikel is bedoeld voor actieve bewoners, voor ambtenaren die met bewonersinitiatieven werken "
            "en voor professionals die initiatieven ondersteunen."
        ),
    },
    {
        "title": "Buurtspanningen",
        "kind": "onderzoek",
        "publish_from": D(2022, 3, 14),
        "partners": ["movisie"],
        "themes": ["spanningen-in-de-buurt", "veiligheid-en-criminaliteit", "sociaal-functioneren"],
        "audiences": ["professionals", "beleidsmakers"],
        "tags": ["casussen", "vroegsignalering", "escalatie voorkomen"],
        "external_url": "https://www.movisie.nl/",
        "external_label": "Lees de casussen",
        "summary": (
            "Wat kunnen professionals doen om spanningen tussen (groepen) buurtbewoners vroegtijdig te "
            "signaleren? En hoe voorkom je dat ze escaleren? Movisie beschrijft vijf casussen waarin spanningen "
            "op lokaal niveau voorkomen. De casusbeschrijvingen zijn op basis van interviews met verschillende "
            "betrokken professionals, gekoppeld aan bestaande kennis over de aanpak van spanningen."
        ),
        "body": (
            "Spanningen tussen (groepen) buurtbewoners kunnen klein beginnen. Als niemand ze opmerkt of erop "
            "ingaat, kunnen ze uitgroeien tot een probleem voor de hele buurt.\n\n"
            "Movisie beschrijft vijf casussen waarin spanningen op lokaal niveau voorkomen. De beschrijvingen "
            "zijn gebaseerd op interviews met verschillende betrokken professionals en gekoppeld aan bestaande "
            "kennis over de aanpak van spanningen.\n\n"
            "Zo ontstaat een beeld van wat professionals kunnen doen om spanningen vroegtijdig te signaleren en "
            "te voorkomen dat ze escaleren."
        ),
    },
    {
        "title": "Afleveringen Operatie Wijken",
        "kind": "aflevering",
        "publish_from": D(2022, 3, 7),
        "partners": ["bzk"],
        "themes": ["leefbaarheid"],
        "audiences": ["bestuurders", "beleidsmakers", "bewoners"],
        "tags": ["video", "podcast", "wijkaanpak"],
        "external_url": "https://operatiewijken.nl/",
        "external_label": "Bekijk de afleveringen",
        "summary": (
            "In de afleveringen van Operatie Wijken (YouTube-kanaal en podcast) wordt iedere keer een specifieke "
            "uitdaging bij de hoorns gevat. Door concrete situaties in wijken in beeld te brengen geven wij "
            "bestuurders, beleidsmakers en buurtmakers handvatten voor een succesvolle wijkaanpak. Hiermee willen "
            "we het beleid van richting veranderen. De lokale aanpak of nog liever de lokale problemen moeten "
            "leidend zijn. Aflevering 1: leefbaarheid."
        ),
        "body": (
            "Operatie Wijken is een reeks uitzendingen, te zien op YouTube en te beluisteren als podcast, gemaakt "
            "in opdracht van het programma Leefbaarheid en Veiligheid van het ministerie van Binnenlandse Zaken "
            "en Koninkrijksrelaties. Elke aflevering neemt één uitdaging in de wijkaanpak onder de loep.\n\n"
            "De eerste aflevering gaat over leefbaarheid. Presentator Rogier Elshout praat in een buurthuis met "
            "mensen uit de praktijk, onder wie Radboud Engbersen van Movisie, over wat er in de wijken speelt en "
            "welke trends zij zien.\n\n"
            "Het uitgangspunt van de makers: niet de schaalbaarheid van een project staat centraal, maar wat "
            "lokaal werkt."
        ),
    },
    {
        "title": "Toename rijksbudgetten voor de gebiedsgerichte aanpak",
        "kind": "artikel",
        "publish_from": D(2022, 3, 1),
        "partners": ["platform31"],
        "themes": ["financiering"],
        "audiences": ["beleidsmakers", "bestuurders"],
        "tags": ["Regio Deals", "Volkshuisvestingsfonds", "rijksbeleid"],
        "external_url": "https://www.platform31.nl/",
        "external_label": "Lees het artikel",
        "summary": (
            "Met de Regio Deals en het Volkshuisvestingsfonds liet het Rijk de afgelopen jaren een toenemende "
            "betrokkenheid zien in diverse gebiedsgerichte regelingen. Daarna volgden meer financieringsstromen "
            "die ondersteunend kunnen worden ingezet voor een brede wijkaanpak. Stimuleert deze vorm van "
            "financieren een brede, integrale wijkaanpak gericht op de leefwereld van bewoners of werkt het juist "
            "een sectorale benadering in de hand? In dit artikel delen we de conclusies van een eerste beknopte "
            "inventarisatie van deze rijks gelden."
        ),
        "body": (
            "Het Rijk heeft de afgelopen jaren verschillende regelingen opengesteld die gemeenten kunnen inzetten "
            "voor een gebiedsgerichte aanpak. Voorbeelden zijn de Regio Deals, waarin Rijk, regio en partners "
            "samen opgaven aanpakken, en het Volkshuisvestingsfonds.\n\n"
            "Het artikel zet deze geldstromen op een rij voor de 16 stedelijke vernieuwingsgebieden. Bij een "
            "Regio Deal draagt het Rijk maximaal de helft bij; de rest komt uit de regio zelf.\n\n"
            "De centrale vraag: stimuleert deze manier van financieren een brede, integrale wijkaanpak die "
            "aansluit bij de leefwereld van bewoners, of werkt ze juist een sectorale benadering in de hand? De "
            "inventarisatie is een eerste, beknopte verkenning."
        ),
    },
]

# Meedoen. ``deadline`` is the last day on which one can sign up (None: always open).
CALLS: list[dict] = [
    {
        "title": "Oproep: Wie durft het Wijklab uit te nodigen in {2022-05-02|Y}?",
        "slug": "oproep-wie-durft-het-wijklab-uit-te-nodigen",
        "publish_from": D(2022, 5, 2),
        # "Meld u dan aan vóór 29 mei": the last day is the day before.
        "deadline": D(2022, 5, 28),
        "action_label": "Meld u aan",
        "partners": ["platform31"],
        "themes": ["leefbaarheid"],
        "audiences": ["beleidsmakers", "bestuurders", "professionals"],
        "tags": ["wijklab", "gebiedscoalitie", "domeinoverstijgend"],
        "summary": (
            "Platform31 gaat de wijk in! Worstelt uw gebiedscoalitie met een domeinoverstijgend vraagstuk in de "
            "wijkaanpak? Dan komen we graag naar u toe met het Wijklab. Samen met een onafhankelijk panel "
            "bestaande uit experts – bestuurders en professionals met veel ervaring in de wijkaanpak – gaan we "
            "dan met uw coalitie op zoek naar nieuwe wegen voor de vraagstukken die spelen in uw wijk. Wilt u het "
            "Wijklab voor één dag uitnodigen in uw wijk? Meld u dan aan vóór {2022-05-29|j F}."
        ),
        "body": (
            "Het Wijklab is bedoeld voor gebiedscoalities die vastlopen op een vraagstuk dat meerdere domeinen "
            "raakt. Een dag lang denkt een onafhankelijk panel van experts met de coalitie mee in de wijk "
            "zelf.\n\n"
            "Het panel bestaat uit bestuurders en professionals met veel ervaring in de wijkaanpak. Samen met de "
            "coalitie zoeken zij naar nieuwe wegen voor de vraagstukken die in de wijk spelen.\n\n"
            "Wilt u het Wijklab voor één dag uitnodigen in uw wijk? Meld u dan aan vóór {2022-05-29|j F}."
        ),
    },
    {
        "title": "Bewonersplatform voor aandachtswijken: doe mee!",
        "publish_from": D(2022, 4, 25),
        "deadline": None,
        "action_label": "Sluit je aan",
        "partners": ["lsa"],
        "themes": ["bewonersinitiatieven", "leefbaarheid"],
        "audiences": ["bewoners"],
        "tags": ["bewonersplatform", "netwerk", "kennisdeling"],
        "summary": (
            "LSA breidt het bewonersplatform van wijken die hun kennis en ervaring over wijkaanpak delen verder "
            "uit. Ben je betrokken bij een bewonersinitiatief dat actief is met wijkaanpak? Sluit je dan ook aan! "
            "Op {2022-05-25|j F} en op {2022-09-28|j F} komt het netwerk online weer bij elkaar. De Dag van de "
            "Buurt op {2022-05-19|j F} is bij uitstek ook een moment om elkaar te ontmoeten."
        ),
        "body": (
            "In het bewonersplatform delen bewoners uit verschillende wijken hun kennis en ervaring met de "
            "wijkaanpak. Wat in de ene wijk werkt, kan een andere wijk op weg helpen.\n\n"
            "Ben je betrokken bij een bewonersinitiatief dat actief is met wijkaanpak? Sluit je dan aan. Het "
            "netwerk komt op {2022-05-25|j F} en op {2022-09-28|j F} online bij elkaar. De Dag van de Buurt op "
            "{2022-05-19|j F} is bij uitstek ook een moment om elkaar te ontmoeten."
        ),
    },
    {
        "title": "Leergang: Ruimte en vastgoed voor impact ondernemen",
        "publish_from": D(2022, 4, 18),
        "deadline": D(2022, 6, 30),
        "action_label": "Schrijf je in",
        "partners": ["platform31"],
        "themes": ["werk-en-inkomen", "leefbaarheid"],
        "audiences": ["beleidsmakers"],
        "tags": ["impact ondernemen", "gemeentelijk vastgoed", "maatschappelijke initiatieven"],
        "summary": (
            "In de stad is de ruimte schaars en voeren marktconforme vastgoedprijzen de boventoon. Gemeenten "
            "ervaren dat het mede door de grote woningbouwbehoefte steeds lastiger is om betaalbare huisvesting "
            "voor startende ondernemers, het midden- en kleinbedrijf en maatschappelijke initiatieven te behouden "
            "of te realiseren. Hoe zorg je als gemeente dat er ook ruimte is voor impactondernemers? De leergang "
            "neemt beleidsambtenaren en vastgoedambtenaren mee in de mogelijkheden, de wereld van gemeentelijk "
            "vastgoed en impact ondernemen."
        ),
        "body": (
            "Impactondernemers en maatschappelijke initiatieven dragen bij aan werk, ontmoeting en leefbaarheid "
            "in de wijk, maar vinden steeds moeilijker betaalbare ruimte.\n\n"
            "De leergang is bedoeld voor beleidsambtenaren en vastgoedambtenaren. Deelnemers verkennen de "
            "mogelijkheden, de wereld van gemeentelijk vastgoed en die van impact ondernemen, zodat er in hun "
            "gemeente ook ruimte blijft voor impactondernemers."
        ),
    },
    {
        "title": "Programma Banen voor je Buurt: creëer betaald werk voor buurtbewoners",
        "publish_from": D(2022, 4, 11),
        "deadline": D(2022, 7, 1),
        "action_label": "Meld je aan",
        "partners": ["lsa"],
        "themes": ["werk-en-inkomen", "bewonersinitiatieven"],
        "audiences": ["bewoners"],
        "tags": ["bewonersbedrijf", "businessplan", "betaald werk"],
        "summary": (
            "Hoe tof zou het zijn als jouw bewonersbedrijf betaald werk creëert voor mensen uit de buurt? Werk "
            "dat waardevol is voor de leefbaarheid in jouw buurt. Ben je betrokken bij een bewonersbedrijf of "
            "ben je initiatiefnemer? Hebben jullie al eigen inkomsten? Tijdens dit nieuwe programma Banen voor je "
            "Buurt ontdekken we samen hoe je betaald werk creëert voor buurtbewoners. Start Foundation, LSA "
            "Bewoners en Social Enterprise NL helpen tijdens dit programma bij het maken van een businessplan."
        ),
        "body": (
            "Bewonersbedrijven zijn ondernemingen van bewoners, voor de buurt. Steeds vaker willen ze ook betaald "
            "werk bieden aan mensen uit de buurt: werk dat bijdraagt aan de leefbaarheid.\n\n"
            "In het programma Banen voor je Buurt ontdek je samen met andere deelnemers hoe je dat doet. Start "
            "Foundation, LSA Bewoners en Social Enterprise NL helpen tijdens het programma bij het maken van een "
            "businessplan.\n\n"
            "Het programma is bedoeld voor bewonersbedrijven en initiatiefnemers die al eigen inkomsten hebben."
        ),
    },
    {
        "title": "Welk project voor sociale veiligheid wint 20.000 euro?",
        "publish_from": D(2022, 4, 4),
        "deadline": D(2022, 8, 1),
        "action_label": "Meld een project aan",
        "partners": ["ccv"],
        "themes": ["veiligheid-en-criminaliteit", "bewonersinitiatieven"],
        "audiences": ["bewoners", "professionals"],
        "tags": ["Hein Roethofprijs", "sociale veiligheid", "prijs"],
        "summary": (
            "Ken je een goed initiatief dat criminaliteit voorkomt en sociale veiligheid bevordert? Meld dat dan "
            "snel aan voor de Hein Roethofprijs! De winnaar ontvangt een geldbedrag van 20.000 euro en een "
            "kunstwerkje. De minister van Justitie en Veiligheid reikt de prijs uit op {2022-10-31|j F Y} in "
            "Utrecht. Aanmelden kan tot {2022-08-01|l j F Y}."
        ),
        "body": (
            "De Hein Roethofprijs is er voor projecten die criminaliteit voorkomen en sociale veiligheid "
            "bevorderen. Iedereen kan een project aanmelden: bewoners, wijkraden, verenigingen, politie, "
            "bedrijven of gemeenten. Je hoeft niet zelf bij het project betrokken te zijn.\n\n"
            "Een onafhankelijke jury beoordeelt de inzendingen. De winnaar ontvangt een geldbedrag van 20.000 "
            "euro en een kunstwerkje. De minister van Justitie en Veiligheid reikt de prijs uit op "
            "{2022-10-31|j F Y} in Utrecht.\n\n"
            "Aanmelden kan tot {2022-08-01|l j F Y}."
        ),
    },
    {
        "title": "Werkplaats 'Werken aan wijkontwikkeling'",
        "publish_from": D(2022, 3, 28),
        "deadline": D(2022, 8, 22),
        "action_label": "Schrijf je in",
        "partners": ["platform31"],
        "themes": ["leefbaarheid", "sociaal-functioneren"],
        "audiences": ["professionals", "beleidsmakers"],
        "tags": ["werkplaats", "kansengelijkheid", "wijkontwikkeling"],
        "summary": (
            "Voor mensen die de kloof willen dichten tussen wijken en gelijke kansen willen creëren voor burgers "
            "die leven in wijken waar die kansen niet vanzelfsprekend zijn, organiseren Platform31 en Van Vieren "
            "een 3-daagse op {2022-08-29..2022-08-31|dagen}. Hoe zorgen we dat we wél blijvend de negatieve "
            "spiraal in deze wijken gaan doorbreken?"
        ),
        "body": (
            "De werkplaats is bedoeld voor mensen die de kloof tussen wijken willen dichten en gelijke kansen "
            "willen creëren voor bewoners van wijken waar die kansen niet vanzelfsprekend zijn.\n\n"
            "Drie dagen lang werken deelnemers aan de vraag hoe we de negatieve spiraal in deze wijken wél "
            "blijvend doorbreken. Platform31 en Van Vieren organiseren de werkplaats op "
            "{2022-08-29..2022-08-31|dagen}."
        ),
    },
]

# Agenda. ``attendance`` is one of "location", "online", "hybrid". Optional: ``price`` (0 is free), ``state``
# ("scheduled", "cancelled", "moved" with ``previous_start_date``, "full") and ``registration_deadline``.
EVENTS: list[dict] = [
    {
        "title": "Brede Welvaart Conferentie: Van kansenongelijkheid naar kansengelijkheid",
        "featured": True,
        "publish_from": D(2022, 3, 3),
        "start_date": D(2022, 5, 13),
        "attendance": "location",
        "venue": "Brightlands Smart Services Campus",
        "city": "Heerlen",
        "partners": [],
        "themes": ["werk-en-inkomen", "scholing", "gezondheid"],
        "audiences": ["bestuurders", "beleidsmakers", "professionals"],
        "tags": ["brede welvaart", "kansengelijkheid"],
        "summary": (
            "Bestuurders, directeuren en professionals gaan in Heerlen met elkaar in gesprek over "
            "kansengelijkheid tussen regio's en binnen stedelijke gebieden."
        ),
        "body": (
            "Veel gemeenten kennen wijken waar onevenredig veel inwoners kampen met werkloosheid, schulden, "
            "criminaliteit en ongelijke kansen in onderwijs en gezondheid. Tijdens de conferentie zoeken "
            "deelnemers antwoorden op de vraag hoe die groeiende ongelijkheid kan worden verminderd, vanuit de "
            "eigen regionale en lokale signatuur.\n\n"
            "De conferentie wordt georganiseerd door de gemeenten Heerlen, Amsterdam, Sluis en Eemsdelta, samen "
            "met de Stadsregio Parkstad Limburg."
        ),
    },
    {
        "title": "Dag van de Buurt",
        "featured": True,
        "publish_from": D(2022, 3, 10),
        "start_date": D(2022, 5, 19),
        "attendance": "location",
        "venue": "",
        "city": "Heel Nederland",
        "partners": ["lsa"],
        "themes": ["leefbaarheid", "bewonersinitiatieven"],
        "audiences": AUDIENCES,
        "tags": ["ontmoeting", "buurt"],
        "summary": "Op de Dag van de Buurt staat in heel Nederland de buurt centraal.",
        "body": (
            "Bewoners, wijkprofessionals, beleidsmakers en bestuurders zetten op deze dag de buurt in de "
            "schijnwerpers en delen kennis en ervaringen over wat buurten sterker maakt.\n\n"
            "Voor de deelnemers aan het bewonersplatform voor aandachtswijken van LSA is de Dag van de Buurt bij "
            "uitstek ook een moment om elkaar te ontmoeten."
        ),
    },
    {
        "title": "De tent uit! 7e landelijke ABCD-Popeldag",
        "featured": True,
        "publish_from": D(2022, 3, 17),
        "start_date": D(2022, 6, 10),
        "attendance": "location",
        "venue": "",
        "city": "",
        "partners": ["lsa"],
        "themes": ["bewonersinitiatieven", "leefbaarheid"],
        "audiences": ["bewoners", "professionals"],
        "tags": ["ABCD", "community building", "buurtmakers"],
        "summary": (
            "De zevende landelijke ABCD-Popeldag, voor iedereen die werkt vanuit Asset Based Community "
            "Development: bouwen aan de buurt vanuit wat er al is."
        ),
        "body": (
            "Asset Based Community Development (ABCD) gaat uit van wat er al in een buurt aanwezig is: de "
            "talenten en passies van bewoners, de onderlinge verbanden en de plekken waar mensen elkaar treffen. "
            "Buurtmakers bouwen daarop voort, in plaats van te beginnen bij wat er ontbreekt.\n\n"
            "Op de landelijke ABCD-Popeldag ontmoeten buurtmakers, bewoners en professionals elkaar om "
            "ervaringen uit te wisselen en inspiratie op te doen, dit jaar onder de titel 'De tent uit!'."
        ),
    },
    {
        "title": "We Doen Het Samen Festival",
        "featured": True,
        "publish_from": D(2022, 3, 24),
        "start_date": D(2022, 6, 25),
        "attendance": "location",
        "venue": "",
        "city": "",
        "partners": [],
        "themes": ["bewonersinitiatieven", "leefbaarheid"],
        "audiences": ["bewoners", "professionals"],
        "tags": ["festival", "ontmoeting"],
        "summary": (
            "Een festivaldag waarop bewoners, initiatiefnemers en professionals elkaar ontmoeten en laten zien "
            "wat ze samen voor hun buurt doen."
        ),
        "body": (
            "Op het festival staat samenwerken in de buurt centraal: elkaar ontmoeten, ervaringen delen en "
            "inspiratie opdoen.\n\n"
            "Kijk voor het programma, de locatie en aanmelden bij de organisatie van het festival."
        ),
    },
    {
        "title": "Bewustwordingsbijeenkomst Welcome Wijk",
        "featured": True,
        "publish_from": D(2022, 3, 31),
        "start_date": D(2022, 6, 30),
        "attendance": "location",
        "venue": "",
        "city": "",
        "partners": [],
        "themes": ["sociaal-functioneren", "leefbaarheid"],
        "audiences": ["professionals", "beleidsmakers", "bewoners"],
        "tags": ["welkom", "ontmoeting"],
        "summary": (
            "Een bijeenkomst over de vraag hoe een wijk een welkome plek kan zijn voor iedereen die er woont of "
            "komt wonen."
        ),
        "body": (
            "Deze bijeenkomst is bedoeld om bewustwording te vergroten: wat maakt dat mensen zich welkom voelen "
            "in een wijk, en wat kunnen bewoners, professionals en beleidsmakers daaraan bijdragen?\n\n"
            "Kijk voor het programma, de locatie en aanmelden bij de organisatie van de bijeenkomst."
        ),
    },
    {
        "title": "Werkplaats 'Werken aan wijkontwikkeling'",
        "featured": True,
        "publish_from": D(2022, 4, 7),
        "start_date": D(2022, 8, 29),
        "end_date": D(2022, 8, 31),
        "attendance": "location",
        "venue": "",
        "city": "",
        "registration_url": "https://www.platform31.nl/",
        # As the Meedoen call for the same werkplaats says.
        "registration_deadline": D(2022, 8, 22),
        "partners": ["platform31"],
        "themes": ["leefbaarheid", "sociaal-functioneren"],
        "audiences": ["professionals", "beleidsmakers"],
        "tags": ["werkplaats", "kansengelijkheid", "wijkontwikkeling"],
        "summary": (
            "Een driedaagse werkplaats van Platform31 en Van Vieren voor iedereen die de kloof tussen wijken wil "
            "dichten en gelijke kansen wil creëren."
        ),
        "body": (
            "De werkplaats is bedoeld voor mensen die gelijke kansen willen creëren voor bewoners van wijken waar "
            "die kansen niet vanzelfsprekend zijn.\n\n"
            "Drie dagen lang werken deelnemers aan de vraag hoe we de negatieve spiraal in deze wijken wél "
            "blijvend doorbreken."
        ),
    },
    {
        "title": "Congrestival sociale basis: Back to basics. omzien naar elkaar",
        "featured": True,
        "publish_from": D(2022, 4, 14),
        "start_date": D(2022, 9, 23),
        "start_time": datetime.time(10, 0),
        "end_time": datetime.time(16, 0),
        "price": 0,  # "Deelname is gratis."
        "attendance": "hybrid",
        "venue": "Krachtstation Kanaleneiland",
        "city": "Utrecht",
        "registration_url": "https://www.movisie.nl/",
        "partners": ["movisie", "bzk"],
        "themes": ["sociaal-functioneren", "leefbaarheid", "veiligheid-en-criminaliteit"],
        "audiences": ["bestuurders", "bewoners", "professionals"],
        "tags": ["sociale basis", "eenzaamheid", "sociale cohesie"],
        "summary": (
            "Wat kunnen bestuurders, inwoners en professionals doen om de sociale basis in wijken en buurten te "
            "versterken? Daarover gaat dit congrestival in Utrecht, op locatie en online."
        ),
        "body": (
            "Een sterke sociale basis helpt hardnekkige problemen als eenzaamheid, overlast, polarisatie en "
            "criminaliteit te voorkomen. Leefbare en veilige buurten wortelen in omzien naar elkaar.\n\n"
            "Movisie organiseert het congrestival samen met onder meer de ministeries van VWS en BZK en Sociaal "
            "Werk Nederland. In een programma met workshops en inspiratiesessies staan uitwisselen, leren en "
            "beleven centraal. Deelname is gratis."
        ),
    },
    {
        "title": "LPB Congres",
        "featured": True,
        "publish_from": D(2022, 4, 21),
        "start_date": D(2022, 11, 16),
        "end_date": D(2022, 11, 18),
        "attendance": "location",
        "venue": "",
        "city": "Eindhoven",
        "registration_url": "https://lpb.nl/",
        "partners": ["lpb"],
        "themes": ["leefbaarheid", "sociaal-functioneren"],
        "audiences": ["professionals", "beleidsmakers"],
        "tags": ["congres", "wijkgericht werken"],
        "summary": (
            "Het jaarlijkse driedaagse congres van het LPB, het netwerk van professionals in het buurt- en "
            "wijkgericht werken. Deze editie is in Eindhoven."
        ),
        "body": (
            "Elk jaar in {2022-11-16|F} organiseert het LPB samen met een gastgemeente een driedaags congres over de "
            "actuele kwesties in het wijkgericht werken. Honderden wijkprofessionals, vooral van gemeenten, komen "
            "dan bij elkaar.\n\n"
            "Dit jaar is Eindhoven de gastgemeente. Deelnemers volgen lezingen en workshops en wisselen "
            "ervaringen uit met vakgenoten uit het hele land."
        ),
    },
    # Mentioned in the text, not among the featured activities.
    {
        "title": "Netwerkbijeenkomst bewonersplatform aandachtswijken",
        "featured": False,
        "publish_from": D(2022, 4, 25),
        "start_date": D(2022, 5, 25),
        "attendance": "online",
        "venue": "",
        "city": "",
        "registration_url": "https://www.lsabewoners.nl/",
        "partners": ["lsa"],
        "themes": ["bewonersinitiatieven"],
        "audiences": ["bewoners"],
        "tags": ["bewonersplatform", "netwerk"],
        "summary": (
            "Het netwerk van het bewonersplatform voor aandachtswijken van LSA komt online bij elkaar. Bewoners "
            "uit verschillende wijken delen hun kennis en ervaring over de wijkaanpak."
        ),
        "body": (
            "Ben je betrokken bij een bewonersinitiatief dat actief is met wijkaanpak? Sluit je dan aan bij het "
            "bewonersplatform en doe mee met de netwerkbijeenkomst. De volgende bijeenkomst is op "
            "{2022-09-28|j F}."
        ),
    },
    {
        "title": "Netwerkbijeenkomst bewonersplatform aandachtswijken",
        "slug": "netwerkbijeenkomst-bewonersplatform-aandachtswijken-2",
        "featured": False,
        "publish_from": D(2022, 4, 25),
        "start_date": D(2022, 9, 28),
        "attendance": "online",
        "venue": "",
        "city": "",
        "registration_url": "https://www.lsabewoners.nl/",
        "partners": ["lsa"],
        "themes": ["bewonersinitiatieven"],
        "audiences": ["bewoners"],
        "tags": ["bewonersplatform", "netwerk"],
        "summary": (
            "Het netwerk van het bewonersplatform voor aandachtswijken van LSA komt online bij elkaar. Bewoners "
            "uit verschillende wijken delen hun kennis en ervaring over de wijkaanpak."
        ),
        "body": (
            "Ben je betrokken bij een bewonersinitiatief dat actief is met wijkaanpak? Sluit je dan aan bij het "
            "bewonersplatform en doe mee met de netwerkbijeenkomst."
        ),
    },
    {
        "title": "Webinar: prestatieafspraken voor leefbare en vitale buurten",
        "featured": False,
        "publish_from": D(2022, 4, 7),
        "start_date": D(2022, 5, 25),
        "attendance": "online",
        "venue": "",
        "city": "",
        "partners": [],
        "themes": ["wonen", "leefbaarheid"],
        "audiences": ["beleidsmakers", "professionals"],
        "tags": ["prestatieafspraken", "webinar"],
        "summary": (
            "De maatschappelijke coalitie achter het magazine 'Samenwerken aan leefbare en vitale buurten. Zo "
            "doen we dat!' helpt gemeenten, woningcorporaties en maatschappelijke organisaties met het maken van "
            "prestatieafspraken."
        ),
        "body": (
            "In het magazine delen de partners van de coalitie twaalf praktijkvoorbeelden van samenwerking aan "
            "wijken die als 'thuis' voelen voor alle bewoners. In dit webinar gaat het over de vraag hoe je die "
            "samenwerking vastlegt in prestatieafspraken.\n\n"
            "De eerder georganiseerde webinars zijn terug te kijken."
        ),
    },
]
