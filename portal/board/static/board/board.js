// The board's tab strip scrolls sideways on a phone when a leader has six tabs: bring the current tab into view,
// so "Board settings" is not hidden past the edge while it is the page being shown. Only the strip scrolls. Again
// when the window changes width (a phone turned, a window narrowed), since that changes what fits.
(function () {
  "use strict";
  var strip = document.querySelector(".board-tabs ul");
  var current = strip && strip.querySelector('[aria-current="page"]');
  if (!current) {
    return;
  }
  var item = current.parentElement;
  var width = 0;
  function reveal() {
    if (strip.clientWidth === width) {
      return;
    }
    width = strip.clientWidth;
    if (strip.scrollWidth > strip.clientWidth) {
      strip.scrollLeft = Math.max(0, item.offsetLeft - strip.offsetLeft - (strip.clientWidth - item.offsetWidth) / 2);
    }
  }
  reveal();
  window.addEventListener("resize", reveal);
})();
