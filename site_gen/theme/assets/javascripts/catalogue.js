/*
 * A table wider than the screen scrolls inside Material's wrapper (.md-typeset__scrollwrap).
 * A keyboard user can only scroll a region that takes focus (WCAG 2.1.1; axe-core rule
 * scrollable-region-focusable), so a wrapper that overflows gets tabindex="0", role="region"
 * and a label naming the section it is in; one that fits loses them again (no useless tab stop).
 * Loaded after Material's bundle through `extra_javascript` in mkdocs.yml. No network access.
 */
(function () {
  "use strict";

  var MARK = "data-catalogue-scroll";

  function sectionTitle(el) {
    // The nearest heading before the table, for a label such as «جدول: هزینه‌ها».
    var node = el;
    while (node) {
      var prev = node.previousElementSibling;
      while (prev) {
        if (/^H[1-6]$/.test(prev.tagName)) {
          return prev.textContent.trim();
        }
        prev = prev.previousElementSibling;
      }
      node = node.parentElement;
      if (!node || node.classList.contains("md-content__inner")) {
        break;
      }
    }
    return "";
  }

  function update(wrap) {
    var overflows = wrap.scrollWidth - wrap.clientWidth > 1;
    if (overflows && !wrap.hasAttribute("tabindex")) {
      var title = sectionTitle(wrap);
      wrap.setAttribute("tabindex", "0");
      wrap.setAttribute("role", "region");
      wrap.setAttribute("aria-label", title ? "جدول: " + title : "جدول");
      wrap.setAttribute(MARK, "");
    } else if (!overflows && wrap.hasAttribute(MARK)) {
      wrap.removeAttribute("tabindex");
      wrap.removeAttribute("role");
      wrap.removeAttribute("aria-label");
      wrap.removeAttribute(MARK);
    }
  }

  function mount() {
    var wraps = document.querySelectorAll(".md-typeset__scrollwrap");
    Array.prototype.forEach.call(wraps, function (wrap) {
      update(wrap);
      if (typeof ResizeObserver === "function") {
        // The wrapper follows the screen; its content follows the font swap and the text.
        var observer = new ResizeObserver(function () { update(wrap); });
        observer.observe(wrap);
        if (wrap.firstElementChild) {
          observer.observe(wrap.firstElementChild);
        }
      }
    });
  }

  // document$ is Material's "page ready" observable (tables are wrapped by then).
  if (typeof document$ !== "undefined" && document$.subscribe) {
    document$.subscribe(mount);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", mount);
  } else {
    mount();
  }
})();

/*
 * Card and licence pages: «رونوشت پیوند این صفحه» copies the page's address (or its short
 * /s/<id>/ address when the page names one), «چاپ» prints; both are rendered hidden and shown
 * here, so that without JavaScript no dead button is left. Collapsed sections open for printing.
 */
(function () {
  "use strict";

  function copy(text, done) {
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(text).then(function () { done(true); }, function () { done(false); });
      return;
    }
    done(false);
  }

  function mount() {
    var share = document.querySelector("[data-share]");
    if (!share) {
      return;
    }
    share.hidden = false;
    var status = share.querySelector(".share-status");
    var button = share.querySelector("[data-copy-link]");
    if (button && !button.hasAttribute("data-mounted")) {
      button.setAttribute("data-mounted", "");
      button.addEventListener("click", function () {
        var url = location.href.split("#")[0];
        copy(url, function (ok) {
          status.textContent = ok ? "پیوند رونوشت شد." : "پیوند: " + url;
        });
      });
    }
    var print = share.querySelector("[data-print]");
    if (print && !print.hasAttribute("data-mounted")) {
      print.setAttribute("data-mounted", "");
      print.addEventListener("click", function () { window.print(); });
    }
  }

  // An id or code is shown in Persian digits; copying it gives its ASCII form (data-copy), which
  // is what other systems and the /s/<id>/ address expect.
  document.addEventListener("copy", function (event) {
    var selection = window.getSelection();
    if (!selection || selection.rangeCount === 0 || !event.clipboardData) {
      return;
    }
    var node = selection.getRangeAt(0).commonAncestorContainer;
    var element = node.nodeType === 1 ? node : node.parentElement;
    var code = element && element.closest("[data-copy]");
    if (code && selection.toString().trim() === code.textContent.trim()) {
      event.clipboardData.setData("text/plain", code.getAttribute("data-copy"));
      event.preventDefault();
    }
  });

  window.addEventListener("beforeprint", function () {
    Array.prototype.forEach.call(document.querySelectorAll("details.more:not([open])"), function (d) {
      d.setAttribute("open", "");
      d.setAttribute("data-print-opened", "");
    });
  });
  window.addEventListener("afterprint", function () {
    Array.prototype.forEach.call(document.querySelectorAll("details[data-print-opened]"), function (d) {
      d.removeAttribute("open");
      d.removeAttribute("data-print-opened");
    });
  });

  if (typeof document$ !== "undefined" && document$.subscribe) {
    document$.subscribe(mount);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", mount);
  } else {
    mount();
  }
})();
