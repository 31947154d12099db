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

  // A "Copy as a list" button beside the link to the list as plain text: it fetches the
  // text and puts it on the clipboard. The link itself still opens the text.
  function addCopyListButtons() {
    document.querySelectorAll("a[data-copy-list]").forEach(function (link) {
      if (!window.fetch || !navigator.clipboard || !window.isSecureContext) {
        return;
      }
      var button = document.createElement("button");
      var status = document.createElement("span");
      button.type = "button";
      button.className = "secondary copy-button";
      button.textContent = link.getAttribute("data-copy-list");
      status.className = "copy-status";
      status.setAttribute("role", "status");
      button.addEventListener("click", function () {
        fetch(link.href, { credentials: "same-origin" })
          .then(function (response) {
            if (!response.ok) { throw new Error(response.statusText); }
            return response.text();
          })
          .then(function (text) { return navigator.clipboard.writeText(text); })
          .then(function () { status.textContent = "The list is on the clipboard."; },
                function () { status.textContent = "Could not copy: open the list and copy it from there."; });
      });
      link.parentNode.appendChild(button);
      link.parentNode.appendChild(status);
    });
  }

  // Where the filters sit beside the results, ticking a box applies it at once: the form
  // is sent as the Apply button would send it, and the new page comes back scrolled to the
  // same place with the same box focused. On a phone the panel covers the results, so
  // several boxes are ticked and then applied with the button, at the top or the bottom.
  var RETURN_KEY = "catalogue-filter-return";

  // The form's query as the Apply button would send it, less the blanks and defaults.
  function addressOf(form) {
    var params = new URLSearchParams();
    new FormData(form).forEach(function (value, name) {
      if (String(value).trim() !== "" && !(name === "match" && value === "any")) {
        params.append(name, value);
      }
    });
    var query = params.toString();
    return query ? "?" + query : "";
  }

  function applyFiltersAsTicked() {
    var form = document.getElementById("catalogue-form");
    var panel = document.getElementById("filter-panel");
    if (!form || !panel || !window.matchMedia || !window.URLSearchParams || !window.FormData) {
      return;
    }
    var wide = window.matchMedia("(min-width: 56rem)");
    var hint = document.createElement("p");
    hint.className = "hint auto-apply-hint";
    hint.id = "auto-apply-hint";
    hint.textContent = "Filters apply as you choose them.";
    var top = panel.querySelector(".apply-bar-top");
    if (top) {
      top.insertAdjacentElement("afterend", hint);
    }
    panel.addEventListener("change", function (event) {
      var input = event.target;
      if (!wide.matches || !input.matches("input[type=checkbox], input[type=radio]")) {
        return;
      }
      try {
        sessionStorage.setItem(RETURN_KEY, JSON.stringify({ id: input.id, y: window.scrollY }));
      } catch (error) { /* storage refused: the page still applies the filter */ }
      window.location.assign(form.action.split("?")[0] + addressOf(form));
    });
    var saved = null;
    try {
      saved = JSON.parse(sessionStorage.getItem(RETURN_KEY) || "null");
      sessionStorage.removeItem(RETURN_KEY);
    } catch (error) { saved = null; }
    if (saved && wide.matches) {
      window.scrollTo(0, saved.y || 0);
      var again = saved.id && document.getElementById(saved.id);
      if (again) {
        again.focus({ preventScroll: true });
      }
    }
  }

  document.addEventListener("DOMContentLoaded", function () {
    addCopyButtons();
    addCopyListButtons();
    openFiltersOnWideScreens();
    applyFiltersAsTicked();
  });
})();
