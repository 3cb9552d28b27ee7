//! The listed words: what a word means to the fact guard, in the languages
//! news is scraped in (English, German, French, Spanish, Portuguese, Italian,
//! Dutch, Polish, Czech, Russian; Chinese and Japanese by character).
//!
//! A word's class decides which edits of it are light. Grammar words that
//! carry no fact (articles, auxiliaries, connectives) may come and go; a
//! negation, a limiter (`only`), a modal (`must`/`may`) or a number may not;
//! other grammar words (prepositions, pronouns, quantifiers) may be left out
//! but not put in or swapped (`before`→`after`). Reporting verbs mark the
//! frame of a statement (who said it and how), which a recap may reword.
//!
//! Some words are spelled two ways that mean one thing: `eight` and `8`,
//! `says` and `said`. Each has a canonical spelling, and its id is that
//! spelling's, so the two compare equal everywhere.
//!
//! Everything here is built at compile time into one open-addressing table
//! keyed by the FNV-1a hash of the lower-case word.

/// The class bits of a word id (its low bits).
pub const NUMBER: u64 = 1;
pub const NEGATION: u64 = 1 << 1;
/// Any grammar word (as opposed to a content word).
pub const FUNCTION: u64 = 1 << 2;
/// A grammar word that may be put in, left out or swapped for another light
/// word without changing a fact: `the`, `is`, `and`, `also`, `meanwhile`.
pub const LIGHT: u64 = 1 << 3;
/// `only`, `just`, `nur`, `seulement`: narrows a claim.
pub const LIMITER: u64 = 1 << 4;
/// `must`, `may`, `could`: how sure or bound a statement is.
pub const MODAL: u64 = 1 << 5;
/// `said`, `told`, `according`: the frame of a reported statement.
pub const REPORTING: u64 = 1 << 6;
/// A word of a display label (`Read more:`, `Related:`, `Key points`) that a
/// teaser card or a box item may put before a copied sentence.
pub const LABEL: u64 = 1 << 7;
/// A word that joins two clauses (`and`, `while`, `saying`): where a merge
/// of two sentences may join them.
pub const JOINER: u64 = 1 << 8;
/// How many low bits of a word id hold its class.
pub const CLASS_BITS: u32 = 9;

/// The class of a listed word, and the hash of its canonical spelling (0 when
/// it is its own), from the hash of its lower-case text.
pub fn lookup(hash: u64, len: usize) -> (u64, u64) {
    if len > LONGEST {
        return (0, 0);
    }
    let mut slot = slot_of(hash);
    loop {
        match TABLE[slot] {
            (0, _, _) => return (0, 0),
            (h, bits, canonical) if h == hash => return (bits, canonical),
            _ => slot = (slot + 1) % TABLE_SIZE,
        }
    }
}

/// Connective phrases of Chinese and Japanese (`此外`, `また`), whose
/// characters are words of their own and so cannot be listed one by one.
pub fn cjk_connectives() -> &'static [&'static str] {
    CJK_CONNECTIVES
}

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const FNV_PRIME: u64 = 0x0000_0100_0000_01b3;

/// FNV-1a of some bytes, as `normalize` hashes a folded word.
pub const fn hash_bytes(bytes: &[u8]) -> u64 {
    let mut hash = FNV_OFFSET;
    let mut i = 0;
    while i < bytes.len() {
        hash = (hash ^ bytes[i] as u64).wrapping_mul(FNV_PRIME);
        i += 1;
    }
    hash
}

/// One FNV-1a step, for hashing while folding.
#[inline]
pub fn hash_step(hash: u64, byte: u8) -> u64 {
    (hash ^ u64::from(byte)).wrapping_mul(FNV_PRIME)
}

pub const fn fnv_offset() -> u64 {
    FNV_OFFSET
}

const TABLE_SIZE: usize = 4096;

/// The table slot of a word hash. FNV-1a leaves the top bits of a short
/// word's hash poorly mixed, so they are mixed again (a Fibonacci multiply).
const fn slot_of(hash: u64) -> usize {
    (hash.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 52) as usize
}

