/*
 * keys.c — the PostgreSQL store's word keys of each indexed body (the top
 * 32 bits of each word hash, sorted; passage/overlap.h), to bound a pair's
 * overlap before their bodies are aligned.
 *
 * A candidate's keys are asked for again and again: every later story that
 * finds it through a shared passage asks, a round trip each. A story's keys
 * never change once stored, and its sid is never issued again, so the
 * handle keeps the keys of the last sids it wrote or read in a small
 * direct-mapped cache (a slot a sid modulo its size) and asks the server
 * only on a miss. Forgetting a story drops its slot.
 */
#include "store/postgresql/pg_int.h"

#include <stdlib.h>
#include <string.h>

#include "util/error.h"

/* Slots of the cache: the keys of a few thousand recent stories (about
 * 150 keys, 600 bytes, each), a few MB at the most. */
#define KEYS_CACHE_SLOTS 4096

/* The statements of this file, prepared on first use (pg.c). */
const char *const PG_SQL_KEYS[P_COUNT_] = {
	[P_WORD_KEYS_ADD] = "INSERT INTO word_keys(sid, keys) VALUES ($1, $2)"
	                    " ON CONFLICT (sid) DO UPDATE SET keys = excluded.keys",
	[P_WORD_KEYS_OF] = "SELECT keys FROM word_keys WHERE sid = $1",
};

typedef struct slot {
	int64_t sid;  /* 0: empty */
	uint32_t *keys;
	size_t n;
} slot;

struct pg_keys_cache {
	slot s[KEYS_CACHE_SLOTS];
};

static slot *slot_of(pg_store *st, int64_t sid)
{
	if (!st->keys && !(st->keys = calloc(1, sizeof *st->keys)))
		return NULL;
	return &st->keys->s[(uint64_t)sid % KEYS_CACHE_SLOTS];
}

/* Keeps a copy of sid's keys (nothing when out of memory: a miss later). */
static void remember(pg_store *st, int64_t sid, const uint32_t *keys, size_t n)
{
	slot *s = slot_of(st, sid);
	if (!s)
		return;
	free(s->keys);
	s->sid = 0;
	if (!(s->keys = malloc(n ? n * sizeof *keys : 1)))
		return;
	if (n)
		memcpy(s->keys, keys, n * sizeof *keys);
	s->n = n;
	s->sid = sid;
}

void pg_keys_forget(pg_store *st, int64_t sid)
{
	slot *s = st->keys ? &st->keys->s[(uint64_t)sid % KEYS_CACHE_SLOTS] : NULL;
	if (s && s->sid == sid) {
		free(s->keys);
		memset(s, 0, sizeof *s);
	}
}

void pg_keys_drop(pg_store *st)
{
	for (size_t i = 0; st->keys && i < KEYS_CACHE_SLOTS; i++)
		free(st->keys->s[i].keys);
	free(st->keys);
	st->keys = NULL;
}

np_status pg_add_word_keys(np_store *base, int64_t sid, const uint32_t *keys, size_t n,
                           np_error *err)
{
	pg_store *st = pg_of(base);
	pg_params p = {0};
	pg_param_int(&p, sid);
	pg_param_bytes(&p, store_encode_u32(keys, n), n * 4, 1);
	np_status rc = pg_run(st, P_WORD_KEYS_ADD, &p, err, "cannot store word keys");
	if (rc == NP_OK)
		remember(st, sid, keys, n);
	return rc;
}

/* A copy of a cached slot's keys into *keys; -1 when out of memory. */
static int copy_out(const slot *s, uint32_t **keys, size_t *n)
{
	if (s->n && !(*keys = malloc(s->n * sizeof **keys)))
		return -1;
	if (s->n)
		memcpy(*keys, s->keys, s->n * sizeof **keys);
	*n = s->n;
	return 0;
}

static np_status read_keys(pg_store *st, int64_t sid, uint32_t **keys, size_t *n, int *found,
                           np_error *err)
{
	PGresult *r = NULL;
	np_status rc = pg_query_int(st, P_WORD_KEYS_OF, sid, &r, err, "cannot read word keys");
	if (rc == NP_OK && PQntuples(r) > 0) {
		size_t bytes;
		const unsigned char *b = pg_bytes(r, 0, 0, &bytes);
		int bad = store_get_u32s(b, bytes, keys, n);
		*found = bad == 0;
		if (bad == -2)
			rc = np_fail(err, NP_ENOMEM, "out of memory reading word keys");
		else if (bad)
			rc = np_fail(err, NP_ESTORE, "%s: story row %lld has damaged word keys", st->name,
			             (long long)sid);
	}
	PQclear(r);
	if (rc == NP_OK && *found)
		remember(st, sid, *keys, *n);
	return rc;
}

np_status pg_word_keys_of(np_store *base, int64_t sid, uint32_t **keys, size_t *n, int *found,
                          np_error *err)
{
	pg_store *st = pg_of(base);
	*keys = NULL;
	*n = 0;
	*found = 0;
	slot *s = st->keys ? &st->keys->s[(uint64_t)sid % KEYS_CACHE_SLOTS] : NULL;
	if (!s || s->sid != sid)
		return read_keys(st, sid, keys, n, found, err);
	if (copy_out(s, keys, n))
		return np_fail(err, NP_ENOMEM, "out of memory reading word keys");
	*found = 1;
	return NP_OK;
}
