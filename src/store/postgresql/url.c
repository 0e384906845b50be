/*
 * url.c — a PostgreSQL store's name in messages: its --db string with every
 * password masked, so that no message, log line or report shows one.
 */
#include "store/postgresql/url.h"

#include <string.h>

#include "util/strbuf.h"

#define MASK "***"

/* Copies s[0..n) (what follows the authority) to b, with the value of each
 * password=VALUE parameter of the query string masked. */
static int add_query_masked(np_buf *b, const char *s, size_t n)
{
	int rc = 0;
	size_t i = 0;
	while (!rc && i < n) {
		size_t field = strcspn(s + i, "?&#");
		if (i + field > n)
			field = n - i;
		int secret = field >= 9 && strncmp(s + i, "password=", 9) == 0;
		rc = secret ? np_buf_add(b, s + i, 9) || np_buf_adds(b, MASK)
		            : np_buf_add(b, s + i, field);
		i += field;
		if (!rc && i < n)
			rc = np_buf_addc(b, s[i++]);
	}
	return rc;
}

char *np_pg_url_masked(const char *where)
{
	np_buf b = {0};
	const char *auth = strstr(where, "://");
	auth = auth ? auth + 3 : where;
	size_t authority = strcspn(auth, "/?#");
	const char *at = NULL;
	for (const char *p = auth; p < auth + authority; p++)
		if (*p == '@')
			at = p;
	const char *colon = at ? memchr(auth, ':', (size_t)(at - auth)) : NULL;
	int rc = colon ? np_buf_add(&b, where, (size_t)(colon + 1 - where)) ||
	                     np_buf_adds(&b, MASK) || np_buf_add(&b, at, (size_t)(auth + authority - at))
	               : np_buf_add(&b, where, (size_t)(auth + authority - where));
	const char *rest = auth + authority;
	if (!rc)
		rc = add_query_masked(&b, rest, strlen(rest));
	if (rc) {
		np_buf_free(&b);
		return NULL;
	}
	return b.p ? b.p : np_strdup("");
}

