/*
 * facts.c — frames and facts of a text's sentences, and the comparison of
 * two texts' facts over the sentences their frames pair (see facts.h).
 */
#include "passage/facts.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>
#include <xxhash.h>

#include "util/script.h"
#include "util/strbuf.h"

/* A sentence with fewer frame words than this pairs by chance: "Smith, 34,
 * of Leeds." has one. Three is the shortest frame of a filled formula
 * sentence ("X rose N points to N"). */
#define FRAME_MIN_WORDS 3

/* A text is read to this many sentences at most: pairing compares every
 * sentence of one text with every one of the other, and a story has a few
 * dozen; a page of a million tiny sentences would make a comparison of
 * 10^12 pairs. */
#define MAX_SENTENCES 1024

/* Two sentences are one frame when half their frame words (Jaccard) are
 * common: a fill may change a direction word ("rose" / "fell") and, in a
 * script without capitals, a name, and a copy-edit changes a word or two;
 * two unrelated sentences of one topic share far fewer. */
#define FRAME_MIN_JACCARD 0.5

/* "Same frame, different facts" needs at least two different facts not
 * found: an update corrects a fact everywhere it stands (a toll from 10 to
 * 12, stated twice, is one), a new fill changes every slot. */
#define DISTINCT_MIN_VALUES 2

/* ... in at least two sentences, or with words of the frame put otherwise:
 * an update may correct two figures of one sentence ("12 dead and 20
 * injured") and leave every other word as it was, while in a script
 * without capitals those figures may be its only facts, the names and
 * places about them being words of its frame; a fill whose figures stand
 * in one sentence changes the names of its frame too. */
#define DISTINCT_MIN_SENTENCES 2

/* ... in more than this share of the paired sentences, which are at least
 * this share of the shorter text's sentences with facts: "disagree across
 * most of the text". Sentences, not facts, are counted: a footer's lines
 * are dense with names that agree (Facebook, Privacy policy, the Ministry
 * that licensed the site) and would outweigh a fill's few slots. A paper
 * that rewrites part of a wire story pairs a few of its sentences, in which
 * a title or an age is put another way; a new fill pairs them all. */
#define DISTINCT_SHARE        0.5

/* ... and at least this share of the paired sentences' facts: a
 * correction changes one or two figures among the names, places and dates
 * of its sentences, which stay (an update's toll and injured corrected in
 * two of three sentences: 2 facts of 11); a fill changes most of them. */
#define DISTINCT_FACT_SHARE (1.0 / 3.0)
#define DISTINCT_PAIRED_SHARE 0.5

/* The reader's state over one text. */
typedef struct reader {
	np_facts *f;
	size_t word0, fact0;   /* where the current sentence's words and facts start */
	unsigned n_tokens;     /* tokens read in the current sentence */
	const char *tok;       /* the current token, or NULL */
	size_t tok_len;
	int tok_digit, tok_upper;
	int last_digit;        /* the token's last letter or digit is a digit */
	int last_rtl;          /* ... is a letter of a right-to-left script */
	const char *unspaced;  /* the character before, when of a script without spaces */
	int in_run;            /* a fact run is open */
	uint64_t run;          /* its hash so far */
	int failed;
} reader;

/* v (of *cap elements of size bytes) with room for element n: v, or v
 * grown, or NULL (and r->failed) when out of memory. */
static void *room(reader *r, void *v, size_t *cap, size_t n, size_t size)
{
	if (n < *cap)
		return v;
	size_t c = NP_GROW(*cap);
	void *w = realloc(v, c * size);
	if (!w) {
		r->failed = 1;
		return NULL;
	}
	*cap = c;
	return w;
}

static void push_word(reader *r, uint32_t h)
{
	np_facts *f = r->f;
	uint32_t *v = room(r, f->word, &f->cap_word, f->n_word, sizeof *v);
	if (v)
		(f->word = v)[f->n_word++] = h;
}

static void push_fact(reader *r, uint64_t h)
{
	np_facts *f = r->f;
	uint64_t *v = room(r, f->fact, &f->cap_fact, f->n_fact, sizeof *v);
	if (v)
		(f->fact = v)[f->n_fact++] = h;
}

static void close_run(reader *r)
{
	if (r->in_run)
		push_fact(r, r->run);
	r->in_run = 0;
}

