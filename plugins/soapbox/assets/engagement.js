/* Soapbox reader engagement: copy-link buttons, Mastodon share, giscus comments on demand.
   No framework, no third-party request before the reader scrolls to the comments or clicks.
   Every page loads this file (deferred); it binds the page in view, also a page that Material's
   instant navigation swapped in: each element once, and what outlives a page (the window's
   message listener, the theme observer) exists once for the whole visit. */
(function () {
  "use strict";

  function bindCopy(button) {
    button.addEventListener("click", function () {
      var url = button.getAttribute("data-sb-copy");
      var done = function () {
        button.textContent = "Link copied";
        button.setAttribute("data-sb-copied", "true");
      };
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(url).then(done, function () { window.prompt("Copy this link:", url); });
      } else {
        window.prompt("Copy this link:", url);
        done();
      }
    });
  }

  function bindMastodon(link) {
    link.addEventListener("click", function (event) {
      var saved = window.localStorage && localStorage.getItem("sb-mastodon-server");
      var server = window.prompt("Your Mastodon server (for example mastodon.social):", saved || "");
      if (!server) return; /* fall back to the link's generic share page */
      server = server.trim().replace(/^https?:\/\//, "").replace(/\/.*$/, "");
      if (!/^[a-z0-9.-]+\.[a-z]{2,}$/i.test(server)) return;
      event.preventDefault();
      try { localStorage.setItem("sb-mastodon-server", server); } catch (e) { /* private mode */ }
      var text = encodeURIComponent(link.getAttribute("data-sb-mastodon"));
      window.open("https://" + server + "/share?text=" + text, "_blank", "noopener");
    });
  }

  function giscusTheme() {
    var scheme = document.body.getAttribute("data-md-color-scheme");
    return scheme === "slate" ? "dark" : "light";
  }

  /* The comment block of the page in view (null elsewhere): what giscus's messages report to. */
  var comments = null;

  function Comments(section) {
    this.section = section;
    this.loaded = false;
    this.failed = false;
    this.heard = false;
    this.timer = 0;
    this.observer = null;
  }

  Comments.prototype.load = function () {
    var self = this;
    var section = this.section;
    if (this.loaded) return;
    this.loaded = true;
    if (this.observer) this.observer.disconnect();
    var script = document.createElement("script");
    script.src = "https://giscus.app/client.js";
    script.async = true;
    script.crossOrigin = "anonymous";
    Array.prototype.forEach.call(section.attributes, function (attribute) {
      if (attribute.name.indexOf("data-giscus-") === 0) {
        script.setAttribute("data-" + attribute.name.slice("data-giscus-".length), attribute.value);
      }
    });
    script.setAttribute("data-theme", giscusTheme());
    script.setAttribute("data-loading", "lazy");
    script.addEventListener("error", function () {
      self.fail("The comments could not load: giscus.app did not answer (offline, or blocked by a content blocker).");
    });
    var button = section.querySelector(".sb-comments__load");
    if (button) button.remove();
    section.appendChild(script);
    /* No word from the widget at all (an iframe blocked, a network that hangs). */
    this.timer = window.setTimeout(function () {
      if (!self.heard) self.fail("The comments are taking too long to load.");
    }, 15000);
  };

  /* Something failed: say why and point to the discussion itself, instead of an empty block. */
  Comments.prototype.fail = function (reason) {
    var section = this.section;
    if (this.failed || comments !== this) return;
    this.failed = true;
    window.clearTimeout(this.timer);
    var fallback = section.querySelector(".sb-comments__fallback");
    if (!fallback) return;
    fallback.querySelector(".sb-comments__reason").textContent = reason;
    var link = fallback.querySelector(".sb-comments__link");
    var term = section.getAttribute("data-giscus-mapping") === "title"
      ? document.title : window.location.pathname;
    link.href += "?discussions_q=" + encodeURIComponent(term);
    var frame = section.querySelector("iframe.giscus-frame, .giscus");
    if (frame) frame.hidden = true;
    var note = section.querySelector(".sb-comments__note");
    if (note) note.hidden = true;
    fallback.hidden = false;
  };

  /* giscus reports from its iframe; "Discussion not found" only means nobody commented yet. */
  Comments.prototype.hear = function (giscus) {
    this.heard = true;
    window.clearTimeout(this.timer);
    if (giscus.error && !/discussion not found/i.test(String(giscus.error))) {
      this.fail("The comments could not load: giscus reports \u201c" + String(giscus.error).slice(0, 200) + "\u201d.");
    }
  };

  /* The page is gone (instant navigation): no timer or observer of it stays behind. */
  Comments.prototype.leave = function () {
    window.clearTimeout(this.timer);
    if (this.observer) this.observer.disconnect();
  };

  function bindComments(section) {
    var block = new Comments(section);
    comments = block;
    var button = section.querySelector(".sb-comments__load");
    if (button) button.addEventListener("click", function () { block.load(); });
    if ("IntersectionObserver" in window) {
      block.observer = new IntersectionObserver(function (entries) {
        if (entries.some(function (entry) { return entry.isIntersecting; })) block.load();
      });
      block.observer.observe(section);
    }
  }

  function each(selector, bind) {
    document.querySelectorAll(selector).forEach(function (element) {
      if (element.sbBound) return;
      element.sbBound = true;
      bind(element);
    });
  }

  /* The skip link before the header outlives instant navigation: show it only while neither
     Material's skip link nor the "hire me" bar's serves the page in view, and point it here. */
  function skipLink() {
    var fixed = document.querySelector("a.sb-skip-fixed");
    if (!fixed) return;
    var other = document.querySelector(
      '[data-md-component="skip"] a.md-skip, [data-md-component="announce"] a.sb-skip'
    );
    fixed.hidden = !!other;
    fixed.setAttribute("href", "#sb-content");
  }

  function init() {
    skipLink();
    if (comments && !document.body.contains(comments.section)) {
      comments.leave();
      comments = null;
    }
    each("[data-sb-copy]", bindCopy);
    each("[data-sb-mastodon]", bindMastodon);
    each(".sb-comments[data-giscus-repo]", bindComments);
  }

  if (window.sbEngagement) return; /* loaded twice: the first copy binds every page */
  window.sbEngagement = true;

  window.addEventListener("message", function (event) {
    if (event.origin !== "https://giscus.app" || !event.data || typeof event.data !== "object") return;
    if (event.data.giscus && comments) comments.hear(event.data.giscus);
  });

  /* Follow Material's light/dark toggle. */
  new MutationObserver(function () {
    var frame = document.querySelector("iframe.giscus-frame");
    if (frame) {
      frame.contentWindow.postMessage({ giscus: { setConfig: { theme: giscusTheme() } } }, "https://giscus.app");
    }
  }).observe(document.body, { attributes: true, attributeFilter: ["data-md-color-scheme"] });

  if (typeof document$ !== "undefined" && document$.subscribe) {
    document$.subscribe(init); /* Material's instant navigation announces each page */
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
