/*
 * ProvinceLayer: the choropleth. Every province is shaded by the number of incidents active in
 * the current time window (quantile classes, zero apart; see choropleth-classes.js), in a pane
 * under the incidents so their markers stay clickable. Shapes are fetched once; later windows
 * fetch counts only. Clicking a province opens its numbers and monthly sparkline.
 *
 * Each SVG path has the class `province` and data-code, data-count and data-class attributes.
 * update() is debounced like the incident loader and the latest request wins; setState(state)
 * reports "loading" at once, then "ready" or "error".
 */
import {geoJSON} from 'leaflet';
import {classColours, classOf, classOpacity, quantileBreaks} from './choropleth-classes.js';
import {ProvinceLegend} from './province-legend.js';
import {provincePopup} from './province-popup.js';

const PANE = 'provinces';
const BUILD_CHUNK = 20;

// after the browser has painted a frame (at once in a hidden page, where frames wait until it is shown)
function nextFrame() {
	return new Promise((resolve) => {
		if (document.hidden) { setTimeout(resolve, 0); } else { requestAnimationFrame(() => setTimeout(resolve, 0)); }
	});
}

export class ProvinceLayer {

	// options: {categories: [{key, label}], setState(state), onError(error), delay,
	// onBoundaries(features) once the shapes are in, onOnly(code) for "show only this province"}
	constructor(map, provinceApi, options) {
		this.map = map;
		this.provinces = provinceApi;
		this.setState = options.setState;
		this.onError = options.onError;
		this.delay = options.delay === undefined ? 250 : options.delay;
		this.labels = new Map(options.categories.map((c) => [c.key, c.label]));
		this.onBoundaries = options.onBoundaries || (() => {});
		this.onOnly = options.onOnly || (() => {});
		this.legend = new ProvinceLegend();
		this.visible = true;
		this._layer = null;
		this._byCode = new Map();
		this._sequence = 0;
		this._timer = null;
		this._controller = null;
		this._window = {from: '', to: ''};
		this._categories = null;
		if (!map.getPane(PANE)) {
			map.createPane(PANE).style.zIndex = '360'; // above tiles and outlines, below incident areas (395)
		}
	}

	// filter: a FilterState; allKeys: the known categories. immediate skips the debounce.
	update(filter, allKeys, immediate = false) {
		const snapshot = filter.copy();
		const sequence = ++this._sequence;
		this.setState('loading');
		clearTimeout(this._timer);
		if (this._controller) { this._controller.abort(); }
		const run = () => this._fetch(snapshot, allKeys, sequence);
		if (immediate || !this._layer) { run(); } else { this._timer = setTimeout(run, this.delay); }
	}

	setVisible(visible) {
		this.visible = visible;
		if (!this._layer) { return; }
		if (visible) {
			this._layer.addTo(this.map);
			this.legend.addTo(this.map);
			this._restyle();
		} else {
			this._layer.remove();
			this.legend.remove();
		}
	}

	async _fetch(filter, allKeys, sequence) {
		const controller = new AbortController();
		this._controller = controller;
		const none = filter.isEmpty(); // every category unticked
		let collection;
		try {
			collection = await this.provinces.collection(filter.toParams(allKeys, {categories: !none}),
				{geometry: !this._layer}, controller.signal);
		} catch (error) {
			if (error.name === 'AbortError' || sequence !== this._sequence) { return; }
			this.onError(error);
			this.setState('error');
			return;
		}
		if (sequence !== this._sequence) { return; }
		this._controller = null;
		this._window = {from: filter.from, to: filter.to};
		this._seriesParams = filter.toParams(allKeys, {dates: false});
		if (!this._layer) {
			this._building = this._build(collection);
			await this._building;
			this.onBoundaries(collection.features);
		} else if (this._building) {
			await this._building; // counts of a newer window wait for the shapes still being added
		}
		if (sequence !== this._sequence) { return; }
		const returned = new Set(collection.features.map((feature) => feature.id));
		this._byCode.forEach((entry, code) => { // a province or country filter returns only its boundaries
			if (!returned.has(code)) { entry.props = {...entry.props, count: 0, categories: {}, withheld: []}; }
		});
		for (const feature of collection.features) {
			const entry = this._byCode.get(feature.id);
			if (entry) {
				entry.props = none ? {...feature.properties, count: 0, categories: {}} : feature.properties;
			}
		}
		this._unmatched = none ? 0 : collection.unmatched || 0;
		this._restyle();
		this.setState('ready');
	}

	// Adds the shapes BUILD_CHUNK provinces per frame: all at once (hundreds of SVG paths, ~0.5 MB of coordinates)
	// was one task of 0.2-0.4 s at start-up (issue 11 (e): no long task > 200 ms).
	async _build(collection) {
		this._layer = geoJSON(null, {
			pane: PANE,
			style: {className: 'province', color: '#7d8b96', weight: 0.7, opacity: 0.8, fillOpacity: 0.6},
			filter: (feature) => !!feature.geometry,
			onEachFeature: (feature, layer) => {
				this._byCode.set(feature.id, {layer, props: feature.properties});
				layer.on('click', (event) => this._open(feature.id, event.latlng));
			}
		});
		if (this.visible) {
			this._layer.addTo(this.map);
			this.legend.addTo(this.map);
		}
		const features = collection.features || [];
		for (let i = 0; i < features.length; i += BUILD_CHUNK) {
			if (i > 0) { await nextFrame(); }
			this._layer.addData({type: 'FeatureCollection', features: features.slice(i, i + BUILD_CHUNK)});
		}
		this._building = null;
	}

	_restyle() {
		if (!this._layer || !this.visible) { return; }
		const counts = [...this._byCode.values()].map((entry) => entry.props.count || 0);
		const breaks = this._fixed ? this._fixed.breaks : quantileBreaks(counts);
		const colours = classColours(breaks.length);
		this._byCode.forEach(({layer, props}, code) => {
			const cls = classOf(props.count || 0, breaks);
			layer.setStyle({fillColor: colours[cls], fillOpacity: classOpacity(cls)});
			const path = layer.getElement();
			if (path) {
				path.dataset.code = code;
				path.dataset.count = String(props.count || 0);
				path.dataset.class = String(cls);
			}
		});
		this.legend.update(breaks, colours, this._unmatched || 0, this._fixed ? this._fixed.caption : '');
	}

	// fixed: {breaks, caption} to keep the classes across the frames of a playback, or null to fit
	// them to each window's counts.
	setFixedClasses(fixed) {
		this._fixed = fixed;
		this._restyle();
	}

	// Opens the popup of province `code` (at `latlng`, or its centre): from a click, or from a list.
	open(code, latlng) {
		this._open(code, latlng);
	}

	_open(code, latlng) {
		const entry = this._byCode.get(code);
		if (!entry || document.body.dataset.editing === 'open') { return; } // a click while editing places the pin
		latlng = latlng || entry.layer.getBounds().getCenter();
		const loadSeries = () => this.provinces.timeline(this._seriesParams, {province: code}).then((timeline) =>
			timeline.periods.map((p) => ({start: p.start, end: p.end, value: (p.counts || {})[code] || 0})));
		const only = () => {
			this.map.closePopup();
			this.onOnly(code);
		};
		this.map.openPopup(provincePopup(entry.props, this.labels, this._window, loadSeries, only), latlng,
			{maxWidth: 280, className: 'province-popup-container'});
	}
}
