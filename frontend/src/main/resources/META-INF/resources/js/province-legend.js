/*
 * ProvinceLegend: the choropleth's classes as a map control (section.province-legend): one
 * swatch per class with its range of counts, zero first and drawn apart from the rest.
 */
import {Control, DomEvent} from 'leaflet';
import {collapsible} from './collapsible.js';
import {el} from './dom.js';
import {classLabels} from './choropleth-classes.js';

export const ProvinceLegend = Control.extend({

	options: {
		position: 'bottomleft',
		title: 'Incidents per province'
	},

	onAdd() {
		this._rows = el('ul', {className: 'province-legend-list'});
		this._note = el('p', {className: 'province-legend-note'});
		this._fixed = el('p', {className: 'province-legend-fixed'});
		const container = el('section', {className: 'leaflet-control province-legend', 'aria-label': this.options.title},
			collapsible(this.options.title, 'legend-title', this._rows, this._fixed, this._note));
		DomEvent.disableClickPropagation(container);
		return container;
	},

	// breaks: upper bounds of the non-zero classes; colours: one per class, zero first;
	// unmatched: incidents in the window that lie in no province of the set.
	// fixedCaption: says over which range the classes are fixed ('' when they fit this window).
	update(breaks, colours, unmatched, fixedCaption = '') {
		this._fixed.textContent = fixedCaption;
		const labels = classLabels(breaks);
		this._rows.replaceChildren(...labels.map((label, i) => {
			const swatch = el('span', {className: 'province-swatch' + (i === 0 ? ' province-swatch-zero' : ''),
				'aria-hidden': 'true'});
			swatch.style.backgroundColor = colours[i];
			return el('li', {className: 'province-legend-row', dataset: {class: String(i)}}, swatch, label);
		}));
		this._note.textContent = unmatched > 0 ?
			unmatched + (unmatched === 1 ? ' incident' : ' incidents') + ' in no province shown' : '';
		return this;
	}
});
