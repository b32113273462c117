/*
 * Unit tests of the map's pure modules (no Leaflet, no server data), run in the browser the map runs in.
 * Each case is input → expected. Results: one li per case in #results (data-ok), and
 * document.body.dataset.state = "done" with data-passed / data-failed counts, read by BrowserModulesTest.
 */
import {firstDayOfMonth, formatDate, formatPeriod, lastDayOfMonth, monthLabel, monthOf} from '/js/dates.js';
import {classColours, classLabels, classOf, fixedBreaks, quantileBreaks, CLASS_COLOURS} from '/js/choropleth-classes.js';
import {FilterState, readable} from '/js/filter-state.js';
import {MapHash} from '/js/map-hash.js';
import {extentOf, overlaps} from '/js/geometry.js';
import {IncidentLoader} from '/js/incident-loader.js';
import {PageState} from '/js/page-state.js';

const cases = [];
const test = (name, actual, expected) => cases.push({name, actual: JSON.stringify(actual), expected: JSON.stringify(expected)});

// dates
test('monthOf', monthOf('2022-02-21'), 2022 * 12 + 1);
test('firstDayOfMonth', firstDayOfMonth(2022 * 12 + 1), '2022-02-01');
test('lastDayOfMonth February', lastDayOfMonth(2022 * 12 + 1), '2022-02-28');
test('lastDayOfMonth leap February', lastDayOfMonth(2024 * 12 + 1), '2024-02-29');
test('lastDayOfMonth December', lastDayOfMonth(2024 * 12 + 11), '2024-12-31');
test('monthLabel', monthLabel(2019 * 12), 'Jan 2019');
test('formatDate day', formatDate('2022-02-21'), '21 Feb 2022');
test('formatDate month', formatDate('2022-02-01', 'month'), 'Feb 2022');
test('formatDate year', formatDate('2022-01-01', 'year'), '2022');
test('formatPeriod ongoing', formatPeriod('2021-03-01', null), 'since 1 Mar 2021 (ongoing)');
test('formatPeriod one-off without end', formatPeriod('2022-02-20', null, 'day', false), '20 Feb 2022');
test('formatPeriod years', formatPeriod('2019-01-01', '2023-12-31', 'year'), '2019–2023');
test('formatPeriod same month', formatPeriod('2022-02-01', '2022-02-28', 'month'), 'Feb 2022');

// the status line: a count, a cut answer with its count, and one the server did not count past its limit
const statusOf = (...result) => {
	const state = new PageState({dataset: {state: 'ready'}}, {dataset: {}, textContent: ''});
	state.setResult(...result);
	return state.status.textContent;
};
test('PageState: all drawn', statusOf(12, 12, 12), '12 incidents match the filter');
test('PageState: cut, counted', statusOf(3000, 3000, 41250),
	'Showing 3000 of 41250 matching incidents: narrow the time window or search to see all.');
test('PageState: cut, not counted (numberMatchedMoreThan)', statusOf(3000, 3000, undefined, 3000),
	'Showing 3000 of more than 3000 matching incidents: narrow the time window or search to see all.');

// choropleth classes
test('quantileBreaks none', quantileBreaks([0, 0, 0]), []);
test('quantileBreaks distinct', quantileBreaks([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]), [2, 4, 6, 8, 10]);
test('quantileBreaks few values', quantileBreaks([1, 1, 2]), [1, 2]);
test('classOf zero', classOf(0, [2, 4]), 0);
test('classOf first', classOf(2, [2, 4]), 1);
test('classOf above the last break', classOf(9, [2, 4]), 2);
test('classLabels', classLabels([1, 3, 7]), ['0', '1', '2–3', '4–7']);
test('classColours one class is the darkest', classColours(1), [CLASS_COLOURS[0], CLASS_COLOURS[5]]);
test('classColours five classes', classColours(5).length, 6);
test('fixedBreaks pools every frame', fixedBreaks([[1], [2, 9], [0, 3]]), quantileBreaks([1, 2, 9, 0, 3]));
test('fixedBreaks: the same count has the same class in every frame',
	[[1, 9], [1, 2]].map(() => classOf(1, fixedBreaks([[1, 9], [1, 2]]))), [1, 1]);

