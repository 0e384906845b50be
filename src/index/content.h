/*
 * content.h — stored stories by the exact content hash of their body as
 * given (XXH3-128, sign.c), so that an identical body is a duplicate of
 * the stored one without the LSH bands having to find it: the bands are
 * over the template-stripped view, which changes as an outlet's template is
 * learnt, and they leave out bodies too short to match (min_shingles).
 */
#ifndef NP_CONTENT_H
#define NP_CONTENT_H

#include <stddef.h>
#include <stdint.h>

typedef struct np_content_entry {
	uint64_t hash[2];
	int64_t sid, cluster;
	int32_t minute;
} np_content_entry;

/* The sid of a forgotten story's entry: it keeps its slot (a probe for
 * another hash walks past it) and finds nothing; adding the content again
 * takes the slot back. */
#define NP_CONTENT_FORGOTTEN (-1)

/* Open addressing on the first half of the hash, at most half full. */
typedef struct np_content {
	np_content_entry *slot; /* sid 0: empty */
	size_t cap, n;          /* cap: a power of two */
} np_content;

/* Adds a stored story; the first story of a content stays its entry. 0, or
 * -1 when out of memory. */
int np_content_add(np_content *c, const np_content_entry *e);

/* The first stored story with this content, or NULL. */
const np_content_entry *np_content_find(const np_content *c, const uint64_t hash[2]);

/* Forgets the entry of story sid, if it is one: a pass over the table,
 * as its slots are by hash. */
void np_content_forget(np_content *c, int64_t sid);

/* Sets the cluster of every entry for which cluster_of answers non-zero
 * (a cluster split): one pass over the table. */
void np_content_move(np_content *c, int64_t (*cluster_of)(void *ctx, int64_t sid), void *ctx);

void np_content_free(np_content *c);

#endif
