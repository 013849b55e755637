/* kb search: one ranked list of entities, claims, debates and sources. */
#include <getopt.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "cli.h"
#include "kb/buf.h"
#include "kb/csv.h"
#include "kb/date.h"
#include "kb/json.h"
#include "kb/md.h"
#include "kb/search.h"
#include "kb/utf8.h"

/* The snippet on one line with its marks made open and close (bold, **, or
 * nothing); for people, the text between them escaped as kb_text_escape
 * does, for JSON as it is. */
static char *render_marks(const char *s, const char *open, const char *close, int people)
{
    kb_buf b = KB_BUF_INIT;
    while (s && *s) {
        size_t n = strcspn(s, KB_MARK_OPEN KB_MARK_CLOSE "\n\r\t");
        if (people)
            kb_text_escape(&b, s, n);
        else
            kb_buf_append(&b, s, n);
        s += n;
        if (!*s)
            break;
        kb_buf_puts(&b, *s == KB_MARK_OPEN[0] ? open : *s == KB_MARK_CLOSE[0] ? close : " ");
        s++;
    }
    return kb_buf_take(&b);
}

static const char *from_of(const kb_hit *h)
{
    return h->publisher && strcmp(h->kind, "claim") != 0 ? h->publisher
           : h->subject                                  ? h->subject
                                                         : "";
}

/* The terminal's width: $COLUMNS, else the tty's, else 80. */
static size_t term_width(void)
{
    const char *c = getenv("COLUMNS");
    long v = c ? strtol(c, NULL, 10) : 0;
    struct winsize ws;
    if (v <= 0 && isatty(STDOUT_FILENO) && ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0)
        v = ws.ws_col;
    if (v <= 0)
        v = 80;
    return v < 40 ? 40 : (size_t)v;
}

/* Columns a code point takes on a terminal: two for the wide ones (CJK,
 * Hangul, fullwidth forms, emoji), one otherwise. */
static int columns_of(unsigned long c)
{
    return (c >= 0x1100 && c <= 0x115F) || (c >= 0x2E80 && c <= 0xA4CF) ||
                   (c >= 0xAC00 && c <= 0xD7A3) || (c >= 0xF900 && c <= 0xFAFF) ||
                   (c >= 0xFE30 && c <= 0xFE4F) || (c >= 0xFF00 && c <= 0xFF60) ||
                   (c >= 0xFFE0 && c <= 0xFFE6) || (c >= 0x1F300 && c <= 0x1FAFF) ||
                   (c >= 0x20000 && c <= 0x3FFFD)
               ? 2
               : 1;
}

/* The code point at p (valid UTF-8: kb stores nothing else) into *c; its
 * length in bytes, never past the string's end. */
static size_t code_point(const unsigned char *p, unsigned long *c)
{
    size_t n = *p < 0x80 ? 1 : *p < 0xE0 ? 2 : *p < 0xF0 ? 3 : 4;
    *c = n > 1 ? *p & (0x3Fu >> (n - 1)) : *p;
    size_t k = 1;
    for (; k < n && p[k]; k++)
        *c = (*c << 6) | (p[k] & 0x3F);
    return k;
}

/* Appends s, cut with "…" to fit width columns (never inside a character;
 * the SGR sequences kb adds take none, and one cut inside bold is closed). */
static void fit(kb_buf *out, const char *s, size_t width, const char *reset)
{
    size_t used = 0, total = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p;) { /* the whole width */
        if (*p == 0x1b) {
            while (*p && *p != 'm')
                p++;
            p += *p == 'm';
            continue;
        }
        unsigned long c;
        size_t n = code_point(p, &c);
        total += (size_t)columns_of(c);
        p += n;
    }
    if (total <= width) {
        kb_buf_puts(out, s);
        return;
    }
    int bold = 0;
    const unsigned char *p = (const unsigned char *)s;
    while (*p) {
        if (*p == 0x1b) {
            const unsigned char *q = p;
            while (*q && *q != 'm')
                q++;
            q += *q == 'm';
            kb_buf_append(out, (const char *)p, (size_t)(q - p));
            bold = !(q - p == 4 && p[2] == '0');
            p = q;
            continue;
        }
        unsigned long c;
        size_t n = code_point(p, &c);
        if (used + (size_t)columns_of(c) + 1 > width)
            break;
        used += (size_t)columns_of(c);
        kb_buf_append(out, (const char *)p, n);
        p += n;
    }
    kb_buf_puts(out, "…");
    if (bold && reset)
        kb_buf_puts(out, reset);
}

