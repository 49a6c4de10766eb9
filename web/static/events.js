// Staff's attendance import: a chosen file is read into the text box, so the
// attendee list a webinar tool exports is sent with the form. Without JavaScript
// the box takes pasted text.
(function () {
  var input = document.getElementById("attendee-file");
  var box = document.getElementById("attendees");
  if (!input || !box || !window.FileReader) return;
  input.hidden = false;
  var label = document.querySelector("label[for=attendee-file]");
  if (label) label.hidden = false;
  input.addEventListener("change", function () {
    var file = input.files && input.files[0];
    if (!file) return;
    var reader = new FileReader();
    reader.onload = function () { box.value = String(reader.result || ""); };
    reader.readAsText(file);
  });
})();
