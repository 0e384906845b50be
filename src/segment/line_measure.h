/*
 * line_measure.h — the measures of a line of text: its spaces, its words,
 * whether it is short, whether it starts like a name. The kind of a line
 * (line_kind.c) is read from these; the credit reader uses them too.
 */
#ifndef NP_LINE_MEASURE_H
#define NP_LINE_MEASURE_H

#include <stddef.h>

/* ASCII white space (the byte-level kind lines are split on). Inline: the
 * segmenter asks it of every byte of a page. */
static inline int np_line_is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\v' || c == '\f' || c == '\r' || c == '\n';
}

/* Words (runs of non-space bytes) in the n bytes of s. */
size_t np_line_words(const char *s, size_t n);

/* 1 when the n bytes of s are non-empty and at most max_bytes and max_words. */
int np_line_is_short(const char *s, size_t n, size_t max_bytes, size_t max_words);

/* Names (agencies, bylines) start with a capital letter, a digit, or a
 * letter of a script without case (青石日报, وكالة). */
int np_line_starts_like_name(const char *s);

/* Whether the line is a bar of links: two or more " | " separators
 * ("Bio | E-mail | Recent columns", "Home | News | Sport") and no end of a
 * sentence. Article text does not separate its words with pipes. */
int np_line_is_link_bar(const char *s);

/* Whether s starts like a web address: "http://", "https://", "www.". */
int np_line_starts_url(const char *s);

/* Whether the line is one web address and nothing else: a link, not text. */
int np_line_is_bare_url(const char *s);

#endif
