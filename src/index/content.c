/*
 * content.c — stored stories by exact content hash (see content.h).
 */
#include "index/content.h"

#include <stdlib.h>
#include <string.h>

/* Slots of a new table: grows by doubling from there. */
#define CONTENT_MIN_CAP 1024

static size_t slot_of(const np_content *c, const uint64_t hash[2])
{
	return (size_t)hash[0] & (c->cap - 1); /* XXH3 bits are uniform already */
}

static int same(const np_content_entry *e, const uint64_t hash[2])
{
	return e->hash[0] == hash[0] && e->hash[1] == hash[1];
}

/* The slot holding hash, or the empty one where it would go. */
static np_content_entry *probe(const np_content *c, const uint64_t hash[2])
{
	size_t i = slot_of(c, hash);
	while (c->slot[i].sid && !same(&c->slot[i], hash))
		i = (i + 1) & (c->cap - 1);
	return &c->slot[i];
}

static int grow(np_content *c)
{
	np_content old = *c;
	c->cap = old.cap ? 2 * old.cap : CONTENT_MIN_CAP;
	if (!(c->slot = calloc(c->cap, sizeof *c->slot))) {
		*c = old;
		return -1;
	}
	for (size_t i = 0; i < old.cap; i++)
		if (old.slot[i].sid)
			*probe(c, old.slot[i].hash) = old.slot[i];
	free(old.slot);
	return 0;
}

int np_content_add(np_content *c, const np_content_entry *e)
{
	if (2 * (c->n + 1) > c->cap && grow(c))
		return -1;
	np_content_entry *s = probe(c, e->hash);
	if (s->sid <= 0) {
		c->n += !s->sid;
		*s = *e;
	}
	return 0;
}

const np_content_entry *np_content_find(const np_content *c, const uint64_t hash[2])
{
	if (!c->cap)
		return NULL;
	const np_content_entry *s = probe(c, hash);
	return s->sid > 0 ? s : NULL;
}

void np_content_forget(np_content *c, int64_t sid)
{
	for (size_t i = 0; i < c->cap; i++)
		if (c->slot[i].sid == sid)
			c->slot[i].sid = NP_CONTENT_FORGOTTEN;
}

void np_content_move(np_content *c, int64_t (*cluster_of)(void *ctx, int64_t sid), void *ctx)
{
	for (size_t i = 0; i < c->cap; i++) {
		if (c->slot[i].sid <= 0)
			continue;
		int64_t to = cluster_of(ctx, c->slot[i].sid);
		if (to)
			c->slot[i].cluster = to;
	}
}

void np_content_free(np_content *c)
{
	free(c->slot);
	memset(c, 0, sizeof *c);
}