/* The title with the words the snippet marks marked in it too, so that a
 * hit whose snippet is its title (a claim's statement) is shown once. */
static char *marked_like(const char *title, const char *snippet)
{
    kb_strlist words = {0};
    for (const char *p = snippet ? strchr(snippet, KB_MARK_OPEN[0]) : NULL; p;
         p = strchr(p, KB_MARK_OPEN[0])) {
        const char *e = strchr(++p, KB_MARK_CLOSE[0]);
        if (!e)
            break;
        /* a marked phrase marks each of its words */
        for (const char *w = p; w < e;) {
            size_t n = 0;
            while (w + n < e && ((unsigned char)w[n] >= 0x80 || isalnum((unsigned char)w[n])))
                n++;
            if (n)
                kb_strlist_add(&words, "%.*s", (int)n, w);
            w += n ? n : 1;
        }
        p = e + 1;
    }
    kb_buf b = KB_BUF_INIT;
    const char *p = title ? title : "";
    while (*p) {
        size_t n = 0;
        while (p[n] && ((unsigned char)p[n] >= 0x80 || isalnum((unsigned char)p[n])))
            n++;
        if (!n) {
            kb_buf_append(&b, p, 1);
            p++;
            continue;
        }
        int hit = 0;
        for (size_t i = 0; i < words.len && !hit; i++)
            hit = strlen(words.items[i]) == n && strncasecmp(words.items[i], p, n) == 0;
        if (hit)
            kb_buf_puts(&b, KB_MARK_OPEN);
        kb_buf_append(&b, p, n);
        if (hit)
            kb_buf_puts(&b, KB_MARK_CLOSE);
        p += n;
    }
    kb_strlist_free(&words);
    return kb_buf_take(&b);
}

/* Whether the snippet says nothing the title does not: its text, less the
 * ellipses that cut it, is part of the title. */
static int snippet_in_title(const char *plain, const char *title)
{
    static const char dots[] = "…";
    const char *s = plain;
    size_t n = strlen(s);
    while (n >= 3 && memcmp(s, dots, 3) == 0)
        s += 3, n -= 3;
    while (n >= 3 && memcmp(s + n - 3, dots, 3) == 0)
        n -= 3;
    while (n && s[n - 1] == ' ')
        n--;
    while (n && *s == ' ')
        s++, n--;
    if (!n)
        return 1;
    char *needle = strndup(s, n);
    int in = needle && strstr(title, needle) != NULL;
    free(needle);
    return in;
}

static void print_text(const kb_hit *h, size_t n, int color)
{
    size_t width = term_width();
    size_t wk = 4, wi = 2, wd = 4;
    for (size_t i = 0; i < n; i++) {
        size_t a = strlen(h[i].kind), b = strlen(h[i].id), c = h[i].date ? strlen(h[i].date) : 0;
        wk = a > wk ? a : wk;
        wi = b > wi ? b : wi;
        wd = c > wd ? c : wd;
    }
    /* the id gives way first, so that the date and where it is from show */
    size_t room = width > wk + wd + 20 + 12 ? width - wk - wd - 20 : 12;
    if (wi > room)
        wi = room;
    if (wi > 48)
        wi = 48;
    const char *bold = cli_sgr(color, "\033[1m"), *reset = cli_sgr(color, "\033[0m");
    kb_buf out = KB_BUF_INIT, line = KB_BUF_INIT;
    for (size_t i = 0; i < n; i++) {
        /* everything from the base escaped before it meets the terminal */
        char *kind = kb_text_escaped(h[i].kind), *id = kb_text_escaped(h[i].id),
             *date = kb_text_escaped(h[i].date ? h[i].date : ""),
             *from = kb_text_escaped(from_of(&h[i]));
        kb_buf cut = KB_BUF_INIT;
        fit(&cut, id ? id : "", wi, NULL);
        kb_buf_reset(&line);
        kb_buf_printf(&line, "%s%-*s%s  %s%*s  %-*s  %s%s", cli_sgr(color, "\033[36m"), (int)wk,
                      kind ? kind : "", reset, cut.data ? cut.data : "",
                      (int)(wi - (strlen(id ? id : "") > wi ? wi : strlen(id ? id : ""))), "",
                      (int)wd, date ? date : "", from ? from : "",
                      h[i].partial ? "  (partial)" : "");
        kb_buf_free(&cut);
        fit(&out, line.data, width, NULL);
        kb_buf_puts(&out, "\n");
        /* a claim's snippet is often its statement: the hit is shown once, its
         * title marked as the snippet is */
        char *plain = render_marks(h[i].snippet, "", "", 1);
        char *marked = marked_like(h[i].title, h[i].snippet);
        int once = snippet_in_title(plain, h[i].title ? h[i].title : "");
        char *title = render_marks(marked, bold, reset, 1);
        kb_buf_puts(&out, "  ");
        fit(&out, title, width - 2, reset);
        kb_buf_puts(&out, "\n");
        if (!once) {
            char *snip = render_marks(h[i].snippet, bold, reset, 1);
            kb_buf_puts(&out, "  ");
            fit(&out, snip, width - 2, reset);
            kb_buf_puts(&out, "\n");
            free(snip);
        }
        free(plain);
        free(marked);
        free(title);
        free(kind);
        free(id);
        free(date);
        free(from);
    }
    fputs(out.data ? out.data : "", stdout);
    kb_buf_free(&out);
    kb_buf_free(&line);
}

