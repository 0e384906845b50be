/*
 * pack.c — how every backend keeps a story's parts in its columns (pack.h):
 * its credits and rails as one JSON column each of its stories row, and
 * back; its body's paragraphs; fingerprints as little-endian blobs. As rows
 * of tables of their own (about four a story, each with an index entry)
 * credits and rails would make a good part of a store's work during ingest;
 * nothing queries them but by story, so a column holds them as well.
 * Shapes (the `segment` command's):
 *   credits: [{"kind": "agency", "value": "Reuters"}, ...]
 *   rails:   [{"heading": "..." | null,
 *              "items": [{"title": "...", "outlet": ..., "date": ...}]}, ...]
 */
#include "store/pack.h"

#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>

#include "util/strbuf.h"

static const char *const CREDIT_KINDS[] = {"source-url", "agency", "byline"};
#define N_CREDIT_KINDS (sizeof CREDIT_KINDS / sizeof CREDIT_KINDS[0])

np_credit_kind store_credit_kind(const char *s)
{
	for (size_t i = 0; i < N_CREDIT_KINDS; i++)
		if (s && strcmp(s, CREDIT_KINDS[i]) == 0)
			return (np_credit_kind)i;
	return NP_CREDIT_AGENCY;
}

/* Adds key: s, or key: null; 0, or -1 when out of memory. The tree only
 * lives to be printed, while the story and the constant keys stay: it
 * refers to them instead of copying them (two allocations fewer a field,
 * for every rail item of every story). */
static int add_text(cJSON *o, const char *key, const char *s)
{
	cJSON *v = s ? cJSON_CreateStringReference(s) : cJSON_CreateNull();
	if (v && cJSON_AddItemToObjectCS(o, key, v))
		return 0;
	cJSON_Delete(v);
	return -1;
}

/* Room to print a typical rails or credits array in at once (the printer
 * grows its buffer from this, by reallocation). */
#define PRINT_GUESS 1024

/* The printed array, or NULL (an empty one, or out of memory: *oom set). */
static char *print(cJSON *a, int *oom)
{
	char *text = NULL;
	if (!*oom && cJSON_GetArraySize(a) > 0) {
		text = cJSON_PrintBuffered(a, PRINT_GUESS, 0);
		*oom = !text;
	}
	cJSON_Delete(a);
	return text;
}

char *store_pack_credits(const np_credit *c, size_t n, int *oom)
{
	cJSON *a = cJSON_CreateArray();
	*oom = !a;
	for (size_t i = 0; !*oom && i < n; i++) {
		cJSON *o = cJSON_CreateObject();
		*oom = !o || !cJSON_AddItemToArray(a, o) ||
		       add_text(o, "kind", CREDIT_KINDS[c[i].kind < N_CREDIT_KINDS ? c[i].kind : 1]) ||
		       add_text(o, "value", c[i].value ? c[i].value : "");
	}
	return a ? print(a, oom) : NULL;
}

static int pack_rail(cJSON *a, const np_rail *r)
{
	cJSON *o = cJSON_CreateObject(), *items = NULL;
	if (!o || !cJSON_AddItemToArray(a, o) || add_text(o, "heading", r->heading) ||
	    !(items = cJSON_AddArrayToObject(o, "items")))
		return -1;
	for (size_t i = 0; i < r->n_items; i++) {
		cJSON *it = cJSON_CreateObject();
		const np_rail_item *ri = &r->items[i];
		if (!it || !cJSON_AddItemToArray(items, it) ||
		    add_text(it, "title", ri->title ? ri->title : "") ||
		    add_text(it, "outlet", ri->outlet) || add_text(it, "date", ri->date))
			return -1;
	}
	return 0;
}

char *store_pack_rails(const np_rail *r, size_t n, int *oom)
{
	cJSON *a = cJSON_CreateArray();
	*oom = !a;
	for (size_t i = 0; !*oom && i < n; i++)
		*oom = pack_rail(a, &r[i]) != 0;
	return a ? print(a, oom) : NULL;
}

/* A malloc'd copy of o's string member key, or NULL (absent, null). */
static char *member(const cJSON *o, const char *key)
{
	const char *s = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(o, key));
	return s ? np_strdup(s) : NULL;
}

