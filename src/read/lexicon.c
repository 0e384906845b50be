/*
 * lexicon.c — the word lists of page furniture (see lexicon.h): the one
 * matcher every list is read with, the questions the segmenter and the date
 * reader ask, and the loading of a user's TSV file at run time.
 */
#include "read/lexicon.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "newsprint.h"
#include "util/error.h"
#include "util/script.h"
#include "util/strbuf.h"

#define LEN(a) (sizeof(a) / sizeof((a)[0]))

/* Entries loaded at run time with np_lexicon_load, one growing list per kind. */
typedef struct np_lex_extra {
	np_lex_entry *v;
	size_t n, cap;
} np_lex_extra;

static np_lex_extra extra[NP_LEX_KINDS];

static int is_blank(char c)
{
	return c == ' ' || c == '\t';
}

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static int ascii_lower(unsigned char c)
{
	return (c >= 'A' && c <= 'Z') ? c + ('a' - 'A') : c;
}

/* Letters, marks and digits of any script make up words. */
static int is_word_codepoint(utf8proc_int32_t cp)
{
	utf8proc_category_t cat = utf8proc_category(cp);
	return cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_NO;
}

static int starts_with_word_char(const char *p)
{
	utf8proc_int32_t cp;
	if (!*p || utf8proc_iterate((const utf8proc_uint8_t *)p, -1, &cp) < 0)
		return 0;
	return is_word_codepoint(cp);
}

/* Whether the character ending at end (exclusive; begin <= end) is a word
 * character that needs a word boundary after it: not one of a script
 * written without spaces, where words follow one another unmarked. */
static int ends_with_word_char(const char *begin, const char *end)
{
	const char *p = end;
	if (p == begin)
		return 0;
	/* step back over UTF-8 continuation bytes (10xxxxxx) to the lead byte */
	do
		p--;
	while (p > begin && ((unsigned char)*p & 0xC0) == 0x80);
	utf8proc_int32_t cp;
	if (utf8proc_iterate((const utf8proc_uint8_t *)p, end - p, &cp) < 0 || np_is_unspaced(cp))
		return 0;
	return is_word_codepoint(cp);
}

size_t np_lex_match(const char *entry, const char *s)
{
	const char *e = entry, *p = s;
	while (*e) {
		if (*e == '*' && e[1] == '\0')
			return *p ? strlen(s) : 0;
		if (*e == ' ' || *e == '#') {
			int (*cls)(char) = *e == ' ' ? is_blank : is_digit;
			if (!cls(*p))
				return 0;
			while (cls(*p))
				p++;
			e++;
			continue;
		}
		if (ascii_lower((unsigned char)*e) != ascii_lower((unsigned char)*p))
			return 0;
		e++;
		p++;
	}
	if (ends_with_word_char(entry, e) && starts_with_word_char(p))
		return 0;
	return (size_t)(p - s);
}

/* Whether entry could match at s at all, by its first byte: most entries
 * fail there, and this saves the call. For the loaded entries, which have
 * no index (built-in tables are indexed by first byte: lexicon.h). */
static int may_match(const char *entry, const char *s)
{
	char e = entry[0];
	if (e == '#')
		return is_digit(*s);
	if (e == ' ')
		return is_blank(*s);
	return e == '*' || ascii_lower((unsigned char)e) == ascii_lower((unsigned char)*s);
}

/* The longest match in t[0..n) at s, with its entry's value, if longer than *best. */
static void longest_in(const np_lex_entry *t, size_t n, const char *s, size_t *best,
                       long *value)
{
	for (size_t i = 0; i < n; i++) {
		if (!may_match(t[i].text, s))
			continue;
		size_t m = np_lex_match(t[i].text, s);
		if (m > *best) {
			*best = m;
			*value = t[i].value;
		}
	}
}

