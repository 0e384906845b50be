/*
 * normalize.c — UTF-8 text to tokens with utf8proc (see normalize.h).
 *
 * Three passes over a body: replace invalid UTF-8 by U+FFFD (counted, never
 * fatal), let utf8proc apply NFKC and case folding (and mark stripping when
 * accents are folded), then cut the result into tokens by Unicode category.
 * Pure-ASCII words skip all three (tokenize_ascii), and a short word that is
 * not is looked up first in this thread's memo of what they made of it
 * (wordmemo.h).
 */
#include "fingerprint/normalize.h"

#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "fingerprint/wordmemo.h"
#include "util/error.h"
#include "util/script.h"

/* U+FFFD REPLACEMENT CHARACTER, in UTF-8 */
static const char REPLACEMENT[] = "\xEF\xBF\xBD";

/* Longest run of unspaced-script characters cut into n-grams at once; a
 * longer run is cut in pieces (it only costs the grams that would span the
 * cut). */
#define UNSPACED_RUN_MAX 256

/* Whether the eight bytes at p are ASCII and none is NUL: valid UTF-8,
 * told apart eight at a time (most of most stories' text is ASCII). */
static int ascii8(const char *p)
{
	uint64_t w;
	memcpy(&w, p, sizeof w);
	const uint64_t high = 0x8080808080808080u, ones = 0x0101010101010101u;
	/* (w - ones) & ~w & high is nonzero when a byte of w is zero */
	return !(w & high) && !((w - ones) & ~w & high);
}

/* Returns a copy of s with every invalid UTF-8 sequence replaced by U+FFFD,
 * or NULL (with *n_invalid 0) when s is valid and needs no copy. */
static char *sanitize_utf8(const char *s, size_t len, size_t *out_len, size_t *n_invalid,
                           int *oom)
{
	np_buf b = {0};
	size_t i = 0, done = 0;
	*n_invalid = 0;
	*oom = 0;
	while (i < len) {
		if (i + sizeof(uint64_t) <= len && ascii8(s + i)) {
			i += sizeof(uint64_t);
			continue;
		}
		if ((unsigned char)s[i] - 1u < 0x7Fu) { /* ASCII, less NUL: valid */
			i++;
			continue;
		}
		utf8proc_int32_t c;
		utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)s + i,
		                                      (utf8proc_ssize_t)(len - i), &c);
		if (k > 0 && c != 0) {
			i += (size_t)k;
			continue;
		}
		/* an invalid sequence or a NUL byte: copy what came before, then U+FFFD,
		 * and resume one byte later */
		if (np_buf_add(&b, s + done, i - done) || np_buf_adds(&b, REPLACEMENT)) {
			*oom = 1;
			np_buf_free(&b);
			return NULL;
		}
		(*n_invalid)++;
		i++;
		done = i;
	}
	if (!*n_invalid)
		return NULL;
	if (np_buf_add(&b, s + done, len - done)) {
		*oom = 1;
		np_buf_free(&b);
		return NULL;
	}
	*out_len = b.len;
	return b.p;
}

np_status np_utf8_repair(char **s, size_t *n_invalid, np_error *err)
{
	if (!*s)
		return NP_OK;
	size_t len = 0, bad = 0;
	int oom = 0;
	char *clean = sanitize_utf8(*s, strlen(*s), &len, &bad, &oom);
	if (oom)
		return np_fail(err, NP_ENOMEM, "out of memory");
	if (clean) {
		free(*s);
		*s = clean;
		*n_invalid += bad;
	}
	return NP_OK;
}

/* Letters with no canonical decomposition that accent folding must still
 * map to a base letter (utf8proc's STRIPMARK only removes combining marks). */
static utf8proc_int32_t fold_letters(utf8proc_int32_t c, void *data)
{
	(void)data;
	switch (c) {
	case 0x0110: case 0x0111: return 'd'; /* Đ đ (Vietnamese) */
	case 0x00D8: case 0x00F8: return 'o'; /* Ø ø */
	case 0x0141: case 0x0142: return 'l'; /* Ł ł */
	case 0x0126: case 0x0127: return 'h'; /* Ħ ħ */
	default: return c;
	}
}

