/*
 * credit.c — who a text credits: credit lines ("Source: https://...",
 * "Nguồn: TTXVN", "Theo TTXVN", "By Jane Roe, PA News") and the wire
 * datelines that open a story ("HANOI (Reuters) -"). The segmenter reads
 * them on pages, and in bodies extracted elsewhere.
 */
#include "segment/credit.h"

#include <stdlib.h>
#include <string.h>

#include "util/error.h"
#include "util/strbuf.h"

#include "read/lexicon.h"
#include "segment/line_measure.h"

/* Credited agencies ("TTXVN", "Agence France-Presse") fit in 48 bytes and
 * 5 words; bylines ("Jane Roe and John Doe, PA News") in 80 bytes and 8
 * words: a longer "Source: ..." line is a sentence, not a credit. */
#define AGENCY_MAX_BYTES 48
#define AGENCY_MAX_WORDS 5
#define BYLINE_MAX_BYTES 80
#define BYLINE_MAX_WORDS 8
/* The place and date before an agency's parenthesis in a wire dateline:
 * "MANILA, Nov. 24 (Xinhua) --" puts the '(' at byte 16; 64 leaves room for
 * long place names without reaching into a sentence. */
#define DATELINE_PLACE_MAX 64

/* Trims blanks, a closing parenthesis the line opened with, and a final period. */
static size_t credit_value_len(const char *v, int paren)
{
	size_t n = strlen(v);
	while (n && np_line_is_space(v[n - 1]))
		n--;
	if (paren && n && v[n - 1] == ')')
		n--;
	if (n && v[n - 1] == '.')
		n--;
	while (n && np_line_is_space(v[n - 1]))
		n--;
	return n;
}

/* A credit line: "Source: https://...", "Source: Reuters", "(Theo TTXVN)", "By Jane Roe". */
int np_credit_line(const char *s, np_credit_kind *kind, const char **v, size_t *n)
{
	int paren = s[0] == '(';
	if ((*v = np_lexicon_credit_prefix(s + paren))) {
		*n = credit_value_len(*v, paren);
		*kind = np_line_starts_url(*v) ? NP_CREDIT_SOURCE_URL : NP_CREDIT_AGENCY;
		return *kind == NP_CREDIT_SOURCE_URL ||
		       (np_line_is_short(*v, *n, AGENCY_MAX_BYTES, AGENCY_MAX_WORDS) &&
		        np_line_starts_like_name(*v));
	}
	if ((*v = np_lexicon_byline_prefix(s))) {
		*n = credit_value_len(*v, 0);
		*kind = NP_CREDIT_BYLINE;
		return np_line_is_short(*v, *n, BYLINE_MAX_BYTES, BYLINE_MAX_WORDS) &&
		       np_line_starts_like_name(*v);
	}
	return 0;
}

static int starts_with_dash(const char *p)
{
	return *p == '-' || strncmp(p, NP_EN_DASH, strlen(NP_EN_DASH)) == 0 ||
	       strncmp(p, NP_EM_DASH, strlen(NP_EM_DASH)) == 0;
}

/* A wire dateline opening a paragraph: "HANOI (Reuters) -", "(AFP) —". */
int np_agency_dateline(const char *para, const char **name, size_t *n)
{
	size_t head = strnlen(para, DATELINE_PLACE_MAX + 1);
	const char *open = memchr(para, '(', head);
	const char *close = open ? strchr(open + 1, ')') : NULL;
	if (!close)
		return 0;
	const char *v = open + 1;
	while (np_line_is_space(*v))
		v++;
	size_t len = (size_t)(close - v);
	while (len && np_line_is_space(v[len - 1]))
		len--;
	if (memchr(v, '(', len) || !np_line_is_short(v, len, AGENCY_MAX_BYTES, AGENCY_MAX_WORDS) ||
	    !np_line_starts_like_name(v))
		return 0;
	const char *after = close + 1;
	while (np_line_is_space(*after))
		after++;
	*name = v;
	*n = len;
	return starts_with_dash(after);
}

/* ------------------------------------------------------------------ */
/* Bodies extracted elsewhere                                          */
/* ------------------------------------------------------------------ */

/* Adds a credit to s (credits are few: one more slot each time). */
static int add_credit(np_story *s, np_credit_kind kind, const char *v, size_t n)
{
	np_credit *c = realloc(s->credits, (s->n_credits + 1) * sizeof *c);
	if (!c)
		return -1;
	s->credits = c;
	char *value = np_strndup(v, n);
	if (!value)
		return -1;
	c[s->n_credits++] = (np_credit){kind, value};
	return 0;
}

/* Moves paragraph k of the body out (the later ones shift down). */
static void drop_paragraph(np_strv *body, size_t k)
{
	free(body->v[k]);
	memmove(&body->v[k], &body->v[k + 1], (body->n - k - 1) * sizeof *body->v);
	body->n--;
}

/* Credit lines left in a body by an extractor become credits; a wire
 * dateline opening the first paragraph is a credit too (the paragraph stays). */
np_status np_segment_credits(np_story *s, np_error *err)
{
	np_strv *body = &s->body;
	for (size_t k = 0; k < body->n;) {
		np_credit_kind kind;
		const char *v;
		size_t n;
		if (!np_credit_line(body->v[k], &kind, &v, &n)) {
			k++;
			continue;
		}
		if (add_credit(s, kind, v, n))
			return np_fail(err, NP_ENOMEM, "segment: out of memory");
		drop_paragraph(body, k);
	}
	const char *name;
	size_t n;
	if (body->n && np_agency_dateline(body->v[0], &name, &n) &&
	    add_credit(s, NP_CREDIT_AGENCY, name, n))
		return np_fail(err, NP_ENOMEM, "segment: out of memory");
	return NP_OK;
}