// filter state
const f = FilterState.fromSearch('?from=2022-02-01&to=2022-02-30x&q=%20Poipet%20&category=raid,compound&province=KH-12,bad%20code&country=KHM,th&shade=off&inview=1');
test('fromSearch dates (a malformed one dropped)', [f.from, f.to], ['2022-02-01', '']);
test('fromSearch q trimmed', f.q, 'Poipet');
test('fromSearch categories', [...f.categories].sort(), ['compound', 'raid']);
test('fromSearch provinces (malformed dropped)', f.provinces, ['KH-12']);
test('fromSearch countries (malformed dropped)', f.countries, ['KHM']);
test('fromSearch switches', [f.shade, f.inView], [false, true]);
test('toParams in the server order', readable(f.toParams(['compound', 'hospital_admission', 'raid'])),
	'from=2022-02-01&category=compound,raid&q=Poipet&province=KH-12&country=KHM');
test('toParams without categories or dates', readable(f.toParams([], {categories: false, dates: false})),
	'q=Poipet&province=KH-12&country=KHM');
test('toSearch adds the switches', f.toSearch(['compound', 'raid']),
	'from=2022-02-01&category=compound,raid&q=Poipet&province=KH-12&country=KHM&shade=off&inview=1');
test('default filter: empty query', new FilterState().toSearch([]), '');
const all = new FilterState();
all.setEnabled('raid', false, ['raid', 'rescue']);
test('setEnabled off', [...all.categories], ['rescue']);
all.setEnabled('raid', true, ['raid', 'rescue']);
test('setEnabled back to all', all.categories, null);
const none = new FilterState({categories: new Set()});
test('isEmpty', [none.isEmpty(), all.isEmpty()], [true, false]);
const unknown = new FilterState({categories: new Set(['nope'])});
unknown.restrictTo(['raid']);
test('restrictTo: only unknown keys means all', unknown.categories, null);
const original = FilterState.fromSearch('?province=KH-1');
const copy = original.copy();
copy.provinces.push('KH-2');
test('copy is independent', original.provinces, ['KH-1']);

// map hash
test('MapHash.parse', MapHash.parse('#9/10.7000/103.7000'), {zoom: 9, center: [10.7, 103.7]});
test('MapHash.parse refuses junk', [MapHash.parse('#9/100/0'), MapHash.parse('#a/b/c'), MapHash.parse('')], [null, null, null]);
test('MapHash.format', MapHash.format({getZoom: () => 9, getCenter: () => ({lat: 10.7, lng: 103.7})}), '#9/10.7000/103.7000');

// geometry
test('extentOf point', extentOf({type: 'Point', coordinates: [104.9, 11.55]}), {west: 104.9, south: 11.55, east: 104.9, north: 11.55});
test('extentOf polygon', extentOf({type: 'Polygon', coordinates: [[[103.5, 10.6], [103.51, 10.6], [103.51, 10.61], [103.5, 10.6]]]}),
	{west: 103.5, south: 10.6, east: 103.51, north: 10.61});
test('overlaps edge', overlaps({west: 0, south: 0, east: 1, north: 1}, {west: 1, south: 1, east: 2, north: 2}), true);
test('overlaps apart', overlaps({west: 0, south: 0, east: 1, north: 1}, {west: 1.1, south: 0, east: 2, north: 1}), false);

