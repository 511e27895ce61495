import Autodiff
import Randomness
import Tensors

/// A layer made of named children (NET-5, NET-32): PyTorch's module tree. Child `name`'s
/// parameter "weight" is "name.weight" in the store, its buffers likewise (NET-30), and its
/// output is the tap "name" (recorded by ``ForwardContext/apply(_:named:to:)``).
///
/// Conformers list their children; parameters, buffers and taps follow from the list in child
/// order, which is torch's registration order and so its `named_parameters()` /
/// `named_buffers()` order. A container whose forward pass records taps of its own (BasicBlock's
/// "add") overrides ``Layer/tapNames``.
public protocol LayerContainer: Layer {
  /// The children with their names, in registration order.
  var namedChildren: [(name: String, layer: any Layer)] { get }
}

extension LayerContainer {
  public var parameterSpecs: [ParameterSpec] {
    namedChildren.flatMap { child in child.layer.parameterSpecs.map { $0.prefixed(child.name) } }
  }

  /// Children's parameters in child order, each child drawing from the stream in turn (NET-9).
  public func initialParameters<G: RandomSource>(_ scheme: LinearInitialization, using generator: inout G) throws(NetworkError)
    -> [Parameter]
  {
    var result: [Parameter] = []
    for child in namedChildren {
      for p in try child.layer.initialParameters(scheme, using: &generator) {
        result.append(Parameter(name: "\(child.name).\(p.name)", value: p.value))
      }
    }
    return result
  }

  public var bufferSpecs: [ParameterSpec] {
    namedChildren.flatMap { child in child.layer.bufferSpecs.map { $0.prefixed(child.name) } }
  }

  public func initialBuffers() -> [Buffer] {
    namedChildren.flatMap { child in
      child.layer.initialBuffers().map { Buffer(name: "\(child.name).\($0.name)", value: $0.value) }
    }
  }

  public var tapNames: [String] { defaultTapNames }

  /// Each child's taps prefixed by its name, then the child's name.
  public var defaultTapNames: [String] {
    namedChildren.flatMap { child in child.layer.tapNames.map { "\(child.name).\($0)" } + [child.name] }
  }
}
