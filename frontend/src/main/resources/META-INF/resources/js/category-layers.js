/*
 * CategoryLayers: the incidents on the map, one L.layerGroup per category.
 *
 * Points are circleMarkers, areas (Polygon/MultiPolygon) are polygons in a pane below them;
 * every SVG path gets the classes `incident incident-<key>`. Every marker sits on its incident's
 * true position; a click on a marker that hides others spreads that group (point-spread.js)
 * until the map moves. Shown/hidden per category without refetching. Categories come from the
 * API; a feature with a key it did not list gets a grey group of its own so nothing fetched is
 * silently dropped.
 *
 * When the view holds too many incidents to draw, setClusters() draws the server's clusters
 * instead (div.incident-cluster, its count over the shown categories; a click zooms in).
 * Features are the map's lean form; a popup fetches the whole incident (fetchFeature(id)).
 */
import {DomEvent, GeoJSON, circleMarker, divIcon, layerGroup, marker as createMarker} from 'leaflet';
import {el} from './dom.js';
import {incidentPopup} from './popup.js';
import {overlapping, spread} from './point-spread.js';

const FALLBACK_COLOUR = '#7f7f7f';
const AREA_PANE = 'incidentAreas';
const POINT_PANE = 'incidentPoints';

export class CategoryLayers {

	// categories: [{key, label, colour, period}] in legend order (period false: one-off events); isEnabled(key) → boolean;
	// fetchFeature(id) → Promise of the whole Feature (for popups; without it the popup shows what was fetched)
	constructor(map, categories, isEnabled, fetchFeature = null) {
		this.map = map;
		this.isEnabled = isEnabled;
		this.fetchFeature = fetchFeature;
		this._categories = new Map();
		this._groups = new Map();
		this._clusterLayer = layerGroup().addTo(map);
		this._clusters = null;
		this._unspread = null;
		this._decorators = [];
		createPane(map, AREA_PANE, 395);
		createPane(map, POINT_PANE, 410);
		categories.forEach((category) => this._addCategory(category));
		map.on('movestart zoomstart', this._restore, this);
	}

	// decorate(node, feature) adds to an incident popup's content (summary and whole) before Leaflet lays it out and
	// pans it into view, so nothing added later pushes its top past the map's edge.
	decoratePopups(decorate) {
		this._decorators.push(decorate);
	}

	_decorated(node, feature) {
		this._decorators.forEach((decorate) => decorate(node, feature));
		return node;
	}

	// [{key, label, colour, period, listed}]: the API's categories, then any unknown keys met in the data
	// (listed false: the API lists none of its incidents for this caller, so the legend says "withheld").
	categories() {
		return [...this._categories.values()];
	}

	// Replaces all incidents (and clusters) by these features; returns the number of features per category key.
	setFeatures(features) {
		this._restore();
		this._clusters = null;
		this._clusterLayer.clearLayers();
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
		return this.counts();
	}

	// Replaces all incidents by the server's clusters ({count, categories, cells: [{lon, lat, count,
	// categories}]}); returns the count per category key over the clustered view.
	setClusters(clusters) {
		this._restore();
		this._groups.forEach((group) => group.clearLayers());
		this._clusters = clusters;
		this._drawClusters();
		return this.counts();
	}

	counts() {
		if (this._clusters) { return {...this._clusters.categories}; }
		const counts = {};
		this._groups.forEach((group, key) => { counts[key] = group.getLayers().length; });
		return counts;
	}

	setEnabled(key, enabled) {
		const group = this._groups.get(key);
		if (!group) { return; }
		if (enabled) { group.addTo(this.map); } else { group.remove(); }
		if (this._clusters) { this._drawClusters(); }
	}