/// (hash of the word, class bits, hash of its canonical spelling or 0).
static TABLE: [(u64, u64, u64); TABLE_SIZE] = {
    let mut t = [(0u64, 0u64, 0u64); TABLE_SIZE];
    let mut g = 0;
    while g < GROUPS.len() {
        let (words, bits) = GROUPS[g];
        let mut w = 0;
        while w < words.len() {
            add(&mut t, words[w], bits, 0);
            w += 1;
        }
        g += 1;
    }
    let mut a = 0;
    while a < ALIASES.len() {
        let (word, canonical) = ALIASES[a];
        add(&mut t, word, 0, hash_bytes(canonical.as_bytes()));
        a += 1;
    }
    t
};

const fn add(t: &mut [(u64, u64, u64); TABLE_SIZE], word: &str, bits: u64, canonical: u64) {
    let hash = hash_bytes(word.as_bytes());
    let mut slot = slot_of(hash);
    loop {
        if t[slot].0 == 0 || t[slot].0 == hash {
            let old = t[slot];
            let canonical = if canonical != 0 { canonical } else { old.2 };
            t[slot] = (hash, old.1 | bits, canonical);
            return;
        }
        slot = (slot + 1) % TABLE_SIZE;
    }
}

/// The longest listed word, in bytes: longer words skip the lookup.
const LONGEST: usize = {
    let mut longest = 0;
    let mut g = 0;
    while g < GROUPS.len() {
        let mut w = 0;
        while w < GROUPS[g].0.len() {
            if GROUPS[g].0[w].len() > longest {
                longest = GROUPS[g].0[w].len();
            }
            w += 1;
        }
        g += 1;
    }
    let mut a = 0;
    while a < ALIASES.len() {
        if ALIASES[a].0.len() > longest {
            longest = ALIASES[a].0.len();
        }
        a += 1;
    }
    longest
};

/// Every list with the class it gives its words. A word in several lists
/// gets every class.
const GROUPS: &[(&[&str], u64)] = &[
    (NUMBER_WORDS, NUMBER),
    (NEGATIONS, NEGATION | FUNCTION),
    (LIGHT_WORDS, LIGHT | FUNCTION),
    (STRUCTURAL_WORDS, FUNCTION),
    (LIMITERS, LIMITER | FUNCTION),
    (HEDGES, LIMITER),
    (MODALS, MODAL | FUNCTION),
    (REPORTING_VERBS, REPORTING | FUNCTION),
    (DISPLAY_LABELS, LABEL),
    (JOINERS, JOINER),
];

