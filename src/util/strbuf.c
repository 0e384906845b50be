/*
 * strbuf.c — growable buffers and string vectors (see strbuf.h).
 */
#include "util/strbuf.h"

#include <stdlib.h>
#include <string.h>

int np_buf_reserve(np_buf *b, size_t extra)
{
	if (b->len + extra + 1 <= b->cap)
		return 0;
	size_t cap = b->cap ? b->cap : 64;
	while (cap < b->len + extra + 1)
		cap *= 2;
	char *p = realloc(b->p, cap);
	if (!p)
		return -1;
	b->p = p;
	b->cap = cap;
	return 0;
}

int np_buf_add(np_buf *b, const char *s, size_t n)
{
	if (np_buf_reserve(b, n))
		return -1;
	if (n)
		memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
	return 0;
}

int np_buf_adds(np_buf *b, const char *s)
{
	return np_buf_add(b, s, strlen(s));
}

int np_buf_addc(np_buf *b, char c)
{
	return np_buf_add(b, &c, 1);
}

void np_buf_reset(np_buf *b)
{
	b->len = 0;
	if (b->p)
		b->p[0] = '\0';
}

void np_buf_free(np_buf *b)
{
	free(b->p);
	b->p = NULL;
	b->len = b->cap = 0;
}

void np_free(void *p)
{
	free(p);
}

char *np_strdup(const char *s)
{
	return s ? np_strndup(s, strlen(s)) : NULL;
}

char *np_strndup(const char *s, size_t n)
{
	char *d = malloc(n + 1);
	if (!d)
		return NULL;
	memcpy(d, s, n);
	d[n] = '\0';
	return d;
}

int np_strv_pushn(np_strv *v, const char *s, size_t n)
{
	if ((v->n & (v->n - 1)) == 0) {
		/* No stored capacity: it is n rounded up to a power of two, so the
		 * array is full exactly when n is 0 or a power of two. */
		size_t cap = v->n ? v->n * 2 : 1;
		char **nv = realloc(v->v, cap * sizeof *nv);
		if (!nv)
			return -1;
		v->v = nv;
	}
	char *d = np_strndup(s, n);
	if (!d)
		return -1;
	v->v[v->n++] = d;
	return 0;
}

int np_strv_push(np_strv *v, const char *s)
{
	return np_strv_pushn(v, s, strlen(s));
}

void np_strv_free(np_strv *v)
{
	for (size_t i = 0; i < v->n; i++)
		free(v->v[i]);
	free(v->v);
	v->v = NULL;
	v->n = 0;
}

int np_vec64_push(np_vec64 *a, int64_t x)
{
	if (a->n == a->cap) {
		size_t cap = NP_GROW(a->cap);
		int64_t *v = realloc(a->v, cap * sizeof *v);
		if (!v)
			return -1;
		a->v = v;
		a->cap = cap;
	}
	a->v[a->n++] = x;
	return 0;
}

void np_vec64_free(np_vec64 *a)
{
	free(a->v);
	a->v = NULL;
	a->n = a->cap = 0;
}