	// Features of shown categories that lie in (points) or overlap (areas) the bounds; with clusters,
	// the shown categories' counts of the clusters in the bounds.
	countInBounds(bounds) {
		if (this._clusters) {
			return this._clusters.cells.filter((cell) => bounds.contains([cell.lat, cell.lon]))
				.reduce((sum, cell) => sum + this._shownCount(cell), 0);
		}
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

	_shownCount(cell) {
		return Object.entries(cell.categories || {})
			.filter(([key]) => this.isEnabled(key)).reduce((sum, [, n]) => sum + n, 0);
	}

	_drawClusters() {
		this._clusterLayer.clearLayers();
		const cells = this._clusters.cells.map((cell) => ({cell, n: this._shownCount(cell)})).filter((c) => c.n > 0);
		const largest = cells.reduce((max, c) => Math.max(max, c.n), 1);
		for (const {cell, n} of cells) {
			const size = Math.round(22 + 26 * Math.sqrt(n / largest));
			const main = Object.entries(cell.categories).filter(([key]) => this.isEnabled(key)).sort((a, b) => b[1] - a[1])[0][0];
			const colour = (this._categories.get(main) || {colour: FALLBACK_COLOUR}).colour;
			const label = el('span', {className: 'incident-cluster-count'}, n >= 10000 ? Math.round(n / 1000) + 'k' : String(n));
			Object.assign(label.style, {
				display: 'flex', alignItems: 'center', justifyContent: 'center', width: '100%', height: '100%',
				boxSizing: 'border-box', borderRadius: '50%', border: '3px solid ' + colour,
				background: 'rgba(255, 255, 255, 0.85)', font: 'bold 12px sans-serif', color: '#222'
			});
			const marker = createMarker([cell.lat, cell.lon], {
				pane: POINT_PANE,
				icon: divIcon({className: 'incident-cluster', html: label, iconSize: [size, size]}),
				title: Object.entries(cell.categories).filter(([key]) => this.isEnabled(key))
					.map(([key, count]) => ((this._categories.get(key) || {label: key}).label) + ': ' + count).join(', '),
				keyboard: true
			});
			marker.on('click', () => this.map.setView([cell.lat, cell.lon], Math.min(this.map.getMaxZoom(), this.map.getZoom() + 2)));
			this._clusterLayer.addLayer(marker);
		}
	}

	// A click on a marker hiding others spreads them (once; the popup waits for the next click).
	_spreadFrom(layer) {
		if (this._unspread) { return false; }
		const points = [];
		this._groups.forEach((group) => {
			if (!this.map.hasLayer(group)) { return; }
			group.eachLayer((other) => { if (other.getLatLng) { points.push(other); } });
		});
		const group = overlapping(this.map, layer, points);
		if (group.length < 2) { return false; }
		this._unspread = spread(this.map, group);
		return true;
	}

	_restore() {
		if (this._unspread) {
			this._unspread();
			this._unspread = null;
		}
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
		// until the whole incident is fetched, the popup shows what the map has, as a summary
		layer.bindPopup(() => {
			// never taller than the map: a long incident scrolls inside its popup instead of being cut off at the
			// map's edge (the map is short under the results table and on phones); set here, before the layout
			layer.getPopup().options.maxHeight = Math.max(120, this.map.getSize().y - 64);
			const node = incidentPopup(feature, category);
			if (this.fetchFeature) { node.className = 'incident-popup-summary'; }
			return this._decorated(node, feature);
		}, {maxWidth: 360, minWidth: 240, autoPanPadding: [24, 24]});
		if (layer.getLatLng) {
			layer.on('click', (e) => {
				if (this._spreadFrom(layer)) {
					DomEvent.stop(e);
					setTimeout(() => layer.closePopup(), 0);
				}
			});
		}
		layer.on('popupopen', (e) => this._details(feature, category, e.popup));
		layer.bindTooltip(() => el('span', {}, p.title || 'Untitled incident'),
			{direction: 'top', sticky: !layer.getLatLng, opacity: 0.95, className: 'incident-tooltip'});
		layer.on('popupopen', () => layer.closeTooltip());
		return layer;
	}
}

// Replaces a popup's content by the whole incident once fetched, decorated (the Edit button, the way back to the
// list) before its one layout and pan; then tells the map again (popupopen) for anything else that follows it.
CategoryLayers.prototype._details = function (feature, category, popup) {
	if (!this.fetchFeature || feature.id === undefined || feature.id === null || popup._detailsLoaded) { return; }
	popup._detailsLoaded = true;
	this.fetchFeature(feature.id).then((full) => {
		if (!popup.isOpen()) { return; }
		popup.setContent(this._decorated(incidentPopup(full, category), full)); // lays out and pans once
		this.map.fire('popupopen', {popup});
	}, () => { popup._detailsLoaded = false; });
};

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
