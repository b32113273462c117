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

	// What the last fetch returned and the map shows: `shown` of the `returned` features are in enabled
	// categories; `matched` (optional) is how many matched before the server's limit, or `moreThan` (optional)
	// when the server did not count them all and only says that more than `moreThan` matched.
	setResult(shown, returned, matched, moreThan) {
		const text = moreThan !== undefined && moreThan !== null ?
			'Showing ' + returned + ' of more than ' + moreThan +
				' matching incidents: narrow the time window or search to see all.' :
			matched > returned ?
				'Showing ' + returned + ' of ' + matched + ' matching incidents: narrow the time window or search to see all.' :
				shown + (shown === 1 ? ' incident matches' : ' incidents match') + ' the filter';
		this.readyText = text;
		if (this.body.dataset.state === 'ready' && this.status) {
			this.status.textContent = text;
		}
	}
}
