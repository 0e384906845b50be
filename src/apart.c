/*
 * apart.c — the two reasons a match is kept apart (see apart.h): another
 * fill of one frame, and nothing shared but the outlet's furniture.
 */
#include "apart.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "match.h"
#include "sign.h"
#include "strbuf.h"
#include "template.h"

/* Room for a reason's words. */
#define WHY_MAX 256

void np_apart_begin(np_apart *a, const np_params *p, np_store *st, const np_story *s,
                    const char *outlet)
{
	a->p = p;
	a->st = st;
	a->s = s;
	a->outlet = outlet;
	a->have_mine = 0;
}

void np_apart_free(np_apart *a)
{
	np_facts_free(&a->mine);
	np_facts_free(&a->theirs);
}

static np_status set_why(char **why, const char *text, np_error *err)
{
	*why = np_strdup(text);
	return *why ? NP_OK : np_fail(err, NP_ENOMEM, "out of memory");
}

/* Another fill of one frame: the stored body against the story's facts. */
static np_status other_fill(np_apart *a, const char *body, char **why, np_error *err)
{
	if (!a->have_mine &&
	    np_facts_read_paragraphs(&a->mine, a->s->body.v, a->s->body.n))
		return np_fail(err, NP_ENOMEM, "out of memory reading %s", a->s->id);
	a->have_mine = 1;
	if (np_facts_read(&a->theirs, body, strlen(body)))
		return np_fail(err, NP_ENOMEM, "out of memory reading a stored story");
	np_facts_cmp c;
	np_facts_compare(&a->mine, &a->theirs, &c);
	if (!np_facts_distinct(&c))
		return NP_OK;
	char text[WHY_MAX];
	np_facts_reason(&c, text, sizeof text);
	return set_why(why, text, err);
}

/* Splits a stored body (paragraphs joined by blank lines, store.c) in place
 * into v; returns 0, or -1 when out of memory. */
static int split_body(char *body, np_strv *v)
{
	size_t cap = 0;
	v->n = 0;
	v->v = NULL;
	for (char *p = body; p;) {
		char *next = strstr(p, "\n\n");
		if (next)
			*next = '\0';
		if (v->n == cap) {
			cap = NP_GROW(cap);
			char **w = realloc(v->v, cap * sizeof *w);
			if (!w)
				return -1;
			v->v = w;
		}
		v->v[v->n++] = p;
		p = next ? next + 2 : NULL;
	}
	return 0;
}

/* shared[i]: whether paragraph i of a (keys ka) is also one of b's (kb);
 * returns how many are. */
static size_t mark_shared(const uint64_t *ka, size_t na, const uint64_t *kb, size_t nb,
                          unsigned char *shared)
{
	size_t n = 0;
	for (size_t i = 0; i < na; i++) {
		shared[i] = 0;
		for (size_t j = 0; j < nb && !shared[i]; j++)
			shared[i] = ka[i] == kb[j];
		n += shared[i];
	}
	return n;
}

/* The two stories' paragraphs and what each shares with the other. */
typedef struct pair_view {
	np_story theirs;            /* the stored story's body */
	uint64_t *keys;             /* the story's keys, then the stored one's */
	unsigned char *shared;      /* likewise */
	size_t n_shared, n_mine, n_theirs;
} pair_view;

static int pair_view_make(const np_apart *a, char *body, pair_view *v)
{
	memset(v, 0, sizeof *v);
	if (split_body(body, &v->theirs.body))
		return -1;
	size_t nm = a->s->body.n, nt = v->theirs.body.n;
	v->keys = malloc((nm + nt) * sizeof *v->keys);
	v->shared = malloc(nm + nt);
	if (!v->keys || !v->shared)
		return -1;
	np_template_keys(a->outlet, &a->s->body, v->keys);
	np_template_keys(a->outlet, &v->theirs.body, v->keys + nm);
	v->n_shared = mark_shared(v->keys, nm, v->keys + nm, nt, v->shared);
	mark_shared(v->keys + nm, nt, v->keys, nm, v->shared + nm);
	v->n_mine = nm - v->n_shared;
	for (size_t j = 0; j < nt; j++)
		v->n_theirs += !v->shared[nm + j];
	return 0;
}

static void pair_view_free(pair_view *v)
{
	free(v->theirs.body.v);
	free(v->keys);
	free(v->shared);
}

/* Whether what the two stories have besides their shared paragraphs
 * matches: an update that rewrote a paragraph, or two stories. */
static np_status own_texts_match(const np_apart *a, const pair_view *v, int *match,
                                 np_error *err)
{
	np_fingerprint *fm = NULL, *ft = NULL;
	np_status rc = np_sign_except(a->p, a->s, v->shared, &fm, err);
	if (rc == NP_OK)
		rc = np_sign_except(a->p, &v->theirs, v->shared + a->s->body.n, &ft, err);
	if (rc == NP_OK) {
		/* two small corrections, too short to sign, are one story's update */
		int small = fm->n_shingles < a->p->min_shingles && ft->n_shingles < a->p->min_shingles;
		*match = small || np_match_fingerprints(a->p, fm, ft);
	}
	np_fingerprint_free(fm);
	np_fingerprint_free(ft);
	return rc;
}

/* Whether the stored story (body, outlet, url) is of the story's outlet. */
static int same_outlet(const np_apart *a, const np_stored_text *t)
{
	char buf[NP_TEMPLATE_LINE_MAX];
	np_story other = {.outlet = t->outlet, .url = t->url};
	const char *name = a->outlet ? np_template_outlet(&other, buf, sizeof buf) : NULL;
	return name && strcmp(name, a->outlet) == 0;
}

/* Nothing shared but the outlet's furniture (apart.h). */
static np_status only_furniture(np_apart *a, np_stored_text *t, char **why, np_error *err)
{
	if (!same_outlet(a, t))
		return NP_OK;
	pair_view v;
	np_status rc = NP_OK;
	if (pair_view_make(a, t->body, &v))
		rc = np_fail(err, NP_ENOMEM, "out of memory reading a stored story");
	int match = 1;
	if (rc == NP_OK && v.n_shared && v.n_mine && v.n_theirs)
		rc = own_texts_match(a, &v, &match, err);
	if (rc == NP_OK && !match) {
		char text[WHY_MAX];
		snprintf(text, sizeof text,
		         "only their outlet's furniture is shared: %zu paragraph%s word for word, and "
		         "their own texts do not match",
		         v.n_shared, v.n_shared == 1 ? "" : "s");
		rc = set_why(why, text, err);
	}
	pair_view_free(&v);
	return rc;
}

np_status np_apart_judge(np_apart *a, int64_t sid, char **why, np_error *err)
{
	*why = NULL;
	np_stored_text t;
	np_status rc = np_store_text_of(a->st, sid, &t, err);
	if (rc != NP_OK)
		return rc;
	rc = other_fill(a, t.body, why, err);
	if (rc == NP_OK && !*why)
		rc = only_furniture(a, &t, why, err);
	np_stored_text_free(&t);
	return rc;
}
