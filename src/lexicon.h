/*
 * lexicon.h — the word lists the segment stage recognises page furniture by:
 * rail headings, widget strings, credit and byline prefixes, image-caption
 * markers and the words of relative dates. Every list is a plain table of
 * {language, text} entries, so that it can later be loaded from TSV files.
 *
 * Matching rules, shared by every list (see np_lex_match):
 *   - ASCII letters compare case-insensitively, every other byte exactly;
 *   - a space in an entry matches one or more spaces or tabs;
 *   - a digit in an entry matches any run of digits ("Comments (0)" matches
 *     "Comments (12)");
 *   - a '*' ending an entry matches the non-empty rest ("More from *");
 *   - an entry ending in a letter or digit must end at a word boundary in the
 *     text ("hour" does not match the start of "hours").
 */
#ifndef NP_LEXICON_H
#define NP_LEXICON_H

#include <stddef.h>

/* The dashes pages print between a place and a story, or before a caption number. */
#define NP_EN_DASH "\xE2\x80\x93" /* U+2013 */
#define NP_EM_DASH "\xE2\x80\x94" /* U+2014 */

typedef struct np_lex_entry {
	const char *lang; /* ISO 639-1 code, "" when the entry is language-neutral */
	const char *text;
} np_lex_entry;

/* Bytes of s that entry matches at its start (rules above), or 0. */
size_t np_lex_match(const char *entry, const char *s);

/* 1 if the whole line (trimmed, an ending ':' allowed) is a rail heading:
 * "Cùng chủ đề", "Related stories", "More from BBC". */
int np_lexicon_is_rail_heading(const char *line);

/* 1 if the whole line is widget text: "Comment (0)", "No data", "Share". */
int np_lexicon_is_widget(const char *line);

/* If line starts with a credit prefix ("Source:", "Nguồn:", "Theo",
 * "According to"), a pointer past it and the spaces after it; else NULL. */
const char *np_lexicon_credit_prefix(const char *line);

/* Likewise for a byline prefix ("By"). */
const char *np_lexicon_byline_prefix(const char *line);

/* 1 if line is an image caption left over from a photo: it ends in
 * "- Ảnh 1." / "- Photo 2" or starts with "Photo:" / "Ảnh:". */
int np_lexicon_is_caption(const char *line);

/* The parts a relative date ("8 giờ trước", "3 hours ago", "il y a 2 jours",
 * "yesterday") is made of. */
typedef enum np_rel_role {
	NP_REL_WHOLE = 0, /* a complete relative date: "yesterday", "hôm qua" */
	NP_REL_PREFIX,    /* before the count: "il y a", "vor", "hace" */
	NP_REL_COUNT,     /* a count written as a word: "a", "an", "one" */
	NP_REL_UNIT,      /* "hours", "giờ", "jours" */
	NP_REL_SUFFIX     /* after the unit: "ago", "trước", "назад" */
} np_rel_role;

/* Bytes of the longest entry of that role s starts with, or 0. */
size_t np_lexicon_relative(np_rel_role role, const char *s);

#endif
