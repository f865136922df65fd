/* Soapbox speaker page: the booking form and the click-to-load showreel. No framework.
 *
 * - Validation: the browser's own checks (required, type=email, min), shown as the clear messages
 *   the page carries in data-message(-min), next to each field; the first invalid field gets focus.
 *   Dates may not lie before today (the visitor's, not the build's) and a last day
 *   (data-not-before) may not precede the first, which its message names.
 * - Subject: the provider's subject field gets the event's name ("Speaking inquiry: SKO 2027").
 * - Pre-fill: ?talk=<slug> chooses the talk, ?topic=<text> fills the topic.
 * - Thank-you page: the provider's redirect field points at this site's own thanks page, wherever
 *   the site is served from.
 * - No provider (data-provider="mailto"): the inquiry becomes an email with every field.
 * - The video: nothing loads from the video site until the visitor presses play.
 * Every page loads this file, so a hire-me page reached by Material's instant navigation works too.
 */
(function () {
  "use strict";

  function setupVideo(box) {
    var play = box.querySelector(".sbs-video__play");
    if (!play) return;
    play.addEventListener("click", function (event) {
      event.preventDefault();
      var frame = document.createElement("iframe");
      frame.src = box.getAttribute("data-embed");
      frame.title = box.getAttribute("data-title") || "Video";
      frame.setAttribute("allow", "autoplay; encrypted-media; picture-in-picture; fullscreen");
      frame.setAttribute("allowfullscreen", "");
      frame.setAttribute("referrerpolicy", "strict-origin-when-cross-origin");
      box.replaceChildren(frame);
      box.classList.add("is-playing");
      frame.focus();
    });
  }

  function setupForm(form) {
    form.noValidate = true; // our messages instead of the browser's bubbles

    var fields = Array.prototype.filter.call(form.elements, function (el) {
      return el.name && el.type !== "hidden" && el.tagName !== "BUTTON" && !el.closest(".sbs-hp");
    });
    var summary = form.querySelector(".sbs-form__summary");

    var params = new URLSearchParams(window.location.search);
    var talk = params.get("talk");
    var topic = params.get("topic");
    if (talk && form.elements.talk) {
      Array.prototype.forEach.call(form.elements.talk.options, function (option) {
        if (option.value === talk) form.elements.talk.value = talk;
      });
    }
    if (topic && form.elements.topic && !form.elements.topic.value) {
      form.elements.topic.value = topic.slice(0, 200);
    }

    var nextField = form.getAttribute("data-next-field");
    if (nextField && form.elements[nextField]) {
      form.elements[nextField].value = new URL(form.getAttribute("data-thanks"), window.location.href).href;
    }

    // The build's day is the earliest date in the HTML; the visitor's today may be later.
    function isoToday() {
      var now = new Date();
      var pad = function (n) { return (n < 10 ? "0" : "") + n; };
      return now.getFullYear() + "-" + pad(now.getMonth() + 1) + "-" + pad(now.getDate());
    }
    var today = isoToday();
    fields.forEach(function (el) {
      if (el.hasAttribute("data-min") && el.getAttribute("min") < today) el.setAttribute("min", today);
    });

    function checkOrder(el) {
      var startName = el.getAttribute("data-not-before");
      if (!startName) return;
      var start = form.elements[startName];
      var wrong = start && start.value && el.value && el.value < start.value;
      el.setCustomValidity(wrong ? el.getAttribute("data-message-order").replace("{start}", start.value) : "");
    }

    function message(el) {
      checkOrder(el);
      var v = el.validity;
      if (v.valid) return "";
      if (v.rangeUnderflow && el.hasAttribute("data-message-min")) return el.getAttribute("data-message-min");
      if (v.customError) return el.validationMessage;
      return el.getAttribute("data-message") || el.validationMessage;
    }

    function show(el) {
      var error = document.getElementById(el.id + "-error");
      var text = message(el);
      if (error) {
        error.textContent = text;
        error.hidden = !text;
      }
      if (text) el.setAttribute("aria-invalid", "true");
      else el.removeAttribute("aria-invalid");
      return !text;
    }

    fields.forEach(function (el) {
      var recheck = function () { if (el.getAttribute("aria-invalid")) show(el); };
      el.addEventListener("input", recheck);
      el.addEventListener("change", recheck);
      el.addEventListener("blur", function () { if (el.value) show(el); });
    });
    // Changing the first day re-checks a last day already entered.
    fields.forEach(function (el) {
      var startName = el.getAttribute("data-not-before");
      if (startName && form.elements[startName]) {
        form.elements[startName].addEventListener("change", function () { if (el.value) show(el); });
      }
    });

    function subjectLine() {
      var event = form.elements.event_name ? form.elements.event_name.value.trim() : "";
      return form.getAttribute("data-subject") + (event ? ": " + event : "");
    }

    function valueOf(el) {
      if (el.type === "checkbox") return el.checked ? "yes" : "no";
      if (el.tagName === "SELECT") return el.value ? el.options[el.selectedIndex].text : "";
      return el.value.trim();
    }

    function mailto() {
      var lines = fields.map(function (el) {
        return (el.getAttribute("data-label") || el.name) + ": " + valueOf(el);
      });
      return "mailto:" + form.getAttribute("data-email") +
        "?subject=" + encodeURIComponent(subjectLine()) +
        "&body=" + encodeURIComponent(lines.join("\r\n"));
    }

    form.addEventListener("submit", function (event) {
      var invalid = fields.filter(function (el) { return !show(el); });
      if (invalid.length) {
        event.preventDefault();
        summary.textContent = invalid.length === 1
          ? "One field needs your attention before the inquiry can be sent."
          : invalid.length + " fields need your attention before the inquiry can be sent.";
        summary.hidden = false;
        invalid[0].focus();
        return;
      }
      summary.hidden = true;
      var subjectField = form.getAttribute("data-subject-field");
      if (subjectField && form.elements[subjectField]) form.elements[subjectField].value = subjectLine();
      if (form.getAttribute("data-provider") === "mailto") {
        event.preventDefault();
        var href = mailto();
        var link = document.getElementById("booking-mailto");
        if (link) {
          link.href = href;
          link.parentNode.hidden = false;
        }
        window.location.href = href;
      }
    });
  }

  /* The page in view, each element bound once: the first page and every page that Material's
     instant navigation swaps in (its document$ announces each). */
  function init() {
    document.querySelectorAll("[data-sbs-video]").forEach(function (box) {
      if (box.sbBound) return;
      box.sbBound = true;
      setupVideo(box);
    });
    var form = document.getElementById("booking-form");
    if (form && !form.sbBound) {
      form.sbBound = true;
      setupForm(form);
    }
  }

  /* Every page loads this file (deferred); it subscribes once. */
  if (window.sbBooking) return;
  window.sbBooking = true;
  if (typeof document$ !== "undefined" && document$.subscribe) {
    document$.subscribe(init);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
