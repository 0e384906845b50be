/* gen/doc.c — makes events, generates stories as token arrays, applies the republishing
 * edits (truncation, new intro, copy-editing, partial rewrites) and renders tokens to text. */
#include "doc.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

/* Per-token odds when generating text: names, numbers and topic words recur within a story
 * and across stories of one event; the rest follows the lexicon's Zipf law. */
#define P_NAME        0.04
#define P_NUM         0.02
#define P_TOPIC       0.10
#define P_COMMA       0.05
#define P_QUOTE       0.15 /* sentences that are a quote ended by "..., Name said" */
#define P_LOCAL_NAME  0.5  /* in a paper's own reporting, names that are its own */
#define SENT_MIN      8    /* words in a generated sentence, before a quote's attribution */
#define SENT_MAX      28
#define TITLE_MIN     6
#define TITLE_MAX     12
#define PARA_MAX_SENT 3   /* news paragraphs are short */
#define P_REAL_CITY   0.5 /* Latin datelines naming a real capital */

/* Copy-editing: part of the change budget goes to house-style spelling variants applied to
 * every occurrence of a few words; the rest to single edits at random places. */
#define VARIANT_SHARE     0.3
#define VARIANT_TYPES_MAX 8
#define OP_MEAN_WORDS     1.3  /* words changed per edit, averaged over the kinds below */
#define SYN_SPREAD        40   /* a "synonym" is a word within this many ranks */
#define P_SPLIT           0.10 /* a paragraph split after a sentence */
#define P_MERGE           0.15 /* a paragraph merged into the next */
#define P_KEEP_DATELINE   0.7
#define P_OWN_PARA        0.25 /* partial rewrites: own paragraph after a wire paragraph */
#define BRIEF_PARA_WORDS  40   /* briefs longer than this come in two paragraphs */

static const struct tok_odds NEWS_ODDS = {P_NAME, P_NUM, P_TOPIC, 0, EV_NAMES};

#define TOK_FLAGS (TOK_COMMA | TOK_QOPEN | TOK_QCLOSE | TOK_VARIANT)
#define COUNT(a)  (sizeof(a) / sizeof((a)[0]))

static const char *const ORG_SUFFIX[] = {"Group",  "Ministry", "Council",  "Bank",  "Institute",
                                         "Agency", "Party",    "Holdings", "Union", "Authority"};
static const char *const CJK_ORG_SUFFIX[] = {"集团", "银行", "部", "委员会", "公司"};
static const char *const REAL_CITIES[] = {
    "LONDON",   "WASHINGTON",  "PARIS",  "BERLIN", "TOKYO",    "NEW DELHI", "NAIROBI",
    "BRASILIA", "CANBERRA",    "OTTAWA", "MADRID", "ROME",     "CAIRO",     "JAKARTA",
    "SEOUL",    "MEXICO CITY", "HANOI",  "GENEVA", "BRUSSELS", "KYIV"};

/* ---- events ---------------------------------------------------------------------------- */

/* A capitalised synthetic word appended at dst + at; returns the new length. */
static size_t put_cap_word(enum script sc, rng_t *r, unsigned syll, char *dst, size_t at)
{
    char tmp[WORD_MAX];
    size_t n = script_word(sc, r, syll, tmp);
    return at + utf8_upcase(tmp, n, dst + at, false);
}

static size_t put_lit(char *dst, size_t at, const char *s)
{
    size_t n = strlen(s);
    memcpy(dst + at, s, n);
    return at + n;
}

static size_t make_person(enum script sc, rng_t *r, char *dst)
{
    if (sc == SC_CJK) { /* a one- or two-character given name after a one-character surname */
        size_t at = put_cap_word(sc, r, 1, dst, 0);
        return put_cap_word(sc, r, rng_range(r, 1, 2), dst, at);
    }
    size_t at = put_cap_word(sc, r, 2, dst, 0);
    dst[at++] = ' ';
    return put_cap_word(sc, r, rng_range(r, 2, 3), dst, at);
}

