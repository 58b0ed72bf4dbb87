// Revocation within a bound under load. Issuance share-locks the grant row (FOR SHARE), so that a
// revocation in flight waits for it and it for the revocation. Row locks do not queue fairly: with
// overlapping issuances holding FOR SHARE without a break, a revocation's UPDATE waited as long as
// the grantee kept downloading. An advisory lock per grant does queue fairly (a shared request
// waits behind an exclusive one already waiting): issuance takes it shared before its row lock, a
// revocation exclusive before its UPDATE, so the revocation waits only for the issuances already
// in flight and every later one sees the revoked grant.

/** First key of the two-key advisory lock; the second is hashtext(grant id) (a collision only serialises two grants). */
export const GRANT_LOCK_NAMESPACE = 7_412_002;

export const GRANT_SHARED_LOCK_SQL = "SELECT pg_advisory_xact_lock_shared($1::int, hashtext($2::text))";
export const GRANT_EXCLUSIVE_LOCK_SQL = "SELECT pg_advisory_xact_lock($1::int, hashtext($2::text))";
