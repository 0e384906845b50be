/*
 * radix.h — sorting by 64-bit keys in linear time (least-significant-byte
 * radix sort), for the arrays of hashes that signing, template learning and
 * the passage tier sort by the thousand and the million: glibc's qsort
 * calls a comparison through a pointer n log n times, a large share of an
 * ingest with the passage tier.
 */
#ifndef NP_RADIX_H
#define NP_RADIX_H

#include <stddef.h>
#include <stdint.h>

/* Sorts v[0..n) in ascending order (with qsort when out of memory). */
void np_sort_u64(uint64_t *v, size_t n);

/* Sorts n records of `size` bytes at v by the int64_t at byte offset `off`
 * of each, ascending as signed numbers, keeping records with equal keys in
 * the order they came (stable). 0, or -1 when out of memory (v untouched:
 * the sort needs room for a copy of the records). */
int np_sort_by_i64(void *v, size_t n, size_t size, size_t off);
/* The same by a uint64_t key. */
int np_sort_by_u64(void *v, size_t n, size_t size, size_t off);

/* The order of two uint64_t, for qsort and bsearch. */
int np_cmp_u64(const void *a, const void *b);

#endif
