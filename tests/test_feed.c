/* Feeds are read item by item, whatever their format, and hostile or broken
 * documents are refused with a reason instead of crashing the reader. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>

#include "kb/feed.h"
#include "kb/xml.h"
#include "kb/utf8.h"

#define FIXTURES "tests/fixtures/feeds/"
#define CORPUS "../shared/corpora/feeds"

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        fail_msg("cannot open %s", path);
    char *data = NULL;
    size_t cap = 0, n = 0, got;
    do {
        if (n + 65536 > cap) {
            cap = (n + 65536) * 2;
            data = realloc(data, cap);
            assert_non_null(data);
        }
        got = fread(data + n, 1, cap - n, f);
        n += got;
    } while (got > 0);
    fclose(f);
    *len = n;
    return data;
}

static kb_feed *parse_ok(const char *data, size_t len, const char *url)
{
    kb_feed *f = NULL;
    kb_error e;
    kb_code rc = kb_feed_parse(data, len, url, &f, &e);
    if (rc != KB_OK)
        fail_msg("refused: %s", e.message);
    assert_non_null(f);
    return f;
}

static kb_feed *parse_file(const char *path, const char *url)
{
    size_t len;
    char *data = slurp(path, &len);
    kb_feed *f = parse_ok(data, len, url);
    free(data);
    return f;
}

/* Refused as input, with a one-line reason; returns the reason. */
static const char *refusal(const char *data, size_t len, kb_error *e)
{
    kb_feed *f = (kb_feed *)0x1;
    kb_code rc = kb_feed_parse(data, len, NULL, &f, e);
    if (rc != KB_ERR_INPUT)
        fail_msg("expected KB_ERR_INPUT, got %d (%s)", rc, rc ? e->message : "a feed");
    assert_null(f);
    assert_true(e->message[0] != '\0');
    assert_null(strchr(e->message, '\n'));
    return e->message;
}

static void assert_str(const char *got, const char *want)
{
    if (!want) {
        if (got)
            fail_msg("expected NULL, got '%s'", got);
        return;
    }
    if (!got || strcmp(got, want) != 0)
        fail_msg("expected '%s', got '%s'", want, got ? got : "(null)");
}

static void assert_contains(const char *got, const char *want)
{
    if (!got || !strstr(got, want))
        fail_msg("expected '%s' in '%s'", want, got ? got : "(null)");
}

static int contains_nocase(const char *s, const char *pat)
{
    size_t n = strlen(pat);
    for (; *s; s++)
        if (!strncasecmp(s, pat, n))
            return 1;
    return 0;
}

/* Every string a feed holds, so that a check can be made of all of them. */
static size_t strings_of(const kb_feed *f, const char **out, size_t max)
{
    size_t n = 0;
#define ADD(s)                                                                                \
    do {                                                                                      \
        if (n < max)                                                                          \
            out[n++] = (s);                                                                   \
    } while (0)
    ADD(f->format);
    ADD(f->title);
    ADD(f->link);
    ADD(f->lang);
    for (size_t i = 0; i < f->nitems; i++) {
        const kb_feed_item *it = &f->items[i];
        ADD(it->title);
        ADD(it->link);
        ADD(it->id);
        ADD(it->published);
        ADD(it->published_raw);
        ADD(it->updated);
        ADD(it->updated_raw);
        ADD(it->authors);
        ADD(it->summary);
        ADD(it->text);
        ADD(it->lang);
    }
#undef ADD
    return n;
}

static void assert_clean(const kb_feed *f)
{
    const char *s[64];
    size_t n = strings_of(f, s, 64);
    for (size_t i = 0; i < n; i++)
        if (s[i] && !kb_text_is_clean(s[i], strlen(s[i])))
            fail_msg("string %zu is not clean: '%s'", i, s[i]);
}

/* ---- the corpus: 1053 real test feeds ---------------------------------- */

typedef struct tally {
    int parsed, refused, items;
    char reasons[16][80];
    int counts[16];
    int nreasons;
} tally;

