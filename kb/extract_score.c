/* Scoring: which element of the page holds the article, readability-style:
 * paragraph text counts for its containers, links and scraps against. */
#include "extract_internal.h"

/* A paragraph of at least this many characters is text; shorter ones
 * (labels, dates, "Advertisement") only count when the page is short of
 * longer ones. */
#define MIN_PARAGRAPH 50
/* A paragraph whose share of link text is above this is a list of links. */
#define LINK_PARAGRAPH 0.5f
/* What a character of boilerplate costs a container, against a character
 * of paragraph text it gains. */
#define JUNK_COST 1.0f
/* What a character of a short paragraph costs: most are labels, some are
 * an article's short lines or a table's cells. */
#define SCRAP_COST 0.1f
/* An element marked as boilerplate is kept all the same when it holds this
 * share of the page's text and the article's container (it is then a
 * wrapper, misnamed). */
#define WRAPPER_SHARE 0.6
/* The share of the best score that an ancestor named as the article's
 * body needs to be chosen instead… */
#define PROMOTE_SHARE 0.85f
/* …and that the parent of a single paragraph needs. */
#define PARAGRAPH_SHARE 0.9f

static int is_heading(unsigned char t)
{
    return t == KB_HTML_R_H1 || t == KB_HTML_R_HEADING;
}

/* A block's paragraph (its own text, inline children included) is text,
 * a list of links, a heading, or a scrap; each counts for or against the
 * containers around it. */
static void classify_paragraph(el *e)
{
    float t = (float)e->own_text, l = (float)e->own_link;
    if (l > LINK_PARAGRAPH * t) {
        e->junk += t;
        e->stray_link += e->own_link;
        if (t - l < (float)(LINKLIST_WORDS * (e->own_links ? e->own_links : 1)))
            e->flags |= F_LINKLIST;
    } else if (is_heading(e->tag)) {
        /* Headings are neither: they belong to articles and to teasers. */
        e->stray_link += e->own_link;
    } else if (t >= MIN_PARAGRAPH) {
        e->good += t; /* its links are part of the text */
        e->paras++;
    } else {
        e->junk += SCRAP_COST * (t - l) + l;
        e->stray_link += e->own_link;
    }
}

/* A teaser of another page: a headline link and one short paragraph (a
 * card in a list of related stories), not a part of this page's article. */
#define TEASER_TEXT 500

static int teaser(const el *e)
{
    return e->paras == 1 && e->good < TEASER_TEXT && e->stray_link >= 15 &&
           !is_phrasing(e);
}

/* Whether boilerplate by tag or class is kept for what it holds. */
static int kept_whole(const page *pg, const el *e)
{
    if (e->flags & F_COMMENTS)
        return 0;
    if (e->flags & F_HOLDS)
        return 1;
    /* A wrapper ("has-sidebar", "elementor-widget") holds most of the
     * page's text, and the article's own container in it, or sits in one,
     * or is one ("article-body pagination-first"). */
    return e->raw_good > 0 && e->raw_good >= WRAPPER_SHARE * pg->total_good &&
           ((e->flags & (F_HOLDS_MARK | F_IN_MARK)) ||
            ((e->hints & H_CONTENT) && (e->hints & H_BODYWORD)));
}

/* Scores every element: which parts are removed, how much paragraph text
 * and how much junk each subtree holds. With soft set, boilerplate marked
 * by tag, role, class or id is removed too. */
