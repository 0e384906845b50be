/* gen/lexicon.h — scripts and vocabularies: synthetic words built from each script's letters,
 * ranked so that draws follow a Zipf-like law, with real function words at the top ranks. */
#ifndef GEN_LEXICON_H
#define GEN_LEXICON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "rng.h"
#include "util.h"

enum script { SC_LATIN, SC_CYRILLIC, SC_GREEK, SC_ARABIC, SC_CJK, SC_THAI, SC_COUNT };

/* Longest synthetic word in bytes (4 syllables of at most 12 bytes each, Thai being widest). */
#define WORD_MAX 64

/* How a script is written: punctuation and spacing used when rendering sentences. */
struct script_info {
    const char *lang; /* code written to the `lang` field */
    bool spaced;      /* words separated by spaces (not CJK, not Thai) */
    bool cased;       /* sentences start with a capital letter */
    const char *stop; /* sentence end */
    const char *gap;  /* between two sentences of a paragraph */
    const char *comma;
    const char *qopen, *qclose;
};

extern const struct script_info SCRIPTS[SC_COUNT];

struct lexicon {
    enum script sc;
    uint32_t n; /* words, rank 0 the most frequent */
    const char **word;
    uint8_t *len;
    uint32_t *alias;   /* Vose alias table of the Zipf draw: alias[i] and ... */
    uint32_t *cut;     /* ... the 32-bit threshold below which column i keeps i */
    uint32_t said;     /* rank of the reporting verb ("said") */
    uint32_t content0; /* first rank after the function words */
    struct arena arena;
};

/* Builds n words (n > the function-word count) with draw weights 1 / (rank + 2.7)^s. */
void lexicon_build(struct lexicon *lx, enum script sc, uint32_t n, double zipf_s, uint64_t seed);
void lexicon_free(struct lexicon *lx);

/* A Zipf-distributed rank: one 64-bit draw, high half picks the column, low half the side. */
static inline uint32_t lexicon_draw(const struct lexicon *lx, rng_t *r)
{
    uint64_t x = rng_next(r);
    uint32_t i = (uint32_t)(((x >> 32) * lx->n) >> 32);
    return (uint32_t)x < lx->cut[i] ? i : lx->alias[i];
}

/* A mid-frequency content word, the kind a story repeats as its topic. */
uint32_t lexicon_topic(const struct lexicon *lx, rng_t *r);

/* Writes a synthetic word of `syll` syllables (1..4) to dst (WORD_MAX bytes); returns its
 * length. CJK takes one character a syllable. */
size_t script_word(enum script sc, rng_t *r, unsigned syll, char *dst);

/* Copies s to dst upper-casing the first letter (all letters when `all`), for the Latin,
 * Cyrillic and Greek letters the generator uses; other text is copied unchanged. dst needs
 * n bytes (case pairs here have equal UTF-8 lengths). */
size_t utf8_upcase(const char *s, size_t n, char *dst, bool all);

/* A spelling variant of a Latin word ("color" -> "colour", "travel" -> "travell");
 * dst needs n + 1 bytes. */
size_t latin_variant(const char *w, size_t n, char *dst);

#endif
