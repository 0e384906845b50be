/*
 * apart.c — the two reasons a match is kept apart (see apart.h): another
 * fill of one frame, and nothing shared but the outlet's furniture.
 */
#include "engine/apart.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fingerprint/sign.h"
#include "index/match.h"
#include "segment/template.h"
#include "util/error.h"
#include "util/strbuf.h"

/* Room for a reason's words. */
#define WHY_MAX 256

/* Paragraphs two stories of one outlet share word for word are furniture
 * only when each story's own text is at least this share of them (in
 * bytes): a brief's appeal is about as long as the brief, while an update
 * shares most of its story and has a paragraph or a footer of its own. */
#define FURNITURE_OWN_MIN 0.25

/* Furniture is looked for between stories of at most this many paragraphs
 * each: the paragraphs of two stories are compared pair by pair, and a
 * story of more is no brief (a news story has a few dozen). */
#define FURNITURE_MAX_PARAGRAPHS 512
#define MINUTES_PER_DAY  (24 * 60)

void np_apart_begin(np_apart *a, const np_params *p, np_store *st,
                    const np_templates *templates, const np_story *s, const char *outlet,
                    const uint64_t *keys, int32_t minute)
{
	a->minute = minute;
	a->p = p;
	a->templates = templates;
	a->st = st;
	a->s = s;
	a->outlet = outlet;
	a->have_mine = 0;
	a->keys = keys;
	a->have_keys = keys != NULL;
	a->source_sid = 0;
	free(a->source);
	a->source = NULL;
	a->have_source = 0;
}

void np_apart_copies(np_apart *a, int64_t sid)
{
	a->source_sid = sid;
}

void np_apart_free(np_apart *a)
{
	np_facts_free(&a->mine);
	free(a->own_keys);
	for (size_t i = 0; a->cache && i < FACTS_CACHE; i++) {
		np_facts_free(&a->cache[i].facts);
		free(a->cache[i].outlet);
		free(a->cache[i].source);
		free(a->cache[i].keys);
	}
	free(a->cache);
	a->cache = NULL;
	free(a->source);
	a->source = NULL;
}

static np_status set_why(char **why, const char *text, np_error *err)
{
	*why = np_strdup(text);
	return *why ? NP_OK : np_fail(err, NP_ENOMEM, "out of memory");
}

/* The reason one outlet's frame filled anew gives, in text (WHY_MAX
 * bytes): how far apart the two are, and on the same day that no fact is
 * shared. */
static void refill_reason(const np_facts_cmp *c, int32_t apart, char *text)
{
	if (apart >= NP_FACTS_REFILL_MIN_APART)
		snprintf(text, WHY_MAX,
		         "its outlet's frame filled anew: %u of %u sentences put in other words, "
		         "%d days apart",
		         c->reworded, c->all_paired,
		         (int)((apart + MINUTES_PER_DAY / 2) / MINUTES_PER_DAY));
	else
		snprintf(text, WHY_MAX,
		         "its outlet's frame filled anew: %u of %u sentences put in other words, "
		         "no fact in common, %d minutes apart",
		         c->reworded, c->all_paired, (int)apart);
}

/* Another fill of one frame: the stored story's facts against the story's;
 * or, from one outlet a day or more apart or sharing no fact, its sentences
 * put in other words (a script without capitals keeps its names in the
 * frame). */
static np_status other_fill(np_apart *a, const np_facts *theirs, int same_outlet,
                            int32_t minute, char **why, np_error *err)
{
	if (!a->have_mine &&
	    np_facts_read_paragraphs(&a->mine, a->s->body.v, a->s->body.n))
		return np_fail(err, NP_ENOMEM, "out of memory reading %s", a->s->id);
	a->have_mine = 1;
	np_facts_cmp c;
	np_facts_compare(&a->mine, theirs, &c);
	char text[WHY_MAX];
	int32_t apart = a->minute > minute ? a->minute - minute : minute - a->minute;
	if (np_facts_distinct(&c))
		np_facts_reason(&c, text, sizeof text);
	else if (same_outlet && np_facts_refill(&c, apart))
		refill_reason(&c, apart, text);
	else
		return NP_OK;
	return set_why(why, text, err);
}

/* Splits a stored body (paragraphs joined by blank lines: np_store_join_body) in place
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

/* A paragraph's part in a pair of one outlet's stories. */
enum { OWN = 0, SHARED = 1, TEMPLATE = 2 };

/* part[i] for paragraph i of a (keys ka) against b's (kb): TEMPLATE when
 * the outlet's template holds it, SHARED when b has it too, else OWN. */
