/* HTML fragments (a feed item's content) become plain text: what a reader
 * sees, in paragraphs, and never what a browser would run. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <libxml/xmlstring.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "kb/html.h"
#include "kb/xml.h"

static void expect(const char *html, const char *want)
{
    char *got = kb_html_fragment_text(html, strlen(html));
    assert_non_null(got);
    if (strcmp(got, want) != 0)
        fail_msg("'%s' gave '%s', not '%s'", html, got, want);
    free(got);
}

static void plain_text_comes_back_with_its_white_space_normalized(void **state)
{
    (void)state;
    expect("Meta may start a cloud business.", "Meta may start a cloud business.");
    expect("  runs   of\tspaces\n collapse  ", "runs of spaces collapse");
    expect("one paragraph\n\n\nanother\r\n\r\nthird", "one paragraph\n\nanother\n\nthird");
    expect("", "");
    expect(" \n ", "");
    char *s = kb_html_fragment_text(NULL, 0);
    assert_string_equal(s, "");
    free(s);
}

static void block_elements_are_separated_by_a_blank_line(void **state)
{
    (void)state;
    expect("<p>One <b>bold</b> word.</p><p>Two.</p>", "One bold word.\n\nTwo.");
    expect("<h1>Title</h1><ul><li>a</li><li>b</li></ul>", "Title\n\na\n\nb");
    expect("line<br>break<br/>again", "line\n\nbreak\n\nagain");
    expect("<div><div><p>nested</p></div></div>tail", "nested\n\ntail");
    expect("<table><tr><td>a</td><td>b</td></tr><tr><td>c</td></tr></table>", "a b\n\nc");
    expect("<p>  spaced   <i>out</i>  </p>", "spaced out");
}

static void block_elements_keep_words_apart_whatever_their_kind(void **state)
{
    (void)state;
    expect("<details><summary>Fact box</summary>Acme builds data centers.</details>",
           "Fact box\n\nAcme builds data centers.");
    expect("<fieldset><legend>Legend</legend>body</fieldset>", "Legend\n\nbody");
    expect("<figure><img src=x><figcaption>Caption</figcaption></figure>after",
           "Caption\n\nafter");
    expect("one<hr>two", "one\n\ntwo");
    expect("<table><caption>Cap</caption><tr><th>h</th><td>d</td></tr></table>", "Cap\n\nh d");
    /* inline elements, known or not, do not */
    expect("<p>a<span>b</span><em>c</em><custom-el>d</custom-el><abbr>e</abbr></p>", "abcde");
}

static void element_table_knows_blocks_inlines_voids_and_drops(void **state)
{
    (void)state;
    const kb_html_element *e = kb_html_element_named("details", 7);
    assert_non_null(e);
    assert_true(e->props & KB_HTML_BLOCK);
    e = kb_html_element_named("SUMMARY", 7);
    assert_non_null(e);
    assert_true(e->props & KB_HTML_BLOCK);
    e = kb_html_element_named("xhtml:script", 12);
    assert_non_null(e);
    assert_true(e->props & KB_HTML_DROP);
    assert_int_equal(e->role, KB_HTML_R_SCRIPT);
    e = kb_html_element_named("br", 2);
    assert_true((e->props & KB_HTML_BLOCK) && (e->props & KB_HTML_VOID));
    e = kb_html_element_named("span", 4);
    assert_int_equal(e->props, KB_HTML_INLINE);
    e = kb_html_element_named("td", 2);
    assert_int_equal(e->props, KB_HTML_CELL);
    e = kb_html_element_named("h3", 2);
    assert_int_equal(e->role, KB_HTML_R_HEADING);
    assert_null(kb_html_element_named("hl-trusted-source", 17));
    assert_null(kb_html_element_named("", 0));
}

static void links_are_kept_as_their_text(void **state)
{
    (void)state;
    expect("Read <a href=\"https://example.com/\">the report</a> now.", "Read the report now.");
}

