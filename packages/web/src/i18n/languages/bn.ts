import { messagesFor, type Messages } from '../messages.ts';

/** Every Bengali message, in one chunk that only a reader who chooses the language downloads. */
const files = import.meta.glob<Messages>(['../locales/bn.json', '../features/*/bn.json'], {
  eager: true,
  import: 'default',
});

export const messages = messagesFor('bn', files);
