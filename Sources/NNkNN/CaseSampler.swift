import Randomness

/// Case sampling (NNKNN-6): on every forward pass, training and evaluation, `count / classes` cases
/// per class (integer division), class by class in class order: without replacement when the
/// class has at least that many cases (RAND-18), with replacement otherwise (RAND-19). When `count`
/// is nil or at least the number of cases, every case is used, in index order, with no draw.
public struct CaseSampler: Sendable {
  public let count: Int?
  /// Case indices of each class, ascending.
  public let members: [[Int]]
  public let caseCount: Int

  public init(count: Int?, caseLabels: [Int], classes: Int) {
    self.count = count
    self.caseCount = caseLabels.count
    var members = [[Int]](repeating: [], count: classes)
    for (i, label) in caseLabels.enumerated() { members[label].append(i) }
    self.members = members
  }

  /// True when a pass uses every case.
  public var usesAllCases: Bool { count.map { $0 >= caseCount } ?? true }

  /// The case indices for one forward pass.
  public func draw<G: RandomSource>(using generator: inout G) throws(NNkNNError) -> [Int] {
    guard let count, count < caseCount else { return Array(0..<caseCount) }
    let perClass = count / members.count
    var chosen: [Int] = []
    chosen.reserveCapacity(perClass * members.count)
    for (label, group) in members.enumerated() {
      guard !group.isEmpty else { throw .emptyClass(label) }
      do {
        let picks = group.count >= perClass
          ? try generator.sampleWithoutReplacement(perClass, from: group.count)
          : try generator.sampleWithReplacement(perClass, from: group.count)
        chosen += picks.map { group[$0] }
      } catch {
        throw .randomness(error)
      }
    }
    return chosen
  }
}
