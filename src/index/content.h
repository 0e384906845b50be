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

void np_content_free(np_content *c);

#endif
