/*
 * ExportControl: a map control, #export, with one download link per export format
 * (a.export-link[data-format=<key>]) and a box "Only the area in view" (#export-in-view).
 *
 * A link's href is built when the link is used (click, keyboard or context menu), from exactly
 * the current filter: `query()` gives it as a query string (from, to, category, q), and the
 * map's bounds become `bbox` when the box is ticked. The server answers with a file
 * (Content-Disposition: attachment), so the browser saves it; nothing is held in page memory.
 * While `isEmpty()` is true (no category shown) the links are disabled: the map shows nothing,
 * and an export of nothing is not what anyone wants.
 */
import {Control, DomEvent} from 'leaflet';
import {collapsible} from './collapsible.js';
import {el} from './dom.js';

const FORMATS = [
	{key: 'shapefile', label: 'Shapefile', title: 'ZIP of point and polygon shapefiles, for QGIS or ArcGIS'},
	{key: 'geopackage', label: 'GeoPackage', title: 'One .gpkg file, full-length text, sources as a table'},
	{key: 'geojson', label: 'GeoJSON', title: 'RFC 7946 FeatureCollection'},
	{key: 'csv', label: 'CSV', title: 'Spreadsheet: WKT geometry and lon/lat columns, UTF-8'},
	{key: 'kml', label: 'KML', title: 'For Google Earth'}
];

export const ExportControl = Control.extend({

	options: {
		position: 'topright',
		base: '/api/export',
		query: () => '',      // the current filter as a query string, without '?'
		isEmpty: () => false, // true while the filter can select nothing
		inView: false,        // "Only the area in view" ticked at the start
		onInView: (checked) => {}
	},

	onAdd(map) {
		this._inView = el('input', {type: 'checkbox', id: 'export-in-view'});
		this._inView.checked = this.options.inView;
		this._inView.addEventListener('change', () => this.options.onInView(this._inView.checked));
		this._note = el('p', {className: 'export-note', hidden: true}, 'No category is shown.');
		this._links = FORMATS.map((format) => {
			const link = el('a', {className: 'export-link', href: this.url(format.key), download: '',
				title: format.title, dataset: {format: format.key}}, format.label);
			const prepare = (event) => this._prepare(link, format.key, event);
			['click', 'auxclick', 'contextmenu', 'focus', 'mouseenter'].forEach((type) => link.addEventListener(type, prepare));
			return link;
		});
		const container = el('section', {id: 'export', className: 'leaflet-control export-control', 'aria-label': 'Export'},
			collapsible('Export', 'export-title',
				el('div', {className: 'export-links'}, this._links),
				el('label', {className: 'export-in-view'}, this._inView, ' Only the area in view'),
				this._note));
		DomEvent.disableClickPropagation(container);
		return container;
	},

	setInView(checked) {
		this.options.inView = checked;
		if (this._inView) { this._inView.checked = checked; }
	},

	// The export URL of `format` for the current filter (and view, when asked).
	url(format) {
		const query = this.options.query();
		let url = this.options.base + '?format=' + encodeURIComponent(format) + (query ? '&' + query : '');
		if (this._map && this._inView && this._inView.checked) {
			url += '&bbox=' + bbox(this._map.getBounds());
		}
		return url;
	},

	_prepare(link, format, event) {
		const empty = this.options.isEmpty();
		this._note.hidden = !empty;
		this._links.forEach((a) => a.setAttribute('aria-disabled', String(empty)));
		if (empty) {
			if (event.type === 'click' || event.type === 'auxclick') { event.preventDefault(); }
			return;
		}
		link.href = this.url(format);
	}
});

// minLon,minLat,maxLon,maxLat of Leaflet bounds, inside the valid range, 6 decimals.
function bbox(bounds) {
	const clamp = (value, limit) => Math.max(-limit, Math.min(limit, value)).toFixed(6);
	return [clamp(bounds.getWest(), 180), clamp(bounds.getSouth(), 90),
		clamp(bounds.getEast(), 180), clamp(bounds.getNorth(), 90)].join(',');
}
