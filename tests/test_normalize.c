/*
 * test_normalize.c — normalize and shingle: NFKC, case folding, accent
 * folding, tokens by Unicode category, character n-grams for scripts
 * written without spaces, invalid UTF-8, and shingle hashing.
 */
#include <stdlib.h>

#include "check.h"
#include "fingerprint/normalize.h"
#include "fingerprint/shingle.h"

/* The tokens of s, normalized with p, joined by '|'. */
static char *tokens_as(const np_params *p, const char *s, size_t *n_invalid)
{
	np_tokens t = {0};
	np_error err = {0};
	np_buf out = {0};
	CHECK_INT(np_normalize(p, s, strlen(s), &t, &err), NP_OK);
	for (size_t i = 0; i < t.n; i++) {
		if (i)
			np_buf_addc(&out, '|');
		np_buf_add(&out, t.text.p + t.start[i], t.len[i]);
	}
	if (n_invalid)
		*n_invalid = t.n_invalid;
	np_tokens_free(&t);
	return out.p ? out.p : np_strdup("");
}

/* The tokens of s with the default parameters, accents folded or not. */
static char *tokens_of(const char *s, int fold_accents, size_t *n_invalid)
{
	np_params p;
	np_params_default(&p, NP_PARAMS_VERSION, NULL);
	p.fold_accents = fold_accents;
	return tokens_as(&p, s, n_invalid);
}

static void expect_tokens(const char *in, int fold, const char *want)
{
	char *got = tokens_of(in, fold, NULL);
	CHECK_STR(got, want);
	free(got);
}

static void test_words(void)
{
	expect_tokens("China's Ministry (MSS) warned, on October 23!", 0,
	              "china|s|ministry|mss|warned|on|october|23");
	/* NFKC: ligature, full-width letters and digits, superscript */
	expect_tokens("\xEF\xAC\x81nal \xEF\xBC\xA1\xEF\xBC\xA2\xEF\xBC\xA3 \xEF\xBC\x91\xEF\xBC\x92 x\xC2\xB2", 0,
	              "final|abc|12|x2");
	/* case folding beyond ASCII: German sharp s, Greek final sigma */
	expect_tokens("STRASSE Straße ΟΔΟΣ", 0, "strasse|strasse|οδοσ");
	/* quotes and dashes of every kind separate words */
	expect_tokens("\xE2\x80\x9Cnew frontier\xE2\x80\x9D \xE2\x80\x94 well\xE2\x80\x93known", 0,
	              "new|frontier|well|known");
}

/* One sentence in each script (original sentences written for this test). */
static void test_scripts(void)
{
	/* Vietnamese: words with their marks; with accent folding, đ -> d too */
	expect_tokens("Đường Trần Phú sẽ cấm xe tải từ ngày 5/3.", 0,
	              "đường|trần|phú|sẽ|cấm|xe|tải|từ|ngày|5|3");
	expect_tokens("Đường Trần Phú sẽ cấm xe tải từ ngày 5/3.", 1,
	              "duong|tran|phu|se|cam|xe|tai|tu|ngay|5|3");
	expect_tokens("Le café a ouvert à Noël, dit-elle.", 1, "le|cafe|a|ouvert|a|noel|dit|elle");
	/* Arabic script: words */
	expect_tokens("افتتحت البلدية جسرا جديدا يوم الأحد.", 0,
	              "افتتحت|البلدية|جسرا|جديدا|يوم|الأحد");
	/* Cyrillic and Greek: words, case folded */
	expect_tokens("Мэрия Новгорода открыла новый мост.", 0, "мэрия|новгорода|открыла|новый|мост");
	expect_tokens("Ο ΔΗΜΟΣ άνοιξε νέα γέφυρα.", 0, "ο|δημοσ|άνοιξε|νέα|γέφυρα");
	/* Hangul and Devanagari: words */
	expect_tokens("서울시는 새 다리를 열었다.", 0, "서울시는|새|다리를|열었다");
	expect_tokens("नगर निगम ने नया पुल खोला।", 0, "नगर|निगम|ने|नया|पुल|खोला");
	/* Han and Kana: overlapping character bigrams; Latin inside stays a word */
	expect_tokens("市政府开放新桥。", 0, "市政|政府|府开|开放|放新|新桥");
	expect_tokens("東京でAI会議", 0, "東京|京で|ai|会議");
	/* Thai, written without spaces */
	expect_tokens("เมืองเปิดสะพาน", 0,
	              "เม|มื|ือ|อง|งเ|เป|ปิ|ิด|ดส|สะ|ะพ|พา|าน");
	/* a lone character of such a script is one token */
	expect_tokens("A 中 B", 0, "a|中|b");
}

static void expect_tokenizer(unsigned tokenizer, const char *in, const char *want)
{
	np_params p;
	np_params_default(&p, NP_PARAMS_VERSION, NULL);
	p.tokenizer = tokenizer;
	char *got = tokens_as(&p, in, NULL);
	CHECK_STR(got, want);
	free(got);
}

/* A number set against a right-to-left word without a space is a word of
 * its own (NP_TOKENIZER_RTL_DIGITS): the sentences an agency and a paper
 * print as "11 ارب" and "11ارب" share the word. */
