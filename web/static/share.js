// The share kit: each post's "Copy" button copies its words and link. Without
// JavaScript the buttons stay hidden and the words are selectable text.
(function () {
  var buttons = document.querySelectorAll("button[data-copy]");
  if (!buttons.length) return;
  var status = document.getElementById("copy-status");
  function copied(button) {
    var done = button.getAttribute("data-done");
    var label = button.textContent;
    button.textContent = done;
    // Said to screen readers too.
    if (status) status.textContent = done;
    setTimeout(function () {
      button.textContent = label;
      if (status) status.textContent = "";
    }, 2000);
  }
  function fallback(text, button) {
    var area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "absolute";
    area.style.left = "-9999px";
    document.body.appendChild(area);
    area.select();
    try { if (document.execCommand("copy")) copied(button); } catch (e) {}
    document.body.removeChild(area);
  }
  Array.prototype.forEach.call(buttons, function (button) {
    button.hidden = false;
    button.addEventListener("click", function () {
      var source = document.getElementById(button.getAttribute("data-copy"));
      if (!source) return;
      var text = source.getAttribute("data-text") || source.textContent;
      if (navigator.clipboard && navigator.clipboard.writeText) {
        navigator.clipboard.writeText(text).then(function () { copied(button); },
          function () { fallback(text, button); });
      } else {
        fallback(text, button);
      }
    });
  });
})();
