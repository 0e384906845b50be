/*
 * wordmemo.c — the per-thread table of normalized words (see wordmemo.h).
 */
#include "fingerprint/wordmemo.h"

#include <string.h>
#include <xxhash.h>

/* 2,048 slots of 136 bytes, 272 KB a thread: the table a thread that
 * normalizes text keeps for its life. */
#define SLOTS 2048

static _Thread_local np_wordmemo_entry table[SLOTS];

uint64_t np_wordmemo_hash(const char *w, size_t n)
{
	return XXH3_64bits(w, n);
}

const np_wordmemo_entry *np_wordmemo_find(uint64_t hash, const char *w, size_t n,
                                          uint32_t mode)
{
	const np_wordmemo_entry *e = &table[hash % SLOTS];
	/* key_len 0 is an empty slot: no word is kept empty */
	if (e->key_len && e->hash == hash && e->mode == mode && e->key_len == n &&
	    memcmp(e->key, w, n) == 0)
		return e;
	return NULL;
}

void np_wordmemo_put(uint64_t hash, const char *w, size_t n, uint32_t mode, const char *val,
                     size_t val_len)
{
	if (!n || n > NP_WORDMEMO_KEY_MAX || val_len > NP_WORDMEMO_VAL_MAX)
		return;
	np_wordmemo_entry *e = &table[hash % SLOTS];
	e->hash = hash;
	e->mode = mode;
	e->key_len = (uint8_t)n;
	e->val_len = (uint8_t)val_len;
	memcpy(e->key, w, n);
	memcpy(e->val, val, val_len);
}
