/* gen/frame.c — frame kinds and their slot odds, and the fixed token sequence of each frame. */
#include "frame.h"

#include "config.h"

#define FRAME_WORDS_MIN 80 /* formula copy is short to medium: a wrap, a table in words */
#define FRAME_WORDS_MAX 250
#define FRAME_TOPIC     0.10 /* topic words as often as in news (doc.c's P_TOPIC) */
#define HOURS_PER_DAY   24
/* Words that differ anyway: a quoted sentence (doc.c's P_QUOTE, 15%) ends with a person's
 * name, two words of some twenty in the sentence. */
#define QUOTE_SLOT_SHARE 0.015
#define SLOT_SHARE_MIN   0.005
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

/* Slot odds per word for a share d of rendered words to differ: a slot renders to m words on
 * average, so d = p m / (1 + p (m - 1)), solved for p, after what the quotes change. */
static void set_odds(struct frame *f, double d)
{
    const struct frame_kind *k = f->kind;
    d = d - QUOTE_SLOT_SHARE > SLOT_SHARE_MIN ? d - QUOTE_SLOT_SHARE : SLOT_SHARE_MIN;
    double m = k->name_share * k->name_words + (1 - k->name_share);
    double p = d / (m - d * (m - 1));
    f->odds = (struct tok_odds){p * k->name_share, p * (1 - k->name_share), FRAME_TOPIC,
                                k->name_lo, k->name_n};
}

void frame_make(struct frame *f, const struct lexicon *lx, uint64_t seed, double diff_lo,
                double diff_hi)
{
    rng_t r;
    rng_seed(&r, seed);
    f->seed = seed;
    f->kind = &KINDS[rng_below(&r, COUNT(KINDS))];
    f->words = rng_range(&r, FRAME_WORDS_MIN, FRAME_WORDS_MAX);
    set_odds(f, rng_uniform(&r, diff_lo, diff_hi));
    event_make(&f->ev, lx, rng_next(&r));
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
}

void frame_title(struct doc *d, const struct frame *f, const struct lexicon *lx)
{
    struct voice v;
    frame_voice(&v, f, lx);
    rng_t r;
    rng_seed(&r, seed_derive(f->seed, LABEL_TITLE));
    doc_title(d, &v, &r);
}