/// Spellings that mean the same as another: (word, canonical spelling).
#[rustfmt::skip]
const ALIASES: &[(&str, &str)] = &[
    ("one", "1"),
    ("two", "2"),
    ("three", "3"),
    ("four", "4"),
    ("five", "5"),
    ("six", "6"),
    ("seven", "7"),
    ("eight", "8"),
    ("nine", "9"),
    ("ten", "10"),
    ("eleven", "11"),
    ("twelve", "12"),
    ("thirteen", "13"),
    ("fourteen", "14"),
    ("fifteen", "15"),
    ("sixteen", "16"),
    ("seventeen", "17"),
    ("eighteen", "18"),
    ("nineteen", "19"),
    ("twenty", "20"),
    ("thirty", "30"),
    ("forty", "40"),
    ("fifty", "50"),
    ("sixty", "60"),
    ("seventy", "70"),
    ("eighty", "80"),
    ("ninety", "90"),
    // Number words of other languages (not those that are also common
    // words elsewhere: `sei`, `due`, `sept`, `neuf`, `once`, `elf`).
    ("zwei", "2"), ("drei", "3"), ("vier", "4"), ("fünf", "5"), ("sechs", "6"),
    ("sieben", "7"), ("acht", "8"), ("neun", "9"), ("zehn", "10"), ("zwölf", "12"),
    ("zwanzig", "20"), ("deux", "2"), ("trois", "3"), ("quatre", "4"), ("cinq", "5"),
    ("huit", "8"), ("dix", "10"), ("douze", "12"), ("vingt", "20"), ("dos", "2"),
    ("tres", "3"), ("cuatro", "4"), ("cinco", "5"), ("seis", "6"), ("siete", "7"),
    ("ocho", "8"), ("nueve", "9"), ("diez", "10"), ("doce", "12"), ("veinte", "20"),
    ("dois", "2"), ("duas", "2"), ("três", "3"), ("quatro", "4"), ("sete", "7"),
    ("oito", "8"), ("nove", "9"), ("dez", "10"), ("doze", "12"), ("vinte", "20"),
    ("tre", "3"), ("otto", "8"), ("quattro", "4"), ("cinque", "5"), ("sette", "7"), ("dieci", "10"),
    ("venti", "20"), ("twee", "2"), ("drie", "3"), ("vijf", "5"), ("zes", "6"),
    ("zeven", "7"), ("negen", "9"), ("tien", "10"), ("twaalf", "12"), ("twintig", "20"),
    ("二", "2"), ("两", "2"), ("兩", "2"), ("三", "3"), ("四", "4"), ("五", "5"), ("六", "6"),
    ("七", "7"), ("八", "8"), ("九", "9"), ("十", "10"),
    // A reporting verb in another tense or person says the same.
    ("says", "said"),
    ("say", "said"),
    ("tells", "told"),
    ("tell", "told"),
    ("adds", "added"),
    ("notes", "noted"),
    ("states", "stated"),
    ("explains", "explained"),
    ("writes", "wrote"),
    ("sagt", "sagte"),
    ("sagten", "sagte"),
    ("sagen", "sagte"),
    ("erklärt", "erklärte"),
    ("betont", "betonte"),
    // "Says" and "said" in the Romance languages share one spelling.
    ("dice", "dijo"),
    ("dicen", "dijo"),
    ("dijeron", "dijo"),
    ("diz", "dijo"),
    ("dizem", "dijo"),
    ("disse", "dijo"),
    ("disseram", "dijo"),
    ("detto", "dijo"),
    ("afirma", "afirmó"),
    ("afirmou", "afirmó"),
    ("explica", "explicó"),
    ("explicou", "explicó"),
    ("señala", "señaló"),
    ("asegura", "aseguró"),
    ("indica", "indicó"),
    ("añade", "añadió"),
    ("déclare", "déclaré"),
    ("affirme", "affirmé"),
    ("explique", "expliqué"),
    ("souligne", "souligné"),
    ("indique", "indiqué"),
    ("ajoute", "ajouté"),
    ("zegt", "zei"),
    ("zeggen", "zei"),
    ("zeiden", "zei"),
    ("mówi", "powiedział"),
    ("říká", "řekl"),
    ("говорит", "сказал"),
];

#[rustfmt::skip]
const NUMBER_WORDS: &[&str] = &[
    "zwölf", "douze", "doce", "doze", "sete", "quattro", "cinque", "sette", "dieci", "venti",
    "zes", "zeven", "negen", "tien", "twaalf", "twintig", "siete", "nueve", "veinte", "vijf",
    "二", "两", "兩", "三", "四", "五", "六", "七", "八", "九", "十",
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
    "nineteen", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety",
    "hundred", "hundreds", "thousand", "thousands", "million", "millions", "billion", "billions",
    "trillion", "dozen", "dozens", "first", "second", "third", "fourth", "fifth", "sixth",
    "seventh", "eighth", "ninth", "tenth", "half", "quarter", "quarters", "twice", "thrice",
    "double", "triple", "once", "null", "eins", "zwei", "drei", "vier", "fünf", "sechs", "sieben",
    "acht", "neun", "zehn", "zwölf", "zwanzig", "hundert", "tausend", "millionen", "milliarden",
    "hälfte", "deux", "trois", "quatre", "cinq", "sept", "huit", "neuf", "dix", "vingt", "cent",
    "mille", "millions", "milliards", "moitié", "dos", "tres", "cuatro", "cinco", "seis", "siete",
    "ocho", "nueve", "diez", "veinte", "cien", "mil", "millones", "mitad", "dois", "duas", "três",
    "quatro", "oito", "nove", "dez", "vinte", "cem", "milhões", "metade", "due", "tre", "quattro",
    "cinque", "sei", "sette", "otto", "nove", "dieci", "venti", "cento", "mila", "milioni", "metà",
    "twee", "drie", "vijf", "zes", "zeven", "negen", "tien", "honderd", "duizend", "miljoen",
    "dwa", "trzy", "cztery", "pięć", "sześć", "siedem", "osiem", "dziewięć", "dziesięć", "tysiąc",
    "milion", "dva", "dvě", "tři", "čtyři", "pět", "šest", "sedm", "osm", "devět", "deset",
    "tisíc", "milion", "два", "три", "четыре", "пять", "шесть", "семь", "восемь", "девять",
    "десять", "сто", "тысяча", "тысяч", "миллион", "миллиона", "миллионов",
];

