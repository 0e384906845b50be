/* gen/lexicon.c — per-script letters, function words and syllable rules; builds ranked
 * vocabularies and their Zipf alias tables; upper-casing and spelling variants. */
#include "lexicon.h"

#include <math.h>
#include <stdlib.h>

/* Mandelbrot's offset in the Zipf weight 1 / (rank + q)^s: flattens the very top ranks. */
#define ZIPF_Q 2.7
/* Topic words come from this band of ranks after the function words: frequent enough to
 * recur, rare enough to mark a story. */
#define TOPIC_SKIP 200
#define TOPIC_BAND 15000
/* Share of Latin syllables whose vowel carries a diacritic (é, ö, ü). */
#define LATIN_ACCENT_P 0.03
/* Shortest lexicon: the function words plus a margin of synthetic words. */
#define LEXICON_MIN_SYNTHETIC 1000

const struct script_info SCRIPTS[SC_COUNT] = {
    [SC_LATIN] = {"en", true, true, ".", " ", ",", "\"", "\""},
    [SC_CYRILLIC] = {"ru", true, true, ".", " ", ",", "«", "»"},
    [SC_GREEK] = {"el", true, true, ".", " ", ",", "«", "»"},
    [SC_ARABIC] = {"ar", true, false, ".", " ", "،", "\"", "\""},
    [SC_CJK] = {"zh", false, false, "。", "", "，", "“", "”"},
    [SC_THAI] = {"th", false, false, "", " ", " ", "\"", "\""},
};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* Function words, most frequent first; SAID_* is the index of the reporting verb. */
static const char *const FN_LATIN[] = {
    "the",  "of",    "and",   "to",   "a",     "in",   "that",  "is",    "said", "for",
    "on",   "was",   "with",  "he",   "it",    "as",   "at",    "by",    "from", "his",
    "an",   "be",    "has",   "have", "are",   "were", "but",   "not",   "this", "had",
    "they", "which", "after", "its",  "their", "who",  "will",  "been",  "more", "one",
    "also", "would", "about", "new",  "two",   "over", "we",    "than",  "she",  "her",
    "year", "into",  "last",  "up",   "out",   "all",  "could", "there", "other"};
static const char *const FN_CYRILLIC[] = {
    "и",  "в",   "не", "на", "что", "с",  "по",  "заявил", "он",    "как",   "это", "из",
    "за", "для", "от", "о",  "к",   "но", "его", "уже",    "после", "также", "при", "года"};
static const char *const FN_GREEK[] = {"και",    "το",  "η",    "να",  "του",   "της", "σε",  "με",
                                       "δήλωσε", "για", "από",  "ο",   "τα",    "την", "που", "στο",
                                       "των",    "τον", "στην", "ότι", "είναι", "θα",  "δεν"};
static const char *const FN_ARABIC[] = {"في",  "من",  "على",  "إلى",  "أن",  "قال", "عن",
                                        "مع",  "هذا", "التي", "الذي", "كان", "بعد", "بين",
                                        "هذه", "كما", "لا",   "ما",   "قد",  "أو"};
static const char *const FN_CJK[] = {"的", "了", "在", "是", "和", "说", "有", "也", "这", "他",
                                     "不", "人", "中", "上", "为", "对", "与", "将", "已", "被"};
static const char *const FN_THAI[] = {"ที่",  "และ", "ใน", "ของ", "การ", "กล่าว", "เป็น", "ได้", "มี",
                                      "ว่า", "จะ",  "ให้", "ไม่",  "กับ",  "จาก",  "โดย", "นี้",  "แล้ว"};

struct fn_list {
    const char *const *w;
    uint32_t n, said;
};

static const struct fn_list FN[SC_COUNT] = {
    [SC_LATIN] = {FN_LATIN, COUNT(FN_LATIN), 8},
    [SC_CYRILLIC] = {FN_CYRILLIC, COUNT(FN_CYRILLIC), 7},
    [SC_GREEK] = {FN_GREEK, COUNT(FN_GREEK), 8},
    [SC_ARABIC] = {FN_ARABIC, COUNT(FN_ARABIC), 5},
    [SC_CJK] = {FN_CJK, COUNT(FN_CJK), 5},
    [SC_THAI] = {FN_THAI, COUNT(FN_THAI), 5},
};

