/*
 * Small enhancements on top of pages that already work without JavaScript:
 * the mobile menu toggle, dismissable messages, and the widths and colours of meters and level badges (set here from
 * data attributes because the Content-Security-Policy forbids inline style attributes). Loaded in <head> (tiny, no
 * defer) so the "js" class is set before the first paint and the menu does not flash open on phones.
 */
(function () {
  "use strict";

  var root = document.documentElement;
  root.classList.remove("no-js");
  root.classList.add("js");

  function setupNavToggle() {
    var toggle = document.querySelector("[data-nav-toggle]");
    if (!toggle) {
      return;
    }
    var menu = document.getElementById(toggle.getAttribute("aria-controls"));
    if (!menu) {
      return;
    }
    toggle.hidden = false;

    function setOpen(open) {
      toggle.setAttribute("aria-expanded", open ? "true" : "false");
      if (open) {
        menu.setAttribute("data-open", "");
      } else {
        menu.removeAttribute("data-open");
      }
    }

    toggle.addEventListener("click", function () {
      setOpen(toggle.getAttribute("aria-expanded") !== "true");
    });

    // Escape closes the open menu and returns focus to the button that opened it.
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && toggle.getAttribute("aria-expanded") === "true") {
        setOpen(false);
        toggle.focus();
      }
    });

    // Back on a wide screen the menu is always shown; reset so it is closed next time the screen narrows.
    var wide = window.matchMedia("(min-width: 60.0625rem)");
    var onChange = function (query) {
      if (query.matches) {
        setOpen(false);
      }
    };
    if (wide.addEventListener) {
      wide.addEventListener("change", onChange);
    }
  }

  function setupDismissableAlerts() {
    var buttons = document.querySelectorAll("[data-dismiss]");
    Array.prototype.forEach.call(buttons, function (button) {
      button.hidden = false;
      button.addEventListener("click", function () {
        var alert = button.closest("[data-dismissable]");
        if (!alert) {
          return;
        }
        // Move focus somewhere sensible before the alert (and the focused button) disappears.
        var next = alert.nextElementSibling && alert.nextElementSibling.querySelector("[data-dismiss]");
        alert.remove();
        if (next) {
          next.focus();
        } else {
          var main = document.getElementById("main");
          if (main) {
            main.focus();
          }
        }
      });
    });
  }

  // data-width="37" -> width: 37%; data-level-colour="#0f5e59" -> --level-colour. Anything else is ignored.
  function applyDataStyles() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-width]"), function (el) {
      var percent = parseFloat(el.getAttribute("data-width"));
      if (isFinite(percent)) {
        el.style.width = Math.max(0, Math.min(100, percent)) + "%";
      }
    });
    Array.prototype.forEach.call(document.querySelectorAll("[data-level-colour]"), function (el) {
      var colour = el.getAttribute("data-level-colour");
      if (/^#[0-9a-fA-F]{3,8}$/.test(colour)) {
        el.style.setProperty("--level-colour", colour);
      }
    });
  }

  function ready(callback) {
    if (document.readyState === "loading") {
      document.addEventListener("DOMContentLoaded", callback);
    } else {
      callback();
    }
  }

  ready(function () {
    setupNavToggle();
    setupDismissableAlerts();
    applyDataStyles();
  });
})();
