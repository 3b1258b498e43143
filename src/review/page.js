// zhenggai review page: renders each notice's cleaned text with its task items, lists and
// filters them, and in correction mode keeps the reviewer's edits in localStorage and exports
// them as gold files (docs/ANNOTATION.md). Offsets in the data count Unicode scalar values
// (code points) of the cleaned text, as the record does; `textIndex` maps them to the
// UTF-16 positions of JavaScript strings. Every text leaf of the rendered document is a
// <span data-o="start"> holding one run of text whose items and marks are the same.
(function () {
  'use strict';

  var META = JSON.parse(document.getElementById('zg-meta').textContent);
  var CAT_NAMES = new Map(META.categories.map(function (c) { return [c[0], c[1]]; }));
  var STORE = 'zhenggai-review/1/';
  var LIST_PAGE = 300;
  var INDEX_PAGE = 100;
  var GROUPS = [
    ['kind', 'kind'], ['cat', 'category'], ['dl', 'deadline kind'], ['body', 'body'], ['status', 'review']
  ];

  var state = {
    doc: -1,
    key: null,          // the selected item's key
    correcting: false,
    scope: 'doc',
    filters: { kind: new Set(), cat: new Set(), dl: new Set(), body: new Set(), status: new Set() },
    listLimit: LIST_PAGE,
    indexPage: 0,
    indexQuery: '',
    leaves: [],         // {o, e, el} of the rendered document, in text order
    listed: []          // [{d, it}] the task list shows, in order
  };

  var docs = new Map();
  var itemCache = new Map();
  var storageOk = true;

  // ---------------------------------------------------------------- helpers

  function $(sel) { return document.querySelector(sel); }

  function el(tag, attrs, children) {
    var e = document.createElement(tag);
    if (attrs) {
      Object.keys(attrs).forEach(function (k) {
        var v = attrs[k];
        if (v === null || v === undefined || v === false) return;
        if (k === 'text') e.textContent = v;
        else if (k === 'class') e.className = v;
        else if (k.slice(0, 2) === 'on') e.addEventListener(k.slice(2), v);
        else e.setAttribute(k, v === true ? '' : v);
      });
    }
    (children || []).forEach(function (c) {
      if (c === null || c === undefined || c === false) return;
      e.appendChild(typeof c === 'string' ? document.createTextNode(c) : c);
    });
    return e;
  }

  // Code point offsets to UTF-16 positions; the identity when the text has no astral chars.
  function textIndex(text) {
    if (!/[\uD800-\uDBFF]/.test(text)) {
      return {
        len: text.length,
        u: function (i) { return i; },
        slice: function (s, e) { return text.slice(s, e); },
        count: function (str) { return str.length; }
      };
    }
    var map = [];
    var u = 0;
    for (var ch of text) { map.push(u); u += ch.length; }
    map.push(u);
    var clamp = function (i) { return Math.max(0, Math.min(i, map.length - 1)); };
    return {
      len: map.length - 1,
      u: function (i) { return map[clamp(i)]; },
      slice: function (s, e) { return text.slice(map[clamp(s)], map[clamp(e)]); },
      count: function (str) { return Array.from(str).length; }
    };
  }

  function catName(id) { return CAT_NAMES.get(id) || id; }

  // A button that acts on the text selected in the document must not clear it when pressed.
  function keepSelection(e) { e.preventDefault(); }

  function clip(s, n) { return s.length > n ? s.slice(0, n) + '…' : s; }

  function setStatus(msg) {
    var s = $('#status');
    s.textContent = msg;
    clearTimeout(setStatus.timer);
    setStatus.timer = setTimeout(function () { s.textContent = ''; }, 4000);
  }

  // ---------------------------------------------------------------- data

  function getDoc(i) {
    var d = docs.get(i);
    if (d) return d;
    d = JSON.parse(document.getElementById('zg-doc-' + i).textContent);
    d.index = i;
    d.text = d.text || '';
    d.ti = textIndex(d.text);
    docs.set(i, d);
    return d;
  }

  function storeKey(i) { return STORE + META.docs[i].id; }

  function readEdits(i) {
    try {
      var raw = localStorage.getItem(storeKey(i));
      return raw ? JSON.parse(raw) : null;
    } catch (e) {
      return null;
    }
  }

  // The edits of a document that apply to its text (none when saved against another text).
  function edits(d) {
    var ed = readEdits(d.index);
    return ed && ed.fp === d.fp ? ed : null;
  }

  function staleEdits(d) {
    var ed = readEdits(d.index);
    return ed && ed.fp !== d.fp ? ed : null;
  }

  function saveEdits(d, ed) {
    itemCache.delete(d.index);
    try {
      localStorage.setItem(storeKey(d.index), JSON.stringify(ed));
    } catch (e) {
      storageOk = false;
      showBanner(d);
    }
  }

  function newEdits(d) {
    return { fp: d.fp, items: {}, added: [], next: 1, meta: {}, reviewed: false };
  }

  function originalItem(d, t, n) {
    return {
      key: 't' + n, n: n, orig: t, s: t.s, e: t.e, kind: t.k, cats: t.c.slice(),
      bodies: t.b.map(function (b) {
        return {
          text: b[0], source: b[1] === 'e' ? 'explicit' : 'inherited',
          s: b[2], e: b[3], rule: META.rules[b[4]]
        };
      }),
      dls: t.d.map(function (x) {
        return { text: x[0], kind: x[1], s: x[2], e: x[3], rule: META.rules[x[4]], res: x[5] };
      }),
      optional: false, removed: false, edited: false, added: false
    };
  }

  // What an edit stores of an item.
  function stored(it) {
    return {
      s: it.s, e: it.e, kind: it.kind, cats: it.cats.slice(),
      bodies: it.bodies.map(function (b) { return { text: b.text, source: b.source, s: b.s, e: b.e, rule: b.rule }; }),
      dls: it.dls.map(function (x) { return { text: x.text, kind: x.kind, s: x.s, e: x.e, rule: x.rule, res: x.res }; }),
      optional: !!it.optional, removed: !!it.removed
    };
  }

  // The document's items as the reviewer left them: the extractor's tasks with their edits,
  // then the added ones, in text order.
  function items(d) {
    var cached = itemCache.get(d.index);
    if (cached) return cached;
    var ed = edits(d);
    var out = d.tasks.map(function (t, n) {
      var it = originalItem(d, t, n);
      var e = ed && ed.items[it.key];
      if (e) {
        Object.assign(it, stored(e));
        it.edited = true;
      }
      return it;
    });
    if (ed) {
      ed.added.forEach(function (a) {
        var it = Object.assign({ orig: null, n: -1, added: true, edited: true }, stored(a));
        it.key = a.key;
        out.push(it);
      });
    }
    out.sort(function (a, b) { return a.s - b.s || a.e - b.e; });
    out.forEach(function (it, i) { it.pos = i; it.d = d; });
    itemCache.set(d.index, out);
    return out;
  }

  function itemByKey(d, key) {
    return items(d).find(function (it) { return it.key === key; }) || null;
  }

  // Changes one item: `change` gets the stored copy (made at the first edit) and edits it.
  function editItem(d, it, change) {
    var ed = edits(d) || newEdits(d);
    var copy;
    if (it.added) {
      copy = ed.added.find(function (a) { return a.key === it.key; });
    } else {
      copy = ed.items[it.key] || stored(it);
      ed.items[it.key] = copy;
    }
    if (!copy) return;
    change(copy, ed);
    if (it.added && copy.removed) {
      ed.added = ed.added.filter(function (a) { return a.key !== it.key; });
      if (state.key === it.key) state.key = null;
    }
    saveEdits(d, ed);
    refresh();
  }

  function restoreItem(d, it) {
    var ed = edits(d);
    if (!ed || it.added) return;
    delete ed.items[it.key];
    saveEdits(d, ed);
    refresh();
  }

  function addItem(d, s, e) {
    var ed = edits(d) || newEdits(d);
    var key = 'a' + ed.next++;
    ed.added.push({
      key: key, s: s, e: e, kind: 'directive', cats: [], bodies: [], dls: [],
      optional: false, removed: false
    });
    saveEdits(d, ed);
    state.key = key;
    refresh();
    setStatus('task added: ' + clip(d.ti.slice(s, e), 20));
  }

  function editMeta(d, field, value) {
    var ed = edits(d) || newEdits(d);
    ed.meta[field] = value;
    saveEdits(d, ed);
    renderIndex();
  }

  function setReviewed(d, on) {
    var ed = edits(d) || newEdits(d);
    ed.reviewed = on;
    saveEdits(d, ed);
    renderIndex();
  }

  // ---------------------------------------------------------------- filters

  function values(it, group) {
    switch (group) {
      case 'kind': return [it.kind];
      case 'cat': return it.cats.length ? it.cats : ['(none)'];
      case 'dl': return it.dls.length ? uniq(it.dls.map(function (x) { return x.kind; })) : ['(none)'];
      case 'body': return it.bodies.length ? uniq(it.bodies.map(function (b) { return b.text; })) : ['(none)'];
      case 'status':
        var v = [];
        if (it.removed) v.push('not a task');
        else if (it.added) v.push('added');
        else if (it.edited) v.push('edited');
        else v.push('as extracted');
        if (it.optional) v.push('optional');
        return v;
    }
    return [];
  }

  function uniq(xs) { return Array.from(new Set(xs)); }

  function passes(it, except) {
    return GROUPS.every(function (g) {
      var set = state.filters[g[0]];
      if (g[0] === except || set.size === 0) return true;
      return values(it, g[0]).some(function (v) { return set.has(v); });
    });
  }

  function filtering() {
    return GROUPS.some(function (g) { return state.filters[g[0]].size > 0; });
  }

  function scopeItems() {
    if (state.scope === 'doc') return state.doc >= 0 ? items(getDoc(state.doc)) : [];
    var all = [];
    for (var i = 0; i < META.docs.length; i++) {
      if (META.docs[i].error) continue;
      Array.prototype.push.apply(all, items(getDoc(i)));
    }
    return all;
  }

  function valueLabel(group, v) {
    if (group === 'cat' && v !== '(none)') return catName(v);
    return v;
  }

  function renderFilters(all) {
    var box = $('#filters');
    box.textContent = '';
    GROUPS.forEach(function (g) {
      var group = g[0];
      var counts = new Map();
      all.forEach(function (it) {
        if (!passes(it, group)) return;
        values(it, group).forEach(function (v) { counts.set(v, (counts.get(v) || 0) + 1); });
      });
      state.filters[group].forEach(function (v) { if (!counts.has(v)) counts.set(v, 0); });
      var order = Array.from(counts.keys());
      if (group === 'cat') {
        var rank = new Map(META.categories.map(function (c, i) { return [c[0], i]; }));
        order.sort(function (a, b) { return (rank.has(a) ? rank.get(a) : 1e9) - (rank.has(b) ? rank.get(b) : 1e9) || a.localeCompare(b); });
      } else if (group === 'body') {
        order.sort(function (a, b) { return counts.get(b) - counts.get(a) || a.localeCompare(b); });
      } else if (group === 'dl') {
        var dr = new Map(META.deadline_kinds.map(function (k, i) { return [k, i]; }));
        order.sort(function (a, b) { return (dr.has(a) ? dr.get(a) : 1e9) - (dr.has(b) ? dr.get(b) : 1e9); });
      }
      var vals = el('div', { class: 'vals' });
      order.forEach(function (v) {
        var on = state.filters[group].has(v);
        var n = counts.get(v);
        var label = el('label', { class: (on ? 'on' : '') + (n ? '' : ' zero'), title: group === 'cat' ? v : null, 'data-group': group, 'data-value': v }, [
          el('input', {
            type: 'checkbox', checked: on,
            onchange: function (e) {
              if (e.target.checked) state.filters[group].add(v); else state.filters[group].delete(v);
              state.listLimit = LIST_PAGE;
              refresh();
            }
          }),
          valueLabel(group, v), ' ', el('span', { class: 'c', text: String(n) })
        ]);
        vals.appendChild(label);
      });
      box.appendChild(el('fieldset', { 'data-group': group }, [el('legend', { text: g[1] }), vals]));
    });
  }

  // ---------------------------------------------------------------- the text

  function renderText(d) {
    var box = $('#text');
    box.textContent = '';
    box.dataset.doc = d.index;
    state.leaves = [];
    if (d.error) {
      box.appendChild(el('p', { class: 'warn', text: 'This document could not be read: ' + d.error }));
      return;
    }
    var its = items(d);
    var len = d.ti.len;
    var pts = new Set([0, len]);
    var marks = []; // {s, e, cls}
    function point(x) { if (x !== null && x !== undefined && x >= 0 && x <= len) pts.add(x); }
    its.forEach(function (it) {
      point(it.s); point(it.e);
      if (it.removed) return;
      it.bodies.forEach(function (b) {
        if (b.s !== null && b.s !== undefined && b.s >= it.s && b.e <= it.e) marks.push({ s: b.s, e: b.e, cls: 'mb' });
      });
      it.dls.forEach(function (x) {
        if (x.s !== null && x.s !== undefined && x.s >= it.s && x.e <= it.e) marks.push({ s: x.s, e: x.e, cls: 'md' });
      });
      if (it.orig && !it.edited) {
        it.orig.m.forEach(function (m) { marks.push({ s: m[0], e: m[1], cls: 'mm' }); });
      }
    });
    d.sections.forEach(function (sec) {
      if (sec[3] > 0) marks.push({ s: sec[0], e: sec[0] + sec[3], cls: 'h lv' + sec[2] });
    });
    marks.forEach(function (m) { point(m.s); point(m.e); });
    d.dropped.forEach(function (f) { point(f[0]); });
    var xs = Array.from(pts).sort(function (a, b) { return a - b; });

    var frag = document.createDocumentFragment();
    var fi = 0;
    var dropped = d.dropped;
    function furniture(at) {
      while (fi < dropped.length && dropped[fi][0] <= at) {
        var f = dropped[fi++];
        var t = f[1];
        if (f[3]) {
          var prev = f[0] > 0 ? d.ti.slice(f[0] - 1, f[0]) : '\n';
          t = (prev === '\n' ? '' : '\n') + t + (f[0] < len ? '\n' : '');
        }
        frag.appendChild(el('span', { class: 'furn' + (f[3] ? ' line' : ''), title: 'dropped as page furniture (' + f[2] + ')', 'data-at': f[0], text: t }));
      }
    }
    for (var i = 0; i + 1 < xs.length; i++) {
      var p = xs[i], q = xs[i + 1];
      furniture(p);
      if (p === q) continue;
      var cover = its.filter(function (it) { return it.s <= p && p < it.e; });
      var cls = [];
      if (cover.length) {
        cls.push('t');
        var kinds = uniq(cover.map(function (it) { return it.kind; }));
        cls.push(kinds.length > 1 ? 'k-mixed' : 'k-' + kinds[0]);
        if (cover.every(function (it) { return it.removed; })) cls.push('rm');
        if (cover.some(function (it) { return it.optional; })) cls.push('opt');
        if (cover.some(function (it) { return it.added; })) cls.push('added');
        if (cover.some(function (it) { return it.s === p; })) cls.push('ts');
        if (cover.some(function (it) { return it.e === q; })) cls.push('te');
      }
      marks.forEach(function (m) { if (m.s <= p && p < m.e) cls.push(m.cls); });
      var sp = el('span', { 'data-o': p, text: d.ti.slice(p, q) });
      if (cls.length) sp.className = uniq(cls.join(' ').split(' ')).join(' ');
      if (cover.length) sp.dataset.k = cover.map(function (it) { return it.key; }).join(' ');
      frag.appendChild(sp);
      state.leaves.push({ o: p, e: q, el: sp });
    }
    furniture(len);
    box.appendChild(frag);
    applyDim();
  }

  // The leaves holding [s, e).
  function leavesIn(s, e) {
    var L = state.leaves;
    var lo = 0, hi = L.length;
    while (lo < hi) {
      var mid = (lo + hi) >> 1;
      if (L[mid].e <= s) lo = mid + 1; else hi = mid;
    }
    var out = [];
    for (var i = lo; i < L.length && L[i].o < e; i++) out.push(L[i]);
    return out;
  }

  function applyDim() {
    var on = filtering();
    var d = state.doc >= 0 ? getDoc(state.doc) : null;
    if (!d) return;
    var shown = new Set(items(d).filter(function (it) { return !on || passes(it); }).map(function (it) { return it.key; }));
    state.leaves.forEach(function (l) {
      var k = l.el.dataset.k;
      if (!k) return;
      l.el.classList.toggle('dim', on && !k.split(' ').some(function (x) { return shown.has(x); }));
    });
  }

  function markSelected(scroll) {
    document.querySelectorAll('#text .sel, #text .rel').forEach(function (e) { e.classList.remove('sel', 'rel'); });
    if (state.doc < 0 || !state.key) return;
    var d = getDoc(state.doc);
    var it = itemByKey(d, state.key);
    if (!it) return;
    var ls = leavesIn(it.s, it.e).filter(function (l) { return (l.el.dataset.k || '').split(' ').indexOf(it.key) >= 0; });
    ls.forEach(function (l) { l.el.classList.add('sel'); });
    // fields whose text stands outside the task: an inherited body's source, a heading's deadline
    it.bodies.concat(it.dls).forEach(function (f) {
      if (f.s === null || f.s === undefined || (f.s >= it.s && f.e <= it.e)) return;
      leavesIn(f.s, f.e).forEach(function (l) { l.el.classList.add('rel'); });
    });
    if (scroll && ls.length) ls[0].el.scrollIntoView({ block: 'center' });
  }

  function flash(s, e) {
    var ls = leavesIn(s, e);
    ls.forEach(function (l) {
      l.el.classList.remove('flash');
      void l.el.offsetWidth;
      l.el.classList.add('flash');
    });
    if (ls.length) ls[0].el.scrollIntoView({ block: 'center' });
  }

  // ---------------------------------------------------------------- selection in the text

  // The code point offset of a DOM point inside #text; null outside it.
  function offsetOf(node, offset) {
    var box = $('#text');
    if (!box.contains(node)) return null;
    if (node.nodeType === 3) {
      var parent = node.parentElement;
      var furn = parent.closest('.furn');
      if (furn) return +furn.dataset.at;
      var leaf = parent.closest('[data-o]');
      if (!leaf) return null;
      var d = getDoc(state.doc);
      return +leaf.dataset.o + d.ti.count(node.data.slice(0, offset));
    }
    // an element: the boundary before its child at `offset`
    var kids = node.childNodes;
    for (var i = offset; i < kids.length; i++) {
      var o = startOf(kids[i]);
      if (o !== null) return o;
    }
    for (var j = Math.min(offset, kids.length) - 1; j >= 0; j--) {
      var e = endOf(kids[j]);
      if (e !== null) return e;
    }
    return node === box ? 0 : offsetOf(node.parentNode, Array.prototype.indexOf.call(node.parentNode.childNodes, node));
  }

  function startOf(n) {
    if (n.nodeType !== 1) return null;
    if (n.dataset.o !== undefined) return +n.dataset.o;
    if (n.dataset.at !== undefined) return +n.dataset.at;
    var leaf = n.querySelector('[data-o]');
    return leaf ? +leaf.dataset.o : null;
  }

  function endOf(n) {
    if (n.nodeType !== 1) return null;
    var leaf = n.dataset.o !== undefined ? n : null;
    if (!leaf) {
      var all = n.querySelectorAll('[data-o]');
      leaf = all.length ? all[all.length - 1] : null;
    }
    if (!leaf) return n.dataset.at !== undefined ? +n.dataset.at : null;
    var d = getDoc(state.doc);
    return +leaf.dataset.o + d.ti.count(leaf.textContent);
  }

  // The selected text as a span, white space at its ends left out; null when none.
  function selectionSpan() {
    var sel = window.getSelection();
    if (!sel || sel.rangeCount === 0 || sel.isCollapsed || state.doc < 0) return null;
    var r = sel.getRangeAt(0);
    var s = offsetOf(r.startContainer, r.startOffset);
    var e = offsetOf(r.endContainer, r.endOffset);
    if (s === null || e === null) return null;
    if (e < s) { var t = s; s = e; e = t; }
    var d = getDoc(state.doc);
    while (s < e && /\s/.test(d.ti.slice(s, s + 1))) s++;
    while (e > s && /\s/.test(d.ti.slice(e - 1, e))) e--;
    return e > s ? { s: s, e: e, text: d.ti.slice(s, e) } : null;
  }

  function placeAddButton() {
    var b = $('#add-task');
    var span = state.correcting ? selectionSpan() : null;
    if (!span) { b.hidden = true; return; }
    var rect = window.getSelection().getRangeAt(0).getBoundingClientRect();
    b.hidden = false;
    var x = Math.min(rect.right + 6, window.innerWidth - b.offsetWidth - 8);
    var y = Math.max(rect.top - b.offsetHeight - 4, 4);
    b.style.left = Math.max(4, x) + 'px';
    b.style.top = y + 'px';
  }

  // ---------------------------------------------------------------- document head, index

  function showBanner(d) {
    var b = $('#banner');
    b.textContent = '';
    var stale = staleEdits(d);
    if (stale) {
      b.appendChild(document.createTextNode('Edits saved for another version of this text (a new extraction) are not applied. '));
      b.appendChild(el('button', {
        type: 'button', text: 'Discard them',
        onclick: function () { localStorage.removeItem(storeKey(d.index)); itemCache.delete(d.index); refresh(); }
      }));
    } else if (!storageOk) {
      b.textContent = 'This browser does not keep the edits (localStorage is unavailable or full): export before closing the page.';
    }
    b.hidden = !b.textContent;
  }

  function metaValue(d, field) {
    var ed = edits(d);
    if (ed && ed.meta && Object.prototype.hasOwnProperty.call(ed.meta, field)) return ed.meta[field];
    return d[field] === undefined ? null : d[field];
  }

  function renderHead(d) {
    var head = $('#doc-head');
    head.textContent = '';
    var ed = edits(d);
    var title = metaValue(d, 'title');
    head.appendChild(el('h2', { lang: 'zh-CN', text: title || d.file || d.id }));
    var facts = el('div', { class: 'facts' }, [
      el('span', { text: d.id }),
      metaValue(d, 'date') ? el('span', { text: metaValue(d, 'date') }) : null,
      d.issuer && d.issuer.length ? el('span', { lang: 'zh-CN', text: d.issuer.join('、') }) : null,
      d.number ? el('span', { text: d.number }) : null,
      el('span', { text: d.tasks.length + ' tasks' }),
      ed && ed.reviewed ? el('span', { text: 'reviewed' }) : null
    ]);
    head.appendChild(facts);
    if (d.warnings && d.warnings.length) {
      head.appendChild(el('details', {}, [
        el('summary', { text: d.warnings.length + ' warnings' }),
        el('ul', {}, d.warnings.map(function (w) { return el('li', { text: w }); }))
      ]));
    }
    if (state.correcting && !d.error) {
      head.appendChild(el('div', { class: 'meta-edit' }, [
        el('label', {}, ['title ', el('input', {
          type: 'text', value: title || '', 'aria-label': 'title',
          onchange: function (e) { editMeta(d, 'title', e.target.value.trim() || null); }
        })]),
        el('label', {}, ['date ', el('input', {
          type: 'text', value: metaValue(d, 'date') || '', size: 10, placeholder: 'YYYY-MM-DD', 'aria-label': 'date',
          onchange: function (e) { editMeta(d, 'date', e.target.value.trim() || null); }
        })]),
        el('label', {}, [el('input', {
          type: 'checkbox', checked: !!(ed && ed.reviewed),
          onchange: function (e) { setReviewed(d, e.target.checked); }
        }), ' reviewed'])
      ]));
    }
    showBanner(d);
  }

  function docMatches(i, q) {
    var e = META.docs[i];
    return !q || e.id.toLowerCase().indexOf(q) >= 0 || (e.title || '').toLowerCase().indexOf(q) >= 0;
  }

  function renderIndex() {
    var many = META.docs.length > 1;
    $('#docs-box').hidden = !many;
    if (!many) return;
    var q = state.indexQuery.toLowerCase();
    var shown = [];
    for (var i = 0; i < META.docs.length; i++) if (docMatches(i, q)) shown.push(i);
    var pages = Math.max(1, Math.ceil(shown.length / INDEX_PAGE));
    state.indexPage = Math.min(state.indexPage, pages - 1);
    var list = $('#doc-list');
    list.textContent = '';
    shown.slice(state.indexPage * INDEX_PAGE, (state.indexPage + 1) * INDEX_PAGE).forEach(function (i) {
      var e = META.docs[i];
      var ed = readEdits(i);
      var mark = e.error ? ' ⚠' : (ed ? (ed.reviewed ? ' ✓' : ' ✎') : '');
      list.appendChild(el('li', {}, [el('button', {
        type: 'button', 'data-doc': i, 'aria-current': i === state.doc ? 'true' : 'false',
        title: e.id, onclick: function () { openDoc(i); }
      }, [e.title || e.id, ' ', el('span', { class: 'n', text: e.error ? 'error' : e.tasks + ' tasks' }), el('span', { class: 'mark', text: mark })])]));
    });
    var pager = $('#doc-pager');
    pager.textContent = '';
    pager.appendChild(el('button', { type: 'button', text: '‹', disabled: state.indexPage === 0, onclick: function () { state.indexPage--; renderIndex(); } }));
    pager.appendChild(el('span', { text: (shown.length ? state.indexPage * INDEX_PAGE + 1 : 0) + '–' + Math.min(shown.length, (state.indexPage + 1) * INDEX_PAGE) + ' of ' + shown.length }));
    pager.appendChild(el('button', { type: 'button', text: '›', disabled: state.indexPage >= pages - 1, onclick: function () { state.indexPage++; renderIndex(); } }));
  }

  // ---------------------------------------------------------------- the task list

  function renderList(all) {
    var on = filtering();
    state.listed = all.filter(function (it) { return !on || passes(it); });
    $('#task-count').textContent = (on ? state.listed.length + ' of ' : '') + all.length +
      (state.scope === 'all' ? ' in ' + META.docs.length + ' documents' : '');
    $('#filter-count').textContent = on ? '(' + state.listed.length + ' shown)' : '';
    var list = $('#task-list');
    list.textContent = '';
    state.listed.slice(0, state.listLimit).forEach(function (it) {
      var d = it.d;
      var current = d.index === state.doc && it.key === state.key;
      list.appendChild(el('li', {}, [el('button', {
        type: 'button', 'data-key': it.key, 'data-doc': d.index, 'aria-current': current ? 'true' : 'false',
        onclick: function () { selectItem(d.index, it.key, true); }
      }, [
        state.scope === 'all' ? el('div', { class: 'doc', text: clip(META.docs[d.index].title || META.docs[d.index].id, 40) }) : null,
        el('span', { class: 'k k-' + it.kind, text: '#' + (it.pos + 1) + ' ' + it.kind }),
        el('span', { class: it.removed ? 'rm' : '', text: clip(d.ti.slice(it.s, it.e), 60) }),
        it.cats.length ? el('div', { class: 'cats', text: it.cats.map(catName).map(function (n) { return clip(n, 14); }).join(' · ') }) : null
      ])]));
    });
    if (state.listed.length > state.listLimit) {
      list.appendChild(el('li', {}, [el('button', {
        type: 'button', class: 'more', text: 'show ' + Math.min(LIST_PAGE, state.listed.length - state.listLimit) + ' more',
        onclick: function () { state.listLimit += LIST_PAGE; renderList(all); }
      })]));
    }
  }

  // ---------------------------------------------------------------- the selected task

  function sectionPath(d, at) {
    return d.sections.filter(function (s) { return s[0] <= at && at < s[1]; })
      .sort(function (a, b) { return a[2] - b[2] || a[0] - b[0]; })
      .map(function (s) {
        var t = s[3] > 0 ? d.ti.slice(s[0], s[0] + s[3]) : (s[4] || '');
        return s[5] ? t + ' (' + s[5] + ')' : t;
      });
  }

  function go(s, e) {
    return function () { if (s !== null && s !== undefined) flash(s, e); };
  }

  function renderDetail() {
    var box = $('#detail');
    box.textContent = '';
    var d = state.doc >= 0 ? getDoc(state.doc) : null;
    var it = d && state.key ? itemByKey(d, state.key) : null;
    if (!it) {
      box.appendChild(el('p', { class: 'hint' }, ['Select a task: click it in the text or the list, or press ', el('kbd', { text: 'j' }), state.correcting ? '. Select text and press a to add a task.' : '.']));
      return;
    }
    var status = it.removed ? 'not a task' : it.added ? 'added' : it.edited ? 'edited' : '';
    box.appendChild(el('h3', {}, [
      '#' + (it.pos + 1) + ' ', el('span', { text: it.kind }),
      it.orig && it.orig.st ? ' · ' + it.orig.st : '',
      ' ', el('span', { class: 'rule', text: '[' + it.s + ', ' + it.e + ')' }),
      status ? el('span', { class: 'state', text: ' ' + status }) : null,
      it.optional ? el('span', { class: 'state', text: ' optional' }) : null
    ]));
    box.appendChild(el('div', { class: 'quote', lang: 'zh-CN', text: d.ti.slice(it.s, it.e) }));
    if (state.correcting) renderEditor(d, it, box); else renderFields(d, it, box);
  }

  function renderFields(d, it, box) {
    var dl = el('dl');
    function row(name, content) { dl.appendChild(el('dt', { text: name })); dl.appendChild(el('dd', {}, content)); }
    row('categories', it.cats.length ? [it.cats.map(function (c, i) { return (i ? '' : '★ ') + catName(c) + ' (' + c + ')'; }).join('；')] : ['–']);
    row('bodies', it.bodies.length ? it.bodies.map(function (b) {
      return el('div', { class: b.s !== null && b.s !== undefined ? 'go' : '', onclick: go(b.s, b.e) }, [
        b.text, ' ', el('span', { class: 'rule', text: b.source + (b.rule ? ' · ' + b.rule : '') })
      ]);
    }) : ['–']);
    row('deadline', it.dls.length ? it.dls.map(function (x) {
      return el('div', { class: 'go', onclick: go(x.s, x.e) }, [
        x.text, ' — ', el('b', { text: x.kind }), x.res ? ' (' + x.res + ')' : '', ' ', el('span', { class: 'rule', text: x.rule || '' })
      ]);
    }) : ['–']);
    if (it.orig && !it.edited) {
      var o = it.orig;
      if (o.m.length) row('metrics', o.m.map(function (m) { return el('div', { class: 'go', onclick: go(m[0], m[1]) }, [d.ti.slice(m[0], m[1]) + ' = ' + m[2] + ' ' + m[3]]); }));
      if (o.a.length) row('actions', [o.a.join('、')]);
    }
    var path = sectionPath(d, it.s);
    if (path.length) row('section', [path.join(' › ')]);
    box.appendChild(dl);
    var o2 = it.orig;
    if (o2 && o2.x) {
      // as `extract --explain --format text` prints it: field, value <- rule 「matched」 [span)
      var rows = el('div', { class: 'explain' });
      o2.x.forEach(function (x) {
        var has = x[3] !== null && x[3] !== undefined;
        var matched = x[5] !== null && x[5] !== undefined ? x[5] : (has ? d.ti.slice(x[3], x[4]) : '');
        var field = META.fields[x[0]];
        var value = field === 'categories' ? catName(x[1]) : x[1];
        rows.appendChild(el('div', { class: has ? 'go' : '', onclick: go(x[3], x[4]) }, [
          el('span', { class: 'f', text: field }), el('span', { class: 'v', lang: 'zh-CN', text: value }),
          ' ← ', el('span', { class: 'rule', text: META.rules[x[2]] }),
          matched ? el('span', { class: 'm', lang: 'zh-CN', text: ' 「' + matched + '」' }) : null,
          has ? el('span', { class: 'rule', text: ' [' + x[3] + ', ' + x[4] + ')' }) : null
        ]));
      });
      box.appendChild(el('h3', { text: 'explain' }));
      box.appendChild(rows);
    } else if (o2 && o2.r.length) {
      box.appendChild(el('p', { class: 'rule', text: 'rules: ' + o2.r.map(function (r) { return META.rules[r]; }).join(', ') }));
    }
    if (it.edited && it.orig) box.appendChild(el('p', { class: 'rule', text: 'edited in correction mode: the explain list is the extractor’s, switch correction mode on to see the edits.' }));
  }

  function renderEditor(d, it, box) {
    function change(fn) { editItem(d, it, fn); }
    box.appendChild(el('div', { class: 'edit-row' }, [
      el('label', {}, [el('input', { type: 'checkbox', id: 'ed-removed', checked: it.removed, onchange: function (e) { change(function (c) { c.removed = e.target.checked; }); } }), ' not a task ', el('kbd', { text: 'x' })]),
      el('label', {}, [el('input', { type: 'checkbox', id: 'ed-optional', checked: it.optional, onchange: function (e) { change(function (c) { c.optional = e.target.checked; }); } }), ' optional ', el('kbd', { text: 'o' })]),
      it.edited && !it.added ? el('button', { type: 'button', text: 'restore extracted', onclick: function () { restoreItem(d, it); } }) : null
    ]));
    if (it.removed) return;
    box.appendChild(el('div', { class: 'edit-row' }, [el('b', { text: 'kind' })].concat(['directive', 'report'].map(function (k) {
      return el('label', {}, [el('input', { type: 'radio', name: 'ed-kind', value: k, checked: it.kind === k, onchange: function () { change(function (c) { c.kind = k; }); } }), ' ' + k]);
    }))));
    box.appendChild(el('div', { class: 'edit-row' }, [
      el('b', { text: 'span' }),
      el('button', {
        type: 'button', text: 'set to the selected text', title: 'The quote becomes the text selected in the document', onmousedown: keepSelection,
        onclick: function () { var sp = selectionSpan(); if (sp) change(function (c) { c.s = sp.s; c.e = sp.e; }); else setStatus('select text in the document first'); }
      })
    ]));
    // categories: the first is the main one
    var cats = el('div', { class: 'edit-row' }, [el('b', { text: 'categories' })]);
    it.cats.forEach(function (c, i) {
      cats.appendChild(el('span', { class: 'chip' + (i ? '' : ' main'), title: c + (i ? ' (click: make main)' : ' (main)'), lang: 'zh-CN' }, [
        el('span', { text: (i ? '' : '★ ') + clip(catName(c), 16), onclick: function () { if (i) change(function (x) { x.cats.splice(i, 1); x.cats.unshift(c); }); } }),
        el('button', { type: 'button', 'aria-label': 'remove ' + c, text: '×', onclick: function () { change(function (x) { x.cats.splice(i, 1); }); } })
      ]));
    });
    var add = el('select', { id: 'ed-cat', 'aria-label': 'add a category', onchange: function (e) { var v = e.target.value; if (v) change(function (x) { if (x.cats.indexOf(v) < 0) x.cats.push(v); }); } },
      [el('option', { value: '', text: '+ category' })].concat(META.categories.filter(function (c) { return it.cats.indexOf(c[0]) < 0; }).map(function (c) {
        return el('option', { value: c[0], text: c[1] + ' (' + c[0] + ')' });
      })));
    cats.appendChild(add);
    box.appendChild(cats);
    // bodies
    var bodies = el('div', { class: 'list', id: 'ed-bodies' });
    it.bodies.forEach(function (b, i) {
      bodies.appendChild(el('div', {}, [
        el('span', { lang: 'zh-CN', class: b.s !== null && b.s !== undefined ? 'go' : '', text: b.text, onclick: go(b.s, b.e) }),
        el('select', { 'aria-label': 'source', onchange: function (e) { change(function (x) { x.bodies[i].source = e.target.value; }); } },
          ['explicit', 'inherited'].map(function (s) { return el('option', { value: s, text: s, selected: b.source === s }); })),
        el('button', { type: 'button', text: '×', 'aria-label': 'remove body ' + b.text, onclick: function () { change(function (x) { x.bodies.splice(i, 1); }); } })
      ]));
    });
    var typed = el('input', { type: 'text', id: 'ed-body-text', placeholder: 'inherited body, typed', lang: 'zh-CN' });
    bodies.appendChild(el('div', {}, [
      el('button', {
        type: 'button', id: 'ed-body-sel', text: '+ selected text', onmousedown: keepSelection,
        onclick: function () {
          var sp = selectionSpan();
          if (!sp) { setStatus('select the body in the text first'); return; }
          var src = sp.s >= it.s && sp.e <= it.e ? 'explicit' : 'inherited';
          change(function (x) { x.bodies.push({ text: sp.text, source: src, s: sp.s, e: sp.e }); });
        }
      }),
      typed,
      el('button', {
        type: 'button', id: 'ed-body-add', text: '+ typed',
        onclick: function () { var v = typed.value.trim(); if (v) change(function (x) { x.bodies.push({ text: v, source: 'inherited', s: null, e: null }); }); }
      })
    ]));
    box.appendChild(el('div', { class: 'edit-row' }, [el('b', { text: 'bodies' }), bodies]));
    // deadlines
    var dls = el('div', { class: 'list', id: 'ed-deadlines' });
    function kindSelect(current, onchange, id) {
      return el('select', { id: id, 'aria-label': 'deadline kind', onchange: onchange }, META.deadline_kinds.map(function (k) {
        return el('option', { value: k, text: k, selected: k === current });
      }));
    }
    it.dls.forEach(function (x, i) {
      dls.appendChild(el('div', {}, [
        el('span', { lang: 'zh-CN', class: 'go', text: x.text, onclick: go(x.s, x.e) }),
        kindSelect(x.kind, function (e) { change(function (c) { c.dls[i].kind = e.target.value; c.dls[i].res = ''; }); }),
        el('button', { type: 'button', text: '×', 'aria-label': 'remove deadline ' + x.text, onclick: function () { change(function (c) { c.dls.splice(i, 1); }); } })
      ]));
    });
    var newKind = kindSelect(META.deadline_kinds[0], null, 'ed-dl-kind');
    dls.appendChild(el('div', {}, [
      el('button', {
        type: 'button', id: 'ed-dl-sel', text: '+ selected text as', onmousedown: keepSelection,
        onclick: function () {
          var sp = selectionSpan();
          if (!sp) { setStatus('select the deadline in the text first'); return; }
          change(function (c) { c.dls.push({ text: sp.text, kind: newKind.value, s: sp.s, e: sp.e }); });
        }
      }),
      newKind
    ]));
    box.appendChild(el('div', { class: 'edit-row' }, [el('b', { text: 'deadline' }), dls]));
  }

  // ---------------------------------------------------------------- navigation

  function refresh() {
    var d = state.doc >= 0 ? getDoc(state.doc) : null;
    var all = scopeItems();
    if (d) {
      renderHead(d);
      renderText(d);
    }
    renderFilters(all);
    renderList(all);
    renderDetail();
    markSelected(false);
    renderIndex();
    remember();
  }

  function openDoc(i, key) {
    if (i < 0 || i >= META.docs.length) return;
    state.doc = i;
    state.key = key || null;
    var d = getDoc(i);
    renderHead(d);
    renderText(d);
    if (state.scope === 'doc') {
      var all = scopeItems();
      renderFilters(all);
      renderList(all);
    } else {
      markListed();
    }
    renderDetail();
    markSelected(!!key);
    renderIndex();
    if (!key) $('#doc').scrollTop = 0;
    remember();
  }

  function markListed() {
    document.querySelectorAll('#task-list button[data-key]').forEach(function (b) {
      var on = +b.dataset.doc === state.doc && b.dataset.key === state.key;
      b.setAttribute('aria-current', on ? 'true' : 'false');
      if (on) b.scrollIntoView({ block: 'nearest' });
    });
  }

  function selectItem(docIndex, key, scroll) {
    if (docIndex !== state.doc) { openDoc(docIndex, key); return; }
    state.key = key;
    renderDetail();
    markSelected(scroll);
    markListed();
    remember();
  }

  function step(delta) {
    var L = state.listed;
    if (!L.length) return;
    var at = L.findIndex(function (x) { return x.d.index === state.doc && x.key === state.key; });
    var next = at < 0 ? (delta > 0 ? 0 : L.length - 1) : Math.max(0, Math.min(L.length - 1, at + delta));
    if (next >= state.listLimit) { state.listLimit = next + 1; renderList(scopeItems()); }
    selectItem(L[next].d.index, L[next].key, true);
  }

  function stepDoc(delta) {
    var q = state.indexQuery.toLowerCase();
    for (var i = state.doc + delta; i >= 0 && i < META.docs.length; i += delta) {
      if (docMatches(i, q)) {
        state.indexPage = Math.floor(i / INDEX_PAGE);
        openDoc(i);
        return;
      }
    }
  }

  function remember() {
    var h = '#doc=' + state.doc + (state.key ? '&task=' + state.key : '');
    if (location.hash !== h) history.replaceState(null, '', h);
  }

  function setMode(on) {
    state.correcting = on;
    document.body.classList.toggle('correcting', on);
    var b = $('#mode');
    b.setAttribute('aria-pressed', on ? 'true' : 'false');
    b.textContent = on ? 'Correcting' : 'Correct';
    if (state.doc >= 0) renderHead(getDoc(state.doc));
    renderDetail();
    placeAddButton();
  }

  // ---------------------------------------------------------------- export

  function gold(d) {
    var issuer = d.issuer || [];
    return {
      doc: d.file,
      meta: { title: metaValue(d, 'title'), date: metaValue(d, 'date'), issuer: issuer },
      tasks: items(d).filter(function (it) { return !it.removed; }).map(function (it) {
        return {
          quote: d.ti.slice(it.s, it.e),
          kind: it.kind,
          categories: it.cats.slice(),
          bodies: it.bodies.filter(function (b) { return b.text; }).map(function (b) { return { text: b.text, source: b.source }; }),
          deadline: it.dls.filter(function (x) { return x.text; }).map(function (x) { return { text: x.text, kind: x.kind }; }),
          optional: !!it.optional
        };
      })
    };
  }

  function goldName(d) {
    var f = d.file || d.id;
    var dot = f.lastIndexOf('.');
    return (dot > 0 ? f.slice(0, dot) : f) + '.json';
  }

  function goldText(d) { return JSON.stringify(gold(d), null, 1) + '\n'; }

  function download(name, blob) {
    var url = URL.createObjectURL(blob);
    var a = el('a', { href: url, download: name });
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(function () { URL.revokeObjectURL(url); }, 10000);
  }

  function exportDoc() {
    if (state.doc < 0) return;
    var d = getDoc(state.doc);
    if (d.error) { setStatus('this document could not be read: nothing to export'); return; }
    download(goldName(d), new Blob([goldText(d)], { type: 'application/json' }));
    setStatus('exported ' + goldName(d));
  }

  function exportAll() {
    var files = [];
    var names = new Set();
    var clash = 0;
    for (var i = 0; i < META.docs.length; i++) {
      if (META.docs[i].error) continue;
      var d = getDoc(i);
      var name = goldName(d);
      if (names.has(name)) { clash++; continue; }
      names.add(name);
      files.push([name, goldText(d)]);
    }
    download('gold.zip', zip(files));
    setStatus('exported ' + files.length + ' gold files' + (clash ? '; ' + clash + ' left out: another document has the same file name (eval pairs by file name)' : ''));
  }

  // A zip archive of stored (uncompressed) entries with UTF-8 names.
  var CRC_TABLE = (function () {
    var t = new Uint32Array(256);
    for (var n = 0; n < 256; n++) {
      var c = n;
      for (var k = 0; k < 8; k++) c = c & 1 ? 0xEDB88320 ^ (c >>> 1) : c >>> 1;
      t[n] = c >>> 0;
    }
    return t;
  })();

  function crc32(bytes) {
    var c = 0xFFFFFFFF;
    for (var i = 0; i < bytes.length; i++) c = CRC_TABLE[(c ^ bytes[i]) & 0xFF] ^ (c >>> 8);
    return (c ^ 0xFFFFFFFF) >>> 0;
  }

  function zip(files) {
    var enc = new TextEncoder();
    var parts = [];
    var central = [];
    var offset = 0;
    files.forEach(function (f) {
      var name = enc.encode(f[0]);
      var data = enc.encode(f[1]);
      var crc = crc32(data);
      var local = new DataView(new ArrayBuffer(30));
      local.setUint32(0, 0x04034b50, true);
      local.setUint16(4, 20, true);
      local.setUint16(6, 0x0800, true); // names in UTF-8
      local.setUint16(8, 0, true);      // stored
      local.setUint32(14, crc, true);
      local.setUint32(18, data.length, true);
      local.setUint32(22, data.length, true);
      local.setUint16(26, name.length, true);
      parts.push(local.buffer, name, data);
      var cd = new DataView(new ArrayBuffer(46));
      cd.setUint32(0, 0x02014b50, true);
      cd.setUint16(4, 20, true);
      cd.setUint16(6, 20, true);
      cd.setUint16(8, 0x0800, true);
      cd.setUint32(16, crc, true);
      cd.setUint32(20, data.length, true);
      cd.setUint32(24, data.length, true);
      cd.setUint16(28, name.length, true);
      cd.setUint32(42, offset, true);
      central.push(cd.buffer, name);
      offset += 30 + name.length + data.length;
    });
    var size = central.reduce(function (n, p) { return n + p.byteLength; }, 0);
    var end = new DataView(new ArrayBuffer(22));
    end.setUint32(0, 0x06054b50, true);
    end.setUint16(8, files.length, true);
    end.setUint16(10, files.length, true);
    end.setUint32(12, size, true);
    end.setUint32(16, offset, true);
    return new Blob(parts.concat(central, [end.buffer]), { type: 'application/zip' });
  }

  // ---------------------------------------------------------------- events

  function itemAtLeaf(target) {
    var leaf = target.closest && target.closest('#text [data-k]');
    if (!leaf) return null;
    var d = getDoc(state.doc);
    var keys = leaf.dataset.k.split(' ');
    // of overlapping items, the shortest
    var its = keys.map(function (k) { return itemByKey(d, k); }).filter(Boolean);
    its.sort(function (a, b) { return (a.e - a.s) - (b.e - b.s); });
    return its[0] || null;
  }

  function showTip(it, x, y) {
    var tip = $('#tip');
    tip.textContent = '';
    tip.appendChild(el('div', {}, [el('b', { text: '#' + (it.pos + 1) + ' ' + it.kind }), it.removed ? ' (not a task)' : '', it.optional ? ' (optional)' : '']));
    if (it.cats.length) tip.appendChild(el('div', { text: 'categories: ' + it.cats.map(catName).join('；') }));
    if (it.bodies.length) tip.appendChild(el('div', { text: 'bodies: ' + it.bodies.map(function (b) { return b.text + (b.source === 'inherited' ? ' (inherited)' : ''); }).join('、') }));
    if (it.dls.length) tip.appendChild(el('div', { text: 'deadline: ' + it.dls.map(function (x) { return x.text + ' (' + x.kind + ')'; }).join('、') }));
    if (it.orig && !it.edited) tip.appendChild(el('div', { text: 'rules: ' + it.orig.r.map(function (r) { return META.rules[r]; }).join(', ') }));
    tip.hidden = false;
    var w = tip.offsetWidth, h = tip.offsetHeight;
    tip.style.left = Math.max(4, Math.min(x + 12, window.innerWidth - w - 4)) + 'px';
    tip.style.top = (y + 16 + h > window.innerHeight ? Math.max(4, y - h - 8) : y + 16) + 'px';
  }

  function bind() {
    var text = $('#text');
    text.addEventListener('click', function (e) {
      var sel = window.getSelection();
      if (sel && !sel.isCollapsed) return; // selecting text, not a task
      var it = itemAtLeaf(e.target);
      if (it) selectItem(state.doc, it.key, false);
    });
    text.addEventListener('mousemove', function (e) {
      var it = itemAtLeaf(e.target);
      if (it) showTip(it, e.clientX, e.clientY); else $('#tip').hidden = true;
    });
    text.addEventListener('mouseleave', function () { $('#tip').hidden = true; });
    document.addEventListener('selectionchange', function () { placeAddButton(); });
    $('#add-task').addEventListener('mousedown', function (e) { e.preventDefault(); });
    $('#add-task').addEventListener('click', addFromSelection);
    $('#mode').addEventListener('click', function () { setMode(!state.correcting); });
    $('#export-doc').addEventListener('click', exportDoc);
    $('#export-all').addEventListener('click', exportAll);
    $('#help-button').addEventListener('click', function () { $('#help').hidden = !$('#help').hidden; });
    $('#help-close').addEventListener('click', function () { $('#help').hidden = true; });
    $('#clear-filters').addEventListener('click', function (e) {
      e.preventDefault();
      GROUPS.forEach(function (g) { state.filters[g[0]].clear(); });
      refresh();
    });
    document.querySelectorAll('#scope input').forEach(function (r) {
      r.addEventListener('change', function () { state.scope = r.value; state.listLimit = LIST_PAGE; refresh(); });
    });
    $('#doc-search').addEventListener('input', function (e) { state.indexQuery = e.target.value; state.indexPage = 0; renderIndex(); });
    document.addEventListener('keydown', onKey);
  }

  function addFromSelection() {
    var sp = selectionSpan();
    if (!sp || !state.correcting) return;
    window.getSelection().removeAllRanges();
    $('#add-task').hidden = true;
    addItem(getDoc(state.doc), sp.s, sp.e);
  }

  function onKey(e) {
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    var tag = e.target.tagName;
    if (tag === 'INPUT' || tag === 'SELECT' || tag === 'TEXTAREA') {
      if (e.key === 'Escape') e.target.blur();
      return;
    }
    var d = state.doc >= 0 ? getDoc(state.doc) : null;
    var it = d && state.key ? itemByKey(d, state.key) : null;
    var handled = true;
    switch (e.key) {
      case 'j': case 'n': step(1); break;
      case 'k': case 'p': step(-1); break;
      case ']': stepDoc(1); break;
      case '[': stepDoc(-1); break;
      case '/': $('#doc-search').focus(); break;
      case '?': $('#help').hidden = !$('#help').hidden; break;
      case 'e': setMode(!state.correcting); break;
      case 'Escape':
        $('#help').hidden = true;
        window.getSelection().removeAllRanges();
        state.key = null; renderDetail(); markSelected(false); markListed(); remember();
        break;
      default:
        handled = false;
    }
    if (!handled && state.correcting && d) {
      handled = true;
      switch (e.key) {
        case 'a': addFromSelection(); break;
        case 'x': if (it) editItem(d, it, function (c) { c.removed = !c.removed; }); break;
        case 'o': if (it) editItem(d, it, function (c) { c.optional = !c.optional; }); break;
        case 'd': if (it) editItem(d, it, function (c) { c.kind = 'directive'; }); break;
        case 'r': if (it) editItem(d, it, function (c) { c.kind = 'report'; }); break;
        default: handled = false;
      }
    }
    if (handled) e.preventDefault();
  }

  // ---------------------------------------------------------------- start

  function start() {
    document.title = META.title;
    $('#page-title').textContent = META.title;
    var tasks = META.docs.reduce(function (n, e) { return n + e.tasks; }, 0);
    var failed = META.docs.filter(function (e) { return e.error; }).length;
    $('#summary').textContent = META.docs.length + (META.docs.length === 1 ? ' document, ' : ' documents, ') + tasks + ' tasks' + (failed ? ', ' + failed + ' unreadable' : '');
    bind();
    if (META.docs.length) openFromHash();
    else { renderIndex(); $('#text').textContent = 'No documents.'; }
    // a link to another document or task of the page (#doc=3&task=t7), or back and forward
    window.addEventListener('hashchange', openFromHash);
    // how long the page took to be usable, from the start of its navigation (scripts/review_size.sh)
    document.body.dataset.readyMs = String(Math.round(performance.now()));
    document.body.dataset.ready = '1';
  }

  function openFromHash() {
    var m = /#doc=(\d+)(?:&task=([a-z]\d+))?/.exec(location.hash);
    var doc = m ? Math.min(+m[1], META.docs.length - 1) : 0;
    var key = m && m[2] ? m[2] : null;
    if (doc === state.doc && key === state.key) return;
    state.indexPage = Math.floor(Math.max(doc, 0) / INDEX_PAGE);
    if (doc === state.doc && key) selectItem(doc, key, true); else openDoc(doc, key);
  }

  window.zhenggaiReview = { gold: function (i) { return gold(getDoc(i)); } };
  start();
})();
