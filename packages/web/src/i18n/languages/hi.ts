import { messagesFor, type Messages } from '../messages.ts';

/** Every Hindi message, in one chunk that only a reader who chooses the language downloads. */
const files = import.meta.glob<Messages>(['../locales/hi.json', '../features/*/hi.json'], {
  eager: true,
  import: 'default',
});

export const messages = messagesFor('hi', files);
