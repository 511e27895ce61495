/// The numbers of Tables 2 and 3 for one activation and condition (ABS-16): the final training
/// losses (L_T of ABS-14) of all models and of each class, and the class counts, by the paper's
/// rule and by the geometric variant (ABS-15).
public struct Experiment1Summary: Sendable, Equatable {
  /// Final losses of all models, in model order.
  public var losses: [Double]
  /// Final losses of the models of each class (paper's rule), in model order.
  public var lossesByClass: [NodeClass: [Double]]
  /// Class counts by the geometric variant.
  public var geometricCounts: [NodeClass: Int]

  public init(_ outcomes: [Experiment1.Outcome]) {
    losses = outcomes.map(\.finalLoss)
    lossesByClass = Dictionary(uniqueKeysWithValues: NodeClass.allCases.map { c in
      (c, outcomes.filter { $0.nodeClass == c }.map(\.finalLoss))
    })
    geometricCounts = Dictionary(uniqueKeysWithValues: NodeClass.allCases.map { c in
      (c, outcomes.filter { $0.geometricClass == c }.count)
    })
  }

  /// "Error": the mean final loss over all models.
  public var error: Double { Self.mean(losses) }
  /// The mean final loss of a class (NaN for an empty class; the author printed 0).
  public func error(_ c: NodeClass) -> Double { Self.mean(lossesByClass[c] ?? []) }
  /// The number of models in a class.
  public func count(_ c: NodeClass) -> Int { lossesByClass[c]?.count ?? 0 }

  static func mean(_ values: [Double]) -> Double {
    values.isEmpty ? .nan : values.reduce(0, +) / Double(values.count)
  }
}