/* Ends the current token: a number is a fact of its own; a capitalised
 * word past the sentence's first extends the open run of them (a name of
 * several words is one fact); another word closes the run and joins the
 * frame. A capitalised first word is neither: it is capitalised because it
 * comes first, or it is a name the frame would not keep anyway. */
static void end_token(reader *r)
{
	if (!r->tok)
		return;
	int first = r->n_tokens++ == 0;
	if (r->tok_digit) {
		close_run(r);
		push_fact(r, XXH3_64bits(r->tok, r->tok_len));
	} else if (r->tok_upper && !first) {
		r->run = r->in_run ? XXH3_64bits_withSeed(r->tok, r->tok_len, r->run)
		                   : XXH3_64bits(r->tok, r->tok_len);
		r->in_run = 1;
	} else {
		close_run(r);
		if (!(first && r->tok_upper))
			push_word(r, (uint32_t)XXH3_64bits(r->tok, r->tok_len));
	}
	r->tok = NULL;
}

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	return (x > y) - (x < y);
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return (x > y) - (x < y);
}

static int room_for_sentence(reader *r)
{
	np_facts *f = r->f;
	np_sentence *v = room(r, f->s, &f->cap, f->n, sizeof *v);
	if (v)
		f->s = v;
	return v != NULL;
}

/* Up to this many a sentence's words or facts are sorted by insertion,
 * which beats qsort's calls through a pointer on a few dozen; a longer
 * sentence (a paragraph of Thai, a page without stops) by qsort. */
#define INSERTION_SORT_MAX 32

/* Sorts a sentence's n words or facts. */
#define SORT_SMALL(name, type, cmp)                                                \
	static void name(type *v, size_t n)                                        \
	{                                                                          \
		if (n > INSERTION_SORT_MAX) {                                      \
			qsort(v, n, sizeof *v, cmp);                               \
			return;                                                    \
		}                                                                  \
		for (size_t i = 1; i < n; i++) {                                   \
			type x = v[i];                                             \
			size_t j = i;                                              \
			for (; j > 0 && v[j - 1] > x; j--)                         \
				v[j] = v[j - 1];                                   \
			v[j] = x;                                                  \
		}                                                                  \
	}
SORT_SMALL(sort_words, uint32_t, cmp_u32)
SORT_SMALL(sort_facts, uint64_t, cmp_u64)

/* Ends the current sentence: kept, its words and facts sorted, when it has
 * a fact and a frame long enough to pair; else its words and facts go. */
static void end_sentence(reader *r)
{
	end_token(r);
	close_run(r);
	r->unspaced = NULL;
	np_facts *f = r->f;
	size_t n_word = f->n_word - r->word0, n_fact = f->n_fact - r->fact0;
	int kept = 0;
	if (!r->failed && n_word >= FRAME_MIN_WORDS && room_for_sentence(r)) {
		sort_words(f->word + r->word0, n_word);
		sort_facts(f->fact + r->fact0, n_fact);
		f->s[f->n++] = (np_sentence){(uint32_t)r->word0, (uint32_t)n_word, (uint32_t)r->fact0,
		                             (uint32_t)n_fact};
		kept = 1;
	}
	if (!kept) {
		f->n_word = r->word0;
		f->n_fact = r->fact0;
	}
	r->word0 = f->n_word;
	r->fact0 = f->n_fact;
	r->n_tokens = 0;
}

static int is_digit_cat(utf8proc_category_t c)
{
	return c == UTF8PROC_CATEGORY_ND;
}

static int is_letter_cat(utf8proc_category_t c)
{
	return (c >= UTF8PROC_CATEGORY_LU && c <= UTF8PROC_CATEGORY_LO) ||
	       (c >= UTF8PROC_CATEGORY_MN && c <= UTF8PROC_CATEGORY_ME) ||
	       c == UTF8PROC_CATEGORY_NL || c == UTF8PROC_CATEGORY_NO;
}

/* Full stops of the scripts read: Latin, Han and full-width, Arabic and
 * Urdu, Devanagari. */
static int is_stop(int32_t c)
{
	return c == '.' || c == '!' || c == '?' || c == 0x3002 || c == 0xFF01 || c == 0xFF1F ||
	       c == 0x061F || c == 0x06D4 || c == 0x0964;
}

/* Whether the byte at p (before end) is an ASCII digit. */
static int digit_at(const char *p, const char *end)
{
	return p < end && *p >= '0' && *p <= '9';
}

