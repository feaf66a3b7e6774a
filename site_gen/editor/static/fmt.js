/* `site-gen fmt` in the browser: the same bytes as site_gen/fmt.py for the same file.
 *
 * A port of site_gen/fmt.py over the yaml library's node tree (ranges in the source) and its
 * lexer (the comments): keys in the model's order, `null` written out, a value plain only where
 * every YAML reader reads it back as the same text, otherwise in double quotes; flow collections
 * stay flow when they fit on their line; block scalars are copied re-indented; comments stay
 * with the key or item they were written next to. tests/test_editor.py compares the output with
 * fmt's over every sample record.
 */
(function (root) {
  "use strict";

  var YAML = root.YAML;
  var R = root.CatalogueRules;

  var AMBIGUOUS = new RegExp("^(?:" + [
    "y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF",
    "null|Null|NULL|~|=|<<|[-+]?(?:0|[1-9][0-9_]*)|0[0-7_]+|0x[0-9a-fA-F_]+|0b[01_]+|0o[0-7]+",
    "[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\\.[0-9_]*)?|[-+]?(?:[0-9][0-9_]*)?\\.[0-9_]*(?:[eE][-+]?[0-9]+)?",
    "[-+]?[0-9][0-9_]*[eE][-+]?[0-9]+",
    "[-+]?\\.(?:inf|Inf|INF)|\\.(?:nan|NaN|NAN)|[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:[Tt ][\\s\\S]*)?",
  ].join("|") + ")$");
  var INT_RE = /^-?[0-9]+$/;
  var NUMBER_RE = /^-?[0-9]+(?:\.[0-9]+)?$/;
  var NUMERIC_LIKE_RE = /^[\s0-9۰-۹٠-٩+\-/.,()]*$/;
  var INDICATORS = "-?:,[]{}#&*!|>'\"%@`";
  var ESCAPE = /[\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff\ud800-\udfff\ufffe\uffff"\\]/u;
  var ESCAPE_G = /[\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff\ud800-\udfff\ufffe\uffff"\\]/gu;
  var NAMED = { "\n": "\\n", "\t": "\\t", "\r": "\\r", '"': '\\"', "\\": "\\\\", "\x00": "\\0" };
  var BLOCK_HEADER = /^([|>])([-+]?)[ \t]*(#.*)?$/;
  var SHORT_DATE = /^([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})$/;

  function hex4(n) { var s = n.toString(16).toUpperCase(); while (s.length < 4) s = "0" + s; return s; }

  function quoted(value) {
    return '"' + value.replace(ESCAPE_G, function (c) {
      if (NAMED[c]) return NAMED[c];
      var n = c.codePointAt(0);
      return n <= 0xffff ? "\\u" + hex4(n) : "\\U" + ("0000" + hex4(n)).slice(-8);
    }) + '"';
  }

  function plainOk(value, flow) {
    if (!value || value !== value.trim() || value !== value.replace(/^\s+|\s+$/g, "") || ESCAPE.test(value.replace(/["\\]/g, "")) || value.indexOf("\t") >= 0) return false;
    if (INDICATORS.indexOf(value.charAt(0)) >= 0 || value.indexOf(": ") >= 0 || value.indexOf(" #") >= 0 || value.slice(-1) === ":") return false;
    if (flow && /[,[\]{}?]/.test(value)) return false;  // PyYAML cannot read "?" in a plain scalar of a flow collection
    var numeric = NUMERIC_LIKE_RE.test(value) && /\p{Nd}/u.test(value);
    return !(AMBIGUOUS.test(value) || numeric);
  }

  function paddedDate(v) {
    var m = SHORT_DATE.exec(v);
    return m ? m[1] + "-" + ("0" + parseInt(m[2], 10)).slice(-2) + "-" + ("0" + parseInt(m[3], 10)).slice(-2) : v;
  }

  function scalar(value, expect, flow) {
    if (value === null) return "null";
    var s = expect.scalars;
    if (s.date) value = paddedDate(value);
    if ((s.bool && (value === "true" || value === "false")) || (s.int && INT_RE.test(value)) || (s.float && NUMBER_RE.test(value))) return value;
    return plainOk(value, flow) ? value : quoted(value);
  }

  function key(k) { return plainOk(k, true) ? k : quoted(k); }

  // --- what the model expects where ---------------------------------------------------------

  function expectOf(desc) {
    var out = { model: null, scalars: {} };
    (function walk(d) {
      if (!d) return;
      switch (d.t) {
        case "date": out.scalars.date = 1; out.scalars.str = 1; break;
        case "bool": out.scalars.bool = 1; break;
        case "int": out.scalars.int = 1; break;
        case "number": out.scalars.float = 1; break;
        case "list": walk(d.of); break;
        case "tuple": d.of.forEach(walk); break;
        case "union": walk(d.text); walk(d.mapping); break;
        case "model": if (!out.model) out.model = d.m; break;
        default: out.scalars.str = 1;
      }
    })(desc);
    return out;
  }

  var NONE = { model: null, scalars: {} };

  function child(rules, expect, k) {
    if (!expect.model) return NONE;
    var f = rules.field(expect.model, k);
    return f ? expectOf(f.type) : NONE;
  }

  // --- the tree with its comments -------------------------------------------------------------

  function Tree(rules, src, doc, data, model) {
    this.rules = rules;
    this.src = src;
    this.lineStarts = [0];
    for (var i = 0; i < src.length; i++) if (src.charCodeAt(i) === 10) this.lineStarts.push(i + 1);
    this.entries = [];
    this.root = this.mapping(doc.contents, data, { model: model, scalars: {} }, 0);
    this.header = [];
    this.trailer = [];
    this.attach();
  }

  Tree.prototype.lineOf = function (index) {
    var lo = 0, hi = this.lineStarts.length;
    while (lo < hi) { var mid = (lo + hi) >> 1; if (this.lineStarts[mid] <= index) lo = mid + 1; else hi = mid; }
    return lo - 1;
  };

  function lastCharIndex(src, start, end) {
    var i = end - 1;
    while (i > start && " \t\r\n".indexOf(src.charAt(i)) >= 0) i--;
    return Math.max(i, start);
  }

  function nodeStart(node, fallback) { return node && node.range ? node.range[0] : fallback; }
  function nodeEnd(node, fallback) { return node && node.range ? node.range[1] : fallback; }

  Tree.prototype.entry = function (k, start, node, value, expect, depth) {
    var ns = nodeStart(node, start), ne = nodeEnd(node, start);
    var endLine = ne > ns ? this.lineOf(lastCharIndex(this.src, ns, ne)) : this.lineOf(start);
    var e = { key: k, start: start, endLine: endLine, node: node, value: value, expect: expect, depth: depth, children: [], leading: [], eol: null };
    this.entries.push(e);
    if (YAML.isMap(node)) e.children = this.mapping(node, value, expect, depth + 1);
    else if (YAML.isSeq(node)) e.children = this.sequence(node, value, expect, depth + 1);
    return e;
  };

  Tree.prototype.mapping = function (node, data, expect, depth) {
    var self = this;
    return node.items.map(function (pair) {
      var k = String(pair.key.value);
      return self.entry(k, pair.key.range[0], pair.value, data[k], child(self.rules, expect, k), depth);
    });
  };

  Tree.prototype.sequence = function (node, data, expect, depth) {
    var self = this;
    return node.items.map(function (item, i) { return self.entry(null, nodeStart(item, 0), item, data[i], expect, depth); });
  };

  var CONTROL = { "\u0002": 1, "\u0018": 1, "\u001f": 1, "\ufeff": 1 };

  Tree.prototype.attach = function () {
    var src = this.src, self = this;
    // the comments and where each line has content, from the lexer's tokens
    var comments = {}, content = {}, off = 0;
    for (var tok of new YAML.Lexer().lex(src)) {
      if (tok.length === 1 && CONTROL[tok]) continue;
      var type = YAML.CST.tokenType(tok);
      if (type === "comment") { var ln = this.lineOf(off); if (comments[ln] === undefined) comments[ln] = off; }
      else if (type !== "space" && type !== "newline" && /\S/.test(tok)) {
        var first = off + tok.search(/\S/), last = lastCharIndex(src, off, off + tok.length);
        if (tok.charAt(0) === "|" || tok.charAt(0) === ">") {
          var header = tok.split("\n")[0];
          if (header.split("#")[0].indexOf("+") < 0) last = lastCharIndex(src, off, off + tok.length);
          else last = off + tok.length - 1;
        }
        for (var l = this.lineOf(first); l <= this.lineOf(last); l++) {
          // a line of a block scalar's body that holds only spaces is not content
          var ls = this.lineStarts[l], le = src.indexOf("\n", ls); if (le < 0) le = src.length;
          if (/\S/.test(src.slice(Math.max(ls, first), Math.min(le, last + 1)))) content[l] = 1;
        }
      }
      off += tok.length;
    }
    var trivia = [], eols = [];
    this.lineStarts.forEach(function (ls, n) {
      var le = src.indexOf("\n", ls); if (le < 0) le = src.length;
      var line = src.slice(ls, le);
      var hashAt = comments[n] !== undefined ? comments[n] - ls : -1;
      if (!content[n]) {
        if (hashAt >= 0) trivia.push([ls, line.slice(hashAt).replace(/\s+$/, "")]);
        else if (line.trim() === "") trivia.push([ls, ""]);
      } else if (hashAt >= 0) {
        var before = line.slice(0, hashAt);
        var gap = before.slice(before.replace(/\s+$/, "").length).replace(/\t/g, " ") || " ";
        eols.push([n, ls + hashAt, gap, line.slice(hashAt).replace(/\s+$/, "")]);
      }
    });
    this.entries.forEach(function (e) {
      var node = e.node;
      if (YAML.isScalar(node) && (node.type === "BLOCK_LITERAL" || node.type === "BLOCK_FOLDED")) {
        var s = node.range[0], nl = src.indexOf("\n", s);
        var first = src.slice(s, nl < 0 ? src.length : nl);
        var m = BLOCK_HEADER.exec(first.replace(/\r$/, ""));
        if (m && m[3]) {
          var gap = first.slice(0, first.indexOf("#"));
          gap = gap.slice(gap.replace(/\s+$/, "").length) || " ";
          e.eol = [gap, m[3].replace(/\s+$/, "")];
        }
      }
    });
    var ordered = this.entries.slice().sort(function (a, b) { return a.start - b.start || a.depth - b.depth; });
    var starts = ordered.map(function (e) { return e.start; });
    var byLine = {}, byEnd = {};
    ordered.forEach(function (e) { var l = self.lineOf(e.start); (byLine[l] = byLine[l] || []).push(e); (byEnd[e.endLine] = byEnd[e.endLine] || []).push(e); });
    eols.forEach(function (x) {
      var ln = x[0], target = null;
      var here = (byLine[ln] || []).filter(function (e) { return e.eol === null; });
      var complete = here.filter(function (e) { return e.endLine === ln; });
      if (complete.length) {
        var top = Math.min.apply(null, complete.map(function (e) { return e.depth; }));
        var tops = complete.filter(function (e) { return e.depth === top; });
        target = tops[tops.length - 1];
      } else if (here.length) target = here[here.length - 1];
      else {
        var ending = (byEnd[ln] || []).filter(function (e) { return e.eol === null; });
        ending.forEach(function (e) { if (!target || e.depth > target.depth || (e.depth === target.depth && e.start > target.start)) target = e; });
      }
      if (target === null) trivia.push([x[1], x[3]]);
      else target.eol = [x[2], x[3]];
    });
    trivia.sort(function (a, b) { return a[0] - b[0] || (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0); });
    var firstStart = starts.length ? starts[0] : src.length + 1;
    var head = trivia.filter(function (t) { return t[0] < firstStart; }).map(function (t) { return t[1]; });
    var rest = [];
    if (head.length && head.indexOf("") >= 0) {
      var cut = head.lastIndexOf("") + 1;
      this.header = head.slice(0, cut); rest = head.slice(cut);
    } else { this.header = head; }
    if (ordered.length) ordered[0].leading = ordered[0].leading.concat(rest);
    trivia.forEach(function (t) {
      if (t[0] < firstStart) return;
      var lo = 0, hi = starts.length;
      while (lo < hi) { var mid = (lo + hi) >> 1; if (starts[mid] <= t[0]) lo = mid + 1; else hi = mid; }
      if (lo < ordered.length) ordered[lo].leading.push(t[1]);
      else self.trailer.push(t[1]);
    });
  };

  // --- writing --------------------------------------------------------------------------------

  function Writer(tree, safe, model) { this.tree = tree; this.safe = safe; this.lines = []; this.rootModel = model; }

  Writer.prototype.ordered = function (e, children) {
    var model = e ? e.expect.model : this.rootModel;
    if (!model || !children.length || children[0].key === null) return children;
    var order = {};
    this.tree.rules.model(model).fields.forEach(function (f, i) { order[f.key] = i; });
    var n = Object.keys(order).length;
    return children.map(function (c, i) { return [c, i]; }).sort(function (a, b) {
      var x = order[a[0].key] !== undefined ? order[a[0].key] : n, y = order[b[0].key] !== undefined ? order[b[0].key] : n;
      return x - y || a[1] - b[1];
    }).map(function (p) { return p[0]; });
  };

  Writer.prototype.flowOk = function (e) {
    var node = e.node, self = this;
    if (!(YAML.isMap(node) || YAML.isSeq(node)) || !e.children.length) return true;
    if (!node.flow || this.tree.lineOf(node.range[0]) !== e.endLine) return false;
    return e.children.every(function (c) { return !c.leading.length && c.eol === null && self.flowOk(c); });
  };

  Writer.prototype.flow = function (e) {
    var self = this;
    if (YAML.isMap(e.node)) return "{" + this.ordered(e, e.children).map(function (c) { return key(c.key || "") + ": " + self.flow(c); }).join(", ") + "}";
    if (YAML.isSeq(e.node)) return "[" + e.children.map(function (c) { return self.flow(c); }).join(", ") + "]";
    return scalar(e.value, e.expect, true);
  };

  Writer.prototype.trivia = function (items, indent) {
    var self = this;
    items.forEach(function (t) {
      if (t === "") { if (self.lines.length && self.lines[self.lines.length - 1] !== "") self.lines.push(""); }
      else self.lines.push(" ".repeat(indent) + t);
    });
  };

  Writer.prototype.comment = function (e) { return e.eol ? e.eol[0] + e.eol[1] : ""; };

  function foldArabic(s) { return s.replace(/ي/g, "ی").replace(/ك/g, "ک"); }
  function asciiDigits(t) {
    return t.replace(/[۰-۹]/g, function (d) { return String(d.charCodeAt(0) - 0x6f0); }).replace(/[٠-٩]/g, function (d) { return String(d.charCodeAt(0) - 0x660); });
  }

  Writer.prototype.blockScalar = function (e, indent) {
    var node = e.node, src = this.tree.src;
    if (this.safe || !YAML.isScalar(node) || (node.type !== "BLOCK_LITERAL" && node.type !== "BLOCK_FOLDED") || e.value === null) return null;
    var start = node.range[0], nl = src.indexOf("\n", start);
    if (nl < 0) return null;
    var m = BLOCK_HEADER.exec(src.slice(start, nl).replace(/\r$/, ""));
    if (!m) return null;
    var folded = foldArabic(String(node.value)), digits;
    if (folded === e.value) digits = false;
    else if (asciiDigits(folded) === e.value) digits = true;
    else return null;
    function fix(s) { s = foldArabic(s); return digits ? asciiDigits(s) : s; }
    var body = src.slice(nl + 1, node.range[1]).split("\n").map(function (l) { return l.replace(/\r$/, ""); });
    while (body.length && body[body.length - 1].trim() === "") body.pop();
    if (!body.length) return null;
    var width = Math.min.apply(null, body.filter(function (x) { return x.trim(); }).map(function (x) { return x.length - x.replace(/^ +/, "").length; }));
    var out = [m[1] + m[2]];
    body.forEach(function (line) { out.push(line.trim() ? " ".repeat(indent) + fix(line.slice(width)) : ""); });
    return out;
  };

  Writer.prototype.newBlock = function (e, indent) {
    var v = e.value;
    if (typeof v !== "string" || v.replace(/\n+$/, "").indexOf("\n") < 0 || ESCAPE.test(v.replace(/[\n"\\]/g, ""))) return null;
    var lines = v.split("\n");
    if (/\n\n$/.test(v) || !v.trim() || lines[0].charAt(0) === " " || lines.some(function (x) { return x !== x.replace(/[ \t]+$/, "") || x.indexOf("\t") >= 0; })) return null;
    var keep = /\n$/.test(v), body = keep ? lines.slice(0, -1) : lines;
    return ["|" + (keep ? "" : "-")].concat(body.map(function (x) { return x ? " ".repeat(indent) + x : ""; }));
  };

  Writer.prototype.valueInline = function (e, indent) {
    if (YAML.isMap(e.node) || YAML.isSeq(e.node)) return this.flowOk(e) ? [this.flow(e), []] : null;
    var style = e.node && e.node.type;
    if (typeof e.value === "string" && (e.value.indexOf("\n") >= 0 || style === "BLOCK_LITERAL" || style === "BLOCK_FOLDED")) {
      var block = this.blockScalar(e, indent) || this.newBlock(e, indent);
      if (block) return [block[0], block.slice(1)];
    }
    return [scalar(e.value, e.expect, false), []];
  };

  Writer.prototype.entriesOut = function (parent, children, indent, firstPrefix) {
    var self = this;
    this.ordered(parent, children).forEach(function (c, n) {
      var prefix = " ".repeat(indent);
      if (n === 0 && firstPrefix !== undefined) prefix = firstPrefix;
      else self.trivia(c.leading, indent);
      if (c.key !== null) {
        var head = prefix + key(c.key) + ":";
        var inline = self.valueInline(c, indent + 2);
        if (inline) {
          self.lines.push(head + " " + inline[0] + self.comment(c));
          self.lines.push.apply(self.lines, inline[1]);
          return;
        }
        self.lines.push(head + self.comment(c));
        if (YAML.isMap(c.node)) self.entriesOut(c, c.children, indent + 2);
        else self.items(c, indent + 2);
      } else self.item(c, indent, prefix);
    });
  };

  Writer.prototype.item = function (c, indent, prefix) {
    var inline = this.valueInline(c, indent + 2);
    if (inline) {
      this.lines.push(prefix + "- " + inline[0] + this.comment(c));
      this.lines.push.apply(this.lines, inline[1]);
      return;
    }
    if (c.eol) this.lines.push(prefix + c.eol[1]);
    this.trivia(this.firstLeading(c), indent);
    var dash = (prefix.trim() === "" ? " ".repeat(indent) : prefix) + "- ";
    if (YAML.isMap(c.node)) this.entriesOut(c, c.children, indent + 2, dash);
    else this.items(c, indent + 2, dash);
  };

  Writer.prototype.firstLeading = function (c) {
    var ordered = this.ordered(c, c.children);
    if (!ordered.length) return [];
    var first = ordered[0];
    return first.leading.concat(first.key === null && !this.flowOk(first) ? this.firstLeading(first) : []);
  };

  Writer.prototype.items = function (parent, indent, firstPrefix) {
    var self = this;
    parent.children.forEach(function (c, n) {
      if (n === 0 && firstPrefix !== undefined) self.item(c, indent, firstPrefix);
      else { self.trivia(c.leading, indent); self.item(c, indent, " ".repeat(indent)); }
    });
  };

  function render(tree, model, safe) {
    var w = new Writer(tree, safe, model);
    w.trivia(tree.header, 0);
    w.entriesOut(null, tree.root, 0);
    w.trivia(tree.trailer, 0);
    while (w.lines.length && w.lines[w.lines.length - 1] === "") w.lines.pop();
    while (w.lines.length && w.lines[0] === "") w.lines.shift();
    return w.lines.join("\n") + "\n";
  }

  function padDates(v) {
    if (typeof v === "string") return paddedDate(v);
    if (Array.isArray(v)) return v.map(padDates);
    if (v && typeof v === "object") { var o = {}; Object.keys(v).forEach(function (k) { o[k] = padDates(v[k]); }); return o; }
    return v;
  }

  /** Python's == on loaded data: mappings compare without their order. */
  function same(a, b) {
    if (a === b) return true;
    if (a === null || b === null || typeof a !== "object" || typeof b !== "object" || Array.isArray(a) !== Array.isArray(b)) return false;
    if (Array.isArray(a)) return a.length === b.length && a.every(function (x, i) { return same(x, b[i]); });
    var ka = Object.keys(a), kb = Object.keys(b);
    return ka.length === kb.length && ka.every(function (k) { return Object.prototype.hasOwnProperty.call(b, k) && same(a[k], b[k]); });
  }

  /** fmt.format_text: the normalised text, or throws {refused: diagnostics}. */
  function format(rules, kind, src) {
    var loaded = R.load(src);
    if (loaded.data === null) {
      throw { refused: loaded.diagnostics.filter(function (d) { return d.severity === "error"; }) };
    }
    var model = rules.t.kinds[kind];
    for (var pass = 0; pass < 2; pass++) {
      var tree = new Tree(rules, src, loaded.doc, loaded.data, model);
      var out = render(tree, model, pass === 1);
      var back = R.load(out);
      var fixable = back.diagnostics.some(function (d) { return d.severity === "error" || d.code === "arabic-letters" || d.code === "non-ascii-digits"; });
      if ((same(back.data, loaded.data) || same(padDates(back.data), padDates(loaded.data))) && !fixable) return out;
    }
    throw { refused: [{ line: 1, column: 1, code: "fmt-unsafe", path: "", message: "پرونده خوانا است، اما قالب‌بندی خودکار آن داده را تغییر می‌داد؛ پرونده دست‌نخورده ماند" }] };
  }

  /**
   * YAML text for edited data: block style, every text in double quotes, flow style kept where
   * the original file had it (`flowPaths`), the original's header comments first; then format()
   * writes it as fmt would.
   */
  function emit(data, header, flowPaths) {
    var lines = header.slice();
    function flowText(v) {
      if (v === null) return "null";
      if (typeof v === "string") return quoted(v);
      if (Array.isArray(v)) return "[" + v.map(flowText).join(", ") + "]";
      return "{" + Object.keys(v).map(function (k) { return quoted(k) + ": " + flowText(v[k]); }).join(", ") + "}";
    }
    function block(v, indent, path, prefix) {
      var pad = " ".repeat(indent);
      if (Array.isArray(v)) {
        v.forEach(function (x, i) {
          var p = path + "[" + i + "]";
          if (x !== null && typeof x === "object" && Object.keys(x).length && !flowPaths[p]) {
            if (Array.isArray(x)) { lines.push(pad + "-"); block(x, indent + 2, p); }
            else block(x, indent + 2, p, pad + "- ");
          } else lines.push(pad + "- " + flowText(x));
        });
        return;
      }
      Object.keys(v).forEach(function (k, n) {
        var x = v[k], p = path ? path + "." + k : k, lead = n === 0 && prefix !== undefined ? prefix : pad;
        if (x !== null && typeof x === "object" && Object.keys(x).length && !flowPaths[p]) {
          lines.push(lead + quoted(k) + ":");
          block(x, indent + (Array.isArray(x) ? 2 : 2), p);
        } else lines.push(lead + quoted(k) + ": " + flowText(x));
      });
    }
    block(data, 0, "");
    return lines.join("\n") + "\n";
  }

  /** Where the original file wrote a collection in flow style, and its header comments. */
  function styleOf(src) {
    var flowPaths = {}, header = [];
    var loaded = R.load(src);
    if (!loaded.doc) return { flowPaths: flowPaths, header: header };
    (function walk(node, path) {
      if (YAML.isMap(node)) {
        if (node.flow) flowPaths[path] = 1;
        node.items.forEach(function (p) { if (YAML.isScalar(p.key)) walk(p.value, path ? path + "." + p.key.value : String(p.key.value)); });
      } else if (YAML.isSeq(node)) {
        if (node.flow) flowPaths[path] = 1;
        node.items.forEach(function (x, i) { walk(x, path + "[" + i + "]"); });
      }
    })(loaded.doc.contents, "");
    var lines = src.split("\n");
    for (var i = 0; i < lines.length && /^\s*(#|$)/.test(lines[i]); i++) header.push(lines[i].replace(/\s+$/, ""));
    return { flowPaths: flowPaths, header: header };
  }

  root.CatalogueFmt = { format: format, emit: emit, styleOf: styleOf, quoted: quoted };
})(typeof window !== "undefined" ? window : globalThis);