static size_t make_org(enum script sc, rng_t *r, char *dst)
{
    if (sc == SC_CJK) {
        size_t at = put_cap_word(sc, r, 2, dst, 0);
        return put_lit(dst, at, CJK_ORG_SUFFIX[rng_below(r, COUNT(CJK_ORG_SUFFIX))]);
    }
    size_t at = put_cap_word(sc, r, rng_range(r, 2, 3), dst, 0);
    dst[at++] = ' ';
    if (sc == SC_LATIN)
        return put_lit(dst, at, ORG_SUFFIX[rng_below(r, COUNT(ORG_SUFFIX))]);
    return put_cap_word(sc, r, 2, dst, at);
}

static size_t make_number(rng_t *r, char *dst)
{
    double u = rng_unit(r);
    uint32_t a, b; /* drawn one at a time: argument evaluation order is unspecified */
    if (u < 0.4)
        return (size_t)snprintf(dst, NUM_BYTES, "%u", rng_range(r, 2, 99));
    if (u < 0.7) { /* thousands with a separator */
        a = rng_range(r, 1, 999);
        b = rng_below(r, 1000);
        return (size_t)snprintf(dst, NUM_BYTES, "%u,%03u", a, b);
    }
    if (u < 0.9) {
        a = rng_range(r, 1, 99);
        b = rng_range(r, 1, 9);
        return (size_t)snprintf(dst, NUM_BYTES, "%u.%u", a, b);
    }
    return (size_t)snprintf(dst, NUM_BYTES, "%u", rng_range(r, 2000, 2025));
}

/* Index of a number story d uses, searching from a random token; a random one if none. */
static uint32_t used_number(const struct doc *d, rng_t *r)
{
    size_t at = d->ntok ? rng_below(r, (uint32_t)d->ntok) : 0;
    for (size_t k = 0; k < d->ntok; k++) {
        uint32_t t = d->tok[(at + k) % d->ntok];
        if (tok_kind(t) == TK_NUM)
            return tok_index(t);
    }
    return rng_below(r, EV_NUMS);
}

void event_correct(struct event *ev, const struct doc *d, rng_t *r)
{
    uint32_t i = used_number(d, r);
    char old[NUM_BYTES];
    size_t n = ev->num_len[i];
    memcpy(old, ev->num[i], n);
    do
        ev->num_len[i] = (uint8_t)make_number(r, ev->num[i]);
    while (ev->num_len[i] == n && memcmp(old, ev->num[i], n) == 0);
}

void event_make(struct event *ev, const struct lexicon *lx, uint64_t seed)
{
    rng_t r;
    rng_seed(&r, seed);
    enum script sc = lx->sc;
    ev->sc = sc;
    for (int i = 0; i < EV_NAMES; i++) {
        size_t n = i < EV_PEOPLE ? make_person(sc, &r, ev->name[i])
                   : i < EV_PEOPLE + EV_ORGS
                       ? make_org(sc, &r, ev->name[i])
                       : put_cap_word(sc, &r, rng_range(&r, 2, 3), ev->name[i], 0);
        ev->name_len[i] = (uint8_t)n;
    }
    for (int i = 0; i < EV_NUMS; i++)
        ev->num_len[i] = (uint8_t)make_number(&r, ev->num[i]);
    for (int i = 0; i < EV_TOPIC; i++)
        ev->topic[i] = lexicon_topic(lx, &r);
    const int place = EV_PEOPLE + EV_ORGS;
    if (sc == SC_LATIN && rng_chance(&r, P_REAL_CITY))
        ev->city_len =
            (uint8_t)put_lit(ev->city, 0, REAL_CITIES[rng_below(&r, COUNT(REAL_CITIES))]);
    else
        ev->city_len = (uint8_t)utf8_upcase(ev->name[place], ev->name_len[place], ev->city, true);
}

/* ---- token arrays ---------------------------------------------------------------------- */

static inline void push_tok(struct doc *d, uint32_t t)
{
    if (d->ntok == d->tok_cap)
        d->tok = xgrow(d->tok, &d->tok_cap, d->ntok + 1, sizeof *d->tok);
    d->tok[d->ntok++] = t;
}

