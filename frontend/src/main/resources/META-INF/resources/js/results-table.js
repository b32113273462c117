/*
 * ResultsTable: the incidents the map shows, as a table (#results): the same filter, the shown
 * categories, and with "Only the area in view" the map's view. It is the keyboard's way to the
 * markers: every row's title is a button that flies the map to the incident and opens its popup.
 *
 * Sortable by date, title, category and province (th[aria-sort] buttons); paged (PAGE_SIZE rows)
 * so 20,000 rows cost one sort and 50 DOM rows. Rows are tr[data-id]. "Download this table"
 * is the CSV export of the same filter (and view), built by `exportUrl()`.
 */
import {el} from './dom.js';
import {formatDate} from './dates.js';

const PAGE_SIZE = 50;

const COLUMNS = [
	{key: 'date', label: 'Date'},
	{key: 'title', label: 'Incident'},
	{key: 'category', label: 'Category'},
	{key: 'province', label: 'Province'}
];

export class ResultsTable {

	// container: section#results; options: {onOpen(feature), exportUrl() → href, isShown(feature) → boolean,
	// provinceName(code), onInView(checked), inView}
	constructor(container, options) {
		this.options = options;
		this.features = [];
		this.rows = [];
		this.sort = {key: 'date', descending: true};
		this.page = 0;
		this.categories = new Map();
		this._selected = null;
		this.loading = 0;
		this.unlisted = 0;
		this.moreUnlisted = false;

		this.inView = el('input', {type: 'checkbox', id: 'results-in-view'});
		this.inView.checked = !!options.inView;
		this.inView.addEventListener('change', () => options.onInView(this.inView.checked));
		this.download = el('a', {className: 'results-download', id: 'results-download', href: '#', download: ''},
			'Download this table (CSV)');
		const prepare = () => { this.download.href = options.exportUrl(); };
		['click', 'focus', 'mouseenter', 'contextmenu'].forEach((type) => this.download.addEventListener(type, prepare));
		this.summary = el('p', {className: 'results-summary', id: 'results-summary', 'aria-live': 'polite'});
		this.head = el('tr', {});
		this.body = el('tbody', {});
		this.prev = el('button', {type: 'button', className: 'results-page', id: 'results-prev'}, '‹ Previous');
		this.next = el('button', {type: 'button', className: 'results-page', id: 'results-next'}, 'Next ›');
		this.prev.addEventListener('click', () => this._goto(this.page - 1));
		this.next.addEventListener('click', () => this._goto(this.page + 1));
		this.pageLabel = el('span', {className: 'results-page-label'});
		container.replaceChildren(
			el('div', {className: 'results-bar'},
				el('h2', {className: 'section-title results-title', id: 'results-title'}, 'Results'),
				this.summary,
				el('label', {className: 'results-in-view'}, this.inView, ' Only the area in view'),
				this.download),
			el('div', {className: 'results-scroll'},
				el('table', {className: 'results-table', 'aria-labelledby': 'results-title'},
					el('thead', {}, this.head), this.body)),
			el('div', {className: 'results-pager'}, this.prev, this.pageLabel, this.next));
		this._renderHead();
	}

	// categories: [{key, label, colour}]
	setCategories(categories) {
		this.categories = new Map(categories.map((c) => [c.key, c]));
	}

	// All features of the last fetch; refresh() applies the shown categories and the view.
	// matched: how many incidents the fetch matched, when it listed only the first `features.length`;
	// moreThan (optional): the fetch did not count them and only says that more than it listed matched.
	setFeatures(features, matched = features.length, moreThan = undefined) {
		this.features = features;
		this.loading = 0;
		this.unlisted = Math.max(0, matched - features.length);
		this.moreUnlisted = moreThan !== undefined && moreThan !== null;
		this.refresh();
	}

	// The map draws `count` incidents as clusters and the table's own rows are being fetched.
	setLoading(count) {
		this.loading = count;
		this.summary.textContent = 'Listing ' + count + ' incidents…';
	}

	setInView(checked) {
		this.inView.checked = checked;
	}

	// Recomputes the rows (after a category toggle, a move of the map, new features), keeping the page.
	refresh() {
		this.rows = this.features.filter((f) => f && f.geometry && this.options.isShown(f, this.inView.checked));
		this._sortRows();
		this._goto(Math.min(this.page, this._lastPage()));
	}

