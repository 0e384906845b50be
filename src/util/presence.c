/*
 * presence.c — the "maybe present" bitmap of 32-bit keys (see presence.h).
 */
#include "util/presence.h"

#include <stdlib.h>
#include <string.h>

/* Full at a quarter of the bits: a key never added is then found about
 * once in five, and the set is rebuilt four times as large. */
#define FULL_SHARE 4

int np_presence_init(np_presence *p, unsigned log2_bits)
{
	memset(p, 0, sizeof *p);
	if (log2_bits < NP_PRESENCE_MIN_LOG2)
		log2_bits = NP_PRESENCE_MIN_LOG2;
	if (log2_bits > NP_PRESENCE_MAX_LOG2)
		log2_bits = NP_PRESENCE_MAX_LOG2;
	p->bits = calloc((size_t)1 << (log2_bits - 6), sizeof *p->bits);
	p->log2_bits = log2_bits;
	return p->bits ? 0 : -1;
}

void np_presence_free(np_presence *p)
{
	free(p->bits);
	memset(p, 0, sizeof *p);
}

int np_presence_full(const np_presence *p)
{
	return p->log2_bits < NP_PRESENCE_MAX_LOG2 &&
	       p->added * FULL_SHARE > ((size_t)1 << p->log2_bits);
}