static void push_sent(struct doc *d, size_t start)
{
    if (d->nsent == d->sent_cap)
        d->sent = xgrow(d->sent, &d->sent_cap, d->nsent + 1, sizeof *d->sent);
    d->sent[d->nsent++] = (struct span){(uint32_t)start, (uint32_t)(d->ntok - start)};
}

/* Closes the open paragraph, if it has any sentence. */
static void doc_break(struct doc *d)
{
    size_t done = d->npara ? d->para_end[d->npara - 1] : 0;
    if (d->nsent == done)
        return;
    if (d->npara == d->para_cap)
        d->para_end = xgrow(d->para_end, &d->para_cap, d->npara + 1, sizeof *d->para_end);
    d->para_end[d->npara++] = (uint32_t)d->nsent;
}

static size_t para_first(const struct doc *d, size_t p)
{
    return p ? d->para_end[p - 1] : 0;
}

void doc_clear(struct doc *d)
{
    d->ntok = d->nsent = d->npara = 0;
    d->dateline_para = -1;
}

void doc_free(struct doc *d)
{
    free(d->tok);
    free(d->sent);
    free(d->para_end);
    *d = (struct doc){0};
}

size_t doc_words(const struct doc *d)
{
    return d->ntok;
}

/* ---- generation ------------------------------------------------------------------------ */

static uint32_t draw_tok(const struct voice *v, rng_t *r, bool local)
{
    const struct tok_odds *o = v->odds ? v->odds : &NEWS_ODDS;
    double u = rng_unit(r);
    if (u < o->name) {
        if (local && v->local && rng_chance(r, P_LOCAL_NAME))
            return tok_make(TK_LOCAL, o->name_lo + rng_below(r, o->name_n));
        return tok_make(TK_NAME, o->name_lo + rng_below(r, o->name_n));
    }
    if (u < o->name + o->num)
        return tok_make(TK_NUM, rng_below(r, EV_NUMS));
    if (u < o->name + o->num + o->topic)
        return tok_make(TK_WORD, v->ev->topic[rng_below(r, EV_TOPIC)]);
    return tok_make(TK_WORD, lexicon_draw(v->lx, r));
}

/* Appends one sentence of lo..hi words; `local` mixes in the paper's own names, `quotes`
 * allows it to be a quote with its attribution. */
static void gen_sentence(struct doc *d, const struct voice *v, rng_t *r, unsigned lo, unsigned hi,
                         bool local, bool quotes)
{
    size_t start = d->ntok;
    unsigned n = rng_range(r, lo, hi);
    for (unsigned i = 0; i < n; i++) {
        uint32_t t = draw_tok(v, r, local);
        if (i + 1 < n && rng_chance(r, P_COMMA))
            t |= TOK_COMMA;
        push_tok(d, t);
    }
    if (quotes && rng_chance(r, P_QUOTE)) {
        d->tok[start] |= TOK_QOPEN;
        d->tok[d->ntok - 1] |= TOK_COMMA | TOK_QCLOSE;
        bool own = local && v->local && rng_chance(r, P_LOCAL_NAME);
        push_tok(d, tok_make(own ? TK_LOCAL : TK_NAME, rng_below(r, EV_PEOPLE)));
        push_tok(d, tok_make(TK_WORD, v->lx->said));
    }
    push_sent(d, start);
}

/* A paragraph of 1..max_sent sentences in the paper's own (local) voice. */
static void gen_own_para(struct doc *d, const struct voice *v, rng_t *r, unsigned max_sent)
{
    unsigned n = rng_range(r, 1, max_sent);
    for (unsigned i = 0; i < n; i++)
        gen_sentence(d, v, r, SENT_MIN, SENT_MAX, true, true);
    doc_break(d);
}

void doc_story(struct doc *d, const struct voice *v, rng_t *r, unsigned words)
{
    doc_clear(d);
    while (d->ntok < words) {
        unsigned n = d->npara == 0 ? 1 : rng_range(r, 1, PARA_MAX_SENT); /* one-sentence lede */
        for (unsigned i = 0; i < n; i++)
            gen_sentence(d, v, r, SENT_MIN, SENT_MAX, false, true);
        doc_break(d);
    }
}