int store_unpack_credits(const char *json, np_credit **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	cJSON *a = json ? cJSON_Parse(json) : NULL;
	int count = cJSON_GetArraySize(a);
	if (count > 0 && !(*out = calloc((size_t)count, sizeof **out))) {
		cJSON_Delete(a);
		return -1;
	}
	const cJSON *o;
	cJSON_ArrayForEach(o, a) {
		char *kind = member(o, "kind");
		(*out)[*n].kind = store_credit_kind(kind);
		(*out)[(*n)++].value = member(o, "value");
		free(kind);
	}
	cJSON_Delete(a);
	return 0;
}

static int unpack_rail(const cJSON *o, np_rail *r)
{
	r->heading = member(o, "heading");
	const cJSON *items = cJSON_GetObjectItemCaseSensitive(o, "items"), *it;
	int count = cJSON_GetArraySize(items);
	if (count > 0 && !(r->items = calloc((size_t)count, sizeof *r->items)))
		return -1;
	cJSON_ArrayForEach(it, items) {
		np_rail_item *ri = &r->items[r->n_items++];
		ri->title = member(it, "title");
		ri->outlet = member(it, "outlet");
		ri->date = member(it, "date");
	}
	return 0;
}

int store_unpack_rails(const char *json, np_rail **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	cJSON *a = json ? cJSON_Parse(json) : NULL;
	int count = cJSON_GetArraySize(a), rc = 0;
	if (count > 0 && !(*out = calloc((size_t)count, sizeof **out)))
		rc = -1;
	const cJSON *o;
	cJSON_ArrayForEach(o, a) {
		if (rc)
			break;
		rc = unpack_rail(o, &(*out)[(*n)++]);
	}
	cJSON_Delete(a);
	return rc;
}

/* A row's rails (id, outlet and the packed JSON): fn for each item. */
int store_each_rail_item(const char *id, const char *outlet, const char *rails,
                         np_rail_item_fn fn, void *ctx)
{
	np_story *s = np_story_new();
	int rc = !s || store_unpack_rails(rails, &s->rails, &s->n_rails);
	for (size_t r = 0; !rc && r < s->n_rails; r++)
		for (size_t i = 0; !rc && i < s->rails[r].n_items; i++)
			rc = fn(ctx, id, outlet, s->rails[r].heading, s->rails[r].items[i].title);
	np_story_free(s);
	return rc;
}

/* Fingerprint blobs are little-endian whatever the machine, so a store can
 * move between machines. */
static void put_le32(unsigned char *b, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		b[i] = (unsigned char)(v >> (8 * i));
}

static uint32_t get_le32(const unsigned char *b)
{
	return (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 | (uint32_t)b[3] << 24;
}

void store_put_le64(unsigned char *b, uint64_t v)
{
	put_le32(b, (uint32_t)v);
	put_le32(b + 4, (uint32_t)(v >> 32));
}

uint64_t store_get_le64(const unsigned char *b)
{
	return (uint64_t)get_le32(b) | (uint64_t)get_le32(b + 4) << 32;
}

int store_get_sig(const unsigned char *b, size_t bytes, unsigned k, uint32_t *sig)
{
	if (!b || bytes != (size_t)k * 4)
		return -1;
	for (unsigned i = 0; i < k; i++)
		sig[i] = get_le32(b + 4 * i);
	return 0;
}

unsigned char *store_encode_u32(const uint32_t *v, size_t n)
{
	unsigned char *b = malloc(n ? n * 4 : 1);
	for (size_t i = 0; b && i < n; i++)
		put_le32(b + 4 * i, v[i]);
	return b;
}

int store_get_u32s(const unsigned char *b, size_t bytes, uint32_t **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	if (bytes % 4)
		return -1;
	if (!bytes)
		return 0;
	if (!(*out = malloc(bytes)))
		return -2;
	for (size_t i = 0; i < bytes / 4; i++)
		(*out)[i] = get_le32(b + 4 * i);
	*n = bytes / 4;
	return 0;
}

int store_split_body(np_strv *v, const char *body)
{
	const char *p = body;
	while (*p) {
		const char *e = strstr(p, "\n\n");
		size_t n = e ? (size_t)(e - p) : strlen(p);
		if (n && np_strv_pushn(v, p, n))
			return -1;
		p += n;
		while (*p == '\n')
			p++;
	}
	return 0;
}
