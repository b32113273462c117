/*
 * ProvinceView: the province features of the page wired together: the choropleth with its
 * legend, the "Shade provinces" switch (#province-toggle), the chart of provinces affected over
 * time and the play control. main.js calls update() whenever the filter changes; time steps
 * from the play control or the chart go back through onTimeStep({from, to}).
 */
import {PlayControl} from './play-control.js';
import {ProvinceApi} from './province-api.js';
import {ProvinceLayer} from './province-layer.js';
import {TimelineChart} from './timeline-chart.js';
import {firstDayOfMonth, lastDayOfMonth, monthOf} from './dates.js';

export class ProvinceView {

	// options: {map, api, categories, setState(part, state) for parts 'provinces' and 'timeline', onError(error),
	// onTimeStep({from, to}), isBusy(), onBoundaries(features), onOnly(code)}
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
		this.play = new PlayControl({button: byId('play'), range: byId('play-month'), label: byId('play-label')},
			{onStep: options.onTimeStep, isBusy: options.isBusy});
		const toggle = byId('province-toggle');
		toggle.addEventListener('change', () => {
			this.layer.setVisible(toggle.checked);
			options.onShade(toggle.checked);
		});
		this.toggle = toggle;
		this._timelineFor = undefined;
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

	// filter: a FilterState; allKeys: the known categories. The chart covers the play range (the span of
	// the data) with every part of the filter but its dates, which it marks as a band instead.
	update(filter, allKeys, immediate = false) {
		this.layer.update(filter, allKeys, immediate);
		this.chart.setWindow(filter.from, filter.to);
		this.play.setWindow(filter.from, filter.to);
		const params = filter.toParams(allKeys, {dates: false, categories: !filter.isEmpty()});
		if (this._extent) {
			params.set('from', this._extent[0]);
			params.set('to', this._extent[1]);
		}
		const key = params.toString();
		if (key !== this._timelineFor) {
			this._timelineFor = key;
			this.setTimelineState('loading');
			this.provinces.timeline(params).then((timeline) => {
				if (this._timelineFor !== key) { return; }
				this.chart.setData(timeline);
				this.setTimelineState('ready');
			}, (error) => {
				if (this._timelineFor !== key) { return; }
				this.onError(error);
				this.setTimelineState('error');
			});
		}
	}
}