/* What a character is to the tokenizer: not part of a word (WC_NONE), or a
 * word character that is a digit, a letter of a right-to-left script, a
 * combining mark (which belongs to the character before it) or another. */
enum word_class { WC_NONE, WC_DIGIT, WC_RTL, WC_MARK, WC_OTHER };

static enum word_class word_class(utf8proc_int32_t c)
{
	const utf8proc_property_t *pr = utf8proc_get_property(c);
	switch (pr->category) {
	case UTF8PROC_CATEGORY_LU: case UTF8PROC_CATEGORY_LL: case UTF8PROC_CATEGORY_LT:
	case UTF8PROC_CATEGORY_LM: case UTF8PROC_CATEGORY_LO:
		return pr->bidi_class == UTF8PROC_BIDI_CLASS_R || pr->bidi_class == UTF8PROC_BIDI_CLASS_AL
		       ? WC_RTL : WC_OTHER;
	case UTF8PROC_CATEGORY_MN: case UTF8PROC_CATEGORY_MC: case UTF8PROC_CATEGORY_ME:
		return WC_MARK;
	case UTF8PROC_CATEGORY_ND:
		return WC_DIGIT;
	case UTF8PROC_CATEGORY_NL: case UTF8PROC_CATEGORY_NO:
		return WC_OTHER;
	default:
		return WC_NONE;
	}
}

/* Whether a word is cut between a character of class prev and one of class
 * cls: between a number and a word of a right-to-left script. Numbers run
 * left to right inside right-to-left text, and the change of direction
 * sets them apart on the page, so typesetters often leave out the space:
 * Urdu papers print "11ارب" (11 billion) and "6کروڑ" for the agencies' "11
 * ارب". Uncut, each is a word found in no other story. Left-to-right words
 * keep their digits ("4th", "G7", "MP3"): there the missing space shows. */
static int cut_between(enum word_class prev, enum word_class cls)
{
	return (prev == WC_DIGIT && cls == WC_RTL) || (prev == WC_RTL && cls == WC_DIGIT);
}

/* Makes room for more tokens and bytes of text (separators included). */
static int tokens_reserve(np_tokens *t, size_t tokens, size_t bytes)
{
	if (t->n + tokens > t->cap) {
		size_t cap = NP_GROW(t->cap);
		while (cap < t->n + tokens)
			cap *= 2;
		uint32_t *st = realloc(t->start, cap * sizeof *st);
		if (!st)
			return -1;
		t->start = st;
		uint32_t *ln = realloc(t->len, cap * sizeof *ln);
		if (!ln)
			return -1;
		t->len = ln;
		t->cap = cap;
	}
	return np_buf_reserve(&t->text, bytes);
}

/* Starts a token of n bytes in room made by tokens_reserve: the separator,
 * its offset and length; returns where its bytes go (the caller writes them
 * and the NUL after the last token). */
static char *token_open(np_tokens *t, size_t n)
{
	if (t->text.len)
		t->text.p[t->text.len++] = ' ';
	t->start[t->n] = (uint32_t)t->text.len;
	t->len[t->n] = (uint32_t)n;
	t->n++;
	char *out = t->text.p + t->text.len;
	t->text.len += n;
	return out;
}

static int tokens_push(np_tokens *t, const char *s, size_t n)
{
	if (tokens_reserve(t, 1, n + 1))
		return -1;
	memcpy(token_open(t, n), s, n);
	t->text.p[t->text.len] = '\0';
	return 0;
}

/* Emits the n-grams of a run of unspaced characters; off[i] is the byte
 * offset of character i in s and off[count] the end of the run. A run
 * shorter than n is one token. */
static int push_grams(np_tokens *t, const char *s, const size_t *off, size_t count, size_t n)
{
	size_t grams = count > n ? count - n + 1 : 1;
	for (size_t i = 0; i < grams; i++) {
		size_t end = i + n < count ? i + n : count;
		if (tokens_push(t, s + off[i], off[end] - off[i]))
			return -1;
	}
	return 0;
}

