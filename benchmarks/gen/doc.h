/* gen/doc.h — events (the people, places and numbers a story is about) and stories held as
 * token arrays, so edits work on words and rendering to text happens once, at the end. */
#ifndef GEN_DOC_H
#define GEN_DOC_H

#include "lexicon.h"

/* An event's names: people first, then organisations, then places. */
#define EV_PEOPLE  4
#define EV_ORGS    2
#define EV_PLACES  2
#define EV_NAMES   (EV_PEOPLE + EV_ORGS + EV_PLACES)
#define EV_NUMS    5
#define EV_TOPIC   24
#define NAME_BYTES 160 /* two or three synthetic words of at most WORD_MAX/2 bytes each */
#define NUM_BYTES  24

struct event {
    enum script sc;
    char name[EV_NAMES][NAME_BYTES];
    uint8_t name_len[EV_NAMES];
    char num[EV_NUMS][NUM_BYTES];
    uint8_t num_len[EV_NUMS];
    uint32_t topic[EV_TOPIC]; /* lexicon ranks the story keeps coming back to */
    char city[NAME_BYTES];    /* dateline city, upper-case where the script has case */
    uint8_t city_len;
};

void event_make(struct event *ev, const struct lexicon *lx, uint64_t seed);

/* A token: bits 0..23 an index, 24..27 its kind, 28..31 flags. */
enum tok_kind { TK_WORD, TK_NAME, TK_LOCAL, TK_NUM };
#define TOK_INDEX      0xFFFFFFu
#define TOK_KIND_SHIFT 24
#define TOK_KIND_MASK  0xFu
#define TOK_COMMA      (1u << 28) /* a comma follows */
#define TOK_QOPEN      (1u << 29) /* an opening quote precedes */
#define TOK_QCLOSE     (1u << 30) /* a closing quote follows (after any comma) */
#define TOK_VARIANT    (1u << 31) /* spelled the other way (Latin words only) */

static inline uint32_t tok_make(enum tok_kind k, uint32_t i)
{
    return ((uint32_t)k << TOK_KIND_SHIFT) | i;
}
static inline enum tok_kind tok_kind(uint32_t t)
{
    return (enum tok_kind)((t >> TOK_KIND_SHIFT) & TOK_KIND_MASK);
}
static inline uint32_t tok_index(uint32_t t)
{
    return t & TOK_INDEX;
}

struct span {
    uint32_t start, len;
};

/* Paragraph i holds sentences [para_end[i-1], para_end[i]). */
struct doc {
    uint32_t *tok;
    size_t ntok, tok_cap;
    struct span *sent;
    size_t nsent, sent_cap;
    uint32_t *para_end;
    size_t npara, para_cap;
    int dateline_para; /* paragraph opening with "CITY (Agency) —", or -1 */
};

/* Per-word odds of a name (drawn from names [name_lo, name_lo + name_n) of the event), a
 * number and a topic word; the rest are drawn from the lexicon. */
struct tok_odds {
    double name, num, topic;
    uint32_t name_lo, name_n;
};

/* Who a story talks about and in which words: `local` (may be NULL) holds the names a
 * republishing paper brings in its own reporting; `odds` (may be NULL: a news story's) say
 * how often names and numbers come up. */
struct voice {
    const struct lexicon *lx;
    const struct event *ev;
    const struct event *local;
    const struct tok_odds *odds;
};

/* A fact corrected: one of the event's numbers that story d uses (if any) drawn anew. */
void event_correct(struct event *ev, const struct doc *d, rng_t *r);

void doc_clear(struct doc *d);
void doc_free(struct doc *d);
size_t doc_words(const struct doc *d);

/* A whole article of about `words` tokens: a one-sentence lede, then paragraphs of 1-3. */
void doc_story(struct doc *d, const struct voice *v, rng_t *r, unsigned words);
/* A brief: one or two paragraphs of about `words` tokens. */
void doc_brief(struct doc *d, const struct voice *v, rng_t *r, unsigned words);
/* One sentence as a title (single paragraph). */
void doc_title(struct doc *d, const struct voice *v, rng_t *r);

/* Edits: each builds dst from src (a clean original). */
void edit_verbatim(struct doc *dst, const struct doc *src);
void edit_truncate(struct doc *dst, const struct doc *src, rng_t *r, double lo, double hi);
void edit_new_intro(struct doc *dst, const struct doc *src, const struct voice *v, rng_t *r);
void edit_copy(struct doc *dst, const struct doc *src, const struct voice *v, rng_t *r,
               double rate);
void edit_partial(struct doc *dst, const struct doc *src, const struct voice *v, rng_t *r,
                  double keep);
/* The same story later: a verbatim copy, with a paragraph of new facts at the end if `add`
 * (facts corrected are the event's, see event_correct). */
void edit_update(struct doc *dst, const struct doc *src, const struct voice *v, rng_t *r,
                 bool add);

/* Renders sentence-joined paragraph i (with the dateline prefix if it is the dateline
 * paragraph) to out. */
void doc_render_para(const struct doc *d, size_t i, const struct voice *v, const char *dateline,
                     struct buf *out);
/* Renders the first sentence without its full stop: a headline. */
void doc_render_title(const struct doc *d, const struct voice *v, struct buf *out);

#endif
