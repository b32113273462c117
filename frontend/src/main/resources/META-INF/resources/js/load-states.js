/*
 * LoadStates: several loaders (incidents, provinces) behind the one page state the tests wait
 * on. The page is "error" when any part failed, "loading" while any part loads, else "ready".
 */
export class LoadStates {

	// onChange(state) receives the combined state whenever a part changes.
	constructor(onChange) {
		this.onChange = onChange;
		this.parts = new Map();
	}

	set(part, state) {
		this.parts.set(part, state);
		const states = [...this.parts.values()];
		this.onChange(states.includes('error') ? 'error' : states.includes('loading') ? 'loading' : 'ready');
	}
}
