import Foundation
import Networks
import Randomness
import Tensors

/// How Papernot's MNIST CNN starts (DKNN-9).
public enum PapernotInitialization: String, Sendable, CaseIterable {
  /// cleverhans' picklable `Conv2D` and `Linear` (`init_mode="norm"`, `init_scale` 1), which the
  /// DkNN script's `make_basic_picklable_cnn` uses: every weight drawn from N(0, 1), then each output
  /// unit's weights (a filter over kernel rows, columns and input channels; a row of a Linear
  /// weight) divided by sqrt(1e-7 + their sum of squares); every bias 0.
  case cleverhans
  /// PyTorch's default initialisation of Conv2d and Linear (NET-8, NET-9).
  case pytorchDefault

  /// Replaces the parameters of `network` by this scheme's draws from `generator`, in parameter
  /// order (weights element by element in row-major order). `pytorchDefault` leaves the network's
  /// own (PyTorch-default) parameters as they are.
  public func apply<G: RandomSource>(to network: inout Network, using generator: inout G) throws {
    guard self == .cleverhans else { return }
    var parameters = network.parameters
    for parameter in network.parameters.parameters {
      let shape = parameter.value.shape
      var value = Tensor.zeros(shape)
      if parameter.name.hasSuffix("weight"), let units = shape.first, units > 0 {
        let fan = value.count / units
        for i in 0..<value.count { value[flat: i] = try generator.normal() }
        for u in 0..<units {
          var squares = 0.0
          for i in 0..<fan { squares += value.scalars[u * fan + i] * value.scalars[u * fan + i] }
          let norm = Foundation.sqrt(1e-7 + squares)
          for i in 0..<fan { value[flat: u * fan + i] /= norm }
        }
      }
      try parameters.setValue(value, for: parameter.name)
    }
    network.parameters = parameters
  }
}
