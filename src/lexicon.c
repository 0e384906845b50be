/*
 * lexicon.c — the word lists of page furniture (see lexicon.h) and the one
 * matcher every list is read with.
 */
#include "lexicon.h"

#include <string.h>

#include <utf8proc.h>

#define LEN(a) (sizeof(a) / sizeof((a)[0]))

/* Headings that open a related-story rail. "Happy VietNam" in the seed page is
 * a section label (a campaign name followed by a gallery), not a heading. */
static const np_lex_entry rail_headings[] = {
	{"vi", "Cùng chủ đề"},      {"vi", "Cùng chuyên mục"}, {"vi", "Cùng tác giả"},
	{"vi", "Tin liên quan"},     {"vi", "Tin cùng chuyên mục"}, {"vi", "Tin mới"},
	{"vi", "Tin mới nhất"},      {"vi", "Đọc nhiều"},       {"vi", "Xem nhiều"},
	{"vi", "Đọc thêm"},          {"vi", "Có thể bạn quan tâm"},
	{"en", "Related"},           {"en", "Related stories"}, {"en", "Related articles"},
	{"en", "Related news"},      {"en", "Related content"}, {"en", "Related coverage"},
	{"en", "Related links"},     {"en", "Recent related articles"}, {"en", "On this topic"},
	{"en", "More on this story"}, {"en", "More headlines"},
	{"en", "Read more"},         {"en", "Read also"},       {"en", "See also"},
	{"en", "More from *"},       {"en", "More stories"},    {"en", "More news"},
	{"en", "Most read"},         {"en", "Most popular"},    {"en", "Most viewed"},
	{"en", "Latest news"},       {"en", "Latest stories"},  {"en", "Top stories"},
	{"en", "Same topic"},        {"en", "Same category"},   {"en", "Same author"},
	{"en", "You may also like"}, {"en", "Recommended"},     {"en", "Recommended for you"},
	{"fr", "Lire aussi"},        {"fr", "À lire aussi"},    {"fr", "Sur le même sujet"},
	{"de", "Mehr zum Thema"},    {"de", "Das könnte Sie auch interessieren"},
	{"es", "Noticias relacionadas"}, {"es", "Te puede interesar"}, {"es", "Lee también"},
	{"pt", "Notícias relacionadas"}, {"pt", "Leia também"},
	{"ru", "Читайте также"},     {"ru", "По теме"},
	{"zh", "相关新闻"},          {"zh", "相关阅读"},
};

/* Whole lines that are interface text. '#' stands for a count that varies. */
static const np_lex_entry widgets[] = {
	{"en", "Comment (#)"},  {"en", "Comments (#)"}, {"en", "Comment"},   {"en", "Comments"},
	{"en", "No data"},      {"en", "No videos available"}, {"en", "No comments"},
	{"en", "Figure"},       {"en", "Share"},        {"en", "Print"},     {"en", "Email"},
	{"en", "Tweet"},        {"en", "Share this article"}, {"en", "Share on Facebook"},
	{"en", "Share on Twitter"}, {"en", "Advertisement"}, {"en", "Sponsored"},
	{"en", "Back to top"},  {"en", "Loading..."},   {"en", "Subscribe"}, {"en", "Sign in"},
	{"en", "Log in"},       {"en", "Save"},         {"en", "Listen"},    {"en", "Copy link"},
	{"vi", "Bình luận (#)"}, {"vi", "Bình luận"},   {"vi", "Xem thêm"},  {"vi", "Chia sẻ"},
	{"vi", "In bài"},       {"vi", "Quảng cáo"},    {"vi", "Lưu"},       {"vi", "Không có dữ liệu"},
	{"vi", "Gửi bình luận"}, {"vi", "Thích (#)"},
	{"fr", "Partager"},     {"fr", "Imprimer"},     {"fr", "Publicité"},
	{"de", "Teilen"},       {"de", "Drucken"},      {"de", "Anzeige"},   {"de", "Werbung"},
	{"es", "Compartir"},    {"es", "Imprimir"},     {"es", "Publicidad"},
	{"pt", "Compartilhar"}, {"pt", "Publicidade"},
};