/// Negations, in every listed language. Chinese and Japanese negations are
/// characters (`不`, `没`), which the word splitter yields one by one.
#[rustfmt::skip]
const NEGATIONS: &[&str] = &[
    "not", "no", "never", "nor", "none", "nothing", "nobody", "nowhere", "neither", "cannot",
    "without", "nope", "hardly", "barely", "n't", "nicht", "kein", "keine", "keinen", "keinem",
    "keiner", "keines", "nie", "niemals", "nichts", "niemand", "weder", "ohne", "ne", "n'", "n’",
    "pas", "jamais", "rien", "personne", "aucun", "aucune", "nul", "nulle", "sans", "ni", "non",
    "nunca", "jamás", "nada", "nadie", "ningún", "ninguna", "ninguno", "sin", "tampoco", "não",
    "jamais", "ninguém", "nenhum", "nenhuma", "nem", "sem", "mai", "niente", "nulla", "nessuno",
    "nessuna", "né", "senza", "niet", "geen", "nooit", "niets", "niemand", "noch", "zonder",
    "nigdy", "nic", "nikt", "żaden", "żadna", "żadne", "bez", "ani", "nikdy", "nikdo", "žádný",
    "žádná", "žádné", "не", "нет", "никогда", "ничего", "никто", "ни", "без", "不", "没", "沒", "无",
    "無", "未", "非", "别", "別", "莫", "勿", "否",
    "inte", "ej", "aldrig", "ingen", "inget", "inga", "ikke", "aldri", "intet", "δεν", "μην",
    "ούτε", "όχι", "ποτέ", "nu", "niciodată", "nici", "לא", "אין", "नहीं", "मत", "không", "chưa",
    "chẳng", "tidak", "bukan", "belum", "jangan",
];

/// `only` and its kind: narrowing a claim changes it.
#[rustfmt::skip]
const LIMITERS: &[&str] = &[
    "only", "just", "merely", "solely", "exclusively", "nur", "lediglich", "bloß",
    "ausschließlich", "seulement", "uniquement", "seul", "seule", "solo", "sólo", "solamente",
    "únicamente", "apenas", "somente", "só", "soltanto", "alleen", "slechts", "tylko", "jedynie",
    "jen", "pouze", "jenom", "только", "лишь", "只", "仅", "僅", "だけ", "のみ",
];

