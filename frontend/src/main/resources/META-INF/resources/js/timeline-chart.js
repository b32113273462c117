/*
 * TimelineChart: how the incidents spread, as an inline SVG (svg.timeline-chart) in a container:
 * a step line of the provinces affected so far (a province is affected from the month its first
 * incident started) over bars of the provinces with an incident active in each month, and a band
 * (rect.timeline-window) for the current time window. Clicking a month calls onPick(month start).
 */
import {svgEl} from './sparkline.js';
import {formatDate} from './dates.js';

const WIDTH = 268;
const HEIGHT = 120;
const PAD = {left: 26, right: 6, top: 8, bottom: 18};

export class TimelineChart {

	// container: element to draw in; caption: element for the one-line summary; onPick(start)
	constructor(container, caption, onPick = () => {}) {
		this.container = container;
		this.caption = caption;
		this.onPick = onPick;
		this.periods = [];
		this.window = {from: '', to: ''};
	}

	// timeline: the answer of /api/provinces/timeline?interval=month
	setData(timeline) {
		this.periods = timeline.periods || [];
		this._draw();
	}

	setWindow(from, to) {
		this.window = {from: from || '', to: to || ''};
		this._drawWindow();
	}

	_draw() {
		const periods = this.periods;
		const svg = svgEl('svg', {class: 'timeline-chart', width: WIDTH, height: HEIGHT, viewBox: `0 0 ${WIDTH} ${HEIGHT}`,
			role: 'img'});
		this.container.replaceChildren(svg);
		this.svg = svg;
		if (!periods.some((p) => p.provincesAffected > 0)) {
			svg.setAttribute('aria-label', 'No incidents');
			this.caption.textContent = 'No incidents to chart.';
			return;
		}
		const max = Math.max(1, ...periods.map((p) => p.provincesAffected));
		const innerW = WIDTH - PAD.left - PAD.right;
		const innerH = HEIGHT - PAD.top - PAD.bottom;
		const slot = innerW / periods.length;
		this._x = (i) => PAD.left + i * slot;
		this._slot = slot;
		const y = (v) => PAD.top + innerH - (v / max) * innerH;

		this._band = svgEl('rect', {class: 'timeline-window', y: PAD.top, height: innerH, x: 0, width: 0});
		svg.append(this._band);
		const bars = svgEl('g', {class: 'timeline-active'});
		periods.forEach((p, i) => {
			if (p.provincesActive > 0) {
				bars.append(svgEl('rect', {x: this._x(i), width: Math.max(0.5, slot - 0.3), y: y(p.provincesActive),
					height: PAD.top + innerH - y(p.provincesActive)}));
			}
		});
		svg.append(bars);
		let d = '';
		periods.forEach((p, i) => {
			d += (i === 0 ? 'M' : 'L') + this._x(i).toFixed(1) + ',' + y(p.provincesAffected).toFixed(1) +
				'L' + (this._x(i) + slot).toFixed(1) + ',' + y(p.provincesAffected).toFixed(1);
		});
		svg.append(svgEl('path', {class: 'timeline-affected', d}));
		svg.append(svgEl('line', {class: 'timeline-axis', x1: PAD.left, x2: WIDTH - PAD.right,
			y1: PAD.top + innerH, y2: PAD.top + innerH}));
		svg.append(text(PAD.left - 4, y(max) + 4, String(max), 'end'));
		svg.append(text(PAD.left - 4, PAD.top + innerH, '0', 'end'));
		svg.append(text(PAD.left, HEIGHT - 4, formatDate(periods[0].start, 'month'), 'start'));
		svg.append(text(WIDTH - PAD.right, HEIGHT - 4, formatDate(periods[periods.length - 1].start, 'month'), 'end'));

		const last = periods[periods.length - 1];
		const label = last.provincesAffected + ' provinces affected by ' + formatDate(last.start, 'month') +
			', from ' + periods.find((p) => p.provincesAffected > 0).provincesAffected + ' in ' +
			formatDate(periods.find((p) => p.provincesAffected > 0).start, 'month');
		svg.setAttribute('aria-label', label);
		this.caption.textContent = 'Line: provinces affected so far (' + last.provincesAffected +
			'). Bars: provinces with an incident active that month. Click a month to show it.';
		svg.addEventListener('click', (event) => {
			const box = svg.getBoundingClientRect();
			const i = Math.floor((event.clientX - box.left - PAD.left) / slot);
			if (i >= 0 && i < periods.length) { this.onPick(periods[i].start); }
		});
		this._drawWindow();
	}

	_drawWindow() {
		if (!this._band || this.periods.length === 0) { return; }
		const {from, to} = this.window;
		const first = this.periods.findIndex((p) => !from || p.end >= from);
		let last = -1;
		this.periods.forEach((p, i) => { if (!to || p.start <= to) { last = i; } });
		const shown = (from || to) && first >= 0 && last >= first;
		this._band.setAttribute('x', shown ? this._x(first) : 0);
		this._band.setAttribute('width', shown ? (last - first + 1) * this._slot : 0);
	}
}

function text(x, y, content, anchor) {
	const element = svgEl('text', {x, y, 'text-anchor': anchor, class: 'timeline-label'});
	element.textContent = content;
	return element;
}