static void count_reason(tally *t, const char *msg)
{
    char key[80];
    /* "not well-formed XML: line 3: ..." counts by what follows the line. */
    const char *p = strstr(msg, ": line ");
    if (p && (p = strchr(p + 7, ':')) != NULL)
        snprintf(key, sizeof key, "%.*s:%.60s", (int)(strstr(msg, ": line ") - msg), msg,
                 p + 1);
    else
        snprintf(key, sizeof key, "%.79s", msg);
    for (int i = 0; i < t->nreasons; i++)
        if (!strcmp(t->reasons[i], key)) {
            t->counts[i]++;
            return;
        }
    if (t->nreasons < 16) {
        snprintf(t->reasons[t->nreasons], sizeof t->reasons[0], "%s", key);
        t->counts[t->nreasons++] = 1;
    }
}

static void check_corpus_file(const char *path, tally *t)
{
    size_t len;
    char *data = slurp(path, &len);
    kb_feed *f = NULL;
    kb_error e;
    kb_code rc = kb_feed_parse(data, len, "http://127.0.0.1:8097/tests/feed.xml", &f, &e);
    free(data);
    if (rc == KB_ERR_INPUT) {
        if (!e.message[0] || strchr(e.message, '\n'))
            fail_msg("%s: refused without a one-line reason: '%s'", path, e.message);
        if (f)
            fail_msg("%s: refused, yet a feed came back", path);
        t->refused++;
        count_reason(t, e.message);
        return;
    }
    if (rc != KB_OK)
        fail_msg("%s: code %d: %s", path, rc, e.message);
    if (!f || !f->format)
        fail_msg("%s: no feed, or no format", path);
    const char *s[4096];
    size_t n = strings_of(f, s, 4096);
    for (size_t i = 0; i < n; i++)
        if (s[i] && !kb_text_is_clean(s[i], strlen(s[i])))
            fail_msg("%s: not clean UTF-8: '%s'", path, s[i]);
    t->parsed++;
    t->items += (int)f->nitems;
    kb_feed_free(f);
}

static void walk(const char *dir, tally *t)
{
    DIR *d = opendir(dir);
    if (!d)
        fail_msg("cannot read %s", dir);
    struct dirent *ent;
    while ((ent = readdir(d)) != NULL) {
        if (ent->d_name[0] == '.')
            continue;
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", dir, ent->d_name);
        struct stat st;
        if (stat(path, &st) != 0)
            continue;
        size_t n = strlen(ent->d_name);
        if (S_ISDIR(st.st_mode))
            walk(path, t);
        else if (n > 4 && !strcmp(ent->d_name + n - 4, ".xml"))
            check_corpus_file(path, t);
    }
    closedir(d);
}

static void every_corpus_feed_is_parsed_or_refused_with_a_reason(void **state)
{
    (void)state;
    struct stat st;
    if (stat(CORPUS, &st) != 0) {
        print_message("corpus %s absent: test skipped\n", CORPUS);
        skip();
    }
    tally t = {0};
    walk(CORPUS, &t);
    printf("corpus: %d files: %d parsed (%d items), %d refused\n", t.parsed + t.refused,
           t.parsed, t.items, t.refused);
    for (int i = 0; i < t.nreasons; i++)
        printf("  %4d  %s\n", t.counts[i], t.reasons[i]);
    assert_true(t.parsed + t.refused > 1000);
    /* The corpus is made of feeds, most of them well-formed. */
    assert_true(t.parsed > 900);
}

/* wellformed/sanitize: scripts, event handlers and javascript: URLs. */
static void hostile_html_in_the_corpus_never_comes_through_as_text(void **state)
{
    (void)state;
    const char *dir = CORPUS "/wellformed/sanitize";
    DIR *d = opendir(dir);
    if (!d) {
        print_message("corpus %s absent: test skipped\n", dir);
        skip();
    }
    static const char *const hostile[] = {"location.href", "alert(", "javascript:", "<script",
                                          "executeMe", "onclick", "onmouseover", "vbscript"};
    int files = 0;
    struct dirent *ent;
    while ((ent = readdir(d)) != NULL) {
        if (!strstr(ent->d_name, ".xml"))
            continue;
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", dir, ent->d_name);
        kb_feed *f = parse_file(path, NULL);
        const char *s[256];
        size_t n = strings_of(f, s, 256);
        for (size_t i = 0; i < n; i++)
            for (size_t k = 0; s[i] && k < sizeof hostile / sizeof *hostile; k++)
                if (contains_nocase(s[i], hostile[k]))
                    fail_msg("%s: '%s' came through: '%s'", ent->d_name, hostile[k], s[i]);
        kb_feed_free(f);
        files++;
    }
    closedir(d);
    assert_true(files > 300);
}