static void scripts_styles_and_embedded_objects_are_dropped(void **state)
{
    (void)state;
    expect("safe<script>alert('x')</script> text", "safe text");
    expect("<style>p { color: red }</style>shown", "shown");
    expect("a<noscript>no</noscript><iframe src=x>frame</iframe>b", "ab");
    expect("a <object data=x>obj</object><embed src=y> b", "a b");
    /* A form is a block (pages wrap their whole body in one); its controls go. */
    expect("a <form><input value=v><button>Send</button><select><option>o</option>"
           "</select><textarea>t</textarea>form text</form> b",
           "a\n\nform text\n\nb");
    expect("a<video src=x>Your browser cannot play this.</video>b", "ab");
    /* In a fragment, a formula or a drawing's text is what the feed says. */
    expect("<p>Sum: <math><mi>a</mi><mo>+</mo><mi>b</mi></math></p>", "Sum: a+b");
    expect("<svg><title>foo</title></svg>", "foo");
    expect("<img src=x onerror=\"alert(1)\">caption", "caption");
    expect("<script\n\n>\nfunction executeMe() {}</script>after", "after");
    expect("<!-- <script> -->comment gone", "comment gone");
    /* Inline XHTML from a feed keeps its prefixes. */
    expect("<x:p xmlns:x=\"http://www.w3.org/1999/xhtml\">a<x:script>evil()</x:script>b</x:p>",
           "ab");
}

static void entities_are_decoded(void **state)
{
    (void)state;
    expect("caf&eacute; &amp; cr&egrave;me", "caf\xc3\xa9 & cr\xc3\xa8me");
    expect("<p>caf&eacute; &#8220;quoted&#x201D;</p>",
           "caf\xc3\xa9 \xe2\x80\x9cquoted\xe2\x80\x9d");
    expect("a&nbsp;b", "a b");
    expect("AT&T &unknown; &#0;", "AT&T &unknown; \xef\xbf\xbd");
    /* Windows-1252 code points written as Latin-1 ones, as browsers read them. */
    expect("don&#146;t", "don\xe2\x80\x99t");
    /* a reference to a control is a space, as kb stores controls (utf8.h) */
    expect("a&#27;b&#x0C;c&#127;d &#xFFFF;", "a b c d \xef\xbf\xbd");
    expect("raw\x1b[1mesc\x0c" "ff\xc2\x85nel", "raw [1mesc ff nel");
    expect("&lt;b&gt;literal&lt;/b&gt;", "<b>literal</b>");
    expect("a < b and c > d", "a < b and c > d");
}

static void output_is_always_valid_utf8(void **state)
{
    (void)state;
    expect("bad \xff\xfe bytes \xc3", "bad \xef\xbf\xbd\xef\xbf\xbd bytes \xef\xbf\xbd");
    expect("<p>bad \xed\xa0\x80 surrogate</p>",
           "bad \xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd surrogate");
    const char nul[] = "a\0b<b>c\0d</b>";
    char *s = kb_html_fragment_text(nul, sizeof nul - 1);
    assert_true(xmlCheckUTF8((const xmlChar *)s));
    assert_string_equal(s, "abcd");
    free(s);
    /* A meta charset does not make the parser read UTF-8 as Latin-1. */
    expect("<meta charset=\"iso-8859-1\"><p>caf\xc3\xa9</p>", "caf\xc3\xa9");
}

static void deep_nesting_keeps_its_text_and_returns_quickly(void **state)
{
    (void)state;
    size_t depth = 100000;
    char *s = malloc(depth * 6 + 200);
    assert_non_null(s);
    char *p = s;
    p += sizeof "<p>start</p>" - 1;
    memcpy(s, "<p>start</p>", sizeof "<p>start</p>" - 1);
    for (size_t i = 0; i < depth; i++, p += 6)
        memcpy(p, "<font>", 6);
    strcpy(p, "deep<script>x()</script><p>after &eacute;</p>");
    clock_t t = clock();
    char *text = kb_html_fragment_text(s, strlen(s));
    assert_true((double)(clock() - t) / CLOCKS_PER_SEC < 10.0);
    assert_string_equal(text, "start\n\ndeep\n\nafter \xc3\xa9");
    free(text);
    for (size_t i = 0; i < depth; i++)
        memcpy(s + i * 5, "<div>", 5);
    strcpy(s + depth * 5, "x");
    text = kb_html_fragment_text(s, strlen(s));
    assert_string_equal(text, "x");
    free(text);
    free(s);
}

static void large_fragments_take_linear_time(void **state)
{
    (void)state;
    const char *unit = "<p>Hello <b>world</b> &amp; more</p>";
    size_t ul = strlen(unit), times = 200000;
    char *s = malloc(ul * times + 1);
    assert_non_null(s);
    for (size_t i = 0; i < times; i++)
        memcpy(s + i * ul, unit, ul);
    s[ul * times] = '\0';
    clock_t t = clock();
    char *text = kb_html_fragment_text(s, ul * times);
    assert_true((double)(clock() - t) / CLOCKS_PER_SEC < 20.0);
    assert_int_equal(strlen(text), times * strlen("Hello world & more\n\n") - 2);
    free(text);
    free(s);
}

