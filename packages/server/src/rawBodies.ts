import type { FastifyInstance } from "fastify";

/**
 * Inside this (encapsulated) scope Fastify parses no body: every content type is accepted and the request
 * stream is left unread for the handler, which streams it to storage with its own size limit.
 */
export function leaveBodiesUnread(scope: FastifyInstance): void {
  scope.removeAllContentTypeParsers();
  scope.addContentTypeParser("*", (_request, _payload, done) => done(null, undefined));
}
