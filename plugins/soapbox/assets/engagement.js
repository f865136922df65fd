/* Soapbox reader engagement: copy-link buttons, Mastodon share, giscus comments on demand.
   No framework, no third-party request before the reader scrolls to the comments or clicks. */
(function () {
  "use strict";

  /* Binds the buttons of the page in view: once per page, also for a page that Material's
     instant navigation swapped in (document$ announces each one). */
  function init() {
    document.querySelectorAll("[data-sb-copy]").forEach(function (button) {
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
    });

    document.querySelectorAll("[data-sb-mastodon]").forEach(function (link) {
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
    });

    function giscusTheme() {
      var scheme = document.body.getAttribute("data-md-color-scheme");
      return scheme === "slate" ? "dark" : "light";
    }

    document.querySelectorAll(".sb-comments[data-giscus-repo]").forEach(function (section) {
      var loaded = false;
      function load() {
        if (loaded) return;
        loaded = true;
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
          fail("The comments could not load: giscus.app did not answer (offline, or blocked by a content blocker).");
        });
        var button = section.querySelector(".sb-comments__load");
        if (button) button.remove();
        section.appendChild(script);
        /* No word from the widget at all (an iframe blocked, a network that hangs). */
        timer = window.setTimeout(function () {
          if (!heard) fail("The comments are taking too long to load.");
        }, 15000);
      }

      /* Something failed: say why and point to the discussion itself, instead of an empty block. */
      var failed = false;
      var heard = false;
      var timer = 0;
      function fail(reason) {
        if (failed) return;
        failed = true;
        window.clearTimeout(timer);
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
      }

      /* giscus reports from its iframe; "Discussion not found" only means nobody commented yet. */
      window.addEventListener("message", function (event) {
        if (event.origin !== "https://giscus.app" || !event.data || typeof event.data !== "object") return;
        var giscus = event.data.giscus;
        if (!giscus) return;
        heard = true;
        window.clearTimeout(timer);
        if (giscus.error && !/discussion not found/i.test(String(giscus.error))) {
          fail("The comments could not load: giscus reports \u201c" + String(giscus.error).slice(0, 200) + "\u201d.");
        }
      });
      section.querySelector(".sb-comments__load").addEventListener("click", load);
      if ("IntersectionObserver" in window) {
        var observer = new IntersectionObserver(function (entries) {
          if (entries.some(function (entry) { return entry.isIntersecting; })) {
            observer.disconnect();
            load();
          }
        });
        observer.observe(section);
      }
      /* Follow Material's light/dark toggle. */
      new MutationObserver(function () {
        var frame = document.querySelector("iframe.giscus-frame");
        if (frame) {
          frame.contentWindow.postMessage({ giscus: { setConfig: { theme: giscusTheme() } } }, "https://giscus.app");
        }
      }).observe(document.body, { attributes: true, attributeFilter: ["data-md-color-scheme"] });
    });
  }

  if (typeof document$ !== "undefined" && document$.subscribe) {
    document$.subscribe(init); /* Material's instant navigation */
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
