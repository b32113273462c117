/*
 * PlayControl: watch the spread. Play steps through the months of the data, one frame per
 * month, waiting for the map to finish loading before each step; Pause stops; ◀ and ▶ step one
 * month; the range input scrubs to any month; the speed select sets the time per month.
 * Two modes (radio inputs): "window" shows each month on its own (the window is that month),
 * "cumulative" shows everything from the first month up to the one played (the window grows).
 * Every step goes through onStep({from, to}), the same path as the time filter, so the URL follows.
 *
 * Elements: button#play (aria-pressed while playing), input[type=range]#play-month (month
 * numbers as in dates.js), #play-label, button#play-back, button#play-forward, select#play-speed
 * (milliseconds per month), input[name=play-mode] (window | cumulative).
 */
import {firstDayOfMonth, lastDayOfMonth, monthLabel, monthOf} from './dates.js';

export class PlayControl {

	// elements: {button, range, label, back, forward, speed, modes: [radio inputs]};
	// options: {onStep({from, to}), isBusy() → boolean, onMode(mode)}
	constructor(elements, options) {
		this.button = elements.button;
		this.range = elements.range;
		this.label = elements.label;
		this.speed = elements.speed;
		this.modes = elements.modes;
		this.onStep = options.onStep;
		this.onMode = options.onMode || (() => {});
		this.isBusy = options.isBusy || (() => false);
		this.mode = 'window';
		this._timer = null;
		this._frame = null;
		this.button.addEventListener('click', () => (this.playing() ? this.pause() : this.play()));
		this.range.addEventListener('input', () => this._step(Number(this.range.value)));
		elements.back.addEventListener('click', () => this._step(Math.max(this.min(), this._current() - 1)));
		elements.forward.addEventListener('click', () => this._step(Math.min(this.max(), this._current() + 1)));
		this.speed.addEventListener('change', () => {
			if (this.playing()) { this._restartTimer(); }
		});
		this.modes.forEach((radio) => radio.addEventListener('change', () => {
			if (!radio.checked) { return; }
			this.mode = radio.value;
			this.onMode(this.mode);
			this._step(this._current());
		}));
		this._render();
	}

	// First and last month with data, as YYYY-MM-DD dates.
	setExtent(firstDate, lastDate) {
		this.range.min = String(monthOf(firstDate));
		this.range.max = String(monthOf(lastDate));
		this._render();
	}

	min() {
		return Number(this.range.min);
	}

	max() {
		return Number(this.range.max);
	}

	// Follows the time window however it was set: a window that is a frame of a mode (one calendar
	// month; or from the first month to the end of a month) selects that frame, and that mode.
	setWindow(from, to) {
		this._frame = null;
		if (from && to && to === lastDayOfMonth(monthOf(to))) {
			const month = monthOf(to);
			const single = from === firstDayOfMonth(month);
			const cumulative = from === firstDayOfMonth(this.min());
			if (single && (this.mode === 'window' || !cumulative)) {
				this._frame = month;
				this._setMode('window');
			} else if (cumulative) {
				this._frame = month;
				this._setMode('cumulative');
			}
		}
		this.range.value = String(this._frame ?? (from ? monthOf(from) : this.min()));
		this._render();
	}

	// The month the window shows as a frame of the current mode, or null when it is no frame.
	frame() {
		return this._frame;
	}

	playing() {
		return this._timer !== null;
	}

	play() {
		if (this.playing()) { return; }
		if (this._frame === null || this._frame >= this.max()) {
			this._step(this._frame === null && Number(this.range.value) < this.max() ? Number(this.range.value) : this.min());
		}
		this._restartTimer();
		this._render();
	}

	pause() {
		clearInterval(this._timer);
		this._timer = null;
		this._render();
	}

	_restartTimer() {
		clearInterval(this._timer);
		this._timer = setInterval(() => this._tick(), Number(this.speed.value) || 600);
	}

	_current() {
		return this._frame ?? Number(this.range.value);
	}

	_setMode(mode) {
		this.mode = mode;
		this.modes.forEach((radio) => { radio.checked = radio.value === mode; });
	}

	_tick() {
		if (this.isBusy()) { return; } // let the map catch up rather than skip months
		const next = this._current() + 1;
		if (next > this.max()) {
			this.pause();
			return;
		}
		this._step(next);
	}

	_step(month) {
		this.range.value = String(month);
		this._frame = month;
		this._render();
		const from = this.mode === 'cumulative' ? firstDayOfMonth(this.min()) : firstDayOfMonth(month);
		this.onStep({from, to: lastDayOfMonth(month)});
	}

	_render() {
		const playing = this.playing();
		this.button.textContent = playing ? '❚❚ Pause' : '▶ Play';
		this.button.setAttribute('aria-pressed', String(playing));
		this.button.setAttribute('aria-label', playing ? 'Pause' : 'Play month by month');
		this.label.textContent = this._frame === null ? 'Month by month' :
			this.mode === 'cumulative' ? monthLabel(this.min()) + ' – ' + monthLabel(this._frame) : monthLabel(this._frame);
	}
}
