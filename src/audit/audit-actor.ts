/** Where a request came from; recorded with every audit event. */
export interface RequestOrigin {
  ip: string | null;
  userAgent: string | null;
}

/**
 * Who acted, as the trail records it: the trail's own small type, so it depends on no
 * feature. A signed-in user's Actor (auth) fits it as it is.
 */
export interface AuditActor extends RequestOrigin {
  userId: string;
  clinicId: string;
  /** Set when another system acts with an API key: the trail records the key. */
  apiKey?: { id: string };
}
