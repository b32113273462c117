/*
 * ProvinceView: the province features of the page wired together: the choropleth with its
 * legend, the "Shade provinces" switch (#province-toggle), the chart of provinces affected over
 * time, the play control and the list of provinces in the order they were first reached.
 * main.js calls update() whenever the filter changes; time steps from the play control or the
 * chart go back through onTimeStep({from, to}).
 *
 * While the window is a frame of the play control (one month, or from the first month up to
 * one), the choropleth's classes are fixed over the whole play range, so a colour means the
 * same counts in every frame: in "that month" mode the quantiles of every province's count in
 * every month (the timeline's counts); in "everything up to it" mode those of the last frame,
 * which holds the largest counts. The legend says so.
 */
import {PlayControl} from './play-control.js';
import {ProvinceApi} from './province-api.js';
import {ProvinceLayer} from './province-layer.js';
import {SpreadList} from './spread-list.js';
import {TimelineChart} from './timeline-chart.js';
import {fixedBreaks, quantileBreaks} from './choropleth-classes.js';
import {firstDayOfMonth, lastDayOfMonth, monthLabel, monthOf} from './dates.js';

export class ProvinceView {

	// options: {map, api, categories, setState(part, state) for parts 'provinces' and 'timeline', onError(error),
	// onTimeStep({from, to}), isBusy(), onBoundaries(features), onOnly(code), onShade(shade)}
	constructor(options) {
		const byId = (id) => document.getElementById(id);
		this.provinces = new ProvinceApi(options.api);
		this.onError = options.onError;
		this.layer = new ProvinceLayer(options.map, this.provinces, {
			categories: options.categories, setState: (state) => options.setState('provinces', state), onError: options.onError,
			onBoundaries: options.onBoundaries, onOnly: options.onOnly
		});
		const pickMonth = (start) => {
			const month = monthOf(start);
			options.onTimeStep({from: firstDayOfMonth(month), to: lastDayOfMonth(month)});
		};
		this.chart = new TimelineChart(byId('timeline-chart'), byId('timeline-caption'), pickMonth);
		this.play = new PlayControl({
			button: byId('play'), range: byId('play-month'), label: byId('play-label'), back: byId('play-back'),
			forward: byId('play-forward'), speed: byId('play-speed'), modes: [...document.querySelectorAll('input[name=play-mode]')]
		}, {onStep: options.onTimeStep, isBusy: options.isBusy});
		this.spread = new SpreadList(byId('spread-list'), byId('spread-caption'), (code) => this.openProvince(code));
		const toggle = byId('province-toggle');
		toggle.addEventListener('change', () => {
			this.layer.setVisible(toggle.checked);
			options.onShade(toggle.checked);
		});
		this.toggle = toggle;
		this._timelineFor = undefined;
		this._cumulative = {key: null, breaks: null};
		this.setTimelineState = (state) => options.setState('timeline', state);
	}

	setShade(shade) {
		this.toggle.checked = shade;
		this.layer.setVisible(shade);
	}

	// Opens a province's popup (from a list rather than a click on the map).
	openProvince(code) {
		this.layer.open(code);
	}

	// The span of the data (YYYY-MM-DD): the months the play control steps through.
	setExtent(firstDate, lastDate) {
		if (firstDate && lastDate) {
			this.play.setExtent(firstDate, lastDate);
			this._extent = [firstDayOfMonth(monthOf(firstDate)), lastDayOfMonth(monthOf(lastDate))];
		}
	}

	// filter: a FilterState; allKeys: the known categories. The chart and the first-reached list
	// cover the play range with every part of the filter but its dates, which the chart marks as a band.
	update(filter, allKeys, immediate = false) {
		this.play.setWindow(filter.from, filter.to);
		this._fixClasses();
		this.layer.update(filter, allKeys, immediate);
		this.chart.setWindow(filter.from, filter.to);
		this.spread.setMonth(this.play.frame());
		const params = filter.toParams(allKeys, {dates: false, categories: !filter.isEmpty()});
		if (this._extent) {
			params.set('from', this._extent[0]);
			params.set('to', this._extent[1]);
		}
		const key = params.toString();
		if (key === this._timelineFor) { return; }
		this._timelineFor = key;
		this._params = params;
		this.setTimelineState('loading');
		const timeline = this.provinces.timeline(params);
		const spread = filter.isEmpty() ? Promise.resolve([]) : this.provinces.spread(params);
		Promise.all([timeline, spread]).then(([t, s]) => {
			if (this._timelineFor !== key) { return; }
			this.chart.setData(t);
			this.spread.setEntries(s);
			this._fixClasses();
			this.setTimelineState('ready');
		}, (error) => {
			if (this._timelineFor !== key) { return; }
			this.onError(error);
			this.setTimelineState('error');
		});
	}

	// Fixed classes while the window is a play frame, else classes fitted to the window.
	_fixClasses() {
		const frame = this.play.frame();
		if (frame === null || !this._extent) {
			this.layer.setFixedClasses(null);
			return;
		}
		const range = monthLabel(this.play.min()) + ' – ' + monthLabel(this.play.max());
		if (this.play.mode === 'window') {
			const frames = this.chart.periods.map((p) => Object.values(p.counts || {}));
			this.layer.setFixedClasses({breaks: fixedBreaks(frames),
				caption: 'Classes fixed over every month of ' + range + ', so colours compare across frames.'});
			return;
		}
		const key = this._timelineFor;
		const caption = 'Classes fixed over ' + range + ' (everything up to each month), so colours compare across frames.';
		if (this._cumulative.key === key && this._cumulative.breaks) {
			this.layer.setFixedClasses({breaks: this._cumulative.breaks, caption});
			return;
		}
		this._cumulative = {key, breaks: null};
		this.provinces.collection(this._params, {geometry: false}).then((collection) => {
			if (this._cumulative.key !== key) { return; }
			this._cumulative.breaks = quantileBreaks(collection.features.map((f) => f.properties.count || 0));
			if (this.play.frame() !== null && this.play.mode === 'cumulative') {
				this.layer.setFixedClasses({breaks: this._cumulative.breaks, caption});
			}
		}, (error) => this.onError(error));
	}
}
