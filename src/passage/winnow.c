/*
 * winnow.c — robust winnowing of a hash sequence (see winnow.h).
 */
#include "passage/winnow.h"

/* Index of the rightmost minimum of h[from..to). */
static size_t rightmost_min(const uint64_t *h, size_t from, size_t to)
{
	size_t m = from;
	for (size_t i = from + 1; i < to; i++)
		if (h[i] <= h[m])
			m = i;
	return m;
}

/* The minimum is carried from one window to the next and the window is
 * only rescanned when the minimum leaves it: O(n) on average (a random
 * minimum lives about w / 2 windows), O(n w) at worst. */
size_t np_winnow(const uint64_t *h, size_t n, unsigned w, np_winnow_fp *out)
{
	if (n == 0 || w == 0)
		return 0;
	size_t win = w < n ? w : n;
	size_t kept = 0;
	size_t m = rightmost_min(h, 0, win);
	out[kept++] = (np_winnow_fp){h[m], (uint32_t)m};
	for (size_t end = win + 1; end <= n; end++) {
		size_t start = end - win;
		size_t next;
		if (m < start)
			next = rightmost_min(h, start, end);
		else
			next = h[end - 1] <= h[m] ? end - 1 : m;
		if (next != m)
			out[kept++] = (np_winnow_fp){h[next], (uint32_t)next};
		m = next;
	}
	return kept;
}