void doc_brief(struct doc *d, const struct voice *v, rng_t *r, unsigned words)
{
    doc_clear(d);
    unsigned paras = words > BRIEF_PARA_WORDS ? 2 : 1;
    for (unsigned p = 1; p <= paras; p++) {
        do
            gen_sentence(d, v, r, SENT_MIN, SENT_MAX, false, true);
        while (d->ntok < words * p / paras);
        doc_break(d);
    }
}

void doc_title(struct doc *d, const struct voice *v, rng_t *r)
{
    doc_clear(d);
    gen_sentence(d, v, r, TITLE_MIN, TITLE_MAX, false, false);
    doc_break(d);
}

/* ---- edits ----------------------------------------------------------------------------- */

static void copy_sent(struct doc *dst, const struct doc *src, size_t i)
{
    size_t start = dst->ntok;
    struct span s = src->sent[i];
    for (uint32_t j = 0; j < s.len; j++)
        push_tok(dst, src->tok[s.start + j]);
    push_sent(dst, start);
}

static void copy_paras(struct doc *dst, const struct doc *src, size_t from, size_t to)
{
    for (size_t p = from; p < to; p++) {
        for (size_t i = para_first(src, p); i < src->para_end[p]; i++)
            copy_sent(dst, src, i);
        doc_break(dst);
    }
}

void edit_verbatim(struct doc *dst, const struct doc *src)
{
    doc_clear(dst);
    copy_paras(dst, src, 0, src->npara);
    dst->dateline_para = src->dateline_para;
}

void edit_truncate(struct doc *dst, const struct doc *src, rng_t *r, double lo, double hi)
{
    doc_clear(dst);
    long keep = lround((double)src->npara * rng_uniform(r, lo, hi));
    if (keep >= (long)src->npara)
        keep = (long)src->npara - 1; /* a truncation always loses something... */
    if (keep < 1)
        keep = 1; /* ...and keeps at least the lede */
    copy_paras(dst, src, 0, (size_t)keep);
    dst->dateline_para = src->dateline_para < keep ? src->dateline_para : -1;
}

void edit_new_intro(struct doc *dst, const struct doc *src, const struct voice *v, rng_t *r)
{
    doc_clear(dst);
    unsigned intro = rng_range(r, 1, 2);
    for (unsigned i = 0; i < intro; i++)
        gen_own_para(dst, v, r, 2);
    copy_paras(dst, src, 0, src->npara);
    /* Half the papers leave the wire's dateline where it was, now below their intro. */
    if (src->dateline_para >= 0 && rng_chance(r, 0.5))
        dst->dateline_para = src->dateline_para + (int)intro;
}

/* Another word: a nearby rank for a content word, any other word for a function word. */
static uint32_t synonym(const struct lexicon *lx, uint32_t w, rng_t *r)
{
    if (w < lx->content0) {
        uint32_t x = lexicon_draw(lx, r);
        return x != w ? x : w + 1; /* lx->n > content0, so w + 1 is a word */
    }
    uint32_t step = rng_range(r, 1, SYN_SPREAD);
    return w + step < lx->n ? w + step : w - step;
}

/* Replaces one word of d, searching from a random token. */
static void substitute_one(struct doc *d, const struct lexicon *lx, rng_t *r)
{
    if (d->ntok == 0)
        return;
    size_t at = rng_below(r, (uint32_t)d->ntok);
    for (size_t k = 0; k < d->ntok; k++) {
        uint32_t *t = &d->tok[(at + k) % d->ntok];
        if (tok_kind(*t) == TK_WORD) {
            *t = (*t & (TOK_COMMA | TOK_QOPEN | TOK_QCLOSE)) |
                 tok_make(TK_WORD, synonym(lx, tok_index(*t), r));
            return;
        }
    }
}

struct variants {
    uint32_t word[VARIANT_TYPES_MAX];
    unsigned n;
};

static bool is_variant(const struct variants *vs, uint32_t w)
{
    for (unsigned i = 0; i < vs->n; i++)
        if (vs->word[i] == w)
            return true;
    return false;
}

