/**
 * The member-file parser's worker thread (issue 20 §2): parses and validates one member file
 * per message, off the extension host's thread, with the same parseMemberFile the host would
 * run. Bundled to dist/parseWorker.js; started by WorkerParser (parser.ts).
 *
 * In: {@link ParseRequest}. Out: {@link ParseReply}: the data, or the AccordFileError's fields
 * (its file, place, reason and fix), or any other failure's message.
 */
import { parentPort } from 'node:worker_threads';
import { AccordFileError } from './errors';
import { parseMemberFile } from './format';
import type { ParseReply, ParseRequest } from './parser';

parentPort?.on('message', (request: ParseRequest) => {
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
  parentPort?.postMessage(reply);
});
