import Autodiff
import Randomness
import Tensors

/// Layers applied one after another, PyTorch's `nn.Sequential` (NET-5).
///
/// Child i runs in the name scope "i", so its parameter "weight" is "i.weight" in the store:
/// exactly the `state_dict` keys torch gives the same `nn.Sequential` (nested containers nest
/// the prefixes: "1.0.weight"). Parameters come in child order (NET-1). ``init(named:)`` gives
/// the children names instead, as `nn.Sequential(OrderedDict(...))` does ("conv1.weight").
/// Each child's output is the tap of its name (NET-32).
public struct Sequential: LayerContainer {
  public let layers: [any Layer]
  /// The children's names: "0", "1", ... unless given.
  public let names: [String]

  public init(_ layers: [any Layer]) {
    self.layers = layers
    self.names = layers.indices.map(String.init)
  }

  public init(_ layers: any Layer...) { self.init(layers) }

  /// Named children, in order. Errors: a repeated name, an empty name or one containing ".".
  public init(named children: [(String, any Layer)]) throws(NetworkError) {
    var seen = Set<String>()
    for (name, _) in children {
      guard !name.isEmpty, !name.contains("."), seen.insert(name).inserted else {
        throw .invalidLayer(layer: "Sequential", reason: "child name '\(name)' is empty, contains '.', or repeats")
      }
    }
    self.layers = children.map(\.1)
    self.names = children.map(\.0)
  }

  public var namedChildren: [(name: String, layer: any Layer)] { Array(zip(names, layers)) }

  public var description: String {
    let numbered = names == layers.indices.map(String.init)
    return "Sequential(" + zip(names, layers).map { numbered ? $1.description : "\($0): \($1)" }.joined(separator: ", ") + ")"
  }

  /// Children in order, each as torch constructs it, prefixed by its name like the other parameters (NET-102):
  /// torch evaluates the arguments of `nn.Sequential(...)` left to right, so the draws come in
  /// child order.
  public func torchInitialParameters(
    dtype: TorchDType,
    using generator: inout TorchGenerator
  ) throws(NetworkError) -> [Parameter] {
    var result: [Parameter] = []
    for (name, layer) in zip(names, layers) {
      for p in try layer.torchInitialParameters(dtype: dtype, using: &generator) {
        result.append(Parameter(name: "\(name).\(p.name)", value: p.value))
      }
    }
    return result
  }

  public func callAsFunction(_ x: Variable, context: ForwardContext) throws -> Variable {
    var y = x
    for (name, layer) in zip(names, layers) { y = try context.apply(layer, named: name, to: y) }
    return y
  }
}

extension Sequential {
  /// The children up to and including `child` (NET-122): a classifier's feature extractor, e.g.
  /// ConvNet through "relu3". The children keep their names, so the prefix's parameters are the
  /// classifier's of the same names (``Network/restricted(to:)`` takes them from a trained one).
  /// Errors: no child of that name.
  public func prefix(through child: String) throws(NetworkError) -> Sequential {
    guard let last = names.firstIndex(of: child) else {
      throw .invalidLayer(layer: "Sequential", reason: "no child named '\(child)' (children: \(names.joined(separator: ", ")))")
    }
    return try Sequential(named: Array(zip(names, layers).prefix(last + 1)))
  }
}