/// Hedges and qualifiers that turn a claim into another (`almost resigned`,
/// `reportedly stole`, `the former president`, `most children`, `denied he
/// approved`, `and` → `or`): counted as limiters, as often on both sides.
/// Content words, not grammar words, so an uncovered one weighs fully.
#[rustfmt::skip]
const HEDGES: &[&str] = &[
    "almost", "nearly", "virtually", "former", "ex", "possibly", "probably", "reportedly",
    "allegedly", "apparently", "supposedly", "purportedly", "presumably", "suspected", "alleged",
    "rumoured", "rumored", "unconfirmed", "most", "some", "partly", "partially", "largely",
    "mostly", "denied", "denies", "deny", "denying", "disputed", "or",
    "fast", "beinahe", "nahezu", "ehemalige", "ehemaliger", "ehemaligen", "ehemals", "früherer",
    "frühere", "möglicherweise", "vermutlich", "angeblich", "mutmaßlich", "mutmaßliche",
    "mutmaßlichen", "wahrscheinlich", "meisten", "bestritt", "bestreitet", "dementierte",
    "dementiert", "oder",
    "presque", "quasiment", "quasi", "ancien", "ancienne", "anciens", "anciennes", "probablement",
    "apparemment", "prétendument", "présumé", "présumée", "présumés", "supposé", "supposée",
    "démenti", "dément", "nié", "ou",
    "casi", "posiblemente", "probablemente", "presuntamente", "supuestamente", "aparentemente",
    "presunto", "presunta", "negó", "niega", "desmintió",
    "quase", "possivelmente", "provavelmente", "supostamente", "alegadamente", "suposto",
    "suposta", "negou", "nega", "desmentiu",
    "possibilmente", "probabilmente", "presumibilmente", "apparentemente", "negato", "smentito",
    "oppure",
    "bijna", "vrijwel", "voormalige", "voormalig", "mogelijk", "waarschijnlijk", "vermoedelijk",
    "vermeend", "vermeende", "verluidt", "ontkende", "ontkent",
    "prawie", "niemal", "były", "była", "byłego", "byłej", "prawdopodobnie", "rzekomo", "podobno",
    "zaprzeczył", "zaprzeczyła", "domniemany", "lub", "albo",
    "téměř", "skoro", "bývalý", "bývalá", "pravděpodobně", "údajně", "popřel", "nebo",
    "почти", "бывший", "бывшая", "бывшего", "бывшей", "возможно", "вероятно", "якобы",
    "предположительно", "опроверг", "отрицает", "отрицал", "или", "либо",
    "perhaps", "maybe", "likely", "unlikely", "believed", "understood", "appears", "appeared",
    "seems", "unclear", "whether", "deputy", "acting", "interim", "vice", "draft", "leaked",
    "wrongly", "estimated", "unaudited", "provisional", "preliminary", "womöglich", "vielleicht",
    "eventuell", "stellvertretende", "stellvertretender", "adjoint", "adjointe",
    "attempted", "tentative", "tentativa", "tentato", "tentata", "versuchte", "versuchter",
    "versuchten", "poging", "usiłowanie", "покушение", "mayoría", "maioria", "majorité",
    "plupart", "maggioranza", "meeste", "meerderheid", "mehrheit", "większość", "большинство",
    "většina", "algunos", "algunas", "quelques", "einige", "sommige", "alcuni", "alguns",
    "niektórzy", "некоторые", "partiellement", "gedeeltelijk", "deels", "teilweise",
    "parcialmente", "parzialmente", "częściowo", "частично", "částečně",
];

/// Words that qualify the number right after them (`about 300`, `more than
/// 300`, `at least 95`; `up to 300` is read as a pair): a number is another
/// number with another of these before it (see
/// `normalize::Words::number_qualifier`).
#[rustfmt::skip]
pub const NUMBER_QUALIFIERS: &[&str] = &[
    "about", "around", "approximately", "roughly", "nearly", "almost", "some", "over", "under",
    "than", "least", "most", "below", "above", "circa", "ca", "approx", "etwa", "rund",
    "ungefähr", "knapp", "fast", "über", "unter", "mindestens", "höchstens", "als", "environ",
    "près", "moins", "plus", "quelque", "unos", "unas", "cerca", "alrededor", "aproximadamente",
    "menos", "más", "quase", "mais", "almeno", "oltre", "ongeveer", "minstens", "bijna", "ruim",
    "około", "prawie", "ponad", "najmniej", "около", "примерно", "почти", "более", "менее",
    "свыше",
];

/// Modals: `must` and `may` make different statements.
#[rustfmt::skip]
const MODALS: &[&str] = &[
    "will", "would", "shall", "should", "can", "could", "may", "might", "must", "ought", "won't",
    "wouldn't", "shouldn't", "can't", "couldn't", "mustn't", "muss", "müssen", "musste", "mussten",
    "kann", "können", "konnte", "könnte", "könnten", "darf", "dürfen", "soll", "sollen", "sollte",
    "sollten", "mag", "möchte", "doit", "doivent", "devait", "devrait", "devraient", "peut",
    "peuvent", "pourrait", "pourraient", "debe", "deben", "debía", "debería", "deberían", "puede",
    "pueden", "podría", "podrían", "deve", "devem", "deveria", "pode", "podem", "poderia", "deve",
    "devono", "dovrebbe", "può", "possono", "potrebbe", "moet", "moeten", "kan", "kunnen", "zou",
    "zouden", "mag", "mogen", "musi", "może", "mogą", "powinien", "powinna", "musí", "může",
    "mohou", "měl", "měla", "mělo", "должен", "должна", "должны", "может", "могут", "мог",
];