void kb_extract_score(page *pg, int soft)
{
    el *E = pg->els;
    int n = pg->n;
    for (int i = 0; i < n; i++) {
        el *e = &E[i];
        int removed = (e->flags & F_HARD) || (e->parent >= 0 && (E[e->parent].flags & F_REMOVED)) ||
                      (soft && (e->flags & F_SOFT) && !kept_whole(pg, e));
        e->flags &= (unsigned short)~(F_REMOVED | F_LINKLIST);
        if (removed)
            e->flags |= F_REMOVED;
        e->own_text = e->own_link = 0;
        e->text = e->link = 0;
        e->good = e->junk = 0;
        e->paras = e->stray_link = 0;
        e->own_links = e->links = 0;
    }
    for (int i = 0; i < n; i++) {
        el *e = &E[i];
        if (e->flags & F_REMOVED)
            continue;
        el *o = &E[e->owner];
        unsigned link = e->flags & F_INLINK ? e->self_text : 0;
        o->own_text += e->self_text;
        o->own_link += link;
        e->text = e->self_text;
        e->link = link;
        if (e->tag == KB_HTML_R_A) {
            o->own_links++;
            e->links = 1;
        }
    }
    for (int i = 0; i < n; i++)
        if (!(E[i].flags & F_REMOVED) && E[i].owner == i && E[i].own_text)
            classify_paragraph(&E[i]);
    for (int i = n - 1; i >= 0; i--) {
        el *e = &E[i];
        if ((e->flags & F_REMOVED) || e->parent < 0)
            continue;
        if (teaser(e)) {
            e->junk += e->good;
            e->good = 0;
            e->paras = 0;
        }
        el *p = &E[e->parent];
        p->text += e->text;
        p->link += e->link;
        p->good += e->good;
        p->junk += e->junk;
        p->paras += e->paras;
        p->stray_link += e->stray_link;
        p->links += e->links;
        if (e->flags & (F_STRONG | F_HOLDS))
            p->flags |= F_HOLDS;
        if (e->flags & (F_MARK | F_HOLDS_MARK))
            p->flags |= F_HOLDS_MARK;
    }
    if (!soft) {
        pg->total_good = 0;
        for (int i = 0; i < n; i++) {
            E[i].raw_good = E[i].good;
            if (E[i].parent < 0)
                pg->total_good += E[i].good;
        }
    }
}

/* How much the page's markup says an element is the article's body. */
static float content_bonus(const el *e)
{
    if (e->flags & F_STRONG)
        return 1.25f;
    if ((e->hints & H_CONTENT) && (e->hints & H_BODYWORD))
        return 1.15f;
    if (e->tag == KB_HTML_R_ARTICLE || e->tag == KB_HTML_R_MAIN || (e->hints & (H_CONTENT | H_BODYWORD)))
        return 1.05f;
    return 1.0f;
}

/* The element whose subtree holds the most paragraph text for the least
 * junk; on a tie the deeper one. -1 when the page has no paragraph. */
int kb_extract_choose(const page *pg)
{
    int best = -1;
    float best_score = 0;
    for (int i = 0; i < pg->n; i++) {
        const el *e = &pg->els[i];
        if ((e->flags & F_REMOVED) || e->good <= 0 || is_phrasing(e))
            continue;
        float s = (e->good - JUNK_COST * e->junk);
        if (s > 0)
            s *= content_bonus(e);
        if (best < 0 || s >= best_score) {
            best = i;
            best_score = s;
        }
    }
    /* A single paragraph is the article only when what is around it is
     * worse; short lines beside it (the last words of a cut-off page, a
     * one-line paragraph) do not make its parent worse by much. */
    if (best >= 0 && pg->els[best].parent >= 0 && pg->els[best].own_text == pg->els[best].text) {
        const el *p = &pg->els[pg->els[best].parent];
        float s = p->good - JUNK_COST * p->junk;
        if (s > 0 && s * content_bonus(p) >= PARAGRAPH_SHARE * best_score) {
            best = pg->els[best].parent;
            best_score = s * content_bonus(p);
        }
    }
    /* Inside the element the page itself calls its article's body, that
     * element is the article, scraps and all, rather than a part of it,
     * unless the scraps are many. */
    for (int i = best >= 0 ? pg->els[best].parent : -1; i >= 0; i = pg->els[i].parent) {
        const el *e = &pg->els[i];
        if (content_bonus(e) >= 1.15f &&
            (e->good - JUNK_COST * e->junk) * content_bonus(e) >= PROMOTE_SHARE * best_score)
            return i;
    }
    return best;
}

/* For a page with no paragraph long enough to score (a note, a stub): the
 * whole page, whose boilerplate the writer still leaves out. -1 when the
 * page has no text at all. */
int kb_extract_whole_page(const page *pg)
{
    for (int i = 0; i < pg->n; i++) {
        const el *e = &pg->els[i];
        if (e->parent < 0 && !(e->flags & F_REMOVED) && e->text > e->link)
            return i;
    }
    return -1;
}