/* ---- formats ------------------------------------------------------------ */

/* An RSS feed whose second item has n attributes, on line 2; caller frees. */
static char *crowded_feed(int n)
{
    size_t cap = 256 + (size_t)n * 24;
    char *s = malloc(cap);
    assert_non_null(s);
    size_t len = (size_t)snprintf(s, cap, "<rss version=\"2.0\"><channel><title>F</title>"
                                          "<item><title>A</title></item>\n<item");
    for (int i = 0; i < n; i++)
        len += (size_t)snprintf(s + len, cap - len, " data-a%d=\"%d\"", i, i);
    snprintf(s + len, cap - len, "><title>B</title></item></channel></rss>");
    return s;
}

static void a_feed_with_more_attributes_on_one_element_than_kb_reads_is_refused(void **state)
{
    (void)state;
    char *s = crowded_feed(KB_MAX_ATTRIBUTES);
    kb_feed *f = parse_ok(s, strlen(s), NULL);
    assert_int_equal(f->nitems, 2);
    kb_feed_free(f);
    free(s);
    s = crowded_feed(100000);
    kb_error e;
    assert_string_equal(refusal(s, strlen(s), &e),
                        "line 2: <item> has more than 256 attributes, the most kb reads on "
                        "one element");
    free(s);
}

static void rss2_items_give_their_fields(void **state)
{
    (void)state;
    kb_feed *f = parse_file(FIXTURES "rss2.xml", "https://cloudwire.example/feed.xml");
    assert_str(f->format, "rss2.0");
    assert_str(f->title, "Cloud Wire & Co");
    assert_str(f->link, "https://cloudwire.example/");
    assert_str(f->lang, "en-us");
    assert_int_equal(f->nitems, 4);
    kb_feed_item *it = &f->items[0];
    assert_str(it->title, "Meta weighs a cloud business for Llama");
    assert_str(it->link, "https://cloudwire.example/2024/07/meta-cloud?utm_source=rss");
    assert_str(it->id, "cloudwire-1001");
    assert_str(it->authors, "Jane Roe");
    assert_str(it->summary, "Meta may rent out its AI infrastructure.");
    assert_str(it->lang, "en-us");
    /* An item that names no author has the channel's managingEditor. */
    assert_str(f->items[2].authors, "Cloud Wire Desk");
    assert_str(f->items[1].authors, "John Doe");
    /* A guid without isPermaLink="false" that is a web address is the link. */
    assert_str(f->items[3].link, "https://cloudwire.example/2024/07/permalink");
    assert_str(f->items[3].title, NULL);
    kb_feed_free(f);
}

static void content_encoded_is_preferred_and_reduced_to_paragraphs(void **state)
{
    (void)state;
    kb_feed *f = parse_file(FIXTURES "rss2.xml", NULL);
    kb_feed_item *it = &f->items[0];
    assert_str(it->text, "Meta may start a cloud business.\n\n"
                         "Analysts are split on whether it is an expansion or a retreat.");
    assert_null(strstr(it->text, "track"));
    /* Without content, the text is the description, markup removed. */
    assert_str(f->items[1].text, "No link, and a date no one can read.");
    assert_str(f->items[2].summary, "Plain text, & an ampersand.");
    kb_feed_free(f);
}

static void rfc822_and_rfc3339_dates_are_normalized_and_kept_raw(void **state)
{
    (void)state;
    kb_feed *f = parse_file(FIXTURES "rss2.xml", NULL);
    assert_str(f->items[0].published, "2024-07-23T08:30:00Z");
    assert_str(f->items[0].published_raw, "Tue, 23 Jul 2024 10:30:00 +0200");
    /* dc:date, with the precision it was given. */
    assert_str(f->items[2].published, "2024-07-24");
    kb_feed_free(f);

    f = parse_file(FIXTURES "atom10-base.xml", NULL);
    assert_str(f->items[0].published, "2024-07-23T12:30:00Z");
    assert_str(f->items[0].published_raw, "2024-07-23T08:30:00-04:00");
    assert_str(f->items[0].updated, "2024-07-24T00:00:00Z");
    assert_str(f->items[1].published, NULL);
    assert_str(f->items[1].updated, "2024-07-20T10:00:00Z");
    assert_str(f->items[1].updated_raw, "2024-07-20T10:00:00+00:00");
    kb_feed_free(f);
}

