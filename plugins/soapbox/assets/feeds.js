/* Soapbox subscribe page: "Copy" buttons put a feed's address on the clipboard.
   Without JavaScript the buttons stay hidden and the addresses are plain links to copy by hand. */
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

  var buttons = document.querySelectorAll("button.sb-copy[data-feed-url]");
  Array.prototype.forEach.call(buttons, function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { copy(button); });
  });
})();
