/*
 * Basemap: the tile layer named by /api/config, plus a small non-blocking notice when tiles
 * fail (offline, blocked tile server). The map keeps its plain background and the incidents
 * stay usable; the notice hides itself once a full set of tiles loads again.
 */
import {Control, DomEvent, DomUtil, tileLayer} from 'leaflet';
import {el} from './dom.js';

const OFFLINE_CLASS = 'basemap-offline';

const BasemapNotice = Control.extend({

	options: {position: 'bottomleft'},

	onAdd() {
		const close = el('button', {type: 'button', className: 'basemap-notice-close', 'aria-label': 'Dismiss'}, '×');
		const container = el('div', {className: 'leaflet-control basemap-notice', role: 'status'},
			'Basemap unavailable (offline?) — incidents still shown', close);
		DomEvent.disableClickPropagation(container);
		close.addEventListener('click', () => {
			this.dismissed = true;
			this.remove();
		});
		return container;
	}
});

export class Basemap {

	// config: {tileUrl, tileAttribution, maxZoom}; no tileUrl means no basemap at all.
	constructor(map, config) {
		this.map = map;
		this.notice = new BasemapNotice();
		this._errors = 0;
		this._noticeShown = false;
		if (!config.tileUrl) {
			DomUtil.addClass(map.getContainer(), OFFLINE_CLASS);
			return;
		}
		this.layer = tileLayer(config.tileUrl, {
			attribution: config.tileAttribution || '',
			maxZoom: config.maxZoom || 19
		});
		this.layer.on('loading', () => { this._errors = 0; });
		this.layer.on('tileerror', () => this._failed());
		this.layer.on('load', () => { if (this._errors === 0) { this._recovered(); } });
		this.layer.addTo(map);
	}

	_failed() {
		this._errors++;
		DomUtil.addClass(this.map.getContainer(), OFFLINE_CLASS);
		if (!this._noticeShown && !this.notice.dismissed) {
			this.notice.addTo(this.map);
			this._noticeShown = true;
		}
	}

	_recovered() {
		DomUtil.removeClass(this.map.getContainer(), OFFLINE_CLASS);
		if (this._noticeShown) {
			this.notice.remove();
			this._noticeShown = false;
		}
	}
}
