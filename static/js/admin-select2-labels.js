/* Names the admin's autocomplete widgets for assistive technology.

Select2 hides the real <select> and draws its own combobox, chosen-value box, search field
and list of choices, none of which carries the field's name. Each is given the name of the <select> it
stands for: its <label>, or the aria-label the server set on it in a table of inline rows.
Select2 redraws these parts as choices change, so they are named again after every change.
The real <select> keeps its label and works without JavaScript.
*/
"use strict";
(function () {
  function fieldName(select) {
    const label = select.id ? document.querySelector('label[for="' + select.id + '"]') : null;
    if (label) {
      if (!label.id) {
        label.id = select.id + "-label";
      }
      return { id: label.id, text: label.textContent.replace(/:\s*$/, "").trim() };
    }
    return { id: null, text: select.getAttribute("aria-label") || select.name };
  }

  function nameWidget(select) {
    const container = select.nextElementSibling;
    if (!container || !container.classList.contains("select2")) {
      return;
    }
    const name = fieldName(select);
    container.querySelectorAll('[role="combobox"], [role="textbox"]').forEach(function (combobox) {
      if (name.id) {
        if (combobox.getAttribute("aria-labelledby") !== name.id) {
          combobox.setAttribute("aria-labelledby", name.id);
        }
      } else if (combobox.getAttribute("aria-label") !== name.text) {
        combobox.removeAttribute("aria-labelledby");
        combobox.setAttribute("aria-label", name.text);
      }
    });
    container.querySelectorAll(".select2-search__field").forEach(function (search) {
      const text = "Search " + name.text;
      if (search.getAttribute("aria-label") !== text) {
        search.setAttribute("aria-label", text);
      }
    });
    // The "clear all" button is drawn straight into the list of chosen items.
    container.querySelectorAll("ul > .select2-selection__clear").forEach(function (clear) {
      const item = document.createElement("li");
      clear.replaceWith(item);
      item.append(clear);
    });
  }

  function nameAll() {
    document.querySelectorAll("select.admin-autocomplete").forEach(nameWidget);
  }

  // The dropdown's search field is drawn when the list opens.
  function nameDropdown() {
    const open = document.querySelector(".select2-container--open .select2-search__field");
    if (open && !open.getAttribute("aria-label")) {
      open.setAttribute("aria-label", "Search the choices");
    }
  }

  const observer = new MutationObserver(function () {
    nameAll();
    nameDropdown();
  });
  document.addEventListener("DOMContentLoaded", function () {
    nameAll();
    observer.observe(document.body, { childList: true, subtree: true });
  });
})();
