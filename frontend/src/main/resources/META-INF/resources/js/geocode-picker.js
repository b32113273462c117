/*
 * GeocodePicker: a place-name field that offers the gazetteer's candidates as the user types
 * (any script: Latin, Khmer, Thai, Chinese…) and hands the one picked to onPick(candidate).
 *
 * Elements: input.place-input, ul.place-candidates of button.place-candidate. A name the
 * gazetteer calls ambiguous is marked so; nothing is picked without a click.
 */
import {el} from './dom.js';
import {countryName} from './countries.js';

const DELAY_MS = 250;

export class GeocodePicker {

	// api: WriteApi; onPick({lon, lat, displayName, name, country, province, precision, …})
	// provinceName(code): the province's name for a code (default: the code)
	constructor(container, api, onPick, provinceName = (code) => code) {
		this.api = api;
		this.onPick = onPick;
		this.provinceName = provinceName;
		this.input = el('input', {type: 'search', className: 'place-input', id: 'place-input', autocomplete: 'off',
			spellcheck: 'false'});
		this.list = el('ul', {className: 'place-candidates', 'aria-label': 'Places found'});
		container.append(el('label', {className: 'field-label', for: 'place-input'}, 'Place (a name in any script, e.g. Poipet, 西港)'),
			this.input, this.list);
		this._timer = null;
		this._controller = null;
		this.input.addEventListener('input', () => this._schedule());
	}

	value() {
		return this.input.value.trim();
	}

	setValue(text) {
		this.input.value = text || '';
		this.show([]);
	}

	// Shows candidates (also those a save was refused with).
	show(candidates) {
		this.list.replaceChildren(...candidates.map((c) => el('li', {},
			el('button', {type: 'button', className: 'place-candidate', dataset: {placeKey: c.placeKey}},
				el('span', {className: 'place-candidate-name'}, c.displayName),
				c.name !== c.displayName ? ' (' + c.name + ')' : null,
				el('span', {className: 'place-candidate-detail'},
					' ' + [c.province ? this.provinceName(c.province) : null, countryName(c.country), c.precision]
						.filter(Boolean).join(' · ') +
					(c.ambiguous ? ' · ambiguous name' : '')))
		)));
		this.list.querySelectorAll('button').forEach((button, i) =>
			button.addEventListener('click', () => this._pick(candidates[i])));
		this.list.dataset.state = 'ready';
	}

	_pick(candidate) {
		this.input.value = candidate.displayName;
		this.show([]);
		this.onPick(candidate);
	}

	_schedule() {
		clearTimeout(this._timer);
		this.list.dataset.state = 'loading';
		this._timer = setTimeout(() => this._search(this.value()), DELAY_MS);
	}

	async _search(q) {
		if (this._controller) { this._controller.abort(); }
		if (!q) {
			this.show([]);
			return;
		}
		const controller = new AbortController();
		this._controller = controller;
		try {
			this.show(await this.api.geocode(q, controller.signal));
		} catch (error) {
			if (error.name !== 'AbortError') {
				this.list.replaceChildren(el('li', {className: 'place-error'}, error.message));
				this.list.dataset.state = 'error';
			}
		}
	}
}
