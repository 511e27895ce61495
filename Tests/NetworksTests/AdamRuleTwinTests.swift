import Randomness
import Testing
import UpdateRules

/// The four-lane Adam step against its element-by-element reference twin (NET-120): the same bits
/// for every setting, every length (whole groups of four and short last groups) and several steps.
@Suite("Adam rule twins")
struct AdamRuleTwinTests {
  @Test("[NET-120] the vectorised Adam step gives the reference's bits: Adam and AdamW, weight decay, AMSGrad, both first-moment forms",
        arguments: [UInt64(1), 2, 3])
  func sameBits(seed: UInt64) {
    var r = Xoshiro256StarStar(seed: seed)
    func values(_ n: Int, scale: Double) -> [Double] { (0..<n).map { _ in scale * (2 * r.nextDouble() - 1) } }
    for count in [0, 1, 3, 4, 5, 8, 13] {
      for decoupled in [false, true] {
        for amsgrad in [false, true] {
          for first in [AdamFirstMoment.lerp, .multiplyAdd] {
            for (betas, wd) in [((0.9, 0.999), 0.0), ((0.9, 0.999), 1e-2), ((0.3, 0.5), 0.1)] {
              let rule = AdamRule(betas: betas, amsgrad: amsgrad, decoupled: decoupled, firstMoment: first)
              var fast = values(count, scale: 1), reference = fast
              var fastState = AdamMoments(count: count), referenceState = fastState
              for _ in 0..<3 {
                let g = values(count, scale: 10)
                fast.withUnsafeMutableBufferPointer {
                  rule.update($0, &fastState, gradient: g, learningRate: 1e-2, weightDecay: wd)
                }
                reference.withUnsafeMutableBufferPointer {
                  rule.updateReference($0, &referenceState, gradient: g, learningRate: 1e-2, weightDecay: wd)
                }
              }
              let same = fast.map(\.bitPattern) == reference.map(\.bitPattern)
                && fastState.firstMoment.map(\.bitPattern) == referenceState.firstMoment.map(\.bitPattern)
                && fastState.secondMoment.map(\.bitPattern) == referenceState.secondMoment.map(\.bitPattern)
                && fastState.maxSecondMoment.map(\.bitPattern) == referenceState.maxSecondMoment.map(\.bitPattern)
                && fastState.step == referenceState.step
              #expect(same, "seed \(seed) count \(count) decoupled \(decoupled) amsgrad \(amsgrad) \(first) betas \(betas) wd \(wd)")
            }
          }
        }
      }
    }
  }
}
