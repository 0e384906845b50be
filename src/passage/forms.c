/*
 * forms.c — the other spellings of a copy's words: two neighbours written
 * as one, and a word less one of its letters (see np_ptext_forms, ptext.h).
 */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>
#include <xxhash.h>

#include "fingerprint/shingle.h"
#include "passage/ptext.h"
#include "util/error.h"
#include "util/radix.h"

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
	return XXH3_64bits_withSeed(s, n, p->seed ^ NP_WORD_SEED_SALT);
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
	np_status rc = np_shingle(&t->tok, 1, p->seed ^ NP_WORD_SEED_SALT, &tokh, &n, err);
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