/* Cuts normalized, valid UTF-8 into tokens; cut_digits: also between a
 * number and a right-to-left word (cut_between). */
static int tokenize(np_tokens *t, const char *s, size_t len, size_t gram, int cut_digits)
{
	size_t off[UNSPACED_RUN_MAX + 1];
	size_t run = 0;           /* unspaced characters pending in off[] */
	size_t word = 0, in_word = 0;
	enum word_class prev = WC_NONE; /* of the word's last character but marks */
	size_t i = 0;
	while (i <= len) {
		utf8proc_int32_t c = -1;
		utf8proc_ssize_t k = 1;
		if (i < len)
			k = utf8proc_iterate((const utf8proc_uint8_t *)s + i, (utf8proc_ssize_t)(len - i), &c);
		int unspaced = c >= 0 && np_is_unspaced(c);
		enum word_class cls = c >= 0 && !unspaced ? word_class(c) : WC_NONE;
		int wordc = cls != WC_NONE;
		if (in_word && (!wordc || (cut_digits && cut_between(prev, cls)))) {
			if (tokens_push(t, s + word, i - word))
				return -1;
			in_word = 0;
		}
		if (cls != WC_MARK)
			prev = cls;
		if (run && (!unspaced || run == UNSPACED_RUN_MAX)) {
			off[run] = i;
			if (push_grams(t, s, off, run, gram))
				return -1;
			run = 0;
		}
		if (unspaced)
			off[run++] = i;
		else if (wordc && !in_word) {
			word = i;
			in_word = 1;
		}
		i += (size_t)(k > 0 ? k : 1);
	}
	return 0;
}

/* Whether s holds only ASCII and no NUL: eight bytes at a time, a byte
 * with its high bit set or a zero byte in the word (the "has a zero byte"
 * test of Mycroft, 1987) ending the fast way. */
static int is_ascii(const char *s, size_t len)
{
	const uint64_t ones = 0x0101010101010101ULL, highs = 0x8080808080808080ULL;
	size_t i = 0;
	for (; i + 8 <= len; i += 8) {
		uint64_t w;
		memcpy(&w, s + i, sizeof w);
		if ((w & highs) || ((w - ones) & ~w & highs))
			return 0;
	}
	for (; i < len; i++)
		if ((unsigned char)s[i] >= 0x80 || s[i] == 0)
			return 0;
	return 1;
}

/* ASCII_WORD[c]: c lower-cased when it is an ASCII letter or digit (the
 * only word characters in ASCII), else 0. */
static const char ASCII_WORD[256] = {
	['0'] = '0', ['1'] = '1', ['2'] = '2', ['3'] = '3', ['4'] = '4',
	['5'] = '5', ['6'] = '6', ['7'] = '7', ['8'] = '8', ['9'] = '9',
	['a'] = 'a', ['b'] = 'b', ['c'] = 'c', ['d'] = 'd', ['e'] = 'e', ['f'] = 'f', ['g'] = 'g',
	['h'] = 'h', ['i'] = 'i', ['j'] = 'j', ['k'] = 'k', ['l'] = 'l', ['m'] = 'm', ['n'] = 'n',
	['o'] = 'o', ['p'] = 'p', ['q'] = 'q', ['r'] = 'r', ['s'] = 's', ['t'] = 't', ['u'] = 'u',
	['v'] = 'v', ['w'] = 'w', ['x'] = 'x', ['y'] = 'y', ['z'] = 'z',
	['A'] = 'a', ['B'] = 'b', ['C'] = 'c', ['D'] = 'd', ['E'] = 'e', ['F'] = 'f', ['G'] = 'g',
	['H'] = 'h', ['I'] = 'i', ['J'] = 'j', ['K'] = 'k', ['L'] = 'l', ['M'] = 'm', ['N'] = 'n',
	['O'] = 'o', ['P'] = 'p', ['Q'] = 'q', ['R'] = 'r', ['S'] = 's', ['T'] = 't', ['U'] = 'u',
	['V'] = 'v', ['W'] = 'w', ['X'] = 'x', ['Y'] = 'y', ['Z'] = 'z',
};

