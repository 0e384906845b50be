/*
 * passage.c — n-gram hashes of a body, winnowed fingerprints, the greedy
 * alignment of two bodies and the derivation class of a pair (see
 * passage.h).
 */
#include "passage/passage.h"

#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>
#include <xxhash.h>

#include "fingerprint/shingle.h"
#include "passage/winnow.h"
#include "read/outlets.h"
#include "util/error.h"
#include "util/radix.h"
#include "util/script.h"
#include "util/strbuf.h"
#include "util/timestamp.h"

/* The n-gram hashes use their own seed, so that a passage fingerprint never
 * equals a body shingle of the same words by construction. ("passages") */
#define PASSAGE_SEED_SALT 0x7061737361676573ULL
/* and the word hashes theirs ("wordfreq") */
#define WORD_SEED_SALT 0x776f726466726571ULL

static np_status hash_grams(const np_params *p, np_ptext *t, np_error *err)
{
	t->gram = NULL;
	t->n_gram = 0;
	if (t->tok.n < p->passage_words) /* too short for one n-gram: no passages */
		return NP_OK;
	return np_shingle(&t->tok, p->passage_words, p->seed ^ PASSAGE_SEED_SALT, &t->gram,
	                  &t->n_gram, err);
}

/* The script class of a word starting with code point c. */
static unsigned script_class(int32_t c)
{
	if (c < 0x300)
		return 0;
	return c < 0x3000 ? (unsigned)c >> 8 : NP_SCRIPT_CLASSES - 1;
}

/* The class most of t's tokens start in (ties: the lower); *unspaced:
 * whether most are of a script written without spaces. */
static unsigned text_script(const np_tokens *t, int *unspaced)
{
	uint32_t count[NP_SCRIPT_CLASSES] = {0};
	size_t n_unspaced = 0;
	for (size_t i = 0; i < t->n; i++) {
		utf8proc_int32_t c = 0;
		utf8proc_iterate((const utf8proc_uint8_t *)t->text.p + t->start[i], t->len[i], &c);
		count[script_class(c)]++;
		n_unspaced += np_is_unspaced(c);
	}
	unsigned best = 0;
	for (unsigned k = 1; k < NP_SCRIPT_CLASSES; k++)
		if (count[k] > count[best])
			best = k;
	*unspaced = 2 * n_unspaced > t->n;
	return best;
}

/* The distinct words of t, sorted. In a script written without spaces the
 * tokens are character n-grams, far fewer and far more common than words
 * (two unrelated Thai stories share most of their character bigrams): there
 * the passage n-grams (p->passage_words tokens) stand for words. */
static np_status hash_words(const np_params *p, np_ptext *t, int unspaced, np_error *err)
{
	if (!unspaced) {
		np_status rc = np_shingle(&t->tok, 1, p->seed ^ WORD_SEED_SALT, &t->word, &t->n_word, err);
		if (rc == NP_OK)
			t->n_word = np_hash_set(t->word, t->n_word);
		return rc;
	}
	if (t->n_gram == 0)
		return NP_OK;
	t->word = malloc(t->n_gram * sizeof *t->word);
	if (!t->word)
		return np_fail(err, NP_ENOMEM, "out of memory listing words");
	memcpy(t->word, t->gram, t->n_gram * sizeof *t->word);
	t->n_word = np_hash_set(t->word, t->n_gram);
	return NP_OK;
}

static np_status hash_text(const np_params *p, np_ptext *t, np_error *err)
{
	int unspaced = 0;
	t->script = text_script(&t->tok, &unspaced);
	t->formed = unspaced || t->tok.n < 2; /* nothing to spell otherwise */
	np_status rc = hash_grams(p, t, err);
	if (rc != NP_OK || t->tok.n == 0)
		return rc;
	return hash_words(p, t, unspaced, err);
}

/* Two words longer than this together are no one word ("وزیراعظم" is 16
 * bytes; the longest token of COUNTER's 600 stories, words run together by
 * a typing slip, 68); they are left unjoined, and a longer word keeps all
 * its letters. */
