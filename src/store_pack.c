/*
 * store_pack.c — a story's credits and rails as one JSON column each of its
 * stories row, and back. They were rows of tables of their own (about four
 * a story at 100k generated stories, each with an index entry), which made
 * a good part of SQLite's work during ingest; nothing queries them but by
 * story, so a column holds them as well. Shapes (the `segment` command's):
 *   credits: [{"kind": "agency", "value": "Reuters"}, ...]
 *   rails:   [{"heading": "..." | null,
 *              "items": [{"title": "...", "outlet": ..., "date": ...}]}, ...]
 */
#include "store_int.h"

#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>

#include "strbuf.h"

static const char *const CREDIT_KINDS[] = {"source-url", "agency", "byline"};
#define N_CREDIT_KINDS (sizeof CREDIT_KINDS / sizeof CREDIT_KINDS[0])

np_credit_kind store_credit_kind(const char *s)
{
	for (size_t i = 0; i < N_CREDIT_KINDS; i++)
		if (s && strcmp(s, CREDIT_KINDS[i]) == 0)
			return (np_credit_kind)i;
	return NP_CREDIT_AGENCY;
}

/* Writing is done by hand into one buffer: building cJSON objects to print
 * them was 7% of the ingest thread at a million stories (perf), a malloc
 * for every item and key. Reading back (rare: compare, reports) uses cJSON. */

/* Appends s as a JSON string (null when NULL); non-zero when out of memory. */
static int add_string(np_buf *b, const char *s)
{
	static const char hex[] = "0123456789abcdef";
	if (!s)
		return np_buf_adds(b, "null");
	int bad = np_buf_addc(b, '"');
	for (const unsigned char *p = (const unsigned char *)s; *p && !bad; p++) {
		if (*p == '"' || *p == '\\')
			bad = np_buf_addc(b, '\\') || np_buf_addc(b, (char)*p);
		else if (*p < 0x20)
			bad = np_buf_adds(b, "\\u00") || np_buf_addc(b, hex[*p >> 4]) ||
			      np_buf_addc(b, hex[*p & 15]);
		else
			bad = np_buf_addc(b, (char)*p);
	}
	return bad || np_buf_addc(b, '"');
}

/* Appends "key":s, after a comma unless first. */
static int add_member(np_buf *b, const char *key, const char *s, int first)
{
	return (!first && np_buf_addc(b, ',')) || add_string(b, key) || np_buf_addc(b, ':') ||
	       add_string(b, s);
}

/* The buffer as a string, or NULL when empty or out of memory (*oom set). */
static char *finish(np_buf *b, int bad, int *oom)
{
	*oom = bad;
	if (bad || !b->len) {
		np_buf_free(b);
		return NULL;
	}
	return b->p;
}

char *store_pack_credits(const np_credit *c, size_t n, int *oom)
{
	np_buf b = {0};
	int bad = 0;
	for (size_t i = 0; i < n && !bad; i++) {
		const char *kind = CREDIT_KINDS[c[i].kind < N_CREDIT_KINDS ? c[i].kind : 1];
		bad = np_buf_adds(&b, i ? ",{" : "[{") || add_member(&b, "kind", kind, 1) ||
		      add_member(&b, "value", c[i].value ? c[i].value : "", 0) || np_buf_addc(&b, '}');
	}
	return finish(&b, bad || (n && np_buf_addc(&b, ']')), oom);
}

static int pack_rail(np_buf *b, const np_rail *r)
{
	int bad = add_member(b, "heading", r->heading, 1) || np_buf_adds(b, ",\"items\":[");
	for (size_t i = 0; i < r->n_items && !bad; i++) {
		const np_rail_item *it = &r->items[i];
		bad = np_buf_adds(b, i ? ",{" : "{") ||
		      add_member(b, "title", it->title ? it->title : "", 1) ||
		      add_member(b, "outlet", it->outlet, 0) || add_member(b, "date", it->date, 0) ||
		      np_buf_addc(b, '}');
	}
	return bad || np_buf_addc(b, ']');
}

char *store_pack_rails(const np_rail *r, size_t n, int *oom)
{
	np_buf b = {0};
	int bad = 0;
	for (size_t i = 0; i < n && !bad; i++)
		bad = np_buf_adds(&b, i ? ",{" : "[{") || pack_rail(&b, &r[i]) || np_buf_addc(&b, '}');
	return finish(&b, bad || (n && np_buf_addc(&b, ']')), oom);
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
