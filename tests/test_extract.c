/* An HTML page gives its article: the main text without the boilerplate,
 * and the metadata, whatever state the page is in. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "kb/extract.h"
#include "kb/utf8.h"

#define FIXTURES "tests/fixtures/html/"

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        fail_msg("cannot open %s (the tests run from the repository root)", path);
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    rewind(f);
    char *data = malloc((size_t)n + 1);
    assert_non_null(data);
    assert_int_equal(fread(data, 1, (size_t)n, f), (size_t)n);
    fclose(f);
    data[n] = '\0';
    *len = (size_t)n;
    return data;
}

/* Every string of an article is clean (valid UTF-8, no control characters
 * but tab and newline) or NULL; the text is never NULL. */
static void assert_valid_utf8(const kb_article *a)
{
    const char *fields[] = {a->title, a->byline,      a->published, a->published_raw, a->modified,
                            a->url,   a->site,        a->lang,      a->description,   a->text};
    for (size_t i = 0; i < sizeof fields / sizeof *fields; i++)
        if (fields[i] && !kb_text_is_clean(fields[i], strlen(fields[i])))
            fail_msg("field %zu is not clean UTF-8: %s", i, fields[i]);
    assert_non_null(a->text);
}

static kb_article *extract(const char *html, size_t len, const char *url)
{
    kb_article *a = NULL;
    kb_error err;
    kb_code rc = kb_extract_html(html, len, url, &a, &err);
    if (rc != KB_OK)
        fail_msg("extraction failed: %s", err.message);
    assert_non_null(a);
    assert_valid_utf8(a);
    return a;
}

static kb_article *extract_fixture(const char *name, const char *url)
{
    char path[256];
    snprintf(path, sizeof path, FIXTURES "%s", name);
    size_t len;
    char *html = slurp(path, &len);
    kb_article *a = extract(html, len, url);
    free(html);
    return a;
}

static void assert_contains(const char *haystack, const char *needle)
{
    if (!haystack || !strstr(haystack, needle))
        fail_msg("'%s' not found in '%s'", needle, haystack ? haystack : "(null)");
}

static void assert_lacks(const char *haystack, const char *needle)
{
    if (haystack && strstr(haystack, needle))
        fail_msg("'%s' should not be in '%s'", needle, haystack);
}

static void json_ld_metadata_beats_the_title_and_opengraph(void **state)
{
    (void)state;
    kb_article *a = extract_fixture("article-jsonld.html", "https://ledger.example.com/tech/x");
    assert_string_equal(a->title, "Meta Weighs Selling Its AI Computing Power");
    /* Jane Doe is named by reference in the @graph. */
    assert_string_equal(a->byline, "Jane Doe and John Roe");
    assert_string_equal(a->published, "2024-07-23T08:30:00Z");
    assert_string_equal(a->published_raw, "2024-07-23T10:30:00+02:00");
    assert_string_equal(a->modified, "2024-07-24T09:00:00Z");
    assert_string_equal(a->site, "The Daily Ledger");
    assert_string_equal(a->lang, "en-GB");
    assert_string_equal(
        a->description,
        "Meta may rent out its AI infrastructure, people familiar with the plans say.");
    kb_article_free(a);
}

static void canonical_link_is_resolved_and_canonicalized(void **state)
{
    (void)state;
    kb_article *a = extract_fixture("article-jsonld.html", "https://ledger.example.com/tech/x");
    assert_string_equal(a->url, "https://ledger.example.com/tech/meta-cloud?id=42");
    kb_article_free(a);
}

static void opengraph_and_meta_tags_are_the_fallback(void **state)
{
    (void)state;
    kb_article *a = extract_fixture("opengraph.html", NULL);
    assert_string_equal(a->title, "Open weights, closed doors");
    assert_string_equal(a->site, "Model Watch");
    assert_string_equal(a->url, "https://www.modelwatch.example/2024/07/open-weights");
    assert_string_equal(a->description, "Why releasing weights is not the same as open source.");
    assert_string_equal(a->lang, "en-US");
    assert_string_equal(a->published, "2024-07-23T10:30:00Z");
    assert_string_equal(a->published_raw, "Tue, 23 Jul 2024 10:30:00 GMT");
    /* article:author is a profile URL here, not a name. */
    assert_string_equal(a->byline, "Ada Lovelace");
    kb_article_free(a);
}

static void title_loses_the_site_name_and_section(void **state)
{
    (void)state;
    kb_article *a = extract_fixture("title-suffix.html", NULL);
    assert_string_equal(a->title, "Rechenzentren brauchen mehr Strom als je zuvor");
    assert_string_equal(a->published, "2024-07-23");
    assert_string_equal(a->lang, "de");
    kb_article_free(a);
}

