/* gen/util.c — checked allocation, fatal errors, growable buffers and the string arena
 * used throughout the corpus generator. */
#include "util.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

/* Arena chunks are large so that a run makes only a handful of them. */
#define ARENA_CHUNK_BYTES ((size_t)1 << 20)
/* Buffers start at this capacity and double from there. */
#define BUF_MIN_CAP 256

struct arena_chunk {
    struct arena_chunk *next;
    size_t used, cap;
    char data[];
};

void die(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("gen_corpus: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    exit(1);
}

void *xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (!p)
        die("out of memory (allocating %zu bytes)", n);
    return p;
}

void *xcalloc(size_t count, size_t size)
{
    void *p = calloc(count ? count : 1, size ? size : 1);
    if (!p)
        die("out of memory (allocating %zu x %zu bytes)", count, size);
    return p;
}

void *xgrow(void *p, size_t *cap, size_t need, size_t size)
{
    if (need <= *cap)
        return p;
    size_t ncap = *cap ? *cap : 16;
    while (ncap < need) {
        if (ncap > SIZE_MAX / 2 / size)
            die("out of memory (array of %zu items)", need);
        ncap *= 2;
    }
    void *np = realloc(p, ncap * size);
    if (!np)
        die("out of memory (growing an array to %zu items)", ncap);
    *cap = ncap;
    return np;
}

void buf_reserve(struct buf *b, size_t extra)
{
    if (b->cap - b->len >= extra)
        return;
    size_t ncap = b->cap ? b->cap : BUF_MIN_CAP;
    while (ncap - b->len < extra) {
        if (ncap > SIZE_MAX / 2)
            die("out of memory (buffer of %zu bytes)", b->len + extra);
        ncap *= 2;
    }
    char *np = realloc(b->p, ncap);
    if (!np)
        die("out of memory (growing a buffer to %zu bytes)", ncap);
    b->p = np;
    b->cap = ncap;
}

void buf_free(struct buf *b)
{
    free(b->p);
    *b = (struct buf){0};
}

void buf_printf(struct buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0)
        die("internal error: bad format \"%s\"", fmt);
    buf_reserve(b, (size_t)n + 1); /* + 1: vsnprintf writes a NUL we then drop */
    va_start(ap, fmt);
    vsnprintf(b->p + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
}

void buf_putu(struct buf *b, uint64_t n, unsigned width)
{
    char tmp[24]; /* 20 digits hold any uint64_t */
    unsigned k = 0;
    do {
        tmp[k++] = (char)('0' + n % 10);
        n /= 10;
    } while (n && k < sizeof tmp);
    while (k < width && k < sizeof tmp)
        tmp[k++] = '0';
    buf_reserve(b, k);
    while (k)
        b->p[b->len++] = tmp[--k];
}

int64_t days_from_civil(int64_t y, unsigned m, unsigned d)
{
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    unsigned yoe = (unsigned)(y - era * 400);                       /* [0, 399] */
    unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1; /* [0, 365] */
    unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;           /* [0, 146096] */
    return era * 146097 + (int64_t)doe - 719468;                    /* 719468: 0000-03-01 to 1970 */
}

void civil_from_days(int64_t z, int64_t *y, unsigned *m, unsigned *d)
{
    z += 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    unsigned doe = (unsigned)(z - era * 146097);
    unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    unsigned mp = (5 * doy + 2) / 153;
    *d = doy - (153 * mp + 2) / 5 + 1;
    *m = mp < 10 ? mp + 3 : mp - 9;
    *y = (int64_t)yoe + era * 400 + (*m <= 2);
}

void *arena_alloc(struct arena *a, size_t n)
{
    n = (n + 7) & ~(size_t)7; /* keep every allocation 8-byte aligned */
    struct arena_chunk *c = a->head;
    if (!c || c->cap - c->used < n) {
        size_t cap = n > ARENA_CHUNK_BYTES ? n : ARENA_CHUNK_BYTES;
        c = xmalloc(sizeof *c + cap);
        c->next = a->head;
        c->used = 0;
        c->cap = cap;
        a->head = c;
    }
    void *p = c->data + c->used;
    c->used += n;
    return p;
}

char *arena_strndup(struct arena *a, const char *s, size_t n)
{
    char *p = arena_alloc(a, n + 1);
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

void arena_free(struct arena *a)
{
    struct arena_chunk *c = a->head;
    while (c) {
        struct arena_chunk *next = c->next;
        free(c);
        c = next;
    }
    a->head = NULL;
}
