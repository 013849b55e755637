/* URLs are canonicalized so that the same page is found again. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "kb/url.h"

static void expect(const char *url, const char *base, const char *want)
{
    char *got = kb_url_canonical(url, base);
    if (!want) {
        if (got)
            fail_msg("'%s' should be refused, got '%s'", url, got);
        return;
    }
    if (!got || strcmp(got, want) != 0)
        fail_msg("'%s' gave '%s', not '%s'", url, got ? got : "(null)", want);
    free(got);
}

static void scheme_host_port_and_fragment_are_normalized(void **state)
{
    (void)state;
    expect("HTTPS://WWW.Example.COM:443/News/Story?id=7#comments", NULL,
           "https://www.example.com/News/Story?id=7");
    expect("http://example.com:80", NULL, "http://example.com/");
    expect("http://example.com:8080/a", NULL, "http://example.com:8080/a");
    expect("  https://example.com/a  ", NULL, "https://example.com/a");
}

static void tracking_parameters_are_dropped(void **state)
{
    (void)state;
    expect("https://example.com/a?utm_source=x&id=1&UTM_MEDIUM=y&fbclid=abc", NULL,
           "https://example.com/a?id=1");
    expect("https://example.com/a?utm_campaign=z", NULL, "https://example.com/a");
    expect("https://example.com/a?gclid=1&q=llama+3.1", NULL, "https://example.com/a?q=llama+3.1");
}

static void relative_links_resolve_against_the_base(void **state)
{
    (void)state;
    expect("/story/2", "https://example.com/news/1", "https://example.com/story/2");
    expect("2", "https://example.com/news/1", "https://example.com/news/2");
    expect("//cdn.example.com/x", "https://example.com/", "https://cdn.example.com/x");
}

static void what_is_not_a_web_address_is_refused(void **state)
{
    (void)state;
    expect("javascript:alert(1)", NULL, NULL);
    expect("mailto:a@example.com", NULL, NULL);
    expect("/relative/only", NULL, NULL);
    expect("http://", NULL, NULL);
}

static void hosts_lose_their_www(void **state)
{
    (void)state;
    char *h = kb_url_host("https://WWW.MarketWatch.com/story");
    assert_string_equal(h, "marketwatch.com");
    free(h);
    assert_null(kb_url_host("not a url"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(scheme_host_port_and_fragment_are_normalized),
        cmocka_unit_test(tracking_parameters_are_dropped),
        cmocka_unit_test(relative_links_resolve_against_the_base),
        cmocka_unit_test(what_is_not_a_web_address_is_refused),
        cmocka_unit_test(hosts_lose_their_www),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