static void title_loses_a_short_trailing_segment(void **state)
{
    (void)state;
    kb_article *a = extract_fixture("title-short-suffix.html", NULL);
    assert_string_equal(a->title, "Nvidia ships its next accelerator early");
    kb_article_free(a);
}

static void site_falls_back_to_the_host(void **state)
{
    (void)state;
    kb_article *a = extract_fixture("title-short-suffix.html", "https://www.techdaily.example/a/1");
    assert_string_equal(a->site, "techdaily.example");
    assert_string_equal(a->url, "https://www.techdaily.example/a/1");
    kb_article_free(a);
}

static void boilerplate_is_left_out_of_the_text(void **state)
{
    (void)state;
    kb_article *a = extract_fixture("article-jsonld.html", NULL);
    assert_contains(a->text, "Meta Platforms is weighing whether to rent out");
    assert_contains(a->text, "A spokesperson for Meta declined to comment");
    assert_lacks(a->text, "Technology");             /* navigation */
    assert_lacks(a->text, "We use cookies");         /* cookie banner */
    assert_lacks(a->text, "technology newsletter");  /* newsletter box */
    assert_lacks(a->text, "exactly what I predicted"); /* comments */
    assert_lacks(a->text, "Comments");
    assert_lacks(a->text, "Llama 3.1 arrives");      /* related links */
    assert_lacks(a->text, "Chip makers rally");      /* sidebar */
    assert_lacks(a->text, "quiet rise");             /* teaser */
    assert_lacks(a->text, "Copyright 2024");         /* footer */
    assert_lacks(a->text, "Share on Twitter");       /* share buttons */
    assert_lacks(a->text, "Prineville");             /* caption */
    assert_lacks(a->text, "Jane Doe");               /* byline */
    assert_lacks(a->text, "Meta Weighs Selling");    /* the headline is the title, not text */
    kb_article_free(a);
}

static void paragraphs_are_separated_by_one_blank_line(void **state)
{
    (void)state;
    kb_article *a = extract_fixture("article-jsonld.html", NULL);
    assert_contains(a->text, "Amazon, Microsoft and Google.\n\nThe company has spent");
    /* White space inside a paragraph collapses to one space. */
    assert_contains(a->text, "Analysts are split. Some see an expansion");
    assert_lacks(a->text, "\n\n\n");
    assert_lacks(a->text, "  ");
    assert_true(a->text[0] != '\n' && a->text[0] != ' ');
    size_t n = strlen(a->text);
    assert_true(n > 0 && a->text[n - 1] != '\n' && a->text[n - 1] != ' ');
    /* Four paragraphs: three separators. */
    int separators = 0;
    for (const char *p = a->text; (p = strstr(p, "\n\n")) != NULL; p += 2)
        separators++;
    assert_int_equal(separators, 3);
    kb_article_free(a);
}

static void a_declared_latin1_page_is_decoded(void **state)
{
    (void)state;
    kb_article *a = extract_fixture("latin1.html", NULL);
    assert_string_equal(a->title, "Caf\xc3\xa9 cr\xc3\xa8me");
    assert_contains(a->text, "cr\xc3\xa8me br\xc3\xbbl\xc3\xa9" "e na\xc3\xafve");
    kb_article_free(a);
}

static void invalid_utf8_becomes_replacement_characters(void **state)
{
    (void)state;
    kb_article *a = extract_fixture("invalid-utf8.html", NULL);
    assert_string_equal(a->title, "Bytes \xef\xbf\xbd that are not UTF-8");
    assert_contains(a->text, "a lone \xef\xbf\xbd here");
    /* Latin-1 was not assumed: "é" would have appeared. */
    assert_lacks(a->text, "\xc3\xa9");
    kb_article_free(a);
}

static void invalid_json_ld_is_ignored(void **state)
{
    (void)state;
    kb_article *a = extract_fixture("jsonld-invalid.html", NULL);
    assert_string_equal(a->title, "A page with broken JSON-LD");
    assert_null(a->byline);
    assert_contains(a->text, "structured data on this page is not valid JSON");
    kb_article_free(a);
}

static void json_ld_article_body_stands_in_for_an_empty_page(void **state)
{
    (void)state;
    kb_article *a = extract_fixture("jsonld-body.html", NULL);
    assert_string_equal(a->byline, "Grace Hopper");
    assert_contains(a->text, "Hyperscalers spent more on data centers");
    assert_contains(a->text, "the industry.\n\nMicrosoft, Alphabet");
    assert_contains(a->text, "pay for itself & more.");
    assert_lacks(a->text, "Loading");
    kb_article_free(a);
}

static void empty_input_gives_an_empty_article(void **state)
{
    (void)state;
    kb_article *a = extract("", 0, NULL);
    assert_string_equal(a->text, "");
    assert_null(a->title);
    assert_null(a->url);
    kb_article_free(a);
    a = extract("  \n\t ", 5, NULL);
    assert_string_equal(a->text, "");
    kb_article_free(a);
}