/* Syllable parts: onset + vowel + coda; an empty string makes the part optional. */
struct syllables {
    const char *const *onset, *const *vowel, *const *coda;
    uint32_t nonset, nvowel, ncoda;
};

static const char *const LAT_ON[] = {"b",  "c",  "d",  "f",  "g",  "h",  "k",  "l",  "m",  "n",
                                     "p",  "r",  "s",  "t",  "v",  "w",  "z",  "br", "cr", "dr",
                                     "st", "tr", "pl", "ch", "sh", "th", "gr", ""};
static const char *const LAT_V[] = {"a", "e", "i", "o", "u", "a", "e", "o", "ai", "ea", "ou", "io"};
static const char *const LAT_ACC[] = {"é", "ö", "ü"};
static const char *const LAT_CO[] = {"", "", "", "n", "r", "s", "l", "t", "m", "nd", "st"};
static const char *const CYR_ON[] = {"б", "в", "г", "д", "ж", "з", "к", "л",  "м",  "н",  "п", "р",
                                     "с", "т", "ф", "х", "ц", "ч", "ш", "ст", "пр", "кр", "тр"};
static const char *const CYR_V[] = {"а", "е", "и", "о", "у", "ы", "я", "ю", "о", "а", "е"};
static const char *const CYR_CO[] = {"", "", "", "н", "р", "с", "л", "т", "й", "в", "к"};
static const char *const GRK_ON[] = {"β", "γ", "δ", "ζ", "θ", "κ", "λ",  "μ",  "ν", "ξ",
                                     "π", "ρ", "σ", "τ", "φ", "χ", "στ", "πρ", "τρ"};
static const char *const GRK_V[] = {"α", "ε", "η", "ι", "ο", "υ", "ω", "ου", "αι", "ει"};
static const char *const GRK_CO[] = {"", "", "", "ν", "ρ"};
static const char *const ARA_ON[] = {"ب", "ت", "ج", "ح", "خ", "د", "ر", "ز", "س", "ش", "ص",
                                     "ط", "ع", "ف", "ق", "ك", "ل", "م", "ن", "ه", "و", "ي"};
static const char *const ARA_V[] = {"", "", "ا", "و", "ي"};
static const char *const ARA_CO[] = {"", "", "", "ن", "ل", "م", "ر"};
static const char *const THA_ON[] = {"ก", "ข", "ค", "ง", "จ", "ช", "ซ", "ด", "ต",
                                     "ถ", "ท", "น", "บ", "ป", "ผ", "พ", "ฟ", "ม",
                                     "ย", "ร", "ล", "ว", "ส", "ห", "อ"};
static const char *const THA_V[] = {"", "", "า", "ิ", "ี", "ุ", "ู", "ื"};
static const char *const THA_CO[] = {"", "", "น", "ง", "ม", "ก", "ด", "บ"};
/* Thai vowels written before the consonant they follow in speech. */
static const char *const THA_PRE[] = {"เ", "แ", "โ", "ไ"};

#define SYL(on, v, co)                                                                             \
    {                                                                                              \
        on, v, co, COUNT(on), COUNT(v), COUNT(co)                                                  \
    }
static const struct syllables SYLL[SC_COUNT] = {
    [SC_LATIN] = SYL(LAT_ON, LAT_V, LAT_CO), [SC_CYRILLIC] = SYL(CYR_ON, CYR_V, CYR_CO),
    [SC_GREEK] = SYL(GRK_ON, GRK_V, GRK_CO), [SC_ARABIC] = SYL(ARA_ON, ARA_V, ARA_CO),
    [SC_CJK] = {NULL, NULL, NULL, 0, 0, 0},  [SC_THAI] = SYL(THA_ON, THA_V, THA_CO),
};

/* CJK "syllables" are ideographs from the start of the Unified Ideographs block. */
#define CJK_BASE 0x4E00u
#define CJK_SPAN 3000u

static size_t put_str(char *dst, size_t at, const char *s)
{
    size_t n = strlen(s);
    memcpy(dst + at, s, n);
    return at + n;
}

static size_t put_cjk(char *dst, size_t at, uint32_t cp)
{
    /* Three-byte UTF-8: 1110xxxx 10xxxxxx 10xxxxxx. */
    dst[at] = (char)(0xE0 | (cp >> 12));
    dst[at + 1] = (char)(0x80 | ((cp >> 6) & 0x3F));
    dst[at + 2] = (char)(0x80 | (cp & 0x3F));
    return at + 3;
}