static void mark_parts(const np_templates *t, const uint64_t *ka, size_t na, const uint64_t *kb,
                       size_t nb, unsigned char *part)
{
	for (size_t i = 0; i < na; i++) {
		part[i] = t && np_templates_count(t, ka[i]) >= NP_TEMPLATE_MIN_PAGES ? TEMPLATE : OWN;
		for (size_t j = 0; j < nb && part[i] == OWN; j++)
			part[i] = ka[i] == kb[j] ? SHARED : OWN;
	}
}

/* How many of the n parts are part. */
static size_t count_parts(const unsigned char *parts, size_t n, unsigned char part)
{
	size_t c = 0;
	for (size_t i = 0; i < n; i++)
		c += parts[i] == part;
	return c;
}

/* The bytes of the paragraphs of v whose part is part. */
static size_t part_bytes(const np_strv *v, const unsigned char *parts, unsigned char part)
{
	size_t b = 0;
	for (size_t i = 0; i < v->n; i++)
		b += parts[i] == part ? strlen(v->v[i]) : 0;
	return b;
}

/* The two stories' paragraphs and the part each plays. */
typedef struct pair_view {
	np_story theirs;            /* the stored story's body */
	uint64_t *keys;             /* the story's keys, then the stored one's */
	unsigned char *part;        /* likewise; then the same as "not own" marks */
} pair_view;

/* The pair's view of the stored story c (its body), with the keys
 * may_share_furniture made of both. 0, or -1 when out of memory. */
static int pair_view_make(const np_apart *a, char *body, const cached_facts *c, pair_view *v)
{
	memset(v, 0, sizeof *v);
	if (split_body(body, &v->theirs.body))
		return -1;
	size_t nm = a->s->body.n, nt = v->theirs.body.n;
	v->keys = malloc((nm + nt) * sizeof *v->keys);
	v->part = malloc(2 * (nm + nt));
	if (!v->keys || !v->part)
		return -1;
	memcpy(v->keys, a->keys, nm * sizeof *v->keys);
	if (c->n_keys == nt) /* (the body the keys were made of) */
		memcpy(v->keys + nm, c->keys, nt * sizeof *v->keys);
	else
		np_template_keys(c->outlet, &v->theirs.body, v->keys + nm);
	mark_parts(a->templates, v->keys, nm, v->keys + nm, nt, v->part);
	mark_parts(a->templates, v->keys + nm, nt, v->keys, nm, v->part + nm);
	for (size_t i = 0; i < nm + nt; i++)
		v->part[nm + nt + i] = v->part[i] != OWN;
	return 0;
}

static void pair_view_free(pair_view *v)
{
	free(v->theirs.body.v);
	free(v->keys);
	free(v->part);
}

/* Whether the two stories' own texts (less what they share and their
 * outlet's template lines) match; *signed_both: whether both are long
 * enough to sign, not an update's corrections or a footer one of two copies
 * kept. */
static np_status own_texts_match(const np_apart *a, const pair_view *v, int *match,
                                 int *signed_both, np_error *err)
{
	size_t nm = a->s->body.n, nt = v->theirs.body.n;
	const unsigned char *skip = v->part + nm + nt;
	np_fingerprint *fm = NULL, *ft = NULL;
	np_status rc = np_sign_except(a->p, a->s, skip, &fm, err);
	if (rc == NP_OK)
		rc = np_sign_except(a->p, &v->theirs, skip + nm, &ft, err);
	if (rc == NP_OK) {
		*signed_both = fm->n_shingles >= a->p->min_shingles &&
		               ft->n_shingles >= a->p->min_shingles;
		*match = np_match_fingerprints(a->p, fm, ft);
	}
	np_fingerprint_free(fm);
	np_fingerprint_free(ft);
	return rc;
}

/* The name the template of an outlet (its name, a url of it) is kept
 * under, malloc'd, or NULL. */
static char *outlet_of(const char *outlet, const char *url)
{
	char buf[NP_TEMPLATE_LINE_MAX];
	np_story other = {.outlet = (char *)outlet, .url = (char *)url};
	const char *name = np_template_outlet(&other, buf, sizeof buf);
	return name ? np_strdup(name) : NULL;
}

/* Whether the paragraphs the two share name a fact (a person, a place, a
 * number) that either story's own text names too: a story's paragraphs are
 * about the people and places of its lead, and a wire's new lead on the
 * paragraphs of its first version is one story; an outlet's furniture names
 * the outlet and its addresses, not the story's facts. */