/// Reporting verbs: a recap may reword who said a thing and how, but the
/// verbs that take a side (`confirmed`, `denied`, `admitted`) are not here.
#[rustfmt::skip]
const REPORTING_VERBS: &[&str] = &[
    "said", "saying", "told", "added", "adding", "noted", "stated", "explained", "emphasised",
    "emphasized", "emphasises", "emphasizes", "stressed", "stresses", "underlined", "highlighted",
    "wrote", "according", "argued", "argues", "insisted", "insists", "remarked", "commented",
    "observed", "reiterated", "declared", "announced", "replied", "continued", "concluded",
    "reported", "defended", "sagte", "erklärte", "betonte", "berichtete", "meinte", "laut",
    "zufolge", "dit", "déclaré", "affirmé", "expliqué", "souligné", "indiqué", "précisé", "ajouté",
    "selon", "dijo", "afirmó", "explicó", "señaló", "aseguró", "indicó", "añadió", "según",
    "informó", "disse", "afirma", "explica", "declarou", "segundo", "detto", "dice", "affermato",
    "spiegato", "secondo", "zei", "verklaarde", "volgens", "powiedział", "powiedziała",
    "stwierdził", "dodał", "według", "řekl", "řekla", "uvedl", "uvedla", "dodal", "podle",
    "сказал", "сказала", "заявил", "заявила", "отметил", "словам",
];

/// Grammar words that add no fact when put in, left out or swapped:
/// articles, auxiliaries, conjunctions, connectives and fillers.
#[rustfmt::skip]
const LIGHT_WORDS: &[&str] = &[
    "a", "an", "the", "this", "that", "these", "those", "and", "also", "too", "even", 
        "however", "meanwhile", "separately", "additionally",
    "addition", "moreover", "furthermore", "besides", "indeed", "nevertheless", "nonetheless",
    "likewise", "similarly",   "reportedly", "apparently", "meantime",
    "overall", "finally", "as", "is", "are", "was", "were", "be", "been", "being", "am", "has",
    "have", "had", "having", "do", "does", "did", "it's", "there", "here", "very", "well", "so",
    "thus", "while",  "but", "which", "who", "whom", "whose", "where", "when", "of", "der",
     "das", "den", "dem", "des", "ein", "eine", "einer", "eines", "einem", "einen", "und",
    "auch", "noch", "schon", "bereits", "außerdem", "zudem", "ebenfalls", "ferner", "inzwischen",
    "unterdessen", "indessen", "jedoch", "aber", "ist", "sind",  "waren", "wird", "werden",
    "wurde", "wurden",  "haben", "hatte", "hatten", "sei", "dass", "daß", "wie", "berichtet",
    "darüber", "hinaus", "sehr", "le", "la", "les", "l'", "un", "une", "des", "du", "de", "d'",
    "et", "aussi", "encore", "déjà", "ailleurs", "outre", "également", "cependant", "toutefois",
    "néanmoins", "est", "sont", "était", "étaient", "a", "ont", "avait", "avaient", "été", "être",
    "que", "qu'", "très",  "el", "los", "las", "lo", "una", "unos", "unas", "y", "e",
    "también", "además", "asimismo", "igualmente", "ya", "es",  "fue", "fueron", 
    "eran", "ha", "han", "había", "habían", "sido", "ser", "está", "están", "estaba", "que", "muy",
    "mientras", "otra", "parte", "por", "anteriormente", "o", "os", "as", "um", "uma", "uns",
    "umas", "também", "além", "disso", "ainda", "já", "é", "são", "foi", "foram", "tem", "têm",
    "tinha", "havia", "estava", "enquanto", "muito", "relatado", "conforme", "il", "gli", "uno",
    "inoltre", "anche", "già", "sono", "erano", "hanno", "aveva", "stato", "essere", "che",
    "molto", "intanto", "frattempo", "het", "een", "en", "ook", "bovendien", "daarnaast",
    "intussen",  "nog", "zijn", "was", "waren", "wordt", "werd", "heeft", "hebben", "dat",
    "zeer", "i", "oraz", "także", "również", "ponadto", "już", "jest", "są", "był", "była", "było",
    "byli", "że", "a", "také", "rovněž", "navíc", "kromě", "toho", "již", "už", "je", "jsou",
    "byl", "byla", "bylo", "byli", "že", "и", "также", "кроме", "того", "уже", "был", "была",
    "было", "были", "что", "это", "rappel", "erinnerung", "während", "tandis", "zatímco",
    "připomeňme", "informovali", "jsme", "noticiado", "informado", "recordemos", "ricordiamo",
    "mentre", "terwijl", "przypomnijmy", "podczas", "gdy", "напомним", "сообщалось", "тогда", "的",
    "了", "也", "而", "并", "且", "之",
];

