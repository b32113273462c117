/*
 * SitesLayer: the sites (compounds, casinos, hospitals) of GET /api/sites on the map, for the page's filter: the
 * time window (a site is listed when its lifecycle overlaps it; its symbol shows `state`, the state in force at the
 * window's end), country and province. The text search `q` is the incidents' and does not narrow the sites.
 *
 * A site is a diamond (incidents are round dots) at its point, or at the centre of its precinct polygon, which is
 * drawn as a hatched outline. The diamond is a button (keyboard reachable: there are tens of sites, not thousands)
 * named "Site: <name>, <kind>, <state>"; it opens a popup whose "Open the site page" button calls onOpen(id).
 * Elements: div.site-symbol[data-site-id][data-state][data-at="lon,lat"] > button.site-button; path.site-precinct.
 * Viewers get a sensitive site at its generalised point with no polygon (the server decides that).
 */
import {DomEvent, divIcon, geoJSON, layerGroup, marker} from 'leaflet';
import {el} from './dom.js';

export const SITE_STATE_LABELS = {reported: 'reported', operating: 'operating', raided: 'raided', closed: 'closed',
	reopened: 'reopened'};
export const SITE_KIND_LABELS = {compound: 'Compound', casino: 'Casino', hospital: 'Hospital', other: 'Other site'};

export class SitesLayer {

	// api: Api; options: {onOpen(id, returnTo), setState(state) for 'loading' | 'ready' | 'error', onError(error)}
	constructor(map, api, options) {
		this.map = map;
		this.api = api;
		this.options = options;
		this.group = layerGroup();
		this.enabled = true;
		this.features = [];
		this._controller = null;
		if (!map.getPane('sitePrecincts')) { map.createPane('sitePrecincts').style.zIndex = '390'; }
		this.group.addTo(map);
	}

	setEnabled(enabled) {
		this.enabled = enabled;
		if (enabled) { this.group.addTo(this.map); } else { this.group.remove(); }
	}

	// Fetches the sites of `filter` (a FilterState) and draws them; resolves when drawn.
	async update(filter) {
		const params = new URLSearchParams();
		if (filter.from) { params.set('from', filter.from); }
		if (filter.to) { params.set('to', filter.to); }
		if (filter.countries.length) { params.set('country', filter.countries.join(',')); }
		if (filter.provinces.length) { params.set('province', filter.provinces.join(',')); }
		if (this._controller) { this._controller.abort(); }
		const controller = new AbortController();
		this._controller = controller;
		this.options.setState('loading');
		try {
			const query = params.toString().replace(/%2C/gi, ',');
			const collection = await this.api.json('/api/sites' + (query ? '?' + query : ''), controller.signal);
			this.features = collection.features || [];
			this._draw();
			this.options.setState('ready');
		} catch (error) {
			if (error.name === 'AbortError') { return; }
			this.options.setState('error');
			this.options.onError(error);
		}
	}

	_draw() {
		this.group.clearLayers();
		for (const feature of this.features) {
			const at = anchorOf(feature.geometry);
			if (!at) { continue; }
			if (feature.geometry.type === 'Polygon' || feature.geometry.type === 'MultiPolygon') {
				geoJSON(feature.geometry, {pane: 'sitePrecincts', interactive: false,
					style: {className: 'site-precinct', color: '#3d2b56', weight: 2, dashArray: '6 3', fillOpacity: 0.08}})
					.addTo(this.group);
			}
			this.group.addLayer(this._symbol(feature, at));
		}
	}

	_symbol(feature, at) {
		const p = feature.properties || {};
		const state = SITE_STATE_LABELS[p.state] ? p.state : 'unknown';
		const label = 'Site: ' + (p.name || 'unnamed') + ', ' + (SITE_KIND_LABELS[p.kind] || 'site').toLowerCase() +
			', ' + (SITE_STATE_LABELS[p.state] || 'no state');
		const button = el('button', {type: 'button', className: 'site-button', 'aria-label': label, title: label},
			el('span', {className: 'site-diamond', 'aria-hidden': 'true'}));
		const icon = el('div', {className: 'site-symbol', dataset: {siteId: String(feature.id), state, kind: p.kind || '', at: at[1] + ',' + at[0]}},
			button);
		const symbol = marker(at, {icon: divIcon({html: icon, className: 'site-icon', iconSize: [24, 24]}),
			keyboard: false, zIndexOffset: 500});
		symbol.site = feature;
		symbol.bindPopup(() => this._popup(feature, button), {maxWidth: 320, minWidth: 200});
		return symbol;
	}

	_popup(feature, returnTo) {
		const p = feature.properties || {};
		const open = el('button', {type: 'button', className: 'site-open-page'}, 'Open the site page');
		open.addEventListener('click', (event) => {
			DomEvent.stop(event);
			this.map.closePopup();
			this.options.onOpen(feature.id, returnTo);
		});
		const names = (p.aliases || []).map((a) => a.name).filter(Boolean);
		return el('div', {className: 'site-popup'},
			el('h3', {className: 'site-popup-title'}, p.name || 'Unnamed site'),
			el('p', {className: 'site-popup-meta'}, (SITE_KIND_LABELS[p.kind] || 'Site') + ' · ' +
				(p.state ? SITE_STATE_LABELS[p.state] + ' at the end of the window' : 'no state recorded') +
				(typeof p.incidentCount === 'number' ? ' · ' + p.incidentCount + ' incident' + (p.incidentCount === 1 ? '' : 's') : '')),
			names.length ? el('p', {className: 'site-popup-aliases'}, 'Also: ' + names.join(' · ')) : null,
			el('p', {}, open));
	}
}

// Where a site's symbol stands: its point, or the middle of its polygon's extent.
export function anchorOf(geometry) {
	if (!geometry) { return null; }
	if (geometry.type === 'Point') { return [geometry.coordinates[1], geometry.coordinates[0]]; }
	const rings = geometry.type === 'Polygon' ? [geometry.coordinates[0]] :
		geometry.type === 'MultiPolygon' ? geometry.coordinates.map((polygon) => polygon[0]) : [];
	const points = rings.flat();
	if (points.length === 0) { return null; }
	const lons = points.map((c) => c[0]);
	const lats = points.map((c) => c[1]);
	return [(Math.min(...lats) + Math.max(...lats)) / 2, (Math.min(...lons) + Math.max(...lons)) / 2];
}

// Two rows at the end of the legend's body (they fold with it on a phone): "Sites" (a diamond) and "Relocations"
// (an arrow), checkboxes input#show-sites and input#show-relocations calling toggles.sites(on) / toggles.arcs(on).
export function addSiteToggles(legend, toggles) {
	const row = (id, symbolClass, label, onChange) => {
		const checkbox = el('input', {type: 'checkbox', id});
		checkbox.checked = true;
		checkbox.addEventListener('change', () => onChange(checkbox.checked));
		return el('li', {className: 'legend-row legend-row-sites'},
			el('label', {}, checkbox, el('span', {className: symbolClass, 'aria-hidden': 'true'}),
				el('span', {className: 'legend-label'}, label)));
	};
	const list = el('ul', {className: 'legend-list legend-sites', 'aria-label': 'Sites and relocations'},
		row('show-sites', 'legend-site-symbol', 'Sites (state at the window’s end)', toggles.sites),
		row('show-relocations', 'legend-arc-symbol', 'Relocations (arrows)', toggles.arcs));
	const body = legend.getContainer().querySelector('details') || legend.getContainer();
	body.append(list);
	return list;
}