#define FORM_MAX_BYTES 128

/* Words of fewer letters are not shortened: a word of three letters less
 * one is a word of two, most often a common one ("its" / "is", "her" /
 * "he"). On COUNTER dev (benchmarks/README.md, "A word of the copy less
 * one letter") 4 did better held out than 3 or 5. */
#define LETTER_MIN_LETTERS 4

static uint64_t word_hash(const np_params *p, const char *s, size_t n)
{
	return XXH3_64bits_withSeed(s, n, p->seed ^ WORD_SEED_SALT);
}

/* The place of word hash h in t->word (sorted; h is there: the hash of one
 * of t's tokens). */
static uint32_t word_place(const np_ptext *t, uint64_t h)
{
	const uint64_t *w = bsearch(&h, t->word, t->n_word, sizeof *t->word, np_cmp_u64);
	return (uint32_t)(w - t->word);
}

static void add_form(np_ptext *t, uint64_t hash, uint32_t a, uint32_t b)
{
	t->form[t->n_form++] = (np_pform){.hash = hash, .a = a, .b = b};
}

/* Each two neighbouring tokens written as one (tokw[i]: token i's place in
 * t->word). */
static void join_neighbours(const np_params *p, np_ptext *t, const uint32_t *tokw)
{
	char buf[FORM_MAX_BYTES];
	for (size_t i = 0; i + 1 < t->tok.n; i++) {
		size_t la = t->tok.len[i], lb = t->tok.len[i + 1];
		if (la + lb > sizeof buf)
			continue;
		memcpy(buf, t->tok.text.p + t->tok.start[i], la);
		memcpy(buf + la, t->tok.text.p + t->tok.start[i + 1], lb);
		add_form(t, word_hash(p, buf, la + lb), tokw[i], tokw[i + 1]);
	}
}

/* The byte offsets of word w's letters into at[] (at[n] = len); returns n,
 * or 0 for a word that is not to be shortened: too short or too long, or
 * holding a digit (a number less a digit is another number). */
static size_t letters_of(const char *w, size_t len, size_t *at)
{
	size_t n = 0, pos = 0;
	while (pos < len) {
		utf8proc_int32_t c = 0;
		utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)w + pos,
		                                      (utf8proc_ssize_t)(len - pos), &c);
		if (k <= 0)
			return 0;
		if (c < 0x80 ? c >= '0' && c <= '9' /* most letters: no table lookup */
		             : utf8proc_category(c) == UTF8PROC_CATEGORY_ND)
			return 0;
		at[n++] = pos;
		pos += (size_t)k;
	}
	at[n] = len;
	return n >= LETTER_MIN_LETTERS ? n : 0;
}

/* Each word less one of its letters, once a word (tokw[i]: token i's place
 * in t->word; done: a mark a word, all clear). Spelling varies by a letter:
 * a vowel letter or an alef before an English s ("اسکور" / "سکور"), a
 * plural or an adjective's ending ("reports", "پاکستانی"). Only the copy's
 * word may be the longer: the source's words are known by their keys
 * alone, and those cannot be shortened. */
static void drop_letters(const np_params *p, np_ptext *t, const uint32_t *tokw,
                         unsigned char *done)
{
	char buf[FORM_MAX_BYTES];
	size_t at[FORM_MAX_BYTES + 1];
	for (size_t i = 0; i < t->tok.n; i++) {
		const char *w = t->tok.text.p + t->tok.start[i];
		size_t len = t->tok.len[i];
		if (done[tokw[i]])
			continue;
		done[tokw[i]] = 1;
		size_t n = len < sizeof buf ? letters_of(w, len, at) : 0;
		for (size_t j = 0; j < n; j++) {
			memcpy(buf, w, at[j]);
			memcpy(buf + at[j], w + at[j + 1], len - at[j + 1]);
			add_form(t, word_hash(p, buf, len - (at[j + 1] - at[j])), tokw[i], tokw[i]);
		}
	}
}