static void print_md(const kb_hit *h, size_t n)
{
    kb_buf b = KB_BUF_INIT;
    const char *head[] = {"kind", "id", "title", "date", "from", "snippet"};
    kb_md_table_head(&b, head, 6);
    for (size_t i = 0; i < n; i++) {
        const char *cells[] = {h[i].kind, h[i].id, h[i].title, h[i].date, from_of(&h[i])};
        kb_buf_puts(&b, "|");
        for (int c = 0; c < 5; c++) {
            kb_buf_puts(&b, " ");
            kb_md_text(&b, cells[c]);
            if (c == 2 && h[i].partial)
                kb_buf_puts(&b, " (partial)");
            kb_buf_puts(&b, " |");
        }
        kb_buf_puts(&b, " ");
        kb_md_marked(&b, h[i].snippet, KB_MARK_OPEN[0], KB_MARK_CLOSE[0]);
        kb_buf_puts(&b, " |\n");
    }
    fputs(b.data, stdout);
    kb_buf_free(&b);
}

/* The snippet as plain text: its marks dropped, its line breaks kept. */
static char *unmarked(const char *s)
{
    kb_buf b = KB_BUF_INIT;
    for (; s && *s; s++)
        if (*s != KB_MARK_OPEN[0] && *s != KB_MARK_CLOSE[0])
            kb_buf_append(&b, s, 1);
    return kb_buf_take(&b);
}

/* CSV for programs holds the values as they are; on a terminal, each is
 * escaped (kb_text_escape) so that none carries an escape sequence. */
static void print_csv(const kb_hit *h, size_t n, int terminal, int marks)
{
    kb_buf b = KB_BUF_INIT;
    const char *head[] = {"kind", "id", "title", "date", "publisher", "subject", "url", "score",
                          "snippet"};
    kb_csv_row(&b, head, 9);
    for (size_t i = 0; i < n; i++) {
        char score[32], *snip = marks ? render_marks(h[i].snippet, "**", "**", 0)
                                      : unmarked(h[i].snippet);
        snprintf(score, sizeof score, "%.4f", h[i].score);
        const char *cells[] = {h[i].kind, h[i].id, h[i].title, h[i].date, h[i].publisher,
                               h[i].subject, h[i].url, score, snip};
        char *shown[9] = {0};
        for (int c = 0; terminal && c < 9; c++)
            if (cells[c] && (shown[c] = kb_text_escaped(cells[c])))
                cells[c] = shown[c];
        kb_csv_row(&b, cells, 9);
        for (int c = 0; c < 9; c++)
            free(shown[c]);
        free(snip);
    }
    fputs(b.data, stdout);
    kb_buf_free(&b);
}

/* searched: what the query became (its names and synonyms spelt out), the
 * same for every hit, so that a program sees what was looked for. */
