/*
 * test_segment.c — np_segment on the seed page (data/sample/, path from
 * argv[1], the source root) and on small fictional pages written here: wire
 * and byline credits, "Theo TTXVN", a rail without a heading, no dateline,
 * empty and blank pages, CRLF line ends and a byte order mark.
 */
#include <stdlib.h>

#include "check.h"
#include "newsprint.h"

#define SEED_PATH "/data/sample/000_e4d578c411048baa.txt"
#define SEED_BODY_PARAGRAPHS 7
#define SEED_RAIL_ITEMS 6 /* each headed rail of the seed lists six stories */

static np_story *segment(const char *text, size_t len)
{
	np_story *s = NULL;
	np_error err;
	CHECK_INT(np_segment(text, len, &s, &err), NP_OK);
	return s;
}

static np_story *segment_str(const char *text)
{
	return segment(text, strlen(text));
}

static char *read_file(const char *root, const char *rel, size_t *len)
{
	char path[4096];
	snprintf(path, sizeof path, "%s%s", root, rel);
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	char *buf = NULL;
	size_t cap = 0, n = 0, got;
	do {
		if (n == cap) {
			cap = cap ? cap * 2 : 8192;
			char *nb = realloc(buf, cap);
			if (!nb)
				break;
			buf = nb;
		}
		got = fread(buf + n, 1, cap - n, f);
		n += got;
	} while (got);
	fclose(f);
	*len = n;
	return buf;
}

static const np_rail *find_rail(const np_story *s, const char *heading)
{
	for (size_t i = 0; i < s->n_rails; i++)
		if (s->rails[i].heading && strcmp(s->rails[i].heading, heading) == 0)
			return &s->rails[i];
	return NULL;
}

static int body_contains(const np_story *s, const char *needle)
{
	for (size_t i = 0; i < s->body.n; i++)
		if (strstr(s->body.v[i], needle))
			return 1;
	return 0;
}

static int strv_has(const np_strv *v, const char *line)
{
	for (size_t i = 0; i < v->n; i++)
		if (strcmp(v->v[i], line) == 0)
			return 1;
	return 0;
}

/* CHECK_STR that also accepts two NULLs. */
static void check_opt_str(const char *got, const char *want)
{
	if (want)
		CHECK_STR(got, want);
	else
		CHECK(got == NULL);
}

static void check_item(const np_rail *r, size_t k, const char *title, const char *outlet,
                       const char *date)
{
	CHECK(k < r->n_items);
	if (k >= r->n_items)
		return;
	CHECK_STR(r->items[k].title, title);
	check_opt_str(r->items[k].outlet, outlet);
	check_opt_str(r->items[k].date, date);
}

static void check_seed_body(const np_story *s)
{
	CHECK_INT(s->body.n, SEED_BODY_PARAGRAPHS);
	if (s->body.n != SEED_BODY_PARAGRAPHS)
		return;
	CHECK(strncmp(s->body.v[0], "China's Ministry of State Security (MSS) warned", 47) == 0);
	CHECK(strncmp(s->body.v[6], "\"They advocate the control of space", 35) == 0);
	CHECK(strstr(s->body.v[6], "MSS added.") != NULL);
	CHECK(!body_contains(s, "Ảnh 1"));
	CHECK(!body_contains(s, "Source:"));
	CHECK(!body_contains(s, "Comment (0)"));
	CHECK(!body_contains(s, "No data"));
	CHECK(!body_contains(s, "No videos available"));
	CHECK(!body_contains(s, "Israel arrests two men"));
	CHECK(!body_contains(s, "Spring comes to Sa Dec"));
	CHECK(!body_contains(s, "Báo Quốc Tế"));
}

