/*
 * line_measure.c — the measures of a line of text (see line_measure.h).
 */
#include "segment/line_measure.h"

#include <string.h>

#include <utf8proc.h>

size_t np_line_words(const char *s, size_t n)
{
	size_t words = 0;
	for (size_t k = 0; k < n; k++)
		words += !np_line_is_space(s[k]) && (k == 0 || np_line_is_space(s[k - 1]));
	return words;
}

int np_line_is_short(const char *s, size_t n, size_t max_bytes, size_t max_words)
{
	return n > 0 && n <= max_bytes && np_line_words(s, n) <= max_words;
}

int np_line_starts_like_name(const char *s)
{
	utf8proc_int32_t cp;
	if (utf8proc_iterate((const utf8proc_uint8_t *)s, -1, &cp) <= 0)
		return 0;
	utf8proc_category_t cat = utf8proc_category(cp);
	return cat == UTF8PROC_CATEGORY_LU || cat == UTF8PROC_CATEGORY_LT ||
	       cat == UTF8PROC_CATEGORY_LO || cat == UTF8PROC_CATEGORY_ND;
}

/* Separators that make a bar of links: one could be a headline's "A | B". */
#define LINK_BAR_MIN_SEPARATORS 2

int np_line_is_link_bar(const char *s)
{
	size_t bars = 0, n = strlen(s);
	for (const char *p = s; (p = strstr(p, " | ")); p += 3)
		bars++;
	char last = n ? s[n - 1] : '\0';
	return bars >= LINK_BAR_MIN_SEPARATORS && last != '.' && last != '!' && last != '?';
}

int np_line_starts_url(const char *s)
{
	return strncmp(s, "http://", strlen("http://")) == 0 ||
	       strncmp(s, "https://", strlen("https://")) == 0 ||
	       strncmp(s, "www.", strlen("www.")) == 0;
}

int np_line_is_bare_url(const char *s)
{
	return np_line_starts_url(s) && np_line_words(s, strlen(s)) == 1;
}