/* The fast path for pure ASCII text, most of English news: NFKC leaves
 * ASCII as it is and case folding is tolower, so utf8proc has nothing to do;
 * the tokens are the same as the general path's (letters and digits are the
 * only word characters in ASCII). Room is made once for the whole span: its
 * tokens and their separators take at most len + 1 bytes (a separator
 * stands for at least one byte between two words, or joins the span on),
 * and there are at most (len + 1) / 2 tokens: growing the buffers token by
 * token would cost more than the rest of signing. */
static int tokenize_ascii(np_tokens *t, const char *s, size_t len)
{
	if (tokens_reserve(t, (len + 1) / 2, len + 1))
		return -1;
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0;
	while (i < len) {
		while (i < len && !ASCII_WORD[u[i]])
			i++;
		size_t start = i;
		while (i < len && ASCII_WORD[u[i]])
			i++;
		if (i == start)
			break;
		char *w = token_open(t, i - start);
		for (size_t k = start; k < i; k++)
			*w++ = ASCII_WORD[u[k]];
	}
	t->text.p[t->text.len] = '\0';
	return 0;
}

/* Code points decomposed into the stack (16 KB): a word, or a paragraph
 * of a few thousand characters; a longer text gets a buffer of its own. */
#define MAP_STACK_POINTS 4096

/* What utf8proc_map_custom does, with the decomposition written once:
 * map_custom decomposes twice, the first time only to learn the size,
 * and mallocs the buffer. Here it goes into stack (MAP_STACK_POINTS + 1
 * code points) when it fits, else into *heap (the caller frees it).
 * Returns the UTF-8 length of the result at *out, or utf8proc's error. */
static utf8proc_ssize_t map_once(const np_params *p, const char *s, size_t len,
                                 utf8proc_int32_t *stack, utf8proc_int32_t **heap,
                                 const char **out)
{
	utf8proc_option_t opts = UTF8PROC_STABLE | UTF8PROC_COMPAT | UTF8PROC_COMPOSE |
	                         UTF8PROC_CASEFOLD | UTF8PROC_IGNORE;
	if (p->fold_accents)
		opts |= UTF8PROC_STRIPMARK;
	utf8proc_custom_func fold = p->fold_accents ? fold_letters : NULL;
	const utf8proc_uint8_t *in = (const utf8proc_uint8_t *)s;
	utf8proc_int32_t *buf = stack;
	*heap = NULL;
	utf8proc_ssize_t n = utf8proc_decompose_custom(in, (utf8proc_ssize_t)len, buf,
	                                               MAP_STACK_POINTS, opts, fold, NULL);
	if (n > MAP_STACK_POINTS) {
		/* reencode wants one byte more than the code points take */
		if (!(buf = *heap = malloc(((size_t)n + 1) * sizeof *buf)))
			return UTF8PROC_ERROR_NOMEM;
		n = utf8proc_decompose_custom(in, (utf8proc_ssize_t)len, buf, n, opts, fold, NULL);
	}
	if (n >= 0)
		n = utf8proc_reencode(buf, n, opts);
	*out = (const char *)buf;
	return n;
}

