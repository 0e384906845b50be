/* gen/frame.c — frame kinds, the fixed token sequence of each frame and the slots in it. */
#include "frame.h"

#include "config.h"

#define FRAME_WORDS_MIN 80 /* formula copy is short to medium: a wrap, a table in words */
#define FRAME_WORDS_MAX 250
#define FRAME_TOPIC     0.10 /* topic words as often as in news (doc.c's P_TOPIC) */
#define HOURS_PER_DAY   24
#define PERSON_WORDS    2 /* a person's name renders as given name and surname */
#define SLOT_TRIES      8 /* random positions tried per token before giving up on a slot */
#define COUNT(a)        (sizeof(a) / sizeof((a)[0]))

/* Names: people [0, 4), organisations [4, 6), places [6, 8) (doc.h). People and
 * organisations render as two words or more, places as one. */
static const struct frame_kind KINDS[] = {
    {"Market wrap:", 0.3, EV_PEOPLE, EV_ORGS, 2.0},
    {"Weather:", 0.4, EV_PEOPLE + EV_ORGS, EV_PLACES, 1.0},
    {"Results:", 0.6, EV_PEOPLE, EV_ORGS + EV_PLACES, 1.6},
    {"Earnings:", 0.3, EV_PEOPLE, EV_ORGS, 2.0},
    {"Lottery:", 0.1, EV_PEOPLE + EV_ORGS, EV_PLACES, 1.0},
    {"Police log:", 0.8, 0, EV_NAMES, 1.7},
};

uint64_t frame_seed(uint64_t seed, uint32_t outlet, unsigned k)
{
    return seed_derive(seed_derive(seed, LABEL_FRAME), (uint64_t)outlet << 8 | k);
}

unsigned frame_hour(uint64_t frame_seed)
{
    return (unsigned)(mix64(frame_seed) % HOURS_PER_DAY);
}

void frame_make(struct frame *f, const struct lexicon *lx, uint64_t seed, double diff_lo,
                double diff_hi)
{
    rng_t r;
    rng_seed(&r, seed);
    f->seed = seed;
    f->kind = &KINDS[rng_below(&r, COUNT(KINDS))];
    f->words = rng_range(&r, FRAME_WORDS_MIN, FRAME_WORDS_MAX);
    f->diff = rng_uniform(&r, diff_lo, diff_hi);
    f->odds = (struct tok_odds){0, 0, FRAME_TOPIC, 0, EV_NAMES}; /* slots come afterwards */
    event_make(&f->ev, lx, rng_next(&r));
}

/* Turns words of d into slots (names of the kind's range or numbers) until the slots'
 * rendered words are a share f->diff of all: what two fills differ in. The quotes'
 * attributions are slots already. */
static void place_slots(struct doc *d, const struct frame *f, rng_t *r)
{
    const struct frame_kind *k = f->kind;
    double have = 0, total = (double)d->ntok;
    for (size_t i = 0; i < d->ntok; i++)
        if (tok_kind(d->tok[i]) == TK_NAME) {
            have += PERSON_WORDS;
            total += PERSON_WORDS - 1;
        }
    for (size_t tries = 0; have < f->diff * total && tries < SLOT_TRIES * d->ntok; tries++) {
        uint32_t *t = &d->tok[rng_below(r, (uint32_t)d->ntok)];
        if (tok_kind(*t) != TK_WORD)
            continue;
        uint32_t keep = *t & (TOK_COMMA | TOK_QOPEN | TOK_QCLOSE);
        if (rng_chance(r, k->name_share)) {
            *t = keep | tok_make(TK_NAME, k->name_lo + rng_below(r, k->name_n));
            have += k->name_words;
            total += k->name_words - 1;
        } else {
            *t = keep | tok_make(TK_NUM, rng_below(r, EV_NUMS));
            have += 1;
        }
    }
}

static void frame_voice(struct voice *v, const struct frame *f, const struct lexicon *lx)
{
    *v = (struct voice){lx, &f->ev, NULL, &f->odds};
}

void frame_story(struct doc *d, const struct frame *f, const struct lexicon *lx)
{
    struct voice v;
    frame_voice(&v, f, lx);
    rng_t r;
    rng_seed(&r, seed_derive(f->seed, LABEL_TEXT));
    doc_story(d, &v, &r, f->words);
    place_slots(d, f, &r);
}

void frame_title(struct doc *d, const struct frame *f, const struct lexicon *lx)
{
    struct voice v;
    frame_voice(&v, f, lx);
    rng_t r;
    rng_seed(&r, seed_derive(f->seed, LABEL_TITLE));
    doc_title(d, &v, &r);
    place_slots(d, f, &r);
}