/* Room for the forms of t: one per neighbour pair, and at most one per
 * byte of a token for its shortenings. */
static size_t forms_room(const np_params *p, const np_ptext *t)
{
	return t->tok.n - 1 + (p->passage_spelling >= NP_SPELLING_LETTER ? t->tok.text.len : 0);
}

/* t->form (and, for each, its token's places in t->word) from the tokens'
 * word hashes tokh; 0, or -1 when out of memory. */
static int make_forms(const np_params *p, np_ptext *t, const uint64_t *tokh)
{
	uint32_t *tokw = malloc(t->tok.n * sizeof *tokw);
	unsigned char *done = calloc(t->n_word, 1);
	if (tokw && done) {
		for (size_t i = 0; i < t->tok.n; i++)
			tokw[i] = word_place(t, tokh[i]);
		join_neighbours(p, t, tokw);
		if (p->passage_spelling >= NP_SPELLING_LETTER)
			drop_letters(p, t, tokw, done);
	}
	int rc = tokw && done ? 0 : -1;
	free(tokw);
	free(done);
	return rc;
}

/* t->form sorted by hash and t->form_hash its hashes (repeats kept: the walk
 * against a source takes them, and marks each form it holds in one pass,
 * mark_formed); 0, or -1 when out of memory. */
static int sort_forms(np_ptext *t)
{
	if (np_sort_by_u64(t->form, t->n_form, sizeof *t->form, offsetof(np_pform, hash)))
		return -1;
	for (size_t i = 0; i < t->n_form; i++)
		t->form_hash[i] = t->form[i].hash;
	return 0;
}

np_status np_ptext_forms(const np_params *p, np_ptext *t, np_error *err)
{
	if (t->formed)
		return NP_OK;
	uint64_t *tokh = NULL;
	size_t n = 0;
	np_status rc = np_shingle(&t->tok, 1, p->seed ^ WORD_SEED_SALT, &tokh, &n, err);
	if (rc != NP_OK)
		return rc;
	t->form = malloc(forms_room(p, t) * sizeof *t->form);
	t->form_hash = malloc(forms_room(p, t) * sizeof *t->form_hash);
	int made = t->form && t->form_hash ? make_forms(p, t, tokh) : -1;
	free(tokh);
	if (made != 0 || sort_forms(t) != 0)
		return np_fail(err, NP_ENOMEM, "out of memory spelling words otherwise");
	t->formed = 1;
	return NP_OK;
}

np_status np_ptext_story(const np_params *p, const np_story *s, np_ptext *out, np_error *err)
{
	memset(out, 0, sizeof *out);
	np_status rc = NP_OK;
	for (size_t i = 0; rc == NP_OK && i < s->body.n; i++)
		rc = np_normalize(p, s->body.v[i], strlen(s->body.v[i]), &out->tok, err);
	return rc == NP_OK ? hash_text(p, out, err) : rc;
}

np_status np_ptext_body(const np_params *p, const char *body, np_ptext *out, np_error *err)
{
	memset(out, 0, sizeof *out);
	np_status rc = np_normalize(p, body, strlen(body), &out->tok, err);
	return rc == NP_OK ? hash_text(p, out, err) : rc;
}

np_status np_ptext_tokens(const np_params *p, np_tokens *tok, np_ptext *out, np_error *err)
{
	memset(out, 0, sizeof *out);
	out->tok = *tok;
	memset(tok, 0, sizeof *tok);
	return hash_text(p, out, err);
}

void np_ptext_free(np_ptext *t)
{
	np_tokens_free(&t->tok);
	free(t->gram);
	free(t->word);
	free(t->form);
	free(t->form_hash);
	memset(t, 0, sizeof *t);
}

