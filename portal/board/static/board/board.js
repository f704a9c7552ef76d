// The board's tab strip scrolls sideways on a phone when a leader has six tabs: bring the current tab into view,
// so "Board settings" is not hidden past the edge while it is the page being shown. Only the strip scrolls.
(function () {
  "use strict";
  var strip = document.querySelector(".board-tabs ul");
  var current = strip && strip.querySelector('[aria-current="page"]');
  if (!current || strip.scrollWidth <= strip.clientWidth) {
    return;
  }
  var item = current.parentElement;
  strip.scrollLeft = Math.max(0, item.offsetLeft - strip.offsetLeft - (strip.clientWidth - item.offsetWidth) / 2);
})();
