/**
 * The member-file parser's worker thread (issue 20 §2): parses and validates one member file
 * per message, off the extension host's thread, with the same parseMemberFile the host would
 * run. Bundled to dist/parseWorker.js; started by WorkerParser (parser.ts).
 *
 * In: {@link ParseRequest}. Out: {@link ParseReply}: the data, or the AccordFileError's fields
 * (its file, place, reason and fix), or any other failure's message. One reply at a time: the
 * next goes once the host acknowledges the last ({@link ReplyAck}), after a turn of its own.
 * Node hands a port's waiting messages over in one task, so replies sent as they were ready
 * came to the host back to back, and taking in fifty large teammates' files together held it
 * for most of a second.
 */
import { parentPort } from 'node:worker_threads';
import { AccordFileError } from './errors';
import { parseMemberFile } from './format';
import type { ParseReply, ParseRequest, ReplyAck } from './parser';

/** Replies ready to go, oldest first, and whether the host has yet to acknowledge the one sent. */
const ready: ParseReply[] = [];
let unacknowledged = false;

function sendNext(): void {
  const reply = unacknowledged ? undefined : ready.shift();
  if (!reply) return;
  unacknowledged = true;
  parentPort?.postMessage(reply);
}

parentPort?.on('message', (message: ParseRequest | ReplyAck) => {
  if ('ack' in message) {
    unacknowledged = false;
    sendNext();
    return;
  }
  const request = message;
  let reply: ParseReply;
  try {
    reply = { id: request.id, parsed: parseMemberFile(request.text, request.options) };
  } catch (error) {
    reply =
      error instanceof AccordFileError
        ? {
            id: request.id,
            fileError: { file: error.file, problem: error.problem, reason: error.reason, fix: error.fix, line: error.line, column: error.column },
          }
        : { id: request.id, failure: String((error as Error)?.message ?? error) };
  }
  ready.push(reply);
  sendNext();
});
