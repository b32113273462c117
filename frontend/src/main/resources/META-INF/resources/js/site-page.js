/*
 * SitePage: one site in the side panel (section#site-page, at its top): its name, kind and place, its
 * aliases in every script with their languages, its operators, its lifecycle (states in time order, each with its
 * note and sources, a source's Admiralty rating as "B2" when it has one) and its incidents in time order. An
 * incident is a button: onIncident(id, button) flies the map to it and opens its popup. An incident popup whose
 * incident has a siteId gets a "Site: open its page" button (p.popup-site-link > button.popup-open-site).
 *
 * It reads GET /api/sites/{id}, so viewers see what the server lets them (a sensitive site generalised, its
 * withheld fields absent). section#site-page has data-state "loading" | "ready" | "error" (tests wait on it).
 */
import {DomEvent} from 'leaflet';
import {el} from './dom.js';
import {countryName} from './countries.js';
import {sourceItem} from './relocation-arcs.js';
import {SITE_KIND_LABELS, SITE_STATE_LABELS} from './sites-layer.js';

export class SitePage {

	// after: the element the section is put after; options: {onIncident(id, button), onOpen() (e.g. open
	// the drawer on a phone), provinceName(code)}
	constructor(after, map, api, options) {
		this.map = map;
		this.api = api;
		this.options = options;
		this.returnTo = null;
		this.body = el('div', {className: 'site-page-body'});
		this.closeButton = el('button', {type: 'button', className: 'site-page-close', 'aria-label': 'Close the site page'}, '×');
		this.closeButton.addEventListener('click', () => this.close());
		this.section = el('section', {className: 'panel-section site-page', id: 'site-page', 'aria-label': 'Site',
			tabindex: '-1'}, this.closeButton, this.body);
		this.section.hidden = true;
		after.after(this.section);
	}

	async open(id, returnTo = null) {
		this.returnTo = returnTo;
		this.section.hidden = false;
		this.section.dataset.state = 'loading';
		this.body.replaceChildren(el('p', {}, 'Loading the site…'));
		if (this.options.onOpen) { this.options.onOpen(); }
		this.section.scrollIntoView({block: 'start'});
		try {
			const feature = await this.api.json('/api/sites/' + encodeURIComponent(id));
			this.body.replaceChildren(...this._render(feature).filter(Boolean));
			this.section.dataset.state = 'ready';
		} catch (error) {
			this.body.replaceChildren(el('p', {className: 'site-page-error'}, error.message));
			this.section.dataset.state = 'error';
		}
		this.section.focus({preventScroll: true});
	}

	close() {
		this.section.hidden = true;
		this.body.replaceChildren();
		if (this.returnTo && this.returnTo.isConnected) { this.returnTo.focus(); }
		this.returnTo = null;
	}

	_render(feature) {
		const p = feature.properties || {};
		const place = [p.province ? this.options.provinceName(p.province) : null, countryName(p.country)].filter(Boolean).join(', ');
		const aliases = Array.isArray(p.aliases) ? p.aliases : [];
		const operators = Array.isArray(p.operators) ? p.operators : [];
		const states = Array.isArray(p.states) ? p.states : [];
		const incidents = Array.isArray(p.incidents) ? p.incidents : [];
		return [
			el('h2', {className: 'site-page-title', id: 'site-page-title'}, p.name || 'Unnamed site'),
			el('p', {className: 'site-page-meta'}, [SITE_KIND_LABELS[p.kind] || 'Site', place,
				p.locationPrecision && p.locationPrecision !== 'exact' ? 'location ' + p.locationPrecision : null]
				.filter(Boolean).join(' · ')),
			aliases.length ? section('Also known as', el('ul', {className: 'site-aliases'}, aliases.map((a) =>
				el('li', {lang: a.language || null}, a.name, a.language ? el('span', {className: 'site-language', lang: 'en'}, ' (' + a.language + ')') : null)))) : null,
			operators.length ? section('Operators', el('ul', {className: 'site-operators'}, operators.map((o) => el('li', {}, o)))) : null,
			p.description ? el('p', {className: 'site-description'}, p.description) : null,
			section('Lifecycle', states.length ? el('ol', {className: 'site-states'}, states.map((s) => stateItem(s))) :
				el('p', {}, 'No states recorded.')),
			section('Incidents', incidents.length ? el('ol', {className: 'site-incidents'}, incidents.map((i) => this._incidentItem(i))) :
				el('p', {}, typeof p.incidentCount === 'number' && p.incidentCount > 0 ?
					'Linked incidents are not listed at your access level.' : 'No incidents linked.'))
		];
	}

	_incidentItem(incident) {
		const button = el('button', {type: 'button', className: 'site-incident', dataset: {incidentId: String(incident.id)}},
			el('span', {className: 'site-incident-date'}, incident.startDate || 'undated'), ' ', incident.title || 'Untitled incident');
		button.addEventListener('click', () => this.options.onIncident(incident.id, button));
		return el('li', {}, button);
	}

	// An incident popup (a layer whose feature has a category) whose incident belongs to a site links to its page.
	// The map's lean features may leave siteId out: then the whole incident is read once for that popup.
	// Adds "Site: open its page" to a whole incident's popup content (CategoryLayers.decoratePopups), before its
	// one layout and pan: the whole incident (fetched when the popup opens) carries siteId, the map's lean one not.
	decorate(node, feature) {
		const siteId = feature && feature.properties && feature.properties.siteId;
		if (siteId === null || siteId === undefined || node.querySelector('.popup-open-site')) { return; }
		const button = el('button', {type: 'button', className: 'popup-open-site'}, 'Site: open its page');
		button.addEventListener('click', (event) => {
			DomEvent.stop(event);
			this.map.closePopup();
			this.open(siteId);
		});
		node.append(el('p', {className: 'popup-site-link'}, button));
	}
}

function section(title, ...content) {
	return el('section', {className: 'site-page-part'}, el('h3', {className: 'site-page-heading'}, title), ...content);
}

// "2022-02-20 raided", its note, its sources
function stateItem(state) {
	const sources = Array.isArray(state.sources) ? state.sources : [];
	return el('li', {className: 'site-state', dataset: {state: state.state || ''}},
		el('span', {className: 'site-state-date'}, state.startDate || 'undated'), ' ',
		el('strong', {className: 'site-state-name'}, SITE_STATE_LABELS[state.state] || state.state || 'unknown'),
		state.note ? el('p', {className: 'site-state-note'}, state.note) : null,
		sources.length ? el('ul', {className: 'site-state-sources'}, sources.map((s) => el('li', {}, sourceItem(s || {})))) : null);
}
