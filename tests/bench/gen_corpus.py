#!/usr/bin/env python3
"""Writes a deterministic corpus of news-like HTML pages for kb's benchmarks.

Each page is about 16 KB: a header with navigation, an article of about 930
words in paragraphs (with a JSON-LD block, a byline and a date), a related-links
aside, a comments block, a newsletter box and a footer, and scripts and styles,
as real news pages have. Beside the pages, texts.tsv holds each article's text
as extracted, for the SQLite-only floor.

usage: gen_corpus.py DIR COUNT [SEED]
"""
import json
import os
import random
import sys

WORDS = ("the of and to in a is that for on with as was by at from it an be are this "
         "which have has but not were they their its said more after about also over "
         "market cloud compute capacity data center model models training inference "
         "revenue quarter analysts investors shares billion capital spending growth "
         "infrastructure chips servers power gigawatt contract deal customers demand "
         "company executives strategy open weights closed pricing margin guidance "
         "forecast report reported according people familiar plans expected year "
         "percent rise fall shift build expand retreat ambitions rivals competition "
         "enterprise platform services region cluster network latency energy supply").split()
NAMES = ["Meta", "OpenAI", "Google", "Amazon", "Microsoft", "Oracle", "Nvidia", "AWS",
         "Azure", "Anthropic", "CoreWeave", "Llama", "Gemini", "Facebook"]
SITES = ["Daily Ledger", "Market Wire", "Tech Courier", "The Observer Post", "Cloud Times"]


def sentence(rng, n):
    words = [rng.choice(WORDS) for _ in range(n)]
    if rng.random() < 0.5:
        words[rng.randrange(n)] = rng.choice(NAMES)
    words[0] = words[0].capitalize()
    return " ".join(words) + "."


def paragraph(rng, words):
    out, count = [], 0
    while count < words:
        n = rng.randint(9, 18)
        out.append(sentence(rng, n))
        count += n
    return " ".join(out)


def page(rng, i):
    site = rng.choice(SITES)
    title = sentence(rng, rng.randint(7, 12))[:-1]
    day = f"2025-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    paras = [paragraph(rng, rng.randint(48, 64)) for _ in range(15)]
    nav = "".join(f'<li><a href="/section/{w}">{w.title()}</a></li>'
                  for w in rng.sample(WORDS, 30))
    related = "".join(f'<li><a href="/story/{rng.randint(1, 10**6)}">{sentence(rng, 8)}</a></li>'
                      for _ in range(12))
    comments = "".join(f'<div class="comment"><span class="author">user{rng.randint(1, 999)}</span>'
                       f'<p>{sentence(rng, rng.randint(6, 14))}</p></div>' for _ in range(6))
    ld = json.dumps({"@context": "https://schema.org", "@type": "NewsArticle", "headline": title,
                     "datePublished": day + "T09:30:00Z", "author": {"@type": "Person",
                     "name": f"Reporter {i % 97}"}, "publisher": {"@type": "Organization",
                     "name": site}})
    body = "".join(f"<p>{p}</p>\n" for p in paras)
    html = f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>{title} | {site}</title>
<link rel="canonical" href="https://news{i % 5}.example.com/story/{i}">
<meta property="og:title" content="{title}">
<meta property="og:site_name" content="{site}">
<meta name="description" content="{sentence(rng, 20)}">
<style>body{{font-family:serif}} .nav li{{display:inline}} .ad{{height:250px}}</style>
<script type="application/ld+json">{ld}</script>
<script>window.dataLayer=window.dataLayer||[];function gtag(){{dataLayer.push(arguments)}}</script>
</head><body>
<header class="site-header"><a class="logo" href="/">{site}</a><nav class="nav"><ul>{nav}</ul><ul class="more">{nav}</ul></nav></header>
<div class="cookie-banner">We use cookies to improve your experience. <button>Accept</button></div>
<main><article>
<h1>{title}</h1>
<div class="byline">By <a href="/author/{i % 97}">Reporter {i % 97}</a> <time datetime="{day}T09:30:00Z">{day}</time></div>
<div class="share"><a href="#">Share</a> <a href="#">Tweet</a> <a href="#">Email</a></div>
<div class="article-body">
{body}</div>
</article>
<aside class="related"><h2>Related stories</h2><ul>{related}</ul></aside>
<section class="comments"><h2>Comments</h2>{comments}</section>
<div class="newsletter"><h3>Sign up for our newsletter</h3><p>Get the latest news delivered daily.</p><form><input type="email"><button>Subscribe</button></form></div>
</main>
<footer class="site-footer"><p>Copyright 2025 {site}. All rights reserved.</p><ul>{nav}</ul><ul>{nav}</ul>
<p class="legal">Terms of use. Privacy policy. Cookie settings. Contact us. Advertise with us. Careers.</p></footer>
<script>(function(){{var c={{site:"{site}",id:{i},sections:{json.dumps(rng.sample(WORDS, 40))}}};
window.__CONFIG__=c;document.querySelectorAll(".share a").forEach(function(a){{a.addEventListener("click",function(e){{e.preventDefault();}});}});}})();</script>
<script src="/static/app.js"></script>
</body></html>
"""
    return html, title, "\n\n".join(paras)


def main():
    out, count = sys.argv[1], int(sys.argv[2])
    seed = int(sys.argv[3]) if len(sys.argv) > 3 else 20260701
    rng = random.Random(seed)
    os.makedirs(out, exist_ok=True)
    with open(os.path.join(out, "texts.tsv"), "w", encoding="utf-8") as tsv:
        for i in range(count):
            html, title, text = page(rng, i)
            sub = os.path.join(out, "pages", f"{i // 1000:03d}")
            os.makedirs(sub, exist_ok=True)
            with open(os.path.join(sub, f"{i:06d}.html"), "w", encoding="utf-8") as f:
                f.write(html)
            tsv.write(f"{i}\t{title}\t{text.replace(chr(10), ' ')}\n")


if __name__ == "__main__":
    main()
