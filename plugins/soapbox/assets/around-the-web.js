/* Soapbox "Around the web": the topic filter. Each post carries data-topics="slug slug"; a filter
   button shows only the posts on its topic, from every page of the river: the other pages (listed
   in the bar's data-pages) are fetched once, same origin, and their posts shown in river order
   while the pager is hidden. "All" shows the current page again. Without JavaScript the buttons
   stay hidden and every post is listed, each with links to its topic pages. */
(function () {
  "use strict";

  function setup(bar) {
    var list = document.getElementById(bar.getAttribute("aria-controls"));
    if (!list) {
      return;
    }
    var buttons = Array.prototype.slice.call(bar.querySelectorAll("button[data-topic]"));
    var own = Array.prototype.slice.call(list.querySelectorAll("[data-topics]"));
    var status = document.getElementById("sb-web-status");
    var pager = document.querySelector(".md-content nav.sb-pager, .md-content .sb-pager");
    var pages = [];
    try {
      pages = JSON.parse(bar.getAttribute("data-pages") || "[]");
    } catch (error) {
      pages = [];
    }
    var here = new URL(window.location.href);
    var loaded = null; /* a Promise of every page's posts, in river order */

    function samePage(url) {
      return url.pathname.replace(/index\.html$/, "") === here.pathname.replace(/index\.html$/, "");
    }

    function everything() {
      if (loaded) {
        return loaded;
      }
      var urls = pages.map(function (page) { return new URL(page, here); });
      loaded = Promise.all(urls.map(function (url) {
        if (samePage(url) || url.origin !== here.origin) {
          return Promise.resolve(samePage(url) ? own : []);
        }
        return fetch(url.href, { credentials: "same-origin" })
          .then(function (response) { return response.ok ? response.text() : ""; })
          .then(function (text) {
            var doc = new DOMParser().parseFromString(text, "text/html");
            var other = doc.getElementById(list.id);
            var posts = other ? Array.prototype.slice.call(other.querySelectorAll("[data-topics]")) : [];
            return posts.map(function (post) {
              var copy = document.importNode(post, true);
              copy.setAttribute("data-other-page", "");
              copy.hidden = true;
              return copy;
            });
          })
          .catch(function () { return []; });
      })).then(function (perPage) {
        var all = [];
        perPage.forEach(function (posts) { all = all.concat(posts); });
        all.forEach(function (post) { list.appendChild(post); }); /* river order */
        return all.length ? all : own;
      });
      return loaded;
    }

    function render(topic) {
      var shown = 0;
      Array.prototype.forEach.call(list.querySelectorAll("[data-topics]"), function (post) {
        var topics = (post.getAttribute("data-topics") || "").split(" ");
        var visible = topic === "" ? !post.hasAttribute("data-other-page") : topics.indexOf(topic) !== -1;
        post.hidden = !visible;
        if (visible) {
          shown += 1;
        }
      });
      if (pager) {
        pager.style.display = topic !== "" ? "none" : ""; /* its CSS display beats [hidden] */
      }
      buttons.forEach(function (button) {
        button.setAttribute("aria-pressed", button.getAttribute("data-topic") === topic ? "true" : "false");
      });
      if (status) {
        status.textContent = topic === "" ? "Showing every post"
          : "Showing " + shown + (shown === 1 ? " post" : " posts") + (pages.length > 1 ? " from every page" : "");
      }
    }

    function show(topic) {
      if (topic === "" || pages.length < 2) {
        render(topic);
        return;
      }
      everything().then(function () { render(topic); });
    }

    buttons.forEach(function (button) {
      button.addEventListener("click", function () {
        show(button.getAttribute("data-topic"));
      });
    });
    bar.hidden = false;
  }

  /* The filter bars of the page in view, each bound once. */
  function init() {
    Array.prototype.forEach.call(document.querySelectorAll(".sb-web-filter"), function (bar) {
      if (bar.sbBound) return;
      bar.sbBound = true;
      setup(bar);
    });
  }

  /* Every page loads this file (deferred); it subscribes once and binds each page: the first one
     and every page Material's instant navigation swaps in (its document$ announces each). */
  if (window.sbAroundTheWeb) return;
  window.sbAroundTheWeb = true;
  if (typeof document$ !== "undefined" && document$.subscribe) {
    document$.subscribe(init);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
