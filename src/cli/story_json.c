/*
 * story_json.c — a segmented story as JSON, the shape `newsprint segment`
 * prints (docs/cli.md, "segment").
 */
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"

static const char *const CREDIT_KIND_NAMES[] = {"source-url", "agency", "byline"};

void cli_add_string_or_null(cJSON *o, const char *key, const char *v)
{
	if (v)
		cJSON_AddStringToObject(o, key, v);
	else
		cJSON_AddNullToObject(o, key);
}

/* s as a JSON string, invalid UTF-8 replaced by U+FFFD: a body is kept as
 * given (the reader repairs every other field), and a strict JSON reader
 * rejects a whole document for one stray byte. NULL when out of memory. */
static cJSON *valid_string(const char *s)
{
	char *copy = strdup(s);
	size_t n = 0;
	cJSON *item = NULL;
	if (copy && np_utf8_repair(&copy, &n, NULL) == NP_OK)
		item = cJSON_CreateString(copy);
	free(copy);
	return item;
}

void cli_add_valid_string(cJSON *o, const char *key, const char *v)
{
	cJSON_AddItemToObject(o, key, valid_string(v));
}

static cJSON *strv_json(const np_strv *v)
{
	cJSON *a = cJSON_CreateArray();
	for (size_t i = 0; i < v->n; i++)
		cJSON_AddItemToArray(a, valid_string(v->v[i]));
	return a;
}

static cJSON *credits_json(const np_story *s)
{
	cJSON *a = cJSON_CreateArray();
	for (size_t i = 0; i < s->n_credits; i++) {
		cJSON *c = cJSON_CreateObject();
		cJSON_AddStringToObject(c, "kind", CREDIT_KIND_NAMES[s->credits[i].kind]);
		cli_add_string_or_null(c, "value", s->credits[i].value);
		cJSON_AddItemToArray(a, c);
	}
	return a;
}

static cJSON *rails_json(const np_story *s)
{
	cJSON *a = cJSON_CreateArray();
	for (size_t r = 0; r < s->n_rails; r++) {
		cJSON *rail = cJSON_CreateObject();
		cli_add_string_or_null(rail, "heading", s->rails[r].heading);
		cJSON *items = cJSON_AddArrayToObject(rail, "items");
		for (size_t i = 0; i < s->rails[r].n_items; i++) {
			const np_rail_item *it = &s->rails[r].items[i];
			cJSON *o = cJSON_CreateObject();
			cli_add_string_or_null(o, "title", it->title);
			cli_add_string_or_null(o, "outlet", it->outlet);
			cli_add_string_or_null(o, "date", it->date);
			cJSON_AddItemToArray(items, o);
		}
		cJSON_AddItemToArray(a, rail);
	}
	return a;
}

cJSON *cli_story_json(const np_story *s)
{
	cJSON *o = cJSON_CreateObject();
	cli_add_string_or_null(o, "id", s->id);
	cli_add_string_or_null(o, "title", s->title);
	cli_add_string_or_null(o, "outlet", s->outlet);
	cli_add_string_or_null(o, "published", s->published);
	cJSON_AddItemToObject(o, "body", strv_json(&s->body));
	cJSON_AddItemToObject(o, "credits", credits_json(s));
	cJSON_AddItemToObject(o, "rails", rails_json(s));
	cJSON_AddItemToObject(o, "boilerplate", strv_json(&s->boilerplate));
	return o;
}
