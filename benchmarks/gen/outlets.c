/* gen/outlets.c — builds the outlet pool: real and made-up wire agencies, synthetic papers and
 * aggregators, and for each its domain, footer lines, widget labels and rail headlines. */
#include "outlets.h"

#include <stdio.h>
#include <stdlib.h>

#define COUNT(a)                (sizeof(a) / sizeof((a)[0]))
#define NON_LATIN_PAPER_DIVISOR 8 /* smaller language markets */
#define NON_LATIN_PAPER_MIN     6
#define P_AGGREGATOR            0.2 /* share of non-wire outlets that are aggregators */
#define P_RAIL_SELF             0.7 /* rail headlines from the outlet itself, else a partner */
#define LINE_BYTES              512 /* a footer line or label */
#define FURNITURE_WORDS_MIN     40  /* furniture paragraphs run to 40-80 words, like briefs */
#define FURNITURE_SENT_MIN      6   /* words in a made-up furniture sentence */
#define FURNITURE_SENT_MAX      12

const char *const OUTLET_KIND_NAME[OUT_KIND_COUNT] = {"wire", "paper", "aggregator"};

struct wire_def {
    enum script sc;
    const char *name, *tag, *dash, *domain;
};

static const struct wire_def REAL_WIRES[] = {
    {SC_LATIN, "Reuters", "Reuters", " - ", "reuters.com"},
    {SC_LATIN, "Associated Press", "AP", " — ", "apnews.com"},
    {SC_LATIN, "Agence France-Presse", "AFP", " — ", "afp.com"},
    {SC_CYRILLIC, "ТАСС", "ТАСС", " — ", "tass.ru"},
    {SC_CYRILLIC, "Интерфакс", "Интерфакс", " — ", "interfax.ru"},
    {SC_GREEK, "ΑΠΕ-ΜΠΕ", "ΑΠΕ-ΜΠΕ", " — ", "amna.gr"},
    {SC_ARABIC, "وكالة الأنباء السعودية", "واس", " — ", "spa.gov.sa"},
    {SC_CJK, "新华社", "新华社", "—", "xinhuanet.com"},
    {SC_CJK, "中国新闻社", "中新社", "—", "chinanews.com.cn"},
    {SC_THAI, "สำนักข่าวไทย", "อสมท", " - ", "tna.mcot.net"},
};

static const char *const TLD[SC_COUNT] = {".com", ".ru", ".gr", ".sa", ".cn", ".th"};
static const char *const LATIN_TLD[] = {".com", ".co.uk", ".net", ".news", ".org"};
static const char *const PAPER_NOUN[] = {
    "Herald",  "Courier",  "Gazette", "Tribune",  "Post", "Chronicle", "Times",  "Observer",
    "Journal", "Sentinel", "Record",  "Examiner", "Star", "Ledger",    "Mirror", "Echo"};
/* Aggregator names: prefix, word, suffix. */
static const char *const AGG_PATTERN[][2] = {
    {"", " News"}, {"", "Hub"}, {"Daily ", " Digest"}, {"", " Today"}};
static const char *const CJK_PAPER_SUFFIX[] = {"日报", "晚报", "新闻网", "时报"};
static const char *const LATIN_HEADINGS[] = {"Related",     "Same topic",           "Most read",
                                             "Latest news", "Editor's picks",       "Same category",
                                             "Trending",    "You may be interested"};

/* Furniture sentences of English-language outlets; %s is the outlet's name, or its domain
 * where `domain` says so. */
struct furniture_line {
    const char *fmt;
    bool domain;
};

static const struct furniture_line LATIN_FURNITURE[] = {
    {"Support independent local journalism. Subscribe to %s today for unlimited access to every "
     "story, the daily newsletter and the e-edition, from $1 a week.",
     false},
    {"We welcome comments that are civil and on topic. Comments are moderated and may take some "
     "time to appear; %s removes any that break its community guidelines.",
     false},
    {"This story was reported with material from wire services.", false},
    {"Copyright %s. All rights reserved. This material may not be published, broadcast, "
     "rewritten or redistributed without permission.",
     false},
    {"Have a news tip? Email the newsroom at news@%s or call us, and follow us on social media "
     "for breaking news alerts.",
     true},
    {"Our journalism depends on readers like you. If you value this reporting, please consider "
     "becoming a member of %s or making a one-time contribution.",
     false},
    {"Sign up for the morning briefing to receive the day's top headlines from %s in your inbox.",
     false},
};

struct builder {
    struct outlet_pool *p;
    const struct lexicon *lx;
    rng_t r;
    char line[LINE_BYTES];
};

