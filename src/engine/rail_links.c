/*
 * rail_links.c — np_db_rail_links(): related-story rails resolved to stored
 * stories. A rail item is a headline; it names the stored story whose title
 * reads the same once both are normalized like bodies are (NFKC, case
 * folded, punctuation and spacing dropped). The store is read through once
 * for the pages whose rails name the story and once for the stories its own
 * rails name: an audit's question, so ingest keeps no index for it.
 */
#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

#include "engine/engine.h"
#include "fingerprint/normalize.h"
#include "util/error.h"
#include "util/strbuf.h"

/* Words a headline needs to name a story: a rail's one- and two-word items
 * ("Video", "Most read", "3") are sections and ranks, and a story titled
 * "Video" would be named by every page with such a link. */
#define LINK_MIN_WORDS 3

/* One rail item of the story asked about, with its headline's key. */
typedef struct item_key {
	uint64_t key;
	const np_rail *rail;
	const np_rail_item *item;
} item_key;

typedef struct resolver {
	np_params p;
	np_tokens tok;
	const np_story *self;  /* the story asked about */
	uint64_t title;        /* its title's key, 0 when it has none */
	item_key *items;       /* its rail items, in rail order */
	size_t n_items;
	np_rail_links *out;
	size_t cap_from, cap_to;
} resolver;

/* The key of a headline, 0 when it is too short to name a story. */
static uint64_t title_key(resolver *r, const char *title)
{
	np_error ignored;
	np_tokens_reset(&r->tok);
	if (!title || np_normalize(&r->p, title, strlen(title), &r->tok, &ignored) != NP_OK ||
	    r->tok.n < LINK_MIN_WORDS)
		return 0;
	return XXH3_64bits(r->tok.text.p, r->tok.text.len) | 1;
}

static char *dup_or_null(const char *s)
{
	return s ? np_strdup(s) : NULL;
}

/* Appends a link to *v (n entries, cap room); -1 when out of memory. */
static int push_link(np_rail_link **v, size_t *n, size_t *cap, const char *id,
                     const char *outlet, const char *heading, const char *title)
{
	if (*n == *cap) {
		size_t c = NP_GROW(*cap);
		np_rail_link *nv = realloc(*v, c * sizeof *nv);
		if (!nv)
			return -1;
		*v = nv;
		*cap = c;
	}
	np_rail_link l = {np_strdup(id), dup_or_null(outlet), dup_or_null(heading),
	                  np_strdup(title)};
	(*v)[(*n)++] = l;
	return !l.id || !l.title || (outlet && !l.outlet) || (heading && !l.heading) ? -1 : 0;
}

/* A stored rail item: does it name the story asked about? */
static int on_rail_item(void *ctx, const char *id, const char *outlet, const char *heading,
                        const char *title)
{
	resolver *r = ctx;
	if (!r->title || strcmp(id, r->self->id) == 0 || title_key(r, title) != r->title)
		return 0;
	return push_link(&r->out->from, &r->out->n_from, &r->cap_from, id, outlet, heading, title);
}

/* A stored title: do the story's rail items name it? */
static int on_title(void *ctx, const char *id, const char *outlet, const char *heading,
                    const char *title)
{
	resolver *r = ctx;
	(void)heading;
	if (strcmp(id, r->self->id) == 0)
		return 0;
	uint64_t k = title_key(r, title);
	for (size_t i = 0; k && i < r->n_items; i++)
		if (r->items[i].key == k &&
		    push_link(&r->out->to, &r->out->n_to, &r->cap_to, id, outlet,
		              r->items[i].rail->heading, r->items[i].item->title))
			return -1;
	return 0;
}

/* The story's rail items with their keys. */
static int key_items(resolver *r)
{
	const np_story *s = r->self;
	size_t n = 0;
	for (size_t i = 0; i < s->n_rails; i++)
		n += s->rails[i].n_items;
	r->items = malloc((n ? n : 1) * sizeof *r->items);
	if (!r->items)
		return -1;
	for (size_t i = 0; i < s->n_rails; i++)
		for (size_t j = 0; j < s->rails[i].n_items; j++)
			r->items[r->n_items++] = (item_key){title_key(r, s->rails[i].items[j].title),
			                                    &s->rails[i], &s->rails[i].items[j]};
	return 0;
}

np_status np_db_rail_links(np_db *db, const char *id, np_rail_links *out, np_error *err)
{
	memset(out, 0, sizeof *out);
	np_story *s = NULL;
	np_status rc = np_db_get_story(db, id, &s, err);
	if (rc != NP_OK)
		return rc;
	resolver r = {.self = s, .out = out};
	np_params_default(&r.p, NP_PARAMS_VERSION, NULL);
	r.title = title_key(&r, s->title);
	if (key_items(&r))
		rc = np_fail(err, NP_ENOMEM, "out of memory resolving rails");
	out->n_items = r.n_items;
	if (rc == NP_OK)
		rc = np_store_scan_rail_items(np_db_store(db), on_rail_item, &r, err);
	if (rc == NP_OK && r.n_items)
		rc = np_store_scan_titles(np_db_store(db), on_title, &r, err);
	np_tokens_free(&r.tok);
	free(r.items);
	np_story_free(s);
	if (rc != NP_OK)
		np_rail_links_free(out);
	return rc;
}

static void free_links(np_rail_link *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i].id), free(v[i].outlet), free(v[i].heading), free(v[i].title);
	free(v);
}

void np_rail_links_free(np_rail_links *l)
{
	if (!l)
		return;
	free_links(l->from, l->n_from);
	free_links(l->to, l->n_to);
	memset(l, 0, sizeof *l);
}