/// Grammar words that may be left out of a repeat but not put in or swapped:
/// prepositions, pronouns, quantifiers, comparatives, subordinators.
#[rustfmt::skip]
const STRUCTURAL_WORDS: &[&str] = &[
    "die", "war", "hat", "era", "son", "par", "al", "earlier", "previously", "now", "then", "again",
    "still", "already", "yet",
    "some", "any", "each", "every", "all", "both", "either", "other", "another", "such", "i", "me",
    "my", "we", "us", "our", "you", "your", "he", "him", "his", "she", "her", "hers", "it", "its",
    "they", "them", "their", "theirs", "what", "whatever", "one's", "he's", "she's", "they're",
    "we're", "i'm", "in", "on", "at", "by", "for", "with", "from", "to", "into", "onto", "upon",
    "about", "above", "below", "over", "under", "after", "before", "since", "until", "during",
    "through", "between", "among", "against", "across", "along", "around", "behind", "beyond",
    "within", "via", "per", "than", "like", "or", "if", "because", "whereas", "although", "though",
    "whenever", "whether", "hence", "therefore", "instead", "otherwise", "elsewhere", "later",
    "recently", "much", "more", "most", "less", "least", "ago", "up", "down", "out", "off", "oder",
    "mit", "von", "zu", "zum", "zur", "im", "in", "am", "an", "auf", "aus", "bei", "für", "über",
    "unter", "vor", "nach", "seit", "bis", "durch", "gegen", "um", "als", "wenn", "ob", "weil",
    "da", "es", "er", "sie", "wir", "ihr", "ich", "du", "man", "sich", "sein", "seine", "ihre",
    "dies", "diese", "dieser", "dieses", "welche", "welcher", "ou", "mais", "avec", "pour", "sur",
    "sous", "dans", "en", "au", "aux", "ce", "cet", "cette", "ces", "son", "sa", "ses", "leur",
    "leurs", "il", "elle", "ils", "elles", "on", "nous", "vous", "je", "se", "qui", "dont", "o",
    "u", "pero", "con", "para", "en", "del", "al", "sobre", "entre", "ante", "bajo", "desde",
    "hasta", "hacia", "su", "sus", "se", "le", "les", "quien", "cual", "este", "esta", "estos",
    "estas", "ese", "esa", "como", "cuando", "donde", "si", "ou", "mas", "com", "em", "do", "da",
    "dos", "das", "no", "na", "nos", "nas", "ao", "aos", "à", "às", "até", "seu", "sua", "seus",
    "suas", "lhe", "quem", "qual", "isso", "isto", "quando", "onde", "ma", "con", "per", "di",
    "del", "della", "dei", "delle", "dello", "alla", "ai", "su", "tra", "fra", "da", "dal",
    "dalla", "chi", "cui", "questo", "questa", "of", "maar", "met", "van", "voor", "op", "aan",
    "bij", "uit", "onder", "naar", "door", "tegen", "tot", "die", "dit", "deze", "er", "hij",
    "zij", "ze", "wij", "we", "w", "we", "z", "ze", "na", "do", "o", "od", "po", "za", "przez",
    "dla", "ale", "lub", "to", "jak", "się", "jego", "jej", "ich", "który", "która", "które", "v",
    "ve", "pro", "s", "se", "k", "ke", "u", "jako", "jeho", "její", "jejich", "který", "která",
    "které", "nebo", "в", "во", "на", "с", "со", "к", "по", "о", "от", "до", "за", "из", "у",
    "для", "а", "но", "или", "как", "так", "он", "она", "они", "мы", "вы", "я", "его", "её", "их",
];