static void check_seed_rails(const np_story *s)
{
	static const char *const headings[] = {"Cùng chủ đề", "Cùng chuyên mục", "Cùng tác giả"};
	for (size_t h = 0; h < sizeof headings / sizeof headings[0]; h++) {
		const np_rail *r = find_rail(s, headings[h]);
		CHECK(r != NULL);
		if (!r)
			return;
		CHECK_INT(r->n_items, SEED_RAIL_ITEMS);
		for (size_t k = 0; k < r->n_items; k++)
			CHECK(r->items[k].title && r->items[k].outlet && r->items[k].date);
	}
	const np_rail *topic = find_rail(s, "Cùng chủ đề");
	check_item(topic, 0, "Israel arrests two men suspected of spying for Iran",
	           "Báo Thanh niên", "28/01/2025");
	check_item(topic, 5, "Milky Way mapping spacecraft ends mission after 12 years",
	           "Công Luận", "17/01/2025");
	check_item(find_rail(s, "Cùng chuyên mục"), 0,
	           "Malaysia uses artificial intelligence (AI) to fight fake news online",
	           "Báo Quốc Tế", "8 giờ trước");
	check_item(find_rail(s, "Cùng tác giả"), 5, "Discovery of 'super-Earth' that could harbor life",
	           "Báo Thanh niên", "5 giờ trước");
	/* the gallery before the headed rails and the rail after "Happy VietNam" */
	CHECK_INT(s->n_rails, 5);
	if (s->n_rails == 5) {
		CHECK(s->rails[0].heading == NULL);
		CHECK(s->rails[4].heading == NULL);
		check_item(&s->rails[4], 0, "Young man donates blood 130 times to save people",
		           "Báo Nhân dân", "2 giờ trước");
		check_item(&s->rails[4], 9, "Young people lined up from 6:30 a.m. and waited 7 hours "
		           "to take photos at an ancient cafe.", NULL, NULL);
	}
}

static void test_seed(const char *root)
{
	size_t len;
	char *text = read_file(root, SEED_PATH, &len);
	CHECK(text != NULL);
	if (!text)
		return;
	np_story *s = segment(text, len);
	free(text);
	if (!s)
		return;
	CHECK_STR(s->title, "China says space program is target of foreign spies");
	CHECK_STR(s->outlet, "Báo Thanh niên");
	CHECK_STR(s->published, "2024-10-24");
	check_seed_body(s);
	CHECK_INT(s->n_credits, 1);
	if (s->n_credits == 1) {
		CHECK_INT(s->credits[0].kind, NP_CREDIT_SOURCE_URL);
		CHECK_STR(s->credits[0].value,
		          "https://thanhnien.vn/trung-quoc-noi-chuong-trinh-vu-tru-tro-thanh-muc-tieu-"
		          "cua-diep-vien-nuoc-ngoai-185241024173442065.htm");
	}
	check_seed_rails(s);
	CHECK(strv_has(&s->boilerplate, "Comment (0)"));
	CHECK(strv_has(&s->boilerplate, "No data"));
	CHECK(strv_has(&s->boilerplate, "No videos available"));
	np_story_free(s);
}

/* An English wire story: a byline above, a Reuters dateline, a plain rail. */
static const char english_page[] =
	"Fictional council backs riverside park\n"
	"\n"
	"The Daily Fiction Oct 24, 2024\n"
	"\n"
	"By Jane Roe, PA News\n"
	"\n"
	"LONDON (Reuters) - The fictional Riverside Council approved a plan on Tuesday "
	"to turn an old dockyard into a public park, its leader said.\n"
	"\n"
	"The park will open next spring with a playground, a cafe and a path along the water, "
	"the council said.\n"
	"\n"
	"Comments (3)\n"
	"\n"
	"Related stories:\n"
	"Fictional town plants a thousand trees\n"
	"Made-up ferry returns to the river\n"
	"\n"
	"Share\n";

static void test_english(void)
{
	np_story *s = segment_str(english_page);
	if (!s)
		return;
	CHECK_STR(s->title, "Fictional council backs riverside park");
	CHECK_STR(s->outlet, "The Daily Fiction");
	CHECK_STR(s->published, "2024-10-24");
	CHECK_INT(s->body.n, 2);
	if (s->body.n == 2)
		CHECK(strncmp(s->body.v[0], "LONDON (Reuters) - The fictional", 32) == 0);
	CHECK_INT(s->n_credits, 2);
	if (s->n_credits == 2) {
		CHECK_INT(s->credits[0].kind, NP_CREDIT_BYLINE);
		CHECK_STR(s->credits[0].value, "Jane Roe, PA News");
		CHECK_INT(s->credits[1].kind, NP_CREDIT_AGENCY);
		CHECK_STR(s->credits[1].value, "Reuters");
	}
	const np_rail *r = find_rail(s, "Related stories:");
	CHECK(r != NULL);
	if (r) {
		CHECK_INT(r->n_items, 2);
		check_item(r, 1, "Made-up ferry returns to the river", NULL, NULL);
	}
	CHECK(strv_has(&s->boilerplate, "Comments (3)"));
	CHECK(strv_has(&s->boilerplate, "Share"));
	np_story_free(s);
}

