/*
 * CategoryLayers: the incidents on the map, one L.layerGroup per category.
 *
 * Points are circleMarkers, areas (Polygon/MultiPolygon) are polygons in a pane below them;
 * every SVG path gets the classes `incident incident-<key>`. Shown points on the same spot are
 * spread in rings (point-spread.js) so each can be clicked. Shown/hidden per category without
 * refetching. Categories come from the API; a feature with a key it did not list gets a grey
 * group of its own so nothing fetched is silently dropped.
 */
import {GeoJSON, circleMarker, layerGroup} from 'leaflet';
import {el} from './dom.js';
import {incidentPopup} from './popup.js';
import {spreadPoints} from './point-spread.js';

const FALLBACK_COLOUR = '#7f7f7f';
const AREA_PANE = 'incidentAreas';
const POINT_PANE = 'incidentPoints';

export class CategoryLayers {

	// categories: [{key, label, colour, period}] in legend order (period false: one-off events); isEnabled(key) → boolean
	constructor(map, categories, isEnabled) {
		this.map = map;
		this.isEnabled = isEnabled;
		this._categories = new Map();
		this._groups = new Map();
		createPane(map, AREA_PANE, 395);
		createPane(map, POINT_PANE, 410);
		categories.forEach((category) => this._addCategory(category));
		map.on('zoomend', this._spread, this);
	}

	// [{key, label, colour, period, listed}]: the API's categories, then any unknown keys met in the data
	// (listed false: the API lists none of its incidents for this caller, so the legend says "withheld").
	categories() {
		return [...this._categories.values()];
	}

	// Replaces all incidents; returns the number of features per category key.
	setFeatures(features) {
		this._groups.forEach((group) => group.clearLayers());
		for (const feature of features) {
			const key = feature && feature.properties && feature.properties.category ?
				String(feature.properties.category) : 'uncategorised';
			if (!this._categories.has(key)) {
				this._addCategory({key, label: key, colour: FALLBACK_COLOUR});
			}
			const layer = this._featureLayer(feature, this._categories.get(key));
			if (layer) {
				this._groups.get(key).addLayer(layer);
			}
		}
		this._spread();
		return this.counts();
	}

	counts() {
		const counts = {};
		this._groups.forEach((group, key) => { counts[key] = group.getLayers().length; });
		return counts;
	}

	setEnabled(key, enabled) {
		const group = this._groups.get(key);
		if (!group) { return; }
		if (enabled) { group.addTo(this.map); } else { group.remove(); }
		this._spread();
	}

	// Features of shown categories that lie in (points) or overlap (areas) the bounds.
	countInBounds(bounds) {
		let n = 0;
		this._groups.forEach((group) => {
			if (!this.map.hasLayer(group)) { return; }
			group.eachLayer((layer) => {
				const inside = layer.getLatLng ?
					bounds.contains(layer.trueLatLng || layer.getLatLng()) : bounds.intersects(layer.getBounds());
				if (inside) {
					n++;
				}
			});
		});
		return n;
	}

	_spread() {
		const points = [];
		this._groups.forEach((group) => {
			if (!this.map.hasLayer(group)) { return; }
			group.eachLayer((layer) => { if (layer.getLatLng) { points.push(layer); } });
		});
		spreadPoints(this.map, points);
	}

	_addCategory({key, label, colour, period, listed}) {
		const category = {key: String(key), label: label || String(key), colour: validColour(colour), period: period !== false,
			listed: listed !== false};
		this._categories.set(category.key, category);
		const group = layerGroup();
		this._groups.set(category.key, group);
		if (this.isEnabled(category.key)) {
			group.addTo(this.map);
		}
	}

	_featureLayer(feature, category) {
		if (!feature || !feature.geometry) { return null; }
		const p = feature.properties || {};
		const className = 'incident incident-' + cssToken(category.key) +
			(p.status ? ' incident-status-' + cssToken(p.status) : '');
		const disputed = p.status === 'disputed';
		let layer;
		try {
			layer = GeoJSON.geometryToLayer(feature, {
				pane: AREA_PANE,
				className,
				color: category.colour,
				weight: 2,
				opacity: 0.9,
				fillColor: category.colour,
				fillOpacity: 0.18,
				dashArray: disputed ? '6 4' : null,
				pointToLayer: (f, latlng) => circleMarker(latlng, {
					pane: POINT_PANE,
					className,
					radius: 6,
					color: disputed ? '#333333' : '#ffffff',
					weight: 1.5,
					opacity: 1,
					fillColor: category.colour,
					fillOpacity: p.locationPrecision && p.locationPrecision !== 'exact' ? 0.6 : 0.95,
					dashArray: disputed ? '2 2' : null
				})
			});
		} catch (e) {
			return null; // malformed geometry: skip this feature, keep the others
		}
		layer.feature = feature;
		layer.bindPopup(() => incidentPopup(feature, category), {maxWidth: 360, minWidth: 240, autoPanPadding: [24, 24]});
		layer.bindTooltip(() => el('span', {}, p.title || 'Untitled incident'),
			{direction: 'top', sticky: !layer.getLatLng, opacity: 0.95, className: 'incident-tooltip'});
		layer.on('popupopen', () => layer.closeTooltip());
		return layer;
	}
}

function createPane(map, name, zIndex) {
	if (!map.getPane(name)) {
		map.createPane(name).style.zIndex = String(zIndex);
	}
}

function validColour(colour) {
	return typeof colour === 'string' && window.CSS && CSS.supports('color', colour) ? colour : FALLBACK_COLOUR;
}

function cssToken(value) {
	return String(value).replace(/[^A-Za-z0-9_-]/g, '_');
}