np_status np_normalize_unicode(const np_params *p, const char *s, size_t len, np_tokens *t,
                               np_error *err)
{
	utf8proc_int32_t stack[MAP_STACK_POINTS + 1], *heap = NULL;
	const char *mapped = NULL;
	char *clean = NULL;
	/* valid text (nearly all) is decomposed at once: utf8proc refuses
	 * invalid UTF-8 as sanitize_utf8 finds it, by the same decoder; a NUL
	 * is valid to utf8proc but not to us */
	utf8proc_ssize_t n = memchr(s, 0, len) ? UTF8PROC_ERROR_INVALIDUTF8
	                                       : map_once(p, s, len, stack, &heap, &mapped);
	if (n == UTF8PROC_ERROR_INVALIDUTF8) {
		size_t clean_len = 0, n_invalid = 0;
		int oom = 0;
		free(heap);
		heap = NULL;
		clean = sanitize_utf8(s, len, &clean_len, &n_invalid, &oom);
		if (oom)
			return np_fail(err, NP_ENOMEM, "out of memory normalizing text");
		t->n_invalid += n_invalid;
		n = clean ? map_once(p, clean, clean_len, stack, &heap, &mapped)
		          : map_once(p, s, len, stack, &heap, &mapped);
	}
	free(clean);
	int rc = n >= 0 ? tokenize(t, mapped, (size_t)n, p->cjk_gram,
	                                 p->tokenizer >= NP_TOKENIZER_RTL_DIGITS) : 0;
	free(heap);
	if (n < 0)
		return np_fail(err, n == UTF8PROC_ERROR_NOMEM ? NP_ENOMEM : NP_EINPUT,
		               "normalizing text: %s", utf8proc_errmsg(n));
	if (rc)
		return np_fail(err, NP_ENOMEM, "out of memory tokenizing text");
	return NP_OK;
}

static int is_ascii_space(char c)
{
	return c == ' ' || (c >= '\t' && c <= '\r');
}

/* What a span of words between ASCII spaces holds: pure-ASCII words, or
 * others too long for the memo (a sentence of Chinese or Thai, which have
 * no spaces); the words in between, one at a time, are SHORT. */
enum span_kind { SPAN_ASCII, SPAN_LONG, SPAN_SHORT };

/* Tokenizes a span with the path its kind needs. */
static np_status flush_span(const np_params *p, const char *s, size_t len, enum span_kind kind,
                            np_tokens *t, np_error *err)
{
	if (!len)
		return NP_OK;
	if (kind != SPAN_ASCII)
		return np_normalize_unicode(p, s, len, t, err);
	if (tokenize_ascii(t, s, len))
		return np_fail(err, NP_ENOMEM, "out of memory tokenizing text");
	return NP_OK;
}

/* The end of the word starting at s[i] (up to the next ASCII white space),
 * and its kind, found in one pass. */
static size_t word_end(const char *s, size_t i, size_t len, enum span_kind *kind)
{
	size_t start = i;
	int other = 0; /* a byte that is not ASCII, or a NUL */
	for (; i < len && !is_ascii_space(s[i]); i++)
		other |= (unsigned char)s[i] >= 0x80 || s[i] == 0;
	*kind = !other ? SPAN_ASCII : i - start > NP_WORDMEMO_KEY_MAX ? SPAN_LONG : SPAN_SHORT;
	return i;
}

/* The options of p that change what a word normalizes to. */
static uint32_t memo_mode(const np_params *p)
{
	return (uint32_t)(p->fold_accents != 0) | (uint32_t)p->cjk_gram << 1 |
	       (uint32_t)(p->tokenizer >= NP_TOKENIZER_RTL_DIGITS) << 16;
}

/* Appends the tokens a memo entry keeps (separated by single spaces). */
static int tokens_from_memo(np_tokens *t, const np_wordmemo_entry *e)
{
	size_t n_tok = e->val_len ? 1 : 0;
	for (size_t i = 0; i < e->val_len; i++)
		n_tok += e->val[i] == ' ';
	if (!n_tok)
		return 0; /* a word of punctuation alone */
	if (tokens_reserve(t, n_tok, e->val_len + 1))
		return -1;
	for (size_t i = 0; i < e->val_len;) {
		size_t j = i;
		while (j < e->val_len && e->val[j] != ' ')
			j++;
		memcpy(token_open(t, j - i), e->val + i, j - i);
		i = j + 1;
	}
	t->text.p[t->text.len] = '\0';
	return 0;
}