/* Picks content words to respell everywhere until about `budget` occurrences change. */
static void pick_variants(struct variants *vs, const struct doc *src, const struct lexicon *lx,
                          rng_t *r, double budget)
{
    vs->n = 0;
    double used = 0;
    for (unsigned tries = 0;
         tries < 4 * VARIANT_TYPES_MAX && vs->n < VARIANT_TYPES_MAX && used < budget; tries++) {
        uint32_t t = src->tok[rng_below(r, (uint32_t)src->ntok)];
        if (tok_kind(t) != TK_WORD || tok_index(t) < lx->content0 || is_variant(vs, tok_index(t)))
            continue;
        unsigned count = 0;
        for (size_t i = 0; i < src->ntok; i++)
            count += tok_kind(src->tok[i]) == TK_WORD && tok_index(src->tok[i]) == tok_index(t);
        if (used + count > budget + 1)
            continue;
        vs->word[vs->n++] = tok_index(t);
        used += count;
    }
}

/* Copies sentence i of src with word-level edits at odds p_op per word; returns the edits. */
static unsigned copy_edit_sent(struct doc *dst, const struct doc *src, size_t i,
                               const struct voice *v, rng_t *r, double p_op,
                               const struct variants *vs)
{
    size_t start = dst->ntok;
    unsigned edits = 0;
    struct span s = src->sent[i];
    for (uint32_t j = 0; j < s.len; j++) {
        uint32_t t = src->tok[s.start + j];
        if (tok_kind(t) != TK_WORD) {
            push_tok(dst, t);
            continue;
        }
        if (is_variant(vs, tok_index(t)))
            t |= TOK_VARIANT;
        bool bare = !(t & TOK_FLAGS) && j + 1 < s.len; /* no punctuation to lose, not last */
        if (!rng_chance(r, p_op)) {
            push_tok(dst, t);
            continue;
        }
        edits++;
        unsigned op = rng_below(r, 100); /* 50% substitute, 20% rephrase, 15% drop, 15% insert */
        uint32_t next = j + 1 < s.len ? src->tok[s.start + j + 1] : 0;
        if (op < 50) {
            push_tok(dst, (t & (TOK_COMMA | TOK_QOPEN | TOK_QCLOSE)) |
                              tok_make(TK_WORD, synonym(v->lx, tok_index(t), r)));
        } else if (op < 70 && bare && j + 2 < s.len && tok_kind(next) == TK_WORD &&
                   !(next & TOK_FLAGS)) {
            unsigned n = rng_range(r, 1, 3); /* two words rewritten as one to three */
            for (unsigned k = 0; k < n; k++)
                push_tok(dst, tok_make(TK_WORD, lexicon_draw(v->lx, r)));
            j++;
        } else if (op < 85 && bare) {
            continue; /* dropped */
        } else {
            push_tok(dst, tok_make(TK_WORD, lexicon_draw(v->lx, r)));
            push_tok(dst, t);
        }
    }
    push_sent(dst, start);
    return edits;
}

void edit_copy(struct doc *dst, const struct doc *src, const struct voice *v, rng_t *r, double rate)
{
    doc_clear(dst);
    struct variants vs = {.n = 0};
    double word_share = 1.0;
    if (v->lx->sc == SC_LATIN) { /* only Latin words have a second spelling here */
        pick_variants(&vs, src, v->lx, r, rate * VARIANT_SHARE * (double)src->ntok);
        word_share -= VARIANT_SHARE;
    }
    double p_op = rate * word_share / OP_MEAN_WORDS;
    unsigned edits = vs.n;
    for (size_t p = 0; p < src->npara; p++) {
        for (size_t i = para_first(src, p); i < src->para_end[p]; i++) {
            edits += copy_edit_sent(dst, src, i, v, r, p_op, &vs);
            if (i + 1 < src->para_end[p] && rng_chance(r, P_SPLIT))
                doc_break(dst);
        }
        if (p + 1 == src->npara || !rng_chance(r, P_MERGE))
            doc_break(dst);
    }
    if (src->dateline_para == 0 && rng_chance(r, P_KEEP_DATELINE))
        dst->dateline_para = 0;
    if (edits == 0) /* a short story at a low rate: a copy-edit still changes something */
        substitute_one(dst, v->lx, r);
}