static void print_json(const kb_hit *h, size_t n, const char *searched)
{
    kb_buf b = KB_BUF_INIT;
    kb_json w;
    kb_json_init(&w, &b, 1);
    kb_json_begin_array(&w);
    for (size_t i = 0; i < n; i++) {
        char *snip = render_marks(h[i].snippet, "**", "**", 0);
        char score[32];
        snprintf(score, sizeof score, "%.6f", h[i].score);
        kb_json_begin_object(&w);
        kb_json_key_str(&w, "kind", h[i].kind);
        kb_json_key_str(&w, "id", h[i].id);
        kb_json_key_str(&w, "title", h[i].title);
        kb_json_key_str(&w, "snippet", snip);
        kb_json_key(&w, "score");
        kb_json_raw(&w, score);
        kb_json_key_str(&w, "date", h[i].date);
        kb_json_key_str(&w, "url", h[i].url);
        kb_json_key_str(&w, "publisher", h[i].publisher);
        kb_json_key_str(&w, "subject", h[i].subject);
        kb_json_key_str(&w, "stance", h[i].stance);
        kb_json_key_str(&w, "topic", h[i].topic);
        kb_json_key(&w, "partial");
        kb_json_bool(&w, h[i].partial);
        kb_json_key_str(&w, "searched", searched);
        kb_json_end_object(&w);
        free(snip);
    }
    kb_json_end_array(&w);
    cli_print_json(&b);
}

static int parse_int(const char *s, const char *what, int *out)
{
    char *end;
    long v = strtol(s, &end, 10);
    if (*end || v < 0 || v > 100000) {
        cli_error("search: %s takes a number from 0 to 100000, not '%s'", what, s);
        return -1;
    }
    *out = (int)v;
    return 0;
}

const cli_option cmd_search_options[] = {
    {'k', "kind", 0, "K", "entity|company|model|asset|claim|debate|source",
     "which kinds of thing to find", CLI_OPT_REPEAT},
    {'e', "entity", 0, "NAME", NULL,
     "claims about it, sources that mention it, debates about it (a slug, name or alias)", 0},
    {'t', "topic", 0, "T", NULL, "claims and debates on that topic", 0},
    {'s', "stance", 0, "S", "bullish|bearish|neutral|mixed", "claims with that stance",
     CLI_OPT_OPEN},
    {'p', "publisher", 0, "P", NULL, "sources (and claims citing sources) from that publisher", 0},
    {'T', "tag", 0, "TAG", NULL,
     "sources with that category, as their feed gave it; with no query, all of them", 0},
    {'S', "since", 0, "DATE", NULL, "from that date (2024, 2024-07 or 2024-07-23; inclusive)", 0},
    {'U', "until", 0, "DATE", NULL, "up to that date (inclusive)", 0},
    {'n', "limit", 'n', "N", NULL, "at most N hits (default 20)", 0},
    {'o', "offset", 0, "N", NULL, "skip the first N hits", 0},
    {'r', "sort", 0, "ORDER", "rank|date", "best first (rank, the default) or newest first", 0},
    {'R', "raw", 0, NULL, NULL, "the query is FTS5 syntax, passed through", 0},
    {'f', "format", 'f', "FORMAT", "text|json|csv|md", "text (default), json, csv or md", 0},
    {'M', "marks", 0, NULL, NULL, "mark the matched words with ** in CSV too (as md and json do)", 0},
    {0, NULL, 0, NULL, NULL, NULL, 0},
};

/* Whether the word is one of the options: "-word" is a query word (an
 * excluded one) unless it is exactly a short option ("-n5" takes its value
 * along; "-nvidia" is a word). *takes: the next word is its value. */
static const cli_option *option_word(const char *a, int *takes)
{
    const cli_option *o = NULL;
    *takes = 0;
    if (strncmp(a, "--", 2) == 0) {
        size_t n = strcspn(a + 2, "=");
        for (const cli_option *p = cmd_search_options; p->name; p++)
            if (strlen(p->name) == n && strncmp(p->name, a + 2, n) == 0)
                o = p;
        *takes = o && o->arg && !strchr(a, '=');
    } else if (a[0] == '-' && a[1] && (o = cli_option_letter(cmd_search_options, a[1]))) {
        if (a[2] && !(o->arg && strspn(a + 2, "0123456789") == strlen(a + 2)))
            o = NULL;
        *takes = o && o->arg && !a[2];
    }
    return o;
}

