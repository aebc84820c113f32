import type { RequestHandler } from 'express';

/** Answers paths that match no operation with the API's 404 shape. */
export const notFound: RequestHandler = (req, res) => {
  res.status(404).json({ detail: `Not Found: no operation matches ${req.method} ${req.path}` });
};
