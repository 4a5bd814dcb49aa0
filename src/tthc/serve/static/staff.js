// The one thing the page needs a script for: a print button (Ctrl+P works without it).
"use strict";
document.addEventListener("DOMContentLoaded", function () {
  var button = document.getElementById("print");
  if (button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  }
});
