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
	// onTimeStep({from, to}), isBusy()}
	constructor(options) {
		const byId = (id) => document.getElementById(id);
		this.provinces = new ProvinceApi(options.api);
		this.onError = options.onError;
		this.layer = new ProvinceLayer(options.map, this.provinces, {
			categories: options.categories, setState: (state) => options.setState('provinces', state), onError: options.onError
		});
		const pickMonth = (start) => {
			const month = monthOf(start);
			options.onTimeStep({from: firstDayOfMonth(month), to: lastDayOfMonth(month)});
		};
		this.chart = new TimelineChart(byId('timeline-chart'), byId('timeline-caption'), pickMonth);
		this.play = new PlayControl({button: byId('play'), range: byId('play-month'), label: byId('play-label')},
			{onStep: options.onTimeStep, isBusy: options.isBusy});
		const toggle = byId('province-toggle');
		toggle.addEventListener('change', () => this.layer.setVisible(toggle.checked));
		this._timelineFor = undefined;
		this.setTimelineState = (state) => options.setState('timeline', state);
	}

	// The span of the data (YYYY-MM-DD): the months the play control steps through.
	setExtent(firstDate, lastDate) {
		if (firstDate && lastDate) { this.play.setExtent(firstDate, lastDate); }
	}

	// filter: {from, to, q}; categories: enabled keys, or null for all.
	update(filter, categories, immediate = false) {
		this.layer.update(filter, categories, immediate);
		this.chart.setWindow(filter.from, filter.to);
		this.play.setWindow(filter.from, filter.to);
		const key = categories === null ? '*' : categories.join(',');
		if (key !== this._timelineFor) {
			this._timelineFor = key;
			this.setTimelineState('loading');
			this.provinces.timeline(categories).then((timeline) => {
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