static const char *pick(rng_t *r, const char *const *list, uint32_t n)
{
    return list[rng_below(r, n)];
}

static size_t put_syllable(enum script sc, rng_t *r, char *dst, size_t at, bool last)
{
    const struct syllables *sy = &SYLL[sc];
    if (sc == SC_CJK)
        return put_cjk(dst, at, CJK_BASE + rng_below(r, CJK_SPAN));
    if (sc == SC_THAI && rng_chance(r, 0.2)) { /* a leading vowel, then no trailing one */
        at = put_str(dst, at, pick(r, THA_PRE, COUNT(THA_PRE)));
        at = put_str(dst, at, pick(r, sy->onset, sy->nonset));
        return put_str(dst, at, pick(r, sy->coda, sy->ncoda));
    }
    at = put_str(dst, at, pick(r, sy->onset, sy->nonset));
    if (sc == SC_LATIN && rng_chance(r, LATIN_ACCENT_P))
        at = put_str(dst, at, pick(r, LAT_ACC, COUNT(LAT_ACC)));
    else
        at = put_str(dst, at, pick(r, sy->vowel, sy->nvowel));
    if (sc == SC_GREEK && last) /* Greek words end in final sigma or nu, or a vowel */
        return put_str(dst, at, rng_chance(r, 0.5) ? "ς" : rng_chance(r, 0.5) ? "ν" : "");
    return put_str(dst, at, pick(r, sy->coda, sy->ncoda));
}

size_t script_word(enum script sc, rng_t *r, unsigned syll, char *dst)
{
    size_t at = 0;
    if (syll < 1)
        syll = 1;
    if (syll > 4)
        syll = 4; /* keeps words under WORD_MAX */
    for (unsigned i = 0; i < syll; i++)
        at = put_syllable(sc, r, dst, at, i + 1 == syll);
    if (at == 0) /* an empty onset and empty vowel: never leave a word empty */
        at = put_str(dst, at, SYLL[sc].onset[0]);
    return at;
}

/* Frequent words are short: syllable count grows with rank. (Here and throughout, two draws
 * never share one expression whose evaluation order C leaves open: output must not depend on
 * the compiler.) */
static unsigned syllables_for_rank(uint32_t rank, rng_t *r)
{
    if (rank < 1000)
        return rng_chance(r, 0.6) ? 1 : 2;
    if (rank < 10000)
        return rng_chance(r, 0.2) ? 3 : rng_range(r, 1, 2);
    return rng_chance(r, 0.1) ? 4 : rng_range(r, 2, 3);
}

/* Vose's alias method over weights w[0..n): O(n) build, O(1) draws. */
static void build_alias(struct lexicon *lx, double *w)
{
    uint32_t n = lx->n, *small = xmalloc(n * sizeof *small), *large = xmalloc(n * sizeof *large);
    uint32_t ns = 0, nl = 0;
    double sum = 0;
    for (uint32_t i = 0; i < n; i++)
        sum += w[i];
    for (uint32_t i = 0; i < n; i++) {
        w[i] = w[i] * n / sum; /* mean 1 */
        if (w[i] < 1)
            small[ns++] = i;
        else
            large[nl++] = i;
    }
    while (ns && nl) {
        uint32_t s = small[--ns], l = large[nl - 1];
        lx->cut[s] = (uint32_t)(w[s] * 4294967296.0); /* w[s] < 1, so this fits */
        lx->alias[s] = l;
        w[l] -= 1 - w[s];
        if (w[l] < 1) {
            nl--;
            small[ns++] = l;
        }
    }
    while (nl) { /* leftovers are 1 up to rounding: always keep themselves */
        uint32_t l = large[--nl];
        lx->cut[l] = UINT32_MAX;
        lx->alias[l] = l;
    }
    while (ns) {
        uint32_t s = small[--ns];
        lx->cut[s] = UINT32_MAX;
        lx->alias[s] = s;
    }
    free(small);
    free(large);
}