static void binary_input_is_refused(void **state)
{
    (void)state;
    unsigned char junk[4096];
    unsigned x = 12345;
    for (size_t i = 0; i < sizeof junk; i++) {
        x = x * 1103515245u + 12345u;
        junk[i] = (unsigned char)(x >> 16);
    }
    kb_article *a = NULL;
    kb_error err;
    assert_int_equal(kb_extract_html((const char *)junk, sizeof junk, NULL, &a, &err),
                     KB_ERR_INPUT);
    assert_null(a);
    assert_contains(err.message, "binary");
    /* Random bytes without a single NUL are no page either: too many controls. */
    for (size_t i = 0; i < sizeof junk; i++)
        if (!junk[i])
            junk[i] = 0xff;
    assert_int_equal(kb_extract_html((const char *)junk, sizeof junk, NULL, &a, &err),
                     KB_ERR_INPUT);
    assert_null(a);
    assert_contains(err.message, "binary");
    /* A page with a stray control or two is damaged, not binary: it is read. */
    const char *damaged = "<p>A page\x01 with a\x02 stray control, read all the same.</p>";
    a = extract(damaged, strlen(damaged), NULL);
    assert_string_equal(a->text, "A page with a stray control, read all the same.");
    kb_article_free(a);
}

static void truncated_html_keeps_what_it_has(void **state)
{
    (void)state;
    const char *html = "<html><head><title>Cut short</title></head><body><article>"
                       "<p>The first paragraph of this page arrived whole, "
                       "with all of its words.</p>"
                       "<p>The second one was cut off in the mid<b>dle of a <i>wo";
    kb_article *a = extract(html, strlen(html), NULL);
    assert_string_equal(a->title, "Cut short");
    assert_contains(a->text, "arrived whole, with all of its words.\n\nThe second one");
    assert_contains(a->text, "mid");
    kb_article_free(a);
}

/* A page nested depth levels deep around two words. */
static char *nested(size_t depth, size_t *len)
{
    const char *open = "<div><span>", *close = "</span></div>";
    char *html = malloc(depth * (strlen(open) + strlen(close)) + 64);
    assert_non_null(html);
    size_t n = 0;
    for (size_t i = 0; i < depth; i++, n += strlen(open))
        memcpy(html + n, open, strlen(open));
    n += (size_t)sprintf(html + n, "deep words");
    for (size_t i = 0; i < depth; i++, n += strlen(close))
        memcpy(html + n, close, strlen(close));
    *len = n;
    return html;
}