static const char *keep(struct builder *b, const char *s, size_t n)
{
    return arena_strndup(&b->p->arena, s, n);
}

/* `words` synthetic words of the outlet's script, capitalised: a label or a short line. */
static const char *script_phrase(struct builder *b, enum script sc, unsigned words)
{
    size_t at = 0;
    char w[WORD_MAX];
    for (unsigned i = 0; i < words && at + 2 * WORD_MAX < LINE_BYTES; i++) {
        if (i && SCRIPTS[sc].spaced)
            b->line[at++] = ' ';
        size_t n = script_word(sc, &b->r, rng_range(&b->r, 1, 3), w);
        at += i ? (memcpy(b->line + at, w, n), n) : utf8_upcase(w, n, b->line + at, false);
    }
    return keep(b, b->line, at);
}

static struct outlet *add_outlet(struct builder *b, enum script sc, enum outlet_kind kind)
{
    struct outlet_pool *p = b->p;
    struct outlet *o = &p->o[p->n++];
    *o = (struct outlet){.sc = sc, .kind = kind, .dash = " — "};
    o->name_twice = rng_chance(&b->r, 0.7);
    return o;
}

/* Lower-case ASCII letters of a Latin name, without "The" and spaces, plus a TLD. */
static const char *latin_domain(struct builder *b, const char *name)
{
    size_t at = 0;
    if (strncmp(name, "The ", 4) == 0)
        name += 4;
    for (const char *c = name; *c && at < LINE_BYTES - 16; c++) /* 16: room for the TLD */
        if ((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z'))
            b->line[at++] = (char)(*c | 0x20); /* ASCII lower case */
    at += (size_t)snprintf(b->line + at, 16, "%s", LATIN_TLD[rng_below(&b->r, COUNT(LATIN_TLD))]);
    return keep(b, b->line, at);
}

static const char *numbered_domain(struct builder *b, const char *stem, enum script sc)
{
    int n = snprintf(b->line, LINE_BYTES, "%s%u%s", stem, b->p->n, TLD[sc]);
    return keep(b, b->line, (size_t)n);
}

static void add_wires(struct builder *b, enum script sc)
{
    for (size_t i = 0; i < COUNT(REAL_WIRES); i++) {
        const struct wire_def *d = &REAL_WIRES[i];
        if (d->sc != sc)
            continue;
        struct outlet *o = add_outlet(b, sc, OUT_WIRE);
        o->name = d->name;
        o->tag = d->tag;
        o->dash = d->dash;
        o->domain = d->domain;
    }
    /* One made-up agency a script, so not every wire is a famous one. */
    struct outlet *o = add_outlet(b, sc, OUT_WIRE);
    o->tag = script_phrase(b, sc, 1);
    if (sc == SC_LATIN) {
        int n = snprintf(b->line, LINE_BYTES, "%s Press Service", o->tag);
        o->name = keep(b, b->line, (size_t)n);
        o->domain = latin_domain(b, o->name);
    } else {
        o->name = o->tag;
        o->domain = numbered_domain(b, "wire", sc);
    }
}

static const char *paper_name(struct builder *b, enum script sc, enum outlet_kind kind)
{
    char w[WORD_MAX];
    size_t n = script_word(sc, &b->r, rng_range(&b->r, 2, 3), w);
    char place[WORD_MAX];
    size_t pn = utf8_upcase(w, n, place, false);
    int len;
    if (sc == SC_LATIN && kind == OUT_AGGREGATOR) {
        const char *const *pat = AGG_PATTERN[rng_below(&b->r, COUNT(AGG_PATTERN))];
        len = snprintf(b->line, LINE_BYTES, "%s%.*s%s", pat[0], (int)pn, place, pat[1]);
    } else if (sc == SC_LATIN) {
        const char *the = rng_chance(&b->r, 0.7) ? "The " : "";
        const char *noun = PAPER_NOUN[rng_below(&b->r, COUNT(PAPER_NOUN))];
        len = snprintf(b->line, LINE_BYTES, "%s%.*s %s", the, (int)pn, place, noun);
    } else if (sc == SC_CJK)
        len = snprintf(b->line, LINE_BYTES, "%.*s%s", (int)pn, place,
                       CJK_PAPER_SUFFIX[rng_below(&b->r, COUNT(CJK_PAPER_SUFFIX))]);
    else
        return script_phrase(b, sc, 2);
    return keep(b, b->line, (size_t)len);
}

static void add_papers(struct builder *b, enum script sc, uint32_t count)
{
    for (uint32_t i = 0; i < count; i++) {
        enum outlet_kind kind = rng_chance(&b->r, P_AGGREGATOR) ? OUT_AGGREGATOR : OUT_PAPER;
        struct outlet *o = add_outlet(b, sc, kind);
        o->name = paper_name(b, sc, kind);
        o->tag = o->name;
        o->domain = sc == SC_LATIN ? latin_domain(b, o->name)
                                   : numbered_domain(b, kind == OUT_PAPER ? "news" : "portal", sc);
    }
}

/* One footer line of an English-language outlet; some carry tabs, as extractors keep them. */
static const char *latin_footer(struct builder *b, const struct outlet *o, unsigned which,
                                unsigned year)
{
    int n;
    switch (which) {
    case 0:
        n = snprintf(b->line, LINE_BYTES, "© %u %s. All rights reserved.", year, o->name);
        break;
    case 1: n = snprintf(b->line, LINE_BYTES, "Subscribe to %s newsletters", o->name); break;
    case 2:
        n = snprintf(b->line, LINE_BYTES, "Follow %s on Facebook, X and Instagram", o->name);
        break;
    case 3:
        n = snprintf(b->line, LINE_BYTES, "Terms of use\t|\tPrivacy policy\t|\tContact us");
        break;
    case 4:
        n = snprintf(b->line, LINE_BYTES, "Hotline: 0%08u | Email: newsroom@%s",
                     rng_below(&b->r, 100000000), o->domain);
        break;
    case 5:
        n = snprintf(b->line, LINE_BYTES,
                     "License No. %u/GP-BTTTT issued by the Ministry of "
                     "Information and Communications",
                     rng_range(&b->r, 10, 999));
        break;
    default: {
        char first[WORD_MAX], last[WORD_MAX], tmp[WORD_MAX];
        size_t fn = script_word(SC_LATIN, &b->r, 2, tmp);
        fn = utf8_upcase(tmp, fn, first, false);
        size_t ln = script_word(SC_LATIN, &b->r, 3, tmp);
        ln = utf8_upcase(tmp, ln, last, false);
        n = snprintf(b->line, LINE_BYTES, "Editor-in-chief: %.*s %.*s", (int)fn, first, (int)ln,
                     last);
        break;
    }
    }
    return keep(b, b->line, (size_t)n);
}

#define LATIN_FOOTER_KINDS 7

static void add_footer(struct builder *b, struct outlet *o)
{
    unsigned year = rng_range(&b->r, 2024, 2025);
    o->nfooter = rng_range(&b->r, 2, FOOTER_MAX);
    if (o->sc == SC_LATIN) {
        unsigned first = rng_below(&b->r, LATIN_FOOTER_KINDS); /* consecutive kinds: all distinct */
        for (unsigned i = 0; i < o->nfooter; i++)
            o->footer[i] = latin_footer(b, o, (first + i) % LATIN_FOOTER_KINDS, year);
        return;
    }
    int n = snprintf(b->line, LINE_BYTES, "© %u %s", year, o->name);
    o->footer[0] = keep(b, b->line, (size_t)n);
    for (unsigned i = 1; i + 1 < o->nfooter; i++)
        o->footer[i] = script_phrase(b, o->sc, rng_range(&b->r, 4, 9));
    o->footer[o->nfooter - 1] = o->domain;
}

static void add_widgets(struct builder *b, struct outlet *o)
{
    o->nheading = rng_range(&b->r, 2, RAIL_SECTIONS_MAX);
    for (unsigned i = 0; i < o->nheading; i++) {
        if (o->sc != SC_LATIN) {
            o->heading[i] = script_phrase(b, o->sc, rng_range(&b->r, 1, 2));
        } else if (rng_chance(&b->r, 0.2)) {
            int n = snprintf(b->line, LINE_BYTES, "More from %s", o->name);
            o->heading[i] = keep(b, b->line, (size_t)n);
        } else {
            o->heading[i] = LATIN_HEADINGS[rng_below(&b->r, COUNT(LATIN_HEADINGS))];
        }
    }
    bool latin = o->sc == SC_LATIN;
    o->comment =
        latin ? (rng_chance(&b->r, 0.5) ? "Comment" : "Comments") : script_phrase(b, o->sc, 1);
    o->no_data = latin ? "No data" : script_phrase(b, o->sc, 2);
    o->photo = latin ? "Photo" : script_phrase(b, o->sc, 1);
    o->ago = latin ? "hours ago" : script_phrase(b, o->sc, 2);
    if (rng_chance(&b->r, 0.5))
        o->no_video = latin ? "No videos available" : script_phrase(b, o->sc, 3);
}

/* Rail headlines: titles of stories about events of their own, from this outlet or another
 * one of the same script. */
static void add_rails(struct builder *b, struct outlet *o, uint32_t lo, uint32_t hi, struct doc *d,
                      struct buf *text)
{
    const struct lexicon *lx = &b->lx[o->sc];
    struct event ev;
    for (unsigned i = 0; i < RAIL_POOL; i++) {
        event_make(&ev, lx, rng_next(&b->r));
        struct voice v = {lx, &ev, NULL, NULL};
        doc_title(d, &v, &b->r);
        text->len = 0;
        doc_render_title(d, &v, text);
        o->rail[i] = keep(b, text->p, text->len);
        o->rail_src[i] =
            rng_chance(&b->r, P_RAIL_SELF) ? (uint32_t)(o - b->p->o) : rng_range(&b->r, lo, hi - 1);
    }
}

static unsigned count_words(const char *s)
{
    unsigned n = 1;
    for (; *s; s++)
        n += *s == ' ';
    return n;
}

/* Consecutive sentences of the English pool, from a random one, up to the wanted length. */
static void latin_furniture(struct builder *b, const struct outlet *o, struct buf *text,
                            unsigned *words)
{
    unsigned first = rng_below(&b->r, COUNT(LATIN_FURNITURE));
    for (unsigned i = 0; i < COUNT(LATIN_FURNITURE) && *words < FURNITURE_WORDS_MIN; i++) {
        const struct furniture_line *f = &LATIN_FURNITURE[(first + i) % COUNT(LATIN_FURNITURE)];
        int n = snprintf(b->line, LINE_BYTES, f->fmt, f->domain ? o->domain : o->name);
        if (text->len)
            buf_putc(text, ' ');
        buf_put(text, b->line, (size_t)n);
        *words += count_words(b->line);
    }
}

/* Made-up sentences in the outlet's script, up to the wanted length. */
static void script_furniture(struct builder *b, const struct outlet *o, struct buf *text,
                             unsigned *words)
{
    const struct script_info *si = &SCRIPTS[o->sc];
    while (*words < FURNITURE_WORDS_MIN) {
        unsigned n = rng_range(&b->r, FURNITURE_SENT_MIN, FURNITURE_SENT_MAX);
        if (text->len)
            buf_puts(text, si->gap);
        buf_puts(text, script_phrase(b, o->sc, n));
        buf_puts(text, si->stop);
        *words += n;
    }
}

static void add_furniture(struct builder *b, struct outlet *o, struct buf *text)
{
    text->len = 0;
    o->furniture_words = 0;
    if (o->sc == SC_LATIN)
        latin_furniture(b, o, text, &o->furniture_words);
    else
        script_furniture(b, o, text, &o->furniture_words);
    o->furniture = keep(b, text->p, text->len);
}

void outlets_build(struct outlet_pool *p, const struct lexicon lx[SC_COUNT], uint32_t papers,
                   uint64_t seed)
{
    uint32_t per[SC_COUNT], total = 0;
    for (int sc = 0; sc < SC_COUNT; sc++) {
        per[sc] = sc == SC_LATIN ? papers : papers / NON_LATIN_PAPER_DIVISOR;
        if (per[sc] < NON_LATIN_PAPER_MIN)
            per[sc] = NON_LATIN_PAPER_MIN;
        total += per[sc] + (uint32_t)COUNT(REAL_WIRES) + 1; /* + 1: the made-up agency */
    }
    *p = (struct outlet_pool){.o = xcalloc(total, sizeof *p->o)};
    struct builder b = {.p = p, .lx = lx};
    rng_seed(&b.r, seed);
    for (int sc = 0; sc < SC_COUNT; sc++) {
        p->wire_lo[sc] = p->n;
        add_wires(&b, (enum script)sc);
        p->wire_hi[sc] = p->n;
        add_papers(&b, (enum script)sc, per[sc]);
        p->paper_hi[sc] = p->n;
    }
    struct doc d = {0};
    struct buf text = {0};
    for (uint32_t i = 0; i < p->n; i++) {
        struct outlet *o = &p->o[i];
        add_footer(&b, o);
        add_widgets(&b, o);
        add_rails(&b, o, p->wire_lo[o->sc], p->paper_hi[o->sc], &d, &text);
    }
    for (uint32_t i = 0; i < p->n; i++) /* after the rest: earlier draws stay as they were */
        add_furniture(&b, &p->o[i], &text);
    doc_free(&d);
    buf_free(&text);
}

void outlets_free(struct outlet_pool *p)
{
    free(p->o);
    arena_free(&p->arena);
    *p = (struct outlet_pool){0};
}
