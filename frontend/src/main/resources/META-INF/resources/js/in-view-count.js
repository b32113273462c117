/*
 * InViewCount: a map control, #in-view-count, reading "N incidents in view" — the shown
 * features within the current map bounds. Recounts on moveend; call update() after the
 * features or the shown categories change. `count(bounds)` does the counting.
 */
import {Control, DomEvent} from 'leaflet';
import {el} from './dom.js';

export const InViewCount = Control.extend({

	options: {
		position: 'topright',
		count: (bounds) => 0
	},

	onAdd(map) {
		this._container = el('div', {id: 'in-view-count', className: 'leaflet-control in-view-count', 'aria-live': 'polite'});
		DomEvent.disableClickPropagation(this._container);
		map.on('moveend', this.update, this);
		this.update();
		return this._container;
	},

	onRemove(map) {
		map.off('moveend', this.update, this);
	},

	update() {
		if (!this._map || !this._container) { return this; }
		const n = this.options.count(this._map.getBounds());
		this._container.textContent = n + (n === 1 ? ' incident in view' : ' incidents in view');
		return this;
	}
});
