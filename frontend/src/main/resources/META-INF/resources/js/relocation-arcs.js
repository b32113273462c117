/*
 * RelocationArcs: the relocations of GET /api/relocations as directed arcs, for the page's time window (a relocation
 * is shown when its date is in it), so playback shows operations moving month by month (window mode: that month's
 * moves; cumulative mode: every move up to it).
 *
 * An arc is a quadratic curve from the first site to the second (bent to the left of travel, so A→B and B→A do not
 * overlap), sampled into a polyline, with an arrowhead just past its middle; "same operator" arcs are dashed. No plugin: the
 * curve is computed here in Web Mercator, so it keeps its shape at every zoom. The arrowhead is a button (the
 * keyboard's way to the arc) named "Relocation: A to B, <date>"; it and the line open a popup naming both sites, the
 * kind, the date, the note and the sources. Viewers get arcs ending at a sensitive site's generalised point: the
 * geometry drawn is the server's LineString, never a site's position looked up here.
 * Elements: path.relocation-arc[.relocation-same-operator]; div.relocation-arrow[data-relocation-id][data-from="lon,lat"]
 * [data-to] > button.relocation-button.
 */
import {CRS, DomEvent, divIcon, latLng, layerGroup, marker, point, polyline} from 'leaflet';
import {el} from './dom.js';

const SAMPLES = 32;       // points along a curve
const BEND = 0.22;        // the control point's distance from the chord's middle, as a share of the chord
const ARROW_AT = 0.55;    // where along the curve the arrowhead stands (0 start, 1 end): near the middle, clear of
                          // the sites' diamonds at both ends, so the two buttons never cover each other
export const RELOCATION_KIND_LABELS = {moved: 'Operations moved', same_operator: 'Same operator'};

export class RelocationArcs {

	// api: Api; options: {setState(state), onError(error)}
	constructor(map, api, options) {
		this.map = map;
		this.api = api;
		this.options = options;
		this.group = layerGroup().addTo(map);
		this.enabled = true;
		this.features = [];
		this._controller = null;
	}

	setEnabled(enabled) {
		this.enabled = enabled;
		if (enabled) { this.group.addTo(this.map); } else { this.group.remove(); }
	}

	async update(filter) {
		const params = new URLSearchParams();
		if (filter.from) { params.set('from', filter.from); }
		if (filter.to) { params.set('to', filter.to); }
		if (this._controller) { this._controller.abort(); }
		const controller = new AbortController();
		this._controller = controller;
		this.options.setState('loading');
		try {
			const query = params.toString();
			const collection = await this.api.json('/api/relocations' + (query ? '?' + query : ''), controller.signal);
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
			const coordinates = feature.geometry && feature.geometry.coordinates;
			if (!coordinates || coordinates.length < 2) { continue; }
			const from = coordinates[0];
			const to = coordinates[coordinates.length - 1];
			const curve = arc(from, to);
			const p = feature.properties || {};
			const sameOperator = p.kind === 'same_operator';
			const line = polyline(curve.points, {className: 'relocation-arc' + (sameOperator ? ' relocation-same-operator' : ''),
				color: '#7a1f5c', weight: 2.5, opacity: 0.9, dashArray: sameOperator ? '6 5' : null});
			line.feature = feature;
			line.bindPopup(() => relocationPopup(feature), {maxWidth: 320, minWidth: 200});
			line.bindTooltip(() => el('span', {}, summary(feature)), {sticky: true, className: 'relocation-tooltip'});
			const name = 'Relocation: ' + summary(feature);
			const button = el('button', {type: 'button', className: 'relocation-button', 'aria-label': name, title: name},
				el('span', {className: 'relocation-head', 'aria-hidden': 'true'}));
			button.querySelector('.relocation-head').style.transform = 'rotate(' + curve.heading.toFixed(1) + 'deg)';
			const arrow = marker(curve.arrowAt, {keyboard: false, zIndexOffset: 400,
				icon: divIcon({className: 'relocation-icon', iconSize: [24, 24],
					html: el('div', {className: 'relocation-arrow', dataset: {relocationId: String(feature.id), kind: p.kind || '',
						from: from.join(','), to: to.join(',')}},
						button)})});
			arrow.on('click', (event) => {
				DomEvent.stop(event);
				line.openPopup(curve.arrowAt);
			});
			this.group.addLayer(line);
			this.group.addLayer(arrow);
		}
	}
}

