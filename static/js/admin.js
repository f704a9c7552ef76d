/*
 * Admin additions. Draftail's editable area is a contenteditable element with role="textbox", and Wagtail's field
 * label points at the hidden input that stores the value, not at it: screen readers meet an unnamed text box. Name
 * each editor after its field's label, including editors that stream blocks add later.
 *
 * The bulk upload pages (images, documents) lay a transparent file input over an "Or choose from your computer"
 * button and give the input no label: it takes the button's words as its name.
 */
(function () {
  "use strict";

  function nameEditors(root) {
    var editors = root.querySelectorAll(
      ".Draftail-Editor [contenteditable='true'][role='textbox']:not([aria-labelledby]):not([aria-label])"
    );
    editors.forEach(function (editor) {
      var field = editor.closest(".w-field");
      var input = field && field.querySelector("input[id], textarea[id]");
      var label = input && document.querySelector("label[for='" + input.id + "']");
      if (!label) {
        var wrapper = editor.closest("[data-field-wrapper], .w-field__wrapper");
        label = wrapper && wrapper.querySelector("label, .w-field__label");
      }
      if (!label) {
        return;
      }
      if (!label.id) {
        label.id = (editor.id || "draftail-" + Math.random().toString(36).slice(2)) + "-label";
      }
      editor.setAttribute("aria-labelledby", label.id);
    });
  }

  function nameFileInputs(root) {
    root.querySelectorAll(".replace-file-input input[type='file']:not([aria-label]):not([aria-labelledby])").forEach(
      function (input) {
        var button = input.parentElement.querySelector("button");
        var labelled = input.id && document.querySelector("label[for='" + input.id + "']");
        if (button && !labelled && button.textContent.trim()) {
          input.setAttribute("aria-label", button.textContent.trim());
        }
      }
    );
  }

  function start() {
    nameEditors(document);
    nameFileInputs(document);
    new MutationObserver(function () {
      nameEditors(document);
    }).observe(document.body, { childList: true, subtree: true });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
