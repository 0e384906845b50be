/*
 * serve_body.c — a request body of `newsprint serve` to its records: one
 * JSON object (laid out on one line or many) or JSON Lines of them, each
 * read as the reader reads a JSON Lines record and signed on the request's
 * own thread. tests/fuzz/fuzz_serve_body.c feeds it any bytes.
 */
#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/serve.h"

static const char *skip_space(const char *p, const char *end)
{
	while (p < end && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r'))
		p++;
	return p;
}

/* The end of the JSON value at p (one record), or NULL when it is not JSON. */
static const char *value_end(const char *p, const char *end)
{
	const char *stop = NULL;
	cJSON *v = cJSON_ParseWithLengthOpts(p, (size_t)(end - p), &stop, 0);
	cJSON_Delete(v);
	return v ? stop : NULL;
}

/* The library's message for the record at p that is not JSON: the reader
 * reads it up to the end of its line. */
static void not_json(const char *p, const char *end, np_error *err)
{
	const char *nl = memchr(p, '\n', (size_t)(end - p));
	np_story *s = NULL;
	if (np_story_from_json(p, (size_t)((nl ? nl : end) - p), &s, err) == NP_OK)
		snprintf(err->msg, sizeof err->msg, "a record is not JSON");
	np_story_free(s);
}

/* One record read into it and signed; its error kept when it is bad. */
static void read_item(const np_params *params, const char *p, size_t n, serve_item *it)
{
	np_error err = {0};
	np_status rc = np_story_from_json(p, n, &it->s, &err);
	if (rc == NP_OK)
		rc = np_sign(params, it->s, NP_SIGN_TEXT, &it->fp, &err);
	if (rc != NP_OK)
		it->error = strdup(err.msg);
}

void serve_items_free(serve_item *items, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		np_story_free(items[i].s);
		np_fingerprint_free(items[i].fp);
		free(items[i].error);
		np_free(items[i].answer);
	}
	free(items);
}

np_status serve_read_body(const np_params *params, const char *body, size_t len,
                          serve_item **items, size_t *n, np_error *err)
{
	const char *p = body, *end = body + len;
	size_t cap = 0;
	*items = NULL;
	*n = 0;
	while ((p = skip_space(p, end)) < end) {
		const char *stop = value_end(p, end);
		if (!stop) {
			not_json(p, end, err);
			return NP_EINPUT;
		}
		if (*n == cap) {
			cap = cap ? 2 * cap : 4;
			serve_item *v = realloc(*items, cap * sizeof *v);
			if (!v) {
				snprintf(err->msg, sizeof err->msg, "out of memory reading the body");
				return NP_ENOMEM;
			}
			*items = v;
		}
		memset(&(*items)[*n], 0, sizeof **items);
		read_item(params, p, (size_t)(stop - p), &(*items)[(*n)++]);
		p = stop;
	}
	if (*n)
		return NP_OK;
	snprintf(err->msg, sizeof err->msg, "empty body: send a story as a JSON object, or JSON Lines");
	return NP_EINPUT;
}