void lexicon_build(struct lexicon *lx, enum script sc, uint32_t n, double zipf_s, uint64_t seed)
{
    const struct fn_list *fn = &FN[sc];
    if (n < fn->n + LEXICON_MIN_SYNTHETIC)
        n = fn->n + LEXICON_MIN_SYNTHETIC;
    *lx = (struct lexicon){.sc = sc, .n = n, .said = fn->said, .content0 = fn->n};
    lx->word = xmalloc(n * sizeof *lx->word);
    lx->len = xmalloc(n);
    lx->alias = xmalloc(n * sizeof *lx->alias);
    lx->cut = xmalloc(n * sizeof *lx->cut);
    rng_t r;
    rng_seed(&r, seed);
    char tmp[WORD_MAX];
    for (uint32_t i = 0; i < n; i++) {
        size_t len =
            i < fn->n ? strlen(fn->w[i]) : script_word(sc, &r, syllables_for_rank(i, &r), tmp);
        lx->word[i] = arena_strndup(&lx->arena, i < fn->n ? fn->w[i] : tmp, len);
        lx->len[i] = (uint8_t)len;
    }
    double *w = xmalloc(n * sizeof *w);
    for (uint32_t i = 0; i < n; i++)
        w[i] = pow(i + ZIPF_Q, -zipf_s);
    build_alias(lx, w);
    free(w);
}

void lexicon_free(struct lexicon *lx)
{
    free(lx->word);
    free(lx->len);
    free(lx->alias);
    free(lx->cut);
    arena_free(&lx->arena);
}

uint32_t lexicon_topic(const struct lexicon *lx, rng_t *r)
{
    uint32_t lo = lx->content0 + TOPIC_SKIP;
    uint32_t hi = lo + TOPIC_BAND < lx->n ? lo + TOPIC_BAND : lx->n;
    if (lo >= hi)
        lo = lx->content0;
    return rng_range(r, lo, hi - 1);
}

/* Upper-cases one character at s (len bytes available) into dst; returns bytes consumed. */
static size_t upcase_char(const unsigned char *s, size_t len, char *dst)
{
    unsigned char c = s[0];
    if (c >= 'a' && c <= 'z') {
        dst[0] = (char)(c - 32);
        return 1;
    }
    size_t w = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4; /* UTF-8 length from lead byte */
    if (w > len)
        w = len;
    memcpy(dst, s, w);
    if (w != 2)
        return w;
    unsigned char b = s[1];
    if ((c == 0xD0 && b >= 0xB0) || (c == 0xCE && b >= 0xB1) ||
        (c == 0xC3 && b >= 0xA0 && b != 0xB7)) {
        dst[1] = (char)(b - 0x20); /* а-п, α-ο, à-þ: capital is 0x20 lower in the 2nd byte */
    } else if (c == 0xD1 && b <= 0x8F) {
        dst[0] = (char)0xD0; /* р-я (U+0440..044F) -> Р-Я (U+0420..042F) */
        dst[1] = (char)(b + 0x20);
    } else if (c == 0xCF && b <= 0x89) {
        dst[0] = (char)0xCE; /* π-ω (U+03C0..03C9) -> Π-Ω; final ς -> Σ (U+03A3) */
        dst[1] = (char)(b == 0x82 ? 0xA3 : b + 0x20);
    }
    return w;
}

size_t utf8_upcase(const char *s, size_t n, char *dst, bool all)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t i = 0;
    while (i < n) {
        i += upcase_char(u + i, n - i, dst + i);
        if (!all) {
            memcpy(dst + i, s + i, n - i);
            return n;
        }
    }
    return n;
}

static bool is_vowel(char c)
{
    return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u';
}

size_t latin_variant(const char *w, size_t n, char *dst)
{
    size_t p = n;
    while (p > 0 && !is_vowel(w[p - 1]))
        p--;
    bool letter_after = p < n && (unsigned char)w[p] < 0x80; /* not the lead byte of é, ö, ü */
    if (p == 0 || !letter_after) { /* no vowel, ends in one, or an accent follows: append an e */
        memcpy(dst, w, n);
        dst[n] = 'e';
        return n + 1;
    }
    /* w[p - 1] is the last vowel, w[p] the consonant after it: "or" -> "our", else double. */
    memcpy(dst, w, p);
    dst[p] = w[p] == 'r' ? 'u' : w[p];
    memcpy(dst + p + 1, w + p, n - p);
    return n + 1;
}