/* Prefixes of a credit line: "Source: https://...", "Theo TTXVN". */
static const np_lex_entry credit_prefixes[] = {
	{"en", "Source:"}, {"en", "Sources:"}, {"en", "According to"}, {"en", "Courtesy of"},
	{"vi", "Nguồn:"},  {"vi", "Theo"},      {"fr", "Source :"},     {"fr", "Selon"},
	{"de", "Quelle:"}, {"es", "Fuente:"},   {"pt", "Fonte:"},       {"it", "Fonte:"},
	{"ru", "Источник:"}, {"zh", "来源："},  {"zh", "来源:"},
};

static const np_lex_entry byline_prefixes[] = {
	{"en", "By"}, {"es", "Por"}, {"fr", "Par"}, {"de", "Von"}, {"vi", "Bởi"},
};

/* The word a photo caption is marked with: "... - Ảnh 1.", "Photo: ...". */
static const np_lex_entry caption_words[] = {
	{"vi", "Ảnh"}, {"en", "Photo"}, {"en", "Image"}, {"en", "Picture"},
	{"fr", "Photo"}, {"de", "Foto"}, {"es", "Foto"}, {"pt", "Foto"}, {"ru", "Фото"},
};

static const np_lex_entry rel_whole[] = {
	{"en", "yesterday"}, {"en", "today"},   {"en", "just now"},  {"vi", "hôm qua"},
	{"vi", "hôm nay"},   {"vi", "vừa xong"}, {"fr", "hier"},     {"fr", "aujourd'hui"},
	{"de", "gestern"},   {"de", "heute"},   {"es", "ayer"},      {"es", "hoy"},
	{"pt", "ontem"},     {"pt", "hoje"},    {"ru", "вчера"},     {"ru", "сегодня"},
	{"zh", "昨天"},      {"zh", "今天"},    {"zh", "刚刚"},
};

static const np_lex_entry rel_prefix[] = {
	{"fr", "il y a"}, {"de", "vor"}, {"es", "hace"}, {"pt", "há"},
};

static const np_lex_entry rel_count[] = {
	{"en", "a"}, {"en", "an"}, {"en", "one"}, {"de", "einer"}, {"de", "einem"},
	{"fr", "un"}, {"fr", "une"}, {"es", "un"}, {"es", "una"},
};

static const np_lex_entry rel_unit[] = {
	{"en", "second"}, {"en", "seconds"}, {"en", "sec"},    {"en", "secs"},
	{"en", "minute"}, {"en", "minutes"}, {"en", "min"},    {"en", "mins"},
	{"en", "hour"},   {"en", "hours"},   {"en", "hr"},     {"en", "hrs"},
	{"en", "day"},    {"en", "days"},    {"en", "week"},   {"en", "weeks"},
	{"en", "month"},  {"en", "months"},  {"en", "year"},   {"en", "years"},
	{"vi", "giây"},   {"vi", "phút"},    {"vi", "giờ"},    {"vi", "tiếng"},
	{"vi", "ngày"},   {"vi", "tuần"},    {"vi", "tháng"},  {"vi", "năm"},
	{"fr", "seconde"}, {"fr", "secondes"}, {"fr", "heure"}, {"fr", "heures"},
	{"fr", "jour"},   {"fr", "jours"},   {"fr", "semaine"}, {"fr", "semaines"},
	{"fr", "mois"},   {"fr", "an"},      {"fr", "ans"},
	{"de", "Sekunde"}, {"de", "Sekunden"}, {"de", "Minute"}, {"de", "Minuten"},
	{"de", "Stunde"}, {"de", "Stunden"}, {"de", "Tag"},    {"de", "Tagen"},
	{"de", "Woche"},  {"de", "Wochen"},  {"de", "Monat"},  {"de", "Monaten"},
	{"de", "Jahr"},   {"de", "Jahren"},
	{"es", "segundo"}, {"es", "segundos"}, {"es", "minuto"}, {"es", "minutos"},
	{"es", "hora"},   {"es", "horas"},   {"es", "día"},    {"es", "días"},
	{"es", "semana"}, {"es", "semanas"}, {"es", "mes"},    {"es", "meses"},
	{"es", "año"},    {"es", "años"},    {"pt", "dia"},    {"pt", "dias"},
	{"ru", "минуту"}, {"ru", "минуты"},  {"ru", "минут"},  {"ru", "час"},
	{"ru", "часа"},   {"ru", "часов"},   {"ru", "день"},   {"ru", "дня"},
	{"ru", "дней"},
};