/* Whether the code point at p (before end) is a letter or a digit. */
static int word_char_at(const char *p, const char *end)
{
	utf8proc_int32_t c;
	utf8proc_ssize_t n = p < end ? utf8proc_iterate((const utf8proc_uint8_t *)p, end - p, &c) : 0;
	if (n <= 0)
		return 0;
	utf8proc_category_t cat = utf8proc_category(c);
	return is_letter_cat(cat) || is_digit_cat(cat);
}

/* Extends the current token by the n bytes at p, or starts one there. */
/* A token is a number when it starts with a digit ("3.2", "34,567",
 * "3rd"); one that starts with a letter is a word ("G7" a capitalised one,
 * "mp3" not), whatever digits follow. */
static void add_to_token(reader *r, const char *p, size_t n, int digit, int upper)
{
	if (!r->tok) {
		r->tok = p;
		r->tok_len = 0;
		r->tok_digit = digit;
		r->tok_upper = upper;
	}
	r->tok_len += n;
}

/* Extends the current token by a letter or digit. */
static void add_alnum(reader *r, const char *p, size_t n, int digit, int upper, int rtl)
{
	add_to_token(r, p, n, digit, upper);
	r->last_digit = digit;
	r->last_rtl = rtl;
}

/* Whether c, a letter, is of a right-to-left script. */
static int is_rtl(int32_t c)
{
	utf8proc_propval_t b = utf8proc_get_property(c)->bidi_class;
	return b == UTF8PROC_BIDI_CLASS_R || b == UTF8PROC_BIDI_CLASS_AL;
}

/* Reads a character of a script without spaces (n bytes at p; the one
 * before it at before, or NULL): such a script's frame words are its
 * character pairs, as the normalizer's are. Its single characters would
 * pair any two sentences of its text: Thai writes with some fifty. */
static void read_unspaced(reader *r, const char *before, const char *p, size_t n)
{
	end_token(r);
	close_run(r);
	if (before) {
		push_word(r, (uint32_t)XXH3_64bits(before, (size_t)(p - before) + n));
		r->n_tokens++;
	}
	r->unspaced = p;
}

/* Reads a character that is neither a letter nor a digit (n bytes at p):
 * it ends the token, or the sentence, or joins the token it is inside. */
static void read_separator(reader *r, int32_t c, const char *p, size_t n, const char *end)
{
	int prev_digit = r->tok && r->last_digit;
	r->unspaced = NULL;
	/* a point or comma inside a number (3.2, 34,567) and an apostrophe or
	 * hyphen inside a word (O'Brien, well-known) are part of it */
	if ((c == '.' || c == ',') && prev_digit && digit_at(p + 1, end)) {
		add_to_token(r, p, n, 0, 0);
		return;
	}
	if ((c == '\'' || c == 0x2019 || c == '-') && r->tok && word_char_at(p + n, end)) {
		add_to_token(r, p, n, 0, 0);
		return;
	}
	if (c == '\n' || is_stop(c)) {
		end_sentence(r);
		return;
	}
	end_token(r);
	if (c != ' ' && c != '\t' && c != 0xA0)
		close_run(r); /* punctuation parts facts: "Smith, 34" is two */
}

/* Reads the code point c of n bytes at p. */
static void read_char(reader *r, int32_t c, const char *p, size_t n, const char *end)
{
	utf8proc_category_t cat = utf8proc_category(c);
	int digit = is_digit_cat(cat);
	if (np_is_unspaced(c)) {
		read_unspaced(r, r->unspaced, p, n);
		return;
	}
	if (!digit && !is_letter_cat(cat)) {
		read_separator(r, c, p, n, end);
		return;
	}
	/* letters and digits together are one token, and with a digit a fact
	 * ("G7", "3rd", "A320"), except a number set against a right-to-left
	 * word, which typesetters print without a space ("11ارب", "2013ءکے"),
	 * as the normalizer cuts it */
	r->unspaced = NULL;
	int rtl = !digit && is_rtl(c);
	if (r->tok && ((r->last_digit && rtl) || (r->last_rtl && digit)))
		end_token(r);
	int upper = cat == UTF8PROC_CATEGORY_LU || cat == UTF8PROC_CATEGORY_LT;
	add_alnum(r, p, n, digit, upper, rtl);
}

static int ascii_digit(char c)
{
	return c >= '0' && c <= '9';
}