size_t np_lexicon_longest(np_lex_kind kind, const char *s, long *value)
{
	size_t best = 0;
	long v = 0;
	const np_lex_table *t = &np_lex_builtin[kind];
	size_t c = (size_t)ascii_lower((unsigned char)*s);
	longest_in(t->v, t->start[0], s, &best, &v);
	longest_in(t->v + t->start[c], (size_t)(t->start[c + 1] - t->start[c]), s, &best, &v);
	longest_in(extra[kind].v, extra[kind].n, s, &best, &v);
	if (value)
		*value = v;
	return best;
}

static const char *skip_blanks(const char *p)
{
	while (is_blank(*p))
		p++;
	return p;
}

/* 1 if nothing but blanks and at most one ':' is left in p. */
static int only_colon_left(const char *p)
{
	p = skip_blanks(p);
	if (*p == ':')
		p = skip_blanks(p + 1);
	return *p == '\0';
}

/* A heading or widget line is short: the longest entry is under 60 bytes.
 * Lines longer than this are prose and are not compared with each entry
 * (most lines of a page are prose: this is most of segmenting's time). */
#define WHOLE_LINE_MAX 160

static int whole_line_in(const np_lex_entry *t, size_t n, const char *line)
{
	for (size_t i = 0; i < n; i++) {
		if (!may_match(t[i].text, line))
			continue;
		size_t m = np_lex_match(t[i].text, line);
		if (m && only_colon_left(line + m))
			return 1;
	}
	return 0;
}

static int whole_line(np_lex_kind kind, const char *line)
{
	line = skip_blanks(line);
	if (strnlen(line, WHOLE_LINE_MAX + 1) > WHOLE_LINE_MAX)
		return 0;
	const np_lex_table *t = &np_lex_builtin[kind];
	size_t c = (size_t)ascii_lower((unsigned char)*line);
	return whole_line_in(t->v, t->start[0], line) ||
	       whole_line_in(t->v + t->start[c], (size_t)(t->start[c + 1] - t->start[c]), line) ||
	       whole_line_in(extra[kind].v, extra[kind].n, line);
}

int np_lexicon_is_rail_heading(const char *line)
{
	return whole_line(NP_LEX_RAIL_HEADING, line);
}

int np_lexicon_is_body_end(const char *line)
{
	return whole_line(NP_LEX_BODY_END, line);
}

int np_lexicon_is_widget(const char *line)
{
	return whole_line(NP_LEX_WIDGET, line);
}

int np_lexicon_is_notice(const char *line)
{
	return whole_line(NP_LEX_NOTICE, line);
}

static const char *after_prefix(np_lex_kind kind, const char *line)
{
	line = skip_blanks(line);
	size_t m = np_lexicon_longest(kind, line, NULL);
	if (!m)
		return NULL;
	const char *rest = skip_blanks(line + m);
	return *rest ? rest : NULL;
}

const char *np_lexicon_credit_prefix(const char *line)
{
	return after_prefix(NP_LEX_CREDIT_PREFIX, line);
}

const char *np_lexicon_byline_prefix(const char *line)
{
	return after_prefix(NP_LEX_BYLINE_PREFIX, line);
}

/* The last dash of line: '-', EN DASH or EM DASH; NULL if none. */
static const char *last_dash(const char *line)
{
	static const char *const dashes[] = {"-", NP_EN_DASH, NP_EM_DASH};
	const char *best = NULL;
	size_t best_len = 0;
	for (size_t i = 0; i < LEN(dashes); i++) {
		for (const char *p = strstr(line, dashes[i]); p; p = strstr(p + 1, dashes[i])) {
			if (!best || p > best) {
				best = p;
				best_len = strlen(dashes[i]);
			}
		}
	}
	return best ? best + best_len : NULL;
}

/* "... - Ảnh 1." : a dash, a caption word, a number, an optional period. */
static int caption_suffix(const char *line)
{
	const char *p = last_dash(line);
	if (!p)
		return 0;
	p = skip_blanks(p);
	size_t m = np_lexicon_longest(NP_LEX_CAPTION, p, NULL);
	if (!m)
		return 0;
	p = skip_blanks(p + m);
	if (!is_digit(*p))
		return 0;
	while (is_digit(*p))
		p++;
	if (*p == '.')
		p++;
	return *skip_blanks(p) == '\0';
}