static np_status shared_about_own(const np_apart *a, const pair_view *v, int *about,
                                  np_error *err)
{
	size_t nm = a->s->body.n;
	np_facts shared = {0}, mine = {0}, theirs = {0};
	int failed = np_facts_read_marked(&shared, a->s->body.v, nm, v->part, SHARED) ||
	             np_facts_read_marked(&mine, a->s->body.v, nm, v->part, OWN) ||
	             np_facts_read_marked(&theirs, v->theirs.body.v, v->theirs.body.n, v->part + nm,
	                                  OWN);
	*about = !failed && (np_facts_common(&shared, &mine) || np_facts_common(&shared, &theirs));
	np_facts_free(&shared);
	np_facts_free(&mine);
	np_facts_free(&theirs);
	return failed ? np_fail(err, NP_ENOMEM, "out of memory reading %s", a->s->id) : NP_OK;
}

/* Whether the two stories of one outlet share only its furniture: some of
 * its template lines, and own texts that do not match (a brief that is a
 * line of its own is never matched on them); or paragraphs word for word
 * beside own texts long enough to match that do not. */
static np_status furniture_only(const np_apart *a, const pair_view *v, size_t *shared,
                                int *only, np_error *err)
{
	size_t nm = a->s->body.n, nt = v->theirs.body.n;
	*shared = count_parts(v->part, nm, SHARED);
	*only = 0;
	int template = count_parts(v->part, nm, TEMPLATE) && count_parts(v->part + nm, nt, TEMPLATE);
	if (!*shared && !template)
		return NP_OK;
	double least = FURNITURE_OWN_MIN * (double)part_bytes(&a->s->body, v->part, SHARED);
	if (*shared && ((double)part_bytes(&a->s->body, v->part, OWN) < least ||
	                (double)part_bytes(&v->theirs.body, v->part + nm, OWN) < least))
		return NP_OK; /* one adds to the other, or is it less some lines */
	int about = 0;
	np_status rc = *shared ? shared_about_own(a, v, &about, err) : NP_OK;
	if (rc != NP_OK || about)
		return rc; /* a new lead on a story's paragraphs */
	int match = 0, signed_both = 0;
	rc = own_texts_match(a, v, &match, &signed_both, err);
	*only = !match && (signed_both || !*shared);
	return rc;
}

/* Nothing shared but the outlet's furniture (apart.h). */
static np_status only_furniture(np_apart *a, np_stored_text *t, const cached_facts *c,
                                char **why, np_error *err)
{
	pair_view v;
	size_t shared = 0;
	int only = 0;
	np_status rc = pair_view_make(a, t->body, c, &v)
	                   ? np_fail(err, NP_ENOMEM, "out of memory reading a stored story")
	                   : furniture_only(a, &v, &shared, &only, err);
	pair_view_free(&v);
	if (rc != NP_OK || !only)
		return rc;
	char text[WHY_MAX] = "only their outlet's furniture is shared: its template lines";
	if (shared)
		snprintf(text, sizeof text,
		         "only their outlet's furniture is shared: %zu paragraph%s word for word, and "
		         "their own texts do not match",
		         shared, shared == 1 ? "" : "s");
	return set_why(why, text, err);
}

/* c->keys: the template keys (for outlet) of the paragraphs of body, which
 * is left as it was. 0, or -1 when out of memory. */
static int keys_of_body(const char *outlet, const char *body, cached_facts *c)
{
	char *copy = np_strdup(body);
	np_strv v = {0};
	int failed = !copy || split_body(copy, &v) || !(c->keys = malloc((v.n + 1) * sizeof *c->keys));
	if (!failed) {
		np_template_keys(outlet, &v, c->keys);
		c->n_keys = v.n;
	}
	free(v.v);
	free(copy);
	return failed ? -1 : 0;
}

/* Whether the story and the stored one (cached in c) may share furniture:
 * a paragraph of one key, or both lines of their outlets' templates. 0, 1,
 * or -1 when out of memory. */
