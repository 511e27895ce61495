/// The per-parameter update rules (SGD, Adam) live in the lower module UpdateRules so that
/// Neighbors' NCA and LMNN reach the same step (NET-120); Networks re-exports it, so
/// `import Networks` keeps giving ``AdamFirstMoment`` and ``AdamMoments``.
@_exported import UpdateRules
