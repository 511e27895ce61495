import Autodiff
import Randomness
import Tensors

/// Layers applied one after another, PyTorch's `nn.Sequential` (NET-5).
///
/// Child i runs in the name scope "i", so its parameter "weight" is "i.weight" in the store:
/// exactly the `state_dict` keys torch gives the same `nn.Sequential` (nested containers nest
/// the prefixes: "1.0.weight"). Parameters come in child order (NET-1).
public struct Sequential: Layer {
  public let layers: [any Layer]

  public init(_ layers: [any Layer]) { self.layers = layers }
  public init(_ layers: any Layer...) { self.layers = layers }

  public var description: String { "Sequential(" + layers.map(\.description).joined(separator: ", ") + ")" }

  public var parameterSpecs: [ParameterSpec] {
    layers.enumerated().flatMap { i, layer in
      layer.parameterSpecs.map { ParameterSpec(name: "\(i).\($0.name)", shape: $0.shape) }
    }
  }

  /// Children's parameters in child order, each child drawing from the stream in turn (NET-9).
  public func initialParameters<G: RandomSource>(_ scheme: LinearInitialization, using generator: inout G) throws(NetworkError) -> [Parameter] {
    var result: [Parameter] = []
    for (i, layer) in layers.enumerated() {
      for p in try layer.initialParameters(scheme, using: &generator) {
        result.append(Parameter(name: "\(i).\(p.name)", value: p.value))
      }
    }
    return result
  }

  /// Children in order, each as torch constructs it, prefixed "i." like the other parameters (NET-102):
  /// torch evaluates the arguments of `nn.Sequential(...)` left to right, so the draws come in
  /// child order.
  public func torchInitialParameters(dtype: TorchDType, using generator: inout TorchGenerator) throws(NetworkError) -> [Parameter] {
    var result: [Parameter] = []
    for (i, layer) in layers.enumerated() {
      for p in try layer.torchInitialParameters(dtype: dtype, using: &generator) {
        result.append(Parameter(name: "\(i).\(p.name)", value: p.value))
      }
    }
    return result
  }

  public func callAsFunction(_ x: Variable, context: ForwardContext) throws -> Variable {
    var y = x
    for (i, layer) in layers.enumerated() {
      y = try context.scoped(String(i)) { try layer(y, context: context) }
    }
    return y
  }
}
