#!/usr/bin/env python3
"""Generate the blind article-extraction set: html/<id>.html and ground-truth.json.

Deterministic, stdlib only. Run:  python benchmarks/extraction_blind/build.py
It rebuilds every page, writes ground-truth.json and then runs the self-check
(every gold paragraph must occur, in order, in the page's visible text).
Written for aznews; no third-party text.
"""
import hashlib
import html
import json
import os
import random
import re
import sys
from html.parser import HTMLParser

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

from articles import ARTICLES, COMMENT_NAMES, COMMENT_SENTENCES, EXTRA_HEADLINES  # noqa: E402
from ui import UI  # noqa: E402

LINK = re.compile(r"\[([^\]|]+)\|([^\]]+)\]")
TLD = {"az": "az", "ru": "ru", "en": "com"}


# ---------------------------------------------------------------- helpers
def esc(s):
    return html.escape(s, quote=False)


def att(s):
    return html.escape(s, quote=True)


def plain(s):
    return LINK.sub(r"\1", s)


def rich(s):
    out, pos = [], 0
    for m in LINK.finditer(s):
        out.append(esc(s[pos:m.start()]))
        out.append('<a href="%s">%s</a>' % (att(m.group(2)), esc(m.group(1))))
        pos = m.end()
    out.append(esc(s[pos:]))
    return "".join(out)


def h8(*parts):
    return hashlib.md5("|".join(parts).encode("utf-8")).hexdigest()


def fdate(a, with_time=True):
    ui = UI[a["lang"]]
    d, t = a["date"].split("T")
    y, m, dd = d.split("-")
    s = "%d %s %s" % (int(dd), ui["months"][int(m) - 1], y)
    return s + (", " + t if with_time else "")


def numdate(a):
    d, t = a["date"].split("T")
    y, m, dd = d.split("-")
    return "%s.%s.%s %s" % (dd, m, y, t)


def visible_blocks(a, paywall=False):
    """Blocks shown on the page. For the paywall layout, only the teaser."""
    blocks = list(a["blocks"])
    if not paywall:
        return blocks
    out, np = [], 0
    for b in blocks:
        out.append(b)
        if b[0] == "p":
            np += 1
            if np == 2:
                break
    return out


def gold_lines(a, blocks):
    lines = [a["lead"]] if a["lead"] else []
    for kind, val in blocks:
        if kind == "ul":
            lines.extend(val)
        else:
            lines.append(val)
    return [plain(x).strip() for x in lines]


def render_blocks(blocks, p="<p>{}</p>", h="<h2>{}</h2>", q="<blockquote><p>{}</p></blockquote>",
                  ul="<ul>{}</ul>", li="<li>{}</li>", sep="\n"):
    out = []
    for kind, val in blocks:
        if kind == "p":
            out.append(p.format(rich(val)))
        elif kind == "h":
            out.append(h.format(esc(val)))
        elif kind == "q":
            out.append(q.format(rich(val)))
        elif kind == "ul":
            out.append(ul.format("".join(li.format(rich(x)) for x in val)))
    return sep.join(out)


def head(ctx, extra="", doctype="<!DOCTYPE html>", html_attrs=""):
    a = ctx["a"]
    cs = '<meta charset="utf-8">\n' if ctx["charset"] else ""
    desc = plain(a["lead"] or a["blocks"][0][1])[:160]
    return (
        f'{doctype}\n<html lang="{a["lang"]}"{html_attrs}>\n<head>\n{cs}'
        f'<title>{esc(a["title"])} | {esc(ctx["site"])}</title>\n'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f'<meta name="description" content="{att(desc)}">\n'
        f'<meta property="og:title" content="{att(a["title"])}">\n'
        f'<meta property="og:url" content="{att(ctx["url"])}">\n'
        f'<link rel="canonical" href="{att(ctx["url"])}">\n{extra}</head>\n'
    )


def nav_ul(ui, cls="menu", item_cls=""):
    ic = f' class="{item_cls}"' if item_cls else ""
    return f'<ul class="{cls}">' + "".join(
        f'<li{ic}><a href="/{ui_slug(x)}">{esc(x)}</a></li>' for x in ui["nav"]) + "</ul>"


def ui_slug(s):
    s = s.lower()
    tr = {"ə": "e", "ı": "i", "ö": "o", "ü": "u", "ğ": "g", "ş": "s", "ç": "c", "i̇": "i"}
    for k, v in tr.items():
        s = s.replace(k, v)
    s = re.sub(r"[^a-z0-9а-яё]+", "-", s).strip("-")
    return s or "section"


def other_articles(ctx, n=6):
    a = ctx["a"]
    same = [x for x in ARTICLES if x["lang"] == a["lang"] and x is not a]
    return same[:n]


def headlines(ctx, n=8, shift=0):
    lang = ctx["a"]["lang"]
    pool = [x["title"] for x in other_articles(ctx)] + EXTRA_HEADLINES[lang]
    k = shift % len(pool)
    pool = pool[k:] + pool[:k]
    return pool[:n]


def footer_simple(ctx, cls="site-footer"):
    ui = ctx["ui"]
    links = " | ".join(f'<a href="/{ui_slug(x)}">{esc(x)}</a>' for x in ui["about"])
    return (f'<footer class="{cls}"><div class="footer-links">{links}</div>'
            f'<div class="copy">© 2010–2024 {esc(ctx["site"])}. {esc(ui["rights"])} {esc(ui["cite"])}</div>'
            f'<div class="address">{esc(ui["address"])}</div></footer>')


def cookie_banner(ctx):
    ui = ctx["ui"]
    return (f'<div class="cookie-consent" id="cookieConsent"><p>{esc(ui["cookie"])}</p>'
            f'<button type="button" class="cookie-consent__btn">{esc(ui["cookie_ok"])}</button></div>')


def newsletter_box(ctx):
    ui = ctx["ui"]
    return (f'<div class="newsletter"><h3>{esc(ui["newsletter"])}</h3><p>{esc(ui["newsletter_text"])}</p>'
            f'<form action="/newsletter" method="post"><input type="email" name="email" placeholder="{att(ui["email"])}">'
            f'<button type="submit">{esc(ui["subscribe"])}</button></form></div>')


def tags_for(ctx, n=4):
    pool = ctx["ui"]["tag_pool"]
    r = random.Random(ctx["id"])
    return r.sample(pool, n)


def teaser(art, n=3):
    parts = [plain(v) for k, v in art["blocks"] if k == "p"][:n]
    return " ".join(parts)


