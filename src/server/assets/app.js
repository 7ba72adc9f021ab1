// The search page of `warta serve`: reads its state from the URL, asks the JSON API, and
// draws results, filters, a chart and articles. Article text is untrusted (scraped pages):
// it is only ever set as text (textContent, text nodes), never parsed as markup.
'use strict';

(function () {
  const PAGE_SIZE = 10;
  // Query parameters that the page does not offer controls for but passes on, so that a
  // shared URL with them shows what its sender saw.
  const PASS_THROUGH = ['fields'];
  const MONTHS = ['Januari', 'Februari', 'Maret', 'April', 'Mei', 'Juni', 'Juli',
    'Agustus', 'September', 'Oktober', 'November', 'Desember'];
  const SHORT_MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'Mei', 'Jun', 'Jul', 'Agu', 'Sep',
    'Okt', 'Nov', 'Des'];
  const SVG = 'http://www.w3.org/2000/svg';
  const numbers = new Intl.NumberFormat('id-ID');
  const TOKEN_KEY = 'warta-token';

  const $ = (id) => document.getElementById(id);
  // Each render bumps this; answers to an older render are dropped, so a slow response
  // never paints over a newer state.
  let generation = 0;

  // ---------- state <-> URL ----------

  function readState(search) {
    const p = new URLSearchParams(search);
    const page = parseInt(p.get('page') || '1', 10);
    const state = {
      q: (p.get('q') || '').trim(),
      id: p.get('id'),
      sources: p.getAll('source').filter((s) => s !== ''),
      since: p.get('since') || '',
      until: p.get('until') || '',
      sort: p.get('sort') || 'relevance',
      match: p.get('match') === 'any' ? 'any' : '',
      copies: p.get('include_duplicates') === 'true',
      page: Number.isFinite(page) && page > 0 ? page : 1,
      extra: [],
    };
    for (const key of PASS_THROUGH) {
      for (const value of p.getAll(key)) state.extra.push([key, value]);
    }
    return state;
  }

  // The search part of a state as query parameters, defaults left out.
  function searchParams(state) {
    const p = new URLSearchParams();
    if (state.q) p.set('q', state.q);
    for (const s of state.sources) p.append('source', s);
    if (state.since) p.set('since', state.since);
    if (state.until) p.set('until', state.until);
    if (state.sort && state.sort !== 'relevance') p.set('sort', state.sort);
    if (state.match) p.set('match', state.match);
    if (state.copies) p.set('include_duplicates', 'true');
    for (const [k, v] of state.extra) p.append(k, v);
    return p;
  }

  function resultsUrl(state, page) {
    const p = searchParams(state);
    if (page && page > 1) p.set('page', String(page));
    const s = p.toString();
    return s ? '/?' + s : '/';
  }

  function articleUrl(state, id) {
    const p = new URLSearchParams();
    p.set('id', id);
    for (const [k, v] of searchParams(state)) p.append(k, v);
    if (state.page > 1) p.set('page', String(state.page));
    return '/?' + p.toString();
  }

  // Each entry remembers the URL it was reached from, so that "back to the results" can
  // step back in history (keeping the reader's place) instead of stacking a new entry.
  function navigate(url) {
    const here = location.pathname + location.search;
    if (url !== here) history.pushState({ from: here }, '', url);
    render();
    window.scrollTo(0, 0);
  }

  // ---------- the API ----------

  class ApiError extends Error {
    constructor(status, message, column) {
      super(message);
      this.status = status;
      this.column = column;
    }
  }

  async function api(path) {
    const headers = { Accept: 'application/json' };
    const token = sessionStorage.getItem(TOKEN_KEY);
    if (token) headers.Authorization = 'Bearer ' + token;
    let response;
    try {
      response = await fetch(path, { headers });
    } catch (e) {
      throw new ApiError(0, 'Server tidak dapat dihubungi.');
    }
    let body = null;
    try {
      body = await response.json();
    } catch (e) {
      body = null;
    }
    if (!response.ok) {
      const message = body && typeof body.error === 'string' ? body.error : response.statusText;
      const column = body && Number.isInteger(body.column) ? body.column : null;
      throw new ApiError(response.status, message, column);
    }
    return body;
  }

  function apiSearch(state) {
    const p = searchParams(state);
    p.set('limit', String(PAGE_SIZE));
    p.set('page', String(state.page));
    return api('/api/search?' + p.toString());
  }

  // Facet counts for the query. Outlet counts leave out the outlet filter itself, so that
  // the list keeps offering the other outlets.
  function apiFacets(state, by, withSources) {
    const p = searchParams({ ...state, sources: withSources ? state.sources : [], sort: '' });
    p.set('by', by);
    return api('/api/facets?' + p.toString());
  }

  // ---------- small builders ----------

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === null || v === undefined || v === false) continue;
      if (k === 'className') node.className = v;
      else node.setAttribute(k, v === true ? '' : String(v));
    }
    for (const child of children) {
      if (child === null || child === undefined) continue;
      node.append(child instanceof Node ? child : String(child));
    }
    return node;
  }

  function svg(tag, attrs) {
    const node = document.createElementNS(SVG, tag);
    for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, String(v));
    return node;
  }

  function navLink(href, text, attrs) {
    return el('a', { href, 'data-nav': true, ...(attrs || {}) }, text);
  }

  // Appends `text` to `parent` with the [start, end) ranges in `highlights` (Unicode
  // character offsets, as the API gives them) wrapped in <mark>.
  function appendHighlighted(parent, text, highlights) {
    const chars = Array.from(text);
    const ranges = (Array.isArray(highlights) ? highlights : [])
      .filter((r) => Array.isArray(r) && Number.isInteger(r[0]) && Number.isInteger(r[1]))
      .slice()
      .sort((a, b) => a[0] - b[0]);
    let at = 0;
    for (const [start, end] of ranges) {
      if (start < at || end <= start || end > chars.length) continue;
      if (start > at) parent.append(chars.slice(at, start).join(''));
      parent.append(el('mark', null, chars.slice(start, end).join('')));
      at = end;
    }
    if (at < chars.length) parent.append(chars.slice(at).join(''));
  }

  // "2019-09-13" → "13 September 2019"; "2019-09-16T10:15:00+07:00" → "16 September 2019, 10.15".
  function formatDate(value) {
    const m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2}))?/.exec(value || '');
    if (!m) return value || '';
    const month = MONTHS[parseInt(m[2], 10) - 1];
    if (!month) return value;
    const day = String(parseInt(m[3], 10)) + ' ' + month + ' ' + m[1];
    return m[4] ? day + ', ' + m[4] + '.' + m[5] : day;
  }

  function formatMonth(key) {
    const m = /^(\d{4})-(\d{2})$/.exec(key);
    return m ? MONTHS[parseInt(m[2], 10) - 1] + ' ' + m[1] : key;
  }

  function dateNode(value) {
    return value ? el('time', { datetime: value }, formatDate(value)) : null;
  }

  // Only web links become links: a scraped `url` could be `javascript:…`.
  function safeHttpUrl(value) {
    try {
      const url = new URL(value);
      return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
    } catch (e) {
      return null;
    }
  }

  function setStatus(text, kind) {
    const status = $('status');
    status.textContent = text || '';
    status.className = 'status' + (kind ? ' ' + kind : '');
  }

  function showError(error) {
    if (error.status === 401) {
      askForToken();
      return;
    }
    if (error.status === 400) {
      const where = error.column ? ' (kolom ' + error.column + ')' : '';
      setStatus('Kueri tidak dapat dibaca' + where + ': ' + error.message, 'error');
    } else if (error.status === 404) {
      setStatus('Tidak ditemukan: ' + error.message, 'error');
    } else {
      setStatus(error.message || 'Terjadi kesalahan.', 'error');
    }
  }

  // A server bound beyond loopback asks for a token; the page asks the reader once and
  // keeps it for this tab only.
  function askForToken() {
    const status = $('status');
    status.className = 'status error';
    status.replaceChildren();
    const input = el('input', { type: 'password', autocomplete: 'off', 'aria-label': 'Token akses' });
    const form = el('form', { className: 'token' },
      'Server ini meminta token akses. ', input, ' ', el('button', { type: 'submit' }, 'Masuk'));
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      if (input.value) sessionStorage.setItem(TOKEN_KEY, input.value);
      render();
    });
    status.append(form);
    input.focus();
  }

  function show(view) {
    for (const id of ['results-view', 'article-view', 'home-view']) $(id).hidden = id !== view;
  }

  // ---------- views ----------

  async function render() {
    const run = ++generation;
    const state = readState(location.search);
    $('q').value = state.q;
    $('sort').value = ['relevance', 'newest', 'oldest'].includes(state.sort) ? state.sort : 'relevance';
    $('since').value = state.since;
    $('until').value = state.until;
    $('match-any').checked = state.match === 'any';
    $('with-copies').checked = state.copies;
    setStatus('Memuat…');
    document.body.setAttribute('aria-busy', 'true');
    try {
      if (state.id) await renderArticle(state, run);
      else if (state.q) await renderResults(state, run);
      else await renderHome(run);
      if (run === generation) setStatus('');
    } catch (error) {
      if (run === generation) {
        if (!(error instanceof ApiError)) console.error(error);
        showError(error instanceof ApiError ? error : new ApiError(0, 'Terjadi kesalahan.'));
      }
    } finally {
      if (run === generation) document.body.removeAttribute('aria-busy');
    }
  }

  async function renderResults(state, run) {
    document.title = state.q + ' — warta';
    const [results, sources, months] = await Promise.all([
      apiSearch(state),
      apiFacets(state, 'source', false),
      apiFacets(state, 'month', true),
    ]);
    if (run !== generation) return;
    show('results-view');
    drawSources(state, sources.groups || []);
    drawChart(state, months.groups || []);
    drawHits(state, results);
    drawPager(state, results.total || 0);
  }

  function drawSources(state, groups) {
    const list = $('sources');
    list.replaceChildren();
    const counts = new Map(groups.map((g) => [g.key, g.count]));
    // A chosen outlet stays listed (with 0) even when the dates leave it no article.
    for (const s of state.sources) if (!counts.has(s)) counts.set(s, 0);
    const chosen = new Set(state.sources);
    for (const [name, count] of counts) {
      const box = el('input', { type: 'checkbox', name: 'source', value: name });
      box.checked = chosen.has(name);
      box.addEventListener('change', () => {
        const next = box.checked
          ? [...state.sources, name]
          : state.sources.filter((s) => s !== name);
        navigate(resultsUrl({ ...state, sources: next }, 1));
      });
      list.append(el('li', null, el('label', null, box, ' ', el('span', { className: 'name' }, name),
        ' ', el('span', { className: 'count' }, numbers.format(count)))));
    }
    if (counts.size === 0) list.append(el('li', { className: 'empty' }, 'Tidak ada media.'));
    if (state.sources.length) {
      const clear = navLink(resultsUrl({ ...state, sources: [] }, 1), 'Semua media');
      list.append(el('li', { className: 'all' }, clear));
    }
  }

  function drawHits(state, results) {
    const hits = $('hits');
    hits.replaceChildren();
    const total = results.total || 0;
    const list = results.hits || [];
    const first = (state.page - 1) * PAGE_SIZE + 1;
    hits.start = first;
    const summary = $('summary');
    summary.replaceChildren();
    if (total === 0) {
      summary.append('Tidak ada artikel yang cocok dengan ', el('q', null, state.q), '.');
    } else if (list.length === 0) {
      summary.append(numbers.format(total) + ' artikel cocok; halaman ' + state.page + ' kosong.');
    } else {
      summary.append(numbers.format(total) + ' artikel cocok; menampilkan ' +
        numbers.format(first) + '–' + numbers.format(first + list.length - 1) + '.');
    }
    if (results.relaxed) {
      summary.append(' ', el('span', { className: 'notice' },
        'Tidak ada artikel yang memuat semua kata; yang ditampilkan memuat paling banyak.'));
    }
    for (const hit of list) {
      const meta = el('p', { className: 'meta' });
      const parts = [
        hit.source ? el('span', { className: 'source' }, hit.source) : null,
        dateNode(hit.date),
        hit.author ? el('span', { className: 'author' }, hit.author) : null,
      ].filter(Boolean);
      parts.forEach((part, i) => {
        if (i) meta.append(' · ');
        meta.append(part);
      });
      const snippet = el('p', { className: 'snippet' });
      if (typeof hit.snippet === 'string') appendHighlighted(snippet, hit.snippet, hit.highlights);
      hits.append(el('li', { className: 'hit' },
        el('h2', null, navLink(articleUrl(state, hit.id), hit.title || '(tanpa judul)')),
        meta, snippet));
    }
  }

  function drawPager(state, total) {
    const pager = $('pager');
    pager.replaceChildren();
    const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
    if (pages <= 1 && state.page <= 1) return;
    const page = state.page;
    if (page > 1) pager.append(navLink(resultsUrl(state, page - 1), '‹ Sebelumnya', { rel: 'prev' }));
    const shown = new Set([1, pages]);
    for (let p = page - 2; p <= page + 2; p++) if (p >= 1 && p <= pages) shown.add(p);
    let last = 0;
    for (const p of [...shown].sort((a, b) => a - b)) {
      if (p > last + 1) pager.append(el('span', { className: 'gap' }, '…'));
      pager.append(p === page
        ? el('span', { className: 'current', 'aria-current': 'page' }, String(p))
        : navLink(resultsUrl(state, p), String(p), { 'aria-label': 'Halaman ' + p }));
      last = p;
    }
    if (page < pages) pager.append(navLink(resultsUrl(state, page + 1), 'Berikutnya ›', { rel: 'next' }));
  }

  // Months from the first to the last with a match, empty months included, as bars.
  function drawChart(state, groups) {
    const figure = $('chart');
    const body = $('chart-body');
    body.replaceChildren();
    const counts = new Map();
    for (const g of groups) if (/^\d{4}-\d{2}$/.test(g.key)) counts.set(g.key, g.count);
    if (counts.size === 0) {
      figure.hidden = true;
      return;
    }
    const keys = [...counts.keys()].sort();
    const months = [];
    let [y, m] = keys[0].split('-').map(Number);
    const [ly, lm] = keys[keys.length - 1].split('-').map(Number);
    while ((y < ly || (y === ly && m <= lm)) && months.length < 1200) {
      months.push(y + '-' + String(m).padStart(2, '0'));
      if (++m > 12) { m = 1; y++; }
    }
    const max = Math.max(...counts.values());
    const width = 640, height = 140, left = 36, bottom = 22, top = 8;
    const plotW = width - left - 4, plotH = height - bottom - top;
    const step = plotW / months.length;
    const chart = svg('svg', { viewBox: `0 0 ${width} ${height}`, role: 'img', class: 'bars',
      'aria-label': 'Jumlah artikel per bulan' });
    chart.append(svg('line', { x1: left, y1: top + plotH, x2: width - 4, y2: top + plotH, class: 'axis' }));
    for (const value of [max, Math.round(max / 2)]) {
      if (value <= 0 || (value === Math.round(max / 2) && value === max)) continue;
      const yv = top + plotH - (value / max) * plotH;
      chart.append(svg('line', { x1: left, y1: yv, x2: width - 4, y2: yv, class: 'grid' }));
      const label = svg('text', { x: left - 4, y: yv + 4, class: 'ylabel' });
      label.textContent = numbers.format(value);
      chart.append(label);
    }
    const labelEvery = Math.ceil(months.length / 12);
    months.forEach((key, i) => {
      const count = counts.get(key) || 0;
      const h = (count / max) * plotH;
      const x = left + i * step;
      const bar = svg('rect', { x: x + step * 0.1, y: top + plotH - h, width: Math.max(step * 0.8, 1),
        height: h, class: 'bar', 'data-month': key });
      const tip = svg('title');
      tip.textContent = formatMonth(key) + ': ' + numbers.format(count) + ' artikel';
      bar.append(tip);
      if (count > 0) {
        bar.setAttribute('tabindex', '0');
        bar.setAttribute('role', 'link');
        const go = () => navigate(resultsUrl({ ...state, ...monthRange(key) }, 1));
        bar.addEventListener('click', go);
        bar.addEventListener('keydown', (e) => { if (e.key === 'Enter') go(); });
      }
      chart.append(bar);
      if (i % labelEvery === 0) {
        const [yy, mm] = key.split('-').map(Number);
        const label = svg('text', { x: x + step / 2, y: height - 6, class: 'xlabel' });
        label.textContent = mm === 1 || i === 0 ? SHORT_MONTHS[mm - 1] + ' ' + yy : SHORT_MONTHS[mm - 1];
        chart.append(label);
      }
    });
    body.append(chart);
    figure.hidden = false;
  }

  function monthRange(key) {
    const [y, m] = key.split('-').map(Number);
    const lastDay = new Date(Date.UTC(y, m, 0)).getUTCDate();
    return { since: key + '-01', until: key + '-' + String(lastDay).padStart(2, '0') };
  }

  async function renderArticle(state, run) {
    const article = await api('/api/articles/' + encodeURIComponent(state.id));
    if (run !== generation) return;
    show('article-view');
    document.title = (article.title || state.id) + ' — warta';
    const back = $('back');
    if (state.q) {
      back.textContent = '← Kembali ke hasil';
      back.href = resultsUrl(state, state.page);
    } else {
      back.textContent = '← Beranda';
      back.href = '/';
    }
    back.setAttribute('data-nav', '');
    $('article-title').textContent = article.title || '(tanpa judul)';

    const meta = $('article-meta');
    meta.replaceChildren();
    const url = article.url ? safeHttpUrl(article.url) : null;
    const rows = [
      ['Media', article.source],
      ['Tanggal', article.date ? dateNode(article.date) : null],
      ['Penulis', article.author],
      ['Tautan asli', url ? el('a', { href: url, rel: 'noopener noreferrer nofollow' }, article.url)
        : article.url],
      ['ID', el('code', null, article.id)],
    ];
    for (const [label, value] of rows) {
      if (value === null || value === undefined || value === '') continue;
      meta.append(el('dt', null, label), el('dd', null, value));
    }

    const body = $('article-body');
    body.replaceChildren();
    for (const paragraph of String(article.body || '').split(/\n+/)) {
      if (paragraph.trim()) body.append(el('p', null, paragraph));
    }

    const related = $('article-related');
    const relatedList = related.querySelector('ul');
    relatedList.replaceChildren();
    for (const headline of article.related || []) relatedList.append(el('li', null, headline));
    related.hidden = relatedList.children.length === 0;

    drawCopies(state, article, run);
  }

  // The other copies of the story: the canonical one first, then the rest; their titles
  // are fetched after the article is on screen.
  function drawCopies(state, article, run) {
    const section = $('article-copies');
    const list = section.querySelector('ul');
    list.replaceChildren();
    const note = $('copies-note');
    const ids = [];
    if (article.duplicate_of) ids.push(article.duplicate_of);
    for (const id of article.duplicates || []) if (!ids.includes(id)) ids.push(id);
    if (ids.length === 0) {
      section.hidden = true;
      return;
    }
    note.textContent = article.duplicate_of
      ? 'Artikel ini salinan; berita yang sama juga terbit sebagai:'
      : 'Berita yang sama juga terbit sebagai:';
    for (const id of ids.slice(0, 50)) {
      const link = navLink(articleUrl({ ...state, page: state.page }, id), id);
      const item = el('li', null, link);
      if (id === article.duplicate_of) item.append(' ', el('span', { className: 'badge' }, 'asli'));
      list.append(item);
      if (ids.indexOf(id) < 20) {
        api('/api/articles/' + encodeURIComponent(id)).then((copy) => {
          if (run !== generation) return;
          link.textContent = copy.title || id;
          const details = [copy.source, copy.date ? formatDate(copy.date) : null].filter(Boolean);
          if (details.length) item.insertBefore(document.createTextNode(' — ' + details.join(', ')), link.nextSibling);
        }, () => {});
      }
    }
    section.hidden = false;
  }

  async function renderHome(run) {
    document.title = 'warta — arsip berita';
    const stats = await api('/api/stats');
    if (run !== generation) return;
    show('home-view');
    const sources = Array.isArray(stats.sources) ? stats.sources : [];
    const line = $('home-stats');
    line.textContent = 'Arsip ini memuat ' + numbers.format(stats.documents || 0) + ' artikel dari ' +
      numbers.format(sources.length) + ' media' +
      (stats.first_date && stats.last_date
        ? ', terbit ' + formatDate(stats.first_date) + ' sampai ' + formatDate(stats.last_date) + '.'
        : '.');
    const list = $('home-sources');
    list.replaceChildren();
    for (const s of sources) {
      list.append(el('li', null, el('span', { className: 'name' }, s.source), ' ',
        el('span', { className: 'count' }, numbers.format(s.count))));
    }
    $('q').focus();
  }

  // ---------- wiring ----------

  function currentState() {
    return readState(location.search);
  }

  $('search').addEventListener('submit', (event) => {
    event.preventDefault();
    const q = $('q').value.trim();
    if (!q) return navigate('/');
    navigate(resultsUrl({ ...currentState(), id: null, q }, 1));
  });

  $('filters').addEventListener('submit', (event) => {
    event.preventDefault();
    navigate(resultsUrl({ ...currentState(), since: $('since').value, until: $('until').value }, 1));
  });

  $('sort').addEventListener('change', () => {
    navigate(resultsUrl({ ...currentState(), sort: $('sort').value }, 1));
  });

  $('match-any').addEventListener('change', () => {
    navigate(resultsUrl({ ...currentState(), match: $('match-any').checked ? 'any' : '' }, 1));
  });

  $('with-copies').addEventListener('change', () => {
    navigate(resultsUrl({ ...currentState(), copies: $('with-copies').checked }, 1));
  });

  $('clear-dates').addEventListener('click', () => {
    navigate(resultsUrl({ ...currentState(), since: '', until: '' }, 1));
  });

  // Links marked data-nav stay in the page (pushState); a modified click (new tab) does not.
  document.addEventListener('click', (event) => {
    const link = event.target instanceof Element ? event.target.closest('a[data-nav]') : null;
    if (!link || event.defaultPrevented || event.button !== 0 ||
        event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    const url = new URL(link.href);
    navigate(url.pathname + url.search);
  });

  $('back').addEventListener('click', (event) => {
    const target = new URL($('back').href);
    if (history.state && history.state.from === target.pathname + target.search) {
      event.preventDefault();
      history.back();
    }
  });

  $('home').setAttribute('data-nav', '');
  window.addEventListener('popstate', render);
  render();
})();