/* before, then an element <name> with n attributes, then after; caller frees. */
static char *crowded(const char *before, const char *name, int n, const char *after)
{
    size_t cap = strlen(before) + strlen(after) + 64 + (size_t)n * 24;
    char *s = malloc(cap);
    assert_non_null(s);
    size_t len = (size_t)snprintf(s, cap, "%s<%s", before, name);
    for (int i = 0; i < n; i++)
        len += (size_t)snprintf(s + len, cap - len, " data-a%d=\"%d\"", i, i);
    snprintf(s + len, cap - len, ">%s", after);
    return s;
}

static long crowded_line(const char *before, int n, const char *after, int html, char *name)
{
    char *s = crowded(before, "div", n, after);
    long line = kb_markup_crowded(s, strlen(s), html, name);
    free(s);
    return line;
}

static void an_element_with_more_attributes_than_kb_reads_is_found_by_its_line_and_name(
    void **state)
{
    (void)state;
    char name[64] = "";
    assert_int_equal(crowded_line("<p>\n", KB_MAX_ATTRIBUTES, "</div>", 1, name), 0);
    assert_int_equal(crowded_line("<p>\n\n", KB_MAX_ATTRIBUTES + 1, "</div>", 1, name), 3);
    assert_string_equal(name, "div");
    assert_int_equal(crowded_line("<p>\n", KB_MAX_ATTRIBUTES + 1, "</div>", 0, name), 2);
    /* what the parsers read as text is no element */
    assert_int_equal(crowded_line("<!-- ", 1000, " -->", 1, name), 0);
    assert_int_equal(crowded_line("<![CDATA[ ", 1000, " ]]>", 0, name), 0);
    assert_int_equal(crowded_line("<script>x = '", 1000, "'</script>", 1, name), 0);
    assert_int_equal(crowded_line("<a title='", 1000, "'>", 1, name), 0);
    /* a script is text in a page only */
    assert_int_equal(crowded_line("<script>\n", 1000, "</script>", 0, name), 2);
    /* and the scan goes on after it */
    assert_int_equal(crowded_line("<style>p {}</style>\n", 1000, "", 1, name), 2);
    assert_int_equal(kb_markup_crowded("<p a='>' b c>", 13, 1, name), 0);
    /* an entity's value is markup where it is used, its character references read */
    char *v = crowded("", "x", 1000, "");
    size_t vl = strlen(v), cap = vl * 2 + 128;
    char *doc = malloc(cap);
    assert_non_null(doc);
    size_t len = (size_t)snprintf(doc, cap, "<?xml version=\"1.0\"?>\n<!DOCTYPE r [\n<!ENTITY e \"");
    for (size_t i = 0; i < vl; i++) {
        const char *as = v[i] == '<' ? "&#60;" : v[i] == '"' ? "'" : NULL;
        len += as ? (size_t)snprintf(doc + len, cap - len, "%s", as)
                  : (size_t)snprintf(doc + len, cap - len, "%c", v[i]);
    }
    len += (size_t)snprintf(doc + len, cap - len, "\">]>\n<r>&e;</r>");
    assert_int_equal(kb_markup_crowded(doc, len, 0, name), 3);
    assert_string_equal(name, "x");
    free(doc);
    free(v);
    assert_int_equal(kb_markup_crowded("", 0, 1, name), 0);
}

static void a_fragment_with_more_attributes_than_kb_reads_keeps_its_text(void **state)
{
    (void)state;
    char *s = crowded("<p>Hello ", "b", 100000, "world</b> and more.</p>");
    char *text = kb_html_fragment_text(s, strlen(s));
    assert_non_null(text);
    assert_string_equal(text, "Hello world and more.");
    free(text);
    free(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(plain_text_comes_back_with_its_white_space_normalized),
        cmocka_unit_test(an_element_with_more_attributes_than_kb_reads_is_found_by_its_line_and_name),
        cmocka_unit_test(a_fragment_with_more_attributes_than_kb_reads_keeps_its_text),
        cmocka_unit_test(block_elements_are_separated_by_a_blank_line),
        cmocka_unit_test(links_are_kept_as_their_text),
        cmocka_unit_test(scripts_styles_and_embedded_objects_are_dropped),
        cmocka_unit_test(entities_are_decoded),
        cmocka_unit_test(output_is_always_valid_utf8),
        cmocka_unit_test(block_elements_keep_words_apart_whatever_their_kind),
        cmocka_unit_test(element_table_knows_blocks_inlines_voids_and_drops),
        cmocka_unit_test(deep_nesting_keeps_its_text_and_returns_quickly),
        cmocka_unit_test(large_fragments_take_linear_time),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
