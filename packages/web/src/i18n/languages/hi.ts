import { messagesFor, type Messages } from '../messages.ts';

/** Every Hindi message, in one chunk that only a reader who chooses the language downloads. */
const files = import.meta.glob<Messages>(
  [
    '../locales/hi.json',
    '../features/*/hi.json',
    // The e-mails' words: the server writes them; no screen shows them.
    '!../features/emails/*.json',
  ],
  {
    eager: true,
    import: 'default',
  },
);

export const messages = messagesFor('hi', files);
