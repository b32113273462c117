/*
 * Wiring only: reads the filter from the URL, loads config and categories, builds the map and
 * its controls, and connects them. Behaviour lives in the modules imported below.
 */
import {map as createMap} from 'leaflet';
import {AccountMenu} from './account-menu.js';
import {Api} from './api.js';
import {Basemap} from './basemap.js';
import {boundaryLayer} from './boundary-layer.js';
import {CategoryLayers} from './category-layers.js';
import {CopyLink} from './copy-link.js';
import {Drawer} from './drawer.js';
import {ExportControl} from './export-control.js';
import {FilterState, readable} from './filter-state.js';
import {ImportPanel} from './import-panel.js';
import {IncidentForm} from './incident-form.js';
import {IncidentLoader} from './incident-loader.js';
import {InViewCount} from './in-view-count.js';
import {IncidentFocus} from './incident-focus.js';
import {ResultsTable} from './results-table.js';
import {TableRows} from './table-rows.js';
import {extentOf, overlaps} from './geometry.js';
import {Legend} from './legend.js';
import {MapHash} from './map-hash.js';
import {keepShapesOutOfTabOrder} from './keyboard-order.js';
import {Message} from './message.js';
import {PageState} from './page-state.js';
import {PlaceFilter} from './place-filter.js';
import {useSchemaLabels} from './popup.js';
import {LoadStates} from './load-states.js';
import {ProvinceView} from './province-view.js';
import {RatingFilter} from './rating-filter.js';
import {SearchBox} from './search-box.js';
import {SitePage} from './site-page.js';
import {SitesLayer, addSiteToggles} from './sites-layer.js';
import {RelocationArcs} from './relocation-arcs.js';
import {TimeFilter} from './time-filter.js';
import {WriteApi} from './write-api.js';

const DEFAULT_VIEW = {center: [12.5, 104.9], zoom: 7}; // Cambodia, when the config names none
const DEFAULT_MAX_ZOOM = 19;
const byId = (id) => document.getElementById(id);

