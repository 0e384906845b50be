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


/* Where the password of the URL where begins (after "user:" in its
 * authority) and *end where it ends, or NULL when it holds none there. The
 * authority ends at the first '/' alone, as libpq reads it: a '?' or '#'
 * before the '@' is part of the password to libpq, and so masked. */
static const char *userinfo_password(const char *where, size_t scheme, const char **end)
{
	const char *auth = where + scheme + 3;
	size_t n = strcspn(auth, "/");
	const char *at = NULL; /* the last '@': a password may hold one */
	for (size_t i = 0; i < n; i++)
		if (auth[i] == '@')
			at = auth + i;
	const char *colon = at ? memchr(auth, ':', (size_t)(at - auth)) : NULL;
	*end = at;
	return colon ? colon + 1 : NULL;
}

/* Whether p, in a URL beginning at where, starts a "password=" parameter. */
static int password_parameter(const char *where, const char *p)
{
	return p > where && strchr("?&", p[-1]) && strncmp(p, "password=", 9) == 0;
}

/* Adds where to b with the value of every "password=" parameter masked. */
static int add_masking_parameters(np_buf *b, const char *where, const char *p)
{
	int rc = 0;
	while (!rc && *p) {
		if (password_parameter(where, p)) {
			rc = np_buf_adds(b, "password=***");
			p += 9 + strcspn(p + 9, "&#");
		} else {
			rc = np_buf_addc(b, *p++);
		}
	}
	return rc;
}

char *np_store_masked(const char *where)
{
	size_t n = scheme_length(where);
	if (!n)
		return np_strdup(where);
	const char *end, *pw = userinfo_password(where, n, &end);
	np_buf b = {0};
	int rc = 0;
	const char *rest = where;
	if (pw) {
		rc = np_buf_add(&b, where, (size_t)(pw - where)) || np_buf_adds(&b, "***");
		rest = end;
	}
	if (rc || add_masking_parameters(&b, where, rest)) {
		np_buf_free(&b);
		return NULL;
	}
	return b.p;
}
