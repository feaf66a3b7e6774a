/*
 * Catalogue search: the header search box and window.catalogueSearch(query).
 *
 * The index is built by site_gen/search/index.py into <site>/search/ (format described there):
 * manifest.json (normalisation table, shard keys, weights), term shards s/<n>.json, document
 * chunks d/<n>.json and the agency names a.json. A query fetches the manifest once, then only the
 * shards of its terms and the chunks of the results shown. Normalisation and ranking are the
 * same as site_gen/search/normalise.py and query.py (tests/test_search.py checks both with one
 * table); change them together.
 *
 * Card text is untrusted: results are built with textContent only. Only the site's own files
 * are fetched. Loaded on every page through `extra_javascript` in mkdocs.yml.
 */
(function () {
  "use strict";

  // --- where the site is -------------------------------------------------------------------

  function siteRoot() {
    // This file is <root>/assets/javascripts/search.js, wherever the site is deployed.
    var script = document.currentScript;
    if (script && script.src) {
      return new URL("../../", script.src).href;
    }
    var config = document.getElementById("__config");
    var base = config ? JSON.parse(config.textContent).base : ".";
    return new URL(base.replace(/\/?$/, "/"), location.href).href;
  }

  var ROOT = siteRoot();
  var INDEX = ROOT + "search/";
  var MAX_TERMS = 8;
  var PAGE = 10;

  // --- files -------------------------------------------------------------------------------

  var manifestPromise = null;
  var cache = new Map();

  function getJSON(url, options) {
    return fetch(url, options).then(function (response) {
      if (!response.ok) {
        throw new Error(url + ": " + response.status);
      }
      return response.json();
    });
  }

  function manifest() {
    if (!manifestPromise) {
      // Revalidated on every page load: it names the version the other files are fetched with.
      manifestPromise = getJSON(INDEX + "manifest.json", { cache: "no-cache", credentials: "same-origin" })
        .then(prepare)
        .catch(function (error) {
          manifestPromise = null;
          throw error;
        });
    }
    return manifestPromise;
  }

  function file(m, rel) {
    var hit = cache.get(rel);
    if (!hit) {
      hit = getJSON(INDEX + rel + "?v=" + m.version, { credentials: "same-origin" }).catch(function (error) {
        cache.delete(rel);
        throw error;
      });
      cache.set(rel, hit);
    }
    return hit;
  }

  function prepare(m) {
    var n = m.normalise;
    m.keyNo = new Map(m.keys.map(function (k, i) { return [k, i]; }));
    m.map = new Map(Object.entries(n.map));
    m.remove = new Set(Array.from(n.remove));
    m.suffixes = new Set(n.suffixes);
    m.prefixes = new Set(n.prefixes);
    m.stemSuffixes = n.stem_suffixes.slice().sort(function (a, b) { return b.length - a.length; });
    return m;
  }

  // --- normalisation (normalise.json; the same steps as normalise.py) ----------------------

  var SEPARATORS = /[^\p{L}\p{N}\u200c]+/gu;
  var GAPS = /[ \u200c]* [ \u200c]*/g;
  var ZWNJ_RUNS = /\u200c+/g;
  var EDGES = /^[ \u200c]+|[ \u200c]+$/g;

  function normalise(m, text) {
    var n = m.normalise;
    var out = "";
    for (var ch of String(text).normalize(n.form).toLowerCase()) {
      if (m.remove.has(ch)) {
        continue;
      }
      var mapped = m.map.get(ch);
      out += mapped === undefined ? ch : mapped;
    }
    return out.replace(SEPARATORS, " ").replace(GAPS, " ").replace(ZWNJ_RUNS, n.zwnj).replace(EDGES, "");
  }

  function queryTerms(m, text) {
    var terms = [];
    normalise(m, text).split(" ").forEach(function (word) {
      if (!word) {
        return;
      }
      var term = word.split(m.normalise.zwnj).join("");
      if (terms.length && (m.suffixes.has(term) || m.prefixes.has(terms[terms.length - 1]))) {
        terms[terms.length - 1] += term;
      } else {
        terms.push(term);
      }
    });
    return terms;
  }

  function stem(m, term) {
    for (var i = 0; i < m.stemSuffixes.length; i++) {
      var suffix = m.stemSuffixes[i];
      if (term.endsWith(suffix) && term.length - suffix.length >= m.normalise.min_stem) {
        return term.slice(0, term.length - suffix.length);
      }
    }
    return null;
  }

  // --- postings ----------------------------------------------------------------------------

  var B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  var DIGIT = new Map(Array.from(B64).map(function (c, i) { return [c, i]; }));

  function decode(text, each) {
    var doc = 0, v = 0, shift = 0;
    for (var i = text.charAt(0) === "!" ? 1 : 0; i < text.length; i++) {
      var d = DIGIT.get(text.charAt(i));
      v += (d & 31) * Math.pow(2, shift);
      if (d >= 32) {
        shift += 5;
        continue;
      }
      doc += Math.floor(v / 16);
      each(doc, v % 16);
      v = 0;
      shift = 0;
    }
  }

  // --- ranking (the same algorithm as site_gen/search/query.py) ----------------------------

  // Index terms are cut to m.max_term characters (code points, as in Python); so are query units.
  function cut(m, text) {
    if (!m.max_term) {
      return text;
    }
    var chars = Array.from(text);
    return chars.length > m.max_term ? chars.slice(0, m.max_term).join("") : text;
  }

  function shardKey(m, term) {
    for (var n = term.length; n > 1; n--) {
      if (m.keyNo.has(term.slice(0, n))) {
        return term.slice(0, n);
      }
    }
    return null;
  }

  function descendants(m, key) {
    return m.keys.filter(function (k) { return k.length > key.length && k.startsWith(key); });
  }

  function shard(m, key) {
    return file(m, "s/" + m.keyNo.get(key) + ".json");
  }

  // The shards a unit needs, decided from the manifest alone so that all are fetched at once.
  function shardsFor(m, text) {
    var keys = [];
    var key = shardKey(m, text);
    if (key !== null) {
      keys.push(key);
      if (key === text) {
        var below = descendants(m, key);
        if (below.length <= m.descend) {
          keys = keys.concat(below);
        }
      }
    }
    var root = stem(m, text);
    var rkey = root === null ? null : shardKey(m, root);
    if (rkey !== null) {
      keys.push(rkey);
    }
    return keys;
  }

  function match(m, text, shards) {
    var weights = m.weights;
    var res = new Map();
    var key = shardKey(m, text);
    if (key === null) {
      return { matches: res, capped: false };
    }
    var here = shards.get(key);
    var exact = text !== "*" && Object.prototype.hasOwnProperty.call(here, text) ? here[text] : null;
    if (exact !== null) {
      decode(exact, function (d, c) { res.set(d, weights[c]); });
    }
    function add(postings, factor) {
      decode(postings, function (d, c) {
        var s = weights[c] * factor;
        if ((res.has(d) ? res.get(d) : 0) < s) {
          res.set(d, s);
        }
      });
    }
    if (key === text && Object.prototype.hasOwnProperty.call(here, "*")) {
      var below = descendants(m, key);
      if (below.length <= m.descend) {
        below.forEach(function (k) {
          var sub = shards.get(k);
          Object.keys(sub).forEach(function (term) {
            if (term !== "*") {
              add(sub[term], m.prefix);
            }
          });
        });
      } else {
        add(here["*"], m.prefix);
      }
    } else {
      Object.keys(here).forEach(function (term) {
        if (term !== "*" && term !== text && term.startsWith(text)) {
          add(here[term], m.prefix);
        }
      });
    }
    var root = stem(m, text);
    if (root !== null) {
      var rkey = shardKey(m, root);
      var found = rkey === null ? undefined : shards.get(rkey)[root];
      if (typeof found === "string") {
        add(found, m.stem);
      }
    }
    return { matches: res, capped: exact !== null && exact.charAt(0) === "!" };
  }

  function rank(m, query) {
    var terms = queryTerms(m, query).slice(0, MAX_TERMS);
    var n = terms.length;
    var minTerm = m.normalise.min_term;
    if (!terms.some(function (t) { return t.length >= minTerm; })) {
      return Promise.resolve([]);
    }
    var units = [];
    terms.forEach(function (t, i) {
      if (t.length >= minTerm) {
        units.push({ start: i, end: i + 1, text: cut(m, t) });
      }
    });
    for (var i = 0; i < n - 1; i++) {
      units.push({ start: i, end: i + 2, text: cut(m, terms[i] + terms[i + 1]) });
    }
    var needed = new Set();
    units.forEach(function (u) {
      shardsFor(m, u.text).forEach(function (k) { needed.add(k); });
    });
    var keys = Array.from(needed);
    return Promise.all(keys.map(function (k) { return shard(m, k); })).then(function (loaded) {
      var shards = new Map(keys.map(function (k, j) { return [k, loaded[j]]; }));
      units.forEach(function (u) {
        var r = match(m, u.text, shards);
        u.matches = r.matches;
        u.capped = r.capped;
      });
      var optional = terms.map(function (t) { return t.length < minTerm; });
      units.forEach(function (u) {
        if (u.end - u.start === 1 && u.capped) {
          optional[u.start] = true;
        }
      });
      var ending = [];
      for (var j = 0; j <= n; j++) {
        ending.push([]);
      }
      units.forEach(function (u) { ending[u.end].push(u); });
      var candidates = new Set();
      units.forEach(function (u) { u.matches.forEach(function (_, d) { candidates.add(d); }); });
      var scores = new Map();
      candidates.forEach(function (d) {
        var best = [0];
        for (var j = 1; j <= n; j++) {
          var b = optional[j - 1] ? best[j - 1] : -Infinity;
          ending[j].forEach(function (u) {
            var s = u.matches.get(d);
            if (s !== undefined && best[u.start] !== -Infinity) {
              var v = best[u.start] + s * (u.end - u.start);
              if (v > b) {
                b = v;
              }
            }
          });
          best.push(b);
        }
        if (best[n] > 0) {
          scores.set(d, best[n]);
        }
      });
      if (!scores.size) {
        units.forEach(function (u) {
          u.matches.forEach(function (s, d) {
            scores.set(d, (scores.has(d) ? scores.get(d) : 0) + s * (u.end - u.start));
          });
        });
      }
      return Array.from(scores.keys()).sort(function (a, b) {
        return scores.get(b) - scores.get(a) || a - b;
      });
    });
  }

  // --- results -----------------------------------------------------------------------------

  function describe(m, numbers) {
    var chunks = Array.from(new Set(numbers.map(function (d) { return Math.floor(d / m.chunk); })));
    return Promise.all([file(m, "a.json")].concat(chunks.map(function (c) { return file(m, "d/" + c + ".json"); })))
      .then(function (loaded) {
        var agencies = loaded[0];
        var byChunk = new Map(chunks.map(function (c, i) { return [c, loaded[i + 1]]; }));
        return numbers.map(function (d) {
          var row = byChunk.get(Math.floor(d / m.chunk))[d % m.chunk];
          var kind = row[0], agency = agencies[row[1]], slug = row[2];
          var path = kind === 0 ? m.kinds[0] + "/" + slug + "/" : m.kinds[kind] + "/" + agency[0] + "/" + slug + "/";
          return { path: "/" + path, href: ROOT + path, kind: kind, title: row[3], agency: agency[1], summary: row[4] };
        });
      });
  }

  function search(query) {
    return manifest().then(function (m) {
      var usable = queryTerms(m, query).some(function (t) { return t.length >= m.normalise.min_term; });
      return rank(m, query).then(function (numbers) {
        return { total: numbers.length, numbers: numbers, manifest: m, tooShort: !usable };
      });
    });
  }

  /** Site-root-relative paths of the best pages, best first, such as "/services/sabt/x/". */
  function catalogueSearch(query, limit) {
    return search(query).then(function (found) {
      return describe(found.manifest, found.numbers.slice(0, limit || PAGE));
    }).then(function (results) {
      return results.map(function (r) { return r.path; });
    });
  }
  catalogueSearch.results = function (query, limit) {
    return search(query).then(function (found) {
      return describe(found.manifest, found.numbers.slice(0, limit || PAGE));
    });
  };
  catalogueSearch.normalise = function (text) {
    return manifest().then(function (m) { return normalise(m, text); });
  };
  catalogueSearch.queryTerms = function (text) {
    return manifest().then(function (m) { return queryTerms(m, text); });
  };
  window.catalogueSearch = catalogueSearch;

  // --- the header search box ---------------------------------------------------------------

  var KIND_LABELS = ["دستگاه", "خدمت", "مجوز"];
  var DIGITS = "۰۱۲۳۴۵۶۷۸۹";

  function persianNumber(n) {
    return String(n).replace(/[0-9]/g, function (d) { return DIGITS[+d]; });
  }

  function element(tag, className, text) {
    var el = document.createElement(tag);
    if (className) {
      el.className = className;
    }
    if (text) {
      el.textContent = text;
    }
    return el;
  }

  function mount(form) {
    var input = form.querySelector("input[type=search]");
    var panel = form.querySelector("[data-search-panel]");
    var list = form.querySelector("[data-search-list]");
    var status = form.querySelector("[data-search-status]");
    var count = form.querySelector("[data-search-count]");
    var more = form.querySelector("[data-search-more]");
    var openButton = document.querySelector("[data-search-open]");
    var closeButton = form.querySelector("[data-search-close]");
    if (!input || !panel || !list || !status || !count || !more) {
      return;
    }
    var sequence = 0;
    var timer = 0;
    var current = null; // { query, numbers, shown, manifest }

    function setOpen(open) {
      form.classList.toggle("catalogue-search--open", open);
      document.documentElement.classList.toggle("catalogue-search-active", open);
      if (openButton) {
        openButton.setAttribute("aria-expanded", open ? "true" : "false");
      }
      if (!open) {
        showPanel(false);
      }
    }

    function showPanel(show) {
      panel.hidden = !show;
    }

    function say(text) {
      // the visible count, and the same words for screen readers (a live region outside the panel)
      count.textContent = text;
      status.textContent = text;
    }

    function renderItem(r) {
      var li = element("li", "catalogue-search__item");
      var a = element("a", "catalogue-search__link");
      a.href = r.href;
      a.appendChild(element("span", "catalogue-search__title", r.title));
      var meta = element("span", "catalogue-search__meta");
      meta.appendChild(element("span", "catalogue-search__kind catalogue-search__kind--" + r.kind, KIND_LABELS[r.kind]));
      if (r.kind !== 0) {
        meta.appendChild(element("span", "catalogue-search__agency", r.agency));
      }
      a.appendChild(meta);
      if (r.summary) {
        a.appendChild(element("span", "catalogue-search__summary", r.summary));
      }
      li.appendChild(a);
      return li;
    }

    function showMore() {
      var state = current;
      var from = state.shown;
      var numbers = state.numbers.slice(from, from + PAGE);
      return describe(state.manifest, numbers).then(function (results) {
        if (state !== current) {
          return;
        }
        results.forEach(function (r) { list.appendChild(renderItem(r)); });
        state.shown = from + results.length;
        more.hidden = state.shown >= state.numbers.length;
      });
    }

    function run(query) {
      var mine = ++sequence;
      if (!query.trim()) {
        current = null;
        list.replaceChildren();
        more.hidden = true;
        say("");
        showPanel(false);
        return Promise.resolve();
      }
      form.setAttribute("aria-busy", "true");
      return search(query).then(function (found) {
        if (mine !== sequence) {
          return null;
        }
        var state = { query: query, numbers: found.numbers, shown: 0, manifest: found.manifest };
        return describe(found.manifest, found.numbers.slice(0, PAGE)).then(function (results) {
          if (mine !== sequence) {
            return;
          }
          current = state;
          list.replaceChildren.apply(list, results.map(renderItem));
          state.shown = results.length;
          more.hidden = state.shown >= state.numbers.length;
          if (found.total) {
            say(persianNumber(found.total) + " نتیجه برای «" + query.trim() + "»");
          } else if (found.tooShort) {
            say("دست‌کم دو حرف بنویسید");
          } else {
            say("نتیجه‌ای برای «" + query.trim() + "» پیدا نشد");
          }
          showPanel(true);
          form.dataset.searchDone = query;
        });
      }).catch(function () {
        if (mine === sequence) {
          list.replaceChildren();
          more.hidden = true;
          say("جست‌وجو در دسترس نیست؛ دوباره امتحان کنید.");
          showPanel(true);
        }
      }).then(function () {
        if (mine === sequence) {
          form.removeAttribute("aria-busy");
        }
      });
    }

    function links() {
      return Array.from(list.querySelectorAll("a"));
    }

    function warm() {
      manifest().catch(function () {});
    }

    input.addEventListener("focus", warm);
    input.addEventListener("pointerenter", warm);
    input.addEventListener("input", function () {
      clearTimeout(timer);
      var query = input.value;
      timer = setTimeout(function () { run(query); }, 60);
    });
    input.addEventListener("focus", function () {
      if (current && input.value.trim()) {
        showPanel(true);
      }
    });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      clearTimeout(timer);
      var query = input.value;
      var go = function () {
        var first = list.querySelector("a");
        if (first && current && current.query === query) {
          location.href = first.href;
        }
      };
      if (current && current.query === query) {
        go();
      } else {
        run(query).then(go);
      }
    });
    more.addEventListener("click", function () {
      var before = links().length;
      showMore().then(function () {
        var next = links()[before];
        if (next) {
          next.focus();
        }
      });
    });
    form.addEventListener("keydown", function (event) {
      var all = links();
      var at = all.indexOf(document.activeElement);
      if (event.key === "Escape") {
        event.preventDefault();
        if (!panel.hidden) {
          showPanel(false);
          input.focus();
        } else {
          setOpen(false);
          if (openButton && getComputedStyle(openButton).display !== "none") {
            openButton.focus();
          }
        }
      } else if (event.key === "ArrowDown" && !panel.hidden && all.length) {
        event.preventDefault();
        (all[at + 1] || (at === -1 ? all[0] : more.hidden ? all[0] : more)).focus();
      } else if (event.key === "ArrowUp" && !panel.hidden && all.length) {
        if (document.activeElement === more) {
          event.preventDefault();
          all[all.length - 1].focus();
        } else if (at >= 0) {
          event.preventDefault();
          (at === 0 ? input : all[at - 1]).focus();
        }
      }
    });
    document.addEventListener("click", function (event) {
      if (!form.contains(event.target) && !(openButton && openButton.contains(event.target))) {
        if (form.classList.contains("catalogue-search--open")) {
          setOpen(false);
        } else {
          showPanel(false);
        }
      }
    });
    form.addEventListener("focusout", function (event) {
      if (event.relatedTarget && !form.contains(event.relatedTarget)) {
        showPanel(false);
      }
    });
    if (openButton) {
      openButton.addEventListener("click", function () {
        setOpen(true);
        warm();
        input.focus();
      });
    }
    if (closeButton) {
      closeButton.addEventListener("click", function () {
        setOpen(false);
        if (openButton) {
          openButton.focus();
        }
      });
    }
    document.addEventListener("keydown", function (event) {
      // "/" focuses the search box, as on many sites, unless the reader is typing somewhere.
      var target = event.target;
      var typing = target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
      if (event.key === "/" && !typing && !event.ctrlKey && !event.metaKey && !event.altKey) {
        event.preventDefault();
        setOpen(true);
        warm();
        input.focus();
      }
    }, true);
    var params = new URLSearchParams(location.search);
    if (params.get("q")) {
      input.value = params.get("q");
      setOpen(true);
      run(input.value);
    }
  }

  function start() {
    Array.prototype.forEach.call(document.querySelectorAll("form[data-catalogue-search]"), mount);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
