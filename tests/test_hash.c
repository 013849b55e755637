/* SHA-256 against the FIPS 180-4 examples; text hashes ignore spacing only. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <string.h>

#include "kb/hash.h"

static void sha256_matches_the_standard_vectors(void **state)
{
    (void)state;
    char out[65];
    kb_sha256_hex("", 0, out);
    assert_string_equal(out, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    kb_sha256_hex("abc", 3, out);
    assert_string_equal(out, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    const char *two = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
    kb_sha256_hex(two, strlen(two), out);
    assert_string_equal(out, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

static void text_hash_ignores_spacing_but_not_words(void **state)
{
    (void)state;
    char a[65], b[65], c[65];
    kb_text_hash("Meta shares rose.\n\nAnalysts split.", a);
    kb_text_hash("  Meta shares  rose. Analysts\tsplit.\n", b);
    kb_text_hash("Meta shares fell. Analysts split.", c);
    assert_string_equal(a, b);
    assert_string_not_equal(a, c);
}

static void blank_text_has_no_hash(void **state)
{
    (void)state;
    char h[65];
    kb_text_hash(" \n\t ", h);
    assert_string_equal(h, "");
    kb_text_hash(NULL, h);
    assert_string_equal(h, "");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(sha256_matches_the_standard_vectors),
        cmocka_unit_test(text_hash_ignores_spacing_but_not_words),
        cmocka_unit_test(blank_text_has_no_hash),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