# ---------------------------------------------------------------- layouts
def L_govtable(ctx):
    a, ui = ctx["a"], ctx["ui"]
    cs = '<meta http-equiv="Content-Type" content="text/html; charset=utf-8">\n' if ctx["charset"] else ""
    body = []
    if a["lead"]:
        body.append(f"<b>{esc(a['lead'])}</b><br><br>")
    for kind, val in a["blocks"]:
        if kind == "p":
            body.append(f"{rich(val)}<br><br>")
        elif kind == "h":
            body.append(f"<b>{esc(val)}</b><br><br>")
        elif kind == "q":
            body.append(f"<i>{rich(val)}</i><br><br>")
        else:
            body.append("".join(f"&nbsp;&nbsp;- {rich(x)}<br>" for x in val) + "<br>")
    left = "".join(f'<tr><td class="lmenu" height="24">&nbsp;<img src="/img/arrow.gif" width="7" height="7">&nbsp;'
                   f'<a href="/index.php?sec={i}" class="lmenu">{esc(x)}</a></td></tr>' for i, x in enumerate(ui["nav"]))
    others = "".join(f'<tr><td class="small"><font color="#808080">{10 + i}.0{(i % 8) + 1}.2024</font> '
                     f'<a href="/index.php?id={4100 + i}">{esc(t)}</a></td></tr>' for i, t in enumerate(headlines(ctx, 6)))
    poll = "<br>".join(f'<input type="radio" name="poll" value="{i}"> {esc(x)}' for i, x in enumerate(ui["poll_a"]))
    return f"""<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.01 Transitional//EN">
<html>
<head>
{cs}<title>{esc(ctx['site'])} - {esc(a['title'])}</title>
<link rel="stylesheet" type="text/css" href="/css/style.css">
<script language="JavaScript" src="/js/menu.js"></script>
</head>
<body bgcolor="#FFFFFF" leftmargin="0" topmargin="0" marginwidth="0" marginheight="0">
<table width="980" border="0" cellspacing="0" cellpadding="0" align="center">
<tr><td colspan="3" height="110" background="/img/top_bg.jpg"><table width="100%"><tr>
<td width="100"><img src="/img/gerb.gif" width="90" height="90" alt=""></td>
<td><font size="5" color="#FFFFFF"><b>{esc(ctx['site'])}</b></font><br><font color="#DDDDDD">{esc(ui['address'])}</font></td>
<td align="right" valign="top"><a href="?lang=az">AZ</a> | <a href="?lang=ru">RU</a> | <a href="?lang=en">EN</a></td>
</tr></table></td></tr>
<tr><td colspan="3" bgcolor="#003366" height="26" class="topmenu">&nbsp;{' &nbsp;|&nbsp; '.join(f'<a href="/index.php?sec={i}" class="topmenu">{esc(x)}</a>' for i, x in enumerate(ui['nav'][:6]))}</td></tr>
<tr>
<td width="200" valign="top" bgcolor="#EEF2F7">
<table width="100%" border="0" cellspacing="0" cellpadding="0">{left}</table>
<br><table width="100%"><tr><td class="lmenu"><b>{esc(ui['useful'])}</b></td></tr>
<tr><td><a href="https://portal.example.az"><img src="/banners/portal.gif" width="180" height="60" border="0" alt="e-gov"></a></td></tr>
<tr><td><a href="https://stat.example.az"><img src="/banners/stat.gif" width="180" height="60" border="0" alt="stat"></a></td></tr></table>
</td>
<td width="580" valign="top">
<table width="100%" border="0" cellspacing="8" cellpadding="0">
<tr><td class="path"><a href="/">{esc(ui['home'])}</a> &raquo; <a href="/index.php?sec=news">{esc(ui['news'])}</a></td></tr>
<tr><td><font size="4" color="#003366"><b>{esc(a['title'])}</b></font></td></tr>
<tr><td><font size="1" color="#808080">{numdate(a)}</font></td></tr>
<tr><td class="maintext" align="justify">
<table width="100%" border="0"><tr><td class="maintext">
<img src="/uploads/news/{h8(ctx['id'])[:10]}.jpg" width="220" align="left" hspace="8" vspace="4" border="0">
{''.join(body)}
</td></tr></table>
</td></tr>
<tr><td align="right" class="small"><a href="javascript:window.print()">{esc(ui['print'])}</a> | <a href="javascript:history.back()">{esc(ui['back'])}</a></td></tr>
<tr><td><hr size="1" color="#CCCCCC"><b>{esc(ui['other_news'])}</b></td></tr>
<tr><td><table width="100%" cellspacing="2">{others}</table></td></tr>
</table>
</td>
<td width="200" valign="top" bgcolor="#F7F7F7">
<table width="100%"><tr><td class="lmenu"><b>{esc(ui['poll'])}</b></td></tr>
<tr><td class="small"><form action="/poll.php" method="post">{esc(ui['poll_q'])}<br>{poll}<br><input type="submit" value="{att(ui['vote'])}"></form></td></tr>
<tr><td class="small"><b>{esc(ui['visitors'])}:</b> 1 284 517</td></tr></table>
</td>
</tr>
<tr><td colspan="3" align="center" bgcolor="#003366" height="50"><font color="#FFFFFF" size="1">© 2006-2024 {esc(ctx['site'])}. {esc(ui['rights'])}<br>{esc(ui['address'])}</font></td></tr>
</table>
</body>
</html>
"""


def L_divtext(ctx):
    a, ui = ctx["a"], ctx["ui"]
    body = ""
    if a["lead"]:
        body += f"<p><strong>{esc(a['lead'])}</strong></p>\n"
    body += render_blocks(a["blocks"], h="<h3>{}</h3>")
    rel = ""
    for i, o in enumerate(other_articles(ctx, 3)):
        rel += (f'<div class="item"><a href="/news/{o["slug"]}-{5200 + i}.html"><img src="/img/thumb/{o["slug"]}.jpg" alt="">'
                f'<h4>{esc(o["title"])}</h4></a><p>{esc(teaser(o, 3))}</p><span class="date">{fdate(o)}</span></div>\n')
    side = "".join(f'<li><span class="time">{9 + i}:{15 + i * 7 % 45:02d}</span> <a href="/news/{4800 + i}">{esc(t)}</a></li>'
                   for i, t in enumerate(headlines(ctx, 8, 2)))
    tags = " ".join(f'<a href="/tag/{ui_slug(t)}">#{esc(t)}</a>' for t in tags_for(ctx))
    return head(ctx, '<link rel="stylesheet" href="/static/css/app.min.css">\n') + f"""<body class="page-news">
<header class="header"><div class="container"><a class="logo" href="/"><img src="/static/img/logo.svg" alt="{att(ctx['site'])}"></a>
<nav class="main-nav">{nav_ul(ui)}</nav><form class="search" action="/search"><input name="q" placeholder="{att(ui['search'])}"></form></div></header>
<div class="container">
<div class="breadcrumbs"><a href="/">{esc(ui['home'])}</a> / <a href="/{ui_slug(ui['topic'][a['topic']])}">{esc(ui['topic'][a['topic']])}</a></div>
<div class="row">
<div class="col-main">
<div class="news-item">
<h1 class="title">{esc(a['title'])}</h1>
<div class="info"><span class="date">{fdate(a)}</span> <span class="views">{esc(ui['views'])}: 2 417</span></div>
<div class="image"><img src="/uploads/{h8(ctx['id'])[:12]}.jpg" alt="{att(a['title'])}"><span class="caption-img">{esc(a['captions'][0])}</span></div>
<div class="text">
{body}
</div>
<div class="tags">{tags}</div>
<div class="share">{esc(ui['share'])}: <a href="#fb">Facebook</a> <a href="#tg">Telegram</a> <a href="#wa">WhatsApp</a></div>
</div>
<div class="related-news"><h3>{esc(ui['related'])}</h3>
{rel}</div>
</div>
<aside class="col-side"><div class="block-last"><h3>{esc(ui['latest'])}</h3><ul>{side}</ul></div>
{newsletter_box(ctx)}</aside>
</div></div>
{footer_simple(ctx)}
{cookie_banner(ctx)}
</body>
</html>
"""