/* A Vietnamese story credited "Theo TTXVN", with a date and time alone on the dateline. */
static const char ttxvn_page[] =
	"Hà Nội mở thêm ba tuyến xe buýt điện\n"
	"\n"
	"24/10/2024 17:34\n"
	"\n"
	"Sở Giao thông Hà Nội cho biết thành phố sẽ mở thêm ba tuyến xe buýt điện mới "
	"từ tháng tới, phục vụ người dân ở các quận ven đô.\n"
	"\n"
	"Các tuyến mới chạy từ năm giờ sáng đến mười giờ tối mỗi ngày, giá vé không đổi "
	"so với các tuyến hiện nay.\n"
	"\n"
	"Theo TTXVN\n"
	"\n"
	"Bình luận (0)\n";

static void check_ttxvn(const np_story *s)
{
	CHECK_STR(s->title, "Hà Nội mở thêm ba tuyến xe buýt điện");
	CHECK(s->outlet == NULL);
	CHECK_STR(s->published, "2024-10-24T17:34");
	CHECK_INT(s->body.n, 2);
	CHECK(!body_contains(s, "TTXVN"));
	CHECK_INT(s->n_credits, 1);
	if (s->n_credits == 1) {
		CHECK_INT(s->credits[0].kind, NP_CREDIT_AGENCY);
		CHECK_STR(s->credits[0].value, "TTXVN");
	}
	CHECK(strv_has(&s->boilerplate, "Bình luận (0)"));
}

static void test_ttxvn(void)
{
	np_story *s = segment_str(ttxvn_page);
	if (s)
		check_ttxvn(s);
	np_story_free(s);
}

/* The same page with CRLF line ends, then with a BOM: the same story. */
static void test_crlf_and_bom(void)
{
	char crlf[sizeof ttxvn_page * 2 + 4] = "\xEF\xBB\xBF";
	size_t n = strlen(crlf);
	for (const char *p = ttxvn_page; *p; p++) {
		if (*p == '\n')
			crlf[n++] = '\r';
		crlf[n++] = *p;
	}
	np_story *s = segment(crlf, n);
	if (s)
		check_ttxvn(s);
	if (s && s->body.n)
		CHECK(strchr(s->body.v[0], '\r') == NULL);
	np_story_free(s);
	s = segment(crlf + strlen("\xEF\xBB\xBF"), n - strlen("\xEF\xBB\xBF"));
	if (s)
		check_ttxvn(s);
	np_story_free(s);
}

/* A rail with no heading right after the body: three headline/outlet/date records. */
static const char headless_page[] =
	"Fictional bakery wins national bread prize\n"
	"\n"
	"A small fictional bakery in the hill town of Nowhere has won the national bread "
	"prize for its rye loaf, the judges said.\n"
	"\n"
	"Headline of another story\n"
	"\n"
	"Headline of another story\n"
	"\n"
	"The Daily Fiction\n"
	"The Daily Fiction\n"
	"28/01/2025\n"
	"A second unrelated headline\n"
	"\n"
	"A second unrelated headline\n"
	"\n"
	"Made-up Herald\n"
	"Made-up Herald\n"
	"2 hours ago\n"
	"A third unrelated headline\n"
	"The Daily Fiction\n"
	"3 giờ trước\n";

static void test_headless_rail(void)
{
	np_story *s = segment_str(headless_page);
	if (!s)
		return;
	CHECK_INT(s->body.n, 1);
	CHECK(!body_contains(s, "Headline of another story"));
	CHECK(s->outlet == NULL && s->published == NULL);
	CHECK_INT(s->n_rails, 1);
	if (s->n_rails == 1) {
		CHECK(s->rails[0].heading == NULL);
		CHECK_INT(s->rails[0].n_items, 3);
		check_item(&s->rails[0], 0, "Headline of another story", "The Daily Fiction", "28/01/2025");
		check_item(&s->rails[0], 1, "A second unrelated headline", "Made-up Herald", "2 hours ago");
		check_item(&s->rails[0], 2, "A third unrelated headline", "The Daily Fiction", "3 giờ trước");
	}
	np_story_free(s);
}

