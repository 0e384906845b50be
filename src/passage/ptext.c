/*
 * ptext.c — a body as the passage tier reads it: its n-gram hashes, its
 * distinct words and its script class, and its winnowed fingerprints (see
 * ptext.h).
 */
#include "passage/ptext.h"

#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "fingerprint/shingle.h"
#include "passage/winnow.h"
#include "util/error.h"
#include "util/script.h"

/* The n-gram hashes use their own seed, so that a passage fingerprint never
 * equals a body shingle of the same words by construction. ("passages") */
#define PASSAGE_SEED_SALT 0x7061737361676573ULL

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
		np_status rc = np_shingle(&t->tok, 1, p->seed ^ NP_WORD_SEED_SALT, &t->word, &t->n_word, err);
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
