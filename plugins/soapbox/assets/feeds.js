/* Soapbox subscribe page: "Copy" buttons put a feed's address on the clipboard.
   Without JavaScript the buttons stay hidden and the addresses are plain links to copy by hand.
   Loaded on every page, so it also works on a subscribe page reached by instant navigation. */
(function () {
  "use strict";

  function copyBySelection(text) {
    var field = document.createElement("textarea");
    field.value = text;
    field.setAttribute("readonly", "");
    field.style.position = "fixed";
    field.style.opacity = "0";
    document.body.appendChild(field);
    field.select();
    var ok = false;
    try {
      ok = document.execCommand("copy");
    } catch (error) {
      ok = false;
    }
    document.body.removeChild(field);
    return ok;
  }

  function report(button, ok) {
    var status = document.getElementById("sb-copy-status");
    button.dataset.state = ok ? "copied" : "failed";
    button.textContent = ok ? "Copied" : "Select and copy";
    if (status) {
      status.textContent = ok ? "Copied " + button.dataset.feedUrl : "Copying failed; select the address and copy it";
    }
    window.clearTimeout(button.sbTimer);
    button.sbTimer = window.setTimeout(function () {
      button.textContent = "Copy";
      delete button.dataset.state;
    }, 2500);
  }

  function copy(button) {
    var text = button.dataset.feedUrl;
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(
        function () { report(button, true); },
        function () { report(button, copyBySelection(text)); }
      );
    } else {
      report(button, copyBySelection(text));
    }
  }

  /* The buttons of the page in view, each bound once. */
  function init() {
    var buttons = document.querySelectorAll("button.sb-copy[data-feed-url]");
    Array.prototype.forEach.call(buttons, function (button) {
      if (button.sbBound) return;
      button.sbBound = true;
      button.hidden = false;
      button.addEventListener("click", function () { copy(button); });
    });
  }

  /* Every page loads this file (deferred); it runs once and binds each page: the first one and
     every page Material's instant navigation swaps in (its document$ announces each). */
  if (window.sbFeeds) return;
  window.sbFeeds = true;
  if (typeof document$ !== "undefined" && document$.subscribe) {
    document$.subscribe(init);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
