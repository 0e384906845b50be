/*
 * postings.c — passage postings held until a transaction commits
 * (postings.h). The inverted index (the passages table) is a B-tree keyed
 * by random fingerprints: inserting a story's postings one by one as it
 * comes puts each in a random leaf page, which at a few hundred thousand
 * stories is no longer in the page cache. They are held here instead,
 * answered from a hash table to the lookups of the stories that follow in
 * the same transaction, and written by the backend in key order just before
 * it commits, so that each leaf page is visited once per commit, in order.
 */
#include "store/postings.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "util/radix.h"
#include "util/strbuf.h"

/* The lookup table starts at this many slots and doubles at half full. */
#define POSTINGS_MIN_SLOTS 4096

struct np_postings {
	np_posting *v;
	size_t n, cap;
	uint32_t *slot;  /* index + 1 of a posting in v, 0 free; equal keys probe on */
	size_t mask;
};

static size_t home(const np_postings *p, int64_t key)
{
	return (size_t)(((uint64_t)key * 0x9E3779B97F4A7C15ULL) >> 20) & p->mask;
}

static void place(np_postings *p, size_t i)
{
	size_t j = home(p, p->v[i].key);
	while (p->slot[j])
		j = (j + 1) & p->mask;
	p->slot[j] = (uint32_t)(i + 1);
}

/* Room for one more posting, in v and in the table. */
static int reserve(np_postings *p)
{
	if (p->n == p->cap) {
		size_t cap = NP_GROW(p->cap);
		np_posting *v = realloc(p->v, cap * sizeof *v);
		if (!v)
			return -1;
		p->v = v;
		p->cap = cap;
	}
	if (2 * (p->n + 1) <= p->mask + 1)
		return 0;
	size_t slots = p->slot ? 2 * (p->mask + 1) : POSTINGS_MIN_SLOTS;
	uint32_t *t = calloc(slots, sizeof *t);
	if (!t)
		return -1;
	free(p->slot);
	p->slot = t;
	p->mask = slots - 1;
	for (size_t i = 0; i < p->n; i++)
		place(p, i);
	return 0;
}

int np_postings_add(np_postings **pp, int64_t key, int64_t sid)
{
	if (!*pp && !(*pp = calloc(1, sizeof **pp)))
		return -1;
	np_postings *p = *pp;
	if (reserve(p))
		return -1;
	p->v[p->n] = (np_posting){key, sid};
	place(p, p->n++);
	return 0;
}

size_t np_postings_find(const np_postings *p, int64_t key, int64_t *out, size_t max)
{
	if (!p || !p->n)
		return 0;
	size_t found = 0;
	for (size_t j = home(p, key); p->slot[j]; j = (j + 1) & p->mask) {
		const np_posting *x = &p->v[p->slot[j] - 1];
		if (x->key == key && found < max)
			out[found++] = x->sid;
	}
	return found;
}

void np_postings_mark(const np_postings *p, np_presence *pr)
{
	for (size_t i = 0; p && i < p->n; i++)
		np_presence_add(pr, (uint32_t)p->v[i].key);
}

static int by_key(const void *a, const void *b)
{
	const np_posting *x = a, *y = b;
	if (x->key != y->key)
		return x->key < y->key ? -1 : 1;
	return (x->sid > y->sid) - (x->sid < y->sid);
}

/* The table no longer matches v once sorted: the caller clears p next. */
size_t np_postings_sorted(np_postings *p, const np_posting **v)
{
	*v = p ? p->v : NULL;
	if (!p || !p->n)
		return 0;
	if (np_sort_by_i64(p->v, p->n, sizeof *p->v, offsetof(np_posting, key)))
		qsort(p->v, p->n, sizeof *p->v, by_key); /* out of memory for the copy */
	return p->n;
}

void np_postings_clear(np_postings *p)
{
	if (!p)
		return;
	if (p->slot)
		memset(p->slot, 0, (p->mask + 1) * sizeof *p->slot);
	p->n = 0;
}

void np_postings_free(np_postings *p)
{
	if (!p)
		return;
	free(p->v);
	free(p->slot);
	free(p);
}
