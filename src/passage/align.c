/*
 * align.c — the passages two texts share, by greedy tiling (see align.h).
 */
#include "passage/align.h"

#include <stdlib.h>
#include <string.h>

#include "util/error.h"

/* Where each n-gram hash occurs in a text: open addressing from hash to the
 * first position, then a chain through next[]. */
typedef struct gram_map {
	uint64_t *key;
	int32_t *head;
	int32_t *next;
	size_t mask;
} gram_map;

/* A repeated n-gram is tried at this many of its places at most: a text
 * that repeats one phrase more often gains nothing from the rest. */
#define MAX_PLACES_TRIED 16

static size_t slot_of(const gram_map *m, uint64_t h)
{
	size_t j = (size_t)(h ^ (h >> 31)) & m->mask;
	while (m->head[j] >= 0 && m->key[j] != h)
		j = (j + 1) & m->mask;
	return j;
}

static int map_build(gram_map *m, const uint64_t *g, size_t n)
{
	size_t slots = 16;
	while (slots < 2 * n)
		slots *= 2;
	m->key = malloc(slots * sizeof *m->key);
	m->head = malloc(slots * sizeof *m->head);
	m->next = malloc((n ? n : 1) * sizeof *m->next);
	m->mask = slots - 1;
	if (!m->key || !m->head || !m->next)
		return -1;
	memset(m->head, 0xff, slots * sizeof *m->head); /* -1: free */
	for (size_t i = n; i-- > 0;) { /* backwards: chains run in text order */
		size_t j = slot_of(m, g[i]);
		m->next[i] = m->head[j];
		m->key[j] = g[i];
		m->head[j] = (int32_t)i;
	}
	return 0;
}

static void map_free(gram_map *m)
{
	free(m->key);
	free(m->head);
	free(m->next);
}

/* Length in n-grams of the common run of a from i and b from j. */
static size_t run_length(const np_ptext *a, size_t i, const np_ptext *b, size_t j)
{
	size_t k = 0;
	while (i + k < a->n_gram && j + k < b->n_gram && a->gram[i + k] == b->gram[j + k])
		k++;
	return k;
}

/* The longest run of a from i at any place of b; 0 when b lacks a's n-gram. */
static size_t longest_at(const gram_map *m, const np_ptext *a, size_t i, const np_ptext *b,
                         size_t *at)
{
	size_t best = 0;
	int32_t j = m->head[slot_of(m, a->gram[i])];
	for (int tried = 0; j >= 0 && tried < MAX_PLACES_TRIED; j = m->next[j], tried++) {
		size_t len = run_length(a, i, b, (size_t)j);
		if (len > best) {
			best = len;
			*at = (size_t)j;
		}
	}
	return best;
}

/* Appends a passage, cut where it overlaps the previous one in a. */
static int add_passage(np_alignment *al, size_t *cap, uint32_t a, uint32_t b, uint32_t words)
{
	if (al->n) {
		const np_passage *last = &al->v[al->n - 1];
		uint32_t end = last->a + last->words;
		if (a < end) {
			uint32_t cut = end - a;
			if (cut >= words)
				return 0;
			a += cut;
			b += cut;
			words -= cut;
		}
	}
	if (al->n == *cap) {
		size_t c = NP_GROW(*cap);
		np_passage *v = realloc(al->v, c * sizeof *v);
		if (!v)
			return -1;
		al->v = v;
		*cap = c;
	}
	al->v[al->n++] = (np_passage){a, b, words};
	return 0;
}

/* Words of a text inside any of the passages (side a or b), counted in
 * mark (room for words, cleared here). */
static uint32_t covered(const np_alignment *al, uint32_t words, int side_b, unsigned char *mark)
{
	memset(mark, 0, words);
	uint32_t n = 0;
	for (size_t i = 0; i < al->n; i++) {
		uint32_t from = side_b ? al->v[i].b : al->v[i].a;
		for (uint32_t k = from; k < from + al->v[i].words && k < words; k++) {
			n += !mark[k];
			mark[k] = 1;
		}
	}
	return n;
}

static int measure(np_alignment *al)
{
	size_t most = al->words_a > al->words_b ? al->words_a : al->words_b;
	unsigned char *mark = malloc(most ? most : 1);
	if (!mark)
		return -1;
	al->covered_a = covered(al, al->words_a, 0, mark);
	al->covered_b = covered(al, al->words_b, 1, mark);
	al->a_in_b = al->words_a ? (double)al->covered_a / al->words_a : 0.0;
	al->b_in_a = al->words_b ? (double)al->covered_b / al->words_b : 0.0;
	free(mark);
	return 0;
}

np_status np_passage_align(const np_ptext *a, const np_ptext *b, unsigned n_words,
                           np_alignment *out, np_error *err)
{
	memset(out, 0, sizeof *out);
	out->words_a = (uint32_t)a->tok.n;
	out->words_b = (uint32_t)b->tok.n;
	gram_map m = {0};
	size_t cap = 0;
	int failed = map_build(&m, b->gram, b->n_gram);
	for (size_t i = 0; !failed && i < a->n_gram;) {
		size_t at = 0, len = longest_at(&m, a, i, b, &at);
		if (len == 0) {
			i++;
			continue;
		}
		failed = add_passage(out, &cap, (uint32_t)i, (uint32_t)at, (uint32_t)(len + n_words - 1));
		i += len;
	}
	map_free(&m);
	if (failed || measure(out)) {
		np_alignment_free(out);
		return np_fail(err, NP_ENOMEM, "out of memory aligning passages");
	}
	return NP_OK;
}

/* Turns al over: what it says of a it says of b, and the other way. */
static void swap_sides(np_alignment *al)
{
	for (size_t i = 0; i < al->n; i++) {
		uint32_t a = al->v[i].a;
		al->v[i].a = al->v[i].b;
		al->v[i].b = a;
	}
	uint32_t w = al->words_a, c = al->covered_a;
	double s = al->a_in_b;
	al->words_a = al->words_b;
	al->covered_a = al->covered_b;
	al->a_in_b = al->b_in_a;
	al->words_b = w;
	al->covered_b = c;
	al->b_in_a = s;
}

np_status np_passage_align_copy(const np_ptext *a, const np_ptext *b, int copy_is_a,
                                unsigned n_words, np_alignment *out, np_error *err)
{
	if (copy_is_a)
		return np_passage_align(a, b, n_words, out, err);
	np_status rc = np_passage_align(b, a, n_words, out, err);
	if (rc == NP_OK)
		swap_sides(out);
	return rc;
}

np_status np_passage_align_pair(const np_ptext *a, const np_ptext *b, int later_is_a,
                                unsigned n_words, np_alignment *out, int *copy_is_a,
                                np_error *err)
{
	if (later_is_a >= 0) {
		*copy_is_a = later_is_a;
		return np_passage_align_copy(a, b, later_is_a, n_words, out, err);
	}
	np_alignment as_a = {0}, as_b = {0};
	np_status rc = np_passage_align_copy(a, b, 1, n_words, &as_a, err);
	if (rc == NP_OK)
		rc = np_passage_align_copy(a, b, 0, n_words, &as_b, err);
	*copy_is_a = as_a.a_in_b >= as_b.b_in_a;
	np_alignment_free(*copy_is_a ? &as_b : &as_a);
	*out = *copy_is_a ? as_a : as_b;
	return rc;
}

void np_alignment_free(np_alignment *al)
{
	free(al->v);
	memset(al, 0, sizeof *al);
}