np_status np_passage_fingerprints(const np_params *p, const np_ptext *t, uint64_t **out,
                                  size_t *n, np_error *err)
{
	*out = NULL;
	*n = 0;
	if (t->n_gram == 0)
		return NP_OK;
	np_winnow_fp *w = malloc(t->n_gram * sizeof *w);
	uint64_t *h = malloc(t->n_gram * sizeof *h);
	if (!w || !h) {
		free(w);
		free(h);
		return np_fail(err, NP_ENOMEM, "out of memory fingerprinting passages");
	}
	size_t kept = np_winnow(t->gram, t->n_gram, p->passage_window, w);
	for (size_t i = 0; i < kept; i++)
		h[i] = w[i].hash;
	free(w);
	*n = np_hash_set(h, kept);
	*out = h;
	return NP_OK;
}

/* ------------------------------------------------------------------ */
/* Alignment                                                           */
/* ------------------------------------------------------------------ */

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

/* ------------------------------------------------------------------ */
/* Classification                                                      */
/* ------------------------------------------------------------------ */

const char *np_derivation_name(np_derivation d)
{
	return d == NP_DERIVED_WHOLLY ? "wholly" : d == NP_DERIVED_PARTIALLY ? "partially" : NULL;
}

np_derivation np_derivation_parse(const char *s)
{
	if (s && strcmp(s, "wholly") == 0)
		return NP_DERIVED_WHOLLY;
	if (s && strcmp(s, "partially") == 0)
		return NP_DERIVED_PARTIALLY;
	return NP_DERIVED_NONE;
}

/* Document frequencies from fewer bodies than this say little about which
 * words are common (in a store of two bodies every word of the first is in
 * half of them): below it every word weighs 1, the plain containment of the
 * copy's vocabulary. On COUNTER (benchmarks/README.md) 20 and 50 link the
 * same independent pairs, 100 links three more (plain containment needs a
 * higher threshold than IDF-weighted overlap). */
#define IDF_MIN_DOCS 50

static double idf(uint32_t df, uint32_t docs)
{
	return docs >= IDF_MIN_DOCS ? log((docs + 1.0) / (df + 1.0)) : 1.0;
}

/* Whether sorted words[0..n) holds w, searching on from *at. */
static int holds(const uint64_t *words, size_t n, size_t *at, uint64_t w)
{
	while (*at < n && words[*at] < w)
		(*at)++;
	return *at < n && words[*at] == w;
}

/* Likewise for word keys (np_passage_word_keys). */
static int holds_key(const uint32_t *keys, size_t n, size_t *at, uint32_t k)
{
	while (*at < n && keys[*at] < k)
		(*at)++;
	return *at < n && keys[*at] == k;
}

static uint32_t word_key(uint64_t word)
{
	return (uint32_t)(word >> 32);
}

/* A source as overlap_with reads it: its words (w64) or their keys (w32),
 * n of them, sorted. */
typedef struct source_words {
	const uint64_t *w64;
	const uint32_t *w32;
	size_t n;
} source_words;

/* Sets hit[i] to whether the source holds h[i] (by its key, when that is
 * what it has): h ascending, one walk of both lists. */
static void walk_source(const source_words *s, const uint64_t *h, size_t n, unsigned char *hit)
{
	size_t j = 0;
	if (s->w32)
		for (size_t i = 0; i < n; i++)
			hit[i] = (unsigned char)holds_key(s->w32, s->n, &j, word_key(h[i]));
	else
		for (size_t i = 0; i < n; i++)
			hit[i] = (unsigned char)holds(s->w64, s->n, &j, h[i]);
}

/* Marks held the copy's words of each form the source holds (formed[i]). */
static void mark_formed(const np_ptext *copy, const unsigned char *formed, unsigned char *held)
{
	for (size_t i = 0; i < copy->n_form; i++)
		if (formed[i])
			held[copy->form[i].a] = held[copy->form[i].b] = 1;
}

/* Marks held[i] for each word of the copy the source holds: spelt alike
 * (counted in ov->shared), or spelt otherwise (np_pform; in formed: room
 * for copy->n_form marks). */
