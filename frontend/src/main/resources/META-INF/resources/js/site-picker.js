/*
 * SitePicker: the incident form's "Site" field. Typing a name (any script: GET /api/sites?q= matches names and
 * aliases through the gazetteer's normalisation) lists up to ten sites as buttons; a click links the incident to
 * that site, "No site" unlinks it. The value travels in a hidden input[data-field=siteId] that the form reads and
 * fills like its other fields; refresh() shows the linked site's name after the form filled it.
 * Elements: input#site-search, ul.site-candidates > li > button.site-candidate[data-site-id], p.site-picked.
 */
import {Api} from './api.js';
import {el} from './dom.js';
import {SITE_KIND_LABELS} from './sites-layer.js';

const DELAY_MS = 250;
const MAX_SHOWN = 10;

export class SitePicker {

	constructor(api = new Api('/api')) {
		this.api = api;
		this.value = el('input', {type: 'hidden', id: 'incident-siteId', dataset: {field: 'siteId'}});
		this.search = el('input', {type: 'search', id: 'site-search', autocomplete: 'off', spellcheck: 'false'});
		this.picked = el('p', {className: 'site-picked', 'aria-live': 'polite'});
		this.list = el('ul', {className: 'site-candidates', 'aria-label': 'Sites found'});
		this.clear = el('button', {type: 'button', className: 'site-clear'}, 'No site');
		this.clear.addEventListener('click', () => this._pick(null));
		this.element = el('div', {className: 'form-field', dataset: {for: 'siteId'}},
			el('label', {className: 'field-label', for: 'site-search'}, 'Site (type a name in any script)'),
			this.search, this.value, this.picked, this.clear, this.list,
			el('span', {className: 'field-error', dataset: {errorFor: 'siteId'}}));
		this._timer = null;
		this._controller = null;
		this.search.addEventListener('input', () => {
			clearTimeout(this._timer);
			this._timer = setTimeout(() => this._find(this.search.value.trim()), DELAY_MS);
		});
	}

	// Shows the site the hidden input names (after the form has filled it).
	async refresh() {
		this.search.value = '';
		this.list.replaceChildren();
		const id = this.value.value;
		this.clear.hidden = !id;
		if (!id) {
			this.picked.textContent = 'No site linked.';
			return;
		}
		this.picked.textContent = 'Site ' + id;
		try {
			const site = await this.api.json('/api/sites/' + encodeURIComponent(id));
			if (this.value.value === id) { this.picked.textContent = 'Linked to ' + describe(site); }
		} catch (error) {
			// the id stays; the server names it if it is wrong
		}
	}

	async _find(q) {
		if (this._controller) { this._controller.abort(); }
		if (!q) {
			this.list.replaceChildren();
			return;
		}
		const controller = new AbortController();
		this._controller = controller;
		this.list.dataset.state = 'loading';
		try {
			const found = await this.api.json('/api/sites?q=' + encodeURIComponent(q), controller.signal);
			const sites = (found.features || []).slice(0, MAX_SHOWN);
			this.list.replaceChildren(...(sites.length ? sites.map((site) => {
				const button = el('button', {type: 'button', className: 'site-candidate', dataset: {siteId: String(site.id)}},
					describe(site));
				button.addEventListener('click', () => this._pick(site));
				return el('li', {}, button);
			}) : [el('li', {}, 'No site has that name.')]));
			this.list.dataset.state = 'ready';
		} catch (error) {
			if (error.name === 'AbortError') { return; }
			this.list.replaceChildren(el('li', {className: 'place-error'}, error.message));
			this.list.dataset.state = 'error';
		}
	}

	_pick(site) {
		this.value.value = site ? String(site.id) : '';
		this.picked.textContent = site ? 'Linked to ' + describe(site) : 'No site linked.';
		this.clear.hidden = !site;
		this.search.value = '';
		this.list.replaceChildren();
	}
}

// "Golden Phoenix (casino, 12)"
function describe(site) {
	const p = site.properties || {};
	return (p.name || 'Unnamed site') + ' (' + (SITE_KIND_LABELS[p.kind] || 'site').toLowerCase() + ', ' + site.id + ')';
}