static void a_date_that_does_not_parse_is_kept_raw_and_the_item_returned(void **state)
{
    (void)state;
    kb_feed *f = parse_file(FIXTURES "rss2.xml", NULL);
    kb_feed_item *it = &f->items[1];
    assert_str(it->published, NULL);
    assert_str(it->published_raw, "sometime last week");
    assert_str(it->id, "cloudwire-1002");
    kb_feed_free(f);
}

static void an_item_without_a_link_is_returned_with_none(void **state)
{
    (void)state;
    kb_feed *f = parse_file(FIXTURES "rss2.xml", "https://cloudwire.example/feed.xml");
    kb_feed_item *it = &f->items[1];
    assert_str(it->link, NULL);
    assert_str(it->title, "Café talk: the undated rumor");
    kb_feed_free(f);
}

static void relative_links_resolve_against_the_document_url(void **state)
{
    (void)state;
    kb_feed *f = parse_file(FIXTURES "rss2.xml", "https://cloudwire.example/feed.xml");
    assert_str(f->items[2].link, "https://cloudwire.example/2024/07/relative");
    kb_feed_free(f);
    /* With no address to resolve it against, a relative link is none. */
    f = parse_file(FIXTURES "rss2.xml", NULL);
    assert_str(f->items[2].link, NULL);
    kb_feed_free(f);
}

static void html_named_entities_are_decoded(void **state)
{
    (void)state;
    kb_feed *f = parse_file(FIXTURES "rss2.xml", NULL);
    assert_str(f->items[1].title, "Caf\xc3\xa9 talk: the undated rumor");
    kb_feed_free(f);
    const char *doc = "<rss version=\"2.0\"><channel><title>a&nbsp;b &hearts; "
                      "&eacute;t&eacute; &unknown; AT&T</title></channel></rss>";
    f = parse_ok(doc, strlen(doc), NULL);
    assert_str(f->title, "a b \xe2\x99\xa5 \xc3\xa9t\xc3\xa9 &unknown; AT&T");
    kb_feed_free(f);
}

static void atom10_links_resolve_against_nested_xml_base(void **state)
{
    (void)state;
    kb_feed *f = parse_file(FIXTURES "atom10-base.xml", "https://elsewhere.example/feed");
    assert_str(f->format, "atom1.0");
    assert_str(f->title, "AI & Cloud");
    assert_str(f->link, "https://news.example/ai/");
    assert_str(f->lang, "en");
    assert_int_equal(f->nitems, 2);
    kb_feed_item *it = &f->items[0];
    /* feed xml:base, then the entry's relative one, then the href. */
    assert_str(it->link, "https://news.example/ai/2024/07/llama-3-1.html");
    assert_str(it->id, "tag:news.example,2024:llama-3-1");
    assert_str(it->title, "Llama 3.1 released");
    assert_str(it->authors, "Ann Analyst, Bob Writer");
    assert_str(it->lang, "en");
    /* type="text" is literal text: what looks like markup is kept. */
    assert_str(it->summary, "Open weights <b>are</b> here.");
    assert_str(it->text, "Premier paragraphe.\n\nSecond lien.");
    /* The link's own xml:base counts too; the feed's author is inherited. */
    assert_str(f->items[1].link, "https://news.example/ai/other/page.html");
    assert_str(f->items[1].authors, "Newsroom");
    kb_feed_free(f);
}

static void rss10_items_beside_the_channel_are_read(void **state)
{
    (void)state;
    kb_feed *f = parse_file(FIXTURES "rss1-rdf.xml", NULL);
    assert_str(f->format, "rss1.0");
    assert_str(f->title, "Infra Notes");
    assert_str(f->lang, "de");
    assert_int_equal(f->nitems, 2);
    assert_str(f->items[0].title, "A 24,000-GPU cluster");
    assert_str(f->items[0].link, "http://infra.example/gpu-cluster");
    assert_str(f->items[0].id, "http://infra.example/gpu-cluster");
    assert_str(f->items[0].published, "2024-03-12T08:00:00Z");
    assert_str(f->items[0].authors, "Kim Lee");
    assert_str(f->items[0].lang, "de");
    assert_str(f->items[1].published, "2024-04");
    kb_feed_free(f);
}

