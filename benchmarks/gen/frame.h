/* gen/frame.h — template frames: an outlet's formula copy (market wrap, weather, results,
 * earnings, lottery draw, police log) whose words stay from day to day while names, places and
 * numbers are filled anew. A fill renders the frame's tokens with its own event. */
#ifndef GEN_FRAME_H
#define GEN_FRAME_H

#include "doc.h"

/* Frames one outlet owns: 1..3, more where a large corpus needs them for every frame to be
 * filled about once a day; at most 255 (a story's frame is one byte). */
#define FRAMES_MIN_MAX 3
#define FRAMES_LIMIT   255

struct frame_kind {
    const char *label; /* an English headline's opening, "Weather:" */
    double name_share; /* share of the slots that are names, the rest numbers */
    uint32_t name_lo, name_n;
    double name_words; /* words a name of that range renders to, on average */
};

struct frame {
    const struct frame_kind *kind;
    struct event ev;      /* the frame's own topic words */
    struct tok_odds odds; /* the frame's words: no names or numbers but in its slots */
    uint64_t seed;
    unsigned words;
    double diff; /* share of rendered words in slots */
};

/* The seed of frame k (< 256) of outlet o in the corpus of seed `seed`. */
uint64_t frame_seed(uint64_t seed, uint32_t outlet, unsigned k);
/* The hour of day (UTC) an outlet publishes fills of the frame. */
unsigned frame_hour(uint64_t frame_seed);
/* The frame of this seed: its kind, length, and the share of its words in slots (what two
 * fills differ in), drawn from [diff_lo, diff_hi]. */
void frame_make(struct frame *f, const struct lexicon *lx, uint64_t seed, double diff_lo,
                double diff_hi);
/* The frame's tokens (the same for every fill) and its headline's, slots placed. */
void frame_story(struct doc *d, const struct frame *f, const struct lexicon *lx);
void frame_title(struct doc *d, const struct frame *f, const struct lexicon *lx);

#endif
