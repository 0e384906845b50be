/*
 * page.c — a page dump into trimmed lines for the segmenter: a BOM dropped,
 * NUL bytes made spaces, LF, CRLF and lone CR ending lines, white space and
 * no-break spaces trimmed from both ends.
 */
#include <stdlib.h>
#include <string.h>

#include "segment/line_measure.h"
#include "segment/segment_int.h"

/* A UTF-8 byte order mark, ignored at the start of a page. */
#define UTF8_BOM "\xEF\xBB\xBF"
#define UTF8_BOM_LEN 3
#define NBSP "\xC2\xA0" /* U+00A0, trimmed from line ends like a space */
#define NBSP_LEN 2

/* Trims ASCII white space and no-break spaces at both ends, in place. */
static char *trim(char *s)
{
	for (;;) {
		if (np_line_is_space(*s))
			s++;
		else if (strncmp(s, NBSP, NBSP_LEN) == 0)
			s += NBSP_LEN;
		else
			break;
	}
	size_t n = strlen(s);
	for (;;) {
		if (n && np_line_is_space(s[n - 1]))
			n--;
		else if (n >= NBSP_LEN && strncmp(s + n - NBSP_LEN, NBSP, NBSP_LEN) == 0)
			n -= NBSP_LEN;
		else
			break;
	}
	s[n] = '\0';
	return s;
}

/* Copies text, dropping a BOM; a NUL byte inside would cut a line short, so it becomes a space. */
static char *copy_text(const char *text, size_t len)
{
	if (len >= UTF8_BOM_LEN && memcmp(text, UTF8_BOM, UTF8_BOM_LEN) == 0) {
		text += UTF8_BOM_LEN;
		len -= UTF8_BOM_LEN;
	}
	char *buf = np_strndup(text, len);
	if (!buf)
		return NULL;
	for (char *z = memchr(buf, '\0', len); z; z = memchr(z, '\0', len - (size_t)(z - buf)))
		*z++ = ' ';
	return buf;
}

#define LINE_ENDS "\r\n"

/* Splits text into trimmed lines at LF, CRLF or a lone CR. */
int np_seg_page_split(page *pg, const char *text, size_t len)
{
	pg->buf = copy_text(text ? text : "", text ? len : 0);
	if (!pg->buf)
		return -1;
	/* (strpbrk and strcspn over the line ends: the C library's loops are
	 * faster than byte by byte ones here) */
	size_t max_lines = 1;
	for (const char *p = pg->buf; (p = strpbrk(p, LINE_ENDS)); p++)
		max_lines++;
	pg->lines = malloc(max_lines * sizeof *pg->lines);
	if (!pg->lines)
		return -1;
	char *start = pg->buf;
	for (;;) {
		char *p = start + strcspn(start, LINE_ENDS);
		int end = *p == '\0';
		if (p[0] == '\r' && p[1] == '\n')
			*p++ = '\0'; /* CRLF ends one line, not two */
		*p = '\0';
		pg->lines[pg->n++] = trim(start);
		if (end)
			break;
		start = p + 1;
	}
	return 0;
}

/* Frees what np_seg_page_split made. */
void np_seg_page_free(page *pg)
{
	free(pg->lines);
	free(pg->buf);
}
