// What a handler of the stand-in answers: a status, JSON text (already serialised, so bytes made
// by Postgres reach the client untouched) and extra headers. Handlers throw ReplyError to answer
// early with an error body.

export interface Reply {
  status: number;
  json?: string;
  headers?: Record<string, string>;
}

export class ReplyError extends Error {
  readonly reply: Reply;
  constructor(reply: Reply) {
    super(`HTTP ${reply.status}`);
    this.reply = reply;
  }
}

export const jsonReply = (status: number, value: unknown, headers?: Record<string, string>): Reply =>
  ({ status, json: JSON.stringify(value), ...(headers ? { headers } : {}) });
