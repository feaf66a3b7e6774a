/* The rules of `site-gen validate` for one record, in the browser.
 *
 * Reads the rule table that `site-gen build` writes from the models (site_gen/editor/rules.py:
 * rules.json) and ports the parts that are code, not data: the loader's text layer
 * (site_gen/load.py), pydantic's checks as the models declare them, the translation of each
 * error into a code and a Persian message (site_gen/model/errors.py, types.py), the rules across
 * fields (problems() of each model), the placeholders and labels written as values
 * (site_gen/record.py) and the fields a complete card must state. tests/test_editor.py compares
 * every (path, code) with the validator's JSON report over the invalid fixtures.
 *
 * Card text is data: nothing here turns it into markup.
 */
(function (root) {
  "use strict";

  var YAML = root.YAML;
  var NULLS = { "": 1, "~": 1, "null": 1, "Null": 1, "NULL": 1 };
  var MAX_BYTES = 1024 * 1024;
  var MAX_DEPTH = 16;
  var MAX_REPORTED_CHARS = 20;
  var TEXT_PATTERN = "text";
  var LINE_PATTERN = "line";
  var INT_RE = /^-?[0-9]+$/;
  var NUMBER_RE = /^-?[0-9]+(?:\.[0-9]+)?$/;
  var DATE_RE = /^[0-9]{4}-[0-9]{2}-[0-9]{2}$/;
  var ARABIC_LETTER_RE = /[يك]/;
  var NON_ASCII_DIGIT_RE = /[۰-۹٠-٩]/;
  var NUMERIC_LIKE_RE = /^[\s0-9۰-۹٠-٩+\-/.,()]*$/;
  var FORBIDDEN_RE = /[\p{Cf}\p{Cc}\p{Cs}\p{Zl}\p{Zp}]/u;
  var NOT_PRINTABLE_RE = /[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}\p{Zl}\p{Zp}\p{Zs}]/u;

  // --- small ports of Python behaviour ----------------------------------------------------

  function chars(s) { return Array.from(s); }

  function isForbidden(ch) {
    if (!FORBIDDEN_RE.test(ch)) return false;
    if (/\p{Cf}/u.test(ch)) return "\u200c\u200e\u200f\u061c".indexOf(ch) < 0;
    return "\t\n\r".indexOf(ch) < 0;
  }

  function forbiddenChars(text) {
    var out = [], i = 0;
    for (var ch of text) {
      if (ch > "~" || ch < " ") { if (isForbidden(ch)) out.push([i, ch]); }
      i += ch.length;
    }
    return out;
  }

  function hex(n, width) { var s = n.toString(16); while (s.length < width) s = "0" + s; return s; }

  /** Python's repr() of a str. */
  function reprStr(s) {
    var quote = s.indexOf("'") >= 0 && s.indexOf('"') < 0 ? '"' : "'";
    var out = quote;
    for (var ch of s) {
      var c = ch.codePointAt(0);
      if (ch === quote || ch === "\\") out += "\\" + ch;
      else if (ch === "\t") out += "\\t";
      else if (ch === "\n") out += "\\n";
      else if (ch === "\r") out += "\\r";
      else if (c < 0x20 || c === 0x7f) out += "\\x" + hex(c, 2);
      else if (c < 0x7f) out += ch;
      else if (ch !== " " && NOT_PRINTABLE_RE.test(ch)) {
        out += c < 0x100 ? "\\x" + hex(c, 2) : c < 0x10000 ? "\\u" + hex(c, 4) : "\\U" + hex(c, 8);
      } else out += ch;
    }
    return out + quote;
  }

  function repr(v) {
    if (v === null || v === undefined) return "None";
    if (typeof v === "string") return reprStr(v);
    if (typeof v === "boolean") return v ? "True" : "False";
    return String(v);
  }

  function isObj(v) { return v !== null && typeof v === "object" && !Array.isArray(v); }

  function truncShown(v) {
    var c = chars(v);
    return c.length <= 60 ? reprStr(v) : reprStr(c.slice(0, 57).join("") + "...");
  }

  /** site_gen/model/types.py _shown */
  function shownT(v) {
    if (typeof v === "string") return truncShown(v);
    if (isObj(v)) return "نگاشت (کلید: مقدار)";
    if (Array.isArray(v)) return "فهرست";
    return repr(v);
  }

  /** site_gen/model/errors.py _shown */
  function shownE(v) {
    if (v === null || v === undefined) return "null (خالی)";
    return shownT(v);
  }

  function pyStrip(s) { return s.replace(/^\s+|\s+$/g, ""); }

  function fold(t) {
    return t.replace(/ي/g, "ی").replace(/ك/g, "ک").replace(/\u200c/g, " ").split(/\s+/).filter(Boolean).join(" ").toLowerCase();
  }

  function asciiDigits(t) {
    return t.replace(/[۰-۹]/g, function (d) { return String(d.charCodeAt(0) - 0x6f0); })
      .replace(/[٠-٩]/g, function (d) { return String(d.charCodeAt(0) - 0x660); });
  }

  function pad2(n) { return (n < 10 ? "0" : "") + n; }

  /** Python's format(x, "g") */
  function fmtG(x) {
    if (x === 0) return "0";
    var exp = Math.floor(Math.log10(Math.abs(x)));
    var p = Number(x).toPrecision(6);
    if (exp < -4 || exp >= 6) {
      var m = Number(x).toExponential(5).split("e");
      var mant = m[0].indexOf(".") >= 0 ? m[0].replace(/0+$/, "").replace(/\.$/, "") : m[0];
      var e = parseInt(m[1], 10);
      return mant + "e" + (e < 0 ? "-" : "+") + pad2(Math.abs(e));
    }
    return p.indexOf(".") >= 0 ? p.replace(/0+$/, "").replace(/\.$/, "") : p;
  }

  // difflib.SequenceMatcher (no junk, no autojunk: the strings here are short)
  function matcher(a, b) {
    var b2j = {};
    for (var i = 0; i < b.length; i++) (b2j[b[i]] = b2j[b[i]] || []).push(i);
    function longest(alo, ahi, blo, bhi) {
      var besti = alo, bestj = blo, bestsize = 0, j2len = {};
      for (var i = alo; i < ahi; i++) {
        var newj2len = {}, idx = b2j[a[i]] || [];
        for (var k = 0; k < idx.length; k++) {
          var j = idx[k];
          if (j < blo) continue;
          if (j >= bhi) break;
          var n = (j2len[j - 1] || 0) + 1;
          newj2len[j] = n;
          if (n > bestsize) { besti = i - n + 1; bestj = j - n + 1; bestsize = n; }
        }
        j2len = newj2len;
      }
      return [besti, bestj, bestsize];
    }
    function matches() {
      var queue = [[0, a.length, 0, b.length]], blocks = [];
      while (queue.length) {
        var q = queue.pop(), m = longest(q[0], q[1], q[2], q[3]);
        if (m[2]) {
          blocks.push(m);
          if (q[0] < m[0] && q[2] < m[1]) queue.push([q[0], m[0], q[2], m[1]]);
          if (m[0] + m[2] < q[1] && m[1] + m[2] < q[3]) queue.push([m[0] + m[2], q[1], m[1] + m[2], q[3]]);
        }
      }
      return blocks.reduce(function (s, m) { return s + m[2]; }, 0);
    }
    function ratioOf(n) { var t = a.length + b.length; return t ? 2 * n / t : 1; }
    return {
      realQuick: function () { return ratioOf(Math.min(a.length, b.length)); },
      quick: function () {
        var avail = {}, n = 0;
        for (var i = 0; i < b.length; i++) avail[b[i]] = (avail[b[i]] || 0) + 1;
        for (i = 0; i < a.length; i++) { if (avail[a[i]] > 0) { avail[a[i]]--; n++; } }
        return ratioOf(n);
      },
      ratio: function () { return ratioOf(matches()); },
    };
  }

  function closeMatches(word, options, n, cutoff) {
    var w = chars(word), scored = [];
    options.forEach(function (x) {
      var m = matcher(chars(x), w);
      if (m.realQuick() >= cutoff && m.quick() >= cutoff) {
        var r = m.ratio();
        if (r >= cutoff) scored.push([r, x]);
      }
    });
    scored.sort(function (p, q) { return p[0] !== q[0] ? q[0] - p[0] : (p[1] < q[1] ? 1 : p[1] > q[1] ? -1 : 0); });
    return scored.slice(0, n).map(function (p) { return p[1]; });
  }

  function nearest(word, options, cutoff) {
    var scored = [], w = chars(word);
    Object.keys(options).forEach(function (key) {
      var m = matcher(chars(word), chars(key));
      void w;
      if (m.realQuick() >= cutoff && m.quick() >= cutoff) {
        var r = m.ratio();
        if (r >= cutoff) scored.push([r, key, options[key]]);
      }
    });
    if (!scored.length) return [];
    var best = Math.max.apply(null, scored.map(function (s) { return s[0]; }));
    scored.sort(function (p, q) { return p[1] < q[1] ? -1 : p[1] > q[1] ? 1 : 0; });
    return scored.filter(function (s) { return s[0] === best; }).map(function (s) { return s[2]; });
  }

  function dotted(loc) {
    var out = "";
    loc.forEach(function (p) {
      if (typeof p === "number") out += "[" + p + "]";
      else if (p.indexOf("-") >= 0) return;
      else out += out ? "." + p : p;
    });
    return out;
  }

  // --- the rule table ---------------------------------------------------------------------

  function Rules(table) {
    this.t = table;
    hints = table.yaml_hints || {};
    this.labels = new Set(table.labels);
    this.leap = new Set(table.leap_years);
    this.patterns = {};
    for (var k in table.patterns) this.patterns[k] = new RegExp(table.patterns[k].re, "u");
  }

  Rules.prototype.model = function (name) { return this.t.models[name]; };
  Rules.prototype.field = function (model, key) {
    var m = this.t.models[model];
    if (!m) return null;
    for (var i = 0; i < m.fields.length; i++) if (m.fields[i].key === key) return m.fields[i];
    return null;
  };
  Rules.prototype.vocab = function (name) { return this.t.vocabs[name]; };
  Rules.prototype.vocabLabel = function (name, value) {
    var v = this.t.vocabs[name] || [];
    for (var i = 0; i < v.length; i++) if (v[i][0] === value) return v[i][1];
    return value;
  };

  /** errors.model_at */
  Rules.prototype.modelAt = function (model, loc) {
    var current = model;
    for (var i = 0; i < loc.length; i++) {
      var part = loc[i];
      if (current === null) return null;
      if (typeof part === "number" || part.indexOf("-") >= 0) continue;
      var f = this.field(current, part);
      if (!f) return null;
      current = f.holds;
    }
    return current;
  };

  function strNames(loc) {
    return loc.filter(function (p) { return typeof p === "string" && p.indexOf("-") < 0; });
  }

  /** errors.field_label */
  Rules.prototype.fieldLabel = function (model, loc) {
    var names = strNames(loc);
    if (!names.length) return null;
    var last = names[names.length - 1], idx = -1;
    loc.forEach(function (p, i) { if (p === last) idx = i; });
    var holder = this.modelAt(model, loc.slice(0, idx));
    if (holder === null) return null;
    var f = this.field(holder, last);
    return f ? f.label : null;
  };

  function vocabOf(desc) {
    if (!desc) return null;
    if (desc.t === "vocab") return desc.v;
    if (desc.t === "list") return vocabOf(desc.of);
    if (desc.t === "tuple") { for (var i = 0; i < desc.of.length; i++) { var f = vocabOf(desc.of[i]); if (f) return f; } }
    return null;
  }

  Rules.prototype.vocabAt = function (model, loc) {
    var idx = [];
    loc.forEach(function (p, i) { if (typeof p === "string" && p.indexOf("-") < 0) idx.push(i); });
    if (!idx.length) return null;
    var last = idx[idx.length - 1];
    var holder = this.modelAt(model, loc.slice(0, last));
    var f = holder !== null ? this.field(holder, loc[last]) : null;
    return f ? vocabOf(f.type) : null;
  };

  Rules.prototype.vocabMessage = function (name, value) {
    var vocab = this.vocab(name);
    var allowed = vocab.map(function (m) { return m[0] + " (" + m[1] + ")"; }).join("، ");
    var hint = "";
    if (typeof value === "string") {
      var folded = fold(value), byLabel = {}, byValue = {};
      vocab.forEach(function (m) { byLabel[fold(m[1])] = m; byValue[m[0].toLowerCase()] = m; });
      var found = Object.prototype.hasOwnProperty.call(byLabel, folded) ? byLabel[folded] : Object.prototype.hasOwnProperty.call(byValue, folded) ? byValue[folded] : null;
      var near = found ? [found] : nearest(folded, byValue, 0.6);
      if (!near.length) near = nearest(folded, byLabel, 0.5);
      if (!near.length) {
        var hits = Object.keys(byLabel).filter(function (l) { return folded && l.split(" ").indexOf(folded) >= 0; }).map(function (l) { return byLabel[l]; });
        near = hits.length === 1 ? hits : [];
      }
      if (near.length) hint = "؛ " + near.map(function (m) { return "برای «" + m[1] + "» بنویسید " + m[0]; }).join(" یا ");
    }
    return "انتظار می‌رفت یکی از " + allowed + "، اما " + shownE(value) + " آمده است" + hint;
  };

  Rules.prototype.keyWithLabel = function (holder, name) {
    var f = this.field(holder, name), title = f && f.label;
    return title && title !== name ? "«" + name + "» (" + title + ")" : "«" + name + "»";
  };

  function holderLoc(loc) {
    var out = loc.slice();
    while (out.length && typeof out[out.length - 1] === "number") out.pop();
    return out.length ? out.slice(0, -1) : [];
  }

  function holderName(loc) {
    var names = strNames(loc.slice(0, -1));
    return names.length ? names[names.length - 1] : "";
  }

  /** errors.unknown_key_hint */
  Rules.prototype.unknownKeyHint = function (model, loc) {
    var self = this, key = String(loc[loc.length - 1]);
    var holder = this.modelAt(model, loc.slice(0, -1));
    if (holder === null) return "";
    var fields = this.model(holder).fields;
    var folded = fold(key), byLabel = {};
    fields.forEach(function (f) { if (f.label) byLabel[fold(f.label)] = f.key; });
    if (Object.prototype.hasOwnProperty.call(byLabel, folded)) {
      return "؛ برچسب فارسی را کلید نکنید: کلید این فیلد " + this.keyWithLabel(holder, byLabel[folded]) + " است";
    }
    var close = closeMatches(key, fields.map(function (f) { return f.key; }), 1, 0.7);
    if (close.length) return "؛ آیا منظور " + this.keyWithLabel(holder, close[0]) + " بود؟";
    close = closeMatches(folded, Object.keys(byLabel), 1, 0.7);
    if (close.length) return "؛ آیا منظور " + this.keyWithLabel(holder, byLabel[close[0]]) + " بود؟";
    if (loc.length > 1) {
      var up = this.modelAt(model, holderLoc(loc.slice(0, -1)));
      if (up !== null && this.field(up, key)) {
        return "؛ " + this.keyWithLabel(up, key) + " کلید یک سطح بالاتر است: تورفتگی آن را کم کنید تا هم‌تراز «" + holderName(loc) + "» شود";
      }
    }
    var inside = [];
    fields.forEach(function (f) { if (f.holds && self.field(f.holds, key)) inside.push([f.key, f.holds]); });
    if (inside.length) {
      var where = inside.map(function (p) { return "«" + p[0] + "»"; }).join(" یا ");
      return "؛ " + this.keyWithLabel(inside[0][1], key) + " کلیدی درون " + where + " است: آن را زیر کلید خودش با تورفتگی بیشتر بنویسید";
    }
    return "";
  };

  // --- values, as pydantic checks them ------------------------------------------------------

  function monthLength(rules, y, m) { return m <= 6 ? 31 : m <= 11 ? 30 : rules.leap.has(y) ? 30 : 29; }

  function checkDate(rules, v) {
    if (!DATE_RE.test(v)) return "انتظار می‌رفت تاریخ شمسی به شکل YYYY-MM-DD (مانند \"1403-05-12\")، اما " + shownT(v) + " آمده است";
    var p = v.split("-").map(function (x) { return parseInt(x, 10); });
    if (p[0] < 1300 || p[0] > 1499) return "انتظار می‌رفت سال شمسی بین 1300 و 1499، اما " + p[0] + " آمده است";
    if (p[1] < 1 || p[1] > 12) return "انتظار می‌رفت ماه بین 01 و 12، اما " + pad2(p[1]) + " آمده است";
    var days = monthLength(rules, p[0], p[1]);
    if (p[2] < 1 || p[2] > days) return rules.t.month_names[p[1] - 1] + " سال " + p[0] + " " + days + " روز دارد، اما روز " + pad2(p[2]) + " آمده است";
    return null;
  }

  var HOST_LABEL = /^(?!-)[A-Za-z0-9-]{1,63}$/;
  var NUMERIC_LABEL = /^(?:[0-9]+|0[xX][0-9A-Fa-f]*)$/;

  function ipv4(s) {
    var p = s.split(".");
    if (p.length !== 4) return false;
    return p.every(function (x) { return /^(?:0|[1-9][0-9]{0,2})$/.test(x) && parseInt(x, 10) <= 255; });
  }

  function ipv6(s) {
    if (/[^0-9A-Fa-f:.%]/.test(s) || s.indexOf("%") >= 0) return false;
    var v4 = 0;
    if (s.indexOf(".") >= 0) {
      var last = s.slice(s.lastIndexOf(":") + 1);
      if (!ipv4(last)) return false;
      s = s.slice(0, s.lastIndexOf(":") + 1) + "0:0";
      v4 = 1;
    }
    void v4;
    var dbl = s.split("::");
    if (dbl.length > 2) return false;
    function groups(x) { return x === "" ? [] : x.split(":"); }
    var head = groups(dbl[0]), tail = dbl.length === 2 ? groups(dbl[1]) : [];
    var all = head.concat(tail);
    if (!all.every(function (g) { return /^[0-9A-Fa-f]{1,4}$/.test(g); })) return false;
    return dbl.length === 2 ? all.length <= 7 : all.length === 8;
  }

  function hostOk(netloc, host) {
    if (netloc.charAt(0) === "[") return ipv6(host);
    var name = host.slice(-1) === "." ? host.slice(0, -1) : host;
    var labels = name.split(".");
    if (!name || name.length > 253 || !labels.every(function (l) { return HOST_LABEL.test(l) && l.slice(-1) !== "-"; })) return false;
    if (NUMERIC_LABEL.test(labels[labels.length - 1])) return ipv4(name);
    return labels.length > 1 || name.toLowerCase() === "localhost";
  }

  /** urllib.parse.urlsplit, the parts the URL rule reads; throws like Python on a bad URL. */
  function urlsplit(url) {
    url = url.replace(/^[\x00-\x20]+/, "").replace(/[\t\r\n]/g, "");
    var scheme = "", i = url.indexOf(":");
    if (i > 0 && /^[A-Za-z]/.test(url) && /^[A-Za-z0-9+\-.]+$/.test(url.slice(0, i))) {
      scheme = url.slice(0, i).toLowerCase();
      url = url.slice(i + 1);
    }
    var netloc = "";
    if (url.slice(0, 2) === "//") {
      var rest = url.slice(2), end = rest.length;
      "/?#".split("").forEach(function (c) { var k = rest.indexOf(c); if (k >= 0 && k < end) end = k; });
      netloc = rest.slice(0, end);
      if ((netloc.indexOf("[") >= 0) !== (netloc.indexOf("]") >= 0)) throw new Error("Invalid IPv6 URL");
      if (netloc.indexOf("[") >= 0 && netloc.indexOf("]") < netloc.indexOf("[")) throw new Error("Invalid IPv6 URL");
    }
    var hostport = netloc.slice(netloc.lastIndexOf("@") + 1);
    var hostname = null, port = "";
    if (hostport.charAt(0) === "[") {
      var close = hostport.indexOf("]");
      hostname = hostport.slice(1, close);
      var after = hostport.slice(close + 1);
      if (after.charAt(0) === ":") port = after.slice(1);
    } else {
      var c = hostport.indexOf(":");
      hostname = c >= 0 ? hostport.slice(0, c) : hostport;
      if (c >= 0) port = hostport.slice(c + 1);
    }
    if (port) {
      if (!/^[0-9]+$/.test(port) || parseInt(port, 10) > 65535) throw new Error("bad port");
    }
    return { scheme: scheme, netloc: netloc, hostname: hostname ? hostname.toLowerCase() : null };
  }

  function checkUrl(v) {
    var expected = "انتظار می‌رفت نشانی http یا https (مانند https://www.example.ir)";
    for (var ch of v) {
      if (/\s/.test(ch) || /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u.test(ch) || ch === "\x1c" || ch === "\x1d" || ch === "\x1e" || ch === "\x1f" || ch === "\x85") {
        return expected + "، اما نشانی فاصله یا نویسهٔ نامرئی دارد: " + shownT(v);
      }
    }
    if (v.indexOf("\\") >= 0) return expected + "، اما نشانی «\\» دارد که مرورگرها آن را «/» می‌خوانند: " + shownT(v);
    var parts;
    try { parts = urlsplit(v); } catch (e) { return expected + "، اما " + shownT(v) + " آمده است"; }
    if (parts.scheme !== "http" && parts.scheme !== "https") {
      return expected + "، اما " + shownT(v) + " آمده است" + (parts.scheme ? "" : "؛ نشانی را با https:// آغاز کنید");
    }
    if (parts.netloc.indexOf("@") >= 0) return expected + " بدون نام کاربری، اما " + shownT(v) + " بخش user@ دارد";
    if (v.slice(parts.scheme.length, parts.scheme.length + 3) !== "://" || !parts.hostname) return expected + " با نام میزبان، اما " + shownT(v) + " آمده است";
    if (!hostOk(parts.netloc, parts.hostname)) {
      return expected + " با نام میزبان معتبر (حرف و رقم لاتین و خط تیره، یا نشانی IP؛ نام دامنهٔ فارسی به شکل xn--)، اما " + shownT(v) + " آمده است";
    }
    return null;
  }

  var SCALE = { "هزار": 1000, "میلیون": 1000000, "میلیارد": 1000000000 };
  var AMOUNT_PART = /^([0-9][0-9,٬،]*(?:\.[0-9]+)?)\s*((?:هزار|میلیون|میلیارد)(?:\s+(?:هزار|میلیون|میلیارد))*)?$/;

  function amountInWords(v) {
    var s = pyStrip(asciiDigits(v).replace(/\u200c/g, " ")), note = "";
    if (s.slice(-5) === "تومان") { s = pyStrip(s.slice(0, -5)); note = " (هر تومان ۱۰ ریال است)"; }
    else if (s.slice(-4) === "ریال") s = pyStrip(s.slice(0, -4));
    if (!s) return null;
    var total = 0, parts = s.split(" و ");
    for (var i = 0; i < parts.length; i++) {
      var m = AMOUNT_PART.exec(pyStrip(parts[i]));
      if (!m) return null;
      var amount = parseFloat(m[1].replace(/[,٬،]/g, ""));
      (m[2] || "").split(/\s+/).filter(Boolean).forEach(function (w) { amount *= SCALE[w]; });
      total += amount;
    }
    if (note) total *= 10;
    if (total !== Math.floor(total)) return null;
    return [total.toLocaleString("en-US", { useGrouping: false, maximumFractionDigits: 0 }), note];
  }

  /** site_gen/model/types.py pattern_error */
  function patternError(rules, pattern, value) {
    if (pattern === TEXT_PATTERN || pattern === LINE_PATTERN) {
      if (pattern === LINE_PATTERN && typeof value === "string" && /[\r\n]/.test(value)) {
        return ["multi-line", "انتظار می‌رفت متن یک‌خطی، اما متن چندخطی آمده است: " + shownT(value)];
      }
      var marks = pattern === LINE_PATTERN && typeof value === "string" ? chars(value).filter(function (ch) { return rules.t.direction_marks.indexOf(ch) >= 0; }) : [];
      if (marks.length) {
        var names = { "\u200e": "U+200E LEFT-TO-RIGHT MARK", "\u200f": "U+200F RIGHT-TO-LEFT MARK", "\u061c": "U+061C ARABIC LETTER MARK" };
        return ["forbidden-character", "نویسهٔ جهت‌نمای " + names[marks[0]] + " فقط در متن آزاد (شرح، خلاصه، توضیح) پذیرفته است، نه در متن یک‌خطی"];
      }
      return ["empty-text", "متن خالی آمده است؛ برای «اعلام نشده» null بنویسید یا کلید را حذف کنید"];
    }
    var p = rules.t.patterns[pattern];
    return [p.code, "انتظار می‌رفت " + p.expected + "، اما " + shownT(value) + " آمده است"];
  }

  var LINE_RE = /^[^\r\n\u200e\u200f\u061c]*[^\s\u200e\u200f\u061c][^\r\n\u200e\u200f\u061c]*$/;

  /** Validate one value against a type descriptor; errors are pydantic-shaped. */
  function Checker(rules, errors) { this.rules = rules; this.errors = errors; }

  Checker.prototype.err = function (type, loc, input, ctx, msg) {
    this.errors.push({ type: type, loc: loc, input: input, ctx: ctx || {}, msg: msg || "" });
  };

  Checker.prototype.model = function (name, v, loc) {
    if (!isObj(v)) { this.err("model_type", loc, v); return; }
    var m = this.rules.model(name), self = this, known = {};
    m.fields.forEach(function (f) {
      known[f.key] = 1;
      if (Object.prototype.hasOwnProperty.call(v, f.key)) self.value(f.type, v[f.key], loc.concat([f.key]), !f.required);
      else if (f.required) self.err("missing", loc.concat([f.key]), v);
    });
    Object.keys(v).forEach(function (k) { if (!known[k]) self.err("extra_forbidden", loc.concat([k]), v[k]); });
  };

  Checker.prototype.value = function (d, v, loc, nullable) {
    var rules = this.rules, self = this;
    if (v === null && nullable) return;
    switch (d.t) {
      case "text": case "line": case "pattern": case "date": case "url":
        if (typeof v !== "string") { this.err("string_type", loc, v); return; }
        if (d.t === "text") { if (!/\S/.test(v)) this.err("string_pattern_mismatch", loc, v, { pattern: TEXT_PATTERN }); }
        else if (d.t === "line") { if (!LINE_RE.test(v)) this.err("string_pattern_mismatch", loc, v, { pattern: LINE_PATTERN }); }
        else if (d.t === "pattern") { if (!rules.patterns[d.p].test(v)) this.err("string_pattern_mismatch", loc, v, { pattern: d.p }); }
        else if (d.t === "date") { var dm = checkDate(rules, v); if (dm) this.err("invalid-date", loc, v, {}, dm); }
        else { var um = checkUrl(v); if (um) this.err("invalid-url", loc, v, {}, um); }
        return;
      case "bool":
        if (v === true || v === false || v === "true" || v === "false") return;
        this.err("invalid-bool", loc, v, {}, "انتظار می‌رفت true یا false، اما " + shownT(v) + " آمده است");
        return;
      case "int": case "number":
        var n = null;
        if (typeof v === "number") n = v;
        else if (typeof v === "string" && (d.t === "int" ? INT_RE : NUMBER_RE).test(v)) n = d.t === "int" ? BigInt(v) : Number(v);
        if (n === null) {
          if (d.t === "int") {
            var hint = "";
            if (typeof v === "string") {
              var found = amountInWords(v);
              if (found) hint = "؛ عدد را بی‌واحد و بی‌جداکننده بنویسید: " + found[0] + found[1];
            }
            this.err("invalid-number", loc, v, {}, "انتظار می‌رفت عدد صحیح با رقم لاتین، اما " + shownT(v) + " آمده است" + hint);
          } else {
            this.err("invalid-number", loc, v, {}, "انتظار می‌رفت عدد با رقم لاتین (مانند 3 یا 1.5)، اما " + shownT(v) + " آمده است");
          }
          return;
        }
        if (d.ge !== undefined && n < d.ge) this.err("greater_than_equal", loc, v, { ge: d.ge });
        if (d.gt !== undefined && n <= d.gt) this.err("greater_than", loc, v, { gt: d.gt });
        return;
      case "vocab":
        if (typeof v === "string" && rules.vocab(d.v).some(function (m) { return m[0] === v; })) return;
        this.err("enum", loc, v, { expected: rules.vocab(d.v).map(function (m) { return "'" + m[0] + "'"; }).join(", ") });
        return;
      case "literal":
        if (typeof v === "string" && d.values.indexOf(v) >= 0) return;
        this.err("literal_error", loc, v, { expected: d.values.map(function (x) { return "'" + x + "'"; }).join(" or ") });
        return;
      case "list":
        if (!Array.isArray(v)) { this.err("list_type", loc, v); return; }
        v.forEach(function (item, i) { self.value(d.of, item, loc.concat([i]), false); });
        return;
      case "tuple":
        if (!Array.isArray(v)) { this.err("tuple_type", loc, v); return; }
        if (v.length > d.of.length) { this.err("too_long", loc, v, { max_length: d.of.length, actual_length: v.length }); return; }
        d.of.forEach(function (sub, i) {
          if (i < v.length) self.value(sub, v[i], loc.concat([i]), false);
          else self.err("missing", loc.concat([i]), v);
        });
        return;
      case "model":
        this.model(d.m, v, loc);
        return;
      case "union":
        if (typeof v === "string") this.value(d.text, v, loc.concat(["as-text"]), false);
        else if (isObj(v)) this.value(d.mapping, v, loc.concat(["as-mapping"]), false);
        else this.err(d.code, loc, v, {}, d.message);
        return;
    }
  };

  /** errors.translate: (code, message) for one error. */
  Rules.prototype.translate = function (model, e) {
    var kind = e.type, loc = e.loc, value = e.input, ctx = e.ctx;
    var names = strNames(loc);
    var name = names.length ? names[names.length - 1] : "";
    var label = this.fieldLabel(model, loc) || name;
    if (this.t.codes[kind]) return [kind, e.msg];
    if (kind === "string_pattern_mismatch") return patternError(this, ctx.pattern, value);
    if (kind === "missing") return ["missing-key", "کلید الزامی «" + name + "» (" + label + ") نیامده است"];
    if (kind === "extra_forbidden") return ["unknown-key", "کلید ناشناخته «" + loc[loc.length - 1] + "»" + this.unknownKeyHint(model, loc)];
    if (value === null && ["string_type", "model_type", "dict_type", "enum", "literal_error"].indexOf(kind) >= 0) {
      if (loc.length && typeof loc[loc.length - 1] === "number") return ["invalid-type", "مورد خالی (null) در فهرست پذیرفته نیست"];
      return ["missing-key", "«" + name + "» (" + label + ") شناسهٔ رکورد است و نمی‌تواند خالی (null) باشد"];
    }
    if (kind === "enum" || kind === "literal_error") {
      var vocab = this.vocabAt(model, loc);
      if (vocab) return ["invalid-value", this.vocabMessage(vocab, value)];
      var expected = String(ctx.expected || "").split(" or ").join("، ").split(", ").join("، ");
      return ["invalid-value", "انتظار می‌رفت یکی از " + expected + "، اما " + shownE(value) + " آمده است"];
    }
    if (kind === "model_type" || kind === "dict_type") return ["invalid-type", "انتظار می‌رفت نگاشت (کلید: مقدار)، اما " + shownE(value) + " آمده است"];
    if (kind === "list_type" || kind === "tuple_type") {
      return ["invalid-type", "انتظار می‌رفت فهرست، اما " + shownE(value) + " آمده است" + (typeof value === "string" ? "؛ برای یک مورد هم بنویسید [ ... ]" : "")];
    }
    if (kind === "string_type") return ["invalid-type", "انتظار می‌رفت متن، اما " + shownE(value) + " آمده است"];
    if (kind === "too_short" || kind === "too_long") {
      if (name === "process_flow" || (loc.length && typeof loc[loc.length - 1] === "number" && loc.indexOf("process_flow") >= 0)) {
        return ["invalid-type", "انتظار می‌رفت یال [از، به] با دو شمارهٔ فرایند"];
      }
      var wanted = kind === "too_short" ? "دست‌کم " + ctx.min_length + " مورد" : "حداکثر " + ctx.max_length + " مورد";
      return ["invalid-type", "انتظار می‌رفت " + wanted + "، اما " + ctx.actual_length + " مورد آمده است"];
    }
    if (kind === "greater_than_equal" || kind === "greater_than") {
      var words = kind === "greater_than_equal" ? "بزرگ‌تر یا مساوی" : "بزرگ‌تر از";
      return ["out-of-range", "انتظار می‌رفت عددی " + words + " " + (kind === "greater_than_equal" ? ctx.ge : ctx.gt) + "، اما " + shownE(value) + " آمده است"];
    }
    return ["invalid-type", "مقدار " + shownE(value) + " برای «" + label + "» پذیرفته نیست؛ قاعدهٔ این فیلد را در مرجع قالب (docs/format/) ببینید"];
  };

  // --- the loader's text layer ----------------------------------------------------------------

  function forbiddenMessage(ch) {
    var c = ch.codePointAt(0), code = "U+" + hex(c, 4).toUpperCase();
    return "نویسهٔ ممنوع " + code + " " + (CHAR_NAMES[c] || "UNNAMED") + "؛ نویسه‌های نامرئی، کنترلی و جداکنندهٔ سطر یا بند به‌جز نیم‌فاصله (ZWNJ) پذیرفته نیستند";
  }

  var CHAR_NAMES = {
    0xad: "SOFT HYPHEN", 0x200b: "ZERO WIDTH SPACE", 0x200d: "ZERO WIDTH JOINER", 0x202a: "LEFT-TO-RIGHT EMBEDDING",
    0x202b: "RIGHT-TO-LEFT EMBEDDING", 0x202c: "POP DIRECTIONAL FORMATTING", 0x202d: "LEFT-TO-RIGHT OVERRIDE",
    0x202e: "RIGHT-TO-LEFT OVERRIDE", 0x2066: "LEFT-TO-RIGHT ISOLATE", 0x2067: "RIGHT-TO-LEFT ISOLATE",
    0x2068: "FIRST STRONG ISOLATE", 0x2069: "POP DIRECTIONAL ISOLATE", 0xfeff: "ZERO WIDTH NO-BREAK SPACE",
    0x2028: "LINE SEPARATOR", 0x2029: "PARAGRAPH SEPARATOR", 0x2060: "WORD JOINER",
  };

  function lineCol(src, index) {
    var line = 1, last = -1;
    for (var i = 0; i < index && i < src.length; i++) if (src.charCodeAt(i) === 10) { line++; last = i; }
    return [line, chars(src.slice(last + 1, index)).length + 1];
  }

  /** Parse one file's text as the loader does: {data (null when refused), doc, diagnostics}. */
  function load(src) {
    var out = [];
    function err(index, code, message, key, severity) {
      var lc = lineCol(src, index);
      out.push({ line: lc[0], column: lc[1], code: code, message: message, path: key || "", severity: severity || "error" });
    }
    if (new TextEncoder().encode(src).length > MAX_BYTES) {
      err(0, "file-too-large", "انتظار می‌رفت حداکثر " + MAX_BYTES + " بایت، اما پرونده " + new TextEncoder().encode(src).length + " بایت است");
      return { data: null, doc: null, diagnostics: out };
    }
    if (src.charAt(0) === "\ufeff") {
      err(0, "bom", "پرونده با نشانهٔ ترتیب بایت (BOM) آغاز شده است؛ آن را بدون BOM و با UTF-8 ذخیره کنید");
      return { data: null, doc: null, diagnostics: out };
    }
    var bad = forbiddenChars(src);
    bad.slice(0, MAX_REPORTED_CHARS).forEach(function (b) { err(b[0], "forbidden-character", forbiddenMessage(b[1])); });
    if (bad.length) return { data: null, doc: null, diagnostics: out };
    var doc = YAML.parseDocument(src, { schema: "failsafe", uniqueKeys: false, merge: false, keepSourceTokens: true, strict: false, prettyErrors: false, version: "1.1" });
    if (/[&*!]/.test(src) && !doc.errors.length) {
      scanEvents(doc, err);
      if (out.length) return { data: null, doc: null, diagnostics: out };
    }
    if (doc.errors.length) {
      var e = doc.errors[0];
      err(e.pos ? e.pos[0] : 0, "yaml-syntax", "YAML نامعتبر: " + yamlHint(e));
      return { data: null, doc: null, diagnostics: out };
    }
    var top = doc.contents;
    if (top === null || (YAML.isScalar(top) && top.value === null && top.range[0] === top.range[1])) {
      err(0, "empty-file", "پرونده خالی است؛ انتظار می‌رفت نگاشتی از کلیدها و مقدارها");
      return { data: null, doc: null, diagnostics: out };
    }
    if (!YAML.isMap(top)) {
      var what = YAML.isSeq(top) ? "فهرست" : "متن " + reprStr(String(top.value));
      err(top.range[0], "not-a-mapping", "انتظار می‌رفت نگاشتی از کلیدها و مقدارها، اما " + what + " آمده است");
      return { data: null, doc: null, diagnostics: out };
    }
    var walker = { tooDeep: false };
    var data = walkMap(top, 1, "", walker, err);
    if (out.some(function (d) { return d.severity === "error"; })) return { data: null, doc: doc, diagnostics: out };
    return { data: data, doc: doc, diagnostics: out };
  }

  /** The yaml library's error codes → the sentences of site_gen/yaml_errors.py. */
  var YAML_CODES = {
    TAB_AS_INDENT: "tab character", BLOCK_AS_IMPLICIT_KEY: "mapping values are not allowed",
    MULTILINE_IMPLICIT_KEY: "mapping values are not allowed", MULTIPLE_DOCS: "another document",
    BAD_INDENT: "did not find expected key", MISSING_CHAR: "could not find expected ':'",
    BAD_SCALAR_START: "cannot start any token", BAD_DQ_ESCAPE: "escape", UNEXPECTED_TOKEN: "did not find expected key",
    BAD_DIRECTIVE: "document", MULTIPLE_ANCHORS: "alias", MULTIPLE_TAGS: "tag", BLOCK_IN_FLOW: "block sequence entries are not allowed",
  };
  var hints = {};
  function yamlHint(e) {
    var key = YAML_CODES[e.code] || "";
    if (e.code === "MISSING_CHAR" && /\]/.test(e.message)) key = "',' or '\\]'";
    else if (e.code === "MISSING_CHAR" && /\}/.test(e.message)) key = "',' or '\\}'";
    return hints[key] || hints[""];
  }

  function scanEvents(doc, err) {
    YAML.visit(doc, {
      Alias: function (_, node) { err(node.range[0], "yaml-alias", "ارجاع YAML (*" + node.source + ") پذیرفته نیست؛ مقدار را کامل بنویسید"); },
      Node: function (_, node) {
        if (node.anchor) err(node.range[0], "yaml-anchor", "لنگر YAML (&" + node.anchor + ") پذیرفته نیست");
        if (node.tag) {
          var shown = node.tag.replace("tag:yaml.org,2002:", "!!");
          err(node.range[0], "yaml-tag", "برچسب نوع YAML (" + shown + ") پذیرفته نیست؛ مقدارها متن ساده‌اند");
        }
      },
      Pair: function (_, pair) {
        if (YAML.isScalar(pair.key) && pair.key.anchor) err(pair.key.range[0], "yaml-anchor", "لنگر YAML (&" + pair.key.anchor + ") پذیرفته نیست");
      },
    });
  }

  function scalarValue(node) {
    if (node === null || node === undefined) return null;
    if (node.type === "PLAIN" || node.type === undefined) {
      if (node.value === null || node.value === undefined) return null;
      if (NULLS[String(node.source !== undefined ? node.source : node.value)] && node.type === "PLAIN") return null;
    }
    return node.value === null || node.value === undefined ? null : String(node.value);
  }

  function walkValue(node, depth, key, walker, err) {
    if (node === null || node === undefined) return null;
    if (YAML.isScalar(node)) {
      var v = scalarValue(node);
      if (v === null) return null;
      if (v.indexOf("\\") >= 0 || node.type === "QUOTE_DOUBLE") {
        var bad = forbiddenChars(v);
        if (bad.length) { err(node.range[0], "forbidden-character", forbiddenMessage(bad[0][1]), key); return v; }
      }
      if (ARABIC_LETTER_RE.test(v)) {
        v = v.replace(/ي/g, "ی").replace(/ك/g, "ک");
        err(node.range[0], "arabic-letters", "حروف عربی ي/ك به ی/ک فارسی برگردانده شد؛ در پرونده هم ی/ک فارسی بنویسید", key, "warning");
      }
      if (NON_ASCII_DIGIT_RE.test(v) && NUMERIC_LIKE_RE.test(v)) {
        var now = asciiDigits(v);
        err(node.range[0], "non-ascii-digits", "رقم‌های فارسی/عربی «" + v + "» به «" + now + "» برگردانده شد؛ عدد و شناسه با رقم لاتین ذخیره می‌شود", key, "warning");
        v = now;
      }
      return v;
    }
    if (depth > MAX_DEPTH) {
      if (!walker.tooDeep) {
        walker.tooDeep = true;
        err(node.range[0], "too-deep", "انتظار می‌رفت حداکثر " + MAX_DEPTH + " سطح تودرتو، اما بیشتر آمده است", key);
      }
      return null;
    }
    if (YAML.isMap(node)) return walkMap(node, depth, key, walker, err);
    return node.items.map(function (item, i) { return walkValue(item, depth + 1, key + "[" + i + "]", walker, err); });
  }

  function walkMap(node, depth, key, walker, err) {
    var result = {}, seen = {};
    node.items.forEach(function (pair) {
      var k = pair.key;
      if (!YAML.isScalar(k)) {
        err(k && k.range ? k.range[0] : 0, "bad-key", "انتظار می‌رفت کلید متنی، اما " + (YAML.isSeq(k) ? "فهرست" : "نگاشت (کلید: مقدار)") + " آمده است", key);
        return;
      }
      var name = k.value === null || k.value === undefined ? "" : String(k.value);
      var path = key ? key + "." + name : name;
      if (name === "<<" && k.type === "PLAIN") {
        err(k.range[0], "merge-key", "کلید ادغام YAML (<<) پذیرفته نیست؛ کلیدها را صریح بنویسید", key);
        return;
      }
      var line = lineOf(k);
      if (Object.prototype.hasOwnProperty.call(seen, name)) {
        err(k.range[0], "duplicate-key", "کلید «" + name + "» دو بار آمده است: در سطر " + seen[name] + " و سطر " + line + "؛ فقط یکی بماند", path);
        return;
      }
      seen[name] = line;
      result[name] = walkValue(pair.value, depth + 1, path, walker, err);
    });
    return result;
  }

  var currentSrc = "";
  function lineOf(node) { return lineCol(currentSrc, node.range[0])[0]; }

  // --- one record ---------------------------------------------------------------------------

  function duplicates(values) {
    var seen = new Set(), out = [];
    (values || []).forEach(function (v, i) { var k = typeof v === "string" ? v : JSON.stringify(v); if (seen.has(k)) out.push(i); seen.add(k); });
    return out;
  }

  function num(v) { return v === null || v === undefined ? null : typeof v === "number" ? v : Number(v); }
  function big(v) { return v === null || v === undefined ? null : BigInt(v); }
  function bool(v) { return v === true || v === "true" ? true : v === false || v === "false" ? false : null; }
  function get(o, k) { return isObj(o) && o[k] !== undefined ? o[k] : null; }

  function serviceProblems(rules, s, add) {
    ["service_types", "levels", "life_events", "triggers", "audience", "keywords", "licenses"].forEach(function (name) {
      duplicates(s[name]).forEach(function (i) { add([name, i], "duplicate-item", "گزینهٔ «" + s[name][i] + "» تکراری است"); });
    });
    ["service_types", "levels", "triggers"].forEach(function (name) {
      if (Array.isArray(s[name]) && s[name].length === 0) add([name], "empty-list", "انتظار می‌رفت دست‌کم یک گزینه، اما فهرست خالی آمده است؛ برای «اعلام نشده» null بنویسید");
    });
    if (get(s, "life_event_other") !== null && (s.life_events || []).indexOf("other") < 0) add(["life_event_other"], "other-text-without-other", "توضیح «سایر» آمده اما life_events گزینهٔ other ندارد");
    if (get(s, "trigger_other") !== null && (s.triggers || []).indexOf("other") < 0) add(["trigger_other"], "other-text-without-other", "توضیح «سایر» آمده اما triggers گزینهٔ other ندارد");
    var f = get(s, "frequency");
    if (f !== null) {
      if (bool(f.once) && (get(f, "times") !== null || (f.per && f.per.length))) add(["frequency", "once"], "once-with-times", "«یکبار برای همیشه» (once: true) با تعداد دفعات (times/per) نمی‌آید");
      duplicates(f.per).forEach(function (i) { add(["frequency", "per", i], "duplicate-item", "گزینهٔ «" + f.per[i] + "» تکراری است"); });
    }
    var d = get(s, "average_duration");
    if (d !== null) {
      var loc = ["average_duration"], value = num(get(d, "value")), unit = get(d, "unit"), max = num(get(d, "max"));
      if ((value === null) !== (unit === null)) add(loc.concat([unit === null ? "unit" : "value"]), "duration-incomplete", "مقدار و واحد با هم می‌آیند: یا هر دو، یا هیچ‌کدام همراه با note");
      else if (value === null && get(d, "note") === null && max === null) add(loc, "duration-incomplete", "مدت بدون مقدار باید توضیح (note) داشته باشد؛ برای «اعلام نشده» کل کلید را null کنید");
      if (max !== null && value !== null && max < value) add(loc.concat(["max"]), "bad-range", "انتظار می‌رفت حداکثر دست‌کم " + fmtG(value) + "، اما " + fmtG(max) + " آمده است");
      if (max !== null && unit === null) add(loc.concat(["unit"]), "duration-incomplete", "حداکثر مدت بدون واحد آمده است");
    }
    var c = get(s, "cost");
    if (c !== null) {
      if (bool(c.free) && c.items && c.items.length) add(["cost", "items"], "free-with-cost", "خدمت رایگان (free: true) است اما " + c.items.length + " ردیف هزینه دارد");
      (c.items || []).forEach(function (item, i) {
        var l = ["cost", "items", i], mn = big(get(item, "min_rials")), mx = big(get(item, "max_rials"));
        if (get(item, "amount_rials") === null && mn === null && mx === null && get(item, "rule") === null) add(l, "cost-item-empty", "ردیف هزینه باید مبلغ (amount_rials)، بازه (min_rials/max_rials) یا قاعده (rule) داشته باشد");
        if (mn !== null && mx !== null && mn > mx) add(l.concat(["max_rials"]), "bad-range", "انتظار می‌رفت بیشینه دست‌کم " + mn + "، اما " + mx + " آمده است");
      });
    }
    var a = get(s, "access");
    if (a !== null) {
      var elec = new Set(rules.t.electronic_channels), assisted = new Set(rules.t.assisted_channels);
      ["information", "request", "production", "delivery"].forEach(function (stage) {
        var st = get(a, stage);
        if (st === null) return;
        var loc = ["access", stage], channels = st.channels || [];
        if (bool(st.electronic) && channels.length && !channels.some(function (ch) { return elec.has(ch) || assisted.has(ch); })) {
          add(loc.concat(["channels"]), "stage-not-electronic", "مرحله الکترونیکی است (electronic: true) اما مجراهای آن (" + channels.join("، ") + ") هیچ‌کدام الکترونیکی یا دفاتر پیشخوان نیستند");
        }
        duplicates(channels).forEach(function (i) { add(loc.concat(["channels", i]), "duplicate-item", "گزینهٔ «" + channels[i] + "» تکراری است"); });
        if (get(st, "channel_other") !== null && channels.indexOf("other") < 0 && channels.indexOf("similar_offices") < 0) add(loc.concat(["channel_other"]), "other-text-without-other", "channel_other آمده اما channels گزینهٔ other یا similar_offices ندارد");
        var ip = get(st, "in_person");
        if (ip !== null && bool(st.non_electronic) === false) add(loc.concat(["in_person"]), "in-person-on-electronic", "ضرورت مراجعهٔ حضوری فقط در مرحلهٔ غیرالکترونیکی (non_electronic: true) می‌آید");
        if (ip !== null && get(ip, "reason_other") !== null && (ip.reasons || []).indexOf("other") < 0) add(loc.concat(["in_person", "reason_other"]), "other-text-without-other", "reason_other آمده اما reasons گزینهٔ other ندارد");
      });
    }
    var n = (s.processes || []).length;
    (s.process_flow || []).forEach(function (edge, i) {
      edge.forEach(function (end, j) {
        var e = Number(end);
        if (e > n) add(["process_flow", i, j], "flow-out-of-range", n ? "انتظار می‌رفت شمارهٔ فرایندی بین 1 و " + n + "، اما " + BigInt(end) + " آمده است" : "یال به فرایند " + BigInt(end) + " اشاره می‌کند اما processes فرایندی ندارد");
      });
    });
  }

  function licenceProblems(rules, r, add) {
    ["applicants", "supervisors", "prerequisites"].forEach(function (name) {
      duplicates(r[name]).forEach(function (i) { add([name, i], "duplicate-item", "گزینهٔ «" + r[name][i] + "» تکراری است"); });
    });
    ["applicants", "actions"].forEach(function (name) {
      if (Array.isArray(r[name]) && r[name].length === 0) add([name], "empty-list", "انتظار می‌رفت دست‌کم یک گزینه، اما فهرست خالی آمده است؛ برای «اعلام نشده» null بنویسید");
    });
    var seen = {};
    (r.actions || []).forEach(function (action, i) {
      var loc = ["actions", i];
      if (Object.prototype.hasOwnProperty.call(seen, action.type)) {
        add(loc.concat(["type"]), "duplicate-action", "اقدام «" + rules.vocabLabel("ActionType", action.type) + "» (" + action.type + ") دو بار آمده است: actions[" + seen[action.type] + "] و actions[" + i + "]");
      } else seen[action.type] = i;
      if (get(action, "cost_rials") !== null && get(action, "fees") !== null) add(loc.concat(["fees"]), "cost-and-fees", "یا cost_rials یا fees؛ هر دو با هم نمی‌آیند");
      var has = !!(action.inquiries && action.inquiries.length), process = get(action, "process");
      if (process === "shared" && !has) add(loc.concat(["process"]), "shared-without-inquiries", "فرایند مشترک (process: shared) باید دست‌کم یک استعلام (inquiries، فرم شماره ۲) داشته باشد");
      if (has && process !== "shared") add(loc.concat(["inquiries"]), "inquiries-without-shared", "استعلام فقط در فرایند مشترک می‌آید؛ انتظار می‌رفت process: shared، اما " + (process || "null") + " آمده است");
    });
  }

  /** Placeholders of `site-gen new` and labels written as values (record._unfilled). */
  function unfilled(rules, model, data, add) {
    function fill(loc) {
      var holder = typeof loc[loc.length - 1] === "string" ? rules.modelAt(model, loc.slice(0, -1)) : null;
      var f = holder !== null ? rules.field(holder, loc[loc.length - 1]) : null;
      return f && f.required ? "مقدار را بنویسید" : "مقدار را بنویسید یا برای «اعلام نشده» null بگذارید";
    }
    (function walk(v, loc) {
      if (typeof v === "string") {
        if (v.indexOf(rules.t.placeholder_mark) >= 0) add(loc, "placeholder", "«" + v + "» متن نمونهٔ site-gen new است، نه مقدار؛ " + fill(loc));
        else if (rules.labels.has(pyStrip(v)) && loc.length && pyStrip(v) === rules.fieldLabel(model, loc)) add(loc, "label-as-value", "«" + v + "» برچسب همین فیلد است، نه مقدار آن؛ " + fill(loc));
      } else if (isObj(v)) Object.keys(v).forEach(function (k) { walk(v[k], loc.concat([k])); });
      else if (Array.isArray(v)) v.forEach(function (x, i) { walk(x, loc.concat([i])); });
    })(data, []);
  }

  /** Form fields not stated (what `validate --complete` reports). */
  function notStated(rules, kind, r, add) {
    function form(model, rec, loc, skip) {
      rules.model(model).fields.forEach(function (f) {
        if (!f.form || (skip && skip.indexOf(f.key) >= 0)) return;
        var stated = get(rec, f.key) !== null;
        if (f.key === "cost_rials" && (model === "Action" || model === "Inquiry") && rec.fees && rec.fees.length) stated = true;
        if (!stated) add(loc.concat([f.key]), "not-stated", "فیلد فرم «" + f.label + "» اعلام نشده است؛ شناسنامهٔ جدید باید همهٔ فیلدهای فرم را داشته باشد");
      });
    }
    if (kind === "service") {
      var a = get(r, "access"), electronic = a !== null && ["information", "request", "production", "delivery"].some(function (s) { return get(a, s) !== null && bool(a[s].electronic); });
      form("Service", r, [], electronic ? [] : ["website", "system_name"]);
    } else if (kind === "licence") {
      form("Licence", r, []);
      (r.actions || []).forEach(function (action, i) {
        form("Action", action, ["actions", i]);
        (action.inquiries || []).forEach(function (q, j) { form("Inquiry", q, ["actions", i, "inquiries", j]); });
      });
    }
  }

  /**
   * Every diagnostic of one record's text: [{path, code, message, severity, line, column}].
   * `context.folder`: the agency folder the file sits in (defaults to the record's own);
   * `context.complete`: also the form fields not stated.
   */
  function check(rules, kind, src, context) {
    context = context || {};
    currentSrc = src;
    var loaded = load(src), out = loaded.diagnostics.slice();
    if (loaded.data === null) return { diagnostics: out, data: null, doc: loaded.doc };
    var data = loaded.data, model = rules.t.kinds[kind];
    function at(loc) {
      var node = nodeAt(loaded.doc.contents, loc), lc = lineCol(src, node && node.range ? node.range[0] : 0);
      return lc;
    }
    function add(loc, code, message) {
      var lc = at(loc);
      out.push({ path: dotted(loc), code: code, message: message, severity: rules.t.codes[code] && rules.t.codes[code].warning ? "warning" : "error", line: lc[0], column: lc[1] });
    }
    unfilled(rules, model, data, add);
    var errors = [];
    new Checker(rules, errors).model(model, data, []);
    errors.forEach(function (e) {
      var t = rules.translate(model, e);
      var lc = e.type === "extra_forbidden" ? lineCol(src, (keyNodeAt(loaded.doc.contents, e.loc) || { range: [0] }).range[0]) : at(e.loc);
      out.push({ path: dotted(e.loc), code: t[0], message: t[1], severity: "error", line: lc[0], column: lc[1] });
    });
    if (!errors.length) {
      if (kind === "service") serviceProblems(rules, data, add);
      if (kind === "licence") licenceProblems(rules, data, add);
      var folder = context.folder;
      if (kind === "agency") {
        if (folder && data.slug !== folder) add(["slug"], "slug-mismatch", "انتظار می‌رفت slug برابر نام پوشه " + reprStr(folder) + " باشد، اما " + reprStr(data.slug) + " آمده است");
        if (data.parent !== null && data.parent !== undefined && (data.parent === data.slug || data.parent === data.name)) add(["parent"], "parent-is-self", "دستگاه مادر نمی‌تواند خود دستگاه (" + reprStr(data.parent) + ") باشد");
      } else if (folder && data.agency !== folder) {
        var top = kind === "service" ? "cards" : "licenses";
        add(["agency"], "agency-mismatch", "انتظار می‌رفت agency برابر نام پوشه " + reprStr(folder) + " باشد (" + top + "/" + folder + "/)، اما " + reprStr(data.agency) + " آمده است");
      }
    }
    if (context.complete && kind !== "agency") notStated(rules, kind, data, add);
    return { diagnostics: out, data: data, doc: loaded.doc };
  }

  function nodeAt(node, loc) {
    for (var i = 0; i < loc.length; i++) {
      var part = loc[i];
      if (typeof part === "string" && part.indexOf("-") >= 0) continue;
      if (YAML.isMap(node) && typeof part === "string") {
        var found = null;
        node.items.forEach(function (p) { if (!found && YAML.isScalar(p.key) && String(p.key.value) === part) found = p; });
        if (!found) return node;
        node = found.value || found.key;
      } else if (YAML.isSeq(node) && typeof part === "number" && part < node.items.length) node = node.items[part];
      else return node;
    }
    return node;
  }

  function keyNodeAt(node, loc) {
    var parent = nodeAt(node, loc.slice(0, -1)), k = loc[loc.length - 1], out = null;
    if (YAML.isMap(parent)) parent.items.forEach(function (p) { if (!out && YAML.isScalar(p.key) && String(p.key.value) === k) out = p.key; });
    return out;
  }

  root.CatalogueRules = {
    Rules: Rules,
    load: function (src) { currentSrc = src; return load(src); },
    check: check,
    dotted: dotted,
    reprStr: reprStr,
    fmtG: fmtG,
  };
})(typeof window !== "undefined" ? window : globalThis);
