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
    m.fold = new Map();
    m.group = new Map();
    ((m.typo && m.typo.groups) || []).forEach(function (group, g) {
      Array.from(group).forEach(function (ch, i) {
        m.group.set(ch, g);
        if (i > 0) {
          m.fold.set(ch, group.charAt(0));
        }
      });
    });
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

  // classes (a Map, optional) gets each document's best field class
  function match(m, text, shards, classes) {
    var weights = m.weights;
    var res = new Map();
    var key = shardKey(m, text);
    if (key === null) {
      return { matches: res, capped: false };
    }
    var here = shards.get(key);
    var exact = text !== "*" && Object.prototype.hasOwnProperty.call(here, text) ? here[text] : null;
    function note(d, c) {
      if (classes && (classes.has(d) ? classes.get(d) : -1) < c) {
        classes.set(d, c);
      }
    }
    if (exact !== null) {
      decode(exact, function (d, c) { res.set(d, weights[c]); note(d, c); });
    }
    function add(postings, factor) {
      decode(postings, function (d, c) {
        var s = weights[c] * factor;
        if ((res.has(d) ? res.get(d) : 0) < s) {
          res.set(d, s);
        }
        note(d, c);
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

  // The documents of the term itself (no prefix, no stem): a typo's correction.
  function matchExact(m, text, shards, classes) {
    var res = new Map();
    var key = shardKey(m, text);
    var here = key === null ? null : shards.get(key);
    if (here && text !== "*" && Object.prototype.hasOwnProperty.call(here, text)) {
      decode(here[text], function (d, c) {
        res.set(d, m.weights[c]);
        if ((classes.has(d) ? classes.get(d) : -1) < c) {
          classes.set(d, c);
        }
      });
    }
    return res;
  }

  // --- everyday words and typos (the same as site_gen/search/forgiving.py) ------------------

  var MAX_VARIANTS = 8;

  function variants(m, terms) {
    var table = m.synonyms || {};
    var longest = 0;
    Object.keys(table).forEach(function (k) { longest = Math.max(longest, k.split(" ").length); });
    var slots = [];
    var i = 0;
    while (i < terms.length) {
      var found = false;
      for (var k = Math.min(longest, terms.length - i); k > 0; k--) {
        var key = terms.slice(i, i + k).join(" ");
        if (Object.prototype.hasOwnProperty.call(table, key)) {
          slots.push([{ terms: terms.slice(i, i + k), replaced: false }].concat(
            table[key].map(function (t) { return { terms: t.split(" "), replaced: true }; })));
          i += k;
          found = true;
          break;
        }
      }
      if (!found) {
        slots.push([{ terms: [terms[i]], replaced: false }]);
        i += 1;
      }
    }
    var out = [{ terms: [], replaced: false }];
    slots.forEach(function (slot) {
      var next = [];
      out.forEach(function (a) {
        slot.forEach(function (o) {
          next.push({ terms: a.terms.concat(o.terms), replaced: a.replaced || o.replaced });
        });
      });
      out = next.slice(0, MAX_VARIANTS);
    });
    return out.map(function (v) { return { terms: v.terms, factor: v.replaced ? m.synonym_factor : 1 }; });
  }

  function fold(m, term) {
    var out = "";
    for (var ch of term) {
      var f = m.fold.get(ch);
      out += f === undefined ? ch : f;
    }
    return out;
  }

  function typoKeys(m, term) {
    var f = Array.from(fold(m, term));
    return ["<" + f.slice(0, 2).join(""), ">" + f.slice(-2).join(""), "=" + f[0] + f[f.length - 1]];
  }

  function bucket(key, buckets) {
    var h = 0;
    for (var ch of key) {
      h = (h * 31 + ch.codePointAt(0)) % 2147483647;
    }
    return h % buckets;
  }

  function substitution(m, a, b) {
    if (a === b) {
      return 0;
    }
    var g = m.group.get(a);
    return g !== undefined && g === m.group.get(b) ? 0.5 : 1;
  }

  function distance(m, a, b) {
    a = Array.from(a);
    b = Array.from(b);
    if (Math.abs(a.length - b.length) > 1) {
      return 2;
    }
    var prev2 = [];
    var prev = [];
    for (var j = 0; j <= b.length; j++) {
      prev.push(j);
    }
    for (var i = 1; i <= a.length; i++) {
      var cur = [i];
      for (j = 1; j <= b.length; j++) {
        var v = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + substitution(m, a[i - 1], b[j - 1]));
        if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
          v = Math.min(v, prev2[j - 2] + 1);
        }
        cur.push(v);
      }
      prev2 = prev;
      prev = cur;
    }
    return prev[b.length];
  }

  function compare(a, b) {
    return a < b ? -1 : a > b ? 1 : 0;
  }

  function candidates(m, term, lexicon) {
    var rules = m.typo;
    var length = Array.from(term).length;
    if (length < rules.short || /^[0-9]+$/.test(term)) {
      return [];
    }
    var limit = length >= rules.min ? 1 : 0.5;
    var found = new Map();
    typoKeys(m, term).forEach(function (k) {
      (lexicon.get(k) || []).forEach(function (row) {
        var t = row[0];
        if (!found.has(t) && t !== term) {
          var d = distance(m, term, t);
          if (d <= limit) {
            found.set(t, [d, -row[1], t]);
          }
        }
      });
    });
    return Array.from(found.keys()).sort(function (x, y) {
      var a = found.get(x), b = found.get(y);
      return a[0] - b[0] || a[1] - b[1] || compare(a[2], b[2]);
    }).slice(0, rules.candidates);
  }

  function lexiconFor(m, terms) {
    var wanted = new Map();
    terms.forEach(function (t) {
      typoKeys(m, t).forEach(function (k) { wanted.set(k, bucket(k, m.typo.buckets)); });
    });
    var files = Array.from(new Set(wanted.values()));
    return Promise.all(files.map(function (n) { return file(m, "t/" + n + ".json"); })).then(function (loaded) {
      var byFile = new Map(files.map(function (n, i) { return [n, loaded[i]]; }));
      var merged = new Map();
      wanted.forEach(function (n, k) {
        var content = byFile.get(n);
        if (Object.prototype.hasOwnProperty.call(content, k)) {
          merged.set(k, content[k]);
        }
      });
      return merged;
    });
  }

  function fetchShards(m, keys) {
    keys = Array.from(new Set(keys));
    return Promise.all(keys.map(function (k) { return shard(m, k); })).then(function (loaded) {
      return new Map(keys.map(function (k, j) { return [k, loaded[j]]; }));
    });
  }

  function makeUnits(m, terms) {
    var minTerm = m.normalise.min_term;
    var units = [];
    terms.forEach(function (t, i) {
      if (t.length >= minTerm) {
        units.push({ start: i, end: i + 1, text: cut(m, t) });
      }
    });
    for (var i = 0; i < terms.length - 1; i++) {
      units.push({ start: i, end: i + 2, text: cut(m, terms[i] + terms[i + 1]) });
    }
    units.forEach(function (u) { u.classes = new Map(); });
    return units;
  }

  // [documents covering every term with their best cover, every unit's documents added up]
  function cover(m, terms, units) {
    var n = terms.length;
    var minTerm = m.normalise.min_term;
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
    var docs = new Set();
    units.forEach(function (u) { u.matches.forEach(function (_, d) { docs.add(d); }); });
    var full = new Map();
    docs.forEach(function (d) {
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
        full.set(d, best[n]);
      }
    });
    var partial = new Map();
    units.forEach(function (u) {
      u.matches.forEach(function (s, d) {
        partial.set(d, (partial.has(d) ? partial.get(d) : 0) + s * (u.end - u.start));
      });
    });
    return [full, partial];
  }

  // { numbers, suggestion, bodyOnly, marks }: the same as Searcher.ranked in query.py
  function rank(m, query) {
    var terms = queryTerms(m, query).slice(0, MAX_TERMS);
    var minTerm = m.normalise.min_term;
    if (!terms.some(function (t) { return t.length >= minTerm; })) {
      return Promise.resolve({ numbers: [], suggestion: null, bodyOnly: new Set(), marks: [] });
    }
    var runs = variants(m, terms).map(function (v) {
      var vt = v.terms.slice(0, MAX_TERMS);
      return { terms: vt, factor: v.factor, units: makeUnits(m, vt) };
    });
    var needed = [];
    runs.forEach(function (r) {
      r.units.forEach(function (u) { needed = needed.concat(shardsFor(m, u.text)); });
    });
    var suggestion = null;
    var marks = [];
    var lost = [];
    function merge(part) {
      var out = new Map();
      runs.forEach(function (r) {
        cover(m, r.terms, r.units)[part].forEach(function (s, d) {
          if ((out.has(d) ? out.get(d) : 0) < s * r.factor) {
            out.set(d, s * r.factor);
          }
        });
      });
      return out;
    }
    return fetchShards(m, needed).then(function (shards) {
      runs.forEach(function (r) {
        r.units.forEach(function (u) {
          var got = match(m, u.text, shards, u.classes);
          u.matches = got.matches;
          u.capped = got.capped;
        });
      });
      var scores = merge(0);
      if (scores.size || !m.typo) {
        return scores;
      }
      runs.forEach(function (r, i) {
        r.units.forEach(function (u) {
          if (u.end - u.start === 1 && !u.matches.size && Array.from(u.text).length >= m.typo.short) {
            lost.push({ run: i, unit: u });
          }
        });
      });
      if (!lost.length) {
        return scores;
      }
      return lexiconFor(m, lost.map(function (l) { return l.unit.text; })).then(function (lexicon) {
        var keys = [];
        lost.forEach(function (l) {
          l.fixes = candidates(m, l.unit.text, lexicon);
          l.fixes.forEach(function (t) {
            var k = shardKey(m, t);
            if (k !== null) {
              keys.push(k);
            }
          });
        });
        return fetchShards(m, keys);
      }).then(function (more) {
        var fixes = new Map();
        lost.forEach(function (l) {
          var u = l.unit;
          l.fixes.forEach(function (t) {
            var found = matchExact(m, t, more, u.classes);
            found.forEach(function (s, d) {
              if ((u.matches.has(d) ? u.matches.get(d) : 0) < s * m.typo.factor) {
                u.matches.set(d, s * m.typo.factor);
              }
            });
            if (found.size) {
              if (l.run === 0 && !fixes.has(u.start)) {
                fixes.set(u.start, t);
              }
              if (marks.indexOf(t) < 0) {
                marks.push(t);
              }
            }
          });
        });
        if (fixes.size) {
          suggestion = terms.map(function (t, i) { return fixes.has(i) ? fixes.get(i) : t; }).join(" ");
        }
        return merge(0);
      });
    }).then(function (scores) {
      if (!scores.size) {
        scores = merge(1);
      }
      var numbers = Array.from(scores.keys()).sort(function (a, b) {
        return scores.get(b) - scores.get(a) || a - b;
      });
      var best = new Map();
      runs.forEach(function (r) {
        r.units.forEach(function (u) {
          if (u.end - u.start === 1 && marks.indexOf(u.text) < 0) {
            marks.push(u.text);
          }
          u.classes.forEach(function (c, d) {
            if ((best.has(d) ? best.get(d) : -1) < c) {
              best.set(d, c);
            }
          });
        });
      });
      var bodyOnly = new Set(numbers.filter(function (d) { return (best.has(d) ? best.get(d) : 0) === 0; }));
      return { numbers: numbers, suggestion: suggestion, bodyOnly: bodyOnly, marks: marks };
    });
  }

  // --- results -----------------------------------------------------------------------------

  // The first body sentence of document d that has a word found by the query, cut into
  // [{ text, mark }] parts (a word is marked when its term starts with one of the query's terms
  // or corrections, or is their plural).
  function snippetOf(m, sentences, marks) {
    var wanted = marks.filter(function (t) { return t.length >= m.normalise.min_term; });
    function hit(word) {
      var term = queryTerms(m, word).join("");
      if (!term) {
        return false;
      }
      var root = stem(m, term);
      return wanted.some(function (t) { return term.startsWith(t) || root === t; });
    }
    for (var i = 0; i < sentences.length; i++) {
      var parts = sentences[i].split(/(\s+)/).filter(Boolean).map(function (w) {
        return { text: w, mark: !/^\s+$/.test(w) && hit(w) };
      });
      if (parts.some(function (p) { return p.mark; })) {
        return parts;
      }
    }
    return null;
  }

  function describe(m, numbers, found) {
    var chunks = Array.from(new Set(numbers.map(function (d) { return Math.floor(d / m.chunk); })));
    var body = found ? numbers.filter(function (d) { return found.bodyOnly.has(d); }) : [];
    var bodyChunks = Array.from(new Set(body.map(function (d) { return Math.floor(d / m.chunk); })));
    var wanted = [file(m, "a.json")]
      .concat(chunks.map(function (c) { return file(m, "d/" + c + ".json"); }))
      .concat(bodyChunks.map(function (c) { return file(m, "x/" + c + ".json"); }));
    return Promise.all(wanted).then(function (loaded) {
      var agencies = loaded[0];
      var byChunk = new Map(chunks.map(function (c, i) { return [c, loaded[i + 1]]; }));
      var texts = new Map(bodyChunks.map(function (c, i) { return [c, loaded[i + 1 + chunks.length]]; }));
      return numbers.map(function (d) {
        var row = byChunk.get(Math.floor(d / m.chunk))[d % m.chunk];
        var kind = row[0], agency = agencies[row[1]], slug = row[2];
        var path = kind === 0 ? m.kinds[0] + "/" + slug + "/" : m.kinds[kind] + "/" + agency[0] + "/" + slug + "/";
        var r = { path: "/" + path, href: ROOT + path, kind: kind, title: row[3], agency: agency[1], summary: row[4], snippet: null };
        var x = found && found.bodyOnly.has(d) ? texts.get(Math.floor(d / m.chunk)) : null;
        if (x) {
          var sentences = x.d[d % m.chunk].map(function (n) { return x.s[n]; });
          r.snippet = snippetOf(m, sentences, found.marks);
        }
        return r;
      });
    });
  }

  function search(query) {
    return manifest().then(function (m) {
      var usable = queryTerms(m, query).some(function (t) { return t.length >= m.normalise.min_term; });
      return rank(m, query).then(function (ranked) {
        return {
          total: ranked.numbers.length, numbers: ranked.numbers, manifest: m, tooShort: !usable,
          suggestion: ranked.suggestion, bodyOnly: ranked.bodyOnly, marks: ranked.marks,
        };
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
      return describe(found.manifest, found.numbers.slice(0, limit || PAGE), found);
    });
  };
  /** { total, suggestion, results: [{ path, title, snippet, … }] } */
  catalogueSearch.details = function (query, limit) {
    return search(query).then(function (found) {
      return describe(found.manifest, found.numbers.slice(0, limit || PAGE), found).then(function (results) {
        return { total: found.total, suggestion: found.suggestion, results: results };
      });
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
    if (r.snippet) {
      // matched only in the body: the sentence that matched, its words marked (text nodes only)
      var snippet = element("span", "catalogue-search__snippet");
      r.snippet.forEach(function (part) {
        snippet.appendChild(part.mark ? element("mark", "", part.text) : document.createTextNode(part.text));
      });
      a.appendChild(snippet);
    } else if (r.summary) {
      a.appendChild(element("span", "catalogue-search__summary", r.summary));
    }
    li.appendChild(a);
    return li;
  }

  // «منظورتان «…» بود؟», the correction linking to its results page
  function suggest(box, suggestion) {
    box.replaceChildren();
    box.hidden = !suggestion;
    if (suggestion) {
      var link = element("a", "", suggestion);
      link.href = ROOT + "search/?q=" + encodeURIComponent(suggestion);
      box.append("منظورتان «", link, "» بود؟");
    }
  }

  function mount(form) {
    var input = form.querySelector("input[type=search]");
    var panel = form.querySelector("[data-search-panel]");
    var list = form.querySelector("[data-search-list]");
    var status = form.querySelector("[data-search-status]");
    var count = form.querySelector("[data-search-count]");
    var suggestion = form.querySelector("[data-search-suggest]");
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

    function showMore() {
      var state = current;
      var from = state.shown;
      var numbers = state.numbers.slice(from, from + PAGE);
      return describe(state.manifest, numbers, state.found).then(function (results) {
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
        var state = { query: query, numbers: found.numbers, shown: 0, manifest: found.manifest, found: found };
        return describe(found.manifest, found.numbers.slice(0, PAGE), found).then(function (results) {
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
          if (suggestion) {
            suggest(suggestion, found.suggestion);
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
    form.addEventListener("submit", function () {
      // Enter: the form goes to the results page (search/?q=…) with every result; a suggestion
      // picked with the arrows is a link and opens its own page.
      clearTimeout(timer);
      sequence++;
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
      openButton.addEventListener("keydown", function (event) {
        // a link that acts as a button (it is a link only for browsers without JavaScript)
        if (event.key === " ") {
          event.preventDefault();
          openButton.click();
        }
      });
      openButton.addEventListener("click", function (event) {
        event.preventDefault();
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
      if (!document.querySelector("[data-search-page]")) {
        setOpen(true);
        run(input.value);
      }
    }
  }

  // --- the results page (search/?q=…) ------------------------------------------------------

  var PAGE_STEP = 50;

  function mountPage(root) {
    var input = root.querySelector("input[name=q]");
    var count = root.querySelector("[data-search-count]");
    var box = root.querySelector("[data-search-suggest]");
    var list = root.querySelector("[data-search-list]");
    var more = root.querySelector("[data-search-more]");
    var query = new URLSearchParams(location.search).get("q") || "";
    if (!input || !count || !box || !list || !more) {
      return;
    }
    input.value = query;
    if (!query.trim()) {
      return;
    }
    root.setAttribute("aria-busy", "true");
    var state = null;
    function page() {
      var from = state.shown;
      return describe(state.found.manifest, state.found.numbers.slice(from, from + PAGE_STEP), state.found).then(function (results) {
        results.forEach(function (r) { list.appendChild(renderItem(r)); });
        state.shown = from + results.length;
        more.hidden = state.shown >= state.found.numbers.length;
      });
    }
    search(query).then(function (found) {
      state = { found: found, shown: 0 };
      if (found.total) {
        count.textContent = persianNumber(found.total) + " نتیجه برای «" + query.trim() + "»";
      } else if (found.tooShort) {
        count.textContent = "دست‌کم دو حرف بنویسید";
      } else {
        count.textContent = "نتیجه‌ای برای «" + query.trim() + "» پیدا نشد";
      }
      suggest(box, found.suggestion);
      return page();
    }).catch(function () {
      count.textContent = "جست‌وجو در دسترس نیست؛ دوباره امتحان کنید.";
    }).then(function () {
      root.removeAttribute("aria-busy");
      root.dataset.searchDone = query;
    });
    more.addEventListener("click", function () {
      var before = list.children.length;
      page().then(function () {
        var next = list.children[before];
        if (next && next.querySelector("a")) {
          next.querySelector("a").focus();
        }
      });
    });
  }

  function start() {
    Array.prototype.forEach.call(document.querySelectorAll("form[data-catalogue-search]"), mount);
    Array.prototype.forEach.call(document.querySelectorAll("[data-search-page]"), mountPage);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