/// Words that join two clauses.
#[rustfmt::skip]
const JOINERS: &[&str] = &[
    "and", "or", "but", "as", "while", "whereas", "although", "saying", "adding", "because", "so",
    "yet", "und", "aber", "während", "sowie", "et", "mais", "tandis", "alors", "y", "e", "pero",
    "mientras", "aunque", "mas", "enquanto", "ed", "ma", "mentre", "en", "maar", "terwijl", "i",
    "ale", "oraz", "a", "zatímco", "и", "но", "а", "而", "并", "且",
];

/// Words of the labels that display copies carry: a teaser card's `Read
/// more:`, a box's `Key points`, a pull quote's `Quote:`.
#[rustfmt::skip]
const DISPLAY_LABELS: &[&str] = &[
    "read", "more", "related", "also", "see", "watch", "listen", "video", "photo", "pictured",
    "update", "updated", "breaking", "latest", "analysis", "opinion", "explainer", "key", "point",
    "points", "fact", "facts", "summary", "highlights", "highlight", "brief", "quote", "recap",
    "takeaways", "glance", "story", "stories", "top", "editor's", "pick", "picks", "recommended",
    "trending", "popular", "lire", "aussi", "voir", "lesen", "sie", "mehr", "thema",
    "zusammenfassung", "überblick", "résumé", "resumen", "resumo", "riassunto", "samenvatting",
    "podsumowanie", "shrnutí", "итоги", "кратко", "要点", "概要", "摘要", "leia", "mais", "más",
    "leggi", "lees", "czytaj", "też", "čtěte", "читайте", "также", "相关", "関連",
    "te", "puede", "interesar", "interesa", "también", "relacionado", "relacionada",
    "relacionados", "relacionadas", "ook", "meer", "gerelateerd", "auch", "weiterlesen",
    "savoir", "plus", "anche", "potrebbe", "interessarti", "approfondisci", "também", "veja",
    "saiba", "zobacz", "także", "смотрите", "далее",
];

/// Connectives of Chinese and Japanese, spelled out (their characters are
/// words of their own).
#[rustfmt::skip]
const CJK_CONNECTIVES: &[&str] = &[
    "此外", "另外", "同时", "同時", "并且", "並且", "而且", "此前", "据报道", "據報導", "如前所述", "与此同时", "與此同時", "另一方面",
    "也", "还", "還", "また", "さらに", "一方", "なお", "ちなみに", "このほか", "そのほか", "報道によると", "前述のとおり", "前述の通り",
];

#[cfg(test)]
mod tests {
    use super::*;

    fn class(word: &str) -> u64 {
        lookup(hash_bytes(word.as_bytes()), word.len()).0
    }

    #[test]
    fn classes_of_listed_words() {
        assert_eq!(class("the"), LIGHT | FUNCTION);
        assert_eq!(class("before"), FUNCTION);
        assert_ne!(class("nicht") & NEGATION, 0);
        assert_ne!(class("不") & NEGATION, 0);
        assert_ne!(class("only") & LIMITER, 0);
        assert_ne!(class("must") & MODAL, 0);
        assert_ne!(class("told") & REPORTING, 0);
        assert_eq!(class("minister"), 0);
    }

    #[test]
    fn aliases_point_at_their_canonical_spelling() {
        let canonical = |w: &str| lookup(hash_bytes(w.as_bytes()), w.len()).1;
        assert_eq!(canonical("eight"), hash_bytes(b"8"));
        assert_eq!(canonical("says"), hash_bytes(b"said"));
        assert_eq!(canonical("said"), 0);
    }

    #[test]
    fn no_word_is_longer_than_the_bound() {
        for (words, _) in GROUPS {
            for w in *words {
                assert!(w.len() <= LONGEST, "{w}");
            }
        }
    }
}
