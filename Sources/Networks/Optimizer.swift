/// An update rule: reads gradients keyed by parameter name and changes the store in place.
/// State (momentum buffers, moments, step counts) is kept per parameter name (NET-12). SGD, Adam and
/// AdamW follow trajectories torch itself wrote to within a measured ulp bound (NET-110).
public protocol Optimizer {
  /// One update of every parameter in the optimiser's groups. Throws (and changes nothing) when
  /// a gradient is missing, has the wrong shape or a non-finite entry, or a name is unknown.
  mutating func step(_ parameters: inout ParameterStore, gradients: ParameterGradients) throws(NetworkError)

  /// The learning rate in force for each parameter group, in group order (one entry when the
  /// optimiser has no groups): the configured rates until ``setLearningRates(_:)`` (NET-43).
  var learningRates: [Double] { get }

  /// Replaces the learning rate of every group (how schedules act, like torch's schedulers
  /// writing `group["lr"]`). Errors: a count other than the number of groups, a rate below 0.
  mutating func setLearningRates(_ rates: [Double]) throws(NetworkError)
}
