/*
 * CopyLink: button#copy-link copies the page's URL (filter, switches and map view: everything a
 * colleague needs to see the same map) to the clipboard and says so in #copy-status. Where the
 * clipboard is refused, the link is shown selected in a read-only field to copy by hand.
 */
import {el} from './dom.js';

export class CopyLink {

	constructor(button, status) {
		this.status = status;
		button.addEventListener('click', () => this.copy());
	}

	async copy() {
		const url = location.href;
		try {
			await navigator.clipboard.writeText(url);
			this.status.replaceChildren('Link copied.');
		} catch (e) {
			const field = el('input', {type: 'text', readonly: true, className: 'copy-link-url', 'aria-label': 'Link to this view'});
			field.value = url;
			this.status.replaceChildren('Copy this link: ', field);
			field.select();
		}
	}
}