static void test_rtl_digits(void)
{
	/* Urdu, as papers print it (written for this test: "11 billion, 6 crore") */
	expect_tokens("11ارب، 6کروڑ", 0, "11|ارب|6|کروڑ");
	expect_tokens("11 ارب، 6 کروڑ", 0, "11|ارب|6|کروڑ");
	/* the number after the word, Extended Arabic-Indic digits, and a
	 * combining mark (kasra) between: the mark stays with its letter */
	expect_tokens("سال2014 ۱۱ارب کِ5", 0, "سال|2014|۱۱|ارب|کِ|5");
	/* Hebrew is right to left too */
	expect_tokens("ב5 בנובמבר", 0, "ב|5|בנובמבר");
	/* left-to-right words keep their digits */
	expect_tokens("the 4th G7 summit, MP3 and 10am", 0, "the|4th|g7|summit|mp3|and|10am");
	expect_tokens("5-й этаж, 3η θέση", 0, "5|й|этаж|3η|θέση");
	/* a store made with the first tokenizer keeps its words; the memo of
	 * words already normalized (this thread's) tells the two apart */
	expect_tokenizer(NP_TOKENIZER_FIRST, "11ارب، 6کروڑ", "11ارب|6کروڑ");
	expect_tokenizer(NP_TOKENIZER_RTL_DIGITS, "11ارب، 6کروڑ", "11|ارب|6|کروڑ");
	expect_tokenizer(NP_TOKENIZER_FIRST, "11ارب، 6کروڑ", "11ارب|6کروڑ");
}

static void test_invalid_utf8(void)
{
	size_t bad = 0;
	char *got = tokens_of("ab\xFF" "cd \xC3 ef", 0, &bad);
	CHECK_STR(got, "ab|cd|ef"); /* U+FFFD is not a word character */
	CHECK_INT(bad, 2);
	free(got);
	const char nul[] = {'x', 'y', 0, 'z'};
	np_params p;
	np_params_default(&p, NP_PARAMS_VERSION, NULL);
	np_tokens t = {0};
	CHECK_INT(np_normalize(&p, nul, sizeof nul, &t, NULL), NP_OK);
	CHECK_INT(t.n, 2);
	CHECK_INT(t.n_invalid, 1);
	np_tokens_free(&t);
}

static size_t shingle_count(const char *s, unsigned k, uint64_t **h)
{
	np_params p;
	np_params_default(&p, NP_PARAMS_VERSION, NULL);
	np_tokens t = {0};
	size_t n = 0;
	np_normalize(&p, s, strlen(s), &t, NULL);
	CHECK_INT(np_shingle(&t, k, 1, h, &n, NULL), NP_OK);
	np_tokens_free(&t);
	return np_hash_set(*h, n);
}

static void test_shingles(void)
{
	uint64_t *a = NULL, *b = NULL;
	/* 6 tokens, k = 4: 3 shingles; a repeated shingle counts once */
	CHECK_INT(shingle_count("one two three four five six", 4, &a), 3);
	free(a);
	CHECK_INT(shingle_count("a b a b a b", 2, &a), 2);
	free(a);
	/* fewer tokens than k: one shingle; none at all: none */
	CHECK_INT(shingle_count("only two", 4, &a), 1);
	free(a);
	CHECK_INT(shingle_count("  ... ", 4, &a), 0);
	free(a);
	/* case and punctuation do not change shingles */
	size_t na = shingle_count("The cat sat on the mat.", 3, &a);
	size_t nb = shingle_count("the CAT, sat on -- the mat", 3, &b);
	CHECK_INT(np_hash_intersection(a, na, b, nb), 4);
	free(a);
	free(b);
}

/* The pure-ASCII shortcut and the memo of normalized words give exactly
 * the tokens of utf8proc alone, over random mixes of ASCII, accented and
 * decomposed words, marks after spaces, CJK, Thai, punctuation, odd white
 * space and invalid bytes, with and without accent folding. */
static void test_fast_path_agrees(void)
{
	static const char *const pieces[] = {
		"The", "council", "SAID", "it's", "2.9", "(AP)", "—", "\xE2\x80\x9Cquoted\xE2\x80\x9D",
		"Hà", "Nội", "Đường", "e\xCC\x81t\xC3\xA9", "\xCC\x81", "=\xCC\xB8", "\xEF\xAC\x81nal",
		"中国外交部", "ข่าว", "Straße", "\xFF", "ΟΔΟΣ", " ", "\t", "\n\n", "\r\n", "x\xC2\xA0y", "-",
	};
	np_params p;
	np_params_default(&p, NP_PARAMS_VERSION, NULL);
	uint64_t state = 5;
	for (int round = 0; round < 2000; round++) {
		/* both accent modes in turn: the memo of normalized words keeps
		 * the same word once for each, and invalid bytes are counted at
		 * every sighting */
		p.fold_accents = round & 1;
		np_buf text = {0};
		for (int w = 0; w < 12; w++) {
			state = state * 6364136223846793005ULL + 1442695040888963407ULL;
			np_buf_adds(&text, pieces[(state >> 33) % (sizeof pieces / sizeof *pieces)]);
			if ((state >> 20) & 1)
				np_buf_addc(&text, ' ');
		}
		np_tokens a = {0}, b = {0};
		np_normalize(&p, text.p, text.len, &a, NULL);
		np_normalize_unicode(&p, text.p, text.len, &b, NULL);
		int same = a.n == b.n && a.text.len == b.text.len && a.n_invalid == b.n_invalid &&
		           (a.text.len == 0 || memcmp(a.text.p, b.text.p, a.text.len) == 0);
		if (!same)
			fprintf(stderr, "paths differ on: %s\n  fast: %s\n  utf8proc: %s\n", text.p,
			        a.text.p ? a.text.p : "", b.text.p ? b.text.p : "");
		CHECK(same);
		np_tokens_free(&a);
		np_tokens_free(&b);
		np_buf_free(&text);
		if (!same)
			break;
	}
}

int main(void)
{
	test_fast_path_agrees();
	test_words();
	test_scripts();
	test_rtl_digits();
	test_invalid_utf8();
	test_shingles();
	return CHECK_DONE();
}