	// Shows the row of incident `id` (its page, scrolled into view, marked) and focuses its button.
	showRow(id, focus = true) {
		const index = this.rows.findIndex((f) => String(f.id) === String(id));
		if (index < 0) { return false; }
		this._selected = String(id);
		this._goto(Math.floor(index / PAGE_SIZE));
		const row = this.body.querySelector('tr[data-id="' + CSS.escape(String(id)) + '"]');
		if (row) {
			row.scrollIntoView({block: 'nearest'});
			if (focus) { row.querySelector('button').focus(); }
		}
		return true;
	}

	_lastPage() {
		return Math.max(0, Math.ceil(this.rows.length / PAGE_SIZE) - 1);
	}

	_sortRows() {
		const value = sortValue(this.sort.key, this);
		const direction = this.sort.descending ? -1 : 1;
		const keyed = this.rows.map((f) => ({f, v: value(f)}));
		keyed.sort((a, b) => (a.v < b.v ? -direction : a.v > b.v ? direction : Number(a.f.id) - Number(b.f.id)));
		this.rows = keyed.map((k) => k.f);
	}

	_renderHead() {
		this.head.replaceChildren(...COLUMNS.map((column) => {
			const active = this.sort.key === column.key;
			const button = el('button', {type: 'button', className: 'results-sort', dataset: {sort: column.key}},
				column.label, el('span', {'aria-hidden': 'true'}, active ? (this.sort.descending ? ' ▼' : ' ▲') : ''));
			button.addEventListener('click', () => {
				this.sort = {key: column.key, descending: active ? !this.sort.descending : column.key === 'date'};
				this._renderHead();
				this._sortRows();
				this._goto(0);
			});
			return el('th', {scope: 'col', 'aria-sort': active ? (this.sort.descending ? 'descending' : 'ascending') : 'none'},
				button);
		}));
	}

	_goto(page) {
		this.page = Math.max(0, Math.min(page, this._lastPage()));
		const start = this.page * PAGE_SIZE;
		const slice = this.rows.slice(start, start + PAGE_SIZE);
		this.body.replaceChildren(...slice.map((f) => this._row(f)));
		const n = this.rows.length;
		this.summary.textContent = this.loading ? 'Listing ' + this.loading + ' incidents…' :
			(n === 0 ? 'No incidents' : n + (n === 1 ? ' incident' : ' incidents')) +
			(this.moreUnlisted ? ' listed; more match: zoom in or narrow the filter to list them' :
				this.unlisted ? ' listed; ' + this.unlisted + ' more match: zoom in or narrow the filter to list them' : '');
		this.pageLabel.textContent = n === 0 ? '' : 'Rows ' + (start + 1) + '–' + (start + slice.length) + ' of ' + n;
		this.prev.disabled = this.page === 0;
		this.next.disabled = this.page >= this._lastPage();
	}

	_row(feature) {
		const p = feature.properties || {};
		const category = this.categories.get(p.category);
		const swatch = el('span', {className: 'swatch', 'aria-hidden': 'true'});
		if (category) { swatch.style.backgroundColor = category.colour; }
		const open = el('button', {type: 'button', className: 'results-open'}, p.title || 'Incident ' + feature.id);
		const row = el('tr', {dataset: {id: String(feature.id)},
			className: String(feature.id) === this._selected ? 'results-selected' : ''},
		el('td', {className: 'results-date'}, p.startDate ? formatDate(p.startDate, p.datePrecision || 'day') : ''),
		el('td', {}, open),
		el('td', {}, swatch, ' ', category ? category.label : (p.category || '')),
		el('td', {}, p.province ? this.options.provinceName(p.province) : ''));
		const choose = () => {
			this._selected = String(feature.id);
			this.body.querySelectorAll('tr.results-selected').forEach((r) => r.classList.remove('results-selected'));
			row.classList.add('results-selected');
			this.options.onOpen(feature, open);
		};
		open.addEventListener('click', (event) => {
			event.stopPropagation();
			choose();
		});
		row.addEventListener('click', choose);
		return row;
	}
}

function sortValue(key, table) {
	switch (key) {
	case 'title': return (f) => String((f.properties || {}).title || '').toLocaleLowerCase();
	case 'category': return (f) => {
		const c = table.categories.get((f.properties || {}).category);
		return c ? c.label : String((f.properties || {}).category || '');
	};
	case 'province': {
		const names = new Map(); // one name lookup per province, not per row
		return (f) => {
			const code = (f.properties || {}).province;
			if (!code) { return '\uffff'; } // none last
			if (!names.has(code)) { names.set(code, table.options.provinceName(code)); }
			return names.get(code);
		};
	}
	default: return (f) => String((f.properties || {}).startDate || '');
	}
}