int cmd_search(int argc, char **argv, kb_cli *cli)
{
    kb_search_options o = {0};
    int format = FMT_TEXT, marks = 0, c;
    /* Options may come anywhere, and "-word" is a query word (an excluded
     * one), so the options are picked out first: what is not one is query. */
    char **optv = malloc((size_t)(argc + 1) * sizeof *optv);
    char **words = malloc((size_t)(argc + 1) * sizeof *words);
    if (!optv || !words) {
        free(optv);
        free(words);
        return cli_exit(KB_ERR_NOMEM);
    }
    int optc = 0, nwords = 0;
    optv[optc++] = argv[0];
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--") == 0) {
            while (++i < argc)
                words[nwords++] = argv[i];
            break;
        }
        int takes;
        const cli_option *known = option_word(a, &takes);
        if (!known && strncmp(a, "--", 2) == 0 && a[2]) {
            /* nobody searches for "--limt": it is a mistyped option */
            free(optv);
            free(words);
            return cli_bad_option("search", a);
        }
        if (!known) {
            words[nwords++] = argv[i];
            continue;
        }
        optv[optc++] = argv[i];
        if (takes && i + 1 < argc)
            optv[optc++] = argv[++i];
    }
    optv[optc] = NULL;
    while ((c = cli_getopt(optc, optv, cmd_search_options)) != -1) {
        switch (c) {
        case 'k': {
            kb_kind k = cli_kind(optarg, "search");
            if (k == KB_KIND_NONE)
                goto usage;
            o.kinds |= KB_KIND_BIT(k);
            break;
        }
        case 'e': o.entity = optarg; break;
        case 't': o.topic = optarg; break;
        case 's': o.stance = optarg; break;
        case 'p': o.publisher = optarg; break;
        case 'T': o.tag = optarg; break;
        case 'S':
        case 'U':
            if (!kb_date_valid(optarg)) {
                cli_error("search: --%s takes a date (2024, 2024-07 or 2024-07-23), not '%s'",
                          c == 'S' ? "since" : "until", optarg);
                goto usage;
            }
            *(c == 'S' ? &o.since : &o.until) = optarg;
            break;
        case 'n': if (parse_int(optarg, "--limit", &o.limit)) goto usage; break;
        case 'o': if (parse_int(optarg, "--offset", &o.offset)) goto usage; break;
        case 'r':
            if (!cli_option_takes(cli_option_named(cmd_search_options, "sort"), optarg)) {
                cli_error("search: --sort takes rank or date, not '%s'", optarg);
                goto usage;
            }
            o.sort_by_date = strcmp(optarg, "date") == 0;
            break;
        case 'R': o.raw = 1; break;
        case 'M': marks = 1; break;
        case 'f':
            if ((format = cli_format(optarg, "search")) < 0)
                goto usage;
            break;
        default: {
            int status = cli_usage_error("search"); /* reads the words at fault */
            free(optv);
            free(words);
            return status;
        }
        }
    }
    free(optv);
    if (nwords == 0 && !o.tag) {
        free(words);
        cli_error("search: what should kb look for? (kb search llama open weights)");
        return cli_usage_error("search");
    }
    /* the words of the query, as typed */
    kb_buf q = KB_BUF_INIT;
    for (int i = 0; i < nwords; i++)
        kb_buf_printf(&q, "%s%s", i ? " " : "", words[i]);
    free(words);
    kb_hit *hits;
    size_t n;
    kb_error err;
    kb_code rc = kb_search(cli->db, q.data, &o, &hits, &n, &err);
    if (rc) {
        kb_buf_free(&q);
        cli_error("%s", err.message);
        return cli_exit(rc);
    }
    if (n == 0 && o.offset == 0 && !q.len) {
        cli_error("no source has the tag '%s'", o.tag);
    } else if (n == 0 && o.offset == 0) { /* said on stderr: the output stays a list */
        kb_buf near = KB_BUF_INIT;
        int k = o.raw ? 0 : kb_search_suggest(cli->db, q.data, &near);
        cli_error("nothing matched '%s'%s%s%s", q.data, k ? " (did you mean " : "",
                  k ? near.data : "", k ? "?)" : "");
        kb_buf_free(&near);
    }
    switch (format) {
    case FMT_JSON: {
        char *searched = o.raw ? NULL : kb_query_to_fts(cli->db, q.data, &err);
        print_json(hits, n, o.raw ? q.data : searched);
        free(searched);
        break;
    }
    case FMT_CSV: print_csv(hits, n, isatty(STDOUT_FILENO), marks); break;
    case FMT_MD: print_md(hits, n); break;
    default: print_text(hits, n, cli->color_out); break;
    }
    kb_buf_free(&q);
    kb_hits_free(hits, n);
    return 0;
usage:
    free(optv);
    free(words);
    return 2;
}
