/*
 * url.c — a PostgreSQL store's name in messages: its --db string with every
 * password masked, so that no message, log line or report shows one.
 */
#include "store/postgresql/url.h"

#include <stdlib.h>
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

/* Copies auth to b with the password of its userinfo masked: libpq reads a
 * userinfo up to an '@' before the path's '/', so a '?' or '#' in it is
 * the password's; the last such '@' is taken, so that nothing a password
 * may hold is shown. */
static int add_userinfo_masked(np_buf *b, const char *auth)
{
	size_t head = strcspn(auth, "/");
	const char *at = NULL;
	for (const char *p = auth; p < auth + head; p++)
		if (*p == '@')
			at = p;
	const char *colon = at ? memchr(auth, ':', (size_t)(at - auth)) : NULL;
	if (!colon)
		return np_buf_adds(b, auth);
	return np_buf_add(b, auth, (size_t)(colon + 1 - auth)) || np_buf_adds(b, MASK) ||
	       np_buf_adds(b, at);
}

/* One pass of masking: the userinfo's password, then the query's. */
static char *mask_once(const char *where)
{
	np_buf b = {0}, mid = {0};
	const char *auth = strstr(where, "://");
	auth = auth ? auth + 3 : where;
	/* The query's password= fields are masked over what the userinfo's
	 * masking left, so that neither can show what the other hides. */
	int rc = np_buf_add(&b, where, (size_t)(auth - where)) || add_userinfo_masked(&mid, auth) ||
	         add_query_masked(&b, mid.p ? mid.p : "", mid.len);
	np_buf_free(&mid);
	if (rc) {
		np_buf_free(&b);
		return NULL;
	}
	return b.p ? b.p : np_strdup("");
}

/* Masking a query's password can take away the '/' that ended the
 * userinfo, so that the masked string reads a longer userinfo with a
 * password of its own: the string is masked again until nothing changes,
 * and what is shown is a fixed point (fuzz_pg_url checks it). Each pass
 * only hides more, so few are needed; MASK_PASSES bounds them. */
#define MASK_PASSES 8

char *np_pg_url_masked(const char *where)
{
	char *cur = mask_once(where);
	for (int i = 0; cur && i < MASK_PASSES; i++) {
		char *next = mask_once(cur);
		int same = next && strcmp(next, cur) == 0;
		free(cur);
		cur = next;
		if (same)
			break;
	}
	return cur;
}
