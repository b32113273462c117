/*
 * PageState: document.body.dataset.state ("loading" | "ready" | "error"), which tests wait on,
 * and the short status line in the side panel.
 */
const TEXT = {
	loading: 'Loading incidents…',
	ready: '',
	error: 'Could not load incidents (see the message over the map).'
};

export class PageState {

	constructor(body, statusElement) {
		this.body = body;
		this.status = statusElement;
		this.readyText = '';
	}

	set(state) {
		this.body.dataset.state = state;
		if (this.status) {
			this.status.textContent = state === 'ready' ? this.readyText : TEXT[state] || '';
			this.status.dataset.state = state;
		}
	}

	// What the last fetch returned; `matched` (optional) is how many matched before the server's limit.
	setResult(returned, matched) {
		const text = matched > returned ?
			'Showing ' + returned + ' of ' + matched + ' matching incidents: narrow the time window or search to see all.' :
			returned + (returned === 1 ? ' incident' : ' incidents') + ' in this time window';
		this.readyText = text;
		if (this.body.dataset.state === 'ready' && this.status) {
			this.status.textContent = text;
		}
	}
}
