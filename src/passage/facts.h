/*
 * facts.h — a text's sentences as frames and facts, and the rule that tells
 * a story filled into a known frame from a copy of that story.
 *
 * Formula copy (market wraps, weather, results, earnings, lottery draws,
 * police blotters) is one frame that an outlet fills every day with new
 * numbers, names, places and dates: two fills share most of their words and
 * shingles, and are different news. A copy, a copy-edit and an update share
 * their facts. So each sentence is split into its facts (runs of words that
 * hold a digit or start with a capital letter, except the sentence's first
 * word) and its frame (the other words). Sentences of two texts are paired by
 * their frames, and the facts of paired sentences compared: two texts whose
 * paired sentences disagree in most of their facts are distinct stories.
 *
 * Scripts without capital letters (Arabic, Urdu, Han, Thai, ...) have only
 * their numbers as facts; their names stay in the frame, which pairing by
 * frame similarity (not equality) tolerates.
 */
#ifndef NP_FACTS_H
#define NP_FACTS_H

#include <stddef.h>
#include <stdint.h>

/* One sentence: its frame words (hashes, sorted) and its fact runs (hashes,
 * sorted), as ranges of np_facts.word and np_facts.fact. */
typedef struct np_sentence {
	uint32_t word, n_word;
	uint32_t fact, n_fact;
} np_sentence;

/* The sentences of a text whose frame is long enough to pair. */
typedef struct np_facts {
	np_sentence *s;
	size_t n, cap;
	uint32_t *word; /* frame word hashes, each sentence's sorted */
	size_t n_word, cap_word;
	uint64_t *fact; /* fact run hashes, each sentence's sorted */
	size_t n_fact, cap_fact;
} np_facts;

/* How the facts of two texts compare over their paired sentences. */
typedef struct np_facts_cmp {
	unsigned sentences; /* sentences with facts of the text with fewer */
	unsigned paired;  /* of those, paired with one of the other */
	unsigned same;    /* facts of paired sentences found in the partner */
	unsigned differ;  /* facts of paired sentences not found there */
	unsigned differ_sentences; /* paired sentences with a fact not found */
	unsigned differ_values;    /* distinct facts among those not found */
	unsigned all_sentences;    /* sentences of the text with fewer, with facts or not */
	unsigned all_paired;       /* of those, paired */
	unsigned reworded;         /* of those, each with a frame word the other lacks */
} np_facts_cmp;

/* Reads text (len bytes of UTF-8; a line break ends a sentence) into f,
 * which it resets first. Returns 0, or -1 when out of memory. */
int np_facts_read(np_facts *f, const char *text, size_t len);

/* np_facts_read over n paragraphs, each ending a sentence. */
int np_facts_read_paragraphs(np_facts *f, char *const *v, size_t n);

/* np_facts_read_paragraphs over the paragraphs i with marks[i] == mark. */
int np_facts_read_marked(np_facts *f, char *const *v, size_t n, const unsigned char *marks,
                         unsigned char mark);

/* Whether a and b have a fact in common (a text's facts are a few dozen:
 * compared pair by pair). */
int np_facts_common(const np_facts *a, const np_facts *b);

void np_facts_free(np_facts *f);

/* Compares the facts of a and b, pairing each sentence of the text with
 * fewer sentences to the most alike frame of the other. */
void np_facts_compare(const np_facts *a, const np_facts *b, np_facts_cmp *out);

/* Whether the comparison says "same frame, different facts". */
int np_facts_distinct(const np_facts_cmp *c);

/* Whether most of the shorter text's sentences pair with one of the other
 * and most of those are put in other words: what one outlet's formula
 * filled on another day is, in a script without capitals, where its names
 * are words of the frame (facts.c). */
int np_facts_refilled(const np_facts_cmp *c);

/* One outlet's text put in other words in most of its sentences, on
 * another day, is its formula filled anew: a daily formula is filled about
 * 24 hours apart, give or take its hour's drift, while an update comes
 * within the day's news and keeps most sentences as they were. In minutes.
 * Within the day the same holds when no fact of one is found in the other:
 * a write-through that rewords its story keeps its names and numbers,
 * while the fills of a formula published together (a round of results, a
 * list of appointments) share none, and in a script without capitals, whose
 * names are words of the frame, none but their numbers could. */
#define NP_FACTS_REFILL_MIN_APART (18 * 60)

/* Whether two texts of one outlet, published minutes apart, are its
 * formula filled anew (np_facts_refilled, and NP_FACTS_REFILL_MIN_APART
 * apart or sharing no fact). */
int np_facts_refill(const np_facts_cmp *c, int32_t minutes);

/* The reason a distinct pair gives, in out (n bytes). */
void np_facts_reason(const np_facts_cmp *c, char *out, size_t n);

#endif