/* No dateline; a two-word line between two paragraphs stays in the body. */
static void test_no_dateline(void)
{
	np_story *s = segment_str("A title\nFirst paragraph of a story without a dateline.\n\n"
	                          "Second paragraph.\n\nA third paragraph, after the short one, "
	                          "ends the story.\n");
	if (!s)
		return;
	CHECK_STR(s->title, "A title");
	CHECK(s->outlet == NULL && s->published == NULL);
	CHECK_INT(s->body.n, 3);
	if (s->body.n == 3) {
		CHECK_STR(s->body.v[0], "First paragraph of a story without a dateline.");
		CHECK_STR(s->body.v[1], "Second paragraph.");
	}
	np_story_free(s);
}

static void check_empty(np_story *s)
{
	if (!s)
		return;
	CHECK(s->title == NULL);
	CHECK_INT(s->body.n, 0);
	CHECK_INT(s->n_credits, 0);
	CHECK_INT(s->n_rails, 0);
	np_story_free(s);
}

static void test_empty(void)
{
	check_empty(segment("", 0));
	check_empty(segment(NULL, 0));
	check_empty(segment_str(" \n\t\n  \r\n\r\n\xC2\xA0\n"));
	check_empty(segment_str("\xEF\xBB\xBF"));
	np_story *s = NULL;
	CHECK_INT(np_segment("x", 1, NULL, NULL), NP_EINVAL);
	CHECK_INT(np_segment(NULL, 3, &s, NULL), NP_EINVAL);
}

/* Thai is written without spaces between words and ends sentences with a
 * space: its paragraphs are prose by their length. The counter widget in
 * Thai is in no lexicon, and still ends the body by its shape. (Original
 * text written for this test.) */
static const char thai_page[] =
	"สวนริมน้ำแห่งใหม่เปิดวันเสาร์\n"
	"\n"
	"ข่าวเมืองใหม่ข่าวเมืองใหม่12/03/2025\n"
	"\n"
	"กรุงเทพมหานครประกาศเปิดสวนสาธารณะแห่งใหม่ริมแม่น้ำเจ้าพระยาในวันเสาร์นี้ "
	"โดยมีพื้นที่กว่าสามสิบไร่ และจะเปิดให้ประชาชนเข้าใช้ฟรีทุกวันตั้งแต่หกโมงเช้าถึงสองทุ่ม\n"
	"\n"
	"ผู้อำนวยการสำนักสิ่งแวดล้อมกล่าวว่าสวนแห่งนี้ปลูกต้นไม้พื้นเมืองกว่าสองพันต้น "
	"และมีทางจักรยานยาวหนึ่งกิโลเมตรเชื่อมกับท่าเรือโดยสาร\n"
	"\n"
	"ความคิดเห็น (0)\n"
	"\n"
	"ตลาดน้ำเก่าได้รับการบูรณะ\n"
	"\n"
	"ตลาดน้ำเก่าได้รับการบูรณะ\n"
	"\n"
	"ข่าวเมืองใหม่\n"
	"ข่าวเมืองใหม่\n"
	"11/03/2025\n";

static void test_thai(void)
{
	np_story *s = segment_str(thai_page);
	if (!s)
		return;
	CHECK_STR(s->outlet, "ข่าวเมืองใหม่");
	CHECK_STR(s->published, "2025-03-12");
	CHECK_INT(s->body.n, 2);
	CHECK(body_contains(s, "กรุงเทพมหานคร"));
	CHECK(!body_contains(s, "ความคิดเห็น"));
	CHECK(!body_contains(s, "ตลาดน้ำเก่า"));
	CHECK(strv_has(&s->boilerplate, "ความคิดเห็น (0)"));
	np_story_free(s);
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: %s SOURCE_ROOT\n", argv[0]);
		return 2;
	}
	test_seed(argv[1]);
	test_english();
	test_ttxvn();
	test_crlf_and_bom();
	test_headless_rail();
	test_no_dateline();
	test_empty();
	test_thai();
	return CHECK_DONE();
}
