// Small enhancements; every page works completely without them.
(function () {
  "use strict";

  // A "Copy citation" button beside a read-only citation box.
  function addCopyButtons() {
    document.querySelectorAll("textarea[data-copy-button]").forEach(function (box) {
      var button = document.createElement("button");
      var status = document.createElement("span");
      button.type = "button";
      button.className = "secondary copy-button";
      button.textContent = box.getAttribute("data-copy-button");
      status.className = "copy-status";
      status.setAttribute("role", "status");
      button.addEventListener("click", function () {
        var done = function () { status.textContent = "Copied to the clipboard."; };
        var fallback = function () {
          box.focus();
          box.select();
          status.textContent = document.execCommand && document.execCommand("copy")
            ? "Copied to the clipboard."
            : "Press Ctrl+C (or Cmd+C) to copy the selected citation.";
        };
        if (navigator.clipboard && window.isSecureContext) {
          navigator.clipboard.writeText(box.value).then(done, fallback);
        } else {
          fallback();
        }
      });
      box.addEventListener("focus", function () { box.select(); });
      box.insertAdjacentElement("afterend", status);
      box.insertAdjacentElement("afterend", button);
    });
  }

  // On a narrow screen, start with the filters folded away so the results come first;
  // the chips above the results still show, and remove, the filters in use.
  function foldFiltersOnSmallScreens() {
    var panel = document.getElementById("filter-panel");
    if (panel && window.matchMedia && window.matchMedia("(max-width: 55.99rem)").matches) {
      panel.open = false;
    }
  }

  document.addEventListener("DOMContentLoaded", function () {
    addCopyButtons();
    foldFiltersOnSmallScreens();
  });
})();
