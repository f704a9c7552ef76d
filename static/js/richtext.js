/*
 * The members' rich-text editor (website/core/rich_text.py renders its markup; static/css/richtext.css styles it).
 *
 * Without this script a member edits plain text in a textarea. With it, the textarea is hidden and kept in step with
 * an editable region: a toolbar (bold, italic, heading, lists, link, remove formatting) with keyboard shortcuts, and
 * pastes reduced to the same small structure the server keeps. The browser's own editing commands do the work, so
 * undo, spell checking and input methods behave as everywhere else; the server cleans whatever arrives anyway
 * (website/core/sanitize.py), so nothing here is a security boundary.
 *
 * Input methods (Chinese pinyin, Japanese...) compose text before committing it: while a composition is running,
 * no shortcut fires and nothing rewrites the region, so candidates are never interrupted.
 */
(function () {
  "use strict";

  var LINK_ADDRESS = /^(https?:\/\/|mailto:)\S/i;
  var DROPPED = /^(SCRIPT|STYLE|TEMPLATE|IFRAME|OBJECT|EMBED|NOSCRIPT|HEAD|META|TITLE|LINK|SVG|MATH|IMG|PICTURE|VIDEO|AUDIO|CANVAS|INPUT|SELECT|TEXTAREA|BUTTON)$/;
  var CONTAINERS = /^(P|DIV|SECTION|ARTICLE|ASIDE|HEADER|FOOTER|MAIN|NAV|BLOCKQUOTE|PRE|FIGURE|FIGCAPTION|ADDRESS|DL|DT|DD|TABLE|THEAD|TBODY|TFOOT|TR|CAPTION|CENTER|FORM|FIELDSET)$/;
  var BLOCKS = /^(P|DIV|SECTION|ARTICLE|ASIDE|HEADER|FOOTER|MAIN|NAV|BLOCKQUOTE|PRE|FIGURE|FIGCAPTION|ADDRESS|DL|DT|DD|TABLE|THEAD|TBODY|TFOOT|TR|CAPTION|CENTER|FORM|FIELDSET|H[1-6]|UL|OL|LI|HR)$/;

  function escapeHtml(text) {
    return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
  }

  /* An address as a member types it ("example.com", "me@example.com") completed to one the server keeps. */
  function completeAddress(value) {
    var address = value.trim();
    if (!address || LINK_ADDRESS.test(address)) {
      return address;
    }
    if (/^[^\s@:/]+@[^\s@]+\.[^\s@]+$/.test(address)) {
      return "mailto:" + address;
    }
    if (/^[^\s:/]+\.[^\s]+$/.test(address)) {
      return "https://" + address;
    }
    return address;
  }

  /* Plain text as paragraphs: blank lines separate paragraphs, single newlines become line breaks. */
  function textToHtml(text) {
    return text
      .replace(/\r\n?/g, "\n")
      .split(/\n\s*\n/)
      .filter(function (block) {
        return block.trim();
      })
      .map(function (block) {
        return "<p>" + escapeHtml(block.trim()).replace(/\n/g, "<br>") + "</p>";
      })
      .join("");
  }

  function hasBlockChild(element) {
    for (var child = element.firstElementChild; child; child = child.nextElementSibling) {
      if (BLOCKS.test(child.nodeName)) {
        return true;
      }
    }
    return false;
  }

  /*
   * Pasted HTML (a web page, a word processor, a chat app) reduced to paragraphs, headings, lists, bold, italic and
   * links. DOMParser builds an inert document: its scripts do not run and its images do not load.
   */
  function cleanPastedHtml(html) {
    // Style and event-handler attributes are renamed before parsing: the page's Content-Security-Policy would
    // refuse (and report) them even in an inert document, and only the style's weight and slant are of interest.
    var doc = new DOMParser().parseFromString(
      html.replace(/(<[^>]*?\s)(style|on[a-z]+)(\s*=)/gi, "$1data-pasted-$2$3"),
      "text/html"
    );

    function children(node) {
      var out = "";
      for (var child = node.firstChild; child; child = child.nextSibling) {
        out += walk(child);
      }
      return out;
    }

    function walk(node) {
      if (node.nodeType === 3) {
        return escapeHtml(node.nodeValue.replace(/\s+/g, " "));
      }
      if (node.nodeType !== 1) {
        return "";
      }
      var tag = node.nodeName;
      var style = node.getAttribute("data-pasted-style") || "";
      if (DROPPED.test(tag)) {
        return "";
      }
      var inner = children(node);
      if (tag === "BR") {
        return "<br>";
      }
      if (/^H[1-6]$/.test(tag)) {
        return "<h3>" + inner + "</h3>";
      }
      if (tag === "UL" || tag === "OL" || tag === "LI") {
        var name = tag.toLowerCase();
        return "<" + name + ">" + inner + "</" + name + ">";
      }
      if (CONTAINERS.test(tag)) {
        // A container of blocks adds nothing of its own; a container of text is a paragraph.
        return hasBlockChild(node) ? inner : inner.trim() ? "<p>" + inner + "</p>" : "";
      }
      if (tag === "A") {
        var href = (node.getAttribute("href") || "").trim();
        return LINK_ADDRESS.test(href) ? '<a href="' + escapeHtml(href) + '">' + inner + "</a>" : inner;
      }
      // Google Docs wraps a whole paste in <b style="font-weight:normal">; styles, not tags, say what is bold there.
      var weight = (/font-weight\s*:\s*([a-z0-9]+)/i.exec(style) || [])[1] || "";
      var slant = (/font-style\s*:\s*([a-z]+)/i.exec(style) || [])[1] || "";
      var bold = /^(B|STRONG)$/.test(tag) ? !/^(normal|[1-5]00)$/.test(weight) : weight === "bold" || Number(weight) >= 600;
      var italic = /^(I|EM)$/.test(tag) ? slant !== "normal" : slant === "italic" || slant === "oblique";
      if (italic) {
        inner = "<em>" + inner + "</em>";
      }
      if (bold) {
        inner = "<strong>" + inner + "</strong>";
      }
      return inner;
    }

    var cleaned = children(doc.body);
    // A single pasted paragraph joins the paragraph (or list item) it is pasted into.
    var single = /^<p>((?:(?!<\/?(p|h3|ul|ol|li)\b).)*)<\/p>$/.exec(cleaned);
    return single ? single[1] : cleaned;
  }

  function setup(root) {
    var source = root.querySelector("[data-richtext-source]");
    var area = root.querySelector("[data-richtext-area]");
    var toolbar = root.querySelector("[data-richtext-toolbar]");
    var format = root.querySelector("[data-richtext-format]");
    var counter = root.querySelector("[data-richtext-count]");
    var panel = root.querySelector("[data-richtext-linkpanel]");
    var linkInput = root.querySelector("[data-richtext-linkinput]");
    var linkError = root.querySelector("[data-richtext-linkerror]");
    var unlinkButton = root.querySelector("[data-richtext-unlink]");
    var buttons = Array.prototype.slice.call(toolbar.querySelectorAll("[data-command]"));
    var linkButton = toolbar.querySelector('[data-command="link"]');
    var savedRange = null;
    var composing = false;
    var internalDrag = false;
    var counterFrame = 0;

    // Reveal the editor in place of the textarea, taking over its label, description and error state.
    area.contentEditable = "true";
    area.hidden = false;
    toolbar.hidden = false;
    source.hidden = true;
    format.value = "html";
    var label = source.id ? document.querySelector('label[for="' + source.id + '"]') : null;
    if (label) {
      label.id = label.id || source.id + "_label";
      area.setAttribute("aria-labelledby", label.id);
      label.addEventListener("click", function (event) {
        event.preventDefault();
        area.focus();
      });
    }
    var describedBy = (source.getAttribute("aria-describedby") || "").split(/\s+/).filter(Boolean);
    if (counter) {
      counter.id = counter.id || area.id + "_count";
      counter.hidden = false;
      describedBy.push(counter.id);
    }
    if (describedBy.length) {
      area.setAttribute("aria-describedby", describedBy.join(" "));
    }
    if (source.getAttribute("aria-invalid")) {
      area.setAttribute("aria-invalid", source.getAttribute("aria-invalid"));
    }
    if (!area.textContent.trim() && !area.querySelector("li")) {
      area.innerHTML = "<p><br></p>";
    }

    function updateCounter() {
      counterFrame = 0;
      if (!counter) {
        return;
      }
      var limit = Number(counter.getAttribute("data-limit"));
      var count = area.textContent.length;
      counter.textContent = counter
        .getAttribute("data-template")
        .replace("%(count)s", String(count))
        .replace("%(limit)s", String(limit));
      counter.classList.toggle("richtext__count--over", count > limit);
    }

    function sync() {
      source.value = area.innerHTML;
      if (counter && !counterFrame) {
        counterFrame = window.requestAnimationFrame(updateCounter);
      }
    }

    function selectionInArea() {
      var selection = window.getSelection();
      if (!selection || !selection.rangeCount) {
        return null;
      }
      var range = selection.getRangeAt(0);
      return area.contains(range.commonAncestorContainer) ? range : null;
    }

    function restoreSelection() {
      if (document.activeElement === area && selectionInArea()) {
        return;  // the live selection is newer than the saved one
      }
      area.focus();
      if (savedRange) {
        var selection = window.getSelection();
        selection.removeAllRanges();
        selection.addRange(savedRange);
      }
    }

    function closest(tagPattern) {
      var range = selectionInArea() || savedRange;
      var node = range ? range.commonAncestorContainer : null;
      while (node && node !== area) {
        if (node.nodeType === 1 && tagPattern.test(node.nodeName)) {
          return node;
        }
        node = node.parentNode;
      }
      return null;
    }

    function exec(command, value) {
      document.execCommand(command, false, value === undefined ? null : value);
    }

    function updateState() {
      var list = closest(/^(UL|OL)$/);  // the innermost list, when lists are nested
      var states = {
        bold: document.queryCommandState("bold"),
        italic: document.queryCommandState("italic"),
        heading: Boolean(closest(/^H3$/)),
        bulleted: Boolean(list) && list.nodeName === "UL",
        numbered: Boolean(list) && list.nodeName === "OL",
      };
      buttons.forEach(function (button) {
        var command = button.getAttribute("data-command");
        if (command in states) {
          button.setAttribute("aria-pressed", states[command] ? "true" : "false");
        }
      });
    }

    function closeLinkPanel(returnFocus) {
      panel.hidden = true;
      linkButton.setAttribute("aria-expanded", "false");
      linkError.hidden = true;
      linkInput.removeAttribute("aria-invalid");
      if (returnFocus) {
        restoreSelection();
      }
    }

    function openLinkPanel() {
      var range = selectionInArea();
      savedRange = range ? range.cloneRange() : savedRange;
      var link = closest(/^A$/);
      linkInput.value = link ? link.getAttribute("href") || "" : "";
      unlinkButton.hidden = !link;
      panel.hidden = false;
      linkButton.setAttribute("aria-expanded", "true");
      linkInput.focus();
    }

    function applyLink() {
      var address = completeAddress(linkInput.value);
      if (!LINK_ADDRESS.test(address)) {
        linkError.hidden = false;
        linkInput.setAttribute("aria-invalid", "true");
        linkInput.focus();
        return;
      }
      var link = closest(/^A$/);
      closeLinkPanel(true);
      if (link) {
        // Change the address of the link the caret is in, whatever part of it is selected.
        var range = document.createRange();
        range.selectNodeContents(link);
        window.getSelection().removeAllRanges();
        window.getSelection().addRange(range);
      }
      if (!link && (!savedRange || savedRange.collapsed)) {
        exec("insertHTML", '<a href="' + escapeHtml(address) + '">' + escapeHtml(address.replace(/^mailto:/i, "")) + "</a>");
      } else {
        exec("createLink", address);
      }
      sync();
      updateState();
    }

    function removeLink() {
      var link = closest(/^A$/);
      closeLinkPanel(true);
      if (link) {
        var range = document.createRange();
        range.selectNodeContents(link);
        window.getSelection().removeAllRanges();
        window.getSelection().addRange(range);
      }
      exec("unlink");
      sync();
      updateState();
    }

    /*
     * Undo what the browser's commands leave behind: <span>s (Chrome adds them to carry styles over, and the
     * Content-Security-Policy strips their styles anyway) and paragraphs wrapped around a list. Nodes are moved,
     * not rebuilt, so the caret is put back where it was.
     */
    function tidy() {
      var selection = window.getSelection();
      var range = selectionInArea();
      var caret = range && {
        startContainer: range.startContainer,
        startOffset: range.startOffset,
        endContainer: range.endContainer,
        endOffset: range.endOffset,
      };
      var changed = false;
      Array.prototype.forEach.call(area.querySelectorAll("span, font, p > ul, p > ol"), function (node) {
        var unwrap = /^(UL|OL)$/.test(node.nodeName) ? node.parentNode : node;
        if (!unwrap.parentNode) {
          return;
        }
        while (unwrap.firstChild) {
          unwrap.parentNode.insertBefore(unwrap.firstChild, unwrap);
        }
        unwrap.parentNode.removeChild(unwrap);
        changed = true;
      });
      if (changed && caret && area.contains(caret.startContainer) && area.contains(caret.endContainer)) {
        var restored = document.createRange();
        restored.setStart(caret.startContainer, Math.min(caret.startOffset, nodeLength(caret.startContainer)));
        restored.setEnd(caret.endContainer, Math.min(caret.endOffset, nodeLength(caret.endContainer)));
        selection.removeAllRanges();
        selection.addRange(restored);
      }
    }

    /*
     * The selection as character offsets into the region's text. Block commands (lists, headings) keep the text
     * but Chrome sends the caret to the start of the block; the offsets put it back.
     */
    function selectionOffsets() {
      var range = selectionInArea();
      if (!range) {
        return null;
      }
      var before = document.createRange();
      before.selectNodeContents(area);
      before.setEnd(range.startContainer, range.startOffset);
      var start = before.toString().length;
      return {start: start, end: start + range.toString().length};
    }

    function selectOffsets(offsets) {
      var walker = document.createTreeWalker(area, NodeFilter.SHOW_TEXT);
      var nodes = [];
      for (var node = walker.nextNode(); node; node = walker.nextNode()) {
        nodes.push(node);
      }
      if (!nodes.length) {
        return;
      }
      function point(offset, preferNext) {
        var seen = 0;
        for (var i = 0; i < nodes.length; i++) {
          var end = seen + nodes[i].length;
          if (offset < end || (offset === end && (!preferNext || i === nodes.length - 1))) {
            return [nodes[i], offset - seen];
          }
          seen = end;
        }
        var last = nodes[nodes.length - 1];
        return [last, last.length];
      }
      var range = document.createRange();
      var start = point(offsets.start, true);
      var end = offsets.end === offsets.start ? start : point(offsets.end, false);
      range.setStart(start[0], start[1]);
      range.setEnd(end[0], end[1]);
      window.getSelection().removeAllRanges();
      window.getSelection().addRange(range);
    }

    function nodeLength(node) {
      return node.nodeType === 3 ? node.length : node.childNodes.length;
    }

    function leaveHeading() {
      if (closest(/^H3$/)) {
        exec("formatBlock", "<p>");
      }
    }

    var commands = {
      bold: function () {
        exec("bold");
      },
      italic: function () {
        exec("italic");
      },
      heading: function () {
        if (closest(/^H3$/)) {
          exec("formatBlock", "<p>");
          return;
        }
        // A heading is never a list item: leave the list first, or the browser wraps the whole list in the heading.
        var list = closest(/^(UL|OL)$/);
        if (list) {
          exec(list.nodeName === "UL" ? "insertUnorderedList" : "insertOrderedList");
        }
        exec("formatBlock", "<h3>");
      },
      bulleted: function () {
        leaveHeading();
        exec("insertUnorderedList");
      },
      numbered: function () {
        leaveHeading();
        exec("insertOrderedList");
      },
      clear: function () {
        exec("removeFormat");
        exec("unlink");
        if (closest(/^H3$/)) {
          exec("formatBlock", "<p>");
        }
      },
    };

    function run(command) {
      if (command === "link") {
        openLinkPanel();
        return;
      }
      restoreSelection();
      var before = selectionOffsets();
      commands[command]();
      tidy();
      var after = selectionOffsets();
      if (before && after && (before.start !== after.start || before.end !== after.end)) {
        selectOffsets(before);
      }
      var range = selectionInArea();
      savedRange = range ? range.cloneRange() : savedRange;
      sync();
      updateState();
    }

    document.execCommand("defaultParagraphSeparator", false, "p");

    toolbar.addEventListener("mousedown", function (event) {
      // Keep the caret (and the phone's keyboard) in the text while a button is pressed.
      if (event.target.closest("[data-command]")) {
        event.preventDefault();
      }
    });
    toolbar.addEventListener("click", function (event) {
      var button = event.target.closest("[data-command]");
      if (button) {
        run(button.getAttribute("data-command"));
      }
    });
    // One tab stop for the toolbar; arrow keys, Home and End move between its buttons.
    toolbar.addEventListener("keydown", function (event) {
      var index = buttons.indexOf(document.activeElement);
      if (index < 0) {
        return;
      }
      var next = {ArrowRight: index + 1, ArrowLeft: index - 1, Home: 0, End: buttons.length - 1}[event.key];
      if (next === undefined) {
        return;
      }
      event.preventDefault();
      next = (next + buttons.length) % buttons.length;
      buttons[index].tabIndex = -1;
      buttons[next].tabIndex = 0;
      buttons[next].focus();
    });

    area.addEventListener("compositionstart", function () {
      composing = true;
    });
    area.addEventListener("compositionend", function () {
      composing = false;
      sync();
    });
    area.addEventListener("input", function (event) {
      // Joining or splitting blocks is where the browser leaves <span>s; typing (and composing) is left alone.
      if (!composing && !event.isComposing && /^(delete|insertParagraph)/.test(event.inputType || "")) {
        tidy();
      }
      sync();
    });
    area.addEventListener("keydown", function (event) {
      if (composing || event.isComposing || event.keyCode === 229) {
        return;
      }
      if ((event.key === "Backspace" || event.key === "Delete") && !area.textContent && area.children.length <= 1) {
        var only = area.firstElementChild;
        if (!only || only.nodeName === "P") {
          // Keep the empty paragraph, so what is typed next is a paragraph too.
          event.preventDefault();
          return;
        }
      }
      if (!(event.ctrlKey || event.metaKey) || (event.getModifierState && event.getModifierState("AltGraph"))) {
        return;
      }
      var key = event.key.toLowerCase();
      var command = null;
      if (!event.shiftKey && !event.altKey) {
        command = {b: "bold", i: "italic", k: "link", "\\": "clear", u: "none"}[key] || null;
      } else if (event.shiftKey && !event.altKey) {
        command = {Digit8: "bulleted", Digit7: "numbered"}[event.code] || null;
      } else if (event.altKey && !event.shiftKey && event.code === "Digit3") {
        command = "heading";
      }
      if (command) {
        event.preventDefault();
        // Ctrl+U would underline, which members' text does not keep.
        if (command !== "none") {
          run(command);
        }
      }
    });
    area.addEventListener("paste", function (event) {
      var data = event.clipboardData;
      if (!data) {
        return;
      }
      var html = data.getData("text/html");
      var text = data.getData("text/plain");
      event.preventDefault();
      var pasted = html ? cleanPastedHtml(html) : /\n/.test(text) ? textToHtml(text) : "";
      if (pasted && closest(/^(LI|H3)$/)) {
        // Inside a list item or heading, pasted paragraphs become lines of it rather than blocks within it.
        pasted = pasted.replace(/<\/(p|h3)>(?!$)/g, "<br>").replace(/<\/?(p|h3)>/g, "");
      }
      if (pasted) {
        exec("insertHTML", pasted);
      } else if (text) {
        exec("insertText", text);
      }
      tidy();
      sync();
    });
    area.addEventListener("dragstart", function () {
      internalDrag = true;
    });
    area.addEventListener("dragend", function () {
      internalDrag = false;
    });
    area.addEventListener("drop", function (event) {
      var data = event.dataTransfer;
      if (internalDrag || !data) {
        return;
      }
      // Files (images) are not kept; dropped text is cleaned like a paste, where it was dropped.
      event.preventDefault();
      var html = data.getData("text/html");
      var text = data.getData("text/plain");
      if (!html && !text) {
        return;
      }
      var range = document.caretRangeFromPoint ? document.caretRangeFromPoint(event.clientX, event.clientY) : null;
      if (range) {
        window.getSelection().removeAllRanges();
        window.getSelection().addRange(range);
      }
      exec("insertHTML", html ? cleanPastedHtml(html) : textToHtml(text));
      sync();
    });

    document.addEventListener("selectionchange", function () {
      var range = selectionInArea();
      if (range) {
        savedRange = range.cloneRange();
        updateState();
      }
    });

    panel.addEventListener("click", function (event) {
      if (event.target.closest("[data-richtext-linkapply]")) {
        applyLink();
      } else if (event.target.closest("[data-richtext-unlink]")) {
        removeLink();
      } else if (event.target.closest("[data-richtext-linkcancel]")) {
        closeLinkPanel(true);
      }
    });
    linkInput.addEventListener("keydown", function (event) {
      if (event.isComposing) {
        return;
      }
      if (event.key === "Enter") {
        // Enter adds the link; it must not submit the form around the editor.
        event.preventDefault();
        applyLink();
      } else if (event.key === "Escape") {
        event.preventDefault();
        closeLinkPanel(true);
      }
    });

    var form = root.closest("form");
    if (form) {
      form.addEventListener("submit", function () {
        source.value = area.innerHTML;
      });
    }
    source.value = area.innerHTML;
    updateCounter();
  }

  function init() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-richtext]"), setup);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
