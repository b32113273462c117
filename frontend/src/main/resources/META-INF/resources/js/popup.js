/*
 * incidentPopup: the popup content for one incident Feature, built with DOM APIs only
 * (every incident field is untrusted text).
 *
 * Root element: div.incident-popup. Sources with an http(s) url are a.source-link
 * (new tab, rel="noopener noreferrer"); the others are span.source.
 */
import {el} from './dom.js';
import {formatPeriod} from './dates.js';
import {countryName} from './countries.js';

// Labels of enumerated fields (status, locationPrecision, …) from the server's JSON Schema of an incident
// (GET /api/schema, the one description of an incident); until it has arrived a popup shows the raw value.
let labels = {};

// Takes the labels of every enumerated property of `schema` (its oneOf [{const, title}]).
export function useSchemaLabels(schema) {
	const properties = schema && schema.properties && schema.properties.properties
		&& schema.properties.properties.properties;
	const taken = {};
	for (const [name, property] of Object.entries(properties || {})) {
		if (Array.isArray(property.oneOf)) {
			taken[name] = Object.fromEntries(property.oneOf.filter((o) => o.const !== null).map((o) => [o.const, o.title]));
		}
	}
	// the Admiralty grades of a source (reliability, credibility), for the rating line
	const source = properties && properties.sources && properties.sources.items && properties.sources.items.properties;
	for (const name of ['reliability', 'credibility']) {
		const property = source && source[name];
		if (property && Array.isArray(property.oneOf)) {
			taken[name] = Object.fromEntries(property.oneOf.filter((o) => o.const !== null)
				.map((o) => [String(o.const), o.title]));
		}
	}
	labels = taken;
}

function label(field, value) {
	return (labels[field] && labels[field][value]) || value;
}

// `category` is {key, label, colour, period}; period false (a one-off event such as a raid)
// means a missing end date is not shown as "ongoing".
export function incidentPopup(feature, category) {
	const p = feature.properties || {};
	const categoryLabel = category ? category.label : (p.category || 'Uncategorised');

	const swatch = el('span', {className: 'swatch', 'aria-hidden': 'true'});
	if (category) { swatch.style.backgroundColor = category.colour; }

	return el('div', {className: 'incident-popup'},
		el('h3', {className: 'incident-title'}, p.title || 'Untitled incident'),
		el('div', {className: 'incident-meta'},
			el('span', {className: 'incident-category'}, swatch, categoryLabel),
			p.status ? el('span', {className: 'incident-status status-' + safeToken(p.status)}, label('status', p.status)) : null),
		el('dl', {className: 'incident-facts'},
			fact('When', formatPeriod(p.startDate, p.endDate, p.datePrecision, !category || category.period !== false)),
			fact('Where', where(p)),
			victims(p),
			rating(p)),
		p.description ? el('p', {className: 'incident-description'}, p.description) : null,
		sources(p.sources),
		feature.id !== undefined && feature.id !== null ?
			el('p', {className: 'incident-id'}, 'Incident ' + feature.id + (p.updatedAt ? ' · updated ' + String(p.updatedAt).slice(0, 10) : '')) :
			null);
}

function fact(term, ...description) {
	return [el('dt', {}, term), el('dd', {}, ...description)];
}

function where(p) {
	const place = [p.locationName, countryName(p.country)].filter(Boolean).join(', ') || 'Unknown location';
	const precision = p.locationPrecision ? label('locationPrecision', p.locationPrecision) : null;
	return [place, precision ? el('span', {className: 'precision'}, ' (precision: ' + precision + ')') : null];
}

function victims(p) {
	const hasCount = p.victimsCount !== null && p.victimsCount !== undefined;
	const nationalities = Array.isArray(p.victimNationalities) ? p.victimNationalities.filter(Boolean) : [];
	if (!hasCount && nationalities.length === 0) { return null; }
	const names = nationalities.map(countryName).join(', ');
	if (!hasCount) { return fact('Victims', 'nationalities: ' + names); }
	return fact('Victims', String(p.victimsCount) + (names ? ' (' + names + ')' : ''));
}

// "B2 — Usually reliable · Probably true" (README "How sure we are"); no line when the incident has no
// sources (nothing to rate) or the answer predates ratings.
function rating(p) {
	if (typeof p.rating !== 'string' || !/^[A-F][1-6]$/.test(p.rating)) { return null; }
	const words = (field, grade) => String(label(field, grade)).replace(/^\S+\s+–\s+/, '');
	const confirmed = p.rating[1] <= '2';
	return fact('Rating', el('span', {className: 'incident-rating', dataset: {confirmed: String(confirmed)}}, p.rating),
		' — ' + words('reliability', p.rating[0]) + ' · ' + words('credibility', p.rating[1]) +
		(confirmed ? '' : ' (not confirmed)'));
}

function sources(list) {
	if (!Array.isArray(list) || list.length === 0) { return null; }
	return el('div', {className: 'incident-sources'},
		el('h4', {}, list.length === 1 ? 'Source' : 'Sources'),
		el('ul', {}, list.map((source) => el('li', {}, sourceItem(source || {})))));
}

// "Outlet, 2022-02-21 (en)"
function sourceItem(source) {
	const text = (source.outlet || 'Unnamed source') +
		(source.publishedDate ? ', ' + source.publishedDate : '') +
		(source.language ? ' (' + source.language + ')' : '') +
		(source.reliability || source.credibility ? ' · ' + (source.reliability || '–') + (source.credibility || '–') : '');
	if (isWebUrl(source.url)) {
		return el('a', {className: 'source-link', href: source.url, target: '_blank', rel: 'noopener noreferrer'}, text);
	}
	return el('span', {className: 'source'}, text);
}

function isWebUrl(url) {
	return typeof url === 'string' && /^https?:\/\//i.test(url.trim());
}

function safeToken(value) {
	return String(value).toLowerCase().replace(/[^a-z0-9_-]/g, '');
}
