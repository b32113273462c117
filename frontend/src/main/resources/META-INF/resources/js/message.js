/*
 * Message: the dismissable #message banner over the map.
 * Text is set with textContent, never parsed as HTML.
 */
export class Message {

	constructor(element) {
		this.element = element;
		this.text = element.querySelector('.message-text') || element;
		const close = element.querySelector('.message-close');
		if (close) {
			close.addEventListener('click', () => this.clear());
		}
	}

	// Shows an error; `error` is an ApiError, any Error, or a string.
	show(error, level = 'error') {
		this.text.textContent = typeof error === 'string' ? error : error.message;
		this.element.dataset.level = level;
		this.element.hidden = false;
	}

	clear() {
		this.element.hidden = true;
		this.text.textContent = '';
	}
}