static void mark_held(const np_ptext *copy, const source_words *s, unsigned char *held,
                      unsigned char *formed, np_overlap *ov)
{
	walk_source(s, copy->word, copy->n_word, held);
	for (size_t i = 0; i < copy->n_word; i++)
		ov->shared += held[i];
	walk_source(s, copy->form_hash, copy->n_form, formed);
	mark_formed(copy, formed, held);
}

/* The overlap of copy with source s. Keys are the top bits of the words, so
 * one walk serves a source known by its words and one known by its keys. */
static np_status overlap_with(const np_ptext *copy, const uint32_t *df, uint32_t docs,
                              const source_words *s, np_overlap *out, np_error *err)
{
	np_overlap ov = {0};
	if (!copy->formed)
		return np_fail(err, NP_EINVAL, "the copy's other spellings were not made");
	unsigned char *held = malloc(copy->n_word + copy->n_form + 1);
	if (!held)
		return np_fail(err, NP_ENOMEM, "out of memory weighing words");
	mark_held(copy, s, held, held + copy->n_word, &ov);
	double all = 0.0, in_source = 0.0;
	for (size_t i = 0; i < copy->n_word; i++) {
		double w = idf(df ? df[i] : 0, docs);
		all += w;
		in_source += held[i] ? w : 0.0;
	}
	free(held);
	ov.share = all > 0.0 ? in_source / all : 0.0;
	ov.source_share = s->n ? (double)ov.shared / s->n : 0.0;
	*out = ov;
	return NP_OK;
}

np_status np_passage_overlap(const np_ptext *copy, const uint32_t *df, uint32_t docs,
                             const np_ptext *source, np_overlap *out, np_error *err)
{
	source_words s = {.w64 = source->word, .n = source->n_word};
	return overlap_with(copy, df, docs, &s, out, err);
}

size_t np_passage_word_keys(const np_ptext *t, uint32_t *out)
{
	size_t n = 0;
	for (size_t i = 0; i < t->n_word; i++) /* sorted words: equal keys are neighbours */
		if (n == 0 || out[n - 1] != word_key(t->word[i]))
			out[n++] = word_key(t->word[i]);
	return n;
}

np_status np_passage_overlap_keys(const np_ptext *copy, const uint32_t *df, uint32_t docs,
                                  const uint32_t *keys, size_t n_keys, np_overlap *out,
                                  np_error *err)
{
	source_words s = {.w32 = keys, .n = n_keys};
	return overlap_with(copy, df, docs, &s, out, err);
}

double np_passage_inherited(const np_ptext *c, const uint32_t *df, uint32_t docs,
                            const np_ptext *b, const np_ptext *a)
{
	double shared = 0.0, inherited = 0.0;
	size_t jb = 0, ja = 0;
	for (size_t i = 0; i < c->n_word; i++) {
		if (!holds(b->word, b->n_word, &jb, c->word[i]))
			continue;
		double w = idf(df ? df[i] : 0, docs);
		shared += w;
		if (holds(a->word, a->n_word, &ja, c->word[i]))
			inherited += w;
	}
	return shared > 0.0 ? inherited / shared : 0.0;
}

np_derivation np_passage_classify(const np_params *p, const np_alignment *al, int copy_is_a,
                                  np_overlap ov, np_kin kin)
{
	double copy_share = copy_is_a ? al->a_in_b : al->b_in_a;
	if (ov.shared < p->passage_min_words || kin == NP_KIN_OUTLET_APART)
		return NP_DERIVED_NONE;
	if (copy_share >= p->passage_wholly)
		return NP_DERIVED_WHOLLY;
	return kin == NP_KIN_OTHER && ov.share >= p->passage_overlap &&
	               ov.source_share >= p->passage_source
	           ? NP_DERIVED_PARTIALLY
	           : NP_DERIVED_NONE;
}

/* An outlet resends a story (a correction, a fuller version) within days;
 * its own text again a week or more later is a template it fills anew, a
 * daily market report or a weather page. On COUNTER (benchmarks/README.md)
 * the agency's stock reports of days months apart were
 * linked wholly, and a paper's report joined them through another paper's;
 * any window from 1 to 30 days unlinks those and nothing else. */