static void atom03_entries_are_read_in_their_declared_encoding(void **state)
{
    (void)state;
    kb_feed *f = parse_file(FIXTURES "atom03.xml", NULL);
    assert_str(f->format, "atom0.3");
    assert_str(f->link, "http://old.example/");
    assert_int_equal(f->nitems, 1);
    kb_feed_item *it = &f->items[0];
    assert_str(it->title, "Caf\xc3\xa9 news");
    assert_str(it->link, "http://old.example/2004/06/cafe");
    assert_str(it->published, "2004-06-01T08:00:00Z");
    assert_str(it->updated, "2004-06-01T11:00:00Z");
    assert_str(it->authors, "Feed Author");
    /* iso-8859-1 bytes, decoded. */
    assert_str(it->summary, "Caf\xc3\xa9 cr\xc3\xa8me, in Latin-1");
    assert_str(it->text, "First.\n\nSecond.");
    kb_feed_free(f);
}

static void cdf_channels_are_read(void **state)
{
    (void)state;
    const char *doc = "<CHANNEL HREF=\"http://cdf.example/\"><TITLE>Old</TITLE>"
                      "<ITEM HREF=\"http://cdf.example/a\" LASTMOD=\"2004-04-06T23:05:43-05:00\">"
                      "<TITLE>Item</TITLE><ABSTRACT>About it</ABSTRACT></ITEM></CHANNEL>";
    kb_feed *f = parse_ok(doc, strlen(doc), NULL);
    assert_str(f->format, "cdf");
    assert_str(f->link, "http://cdf.example/");
    assert_int_equal(f->nitems, 1);
    assert_str(f->items[0].title, "Item");
    assert_str(f->items[0].link, "http://cdf.example/a");
    assert_str(f->items[0].summary, "About it");
    assert_str(f->items[0].updated, "2004-04-07T04:05:43Z");
    kb_feed_free(f);
}

/* ---- encodings ---------------------------------------------------------- */

static char *widen(const char *s, int width, int big, int bom, size_t *len)
{
    /* s is ASCII but for "\xc3\xa9" (é), which becomes U+00E9. */
    size_t n = strlen(s);
    char *out = calloc(n + 1, (size_t)width);
    size_t j = 0;
    unsigned long cps[4096];
    size_t m = 0;
    if (bom)
        cps[m++] = 0xFEFF;
    for (size_t i = 0; i < n; i++) {
        if ((unsigned char)s[i] == 0xC3) {
            cps[m++] = 0xC0 | ((unsigned char)s[++i] & 0x3F);
        } else {
            cps[m++] = (unsigned char)s[i];
        }
    }
    for (size_t i = 0; i < m; i++)
        for (int k = 0; k < width; k++) {
            int shift = 8 * (big ? width - 1 - k : k);
            out[j++] = (char)((cps[i] >> shift) & 0xFF);
        }
    *len = j;
    return out;
}

static void utf16_and_utf32_feeds_are_decoded_with_or_without_bom(void **state)
{
    (void)state;
    const char *doc = "<?xml version=\"1.0\" encoding=\"utf-16\"?>"
                      "<rss version=\"2.0\"><channel><item><title>Caf\xc3\xa9 &eacute;</title>"
                      "</item></channel></rss>";
    for (int width = 2; width <= 4; width += 2)
        for (int big = 0; big <= 1; big++)
            for (int bom = 0; bom <= 1; bom++) {
                size_t len;
                char *wide = widen(doc, width, big, bom, &len);
                assert_true(kb_feed_sniff(wide, len));
                kb_feed *f = parse_ok(wide, len, NULL);
                assert_int_equal(f->nitems, 1);
                assert_str(f->items[0].title, "Caf\xc3\xa9 \xc3\xa9");
                kb_feed_free(f);
                free(wide);
            }
}