static double seconds(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static void deep_nesting_returns_promptly_with_its_words_or_none(void **state)
{
    (void)state;
    size_t n;
    /* Nesting a page really has: its words come through. */
    char *html = nested(100, &n);
    kb_article *a = extract(html, n, NULL);
    assert_string_equal(a->text, "deep words");
    kb_article_free(a);
    free(html);

    /* 100,000 levels: past what the parser builds, so the words may be lost,
     * but extraction returns, soon, with nothing made up. */
    html = nested(100000, &n);
    double t0 = seconds();
    a = extract(html, n, NULL);
    assert_true(strcmp(a->text, "") == 0 || strcmp(a->text, "deep words") == 0);
    assert_null(a->title);
    kb_article_free(a);
    /* Unclosed, too. */
    a = extract(html, n / 2, NULL);
    assert_true(strlen(a->text) <= strlen("deep words"));
    kb_article_free(a);
    assert_true(seconds() - t0 < 10.0);
    free(html);
}

static void block_elements_keep_words_apart(void **state)
{
    (void)state;
    const char *html =
        "<html><body><article><p>Acme said on Tuesday that it would build three new data "
        "centers in Ohio, adding capacity for its cloud.</p><details><summary>Fact box</summary>"
        "Acme was founded in 1990 and builds servers.</details></article></body></html>";
    kb_article *a = extract(html, strlen(html), NULL);
    assert_contains(a->text, "Fact box\n\nAcme was founded");
    assert_lacks(a->text, "boxAcme");
    kb_article_free(a);
}

static void text_after_an_embed_is_kept(void **state)
{
    (void)state;
    /* libxml2 nests what follows an <embed> inside it; it is the page's text. */
    const char *html =
        "<html><body><div><p>Before the embed there is a paragraph of text, long enough to "
        "count as one. <embed src=\"x.swf\">After the embed comes more of the same paragraph."
        "</p></div></body></html>";
    kb_article *a = extract(html, strlen(html), NULL);
    assert_contains(a->text, "After the embed comes more");
    kb_article_free(a);
}

static void controls_in_the_page_become_spaces(void **state)
{
    (void)state;
    const char *html =
        "<html><head><title>Form\ffeed \x1b[31mtitle</title></head><body><p>Acme\fCorp said "
        "on\x1b[2J Tuesday that it\xC2\x85would build three new data centers, "
        "and\x7f more, it&#x85;said &#146;so&#146;, a&#27;b&#x0C;c&#x1b;d&#9;e.</p></body></html>";
    kb_article *a = extract(html, strlen(html), NULL);
    assert_contains(a->text, "Acme Corp said on [2J Tuesday that it would build");
    /* a character reference to a C1 control reads as windows-1252, as in browsers */
    assert_contains(a->text, "and more, it\xE2\x80\xA6said \xE2\x80\x99so\xE2\x80\x99, a b c d e.");
    assert_string_equal(a->title, "Form feed [31mtitle");
    for (const char *p = a->text; *p; p++)
        assert_true((unsigned char)*p >= 0x20 || *p == '\n' || *p == '\t');
    assert_null(strstr(a->text, "\xC2\x85"));
    kb_article_free(a);
}

static void pages_over_the_limit_are_refused(void **state)
{
    (void)state;
    size_t len = (size_t)KB_MAX_FILE_BYTES + 1;
    char *html = calloc(len, 1);
    assert_non_null(html);
    kb_article *a = NULL;
    kb_error err;
    assert_int_equal(kb_extract_html(html, len, NULL, &a, &err), KB_ERR_INPUT);
    assert_null(a);
    assert_contains(err.message, "too large");
    free(html);
}

static void a_page_of_short_lines_still_has_text(void **state)
{
    (void)state;
    const char *html = "<html><body><nav><a href='/'>Home</a></nav><p>Meeting moved to 3pm.</p>"
                       "<p>Bring the slides.</p></body></html>";
    kb_article *a = extract(html, strlen(html), NULL);
    assert_string_equal(a->text, "Meeting moved to 3pm.\n\nBring the slides.");
    kb_article_free(a);
}

static void html_is_told_from_feeds_and_notes(void **state)
{
    (void)state;
    const char *page = "<!DOCTYPE html><html><head><title>x</title></head></html>";
    const char *fragment = "\n  <div class=\"post\"><p>Hello</p></div>";
    const char *rss = "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel></channel></rss>";
    const char *atom =
        "<?xml version=\"1.0\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\"></feed>";
    const char *note = "# A note\n\nPlain text, with <no> markup worth the name.";
    const char *inline_html = "A note that links <a href=\"https://example.com\">a page</a>.";
    const char *commented = "\xEF\xBB\xBF<!-- saved from a browser -->\n<!DOCTYPE html><html></html>";
    assert_true(kb_extract_is_html(page, strlen(page)));
    assert_true(kb_extract_is_html(fragment, strlen(fragment)));
    assert_false(kb_extract_is_html(rss, strlen(rss)));
    assert_false(kb_extract_is_html(atom, strlen(atom)));
    assert_false(kb_extract_is_html(note, strlen(note)));
    assert_false(kb_extract_is_html(inline_html, strlen(inline_html)));
    assert_true(kb_extract_is_html(commented, strlen(commented)));
    assert_false(kb_extract_is_html("", 0));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(json_ld_metadata_beats_the_title_and_opengraph),
        cmocka_unit_test(canonical_link_is_resolved_and_canonicalized),
        cmocka_unit_test(opengraph_and_meta_tags_are_the_fallback),
        cmocka_unit_test(title_loses_the_site_name_and_section),
        cmocka_unit_test(title_loses_a_short_trailing_segment),
        cmocka_unit_test(site_falls_back_to_the_host),
        cmocka_unit_test(boilerplate_is_left_out_of_the_text),
        cmocka_unit_test(paragraphs_are_separated_by_one_blank_line),
        cmocka_unit_test(a_declared_latin1_page_is_decoded),
        cmocka_unit_test(invalid_utf8_becomes_replacement_characters),
        cmocka_unit_test(invalid_json_ld_is_ignored),
        cmocka_unit_test(json_ld_article_body_stands_in_for_an_empty_page),
        cmocka_unit_test(empty_input_gives_an_empty_article),
        cmocka_unit_test(binary_input_is_refused),
        cmocka_unit_test(truncated_html_keeps_what_it_has),
        cmocka_unit_test(deep_nesting_returns_promptly_with_its_words_or_none),
        cmocka_unit_test(block_elements_keep_words_apart),
        cmocka_unit_test(text_after_an_embed_is_kept),
        cmocka_unit_test(controls_in_the_page_become_spaces),
        cmocka_unit_test(pages_over_the_limit_are_refused),
        cmocka_unit_test(a_page_of_short_lines_still_has_text),
        cmocka_unit_test(html_is_told_from_feeds_and_notes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