/* Keeps the tokens t gained from index first on as word w's. */
static void remember(uint64_t h, const char *w, size_t n, uint32_t mode, const np_tokens *t,
                     size_t first)
{
	if (first == t->n) {
		np_wordmemo_put(h, w, n, mode, "", 0);
		return;
	}
	size_t begin = t->start[first], end = t->start[t->n - 1] + t->len[t->n - 1];
	np_wordmemo_put(h, w, n, mode, t->text.p + begin, end - begin);
}

/* One word that is not all ASCII: as this thread's memo holds it, else
 * through utf8proc; its tokens are then kept, unless it held invalid UTF-8
 * (which must be counted each time it is seen). */
static np_status normalize_word(const np_params *p, const char *w, size_t n, np_tokens *t,
                                np_error *err)
{
	uint32_t mode = memo_mode(p);
	uint64_t h = np_wordmemo_hash(w, n);
	const np_wordmemo_entry *e = np_wordmemo_find(h, w, n, mode);
	if (e)
		return tokens_from_memo(t, e) ? np_fail(err, NP_ENOMEM, "out of memory tokenizing text")
		                              : NP_OK;
	size_t first = t->n, invalid = t->n_invalid;
	np_status rc = np_normalize_unicode(p, w, n, t, err);
	if (rc == NP_OK && t->n_invalid == invalid)
		remember(h, w, n, mode, t, first);
	return rc;
}

/* Text is cut at ASCII white space into words: runs of pure-ASCII words are
 * tokenized in one pass, runs of long words go through utf8proc together,
 * and each other word goes through it (or the memo of its answers) alone.
 * The cut cannot change the result: NFKC composes a character only with the
 * marks that follow it, and no composition starts or ends with a white-space
 * character, so each piece normalizes alone as it would together; and no
 * token, word or run of unspaced characters, goes on over a space. */
np_status np_normalize(const np_params *p, const char *s, size_t len, np_tokens *t,
                       np_error *err)
{
	if (is_ascii(s, len)) /* most English paragraphs: one pass, no cutting */
		return flush_span(p, s, len, SPAN_ASCII, t, err);
	size_t span = 0, i = 0; /* [span, i): words of kind `kind` not yet tokenized */
	enum span_kind kind = SPAN_ASCII;
	np_status rc = NP_OK;
	while (rc == NP_OK && i < len) {
		size_t word = i;
		while (i < len && is_ascii_space(s[i]))
			i++;
		size_t start = i;
		enum span_kind k;
		i = word_end(s, i, len, &k);
		if (k == kind)
			continue;
		rc = flush_span(p, s + span, word - span, kind, t, err);
		span = word;
		kind = k;
		if (rc == NP_OK && k == SPAN_SHORT) {
			rc = normalize_word(p, s + start, i - start, t, err);
			span = i;
			kind = SPAN_ASCII;
		}
	}
	return rc == NP_OK ? flush_span(p, s + span, len - span, kind, t, err) : rc;
}

int np_tokens_append(np_tokens *t, const np_tokens *src, size_t from, size_t to)
{
	if (from >= to)
		return 0;
	/* the tokens' text is one span of src, separators included */
	size_t begin = src->start[from], end = src->start[to - 1] + src->len[to - 1];
	if (tokens_reserve(t, to - from, end - begin + 1))
		return -1;
	size_t shift = t->text.len + (t->text.len ? 1 : 0);
	if (t->text.len)
		t->text.p[t->text.len++] = ' ';
	memcpy(t->text.p + t->text.len, src->text.p + begin, end - begin);
	t->text.len += end - begin;
	t->text.p[t->text.len] = '\0';
	for (size_t i = from; i < to; i++, t->n++) {
		t->start[t->n] = (uint32_t)(src->start[i] - begin + shift);
		t->len[t->n] = src->len[i];
	}
	return 0;
}

void np_tokens_reset(np_tokens *t)
{
	np_buf_reset(&t->text);
	t->n = 0;
	t->n_invalid = 0;
}

void np_tokens_free(np_tokens *t)
{
	np_buf_free(&t->text);
	free(t->start);
	free(t->len);
	memset(t, 0, sizeof *t);
}