async function start() {
	mark('page-modules'); // every module of the page is loaded and evaluated
	const api = new Api('/api');
	const message = new Message(byId('message'));
	const pageState = new PageState(document.body, byId('status'));
	const states = new LoadStates((state) => pageState.set(state)); // incidents and provinces
	const filter = FilterState.fromSearch(location.search);
	pageState.set('loading');
	new AccountMenu(byId('account')).show();

	const starting = Promise.all([api.config(), api.categories()]);
	starting.catch(() => {}); // awaited below
	// The incidents' loader draws nothing until the page is wired (wire() at the end of start()), but with the view in
	// the URL the map and its first incident request start now, beside config and categories, not after them.
	let wire;
	const wired = new Promise((resolve) => { wire = resolve; });
	const hashView = MapHash.parse(location.hash);
	let map = null, loader = null;
	if (hashView) {
		map = createMap(byId('map'), {maxZoom: DEFAULT_MAX_ZOOM}).setView(hashView.center, hashView.zoom);
		loader = incidentLoader(map);
		loader.request(filter, true);
	}

	let config, categories;
	try {
		[config, categories] = await starting;
		mark('page-config');
	} catch (error) {
		message.show(error);
		pageState.set('error');
		return;
	}

	if (map) {
		map.setMaxZoom(config.maxZoom || DEFAULT_MAX_ZOOM);
	} else {
		const view = {center: config.center || DEFAULT_VIEW.center, zoom: config.zoom ?? DEFAULT_VIEW.zoom};
		map = createMap(byId('map'), {maxZoom: config.maxZoom || DEFAULT_MAX_ZOOM}).setView(view.center, view.zoom);
		loader = incidentLoader(map);
	}
	new MapHash(map);
	keepShapesOutOfTabOrder(map.getContainer());
	const drawer = new Drawer({open: byId('drawer-open'), close: byId('drawer-close')}, 'drawer', map);
	const listSheet = new Drawer({open: byId('list-open')}, 'list', map);
	drawer.others = [listSheet];
	listSheet.others = [drawer];
	new Basemap(map, config);
	if (config.boundariesUrl) {
		api.json(config.boundariesUrl).then((collection) => boundaryLayer(map, collection).addTo(map), () => {});
	}

	filter.restrictTo(categories.map((c) => c.key));
	const layers = new CategoryLayers(map, categories, (key) => filter.isEnabled(key),
		(id) => api.json('/api/incidents/' + encodeURIComponent(id)));
	const allKeys = () => layers.categories().map((c) => c.key);
	const inView = new InViewCount({count: (bounds) => layers.countInBounds(bounds)}).addTo(map);
	const focus = new IncidentFocus(map, {onShowRow: (id) => {
		if (Drawer.isNarrow()) { listSheet.open(); }
		return table.showRow(id);
	}});
	layers.decoratePopups((node, feature) => focus.decorate(node, feature));
	const table = new ResultsTable(byId('results'), {
		inView: filter.inView,
		isShown(feature, onlyInView) {
			const key = feature.properties && feature.properties.category;
			if (!filter.isEnabled(key)) { return false; }
			if (!onlyInView) { return true; }
			const b = map.getBounds();
			return overlaps(extentOf(feature.geometry), {west: b.getWest(), south: b.getSouth(), east: b.getEast(), north: b.getNorth()});
		},
		provinceName: (code) => places.nameOf(code),
		exportUrl: () => exportControl.url('csv'),
		onInView(checked) {
			setInView(checked);
		},
		onOpen(feature, button) {
			if (Drawer.isNarrow()) { listSheet.close(false); }
			focus.open(feature, button);
		}
	});
	table.setCategories(categories);
	map.on('moveend', () => { if (filter.inView) { table.refresh(); } });
	// while the map draws clusters the table fetches its own rows (the same filter; the view when asked)
	let clustered = false;
	const tableRows = new TableRows(api, {
		onRows: (features, matched, moreThan) => table.setFeatures(features, matched, moreThan),
		onError: (error) => message.show(error)
	});
	const requestTableRows = () => {
		if (clustered) { tableRows.request(filter.toParams([], {categories: false}), filter.inView ? map.getBounds() : null); }
	};
	const legend = new Legend({
		onToggle(key, enabled) {
			filter.setEnabled(key, enabled, allKeys());
			layers.setEnabled(key, enabled);
			remember();
			inView.update();
			showResult();
			table.refresh();
			provinces.update(filter, allKeys());
		}
	}).addTo(map);
	legend.setCategories(layers.categories(), (key) => filter.isEnabled(key));
	// sites and relocation arcs follow the time window and the place filter (see sites-layer.js)
	const sitePage = new SitePage(document.querySelector('#panel .share'), map, api, {
		provinceName: (code) => places.nameOf(code),
		onOpen() {
			if (Drawer.isNarrow()) { drawer.open(); }
		},
		onIncident(id, button) {
			api.json('/api/incidents/' + encodeURIComponent(id)).then((feature) => {
				if (Drawer.isNarrow()) { drawer.close(false); }
				focus.open(feature, button);
			}, (error) => message.show(error));
		}
	});
	layers.decoratePopups((node, feature) => sitePage.decorate(node, feature));
	const sites = new SitesLayer(map, api, {onOpen: (id, button) => sitePage.open(id, button),
		setState: (state) => states.set('sites', state), onError: (error) => message.show(error)});
	const arcs = new RelocationArcs(map, api, {setState: (state) => states.set('relocations', state),
		onError: (error) => message.show(error)});
	addSiteToggles(legend, {sites: (on) => sites.setEnabled(on), arcs: (on) => arcs.setEnabled(on)});
	const exportControl = new ExportControl({
		query: () => readable(filter.toParams(allKeys())),
		isEmpty: () => filter.isEmpty(),
		inView: filter.inView,
		onInView: (checked) => setInView(checked)
	}).addTo(map);
	// "Only the area in view": one switch for the export and the table, kept in the URL
	const setInView = (checked) => {
		filter.inView = checked;
		exportControl.setInView(checked);
		table.setInView(checked);
		table.refresh();
		requestTableRows();
		remember();
	};

	let lastResult = {returned: 0, matched: 0};
	const showResult = () => {
		const counts = layers.counts();
		const shown = allKeys().filter((key) => filter.isEnabled(key)).reduce((sum, key) => sum + (counts[key] || 0), 0);
		pageState.setResult(shown, lastResult.returned, lastResult.matched, lastResult.moreThan);
	};
	// Every change of the filter is a new history entry (Back restores the filter before), except
	// changes within a second of the last (typing, dragging, playing), which replace it.
	let lastWrite = 0;
	const remember = () => {
		const now = Date.now();
		filter.writeToUrl(allKeys(), now - lastWrite > 1000);
		lastWrite = now;
	};
	const refetch = () => {
		remember();
		loader.request(filter);
		provinces.update(filter, allKeys());
		sites.update(filter);
		arcs.update(filter);
	};
	// Back and Forward: the filter of that entry, everywhere on the page
	window.addEventListener('popstate', () => {
		const restored = FilterState.fromSearch(location.search);
		restored.restrictTo(allKeys());
		Object.assign(filter, restored);
		timeFilter.setValue(filter);
		search.setValue(filter.q);
		places.setValue(filter);
		ratings.setValue(filter);
		allKeys().forEach((key) => layers.setEnabled(key, filter.isEnabled(key)));
		legend.setCategories(layers.categories(), (key) => filter.isEnabled(key));
		legend.setCounts(layers.counts());
		provinces.setShade(filter.shade);
		exportControl.setInView(filter.inView);
		table.setInView(filter.inView);
		inView.update();
		loader.request(filter, true);
		provinces.update(filter, allKeys(), true);
		sites.update(filter);
		arcs.update(filter);
	});
	const timeFilter = new TimeFilter({
		from: byId('from'),
		to: byId('to'),
		slider: byId('month-slider'),
		sliderLabels: {min: document.querySelector('.month-slider-min'), max: document.querySelector('.month-slider-max')},
		quickRanges: byId('quick-ranges'),
		summary: byId('window-summary')
	}, ({from, to}) => {
		filter.from = from;
		filter.to = to;
		refetch();
	});
	timeFilter.setExtent(...TimeFilter.extentOf(categories));
	timeFilter.setValue(filter);

	const provinces = new ProvinceView({
		map, api, categories,
		setState: (part, state) => states.set(part, state),
		onError: (error) => message.show(error),
		isBusy: () => document.body.dataset.state === 'loading',
		onTimeStep({from, to}) {
			filter.from = from;
			filter.to = to;
			timeFilter.setValue(filter);
			refetch();
		},
		onBoundaries(features) {
			places.setBoundaries(features);
			table.refresh(); // province names instead of codes
		},
		onOnly(code) {
			filter.provinces = [code];
			places.setValue(filter);
			refetch();
		},
		onShade(shade) {
			filter.shade = shade;
			remember();
		}
	});
	provinces.setShade(filter.shade);
	provinces.setExtent(...TimeFilter.extentOf(categories));
	const places = new PlaceFilter({country: byId('country-filter'), province: byId('province-filter')},
		({countries, provinces: codes}) => {
			filter.countries = countries;
			filter.provinces = codes;
			refetch();
		});
	places.setValue(filter);
	const ratings = new RatingFilter(byId('rating-filter'), ({confirmed, minRating}) => {
		filter.confirmed = confirmed;
		filter.minRating = minRating;
		refetch();
	});
	ratings.setValue(filter);

	// the map's incidents (onLoad and onError wait for the page to be wired)
	function incidentLoader(onMap) {
		return new IncidentLoader(api, {
			map: onMap,
			delay: 250,
			ready: wired,
			setState: (state) => states.set('incidents', state),
			onLoad(result) {
				message.clear();
				const features = result.features;
				const counts = result.clusters ? layers.setClusters(result.clusters) : layers.setFeatures(features);
				if (!legend.hasCategories(allKeys())) {
					legend.setCategories(layers.categories(), (key) => filter.isEnabled(key));
				}
				legend.setCounts(counts);
				table.setCategories(layers.categories());
				clustered = !!result.clusters;
				if (clustered) {
					table.setLoading(result.clusters.count);
					requestTableRows();
				} else {
					tableRows.cancel();
					table.setFeatures(features);
				}
				inView.update();
				const returned = result.clusters ? result.clusters.count : features.length;
				lastResult = {returned, matched: result.numberMatched, moreThan: result.numberMatchedMoreThan};
				showResult();
			},
			onError(error) {
				message.show(error);
				timeFilter.markInvalid(error.problem && error.problem.parameter);
			}
		});
	}

	const search = new SearchBox(byId('q'), (q) => {
		filter.q = q;
		refetch();
	});
	search.setValue(filter.q);
	new CopyLink(byId('copy-link'), byId('copy-status'));

	const writeApi = new WriteApi('/api');
	writeApi.schema().then((schema) => {
		useSchemaLabels(schema);
		ratings.setSchema(schema);
	}, () => {}); // popups and the rating selects show raw grades without it
	const reload = () => loader.request(filter, true);
	const form = new IncidentForm(byId('editing'), map, writeApi, {onSaved: reload, onDeleted: reload,
		provinceName: (code) => places.nameOf(code),
		onOpen() {
			if (Drawer.isNarrow()) { drawer.open(); }
		}});
	layers.decoratePopups((node, feature) => form.decorate(node, feature));
	new ImportPanel(byId('import'), writeApi, {onImported: reload});

	filter.writeToUrl(allKeys());
	if (!hashView) { loader.request(filter, true); } // else asked at the start, for this filter
	wire();
	provinces.update(filter, allKeys(), true);
	sites.update(filter);
	arcs.update(filter);
}

// User Timing marks for bench/page-benchmark.sh: start-up steps before the first incident request
function mark(name) {
	if (window.performance && performance.mark) { performance.mark(name); }
}

start().catch((error) => {
	document.body.dataset.state = 'error'; // a bug, not a server answer: let the console show it
	throw error;
});
