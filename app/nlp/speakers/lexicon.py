"""Word lists the speaker resolver reads: pronoun classes, document and organisation head nouns,
role nouns. General English, not fitted to any article."""

from __future__ import annotations

from app.nlp.names import word_set

MALE_PRON = word_set("he him his himself")
FEMALE_PRON = word_set("she her hers herself")
FIRST_PRON = word_set("i me my we us our myself ourselves mine")
PLURAL_PRON = word_set("they them their themselves theirs")
NEUTER_PRON = word_set("it its itself")
RELATIVE_PRON = word_set("who which that whom whose")
SECOND_PRON = word_set("you your yourself")
DEMONSTRATIVE = word_set("this these those")
ALL_PRON = MALE_PRON | FEMALE_PRON | FIRST_PRON | PLURAL_PRON | NEUTER_PRON | RELATIVE_PRON | SECOND_PRON

# Head nouns that make the source a document speaking ("the poll shows").
DOC_NOUNS = word_set(
    """
    poll polls survey surveys report reports study studies analysis analyses email emails e-mail e-mails memo
    memos video videos data letter letters document documents filing filings ruling rulings record records
    return returns website site tweet tweets ad ads advertisement book article story editorial column review
    audit findings finding figures numbers estimate estimates projection projections forecast transcript
    transcripts footage recording recordings tape tapes release statement statements complaint lawsuit
    indictment budget plan proposal platform law bill constitution convention treaty guidelines research chart
    page account message messages text texts cable cables dossier motion order decision opinion verdict index
    average tally results census model webpage post posts blog petition resolution agreement clip spot
    commercial brief documentary film piece memoir commentary submission remarks comments testimony
    speech interview op-ed program show
    """
)
# Documents that are just the voice of a named author ("a report by Politico" -> Politico).
VOICE_DOCS = word_set(
    """
    editorial report story article column website site post blog statement
    statements ad ads advertisement video clip spot commercial tweet tweets piece release letter
    commentary brief submission account remarks comments testimony speech interview op-ed memoir book
    program show
    """
)
# Capitalised in headlines but not part of a document's name ('New Poll Shows ...').
DOC_ADJECTIVES = word_set(
    "new latest recent national early previous final first last major big independent other annual weekly "
    "daily monthly online exhaustive secret leaked internal"
)
# Parts of a document that speak for the whole named after them ('data from the Census').
PART_NOUNS = word_set("data figures numbers section chapter results statistics")
# Document head nouns that can name one another across mentions ('a study ... the report').
DOC_CLASSES = [
    word_set("study studies report reports research analysis analyses finding findings survey paper"),
    word_set("poll polls survey surveys"),
    word_set("video videos recording footage clip tape"),
    word_set("email emails e-mail e-mails message messages"),
    word_set("film documentary movie"),
]
# Campaign productions: a person's ad speaks for the person's campaign.
AD_NOUNS = word_set("ad ads advertisement video clip spot commercial")
# Head nouns of descriptions that stand for an organisation named elsewhere in the article.
ORG_NOUNS = word_set(
    """
    agency department bureau company firm group organization organisation committee administration ministry
    government court newspaper paper network channel outlet publication magazine party union association
    foundation institute center centre council board office team police university commission panel embassy
    army military coalition alliance fund bank corporation station service senate house legislature city
    state county
    """
)
# What an organisation described by its kind may be called by name ('the panel' -> '... Committee').
ORG_SYNONYMS = {
    "panel": ("committee", "commission", "board", "subcommittee"),
    "committee": ("panel", "subcommittee"),
    "agency": ("administration", "department", "service", "bureau", "office", "commission"),
    "union": ("association", "federation", "workers", "brotherhood"),
    "department": ("agency", "ministry"),
    "ministry": ("department",),
    "network": ("news", "channel", "broadcasting"),
    "channel": ("news", "network"),
    "company": ("inc", "corp", "corporation", "co", "group", "energy", "coal"),
    "firm": ("inc", "corp", "corporation", "co", "group", "llc"),
    "group": ("association", "coalition", "alliance", "council", "foundation", "fund"),
}
# Org nouns that may take the latest organisation even when its name lacks the word
# ("the bank" -> Wells Fargo).
ORG_ANY = word_set(
    "company firm bank corporation agency network union organization organisation group channel"
)
MEDIA_WORDS = word_set(
    """
    times post journal news cnn msnbc politico tribune herald globe reuters press magazine beast hill huffpost
    huffington breitbart guardian telegraph bbc npr abc cbs nbc fox daily gazette chronicle examiner today
    """
)
# Determiners and quantifiers dropped from GENERIC descriptors ("some Republicans" -> "Republicans").
GENERIC_DROP = word_set(
    """
    a an the some many most several few all both any other others these those this that such more much
    numerous various certain each every one two three four five six seven eight nine ten dozens dozen
    hundreds thousands millions scores lots lot of at least
    """
)
PERSON_ROLE_NOUNS = word_set(
    """
    senator president governor spokesman spokeswoman spokesperson attorney lawyer nominee candidate official
    mayor judge chairman chairwoman chair director secretary minister ambassador congressman congresswoman
    representative leader chief executive founder economist analyst professor author writer reporter
    columnist host anchor commentator adviser advisor aide strategist manager surrogate businessman mogul
    billionaire general commander officer sheriff prosecutor lawmaker speaker wife husband widow mother
    father son daughter doctor physician moderator justice commissioner administrator
    """
)
# Name-final words that mark an organisation NER took for a person ('Patriot Coal').
ORG_SUFFIX = word_set("coal energy inc corp co llc group foundation institute center fund bank news media")
