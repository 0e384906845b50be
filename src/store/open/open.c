/*
 * open.c — which backend a --db string names (open.h). A backend is added
 * with a row of BACKENDS and its folder beside store/sqlite/; nothing else
 * in newsprint changes.
 */
#include "store/open/open.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "store/postgresql/postgresql.h"
#include "store/postgresql/url.h"
#include "store/sqlite/sqlite.h"
#include "util/error.h"
#include "util/strbuf.h"

typedef np_status (*open_fn)(np_store **out, const char *where, np_open_mode mode,
                             np_error *err);

/* A backend and the scheme that names it ("postgresql" for
 * postgresql://...); NULL: the backend of a string without a scheme. */
typedef struct backend {
	const char *scheme;
	open_fn open;
} backend;

static const backend BACKENDS[] = {
	{NULL, np_sqlite_open},
	{"postgresql", np_postgresql_open}, /* a libpq URL, handed to libpq whole */
	{"postgres", np_postgresql_open},
};

static int scheme_char(char c)
{
	return isalnum((unsigned char)c) || (c && strchr("+-.", c));
}

/* The length of where's URL scheme (RFC 3986: a letter, then letters,
 * digits, '+', '-' or '.', before "://"), or 0 when it has none. */
static size_t scheme_length(const char *where)
{
	size_t n = 0;
	while (scheme_char(where[n]))
		n++;
	return n && isalpha((unsigned char)where[0]) && strncmp(where + n, "://", 3) == 0 ? n : 0;
}

static int names(const backend *b, const char *where, size_t n)
{
	if (!b->scheme)
		return n == 0;
	return strlen(b->scheme) == n && strncmp(where, b->scheme, n) == 0;
}

np_status np_store_open(np_store **out, const char *where, np_open_mode mode, np_error *err)
{
	*out = NULL;
	size_t n = scheme_length(where);
	for (size_t i = 0; i < sizeof BACKENDS / sizeof *BACKENDS; i++)
		if (names(&BACKENDS[i], where, n))
			return BACKENDS[i].open(out, where, mode, err);
	char *shown = np_store_masked(where); /* a URL may carry a password */
	np_fail(err, NP_EINVAL,
	        "%s: no store backend for the scheme '%.*s' (a store is a SQLite file: give its "
	        "path; or a postgresql:// URL)", shown ? shown : "?", (int)n, where);
	free(shown);
	return NP_EINVAL;
}

char *np_store_masked(const char *where)
{
	/* a path is shown as it is, ':' and '@' included */
	return scheme_length(where) ? np_pg_url_masked(where) : np_strdup(where);
}
