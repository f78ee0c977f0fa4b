// Claim page keys (documented on the page): j / k move focus to the next / previous match,
// s to the status form.  A static file because the Content-Security-Policy allows no inline
// script; without it the page works the same, by mouse and Tab.
(function () {
  "use strict";
  var matches = Array.prototype.slice.call(document.querySelectorAll("article.match"));
  var keys = document.getElementById("keys");
  if (keys) { keys.hidden = false; }

  function typing(element) {
    return element && (element.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(element.tagName));
  }

  function current() {
    var active = document.activeElement;
    for (var i = 0; i < matches.length; i += 1) {
      if (matches[i] === active || matches[i].contains(active)) { return i; }
    }
    return -1;
  }

  function move(step) {
    if (!matches.length) { return; }
    var at = current();
    var next = at < 0 ? (step > 0 ? 0 : matches.length - 1) : Math.min(matches.length - 1, Math.max(0, at + step));
    matches[next].focus();
  }

  document.addEventListener("keydown", function (event) {
    if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey || typing(event.target)) { return; }
    if (event.key === "j" || event.key === "k") {
      event.preventDefault();
      move(event.key === "j" ? 1 : -1);
    } else if (event.key === "s") {
      var target = document.getElementById("status") || document.getElementById("review");
      if (target) { event.preventDefault(); target.focus(); }
    }
  });
}());
