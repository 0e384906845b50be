/* gen/util.h — small shared helpers of the corpus generator: checked allocation, fatal
 * errors, a growable byte buffer and a bump arena for strings that live for the whole run. */
#ifndef GEN_UTIL_H
#define GEN_UTIL_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* Prints "gen_corpus: <message>" on standard error and exits with status 1 (a run-time
 * failure: out of memory, an unwritable file). Usage errors exit 2 elsewhere. */
_Noreturn void die(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

void *xmalloc(size_t n);
void *xcalloc(size_t count, size_t size);
/* Returns p (an array of `size`-byte items with capacity *cap) grown to hold at least
 * `need` items, updating *cap; use as `a = xgrow(a, &cap, n, sizeof *a)`. */
void *xgrow(void *p, size_t *cap, size_t need, size_t size);

/* A growable byte string; not NUL-terminated. */
struct buf {
    char *p;
    size_t len, cap;
};

void buf_reserve(struct buf *b, size_t extra);
void buf_free(struct buf *b);
void buf_printf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3), nonnull(2)));

static inline void buf_put(struct buf *b, const char *s, size_t n)
{
    if (b->cap - b->len < n)
        buf_reserve(b, n);
    memcpy(b->p + b->len, s, n);
    b->len += n;
}

static inline void buf_puts(struct buf *b, const char *s)
{
    buf_put(b, s, strlen(s));
}

static inline void buf_putc(struct buf *b, char c)
{
    if (b->len == b->cap)
        buf_reserve(b, 1);
    b->p[b->len++] = c;
}

/* Appends n as decimal, zero-padded to at least `width` digits. */
void buf_putu(struct buf *b, uint64_t n, unsigned width);

/* Days since 1970-01-01 of a proleptic Gregorian date, and back (Howard Hinnant's
 * algorithms, so no dependence on the time zone or on timegm). */
int64_t days_from_civil(int64_t y, unsigned m, unsigned d);
void civil_from_days(int64_t z, int64_t *y, unsigned *m, unsigned *d);

/* Bump allocator: pointers stay valid until arena_free. */
struct arena {
    struct arena_chunk *head;
};

void *arena_alloc(struct arena *a, size_t n);
/* Copies n bytes and a terminating NUL into the arena. */
char *arena_strndup(struct arena *a, const char *s, size_t n);
void arena_free(struct arena *a);

#endif