static int may_share_furniture(np_apart *a, const cached_facts *c)
{
	size_t n = a->s->body.n;
	if (!a->have_keys && n >= a->cap_keys) {
		uint64_t *k = realloc(a->own_keys, (n + 1) * sizeof *k);
		if (!k)
			return -1;
		a->own_keys = k, a->cap_keys = n + 1;
	}
	if (!a->have_keys) {
		np_template_keys(a->outlet, &a->s->body, a->own_keys);
		a->keys = a->own_keys;
	}
	a->have_keys = 1;
	int mine_t = 0, theirs_t = 0;
	for (size_t i = 0; i < n; i++) {
		mine_t |= a->templates && np_templates_count(a->templates, a->keys[i]) >=
		                              NP_TEMPLATE_MIN_PAGES;
		for (size_t j = 0; j < c->n_keys; j++)
			if (a->keys[i] == c->keys[j])
				return 1;
	}
	for (size_t j = 0; j < c->n_keys && !theirs_t; j++)
		theirs_t = a->templates &&
		           np_templates_count(a->templates, c->keys[j]) >= NP_TEMPLATE_MIN_PAGES;
	return mine_t && theirs_t;
}

/* The cache slot of stored story sid, its facts and outlet read (and its
 * text into t) when they were not there. */
static np_status cached(np_apart *a, int64_t sid, cached_facts **out, np_stored_text *t,
                        np_error *err)
{
	memset(t, 0, sizeof *t);
	if (!a->cache && !(a->cache = calloc(FACTS_CACHE, sizeof *a->cache)))
		return np_fail(err, NP_ENOMEM, "out of memory");
	cached_facts *c = *out = &a->cache[(uint64_t)sid % FACTS_CACHE];
	if (c->sid == sid)
		return NP_OK;
	c->sid = 0;
	free(c->outlet);
	free(c->source);
	free(c->keys);
	c->outlet = c->source = NULL;
	c->keys = NULL;
	np_status rc = np_store_text_of(a->st, sid, t, err);
	if (rc != NP_OK)
		return rc;
	if (np_facts_read(&c->facts, t->body, strlen(t->body)) ||
	    (!(c->outlet = outlet_of(t->outlet, t->url)) && (t->outlet || t->url)) ||
	    (!(c->source = outlet_of(t->match_outlet, t->match_url)) &&
	     (t->match_outlet || t->match_url)) ||
	    (c->outlet && keys_of_body(c->outlet, t->body, c)))
		return np_fail(err, NP_ENOMEM, "out of memory reading a stored story");
	c->sid = sid;
	return NP_OK;
}

/* a->source: the outlet of the story the story copies, read once. */
static np_status read_source(np_apart *a, np_error *err)
{
	if (a->have_source || !a->source_sid)
		return NP_OK;
	cached_facts *c = NULL;
	np_stored_text t;
	np_status rc = cached(a, a->source_sid, &c, &t, err);
	np_stored_text_free(&t);
	if (rc == NP_OK && c->outlet && !(a->source = np_strdup(c->outlet)))
		rc = np_fail(err, NP_ENOMEM, "out of memory");
	a->have_source = rc == NP_OK;
	return rc;
}

/* Whether name is one of the two outlets (either may be NULL). */
static int either(const char *name, const char *x, const char *y)
{
	return name && ((x && strcmp(name, x) == 0) || (y && strcmp(name, y) == 0));
}

/* Whether the stored story c is the story's outlet's own: of its outlet,
 * or a stored copy of a story of it, or (when the story copies a stored
 * story) the same of that story's outlet. A copy carries the text of the
 * story it copies, which that story's outlet's rules judge. */
static int own_story(const np_apart *a, const cached_facts *c)
{
	return either(a->outlet, c->outlet, c->source) || either(a->source, c->outlet, c->source);
}

np_status np_apart_judge(np_apart *a, int64_t sid, int32_t minute, char **why, np_error *err)
{
	*why = NULL;
	cached_facts *c = NULL;
	np_stored_text t = {0};
	np_status rc = read_source(a, err);
	if (rc == NP_OK)
		rc = cached(a, sid, &c, &t, err);
	int own = rc == NP_OK && own_story(a, c);
	if (rc == NP_OK)
		rc = other_fill(a, &c->facts, own, minute, why, err);
	/* furniture is compared by its keys: those of one outlet's lines, and
	 * across outlets those of lines that name their outlet (template.h) */
	int both = rc == NP_OK && !*why && a->outlet && c->outlet &&
	                   a->s->body.n <= FURNITURE_MAX_PARAGRAPHS &&
	                   c->n_keys <= FURNITURE_MAX_PARAGRAPHS
	               ? may_share_furniture(a, c)
	               : 0;
	if (both < 0)
		rc = np_fail(err, NP_ENOMEM, "out of memory reading %s", a->s->id);
	if (both > 0 && !t.body)
		rc = np_store_text_of(a->st, sid, &t, err);
	if (both > 0 && rc == NP_OK)
		rc = only_furniture(a, &t, c, why, err);
	np_stored_text_free(&t);
	return rc;
}
