/*
 * strbuf.h — small growable byte buffers and string vectors shared by every
 * stage. They abort-free: allocation failure is returned, never fatal.
 */
#ifndef NP_STRBUF_H
#define NP_STRBUF_H

#include <stddef.h>
#include <stdint.h>

#include "newsprint.h"

typedef struct np_buf {
	char *p;     /* always NUL-terminated when non-NULL */
	size_t len;
	size_t cap;
} np_buf;

/* Appends n bytes; returns 0, or -1 when out of memory. */
int np_buf_add(np_buf *b, const char *s, size_t n);
/* Makes room for extra more bytes (and the NUL); 0, or -1 when out of memory. */
int np_buf_reserve(np_buf *b, size_t extra);
int np_buf_adds(np_buf *b, const char *s);
int np_buf_addc(np_buf *b, char c);
void np_buf_reset(np_buf *b);
void np_buf_free(np_buf *b);

/* strdup that accepts NULL (returns NULL) */
char *np_strdup(const char *s);
/* copy of n bytes, NUL-terminated */
char *np_strndup(const char *s, size_t n);

/* Appends a copy of s; returns 0, or -1 when out of memory. */
int np_strv_push(np_strv *v, const char *s);
int np_strv_pushn(np_strv *v, const char *s, size_t n);
void np_strv_free(np_strv *v);

/* A growable array of 64-bit values: the keys and ids a stage collects
 * between two commits (template keys, word keys, clusters to attribute). */
typedef struct np_vec64 {
	int64_t *v;
	size_t n, cap;
} np_vec64;

/* Appends x; returns 0, or -1 when out of memory. */
int np_vec64_push(np_vec64 *a, int64_t x);
void np_vec64_free(np_vec64 *a);

/* Growth rule for every dynamic array: double, starting at 8. */
#define NP_GROW(cap) ((cap) ? (cap) * 2 : 8)

/* For the arrays that hold the whole index (a million stories and more):
 * grow by half, so that at most a third of what is allocated is unused
 * instead of half. */
#define NP_GROW_BIG(cap) ((cap) ? (cap) + (cap) / 2 : 1024)

#endif
