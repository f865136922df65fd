/* Soapbox "Around the web": the topic filter. Each post carries data-topics="slug slug"; a filter
   button shows only the posts on its topic ("All" shows every post again). Without JavaScript
   the buttons stay hidden and every post is listed, each with links to its topic pages. */
(function () {
  "use strict";

  function setup(bar) {
    var list = document.getElementById(bar.getAttribute("aria-controls"));
    if (!list) {
      return;
    }
    var buttons = Array.prototype.slice.call(bar.querySelectorAll("button[data-topic]"));
    var posts = Array.prototype.slice.call(list.querySelectorAll("[data-topics]"));
    var status = document.getElementById("sb-web-status");

    function show(topic) {
      var shown = 0;
      posts.forEach(function (post) {
        var topics = (post.getAttribute("data-topics") || "").split(" ");
        var visible = topic === "" || topics.indexOf(topic) !== -1;
        post.hidden = !visible;
        if (visible) {
          shown += 1;
        }
      });
      buttons.forEach(function (button) {
        button.setAttribute("aria-pressed", button.getAttribute("data-topic") === topic ? "true" : "false");
      });
      if (status) {
        status.textContent = topic === "" ? "Showing every post" : "Showing " + shown + (shown === 1 ? " post" : " posts");
      }
    }

    buttons.forEach(function (button) {
      button.addEventListener("click", function () {
        show(button.getAttribute("data-topic"));
      });
    });
    bar.hidden = false;
  }

  function init() {
    Array.prototype.forEach.call(document.querySelectorAll(".sb-web-filter"), setup);
  }

  if (typeof document$ !== "undefined" && document$.subscribe) {
    document$.subscribe(init); /* Material's instant navigation */
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
