/// An update rule: reads gradients keyed by parameter name and changes the store in place.
/// State (momentum buffers, moments, step counts) is kept per parameter name (NET-12).
public protocol Optimizer {
  /// One update of every parameter in the optimiser's groups. Throws (and changes nothing) when
  /// a gradient is missing, has the wrong shape or a non-finite entry, or a name is unknown.
  mutating func step(_ parameters: inout ParameterStore, gradients: ParameterGradients) throws(NetworkError)
}
