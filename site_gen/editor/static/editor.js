/* The card editor (/editor/): a form built from the rule table, in the printed form's order.
 *
 * State is the record as the loader reads it (text, null, lists, mappings); every change runs
 * the validator's rules (validate.js) and the output is fmt's bytes (fmt.js). Card text reaches
 * the page only through textContent and form values, never as markup.
 *
 * Contract for tests: window.catalogueEditor = { ready, load(yamlText, path?), errors(),
 * toYaml(), set(path, value) }; errors() and toYaml() return promises.
 */
(function () {
  "use strict";

  var R = window.CatalogueRules, F = window.CatalogueFmt;
  var KINDS = { service: "شناسنامهٔ خدمت", licence: "مجوز", agency: "دستگاه" };
  var DRAFT = "catalogue-editor-draft:";
  var rules = null;
  var state = { kind: "service", folder: "", rel: "", data: {}, source: null, header: [], flowPaths: {} };
  var box, formEl, errorsEl, previewEl, statusEl, unknownEl;
  var readyResolve;
  var ready = new Promise(function (r) { readyResolve = r; });

  // --- small helpers ------------------------------------------------------------------------

  function el(tag, attrs, children) {
    var e = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === "text") e.textContent = attrs[k];
      else if (k.slice(0, 2) === "on") e.addEventListener(k.slice(2), attrs[k]);
      else if (attrs[k] !== null && attrs[k] !== undefined && attrs[k] !== false) e.setAttribute(k, attrs[k] === true ? "" : attrs[k]);
    });
    (children || []).forEach(function (c) { if (c) e.appendChild(typeof c === "string" ? document.createTextNode(c) : c); });
    return e;
  }

  /** Today's Solar Hijri date as YYYY-MM-DD (the browser's Persian calendar, Asia/Tehran). */
  function jalaliToday() {
    var parts = {};
    new Intl.DateTimeFormat("en-US-u-ca-persian-nu-latn", { timeZone: "Asia/Tehran", year: "numeric", month: "2-digit", day: "2-digit" })
      .formatToParts(new Date()).forEach(function (p) { parts[p.type] = p.value; });
    return parseInt(parts.year, 10) + "-" + parts.month + "-" + parts.day;
  }

  function digits(s) { return String(s).replace(/[0-9]/g, function (d) { return "۰۱۲۳۴۵۶۷۸۹"[d]; }); }

  /** "a.b[2].c" → ["a", "b", 2, "c"] */
  function parsePath(p) {
    var out = [];
    String(p).replace(/([^.[\]]+)|\[(\d+)\]/g, function (_, k, i) { out.push(i !== undefined ? parseInt(i, 10) : k); });
    return out;
  }

  function dotted(loc) { return R.dotted(loc); }
  function idOf(loc) { return "f-" + dotted(loc).replace(/[^A-Za-z0-9_-]/g, "_"); }

  function getAt(obj, loc) {
    for (var i = 0; i < loc.length; i++) { if (obj === null || typeof obj !== "object") return undefined; obj = obj[loc[i]]; }
    return obj;
  }

  function setAt(loc, value) {
    if (!loc.length) { state.data = value; return; }
    var obj = state.data;
    for (var i = 0; i < loc.length - 1; i++) {
      if (obj[loc[i]] === null || typeof obj[loc[i]] !== "object") obj[loc[i]] = typeof loc[i + 1] === "number" ? [] : {};
      obj = obj[loc[i]];
    }
    var last = loc[loc.length - 1];
    if (value === undefined) { if (Array.isArray(obj)) obj.splice(last, 1); else delete obj[last]; }
    else obj[last] = value;
  }

  function modelOf(kind) { return rules.t.kinds[kind]; }

  // --- text, errors and output --------------------------------------------------------------

  function currentText() {
    if (state.source !== null) {
      var loaded = R.load(state.source);
      if (loaded.data !== null && sameData(loaded.data, state.data)) return state.source;
      if (loaded.data === null && state.untouched) return state.source;
    }
    return F.emit(state.data, state.header, state.flowPaths);
  }

  function sameData(a, b) { return JSON.stringify(sortKeys(a)) === JSON.stringify(sortKeys(b)); }
  function sortKeys(v) {
    if (Array.isArray(v)) return v.map(sortKeys);
    if (v && typeof v === "object") { var o = {}; Object.keys(v).sort().forEach(function (k) { o[k] = sortKeys(v[k]); }); return o; }
    return v;
  }

  function diagnostics(complete) {
    return R.check(rules, state.kind, currentText(), { folder: state.folder, complete: !!complete }).diagnostics;
  }

  function yamlOut() {
    var text = currentText();
    try { return F.format(rules, state.kind, text); } catch (e) { return text; }
  }

  // --- loading --------------------------------------------------------------------------------

  function guessKind(data, path) {
    if (path) {
      if (/(^|\/)_agency\.yaml$/.test(path)) return "agency";
      if (/^licenses\//.test(path)) return "licence";
      if (/^cards\//.test(path)) return "service";
    }
    if (data && typeof data === "object") {
      if ("slug" in data && "name" in data && !("title" in data)) return "agency";
      if ("actions" in data || "applicants" in data || "issuing_unit" in data || "legal_basis" in data) return "licence";
    }
    return "service";
  }

  function loadText(text, path) {
    var loaded = R.load(text);
    var kind = guessKind(loaded.data, path);
    var style = F.styleOf(text);
    state = {
      kind: kind, rel: path || "", source: text, untouched: true,
      folder: path ? (path.split("/")[1] || "") : "",
      data: loaded.data || {}, header: style.header, flowPaths: style.flowPaths,
    };
    if (!state.folder && loaded.data) state.folder = kind === "agency" ? (loaded.data.slug || "") : (loaded.data.agency || "");
    state.broken = loaded.data === null;
    if (state.broken) status("این پرونده خطای نحوی دارد و فرم آن ساخته نشد؛ خطاها را در فهرست بالا ببینید و متن را همین‌جا درست کنید.");
    render();
  }

  function newRecord(kind) {
    state = {
      kind: kind, rel: "", source: null, untouched: false, folder: "", data: {},
      header: ["# yaml-language-server: $schema=../../schema/" + kind + ".schema.json"], flowPaths: {},
    };
    render();
  }

  function relPath() {
    if (state.rel) return state.rel;
    var d = state.data || {};
    if (state.kind === "agency") return "cards/" + (d.slug || "agency") + "/_agency.yaml";
    var top = state.kind === "licence" ? "licenses/" : "cards/";
    return top + (d.agency || state.folder || "agency") + "/" + (slugFromTitle() || "new") + ".yaml";
  }

  function slugFromTitle() {
    return /^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(state.slug || "") ? state.slug : "";
  }

  // --- the form -------------------------------------------------------------------------------

  /** The form is built once per turn of the event loop, however many changes came in it. */
  var renderPending = null;
  function render() {
    if (!renderPending) renderPending = new Promise(function (resolve) { setTimeout(function () { renderPending = null; renderNow(); resolve(); }, 0); });
    return renderPending;
  }

  function rendered() { return renderPending || Promise.resolve(); }

  function renderNow() {
    formEl.textContent = "";
    if (state.broken) {  // nothing to build a form from: the text itself, to mend, never dropped
      formEl.appendChild(el("label", { for: "editor-source", text: "متن YAML پرونده" }));
      formEl.appendChild(el("textarea", { id: "editor-source", dir: "ltr", rows: 16, oninput: function (ev) {
        var text = ev.target.value;
        state.source = text;
        if (R.load(text).data !== null) loadText(text, state.rel); else changed();
      } }, [state.source || ""]));
      unknownEl.hidden = true;
      changed();
      return;
    }
    document.getElementById("editor-kind").value = state.kind;
    var model = modelOf(state.kind);
    formEl.appendChild(el("h2", { text: KINDS[state.kind] + (state.rel ? " — " + state.rel : " — پروندهٔ تازه") }));
    if (!state.rel && state.kind !== "agency") {
      formEl.appendChild(el("div", { class: "ed-field" }, [
        el("label", { for: "editor-slug", text: "نام پرونده (slug)" }),
        el("p", { class: "ed-help", id: "editor-slug-help", text: "حروف کوچک لاتین، رقم و خط تیره؛ نشانی صفحه از آن ساخته می‌شود." }),
        el("input", { id: "editor-slug", dir: "ltr", "aria-describedby": "editor-slug-help", autocomplete: "off", value: state.slug || "", oninput: function (ev) { state.slug = ev.target.value; changed(); } }),
      ]));
    }
    fields(formEl, model, []);
    unknownKeys();
    changed();
  }

  function fields(parent, model, loc) {
    rules.model(model).fields.forEach(function (f) { parent.appendChild(field(f, loc.concat([f.key]))); });
  }

  function help(f, id) { return f.help ? el("p", { class: "ed-help", id: id + "-help", text: f.help }) : null; }

  function field(f, loc) {
    var id = idOf(loc), d = f.type, value = getAt(state.data, loc);
    var wrap = el("div", { class: "ed-field", "data-path": dotted(loc) });
    var title = f.label + (f.required ? " (الزامی)" : "");
    if (d.t === "model") {
      var fs = el("fieldset", { class: "ed-group", id: id }, [el("legend", { text: title }), help(f, id)]);
      fields(fs, d.m, loc);
      wrap.appendChild(fs);
    } else if (d.t === "union" && d.text.t === "literal") {
      // the licence's validity: {value, unit}, or a word ("unlimited") for «بدون انقضا»
      var word = d.text.values[0], isWord = value === word;
      var ufs = el("fieldset", { class: "ed-group", id: id }, [el("legend", { text: title }), help(f, id)]);
      var wid = id + "-word";
      ufs.appendChild(el("div", { class: "ed-choice" }, [
        el("input", { type: "checkbox", id: wid, checked: isWord, onchange: function (ev) { update(loc, ev.target.checked ? word : null, f.required); render(); } }),
        el("label", { for: wid, text: "بدون انقضا (" + word + ")" }),
      ]));
      if (!isWord) fields(ufs, d.mapping.m, loc);
      wrap.appendChild(ufs);
    } else if (d.t === "list" && (d.of.t === "model" || d.of.t === "union" || d.of.t === "tuple" || d.of.t !== "vocab")) {
      wrap.appendChild(repeat(f, loc, id, title, value));
    } else if (d.t === "list" && d.of.t === "vocab") {
      var set = el("fieldset", { class: "ed-choices", id: id, "aria-describedby": id + "-help" }, [el("legend", { text: title }), help(f, id)]);
      var chosen = Array.isArray(value) ? value : [];
      rules.vocab(d.of.v).forEach(function (m, i) {
        var cid = id + "-" + i;
        set.appendChild(el("div", { class: "ed-choice" }, [
          el("input", { type: "checkbox", id: cid, value: m[0], checked: chosen.indexOf(m[0]) >= 0, onchange: function () { vocabList(loc, set); } }),
          el("label", { for: cid, text: m[1] }),
        ]));
      });
      var noneId = id + "-none";
      set.appendChild(el("div", { class: "ed-choice ed-none" }, [
        el("input", { type: "checkbox", id: noneId, "data-none": "1", checked: Array.isArray(value) && value.length === 0, onchange: function () { vocabList(loc, set); } }),
        el("label", { for: noneId, text: "هیچ‌کدام" }),
      ]));
      wrap.appendChild(set);
    } else if (d.t === "vocab" || d.t === "bool") {
      var options = d.t === "bool" ? [["true", "بله"], ["false", "خیر"]] : rules.vocab(d.v);
      var radios = el("fieldset", { class: "ed-choices", id: id }, [el("legend", { text: title }), help(f, id)]);
      options.concat([["", "اعلام نشده"]]).forEach(function (m, i) {
        var rid = id + "-" + i, v = value === true ? "true" : value === false ? "false" : value;
        radios.appendChild(el("div", { class: "ed-choice" }, [
          el("input", { type: "radio", name: id, id: rid, value: m[0], checked: (v === null || v === undefined ? "" : v) === m[0], onchange: function (ev) { update(loc, ev.target.value || null, f.required); } }),
          el("label", { for: rid, text: m[1] }),
        ]));
      });
      wrap.appendChild(radios);
    } else {
      wrap.appendChild(el("label", { for: id, text: title }));
      var h = help(f, id);
      if (h) wrap.appendChild(h);
      wrap.appendChild(input(d, id, value, function (v) { update(loc, v, f.required); }, h ? id + "-help" : null));
      if (d.t === "date") {
        wrap.appendChild(el("button", { type: "button", class: "ed-add", text: "تاریخ امروز", "aria-label": "تاریخ امروز برای " + f.label, onclick: function () {
          var today = jalaliToday();
          document.getElementById(id).value = today;
          update(loc, today, f.required);
        } }));
      }
    }
    wrap.appendChild(el("p", { class: "ed-error", id: id + "-error", "aria-live": "polite" }));
    return wrap;
  }

  function input(d, id, value, onset, describedBy) {
    var ltr = d.t === "pattern" || d.t === "url" || d.t === "date" || d.t === "int" || d.t === "number";
    var shown = value === null || value === undefined ? "" : typeof value === "object" ? JSON.stringify(value) : String(value);
    var attrs = { id: id, dir: ltr ? "ltr" : "auto", "aria-describedby": describedBy, oninput: function (ev) { onset(ev.target.value === "" ? null : ev.target.value); } };
    if (d.t === "text") return el("textarea", Object.assign(attrs, { rows: 3 }), [shown]);
    if (d.t === "int" || d.t === "number") attrs.inputmode = d.t === "int" ? "numeric" : "decimal";
    if (d.t === "date") attrs.placeholder = "1403-05-12";
    if (d.t === "url") attrs.type = "url";
    attrs.value = shown;
    return el("input", attrs);
  }

  function vocabList(loc, set) {
    var none = set.querySelector("[data-none]");
    var values = Array.prototype.filter.call(set.querySelectorAll("input[type=checkbox]:not([data-none])"), function (c) { return c.checked; }).map(function (c) { return c.value; });
    if (values.length && none.checked) none.checked = false;
    update(loc, values.length ? values : none.checked ? [] : null, false);
  }

  function update(loc, value, required) {
    state.untouched = false;
    setAt(loc, value === null && !required ? undefined : value);
    changed();
  }

  /** A repeatable group: add, remove and reorder its items. */
  function repeat(f, loc, id, title, value) {
    var d = f.type.of, fs = el("fieldset", { class: "ed-group ed-repeat", id: id }, [el("legend", { text: title }), help(f, id)]);
    var items = Array.isArray(value) ? value : [];
    var list = el("ol", { class: "ed-items" });
    items.forEach(function (item, i) {
      var iloc = loc.concat([i]), li = el("li", { class: "ed-item", "data-path": dotted(iloc) });
      var iid = idOf(iloc);
      if (d.t === "model" || (d.t === "union" && item !== null && typeof item === "object" && !Array.isArray(item))) {
        fields(li, d.t === "model" ? d.m : d.mapping.m, iloc);
      } else if (d.t === "tuple") {
        d.of.forEach(function (sub, j) {
          var tid = iid + "-" + j;
          li.appendChild(el("label", { for: tid, text: j === 0 ? "از فرایند" : "به فرایند" }));
          li.appendChild(input(sub, tid, Array.isArray(item) ? item[j] : null, function (v) { var edge = (getAt(state.data, iloc) || []).slice(); edge[j] = v; update(iloc, edge, true); }));
        });
      } else {
        li.appendChild(el("label", { for: iid, class: "ed-visually-hidden", text: f.label + " " + digits(i + 1) }));
        li.appendChild(input(d.t === "union" ? d.text : d, iid, item, function (v) { update(iloc, v === null ? "" : v, true); }));
      }
      var tools = el("div", { class: "ed-tools" }, [
        el("button", { type: "button", text: "بالا", "aria-label": "بردن مورد " + digits(i + 1) + " به بالا", disabled: i === 0, onclick: function () { move(loc, i, -1); } }),
        el("button", { type: "button", text: "پایین", "aria-label": "بردن مورد " + digits(i + 1) + " به پایین", disabled: i === items.length - 1, onclick: function () { move(loc, i, 1); } }),
        el("button", { type: "button", text: "حذف", "aria-label": "حذف مورد " + digits(i + 1), onclick: function () { items.splice(i, 1); update(loc, items.length ? items : [], false); render().then(function () { focus(id + "-add"); }); } }),
      ]);
      if (d.t === "union") {
        tools.appendChild(el("button", { type: "button", text: typeof item === "string" ? "با جزئیات" : "فقط عنوان", onclick: function () {
          items[i] = typeof item === "string" ? { title: item } : (item && item.title) || ""; update(loc, items, false); render();
        } }));
      }
      li.appendChild(tools);
      li.appendChild(el("p", { class: "ed-error", id: iid + "-error", "aria-live": "polite" }));
      list.appendChild(li);
    });
    fs.appendChild(list);
    fs.appendChild(el("button", { type: "button", id: id + "-add", class: "ed-add", text: "افزودن " + f.label, onclick: function () {
      var fresh = d.t === "model" ? {} : d.t === "tuple" ? [null, null] : "";
      items.push(fresh);
      update(loc, items, false);
      render().then(function () {
        var at = "[data-path='" + dotted(loc.concat([items.length - 1])) + "']";
        var target = document.querySelector(at + " input, " + at + " textarea");
        if (target) target.focus();
      });
    } }));
    return fs;
  }

  function move(loc, i, by) {
    var items = getAt(state.data, loc);
    var tmp = items[i]; items[i] = items[i + by]; items[i + by] = tmp;
    update(loc, items, false);
    var label = (by < 0 ? "بردن مورد " + digits(i + by + 1) + " به بالا" : "بردن مورد " + digits(i + by + 1) + " به پایین");
    render().then(function () {
      var b = document.querySelector("[aria-label='" + label + "']") || document.getElementById(idOf(loc) + "-add");
      if (b && !b.disabled) b.focus(); else focus(idOf(loc) + "-add");
    });
  }

  function focus(id) { var e = document.getElementById(id); if (e) e.focus(); }

  function unknownKeys() {
    unknownEl.textContent = "";
    var model = modelOf(state.kind), known = {};
    rules.model(model).fields.forEach(function (f) { known[f.key] = 1; });
    var extra = Object.keys(state.data || {}).filter(function (k) { return !known[k]; });
    if (!extra.length) { unknownEl.hidden = true; return; }
    unknownEl.hidden = false;
    unknownEl.appendChild(el("h2", { text: "کلیدهای ناشناخته (نگه داشته می‌شوند)" }));
    var dl = el("dl");
    extra.forEach(function (k) {
      dl.appendChild(el("dt", { dir: "ltr", text: k }));
      dl.appendChild(el("dd", { dir: "auto", text: JSON.stringify(state.data[k]) }));
    });
    unknownEl.appendChild(dl);
  }

  // --- after each change ----------------------------------------------------------------------

  var timer = null;
  function changed() {
    clearTimeout(timer);
    timer = setTimeout(refresh, 150);
  }

  function refresh() {
    var found = diagnostics(document.getElementById("editor-complete").checked);
    Array.prototype.forEach.call(document.querySelectorAll(".ed-error"), function (p) { p.textContent = ""; });
    Array.prototype.forEach.call(document.querySelectorAll("[aria-invalid]"), function (e) { e.removeAttribute("aria-invalid"); });
    errorsEl.textContent = "";
    var errs = found.filter(function (d) { return d.severity === "error"; });
    errorsEl.appendChild(el("h2", { text: errs.length ? "خطاها (" + digits(errs.length) + ")" : "بدون خطا" }));
    var ul = el("ul");
    found.forEach(function (d) {
      var target = nearestField(d.path);
      var li = el("li", { class: d.severity === "error" ? "ed-err" : "ed-warn" });
      var text = (d.path ? d.path + ": " : "") + d.message + " [" + d.code + "]";
      if (target) li.appendChild(el("a", { href: "#" + target.id, text: text }));
      else li.textContent = text;
      ul.appendChild(li);
      if (target) {
        var p = document.getElementById(target.id + "-error");
        if (p) p.textContent = (p.textContent ? p.textContent + " " : "") + d.message;
        var inp = document.getElementById(target.id);
        if (inp) inp.setAttribute("aria-invalid", "true");
      }
    });
    errorsEl.appendChild(ul);
    preview();
    saveDraft();
    document.getElementById("editor-submit").href = forgeUrl();
  }

  function nearestField(path) {
    var loc = parsePath(path);
    for (var n = loc.length; n > 0; n--) {
      var e = document.getElementById(idOf(loc.slice(0, n)));
      if (e && document.getElementById(idOf(loc.slice(0, n)) + "-error")) return e;
    }
    return null;
  }

  function preview() {
    previewEl.textContent = "";
    var d = state.data || {}, model = modelOf(state.kind);
    previewEl.appendChild(el("h2", { text: "پیش‌نمایش صفحه" }));
    previewEl.appendChild(el("h3", { text: d.title || d.name || "(بی‌عنوان)" }));
    if (typeof d.summary === "string") previewEl.appendChild(el("p", { class: "lead", text: d.summary }));
    var dl = el("dl");
    rules.model(model).fields.forEach(function (f) {
      var v = d[f.key];
      if (v === undefined || v === null || f.key === "title" || f.key === "summary") return;
      dl.appendChild(el("dt", { text: f.shown }));
      dl.appendChild(el("dd", { text: shownValue(f.type, v) }));
    });
    previewEl.appendChild(dl);
  }

  function shownValue(d, v) {
    if (v === null || v === undefined) return "اعلام نشده";
    if (d.t === "vocab") return rules.vocabLabel(d.v, v);
    if (d.t === "bool") return v === "true" || v === true ? "بله" : "خیر";
    if (Array.isArray(v)) return v.length ? v.map(function (x) { return shownValue(d.t === "list" ? d.of : {}, x); }).join("، ") : "هیچ‌کدام";
    if (typeof v === "object") return Object.keys(v).map(function (k) { return k + ": " + shownValue({}, v[k]); }).join("؛ ");
    if (d.t === "int" || d.t === "number") return digits(v);
    return String(v);
  }

  function status(text) { statusEl.textContent = text; }

  // --- drafts, files and the forge ------------------------------------------------------------

  function draftKey() { return DRAFT + (state.rel || "new:" + state.kind); }

  function saveDraft() {
    try { localStorage.setItem(draftKey(), JSON.stringify(state)); localStorage.setItem(DRAFT + "last", draftKey()); } catch (e) { /* storage full or off */ }
  }

  function restore(key) {
    try {
      var saved = JSON.parse(localStorage.getItem(key) || "null");
      if (saved && saved.data) { state = saved; render(); status("پیش‌نویس ذخیره‌شده بازگردانده شد."); return true; }
    } catch (e) { /* a damaged draft is ignored */ }
    return false;
  }

  function forgeUrl() {
    var cfg = document.getElementById("editor-config");
    var issues = cfg ? cfg.getAttribute("data-issue-url") || "" : "";
    var branch = cfg ? cfg.getAttribute("data-branch") || "main" : "main";
    var gitlab = /\/-\/issues\/new\/?$/.test(issues) || (cfg && cfg.getAttribute("data-forge") === "gitlab");
    var base = issues.replace(/\/(-\/)?issues\/new\/?$/, "");
    if (!base) return "#";
    var rel = relPath(), folder = rel.slice(0, rel.lastIndexOf("/")), name = rel.slice(rel.lastIndexOf("/") + 1);
    var text = yamlOut();
    if (state.rel) return base + (gitlab ? "/-/edit/" : "/edit/") + branch + "/" + rel;
    if (gitlab) return base + "/-/new/" + branch + "/" + folder + "?file_name=" + encodeURIComponent(name) + "&content=" + encodeURIComponent(text);
    return base + "/new/" + branch + "/" + folder + "?filename=" + encodeURIComponent(name) + "&value=" + encodeURIComponent(text);
  }

  function download() {
    var blob = new Blob([yamlOut()], { type: "application/yaml" });
    var a = el("a", { href: URL.createObjectURL(blob), download: relPath().split("/").pop() });
    document.body.appendChild(a);
    a.click();
    a.remove();
  }

  function openFromSite(url) {
    var m = /^(services|licenses|agencies)\/([a-z0-9-]+)(?:\/([a-z0-9-]+))?\/?$/.exec(url);
    if (!m) return;
    var rel = m[1] === "agencies" ? "cards/" + m[2] + "/_agency.yaml" : (m[1] === "services" ? "cards/" : "licenses/") + m[2] + "/" + m[3] + ".yaml";
    if (restore(DRAFT + rel)) return;
    fetch("files/" + rel).then(function (r) { if (!r.ok) throw new Error(r.status); return r.text(); })
      .then(function (text) { loadText(text, rel); status("«" + rel + "» باز شد."); })
      .catch(function () { status("پروندهٔ «" + rel + "» در این نسخهٔ سایت پیدا نشد."); });
  }

  // --- start ----------------------------------------------------------------------------------

  function start(table) {
    rules = new R.Rules(table);
    box = document.getElementById("catalogue-editor");
    formEl = document.getElementById("editor-form");
    errorsEl = document.getElementById("editor-errors");
    previewEl = document.getElementById("editor-preview");
    statusEl = document.getElementById("editor-status");
    unknownEl = document.getElementById("editor-unknown");
    document.getElementById("editor-new").addEventListener("click", function () { newRecord(document.getElementById("editor-kind").value); });
    document.getElementById("editor-kind").addEventListener("change", function (ev) { if (!state.rel && !Object.keys(state.data).length) newRecord(ev.target.value); });
    document.getElementById("editor-file").addEventListener("change", function (ev) {
      var file = ev.target.files[0];
      if (file) file.text().then(function (t) { loadText(t, ""); status("«" + file.name + "» باز شد."); });
    });
    document.getElementById("editor-download").addEventListener("click", download);
    document.getElementById("editor-discard").addEventListener("click", function () {
      var rel = state.rel, kind = state.kind;
      try { localStorage.removeItem(draftKey()); localStorage.removeItem(DRAFT + "last"); } catch (e) { /* off */ }
      if (!rel) { newRecord(kind); status("پیش‌نویس کنار گذاشته شد."); return; }
      fetch("files/" + rel).then(function (r) { if (!r.ok) throw new Error(r.status); return r.text(); })
        .then(function (text) { loadText(text, rel); status("پیش‌نویس کنار گذاشته شد و «" + rel + "» از کاتالوگ دوباره باز شد."); })
        .catch(function () { newRecord(kind); });
    });
    document.getElementById("editor-copy").addEventListener("click", function () {
      navigator.clipboard.writeText(yamlOut()).then(function () { status("متن YAML رونوشت شد."); }, function () { status("رونوشت ممکن نشد؛ از «بارگیری» استفاده کنید."); });
    });
    document.getElementById("editor-complete").addEventListener("change", changed);
    var records = {};
    fetch("files/index.json").then(function (r) { return r.ok ? r.json() : []; }).then(function (list) {
      var dl = document.getElementById("editor-records");
      list.forEach(function (row) { records[row[1] + " — " + row[0]] = row[0]; dl.appendChild(el("option", { value: row[1] + " — " + row[0] })); });
    }, function () { /* a site without records */ });
    document.getElementById("editor-open-go").addEventListener("click", function () {
      var v = document.getElementById("editor-open").value.trim(), rel = records[v] || v;
      var m = /^(cards|licenses)\/([a-z0-9-]+)\/([a-z0-9_-]+)\.yaml$/.exec(rel);
      if (!m) { status("پرونده‌ای با این عنوان یا نشانی در کاتالوگ نیست."); return; }
      location.hash = m[3] === "_agency" ? "agencies/" + m[2] + "/" : (m[1] === "cards" ? "services/" : "licenses/") + m[2] + "/" + m[3] + "/";
    });
    window.addEventListener("hashchange", function () { openFromSite(decodeURIComponent(location.hash.slice(1))); });
    box.hidden = false;
    var hash = decodeURIComponent(location.hash.slice(1));
    if (hash) openFromSite(hash);
    else { var last = null; try { last = localStorage.getItem(DRAFT + "last"); } catch (e) { /* off */ } if (!(last && restore(last))) newRecord("service"); }
    readyResolve();
  }

  window.catalogueEditor = {
    ready: ready,
    load: function (text, path) { return ready.then(function () { loadText(text, path || ""); }); },
    /** `errors({complete: true})`: also the form fields not stated, as `validate --complete`. */
    errors: function (options) {
      return ready.then(function () {
        return diagnostics(!!(options && options.complete)).map(function (d) { return { path: d.path, code: d.code, message: d.message, severity: d.severity, line: d.line }; });
      });
    },
    toYaml: function () { return ready.then(yamlOut); },
    set: function (path, value) {
      return ready.then(function () {
        update(parsePath(path), value === undefined ? null : JSON.parse(JSON.stringify(value)), false);
        render();
      });
    },
    newRecord: function (kind) { return ready.then(function () { newRecord(kind); }); },
    /** Resolves when the form shows the latest state. */
    rendered: function () { return ready.then(rendered); },
  };

  fetch("rules.json").then(function (r) { return r.json(); }).then(start);
})();