/* "Photo: Reuters", "Ảnh: TTXVN" */
static int caption_prefix(const char *line)
{
	line = skip_blanks(line);
	size_t m = np_lexicon_longest(NP_LEX_CAPTION, line, NULL);
	return m && *skip_blanks(line + m) == ':';
}

int np_lexicon_is_caption(const char *line)
{
	return caption_prefix(line) || caption_suffix(line);
}

/* ------------------------------------------------------------------ */
/* Loading a user's file                                               */
/* ------------------------------------------------------------------ */

/* The longest line of a lexicon file: an entry is a few words. */
#define LEX_LINE_MAX 1024

static int kind_by_name(const char *name, np_lex_kind *kind)
{
	for (int k = 0; k < NP_LEX_KINDS; k++) {
		if (strcmp(np_lex_kind_names[k], name) == 0) {
			*kind = (np_lex_kind)k;
			return 1;
		}
	}
	return 0;
}

static int extra_push(np_lex_kind kind, const char *lang, const char *text, long value)
{
	np_lex_extra *x = &extra[kind];
	if (x->n == x->cap) {
		size_t cap = NP_GROW(x->cap);
		np_lex_entry *v = realloc(x->v, cap * sizeof *v);
		if (!v)
			return -1;
		x->v = v;
		x->cap = cap;
	}
	char *l = np_strdup(lang), *t = np_strdup(text);
	if (!l || !t) {
		free(l), free(t);
		return -1;
	}
	x->v[x->n++] = (np_lex_entry){l, t, value};
	return 0;
}

/* Splits "lang\tkind\ttext[\tvalue]" in place; 0 when the line is malformed. */
static int split_entry(char *line, char **f, long *value)
{
	line[strcspn(line, "\r\n")] = '\0';
	char *rest = line;
	int n = 0;
	for (; n < 4 && rest; n++) {
		f[n] = rest;
		rest = strchr(rest, '\t');
		if (rest)
			*rest++ = '\0';
	}
	char *end = NULL;
	*value = n == 4 ? strtol(f[3], &end, 10) : 0;
	return !rest && n >= 3 && *f[2] && (n == 3 || (end != f[3] && *end == '\0'));
}

/* Reads one line of a lexicon file: 0, or an np_status with err filled. */
static np_status load_line(char *line, const char *path, unsigned no, np_error *err)
{
	char *f[4];
	long value;
	np_lex_kind kind;
	if (line[0] == '#' || line[strspn(line, " \t\r\n")] == '\0')
		return NP_OK;
	if (!split_entry(line, f, &value) || !kind_by_name(f[1], &kind))
		return np_fail(err, NP_EINPUT, "%s:%u: want lang<TAB>kind<TAB>text[<TAB>value]",
		               path, no);
	if (extra_push(kind, f[0], f[2], value))
		return np_fail(err, NP_ENOMEM, "%s:%u: out of memory", path, no);
	return NP_OK;
}

np_status np_lexicon_load(const char *path, np_error *err)
{
	if (!path)
		return np_fail(err, NP_EINVAL, "lexicon: no file given");
	FILE *f = fopen(path, "r");
	if (!f)
		return np_fail(err, NP_EIO, "%s: cannot open", path);
	char line[LEX_LINE_MAX];
	unsigned no = 0;
	np_status rc = NP_OK;
	while (rc == NP_OK && fgets(line, sizeof line, f))
		rc = load_line(line, path, ++no, err);
	fclose(f);
	return rc;
}

void np_lexicon_unload(void)
{
	for (int k = 0; k < NP_LEX_KINDS; k++) {
		for (size_t i = 0; i < extra[k].n; i++) {
			free((char *)extra[k].v[i].lang);
			free((char *)extra[k].v[i].text);
		}
		free(extra[k].v);
		extra[k] = (np_lex_extra){0};
	}
}