def L_liveblog(ctx):
    a, ui = ctx["a"], ctx["ui"]
    r = random.Random(ctx["id"])
    hh, mm = [int(x) for x in a["date"].split("T")[1].split(":")]
    t = hh * 60 + mm - 5 * len(a["blocks"]) - 30
    entries, key = [], []
    pending_h = None
    for kind, val in a["blocks"]:
        if kind == "h":
            pending_h = val
            continue
        t += r.randint(3, 14)
        stamp = "%02d:%02d" % ((t // 60) % 24, t % 60)
        inner = ""
        if pending_h:
            inner += f'<h3 class="lb-post__title">{esc(pending_h)}</h3>'
            key.append(f'<li><a href="#p{len(entries)}"><time>{stamp}</time> {esc(pending_h)}</a></li>')
            pending_h = None
        inner += render_blocks([(kind, val)])
        entries.append(f'<div class="lb-post" id="p{len(entries)}"><div class="lb-post__meta"><time datetime="{a["date"][:10]}T{stamp}">{stamp}</time>'
                       f'<span class="lb-post__author">{esc(a["author"] or ctx["site"])}</span></div>'
                       f'<div class="lb-post__content">{inner}</div>'
                       f'<div class="lb-post__share"><button>{esc(ui["share"])}</button></div></div>')
    summary = f'<div class="lb-summary"><p>{esc(a["lead"])}</p></div>' if a["lead"] else ""
    keybox = f'<div class="lb-key"><h4>{esc(ui["key_events"])}</h4><ul>{"".join(key)}</ul></div>' if key else ""
    return head(ctx) + f"""<body>
<div id="top-bar"><a href="/" class="brand">{esc(ctx['site'])}</a>{nav_ul(ui, 'top-nav')}</div>
<div class="page">
<div class="lb-header"><span class="badge-live">{esc(ui['live'])}</span><h1>{esc(a['title'])}</h1>
<div class="lb-updated">{esc(ui['updated'])}: {fdate(a)}</div></div>
<div class="lb-layout"><div class="lb-main">
{summary}
<div class="lb-toolbar"><button class="lb-refresh">{esc(ui['refresh'])}</button> <label><input type="checkbox" checked> {esc(ui['chrono'])}</label></div>
<div class="lb-feed">
{chr(10).join(entries)}
</div></div>
<div class="lb-side">{keybox}<div class="lb-ad"><span>{esc(ui['ad'])}</span><div class="ad-slot" data-slot="live-side-1"></div></div></div>
</div></div>
{footer_simple(ctx)}
</body>
</html>
"""


def gen_comments(ctx, target_words):
    lang = ctx["a"]["lang"]
    r = random.Random("c" + ctx["id"])
    sents, names = COMMENT_SENTENCES[lang], COMMENT_NAMES[lang]
    out, words, n = [], 0, 0
    while words < target_words:
        text = " ".join(r.sample(sents, r.randint(2, 5)))
        words += len(text.split())
        replies = []
        for _ in range(r.choice([0, 0, 1, 2])):
            rt = " ".join(r.sample(sents, r.randint(1, 3)))
            words += len(rt.split())
            replies.append((r.choice(names), rt))
        out.append((r.choice(names), text, replies))
        n += 1 + len(replies)
    return out, n


def L_comments(ctx):
    a, ui = ctx["a"], ctx["ui"]
    art_words = len(" ".join(gold_lines(a, a["blocks"])).split())
    thread, n = gen_comments(ctx, int(art_words * 1.6) + 80)

    def one(name, text, i, d):
        return (f'<li class="comment depth-{d}" id="comment-{i}"><div class="comment-author vcard"><img class="avatar" src="/avatars/{i % 7}.png" alt="">'
                f'<b class="fn">{esc(name)}</b> <span class="comment-meta">{fdate(a, False)}</span></div>'
                f'<div class="comment-content"><p>{esc(text)}</p></div>'
                f'<div class="reply"><a class="comment-reply-link" href="#respond">{esc(ui["reply"])}</a> <span class="likes">▲ {(i * 7) % 23}</span></div>')
    items, i = [], 0
    for name, text, replies in thread:
        i += 1
        s = one(name, text, i, 1)
        if replies:
            s += '<ol class="children">'
            for rn, rt in replies:
                i += 1
                s += one(rn, rt, i, 2) + "</li>"
            s += "</ol>"
        items.append(s + "</li>")
    lead = f'<p class="entry-lead"><em>{esc(a["lead"])}</em></p>\n' if a["lead"] else ""
    return head(ctx, '<link rel="stylesheet" href="/wp-content/themes/xeber/style.css">\n') + f"""<body class="single single-post">
<div id="page" class="site"><header id="masthead" class="site-header"><div class="site-branding"><p class="site-title"><a href="/">{esc(ctx['site'])}</a></p></div>
<nav id="site-navigation" class="main-navigation">{nav_ul(ui, 'nav-menu')}</nav></header>
<div id="content" class="site-content"><div id="primary" class="content-area"><main id="main" class="site-main">
<div class="post type-post status-publish">
<header class="entry-header"><h1 class="entry-title">{esc(a['title'])}</h1>
<div class="entry-meta"><span class="posted-on">{fdate(a)}</span> <span class="byline">{esc(a['author'])}</span> <a href="#comments">{n} {esc(ui['comment_count'])}</a></div></header>
<div class="post-thumbnail"><img src="/wp-content/uploads/2024/{h8(ctx['id'])[:8]}.jpg" alt=""></div>
<div class="post-content entry-content">
{lead}{render_blocks(a['blocks'], h='<h3>{}</h3>')}
</div>
<footer class="entry-footer"><span class="cat-links">{esc(ui['topic'][a['topic']])}</span></footer>
</div>
<div id="comments" class="comments-area"><h2 class="comments-title">{esc(ui['comments'])} ({n})</h2>
<ol class="comment-list">
{chr(10).join(items)}
</ol>
<div id="respond" class="comment-respond"><h3>{esc(ui['add_comment'])}</h3><form action="/wp-comments-post.php" method="post">
<p><input name="author" placeholder="{att(ui['name'])}"></p><p><textarea name="comment" rows="6"></textarea></p><p><input type="submit" value="{att(ui['send'])}"></p></form></div>
</div>
</main></div>
<aside id="secondary" class="widget-area"><section class="widget"><h2 class="widget-title">{esc(ui['latest'])}</h2><ul>{''.join(f'<li><a href="/{i}">{esc(t)}</a></li>' for i, t in enumerate(headlines(ctx, 6, 1)))}</ul></section></aside>
</div>
{footer_simple(ctx, 'site-footer')}
</div>
</body>
</html>
"""


def L_readalso(ctx):
    a, ui = ctx["a"], ctx["ui"]
    hl = headlines(ctx, 8, 3)
    parts, k = [], 0
    if a["lead"]:
        parts.append(f'<p class="article__lead">{esc(a["lead"])}</p>')
    for i, b in enumerate(a["blocks"]):
        parts.append(render_blocks([b]))
        if i % 2 == 1 and i < len(a["blocks"]) - 1:
            if k % 2 == 0:
                parts.append(f'<p class="read-also"><strong>{esc(ui["read_also"])}</strong> <a href="/news/{7000 + k}">{esc(hl[k % len(hl)])}</a></p>')
            else:
                parts.append(f'<div class="banner-inline"><span class="banner-inline__label">{esc(ui["ad"])}</span>'
                             f'<ins class="adsbygoogle" style="display:block" data-ad-client="ca-pub-0000000000000000" data-ad-slot="{1000 + k}"></ins>'
                             f'<script>(adsbygoogle = window.adsbygoogle || []).push({{}});</script></div>')
                parts.append(f'<div class="read-also-box"><span>{esc(ui["read_also"])}</span><a href="/news/{7100 + k}">{esc(hl[(k + 3) % len(hl)])}</a></div>')
            k += 1
    return head(ctx) + f"""<body>
<div class="header-top"><div class="wrap"><span class="today">{fdate(a, False)}</span> <span class="weather">{esc(ui['weather_w'])}</span></div></div>
<header class="header"><div class="wrap"><a href="/" class="logo">{esc(ctx['site'])}</a>{nav_ul(ui, 'header__nav')}</div></header>
<main class="wrap layout">
<div class="layout__content">
<div class="article">
<div class="article__category">{esc(ui['topic'][a['topic']])}</div>
<h1 class="article__title">{esc(a['title'])}</h1>
<div class="article__meta"><time>{fdate(a)}</time> <span>{esc(a['author'])}</span></div>
<figure class="article__image"><img src="/media/{h8(ctx['id'])[:10]}.jpg" alt=""><figcaption>{esc(a['captions'][0])}</figcaption></figure>
<div class="article__text">
{chr(10).join(parts)}
</div>
<div class="article__share">{esc(ui['share'])}: <a href="#">Facebook</a> <a href="#">X</a> <a href="#">Telegram</a></div>
</div>
</div>
<aside class="layout__aside"><div class="widget"><h3>{esc(ui['latest'])}</h3>{''.join(f'<div class="widget__item"><a href="/n/{i}">{esc(t)}</a></div>' for i, t in enumerate(headlines(ctx, 7)))}</div>
<div class="banner-side"><span>{esc(ui['ad'])}</span><img src="/ads/240x400.gif" alt=""></div></aside>
</main>
{footer_simple(ctx, 'footer')}
</body>
</html>
"""


def L_amp(ctx):
    a, ui = ctx["a"], ctx["ui"]
    blocks = a["blocks"]
    mid = len(blocks) // 2
    body = ""
    if a["lead"]:
        body += f'<p class="lead">{esc(a["lead"])}</p>\n'
    body += render_blocks(blocks[:mid], h="<h2>{}</h2>")
    body += ('\n<div class="ad-container"><amp-ad width="300" height="250" type="doubleclick" data-slot="/1234/amp_article_mid">'
             f'<div placeholder>{esc(ui["ad"])}</div></amp-ad></div>\n')
    body += render_blocks(blocks[mid:], h="<h2>{}</h2>")
    analytics = json.dumps({"vars": {"account": "UA-000000-1"}, "triggers": {"trackPageview": {"on": "visible", "request": "pageview"}}})
    cs = '<meta charset="utf-8">\n' if ctx["charset"] else ""
    return f"""<!doctype html>
<html ⚡ lang="{a['lang']}">
<head>
{cs}<script async src="https://cdn.ampproject.org/v0.js"></script>
<script async custom-element="amp-ad" src="https://cdn.ampproject.org/v0/amp-ad-0.1.js"></script>
<script async custom-element="amp-sidebar" src="https://cdn.ampproject.org/v0/amp-sidebar-0.1.js"></script>
<script async custom-element="amp-social-share" src="https://cdn.ampproject.org/v0/amp-social-share-0.1.js"></script>
<script async custom-element="amp-analytics" src="https://cdn.ampproject.org/v0/amp-analytics-0.1.js"></script>
<title>{esc(a['title'])}</title>
<link rel="canonical" href="{att(ctx['url'].replace('/amp/', '/'))}">
<meta name="viewport" content="width=device-width,minimum-scale=1,initial-scale=1">
<style amp-custom>body{{font-family:Georgia,serif}}.lead{{font-weight:bold}}.amp-header{{background:#b00;color:#fff}}</style>
<style amp-boilerplate>body{{-webkit-animation:-amp-start 8s steps(1,end) 0s 1 normal both;animation:-amp-start 8s steps(1,end) 0s 1 normal both}}</style><noscript><style amp-boilerplate>body{{-webkit-animation:none;animation:none}}</style></noscript>
</head>
<body>
<amp-sidebar id="sidebar" layout="nodisplay" side="left"><nav>{nav_ul(ui, 'sidebar-nav')}</nav><p class="sidebar-foot">{esc(ui['follow'])}</p></amp-sidebar>
<header class="amp-header"><button on="tap:sidebar.toggle" class="hamburger">☰ {esc(ui['menu'])}</button><a href="/" class="amp-logo">{esc(ctx['site'])}</a></header>
<main>
<div class="amp-article">
<span class="amp-category">{esc(ui['topic'][a['topic']])}</span>
<h1 class="amp-title">{esc(a['title'])}</h1>
<div class="amp-byline"><span>{esc(a['author'])}</span> · <time datetime="{a['date']}">{fdate(a)}</time></div>
<amp-img src="/images/{h8(ctx['id'])[:10]}.jpg" width="1200" height="675" layout="responsive" alt="{att(a['captions'][0])}"></amp-img>
<div class="amp-caption">{esc(a['captions'][0])}</div>
<div class="amp-content">
{body}
</div>
<div class="amp-share"><amp-social-share type="facebook" data-param-app_id="000"></amp-social-share><amp-social-share type="telegram"></amp-social-share><amp-social-share type="whatsapp"></amp-social-share></div>
<div class="amp-related"><h3>{esc(ui['related'])}</h3><ul>{''.join(f'<li><a href="/amp/news/{i}">{esc(t)}</a></li>' for i, t in enumerate(headlines(ctx, 4, 5)))}</ul></div>
</div>
</main>
<footer class="amp-footer"><p>© 2024 {esc(ctx['site'])}. {esc(ui['rights'])}</p><a href="{att(ctx['url'].replace('/amp/', '/'))}">Desktop</a></footer>
<amp-analytics type="googleanalytics"><script type="application/json">{analytics}</script></amp-analytics>
</body>
</html>
"""


def L_microdata(ctx):
    a, ui = ctx["a"], ctx["ui"]
    body = ""
    if a["lead"]:
        body += f'<p class="intro"><b>{esc(a["lead"])}</b></p>\n'
    body += render_blocks(a["blocks"], h="<h2>{}</h2>", q='<blockquote class="quote">{}</blockquote>')
    author = a["author"] or ctx["site"]
    return head(ctx) + f"""<body>
<div class="topline"><div class="container"><span>{fdate(a, False)}</span><a href="/login" class="login">{esc(ui['login'])}</a></div></div>
<header class="masthead"><div class="container"><a class="brand" href="/">{esc(ctx['site'])}</a><nav>{nav_ul(ui, 'nav nav-main')}</nav></div></header>
<div class="container main">
<div class="content-col">
<div class="article-wrap" itemscope itemtype="https://schema.org/NewsArticle">
<meta itemprop="mainEntityOfPage" content="{att(ctx['url'])}">
<ol class="breadcrumb"><li><a href="/">{esc(ui['home'])}</a></li><li><a href="/{ui_slug(ui['topic'][a['topic']])}">{esc(ui['topic'][a['topic']])}</a></li></ol>
<h1 itemprop="headline">{esc(a['title'])}</h1>
<div class="byline"><span itemprop="author" itemscope itemtype="https://schema.org/Person">{esc(ui['by'])} <span itemprop="name">{esc(author)}</span></span>
<time itemprop="datePublished" datetime="{a['date']}:00+04:00">{fdate(a)}</time></div>
<figure itemprop="image" itemscope itemtype="https://schema.org/ImageObject"><img itemprop="url" src="/img/{h8(ctx['id'])[:10]}.jpg" alt="">
<figcaption itemprop="caption">{esc(a['captions'][-1])}</figcaption></figure>
<div class="article-body" itemprop="articleBody">
{body}
</div>
<div itemprop="publisher" itemscope itemtype="https://schema.org/Organization"><meta itemprop="name" content="{att(ctx['site'])}"></div>
<ul class="keywords">{''.join(f'<li><a href="/tag/{ui_slug(t)}">{esc(t)}</a></li>' for t in tags_for(ctx, 5))}</ul>
</div>
<section class="more"><h3>{esc(ui['related'])}</h3>{''.join(f'<article class="card"><h4><a href="/a/{i}">{esc(t)}</a></h4></article>' for i, t in enumerate(headlines(ctx, 4, 4)))}</section>
</div>
<aside class="side-col">{newsletter_box(ctx)}<div class="ad-box">{esc(ui['ad'])}</div></aside>
</div>
{footer_simple(ctx)}
</body>
</html>
"""


def L_sections(ctx):
    a, ui = ctx["a"], ctx["ui"]
    secs, cur = [], []
    for b in a["blocks"]:
        if b[0] == "h" and cur:
            secs.append(cur)
            cur = []
        cur.append(b)
    if cur:
        secs.append(cur)
    body = ""
    if a["lead"]:
        body += f'<section class="story-intro"><p>{esc(a["lead"])}</p></section>\n'
    for s in secs:
        body += '<section class="story-section">' + render_blocks(s, h="<h2>{}</h2>") + "</section>\n"
    sitemap = ""
    for col, items in ui["sitemap_cols"].items():
        sitemap += (f'<section class="sitemap__col"><h4>{esc(col)}</h4><ul>'
                    + "".join(f'<li><a href="/{ui_slug(col)}/{ui_slug(x)}">{esc(x)}</a></li>' for x in items) + "</ul></section>\n")
    return head(ctx) + f"""<body>
<header class="site-head"><div class="site-head__inner"><a href="/" class="site-head__logo">{esc(ctx['site'])}</a>
<nav class="site-head__nav">{' '.join(f'<a href="/{ui_slug(x)}">{esc(x)}</a>' for x in ui['nav'])}</nav></div></header>
<main id="content" class="story">
<header class="story-header"><p class="story-kicker">{esc(ui['topic'][a['topic']])}</p><h1>{esc(a['title'])}</h1>
<p class="story-meta">{esc(a['author'])} — {fdate(a)}</p></header>
<div class="story-media"><img src="/media/{h8(ctx['id'])[:10]}.jpg" alt=""><p class="story-media__caption">{esc(a['captions'][0])}</p></div>
{body}
<section class="story-share"><p>{esc(ui['share'])}</p><a href="#">Facebook</a> <a href="#">Telegram</a></section>
</main>
<footer class="site-foot">
<div class="sitemap">
{sitemap}</div>
<section class="site-foot__bottom"><p>© 2024 {esc(ctx['site'])}. {esc(ui['rights'])} {esc(ui['cite'])}</p><p>{esc(ui['address'])}</p></section>
</footer>
</body>
</html>
"""


def L_paywall(ctx):
    a, ui = ctx["a"], ctx["ui"]
    vis = visible_blocks(a, paywall=True)
    body = ""
    if a["lead"]:
        body += f'<p class="standfirst">{esc(a["lead"])}</p>\n'
    body += render_blocks(vis, h="<h2>{}</h2>")
    benefits = "".join(f"<li>{esc(x)}</li>" for x in ui["paywall_benefits"])
    return head(ctx) + f"""<body class="premium">
<header class="hdr"><div class="hdr__in"><a class="hdr__logo" href="/">{esc(ctx['site'])}</a>{nav_ul(ui, 'hdr__nav')}<a class="hdr__sub" href="/subscribe">{esc(ui['subscribe'])}</a></div></header>
<div class="page-wrap">
<div class="story">
<div class="story__section">{esc(ui['topic'][a['topic']])} · <span class="premium-badge">Premium</span></div>
<h1 class="story__headline">{esc(a['title'])}</h1>
<div class="story__byline">{esc(a['author'])} <time>{fdate(a)}</time></div>
<img class="story__img" src="/p/{h8(ctx['id'])[:10]}.jpg" alt="">
<div class="story__body story__body--truncated">
{body}
</div>
<div class="paywall-gate">
<h3>{esc(ui['paywall_title'])}</h3>
<p>{esc(ui['paywall_text'])}</p>
<ul class="paywall-gate__benefits">{benefits}</ul>
<a class="btn btn--primary" href="/subscribe?from=paywall">{esc(ui['subscribe'])}</a>
<p class="paywall-gate__login"><a href="/login">{esc(ui['paywall_login'])}</a></p>
</div>
</div>
<aside class="rail"><h3>{esc(ui['most_read'])}</h3><ol>{''.join(f'<li><a href="/s/{i}">{esc(t)}</a></li>' for i, t in enumerate(headlines(ctx, 5, 6)))}</ol></aside>
</div>
{footer_simple(ctx)}
{cookie_banner(ctx)}
</body>
</html>
"""


def L_gallery(ctx):
    a, ui = ctx["a"], ctx["ui"]
    caps = a["captions"]
    photographer = {"az": "Foto: Rauf Əhmədov", "ru": "Фото: Рауф Ахмедов", "en": "Photo: Rauf Ahmadov"}[a["lang"]]
    chunks, cur = [], []
    for b in a["blocks"]:
        cur.append(b)
        if len(cur) >= 2 and b[0] != "h":
            chunks.append(cur)
            cur = []
    if cur:
        chunks.append(cur)
    parts = []
    if a["lead"]:
        parts.append(f'<div class="photostory__intro"><p>{esc(a["lead"])}</p></div>')
    nfig = len(chunks)
    for i, ch in enumerate(chunks):
        cap = caps[i % len(caps)]
        parts.append(f'<figure class="photostory__item"><img src="/gallery/{h8(ctx["id"], str(i))[:10]}.jpg" alt="{att(cap)}">'
                     f'<figcaption><span class="photostory__num">{i + 1}/{nfig}</span> {esc(cap)} <span class="photostory__credit">{esc(photographer)}</span></figcaption></figure>')
        parts.append('<div class="photostory__text">' + render_blocks(ch, h="<h3>{}</h3>") + "</div>")
    return head(ctx) + f"""<body class="gallery-page">
<header class="g-header"><a href="/" class="g-logo">{esc(ctx['site'])}</a><nav>{nav_ul(ui, 'g-nav')}</nav></header>
<div class="g-wrap">
<div class="g-crumbs"><a href="/">{esc(ui['home'])}</a> › <a href="/foto">{esc(ui['gallery'])}</a></div>
<h1 class="g-title">{esc(a['title'])}</h1>
<div class="g-meta">{fdate(a)} · {nfig} {esc(ui['photo'])}</div>
<div class="photostory">
{chr(10).join(parts)}
</div>
<div class="g-more"><h3>{esc(ui['gallery'])}</h3>{''.join(f'<div class="g-card"><img src="/gallery/t{i}.jpg" alt=""><a href="/foto/{i}">{esc(t)}</a></div>' for i, t in enumerate(headlines(ctx, 4, 2)))}</div>
</div>
{footer_simple(ctx, 'g-footer')}
</body>
</html>
"""


def L_pressrelease(ctx):
    a, ui = ctx["a"], ctx["ui"]
    body = ""
    if a["lead"]:
        body += f'<p class="press-release__summary">{esc(a["lead"])}</p>\n'
    body += render_blocks(a["blocks"], h="<h3>{}</h3>")
    dom = ctx["host"]
    docs = "".join(f'<li class="attachment"><a href="/uploads/docs/{h8(ctx["id"], d)[:8]}.pdf">{esc(d)}</a> <span class="attachment__meta">(PDF, {1 + i}.{(i * 3) % 10} MB)</span></li>'
                   for i, d in enumerate(ui["docs"]))
    side = "".join(f'<li><a href="/press/{i}"><span class="d">{numdate(a)[:10]}</span> {esc(t)}</a></li>' for i, t in enumerate(headlines(ctx, 6, 1)))
    return head(ctx) + f"""<body class="gov">
<div class="gov-bar"><div class="gov-bar__in"><img src="/img/emblem.svg" alt="" width="28"> {esc(ui['gov'])}</div></div>
<header class="gov-header"><div class="gov-header__in"><a href="/" class="gov-header__title">{esc(ctx['site'])}</a>
<nav class="gov-nav">{nav_ul(ui, 'gov-nav__list')}</nav></div></header>
<div class="gov-main">
<nav class="crumbs"><a href="/">{esc(ui['home'])}</a> » <a href="/press">{esc(ui['press_release'])}</a></nav>
<div class="press-release">
<div class="press-release__header"><span class="press-release__label">{esc(ui['press_release'])}</span>
<h1>{esc(a['title'])}</h1><div class="press-release__date">{numdate(a)}</div></div>
<div class="press-release__content">
{body}
</div>
<div class="press-contacts"><h3>{esc(ui['press_contacts'])}</h3>
<p>{esc(ui['press_service'])}<br>Tel.: +994 12 555 01 {10 + len(a['slug']) % 80}<br>E-mail: <a href="mailto:press@{dom}">press@{dom}</a></p></div>
<div class="attachments"><h3>{esc(ui['attachments'])}</h3><ul>{docs}</ul></div>
<div class="press-share">{esc(ui['share'])}: <a href="#">Facebook</a> · <a href="#">X</a> · <a href="javascript:window.print()">{esc(ui['print'])}</a></div>
</div>
<aside class="press-side"><h3>{esc(ui['press_release'])}</h3><ul>{side}</ul></aside>
</div>
{footer_simple(ctx, 'gov-footer')}
</body>
</html>
"""


def L_fontspan(ctx):
    a, ui = ctx["a"], ctx["ui"]
    F = '<font face="Tahoma, Arial" size="2">'
    parts = []
    if a["lead"]:
        parts.append(f'<div style="text-align: justify;">{F}<span style="font-size:13px;font-weight:bold;">{esc(a["lead"])}</span></font></div>')
    for kind, val in a["blocks"]:
        if kind == "p":
            parts.append(f'<div style="text-align: justify;">{F}<span style="font-size:13px;">{rich(val)}</span></font></div>')
        elif kind == "h":
            parts.append(f'<div>{F}<span style="font-size:14px;font-weight:bold;color:#1a3c6e;">{esc(val)}</span></font></div>')
        elif kind == "q":
            parts.append(f'<div style="margin-left:30px;">{F}<span style="font-style:italic;">{rich(val)}</span></font></div>')
        else:
            for x in val:
                parts.append(f'<div style="margin-left:15px;">{F}<span>• {rich(x)}</span></font></div>')
    body = "\n<div><br></div>\n".join(parts)
    feed = "".join(f'<div class="lenta_item"><span class="lenta_time">{(11 + i) % 24}:{(i * 13) % 60:02d}</span> <a href="/news.php?id={88000 + i}">{esc(t)}</a></div>'
                   for i, t in enumerate(headlines(ctx, 10, 3)))
    return head(ctx, '<link href="/css/style_v3.css" rel="stylesheet" type="text/css">\n', doctype='<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">') + f"""<body>
<div id="wrapper">
<div id="header"><div id="logo"><a href="/"><img src="/images/logo.gif" alt="{att(ctx['site'])}" border="0" /></a></div>
<div id="banner_top"><a href="/reklam.php"><img src="/banners/728x90.gif" border="0" alt="" /></a></div></div>
<div id="menu">{' '.join(f'<a href="/cat.php?id={i}" class="menu_link">{esc(x)}</a>' for i, x in enumerate(ui['nav']))}</div>
<div id="container">
<div id="left_col"><div class="block_title">{esc(ui['feed'])}</div>{feed}</div>
<div id="center_col">
<div class="news_title">{esc(a['title'])}</div>
<div class="news_date">{numdate(a)} | {esc(ui['views'])}: 1842</div>
<div class="news_img"><img src="/news_images/{h8(ctx['id'])[:9]}.jpg" width="450" alt="" /></div>
<div class="news_text" id="newsText">
{body}
</div>
<div class="news_share">{esc(ui['share'])}: <a href="#"><img src="/images/fb.png" alt="fb" /></a> <a href="#"><img src="/images/tg.png" alt="tg" /></a></div>
<div class="news_other"><div class="block_title">{esc(ui['other_news'])}</div>{''.join(f'<div><a href="/news.php?id={87000 + i}">{esc(t)}</a></div>' for i, t in enumerate(headlines(ctx, 5, 6)))}</div>
</div>
<div id="right_col"><div class="block_title">{esc(ui['currency'])}</div><table class="valyuta"><tr><td>USD</td><td>1.7000</td></tr><tr><td>EUR</td><td>1.8412</td></tr><tr><td>RUB</td><td>0.0188</td></tr></table>
<div class="block_title">{esc(ui['ad'])}</div><img src="/banners/240x350.gif" alt="" /></div>
</div>
<div id="footer">{esc(ctx['site'])} © 2008-2024. {esc(ui['rights'])} {esc(ui['cite'])}</div>
</div>
</body>
</html>
"""


def L_noscript(ctx):
    a, ui = ctx["a"], ctx["ui"]
    ld = json.dumps({"@context": "https://schema.org", "@type": "NewsArticle", "headline": a["title"],
                     "datePublished": a["date"] + ":00+04:00", "author": {"@type": "Person", "name": a["author"] or ctx["site"]},
                     "description": plain(a["lead"] or a["blocks"][0][1]), "inLanguage": a["lang"]}, ensure_ascii=False)
    state = json.dumps({"page": {"type": "article", "id": int(h8(ctx["id"])[:6], 16), "section": a["topic"]},
                        "user": {"auth": False}, "ads": {"enabled": True, "slots": ["top", "inread", "side"]},
                        "menu": ui["nav"]}, ensure_ascii=False)
    blocks = a["blocks"]
    k = min(2, len(blocks) - 1)
    body = ""
    if a["lead"]:
        body += f'<p class="content-body__lead">{esc(a["lead"])}</p>\n'
    body += render_blocks(blocks[:k], h="<h2>{}</h2>")
    body += ('\n<div class="inread-ad" id="inread"></div><script>window.adQueue=window.adQueue||[];'
             'adQueue.push({slot:"inread",sizes:[[300,250],[640,360]]});</script>\n'
             f'<noscript><p class="noscript-note">{esc(ui["enable_js"])}</p></noscript>\n')
    body += render_blocks(blocks[k:], h="<h2>{}</h2>")
    mob = "".join(f'<li><a href="/{ui_slug(x)}">{esc(x)}</a></li>' for x in ui["nav"] + ui["about"])
    return head(ctx, f'<script type="application/ld+json">{ld}</script>\n'
                     '<script>(function(w,d,s,l,i){w[l]=w[l]||[];w[l].push({"gtm.start":new Date().getTime(),event:"gtm.js"});})(window,document,"script","dataLayer","GTM-XXXX");</script>\n') + f"""<body>
<noscript><iframe src="https://www.googletagmanager.com/ns.html?id=GTM-XXXX" height="0" width="0" style="display:none;visibility:hidden"></iframe></noscript>
<div class="mobile-menu" id="mobileMenu" style="display:none" aria-hidden="true"><button class="mobile-menu__close">×</button><ul>{mob}</ul></div>
<header class="header"><button class="burger" data-target="#mobileMenu">{esc(ui['menu'])}</button><a href="/" class="header__logo">{esc(ctx['site'])}</a>
<nav class="header__nav">{nav_ul(ui, 'nav')}</nav></header>
<script>window.__APP_STATE__ = {state};</script>
<div class="page">
<div class="content">
<div class="content-header"><div class="content-header__rubric">{esc(ui['topic'][a['topic']])}</div><h1>{esc(a['title'])}</h1>
<div class="content-header__info"><span>{fdate(a)}</span> <span>{esc(a['author'])}</span></div></div>
<div class="content-image"><img src="/i/{h8(ctx['id'])[:10]}.jpg" alt="" loading="lazy"><noscript><img src="/i/{h8(ctx['id'])[:10]}.jpg" alt=""></noscript></div>
<div class="content-body js-mediator-article">
{body}
</div>
<div class="content-tags">{' '.join(f'<a href="/tags/{ui_slug(t)}">{esc(t)}</a>' for t in tags_for(ctx, 3))}</div>
<div id="comments-widget" data-article="{h8(ctx['id'])[:6]}"></div>
<noscript><div class="comments-noscript">{esc(ui['comments'])}: {esc(ui['enable_js'])}</div></noscript>
</div>
<aside class="sidebar">{newsletter_box(ctx)}<div class="sidebar__list"><h3>{esc(ui['latest'])}</h3>{''.join(f'<a class="sidebar__item" href="/n/{i}">{esc(t)}</a>' for i, t in enumerate(headlines(ctx, 6, 4)))}</div></aside>
</div>
{footer_simple(ctx, 'footer')}
<script src="/static/js/bundle.3f9a1c.js" defer></script>
</body>
</html>
"""


def L_reactcss(ctx):
    a, ui = ctx["a"], ctx["ui"]
    r = random.Random("css" + ctx["id"])

    def c():
        return "css-%s" % "".join(r.choice("abcdefghijklmnopqrstuvwxyz0123456789") for _ in range(r.randint(5, 7)))

    def wrap(inner, depth):
        for _ in range(depth):
            inner = f'<div class="{c()}">{inner}</div>'
        return inner
    pcls, hcls, qcls, ucls = c(), c(), c(), c()
    parts = []
    if a["lead"]:
        parts.append(wrap(f'<p class="{c()} e1lead0">{esc(a["lead"])}</p>', 2))
    for kind, val in a["blocks"]:
        if kind == "p":
            parts.append(wrap(f'<p class="{pcls} e1p5x9">{rich(val)}</p>', r.randint(1, 3)))
        elif kind == "h":
            parts.append(wrap(f'<h2 class="{hcls}">{esc(val)}</h2>', 1))
        elif kind == "q":
            parts.append(wrap(f'<blockquote class="{qcls}"><div class="{c()}"><span class="{c()}">{rich(val)}</span></div></blockquote>', 2))
        else:
            parts.append(wrap(f'<ul class="{ucls}">' + "".join(f'<li class="{c()}"><span class="{c()}">{rich(x)}</span></li>' for x in val) + "</ul>", 1))
    nd = json.dumps({"props": {"pageProps": {"article": {"id": h8(ctx["id"])[:12], "title": a["title"], "slug": a["slug"],
                                                           "publishedAt": a["date"], "section": a["topic"]}}},
                     "page": "/[section]/[slug]", "buildId": "b" + h8("build")[:10]}, ensure_ascii=False)
    navh = "".join(f'<a class="{c()}" href="/{ui_slug(x)}"><span class="{c()}">{esc(x)}</span></a>' for x in ui["nav"])
    trend = "".join(f'<div class="{c()}"><a class="{c()}" href="/{a["topic"]}/{i}"><span class="{c()}">{i + 1}</span><h3 class="{c()}">{esc(t)}</h3></a></div>'
                    for i, t in enumerate(headlines(ctx, 5, 5)))
    return head(ctx, '<link rel="preload" href="/_next/static/css/a1b2c3.css" as="style">\n<link rel="stylesheet" href="/_next/static/css/a1b2c3.css">\n') + f"""<body>
<div id="__next"><div class="{c()}"><div class="{c()}">
<header class="{c()}"><div class="{c()}"><a class="{c()}" href="/"><svg class="{c()}" viewBox="0 0 100 20"><title>{esc(ctx['site'])}</title></svg></a><nav class="{c()}">{navh}</nav></div></header>
<main class="{c()}"><div class="{c()}"><div class="{c()}">
<div class="{c()}"><div class="{c()}"><span class="{c()}">{esc(ui['topic'][a['topic']])}</span></div>
<h1 class="{c()}">{esc(a['title'])}</h1>
<div class="{c()}"><div class="{c()}"><span class="{c()}">{esc(a['author'])}</span><time class="{c()}" datetime="{a['date']}">{fdate(a)}</time></div></div></div>
<div class="{c()}"><div class="{c()}"><img class="{c()}" src="/_next/image?url=%2Fimg%2F{h8(ctx['id'])[:8]}.jpg&amp;w=1080&amp;q=75" alt=""></div><div class="{c()}"><span class="{c()}">{esc(a['captions'][0])}</span></div></div>
<div class="{c()}"><div class="{c()}">
{chr(10).join(parts)}
</div></div>
<div class="{c()}"><button class="{c()}">{esc(ui['share'])}</button></div>
</div>
<div class="{c()}"><div class="{c()}"><h2 class="{c()}">{esc(ui['most_read'])}</h2>{trend}</div>
<div class="{c()}"><div class="{c()}"><p class="{c()}">{esc(ui['newsletter'])}</p><p class="{c()}">{esc(ui['newsletter_text'])}</p></div></div></div>
</div></main>
<footer class="{c()}"><div class="{c()}">{''.join(f'<a class="{c()}" href="/{ui_slug(x)}">{esc(x)}</a>' for x in ui['about'])}</div><div class="{c()}"><p class="{c()}">© 2024 {esc(ctx['site'])}. {esc(ui['rights'])}</p></div></footer>
</div></div></div>
<script id="__NEXT_DATA__" type="application/json">{nd}</script>
</body>
</html>
"""


def L_printver(ctx):
    a, ui = ctx["a"], ctx["ui"]
    body = ""
    if a["lead"]:
        body += f'<p class="lead"><b>{esc(a["lead"])}</b></p>\n'
    body += render_blocks(a["blocks"], h="<h3>{}</h3>")
    web = ctx["url"].replace("/print/", "/")
    return head(ctx, '<meta name="robots" content="noindex">\n<style>body{font:12pt/1.4 "Times New Roman",serif;max-width:700px;margin:20px auto}.meta td,.meta th{border:1px solid #999;padding:3px 6px;text-align:left}.noprint{float:right}@media print{.noprint{display:none}}</style>\n') + f"""<body onload="window.print()">
<div class="noprint"><a href="javascript:window.print()">{esc(ui['print'])}</a> | <a href="javascript:window.close()">{esc(ui['close'])}</a></div>
<div class="print-logo"><img src="/img/logo-print.png" alt="" height="40"> <b>{esc(ctx['site'])}</b></div>
<table class="meta" cellspacing="0">
<tr><th>{esc(ui['source'])}</th><td>{esc(web)}</td></tr>
<tr><th>{esc(ui['date_l'])}</th><td>{numdate(a)}</td></tr>
<tr><th>{esc(ui['author_l'])}</th><td>{esc(a['author'] or '—')}</td></tr>
<tr><th>{esc(ui['section_l'])}</th><td>{esc(ui['topic'][a['topic']])}</td></tr>
</table>
<h1>{esc(a['title'])}</h1>
<div id="print-body">
{body}
</div>
<hr>
<p class="print-footer">© {esc(ctx['site'])}, 2024. {esc(ui['cite'])}</p>
</body>
</html>
"""


def L_portal(ctx):
    a, ui = ctx["a"], ctx["ui"]
    ticker = " &nbsp;•&nbsp; ".join(f'<a href="/x/{i}">{esc(t)}</a>' for i, t in enumerate(headlines(ctx, 10, 1)))
    most = "".join(f'<li><a href="/most/{i}">{esc(t)}</a> <span class="cnt">{9000 - i * 731}</span></li>' for i, t in enumerate(headlines(ctx, 6, 7)))
    r = random.Random("tags" + ctx["id"])
    cloud = " ".join(f'<a href="/tag/{ui_slug(t)}" style="font-size:{r.randint(11, 22)}px">{esc(t)}</a>' for t in ctx["ui"]["tag_pool"])
    feed = "".join(f'<li><span class="t">{(8 + i) % 24:02d}:{(i * 17) % 60:02d}</span> <a href="/feed/{i}">{esc(t)}</a></li>' for i, t in enumerate(headlines(ctx, 12, 4)))
    body = ""
    if a["lead"]:
        body += f'<div class="news-detail__lead"><p>{esc(a["lead"])}</p></div>\n'
    body += render_blocks(a["blocks"], h="<h2>{}</h2>")
    return head(ctx) + f"""<body>
<div class="ticker"><span class="ticker__label">{esc(ui['latest'])}</span><marquee behavior="scroll" scrollamount="4">{ticker}</marquee></div>
<header class="portal-header"><div class="portal-header__row"><a href="/" class="portal-logo">{esc(ctx['site'])}</a>
<div class="widget-weather">{esc(ui['weather_w'])}</div>
<table class="widget-currency"><caption>{esc(ui['currency'])}</caption><tr><td>USD</td><td>1.7000</td></tr><tr><td>EUR</td><td>1.8410</td></tr><tr><td>TRY</td><td>0.0497</td></tr></table></div>
<nav class="portal-nav">{nav_ul(ui, 'portal-nav__list')}</nav></header>
<div class="portal-body">
<div class="col-feed"><h3>{esc(ui['feed'])}</h3><ul class="feed">{feed}</ul><a href="/lent">{esc(ui['all_news'])}</a></div>
<div class="col-center">
<div class="news-detail">
<h1 class="news-detail__title">{esc(a['title'])}</h1>
<div class="news-detail__meta">{fdate(a)} · {esc(ui['views'])}: 5 126</div>
<div class="news-detail__photo"><img src="/upload/{h8(ctx['id'])[:10]}.jpg" alt=""><div class="news-detail__photo-caption">{esc(a['captions'][-1])}</div></div>
<div class="news-detail__body">
{body}
</div>
<div class="news-detail__share">{esc(ui['share'])}: <a href="#">Facebook</a> <a href="#">Telegram</a> <a href="#">WhatsApp</a></div>
</div>
</div>
<div class="col-right">
<div class="most-read"><h3>{esc(ui['most_read'])}</h3><ol>{most}</ol></div>
<div class="tag-cloud"><h3>{esc(ui['tags'])}</h3>{cloud}</div>
<div class="ad-240"><span>{esc(ui['ad'])}</span></div>
</div>
</div>
{footer_simple(ctx, 'portal-footer')}
{cookie_banner(ctx)}
</body>
</html>
"""


# name, function, host base, site brand, url pattern
LAYOUTS = [
    ("govtable", L_govtable, "dovlet-arxiv", "Dövlət Xəbərləri", "/index.php?lang={lang}&id={num}"),
    ("divtext", L_divtext, "xeberinfo", "XəbərInfo", "/{lang}/news/{topic}/{num}-{slug}.html"),
    ("liveblog", L_liveblog, "canli", "Canlı Media", "/live/{date}/{slug}"),
    ("comments", L_comments, "muzakire", "Müzakirə", "/{date}/{slug}/"),
    ("readalso", L_readalso, "gundem", "Gündəm Plus", "/{topic}/{slug}-{num}"),
    ("amp", L_amp, "mobilxeber", "MobilXəbər", "/amp/{lang}/{num}/{slug}"),
    ("microdata", L_microdata, "agentlik", "Agentlik Xəbər", "/{lang}/article/{num}"),
    ("sections", L_sections, "bulleten", "Bülleten", "/stories/{slug}"),
    ("paywall", L_paywall, "premium-qezet", "Premium Qəzet", "/{topic}/{date}/{slug}"),
    ("gallery", L_gallery, "fotolent", "FotoLent", "/{lang}/gallery/{num}/{slug}"),
    ("pressrelease", L_pressrelease, "nazirlik", "Nazirlik Mətbuat Mərkəzi", "/{lang}/press/{num}"),
    ("fontspan", L_fontspan, "regionxeber", "Region Xəbər", "/news.php?id={num}"),
    ("noscript", L_noscript, "ekspress", "Ekspress", "/{lang}/{topic}/{slug}-{num}"),
    ("reactcss", L_reactcss, "yenimedia", "YeniMedia", "/{topic}/{slug}"),
    ("printver", L_printver, "xalqgazeti", "Xalq Gazeti", "/print/{num}/"),
    ("portal", L_portal, "bizimportal", "Bizim Portal", "/{lang}/xeber/{num}"),
]


def build_pages():
    pages = []
    n = len(LAYOUTS)
    for ai, a in enumerate(ARTICLES):
        for off in (0, 5, 11):
            li = (ai + off) % n
            name, fn, base, brand, pat = LAYOUTS[li]
            pid = f"{a['lang']}-{a['slug']}-{name}"
            num = 100000 + int(h8(pid)[:5], 16) % 900000
            host = f"{base}.example.{TLD[a['lang']]}"
            path = pat.format(lang=a["lang"], num=num, slug=a["slug"], topic=a["topic"], date=a["date"][:10].replace("-", "/"))
            pages.append(dict(id=pid, a=a, ui=UI[a["lang"]], layout=name, fn=fn, host=host, site=brand,
                              url=f"https://{host}{path}"))
    pages.sort(key=lambda p: p["id"])
    for i, p in enumerate(pages):
        p["charset"] = (i % 8 != 5)  # a few pages without a charset declaration
    return pages


# ---------------------------------------------------------------- self-check
SKIP = {"script", "style", "head", "template", "noscript", "title"}
BLOCK = {"p", "div", "td", "th", "tr", "table", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "section",
         "article", "header", "footer", "nav", "aside", "main", "figure", "figcaption", "blockquote", "dl", "dt", "dd",
         "form", "hr", "button", "caption", "marquee", "amp-img", "amp-ad", "amp-sidebar", "img", "input", "textarea"}
VOID = {"br", "img", "meta", "link", "input", "hr", "source", "wbr"}


class Visible(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.skip = 0
        self.out = []

    def handle_starttag(self, tag, attrs):
        if tag in SKIP and tag not in VOID:
            self.skip += 1
        if tag in BLOCK:
            self.out.append(" ")

    def handle_startendtag(self, tag, attrs):
        if tag in BLOCK:
            self.out.append(" ")

    def handle_endtag(self, tag):
        if tag in SKIP and self.skip:
            self.skip -= 1
        if tag in BLOCK:
            self.out.append(" ")

    def handle_data(self, data):
        if not self.skip:
            self.out.append(data)


def norm(s):
    return " ".join(s.split())


def visible_text(doc):
    v = Visible()
    v.feed(doc)
    v.close()
    return norm("".join(v.out))


def check(gt, html_dir):
    errors = []
    for pid, rec in gt.items():
        with open(os.path.join(html_dir, pid + ".html"), encoding="utf-8") as f:
            text = visible_text(f.read())
        pos = 0
        lines = rec["articleBody"].split("\n")
        if not lines or any(not x.strip() for x in lines):
            errors.append(f"{pid}: empty gold paragraph")
        for line in lines:
            n = norm(line)
            j = text.find(n, pos)
            if j < 0:
                where = "out of order" if n in text else "missing"
                errors.append(f"{pid}: gold paragraph {where}: {n[:70]!r}")
                continue
            pos = j + len(n)
        if "[" in rec["articleBody"] and "|/" in rec["articleBody"]:
            errors.append(f"{pid}: link markup left in gold")
    return errors


def main():
    html_dir = os.path.join(HERE, "html")
    os.makedirs(html_dir, exist_ok=True)
    for fn in os.listdir(html_dir):
        if fn.endswith(".html"):
            os.remove(os.path.join(html_dir, fn))
    pages = build_pages()
    gt = {}
    for p in pages:
        ctx = dict(p)
        doc = p["fn"](ctx)
        with open(os.path.join(html_dir, p["id"] + ".html"), "w", encoding="utf-8", newline="\n") as f:
            f.write(doc)
        lines = gold_lines(p["a"], visible_blocks(p["a"], paywall=(p["layout"] == "paywall")))
        gt[p["id"]] = {"url": p["url"], "articleBody": "\n".join(lines)}
    gt = dict(sorted(gt.items()))
    with open(os.path.join(HERE, "ground-truth.json"), "w", encoding="utf-8", newline="\n") as f:
        json.dump(gt, f, ensure_ascii=False, indent=2, sort_keys=True)
        f.write("\n")

    # structural checks
    errors = check(gt, html_dir)
    assert len(pages) == 48 and len(set(gt)) == 48, len(pages)
    combos = {(p["a"]["slug"], p["layout"]) for p in pages}
    assert len(combos) == 48
    per_layout = {}
    for p in pages:
        per_layout[p["layout"]] = per_layout.get(p["layout"], 0) + 1
    assert len(per_layout) == 16 and set(per_layout.values()) == {3}, per_layout
    for a in ARTICLES:
        w = len(" ".join(gold_lines(a, a["blocks"])).split())
        if not 120 <= w <= 600:
            errors.append(f"{a['slug']}: body has {w} words")
        if not all(ord(ch) < 128 for ch in a["slug"]):
            errors.append(f"{a['slug']}: non-ascii id")
    size = sum(os.path.getsize(os.path.join(html_dir, f)) for f in os.listdir(html_dir))
    size += os.path.getsize(os.path.join(HERE, "ground-truth.json"))
    if size > 3_000_000:
        errors.append(f"total size {size} > 3 MB")
    if errors:
        print("\n".join(errors))
        print(f"FAILED: {len(errors)} problems")
        return 1
    nochar = sum(1 for p in pages if not p["charset"])
    print(f"ok: {len(pages)} pages, {len(per_layout)} layouts, {nochar} without charset, {size} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
