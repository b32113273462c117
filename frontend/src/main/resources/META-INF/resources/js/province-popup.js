/*
 * provincePopup: what clicking a province shows (.province-popup): its name and code, the number
 * of incidents in the current window with their first and last dates and categories, and a
 * monthly sparkline over all dates that `loadSeries()` fills in when it answers. Built with DOM
 * APIs only: names come from uploaded boundary files and are untrusted.
 */
import {el} from './dom.js';
import {formatDate} from './dates.js';
import {sparkline} from './sparkline.js';
import {countryName} from './countries.js';

// props: a feature's properties from /api/provinces; labels: category key → label;
// window: {from, to}; loadSeries(): Promise of [{start, end, value}]; onOnly(): "show only this province"
export function provincePopup(props, labels, window, loadSeries, onOnly) {
	const count = props.count || 0;
	const dates = count === 0 ? null : el('p', {className: 'province-dates'},
		'First ' + formatDate(props.firstDate) + ', last ' + formatDate(props.lastDate) +
		(props.ongoing ? ' (some still running)' : ''));
	const categories = Object.entries(props.categories || {});
	const list = categories.length === 0 ? null : el('ul', {className: 'province-categories'},
		categories.map(([key, n]) => el('li', {dataset: {category: key}}, (labels.get(key) || key) + ': ' + n)));
	const withheld = Array.isArray(props.withheld) && props.withheld.length > 0 ?
		el('p', {className: 'province-withheld'}, 'Not counted here, withheld because they are too few to publish: ' +
			props.withheld.map((key) => labels.get(key) || key).join(', ') + '.') : null;
	const series = el('div', {className: 'province-series'}, 'Loading monthly counts…');
	const only = el('button', {type: 'button', className: 'province-only'}, 'Show only this province');
	only.addEventListener('click', () => onOnly());
	const root = el('div', {className: 'province-popup', dataset: {code: props.code}},
		el('h3', {className: 'province-name'}, props.name,
			props.nameLocal ? el('span', {className: 'province-name-local', lang: ''}, ' ' + props.nameLocal) : null),
		el('p', {className: 'province-code'}, [props.code, countryName(props.country)].filter(Boolean).join(' · ')),
		el('p', {className: 'province-count'}, count + (count === 1 ? ' incident' : ' incidents') + ' matching the filter'),
		dates, list, withheld, series, onOnly ? only : null);
	loadSeries().then((points) => {
		const total = points.reduce((sum, p) => sum + p.value, 0);
		const max = Math.max(0, ...points.map((p) => p.value));
		series.replaceChildren(
			el('span', {className: 'province-series-label'}, 'Incidents active per month, all dates (most: ' + max + ')'),
			sparkline(points, {window, label: total === 0 ? 'No incidents' :
				'Monthly counts from ' + formatDate(points[0].start, 'month') + ' to ' +
				formatDate(points[points.length - 1].start, 'month') + ', at most ' + max + ' in a month'}),
			points.length === 0 ? null : el('div', {className: 'sparkline-axis', 'aria-hidden': 'true'},
				el('span', {}, formatDate(points[0].start, 'month')),
				el('span', {}, formatDate(points[points.length - 1].start, 'month'))));
	}, (error) => {
		if (error.name !== 'AbortError') { series.textContent = 'Monthly counts unavailable: ' + error.message; }
	});
	return root;
}