#define RESEND_SECONDS (7 * SECONDS_PER_DAY)

np_kin np_passage_kin(int same_outlet, int64_t apart_seconds)
{
	if (!same_outlet)
		return NP_KIN_OTHER;
	return apart_seconds > RESEND_SECONDS || apart_seconds < -RESEND_SECONDS ? NP_KIN_OUTLET_APART
	                                                                         : NP_KIN_OUTLET;
}

/* ------------------------------------------------------------------ */
/* np_passages_compare: the public view of one pair                    */
/* ------------------------------------------------------------------ */

/* The seconds from b's publication to a's; 0 when either is not known. */
static int64_t apart(const np_story *a, const np_story *b)
{
	int64_t ta, tb;
	int ha, hb;
	if (np_timestamp_parse(a->published, &ta, &ha) && np_timestamp_parse(b->published, &tb, &hb))
		return ta - tb;
	return 0;
}

/* Whether a is the copy by the dates: 1 or 0 when both are known and
 * differ (the later), else -1. */
static int later_is_a(const np_story *a, const np_story *b)
{
	int64_t d = apart(a, b);
	return d ? d > 0 : -1;
}

/* Words [from, from + words) of t, as one string. */
static char *words_text(const np_tokens *t, uint32_t from, uint32_t words)
{
	size_t start = t->start[from], end = t->start[from + words - 1] + t->len[from + words - 1];
	char *s = malloc(end - start + 1);
	if (s) {
		memcpy(s, t->text.p + start, end - start);
		s[end - start] = '\0';
	}
	return s;
}

static int fill_passages(np_passages *out, const np_alignment *al, const np_ptext *a)
{
	out->v = calloc(al->n ? al->n : 1, sizeof *out->v);
	if (!out->v)
		return -1;
	for (size_t i = 0; i < al->n; i++) {
		const np_passage *ps = &al->v[i];
		out->v[i] = (np_shared_passage){ps->a, ps->b, ps->words,
		                                words_text(&a->tok, ps->a, ps->words)};
		out->n++;
		if (!out->v[i].text)
			return -1;
	}
	return 0;
}

np_status np_passages_describe(const np_params *p, const np_story *a, const np_story *b,
                               const np_ptext *ta, const np_ptext *tb, const np_word_stats *ws,
                               np_passages *out, np_error *err)
{
	memset(out, 0, sizeof *out);
	np_alignment al = {0};
	np_status rc = np_passage_align_pair(ta, tb, later_is_a(a, b), p->passage_words, &al,
	                                     &out->copy_is_a, err);
	np_overlap ov = {0};
	if (rc == NP_OK)
		rc = out->copy_is_a ? np_passage_overlap(ta, ws->df_a, ws->docs, tb, &ov, err)
		                    : np_passage_overlap(tb, ws->df_b, ws->docs, ta, &ov, err);
	if (rc != NP_OK) {
		np_alignment_free(&al);
		return rc;
	}
	np_kin kin = np_passage_kin(np_same_outlet(a->outlet, a->url, b->outlet, b->url), apart(a, b));
	out->derivation = np_derivation_name(np_passage_classify(p, &al, out->copy_is_a, ov, kin));
	out->overlap = ov.share;
	out->shared_words = ov.shared;
	out->source_share = ov.source_share;
	out->words_a = al.words_a;
	out->words_b = al.words_b;
	out->a_in_b = al.a_in_b;
	out->b_in_a = al.b_in_a;
	if (fill_passages(out, &al, ta)) {
		np_passages_free(out);
		rc = np_fail(err, NP_ENOMEM, "out of memory comparing passages");
	}
	np_alignment_free(&al);
	return rc;
}

void np_passages_free(np_passages *ps)
{
	for (size_t i = 0; i < ps->n; i++)
		free(ps->v[i].text);
	free(ps->v);
	memset(ps, 0, sizeof *ps);
}