void edit_partial(struct doc *dst, const struct doc *src, const struct voice *v, rng_t *r,
                  double keep)
{
    doc_clear(dst);
    gen_own_para(dst, v, r, 1); /* the paper's own lede */
    /* Exactly round(keep x sentences) are kept, at least one: selection sampling (Knuth's
     * algorithm S) keeps each remaining sentence at odds wanted / remaining. */
    size_t wanted = (size_t)lround(keep * (double)src->nsent), remaining = src->nsent;
    if (wanted < 1)
        wanted = 1;
    for (size_t p = 0; p < src->npara; p++) {
        for (size_t i = para_first(src, p); i < src->para_end[p]; i++, remaining--) {
            if (rng_below(r, (uint32_t)remaining) < wanted) {
                wanted--;
                copy_sent(dst, src, i);
                continue;
            }
            unsigned len = src->sent[i].len; /* rewritten: same facts, about as long */
            gen_sentence(dst, v, r, len > SENT_MIN + 4 ? len - 4 : SENT_MIN, len + 4, false, true);
        }
        doc_break(dst);
        if (rng_chance(r, P_OWN_PARA))
            gen_own_para(dst, v, r, 2);
    }
}

void edit_update(struct doc *dst, const struct doc *src, const struct voice *v, rng_t *r,
                 bool add)
{
    edit_verbatim(dst, src);
    struct voice plain = {v->lx, v->ev, NULL, v->odds}; /* new facts of the event, no locals */
    if (add)
        gen_own_para(dst, &plain, r, PARA_MAX_SENT);
}

/* ---- rendering ------------------------------------------------------------------------- */

static void put_token(struct buf *out, const struct voice *v, uint32_t t, bool cap)
{
    char var[WORD_MAX + 1], up[NAME_BYTES];
    const char *s;
    size_t n;
    uint32_t i = tok_index(t);
    switch (tok_kind(t)) {
    case TK_WORD:
        s = v->lx->word[i];
        n = v->lx->len[i];
        if ((t & TOK_VARIANT) && v->lx->sc == SC_LATIN) {
            n = latin_variant(s, n, var);
            s = var;
        }
        break;
    case TK_LOCAL: /* without local names, a local token names the event's */
    case TK_NAME: {
        const struct event *e = tok_kind(t) == TK_LOCAL && v->local ? v->local : v->ev;
        s = e->name[i];
        n = e->name_len[i];
        break;
    }
    default:
        s = v->ev->num[i];
        n = v->ev->num_len[i];
        break;
    }
    if (cap && SCRIPTS[v->lx->sc].cased) {
        n = utf8_upcase(s, n, up, false);
        s = up;
    }
    buf_put(out, s, n);
}

static void render_sentence(const struct doc *d, size_t si, const struct voice *v, struct buf *out,
                            bool stop)
{
    const struct script_info *sc = &SCRIPTS[v->lx->sc];
    struct span sp = d->sent[si];
    for (uint32_t j = 0; j < sp.len; j++) {
        uint32_t t = d->tok[sp.start + j];
        if (j > 0 && sc->spaced)
            buf_putc(out, ' ');
        if (t & TOK_QOPEN)
            buf_puts(out, sc->qopen);
        put_token(out, v, t, j == 0);
        if (t & TOK_COMMA)
            buf_puts(out, sc->comma);
        if (t & TOK_QCLOSE)
            buf_puts(out, sc->qclose);
    }
    if (stop)
        buf_puts(out, sc->stop);
}

void doc_render_para(const struct doc *d, size_t i, const struct voice *v, const char *dateline,
                     struct buf *out)
{
    if (dateline && (int)i == d->dateline_para)
        buf_puts(out, dateline);
    for (size_t s = para_first(d, i); s < d->para_end[i]; s++) {
        if (s > para_first(d, i))
            buf_puts(out, SCRIPTS[v->lx->sc].gap);
        render_sentence(d, s, v, out, true);
    }
}

void doc_render_title(const struct doc *d, const struct voice *v, struct buf *out)
{
    if (d->nsent)
        render_sentence(d, 0, v, out, false);
}
