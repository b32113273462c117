/*
 * Legend: a map control listing the categories with colour swatch, a checkbox to show or hide
 * each (input[type=checkbox][data-category=<key>]) and its count in the current time window.
 * It only reports toggles through `onToggle(key, enabled)`; it does not touch layers or the URL.
 */
import {Control, DomEvent} from 'leaflet';
import {collapsible} from './collapsible.js';
import {el} from './dom.js';

export const Legend = Control.extend({

	options: {
		position: 'bottomright',
		title: 'Categories',
		onToggle: (key, enabled) => {}
	},

	onAdd() {
		this._list = el('ul', {className: 'legend-list'});
		this._note = el('p', {className: 'legend-note'},
			'Faded dot: location not exact. Dashed outline: disputed.');
		const container = el('section', {className: 'leaflet-control legend', 'aria-label': 'Legend'},
			collapsible(this.options.title, 'legend-title', this._list, this._note));
		DomEvent.disableClickPropagation(container);
		DomEvent.disableScrollPropagation(container);
		this._rows = new Map();
		return container;
	},

	// categories: [{key, label, colour, listed}]; isEnabled(key) → boolean. Rebuilds the rows. A category with
	// listed === false (a sensitive category below analyst level: the API lists none of its incidents) shows
	// "withheld" instead of a count, so the legend never shows a number the API withheld; see README
	// "Disclosure policy".
	setCategories(categories, isEnabled) {
		this._list.replaceChildren();
		this._rows.clear();
		for (const category of categories) {
			const checkbox = el('input', {type: 'checkbox', dataset: {category: category.key}});
			checkbox.checked = isEnabled(category.key);
			checkbox.addEventListener('change', () => this.options.onToggle(category.key, checkbox.checked));
			const swatch = el('span', {className: 'swatch', 'aria-hidden': 'true'});
			swatch.style.backgroundColor = category.colour;
			const withheld = category.listed === false;
			const count = el('span', {className: withheld ? 'legend-count legend-withheld' : 'legend-count'},
				withheld ? 'withheld' : '–');
			if (withheld) {
				count.title = 'Not shown one by one at your access level, to protect victims. Province and ' +
					'timeline counts include them only where at least 11 fall in one province and month.';
			}
			const row = el('li', {className: 'legend-row', dataset: {category: category.key}},
				el('label', {}, checkbox, swatch, el('span', {className: 'legend-label'}, category.label), count));
			this._list.append(row);
			this._rows.set(category.key, {row, count, withheld});
		}
		return this;
	},

	// counts: {key: n} for the features of the current fetch; keys missing count as 0. Withheld rows keep
	// saying so: the map has none of their incidents to count.
	setCounts(counts) {
		this._rows.forEach(({row, count, withheld}, key) => {
			if (withheld) {
				return;
			}
			const n = counts[key] || 0;
			count.textContent = String(n);
			row.classList.toggle('legend-row-empty', n === 0);
		});
		return this;
	},

	hasCategories(keys) {
		return keys.length === this._rows.size && keys.every((key) => this._rows.has(key));
	}
});