static const np_lex_entry rel_suffix[] = {
	{"en", "ago"}, {"vi", "trước"}, {"ru", "назад"},
};

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

/* Whether the character ending at end (exclusive; begin <= end) is a word character. */
static int ends_with_word_char(const char *begin, const char *end)
{
	const char *p = end;
	if (p == begin)
		return 0;
	/* step back over UTF-8 continuation bytes (10xxxxxx) to the lead byte */
	do
		p--;
	while (p > begin && ((unsigned char)*p & 0xC0) == 0x80);
	return starts_with_word_char(p);
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

static size_t longest(const np_lex_entry *t, size_t n, const char *s)
{
	size_t best = 0;
	for (size_t i = 0; i < n; i++) {
		size_t m = np_lex_match(t[i].text, s);
		if (m > best)
			best = m;
	}
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

static int whole_line(const np_lex_entry *t, size_t n, const char *line)
{
	line = skip_blanks(line);
	if (strnlen(line, WHOLE_LINE_MAX + 1) > WHOLE_LINE_MAX)
		return 0;
	for (size_t i = 0; i < n; i++) {
		size_t m = np_lex_match(t[i].text, line);
		if (m && only_colon_left(line + m))
			return 1;
	}
	return 0;
}

int np_lexicon_is_rail_heading(const char *line)
{
	return whole_line(rail_headings, LEN(rail_headings), line);
}

int np_lexicon_is_widget(const char *line)
{
	return whole_line(widgets, LEN(widgets), line);
}

static const char *after_prefix(const np_lex_entry *t, size_t n, const char *line)
{
	line = skip_blanks(line);
	size_t m = longest(t, n, line);
	if (!m)
		return NULL;
	const char *rest = skip_blanks(line + m);
	return *rest ? rest : NULL;
}

const char *np_lexicon_credit_prefix(const char *line)
{
	return after_prefix(credit_prefixes, LEN(credit_prefixes), line);
}

const char *np_lexicon_byline_prefix(const char *line)
{
	return after_prefix(byline_prefixes, LEN(byline_prefixes), line);
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
	size_t m = longest(caption_words, LEN(caption_words), p);
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
	size_t m = longest(caption_words, LEN(caption_words), line);
	return m && *skip_blanks(line + m) == ':';
}

int np_lexicon_is_caption(const char *line)
{
	return caption_prefix(line) || caption_suffix(line);
}

size_t np_lexicon_relative(np_rel_role role, const char *s)
{
	switch (role) {
	case NP_REL_WHOLE:
		return longest(rel_whole, LEN(rel_whole), s);
	case NP_REL_PREFIX:
		return longest(rel_prefix, LEN(rel_prefix), s);
	case NP_REL_COUNT:
		return longest(rel_count, LEN(rel_count), s);
	case NP_REL_UNIT:
		return longest(rel_unit, LEN(rel_unit), s);
	case NP_REL_SUFFIX:
		return longest(rel_suffix, LEN(rel_suffix), s);
	}
	return 0;
}