// "Site A → Site B, operations moved, 2022-03"
function summary(feature) {
	const p = feature.properties || {};
	const from = (p.fromSite && p.fromSite.name) || 'a site';
	const to = (p.toSite && p.toSite.name) || 'a site';
	return from + ' to ' + to + ', ' + (RELOCATION_KIND_LABELS[p.kind] || 'linked').toLowerCase() + ', ' + (p.date || 'undated');
}

function relocationPopup(feature) {
	const p = feature.properties || {};
	const sources = Array.isArray(p.sources) ? p.sources : [];
	return el('div', {className: 'relocation-popup'},
		el('h3', {className: 'relocation-popup-title'}, RELOCATION_KIND_LABELS[p.kind] || 'Relocation'),
		el('p', {className: 'relocation-sites'}, el('span', {className: 'relocation-from'}, (p.fromSite && p.fromSite.name) || 'Unnamed site'),
			' → ', el('span', {className: 'relocation-to'}, (p.toSite && p.toSite.name) || 'Unnamed site')),
		el('p', {className: 'relocation-date'}, 'Date: ' + (p.date || 'unknown') +
			(p.datePrecision && p.datePrecision !== 'day' ? ' (to the ' + p.datePrecision + ')' : '')),
		p.note ? el('p', {className: 'relocation-note'}, p.note) : null,
		sources.length ? el('div', {className: 'relocation-sources'}, el('h4', {}, sources.length === 1 ? 'Source' : 'Sources'),
			el('ul', {}, sources.map((s) => el('li', {}, sourceItem(s || {}))))) : el('p', {}, 'No source given.'));
}

// "Outlet, 2022-02-21 (en), rated B2", a link when it has a web address
export function sourceItem(source) {
	const rating = (source.reliability || '') + (source.credibility || '');
	const text = (source.outlet || 'Unnamed source') + (source.publishedDate ? ', ' + source.publishedDate : '') +
		(source.language ? ' (' + source.language + ')' : '') + (rating ? ', rated ' + rating : '');
	if (typeof source.url === 'string' && /^https?:\/\//i.test(source.url.trim())) {
		return el('a', {className: 'source-link', href: source.url, target: '_blank', rel: 'noopener noreferrer'}, text);
	}
	return el('span', {className: 'source'}, text);
}

// The curve from [lon, lat] `from` to `to`: {points: [[lat, lon]…], arrowAt: [lat, lon], heading: degrees clockwise
// from east on screen}. Computed in Web Mercator metres (y grows northwards there, southwards on screen).
export function arc(from, to) {
	const a = CRS.EPSG3857.project(latLng(from[1], from[0]));
	const b = CRS.EPSG3857.project(latLng(to[1], to[0]));
	const dx = b.x - a.x;
	const dy = b.y - a.y;
	const control = point((a.x + b.x) / 2 - dy * BEND, (a.y + b.y) / 2 + dx * BEND);
	const at = (t) => point((1 - t) * (1 - t) * a.x + 2 * (1 - t) * t * control.x + t * t * b.x,
		(1 - t) * (1 - t) * a.y + 2 * (1 - t) * t * control.y + t * t * b.y);
	const toLatLng = (p) => {
		const ll = CRS.EPSG3857.unproject(p);
		return [ll.lat, ll.lng];
	};
	const points = [];
	for (let i = 0; i <= SAMPLES; i++) { points.push(toLatLng(at(i / SAMPLES))); }
	// the tangent at ARROW_AT: derivative of the quadratic Bézier
	const t = ARROW_AT;
	const tx = 2 * (1 - t) * (control.x - a.x) + 2 * t * (b.x - control.x);
	const ty = 2 * (1 - t) * (control.y - a.y) + 2 * t * (b.y - control.y);
	const heading = dx === 0 && dy === 0 ? 0 : Math.atan2(-ty, tx) * 180 / Math.PI;
	return {points, arrowAt: toLatLng(at(t)), heading};
}
