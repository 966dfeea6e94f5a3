import { messagesFor, type Messages } from '../messages.ts';

/** Every Bengali message, in one chunk that only a reader who chooses the language downloads. */
const files = import.meta.glob<Messages>(
  [
    '../locales/bn.json',
    '../features/*/bn.json',
    // The e-mails' words: the server writes them; no screen shows them.
    '!../features/emails/*.json',
  ],
  {
    eager: true,
    import: 'default',
  },
);

export const messages = messagesFor('bn', files);
