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

  // The filter panel arrives folded, so that on a narrow screen the results come first and
  // nothing moves after the first paint; the chips above the results show, and remove, the
  // filters in use. On a wide screen the stylesheet already shows the filters beside the
  // results; marking the panel open tells assistive technology so, and shows them in
  // browsers too old for that rule. The panel sits in its own column, so nothing moves.
  function openFiltersOnWideScreens() {
    var panel = document.getElementById("filter-panel");
    if (!panel || !window.matchMedia) {
      return;
    }
    var wide = window.matchMedia("(min-width: 56rem)");
    if (wide.matches) {
      panel.open = true;
    }
    // Folding would hide nothing there, so the panel's heading does not fold it.
    panel.querySelector("summary").addEventListener("click", function (event) {
      if (wide.matches && panel.open) {
        event.preventDefault();
      }
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    addCopyButtons();
    openFiltersOnWideScreens();
  });
})();