static void invalid_utf8_is_replaced_never_stored(void **state)
{
    (void)state;
    const char *doc = "<rss version=\"2.0\"><channel><item><title>bad \xff\xfe bytes \xc3</title>"
                      "<description>ok \x01 \xed\xa0\x80</description></item></channel></rss>";
    kb_feed *f = parse_ok(doc, strlen(doc), NULL);
    assert_str(f->items[0].title, "bad \xef\xbf\xbd\xef\xbf\xbd bytes \xef\xbf\xbd");
    assert_str(f->items[0].summary, "ok \xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd");
    assert_clean(f);
    kb_feed_free(f);
}

static void controls_become_spaces_and_latin1_reads_as_windows_1252(void **state)
{
    (void)state;
    const char *doc = "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n"
                      "<rss version=\"2.0\"><channel><title>Chan\x0cnel</title><item>"
                      "<title>It\x92s \x1b[31mred\x7fnow</title>"
                      "<description>one\x0btwo &#xFFFE; three\r\nfour &#x85;five six&#27;seven</description>"
                      "<author>jo@example.com (Jo\x01Smith)</author></item></channel></rss>";
    kb_feed *f = parse_ok(doc, strlen(doc), NULL);
    assert_clean(f);
    assert_str(f->title, "Chan nel");
    assert_str(f->items[0].title, "It\xe2\x80\x99s [31mred now");
    /* a reference to a C1 control is a Windows-1252 character, as in a page
     * (&#x85; an ellipsis); other controls are spaces */
    assert_str(f->items[0].summary, "one two \xef\xbf\xbd three four \xe2\x80\xa6" "five six seven");
    assert_str(f->items[0].authors, "Jo Smith");
    kb_feed_free(f);
}

static void c1_controls_and_noncharacters_in_utf8_are_mended(void **state)
{
    (void)state;
    const char *doc = "<rss version=\"2.0\"><channel><item><title>Acme\xc2\x85" "Corp "
                      "\xef\xbf\xbe" "end</title></item></channel></rss>";
    kb_feed *f = parse_ok(doc, strlen(doc), NULL);
    assert_clean(f);
    /* a C1 control written as such is a control (the text policy): a space;
     * only a reference to one (&#146;) is read as Windows-1252 */
    assert_str(f->items[0].title, "Acme Corp \xef\xbf\xbd" "end");
    kb_feed_free(f);
}

static void windows_1252_references_read_as_their_characters(void **state)
{
    (void)state;
    /* feedparser's demoronize case: &#146; in an RSS description */
    const char *doc = "<rss version=\"2.0\"><channel><item><title>It&#146;s</title>"
                      "<description>don&#146;t</description></item></channel></rss>";
    kb_feed *f = parse_ok(doc, strlen(doc), NULL);
    assert_clean(f);
    assert_str(f->items[0].title, "It\xe2\x80\x99s");
    assert_str(f->items[0].summary, "don\xe2\x80\x99t");
    kb_feed_free(f);
}

static void a_formula_or_a_drawing_in_a_summary_keeps_its_text(void **state)
{
    (void)state;
    const char *doc = "<feed xmlns=\"http://www.w3.org/2005/Atom\"><entry>"
                      "<summary type=\"xhtml\"><div xmlns=\"http://www.w3.org/1999/xhtml\">"
                      "<math xmlns=\"http://www.w3.org/1998/Math/MathML\"><mi>a</mi><mo>+</mo>"
                      "<mi>b</mi></math></div></summary></entry></feed>";
    kb_feed *f = parse_ok(doc, strlen(doc), NULL);
    assert_clean(f);
    assert_str(f->items[0].summary, "a+b");
    kb_feed_free(f);
}

/* ---- hostile and broken input ------------------------------------------- */

