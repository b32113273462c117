/*
 * IncidentFocus: from a list to the map and back. open(feature, returnTo) flies the map to an
 * incident and opens its popup; decorate() gives incident popups a "Show in the list" button that
 * calls onShowRow(id). Escape closes any open popup and returns the focus to where it came from (the
 * row's button). Markers are found by their Leaflet layer's `feature.id`.
 */
import {el} from './dom.js';
import {extentOf} from './geometry.js';

export class IncidentFocus {

	// options: {onShowRow(id) → boolean (false when the incident has no row)}
	constructor(map, options) {
		this.map = map;
		this.options = options;
		this._returnTo = null;
		document.addEventListener('keydown', (event) => {
			if (event.key !== 'Escape' || !document.querySelector('.leaflet-popup')) { return; }
			map.closePopup();
			if (this._returnTo && this._returnTo.isConnected) { this._returnTo.focus(); }
			this._returnTo = null;
		});
	}

	open(feature, returnTo) {
		this._returnTo = returnTo || null;
		const layer = this._layerOf(feature.id);
		const target = layer || null;
		const done = () => {
			const found = target && this.map.hasLayer(target) ? target : this._layerOf(feature.id);
			if (found) {
				found.openPopup();
				const close = document.querySelector('.leaflet-popup-close-button');
				if (close) { close.focus(); }
			}
		};
		const bounds = target && target.getBounds ? target.getBounds() : null;
		const latlng = target && target.getLatLng ? (target.trueLatLng || target.getLatLng()) : centreOf(feature.geometry);
		if (!latlng && !bounds) { return; }
		this.map.once('moveend', done);
		if (bounds) {
			this.map.flyToBounds(bounds, {maxZoom: 12, duration: 0.6});
		} else {
			this.map.flyTo(latlng, Math.max(this.map.getZoom(), 11), {duration: 0.6});
		}
	}

	_layerOf(id) {
		let found = null;
		this.map.eachLayer((layer) => {
			if (!found && layer.feature && layer.feature.id !== undefined && String(layer.feature.id) === String(id) &&
				layer.getPopup && layer.getPopup()) {
				found = layer;
			}
		});
		return found;
	}

	// Adds "Show in the list" to an incident popup's content (CategoryLayers.decoratePopups), before its layout.
	decorate(node, feature) {
		if (!feature || feature.id === undefined || feature.id === null || node.querySelector('.popup-show-row')) { return; }
		const button = el('button', {type: 'button', className: 'popup-show-row'}, 'Show in the list');
		button.addEventListener('click', () => {
			if (this.options.onShowRow(feature.id)) { this.map.closePopup(); }
		});
		node.append(el('p', {className: 'popup-row-link'}, button));
	}
}

// A representative [lat, lon] of a GeoJSON geometry: the middle of its extent.
function centreOf(geometry) {
	const extent = extentOf(geometry);
	return extent ? [(extent.south + extent.north) / 2, (extent.west + extent.east) / 2] : null;
}