// incident loader (a fake map and API: requests answer when the case says so)
class Box {
	constructor(w, s, e, n) { Object.assign(this, {w, s, e, n}); }
	pad(r) { const dx = (this.e - this.w) * r, dy = (this.n - this.s) * r; return new Box(this.w - dx, this.s - dy, this.e + dx, this.n + dy); }
	contains(b) { return b.w >= this.w && b.s >= this.s && b.e <= this.e && b.n <= this.n; }
	getWest() { return this.w; } getSouth() { return this.s; } getEast() { return this.e; } getNorth() { return this.n; }
}
function fakeMap(zoom, box) {
	const handlers = [];
	return {zoom, box, on(event, fn) { handlers.push(fn); }, moveTo(z, b) { this.zoom = z; this.box = b; handlers.forEach((fn) => fn()); },
		getZoom() { return this.zoom; }, getBounds() { return this.box; }, getCenter() { return {lat: 0, lng: 0}; }};
}
function fakeApi() {
	const calls = [];
	return {calls, json(url, signal) {
		return new Promise((resolve, reject) => {
			const call = {url, signal, resolve, aborted: false};
			signal.addEventListener('abort', () => { call.aborted = true; reject(new DOMException('aborted', 'AbortError')); });
			calls.push(call);
		});
	}, answer(prefix, body) { this.calls.filter((c) => c.url.startsWith(prefix) && !c.answered).forEach((c) => { c.answered = true; c.resolve(body); }); }};
}
const settle = () => new Promise((resolve) => setTimeout(resolve, 20));
const clustersOf = (count, cells) => ({cellDegrees: 1, count, categories: {}, cells});
async function loaderCases() {
	const map = fakeMap(7, new Box(100, 10, 104, 14));
	const api = fakeApi();
	let ready;
	const loads = [];
	const loader = new IncidentLoader(api, {map, pointLimit: 10, moveDelay: 0, ready: new Promise((r) => { ready = r; }),
		setState() {}, onLoad(result) { loads.push(result); }, onError(e) { loads.push('error ' + e.message); }});
	loader.request(new FilterState(), true);
	api.answer('/api/incidents/clusters?', clustersOf(500, [{lon: 102.5, lat: 12.5, count: 500, categories: {}}]));
	await settle();
	test('IncidentLoader: the first request waits for the page (ready) before drawing', loads.length, 0);
	ready();
	await settle();
	test('IncidentLoader: clusters of more than pointLimit are drawn without the probe\'s answer',
		loads.map((r) => r.clusters && r.clusters.count), [500]);
	test('IncidentLoader: and the probe is abandoned',
		api.calls.filter((c) => c.url.startsWith('/api/incidents?')).map((c) => c.aborted), [true]);

	const before = api.calls.length;
	map.moveTo(8, new Box(101, 11, 103, 13));
	await settle();
	test('IncidentLoader: a zoom asks for the new zoom\'s clusters', api.calls.slice(before).map((c) => c.url.split('?')[0]),
		['/api/incidents/clusters']);
	api.answer('/api/incidents/clusters?', clustersOf(300, [{lon: 102.5, lat: 12.5, count: 300, categories: {}}]));
	await settle();
	const asked = api.calls.length;
	map.moveTo(7, new Box(100, 10, 104, 14));
	await settle();
	test('IncidentLoader: a zoom back to a kept zoom draws its answer again without a request',
		[api.calls.length - asked, loads.at(-1).clusters.count], [0, 500]);

	const small = fakeMap(7, new Box(100, 10, 104, 14));
	const smallApi = fakeApi();
	const smallLoads = [];
	const smallLoader = new IncidentLoader(smallApi, {map: small, pointLimit: 10, moveDelay: 0, setState() {},
		onLoad(result) { smallLoads.push(result); }, onError() {}});
	smallLoader.request(new FilterState(), true);
	// 40 in view, but only 6 in the cells near 100.5, 10.5
	smallApi.answer('/api/incidents/clusters?', clustersOf(40, [{lon: 100.5, lat: 10.5, count: 6, categories: {}},
		{lon: 103.5, lat: 13.5, count: 34, categories: {}}]));
	await settle();
	const first = smallApi.calls.length;
	small.moveTo(9, new Box(100.2, 10.2, 100.6, 10.6));
	await settle();
	test('IncidentLoader: zooming in where kept clusters count few asks for the points first',
		smallApi.calls.slice(first).map((c) => c.url.split('?')[0]), ['/api/incidents']);
	smallApi.answer('/api/incidents?', {type: 'FeatureCollection', features: [{type: 'Feature', id: 1}], numberMatched: 1});
	await settle();
	test('IncidentLoader: and draws them (no clusters request)',
		[smallLoads.at(-1).features.length, smallApi.calls.length - first], [1, 1]);
}
await loaderCases();

let failed = 0;
const list = document.getElementById('results');
for (const c of cases) {
	const ok = c.actual === c.expected;
	if (!ok) { failed++; }
	const item = document.createElement('li');
	item.dataset.ok = String(ok);
	item.textContent = (ok ? 'ok ' : 'FAILED ') + c.name + (ok ? '' : ': expected ' + c.expected + ', got ' + c.actual);
	list.append(item);
}
document.body.dataset.passed = String(cases.length - failed);
document.body.dataset.failed = String(failed);
document.body.dataset.state = 'done';
