/*
 * PlayControl: watch the spread. Play steps the time window forward one calendar month at a
 * time (from its first to its last day), waiting for the map to finish loading before each step;
 * Pause stops; the range input scrubs to any month. Every step goes through onStep({from, to}),
 * the same path as the time filter, so the URL follows.
 *
 * Elements: button#play (aria-pressed while playing), input[type=range]#play-month (month
 * numbers as in dates.js), #play-label (the month shown).
 */
import {firstDayOfMonth, lastDayOfMonth, monthLabel, monthOf} from './dates.js';

export class PlayControl {

	// elements: {button, range, label}; options: {onStep({from, to}), isBusy() → boolean, interval (ms)}
	constructor(elements, options) {
		this.button = elements.button;
		this.range = elements.range;
		this.label = elements.label;
		this.onStep = options.onStep;
		this.isBusy = options.isBusy || (() => false);
		this.interval = options.interval || 1200;
		this._timer = null;
		this.button.addEventListener('click', () => (this.playing() ? this.pause() : this.play()));
		this.range.addEventListener('input', () => this._step(Number(this.range.value)));
		this._render();
	}

	// First and last month with data, as YYYY-MM-DD dates.
	setExtent(firstDate, lastDate) {
		this.range.min = String(monthOf(firstDate));
		this.range.max = String(monthOf(lastDate));
		this._render();
	}

	// Follows the time window however it was set: the range shows the month the window starts in.
	setWindow(from, to) {
		this.range.value = String(from ? monthOf(from) : Number(this.range.min));
		this._single = !!from && !!to && from === firstDayOfMonth(monthOf(from)) && to === lastDayOfMonth(monthOf(from));
		this._render();
	}

	playing() {
		return this._timer !== null;
	}

	play() {
		if (this.playing()) { return; }
		let month = Number(this.range.value);
		if (!this._single || month >= Number(this.range.max)) {
			// start with the month the window starts in, or from the beginning when it is at the end
			month = month >= Number(this.range.max) ? Number(this.range.min) : month;
			this._step(month);
		}
		this._timer = setInterval(() => this._tick(), this.interval);
		this._render();
	}

	pause() {
		clearInterval(this._timer);
		this._timer = null;
		this._render();
	}

	_tick() {
		if (this.isBusy()) { return; } // let the map catch up rather than skip months
		const next = Number(this.range.value) + 1;
		if (next > Number(this.range.max)) {
			this.pause();
			return;
		}
		this._step(next);
	}

	_step(month) {
		this.range.value = String(month);
		this._single = true;
		this._render();
		this.onStep({from: firstDayOfMonth(month), to: lastDayOfMonth(month)});
	}

	_render() {
		const playing = this.playing();
		this.button.textContent = playing ? '❚❚ Pause' : '▶ Play';
		this.button.setAttribute('aria-pressed', String(playing));
		this.button.setAttribute('aria-label', playing ? 'Pause' : 'Play month by month');
		this.label.textContent = this._single ? monthLabel(Number(this.range.value)) : 'Month by month';
	}
}
