<?xml version="1.0" encoding="utf-8"?>
<!-- Soapbox: shows an RSS 2.0 or Atom 1.0 feed opened in a browser as a readable page that says
     what a feed is and how to subscribe. Feed readers ignore it. One stylesheet for both formats. -->
<xsl:stylesheet version="1.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:atom="http://www.w3.org/2005/Atom"
  exclude-result-prefixes="atom">
  <xsl:output method="html" encoding="utf-8" indent="yes" doctype-system="about:legacy-compat"/>

  <xsl:variable name="title" select="/rss/channel/title | /atom:feed/atom:title"/>
  <xsl:variable name="description" select="/rss/channel/description | /atom:feed/atom:subtitle"/>
  <xsl:variable name="home" select="/rss/channel/link | /atom:feed/atom:link[@rel='alternate']/@href"/>
  <xsl:variable name="self" select="/rss/channel/atom:link[@rel='self']/@href | /atom:feed/atom:link[@rel='self']/@href"/>
  <xsl:variable name="format">
    <xsl:choose>
      <xsl:when test="/rss">RSS</xsl:when>
      <xsl:otherwise>Atom</xsl:otherwise>
    </xsl:choose>
  </xsl:variable>

  <xsl:template match="/">
    <html lang="en">
      <head>
        <meta charset="utf-8"/>
        <meta name="viewport" content="width=device-width, initial-scale=1"/>
        <meta name="robots" content="noindex"/>
        <title><xsl:value-of select="$title"/> (<xsl:value-of select="$format"/> feed)</title>
        <style>
          :root { color-scheme: light dark; --accent: #e64a19; --muted: #5f6368; }
          @media (prefers-color-scheme: dark) { :root { --muted: #b0b4ba; } }
          body { font: 16px/1.55 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; margin: 0; }
          main { max-width: 44rem; margin: 0 auto; padding: 1.5rem 1.25rem 3rem; }
          .about { border-left: 4px solid var(--accent); padding: 0.75rem 1rem; margin: 0 0 2rem;
                   background: color-mix(in srgb, var(--accent) 8%, transparent); }
          .about h2 { margin: 0 0 0.4rem; font-size: 1.05rem; }
          .about p { margin: 0.4rem 0; }
          code { font-size: 0.9em; overflow-wrap: anywhere; padding: 0.1em 0.3em; border-radius: 3px;
                 background: color-mix(in srgb, currentColor 8%, transparent); }
          .kicker { text-transform: uppercase; letter-spacing: 0.06em; font-size: 0.75rem; color: var(--muted); margin: 0; }
          h1 { margin: 0.2rem 0 0.4rem; line-height: 1.2; }
          .lede { color: var(--muted); margin: 0 0 0.6rem; }
          a { color: var(--accent); }
          ol { list-style: none; padding: 0; }
          li { margin: 0 0 1.1rem; }
          li a { font-weight: 600; font-size: 1.05rem; }
          .date { display: block; color: var(--muted); font-size: 0.85rem; }
          .empty { color: var(--muted); }
        </style>
      </head>
      <body>
        <main>
          <section class="about" aria-labelledby="what">
            <h2 id="what">This is a web feed: subscribe to follow new articles</h2>
            <p>You are looking at the <xsl:value-of select="$format"/> feed of
              <strong><xsl:value-of select="$title"/></strong>. Feed readers check it for you and show
              every new article as it appears: no account, no algorithm, unsubscribe any time.</p>
            <p>To subscribe, copy this address into your feed reader (Feedly, Inoreader, NetNewsWire,
              Thunderbird ...): <code id="feed-url"><xsl:value-of select="$self"/></code></p>
          </section>
          <header>
            <p class="kicker"><xsl:value-of select="$format"/> feed preview</p>
            <h1><xsl:value-of select="$title"/></h1>
            <xsl:if test="$description">
              <p class="lede"><xsl:value-of select="$description"/></p>
            </xsl:if>
            <p><a href="{$home}">Visit the website &#8594;</a></p>
          </header>
          <h2>Recent articles</h2>
          <xsl:choose>
            <xsl:when test="/rss/channel/item | /atom:feed/atom:entry">
              <ol>
                <xsl:apply-templates select="/rss/channel/item | /atom:feed/atom:entry"/>
              </ol>
            </xsl:when>
            <xsl:otherwise>
              <p class="empty">Nothing here yet: this feed has no articles so far. Subscribe
                anyway, and each new one reaches your reader as soon as it is published.</p>
            </xsl:otherwise>
          </xsl:choose>
        </main>
      </body>
    </html>
  </xsl:template>

  <xsl:template match="item">
    <li>
      <a href="{link}"><xsl:value-of select="title"/></a>
      <!-- "Sun, 10 Mar 2024 12:00:00 +0100" -> "10 Mar 2024": the same form as Atom's below. -->
      <span class="date"><xsl:value-of select="substring(pubDate, 6, 11)"/></span>
    </li>
  </xsl:template>

  <xsl:template match="atom:entry">
    <li>
      <a href="{atom:link[@rel='alternate']/@href}"><xsl:value-of select="atom:title"/></a>
      <!-- "2024-03-10T12:00:00+01:00" -> "10 Mar 2024", the form RSS dates are shown in. -->
      <span class="date"><xsl:value-of select="concat(substring(atom:published, 9, 2), ' ',
        substring('JanFebMarAprMayJunJulAugSepOctNovDec', (number(substring(atom:published, 6, 2)) - 1) * 3 + 1, 3),
        ' ', substring(atom:published, 1, 4))"/></span>
    </li>
  </xsl:template>
</xsl:stylesheet>
