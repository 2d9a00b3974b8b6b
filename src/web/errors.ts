/** An error the dashboard answers with its status and a message safe to show. */
export class HttpError extends Error {
  override name = 'HttpError';
  constructor(
    readonly statusCode: number,
    message: string,
  ) {
    super(message);
  }
}

export const forbidden = (): HttpError => new HttpError(403, 'You do not have access to this page.');
export const notFound = (what = 'This page'): HttpError => new HttpError(404, `${what} does not exist.`);