static int ascii_alnum(char c)
{
	return ascii_digit(c) || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

/* Reads the run of ASCII letters and digits at p (most of the text of
 * most stories) at once, without utf8proc's tables: the run extends the
 * token, as read_char does letter by letter for any script. Returns its
 * length, 0 when p holds no ASCII letter or digit. */
static size_t read_ascii_run(reader *r, const char *p, const char *end)
{
	size_t n = 0;
	while (p + n < end && ascii_alnum(p[n]))
		n++;
	if (!n)
		return 0;
	if (r->tok && r->last_rtl && ascii_digit(*p))
		end_token(r);
	r->unspaced = NULL;
	add_to_token(r, p, n, ascii_digit(*p), *p >= 'A' && *p <= 'Z');
	r->last_digit = ascii_digit(p[n - 1]);
	r->last_rtl = 0;
	return n;
}

/* Reads len bytes at text; a sentence open at the end stays open. */
static void read_text(reader *r, const char *text, size_t len)
{
	const char *p = text, *end = text + len;
	while (p < end && !r->failed && r->f->n < MAX_SENTENCES) {
		if (*p == ' ') { /* (read_separator's rule for a space, inline) */
			end_token(r);
			r->unspaced = NULL;
			p++;
			continue;
		}
		if ((unsigned char)*p < 0x80) {
			size_t n = read_ascii_run(r, p, end);
			if (!n)
				read_separator(r, *p, p, 1, end);
			p += n ? n : 1;
			continue;
		}
		utf8proc_int32_t c;
		utf8proc_ssize_t n = utf8proc_iterate((const utf8proc_uint8_t *)p, end - p, &c);
		if (n <= 0) { /* an invalid byte parts words like a space */
			end_token(r);
			p++;
			continue;
		}
		read_char(r, c, p, (size_t)n, end);
		p += n;
	}
}

int np_facts_read(np_facts *f, const char *text, size_t len)
{
	f->n = f->n_word = f->n_fact = 0;
	reader r = {.f = f};
	read_text(&r, text, len);
	end_sentence(&r);
	return r.failed ? -1 : 0;
}

int np_facts_read_paragraphs(np_facts *f, char *const *v, size_t n)
{
	return np_facts_read_marked(f, v, n, NULL, 0);
}

int np_facts_read_marked(np_facts *f, char *const *v, size_t n, const unsigned char *marks,
                         unsigned char mark)
{
	f->n = f->n_word = f->n_fact = 0;
	reader r = {.f = f};
	for (size_t i = 0; i < n; i++) {
		if (marks && marks[i] != mark)
			continue;
		read_text(&r, v[i], strlen(v[i]));
		end_sentence(&r);
	}
	return r.failed ? -1 : 0;
}

int np_facts_common(const np_facts *a, const np_facts *b)
{
	for (size_t i = 0; i < a->n_fact; i++)
		for (size_t j = 0; j < b->n_fact; j++)
			if (a->fact[i] == b->fact[j])
				return 1;
	return 0;
}

void np_facts_free(np_facts *f)
{
	free(f->s);
	free(f->word);
	free(f->fact);
	memset(f, 0, sizeof *f);
}

/* Jaccard of two sorted hash lists. */
static double jaccard_u32(const uint32_t *a, size_t na, const uint32_t *b, size_t nb)
{
	size_t i = 0, j = 0, common = 0;
	while (i < na && j < nb) {
		if (a[i] == b[j])
			common++, i++, j++;
		else if (a[i] < b[j])
			i++;
		else
			j++;
	}
	size_t all = na + nb - common;
	return all ? (double)common / (double)all : 0.0;
}

/* Appends to out the facts of the sorted list a not in the sorted list b;
 * returns how many are found. */
static unsigned facts_found(const uint64_t *a, size_t na, const uint64_t *b, size_t nb,
                            np_vec64 *out, int *failed)
{
	size_t i = 0, j = 0;
	unsigned found = 0;
	while (i < na) {
		if (j < nb && a[i] == b[j]) {
			found++, i++, j++;
		} else if (j < nb && a[i] > b[j]) {
			j++;
		} else {
			*failed |= np_vec64_push(out, (int64_t)a[i]) != 0;
			i++;
		}
	}
	return found;
}

/* How many distinct values the list v holds (sorted in place). */
static unsigned distinct_values(uint64_t *v, size_t n)
{
	if (n > 1) /* (v is NULL when nothing differed) */
		qsort(v, n, sizeof *v, cmp_u64);
	unsigned d = 0;
	for (size_t i = 0; i < n; i++)
		d += i == 0 || v[i] != v[i - 1];
	return d;
}

/* Whether sentences s of x and t of y each have a frame word the other
 * lacks: words put otherwise (a fill's names in a script without capitals,
 * a copy-edit's words), not words only added or cut (a rewrite that adds
 * a clause to each sentence keeps every word of the first). */
static int substituted(const np_facts *x, const np_sentence *s, const np_facts *y,
                       const np_sentence *t)
{
	const uint32_t *a = x->word + s->word, *b = y->word + t->word;
	size_t i = 0, j = 0;
	int a_only = 0, b_only = 0;
	while (i < s->n_word && j < t->n_word && !(a_only && b_only)) {
		if (a[i] == b[j])
			i++, j++;
		else if (a[i] < b[j])
			a_only = 1, i++;
		else
			b_only = 1, j++;
	}
	return (a_only || i < s->n_word) && (b_only || j < t->n_word);
}

/* The unused sentence of y whose frame is most like sentence s of x, or -1. */
static long best_partner(const np_facts *x, const np_sentence *s, const np_facts *y,
                         const unsigned char *used)
{
	long best = -1;
	double best_j = FRAME_MIN_JACCARD;
	for (size_t j = 0; j < y->n && best_j < 1.0; j++) { /* none beats the same frame */
		if (used[j])
			continue;
		const np_sentence *t = &y->s[j];
		double jac = jaccard_u32(x->word + s->word, s->n_word, y->word + t->word, t->n_word);
		if (jac >= best_j && (best < 0 || jac > best_j)) {
			best = (long)j;
			best_j = jac;
		}
	}
	return best;
}

void np_facts_compare(const np_facts *a, const np_facts *b, np_facts_cmp *out)
{
	memset(out, 0, sizeof *out);
	const np_facts *x = a->n <= b->n ? a : b, *y = x == a ? b : a;
	unsigned char *used = calloc(y->n ? y->n : 1, 1);
	np_vec64 differ = {0};
	int failed = !used;
	for (size_t i = 0; i < x->n && !failed; i++) {
		const np_sentence *s = &x->s[i];
		long j = best_partner(x, s, y, used);
		if (j < 0)
			continue;
		used[j] = 1;
		const np_sentence *t = &y->s[j];
		out->all_paired++;
		out->reworded += substituted(x, s, y, t);
		if (!s->n_fact)
			continue;
		unsigned found = facts_found(x->fact + s->fact, s->n_fact, y->fact + t->fact, t->n_fact,
		                             &differ, &failed);
		out->paired++;
		out->same += found;
		out->differ += s->n_fact - found;
		out->differ_sentences += found < s->n_fact;
	}
	out->differ_values = distinct_values((uint64_t *)differ.v, differ.n); /* same width */
	out->all_sentences = (unsigned)x->n;
	for (size_t i = 0; i < x->n; i++)
		out->sentences += x->s[i].n_fact > 0;
	if (failed) /* out of memory: no evidence either way */
		memset(out, 0, sizeof *out);
	free(used);
	np_vec64_free(&differ);
}

int np_facts_distinct(const np_facts_cmp *c)
{
	return c->differ_values >= DISTINCT_MIN_VALUES &&
	       (c->differ_sentences >= DISTINCT_MIN_SENTENCES || c->reworded) &&
	       c->differ_sentences > DISTINCT_SHARE * c->paired &&
	       c->differ >= DISTINCT_FACT_SHARE * (c->same + c->differ) &&
	       c->paired >= DISTINCT_PAIRED_SHARE * c->sentences;
}

int np_facts_refilled(const np_facts_cmp *c)
{
	return c->all_paired && c->reworded > DISTINCT_SHARE * c->all_paired &&
	       c->all_paired >= DISTINCT_PAIRED_SHARE * c->all_sentences;
}

int np_facts_refill(const np_facts_cmp *c, int32_t minutes)
{
	return np_facts_refilled(c) && (minutes >= NP_FACTS_REFILL_MIN_APART || !c->same);
}

void np_facts_reason(const np_facts_cmp *c, char *out, size_t n)
{
	snprintf(out, n,
	         "same frame, different facts: %u of %u facts differ in %u of %u sentences"
	         " alike in their other words",
	         c->differ, c->same + c->differ, c->differ_sentences, c->paired);
}