static double seconds(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static void a_billion_laughs_is_refused_quickly(void **state)
{
    (void)state;
    size_t len;
    char *data = slurp(FIXTURES "billion-laughs.xml", &len);
    kb_error e;
    double t = seconds();
    const char *why = refusal(data, len, &e);
    assert_true(seconds() - t < 2.0);
    assert_contains(why, "entit");
    free(data);

    /* Below libxml2's own loop detection, the expansion budget holds. */
    kb_feed *f = NULL;
    char doc[4096];
    char big[1001];
    memset(big, 'x', 1000);
    big[1000] = '\0';
    int n = snprintf(doc, sizeof doc,
                     "<!DOCTYPE rss [<!ENTITY a \"%s\">]><rss version=\"2.0\"><channel>", big);
    char *many = malloc(2000000);
    memcpy(many, doc, (size_t)n);
    size_t m = (size_t)n;
    memcpy(many + m, "<title>", 7);
    m += 7;
    for (int i = 0; i < 2000; i++) {
        memcpy(many + m, "&a;", 3);
        m += 3;
    }
    const char *tail = "</title></channel></rss>";
    memcpy(many + m, tail, strlen(tail));
    m += strlen(tail);
    kb_code rc = kb_feed_parse(many, m, NULL, &f, &e);
    assert_int_equal(rc, KB_ERR_INPUT);
    assert_contains(e.message, "entities expand");
    free(many);
}

static void an_external_entity_is_never_fetched(void **state)
{
    (void)state;
    kb_feed *f = parse_file(FIXTURES "external-entity.xml", NULL);
    const char *s[64];
    size_t n = strings_of(f, s, 64);
    for (size_t i = 0; i < n; i++)
        if (s[i] && (strstr(s[i], "root:") || strstr(s[i], "/bin/")))
            fail_msg("/etc/passwd leaked: '%s'", s[i]);
    assert_str(f->items[0].title, "Leak");
    kb_feed_free(f);
}

static void a_web_page_is_refused_as_not_a_feed(void **state)
{
    (void)state;
    size_t len;
    char *data = slurp(FIXTURES "not-a-feed.html", &len);
    kb_error e;
    assert_str(refusal(data, len, &e), "not a feed: root element <html>");
    assert_false(kb_feed_sniff(data, len));
    free(data);
}

static void empty_binary_and_truncated_input_is_refused_with_a_reason(void **state)
{
    (void)state;
    kb_error e;
    refusal("", 0, &e);
    refusal(" \n\t ", 4, &e);
    char garbage[4096];
    unsigned x = 12345;
    for (size_t i = 0; i < sizeof garbage; i++) {
        x = x * 1103515245u + 12345u;
        garbage[i] = (char)(x >> 16);
    }
    garbage[0] = '\x7f'; /* not '<' and not a BOM */
    refusal(garbage, sizeof garbage, &e);
    assert_contains(refusal("<?xml version=\"1.0\"?>", 21, &e), "not well-formed");
    refusal("<", 1, &e);
    /* A truncated feed that recovery saves is returned, cleanly. */
    const char *cut = "<rss version=\"2.0\"><channel><title>T</title><item><title><![CD";
    kb_feed *f = NULL;
    kb_code rc = kb_feed_parse(cut, strlen(cut), NULL, &f, &e);
    assert_true(rc == KB_OK || rc == KB_ERR_INPUT);
    if (rc == KB_OK)
        assert_str(f->title, "T");
    kb_feed_free(f);
}

static char *repeat(const char *head, const char *unit, size_t times, const char *tail,
                    size_t *len)
{
    size_t hl = strlen(head), ul = strlen(unit), tl = strlen(tail);
    char *s = malloc(hl + ul * times + tl + 1);
    assert_non_null(s);
    memcpy(s, head, hl);
    for (size_t i = 0; i < times; i++)
        memcpy(s + hl + i * ul, unit, ul);
    memcpy(s + hl + ul * times, tail, tl + 1);
    *len = hl + ul * times + tl;
    return s;
}

static void huge_lines_and_deep_nesting_return_quickly(void **state)
{
    (void)state;
    static const struct {
        const char *head, *unit, *tail;
        size_t times;
    } cases[] = {
        {"<rss version=\"2.0\"><channel><item><title>", "a", "</title></item></channel></rss>",
         10000000},
        {"<rss version=\"2.0\"><channel><item><description>", "&lt;b&gt;x",
         "</description></item></channel></rss>", 1000000},
        {"<rss version=\"2.0\"><channel><item><description>", "<div>",
         "</description></item></channel></rss>", 100000},
        {"<rss version=\"2.0\"><channel><item><description><![CDATA[", "<font>",
         "text]]></description></item></channel></rss>", 100000},
        {"<rss version=\"2.0\"><channel><item><title>", "<!--",
         "</title></item></channel></rss>", 1000000},
        {"<rss version=\"2.0\"><channel><item><title>", "& ", "</title></item></channel></rss>",
         1000000},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        size_t len;
        char *doc = repeat(cases[i].head, cases[i].unit, cases[i].times, cases[i].tail, &len);
        kb_feed *f = NULL;
        kb_error e;
        double t = seconds();
        kb_code rc = kb_feed_parse(doc, len, NULL, &f, &e);
        double took = seconds() - t;
        if (rc != KB_OK && rc != KB_ERR_INPUT)
            fail_msg("case %zu: code %d", i, rc);
        if (took > 20.0)
            fail_msg("case %zu took %.1fs", i, took);
        kb_feed_free(f);
        free(doc);
    }
}

static void sniffing_finds_feeds_after_a_prolog(void **state)
{
    (void)state;
    static const char *const feeds[] = {
        "<rss version=\"2.0\">",
        "\xef\xbb\xbf<?xml version=\"1.0\"?>\n<!-- a comment -->\n<feed xmlns=\"x\">",
        "<?xml version=\"1.0\"?><!DOCTYPE rss [<!ENTITY a \"<b>\">]>\n<rss>",
        "  <rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">",
        "<atom:feed xmlns:atom=\"http://www.w3.org/2005/Atom\">",
    };
    for (size_t i = 0; i < sizeof feeds / sizeof *feeds; i++)
        if (!kb_feed_sniff(feeds[i], strlen(feeds[i])))
            fail_msg("not sniffed as a feed: %s", feeds[i]);
    static const char *const others[] = {
        "", "<html><body>", "<!DOCTYPE html><html>", "plain text", "<?xml version=\"1.0\"?><kb>",
        "<rssfeed>",
    };
    for (size_t i = 0; i < sizeof others / sizeof *others; i++)
        if (kb_feed_sniff(others[i], strlen(others[i])))
            fail_msg("sniffed as a feed: %s", others[i]);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_corpus_feed_is_parsed_or_refused_with_a_reason),
        cmocka_unit_test(hostile_html_in_the_corpus_never_comes_through_as_text),
        cmocka_unit_test(rss2_items_give_their_fields),
        cmocka_unit_test(a_feed_with_more_attributes_on_one_element_than_kb_reads_is_refused),
        cmocka_unit_test(content_encoded_is_preferred_and_reduced_to_paragraphs),
        cmocka_unit_test(rfc822_and_rfc3339_dates_are_normalized_and_kept_raw),
        cmocka_unit_test(a_date_that_does_not_parse_is_kept_raw_and_the_item_returned),
        cmocka_unit_test(an_item_without_a_link_is_returned_with_none),
        cmocka_unit_test(relative_links_resolve_against_the_document_url),
        cmocka_unit_test(html_named_entities_are_decoded),
        cmocka_unit_test(atom10_links_resolve_against_nested_xml_base),
        cmocka_unit_test(rss10_items_beside_the_channel_are_read),
        cmocka_unit_test(atom03_entries_are_read_in_their_declared_encoding),
        cmocka_unit_test(cdf_channels_are_read),
        cmocka_unit_test(utf16_and_utf32_feeds_are_decoded_with_or_without_bom),
        cmocka_unit_test(invalid_utf8_is_replaced_never_stored),
        cmocka_unit_test(controls_become_spaces_and_latin1_reads_as_windows_1252),
        cmocka_unit_test(c1_controls_and_noncharacters_in_utf8_are_mended),
        cmocka_unit_test(windows_1252_references_read_as_their_characters),
        cmocka_unit_test(a_formula_or_a_drawing_in_a_summary_keeps_its_text),
        cmocka_unit_test(a_billion_laughs_is_refused_quickly),
        cmocka_unit_test(an_external_entity_is_never_fetched),
        cmocka_unit_test(a_web_page_is_refused_as_not_a_feed),
        cmocka_unit_test(empty_binary_and_truncated_input_is_refused_with_a_reason),
        cmocka_unit_test(huge_lines_and_deep_nesting_return_quickly),
        cmocka_unit_test(sniffing_finds_feeds_after_a_prolog),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
